"""Emission inventories (their cells and the municipality totals derived from them) and
carbon budgets."""

from __future__ import annotations

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cities.models import City
from indicators.models.indicators import FIRST_YEAR, LAST_YEAR, YEAR_VALIDATORS, SourceRelease


class EmissionRowId(models.BigAutoField):
    """The emission row's id: on SQLite a plain alias of the rowid, without AUTOINCREMENT
    (PostgreSQL: the identity column as for every other table).

    AUTOINCREMENT only keeps SQLite from giving a new row the id of a deleted last row,
    and pays for it on every insert with a look-up and an update of ``sqlite_sequence``
    (a sixth of writing a national file into the table). No foreign key, page or content
    history refers to an emission row by its id; the import reads the ids it updates in
    its own transaction. Only Django's admin log names rows by id: should staff delete
    the newest rows there by hand, that log's lines for them would list under the rows
    that next take those ids (on SQLite; PostgreSQL never reuses an id)."""

    def db_type_suffix(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return None
        return super().db_type_suffix(connection)


class EmissionRow(models.Model):
    """One cell of a territorial emission inventory (Nationella emissionsdatabasen):
    a municipality's emissions of one substance in one year from one (sub)sector.

    ``sector == "Alla"`` is the municipality's total as the source states it;
    ``subsector == "Alla"`` is a main sector's total.

    On PostgreSQL the table is partitioned by release, its primary key (id, release_id)
    (migration 0015; the import loads a new release as a partition of its own,
    ``indicators.services.emissions._partition_load``); on SQLite it is a plain table.
    """

    TOTAL = "Alla"

    id = EmissionRowId(primary_key=True)
    # No database-level foreign keys on this table (db_constraint=False), and no index of
    # its own on city or release: the natural key's unique index starts (release, city),
    # and every query names the release. Its only writer, the import
    # (indicators.services.emissions), resolves every municipality code against City and
    # makes the release in the same transaction, so the database's deferred checks of
    # 250 000 rows only repeated that (45 % of an import's time on PostgreSQL). Deleting a
    # city or a release is still CASCADE and PROTECT: Django does both itself.
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="emission_rows",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    substance = models.CharField(_("ämne"), max_length=16)
    sector = models.CharField(_("huvudsektor"), max_length=100)
    subsector = models.CharField(_("undersektor"), max_length=150)
    tonnes = models.FloatField(_("ton per år"))
    release = models.ForeignKey(
        SourceRelease,
        on_delete=models.PROTECT,
        related_name="emission_rows",
        verbose_name=_("dataleverans"),
        db_constraint=False,  # see city
        db_index=False,  # the natural key's index starts with it
    )

    class Meta:
        verbose_name = _("utsläppsrad")
        verbose_name_plural = _("utsläppsrader")
        constraints = [
            # Release first: every query on the table names the release (a city's series
            # in it, every city's sectors in it, what it holds, whether it has rows), so
            # this one index serves them all and an import maintains one index, not two
            # (a release's own index cost a fifth of writing a national file).
            models.UniqueConstraint(
                fields=["release", "city", "substance", "year", "sector", "subsector"],
                name="emissionrow_unique_natural_key",
            ),
            models.CheckConstraint(condition=Q(tonnes__gte=0), name="emissionrow_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="emissionrow_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.year} {self.substance} {self.sector}/{self.subsector}"


class EmissionTotal(models.Model):
    """A municipality's total emissions of one substance in one year of one release.

    Derived from ``EmissionRow`` by the import service (``emission_totals_refresh``), so
    pages read 290 × years rows instead of aggregating every sector row. ``stated`` tells
    whether the source states the total itself (SMHI's "Alla/Alla" row) or gives main
    sectors only, in which case the total is their sum.
    """

    release = models.ForeignKey(
        SourceRelease, on_delete=models.CASCADE, related_name="emission_totals"
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="emission_totals")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    tonnes = models.FloatField(_("ton per år"))
    stated = models.BooleanField(_("angiven av källan"), default=True)

    class Meta:
        verbose_name = _("utsläpp totalt")
        verbose_name_plural = _("utsläpp totalt")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "city", "year"], name="emissiontotal_unique_natural_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.year}: {self.tonnes}"


class CarbonBudgetQuerySet(models.QuerySet["CarbonBudget"]):
    def newest_per_city(self, city_ids: list[int]) -> dict[int, CarbonBudget]:
        """The newest budget of each city (newest release first), in one query."""
        budgets: dict[int, CarbonBudget] = {}
        query = self.filter(city_id__in=city_ids).select_related("release")
        for budget in query.order_by(
            "city_id",
            F("release__covers_to").desc(nulls_last=True),
            F("release__released_on").desc(nulls_last=True),
            "-release_id",
        ):
            budgets.setdefault(budget.city_id, budget)
        return budgets


class CarbonBudget(models.Model):
    """A municipality's carbon budget (utsläppsutrymme, koldioxidbudget): the emissions
    of one substance it may still emit from ``start_year`` through ``end_year``, as one
    source release allocates them.

    The budgets we load are Klimatkollen's allocation of Uppsala University's national
    CO2 budget over the municipalities: derived figures from a peer, not an official
    table, always shown as "Klimatkollens fördelning". They cover fossil CO2 only, so
    they are followed on the CO2 inventory, never on all greenhouse gases.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="carbon_budgets")
    release = models.ForeignKey(
        SourceRelease,
        on_delete=models.PROTECT,
        related_name="carbon_budgets",
        verbose_name=_("dataleverans"),
    )
    substance = models.CharField(_("ämne"), max_length=16, default="CO2")
    amount = models.FloatField(_("utsläppsutrymme (ton)"))
    start_year = models.PositiveSmallIntegerField(_("från år"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("till och med år"), validators=YEAR_VALIDATORS)

    objects = CarbonBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("koldioxidbudget")
        verbose_name_plural = _("koldioxidbudgetar")
        ordering = ["city", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["release", "city"], name="carbonbudget_unique_key"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="carbonbudget_not_negative"),
            models.CheckConstraint(
                condition=Q(end_year__gt=F("start_year")), name="carbonbudget_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.substance} {self.start_year}–{self.end_year}: {self.amount}"
