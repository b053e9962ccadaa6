"""Contract pages: a city's contract versions, one version in full, two versions side by
side, the follow-up forms, and programme staff's pages (an agency's commitments across
all cities; staff-only notes per city)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cities import drafts, permissions
from cities.history import StaleEdit, history_for
from cities.models import City
from cities.selectors import city_get
from contracts.models import AGENCY_PARTIES, FollowUpTextKind, Party, StaffNote
from contracts.selectors import (
    agency_commitment_counts,
    agency_commitments,
    commitment_get,
    contract_get,
    follow_up_for,
    follow_up_grid,
    follow_up_text_before,
    follow_up_text_for,
    follow_up_years_recorded,
    staff_notes,
)
from contracts.services import (
    commitment_follow_up_save,
    follow_up_text_save,
    follow_up_years,
    staff_note_add,
    staff_note_delete,
)
from core.downloads import CSV_TYPE, XLSX_TYPE, Sheet, csv_bytes, xlsx_bytes
from core.i18n import gettext as _
from dashboards.contracts.compare import compare_page
from dashboards.contracts.forms import FollowUpForm, FollowUpTextForm, StaffNoteForm
from dashboards.contracts.grid import (
    agency_matrix_page,
    chosen_year,
    drafts_note,
    follow_up_grid_page,
    grid_about,
    grid_download_rows,
    grid_source,
    grid_years,
    matrix_download_rows,
)
from dashboards.contracts.pages import (
    commitment_view,
    contract_list_page,
    contract_page,
    follow_up_view,
)
from dashboards.editing import attempt, form_again

#: Parties that write follow-up texts, in the order of section 7.
TEXT_PARTIES = (Party.CITY, Party.VIABLE_CITIES, Party.AGENCIES)


def _where_it_stands(item) -> str:
    """What a saved follow-up's reader should know: whether the public sees it yet."""
    if not item.is_published:
        return " " + _("Den är ett utkast tills kommunens administratör publicerar den.")
    if drafts.has_pending(item):
        return " " + _(
            "Ändringen väntar på publicering; allmänheten ser den publicerade versionen tills "
            "den publiceras."
        )
    return " " + _("Den är publicerad.")


def _working(item):
    return drafts.working(item) if item is not None else None


def _followable_parties(user, city: City) -> set[str]:
    return {party for party in Party.values if permissions.can_follow_up(user, city, party)}


# --- Public pages -------------------------------------------------------------------------


def contract_list(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    page = contract_list_page(city, request.user)
    return render(request, "contracts/list.html", {"city": city, "page": page})


def contract_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    city = city_get(slug=slug)
    page = contract_page(city, year, request.user)
    editable = _followable_parties(request.user, city)
    missing_texts = []
    if editable and page.has_content:
        # The follow-up texts of the version's own year (the contract's text is not one).
        present = {(t.party, t.kind) for t in page.texts if t.year == page.year}
        missing_texts = [
            (party, Party(party).label, kind, FollowUpTextKind(kind).label)
            for party in TEXT_PARTIES
            for kind in FollowUpTextKind.values
            if party in editable and (party, kind) not in present
        ]
    return render(
        request,
        "contracts/detail.html",
        {
            "city": city,
            "page": page,
            "editable_parties": editable,
            "missing_texts": missing_texts,
        },
    )


def contract_compare(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    old, new = request.GET.get("fran"), request.GET.get("till")
    page = compare_page(city, request.user, old=old, new=new)
    return render(request, "contracts/compare.html", {"city": city, "page": page})


# --- Follow-up forms (the city's people; programme staff) --------------------------------


def _follow_up_year(request: HttpRequest, version_year: int, years: list[int]) -> int:
    """The year a follow-up is entered for (``?ar=``, default the version's); 404 outside
    the years the version can be followed up for."""
    raw_year = request.POST.get("ar") or request.GET.get("ar") or str(version_year)
    if not raw_year.isdigit() or int(raw_year) not in years:
        raise Http404(
            _("Uppföljning kan göras för åren %(first)d–%(last)d.")
            % {
                "first": years[0],
                "last": years[-1],
            }
        )
    return int(raw_year)


@dataclass
class _Step:
    """Where a follow-up form stands: the form to show, the follow-up as saved now, the
    stale edit when someone else saved first, and what was saved (None until then)."""

    form: Any
    current: Any
    stale: StaleEdit | None = None
    saved: Any = None


def _follow_up_step(
    request: HttpRequest,
    form_class: type,
    *,
    load: Callable[[], Any],
    may_publish: bool,
    fields: tuple[str, ...],
    save: Callable[[dict[str, Any], Any], Any],
) -> _Step:
    """The follow-up form (of a commitment, or a party's text) as the person opens it or
    sends it: ``load()`` reads the follow-up as saved; a valid form goes to ``save(data,
    current)``. When someone saved first, the form is shown again with the version saved
    meanwhile. Only those who may publish see the choice to."""
    step = _Step(form=None, current=load())
    if request.method != "POST":
        step.form = form_class(initial=_initial(step.current, may_publish, *fields))
    else:
        form = step.form = form_class(request.POST)
        if form.is_valid():
            saving = attempt(lambda: save(form.cleaned_data, step.current), form=form)
            if saving.stale is not None:
                step.stale, step.current = saving.stale, load()
                step.form = form_again(form, saving.stale)
            elif saving.done:
                step.saved = saving.result
    if not may_publish:
        del step.form.fields["publish"]
    return step


def _initial(current: Any, may_publish: bool, *fields: str) -> dict[str, Any]:
    """A follow-up form as the person opens it: the saved follow-up (with the version
    they start from), or empty; a new one is published at once when they may publish."""
    if current is None:
        return {"version": None, "publish": may_publish}
    return {
        "version": current.version,
        "publish": current.is_published,
        **{name: getattr(current, name) for name in fields},
    }


@login_required
def follow_up_edit(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """Enter how far one commitment has come in a year (``?ar=``, default the version's)."""
    city = city_get(slug=slug)
    commitment = commitment_get(city=city, year=year, pk=pk, user=request.user)
    if not permissions.can_follow_up(request.user, city, commitment.party):
        raise PermissionDenied(_("Du kan inte följa upp detta åtagande."))
    contract = commitment.section.contract
    years = follow_up_years(contract)
    follow_up_year = _follow_up_year(request, contract.year, years)
    may_publish = permissions.can_publish_follow_up(request.user, city, commitment.party)
    step = _follow_up_step(
        request,
        FollowUpForm,
        # As the person works on it: a change waiting for publishing included.
        load=lambda: _working(follow_up_for(commitment=commitment, year=follow_up_year)),
        may_publish=may_publish,
        fields=("status", "comment"),
        save=lambda data, current: commitment_follow_up_save(
            commitment=commitment,
            year=follow_up_year,
            status=data["status"],
            comment=data["comment"],
            publish=may_publish and data["publish"],
            expected_version=data["version"],
            by=request.user,
        ),
    )
    if step.saved is not None:
        return _follow_up_saved(request, city, year, commitment, step.saved)
    form, current, stale = step.form, step.current, step.stale
    history = list(history_for(current)[:10]) if current is not None else []
    return render(
        request,
        "contracts/follow_up_form.html",
        {
            "city": city,
            "contract": contract,
            "commitment": commitment_view(commitment),
            "form": form,
            "years": years,
            "follow_up_year": follow_up_year,
            "current": follow_up_view(current) if current else None,
            "may_publish": may_publish,
            "stale": stale,
            "history": history,
        },
        status=409 if stale else 200,
    )


def _check_text_party(request: HttpRequest, city: City, party: str, kind: str) -> None:
    """404 for a party or kind of text the contract does not have; 403 unless the person
    may write the party's follow-up."""
    if party not in TEXT_PARTIES and party not in AGENCY_PARTIES:
        raise Http404(_("Okänd part."))
    if kind not in FollowUpTextKind.values:
        raise Http404(_("Okänt slag av text."))
    if not permissions.can_follow_up(request.user, city, party):
        raise PermissionDenied(_("Du kan inte skriva uppföljningstexten för denna part."))


def _follow_up_saved(
    request: HttpRequest, city: City, year: int, commitment: Any, saved: Any
) -> HttpResponse:
    """Say what was saved and where it stands, and go back to the commitment."""
    heading = commitment_view(commitment).heading
    messages.success(
        request,
        _("Uppföljningen av %(heading)s sparades.") % {"heading": heading}
        + _where_it_stands(saved),
    )
    url = reverse("contracts:detail", kwargs={"slug": city.slug, "year": year})
    return redirect(f"{url}#atagande-{commitment.pk}")


@login_required
def follow_up_text_edit(
    request: HttpRequest, slug: str, year: int, party: str, kind: str
) -> HttpResponse:
    """Write one party's text in the version's joint follow-up for one follow-up year
    (``?ar=``, default the version's). The contract's own text is never edited here; a
    new year starts empty, or from the latest earlier year's text when the person asks
    (``?fran=forra``), without that text's references."""
    city = city_get(slug=slug)
    _check_text_party(request, city, party, kind)
    contract = contract_get(city=city, year=year, user=request.user)
    follow_up_year = _follow_up_year(request, contract.year, follow_up_years(contract))
    may_publish = permissions.can_publish_follow_up(request.user, city, party)
    step = _follow_up_step(
        request,
        FollowUpTextForm,
        load=lambda: _working(
            follow_up_text_for(contract=contract, party=party, kind=kind, year=follow_up_year)
        ),
        may_publish=may_publish,
        fields=("text",),
        save=lambda data, current: follow_up_text_save(
            contract=contract,
            party=party,
            kind=kind,
            text=data["text"],
            title=current.title if current else "",
            publish=may_publish and data["publish"],
            expected_version=data["version"],
            year=follow_up_year,
            by=request.user,
        ),
    )
    previous = None
    if step.current is None:
        found = follow_up_text_before(
            contract=contract, party=party, kind=kind, year=follow_up_year
        )
        previous = _working(found) if found is not None else None
    if request.method != "POST" and previous is not None and request.GET.get("fran") == "forra":
        step.form.initial["text"] = previous.text
    if step.saved is not None:
        messages.success(request, _("Uppföljningstexten sparades.") + _where_it_stands(step.saved))
        url = reverse("contracts:detail", kwargs={"slug": city.slug, "year": year})
        return redirect(f"{url}#uppfoljning")
    form, current, stale = step.form, step.current, step.stale
    return render(
        request,
        "contracts/text_form.html",
        {
            "city": city,
            "contract": contract,
            "party_label": Party(party).label,
            "kind_label": FollowUpTextKind(kind).label,
            "current": current,
            "form": form,
            "stale": stale,
            "may_publish": may_publish,
            "follow_up_year": follow_up_year,
            "previous": previous,
        },
        status=409 if stale else 200,
    )


# --- Programme staff ----------------------------------------------------------------------


def _staff_only(
    request: HttpRequest, allowed=permissions.is_programme_staff
) -> HttpResponse | None:
    """Send an anonymous visitor to the login page; refuse anyone else but staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed(request.user):
        raise PermissionDenied(_("Sidan är till för Viable Cities programkontor."))
    return None


def _year_and_rows(request: HttpRequest):
    """The follow-up year asked for (``?ar=``, default this year) among the years with
    follow-ups, and every contract city's commitments with their follow-up of that year."""
    years = grid_years(follow_up_years_recorded(user=request.user))
    year = chosen_year(request.GET.get("ar"), years)
    return year, years, follow_up_grid(year=year, user=request.user)


def _download(rows: list[list], *, fmt: str, name: str, sheet: str, about: Sheet) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(csv_bytes(rows, bom=True), content_type=CSV_TYPE)
    else:
        content = xlsx_bytes([Sheet(title=sheet, rows=rows, heading_rows=(1,), freeze="C2"), about])
        response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def agency_index(request: HttpRequest) -> HttpResponse:
    if (refused := _staff_only(request)) is not None:
        return refused
    counts = agency_commitment_counts(user=request.user)
    joint = counts.get(Party.AGENCIES, 0) + counts.get(Party.JOINT, 0)
    # Each agency's own commitments; the joint ones (the same for all six) said once, and
    # the agencies without any of their own named together instead of identical rows.
    agencies = [(p.value, p.label, counts.get(p.value, 0)) for p in AGENCY_PARTIES]
    year, years, rows = _year_and_rows(request)
    return render(
        request,
        "contracts/staff_agencies.html",
        {
            "with_own": [a for a in agencies if a[2]],
            "without_own": [a for a in agencies if not a[2]],
            "joint": joint,
            "matrix": agency_matrix_page(rows, year=year, years=years),
            "source": grid_source(),
            "drafts_note": drafts_note(),
        },
    )


def agency_matrix_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The agencies' status per city, exactly as the agencies' index shows it."""
    if (refused := _staff_only(request)) is not None:
        return refused
    year, years, rows = _year_and_rows(request)
    matrix = agency_matrix_page(rows, year=year, years=years)
    return _download(
        matrix_download_rows(matrix),
        fmt=fmt,
        name=f"myndigheternas-ataganden-{year}",
        sheet=_("Status per kommun"),
        about=grid_about(year),
    )


def follow_up_grid_page_view(request: HttpRequest) -> HttpResponse:
    """The contract cities × their commitments, each cell the follow-up status of a year."""
    if (refused := _staff_only(request)) is not None:
        return refused
    year, years, rows = _year_and_rows(request)
    return render(
        request,
        "contracts/staff_grid.html",
        {
            "grid": follow_up_grid_page(rows, year=year, years=years),
            "source": grid_source(),
            "drafts_note": drafts_note(),
        },
    )


def follow_up_grid_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The grid, exactly as the page shows it (same ``?ar=``)."""
    if (refused := _staff_only(request)) is not None:
        return refused
    year, years, rows = _year_and_rows(request)
    grid = follow_up_grid_page(rows, year=year, years=years)
    return _download(
        grid_download_rows(grid),
        fmt=fmt,
        name=f"kontraktsuppfoljning-{year}",
        sheet=_("Uppföljning %(year)s") % {"year": year},
        about=grid_about(year),
    )


def agency_detail(request: HttpRequest, agency: str) -> HttpResponse:
    if (refused := _staff_only(request)) is not None:
        return refused
    if agency not in AGENCY_PARTIES:
        raise Http404(_("Okänd myndighet."))
    year = request.GET.get("ar")
    year_filter = int(year) if year and year.isdigit() else None
    rows = [
        (c.section.contract.city, c.section.contract, commitment_view(c))
        for c in agency_commitments(agency=agency, user=request.user, year=year_filter)
    ]
    own = [r for r in rows if r[2].party == agency]
    joint = [r for r in rows if r[2].party != agency]
    return render(
        request,
        "contracts/staff_agency.html",
        {
            "agency": Party(agency),
            "own": own,
            "joint": joint,
            "year": year_filter,
            "cities": len({r[0].pk for r in rows}),
        },
    )


def staff_notes_page(request: HttpRequest, slug: str) -> HttpResponse:
    if (refused := _staff_only(request, permissions.can_read_staff_notes)) is not None:
        return refused
    city = city_get(slug=slug)
    if request.method == "POST":
        form = StaffNoteForm(request.POST)
        if form.is_valid():
            saving = attempt(
                lambda: staff_note_add(city=city, text=form.cleaned_data["text"], by=request.user),
                form=form,
            )
            if saving.done:
                messages.success(request, _("Anteckningen är sparad."))
                return redirect("contracts:staff-notes", slug=city.slug)
    else:
        form = StaffNoteForm()
    return render(
        request,
        "contracts/staff_notes.html",
        {"city": city, "notes": list(staff_notes(city=city)), "form": form},
    )


@require_POST
def staff_note_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if (refused := _staff_only(request, permissions.can_write_staff_notes)) is not None:
        return refused
    city = city_get(slug=slug)
    note = get_object_or_404(StaffNote, pk=pk, city=city, deleted_at__isnull=True)
    staff_note_delete(note=note, by=request.user)
    messages.success(request, _("Anteckningen är borttagen."))
    return redirect("contracts:staff-notes", slug=city.slug)
