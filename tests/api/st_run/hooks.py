"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded through SCHEMATHESIS_HOOKS).

One extra check, ``schema_describes_refusals``: schemathesis' own ``positive_data_acceptance``
is configured (schemathesis.toml) to accept 422 for schema-valid requests, because some rules
cannot be written in JSON Schema (a low that must not exceed its high, an id that must belong to
the same selection, a questionnaire that was already sent). This check keeps the strict part of
it: a 422 for a request the schema allows may only come from such a rule (``value_error``), never
from a limit the schema should have stated (a length, a digit count, a type, a missing field).
"""

from __future__ import annotations

import json

import schemathesis

BUSINESS_RULE_TYPES = {"value_error"}


@schemathesis.check
def schema_describes_refusals(ctx: object, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    errors = json.loads(response.content).get("errors", [])
    unstated = [error for error in errors if error.get("type") not in BUSINESS_RULE_TYPES]
    if unstated:
        raise AssertionError(f"A schema-valid request was refused for a limit the schema does not state: {unstated}")
    return None
