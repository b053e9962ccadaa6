"""A process freezes what it holds for its whole life after its first requests and tasks
(``core.long_lived``), so that the garbage collector's full collections skip it."""

import gc
import weakref

import pytest
from celery.signals import task_postrun

import core.long_lived


@pytest.fixture
def counting_from_zero(monkeypatch):
    """This process's count of requests and tasks from 0, freezing after the 1st and 3rd;
    the test's freezes undone afterwards."""
    monkeypatch.setattr(core.long_lived, "_done", 0)
    monkeypatch.setattr(core.long_lived, "FREEZE_AFTER", frozenset({1, 3}))
    gc.unfreeze()
    yield
    gc.unfreeze()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _garbage_cycle() -> weakref.ref:
    """An unreachable cycle (only the cyclic collector frees it), and a weak reference."""
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_the_first_request_freezes_what_is_alive_but_no_garbage(
    client, counting_from_zero, db, monkeypatch
):
    freezes: list[int] = []
    garbage: list[weakref.ref] = []
    freeze = core.long_lived.freeze_long_lived

    def counted() -> None:
        freezes.append(core.long_lived._done)
        garbage.append(_garbage_cycle())  # garbage at the moment of the freeze
        freeze()

    monkeypatch.setattr(core.long_lived, "freeze_long_lived", counted)
    assert gc.get_freeze_count() == 0
    assert client.get("/").status_code == 200
    assert gc.get_freeze_count() > 0  # what the process holds, frozen
    client.get("/")
    client.get("/")  # what later requests loaded is frozen after the 3rd
    assert freezes == [1, 3]
    assert [ref() for ref in garbage] == [None, None]  # collected, not frozen


def test_a_finished_task_counts_as_a_request_does(counting_from_zero):
    task_postrun.send(sender=None, task_id="t", task=None, args=(), kwargs={}, retval=None)
    assert core.long_lived._done == 1
    assert gc.get_freeze_count() > 0


def test_an_emission_import_runs_with_the_collector_paused_and_enables_it_again(
    municipalities, ggt_2021, monkeypatch
):
    from indicators.services import emissions
    from tests.conftest import UMEA, load_emissions

    seen: list[bool] = []
    refresh = emissions.emission_totals_refresh

    def spying(**kwargs):
        seen.append(gc.isenabled())
        return refresh(**kwargs)

    monkeypatch.setattr(emissions, "emission_totals_refresh", spying)
    assert gc.isenabled()
    load_emissions(ggt_2021, {UMEA})
    assert seen == [False] and gc.isenabled()

    def failing(**_kwargs):
        raise RuntimeError("after the rows were written")

    monkeypatch.setattr(emissions, "emission_totals_refresh", failing)
    with pytest.raises(RuntimeError, match="after the rows were written"):
        load_emissions(ggt_2021, {UMEA, "0114"})
    assert gc.isenabled()
