"""Issue 5, "Done when": an owner plans an HR CV-screening use case in real Chromium.

Only the organisation (language English) and its owner exist beforehand; everything else happens
through clicks and form fills. The owner fills the company profile, describes the use case with
the vague statement "We need AI for hiring" and a KPI, sees the problem check fail and say what is
missing, rewrites the statement into a measurable one and adds the current state, and sees the
check pass. Then the readiness check, page by page with HTMX saving each answer; the AI Act
screening, one question per page, for a company that buys and uses a CV-screening tool (result:
high risk, deployer duties); the implementation-model advice with its reasons; and the one-page
AI plan. Question texts and option labels are read from the reference data (English), so the
test clicks what a user reads and fails when a label is not tied to its input. Any console error
or uncaught script error (a Content-Security-Policy violation, a failed request) fails the test.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge.topics import ai_act as ai_act_data
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, ChecklistItem, ChecklistStatus, CompanyProfile, GuidedCheck, UseCase
from partnerwijzer.planning.readiness.rules import score_readiness
from partnerwijzer.planning.readiness.selectors import KPI_QUESTIONS
from tests.browser.conftest import screenshot
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

OWNER_EMAIL = "olga@example.com"
TITLE = "CV screening for production jobs"
VAGUE = "We need AI for hiring"
MEASURABLE = "Cut the time to shortlist applicants for production jobs from 12 to 4 hours per vacancy by June 2027"
CURRENT_STATE = (
    "Two HR advisers read every CV by hand; about 60 applicants per production vacancy, "
    "12 hours per vacancy until the shortlist is ready."
)

# A mixed picture, so the result shows more than one colour: a clear problem and a step-by-step
# plan, patchy data and management, and weak conditions in the company itself.
READINESS_ANSWERS: dict[str, str] = {
    "problem_defined": "concrete", "baseline_measured": "measured", "kpi_targets": "measurable",
    "ai_fit": "plausible",
    "data_available": "scattered", "data_quality": "mostly_good", "data_legal": "open_points",
    "data_format": "needs_conversion", "data_supply": "manual",
    "short_cycles": "short_rounds", "user_tests": "from_first_prototype", "adapt_requirements": "planned",
    "progress_reporting": "at_milestones",
    "sponsor": "active", "staff_freed": "some_hours", "budget": "project_only", "priority": "unclear",
    "data_strategy": "none", "champions": "interested", "experiment_culture": "sometimes", "expectations": "high",
}

# A company that buys a CV-screening tool and uses it as it is: deployer, Annex III point 4.
AI_ACT_PATH: list[tuple[str, list[str]]] = [
    ("ai_system", ["yes"]),
    ("scope_exclusions", ["none"]),
    ("role", ["buy_use"]),
    ("role_changes", ["none"]),
    ("prohibited", ["none"]),
    ("annex_i", ["no"]),
    ("annex_iii", ["employment"]),
    ("exception_6_3", ["none"]),
    ("public_service", ["no"]),
    ("transparency", ["none"]),
    ("gpai", ["no"]),
]
DEPLOYER_DUTIES = {"deployer_human_oversight", "deployer_keep_logs", "deployer_inform_workers",
                   "deployer_use_per_instructions", "deployer_inform_affected"}

# The advice questions the readiness check does not already answer ("champions" comes from it).
ADVICE_ANSWERS: dict[str, str] = {
    "coordination": "part_time", "build_competence": "important", "speed": "normal",
    "problem_bounded": "specific", "convince": "somewhat",
}

LIGHT_WORDS = {
    "green": "Green: a good basis",
    "amber": "Amber: work on this before you start",
    "red": "Red: a serious risk for the project",
}


def _owner() -> User:
    organisation = Organisation.objects.create(name="Van Dijk Machinebouw", language="en")
    owner = User.objects.create_user(email=OWNER_EMAIL, password=PASSWORD, full_name="Olga Owner")
    Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    return owner


def _journey(page: Page, step: str) -> None:
    link = page.get_by_role("navigation", name="Journey").get_by_role("link", name=step)
    target = urljoin(page.url, link.get_attribute("href") or "")
    link.click()
    # Arrived: the next locator must read the new page. From the AI Act result, "Model" then the
    # use case's title raced: the old page links that title too (its breadcrumb).
    expect(page).to_have_url(target)


def _issues(page: Page) -> list[str]:
    return page.locator("#problem-check li[data-issue]").evaluate_all("els => els.map(e => e.dataset.issue)")


def log_in(page: Page, base: str) -> None:
    # The browser speaks Dutch, so the login page does; after login the organisation's language wins.
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(OWNER_EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your way to the right AI partner")


def fill_profile(page: Page) -> None:
    _journey(page, "Plan")
    page.locator("nav.plan-nav").get_by_role("link", name="Company profile").click()
    page.get_by_role("link", name="Fill in the profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit company profile")
    page.get_by_label("Industry (NACE section)", exact=True).select_option("C")
    page.get_by_label("Industry in your words", exact=True).fill("Machine building for the food industry")
    page.get_by_role("group", name="Country").get_by_label("Netherlands").check()
    page.get_by_label("Province or state").fill("Gelderland")
    page.get_by_label("Number of staff").fill("140")
    page.get_by_label("Annual revenue").select_option(label="€ 10–50 million")
    page.get_by_role("group", name="Experience with AI").get_by_label("A first pilot").check()
    page.get_by_role("group", name="Internal IT capacity").get_by_label("One or two people, part-time").check()
    page.get_by_role("group", name="Internal data capacity").get_by_label("None", exact=True).check()
    page.get_by_label("Executive sponsor").fill("Henk van Dijk (managing director)")
    page.get_by_label("Data-protection officer").fill("external: Privacy Partners B.V.")
    page.get_by_label("Works council present").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".messages")).to_contain_text("Company profile saved.")
    expect(page.locator("#profile")).to_contain_text("Gelderland")


def describe_use_case(page: Page) -> str:
    page.locator("nav.plan-nav").get_by_role("link", name="Use cases").click()
    page.get_by_role("link", name="Describe your first use case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Describe a use case")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Department").select_option(label="Human resources (HR)")
    page.get_by_label("Type of AI application").select_option(label="Document analysis and extraction")
    page.get_by_label("Problem statement").fill(VAGUE)
    page.get_by_role("button", name="Save use case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    use_case_id = re.search(r"/use-cases/([0-9a-f-]{36})/", page.url).group(1)  # type: ignore[union-attr]

    # No KPI and no current state yet: the check lists all five gaps.
    check = page.locator("#problem-check")
    expect(check).to_have_attribute("data-passed", "false")
    assert _issues(page) == ["technology_not_problem", "no_current_state", "no_baseline_value",
                             "no_measurable_target", "no_target_date"]

    # The KPI, inline on the use case's page (the form is open while there is none).
    kpi_form = page.locator("#kpis form")
    kpi_form.get_by_label("What you measure").fill("Time to shortlist")
    kpi_form.get_by_label("Unit", exact=True).fill("hours per vacancy")
    kpi_form.get_by_role("group", name="Which way is better?").get_by_label("Lower is better").check()
    kpi_form.get_by_label("Baseline value (today)").fill("12")
    kpi_form.get_by_label("How the baseline was measured").fill("ATS timestamps of the last 20 vacancies")
    kpi_form.get_by_label("When the baseline was measured").fill("2026-09-30")
    kpi_form.get_by_label("Target value").fill("4")
    kpi_form.get_by_label("Target date").fill("2027-06-30")
    kpi_form.get_by_label("How it will be measured").fill("The same ATS timestamps, per vacancy")
    kpi_form.get_by_role("button", name="Save KPI").click()
    expect(page.locator(".messages")).to_contain_text("KPI added.")
    kpi = page.locator("#kpis li.kpi")
    expect(kpi).to_have_count(1)
    expect(kpi.locator("[data-baseline]")).to_contain_text("12")
    expect(kpi.locator("[data-target]")).to_contain_text("4")

    # Still failing: the statement names a technology, not an outcome, and today is undescribed.
    expect(check).to_have_attribute("data-passed", "false")
    expect(check.get_by_role("heading", level=2)).to_contain_text("Problem check: 2 things to fix")
    assert _issues(page) == ["technology_not_problem", "no_current_state"]
    expect(check).to_contain_text("The statement names a technology, not a business problem.")
    expect(check).to_contain_text("“We need AI” is not a problem")
    expect(check).to_contain_text("The current state is not described.")
    screenshot(page, "plan-check-fail")

    # A measurable statement and today's state: the check passes.
    page.locator(".usecase-head__actions").get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit use case")
    expect(page.get_by_label("Problem statement")).to_have_value(VAGUE)
    page.get_by_label("Problem statement").fill(MEASURABLE)
    page.get_by_label("Current state (baseline)").fill(CURRENT_STATE)
    page.get_by_role("button", name="Save use case").click()
    expect(page.locator(".messages")).to_contain_text("Use case saved.")
    expect(check).to_have_attribute("data-passed", "true")
    expect(check.get_by_role("heading", level=2)).to_contain_text("Problem check passed")
    expect(page.locator("#statement")).to_have_text(MEASURABLE)
    expect(page.locator("#current-state")).to_have_text(CURRENT_STATE)
    screenshot(page, "plan-check-pass")
    return use_case_id


def answer_readiness(page: Page) -> None:
    data = readiness_data.load()
    _journey(page, "Readiness")
    expect(page.get_by_role("heading", level=1)).to_have_text("Readiness check")
    page.locator("#use-cases").get_by_role("link", name=TITLE).click()
    expect(page.locator("#answered")).to_have_text(f"0 of {len(READINESS_ANSWERS)} questions answered")
    page.get_by_role("link", name="Start the check").click()

    for number, factor in enumerate(data.items, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(factor.name.get("en"))
        expect(page.locator("#progress")).to_have_text(f"Step {number} of {len(data.items)}")
        expect(page.locator("progress.rd-progress__bar")).to_have_attribute("value", str(number))
        for question in factor.questions:
            group = page.get_by_role("group", name=question.text.get("en"))
            option = question.option(READINESS_ANSWERS[question.key])
            assert option is not None
            if question.key in KPI_QUESTIONS:
                # Not asked again: the KPI set above holds the baseline and a dated target.
                choice = group.get_by_label(option.label.get("en"), exact=True)
                expect(choice).to_be_checked()
                expect(choice).to_be_disabled()
                expect(group).to_contain_text("Taken from the KPIs of this use case")
                continue
            group.get_by_label(option.label.get("en"), exact=True).check()
            # Saved as you go: HTMX posts the answer and shows the status next to the question.
            expect(page.locator(f"#status-{question.key}")).to_have_text("Saved")
        if number == 1:
            # Leave halfway: nothing is lost, the overview picks up where the owner stopped.
            page.locator(".page-head .eyebrow").get_by_role("link", name="Readiness check").click()
            expect(page.locator(f"#factor-{factor.key}")).to_have_attribute("data-status", "done")
            expect(page.locator("#answered")).to_contain_text(f"{len(factor.questions)} of ")
            page.get_by_role("link", name="Continue where you left off").click()
            continue
        last = number == len(data.items)
        page.get_by_role("button", name="Save and check your answers" if last else "Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator("#incomplete")).to_have_count(0)
    rows = page.locator(".rd-summary__row")
    expect(rows).to_have_count(len(READINESS_ANSWERS))
    for key, answer in READINESS_ANSWERS.items():
        expect(page.locator(f'.rd-summary__row[data-question="{key}"]')).to_have_attribute("data-answer", answer)
    page.get_by_role("link", name="See the result").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Readiness result")
    expected = score_readiness(data, READINESS_ANSWERS)
    assert expected.complete
    overall = page.locator("#overall")
    expect(overall).to_have_attribute("data-score", str(expected.score))
    expect(overall).to_contain_text(LIGHT_WORDS[str(expected.light)])
    lights = set()
    for scored in expected.factors:
        section = page.locator(f"#result-{scored.key}")
        expect(section.locator(".rd-factor__score .rd-score")).to_have_text(f"{scored.score} / 100")
        # The traffic light always comes with words, never colour alone.
        expect(section.locator(".rd-factor__score .rd-light")).to_have_text(LIGHT_WORDS[str(scored.light)])
        lights.add(str(scored.light))
    assert lights == {"green", "amber", "red"}, lights  # the answers above show every colour
    expect(page.locator("#risk-count")).to_have_attribute("data-risks", str(len(expected.risks)))
    expect(page.locator("#result-prerequisites .rd-risk").first).to_contain_text("What to do:")
    screenshot(page, "readiness-result")


def screen_ai_act(page: Page) -> None:
    tree = ai_act_data.load()
    # The use case's page has no link to the screenings; the one-page AI plan does.
    page.locator(".page-head .eyebrow").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="AI plan (one page)").click()
    page.locator('[data-check="ai_act"]').get_by_role("link", name="Start the check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI Act check")
    page.get_by_role("link", name="Start now").click()

    for number, (key, choices) in enumerate(AI_ACT_PATH, start=1):
        node = tree.node(key)
        expect(page.locator(".cmp-question")).to_have_attribute("data-node", key)
        expect(page.get_by_role("heading", level=1)).to_have_text(node.question.get("en"))
        expect(page.locator(".cmp-progress")).to_contain_text(f"Question {number}")
        group = page.get_by_role("group", name=node.question.get("en"))
        for choice in choices:
            group.get_by_label(node.option(choice).label.get("en"), exact=True).check()
        page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator("#incomplete")).to_have_count(0)
    expect(page.locator("#answers .cmp-summary__row")).to_have_count(len(AI_ACT_PATH))
    expect(page.locator('.cmp-summary__row[data-node="annex_iii"]')).to_contain_text("Employment: recruitment")
    page.get_by_role("link", name="See the result").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Result")
    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-tier", "high_risk")
    expect(verdict).to_have_attribute("data-role", "deployer")
    expect(page.locator("#verdict-title")).to_have_text("High risk")
    expect(page.locator("#role")).to_have_text("Deployer")
    expect(page.locator("#reasons")).to_contain_text("Annex III, point 4 (employment and workers management)")
    duties = page.locator("#duties li.cmp-duty")
    keys = set(duties.evaluate_all("els => els.map(e => e.dataset.duty)"))
    assert keys >= DEPLOYER_DUTIES, keys
    assert not {k for k in keys if k.startswith("provider_")}, keys  # a deployer has no provider duties
    for title in ("Assign competent people to human oversight", "Keep the logs for at least six months",
                  "Inform workers and their representatives beforehand"):
        expect(duties.filter(has=page.get_by_role("heading", level=3, name=title))).to_have_count(1)
    expect(duties.first.locator(".cmp-item")).to_have_attribute("data-status", "open")
    screenshot(page, "ai-act-result")


def get_model_advice(page: Page) -> str:
    data = advice_data.load()
    _journey(page, "Model")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Implementation model")
    # "champions" was answered in the readiness check; the page shows that answer, marked as such.
    expect(page.locator('[data-borrowed="champions"]')).to_be_visible()
    expect(page.locator("#advice-open")).to_contain_text(f"Answer the {len(ADVICE_ANSWERS)} open questions")
    for open_left, (key, choice) in enumerate(ADVICE_ANSWERS.items(), start=1):
        question = data.question(key)
        assert question is not None
        option = question.option(choice)
        assert option is not None
        page.get_by_role("group", name=question.text.get("en")).get_by_label(option.label.get("en"), exact=True).check()
        # HTMX saves the answer and swaps in the updated advice; wait for it before the next one.
        left = len(ADVICE_ANSWERS) - open_left
        if left > 1:
            expect(page.locator("#advice-open")).to_contain_text(f"Answer the {left} open questions")
        elif left == 1:
            expect(page.locator("#advice-open")).to_contain_text("Answer the last open question")
    result = page.locator("#advice-result")
    expect(result.get_by_role("status")).to_have_text("Saved. The advice below is up to date.")
    recommended = page.locator("#recommended")
    expect(recommended).to_contain_text("We recommend:")
    model = recommended.get_attribute("data-model") or ""
    assert model in {"generalist", "specialist_network", "hybrid", "lighthouse"}, model
    reasons = page.locator("#reasons li")
    assert reasons.count() >= 1
    expect(reasons.first).not_to_be_empty()
    expect(page.locator("#scores tbody tr")).to_have_count(4)
    expect(page.locator(f"#model-{model}")).to_contain_text("Our advice")

    # The company records its choice: the advice, with a reason.
    choose = page.locator("#choose-form")
    model_name = page.locator(f"#model-{model} h3").inner_text()
    choose.get_by_role("group", name="Implementation model you choose").get_by_label(model_name, exact=True).check()
    choose.get_by_label("Why this model").fill("Fits our first AI project: HR learns alongside the experts.")
    choose.get_by_role("button", name="Save my choice").click()
    expect(page.locator(".messages")).to_contain_text("Your choice of implementation model is saved.")
    expect(page.locator("#chosen")).to_have_attribute("data-model", model)
    page.locator("#advice-result").scroll_into_view_if_needed()
    screenshot(page, "model-advice")
    return model


def test_owner_plans_an_hr_cv_screening_use_case(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    owner = _owner()
    script_errors: list[str] = []
    page.on("pageerror", lambda exc: script_errors.append(f"{page.url}: {exc}"))
    base = live_server.url

    log_in(page, base)
    fill_profile(page)
    use_case_id = describe_use_case(page)
    answer_readiness(page)
    screen_ai_act(page)
    model = get_model_advice(page)

    # The one-page AI plan brings it together.
    page.locator(".page-head .eyebrow").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="AI plan (one page)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    summary = page.locator("#plan-summary")
    expect(summary.locator(".plan-summary__check")).to_have_attribute("data-passed", "true")
    expect(summary).to_contain_text(MEASURABLE)
    expect(summary.locator("table")).to_contain_text("Time to shortlist")
    expect(summary.locator('[data-check="readiness"]')).to_contain_text(re.compile(r"(Green|Amber|Red): "))
    expect(summary.locator('[data-check="model"]')).to_contain_text("Chosen: ")
    expect(summary.locator('[data-check="ai_act"]')).to_contain_text("High risk")
    expect(summary.locator('[data-check="ai_act"]')).to_contain_text("Deployer")
    expect(summary.locator('[data-check="gdpr"] [data-not-done]')).to_be_visible()
    screenshot(page, "plan-summary")
    assert not script_errors, script_errors

    # What the clicks stored.
    use_case = UseCase.objects.get(pk=use_case_id)
    assert use_case.organisation.memberships.get().user == owner
    assert (use_case.title, use_case.department, use_case.archetype) == (TITLE, "hr", "document_analysis")
    assert use_case.problem_statement == MEASURABLE
    assert use_case.chosen_model == model
    kpi = use_case.kpis.get()
    assert (kpi.name, kpi.direction) == ("Time to shortlist", "lower")
    assert (kpi.baseline_value, kpi.target_value) == (Decimal(12), Decimal(4))
    assert (kpi.baseline_date, kpi.target_date) == (date(2026, 9, 30), date(2027, 6, 30))
    profile = CompanyProfile.objects.get(organisation=use_case.organisation)
    assert (profile.staff_count, profile.ai_experience, profile.works_council) == (140, "first_pilot", True)

    answers = Answer.objects.filter(use_case=use_case)
    readiness = dict(answers.filter(questionnaire=GuidedCheck.READINESS).values_list("question_key", "value"))
    # What the KPIs answer is not stored as an answer: the KPIs stay the one source.
    assert readiness == {k: v for k, v in READINESS_ANSWERS.items() if k not in KPI_QUESTIONS}
    ai_act = dict(answers.filter(questionnaire=GuidedCheck.AI_ACT).values_list("question_key", "value"))
    expected_ai_act = {key: choices if key == "transparency" else choices[0] for key, choices in AI_ACT_PATH}
    assert ai_act == expected_ai_act
    advice = dict(answers.filter(questionnaire=GuidedCheck.MODEL_ADVICE).values_list("question_key", "value"))
    assert advice == ADVICE_ANSWERS
    assert all(a.answered_by_id == owner.pk for a in answers)

    items = ChecklistItem.objects.filter(use_case=use_case, checklist=GuidedCheck.AI_ACT)
    assert set(items.values_list("key", flat=True)) >= DEPLOYER_DUTIES
    assert not items.filter(key__startswith="provider_").exists()
    assert set(items.values_list("status", flat=True)) == {ChecklistStatus.OPEN}
