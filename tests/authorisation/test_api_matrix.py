"""Every API operation, tried as every persona, with a session and with a bearer token.

The operations are enumerated from the OpenAPI schema, so a new endpoint fails
``test_every_operation_is_in_the_matrix`` until it has a row in ``MATRIX`` stating what
anonymous callers, an outsider (owner of another organisation), a viewer, an evaluator and an
owner get. Rows live in ``tests/authorisation/rows/<app>.py`` (``API`` and ``PATH_VALUES``);
adding an endpoint is one line there, e.g.::

    ("GET", "/api/v1/organisations/{organisation_id}/projects"): Op(MEMBERS),

Path parameters are filled from ``PATH_VALUES``: the personas' organisation for everyone, so
for the outsider it is *another* organisation's id (expected: the uniform 404).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from partnerwijzer.api.services import api_token_create
from partnerwijzer.routers import api
from tests.authorisation.matrix import ALL_PERSONA_NAMES, Op, collect, expected
from tests.personas import Personas

MATRIX: dict[tuple[str, str], Op] = collect("API")
PATH_VALUES: dict[str, Callable[[Personas], str]] = collect("PATH_VALUES")

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _id(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]}"


def schema_operations() -> dict[tuple[str, str], dict[str, Any]]:
    """``{(METHOD, path): operation}`` for every operation in the OpenAPI schema, as clients see it."""
    schema = json.loads(json.dumps(api.get_openapi_schema()))  # status codes become strings, as served
    return {
        (method.upper(), path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def test_every_operation_is_in_the_matrix(db: None) -> None:
    operations = set(schema_operations())
    missing = sorted(operations - set(MATRIX))
    stale = sorted(set(MATRIX) - operations)
    assert not missing, f"API operations without a row in the role matrix: {missing}"
    assert not stale, f"Matrix rows for API operations that no longer exist: {stale}"


def test_every_path_parameter_has_a_value(db: None) -> None:
    params = {name for _method, path in schema_operations() for name in re.findall(r"{(\w+)}", path)}
    missing = sorted(params - set(PATH_VALUES))
    assert not missing, f"Add a value for these path parameters to PATH_VALUES: {missing}"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=_id)
def test_every_outcome_is_documented(db: None, key: tuple[str, str]) -> None:
    """Each status the matrix expects is in the operation's documented responses, errors as Error."""
    operation = schema_operations()[key]
    documented = operation["responses"]
    for status in {expected(MATRIX[key].expect, p, ownership=MATRIX[key].ownership) for p in ALL_PERSONA_NAMES}:
        assert str(status) in documented, f"{key}: status {status} is not documented"
    assert "401" in documented, f"{key}: every operation can answer 401"
    for status, response in documented.items():
        if int(status) >= 400:
            ref = response["content"]["application/json"]["schema"]["$ref"]
            assert ref.rsplit("/", 1)[-1] in {"Error", "InputError"}, (key, status, ref)


def _url(path: str, personas: Personas) -> str:
    return re.sub(r"{(\w+)}", lambda m: PATH_VALUES[m.group(1)](personas), path)


def _client(personas: Personas, persona: str, auth: str) -> Client:
    user = personas.user(persona)
    if user is None:
        return Client()
    if auth == "session":
        return personas.client(persona)
    _token, plaintext = api_token_create(user=user, name="matrix")
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def _call(client: Client, method: str, url: str, body: dict[str, Any] | None) -> Any:
    if body is None:
        return client.generic(method, url)
    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("auth", ["session", "bearer"])
@pytest.mark.parametrize("key", sorted(MATRIX), ids=_id)
def test_operation_as_every_persona(personas: Personas, key: tuple[str, str], auth: str) -> None:
    method, path = key
    op = MATRIX[key]
    url = _url(path, personas)
    # Every persona meets the same state: each call runs in a savepoint that is rolled back, so a
    # DELETE (or a create) that one persona may make does not turn the next persona's answer into a
    # 404 (an owner and an adviser working alongside both succeed). What the savepoints must not
    # roll back is made first: the memoised objects of the body and the personas' users.
    if callable(op.body):
        op.body(personas)
    for persona in ALL_PERSONA_NAMES:
        personas.user(persona)
    wrong: list[str] = []
    for persona in ALL_PERSONA_NAMES:
        with transaction.atomic():
            body = op.body(personas) if callable(op.body) else op.body
            response = _call(_client(personas, persona, auth), method, url, body)
            transaction.set_rollback(True)
        outcome = expected(op.expect, persona, ownership=op.ownership)
        if response.status_code != outcome:
            wrong.append(f"{persona}: expected {outcome}, got {response.status_code} {response.content[:200]!r}")
            continue
        content_type = op.content_type if outcome < 400 else "application/json"
        assert response["Content-Type"].startswith(content_type), (persona, response["Content-Type"])
        if outcome >= 400:
            detail = response.json().get("detail")
            assert isinstance(detail, str), (persona, response.content)
    assert not wrong, f"{method} {path} ({auth}):\n  " + "\n  ".join(wrong)
