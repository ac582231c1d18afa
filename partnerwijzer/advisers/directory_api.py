"""The provider directory in the API (issue 17, item 5): an adviser organisation's firms with their
verified references, copying a firm into a client's longlist, and own-interest declarations, which
the adviser organisation's clients read as well. docs/advisers.md.

Access: members of the adviser organisation, in their own right (not a client's member, not an
adviser of another organisation), read; evaluators and owners of it write. A firm or declaration of
another organisation, an unknown id and a malformed one give the same 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from partnerwijzer.accounts.access import ADVISERS_ONLY_MESSAGE, membership_for_user, not_found, parse_uuid
from partnerwijzer.accounts.models import Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers import directory, selectors
from partnerwijzer.advisers.api import AdviserOrganisationId
from partnerwijzer.advisers.models import DirectoryFirm, InterestDeclaration
from partnerwijzer.api.common import IsoDate, OrganisationId, UuidPath, caller, responses
from partnerwijzer.sourcing.lookups import selection_for

router = Router(tags=["advisers"])

FirmId = Annotated[
    UuidPath,
    Path(description="The directory firm's id. Unknown ids and other adviser organisations' firms both give 404."),
]
DeclarationId = Annotated[
    UuidPath,
    Path(description="The declaration's id. Unknown ids and other organisations' declarations both give 404."),
]
MethodName = Literal["call", "visit", "document", "written"]
InterestName = Literal["provides", "earns"]


class DirectoryReferenceOut(Schema):
    id: str
    client_name: str = Field(description="The reference client, as the adviser organisation records it.")
    contact: str
    project: str
    verified_by: str | None = Field(description="Who verified it; null when that member's account is gone.")
    verified_on: date
    method: MethodName = Field(description="call, visit, document or written statement.")


class DirectoryFirmOut(Schema):
    id: str
    adviser_id: str
    name: str
    website: str
    city: str
    country: str = Field(description="ISO 3166 two-letter code, or empty.")
    provider_type: str = Field(description="Key from /api/v1/reference/provider-types, or empty.")
    specialities: list[str]
    regions: list[str]
    languages: list[str] = Field(description="Two-letter language codes.")
    certifications: list[str]
    notes: str
    references: list[DirectoryReferenceOut] = Field(description="The references the adviser organisation verified.")
    updated_at: datetime


class DirectoryFirmIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    website: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    country: str = Field("", max_length=2, description="ISO 3166 two-letter code, e.g. NL.")
    provider_type: str = Field("", max_length=50, description="Key from /api/v1/reference/provider-types.")
    specialities: str = Field("", max_length=300, description="Separated by commas.")
    regions: str = Field("", max_length=300, description="Separated by commas.")
    languages: str = Field("", max_length=100, description="Two-letter codes separated by commas, e.g. nl, de.")
    certifications: str = Field("", max_length=300, description="Separated by commas.")
    notes: str = Field("", max_length=5000)


class DirectoryFirmPatch(Schema):
    """Fields to change; fields left out keep their value."""

    name: str | None = Field(None, min_length=1, max_length=200)
    website: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=2)
    provider_type: str | None = Field(None, max_length=50)
    specialities: str | None = Field(None, max_length=300)
    regions: str | None = Field(None, max_length=300)
    languages: str | None = Field(None, max_length=100)
    certifications: str | None = Field(None, max_length=300)
    notes: str | None = Field(None, max_length=5000)


class DirectoryReferenceIn(Schema):
    client_name: str = Field(min_length=1, max_length=200)
    contact: str = Field("", max_length=200)
    project: str = Field("", max_length=5000)
    method: MethodName
    verified_on: IsoDate | None = Field(None, description="ISO date, today or earlier; today when left out.")


class DirectoryCopyIn(Schema):
    selection_id: str = Field(min_length=1, max_length=36,
                              description="A selection of a client where your organisation works alongside.")


class DirectoryCopyOut(Schema):
    candidate_id: str = Field(description="The new candidate, the client's own (GET /api/v1/candidates/{id}).")
    selection_id: str
    client_id: str
    firm_id: str


class DirectoryDeletedOut(Schema):
    deleted: bool = True


class InterestOut(Schema):
    id: str
    adviser_id: str
    adviser_name: str
    adviser_user: str | None = Field(description="The adviser with the interest; null: the whole organisation.")
    kind: InterestName = Field(description="provides: provides AI services itself; earns: earns from a provider.")
    provider: str
    details: str
    declared_at: datetime


class InterestIn(Schema):
    kind: InterestName
    provider: str = Field(min_length=1, max_length=200)
    details: str = Field("", max_length=2000)
    adviser_user_id: str | None = Field(None, min_length=1, max_length=36,
                                        description="One of your organisation's members; null: the whole organisation.")


def _firm_out(firm: DirectoryFirm) -> DirectoryFirmOut:
    return DirectoryFirmOut(
        id=str(firm.pk), adviser_id=str(firm.adviser_id), name=firm.name, website=firm.website, city=firm.city,
        country=firm.country, provider_type=firm.provider_type, specialities=firm.speciality_list,
        regions=firm.region_list, languages=firm.language_list, certifications=firm.certification_list,
        notes=firm.notes, updated_at=firm.updated_at,
        references=[
            DirectoryReferenceOut(
                id=str(r.pk), client_name=r.client_name, contact=r.contact, project=r.project,
                verified_by=r.verified_by.email if r.verified_by else None, verified_on=r.verified_on,
                method=r.method,  # type: ignore[arg-type]
            )
            for r in firm.references.all()
        ],
    )


def _interest_out(d: InterestDeclaration) -> InterestOut:
    return InterestOut(
        id=str(d.pk), adviser_id=str(d.adviser_id), adviser_name=d.adviser.name,
        adviser_user=(d.adviser_user.full_name or d.adviser_user.email) if d.adviser_user else None,
        kind=d.kind, provider=d.provider, details=d.details, declared_at=d.declared_at,  # type: ignore[arg-type]
    )


def _adviser_membership(user: User, organisation_id: object, role: Role = Role.VIEWER) -> Membership:
    """The caller's own membership of an adviser organisation; 404 as everywhere, 403 for a company."""
    membership = membership_for_user(user, organisation_id)
    if not (membership.organisation.is_adviser and membership.holds_organisation):
        raise PermissionDenied(ADVISERS_ONLY_MESSAGE)
    if not membership.has_role(role):
        raise PermissionDenied("Your role in this organisation does not allow this.")
    return membership


def _firm(user: User, firm_id: str, role: Role = Role.VIEWER) -> DirectoryFirm:
    pk = parse_uuid(firm_id)
    adviser_id = DirectoryFirm.objects.filter(pk=pk).values_list("adviser_id", flat=True).first() if pk else None
    if adviser_id is None:
        raise not_found()
    membership = membership_for_user(user, adviser_id)
    if not membership.holds_organisation:
        raise not_found()
    if not membership.has_role(role):
        raise PermissionDenied("Your role in this organisation does not allow this.")
    firm = directory.firm_of(membership.organisation, pk)
    if firm is None:
        raise not_found()
    return firm


@router.get("/adviser-organisations/{adviser_organisation_id}/directory",
            response=responses(list[DirectoryFirmOut], 403, 404, 422), summary="The provider directory")
def directory_list(
    request: HttpRequest, adviser_organisation_id: AdviserOrganisationId, *,
    q: Annotated[str, Query(max_length=100, description="In name, specialities and certifications.")] = "",
    provider_type: Annotated[str, Query(max_length=50)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
    language: Annotated[str, Query(max_length=2)] = "",
    region: Annotated[str, Query(max_length=100)] = "",
    verified: bool = False,
) -> list[DirectoryFirmOut]:
    """The adviser organisation's firms by name, with their verified references; ``verified``: only
    firms with at least one. Members of the adviser organisation read this; a company's members get 403."""
    membership = _adviser_membership(caller(request), adviser_organisation_id)
    filters = directory.DirectoryFilters(q=q.strip(), provider_type=provider_type, country=country,
                                         language=language, region=region.strip(), verified_only=verified)
    return [_firm_out(f) for f in directory.firms_of(membership.organisation, filters)]


@router.post("/adviser-organisations/{adviser_organisation_id}/directory",
             response=responses(DirectoryFirmOut, 400, 403, 404, 422),
             summary="Add a firm to the provider directory (evaluators and owners of the adviser organisation)")
def directory_firm_create(
    request: HttpRequest, adviser_organisation_id: AdviserOrganisationId, payload: DirectoryFirmIn
) -> DirectoryFirmOut:
    user = caller(request)
    membership = _adviser_membership(user, adviser_organisation_id, Role.EVALUATOR)
    firm = directory.directory_firm_create(actor=user, adviser=membership.organisation, **payload.model_dump())
    return _firm_out(directory.firm_of(membership.organisation, firm.pk) or firm)


@router.get("/directory-firms/{firm_id}", response=responses(DirectoryFirmOut, 404),
            summary="One firm of the provider directory")
def directory_firm_detail(request: HttpRequest, firm_id: FirmId) -> DirectoryFirmOut:
    return _firm_out(_firm(caller(request), firm_id))


@router.patch("/directory-firms/{firm_id}", response=responses(DirectoryFirmOut, 400, 403, 404, 422),
              summary="Change a directory firm (evaluators and owners of the adviser organisation)")
def directory_firm_update(request: HttpRequest, firm_id: FirmId, payload: DirectoryFirmPatch) -> DirectoryFirmOut:
    user = caller(request)
    firm = _firm(user, firm_id, Role.EVALUATOR)
    directory.directory_firm_update(actor=user, firm=firm, **payload.model_dump(exclude_none=True))
    return _firm_out(directory.firm_of(firm.adviser, firm.pk) or firm)


@router.delete("/directory-firms/{firm_id}", response=responses(DirectoryDeletedOut, 403, 404),
               summary="Delete a directory firm (evaluators and owners of the adviser organisation)")
def directory_firm_delete(request: HttpRequest, firm_id: FirmId) -> DirectoryDeletedOut:
    """The firm and its references leave the directory; candidates copied from it stay the clients' own."""
    user = caller(request)
    directory.directory_firm_delete(actor=user, firm=_firm(user, firm_id, Role.EVALUATOR))
    return DirectoryDeletedOut()


@router.post("/directory-firms/{firm_id}/references", response=responses(DirectoryFirmOut, 400, 403, 404, 422),
             summary="Record a reference the adviser organisation verified")
def directory_reference_add(request: HttpRequest, firm_id: FirmId, payload: DirectoryReferenceIn) -> DirectoryFirmOut:
    """Verified by the caller, on ``verified_on`` (today when left out), by ``method``."""
    user = caller(request)
    firm = _firm(user, firm_id, Role.EVALUATOR)
    directory.directory_reference_add(actor=user, firm=firm, **payload.model_dump())
    return _firm_out(directory.firm_of(firm.adviser, firm.pk) or firm)


@router.post("/directory-firms/{firm_id}/copy", response=responses(DirectoryCopyOut, 400, 403, 404, 422),
             summary="Add a directory firm to a client's longlist")
def directory_firm_copy(request: HttpRequest, firm_id: FirmId, payload: DirectoryCopyIn) -> DirectoryCopyOut:
    """Copies the firm as a candidate of the client's selection, with a link back to the entry; the
    candidate is the client's own from then on. The caller needs the client's grant to work
    alongside (else 403; a selection the caller cannot reach is 404). Audited on both sides."""
    user = caller(request)
    firm = _firm(user, firm_id, Role.EVALUATOR)
    selection = selection_for(user, payload.selection_id, role=Role.OWNER)
    candidate = directory.directory_firm_copy(actor=user, firm=firm, selection=selection)
    return DirectoryCopyOut(candidate_id=str(candidate.pk), selection_id=str(selection.pk),
                            client_id=str(selection.organisation_id), firm_id=str(firm.pk))


@router.get("/adviser-organisations/{adviser_organisation_id}/interests",
            response=responses(list[InterestOut], 403, 404), summary="The adviser organisation's own interests")
def interest_list(request: HttpRequest, adviser_organisation_id: AdviserOrganisationId) -> list[InterestOut]:
    membership = _adviser_membership(caller(request), adviser_organisation_id)
    adviser = membership.organisation
    return [_interest_out(d) for d in directory.declarations_of([adviser.pk])[adviser.pk]]


@router.post("/adviser-organisations/{adviser_organisation_id}/interests",
             response=responses(InterestOut, 400, 403, 404, 422),
             summary="Declare an own interest in a provider of AI services")
def interest_declare(
    request: HttpRequest, adviser_organisation_id: AdviserOrganisationId, payload: InterestIn
) -> InterestOut:
    """The organisation or one of its advisers provides AI services or earns from a provider; its
    directory and every client that granted it access see the declaration."""
    user = caller(request)
    membership = _adviser_membership(user, adviser_organisation_id, Role.EVALUATOR)
    adviser_user = None
    if payload.adviser_user_id is not None:
        pk = parse_uuid(payload.adviser_user_id)
        adviser_user = User.objects.filter(pk=pk, memberships__organisation=membership.organisation).first() \
            if pk is not None else None
        if adviser_user is None:
            raise ValidationError({"adviser_user_id": "Choose one of your organisation's members."})
    declaration = directory.interest_declare(
        actor=user, adviser=membership.organisation, kind=payload.kind, provider=payload.provider,
        details=payload.details, adviser_user=adviser_user,
    )
    return _interest_out(declaration)


@router.delete("/adviser-organisations/{adviser_organisation_id}/interests/{interest_id}",
               response=responses(DirectoryDeletedOut, 403, 404), summary="Withdraw an own-interest declaration")
def interest_withdraw(
    request: HttpRequest, adviser_organisation_id: AdviserOrganisationId, interest_id: DeclarationId
) -> DirectoryDeletedOut:
    user = caller(request)
    membership = _adviser_membership(user, adviser_organisation_id, Role.EVALUATOR)
    pk = parse_uuid(interest_id)
    declaration = InterestDeclaration.objects.filter(pk=pk, adviser=membership.organisation).first() if pk else None
    if declaration is None:
        raise not_found()
    directory.interest_withdraw(actor=user, declaration=declaration)
    return DirectoryDeletedOut()


@router.get("/organisations/{organisation_id}/adviser-interests", response=responses(list[InterestOut], 404),
            summary="Own interests of the advisers with access to a company")
def client_interest_list(request: HttpRequest, organisation_id: OrganisationId) -> list[InterestOut]:
    """The own-interest declarations of every adviser organisation with active access; members read this."""
    membership = membership_for_user(caller(request), organisation_id)
    grants = selectors.grants_of_client(membership.organisation)
    active = [g.adviser_id for g in grants if g.revoked_at is None]
    declared = directory.declarations_of(active)
    return [_interest_out(d) for a in active for d in declared.get(a, [])]
