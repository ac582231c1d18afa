"""Issue 4, "Done when": an owner and two evaluators run a whole selection in real Chromium.

The owner starts a selection, adds candidates through the candidate form, moves them across the
board and rejects one with a reason, seats two evaluators and switches the weights to AHP. Each
evaluator fills the pairwise form, scores every candidate on every criterion (one criterion saved
through HTMX, the rest with the full form) and submits. The owner then reads the ranking: win
probabilities, the sensitivity view and the charts. Only the users exist beforehand; everything
else happens through clicks and form fills, one browser context per person. Any console error
(a Content-Security-Policy violation, a script error, a failed image) fails the test, as in the
``page`` fixture of conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.accounts.models import Membership, Organisation, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.evaluation.models import Criterion, Evaluator, PairwiseJudgement, Score, WeightingMethod
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.browser.conftest import new_context, screenshot, wait_until
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

TITLE = "Partner for predictive maintenance"


@dataclass(frozen=True)
class NewCandidate:
    name: str
    city: str
    country: str
    size: str  # CompanySize value
    provider_type: str  # English label, as shown on the form
    channel: str  # English label (substring), as shown on the form


CANDIDATES = [
    NewCandidate("Datalab Twente", "Enschede", "NL", "10-49", "Specialised AI consultancy (pure player)",
                 "Personal recommendation"),
    NewCandidate("Kraan IT Services", "Utrecht", "NL", "250+", "Classic IT consultancy with an AI unit",
                 "Trade fairs and conferences"),
    NewCandidate("MachineMind", "Aachen", "DE", "50-249", "Industry specialist with an AI focus",
                 "Industry networks and recommendations"),
    NewCandidate("Start-up Collectief Delft", "Delft", "NL", "1-9", "Network or collective of AI start-ups",
                 "Funding programmes and competence centres"),
]
REJECTED = CANDIDATES[3]
REJECT_REASON = "No experience with machine data; their references are all in retail."
SCORED = [c.name for c in CANDIDATES if c is not REJECTED]

# Each evaluator's scores per candidate, one per criterion in page order (the 7 criteria of the
# guide, then price). Datalab leads, MachineMind is close, Kraan trails; the evaluators differ by
# two points on a few cells so the disagreement view has something to show.
SCORES = {
    "eva": {
        "Datalab Twente": [5, 4, 5, 4, 4, 5, 4, 3],
        "Kraan IT Services": [3, 3, 2, 3, 4, 3, 3, 4],
        "MachineMind": [4, 4, 4, 5, 3, 4, 4, 4],
    },
    "bram": {
        "Datalab Twente": [4, 4, 5, 5, 3, 4, 4, 3],
        "Kraan IT Services": [3, 2, 3, 3, 4, 3, 2, 5],
        "MachineMind": [4, 5, 2, 4, 4, 4, 5, 3],
    },
}
# Importance per criterion, in page order; judgements are their ratios, all on Saaty's scale
# (1, 2, 4 and reciprocals), so each form is perfectly consistent (CR 0).
IMPORTANCE = {
    "eva": [4, 2, 4, 2, 2, 1, 2, 1],
    "bram": [4, 4, 2, 2, 1, 2, 2, 1],
}


@dataclass
class Person:
    page: Page
    errors: list[str]


@contextmanager
def person(browser: Browser, live_server_url: str, email: str) -> Iterator[Person]:
    """A fresh browser context (own cookies) for one user, logged in; no console errors allowed."""
    context = new_context(browser, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: uncaught {exc}"))
    page.goto(live_server_url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".user-menu summary")).to_be_visible()
    try:
        yield Person(page, errors)
    except BaseException as failure:
        if errors:
            failure.add_note(f"console errors of {email}: {errors}")
        raise
    finally:
        context.close()
    # A CSP violation or a script error shows up as a console error: none are allowed.
    assert not errors, errors


def _users() -> dict[str, User]:
    org = Organisation.objects.create(name="Van Dijk Machinebouw", language="en")
    users = {}
    for key, name, role in [
        ("owner", "Olga Owner", Role.OWNER),
        ("eva", "Eva Evers", Role.EVALUATOR),
        ("bram", "Bram Bakker", Role.EVALUATOR),
    ]:
        user = User.objects.create_user(email=f"{key}@example.com", password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organisation=org, role=role)
        users[key] = user
    return users


def _card(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("#board li.card-candidate").filter(has=page.get_by_role("link", name=name, exact=True))


def _move_on(page: Page, name: str, to_stage: str) -> None:
    """Click "Move on" on a candidate's card; HTMX swaps the workspace and the card changes column."""
    _card(page, name).get_by_role("button", name=re.compile(r"^Move on")).click()
    expect(page.locator(f'#board section[data-stage="{to_stage}"] li.card-candidate')
           .filter(has_text=name)).to_be_visible()
    expect(page.locator("#workspace .message--success")).to_contain_text(name)


def _open_tab(page: Page, name: str) -> None:
    page.locator("nav.eval-tabs").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("nav.eval-tabs a[aria-current=page]")).to_have_text(name)


def _drag_bigger(page: Page, textarea) -> None:  # type: ignore[no-untyped-def]
    """Drag a textarea's resize handle down, as a user making room for a longer comment would."""
    box = textarea.bounding_box()
    assert box is not None
    right, bottom = box["x"] + box["width"] - 3, box["y"] + box["height"] - 3
    page.mouse.move(right, bottom)
    page.mouse.down()
    page.mouse.move(right, bottom + 60, steps=5)
    page.mouse.up()
    assert "height" in (textarea.get_attribute("style") or ""), "the drag did not resize the textarea"


def _token(ratio: Fraction) -> str:
    return str(ratio.numerator) if ratio.denominator == 1 else f"1/{ratio.denominator}"


def owner_builds_the_selection(page: Page, base: str, users: dict[str, User]) -> str:
    page.goto(base + reverse("sourcing:selection_list"))
    expect(page.locator("#no-selections")).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What the partner should help with").fill("Predict spindle failures from machine data.")
    page.get_by_role("button", name="Start selection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    selection_id = re.search(r"/selections/([0-9a-f-]{36})/", page.url).group(1)  # type: ignore[union-attr]

    # Candidates through the form; all but the last with "Add and enter another".
    page.get_by_role("link", name="Add a candidate").first.click()
    for i, c in enumerate(CANDIDATES):
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a candidate")
        page.get_by_label("Name of the firm").fill(c.name)
        page.get_by_label("Website").fill(f"https://{c.name.lower().replace(' ', '-')}.example")
        page.get_by_label("City").fill(c.city)
        page.get_by_label("Country").fill(c.country)
        page.get_by_label("Size").select_option(c.size)
        page.get_by_label("Industries served").fill("machine building")
        page.get_by_role("group", name="Provider type").get_by_label(c.provider_type).check()
        page.get_by_role("group", name="How you found them").get_by_label(c.channel).check()
        page.get_by_label("Contact person").fill("J. de Vries")
        page.get_by_label("Contact e-mail").fill("j.devries@example.com")
        last = i == len(CANDIDATES) - 1
        page.get_by_role("button", name="Add to longlist" if last else "Add and enter another").click()
        expect(page.locator(".messages")).to_contain_text(f"{c.name} is on the longlist.")

    # The board: everyone on the longlist; move three to the shortlist and two of them on to RFI.
    expect(page.locator('#board section[data-stage="longlist"] li.card-candidate')).to_have_count(len(CANDIDATES))
    for name in SCORED:
        _move_on(page, name, "shortlist")
    for name in SCORED[::2]:
        _move_on(page, name, "rfi")
    # Three on the shortlist is below the guide's 5-8: a warning, not a block.
    expect(page.locator("#funnel-warnings")).to_be_visible()

    # Reject the fourth, with a reason, from its own page.
    _card(page, REJECTED.name).get_by_role("link", name=REJECTED.name).click()
    expect(page.locator("#candidate-name")).to_have_text(REJECTED.name)
    page.get_by_role("link", name="Reject…").click()
    page.get_by_label("Why do you reject this candidate?").fill(REJECT_REASON)
    page.get_by_role("button", name="Reject candidate").click()
    expect(page.locator("#rejected")).to_contain_text(REJECT_REASON)
    expect(page.locator("#board li.card-candidate")).to_have_count(len(SCORED))
    expect(page.locator('#board section[data-stage="rfi"] li.card-candidate')).to_have_count(2)
    screenshot(page, "selection-board")

    # Seat the two evaluators, then switch to AHP.
    page.locator("nav.subnav").get_by_role("link", name="Criteria and weights").click()
    _open_tab(page, "Evaluators")
    for key in ("eva", "bram"):
        user = users[key]
        page.get_by_label("Colleague").select_option(label=f"{user.full_name} ({user.email})")
        page.get_by_role("button", name="Add evaluator").click()
        expect(page.locator(".messages")).to_contain_text(f"{user.full_name} can now score the candidates.")
    expect(page.locator("table.progress-table tbody tr")).to_have_count(2)
    _open_tab(page, "Weights")
    page.get_by_label("Method").select_option("ahp")
    page.get_by_role("button", name="Use this method").click()
    expect(page.locator(".message--warning")).to_contain_text("Weights follow the pairwise comparison")
    expect(page.locator("#ahp")).to_contain_text("No evaluator has completed the pairwise form yet.")
    return selection_id


def evaluator_weighs_and_scores(page: Page, base: str, key: str, *, take_screenshot: bool) -> None:
    # From the list of selections to this selection's weights.
    page.goto(base + reverse("sourcing:selection_list"))
    page.get_by_role("link", name=TITLE).click()
    page.locator("nav.subnav").get_by_role("link", name="Criteria and weights").click()
    _open_tab(page, "Weights")
    page.get_by_role("link", name="Fill in my pairwise comparison").click()

    # The pairwise form: one row per pair of criteria, a radio group named p-<a>-<b> in
    # criteria order, on Saaty's scale (issue 11: no longer 28 drop-downs). evaluate_all()
    # does not wait: read the radios once the form's page has arrived.
    expect(page.locator(".pairwise-form input[type=radio]").first).to_be_attached()
    names = list(dict.fromkeys(page.locator(".pairwise-form input[type=radio]").evaluate_all(
        "els => els.map(e => e.name)")))
    order: list[str] = []
    for name in names:
        for cid in re.fullmatch(r"p-([0-9a-f-]{36})-([0-9a-f-]{36})", name).groups():  # type: ignore[union-attr]
            if cid not in order:
                order.append(cid)
    importance = IMPORTANCE[key]
    assert len(order) == len(importance), order
    assert len(names) == len(order) * (len(order) - 1) // 2
    for name in names:
        a, b = re.fullmatch(r"p-([0-9a-f-]{36})-([0-9a-f-]{36})", name).groups()  # type: ignore[union-attr]
        token = _token(Fraction(importance[order.index(a)], importance[order.index(b)]))
        page.locator(f'input[name="{name}"][value="{token}"]').check()
    # The consistency ratio shows as you go (a static script; CR 0 for these consistent forms).
    live = page.locator("[data-ahp-live]")
    expect(live).to_be_visible()
    expect(live).to_contain_text("Consistency ratio as you go")
    assert float(live.get_attribute("data-cr") or "1") <= 0.10
    page.get_by_role("button", name="Save my comparison").click()
    expect(page.locator(".message--success")).to_contain_text("Your pairwise comparison is saved.")
    consistency = page.locator("#own-consistency .ahp-consistency")
    expect(consistency).to_contain_text("Consistency ratio")
    expect(consistency).to_have_class(re.compile(r"\bis-consistent\b"))
    assert float(consistency.get_attribute("data-cr") or "1") <= 0.10

    # Scoring: the overview lists the candidates still in the race, not the rejected one.
    _open_tab(page, "My scores")
    expect(page.locator("table.score-matrix tbody tr")).to_have_count(len(SCORED))
    expect(page.locator("table.score-matrix")).not_to_contain_text(REJECTED.name)
    page.locator("table.score-matrix").get_by_role("link", name=SCORED[0], exact=True).click()
    for n, candidate in enumerate(SCORED):
        # Issue 16: before scoring a firm, the evaluator declares any relationship with it.
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Relationship with {candidate}")
        page.get_by_label("No, I have no relationship with this firm").check()
        page.get_by_role("button", name="Save declaration").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Score {candidate}")
        cells = page.locator("form.score-form fieldset.score-criterion")
        values = SCORES[key][candidate]
        expect(cells).to_have_count(len(values))
        for i, value in enumerate(values):
            cells.nth(i).locator(f'input[type="radio"][value="{value}"]').check()
        if n == 0:
            # One criterion saved on its own, through HTMX: the fieldset is swapped with a note.
            # Before saving, the evaluator writes a comment and drags its box bigger, which makes
            # Chromium put an inline style on the textarea: HTMX must not copy that style onto
            # the swapped-in textarea (a CSP violation), see attributesToSettle in base.html.
            first = cells.nth(0)
            first.get_by_text("Comment and evidence").click()
            comment = first.get_by_label("Comment")
            comment.fill(f"{key}: strong case study on spindle monitoring.")
            _drag_bigger(page, comment)
            first.get_by_role("button", name=re.compile(r"^Save")).click()
            expect(first.locator(".saved-note")).to_have_text("Saved")
            expect(first.locator(f'input[type="radio"][value="{values[0]}"]')).to_be_checked()
            expect(first.get_by_label("Comment")).to_have_value(f"{key}: strong case study on spindle monitoring.")
            if take_screenshot:
                screenshot(page, "scoring")
        if n < len(SCORED) - 1:
            page.get_by_role("button", name=f"Save and score {SCORED[n + 1]}").click()
        else:
            page.get_by_role("button", name="Save scores", exact=True).click()
        expect(page.locator(".messages")).to_contain_text(f"Scores for {candidate} saved.")

    # Every cell filled; submit.
    _open_tab(page, "My scores")
    total = len(SCORED) * len(IMPORTANCE[key])
    expect(page.locator(".score-progress")).to_contain_text(f"{total} of {total} scores given")
    page.get_by_role("link", name="Submit my scores").click()
    expect(page.get_by_text(f"You have given {total} of {total} scores.")).to_be_visible()
    page.get_by_role("button", name="Yes, submit my scores").click()
    expect(page.locator(".messages")).to_contain_text("Your scores are submitted.")


def owner_reads_the_ranking(page: Page, base: str, selection_id: str) -> None:
    # Both forms count: the weights page shows the combined AHP weights and their consistency.
    page.goto(base + reverse("evaluation:evaluators", kwargs={"selection_id": selection_id}))
    expect(page.locator('table.progress-table tr[data-submitted="true"]')).to_have_count(2)
    # Blind scoring (issue 11): the owner holds no seat, so the values show once scoring is closed.
    page.get_by_role("button", name="Close scoring").click()
    expect(page.locator(".message--success")).to_contain_text("Scoring is closed.")
    _open_tab(page, "Weights")
    expect(page.locator("#ahp")).to_contain_text("Based on 2 completed forms")
    expect(page.locator("#ahp .ahp-consistency")).to_contain_text("Consistency ratio")

    page.locator("nav.eval-tabs").get_by_role("link", name="Ranking", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ranking")
    rows = page.locator("table.ranking-table tbody tr")
    expect(rows).to_have_count(len(SCORED))
    top = page.locator('table.ranking-table tr[data-rank="1"]')
    expect(top.get_by_role("rowheader")).to_have_text(SCORED[0])
    percentage = re.compile(r"^\d{1,3}([.,]\d+)?\s?%$")
    expect(rows.locator(".win-cell span")).to_have_text([percentage] * len(SCORED))
    assert float(top.locator(".win-cell").get_attribute("data-win") or "0") > 0.5
    expect(page.locator(".ranking-summary")).to_contain_text(re.compile(r"comes first in \d{1,3}([.,]\d+)?\s?%"))
    # Rank acceptability table beside the stacked bar.
    expect(page.locator("table.acceptability-table tbody tr")).to_have_count(len(SCORED))

    # The sensitivity view: a headline and one line per criterion, beside the tornado chart.
    sensitivity = page.locator("section.ranking-section").filter(has=page.locator("#sensitivity-heading"))
    expect(sensitivity.get_by_role("heading", level=2)).to_have_text("What would change the winner?")
    expect(sensitivity.get_by_test_id("sensitivity-headline")).not_to_be_empty()
    lines = sensitivity.locator(".sensitivity-list li")
    expect(lines).to_have_count(len(IMPORTANCE["eva"]))
    expect(lines.first).to_contain_text(re.compile(r"now \d"))
    # Agreement of the two evaluators (Kendall's W) is shown.
    expect(page.locator("[data-kendall-w]")).to_be_visible()
    expect(page.locator(".radar-grid img")).to_have_count(len(SCORED))

    # Every image loads (the charts are lazy: scroll each into view first).
    images = page.locator("img")
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
    wait_until(page, "Array.from(document.images).every(img => img.complete)")
    broken = page.evaluate(
        "Array.from(document.images).filter(img => !(img.naturalWidth > 0)).map(img => img.currentSrc || img.src)"
    )
    assert not broken, broken
    assert images.count() == 1 + 2 + len(SCORED)  # logo, acceptability, tornado, one radar per candidate
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "ranking")

    # Issue 11, finding 10: the score matrix fits at 1280 px: no column (price last) is hidden
    # in a scroll box, and at 390 px each value is labelled with its criterion.
    matrix = page.locator("table.score-table")
    fits = page.evaluate(
        """() => {
            const table = document.querySelector('table.score-table');
            const wrap = table.closest('.table-wrap');
            const last = table.querySelector('thead th:last-child').getBoundingClientRect();
            return wrap.scrollWidth <= wrap.clientWidth + 1 && last.right <= wrap.getBoundingClientRect().right + 1;
        }"""
    )
    assert fits
    expect(matrix.locator("thead th").last).to_contain_text("Price")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first_cell = matrix.locator("tbody td").first
    label = first_cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "%" in label, label
    assert len(label) > 5, label
    # Every "criterion: value" line fits its card: a long criterion name wraps, none is cut off.
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('table.score-table tbody td')].filter(td => {
            // Overflow past the left edge is not counted in scrollWidth: measure from the left.
            td.style.justifyContent = 'flex-start';
            const over = td.scrollWidth > td.clientWidth + 1;
            td.style.justifyContent = '';
            return over;
        }).map(td => td.dataset.label)"""
    )
    assert clipped == [], clipped
    screenshot(page, "ranking-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_owner_and_two_evaluators_run_a_selection(live_server, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    users = _users()
    base = live_server.url

    with person(browser, base, "owner@example.com") as owner:
        selection_id = owner_builds_the_selection(owner.page, base, users)
        for key in ("eva", "bram"):
            with person(browser, base, f"{key}@example.com") as evaluator:
                evaluator_weighs_and_scores(evaluator.page, base, key, take_screenshot=key == "eva")
        owner_reads_the_ranking(owner.page, base, selection_id)

    # What the clicks left in the database.
    selection = Selection.objects.get(pk=selection_id)
    assert scoring_setup_of(selection).weighting_method == WeightingMethod.AHP
    candidates = Candidate.objects.filter(selection=selection)
    assert candidates.count() == len(CANDIDATES)
    rejected = candidates.get(rejected=True)
    assert (rejected.name, rejected.rejected_reason) == (REJECTED.name, REJECT_REASON)
    assert sorted(candidates.filter(rejected=False).values_list("stage", flat=True)) == ["rfi", "rfi", "shortlist"]
    channels = set(candidates.values_list("sourcing_channel", flat=True))
    assert "personal_recommendation" in channels
    assert len(channels) == len(CANDIDATES)
    assert len(set(candidates.values_list("provider_type", flat=True))) == len(CANDIDATES)
    criteria = Criterion.objects.filter(selection=selection)
    n_criteria = criteria.count()
    assert n_criteria == len(IMPORTANCE["eva"])
    seats = Evaluator.objects.filter(selection=selection)
    assert sorted(seats.values_list("user__email", flat=True)) == ["bram@example.com", "eva@example.com"]
    assert all(seat.submitted for seat in seats)
    scores = Score.objects.filter(evaluator__selection=selection).select_related("evaluator__user", "candidate")
    assert scores.count() == 2 * len(SCORED) * n_criteria
    positions = {c.pk: i for i, c in enumerate(criteria.order_by("position", "id"))}
    saved = {(s.evaluator.user.email, s.candidate.name, positions[s.criterion_id]): s.value for s in scores}
    clicked = {
        (f"{key}@example.com", name, i): value
        for key, per_candidate in SCORES.items() for name, values in per_candidate.items()
        for i, value in enumerate(values)
    }
    assert saved == clicked
    assert scores.filter(comment__contains="spindle monitoring").count() == 2  # the HTMX saves
    assert PairwiseJudgement.objects.filter(evaluator__selection=selection).count() == (
        2 * n_criteria * (n_criteria - 1) // 2
    )
    weights = [c.weight for c in criteria]
    assert sum(weights, Decimal(0)) == Decimal(100)
    # Both forms rank the first criterion (importance 4 for both) above the last (price, 1).
    ordered = list(criteria.order_by("position"))
    assert ordered[0].weight > ordered[-1].weight
