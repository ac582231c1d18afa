"""Attach the current membership to each request and apply the organisation's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from partnerwijzer.accounts.access import current_membership


class CurrentMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = current_membership(request) if request.user.is_authenticated else None  # type: ignore[attr-defined]
        return self.get_response(request)


class OrganisationLanguageMiddleware:
    """For members who never picked a language, use their organisation's language.

    Order of precedence: the language switcher's cookie, then the organisation's language,
    then the browser's Accept-Language (LocaleMiddleware), then Dutch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if membership is not None and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            language = membership.organisation.language
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or "nl")
        return response
