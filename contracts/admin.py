from django.contrib import admin

from cities.admin import ContentReadOnlyAdmin
from contracts.models import Commitment, CommitmentFollowUp, Contract

# --- Klimatkontrakt ----------------------------------------------------------------------
# Contract texts are loaded by services (see contracts/demo.py); the admin shows
# them read-only so that every change goes through a service that records history.
# Staff notes are deliberately not in the admin: they have their own staff page.


@admin.register(Contract)
class ContractAdmin(ContentReadOnlyAdmin):
    list_display = ["city", "year", "title", "is_published", "updated_at"]
    list_filter = ["year", "is_published"]
    search_fields = ["city__name"]
    list_select_related = ["city"]


@admin.register(Commitment)
class CommitmentAdmin(ContentReadOnlyAdmin):
    list_display = ["number", "title", "party", "section"]
    list_filter = ["party"]
    search_fields = ["title", "text", "section__contract__city__name"]
    list_select_related = ["section__contract__city"]


@admin.register(CommitmentFollowUp)
class CommitmentFollowUpAdmin(ContentReadOnlyAdmin):
    list_display = ["commitment", "year", "status", "is_published", "updated_by", "updated_at"]
    list_filter = ["status", "year", "is_published"]
    list_select_related = ["commitment", "updated_by"]
