"""Capability self-assessments (issue 16): entered by the city's administrators,
published like other content, a chart over the years, staff's comparison."""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from capability.models import CapabilityAssessment
from capability.services import assessment_create
from cities.models import ChangeRecord

pytestmark = pytest.mark.django_db

FORM = "/kommuner/umea/formaga/skatta/"


def _post(client, year=2024, **extra):
    data = {"year": str(year), "governance": "3", "governance_note": "Beslutad styrmodell"}
    data.update(extra)
    return client.post(FORM, data)


def test_an_administrator_enters_and_publishes_and_the_public_sees_it(client, umea, umea_admin):
    client.force_login(umea_admin)
    assert _post(client, learning="2", publish="on").status_code == 302
    item = CapabilityAssessment.objects.get()
    assert (item.governance, item.learning, item.data, item.is_published) == (3, 2, None, True)
    record = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(CapabilityAssessment), object_id=item.pk
    ).first()
    assert record.user == umea_admin
    client.logout()
    text = client.get("/kommuner/umea/formaga/").content.decode()
    assert "Beslutad styrmodell" in text and "Självskattning 2024" in text


def test_officers_and_other_cities_are_refused(client, umea, umea_officer, malmo_officer):
    for person in (umea_officer, malmo_officer):
        client.force_login(person)
        assert _post(client).status_code == 403
    client.logout()
    assert _post(client).status_code == 302  # to the login page
    assert not CapabilityAssessment.objects.exists()


def test_a_draft_is_not_public(client, umea, umea_admin):
    assessment_create(city=umea, year=2024, by=umea_admin, governance=4)
    text = client.get("/kommuner/umea/formaga/").content.decode()
    assert "har inte publicerat någon självskattning" in text


def test_the_chart_plots_each_dimension_over_the_years(
    client, umea, umea_admin, django_assert_num_queries
):
    assessment_create(city=umea, year=2023, by=None, publish=True, governance=2, data=1)
    assessment_create(city=umea, year=2024, by=None, publish=True, governance=3, data=2)
    with django_assert_num_queries(3):  # the city, its assessments, the stage flow
        page = client.get("/kommuner/umea/formaga/")
    html = page.content.decode()
    figure = json.loads(html.split('id="formaga-figure" type="application/json">')[1].split("<")[0])
    lines = {trace["name"]: trace for trace in figure["data"]}
    assert lines["Styrning"]["x"] == [2023, 2024] and lines["Styrning"]["y"] == [2, 3]
    assert lines["Data och uppföljning"]["y"] == [1, 2]
    csv = client.get("/kommuner/umea/formaga/diagram.csv").content.decode()
    assert "2024" in csv and "Styrning" in csv


def test_staff_compare_the_contract_cities_newest_scores(
    client, umea, malmo, staff_user, umea_officer
):
    umea.is_contract_city = malmo.is_contract_city = True
    umea.save()
    malmo.save()
    assessment_create(city=umea, year=2023, by=None, publish=True, governance=2)
    assessment_create(city=umea, year=2024, by=None, publish=True, governance=4, learning=3)
    assessment_create(city=malmo, year=2024, by=None, governance=5)  # a draft: not compared
    client.force_login(umea_officer)
    assert client.get("/programkontoret/formaga/").status_code == 403
    client.force_login(staff_user)
    page = client.get("/programkontoret/formaga/")
    rows = {city.name: (a.year if a else None, scores) for city, a, scores in page.context["rows"]}
    assert rows["Umeå"] == (2024, [4, None, None, None, None, 3])
    assert rows["Malmö"] == (None, [None] * 6)


def test_from_pilot_to_scale_up_is_measured_from_the_stage_dates(client, umea, umea_officer):
    from actions.models import Action
    from actions.services import action_create

    action_create(
        city=umea,
        by=None,
        values={
            "title": "Cykelpendling",
            "stage": "scaling",
            "stage_dates": {"pilot": "2023-03-01", "scaling": "2024-03-01", "idea": "2022-05-01"},
        },
        publish=True,
    )
    with pytest.raises(Exception, match="ordning"):
        action_create(
            city=umea,
            by=None,
            values={
                "title": "Baklänges",
                "stage_dates": {"pilot": "2024-01-01", "idea": "2025-01-01"},
            },
        )
    assert Action.objects.get(title="Cykelpendling").stage_dates == {
        "idea": "2022-05-01",
        "pilot": "2023-03-01",
        "scaling": "2024-03-01",
    }
    page = client.get("/kommuner/umea/formaga/")
    flow = page.context["flow"]
    assert flow.entered == {2022: {"idea": 1}, 2023: {"pilot": 1}, 2024: {"scaling": 1}}
    assert flow.pilot_to_scaling_days == [366]
    assert "1 åtgärd har gått från pilot till uppskalning, på 366 dagar." in page.content.decode()
    # an officer sets the dates on the action form
    client.force_login(umea_officer)
    item = Action.objects.get(title="Cykelpendling")
    form = client.get(f"/kommuner/umea/atgarder/{item.pk}/andra/").content.decode()
    assert 'name="stage_pilot" value="2023-03-01"' in form
