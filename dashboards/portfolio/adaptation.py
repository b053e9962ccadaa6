"""The portfolio page's part on adaptation alongside mitigation (Umeå's contract §3.8:
measures that support each other, such as urban trees and green space serving both).

- ``inriktning``: the actions counted by kind (mitigation, adaptation, both);
- ``klimatrisker``: how many adaptation actions address each climate risk;
- ``synergier``: actions serving both (kind "both", or adaptation actions that also have
  an expected emission reduction);
- ``konflikter``: actions where the city has flagged a conflict between the two.
"""

from __future__ import annotations

from actions.models import Action, ActionKind, ClimateRisk
from actions.portfolio import counts
from core.i18n import gettext as _
from dashboards.charts.chart import Link, Table, head
from dashboards.portfolio.parts import table


def serves_both(action: Action) -> bool:
    return action.kind == ActionKind.BOTH or (
        action.kind == ActionKind.ADAPTATION and bool(action.expected_reduction)
    )


def adaptation_tables(actions: list[Action], urls: dict[int, str]) -> dict[str, Table]:
    kind_labels = dict(ActionKind.choices)
    risk_labels = dict(ClimateRisk.choices)
    adapting = [a for a in actions if a.kind != ActionKind.MITIGATION]
    return {
        "inriktning": table(
            "inriktning",
            _("Åtgärder per inriktning"),
            [head(_("Inriktning")), head(_("Åtgärder"), "int")],
            [
                [kind_labels[code], n]
                for code, n in counts([a.kind for a in actions], list(ActionKind.values))
            ],
        ),
        "klimatrisker": table(
            "klimatrisker",
            _("Klimatrisker som anpassningsåtgärderna möter"),
            [head(_("Klimatrisk")), head(_("Åtgärder"), "int")],
            [
                [risk_labels[code], n]
                for code, n in counts(
                    [code for a in adapting for code in a.climate_risks], list(ClimateRisk.values)
                )
            ],
        ),
        "synergier": table(
            "synergier",
            _("Åtgärder som både minskar utsläpp och anpassar staden"),
            [
                head(_("Åtgärd")),
                head(_("Klimatrisker")),
                head(_("Förväntad minskning (t CO2e/år)"), "num"),
            ],
            [
                [
                    Link(a.title, urls[a.pk]),
                    ", ".join(a.climate_risk_labels()),
                    a.expected_reduction,
                ]
                for a in actions
                if serves_both(a)
            ],
        ),
        "konflikter": table(
            "konflikter",
            _("Målkonflikter som kommunen har flaggat"),
            [head(_("Åtgärd")), head(_("Inriktning")), head(_("Konflikt"))],
            [
                [Link(a.title, urls[a.pk]), kind_labels[a.kind], a.conflict_note]
                for a in actions
                if a.conflict_note.strip()
            ],
        ),
    }
