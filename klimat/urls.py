"""URL configuration: public pages, the JSON API and its schema, accounts, admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from actions.api.actions import ActionViewSet
from actions.api.city import CityActionsView
from actions.api.follow_ups import FollowUpViewSet
from cities.api.cities import CityViewSet
from cities.api.goals import GoalViewSet
from cities.api.tokens import ApiTokenViewSet
from contracts.api import CityContractsView, CommitmentViewSet, ContractViewSet
from core.api.errors import not_found
from core.health import healthz
from indicators.api.cdp import CityCdpView
from indicators.api.emissions import (
    CityEmissionsView,
    EmissionRevisionsView,
    EmissionRowViewSet,
    EmissionTotalViewSet,
)
from indicators.api.indicators import IndicatorViewSet
from indicators.api.observations import ObservationViewSet
from indicators.api.progress import CityGoalsView
from indicators.api.releases import ReleaseViewSet
from indicators.api.targets import TargetViewSet
from partners.api.city import CityPartnershipsView
from partners.api.follow_ups import MemberFollowUpViewSet

router = SimpleRouter()
router.register("cities", CityViewSet, basename="api-city")
# Open data and the officers' write API (issue 7): flat, filtered, paginated collections.
router.register("goals", GoalViewSet, basename="api-goal")
router.register("targets", TargetViewSet, basename="api-target")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("observations", ObservationViewSet, basename="api-observation")
router.register("emissions/totals", EmissionTotalViewSet, basename="api-emission-total")
router.register("emissions", EmissionRowViewSet, basename="api-emission")
router.register("releases", ReleaseViewSet, basename="api-release")
router.register("actions", ActionViewSet, basename="api-action")
router.register("action-follow-ups", FollowUpViewSet, basename="api-action-follow-up")
router.register("contracts", ContractViewSet, basename="api-contract")
router.register("commitments", CommitmentViewSet, basename="api-commitment")
router.register("tokens", ApiTokenViewSet, basename="api-token")
# Follow-ups of climate partnership members' commitments (issue 16)
router.register("member-follow-ups", MemberFollowUpViewSet, basename="api-member-follow-up")

api_patterns = [
    # Before the router: "emissions/<pk>/" would take it otherwise.
    path("emissions/revisions/", EmissionRevisionsView.as_view(), name="api-emission-revisions"),
    *router.urls,
    path("cities/<str:code>/emissions/", CityEmissionsView.as_view(), name="api-city-emissions"),
    # Klimatkontrakt: published contract versions with commitments and follow-up status.
    path("cities/<str:code>/contracts/", CityContractsView.as_view(), name="api-city-contracts"),
    path("cities/<str:code>/goals/", CityGoalsView.as_view(), name="api-city-goals"),
    # Action portfolios (issue 6)
    path("cities/<str:code>/actions/", CityActionsView.as_view(), name="api-city-actions"),
    # What the city itself reported to CDP-ICLEI (issue 16)
    path("cities/<str:code>/cdp/", CityCdpView.as_view(), name="api-city-cdp"),
    # Climate partnerships, their members' commitments and follow-ups (issue 16)
    path("cities/<str:code>/partners/", CityPartnershipsView.as_view(), name="api-city-partners"),
]

# Django's error views answer JSON under /api/ (an oversized body, a server error).
handler400 = "core.api.errors.bad_request"
handler403 = "core.api.errors.permission_denied"
handler404 = "core.api.errors.page_not_found"
handler500 = "core.api.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for the load balancer (core/health.py)
    path("", include("dashboards.city.urls")),
    path("", include("dashboards.portfolio.urls")),  # action portfolios, reading and editing
    path("", include("dashboards.contracts.urls")),
    path("import/", include("dashboards.uploads.urls")),  # data imports (officers, staff)
    path("", include("dashboards.report.urls")),  # the yearly progress report (lägesrapport)
    path("", include("dashboards.partners.urls")),  # climate partnerships (issue 16)
    path("", include("dashboards.reporting.urls")),  # exports to CDP, GCoM, EU, CSRD
    path("", include("dashboards.capability.urls")),  # capability self-assessments
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Anything else under /api/ answers a JSON 404, not Django's HTML page.
    re_path(r"^api/(?P<path>[\s\S]*)$", not_found, name="api-not-found"),
    # Django's auth URLs, with a throttled login and a reset that also reaches invitees.
    path("accounts/", include("dashboards.accounts.urls")),
    path("min-kommun/", include("dashboards.workspace.urls")),
    # Comparison of municipalities for programme staff (issue 7)
    path("programkontoret/jamfor/", include("dashboards.compare.urls")),
    # The public comparison of 2–4 municipalities (issue 15)
    path("jamfor/", include("dashboards.compare.urls_public")),
    # The language switch, without a CSRF token: all a forged post could do is switch a
    # visitor's language, and a page whose frame holds no token is the same for every
    # visitor with no cookie, so it is stored whole (``core.stored_pages.stored_response``).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
