"""Run every benchmark and print its figures as `name value unit`, one per line."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="klimat-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klimat.settings")
    os.environ["KLIMAT_BENCH_SCRATCH"] = str(scratch)
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "sqlite")):
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()
    from benchmarks import MODULES

    failures = 0
    for name in MODULES:
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
