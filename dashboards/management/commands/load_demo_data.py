"""Load the demo data: reference data, real emission data and Umeå's goals from the seed.

Composes each app's own loader. Safe to run again: every step is idempotent.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from actions.demo import umea_actions_load
from cities.demo import DEMO_PASSWORD, DemoLogin, demo_logins_load
from cities.reference_data import contract_cities_flag
from indicators.demo import shared_indicators_load, umea_goals_load
from indicators.imports import import_file

EMISSION_FILES = [
    "ned/smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv",
    "ned/klimatkollen_municipality-sector-emissions_GGT_1990-2024.json",
]
# Issue 3: SMHI's CO2 release, population for every municipality (Kolada N01951), two
# Kolada emission KPIs and consumption-based emissions (SEI 2022 per county, 2023).
IMPORT_FILES = [
    "ned/smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx",
    "kolada/ddf_kolada_dump/ddf--datapoints--n01951--by--geo--year.csv",
    "kolada/ddf_kolada_dump/ddf--datapoints--n00401--by--geo--year.csv",
    "kolada/ddf_kolada_dump/ddf--datapoints--n07702--by--geo--year.csv",
    "consumption/sei_klimatkollen_data_2023_shared_April_2026.xlsx",
    "consumption/konsumtionskompassen_per_lan/*.json",
    # Issue 7 (comparison): SCB's population 31 Dec 2024, so that per-person emissions
    # exist for the newest GGT release's latest year (Kolada's dump ends with 2022).
    "scb/scb_be0101_tabhel2024_folkmangd_2024-12-31.xlsx",
]


class Command(BaseCommand):
    help = "Läser in demodata: kommuner, verkliga utsläppsdata och Umeås klimatmål."

    def handle(self, *args, **options) -> None:
        call_command("load_reference_data", stdout=self.stdout)
        count = contract_cities_flag()
        self.stdout.write(f"{count} klimatkontraktsstäder markerade.")
        data = settings.KLIMAT_DATA_DIR
        paths = [
            p for r in [*EMISSION_FILES, *IMPORT_FILES] for p in sorted(data.glob(r)) or [data / r]
        ]
        for path in paths:
            if not path.exists():
                raise CommandError(f"Hittar inte {path}; sätt KLIMAT_DATA_DIR till datamappen.")
            outcome = import_file(path)
            if not outcome.ok:
                raise CommandError("\n".join([outcome.message, *outcome.error_lines()]))
            self.stdout.write(outcome.message)
        shared_indicators_load()
        goals = umea_goals_load()
        self.stdout.write(f"Umeå: {len(goals)} klimatmål.")
        # Klimatkontrakt: Umeå's 2024 version from the seed, 2020–2022 as empty versions.
        from contracts.demo import umea_contracts_load

        contracts = umea_contracts_load()
        self.stdout.write(f"Umeå: {len(contracts)} kontraktsversioner.")

        # Carbon budgets (issue 4): Klimatkollen's allocation of the national CO2 budget,
        # followed on SMHI's fossil CO2 inventory imported above.
        from indicators.carbon_budgets import carbon_budget_demo_load

        outcome = carbon_budget_demo_load()
        if not outcome.ok:
            raise CommandError("\n".join([outcome.message, *outcome.error_lines()]))
        self.stdout.write(outcome.message)

        # Issue 15: what the cities reported to CDP-ICLEI themselves (targets as reported
        # goals, city-wide inventories) and every municipality's climate plan.
        from indicators.reported import reported_demo_load

        for outcome in reported_demo_load():
            if not outcome.ok:
                raise CommandError("\n".join([outcome.message, *outcome.error_lines()]))
            self.stdout.write(outcome.message)

        # Umeå's initiatives from its contract as actions (issue 6)
        actions = umea_actions_load()
        self.stdout.write(f"Umeå: {len(actions)} åtgärder.")

        # Umeå klimatfärdplan as the contract describes it (issue 16): no members named.
        from partners.demo import umea_partnership_load

        partnership = umea_partnership_load()
        self.stdout.write(f"Umeå: partnerskapet {partnership.name}.")

        # Demo logins, one per role (issue 14): only with DEBUG on, never in production.
        self.stdout.write(demo_logins_report(demo_logins_load()))
        _analyze()


def _analyze() -> None:
    """Statistics for every table the demo load wrote from empty (PostgreSQL): until
    autovacuum's next round, or never on a server where it is off, the planner would
    guess their sizes and choose plans that read whole tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_logins_report(logins: list[DemoLogin]) -> str:
    if not logins:
        return "Inga demoinloggningar (DEBUG är av)."
    lines = [f"Demoinloggningar (lösenord {DEMO_PASSWORD!r}):"]
    lines += [f"  {login.username:<20} {login.description}" for login in logins]
    return "\n".join(lines)
