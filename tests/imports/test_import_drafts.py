"""A city's own upload follows the draft rule of the forms: new values are drafts, a
change to a published value waits beside it, both listed among the workspace's drafts for
an administrator to publish (who may also choose, at the confirm step, to publish at
once). National imports of official statistics by programme staff publish as before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cities import drafts
from cities.models import ChangeRecord
from cities.services import content_publish
from indicators.models import ImportJob, Observation

from .conftest import last_job, login, text_of, upload

TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"


def template_csv(*rows: str) -> bytes:
    return (TEMPLATE + "".join(r + "\r\n" for r in rows)).encode("utf-8")


@pytest.fixture
def trips(municipalities):
    from indicators.demo import shared_indicators_load

    return shared_indicators_load()["sustainable_trips_share"]


TWO_YEARS = template_csv(
    "2480;sustainable_trips_share;2022;58,5;slutligt;RVU 2022;",
    "2480;sustainable_trips_share;2023;61;preliminärt;;Enkät",
)


def test_an_officers_upload_lands_as_drafts_for_the_administrator_to_publish(
    client, umea, umea_officer, umea_admin, trips, confirm
):
    login(client, umea_officer)
    preview = text_of(upload(client, "resor.csv", TWO_YEARS, city=umea.pk))
    assert "Värdena sparas som utkast för Umeå" in preview
    assert "Publicera värdena direkt" not in preview  # an officer cannot choose that
    page = text_of(confirm(last_job()))
    assert "2 nya, 0 ändrade, 0 oförändrade rader." in page
    assert "Nya och ändrade värden är utkast tills en kommunadministratör publicerar dem" in page
    assert "Till utkasten som väntar på publicering" in page
    values = list(Observation.objects.order_by("year"))
    assert [(o.year, o.is_published) for o in values] == [(2022, False), (2023, False)]
    assert not Observation.objects.published().exists()  # the public sees nothing yet
    records = ChangeRecord.objects.filter(object_id__in=[o.pk for o in values], action="create")
    assert {r.user for r in records} == {umea_officer} and records.count() == 2

    client.logout()
    login(client, umea_admin)
    listed = text_of(client.get(reverse("workspace:drafts", args=["umea"])))
    assert "Värde: Andel resor med kollektivtrafik, cykel eller till fots 2022: 58,5 %" in listed
    client.post(
        reverse("workspace:publish-many", args=["umea"]),
        {"items": [f"utfall:{o.pk}:{o.version}" for o in values]},
    )
    assert Observation.objects.published().count() == 2


def test_an_uploaded_change_to_a_published_value_waits_beside_it(
    client, umea, umea_officer, umea_admin, trips, confirm
):
    login(client, umea_officer)
    upload(client, "resor.csv", TWO_YEARS, city=umea.pk)
    confirm(last_job())
    for value in Observation.objects.all():
        content_publish(item=value, by=umea_admin, expected_version=value.version)

    changed = template_csv(
        "2480;sustainable_trips_share;2022;58,5;slutligt;RVU 2022;",
        "2480;sustainable_trips_share;2023;62,5;slutligt;;Enkät",
    )
    preview = text_of(upload(client, "resor.csv", changed, city=umea.pk))
    assert "Ändrade värden 1" in preview and "Oförändrade värden 1" in preview
    page = text_of(confirm(last_job()))
    assert "0 nya, 1 ändrade, 1 oförändrade rader." in page
    value = Observation.objects.get(year=2023)
    assert (value.value, value.status, value.is_published) == (61.0, "preliminary", True)
    assert value.draft == {"value": 62.5, "status": "final"}
    assert drafts.working(value).value == 62.5
    record = ChangeRecord.objects.filter(object_id=value.pk).order_by("-at", "-id").first()
    assert record.action == "update" and record.user == umea_officer
    assert record.changes["value"] == [61.0, 62.5] and record.snapshot["pending"]

    # The same file again changes nothing: compared with what the city's people see.
    upload(client, "resor.csv", changed, city=umea.pk)
    assert "0 nya, 0 ändrade, 2 oförändrade rader." in text_of(confirm(last_job()))


def test_an_administrator_may_choose_to_publish_at_once(
    client, umea, umea_admin, trips, confirm, django_capture_on_commit_callbacks
):
    login(client, umea_admin)
    preview = text_of(upload(client, "resor.csv", TWO_YEARS, city=umea.pk))
    assert "Publicera värdena direkt i stället (du är kommunadministratör)" in preview
    job = last_job()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("uploads:confirm", args=[job.pk]), {"publish": "1"})
    job.refresh_from_db()
    assert job.publish and job.status == "succeeded"
    assert Observation.objects.published().count() == 2


def test_an_officer_cannot_publish_at_once_by_posting_the_choice(client, umea, umea_officer, trips):
    login(client, umea_officer)
    upload(client, "resor.csv", TWO_YEARS, city=umea.pk)
    job = last_job()
    response = client.post(reverse("uploads:confirm", args=[job.pk]), {"publish": "1"})
    assert response.status_code == 403
    job.refresh_from_db()
    assert (job.status, job.publish) == ("preview", False)
    assert not Observation.objects.exists()


def test_programme_staffs_national_import_publishes(client, staff_user, umea, trips, confirm):
    login(client, staff_user)
    upload(client, "resor.csv", TWO_YEARS, city="national")
    page = text_of(confirm(last_job()))
    assert "2 nya, 0 ändrade, 0 oförändrade rader." in page and "utkast" not in page
    assert Observation.objects.published().count() == 2
    assert ImportJob.objects.get().publishes
