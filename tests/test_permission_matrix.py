"""The permission matrix, generated from the URL configuration.

Every route the resolver knows must be listed below, either in ``WRITES`` (it changes
data: who may, and how to tell it did) or in ``READS`` (it never writes, whoever asks and
however). Then, for the five actors:

- every write route: exactly the allowed actors succeed (their change is there); the
  others get 403 (or, when not logged in, a redirect to the login page) and the
  database sees no INSERT, UPDATE or DELETE;
- every read route: GET and POST by every actor write nothing.

A route missing from the tables fails ``test_every_route_is_in_the_table``: add it there
(one entry, in the obvious place below) when you add a route.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actions.models import Action, FollowUp
from actions.services import action_create, action_delete, action_update, follow_up_create
from actions.xlsx import export_workbook
from cities import drafts
from cities.api.tokens import api_token_create
from cities.history import history_for
from cities.models import ApiToken, Attachment, ChangeRecord, Goal, Membership
from cities.services import attachment_add, content_delete, content_publish, goal_create
from contracts.models import Commitment, CommitmentFollowUp, Contract, FollowUpText, StaffNote
from contracts.services import commitment_follow_up_save, follow_up_text_save, staff_note_add
from dashboards.workspace.mail import unsubscribe_token
from dashboards.workspace.models import ReminderPreference
from indicators.import_jobs import import_job_create
from indicators.models import (
    ColumnMapping,
    ImportJob,
    ImportJobStatus,
    Indicator,
    Observation,
    ObservationStatus,
    Target,
)
from indicators.services.indicators import indicator_create
from indicators.services.values import observation_create, observation_update
from tests.conftest import (
    MALMO,
    UMEA,
    kept_for_the_module,
    load_emissions,
    malmo_officer_create,
    municipalities_load,
    staff_user_create,
    umea_admin_create,
    umea_officer_create,
)
from tests.factories import PASSWORD, MembershipFactory, UserFactory, contract_version

ANON, OTHER, OFFICER, ADMIN, STAFF = (
    "anonymous",
    "officer of another city",
    "officer",
    "city administrator",
    "programme staff",
)
ACTORS = (ANON, OTHER, OFFICER, ADMIN, STAFF)
EVERYONE = frozenset(ACTORS)
SIGNED_IN = frozenset({OTHER, OFFICER, ADMIN, STAFF})
CITY_PEOPLE = frozenset({OFFICER, ADMIN})  # officers and administrators of Umeå
ADMINS = frozenset({ADMIN})
STAFF_ONLY = frozenset({STAFF})
IMPORTERS = CITY_PEOPLE | {STAFF}  # Umeå's own people; programme staff import for any city
NOBODY = frozenset()

# Routes whose whole namespace has its own, separately tested permission system.
EXEMPT = {"admin:": "Django's admin: is_staff plus per-model permissions, tested by Django"}


# --- The world every case runs in ---------------------------------------------------------


@dataclass
class World:
    """Umeå with its published goals and targets, and one item in every state a route
    needs (a draft, a published value with a pending change, deleted things …)."""

    users: dict[str, Any]
    draft_value: Observation
    published_value: Observation
    deleted_value: Observation
    own_indicator: Indicator
    deleted_indicator: Indicator
    goal: Goal
    draft_goal: Goal
    deleted_goal: Goal
    target: Target
    deleted_target: Target
    trips: Indicator
    officer_membership: Membership
    invitee_membership: Membership
    # Klimatkontrakt: Umeå's (test) version 2024 with a commitment of the city and one of
    # Viable Cities, and a staff note.
    city_commitment: Commitment
    vc_commitment: Commitment
    city_follow_up: CommitmentFollowUp  # 2025, a draft by the officer
    vc_follow_up: CommitmentFollowUp  # 2025, a draft by programme staff
    city_text: FollowUpText  # a draft by the officer
    staff_note: StaffNote
    # Actions: a draft, a published one with a draft follow-up.
    draft_action: Action
    published_action: Action
    follow_up: FollowUp
    # Imports: a job waiting in preview, and one that has finished.
    preview_job: ImportJob
    finished_job: ImportJob
    extra: dict[str, Any] = field(default_factory=dict)

    def url(self, name: str, *args: Any) -> str:
        return reverse(name, args=args)


TEMPLATE_CSV = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"


def _template_csv(*rows: str) -> bytes:
    return (TEMPLATE_CSV + "".join(row + "\r\n" for row in rows)).encode("utf-8")


@pytest.fixture(scope="module")
def module_world(
    django_db_setup, django_db_blocker, reference_rows, ggt_newest, tmp_path_factory
) -> Iterator[World]:
    """The world, built once for the module's 180 cases (each case's own writes are still
    undone after it: ``kept_for_the_module``)."""
    from indicators.demo import umea_goals_load

    def build() -> World:
        cities = municipalities_load(reference_rows)
        umea, malmo = cities[UMEA], cities[MALMO]
        umea_goals_load()
        load_emissions(ggt_newest, {UMEA})
        return _world(
            umea,
            malmo_officer=malmo_officer_create(malmo),
            umea_officer=umea_officer_create(umea),
            umea_admin=umea_admin_create(umea),
            staff_user=staff_user_create(),
        )

    media = tmp_path_factory.mktemp("media")  # uploaded files of the import jobs
    with override_settings(MEDIA_ROOT=media), kept_for_the_module(django_db_blocker, build) as w:
        yield w


@pytest.fixture
def world(module_world, db) -> World:
    """The world as it was built; a copy, so that no case sees another's changes."""
    return copy.deepcopy(module_world)


def _world(umea, *, malmo_officer, umea_officer, umea_admin, staff_user) -> World:
    trips = Indicator.objects.get(key="sustainable_trips_share")

    def value(year: int) -> Observation:
        return observation_create(
            city=umea,
            indicator=trips,
            year=year,
            value=50.0 + year % 10,
            status=ObservationStatus.FINAL,
            reference="Resvaneundersökning",
            by=umea_officer,
        )

    draft_value = value(2024)
    published_value = value(2023)
    content_publish(item=published_value, by=umea_admin, expected_version=1)
    published_value.refresh_from_db()
    observation_update(
        observation=published_value,
        by=umea_officer,
        expected_version=published_value.version,
        value=99.0,
    )
    published_value.refresh_from_db()
    deleted_value = value(2022)
    content_delete(item=deleted_value, by=umea_officer, expected_version=1)

    own = indicator_create(
        city=umea, name="Laddpunkter", unit="st", direction="higher", scope="area", by=umea_admin
    )
    gone = indicator_create(
        city=umea, name="Gammal", unit="st", direction="higher", scope="area", by=umea_admin
    )
    content_delete(item=gone, by=umea_admin, expected_version=1)

    goal = Goal.objects.get(order=1)
    draft_goal = goal_create(city=umea, title="Nytt mål", scope="area", by=umea_admin)
    deleted_goal = goal_create(city=umea, title="Borttaget mål", scope="area", by=umea_admin)
    content_delete(item=deleted_goal, by=umea_admin, expected_version=1)
    target = goal.targets.order_by("order").first()
    deleted_target = Target.objects.get(indicator=trips)
    content_delete(item=deleted_target, by=umea_admin, expected_version=deleted_target.version)
    deleted_target.refresh_from_db()
    content_publish(item=deleted_target, by=umea_admin, expected_version=deleted_target.version)

    invitee = UserFactory(username="ny.umea", password=None)  # invited, no password yet
    MembershipFactory(user=invitee, city=umea, role="officer")

    contract = contract_version(
        umea,
        2024,
        [
            ("3", "Kommunens åtaganden", "city", [("3.1", "Mobilitet", "Umeå bygger ut.")]),
            ("4", "Viable Cities åtaganden", "viable_cities", [("4.1", "Stöd", "VC stöttar.")]),
        ],
    )
    commitments = {c.party: c for c in Commitment.objects.filter(section__contract=contract)}
    note = staff_note_add(city=umea, text="Ring kommunen i januari.", by=staff_user)

    def follow_up_2025(party: str, by: Any) -> CommitmentFollowUp:
        return commitment_follow_up_save(
            commitment=commitments[party], year=2025, status="not_started", by=by
        )

    city_text = follow_up_text_save(
        contract=Contract.objects.get(pk=contract.pk),
        party="city",
        kind="experiences",
        text="Vi har lärt oss mycket.",
        by=umea_officer,
    )

    draft_action = action_create(
        city=umea, by=umea_officer, values={"title": "Cykelbana", "sector": "Transporter"}
    )
    published_action = action_create(
        city=umea,
        by=umea_admin,
        values={"title": "Biogasbussar", "sector": "Transporter"},
        publish=True,
    )
    follow_up = follow_up_create(
        action=published_action,
        by=umea_officer,
        values={"period_year": 2026, "period_number": 3, "text": "Upphandlat."},
    )

    def job(content: bytes) -> ImportJob:
        return import_job_create(
            upload=io.BytesIO(content), original_name="resor.csv", by=umea_officer, city=umea
        )

    preview_job = job(_template_csv("2480;sustainable_trips_share;2021;58,5"))
    # A preview nobody confirmed within a day: finished, and a re-run can succeed (issue 14).
    finished_job = job(_template_csv("2480;sustainable_trips_share;2020;40"))
    finished_job.status = ImportJobStatus.EXPIRED
    finished_job.save(update_fields=["status"])
    assert (preview_job.status, finished_job.status) == ("preview", "expired")

    return World(
        users={
            ANON: None,
            OTHER: malmo_officer,
            OFFICER: umea_officer,
            ADMIN: umea_admin,
            STAFF: staff_user,
        },
        draft_value=draft_value,
        published_value=published_value,
        deleted_value=deleted_value,
        own_indicator=own,
        deleted_indicator=gone,
        goal=goal,
        draft_goal=draft_goal,
        deleted_goal=deleted_goal,
        target=target,
        deleted_target=deleted_target,
        trips=trips,
        officer_membership=Membership.objects.get(user=umea_officer),
        invitee_membership=Membership.objects.get(user=invitee),
        city_commitment=commitments["city"],
        vc_commitment=commitments["viable_cities"],
        city_follow_up=follow_up_2025("city", umea_officer),
        vc_follow_up=follow_up_2025("viable_cities", staff_user),
        city_text=city_text,
        staff_note=note,
        draft_action=draft_action,
        published_action=published_action,
        follow_up=follow_up,
        preview_job=preview_job,
        finished_job=finished_job,
    )


# --- The expected table -------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """A route that changes data: who may, the request, and how to see it worked."""

    allowed: frozenset[str]
    request: Callable[[World, Client], tuple[str, dict[str, Any]]]  # url and POST data
    worked: Callable[[World, Any, Any], bool]  # (world, response, actor's user) → changed?
    variant: str = ""
    method: str = "post"  # API routes (/api/…) also "patch" and "delete", sent as JSON


def _value(w: World, pk: int) -> Any:
    return drafts.working(Observation.objects.get(pk=pk))


def _gone(model: Any, pk: int) -> bool:
    obj = model._default_manager.get(pk=pk)
    return obj.deleted_at is not None or drafts.pending_delete(obj)


def _published(item: Any) -> bool:
    return bool(getattr(item, "is_published", False)) and not item.draft


def _back(model: Any, pk: int) -> bool:
    return model._default_manager.get(pk=pk).deleted_at is None


def _pw_changed(user: Any, password: str) -> bool:
    return get_user_model().objects.get(pk=user.pk).check_password(password)


def _reset_link(w: World, client: Client) -> str:
    user = w.users[OFFICER]
    link = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return client.get(link).headers["Location"]  # Django moves the token into the session


OBS_FORM = {"year": "2024", "value": "61,5", "status": "final", "reference": "Resvaneundersökning"}
GOAL_FORM = {"title": "Ändrat mål", "scope": "area", "order": "0"}
TARGET_FORM = {"kind": "share", "target_year": "2030", "target_value": "80", "pathway": "linear"}
IND_FORM = {"name": "Laddpunkter publika", "unit": "st", "direction": "higher", "scope": "area"}


def _kinds(
    name: str,
    per_kind: dict[str, tuple[frozenset[str], Callable[[World], Any]]],
    data: Callable[[World, Any], dict[str, Any]],
    worked: Callable[[World, Any], bool],
    variant: str = "",
) -> list[Write]:
    """One case per kind of item for a route of the form <city>/<kind>/<id>/…"""
    cases = []
    for segment, (allowed, item_of) in per_kind.items():
        cases.append(
            Write(
                allowed=allowed,
                variant=f"{segment}-{variant}" if variant else segment,
                request=lambda w, c, s=segment, f=item_of: (
                    w.url(name, "umea", s, f(w).pk),
                    data(w, f(w)),
                ),
                worked=lambda w, r, u, f=item_of: worked(w, f(w)),
            )
        )
    return cases


def _version(w: World, item: Any) -> dict[str, Any]:
    return {"version": type(item)._default_manager.get(pk=item.pk).version}


# Actions (issue 6): the smallest valid form, and the follow-up form.
ACTION_FORM = {
    "title": "Laddplatser vid skolor",
    "sector": "Transporter",
    "status": "planned",
    "costs-TOTAL_FORMS": "0",
    "costs-INITIAL_FORMS": "0",
    "costs-MIN_NUM_FORMS": "0",
    "costs-MAX_NUM_FORMS": "60",
}
FOLLOW_UP_FORM = {"period": "2026-3", "date": "2026-11-02", "status": "minor", "text": "Försenad."}


def _action(pk: int) -> Action:
    return drafts.working(Action.objects.get(pk=pk))


def _follow_up(pk: int) -> FollowUp:
    return drafts.working(FollowUp.objects.get(pk=pk))


def _actions_workbook(w: World) -> dict[str, Any]:
    """The city's export with one new row: the import adds that action."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export_workbook(city=w.draft_action.city, drafts=True)))
    sheet = book["Åtgärder"]
    title_column = next(c.column for c in sheet[1] if c.value == "Rubrik")
    sheet.append({title_column: "Importerad åtgärd"})
    out = io.BytesIO()
    book.save(out)
    return {"file": SimpleUploadedFile("atgarder.xlsx", out.getvalue())}


def _commitment_status(commitment: Commitment) -> str | None:
    found = CommitmentFollowUp.objects.alive().filter(commitment=commitment, year=2024).first()
    return drafts.working(found).status if found else None


def _text_of(party: str) -> str | None:
    found = FollowUpText.objects.alive().filter(party=party, kind="updates").first()
    return drafts.working(found).text if found else None


# --- API (issue 7): request bodies and items the API cases make ---------------------------
API_OBS = {
    "city": "2480",
    "indicator": "sustainable_trips_share",
    "value": 61.5,
    "status": "final",
    "source": "Resvaneundersökning",
}
API_TARGET = {
    "indicator": "sustainable_trips_share",
    "kind": "share",
    "target_year": 2030,
    "target_value": 81,
}


def _api_action(w: World, *, publish: bool = True) -> Any:
    """A fresh action of Umeå (made inside the case's transaction, for each actor)."""
    from actions.services import action_create

    w.extra["api_action"] = action_create(
        city=w.goal.city, by=w.users[OFFICER], values={"title": "API-åtgärd"}, publish=publish
    )
    return w.extra["api_action"]


def _api_changed(w: World) -> Any:
    """A published action changed since (what an administrator publishes; a draft would
    be hidden from other cities' officers, who then get 404 rather than 403)."""
    from actions.services import action_update

    action = _api_action(w)
    action_update(
        action=action, by=w.users[OFFICER], expected_version=action.version, values={"title": "Ny"}
    )
    w.extra["api_action"] = Action.objects.get(pk=action.pk)
    return w.extra["api_action"]


def _api_follow_up(w: World, *, changed: bool = False) -> Any:
    from actions.services import follow_up_create, follow_up_update

    item = follow_up_create(
        action=_api_action(w), by=w.users[OFFICER], values={"text": "Första"}, publish=True
    )
    if changed:
        follow_up_update(
            follow_up=item, by=w.users[OFFICER], expected_version=item.version, values={"text": "x"}
        )
        item = FollowUp.objects.get(pk=item.pk)
    w.extra["api_follow_up"] = item
    return item


def _own_token(w: World, client: Client) -> Any:
    """The signed-in actor's own API key (the officer's for the anonymous visitor)."""
    from cities.api.tokens import api_token_create

    user_id = client.session.get("_auth_user_id")
    user = get_user_model().objects.get(pk=user_id) if user_id else w.users[OFFICER]
    return api_token_create(user=user, name="Att återkalla")[0]


def _send(client: Client, case: Write, url: str, data: dict[str, Any]) -> Any:
    """The case's request: a form POST, or JSON for the API's routes."""
    if url.startswith("/api/"):
        return getattr(client, case.method)(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    """The matrix is about who may save a report, not about its layout: skip WeasyPrint."""
    monkeypatch.setattr(
        "dashboards.report.services.report_pdf", lambda **kwargs: b"%PDF-1.4 matrix\n"
    )


def _reports(w: World) -> None:
    """A draft report saved by Umeå's officer and a published one of its administrator."""
    from dashboards.report.services import progress_report_save

    umea = w.goal.city
    w.extra["draft_report"] = progress_report_save(city=umea, year=2024, by=w.users[OFFICER])
    w.extra["published_report"] = progress_report_save(
        city=umea, year=2024, by=w.users[ADMIN], publish=True
    )


def _report(w: World, key: str) -> Any:
    from dashboards.report.models import ProgressReport

    return ProgressReport._default_manager.get(pk=w.extra[key].pk)


def _report_case(key: str, name: str) -> Callable[[World, Client], tuple[str, dict[str, Any]]]:
    return lambda w, c: (
        w.url(name, "umea", w.extra[key].pk),
        {"version": _report(w, key).version},
    )


def _partner_commitment(w: World) -> Any:
    """A published member commitment of a partnership of Umeå (issue 16), made inside
    the case's transaction."""
    from partners.services import commitment_create, member_create, partnership_create

    partnership = partnership_create(city=w.goal.city, by=None, publish=True, name="P")
    member = member_create(partnership=partnership, by=None, publish=True, name="M", kind="ngo")
    return commitment_create(member=member, by=None, publish=True, text="Å")


def _partner_follow_up_request(w: World, c: Client) -> tuple[str, dict[str, Any]]:
    commitment = _partner_commitment(w)
    w.extra["partner_commitment"] = commitment
    url = w.url("partners:member", "umea", commitment.member_id)
    return url, {"f-commitment": commitment.pk, "f-year": "2024", "f-status": "done"}


def _partner_draft_request(w: World, c: Client) -> tuple[str, dict[str, Any]]:
    from partners.services import member_follow_up_create

    commitment = _partner_commitment(w)
    draft = member_follow_up_create(commitment=commitment, by=None, year=2024, status="done")
    w.extra["partner_draft"] = draft
    url = w.url("partners:publish", "umea", "follow-up", draft.pk)
    return url, {"version": draft.version}


def _member_follow_up(w: World, changed: bool = False) -> Any:
    """A published follow-up of a published member commitment (issue 16), with a change
    waiting when ``changed``: the public reads it, so another city's officer is refused
    rather than not finding it."""
    from partners.models import MemberFollowUp
    from partners.services import member_follow_up_create, member_follow_up_update

    item = member_follow_up_create(
        commitment=_partner_commitment(w), by=None, publish=True, year=2024, status="on_track"
    )
    if changed:
        member_follow_up_update(follow_up=item, by=None, expected_version=item.version, text="y")
    item = MemberFollowUp.objects.get(pk=item.pk)
    w.extra["member_follow_up"] = item
    return item


WRITES: dict[str, list[Write]] = {
    # --- climate partnerships (issue 16): the city's people enter, administrators publish
    # (a member organisation's contact persons too, when allowed: tests/partners)
    "partners:member": [
        Write(
            CITY_PEOPLE,
            _partner_follow_up_request,
            lambda w, r, u: w.extra["partner_commitment"].follow_ups.filter(year=2024).exists(),
        )
    ],
    "capability:edit": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("capability:edit", "umea"),
                {"year": "2024", "governance": "3", "governance_note": "x"},
            ),
            lambda w, r, u: w.goal.city.capability.filter(year=2024, governance=3).exists(),
        )
    ],
    "api-member-follow-up-list": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                "/api/v1/member-follow-ups/",
                {
                    "commitment": _partner_commitment(w).pk,
                    "year": 2024,
                    "status": "done",
                    "text": "Via API",
                },
            ),
            lambda w, r, u: w.goal.city.partnerships.filter(
                members__commitments__follow_ups__text="Via API"
            ).exists(),
        )
    ],
    "api-member-follow-up-detail": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/member-follow-ups/{_member_follow_up(w).pk}/",
                {"version": w.extra["member_follow_up"].version, "text": "Ändrad via API"},
            ),
            lambda w, r, u: (
                drafts.working(
                    type(w.extra["member_follow_up"]).objects.get(pk=w.extra["member_follow_up"].pk)
                ).text
                == "Ändrad via API"
            ),
            variant="patch",
            method="patch",
        ),
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/member-follow-ups/{_member_follow_up(w).pk}/?version="
                f"{w.extra['member_follow_up'].version}",
                {},
            ),
            lambda w, r, u: _gone(
                type(w.extra["member_follow_up"]), w.extra["member_follow_up"].pk
            ),
            variant="delete",
            method="delete",
        ),
    ],
    "api-member-follow-up-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/member-follow-ups/{_member_follow_up(w, changed=True).pk}/publish/",
                {"version": w.extra["member_follow_up"].version},
            ),
            lambda w, r, u: _published(
                type(w.extra["member_follow_up"]).objects.get(pk=w.extra["member_follow_up"].pk)
            ),
        )
    ],
    "partners:manage": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("partners:manage", "umea"),
                {"form": "partnership", "p-name": "Nytt partnerskap"},
            ),
            lambda w, r, u: w.goal.city.partnerships.filter(name="Nytt partnerskap").exists(),
        )
    ],
    "partners:publish": [
        Write(
            ADMINS,
            _partner_draft_request,
            lambda w, r, u: _published(
                type(w.extra["partner_draft"]).objects.get(pk=w.extra["partner_draft"].pk)
            ),
        )
    ],
    # --- accounts (Django's views; login and reset are ours, throttled) ---
    "login": [
        Write(
            EVERYONE,
            lambda w, c: (reverse("login"), {"username": "anna.umea", "password": PASSWORD}),
            lambda w, r, u: r.status_code == 302 and r.wsgi_request.user.username == "anna.umea",
        )
    ],
    "logout": [
        Write(
            EVERYONE,
            lambda w, c: (reverse("logout"), {}),
            lambda w, r, u: r.status_code == 302 and not r.wsgi_request.user.is_authenticated,
        )
    ],
    "password_change": [
        Write(
            SIGNED_IN,
            lambda w, c: (
                reverse("password_change"),
                {
                    "old_password": PASSWORD,
                    "new_password1": "nytt-lösenord-för-testet-9",
                    "new_password2": "nytt-lösenord-för-testet-9",
                },
            ),
            lambda w, r, u: _pw_changed(u, "nytt-lösenord-för-testet-9"),
        )
    ],
    "password_reset": [
        Write(
            EVERYONE,
            lambda w, c: (reverse("password_reset"), {"email": "anna.umea@example.se"}),
            lambda w, r, u: len(mail.outbox) == 1,
        )
    ],
    "password_reset_confirm": [
        Write(
            EVERYONE,  # whoever holds the emailed link
            lambda w, c: (
                _reset_link(w, c),
                {"new_password1": "via-länken-2030-x", "new_password2": "via-länken-2030-x"},
            ),
            lambda w, r, u: _pw_changed(w.users[OFFICER], "via-länken-2030-x"),
        )
    ],
    "set_language": [
        Write(
            EVERYONE,
            lambda w, c: (reverse("set_language"), {"language": "en", "next": "/"}),
            lambda w, r, u: r.cookies.get("django_language").value == "en",
        )
    ],
    # --- the workspace: a person's own settings ---
    "workspace:settings": [
        Write(
            SIGNED_IN,
            lambda w, c: (w.url("workspace:settings"), {}),
            lambda w, r, u: ReminderPreference.objects.filter(user=u, digest=False).exists(),
        )
    ],
    "workspace:attachment-create": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("workspace:attachment-create", "umea", "atgarder", w.published_action.pk),
                {"file": SimpleUploadedFile("beslut.pdf", b"%PDF-1.4\n%%EOF\n")},
            ),
            lambda w, r, u: Attachment.objects.filter(name="beslut.pdf").exists(),
        )
    ],
    "workspace:attachment-delete": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url(
                    "workspace:attachment-delete",
                    "umea",
                    attachment_add(
                        item=w.published_action,
                        city=w.published_action.city,
                        name="gammal.pdf",
                        data=b"%PDF-1.4\n%%EOF\n",
                        by=None,
                    ).pk,
                ),
                {},
            ),
            lambda w, r, u: Attachment.objects.filter(
                name="gammal.pdf", deleted_at__isnull=False
            ).exists(),
        )
    ],
    "workspace:api-keys": [
        Write(
            SIGNED_IN,
            lambda w, c: (w.url("workspace:api-keys"), {"name": "Skript"}),
            lambda w, r, u: ApiToken.objects.filter(user=u, name="Skript").exists(),
        )
    ],
    "workspace:api-key-revoke": [
        Write(
            frozenset({OFFICER}),  # only the key's own person
            lambda w, c: (
                w.url(
                    "workspace:api-key-revoke",
                    api_token_create(user=w.users[OFFICER], name="Umeås skript")[0].pk,
                ),
                {},
            ),
            lambda w, r, u: ApiToken.objects.filter(
                name="Umeås skript", revoked_at__isnull=False
            ).exists(),
        )
    ],
    "workspace:unsubscribe": [
        Write(
            EVERYONE,  # whoever holds the link in the mail
            lambda w, c: (w.url("workspace:unsubscribe", unsubscribe_token(w.users[OFFICER])), {}),
            lambda w, r, u: ReminderPreference.objects.filter(
                user=w.users[OFFICER], digest=False
            ).exists(),
        )
    ],
    # --- values ---
    "workspace:observation-create": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("workspace:observation-create", "umea"),
                {**OBS_FORM, "indicator": w.trips.pk, "year": "2021"},
            ),
            lambda w, r, u: Observation.objects.filter(year=2021, deleted_at=None).exists(),
        )
    ],
    "workspace:value-grid": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("workspace:value-grid", "umea"),
                {
                    "action": "save",
                    "source": "Tabell",
                    "status": "final",
                    "fran": "2018",
                    f"v-{w.trips.pk}-2018": "55,5",
                },
            ),
            lambda w, r, u: Observation.objects.filter(year=2018, value=55.5).exists(),
        )
    ],
    "workspace:observation-edit": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("workspace:observation-edit", "umea", w.draft_value.pk),
                {**OBS_FORM, "version": w.draft_value.version},
            ),
            lambda w, r, u: _value(w, w.draft_value.pk).value == 61.5,
        )
    ],
    # --- goals, targets, own indicators: the city administrator ---
    "workspace:goal-create": [
        Write(
            ADMINS,
            lambda w, c: (w.url("workspace:goal-create", "umea"), GOAL_FORM),
            lambda w, r, u: Goal.objects.filter(title="Ändrat mål").exists(),
        )
    ],
    "workspace:goal-edit": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:goal-edit", "umea", w.draft_goal.pk),
                {**GOAL_FORM, "version": 1},
            ),
            lambda w, r, u: Goal.objects.get(pk=w.draft_goal.pk).title == "Ändrat mål",
        )
    ],
    "workspace:target-create": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:target-create", "umea", w.draft_goal.pk),
                {**TARGET_FORM, "indicator": w.trips.pk},
            ),
            lambda w, r, u: Target.objects.filter(goal=w.draft_goal).exists(),
        )
    ],
    "workspace:target-edit": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:target-edit", "umea", w.target.pk),
                {
                    **TARGET_FORM,
                    "kind": "absolute",
                    "target_year": "2040",
                    "target_value": "1,5",
                    "indicator": w.target.indicator_id,
                    "version": w.target.version,
                },
            ),
            lambda w, r, u: drafts.working(Target.objects.get(pk=w.target.pk)).target_value == 1.5,
        )
    ],
    "workspace:indicator-create": [
        Write(
            ADMINS,
            lambda w, c: (w.url("workspace:indicator-create", "umea"), IND_FORM),
            lambda w, r, u: Indicator.objects.filter(name=IND_FORM["name"]).exists(),
        )
    ],
    "workspace:indicator-edit": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:indicator-edit", "umea", w.own_indicator.pk),
                {**IND_FORM, **_version(w, w.own_indicator)},
            ),
            lambda w, r, u: Indicator.objects.get(pk=w.own_indicator.pk).name == IND_FORM["name"],
        )
    ],
    # --- publishing ---
    "workspace:publish-many": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:publish-many", "umea"),
                {"items": [f"utfall:{w.draft_value.pk}:{w.draft_value.version}"]},
            ),
            lambda w, r, u: Observation.objects.get(pk=w.draft_value.pk).is_published,
        )
    ],
    "workspace:item-delete": _kinds(
        "workspace:item-delete",
        {
            "utfall": (CITY_PEOPLE, lambda w: w.draft_value),
            "mal": (ADMINS, lambda w: w.draft_goal),
            "malvarden": (ADMINS, lambda w: w.target),
            "indikatorer": (ADMINS, lambda w: w.own_indicator),
            "atgarder": (CITY_PEOPLE, lambda w: w.draft_action),
            "uppfoljningar": (CITY_PEOPLE, lambda w: w.follow_up),
            "kontraktsuppfoljningar": (CITY_PEOPLE, lambda w: w.city_follow_up),
            "uppfoljningstexter": (CITY_PEOPLE, lambda w: w.city_text),
        },
        _version,
        lambda w, item: _gone(type(item), item.pk),
    )
    + _kinds(
        "workspace:item-delete",
        {"kontraktsuppfoljningar": (STAFF_ONLY, lambda w: w.vc_follow_up)},
        _version,
        lambda w, item: _gone(type(item), item.pk),
        variant="viable-cities",
    ),
    "workspace:item-publish": _kinds(
        "workspace:item-publish",
        {
            "utfall": (ADMINS, lambda w: w.published_value),
            "mal": (ADMINS, lambda w: w.draft_goal),
            "malvarden": (ADMINS, lambda w: Target.objects.filter(goal=w.goal).last()),
            "indikatorer": (NOBODY, lambda w: w.own_indicator),  # definitions are not drafted
            "atgarder": (ADMINS, lambda w: w.draft_action),
            "uppfoljningar": (ADMINS, lambda w: w.follow_up),
            "kontraktsuppfoljningar": (ADMINS, lambda w: w.city_follow_up),
            "uppfoljningstexter": (ADMINS, lambda w: w.city_text),
        },
        _version,
        lambda w, item: _published(type(item)._default_manager.get(pk=item.pk)),
    )
    + _kinds(
        "workspace:item-publish",
        {"kontraktsuppfoljningar": (STAFF_ONLY, lambda w: w.vc_follow_up)},
        _version,
        lambda w, item: _published(type(item)._default_manager.get(pk=item.pk)),
        variant="viable-cities",
    ),
    "workspace:item-send-back": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:item-send-back", "umea", "utfall", w.draft_value.pk),
                {"comment": "Källan saknas."},
            ),
            lambda w, r, u: ChangeRecord.objects.filter(
                action="send_back", object_id=w.draft_value.pk, comment="Källan saknas."
            ).exists(),
        )
    ],
    "workspace:item-unpublish": _kinds(
        "workspace:item-unpublish",
        {
            "utfall": (ADMINS, lambda w: w.published_value),
            "mal": (ADMINS, lambda w: w.goal),
            "malvarden": (ADMINS, lambda w: w.target),
            "indikatorer": (NOBODY, lambda w: w.own_indicator),
            "atgarder": (ADMINS, lambda w: w.published_action),
        },
        _version,
        lambda w, item: not type(item)._default_manager.get(pk=item.pk).is_published,
    ),
    "workspace:item-discard": _kinds(
        "workspace:item-discard",
        {
            "utfall": (CITY_PEOPLE, lambda w: w.published_value),
            "mal": (ADMINS, lambda w: w.extra["changed_goal"]),
            "malvarden": (ADMINS, lambda w: w.extra["changed_target"]),
            "indikatorer": (NOBODY, lambda w: w.own_indicator),
            "atgarder": (CITY_PEOPLE, lambda w: w.extra["changed_action"]),
        },
        _version,
        lambda w, item: type(item)._default_manager.get(pk=item.pk).draft == {},
    ),
    "workspace:item-undelete": _kinds(
        "workspace:item-undelete",
        {
            "utfall": (CITY_PEOPLE, lambda w: w.deleted_value),
            "mal": (ADMINS, lambda w: w.deleted_goal),
            "malvarden": (ADMINS, lambda w: w.deleted_target),
            "indikatorer": (ADMINS, lambda w: w.deleted_indicator),
            "atgarder": (CITY_PEOPLE, lambda w: w.extra["deleted_action"]),
        },
        lambda w, item: {},
        lambda w, item: _back(type(item), item.pk),
    ),
    "workspace:item-restore-version": [
        Write(
            allowed,
            variant=segment,
            request=lambda w, c, s=segment, f=item_of: (
                w.url(
                    "workspace:item-restore-version",
                    "umea",
                    s,
                    f(w).pk,
                    history_for(f(w)).last().pk,
                ),
                _version(w, f(w)),
            ),
            worked=lambda w, r, u, f=item_of, check=check: check(w, f(w)),
        )
        for segment, allowed, item_of, check in (
            (
                "utfall",
                CITY_PEOPLE,
                lambda w: w.published_value,
                # the first version equals the published one: the pending change goes away
                lambda w, item: _value(w, item.pk).value == 53.0,
            ),
            (
                "mal",
                ADMINS,
                lambda w: w.extra["changed_goal"],
                lambda w, item: Goal.objects.get(pk=item.pk).draft == {},
            ),
            (
                "indikatorer",
                ADMINS,
                lambda w: w.extra["renamed_indicator"],
                lambda w, item: Indicator.objects.get(pk=item.pk).name == "Laddpunkter",
            ),
            (
                "atgarder",
                CITY_PEOPLE,
                lambda w: w.extra["changed_action"],
                # the first version is the published one: the pending change goes away
                lambda w, item: Action.objects.get(pk=item.pk).draft == {},
            ),
        )
    ],
    # --- people ---
    "workspace:people": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:people", "umea"),
                {"email": "ny@umea.se", "role": "officer"},
            ),
            lambda w, r, u: Membership.objects.filter(user__email="ny@umea.se").exists(),
        ),
        # programme staff invite a city's administrators (issue 14), not its officers
        Write(
            ADMINS | STAFF_ONLY,
            lambda w, c: (
                w.url("workspace:people", "umea"),
                {"email": "ny.admin@umea.se", "role": "admin"},
            ),
            lambda w, r, u: Membership.objects.filter(
                user__email="ny.admin@umea.se", role="admin"
            ).exists(),
            variant="admin",
        ),
    ],
    "workspace:member-role": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("workspace:member-role", "umea", w.officer_membership.pk),
                {"role": "admin"},
            ),
            lambda w, r, u: Membership.objects.get(pk=w.officer_membership.pk).role == "admin",
        )
    ],
    "workspace:member-remove": [
        Write(
            ADMINS,
            lambda w, c: (w.url("workspace:member-remove", "umea", w.officer_membership.pk), {}),
            lambda w, r, u: not Membership.objects.filter(pk=w.officer_membership.pk).exists(),
        )
    ],
    "workspace:member-resend": [
        Write(
            ADMINS,
            lambda w, c: (w.url("workspace:member-resend", "umea", w.invitee_membership.pk), {}),
            lambda w, r, u: len(mail.outbox) == 1 and mail.outbox[0].to == ["ny.umea@example.se"],
        )
    ],
    # --- Klimatkontrakt: the yearly follow-up (the city's own commitments: its people;
    # Viable Cities', the agencies' and joint ones: programme staff) and staff notes ---
    "contracts:follow-up-edit": [
        Write(
            CITY_PEOPLE,
            variant="kommunen",
            request=lambda w, c: (
                w.url("contracts:follow-up-edit", "umea", 2024, w.city_commitment.pk),
                {"ar": "2024", "status": "ongoing", "comment": "Pågår enligt plan."},
            ),
            worked=lambda w, r, u: _commitment_status(w.city_commitment) == "ongoing",
        ),
        Write(
            STAFF_ONLY,
            variant="viable-cities",
            request=lambda w, c: (
                w.url("contracts:follow-up-edit", "umea", 2024, w.vc_commitment.pk),
                {"ar": "2024", "status": "done", "comment": "Klart.", "publish": "on"},
            ),
            worked=lambda w, r, u: _commitment_status(w.vc_commitment) == "done",
        ),
    ],
    "contracts:text-edit": [
        Write(
            allowed,
            variant=party,
            request=lambda w, c, party=party: (
                w.url("contracts:text-edit", "umea", 2024, party, "updates"),
                {"text": f"Det viktigaste för {party} i år."},
            ),
            worked=lambda w, r, u, party=party: (
                _text_of(party) == f"Det viktigaste för {party} i år."
            ),
        )
        for party, allowed in (("city", CITY_PEOPLE), ("viable_cities", STAFF_ONLY))
    ],
    "contracts:staff-notes": [
        Write(
            STAFF_ONLY,
            lambda w, c: (w.url("contracts:staff-notes", "umea"), {"text": "Möte den 3 mars."}),
            lambda w, r, u: StaffNote.objects.filter(text="Möte den 3 mars.").exists(),
        )
    ],
    "contracts:staff-note-delete": [
        Write(
            STAFF_ONLY,
            lambda w, c: (w.url("contracts:staff-note-delete", "umea", w.staff_note.pk), {}),
            lambda w, r, u: StaffNote.objects.get(pk=w.staff_note.pk).deleted_at is not None,
        )
    ],
    # --- actions and their follow-ups: the city's people; publishing: the administrator ---
    "portfolio:create": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (w.url("portfolio:create", "umea"), ACTION_FORM),
            lambda w, r, u: Action.objects.filter(title=ACTION_FORM["title"]).exists(),
        )
    ],
    "portfolio:edit": [
        Write(
            CITY_PEOPLE,
            variant=variant,
            request=lambda w, c, item=item: (
                w.url("portfolio:edit", "umea", item(w).pk),
                {**ACTION_FORM, "title": "Cykelbana, etapp 2", **_version(w, item(w))},
            ),
            # a published action's change waits beside it: the working copy has it
            worked=lambda w, r, u, item=item: _action(item(w).pk).title == "Cykelbana, etapp 2",
        )
        for variant, item in (
            ("utkast", lambda w: w.draft_action),
            ("publicerad", lambda w: w.published_action),
        )
    ],
    "portfolio:delete": [
        Write(
            CITY_PEOPLE,
            variant=variant,
            request=lambda w, c, item=item: (
                w.url("portfolio:delete", "umea", item(w).pk),
                _version(w, item(w)),
            ),
            worked=lambda w, r, u, item=item: _gone(Action, item(w).pk),
        )
        for variant, item in (
            ("utkast", lambda w: w.draft_action),
            ("publicerad", lambda w: w.published_action),
        )
    ],
    "portfolio:publish": [
        Write(
            ADMINS,
            lambda w, c: (w.url("portfolio:publish", "umea", w.draft_action.pk), {"publish": "1"}),
            lambda w, r, u: _published(Action.objects.get(pk=w.draft_action.pk)),
        )
    ],
    "portfolio:import": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (w.url("portfolio:import", "umea"), _actions_workbook(w)),
            lambda w, r, u: Action.objects.filter(title="Importerad åtgärd").exists(),
        )
    ],
    "portfolio:follow-up-create": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("portfolio:follow-up-create", "umea", w.draft_action.pk),
                FOLLOW_UP_FORM,
            ),
            lambda w, r, u: FollowUp.objects.filter(
                action=w.draft_action, text="Försenad."
            ).exists(),
        )
    ],
    "portfolio:follow-up-edit": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                w.url("portfolio:follow-up-edit", "umea", w.published_action.pk, w.follow_up.pk),
                {**FOLLOW_UP_FORM, **_version(w, w.follow_up)},
            ),
            lambda w, r, u: _follow_up(w.follow_up.pk).text == "Försenad.",
        )
    ],
    "portfolio:follow-up-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                w.url("portfolio:follow-up-publish", "umea", w.published_action.pk, w.follow_up.pk),
                {"publish": "1"},
            ),
            lambda w, r, u: _published(FollowUp.objects.get(pk=w.follow_up.pk)),
        )
    ],
    # --- data imports: the city's people for their city, programme staff for any ---
    "uploads:upload": [
        Write(
            IMPORTERS,
            lambda w, c: (
                reverse("uploads:upload"),
                {
                    "file": SimpleUploadedFile(
                        "resor.csv", _template_csv("2480;sustainable_trips_share;2020;57")
                    ),
                    "city": str(w.draft_action.city_id),
                    "format": "",
                },
            ),
            lambda w, r, u: ImportJob.objects.filter(created_by=u).exists(),
        )
    ],
    # --- The yearly progress report: officers save drafts, administrators publish ---
    "reports:save": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (w.url("reports:save", "umea", 2024), {"note": "Till nämnden"}),
            lambda w, r, u: _saved_by(u, "Till nämnden"),
        )
    ],
    "reports:publish": [
        Write(
            ADMINS,
            _report_case("draft_report", "reports:publish"),
            lambda w, r, u: _report(w, "draft_report").is_published,
        )
    ],
    "reports:unpublish": [
        Write(
            ADMINS,
            _report_case("published_report", "reports:unpublish"),
            lambda w, r, u: not _report(w, "published_report").is_published,
        )
    ],
    "reports:delete": [
        Write(
            CITY_PEOPLE,
            _report_case("draft_report", "reports:delete"),
            lambda w, r, u: _report(w, "draft_report").deleted_at is not None,
        )
    ],
    "uploads:confirm": [
        Write(
            IMPORTERS,
            variant="utkast",
            request=lambda w, c: (reverse("uploads:confirm", args=[w.preview_job.pk]), {}),
            worked=lambda w, r, u: (
                ImportJob.objects.get(pk=w.preview_job.pk).status == ImportJobStatus.QUEUED
            ),
        ),
        # a city's values published at once: only its administrator may choose that
        Write(
            ADMINS,
            variant="publicera",
            request=lambda w, c: (
                reverse("uploads:confirm", args=[w.preview_job.pk]),
                {"publish": "1"},
            ),
            worked=lambda w, r, u: ImportJob.objects.filter(
                pk=w.preview_job.pk, status=ImportJobStatus.QUEUED, publish=True
            ).exists(),
        ),
    ],
    "uploads:mapping": [
        Write(
            IMPORTERS,
            lambda w, c: (
                reverse("uploads:mapping", args=[w.finished_job.pk]),
                {"municipality": "0", "indicator": "1", "year": "2", "value": "3", "name": "M"},
            ),
            lambda w, r, u: ColumnMapping.objects.filter(name="M").exists(),
        )
    ],
    "uploads:rerun": [
        Write(
            IMPORTERS,
            lambda w, c: (reverse("uploads:rerun", args=[w.finished_job.pk]), {}),
            lambda w, r, u: ImportJob.objects.filter(rerun_of=w.finished_job).exists(),
        )
    ],
    # --- API (issue 7: open data and the write API) ------------------------------------
    # JSON requests; the same roles as the forms. Items are made fresh per actor where the
    # world has none (actions), inside the case's rolled-back transaction.
    "api-observation-list": [
        Write(
            CITY_PEOPLE,
            lambda w, c: ("/api/v1/observations/", {**API_OBS, "year": 2019}),
            lambda w, r, u: Observation.objects.filter(year=2019, deleted_at=None).exists(),
        )
    ],
    "api-observation-detail": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/observations/{w.published_value.pk}/",
                {**_version(w, w.published_value), "value": 61.5},
            ),
            lambda w, r, u: _value(w, w.published_value.pk).value == 61.5,
            variant="patch",
            method="patch",
        ),
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/observations/{w.published_value.pk}/?version="
                f"{_version(w, w.published_value)['version']}",
                {},
            ),
            lambda w, r, u: _gone(Observation, w.published_value.pk),
            variant="delete",
            method="delete",
        ),
    ],
    "api-observation-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/observations/{w.published_value.pk}/publish/",
                _version(w, w.published_value),
            ),
            lambda w, r, u: _published(Observation.objects.get(pk=w.published_value.pk)),
        )
    ],
    "api-goal-list": [
        Write(
            ADMINS,
            lambda w, c: ("/api/v1/goals/", {"city": "2480", "title": "API-mål", "scope": "area"}),
            lambda w, r, u: Goal.objects.filter(title="API-mål").exists(),
        )
    ],
    "api-goal-detail": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/goals/{w.goal.pk}/",
                {**_version(w, w.goal), "title": "Ändrat via API"},
            ),
            lambda w, r, u: (
                drafts.working(Goal.objects.get(pk=w.goal.pk)).title == "Ändrat via API"
            ),
            variant="patch",
            method="patch",
        ),
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/goals/{w.goal.pk}/?version={_version(w, w.goal)['version']}",
                {},
            ),
            lambda w, r, u: _gone(Goal, w.goal.pk),
            variant="delete",
            method="delete",
        ),
    ],
    "api-goal-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/goals/{w.extra['changed_goal'].pk}/publish/",
                _version(w, w.extra["changed_goal"]),
            ),
            lambda w, r, u: _published(Goal.objects.get(pk=w.extra["changed_goal"].pk)),
        )
    ],
    "api-target-list": [
        Write(
            ADMINS,
            lambda w, c: ("/api/v1/targets/", {**API_TARGET, "goal": w.goal.pk}),
            lambda w, r, u: Target.objects.filter(goal=w.goal, target_value=81.0).exists(),
        )
    ],
    "api-target-detail": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/targets/{w.target.pk}/",
                {**_version(w, w.target), "note": "via API"},
            ),
            lambda w, r, u: drafts.working(Target.objects.get(pk=w.target.pk)).note == "via API",
            variant="patch",
            method="patch",
        ),
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/targets/{w.target.pk}/?version={_version(w, w.target)['version']}",
                {},
            ),
            lambda w, r, u: _gone(Target, w.target.pk),
            variant="delete",
            method="delete",
        ),
    ],
    "api-target-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/targets/{w.extra['changed_target'].pk}/publish/",
                _version(w, w.extra["changed_target"]),
            ),
            lambda w, r, u: _published(Target.objects.get(pk=w.extra["changed_target"].pk)),
        )
    ],
    "api-action-list": [
        Write(
            CITY_PEOPLE,
            lambda w, c: ("/api/v1/actions/", {"city": "2480", "title": "Åtgärd via API"}),
            lambda w, r, u: Action.objects.filter(title="Åtgärd via API").exists(),
        )
    ],
    "api-action-detail": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/actions/{_api_action(w).pk}/",
                {**_version(w, w.extra["api_action"]), "title": "Ändrad via API"},
            ),
            lambda w, r, u: (
                drafts.working(Action.objects.get(pk=w.extra["api_action"].pk)).title
                == "Ändrad via API"
            ),
            variant="patch",
            method="patch",
        ),
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/actions/{_api_action(w).pk}/?version={w.extra['api_action'].version}",
                {},
            ),
            lambda w, r, u: _gone(Action, w.extra["api_action"].pk),
            variant="delete",
            method="delete",
        ),
    ],
    "api-action-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/actions/{_api_changed(w).pk}/publish/",
                _version(w, w.extra["api_action"]),
            ),
            lambda w, r, u: _published(Action.objects.get(pk=w.extra["api_action"].pk)),
        )
    ],
    "api-action-follow-up-list": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                "/api/v1/action-follow-ups/",
                {"action": _api_action(w).pk, "text": "Uppföljd via API"},
            ),
            lambda w, r, u: FollowUp.objects.filter(text="Uppföljd via API").exists(),
        )
    ],
    "api-action-follow-up-detail": [
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/action-follow-ups/{_api_follow_up(w).pk}/",
                {**_version(w, w.extra["api_follow_up"]), "text": "Ändrad via API"},
            ),
            lambda w, r, u: (
                drafts.working(FollowUp.objects.get(pk=w.extra["api_follow_up"].pk)).text
                == "Ändrad via API"
            ),
            variant="patch",
            method="patch",
        ),
        Write(
            CITY_PEOPLE,
            lambda w, c: (
                f"/api/v1/action-follow-ups/{_api_follow_up(w).pk}/?version="
                f"{w.extra['api_follow_up'].version}",
                {},
            ),
            lambda w, r, u: _gone(FollowUp, w.extra["api_follow_up"].pk),
            variant="delete",
            method="delete",
        ),
    ],
    "api-action-follow-up-publish": [
        Write(
            ADMINS,
            lambda w, c: (
                f"/api/v1/action-follow-ups/{_api_follow_up(w, changed=True).pk}/publish/",
                _version(w, w.extra["api_follow_up"]),
            ),
            lambda w, r, u: _published(FollowUp.objects.get(pk=w.extra["api_follow_up"].pk)),
        )
    ],
    # Each signed-in person creates and revokes their own API keys.
    "api-token-list": [
        Write(
            SIGNED_IN,
            lambda w, c: ("/api/v1/tokens/", {"name": "Skript"}),
            lambda w, r, u: ApiToken.objects.filter(user=u, name="Skript").exists(),
        )
    ],
    "api-token-detail": [
        Write(
            SIGNED_IN,
            lambda w, c: (f"/api/v1/tokens/{_own_token(w, c).pk}/", {}),
            lambda w, r, u: ApiToken.objects.filter(user=u, revoked_at__isnull=False).exists(),
            method="delete",
        )
    ],
    # --- end of API (issue 7) -------------------------------------------------------------
}

# Routes that never write: URL for the world (GET and POST by every actor are tried).
READS: dict[str, Callable[[World], str]] = {
    # evidence: a download (404 here: the world has no attachment; tests/test_attachments.py)
    "city:attachment": lambda w: w.url("city:attachment", "umea", 999999),
    # the yearly progress report (public for published content) and the staff comparison
    "reports:index": lambda w: w.url("reports:index", "umea"),
    "reports:live": lambda w: w.url("reports:live", "umea", 2024),
    "reports:live-pdf": lambda w: w.url("reports:live-pdf", "umea", 2024),
    "reports:saved": lambda w: w.url("reports:saved", "umea", _published_report(w)),
    "reports:saved-pdf": lambda w: w.url("reports:saved-pdf", "umea", _published_report(w)),
    "reports:saved-pdf-status": lambda w: w.url(
        "reports:saved-pdf-status", "umea", _published_report(w)
    ),
    "compare:page": lambda w: w.url("compare:page"),
    # the public comparison of 2-4 municipalities (published data only)
    "compare-public:page": lambda w: reverse("compare-public:page") + "?kommuner=2480,1280",
    "compare-public:table": lambda w: (
        reverse("compare-public:table", kwargs={"fmt": "csv"}) + "?kommuner=2480,1280"
    ),
    "compare-public:chart-data": lambda w: (
        reverse("compare-public:chart-data", kwargs={"chart": "index-1990", "fmt": "csv"})
        + "?kommuner=2480,1280"
    ),
    "api-emission-revisions": lambda w: reverse("api-emission-revisions") + "?city=2480",
    "compare:table": lambda w: reverse("compare:table", kwargs={"fmt": "csv"}),
    "compare:chart-data": lambda w: reverse(
        "compare:chart-data", kwargs={"chart": "index-1990", "fmt": "csv"}
    ),
    "compare:chart-figure": lambda w: (
        reverse("compare:chart-figure", kwargs={"chart": "sektorer-sedan-2015"}) + "?urval=alla"
    ),
    "city:home": lambda w: reverse("city:home"),
    "city:detail": lambda w: reverse("city:detail", args=["umea"]),
    "api-city-list": lambda w: reverse("api-city-list"),
    "api-city-detail": lambda w: reverse("api-city-detail", args=["2480"]),
    "api-city-emissions": lambda w: reverse("api-city-emissions", args=["2480"]),
    "api-schema": lambda w: reverse("api-schema"),
    "healthz": lambda w: reverse("healthz"),
    "api-docs": lambda w: reverse("api-docs"),
    "password_change_done": lambda w: reverse("password_change_done"),
    "password_reset_done": lambda w: reverse("password_reset_done"),
    "password_reset_complete": lambda w: reverse("password_reset_complete"),
    "workspace:index": lambda w: w.url("workspace:index"),
    "workspace:city": lambda w: w.url("workspace:city", "umea"),
    "workspace:observations": lambda w: w.url("workspace:observations", "umea"),
    "workspace:goals": lambda w: w.url("workspace:goals", "umea"),
    "workspace:indicators": lambda w: w.url("workspace:indicators", "umea"),
    "workspace:drafts": lambda w: w.url("workspace:drafts", "umea"),
    "workspace:item-history": lambda w: w.url(
        "workspace:item-history", "umea", "utfall", w.published_value.pk
    ),
    "workspace:history": lambda w: w.url("workspace:history", "umea"),
    "workspace:trash": lambda w: w.url("workspace:trash", "umea"),
    # the city page's chart downloads and the goals API
    "city:chart-data": lambda w: reverse(
        "city:chart-data", kwargs={"slug": "umea", "chart": "sektorer", "fmt": "csv"}
    ),
    "api-city-goals": lambda w: reverse("api-city-goals", args=["2480"]),
    # Klimatkontrakt: public pages and API, programme staff's pages
    "contracts:list": lambda w: w.url("contracts:list", "umea"),
    "contracts:detail": lambda w: w.url("contracts:detail", "umea", 2024),
    "contracts:compare": lambda w: w.url("contracts:compare", "umea"),
    "contracts:agencies": lambda w: w.url("contracts:agencies"),
    "contracts:agency": lambda w: w.url("contracts:agency", "formas"),
    "contracts:agencies-download": lambda w: w.url("contracts:agencies-download", "csv"),
    "contracts:follow-up-grid": lambda w: w.url("contracts:follow-up-grid"),
    "contracts:follow-up-grid-download": lambda w: w.url(
        "contracts:follow-up-grid-download", "xlsx"
    ),
    "api-city-contracts": lambda w: reverse("api-city-contracts", args=["2480"]),
    # actions: the portfolio, one action, the lessons library, downloads, the API
    "portfolio:index": lambda w: w.url("portfolio:index", "umea"),
    "portfolio:table": lambda w: reverse(
        "portfolio:table", kwargs={"slug": "umea", "table": "status", "fmt": "csv"}
    ),
    "portfolio:action": lambda w: w.url("portfolio:action", "umea", w.published_action.pk),
    "portfolio:lessons": lambda w: w.url("portfolio:lessons"),
    "portfolio:export": lambda w: w.url("portfolio:export", "umea"),
    "api-city-actions": lambda w: reverse("api-city-actions", args=["2480"]),
    "partners:index": lambda w: w.url("partners:index", "umea"),
    "reporting:index": lambda w: w.url("reporting:index", "umea"),
    "capability:city": lambda w: w.url("capability:city", "umea"),
    "capability:chart-data": lambda w: w.url("capability:chart-data", "umea", "csv"),
    "capability:staff": lambda w: w.url("capability:staff"),
    "reporting:download": lambda w: w.url("reporting:download", "umea", "cdp.csv"),
    "api-city-partners": lambda w: reverse("api-city-partners", args=["2480"]),
    "api-city-cdp": lambda w: reverse("api-city-cdp", args=["2480"]),
    # data imports: a job's pages and downloads, the history, the templates
    "uploads:history": lambda w: reverse("uploads:history"),
    "uploads:template": lambda w: reverse("uploads:template", args=["csv"]),
    "uploads:job": lambda w: reverse("uploads:job", args=[w.preview_job.pk]),
    "uploads:status": lambda w: reverse("uploads:status", args=[w.preview_job.pk]),
    "uploads:original": lambda w: reverse("uploads:original", args=[w.preview_job.pk]),
    "uploads:error_report": lambda w: reverse("uploads:error_report", args=[w.finished_job.pk]),
    # --- API (issue 7): read-only collections and items --------------------------------
    "api-emission-list": lambda w: "/api/v1/emissions/?city=2480",
    "api-emission-total-list": lambda w: "/api/v1/emissions/totals/?city=2480",
    "api-release-list": lambda w: "/api/v1/releases/",
    "api-release-detail": lambda w: f"/api/v1/releases/{w.published_value.release_id}/",
    "api-indicator-list": lambda w: "/api/v1/indicators/?city=2480",
    "api-indicator-detail": lambda w: f"/api/v1/indicators/{w.trips.pk}/",
    "api-contract-list": lambda w: "/api/v1/contracts/",
    "api-contract-detail": lambda w: "/api/v1/contracts/1/",
    "api-commitment-list": lambda w: "/api/v1/commitments/",
    "api-commitment-detail": lambda w: "/api/v1/commitments/1/",
    "api-not-found": lambda w: "/api/v1/finns-inte/",
    # --- end of API (issue 7) -------------------------------------------------------------
}

# Pages not everyone may read: who may (the rest: 403, or the login page when anonymous).
READ_ACCESS: dict[str, frozenset[str]] = {
    "workspace:city": CITY_PEOPLE | {STAFF},
    "workspace:observations": CITY_PEOPLE | {STAFF},
    "workspace:goals": CITY_PEOPLE | {STAFF},
    "workspace:indicators": CITY_PEOPLE | {STAFF},
    "workspace:drafts": CITY_PEOPLE | {STAFF},
    "workspace:item-history": CITY_PEOPLE | {STAFF},
    "workspace:history": CITY_PEOPLE | {STAFF},
    "workspace:trash": CITY_PEOPLE | {STAFF},
    "contracts:agencies": STAFF_ONLY,
    "compare:page": STAFF_ONLY,
    "capability:staff": STAFF_ONLY,
    "compare:table": STAFF_ONLY,
    "compare:chart-data": STAFF_ONLY,
    "compare:chart-figure": STAFF_ONLY,
    "contracts:agency": STAFF_ONLY,
    "contracts:agencies-download": STAFF_ONLY,
    "contracts:follow-up-grid": STAFF_ONLY,
    "contracts:follow-up-grid-download": STAFF_ONLY,
    "uploads:job": IMPORTERS,
    "uploads:status": IMPORTERS,
    "uploads:original": IMPORTERS,
    "uploads:error_report": IMPORTERS,
}


def _complete_world(w: World) -> None:
    """Items some cases need that the fixture leaves out to stay small."""
    _reports(w)
    from cities.services import goal_update
    from indicators.services.indicators import indicator_update
    from indicators.services.targets import target_update

    changed_goal = Goal.objects.get(order=2)
    goal_update(
        goal=changed_goal, by=w.users[ADMIN], expected_version=changed_goal.version, title="x"
    )
    w.extra["changed_goal"] = Goal.objects.get(pk=changed_goal.pk)
    changed_target = Target.objects.filter(goal__order=3).first()
    target_update(
        target=changed_target,
        by=w.users[ADMIN],
        expected_version=changed_target.version,
        note="ändrad",
    )
    w.extra["changed_target"] = Target.objects.get(pk=changed_target.pk)
    indicator_update(
        indicator=w.own_indicator, by=w.users[ADMIN], expected_version=1, name="Laddstolpar"
    )
    w.extra["renamed_indicator"] = Indicator.objects.get(pk=w.own_indicator.pk)
    # A published action with a change waiting, and a deleted draft action.
    changed = Action.objects.get(pk=w.published_action.pk)
    action_update(
        action=changed,
        by=w.users[OFFICER],
        expected_version=changed.version,
        values={"title": "Elbussar"},
    )
    w.extra["changed_action"] = Action.objects.get(pk=changed.pk)
    gone = action_create(city=changed.city, by=w.users[OFFICER], values={"title": "Gammal idé"})
    action_delete(action=gone, by=w.users[OFFICER], expected_version=gone.version)
    w.extra["deleted_action"] = Action.objects.get(pk=gone.pk)


def _published_report(w: World) -> int:
    if "published_report" not in w.extra:
        _reports(w)
    return w.extra["published_report"].pk


def _saved_by(user: Any, note: str) -> bool:
    from dashboards.report.models import ProgressReport

    return ProgressReport._default_manager.filter(created_by=user, note=note).exists()


# --- The tests ----------------------------------------------------------------------------


def _routes() -> list[str]:
    def walk(resolver: URLResolver, namespace: str = ""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                yield from walk(pattern, inner)
            else:
                yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)

    return sorted(set(walk(get_resolver())))


def test_every_route_is_in_the_table():
    routes = [r for r in _routes() if not any(r.startswith(p) for p in EXEMPT)]
    missing = [r for r in routes if r not in WRITES and r not in READS]
    assert not missing, (
        f"Routes missing from the permission table in {__file__}: {missing}. "
        "Add each to WRITES (who may change what) or READS (never writes)."
    )
    stale = [r for r in [*WRITES, *READS] if r not in routes]
    assert not stale, f"Entries for routes that no longer exist: {stale}"
    assert not set(WRITES) & set(READS)


WRITE_CASES = [
    pytest.param(name, index, id=f"{name}[{case.variant}]" if case.variant else name)
    for name, cases in WRITES.items()
    for index, case in enumerate(cases)
]


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.I)
        and "django_session" not in q["sql"]
        # a stored page is a rendering of published data (core.stored_pages), built by
        # the first visitor or rebuilt when stale: no data of anyone's changes
        and "core_storedpage" not in q["sql"]
    ]


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "index"), WRITE_CASES)
def test_write_route_allows_exactly_the_expected_actors(world, name, index):
    _complete_world(world)
    case = WRITES[name][index]
    problems = []
    for actor in ACTORS:
        user = world.users[actor]
        client = _client(user)
        cache.clear()
        mail.outbox = []
        with transaction.atomic():
            url, data = case.request(world, client)
            with CaptureQueriesContext(connection) as queries:
                response = _send(client, case, url, data)
            if actor in case.allowed:
                if response.status_code not in (200, 201, 202, 204, 302) or not case.worked(
                    world, response, user
                ):
                    problems.append(f"{actor}: expected success, got {response.status_code}")
            else:
                refused = response.status_code == 403 or (
                    actor == ANON
                    and response.status_code == 302
                    and response["Location"].startswith("/accounts/login/")
                )
                if not refused:
                    problems.append(f"{actor}: expected 403/login, got {response.status_code}")
                if _writes(queries):
                    problems.append(f"{actor}: refused but wrote {_writes(queries)[:2]}")
            transaction.set_rollback(True)
    assert not problems, f"{name}[{case.variant}]: " + "; ".join(problems)


@pytest.mark.parametrize("name", sorted(READS))
def test_read_route_writes_nothing_for_anyone(world, name):
    problems = []
    for actor in ACTORS:
        client = _client(world.users[actor])
        url = READS[name](world)
        for method in ("get", "post"):
            with CaptureQueriesContext(connection) as queries:
                getattr(client, method)(url)
            if _writes(queries):
                problems.append(f"{actor} {method.upper()} wrote {_writes(queries)[:2]}")
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("name", sorted(READ_ACCESS))
def test_restricted_pages_are_read_only_by_those_allowed(world, name):
    problems = []
    for actor in ACTORS:
        response = _client(world.users[actor]).get(READS[name](world))
        expected = 200 if actor in READ_ACCESS[name] else 302 if actor == ANON else 403
        if response.status_code != expected:
            problems.append(f"{actor}: expected {expected}, got {response.status_code}")
    assert not problems, f"{name}: " + "; ".join(problems)
