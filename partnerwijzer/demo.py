"""The demo organisation that `make run` loads: a machine builder looking for an AI partner.

Idempotent: running it again adds what is missing and changes nothing that exists, so a
demo user's own changes survive restarts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.audit.services import audit_record
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.evaluation.services import (
    consensus_set,
    criterion_update,
    evaluator_add,
    evaluator_submit,
    judgements_set,
    knockout_check_set,
    score_set,
    weighting_method_set,
)
from partnerwijzer.planning.compliance_services import screening_answers_replace
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness_services import (
    advice_answers_set,
    readiness_answers_set,
    use_case_model_choose,
)
from partnerwijzer.planning.services import kpi_create, lighthouse_set, priority_set, profile_update, use_case_create
from partnerwijzer.sourcing.models import Candidate, RedFlag, Selection, WeightingMethod
from partnerwijzer.sourcing.services import (
    candidate_create,
    candidate_red_flag_set,
    candidate_reject,
    candidate_stage_move,
    selection_create,
)
from partnerwijzer.sourcing.stages import Stage

DEMO_PASSWORD = "partnerwijzer-demo"  # noqa: S105 - the published demo login
DEMO_OWNER_EMAIL = "demo@partnerwijzer.example"
DEMO_ORGANISATION = "Van Dijk Machinebouw B.V. (demo)"

# (e-mail, name, role): the owner runs the selection; three colleagues score; one reads along.
DEMO_PEOPLE = [
    (DEMO_OWNER_EMAIL, "Sanne van Dijk", Role.OWNER),
    ("pieter.bakker@partnerwijzer.example", "Pieter Bakker", Role.EVALUATOR),
    ("anna.schmidt@partnerwijzer.example", "Anna Schmidt", Role.EVALUATOR),
    ("joost.visser@partnerwijzer.example", "Joost Visser", Role.EVALUATOR),
    ("lisa.mulder@partnerwijzer.example", "Lisa Mulder", Role.VIEWER),
]


DEMO_SELECTION = "Partner voor voorspellend onderhoud"

# name, provider type, sourcing channel, city, country, size, stage
DEMO_CANDIDATES = [
    ("Maakindustrie AI Partners", "industry_specialist", "personal_recommendation", "Eindhoven", "NL", "50-249",
     Stage.WORKSHOP),
    ("Noordlicht Data & AI", "ai_pure_player", "industry_networks", "Groningen", "NL", "10-49", Stage.RFP),
    ("TechnoConsult Benelux", "it_consultancy", "associations_chambers", "Utrecht", "NL", "250+", Stage.RFP),
    ("SensorWerk Industrie 4.0 GmbH", "industry_specialist", "trade_fairs", "Dortmund", "DE", "10-49", Stage.TALKS),
    ("Brightloop Collective", "ai_startup_ecosystem", "funding_programmes", "Delft", "NL", "10-49", Stage.TALKS),
    ("Rhein-Ruhr Analytics GmbH", "ai_pure_player", "articles_case_studies", "Essen", "DE", "50-249", Stage.RFI),
    ("Van Leeuwen IT Services", "it_consultancy", "industry_networks", "Zwolle", "NL", "50-249", Stage.SHORTLIST),
]
REJECTED = {"Van Leeuwen IT Services": "Kon geen vergelijkbare projecten in de maakindustrie laten zien."}
KNOCKED_OUT = {
    "Rhein-Ruhr Analytics GmbH": "Slaat trainingsdata op buiten de EU en wil geen verwerkersovereenkomst tekenen.",
}

# How important each criterion is to the team, used to derive consistent pairwise judgements.
_CRITERION_IMPORTANCE = {
    "industry_expertise": 5, "technology": 4, "end_to_end": 3, "training_change": 2,
    "data_protection": 3, "references": 4, "cultural_fit": 3, "price": 2,
}
# Quality of each scored candidate per criterion (1-5), before each evaluator's own view.
_QUALITY = {
    "Maakindustrie AI Partners": [5, 4, 4, 4, 4, 5, 5, 3],
    "Noordlicht Data & AI": [3, 5, 4, 3, 4, 4, 4, 4],
    "TechnoConsult Benelux": [3, 4, 5, 4, 4, 4, 3, 2],
    "SensorWerk Industrie 4.0 GmbH": [5, 3, 3, 2, 3, 3, 4, 4],
    "Brightloop Collective": [2, 4, 3, 3, 3, 2, 4, 5],
    "Rhein-Ruhr Analytics GmbH": [3, 5, 3, 3, 1, 3, 3, 4],
}


@dataclass(frozen=True)
class DemoResult:
    organisation: Organisation
    created: bool


@transaction.atomic
def demo_seed() -> DemoResult:
    # The demo owner's first organisation is the demo, even if a user renamed it.
    owner_membership = (
        Membership.objects.filter(user__email=DEMO_OWNER_EMAIL, role=Role.OWNER).order_by("created_at").first()
    )
    organisation = owner_membership.organisation if owner_membership else None
    created = organisation is None
    if organisation is None:
        organisation = Organisation.objects.create(name=DEMO_ORGANISATION, language="nl")
        audit_record(actor=None, organisation=organisation, action="demo.seed", target=organisation)
    for email, name, role in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    if not Selection.objects.filter(organisation=organisation).exists():
        _demo_selection(organisation)
    if not UseCase.objects.filter(organisation=organisation).exists():
        _demo_plan(organisation, User.objects.get(email=DEMO_OWNER_EMAIL))
    return DemoResult(organisation=organisation, created=created)


def _demo_plan(organisation: Organisation, owner: User) -> None:
    """The plan: a company profile and three use cases at different stages. Predictive maintenance
    is measurable and the lighthouse (the demo selection is for it); quote preparation is measurable
    too; CV screening in HR (high-risk under Annex III of the AI Act) is still vague, so it fails
    the problem check."""
    profile_update(
        actor=owner, organisation=organisation, nace_section="C",
        industry="Machinebouw: CNC-bewerkte onderdelen en machines op maat voor de voedingsmiddelenindustrie",
        country="NL", region="Noord-Brabant", staff_count=120, revenue_band="10-50m", ai_experience="first_pilot",
        it_capacity="limited", data_capacity="none", executive_sponsor="Sanne van Dijk (algemeen directeur)",
        data_protection_officer="Extern: Privacy Partners Brabant", works_council=True,
    )
    maintenance = use_case_create(
        actor=owner, organisation=organisation, title="Voorspellend onderhoud CNC-lijnen",
        department="production_operations", archetype="predictive_maintenance",
        problem_statement=(
            "Ongeplande stilstand van onze vijf CNC-lijnen kost gemiddeld 42 uur per maand aan productie en "
            "leidt tot te late leveringen. We willen storingen aan spindels en lagers vroeg herkennen en de "
            "ongeplande stilstand eind 2027 met 30% verlagen, naar 29 uur per maand."
        ),
        current_state=(
            "Onderhoud volgens vast schema en reparatie na storing. Volgens het onderhoudslog (januari–juni 2026) "
            "staan de lijnen gemiddeld 42 uur per maand ongepland stil. Trillings- en temperatuursensoren zijn "
            "er op drie van de vijf lijnen; de data wordt nog niet bewaard."
        ),
    )
    kpi_create(
        actor=owner, use_case=maintenance, name="Ongeplande stilstand", unit="uur per maand", direction="lower",
        baseline_value=42, baseline_method="Onderhoudslog (CMMS), gemiddelde over januari–juni 2026",
        baseline_date=date(2026, 6, 30), target_value=29, target_date=date(2027, 12, 31),
        measurement_method="Maandelijks uit het onderhoudslog: som van de ongeplande stilstand van alle CNC-lijnen",
    )
    priority_set(actor=owner, use_case=maintenance, impact=5, feasibility=4)
    lighthouse_set(actor=owner, use_case=maintenance)
    Selection.objects.filter(organisation=organisation, title=DEMO_SELECTION, use_case=None).update(
        use_case=maintenance
    )

    quotes = use_case_create(
        actor=owner, organisation=organisation, title="Offertevoorbereiding met documentanalyse",
        department="sales_marketing", archetype="document_analysis",
        problem_statement=(
            "Een offerte voor een machine op maat kost de binnendienst gemiddeld 16 uur, vooral om specificaties "
            "en tekeningen van klanten over te nemen. We willen die voorbereidingstijd met ruim 60% verkorten, "
            "naar 6 uur per offerte."
        ),
        current_state="Klantspecificaties (PDF, Excel, tekeningen) worden met de hand in het ERP overgenomen.",
    )
    kpi_create(
        actor=owner, use_case=quotes, name="Doorlooptijd offertevoorbereiding", unit="uur per offerte",
        direction="lower", baseline_value=16, baseline_method="Tijdregistratie binnendienst, 40 offertes in Q1 2026",
        baseline_date=date(2026, 3, 31), target_value=6, target_date=date(2027, 6, 30),
        measurement_method="Tijdregistratie per offerte, gemiddelde per kwartaal",
    )
    priority_set(actor=owner, use_case=quotes, impact=4, feasibility=3)

    hiring = use_case_create(
        actor=owner, organisation=organisation, title="CV-screening productievacatures", department="hr",
        archetype="other", problem_statement="We willen AI inzetten bij werving.",
    )
    priority_set(actor=owner, use_case=hiring, impact=3, feasibility=2)
    _demo_checks(owner, maintenance=maintenance, quotes=quotes, hiring=hiring)


# Readiness answers (question -> option) for three levels: ready, halfway, not ready.
_READY = {
    "problem_defined": "concrete", "baseline_measured": "measured", "kpi_targets": "measurable", "ai_fit": "plausible",
    "data_available": "scattered", "data_quality": "known_gaps", "data_legal": "clear",
    "data_format": "machine_readable",
    "data_supply": "automatic", "short_cycles": "short_rounds", "user_tests": "from_first_prototype",
    "adapt_requirements": "planned", "progress_reporting": "regular", "sponsor": "active", "staff_freed": "some_hours",
    "budget": "project_only", "priority": "yes", "data_strategy": "partly", "champions": "interested",
    "experiment_culture": "yes", "expectations": "realistic",
}
_HALFWAY = {  # the data and way-of-working pages are still open
    "problem_defined": "concrete", "baseline_measured": "measured", "kpi_targets": "measurable",
    "ai_fit": "not_checked", "sponsor": "interested", "staff_freed": "ad_hoc", "budget": "none", "priority": "unclear",
}
_NOT_READY = {
    "problem_defined": "technology_first", "baseline_measured": "unknown", "kpi_targets": "none",
    "ai_fit": "not_checked", "data_available": "scattered", "data_quality": "unknown", "data_legal": "not_checked",
    "data_format": "needs_conversion", "data_supply": "manual", "short_cycles": "milestones", "user_tests": "later",
    "adapt_requirements": "with_difficulty", "progress_reporting": "at_milestones", "sponsor": "interested",
    "staff_freed": "none", "budget": "none", "priority": "unclear", "data_strategy": "none", "champions": "none",
    "experiment_culture": "sometimes", "expectations": "high",
}


def _demo_checks(owner: User, *, maintenance: UseCase, quotes: UseCase, hiring: UseCase) -> None:
    """Readiness, model advice, AI Act and GDPR answers, so every branch of the checks shows: a
    lighthouse that is nearly ready and minimal-risk, a case halfway through its readiness check,
    and a CV-screening case that is high-risk under Annex III and needs a DPIA."""
    readiness_answers_set(actor=owner, use_case=maintenance, answers=_READY)
    readiness_answers_set(actor=owner, use_case=quotes, answers=_HALFWAY)
    readiness_answers_set(actor=owner, use_case=hiring, answers=_NOT_READY)
    advice_answers_set(actor=owner, use_case=maintenance, answers={
        "coordination": "part_time", "build_competence": "somewhat", "speed": "normal",
        "problem_bounded": "specific", "champions": "interested", "convince": "needed",
    })
    use_case_model_choose(
        actor=owner, use_case=maintenance, model="lighthouse",
        reason="Eerste zichtbare AI-project: laten zien dat het werkt en daarna samen met een partner doorgroeien.",
    )
    screening_answers_replace(actor=owner, use_case=maintenance, questionnaire="ai_act", answers={
        "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
        "prohibited": "none", "annex_i": "no", "annex_iii": "none", "transparency": ["none"], "gpai": "no",
    })
    screening_answers_replace(actor=owner, use_case=maintenance, questionnaire="gdpr", answers={
        "personal_data": "no",
    })
    screening_answers_replace(actor=owner, use_case=hiring, questionnaire="ai_act", answers={
        "ai_system": "yes", "scope_exclusions": "none", "role": "buy_use", "role_changes": "none",
        "prohibited": "none", "annex_i": "no", "annex_iii": "employment", "exception_6_3": "none",
        "public_service": "no", "transparency": ["none"], "gpai": "uses_model",
    })
    screening_answers_replace(actor=owner, use_case=hiring, questionnaire="gdpr", answers={
        "personal_data": "yes", "employees": "no", "edpb_criteria": ["scoring", "automated_decision", "innovative"],
        "nl_list": ["profiling"], "art22": "human_review", "processor": "yes", "transfer": "us_dpf",
    })


def _judgement(a: int, b: int, nudge: int) -> str:
    """A Saaty judgement of importance a against b (1-5 each), nudged by one evaluator's view."""
    diff = a - b + nudge
    if diff == 0:
        return "1"
    value = min(9, 1 + abs(diff))
    return str(value) if diff > 0 else f"1/{value}"


def _demo_selection(organisation: Organisation) -> None:
    """A selection in progress: seven candidates of all four provider types, three evaluators who
    have scored and submitted, AHP weights, one candidate out on a knock-out, one rejected."""
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    selection = selection_create(
        actor=owner, organisation=organisation, title=DEMO_SELECTION,
        description=(
            "Storingen aan onze CNC-lijnen voorspellen uit sensordata, zodat onderhoud gepland kan worden "
            "voordat een machine stilvalt. Doel: 30% minder ongeplande stilstand binnen 12 maanden."
        ),
    )
    candidates = _demo_candidates(owner, selection)
    criteria = list(Criterion.objects.filter(selection=selection).order_by("position"))
    _demo_knockouts(owner, criteria, candidates)
    _demo_scoring(owner, selection, criteria, candidates)
    weighting_method_set(actor=owner, selection=selection, method=WeightingMethod.AHP)
    cultural_fit = next(c for c in criteria if c.reference_key == "cultural_fit")
    consensus_set(
        actor=owner, candidate=candidates["Noordlicht Data & AI"], criterion=cultural_fit, value=3,
        justification="Besproken in het team: Anna sprak een junior consultant; het tweede gesprek was beter.",
    )


def _demo_candidates(owner: User, selection: Selection) -> dict[str, Candidate]:
    candidates = {}
    for name, provider, channel, city, country, size, stage in DEMO_CANDIDATES:
        candidate = candidate_create(
            actor=owner, selection=selection, name=name, provider_type=provider, sourcing_channel=channel,
            city=city, country=country, size=size, industries="Maakindustrie, machinebouw",
            website=f"https://{name.split()[0].lower()}.example",
        )
        for step in Stage:
            if step.position == 0:
                continue
            if step.position > stage.position:
                break
            candidate_stage_move(actor=owner, candidate=candidate, to_stage=step)
        if name in REJECTED:
            candidate_reject(actor=owner, candidate=candidate, reason=REJECTED[name])
        candidates[name] = candidate
    candidate_red_flag_set(
        actor=owner, candidate=candidates["TechnoConsult Benelux"], flag=RedFlag.PUSHES_PLATFORM, observed=True,
        note="Stelde in het eerste gesprek direct hun eigen cloudplatform voor.",
    )
    return candidates


def _demo_knockouts(owner: User, criteria: list[Criterion], candidates: dict[str, Candidate]) -> None:
    data_protection = next(c for c in criteria if c.reference_key == "data_protection")
    criterion_update(actor=owner, criterion=data_protection, knockout=True)
    for name, reason in KNOCKED_OUT.items():
        knockout_check_set(actor=owner, candidate=candidates[name], criterion=data_protection, passed=False,
                           reason=reason)
    for name in _QUALITY:
        if name not in KNOCKED_OUT:
            knockout_check_set(actor=owner, candidate=candidates[name], criterion=data_protection, passed=True,
                               reason="Data blijft in de EU; verwerkersovereenkomst akkoord.")


def _demo_scoring(owner: User, selection: Selection, criteria: list[Criterion],
                  candidates: dict[str, Candidate]) -> None:
    evaluator_emails = [email for email, _name, role in DEMO_PEOPLE if role == Role.EVALUATOR]
    for index, email in enumerate(evaluator_emails):
        user = User.objects.get(email=email)
        seat = evaluator_add(actor=owner, selection=selection, user=user)
        importance = [_CRITERION_IMPORTANCE[c.reference_key] for c in criteria]
        judgements = {}
        for i, first in enumerate(criteria):
            for j in range(i + 1, len(criteria)):
                # Each evaluator sees one pair a little differently; the forms stay consistent (CR < 0.10).
                nudge = 1 if (i + j + index) % 7 == 0 else 0
                judgements[(first.pk, criteria[j].pk)] = _judgement(importance[i], importance[j], nudge)
        judgements_set(actor=user, evaluator=seat, judgements=judgements)
        for name, quality in _QUALITY.items():
            for position, criterion in enumerate(criteria):
                # Evaluators differ by a point here and there, as colleagues do.
                value = quality[position] + (1 if (index + position + len(name)) % 5 == 0 else 0)
                if name == "Noordlicht Data & AI" and criterion.reference_key == "cultural_fit" and index == 1:
                    value = 1  # Anna had a poor first talk: a disagreement the consensus view shows
                score_set(actor=user, evaluator=seat, candidate=candidates[name], criterion=criterion,
                          value=max(1, min(5, value)),
                          comment="" if position else "Sterke referenties bij vergelijkbare machinebouwers.")
        evaluator_submit(actor=user, evaluator=seat)
