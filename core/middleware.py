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
from django.http import HttpRequest, HttpResponse
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
