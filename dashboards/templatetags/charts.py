"""Template helpers for charts: a chart's whole block (figure, summary, table, downloads)."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.charts.chart import Chart
from dashboards.charts.tables import chart_html

register = template.Library()


@register.simple_tag
def chart_block(chart: Chart, slug: str) -> SafeString:
    """``{% chart_block chart city.slug %}``: the chart with its table and downloads."""

    def url(fmt: str) -> str:
        return reverse("city:chart-data", kwargs={"slug": slug, "chart": chart.id, "fmt": fmt})

    labels = {"table": _("Tabell: %(title)s"), "download": _("Ladda ner värdena:")}
    return chart_html(chart, csv_url=url("csv"), xlsx_url=url("xlsx"), labels=labels)
