"""What cities reported themselves to CDP-ICLEI (targets → reported goals, inventories) and
Klimatkollen's climate plans: imported from the real files, detected by content."""

from __future__ import annotations

import pytest

from cities.models import ChangeRecord, Goal, GoalOrigin
from indicators.demo import umea_goals_load
from indicators.imports import import_file
from indicators.models import ClimatePlan, ReportedInventory, ReportedTarget, Target, TargetKind
from indicators.parsers.detect import detect_format
from indicators.reported import CDP_FILES, PLANS_FILE, climate_plans_file_load, reported_demo_load

pytestmark = pytest.mark.django_db

TARGETS, INVENTORIES = CDP_FILES


def test_cdp_files_are_detected_by_their_header(data_dir):
    for name, expected in ((TARGETS, "cdp_targets_csv"), (INVENTORIES, "cdp_inventories_csv")):
        with (data_dir / name).open("rb") as fileobj:
            assert detect_format(fileobj, "fil.csv") == expected


def test_reported_targets_become_goals_marked_with_their_source(municipalities, data_dir):
    reported_demo_load(data_dir)
    lund = Goal.objects.filter(city__code="1281", origin=GoalOrigin.REPORTED)
    titles = set(lund.values_list("title", flat=True))
    assert "Minska utsläppen med 65 % till 2025 jämfört med 2010" in titles
    goal = lund.get(title="Minska utsläppen med 65 % till 2025 jämfört med 2010")
    assert goal.source_reference == "Rapporterat till CDP-ICLEI 2021 av staden"
    assert goal.is_published
    target = goal.targets.get()
    assert (target.kind, target.base_year, target.target_value, target.target_year) == (
        TargetKind.PERCENT_CHANGE,
        2010,
        -65.0,
        2025,
    )
    assert target.indicator.key == "territorial_ghg"
    assert "372\xa0176 t CO2e" in goal.description
    # Every type and sector is kept as reported, including those no indicator follows here.
    kinds = set(ReportedTarget.objects.values_list("target_type", flat=True))
    assert {"base_year_absolute", "base_year_intensity", "fixed_level"} <= kinds
    gbg = ReportedTarget.objects.filter(city__code="1480")
    assert {"transport", "consumption", "city_wide", "other"} <= set(
        gbg.values_list("sector", flat=True)
    )
    per_person = Target.objects.get(goal__city__code="1480", kind=TargetKind.PER_PERSON)
    assert per_person.target_value == pytest.approx(4.2 * (1 - 0.738), abs=0.001)
    # Who and when: the creation is in the history, by the import (no person).
    assert ChangeRecord.objects.filter(object_id=goal.pk, action="create", user=None).exists()


def test_reimport_changes_nothing_and_keeps_a_removed_goal_removed(municipalities, data_dir):
    reported_demo_load(data_dir)
    count = Goal.objects.count()
    goal = Goal.objects.filter(origin=GoalOrigin.REPORTED).first()
    Goal.objects.filter(pk=goal.pk).delete()
    outcome = import_file(data_dir / TARGETS)
    assert outcome.ok, outcome.message
    assert " 0 nya" in outcome.message
    assert Goal.objects.count() == count - 1


def test_the_citys_own_goals_still_load_beside_reported_ones(municipalities, data_dir):
    reported_demo_load(data_dir)
    own = umea_goals_load()
    assert own and all(g.origin == GoalOrigin.CITY for g in own)
    assert Goal.objects.filter(city__code="2480", origin=GoalOrigin.REPORTED).exists()


def test_reported_inventories_keep_year_and_scopes(municipalities, data_dir):
    outcome = import_file(data_dir / INVENTORIES)
    assert outcome.ok, outcome.message
    inventories = ReportedInventory.objects.filter(city__code="1480")
    assert inventories.exists()
    first = inventories.first()
    assert first.accounting_year >= 2010
    assert first.scope1 is not None and first.headline is not None
    assert first.release.publisher.startswith("CDP-ICLEI")


def test_an_officer_cannot_import_cdp_files(municipalities, data_dir, umea):
    outcome = import_file(data_dir / TARGETS, allowed_city_ids={umea.pk})
    assert not outcome.ok and outcome.refused
    assert not ReportedTarget.objects.exists()


def test_every_municipality_gets_its_climate_plan(municipalities, data_dir):
    outcome = climate_plans_file_load(data_dir / PLANS_FILE)
    assert outcome.ok, outcome.message
    assert ClimatePlan.objects.count() == 290
    kiruna = ClimatePlan.objects.get(city__code="2584")
    assert kiruna.year == 2015
    assert kiruna.title == "Åtgärdsplan för hållbar energi för kommunkoncernen"
    assert kiruna.link.startswith("https://kiruna.se/")
