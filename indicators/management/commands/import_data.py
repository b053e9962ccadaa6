"""Import a data file exactly as downloaded (format detected from its contents)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.import_jobs import import_job_create, import_job_run, job_error_lines
from indicators.imports import import_file
from indicators.models import ImportJob, ImportJobOrigin, ImportJobStatus
from indicators.parsers import FORMATS


class Command(BaseCommand):
    help = (
        "Importerar en datafil som den laddats ned (t.ex. SMHI:s länsrapport). "
        "Allt eller inget: vid fel skrivs ingenting. Importen sparas som ett importjobb."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format", dest="format", default=None, choices=sorted(FORMATS), help="Formatets id"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle ändras, skriv inget"
        )
        parser.add_argument(
            "--skip-rejected",
            action="store_true",
            help="Importera de giltiga raderna även om andra rader avvisas",
        )
        parser.add_argument(
            "--confirm-jumps",
            action="store_true",
            help=(
                "Bekräfta kommunens värden som är mer än tre gånger så stora eller mindre "
                "än en tredjedel av ett närliggande publicerat år"
            ),
        )

    def handle(
        self,
        *args,
        path: Path,
        format: str | None,
        dry_run: bool,
        skip_rejected: bool,
        confirm_jumps: bool = False,
        **options,
    ) -> None:
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        if dry_run:
            outcome = import_file(path, format=format, dry_run=True, skip_rejected=skip_rejected)
            if not outcome.ok:
                raise CommandError("\n".join([outcome.message, *outcome.error_lines(limit=20)]))
            self.stdout.write(outcome.message)
            return
        with path.open("rb") as fileobj:
            job = import_job_create(
                upload=fileobj,
                original_name=path.name,
                by=None,
                city=None,
                origin=ImportJobOrigin.COMMAND,
                format=format or "",
                preview=False,
            )
        ImportJob.objects.filter(pk=job.pk).update(
            skip_rejected=skip_rejected, confirm_jumps=confirm_jumps
        )
        ran = import_job_run(job_id=job.pk)  # in this process: no worker needed
        if ran is None or ran.status != ImportJobStatus.SUCCEEDED:
            lines = [ran.message, *job_error_lines(ran)] if ran else ["Jobbet försvann."]
            raise CommandError("\n".join(lines))
        self.stdout.write(f"{ran.message} (importjobb {ran.pk})")
