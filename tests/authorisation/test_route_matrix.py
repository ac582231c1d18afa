"""Every URL pattern of the site, tried as every persona.

The test enumerates Django's resolver and fails when a route has no row in the merged matrix
(``ROUTES`` of the modules in ``tests/authorisation/rows/``), so a new page cannot ship without
stating who may use it. API operations have their own matrix in ``test_api_matrix.py``.

Outcomes: an HTTP status, or ``LOGIN`` for "redirected to the login page".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authorisation.matrix import ALL_PERSONA_NAMES, LOGIN, collect, expected
from tests.personas import Personas

# Namespaces whose routes are the JSON API: covered operation by operation in test_api_matrix.
API_NAMESPACES = {"api-v1"}
MATRIX = collect("ROUTES")


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


@pytest.mark.parametrize("persona", ALL_PERSONA_NAMES)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_as_persona(personas: Personas, route: str, persona: str) -> None:
    case = MATRIX[route]
    url = reverse(route, kwargs=case.kwargs(personas))
    client: Client = personas.client(persona)
    response = getattr(client, case.method)(url, data=case.data(personas))
    outcome = expected(case.expect, persona, ownership=case.ownership)
    if outcome == LOGIN:
        assert response.status_code == 302, (route, persona, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == outcome, (route, persona, response.status_code)
