"""The API kit's contract rules (partnerwijzer/api/contract.py), one finding of issue 12 each."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from partnerwijzer.api.api import api
from partnerwijzer.api.common import decimal_in
from partnerwijzer.api.contract import ContractOpenAPISchema, SchemaNameClashError
from partnerwijzer.planning.models import UseCase
from partnerwijzer.textrules import DEFAULT_MAX_LENGTH, TEXT_PATTERN
from tests.api.conftest import bearer_client
from tests.personas import Personas


def _use_cases_url(personas: Personas) -> str:
    return f"/api/v1/organisations/{personas.organisation.pk}/use-cases"


def _schema() -> dict[str, Any]:
    import partnerwijzer.routers  # noqa: F401  (mounts every app's router, as urls.py does)

    return dict(api.get_openapi_schema(path_prefix="/api/v1/"))


# --- Bodies are JSON objects of the declared content type ----------------------------------------


def test_a_bare_json_string_creates_no_use_case(personas: Personas) -> None:
    response = bearer_client(personas.owner).post(_use_cases_url(personas), data='"x"', content_type="application/json")
    assert response.status_code == 400
    assert "JSON-object" in response.json()["detail"]  # Dutch, the organisation's language
    assert not UseCase.objects.exists()


def test_a_patch_with_an_array_changes_nothing(personas: Personas) -> None:
    url = f"/api/v1/organisations/{personas.organisation.pk}"
    response = bearer_client(personas.owner).patch(url, data="[null, null]", content_type="application/json")
    assert response.status_code == 400
    personas.organisation.refresh_from_db()
    assert personas.organisation.name == "Van Dijk Machinebouw"


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b'{"title": "Plain"}', "text/plain", 415),
    ('{"title": "Sixteen"}', "application/json; charset=utf-16", 415),  # the client encodes it
    ('{"title": "Sixteen"}'.encode("utf-16"), "application/json", 400),
    (b'{"title": "Latin \xe9"}', "application/json", 400),
])
def test_bodies_of_another_type_or_encoding_are_refused(
    personas: Personas, body: bytes | str, content_type: str, status: int
) -> None:
    response = bearer_client(personas.owner).post(_use_cases_url(personas), data=body, content_type=content_type)
    assert response.status_code == status
    assert response.json()["detail"]
    assert not UseCase.objects.exists()


# --- Control characters and maximum lengths ------------------------------------------------------


@pytest.mark.parametrize("text", ["Nul\x00byte", "Bell\x07", "C1\x85"])
def test_control_characters_are_refused_with_their_location(personas: Personas, text: str) -> None:
    body = json.dumps({"title": "Fine", "problem_statement": text})
    response = bearer_client(personas.owner).post(_use_cases_url(personas), data=body, content_type="application/json")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "problem_statement"]
    assert error["type"] == "control_character"
    assert "stuurteken" in error["msg"]
    assert not UseCase.objects.exists()


def test_a_lone_surrogate_is_refused_by_pydantic_at_its_location(personas: Personas) -> None:
    body = json.dumps({"title": "Fine", "problem_statement": "Lone \ud800 surrogate"})
    response = bearer_client(personas.owner).post(_use_cases_url(personas), data=body, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["loc"], e["type"]) for e in errors] == [(["body", "problem_statement"], "string_unicode")]
    assert not UseCase.objects.exists()


def test_unknown_fields_are_ignored_whatever_they_hold(personas: Personas) -> None:
    body = json.dumps({"title": "Fine", "note\x00": "\x00", "extra": ["\x07"]})
    response = bearer_client(personas.owner).post(_use_cases_url(personas), data=body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert UseCase.objects.get().title == "Fine"


def test_tabs_and_new_lines_are_ordinary_text(personas: Personas) -> None:
    body = {"title": "Fine", "problem_statement": "One\tTwo\r\nThree\n"}
    response = bearer_client(personas.owner).post(_use_cases_url(personas), data=body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert UseCase.objects.get().problem_statement.startswith("One\tTwo")


def test_text_longer_than_the_default_maximum_is_refused(personas: Personas) -> None:
    client = bearer_client(personas.owner)
    url = f"/api/v1/organisations/{personas.organisation.pk}/selections"
    response = client.post(url, data={"title": "Long", "description": "x" * (DEFAULT_MAX_LENGTH + 1)},
                           content_type="application/json")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["body", "description"]]


def test_every_request_string_documents_the_pattern_and_a_maximum() -> None:
    schema = _schema()
    found = 0

    def walk(node: Any) -> None:
        nonlocal found
        if isinstance(node, dict):
            if node.get("type") == "string" and "format" not in node and "enum" not in node and "const" not in node:
                found += 1
                assert "pattern" in node, node
                assert "maxLength" in node, node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in schema["paths"].values():
        for operation in path.values():
            walk(operation.get("requestBody", {}))
            walk([p for p in operation.get("parameters", []) if p["in"] == "query"])
    request_components = {name for name in schema["components"]["schemas"] if name.endswith(("In", "Patch"))}
    for name in request_components:
        walk(schema["components"]["schemas"][name])
    assert found > 100
    assert TEXT_PATTERN.startswith("^[^")


def test_object_keys_document_the_text_rule_for_every_key() -> None:
    answers = _schema()["components"]["schemas"]["ReadinessAnswersIn"]["properties"]["answers"]
    assert "patternProperties" not in answers
    assert answers["propertyNames"] == {"maxLength": DEFAULT_MAX_LENGTH, "pattern": TEXT_PATTERN}
    assert answers["additionalProperties"]["anyOf"][1] == {"type": "null"}


# --- The schema: names and statuses ---------------------------------------------------------------


def test_component_names_are_unique_and_a_clash_fails_loudly() -> None:
    components = _schema()["components"]["schemas"]
    for name in ("LegalRefOut", "ContractRefOut", "ReadinessQuestionOut", "QuestionnaireQuestionOut",
                 "UnscoredUseCaseOut", "UnscoredCandidateOut"):
        assert name in components
    assert "RefOut" not in components
    assert "QuestionOut" not in components
    openapi = ContractOpenAPISchema.__new__(ContractOpenAPISchema)
    openapi.schemas = {"RefOut": {"type": "object", "properties": {"label": {"type": "string"}}}}
    openapi.add_schema_definitions({"RefOut": {"type": "object", "properties": {"label": {"type": "string"}}}})
    with pytest.raises(SchemaNameClashError):
        openapi.add_schema_definitions({"RefOut": {"type": "object", "properties": {"key": {"type": "string"}}}})


def test_operations_with_a_body_document_the_kits_statuses() -> None:
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if "requestBody" in operation:
                assert {"400", "415", "422"} <= set(map(str, responses)), (method, path)
                assert responses[415]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            if method == "delete":
                assert 409 in responses, path


def test_every_operation_documents_the_busy_database_503_with_retry_after() -> None:
    schema = _schema()
    operations = [(m, p, o) for p, ops in schema["paths"].items() for m, o in ops.items()]
    assert len(operations) > 100  # every app's router is mounted
    for method, path, operation in operations:
        busy = operation["responses"].get(503)
        assert busy, (method, path)
        assert busy["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path)
        assert busy["headers"]["Retry-After"]["schema"]["type"] == "integer", (method, path)


def test_the_real_busy_503_body_matches_the_documented_schema(personas: Personas, monkeypatch: Any) -> None:
    import jsonschema_rs  # schemathesis' validator (dev, pinned in constraints.txt)
    from django.db import OperationalError

    from partnerwijzer.api import api as api_module

    def locked(**kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(api_module, "members_of", locked)
    client = bearer_client(personas.owner)
    client.raise_request_exception = False  # answered by handler500 (busy.server_error), as when served
    response = client.get(f"/api/v1/organisations/{personas.organisation.pk}/members")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) >= 1
    schema = _schema()
    documented = schema["paths"]["/api/v1/organisations/{organisation_id}/members"]["get"]["responses"][503]
    body_schema = {**documented["content"]["application/json"]["schema"], "components": schema["components"]}
    jsonschema_rs.validate(body_schema, response.json())
    assert "bezet" in response.json()["detail"]  # the organisation's language, Dutch
    # The documented schema is not a blank cheque: a body without ``detail`` would not match.
    assert not jsonschema_rs.is_valid(body_schema, {"error": "busy"})


# --- Decimals --------------------------------------------------------------------------------------


class _Money(BaseModel):
    amount: Annotated[Decimal, decimal_in(ge=0, le=100, max_digits=5, decimal_places=2)]


@pytest.mark.parametrize(("given", "stored"), [
    (0.1 + 0.2, Decimal("0.30")), ("12.5", Decimal("12.50")), (100, Decimal("100.00")), (99.994, Decimal("99.99")),
])
def test_decimals_in_range_are_rounded_to_their_places(given: Any, stored: Decimal) -> None:
    assert _Money(amount=given).amount == stored


@pytest.mark.parametrize("given", ["NaN", float("nan"), float("inf"), "1e2", " 5", "5.123", -0.001, 100.001, True])
def test_decimals_outside_the_schema_are_refused(given: Any) -> None:
    with pytest.raises(PydanticValidationError):
        _Money(amount=given)


def test_decimals_document_their_range_and_digits() -> None:
    schema = _Money.model_json_schema()["properties"]["amount"]
    number, string = schema["anyOf"]
    assert (number["minimum"], number["maximum"]) == (0, 100)
    assert string["pattern"] == r"^\d{1,3}(\.\d{1,2})?$"
    assert string["maxLength"] == 7


# --- Forms and the supplier portal ----------------------------------------------------------------


def test_every_form_text_field_refuses_control_characters() -> None:
    class NoteForm(forms.Form):
        note = forms.CharField(widget=forms.Textarea)

    with translation.override("nl"):
        form = NoteForm({"note": "Pasted\x1b[0m text"})
        assert not form.is_valid()
        assert "stuurteken" in form.errors["note"][0]
    with translation.override("de"):
        assert "Steuerzeichen" in NoteForm({"note": "\x08"}).errors["note"][0]
    assert NoteForm({"note": "Fine\ttext\n"}).is_valid()
    assert not NoteForm({"note": "x" * (DEFAULT_MAX_LENGTH + 1)}).is_valid()
    assert NoteForm({"note": "x" * DEFAULT_MAX_LENGTH}).is_valid()


def test_the_portal_refuses_control_characters_in_answers(personas: Personas) -> None:
    from partnerwijzer.portal import services as portal_services
    from partnerwijzer.portal.models import PortalAnswer
    from partnerwijzer.portal.tests import builders

    setup = builders.make_portal(personas)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        portal_services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="answer\x00")
    assert "stuurteken" in refused.value.messages[0]
    assert not PortalAnswer.objects.exists()


def test_a_page_form_refuses_control_characters_and_stores_nothing(personas: Personas) -> None:
    from django.urls import reverse

    response = personas.client("owner").post(
        reverse("planning:usecase_create"), {"title": "Faster quotes", "problem_statement": "Pasted\x0ctext"},
    )
    assert response.status_code == 400  # the form again, with the message beside the field
    assert "stuurteken" in response.content.decode()
    assert not UseCase.objects.exists()


@pytest.mark.django_db
def test_unknown_body_fields_are_refused_exactly_where_the_docs_and_the_schema_say(personas: Personas) -> None:
    """polish3 item 3: docs/api.md names the two bodies that refuse unknown fields; every other
    body ignores them. The schema, the docs and the server say the same."""
    from pathlib import Path

    schema = _schema()
    strict = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            name = body.get("$ref", "").rsplit("/", 1)[-1]
            if schema["components"]["schemas"].get(name, body).get("additionalProperties") is False:
                strict.add(f"{method.upper()} {path.removeprefix('/api/v1')}")
    assert strict == {"POST /candidates/{candidate_id}/portal-links/send",
                      "POST /portal-links/{portal_link_id}/resend"}
    bodies = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    bullet = bodies[bodies.index("- **Bodies**"):bodies.index("- **Text**")]
    for operation in strict:
        assert f"`{operation}`" in bullet
    # Another body ignores an unknown field: stored what it knows, 200, nothing about the rest.
    use_case = UseCase.objects.create(organisation=personas.organisation, title="Offertes sneller",
                                      created_by=personas.owner)
    response = bearer_client(personas.owner).patch(
        f"/api/v1/use-cases/{use_case.pk}", json.dumps({"title": "Offertes veel sneller", "colour": "blue"}),
        content_type="application/json")
    assert response.status_code == 200
    assert "colour" not in response.json()
    use_case.refresh_from_db()
    assert use_case.title == "Offertes veel sneller"
