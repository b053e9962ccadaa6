"""Django admin for actions, for staff who need to look at or repair a row. Officers use
the pages under /kommuner/<kommun>/atgarder/, which record history and check versions."""

from django.contrib import admin

from actions.models import Action, ActionCost, FollowUp


class ActionCostInline(admin.TabularInline):
    model = ActionCost
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["period_year", "period_number", "date", "status", "progress_pct", "is_published"]
    readonly_fields = ["period_year", "period_number"]
    show_change_link = True


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "city",
        "sector",
        "status",
        "stage",
        "expected_reduction",
        "is_published",
    ]
    list_filter = ["status", "stage", "sector", "is_published", "share_with_other_cities"]
    search_fields = ["title", "city__name", "responsible_body"]
    list_select_related = ["city"]
    autocomplete_fields = ["city"]
    filter_horizontal = ["goals", "indicators"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]
    inlines = [ActionCostInline, FollowUpInline]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["action", "period_year", "period_number", "status", "date", "is_published"]
    list_filter = ["status", "is_published", "is_effect_follow_up"]
    search_fields = ["action__title", "action__city__name"]
    list_select_related = ["action"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "period_end"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
