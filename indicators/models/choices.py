"""The fixed lists indicators, values, targets and import jobs are described by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    LOWER = "lower", _("Lägre är bättre")
    HIGHER = "higher", _("Högre är bättre")


class JudgedOn(models.TextChoices):
    """Which source an indicator's targets are judged on where both the city's own
    figures and an official release give values: the preferred one when the city has
    any values from it, else the other (never a mix of the two in one series)."""

    OWN = "own", _("Kommunens egna uppgifter (annars officiell statistik)")
    OFFICIAL = "official", _("Officiell statistik (annars kommunens egna uppgifter)")


class ObservationStatus(models.TextChoices):
    FINAL = "final", _("Slutligt")
    PRELIMINARY = "preliminary", _("Preliminärt")
    ESTIMATE = "estimate", _("Uppskattat")


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("Nivå")
    PERCENT_CHANGE = "percent_change", _("Förändring i procent mot basår")
    PER_PERSON = "per_person", _("Per invånare")
    SHARE = "share", _("Andel (%)")
    NET_ZERO = "net_zero", _("Nettonoll")
    DECREASE = "decrease", _("Minska (utan siffra)")


class PathwayKind(models.TextChoices):
    LINEAR = "linear", _("Rak linje")
    CONSTANT_RATE = "constant_rate", _("Konstant minskningstakt")
    BUDGET = "budget", _("Inom koldioxidbudgeten")


class ImportJobStatus(models.TextChoices):
    PREVIEW = "preview", _("Väntar på bekräftelse")
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    SUCCEEDED = "succeeded", _("Klar")
    FAILED = "failed", _("Misslyckades")
    EXPIRED = "expired", _("Gick ut utan bekräftelse")


class ImportJobOrigin(models.TextChoices):
    UPLOAD = "upload", _("Uppladdning")
    COMMAND = "command", _("Kommando")
    FETCH = "fetch", _("Schemalagd hämtning")
