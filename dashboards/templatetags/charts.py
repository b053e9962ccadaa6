"""Template helpers for charts: a chart's whole block (figure, summary, table, downloads)."""

import functools
import re

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

from core.i18n import get_language
from core.i18n import gettext as _
from dashboards.charts.chart import Chart
from dashboards.charts.tables import chart_html

register = template.Library()

#: A chart id that reverse() would write as it is (no percent-encoding).
_PLAIN_ID = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "chart-id-placeholder"


@functools.lru_cache(maxsize=1024)
def _chart_data_prefix(slug: str, urlconf: str, script_prefix: str) -> str:
    """The address of a city's chart downloads up to the chart id ("/kommuner/umea/diagram/"):
    reversed once per city (and URL configuration), not twice per chart."""
    url = reverse(
        "city:chart-data",
        kwargs={"slug": slug, "chart": _PLACEHOLDER, "fmt": "csv"},
        urlconf=urlconf,
    )
    return url.removesuffix(f"{_PLACEHOLDER}.csv")


def chart_data_url(slug: str, chart_id: str, fmt: str) -> str:
    """``reverse("city:chart-data", …)`` of one chart's download (CSV or Excel)."""
    if not _PLAIN_ID.fullmatch(chart_id):
        return reverse("city:chart-data", kwargs={"slug": slug, "chart": chart_id, "fmt": fmt})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return f"{_chart_data_prefix(slug, urlconf, get_script_prefix())}{chart_id}.{fmt}"


_LABELS: dict[str, dict[str, str]] = {}


def _labels() -> dict[str, str]:
    """The words around every chart block, translated once per language."""
    language = get_language() or settings.LANGUAGE_CODE
    if language not in _LABELS:
        _LABELS[language] = {"table": _("Tabell: %(title)s"), "download": _("Ladda ner värdena:")}
    return _LABELS[language]


@register.simple_tag
def chart_block(chart: Chart, slug: str) -> SafeString:
    """``{% chart_block chart city.slug %}``: the chart with its table and downloads."""
    return chart_html(
        chart,
        csv_url=chart_data_url(slug, chart.id, "csv"),
        xlsx_url=chart_data_url(slug, chart.id, "xlsx"),
        labels=_labels(),
    )
