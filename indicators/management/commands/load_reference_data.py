"""Load Sweden's 290 municipalities and 21 counties from SCB's official code list."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cities.reference_data import reference_data_load
from indicators.parsers.base import ParseError
from indicators.parsers.scb import load_municipality_list

CODE_LIST = "scb/scb_kommunlankod_2023.xls"


class Command(BaseCommand):
    help = "Läser in alla kommuner och län från SCB:s kodlista (idempotent)."

    def handle(self, *args, **options) -> None:
        path = settings.KLIMAT_DATA_DIR / CODE_LIST
        if not path.exists():
            raise CommandError(f"Hittar inte {path}; sätt KLIMAT_DATA_DIR till datamappen.")
        try:
            with path.open("rb") as fileobj:
                counties, municipalities = load_municipality_list(fileobj, filename=path.name)
        except ParseError as exc:
            raise CommandError(str(exc)) from None
        county_counts, city_counts = reference_data_load(
            counties=[(c.code, c.name) for c in counties],
            municipalities=[(m.code, m.name) for m in municipalities],
        )
        self.stdout.write(
            f"Län: {county_counts.created} nya, {county_counts.updated} ändrade, "
            f"{county_counts.unchanged} oförändrade. "
            f"Kommuner: {city_counts.created} nya, {city_counts.updated} ändrade, "
            f"{city_counts.unchanged} oförändrade."
        )
