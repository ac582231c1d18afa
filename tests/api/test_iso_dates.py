"""Every date and moment a request carries is ISO text, as the published schema says.

Found by schemathesis: ``"period": 0`` on the partner-review endpoint stored a review of January 1970,
because pydantic reads a number as Unix time. This walks the OpenAPI schema, so a new request field with
``format: date`` or ``date-time`` that accepts a number fails here without a test of its own.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any, NamedTuple

import pytest

from partnerwijzer.api.api import api
from tests.api.conftest import bearer_client
from tests.personas import Personas

ISO_TEXT = {"date": "2026-03-02", "date-time": "2026-03-02T10:00:00+01:00"}
ERROR_TYPE = {"date": "date_type", "date-time": "datetime_type"}
PARSING_ERROR_TYPE = {"date": "date_parsing", "date-time": "datetime_parsing"}


def _schema() -> dict[str, Any]:
    import partnerwijzer.routers  # noqa: F401  (mounts every app's router, as urls.py does)

    return dict(api.get_openapi_schema(path_prefix="/api/v1/"))


def _resolve(node: Any, components: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _format_of(prop: Any, components: dict[str, Any]) -> str | None:
    prop = _resolve(prop, components)
    for option in [_resolve(o, components) for o in [prop, *prop.get("anyOf", [])]]:
        if option.get("type") == "string" and option.get("format") in ISO_TEXT:
            return str(option["format"])
    return None


class DateField(NamedTuple):
    method: str
    path: str
    where: str  # "body" or "query"
    name: str
    fmt: str  # "date" or "date-time"


def _date_fields(schema: dict[str, Any]) -> list[DateField]:
    """(method, path, where, name, format) of every date/date-time in a request body or query."""
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                body = _resolve(content["schema"], components)
                for name, prop in body.get("properties", {}).items():
                    if fmt := _format_of(prop, components):
                        found.append(DateField(method, path, "body", name, fmt))
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and (fmt := _format_of(parameter["schema"], components)):
                    found.append(DateField(method, path, "query", parameter["name"], fmt))
    return found


SCHEMA = _schema()
DATE_FIELDS = _date_fields(SCHEMA)


def test_the_walk_finds_the_request_dates_of_every_app() -> None:
    """Guards the walk itself: if it found nothing, the parametrised test below would prove nothing."""
    names = {(field.path.rsplit("/", 1)[-1], field.name) for field in DATE_FIELDS}
    assert {("kpis", "target_date"), ("quote", "received_on"), ("questionnaires", "deadline"),
            ("portal-links", "expires_at"), ("partner-reviews", "period"), ("evaluators", "score_by"),
            ("{checklist_item_id}", "due_date")} <= names
    assert len(DATE_FIELDS) >= 20


def _call(personas: Personas, field: DateField, value: Any) -> Any:
    """The operation with only this field (path ids made up: the body is validated before any lookup)."""
    url = re.sub(r"\{[^}]+\}", lambda _m: str(uuid.uuid4()), field.path)
    client = bearer_client(personas.owner)
    if field.where == "query":
        return client.generic(field.method.upper(), url, data=b"", QUERY_STRING=f"{field.name}={value}")
    return client.generic(field.method.upper(), url, data=json.dumps({field.name: value}),
                          content_type="application/json")


def _errors_at(response: Any, field: DateField) -> list[str]:
    return [e["type"] for e in response.json().get("errors", []) if e["loc"] == [field.where, field.name]]


IDS = [f"{f.method.upper()} {f.path} {f.name}" for f in DATE_FIELDS]


@pytest.mark.parametrize("field", DATE_FIELDS, ids=IDS)
@pytest.mark.parametrize("number", [0, 1780000000, 1.5, True])
def test_a_request_date_given_as_a_number_is_refused(personas: Personas, field: DateField, number: Any) -> None:
    documented = {int(status) for status in SCHEMA["paths"][field.path][field.method]["responses"]}
    assert 422 in documented
    response = _call(personas, field, number)
    assert response.status_code == 422, response.content
    assert _errors_at(response, field) == [ERROR_TYPE[field.fmt]]


@pytest.mark.parametrize("field", DATE_FIELDS, ids=IDS)
@pytest.mark.parametrize("digits", ["0", "1780000000", "20260302"])
def test_digits_in_a_string_are_not_read_as_unix_time(personas: Personas, field: DateField, digits: str) -> None:
    """Pydantic also reads a string of digits as Unix time ("0" is 1 January 1970); the schema says ISO."""
    response = _call(personas, field, digits)
    assert response.status_code == 422, response.content
    assert _errors_at(response, field) == [PARSING_ERROR_TYPE[field.fmt]]


@pytest.mark.parametrize("field", DATE_FIELDS, ids=IDS)
def test_the_same_field_takes_iso_text(personas: Personas, field: DateField) -> None:
    """The control for the test above: the refusal is about the number, not about the field."""
    response = _call(personas, field, ISO_TEXT[field.fmt])
    assert response.status_code != 500
    if response.status_code == 422:
        assert _errors_at(response, field) == []


# Pydantic's date messages were English for Dutch and German callers, beside our own Dutch ones.
DATE_MESSAGES = {
    ("date", "nl"): "Vul een bestaande datum in als tekst in de vorm JJJJ-MM-DD, bijvoorbeeld 2026-03-02.",
    ("date", "de"): "Geben Sie ein existierendes Datum als Text im Format JJJJ-MM-TT ein, zum Beispiel 2026-03-02.",
    ("date-time", "nl"): "Vul een bestaand moment in als ISO 8601-tekst, bijvoorbeeld 2026-03-02T10:00:00+01:00.",
    ("date-time", "de"): "Geben Sie einen existierenden Zeitpunkt als ISO-8601-Text ein, zum Beispiel "
                         "2026-03-02T10:00:00+01:00.",
}
FIRST_OF_EACH = [next(f for f in DATE_FIELDS if f.where == "body" and f.fmt == fmt) for fmt in ISO_TEXT]


@pytest.mark.parametrize("field", FIRST_OF_EACH, ids=lambda f: f.fmt)
@pytest.mark.parametrize("language", ["nl", "de"])
@pytest.mark.parametrize("value", [0, "0", "2026-02-30", "2026-02-30T10:00:00", "tomorrow"])
def test_date_errors_are_in_the_callers_language(personas: Personas, field: DateField, language: str,
                                                  value: Any) -> None:
    url = re.sub(r"\{[^}]+\}", lambda _m: str(uuid.uuid4()), field.path)
    response = bearer_client(personas.owner).generic(
        field.method.upper(), url, data=json.dumps({field.name: value}), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422, response.content
    messages = [e["msg"] for e in response.json()["errors"] if e["loc"] == [field.where, field.name]]
    assert messages == [DATE_MESSAGES[(field.fmt, language)]]
