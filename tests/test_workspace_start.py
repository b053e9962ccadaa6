"""The start page also lists the contract commitments not yet followed up for this year,
and the state of this year's progress report (not started, draft, published)."""

import datetime as dt
import re

from django.urls import reverse

from contracts.models import Commitment, Party

THIS_YEAR = dt.date.today().year


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


def start(client):
    return words(client.get(reverse("workspace:city", args=["umea"])))


def test_the_commitments_not_yet_followed_up_this_year_are_listed(
    client, umea_officer, umea_contracts, commitment_follow_up_factory
):
    client.force_login(umea_officer)
    own = list(Commitment.objects.filter(section__contract=umea_contracts[2024], party=Party.CITY))
    assert own  # the seed's contract has the city's commitments
    text = start(client)
    heading = f"Åtaganden i klimatkontraktet som inte följts upp för {THIS_YEAR} ({len(own)})"
    assert heading in text
    assert "kontraktet 2024" in text
    commitment_follow_up_factory(commitment=own[0], year=THIS_YEAR)
    assert f"inte följts upp för {THIS_YEAR} ({len(own) - 1})" in start(client)
    # last year's follow-up does not count for this year
    commitment_follow_up_factory(commitment=own[1], year=THIS_YEAR - 1)
    assert f"inte följts upp för {THIS_YEAR} ({len(own) - 1})" in start(client)


def test_this_years_report_is_not_started_a_draft_or_published(
    client, umea, umea_officer, progress_report_factory
):
    client.force_login(umea_officer)
    assert f"Lägesrapport {THIS_YEAR} Inte påbörjad" in start(client)
    report = progress_report_factory(city=umea, year=THIS_YEAR)
    assert "Utkast: sparad men inte publicerad." in start(client)
    report.is_published = True
    report.save()
    assert f"Lägesrapport {THIS_YEAR} Publicerad." in start(client)
