"""Who and what was promised: municipalities, the people who work for them, their goals."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.permissions import ALL_CITIES, Need, Person, Role, draft_city_ids, editable_city_ids
from core.links import page_url

MUNICIPALITY_CODE = RegexValidator(r"^\d{4}$", _("En kommunkod har fyra siffror, t.ex. 2480."))
COUNTY_CODE = RegexValidator(r"^\d{2}$", _("En länskod har två siffror, t.ex. 24."))


class Scope(models.TextChoices):
    """What a goal or indicator is about: the whole territory or the municipal organisation."""

    AREA = "area", _("Geografiskt område")
    ORGANISATION = "organisation", _("Kommunkoncern")


class County(models.Model):
    """A Swedish county (län), identified by its 2-digit SCB code (Västerbotten = 24)."""

    code = models.CharField(_("länskod"), max_length=2, primary_key=True, validators=[COUNTY_CODE])
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class FollowUpCycle(models.IntegerChoices):
    """How often a city follows up its actions and indicators (Karlstad: three times a
    year, one of them for effect)."""

    YEARLY = 1, _("En gång per år")
    HALF_YEARLY = 2, _("Två gånger per år (halvår)")
    TERTIAL = 3, _("Tre gånger per år (tertial)")
    QUARTERLY = 4, _("Fyra gånger per år (kvartal)")
    MONTHLY = 12, _("Varje månad")


class CityQuerySet(models.QuerySet["City"]):
    def contract_cities(self) -> CityQuerySet:
        return self.filter(is_contract_city=True)

    def editable_by(self, user, *, needs: Need = "officer") -> CityQuerySet:
        """The cities whose content needing role ``needs`` the user may change."""
        ids = editable_city_ids(user, needs=needs)
        return self if ids is ALL_CITIES else self.filter(pk__in=ids)


class City(models.Model):
    """A municipality (kommun), one of Sweden's 290, identified by its 4-digit SCB code.

    The 23 cities that have signed Klimatkontrakt 2030 carry ``is_contract_city``.
    """

    code = models.CharField(
        _("kommunkod"), max_length=4, unique=True, validators=[MUNICIPALITY_CODE]
    )
    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=100, unique=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="cities", verbose_name=_("län")
    )
    is_contract_city = models.BooleanField(_("klimatkontraktsstad"), default=False)
    follow_ups_per_year = models.PositiveSmallIntegerField(
        _("uppföljningar per år"),
        choices=FollowUpCycle.choices,
        default=FollowUpCycle.TERTIAL,
        help_text=_("Hur ofta kommunen följer upp sina åtgärder och indikatorer."),
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="city_code_four_digits"
            ),
            # The county code is the first two digits of the municipality code.
            models.CheckConstraint(
                condition=Q(code__startswith=F("county_id")), name="city_code_in_county"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The city's public page (the pages register its address: ``core.links``)."""
        return page_url(self)

    @property
    def county_code(self) -> str:
        return self.county_id


class Membership(models.Model):
    """A person's role in one city: officer (edits values and actions) or city administrator.

    Programme staff of Viable Cities are users with ``is_staff``; they hold no membership.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "city"], name="membership_unique_user_city"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.city} ({self.get_role_display()})"


class ContentQuerySet(models.QuerySet):
    """Queries shared by all content people edit (goals, targets, observations, actions...).

    ``city_path`` is the lookup from the model to its City; permission rules themselves
    live in ``cities/permissions.py``.
    """

    city_path = "city"

    def alive(self) -> Self:
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> Self:
        return self.filter(deleted_at__isnull=False)

    def published(self) -> Self:
        """What the public sees. The columns of a published row are its published state
        (pending changes wait in ``draft``), so reading them is always safe."""
        return self.filter(is_published=True, deleted_at__isnull=True)

    def pending(self) -> Self:
        """Alive content waiting to be published: never published, or a published row
        with a pending change (or pending deletion)."""
        return self.filter(deleted_at__isnull=True).filter(
            Q(is_published=False) | Q(draft_at__isnull=False)
        )

    def in_city(self, city: City | int) -> Self:
        """Content of one city (``city`` a City or its id), through ``city_path``."""
        return self.filter(**{self.city_path: city})

    def visible_to(self, user: Person) -> Self:
        """What ``user`` may read: published content, plus drafts of the cities they work
        for (programme staff and superusers: every city's drafts). Never deleted rows."""
        ids = draft_city_ids(user)
        alive = self.filter(deleted_at__isnull=True)
        if ids is ALL_CITIES:
            return alive
        if not ids:  # no drafts to read: no join to the city (anonymous visitors)
            return alive.filter(is_published=True)
        return alive.filter(Q(is_published=True) | Q(**{f"{self.city_path}__in": ids}))

    def editable_by(self, user: Person, *, needs: Need = "officer") -> Self:
        """What ``user`` may change: content of the cities where they hold the role
        ``needs`` ("officer": officers and administrators; "admin": administrators)."""
        ids = editable_city_ids(user, needs=needs)
        alive = self.filter(deleted_at__isnull=True)
        if ids is ALL_CITIES:
            return alive
        return alive.filter(**{f"{self.city_path}__in": ids})


class Editable(models.Model):
    """Content that people edit and publish.

    - ``is_published``: drafts are seen only by the city's people and programme staff.
    - The row's own columns always hold what the public sees once it is published. A
      pending change to a published row waits in ``draft`` (field → new value, or
      ``{"_delete": true}`` for a pending deletion) until someone who may publish applies
      it, so the public keeps the last published version meanwhile. A row never
      published is itself the draft and is edited in place. See ``cities/drafts.py``.
    - ``version`` grows by one on every save through a service; a form carries the
      version it was opened with, so a second person's save over a newer version is
      refused instead of silently overwriting (optimistic locking).
    - ``deleted_at``: deleting is soft; the history keeps every version (ChangeRecord).
    """

    is_published = models.BooleanField(_("publicerad"), default=False)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senast ändrad av"),
    )
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    draft = models.JSONField(
        _("ändring som väntar på publicering"), default=dict, blank=True, editable=False
    )
    draft_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("utkast av"),
    )
    # Set exactly when ``draft`` is not empty, so "has a pending change" is an indexable
    # column test rather than a JSON comparison.
    draft_at = models.DateTimeField(_("utkast sparat"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def has_draft(self) -> bool:
        return bool(self.draft)

    @property
    def is_draft_delete(self) -> bool:
        return bool(self.draft and self.draft.get("_delete"))


class GoalOrigin(models.TextChoices):
    """Who set a goal down here: the city's own people, or an import of what the city
    itself reported elsewhere (CDP-ICLEI). A goal the city enters wins over a reported one
    where both exist (``cities.selectors.headline_goal``)."""

    CITY = "city", _("Kommunens eget mål")
    REPORTED = "reported", _("Rapporterat av staden till CDP-ICLEI")


class GoalQuerySet(ContentQuerySet):
    def own(self) -> GoalQuerySet:
        """Goals the city's own people entered (not imported from a report)."""
        return self.filter(origin=GoalOrigin.CITY)

    def reported(self) -> GoalQuerySet:
        return self.filter(origin=GoalOrigin.REPORTED)


class Goal(Editable):
    """A political climate goal (klimatmål) of a city, e.g. "Umeå ska vara klimatneutralt 2040".

    A goal is measured by one or more targets (målvärden) on indicators.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    scope = models.CharField(_("avgränsning"), max_length=16, choices=Scope.choices)
    target_year = models.PositiveSmallIntegerField(
        _("målår"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    decided_by = models.CharField(_("beslutat av"), max_length=200, blank=True)
    decided_on = models.DateField(
        _("beslutsdatum"),
        null=True,
        blank=True,
        help_text=_("Ange den första i månaden när bara månaden är känd."),
    )
    source_reference = models.CharField(_("källa"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    origin = models.CharField(
        _("ursprung"),
        max_length=16,
        choices=GoalOrigin.choices,
        default=GoalOrigin.CITY,
        editable=False,
        help_text=_("Rapporterade mål läses in från stadens egen rapportering, t.ex. CDP."),
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("klimatmål")
        verbose_name_plural = _("klimatmål")
        ordering = ["city", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | Q(target_year__gte=1990, target_year__lte=2100),
                name="goal_target_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Skapad")
    UPDATE = "update", _("Ändrad")
    DELETE = "delete", _("Borttagen")
    RESTORE = "restore", _("Återställd")
    PUBLISH = "publish", _("Publicerad")
    UNPUBLISH = "unpublish", _("Avpublicerad")
    SEND_BACK = "send_back", _("Skickad tillbaka")


class ChangeRecord(models.Model):
    """One change to a piece of content: who, when, what (old → new per field), and the
    whole state after the change, so any earlier version can be shown and restored.

    Written only by ``cities.history.record_change``, called from the services that
    change data, never from signals.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    action = models.CharField(_("händelse"), max_length=12, choices=ChangeAction.choices)
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("av"),
    )
    label = models.CharField(_("objekt"), max_length=300, help_text=_("str() vid ändringen"))
    changes = models.JSONField(_("ändringar"), default=dict, help_text=_("fält → [före, efter]"))
    snapshot = models.JSONField(_("läge efter ändringen"), default=dict)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    comment = models.TextField(
        _("kommentar"),
        blank=True,
        help_text=_("Varför ett utkast skickades tillbaka (av den som publicerar)."),
    )

    class Meta:
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringar")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(fields=["city", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.label}"


# --- API keys for officers' scripts (open data and API) ----------------------------------


class ApiToken(models.Model):
    """A personal key with which a script acts through the write API as the person who
    created it, with exactly their rights (``cities.permissions``), until it expires or
    is revoked.

    Only a SHA-256 hash of the key is stored: the key itself is shown once, when it is
    created, and cannot be read back from the database. ``prefix`` (the key's first
    characters) tells a person's keys apart in lists without revealing them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("namn"), max_length=100, help_text=_("T.ex. ”Importskript”."))
    prefix = models.CharField(_("början av nyckeln"), max_length=12)
    key_hash = models.CharField(_("nyckelns kontrollsumma"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["user", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user}: {self.name} ({self.prefix}…)"

    def is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


# --- Evidence attached to content (issue 14) ----------------------------------------------


def attachment_path(attachment: Attachment, filename: str) -> str:
    """Where an attachment's file is kept in the media storage: per city, under a random
    name (the person's file name is kept in ``name``)."""
    import uuid

    return f"bilagor/{attachment.city_id}/{uuid.uuid4().hex}.{attachment.kind}"


class Attachment(models.Model):
    """A file attached as evidence to a piece of content (a value, an action, a
    follow-up): a decision, a survey report. Its type is read from its content
    (``cities.attachments``); it is public when the item it belongs to is published.
    Adding and removing one is recorded in the item's history."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("filnamn"), max_length=255)
    kind = models.CharField(_("filtyp"), max_length=8)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.name
