"""Reads for adviser mode: who has access to whom, the portfolio, the criteria sets.

The portfolio answers in a fixed number of queries whatever the number of clients: each step's
status comes from journey's batch providers (``STATUS_BATCH_PROVIDERS``), and each flag is one
aggregate query over all clients (tests/…/test_portfolio.py pins the count for 3 and 30 clients).
The page reads them from one stored row per client, computed again when not current
(:func:`refresh_portfolio_statuses`; docs/advisers.md, "Stored rows").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final, cast

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, F, Max, Q, QuerySet, Value, When
from django.db.models.fields import BigIntegerField
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Organisation, OrganisationKind
from partnerwijzer.advisers.models import CriteriaSet, GuidanceText, PortfolioStatus
from partnerwijzer.clock import today
from partnerwijzer.evaluation.models import Evaluator
from partnerwijzer.journey.steps import STATUS_BATCH_PROVIDERS, STEPS, Status, Step
from partnerwijzer.knowledge import overrides
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.compliance.selectors import high_risk_without_dpia
from partnerwijzer.planning.stored_status import planning_statuses_many
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
    for grant in active.order_by(Lower("client__name"), "client_id", "pk"):
        if grant.client_id in by_pk:  # a grant made between the two reads waits for the next page
            grant.client = by_pk[grant.client_id]
            grants.append(grant)
    return grants, clients, ids


SORTS = ("name", "progress", "flags")


def _statuses_of(rows: list[PortfolioRow], clients: Any, on: dt.date) -> dict[Any, ResultsSummary]:
    """Fills each row's status per step from the batch providers, for ``clients`` (the rows'
    clients: a list, or the cached queryset of every client); returns results' summaries, which
    also give the cost band. A fixed number of queries whatever the number of rows."""
    # Plan and readiness come from their stored statuses in one read (planning/stored_status.py:
    # computed again only for clients whose use cases, KPIs or answers changed), not once per step.
    stored = planning_statuses_many(clients) if rows else {}
    per_step = {
        s.key: ({cid: st[s.key] for cid, st in stored.items()} if s.key in ("plan", "readiness")
                else STATUS_BATCH_PROVIDERS[s.key](clients) if s.key in STATUS_BATCH_PROVIDERS and rows else {})
        for s in STEPS if s.key != "results"
    }
    # Results' rule gives the step and the cost band at once: computed once, for both (its KPI
    # trends and cost simulations are the portfolio's heaviest part), on the portfolio's day.
    summaries = results_summaries(clients, on=on) if rows else {}
    for row in rows:
        cid = row.client.pk
        summary = summaries.get(cid)
        row.statuses = [
            (s, (summary.status if summary else None) if s.key == "results"
             else per_step[s.key].get(cid) if s.key in STATUS_BATCH_PROVIDERS else None)
            for s in STEPS
        ]
    return summaries


def _flags_of(rows: list[PortfolioRow], ids: Any, on: dt.date, summaries: dict[Any, ResultsSummary]) -> None:
    """Fills each row's flags and overdue tasks; ``ids`` are the rows' client ids (a list, or the
    subquery of every client). Each flag is one aggregate query; the cost band comes from
    results' summaries."""
    overdue = _overdue_seats(ids, on) if rows else {}
    gates = _gates_due(ids, on) if rows else set()
    stalled = _stalled(ids, on) if rows else set()
    risky = high_risk_without_dpia(cast("list[Any]", ids)) if rows else set()
    for row in rows:
        cid = row.client.pk
        band = summaries[cid].cost_outside if cid in summaries else ""
        row.flags = _flags(overdue.get(cid, 0), cid in gates, cid in stalled, cid in risky, band)
        row.overdue_tasks = overdue.get(cid, 0)


def _sort(rows: list[PortfolioRow], sort: str) -> None:
    """Sorts rows that are in the name order of :func:`_active_grants` (the database's lower-case
    name order, as the page's ``ORDER BY``): Python's sort is stable, so names break the ties."""
    if sort == "progress":
        rows.sort(key=lambda r: r.done_steps)
    elif sort == "flags":
        rows.sort(key=lambda r: -len(r.flags))


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
    _flags_of(rows, ids, on, summaries)
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
    """One page of :func:`portfolio_of`: the same rows in the same order, read from the stored
    rows (:class:`advisers.models.PortfolioStatus`) and filtered, sorted, counted and paginated in
    the database (issue 17 item 7). The clients whose stored row is not current are computed first
    (every client on the first read of a day, then only the clients that changed). The number of
    queries does not depend on the number of clients."""
    on = on or today()
    refresh_portfolio_statuses(adviser, on)
    grants = (AdviserAccess.objects.filter(adviser=adviser, revoked_at__isnull=True,
                                           client__portfolio_status__isnull=False)
              .select_related("client", "client__portfolio_status"))
    if flag in FLAG_KEYS:
        grants = grants.filter(**{f"client__portfolio_status__{column}": value
                                  for column, value in (_FLAG_FILTERS[flag],)})
    if step in {s.key for s in STEPS}:
        grants = grants.filter(client__portfolio_status__next_step=step)
    by_name = (Lower("client__name"), "client_id", "pk")
    if sort == "progress":
        grants = grants.order_by("client__portfolio_status__done_steps", *by_name)
    elif sort == "flags":
        grants = grants.order_by("-client__portfolio_status__flag_count", *by_name)
    else:
        grants = grants.order_by(*by_name)
    page = Paginator(grants, per_page).get_page(number)
    # The same page with the stored rows made into the page's rows (its count and number kept).
    return Page([_row_of_stored(grant) for grant in page.object_list], page.number,
                cast("Paginator[PortfolioRow]", page.paginator))


_FLAG_FILTERS: dict[str, tuple[str, Any]] = {
    "overdue": ("overdue_tasks__gt", 0),
    "gate_due": ("gate_due", True),
    "stalled": ("stalled", True),
    "high_risk_no_dpia": ("high_risk_no_dpia", True),
    "cost_out_of_band": ("cost_band__in", ("above", "below")),
}
"""Each flag's filter on the stored row (advisers.models.PortfolioStatus)."""


def _flags(overdue: int, gate_due: bool, stalled: bool, risky: bool, band: str) -> list[Flag]:
    flags = []
    if overdue:
        flags.append(Flag("overdue", _("Scoring overdue")))
    if gate_due:
        flags.append(Flag("gate_due", _("A go/no-go gate is due")))
    if stalled:
        flags.append(Flag("stalled", _("Selection stalled for %(days)s days") % {"days": STALLED_AFTER_DAYS}))
    if risky:
        flags.append(Flag("high_risk_no_dpia", _("High-risk AI use case without a DPIA")))
    if band == "above":
        flags.append(Flag("cost_out_of_band", _("Costs above the estimate's band")))
    elif band == "below":
        flags.append(Flag("cost_out_of_band", _("Costs below the estimate's band")))
    return flags


def _row_of_stored(grant: AdviserAccess) -> PortfolioRow:
    stored: PortfolioStatus = grant.client.portfolio_status
    return PortfolioRow(
        client=grant.client, grant=grant,
        statuses=[(s, Status(stored.statuses[s.key]) if stored.statuses.get(s.key) else None) for s in STEPS],
        overdue_tasks=stored.overdue_tasks,
        flags=_flags(stored.overdue_tasks, stored.gate_due, stored.stalled, stored.high_risk_no_dpia,
                     stored.cost_band),
    )


# --- The stored rows (docs/advisers.md, "Stored rows") -----------------------------------------------

PORTFOLIO_RULES_VERSION: Final = "1"
"""Raise when a step rule or a flag's rule changes: every stored row is computed again."""

MARKER_GRACE: Final = dt.timedelta(seconds=2)
"""A row computed less than this after the client's last change is computed again: a service that
records its audit event before its write, outside a transaction, has committed its write by then
(the write follows in the same function; the clocks of several app servers agree far better)."""


def _rules_version() -> str:
    return f"{PORTFOLIO_RULES_VERSION}/{readiness_data.load().version}"


def stale_clients(adviser: Organisation, on: dt.date) -> list[tuple[Organisation, int]]:
    """The adviser's active clients whose stored row is missing or not current for ``on``, with
    their change marker's version read now (before computing). One query."""
    active = AdviserAccess.objects.filter(adviser=adviser, revoked_at__isnull=True).values("client_id")
    marker = Coalesce(F("change_marker__version"), Value(0), output_field=BigIntegerField())
    fresh = Q(portfolio_status__version=_rules_version(), portfolio_status__computed_on=on,
              portfolio_status__marker=marker) & (
        Q(change_marker__changed_at__isnull=True)
        | Q(portfolio_status__computed_at__gte=F("change_marker__changed_at") + MARKER_GRACE))
    # By pk: two requests refreshing at once upsert their rows in one order (they wait, never deadlock).
    rows = (Organisation.objects.filter(pk__in=active)
            .annotate(current=marker, fresh=Case(When(fresh, then=Value(True)), default=Value(False),
                                                 output_field=BooleanField()))
            .filter(fresh=False).order_by("pk"))
    return [(org, org.current) for org in rows]


def refresh_portfolio_statuses(adviser: Organisation, on: dt.date) -> int:
    """Computes and stores the rows of the adviser's clients that are not current; returns how
    many. A fixed number of queries whatever the number of clients: one when every row is current,
    the step rules' and the flags' own queries and one upsert otherwise."""
    stale = stale_clients(adviser, on)
    if not stale:
        return 0
    started = timezone.now()
    clients: Any = [org for org, _marker in stale]
    ids: Any = [org.pk for org in clients]
    active = AdviserAccess.objects.filter(adviser=adviser, revoked_at__isnull=True).values("client_id")
    if len(stale) == active.count():
        # Every client (the first read of a day): the rules filter with the active grants as a
        # subquery, not with a list of 2,000 ids built again for each of their queries (as
        # portfolio_of). A client granted or revoked in between is computed but not stored, or
        # has no row until the next read.
        clients = Organisation.objects.filter(pk__in=active)
        ids = active
        markers = {org.pk: marker for org, marker in stale}
        stale = [(org, markers[org.pk]) for org in clients if org.pk in markers]  # fills the queryset's cache
    rows = [PortfolioRow(client=org, grant=AdviserAccess(client=org, adviser=adviser), statuses=[])
            for org, _marker in stale]
    # The guide's figures, not the replacements of whichever adviser's request computes the row
    # (a client's row is shared by every adviser it granted access to), as the export's worker.
    with overrides.scope():
        summaries = _statuses_of(rows, clients, on)
        _flags_of(rows, ids, on, summaries)
    version = _rules_version()
    stored = []
    for row, (org, marker) in zip(rows, stale, strict=True):
        keys = {f.key for f in row.flags}
        band = summaries[org.pk].cost_outside if org.pk in summaries else ""
        stored.append(PortfolioStatus(
            organisation_id=org.pk, version=version, marker=marker, computed_on=on, computed_at=started,
            statuses={s.key: (str(status) if status is not None else None) for s, status in row.statuses},
            done_steps=row.done_steps, next_step=row.next_step.key if row.next_step else "",
            overdue_tasks=row.overdue_tasks, gate_due="gate_due" in keys, stalled="stalled" in keys,
            high_risk_no_dpia="high_risk_no_dpia" in keys,
            cost_band=(band or "") if "cost_out_of_band" in keys else "", flag_count=len(row.flags)))
    # Derived data, not a user's change: no audit event (and no change marker raised). One upsert
    # per batch, each its own transaction outside a caller's (bulk_create wraps all its batches in
    # one): the rows' locks (SQLite: the database's write lock) are held for one batch at a time.
    for start in range(0, len(stored), UPSERT_BATCH):
        PortfolioStatus.objects.bulk_create(
            stored[start:start + UPSERT_BATCH], update_conflicts=True, unique_fields=["organisation"],
            update_fields=["version", "marker", "computed_on", "computed_at", "statuses", "done_steps",
                           "next_step", "overdue_tasks", "gate_due", "stalled", "high_risk_no_dpia",
                           "cost_band", "flag_count"])
    return len(stored)


UPSERT_BATCH: Final = 500
"""The stored rows written per transaction by :func:`refresh_portfolio_statuses`."""


def refresh_every_portfolio(on: dt.date) -> int:
    """The periodic run's upkeep job (``outbox_tick``, registered in ``AdvisersConfig.ready``):
    computes and stores, for ``on``, the rows of every adviser organisation's clients that are not
    current, so that no adviser's first request of a day computes them. Returns how many rows.

    Idempotent (a second run the same day finds nothing stale) and cheap when nothing is: one
    query for the adviser organisations with an active grant, then one per adviser organisation.
    A client shared by several adviser organisations is computed once (its row is shared)."""
    advisers = Organisation.objects.filter(
        pk__in=AdviserAccess.objects.filter(revoked_at__isnull=True).values("adviser_id")).order_by("pk")
    return sum(refresh_portfolio_statuses(adviser, on) for adviser in advisers)


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

