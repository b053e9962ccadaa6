"""A report agrees with itself: every number in its summary (section 1) is found in the
section it summarises, for a past year too. The issue's case: the 2020 report's summary
gave 456 480 t in 2040 (the portfolio's gap, assessed on today's data) while section 2
gave 254 051 t (the target assessed as of 2020)."""

from __future__ import annotations

import html
import re

import pytest

from tests.report.conftest import words

pytestmark = pytest.mark.django_db

#: A number as the report prints it: Swedish digit groups (no-break spaces), a decimal
#: comma, a minus sign.
NUMBER = re.compile(r"[−-]?\d{1,3}(?:\u00a0\d{3})+(?:,\d+)?|[−-]?\d+(?:,\d+)?")


def _sections(content: bytes) -> dict[str, str]:
    """Each section's HTML by its id."""
    text = content.decode()
    found = re.findall(
        r'<section class="report-section[^"]*" id="([a-z]+)"(.*?)</section>', text, re.S
    )
    return dict(found)


def _numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def _key_figures(section: str) -> dict[str, str]:
    """The summary's key figures, label → value, as words."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section, re.S)
    return {words(dt).strip(): words(dd).strip() for dt, dd in pairs}


@pytest.mark.parametrize("year", [2020, 2022, 2024])
def test_every_number_in_the_summary_is_in_the_section_it_summarises(
    client, umea_report, december_2026, year
):
    sections = _sections(client.get(f"/kommuner/umea/lagesrapport/{year}/").content)
    summary = sections["sammanfattning"]
    goals, emissions = words(sections["mal"]), words(sections["utslapp"])
    portfolio = words(sections["atgarder"])
    figures = _key_figures(summary)
    checked = 0

    # Emissions: the latest year's total and its change since 1990, as section 3 says it.
    (latest_label,) = [k for k in figures if k.startswith("Territoriella utsläpp")]
    latest_year = latest_label.rsplit(" ", 1)[1]
    assert int(latest_year) <= year
    total = figures[latest_label].removesuffix(" t CO2e")
    assert f"var {total} t CO2e år {latest_year}." in emissions
    change = figures[f"Förändring 1990–{latest_year}"]
    assert f"Det är {change} jämfört med 1990" in emissions
    checked += 2

    # The targets: how many, and how many of each status, as section 2 judges them.
    statuses = re.findall(r'<p class="status status-([a-z_]+)">', sections["mal"])
    assert figures["Målvärden som följs upp"] == str(len(statuses))
    counts = re.findall(
        r'<span class="status status-([a-z_]+)">.*?</span>\s*(\d+) målvärden?', summary, re.S
    )
    assert counts and {s: int(n) for s, n in counts} == {
        s: statuses.count(s) for s in set(statuses)
    }
    checked += 1 + len(counts)

    # The portfolio: its size and every sentence of its gap, as section 4 states them,
    # and every number those sentences take from the target (trend and target values in
    # the target year) as section 2 states it.
    assert f"av {figures['Åtgärder i portföljen']} åtgärder" in portfolio
    lines = [
        words(p).strip()
        for p in re.findall(r"<h3>Åtgärderna och glappet</h3>(.*?)(?:<h3>|$)", summary, re.S)[
            0
        ].split("</p>")
        if words(p).strip()
    ]
    assert lines
    for line in lines:
        assert line in portfolio
        for number in _numbers(line):
            if "\u00a0" in number:  # a level in tonnes (years and counts read alone)
                assert number in portfolio, (number, line)
                checked += 1
    trend_line = next(line for line in lines if line.startswith("På nuvarande trend"))
    projected, target_year = re.search(
        r"blir utsläppen ([\d\u00a0]+) t CO2e år (\d{4})", trend_line
    ).groups()
    assert f"Med trenden år {target_year} {projected} t CO2e" in goals
    target_value = re.search(r"högst ([\d\u00a0]+) t\.", trend_line).group(1)
    assert f"Målvärde {target_year} {target_value} t CO2e" in goals
    checked += 2
    assert checked >= 8
    if year == 2020:
        # The numbers: one assessment, as of 2020, everywhere.
        assert "254\u00a0051" in trend_line and "456\u00a0480" not in html.unescape(summary)
