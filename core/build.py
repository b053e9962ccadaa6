"""Which code a process runs: a fingerprint of the project's own files.

What is built from the data (the stored pages, the page data in the cache) is built by the
code too: a deploy that changes how a page is drawn, a text, a translation or a static
file the page links to changes what the stored pages must hold, though no data changed.
Each stored page records the build that made it, and to a process of another build it is
stale, rebuilt as one built from older data is (``core.stored_pages``); what is cached is
keyed by the build too (``core.cache``). Every process of one deploy (web processes,
workers) runs the same files and so has the same fingerprint.

The files: every file of the project's own apps (code, templates, migrations), of the
template, static and translation folders the settings name, and of the settings' own
package; not the byte-compiled caches. About 5 MB read once per process.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from django.apps import apps
from django.conf import settings


@functools.cache
def fingerprint() -> str:
    """The build's fingerprint: 16 hexadecimal digits, the same for the same files."""
    digest = hashlib.blake2b(digest_size=8)
    for path, name in _files():
        digest.update(name.encode())
        digest.update(b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:  # gone or unreadable: named, so it still counts
            digest.update(b"\1")
    return digest.hexdigest()


def _folders() -> list[Path]:
    """The project's own folders, each once (none inside another)."""
    base = Path(settings.BASE_DIR).resolve()
    # The project's apps are its top folders (the installed packages' apps are not its own,
    # even in a virtual environment inside it).
    found = {Path(config.path).resolve() for config in apps.get_app_configs()}
    found = {path for path in found if path.parent == base}
    found.add(base / settings.ROOT_URLCONF.split(".")[0])  # the settings' own package
    for engine in settings.TEMPLATES:
        folders = cast("list[str | Path]", engine.get("DIRS", []))
        found.update(Path(folder).resolve() for folder in folders)
    found.update(Path(folder).resolve() for folder in settings.STATICFILES_DIRS)
    found.update(Path(folder).resolve() for folder in settings.LOCALE_PATHS)
    return sorted(
        path
        for path in found
        if path.is_dir() and not any(path.is_relative_to(other) for other in found - {path})
    )


def _files() -> Iterator[tuple[Path, str]]:
    """Every file of the folders, in a fixed order, with its name relative to the project."""
    base = Path(settings.BASE_DIR).resolve()
    for folder in _folders():
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            for file in sorted(files):
                if file.endswith((".pyc", ".pyo")):
                    continue
                path = Path(root) / file
                yield path, str(path.relative_to(base)) if path.is_relative_to(base) else str(path)
