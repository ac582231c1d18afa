"""Attach the current membership to each request, apply the organisation's language, slide the
session's expiry without writing it on every request."""

from __future__ import annotations

import time
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


RENEWED_KEY = "_pw_renewed"


class SessionRenewalMiddleware:
    """Slide a signed-in session's expiry at most once per ``SESSION_RENEW_SECONDS``.

    Django would otherwise have to save the session on every request
    (``SESSION_SAVE_EVERY_REQUEST``) to keep "8 hours without activity" true: one database
    write per page view, which fails while another process holds SQLite's write lock. Marking
    the session modified here (before SessionMiddleware's response phase) makes Django save it,
    with a fresh expiry, only when the last renewal is older than the interval.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(RENEWED_KEY)
            stale = not isinstance(last, int) or not 0 <= now - last < settings.SESSION_RENEW_SECONDS
            # A session saved anyway (it changed) records the renewal for free.
            if stale or request.session.modified:
                request.session[RENEWED_KEY] = now
        return response
