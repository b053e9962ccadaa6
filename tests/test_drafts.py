"""Drafts and publishing: a new or changed goal, target or value is a draft that only the
city's people and staff see; the public keeps seeing the last published version until a
city administrator publishes; publishing is one action per item or many at once."""

import pytest
from django.core.exceptions import ValidationError

from cities import drafts
from cities.history import StaleEdit, history_for
from cities.models import ChangeAction, Goal
from cities.services import (
    content_discard,
    content_publish,
    content_publish_many,
    content_restore_version,
    content_undelete,
    content_unpublish,
    goal_update,
)
from indicators.models import Indicator, Observation, ObservationStatus, Target
from indicators.selectors import goals_with_targets
from indicators.services.targets import target_update
from indicators.services.values import observation_create, observation_delete, observation_update


@pytest.fixture
def trips(umea_goals):
    return Indicator.objects.get(key="sustainable_trips_share")


def new_value(city, indicator, by, *, year=2024, value=58.5, source="Resvaneundersökning 2024"):
    return observation_create(
        city=city,
        indicator=indicator,
        year=year,
        value=value,
        status=ObservationStatus.PRELIMINARY,
        reference=source,
        by=by,
    )


def published_value(umea, trips, officer, admin, **kwargs):
    obs = new_value(umea, trips, officer, **kwargs)
    content_publish(item=obs, by=admin, expected_version=obs.version)
    return Observation.objects.get(pk=obs.pk)


def test_a_new_value_is_a_draft_the_public_does_not_see(umea, trips, umea_officer):
    obs = new_value(umea, trips, umea_officer)
    assert obs.is_published is False
    assert list(Observation.objects.published()) == []
    assert list(Observation.objects.visible_to(umea_officer)) == [obs]


def test_a_draft_is_seen_by_the_citys_people_and_staff_only(
    umea, trips, umea_officer, malmo_officer, staff_user, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    obs = new_value(umea, trips, umea_officer)
    assert obs in Observation.objects.visible_to(staff_user)
    assert obs not in Observation.objects.visible_to(malmo_officer)
    assert obs not in Observation.objects.visible_to(AnonymousUser())


def test_publishing_makes_the_value_public_and_records_who(umea, trips, umea_officer, umea_admin):
    obs = new_value(umea, trips, umea_officer)
    assert content_publish(item=obs, by=umea_admin, expected_version=obs.version)
    public = Observation.objects.published().get()
    assert public.value == 58.5
    assert public.published_at is not None
    record = history_for(obs).first()
    assert record.action == ChangeAction.PUBLISH
    assert record.user == umea_admin
    assert record.changes == {"is_published": [False, True]}


def test_a_change_to_a_published_value_waits_while_the_public_keeps_the_old_one(
    umea, trips, umea_officer, umea_admin
):
    obs = published_value(umea, trips, umea_officer, umea_admin)
    assert observation_update(
        observation=obs, by=umea_officer, expected_version=obs.version, value=61.0
    )
    obs.refresh_from_db()
    # the public (columns of published rows) still reads 58,5 …
    assert Observation.objects.published().get().value == 58.5
    # … the city's people see 61,0, marked as waiting
    assert drafts.working(obs).value == 61.0
    assert drafts.pending_changes(obs) == {"value": [58.5, 61.0]}
    assert obs.draft_by == umea_officer
    # publishing applies it
    content_publish(item=obs, by=umea_admin, expected_version=obs.version)
    assert Observation.objects.published().get().value == 61.0
    record = history_for(obs).first()
    assert record.changes == {"value": [58.5, 61.0]}


def test_changing_a_value_back_to_the_published_one_leaves_no_draft(
    umea, trips, umea_officer, umea_admin
):
    obs = published_value(umea, trips, umea_officer, umea_admin)
    observation_update(observation=obs, by=umea_officer, expected_version=obs.version, value=61.0)
    observation_update(observation=obs, by=umea_officer, expected_version=obs.version, value=58.5)
    obs.refresh_from_db()
    assert obs.draft == {}
    assert obs.draft_at is None


def test_a_published_targets_change_does_not_reach_the_public_page_selector(umea_goals, umea_admin):
    target = Target.objects.get(indicator__key="sustainable_trips_share")
    target_update(target=target, by=umea_admin, expected_version=target.version, target_value=70)
    public = [t for g in goals_with_targets(city=target.goal.city) for t in g.targets.all()]
    assert next(t for t in public if t.pk == target.pk).target_value == 65.0


def test_deleting_a_published_value_waits_for_publishing(umea, trips, umea_officer, umea_admin):
    obs = published_value(umea, trips, umea_officer, umea_admin)
    observation_delete(observation=obs, by=umea_officer, expected_version=obs.version)
    obs.refresh_from_db()
    assert obs.deleted_at is None
    assert drafts.pending_delete(obs)
    assert Observation.objects.published().count() == 1
    content_publish(item=obs, by=umea_admin, expected_version=obs.version)
    assert Observation.objects.published().count() == 0
    obs.refresh_from_db()
    assert obs.deleted_at is not None
    assert history_for(obs).first().action == ChangeAction.DELETE


def test_deleting_a_draft_is_immediate_and_soft(umea, trips, umea_officer):
    obs = new_value(umea, trips, umea_officer)
    observation_delete(observation=obs, by=umea_officer, expected_version=obs.version)
    obs.refresh_from_db()
    assert obs.deleted_at is not None
    assert Observation.objects.alive().count() == 0
    assert Observation.objects.count() == 1  # kept, with its history


def test_an_undeleted_item_comes_back_as_a_draft(umea, trips, umea_officer, umea_admin):
    obs = published_value(umea, trips, umea_officer, umea_admin)
    observation_delete(observation=obs, by=umea_officer, expected_version=obs.version)
    content_publish(item=obs, by=umea_admin, expected_version=obs.version)
    content_undelete(item=obs, by=umea_officer)
    obs.refresh_from_db()
    assert obs.deleted_at is None
    assert obs.is_published is False
    assert Observation.objects.published().count() == 0
    assert history_for(obs).first().action == ChangeAction.RESTORE


def test_undeleting_refuses_when_the_same_value_exists_again(umea, trips, umea_officer):
    first = new_value(umea, trips, umea_officer)
    observation_delete(observation=first, by=umea_officer, expected_version=first.version)
    new_value(umea, trips, umea_officer)
    with pytest.raises(ValidationError):
        content_undelete(item=first, by=umea_officer)


def test_discarding_a_pending_change_keeps_the_published_value(
    umea, trips, umea_officer, umea_admin
):
    obs = published_value(umea, trips, umea_officer, umea_admin)
    observation_update(observation=obs, by=umea_officer, expected_version=obs.version, value=61)
    content_discard(item=obs, by=umea_officer, expected_version=obs.version)
    obs.refresh_from_db()
    assert obs.draft == {}
    assert drafts.working(obs).value == 58.5


def test_unpublishing_turns_the_item_into_a_draft_with_its_pending_change(
    umea, trips, umea_officer, umea_admin
):
    obs = published_value(umea, trips, umea_officer, umea_admin)
    observation_update(observation=obs, by=umea_officer, expected_version=obs.version, value=61)
    content_unpublish(item=obs, by=umea_admin, expected_version=obs.version)
    obs.refresh_from_db()
    assert (obs.is_published, obs.value, obs.draft) == (False, 61.0, {})
    assert Observation.objects.published().count() == 0


def test_publishing_many_is_all_or_nothing(umea, trips, umea_officer, umea_admin):
    a = new_value(umea, trips, umea_officer, year=2023)
    b = new_value(umea, trips, umea_officer, year=2024)
    stale_version = b.version
    observation_update(observation=b, by=umea_officer, expected_version=b.version, value=60)
    with pytest.raises(StaleEdit):
        content_publish_many(items=[(a, a.version), (b, stale_version)], by=umea_admin)
    assert Observation.objects.published().count() == 0
    a.refresh_from_db()
    b.refresh_from_db()
    assert content_publish_many(items=[(a, a.version), (b, b.version)], by=umea_admin) == 2
    assert Observation.objects.published().count() == 2


def test_a_second_save_over_a_newer_version_is_refused_with_what_changed(
    umea, trips, umea_officer, umea_admin
):
    obs = new_value(umea, trips, umea_officer)
    opened = obs.version
    observation_update(observation=obs, by=umea_admin, expected_version=opened, value=59.0)
    mine = Observation.objects.get(pk=obs.pk)
    with pytest.raises(StaleEdit) as refused:
        observation_update(
            observation=mine, by=umea_officer, expected_version=opened, note="Min kommentar"
        )
    assert refused.value.changes["value"] == [58.5, 59.0]
    assert "erik.umea" in str(refused.value)
    assert Observation.objects.get(pk=obs.pk).note == ""


def test_restoring_an_earlier_version_is_one_step_and_recorded(umea_goals, umea_admin):
    goal = Goal.objects.get(order=1)
    original = goal.title
    first = history_for(goal).last()
    goal_update(goal=goal, by=umea_admin, expected_version=goal.version, title="Ny rubrik")
    content_publish(item=goal, by=umea_admin, expected_version=goal.version)
    assert Goal.objects.get(pk=goal.pk).title == "Ny rubrik"
    assert content_restore_version(
        item=goal, record=first, by=umea_admin, expected_version=goal.version
    )
    goal.refresh_from_db()
    # a restore of a published goal is itself a pending change
    assert goal.title == "Ny rubrik"
    assert drafts.working(goal).title == original
    assert history_for(goal).first().action == ChangeAction.RESTORE


def test_validation_names_the_field_in_swedish(umea, trips, umea_officer):
    obs = new_value(umea, trips, umea_officer)
    with pytest.raises(ValidationError) as refused:
        observation_update(
            observation=obs, by=umea_officer, expected_version=obs.version, uncertainty_low=70
        )
    assert "uncertainty_low" in refused.value.message_dict


def test_a_second_value_for_the_same_year_is_refused_in_words_whatever_its_document(
    umea, trips, umea_officer
):
    new_value(umea, trips, umea_officer)
    with pytest.raises(ValidationError) as refused:
        new_value(umea, trips, umea_officer, source="Rättad resvaneundersökning 2024")
    assert refused.value.message_dict["year"] == [
        "Det finns redan ett värde för 2024 i kommunens egna uppgifter; ändra det i stället."
    ]


def test_emission_series_cannot_be_entered_by_hand(umea_goals, umea, umea_officer):
    ghg = Indicator.objects.get(key="territorial_ghg")
    with pytest.raises(ValidationError) as refused:
        new_value(umea, ghg, umea_officer, value=300000)
    assert "Nationella emissionsdatabasen" in refused.value.message_dict["indicator"][0]


def test_publishing_looks_up_only_the_foreign_keys_its_change_sets_and_checks_every_rule(
    umea, trips, umea_officer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    obs = new_value(umea, trips, umea_officer)
    every = {f.attname for f in Observation._meta.concrete_fields}
    linked = [f for f in Observation._meta.concrete_fields if f.is_relation]
    tables = {f.related_model._meta.db_table for f in linked if getattr(obs, f.attname)}
    with CaptureQueriesContext(connection) as full:
        drafts.validate(obs)
    with CaptureQueriesContext(connection) as known:
        drafts.validate(obs, stored=every)  # as the database holds them

    def lookups(queries: CaptureQueriesContext) -> list[str]:
        return [
            table
            for q in queries.captured_queries
            for table in tables
            if q["sql"].startswith('SELECT 1 AS "a" FROM "' + table + '"')  # noqa: S608 (a test reading the log)
        ]

    assert sorted(lookups(full)) == sorted(tables)  # the city, the indicator, the writer…
    assert len(tables) >= 3 and lookups(known) == []
    # a foreign key the change sets is looked up: one that does not exist is refused
    obs.indicator_id = 999_999
    with pytest.raises(ValidationError) as refused:
        drafts.validate(obs, stored=every - {"indicator_id"})
    assert "indicator" in refused.value.message_dict
    # every rule still holds for the fields as stored
    obs.indicator_id = trips.pk
    obs.uncertainty_low = 70
    with pytest.raises(ValidationError) as refused:
        drafts.validate(obs, stored=every)
    assert "uncertainty_low" in refused.value.message_dict
