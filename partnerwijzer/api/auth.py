"""How API callers sign in: a personal bearer token, or the browser's Django session.

``BearerTokenAuth`` is tried first. A request that sends an ``Authorization`` header is judged
by that header alone: a malformed, unknown, revoked or expired token gives 401 even when a
session cookie is present, so a broken script never silently runs as whoever is logged in.

``SessionAuth`` serves the browser (HTMX, the app's own JavaScript). It enforces Django's CSRF
check on unsafe methods (POST, PUT, PATCH, DELETE), exactly like a form post.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from partnerwijzer.accounts.models import User
from partnerwijzer.api.services import api_token_authenticate

MALFORMED_HEADER = "Malformed Authorization header. Send 'Authorization: Bearer <token>'."
INVALID_TOKEN = "Invalid token: it is unknown, revoked or expired."  # noqa: S105 (a message)
NOT_AUTHENTICATED = "Authentication required. Send 'Authorization: Bearer <token>' or sign in."
CSRF_FAILED = (
    "CSRF check failed. Send the CSRF token in the X-CSRFToken header, or use a bearer token."
)


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer pw_...`` with a personal token from ``/account/tokens/``."""

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get(self.header)
        if header is None:
            return None  # not a token request: let the session have a go
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or " " in token:
            raise AuthenticationError(message=MALFORMED_HEADER)
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> User:
        api_token = api_token_authenticate(token)
        if api_token is None:
            raise AuthenticationError(message=INVALID_TOKEN)
        # The rest of the request sees the token's user, as with a session.
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with Django's CSRF check on unsafe methods."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # anonymous: 401, not a CSRF complaint
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name, "")

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


bearer_auth = BearerTokenAuth()
session_auth = SessionAuth()
