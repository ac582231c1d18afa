"""Shared vocabulary of the role matrices (routes and API operations).

Each app adds its rows in a module under ``tests/authorisation/rows/`` with any of:

* ``ROUTES: dict[str, Case]``: URL name -> who gets what (``test_route_matrix``);
* ``API: dict[tuple[str, str], Op]``: (METHOD, path) -> who gets what (``test_api_matrix``);
* ``PATH_VALUES: dict[str, Callable[[Personas], str]]``: values for API path parameters.

Objects that several parameters must share (a selection and its candidate) are made once per
test through ``personas.memo(key, factory)``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.personas import ADVISER_PERSONA_NAMES, PERSONA_NAMES, Personas

ALL_PERSONA_NAMES = PERSONA_NAMES + ADVISER_PERSONA_NAMES

LOGIN = "login"
"""Outcome: redirected to the login page."""

Expect = dict[str, Any]


def everyone(status: int | str) -> Expect:
    return dict.fromkeys(PERSONA_NAMES, status)


def members(status: int | str, *, anonymous: int | str = LOGIN) -> Expect:
    """Every signed-in persona gets ``status`` (the outsider sees their own organisation)."""
    return {"anonymous": anonymous, "outsider": status, "viewer": status, "evaluator": status, "owner": status}


def owner_only(ok: int, *, outsider: int) -> Expect:
    """Owners may; viewers and evaluators get 403; the outsider gets ``outsider``."""
    return {"anonymous": LOGIN, "outsider": outsider, "viewer": 403, "evaluator": 403, "owner": ok}


def object_readers(ok: int) -> Expect:
    """Members read an object of their organisation; the outsider gets the uniform 404."""
    return {"anonymous": LOGIN, "outsider": 404, "viewer": ok, "evaluator": ok, "owner": ok}


@dataclass
class Case:
    """One route: expected outcome per persona, HTTP method, URL kwargs and POST data."""

    expect: Expect
    method: str = "get"
    kwargs: Callable[[Personas], dict[str, Any]] = lambda p: {}
    data: Callable[[Personas], dict[str, Any]] = lambda p: {}
    notes: list[str] = field(default_factory=list)
    ownership: bool = False
    """The route manages the organisation itself (members, settings, advisers): an adviser working
    alongside gets 403 where an owner succeeds."""


# API expectations, as (anonymous, outsider, viewer, evaluator, owner).
AUTHENTICATED: Expect = {"anonymous": 401, "outsider": 200, "viewer": 200, "evaluator": 200, "owner": 200}
"""Any signed-in user; the answer is about the caller (their account, their organisations, shared data)."""
MEMBERS: Expect = {"anonymous": 401, "outsider": 404, "viewer": 200, "evaluator": 200, "owner": 200}
"""Members of the organisation in the path read; everyone else gets the uniform 404."""
OWNERS: Expect = {"anonymous": 401, "outsider": 404, "viewer": 403, "evaluator": 403, "owner": 200}
"""Owners write; other members get 403; outsiders the uniform 404."""


@dataclass(frozen=True)
class Op:
    expect: Expect
    body: dict[str, Any] | Callable[[Personas], dict[str, Any]] | None = None
    # What a successful call returns; errors are always JSON.
    content_type: str = "application/json"
    ownership: bool = False


def expected(expect: Expect, persona: str, *, ownership: bool = False) -> Any:
    """What ``persona`` gets; the advisers follow from the other personas unless a row names them:
    read access = the viewer, working alongside = the owner (403 on ownership routes), an adviser
    of another client and a revoked adviser = the outsider (both sit in their own organisation)."""
    if persona in expect:
        return expect[persona]
    if persona == "adviser_reader":
        return expect["viewer"]
    if persona == "adviser_alongside":
        return 403 if ownership else expect["owner"]
    return expect["outsider"]


def _row_modules() -> list[Any]:
    from tests.authorisation import rows

    return [importlib.import_module(f"{rows.__name__}.{m.name}") for m in pkgutil.iter_modules(rows.__path__)]


def collect(name: str) -> dict[Any, Any]:
    """Merge the dict ``name`` (ROUTES, API or PATH_VALUES) of every rows module; keys must be unique."""
    merged: dict[Any, Any] = {}
    for module in _row_modules():
        for key, value in getattr(module, name, {}).items():
            assert key not in merged, f"{name}: {key!r} is defined twice (again in {module.__name__})"
            merged[key] = value
    return merged
