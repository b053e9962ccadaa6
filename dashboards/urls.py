from django.urls import path, re_path

from dashboards import portfolio_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("kommuner/<slug:slug>/", views.city, name="city"),
    re_path(
        r"^kommuner/(?P<slug>[-\w]+)/diagram/(?P<chart>[-\w]+)\.(?P<fmt>csv|xlsx)$",
        views.city_chart_data,
        name="city-chart-data",
    ),
    # Action portfolios and the lessons library (issue 6)
    path("kommuner/<slug:slug>/atgarder/", portfolio_views.portfolio, name="portfolio"),
    re_path(
        r"^kommuner/(?P<slug>[-\w]+)/atgarder/tabeller/(?P<table>[-\w]+)\.(?P<fmt>csv|xlsx)$",
        portfolio_views.portfolio_table,
        name="portfolio-table",
    ),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/", portfolio_views.action, name="action"),
    path("lardomar/", portfolio_views.lessons, name="lessons"),
]
