"""A synthetic hub for tests and benchmarks (issue 17 item 7): one adviser organisation with N
client companies, each with consented access and a journey in some state.

Every client gets an owner (and every other client an evaluator), a grant to the hub (read or
alongside, audited on both sides as a real grant is), one to three use cases with KPIs, readiness
answers, and most a selection with candidates through the stages, the criteria with weights, the
evaluators' scores and quotes; some chose a partner (a contract decision with items), some of those
run a project with phases, gates, measurements and actual costs. Some evaluators are overdue, some
gates due and some selections stalled, so the portfolio's flags all show.

Rows are written with ``bulk_create`` (no service per row: 2,000 clients would take an hour), in
one transaction. The content (names, values, ids) is a function of the seed alone; the moments
(``created_at``) are the time of the run, shifted back where the flags need an age. It never
changes or deletes a row it did not write: :func:`synthetic_hub_create` refuses to run when the
database already holds organisations unless ``add=True``, and then only adds.

Used by ``manage.py make_synthetic_hub`` (docs/advisers.md), the portfolio's query-count tests and
``bench/bench_portfolio_scale.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from partnerwijzer.accounts.models import (
    AccessRole,
    AdviserAccess,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers.market.services import market_figures_compute
from partnerwijzer.advisers.models import (
    DirectoryCopy,
    DirectoryFirm,
    DirectoryReference,
    MarketConsent,
    VerificationMethod,
)
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.models import BenefitFactor, BenefitLine, Budget, CostKind, CostLine, Quote, QuoteLine
from partnerwijzer.clock import today
from partnerwijzer.contract.models import ContractItem, ContractItemStatus, ItemSource, PartnerDecision
from partnerwijzer.evaluation.models import Criterion, Evaluator, Factor, Score
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, Direction, GuidedCheck, Kpi, UseCase
from partnerwijzer.results.models import (
    REVIEW_ASPECTS,
    ActualCost,
    Gate,
    GateDecision,
    GateOutcome,
    KpiPlan,
    Measurement,
    PartnerReview,
    Phase,
    PhaseKey,
    Project,
)
from partnerwijzer.sourcing.models import Candidate, Selection, StageMove
from partnerwijzer.sourcing.stages import STAGE_ORDER, Stage

MAX_CLIENTS: Final = 20_000
BATCH: Final = 1000
ARCHETYPES: Final = ("document_analysis", "customer_service", "visual_quality_control", "predictive_maintenance",
                     "forecasting", "content_generation", "process_optimisation")
COST_CATEGORIES: Final = ("strategy", "data", "model", "implementation", "training")
CRITERIA: Final = ("industry_expertise", "technology", "end_to_end", "training_change", "data_protection",
                   "references", "cultural_fit")
MODELS: Final = ("generalist", "specialist_network", "hybrid", "lighthouse")
CONTRACT_ITEMS: Final = ("Scope and deliverables", "Acceptance criteria", "Data processing agreement",
                         "Rights to the model and the data", "Support and exit")
DIRECTORY_FIRMS: Final = 100
"""Firms in the hub's provider directory; a few are popular, most appear in a client's longlist now and then."""
CONSENT_SHARE: Final = 0.85
"""The share of clients that consent to the hub's market figures."""
SELECTION_AGES: Final = (3, 12, 45, 90)
"""Days since a selection started (and its candidates last moved): the older ones are stalled."""
_WORDS: Final = ("Noord", "Zuid", "West", "Oost", "Rhein", "Maas", "Berg", "Dal", "Haven", "Veld", "Brücke", "Mühle")
_TRADES: Final = ("Metaal", "Logistiek", "Zorg", "Bouw", "Präzision", "Kunststoff", "Voeding", "Druk", "Techniek")


@dataclass
class SyntheticHub:
    adviser: Organisation
    adviser_user: User
    clients: list[Organisation]
    counts: dict[str, int] = field(default_factory=dict)


_M = TypeVar("_M", bound=models.Model)


class _Rows:
    """The rows to write, by model, in the order the foreign keys need."""

    def __init__(self) -> None:
        self.by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)

    def add(self, row: models.Model) -> Any:
        self.by_model[type(row)].append(row)
        return row

    def of(self, model: type[_M]) -> list[_M]:
        """The rows of ``model`` added so far (unsaved instances; change them before :meth:`write`)."""
        return cast(list[_M], self.by_model[model])

    def write(self, order: Sequence[type[models.Model]]) -> dict[str, int]:
        counts = {}
        for model in order:
            rows = self.by_model.get(model, [])
            model.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]
            counts[model._meta.label] = len(rows)
        _analyse([model for model in order if self.by_model.get(model)])
        return counts


def _analyse(written: Sequence[type[models.Model]]) -> None:
    """PostgreSQL's planner statistics of the tables just filled, as after any bulk load.

    Without them the planner takes a freshly filled table for nearly empty and joins by nested
    loops that scan whole tables per row: the market figures' quote query over a test's 160-client
    hub ran for more than ten minutes (and CI's PostgreSQL run for its whole 90) instead of
    milliseconds. ANALYZE may run inside the hub's transaction and counts the rows it inserted."""
    if connection.vendor != "postgresql" or not written:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in written)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


_ORDER: Final[tuple[type[models.Model], ...]] = (
    Organisation, User, Membership, AdviserAccess, AuditEvent, UseCase, Kpi, Answer, Budget, CostLine, BenefitLine,
    Selection, Candidate, StageMove, Criterion, Evaluator, Score, Quote, QuoteLine, PartnerDecision, ContractItem,
    Project, Phase, Gate, GateDecision, KpiPlan, Measurement, ActualCost,
    DirectoryFirm, DirectoryReference, DirectoryCopy, PartnerReview, MarketConsent,
)


HIGH_RISK_AI_ACT: dict[str, Any] = {
    "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
    "prohibited": "none", "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
    "public_service": "no", "transparency": ["none"], "gpai": "no",
}
"""AI Act screening answers that walk the tree to high risk (an employment system, Annex III)."""


def _money(rng: random.Random, low: int, high: int, step: int = 500) -> Decimal:
    return Decimal(rng.randrange(low, high, step))


def synthetic_hub_create(
    *, clients: int, seed: int, add: bool = False, adviser_email: str | None = None,
    adviser_password: str | None = None, name: str | None = None,
) -> SyntheticHub:
    """Write a hub with ``clients`` client companies (see the module's docstring).

    Raises ``ValidationError`` (nothing written) when ``clients`` is out of range, when the
    database already holds organisations and ``add`` is not set, or when the hub's adviser e-mail
    is taken. Without ``adviser_password`` the adviser's password is unusable (log in by other means).
    """
    if not 1 <= clients <= MAX_CLIENTS:
        raise ValidationError(f"--clients must be between 1 and {MAX_CLIENTS}.")
    if not add and Organisation.objects.exists():
        raise ValidationError(
            "The database already holds organisations; a synthetic hub is added to them only with --add "
            "(nothing is ever changed or deleted)."
        )
    email = adviser_email or f"adviser@hub-{seed}.synthetic.example"
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(f"A user with the e-mail {email} exists already; choose another seed or --adviser-email.")
    with transaction.atomic():
        return _build(clients=clients, seed=seed, email=email, password=adviser_password,
                      name=name or f"Synthetische Hub {seed}")


def _build(*, clients: int, seed: int, email: str, password: str | None, name: str) -> SyntheticHub:
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by seed; nothing secret

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    rows = _Rows()
    on = today()
    now = timezone.now()
    unusable = make_password(None)
    hub = rows.add(Organisation(id=new_id(), name=name, language="nl", kind=OrganisationKind.HUB))
    adviser_user = rows.add(User(id=new_id(), email=email, full_name="Synthetic Adviser", language="nl",
                                 password=make_password(password) if password else unusable))
    rows.add(Membership(id=new_id(), user=adviser_user, organisation=hub, role=Role.OWNER))
    readiness = readiness_data.load()
    made: list[Organisation] = []
    selection_age: dict[int, list[uuid.UUID]] = defaultdict(list)
    move_age: dict[int, list[uuid.UUID]] = defaultdict(list)
    for number in range(1, clients + 1):
        client = rows.add(Organisation(
            id=new_id(), name=f"{rng.choice(_TRADES)} {rng.choice(_WORDS)} {number:05d}",
            language=rng.choice(("nl", "de")), kind=OrganisationKind.COMPANY,
        ))
        made.append(client)
        owner = rows.add(User(id=new_id(), email=f"owner-{number:05d}@client-{seed}.synthetic.example",
                              full_name=f"Owner {number}", language=client.language, password=unusable))
        rows.add(Membership(id=new_id(), user=owner, organisation=client, role=Role.OWNER))
        seats = [owner]
        if number % 2 == 0:
            colleague = rows.add(User(id=new_id(), email=f"evaluator-{number:05d}@client-{seed}.synthetic.example",
                                      full_name=f"Evaluator {number}", language=client.language, password=unusable))
            rows.add(Membership(id=new_id(), user=colleague, organisation=client, role=Role.EVALUATOR))
            seats.append(colleague)
        role = AccessRole.ALONGSIDE if rng.random() < 0.6 else AccessRole.READ
        grant = rows.add(AdviserAccess(id=new_id(), client=client, adviser=hub, role=role, granted_by=owner,
                                       granted_at=now))
        for side in (client, hub):  # as accounts.services records a grant: on both sides
            rows.add(AuditEvent(
                id=new_id(), organisation=side, actor=owner, actor_label=owner.email, action="adviser_access.grant",
                target_type=AdviserAccess._meta.label_lower, target_id=str(grant.pk), target_label=str(grant)[:300],
                changes={"adviser": hub.name, "client": client.name, "role": [None, role]},
            ))
        _client_journey(rows, rng, new_id, client=client, seats=seats, on=on, readiness=readiness,
                        selection_age=selection_age, move_age=move_age)
    _directory(rows, seed=seed, hub=hub, adviser_user=adviser_user, on=on, now=now)
    counts = rows.write(_ORDER)
    # auto_now_add set the moments to now: age the selections and their moves (a few updates).
    for days, ids in selection_age.items():
        Selection.objects.filter(pk__in=ids).update(created_at=now - dt.timedelta(days=days))
    for days, ids in move_age.items():
        StageMove.objects.filter(pk__in=ids).update(moved_at=now - dt.timedelta(days=days))
    audit_record(actor=None, organisation=hub, action="synthetic_hub.create", target=hub,
                 changes={"clients": clients, "seed": seed})
    market_figures_compute(actor=None, adviser=hub)  # the market page has figures at once
    return SyntheticHub(adviser=hub, adviser_user=adviser_user, clients=made, counts=counts)


def _client_journey(
    rows: _Rows, rng: random.Random, new_id: Any, *, client: Organisation, seats: list[User], on: dt.date,
    readiness: Any, selection_age: dict[int, list[uuid.UUID]], move_age: dict[int, list[uuid.UUID]],
) -> None:
    owner = seats[0]
    use_cases: list[UseCase] = []
    kpis_of: dict[uuid.UUID, list[Kpi]] = {}
    for index in range(rng.randint(1, 3)):
        archetype = rng.choice(ARCHETYPES)
        use_case = rows.add(UseCase(
            id=new_id(), organisation=client, title=f"{archetype.replace('_', ' ').capitalize()} {index + 1}",
            archetype=archetype, department=rng.choice(("operations", "sales", "finance", "hr", "it")),
            problem_statement=f"Handmatig werk in {archetype.replace('_', ' ')} kost te veel tijd.",
            current_state="Gemeten over drie maanden.", impact=rng.randint(1, 5), feasibility=rng.randint(1, 5),
            is_lighthouse=index == 0, created_by=owner,
            chosen_model=rng.choice(MODELS) if rng.random() < 0.5 else "",
        ))
        use_cases.append(use_case)
        kpis = []
        for position in range(rng.randint(0, 2)):
            baseline = Decimal(rng.randint(20, 200))
            kpis.append(rows.add(Kpi(
                id=new_id(), use_case=use_case, name=f"KPI {position + 1}", unit="min", direction=Direction.LOWER,
                baseline_value=baseline, baseline_date=on - dt.timedelta(days=200),
                target_value=(baseline * Decimal("0.6")).quantize(Decimal(1)),
                target_date=on + dt.timedelta(days=rng.randint(60, 400)), position=position,
            )))
        kpis_of[use_case.pk] = kpis
    lighthouse = use_cases[0]
    questions = readiness.questions[: rng.randint(0, len(readiness.questions))]
    for question in questions:
        rows.add(Answer(id=new_id(), use_case=lighthouse, questionnaire=GuidedCheck.READINESS,
                        question_key=question.key, value=rng.choice(question.options).key,
                        data_version=readiness.version, answered_by=owner))
    if rng.random() < 0.25:  # a high-risk AI Act screening without a DPIA done: the portfolio's flag
        for key, value in HIGH_RISK_AI_ACT.items():
            rows.add(Answer(id=new_id(), use_case=lighthouse, questionnaire=GuidedCheck.AI_ACT, question_key=key,
                            value=value, answered_by=owner))
    if rng.random() < 0.7:
        budget = rows.add(Budget(id=new_id(), use_case=lighthouse, updated_by=owner))
        for position, category in enumerate(COST_CATEGORIES[: rng.randint(1, len(COST_CATEGORIES))]):
            likely = _money(rng, 2000, 60000)
            rows.add(CostLine(id=new_id(), budget=budget, kind=CostKind.ONE_OFF, category=category,
                              low=likely * Decimal("0.8"), likely=likely, high=likely * Decimal("1.4"),
                              position=position))
        if rng.random() < 0.6:
            likely = _money(rng, 10000, 120000)
            # Linked to the lighthouse's first KPI (if any): its measurements after the start give the
            # realised benefit, so the hub's market figures have a realised payback (issue 17 item 6).
            linked = kpis_of[lighthouse.pk][0] if kpis_of[lighthouse.pk] else None
            rows.add(BenefitLine(id=new_id(), budget=budget, name="Tijdwinst", factor=BenefitFactor.PRODUCTIVITY,
                                 low=likely * Decimal("0.5"), likely=likely, high=likely * Decimal("1.5"),
                                 kpi=linked))
    if rng.random() < 0.2:
        return  # no selection yet
    _selection(rows, rng, new_id, client=client, use_case=lighthouse, kpis=kpis_of[lighthouse.pk], seats=seats,
               on=on, selection_age=selection_age, move_age=move_age)


def _selection(
    rows: _Rows, rng: random.Random, new_id: Any, *, client: Organisation, use_case: UseCase, kpis: list[Kpi],
    seats: list[User], on: dt.date, selection_age: dict[int, list[uuid.UUID]],
    move_age: dict[int, list[uuid.UUID]],
) -> None:
    owner = seats[0]
    age = rng.choice(SELECTION_AGES)
    selection = rows.add(Selection(id=new_id(), organisation=client, use_case=use_case,
                                   title=f"Partner voor {use_case.title}", created_by=owner))
    selection_age[age].append(selection.pk)
    keys = rng.sample(CRITERIA, rng.randint(4, len(CRITERIA)))
    weights = _weights(rng, len(keys) + 1)
    criteria = [rows.add(Criterion(id=new_id(), selection=selection, reference_key=key, position=position,
                                   factor=Factor.SOFT if key == "cultural_fit" else Factor.HARD,
                                   weight=weights[position]))
                for position, key in enumerate(keys)]
    rows.add(Criterion(id=new_id(), selection=selection, reference_key="price", position=len(keys), is_price=True,
                       weight=weights[-1]))
    furthest = rng.randrange(len(STAGE_ORDER) - 1)  # how far the selection got (not yet chosen)
    chooses = rng.random() < 0.3
    candidates: list[Candidate] = []
    for position in range(rng.randint(3, 6)):
        stage = STAGE_ORDER[rng.randint(0, furthest)] if position else STAGE_ORDER[furthest]
        candidate = rows.add(Candidate(
            id=new_id(), selection=selection, name=f"AI Partner {rng.randint(1, 400):03d}-{position}",
            country=rng.choice(("NL", "DE")), provider_type=rng.choice(("specialist", "generalist", "freelancer")),
            stage=Stage.CHOSEN if chooses and position == 0 else stage,
        ))
        candidates.append(candidate)
        target = candidate.stage_enum.position
        for step in range(target):
            move = rows.add(StageMove(id=new_id(), candidate=candidate, from_stage=STAGE_ORDER[step],
                                      to_stage=STAGE_ORDER[step + 1], actor=owner))
            move_age[max(0, age - 1 - (target - step - 1))].append(move.pk)
    scored = [c for c in candidates if c.stage_enum.position >= Stage.SHORTLIST.position]
    for seat in seats:
        submitted = rng.random() < 0.5
        evaluator = rows.add(Evaluator(
            id=new_id(), selection=selection, user=seat, added_by=owner,
            submitted_at=timezone.now() if submitted else None,
            score_by=on + dt.timedelta(days=rng.choice((-10, -2, 7, 21))) if scored else None,
        ))
        for candidate in scored:
            for criterion in criteria:
                rows.add(Score(id=new_id(), evaluator=evaluator, candidate=candidate, criterion=criterion,
                               value=rng.randint(1, 5)))
    for candidate in candidates:
        if candidate.stage_enum.position >= Stage.RFP.position:
            quote = rows.add(Quote(id=new_id(), candidate=candidate, running_per_year=_money(rng, 0, 30000),
                                   received_on=on - dt.timedelta(days=rng.randint(1, 60)), updated_by=owner))
            for category in COST_CATEGORIES:
                rows.add(QuoteLine(id=new_id(), quote=quote, category=category, amount=_money(rng, 1000, 50000)))
    if chooses:
        _contract_and_results(rows, rng, new_id, client=client, use_case=use_case, kpis=kpis, selection=selection,
                              chosen=candidates[0], owner=owner, on=on)


def _weights(rng: random.Random, count: int) -> list[Decimal]:
    """``count`` whole percentages that sum to 100, each at least 5."""
    raw = [rng.randint(1, 10) for _ in range(count)]
    spare = 100 - 5 * count
    shares = [5 + spare * r // sum(raw) for r in raw]
    shares[0] += 100 - sum(shares)
    return [Decimal(s) for s in shares]


def _contract_and_results(
    rows: _Rows, rng: random.Random, new_id: Any, *, client: Organisation, use_case: UseCase, kpis: list[Kpi],
    selection: Selection, chosen: Candidate, owner: User, on: dt.date,
) -> None:
    decision = rows.add(PartnerDecision(id=new_id(), selection=selection, candidate=chosen, decided_by=owner,
                                        rationale="Best score on the criteria that matter most, price within budget."))
    for position, title in enumerate(CONTRACT_ITEMS):
        rows.add(ContractItem(id=new_id(), decision=decision, source=ItemSource.OWN, title=title, position=position,
                              status=rng.choice(tuple(ContractItemStatus)), owner=owner))
    if rng.random() < 0.5:
        return  # contract still being agreed
    start = on - dt.timedelta(days=rng.randint(30, 300))
    project = rows.add(Project(id=new_id(), organisation=client, use_case=use_case, candidate=chosen,
                               partner_name=chosen.name, start_date=start, created_by=owner))
    phase_start = start
    for position, key in enumerate((PhaseKey.ANALYSIS, PhaseKey.PROOF_OF_CONCEPT, PhaseKey.PILOT)):
        end = phase_start + dt.timedelta(days=rng.randint(30, 90))
        phase = rows.add(Phase(id=new_id(), project=project, key=key, position=position, planned_start=phase_start,
                               planned_end=end, budget_share=Decimal(30 + 5 * position)))
        gate = rows.add(Gate(id=new_id(), phase=phase, burn_limit_percent=Decimal(110)))
        if end < on and rng.random() < 0.7:  # most past gates are decided; the others are due
            rows.add(GateDecision(id=new_id(), gate=gate, outcome=GateOutcome.GO, rationale="On plan.",
                                  decided_by=owner, decided_on=end))
        phase_start = end + dt.timedelta(days=1)
    for kpi in kpis:
        rows.add(KpiPlan(id=new_id(), kpi=kpi, measurer=owner))
        for month in _months_between(start, on):
            baseline = kpi.baseline_value or Decimal(100)
            rows.add(Measurement(id=new_id(), kpi=kpi, measured_on=month, entered_by=owner, source="Synthetisch",
                                 value=baseline * Decimal(rng.randint(55, 105)) / 100))
    for month in _months_between(start, on):
        rows.add(ActualCost(id=new_id(), project=project, category=rng.choice(COST_CATEGORIES), month=month,
                            amount=_money(rng, 500, 15000), entered_by=owner))


def _months_between(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    """The first day of every month after ``start``'s up to ``end``."""
    month = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    while month <= end:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _directory(rows: _Rows, *, seed: int, hub: Organisation, adviser_user: User, on: dt.date,
               now: dt.datetime) -> None:
    """The hub's provider directory (``DIRECTORY_FIRMS`` firms, two in three with verified
    references), about a third of the candidates of clients where the hub works alongside copied
    from it (renamed to the firm, as a copy is), partner scorecards for the projects with a copied
    partner, and market consent for most clients. Its own random stream, so the clients' journeys
    stay what they were for a seed."""
    rng = random.Random(f"directory-{seed}")  # noqa: S311 - test data, reproducible by seed

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    firms = []
    for number in range(1, DIRECTORY_FIRMS + 1):
        country = rng.choice(("NL", "DE"))
        firm = rows.add(DirectoryFirm(
            id=new_id(), adviser=hub, name=f"{rng.choice(_WORDS)} AI {rng.choice(('Partners', 'Labs', 'Consult'))} "
                                             f"{number:03d}",
            website=f"https://firm-{number:03d}.synthetic.example", country=country,
            city=rng.choice(("Eindhoven", "Tilburg", "Utrecht")) if country == "NL" else rng.choice(("Köln", "Aachen")),
            provider_type=rng.choice(("specialist", "generalist", "freelancer")),
            specialities=", ".join(rng.sample(ARCHETYPES, 2)).replace("_", " "),
            regions="Brabant" if country == "NL" else "NRW", languages="nl, en" if country == "NL" else "de, en",
        ))
        firms.append(firm)
        if rng.random() < 2 / 3:
            for index in range(rng.randint(1, 3)):
                rows.add(DirectoryReference(
                    id=new_id(), firm=firm, client_name=f"Referentieklant {number:03d}-{index + 1}",
                    project="Pilot en uitrol", verified_by=adviser_user, method=rng.choice(VerificationMethod.values),
                    verified_on=on - dt.timedelta(days=rng.randint(0, 400)),
                ))
    popularity = [1 / (rank + 1) for rank in range(len(firms))]  # a few firms are on many longlists
    grants = {g.client_id: g for g in rows.of(AdviserAccess)}
    owners = {m.organisation_id: m.user for m in rows.of(Membership)
              if m.role == Role.OWNER and m.organisation_id != hub.pk}
    selections = {s.pk: s for s in rows.of(Selection)}
    copied: dict[uuid.UUID, DirectoryFirm] = {}
    for candidate in rows.of(Candidate):
        client_id = selections[candidate.selection_id].organisation_id
        if grants[client_id].role != AccessRole.ALONGSIDE or rng.random() >= 1 / 3:
            continue
        firm = rng.choices(firms, weights=popularity)[0]
        candidate.name = firm.name
        copied[candidate.pk] = firm
        rows.add(DirectoryCopy(id=new_id(), candidate=candidate, firm=firm, adviser=hub, copied_by=adviser_user))
    for project in rows.of(Project):
        if project.candidate_id not in copied:
            continue
        project.partner_name = copied[project.candidate_id].name
        for period in list(_months_between(project.start_date, on))[-3:]:
            owner = owners[project.organisation_id]
            rows.add(PartnerReview(id=new_id(), project=project, period=period, entered_by=owner,
                                   **{aspect: rng.randint(2, 5) for aspect in REVIEW_ASPECTS}))
    for client_id, owner in owners.items():
        if rng.random() < CONSENT_SHARE:
            rows.add(MarketConsent(id=new_id(), client_id=client_id, adviser=hub, given_at=now, given_by=owner))
            grant = grants[client_id]
            for side in (client_id, hub.pk):  # as market_consent_set records it: on both sides
                rows.add(AuditEvent(
                    id=new_id(), organisation_id=side, actor=owner, actor_label=owner.email,
                    action="market_consent.give", target_type=AdviserAccess._meta.label_lower,
                    target_id=str(grant.pk), target_label=str(grant)[:300],
                    changes={"adviser": hub.name, "client": grant.client.name, "consent": True},
                ))
