"""Shared fixtures: the real data files, the municipalities, Umeå's goals, named actors.

Parsing the real files is done once per test session; loading their rows into the
test database is done per test (inside the test's transaction), for only the cities a
test needs, so tests stay fast and independent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from cities.reference_data import contract_cities_flag, reference_data_load
from indicators.parsers.base import EmissionRecord
from indicators.parsers.detect import parse_any
from indicators.parsers.scb import load_municipality_list
from indicators.services.emissions import emissions_import

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("KLIMAT_DATA_DIR", ROOT.parent / "shared" / "data")).resolve()

GGT_CSV = DATA_DIR / "ned" / "smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv"
GGT_JSON = DATA_DIR / "ned" / "klimatkollen_municipality-sector-emissions_GGT_1990-2024.json"
UMEA = "2480"
MALMO = "1280"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a password properly takes a third of a second; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    assert DATA_DIR.is_dir(), f"KLIMAT_DATA_DIR {DATA_DIR} does not exist"
    return DATA_DIR


@pytest.fixture(scope="session")
def municipality_list(data_dir):
    path = data_dir / "scb" / "scb_kommunlankod_2023.xls"
    with path.open("rb") as fileobj:
        return load_municipality_list(fileobj, filename=path.name)


@pytest.fixture
def municipalities(db, municipality_list):
    """All 290 municipalities and 21 counties, the 23 contract cities flagged."""
    counties, cities = municipality_list
    reference_data_load(
        counties=[(c.code, c.name) for c in counties],
        municipalities=[(m.code, m.name) for m in cities],
    )
    contract_cities_flag()
    from cities.models import City

    return {city.code: city for city in City.objects.select_related("county")}


def _parse_all(path: Path, names: dict[str, str]):
    with (
        path.open("rb") as fileobj,
        parse_any(fileobj, filename=path.name, municipalities=names) as parsed,
    ):
        rows = list(parsed.rows())
    return parsed.release, rows


@pytest.fixture(scope="session")
def ggt_newest(municipality_list):
    """The newest GGT release (Klimatkollen's JSON of SMHI's 2026 release), parsed once."""
    names = {m.code: m.name for m in municipality_list[1]}
    return _parse_all(GGT_JSON, names)


@pytest.fixture(scope="session")
def ggt_2021(municipality_list):
    """SMHI's Länsrapport 2021-10-14 (GGT, with subsectors), parsed once."""
    names = {m.code: m.name for m in municipality_list[1]}
    return _parse_all(GGT_CSV, names)


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


# --- Named actors, reused by every test --------------------------------------------------
PASSWORD = "ett-långt-testlösenord-2030"


def make_user(username: str, **fields):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.se", password=PASSWORD, **fields
    )


def give_role(user, city, role: str):
    from cities.models import Membership

    Membership.objects.create(user=user, city=city, role=role)
    return user


@pytest.fixture
def umea_officer(umea):
    """An officer (handläggare) of Umeå: edits values and actions, sees Umeå's drafts."""
    return give_role(make_user("anna.umea"), umea, "officer")


@pytest.fixture
def umea_admin(umea):
    """Umeå's city administrator: also goals, targets, officers and publishing."""
    return give_role(make_user("erik.umea"), umea, "admin")


@pytest.fixture
def malmo_officer(malmo):
    """An officer of Malmö: must never change Umeå's content."""
    return give_role(make_user("sara.malmo"), malmo, "officer")


@pytest.fixture
def staff_user(db):
    """Viable Cities programme staff: reads every city, drafts included."""
    return make_user("programkontoret", is_staff=True)


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username="admin", email="admin@example.se", password=PASSWORD
    )


# Fixtures of the progress dashboard (issue 4): CO2 inventory, carbon budgets, SEI, population.
pytest_plugins = ["tests.city_data", "tests.compare_data"]  # compare_data: issue 7
