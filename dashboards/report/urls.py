"""Routes of the yearly progress report (lägesrapport): the report of a year (HTML, PDF),
the city's saved reports, and saving, publishing, withdrawing and deleting them."""

from django.urls import path

from dashboards.report import views

app_name = "reports"

urlpatterns = [
    path("kommuner/<slug:slug>/lagesrapport/", views.index, name="index"),
    path("kommuner/<slug:slug>/lagesrapport/<int:year>/", views.live, name="live"),
    path("kommuner/<slug:slug>/lagesrapport/<int:year>/pdf/", views.live_pdf, name="live-pdf"),
    path("kommuner/<slug:slug>/lagesrapport/<int:year>/spara/", views.save, name="save"),
    path("kommuner/<slug:slug>/lagesrapport/sparade/<int:pk>/", views.saved, name="saved"),
    path(
        "kommuner/<slug:slug>/lagesrapport/sparade/<int:pk>/pdf/",
        views.saved_pdf,
        name="saved-pdf",
    ),
    path(
        "kommuner/<slug:slug>/lagesrapport/sparade/<int:pk>/pdf/status/",
        views.saved_pdf_status,
        name="saved-pdf-status",
    ),
    path(
        "kommuner/<slug:slug>/lagesrapport/sparade/<int:pk>/publicera/",
        views.change,
        {"action": "publish"},
        name="publish",
    ),
    path(
        "kommuner/<slug:slug>/lagesrapport/sparade/<int:pk>/avpublicera/",
        views.change,
        {"action": "unpublish"},
        name="unpublish",
    ),
    path(
        "kommuner/<slug:slug>/lagesrapport/sparade/<int:pk>/ta-bort/",
        views.change,
        {"action": "delete"},
        name="delete",
    ),
]
