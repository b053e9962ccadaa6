"""Umeå's initiatives from its contract (sections 3.4–3.9 and 7) as actions: the owners,
partners, dates and stages the contract states, and no invented effect or cost."""

from __future__ import annotations

from datetime import date

from actions.demo import umea_actions_load
from actions.models import Action, ActionCost


def test_umeas_initiatives_are_loaded_as_the_contract_states_them(umea_goals):
    actions = {a.title: a for a in umea_actions_load()}
    assert len(actions) == 14
    for title in (
        "Umeå klimatfärdplan",
        "ABC – återbruksmarknad för byggmaterial",
        "Miljöskjutsar",
        "Föreningssamverkan för klimatneutralitet",
        "Fossilfritt flyg i norra Sverige (FFFLY)",
        "Umeå together",
        "Northern Access",
        "Umeå Eco-Industrial Park",
        "Resvaneundersökning i TravelVu",
    ):
        assert title in actions
    roadmap = actions["Umeå klimatfärdplan"]
    assert (roadmap.start_date, roadmap.start_precision) == (date(2022, 12, 1), "month")
    assert roadmap.share_with_other_cities and "leadgrupper" in roadmap.lessons_learned
    assert roadmap.goals.get().title.startswith("Umeå ska vara klimatneutralt 2040")
    abc = actions["ABC – återbruksmarknad för byggmaterial"]
    assert (abc.status, abc.start_date, abc.start_precision) == (
        "planned",
        date(2024, 1, 1),
        "year",
    )
    formas = actions["Föreningssamverkan för klimatneutralitet"]
    assert (formas.funding_source, formas.funding_status) == ("Formas", "granted")
    fffly = actions["Fossilfritt flyg i norra Sverige (FFFLY)"]
    assert fffly.partners == "Swedavia, RISE och Biofuel Region"
    assert fffly.sector == "Transporter"
    access = actions["Northern Access"]
    assert access.responsible_body == "INAB, Umeå kommuns infrastrukturbolag"
    assert "Kvarken Ports, Region Västerbotten och Wasaline" in access.partners
    assert actions["Umeå together"].stage == "pilot"
    travel = actions["Resvaneundersökning i TravelVu"]
    assert (travel.status, travel.end_date) == ("completed", date(2023, 12, 31))
    assert travel.source_reference == "Klimatkontrakt 2030 Umeå (version 2024), avsnitt 3.9"


def test_no_effect_or_cost_is_invented(umea_goals):
    umea_actions_load()
    assert not Action.objects.filter(expected_reduction__isnull=False).exists()
    assert not ActionCost.objects.exists()
    assert all(a.is_published for a in Action.objects.all())


def test_it_is_idempotent_and_no_other_city_gets_actions(umea_goals):
    umea_actions_load()
    umea_actions_load()
    assert Action.objects.count() == 14
    assert set(Action.objects.values_list("city__code", flat=True)) == {"2480"}
