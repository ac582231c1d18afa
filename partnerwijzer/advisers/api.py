"""Adviser mode in the API: a company's grants to adviser organisations (members read, owners grant
and revoke) and an adviser organisation's portfolio (its members read). docs/advisers.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from pydantic import WithJsonSchema

from partnerwijzer.accounts import services as account_services
from partnerwijzer.accounts.access import ADVISERS_ONLY_MESSAGE, membership_for_user, not_found, parse_uuid
from partnerwijzer.accounts.models import AdviserAccess, Organisation
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers import selectors
from partnerwijzer.advisers.market import selectors as market_selectors
from partnerwijzer.advisers.market import services as market_services
from partnerwijzer.advisers.models import MarketConsent
from partnerwijzer.api.common import OrganisationId, UseCaseId, caller, responses
from partnerwijzer.planning.lookups import use_case_for

router = Router(tags=["advisers"])

GrantId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="The grant's id. Unknown ids and other organisations' grants both give 404."),
]
AccessRoleName = Literal["read", "alongside"]
PORTFOLIO_PER_PAGE = 50
"""Clients per page of the API's portfolio by default (as the page), and at most (below)."""
PORTFOLIO_MAX_PER_PAGE = 200
StatusName = Literal["not_started", "in_progress", "done", "needs_attention"]
FlagName = Literal["overdue", "gate_due", "stalled", "high_risk_no_dpia", "cost_out_of_band"]


class AdviserAccessOut(Schema):
    id: str
    client_id: str
    client_name: str
    adviser_id: str
    adviser_name: str
    role: AccessRoleName = Field(description="read: the advisers read; alongside: they work as owners do, "
                                             "except members, settings and advisers.")
    granted_at: datetime
    revoked_at: datetime | None = Field(description="Null while the grant is active.")
    created_client: bool = Field(description="The adviser created the company; this is the access it began with.")


class AdviserAccessIn(Schema):
    adviser_id: str = Field(description="An adviser organisation's id (GET /adviser-organisations).",
                            min_length=1, max_length=36)
    role: AccessRoleName


class AdviserOrganisationOut(Schema):
    id: str
    name: str
    kind: Literal["consultancy", "chamber", "hub"]


class StepStatusOut(Schema):
    step: str
    status: StatusName | None = Field(
        description="Null only when no app computes this step's status for a whole portfolio.")


class PortfolioClientOut(Schema):
    client_id: str
    client_name: str
    role: AccessRoleName
    steps: list[StepStatusOut]
    next_step: str | None = Field(description="The first step not done; null when all are done.")
    overdue_tasks: int
    flags: list[FlagName]


def _out(grant: AdviserAccess) -> AdviserAccessOut:
    return AdviserAccessOut(
        id=str(grant.pk), client_id=str(grant.client_id), client_name=grant.client.name,
        adviser_id=str(grant.adviser_id), adviser_name=grant.adviser.name, role=grant.role,  # type: ignore[arg-type]
        granted_at=grant.granted_at, revoked_at=grant.revoked_at, created_client=grant.created_client,
    )


@router.get("/adviser-organisations", response=responses(list[AdviserOrganisationOut]),
            summary="Adviser organisations a company can grant access to")
def adviser_organisation_list(request: HttpRequest) -> list[AdviserOrganisationOut]:
    """Consultancies, chambers and hubs on Partnerwijzer, by name."""
    caller(request)
    return [AdviserOrganisationOut(id=str(o.pk), name=o.name, kind=o.kind)  # type: ignore[arg-type]
            for o in selectors.adviser_organisations()]


@router.get("/organisations/{organisation_id}/adviser-access", response=responses(list[AdviserAccessOut], 404),
            summary="Advisers' access to a company")
def adviser_access_list(request: HttpRequest, organisation_id: OrganisationId) -> list[AdviserAccessOut]:
    """Every grant to an adviser organisation and its revocation, newest first. Members read this,
    and so do advisers with access."""
    membership = membership_for_user(caller(request), organisation_id)
    client = membership.organisation
    return [_out(g) for g in selectors.grants_of_client(client)]


@router.post("/organisations/{organisation_id}/adviser-access",
             response=responses(AdviserAccessOut, 400, 403, 404, 422),
             summary="Grant an adviser organisation access (owners)")
def adviser_access_grant(
    request: HttpRequest, organisation_id: OrganisationId, payload: AdviserAccessIn
) -> AdviserAccessOut:
    """Grant read access or working alongside; another active role of the same adviser is replaced.
    Only the company's owners may (advisers never grant access, not even when working alongside);
    422 for an organisation that is not an adviser organisation."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER, ownership=True)
    adviser_id = parse_uuid(payload.adviser_id)
    adviser = selectors.adviser_organisations().filter(pk=adviser_id).first() if adviser_id else None
    if adviser is None:
        raise ValidationError({"adviser_id": "Choose an adviser organisation."})
    grant = account_services.adviser_access_grant(
        actor=user, client=membership.organisation, adviser=adviser, role=payload.role
    )
    return _out(grant)


@router.post("/organisations/{organisation_id}/adviser-access/{grant_id}/revoke",
             response=responses(AdviserAccessOut, 403, 404), summary="Revoke an adviser's access (owners)")
def adviser_access_revoke(request: HttpRequest, organisation_id: OrganisationId, grant_id: GrantId) -> AdviserAccessOut:
    """End the grant now; the advisers' very next request in the company is refused. Revoking a
    revoked grant changes nothing."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER, ownership=True)
    pk = parse_uuid(grant_id)
    grant = AdviserAccess.objects.filter(pk=pk, client=membership.organisation).first() if pk else None
    if grant is None:
        raise not_found()
    grant = account_services.adviser_access_revoke(actor=user, grant=grant)
    # Consent to market figures ends with the access (a later grant starts without it).
    market_services.market_consent_set(actor=user, grant=grant, consent=False)
    return _out(grant)


AdviserOrganisationId = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "uuid"}),
    Path(description="Your adviser organisation's id. Unknown ids and organisations you are not a member of "
                     "both give 404; a company's id gives 403."),
]


def _adviser_membership(request: HttpRequest, adviser_organisation_id: str, role: Role = Role.VIEWER) -> Any:
    membership = membership_for_user(caller(request), adviser_organisation_id, role=role)
    if not (membership.organisation.is_adviser and membership.holds_organisation):
        raise PermissionDenied(ADVISERS_ONLY_MESSAGE)
    return membership


class PortfolioPageOut(Schema):
    count: int = Field(ge=0, description="Clients matching the filter, on all pages together.")
    page: int = Field(ge=1, description="The page returned (past the last page: the last page).")
    pages: int = Field(ge=1, description="Pages at this per_page; 1 when there are no clients.")
    per_page: int = Field(ge=1, le=PORTFOLIO_MAX_PER_PAGE)
    clients: list[PortfolioClientOut] = Field(description="This page's clients, in the order of the sorting.")


def _client_out(r: selectors.PortfolioRow) -> PortfolioClientOut:
    return PortfolioClientOut(
        client_id=str(r.client.pk), client_name=r.client.name, role=r.grant.role,  # type: ignore[arg-type]
        steps=[StepStatusOut(step=s.key, status=st.value if st is not None else None) for s, st in r.statuses],
        next_step=r.next_step.key if r.next_step else None, overdue_tasks=r.overdue_tasks,
        flags=[f.key for f in r.flags],  # type: ignore[misc]
    )


@router.get("/adviser-organisations/{adviser_organisation_id}/portfolio",
            response=responses(PortfolioPageOut, 403, 404, 422), summary="An adviser organisation's clients, a page")
def portfolio(request: HttpRequest, adviser_organisation_id: AdviserOrganisationId, *,
              flag: FlagName | None = None,
              sort: Literal["name", "progress", "flags"] = "name",
              page: Annotated[int, Query(ge=1, le=100_000, description="The page, from 1.")] = 1,
              per_page: Annotated[int, Query(ge=1, le=PORTFOLIO_MAX_PER_PAGE,
                                             description="Clients per page.")] = PORTFOLIO_PER_PAGE,
              ) -> PortfolioPageOut:
    """Every client with active access, a page at a time (a hub has thousands), its journey status
    per step, overdue tasks and flags. Members of the adviser organisation read this; a company's
    members get 403."""
    membership = _adviser_membership(request, adviser_organisation_id)
    found = selectors.portfolio_page(membership.organisation, flag=flag or "", sort=sort, number=page,
                                     per_page=per_page)
    return PortfolioPageOut(count=found.paginator.count, page=found.number, pages=found.paginator.num_pages,
                            per_page=per_page, clients=[_client_out(r) for r in found.object_list])


# --- Market figures (docs/market.md) ------------------------------------------------------------

MeasureName = Literal["quote", "actual", "payback"]
MarketCategoryName = Literal["strategy", "data", "model", "implementation", "training", "total", "running"]
FigureCategoryName = Literal["strategy", "data", "model", "implementation", "training", "total", "running", "months"]


class MarketConsentIn(Schema):
    consent: bool = Field(description="true: the company's figures count, anonymised, in the adviser "
                                      "organisation's market figures; false: they no longer do.")


class MarketConsentOut(Schema):
    grant_id: str
    adviser_id: str
    consent: bool
    given_at: datetime | None = Field(description="When consent was given; null without consent.")


class MarketFigureOut(Schema):
    measure: MeasureName = Field(description="quote: candidates' quotes; actual: costs booked in the results step; "
                                             "payback: realised payback (the project's actual one-off costs over "
                                             "the benefit its KPI measurements show now), in months.")
    archetype: str = Field(description="Key of the type of AI application (archetype).")
    category: FigureCategoryName = Field(description="A cost category of the guide, the one-off total, "
                                                     "or running cost per year; months for payback.")
    companies: int = Field(ge=5, description="Distinct companies in the group; never fewer than five.")
    p25: int = Field(description="25th percentile across the companies, in whole euro (payback: whole months).")
    median: int = Field(description="Median across the companies, in whole euro (payback: whole months).")
    p75: int = Field(description="75th percentile across the companies, in whole euro (payback: whole months).")


class MarketFirmScoreOut(Schema):
    companies: int = Field(ge=5, description="Distinct companies that scored the firm; never fewer than five.")
    p25: float = Field(ge=1, le=5, description="25th percentile of the companies' scores (1-5, 5 is best).")
    median: float = Field(ge=1, le=5, description="Median of the companies' scores (1-5).")
    p75: float = Field(ge=1, le=5, description="75th percentile of the companies' scores (1-5).")


class MarketFirmOut(Schema):
    firm_id: str = Field(description="The firm of the adviser organisation's provider directory.")
    name: str
    shortlisted: int | None = Field(ge=5, description="Distinct consenting companies whose copy of the firm "
                                                      "reached the shortlist or later; null: fewer than five.")
    chosen: int | None = Field(ge=5, description="Distinct consenting companies that chose their copy of the firm "
                                                 "as partner; null: fewer than five.")
    score: MarketFirmScoreOut | None = Field(description="The partner scorecards after the start, each "
                                                         "company once; null: fewer than five companies.")


class MarketFiguresOut(Schema):
    adviser_id: str
    computed_on: date | None = Field(description="The day of the newest computation; null before the first.")
    companies: int = Field(description="Consenting companies at that computation.")
    figures: list[MarketFigureOut] = Field(description="Only groups of at least five distinct companies; a group "
                                                       "not listed has not enough data.")
    firms: list[MarketFirmOut] = Field(description="Per directory firm that a consenting client copied, computed "
                                                   "now over the clients that consent now.")


def _consent_out(grant: AdviserAccess, consent: MarketConsent | None) -> MarketConsentOut:
    return MarketConsentOut(grant_id=str(grant.pk), adviser_id=str(grant.adviser_id), consent=consent is not None,
                            given_at=consent.given_at if consent else None)


@router.put("/organisations/{organisation_id}/adviser-access/{grant_id}/market-consent",
            response=responses(MarketConsentOut, 403, 404, 422),
            summary="Give or withdraw consent to market figures (owners)")
def market_consent_set(request: HttpRequest, organisation_id: OrganisationId, grant_id: GrantId,
                       payload: MarketConsentIn) -> MarketConsentOut:
    """Whether the company's figures count, anonymised, in the grant's adviser organisation's market
    figures. Off by default; only the company's owners change it; 422 for consent on a revoked grant."""
    user = caller(request)
    membership = membership_for_user(user, organisation_id, role=Role.OWNER, ownership=True)
    pk = parse_uuid(grant_id)
    grant = (AdviserAccess.objects.select_related("adviser", "client")
             .filter(pk=pk, client=membership.organisation).first() if pk else None)
    if grant is None:
        raise not_found()
    consent = market_services.market_consent_set(actor=user, grant=grant, consent=payload.consent)
    return _consent_out(grant, consent)


def _figures_out(adviser: Organisation) -> MarketFiguresOut:
    snapshot = market_selectors.latest_snapshot(adviser)
    return MarketFiguresOut(
        adviser_id=str(adviser.pk), computed_on=snapshot.computed_on if snapshot else None,
        companies=snapshot.companies if snapshot else 0,
        figures=[MarketFigureOut(**f) for f in snapshot.figures] if snapshot else [],
        firms=[MarketFirmOut(firm_id=str(f.firm_id), name=f.name, shortlisted=f.shortlisted, chosen=f.chosen,
                             score=MarketFirmScoreOut(companies=f.score.companies, p25=f.score.p25,
                                                      median=f.score.median, p75=f.score.p75) if f.score else None)
               for f in market_selectors.firm_figures(adviser)],
    )


@router.get("/adviser-organisations/{adviser_organisation_id}/market-figures",
            response=responses(MarketFiguresOut, 403, 404), summary="An adviser organisation's market figures")
def market_figures(request: HttpRequest, adviser_organisation_id: AdviserOrganisationId) -> MarketFiguresOut:
    """The newest computation over the clients that consent. Members of the adviser organisation read
    this; a company's members get 403."""
    membership = _adviser_membership(request, adviser_organisation_id)
    return _figures_out(membership.organisation)


@router.post("/adviser-organisations/{adviser_organisation_id}/market-figures/compute",
             response=responses(MarketFiguresOut, 403, 404), summary="Compute the market figures now (owners)")
def market_figures_compute(request: HttpRequest, adviser_organisation_id: AdviserOrganisationId) -> MarketFiguresOut:
    """Compute the figures anew from the clients that consent now, and return them. Owners of the
    adviser organisation only."""
    membership = _adviser_membership(request, adviser_organisation_id, Role.OWNER)
    market_services.market_figures_compute(actor=membership.user, adviser=membership.organisation)
    return _figures_out(membership.organisation)


class MarketRangeOut(Schema):
    category: MarketCategoryName
    companies: int = Field(ge=5, description="Distinct companies in the group; never fewer than five.")
    p25: int = Field(description="25th percentile across the companies, in whole euro.")
    median: int = Field(description="Median across the companies, in whole euro.")
    p75: int = Field(description="75th percentile across the companies, in whole euro.")


class MarketRangesOut(Schema):
    source: str = Field(description="The adviser organisation's name.")
    companies: int = Field(ge=5, description="Companies with quotes for this type of AI application.")
    computed_on: date
    ranges: list[MarketRangeOut]


@router.get("/use-cases/{use_case_id}/budget/market-figures", response=responses(list[MarketRangesOut], 404),
            summary="Market figures beside the guide's ranges for a use case")
def use_case_market_figures(request: HttpRequest, use_case_id: UseCaseId) -> list[MarketRangesOut]:
    """The quote ranges of each adviser organisation the company granted access, for the use case's
    type of AI application, as the cost estimate shows them; empty without such a grant, without a
    type of application, or where no group reaches five companies. Members read this."""
    use_case = use_case_for(caller(request), use_case_id)
    return [
        MarketRangesOut(
            source=r.source, companies=r.companies, computed_on=r.computed_on,
            ranges=[MarketRangeOut(category=m.category, companies=m.companies, p25=int(m.p25),  # type: ignore[arg-type]
                                   median=int(m.median), p75=int(m.p75)) for m in r.ranges],
        )
        for r in market_selectors.budget_market_ranges(use_case)
    ]
