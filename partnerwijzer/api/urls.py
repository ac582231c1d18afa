"""``/account/tokens/`` (the token page), ``/api/openapi.json`` and the API at ``/api/v1/``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, path, re_path

from partnerwijzer.api import views
from partnerwijzer.api.api import api

app_name = "api"


def _api_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a ninja view: open it up for LoginRequiredMiddleware and answer 405 in JSON."""

    @wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself for session callers
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = JsonResponse({"detail": "Method not allowed."}, status=405)
            response["Allow"] = allowed
        return response

    return login_not_required(wrapper)


def _api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """ninja's URL patterns, opened up for LoginRequiredMiddleware.

    The API authenticates each operation itself (bearer token or session) and answers 401 in
    JSON; the middleware would otherwise redirect token callers to the HTML login page. ninja's
    own root view (needed only so it can reverse its prefix) is replaced by a JSON 404, and its
    plain-text 405 by a JSON one.
    """
    patterns, app, namespace = api.urls
    opened: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name == "api-root":
            opened.append(path("", views.api_not_found, name="api-root"))
            continue
        if isinstance(pattern, URLPattern):
            opened.append(URLPattern(pattern.pattern, _api_view(pattern.callback), pattern.default_args, pattern.name))
        else:
            opened.append(pattern)
    return opened, app, namespace


urlpatterns = [
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/openapi.json", views.openapi_schema, name="openapi"),
    path("api/v1/", _api_urls()),
    # Anything else below /api/ is a JSON 404, never the HTML page or a login redirect.
    re_path(r"^api/", views.api_not_found, name="not_found"),
]
