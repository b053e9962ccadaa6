"""Scheduled fetch: download the newest files of a source and import them as jobs.

Celery beat runs :func:`fetch_source` (see ``CELERY_BEAT_SCHEDULE`` in the settings):
SMHI's Länsrapport Excel endpoint yearly (``KLIMAT_FETCH_SMHI_URL``) and Kolada's API
monthly (``KLIMAT_FETCH_KOLADA_URL``; every page is followed and the pages are stored
as one JSON document). Kolada's API is read in version 3 (``KOLADA_API``): v2 is
retired, so a configured ``api.kolada.se/v2/…`` (or v1) address is fetched as v3
(``kolada_url``); saved v2 responses are still parsed. Each downloaded file becomes an
:class:`ImportJob` (origin "fetch") imported through the same path as an upload, so it
lands whole or not at all and shows in the import history with its original file. A new
SMHI publication is a new release stored beside the older ones; re-fetching an unchanged
file changes nothing.
"""

from __future__ import annotations

import io
import json
import logging
import re
import urllib.request
from collections.abc import Mapping, Sequence
from email.message import Message
from pathlib import PurePosixPath
from typing import Any
from urllib.error import URLError
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from indicators.import_jobs import import_job_create, import_job_run
from indicators.models import ImportJob, ImportJobOrigin, ImportJobStatus
from indicators.parsers.files import format_size
from indicators.parsers.kolada_api import iter_pages

logger = logging.getLogger(__name__)

#: Source name → the setting that lists its URLs.
SOURCES = {"smhi": "KLIMAT_FETCH_SMHI_URL", "kolada": "KLIMAT_FETCH_KOLADA_URL"}
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A download failed; the message is in Swedish for the import history."""


def download(url: str) -> tuple[str, bytes]:
    """The file at ``url`` and its name (from Content-Disposition or the URL's path),
    refused when larger than IMPORT_MAX_BYTES."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FetchError(f"{url}: bara http- och https-adresser hämtas.")
    request = urllib.request.Request(url, headers={"User-Agent": "klimatkontrakt-uppfoljning"})  # noqa: S310
    limit = settings.IMPORT_MAX_BYTES
    try:
        with urllib.request.urlopen(request, timeout=settings.KLIMAT_FETCH_TIMEOUT) as response:  # noqa: S310 - scheme checked above
            buffer = io.BytesIO()
            while chunk := response.read(_CHUNK):
                buffer.write(chunk)
                if buffer.tell() > limit:
                    raise FetchError(
                        f"{url}: filen är större än {format_size(limit)} och hämtades inte."
                    )
            name = _file_name(url, response.headers)
    except (URLError, OSError, ValueError) as exc:
        raise FetchError(f"{url} kunde inte hämtas ({exc}).") from exc
    return name, buffer.getvalue()


def _file_name(url: str, headers: Message) -> str:
    disposition = headers.get_filename() if hasattr(headers, "get_filename") else None
    name = disposition or unquote(PurePosixPath(urlsplit(url).path).name)
    name = re.sub(r"[^\w.\-åäöÅÄÖ]+", "_", name).strip("._")
    return name[:200] or "hamtad-fil"


#: Kolada's current API (v2 was retired in 2025).
KOLADA_API = "https://api.kolada.se/v3"
KOLADA_HOST = "api.kolada.se"


def kolada_url(url: str) -> str:
    """``url`` as a Kolada v3 address: an ``api.kolada.se`` address of a retired version
    (``/v1/``, ``/v2/``) is rewritten to ``/v3/``; any other address is left as it is."""
    parts = urlsplit(url)
    if parts.hostname != KOLADA_HOST:
        return url
    path = re.sub(r"^/v[12](?=/)", "/v3", parts.path)
    return parts._replace(path=path).geturl()


def kolada_data_url(
    kpis: Sequence[str], years: Sequence[int], municipalities: Sequence[str] = ()
) -> str:
    """The v3 data address of ``kpis`` for ``years`` (and ``municipalities``, all when
    empty), e.g. ``https://api.kolada.se/v3/data/kpi/N00401/year/2022,2023``."""
    path = f"{KOLADA_API}/data/kpi/{','.join(kpis)}"
    if municipalities:
        path += f"/municipality/{','.join(municipalities)}"
    return f"{path}/year/{','.join(str(y) for y in years)}"


def fetch_kolada(url: str) -> tuple[str, bytes]:
    """Every page of a Kolada API data response, joined into one document of the same
    shape (``{"count", "values"}``) so the stored file can be re-run as it is."""

    def get_json(page_url: str) -> Mapping[str, Any]:
        _name, content = download(page_url)
        try:
            page = json.loads(content)
        except ValueError as exc:
            raise FetchError(f"{page_url}: svaret är inte JSON.") from exc
        if not isinstance(page, Mapping):
            raise FetchError(f"{page_url}: svaret är inget Kolada-datasvar.")
        return page

    url = kolada_url(url)
    values: list[Any] = []
    pages = 0
    for page in iter_pages(get_json(url), get_json):
        pages += 1
        page_values = page.get("values")
        if isinstance(page_values, list):
            values.extend(page_values)
    kpis = sorted({str(v.get("kpi", "")).upper() for v in values if isinstance(v, dict)} - {""})
    name = f"kolada-{'-'.join(kpis[:5]) or 'data'}-{timezone.localdate():%Y-%m-%d}.json"
    document = {"count": len(values), "values": values, "fetched_from": url, "pages": pages}
    return name, json.dumps(document, ensure_ascii=False).encode("utf-8")


def fetch_source(source: str) -> list[ImportJob]:
    """Fetch and import every configured URL of ``source`` ("smhi" or "kolada").

    A failed download is recorded as a failed job (with no file to re-run) so staff see
    it in the import history; the other URLs are still fetched.
    """
    urls: list[str] = list(getattr(settings, SOURCES[source]))
    jobs: list[ImportJob] = []
    for url in urls:
        try:
            name, content = fetch_kolada(url) if source == "kolada" else download(url)
        except FetchError as exc:
            logger.error("Fetch %s failed: %s", source, exc)
            jobs.append(_failed_fetch(url, str(exc)))
            continue
        job = import_job_create(
            upload=io.BytesIO(content),
            original_name=name,
            by=None,
            city=None,
            origin=ImportJobOrigin.FETCH,
            preview=False,  # nobody confirms a scheduled fetch; it is all-or-nothing
        )
        jobs.append(import_job_run(job_id=job.pk) or job)
    return jobs


def _failed_fetch(url: str, message: str) -> ImportJob:
    job = ImportJob(
        original_name=_file_name(url, Message()),
        origin=ImportJobOrigin.FETCH,
        status=ImportJobStatus.FAILED,
        message=message,
        finished_at=timezone.now(),
    )
    job.file.save("hamtning-misslyckades.txt", ContentFile(message.encode()), save=False)
    job.save()
    return job
