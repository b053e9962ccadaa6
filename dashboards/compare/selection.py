"""What a comparison page asks for: which municipalities, which filter, sort and map.

The page is a GET form that works without JavaScript; its query string is the whole
state, so every view of the comparison has an address that can be shared and
bookmarked. ``CompareForm`` validates it (Swedish messages naming the field) and gives
a ``Selection``: plain, hashable, with a canonical cache key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.forms import NamedErrorsMixin

CONTRACT, COUNTY, ALL, PICKED = "kontrakt", "lan", "alla", "valda"
SCOPES = (
    (CONTRACT, _("Klimatkontraktsstäderna (23)")),
    (COUNTY, _("Ett län")),
    (ALL, _("Alla 290 kommuner")),
    (PICKED, _("Valda kommuner")),
)

#: Measures the map can colour by: key → (label, unit).
MEASURES = {
    "per_inv": (_("Territoriella utsläpp per invånare"), "t CO2e/inv."),
    "sedan_1990": (_("Förändring sedan 1990"), "%"),
    "sedan_2015": (_("Förändring sedan 2015"), "%"),
    "konsumtion": (_("Konsumtionsbaserade utsläpp per invånare"), "t CO2e/inv."),
}
DEFAULT_MEASURE = "per_inv"

#: Columns the table sorts by (``?sort=key`` ascending, ``?sort=-key`` descending).
SORT_KEYS = (
    "namn",
    "lan",
    "per_inv",
    "sedan_1990",
    "sedan_2015",
    "trend",
    "behov",
    "status",
    "konsumtion",
    "atgarder",
    "uppfoljda",
    "ataganden",
    "investeringar",
)
DEFAULT_SORT = "namn"

#: Columns the person may choose (besides the municipality, always shown), in table order;
#: Kolada key figures are ``k_<KPI id>`` (e.g. ``k_N00401``), after ``konsumtion``.
COLUMNS = (
    ("lan", _("Län")),
    ("per_inv", _("Utsläpp per invånare")),
    ("sedan_1990", _("Förändring sedan 1990")),
    ("sedan_2015", _("Förändring sedan 2015")),
    ("arsforandring", _("Förändring senaste året")),
    ("utslapp", _("Utsläpp")),
    ("trend", _("Huvudmålet: takt hittills")),
    ("behov", _("Huvudmålet: takt som behövs")),
    ("status", _("Huvudmålets status (eller nationell referens)")),
    ("paris", _("Parislinjen (Klimatkollen)")),
    ("konsumtion", _("Konsumtionsbaserade utsläpp")),
    ("atgarder", _("Åtgärder")),
    ("uppfoljda", _("Uppföljda denna period")),
    ("ataganden", _("Kontraktets åtaganden uppföljda")),
    ("investeringar", _("Planerade investeringar")),
)
COLUMN_KEYS = tuple(key for key, _label in COLUMNS)
#: Shown until the person chooses: what reads in two minutes and fits 1280 px (the county,
#: the headline target's two rates and the investments are a choice away; Kolada key
#: figures are chosen, never shown unasked).
DEFAULT_COLUMNS = (
    "per_inv",
    "sedan_1990",
    "sedan_2015",
    "arsforandring",
    "utslapp",
    "status",
    "paris",
    "konsumtion",
    "atgarder",
    "uppfoljda",
)
KEY_FIGURE_PREFIX = "k_"
_KEY_FIGURE = re.compile(r"^k_[A-Z]\d{5}$")


def is_column(key: str) -> bool:
    return key in COLUMN_KEYS or bool(_KEY_FIGURE.match(key))


NO_TARGET = "inget"
STATUS_FILTERS = (
    ("", _("Alla")),
    ("off_track", _("Inte i fas")),
    ("at_risk", _("Risk att missa målet")),
    ("on_track", _("I fas")),
    ("achieved", _("Uppnått")),
    ("insufficient_data", _("För lite data")),
    ("no_data", _("Data saknas")),
    (NO_TARGET, _("Inget klimatmål")),
)

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Selection:
    """A comparison's whole state, validated. ``picked`` holds municipality codes."""

    scope: str = CONTRACT
    county: str = ""
    picked: tuple[str, ...] = ()
    status: str = ""
    search: str = ""
    measure: str = DEFAULT_MEASURE
    sort: str = DEFAULT_SORT
    descending: bool = False
    invest_from: int | None = None
    invest_to: int | None = None
    columns: tuple[str, ...] = DEFAULT_COLUMNS

    def shows(self, key: str) -> bool:
        return key == "namn" or key in self.columns

    @property
    def sort_param(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort

    def params(self) -> dict[str, str]:
        """The query parameters that give this selection (defaults left out)."""
        found = {
            "urval": self.scope if self.scope != CONTRACT else "",
            "lan": self.county if self.scope == COUNTY else "",
            "kommuner": ", ".join(self.picked) if self.scope == PICKED else "",
            "status": self.status,
            "sok": self.search,
            "karta": self.measure if self.measure != DEFAULT_MEASURE else "",
            "inv_fran": str(self.invest_from) if self.invest_from is not None else "",
            "inv_till": str(self.invest_to) if self.invest_to is not None else "",
            "sort": self.sort_param if self.sort_param != DEFAULT_SORT else "",
            "kol": ",".join(self.columns) if self.columns != DEFAULT_COLUMNS else "",
        }
        return {key: value for key, value in found.items() if value}

    def query(self, **changes: object) -> str:
        """``?…`` for this selection with ``changes`` applied (e.g. another sort)."""
        params = replace(self, **changes).params() if changes else self.params()  # type: ignore[arg-type]
        return "?" + urlencode(params) if params else "?"

    @property
    def key(self) -> str:
        """A canonical cache key: equal selections give equal keys."""
        return urlencode(sorted(self.params().items()))


def normalise(text: str) -> str:
    """Lower case, composed Unicode, single spaces: how names are compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


class CompareForm(NamedErrorsMixin, forms.Form):
    """The comparison's choices, as query parameters (Swedish names, as in the address)."""

    urval = forms.ChoiceField(
        label=_("Kommuner att jämföra"),
        choices=SCOPES,
        required=False,
        widget=forms.RadioSelect,
    )
    lan = forms.ChoiceField(label=_("Län"), required=False)
    kommuner = forms.CharField(
        label=_("Valda kommuner"),
        required=False,
        max_length=8000,
        help_text=_("Namn eller kommunkoder, åtskilda med kommatecken, t.ex. Umeå, Malmö, 0180."),
    )
    status = forms.ChoiceField(
        label=_("Huvudmålets status"), choices=STATUS_FILTERS, required=False
    )
    sok = forms.CharField(label=_("Kommunnamnet innehåller"), required=False, max_length=100)
    karta = forms.ChoiceField(
        label=_("Kartan visar"),
        choices=[(key, label) for key, (label, _unit) in MEASURES.items()],
        required=False,
    )
    inv_fran = forms.IntegerField(
        label=_("Investeringar från år"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    inv_till = forms.IntegerField(
        label=_("Investeringar till och med år"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )
    sort = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    kol = forms.CharField(label=_("Kolumner"), required=False, max_length=500)

    def __init__(
        self,
        data,
        *,
        municipalities: Sequence[tuple[str, str]],
        counties: Sequence[tuple[str, str]],
    ) -> None:
        """``municipalities``: (code, name) of all 290; ``counties``: (code, name)."""
        super().__init__(data)
        county = self.fields["lan"]
        assert isinstance(county, forms.ChoiceField)
        county.choices = [("", _("Välj län")), *counties]
        self._codes = {code for code, _name in municipalities}
        self._by_name: dict[str, str] = {}
        for code, name in municipalities:
            self._by_name.setdefault(normalise(name), code)

    def clean_kommuner(self) -> tuple[str, ...]:
        """The municipalities named, as codes; names that match none are kept aside and
        refused in ``clean`` only when the list is what the page compares."""
        text = self.cleaned_data.get("kommuner") or ""
        codes: list[str] = []
        self._unknown: list[str] = []
        for token in re.split(r"[,;\n]+", text):
            name = token.strip()
            if not name:
                continue
            code = name if name in self._codes else self._by_name.get(normalise(name))
            if code is None:
                self._unknown.append(name)
            elif code not in codes:
                codes.append(code)
        return tuple(sorted(codes))

    def clean_sort(self) -> tuple[str, bool]:
        value = (self.cleaned_data.get("sort") or "").strip()
        descending = value.startswith("-")
        key = value.lstrip("-") or DEFAULT_SORT
        if key not in SORT_KEYS and not is_column(key):
            raise forms.ValidationError(_("okänd kolumn att sortera på."))
        return key, descending

    def clean_kol(self) -> tuple[str, ...]:
        """The chosen columns, in table order; unknown names are left out (an old
        bookmark), none chosen means the default set."""
        raw = self.cleaned_data.get("kol") or ""
        chosen = [k.strip() for k in re.split(r"[,\s]+", raw) if k.strip()]
        known = [k for k in COLUMN_KEYS if k in chosen]
        figures = sorted(k for k in chosen if _KEY_FIGURE.match(k))
        at = known.index("konsumtion") + 1 if "konsumtion" in known else len(known)
        columns = tuple(known[:at] + figures + known[at:])
        return columns or DEFAULT_COLUMNS

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        scope = data.get("urval") or CONTRACT
        if scope == COUNTY and not data.get("lan") and "lan" not in self.errors:
            self.add_named_error("lan", _("Välj ett län."))
        unknown = getattr(self, "_unknown", [])
        if scope == PICKED and unknown:
            self.add_named_error(
                "kommuner",
                _("Hittar ingen kommun som heter eller har koden %(names)s.")
                % {"names": ", ".join(f"”{n[:60]}”" for n in unknown[:10])},
            )
        elif scope == PICKED and not data.get("kommuner") and "kommuner" not in self.errors:
            self.add_named_error("kommuner", _("Skriv minst en kommun."))
        first, last = data.get("inv_fran"), data.get("inv_till")
        if first is not None and last is not None and first > last:
            self.add_named_error("inv_till", _("Året kan inte vara före från-året."))
        return data

    def selection(self) -> Selection:
        """The validated selection (call after ``is_valid()`` returned True)."""
        data = self.cleaned_data
        scope = data.get("urval") or CONTRACT
        sort, descending = data.get("sort") or (DEFAULT_SORT, False)
        return Selection(
            scope=scope,
            county=(data.get("lan") or "") if scope == COUNTY else "",
            picked=(data.get("kommuner") or ()) if scope == PICKED else (),
            status=data.get("status") or "",
            search=(data.get("sok") or "").strip(),
            measure=data.get("karta") or DEFAULT_MEASURE,
            sort=sort,
            descending=descending,
            invest_from=data.get("inv_fran"),
            invest_to=data.get("inv_till"),
            columns=data.get("kol") or DEFAULT_COLUMNS,
        )
