"""A city's yearly self-assessment of its capability to transform (issue 16), on the
scale of ``capability.scale``: one row per city and year, a score 1–5 and a short
justification per dimension. Edited content (``cities.models.Editable``): entered by
the city's administrators, published like other content, every change in the history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from capability.scale import DIMENSION_CODES, HIGHEST, LOWEST, Scores
from cities.models import City, ContentQuerySet, Editable

SCORE = [MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]


def _score(name: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(name, null=True, blank=True, validators=SCORE)


class AssessmentQuerySet(ContentQuerySet):
    pass


class CapabilityAssessment(Editable):
    """A city's self-assessment for one year."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="capability")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    governance = _score(_("styrning"))
    governance_note = models.TextField(_("motivering, styrning"), blank=True)
    data = _score(_("data och uppföljning"))
    data_note = models.TextField(_("motivering, data och uppföljning"), blank=True)
    portfolio = _score(_("portföljstyrning"))
    portfolio_note = models.TextField(_("motivering, portföljstyrning"), blank=True)
    financing = _score(_("finansiering"))
    financing_note = models.TextField(_("motivering, finansiering"), blank=True)
    engagement = _score(_("medborgarengagemang"))
    engagement_note = models.TextField(_("motivering, medborgarengagemang"), blank=True)
    learning = _score(_("lärande från piloter"))
    learning_note = models.TextField(_("motivering, lärande från piloter"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("självskattning av förmåga")
        verbose_name_plural = _("självskattningar av förmåga")
        ordering = ["city", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year"],
                condition=Q(deleted_at__isnull=True),
                name="capability_one_per_city_and_year",
                violation_error_message=_("Kommunen har redan en självskattning det året."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{code}__isnull": True})
                    | Q(**{f"{code}__gte": LOWEST, f"{code}__lte": HIGHEST}),
                    name=f"capability_{code}_1_to_5",
                )
                for code in DIMENSION_CODES
            ],
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.year}"

    def scores(self) -> Scores:
        return Scores({code: getattr(self, code) for code in DIMENSION_CODES})
