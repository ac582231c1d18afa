"""Readiness pages: one factor per page with saving as you go (HTMX and plain), check your
answers, the result, the index; per persona, with the database state and the rendered content."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.models import Answer, GuidedCheck, UseCase
from partnerwijzer.planning.readiness.services import readiness_answers_set
from tests.personas import Personas

HTMX = {"HX-Request": "true"}


def _answers(use_case: UseCase) -> dict[str, object]:
    rows = Answer.objects.filter(use_case=use_case, questionnaire=GuidedCheck.READINESS)
    return dict(rows.values_list("question_key", "value"))


def _best(*factors: str) -> dict[str, str | None]:
    data = readiness_data.load()
    return {
        q.key: max(q.options, key=lambda o: o.score).key
        for f in data.items if not factors or f.key in factors for q in f.questions
    }


def _factor_url(use_case: UseCase, factor: str) -> str:
    return reverse("planning:readiness_factor", kwargs={"use_case_id": use_case.pk, "factor": factor})


def _answer_url(use_case: UseCase) -> str:
    return reverse("planning:readiness_answer", kwargs={"use_case_id": use_case.pk})


# --- the factor page ------------------------------------------------------------------------------


def test_owner_sees_one_factor_with_progress_figures_and_htmx_saving(personas: Personas, use_case: UseCase) -> None:
    html = personas.client("owner").get(_factor_url(use_case, "data")).content.decode()
    assert '<progress class="rd-progress__bar" max="5" value="2"' in html
    for key in ("data_available", "data_quality", "data_legal", "data_format", "data_supply"):
        assert f'id="q-{key}"' in html
        assert f'id="status-{key}"' in html
    assert 'id="q-sponsor"' not in html
    assert f'hx-post="{_answer_url(use_case)}"' in html
    assert 'hx-trigger="change"' in html
    assert "hx-vals='{\"question\": \"data_quality\"}'" in html
    assert 'value="checked_good"' in html
    assert "disabled" not in html.split('id="q-data_quality"', 1)[1].split("</fieldset>", 1)[0]
    # The guide's figures with provenance (the source's anchor on the sources page).
    assert html.count('class="refvalue"') == 2
    assert reverse("knowledge:sources") + "#guide-2025" in html
    # Back to the first factor; the submit button saves and continues.
    assert _factor_url(use_case, "problem_goals") in html
    assert 'type="submit"' in html


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_answers_read_only(personas: Personas, use_case: UseCase, persona: str) -> None:
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers={"data_quality": "known_gaps"})
    html = personas.client(persona).get(_factor_url(use_case, "data")).content.decode()
    assert 'id="read-only"' in html
    assert "hx-post" not in html
    fieldset = html.split('id="q-data_quality"', 1)[1].split("</fieldset>", 1)[0]
    known_gaps = fieldset.split('value="known_gaps"', 1)[1].split(">", 1)[0]
    assert "disabled" in known_gaps
    assert "checked" in known_gaps
    assert 'type="submit"' not in html.split('class="rd-nav"', 1)[1]
    assert _factor_url(use_case, "iterative") in html


def test_unknown_factor_and_other_organisation_give_404(personas: Personas, use_case: UseCase) -> None:
    assert personas.client("owner").get(_factor_url(use_case, "nonsense")).status_code == 404
    other = personas.client("outsider").get(_factor_url(use_case, "data"))
    missing = personas.client("outsider").get(
        reverse("planning:readiness_factor", kwargs={"use_case_id": uuid.uuid4(), "factor": "data"})
    )
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content


# --- saving ---------------------------------------------------------------------------------------


def test_htmx_save_returns_the_status_partial_and_stores_with_audit(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(
        _answer_url(use_case), {"question": "data_quality", "data_quality": "mostly_good", "data_legal": "clear"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.startswith('<span class="rd-status"')
    assert 'id="status-data_quality"' in html
    assert 'data-saved="1"' in html
    # Only the question that changed is saved, not the rest of the form.
    assert _answers(use_case) == {"data_quality": "mostly_good"}
    answer = Answer.objects.get(use_case=use_case, question_key="data_quality")
    assert answer.data_version == readiness_data.load().version
    assert answer.answered_by == personas.owner
    event = AuditEvent.objects.get(action="readiness.answer")
    assert event.organisation == personas.organisation
    assert event.target_id == str(use_case.pk)
    assert event.changes == {"question": "data_quality", "answer": [None, "mostly_good"]}


def test_saving_the_same_answer_again_records_nothing_new(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    for _ in range(2):
        client.post(_answer_url(use_case), {"question": "sponsor", "sponsor": "active"}, headers=HTMX)
    client.post(_answer_url(use_case), {"question": "sponsor", "sponsor": "none"}, headers=HTMX)
    changes = [e.changes["answer"] for e in AuditEvent.objects.filter(action="readiness.answer").order_by("created_at")]
    assert changes == [[None, "active"], ["active", "none"]]


def test_plain_save_without_javascript_redirects_back_to_the_question(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(_answer_url(use_case), {"question": "budget", "budget": "none"})
    assert response.status_code == 302
    assert response["Location"] == _factor_url(use_case, "management") + "#q-budget"
    assert _answers(use_case) == {"budget": "none"}


def test_unknown_option_is_refused_and_nothing_is_stored(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(
        _answer_url(use_case), {"question": "data_quality", "data_quality": "perfect"}, headers=HTMX
    )
    assert response.status_code == 400
    assert "rd-status--error" in response.content.decode()
    assert _answers(use_case) == {}
    assert not AuditEvent.objects.filter(action="readiness.answer").exists()


def test_unknown_question_is_404(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(_answer_url(use_case), {"question": "mood", "mood": "good"})
    assert response.status_code == 404
    assert _answers(use_case) == {}


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_cannot_save(personas: Personas, use_case: UseCase, persona: str) -> None:
    client = personas.client(persona)
    assert client.post(_answer_url(use_case), {"question": "budget", "budget": "none"}, headers=HTMX).status_code == 403
    assert client.post(_factor_url(use_case, "management"), {"budget": "none"}).status_code == 403
    assert _answers(use_case) == {}


def test_page_form_saves_every_answer_and_continues(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    response = client.post(_factor_url(use_case, "problem_goals"), {"problem_defined": "concrete", "ai_fit": "checked"})
    assert response.status_code == 302
    assert response["Location"] == _factor_url(use_case, "data")
    assert _answers(use_case) == {"problem_defined": "concrete", "ai_fit": "checked"}
    last = client.post(_factor_url(use_case, "prerequisites"), {"champions": "with_time"})
    assert last["Location"] == reverse("planning:readiness_check", kwargs={"use_case_id": use_case.pk})


def test_page_form_with_an_unknown_option_stores_nothing_and_says_why(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(
        _factor_url(use_case, "problem_goals"), {"problem_defined": "concrete", "ai_fit": "maybe"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#q-ai_fit"' in html
    assert _answers(use_case) == {}


def test_leaving_halfway_keeps_the_answers(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    client.post(_answer_url(use_case), {"question": "data_legal", "data_legal": "clear"}, headers=HTMX)
    html = client.get(_factor_url(use_case, "data")).content.decode()
    fieldset = html.split('id="q-data_legal"', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="clear"' in fieldset
    assert "checked" in fieldset
    overview = client.get(reverse("planning:readiness", kwargs={"use_case_id": use_case.pk})).content.decode()
    assert 'data-answered="1"' in overview
    assert 'data-factor="data" data-status="in_progress"' in overview
    assert f'id="continue" href="{_factor_url(use_case, "problem_goals")}"' in overview


# --- check your answers and result ------------------------------------------------------------------


def test_check_page_lists_answers_with_change_links(personas: Personas, use_case: UseCase) -> None:
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers={"sponsor": "active"})
    url = reverse("planning:readiness_check", kwargs={"use_case_id": use_case.pk})
    html = personas.client("owner").get(url).content.decode()
    assert 'data-question="sponsor" data-answer="active"' in html
    assert 'data-question="budget" data-answer=""' in html
    assert _factor_url(use_case, "management") + "#q-sponsor" in html
    assert 'id="incomplete"' in html
    viewer = personas.client("viewer").get(url).content.decode()
    assert 'data-question="sponsor" data-answer="active"' in viewer
    assert _factor_url(use_case, "management") + "#q-sponsor" not in viewer


def test_result_of_an_incomplete_check_shows_no_misleading_light(personas: Personas, use_case: UseCase) -> None:
    readiness_answers_set(actor=personas.owner, use_case=use_case,
                          answers={**_best("problem_goals"), "data_quality": "unknown"})
    url = reverse("planning:readiness_result", kwargs={"use_case_id": use_case.pk})
    html = personas.client("viewer").get(url).content.decode()
    assert 'id="incomplete"' in html
    assert 'id="overall"' not in html
    assert 'data-factor="problem_goals" data-score="100" data-light="green"' in html
    assert 'data-factor="data" data-score="" data-light=""' in html
    assert 'data-risk="data_quality"' in html
    assert 'data-risks="1"' in html


def test_result_of_a_complete_check(personas: Personas, use_case: UseCase) -> None:
    answers = {**_best(), "sponsor": "none", "staff_freed": "ad_hoc", "budget": "none", "priority": "no"}
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers=answers)
    url = reverse("planning:readiness_result", kwargs={"use_case_id": use_case.pk})
    html = personas.client("evaluator").get(url).content.decode()
    # management: 0 + 1 + 0 + 0 = 1 of 9 -> 11, red; overall (4 x 100 + 11) / 5 = 82, green.
    assert 'data-factor="management" data-score="11" data-light="red"' in html
    assert 'id="overall" data-score="82" data-light="green"' in html
    assert 'class="rd-light rd-light--red" data-light="red"' in html
    for key in ("sponsor", "staff_freed", "budget", "priority"):
        assert f'data-risk="{key}"' in html
    assert 'id="incomplete"' not in html
    # Every factor with figures shows them with their provenance.
    assert html.count('class="refvalue"') == 8


def test_traffic_light_always_comes_with_words(personas: Personas, use_case: UseCase) -> None:
    from django.utils import translation

    from partnerwijzer.planning.readiness.views import LIGHT_WORDS

    readiness_answers_set(actor=personas.owner, use_case=use_case, answers=_best())
    html = personas.client("owner").get(
        reverse("planning:readiness_result", kwargs={"use_case_id": use_case.pk})
    ).content.decode()
    with translation.override("nl"):
        assert str(LIGHT_WORDS["green"]) in html  # type: ignore[index]


# --- index and overview ------------------------------------------------------------------------------


def test_index_lists_use_cases_with_their_state(personas: Personas, use_case: UseCase) -> None:
    done = UseCase.objects.create(organisation=personas.organisation, title="Invoice extraction")
    readiness_answers_set(actor=personas.owner, use_case=done, answers=_best())
    UseCase.objects.create(organisation=personas.other_organisation, title="Fremd")
    html = personas.client("viewer").get(reverse("planning:readiness_index")).content.decode()
    assert f'data-use-case="{use_case.pk}"' in html
    assert f'data-use-case="{done.pk}"' in html
    assert "Fremd" not in html
    assert reverse("planning:readiness_result", kwargs={"use_case_id": done.pk}) in html


def test_index_without_use_cases_says_what_to_do(personas: Personas) -> None:
    html = personas.client("owner").get(reverse("planning:readiness_index")).content.decode()
    assert 'id="no-use-cases"' in html


def test_titles_are_escaped(personas: Personas) -> None:
    evil = UseCase.objects.create(organisation=personas.organisation, title="<script>alert(1)</script>")
    for name in ("planning:readiness", "planning:readiness_check", "planning:readiness_result"):
        html = personas.client("owner").get(reverse(name, kwargs={"use_case_id": evil.pk})).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


def _amber_without_risks() -> tuple[str, dict[str, str | None]]:
    """A factor answered so that it scores amber while no single answer is weak (found by search)."""
    import itertools

    from partnerwijzer.planning.readiness.rules import Light, score_readiness

    data = readiness_data.load()
    best = _best()
    for factor in data.items:
        choices = [[o.key for o in q.options if o.score > q.weak_at_most] for q in factor.questions]
        for combo in itertools.product(*choices):
            answers = {**best, **{q.key: key for q, key in zip(factor.questions, combo, strict=True)}}
            result = next(f for f in score_readiness(data, answers).factors if f.factor.key == factor.key)
            if result.light == Light.AMBER and not result.risks:
                return factor.key, answers
    raise AssertionError("the reference data allows no amber topic without a weak answer")


def test_an_amber_topic_never_says_no_risks_found(personas: Personas, use_case: UseCase) -> None:
    """Issue 11, finding 13: an amber topic without a single weak answer said "No risks found"."""
    factor, answers = _amber_without_risks()
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers=answers)
    html = personas.client("owner").get(
        reverse("planning:readiness_result", kwargs={"use_case_id": use_case.pk})
    ).content.decode()
    section = html[html.index(f'id="result-{factor}"'):]
    section = section[:section.index("</section>")]
    assert 'data-light="amber"' in section
    assert "rd-no-risks" not in section
    assert "rd-below-green" in section
    assert _factor_url(use_case, factor) in section  # and it says where to look again


def test_the_check_does_not_ask_again_what_the_kpis_hold(personas: Personas, use_case: UseCase) -> None:
    """Issue 11, finding 13: the readiness check asked for the baseline and targets the KPIs hold."""
    from datetime import date
    from decimal import Decimal

    from partnerwijzer.planning.models import Kpi

    Kpi.objects.create(use_case=use_case, name="Wachttijd", unit="min", baseline_value=Decimal(12),
                       target_value=Decimal(4), target_date=date(2027, 9, 30))
    html = personas.client("owner").get(_factor_url(use_case, "problem_goals")).content.decode()
    for key, option in (("baseline_measured", "measured"), ("kpi_targets", "measurable")):
        assert re.search(rf'name="{key}" value="{option}"[^>]*disabled[^>]*checked|'
                         rf'name="{key}" value="{option}"[^>]*checked[^>]*disabled', html), key
    # Posting the page does not store what the KPIs say; the result still counts it.
    personas.client("owner").post(_factor_url(use_case, "problem_goals"), {"baseline_measured": "none"})
    assert "baseline_measured" not in _answers(use_case)
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers=_best())
    from partnerwijzer.planning.readiness.selectors import readiness_result

    result = readiness_result(use_case)
    assert result is not None
    row = next(r for f in result.factors for r in f.rows if r.question.key == "baseline_measured")
    assert row.option is not None
    assert row.option.key == "measured"


@pytest.mark.parametrize("route", ["planning:usecase_detail", "planning:usecase_list"])
def test_a_renamed_route_behind_the_readiness_pages_fails_loudly(
    personas: Personas, use_case: UseCase, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    """The links back to the use case (and the list) are not optional: renaming their route must
    break the page (and this test), not make the link vanish silently."""
    from django.urls import NoReverseMatch

    from partnerwijzer.planning.readiness import views

    real = views.reverse

    def renamed(name: str, *args: object, **kwargs: object) -> str:
        if name == route:
            raise NoReverseMatch(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "reverse", renamed)
    page = "planning:readiness" if route == "planning:usecase_detail" else "planning:readiness_index"
    args = [use_case.pk] if route == "planning:usecase_detail" else []
    with pytest.raises(NoReverseMatch):
        personas.client("owner").get(reverse(page, args=args))
