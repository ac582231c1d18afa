"""The quotes endpoints of the JSON API (mounted in partnerwijzer/routers.py).

* ``GET /use-cases/{id}/quotes``: every selection of the use case with its candidates' quotes,
  the comparison per cost category, the three-year TCO and whether price comes from the quotes.
* ``GET|PUT|DELETE /candidates/{id}/quote``: one candidate's quote (lines per cost category plus
  running cost per year). GET answers ``quote: null`` while none is entered; DELETE is idempotent.
* ``PUT /selections/{id}/price-from-quotes``: the owner's choice to take price from the quotes.

Access: the object is resolved first, then the caller's membership of its organisation, so an
unknown id, a malformed one and another organisation's give the same 404. Members read; owners
write (others get 403). Amounts are decimal strings in euro.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictBool

from partnerwijzer.accounts.access import object_for_user
from partnerwijzer.accounts.roles import Role
from partnerwijzer.api.common import CandidateId, IsoDate, SelectionId, UseCaseId, caller, decimal_in, responses
from partnerwijzer.budget.models import TCO_YEARS, Quote
from partnerwijzer.budget.quotes import selectors as quote_selectors
from partnerwijzer.budget.quotes import services as quote_services
from partnerwijzer.budget.quotes.selectors import CandidateQuote, SelectionQuotes
from partnerwijzer.evaluation.scoring import services as scoring_services
from partnerwijzer.planning.models import UseCase
from partnerwijzer.sourcing.lookups import candidate_for
from partnerwijzer.sourcing.models import Selection

router = Router(tags=["budget"])

FlagName = Literal["far_below_guide", "far_above_guide", "below_estimate", "above_estimate"]


# --- Schemas ----------------------------------------------------------------------------------


class QuoteOut(Schema):
    id: UUID
    candidate_id: UUID
    lines: dict[str, Decimal] = Field(description="One-off amount per cost category key; a key left out is not quoted.")
    running_per_year: Decimal
    received_on: date | None
    source: Literal["manual", "portal"]
    note: str
    updated_at: datetime


class ComparisonOut(Schema):
    category: str = Field(description="Cost category key of /reference (costs.yaml), or 'running' (per year).")
    name: str
    amount: Decimal | None = Field(description="Quoted amount; null when the quote does not cover it.")
    guide_low: Decimal
    guide_high: Decimal
    own_low: Decimal | None = Field(description="Your estimate's low end; null without an estimate for it.")
    own_high: Decimal | None
    flags: list[FlagName]
    messages: list[str]


class CandidateQuoteOut(Schema):
    candidate_id: UUID
    candidate_name: str
    quote: QuoteOut | None
    comparison: list[ComparisonOut]
    one_off: Decimal | None
    running_per_year: Decimal | None
    tco: Decimal | None = Field(description="One-off + tco_years x running per year; null without a quote.")
    price_score: float | None = Field(
        description="The price criterion's score (1-5) from the quotes, when price comes from them."
    )


class MissingOut(Schema):
    id: UUID
    name: str


class SelectionQuotesOut(Schema):
    id: UUID
    title: str
    has_price_criterion: bool
    price_from_quotes: bool = Field(description="The owner chose to take price from the quotes.")
    price_from_quotes_active: bool = Field(
        description="Price in the ranking comes from the quotes now (chosen, and every ranked candidate has one)."
    )
    missing_quotes: list[MissingOut] = Field(description="Candidates in the ranking without a quote.")
    candidates: list[CandidateQuoteOut] = Field(
        description="Candidates not rejected: those with a quote by TCO (cheapest first), then the others by name."
    )


class EstimateTotalOut(Schema):
    p10: float
    p90: float


class QuotesOut(Schema):
    use_case_id: UUID
    tco_years: int
    far_below_factor: Decimal
    far_above_factor: Decimal
    estimate_total: EstimateTotalOut | None = Field(
        description="Your estimate's three-year total (with internal effort and buffer), P10 and P90."
    )
    selections: list[SelectionQuotesOut]


QuoteAmount = Annotated[Decimal, decimal_in(ge=0, max_digits=12, decimal_places=2)]


class QuoteIn(Schema):
    lines: dict[str, QuoteAmount | None] = Field(
        default_factory=dict,
        description="One-off amount per cost category key (strategy, data, model, implementation, training); "
                    "null or left out: not quoted.",
    )
    running_per_year: QuoteAmount | None = Field(None, description="Running cost per year; null means 0.")
    received_on: IsoDate | None = None
    note: str = Field("", max_length=5000)


class PriceFromQuotesIn(Schema):
    enabled: StrictBool


class PriceFromQuotesOut(Schema):
    selection_id: UUID
    enabled: bool
    has_price_criterion: bool
    active: bool
    missing_quotes: list[MissingOut]


class QuoteDeletedOut(Schema):
    deleted: bool = Field(description="False when the candidate had no quote.")


# --- Shaping -----------------------------------------------------------------------------------


def _quote_out(quote: Quote | None) -> QuoteOut | None:
    if quote is None:
        return None
    return QuoteOut(
        id=quote.id, candidate_id=quote.candidate_id, lines={line.category: line.amount for line in quote.lines.all()},
        running_per_year=quote.running_per_year, received_on=quote.received_on,
        source=quote.source,  # type: ignore[arg-type]
        note=quote.note, updated_at=quote.updated_at,
    )


def _candidate_out(cq: CandidateQuote) -> CandidateQuoteOut:
    return CandidateQuoteOut(
        candidate_id=cq.candidate.pk, candidate_name=cq.candidate.name, quote=_quote_out(cq.quote),
        comparison=[
            ComparisonOut(
                category=line.key, name=line.name, amount=line.amount, guide_low=line.guide.low,
                guide_high=line.guide.high, own_low=line.own.low if line.own else None,
                own_high=line.own.high if line.own else None,
                flags=[f.value for f in line.flags],
                messages=list(line.messages),
            )
            for line in cq.lines
        ],
        one_off=cq.one_off, running_per_year=cq.running_per_year, tco=cq.tco, price_score=cq.price_score,
    )


def _selection_out(sq: SelectionQuotes) -> SelectionQuotesOut:
    unquoted = [c for c in sq.candidates if c.tco is None]
    return SelectionQuotesOut(
        id=sq.selection.pk, title=sq.selection.title, has_price_criterion=sq.has_price_criterion,
        price_from_quotes=sq.price_from_quotes, price_from_quotes_active=sq.price_from_quotes_active,
        missing_quotes=[MissingOut(id=c.pk, name=c.name) for c in sq.missing],
        candidates=[_candidate_out(c) for c in (*sq.ranked, *unquoted)],
    )



# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/use-cases/{use_case_id}/quotes", response=responses(QuotesOut, 404),
    summary="Quotes of a use case, compared and with their three-year TCO",
)
def quotes_list(request: HttpRequest, use_case_id: UseCaseId) -> QuotesOut:
    """Every selection of the use case with its candidates (not rejected) and their quotes: each
    category against your estimate and the guide's typical range (flags with messages in the
    organisation's language), the TCO over ``tco_years`` years, and whether price comes from the quotes."""
    use_case = object_for_user(caller(request), UseCase.objects.all(), use_case_id)
    overview = quote_selectors.quotes_overview(use_case)
    total = overview.estimate_total
    return QuotesOut(
        use_case_id=use_case.pk, tco_years=TCO_YEARS, far_below_factor=quote_selectors.FAR_BELOW_FACTOR,
        far_above_factor=quote_selectors.FAR_ABOVE_FACTOR,
        estimate_total=EstimateTotalOut(p10=total[0], p90=total[1]) if total else None,
        selections=[_selection_out(s) for s in overview.selections],
    )


@router.get(
    "/candidates/{candidate_id}/quote", response=responses(CandidateQuoteOut, 404),
    summary="A candidate's quote with its comparison",
)
def quote_detail(request: HttpRequest, candidate_id: CandidateId) -> CandidateQuoteOut:
    """``quote`` is null while no quote is entered for the candidate."""
    return _candidate_out(quote_selectors.candidate_quote(candidate_for(caller(request), candidate_id)))


@router.put(
    "/candidates/{candidate_id}/quote", response=responses(CandidateQuoteOut, 400, 403, 404, 422),
    summary="Enter or replace a candidate's quote (owners)",
)
def quote_put(request: HttpRequest, candidate_id: CandidateId, payload: QuoteIn) -> CandidateQuoteOut:
    """Replaces the whole quote: categories left out are removed from it. Amounts must be >= 0 and
    the keys known cost categories; otherwise 422 naming the field, and nothing is stored."""
    candidate = candidate_for(caller(request), candidate_id, Role.OWNER)
    quote_services.quote_save(
        actor=caller(request), candidate=candidate, lines=payload.lines, running_per_year=payload.running_per_year,
        received_on=payload.received_on, note=payload.note,
    )
    return _candidate_out(quote_selectors.candidate_quote(candidate))


@router.delete(
    "/candidates/{candidate_id}/quote", response=responses(QuoteDeletedOut, 403, 404),
    summary="Delete a candidate's quote (owners)",
)
def quote_delete(request: HttpRequest, candidate_id: CandidateId) -> QuoteDeletedOut:
    candidate = candidate_for(caller(request), candidate_id, Role.OWNER)
    return QuoteDeletedOut(deleted=quote_services.quote_delete(actor=caller(request), candidate=candidate))


@router.put(
    "/selections/{selection_id}/price-from-quotes", response=responses(PriceFromQuotesOut, 400, 403, 404, 422),
    summary="Take the price criterion from the quotes, or not (owners)",
)
def price_from_quotes(
    request: HttpRequest, selection_id: SelectionId, payload: PriceFromQuotesIn
) -> PriceFromQuotesOut:
    """With ``enabled`` the ranking scores price from the candidates' TCO (cheapest 5, twice as
    expensive 3) once every ranked candidate has a quote; the evaluators' price scores then do
    not count and the weights stay unchanged."""
    user = caller(request)
    selection = object_for_user(user, Selection.objects.all(), selection_id, role=Role.OWNER)
    setup = scoring_services.price_from_quotes_set(actor=user, selection=selection, enabled=payload.enabled)
    sq = quote_selectors.selection_quotes_of(selection)
    return PriceFromQuotesOut(
        selection_id=selection.pk, enabled=setup.price_from_quotes, has_price_criterion=sq.has_price_criterion,
        active=sq.price_from_quotes_active, missing_quotes=[MissingOut(id=c.pk, name=c.name) for c in sq.missing],
    )
