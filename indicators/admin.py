from django.contrib import admin

from cities.admin import ContentReadOnlyAdmin, ReadOnlyAdmin
from cities.history import record_change, save_edited, snapshot
from cities.models import ChangeAction
from cities.permissions import can_manage_shared_indicators, is_programme_staff
from core.cache import bump_generation
from indicators.models import (
    EmissionRow,
    ImportJob,
    Indicator,
    Observation,
    SourceRelease,
    Target,
)


@admin.register(SourceRelease)
class SourceReleaseAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "publisher", "released_on", "covers_to", "imported_at"]
    list_filter = ["source"]
    search_fields = ["name"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Programme staff manage the shared indicator definitions here (each change in the
    history); a city's own indicators are its administrators' to change, in the workspace."""

    list_display = ["key", "name", "unit", "direction", "scope", "source", "city"]
    list_filter = ["direction", "scope", "city"]
    search_fields = ["key", "name", "kolada_id"]
    exclude = ["version", "updated_by", "deleted_at", "city"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def has_module_permission(self, request):
        return is_programme_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_programme_staff(request.user)

    def has_add_permission(self, request):
        return can_manage_shared_indicators(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_shared_indicators(request.user) and (obj is None or obj.city_id is None)

    def has_delete_permission(self, request, obj=None):
        return False  # values and targets point at indicators; nothing is ever lost

    def save_model(self, request, obj, form, change):
        before = snapshot(Indicator.objects.get(pk=obj.pk)) if change else None
        save_edited(obj, by=request.user)
        action = ChangeAction.UPDATE if change else ChangeAction.CREATE
        record_change(obj, action=action, by=request.user, before=before)
        bump_generation()


@admin.register(Observation)
class ObservationAdmin(ContentReadOnlyAdmin):
    list_display = ["indicator", "city", "year", "value", "status", "release", "is_published"]
    list_filter = ["status", "is_published", "indicator", "release__source"]
    search_fields = ["city__name", "indicator__name", "indicator__key"]
    list_select_related = ["indicator", "city", "release"]


@admin.register(EmissionRow)
class EmissionRowAdmin(ReadOnlyAdmin):
    """The emission inventory changes only by an import (a release, or a revision of one:
    an import job records who and when, and the totals the comparison reads are
    recomputed with it); a row changed here would be recorded nowhere and disagree with
    those totals."""

    list_display = ["city", "year", "substance", "sector", "subsector", "tonnes", "release"]
    list_filter = ["substance", "release", "year", "sector"]
    search_fields = ["city__name", "city__code"]
    list_select_related = ["city", "release"]
    show_full_result_count = False


@admin.register(Target)
class TargetAdmin(ContentReadOnlyAdmin):
    list_display = [
        "goal",
        "indicator",
        "kind",
        "base_year",
        "target_year",
        "target_value",
        "is_published",
    ]
    list_filter = ["kind", "is_published", "pathway"]
    search_fields = ["goal__title", "goal__city__name", "indicator__name"]
    list_select_related = ["goal", "indicator"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Import jobs are written by the import path only; the admin shows them."""

    list_display = ["original_name", "city", "status", "origin", "created_by", "created_at"]
    list_filter = ["status", "origin"]
    search_fields = ["original_name", "city__name"]
    list_select_related = ["city", "created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
