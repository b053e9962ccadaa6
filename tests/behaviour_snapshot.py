"""Behaviour snapshot: every page, download and API answer a crawl reaches, as four people.

A restructuring must leave what people see unchanged. This script loads the demo data
into a scratch SQLite database, gives Umeå an officer and an administrator and adds a
member of programme staff, then crawls the site from the public, workspace, staff and API
entry points of Umeå and Malmö as each of them (and anonymously), following every link on
the site, and writes each answer (status, content type and a normalised body) to a folder.
Run it before and after a change and compare the folders:

    .venv/bin/python -m tests.behaviour_snapshot capture /tmp/before
    ... change the code ...
    .venv/bin/python -m tests.behaviour_snapshot capture /tmp/after
    .venv/bin/python -m tests.behaviour_snapshot compare /tmp/before /tmp/after

Normalised: CSRF tokens and the build's own time stamps; Excel files become their cell
values; PDFs are left out (their bytes hold the time they were made).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tempfile
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [
    "/",
    "/lardomar/",
    "/api/v1/",
    "/api/schema/",
    "/api/docs/",
    "/min-kommun/",
    "/min-kommun/installningar/",
    "/import/",
    "/import/historik/",
    "/programkontoret/myndigheter/",
    "/programkontoret/jamfor/",
    "/programkontoret/jamfor/?urval=alla",
    "/programkontoret/jamfor/?urval=lan&lan=24",
    "/programkontoret/jamfor/tabell.csv",
    "/programkontoret/jamfor/tabell.xlsx",
]
CITY_SEEDS = [
    "/kommuner/{slug}/",
    "/kommuner/{slug}/atgarder/",
    "/kommuner/{slug}/kontrakt/",
    "/kommuner/{slug}/kontrakt/jamfor/?fran=2020&till=2024",
    "/kommuner/{slug}/lagesrapport/",
    "/kommuner/{slug}/lagesrapport/2023/",
    "/min-kommun/{slug}/",
    "/programkontoret/kommuner/{slug}/anteckningar/",
]
API_SEEDS = [
    "/api/v1/cities/?contract=true",
    "/api/v1/cities/{code}/",
    "/api/v1/cities/{code}/goals/",
    "/api/v1/cities/{code}/emissions/",
    "/api/v1/cities/{code}/emissions/?substance=CO2",
    "/api/v1/cities/{code}/contracts/",
    "/api/v1/cities/{code}/actions/",
    "/api/v1/goals/?city={code}",
    "/api/v1/targets/?city={code}",
    "/api/v1/targets/?city={code}&format=csv",
    "/api/v1/indicators/?city={code}",
    "/api/v1/observations/?city={code}",
    "/api/v1/observations/?city={code}&format=csv",
    "/api/v1/emissions/?city={code}&year=2022",
    "/api/v1/emissions/totals/?city={code}",
    "/api/v1/releases/",
    "/api/v1/actions/?city={code}",
    "/api/v1/action-follow-ups/?city={code}",
    "/api/v1/contracts/?city={code}",
    "/api/v1/commitments/?city={code}",
]
CITIES = {"umea": "2480", "malmo": "1280"}
SKIP = re.compile(r"^/(admin|i18n|static|media|accounts/(logout|reset))|/pdf/$|\.pdf$")
# A link that leads to another municipality than the two (the home page lists 290).
OTHER_CITY = re.compile(r"^/(kommuner|min-kommun|programkontoret/kommuner)/(?!umea/|malmo/)[^/]+/")
MAX_PAGES_PER_ACTOR = 700


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klimat.settings")
    os.environ["DEBUG"] = "True"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_RATE_ANONYMOUS = ""
    settings.API_RATE_USER = ""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=io.StringIO())


def _actors() -> dict[str, object | None]:
    from django.contrib.auth import get_user_model

    from cities.models import City, Membership

    users = get_user_model().objects
    umea = City.objects.get(code="2480")
    officer = users.create_user("snap.officer", "o@example.se", "x")
    admin = users.create_user("snap.admin", "a@example.se", "x")
    Membership.objects.create(user=officer, city=umea, role="officer")
    Membership.objects.create(user=admin, city=umea, role="admin")
    staff = users.create_user("snap.staff", "s@example.se", "x", is_staff=True)
    return {"anonymous": None, "officer": officer, "admin": admin, "staff": staff}


def _normalise(body: bytes, content_type: str) -> bytes:
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        lines = []
        for sheet in book.worksheets:
            lines.append(f"## {sheet.title}")
            for row in sheet.iter_rows(values_only=True):
                lines.append("\t".join("" if v is None else str(v) for v in row))
        return "\n".join(lines).encode()
    if not content_type.startswith(("text/", "application/json", "application/vnd.oai")):
        return hashlib.sha256(body).hexdigest().encode()
    text = body.decode("utf-8", "replace")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', text)
    text = re.sub(r'"csrfToken": ?"[^"]+"', '"csrfToken"', text)
    text = re.sub(r'(X-CSRFTOKEN"\] = )"[^"]+"', r"\1", text)
    # When the demo data was written (ISO time stamps down to the second).
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?", "<time>", text)
    text = re.sub(r"\b\d{4}-\d\d-\d\d \d\d:\d\d\b", "<time>", text)
    text = re.sub(r"\b(kl\.|at|\d{4}) \d\d?[:.]\d\d\b", r"\1 <time>", text)
    return text.encode()


def _links(body: str) -> list[str]:
    return re.findall(r'(?:href|action)="(/[^"]*)"', body)


def _name(url: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._=-]+", "_", url.strip("/")) or "root"
    return safe[:150] + "-" + hashlib.sha256(url.encode()).hexdigest()[:8]


def capture(out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        _setup(Path(scratch) / "snapshot.sqlite3")
        from django.test import Client

        seeds = list(SEEDS)
        for slug, code in CITIES.items():
            seeds += [s.format(slug=slug) for s in CITY_SEEDS]
            seeds += [s.format(code=code) for s in API_SEEDS]
        for actor, user in _actors().items():
            client = Client()
            if user is not None:
                client.force_login(user)  # type: ignore[arg-type]
            folder = out / actor
            folder.mkdir(parents=True, exist_ok=True)
            seen: set[str] = set()
            queue = deque(seeds)
            index = []
            while queue and len(seen) < MAX_PAGES_PER_ACTOR:
                url = urldefrag(queue.popleft())[0].replace("&amp;", "&")
                if url in seen or SKIP.search(urlsplit(url).path) or OTHER_CITY.match(url):
                    continue
                seen.add(url)
                response = client.get(url)
                content_type = response.get("Content-Type", "")
                body = b"".join(response) if response.streaming else response.content
                (folder / _name(url)).write_bytes(_normalise(body, content_type))
                index.append(
                    {
                        "url": url,
                        "status": response.status_code,
                        "type": content_type,
                        "location": response.get("Location", ""),
                    }
                )
                if content_type.startswith("text/html"):
                    queue.extend(_links(body.decode("utf-8", "replace")))
            (folder / "_index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False))
            print(f"{actor}: {len(index)} answers")


def compare(before: Path, after: Path) -> int:
    differences = 0
    for actor_dir in sorted(p for p in before.iterdir() if p.is_dir()):
        other = after / actor_dir.name
        old = {e["url"]: e for e in json.loads((actor_dir / "_index.json").read_text())}
        new = {e["url"]: e for e in json.loads((other / "_index.json").read_text())}
        for url in sorted(old.keys() | new.keys()):
            if url not in new or url not in old:
                print(f"{actor_dir.name}: {url} only {'before' if url in old else 'after'}")
                differences += 1
                continue
            if old[url] != new[url]:
                print(f"{actor_dir.name}: {url} {old[url]} -> {new[url]}")
                differences += 1
            name = _name(url)
            if (actor_dir / name).read_bytes() != (other / name).read_bytes():
                print(f"{actor_dir.name}: {url} body differs ({actor_dir / name} {other / name})")
                differences += 1
    print(f"{differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    if command == "capture":
        capture(Path(paths[0]))
    elif command == "compare":
        raise SystemExit(compare(Path(paths[0]), Path(paths[1])))
    else:
        raise SystemExit(__doc__)
