"""The ranking page and its SVG charts, as owner, evaluator (before and after submitting),
viewer (before and after scoring closes) and outsider; plus a pinned query count."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer.evaluation.models import ScoringSetup
from partnerwijzer.evaluation.tests.builders import Built, knock_out, make_scored_selection
from tests.personas import Personas

NS = "{http://www.w3.org/2000/svg}"
CRITERIA = (("Expertise", 50, False), ("Data protection", 30, False), ("Price", 20, True))
SCORES = [
    [[5, 5, 3], [4, 4, 4], [2, 3, 5], [3, 3, 3]],
    [[4, 4, 3], [4, 4, 4], [2, 3, 3], [3, 3, 3]],
]
NAMES = ("Alpha", "Beta", '<script>alert(1)</script> & Co', "Delta")


@pytest.fixture
def scored(personas: Personas) -> Built:
    """The evaluator persona holds seat 0, not yet submitted; the owner scores too (seat 1) and
    submitted, so they see the ranking (blind scoring applies to owners as to anyone)."""
    built = make_scored_selection(
        organisation=personas.organisation, candidates=NAMES, criteria=CRITERIA, scores=SCORES,
        submitted=[False, True], users=[personas.evaluator, personas.owner],
    )
    knock_out(built, "Delta", "Data protection", "No EU hosting <b>at all</b>")
    return built


def _submit(built: Built) -> None:
    seat = built.evaluators[0]
    seat.submitted_at = timezone.now()
    seat.save()


def _close(built: Built) -> None:
    ScoringSetup.objects.update_or_create(selection=built.selection, defaults={"closed_at": timezone.now()})


def _urls(built: Built) -> dict[str, str]:
    kw = {"selection_id": built.selection.pk}
    return {
        "page": reverse("evaluation:ranking", kwargs=kw),
        "acceptability": reverse("evaluation:ranking_acceptability", kwargs=kw),
        "tornado": reverse("evaluation:ranking_tornado", kwargs=kw),
        "radar": reverse("evaluation:ranking_radar", kwargs={**kw, "candidate_id": built.candidate("Alpha").pk}),
    }


def _statuses(client: Client, built: Built) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in _urls(built).items()}


def _charts(client: Client, built: Built) -> set[int]:
    """The statuses of the three chart images (the ranking's data)."""
    return {status for name, status in _statuses(client, built).items() if name != "page"}


def _denied(client: Client, built: Built) -> bool:
    """The page explains that the ranking is not available yet (a normal page, so the browser logs
    no error), and shows none of it: no candidate, no chart."""
    response = client.get(_urls(built)["page"])
    assert response.status_code == 200
    html = response.content.decode()
    denied = 'data-testid="ranking-denied"' in html
    if denied:
        assert "ranked_rows" not in response.context
        assert not any(name in html for name in ("Alpha", "Beta", "Delta"))
        assert all(_urls(built)[chart] not in html for chart in ("acceptability", "tornado", "radar"))
    return denied


def test_owner_sees_the_ranking(personas: Personas, scored: Built) -> None:
    _submit(scored)
    response = personas.client("owner").get(_urls(scored)["page"])
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["ranked_rows"]
    assert [r["result"].candidate.name for r in rows] == ["Alpha", "Beta", NAMES[2]]
    assert f'data-candidate="{scored.candidate("Alpha").pk}" data-rank="1"' in html
    assert 'data-method="weighted_sum" aria-current="page"' in html
    # Charts are images from their own URLs, with alt text; no inline style anywhere.
    for name in ("acceptability", "tornado"):
        assert f'src="{_urls(scored)[name]}"' in html
    assert _urls(scored)["radar"] in html
    assert 'style="' not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    # Excluded candidate with the reason (escaped), agreement and disagreement shown.
    assert f'data-candidate="{scored.candidate("Delta").pk}"' in html
    assert "No EU hosting &lt;b&gt;at all&lt;/b&gt;" in html
    assert "data-kendall-w=" in html
    assert f'data-criterion="{scored.criterion("Price").pk}"' in html


def test_topsis_toggle(personas: Personas, scored: Built) -> None:
    _submit(scored)
    client = personas.client("owner")
    response = client.get(_urls(scored)["page"], {"method": "topsis"})
    assert response.status_code == 200
    assert response.context["method"] == "topsis"
    assert 'data-method="topsis" aria-current="page"' in response.content.decode()
    scores = [r["result"].score for r in response.context["ranked_rows"]]
    assert all(0 <= s <= 1 for s in scores)
    # An unknown method falls back to the weighted sum rather than failing.
    assert client.get(_urls(scored)["page"], {"method": "nonsense"}).context["method"] == "weighted_sum"


def test_evaluator_sees_the_ranking_only_after_submitting(personas: Personas, scored: Built) -> None:
    client = personas.client("evaluator")
    before = client.get(_urls(scored)["page"])
    assert _denied(client, scored)
    viewer_message = personas.client("viewer").get(_urls(scored)["page"]).context["message"]
    assert before.context["message"] != viewer_message  # the evaluator is told to submit first
    assert _charts(client, scored) == {403}
    _submit(scored)
    assert not _denied(client, scored)
    assert set(_statuses(client, scored).values()) == {200}


def test_viewer_sees_the_ranking_once_scoring_is_closed(personas: Personas, scored: Built) -> None:
    _submit(scored)
    client = personas.client("viewer")
    assert _denied(client, scored)
    assert _charts(client, scored) == {403}
    _close(scored)
    assert not _denied(client, scored)
    assert set(_statuses(client, scored).values()) == {200}


def test_outsider_gets_the_uniform_404(personas: Personas, scored: Built) -> None:
    _submit(scored)
    _close(scored)
    assert set(_statuses(personas.client("outsider"), scored).values()) == {404}


def test_anonymous_is_sent_to_login(personas: Personas, scored: Built) -> None:
    response = Client().get(_urls(scored)["page"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["acceptability", "tornado", "radar"])
def test_charts_are_safe_svg_images(personas: Personas, scored: Built, name: str) -> None:
    _submit(scored)
    response = personas.client("owner").get(_urls(scored)[name])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "<script>" not in body
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{NS}svg"
    assert all("style" not in el.attrib for el in root.iter())
    assert root.find(f"{NS}title") is not None


def test_radar_of_an_excluded_or_unknown_candidate_is_404(personas: Personas, scored: Built) -> None:
    client = personas.client("owner")
    kw = {"selection_id": scored.selection.pk}
    excluded = reverse("evaluation:ranking_radar", kwargs={**kw, "candidate_id": scored.candidate("Delta").pk})
    other = make_scored_selection(organisation=personas.organisation, scores=[[[3, 3]] * 3])
    foreign = reverse("evaluation:ranking_radar", kwargs={**kw, "candidate_id": other.candidates[0].pk})
    assert client.get(excluded).status_code == 404
    assert client.get(foreign).status_code == 404


def test_empty_state_says_what_to_do(personas: Personas) -> None:
    built = make_scored_selection(organisation=personas.organisation, criteria=CRITERIA, closed=True)
    response = personas.client("owner").get(reverse("evaluation:ranking", kwargs={"selection_id": built.selection.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-state="no_submissions"' in html
    assert "ranking-table" not in html
    chart = reverse("evaluation:ranking_acceptability", kwargs={"selection_id": built.selection.pk})
    assert personas.client("owner").get(chart).status_code == 404


def _big(personas: Personas, candidates: int, evaluators: int) -> Built:
    rng = np.random.default_rng(candidates + evaluators)
    return make_scored_selection(
        organisation=personas.organisation,
        candidates=[f"Firm {i}" for i in range(candidates)],
        criteria=[(f"C{j}", 100 / 7 if j else 100 - 6 * round(100 / 7, 2), j == 6) for j in range(7)],
        scores=rng.integers(1, 6, size=(evaluators, candidates, 7)).tolist(), closed=True,
    )


# Session, user, membership, selection (scoring is closed, so no seat check), the seven
# queries of decision_matrix_for (one reads the seats excluded for a conflict of interest), the
# declared conflicts still awaiting a decision, and the session save of every request (savepoint,
# update, release); the header's list of the user's organisations reuses the memberships (issue 17).
PAGE_QUERIES = 15


@pytest.mark.parametrize(("candidates", "evaluators"), [(3, 2), (8, 5)])
def test_ranking_page_query_count_is_pinned(
    personas: Personas, django_assert_num_queries: Any, candidates: int, evaluators: int
) -> None:
    built = _big(personas, candidates, evaluators)
    knock_out(built, "Firm 1", "C1", "Fails the must-have")
    client = personas.client("owner")
    url = reverse("evaluation:ranking", kwargs={"selection_id": built.selection.pk})
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["ranked_rows"]) == candidates - 1
