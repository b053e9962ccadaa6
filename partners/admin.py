"""Django admin for partnerships, for staff who need to look at or repair a row. The
city's people use the pages under /kommuner/<kommun>/partnerskap/, which record history."""

from django.contrib import admin

from partners.models import (
    Member,
    MemberCommitment,
    MemberContact,
    MemberFollowUp,
    Partnership,
    PartnershipEvent,
)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "founded_on", "members_may_report", "is_published"]
    list_select_related = ["city"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]


@admin.register(PartnershipEvent)
class PartnershipEventAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "date", "organisations_joined", "is_published"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "kind", "joined_on", "left_on", "is_published"]
    list_filter = ["kind", "is_published"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]


@admin.register(MemberContact)
class MemberContactAdmin(admin.ModelAdmin):
    list_display = ["user", "member", "granted_by", "created_at"]


@admin.register(MemberCommitment)
class MemberCommitmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "member", "sector", "target_year", "is_published"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]


@admin.register(MemberFollowUp)
class MemberFollowUpAdmin(admin.ModelAdmin):
    list_display = ["commitment", "year", "status", "is_published"]
    readonly_fields = ["version", "created_at", "updated_at", "updated_by", "published_at"]
