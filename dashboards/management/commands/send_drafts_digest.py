"""Send today's digest of drafts waiting to each city administrator (what Celery beat runs
every morning as ``dashboards.send_drafts_digests``). Safe to run again the same day."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from dashboards.workspace.services import drafts_digests_send


class Command(BaseCommand):
    help = "Mejlar kommunadministratörer när utkast väntar på publicering (högst en gång om dagen)."

    def handle(self, *args, **options) -> None:
        run = drafts_digests_send(today=timezone.localdate())
        self.stdout.write(
            f"{run.sent} skickade, {run.already_sent} redan skickade i dag, "
            f"{run.failed} misslyckade."
        )
