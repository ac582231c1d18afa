"""Reads for adviser mode: who has access to whom, the portfolio, the criteria sets.

The portfolio answers in a fixed number of queries whatever the number of clients: each step's
status comes from journey's batch providers (``STATUS_BATCH_PROVIDERS``), and each flag is one
aggregate query over all clients (tests/…/test_portfolio.py pins the count for 3 and 30 clients).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Organisation, OrganisationKind
from partnerwijzer.advisers.models import CriteriaSet, GuidanceText
from partnerwijzer.clock import today
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS, STEPS, Status, Step
from partnerwijzer.planning.compliance.selectors import high_risk_without_dpia
from partnerwijzer.results.models import Gate
from partnerwijzer.results.selectors import ResultsSummary, results_summaries
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.stages import Stage

STALLED_AFTER_DAYS = 30
"""A selection without a chosen partner whose candidates did not move for this long is stalled."""


def adviser_organisations() -> QuerySet[Organisation]:
    """Every adviser organisation a company can grant access to (their names are public)."""
    return Organisation.objects.exclude(kind=OrganisationKind.COMPANY).order_by("name", "pk")


def grants_of_client(client: Organisation) -> list[AdviserAccess]:
    """Every grant and revocation of the client's, newest first."""
    return list(
        AdviserAccess.objects.filter(client=client)
        .select_related("adviser", "granted_by", "revoked_by")
        .order_by("-granted_at", "pk")
    )


def grants_of_adviser(adviser: Organisation) -> list[AdviserAccess]:
    """Every grant the adviser organisation received, and its revocation, newest first."""
    return list(
        AdviserAccess.objects.filter(adviser=adviser)
        .select_related("client", "granted_by", "revoked_by")
        .order_by("-granted_at", "pk")
    )


@dataclass(frozen=True)
class Flag:
    key: str
    text: str


@dataclass
class PortfolioRow:
    client: Organisation
    grant: AdviserAccess
    statuses: list[tuple[Step, Status | None]]
    overdue_tasks: int = 0
    flags: list[Flag] = field(default_factory=list)

    @property
    def next_step(self) -> Step | None:
        return next((step for step, status in self.statuses if status is not None and status != Status.DONE), None)

    @property
    def done_steps(self) -> int:
        return sum(1 for _step, status in self.statuses if status == Status.DONE)

    @property
    def holder(self) -> str:
        """Who holds the next action: the client's owners, with the adviser when working alongside."""
        if self.grant.role == AccessRole.ALONGSIDE:
            return _("The client's owners, with you alongside")
        return _("The client's owners")


FLAG_KEYS = ("overdue", "gate_due", "stalled", "high_risk_no_dpia", "cost_out_of_band")


def _overdue_seats(client_ids: QuerySet[Any], on: dt.date) -> dict[Any, int]:
    rows = (
        Evaluator.objects.filter(selection__organisation_id__in=client_ids, submitted_at__isnull=True, score_by__lt=on)
        .values("selection__organisation_id").annotate(n=Count("pk"))
    )
    return {r["selection__organisation_id"]: r["n"] for r in rows}


def _gates_due(client_ids: QuerySet[Any], on: dt.date) -> set[Any]:
    return set(
        Gate.objects.filter(phase__project__organisation_id__in=client_ids, phase__planned_end__lte=on,
                            decisions__isnull=True)
        .values_list("phase__project__organisation_id", flat=True)
    )


def _stalled(client_ids: QuerySet[Any], on: dt.date) -> set[Any]:
    limit = on - dt.timedelta(days=STALLED_AFTER_DAYS)
    chosen = Candidate.objects.filter(stage=Stage.CHOSEN, rejected=False).values("selection_id")
    rows = (
        Selection.objects.filter(organisation_id__in=client_ids).exclude(pk__in=chosen)
        .annotate(last_move=Max("candidates__stage_moves__moved_at"))
        .values_list("organisation_id", "created_at", "last_move")
    )
    return {org for org, created, last in rows if (last or created).date() < limit}


# --- Scale (issue 17 item 7): the clients as a subquery, not as a list of 2,000 ids -----------------


def _active_grants(adviser: Organisation) -> tuple[list[AdviserAccess], QuerySet[Organisation], QuerySet[Any]]:
    """The active grants (by client name) with their clients, the clients as a queryset for the
    batch providers, and the clients' ids as a subquery for the flags.

    With querysets each ``organisation__in=`` becomes one subquery in the database, instead of a
    list of every client's id that Django and the driver build again for each of the ten queries
    (with 2,000 clients that was about a third of the portfolio's time, measured with
    bench/bench_portfolio_scale.py). The clients' queryset is read once here; a provider iterates
    its cache and filters with ``__in``, which uses the subquery.
    """
    active = AdviserAccess.objects.filter(adviser=adviser, revoked_at__isnull=True)
    ids = active.values("client_id")
    clients = Organisation.objects.filter(pk__in=ids)
    by_pk = {client.pk: client for client in clients}  # fills the queryset's cache
    grants = []
    for grant in active.order_by("client__name", "pk"):
        if grant.client_id in by_pk:  # a grant made between the two reads waits for the next page
            grant.client = by_pk[grant.client_id]
            grants.append(grant)
    return grants, clients, ids


def _risk_and_cost_flags(clients: list[Organisation], summaries: dict[Any, ResultsSummary]) -> dict[Any, list[Flag]]:
    """The flags that come from the step owners' batch rules (issue 17 item 3): a high-risk AI Act
    use case without a DPIA done (planning's compliance), and a project whose actual cost left the
    estimate's P10-P90 band (results' burn). A fixed number of queries whatever the clients."""
    flags: dict[Any, list[Flag]] = {}
    for org_id in high_risk_without_dpia([c.pk for c in clients]):
        flags.setdefault(org_id, []).append(Flag("high_risk_no_dpia", _("High-risk AI use case without a DPIA")))
    for org_id, summary in summaries.items():
        if summary.cost_outside == "above":
            flags.setdefault(org_id, []).append(Flag("cost_out_of_band", _("Costs above the estimate's band")))
        elif summary.cost_outside == "below":
            flags.setdefault(org_id, []).append(Flag("cost_out_of_band", _("Costs below the estimate's band")))
    return flags


def portfolio_of(
    adviser: Organisation, *, flag: str = "", step: str = "", sort: str = "name", on: dt.date | None = None
) -> list[PortfolioRow]:
    """Every client the adviser organisation has active access to, with its journey status per
    step, overdue tasks and flags; filtered by ``flag`` (one of FLAG_KEYS) or ``step`` (clients
    whose next step it is) and sorted by ``name``, ``progress`` or ``flags``."""
    on = on or today()
    grants, client_set, ids = _active_grants(adviser)
    clients = cast("list[Organisation]", client_set)  # the providers only iterate it and filter with __in
    # Results' rule gives the step and the cost band at once: computed once, for both (its KPI
    # trends and cost simulations are the portfolio's heaviest part), on the portfolio's day.
    summaries = results_summaries(clients, on=on) if grants else {}
    per_step = {
        s.key: STATUS_BATCH_PROVIDERS[s.key](clients) if s.key in STATUS_BATCH_PROVIDERS and grants else {}
        for s in STEPS if s.key != "results"
    }
    per_step["results"] = {org_id: summary.status for org_id, summary in summaries.items()}
    overdue = _overdue_seats(ids, on) if grants else {}
    gates = _gates_due(ids, on) if grants else set()
    stalled = _stalled(ids, on) if grants else set()
    more_flags = _risk_and_cost_flags(clients, summaries) if grants else {}
    rows = []
    for grant in grants:
        cid = grant.client_id
        flags = []
        if overdue.get(cid):
            flags.append(Flag("overdue", _("Scoring overdue")))
        if cid in gates:
            flags.append(Flag("gate_due", _("A go/no-go gate is due")))
        if cid in stalled:
            flags.append(Flag("stalled", _("Selection stalled for %(days)s days") % {"days": STALLED_AFTER_DAYS}))
        flags.extend(more_flags.get(cid, []))
        rows.append(PortfolioRow(
            client=grant.client, grant=grant,
            statuses=[(s, per_step[s.key].get(cid) if s.key in STATUS_BATCH_PROVIDERS else None) for s in STEPS],
            overdue_tasks=overdue.get(cid, 0), flags=flags,
        ))
    if flag in FLAG_KEYS:
        rows = [r for r in rows if any(f.key == flag for f in r.flags)]
    if step in {s.key for s in STEPS}:
        rows = [r for r in rows if r.next_step is not None and r.next_step.key == step]
    if sort == "progress":
        rows.sort(key=lambda r: (r.done_steps, r.client.name.lower()))
    elif sort == "flags":
        rows.sort(key=lambda r: (-len(r.flags), r.client.name.lower()))
    else:
        rows.sort(key=lambda r: r.client.name.lower())
    return rows


WITHDRAWN_SHOWN_DAYS = 30
"""How long a client's revocation stays on the adviser organisation's portfolio."""


def recently_withdrawn(adviser: Organisation, *, on: dt.date | None = None) -> list[AdviserAccess]:
    """Grants the clients revoked in the last ``WITHDRAWN_SHOWN_DAYS`` days and did not replace
    (a change of role revokes and grants anew), newest first: shown above the portfolio. One query."""
    on = on or today()
    since = dt.datetime.combine(on - dt.timedelta(days=WITHDRAWN_SHOWN_DAYS), dt.time.min,
                                tzinfo=dt.UTC)
    active = AdviserAccess.objects.filter(adviser=adviser, revoked_at__isnull=True).values("client_id")
    return list(
        AdviserAccess.objects.filter(adviser=adviser, revoked_at__gte=since).exclude(client_id__in=active)
        .select_related("client", "revoked_by").order_by("-revoked_at", "pk")
    )


def criteria_sets_of(adviser: Organisation) -> list[CriteriaSet]:
    return list(CriteriaSet.objects.filter(adviser=adviser).prefetch_related("items").order_by("name", "pk"))


def guidance_texts_of(adviser: Organisation) -> list[GuidanceText]:
    return list(GuidanceText.objects.filter(adviser=adviser).order_by("title", "pk"))


def selections_of_clients(adviser: Organisation) -> list[Selection]:
    """Selections of the clients where the adviser works alongside (they may change criteria)."""
    client_ids = AdviserAccess.objects.filter(
        adviser=adviser, revoked_at__isnull=True, role=AccessRole.ALONGSIDE
    ).values("client_id")
    return list(
        Selection.objects.filter(organisation_id__in=client_ids).select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )

