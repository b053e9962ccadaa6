"""The portfolio page's overview of the actions: counts by status and stage, by co-benefit
and by type of action, and the list of every action shown."""

from __future__ import annotations

from actions.dates import describe_partial_date
from actions.models import Action, ActionStage, ActionStatus, CoBenefit, Lever, sector_name
from actions.portfolio import counts
from core.i18n import gettext as _
from dashboards.charts.chart import Link, Table, head
from dashboards.portfolio.parts import NOT_STATED, label, table


def status_table(actions: list[Action]) -> Table:
    """The actions counted by status (rows) and stage (columns)."""
    stages = [*ActionStage.values, NOT_STATED]
    status_labels, stage_labels = dict(ActionStatus.choices), dict(ActionStage.choices)
    matrix: dict[tuple[str, str], int] = {}
    for action in actions:
        key = (action.status, action.stage)
        matrix[key] = matrix.get(key, 0) + 1
    return table(
        "status",
        _("Åtgärder per status och skede"),
        [
            head(_("Status")),
            *[head(label(stage_labels, s), "int") for s in stages],
            head(_("Totalt"), "int"),
        ],
        [
            [
                status_labels[status],
                *[matrix.get((status, s), 0) for s in stages],
                sum(matrix.get((status, s), 0) for s in stages),
            ]
            for status in ActionStatus.values
        ],
    )


def benefit_table(actions: list[Action]) -> Table:
    """How many actions name each co-benefit."""
    benefit_counts = counts(
        [code for a in actions for code in a.co_benefits], list(CoBenefit.values)
    )
    benefit_labels = dict(CoBenefit.choices)
    return table(
        "sidonyttor",
        _("Sidonyttor"),
        [head(_("Sidonytta")), head(_("Åtgärder"), "int")],
        [[str(benefit_labels.get(code, code)), n] for code, n in benefit_counts],
    )


def lever_table(actions: list[Action]) -> Table:
    """How many actions there are of each type."""
    lever_labels = dict(Lever.choices)
    return table(
        "typer",
        _("Åtgärder per åtgärdstyp"),
        [head(_("Åtgärdstyp")), head(_("Åtgärder"), "int")],
        [
            [label(lever_labels, code), n]
            for code, n in counts([a.lever for a in actions], list(Lever.values))
        ],
    )


def action_table(actions: list[Action], urls: dict) -> Table:
    """Every action shown, linked to its page."""
    stage_labels = dict(ActionStage.choices)
    return table(
        "atgarder",
        _("Åtgärder"),
        [
            head(_("Åtgärd")),
            head(_("Ansvarig")),
            head(_("Sektor")),
            head(_("Status")),
            head(_("Skede")),
            head(_("Start")),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("Första effektår"), "year"),
            head(_("Senaste uppföljning")),
            head(_("Publicerad")),
        ],
        [
            [
                Link(a.title, urls[a.pk]),
                a.responsible_body,
                sector_name(a.sector),
                a.get_status_display(),
                label(stage_labels, a.stage),
                describe_partial_date(a.start_date, a.start_precision),
                a.expected_reduction,
                a.effect_from_year,
                next((f.period_label for f in a.follow_ups.all()), ""),
                _("Ja") if a.is_published else _("Utkast"),
            ]
            for a in actions
        ],
    )
