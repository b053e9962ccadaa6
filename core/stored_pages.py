"""Pages built when their data changes, stored in the database, served as stored.

A page kind (the city page, the home page, …) is registered once by the layer that draws
it (``register``): a prefix and a function that renders the page's content for an
argument (a slug, a selection) in the active language. Then:

- a visitor's request reads the stored content (``stored_content``): from this process's
  memory when it was built from the current data generation, else one query; the very
  first request for a page ever builds and stores it;
- a kind may also store its whole page as a visitor with no cookie gets it (not signed
  in, no message waiting: the frame is then the same for everyone), as it is and gzipped
  (``stored_response``): such a visitor's request renders nothing and compresses nothing,
  it is answered with the stored bytes. The frame of such a page holds no secret and no
  CSRF token (checked when it is built), so serving it compressed as stored is safe;
- a kind whose content depends on the date (the estimated years end with last year, what
  is due this period) says so (``by_date``): its page built in an earlier year (or on an
  earlier day) is as stale as one built from older data, and is rebuilt the same way (on
  its first visit, and by the rebuilding task that beat runs every minute);
- the content is also deflated once, when it is built (``Body.deflated``): a frame
  rendered per request (a signed-in person's) is compressed around it and the three
  spliced into one gzip answer (``framed``), not the whole megabyte compressed per
  request. Such a request reads the content deflated only (``stored_content(...,
  gzipped=True)``), not the HTML too: it is not unpacked at all. The frame carries the
  CSRF token and personal data, the stored content neither; compressing across them is
  what ``CompressionMiddleware`` did before (with the same random padding of the gzip
  header), so BREACH exposure is not increased;
- every service that changes data bumps the generation (``core.cache.bump_generation``);
  once its transaction commits, ``rebuild_soon`` asks a worker (Celery) to rebuild every
  stored page built from older data (in-process, right after the commit, when Celery runs
  eagerly in the embedded setup);
- a page is built by the code as much as by the data: a page another build of the code
  made (``core.build``; after a deploy or a rollback) is as stale as one built from older
  data, and rebuilt the same way;
- until the new page is written, visitors get the previous one. The new one replaces it
  in one UPDATE of its row: the old page or the new one, never half of either.

The database keeps the pages, so a cache flush or a restart loses none; a flush only makes
them all look older than the (new) generation, and they are served while being rebuilt.
"""

from __future__ import annotations

import datetime
import gzip
import json
import logging
import secrets
import struct
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import lz4.frame
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

from core import i18n
from core.build import fingerprint
from core.cache import LOCAL_SECONDS, generation, generation_now
from core.i18n import get_language
from core.models import StoredPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deflated:
    """A page's content compressed once, as a raw deflate stream ended by a sync flush:
    byte-aligned and referring to nothing before its start, so it can be spliced into a
    gzip stream between other deflated parts (``gzip_spliced``)."""

    data: bytes
    crc: int  # CRC-32 of the content
    size: int  # its length

    def packed(self) -> bytes:
        return struct.pack("<II", self.crc, self.size) + self.data

    @classmethod
    def unpacked(cls, stored: bytes | memoryview) -> Deflated | None:
        stored = bytes(stored)
        if not stored:  # a row written before it was stored
            return None
        crc, size = struct.unpack_from("<II", stored)
        return cls(stored[8:], crc, size)


LEVEL = 6  # as ``GZipMiddleware``


def deflated(body: bytes) -> Deflated:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    data = compressor.compress(body) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Deflated(data, zlib.crc32(body), len(body))


class Body(bytes):
    """A stored page's content (UTF-8) and the same deflated when it was built
    (``deflated``, ``None`` for a row stored before): what ``framed`` splices. Read for a
    browser that accepts gzip, it holds the deflated stream only (``html`` inflates it)."""

    deflated: Deflated | None = None

    def html(self) -> bytes:
        """The content as HTML (inflated, when it was read deflated only)."""
        if not self and self.deflated is not None and self.deflated.size:
            # (a stream ended by a sync flush, not finished: read as far as it goes)
            return zlib.decompressobj(-15).decompress(self.deflated.data)
        return self


def _body(html: bytes, compressed: Deflated | None) -> Body:
    body = Body(html)
    body.deflated = compressed
    return body


@dataclass(frozen=True)
class Content:
    """A page's stored content: the rendered HTML and what its frame needs (title…)."""

    body: bytes
    meta: dict[str, Any] = field(default_factory=dict)
    # The whole page for a visitor with no cookie (frame included), as it is and gzipped;
    # empty for a kind whose frame is always rendered per request.
    page: bytes = b""
    page_gz: bytes = b""


#: What a page's content depends on besides the data: the year or the day it was built.
ByDate = Literal["year", "day"] | None


@dataclass(frozen=True)
class Kind:
    prefix: str
    build: Callable[[str], Content]
    # Lower first: the pages most visitors see are rebuilt before the rest.
    priority: Callable[[str], int]
    # The whole page for a visitor with no cookie, rendered around the content.
    public: Callable[[str, Content], bytes] | None = None
    by_date: ByDate = None


_kinds: dict[str, Kind] = {}


def register(
    prefix: str,
    build: Callable[[str], Content],
    *,
    priority: Callable[[str], int] | None = None,
    public: Callable[[str, Content], bytes] | None = None,
    by_date: ByDate = None,
) -> None:
    """Make ``prefix`` a stored page kind: ``build(arg)`` renders the page for ``arg`` in
    the active language (raising ``Http404`` when there is no such page). ``public(arg,
    content)``: the whole page around it as a visitor with no cookie gets it (rendered for
    ``anonymous_request``), stored too and served by ``stored_response``. ``by_date``: the
    content depends on the year (or the day) it is built in, so a page built in an earlier
    one is stale."""
    _kinds[prefix] = Kind(prefix, build, priority or (lambda _arg: 5), public, by_date)


def page_key(prefix: str, arg: str = "") -> str:
    return f"{prefix}:{arg}"


def _period(by_date: ByDate, moment: datetime.datetime) -> str:
    """The part of ``moment``'s local date a page of ``by_date`` depends on."""
    if by_date is None:
        return ""
    day = timezone.localdate(moment)
    return str(day.year) if by_date == "year" else day.isoformat()


# What a request reads of a page's row: its content and meta for a frame rendered per
# request (as HTML, or only deflated for a browser that accepts gzip: the other is as
# large again and slows the read down), or the whole page as it is, or gzipped.
CONTENT, DEFLATED, PAGE, PAGE_GZ = "content", "deflated", "page", "page_gz"
_COLUMNS = {
    CONTENT: ("html", "meta"),
    DEFLATED: ("html_deflated", "meta"),
    PAGE: ("page",),
    PAGE_GZ: ("page_gz",),
}


@dataclass
class _Copy:
    generation: int
    period: str  # the year or day it was built in, for a kind that depends on the date
    content: Content
    checked: float
    against: tuple[int, str]  # the data generation and period it was last checked against


# This process's copies of the pages it served lately, by (key, language, part). A copy
# built from the current generation (in the current period) is served as it is; an older
# one is checked against the database at most once a second.
_copies: OrderedDict[tuple[str, str, str], _Copy] = OrderedDict()
COPIES = 96


def forget_local() -> None:
    """Drop this process's copies (tests)."""
    _copies.clear()
    _not_whole.clear()


def _kind_of(key: str) -> Kind | None:
    return _kinds.get(key.partition(":")[0])


def stored_content(prefix: str, arg: str = "", *, gzipped: bool = False) -> Content:
    """The stored content of page ``prefix:arg`` in the active language; ``gzipped``, for
    a browser that accepts gzip: its body then holds the content deflated only, what
    ``framed`` splices (``Body.html`` inflates it).

    Served from this process's memory or one query; built here only when no visitor ever
    asked for it before (``Http404`` when there is no such page). A page built from older
    data is served as it is while a worker rebuilds it."""
    key = page_key(prefix, arg)
    if gzipped:
        content = _stored(key, DEFLATED)
        if isinstance(content.body, Body) and content.body.deflated is not None:
            return content
        # a row written before the content was stored deflated: as HTML
    return _stored(key, CONTENT)


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _stored(key: str, part: str) -> Content:
    language = get_language() or settings.LANGUAGE_CODE
    kind = _kind_of(key)
    by_date = kind.by_date if kind else None
    current = generation()
    now = time.monotonic()
    period = _period(by_date, timezone.now()) if by_date else ""
    copy = _copies.get((key, language, part))
    if copy is not None and (
        (copy.generation >= current and copy.period == period)
        # an older copy: the database looked at once a second, unless the data moved on
        or (copy.against == (current, period) and now - copy.checked < LOCAL_SECONDS)
    ):
        _copies.move_to_end((key, language, part))
        return copy.content
    row = _read(key, language, part)
    if row is None:
        built_from, built_in = current, period
        content = _build_and_store(key, language, current)
    else:
        built_from, built_in = row[0], _period(by_date, row[1])
        if part == CONTENT:
            content = Content(_body(unpacked(row[2]), None), row[3])
        elif part == DEFLATED:
            content = Content(_body(b"", Deflated.unpacked(row[2])), row[3])
        elif part == PAGE:
            content = Content(b"", page=bytes(row[2]))
        else:
            content = Content(b"", page_gz=bytes(row[2]))
        if built_from < current or built_in != period:
            content = _stale(key, language, (current, period), content)
    content = _only(content, part)
    _copies[(key, language, part)] = _Copy(built_from, built_in, content, now, (current, period))
    _copies.move_to_end((key, language, part))
    while len(_copies) > COPIES:
        _copies.popitem(last=False)
    return content


# The content is stored packed with LZ4: the comparison of all 290 municipalities is 1 MB
# of HTML, which PostgreSQL took 3 ms to unpack (pglz) and send to the first request after
# a restart; its 120 KB of LZ4 take well under 1 ms to read and 0.1 ms to unpack here.
# A row written before (plain HTML) is read as it is.
_LZ4_MAGIC = b"\x04\x22\x4d\x18"


def _packed(body: bytes) -> bytes:
    return bytes(lz4.frame.compress(body, compression_level=3)) if body else body


def unpacked(stored: bytes | memoryview) -> bytes:
    """A stored page's content as HTML (it is stored packed with LZ4)."""
    data = bytes(stored)
    return bytes(lz4.frame.decompress(data)) if data.startswith(_LZ4_MAGIC) else data


#: The generation a page another build of the code made counts as built from: older than
#: any data, so it is served while it is rebuilt, as a page of older data is.
OTHER_BUILD = -1


def _read(key: str, language: str, part: str) -> tuple | None:
    """The row's generation (``OTHER_BUILD`` when other code built it), build time and the
    columns ``part`` needs (not the other copies of a 200 KB page), read by the first
    request after a restart. In plain SQL (building the query cost as much as running it),
    and on PostgreSQL with binary results: it sends bytea as hex otherwise, 2 MB for the
    1 MB comparison of all 290."""
    connection = connections[StoredPage.objects.db]
    qn = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(qn(c) for c in ('generation', 'built_at', 'build', *_COLUMNS[part]))} "  # noqa: S608
        f"FROM {qn(StoredPage._meta.db_table)} WHERE {qn('key')} = %s AND {qn('language')} = %s"
    )
    if connection.vendor == "postgresql":
        import psycopg
        from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

        connection.ensure_connection()
        binary = psycopg.Cursor(connection.connection)  # server-side binding, binary rows
        binary.format = psycopg.pq.Format.BINARY
        wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
        with wrapper(binary, connection) as cursor:  # logged and wrapped like any query
            cursor.execute(sql, [key, language])
            row = cursor.fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, language])
            row = cursor.fetchone()
    if row is None:
        return None
    built_at = row[1]
    if isinstance(built_at, str):  # SQLite: the text Django wrote, in UTC
        built_at = datetime.datetime.fromisoformat(built_at)
    if timezone.is_naive(built_at):
        built_at = timezone.make_aware(built_at, datetime.UTC)
    # Built by other code (another build: a deploy, or a rollback): as old as the oldest.
    built_from = row[0] if row[2] == fingerprint() else OTHER_BUILD
    if part not in (CONTENT, DEFLATED):
        return (built_from, built_at, row[3])
    meta = row[4]
    meta = json.loads(meta) if isinstance(meta, str | bytes) else meta
    return (built_from, built_at, row[3], meta)


def _only(content: Content, part: str) -> Content:
    """What a copy of ``part`` keeps of a page's content (not the other parts' bytes)."""
    if part == CONTENT:
        return replace(content, page=b"", page_gz=b"") if content.page else content
    if part == DEFLATED:
        body = _body(b"", _deflated_of(content))
        return Content(body, content.meta) if body.deflated else content
    if part == PAGE:
        return Content(b"", page=content.page) if content.body or content.page_gz else content
    return Content(b"", page_gz=content.page_gz) if content.body or content.page else content


def _stale(key: str, language: str, now: tuple[int, str], content: Content) -> Content:
    """A visitor found a page older than the data (or than the year or day it depends on):
    serve it, and make sure a rebuild is on its way (once per generation and period). With
    a worker, a task; embedded (no worker: it happens after a restart emptied the in-memory
    cache), a thread of this process, or, where threads are off (the tests), this request."""
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if eager and not settings.STORED_PAGES_THREAD:
        return _build_and_store(key, language, now[0])
    if cache.add(f"stored-pages-asked:{now[0]}:{now[1]}", 1, timeout=60):
        _rebuild_in_thread() if eager else rebuild_soon()
    return content


# --- the whole page, for a visitor with no cookie --------------------------------------

_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
_MESSAGES_COOKIE = CookieStorage.cookie_name


def stored_response(request: HttpRequest, prefix: str, arg: str = "") -> HttpResponse | None:
    """The stored whole page ``prefix:arg`` for a visitor with no cookie but the language's
    (not signed in, no message waiting), asking for it without a query: the stored bytes,
    gzipped as stored when the browser accepts gzip (``CompressionMiddleware`` leaves an
    answer with a ``Content-Encoding`` alone). ``None`` for anyone else, or a kind whose
    frame is rendered per request: the view renders the frame then."""
    cookies = request.COOKIES
    if (
        request.method not in ("GET", "HEAD")
        or request.META.get("QUERY_STRING")
        or settings.SESSION_COOKIE_NAME in cookies
        or _MESSAGES_COOKIE in cookies
    ):
        return None
    kind = _kinds.get(prefix)
    if kind is None or kind.public is None:
        return None
    gzipped = accepts_gzip(request)
    key = page_key(prefix, arg)
    content = _stored(key, PAGE_GZ if gzipped else PAGE)
    body = content.page_gz if gzipped else content.page
    if not body:  # its builder could not render the frame: completed here, once
        body = _complete(kind, key, arg, gzipped)
    if not body:  # (its frame held a token)
        return None
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    patch_vary_headers(response, ("Accept-Encoding",))
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    return response


def anonymous_request(path: str) -> HttpRequest:
    """A request of ``path`` by a visitor with no cookie (not signed in, no message
    waiting), in the active language: what a stored whole page's frame is rendered for."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
    }
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = get_language() or settings.LANGUAGE_CODE
    request.resolver_match = resolve(path)
    return request


# The pages whose whole page could not be made (key, language, generation): not tried
# again by every request.
_not_whole: set[tuple[str, str, int]] = set()


def _complete(kind: Kind, key: str, arg: str, gzipped: bool) -> bytes:
    """The whole page of a stored page that has none, rendered here around its stored
    content and written to its row (for every process), once per generation: its builder
    could not render the frame (a worker without the collected static files' manifest,
    which the frame's ``{% static %}`` needs)."""
    language = get_language() or settings.LANGUAGE_CODE
    row = (
        StoredPage.objects.filter(key=key, language=language)
        .values_list("generation", "html", "meta")
        .first()
    )
    if row is None or (key, language, row[0]) in _not_whole:
        return b""
    whole = _whole(kind, arg, Content(unpacked(row[1]), row[2]))
    if not whole.page:
        _not_whole.add((key, language, row[0]))
        return b""
    StoredPage.objects.filter(key=key, language=language, generation=row[0]).update(
        page=whole.page, page_gz=whole.page_gz
    )
    for part in (PAGE, PAGE_GZ):  # read again, whole, by the next request
        _copies.pop((key, language, part), None)
    return whole.page_gz if gzipped else whole.page


# --- a frame per request around the stored content --------------------------------------


def framed(
    request: HttpRequest, response: HttpResponse, marker: bytes, body: bytes
) -> HttpResponse:
    """``response`` (the frame rendered for ``request``, ``marker`` where the content goes)
    with the stored content ``body`` in it: for a browser that accepts gzip, gzipped by
    splicing the frame's head and tail, compressed here, around the content as deflated
    when it was built (``CompressionMiddleware`` leaves it alone); else as it is."""
    frame = response.content
    compressed = body.deflated if isinstance(body, Body) else None
    if compressed is None or not accepts_gzip(request) or marker not in frame:
        html = body.html() if isinstance(body, Body) else body
        response.content = frame.replace(marker, html, 1)
        return response
    head, _marker, tail = frame.partition(marker)
    response.content = gzip_spliced(head, compressed, tail)
    patch_vary_headers(response, ("Accept-Encoding",))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(response.content))
    return response


def gzip_spliced(head: bytes, body: Deflated, tail: bytes) -> bytes:
    """One gzip member of ``head``, the deflated ``body`` and ``tail`` (as pigz joins its
    blocks), its header padded with a random file name as ``GZipMiddleware`` does it
    (Heal-the-BREACH)."""
    first = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    last = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # refers to nothing before it
    crc = zlib.crc32(tail, crc32_combine(zlib.crc32(head), body.crc, body.size))
    size = (len(head) + body.size + len(tail)) & 0xFFFFFFFF
    padding = b"a" * secrets.randbelow(GZipMiddleware.max_random_bytes)
    return b"".join(
        (
            # magic, deflate, FNAME, mtime 0, no extra flags, unknown OS; the name
            b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + padding + b"\x00",
            first.compress(head) + first.flush(zlib.Z_SYNC_FLUSH),
            body.data,
            last.compress(tail) + last.flush(zlib.Z_FINISH),
            struct.pack("<II", crc, size),
        )
    )


# CRC-32 of two joined strings from theirs (zlib's crc32_combine, which Python lacks): a
# CRC is a remainder of polynomials over GF(2), so the first's is shifted by the second's
# length (times x^(8 * len2) mod P) and added to the second's.
_POLY = 0xEDB88320  # P, bits reflected: the highest bit is x^0


def _times_mod_p(a: int, b: int) -> int:
    """a(x) * b(x) mod P."""
    product = 0
    bit = 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _x_squarings() -> list[int]:
    """x^(2^k) mod P for k = 0..31."""
    powers, power = [], 1 << 30  # x
    for _k in range(32):
        powers.append(power)
        power = _times_mod_p(power, power)
    return powers


_X_2K = _x_squarings()


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of ``a + b`` from ``crc1`` of ``a``, ``crc2`` of ``b`` and ``len2``, the
    length of ``b``."""
    shift, n, k = 1 << 31, len2, 3  # x^0; x^(8 * len2) = product of x^(2^(k+3)) per bit
    while n:
        if n & 1:
            shift = _times_mod_p(_X_2K[k % 32], shift)
        n >>= 1
        k += 1
    return _times_mod_p(shift, crc1 & 0xFFFFFFFF) ^ (crc2 & 0xFFFFFFFF)


# Never stored in a page served to everyone, compressed as stored (BREACH).
_TOKEN = b"csrfmiddlewaretoken"


def _whole(kind: Kind, arg: str, content: Content) -> Content:
    if kind.public is None:
        return content
    try:
        page = kind.public(arg, content)
    except Http404:
        raise
    except Exception as exc:
        # The content is stored all the same; the web process completes the whole page on
        # its first visit (``_complete``).
        log.warning("The whole page of %s:%s not rendered here: %r", kind.prefix, arg, exc)
        return content
    if _TOKEN in page:
        log.error("The stored page %s:%s holds a CSRF token: not stored whole.", kind.prefix, arg)
        return content
    # mtime 0: the same page gives the same bytes.
    return replace(content, page=page, page_gz=gzip.compress(page, compresslevel=6, mtime=0))


# --- building ---------------------------------------------------------------------------

_thread: threading.Thread | None = None


def _rebuild_in_thread() -> None:
    global _thread
    if _thread is not None and _thread.is_alive():
        return

    def run() -> None:
        try:
            rebuild_stale()
        finally:
            connections.close_all()

    _thread = threading.Thread(target=run, name="stored-pages-rebuild", daemon=True)
    _thread.start()


def wait_for_rebuild(timeout: float | None = None) -> None:
    """Wait for this process's rebuilding thread, if one runs (benchmarks)."""
    if _thread is not None:
        _thread.join(timeout)


def _build(key: str) -> tuple[Content, int]:
    prefix, _sep, arg = key.partition(":")
    kind = _kinds.get(prefix)
    if kind is None:
        raise Http404(key)
    started = time.perf_counter()
    content = _whole(kind, arg, kind.build(arg))
    content = replace(content, body=_body(content.body, deflated(content.body)))
    return content, int((time.perf_counter() - started) * 1000)


def _build_and_store(key: str, language: str, built_from: int) -> Content:
    # The time before the build: a page built across midnight counts as the day before.
    at = timezone.now()
    with i18n.override(language):
        content, ms = _build(key)
    store(key, language, built_from, content, build_ms=ms, built_at=at)
    return content


def store(
    key: str,
    language: str,
    built_from: int,
    content: Content,
    *,
    build_ms: int = 0,
    built_at: datetime.datetime | None = None,
) -> None:
    """Write a page built from generation ``built_from`` by this build of the code, unless
    a page built from newer data is there."""
    values = {
        "generation": built_from,
        "build": fingerprint(),
        "html": _packed(content.body),
        "html_deflated": compressed.packed() if (compressed := _deflated_of(content)) else b"",
        "meta": content.meta,
        "page": content.page,
        "page_gz": content.page_gz,
        "built_at": built_at or timezone.now(),
        "build_ms": build_ms,
    }
    for part in _COLUMNS:  # this process serves the new page at once
        _copies.pop((key, language, part), None)
    updated = StoredPage.objects.filter(
        key=key, language=language, generation__lte=built_from
    ).update(**values)
    if updated:
        return
    try:
        with transaction.atomic():
            StoredPage.objects.create(key=key, language=language, **values)
    except IntegrityError:
        pass  # a newer build of the same page got there first


def _deflated_of(content: Content) -> Deflated | None:
    return content.body.deflated if isinstance(content.body, Body) else None


def rebuild_soon() -> None:
    """Rebuild the stored pages older than the data: by a worker, or here when Celery runs
    eagerly (the embedded setup)."""
    from core.tasks import stored_pages_rebuild

    stored_pages_rebuild.delay()


def _stale_rows(current: int) -> list[tuple[str, str]]:
    """(key, language) of every stored page built from older data or by other code (another
    build), or in an earlier year or day than its content depends on."""
    now = timezone.now()
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time.min)
    )
    build = fingerprint()
    rows = StoredPage.objects.filter(
        Q(generation__lt=current) | Q(built_at__lt=midnight) | ~Q(build=build)
    )
    stale = []
    for key, language, built_from, built_by, built_at in rows.values_list(
        "key", "language", "generation", "build", "built_at"
    ):
        kind = _kind_of(key)
        by_date = kind.by_date if kind else None
        if (
            built_from < current
            or built_by != build
            or _period(by_date, built_at) != _period(by_date, now)
        ):
            stale.append((key, language))
    return stale


def rebuild_stale(*, rounds: int = 5) -> int:
    """Rebuild every stored page built from an older generation (or in an earlier year or
    day than it depends on), the most visited kinds first; again while the data moves on
    meanwhile (at most ``rounds`` times). Returns how many pages were built."""
    built = 0
    for _round in range(rounds):
        current = generation_now()
        stale = _stale_rows(current)
        if not stale:
            break
        stale.sort(key=lambda kl: (_priority(kl[0]), kl[0], kl[1]))
        for key, language in stale:
            try:
                _build_and_store(key, language, current)
            except Http404:
                # The page is gone (a municipality renamed, a kind no longer stored).
                StoredPage.objects.filter(key=key, language=language).delete()
            built += 1
    return built


def ensure(keys: list[str]) -> int:
    """Build and store each page of ``keys`` that is not stored yet, in every language;
    returns how many were built (pages that do not exist are left out)."""
    stored = set(StoredPage.objects.filter(key__in=keys).values_list("key", "language"))
    current = generation_now()
    built = 0
    for language, _name in settings.LANGUAGES:
        for key in keys:
            if (key, language) in stored:
                continue
            try:
                _build_and_store(key, language, current)
            except Http404:
                continue
            built += 1
    return built


def _priority(key: str) -> int:
    kind = _kind_of(key)
    return kind.priority(key.partition(":")[2]) if kind else 99
