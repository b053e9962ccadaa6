"""Format detection and dispatch."""

from __future__ import annotations

import io
import json

import pytest

from indicators.parsers import FORMATS, ParseError, detect_format, parse_any
from indicators.parsers.template import write_template_csv, write_template_xlsx

from .conftest import UMEA_ROWS, collect, ned_csv_text, write

REAL_FILES = [
    ("ned/smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv", "ned_csv"),
    ("ned/smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx", "ned_xlsx"),
    ("ned/klimatkollen_municipality-sector-emissions_GGT_1990-2024.json", "klimatkollen_json"),
    ("scb/scb_kommunlankod_2023.xls", "scb_municipalities"),
    ("scb/scb_folkmangd_kommuner_1950-2022.xlsx", "scb_population_series"),
    ("scb/scb_be0101_tabhel2024_folkmangd_2024-12-31.xlsx", "scb_population_year"),
    ("kolada/ddf_kolada_dump/ddf--datapoints--n00401--by--geo--year.csv", "kolada_ddf_csv"),
    ("consumption/sei_klimatkollen_data_2023_shared_April_2026.xlsx", "sei_xlsx"),
    (
        "consumption/konsumtionskompassen_per_lan/sammanräknade-utsläpp-i-västerbotten.json",
        "sei_county_json",
    ),
    ("cdp/2021_Cities_Emissions_Reduction_Targets_clean_names.csv", "cdp_targets_csv"),
    ("cdp/2021_City-wide_Emissions.csv", "cdp_inventories_csv"),
]


@pytest.mark.parametrize(("relative", "format_id"), REAL_FILES)
def test_it_recognises_every_real_file(data_dir, relative, format_id):
    path = data_dir / relative
    with path.open("rb") as fileobj:
        assert detect_format(fileobj, path.name) == format_id
        assert fileobj.tell() == 0  # left where it was found


def test_every_format_has_a_swedish_label_and_a_parser():
    assert set(FORMATS) == {
        "ned_csv",
        "ned_xlsx",
        "cdp_targets_csv",
        "cdp_inventories_csv",
        "klimatkollen_json",
        "scb_municipalities",
        "scb_population_series",
        "scb_population_year",
        "kolada_api_json",
        "kolada_ddf_csv",
        "sei_county_json",
        "sei_xlsx",
        "template_csv",
        "template_xlsx",
    }
    for format_id, info in FORMATS.items():
        assert info.id == format_id and info.label and callable(info.parse)
        assert info.kind in {
            "emissions",
            "observations",
            "municipalities",
            "cdp_targets",
            "cdp_inventories",
        }


def test_it_recognises_the_templates_and_a_kolada_response(tmp_path):
    csv_buffer, xlsx_buffer = io.BytesIO(), io.BytesIO()
    write_template_csv(csv_buffer)
    write_template_xlsx(xlsx_buffer)
    assert detect_format(io.BytesIO(csv_buffer.getvalue()), "mall.csv") == "template_csv"
    assert detect_format(io.BytesIO(xlsx_buffer.getvalue()), "mall.xlsx") == "template_xlsx"
    page = {
        "count": 1,
        "values": [
            {
                "kpi": "N00401",
                "municipality": "2480",
                "period": 2022,
                "values": [{"gender": "T", "value": 2.4}],
            }
        ],
    }
    assert detect_format(io.BytesIO(json.dumps(page).encode()), "svar.json") == "kolada_api_json"


def test_it_names_the_supported_formats_when_it_does_not_know_a_file(tmp_path):
    path = write(tmp_path / "okänd.csv", "a;b\r\n1;2\r\n")
    with pytest.raises(ParseError) as caught:
        detect_format(path, path.name)
    message = caught.value.error.message
    assert message.startswith("Filformatet känns inte igen")
    assert "SMHI Nationella emissionsdatabasen, Länsrapport (CSV)" in message
    assert "Indikatormall (Excel)" in message


def test_it_refuses_an_empty_upload(tmp_path):
    with pytest.raises(ParseError, match="Filen är tom"):
        detect_format(io.BytesIO(b""), "tom.csv")


def test_parse_any_dispatches_and_drops_options_a_parser_does_not_take(
    tmp_path, few_municipalities
):
    path = write(tmp_path / "ned.csv", ned_csv_text(UMEA_ROWS))
    with path.open("rb") as fileobj:
        parsed = parse_any(
            fileobj,
            filename=path.name,
            municipalities=few_municipalities,
            indicator_keys={"x"},  # a template option: dropped for NED
            current_year=2025,
        )
        assert parsed.format == "ned_csv" and parsed.kind == "emissions"
        assert len(collect(parsed).emissions) == 6


def test_parse_any_takes_an_explicit_format(tmp_path, few_municipalities):
    path = write(tmp_path / "ned.csv", ned_csv_text(UMEA_ROWS))
    with pytest.raises(ParseError, match="Hittade ingen rubrikrad med kolumnerna Kommunkod"):
        parse_any(
            path, filename=path.name, format="template_csv", municipalities=few_municipalities
        )
    with pytest.raises(ParseError, match="Okänt format 'pdf'"):
        parse_any(path, filename=path.name, format="pdf", municipalities=few_municipalities)
