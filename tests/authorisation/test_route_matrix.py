"""Every URL pattern of the site, tried as every persona.

The test enumerates Django's resolver and fails when a route has no row in ``MATRIX``, so a
new page cannot ship without stating who may use it. API operations have their own matrix in
``test_api_matrix.py`` (enumerated from the OpenAPI schema).

Outcomes: an HTTP status, or ``LOGIN`` for "redirected to the login page".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnerwijzer.accounts.models import Invitation, Membership
from partnerwijzer.accounts.services import invitation_create
from partnerwijzer.api.services import api_token_create
from tests.personas import PERSONA_NAMES, Personas

LOGIN = "login"
# Namespaces whose routes are the JSON API: covered operation by operation in test_api_matrix.
API_NAMESPACES = {"api-v1"}


@dataclass
class Case:
    expect: dict[str, int | str]
    method: str = "get"
    kwargs: Callable[[Personas], dict[str, Any]] = lambda p: {}
    data: Callable[[Personas], dict[str, Any]] = lambda p: {}
    notes: list[str] = field(default_factory=list)


def _everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(PERSONA_NAMES, status)


def _members(status: int | str, *, anonymous: int | str = LOGIN) -> dict[str, int | str]:
    return {"anonymous": anonymous, "outsider": status, "viewer": status, "evaluator": status, "owner": status}


def _owner_only(ok: int, *, outsider: int) -> dict[str, int | str]:
    """Owners may; viewers and evaluators get 403; the outsider gets ``outsider``."""
    return {"anonymous": LOGIN, "outsider": outsider, "viewer": 403, "evaluator": 403, "owner": ok}


def _viewer_membership(p: Personas) -> dict[str, Any]:
    return {"membership_id": Membership.objects.get(user=p.viewer, organisation=p.organisation).pk}


def _invitation(p: Personas) -> Invitation:
    return invitation_create(
        actor=p.owner, organisation=p.organisation, email="new@example.com", role="viewer"
    ).invitation


def _invitation_token(p: Personas) -> dict[str, Any]:
    return {
        "token": invitation_create(
            actor=p.owner, organisation=p.organisation, email="new@example.com", role="viewer"
        ).token
    }


def _owner_token(p: Personas) -> dict[str, Any]:
    token, _plain = api_token_create(user=p.owner, name="ci")
    return {"token_id": token.pk}


MATRIX: dict[str, Case] = {
    "set_language": Case(_everyone(302), method="post", data=lambda p: {"language": "de", "next": "/"}),
    "accounts:login": Case({**_members(302), "anonymous": 200}),
    "accounts:logout": Case(_everyone(302), method="post"),
    "accounts:signup": Case({**_members(302), "anonymous": 200}),
    "accounts:password_reset": Case(_everyone(200)),
    "accounts:password_reset_done": Case(_everyone(200)),
    "accounts:password_reset_confirm": Case(_everyone(200), kwargs=lambda p: {"uidb64": "MQ", "token": "x-y"}),
    "accounts:password_reset_complete": Case(_everyone(200)),
    "accounts:organisation_create": Case(_members(200)),
    "accounts:organisation_switch": Case(
        {**_members(302), "outsider": 404},
        method="post",
        data=lambda p: {"organisation": str(p.organisation.pk)},
    ),
    # The outsider owns their own organisation, so org-level pages show *their* data.
    "accounts:organisation_settings": Case(_owner_only(200, outsider=200)),
    "accounts:members": Case(_members(200)),
    "accounts:member_role": Case(
        _owner_only(302, outsider=404), method="post", kwargs=_viewer_membership, data=lambda p: {"role": "evaluator"}
    ),
    "accounts:member_remove": Case(_owner_only(200, outsider=404), kwargs=_viewer_membership),
    "accounts:invitation_create": Case(
        _owner_only(200, outsider=200),
        method="post",
        data=lambda p: {"email": "colleague@example.com", "role": "viewer"},
    ),
    "accounts:invitation_revoke": Case(
        _owner_only(302, outsider=404), method="post", kwargs=lambda p: {"invitation_id": _invitation(p).pk}
    ),
    "accounts:invitation_accept": Case(_everyone(200), kwargs=_invitation_token),
    "audit:log": Case(_owner_only(200, outsider=200)),
    "journey:dashboard": Case(_members(200)),
    "knowledge:index": Case(_members(200)),
    "knowledge:criteria": Case(_members(200)),
    "knowledge:implementation_models": Case(_members(200)),
    "knowledge:provider_types": Case(_members(200)),
    "knowledge:sourcing_channels": Case(_members(200)),
    "knowledge:department_budget": Case(_members(200)),
    "knowledge:sources": Case(_members(200)),
    "api:openapi": Case(_everyone(200)),
    "api:not_found": Case(_everyone(404)),
    # API tokens are personal: another user's token is the same 404 as a missing one.
    "api:tokens": Case(_members(200)),
    "api:token_revoke": Case({**_members(404), "owner": 200}, kwargs=_owner_token),
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            yield (f"{namespace}:{name}" if namespace else name), namespace


def site_routes() -> list[str]:
    routes = []
    for name, namespace in _walk(get_resolver().url_patterns):
        if API_NAMESPACES & set(namespace.split(":")):
            continue
        routes.append(name)
    return sorted(set(routes))


def test_every_route_is_in_the_matrix() -> None:
    routes = set(site_routes())
    missing = routes - set(MATRIX)
    stale = set(MATRIX) - routes
    assert not missing, f"Routes without a row in the role matrix: {sorted(missing)}"
    assert not stale, f"Matrix rows for routes that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_as_persona(personas: Personas, route: str, persona: str) -> None:
    case = MATRIX[route]
    url = reverse(route, kwargs=case.kwargs(personas))
    client: Client = personas.client(persona)
    response = getattr(client, case.method)(url, data=case.data(personas))
    expected = case.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302, (route, persona, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == expected, (route, persona, response.status_code)
