"""The contract pages as people see them: a city's versions, one version in full with each
commitment's follow-up status, two versions side by side, the follow-up forms and
programme staff's page of an agency's commitments. Query counts are pinned."""

import pytest
from django.urls import reverse

from contracts.models import Commitment, CommitmentFollowUp, FollowUpText
from contracts.services import commitment_follow_up_save, contract_create
from tests.contracts.conftest import words


def get(client, name: str, status: int = 200, **kwargs) -> str:
    query = kwargs.pop("query", "")
    response = client.get(reverse(f"contracts:{name}", kwargs=kwargs) + query)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def commitment(contracts, number: str) -> Commitment:
    return Commitment.objects.get(section__contract=contracts[2024], number=number)


# --- A city's versions --------------------------------------------------------------------


def test_the_list_shows_every_version_and_the_latest_follow_up(client, umea_contracts):
    text = words(get(client, "list", slug="umea"))
    assert "Klimatkontrakt 2030 – Umeå" in text
    assert "2020 Texten har inte förts in. Dokumentet för version 2020" in text
    assert "2022 Texten har inte förts in. Dokumentet för version 2022" in text
    assert "2024 26 åtaganden" in text
    assert "Uppföljning av åtagandena i version 2024" in text
    # Every year of the contract's life, 2023 too (no new version was signed for it).
    assert "2023 Ingen ny version 2023: version 2022 gällde. Läs version 2022 (i kraft 2023)" in (
        text
    )
    # Nothing has been assessed yet: every commitment is "ej bedömd".
    assert "Kommunen 10 0 0 0 0 0 10" in text
    assert "Viable Cities 5 0 0 0 0 0 5" in text
    assert "Myndigheterna gemensamt 4 0 0 0 0 0 4" in text
    assert "Alla parter gemensamt 7 0 0 0 0 0 7" in text


def test_a_year_without_its_own_version_links_to_the_document_in_force(client, umea_contracts):
    html = get(client, "list", slug="umea")
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [words(row).split()[0] for row in rows] == ["2020", "2021", "2022", "2023", "2024"]
    # Version 2022 has no text here: the 2023 row links to its published document.
    assert "Viable-Cities-Klimatkontrakt-Umea-FINAL.pdf" in rows[3]
    page = get(client, "detail", slug="umea", year=2024)
    nav = page.split('<nav aria-label="Kontraktets versioner">')[1].split("</nav>")[0]
    assert words(nav).strip().startswith("Versioner: 2020 2021 2022 2023: version 2022 gällde 2024")


def test_a_city_without_contract_says_so(client, municipalities):
    text = words(get(client, "list", slug="kiruna"))
    assert "Inga versioner av klimatkontraktet har förts in för Kiruna ännu." in text


def test_the_city_page_links_to_the_contract(client, umea_contracts):
    html = client.get(reverse("city:detail", kwargs={"slug": "umea"})).content.decode()
    assert 'href="/kommuner/umea/kontrakt/"' in html
    assert "Klimatkontrakt 2030 för Umeå: åtaganden och uppföljning" in words(html)


# --- One version --------------------------------------------------------------------------


def test_the_2024_version_shows_every_partys_commitments(client, umea_contracts):
    html = get(client, "detail", slug="umea", year=2024)
    text = words(html)
    assert "Klimatkontrakt 2030 – Umeå, version 2024" in text
    assert "Källa: Klimatkontrakt 2030 Umeå (version 2024)" in text
    assert "3.9 Klimatsmart mobilitet Ej bedömd Part: Kommunen" in text
    # The overview: every commitment with its party and status, linking to its text.
    assert (
        "Åtagandena och deras status Åtagande Part Status 3.1 Kommunens klimatmål Kommunen" in text
    )
    assert "7 Gemensamt arbete kring uppföljning, utvärdering och uppdatering Alla parter" in text
    assert "4.4 Samordnad finansiering Ej bedömd Part: Viable Cities" in text
    assert "5.1 Smart policyutveckling Ej bedömd Part: Myndigheterna gemensamt" in text
    assert "6.5 Systemdemonstratorer Ej bedömd Part: Alla parter gemensamt" in text
    assert (
        "Över hälften av klimatutsläppen i Umeå kommer från området resor och transporter" in text
    )
    # Bullets of the contract are a list; footnotes are references with their links.
    assert (
        "<li>Umeå ska vara klimatneutralt 2040, d v s ha nettonoll utsläpp av växthusgaser.</li>"
        in html
    )
    assert 'href="https://www.northernaccess.se/"' in html
    # Section 7: the follow-up texts per party, with their own subheadings.
    assert "7.1 Viktigaste uppdateringar för kommunen Part: Kommunen" in text
    assert "7.4 Viktigaste uppdateringar för myndigheterna Part: Myndigheterna gemensamt" in text
    assert "<h4>7.3.1 Processen kring klimatkontrakt</h4>" in html
    assert "9 Kontraktet" in text and "ska gälla för 2024" in text
    # The public gets no edit links.
    assert "Följ upp" not in text and "uppfoljning/" not in html


def test_an_empty_version_says_its_text_is_not_entered_and_links_the_document(
    client, umea_contracts
):
    html = get(client, "detail", slug="umea", year=2021)
    text = words(html)
    assert "Texten i denna version finns inte i våra källor ännu och har inte förts in." in text
    assert "Läs Klimatkontrakt 2030 Umeå, version 2021 (dokument hos Viable Cities)" in text
    assert umea_contracts[2021].document_url in html
    assert "Uppföljning av åtagandena" not in text


def test_unknown_versions_and_cities_are_404(client, umea_contracts):
    get(client, "detail", status=404, slug="umea", year=2023)
    get(client, "detail", status=404, slug="atlantis", year=2024)


def test_a_published_follow_up_is_shown_to_everyone(client, umea_contracts, umea_admin):
    commitment_follow_up_save(
        commitment=commitment(umea_contracts, "3.9"),
        year=2024,
        status="ongoing",
        comment="Cykelplanen antogs i juni.",
        publish=True,
        by=umea_admin,
    )
    text = words(get(client, "detail", slug="umea", year=2024))
    assert "3.9 Klimatsmart mobilitet Pågår Part: Kommunen" in text
    assert "3.9 Klimatsmart mobilitet Kommunen Pågår 2024" in text
    assert "2024: Pågår – Cykelplanen antogs i juni." in text
    assert "erik.umea" not in text  # who entered it is not shown to the public
    assert "Kommunen 10 0 1 0 0 0 9" in words(get(client, "list", slug="umea"))


def test_a_draft_follow_up_is_seen_by_the_citys_people_only(
    client, umea_contracts, umea_officer, malmo_officer
):
    commitment_follow_up_save(
        commitment=commitment(umea_contracts, "3.9"),
        year=2024,
        status="done",
        comment="Utkastkommentar",
        by=umea_officer,
    )
    assert "Utkastkommentar" not in get(client, "detail", slug="umea", year=2024)
    client.force_login(malmo_officer)
    assert "Utkastkommentar" not in get(client, "detail", slug="umea", year=2024)
    client.force_login(umea_officer)
    text = words(get(client, "detail", slug="umea", year=2024))
    assert "2024: Genomfört utkast – Utkastkommentar (anna.umea," in text
    assert "Följ upp 3.9 Klimatsmart mobilitet" in text
    assert "Följ upp 4.4" not in text  # Viable Cities' commitments are staff's to follow up


def test_a_draft_version_is_hidden_from_the_public(client, malmo, staff_user, malmo_officer):
    contract_create(city=malmo, year=2025, by=staff_user)
    get(client, "detail", status=404, slug="malmo", year=2025)
    client.force_login(malmo_officer)
    assert "Utkast – inte publicerat" in words(get(client, "detail", slug="malmo", year=2025))


def test_staff_get_links_to_follow_up_the_other_parties(client, umea_contracts, staff_user):
    client.force_login(staff_user)
    text = words(get(client, "detail", slug="umea", year=2024))
    assert "Följ upp 4.4 Samordnad finansiering" in text
    assert "Följ upp 5.3 Samordnande insatser kring finansiering" in text
    assert "Följ upp 3.9" not in text
    assert "Skriv ”Mest angelägna erfarenheter att dela” för Viable Cities" in text


# --- Comparing versions -------------------------------------------------------------------


def test_two_versions_side_by_side(client, malmo_versions):
    html = get(client, "compare", slug="malmo", query="?fran=2023&till=2024")
    text = words(html)
    assert "Från version 2023 till version 2024" in text
    assert "1 åtagande tillagt" in text
    assert "1 åtagande borttaget" in text
    assert "1 åtagande ändrat" in text
    assert "1 åtagande oförändrat" in text
    assert '<del><span class="visually-hidden">borttaget: </span>10</del>' in html
    assert '<ins><span class="visually-hidden">tillagt: </span>20</ins>' in html
    assert "3.2 Buss borttaget" in text
    assert "3.3 Tåg tillagt" in text
    assert "Oförändrade avsnitt: 4 Viable Cities åtaganden" in text


def test_the_older_version_is_always_on_the_left(client, malmo_versions):
    text = words(get(client, "compare", slug="malmo", query="?fran=2024&till=2023"))
    assert "Från version 2023 till version 2024" in text


def test_the_comparison_defaults_to_the_two_newest_versions(client, malmo_versions):
    text = words(get(client, "compare", slug="malmo"))
    assert "Från version 2023 till version 2024" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?fran=2024&till=2024", "Välj två olika versioner att jämföra."),
        ("?fran=abc&till=2024", "Välj två versioner (år) att jämföra."),
        ("?fran=2019&till=2024", "Det finns ingen version för det valda året."),
    ],
)
def test_a_bad_choice_gets_a_clear_message(client, malmo_versions, query, message):
    assert message in words(get(client, "compare", slug="malmo", query=query))


def test_a_version_without_text_cannot_be_compared_and_links_its_document(client, umea_contracts):
    html = get(client, "compare", slug="umea")
    text = words(html)
    assert "Texten i version 2022 har inte förts in, så den kan inte jämföras här." in text
    assert umea_contracts[2022].document_url in html
    assert "åtaganden tillagda" not in text


# --- The follow-up form -------------------------------------------------------------------


def form_url(contracts, number: str, query: str = "") -> str:
    c = commitment(contracts, number)
    return (
        reverse("contracts:follow-up-edit", kwargs={"slug": "umea", "year": 2024, "pk": c.pk})
        + query
    )


def test_an_officer_enters_a_follow_up_as_a_draft(client, umea_contracts, umea_officer):
    client.force_login(umea_officer)
    url = form_url(umea_contracts, "3.9")
    form = words(client.get(url).content.decode())
    assert "Uppföljning 2024: 3.9 Klimatsmart mobilitet" in form
    assert "Nu: Ej bedömd" in form
    assert "Publicera" not in form
    assert "Uppföljningen sparas som utkast. Kommunens administratör publicerar den." in form
    response = client.post(url, {"status": "ongoing", "comment": "Ny cykelplan."})
    c = commitment(umea_contracts, "3.9")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/kommuner/umea/kontrakt/2024/#atagande-{c.pk}")
    follow_up = CommitmentFollowUp.objects.get(commitment=c, year=2024)
    assert (follow_up.status, follow_up.comment, follow_up.is_published) == (
        "ongoing",
        "Ny cykelplan.",
        False,
    )
    # Said once, by base.html's status region (django.contrib.messages).
    html = client.get(response["Location"]).content.decode()
    assert html.count("Uppföljningen av 3.9 Klimatsmart mobilitet sparades.") == 1
    assert '<p class="message message-success" role="status">Uppföljningen av 3.9' in html
    assert "Den är ett utkast tills kommunens administratör publicerar den." in words(html)
    # … and only once: the next page no longer says it.
    assert "sparades" not in client.get(response["Location"]).content.decode()


def test_the_city_admin_publishes_from_the_form(client, umea_contracts, umea_admin):
    client.force_login(umea_admin)
    url = form_url(umea_contracts, "3.9")
    assert "Publicera (visas för alla)" in words(client.get(url).content.decode())
    client.post(url, {"status": "done", "comment": "", "publish": "on"})
    assert CommitmentFollowUp.objects.get().is_published


def test_the_form_refuses_the_wrong_people_and_nothing_changes(
    client, umea_contracts, malmo_officer, staff_user
):
    url = form_url(umea_contracts, "3.9")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(url, {"status": "done"}).status_code == 302
    client.force_login(malmo_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "done"}).status_code == 403
    client.force_login(staff_user)
    assert client.post(url, {"status": "done"}).status_code == 403
    assert not CommitmentFollowUp.objects.exists()


def test_staff_follow_up_viable_cities_commitment_for_a_later_year(
    client, umea_contracts, staff_user, umea_officer
):
    client.force_login(staff_user)
    url = form_url(umea_contracts, "4.4", "?ar=2025")
    assert "Uppföljning 2025: 4.4 Samordnad finansiering" in words(client.get(url).content.decode())
    client.post(url, {"status": "changed", "comment": "Ny inriktning.", "publish": "on"})
    follow_up = CommitmentFollowUp.objects.get()
    assert (follow_up.year, follow_up.status, follow_up.is_published) == (2025, "changed", True)
    client.force_login(umea_officer)
    assert client.post(url, {"status": "done"}).status_code == 403


def test_a_year_outside_the_version_is_404(client, umea_contracts, umea_officer):
    client.force_login(umea_officer)
    assert client.get(form_url(umea_contracts, "3.9", "?ar=2019")).status_code == 404


def test_missing_status_is_named_in_swedish(client, umea_contracts, umea_officer):
    client.force_login(umea_officer)
    response = client.post(form_url(umea_contracts, "3.9"), {"status": "", "comment": "x"})
    assert response.status_code == 200
    assert "Välj en status." in words(response.content.decode())
    assert not CommitmentFollowUp.objects.exists()


def test_a_stale_form_is_refused_and_shows_what_was_saved(
    client, umea_contracts, umea_officer, umea_admin
):
    c = commitment(umea_contracts, "3.9")
    first = commitment_follow_up_save(
        commitment=c, year=2024, status="ongoing", comment="Anna", by=umea_officer
    )
    commitment_follow_up_save(commitment=c, year=2024, status="done", comment="Erik", by=umea_admin)
    client.force_login(umea_officer)
    response = client.post(
        form_url(umea_contracts, "3.9"),
        {"status": "dropped", "comment": "Anna igen", "version": first.version},
    )
    assert response.status_code == 409
    text = words(response.content.decode())
    assert "erik.umea har ändrat detta efter att du öppnade det; din ändring sparades inte." in text
    assert "Sparat nu: Genomfört – Erik." in text
    assert CommitmentFollowUp.objects.get().comment == "Erik"


def test_the_form_shows_the_history_of_the_follow_up(client, umea_contracts, umea_officer):
    c = commitment(umea_contracts, "3.9")
    commitment_follow_up_save(commitment=c, year=2024, status="ongoing", by=umea_officer)
    client.force_login(umea_officer)
    text = words(client.get(form_url(umea_contracts, "3.9")).content.decode())
    assert "Ändringar" in text and "Skapad av anna.umea" in text


# --- The follow-up text form --------------------------------------------------------------


def text_url(party: str, kind: str) -> str:
    return reverse(
        "contracts:text-edit", kwargs={"slug": "umea", "year": 2024, "party": party, "kind": kind}
    )


def test_an_officer_changes_the_citys_text_as_a_draft(client, umea_contracts, umea_officer):
    client.force_login(umea_officer)
    url = text_url("city", "experiences")
    form = words(client.get(url).content.decode())
    assert "Mest angelägna erfarenheter att dela för kommunen" in form
    assert "UMECOM Umeås medborgarverkstad är en modell" in form
    response = client.post(url, {"text": "• Ny erfarenhet."})
    assert response.status_code == 302
    text = FollowUpText.objects.get(party="city", kind="experiences")
    # One draft model (cities.drafts): the published text stays as the public reads it and
    # the officer's change waits beside it until an administrator publishes it.
    assert text.is_published and text.text.startswith("• UMECOM")
    assert text.draft == {"text": "• Ny erfarenhet."}
    page = words(get(client, "detail", slug="umea", year=2024))
    assert "Ny erfarenhet. " in page and "ändring väntar på publicering" in page
    client.logout()
    public = get(client, "detail", slug="umea", year=2024)
    assert "Ny erfarenhet" not in public and "UMECOM Umeås medborgarverkstad" in public


def test_the_text_form_refuses_the_wrong_people(client, umea_contracts, malmo_officer, umea_admin):
    client.force_login(malmo_officer)
    assert client.post(text_url("city", "updates"), {"text": "X"}).status_code == 403
    client.force_login(umea_admin)
    assert client.post(text_url("viable_cities", "updates"), {"text": "X"}).status_code == 403
    assert client.get(text_url("ministry", "updates")).status_code == 404
    assert not FollowUpText.objects.filter(text="X").exists()


def test_staff_add_viable_cities_missing_text(client, umea_contracts, staff_user):
    client.force_login(staff_user)
    response = client.post(
        text_url("viable_cities", "experiences"), {"text": "Lärdom.", "publish": "on"}
    )
    assert response.status_code == 302
    client.logout()
    text = words(get(client, "detail", slug="umea", year=2024))
    assert (
        "Mest angelägna erfarenheter att dela för Viable Cities Part: Viable Cities Lärdom." in text
    )


# --- Programme staff: an agency's commitments across all cities ----------------------------


def test_the_agency_page_is_for_programme_staff_only(client, umea_contracts, umea_admin):
    url = reverse("contracts:agency", kwargs={"agency": "energimyndigheten"})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(umea_admin)
    assert client.get(url).status_code == 403
    assert client.get(reverse("contracts:agencies")).status_code == 403


def test_staff_see_every_commitment_binding_an_agency(
    client, umea_contracts, malmo_versions, staff_user
):
    client.force_login(staff_user)
    text = words(get(client, "agency", agency="energimyndigheten"))
    assert "Energimyndigheten: åtaganden i alla kommuners klimatkontrakt" in text
    assert "Energimyndigheten har inga egna åtaganden i något kontrakt" in text
    assert "i 1 kommuns kontrakt" in text
    assert "Umeå 2024 5.1 Smart policyutveckling Myndigheterna gemensamt Ej bedömd" in text
    assert "Umeå 2024 6.5 Systemdemonstratorer Alla parter gemensamt Ej bedömd" in text
    assert "Cykel" not in text  # Malmö's test versions bind only the city and Viable Cities
    index = words(get(client, "agencies"))
    # No six identical rows: the joint commitments once, the agencies without own ones
    # named together.
    assert "Alla sex myndigheter binds av 11 gemensamma åtaganden" in index
    without = index.split("Inga egna åtaganden registrerade ännu för:")[1].split(".")[0]
    assert "Energimyndigheten" in without and "Vinnova" in without
    assert "Energimyndigheten 0 11" not in index
    get(client, "agency", status=404, agency="skatteverket")


def test_an_agencys_own_commitment_is_listed_apart(
    client, malmo, staff_user, contract_factory, commitment_factory
):
    commitment_factory(
        section__contract=contract_factory(city=malmo, year=2024, published=True),
        section__number="5",
        section__title="Myndigheternas åtaganden",
        section__party="agencies",
        party="trafikverket",
        number="5.9",
        title="Testlabb",
        text="Trafikverket testar.",
    )
    client.force_login(staff_user)
    text = words(get(client, "agency", agency="trafikverket"))
    assert (
        "Trafikverkets egna åtaganden Kommun Version Åtagande Part Status "
        "Malmö 2024 5.9 Testlabb Trafikverket" in text
    )
    assert "Testlabb" not in words(get(client, "agency", agency="vinnova"))


def test_formas_own_commitments_are_written_in_good_swedish_and_english(
    client, malmo, staff_user, contract_factory, commitment_factory
):
    commitment_factory(
        section__contract=contract_factory(city=malmo, year=2024, published=True),
        section__party="agencies",
        party="formas",
        title="Forskningsstöd",
    )
    client.force_login(staff_user)
    text = words(get(client, "agency", agency="formas"))
    assert "Formas egna åtaganden" in text and "Formass" not in text
    client.cookies["django_language"] = "en"
    assert "Formas' own commitments" in words(get(client, "agency", agency="formas"))


# --- Query counts -------------------------------------------------------------------------


def assess_everything(contracts, admin, staff):
    for c in Commitment.objects.filter(section__contract=contracts[2024]).order_by("id"):
        who = admin if c.party == "city" else staff
        commitment_follow_up_save(commitment=c, year=2024, status="ongoing", publish=True, by=who)


@pytest.mark.parametrize(
    ("name", "kwargs", "user", "queries"),
    [
        ("list", {"slug": "umea"}, None, 7),
        ("detail", {"slug": "umea", "year": 2024}, None, 7),
        ("detail", {"slug": "umea", "year": 2024}, "umea_officer", 10),
        ("compare", {"slug": "umea"}, None, 2),
        ("agency", {"agency": "vinnova"}, "staff_user", 4),
    ],
)
def test_pages_cost_a_fixed_number_of_queries_whatever_the_follow_ups(
    client,
    request,
    django_assert_num_queries,
    umea_contracts,
    umea_admin,
    staff_user,
    name,
    kwargs,
    user,
    queries,
):
    if user:
        client.force_login(request.getfixturevalue(user))
    url = reverse(f"contracts:{name}", kwargs=kwargs)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    assess_everything(umea_contracts, umea_admin, staff_user)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_a_warm_public_page_comes_from_the_cache(client, umea_contracts, django_assert_num_queries):
    url = reverse("contracts:detail", kwargs={"slug": "umea", "year": 2024})
    client.get(url)
    with django_assert_num_queries(1):  # the city itself
        client.get(url)


def test_the_comparison_costs_a_fixed_number_of_queries(
    client, malmo_versions, django_assert_num_queries
):
    with django_assert_num_queries(7):
        client.get(reverse("contracts:compare", kwargs={"slug": "malmo"}))


def test_the_follow_up_form_costs_a_fixed_number_of_queries(
    client, umea_contracts, umea_officer, django_assert_num_queries
):
    client.force_login(umea_officer)
    url = form_url(umea_contracts, "3.9")
    with django_assert_num_queries(6):
        client.get(url)
    commitment_follow_up_save(
        commitment=commitment(umea_contracts, "3.9"), year=2024, status="done", by=umea_officer
    )
    with django_assert_num_queries(7):  # and the follow-up's history
        client.get(url)
