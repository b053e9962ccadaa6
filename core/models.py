"""Core's one table: the pages built when their data changes (see ``core/stored_pages.py``)."""

from __future__ import annotations

from django.db import models


class StoredPage(models.Model):
    """A public page's content as rendered from the data of one data generation.

    Written by the task that rebuilds pages after a data change (never by a visitor's
    request, except the very first time a page is asked for), read by every visitor. It
    lives in the database, so a cache flush or a restart loses no page; one row per page
    and language, overwritten in one UPDATE, so a visitor gets the old page or the new one,
    never half of either.
    """

    key = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    generation = models.BigIntegerField(help_text="The data generation the page was built from.")
    build = models.CharField(
        max_length=32,
        default="",
        help_text="The build of the code that built it (core.build.fingerprint): a page "
        "another build made is rebuilt as one built from older data is.",
    )
    html = models.BinaryField(
        help_text="The page's content, UTF-8, packed with LZ4 (core.stored_pages.unpacked)."
    )
    html_deflated = models.BinaryField(
        default=b"",
        help_text="The content deflated once, to splice into gzipped answers: its CRC-32 and "
        "length (little-endian, 4 bytes each), then a raw deflate stream ended by a sync "
        "flush (core.stored_pages.Deflated). Empty in a row stored before.",
    )
    meta = models.JSONField(default=dict, help_text="What the page's frame needs: its title…")
    page = models.BinaryField(
        default=b"", help_text="The whole page as a visitor with no cookie gets it, UTF-8."
    )
    page_gz = models.BinaryField(default=b"", help_text="The same, gzipped: served as it is.")
    built_at = models.DateTimeField()
    build_ms = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="stored_page_key_language")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"
