"""What every API module shares: documented error responses, path types and the caller.

App routers (``partnerwijzer/<app>/api.py``) import from here, not from ``api.api``, so that
``partnerwijzer/routers.py`` can mount them on ``api.api`` without an import cycle.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query
from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from partnerwijzer.accounts.models import User
from partnerwijzer.api import schemas

_ERROR_SCHEMAS: dict[int, type[schemas.Error]] = {
    400: schemas.Error,  # a request body that is not a JSON object in UTF-8
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,  # a delete that other records still depend on; the detail says what to do first
    415: schemas.Error,  # a request body that is not application/json
    422: schemas.InputError,
    503: schemas.Error,  # the database stayed busy (partnerwijzer/busy.py); nothing was saved, retry
}


def error_schema(code: int) -> type[schemas.Error]:
    return _ERROR_SCHEMAS[code]


def responses(ok: Any, *errors: int) -> dict[int, Any]:
    """The documented responses of an operation: 200 with ``ok``, 401 always, plus ``errors``."""
    return {200: ok, **{code: _ERROR_SCHEMAS[code] for code in sorted({401, *errors})}}


# --- Helpers -------------------------------------------------------------------------------------

# An id in a path: a string, not a UUID, on purpose: a malformed id gives the same 404 as another
# organisation's. Every app's path types are ``Annotated[UuidPath, Path(description=...)]``.
UuidPath = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]

OrganisationId = Annotated[
    UuidPath,
    Path(description="The organisation's id. Unknown ids and organisations you are not a member of "
                     "both give 404."),
]
Lang = Annotated[schemas.Language, Query(description="Language of the texts and formatted figures.")]

# Ids of an organisation's objects in paths; strings for the same reason as OrganisationId.
UseCaseId = Annotated[
    UuidPath,
    Path(description="The use case's id. Unknown ids and other organisations' use cases both give 404."),
]
SelectionId = Annotated[
    UuidPath,
    Path(description="The selection's id. Unknown ids and other organisations' selections both give 404."),
]
CandidateId = Annotated[
    UuidPath,
    Path(description="The candidate's id. Unknown ids and other organisations' candidates both give 404."),
]


def decimal_in(
    *, max_digits: int, decimal_places: int, ge: Decimal | int | None = None, le: Decimal | int | None = None,
    gt: Decimal | int | None = None, description: str | None = None, examples: list[Any] | None = None,
) -> DecimalRule:
    """The rule of a decimal request field, ``Annotated[Decimal, decimal_in(...)]``.

    The field takes a JSON number, or a string of digits, checked as the schema says.

    The schema states the range (``minimum``/``maximum``, from ``ge``/``le``/``gt`` and the
    number of digits) and, for strings, the digit pattern. A number with more decimals than
    ``decimal_places`` is rounded half up (JSON numbers are binary fractions: ``0.1 + 0.2`` is
    sent as ``0.30000000000000004``); a string must not have more. NaN and infinities are refused.
    """
    places = Decimal(1).scaleb(-decimal_places)
    whole = max_digits - decimal_places
    highest = Decimal(10) ** whole - places
    minimum = Decimal(ge) if ge is not None else (Decimal(gt) + places if gt is not None else -highest)
    maximum = min(Decimal(le), highest) if le is not None else highest
    sign = "" if minimum >= 0 else "-?"
    fraction = f"(\\.\\d{{1,{decimal_places}}})?" if decimal_places else ""
    pattern = f"^{sign}\\d{{1,{whole}}}{fraction}$"
    number_schema: dict[str, Any] = {"type": "number", "minimum": float(minimum), "maximum": float(maximum)}

    def check(value: Any) -> Decimal:
        limits = _("from %(low)s to %(high)s") % {"low": minimum, "high": maximum}
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise ValueError(_("Enter a number."))
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            raise ValueError(_("Enter a number with at most %(places)s decimals, %(limits)s.")
                             % {"places": decimal_places, "limits": limits})
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number (not NaN or infinity)."))
        if number < minimum or number > maximum:
            raise ValueError(_("Enter a number %(limits)s.") % {"limits": limits})
        return number.quantize(places, rounding=ROUND_HALF_UP)

    json_schema: dict[str, Any] = {
        "anyOf": [number_schema, {"type": "string", "pattern": pattern, "maxLength": max_digits + 2}],
        "description": " ".join(filter(None, [
            description,
            (f"A number from {minimum} to {maximum}, or the same as a string of digits; numbers are rounded "
            f"to {decimal_places} decimals."),
        ])),
    }
    if examples:
        json_schema["examples"] = examples
    return DecimalRule(BeforeValidator(check), WithJsonSchema(json_schema))


class DecimalRule:
    """Pydantic metadata: validate with ``validator`` and document with ``schema`` (see decimal_in)."""

    def __init__(self, validator: BeforeValidator, schema: WithJsonSchema) -> None:
        self.validator = validator
        self.schema = schema

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return self.validator.__get_pydantic_core_schema__(source, handler)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return self.schema.__get_pydantic_json_schema__(schema, handler)


# ISO 8601 starts with the full date; pydantic would also read digits in a string ("0") as Unix time.
_ISO_DATE_START = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_text(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not _ISO_DATE_START.match(value):
            raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
        return value
    # pydantic's lax date takes a number as Unix time (0 is 1 January 1970); the schema says text.
    raise PydanticCustomError("date_type", "Input should be a valid date")


def _iso_datetime_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        if not _ISO_DATE_START.match(value):
            raise PydanticCustomError("datetime_parsing", "Input should be a valid ISO 8601 datetime")
        return value
    # As for dates: a number would be read as Unix time, while the schema says ISO text.
    raise PydanticCustomError("datetime_type", "Input should be a valid datetime")


# Pydantic words its date errors in English whatever the caller's language; the 422 handler
# (api.api) replaces the message of these error types with the caller's language. The type stays.
_DATE_MESSAGE = gettext_lazy("Enter an existing date as text in the form YYYY-MM-DD, for example 2026-03-02.")
_DATETIME_MESSAGE = gettext_lazy(
    "Enter an existing moment as ISO 8601 text, for example 2026-03-02T10:00:00+01:00."
)
DATE_ERROR_MESSAGES: dict[str, Any] = {
    "date_type": _DATE_MESSAGE,
    "date_parsing": _DATE_MESSAGE,
    "date_from_datetime_parsing": _DATE_MESSAGE,
    "date_from_datetime_inexact": gettext_lazy("Enter a date without a time, for example 2026-03-02."),
    "datetime_type": _DATETIME_MESSAGE,
    "datetime_parsing": _DATETIME_MESSAGE,
    "datetime_from_date_parsing": _DATETIME_MESSAGE,
    "datetime_object_invalid": _DATETIME_MESSAGE,
    "timezone_aware": gettext_lazy("Enter the moment with its time zone, for example 2026-03-02T10:00:00+01:00."),
    "timezone_naive": gettext_lazy("Enter the moment without a time zone."),
}


def error_message(error: dict[str, Any]) -> str:
    """The message of one of pydantic's errors, in the active language where ours is known."""
    known = DATE_ERROR_MESSAGES.get(str(error.get("type", "")))
    return str(known) if known is not None else str(error.get("msg", ""))


# A date in a request body or query: ISO text only, as the schema says ("format": "date").
IsoDate = Annotated[date, BeforeValidator(_iso_text)]
# A moment in a request body or query: ISO text only, as the schema says ("format": "date-time").
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime_text)]


def caller(request: HttpRequest) -> User:
    """The authenticated user (from the token or the session)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


