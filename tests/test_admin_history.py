"""Django's admin keeps to the same rules: goals, targets and values change only in the
workspace (drafts, history); staff manage shared indicator definitions, recorded."""

from django.urls import reverse

from cities.history import history_for
from cities.models import ChangeAction, Goal, Membership
from indicators.models import EmissionRow, Indicator


def test_goals_cannot_be_changed_in_the_admin(client, superuser, umea_goals):
    client.force_login(superuser)
    goal = Goal.objects.first()
    page = client.get(reverse("admin:cities_goal_change", args=[goal.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only
    client.post(reverse("admin:cities_goal_change", args=[goal.pk]), {"title": "x"})
    assert Goal.objects.get(pk=goal.pk).title == goal.title


def test_emission_rows_cannot_be_changed_or_deleted_in_the_admin(client, superuser, umea_emissions):
    client.force_login(superuser)
    row = EmissionRow.objects.filter(city__code="2480").first()
    page = client.get(reverse("admin:indicators_emissionrow_change", args=[row.pk]))
    assert page.status_code == 200
    assert 'name="tonnes"' not in page.content.decode()  # read-only
    client.post(
        reverse("admin:indicators_emissionrow_change", args=[row.pk]),
        {"tonnes": "1", "year": row.year, "sector": row.sector, "subsector": row.subsector},
    )
    assert EmissionRow.objects.get(pk=row.pk).tonnes == row.tonnes
    deleting = client.post(
        reverse("admin:indicators_emissionrow_delete", args=[row.pk]), {"post": "yes"}
    )
    assert deleting.status_code == 403 and EmissionRow.objects.filter(pk=row.pk).exists()
    assert client.get(reverse("admin:indicators_emissionrow_add")).status_code == 403


def test_staff_change_a_shared_indicator_and_it_is_recorded(client, staff_user, umea_goals):
    client.force_login(staff_user)
    indicator = Indicator.objects.get(key="fossil_free_fuel_share")
    response = client.post(
        reverse("admin:indicators_indicator_change", args=[indicator.pk]),
        {
            "key": indicator.key,
            "name": "Andel förnybara drivmedel",
            "unit": "%",
            "direction": "higher",
            "scope": "area",
            "source": indicator.source,
            "description": "",
            "kolada_id": "",
            "emission_substance": "",
            "emission_sector": "",
            "judged_on": "own",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Andel förnybara drivmedel"
    record = history_for(indicator).first()
    assert record.action == ChangeAction.UPDATE
    assert record.user == staff_user
    assert record.changes["name"] == ["Andel fossilfria drivmedel", "Andel förnybara drivmedel"]


def test_an_officer_has_no_admin(client, umea_officer):
    client.force_login(umea_officer)
    response = client.get(reverse("admin:indicators_indicator_changelist"))
    assert response.status_code == 302  # Django's admin sends non-staff to its login


def test_a_membership_added_in_the_admin_is_recorded(client, superuser, umea, malmo_officer):
    client.force_login(superuser)
    client.post(
        reverse("admin:cities_membership_add"),
        {"email": malmo_officer.email, "city": umea.pk, "role": "admin"},
    )
    membership = Membership.objects.get(user=malmo_officer, city=umea)
    assert history_for(membership).first().user == superuser
