"""What every API module shares: documented error responses, path types and the caller.

App routers (``partnerwijzer/<app>/api.py``) import from here, not from ``api.api``, so that
``partnerwijzer/routers.py`` can mount them on ``api.api`` without an import cycle.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from django.http import HttpRequest
from ninja import Path, Query
from pydantic import WithJsonSchema

from partnerwijzer.accounts.models import User
from partnerwijzer.api import schemas

_ERROR_SCHEMAS: dict[int, type[schemas.Error]] = {
    400: schemas.Error,  # a request body that is not JSON
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    422: schemas.InputError,
}


def responses(ok: Any, *errors: int) -> dict[int, Any]:
    """The documented responses of an operation: 200 with ``ok``, 401 always, plus ``errors``."""
    return {200: ok, **{code: _ERROR_SCHEMAS[code] for code in sorted({401, *errors})}}


# --- Helpers -------------------------------------------------------------------------------------

# A string, not a UUID, on purpose: a malformed id gives the same 404 as another organisation's.
OrganisationId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The organisation's id. Unknown ids and organisations you are not a member of "
                     "both give 404."),
]
Lang = Annotated[schemas.Language, Query(description="Language of the texts and formatted figures.")]

# Ids of an organisation's objects in paths; strings for the same reason as OrganisationId.
UseCaseId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The use case's id. Unknown ids and other organisations' use cases both give 404."),
]
SelectionId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The selection's id. Unknown ids and other organisations' selections both give 404."),
]
CandidateId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The candidate's id. Unknown ids and other organisations' candidates both give 404."),
]


def caller(request: HttpRequest) -> User:
    """The authenticated user (from the token or the session)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


