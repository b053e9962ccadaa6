"""The officer workspace, under /min-kommun/."""

from django.urls import path, register_converter

from dashboards.workspace import views
from dashboards.workspace.kinds import KindConverter

register_converter(KindConverter, "kind")

app_name = "workspace"

urlpatterns = [
    path("", views.index, name="index"),
    path("installningar/", views.settings_view, name="settings"),
    path("paminnelser/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.city_home, name="city"),
    # values (utfall)
    path("<slug:slug>/utfall/", views.observations, name="observations"),
    path("<slug:slug>/utfall/ny/", views.observation_create_view, name="observation-create"),
    path("<slug:slug>/utfall/<int:pk>/", views.observation_edit, name="observation-edit"),
    # goals and targets
    path("<slug:slug>/mal/", views.goals, name="goals"),
    path("<slug:slug>/mal/ny/", views.goal_create_view, name="goal-create"),
    path("<slug:slug>/mal/<int:pk>/", views.goal_edit, name="goal-edit"),
    path(
        "<slug:slug>/mal/<int:goal_pk>/malvarden/ny/",
        views.target_create_view,
        name="target-create",
    ),
    path("<slug:slug>/malvarden/<int:pk>/", views.target_edit, name="target-edit"),
    # the city's own indicators
    path("<slug:slug>/indikatorer/", views.indicators, name="indicators"),
    path("<slug:slug>/indikatorer/ny/", views.indicator_create_view, name="indicator-create"),
    path("<slug:slug>/indikatorer/<int:pk>/", views.indicator_edit, name="indicator-edit"),
    # drafts and publishing
    path("<slug:slug>/utkast/", views.drafts_view, name="drafts"),
    path("<slug:slug>/utkast/publicera/", views.publish_many, name="publish-many"),
    # any kind of item: delete, publish, withdraw, discard a draft, restore, history
    path("<slug:slug>/<kind:kind>/<int:pk>/ta-bort/", views.item_delete, name="item-delete"),
    path("<slug:slug>/<kind:kind>/<int:pk>/publicera/", views.item_publish, name="item-publish"),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/avpublicera/",
        views.item_unpublish,
        name="item-unpublish",
    ),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/kasta-utkast/",
        views.item_discard,
        name="item-discard",
    ),
    path("<slug:slug>/<kind:kind>/<int:pk>/aterstall/", views.item_undelete, name="item-undelete"),
    path("<slug:slug>/<kind:kind>/<int:pk>/historik/", views.item_history, name="item-history"),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/historik/<int:record_pk>/aterstall/",
        views.item_restore_version,
        name="item-restore-version",
    ),
    path("<slug:slug>/historik/", views.city_history, name="history"),
    path("<slug:slug>/papperskorg/", views.trash, name="trash"),
    # people
    path("<slug:slug>/personer/", views.people, name="people"),
    path("<slug:slug>/personer/<int:pk>/roll/", views.member_role, name="member-role"),
    path("<slug:slug>/personer/<int:pk>/ta-bort/", views.member_remove, name="member-remove"),
    path(
        "<slug:slug>/personer/<int:pk>/skicka-inbjudan/",
        views.member_resend,
        name="member-resend",
    ),
]
