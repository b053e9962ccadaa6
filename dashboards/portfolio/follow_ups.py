"""The portfolio page's follow-ups: which actions are due for a follow-up in the city's
cycle, which are overdue, and the sentence that counts them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import ngettext

from actions.models import FOLLOWED_UP_STATUSES, Action
from cities.models import City
from core.cycles import DueState, follow_up_due
from core.i18n import gettext as _
from dashboards.charts.chart import Link, Table, head
from dashboards.portfolio.parts import table


def follow_up_part(actions: list[Action], urls: dict, city: City, today: date) -> tuple[Table, str]:
    """The table of follow-ups to do (overdue first, then by the period's last day) and
    the sentence above it."""
    rows, late = _due_rows(actions, urls, city, today)
    order = sorted(range(len(rows)), key=lambda i: (not late[i], rows[i][4]))
    due_table = table(
        "uppfoljning",
        _("Uppföljningar som ska göras"),
        [
            head(_("Åtgärd")),
            head(_("Status")),
            head(_("Senaste uppföljning")),
            head(_("Uppföljning saknas för")),
            head(_("Periodens sista dag"), "date"),
            head(_("Läge")),
            head(_("Missade perioder"), "int"),
        ],
        [rows[i] for i in order],
        highlight=[late[i] for i in order],
    )
    return due_table, _summary(city, overdue=sum(late), due_now=len(rows) - sum(late))


def _due_rows(
    actions: list[Action], urls: dict, city: City, today: date
) -> tuple[list[list[Any]], list[bool]]:
    """A row per action whose follow-up is due or overdue, and whether it is overdue."""
    rows: list[list[Any]] = []
    late: list[bool] = []
    for action in actions:
        if action.status not in FOLLOWED_UP_STATUSES:
            continue
        follow_ups = list(action.follow_ups.all())
        latest = follow_ups[0] if follow_ups else None
        due = follow_up_due(
            per_year=city.follow_ups_per_year,
            today=today,
            required_from=timezone.localtime(action.created_at).date(),
            latest_covered=max((f.period_end for f in follow_ups), default=None),
        )
        if due.state is DueState.DONE:
            continue
        overdue = due.state is DueState.OVERDUE
        rows.append(
            [
                Link(action.title, urls[action.pk]),
                action.get_status_display(),
                latest.period_label if latest else _("Ingen ännu"),
                due.period.label,
                due.due_on,
                _("Försenad") if overdue else _("Att göra"),
                due.missed,
            ]
        )
        late.append(overdue)
    return rows, late


def _summary(city: City, *, overdue: int, due_now: int) -> str:
    return " ".join(
        [
            _("%(city)s följer upp sina åtgärder %(cycle)s.")
            % {"city": city.name, "cycle": str(city.get_follow_ups_per_year_display()).lower()},
            ngettext(
                "%(n)s åtgärd har en försenad uppföljning.",
                "%(n)s åtgärder har en försenad uppföljning.",
                overdue,
            )
            % {"n": overdue},
            ngettext(
                "%(n)s ska följas upp under innevarande period.",
                "%(n)s ska följas upp under innevarande period.",
                due_now,
            )
            % {"n": due_now},
        ]
    )
