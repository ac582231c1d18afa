"""Funding in the JSON API (mounted in partnerwijzer/routers.py): the programme catalogue, a use
case's matched programmes with its applications, and saving or removing an application.

Access: the catalogue is reference data for any signed-in caller. A use case is resolved first,
then the caller's membership of its organisation (:func:`object_for_user`), so an unknown id, a
malformed one and another organisation's give the same 404. Members read; owners write (403).

Errors, all ``{"detail": "..."}``: 401 not signed in; 403 a member whose role may not write;
404 unknown use case, or no application to remove; 422 invalid input (``errors`` names the field:
an unknown programme, a negative amount, no amount for applied or granted (except for a programme
that is free of charge), an application to a closed or ended programme, an unknown project type)
with nothing stored; 400 a body that is not JSON.

The kind of project to match on is stored on the use case's budget (``PUT .../funding``); a
``project_type`` query parameter on ``GET`` looks at another kind without storing it.

Amounts are decimal strings in euro (``"1500.00"``); a number is accepted on input.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema

from partnerwijzer import clock
from partnerwijzer.accounts.access import not_found
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api import reference as ref
from partnerwijzer.api import schemas
from partnerwijzer.api.common import Lang, UseCaseId, caller, decimal_in, responses
from partnerwijzer.budget.funding import match as funding_match
from partnerwijzer.budget.funding import services as funding_services
from partnerwijzer.budget.funding.services import MAX_AMOUNT, NOTE_MAX_LENGTH
from partnerwijzer.budget.models import FUNDING_COUNTS_IN_ROI, FundingApplication
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import funding as funding_data
from partnerwijzer.knowledge.topics.funding import Programme, format_partial_date
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase

router = Router(tags=["budget"])

ProgrammeKey = Annotated[
    str,
    Path(description="Key of a programme in /api/v1/reference/funding, e.g. `de-bafa-beratung`."),
]
ProjectTypeName = Literal["consulting", "strategy", "implementation", "rnd", "training", "feasibility"]
StatusName = Literal["considering", "applied", "granted", "rejected"]
ProgrammeStatusName = Literal["open", "window_unknown", "closed", "ended"]
EffectiveStatusName = Literal["open", "upcoming", "window_unknown", "closed", "ended"]
Amount = Annotated[Decimal, decimal_in(ge=0, le=MAX_AMOUNT, max_digits=12, decimal_places=2)]


# --- Schemas ----------------------------------------------------------------------------------


class FundingWindowOut(Schema):
    label: str
    opens_on: dt.date | None
    closes_on: dt.date = Field(description="The last day of the window (inclusive).")
    source: schemas.SourceRef


class NextWindowOut(Schema):
    expected: str = Field(
        description="When the next window is expected: a year, year-month or date, as the source gives it."
    )
    expected_text: str
    note: str
    source: schemas.SourceRef


class FundingProgrammeOut(Schema):
    key: str
    name: str
    country: Literal["DE", "NL", "EU"]
    region: str | None = Field(description="The German state or Dutch province, for regional programmes.")
    kind: Literal["grant", "tax_credit", "loan", "free_service"]
    free_of_charge: bool = Field(
        description="Support at no cost: no rate or cap; applied and granted may have an expected amount of 0."
    )
    funds: str
    for_whom: str
    min_staff: int | None
    max_staff: int | None = Field(description="Inclusive; for SME-only programmes at most 249 (EU definition).")
    sme_only: bool
    project_types: list[ProjectTypeName]
    rate: schemas.FigureOut | None
    cap: schemas.FigureOut | None
    figures: list[schemas.FigureOut]
    amount_note: str | None = Field(description="What the sources say about the amount where no figure is given.")
    status: ProgrammeStatusName = Field(description="The status the sources give.")
    status_today: EffectiveStatusName = Field(description="The status today, moved on by the programme's dates.")
    status_note: str | None
    opens_on: dt.date | None
    closes_on: dt.date | None
    ended_on: dt.date | None
    windows: list[FundingWindowOut] = Field(description="Application windows the sources name, oldest first.")
    next_window: NextWindowOut | None = Field(
        description="The next window a source announces; null when none is announced."
    )
    after_closing: list[str] = Field(
        description="For a programme not open today: when its last window closed and the next expected one, "
        "or that none is announced. Empty for open programmes and for programmes that ended for good."
    )
    verified_on: str = Field(description="When the status was last verified: a year, year-month or date.")
    verified_on_text: str
    verify_by: dt.date = Field(description="When the entry must be checked against its source again.")
    stale: bool = Field(description="True when verify_by has passed: the entry may be out of date.")
    source: schemas.SourceRef
    source_url: str | None
    not_verified: bool = Field(description="True where a fact is not verified: check with the programme.")
    not_verified_note: str | None


class FundingCatalogueOut(Schema):
    lang: schemas.Language
    version: str
    note: str
    items: list[FundingProgrammeOut]


class FundingMatchOut(Schema):
    programme: str = Field(description="Key of the programme.")
    name: str
    status: EffectiveStatusName
    reasons: list[str] = Field(description="Why it fits (matched) or every reason it does not (excluded, ended).")


class FundingApplicationOut(Schema):
    programme: str
    status: StatusName
    expected_amount: Decimal
    counts_in_roi: bool = Field(description="Applied and granted amounts reduce the one-off cost in the ROI.")
    note: str
    updated_at: dt.datetime


class FundingOut(Schema):
    use_case_id: UUID
    profile_complete: bool = Field(
        description="False while the company profile lacks the number of staff; the lists are then empty."
    )
    project_type: ProjectTypeName = Field(description="The kind of project matched on.")
    saved_project_type: ProjectTypeName = Field(
        description="The kind of project stored for the use case: the default when no project_type is asked for."
    )
    matched: list[FundingMatchOut]
    excluded: list[FundingMatchOut]
    ended: list[FundingMatchOut] = Field(description="Closed or ended programmes: never applicable.")
    applications: list[FundingApplicationOut]
    total_in_roi: Decimal = Field(description="Sum of the applied and granted expected amounts, in euro.")


class FundingApplicationIn(Schema):
    status: StatusName = "considering"
    expected_amount: Amount = Field(
        Decimal(0),
        description="Euro; more than 0 for applied and granted, whose amount counts in the ROI, unless the "
                    "programme is free of charge.",
    )
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class FundingProjectTypeIn(Schema):
    project_type: ProjectTypeName


class FundingDeletedOut(Schema):
    deleted: bool = True


# --- Shaping -------------------------------------------------------------------------------------


def _lang() -> str:
    return normalise_language(translation.get_language())


def programme_out(item: Programme, lang: str, today: dt.date) -> FundingProgrammeOut:
    data = reference()
    source = data.source(item.source)
    return FundingProgrammeOut(
        key=item.key, name=item.name.get(lang), country=item.country,
        region=item.region.name if item.region else None, kind=item.kind,
        free_of_charge=item.free_of_charge, funds=item.funds.get(lang),
        for_whom=item.for_whom.get(lang), min_staff=item.staff_limits[0], max_staff=item.staff_limits[1],
        sme_only=item.sme_only, project_types=list(item.project_types),
        rate=ref.figure(item.rate, lang, data) if item.rate else None,
        cap=ref.figure(item.cap, lang, data) if item.cap else None,
        figures=[ref.figure(f, lang, data) for f in item.figures],
        amount_note=item.amount_note.get(lang) if item.amount_note else None,
        status=item.status, status_today=funding_match.status_on(item, today),
        status_note=item.status_note.get(lang) if item.status_note else None,
        opens_on=item.opens_on, closes_on=item.closes_on, ended_on=item.ended_on,
        windows=[FundingWindowOut(label=w.label.get(lang), opens_on=w.opens_on, closes_on=w.closes_on,
                                  source=_source_ref(w.source, lang)) for w in item.windows],
        next_window=NextWindowOut(
            expected=item.next_window.expected, expected_text=format_partial_date(item.next_window.expected, lang),
            note=item.next_window.note.get(lang), source=_source_ref(item.next_window.source, lang),
        ) if item.next_window else None,
        after_closing=[funding_match.reason_text(r) for r in funding_match.after_closing(item, today)],
        verified_on=item.verified_on, verified_on_text=format_partial_date(item.verified_on, lang),
        verify_by=item.verify_by, stale=item.stale_on(today),
        source=schemas.SourceRef(key=source.key, title=source.title.get(lang)), source_url=source.url,
        not_verified=item.not_verified,
        not_verified_note=item.not_verified_note.get(lang) if item.not_verified_note else None,
    )


def _source_ref(key: str, lang: str) -> schemas.SourceRef:
    source = reference().source(key)
    return schemas.SourceRef(key=source.key, title=source.title.get(lang))


def _match_out(match: funding_match.Match, lang: str) -> FundingMatchOut:
    return FundingMatchOut(
        programme=match.programme.key, name=match.programme.name.get(lang), status=match.status,
        reasons=[funding_match.reason_text(r) for r in match.reasons],
    )


def _application_out(application: FundingApplication) -> FundingApplicationOut:
    return FundingApplicationOut(
        programme=application.programme, status=application.status,  # type: ignore[arg-type]
        expected_amount=application.expected_amount, counts_in_roi=application.status in FUNDING_COUNTS_IN_ROI,
        note=application.note, updated_at=application.updated_at,
    )



def _funding_out(use_case: UseCase, project_type: str | None) -> FundingOut:
    state = funding_services.funding_state(use_case, project_type=project_type, today=clock.today())
    lang = _lang()
    result = state.result
    return FundingOut(
        use_case_id=use_case.pk, profile_complete=state.profile_complete,
        project_type=state.project_type,  # type: ignore[arg-type]
        saved_project_type=state.saved_project_type,  # type: ignore[arg-type]
        matched=[_match_out(m, lang) for m in result.matched] if result else [],
        excluded=[_match_out(m, lang) for m in result.excluded] if result else [],
        ended=[_match_out(m, lang) for m in result.ended] if result else [],
        applications=[_application_out(a) for a in state.applications], total_in_roi=state.total_in_roi,
    )


# --- Endpoints -----------------------------------------------------------------------------------


@router.get(
    "/reference/funding", response=responses(FundingCatalogueOut, 422), summary="Funding programmes",
    tags=["reference"],
)
def reference_funding(request: HttpRequest, lang: Lang = "nl") -> FundingCatalogueOut:
    """Every funding programme we know for Germany, the Netherlands and the EU, with what it funds,
    for whom, rate and cap with their source, its status today and when it was last verified.
    Ended and closed programmes are included, marked by ``status_today``."""
    catalogue = funding_data.load()
    today = clock.today()
    with translation.override(lang):  # the after-closing sentences are worded in ``lang``
        return FundingCatalogueOut(
            lang=lang, version=catalogue.version, note=catalogue.note.get(lang),
            items=[programme_out(item, lang, today) for item in catalogue.items],
        )


@router.get(
    "/use-cases/{use_case_id}/funding", response=responses(FundingOut, 404, 422),
    summary="Funding that fits a use case, and its applications",
)
def funding_detail(
    request: HttpRequest, use_case_id: UseCaseId,
    project_type: Annotated[
        ProjectTypeName | None,
        Query(description="The kind of project to match on; default the one stored for the use case."),
    ] = None,
) -> FundingOut:
    """Programmes matched on the company profile (country, state, staff) and the project type, on
    today's date, with the reasons; those that do not fit with every reason; closed and ended ones
    apart. Texts are in the caller's language."""
    return _funding_out(use_case_for(caller(request), use_case_id), project_type)


@router.put(
    "/use-cases/{use_case_id}/funding", response=responses(FundingOut, 400, 403, 404, 422),
    summary="Store the kind of project funding is matched on (owners)",
)
def funding_project_type_save(
    request: HttpRequest, use_case_id: UseCaseId, payload: FundingProjectTypeIn
) -> FundingOut:
    """Store ``project_type`` for the use case: the page and ``GET .../funding`` match on it from
    then on. Returns the funding matched on it."""
    user = caller(request)
    use_case = use_case_for(caller(request), use_case_id, role=Role.OWNER)
    funding_services.project_type_save(actor=user, use_case=use_case, project_type=payload.project_type)
    return _funding_out(use_case, None)


@router.put(
    "/use-cases/{use_case_id}/funding/{programme}", response=responses(FundingApplicationOut, 400, 403, 404, 422),
    summary="Record an application to a programme (owners)",
)
def funding_application_save(
    request: HttpRequest, use_case_id: UseCaseId, programme: ProgrammeKey, payload: FundingApplicationIn
) -> FundingApplicationOut:
    """Create or replace the use case's application to ``programme``. Applied and granted amounts
    reduce the one-off cost in the ROI and must be more than 0. A closed or ended programme takes
    no new application (422); an earlier one may still record its outcome (granted, rejected)."""
    user = caller(request)
    use_case = use_case_for(caller(request), use_case_id, role=Role.OWNER)
    application = funding_services.application_save(
        actor=user, use_case=use_case, programme=programme, status=payload.status,
        expected_amount=payload.expected_amount, note=payload.note, today=clock.today(),
    )
    return _application_out(application)


@router.delete(
    "/use-cases/{use_case_id}/funding/{programme}", response=responses(FundingDeletedOut, 403, 404),
    summary="Remove an application (owners)",
)
def funding_application_delete(
    request: HttpRequest, use_case_id: UseCaseId, programme: ProgrammeKey
) -> FundingDeletedOut:
    """404 when the use case has no application to ``programme``."""
    user = caller(request)
    use_case = use_case_for(caller(request), use_case_id, role=Role.OWNER)
    if not funding_services.application_delete(actor=user, use_case=use_case, programme=programme):
        raise not_found()
    return FundingDeletedOut()
