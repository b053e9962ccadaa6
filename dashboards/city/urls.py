"""Routes of the public pages of municipalities: the list of all, one municipality's page,
and the data behind each of its charts."""

from django.urls import path, re_path

from dashboards.city import views
from dashboards.workspace.views.attachments import attachment_download

app_name = "city"

urlpatterns = [
    path("", views.home, name="home"),
    path("kommuner/<slug:slug>/", views.city, name="detail"),
    re_path(
        r"^kommuner/(?P<slug>[-\w]+)/diagram/(?P<chart>[-\w]+)\.(?P<fmt>csv|xlsx)$",
        views.city_chart_data,
        name="chart-data",
    ),
    # Evidence attached to a value, an action or a follow-up (public once it is published).
    path("kommuner/<slug:slug>/bilagor/<int:pk>/", attachment_download, name="attachment"),
]
