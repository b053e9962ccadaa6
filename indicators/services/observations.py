"""Indicator values (utfall) from files: upserted by their natural key with who and
when in the history, published at once or (a city's own upload) as drafts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cities.drafts import stage, working
from cities.history import diff, snapshot
from cities.models import ChangeAction, ChangeRecord
from indicators import definitions
from indicators.models import Indicator, Observation, SourceRelease
from indicators.parsers.base import (
    OWN_SOURCE,
    SEVERITY_WARNING,
    ObservationRecord,
    ReleaseInfo,
    RowError,
)
from indicators.parsers.kolada_kpis import KpiInfo
from indicators.plausibility import Neighbours, check_value
from indicators.services.importing import (
    BATCH_SIZE,
    SAMPLE_LIMIT,
    ChangeSample,
    ImportResult,
    Ledger,
    Progress,
    batched,
    release_covers,
    release_get_or_create,
)


class _Indicators:
    """Resolves the indicator keys of a file to indicators.

    A national import (programme staff, the scheduled fetch, the command: ``city_ids``
    None) may create the shared indicators an import creates (population,
    consumption-based emissions, Kolada KPIs). A city's upload never creates or changes
    a shared indicator: it reads the shared ones and the city's own (a Kolada KPI the
    city has defined as its own indicator, with the direction it chose); any other KPI
    is refused with a message saying how to add it.
    """

    def __init__(self, catalogue: dict[str, KpiInfo], city_ids: Collection[int] | None = None):
        self.catalogue = catalogue
        self.national = city_ids is None
        self.by_key: dict[str, Indicator] = {}
        self.by_kolada: dict[str, Indicator] = {}
        self.refused: dict[str, str] = {}
        for indicator in Indicator.objects.order_by(F("city_id").asc(nulls_first=True)):
            self.by_key[indicator.key] = indicator
            readable = indicator.city_id is None or (
                city_ids is not None and indicator.city_id in city_ids
            )
            if indicator.kolada_id and readable and indicator.deleted_at is None:
                self.by_kolada.setdefault(indicator.kolada_id.upper(), indicator)

    def get(self, key: str) -> Indicator | str:
        """The indicator for ``key``, or a Swedish message saying why there is none."""
        found = self.by_key.get(key)
        if found is not None:
            return found
        kpi = definitions.kolada_id_of(key)
        if kpi is not None:
            found = self.by_kolada.get(kpi)
            if found is None:
                if not self.national:
                    return self._refuse_kpi(kpi)
                alias = definitions.KOLADA_ALIASES.get(kpi)
                fields = (
                    definitions.KNOWN[alias]
                    if alias
                    else definitions.kolada_definition(kpi, self.catalogue)
                )
                found = self._create(alias or f"kolada:{kpi}", fields)
                self.by_kolada[kpi] = found
            self.by_key[key] = found
            return found
        if key in definitions.KNOWN:
            if not self.national:
                return (
                    f"Indikatorn '{key}' finns inte ännu; den läggs till av programkontoret "
                    "vid en nationell import."
                )
            return self._create(key, definitions.KNOWN[key])
        return f"Indikatorn '{key}' finns inte; se indikatorlistan för giltiga nycklar."

    def _refuse_kpi(self, kpi: str) -> str:
        """Why a city's upload may not bring a Kolada KPI that is no indicator yet."""
        if kpi not in self.refused:
            info = self.catalogue.get(kpi)
            title = f" ({info.name})" if info is not None else ""
            self.refused[kpi] = (
                f"Kolada-nyckeltalet {kpi}{title} är ingen indikator ännu, och gemensamma "
                "indikatorer läggs bara till av programkontoret. Lägg till det som kommunens "
                f"egen indikator (Min kommun, Indikatorer: Kolada-id {kpi}, och om högre "
                "eller lägre värden är bättre) och ladda upp filen igen."
            )
        return self.refused[kpi]

    def _create(self, key: str, fields: dict[str, str]) -> Indicator:
        indicator = self.by_key.get(key)
        if indicator is None:
            indicator = Indicator.objects.create(key=key, **fields)
            self.by_key[key] = indicator
        return indicator


@transaction.atomic
def observations_import(
    *,
    release_info: ReleaseInfo,
    rows: Iterable[ObservationRecord | RowError],
    skip_rejected: bool = False,
    dry_run: bool = False,
    by: User | None = None,
    allowed_city_ids: Collection[int] | None = None,
    progress: Progress | None = None,
    catalogue: dict[str, KpiInfo] | None = None,
    filename: str = "",
    publish: bool = True,
    confirm_jumps: bool = False,
) -> ImportResult:
    """Upsert indicator values (utfall) of one release by their natural key (indicator,
    municipality, year, release), with who and when in the history.

    ``publish`` (national imports of official statistics by programme staff, the
    scheduled fetch, the command): the values are published as they land. Without it (a
    city's own upload) they follow the draft rule of the forms (``cities.drafts``): new
    values are drafts, a change to a published value waits beside it until a city
    administrator publishes it, and "unchanged" means unchanged from what the city's
    people see.

    Same rules as :func:`emissions_import`: one pass in batches; any rejected row means
    nothing is written unless ``skip_rejected``; rows of municipalities outside
    ``allowed_city_ids`` are always refused; ``dry_run`` writes nothing. Shared
    indicators for Kolada KPIs are created on first import (named from ``catalogue``);
    Kolada's N01951 and SCB's population tables both land in the indicator
    ``population``. A revised release is stored beside the older one.

    The city's own figures (the template) are checked by ``indicators.plausibility``:
    a value outside its indicator's range rejects its row; a jump from a neighbouring
    published year is listed (a notice in a dry run, for the preview) and stops the
    import unless the person confirmed the jumps (``confirm_jumps``).
    """
    user = by if by is not None and by.is_authenticated else None
    ledger = Ledger.start(
        file=filename or release_info.name,
        skip_rejected=skip_rejected,
        allowed_city_ids=allowed_city_ids,
    )
    ledger.confirm_jumps = confirm_jumps or dry_run
    plausible = _Plausibility() if release_info.source == OWN_SOURCE else None
    indicators = _Indicators(catalogue or {}, allowed_city_ids)
    upserts = _Upserts(release_info, publish=publish, user=user, now=timezone.now())
    content_type = ContentType.objects.get_for_model(Observation)
    for batch in batched(rows, BATCH_SIZE):
        for record in batch:
            if isinstance(record, RowError):
                ledger.note(record)
                continue
            checked = _checked(record, ledger, indicators)
            if checked is not None and plausible is not None:
                checked = plausible.check(record, *checked, ledger)
            if checked is not None and not ledger.blocked:
                upserts.upsert(record, *checked, ledger)
        ledger.rows_read += len(batch)
        if not dry_run and not ledger.blocked:
            upserts.write(content_type)
        upserts.clear()
        if progress is not None:
            progress(ledger.rows_read)

    ledger.check()
    release = upserts.release or release_get_or_create(info=release_info)
    release_covers(release, upserts.last_year)
    return ledger.finish(release, dry_run=dry_run)


class _Upserts:
    """The values one file writes into its release: what the release already holds of
    each indicator, and the batch of new and changed values waiting to be written."""

    def __init__(self, info: ReleaseInfo, *, publish: bool, user: User | None, now):
        self.info, self.publish, self.user, self.now = info, publish, user, now
        self.release: SourceRelease | None = None
        self.held: dict[int, dict[tuple[int, int], Observation]] = {}
        self.last_year: int | None = None
        self.to_create: list[Observation] = []
        self.to_update: list[tuple[Observation, dict]] = []

    def holding(self, indicator: Indicator) -> dict[tuple[int, int], Observation]:
        """What the release holds of ``indicator``: (city id, year) → value."""
        if self.release is None:
            self.release = release_get_or_create(info=self.info)
        if indicator.pk not in self.held:
            known = self.held[indicator.pk] = {}
            for row in Observation.objects.filter(
                indicator=indicator, release=self.release, deleted_at__isnull=True
            ):
                row.indicator = indicator  # the history label reads it; no query per row
                known[(row.city_id, row.year)] = row
        return self.held[indicator.pk]

    def upsert(
        self, record: ObservationRecord, city: tuple[int, str], indicator: Indicator, ledger: Ledger
    ) -> None:
        """Create, change (published, or as a pending draft) or leave one value."""
        known = self.holding(indicator)
        self.last_year = max(self.last_year or record.year, record.year)
        note, reference = record.note, _reference(record, self.info.publisher)
        found = known.get((city[0], record.year))
        if found is None:
            known[(city[0], record.year)] = self._new(record, city[0], indicator, reference)
            ledger.created += 1
            if len(ledger.new_samples) < SAMPLE_LIMIT:
                ledger.new_samples.append(_observation_sample(record, city[1], indicator, None))
            return
        if self.publish:
            now = (record.value, record.status, note, reference)
            if (found.value, found.status, found.note, found.reference) == now:
                ledger.unchanged += 1
                return
            before, old = snapshot(found), found.value
            found.value, found.status, found.note, found.reference = now
            if not found.is_published:
                found.is_published, found.published_at = True, self.now
        else:
            # A city's own upload: drafted like the forms' edits, "unchanged" from what
            # the city's people see (a pending change included).
            before, old = snapshot(found), working(found).value
            changes = {
                "value": record.value,
                "status": record.status,
                "note": note,
                "reference": reference,
            }
            if not stage(found, changes, by=self.user):
                ledger.unchanged += 1
                return
        if len(ledger.changed_samples) < SAMPLE_LIMIT:
            ledger.changed_samples.append(_observation_sample(record, city[1], indicator, old))
        found.version += 1
        found.updated_by = self.user
        found.updated_at = self.now
        self.to_update.append((found, before))
        ledger.updated += 1

    def _new(
        self, record: ObservationRecord, city_id: int, indicator: Indicator, reference: str
    ) -> Observation:
        observation = Observation(
            indicator=indicator,
            city_id=city_id,
            year=record.year,
            value=record.value,
            status=record.status,
            release=self.release,
            note=record.note,
            reference=reference,
            is_published=self.publish,
            published_at=self.now if self.publish else None,
            updated_by=self.user,
        )
        self.to_create.append(observation)
        return observation

    def write(self, content_type: ContentType) -> None:
        """Write the batch and its history."""
        _write_observations(self.to_create, self.to_update, content_type, self.user, self.now)

    def clear(self) -> None:
        self.to_create, self.to_update = [], []


class _Plausibility:
    """Checks each value of the city's own figures (``indicators.plausibility``),
    reading each indicator's published neighbours once per city."""

    def __init__(self) -> None:
        self.neighbours = Neighbours()

    def check(
        self,
        record: ObservationRecord,
        city: tuple[int, str],
        indicator: Indicator,
        ledger: Ledger,
    ) -> tuple[tuple[int, str], Indicator] | None:
        """The row's (city, indicator) when its value may land; None after noting an
        out-of-range value as the row's error. A jump is noted to be confirmed."""
        found = check_value(
            indicator, city[0], record.year, record.value, neighbours=self.neighbours
        )
        value = str(record.value)
        for problem in found:
            if problem.is_error:
                ledger.errors.append(
                    RowError(ledger.file, record.row, "Värde", problem.message, value)
                )
            else:
                jump = RowError(
                    ledger.file, record.row, "Värde", problem.message, value, SEVERITY_WARNING
                )
                ledger.jumps.append(jump)
                ledger.warnings.append(jump)
        return None if any(p.is_error for p in found) else (city, indicator)


def _checked(
    record: ObservationRecord, ledger: Ledger, indicators: _Indicators
) -> tuple[tuple[int, str], Indicator] | None:
    """The row's municipality (id, name) and indicator, or None after noting in
    ``ledger`` why the row cannot be imported."""
    city = ledger.city_of(record.row, record.municipality_code)
    if city is None:
        return None
    indicator = indicators.get(record.indicator_key)
    problem = _indicator_problem(indicator, city[0])
    if problem:
        ledger.errors.append(
            RowError(ledger.file, record.row, "Indikator", problem, record.indicator_key)
        )
        return None
    assert isinstance(indicator, Indicator)
    return city, indicator


def _indicator_problem(indicator: Indicator | str, city_id: int) -> str:
    if isinstance(indicator, str):
        return indicator
    if indicator.is_emission_series:
        return (
            f"Värdena för '{indicator.key}' hämtas ur Nationella emissionsdatabasen; "
            "importera SMHI:s fil i stället."
        )
    if indicator.city_id is not None and indicator.city_id != city_id:
        return f"Indikatorn '{indicator.key}' hör till en annan kommun."
    return ""


def _reference(record: ObservationRecord, publisher: str) -> str:
    """The document or delivery the row says its value comes from (a template's Källa),
    kept on the value as its credit; nothing when it only repeats the publisher."""
    if record.source and record.source != publisher:
        return " ".join(record.source.split())[:500]
    return ""


def _observation_sample(
    record: ObservationRecord, city_name: str, indicator: Indicator, old: float | None
) -> ChangeSample:
    return ChangeSample(
        municipality_code=record.municipality_code,
        municipality=city_name,
        what=indicator.name,
        year=record.year,
        old=old,
        new=record.value,
    )


def _write_observations(
    to_create: list[Observation],
    to_update: list[tuple[Observation, dict]],
    content_type: ContentType,
    user: User | None,
    now: datetime,
) -> None:
    """Write one batch and its history (who, when, old → new) in bulk."""
    Observation.objects.bulk_create(to_create, batch_size=1000)
    Observation.objects.bulk_update(
        [o for o, _ in to_update],
        [
            "value",
            "status",
            "note",
            "reference",
            "version",
            "updated_by",
            "updated_at",
            "is_published",
            "published_at",
            "draft",
            "draft_by",
            "draft_at",
        ],
        batch_size=1000,
    )
    history = []
    for observation, before in [*((o, None) for o in to_create), *to_update]:
        after = snapshot(observation)
        history.append(
            ChangeRecord(
                content_type=content_type,
                object_id=observation.pk,
                city_id=observation.city_id,
                action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
                at=now,
                user=user,
                label=(
                    f"{observation.indicator.key} {observation.year} = {working(observation).value}"
                )[:300],
                changes=diff(before or {}, after),
                snapshot=after,
                version=observation.version,
            )
        )
    ChangeRecord.objects.bulk_create(history, batch_size=1000)
