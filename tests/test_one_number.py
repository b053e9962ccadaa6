"""One number everywhere: for Umeå and three other cities, the latest emissions, the change
since 1990, each target's status and projected value and the carbon budget's remaining
read the same on the city page, in the goals API, in the latest report, in the comparison
table and in the CSV downloads.

Real emissions (the newest GGT release, SMHI's CO2 release of 2024-04-18), population
(SCB 2024) and Klimatkollen's budgets; Umeå's goals from its contract. The other cities
have no goals in the data, so each gets one test goal ("Testmål", −70 % by 2030 against
1990) on its territorial emissions: a target, not a number pretending to be real.
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from cities.services import goal_create
from indicators.models import Indicator
from indicators.services.budgets import carbon_budgets_import
from indicators.services.targets import target_create
from tests.compare_data import load_population
from tests.conftest import UMEA, load_emissions

CITIES = {UMEA: "umea", "1280": "malmo", "1480": "goteborg", "0180": "stockholm"}
NBSP = "\u00a0"


@pytest.fixture
def four_cities(
    municipalities,
    ggt_newest,
    co2_inventory,
    budget_file,
    population_2024,
    umea_goals,
    december_2026,
):
    codes = set(CITIES)
    load_emissions(ggt_newest, codes)
    release, rows = co2_inventory
    load_emissions((release, [r for r in rows if r.municipality_code in codes]))
    budget_release, budgets = budget_file
    carbon_budgets_import(
        release_info=budget_release, rows=[r for r in budgets if r.municipality_code in codes]
    )
    load_population(population_2024, codes)
    ghg = Indicator.objects.get(key="territorial_ghg")
    for code in codes - {UMEA}:
        goal = goal_create(
            city=municipalities[code], title="Testmål", scope="area", is_published=True
        )
        target_create(
            goal=goal,
            indicator=ghg,
            kind="percent_change",
            target_year=2030,
            target_value=-70.0,
            base_year=1990,
            is_published=True,
        )
    return municipalities


def _number(text: str) -> float:
    """A number as a page shows it ("365 010 t CO2e", "−24,2 %") as a float."""
    found = re.search(r"[−-]?[\d\u00a0 ]*\d(?:,\d+)?", html.unescape(text))
    assert found, text
    return float(
        found.group(0).replace(NBSP, "").replace(" ", "").replace(",", ".").replace("−", "-")
    )


def _decimals(text: str) -> int:
    found = re.search(r",(\d+)", text)
    return len(found.group(1)) if found else 0


def _same(shown: str, value: float) -> bool:
    """Does the shown text say ``value`` (to the decimals it shows)?"""
    return _number(shown) == round(value, _decimals(shown))


def _page_figures(content: str) -> dict:
    latest = re.search(r"<dt>Utsläpp (\d{4})</dt>\s*<dd>([^<]+)<abbr", content)
    change = re.search(r"<dt>Förändring 1990–\d{4}</dt>\s*<dd>([^<]+)</dd>", content)
    targets = {}
    for block in re.split(r'<section class="target" ', content)[1:]:
        tid = int(re.search(r'aria-labelledby="target-(\d+)"', block).group(1))
        status = re.search(r'<p class="status status-([a-z_]+)">', block).group(1)
        projected = re.search(r"<dt>Med trenden år \d{4}</dt><dd>([^<]+)", block)
        targets[tid] = (status, projected.group(1) if projected else None)
    remaining = re.search(r"<dt>Återstår(?: efter \d{4})?</dt><dd>([^<]+)</dd>", content)
    used_up = "<dt>Förbrukat sedan</dt>" in content
    return {
        "latest": (int(latest.group(1)), latest.group(2)),
        "change": change.group(1),
        "targets": targets,
        "remaining": "0" if used_up else remaining.group(1),
    }


def _report_figures(content: str) -> dict:
    latest = re.search(r"<dt>Territoriella utsläpp (\d{4})</dt>\s*<dd>([^<]+)<abbr", content)
    change = re.search(r"<dt>Förändring 1990–\d{4}</dt>\s*<dd>([^<]+)</dd>", content)
    section = content[content.index('id="mal"') : content.index('id="utslapp"')]
    targets = []
    for block in section.split('<div class="report-target">')[1:]:
        status = re.search(r'<p class="status status-([a-z_]+)">', block).group(1)
        projected = re.search(r"<dt>Med trenden år \d{4}</dt><dd>([^<]+?)(?:<span|</dd>)", block)
        targets.append((status, projected.group(1) if projected else None))
    return {
        "latest": (int(latest.group(1)), latest.group(2)),
        "change": change.group(1),
        "targets": targets,
    }


@pytest.mark.parametrize("code", list(CITIES))
def test_the_same_figures_everywhere(client, four_cities, staff_user, code):
    slug = CITIES[code]
    page = _page_figures(client.get(reverse("city:detail", kwargs={"slug": slug})).content.decode())
    api = client.get(f"/api/v1/cities/{code}/goals/").json()
    api_targets = [t for goal in api["goals"] for t in goal["targets"]]
    report = _report_figures(client.get(f"/kommuner/{slug}/lagesrapport/2026/").content.decode())
    emissions = client.get(f"/api/v1/cities/{code}/emissions/").json()["years"]

    # Latest emissions and the change since 1990: page, report, emissions API.
    year, shown = page["latest"]
    assert report["latest"] == page["latest"]
    latest = next(y for y in emissions if y["year"] == year)
    assert emissions[-1]["year"] == year and _same(shown, latest["total"])
    base = next(y for y in emissions if y["year"] == 1990)["total"]
    change = (latest["total"] / base - 1) * 100
    assert report["change"] == page["change"] and _same(page["change"], change)

    # Each target's status and projected value: page, goals API, report (same order).
    assert [t["id"] for t in api_targets] == list(page["targets"])
    assert [(t["status"]) for t in api_targets] == [s for s, _ in report["targets"]]
    for t, (rep_status, rep_projected) in zip(api_targets, report["targets"], strict=True):
        status, projected = page["targets"][t["id"]]
        assert status == t["status"] == rep_status, t["id"]
        assert (projected is None) == (rep_projected is None), t["id"]
        if projected is not None:
            assert _same(projected, t["projected_value"]), (projected, t["projected_value"])
            assert _same(rep_projected, t["projected_value"]), (rep_projected, t)

    # The budget's remaining: page and goals API.
    budget = api["carbon_budget"]["assessment"]
    assert _same(page["remaining"], budget["remaining"]), (page["remaining"], budget)

    # The comparison table's CSV: the change since 1990 and the headline target's status.
    client.force_login(staff_user)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    f"/programkontoret/jamfor/tabell.csv?urval=valda&kommuner={code}"
                ).content.decode()
            )
        )
    )
    (row,) = [r for r in rows if r["Kommunkod"] == code]
    assert float(row["Förändring sedan 1990 (%)"]) == pytest.approx(change, abs=5e-4)
    assert _same(page["change"], float(row["Förändring sedan 1990 (%)"]))
    assert row["År"] == str(year)
    headline = next(t for t in api_targets if t["indicator"]["key"] == "territorial_ghg")
    assert row["Huvudmålets status"] == headline["status_label"]

    # The headline target's chart as CSV: the latest value and the trend in the target year.
    chart = f"mal-{headline['id']}"
    download = client.get(
        reverse("city:chart-data", kwargs={"slug": slug, "chart": chart, "fmt": "csv"})
    )
    by_year = {int(r["År"]): r for r in csv.DictReader(io.StringIO(download.content.decode()))}
    values = {y: r for y, r in by_year.items() if r["Utfall (t CO2e)"]}
    assert max(values) == year
    assert _same(shown, float(values[year]["Utfall (t CO2e)"]))
    trend = next((k for k in by_year[year] if k.startswith("Trend ")), None)
    if trend is not None and headline["projected_value"] is not None:
        at_target = by_year[headline["target_year"]][trend]
        assert float(at_target) == pytest.approx(headline["projected_value"], abs=0.5)
