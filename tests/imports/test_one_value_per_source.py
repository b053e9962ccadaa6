"""One value per city, indicator, year and source (issue 11): the city's own figures are
one source, "Kommunens egna uppgifter", whatever way they come in (form, API, template
upload, ``import_data``); a corrected delivery changes the value, old → new, and the
document it comes from (the template's Källa) is the value's credit."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from cities.history import history_for
from cities.models import ChangeAction, ChangeRecord
from cities.services import content_publish
from indicators.models import ImportJob, Indicator, JudgedOn, Observation, SourceRelease
from indicators.selectors import observation_series
from tests.imports.conftest import last_job, login, text_of, upload

TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"
TRIPS = "sustainable_trips_share"


def template_csv(*rows: str) -> bytes:
    return (TEMPLATE + "".join(r + "\r\n" for r in rows)).encode("utf-8")


FIRST = template_csv(f"2480;{TRIPS};2023;57,2;slutligt;RVU 2023;")
CORRECTED = template_csv(f"2480;{TRIPS};2023;57,9;slutligt;RVU 2023, rättelse;Rättad vikt")


@pytest.fixture
def trips(umea_goals) -> Indicator:
    return Indicator.objects.get(key=TRIPS)


def by_year(series) -> dict[int, float]:
    return {p.year: p.value for p in series}


def publish_all(admin) -> None:
    for value in Observation.objects.pending():
        content_publish(item=value, by=admin, expected_version=value.version)


def test_umea_corrected_file_is_one_changed_value_credited_to_its_kalla(
    client, umea, trips, umea_officer, umea_admin, confirm
):
    login(client, umea_officer)
    upload(client, "rvu.csv", FIRST, city=umea.pk)
    confirm(last_job())
    publish_all(umea_admin)

    page = text_of(upload(client, "rvu_rattelse.csv", CORRECTED, city=umea.pk))
    assert "Nya värden 0" in page and "Ändrade värden 1" in page
    assert "2023 57,200 57,900" in page  # old → new in the preview
    done = text_of(confirm(last_job()))
    assert "rvu_rattelse.csv (Kommunens egna uppgifter): 0 nya, 1 ändrade" in done
    publish_all(umea_admin)

    body = client.get(f"/api/v1/observations/?city=2480&indicator={TRIPS}&year=2023").json()
    assert [(r["value"], r["reference"], r["note"]) for r in body["results"]] == [
        (57.9, "RVU 2023, rättelse", "Rättad vikt")
    ]
    assert body["sources"][0]["credit"] == "Källa: Umeå (RVU 2023, rättelse)"
    value = Observation.objects.get()
    changes = [r.changes for r in history_for(value) if r.action == ChangeAction.UPDATE]
    assert any(c.get("value") == [57.2, 57.9] for c in changes), changes

    client.logout()
    city_page = client.get(reverse("city:detail", kwargs={"slug": "umea"})).content.decode()
    assert "Källa: Umeå (RVU 2023, rättelse)" in city_page
    assert "Uppladdad fil" not in city_page


def test_the_same_file_again_changes_nothing(client, umea, trips, umea_officer, confirm):
    login(client, umea_officer)
    upload(client, "rvu.csv", FIRST, city=umea.pk)
    confirm(last_job())
    page = text_of(upload(client, "rvu_kopia.csv", FIRST, city=umea.pk))
    assert "Nya värden 0" in page and "Ändrade värden 0" in page
    assert Observation.objects.count() == 1


def test_import_data_of_two_deliveries_keeps_one_value(umea, trips, tmp_path: Path, capsys):
    first, corrected = tmp_path / "rvu.csv", tmp_path / "rvu_rattelse.csv"
    first.write_bytes(FIRST)
    corrected.write_bytes(CORRECTED)
    call_command("import_data", str(first))
    call_command("import_data", str(corrected))
    out = capsys.readouterr().out
    assert "0 nya, 1 ändrade" in out, out
    value = Observation.objects.get(indicator=trips, year=2023)
    assert (value.value, value.reference, value.release.name) == (
        57.9,
        "RVU 2023, rättelse",
        "Kommunens egna uppgifter",
    )
    assert SourceRelease.objects.filter(source="kommun").count() == 1


def test_a_form_value_and_an_upload_are_the_same_source(client, umea, trips, umea_officer, confirm):
    login(client, umea_officer)
    response = client.post(
        reverse("workspace:observation-create", args=["umea"]),
        {
            "indicator": trips.pk,
            "year": "2023",
            "value": "57,2",
            "status": "final",
            "reference": "RVU 2023",
        },
    )
    assert response.status_code == 302
    page = text_of(upload(client, "rvu_rattelse.csv", CORRECTED, city=umea.pk))
    assert "Nya värden 0" in page and "Ändrade värden 1" in page


# --- which source a target is judged on, and the other as a comparison ------------------


@pytest.fixture
def two_sources(umea, trips, observation_factory, release_factory):
    kolada = release_factory(source="kolada", name="Kolada 2024", covers_to=2023)
    own = release_factory(source="kommun", name="Kommunens egna uppgifter")
    for year, value in ((2021, 50.0), (2022, 52.0)):
        observation_factory(
            city=umea, indicator=trips, year=year, value=value, release=kolada, published=True
        )
    observation_factory(
        city=umea,
        indicator=trips,
        year=2022,
        value=55.0,
        release=own,
        reference="RVU 2022",
        published=True,
    )
    return kolada, own


def test_targets_are_judged_on_the_citys_own_figures_with_the_official_as_comparison(
    umea, trips, two_sources
):
    found = observation_series(city_ids=[umea.pk], indicator_ids=[trips.pk])[umea.pk][TRIPS]
    assert (found.origin, by_year(found.series)) == ("own", {2022: 55.0})
    assert found.credits[0].release == "RVU 2022"
    assert found.comparison is not None
    assert by_year(found.comparison.series) == {2021: 50.0, 2022: 52.0}


def test_an_indicator_may_be_judged_on_the_official_statistics(umea, trips, two_sources):
    trips.judged_on = JudgedOn.OFFICIAL
    trips.save()
    found = observation_series(city_ids=[umea.pk], indicator_ids=[trips.pk])[umea.pk][TRIPS]
    assert (found.origin, by_year(found.series)) == ("official", {2021: 50.0, 2022: 52.0})
    assert by_year(found.comparison.series) == {2022: 55.0}


# --- the data migration ------------------------------------------------------------------


def test_the_migration_merges_duplicates_keeping_the_newest_in_the_history(
    umea, trips, observation_factory, release_factory
):
    manual = release_factory(source="kommun-2480", name="Resvaneundersökning 2023")
    upload_a = release_factory(source="template", name="Uppladdad fil rvu.csv")
    upload_b = release_factory(source="template", name="Uppladdad fil rvu_rattelse.csv")
    old = observation_factory(city=umea, indicator=trips, year=2023, value=57.2, release=upload_a)
    newest = observation_factory(
        city=umea,
        indicator=trips,
        year=2023,
        value=57.9,
        release=upload_b,
        note="Källa: RVU 2023, rättelse. Rättad vikt",
    )
    other_year = observation_factory(
        city=umea, indicator=trips, year=2022, value=55.0, release=manual
    )
    job = ImportJob.objects.create(original_name="rvu.csv", file="x/rvu.csv", release=upload_a)
    migration = importlib.import_module("indicators.migrations.0009_merge_own_figures")

    assert migration.merge_own_figures(apps) == 1

    alive = {o.year: o for o in Observation.objects.alive()}
    assert set(alive) == {2022, 2023}
    assert alive[2023].pk == newest.pk
    assert (alive[2023].reference, alive[2023].note) == ("RVU 2023, rättelse", "Rättad vikt")
    assert alive[2022].pk == other_year.pk and alive[2022].reference == "Resvaneundersökning 2023"
    assert {o.release.source for o in Observation.objects.all()} == {"kommun"}
    old.refresh_from_db()
    assert old.deleted_at is not None
    record = ChangeRecord.objects.get(object_id=old.pk, action=ChangeAction.DELETE)
    assert f"sammanslaget med värde #{newest.pk}" in record.label
    assert not SourceRelease.objects.filter(source__in=["template", "kommun-2480"]).exists()
    job.refresh_from_db()
    assert job.release.source == "kommun"
    assert migration.merge_own_figures(apps) == 0  # running it again changes nothing


def test_the_city_page_draws_the_other_source_as_a_comparison(client, umea, trips, two_sources):
    page = client.get(reverse("city:detail", kwargs={"slug": "umea"})).content.decode()
    assert "Jämförelse: officiell statistik" in page
    assert "Källa: Umeå (RVU 2022)" in page
    assert "Källa: Syntetiska testdata (inga verkliga värden) (Kolada 2024)" in page
