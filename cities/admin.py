from django.contrib import admin

from cities.history import record_change, snapshot
from cities.models import ChangeAction, ChangeRecord, City, County, Goal, Membership


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin shows but never adds, changes or deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContentReadOnlyAdmin(ReadOnlyAdmin):
    """Goals, targets and values change only in the workspace ("Min kommun"), where every
    change is a draft until published and is recorded in the history; here they can be
    read, never changed."""


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county", "is_contract_city"]
    list_filter = ["is_contract_city", "county"]
    list_editable = ["is_contract_city"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Staff give a city its first administrator here; every change is in the history."""

    list_display = ["user", "city", "role", "created_at"]
    list_filter = ["role", "city__is_contract_city"]
    search_fields = ["user__username", "user__email", "city__name"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        before = snapshot(Membership.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = ChangeAction.UPDATE if change else ChangeAction.CREATE
        record_change(obj, action=action, by=request.user, before=before)

    def delete_model(self, request, obj):
        record_change(obj, action=ChangeAction.DELETE, by=request.user, before=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Goal)
class GoalAdmin(ContentReadOnlyAdmin):
    list_display = ["title", "city", "scope", "target_year", "decided_by", "is_published"]
    list_filter = ["scope", "is_published", "city__is_contract_city"]
    search_fields = ["title", "city__name"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    """The history is written by services only; here it can be read, never edited."""

    list_display = ["at", "action", "label", "content_type", "city", "user"]
    list_filter = ["action", "content_type", "city__is_contract_city"]
    search_fields = ["label", "user__username", "city__name"]
    list_select_related = ["content_type", "city", "user"]
