"""Reads for adviser mode: who has access to whom, the portfolio, the criteria sets.

The portfolio answers in a fixed number of queries whatever the number of clients: each step's
status comes from journey's batch providers (``STATUS_BATCH_PROVIDERS``), and each flag is one
aggregate query over all clients (tests/…/test_portfolio.py pins the count for 3 and 30 clients).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Organisation, OrganisationKind
from partnerwijzer.advisers.models import CriteriaSet, GuidanceText
from partnerwijzer.clock import today
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS, STEPS, Status, Step
from partnerwijzer.planning.compliance.selectors import high_risk_without_dpia
from partnerwijzer.planning.stored_status import planning_statuses_many
from partnerwijzer.results.models import Gate
from partnerwijzer.results.selectors import ResultsSummary, costs_outside_many, results_summaries
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


SORTS = ("name", "progress", "flags")


def _statuses_of(rows: list[PortfolioRow], clients: Any, on: dt.date, *, results: bool = True
                 ) -> dict[Any, ResultsSummary]:
    """Fills each row's status per step from the batch providers, for ``clients`` (the rows'
    clients: a list, or the cached queryset of every client); returns results' summaries, which
    also give the cost band. A fixed number of queries whatever the number of rows.

    Results' rule is the heaviest by far (a cost simulation per running project: 7 of the 8
    seconds of 2,000 clients), and its status is never done and never empty (not started, in
    progress or needs attention), so neither the progress nor the next step depend on which:
    with ``results=False`` it stands as in progress until :func:`_results_of` fills it in."""
    # Plan and readiness come from their stored statuses in one read (planning/stored_status.py:
    # computed again only for clients whose use cases, KPIs or answers changed), not once per step.
    stored = planning_statuses_many(clients) if rows else {}
    per_step = {
        s.key: ({cid: st[s.key] for cid, st in stored.items()} if s.key in ("plan", "readiness")
                else STATUS_BATCH_PROVIDERS[s.key](clients) if s.key in STATUS_BATCH_PROVIDERS and rows else {})
        for s in STEPS if s.key != "results"
    }
    for row in rows:
        cid = row.grant.client_id
        row.statuses = [
            (s, Status.IN_PROGRESS if s.key == "results"
             else per_step[s.key].get(cid) if s.key in STATUS_BATCH_PROVIDERS else None)
            for s in STEPS
        ]
    return _results_of(rows, clients, on) if results else {}


def _results_of(rows: list[PortfolioRow], clients: Any, on: dt.date,
                summaries: dict[Any, ResultsSummary] | None = None,
                bands: dict[Any, str] | None = None) -> dict[Any, ResultsSummary]:
    """Fills in results' status of rows filled by :func:`_statuses_of` (from ``summaries`` when
    they were computed already; with the costs outside their band from ``bands`` when the flags
    computed those) and returns the summaries."""
    # Results' rule gives the step and the cost band at once: computed once, for both (its KPI
    # trends and cost simulations are the portfolio's heaviest part), on the portfolio's day.
    if summaries is None:
        summaries = results_summaries(clients, on=on, outside=bands) if rows else {}
    for row in rows:
        summary = summaries.get(row.grant.client_id)
        row.statuses = [(s, summary.status if s.key == "results" and summary else status)
                        for s, status in row.statuses]
    return summaries


def _flags_of(rows: list[PortfolioRow], ids: Any, on: dt.date, *, only: str = "",
              summaries: dict[Any, ResultsSummary] | None = None) -> dict[Any, str] | None:
    """Fills each row's flags and overdue tasks, every flag or ``only`` the one a filter needs;
    ``ids`` are the rows' client ids (a list, or the subquery of every client). Each flag is one
    aggregate query; the cost band comes from results' summaries when given, else from the
    projects with actual costs only. Returns the costs outside their band (client id -> "above"
    or "below") when they were read for every row's client, for results' status of the page."""
    def wanted(key: str) -> bool:
        return bool(rows) and only in ("", key)

    overdue = _overdue_seats(ids, on) if wanted("overdue") else {}
    gates = _gates_due(ids, on) if wanted("gate_due") else set()
    stalled = _stalled(ids, on) if wanted("stalled") else set()
    risky = high_risk_without_dpia(cast("list[Any]", ids)) if wanted("high_risk_no_dpia") else set()
    bands: dict[Any, str] = {}
    if wanted("cost_out_of_band"):
        # Given results' summaries carry the band; otherwise only the projects with actual costs are
        # read (results' KPI trends are not needed for this flag: the page computes them for its 50).
        bands = ({cid: s.cost_outside for cid, s in summaries.items()} if summaries is not None
                 else costs_outside_many(ids, on=on))
    for row in rows:
        cid = row.grant.client_id
        flags = []
        if overdue.get(cid):
            flags.append(Flag("overdue", _("Scoring overdue")))
        if cid in gates:
            flags.append(Flag("gate_due", _("A go/no-go gate is due")))
        if cid in stalled:
            flags.append(Flag("stalled", _("Selection stalled for %(days)s days") % {"days": STALLED_AFTER_DAYS}))
        if cid in risky:
            flags.append(Flag("high_risk_no_dpia", _("High-risk AI use case without a DPIA")))
        if bands.get(cid) == "above":
            flags.append(Flag("cost_out_of_band", _("Costs above the estimate's band")))
        elif bands.get(cid) == "below":
            flags.append(Flag("cost_out_of_band", _("Costs below the estimate's band")))
        row.flags = flags
        row.overdue_tasks = overdue.get(cid, 0)
    return bands if wanted("cost_out_of_band") and summaries is None else None


def _sort(rows: list[PortfolioRow], sort: str) -> None:
    if sort == "progress":
        rows.sort(key=lambda r: (r.done_steps, r.client.name.lower()))
    elif sort == "flags":
        rows.sort(key=lambda r: (-len(r.flags), r.client.name.lower()))
    else:
        rows.sort(key=lambda r: r.client.name.lower())


def portfolio_of(
    adviser: Organisation, *, flag: str = "", step: str = "", sort: str = "name", on: dt.date | None = None
) -> list[PortfolioRow]:
    """Every client the adviser organisation has active access to, with its journey status per
    step, overdue tasks and flags; filtered by ``flag`` (one of FLAG_KEYS) or ``step`` (clients
    whose next step it is) and sorted by ``name``, ``progress`` or ``flags``. Computes everything
    for every client (the export and the API); the page uses :func:`portfolio_page`."""
    on = on or today()
    grants, client_set, ids = _active_grants(adviser)
    rows = [PortfolioRow(client=g.client, grant=g, statuses=[]) for g in grants]
    summaries = _statuses_of(rows, client_set, on)
    _flags_of(rows, ids, on, summaries=summaries)
    if flag in FLAG_KEYS:
        rows = [r for r in rows if any(f.key == flag for f in r.flags)]
    if step in {s.key for s in STEPS}:
        rows = [r for r in rows if r.next_step is not None and r.next_step.key == step]
    _sort(rows, sort)
    return rows


def portfolio_page(
    adviser: Organisation, *, flag: str = "", step: str = "", sort: str = "name", number: Any = 1,
    per_page: int = 50, on: dt.date | None = None,
) -> Page[PortfolioRow]:
    """One page of :func:`portfolio_of`: the same rows in the same order, but the step statuses
    and the flags are computed only where needed (issue 17 item 7: with 2,000 clients computing
    everything for everyone took seconds). A flag filter computes that one flag for every client
    first; a step filter or sorting by progress computes the statuses of the clients left, sorting
    by flags their flags; the rest is computed for the page's clients only. The number of queries
    does not depend on the number of clients."""
    on = on or today()
    grants, client_set, ids = _active_grants(adviser)
    rows = [PortfolioRow(client=g.client, grant=g, statuses=[]) for g in grants]
    everyone = True  # the rows are still every client: pass the subquery, not a list of ids
    with_statuses = with_flags = False
    bands: dict[Any, str] | None = None  # the costs outside their band, once read for every client left

    def clients_of(subset: list[PortfolioRow]) -> tuple[Any, Any]:
        if everyone:
            return client_set, ids
        return [r.client for r in subset], [r.grant.client_id for r in subset]

    if flag in FLAG_KEYS:
        bands = _flags_of(rows, clients_of(rows)[1], on, only="" if sort == "flags" else flag)
        with_flags = sort == "flags"
        rows = [r for r in rows if any(f.key == flag for f in r.flags)]
        everyone = False
    if step in {s.key for s in STEPS} or sort == "progress":
        _statuses_of(rows, clients_of(rows)[0], on, results=False)  # results' is filled in for the page
        with_statuses = True
        if step in {s.key for s in STEPS}:
            rows = [r for r in rows if r.next_step is not None and r.next_step.key == step]
            everyone = False
    if sort == "flags" and not with_flags:
        bands = _flags_of(rows, clients_of(rows)[1], on)
        with_flags = True
    _sort(rows, sort)
    page = Paginator(rows, per_page).get_page(number)
    shown = list(page.object_list)
    everyone = False
    if not with_statuses:
        _statuses_of(shown, clients_of(shown)[0], on, results=False)
    summaries = _results_of(shown, clients_of(shown)[0], on, bands=bands)
    if not with_flags:
        _flags_of(shown, clients_of(shown)[1], on, summaries=summaries)
    return page


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

