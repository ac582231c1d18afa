"""The model-advice page: questions saved as you go, the recommendation with reasons, the four
models with their figures, and the owner's choice; per persona, with database state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.journey.steps import STATUS_PROVIDERS, Status
from partnerwijzer.planning.advice.selectors import model_advice
from partnerwijzer.planning.models import AiExperience, Answer, CompanyProfile, GuidedCheck, UseCase
from partnerwijzer.planning.readiness.services import advice_answers_set, readiness_answers_set
from tests.personas import Personas

HTMX = {"HX-Request": "true"}
LIGHTHOUSE_CASE = {"coordination": "part_time", "build_competence": "somewhat", "speed": "normal",
                   "problem_bounded": "fairly", "champions": "interested", "convince": "needed"}


@pytest.fixture
def use_case(personas: Personas, use_case: UseCase) -> UseCase:
    CompanyProfile.objects.create(organisation=personas.organisation, ai_experience=AiExperience.NONE, staff_count=80)
    return use_case


def _url(use_case: UseCase, name: str = "planning:advice") -> str:
    return reverse(name, kwargs={"use_case_id": use_case.pk})


def _own_answers(use_case: UseCase) -> dict[str, object]:
    rows = Answer.objects.filter(use_case=use_case, questionnaire=GuidedCheck.MODEL_ADVICE)
    return dict(rows.values_list("question_key", "value"))


@pytest.mark.parametrize("persona", ["owner", "evaluator", "viewer"])
def test_members_see_the_advice_with_reasons_and_the_four_models(
    personas: Personas, use_case: UseCase, persona: str
) -> None:
    advice_answers_set(actor=personas.owner, use_case=use_case, answers=LIGHTHOUSE_CASE)
    html = personas.client(persona).get(_url(use_case)).content.decode()
    assert 'id="advice-result" aria-labelledby="advice-h" data-recommended="lighthouse"' in html
    assert 'id="recommended" data-model="lighthouse"' in html
    assert '<li data-rule="lighthouse_convince">' in html
    assert '<li data-rule="lighthouse_first_project">' in html
    assert 'id="next-model"' in html
    assert 'id="typical-path"' in html
    for key in ("generalist", "specialist_network", "hybrid", "lighthouse"):
        assert f'id="model-{key}"' in html
        assert f'<tr data-model="{key}"' in html
    assert 'class="card rd-model rd-model--recommended" id="model-lighthouse"' in html
    # Shares of all four models plus the hybrid's 3.2x and the lighthouse's 76 %, each with provenance.
    assert html.count('class="refvalue"') == 6
    assert (f'hx-post="{_url(use_case, "planning:advice_answer")}"' in html) is (persona == "owner")
    assert ('id="choose-form"' in html) is (persona == "owner")


def test_incomplete_answers_give_no_recommendation(personas: Personas, use_case: UseCase) -> None:
    advice_answers_set(actor=personas.owner, use_case=use_case, answers={"speed": "urgent"})
    html = personas.client("owner").get(_url(use_case)).content.decode()
    assert 'id="advice-open"' in html
    assert 'id="recommended"' not in html
    assert 'data-recommended=""' in html
    assert 'id="scores"' not in html


def test_htmx_save_returns_the_updated_advice(personas: Personas, use_case: UseCase) -> None:
    advice_answers_set(actor=personas.owner, use_case=use_case,
                       answers={k: v for k, v in LIGHTHOUSE_CASE.items() if k != "convince"})
    response = personas.client("owner").post(
        _url(use_case, "planning:advice_answer"), {"question": "convince", "convince": "needed"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section class="panel rd-advice" id="advice-result"')
    assert 'data-recommended="lighthouse"' in html
    assert 'role="status"' in html
    assert _own_answers(use_case)["convince"] == "needed"
    changes = [e.changes for e in AuditEvent.objects.filter(action="model_advice.answer")]
    assert len(changes) == 6
    assert {"question": "convince", "answer": [None, "needed"]} in changes


def test_plain_save_and_full_form_work_without_javascript(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    one = client.post(_url(use_case, "planning:advice_answer"), {"question": "speed", "speed": "low"})
    assert one.status_code == 302
    assert one["Location"] == _url(use_case) + "#q-speed"
    form = client.post(_url(use_case), LIGHTHOUSE_CASE)
    assert form.status_code == 302
    assert form["Location"] == _url(use_case) + "#advice-result"
    assert _own_answers(use_case) == LIGHTHOUSE_CASE


def test_unknown_option_stores_nothing(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    bad = client.post(_url(use_case, "planning:advice_answer"), {"question": "speed", "speed": "warp"}, headers=HTMX)
    assert bad.status_code == 400
    form = client.post(_url(use_case), {**LIGHTHOUSE_CASE, "speed": "warp"})
    assert form.status_code == 400
    assert 'href="#q-speed"' in form.content.decode()
    assert _own_answers(use_case) == {}


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_cannot_answer_or_choose(personas: Personas, use_case: UseCase, persona: str) -> None:
    client = personas.client(persona)
    answer = {"question": "speed", "speed": "low"}
    assert client.post(_url(use_case, "planning:advice_answer"), answer).status_code == 403
    assert client.post(_url(use_case), LIGHTHOUSE_CASE).status_code == 403
    assert client.post(_url(use_case, "planning:model_choose"), {"model": "hybrid"}).status_code == 403
    use_case.refresh_from_db()
    assert use_case.chosen_model == ""
    assert _own_answers(use_case) == {}


def test_champions_come_from_the_readiness_check_until_answered_here(personas: Personas, use_case: UseCase) -> None:
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers={"champions": "with_time"})
    html = personas.client("owner").get(_url(use_case)).content.decode()
    assert 'data-borrowed="champions"' in html
    fieldset = html.split('id="q-champions"', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="with_time"' in fieldset
    assert "checked" in fieldset
    advice = model_advice(use_case)
    assert advice is not None
    assert advice.inputs["champions"] == "with_time"
    assert "champions" not in advice.missing


def test_owner_records_a_choice_that_differs_from_the_advice(personas: Personas, use_case: UseCase) -> None:
    advice_answers_set(actor=personas.owner, use_case=use_case, answers=LIGHTHOUSE_CASE)
    response = personas.client("owner").post(
        _url(use_case, "planning:model_choose"), {"model": "hybrid", "reason": "  Our IT lead wants to learn.  "}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(use_case) + "#choice"
    use_case.refresh_from_db()
    assert (use_case.chosen_model, use_case.chosen_model_reason) == ("hybrid", "Our IT lead wants to learn.")
    event = AuditEvent.objects.get(action="use_case.model_choose")
    assert event.changes == {"chosen_model": ["", "hybrid"], "reason_changed": True}
    assert "IT lead" not in str(event.changes)
    html = personas.client("viewer").get(_url(use_case)).content.decode()
    assert 'id="chosen" data-model="hybrid"' in html
    assert 'id="differs"' in html
    assert "Our IT lead wants to learn." in html


def test_invalid_choice_is_refused(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(_url(use_case, "planning:model_choose"), {"model": "freelancer"})
    assert response.status_code == 400
    assert 'href="#id_model"' in response.content.decode()
    use_case.refresh_from_db()
    assert use_case.chosen_model == ""
    assert not AuditEvent.objects.filter(action="use_case.model_choose").exists()


def test_index_lists_advice_and_choice(personas: Personas, use_case: UseCase) -> None:
    advice_answers_set(actor=personas.owner, use_case=use_case, answers=LIGHTHOUSE_CASE)
    html = personas.client("viewer").get(reverse("planning:advice_index")).content.decode()
    assert f'data-use-case="{use_case.pk}"' in html
    assert 'data-recommended="lighthouse"' in html
    assert "data-chosen" not in html


# --- status providers and seams -------------------------------------------------------------------


def test_model_status(personas: Personas, use_case: UseCase) -> None:
    status = STATUS_PROVIDERS["model"]
    assert status(personas.organisation) is Status.NOT_STARTED
    advice_answers_set(actor=personas.owner, use_case=use_case, answers={"speed": "low"})
    assert status(personas.organisation) is Status.IN_PROGRESS
    use_case.chosen_model = "generalist"
    use_case.save()
    assert status(personas.organisation) is Status.DONE
    assert status(personas.other_organisation) is Status.NOT_STARTED


def test_readiness_status(personas: Personas, use_case: UseCase) -> None:
    from partnerwijzer.knowledge.topics import readiness as readiness_data

    status = STATUS_PROVIDERS["readiness"]
    assert status(personas.organisation) is Status.NOT_STARTED
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers={"sponsor": "active"})
    assert status(personas.organisation) is Status.IN_PROGRESS
    every = {q.key: q.options[0].key for q in readiness_data.load().questions}
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers=every)
    assert status(personas.organisation) is Status.DONE


def test_seams_for_the_plan_summary(personas: Personas, use_case: UseCase) -> None:
    from partnerwijzer.planning.readiness.selectors import readiness_result

    assert readiness_result(use_case) is None
    assert model_advice(use_case) is None
    readiness_answers_set(actor=personas.owner, use_case=use_case, answers={"sponsor": "none"})
    result = readiness_result(use_case)
    assert result is not None
    assert not result.complete
    assert [r.question_key for r in result.risks] == ["sponsor"]
    advice_answers_set(actor=personas.owner, use_case=use_case, answers=LIGHTHOUSE_CASE)
    advice = model_advice(use_case)
    assert advice is not None
    assert advice.recommended == "lighthouse"
    assert advice.inputs["ai_experience"] == "none"
    assert advice.inputs["company_size"] == "medium"
