"""The rules that make ``/api/openapi.json`` describe exactly what the server does, in one place.

- Request bodies are JSON objects sent as ``application/json`` in UTF-8 (:func:`check_request`):
  another content type is 415, a body that is not UTF-8 JSON or not an object is 400.
- Text in a request (the fields of the body the operation knows, their object keys, query
  parameters) holds no control characters and, unless its field says less, at most
  ``DEFAULT_MAX_LENGTH`` characters: refused with 422 and the location (:func:`check_text`).
  The schema says so for every string (``pattern``, ``maxLength``).
- Component names are unique: two different schemas with one name fail loudly when the schema is
  built (:class:`ContractOpenAPISchema`) instead of one silently replacing the other.
- Statuses the kit itself answers are documented on every operation they apply to (400, 415 and
  422 where there is a body, 422 where there are query parameters, 409 on deletes, and 503 with
  ``Retry-After`` on every operation: the database stayed busy, see ``partnerwijzer/busy.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema, flatten_properties
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from partnerwijzer.textrules import CONTROL_CHARACTER_MESSAGE, DEFAULT_MAX_LENGTH, TEXT_PATTERN, has_control_character

if TYPE_CHECKING:
    from ninja.params.models import TModel

INVALID_INPUT = "Invalid input."
BODY_ARGUMENT = "payload"  # the name of every operation's request-body argument
PATH_TEXT_MAX_LENGTH = 100  # a text path parameter is a key, e.g. a funding programme
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


# --- Requests --------------------------------------------------------------------------------


def _problems(value: Any, loc: list[str | int]) -> list[dict[str, Any]]:
    """Control characters and over-long text anywhere in a parsed JSON value."""
    found: list[dict[str, Any]] = []
    if isinstance(value, str):
        if has_control_character(value):
            found.append({"loc": loc, "msg": str(CONTROL_CHARACTER_MESSAGE), "type": "control_character"})
        elif len(value) > DEFAULT_MAX_LENGTH:
            found.append({
                "loc": loc, "type": "string_too_long",
                "msg": _("Use at most %(max)s characters.") % {"max": DEFAULT_MAX_LENGTH},
            })
    elif isinstance(value, dict):
        for key, item in value.items():
            if has_control_character(key) or len(key) > DEFAULT_MAX_LENGTH:
                # Never echo the key (it could be anything); say which object holds it.
                found.append({"loc": loc, "msg": str(CONTROL_CHARACTER_MESSAGE), "type": "control_character"})
            else:
                found.extend(_problems(item, [*loc, key]))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_problems(item, [*loc, index]))
    return found


def _error(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


def request_problem(request: HttpRequest, *, takes_body: bool = True) -> JsonResponse | None:
    """The error response for a request whose body is not a UTF-8 JSON object or whose query
    holds bad text, else ``None`` (before validation, so it sees exactly what was sent).

    An operation without a request body ignores whatever body is sent (as ninja does).
    """
    problems: list[dict[str, Any]] = []
    for key in request.GET:
        for value in request.GET.getlist(key):
            problems.extend(_problems(value, ["query", key]))
    if takes_body and request.method in _UNSAFE_METHODS and request.body:
        content_type = (request.content_type or "").lower()
        charset = ((request.content_params or {}).get("charset") or "utf-8").lower().replace("_", "-")
        if content_type != "application/json" or charset not in {"utf-8", "utf8"}:
            return _error(415, _("Send the request body as JSON: Content-Type: application/json, in UTF-8."))
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _error(400, _("The request body is not valid JSON in UTF-8."))
        if not isinstance(data, dict):
            return _error(400, _("The request body must be a JSON object: {\"field\": value, ...}."))
    if problems:
        return _error(422, INVALID_INPUT, errors=problems)
    return None


def check_request(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A ninja ``view`` decorator (before validation): applies :func:`request_problem`."""

    operation = getattr(run, "__self__", None)
    takes_body = operation is None or any(
        model.__ninja_param_source__ == "body" for model in getattr(operation, "models", ())
    )

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return request_problem(request, takes_body=takes_body) or run(request, *args, **kwargs)

    return checked


def check_text(view: Callable[..., Any]) -> Callable[..., Any]:
    """A ninja ``operation`` decorator (after validation): the text of the validated body.

    Only the fields the operation knows are looked at (unknown ones are ignored, as the schema
    allows), with their location in the body.
    """

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        payload = kwargs.get(BODY_ARGUMENT)
        if isinstance(payload, BaseModel):
            problems = _problems(payload.model_dump(mode="json", by_alias=True, exclude_unset=True), ["body"])
            if problems:
                return _error(422, INVALID_INPUT, errors=problems)
        return view(request, *args, **kwargs)

    return checked


# --- The schema ------------------------------------------------------------------------------


class ContractJsonSchema(NinjaGenerateJsonSchema):
    """Request strings carry the control-character pattern and a maximum length."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        if self.mode == "validation":
            json_schema.setdefault("maxLength", DEFAULT_MAX_LENGTH)
            json_schema.setdefault("pattern", TEXT_PATTERN)
        return json_schema


    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # Pydantic writes a key pattern as ``patternProperties``, which leaves keys that do not match
        # free to hold anything; the server refuses such keys, so state it with ``propertyNames``.
        json_schema = super().dict_schema(schema)
        patterns = json_schema.get("patternProperties", {})
        if self.mode == "validation" and list(patterns) == [TEXT_PATTERN]:
            json_schema["additionalProperties"] = json_schema.pop("patternProperties")[TEXT_PATTERN]
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": TEXT_PATTERN}
        return json_schema


class SchemaNameClashError(Exception):
    """Two different schemas would be published under one component name."""


class ContractOpenAPISchema(OpenAPISchema):
    def _create_schema_from_model(
        self, model: TModel, by_alias: bool = True, remove_level: bool = True, mode: JsonSchemaMode = "validation",
    ) -> tuple[dict[str, Any], bool]:
        if hasattr(model, "__ninja_flatten_map__"):
            return super()._create_schema_from_model(model, by_alias, remove_level, mode)
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE, by_alias=by_alias, schema_generator=ContractJsonSchema, mode=mode,
        ).copy()
        if schema.get("$defs"):
            self.add_schema_definitions(schema.pop("$defs"))
        if remove_level and len(schema["properties"]) == 1:
            name, details = next(iter(schema["properties"].items()))
            return details, name in schema.get("required", {})
        return schema, True

    def _extract_parameters(self, model: TModel) -> list[dict[str, Any]]:
        schema = model.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=ContractJsonSchema)
        required = set(schema.get("required", []))
        if "$defs" in schema:
            self.add_schema_definitions(schema["$defs"])
        result = []
        for name, details in schema["properties"].items():
            for p_name, p_schema, p_required in flatten_properties(
                name, details, name in required, schema.get("$defs", {})
            ):
                if not p_schema.get("include_in_schema", True):
                    continue
                if model.__ninja_param_source__ == "path" and p_schema.get("maxLength") == DEFAULT_MAX_LENGTH:
                    p_schema["maxLength"] = PATH_TEXT_MAX_LENGTH
                param = {"in": model.__ninja_param_source__, "name": p_name, "schema": p_schema,
                         "required": p_required}
                for key in ("description", "examples", "example", "deprecated"):
                    if key in p_schema:
                        param[key] = p_schema[key]
                result.append(param)
        return result

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise SchemaNameClashError(
                    f"Two different schemas are named {name!r}; give one a name of its own "
                    f"(the class name is the OpenAPI component name)."
                )
        self.schemas.update(definitions)

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        from partnerwijzer.api.common import error_schema

        result = super().responses(operation)
        sources = {model.__ninja_param_source__ for model in operation.models}
        extra: set[int] = set()
        if "body" in sources:
            extra |= {400, 415, 422}
        if "query" in sources:
            extra.add(422)
        if "DELETE" in operation.methods:
            extra.add(409)
        extra.add(503)  # any operation may meet a busy database
        missing = {code: error_schema(code) for code in extra if code not in result}
        if missing:
            documented = super().responses(_with_responses(operation, missing))
            result.update({code: documented[code] for code in missing})
        result[503] = {
            **result[503],
            "description": "The database stayed busy (another process held its write lock); nothing was saved. "
                           "Try again after `Retry-After` seconds.",
            "headers": {"Retry-After": {
                "description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 1},
            }},
        }
        return dict(sorted(result.items()))


def _with_responses(operation: Operation, models: dict[int, Any]) -> Operation:
    """A shallow copy of ``operation`` answering only ``models`` (to reuse ninja's rendering)."""
    import copy

    clone = copy.copy(operation)
    clone.response_models = {code: operation._create_response_model(model) for code, model in models.items()}
    return clone


def get_schema(api: Any, path_prefix: str = "") -> OpenAPISchema:
    return ContractOpenAPISchema(api, path_prefix)
