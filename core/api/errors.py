"""The API's errors, every one JSON (``{"detail": …}`` or per field), never an HTML page:
the rate limit's answer said wholly in the active language, a JSON 404 for every address
under /api/ that names nothing, and Django's error views (400, 403, 404, 500) answering
JSON under /api/ (an oversized body, an unexpected exception)."""

from __future__ import annotations

import math

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Django REST framework's handler, with the rate limit's answer said wholly in the
    active language (the framework's Swedish translation leaves half of it in English)."""
    if isinstance(exc, RequestDataTooBig):
        from core.api.parsers import too_large_detail

        exc = ParseError(too_large_detail())
    elif isinstance(exc, SuspiciousOperation):
        exc = ParseError(_("Förfrågan kunde inte läsas."))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, Throttled):
        # Throttled sets ``wait`` (seconds until the next allowed request, or None).
        seconds = getattr(exc, "wait", None)
        wait = math.ceil(seconds) if seconds is not None else None
        response.data = {
            "detail": _("För många förfrågningar; försök igen om %(seconds)s sekunder.")
            % {"seconds": wait}
            if wait is not None
            else _("För många förfrågningar; försök igen senare.")
        }
    return response


@csrf_exempt  # it changes nothing; an unknown address is 404 whatever the method
def not_found(request, path: str = "") -> HttpResponse:
    """Every address under /api/ that names nothing: a JSON 404, as the API's own 404s are
    (Django's would be an HTML page). An address missing only its final slash is sent on
    with 308, which keeps the method and body (this catch-all would otherwise stop
    Django's APPEND_SLASH)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api-not-found":
            query = request.META.get("QUERY_STRING", "")
            location = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponse(status=308, headers={"Location": location})
    return JsonResponse({"detail": _("Adressen finns inte i API:t.")}, status=404)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# Django's error views (``handler400`` … ``handler500`` in klimat/urls.py): JSON under
# /api/, the usual pages elsewhere.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            from core.api.parsers import too_large_detail

            return JsonResponse({"detail": too_large_detail()}, status=400)
        return JsonResponse({"detail": _("Förfrågan kunde inte läsas.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Behörighet saknas.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Adressen finns inte i API:t.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        detail = _("Ett fel uppstod på servern; det är rapporterat. Försök igen senare.")
        return JsonResponse({"detail": detail}, status=500)
    return defaults.server_error(request)
