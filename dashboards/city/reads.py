"""The public city page's reads, written as SQL by hand.

The page (``dashboards.city.pages``) is rebuilt whenever its data changes. Its reads are
those of ``indicators.selectors`` (``visible_goals``, ``observation_series`` …) as an
anonymous visitor makes them, and return the same values: model instances where the
progress engine and the page read models (goals, targets, indicators, releases, the
carbon budget), plain rows elsewhere, put together by the selectors' own functions
(``series_of_observations``, ``emissions_by_release_of``, ``reported_of``). Building
the ORM's queries cost several times more than the database took to run them (about
1 ms a query against 0.1–0.3 ms); here each is one string, and goals, targets and
indicators one query instead of two.

The statements are plain SQL that SQLite and PostgreSQL both run the same way as the
ORM's (the same joins, conditions and order). Values go through the converters the ORM
applies (``_Columns``): SQLite's dates, booleans and JSON come back as Django reads them.
Anyone but an anonymous visitor (drafts) is read through the ORM (``ORM_READS``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.db import connection
from django.db.models import Field, Model
from django.db.models.expressions import Col
from django.db.models.query import QuerySet
from django.http import Http404

from cities.models import City, County, Goal
from indicators.assessments import ORM_READS, CityReads, Person
from indicators.models import (
    CarbonBudget,
    ClimatePlan,
    EmissionRow,
    Indicator,
    Observation,
    ReportedInventory,
    SourceRelease,
    Target,
)
from indicators.selectors import (
    _SERIES_COLUMNS,
    IndicatorSeries,
    ReportedForCity,
    YearEmissions,
    emissions_by_release_of,
    reported_of,
    series_of_observations,
)

Converter = Callable[[Any, Any, Any], Any]
M = TypeVar("M", bound=Model)


def _q(name: str) -> str:
    """A quoted identifier (``order`` is a reserved word), as both databases quote it."""
    return f'"{name}"'


class _Columns:
    """Columns of tables (each field of a model under an alias) as a SELECT list, and
    the converters the ORM applies to their values on this database."""

    def __init__(self, fields: Sequence[tuple[str, Field]]) -> None:
        self.sql = ", ".join(f"{alias}.{_q(str(field.column))}" for alias, field in fields)
        self.attnames = tuple(field.attname for _alias, field in fields)
        self.width = len(fields)
        found: list[tuple[int, list[Converter], Col]] = []
        for i, (alias, field) in enumerate(fields):
            col = field.get_col(alias)
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if converters:
                found.append((i, converters, col))
        self.converters = found

    def values(self, row: Sequence[Any], start: int = 0) -> list[Any]:
        """The columns' values of ``row`` from position ``start``, converted."""
        values = list(row[start : start + self.width])
        for i, converters, col in self.converters:
            value = values[i]
            for converter in converters:
                value = converter(value, col, connection)
            values[i] = value
        return values


#: The kinds of field the page never reads of goals, targets and indicators (their
#: bookkeeping: when created, changed, published; a pending draft), and the dearest to
#: read: a timestamp or JSON value costs more to fetch and parse than a number.
_BOOKKEEPING = ("DateTimeField", "JSONField")


@functools.cache
def _model_columns(model: type[Model], alias: str, vendor: str, light: bool) -> _Columns:
    """Every concrete field of ``model`` (a whole instance), on the database ``vendor``;
    ``light``: all but the bookkeeping ones (``_BOOKKEEPING``), which the instance then
    defers (reading one would cost a query: the page's pinned query count tells)."""
    return _Columns(
        [
            (alias, field)
            for field in model._meta.concrete_fields
            if not (light and field.get_internal_type() in _BOOKKEEPING)
        ]
    )


@functools.cache
def _named_columns(spec: tuple[tuple[str, type[Model], str], ...], vendor: str) -> _Columns:
    """The fields named in ``spec``: (alias, model, field name) each."""
    return _Columns(
        [(alias, cast(Field, model._meta.get_field(name))) for alias, model, name in spec]
    )


def _model(model: type[Model], alias: str, *, light: bool = False) -> _Columns:
    return _model_columns(model, alias, connection.vendor, light)


def _named(*spec: tuple[str, type[Model], str]) -> _Columns:
    return _named_columns(spec, connection.vendor)


def _instance(model: type[M], columns: _Columns, row: Sequence[Any], start: int) -> M:
    """A model instance of the columns of ``row`` from ``start``, as the ORM makes it."""
    return model.from_db(connection.alias, columns.attnames, columns.values(row, start))


def _rows(sql: str, params: Sequence[Any]) -> list[tuple]:
    """The rows of ``sql`` (read ahead, or asked now). Every statement here is a literal
    but for column lists made from the models' fields, ``IN`` lists of placeholders and
    ``_nulls_last``: values are always parameters (hence the ``noqa: S608``)."""
    ahead = _ahead.get()
    if ahead is not None:
        found = ahead.pop((sql, tuple(params)), None)
        if found is not None:
            return found
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


Statement = tuple[str, list[Any]]

#: The rows of the statements read ahead (``reads_ahead``), by statement, until read.
_ahead: ContextVar[dict[tuple[str, tuple[Any, ...]], list[tuple]] | None] = ContextVar(
    "city_reads_ahead", default=None
)


@contextmanager
def reads_ahead(statements: Sequence[Statement]) -> Iterator[None]:
    """The reads inside take the rows of ``statements`` (each, once) from one round trip
    to PostgreSQL: sent together in a pipeline, their results read as they arrive,
    instead of each waiting for the one before. The page's nine statements take three
    round trips: the city; the six that need nothing but the city (its goals, the
    releases, its budget, reported inventories, climate plan and partnerships,
    ``statements_of_city``); its emission rows and recorded values, which need the
    releases and the goals' indicators (``emissions_and_observations_ahead``). What the
    database takes to run them is the same; the six round trips saved were an eighth of
    the page's build. Elsewhere (SQLite, in the process) each read asks as it comes."""
    if connection.vendor != "postgresql" or not statements:
        yield
        return
    found = zip(statements, _together(statements), strict=True)
    token = _ahead.set({(sql, tuple(params)): rows for (sql, params), rows in found})
    try:
        yield
    finally:
        _ahead.reset(token)


def _together(statements: Sequence[Statement]) -> list[list[tuple]]:
    """The rows of each of ``statements``, sent to PostgreSQL in one pipeline."""
    connection.ensure_connection()
    cursors = [connection.cursor() for _statement in statements]
    try:
        with connection.connection.pipeline():
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
            return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _in(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _nulls_last(column: str) -> str:
    """``column DESC NULLS LAST``, as the ORM writes ``F(column).desc(nulls_last=True)``."""
    if connection.features.supports_order_by_nulls_modifier:
        return f"{column} DESC NULLS LAST"
    return f"{column} IS NULL, {column} DESC"


# --- The reads ---------------------------------------------------------------------------


def city_get(*, slug: str) -> City:
    """``cities.selectors.city_get(slug=…)``: the municipality with its county; 404 when
    there is none."""
    city, county = _model(City, "c"), _model(County, "k")
    rows = _rows(
        f'SELECT {city.sql}, {county.sql} FROM "cities_city" c '  # noqa: S608
        f'INNER JOIN "cities_county" k ON (c."county_id" = k."code") '
        f'WHERE c."slug" = %s',
        [slug],
    )
    if not rows:
        raise Http404("Kommunen finns inte.")
    found = _instance(City, city, rows[0], 0)
    found.county = _instance(County, county, rows[0], city.width)
    return found


def _goal_columns() -> tuple[_Columns, _Columns, _Columns]:
    return (
        _model(Goal, "g", light=True),
        _model(Target, "t", light=True),
        _model(Indicator, "i", light=True),
    )


def _goals_statement(city: City) -> Statement:
    goal, target, indicator = _goal_columns()
    return (
        f'SELECT {goal.sql}, {target.sql}, {indicator.sql} FROM "cities_goal" g '  # noqa: S608
        f'LEFT OUTER JOIN "indicators_target" t ON (t."goal_id" = g."id" '
        f'AND t."deleted_at" IS NULL AND t."is_published") '
        f'LEFT OUTER JOIN "indicators_indicator" i ON (t."indicator_id" = i."id") '
        f'WHERE g."city_id" = %s AND g."deleted_at" IS NULL '
        f'AND g."is_published" '
        f'ORDER BY g."order" ASC, g."id" ASC, t."order" ASC, '
        f't."target_year" ASC, t."id" ASC',
        [city.pk],
    )


def visible_goals(city: City, user: Person) -> list[Goal]:
    """``indicators.selectors.visible_goals`` of one city for an anonymous visitor: its
    published goals in their order, each with its published targets (in theirs) and
    their indicators, in one query."""
    if user is not None and user.is_authenticated:
        return ORM_READS.goals(city, user)
    goal, target, indicator = _goal_columns()
    rows = _rows(*_goals_statement(city))
    goals: list[Goal] = []
    targets_of: dict[int, list[Target]] = {}
    target_start, indicator_start = goal.width, goal.width + target.width
    for row in rows:
        goal_id = row[0]
        if goal_id not in targets_of:
            goals.append(_instance(Goal, goal, row, 0))
            targets_of[goal_id] = []
        if row[target_start] is None:  # a goal without published targets
            continue
        found = _instance(Target, target, row, target_start)
        found.indicator = _instance(Indicator, indicator, row, indicator_start)
        targets_of[goal_id].append(found)
    for found_goal in goals:
        found_goal.city = city
        targets = targets_of[found_goal.pk]
        for found_target in targets:
            found_target.goal = found_goal
        # As ``prefetch_related`` leaves them: ``goal.targets.all()`` reads this list.
        prefetched: QuerySet[Target] = QuerySet(model=Target)
        prefetched._result_cache = targets
        prefetched._prefetch_done = True  # type: ignore[attr-defined]
        found_goal._prefetched_objects_cache = {"targets": prefetched}  # type: ignore[attr-defined]
    return goals


def emission_releases_newest_first() -> list[SourceRelease]:
    """``indicators.selectors.emission_releases_newest_first``, in the model's order."""
    release = _model(SourceRelease, "r")
    rows = _rows(*_releases_statement())
    return [_instance(SourceRelease, release, row, 0) for row in rows]


def _releases_statement() -> Statement:
    release = _model(SourceRelease, "r")
    covers_to, released_on = _nulls_last('r."covers_to"'), _nulls_last('r."released_on"')
    return (
        f'SELECT {release.sql} FROM "indicators_sourcerelease" r '  # noqa: S608 (see _rows)
        'WHERE NOT (r."substance" = %s) '
        f"ORDER BY {covers_to}, {released_on}",
        [""],
    )


def city_emissions_by_release(
    city: City, releases: list[SourceRelease]
) -> dict[int, list[YearEmissions]]:
    """``indicators.selectors.city_emissions_by_release``: the city's inventory years of
    each release (through the natural key's index: the substances named)."""
    statement = _emissions_statement(city, releases)
    if statement is None:
        return {}
    return emissions_by_release_of(_rows(*statement), {r.pk for r in releases})


def _emissions_statement(city: City, releases: list[SourceRelease]) -> Statement | None:
    ids = sorted({r.pk for r in releases})
    if not ids:
        return None
    substances = sorted({r.substance for r in releases})
    return (
        f'SELECT e."release_id", e."year", e."sector", e."tonnes" '  # noqa: S608
        f'FROM "indicators_emissionrow" e WHERE e."city_id" = %s '
        f'AND e."release_id" IN ({_in(ids)}) AND e."subsector" = %s '
        f'AND e."substance" IN ({_in(substances)})',
        [city.pk, *ids, EmissionRow.TOTAL, *substances],
    )


#: ``_SERIES_COLUMNS`` of ``observation_series``: (alias, model, field) each.
_OBSERVATION_TABLES: dict[str, tuple[str, type[Model]]] = {
    "indicator": ("i", Indicator),
    "release": ("r", SourceRelease),
    "city": ("c", City),
}


def _observation_column(name: str) -> tuple[str, type[Model], str]:
    relation, _sep, field = name.partition("__")
    if not field:
        return ("o", Observation, relation)
    alias, model = _OBSERVATION_TABLES[relation]
    return (alias, model, field)


_OBSERVATION_COLUMNS = tuple(_observation_column(name) for name in _SERIES_COLUMNS)


def observation_series(
    city: City, indicator_ids: list[int], keys: tuple[str, ...], user: Person
) -> dict[str, IndicatorSeries]:
    """``indicators.selectors.observation_series`` of one city for an anonymous visitor
    (published observations only)."""
    if user is not None and user.is_authenticated:
        return ORM_READS.observations(city, indicator_ids, keys, user)
    statement = _observations_statement(city, indicator_ids, keys)
    if statement is None:
        return {}
    columns = _named(*_OBSERVATION_COLUMNS)
    converted = [tuple(columns.values(row)) for row in _rows(*statement)]
    return series_of_observations(converted).get(city.pk, {})


def _observations_statement(
    city: City, indicator_ids: list[int], keys: tuple[str, ...]
) -> Statement | None:
    ids, wanted = list(indicator_ids), list(keys)
    which = []
    if ids:
        which.append(f'o."indicator_id" IN ({_in(ids)})')
    if wanted:
        which.append(f'i."key" IN ({_in(wanted)})')
    if not which:
        return None
    return (
        f'SELECT {_named(*_OBSERVATION_COLUMNS).sql} FROM "indicators_observation" o '  # noqa: S608
        f'INNER JOIN "cities_city" c ON (o."city_id" = c."id") '
        f'INNER JOIN "indicators_indicator" i ON (o."indicator_id" = i."id") '
        f'INNER JOIN "indicators_sourcerelease" r ON (o."release_id" = r."id") '
        f'WHERE o."city_id" = %s AND ({" OR ".join(which)}) '
        f'AND o."deleted_at" IS NULL AND o."is_published" '
        # The observations' default order: indicator (by name), city (by name), year.
        f'ORDER BY i."name" ASC, c."name" ASC, o."year" ASC',
        [city.pk, *ids, *wanted],
    )


def emissions_and_observations_ahead(
    city: City,
    releases: list[SourceRelease],
    indicator_ids: list[int],
    keys: tuple[str, ...],
    user: Person,
) -> AbstractContextManager[object]:
    """``city_progress``'s second round trip: its emission rows and recorded values,
    which need the releases and the goals' indicators the first one read, asked together
    (``reads_ahead``); an officer's reads (drafts) go through the ORM."""
    if user is not None and user.is_authenticated:
        return nullcontext()
    statements = (
        _emissions_statement(city, releases),
        _observations_statement(city, indicator_ids, keys),
    )
    return reads_ahead([s for s in statements if s is not None])


def carbon_budget(city: City) -> CarbonBudget | None:
    """``indicators.selectors.carbon_budgets`` of one city: its newest budget, with its
    release."""
    budget, release = _model(CarbonBudget, "b"), _model(SourceRelease, "r")
    rows = _rows(*_budget_statement(city))
    if not rows:
        return None
    found = _instance(CarbonBudget, budget, rows[0], 0)
    found.release = _instance(SourceRelease, release, rows[0], budget.width)
    return found


def _budget_statement(city: City) -> Statement:
    budget, release = _model(CarbonBudget, "b"), _model(SourceRelease, "r")
    covers_to, released_on = _nulls_last('r."covers_to"'), _nulls_last('r."released_on"')
    return (
        f'SELECT {budget.sql}, {release.sql} FROM "indicators_carbonbudget" b '  # noqa: S608
        'INNER JOIN "indicators_sourcerelease" r ON (b."release_id" = r."id") '
        'WHERE b."city_id" = %s '
        f'ORDER BY {covers_to}, {released_on}, b."release_id" DESC',
        [city.pk],
    )


def reported_for_city(city: City) -> ReportedForCity:
    """``indicators.selectors.reported_for_city``: the city's reported inventories and
    its newest climate plan, in two queries."""
    inventory, plan = _inventory_columns(), _plan_columns()
    rows = _rows(*_inventories_statement(city))
    plans = _rows(*_plan_statement(city))
    return reported_of(
        [tuple(inventory.values(row)) for row in rows],
        tuple(plan.values(plans[0])) if plans else None,
    )


def _inventory_columns() -> _Columns:
    return _named(
        *(
            ("v", ReportedInventory, name)
            for name in ("accounting_year", "basic", "total", "scope1", "scope2", "scope3")
        ),
        ("v", ReportedInventory, "protocol"),
    )


def _inventories_statement(city: City) -> Statement:
    return (
        f'SELECT {_inventory_columns().sql} FROM "indicators_reportedinventory" v '  # noqa: S608
        f'INNER JOIN "indicators_sourcerelease" r ON (v."release_id" = r."id") '
        f'WHERE v."city_id" = %s '
        f'ORDER BY v."accounting_year" ASC, r."covers_to" DESC, '
        f'v."release_id" DESC',
        [city.pk],
    )


def _plan_columns() -> _Columns:
    return _named(
        *(("p", ClimatePlan, name) for name in ("title", "year", "year_text", "link")),
        ("r", SourceRelease, "publisher"),
        ("r", SourceRelease, "name"),
    )


def _plan_statement(city: City) -> Statement:
    return (
        f'SELECT {_plan_columns().sql} FROM "indicators_climateplan" p '  # noqa: S608
        f'INNER JOIN "indicators_sourcerelease" r ON (p."release_id" = r."id") '
        f'WHERE p."city_id" = %s '
        f'ORDER BY r."imported_at" DESC, p."release_id" DESC LIMIT 1',
        [city.pk],
    )


def partnership_names(city: City) -> list[tuple[int, str]]:
    """``partners.selectors.partnership_names``: (id, name) of the city's published
    partnerships, by name."""
    return _rows(*_partnerships_statement(city))


def _partnerships_statement(city: City) -> Statement:
    return (
        'SELECT p."id", p."name" FROM "partners_partnership" p '
        'WHERE p."deleted_at" IS NULL AND p."is_published" '
        'AND p."city_id" = %s ORDER BY p."name" ASC, p."id" ASC',
        [city.pk],
    )


def statements_of_city(city: City) -> list[Statement]:
    """The statements of the public page's reads that need nothing but ``city``: what
    ``reads_ahead`` sends together."""
    return [
        _goals_statement(city),
        _releases_statement(),
        _budget_statement(city),
        _inventories_statement(city),
        _plan_statement(city),
        _partnerships_statement(city),
    ]


#: ``city_progress``'s reads for the public page.
SQL_READS = CityReads(
    goals=visible_goals,
    releases=emission_releases_newest_first,
    emissions=city_emissions_by_release,
    observations=observation_series,
    budget=carbon_budget,
    ahead=emissions_and_observations_ahead,
)
