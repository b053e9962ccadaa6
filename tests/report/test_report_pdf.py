"""The report as a PDF: opened with pypdf and read back."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from tests.city_data import consumption_load
from tests.conftest import (
    UMEA,
    kept_for_the_module,
    load_emissions,
    municipalities_load,
    staff_user_create,
    umea_admin_create,
    umea_officer_create,
)
from tests.report.conftest import DONE_COMMENT, umea_report_load
from tests.report.pdf import pdf_text

# The PDF is rendered once for both tests, by one worker when pytest-xdist spreads them.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("report-pdf")]


@pytest.fixture(scope="module")
def umea_pdf(
    django_db_setup, django_db_blocker, reference_rows, ggt_newest, umea_observation_records
):
    """The PDF of Umeå's report 2024 (``umea_report``), rendered once for the module."""

    def build() -> bytes:
        from contracts.demo import umea_contracts_load
        from indicators.demo import umea_goals_load

        umea = municipalities_load(reference_rows)[UMEA]
        load_emissions(ggt_newest, {UMEA})
        umea_goals_load()
        consumption_load(umea_observation_records)
        umea_report_load(
            umea,
            contracts={c.year: c for c in umea_contracts_load()},
            admin=umea_admin_create(umea),
            officer=umea_officer_create(umea),
            staff=staff_user_create(),
        )
        response = Client().get("/kommuner/umea/lagesrapport/2024/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        disposition = 'attachment; filename="lagesrapport-umea-2024.pdf"'
        assert response["Content-Disposition"] == disposition
        return response.content

    with kept_for_the_module(django_db_blocker, build) as pdf:
        yield pdf


def test_the_pdf_holds_the_report_in_swedish_with_its_key_numbers(umea_pdf):
    from pypdf import PdfReader

    assert PdfReader(io.BytesIO(umea_pdf)).metadata.title == "Lägesrapport 2024 – Umeå"
    pages, text = pdf_text(umea_pdf)
    assert 10 <= pages <= 40
    assert "Lägesrapport 2024 – Umeå" in text
    assert "Västerbottens län" in text
    # Goals, their status and the explanation, numbers the Swedish way.
    assert "Umeå ska vara klimatneutralt 2040" in text
    assert "Inte i fas" in text
    assert "Utsläppen behöver minska med 9,6 % per år till 2040" in text
    assert "365 010 t CO2e" in text
    assert "\u221224,2 %" in text
    # Emissions by sector, the portfolio and its gap, the commitments and the texts.
    assert "Utsläpp per sektor och år" in text
    assert "Glappet är 384 209 t CO2e per år." in text
    assert "3.9 Klimatsmart mobilitet" in text
    assert "Genomfört" in text
    assert DONE_COMMENT in text
    assert "7.2 Mest angelägna erfarenheter att dela för kommunen" in text
    assert "åtgärder" in text and "Åtaganden" in text and "ö" in text


def test_sections_start_new_pages_the_contents_have_page_numbers_links_work(umea_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(umea_pdf))
    starts = {}
    for number, page in enumerate(reader.pages, start=1):
        first = re.sub(r"\s+", " ", page.extract_text() or "").strip()
        for heading in (
            "2 Klimatmål och hur de går",
            "3 Utsläpp per sektor",
            "4 Åtgärdsportföljen och glappet till målet",
            "5 Klimatkontraktet: åtaganden och uppföljning",
            "6 Parternas uppföljningstexter",
            "7 Om rapporten",
        ):
            if first.startswith(heading):
                starts[heading] = number
    assert list(starts.values()) == sorted(starts.values())
    assert len(starts) == 6, starts
    first_page = reader.pages[0].extract_text()
    assert "Innehåll" in first_page
    # The contents line of section 3 ends in the page section 3 starts on.
    found = re.search(r"Utsläpp per sektor\s*\.{3,}\s*(\d+)", first_page)
    assert found, first_page
    assert int(found.group(1)) == starts["3 Utsläpp per sektor"]

    # Links are printed (the address after the text) and clickable (a URI annotation).
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/A")
    }
    assert "http://testserver/kommuner/umea/kontrakt/2024/" in uris
    _, text = pdf_text(umea_pdf)
    # A long address may wrap after a slash; the printed text is the address.
    assert "http://testserver/kommuner/umea/kontrakt/2024/" in re.sub(r"/ ", "/", text)
