"""The scoring pages: per-candidate form (plain and HTMX), scale validation, own-only writes,
submission, scorecards and a pinned query count."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerwijzer.evaluation.models import Evaluator, Score, Scorecard, ScorecardKind
from partnerwijzer.evaluation.scoring import services
from partnerwijzer.evaluation.tests.builders import (
    candidates_of,
    criteria_of,
    declare_none,
    make_selection,
    seat,
    second_evaluator,
)
from partnerwijzer.sourcing.models import Candidate
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _url(selection: object, candidate: Candidate) -> str:
    return reverse("evaluation:score_candidate", args=[selection.pk, candidate.pk])  # type: ignore[attr-defined]


def test_evaluator_scores_a_candidate_with_the_plain_form_and_moves_on(personas: Personas) -> None:
    selection = make_selection(personas, candidates=2)
    mine = seat(selection, personas.evaluator)
    first, second = candidates_of(selection)
    criteria = criteria_of(selection)
    data = {f"{c.pk}-value": str(1 + i % 5) for i, c in enumerate(criteria)}
    data[f"{criteria[0].pk}-comment"] = "Two comparable plants"
    data["next"] = "1"
    response = personas.client("evaluator").post(_url(selection, first), data)
    assert response.status_code == 302
    assert response["Location"] == _url(selection, second)
    assert Score.objects.filter(evaluator=mine, candidate=first).count() == len(criteria)
    assert Score.objects.get(evaluator=mine, candidate=first, criterion=criteria[0]).comment == "Two comparable plants"


def test_the_page_shows_the_rubric_for_1_3_and_5_beside_the_radio_buttons(personas: Personas) -> None:
    selection = make_selection(personas)
    seat(selection, personas.evaluator)
    response = personas.client("evaluator").get(_url(selection, candidates_of(selection)[0]))
    rows = response.context["rows"]
    assert [words is not None for _radio, words in rows[0]["scale"]] == [True, False, True, False, True]
    assert rows[0]["text"].rubric[5] in response.content.decode()


def test_an_out_of_scale_value_is_rejected_with_a_message_and_nothing_changes(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    candidate = candidates_of(selection)[0]
    criteria = criteria_of(selection)
    services.score_set(actor=personas.evaluator, evaluator=mine, candidate=candidate, criterion=criteria[0], value=3)
    data = {f"{criteria[0].pk}-value": "2", f"{criteria[1].pk}-value": "7"}
    response = personas.client("evaluator").post(_url(selection, candidate), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"{criteria[1].pk}-value"]
    assert b"error-summary" in response.content
    assert list(Score.objects.values_list("value", flat=True)) == [3]


def test_htmx_saves_one_criterion_and_returns_its_fieldset(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    candidate = candidates_of(selection)[0]
    criteria = criteria_of(selection)
    data = {f"{criteria[0].pk}-value": "4", f"{criteria[1].pk}-value": "5", "criterion": str(criteria[0].pk)}
    response = personas.client("evaluator").post(_url(selection, candidate), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<fieldset")
    assert f'id="cell-{criteria[0].pk}"' in html
    assert "<html" not in html
    assert list(Score.objects.filter(evaluator=mine).values_list("criterion_id", "value")) == [(criteria[0].pk, 4)]


def test_nobody_writes_another_evaluators_scores_on_the_web_or_in_the_api(personas: Personas) -> None:
    selection = make_selection(personas)
    other_user = second_evaluator(personas)
    other = seat(selection, other_user)
    mine = seat(selection, personas.evaluator)
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    services.score_set(actor=other_user, evaluator=other, candidate=candidate, criterion=criterion, value=2)

    # The web form only ever writes the signed-in user's own seat.
    personas.client("evaluator").post(_url(selection, candidate), {f"{criterion.pk}-value": "5",
                                                                  "evaluator": str(other.pk)})
    assert Score.objects.get(evaluator=other).value == 2
    assert Score.objects.get(evaluator=mine).value == 5
    assert personas.client("owner").post(_url(selection, candidate), {f"{criterion.pk}-value": "1"}).status_code == 403

    api = f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}/evaluators/{other.pk}/scores"
    body = json.dumps({"candidate_id": str(candidate.pk), "criterion_id": str(criterion.pk), "value": 5})
    for who in ("evaluator", "owner"):
        response = personas.client(who).put(api, body, content_type="application/json")
        assert response.status_code == 403, who
    assert Score.objects.get(evaluator=other).value == 2
    assert Score.objects.get(evaluator=mine).value == 5


def test_the_owner_without_a_seat_is_told_why_and_can_score_themself(personas: Personas) -> None:
    """Issue 11, finding 6: the owner who created the selection got a bare 403 on the Scores tab."""
    selection = make_selection(personas)
    client = personas.client("owner")
    url = reverse("evaluation:scoring", args=[selection.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-no-seat" in html
    assert "data-score-myself" in html
    assert not Evaluator.objects.filter(selection=selection, user=personas.owner).exists()
    added = client.post(reverse("evaluation:evaluator_add", args=[selection.pk]), {"user": personas.owner.pk})
    assert added.status_code == 302
    assert added["Location"] == url
    assert Evaluator.objects.filter(selection=selection, user=personas.owner).exists()
    assert b"score-matrix" in client.get(url).content


def test_an_evaluator_without_a_seat_is_told_to_ask_an_owner(personas: Personas) -> None:
    selection = make_selection(personas)
    response = personas.client("evaluator").get(reverse("evaluation:scoring", args=[selection.pk]))
    assert response.status_code == 200
    assert b"data-no-seat" in response.content
    assert b"data-score-myself" not in response.content


def test_viewers_get_a_403_that_explains(personas: Personas) -> None:
    selection = make_selection(personas)
    response = personas.client("viewer").get(reverse("evaluation:scoring", args=[selection.pk]))
    assert response.status_code == 403
    assert b"data-forbidden" in response.content


def test_submit_needs_a_confirmation_and_then_locks_the_form(personas: Personas) -> None:
    selection = make_selection(personas)
    mine = seat(selection, personas.evaluator)
    client = personas.client("evaluator")
    url = reverse("evaluation:score_submit", args=[selection.pk])
    assert client.get(url).status_code == 200
    assert Evaluator.objects.get(pk=mine.pk).submitted_at is None
    assert client.post(url).status_code == 302
    assert Evaluator.objects.get(pk=mine.pk).submitted_at is not None
    candidate, criterion = candidates_of(selection)[0], criteria_of(selection)[0]
    response = client.post(_url(selection, candidate), {f"{criterion.pk}-value": "5"})
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_scorecard_ratings_show_beside_the_scoring_form_of_that_candidate(personas: Personas) -> None:
    selection = make_selection(personas)
    seat(selection, personas.evaluator)
    candidate = candidates_of(selection)[0]
    criteria = criteria_of(selection)
    client = personas.client("evaluator")
    response = client.post(
        reverse("evaluation:scorecard_create", args=[selection.pk, candidate.pk]),
        {"kind": ScorecardKind.REFERENCE_CALL, "held_on": "2026-03-12", "counterpart": "Plant manager, Acme",
         f"r-{criteria[0].pk}": "4", f"r-{criteria[1].pk}": ""},
    )
    assert response.status_code == 302
    card = Scorecard.objects.get()
    assert card.held_on == date(2026, 3, 12)
    assert card.ratings.count() == 1
    page = client.get(_url(selection, candidate))
    assert page.context["rows"][0]["ratings"][0].value == 4
    assert b'data-rating="4"' in page.content
    assert not Score.objects.exists()  # a rating is input, never a score by itself


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_submitted_evaluators(personas: Personas, selection: object, count: int, start: int) -> None:
    for i in range(start, start + count):
        user = second_evaluator(personas, email=f"e{i}@example.com")
        other = seat(selection, user)  # type: ignore[arg-type]
        for candidate in candidates_of(selection):  # type: ignore[arg-type]
            for criterion in criteria_of(selection):  # type: ignore[arg-type]
                services.score_set(actor=user, evaluator=other, candidate=candidate, criterion=criterion, value=3)
        services.evaluator_submit(actor=user, evaluator=other)


@pytest.mark.parametrize("submitted", [False, True])
def test_scoring_pages_run_a_fixed_number_of_queries(personas: Personas, submitted: bool) -> None:
    """2 candidates and 1 other evaluator cost the same queries as 8 candidates and 5 evaluators."""
    selection = make_selection(personas, candidates=2)
    mine = seat(selection, personas.evaluator)
    if submitted:
        services.evaluator_submit(actor=personas.evaluator, evaluator=mine)
    _add_submitted_evaluators(personas, selection, 1, 0)
    client = personas.client("evaluator")
    overview = reverse("evaluation:scoring", args=[selection.pk])
    client.get(overview)  # the first view after signing in renews (saves) the session; later ones do not
    small = (_queries(client, overview), _queries(client, _url(selection, candidates_of(selection)[0])))
    extras = [Candidate.objects.create(selection=selection, name=f"Extra {i}") for i in range(6)]
    declare_none(mine, extras)
    _add_submitted_evaluators(personas, selection, 4, 1)
    large = (_queries(client, overview), _queries(client, _url(selection, candidates_of(selection)[0])))
    assert large == small
    # +2 after submitting: the seats and the others' visible scores (before, nothing of theirs can
    # show, so neither is read); the last query reads the portal answers; one reads the
    # organisation's own values of the guide's figures, such as the price weights (issue 14, point
    # 15); two read what was indexed of the firm's answers and files and whether a submission is
    # still being read (evidence, issue 16; none indexed here, so no passage queries). No session
    # save: a page view renews the session at most every few minutes. Issue 16: one more on each
    # page for the seat's conflict-of-interest declarations. Issue 17: one fewer on each, as the
    # organisation switcher reuses the memberships the middleware already read.
    assert small == ((10, 15) if not submitted else (10, 17)), small


@pytest.mark.parametrize("route", ["sourcing:selection_detail", "evaluation:ranking"])
def test_a_renamed_route_behind_the_scoring_tabs_fails_loudly(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    """The links to the selection and the ranking are not optional: renaming their route must break
    the page (and this test), not make the links vanish silently."""
    from django.urls import NoReverseMatch

    from partnerwijzer.evaluation.scoring import views

    real = views.reverse

    def renamed(name: str, *args: object, **kwargs: object) -> str:
        if name == route:
            raise NoReverseMatch(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "reverse", renamed)
    selection = make_selection(personas)
    with pytest.raises(NoReverseMatch):
        personas.client("owner").get(reverse("evaluation:criteria", args=[selection.pk]))


def test_adding_an_evaluator_after_scoring_is_closed_is_not_offered_and_refused(personas: Personas) -> None:
    """polish3 item 2: 'Add evaluator' was offered (and worked) with scoring closed and the scores frozen."""
    selection = make_selection(personas)
    seat(selection, personas.owner)
    services.scoring_close(actor=personas.owner, selection=selection)
    client = personas.client("owner")
    page = client.get(reverse("evaluation:evaluators", args=[selection.pk])).content.decode()
    assert "data-add-closed" in page
    assert "Reopen scoring first" not in page  # Dutch by default
    assert "Heropen eerst het scoren" in page
    assert reverse("evaluation:evaluator_add", args=[selection.pk]) not in page

    refused = client.post(reverse("evaluation:evaluator_add", args=[selection.pk]), {"user": personas.evaluator.pk})
    assert refused.status_code == 400
    assert "Heropen eerst het scoren" in refused.content.decode()
    assert not Evaluator.objects.filter(selection=selection, user=personas.evaluator).exists()

    api = f"/api/v1/organisations/{personas.organisation.pk}/selections/{selection.pk}/evaluators"
    response = client.post(api, json.dumps({"user_id": str(personas.evaluator.pk)}), content_type="application/json")
    assert response.status_code == 422
    assert not Evaluator.objects.filter(selection=selection, user=personas.evaluator).exists()
