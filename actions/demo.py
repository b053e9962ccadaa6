"""Demo content: Umeå's initiatives as its Klimatkontrakt 2030 (version 2024) names them,
sections 3.4–3.9 and 7, as actions in Umeå's portfolio.

Only what the contract states is filled in: the owner and partners it names, the dates
it gives (as a year or a month when that is all it says), the stage where it says one
("testa och utveckla": a pilot), the status its tense states, funding it names
("Formasfinansierade"). The contract gives no expected effect and no cost for any of
them, so those fields stay empty and the portfolio page says the effect is missing. The
sector is the emission database's main sector the initiative works on ("other" when it
works across sectors or on consumption-based emissions). Initiatives the contract lists
under 7.2, "Mest angelägna erfarenheter att dela", are shared with other cities, with
the contract's own words as their lessons. No other city gets actions.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from actions.models import OTHER_SECTOR, Action, ActionStage, ActionStatus, FundingStatus, Lever
from actions.services import action_create
from cities.models import City, Goal
from indicators.models import Indicator

SOURCE = "Klimatkontrakt 2030 Umeå (version 2024), avsnitt {sections}"
TRANSPORT = "Transporter"
INDUSTRY = "Industri (energi + processer)"

UMEA_ACTIONS: list[dict] = [
    {
        "title": "Umeå klimatfärdplan",
        "description": "En gemensam kraftsamling och strategiskt partnerskap för Umeås "
        "klimatomställning, som möjliggör gemensamma prioriteringar och nya samarbeten för "
        "att minska klimatutsläppen och ta ansvar för Umeås del av genomförande av "
        "Parisavtalet. I december 2022 anslöt 37 aktörer från näringsliv, offentlig sektor, "
        "civilsamhälle och akademi; nu arbetar 53 engagerade företag, akademi och offentliga "
        "verksamheter gemensamt för Umeås klimatomställning.",
        "responsible_body": "Umeå kommun",
        "partners": "53 anslutna företag, akademi och offentliga verksamheter",
        "sector": OTHER_SECTOR,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "start": (date(2022, 12, 1), "month"),
        "lessons_learned": "Det första året med Umeå klimatfärdplan har omfattat många "
        "viktiga aktiviteter, möten och utveckling av arbetssätt och organisation. Särskilt "
        "intressant har varit arbetssättet med leadgrupper där ett antal anslutna "
        "organisationer har tagit ett extra ”lead”-ansvar för färdplanens fokusområden och "
        "åtaganden. Det har resulterat i unikt välförankrad utveckling av uppföljning, "
        "årshjul, aktiviteter, kommunikationsinsatser etc.",
        "share_with_other_cities": True,
        "sections": "3.4, 7.1 och 7.2",
        "goal": "klimatneutralt 2040",
    },
    {
        "title": "UMECOM – Umeås medborgarverkstad",
        "description": "Ett community där aktörer i staden samlas för att tillsammans vara "
        "del i att lösa samhällsutmaningar, och där fler kan göra verklighet av sina idéer "
        "och involvera sig i Umeås hållbarhetsresa och klimatomställning.",
        "responsible_body": "Umeå kommun",
        "sector": OTHER_SECTOR,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "lessons_learned": "UMECOM är en modell för medborgar- och civilsamhällesengagemang.",
        "share_with_other_cities": True,
        "sections": "3.4, 7.1 och 7.2",
    },
    {
        "title": "Umeå together",
        "description": "En metod att samordna, genomföra och finansiera små, lokala "
        "initiativ genom community funding på plattformen Open Collective Europe. En "
        "tydlig satsning under 2023 har varit att testa och utveckla metoden inom UMECOM.",
        "responsible_body": "Umeå kommun (UMECOM)",
        "sector": OTHER_SECTOR,
        "lever": Lever.FINANCING,
        "status": ActionStatus.ONGOING,
        "stage": ActionStage.PILOT,
        "start": (date(2023, 1, 1), "year"),
        "lessons_learned": "En metod att samordna, genomföra och finansiera små, lokala "
        "initiativ genom community funding på plattformen Open Collective; den testades "
        "och utvecklades under 2023.",
        "share_with_other_cities": True,
        "sections": "3.4, 7.1 och 7.2",
    },
    {
        "title": "Miljöskjutsar",
        "description": "Föreningar kan ansöka om medel för att genomföra aktiviteter som "
        "främjar klimatneutralitet och Agenda 2030. Umeå kommun har arbetat med konceptet "
        "under flera år.",
        "responsible_body": "Umeå kommun",
        "partners": "Föreningar i Umeå",
        "sector": OTHER_SECTOR,
        "lever": Lever.FINANCING,
        "status": ActionStatus.ONGOING,
        "sections": "3.4",
    },
    {
        "title": "Föreningssamverkan för klimatneutralitet",
        "description": "Ett Formasfinansierat projekt, startat under 2023, med syftet att "
        "tillsammans med engagerade föreningar utveckla kommunens samverkans- och "
        "omställningsförmåga.",
        "responsible_body": "Umeå kommun",
        "partners": "Engagerade föreningar",
        "sector": OTHER_SECTOR,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "start": (date(2023, 1, 1), "year"),
        "funding_source": "Formas",
        "funding_status": FundingStatus.GRANTED,
        "sections": "3.4",
    },
    {
        "title": "RE:Start – cirkulära handelsplatser",
        "description": "Flera aktörer samarbetar för att främja cirkulära handelsplatser; "
        "ett exempel på kommunkoncernens breda samverkan med näringslivet, universitetet och "
        "civilsamhället för cirkulära lösningar.",
        "responsible_body": "Umeå kommunkoncern",
        "partners": "Flera aktörer",
        "sector": OTHER_SECTOR,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "sections": "3.4",
    },
    {
        "title": "ABC – återbruksmarknad för byggmaterial",
        "description": "Beslut om att under 2024 etablera ABC, en återbruksmarknad för "
        "byggmaterial, som del av samverkansprocessen för att förenkla cirkulärt byggande.",
        "responsible_body": "Umeå kommunkoncern",
        "sector": OTHER_SECTOR,
        "lever": Lever.INVESTMENT,
        "status": ActionStatus.PLANNED,
        "start": (date(2024, 1, 1), "year"),
        "sections": "3.4",
    },
    {
        "title": "Northern Access",
        "description": "Ett logistiskt nav där nord och syd möter öst och väst, med Umeå "
        "som knutpunkt. Northern Access ska möjliggöra effektiva intermodala transporter "
        "till och från regionen liksom sömlösa logistiktjänster, miljövänliga transporter "
        "och hållbara etableringsmöjligheter.",
        "responsible_body": "INAB, Umeå kommuns infrastrukturbolag",
        "partners": "Bland andra Kvarken Ports, Region Västerbotten och Wasaline",
        "sector": TRANSPORT,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "lessons_learned": "Arbetet med att stärka Umeå som logistiknav i Arktis med bas i "
        "initiativet Northern Access har varit viktigt under 2023.",
        "share_with_other_cities": True,
        "sections": "3.4, 3.9, 7.1 och 7.2",
    },
    {
        "title": "Umeå Eco-Industrial Park",
        "description": "Umeå kommunkoncern samverkar med den etablerade industrin om Umeå "
        "Eco-Industrial Park för att skapa ett världsledande centrum för grön innovation "
        "inom miljöteknik, återvinning och energi.",
        "responsible_body": "Umeå kommunkoncern",
        "partners": "Den etablerade industrin i Umeåregionen",
        "sector": INDUSTRY,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "lessons_learned": "Utvecklingen av Umeå Eco-Industrial Park – ett världsledande "
        "centrum för grön innovation inom miljöteknik, återvinning och energi – lyfts som "
        "en av de mest angelägna erfarenheterna att dela.",
        "share_with_other_cities": True,
        "sections": "3.4, 7.1 och 7.2",
    },
    {
        "title": "Nettokostnadsanalyser av investeringar för hållbar tillväxt och välfärd",
        "description": "Samhällsekonomiska nettokostnadsanalyser av investeringar i "
        "omställning, med scenarier över vilka och hur stora omställningar som krävs, vilka "
        "nyttor och utsläppsminskningar de kan ge och vad de kostar. Basen för det "
        "scenariobaserade arbetssätt som kommunkoncernen och lokala aktörer fortsätter "
        "utveckla under 2024.",
        "responsible_body": "Umeå kommunkoncern",
        "partners": "Material Economics / McKinsey",
        "sector": OTHER_SECTOR,
        "lever": Lever.KNOWLEDGE,
        "status": ActionStatus.ONGOING,
        "start": (date(2023, 1, 1), "year"),
        "lessons_learned": "Arbetet tillsammans med Material Economics / McKinsey är ett "
        "viktigt, stort steg framåt i Umeås omställningsresa och basen för det fortsatta "
        "scenariobaserade arbetssättet.",
        "share_with_other_cities": True,
        "sections": "3.5, 7.1 och 7.2",
    },
    {
        "title": "Pilot City Project North Star",
        "description": "Inom EU-missionen 100 klimatneutrala och smarta städer 2030 "
        "beviljades Umeå under 2023 medel för ett Pilot City Project. Projektet ska höja "
        "omställningsförmågan på systemnivå genom lärande inom innovation och "
        "transformation, överkomma omställningshinder som suboptimering och utveckla "
        "metoder och omställningsprototyper inom tre fokusområden.",
        "responsible_body": "Umeå kommun",
        "partners": "RISE, Umeå kommunföretag och organisationer inom Umeå klimatfärdplan; "
        "Luleå (twinning city)",
        "sector": OTHER_SECTOR,
        "lever": Lever.INNOVATION,
        "status": ActionStatus.ONGOING,
        "stage": ActionStage.PILOT,
        "funding_source": "EU-missionen klimatneutrala och smarta städer (Pilot Cities)",
        "funding_status": FundingStatus.GRANTED,
        "sections": "3.7 och 7.1",
    },
    {
        "title": "Resvaneundersökning i TravelVu",
        "description": "2022 års stora resvaneundersökning i TravelVu, sammanställd under "
        "2023, gav förnyade insikter i Umeåbornas resvanor och förändringar från tidigare "
        "undersökningar, och beslutsunderlag för utformning och prioritering av insatser "
        "för ett mer hållbart resande.",
        "responsible_body": "Umeå kommun",
        "sector": TRANSPORT,
        "lever": Lever.KNOWLEDGE,
        "status": ActionStatus.COMPLETED,
        "start": (date(2022, 1, 1), "year"),
        "end": (date(2023, 12, 31), "year"),
        "lessons_learned": "Resultaten visar bland annat att korta bilresor som har stor "
        "potential att ersättas med hållbara transportmedel till stor del görs av män och "
        "personer boende i tätort.",
        "sections": "3.9",
        "indicator": "sustainable_trips_share",
    },
    {
        "title": "Innanför ringleden",
        "description": "Tidigare motortrafikleder genom centrala Umeå omvandlas till "
        "stadsgator, i en stadsplanering där de hållbara färdsätten buss, cykel och gång "
        "prioriteras.",
        "responsible_body": "Umeå kommun",
        "sector": TRANSPORT,
        "lever": Lever.PLANNING,
        "status": ActionStatus.ONGOING,
        "sections": "3.9",
    },
    {
        "title": "Fossilfritt flyg i norra Sverige (FFFLY)",
        "description": "Umeå kommun arbetar med hur norra Sverige kan bidra till flygets "
        "omställning. Insikterna omsätts bland annat i aktiviteter inom Umeå klimatfärdplan "
        "liksom en förnyad ansökan om fortsatt arbete om flygets omställning (om beviljat, "
        "start 2024).",
        "responsible_body": "Umeå kommun",
        "partners": "Swedavia, RISE och Biofuel Region",
        "sector": TRANSPORT,
        "lever": Lever.PARTNERSHIP,
        "status": ActionStatus.ONGOING,
        "sections": "3.9",
    },
]


@transaction.atomic
def umea_actions_load() -> list[Action]:
    """Umeå's initiatives from its contract, published. Idempotent: does nothing when
    Umeå already has actions."""
    umea = City.objects.get(code="2480")
    if umea.actions.exists():
        return list(umea.actions.all())
    goals = {g.title: g for g in Goal.objects.filter(city=umea)}
    indicators = {i.key: i for i in Indicator.objects.all()}
    created = []
    for spec in UMEA_ACTIONS:
        spec = dict(spec)
        sections = spec.pop("sections")
        goal_words = spec.pop("goal", None)
        indicator_key = spec.pop("indicator", None)
        values = {key: value for key, value in spec.items() if key not in ("start", "end")}
        if "start" in spec:
            values["start_date"], values["start_precision"] = spec["start"]
        if "end" in spec:
            values["end_date"], values["end_precision"] = spec["end"]
        values["source_reference"] = SOURCE.format(sections=sections)
        linked_goals = [g for title, g in goals.items() if goal_words and goal_words in title]
        linked_indicators = [indicators[indicator_key]] if indicator_key in indicators else []
        created.append(
            action_create(
                city=umea,
                by=None,
                values=values,
                goals=linked_goals,
                indicators=linked_indicators,
                publish=True,
            )
        )
    return created
