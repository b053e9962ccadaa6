"""Import one data file: detect its format, parse it and hand its rows to the service.

The one path from a file to the services, shared by the ``import_data`` command, the
upload pages, the Celery import jobs (``indicators.import_jobs``) and the scheduled
fetch, so all of them give the same result and the same error report for the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from cities.models import City
from cities.reference_data import reference_data_load
from core import i18n
from core.numbers import counted
from indicators import definitions
from indicators.labels import indicator_label
from indicators.models import Indicator
from indicators.parsers.base import (
    County,
    EmissionRecord,
    Municipality,
    ObservationRecord,
    ParsedFile,
    ParseError,
    RowError,
)
from indicators.parsers.cdp_records import KIND_INVENTORIES, KIND_TARGETS
from indicators.parsers.detect import parse_any
from indicators.parsers.files import format_size
from indicators.parsers.text import fold_name
from indicators.services.emissions import emissions_import
from indicators.services.importing import ImportRejected, ImportResult, Progress
from indicators.services.observations import observations_import
from indicators.services.reported import reported_inventories_import, reported_targets_import


@dataclass
class ImportOutcome:
    """What became of one file: whether it landed, a one-line Swedish summary, the counts,
    and every problem (``errors`` block, ``warnings`` are notices)."""

    ok: bool
    message: str
    result: ImportResult | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    format: str = ""
    refused: bool = False  # rows of another municipality: cannot be skipped

    def error_lines(self, limit: int = 20) -> list[str]:
        lines = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"… och {len(self.errors) - limit} fel till.")
        return lines


def _parse_options() -> dict[str, Any]:
    """Options every parser may use: which indicator keys a template may name."""
    keys = set(Indicator.objects.values_list("key", flat=True))
    keys |= {
        f"kolada:{k.upper()}"
        for k in Indicator.objects.exclude(kolada_id="").values_list("kolada_id", flat=True)
    }
    keys |= set(definitions.KNOWN)
    return {"indicator_keys": keys, "indicator_names": indicator_names()}


def indicator_names() -> dict[str, str]:
    """The names the pages show for each indicator, in Swedish and in English, folded
    (``fold_name``) → its key, so that a template may name an indicator as a person reads
    it. A name two indicators share (two cities' own) names neither."""
    found: dict[str, set[str]] = {}
    rows = Indicator.objects.alive().values_list("key", "name", "city_id")
    for key, name, city_id in rows:
        names = {name}
        with i18n.override("en"):
            names.add(indicator_label(name, shared=city_id is None))
        for shown in names:
            found.setdefault(fold_name(shown), set()).add(key)
    return {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}


def import_file(
    path: Path | IO[bytes],
    *,
    filename: str | None = None,
    format: str | None = None,
    dry_run: bool = False,
    skip_rejected: bool = False,
    allowed_city_ids: set[int] | None = None,
    by: User | AnonymousUser | None = None,
    progress: Progress | None = None,
    publish: bool = True,
    confirm_jumps: bool = False,
) -> ImportOutcome:
    """Import ``path`` (a path, or an open binary file with ``filename``) all-or-nothing.

    ``allowed_city_ids`` restricts an officer's upload to their municipalities; ``None``
    is a national import. ``skip_rejected`` imports the valid rows of a file that has
    rejected rows, which the person must have confirmed explicitly. Without ``publish``
    indicator values land as drafts (``observations_import``); emission inventories are
    official statistics and always land as they are. ``confirm_jumps``: the person
    confirmed the city's values that jump from a neighbouring published year.
    """
    name = filename or (path.name if isinstance(path, Path) else "fil")
    municipalities = dict(City.objects.values_list("code", "name"))
    if not municipalities:
        return ImportOutcome(
            ok=False,
            message="Inga kommuner finns i databasen; kör först `manage.py load_reference_data`.",
        )
    options = _ImportOptions(
        name=name,
        dry_run=dry_run,
        skip_rejected=skip_rejected,
        allowed_city_ids=allowed_city_ids,
        user=by if by is not None and by.is_authenticated else None,
        progress=progress,
        publish=publish,
        confirm_jumps=confirm_jumps,
    )
    try:
        with (
            path.open("rb") if isinstance(path, Path) else nullcontext(_rewound(path)) as fileobj,
            parse_any(
                fileobj,
                filename=name,
                format=format,
                municipalities=municipalities,
                max_bytes=settings.IMPORT_MAX_BYTES,
                **_parse_options(),
            ) as parsed,
        ):
            if parsed.kind in (KIND_TARGETS, KIND_INVENTORIES):
                return _reported(parsed, name, dry_run=dry_run, national=not allowed_city_ids)
            if parsed.kind not in ("emissions", "observations"):
                return _reference_list(parsed, name, dry_run=dry_run, national=not allowed_city_ids)
            result = _rows_import(parsed, options)
    except ParseError as exc:
        return ImportOutcome(
            ok=False,
            message=f"{name}: filen kunde inte läsas; ingenting har skrivits.",
            errors=[exc.error],
        )
    except ImportRejected as exc:
        return _rejected(name, exc)
    return _landed(parsed, result, options)


@dataclass(frozen=True)
class _ImportOptions:
    """How one file is imported (see ``import_file``)."""

    name: str
    dry_run: bool
    skip_rejected: bool
    allowed_city_ids: set[int] | None
    user: User | None
    progress: Progress | None
    publish: bool
    confirm_jumps: bool = False


def _rows_import(parsed: ParsedFile, options: _ImportOptions) -> ImportResult:
    """Hand the parsed file's rows to the service of its kind."""
    # Both services take the file's release and these, and all-or-nothing alike.
    common: dict[str, Any] = {
        "release_info": parsed.release,
        "dry_run": options.dry_run,
        "skip_rejected": options.skip_rejected,
        "allowed_city_ids": options.allowed_city_ids,
        "progress": options.progress,
        "filename": options.name,
    }
    # A parser yields the records of its kind and row errors (``ParsedFile.kind``).
    if parsed.kind == "emissions":
        rows = cast(Iterator[EmissionRecord | RowError], parsed.rows())
        return emissions_import(rows=rows, **common)
    return observations_import(
        rows=cast(Iterator[ObservationRecord | RowError], parsed.rows()),
        by=options.user,
        catalogue=definitions.catalogue_from(settings.KLIMAT_DATA_DIR),
        publish=options.publish,
        confirm_jumps=options.confirm_jumps,
        **common,
    )


def municipality_list_load(
    path: Path,
    *,
    parse: Callable[..., Any],
    store: Callable[..., Any],
    noun: str,
    dry_run: bool = False,
) -> ImportOutcome:
    """Import a file with one record per municipality (Klimatkollen's
    ``climate-data.json``: carbon budgets, climate plans) whole or not at all, with the
    same kind of report as ``import_file``. ``parse``: the parser module's ``parse``;
    ``store``: the service that writes its rows; ``noun``: what a row is, in the plural."""
    municipalities = dict(City.objects.values_list("code", "name"))
    try:
        with path.open("rb") as fileobj:
            parsed = parse(
                fileobj,
                filename=path.name,
                municipalities=municipalities,
                max_bytes=settings.IMPORT_MAX_BYTES,
            )
            result = store(release_info=parsed.release, rows=parsed.rows(), dry_run=dry_run)
    except ParseError as exc:
        return ImportOutcome(ok=False, message="Filen kunde inte läsas.", errors=[exc.error])
    except ImportRejected as exc:
        return _rejected(path.name, exc)
    counts = result.counts
    release = f" ({result.release.name})" if result.release else ""
    return ImportOutcome(
        ok=True,
        result=result,
        message=(
            f"{path.name}{release}: {counts.created} nya, {counts.updated} ändrade, "
            f"{counts.unchanged} oförändrade {noun}."
        ),
    )


def _rejected(name: str, exc: ImportRejected) -> ImportOutcome:
    """The outcome of a file with rejected or refused rows: nothing written."""
    if exc.refused:
        message = f"{name}: {exc.refused[0].message} Ingenting har skrivits."
    else:
        message = _nothing_written(name, len(exc.errors))
    return ImportOutcome(ok=False, message=message, errors=exc.errors, refused=bool(exc.refused))


def _nothing_written(name: str, rejected: int) -> str:
    return f"{name}: {counted(rejected, 'rad', 'rader')} avvisades; ingenting har skrivits."


def _landed(parsed: ParsedFile, result: ImportResult, options: _ImportOptions) -> ImportOutcome:
    """The outcome of a file that landed (or would have, in a dry run)."""
    counts = result.counts
    prefix = "Provkörning – inget skrevs. " if options.dry_run else ""
    rejected = counted(len(result.rejected), "avvisad rad", "avvisade rader")
    skipped = f" {rejected} hoppades över." if result.rejected else ""
    if result.left_aside:
        skipped += (
            f" {counted(result.left_aside, 'rad', 'rader')} för andra kommuner, län eller riket "
            "lämnades utanför."
        )
    if not options.publish and parsed.kind == "observations" and (counts.created or counts.updated):
        skipped += (
            " Nya och ändrade värden är utkast tills en kommunadministratör publicerar dem "
            "(Min kommun, Utkast)."
        )
    release = result.release.name if result.release else ""
    return ImportOutcome(
        ok=True,
        result=result,
        errors=result.rejected,
        warnings=result.warnings,
        format=parsed.format,
        message=(
            f"{prefix}{options.name} ({release}): {counts.created} nya, "
            f"{counts.updated} ändrade, {counts.unchanged} oförändrade rader.{skipped}"
        ),
    )


def _rewound(fileobj: IO[bytes]) -> IO[bytes]:
    fileobj.seek(0)
    return fileobj


def _reported(parsed: ParsedFile, name: str, *, dry_run: bool, national: bool) -> ImportOutcome:
    """What cities reported to CDP-ICLEI: their targets (as reported goals) or their
    city-wide inventories. A national file of many cities: programme staff only."""
    if not national:
        return ImportOutcome(
            ok=False,
            refused=True,
            message=f"{name}: CDP-ICLEI:s filer kan bara läsas in av programkontoret.",
        )
    service = (
        reported_targets_import if parsed.kind == KIND_TARGETS else reported_inventories_import
    )
    result = service(release_info=parsed.release, rows=parsed.rows(), dry_run=dry_run)
    what = "rapporterade mål" if parsed.kind == KIND_TARGETS else "rapporterade inventeringar"
    counts = result.counts
    prefix = "Provkörning – inget skrevs. " if dry_run else ""
    return ImportOutcome(
        ok=True,
        result=result,
        format=parsed.format,
        warnings=result.warnings,
        message=(
            f"{prefix}{name} ({parsed.release.name}): {counts.created} nya, "
            f"{counts.updated} ändrade, {counts.unchanged} oförändrade {what}."
        ),
    )


def _reference_list(parsed: Any, name: str, *, dry_run: bool, national: bool) -> ImportOutcome:
    """SCB's list of counties and municipalities (programme staff only)."""
    if not national:
        return ImportOutcome(
            ok=False,
            refused=True,
            message=f"{name}: SCB:s kommunlista kan bara läsas in av programkontoret.",
        )
    counties, cities, errors = [], [], []
    for item in parsed.rows():
        if isinstance(item, County):
            counties.append((item.code, item.name))
        elif isinstance(item, Municipality):
            cities.append((item.code, item.name))
        elif isinstance(item, RowError) and item.is_error:
            errors.append(item)
    if errors:
        return ImportOutcome(
            ok=False,
            message=_nothing_written(name, len(errors)),
            errors=errors,
        )
    with transaction.atomic():
        _, counts = reference_data_load(counties=counties, municipalities=cities)
        if dry_run:
            transaction.set_rollback(True)
    prefix = "Provkörning – inget skrevs. " if dry_run else ""
    return ImportOutcome(
        ok=True,
        format=parsed.format,
        result=ImportResult(release=None, counts=counts, rows_read=len(counties) + len(cities)),
        message=(
            f"{prefix}{name}: {counts.created} nya, {counts.updated} ändrade, "
            f"{counts.unchanged} oförändrade kommuner."
        ),
    )


def size_problem(size: int) -> str:
    """The Swedish message for a file over IMPORT_MAX_BYTES, or "" when it fits."""
    limit = settings.IMPORT_MAX_BYTES
    if size <= limit:
        return ""
    return (
        f"Filen är för stor ({format_size(size)}); största tillåtna storlek är "
        f"{format_size(limit)}."
    )
