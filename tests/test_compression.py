"""What the application answers is served compressed to browsers that accept it: HTML,
JSON and CSV gzipped (with Django's BREACH padding), downloads that are compressed already
(xlsx) left as they are."""

from __future__ import annotations

import gzip

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
