"""Issue 11, "Done when": the whole journey by clicking, once in Dutch and once in German.

A brand-new user opens the start page, creates an account for their 60-person installation
company and takes one use case (a customer-service chatbot) from the problem statement to the
downloaded decision report. Three people, three browser contexts:

* the owner signs up, describes the use case and its KPI, answers the readiness check and the
  model advice, starts a selection with two firms, sends an RFI and makes a portal link, invites
  a colleague, seats them with a date to score by, scores too, chooses the partner and downloads
  the decision report;
* the colleague accepts the invitation from the e-mail the product sends (Django's outbox),
  reads on the dashboard what to score by when, scores and submits;
* a firm answers through the portal link the owner copies from the page.

Nothing exists before the browser starts. Navigation is by clicking only: ``page.goto`` opens the
start page, the portal link and the invitation link the product shows or mails. Every expected
text comes from the translation catalogue in the user's language, and ``_t`` fails when a
string is not translated, so an English fallback cannot pass. Every read after a click waits
through Playwright's ``expect`` for the new page first. The document worker is Django's
immediate task backend here (``make run`` starts a real worker): the report is ready when the
page after "generate" arrives.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from partnerwijzer import formatting
from partnerwijzer.evaluation.models import Evaluator, Score
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.outbox import delivery
from partnerwijzer.planning.models import CompanyProfile, Kpi
from partnerwijzer.planning.readiness.selectors import KPI_QUESTIONS
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

PASSWORD = "Zonnebloem-Kastanje-47"
# Words that Dutch or German business language takes over from English unchanged.
SAME_AS_ENGLISH = {"nl": {"Use case", "Scores", "Ranking", "Consensus"}, "de": {"Ranking"}}


@dataclass(frozen=True)
class Story:
    """One company's walk: who, what, and the texts they type (in their language)."""

    lang: str
    locale: str
    company: str
    owner_name: str
    owner_email: str
    colleague_name: str
    colleague_email: str
    use_case: str
    problem: str
    current_state: str
    kpi: str
    unit: str
    selection: str
    firms: tuple[str, str]
    rationale: str


STORIES = {
    "nl": Story(
        lang="nl", locale="nl-NL", company="Van Beek Installatietechniek B.V.", owner_name="Sanne van Beek",
        owner_email="sanne@vanbeek-installatie.example", colleague_name="Ruud Jansen",
        colleague_email="ruud@vanbeek-installatie.example", use_case="Klantenservice-chatbot",
        problem="Onze klantenservice krijgt 400 vragen per week; de helft gaat over levertijden en storingen. "
                "We willen de reactietijd terugbrengen van 48 naar 4 uur vóór eind september 2027.",
        current_state="Drie medewerkers beantwoorden alles per e-mail; de gemiddelde reactietijd is twee werkdagen.",
        kpi="Reactietijd", unit="uur", selection="Partner voor de klantenservice-chatbot",
        firms=("Brabant AI Lab", "Chatwerk Eindhoven"),
        rationale="Brabant AI Lab kent onze branche en gaf de duidelijkste aanpak voor de nulmeting.",
    ),
    "de": Story(
        lang="de", locale="de-DE", company="Huber Haustechnik GmbH", owner_name="Anna Huber",
        owner_email="anna@huber-haustechnik.example", colleague_name="Jonas Weber",
        colleague_email="jonas@huber-haustechnik.example", use_case="Kundenservice-Chatbot",
        problem="Unser Kundenservice erhält 400 Anfragen pro Woche; die Hälfte betrifft Liefertermine und "
                "Störungen. Wir wollen die Antwortzeit bis Ende September 2027 von 48 auf 4 Stunden senken.",
        current_state="Drei Mitarbeitende beantworten alles per E-Mail; die Antwortzeit liegt bei zwei Werktagen.",
        kpi="Antwortzeit", unit="Stunden", selection="Partner für den Kundenservice-Chatbot",
        firms=("Bayern KI Werkstatt", "Chatwerk München"),
        rationale="Bayern KI Werkstatt kennt unsere Branche und hatte den klarsten Plan für die Nullmessung.",
    ),
}
BASELINE_DATE = "2026-09-30"
TARGET_DATE = "2027-09-30"
# Readiness answers: a clear problem and plan, thin data and capacity (the KPI questions are
# answered by the KPI itself and not asked again).
READINESS = {
    "problem_defined": "concrete", "baseline_measured": "measured", "kpi_targets": "measurable",
    "ai_fit": "plausible",
    "data_available": "scattered", "data_quality": "mostly_good", "data_legal": "open_points",
    "data_format": "needs_conversion", "data_supply": "manual",
    "short_cycles": "short_rounds", "user_tests": "from_first_prototype", "adapt_requirements": "planned",
    "progress_reporting": "at_milestones",
    "sponsor": "active", "staff_freed": "some_hours", "budget": "project_only", "priority": "unclear",
    "data_strategy": "none", "champions": "interested", "experiment_culture": "sometimes", "expectations": "high",
}
ADVICE = {"coordination": "part_time", "build_competence": "important", "speed": "normal",
          "problem_bounded": "specific", "convince": "somewhat"}
# Scores per firm, one per criterion in page order; the first firm wins for both people.
OWNER_SCORES = {0: [5, 4, 4, 4, 4, 5, 4, 3], 1: [3, 3, 3, 2, 4, 3, 3, 4]}
COLLEAGUE_SCORES = {0: [4, 4, 5, 4, 3, 4, 4, 3], 1: [3, 2, 3, 3, 3, 3, 2, 4]}


def _t(lang: str, msgid: str, **values: Any) -> str:
    """``msgid`` as the user reads it; fails if the catalogue has no translation for it."""
    with translation.override(lang):
        text = gettext(msgid)
    if msgid not in SAME_AS_ENGLISH[lang]:
        assert text != msgid, f"not translated into {lang}: {msgid!r}"
    return text % values if values else text


def _model_label(lang: str, model: Any, field: str) -> str:
    """A model form's label: the field's verbose name, capitalised as Django shows it."""
    with translation.override(lang):
        text = str(model._meta.get_field(field).verbose_name)
    return text[:1].upper() + text[1:]


def _long_date(lang: str, value: date) -> str:
    return formatting.long_date(value, language=lang)


def _context(browser: Browser, story: Story, errors: list[str], who: str) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=story.locale,
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    def console(page: Page, message: Any) -> None:
        # The ranking, before one's own scores are in, is a normal page that says why and what to
        # do (blind scoring), not an error: no console error is allowed, there either.
        if message.type == "error":
            errors.append(f"{who} {page.url}: {message.text}")

    context.on("page", lambda p: p.on("console", lambda m: console(p, m)))
    return context


def _shot(page: Page, story: Story, step: str) -> None:
    screenshot(page, f"journey-{story.lang}-{step}")


def _h1(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _dashboard(page: Page, t: Any) -> None:
    page.locator("a.brand").click()  # the logo leads to the overview
    _h1(page, t("Your way to the right AI partner"))


STEPS = ("Plan", "Readiness", "Model", "Budget", "Selection", "Contract", "Results")


def _journey_nav(page: Page, step: str) -> None:
    """A step in the numbered journey bar at the top ("1 Plan", "5 Selectie"...)."""
    page.locator("nav.journey-nav a").filter(has=page.locator(".journey-nav__num", has_text=str(
        STEPS.index(step) + 1))).click()


def _continue(page: Page, t: Any) -> None:
    """The dashboard's "next step" button: the task list leads the way."""
    _dashboard(page, t)
    page.locator("#next-step-continue").click()


# --- Owner: sign-up and plan ------------------------------------------------------------------------


def owner_signs_up(page: Page, base: str, s: Story, t: Any) -> None:
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", s.lang)
    page.get_by_role("link", name=t("Create an account for your company")).click()
    page.get_by_label(t("Your name")).fill(s.owner_name)
    page.get_by_label(t("Work e-mail address")).fill(s.owner_email)
    page.get_by_label(t("Company name")).fill(s.company)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password again")).fill(PASSWORD)
    page.get_by_role("button", name=t("Create account")).click()
    _h1(page, t("Your way to the right AI partner"))
    _message(page, t("Welcome! Your organisation has been created."))
    expect(page.locator("#next-step-continue")).to_have_text(t("Describe your first use case"))
    _shot(page, s, "01-dashboard")


def owner_describes_the_use_case(page: Page, s: Story, t: Any) -> None:
    page.locator("#next-step-continue").click()
    _h1(page, t("Describe a use case"))
    page.get_by_label(t("Title"), exact=True).fill(s.use_case)
    page.get_by_label(t("Department")).select_option("sales_marketing")
    page.get_by_label(t("Type of AI application")).select_option("customer_service")
    page.get_by_label(t("Problem statement")).fill(s.problem)
    page.get_by_label(t("Current state (baseline)")).fill(s.current_state)
    page.get_by_role("button", name=t("Save use case")).click()
    _h1(page, s.use_case)

    kpi_form = page.locator("#kpis form")
    kpi_form.get_by_label(t("What you measure")).fill(s.kpi)
    kpi_form.get_by_label(t("Unit"), exact=True).fill(s.unit)
    kpi_form.get_by_role("group", name=t("Which way is better?")).locator("input[value=lower]").check()
    kpi_form.get_by_label(t("Baseline value (today)")).fill("48")
    kpi_form.get_by_label(t("When the baseline was measured")).fill(BASELINE_DATE)
    kpi_form.get_by_label(t("Target value")).fill("4")
    kpi_form.get_by_label(t("Target date")).fill(TARGET_DATE)
    kpi_form.get_by_role("button", name=t("Save KPI")).click()
    _message(page, t("KPI added."))
    kpi = page.locator("#kpis li.kpi")
    expect(kpi).to_have_count(1)
    expect(kpi).to_contain_text(_long_date(s.lang, date.fromisoformat(TARGET_DATE)))
    expect(page.locator("#problem-check")).to_have_attribute("data-passed", "true")

    # The dates typed survive: the edit form shows them again as ISO values (finding 4).
    kpi.get_by_role("link", name=re.compile(t("Edit"))).click()
    expect(page.get_by_label(t("When the baseline was measured"))).to_have_value(BASELINE_DATE)
    expect(page.get_by_label(t("Target date"))).to_have_value(TARGET_DATE)
    page.get_by_role("button", name=t("Save KPI")).click()
    _h1(page, s.use_case)
    _shot(page, s, "02-use-case")


def owner_fills_the_profile(page: Page, s: Story, t: Any) -> None:
    _journey_nav(page, "Plan")
    page.locator("nav.plan-nav").get_by_role("link", name=t("Company profile")).click()
    page.get_by_role("link", name=t("Fill in the profile")).click()
    _h1(page, t("Edit company profile"))
    page.get_by_label(t("Industry (NACE section)"), exact=True).select_option("F")
    page.get_by_label(_model_label(s.lang, CompanyProfile, "industry"), exact=True).fill("Installatie / Haustechnik")
    page.locator(f"input[name=country][value={s.lang.upper() if s.lang == 'de' else 'NL'}]").check()
    page.get_by_label(_model_label(s.lang, CompanyProfile, "region")).fill(
        "Noord-Brabant" if s.lang == "nl" else "Bayern")
    page.get_by_label(_model_label(s.lang, CompanyProfile, "staff_count")).fill("60")
    page.get_by_role("button", name=t("Save profile")).click()
    _message(page, t("Company profile saved."))


def owner_checks_readiness(page: Page, s: Story, t: Any) -> None:
    data = readiness_data.load()
    _continue(page, t)
    page.get_by_role("link", name=t("Start the check")).click()
    for number, factor in enumerate(data.items, start=1):
        _h1(page, factor.name.get(s.lang))
        for question in factor.questions:
            if question.key in KPI_QUESTIONS:
                continue  # answered by the KPI, not asked again
            group = page.get_by_role("group", name=question.text.get(s.lang))
            option = question.option(READINESS[question.key])
            assert option is not None
            group.get_by_label(option.label.get(s.lang), exact=True).check()
            expect(page.locator(f"#status-{question.key}")).to_have_text(t("Saved"))
        last = number == len(data.items)
        page.get_by_role("button", name=t("Save and check your answers") if last else t("Save and continue")).click()
    _h1(page, t("Check your answers"))
    page.get_by_role("link", name=t("See the result")).click()
    _h1(page, t("Readiness result"))
    expect(page.locator("#overall")).to_have_attribute("data-score", re.compile(r"^\d+$"))
    _shot(page, s, "03-readiness")


def owner_gets_model_advice(page: Page, s: Story, t: Any) -> None:
    data = advice_data.load()
    _continue(page, t)
    _h1(page, t("Implementation model"))
    for answered, (key, choice) in enumerate(ADVICE.items(), start=1):
        question = data.question(key)
        assert question is not None
        option = question.option(choice)
        assert option is not None
        page.get_by_role("group", name=question.text.get(s.lang)).get_by_label(
            option.label.get(s.lang), exact=True).check()
        # HTMX saves and swaps in the advice; wait for this answer's version before the next one.
        left = len(ADVICE) - answered
        if left:
            with translation.override(s.lang):
                still_open = ngettext(
                    "Answer the last open question and we show which model suits you, and why.",
                    "Answer the %(n)s open questions and we show which model suits you, and why.", left) % {"n": left}
            expect(page.locator("#advice-open")).to_have_text(still_open)
    expect(page.locator("#advice-result").get_by_role("status")).to_have_text(
        t("Saved. The advice below is up to date."))
    expect(page.locator("#recommended")).to_be_visible()
    model = page.locator("#recommended").get_attribute("data-model")
    choose = page.locator("#choose-form")
    choose.locator(f"input[value={model}]").check()
    choose.get_by_label(t("Why this model")).fill(s.rationale)
    choose.get_by_role("button", name=t("Save my choice")).click()
    _message(page, t("Your choice of implementation model is saved."))
    expect(page.locator("#chosen")).to_have_attribute("data-model", model or "")
    _shot(page, s, "04-model")


# --- Owner: selection, RFI, portal link ---------------------------------------------------------------


def _card(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("#board li.card-candidate").filter(has=page.get_by_role("link", name=name, exact=True))


def _move_on(page: Page, name: str, to_stage: str, t: Any) -> None:
    _card(page, name).get_by_role("button", name=re.compile("^" + re.escape(t("Move on")))).click()
    expect(page.locator(f'#board section[data-stage="{to_stage}"] li.card-candidate').filter(has_text=name)
           ).to_be_visible()


def owner_starts_the_selection(page: Page, s: Story, t: Any) -> None:
    _dashboard(page, t)
    page.locator("#step-selection .task-list__continue").click()
    page.get_by_label(t("Title"), exact=True).fill(s.selection)
    page.get_by_label(t("Use case")).select_option(label=s.use_case)
    page.get_by_role("button", name=t("Start selection")).click()
    _h1(page, s.selection)
    page.get_by_role("link", name=t("Add a candidate")).first.click()
    for i, firm in enumerate(s.firms):
        _h1(page, t("Add a candidate"))
        page.get_by_label(t("Name of the firm")).fill(firm)
        page.get_by_label(t("City")).fill("Eindhoven" if s.lang == "nl" else "München")
        page.get_by_label(t("Country")).fill(s.lang.upper() if s.lang == "de" else "NL")
        last = i == len(s.firms) - 1
        page.get_by_role("button", name=t("Add to longlist") if last else t("Add and enter another")).click()
        _message(page, t("%(name)s is on the longlist.", name=firm))
    expect(page.locator('#board section[data-stage="longlist"] li.card-candidate')).to_have_count(2)
    # Both firms go on to the RFI; the first, later, on to talks and the request for proposal.
    for firm in s.firms:
        _move_on(page, firm, "shortlist", t)
        _move_on(page, firm, "rfi", t)
    _shot(page, s, "05-selection")


def owner_sends_the_rfi(page: Page, s: Story, t: Any) -> str:
    """Creates the RFI with a deadline, marks it sent, makes the first firm's link; returns it."""
    page.locator("nav.subnav").get_by_role("link", name=t("Questionnaires")).click()
    page.get_by_role("link", name=t("New RFI")).click()
    deadline = (timezone.localdate() + timedelta(days=21)).isoformat()
    page.get_by_label(t("Title"), exact=True).fill(f"RFI {s.use_case}")
    page.get_by_label(t("Deadline for answers")).fill(deadline)
    page.get_by_role("button", name=t("Create with questions")).click()
    _h1(page, f"RFI {s.use_case}")
    page.get_by_role("link", name=t("Mark as sent")).click()
    page.get_by_role("button", name=t("Yes, mark as sent")).click()
    expect(page.locator("#status")).to_have_attribute("data-status", "sent")
    # Editing a sent questionnaire keeps its deadline (finding 4: it was lost in nl and de).
    page.get_by_role("link", name=t("Edit settings")).click()
    expect(page.get_by_label(t("Deadline for answers"))).to_have_value(deadline)
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator("#status")).to_have_attribute("data-status", "sent")
    page.locator("#portal-links").click()
    page.get_by_label(t("Candidate")).select_option(label=s.firms[0])
    page.get_by_role("button", name=t("Make the link")).click()
    field = page.locator("#created-url")
    expect(field).to_have_value(re.compile(r"^https?://\S+/portal/[A-Za-z0-9_-]{20,}/$"))
    _shot(page, s, "06-portal-link")
    return field.input_value()


# --- The firm ---------------------------------------------------------------------------------------


def firm_answers(page: Page, url: str, s: Story, t: Any) -> None:
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", s.lang)
    expect(page.locator("[data-candidate]")).to_have_text(s.firms[0])
    # The firm reads the project: problem, baseline and KPI (finding 2), not the revenue.
    project = page.locator("#company")
    expect(project.locator("#problem")).to_contain_text(s.problem[:40])
    expect(project.locator("#baseline")).to_contain_text(s.current_state[:40])
    expect(project.locator("#kpis")).to_contain_text(s.kpi)
    answers = page.locator("textarea[id^=answer-]")
    expect(answers.first).to_be_visible()
    for i in range(min(3, answers.count())):
        box = answers.nth(i)
        box.fill(f"{s.firms[0]}: {i + 1}. " + s.rationale)
        qid = (box.get_attribute("id") or "").removeprefix("answer-")
        expect(page.locator(f"#status-{qid}")).to_have_text(t("Saved"))
    _shot(page, s, "07-portal")
    page.get_by_role("link", name=t("Review and submit")).click()
    page.get_by_role("button", name=t("Submit now")).click()
    _h1(page, t("Thank you: your answers are submitted"))
    expect(page.locator("#receipt-code")).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    _shot(page, s, "08-receipt")


# --- Owner invites the colleague; the colleague joins -------------------------------------------------


def owner_invites_the_colleague(page: Page, s: Story, t: Any) -> str:
    page.locator(".user-menu summary").click()
    page.locator(".user-menu").get_by_role("link", name=t("Members")).click()
    page.get_by_label(t("E-mail address of your colleague")).fill(s.colleague_email)
    page.get_by_label(t("Role"), exact=True).select_option("evaluator")
    page.get_by_role("button", name=t("Create invitation")).click()
    expect(page.locator("body")).to_contain_text(s.colleague_email)
    # The product sends the link by e-mail (the background worker, here in the test's thread); the
    # colleague opens it from there.
    delivery.send_due()
    sent = [m for m in mail.outbox if s.colleague_email in m.to]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    assert sent[0].subject == _t(s.lang, "You are invited to %(org)s on Partnerwijzer", org=s.company)
    link = re.search(r"https?://\S+/invitations/\S+/", sent[0].body)
    assert link is not None, sent[0].body
    return link.group(0)


def colleague_joins(page: Page, link: str, s: Story, t: Any) -> None:
    page.goto(link)
    page.get_by_label(t("Your name")).fill(s.colleague_name)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD + "x")
    page.get_by_label(t("Password again")).fill(PASSWORD + "x")
    page.get_by_role("button", name=t("Create account and join")).click()
    _h1(page, t("Your way to the right AI partner"))


# --- Scoring ---------------------------------------------------------------------------------------


def _open_selection(page: Page, s: Story, t: Any) -> None:
    _journey_nav(page, "Selection")
    page.get_by_role("link", name=s.selection).click()
    _h1(page, s.selection)


def owner_seats_the_colleague_and_themself(page: Page, s: Story, t: Any, score_by: date) -> None:
    _open_selection(page, s, t)
    page.locator("nav.subnav").get_by_role("link", name=t("Scores")).click()
    expect(page.locator("[data-no-seat]")).to_be_visible()
    page.locator("nav.eval-tabs").get_by_role("link", name=t("Evaluators"), exact=True).click()
    page.get_by_label(t("Colleague")).select_option(label=f"{s.colleague_name} ({s.colleague_email})")
    page.get_by_label(t("Score by"), exact=True).fill(score_by.isoformat())
    page.get_by_role("button", name=t("Add evaluator")).click()
    _message(page, t("%(name)s can now score the candidates.", name=s.colleague_name))
    row = page.locator("table.progress-table tbody tr").filter(has_text=s.colleague_name)
    expect(row.locator("input[type=date]")).to_have_value(score_by.isoformat())
    _shot(page, s, "09-evaluators")
    page.get_by_role("button", name=t("Score this selection myself")).click()
    _message(page, t("You are now an evaluator of this selection. Score every candidate, then submit."))


def _score_all(page: Page, s: Story, t: Any, scores: dict[int, list[int]]) -> None:
    page.locator("table.score-matrix").get_by_role("link", name=s.firms[0], exact=True).click()
    for n, firm in enumerate(s.firms):
        # Issue 16: before scoring a firm, the evaluator declares any relationship with it.
        _h1(page, t("Relationship with %(name)s", name=firm))
        page.get_by_label(t("No, I have no relationship with this firm")).check()
        page.get_by_role("button", name=t("Save declaration")).click()
        _h1(page, re.compile(re.escape(firm)))
        cells = page.locator("form.score-form fieldset.score-criterion")
        expect(cells.first).to_be_visible()
        for i in range(cells.count()):
            cells.nth(i).locator(f'input[type="radio"][value="{scores[n][i]}"]').check()
        if n < len(s.firms) - 1:
            page.get_by_role("button", name=t("Save and score %(name)s", name=s.firms[n + 1])).click()
        else:
            page.get_by_role("button", name=t("Save scores"), exact=True).click()
        _message(page, t("Scores for %(name)s saved.", name=firm))


def _submit(page: Page, t: Any) -> None:
    page.locator("nav.eval-tabs").get_by_role("link", name=t("My scores"), exact=True).click()
    page.get_by_role("link", name=t("Submit my scores")).click()
    page.get_by_role("button", name=t("Yes, submit my scores")).click()
    _message(page, t("Your scores are submitted. You now see the scores of the others who submitted."))


def colleague_scores(page: Page, s: Story, t: Any, score_by: date) -> None:
    _dashboard(page, t)
    task = page.locator("#your-tasks")
    due = _long_date(s.lang, score_by)
    expect(task).to_contain_text(t("Score the candidates of “%(title)s” and submit your scores by %(date)s.",
                                   title=s.selection, date=due))
    task.get_by_role("link", name=t("Start scoring")).click()
    expect(page.locator(".score-by")).to_have_text(t("Please score and submit by %(date)s.", date=due))
    _shot(page, s, "10-colleague-scores")
    _score_all(page, s, t, COLLEAGUE_SCORES)
    _submit(page, t)


def owner_scores_blind_then_submits(page: Page, s: Story, t: Any) -> None:
    _open_selection(page, s, t)
    page.locator("nav.subnav").get_by_role("link", name=t("Scores")).click()
    # The colleague has submitted; the owner, who holds a seat, sees no values before submitting.
    page.locator("nav.subnav").get_by_role("link", name=t("Ranking")).click()
    _h1(page, t("The ranking is not available to you yet"))
    page.get_by_role("link", name=t("See who has submitted")).click()
    page.locator("nav.eval-tabs").get_by_role("link", name=t("Consensus"), exact=True).click()
    expect(page.locator("[data-results-hidden]")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    _shot(page, s, "11-blind")
    page.get_by_role("link", name=t("Go to my scores")).click()
    _score_all(page, s, t, OWNER_SCORES)
    _submit(page, t)
    page.locator("nav.eval-tabs").get_by_role("link", name=t("Evaluators"), exact=True).click()
    expect(page.locator('table.progress-table tr[data-submitted="true"]')).to_have_count(2)
    page.get_by_role("button", name=t("Close scoring")).click()
    _message(page, t("Scoring is closed. Scores are frozen and every member sees the results."))
    page.locator("nav.eval-tabs").get_by_role("link", name=t("Ranking"), exact=True).click()
    _h1(page, t("Ranking"))
    expect(page.locator('table.ranking-table tr[data-rank="1"]').get_by_role("rowheader")).to_have_text(s.firms[0])
    _shot(page, s, "12-ranking")


# --- Contract and the decision report --------------------------------------------------------------


def owner_chooses_and_downloads_the_report(page: Page, s: Story, t: Any) -> bytes:
    # The chosen firm first goes on to talks and the request for proposal, as the guide asks.
    _open_selection(page, s, t)
    _move_on(page, s.firms[0], "talks", t)
    _move_on(page, s.firms[0], "rfp", t)
    _dashboard(page, t)
    page.locator("#step-contract .task-list__continue").click()
    page.get_by_role("link", name=s.selection).click()
    _h1(page, t("Contract checklist"))
    expect(page.locator("#early-warning")).to_have_count(0)
    page.locator("#choose").get_by_role("radio", name=re.compile(re.escape(s.firms[0]))).check()
    page.get_by_label(t("Why this partner")).fill(s.rationale)
    page.get_by_role("button", name=t("Choose and start the checklist")).click()
    expect(page.locator("#preferred")).to_have_text(s.firms[0])
    _shot(page, s, "13-contract")

    _open_selection(page, s, t)
    page.locator("nav.subnav").get_by_role("link", name=t("Documents")).click()
    _h1(page, t("Documents"))
    # The (immediate) worker renders the PDF before the page answers: seconds on a busy machine.
    page.locator('li.document-choice[data-kind="decision_report"]').get_by_role("button", name="PDF").click(
        timeout=90_000)
    expect(page.locator(".messages")).to_contain_text(
        t("The document is being generated. It appears below when it is ready."), timeout=90_000)
    download_link = page.locator("#document-jobs").get_by_role("link", name=t("Download")).first
    expect(download_link).to_be_visible()
    _shot(page, s, "14-documents")
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    return path.read_bytes()


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_a_new_company_walks_the_whole_journey_by_clicking(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings, lang: str
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PARTNERWIJZER_SITE_URL = live_server.url  # the address in messages, as ``make run`` sets it
    s = STORIES[lang]

    def t(msgid: str, **values: Any) -> str:
        return _t(lang, msgid, **values)

    base = live_server.url
    score_by = timezone.localdate() + timedelta(days=10)
    errors: list[str] = []
    owner_context = _context(browser, s, errors, "owner")
    colleague_context = _context(browser, s, errors, "colleague")
    firm_context = _context(browser, s, errors, "firm")
    try:
        owner = owner_context.new_page()
        owner_signs_up(owner, base, s, t)
        owner_describes_the_use_case(owner, s, t)
        owner_fills_the_profile(owner, s, t)
        owner_checks_readiness(owner, s, t)
        owner_gets_model_advice(owner, s, t)
        owner_starts_the_selection(owner, s, t)
        portal_url = owner_sends_the_rfi(owner, s, t)
        firm_answers(firm_context.new_page(), portal_url, s, t)
        invitation = owner_invites_the_colleague(owner, s, t)
        colleague = colleague_context.new_page()
        colleague_joins(colleague, invitation, s, t)
        owner_seats_the_colleague_and_themself(owner, s, t, score_by)
        colleague_scores(colleague, s, t, score_by)
        owner_scores_blind_then_submits(owner, s, t)
        report = owner_chooses_and_downloads_the_report(owner, s, t)
    except BaseException:
        # Where it stopped, for whoever reads the failure (not an assertion).
        for who, context in (("owner", owner_context), ("colleague", colleague_context), ("firm", firm_context)):
            for n, open_page in enumerate(context.pages):
                screenshot(open_page, f"journey-{lang}-failed-{who}-{n}").with_suffix(".html").write_text(
                    open_page.content())
        raise
    finally:
        for context in (owner_context, colleague_context, firm_context):
            context.close()
    assert not errors, errors

    text = _pdf_text(report)
    assert s.company in text
    assert s.use_case in text
    assert s.firms[0] in text
    assert s.rationale[:50] in text
    # What the audit log shows about blind scoring, stated in the report's language.
    blind = t("Each evaluator scored every candidate independently: according to the audit log nobody saw "
              "another's scores, the ranking or disagreements before submitting their own (no submission was "
              "reopened and scoring was not reopened after closing).")
    assert re.sub(r"\s+", " ", blind)[:60] in text

    # What the clicks stored.
    kpi = Kpi.objects.get(use_case__title=s.use_case)
    assert kpi.baseline_date == date.fromisoformat(BASELINE_DATE)
    assert kpi.target_date == date.fromisoformat(TARGET_DATE)
    seats = Evaluator.objects.filter(selection__title=s.selection)
    assert seats.count() == 2
    assert all(seat.submitted for seat in seats)
    assert seats.get(user__email=s.colleague_email).score_by == score_by
    assert Score.objects.filter(evaluator__in=seats).count() > 0
