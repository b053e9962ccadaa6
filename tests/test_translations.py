"""Language: Swedish by default whatever the browser asks for, English through the
switch (which comes back to the same page), numbers and dates written per language,
cached pages kept apart per language, and a committed English catalogue that is
complete and compiled."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from actions.models import SECTOR_CHOICES, sector_name
from core.cache import bump_generation, cached
from core.formatting import num, pct, plotly_separators, possessive
from indicators.labels import unit_label
from indicators.models import Indicator
from tests.conftest import ROOT

PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
NBSP = "\u00a0"
MINUS = "\u2212"
UMEA_PAGE = "/kommuner/umea/"


# --- the committed catalogue ---------------------------------------------------------


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header left out (a small reader: what makemessages
    writes, no obsolete entries)."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish() -> None:
        nonlocal entry
        if target is not None:
            entries.append(entry)
        entry = Entry()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()
                target = None
            if line.startswith("#,") and "fuzzy" in line:
                entry.fuzzy = True
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()
            target = (keyword, None)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match[1]))
            elif keyword == "msgstr":
                target = ("msgstr", 0)
            text = ast.literal_eval(rest)
        assert target is not None, f"{path}: text outside an entry: {line}"
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)
    finish()
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def test_the_english_catalogue_is_complete():
    entries = read_po(PO)
    assert len(entries) > 500  # every marked string of the site
    untranslated = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_the_compiled_catalogue_matches_the_po_file():
    """django.mo is what msgfmt makes of django.po: `make messages` was run after the last
    change to the .po file (fuzzy and untranslated entries are left out of a .mo)."""
    expected: dict[object, str] = {}
    for e in read_po(PO):
        if e.fuzzy or not e.translated:
            continue
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            expected[msgid] = e.msgstr[0]
        else:
            expected |= {(msgid, i): text for i, text in e.msgstr.items()}
    with MO.open("rb") as fileobj:
        compiled = gettext.GNUTranslations(fileobj)
    catalog = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert catalog == expected, "locale/en/LC_MESSAGES/django.mo is stale: run `make messages`"


#: The names makemessages finds marked strings by (Django passes them to xgettext).
MARKERS = {
    "_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
    "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy",
}  # fmt: skip


def test_every_marked_string_reaches_the_catalogue():
    """A translation function imported under another name (``gettext_noop as N_``) marks
    strings xgettext never sees: `make messages` would drop them from the catalogue and the
    English pages would show them in Swedish."""
    aliased = []
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "node_modules", "tests", "benchmarks"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                aliased += [
                    f"{path.relative_to(ROOT)}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.asname and a.asname not in MARKERS and a.name in MARKERS
                ]
    assert aliased == []


# --- which language a request gets ------------------------------------------------------


def test_a_browser_asking_for_english_gets_swedish(client, umea_emissions):
    response = client.get(UMEA_PAGE, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert response["Content-Language"] == "sv"
    assert "Cookie" in response["Vary"]
    # The switch offers English, in English.
    assert '<button type="submit" lang="en">English</button>' in html


def test_an_unknown_language_in_the_cookie_gets_swedish(client, umea_emissions):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(UMEA_PAGE).content.decode()
    assert '<html lang="sv">' in html


def test_the_switch_comes_back_to_the_same_page_in_english(client, umea_emissions):
    here = UMEA_PAGE + "?visa=alla"
    html = client.get(here).content.decode()
    # The switch posts to set_language and says where to come back to, query included.
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/kommuner/umea/?visa=alla"' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": here})
    assert response.status_code == 302
    assert response["Location"] == here

    response = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="sv")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert '<button type="submit" lang="sv">Svenska</button>' in html
    assert 'name="language" value="sv"' in html

    # And back.
    response = client.post(reverse("set_language"), {"language": "sv", "next": here})
    assert response["Location"] == here
    assert '<html lang="sv">' in client.get(here).content.decode()


# --- numbers and dates ------------------------------------------------------------------


def test_numbers_read_the_swedish_way_in_swedish_and_the_english_way_in_english():
    with translation.override("sv"):
        assert num(1234.5, 1) == f"1{NBSP}234,5"
        assert num(-1234567) == f"{MINUS}1{NBSP}234{NBSP}567"
        assert pct(-24.2) == f"{MINUS}24,2{NBSP}%"
        assert pct(9.8) == f"+9,8{NBSP}%"
        assert plotly_separators() == ", "
    with translation.override("en"):
        assert num(1234.5, 1) == "1,234.5"
        assert num(-1234567) == f"{MINUS}1,234,567"
        assert pct(-24.2) == f"{MINUS}24.2%"
        assert pct(9.8, signed=False) == "9.8%"
        assert plotly_separators() == ".,"


def test_dates_read_per_language():
    day = date(2026, 11, 24)
    with translation.override("sv"):
        assert date_format(day) == "24 november 2026"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-11-24"
    with translation.override("en"):
        assert date_format(day) == "24 November 2026"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-11-24"


def _city_page_in_both(client) -> tuple[str, str]:
    """Umeå's page as a visitor reads it in Swedish, then after choosing English."""
    swedish = client.get(UMEA_PAGE).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": UMEA_PAGE})
    return swedish, client.get(UMEA_PAGE).content.decode()


def test_the_city_page_writes_numbers_and_charts_in_the_chosen_language(client, umea_emissions):
    swedish, english = _city_page_in_both(client)
    assert f"365{NBSP}010" in swedish
    assert '"separators":", "' in swedish
    # The page's content is cached, but per language: not the Swedish copy.
    assert "365,010" in english
    assert f"365{NBSP}010" not in english
    assert f"{MINUS}24.2%" in english
    assert '"separators":".,"' in english
    assert '"separators":", "' not in english


def test_sectors_are_named_in_the_chosen_language(client, umea_emissions):
    """SMHI's sector names are stored in Swedish and shown in the visitor's language, on
    the city page's sector charts and in the action portfolio."""
    swedish, english = _city_page_in_both(client)
    assert '"name":"Transporter"' in swedish
    assert '"name":"Domestic transport"' in english
    assert '"name":"Electricity and district heating"' in english
    assert '"name":"Transporter"' not in english
    # The filter's options are built once, at import, and translated when rendered.
    options = dict(SECTOR_CHOICES)
    with translation.override("en"):
        assert str(options["Transporter"]) == "Domestic transport"
        assert sector_name("Arbetsmaskiner") == "Off-road machinery"
    with translation.override("sv"):
        assert str(options["Transporter"]) == "Transporter"


def test_shared_indicators_and_units_are_named_in_the_chosen_language(
    client, umea_goals, indicator_factory
):
    """The programme's shared indicators have English names; a city's own indicator is
    shown as its officers named it, in both languages."""
    own = indicator_factory(
        key="umea_laddpunkter", name="Publika laddpunkter", unit="st", city=umea_goals[0].city
    )
    consumption = Indicator.objects.get(key="consumption_emissions_per_person")
    with translation.override("en"):
        assert consumption.label == "Consumption-based emissions per person"
        assert own.label == "Publika laddpunkter"
        assert unit_label("t CO2e/invånare") == "t CO2e/person"
        assert unit_label("t CO2e") == "t CO2e"
    with translation.override("sv"):
        assert consumption.label == "Konsumtionsbaserade utsläpp per invånare"
        assert unit_label("t CO2e/invånare") == "t CO2e/invånare"

    swedish, english = _city_page_in_both(client)
    assert "Konsumtionsbaserade utsläpp per invånare" in swedish
    assert "Consumption-based emissions per person" in english
    assert "t CO2e/person" in english
    assert "t CO2e/invånare" not in english


# --- the cache -------------------------------------------------------------------------


def test_each_language_has_its_own_cache_entry_and_a_write_clears_both(db):
    built: list[str] = []

    def build() -> str:
        language = translation.get_language()
        built.append(language)
        return f"page in {language}"

    with translation.override("sv"):
        assert cached("page", build) == "page in sv"
        assert cached("page", build) == "page in sv"
    with translation.override("en"):
        assert cached("page", build) == "page in en"
        assert cached("page", build) == "page in en"
    assert built == ["sv", "en"]

    bump_generation()
    with translation.override("en"):
        assert cached("page", build) == "page in en"
    with translation.override("sv"):
        assert cached("page", build) == "page in sv"
    assert built == ["sv", "en", "en", "sv"]


# --- a name as the owner of something (Swedish: no "s" after s, x or z) ----------------


@pytest.mark.parametrize(
    ("name", "swedish", "english"),
    [
        ("Umeå", "Umeås", "Umeå's"),
        ("Formas", "Formas", "Formas'"),
        ("Borås", "Borås", "Borås'"),
        ("Trafikverket", "Trafikverkets", "Trafikverket's"),
        ("Halmstad", "Halmstads", "Halmstad's"),
        ("", "", ""),
    ],
)
def test_a_name_as_owner(name, swedish, english):
    with translation.override("sv"):
        assert possessive(name) == swedish
    with translation.override("en"):
        assert possessive(name) == english


# --- data entered in Swedish is marked Swedish on English pages ---------------------------


def test_swedish_data_on_english_pages_is_marked_lang_sv(client, umea_goals, umea_contracts):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    city = client.get("/kommuner/umea/").content.decode()
    assert '<html lang="en">' in city
    assert (
        'lang="sv">Umeå ska vara klimatneutralt 2040, d v s ha nettonoll utsläpp av '
        "växthusgaser.</h3>" in city
    )
    contract = client.get("/kommuner/umea/kontrakt/2024/").content.decode()
    section = re.search(r'<h2 id="[^"]+" lang="sv">3 Kommunens åtaganden</h2>', contract)
    assert section is not None
    blocks = re.search(r'<div class="text-blocks" lang="sv"><p>Klimatfrågan är vår tids', contract)
    assert blocks is not None


# --- translation while a page is built (core.i18n) --------------------------------------


def test_a_build_translates_each_text_as_django_does_in_its_language():
    """Inside ``core.i18n.override`` the texts and the language are the build's, the
    same as Django's; a build in another language inside one gets its own; outside, both
    are Django's, call for call (the texts are not remembered for the wrong language)."""
    from core import i18n

    with i18n.override("en"):
        assert i18n.get_language() == "en"
        assert i18n.gettext("Klimatmål") == "Climate goals" == translation.gettext("Klimatmål")
        with i18n.override("sv"):
            assert (i18n.get_language(), i18n.gettext("Klimatmål")) == ("sv", "Klimatmål")
        assert (i18n.get_language(), i18n.gettext("Klimatmål")) == ("en", "Climate goals")
        assert num(1234.5, 1) == "1,234.5"  # the numbers' language is the build's too
    with i18n.override("sv"):
        assert i18n.gettext("Klimatmål") == "Klimatmål"
        assert num(1234.5, 1) == f"1{NBSP}234,5"
    with translation.override("en"):
        assert (i18n.get_language(), i18n.gettext("Klimatmål")) == ("en", "Climate goals")
    assert i18n.get_language() == settings.LANGUAGE_CODE


def test_the_code_that_builds_pages_translates_and_changes_language_through_core_i18n():
    """``core.i18n`` answers in the build's language until its ``override`` changes it:
    a module that builds pages asking Django directly for the language or a text would be
    slow, and one that changed the language with Django's ``override`` inside a build
    would get the build's language back from ``core.i18n``."""
    direct = []
    for folder in ("dashboards", "indicators", "core"):
        for path in (ROOT / folder).rglob("*.py"):
            # (core's API and middleware answer requests: they build no page)
            if path.name in {"i18n.py", "middleware.py"} or "api" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    direct += [
                        f"{path.relative_to(ROOT)}: {a.name}"
                        for a in node.names
                        if a.name in {"gettext", "get_language", "override", "activate"}
                    ]
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr in {"override", "activate", "gettext", "get_language"}
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "translation"
                ):
                    direct.append(f"{path.relative_to(ROOT)}: translation.{node.attr}")
    assert direct == []
