"""The home page: the contract cities with their latest emissions, and every municipality
by county."""

from __future__ import annotations

from dataclasses import dataclass

from cities.selectors import city_list
from core.cache import cached
from dashboards.city.pages import ReleaseCredit
from dashboards.city.words import BASE_YEAR, SUBSTANCE
from indicators.selectors import emission_release, emission_totals


@dataclass
class CityRow:
    code: str
    name: str
    slug: str
    county_name: str
    latest_year: int | None
    latest_total: float | None
    change_since_base_pct: float | None


@dataclass
class HomePage:
    contract_cities: list[CityRow]
    counties: list[tuple[str, list[tuple[str, str]]]]  # county name → [(city name, slug)]
    credit: ReleaseCredit | None


def home_page() -> HomePage:
    return cached("home-page", _build_home_page)


def _build_home_page() -> HomePage:
    cities = list(city_list())
    contract = [c for c in cities if c.is_contract_city]
    release = emission_release(substance=SUBSTANCE)
    totals = emission_totals(release=release, city_ids=[c.pk for c in contract]) if release else {}
    rows = []
    for city in contract:
        series = totals.get(city.pk, {})
        latest_year = max(series) if series else None
        latest = series.get(latest_year) if latest_year else None
        base = series.get(BASE_YEAR)
        rows.append(
            CityRow(
                code=city.code,
                name=city.name,
                slug=city.slug,
                county_name=city.county.name,
                latest_year=latest_year,
                latest_total=latest,
                change_since_base_pct=(latest / base - 1) * 100 if latest and base else None,
            )
        )
    by_county: dict[str, list[tuple[str, str]]] = {}
    for city in sorted(cities, key=lambda c: (c.county_id, c.name)):
        by_county.setdefault(city.county.name, []).append((city.name, city.slug))
    return HomePage(
        contract_cities=rows,
        counties=list(by_county.items()),
        credit=ReleaseCredit(release.name, release.publisher) if release else None,
    )
