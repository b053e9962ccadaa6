"""The officer workspace, under /min-kommun/."""

from django.urls import path, register_converter

from dashboards.workspace.kinds import KindConverter
from dashboards.workspace.views import (
    api_keys,
    drafts,
    goals,
    grid,
    history,
    indicators,
    people,
    settings,
    start,
    trash,
    values,
)

register_converter(KindConverter, "kind")

app_name = "workspace"

urlpatterns = [
    path("", start.index, name="index"),
    path("installningar/", settings.settings_view, name="settings"),
    path("installningar/api-nycklar/", api_keys.api_keys, name="api-keys"),
    path(
        "installningar/api-nycklar/<int:pk>/aterkalla/",
        api_keys.api_key_revoke,
        name="api-key-revoke",
    ),
    path("paminnelser/avsluta/<str:token>/", settings.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", start.city_home, name="city"),
    # values (utfall)
    path("<slug:slug>/utfall/", values.observations, name="observations"),
    path("<slug:slug>/utfall/ny/", values.observation_create_view, name="observation-create"),
    path("<slug:slug>/utfall/tabell/", grid.value_grid, name="value-grid"),
    path("<slug:slug>/utfall/<int:pk>/", values.observation_edit, name="observation-edit"),
    # goals and targets
    path("<slug:slug>/mal/", goals.goals, name="goals"),
    path("<slug:slug>/mal/ny/", goals.goal_create_view, name="goal-create"),
    path("<slug:slug>/mal/<int:pk>/", goals.goal_edit, name="goal-edit"),
    path(
        "<slug:slug>/mal/<int:goal_pk>/malvarden/ny/",
        goals.target_create_view,
        name="target-create",
    ),
    path("<slug:slug>/malvarden/<int:pk>/", goals.target_edit, name="target-edit"),
    # the city's own indicators
    path("<slug:slug>/indikatorer/", indicators.indicators, name="indicators"),
    path("<slug:slug>/indikatorer/ny/", indicators.indicator_create_view, name="indicator-create"),
    path("<slug:slug>/indikatorer/<int:pk>/", indicators.indicator_edit, name="indicator-edit"),
    # drafts and publishing
    path("<slug:slug>/utkast/", drafts.drafts_view, name="drafts"),
    path("<slug:slug>/utkast/publicera/", drafts.publish_many, name="publish-many"),
    # any kind of item: delete, publish, withdraw, discard a draft, restore, history
    path("<slug:slug>/<kind:kind>/<int:pk>/ta-bort/", trash.item_delete, name="item-delete"),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/publicera/",
        drafts.item_button,
        {"button": "publish"},
        name="item-publish",
    ),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/avpublicera/",
        drafts.item_button,
        {"button": "unpublish"},
        name="item-unpublish",
    ),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/kasta-utkast/",
        drafts.item_button,
        {"button": "discard"},
        name="item-discard",
    ),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/skicka-tillbaka/",
        drafts.item_send_back,
        name="item-send-back",
    ),
    path("<slug:slug>/<kind:kind>/<int:pk>/aterstall/", trash.item_undelete, name="item-undelete"),
    path("<slug:slug>/<kind:kind>/<int:pk>/historik/", history.item_history, name="item-history"),
    path(
        "<slug:slug>/<kind:kind>/<int:pk>/historik/<int:record_pk>/aterstall/",
        history.item_restore_version,
        name="item-restore-version",
    ),
    path("<slug:slug>/historik/", history.city_history, name="history"),
    path("<slug:slug>/papperskorg/", trash.trash, name="trash"),
    # people
    path("<slug:slug>/personer/", people.people, name="people"),
    path("<slug:slug>/personer/<int:pk>/roll/", people.member_role, name="member-role"),
    path("<slug:slug>/personer/<int:pk>/ta-bort/", people.member_remove, name="member-remove"),
    path(
        "<slug:slug>/personer/<int:pk>/skicka-inbjudan/",
        people.member_resend,
        name="member-resend",
    ),
]
