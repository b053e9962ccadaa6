"""Reminders: who wants a follow-up reminder, and which reminders were sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import City


class ReminderPreference(models.Model):
    """One person's choice about the follow-up reminder digest (on unless they opt out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    digest = models.BooleanField(
        _("påminnelser via e-post"),
        default=True,
        help_text=_("Ett mejl per uppföljningsperiod när kommunens uppföljning ska göras."),
    )
    drafts_digest = models.BooleanField(
        _("daglig sammanfattning av utkast"),
        default=True,
        help_text=_("Kommunadministratörer: ett mejl om dagen när utkast väntar på publicering."),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("val för påminnelser")
        verbose_name_plural = _("val för påminnelser")

    def __str__(self) -> str:
        return f"{self.user}: {'på' if self.digest else 'av'}"


class ReminderSent(models.Model):
    """A reminder digest sent (or being sent) to one person for one city and follow-up
    period, or (``period`` "utkast-YYMMDD") the day's digest of drafts waiting. The
    unique key makes "at most once per period" a database fact: a retried
    job finds the row and sends nothing.

    The row is written (claimed) before the mail leaves and ``sent_at`` set after; a row
    without ``sent_at`` means the sender stopped in between, and the mail is not sent
    again rather than risk sending it twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="reminders_sent")
    period = models.CharField(
        _("uppföljningsperiod"), max_length=16, help_text=_("t.ex. 2025-2/3: tertial 2 av 3")
    )
    due_on = models.DateField(_("senast"))
    claimed_at = models.DateTimeField(_("påbörjad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    items = models.JSONField(_("innehåll"), default=list)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "city", "period"], name="remindersent_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.city} {self.period}"
