"""The lessons library (lärdomsbibliotek): lessons and pilots the cities share with each
other, searchable by sector, kind of action and stage, each linking to its action.

Who sees what is ``Action.objects.shared_visible_to``: the public sees what a city has
published; programme staff and people who work for any city also see shared drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import ngettext

from actions.models import SECTOR_CHOICES, Action, ActionStage, Lever, sector_name
from core.i18n import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


FILTERS: dict[str, list[tuple[str, StrOrPromise]]] = {
    "sektor": SECTOR_CHOICES,
    "typ": list(Lever.choices),
    "skede": list(ActionStage.choices),
}
_FIELD = {"sektor": "sector", "typ": "lever", "skede": "stage"}
MAX_LESSONS = 200


@dataclass(frozen=True)
class LessonFilters:
    values: tuple[tuple[str, str], ...] = ()
    text: str = ""

    @classmethod
    def from_query(cls, query) -> LessonFilters:
        values = []
        for name, options in FILTERS.items():
            value = query.get(name, "")
            if value in dict(options):
                values.append((name, value))
        return cls(tuple(values), query.get("q", "").strip()[:100])

    def get(self, name: str) -> str:
        return dict(self.values).get(name, "")

    @property
    def options(self) -> list[tuple[str, str, list[tuple[str, StrOrPromise]]]]:
        labels = {"sektor": "Sektor", "typ": "Åtgärdstyp", "skede": "Skede"}
        return [(name, labels[name], options) for name, options in FILTERS.items()]


@dataclass(frozen=True)
class Lesson:
    action_id: int
    title: str
    url: str
    city_name: str
    city_url: str
    sector: str
    lever: str
    stage: str
    status: str
    lessons: str
    responsible_body: str
    is_published: bool


@dataclass(frozen=True)
class LessonsPage:
    lessons: list[Lesson]
    total: int
    cities: int
    truncated: bool

    @property
    def summary(self) -> str:
        """The count line, e.g. "6 lärdomar från 1 kommun."."""
        lessons = ngettext("%(n)s lärdom", "%(n)s lärdomar", self.total) % {"n": self.total}
        cities = ngettext("%(n)s kommun", "%(n)s kommuner", self.cities) % {"n": self.cities}
        return _("%(lessons)s från %(cities)s.") % {"lessons": lessons, "cities": cities}


def lessons_page(user, filters: LessonFilters) -> LessonsPage:
    """The shared lessons and pilots ``user`` may read, filtered. One query (two with
    the reader's roles)."""
    query = (
        Action.objects.shared_visible_to(user)
        .filter(~Q(lessons_learned="") | Q(stage=ActionStage.PILOT))
        .select_related("city")
        .order_by("city__name", "title", "id")
    )
    for name, value in filters.values:
        query = query.filter(**{_FIELD[name]: value})
    if filters.text:
        query = query.filter(
            Q(title__icontains=filters.text)
            | Q(lessons_learned__icontains=filters.text)
            | Q(description__icontains=filters.text)
            | Q(city__name__icontains=filters.text)
        )
    rows = list(query[: MAX_LESSONS + 1])
    lessons = [
        Lesson(
            action_id=a.pk,
            title=a.title,
            url=f"/kommuner/{a.city.slug}/atgarder/{a.pk}/",
            city_name=a.city.name,
            city_url=f"/kommuner/{a.city.slug}/atgarder/",
            sector=sector_name(a.sector),
            lever=a.get_lever_display() if a.lever else "",
            stage=a.get_stage_display() if a.stage else "",
            status=a.get_status_display(),
            lessons=a.lessons_learned,
            responsible_body=a.responsible_body,
            is_published=a.is_published,
        )
        for a in rows[:MAX_LESSONS]
    ]
    return LessonsPage(
        lessons=lessons,
        total=len(lessons),
        cities=len({lesson.city_name for lesson in lessons}),
        truncated=len(rows) > MAX_LESSONS,
    )
