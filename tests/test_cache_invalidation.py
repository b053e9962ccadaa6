"""Every service that changes what pages show moves the cache generation on, so no
cached page or API answer outlives the data it was made from."""

from __future__ import annotations

import pytest

from cities.history import mark_published
from cities.models import City
from cities.reference_data import contract_cities_flag, reference_data_load
from cities.services import goal_create
from core.cache import bump_generation, generation
from indicators.carbon_budgets import BUDGET_FILE, carbon_budget_file_load
from indicators.models import Indicator
from indicators.services.indicators import indicator_upsert
from indicators.services.targets import target_create
from tests.conftest import DATA_DIR, load_emissions


def moves_generation(change) -> bool:
    before = generation()
    change()
    return generation() > before


@pytest.fixture
def umea_city(municipalities) -> City:
    return municipalities["2480"]


def test_creating_a_goal_or_target_and_publishing_move_it(umea_city, umea_goals):
    goal = goal_create(city=umea_city, title="Utkast", scope="area")
    assert moves_generation(lambda: goal_create(city=umea_city, title="Nytt", scope="area"))
    assert moves_generation(
        lambda: target_create(
            goal=goal,
            indicator=Indicator.objects.get(key="territorial_ghg"),
            kind="decrease",
            target_year=2030,
        )
    )
    assert moves_generation(lambda: mark_published(goal, by=None))
    assert moves_generation(lambda: mark_published(goal, by=None, published=False))


def test_indicator_definitions_move_it(db):
    assert moves_generation(lambda: indicator_upsert(key="x", name="X", unit="%"))


def test_imports_that_change_rows_move_it(municipalities, ggt_newest):
    assert moves_generation(lambda: load_emissions(ggt_newest, {"2480"}))
    assert not moves_generation(lambda: load_emissions(ggt_newest, {"2480"}))  # unchanged
    assert moves_generation(lambda: carbon_budget_file_load(DATA_DIR / BUDGET_FILE))


def test_reference_data_and_contract_flags_move_it(municipalities):
    assert moves_generation(
        lambda: reference_data_load(
            counties=[("24", "Västerbottens län")], municipalities=[("2480", "Umeå kommun")]
        )
    )
    assert moves_generation(lambda: contract_cities_flag(names=["Malmö"]))


def test_what_a_process_keeps_lasts_as_long_as_the_generation(db):
    from django.core.cache import cache
    from django.utils import translation

    from core.cache import forget_local, kept

    computed: list[str] = []

    def build(what: str):
        return lambda: computed.append(what) or (what, len(computed))

    first = kept("dataset", "dataset:2026-12-07", build("monday"))
    cache.clear()  # nothing asked of the shared cache while the generation lasts
    assert kept("dataset", "dataset:2026-12-07", build("monday")) is first
    with translation.override("en"):  # one per language
        assert kept("dataset", "dataset:2026-12-07", build("english")) == ("english", 2)
    bump_generation()  # the data changed: computed again
    assert kept("dataset", "dataset:2026-12-07", build("changed")) == ("changed", 3)
    forget_local()  # a restart: read from the shared cache again, not computed
    assert kept("dataset", "dataset:2026-12-07", build("never")) == ("changed", 3)
    # the next day's key takes the slot: yesterday's is not kept beside it
    assert kept("dataset", "dataset:2026-12-08", build("tuesday")) == ("tuesday", 4)
    cache.clear()
    assert kept("dataset", "dataset:2026-12-07", build("again")) == ("again", 5)
    assert computed == ["monday", "english", "changed", "tuesday", "again"]


def test_a_value_another_build_of_the_code_cached_is_not_read(db, monkeypatch):
    """What is cached was made by the code as much as by the data: a process of another
    build (a deploy, a rollback) computes its own, of its own shape."""
    import core.cache
    from core.cache import cached

    assert cached("page-data", lambda: "this build") == "this build"
    assert cached("page-data", lambda: "never") == "this build"
    monkeypatch.setattr(core.cache, "fingerprint", lambda: "another-build")
    assert cached("page-data", lambda: "another build") == "another build"
    monkeypatch.undo()
    assert cached("page-data", lambda: "never") == "this build"


def test_the_public_comparison_builds_its_dataset_once_and_again_when_data_changes(
    client, two_cities, django_capture_on_commit_callbacks
):
    from unittest import mock

    from dashboards.compare import pages
    from tests.conftest import MALMO, UMEA

    address = f"/jamfor/?kommuner={UMEA},{MALMO}"
    with mock.patch.object(pages, "build_dataset", wraps=pages.build_dataset) as build:
        assert client.get(address).status_code == 200
        assert client.get(address).status_code == 200
        assert build.call_count == 1
        with django_capture_on_commit_callbacks(execute=True):
            City.objects.filter(code=MALMO).update(name="Malmö stad")
            bump_generation()  # as every service that changes data does
        assert "Malmö stad" in client.get(address).content.decode()
        assert "Malmö stad" in client.get(address).content.decode()
        assert build.call_count == 2  # once more for the changed data, not per request


def test_many_changes_in_one_transaction_ask_for_one_rebuild(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from core.cache import _after_commit, bump_generation

    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            for _ in range(350):  # a service publishing 350 values bumps once per value
                bump_generation()
            before = generation()
        assert generation() == before  # each bump moved it on; the commit will once more
    assert callbacks == [_after_commit]


def test_a_savepoint_rolled_back_takes_its_rebuild_with_it(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    from core.cache import _after_commit, bump_generation

    # the bump after it asks again
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                bump_generation()
                raise RuntimeError
        except RuntimeError:
            pass
        bump_generation()
    assert callbacks == [_after_commit]
