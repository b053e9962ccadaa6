"""Routes of a city's reporting page and its exports (issue 16)."""

from django.urls import path, re_path

from dashboards.reporting import views

app_name = "reporting"

urlpatterns = [
    path("kommuner/<slug:slug>/rapportering/", views.index, name="index"),
    re_path(
        r"^kommuner/(?P<slug>[-\w]+)/rapportering/(?P<name>gcom-crf\.xlsx|cdp\.csv|"
        r"eu-klimatkontrakt\.xlsx|esrs-e1\.xlsx)$",
        views.download,
        name="download",
    ),
]
