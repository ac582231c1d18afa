"""Attach the current membership to each request, apply the user's or the organisation's language,
lead members of organisations that require two-factor sign-in to set it up, and slide the
session's expiry without writing it on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.accounts.access import (
    SESSION_KEY,
    current_membership,
    request_memberships,
    two_factor_required,
    withdrawn_grant,
)
from partnerwijzer.accounts.selectors import has_two_factor


class CurrentMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            # The user's own memberships and, for an adviser acting in a client, that client's only
            # (not the thousands a hub reaches); kept for the layout's organisation switcher
            # (context_processors.membership) on reads.
            memberships = request_memberships(request.user, request.session.get(SESSION_KEY))
            request.all_memberships = memberships  # type: ignore[attr-defined]
            request.membership = current_membership(request, memberships)  # type: ignore[attr-defined]
            # Read by TwoFactorRequiredMiddleware.
            request.two_factor_required = two_factor_required(memberships)  # type: ignore[attr-defined]
            refused = self._access_withdrawn(request, request.membership)  # type: ignore[attr-defined]
            if refused is not None:
                return refused
        else:
            request.membership = None  # type: ignore[attr-defined]
            request.two_factor_required = False  # type: ignore[attr-defined]
        return self.get_response(request)

    @staticmethod
    def _access_withdrawn(request: HttpRequest, membership: object) -> HttpResponse | None:
        """The session still names a client whose owners revoked the adviser's access: refuse this
        request with a page that says so (once; the session then falls back to the adviser's own
        organisation). The API names the organisation in each path and answers 404 instead."""
        chosen = request.session.get(SESSION_KEY)
        if not chosen or chosen == str(getattr(membership, "organisation_id", "")) or request.path.startswith("/api/"):
            return None
        grant = withdrawn_grant(request.user, chosen)  # type: ignore[arg-type]
        if grant is None:
            return None
        del request.session[SESSION_KEY]
        organisation = getattr(membership, "organisation", None)
        language = getattr(request.user, "language", "") or getattr(organisation, "language", "")
        if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(language)
        return render(request, "errors/access_withdrawn.html", {"grant": grant}, status=403)


class OrganisationLanguageMiddleware:
    """For members who never picked a language, use their organisation's language.

    Order of precedence: the language switcher's cookie, then the language saved on the user's
    account page, then the organisation's language, then the browser's Accept-Language
    (LocaleMiddleware), then Dutch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            language = getattr(request.user, "language", "") or (membership.organisation.language if membership else "")
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or "nl")
        return response


# Where a member who must set up two-factor sign-in may still go: accounts' own pages, and the
# routes of other apps the project names in settings.TWO_FACTOR_SETUP_ALLOWED_ROUTES (accounts is
# below them and never names them itself; docs/architecture.md).
TWO_FACTOR_SETUP_ALLOWED = frozenset(
    {
        "accounts:account",
        "accounts:two_factor_setup",
        "accounts:logout",
        "accounts:login",
        "accounts:login_verify",
    }
)


class TwoFactorRequiredMiddleware:
    """Members of an organisation that requires two-factor sign-in, signed in without it, are led
    to set it up: pages redirect to the set-up page; the API (browser session) answers 403.
    API calls with a personal token are not affected (the token page is behind this middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "two_factor_required", False) and self._must_set_up(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": TWO_FACTOR_API_MESSAGE}, status=403)
            messages.warning(
                request,
                _("Your organisation requires two-factor sign-in. Set it up to continue; it takes two minutes."),
            )
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request: HttpRequest) -> bool:
        if request.path.startswith("/api/") and "authorization" in request.headers:
            return False
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return False
        allowed = name in TWO_FACTOR_SETUP_ALLOWED or name in settings.TWO_FACTOR_SETUP_ALLOWED_ROUTES
        return not allowed and not has_two_factor(request.user)  # type: ignore[arg-type]


TWO_FACTOR_API_MESSAGE = (
    "Your organisation requires two-factor sign-in. Set it up on your account page, or use a personal API token."
)


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
