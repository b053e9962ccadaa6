"""Read queries for municipalities and goals, shaped for pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cities.models import City


def city_get(*, slug: str | None = None, code: str | None = None) -> City:
    """The municipality with this slug or code, with its county; 404 when there is none."""
    query = City.objects.select_related("county")
    try:
        return query.get(slug=slug) if slug is not None else query.get(code=code)
    except City.DoesNotExist:
        raise Http404("Kommunen finns inte.") from None


def city_list() -> QuerySet[City]:
    return City.objects.select_related("county").order_by("name")
