"""The demo organisation that `make run` loads: a machine builder looking for an AI partner.

Idempotent: running it again adds what is missing and changes nothing that exists, so a
demo user's own changes survive restarts.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_grant, client_create
from partnerwijzer.advisers.directory import (
    directory_firm_copy,
    directory_firm_create,
    directory_reference_add,
    interest_declare,
)
from partnerwijzer.advisers.market.services import market_consent_set, market_figures_compute
from partnerwijzer.advisers.models import DirectoryCopy, DirectoryFirm, MarketSnapshot
from partnerwijzer.advisers.services import criteria_set_create, criteria_set_item_add, guidance_text_create
from partnerwijzer.audit.services import audit_record
from partnerwijzer.budget.models import (
    BenefitLine,
    Budget,
    CostLine,
    EffortRole,
    FundingApplication,
    HiddenCost,
    Quote,
    QuoteLine,
)
from partnerwijzer.budget.quotes.services import quote_save
from partnerwijzer.clock import today
from partnerwijzer.contract.models import ContractItem, ContractItemStatus, ItemSource, PartnerDecision
from partnerwijzer.contract.selectors import suggested_candidate
from partnerwijzer.contract.services import decision_save, item_update
from partnerwijzer.evaluation.conflicts.services import conflict_declare
from partnerwijzer.evaluation.models import Criterion, Relationship, WeightingMethod
from partnerwijzer.evaluation.scoring.services import (
    consensus_set,
    criterion_update,
    evaluator_add,
    evaluator_submit,
    judgements_set,
    knockout_check_set,
    score_set,
    scoring_close,
    weighting_method_set,
)
from partnerwijzer.evidence.services import reindex_all
from partnerwijzer.planning.compliance.services import screening_answers_replace
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness.services import (
    advice_answers_set,
    readiness_answers_set,
    use_case_model_choose,
)
from partnerwijzer.planning.usecases.services import (
    kpi_create,
    lighthouse_set,
    priority_set,
    profile_update,
    use_case_create,
)
from partnerwijzer.portal import ratelimit
from partnerwijzer.portal.models import AttemptOutcome, PortalLink
from partnerwijzer.portal.services import answers_save, attempt_record, link_create, link_touch, submit, upload_add
from partnerwijzer.questionnaires.generation import COMPANY_KEY
from partnerwijzer.questionnaires.models import Questionnaire, QuestionnaireKind, QuestionnaireStatus
from partnerwijzer.questionnaires.services import question_update, questionnaire_create, questionnaire_send
from partnerwijzer.results import selectors as results_selectors
from partnerwijzer.results import services as results_services
from partnerwijzer.results.models import Project
from partnerwijzer.sourcing.models import Candidate, RedFlag, Selection
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
# The plan's three use cases (the budget part finds them by these titles).
DEMO_MAINTENANCE = "Voorspellend onderhoud CNC-lijnen"
DEMO_QUOTES = "Offertevoorbereiding met documentanalyse"
DEMO_HIRING = "CV-screening productievacatures"

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
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    if not UseCase.objects.filter(organisation=organisation).exists():
        _demo_plan(organisation, owner)
    _demo_budgets(organisation, owner)
    _demo_quotes(organisation, owner)
    # Issue 7, after the plan: questions and contract items come from the selection's use case.
    _demo_questionnaires(organisation, owner)
    _demo_portal(organisation, owner)
    _demo_contract(organisation, owner)
    _demo_results(organisation, owner)
    _demo_advisers(organisation, owner)
    _demo_directory()
    _demo_directory_copies()
    _demo_market(organisation, owner)
    return DemoResult(organisation=organisation, created=created)


DEMO_ADVISER_EMAIL = "adviseur@partnerwijzer.example"
DEMO_ADVISER_ORGANISATION = "AI-Hub Brabant (demo)"
DEMO_CLIENTS = [("Bakkerij Verhoeven B.V. (demo)", "nl"), ("Kunststofwerk Oost GmbH (demo)", "de")]


def _demo_advisers(organisation: Organisation, owner: User) -> None:
    """Issue 17: an innovation hub with three clients (the demo company, which granted it access to
    work alongside, and two companies the hub created whose owners have not signed in yet), one
    adviser login (README) and a criteria set of its own."""
    adviser = Organisation.objects.filter(name=DEMO_ADVISER_ORGANISATION, kind=OrganisationKind.HUB).first()
    if adviser is not None:
        return
    adviser = Organisation.objects.create(name=DEMO_ADVISER_ORGANISATION, language="nl", kind=OrganisationKind.HUB)
    user = User.objects.filter(email=DEMO_ADVISER_EMAIL).first() or User.objects.create_user(
        email=DEMO_ADVISER_EMAIL, password=DEMO_PASSWORD, full_name="Femke de Boer")
    Membership.objects.get_or_create(user=user, organisation=adviser, defaults={"role": Role.OWNER})
    adviser_access_grant(actor=owner, client=organisation, adviser=adviser, role=AccessRole.ALONGSIDE)
    for name, language in DEMO_CLIENTS:
        client_create(actor=user, adviser=adviser, name=name, language=language,
                      owner_email=f"eigenaar.{language}@partnerwijzer.example")
    criteria_set = criteria_set_create(actor=user, adviser=adviser, name="Maakindustrie",
                                       description="Voor productiebedrijven met machinedata.")
    for item_name, rubric, factor, weight in [
        ("Ervaring op de werkvloer", "1: geen; 3: één project in de maakindustrie; 5: meerdere, met referenties.",
         "hard", 15),
        ("Omgaan met machinedata", "1: alleen kantoordata; 5: sensordata en PLC-koppelingen eerder gedaan.",
         "hard", 10),
        ("Veiligheidscultuur", "1: geen aandacht; 5: werkt volgens onze veiligheidsregels op de vloer.", "soft", 5),
    ]:
        criteria_set_item_add(actor=user, criteria_set=criteria_set, name=item_name, rubric=rubric, factor=factor,
                              weight=weight)
    guidance_text_create(actor=user, adviser=adviser, title="Begin met één vuurtorenproject",
                         body="Kies samen met de klant één zichtbaar project met een meetbare KPI voordat je "
                              "breder gaat.")


DEMO_DIRECTORY = [
    # name, provider type, city, country, specialities, regions, languages, certifications, website
    ("Lumen Data Lab B.V. (demo)", "ai_pure_player", "Eindhoven", "NL", "computer vision, kwaliteitscontrole",
     "Noord-Brabant, Limburg", "nl, en", "ISO 27001", "https://lumen-data-lab.example"),
    ("Kempen Procesdata (demo)", "industry_specialist", "Veldhoven", "NL", "predictive maintenance, sensordata",
     "Noord-Brabant", "nl, de", "ISO 9001", "https://kempen-procesdata.example"),
    ("Brabantse Cloud Consultants (demo)", "it_consultancy", "Tilburg", "NL", "data-platforms, MLOps",
     "Noord-Brabant, Gelderland", "nl, en", "ISO 27001, ISO 9001", ""),
    ("Rijnland Vision GmbH (demo)", "ai_pure_player", "Kleve", "DE", "Bildverarbeitung, Robotik",
     "NRW, Gelderland", "de, nl, en", "ISO 9001", "https://rijnland-vision.example"),
    ("Maas & Partners IT (demo)", "it_consultancy", "'s-Hertogenbosch", "NL", "ERP-koppelingen, forecasting",
     "Noord-Brabant", "nl", "", ""),
    ("Niederrhein KI-Werkstatt GmbH (demo)", "industry_specialist", "Krefeld", "DE",
     "Prozessoptimierung, Qualitätsprognose", "NRW", "de, en", "ISO 27001", ""),
    ("Peelland AI Studio (demo)", "ai_startup_ecosystem", "Helmond", "NL", "taalmodellen, offerte-automatisering",
     "Noord-Brabant", "nl, en", "", "https://peelland-ai.example"),
    ("Aachener Datenschmiede GmbH (demo)", "ai_startup_ecosystem", "Aachen", "DE", "Anomalieerkennung, Edge-KI",
     "NRW, Limburg", "de, en", "", ""),
    ("Van Loon Industriële Automatisering (demo)", "industry_specialist", "Venlo", "NL",
     "PLC-koppelingen, machinedata", "Limburg, Noord-Brabant, NRW", "nl, de", "ISO 9001, VCA", ""),
    ("Delta Analytics Groep (demo)", "it_consultancy", "Breda", "NL", "dashboards, vraagvoorspelling",
     "Noord-Brabant, Zeeland", "nl, en", "ISO 27001", "https://delta-analytics.example"),
]
DEMO_DIRECTORY_REFERENCES = [
    ("Gieterij Van Dijk (demo)", "J. van Dijk, directeur", "Visuele inspectie van gietstukken", "visit", 40),
    ("Metaalbewerking Brouwer (demo)", "operations manager", "Storingen voorspellen op twee persen", "call", 75),
    ("Zuivel Coöperatie Oost (demo)", "hoofd kwaliteit", "Afwijkingen in procesdata signaleren", "document", 120),
]


def _demo_directory() -> None:
    """Issue 17, item 5: the hub's directory of ten firms (clearly fictional), seven with references
    the hub verified, and one own-interest declaration that the clients see. Made once."""
    adviser = Organisation.objects.filter(name=DEMO_ADVISER_ORGANISATION, kind=OrganisationKind.HUB).first()
    user = User.objects.filter(email=DEMO_ADVISER_EMAIL).first()
    if adviser is None or user is None or DirectoryFirm.objects.filter(adviser=adviser).exists():
        return
    for index, (name, kind, city, country, specialities, regions, languages, certifications, website) in enumerate(
            DEMO_DIRECTORY):
        firm = directory_firm_create(
            actor=user, adviser=adviser, name=name, provider_type=kind, city=city, country=country,
            specialities=specialities, regions=regions, languages=languages, certifications=certifications,
            website=website,
        )
        if index < 7:
            client_name, contact, project, method, days = DEMO_DIRECTORY_REFERENCES[index % 3]
            directory_reference_add(actor=user, firm=firm, client_name=client_name, contact=contact,
                                    project=project, method=method, verified_on=today() - timedelta(days=days + index))
    interest_declare(actor=user, adviser=adviser, adviser_user=user, kind="earns",
                     provider="Brabantse Cloud Consultants (demo)",
                     details="Femke de Boer is commissaris en ontvangt een vergoeding.")


DEMO_COPY_SELECTION = "Partner voor kwaliteitscontrole (demo)"
DEMO_COPIED_FIRMS = ("Lumen Data Lab B.V. (demo)", "Kempen Procesdata (demo)")


def _demo_directory_copies() -> None:
    """Issue 17 item 5: the hub put two directory firms on the longlist of a client it created
    (where it works alongside), so the client's candidates link back to the directory and the
    firms' pages count them; the per-firm market figures still say "not enough data" (three
    clients, none of them a consenting company with a copy five times over). Made once."""
    adviser = Organisation.objects.filter(name=DEMO_ADVISER_ORGANISATION, kind=OrganisationKind.HUB).first()
    user = User.objects.filter(email=DEMO_ADVISER_EMAIL).first()
    client = Organisation.objects.filter(name=DEMO_CLIENTS[0][0]).first()
    if adviser is None or user is None or client is None or DirectoryCopy.objects.filter(adviser=adviser).exists():
        return
    firms = list(DirectoryFirm.objects.filter(adviser=adviser, name__in=DEMO_COPIED_FIRMS).order_by("name"))
    if not firms:
        return
    selection = (Selection.objects.filter(organisation=client, title=DEMO_COPY_SELECTION).first()
                 or selection_create(actor=user, organisation=client, title=DEMO_COPY_SELECTION))
    for firm in firms:
        directory_firm_copy(actor=user, firm=firm, selection=selection)


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
        actor=owner, organisation=organisation, title=DEMO_MAINTENANCE,
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
    _demo_second_kpi(owner, maintenance)
    priority_set(actor=owner, use_case=maintenance, impact=5, feasibility=4)
    lighthouse_set(actor=owner, use_case=maintenance)
    Selection.objects.filter(organisation=organisation, title=DEMO_SELECTION, use_case=None).update(
        use_case=maintenance
    )

    quotes = use_case_create(
        actor=owner, organisation=organisation, title=DEMO_QUOTES,
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
        actor=owner, organisation=organisation, title=DEMO_HIRING, department="hr",
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
    have scored and submitted, AHP weights, one candidate out on a knock-out, one rejected.

    The owner holds no seat, so (blind scoring, issue 11) they close scoring before settling
    the one disputed cell."""
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
    scoring_close(actor=owner, selection=selection)
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
    # Every seat is given before anyone submits, as an owner would: otherwise each submission would
    # complete the seats given so far and tell the owners "every evaluator has submitted" again.
    seats = [evaluator_add(actor=owner, selection=selection, user=User.objects.get(email=email))
             for email in evaluator_emails]
    for index, seat in enumerate(seats):
        user = seat.user
        importance = [_CRITERION_IMPORTANCE[c.reference_key] for c in criteria]
        judgements = {}
        for i, first in enumerate(criteria):
            for j in range(i + 1, len(criteria)):
                # Each evaluator sees one pair a little differently; the forms stay consistent (CR < 0.10).
                nudge = 1 if (i + j + index) % 7 == 0 else 0
                judgements[(first.pk, criteria[j].pk)] = _judgement(importance[i], importance[j], nudge)
        judgements_set(actor=user, evaluator=seat, judgements=judgements)
        for name, quality in _QUALITY.items():
            # Issue 16: before scoring a firm, each evaluator declares any relationship with it.
            conflict_declare(actor=user, evaluator=seat, candidate=candidates[name], relationship=Relationship.NONE)
            for position, criterion in enumerate(criteria):
                # Evaluators differ by a point here and there, as colleagues do.
                value = quality[position] + (1 if (index + position + len(name)) % 5 == 0 else 0)
                if name == "Noordlicht Data & AI" and criterion.reference_key == "cultural_fit" and index == 1:
                    value = 1  # Anna had a poor first talk: a disagreement the consensus view shows
                score_set(actor=user, evaluator=seat, candidate=candidates[name], criterion=criterion,
                          value=max(1, min(5, value)),
                          comment="" if position else "Sterke referenties bij vergelijkbare machinebouwers.")
        evaluator_submit(actor=user, evaluator=seat)


# --- Budget (issue 6) ---------------------------------------------------------------------------
# Rows are made through the models, so the demo does not depend on the budget forms and services.
# A use case gets its budget only while it has none, and the selection its quotes only while it has
# none: a second run changes nothing, and a demo user's own figures survive.

DEMO_FUNDING_PROGRAMME = "nl-mit"
"""MIT feasibility project (key of knowledge/data/funding.yaml): 40 % of the cost, at most EUR 20,000."""

_WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


@dataclass(frozen=True)
class _Role:
    name: str
    people: int
    share: tuple[int, int]  # percent of the working week, low-high
    weekly_hours: int
    months: int
    rate: int


@dataclass(frozen=True)
class _Benefit:
    name: str
    factor: str
    method: str
    volume: tuple[int, int, int]
    unit_value: int
    note: str
    from_kpi: bool = False


@dataclass(frozen=True)
class _DemoBudget:
    buffer: int
    go_live: int
    ramp: int
    # category -> (low, likely, high, note); "running" is per year
    lines: dict[str, tuple[int, int, int, str]]
    roles: tuple[_Role, ...]
    # hidden-cost key -> (status, amount, note)
    hidden: dict[str, tuple[str, int | None, str]]
    benefits: tuple[_Benefit, ...] = ()
    funding: tuple[str, str, int, str] | None = None  # programme, status, expected amount, note


# The guide's ranges are for a firm of 100-250 staff; Van Dijk has 120, so the estimates sit in the
# lower half, with more data work where the sensor data is not kept yet.
DEMO_BUDGETS: dict[str, _DemoBudget] = {
    DEMO_MAINTENANCE: _DemoBudget(
        buffer=25, go_live=7, ramp=6,
        lines={
            "strategy": (15_000, 20_000, 30_000, "Workshop met productie en onderhoud, concept en business case."),
            "data": (30_000, 42_000, 65_000,
                     "Sensoren op twee lijnen bijplaatsen, sensordata opslaan en koppelen aan het onderhoudslog."),
            "model": (20_000, 28_000, 45_000, "Storingsmodel voor spindels en lagers, getraind op eigen data."),
            "implementation": (25_000, 35_000, 55_000, "Meldingen in het CMMS en op het dashboard van de werkplaats."),
            "training": (8_000, 12_000, 20_000, "Monteurs en planners leren werken met de voorspellingen."),
            "running": (15_000, 20_000, 30_000, "Cloudopslag, licentie, monitoring en onderhoud van het model."),
        },
        roles=(
            _Role("Onderhoudsmonteurs (vakexperts)", 2, (10, 20), 40, 9, 65),
            _Role("IT-beheerder", 1, (15, 30), 40, 9, 75),
        ),
        hidden={
            "data_cleaning": ("planned", 10_000, "De sensordata van januari–juni 2026 heeft gaten en dubbele tijden."),
            "legacy_integration": ("planned", 8_000, "Het CMMS heeft geen API; koppeling via een database-export."),
            "retraining": ("acknowledged", None, "Partner vragen hertraining in de lopende kosten op te nemen."),
            "change_management": ("acknowledged", None, ""),
            "scaling": ("open", None, ""),
        },
        benefits=(
            _Benefit("Minder ongeplande stilstand", "cost_savings", "hours", (84, 156, 216), 1_400,
                     "Uren stilstand per jaar minder (KPI: van 42 naar 29 uur per maand is 156 uur per jaar) "
                     "x gemiste dekkingsbijdrage en spoedkosten per uur stilstand.", from_kpi=True),
            _Benefit("Gepland in plaats van spoedonderhoud", "productivity", "hours", (150, 250, 400), 55,
                     "Uren van monteurs per jaar die niet meer aan spoedreparaties opgaan."),
        ),
        funding=(DEMO_FUNDING_PROGRAMME, "applied", 20_000,
                 ("Haalbaarheidsproject aangevraagd in de MIT-ronde van Noord-Brabant; 40% van de kosten, "
                  "hoogstens € 20.000.")),
    ),
    DEMO_QUOTES: _DemoBudget(
        buffer=20, go_live=5, ramp=4,
        lines={
            "strategy": (8_000, 12_000, 20_000, ""),
            "data": (10_000, 15_000, 25_000, "Voorbeeldoffertes en klantspecificaties verzamelen en labelen."),
            "model": (12_000, 18_000, 30_000, "Documentanalyse op een bestaand taalmodel, geen eigen training."),
            "implementation": (15_000, 22_000, 35_000, "Overname van de gegevens in het ERP."),
            "training": (5_000, 8_000, 12_000, ""),
            "running": (8_000, 12_000, 18_000, "Gebruik van het taalmodel per document en onderhoud."),
        },
        roles=(
            _Role("Binnendienst (vakexperts)", 2, (10, 20), 40, 6, 55),
            _Role("IT-beheerder", 1, (10, 20), 40, 6, 75),
        ),
        hidden={
            "data_cleaning": ("planned", 4_000, ""),
            "change_management": ("planned", 3_000, "Binnendienst vroeg betrekken; werkwijze offertes herzien."),
            "legacy_integration": ("acknowledged", None, "ERP-import via CSV; nog navragen bij de leverancier."),
            "retraining": ("acknowledged", None, ""),
            "scaling": ("open", None, ""),
        },
        benefits=(
            _Benefit("Kortere offertevoorbereiding", "productivity", "hours", (840, 1_600, 1_980), 55,
                     "Uren per jaar minder: 6 tot 11 uur per offerte (KPI: van 16 naar 6 uur) x 140 tot 180 "
                     "offertes per jaar.", from_kpi=True),
            _Benefit("Meer gewonnen orders door snellere offertes", "revenue", "conversions", (0, 2, 4), 15_000,
                     "Extra orders per jaar x dekkingsbijdrage per order."),
        ),
    ),
    DEMO_HIRING: _DemoBudget(
        buffer=30, go_live=6, ramp=6,
        lines={
            "strategy": (10_000, 15_000, 25_000, "Eerst het probleem scherp maken: wat moet beter in de werving?"),
            "data": (8_000, 12_000, 20_000, ""),
            "model": (8_000, 12_000, 20_000, ""),
            "implementation": (10_000, 15_000, 25_000, "Koppeling met het sollicitantensysteem."),
            "training": (6_000, 10_000, 15_000, "Recruiters leren de uitkomsten te beoordelen (menselijk toezicht)."),
            "running": (6_000, 9_000, 15_000, ""),
        },
        roles=(
            _Role("HR-adviseur", 1, (10, 20), 32, 6, 55),
            _Role("Functionaris gegevensbescherming (extern)", 1, (5, 10), 8, 6, 120),
        ),
        hidden={
            "change_management": ("planned", 5_000, "Instemming van de ondernemingsraad nodig."),
            "data_cleaning": ("acknowledged", None, ""),
            "legacy_integration": ("open", None, ""),
        },
    ),
}

# Candidate -> (amount per cost category, running per year, received on, note)
DEMO_QUOTES_BY_CANDIDATE: dict[str, tuple[dict[str, int], int, date, str]] = {
    "Maakindustrie AI Partners": (
        {"strategy": 18_000, "data": 42_000, "model": 28_000, "implementation": 38_000, "training": 12_000},
        22_000, date(2026, 10, 12), "Vaste prijs per fase; hertraining twee keer per jaar inbegrepen.",
    ),
    "Noordlicht Data & AI": (
        {"strategy": 12_000, "data": 35_000, "model": 32_000, "implementation": 30_000, "training": 8_000},
        26_000, date(2026, 10, 15), "Lagere startkosten, hogere licentie per jaar.",
    ),
    "TechnoConsult Benelux": (
        {"strategy": 25_000, "data": 48_000, "model": 30_000, "implementation": 52_000, "training": 15_000},
        30_000, date(2026, 10, 9), "Op basis van hun eigen cloudplatform.",
    ),
}


def _hours(share: int, weekly_hours: int, months: int) -> Decimal:
    """Hours per person, as the estimate computes them from a share of the working week."""
    hours = Decimal(share) / 100 * weekly_hours * months * _WEEKS_PER_MONTH
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _demo_budgets(organisation: Organisation, owner: User) -> None:
    for title, spec in DEMO_BUDGETS.items():
        use_case = UseCase.objects.filter(organisation=organisation, title=title).first()
        if use_case is None or Budget.objects.filter(use_case=use_case).exists():
            continue
        _demo_budget(owner, use_case, spec)


def _demo_budget(owner: User, use_case: UseCase, spec: _DemoBudget) -> None:
    budget = Budget.objects.create(
        use_case=use_case, buffer_percent=Decimal(spec.buffer), horizon_months=36, go_live_month=spec.go_live,
        ramp_months=spec.ramp, discount_rate=Decimal(6), updated_by=owner,
    )
    audit_record(actor=None, organisation=use_case.organisation, action="demo.budget", target=budget)
    for position, (category, (low, likely, high, note)) in enumerate(spec.lines.items()):
        kind = "running" if category == "running" else "one_off"
        CostLine.objects.create(budget=budget, kind=kind, category=category, low=low, likely=likely, high=high,
                                note=note, position=position)
    for position, role in enumerate(spec.roles):
        EffortRole.objects.create(
            budget=budget, name=role.name, basis="share", people=role.people, share_low=role.share[0],
            share_high=role.share[1], weekly_hours=role.weekly_hours, months=role.months,
            hours_low=_hours(role.share[0], role.weekly_hours, role.months),
            hours_high=_hours(role.share[1], role.weekly_hours, role.months),
            hourly_rate=role.rate, position=position,
        )
    for key, (status, amount, note) in spec.hidden.items():
        HiddenCost.objects.create(budget=budget, key=key, status=status, amount=amount, note=note)
    kpi = use_case.kpis.order_by("position").first()
    for position, benefit in enumerate(spec.benefits):
        low, likely, high = benefit.volume
        BenefitLine.objects.create(
            budget=budget, name=benefit.name, factor=benefit.factor, method=benefit.method,
            kpi=kpi if benefit.from_kpi else None, low=low, likely=likely, high=high,
            unit_value=benefit.unit_value, note=benefit.note, position=position,
        )
    if spec.funding is not None:
        programme, status, expected, note = spec.funding
        FundingApplication.objects.create(budget=budget, programme=programme, status=status,
                                          expected_amount=expected, note=note, updated_by=owner)


def _demo_quotes(organisation: Organisation, owner: User) -> None:
    """Three candidates of the demo selection have sent a quote (for predictive maintenance); seeded
    only while the selection has no quote at all, so a quote the user deleted stays deleted."""
    selection = Selection.objects.filter(organisation=organisation, title=DEMO_SELECTION).first()
    if selection is None or Quote.objects.filter(candidate__selection=selection).exists():
        return
    for name, (amounts, running, received, note) in DEMO_QUOTES_BY_CANDIDATE.items():
        candidate = Candidate.objects.filter(selection=selection, name=name).first()
        if candidate is None:
            continue
        quote = Quote.objects.create(candidate=candidate, running_per_year=running, received_on=received,
                                     note=note, updated_by=owner)
        QuoteLine.objects.bulk_create(
            QuoteLine(quote=quote, category=category, amount=amount) for category, amount in amounts.items()
        )


# --- Questionnaires, supplier portal and contract (issue 7) -----------------------------------------
# Made through the apps' services, so the questions come from the guide, links are stored only as
# the hash of their token (the plaintext is dropped here, never printed or kept) and the audit trail
# shows what a real selection would. Each part is seeded only while the selection has none of it:
# a second run changes nothing, and what a demo user deleted stays deleted.

DEMO_RFI = "RFI voorspellend onderhoud CNC-lijnen"
DEMO_RFP = "RFP voorspellend onderhoud CNC-lijnen"
DEMO_RFI_DAYS = 21
"""The RFI's deadline, in days from the day the demo is loaded (so it is always still open)."""
DEMO_RFP_DAYS = 49

_QUESTIONNAIRE_INTRODUCTION = (
    "Van Dijk Machinebouw bouwt met 120 medewerkers CNC-bewerkte onderdelen en machines op maat voor de "
    "voedingsmiddelenindustrie. We zoeken een partner die met ons storingen aan spindels en lagers voorspelt uit "
    "sensordata, zodat we onderhoud kunnen plannen voordat een lijn stilvalt. Beantwoord de vragen zo concreet "
    "mogelijk; voorbeelden uit de maakindustrie helpen ons het meest."
)
# The owner makes the generated opening question concrete before sending, as the app invites to.
_OPENING_QUESTION = (
    "Hoe zou u ons probleem aanpakken: 42 uur ongeplande stilstand per maand op vijf CNC-lijnen, terug te "
    "brengen naar 29 uur eind 2027? En hoe zou u laten zien dat dat doel gehaald wordt?"
)
_OPENING_HELP = (
    "Uw eerste stappen, wat u van ons nodig hebt (sensordata, onderhoudslog, tijd van monteurs) en hoe u de "
    "stilstand meet tegen onze nulmeting uit het onderhoudslog."
)
_QUESTIONNAIRE_TIMELINE = (
    "Start analysefase: eerste kwartaal 2027. Eerste voorspellingen op twee lijnen: na vier maanden. "
    "Ingebruikname op alle vijf lijnen: binnen twaalf maanden."
)

# The RFI's candidates: one has answered everything and submitted, one is half-way, one has not
# opened the link yet.
DEMO_PORTAL_SUBMITTED = "Maakindustrie AI Partners"
DEMO_PORTAL_ANSWERING = "Noordlicht Data & AI"
DEMO_PORTAL_NOT_OPENED = "TechnoConsult Benelux"
DEMO_PORTAL_SECOND = "SensorWerk Industrie 4.0 GmbH"  # submitted too, with a workbook (evidence, issue 16)
_DEMO_CLIENT_ADDRESS = "192.0.2.10"  # TEST-NET-1 (RFC 5737): the address the demo firm opens its link from

# Answers by the question's reference key (a criteria.yaml key or "company"); a question without one
# of these keys gets the general answer.
_ANSWERS_SUBMITTED = {
    "company": (
        "We starten met een analysefase van zes weken: we lezen de trillings- en temperatuurdata van de drie lijnen "
        "met sensoren uit, koppelen die aan uw onderhoudslog en stellen vast welke storingen we vooraf kunnen zien. "
        "Daarna bouwen we het model voor spindels en lagers. De ongeplande stilstand meten we maandelijks uit uw "
        "CMMS tegen de nulmeting van 42 uur per maand."
    ),
    "industry_expertise": (
        "We werken sinds 2018 uitsluitend voor machinebouwers en toeleveranciers. Storingspatronen van spindels en "
        "lagers kennen we uit eerdere projecten; onze data-engineers hebben zelf in onderhoud gewerkt."
    ),
    "technology": (
        "We vergelijken een eigen model op uw sensordata met de voorspellende functies van twee CMMS-leveranciers. "
        "Voor uw vraag verwachten we het meest van een eigen model; we onderbouwen dat in de analysefase."
    ),
    "end_to_end": (
        "Analyse, datapijplijn, model en koppeling met het CMMS doen we met eigen mensen. Het bijplaatsen van "
        "sensoren besteden we uit aan een installateur uit de regio, onder onze verantwoordelijkheid."
    ),
    "training_change": (
        "Monteurs en planners trainen we in twee sessies op de werkvloer; de IT-beheerder leert het model "
        "bewaken en hertrainen. Een monteur uit uw team denkt vanaf de eerste week mee."
    ),
    "data_protection": (
        "Uw data blijven in een Nederlands datacenter en worden niet gebruikt voor andere klanten of voor het "
        "trainen van andere modellen. Publieke cloud-AI-diensten gebruiken we niet voor uw trainingsdata."
    ),
    "references": (
        "Drie vergelijkbare projecten: een verpakkingsmachinebouwer in Helmond (40% minder stilstand), een "
        "toeleverancier van draaiwerk in Deurne en een machinefabriek in Oss. Contactpersonen geven we graag."
    ),
    "cultural_fit": "We werken in korte rondes van twee weken en laten na elke ronde zien wat werkt en wat niet.",
    "price": "Vaste prijs per fase; na elke fase beslist u of we doorgaan. Een indicatie volgt in de offerte.",
}
_ANSWER_GENERAL = "Zie ons antwoord hierboven; in een gesprek lichten we het graag toe."
_ANSWERS_HALFWAY = {  # Noordlicht has answered the first questions and not yet the rest
    "company": (
        "Eerst een datascan van vier weken: welke sensordata is er, hoe volledig en hoe vaak gemeten. Daarna "
        "stellen we samen met uw monteurs vast welke storingen het zwaarst wegen."
    ),
    "industry_expertise": (
        "We hebben voorspellend onderhoud gedaan voor twee voedselverwerkers; in de machinebouw is dit ons "
        "eerste project, maar de storingspatronen lijken sterk op elkaar."
    ),
}

# The contract checklist as far as the negotiation with the preferred partner got:
# key -> (status, agreed wording or note, responsible person's e-mail or "")
_CONTRACT_ITEMS: dict[str, tuple[str, str, str]] = {
    "scope_deliverables": (
        ContractItemStatus.AGREED,
        ("Analysefase, datapijplijn, storingsmodel voor spindels en lagers, meldingen in het CMMS en training van "
        "monteurs en planners. Sensoren bijplaatsen valt onder de partner; vervanging van het CMMS niet."),
        DEMO_OWNER_EMAIL,
    ),
    "acceptance": (
        ContractItemStatus.AGREED,
        ("Acceptatie na drie maanden proefdraaien op twee lijnen: minstens 70% van de storingen aan spindels en "
        "lagers wordt minstens 48 uur vooraf gemeld, met hoogstens één valse melding per lijn per week."),
        "pieter.bakker@partnerwijzer.example",
    ),
    "change_process": (
        ContractItemStatus.OPEN,
        ("Partner stelt een wijzigingsbudget van 10% voor; wij willen wijzigingen per fase goedkeuren. Bespreken "
        "in het volgende overleg."),
        DEMO_OWNER_EMAIL,
    ),
    "data_protection": (
        ContractItemStatus.AGREED,
        ("Data blijven in een Nederlands datacenter, worden niet voor andere klanten of modellen gebruikt en worden "
        "na afloop binnen 30 dagen gewist."),
        "joost.visser@partnerwijzer.example",
    ),
    "model_rights": (
        ContractItemStatus.OPEN,
        ("Partner wil zijn basismodel blijven hergebruiken; wij willen eigendom van het op onze data getrainde model "
        "en de gewichten. Voorstel: gebruiksrecht op het basismodel, eigendom van het getrainde model bij ons."),
        DEMO_OWNER_EMAIL,
    ),
    "maintenance_support": (
        ContractItemStatus.AGREED,
        "Reactie binnen één werkdag, hertraining twee keer per jaar inbegrepen in de lopende kosten.",
        "joost.visser@partnerwijzer.example",
    ),
    "knowledge_transfer": (
        ContractItemStatus.OPEN,
        "Documentatie is toegezegd; hoeveel trainingsdagen de IT-beheerder krijgt, staat nog niet vast.",
        "anna.schmidt@partnerwijzer.example",
    ),
    "exit_strategy": (ContractItemStatus.MISSING, "", DEMO_OWNER_EMAIL),
    "data_quality": (
        ContractItemStatus.AGREED,
        ("Van Dijk levert de sensordata en het onderhoudslog; de partner schoont ze op. Blijkt in de analysefase "
        "dat de data niet volstaan, dan beslissen we samen of we stoppen of eerst data verzamelen."),
        "pieter.bakker@partnerwijzer.example",
    ),
    "risk_split": (ContractItemStatus.MISSING, "", ""),
    "phase_plan": (
        ContractItemStatus.AGREED,
        ("Drie fasen (analyse, proef op twee lijnen, uitrol op vijf lijnen) met na elke fase een go/no-go; we "
        "betalen alleen de fasen die we hebben vrijgegeven."),
        DEMO_OWNER_EMAIL,
    ),
}
_KPI_ITEM = (
    ContractItemStatus.OPEN,
    "Partner wil de KPI meten vanaf ingebruikname op alle lijnen; wij vanaf de proef op twee lijnen.",
    "pieter.bakker@partnerwijzer.example",
)


def _demo_selection_of(organisation: Organisation) -> Selection | None:
    return Selection.objects.filter(organisation=organisation, title=DEMO_SELECTION).first()


def _deadline(days: int) -> datetime:
    """17:00 local time, ``days`` days from today: later runs of a fresh demo stay in the future."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def _demo_questionnaires(organisation: Organisation, owner: User) -> None:
    """An RFI sent to the shortlist (open for three more weeks) and an RFP still in draft; seeded
    only while the selection has no questionnaire at all."""
    selection = _demo_selection_of(organisation)
    if selection is None or Questionnaire.objects.filter(selection=selection).exists():
        return
    rfi = questionnaire_create(
        actor=owner, selection=selection, kind=QuestionnaireKind.RFI, title=DEMO_RFI,
        deadline=_deadline(DEMO_RFI_DAYS), introduction=_QUESTIONNAIRE_INTRODUCTION,
        timeline=_QUESTIONNAIRE_TIMELINE, contact_name="Sanne van Dijk", contact_email=DEMO_OWNER_EMAIL,
    )
    rfp = questionnaire_create(
        actor=owner, selection=selection, kind=QuestionnaireKind.RFP, title=DEMO_RFP,
        deadline=_deadline(DEMO_RFP_DAYS), show_weights=True, introduction=_QUESTIONNAIRE_INTRODUCTION,
        timeline=_QUESTIONNAIRE_TIMELINE, contact_name="Sanne van Dijk", contact_email=DEMO_OWNER_EMAIL,
    )
    for questionnaire in (rfi, rfp):
        opening = questionnaire.questions.filter(reference_key=COMPANY_KEY, reference_index=0).first()
        if opening is not None:
            question_update(actor=owner, question=opening, text=_OPENING_QUESTION, help_text=_OPENING_HELP)
    questionnaire_send(actor=owner, questionnaire=rfi)


def _answers(link: PortalLink, answers: dict[str, str], *, general: str | None) -> dict[str, str]:
    texts = {}
    for question in link.questionnaire.questions.order_by("position"):
        text = answers.get(question.reference_key, general)
        if text:
            texts[str(question.pk)] = text
    return texts


def _demo_portal(organisation: Organisation, owner: User) -> None:
    """Links to the RFI for three candidates: one submitted (with a receipt), one half-way, one not
    opened. Seeded only while no questionnaire of the selection has a link, and only while the RFI
    can take links (sent, deadline ahead); the tokens are dropped, so the links work for nobody."""
    selection = _demo_selection_of(organisation)
    if selection is None or PortalLink.objects.filter(questionnaire__selection=selection).exists():
        return
    rfi = Questionnaire.objects.filter(selection=selection, kind=QuestionnaireKind.RFI, title=DEMO_RFI).first()
    if rfi is None or rfi.status != QuestionnaireStatus.SENT or rfi.deadline <= timezone.now():
        return
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = _DEMO_CLIENT_ADDRESS
    address = ratelimit.ip_hash(request)
    for name in (DEMO_PORTAL_SUBMITTED, DEMO_PORTAL_ANSWERING, DEMO_PORTAL_NOT_OPENED, DEMO_PORTAL_SECOND):
        candidate = Candidate.objects.filter(selection=selection, name=name, rejected=False).first()
        if candidate is None:
            continue
        link, _token = link_create(actor=owner, questionnaire=rfi, candidate=candidate)
        del _token  # shown once to the owner in the app; the demo has no one to show it to
        if name == DEMO_PORTAL_NOT_OPENED:
            continue
        # What the portal does when the firm opens its link.
        attempt_record(ip_hash=address, outcome=AttemptOutcome.OK, link_id=link.pk)
        link_touch(link)
        if name == DEMO_PORTAL_SUBMITTED:
            answers_save(link=link, texts=_answers(link, _ANSWERS_SUBMITTED, general=_ANSWER_GENERAL))
            for filename, data in _demo_files_submitted():
                upload_add(link=link, stream=io.BytesIO(data), filename=filename)
            submit(link=link)
        elif name == DEMO_PORTAL_SECOND:
            answers_save(link=link, texts=_answers(link, _ANSWERS_SECOND, general=None))
            upload_add(link=link, stream=io.BytesIO(_demo_workbook()), filename=DEMO_WORKBOOK)
            submit(link=link)
        else:
            answers_save(link=link, texts=_answers(link, _ANSWERS_HALFWAY, general=None))
    # Read the submitted answers and files now, so the score form shows passages without waiting
    # for the worker (which the submission queued too; indexing again changes nothing).
    reindex_all(organisation=organisation)


def _demo_contract(organisation: Organisation, owner: User) -> None:
    """The preferred partner (the candidate the app itself proposes: the ranking's first) and its
    contract checklist half-way through the negotiation; seeded only while there is no decision."""
    selection = _demo_selection_of(organisation)
    if selection is None or PartnerDecision.objects.filter(selection=selection).exists():
        return
    candidate = suggested_candidate(selection)
    if candidate is None:
        return
    outcome = decision_save(
        actor=owner, selection=selection, candidate=candidate,
        rationale=(
            f"{candidate.name} staat bovenaan in de gewogen rangschikking en scoort het sterkst op kennis van de "
            "maakindustrie en referenties: drie vergelijkbare projecten bij machinebouwers in de regio. De workshop "
            "op lijn 2 liet zien dat ze onze sensordata snel begrijpen. De offerte is niet de laagste, maar "
            "hertraining zit in de lopende kosten en de vaste prijs per fase past bij onze go/no-go-momenten."
        ),
        disagreement_resolution=(
            "Anna beoordeelde de culturele fit van Noordlicht Data & AI laag na een gesprek met een junior "
            "consultant; in het teamoverleg hebben we een tweede gesprek meegewogen en samen een 3 gegeven. "
            "Op de andere criteria lagen de scores van Pieter, Anna en Joost hoogstens een punt uit elkaar; "
            "daar geldt het gemiddelde."
        ),
    )
    people = {u.email: u for u in User.objects.filter(memberships__organisation=organisation)}
    for item in ContractItem.objects.filter(decision=outcome.decision).order_by("position"):
        if item.source == ItemSource.GUIDE and item.key in _CONTRACT_ITEMS:
            status, wording, email = _CONTRACT_ITEMS[item.key]
        elif item.source == ItemSource.KPI:
            status, wording, email = _KPI_ITEM
        else:
            continue
        item_update(actor=owner, item=item, status=status, wording=wording, owner=people.get(email))


# --- Issue 13: the lighthouse five months into its project --------------------------------------

DEMO_RESULTS_MONTHS = 5
DEMO_SECOND_KPI = "Storingen vooraf voorspeld"


def _months_back(today: date, months: int) -> date:
    month = today.month - 1 - months
    return date(today.year + month // 12, month % 12 + 1, 1)


def _line_value(baseline: float, at_target: float, day: int, target_day: int) -> Decimal:
    """A value on the straight line from the baseline (day 0) to ``at_target`` on the target day."""
    value = baseline + (at_target - baseline) * day / target_day
    return Decimal(str(round(value, 1)))


def _demo_second_kpi(owner: User, use_case: UseCase) -> None:
    """The lighthouse's second KPI (issue 13), dated relative to today like its project: the
    baseline just before the project's start five months ago, the target seven months ahead."""
    today = timezone.localdate()
    start = _months_back(today, DEMO_RESULTS_MONTHS)
    kpi_create(
        actor=owner, use_case=use_case, name=DEMO_SECOND_KPI, unit="% van de storingen", direction="higher",
        baseline_value=20, baseline_method="Onderhoudslog: storingen met een waarschuwing vooraf, januari–juni",
        baseline_date=start - timedelta(days=1), target_value=60, target_date=_months_back(today, -7),
        measurement_method="Maandelijks: storingen waarvoor het model vooraf waarschuwde, gedeeld door alle storingen",
    )


def _demo_results(organisation: Organisation, owner: User) -> None:
    """The lighthouse five months into its project, relative to today so it never goes stale: the
    analysis gate passed with "go", the proof of concept running, monthly measurements since the
    start (downtime on track; a second KPI, failures predicted beforehand, only just reaching its
    target: at risk), and actual costs for five months close to the estimate's middle. Seeded
    only while the use case has no project."""
    use_case = UseCase.objects.filter(organisation=organisation, title=DEMO_MAINTENANCE).first()
    selection = _demo_selection_of(organisation)
    decision = PartnerDecision.objects.filter(selection=selection).select_related("candidate").first()
    if use_case is None or decision is None or Project.objects.filter(use_case=use_case).exists():
        return
    today = timezone.localdate()
    start = _months_back(today, DEMO_RESULTS_MONTHS)
    downtime = use_case.kpis.order_by("position").first()
    if downtime is None:
        return
    predicted = use_case.kpis.filter(name=DEMO_SECOND_KPI).first()
    if predicted is None:
        return
    project = results_services.project_start(
        actor=owner, use_case=use_case, candidate=decision.candidate, start_date=start,
        contract_reference="MAP-2026-014")
    phases = {p.key: p for p in project.phases.all()}
    poc = phases["proof_of_concept"]
    results_services.phase_update(actor=owner, phase=poc, name="", planned_start=poc.planned_start,
                                  planned_end=_months_back(today, -2) - timedelta(days=1),
                                  budget_share=poc.budget_share)
    analysis_gate = phases["analysis"].gate
    results_services.gate_update(
        actor=owner, gate=analysis_gate, burn_limit_percent=Decimal(110),
        open_risks="Sensordata van lijn 4 en 5 pas vanaf maand 2 beschikbaar.",
        free_criteria="Datakwaliteit van het onderhoudslog beoordeeld; meetplan per KPI afgesproken.",
        thresholds={})
    results_services.gate_decide(
        actor=owner, gate=analysis_gate, outcome="go", decided_on=start + timedelta(days=33),
        rationale=("De analyse bevestigt dat de sensordata van drie lijnen genoeg is voor een eerste model. "
                   "Datakwaliteit is beoordeeld, het meetplan staat. Door naar de proof of concept."))
    results_services.gate_update(
        actor=owner, gate=poc.gate, burn_limit_percent=Decimal(110), open_risks="Koppeling met het CMMS.",
        free_criteria="Model herkent minstens de helft van de lagerstoringen vooraf.",
        thresholds={predicted: Decimal(50), downtime: Decimal(36)})
    measurer = User.objects.filter(email="pieter.bakker@partnerwijzer.example").first()
    for kpi in (downtime, predicted):
        results_services.kpi_plan_set(actor=owner, kpi=kpi, frequency="monthly", measurer=measurer)
    # On the straight line to a value well past the target (on track), and to just past it (at risk).
    lines = {downtime.pk: (42.0, 24.0), predicted.pk: (20.0, 61.0)}
    rows: list[tuple[int, results_services.MeasurementInput]] = []
    for kpi in (downtime, predicted):
        if kpi.target_date is None:
            continue
        baseline, at_target = lines[kpi.pk]
        target_day = (kpi.target_date - start).days
        for month in range(1, DEMO_RESULTS_MONTHS + 1):
            day = _months_back(today, DEMO_RESULTS_MONTHS - month) - timedelta(days=1)
            if day > today:
                continue
            rows.append((len(rows) + 2, results_services.MeasurementInput(
                kpi=kpi, measured_on=day, value=_line_value(baseline, at_target, (day - start).days, target_day),
                source="Onderhoudslog (CMMS), maandexport")))
    results_services.measurements_import(actor=measurer or owner, project=project, rows=rows)
    budget = results_selectors.budget_of_project(project)
    burn = results_selectors.burn_view(project, budget=budget)
    categories = [key for key, _label in results_selectors.cost_categories(budget)]
    if burn is None:
        return
    p50 = list(burn.series.p50)
    for index in range(DEMO_RESULTS_MONTHS):
        cost_month = _months_back(today, DEMO_RESULTS_MONTHS - index)
        planned = p50[index] - (p50[index - 1] if index else 0.0)
        amount = Decimal(round(planned * (1.04 if index % 2 else 0.97)))
        first, second = categories[0], categories[1 if len(categories) > 1 else 0]
        results_services.actual_cost_set(actor=owner, project=project, category=first, categories=categories,
                                         month=cost_month, amount=(amount * Decimal("0.6")).quantize(Decimal(1)),
                                         note=f"Factuur {decision.candidate.name}")
        results_services.actual_cost_set(actor=owner, project=project, category=second, categories=categories,
                                         month=cost_month, amount=(amount * Decimal("0.4")).quantize(Decimal(1)))


# --- Evidence (issue 16): the firms' files, and the passages the labelled recall set names ---------
# Written by the team for the demo. partnerwijzer/evidence/data/recall_labels.yaml labels which
# passages of these answers and files speak to which criterion.

DEMO_PLAN = "Plan van aanpak Maakindustrie AI Partners.docx"
DEMO_REFERENCES = "Referenties Maakindustrie AI Partners.pdf"
DEMO_WORKBOOK = "Projectoverzicht SensorWerk.xlsx"

_PLAN_PAGES: list[list[str]] = [
    [
        "Plan van aanpak voorspellend onderhoud",
        ("Eén team van analyse tot beheer. Onze projectleider, twee data-engineers en een data scientist blijven "
        "van de eerste workshop tot de ingebruikname aan uw project verbonden. Strategie, ontwerp, bouw en "
        "implementatie doen we met eigen mensen; support en onderhoud na de ingebruikname leveren we met een vaste "
        "beheerder en een reactietijd van één werkdag."),
        ("Techniekkeuze zonder vaste leverancier. We vergelijken drie opties op kosten, privacy en beheer: een eigen "
        "model op uw eigen servers (on-premises), de voorspellende module van uw CMMS-leverancier en een open-source "
        "oplossing in een Europese cloud. We hebben geen partnerstatus of financiële banden met leveranciers. Het "
        "model koppelen we via een standaardkoppeling aan uw ERP en CMMS."),
    ],
    [
        ("Training per gebruikersgroep. Monteurs krijgen twee praktijksessies op de werkvloer, planners een training "
        "in het werken met de meldingen en de IT-beheerder een cursus van drie dagen om het model te bewaken en te "
        "hertrainen. Twee monteurs worden interne ambassadeurs die collega's helpen en de kennis vasthouden als ons "
        "team vertrekt."),
        ("Zorgen en weerstand. Medewerkers die vrezen dat het systeem hun vakmanschap vervangt, nemen we vanaf de "
        "eerste week mee: zij beoordelen elke melding en bepalen mee welke storingen het model moet leren herkennen."),
        ("Gegevens en AVG. Sensordata en onderhoudslog blijven in een datacenter in Nederland en gaan niet buiten de "
        "EU. We sluiten een verwerkersovereenkomst, voeren samen met uw functionaris gegevensbescherming een DPIA uit "
        "omdat er namen van monteurs in het onderhoudslog staan, en ontwerpen volgens privacy by design. Voor "
        "voorspellend onderhoud aan machines verwachten we geen hoog-risicotoepassing onder de AI-verordening."),
    ],
    [
        ("Prijs en fasering. De offerte splitst de kosten uit per fase: analyse, proef op twee lijnen en uitrol. Na "
        "de analysefase volgt een go/no-go-besluit. Lopende kosten voor beheer, hertraining en cloudgebruik staan "
        "apart vermeld; meerwerk spreken we vooraf per wijziging af."),
        ("Samenwerking. We werken in rondes van twee weken met een korte demo voor uw team. U spreekt vooraf de mensen "
        "die het werk doen, van strateeg tot ontwikkelaar. Kritiek en wijzigingen halverwege bespreken we in de "
        "eerstvolgende ronde, in gewone taal en zonder jargon."),
    ],
]
_REFERENCE_PAGES: list[list[str]] = [
    [
        "Referenties",
        ("Verpakkingsmachinebouwer, Helmond (120 medewerkers). Uitgangssituatie: gemiddeld 35 uur ongeplande "
        "stilstand per maand op de vulmachines. Resultaat na twaalf maanden: 40% minder stilstand. Het model draait "
        "sinds 2022 en wordt door de eigen IT-beheerder hertraind. De klant is telefonisch bereikbaar voor een "
        "referentiegesprek."),
        ("Toeleverancier van draaiwerk, Deurne (80 medewerkers). Wat misging: de eerste sensoren zaten op de verkeerde "
        "plek, waardoor het model drie maanden te weinig bruikbare data kreeg. We hebben de sensoren op eigen kosten "
        "verplaatst en leggen de meetopstelling sindsdien in de analysefase vast."),
    ],
    [
        ("Ervaring in de machinebouw. Sinds 2018 werken we alleen voor machinebouwers en hun toeleveranciers. We "
        "kennen de knelpunten van de branche: kleine series, veel omstellen, spindels en lagers die onverwacht "
        "uitvallen en een onderhoudsplanning die moet wijken voor leverdata."),
        ("Machinefabriek in Oss: voorspellend onderhoud op vijf freesmachines, sinds 2021 in gebruik, met 30% minder "
        "spoedreparaties. U mag de klant spreken zonder dat wij erbij zijn."),
    ],
]
_ANSWERS_SECOND = {
    "company": (
        "SensorWerk levert sensoren en analyse uit één hand. We beginnen met een meetcampagne van acht weken op "
        "twee CNC-lijnen en tonen daarna welke storingen vooraf te zien zijn."
    ),
    "industry_expertise": (
        "Onze ingenieurs komen uit de Duitse machinebouw; we deden twaalf projecten voor freesbedrijven en "
        "gieterijen. Het lastigst was steeds de koppeling aan oude machinebesturingen."
    ),
    "technology": (
        "We werken met ons eigen sensorplatform in de cloud van één grote leverancier, met wie we een partnerschap "
        "hebben. Een koppeling met uw ERP-systeem bouwen we op verzoek."
    ),
    "end_to_end": (
        "Sensoren, platform en dashboards leveren we zelf. De meldingen in uw CMMS en het verandermanagement "
        "besteden we uit aan een implementatiepartner."
    ),
    "training_change": "Gebruikers krijgen bij de oplevering een handleiding en een online demonstratie.",
    "data_protection": (
        "De data staan in ons cloudplatform in Frankfurt. De AVG regelen we met onze standaard "
        "verwerkersovereenkomst."
    ),
    "references": (
        "Twee referenties in Duitsland: een gieterij in Dortmund en een freesbedrijf in Bochum, elk met 25% minder "
        "stilstand. Contact loopt via onze verkoopafdeling."
    ),
    "cultural_fit": "Onze accountmanager is uw vaste aanspreekpunt en stuurt elke maand een rapport.",
    "price": "Een licentie per sensor per maand plus eenmalige installatiekosten; zie het projectoverzicht.",
}
_WORKBOOK: dict[str, list[tuple[object, ...]]] = {
    "Projecten": [
        ("Klant", "Branche", "Jaar", "Resultaat"),
        ("Gieterij Dortmund", "gieterij", 2023, "25% minder ongeplande stilstand"),
        ("Freesbedrijf Bochum", "metaalbewerking", 2024, "storingen aan spindels 48 uur vooraf gemeld"),
    ],
    "Kosten": [
        ("Onderdeel", "Eenmalig (EUR)", "Per jaar (EUR)"),
        ("Sensoren en installatie", 18000, None),
        ("Platformlicentie (40 sensoren)", None, 9600),
        ("Beheer en hertraining van het model", None, 6000),
    ],
}


def _demo_files_submitted() -> list[tuple[str, bytes]]:
    return [(DEMO_PLAN, demo_docx(_PLAN_PAGES)), (DEMO_REFERENCES, demo_pdf(_REFERENCE_PAGES))]


def demo_docx(pages: list[list[str]]) -> bytes:
    """A Word file with one paragraph per item and a page break between pages."""
    import docx

    document = docx.Document()
    for number, paragraphs in enumerate(pages):
        if number:
            document.add_page_break()
        for text in paragraphs:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _demo_workbook() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for default in list(workbook.worksheets):  # the empty sheet a new workbook has
        workbook.remove(default)
    for title, rows in _WORKBOOK.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def demo_pdf(pages: list[list[str]]) -> bytes:
    """A small text PDF (Helvetica, WinAnsi encoding) with the paragraphs of each page, wrapped.

    Written by hand rather than through WeasyPrint so that seeding the demo (and the tests and
    the benchmark that build many files) stays quick; PDFium reads it like any other PDF."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: list[bytes] = []
    page_ids = []
    first_page = 4
    for index, paragraphs in enumerate(pages):
        lines = ["BT /F1 10 Tf 14 TL 56 790 Td"]
        for paragraph in paragraphs:
            for line in textwrap.wrap(paragraph, 95) or [""]:
                lines.append(f"({escape(line)}) '")
            lines.append("() '")
        lines.append("ET")
        stream = "\n".join(lines).encode("cp1252", "replace")
        page_id, content_id = first_page + 2 * index, first_page + 2 * index + 1
        page_ids.append(page_id)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % content_id)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids).encode()
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(head + objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return out.getvalue()


# --- Market figures across the hub's clients (issue 17 item 6) -------------------------------------
# The hub's three real demo clients are too few for a group of five, so six FICTIONAL companies,
# named as such, join the hub with quotes for predictive maintenance and consent to market figures,
# and so does the demo company. Their owners have no password (nobody signs in as them).

DEMO_MARKET_CLIENTS: list[tuple[str, Decimal]] = [
    ("Fictief klantbedrijf A – marktcijfers (demo)", Decimal("0.8")),
    ("Fictief klantbedrijf B – marktcijfers (demo)", Decimal("0.95")),
    ("Fictief klantbedrijf C – marktcijfers (demo)", Decimal("1.1")),
    ("Fictief klantbedrijf D – marktcijfers (demo)", Decimal("1.25")),
    ("Fictief klantbedrijf E – marktcijfers (demo)", Decimal("0.7")),
    ("Fictief klantbedrijf F – marktcijfers (demo)", Decimal("1.4")),
]


def _demo_market(organisation: Organisation, owner: User) -> None:
    """Fictional consenting clients with quotes, the demo company's consent and one computation of
    the hub's market figures; made once (a computation already there means done)."""
    adviser = Organisation.objects.filter(name=DEMO_ADVISER_ORGANISATION, kind=OrganisationKind.HUB).first()
    if adviser is None or MarketSnapshot.objects.filter(adviser=adviser).exists():
        return
    hub_user = User.objects.filter(email=DEMO_ADVISER_EMAIL).first()
    for index, (name, factor) in enumerate(DEMO_MARKET_CLIENTS):
        client = Organisation.objects.create(name=name, language="nl")
        client_owner = User.objects.create_user(email=f"fictief.{index + 1}@partnerwijzer.example", password=None,
                                                full_name=f"Fictieve eigenaar {index + 1}")
        Membership.objects.create(user=client_owner, organisation=client, role=Role.OWNER)
        access = adviser_access_grant(actor=client_owner, client=client, adviser=adviser, role=AccessRole.READ)
        use_case = use_case_create(actor=client_owner, organisation=client, title="Fictief: voorspellend onderhoud",
                                   archetype="predictive_maintenance")
        selection = selection_create(actor=client_owner, organisation=client, title="Fictief: partner voor onderhoud",
                                     use_case=use_case)
        for number, (amounts, running, _received, _note) in enumerate(list(DEMO_QUOTES_BY_CANDIDATE.values())[:2]):
            candidate = candidate_create(actor=client_owner, selection=selection, name=f"Fictieve partner {number + 1}")
            quote_save(actor=client_owner, candidate=candidate,
                       lines={k: (Decimal(v) * factor).quantize(Decimal(1)) for k, v in amounts.items()},
                       running_per_year=(Decimal(running) * factor).quantize(Decimal(1)))
        market_consent_set(actor=client_owner, grant=access, consent=True)
    demo_grant = AdviserAccess.objects.filter(client=organisation, adviser=adviser, revoked_at__isnull=True).first()
    if demo_grant is not None:
        market_consent_set(actor=owner, grant=demo_grant, consent=True)
    market_figures_compute(actor=hub_user, adviser=adviser)
