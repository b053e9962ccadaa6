"""Whatever is uploaded, a parser answers with records, RowErrors or a ParseError, never
with another exception (property tests over arbitrary JSON and mangled files)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.parsers import FORMATS, ParseError, consumption, klimatkollen, kolada_api, parse_any

from .conftest import UMEA_ROWS, ned_csv_text

MUNICIPALITIES = {"2480": "Umeå", "0114": "Upplands Väsby"}
KEYS = st.sampled_from(
    [
        "name",
        "sectors",
        "2022",
        "Transporter",
        "kpi",
        "municipality",
        "period",
        "values",
        "gender",
        "value",
        "status",
        "code",
        "emissions",
        "next_page",
        "ou",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["2480", "Umeå", "N00401", "T", "2022", "Transporter"])
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
SEEDS = [
    ned_csv_text(UMEA_ROWS).encode(),
    "Kommunkod;Indikator;År;Värde\r\n2480;a;2024;1 234,5\r\n".encode(),
    b"geo,year,n00401\n2480,2022,2.41\n01,2022,1.5\n",
    b'[{"name": "Ume\xc3\xa5", "sectors": {"2022": {"Transporter": 1.5}}}]',
]


def _drain(parser, data: bytes, **options) -> None:
    try:
        with parser(io.BytesIO(data), filename="x", municipalities=MUNICIPALITIES, **options) as p:
            for _ in p.rows():
                pass
    except ParseError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(DOCUMENTS)
def test_json_parsers_never_crash_on_arbitrary_json(document):
    data = json.dumps(document).encode()
    for parser in (klimatkollen.parse, kolada_api.parse_api_json, consumption.parse_county_json):
        _drain(parser, data)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 400), st.binary(max_size=6)), max_size=6),
    st.sampled_from([None, *FORMATS]),
)
def test_every_format_survives_mangled_bytes(seed, edits, format_id):
    data = bytearray(seed)
    for position, replacement in edits:
        data[position : position + len(replacement)] = replacement
    _drain(parse_any, bytes(data), format=format_id)


@pytest.mark.parametrize("format_id", ["template_csv", "kolada_ddf_csv", "ned_csv"])
@pytest.mark.parametrize(
    "data", [b"\xfe\xff\n", b"\xff\xfe\x41\x00\x0a", b"\xff\xfeA\x00\x00\xd8\n\x00"]
)
def test_a_broken_utf16_file_is_a_parse_error_that_says_so(data, format_id):
    """A UTF-16 byte order mark followed by an odd number of bytes or a lone surrogate."""
    with (
        pytest.raises(ParseError) as raised,
        parse_any(
            io.BytesIO(data), filename="x.csv", municipalities=MUNICIPALITIES, format=format_id
        ) as parsed,
    ):
        list(parsed.rows())
    assert "UTF-16" in str(raised.value)
