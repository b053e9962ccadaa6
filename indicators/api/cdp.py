"""What a municipality itself reported to CDP-ICLEI
(``/api/v1/cities/{code}/cdp/``): its city-wide inventories (reporting year, accounting
year, total and scopes) and its emission reduction targets, as imported from CDP's open
data (``indicators.services.reported``: the same rows the city page shows)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.selectors import city_get
from indicators.models import ReportedInventory, ReportedTarget


def _inventory(row: ReportedInventory) -> dict:
    scopes = [s for s in (row.scope1, row.scope2, row.scope3) if s is not None]
    total = row.total
    if total is None:
        total = sum(scopes) if scopes else None
    return {
        "reporting_year": row.reporting_year,
        "accounting_year": row.accounting_year,
        "period_start": row.period_start.isoformat() if row.period_start else None,
        "period_end": row.period_end.isoformat() if row.period_end else None,
        "protocol": row.protocol,
        "total": total,
        "total_stated": row.total is not None,
        "scope1": row.scope1,
        "scope2": row.scope2,
        "scope3": row.scope3,
        "basic": row.basic,
        "basic_plus": row.basic_plus,
        "unit": "t CO2e",
    }


def _target(row: ReportedTarget) -> dict:
    return {
        "reporting_year": row.reporting_year,
        "type": row.target_type or None,
        "type_text": row.target_type_text,
        "sector": row.sector or None,
        "sector_text": row.sector_text,
        "scopes": list(row.scopes or []),
        "base_year": row.base_year,
        "base_year_emissions": row.base_year_emissions,
        "reduction_percent": row.reduction_percent,
        "target_year": row.target_year,
        "target_year_emissions": row.target_year_emissions,
        "boundary": row.target_boundary,
        "description": row.description,
    }


class CityCdpView(APIView):
    """What the municipality itself reported to CDP-ICLEI, per CDP's open data: its
    city-wide emission inventories (`reporting_year`: CDP's cycle; `accounting_year`: the
    year the inventory is for; `total` and `scope1`–`scope3` in t CO2e; `total` is CDP's
    published total, else the sum of the scopes reported, `total_stated` says which)
    and its emission reduction targets (type, base year, reduction, target year). Empty
    lists when the city reported nothing."""

    @extend_schema(
        tags=["Kommuner"],
        responses=inline_serializer(
            "CityCdp",
            {
                "city": serializers.CharField(),
                "source": serializers.CharField(),
                "files": serializers.ListField(child=serializers.CharField()),
                "inventories": serializers.ListField(child=serializers.DictField()),
                "targets": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request, code: str) -> Response:
        city = city_get(code=code)
        inventories = list(
            ReportedInventory.objects.filter(city=city)
            .select_related("release")
            .order_by("reporting_year", "accounting_year", "row")
        )
        targets = list(
            ReportedTarget.objects.filter(city=city)
            .select_related("release")
            .order_by("reporting_year", "target_year", "row")
        )
        files = sorted({i.release.name for i in inventories} | {t.release.name for t in targets})
        return Response(
            {
                "city": city.code,
                "source": "CDP-ICLEI Track, open data (data.cdp.net)",
                "files": files,
                "inventories": [_inventory(r) for r in inventories],
                "targets": [_target(r) for r in targets],
            }
        )
