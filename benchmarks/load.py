"""``make load``: throughput of the production stack under ``wrk``.

Starts what it needs and stops it again: a scratch database (a SQLite file, or a new
PostgreSQL database ``klimat_load_<pid>`` on the server ``DATABASE_URL`` names, dropped at
the end), the demo data, the static files collected, and gunicorn with 2 workers on
loopback (``DEBUG=False``, as in production; the cache is Redis when ``REDIS_URL`` is set,
on a Redis database of the run's own, else each worker's memory). Each page is requested
once first (its stored page is built, as a data change would), then loaded by ``wrk``
with 50 connections for 30 s (``LOAD_SECONDS``), asking for gzip as browsers do. The
API's rate limits are lifted (``benchmarks/load_settings.py``).

Prints ``name value unit``: requests per second of each address, its share of the bare
template view's, and the errors (non-2xx answers and socket errors). Goals: the home page
and a city page ≥ 0.5 of the bare view, the emissions and observations API ≥ 0.25, 0 errors.
Needs ``wrk`` (Debian: ``apt-get install wrk``); falls back on a small Python load
generator (``benchmarks/loadgen.py``) when there is none.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [
    ("bare", "/bench/bare/"),
    ("home", "/"),
    ("city", "/kommuner/umea/"),
    ("api_emissions", "/api/v1/cities/2480/emissions/"),
    ("api_observations", "/api/v1/observations/?city=2480"),
]
GOALS = {"home": 0.5, "city": 0.5, "api_emissions": 0.25, "api_observations": 0.25}


def main() -> int:
    from benchmarks.__main__ import scratch_postgres, scratch_redis

    scratch = Path(tempfile.mkdtemp(prefix="klimat-load-"))
    try:
        url = os.environ.get("DATABASE_URL", "")
        with scratch_redis():
            if url.startswith(("postgres://", "postgresql://")):
                with scratch_postgres(url) as scratch_url:
                    return _run(scratch, scratch_url)
            return _run(scratch, f"sqlite:///{scratch / 'load.sqlite3'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _env(scratch: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "False",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-" + "x" * 40),
        "SECURE_SSL_REDIRECT": "False",
        "KLIMAT_LOAD_STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "TMPDIR": str(scratch),
    }


def _run(scratch: Path, database_url: str) -> int:
    env = _env(scratch, database_url)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo_data"], ["collectstatic", "--noinput"]):
        subprocess.run(  # noqa: S603
            [*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "klimat.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/bench/bare/")
        seconds = int(os.environ.get("LOAD_SECONDS", "30"))
        figures = {}
        for name, path in TARGETS:
            for _ in range(4):  # each worker builds or reads its stored page first
                urllib.request.urlopen(base + path, timeout=120).read()  # noqa: S310
            figures[name] = _load(base + path, seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    bare = figures["bare"][0]
    failed = False
    for name, (rps, errors) in figures.items():
        print(f"load_{name}_rps {rps:.1f} req/s")
        if name != "bare":
            ratio = rps / bare if bare else 0.0
            print(f"load_{name}_ratio {ratio:.2f} x")
            failed |= ratio < GOALS[name]
        print(f"load_{name}_errors {errors} errors")
        failed |= errors > 0
    return 1 if failed else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _load(url: str, seconds: int) -> tuple[float, int]:
    """Requests per second and errors of ``url`` under 50 connections."""
    wrk = shutil.which("wrk")
    if wrk is None:
        from benchmarks.loadgen import load

        return load(url, seconds=seconds, connections=50)
    out = subprocess.run(  # noqa: S603
        [
            wrk,
            "-t2",
            "-c50",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in found.groups())
    return rps, errors


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
