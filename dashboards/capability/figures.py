"""The capability chart: each dimension's score over the years, and the staff
comparison's table of the contract cities' newest scores."""

from __future__ import annotations

from dataclasses import replace

from capability.models import CapabilityAssessment
from capability.scale import DIMENSIONS
from core.i18n import gettext as _
from dashboards.charts.chart import Chart, Observed
from dashboards.charts.series import lines_chart


def capability_chart(city_name: str, assessments: list[CapabilityAssessment]) -> Chart | None:
    if not assessments:
        return None
    lines = [
        (
            str(name),
            [
                Observed(a.year, float(score), "final")
                for a in assessments
                if (score := getattr(a, code)) is not None
            ],
        )
        for code, name, _what in DIMENSIONS
    ]
    first, last = assessments[0].year, assessments[-1].year
    chart = lines_chart(
        chart_id="formaga",
        title=_("Självskattad förmåga per år"),
        unit=_("nivå 1–5"),
        lines=lines,
        labels={"caption": _("Självskattad förmåga per dimension och år"), "year": _("År")},
        summary=_(
            "Självskattad förmåga i %(city)s inom sex dimensioner på en skala 1–5, "
            "%(first)s–%(last)s."
        )
        % {"city": city_name, "first": first, "last": last},
        sources=[_("Kommunens egen självskattning")],
    )
    # Levels are whole numbers and the years few: one tick per year and per level, and
    # the table without decimals.
    layout = chart.figure["layout"]
    layout["xaxis"] = {**layout.get("xaxis", {}), "dtick": 1, "tickformat": "d"}
    layout["yaxis"] = {**layout["yaxis"], "range": [0.5, 5.5], "dtick": 1}
    columns = tuple(replace(c, decimals=0, kind="int") for c in chart.table.columns)
    return replace(chart, table=replace(chart.table, columns=columns))
