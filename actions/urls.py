"""Officers' pages for changing actions and follow-ups, and the spreadsheet import and
export. Reading the portfolio and an action is in ``dashboards`` (same address prefix)."""

from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("kommuner/<slug:slug>/atgarder/ny/", views.action_create, name="create"),
    path("kommuner/<slug:slug>/atgarder/import/", views.actions_import, name="import"),
    path("kommuner/<slug:slug>/atgarder/atgarder.xlsx", views.actions_export, name="export"),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/andra/", views.action_edit, name="edit"),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/ta-bort/", views.action_delete, name="delete"),
    path("kommuner/<slug:slug>/atgarder/<int:pk>/publicera/", views.action_publish, name="publish"),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/uppfoljningar/ny/",
        views.follow_up_create,
        name="follow-up-create",
    ),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/uppfoljningar/<int:follow_up_pk>/andra/",
        views.follow_up_edit,
        name="follow-up-edit",
    ),
    path(
        "kommuner/<slug:slug>/atgarder/<int:pk>/uppfoljningar/<int:follow_up_pk>/publicera/",
        views.follow_up_publish,
        name="follow-up-publish",
    ),
]
