"""Kolada (RKA): API data responses (v2/v3), pagination, and the DDF CSV dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicators.parsers import kolada, kolada_api, kolada_ddf, kolada_kpis
from indicators.parsers.base import ParseError

from .conftest import UMEA, collect, write

DUMP = "kolada/ddf_kolada_dump"


# --- the CSV dump -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [("n00401", 2.41011925), ("n07702", 318702.11926), ("n01951", 132235.0)],
)
def test_the_dump_gives_umeas_2022_values(data_dir, municipalities, kpi, expected):
    path = data_dir / DUMP / f"ddf--datapoints--{kpi}--by--geo--year.csv"
    parsed = kolada_ddf.parse_ddf_csv(path, filename=path.name, municipalities=municipalities)
    found = collect(parsed)
    assert found.errors == [] and found.warnings == []
    assert parsed.format == "kolada_ddf_csv"
    assert parsed.release.covers_to == 2022
    (umea,) = [o for o in found.observations if o.municipality_code == UMEA and o.year == 2022]
    assert umea.value == expected
    assert umea.indicator_key == "kolada:" + kpi.upper()
    assert (umea.status, umea.source) == ("final", "Kolada (RKA)")


def test_the_dump_skips_regions_and_riket(data_dir, municipalities):
    path = data_dir / DUMP / "ddf--datapoints--n00401--by--geo--year.csv"
    found = collect(kolada.parse(path, filename=path.name, municipalities=municipalities))
    codes = {o.municipality_code for o in found.observations}
    assert codes <= set(municipalities)
    assert len(codes) == 290
    assert not any(code.startswith("00") for code in codes)


def test_the_catalogue_names_each_kpi_and_its_unit(data_dir):
    catalogue = kolada_kpis.kpi_catalogue(data_dir / DUMP / "ddf--concepts.csv")
    assert len(catalogue) == 2039
    n00401 = catalogue["N00401"]
    assert n00401.name == "Utsläpp till luft av växthusgaser totalt, ton CO2-ekv/inv"
    assert n00401.unit == "ton CO2-ekv/inv"
    assert n00401.key == "kolada:N00401"
    assert catalogue["N01951"].unit == "antal"
    assert catalogue["N07418"].unit == "%"
    assert catalogue["N07702"].unit == "ton CO2-ekv"
    assert "Nationella emissionsdatabasen" in n00401.description


def _ddf(tmp_path: Path, body: str, header: str = "geo,year,n00401") -> Path:
    return write(tmp_path / "ddf--datapoints--n00401--by--geo--year.csv", f"{header}\n{body}")


def test_the_dump_reports_bad_rows(tmp_path, few_municipalities):
    body = "\n".join(
        [
            "0,2022,4.28",  # Riket: skipped
            "01,2022,1.52",  # Region Stockholm: skipped
            "2480,2022,2.41011925",
            "2480,1985,3.0",
            "2480,2021,två",
            "9999,2022,1.0",
            "114,2022,2.0",  # a municipality that lost its leading zero
            "2480,2022,2.5",
            "2482,2022,",
        ]
    )
    path = _ddf(tmp_path, body)
    found = collect(
        kolada_ddf.parse_ddf_csv(path, filename="d.csv", municipalities=few_municipalities)
    )
    assert [(o.municipality_code, o.year, o.value) for o in found.observations] == [
        ("2480", 2022, 2.41011925),
        ("0114", 2022, 2.0),
    ]
    assert [(e.row, e.column) for e in found.errors] == [
        (5, "year"),
        (6, "n00401"),
        (7, "geo"),
        (9, "geo"),
    ]
    assert "före 1990" in found.errors[0].message
    assert "'två' är inte ett tal" in found.errors[1].message
    assert "kommunkoden '9999' finns inte" in found.errors[2].message
    assert "finns redan på rad 4 med ett annat värde" in found.errors[3].message
    (notice,) = found.warnings
    assert notice.row == 10 and "Värde saknas" in notice.message


def test_the_dump_refuses_a_wrong_header(tmp_path, few_municipalities):
    path = _ddf(tmp_path, "2480,2022,1\n", header="kommun;år;värde")
    with pytest.raises(ParseError, match="Rubrikraden ska vara geo,year,<nyckeltal>"):
        kolada_ddf.parse_ddf_csv(path, filename=path.name, municipalities=few_municipalities)


# --- API responses ----------------------------------------------------------------------


def _entry(municipality: str, period: int, value: object, **extra: object) -> dict:
    values = [
        {"count": 1, "gender": "K", "status": "", "value": 999},
        {"count": 1, "gender": "T", "status": extra.pop("status", ""), "value": value},
    ]
    return {"kpi": "N00401", "municipality": municipality, "period": period, "values": values}


def _page(*entries: dict, next_page: str | None = None) -> dict:
    page: dict = {"count": len(entries), "values": list(entries)}
    if next_page:
        page["next_page"] = next_page
    return page


def test_a_v2_response_gives_the_total_gender_only(tmp_path, few_municipalities):
    # Values from the DDF dump (no real API response was saved).
    page = _page(
        _entry("2480", 2022, 2.41011925),
        _entry("0024", 2022, 3.1),  # Region Västerbotten: skipped
        _entry("0000", 2022, 4.2880137),  # Riket: skipped
        _entry("2480", 2021, 2.6, status="Preliminärt"),
    )
    path = write(tmp_path / "v2.json", json.dumps(page))
    parsed = kolada.parse(path, filename="v2.json", municipalities=few_municipalities)
    found = collect(parsed)
    assert parsed.format == "kolada_api_json"
    assert parsed.release.name == "Kolada API (N00401)"
    assert parsed.release.covers_to == 2022
    assert found.errors == [] and found.warnings == []
    assert [(o.indicator_key, o.year, o.value, o.status) for o in found.observations] == [
        ("kolada:N00401", 2022, 2.41011925, "final"),
        ("kolada:N00401", 2021, 2.6, "preliminary"),
    ]


def test_a_v3_shaped_response_is_read_too(tmp_path, few_municipalities):
    page = {
        "values": [
            {
                "kpi_id": "n07702",
                "municipality_id": 2480,
                "values": [{"gender": "T", "period": 2022, "value": 318702.11926}],
            },
            {"kpi": "N07702", "ou": "V15E248000301", "period": 2022, "values": []},
        ],
        "next_url": None,
    }
    path = write(tmp_path / "v3.json", json.dumps(page))
    found = collect(
        kolada_api.parse_api_json(path, filename="v3.json", municipalities=few_municipalities)
    )
    assert found.errors == []
    (record,) = found.observations
    assert (record.municipality_code, record.indicator_key, record.year, record.value) == (
        UMEA,
        "kolada:N07702",
        2022,
        318702.11926,
    )


def test_null_values_are_skipped_with_a_notice(tmp_path, few_municipalities):
    path = write(tmp_path / "null.json", json.dumps(_page(_entry("2480", 2022, None))))
    found = collect(kolada.parse(path, filename="null.json", municipalities=few_municipalities))
    assert found.observations == [] and found.errors == []
    (notice,) = found.warnings
    assert notice.column == "value"
    assert notice.message == (
        "Värde saknas för N00401, Umeå 2022 (Kolada anger null); värdet hoppas över."
    )


def test_a_saved_page_with_more_pages_says_so(tmp_path, few_municipalities):
    page = _page(_entry("2480", 2022, 2.4), next_page="https://api.kolada.se/v2/x?page=2")
    path = write(tmp_path / "p1.json", json.dumps(page))
    found = collect(kolada.parse(path, filename="p1.json", municipalities=few_municipalities))
    (notice,) = found.warnings
    assert "fler sidor" in notice.message


def test_api_rows_report_unknown_codes_bad_kpis_and_duplicates(tmp_path, few_municipalities):
    page = _page(
        _entry("2480", 2022, 2.4),
        _entry("2480", 2022, 2.5),
        _entry("9999", 2022, 1.0),
        {**_entry("2480", 2020, 1.0), "kpi": "=cmd"},
        _entry("2480", 2020, "mycket"),
    )
    path = write(tmp_path / "bad.json", json.dumps(page))
    found = collect(kolada.parse(path, filename="bad.json", municipalities=few_municipalities))
    assert [(e.row, e.column) for e in found.errors] == [
        (2, "value"),
        (3, "municipality"),
        (4, "kpi"),
        (5, "value"),
    ]
    assert "finns redan på rad 1 med ett annat värde" in found.errors[0].message
    assert "'=cmd' är inget Kolada-nyckeltal" in found.errors[2].message


def test_a_response_of_another_shape_is_refused(tmp_path, few_municipalities):
    path = write(tmp_path / "x.json", json.dumps({"count": 1, "rows": []}))
    with pytest.raises(ParseError, match="inget Kolada-datasvar"):
        kolada.parse(path, filename="x.json", municipalities=few_municipalities)


# --- pagination ----------------------------------------------------------------------------


def test_iter_pages_follows_next_page_through_the_injected_fetch(few_municipalities):
    urls = {
        "https://api.kolada.se/v2/data?page=2": _page(
            _entry("1280", 2022, 3.0), next_page="https://api.kolada.se/v2/data?page=3"
        ),
        "https://api.kolada.se/v2/data?page=3": _page(_entry("1480", 2022, 4.0)),
    }
    fetched: list[str] = []

    def fetch(url: str) -> dict:
        fetched.append(url)
        return urls[url]

    first = _page(_entry("2480", 2022, 2.4), next_page="https://api.kolada.se/v2/data?page=2")
    pages = kolada_api.iter_pages(first, fetch)
    parsed = kolada_api.parse_api_pages(pages, municipalities=few_municipalities)
    assert fetched == []  # nothing is fetched before the rows are read
    found = collect(parsed)
    assert [o.municipality_code for o in found.observations] == ["2480", "1280", "1480"]
    assert [o.row for o in found.observations] == [1, 2, 3]
    assert fetched == list(urls)


def test_iter_pages_stops_on_a_loop():
    loop = _page(next_page="https://api.kolada.se/v2/loop")
    pages = list(kolada_api.iter_pages(loop, lambda url: loop))
    assert len(pages) == 2  # the first page and the one fetched before the loop showed
