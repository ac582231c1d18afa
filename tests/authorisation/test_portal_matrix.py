"""Portal routes tried the ways the role matrix cannot express.

The matrix (rows/portal.py) tries each public portal route with a valid token as every persona.
A portal route's access does not depend on roles but on the token, so here each route is tried,
as every persona, with: another candidate's token (sees only that candidate, never the first
one's data), an expired, a revoked, an unknown and a malformed token, and no token at all (an
owner's session gives nothing more than an anonymous visitor). Every failure must be the same
404 page.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalAnswer, PortalLink
from partnerwijzer.portal.tests import builders as f
from tests.personas import PERSONA_NAMES, Personas

PUBLIC_ROUTES = ["questionnaire", "answer", "upload", "upload_remove", "submit", "receipt", "ask"]
POSTS = {"answer", "upload", "upload_remove", "ask"}
BAD_TOKENS = ["expired", "revoked", "unknown", "malformed"]


def _url(route: str, token: str) -> str:
    kwargs: dict[str, Any] = {"token": token}
    if route == "upload_remove":
        kwargs["upload_id"] = "00000000-0000-0000-0000-000000000000"
    return reverse(f"portal:{route}", kwargs=kwargs)


def _call(client: Client, route: str, token: str, data: dict[str, Any] | None = None) -> Any:
    method = client.post if route in POSTS else client.get
    return method(_url(route, token), data or {})


@pytest.fixture
def setup(personas: Personas, settings: Any) -> f.PortalSetup:
    settings.PORTAL_FAILED_ATTEMPT_LIMIT = 1000  # many failures from one test address on purpose
    return f.make_portal(personas)


def _bad_token(kind: str, setup: f.PortalSetup, personas: Personas) -> str:
    if kind == "expired":
        PortalLink.objects.filter(pk=setup.link_a.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        return setup.token_a
    if kind == "revoked":
        services.link_revoke(actor=personas.owner, link=setup.link_a)
        return setup.token_a
    if kind == "unknown":
        return secrets.token_urlsafe(32)
    return "..%2F" + setup.token_a[:10]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("kind", BAD_TOKENS)
@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_bad_token_gets_the_one_not_valid_page(
    personas: Personas, setup: f.PortalSetup, route: str, kind: str, persona: str
) -> None:
    token = _bad_token(kind, setup, personas)
    response = _call(personas.client(persona), route, token)
    assert response.status_code == 404, (route, kind, persona)
    assert '<h1 id="not-valid">' in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Acme" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_another_candidates_token_reaches_only_that_candidate(
    personas: Personas, setup: f.PortalSetup, route: str, persona: str
) -> None:
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Only for Acme")
    question = setup.questions[0]
    data = {"question": str(question.pk), f"answer-{question.pk}": "Written by Beta"} if route == "answer" else None
    response = _call(personas.client(persona), route, setup.token_b, data)
    assert response.status_code in {200, 302, 400}, (route, persona, response.status_code)
    body = response.content.decode()
    assert "Only for Acme" not in body
    assert "Acme AI" not in body
    assert PortalAnswer.objects.get(link=setup.link_a).text == "Only for Acme"


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_no_token_gives_nothing_even_to_an_owner(personas: Personas, setup: f.PortalSetup, persona: str) -> None:
    client = personas.client(persona)
    for path in ("/portal/", "/portal//", "/portal//submit/", "/portal//receipt/"):
        assert client.get(path).status_code == 404, (persona, path)
    # An owner's session with an invalid token: the same page as anyone.
    response = client.get(_url("questionnaire", secrets.token_urlsafe(32)))
    assert response.status_code == 404
    assert '<h1 id="not-valid">' in response.content.decode()
