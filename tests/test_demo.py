"""The demo organisation `make run` loads: complete, realistic and safe to load twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from partnerwijzer.accounts.access import memberships_of
from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.advisers.models import MarketSnapshot
from partnerwijzer.advisers.selectors import portfolio_of
from partnerwijzer.demo import (
    DEMO_ADVISER_EMAIL,
    DEMO_MARKET_CLIENTS,
    DEMO_ORGANISATION,
    DEMO_OWNER_EMAIL,
    DEMO_PASSWORD,
    demo_seed,
)
from partnerwijzer.evaluation.models import Evaluator, Score, WeightingMethod
from partnerwijzer.evaluation.ranking.selectors import ranking_for
from partnerwijzer.evaluation.scoring.selectors import ahp_summary
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.sourcing.models import Candidate, Selection

pytestmark = pytest.mark.django_db


def test_demo_selection_shows_every_branch_of_the_selection() -> None:
    result = demo_seed()
    selection = Selection.objects.get(organisation=result.organisation)
    candidates = Candidate.objects.filter(selection=selection)
    assert candidates.count() == 7
    assert set(candidates.values_list("provider_type", flat=True)) == {
        "it_consultancy", "ai_pure_player", "industry_specialist", "ai_startup_ecosystem",
    }
    assert candidates.filter(rejected=True).count() == 1
    evaluators = Evaluator.objects.filter(selection=selection)
    assert evaluators.count() == 3
    assert all(e.submitted for e in evaluators)
    assert Score.objects.filter(evaluator__selection=selection).count() == 3 * 6 * 8
    assert scoring_setup_of(selection).weighting_method == WeightingMethod.AHP
    summary = ahp_summary(selection)
    assert summary is not None
    assert summary.result.cr < 0.10
    ranking = ranking_for(selection=selection, iterations=2000)
    assert ranking.state == "ready"
    assert [e.candidate.name for e in ranking.excluded] == ["Rhein-Ruhr Analytics GmbH"]
    assert len(ranking.candidates) == 5
    assert ranking.disagreements  # the demo shows where evaluators disagree


def test_demo_is_idempotent_and_keeps_changes(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo")
    organisation = Organisation.objects.get(memberships__user__email=DEMO_OWNER_EMAIL)
    Organisation.objects.filter(pk=organisation.pk).update(name="Renamed by the user")
    Candidate.objects.filter(name="Brightloop Collective").delete()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert f"{DEMO_OWNER_EMAIL} / {DEMO_PASSWORD}" in out
    # The second run finds the demo by its owner and changes nothing the user changed.
    mine = Organisation.objects.filter(memberships__user__email=DEMO_OWNER_EMAIL)
    assert list(mine.values_list("name", flat=True)) == ["Renamed by the user"]
    # The adviser organisation and its two created clients are made once (issue 17), and so are
    # the fictional consenting clients behind the hub's market figures.
    assert Organisation.objects.count() == 4 + len(DEMO_MARKET_CLIENTS)
    assert MarketSnapshot.objects.count() == 1
    assert Selection.objects.filter(organisation=organisation).count() == 1
    assert not Candidate.objects.filter(name="Brightloop Collective").exists()


def test_demo_owner_can_log_in() -> None:
    demo_seed()
    membership = Membership.objects.get(user__email=DEMO_OWNER_EMAIL)
    assert membership.role == "owner"
    assert membership.user.check_password(DEMO_PASSWORD)


def test_demo_funnel_follows_the_guide() -> None:
    from partnerwijzer.sourcing.funnel import funnel_check

    result = demo_seed()
    selection = Selection.objects.get(organisation=result.organisation)
    stages = [c.stage for c in Candidate.objects.filter(selection=selection, rejected=False)]
    assert not funnel_check(stages).warnings


def test_demo_plan_has_three_use_cases_at_different_stages() -> None:
    from partnerwijzer.planning.models import CompanyProfile, UseCase
    from partnerwijzer.planning.usecases.selectors import priorities_for, use_case_check

    result = demo_seed()
    profile = CompanyProfile.objects.get(organisation=result.organisation)
    assert (profile.staff_count, profile.region, profile.country, profile.ai_experience, profile.works_council) == (
        120, "Noord-Brabant", "NL", "first_pilot", True,
    )
    use_cases = {u.department: u for u in UseCase.objects.filter(organisation=result.organisation)}
    assert set(use_cases) == {"production_operations", "sales_marketing", "hr"}
    maintenance, quotes, hiring = use_cases["production_operations"], use_cases["sales_marketing"], use_cases["hr"]
    assert maintenance.is_lighthouse
    assert not quotes.is_lighthouse
    assert not hiring.is_lighthouse
    kpi = maintenance.kpis.get(name="Ongeplande stilstand")  # the second KPI is issue 13's
    assert (kpi.baseline_value, kpi.target_value, str(kpi.target_date)) == (42, 29, "2027-12-31")
    assert use_case_check(maintenance).passed
    assert use_case_check(quotes).passed
    assert "technology_not_problem" in use_case_check(hiring).issues
    assert Selection.objects.get(organisation=result.organisation).use_case == maintenance
    ranking = priorities_for(organisation=result.organisation).ranked
    assert [r.use_case for r in ranking] == [maintenance, quotes, hiring]


def test_demo_plan_is_seeded_once_and_keeps_changes() -> None:
    from partnerwijzer.planning.models import UseCase

    result = demo_seed()
    UseCase.objects.filter(organisation=result.organisation, department="hr").delete()
    demo_seed()
    assert UseCase.objects.filter(organisation=result.organisation).count() == 2


def test_demo_checks_show_every_branch() -> None:
    from partnerwijzer.planning.advice.selectors import model_advice
    from partnerwijzer.planning.compliance.selectors import ai_act_result, gdpr_result
    from partnerwijzer.planning.models import ChecklistItem, UseCase
    from partnerwijzer.planning.readiness.selectors import readiness_result

    demo_seed()
    maintenance = UseCase.objects.get(title__startswith="Voorspellend onderhoud")
    quotes = UseCase.objects.get(title__startswith="Offertevoorbereiding")
    hiring = UseCase.objects.get(title__startswith="CV-screening")
    # Three readiness levels: complete and green, halfway (no light yet), complete and red.
    ready, halfway, not_ready = (readiness_result(u) for u in (maintenance, quotes, hiring))
    assert ready is not None
    assert ready.complete
    assert ready.light == "green"
    assert halfway is not None
    assert not halfway.complete
    assert halfway.light is None
    assert not_ready is not None
    assert not_ready.complete
    assert not_ready.light == "red"
    advice = model_advice(maintenance)
    assert advice is not None
    assert advice.recommended == "lighthouse" == maintenance.chosen_model
    # The HR case is high-risk under Annex III with deployer duties, and needs a DPIA.
    ai_act = ai_act_result(hiring)
    assert ai_act is not None
    assert (ai_act.tier, ai_act.role) == ("high_risk", "deployer")
    assert ai_act.duties
    gdpr = gdpr_result(hiring)
    assert gdpr is not None
    assert gdpr.verdict == "required"
    assert ChecklistItem.objects.filter(use_case=hiring, checklist="ai_act").exists()
    maintenance_ai = ai_act_result(maintenance)
    assert maintenance_ai is not None
    assert maintenance_ai.tier == "minimal_risk"


def test_demo_budgets_cover_costs_effort_hidden_costs_and_return() -> None:
    from partnerwijzer.budget import simulation
    from partnerwijzer.budget.models import Budget, HiddenCostStatus
    from partnerwijzer.knowledge.topics import costs

    result = demo_seed()
    budgets = {b.use_case.title: b for b in Budget.objects.filter(use_case__organisation=result.organisation)
               .select_related("use_case")}
    assert len(budgets) == 3
    for budget in budgets.values():
        one_off = budget.cost_lines.filter(kind="one_off")
        assert sorted(one_off.values_list("category", flat=True)) == sorted(costs.CATEGORY_KEYS)
        assert budget.cost_lines.filter(kind="running", category="running").count() == 1
        assert budget.effort_roles.count() == 2
        assert all(r.hours_low < r.hours_high for r in budget.effort_roles.all())
        statuses = set(budget.hidden_costs.values_list("status", flat=True))
        assert statuses == {HiddenCostStatus.PLANNED, HiddenCostStatus.ACKNOWLEDGED, HiddenCostStatus.OPEN}
        assert budget.hidden_costs.filter(status="open").count() == 1
        assert simulation.estimate_for(simulation.inputs_for(budget), samples=2000) is not None
    maintenance = budgets["Voorspellend onderhoud CNC-lijnen"]
    quotes = budgets["Offertevoorbereiding met documentanalyse"]
    hiring = budgets["CV-screening productievacatures"]
    # Benefits come from the use cases' KPIs (downtime hours, hours per quote) x a unit value.
    for budget, method in ((maintenance, "hours"), (quotes, "hours")):
        from_kpi = budget.benefits.get(kpi__isnull=False)
        assert from_kpi.kpi == budget.use_case.kpis.order_by("position").first()  # the first KPI
        assert from_kpi.method == method
        assert from_kpi.unit_value > 0
    assert not hiring.benefits.exists()  # the vague HR case has no return yet
    downtime = maintenance.benefits.get(kpi__isnull=False)
    kpi = maintenance.use_case.kpis.get(name="Ongeplande stilstand")
    assert downtime.likely == (kpi.baseline_value - kpi.target_value) * 12  # 13 hours a month, a year
    # The lighthouse's return pays back within the horizon in most simulations.
    roi = simulation.roi_for(simulation.inputs_for(maintenance), samples=5000)
    assert roi is not None
    assert roi.payback[1] <= maintenance.horizon_months
    assert roi.npv[1] > 0


def test_demo_quotes_and_funding() -> None:
    from partnerwijzer.budget.models import FundingApplication, Quote
    from partnerwijzer.knowledge.topics import funding

    result = demo_seed()
    selection = Selection.objects.get(organisation=result.organisation)
    quotes = Quote.objects.filter(candidate__selection=selection).select_related("candidate")
    assert sorted(q.candidate.name for q in quotes) == [
        "Maakindustrie AI Partners", "Noordlicht Data & AI", "TechnoConsult Benelux",
    ]
    assert all(q.lines.count() == 5 and q.running_per_year > 0 for q in quotes)
    application = FundingApplication.objects.get(budget__use_case__organisation=result.organisation)
    assert (application.programme, application.status, application.expected_amount) == ("nl-mit", "applied", 20_000)
    assert application.budget.use_case.is_lighthouse
    assert funding.load().programme(application.programme).country == "NL"


def test_demo_budget_is_seeded_once_and_keeps_changes() -> None:
    from partnerwijzer.budget.models import BenefitLine, Budget, CostLine, FundingApplication, Quote

    demo_seed()
    models = (Budget, CostLine, BenefitLine, FundingApplication, Quote)
    before = {m.__name__: m.objects.count() for m in models}
    CostLine.objects.filter(category="strategy").update(note="Changed by the user")
    Quote.objects.filter(candidate__name="TechnoConsult Benelux").delete()
    demo_seed()
    after = {m.__name__: m.objects.count() for m in models}
    assert after == {**before, "Quote": before["Quote"] - 1}
    assert set(CostLine.objects.filter(category="strategy").values_list("note", flat=True)) == {"Changed by the user"}
    demo_seed()  # and a third run still changes nothing
    assert {m.__name__: m.objects.count() for m in models} == after


def test_demo_questionnaires_rfi_sent_and_rfp_draft() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from partnerwijzer.audit.models import AuditEvent
    from partnerwijzer.questionnaires.generation import GUIDE_QUESTIONS
    from partnerwijzer.questionnaires.models import Questionnaire

    result = demo_seed()
    selection = Selection.objects.get(organisation=result.organisation)
    rfi = Questionnaire.objects.get(selection=selection, kind="rfi")
    rfp = Questionnaire.objects.get(selection=selection, kind="rfp")
    assert (rfi.status, rfp.status) == ("sent", "draft")
    # Always open for about three weeks from the day the demo is loaded, whenever that is.
    assert timezone.now() + timedelta(days=20) < rfi.deadline < timezone.now() + timedelta(days=22)
    assert rfp.deadline > rfi.deadline
    # Generated by the app: the guide's four questions are in, the RFP asks more than the RFI.
    asked = set(rfi.questions.values_list("reference_key", "reference_index"))
    assert set(GUIDE_QUESTIONS) <= asked
    assert rfp.questions.count() > rfi.questions.count()
    opening = rfi.questions.get(reference_key="company", reference_index=0)
    assert "42 uur ongeplande stilstand" in opening.text  # the owner made it concrete before sending
    actions = set(AuditEvent.objects.filter(organisation=result.organisation).values_list("action", flat=True))
    assert {"questionnaire.create", "questionnaire.send", "question.update"} <= actions


def test_demo_portal_links_in_three_states_without_plaintext_tokens() -> None:
    from partnerwijzer.audit.models import AuditEvent
    from partnerwijzer.portal.models import PortalAnswer, PortalLink
    from partnerwijzer.portal.services import TOKEN_PATTERN

    result = demo_seed()
    links = {link.candidate.name: link for link in PortalLink.objects.filter(
        questionnaire__selection__organisation=result.organisation).select_related("candidate", "questionnaire")}
    assert {name: link.status for name, link in links.items()} == {
        "Maakindustrie AI Partners": "submitted", "Noordlicht Data & AI": "answering",
        "TechnoConsult Benelux": "not_opened", "SensorWerk Industrie 4.0 GmbH": "submitted",
    }
    assert all(link.questionnaire.kind == "rfi" for link in links.values())
    submitted, answering, not_opened = (links[n] for n in (
        "Maakindustrie AI Partners", "Noordlicht Data & AI", "TechnoConsult Benelux"))
    questions = submitted.questionnaire.questions.count()
    assert PortalAnswer.objects.filter(link=submitted).exclude(text="").count() == questions
    assert submitted.receipt_code
    assert 0 < answering.answers.count() < questions
    assert not answering.receipt_code
    assert not not_opened.answers.exists()
    assert not_opened.last_used_at is None
    # Only the hash is stored; nothing that looks like a token is in the audit trail.
    assert all(len(link.token_hash) == 64 for link in links.values())
    for event in AuditEvent.objects.filter(organisation=result.organisation, action__startswith="portal."):
        assert not TOKEN_PATTERN.search(str(event.changes))
    assert AuditEvent.objects.filter(organisation=result.organisation, action="portal.submit").count() == 2


def test_demo_firms_files_are_read_into_passages_with_pages() -> None:
    """Issue 16: the two submitting firms' answers and files (DOCX, PDF, XLSX) are indexed at once."""
    from partnerwijzer.evidence.models import EvidenceSource, Passage

    result = demo_seed()
    sources = {(s.candidate.name, s.name): s for s in EvidenceSource.objects.filter(
        organisation=result.organisation).select_related("candidate")}
    plan = sources[("Maakindustrie AI Partners", "Plan van aanpak Maakindustrie AI Partners.docx")]
    pdf = sources[("Maakindustrie AI Partners", "Referenties Maakindustrie AI Partners.pdf")]
    workbook = sources[("SensorWerk Industrie 4.0 GmbH", "Projectoverzicht SensorWerk.xlsx")]
    assert (plan.pages, pdf.pages, workbook.pages) == (3, 2, 2)
    assert all(s.status == "indexed" for s in sources.values())
    assert Passage.objects.get(source=pdf, text__contains="Machinefabriek in Oss").page == 2
    assert Passage.objects.get(source=plan, text__startswith="Prijs en fasering").page == 3


def test_demo_contract_checklist_for_the_preferred_partner() -> None:
    from partnerwijzer.contract.models import ContractItem, PartnerDecision
    from partnerwijzer.contract.selectors import planned_items, readiness_for

    result = demo_seed()
    selection = Selection.objects.get(organisation=result.organisation)
    decision = PartnerDecision.objects.get(selection=selection)
    assert decision.candidate.name == "Maakindustrie AI Partners"  # the ranking's first
    assert decision.rationale
    assert "Noordlicht" in decision.disagreement_resolution
    items = ContractItem.objects.filter(decision=decision)
    # Every item the guide and the earlier results ask for: the eleven guide items and the KPI.
    assert items.count() == len(planned_items(selection, lang="nl"))
    assert set(items.values_list("source", flat=True)) == {"guide", "kpi"}
    assert set(items.values_list("status", flat=True)) == {"agreed", "open", "missing"}
    assert all(item.wording for item in items.filter(status="agreed"))
    assert items.filter(owner__isnull=False).count() > items.count() // 2
    readiness = readiness_for(selection)
    assert readiness.decided
    assert not readiness.ready


def test_demo_issue7_parts_are_seeded_once_and_keep_changes() -> None:
    from partnerwijzer.audit.models import AuditEvent
    from partnerwijzer.contract.models import ContractItem, PartnerDecision
    from partnerwijzer.portal.models import PortalAnswer, PortalAttempt, PortalLink
    from partnerwijzer.questionnaires.models import Question, Questionnaire

    demo_seed()
    models = (Questionnaire, Question, PortalLink, PortalAnswer, PortalAttempt, PartnerDecision, ContractItem,
              AuditEvent)
    before = {m.__name__: m.objects.count() for m in models}
    demo_seed()
    assert {m.__name__: m.objects.count() for m in models} == before
    # A demo user's own changes survive: a deleted draft and link stay deleted, a status stays set.
    Questionnaire.objects.filter(kind="rfp").delete()
    PortalLink.objects.filter(candidate__name="TechnoConsult Benelux").delete()
    ContractItem.objects.filter(key="risk_split").update(status="agreed", wording="Changed by the user")
    demo_seed()
    assert not Questionnaire.objects.filter(kind="rfp").exists()
    assert PortalLink.objects.count() == before["PortalLink"] - 1
    assert ContractItem.objects.get(key="risk_split").wording == "Changed by the user"


def test_demo_run_after_the_rfi_deadline_adds_no_links_and_does_not_fail() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from partnerwijzer.portal.models import PortalLink
    from partnerwijzer.questionnaires.models import Questionnaire

    demo_seed()
    # A demo loaded weeks ago: the RFI's deadline has passed and the user removed the links.
    PortalLink.objects.all().delete()
    Questionnaire.objects.filter(kind="rfi").update(deadline=timezone.now() - timedelta(days=1))
    demo_seed()
    assert not PortalLink.objects.exists()


def test_demo_has_an_adviser_organisation_with_three_clients() -> None:
    demo_seed()
    adviser = User.objects.get(email=DEMO_ADVISER_EMAIL)
    assert adviser.check_password(DEMO_PASSWORD)
    hub = Organisation.objects.get(kind="hub")
    rows = portfolio_of(hub)
    # Three real demo clients, plus the fictional ones that make the market figures reach five.
    assert len(rows) == 3 + len(DEMO_MARKET_CLIENTS)
    assert DEMO_ORGANISATION in [r.client.name for r in rows]
    assert {m.organisation.name for m in memberships_of(adviser)} >= {hub.name, DEMO_ORGANISATION}


def test_demo_tells_each_owner_once_that_every_evaluator_submitted() -> None:
    """The demo gives every seat before anyone submits, so the owners hear "every evaluator has
    submitted" once per selection, not once per seat (it seeded three such e-mails before)."""
    from partnerwijzer.outbox.models import Message

    demo_seed()
    keys = list(Message.objects.filter(idempotency_key__startswith="evaluation.all_submitted:")
                .values_list("idempotency_key", flat=True))
    selections = {key.split(":")[1] for key in keys}
    owners = Membership.objects.filter(organisation__name=DEMO_ORGANISATION, role="owner").count()
    assert keys
    assert len(keys) == len(selections) * owners, keys


def test_demo_hub_has_a_directory_of_ten_firms_with_verified_references() -> None:
    """Issue 17: the hub's directory (ten clearly fictional firms, references the hub verified) and
    an own-interest declaration its clients see; a second run adds nothing."""
    from partnerwijzer.advisers.models import DirectoryFirm, DirectoryReference, InterestDeclaration
    from partnerwijzer.demo import DEMO_ADVISER_ORGANISATION

    demo_seed()
    demo_seed()
    firms = DirectoryFirm.objects.filter(adviser__name=DEMO_ADVISER_ORGANISATION)
    assert firms.count() == 10
    assert all(name.endswith("(demo)") for name in firms.values_list("name", flat=True))
    assert {"NL", "DE"} <= set(firms.values_list("country", flat=True))
    references = DirectoryReference.objects.filter(firm__in=firms)
    assert references.count() == 7
    assert all(r.verified_by and r.verified_by.email == DEMO_ADVISER_EMAIL for r in references)
    assert InterestDeclaration.objects.filter(adviser__name=DEMO_ADVISER_ORGANISATION).count() == 1


def test_demo_hub_shows_market_figures_for_predictive_maintenance() -> None:
    """Issue 17 item 6: the demo company and the fictional clients consent, so the hub's quotes
    for predictive maintenance reach a group of five and more, and the budget step offers them."""
    from partnerwijzer.advisers.market.selectors import budget_market_ranges
    from partnerwijzer.planning.models import UseCase

    demo_seed()
    snapshot = MarketSnapshot.objects.get()
    assert snapshot.companies == 1 + len(DEMO_MARKET_CLIENTS)
    assert all(f["companies"] >= 5 for f in snapshot.figures)
    use_case = UseCase.objects.get(organisation__memberships__user__email=DEMO_OWNER_EMAIL,
                                 archetype="predictive_maintenance")
    [ranges] = budget_market_ranges(use_case)
    assert ranges.source == "AI-Hub Brabant (demo)"
    assert ranges.companies == 1 + len(DEMO_MARKET_CLIENTS)
    assert {r.category for r in ranges.ranges} >= {"data", "model", "total", "running"}


def test_demo_hub_copied_two_directory_firms_to_a_clients_longlist() -> None:
    """Issue 17 item 5: the longlist of a client the hub created links back to the directory. That
    client's owner has not signed in, so it gives no consent and its copies count in no per-firm
    market figure (docs/market.md); a second run adds nothing."""
    from partnerwijzer.advisers.directory import copy_of_candidate
    from partnerwijzer.advisers.market.selectors import firm_figures
    from partnerwijzer.advisers.models import DirectoryCopy
    from partnerwijzer.demo import DEMO_ADVISER_ORGANISATION, DEMO_CLIENTS, DEMO_COPIED_FIRMS

    demo_seed()
    demo_seed()
    copies = list(DirectoryCopy.objects.filter(adviser__name=DEMO_ADVISER_ORGANISATION)
                  .select_related("candidate__selection__organisation", "firm", "adviser"))
    assert sorted(c.firm.name for c in copies if c.firm) == sorted(DEMO_COPIED_FIRMS)
    assert {c.candidate.selection.organisation.name for c in copies} == {DEMO_CLIENTS[0][0]}
    assert all(copy_of_candidate(c.candidate) == c for c in copies)
    assert all(c.candidate.stage == "longlist" for c in copies)
    assert firm_figures(copies[0].adviser) == []
