"""What the application answers is served compressed to browsers that accept it: HTML,
JSON and CSV gzipped (with Django's BREACH padding), downloads that are compressed already
(xlsx) left as they are. A stored page framed for a signed-in person is gzipped by splicing
the frame, compressed per request, around the content deflated once when it was built."""

from __future__ import annotations

import gzip
import re
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core.stored_pages
from core.models import StoredPage
from core.stored_pages import Deflated, crc32_combine, deflated, gzip_spliced, unpacked

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


def test_a_city_page_is_gzipped_for_a_browser_that_accepts_it(client, umea_emissions):
    plain = client.get("/kommuner/umea/")
    packed = client.get("/kommuner/umea/", **GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "Umeå" in html and "</html>" in html
    assert len(packed.content) < len(plain.content) / 3


def test_json_and_csv_are_gzipped(client, umea_emissions):
    json_answer = client.get("/api/v1/cities/2480/emissions/", **GZIP)
    assert json_answer["Content-Encoding"] == "gzip"
    assert b'"year"' in gzip.decompress(json_answer.content)
    csv_answer = client.get("/api/v1/cities/?format=csv", **GZIP)
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert csv_answer["Content-Encoding"] == "gzip"
    assert "Umeå" in gzip.decompress(csv_answer.content).decode()


def test_an_excel_download_is_not_gzipped_again(client, umea_emissions):
    answer = client.get("/kommuner/umea/diagram/sektorer.xlsx", **GZIP)
    assert answer.status_code == 200
    assert "Content-Encoding" not in answer
    assert answer.content[:2] == b"PK"


# --- a signed-in person's stored page: the content deflated once, the frame per request --

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _masked(html: bytes) -> bytes:
    """The page with its CSRF token (masked afresh for every answer) left out."""
    return _TOKEN.sub(b'name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("path", ["/programkontoret/jamfor/?urval=alla", "/kommuner/umea/", "/"])
def test_a_stored_page_framed_for_a_signed_in_person_is_gzipped_as_it_would_be_plain(
    client, two_cities, staff_user, path
):
    client.force_login(staff_user)
    plain = client.get(path)
    packed = client.get(path, **GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content)
    html = gzip.decompress(packed.content)
    assert b"csrfmiddlewaretoken" in html  # the frame rendered for them (Logga ut)
    assert _masked(html) == _masked(plain.content)
    assert len(packed.content) < len(plain.content) / 3


def test_the_stored_content_is_spliced_not_compressed_per_request(
    client, two_cities, staff_user, monkeypatch
):
    client.force_login(staff_user)
    client.get("/kommuner/umea/")  # built and stored, deflated once
    row = StoredPage.objects.get(key="city:umea", language="sv")
    stored = Deflated.unpacked(row.html_deflated)
    assert stored is not None
    assert stored.size == len(unpacked(row.html))
    assert stored.crc == zlib.crc32(unpacked(row.html))
    calls = []
    monkeypatch.setattr(
        "django.middleware.gzip.compress_string", lambda *a, **k: calls.append(a) or b""
    )
    assert client.get("/kommuner/umea/", **GZIP)["Content-Encoding"] == "gzip"
    assert not calls  # the middleware compressed nothing


def test_a_row_stored_before_is_gzipped_by_the_middleware(client, two_cities, staff_user):
    client.force_login(staff_user)
    plain = client.get("/kommuner/umea/").content
    StoredPage.objects.update(html_deflated=b"")
    core.stored_pages.forget_local()
    packed = client.get("/kommuner/umea/", **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert _masked(gzip.decompress(packed.content)) == _masked(plain)


_parts = st.binary(max_size=3000) | st.sampled_from([b"", b"<p>\xc3\xa5</p>" * 700])


@settings(max_examples=200, deadline=None)
@given(head=_parts, body=_parts, tail=_parts)
def test_a_spliced_gzip_decompresses_to_the_three_parts_joined(head, body, tail):
    spliced = gzip_spliced(head, deflated(body), tail)
    assert gzip.decompress(spliced) == head + body + tail
    # one member: its trailer holds the CRC-32 and the length of the whole
    assert spliced[-8:] == struct.pack(
        "<II", zlib.crc32(head + body + tail), len(head + body + tail)
    )


@settings(max_examples=500, deadline=None)
@given(first=st.binary(max_size=2000), second=st.binary(max_size=2000))
def test_crc32_combine_is_the_crc_of_the_joined_strings(first, second):
    combined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert combined == zlib.crc32(first + second)


def test_crc32_combine_of_long_lengths():
    # the CRC of a megabyte of zeros after b"a", from the CRC of b"a" and of the zeros
    zeros = bytes(1 << 20)
    assert crc32_combine(zlib.crc32(b"a"), zlib.crc32(zeros), len(zeros)) == zlib.crc32(
        b"a" + zeros
    )


def test_a_browser_that_accepts_gzip_reads_the_content_deflated_only(
    client, two_cities, staff_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)
    plain = client.get("/programkontoret/jamfor/?urval=alla")  # built and stored
    core.stored_pages.forget_local()  # as after a restart
    with CaptureQueriesContext(connection) as queries:
        packed = client.get("/programkontoret/jamfor/?urval=alla", **GZIP)
    (read,) = [q["sql"] for q in queries.captured_queries if "core_storedpage" in q["sql"]]
    assert '"html_deflated"' in read
    assert '"html",' not in read and '"html" ' not in read  # not the megabyte as HTML too
    assert _masked(gzip.decompress(packed.content)) == _masked(plain.content)


def test_content_read_deflated_only_inflates_to_the_html(two_cities):
    html = core.stored_pages.stored_content("city", "umea").body
    core.stored_pages.forget_local()
    deflated = core.stored_pages.stored_content("city", "umea", gzipped=True).body
    assert deflated == b"" and deflated.deflated is not None  # the HTML not read
    assert deflated.html() == html
    assert html.html() == html
