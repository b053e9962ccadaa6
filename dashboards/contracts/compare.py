"""Two versions of a city's contract side by side: what was added, removed or changed,
section by section and commitment by commitment (``contracts.diff``)."""

from __future__ import annotations

from dataclasses import dataclass

from cities.models import City
from contracts import diff as contract_diff
from contracts.models import Contract
from contracts.selectors import contract_versions, contracts_with_content
from core.i18n import gettext as _
from dashboards.contracts.pages import VersionLink, version_links


def diff_sections(contract: Contract) -> list[contract_diff.Section]:
    """A version's sections and commitments as the diff reads them."""
    return [
        contract_diff.Section(
            number=section.number,
            title=section.title,
            text=section.text,
            items=tuple(
                contract_diff.Item(
                    number=c.number, title=c.title, text=c.text, party=c.get_party_display()
                )
                for c in section.commitments.all()
            ),
        )
        for section in contract.sections.all()
    ]


@dataclass
class ComparePage:
    city_name: str
    city_slug: str
    versions: list[VersionLink]
    old_year: int | None
    new_year: int | None
    diff: contract_diff.ContractDiff | None
    missing_content: list[VersionLink]  # a chosen version whose text is not entered
    error: str = ""


def compare_page(city: City, user, *, old: str | None, new: str | None) -> ComparePage:
    """Two versions side by side. Without a choice: the two newest versions."""
    versions = version_links(contract_versions(city=city, user=user))
    years = [v.year for v in versions]
    page = ComparePage(
        city_name=city.name,
        city_slug=city.slug,
        versions=versions,
        old_year=None,
        new_year=None,
        diff=None,
        missing_content=[],
    )
    if len(years) < 2:
        page.error = _("Det finns bara en version av kontraktet; det finns inget att jämföra.")
        return page
    if old is None and new is None:
        old_year, new_year = years[-2], years[-1]
    else:
        try:
            old_year, new_year = int(old or ""), int(new or "")
        except ValueError:
            page.error = _("Välj två versioner (år) att jämföra.")
            return page
    if old_year not in years or new_year not in years:
        page.error = _("Det finns ingen version för det valda året.")
        return page
    if old_year == new_year:
        page.old_year = page.new_year = old_year
        page.error = _("Välj två olika versioner att jämföra.")
        return page
    old_year, new_year = sorted((old_year, new_year))
    page.old_year, page.new_year = old_year, new_year
    by_year = {v.year: v for v in versions}
    page.missing_content = [by_year[y] for y in (old_year, new_year) if not by_year[y].has_content]
    if page.missing_content:
        return page
    contracts = contracts_with_content(city=city, years=[old_year, new_year], user=user)
    page.diff = contract_diff.contract_diff(
        diff_sections(contracts[old_year]), diff_sections(contracts[new_year])
    )
    return page
