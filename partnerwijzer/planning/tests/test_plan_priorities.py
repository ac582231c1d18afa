"""Prioritisation (/plan/priorities/): scoring, the ranked list with ties explained, the lighthouse,
the matrix chart and the page's query count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.selectors import priorities_for, quadrant, rank_use_cases
from partnerwijzer.planning.usecases.services import lighthouse_set, priority_set, use_case_create
from tests.personas import Personas

URL = "/plan/priorities/"


def _make(p: Personas, title: str, impact: int | None = None, feasibility: int | None = None) -> UseCase:
    use_case = use_case_create(actor=p.owner, organisation=p.organisation, title=title)
    if impact is not None:
        priority_set(actor=p.owner, use_case=use_case, impact=impact, feasibility=feasibility)
    return use_case


def _scores(use_case: UseCase, impact: str, feasibility: str) -> dict[str, str]:
    return {f"uc-{use_case.pk}-impact": impact, f"uc-{use_case.pk}-feasibility": feasibility}


def test_routes() -> None:
    assert reverse("planning:priorities") == URL
    assert reverse("planning:priority_chart") == "/plan/priorities/matrix.svg"


@pytest.mark.parametrize(
    ("impact", "feasibility", "expected"),
    [(5, 5, "do_first"), (3, 3, "do_first"), (5, 2, "plan"), (2, 5, "extra"), (1, 1, "reconsider"), (2, 3, "extra")],
)
def test_quadrants(impact: int, feasibility: int, expected: str) -> None:
    assert quadrant(impact, feasibility) == expected


def test_ranking_by_product_with_ties_explained(personas: Personas) -> None:
    _make(personas, "B high feasibility", 3, 4)  # 12
    _make(personas, "A high impact", 4, 3)  # 12, higher impact: first
    _make(personas, "Top", 5, 4)  # 20
    _make(personas, "D twin", 2, 2)  # 4
    _make(personas, "C twin", 2, 2)  # 4, same scores: alphabetical
    _make(personas, "Unscored")
    ranking = priorities_for(organisation=personas.organisation)
    assert [(r.position, r.use_case.title, r.score) for r in ranking.ranked] == [
        (1, "Top", 20), (2, "A high impact", 12), (3, "B high feasibility", 12), (4, "C twin", 4), (5, "D twin", 4),
    ]
    notes = [bool(r.tie_note) for r in ranking.ranked]
    assert notes == [False, False, True, False, True]
    assert "A high impact" in ranking.ranked[2].tie_note
    assert [u.title for u in ranking.unscored] == ["Unscored"]


def test_rank_use_cases_needs_no_database() -> None:
    cases = [UseCase(title="X", impact=1, feasibility=5), UseCase(title="Y", impact=5, feasibility=1)]
    ranking = rank_use_cases(cases)
    assert [r.use_case.title for r in ranking.ranked] == ["Y", "X"]


def test_empty_state(personas: Personas) -> None:
    html = personas.client("viewer").get(URL).content.decode()
    assert 'id="no-use-cases"' in html


def test_page_shows_questions_matrix_and_ranking(personas: Personas) -> None:
    first = _make(personas, "Maintenance", 5, 4)
    _make(personas, "Quotes", 4, 3)
    html = personas.client("viewer").get(URL).content.decode()
    assert 'id="matrix"' in html
    assert f'src="{reverse("planning:priority_chart")}"' in html
    assert f'id="rank-{first.pk}" data-position="1"' in html
    assert 'id="scores"' not in html  # readers see no score forms
    assert html.count("<li>") >= 6  # six guiding questions


def test_owner_scores_a_use_case(personas: Personas) -> None:
    use_case = _make(personas, "Quotes")
    response = personas.client("owner").post(reverse("planning:priority_set", args=[use_case.pk]),
                                              _scores(use_case, "4", "2"))
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#score-{use_case.pk}"
    use_case.refresh_from_db()
    assert (use_case.impact, use_case.feasibility) == (4, 2)


def test_an_out_of_range_score_is_refused_with_the_form_shown(personas: Personas) -> None:
    use_case = _make(personas, "Quotes", 3, 3)
    response = personas.client("owner").post(reverse("planning:priority_set", args=[use_case.pk]),
                                              _scores(use_case, "9", "3"))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    use_case.refresh_from_db()
    assert use_case.impact == 3


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_others_cannot_score_or_mark(personas: Personas, persona: str, status: int) -> None:
    use_case = _make(personas, "Quotes", 3, 3)
    client = personas.client(persona)
    assert client.post(reverse("planning:priority_set", args=[use_case.pk]), _scores(use_case, "5", "5")).status_code \
        == status
    assert client.post(reverse("planning:lighthouse_set", args=[use_case.pk]), {"is_lighthouse": "1"}).status_code \
        == status
    use_case.refresh_from_db()
    assert (use_case.impact, use_case.is_lighthouse) == (3, False)


def test_owner_moves_the_lighthouse(personas: Personas) -> None:
    first, second = _make(personas, "A", 5, 5), _make(personas, "B", 4, 4)
    client = personas.client("owner")
    client.post(reverse("planning:lighthouse_set", args=[first.pk]), {"is_lighthouse": "1"})
    response = client.post(reverse("planning:lighthouse_set", args=[second.pk]), {"is_lighthouse": "1"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_lighthouse, second.is_lighthouse) == (False, True)
    html = client.get(URL).content.decode()
    assert "Unmark" in html or "lighthouse" in html
    client.post(reverse("planning:lighthouse_set", args=[second.pk]), {"is_lighthouse": "0"})
    assert not UseCase.objects.filter(is_lighthouse=True).exists()


def test_query_count_does_not_grow_with_use_cases(personas: Personas, django_assert_num_queries: Any) -> None:
    for n in range(3):
        _make(personas, f"Case {n}", 1 + n, 5 - n)
    lighthouse_set(actor=personas.owner, use_case=UseCase.objects.first())  # type: ignore[arg-type]
    client = personas.client("owner")
    client.get(URL)
    # session, user, memberships, use cases (the org switcher reuses the memberships: issue 17 item 7;
    # no session save: renewed by the first view)
    with django_assert_num_queries(4):
        client.get(URL)
    for n in range(3, 9):
        _make(personas, f"Case {n}", 3, 3)
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.content.decode().count('class="card score-card') == 9


def test_saving_one_card_keeps_the_scores_chosen_on_the_other_cards(personas: Personas) -> None:
    """Issue 11, finding 7: the cards are one form; saving one saves every card the user touched."""
    first, second, untouched = _make(personas, "Chatbot"), _make(personas, "Quotes"), _make(personas, "Later")
    client = personas.client("owner")
    html = client.get(URL).content.decode()
    assert html.count('id="score-form"') == 1  # one form holds every card
    response = client.post(reverse("planning:priority_set", args=[second.pk]),
                           {**_scores(first, "5", "4"), **_scores(second, "3", "2")})
    assert response.status_code == 302
    for use_case in (first, second, untouched):
        use_case.refresh_from_db()
    assert (first.impact, first.feasibility) == (5, 4)
    assert (second.impact, second.feasibility) == (3, 2)
    assert (untouched.impact, untouched.feasibility) == (None, None)


def test_an_error_on_one_card_keeps_every_cards_input_and_saves_nothing(personas: Personas) -> None:
    first, second = _make(personas, "Chatbot"), _make(personas, "Quotes")
    response = personas.client("owner").post(reverse("planning:priority_set", args=[second.pk]),
                                             {**_scores(first, "5", "4"), f"uc-{second.pk}-impact": "3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(rf'name="uc-{first.pk}-impact" value="5"[^>]*checked', html)
    first.refresh_from_db()
    assert first.impact is None


def test_make_this_the_lighthouse_keeps_the_cards_selection(personas: Personas) -> None:
    """Issue 11, finding 7: choosing the lighthouse saved nothing the user had selected."""
    first, second = _make(personas, "Chatbot"), _make(personas, "Quotes", 2, 2)
    response = personas.client("owner").post(
        reverse("planning:lighthouse_set", args=[first.pk]),
        {**_scores(first, "5", "5"), **_scores(second, "4", "4"), "is_lighthouse": "1"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.impact, first.feasibility, first.is_lighthouse) == (5, 5, True)
    assert (second.impact, second.feasibility) == (4, 4)
