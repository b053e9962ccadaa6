"""factory_boy factories of the domain objects, for setting up data around the behaviour
a test is about.

Each factory makes one row straight in the database with plain defaults that are plainly
test data ("Testkommun 3" in "Testlän", "Teståtgärd 7", release "Syntetiska testdata"),
never numbers or names that pretend to be real; a test names what matters to it
(``GoalFactory(city=umea, title=...)``). They are registered as fixtures (``city_factory``,
``goal_factory`` …) in ``tests/conftest.py``.

A factory writes no history and keeps no draft: where a test is about the services that
record history and drafts (``goal_create``, ``action_update``, ``content_publish`` …), the
test calls them itself. Every factory bumps the cache generation after it writes, as the
services do, so a page already cached never hides the new row.
"""

from __future__ import annotations

import calendar
import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from actions.models import Action, ActionCost, FollowUp
from cities.models import City, County, Goal, Membership
from contracts.models import (
    Commitment,
    CommitmentFollowUp,
    Contract,
    ContractSection,
    FollowUpText,
    StaffNote,
)
from core.cache import bump_generation
from dashboards.report.models import ProgressReport
from indicators.models import (
    EmissionRow,
    EmissionTotal,
    Indicator,
    Observation,
    SourceRelease,
    Target,
)

#: The password of every user a factory makes (tests log in with it).
PASSWORD = "ett-långt-testlösenord-2030"

#: The publisher of every release a factory makes: says the values are made up.
SYNTHETIC_PUBLISHER = "Syntetiska testdata (inga verkliga värden)"


class Factory(DjangoModelFactory):
    """Base of the factories: a write bumps the cache generation, as a service's does."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            bump_generation()


def published_trait() -> factory.Trait:
    """``published=True``: content the public sees (``Editable.is_published``)."""
    return factory.Trait(is_published=True, published_at=factory.LazyFunction(timezone.now))


# --- cities: counties, municipalities, people and their roles, goals ----------------------


class CountyFactory(Factory):
    """A county that is plainly not one of Sweden's 21 (code 99)."""

    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = "99"
    name = "Testlän"


class CityFactory(Factory):
    """A municipality of the test county: code 99nn, "Testkommun n"."""

    class Meta:
        model = City
        django_get_or_create = ("code",)

    county = factory.SubFactory(CountyFactory)
    # The code starts with the county's (a database constraint).
    code = factory.LazyAttributeSequence(lambda city, n: f"{city.county.code}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.LazyAttribute(lambda city: slugify(city.name))
    is_contract_city = False


class UserFactory(Factory):
    """A person with an account (no role in any city until a Membership gives one)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.se")
    password = PASSWORD
    is_staff = False

    class Params:
        #: Viable Cities programme staff: reads every city, drafts included.
        staff = factory.Trait(is_staff=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the manager, as sign-up and the admin do: the password is hashed.
        manager = cls._get_manager(model_class)
        if kwargs.pop("is_superuser", False):
            kwargs.pop("is_staff")  # a superuser is staff
            return manager.create_superuser(*args, **kwargs)
        return manager.create_user(*args, **kwargs)


class MembershipFactory(Factory):
    """A person's role in a city: officer unless ``role="admin"``."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    role = "officer"


def person_with_role(city: City, role: str, **user_fields):
    """A new user holding ``role`` ("officer" or "admin") in ``city``."""
    return MembershipFactory(city=city, role=role, user=UserFactory(**user_fields)).user


class GoalFactory(Factory):
    """A climate goal of a city; a draft unless ``published=True``."""

    class Meta:
        model = Goal

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Testmål {n}")
    scope = "area"
    order = factory.Sequence(lambda n: n + 1)

    class Params:
        published = published_trait()


# --- indicators: releases, indicators, values, emissions, targets ------------------------


class SourceReleaseFactory(Factory):
    """A release whose name and publisher say its values are made up."""

    class Meta:
        model = SourceRelease
        django_get_or_create = ("source", "name", "substance")

    source = "test"
    name = factory.Sequence(lambda n: f"Syntetiska testdata {n}")
    publisher = SYNTHETIC_PUBLISHER
    substance = ""


class IndicatorFactory(Factory):
    """A shared indicator with values of its own (no emission inventory behind it)."""

    class Meta:
        model = Indicator
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"testindikator_{n}")
    name = factory.Sequence(lambda n: f"Testindikator {n}")
    unit = "st"
    direction = "lower"
    scope = "area"


class ObservationFactory(Factory):
    """A value of an indicator for a city and year; a draft unless ``published=True``."""

    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    city = factory.SubFactory(CityFactory)
    year = 2020
    value = 1.0
    status = "final"
    release = factory.SubFactory(SourceReleaseFactory)

    class Params:
        published = published_trait()


class EmissionRowFactory(Factory):
    """One cell of an emission inventory: a city's total of greenhouse gases in a year."""

    class Meta:
        model = EmissionRow

    city = factory.SubFactory(CityFactory)
    year = 2020
    substance = "GGT"
    sector = EmissionRow.TOTAL
    subsector = EmissionRow.TOTAL
    tonnes = 1000.0
    release = factory.SubFactory(SourceReleaseFactory, substance="GGT")


class EmissionTotalFactory(Factory):
    """A city's stored total of one release and year."""

    class Meta:
        model = EmissionTotal

    release = factory.SubFactory(SourceReleaseFactory, substance="GGT")
    city = factory.SubFactory(CityFactory)
    year = 2020
    tonnes = 1000.0
    stated = True


class TargetFactory(Factory):
    """A level to reach on an indicator by 2030; a draft unless ``published=True``."""

    class Meta:
        model = Target

    goal = factory.SubFactory(GoalFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    kind = "absolute"
    target_year = 2030
    target_value = 0.0

    class Params:
        published = published_trait()


# --- actions: the portfolio, its costs and follow-ups -------------------------------------


class ActionFactory(Factory):
    """An action of a city; a draft unless ``published=True``. ``goals=[...]`` and
    ``indicators=[...]`` link it, ``costs=[{...}, …]`` gives it cost lines."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Teståtgärd {n}")

    class Params:
        published = published_trait()

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if create and extracted:
            self.indicators.set(extracted)

    @factory.post_generation
    def costs(self, create, extracted, **kwargs):
        """``costs=[{"year": 2030, "investment_sek": 10_000_000}, …]``: its cost lines."""
        if create and extracted:
            for line in extracted:
                ActionCostFactory(action=self, **line)


class ActionCostFactory(Factory):
    """One year's money of an action (a line of the investment plan), empty until a test
    gives amounts, as ``CostValues`` is."""

    class Meta:
        model = ActionCost

    action = factory.SubFactory(ActionFactory)
    year = 2025
    investment_sek = None
    operating_sek = None
    funding_source = ""
    funding_status = ""


def period_end(year: int, number: int, per_year: int) -> dt.date:
    """The last day of period ``number`` of ``year`` in a cycle of ``per_year`` periods."""
    last_month = number * (12 // per_year)
    return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


class FollowUpFactory(Factory):
    """A follow-up of an action for a period of its city's cycle (the first of 2025 unless
    told); a draft unless ``published=True``."""

    class Meta:
        model = FollowUp

    action = factory.SubFactory(ActionFactory)
    period_year = 2025
    period_number = 1
    periods_per_year = factory.LazyAttribute(lambda f: f.action.city.follow_ups_per_year)
    period_end = factory.LazyAttribute(
        lambda f: period_end(f.period_year, f.period_number, f.periods_per_year)
    )
    status = "on_track"

    class Params:
        published = published_trait()


# --- contracts: versions, sections, commitments and their follow-up -----------------------


class ContractFactory(Factory):
    """A contract version of a city (2024 unless told); a draft unless ``published=True``."""

    class Meta:
        model = Contract

    city = factory.SubFactory(CityFactory)
    year = 2024

    class Params:
        published = published_trait()


class ContractSectionFactory(Factory):
    """A numbered section of a contract version holding one party's commitments."""

    class Meta:
        model = ContractSection

    contract = factory.SubFactory(ContractFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Testavsnitt {n}")
    party = "city"
    order = factory.Sequence(lambda n: n)


class CommitmentFactory(Factory):
    """A commitment of the section's party (the city's when the section names none)."""

    class Meta:
        model = Commitment

    section = factory.SubFactory(ContractSectionFactory)
    party = factory.LazyAttribute(lambda c: c.section.party or "city")
    number = factory.Sequence(lambda n: f"9.{n + 1}")
    title = ""
    text = factory.Sequence(lambda n: f"Teståtagande {n}.")
    order = factory.Sequence(lambda n: n)


def contract_version(city: City, year: int, sections: list[tuple], *, published: bool = True):
    """A contract version of ``city`` with its sections and commitments, in order.

    ``sections``: (number, title, party, [(number, title, text), …]).
    """
    contract = ContractFactory(city=city, year=year, published=published)
    for number, title, party, items in sections:
        section = ContractSectionFactory(contract=contract, number=number, title=title, party=party)
        for item_number, item_title, text in items:
            CommitmentFactory(section=section, number=item_number, title=item_title, text=text)
    return contract


class CommitmentFollowUpFactory(Factory):
    """A commitment's status in a year; a draft unless ``published=True``."""

    class Meta:
        model = CommitmentFollowUp

    commitment = factory.SubFactory(CommitmentFactory)
    year = 2024
    status = "ongoing"

    class Params:
        published = published_trait()


class FollowUpTextFactory(Factory):
    """A party's text in the yearly joint follow-up; a draft unless ``published=True``."""

    class Meta:
        model = FollowUpText

    contract = factory.SubFactory(ContractFactory)
    party = "city"
    kind = "updates"
    title = "Viktigaste uppdateringar"
    text = factory.Sequence(lambda n: f"Testtext {n}.")

    class Params:
        published = published_trait()


class StaffNoteFactory(Factory):
    """A note by programme staff about a city."""

    class Meta:
        model = StaffNote

    city = factory.SubFactory(CityFactory)
    text = factory.Sequence(lambda n: f"Testanteckning {n}.")
    created_by = factory.SubFactory(UserFactory, staff=True)


# --- the progress report -----------------------------------------------------------------


class ProgressReportFactory(Factory):
    """A saved progress report's row (without its frozen content); a draft unless
    ``published=True``."""

    class Meta:
        model = ProgressReport

    city = factory.SubFactory(CityFactory)
    year = 2024
    title = factory.LazyAttribute(lambda r: f"Lägesrapport {r.year} – {r.city.name}")
    data_read_at = factory.LazyFunction(timezone.now)
    pdf_sha256 = "0" * 64

    class Params:
        published = published_trait()


# --- climate partnerships (issue 16) ---------------------------------------------------


class PartnershipFactory(Factory):
    """A city's climate partnership; a draft unless ``published=True``."""

    class Meta:
        model = "partners.Partnership"

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Testpartnerskap {n}")

    class Params:
        published = published_trait()


class MemberFactory(Factory):
    """A member organisation of a partnership ("Testorganisation n", a company)."""

    class Meta:
        model = "partners.Member"

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Testorganisation {n}")
    kind = "company"

    class Params:
        published = published_trait()


class MemberCommitmentFactory(Factory):
    class Meta:
        model = "partners.MemberCommitment"

    member = factory.SubFactory(MemberFactory)
    text = factory.Sequence(lambda n: f"Teståtagande {n}")

    class Params:
        published = published_trait()


class MemberFollowUpFactory(Factory):
    class Meta:
        model = "partners.MemberFollowUp"

    commitment = factory.SubFactory(MemberCommitmentFactory)
    year = 2024
    status = "on_track"

    class Params:
        published = published_trait()
