"""Shared fixtures: the real data files, the municipalities, Umeå's goals, named actors,
and the factories of the domain objects (``tests/factories.py``) as fixtures.

Parsing the real files is done once per test run (by one worker when the run is spread
over several with pytest-xdist: see ``parsed_once``); loading their rows into the test
database is done per test (inside the test's transaction), for only the cities a test
needs, so tests stay fast and independent.
"""

from __future__ import annotations

import copy
import datetime as dt
import fcntl
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

import core.cache
import core.stored_pages
from cities.models import City, County
from cities.reference_data import CONTRACT_CITY_NAMES, municipality_slugs
from core.cache import bump_generation
from indicators.parsers.base import EmissionRecord
from indicators.parsers.detect import parse_any
from indicators.parsers.scb import load_municipality_list
from indicators.services.emissions import emissions_import
from tests import factories
from tests.factories import UserFactory, person_with_role

# No property test has a time limit: on a loaded machine (CI beside other work) an
# example can take longer than Hypothesis' default 200 ms; speed is the benchmarks' work.
hypothesis_settings.register_profile("klimat", deadline=None)
hypothesis_settings.load_profile("klimat")

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("KLIMAT_DATA_DIR", ROOT.parent / "shared" / "data")).resolve()

GGT_CSV = DATA_DIR / "ned" / "smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv"
GGT_JSON = DATA_DIR / "ned" / "klimatkollen_municipality-sector-emissions_GGT_1990-2024.json"
UMEA = "2480"
MALMO = "1280"

T = TypeVar("T")


def parsed_once(tmp_path_factory: pytest.TempPathFactory, name: str, parse: Callable[[], T]) -> T:
    """``parse()``'s result (a real file parsed), computed once per test run.

    Under pytest-xdist every worker has its own session, so a session fixture alone would
    parse the file once per worker: here the first worker that needs it parses it and
    leaves it pickled in the run's shared temporary folder, and the others read that,
    waiting on a file lock while it is written.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return parse()
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, shared by workers
    stored = shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            return pickle.loads(stored.read_bytes())  # noqa: S301 - written by this run
        value = parse()
        stored.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value


#: Tests render templates without running collectstatic first.
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN_STATIC}


#: Hashing a password properly takes a third of a second; tests create many users.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _stored_pages_in_the_request(settings):
    """A stale stored page is rebuilt in the request, not by a thread: a thread would not
    see the test's transaction."""
    settings.STORED_PAGES_THREAD = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


#: The day the figures of the tests on the clock were worked out (the lag years 2023–2025).
DECEMBER_2026 = dt.date(2026, 12, 7)


@pytest.fixture
def december_2026(monkeypatch) -> dt.date:
    """Today is 7 December 2026: the last year that has ended is 2025, so SMHI's CO2 (through
    2022) has the lag years 2023–2025 estimated. For tests whose figures depend on it."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else DECEMBER_2026

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return DECEMBER_2026


@pytest.fixture(autouse=True)
def _swedish_to_begin_with():
    """Every test starts in the site's language, Swedish. The language middleware
    activates each visitor's language in the thread and nothing deactivates it, so
    without this a test after one that asked for an English page would run in English
    (messages of services called outside a request included)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    _forget()
    yield
    _forget()


def _forget() -> None:
    """Empty the shared cache and this process's copies of what it held (the generation,
    stored pages): each test starts as after a restart."""
    cache.clear()
    core.cache.forget_local()
    core.stored_pages.forget_local()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    assert DATA_DIR.is_dir(), f"KLIMAT_DATA_DIR {DATA_DIR} does not exist"
    return DATA_DIR


@pytest.fixture(scope="session")
def municipality_list(data_dir):
    """SCB's list of counties and municipalities 2023: (counties, municipalities)."""
    path = data_dir / "scb" / "scb_kommunlankod_2023.xls"
    with path.open("rb") as fileobj:
        return load_municipality_list(fileobj, filename=path.name)


@pytest.fixture(scope="session")
def reference_rows(municipality_list):
    """The counties as (code, name) and the municipalities as (code, name, slug, is a
    contract city), as ``reference_data_load`` and ``contract_cities_flag`` store them."""
    counties, cities = municipality_list
    slugs = municipality_slugs((m.code, m.name) for m in cities)
    contract = set(CONTRACT_CITY_NAMES)
    return (
        [(c.code, c.name) for c in counties],
        [(m.code, m.name, slugs[m.code], m.name in contract) for m in cities],
    )


@pytest.fixture
def municipalities(db, reference_rows):
    """All 290 municipalities and 21 counties, the 23 contract cities flagged, by code."""
    return municipalities_load(reference_rows)


def municipalities_load(reference_rows) -> dict[str, City]:
    """Write the municipalities and counties of ``reference_rows``; return them by code.

    The rows the reference-data services write (``tests/test_reference_data.py`` runs
    those), written here by the factories in two queries: nearly every test needs them.
    """
    county_templates, city_templates = _reference_templates(reference_rows)
    counties = {code: copy.copy(county) for code, county in county_templates.items()}
    County.objects.bulk_create(counties.values())
    cities = [copy.copy(city) for city in city_templates]
    for city in cities:
        city.county = counties[city.county_id]
    City.objects.bulk_create(cities)
    bump_generation()
    return {city.code: city for city in sorted(cities, key=lambda city: city.name)}


_templates: dict[int, tuple[dict[str, County], list[City]]] = {}


def _reference_templates(reference_rows) -> tuple[dict[str, County], list[City]]:
    """Unsaved counties and cities of ``reference_rows``, built by the factories once per
    session (in the list's order); each test writes copies of them."""
    if id(reference_rows) not in _templates:
        county_rows, city_rows = reference_rows
        build_county, build_city = factories.CountyFactory.build, factories.CityFactory.build
        counties = {code: build_county(code=code, name=name) for code, name in county_rows}
        cities = [
            build_city(
                code=code, name=name, slug=slug, county=counties[code[:2]], is_contract_city=flag
            )
            for code, name, slug, flag in city_rows
        ]
        _templates[id(reference_rows)] = (counties, cities)
    return _templates[id(reference_rows)]


def _parse_all(path: Path, names: dict[str, str]):
    with (
        path.open("rb") as fileobj,
        parse_any(fileobj, filename=path.name, municipalities=names) as parsed,
    ):
        rows = list(parsed.rows())
    return parsed.release, rows


@pytest.fixture(scope="session")
def ggt_newest(municipality_list, tmp_path_factory):
    """The newest GGT release (Klimatkollen's JSON of SMHI's 2026 release), parsed once."""
    names = {m.code: m.name for m in municipality_list[1]}
    return parsed_once(tmp_path_factory, "ggt_newest", lambda: _parse_all(GGT_JSON, names))


@pytest.fixture(scope="session")
def ggt_2021(municipality_list, tmp_path_factory):
    """SMHI's Länsrapport 2021-10-14 (GGT, with subsectors), parsed once."""
    names = {m.code: m.name for m in municipality_list[1]}
    return parsed_once(tmp_path_factory, "ggt_2021", lambda: _parse_all(GGT_CSV, names))


@contextmanager
def kept_for_the_module(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """What ``build()`` writes stays for every test of a module, as with Django's
    ``TestCase.setUpTestData``: for a module whose many tests share one expensive world.

    The module runs in one transaction, rolled back at its end; each test runs in a
    savepoint inside it (pytest-django's ``db``), so what a test writes is still undone
    after it. Give tests a deep copy of what ``build()`` returns, so that none sees
    another's changes to the objects. Only for tests on ``db``, never on
    ``transactional_db`` (a live server).
    """
    test_settings = override_settings(
        PASSWORD_HASHERS=FAST_HASHERS, STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}
    )
    with django_db_blocker.unblock(), test_settings:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        cache.clear()


def load_emissions(parsed, codes: set[str] | None = None):
    release, rows = parsed
    records = [
        r
        for r in rows
        if isinstance(r, EmissionRecord) and (codes is None or r.municipality_code in codes)
    ]
    return emissions_import(release_info=release, rows=records)


@pytest.fixture
def umea_emissions(municipalities, ggt_newest):
    """Umeå's emissions from the newest release."""
    return load_emissions(ggt_newest, {UMEA})


@pytest.fixture
def umea_goals(municipalities):
    from indicators.demo import umea_goals_load

    return umea_goals_load()


@pytest.fixture
def umea(municipalities):
    return municipalities[UMEA]


@pytest.fixture
def malmo(municipalities):
    return municipalities[MALMO]


@pytest.fixture
def umea_contracts(municipalities):
    """Umeå's versions 2020, 2021, 2022 (empty) and 2024 (from the seed), by year."""
    from contracts.demo import umea_contracts_load

    return {c.year: c for c in umea_contracts_load()}


@pytest.fixture
def umea_follow_ups(umea_contracts, commitment_follow_up_factory):
    """Umeå's 2025 follow-up, partly entered: 3.1 done, 3.2 ongoing (a draft), 4.1
    changed, 5.1 not started, 6.5 dropped; 3.3 was assessed for 2024 only."""
    from contracts.models import Commitment

    def follow_up(number: str, year: int, status: str, published: bool) -> None:
        commitment = Commitment.objects.get(section__contract=umea_contracts[2024], number=number)
        commitment_follow_up_factory(
            commitment=commitment, year=year, status=status, published=published
        )

    for number, status, published in [
        ("3.1", "done", True),
        ("3.2", "ongoing", False),
        ("4.1", "changed", True),
        ("5.1", "not_started", True),
        ("6.5", "dropped", True),
    ]:
        follow_up(number, 2025, status, published)
    follow_up("3.3", 2024, "done", True)
    return umea_contracts


def _test_version(text_of_31: str, third: tuple[str, str, str]) -> list[tuple]:
    return [
        (
            "3",
            "Kommunens åtaganden",
            "city",
            [("3.1", "Cykel", text_of_31), third],
        ),
        ("4", "Viable Cities åtaganden", "viable_cities", [("4.1", "Samordning", "VC samordnar.")]),
    ]


@pytest.fixture
def malmo_versions(malmo):
    """Two small hand-written test versions (2023, 2024) in Malmö's name, plainly test
    data: 3.1 changed, 3.2 removed, 3.3 added, 4.1 unchanged."""
    old = factories.contract_version(
        malmo,
        2023,
        _test_version(
            "Testkommunen bygger 10 km cykelväg.", ("3.2", "Buss", "Testkommunen köper elbussar.")
        ),
    )
    new = factories.contract_version(
        malmo,
        2024,
        _test_version(
            "Testkommunen bygger 20 km cykelväg.", ("3.3", "Tåg", "Testkommunen utreder pendeltåg.")
        ),
    )
    return old, new


# --- Factories of the domain objects (tests/factories.py), one fixture each ---------------


@pytest.fixture
def county_factory(db):
    return factories.CountyFactory


@pytest.fixture
def city_factory(db):
    return factories.CityFactory


@pytest.fixture
def user_factory(db):
    return factories.UserFactory


@pytest.fixture
def membership_factory(db):
    return factories.MembershipFactory


@pytest.fixture
def goal_factory(db):
    return factories.GoalFactory


@pytest.fixture
def release_factory(db):
    return factories.SourceReleaseFactory


@pytest.fixture
def indicator_factory(db):
    return factories.IndicatorFactory


@pytest.fixture
def observation_factory(db):
    return factories.ObservationFactory


@pytest.fixture
def emission_row_factory(db):
    return factories.EmissionRowFactory


@pytest.fixture
def emission_total_factory(db):
    return factories.EmissionTotalFactory


@pytest.fixture
def target_factory(db):
    return factories.TargetFactory


@pytest.fixture
def action_factory(db):
    return factories.ActionFactory


@pytest.fixture
def action_cost_factory(db):
    return factories.ActionCostFactory


@pytest.fixture
def follow_up_factory(db):
    return factories.FollowUpFactory


@pytest.fixture
def contract_factory(db):
    return factories.ContractFactory


@pytest.fixture
def contract_section_factory(db):
    return factories.ContractSectionFactory


@pytest.fixture
def commitment_factory(db):
    return factories.CommitmentFactory


@pytest.fixture
def commitment_follow_up_factory(db):
    return factories.CommitmentFollowUpFactory


@pytest.fixture
def follow_up_text_factory(db):
    return factories.FollowUpTextFactory


@pytest.fixture
def staff_note_factory(db):
    return factories.StaffNoteFactory


@pytest.fixture
def progress_report_factory(db):
    return factories.ProgressReportFactory


# --- Named actors, reused by every test --------------------------------------------------


def umea_officer_create(umea: City):
    return person_with_role(umea, "officer", username="anna.umea")


def umea_admin_create(umea: City):
    return person_with_role(umea, "admin", username="erik.umea")


def malmo_officer_create(malmo: City):
    return person_with_role(malmo, "officer", username="sara.malmo")


def staff_user_create():
    return UserFactory(username="programkontoret", staff=True)


@pytest.fixture
def umea_officer(umea):
    """An officer (handläggare) of Umeå: edits values and actions, sees Umeå's drafts."""
    return umea_officer_create(umea)


@pytest.fixture
def umea_admin(umea):
    """Umeå's city administrator: also goals, targets, officers and publishing."""
    return umea_admin_create(umea)


@pytest.fixture
def malmo_officer(malmo):
    """An officer of Malmö: must never change Umeå's content."""
    return malmo_officer_create(malmo)


@pytest.fixture
def staff_user(db):
    """Viable Cities programme staff: reads every city, drafts included."""
    return staff_user_create()


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True)


# Fixtures of the progress dashboard (issue 4): CO2 inventory, carbon budgets, SEI, population.
pytest_plugins = ["tests.city_data", "tests.compare_data"]  # compare_data: issue 7


# --- climate partnerships (issue 16) ---------------------------------------------------


@pytest.fixture
def partnership_factory(db):
    return factories.PartnershipFactory


@pytest.fixture
def member_factory(db):
    return factories.MemberFactory


@pytest.fixture
def member_commitment_factory(db):
    return factories.MemberCommitmentFactory


@pytest.fixture
def member_follow_up_factory(db):
    return factories.MemberFollowUpFactory
