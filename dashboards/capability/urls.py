"""Routes of capability self-assessments (issue 16): a city's page (public), the form of
the city's administrators, the chart's data, and programme staff's comparison."""

from django.urls import path, re_path

from dashboards.capability import views

app_name = "capability"

urlpatterns = [
    path("kommuner/<slug:slug>/formaga/", views.city, name="city"),
    path("kommuner/<slug:slug>/formaga/skatta/", views.edit, name="edit"),
    re_path(
        r"^kommuner/(?P<slug>[-\w]+)/formaga/diagram\.(?P<fmt>csv|xlsx)$",
        views.chart_data,
        name="chart-data",
    ),
    path("programkontoret/formaga/", views.staff, name="staff"),
]
