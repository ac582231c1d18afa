"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded through SCHEMATHESIS_HOOKS).

One filter, ``one_wrong_type_per_path_parameter``: the coverage phase sends every wrong JSON type
(null, true, 0.5, "null,null", ...) for each path parameter of each operation, about 770 requests
that all test one thing: in a URL every value is text, and every id in our paths is a string the
server looks up (a malformed one is the same 404 as an unknown one). One such case per parameter
and operation keeps that check; wrong types in bodies and queries are all kept.

One extra check, ``schema_describes_refusals``: schemathesis' own ``positive_data_acceptance``
is configured (schemathesis.toml) to accept 422 for schema-valid requests, because some rules
cannot be written in JSON Schema (a low that must not exceed its high, an id that must belong to
the same selection, a questionnaire that was already sent). This check keeps the strict part of
it: a 422 for a request the schema allows may only come from such a rule, never from a limit the
schema should have stated (a length, a digit count, a type, a missing field).
"""

from __future__ import annotations

import json
import threading
from typing import Any, get_args

import schemathesis
from pydantic_core.core_schema import ErrorType

# Error types that mean "the schema should have said so": pydantic's own checks (types, lengths,
# digits, patterns, missing fields, ...) and the kit's text rules. Business rules raise ValueError
# (``value_error``) or carry their own code (e.g. ``unknown_question`` of the AI Act check).
SCHEMA_LIMIT_TYPES = (set(get_args(ErrorType)) - {"value_error", "assertion_error"}) | {
    "control_character", "string_too_long",
}


@schemathesis.check
def schema_describes_refusals(ctx: object, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    errors = json.loads(response.content).get("errors", [])
    unstated = [error for error in errors if error.get("type") in SCHEMA_LIMIT_TYPES]
    if unstated:
        raise AssertionError(f"A schema-valid request was refused for a limit the schema does not state: {unstated}")
    return None


_seen_path_type_cases: set[tuple[str, str]] = set()
_seen_lock = threading.Lock()  # schemathesis' workers are threads


@schemathesis.hook
def filter_case(ctx: Any, case: schemathesis.Case) -> bool:
    """``one_wrong_type_per_path_parameter`` (see the module docstring)."""
    data = case.meta.phase.data if case.meta is not None else None
    # Both are string enums: CoverageScenario.INCORRECT_TYPE and ParameterLocation.PATH.
    if getattr(data, "scenario", None) != "incorrect_type" or getattr(data, "parameter_location", None) != "path":
        return True
    key = (f"{case.method} {case.operation.path}", str(data.parameter))
    with _seen_lock:
        if key in _seen_path_type_cases:
            return False
        _seen_path_type_cases.add(key)
    return True
