"""The language of a request: the visitor's own choice, else Swedish.

Django's ``LocaleMiddleware`` falls back on the browser's ``Accept-Language``, so an
English-language browser would get an English site nobody asked for. Here the site is
Swedish until the visitor picks English with the language switch (Django's
``set_language`` view, which stores the choice in the language cookie). URLs carry no
language prefix, so a link or a bookmark works in either language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_from_cookie(request: HttpRequest) -> str:
    """The supported language named by the language cookie, else ``LANGUAGE_CODE``."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the language from the language cookie (or Swedish) for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_from_cookie(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        # Left active after the response, as Django's LocaleMiddleware does: a streamed
        # download may still translate while it is being sent.
        response = self.get_response(request)
        # The same URL answers in two languages, told apart by the cookie.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response that has none: a
    strict policy (scripts and styles only from our own files, no inline ones), which is
    why the templates have no inline scripts, styles or event handlers. Empty: none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


# Already compressed: gzipping them again costs time and saves nothing.
_COMPRESSED_TYPES = (
    "application/vnd.openxmlformats",  # xlsx, a zip
    "application/pdf",
    "application/zip",
    "image/png",
    "image/jpeg",
    "image/webp",
    "font/woff",
)


class CompressionMiddleware(GZipMiddleware):
    """Django's ``GZipMiddleware`` for what the application itself answers (HTML, JSON,
    CSV), leaving out what is compressed already (xlsx, PDF, images).

    An answer that is compressed already (``Content-Encoding`` set: a stored public page
    served gzipped as stored, ``core.stored_pages.stored_response``, or a frame gzipped
    around stored content deflated when it was built, ``core.stored_pages.framed``) is
    left as it is.

    BREACH: a page a signed-in person gets holds a CSRF token (the logout button and the
    forms are forms). Django masks the token afresh in every response and, since 4.2,
    ``GZipMiddleware`` pads each response with random bytes (Heal-the-BREACH), which is
    what makes compressing those pages safe enough; no other secret is ever written into a
    page. The pages stored whole for visitors with no cookie hold no token and no secret
    (the language switch needs none), so they are compressed once, when stored. Static
    files never pass through here: WhiteNoise, above in ``MIDDLEWARE``, answers them with
    its own precompressed brotli and gzip files.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith(_COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
