"""Run every benchmark and print its figures as `name value unit`, one per line.

Honest and repeatable: everything runs on a scratch database of its own — a SQLite file
in a scratch folder, or, when ``DATABASE_URL`` names a PostgreSQL server, a new database
``klimat_bench_<pid>`` on that server (never the one it names), created here and dropped
at the end — and every temporary file goes into the scratch folder, removed at the end.
Extra modules can be named in ``KLIMAT_BENCH_MODULES`` (comma-separated) or added to
``benchmarks.MODULES``; ``KLIMAT_BENCH_ONLY=city_page,report`` runs only those.

Each module runs in a process of its own (on the run's scratch database, Redis database and
folder), as a server process serves one kind of request after another: what one module
leaves in its process (the report's PDF fonts, the workspace's thousands of values, all of
them walked by the garbage collector) does not weigh on the next one's timings, and a
module run alone gives the figures a whole run gives.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def scratch_postgres(url: str, suffix: str = "") -> Iterator[str]:
    """A new, empty database on the server of ``url``; its URL; dropped afterwards."""
    import psycopg

    parts = urlsplit(url)
    name = f"klimat_bench_{os.getpid()}{suffix}"
    admin = psycopg.connect(
        host=parts.hostname or None,
        port=parts.port or None,
        user=parts.username or None,
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(parts._replace(path=f"/{name}", query=""))
    finally:
        from django.conf import settings
        from django.db import connections

        if settings.configured:  # ``make load`` runs Django in its server processes only
            connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


#: Set in a module's own process: the run's scratch database and folder are set up.
CHILD = "KLIMAT_BENCH_CHILD"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    if os.environ.get(CHILD):
        return _modules_here(os.environ["KLIMAT_BENCH_ONLY"].split(","))
    scratch = Path(tempfile.mkdtemp(prefix="klimat-bench-"))
    try:
        return _run(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(scratch: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klimat.settings")
    os.environ["KLIMAT_BENCH_SCRATCH"] = str(scratch)
    os.environ["TMPDIR"] = str(scratch)  # the child processes' temporary files too
    tempfile.tempdir = str(scratch)
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    url = os.environ.get("DATABASE_URL", "")
    with scratch_redis():
        if url.startswith(("postgres://", "postgresql://")):
            with scratch_postgres(url) as scratch_url:
                os.environ["DATABASE_URL"] = scratch_url
                return _modules()
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        return _modules()


@contextmanager
def scratch_redis() -> Iterator[None]:
    """With ``REDIS_URL``: a Redis database of the run's own (cache and broker,
    ``KLIMAT_BENCH_REDIS_DB``, default 14), emptied before and after, so flushing it
    between measurements touches nobody else's keys."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        yield
        return
    import redis

    parts = urlsplit(url)
    db = os.environ.get("KLIMAT_BENCH_REDIS_DB", "14")
    own = urlunsplit(parts._replace(path=f"/{db}"))
    os.environ["REDIS_URL"] = own
    client = redis.Redis.from_url(own)
    client.flushdb()
    try:
        yield
    finally:
        client.flushdb()
        client.close()


#: Modules that write made-up values into their database (the workspace: 350 values of
#: Umeå's indicators, inhabitants among them): each runs on a scratch database of its own,
#: so that every other module measures the demo data and nothing else.
OWN_DATABASE = frozenset({"workspace"})


def _modules() -> int:
    """Each module in a process of its own, one after another; its figures printed."""
    from benchmarks import MODULES

    extra = [m for m in os.environ.get("KLIMAT_BENCH_MODULES", "").split(",") if m]
    only = [m for m in os.environ.get("KLIMAT_BENCH_ONLY", "").split(",") if m]
    failures = 0
    for name in only or [*MODULES, *extra]:
        env = {**os.environ, CHILD: "1", "KLIMAT_BENCH_ONLY": name}
        with _database_of(name) as own:
            if own:
                env["DATABASE_URL"] = own
            child = subprocess.run(
                [sys.executable, "-m", "benchmarks"], cwd=ROOT, env=env, check=False
            )
        failures += child.returncode != 0
    return 1 if failures else 0


@contextmanager
def _database_of(module: str) -> Iterator[str]:
    """The URL of a scratch database of ``module``'s own (``OWN_DATABASE``), else ""."""
    url = os.environ["DATABASE_URL"]
    if module not in OWN_DATABASE:
        yield ""
    elif url.startswith(("postgres://", "postgresql://")):
        with scratch_postgres(url, suffix=f"_{module}") as own:
            yield own
    else:  # in the run's scratch folder, removed with it
        yield f"sqlite:///{Path(os.environ['KLIMAT_BENCH_SCRATCH']) / f'{module}.sqlite3'}"


def _modules_here(names: list[str]) -> int:
    import django

    django.setup()
    failures = 0
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            for figure, value, unit in module.run():
                print(f"{figure} {value} {unit}", flush=True)
        except Exception as exc:  # report and go on: one broken benchmark hides no others
            failures += 1
            print(f"# {name} failed: {exc!r}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
