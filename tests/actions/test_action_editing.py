"""Officers create and change their city's actions and follow-ups; everyone else is
refused and nothing changes. Every change is in the history with who and when."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from actions.models import Action, ActionCost, FollowUp
from actions.services import follow_up_create
from cities.models import ChangeRecord
from tests.actions.conftest import words

ACTION_POST = {
    "title": "Laddinfrastruktur i ytterområden",
    "description": "Publika laddplatser vid skolor och idrottshallar.",
    "responsible_body": "Tekniska nämnden",
    "sector": "Transporter",
    "lever": "investment",
    "status": "planned",
    "stage": "idea",
    "start": "2025",
    "end": "2027-06",
    "expected_reduction": "1 200,5",
    "expected_reduction_low": "800",
    "expected_reduction_high": "1 500",
    "effect_from_year": "2026",
    "funding_source": "Klimatklivet",
    "funding_status": "applied",
    "co_benefits": ["air_quality", "health"],
    "lessons_learned": "",
    "costs-TOTAL_FORMS": "2",
    "costs-INITIAL_FORMS": "0",
    "costs-MIN_NUM_FORMS": "0",
    "costs-MAX_NUM_FORMS": "60",
    "costs-0-year": "2025",
    "costs-0-investment_sek": "2 000 000",
    "costs-0-operating_sek": "",
    "costs-0-funding_source": "",
    "costs-0-funding_status": "",
    "costs-1-year": "",
}


def state():
    """Everything a refused request must leave as it was."""
    return (
        list(Action.objects.values_list("pk", "title", "version", "is_published", "deleted_at")),
        list(FollowUp.objects.values_list("pk", "text", "version", "is_published")),
        ActionCost.objects.count(),
        ChangeRecord.objects.count(),
    )


@pytest.fixture
def action(umea, action_factory):
    return action_factory(
        city=umea,
        title="Cykelbana längs älven",
        sector="Transporter",
        costs=[{"year": 2025, "investment_sek": 5_000_000, "funding_status": "own_budget"}],
    )


@pytest.fixture
def follow_up(action):
    return follow_up_create(
        action=action,
        by=None,
        values={"period_year": 2025, "period_number": 1, "text": "Projektering klar."},
    )


def test_an_officer_adds_an_action_as_a_draft_with_its_costs(client, umea, umea_officer):
    client.force_login(umea_officer)
    response = client.post(reverse("portfolio:create", kwargs={"slug": "umea"}), ACTION_POST)
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kommuner/umea/atgarder/{action.pk}/"
    assert action.city == umea and not action.is_published
    assert action.expected_reduction == 1200.5  # Swedish number format understood
    assert (action.expected_reduction_low, action.expected_reduction_high) == (800, 1500)
    assert action.start_date.isoformat() == "2025-01-01" and action.start_precision == "year"
    assert action.end_date.isoformat() == "2027-06-30" and action.end_precision == "month"
    assert action.co_benefits == ["health", "air_quality"]
    assert [(c.year, c.investment_sek) for c in action.costs.all()] == [(2025, 2_000_000)]
    record = ChangeRecord.objects.get(object_id=action.pk)
    assert record.action == "create" and record.user == umea_officer
    assert record.changes["costs"] == [None, [[2025, 2000000, None, "", ""]]]
    page = client.get(response["Location"]).content.decode()
    assert "Åtgärden är sparad som utkast" in page
    assert "Utkast – inte publicerad" in page
    assert "Förväntad minskning 1 200 t CO2e per år (800–1 500), från 2026" in words(page)


def test_an_admin_can_publish_at_once(client, umea, umea_admin):
    client.force_login(umea_admin)
    client.post(
        reverse("portfolio:create", kwargs={"slug": "umea"}), {**ACTION_POST, "publish": "on"}
    )
    assert Action.objects.get().is_published


def test_an_officer_cannot_publish_by_posting_the_checkbox(client, umea, umea_officer):
    client.force_login(umea_officer)
    client.post(
        reverse("portfolio:create", kwargs={"slug": "umea"}), {**ACTION_POST, "publish": "on"}
    )
    assert not Action.objects.get().is_published


def test_bad_input_names_the_field_and_writes_nothing(client, umea, umea_officer):
    client.force_login(umea_officer)
    before = state()
    response = client.post(
        reverse("portfolio:create", kwargs={"slug": "umea"}),
        {**ACTION_POST, "expected_reduction": "mycket", "effect_from_year": "", "start": "våren"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Åtgärden sparades inte" in html
    assert "Skriv ett tal, t.ex. 1 234,5." in html
    assert "Okänt datum; skriv ett år (2024), en månad (2024-12) eller en dag" in html
    assert state() == before


def test_an_effect_needs_its_first_year_and_a_sane_range(client, umea, umea_officer):
    client.force_login(umea_officer)
    html = client.post(
        reverse("portfolio:create", kwargs={"slug": "umea"}),
        {**ACTION_POST, "effect_from_year": "", "expected_reduction_low": "5000"},
    ).content.decode()
    assert "Ange första effektår: från vilket år väntas minskningen?" in html
    assert "Lägsta minskning kan inte vara större än den förväntade." in html
    assert not Action.objects.exists()


def test_an_officer_edits_an_action_and_the_history_keeps_old_and_new(client, umea_officer, action):
    client.force_login(umea_officer)
    url = reverse("portfolio:edit", kwargs={"slug": "umea", "pk": action.pk})
    form = client.get(url).content.decode()
    assert 'value="Cykelbana längs älven"' in form
    assert 'name="costs-0-investment_sek" value="5000000"' in form
    response = client.post(
        url,
        {
            **ACTION_POST,
            "title": "Cykelbana längs älven, etapp 2",
            "version": action.version,
            "costs-TOTAL_FORMS": "1",
            "costs-0-year": "2026",
            "costs-0-investment_sek": "1000",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Cykelbana längs älven, etapp 2" and action.version == 2
    assert [(c.year, c.investment_sek) for c in action.costs.all()] == [(2026, 1000)]
    record = ChangeRecord.objects.filter(object_id=action.pk, action="update").get()
    assert record.user == umea_officer
    assert record.changes["title"] == ["Cykelbana längs älven", "Cykelbana längs älven, etapp 2"]
    assert record.changes["costs"][0] == [[2025, 5000000, None, "", "own_budget"]]


def test_a_stale_edit_is_refused_and_says_who_saved_meanwhile(client, umea_officer, action):
    client.force_login(umea_officer)
    url = reverse("portfolio:edit", kwargs={"slug": "umea", "pk": action.pk})
    Action.objects.filter(pk=action.pk).update(version=5, title="Någon annans rubrik")
    response = client.post(url, {**ACTION_POST, "version": 1})
    assert response.status_code == 409
    assert "har ändrat detta efter att du öppnade det; din ändring sparades inte." in (
        response.content.decode()
    )
    assert Action.objects.get(pk=action.pk).title == "Någon annans rubrik"


def test_deleting_is_soft_and_recorded(client, umea_officer, action):
    client.force_login(umea_officer)
    url = reverse("portfolio:delete", kwargs={"slug": "umea", "pk": action.pk})
    assert "Vill du ta bort ”Cykelbana längs älven”" in client.get(url).content.decode()
    response = client.post(url, {"version": action.version})
    assert response["Location"] == "/kommuner/umea/atgarder/"
    action.refresh_from_db()
    assert action.deleted_at is not None
    assert ChangeRecord.objects.filter(object_id=action.pk, action="delete").exists()
    assert client.get(f"/kommuner/umea/atgarder/{action.pk}/").status_code == 404


def test_an_admin_publishes_and_withdraws(client, umea_admin, action):
    client.force_login(umea_admin)
    url = reverse("portfolio:publish", kwargs={"slug": "umea", "pk": action.pk})
    client.post(url, {"publish": "1"})
    action.refresh_from_db()
    assert action.is_published and action.published_at is not None
    client.post(url, {"publish": "0"})
    action.refresh_from_db()
    assert not action.is_published
    assert list(
        ChangeRecord.objects.filter(object_id=action.pk)
        .exclude(action="create")
        .values_list("action", flat=True)
    ) == ["unpublish", "publish"]


def test_an_officer_follows_up_an_action_in_the_citys_cycle(client, umea_officer, action):
    client.force_login(umea_officer)
    url = reverse("portfolio:follow-up-create", kwargs={"slug": "umea", "pk": action.pk})
    form = client.get(url).content.decode()
    assert "Kommunen följer upp tre gånger per år (tertial)." in form
    assert ">T2 2025</option>" in form
    response = client.post(
        url,
        {
            "period": "2025-2",
            "date": "2025-08-20",
            "status": "minor",
            "progress_pct": "40",
            "text": "Upphandlingen försenad.",
            "is_effect_follow_up": "on",
            "realised_reduction": "120",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.period_label == "T2 2025"
    assert follow_up.period_end.isoformat() == "2025-08-31"
    assert (follow_up.progress_pct, follow_up.realised_reduction) == (40, 120)
    assert not follow_up.is_published
    assert (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(FollowUp), action="create"
        )
        .get()
        .user
        == umea_officer
    )
    page = client.get(response["Location"]).content.decode()
    assert "T2 2025: mindre avvikelse" in page
    assert "Uppnådd minskning: 120 t CO2e per år." in page


def test_a_realised_effect_needs_an_effect_follow_up(client, umea_officer, action):
    client.force_login(umea_officer)
    url = reverse("portfolio:follow-up-create", kwargs={"slug": "umea", "pk": action.pk})
    html = client.post(
        url,
        {"period": "2025-1", "date": "2025-04-01", "status": "on_track", "realised_reduction": "5"},
    ).content.decode()
    assert "En uppnådd minskning rapporteras vid en effektuppföljning" in html
    assert not FollowUp.objects.exists()


def test_an_officer_edits_a_follow_up(client, umea_officer, action, follow_up):
    client.force_login(umea_officer)
    url = reverse(
        "portfolio:follow-up-edit",
        kwargs={"slug": "umea", "pk": action.pk, "follow_up_pk": follow_up.pk},
    )
    assert "Projektering klar." in client.get(url).content.decode()
    client.post(
        url,
        {
            "period": "2025-1",
            "date": "2025-04-20",
            "status": "on_track",
            "text": "Projektering och bygglov klara.",
            "version": follow_up.version,
        },
    )
    follow_up.refresh_from_db()
    assert follow_up.text == "Projektering och bygglov klara." and follow_up.version == 2


# --- refusals: every write route, every actor who may not ------------------------------


def _routes(action, follow_up):
    slug = "umea"
    return {
        "create": (reverse("portfolio:create", kwargs={"slug": slug}), ACTION_POST),
        "edit": (
            reverse("portfolio:edit", kwargs={"slug": slug, "pk": action.pk}),
            {**ACTION_POST, "version": action.version},
        ),
        "delete": (
            reverse("portfolio:delete", kwargs={"slug": slug, "pk": action.pk}),
            {"version": action.version},
        ),
        "publish": (
            reverse("portfolio:publish", kwargs={"slug": slug, "pk": action.pk}),
            {"publish": "1"},
        ),
        "follow-up-create": (
            reverse("portfolio:follow-up-create", kwargs={"slug": slug, "pk": action.pk}),
            {"period": "2025-1", "date": "2025-03-01", "status": "on_track", "text": "x"},
        ),
        "follow-up-edit": (
            reverse(
                "portfolio:follow-up-edit",
                kwargs={"slug": slug, "pk": action.pk, "follow_up_pk": follow_up.pk},
            ),
            {"period": "2025-1", "date": "2025-03-01", "status": "major", "text": "y"},
        ),
        "follow-up-publish": (
            reverse(
                "portfolio:follow-up-publish",
                kwargs={"slug": slug, "pk": action.pk, "follow_up_pk": follow_up.pk},
            ),
            {"publish": "1"},
        ),
        "import": (reverse("portfolio:import", kwargs={"slug": slug}), {}),
    }


ROUTES = [
    "create",
    "edit",
    "delete",
    "publish",
    "follow-up-create",
    "follow-up-edit",
    "follow-up-publish",
    "import",
]


@pytest.mark.parametrize("route", ROUTES)
def test_the_anonymous_visitor_is_sent_to_log_in_and_nothing_changes(
    client, action, follow_up, route
):
    url, data = _routes(action, follow_up)[route]
    before = state()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert state() == before


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("actor", ["malmo_officer", "staff_user"])
def test_another_citys_officer_and_programme_staff_are_refused(
    client, action, follow_up, route, actor, request
):
    client.force_login(request.getfixturevalue(actor))
    url, data = _routes(action, follow_up)[route]
    before = state()
    response = client.post(url, data)
    assert response.status_code == 403
    assert state() == before
    if route in ("create", "edit", "import"):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("route", ["publish", "follow-up-publish"])
def test_only_a_city_administrator_publishes(client, umea_officer, action, follow_up, route):
    client.force_login(umea_officer)
    url, data = _routes(action, follow_up)[route]
    before = state()
    assert client.post(url, data).status_code == 403
    assert state() == before


@pytest.mark.parametrize("route", ["publish", "follow-up-publish"])
def test_a_city_administrator_publishes(client, umea_admin, action, follow_up, route):
    client.force_login(umea_admin)
    url, data = _routes(action, follow_up)[route]
    assert client.post(url, data).status_code == 302
    target = FollowUp if route == "follow-up-publish" else Action
    assert target.objects.get().is_published


def test_the_superuser_may_edit_any_city(client, superuser, action):
    client.force_login(superuser)
    response = client.get(reverse("portfolio:edit", kwargs={"slug": "umea", "pk": action.pk}))
    assert response.status_code == 200


def test_an_action_of_another_city_cannot_be_reached_through_this_citys_address(
    client, malmo_officer, action
):
    client.force_login(malmo_officer)
    response = client.get(reverse("portfolio:edit", kwargs={"slug": "malmo", "pk": action.pk}))
    assert response.status_code == 404


def test_the_public_does_not_see_a_draft_action(client, action):
    assert client.get(f"/kommuner/umea/atgarder/{action.pk}/").status_code == 404


def test_staff_read_a_draft_but_get_no_edit_buttons(client, staff_user, action):
    client.force_login(staff_user)
    html = client.get(f"/kommuner/umea/atgarder/{action.pk}/").content.decode()
    assert "Cykelbana längs älven" in html and "Utkast – inte publicerad" in html
    assert "/andra/" not in html


def test_an_old_follow_up_keeps_its_period_and_cycle_when_edited(
    client, umea, umea_officer, action
):
    old = follow_up_create(
        action=action, by=None, values={"period_year": 2019, "period_number": 2, "text": "H"}
    )
    # reported half-yearly back then; the city follows up by tertial now
    type(old).objects.filter(pk=old.pk).update(periods_per_year=2)
    url = reverse(
        "portfolio:follow-up-edit", kwargs={"slug": "umea", "pk": action.pk, "follow_up_pk": old.pk}
    )
    client.force_login(umea_officer)
    assert ">H2 2019</option>" in client.get(url).content.decode()
    response = client.post(
        url, {"period": "2019-2", "date": "2019-12-01", "status": "on_track", "text": "Ändrad"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.period_label, old.text) == ("H2 2019", "Ändrad")
