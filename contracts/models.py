"""Klimatkontrakt 2030: a city's yearly contract versions, every party's commitments in
them, their follow-up per year, the parties' follow-up texts and programme staff's notes.

Contracts depend on ``cities`` (the city, the draft/publish machinery) and nothing above it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, ContentQuerySet, Editable
from core.links import page_url

# --- Klimatkontrakt 2030: contract versions, commitments and their follow-up -------------


class Party(models.TextChoices):
    """Who a commitment or a follow-up text belongs to.

    A Klimatkontrakt binds three kinds of party: the city, the innovation programme Viable
    Cities and six state agencies. The agencies mostly commit jointly ("Myndigheterna",
    section 5 of Umeå's contract); a commitment of one agency alone names that agency.
    Some sections bind all parties together (section 6, strategic development projects;
    section 7, the yearly joint follow-up).
    """

    CITY = "city", _("Kommunen")
    VIABLE_CITIES = "viable_cities", _("Viable Cities")
    AGENCIES = "agencies", _("Myndigheterna gemensamt")
    FORMAS = "formas", "Formas"
    NATURVARDSVERKET = "naturvardsverket", "Naturvårdsverket"
    ENERGIMYNDIGHETEN = "energimyndigheten", "Energimyndigheten"
    TILLVAXTVERKET = "tillvaxtverket", "Tillväxtverket"
    TRAFIKVERKET = "trafikverket", "Trafikverket"
    VINNOVA = "vinnova", "Vinnova"
    JOINT = "joint", _("Alla parter gemensamt")


#: The six agencies that sign Klimatkontrakt 2030 (section 2 of the contract).
AGENCY_PARTIES = (
    Party.FORMAS,
    Party.NATURVARDSVERKET,
    Party.ENERGIMYNDIGHETEN,
    Party.TILLVAXTVERKET,
    Party.TRAFIKVERKET,
    Party.VINNOVA,
)


class FollowUpStatus(models.TextChoices):
    """How far a commitment has come in one year. No follow-up row means "ej bedömd"
    (not assessed): nobody has entered a status, which is not the same as not started."""

    NOT_STARTED = "not_started", _("Ej påbörjat")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomfört")
    CHANGED = "changed", _("Ändrat")
    DROPPED = "dropped", _("Avbrutet")


class FollowUpTextKind(models.TextChoices):
    """The two texts each party writes in the yearly joint follow-up (section 7)."""

    UPDATES = "updates", _("Viktigaste uppdateringar")
    EXPERIENCES = "experiences", _("Mest angelägna erfarenheter att dela")


class ContractQuerySet(ContentQuerySet):
    pass


class Contract(Editable):
    """One yearly version of a city's Klimatkontrakt 2030 (Umeå: 2020, 2021, 2022, 2024).

    A version holds its sections, each party's commitments and the joint follow-up texts.
    ``has_content`` is false for a version whose text is not in our sources yet (then
    ``content_note`` says so and ``document_url`` links to the published document).
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="contracts")
    year = models.PositiveSmallIntegerField(
        _("år"),
        validators=[MinValueValidator(2019), MaxValueValidator(2100)],
        help_text=_("Året versionen gäller för."),
    )
    title = models.CharField(_("titel"), max_length=200, default="Klimatkontrakt 2030")
    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)
    document_url = models.URLField(_("publicerat dokument"), max_length=500, blank=True)
    content_note = models.TextField(
        _("om innehållet"),
        blank=True,
        help_text=_("T.ex. att versionens text ännu inte har förts in."),
    )
    source_reference = models.CharField(_("källa"), max_length=500, blank=True)

    objects = ContractQuerySet.as_manager()

    # Set on the rows the selectors read (a prefetch's ``to_attr``): the texts a reader
    # may see.
    visible_texts: list[FollowUpText]

    class Meta:
        verbose_name = _("klimatkontrakt")
        verbose_name_plural = _("klimatkontrakt")
        ordering = ["city", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year"],
                condition=Q(deleted_at__isnull=True),
                name="contract_unique_city_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2019, year__lte=2100), name="contract_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.city} (version {self.year})"

    def get_absolute_url(self) -> str:
        """The version's public page (the pages register its address: ``core.links``)."""
        return page_url(self)


class ContractPartQuerySet(models.QuerySet):
    """Sections and commitments are published with their contract version."""

    city_path = "contract__city"
    contract_path = "contract"

    def visible_to(self, user):
        contracts = Contract.objects.visible_to(user)
        return self.filter(**{f"{self.contract_path}__in": contracts})


class ContractSection(models.Model):
    """A numbered section of a contract version ("3 Kommunens åtaganden"), with its own
    text and, for sections that hold commitments, the party they belong to."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    party = models.CharField(_("part"), max_length=20, choices=Party.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    references = models.JSONField(
        _("hänvisningar"), default=list, blank=True, help_text=_('[{"text": …, "url": …}]')
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = ContractPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["contract", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="contract_section_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(party="") | Q(party__in=Party.values), name="contract_section_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class CommitmentQuerySet(ContractPartQuerySet):
    city_path = "section__contract__city"
    contract_path = "section__contract"

    def of_agency(self, agency: str):
        """An agency's own commitments plus those the agencies or all parties make jointly."""
        return self.filter(party__in=[agency, Party.AGENCIES, Party.JOINT])


class Commitment(models.Model):
    """A promise (åtagande) of one party in a contract version, e.g. Umeå's "3.9
    Klimatsmart mobilitet" or Viable Cities' "4.4 Samordnad finansiering"."""

    section = models.ForeignKey(
        ContractSection, on_delete=models.CASCADE, related_name="commitments"
    )
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    references = models.JSONField(_("hänvisningar"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = CommitmentQuerySet.as_manager()

    # Set on the rows the selectors and the API read (a prefetch's ``to_attr``): the
    # follow-ups a reader may see, and the published ones.
    visible_follow_ups: list[CommitmentFollowUp]
    published_follow_ups: list[CommitmentFollowUp]
    # Set by ``selectors.follow_up_grid``: the follow-up of the grid's year, if any.
    year_follow_up: CommitmentFollowUp | None

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        ordering = ["section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "party", "number"],
                condition=~Q(number=""),
                name="commitment_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(party__in=Party.values), name="commitment_party_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="commitment_text_not_empty"),
        ]

    def __str__(self) -> str:
        label = f"{self.number} {self.title}".strip()
        return label or self.text[:80]


class CommitmentFollowUpQuerySet(ContentQuerySet):
    city_path = "commitment__section__contract__city"


class CommitmentFollowUp(Editable):
    """The follow-up of one commitment in one year: a status and a comment, with who
    entered it and when. Drafts are seen by the city's people and programme staff only."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=16, choices=FollowUpStatus.choices)
    comment = models.TextField(_("kommentar"), blank=True)

    objects = CommitmentFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning av åtagande")
        verbose_name_plural = _("uppföljningar av åtaganden")
        ordering = ["commitment", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year"],
                condition=Q(deleted_at__isnull=True),
                name="commitment_follow_up_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="commitment_follow_up_status"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2019, year__lte=2100), name="commitment_follow_up_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.year}: {self.get_status_display()}"


class FollowUpTextQuerySet(ContentQuerySet):
    city_path = "contract__city"


class FollowUpText(Editable):
    """One party's text in the joint yearly follow-up of a contract version (section 7 of
    Umeå's 2024 version: "7.1 Viktigaste uppdateringar för kommunen", "7.2 Mest angelägna
    erfarenheter att dela för kommunen", "7.3 … för Viable Cities", "7.4 … för
    myndigheterna").

    ``year`` empty: the contract's own text, as the signed version states it (it stays
    the contract's). ``year`` set: the party's follow-up text for that follow-up year,
    one per contract version, party, kind and year; a new year starts empty (or from
    last year's text, by the writer's choice) and never inherits the old references.
    Paragraphs (blank line) and bullet lines ("- ", "* ", "• ") are kept as plain text
    and drawn as escaped paragraphs and lists (``dashboards.contracts.text``).
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="follow_up_texts")
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    kind = models.CharField(_("slag"), max_length=16, choices=FollowUpTextKind.choices)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"))
    references = models.JSONField(_("hänvisningar"), default=list, blank=True)
    year = models.PositiveSmallIntegerField(
        _("uppföljningsår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2019), MaxValueValidator(2100)],
        help_text=_("Tomt för kontraktets egen text."),
    )

    objects = FollowUpTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljningstext")
        verbose_name_plural = _("uppföljningstexter")
        ordering = ["contract", F("year").asc(nulls_first=True), "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "party", "kind"],
                condition=Q(deleted_at__isnull=True, year__isnull=True),
                name="follow_up_text_unique_party_kind",
            ),
            models.UniqueConstraint(
                fields=["contract", "party", "kind", "year"],
                condition=Q(deleted_at__isnull=True, year__isnull=False),
                name="follow_up_text_unique_party_kind_year",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=2019, year__lte=2100),
                name="follow_up_text_year_range",
            ),
            models.CheckConstraint(
                condition=Q(party__in=Party.values), name="follow_up_text_party_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FollowUpTextKind.values), name="follow_up_text_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class StaffNote(models.Model):
    """A note by Viable Cities' programme staff about one city, for staff only: never on a
    public page, in the API or to the city's own people.

    Notes are written once and soft-deleted (who and when are kept on the row); they are
    deliberately not copied into ``ChangeRecord``, whose per-city history the city's own
    people may read.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="staff_notes")
    text = models.TextField(_("anteckning"))
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("borttagen av"),
    )

    class Meta:
        verbose_name = _("anteckning från programkontoret")
        verbose_name_plural = _("anteckningar från programkontoret")
        ordering = ["city", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="staff_note_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.text[:60]}"
