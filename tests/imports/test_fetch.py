"""Scheduled fetch against a local HTTP server on 127.0.0.1 that serves the files in
../shared/data (never the internet), imported through the same path as uploads."""

from __future__ import annotations

import ast
import csv
import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indicators.fetch import fetch_source, kolada_data_url, kolada_url
from indicators.models import EmissionRow, ImportJob, ImportJobStatus, Observation
from indicators.tasks import fetch_source_task

CO2 = "ned/smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def shared_data_server(data_dir):
    server, base = serve(data_dir)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def kolada_server(data_dir, tmp_path):
    """Kolada's API shape in two pages, built from the real values of the CSV dump."""
    server, base = serve(tmp_path)
    dump = data_dir / "kolada" / "ddf_kolada_dump" / "ddf--datapoints--n00401--by--geo--year.csv"
    with dump.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geo"] in {"2480", "1280", "0180"}]
    values = [
        {
            "kpi": "N00401",
            "municipality": r["geo"],
            "period": int(r["year"]),
            "values": [{"count": 1, "gender": "T", "status": "", "value": float(r["n00401"])}],
        }
        for r in rows
    ]
    half = len(values) // 2
    (tmp_path / "page1.json").write_text(
        json.dumps(
            {"count": len(values), "values": values[:half], "next_page": f"{base}/page2.json"}
        )
    )
    (tmp_path / "page2.json").write_text(
        json.dumps({"count": len(values), "values": values[half:]})
    )
    yield base, len(values)
    server.shutdown()
    server.server_close()


@pytest.fixture
def kolada_v3_server(data_dir, tmp_path):
    """Kolada's API v3 response shape (``total_count``, ``next_url``, ``isdeleted`` in each
    value; recorded shape, synthetic pages) built from the real values of the CSV dump."""
    server, base = serve(tmp_path)
    dump = data_dir / "kolada" / "ddf_kolada_dump" / "ddf--datapoints--n00401--by--geo--year.csv"
    with dump.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geo"] in {"2480", "1280"}]
    values = [
        {
            "kpi": "N00401",
            "municipality": r["geo"],
            "period": int(r["year"]),
            "values": [
                {
                    "count": 1,
                    "gender": "T",
                    "status": "",
                    "value": float(r["n00401"]),
                    "isdeleted": False,
                }
            ],
        }
        for r in rows
    ]
    half = len(values) // 2
    (tmp_path / "v3").mkdir()
    (tmp_path / "v3" / "page1.json").write_text(
        json.dumps(
            {
                "total_count": len(values),
                "values": values[:half],
                "next_url": f"{base}/v3/page2.json",
                "previous_url": None,
            }
        )
    )
    (tmp_path / "v3" / "page2.json").write_text(
        json.dumps({"total_count": len(values), "values": values[half:], "next_url": None})
    )
    yield base, len(values)
    server.shutdown()
    server.server_close()


def test_kolada_v3_pages_are_followed_and_imported(municipalities, settings, kolada_v3_server):
    base, count = kolada_v3_server
    settings.KLIMAT_FETCH_KOLADA_URL = [f"{base}/v3/page1.json"]
    [job] = fetch_source("kolada")
    assert job.status == ImportJobStatus.SUCCEEDED, job.message
    assert job.created_count == count == Observation.objects.count()
    assert json.loads(job.file.read())["pages"] == 2
    umea = Observation.objects.get(indicator__kolada_id="N00401", city__code="2480", year=2022)
    assert umea.value == pytest.approx(2.41011925)


def test_kolada_is_fetched_from_api_v3_whatever_version_is_configured():
    assert kolada_url("https://api.kolada.se/v2/data/kpi/N00401/year/2022") == (
        "https://api.kolada.se/v3/data/kpi/N00401/year/2022"
    )
    assert kolada_url("https://api.kolada.se/v1/data/kpi/N00401/year/2022").startswith(
        "https://api.kolada.se/v3/"
    )
    v3 = "https://api.kolada.se/v3/data/kpi/N00401,N07702/year/2022,2023?page=2"
    assert kolada_url(v3) == v3
    assert kolada_url("http://127.0.0.1:8000/v2/x.json") == "http://127.0.0.1:8000/v2/x.json"
    assert kolada_data_url(["N00401", "N07702"], [2022, 2023], ["2480"]) == (
        "https://api.kolada.se/v3/data/kpi/N00401,N07702/municipality/2480/year/2022,2023"
    )


def test_smhis_excel_is_fetched_and_imported_as_a_job(municipalities, settings, shared_data_server):
    settings.KLIMAT_FETCH_SMHI_URL = [f"{shared_data_server}/{CO2}"]
    [job_id] = fetch_source_task.delay("smhi").get()
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == ImportJobStatus.SUCCEEDED, job.message
    assert job.origin == "fetch" and job.original_name == Path(CO2).name
    assert job.release.name == "Länsrapport 2024-04-18" and job.release.substance == "CO2"
    umea_2022 = EmissionRow.objects.get(
        release=job.release, city__code="2480", year=2022, sector="Alla", subsector="Alla"
    )
    assert umea_2022.tonnes == pytest.approx(267249.02, abs=0.01)

    again = fetch_source("smhi")[0]
    assert (again.created_count, again.updated_count) == (0, 0)
    assert again.unchanged_count == job.created_count


def test_kolada_pages_are_followed_and_kept_as_one_file(municipalities, settings, kolada_server):
    base, count = kolada_server
    settings.KLIMAT_FETCH_KOLADA_URL = [f"{base}/page1.json"]
    [job] = fetch_source("kolada")
    assert job.status == ImportJobStatus.SUCCEEDED, job.message
    assert job.created_count == count == Observation.objects.count()
    stored = json.loads(job.file.read())
    assert stored["pages"] == 2 and len(stored["values"]) == count
    umea = Observation.objects.get(indicator__kolada_id="N00401", city__code="2480", year=2022)
    assert umea.value == pytest.approx(2.41011925)


def test_a_failed_download_is_recorded_and_writes_nothing(
    municipalities, settings, shared_data_server
):
    settings.KLIMAT_FETCH_SMHI_URL = [f"{shared_data_server}/ned/finns-inte.xlsx"]
    [job] = fetch_source("smhi")
    assert job.status == ImportJobStatus.FAILED
    assert "finns-inte.xlsx kunde inte hämtas" in job.message
    assert EmissionRow.objects.count() == 0


def _schedule(**env: str):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(sorted(settings.CELERY_BEAT_SCHEDULE))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KLIMAT_FETCH")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "klimat.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_beat_schedule_fetches_only_configured_sources():
    plain = _schedule()
    assert "fetch" not in plain.stdout, plain.stderr
    assert "import-jobs-fail-stale" in plain.stdout, plain.stderr
    both = _schedule(
        KLIMAT_FETCH_SMHI_URL="http://127.0.0.1:9/smhi.xlsx",
        KLIMAT_FETCH_KOLADA_URL="http://127.0.0.1:9/v2/data/kpi/N00401,N07702/year/2023",
    )
    fetches = [name for name in ast.literal_eval(both.stdout) if name.startswith("fetch-")]
    assert fetches == ["fetch-kolada-monthly", "fetch-smhi-yearly"], both.stderr
    bad = _schedule(KLIMAT_FETCH_SMHI_URL="ftp://example.se/x.xlsx")
    assert bad.returncode != 0 and "KLIMAT_FETCH_SMHI_URL" in bad.stderr
