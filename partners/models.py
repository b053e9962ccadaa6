"""Local climate partnerships (lokala klimatkontrakt): a city's partnership with the
organisations of its territory, their own commitments and their yearly follow-ups.

Umeå klimatfärdplan (Umeå's contract §3.4, §7.3.1): 37 organisations from business, the
public sector, civil society and academia joined in December 2022 and 15 more in 2023,
each with its own commitments, followed up qualitatively for the first time in 2024
(Insikt 2025:3), with a yearly climate summit. Uppsala Klimatprotokoll is another.

Everything here is edited content (``cities.models.Editable``): drafts until a city
administrator publishes them, every change in the history. A member organisation's contact
person may enter its commitments and follow-ups when the city allows it
(``Partnership.members_may_report``; ``cities.permissions.can_report_for_member``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.models import OTHER_SECTOR, SECTOR_CHOICES, YEARS, DatePrecision
from cities.models import City, ContentQuerySet, Editable
from indicators.models import Indicator


class PartnershipQuerySet(ContentQuerySet):
    pass


class Partnership(Editable):
    """A city's climate partnership with organisations in its territory (e.g. Umeå
    klimatfärdplan): what it is, when it was founded, its focus areas."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="partnerships")
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    founded_on = models.DateField(
        _("grundat"),
        null=True,
        blank=True,
        help_text=_("Ange den första i månaden när bara månaden är känd."),
    )
    focus_areas = models.TextField(
        _("fokusområden"), blank=True, help_text=_("Ett fokusområde per rad.")
    )
    website = models.URLField(_("webbplats"), blank=True)
    members_may_report = models.BooleanField(
        _("medlemmarna rapporterar själva"),
        default=False,
        help_text=_(
            "Kontaktpersoner hos medlemsorganisationerna får föra in sina egna åtaganden och "
            "uppföljningar (som utkast som kommunen publicerar)."
        ),
    )
    source_reference = models.CharField(_("källa"), max_length=500, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnerskap")
        verbose_name_plural = _("partnerskap")
        ordering = ["city", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def focus_area_list(self) -> list[str]:
        return [line.strip() for line in self.focus_areas.splitlines() if line.strip()]


class PartnershipEventQuerySet(ContentQuerySet):
    city_path = "partnership__city"


class PartnershipEvent(Editable):
    """Something that happened in a partnership (its founding, a yearly climate summit,
    workshops), with the number of organisations that joined at it when it is known."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("datum"))
    date_precision = models.CharField(
        _("datumets precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    organisations_joined = models.PositiveIntegerField(
        _("nya organisationer"), null=True, blank=True
    )
    source_reference = models.CharField(_("källa"), max_length=500, blank=True)

    objects = PartnershipEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelse i partnerskapet")
        verbose_name_plural = _("händelser i partnerskapet")
        ordering = ["partnership", "date", "id"]

    def __str__(self) -> str:
        return self.title


class MemberKind(models.TextChoices):
    COMPANY = "company", _("Företag")
    PUBLIC = "public", _("Offentlig verksamhet")
    NGO = "ngo", _("Civilsamhälle")
    ACADEMIA = "academia", _("Akademi")


class MemberQuerySet(ContentQuerySet):
    city_path = "partnership__city"

    def current(self) -> MemberQuerySet:
        return self.filter(left_on__isnull=True)


class Member(Editable):
    """An organisation that has joined a partnership (and perhaps left it)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("namn"), max_length=300)
    kind = models.CharField(_("slag"), max_length=12, choices=MemberKind.choices)
    joined_on = models.DateField(_("anslöt"), null=True, blank=True)
    left_on = models.DateField(_("lämnade"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemsorganisation")
        verbose_name_plural = _("medlemsorganisationer")
        ordering = ["partnership", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="member_left_after_joined",
                violation_error_message=_("En organisation kan inte lämna före den anslöt."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("En organisation kan inte lämna före den anslöt.")})


class MemberContact(models.Model):
    """A person who logs in for a member organisation: with the partnership's
    ``members_may_report`` they enter that organisation's commitments and follow-ups,
    and nothing else. Granted by one of the city's administrators."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_contacts"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        constraints = [
            models.UniqueConstraint(fields=["user", "member"], name="member_contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.member}"


class MemberCommitmentQuerySet(ContentQuerySet):
    city_path = "member__partnership__city"


class MemberCommitment(Editable):
    """What a member organisation has committed to: a text, the sector it concerns, a
    target year, and optionally a number on an indicator."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("åtagande"))
    sector = models.CharField(
        _("sektor"), max_length=100, choices=SECTOR_CHOICES, default=OTHER_SECTOR
    )
    target_year = models.PositiveSmallIntegerField(
        _("målår"), null=True, blank=True, validators=YEARS
    )
    target_value = models.FloatField(_("målvärde"), null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_commitments",
        verbose_name=_("indikator"),
    )

    objects = MemberCommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemmens åtagande")
        verbose_name_plural = _("medlemmarnas åtaganden")
        ordering = ["member", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.target_value is not None and self.indicator_id is None:
            raise ValidationError({"indicator": _("Ange vilken indikator målvärdet gäller.")})


class MemberFollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Inte påbörjat")
    ON_TRACK = "on_track", _("Pågår enligt plan")
    DELAYED = "delayed", _("Försenat")
    DONE = "done", _("Genomfört")
    CANCELLED = "cancelled", _("Avbrutet")


class MemberFollowUpQuerySet(ContentQuerySet):
    city_path = "commitment__member__partnership__city"


class MemberFollowUp(Editable):
    """The yearly follow-up of one member commitment: its status, a text and optionally
    the value reached on the commitment's indicator."""

    commitment = models.ForeignKey(
        MemberCommitment, on_delete=models.CASCADE, related_name="follow_ups"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEARS)
    status = models.CharField(_("status"), max_length=12, choices=MemberFollowUpStatus.choices)
    text = models.TextField(_("text"), blank=True)
    value = models.FloatField(_("värde"), null=True, blank=True)

    objects = MemberFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning av medlemmens åtagande")
        verbose_name_plural = _("uppföljningar av medlemmarnas åtaganden")
        ordering = ["commitment", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year"],
                condition=Q(deleted_at__isnull=True),
                name="member_follow_up_one_per_year",
                violation_error_message=_("Åtagandet har redan en uppföljning det året."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.year})"
