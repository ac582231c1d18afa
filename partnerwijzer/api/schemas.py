"""Request and response bodies of the JSON API (they become the OpenAPI components)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool

Language = Literal["nl", "en", "de"]
RoleName = Literal["owner", "evaluator", "viewer"]


# --- Errors ---------------------------------------------------------------------------------


class Error(Schema):
    """Every error response: a human-readable ``detail``."""

    detail: str = Field(examples=["Not found."])


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where the problem is, e.g. ['body', 'language'].")
    msg: str
    type: str


class InputError(Error):
    """422: the request was understood but its input is invalid; ``errors`` says where."""

    errors: list[FieldError]


# --- Users and organisations ----------------------------------------------------------------


class MembershipOut(Schema):
    organisation_id: UUID
    organisation_name: str
    role: RoleName


class ClientAccessOut(Schema):
    """A client company the caller reaches as an adviser, through the client's grant to one of the
    caller's adviser organisations (docs/advisers.md). Not a membership: it ends when the client's
    owners revoke it."""

    organisation_id: UUID = Field(description="The client company.")
    organisation_name: str
    adviser_organisation_id: UUID = Field(description="The caller's adviser organisation holding the grant.")
    adviser_organisation_name: str
    access: Literal["read", "alongside"] = Field(
        description="What the client granted: read, or work alongside its owners.")
    role: RoleName = Field(description="The role the caller acts with in the client: the access (read: viewer, "
                                       "alongside: owner) capped by the caller's role in the adviser organisation.")


class MeOut(Schema):
    id: UUID
    email: str
    full_name: str
    memberships: list[MembershipOut] = Field(description="The organisations the caller is a member of.")
    client_accesses: list[ClientAccessOut] = Field(
        description="Client companies the caller reaches as an adviser (empty for anyone else), by name.")


class OrganisationOut(Schema):
    id: UUID
    name: str
    language: Language
    role: RoleName = Field(description="The caller's role in this organisation.")
    require_two_factor: bool = Field(
        description="Whether every member must sign in with a one-time code from an authenticator app."
    )
    created_at: datetime


class OrganisationPatch(Schema):
    """Fields to change; fields left out (or null) keep their value."""

    name: str | None = Field(None, min_length=1, max_length=200)
    language: Language | None = None
    require_two_factor: StrictBool | None = Field(
        None,
        description="Require two-factor sign-in for every member (as on the organisation's settings page). "
                    "Turning it on needs two-factor sign-in set up for the caller's own account first "
                    "(on /account/); otherwise 422 with the location `[\"body\", \"require_two_factor\"]`.",
    )


class MemberOut(Schema):
    id: UUID = Field(description="The membership's id.")
    user_id: UUID
    email: str
    full_name: str
    role: RoleName
    joined_at: datetime


# --- Reference data -------------------------------------------------------------------------


class SourceRef(Schema):
    key: str
    title: str


class FigureOut(Schema):
    """A reference value from a named source: one number (``value``) or a range (``low``-``high``)."""

    label: str
    value: float | None
    low: float | None
    high: float | None
    unit: str = Field(description="percent, eur, eur_per_year, months, factor or count.")
    formatted: str = Field(description="The number with its unit, written for the requested language.")
    as_of: str = Field(description="The date the source gives: a year, year-month or full date.")
    source: SourceRef
    note: str | None


class RubricLevel(Schema):
    score: int
    description: str


class CriterionOut(Schema):
    key: str
    is_price: bool
    factor: Literal["hard", "soft"]
    name: str
    summary: str
    why: str
    figures: list[FigureOut]
    check_items: list[str]
    practical_tests: list[str]
    warning_signs: list[str]
    rubric: list[RubricLevel]


class ImplementationModelOut(Schema):
    key: str
    name: str
    what: str
    pros: list[str]
    cons: list[str]
    suits_when: list[str]
    share: FigureOut
    figures: list[FigureOut]


class ProviderTypeOut(Schema):
    key: str
    name: str
    description: str
    strengths: list[str]
    watch_outs: list[str]
    share: FigureOut


class SourcingChannelOut(Schema):
    key: str
    name: str
    description: str
    how_to: str
    highlight: bool
    figures: list[FigureOut]


class DepartmentShareOut(Schema):
    key: str
    name: str
    use_cases: list[str]
    share: FigureOut


class SourceOut(Schema):
    key: str
    title: str
    kind: str
    year: int
    publisher: str | None
    author: str | None
    original_language: Language | None
    url: str | None
    description: str
    caveat: str = Field(description="How far the source can be trusted.")


class ReferenceEnvelope(Schema):
    lang: Language
    version: str = Field(description="Version of the data file the items come from.")


class CriteriaOut(ReferenceEnvelope):
    items: list[CriterionOut]


class ImplementationModelsOut(ReferenceEnvelope):
    typical_path: str
    note: str | None
    items: list[ImplementationModelOut]


class ProviderTypesOut(ReferenceEnvelope):
    items: list[ProviderTypeOut]


class SourcingChannelsOut(ReferenceEnvelope):
    items: list[SourcingChannelOut]


class DepartmentBudgetOut(ReferenceEnvelope):
    items: list[DepartmentShareOut]


class SourcesOut(ReferenceEnvelope):
    items: list[SourceOut]
