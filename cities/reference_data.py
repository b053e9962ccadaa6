"""The reference data every page stands on: SCB's counties and municipalities (with
their URL slugs) and which of them have signed Klimatkontrakt 2030. Each service is one
transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from cities.models import City, County
from cities.services import UpsertCounts
from core.cache import bump_generation

# The 23 cities that have signed Klimatkontrakt 2030 (Viable Cities). The seeds name 17 of
# them; the list is the programme's public one. Staff change the flag in the admin.
CONTRACT_CITY_NAMES = (
    "Borlänge",
    "Borås",
    "Enköping",
    "Gävle",
    "Göteborg",
    "Haninge",
    "Helsingborg",
    "Järfälla",
    "Kalmar",
    "Karlstad",
    "Kristianstad",
    "Linköping",
    "Lund",
    "Malmö",
    "Nacka",
    "Skellefteå",
    "Stockholm",
    "Umeå",
    "Uppsala",
    "Västerås",
    "Växjö",
    "Örebro",
    "Östersund",
)


def municipality_slugs(municipalities: Iterable[tuple[str, str]]) -> dict[str, str]:
    """URL slug per municipality code: "Umeå" → "umea", "Upplands Väsby" → "upplands-vasby".

    Two names can fold to the same slug (Håbo 0305 and Habo 0643 both give "habo"): the
    name that is spelt exactly as its slug keeps it and the other gets its code appended
    ("habo-0305"), so the result does not depend on the order of the list.
    """
    pairs = list(municipalities)
    plain = [(code, name, slugify(name)) for code, name in pairs]
    taken: dict[str, list[tuple[str, str]]] = {}
    for code, name, slug in plain:
        taken.setdefault(slug, []).append((code, name))
    slugs = {}
    for code, name, slug in plain:
        clash = len(taken[slug]) > 1
        keeps = name.lower().replace(" ", "-") == slug
        slugs[code] = f"{slug}-{code}" if clash and not keeps else slug
    return slugs


@transaction.atomic
def reference_data_load(
    *, counties: Iterable[tuple[str, str]], municipalities: Iterable[tuple[str, str]]
) -> tuple[UpsertCounts, UpsertCounts]:
    """Create or update the counties and municipalities of SCB's official code list.

    ``counties`` are (code, name) pairs, ``municipalities`` (code, name) pairs whose county
    is the first two digits of the code. Idempotent: a second run reports all unchanged.
    """
    county_counts = UpsertCounts()
    existing_counties = {c.code: c for c in County.objects.all()}
    for code, name in counties:
        county = existing_counties.get(code)
        if county is None:
            County.objects.create(code=code, name=name)
            county_counts += UpsertCounts(created=1)
        elif county.name != name:
            county.name = name
            county.save(update_fields=["name"])
            county_counts += UpsertCounts(updated=1)
        else:
            county_counts += UpsertCounts(unchanged=1)

    city_counts = UpsertCounts()
    existing = {c.code: c for c in City.objects.all()}
    municipalities = list(municipalities)
    slugs = municipality_slugs(municipalities)
    to_create = []
    for code, name in municipalities:
        slug = slugs[code]
        city = existing.get(code)
        if city is None:
            to_create.append(City(code=code, name=name, slug=slug, county_id=code[:2]))
            city_counts += UpsertCounts(created=1)
        elif (city.name, city.slug, city.county_id) != (name, slug, code[:2]):
            city.name, city.slug, city.county_id = name, slug, code[:2]
            city.save(update_fields=["name", "slug", "county"])
            city_counts += UpsertCounts(updated=1)
        else:
            city_counts += UpsertCounts(unchanged=1)
    City.objects.bulk_create(to_create)
    if county_counts.created or county_counts.updated or city_counts.created or city_counts.updated:
        bump_generation()
    return county_counts, city_counts


@transaction.atomic
def contract_cities_flag(*, names: Iterable[str] = CONTRACT_CITY_NAMES) -> int:
    """Mark the named municipalities as contract cities; returns how many were found.

    Raises ``ValueError`` naming any name that matches no municipality, so a typo is never
    silently ignored.
    """
    wanted = set(names)
    found = dict(City.objects.filter(name__in=wanted).values_list("name", "pk"))
    missing = sorted(wanted - found.keys())
    if missing:
        raise ValueError(f"Okända kommuner: {', '.join(missing)}")
    City.objects.filter(pk__in=found.values()).update(is_contract_city=True)
    bump_generation()
    return len(found)
