"""Writes requirements.lock from pip's installation report (``make lock``): every runtime
dependency of pyproject.toml pinned to the version pip resolved."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HEAD = """\
# The runtime dependencies of pyproject.toml, pinned (Python 3.11): what `make install`
# (and so `make run`) and the Dockerfile install; `make audit` checks it with pip-audit.
# Regenerate after changing the dependencies: `make lock`.
"""


def main(report: str, lock: str) -> None:
    installed = json.loads(Path(report).read_text())["install"]
    pins = sorted(
        (item["metadata"]["name"].lower(), item["metadata"]["version"])
        for item in installed
        if item["metadata"]["name"].lower() != "klimatkontrakt"
    )
    Path(lock).write_text(HEAD + "".join(f"{name}=={version}\n" for name, version in pins))


if __name__ == "__main__":
    main(*sys.argv[1:3])
