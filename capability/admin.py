from django.contrib import admin

from capability.models import CapabilityAssessment


@admin.register(CapabilityAssessment)
class CapabilityAssessmentAdmin(admin.ModelAdmin):
    list_display = ["city", "year", "is_published"]
    list_select_related = ["city"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]
