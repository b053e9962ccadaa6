"""Actions as an Excel workbook: the export is the import template and round-trips; bad
rows are named by sheet, row and column and nothing is half-written."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from actions.models import Action, ActionCost
from actions.xlsx import export_workbook, import_upload
from cities.models import ChangeRecord
from tests.actions.conftest import words

IMPORT = "/kommuner/umea/atgarder/import/"


def workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name="atgarder.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


@pytest.fixture
def portfolio(umea, action_factory, umea_goals):
    neutral = next(g for g in umea_goals if "klimatneutralt 2040" in g.title)
    first = action_factory(
        city=umea,
        title="Biogasbussar",
        published=True,
        description="Rad ett.\nRad två.",
        sector="Transporter",
        lever="investment",
        status="ongoing",
        stage="scaling",
        start_date=date(2024, 3, 1),
        start_precision="month",
        end_date=date(2026, 12, 31),
        end_precision="year",
        expected_reduction=1200.5,
        expected_reduction_low=900,
        expected_reduction_high=1500,
        effect_from_year=2026,
        funding_source="Klimatklivet",
        funding_status="granted",
        co_benefits=["health", "air_quality"],
        lessons_learned="=Börja tidigt",
        share_with_other_cities=True,
        goals=[neutral],
        costs=[
            {"year": 2025, "investment_sek": 4_000_000},
            {
                "year": 2026,
                "operating_sek": 250_000,
                "funding_source": "Egen budget",
                "funding_status": "own_budget",
            },
        ],
    )
    second = action_factory(city=umea, title="Klimatfärdplan")
    return first, second


def test_the_export_lists_the_actions_with_readable_values(umea, portfolio):
    wb = load_workbook(io.BytesIO(export_workbook(city=umea, drafts=True)))
    assert wb.sheetnames == ["Åtgärder", "Kostnader", "Listor", "Instruktioner"]
    sheet = wb["Åtgärder"]
    col = columns(sheet)
    rows = {sheet.cell(r, col["Rubrik"]).value: r for r in range(2, sheet.max_row + 1)}
    r = rows["Biogasbussar"]
    get = lambda name: sheet.cell(r, col[name]).value  # noqa: E731
    assert get("Sektor") == "Transporter"
    assert get("Status") == "Pågående"
    assert get("Skede") == "Uppskalning"
    assert (get("Start"), get("Slut")) == ("2024-03", "2026")
    assert get("Förväntad minskning (t CO2e/år)") == 1200.5
    assert get("Sidonyttor") == "Hälsa; Luftkvalitet"
    assert get("Lärdomar") == "'=Börja tidigt"
    assert get("Får delas") == "Ja"
    assert sheet.cell(rows["Klimatfärdplan"], col["Publicerad"]).value == "Nej"
    costs = wb["Kostnader"]
    assert [[c.value for c in row] for row in costs.iter_rows(min_row=2)] == [
        [portfolio[0].pk, 2025, 4000000, None, None, None],
        [portfolio[0].pk, 2026, None, 250000, "Egen budget", "Egen budget"],
    ]


def test_the_public_export_has_no_drafts(client, umea, portfolio):
    response = client.get("/kommuner/umea/atgarder/atgarder.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Åtgärder"]
    titles = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert titles == ["Biogasbussar"]


def test_importing_the_export_changes_nothing(umea, umea_officer, portfolio):
    records = ChangeRecord.objects.count()
    versions = list(Action.objects.values_list("pk", "version"))
    report = import_upload(
        city=umea, by=umea_officer, upload=upload(export_workbook(city=umea, drafts=True))
    )
    assert report.ok, report.errors
    assert report.message == "Importen är klar: 0 nya, 0 ändrade, 2 oförändrade."
    assert list(Action.objects.values_list("pk", "version")) == versions
    assert ChangeRecord.objects.count() == records
    assert Action.objects.get(title="Biogasbussar").lessons_learned == "=Börja tidigt"


def test_an_edited_and_an_added_row_are_imported(client, umea, umea_officer, portfolio):
    wb = load_workbook(io.BytesIO(export_workbook(city=umea, drafts=True)))
    sheet, costs = wb["Åtgärder"], wb["Kostnader"]
    col = columns(sheet)
    sheet.cell(2, col["Status"]).value = "genomförd"  # any case
    sheet.append(
        {
            col["Rubrik"]: "Solceller på skolor",
            col["Sektor"]: "El- och fjärrvärme",
            col["Förväntad minskning (t CO2e/år)"]: "1 234,5",
            col["Första effektår"]: 2027,
            col["Start"]: 2025,
            col["Sidonyttor"]: "Kostnadsbesparingar",
        }
    )
    costs.append(["Solceller på skolor", 2025, "3 000 000", None, "Klimatklivet", "Sökt"])
    client.force_login(umea_officer)
    response = client.post(IMPORT, {"file": upload(workbook_bytes(wb))})
    assert response.status_code == 302
    assert "Importen är klar: 1 nya, 1 ändrade, 1 oförändrade." in words(
        client.get(response["Location"]).content.decode()
    )
    first = Action.objects.get(title=sheet.cell(2, col["Rubrik"]).value)
    # The first row is a published action: its change waits for publishing (cities.drafts).
    assert first.is_published and first.status == "ongoing" and first.version == 2
    assert first.draft == {"status": "completed"}
    new = Action.objects.get(title="Solceller på skolor")
    assert new.sector == "El och fjärrvärme" and new.expected_reduction == 1234.5
    assert not new.is_published and new.updated_by == umea_officer
    assert [(c.year, c.investment_sek, c.funding_status) for c in new.costs.all()] == [
        (2025, 3_000_000, "applied")
    ]
    assert ChangeRecord.objects.filter(
        object_id=new.pk, action="create", user=umea_officer
    ).exists()


def test_every_problem_is_named_and_nothing_is_written(client, umea, umea_officer, portfolio):
    wb = load_workbook(io.BytesIO(export_workbook(city=umea, drafts=True)))
    sheet = wb["Åtgärder"]
    col = columns(sheet)
    sheet.cell(2, col["Rubrik"]).value = "Ändrad rubrik som inte får sparas"
    sheet.append({col["Rubrik"]: "Ny", col["Status"]: "pågår"})
    sheet.append({col["Sektor"]: "Transporter"})
    sheet.append(
        {col["Rubrik"]: "Effekt utan år", col["Förväntad minskning (t CO2e/år)"]: "mycket"}
    )
    sheet.append({col["Rubrik"]: "Okänt mål", col["Klimatmål (ID)"]: "999999"})
    before = (
        list(Action.objects.values_list("title", "version")),
        ActionCost.objects.count(),
        ChangeRecord.objects.count(),
    )
    client.force_login(umea_officer)
    response = client.post(IMPORT, {"file": upload(workbook_bytes(wb))})
    assert response.status_code == 400
    text = words(response.content.decode())
    assert "Filen har fel; inget sparades." in text
    assert (
        "atgarder.xlsx, blad Åtgärder, rad 4, kolumn Status: 'pågår' är inte ett tillåtet värde; "
        "välj ett av: Planerad, Pågående, Genomförd, Pausad, Avbruten." in text
    )
    assert "rad 5, kolumn Rubrik: Rubrik saknas." in text
    assert "rad 6, kolumn Förväntad minskning (t CO2e/år): 'mycket' är inget tal" in text
    after = (
        list(Action.objects.values_list("title", "version")),
        ActionCost.objects.count(),
        ChangeRecord.objects.count(),
    )
    assert after == before


def test_database_checks_are_reported_by_row_and_roll_everything_back(
    umea, umea_officer, portfolio
):
    wb = load_workbook(io.BytesIO(export_workbook(city=umea, drafts=True)))
    sheet = wb["Åtgärder"]
    col = columns(sheet)
    sheet.append({col["Rubrik"]: "Först rätt"})
    sheet.append({col["Rubrik"]: "Effekt utan år", col["Förväntad minskning (t CO2e/år)"]: 10})
    sheet.append({col["Rubrik"]: "Okänt mål", col["Klimatmål (ID)"]: "999999"})
    report = import_upload(city=umea, by=umea_officer, upload=upload(workbook_bytes(wb)))
    assert not report.ok
    messages = [str(e) for e in report.errors]
    assert (
        "atgarder.xlsx, blad Åtgärder, rad 5, kolumn Första effektår: "
        "Ange första effektår när du anger en förväntad minskning." in messages
    )
    assert (
        "atgarder.xlsx, blad Åtgärder, rad 6, kolumn Klimatmål (ID): "
        "Umeå har inget klimatmål med ID 999999." in messages
    )
    assert not Action.objects.filter(title="Först rätt").exists()


def test_a_row_changed_since_the_export_is_refused(umea, umea_officer, portfolio):
    content = export_workbook(city=umea, drafts=True)
    Action.objects.filter(pk=portfolio[0].pk).update(version=7)
    report = import_upload(city=umea, by=umea_officer, upload=upload(content))
    assert not report.ok
    assert "Åtgärden har ändrats sedan filen exporterades (version 1 i filen, 7 nu)" in str(
        report.errors[0]
    )


def test_another_citys_action_id_is_refused(umea, malmo, action_factory, umea_officer):
    other = action_factory(city=malmo, title="Malmös åtgärd", published=True)
    wb = load_workbook(io.BytesIO(export_workbook(city=umea, drafts=True)))
    sheet = wb["Åtgärder"]
    sheet.append([other.pk, None, "Kapad"])
    report = import_upload(city=umea, by=umea_officer, upload=upload(workbook_bytes(wb)))
    assert f"Umeå har ingen åtgärd med id {other.pk}." in str(report.errors[0])
    assert Action.objects.get(pk=other.pk).title == "Malmös åtgärd"


def test_a_file_that_is_not_a_workbook_is_refused_clearly(umea, umea_officer):
    report = import_upload(
        city=umea, by=umea_officer, upload=upload(b"hej;hopp\n1;2\n", "atgarder.csv")
    )
    assert not report.ok
    assert "atgarder.csv" in str(report.errors[0])


def test_a_workbook_without_the_title_column_is_refused(umea, umea_officer):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Åtgärder"
    wb.active.append(["Namn", "Status"])
    wb.active.append(["x", "Planerad"])
    report = import_upload(city=umea, by=umea_officer, upload=upload(workbook_bytes(wb)))
    assert "Kolumnerna Rubrik saknas i rubrikraden; utgå från en exporterad fil." in str(
        report.errors[0]
    )
