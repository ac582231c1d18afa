"""The user and organisation endpoints, per persona."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerwijzer.accounts.models import Membership, Organisation
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.models import AuditEvent
from tests.api.conftest import bearer_client, patch_json
from tests.personas import Personas


def _org_url(organisation_id: Any, suffix: str = "") -> str:
    return f"/api/v1/organisations/{organisation_id}{suffix}"


def test_me_lists_the_memberships(personas: Personas) -> None:
    second = Organisation.objects.create(name="Another BV")
    Membership.objects.create(user=personas.evaluator, organisation=second, role=Role.OWNER)

    body = bearer_client(personas.evaluator).get("/api/v1/me").json()

    assert body["id"] == str(personas.evaluator.pk)
    assert body["email"] == "evaluator@example.com"
    assert body["full_name"] == "Evaluator"
    assert {(m["organisation_name"], m["role"]) for m in body["memberships"]} == {
        ("Van Dijk Machinebouw", "evaluator"),
        ("Another BV", "owner"),
    }
    assert {m["organisation_id"] for m in body["memberships"]} == {str(personas.organisation.pk), str(second.pk)}


def test_organisations_lists_only_the_callers(personas: Personas) -> None:
    mine = bearer_client(personas.viewer).get("/api/v1/organisations").json()
    assert mine == [{
        "id": str(personas.organisation.pk), "name": "Van Dijk Machinebouw", "language": "nl", "role": "viewer",
        "require_two_factor": False, "created_at": mine[0]["created_at"],
    }]
    theirs = bearer_client(personas.outsider).get("/api/v1/organisations").json()
    assert [o["name"] for o in theirs] == ["Other GmbH"]


@pytest.mark.parametrize("persona", ["viewer", "evaluator", "owner"])
def test_organisation_detail_for_members(personas: Personas, persona: str) -> None:
    response = bearer_client(getattr(personas, persona)).get(_org_url(personas.organisation.pk))
    assert response.status_code == 200
    assert response.json()["role"] == persona
    assert response.json()["name"] == "Van Dijk Machinebouw"


@pytest.mark.parametrize("suffix", ["", "/members"])
def test_outsider_gets_the_same_404_as_for_a_missing_organisation(personas: Personas, suffix: str) -> None:
    client = bearer_client(personas.outsider)
    other = client.get(_org_url(personas.organisation.pk, suffix))
    missing = client.get(_org_url(uuid.uuid4(), suffix))
    malformed = client.get(_org_url("not-a-uuid", suffix))
    assert other.status_code == missing.status_code == malformed.status_code == 404
    assert other.content == missing.content == malformed.content
    assert other.json() == {"detail": "Not found."}
    assert dict(other.headers) == dict(missing.headers)


def test_outsider_patch_is_the_same_404(personas: Personas) -> None:
    client = bearer_client(personas.outsider)
    other = patch_json(client, _org_url(personas.organisation.pk), {"name": "Taken over"})
    missing = patch_json(client, _org_url(uuid.uuid4()), {"name": "Taken over"})
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_non_owners_may_not_patch(personas: Personas, persona: str) -> None:
    response = patch_json(bearer_client(getattr(personas, persona)), _org_url(personas.organisation.pk),
                          {"name": "Renamed", "language": "en"})
    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"
    assert personas.organisation.language == "nl"
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


def test_owner_patches_name_and_language(personas: Personas) -> None:
    client = bearer_client(personas.owner)
    response = patch_json(client, _org_url(personas.organisation.pk), {"name": "  Van Dijk BV ", "language": "de"})

    assert response.status_code == 200
    assert response.json()["name"] == "Van Dijk BV"
    assert response.json()["language"] == "de"
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk BV"
    assert personas.organisation.language == "de"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == personas.owner
    assert event.organisation == personas.organisation
    assert event.changes == {"name": ["Van Dijk Machinebouw", "Van Dijk BV"], "language": ["nl", "de"]}


def test_owner_patch_of_one_field_keeps_the_other(personas: Personas) -> None:
    response = patch_json(bearer_client(personas.owner), _org_url(personas.organisation.pk), {"language": "en"})
    assert response.status_code == 200
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"
    assert personas.organisation.language == "en"


# --- Require two-factor sign-in (as on the organisation's settings page) ----------------------------


def _with_two_factor(user: Any) -> None:
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_owner_with_two_factor_requires_it_for_members_and_it_is_audited(personas: Personas) -> None:
    _with_two_factor(personas.owner)
    client = bearer_client(personas.owner)
    response = patch_json(client, _org_url(personas.organisation.pk), {"require_two_factor": True})

    assert response.status_code == 200
    assert response.json()["require_two_factor"] is True
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is True
    assert personas.organisation.name == "Van Dijk Machinebouw"  # left out: kept
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == personas.owner
    assert event.changes == {"require_two_factor": [False, True]}
    # Members read it; leaving it out (or null) keeps it; false turns it off again.
    assert bearer_client(personas.viewer).get(_org_url(personas.organisation.pk)).json()["require_two_factor"] is True
    assert patch_json(client, _org_url(personas.organisation.pk), {"name": "Van Dijk BV",
                                                                  "require_two_factor": None}).status_code == 200
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is True
    assert patch_json(client, _org_url(personas.organisation.pk), {"require_two_factor": False}).json()[
        "require_two_factor"] is False
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is False


def test_owner_without_two_factor_cannot_require_it(personas: Personas) -> None:
    client = bearer_client(personas.owner)
    response = patch_json(client, _org_url(personas.organisation.pk), {"name": "Renamed", "require_two_factor": True},
                          HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "require_two_factor"]
    assert "Set up two-factor sign-in for yourself first" in error["msg"]
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is False
    assert personas.organisation.name == "Van Dijk Machinebouw"  # nothing of the request stored
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_non_owners_cannot_require_two_factor_even_with_it_set_up(personas: Personas, persona: str) -> None:
    user = getattr(personas, persona)
    _with_two_factor(user)
    response = patch_json(bearer_client(user), _org_url(personas.organisation.pk), {"require_two_factor": True})
    assert response.status_code == 403
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is False
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


@pytest.mark.parametrize("value", ["yes", "true", 1, [True]])
def test_require_two_factor_takes_a_boolean_only(personas: Personas, value: Any) -> None:
    _with_two_factor(personas.owner)
    response = patch_json(bearer_client(personas.owner), _org_url(personas.organisation.pk),
                          {"require_two_factor": value})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "require_two_factor"]]
    personas.organisation.refresh_from_db()
    assert personas.organisation.require_two_factor is False


def test_the_schema_documents_require_two_factor() -> None:
    import partnerwijzer.routers  # noqa: F401  (mounts every router, as urls.py does)
    from partnerwijzer.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema["components"]["schemas"]
    patch = components["OrganisationPatch"]["properties"]["require_two_factor"]
    assert {"type": "boolean"} in patch["anyOf"]
    assert "require_two_factor" in components["OrganisationOut"]["required"]
    assert 422 in schema["paths"]["/api/v1/organisations/{organisation_id}"]["patch"]["responses"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"language": "fr"}, "language"),
        ({"language": 3}, "language"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": None, "language": "xx"}, "language"),
    ],
)
def test_invalid_patch_is_422_and_changes_nothing(personas: Personas, body: dict[str, Any], field: str) -> None:
    response = patch_json(bearer_client(personas.owner), _org_url(personas.organisation.pk), body)

    assert response.status_code == 422
    payload = response.json()
    assert payload["detail"] == "Invalid input."
    assert [e["loc"] for e in payload["errors"]] == [["body", field]]
    assert all("input" not in e for e in payload["errors"])
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"
    assert personas.organisation.language == "nl"
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


def test_malformed_json_is_an_error_response(personas: Personas) -> None:
    client = bearer_client(personas.owner)
    response = client.patch(_org_url(personas.organisation.pk), data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "De body van het verzoek is geen geldige JSON in UTF-8."}


@pytest.mark.parametrize("persona", ["viewer", "evaluator", "owner"])
def test_members_for_any_member(personas: Personas, persona: str) -> None:
    response = bearer_client(getattr(personas, persona)).get(_org_url(personas.organisation.pk, "/members"))
    assert response.status_code == 200
    members = {m["email"]: m["role"] for m in response.json()}
    assert members == {"owner@example.com": "owner", "evaluator@example.com": "evaluator",
                       "viewer@example.com": "viewer"}
    assert "outsider@example.com" not in members
