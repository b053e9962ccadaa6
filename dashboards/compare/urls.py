"""Routes of the comparison for programme staff, under /programkontoret/jamfor/."""

from django.urls import path, re_path

from dashboards.compare import views

app_name = "compare"

urlpatterns = [
    path("", views.compare, name="page"),
    re_path(r"^tabell\.(?P<fmt>csv|xlsx)$", views.table_download, name="table"),
    re_path(
        r"^diagram/(?P<chart>[-\w]+)\.(?P<fmt>csv|xlsx)$",
        views.chart_download,
        name="chart-data",
    ),
    re_path(r"^diagram/(?P<chart>[-\w]+)\.json$", views.chart_figure, name="chart-figure"),
]
