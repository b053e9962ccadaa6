"""Routes of a city's action portfolio: reading it (public), changing actions and their
follow-ups (the city's people), the spreadsheet import and export, and the lessons library."""

from django.urls import path, re_path

from dashboards.portfolio import editing, views

app_name = "portfolio"

urlpatterns = [
    path("kommuner/<slug:slug>/atgarder/", views.portfolio, name="index"),
    re_path(
        r"^kommuner/(?P<slug>[-\w]+)/atgarder/tabeller/(?P<table>[-\w]+)\.(?P<fmt>csv|xlsx)$",
        views.portfolio_table,
        name="table",
    ),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/", views.action, name="action"),
    path("lardomar/", views.lessons, name="lessons"),
    path("kommuner/<slug:slug>/atgarder/ny/", editing.action_create, name="create"),
    path("kommuner/<slug:slug>/atgarder/import/", editing.actions_import, name="import"),
    path("kommuner/<slug:slug>/atgarder/atgarder.xlsx", editing.actions_export, name="export"),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/andra/", editing.action_edit, name="edit"),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/ta-bort/", editing.action_delete, name="delete"),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/publicera/",
        editing.action_publish,
        name="publish",
    ),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/uppfoljningar/ny/",
        editing.follow_up_create,
        name="follow-up-create",
    ),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/uppfoljningar/<int:follow_up_pk>/andra/",
        editing.follow_up_edit,
        name="follow-up-edit",
    ),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/uppfoljningar/<int:follow_up_pk>/publicera/",
        editing.follow_up_publish,
        name="follow-up-publish",
    ),
]
