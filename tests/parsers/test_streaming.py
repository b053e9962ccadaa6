"""rows() streams: records come while the file is read and memory stays flat."""

from __future__ import annotations

import inspect
import tracemalloc
from pathlib import Path

from indicators.parsers import ned, template
from indicators.parsers.base import EmissionRecord

from .conftest import write

GGT_CSV = "ned/smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv"
CO2_XLSX = "ned/smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"


def _peak_while_streaming(parsed) -> tuple[int, int]:
    """(records, peak bytes allocated) while iterating rows() without keeping them."""
    tracemalloc.start()
    try:
        count = sum(1 for item in parsed.rows() if isinstance(item, EmissionRecord))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        parsed.close()
    return count, peak


def test_rows_is_a_generator(tmp_path, few_municipalities):
    path = write(tmp_path / "m.csv", "Kommunkod;Indikator;År;Värde\r\n2480;a;2024;1\r\n")
    parsed = template.parse(path, filename=path.name, municipalities=few_municipalities)
    assert inspect.isgenerator(parsed.rows())
    parsed.close()


def test_streaming_the_real_csv_keeps_memory_flat(data_dir: Path, municipalities):
    path = data_dir / GGT_CSV
    parsed = ned.parse(path, filename=path.name, municipalities=municipalities)
    count, peak = _peak_while_streaming(parsed)
    assert count == 237_510
    # Holding the records would take ~40 MB; streaming needs a few MB (the duplicate
    # check's 18 270 row keys and one CSV buffer).
    assert peak < 8 * 1024 * 1024, peak


def test_streaming_the_real_workbook_keeps_memory_flat(data_dir: Path, municipalities):
    path = data_dir / CO2_XLSX
    parsed = ned.parse(path, filename=path.name, municipalities=municipalities)
    count, peak = _peak_while_streaming(parsed)
    assert count == 215_760
    # openpyxl's read-only reader keeps ~0.5 kB per sheet row (its cleared row elements
    # stay in the XML tree), ~10 MB for these 19 350 rows; still far below the ~40 MB
    # the records would take, and bounded by the workbook size limits.
    assert peak < 20 * 1024 * 1024, peak
