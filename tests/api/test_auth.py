"""How callers sign in to the API: bearer tokens, the session with CSRF, and JSON errors."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.http import JsonResponse
from django.test import Client
from django.utils import timezone

from partnerwijzer.api.models import ApiToken
from partnerwijzer.api.services import api_token_create, api_token_revoke
from tests.api.conftest import patch_json
from tests.personas import Personas

ME = "/api/v1/me"


def _detail(response: object) -> str:
    body = json.loads(response.content)  # type: ignore[attr-defined]
    assert set(body) >= {"detail"}
    assert isinstance(body["detail"], str)
    return str(body["detail"])


def test_bearer_token_authenticates(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.viewer, name="x")
    response = Client().get(ME, headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 200
    assert response.json()["email"] == "viewer@example.com"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_scheme_is_case_insensitive(personas: Personas) -> None:
    _, plaintext = api_token_create(user=personas.viewer, name="x")
    assert Client().get(ME, headers={"Authorization": f"bearer {plaintext}"}).status_code == 200


def test_anonymous_gets_json_401_not_a_login_redirect(db: None) -> None:
    response = Client().get(ME)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in _detail(response)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Token pw_abc",
        "Bearer pw_abc extra",
        "pw_abc",
    ],
)
def test_malformed_header_is_401_json(personas: Personas, header: str) -> None:
    response = Client().get(ME, headers={"Authorization": header})
    assert response.status_code == 401
    assert "Malformed" in _detail(response) or "Invalid token" in _detail(response)


def test_unknown_token_is_401(personas: Personas) -> None:
    response = Client().get(ME, headers={"Authorization": "Bearer pw_notatokenthatexists"})
    assert response.status_code == 401
    assert "Invalid token" in _detail(response)


def test_revoked_token_is_401(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="x")
    api_token_revoke(actor=personas.owner, token=token)
    response = Client().get(ME, headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401
    assert "Invalid token" in _detail(response)


def test_expired_token_is_401(personas: Personas) -> None:
    token, plaintext = api_token_create(user=personas.owner, name="x")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(ME, headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session(personas: Personas) -> None:
    client = personas.client("owner")
    assert client.get(ME).status_code == 200
    response = client.get(ME, headers={"Authorization": "Bearer pw_wrong"})
    assert response.status_code == 401


def test_token_wins_over_the_session(personas: Personas) -> None:
    _, plaintext = api_token_create(user=personas.viewer, name="x")
    client = personas.client("owner")
    response = client.get(ME, headers={"Authorization": f"Bearer {plaintext}"})
    assert response.json()["email"] == "viewer@example.com"


def test_session_authenticates_safe_methods(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.evaluator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == "evaluator@example.com"


def _csrf_client(personas: Personas) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.owner, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/account/tokens/")  # any page with a form sets the CSRF cookie
    return client, client.cookies[settings.CSRF_COOKIE_NAME].value


def test_session_patch_without_csrf_token_is_refused(personas: Personas) -> None:
    client, _csrf = _csrf_client(personas)
    url = f"/api/v1/organisations/{personas.organisation.pk}"
    response = patch_json(client, url, {"name": "Hijacked"})
    assert response.status_code == 403
    assert "CSRF" in _detail(response)
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"


def test_session_patch_with_csrf_token_succeeds(personas: Personas) -> None:
    client, csrf = _csrf_client(personas)
    url = f"/api/v1/organisations/{personas.organisation.pk}"
    response = patch_json(client, url, {"name": "Van Dijk BV"}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 200
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk BV"


def test_bearer_patch_needs_no_csrf_token(personas: Personas) -> None:
    _, plaintext = api_token_create(user=personas.owner, name="x")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {plaintext}"})
    url = f"/api/v1/organisations/{personas.organisation.pk}"
    assert patch_json(client, url, {"language": "de"}).status_code == 200


def test_anonymous_patch_is_401_not_a_csrf_error(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = patch_json(client, "/api/v1/organisations/00000000-0000-0000-0000-000000000000", {"name": "x"})
    assert response.status_code == 401


def test_schema_is_public_json(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Partnerwijzer API"
    assert schema["info"]["version"] == "1"
    assert "/api/v1/me" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerTokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"


def test_schema_is_built_once_per_process_and_served_the_same(db: None, monkeypatch: Any) -> None:
    from partnerwijzer.api import views
    from partnerwijzer.api.api import api

    monkeypatch.setattr(views, "_SCHEMA_JSON", {})
    built = []
    build = api.get_openapi_schema

    def counting(**kwargs: Any) -> Any:
        built.append(1)
        return build(**kwargs)

    monkeypatch.setattr(api, "get_openapi_schema", counting)
    first, second = Client().get("/api/openapi.json"), Client().get("/api/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert first.content == second.content
    assert first.json() == json.loads(JsonResponse(build()).content)  # what the API object describes
    assert len(built) == 1


def test_no_interactive_docs_and_unknown_api_paths_are_json_404(db: None) -> None:
    for path in ("/api/v1/docs", "/api/v1/", "/api/v1/nothing/here", "/api/v2/me", "/api/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}, path


def test_wrong_method_is_json_405(personas: Personas) -> None:
    _, plaintext = api_token_create(user=personas.owner, name="x")
    response = Client().delete(ME, headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 405
    assert response.json() == {"detail": "Method not allowed."}
    assert response["Allow"] == "GET"
