"""Reads of the market figures (docs/market.md): which clients consent, the figures they give, the
newest snapshot and its rows for a page, and the ranges the budget step shows a client.

Every function here runs a fixed number of queries, whatever the number of clients
(tests/advisers: test_market_queries)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decisioncore import market as dcm
from decisioncore.market import Aggregate
from partnerwijzer.accounts.models import AdviserAccess, Organisation
from partnerwijzer.advisers.models import DirectoryCopy, MarketConsent, MarketSnapshot
from partnerwijzer.budget.market import MarketRange, MarketRanges
from partnerwijzer.budget.models import Quote, QuoteLine
from partnerwijzer.contract.models import PartnerDecision
from partnerwijzer.knowledge.topics import archetypes as archetype_reference
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.planning.models import UseCase
from partnerwijzer.results.models import REVIEW_ASPECTS, ActualCost, PartnerReview, Project
from partnerwijzer.results.selectors import realised_rates
from partnerwijzer.sourcing.stages import Stage

MEASURES = ("quote", "actual")
"""quote: the quoted amounts of candidates; actual: the costs booked in the results step."""
PAYBACK = "payback"
"""Realised payback in months per project (results step; decisioncore.market.payback_months),
one group per archetype with the category :data:`MONTHS`: not a cost, so not in :data:`MEASURES`."""
MONTHS = "months"
RUNNING = "running"
TOTAL = "total"
CATEGORIES = (*cost_reference.CATEGORY_KEYS, TOTAL, RUNNING)
"""The fixed groups within a measure and type of application (archetype): the guide's five
categories, the one-off total and the running cost per year. No other grouping exists."""


def _active_grant(adviser_field: str = "adviser") -> Exists:
    return Exists(AdviserAccess.objects.filter(
        client=OuterRef("client"), adviser=OuterRef(adviser_field), revoked_at__isnull=True))


def consenting_clients(adviser: Organisation) -> QuerySet[MarketConsent]:
    """Consents to ``adviser`` that count now: the company's grant to it is active."""
    return MarketConsent.objects.filter(adviser=adviser).filter(_active_grant())


def consent_of(grant: AdviserAccess) -> MarketConsent | None:
    return MarketConsent.objects.filter(client_id=grant.client_id, adviser_id=grant.adviser_id).first()


def consents_of_client(client: Organisation) -> dict[Any, MarketConsent]:
    """The client's consents by adviser organisation id (for its Advisers page)."""
    return {c.adviser_id: c for c in MarketConsent.objects.filter(client=client)}


def consents_to_adviser(adviser: Organisation) -> set[Any]:
    """Ids of the clients that consent to ``adviser`` (for its clients page)."""
    return set(MarketConsent.objects.filter(adviser=adviser).values_list("client_id", flat=True))


@dataclass(frozen=True)
class Figure:
    """One figure of one company before aggregation: never leaves this module's callers unaggregated."""

    measure: str
    archetype: str
    category: str
    company: Any
    value: float


def figures_of(adviser: Organisation) -> list[Figure]:
    """The consenting clients' figures: quote lines, running costs, actual costs (three queries)
    and realised payback (:func:`partnerwijzer.results.selectors.realised_rates`, four more).

    A company's figure per group is reduced to its median later (decisioncore.market)."""
    clients = consenting_clients(adviser).values("client_id")
    figures: list[Figure] = []
    lines = (QuoteLine.objects
             .filter(quote__candidate__selection__use_case__organisation_id__in=clients,
                     quote__candidate__selection__use_case__organisation_id__isnull=False)
             .exclude(quote__candidate__selection__use_case__archetype="")
             .values_list("quote_id", "quote__candidate__selection__use_case__organisation_id",
                          "quote__candidate__selection__use_case__archetype", "category", "amount"))
    totals: dict[Any, list[Any]] = {}
    for quote_id, company, archetype, category, amount in lines:
        if category in cost_reference.CATEGORY_KEYS:
            figures.append(Figure("quote", archetype, category, company, float(amount)))
        total = totals.setdefault(quote_id, [company, archetype, Decimal(0)])
        total[2] += amount
    figures.extend(Figure("quote", archetype, TOTAL, company, float(amount))
                   for company, archetype, amount in totals.values())
    running = (Quote.objects
               .filter(candidate__selection__use_case__organisation_id__in=clients, running_per_year__gt=0)
               .exclude(candidate__selection__use_case__archetype="")
               .values_list("candidate__selection__use_case__organisation_id",
                            "candidate__selection__use_case__archetype", "running_per_year"))
    figures.extend(Figure("quote", archetype, RUNNING, company, float(amount))
                   for company, archetype, amount in running)
    actual = (ActualCost.objects
              .filter(project__organisation_id__in=clients)
              .exclude(project__use_case__archetype="")
              .values("project_id", "project__organisation_id", "project__use_case__archetype", "category")
              .annotate(amount=Sum("amount"))
              .order_by())
    project_totals: dict[Any, list[Any]] = {}
    for row in actual:
        company, archetype = row["project__organisation_id"], row["project__use_case__archetype"]
        if row["category"] in cost_reference.CATEGORY_KEYS or row["category"] == RUNNING:
            figures.append(Figure("actual", archetype, row["category"], company, float(row["amount"])))
        total = project_totals.setdefault(row["project_id"], [company, archetype, Decimal(0)])
        total[2] += row["amount"]
    figures.extend(Figure("actual", archetype, TOTAL, company, float(amount))
                   for company, archetype, amount in project_totals.values())
    rates = [r for r in realised_rates(Project.objects.filter(organisation_id__in=clients)) if r.archetype]
    months: list[float] = (dcm.payback_months([r.one_off for r in rates], [r.yearly_now for r in rates]).tolist()
                           if rates else [])
    figures.extend(Figure(PAYBACK, r.archetype, MONTHS, r.organisation_id, float(m))
                   for r, m in zip(rates, months, strict=True) if math.isfinite(m))
    return figures


def latest_snapshot(adviser: Organisation) -> MarketSnapshot | None:
    return MarketSnapshot.objects.filter(adviser=adviser).order_by("-computed_at").first()


def _lang() -> str:
    return (get_language() or "nl")[:2]


def category_label(category: str) -> str:
    if category == TOTAL:
        return _("One-off costs in total")
    costs = cost_reference.load()
    if category == RUNNING:
        return costs.running.name.get(_lang())
    return next((c.name.get(_lang()) for c in costs.categories if c.key == category), category)


def archetype_label(key: str) -> str:
    data = archetype_reference.load()
    return data.archetype(key).name.get(_lang()) if key in data.keys else key


@dataclass(frozen=True)
class Row:
    category: str
    label: str
    figure: dict[str, Any] | None
    """The stored aggregate (companies, p25, median, p75) or None: not enough data."""


@dataclass(frozen=True)
class Section:
    measure: str
    archetype: str
    label: str
    companies: int
    rows: tuple[Row, ...]


def sections_of(snapshot: MarketSnapshot | None) -> list[Section]:
    """The snapshot's groups for the page: per measure and type of application with any figure,
    every fixed category, "not enough data" where the group had fewer than five companies."""
    if snapshot is None:
        return []
    stored = {(f["measure"], f["archetype"], f["category"]): f for f in snapshot.figures}
    companies = {(g["measure"], g["archetype"]): g["companies"] for g in snapshot.groups}
    sections = []
    for measure in MEASURES:
        for archetype in archetype_reference.load().keys:
            if (measure, archetype) not in companies:
                continue
            rows = tuple(Row(c, category_label(c), stored.get((measure, archetype, c))) for c in CATEGORIES)
            sections.append(Section(measure, archetype, archetype_label(archetype),
                                    companies[(measure, archetype)], rows))
    return sections


@dataclass(frozen=True)
class PaybackRow:
    archetype: str
    label: str
    figure: dict[str, Any] | None
    """The stored aggregate in months (companies, p25, median, p75) or None: not enough data."""


def paybacks_of(snapshot: MarketSnapshot | None) -> list[PaybackRow]:
    """Realised payback per type of application that has any figure in the snapshot (a cost or
    a payback), "not enough data" where fewer than five companies measured a paying benefit."""
    if snapshot is None:
        return []
    stored = {f["archetype"]: f for f in snapshot.figures if f["measure"] == PAYBACK}
    present = {g["archetype"] for g in snapshot.groups}
    return [PaybackRow(a, archetype_label(a), stored.get(a)) for a in archetype_reference.load().keys if a in present]


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def budget_market_ranges(use_case: UseCase) -> list[MarketRanges]:
    """The quote ranges of each adviser organisation the use case's company granted access, for
    the use case's type of application, from its newest snapshot; only groups of five or more
    companies exist in a snapshot. Two queries, whatever the number of clients."""
    if not use_case.archetype:
        return []
    advisers = (AdviserAccess.objects.filter(client_id=use_case.organisation_id, revoked_at__isnull=True)
                .values("adviser_id"))
    snapshots = (MarketSnapshot.objects.filter(adviser_id__in=advisers).select_related("adviser")
                 .order_by("adviser_id", "-computed_at"))
    newest: dict[Any, MarketSnapshot] = {}
    for snapshot in snapshots:
        newest.setdefault(snapshot.adviser_id, snapshot)
    result = []
    for snapshot in sorted(newest.values(), key=lambda s: s.adviser.name):
        group = next((g for g in snapshot.groups
                      if g["measure"] == "quote" and g["archetype"] == use_case.archetype), None)
        if group is None:
            continue
        ranges = tuple(
            MarketRange(category=f["category"], companies=f["companies"], p25=_money(f["p25"]),
                        median=_money(f["median"]), p75=_money(f["p75"]))
            for category in CATEGORIES for f in snapshot.figures
            if f["measure"] == "quote" and f["archetype"] == use_case.archetype and f["category"] == category
        )
        result.append(MarketRanges(source=snapshot.adviser.name, companies=group["companies"],
                                   computed_on=snapshot.computed_on, ranges=ranges))
    return result


def computed_today(snapshot: MarketSnapshot | None, today: dt.date) -> bool:
    return snapshot is not None and snapshot.computed_on == today


# --- Per directory firm (issue 17, item 6) --------------------------------------------------------

SHORTLIST_OR_LATER = tuple(s for s in Stage.values if s != Stage.LONGLIST)
"""A copied candidate counts as shortlisted once it reached the shortlist stage or any later one
(a rejection keeps the stage it was rejected at, so a candidate rejected on the shortlist counts)."""


@dataclass(frozen=True)
class FirmFigures:
    """One directory firm's figures over the consenting clients; ``None``: fewer than five companies."""

    firm_id: Any
    name: str
    shortlisted: int | None
    """Distinct companies whose copy of the firm reached the shortlist or a later stage."""
    chosen: int | None
    """Distinct companies whose partner decision is their copy of the firm."""
    score: Aggregate | None
    """The partner scorecards after the start (results), each company's mean of the aspects."""

    @property
    def has_any(self) -> bool:
        return self.shortlisted is not None or self.chosen is not None or self.score is not None


def firm_figures(adviser: Organisation, firm_id: Any = None) -> list[FirmFigures]:
    """How often each directory firm (or only ``firm_id``) was shortlisted and chosen by the
    consenting clients, and how they scored it after the start; every figure only with five
    distinct companies behind it (decisioncore.market). Firms that no consenting client copied
    are left out. Three queries whatever the number of clients and firms; computed when asked, so a
    withdrawn consent leaves the figures at once."""
    clients = consenting_clients(adviser).values("client_id")
    copies = DirectoryCopy.objects.filter(adviser=adviser, firm__isnull=False,
                                          candidate__selection__organisation_id__in=clients)
    if firm_id is not None:
        copies = copies.filter(firm_id=firm_id)
    names: dict[Any, str] = {}
    shortlisted: dict[Any, list[Any]] = defaultdict(list)
    for firm, name, company, stage in copies.values_list(
            "firm_id", "firm__name", "candidate__selection__organisation_id", "candidate__stage"):
        names[firm] = name
        if stage in SHORTLIST_OR_LATER:
            shortlisted[firm].append(company)
    chosen: dict[Any, list[Any]] = defaultdict(list)
    decisions = PartnerDecision.objects.filter(candidate__directory_copy__in=copies)
    for firm, company in decisions.values_list("candidate__directory_copy__firm_id", "selection__organisation_id"):
        chosen[firm].append(company)
    scores: dict[Any, tuple[list[float], list[Any]]] = defaultdict(lambda: ([], []))
    reviews = PartnerReview.objects.filter(project__candidate__directory_copy__in=copies,
                                           project__organisation_id__in=clients)
    for firm, company, *aspects in reviews.values_list(
            "project__candidate__directory_copy__firm_id", "project__organisation_id", *REVIEW_ASPECTS):
        scores[firm][0].append(sum(aspects) / len(aspects))
        scores[firm][1].append(company)
    result = [
        FirmFigures(firm_id=firm, name=name,
                    shortlisted=dcm.company_count(shortlisted[firm]), chosen=dcm.company_count(chosen[firm]),
                    score=dcm.aggregate(*scores[firm]) if firm in scores else None)
        for firm, name in names.items()
    ]
    return sorted(result, key=lambda f: (f.name.casefold(), str(f.firm_id)))
