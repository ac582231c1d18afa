"""The JSON API at ``/api/v1/`` (django-ninja). The OpenAPI schema is at ``/api/openapi.json``.

Callers sign in with a personal bearer token or the browser session (see :mod:`.auth`).
Organisations are always reached through the caller's membership
(:func:`~partnerwijzer.accounts.access.membership_for_user`): another organisation's id and a
made-up one give the same 404.

Every operation lists its error responses, all shaped ``{"detail": "..."}`` (422 adds
``errors``). To add an endpoint, also add one line to ``tests/authorisation/test_api_matrix.py``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from partnerwijzer.accounts import services as account_services
from partnerwijzer.accounts.access import (
    NOT_FOUND_MESSAGE,
    client_accesses_of,
    membership_for_user,
    memberships_by_name,
)
from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.selectors import members_of
from partnerwijzer.api import contract, schemas
from partnerwijzer.api import reference as ref
from partnerwijzer.api.auth import NOT_AUTHENTICATED, bearer_auth, session_auth
from partnerwijzer.api.common import Lang, OrganisationId, caller, error_message, responses

INVALID_INPUT = "Invalid input."
FORBIDDEN = "Your role in this organisation does not allow this."
BODY_ARGUMENT = contract.BODY_ARGUMENT


class PartnerwijzerAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short, stable ids (``organisation_update``) instead of module-qualified ones.
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        # The kit's schema: unique component names, text rules and the statuses it answers (contract.py).
        return contract.get_schema(self, self.get_root_path(path_params or {}) if path_prefix is None else path_prefix)


api = PartnerwijzerAPI(
    title="Partnerwijzer API",
    version="1",
    description=(
        "The JSON API of Partnerwijzer. Authenticate with `Authorization: Bearer <token>` using a "
        "personal token from /account/tokens/ (or `python manage.py api_token <email>`), or with "
        "the browser session (unsafe methods then need the `X-CSRFToken` header). Every error "
        "response is `{\"detail\": \"...\"}`; 422 responses add `errors` with the location of "
        "each problem."
    ),
    # Nested in the app's "api" URL namespace (partnerwijzer/api/urls.py has app_name = "api");
    # ninja reverses "<urls_namespace>:api-root" to find its own path.
    urls_namespace="api:api-v1",
    docs_url=None,
    openapi_url=None,  # served once, at /api/openapi.json (views.openapi_schema)
    auth=[bearer_auth, session_auth],
)
# Bodies must be JSON objects in UTF-8, text free of control characters (contract.py).
api.add_decorator(contract.check_request, mode="view")
api.add_decorator(contract.check_text, mode="operation")


# --- Error responses -------------------------------------------------------------------------


def _error(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.message if exc.message != "Unauthorized" else NOT_AUTHENTICATED
    response = _error(request, 401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="Partnerwijzer API"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Always the same text, whatever the exception said: a 404 must not tell cases apart.
    return _error(request, 404, NOT_FOUND_MESSAGE)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or FORBIDDEN)


@api.exception_handler(ProtectedError)
@api.exception_handler(RestrictedError)
def _still_used(request: HttpRequest, exc: ProtectedError | RestrictedError) -> HttpResponse:
    return _error(request, 409, gettext("Something else still refers to this; change or delete that first."))


def _location(loc: Any) -> list[str | int]:
    """``["body", "payload", "language"]`` → ``["body", "language"]``: the argument name is ours, not the client's."""
    parts = list(loc)
    if len(parts) > 2 and parts[0] == "body" and parts[1] == BODY_ARGUMENT:
        del parts[1]
    return parts


@api.exception_handler(NinjaValidationError)
def _ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        # Never echo the input back (it could be a secret); location, message and type suffice.
        {"loc": _location(error.get("loc", ())), "msg": error_message(error), "type": str(error.get("type", ""))}
        for error in exc.errors
    ]
    return _error(request, 422, INVALID_INPUT, errors=errors)


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body"], "msg": message, "type": "value_error"} for message in exc.messages]
    return _error(request, 422, INVALID_INPUT, errors=errors)


def _organisation_out(membership: Membership) -> schemas.OrganisationOut:
    organisation = membership.organisation
    return schemas.OrganisationOut(
        id=organisation.id, name=organisation.name, language=organisation.language,  # type: ignore[arg-type]
        role=membership.role, require_two_factor=organisation.require_two_factor,  # type: ignore[arg-type]
        created_at=organisation.created_at,
    )


def _memberships(user: User) -> list[Membership]:
    return memberships_by_name(user)


# --- Current user ------------------------------------------------------------------------------


@api.get("/me", response=responses(schemas.MeOut), tags=["account"], summary="The current user")
def me(request: HttpRequest) -> schemas.MeOut:
    """Who the token or session belongs to, the organisations they are a member of and, for an
    adviser, the client companies they reach through a client's grant (with its access and the
    role they act with)."""
    user = caller(request)
    memberships = _memberships(user)
    return schemas.MeOut(
        id=user.id, email=user.email, full_name=user.full_name,
        memberships=[
            schemas.MembershipOut(
                organisation_id=m.organisation_id, organisation_name=m.organisation.name,
                role=m.role,  # type: ignore[arg-type]
            )
            for m in memberships
        ],
        client_accesses=[_client_access_out(m) for m in client_accesses_of(user, memberships)],
    )


def _client_access_out(membership: Membership) -> schemas.ClientAccessOut:
    grant = membership.grant
    if grant is None:  # client_accesses_of gives acting memberships only
        raise ValueError("not an adviser's access")
    return schemas.ClientAccessOut(
        organisation_id=membership.organisation_id, organisation_name=membership.organisation.name,
        adviser_organisation_id=grant.adviser_id, adviser_organisation_name=grant.adviser.name,
        access=grant.role, role=membership.role,  # type: ignore[arg-type]
    )


# --- Organisations -----------------------------------------------------------------------------


@api.get(
    "/organisations", response=responses(list[schemas.OrganisationOut]), tags=["organisations"],
    summary="Your organisations",
)
def organisation_list(request: HttpRequest) -> list[schemas.OrganisationOut]:
    """The organisations the caller is a member of, with the caller's role in each."""
    return [_organisation_out(m) for m in _memberships(caller(request))]


@api.get(
    "/organisations/{organisation_id}", response=responses(schemas.OrganisationOut, 404),
    tags=["organisations"], summary="One of your organisations",
)
def organisation_detail(request: HttpRequest, organisation_id: OrganisationId) -> schemas.OrganisationOut:
    return _organisation_out(membership_for_user(caller(request), organisation_id))


@api.patch(
    "/organisations/{organisation_id}", response=responses(schemas.OrganisationOut, 400, 403, 404, 422),
    tags=["organisations"], summary="Change an organisation (owners)",
)
def organisation_update(
    request: HttpRequest, organisation_id: OrganisationId, payload: schemas.OrganisationPatch
) -> schemas.OrganisationOut:
    """Change the name, the default language or whether members must use two-factor sign-in.

    Only owners may; others get 403. Requiring two-factor sign-in needs it set up for the caller
    first (422 otherwise), as on the settings page.

    With session authentication this needs the CSRF token in the `X-CSRFToken` header.
    """
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER, ownership=True)
    organisation = membership.organisation
    account_services.organisation_update(
        actor=user, organisation=organisation,
        name=payload.name if payload.name is not None else organisation.name,
        language=payload.language if payload.language is not None else organisation.language,
        require_two_factor=payload.require_two_factor,
    )
    return _organisation_out(membership)


@api.get(
    "/organisations/{organisation_id}/members", response=responses(list[schemas.MemberOut], 404),
    tags=["organisations"], summary="Members of an organisation",
)
def member_list(request: HttpRequest, organisation_id: OrganisationId) -> list[schemas.MemberOut]:
    """Everyone in the organisation with their role. Any member may read this."""
    membership = membership_for_user(caller(request), organisation_id)
    return [
        schemas.MemberOut(
            id=m.id, user_id=m.user_id, email=m.user.email, full_name=m.user.full_name,
            role=m.role, joined_at=m.created_at,  # type: ignore[arg-type]
        )
        for m in members_of(organisation=membership.organisation)
    ]


# --- Reference data ----------------------------------------------------------------------------


@api.get("/reference/criteria", response=responses(schemas.CriteriaOut, 422), summary="Selection criteria",
         tags=["reference"])
def reference_criteria(request: HttpRequest, lang: Lang = "nl") -> schemas.CriteriaOut:
    """The seven selection criteria (and the price entry) with check items, practical tests and rubric."""
    return ref.criteria_body(lang)


@api.get("/reference/implementation-models", response=responses(schemas.ImplementationModelsOut, 422),
         summary="Implementation models", tags=["reference"])
def reference_implementation_models(request: HttpRequest, lang: Lang = "nl") -> schemas.ImplementationModelsOut:
    """The four ways to organise the work with external partners, with pros, cons and share."""
    return ref.implementation_models_body(lang)


@api.get("/reference/provider-types", response=responses(schemas.ProviderTypesOut, 422),
         summary="Provider types", tags=["reference"])
def reference_provider_types(request: HttpRequest, lang: Lang = "nl") -> schemas.ProviderTypesOut:
    """The kinds of AI consulting firms on the market, with their market share."""
    return ref.provider_types_body(lang)


@api.get("/reference/sourcing-channels", response=responses(schemas.SourcingChannelsOut, 422),
         summary="Sourcing channels", tags=["reference"])
def reference_sourcing_channels(request: HttpRequest, lang: Lang = "nl") -> schemas.SourcingChannelsOut:
    """Where to find candidate partners for the shortlist."""
    return ref.sourcing_channels_body(lang)


@api.get("/reference/department-budget", response=responses(schemas.DepartmentBudgetOut, 422),
         summary="Budget by department", tags=["reference"])
def reference_department_budget(request: HttpRequest, lang: Lang = "nl") -> schemas.DepartmentBudgetOut:
    """Each department's share of a typical mid-sized company's AI budget, with use cases."""
    return ref.department_budget_body(lang)


@api.get("/reference/sources", response=responses(schemas.SourcesOut, 422), summary="Sources", tags=["reference"])
def reference_sources(request: HttpRequest, lang: Lang = "nl") -> schemas.SourcesOut:
    """Where the figures come from, with a caveat on how far each source can be trusted."""
    return ref.sources_body(lang)
