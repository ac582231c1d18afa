"""Foundation routes: accounts, audit log, dashboard, guide pages, API tokens and schema."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerwijzer.accounts.models import Invitation, Membership
from partnerwijzer.accounts.services import invitation_create
from partnerwijzer.api.services import api_token_create
from tests.authorisation.matrix import AUTHENTICATED, MEMBERS, OWNERS, Case, Op, everyone, members, owner_only
from tests.personas import Personas


def _viewer_membership(p: Personas) -> dict[str, Any]:
    return {"membership_id": Membership.objects.get(user=p.viewer, organisation=p.organisation).pk}


def _invitation(p: Personas) -> Invitation:
    return invitation_create(
        actor=p.owner, organisation=p.organisation, email="new@example.com", role="viewer"
    ).invitation


def _invitation_token(p: Personas) -> dict[str, Any]:
    issued = invitation_create(actor=p.owner, organisation=p.organisation, email="new@example.com", role="viewer")
    return {"token": issued.token}


def _owner_token(p: Personas) -> dict[str, Any]:
    token, _plain = api_token_create(user=p.owner, name="ci")
    return {"token_id": token.pk}


def _require_two_factor(p: Personas) -> dict[str, Any]:
    TOTPDevice.objects.get_or_create(user=p.owner, name="matrix", defaults={"confirmed": True})
    return {"name": "Renamed by the matrix", "require_two_factor": True}


ROUTES: dict[str, Case] = {
    "set_language": Case(everyone(302), method="post", data=lambda p: {"language": "de", "next": "/"}),
    "accounts:login": Case({**members(302), "anonymous": 200}),
    "accounts:logout": Case(everyone(302), method="post"),
    "accounts:signup": Case({**members(302), "anonymous": 200}),
    "accounts:password_reset": Case(everyone(200)),
    "accounts:password_reset_done": Case(everyone(200)),
    "accounts:password_reset_confirm": Case(everyone(200), kwargs=lambda p: {"uidb64": "MQ", "token": "x-y"}),
    "accounts:password_reset_complete": Case(everyone(200)),
    "accounts:organisation_create": Case(members(200)),
    "accounts:organisation_switch": Case(
        {**members(302), "outsider": 404}, method="post", data=lambda p: {"organisation": str(p.organisation.pk)}
    ),
    # The outsider owns their own organisation, so org-level pages show *their* data.
    "accounts:organisation_settings": Case(owner_only(200, outsider=200), ownership=True),
    "accounts:members": Case(members(200)),
    "accounts:member_role": Case(
        owner_only(302, outsider=404), method="post", kwargs=_viewer_membership, data=lambda p: {"role": "evaluator"},
        ownership=True,
    ),
    "accounts:member_remove": Case(owner_only(200, outsider=404), kwargs=_viewer_membership, ownership=True),
    "accounts:invitation_create": Case(
        owner_only(200, outsider=200),
        method="post",
        data=lambda p: {"email": "colleague@example.com", "role": "viewer"},
        ownership=True,
    ),
    "accounts:invitation_revoke": Case(
        owner_only(302, outsider=404), method="post", kwargs=lambda p: {"invitation_id": _invitation(p).pk},
        ownership=True,
    ),
    "accounts:invitation_accept": Case(everyone(200), kwargs=_invitation_token),
    "audit:log": Case(owner_only(200, outsider=200)),
    "audit:export": Case(owner_only(200, outsider=200)),
    # An adviser organisation's home is the portfolio: its dashboard redirects there (issue 17).
    "journey:dashboard": Case({**members(200), "adviser_other": 302, "adviser_revoked": 302}),
    "journey:favicon": Case(everyone(302)),
    "knowledge:index": Case(members(200)),
    "knowledge:criteria": Case(members(200)),
    "knowledge:implementation_models": Case(members(200)),
    "knowledge:provider_types": Case(members(200)),
    "knowledge:sourcing_channels": Case(members(200)),
    "knowledge:department_budget": Case(members(200)),
    "knowledge:sources": Case(members(200)),
    "api:openapi": Case(everyone(200)),
    "api:not_found": Case(everyone(404)),
    # API tokens are personal: another user's token is the same 404 as a missing one.
    "api:tokens": Case(members(200)),
    "api:token_revoke": Case({**members(404), "owner": 200, "adviser_alongside": 404}, kwargs=_owner_token),
}

API: dict[tuple[str, str], Op] = {
    ("GET", "/api/v1/me"): Op(AUTHENTICATED),
    ("GET", "/api/v1/organisations"): Op(AUTHENTICATED),
    ("GET", "/api/v1/organisations/{organisation_id}"): Op(MEMBERS),
    # Owners only, also for requiring two-factor sign-in (the owner has set it up for themselves).
    ("PATCH", "/api/v1/organisations/{organisation_id}"): Op(OWNERS, body=_require_two_factor, ownership=True),
    ("GET", "/api/v1/organisations/{organisation_id}/members"): Op(MEMBERS),
    ("GET", "/api/v1/reference/criteria"): Op(AUTHENTICATED),
    ("GET", "/api/v1/reference/implementation-models"): Op(AUTHENTICATED),
    ("GET", "/api/v1/reference/provider-types"): Op(AUTHENTICATED),
    ("GET", "/api/v1/reference/sourcing-channels"): Op(AUTHENTICATED),
    ("GET", "/api/v1/reference/department-budget"): Op(AUTHENTICATED),
    ("GET", "/api/v1/reference/sources"): Op(AUTHENTICATED),
}

PATH_VALUES = {
    "organisation_id": lambda p: str(p.organisation.pk),
}
