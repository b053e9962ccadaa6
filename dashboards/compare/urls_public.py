"""Routes of the public comparison, under /jamfor/."""

from django.urls import path, re_path

from dashboards.compare import public

app_name = "compare-public"

urlpatterns = [
    path("", public.compare_public, name="page"),
    re_path(r"^tabell\.(?P<fmt>csv|xlsx)$", public.table_download, name="table"),
    re_path(
        r"^diagram/(?P<chart>[-\w]+)\.(?P<fmt>csv|xlsx)$",
        public.chart_download,
        name="chart-data",
    ),
]
