"""Whole-file safety: size limits, zip bombs, things that are not workbooks, streams."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from indicators.parsers import consumption, ned, template
from indicators.parsers.base import ParseError
from indicators.parsers.files import format_size, open_source

from .conftest import UMEA_ROWS, collect, ned_csv_text, write


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, few_municipalities):
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: 60 MB without writing them
    with pytest.raises(ParseError) as caught:
        ned.parse(path, filename=path.name, municipalities=few_municipalities)
    assert caught.value.error.message == (
        "Filen är för stor (60 MB); största tillåtna storlek är 50 MB."
    )
    assert caught.value.error.row is None


def test_the_limit_is_a_parameter(tmp_path, few_municipalities):
    path = write(tmp_path / "liten.csv", ned_csv_text(UMEA_ROWS))
    with pytest.raises(ParseError, match=r"Filen är för stor \(1 kB\)"):
        ned.parse(path, filename=path.name, municipalities=few_municipalities, max_bytes=100)


class _Unseekable(io.RawIOBase):
    """An upload stream that can only be read forwards."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_an_unseekable_stream_is_spooled_and_still_limited(few_municipalities):
    data = ned_csv_text(UMEA_ROWS).encode()
    parsed = ned.parse(_Unseekable(data), filename="s.csv", municipalities=few_municipalities)
    assert len(collect(parsed).emissions) == 6
    with pytest.raises(ParseError, match="för stor"):
        open_source(_Unseekable(data), "s.csv", max_bytes=len(data) - 1)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_a_zip_bomb_is_refused_before_openpyxl_sees_it(tmp_path, few_municipalities):
    # 20 MB of zeros packs to ~20 kB: a ratio of ~1000.
    path = _zip(
        tmp_path / "bomb.xlsx",
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (20 << 20)},
    )
    for parser in (ned.parse, template.parse, consumption.parse):
        with pytest.raises(ParseError) as caught:
            parser(path, filename=path.name, municipalities=few_municipalities)
        assert "zip-bomb" in caught.value.error.message
        assert "xl/worksheets/sheet1.xml" in caught.value.error.message


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, few_municipalities):
    path = _zip(tmp_path / "arkiv.xlsx", {"readme.txt": b"hej"})
    with pytest.raises(ParseError, match="zip-arkiv men inte en Excel-arbetsbok"):
        template.parse(path, filename=path.name, municipalities=few_municipalities)


def test_a_damaged_workbook_is_refused(tmp_path, few_municipalities):
    path = _zip(tmp_path / "trasig.xlsx", {"xl/workbook.xml": b"<not xml"})
    with pytest.raises(ParseError, match="Arbetsboken kunde inte läsas"):
        template.parse(path, filename=path.name, municipalities=few_municipalities)


def test_an_old_xls_is_refused_where_xlsx_is_needed(tmp_path, few_municipalities):
    path = write(tmp_path / "gammal.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ParseError, match=r"gamla Excel-formatet \(\.xls\)"):
        consumption.parse_xlsx(
            path, filename=path.name, municipalities=few_municipalities, year=2023
        )


def test_a_renamed_csv_is_not_taken_for_a_workbook(tmp_path, few_municipalities):
    path = write(tmp_path / "egentligen.xlsx", "Kommunkod;Indikator;År;Värde\r\n2480;a;2024;1\r\n")
    with pytest.raises(ParseError, match="inte en Excel-arbetsbok"):
        consumption.parse_xlsx(
            path, filename=path.name, municipalities=few_municipalities, year=2023
        )


@pytest.mark.parametrize(
    ("size", "text"),
    [(60 * 1024 * 1024, "60 MB"), (3 * 1024 * 1024 // 2, "1,5 MB"), (12 * 1024, "12 kB")],
)
def test_sizes_are_written_for_people(size, text):
    assert format_size(size) == text
