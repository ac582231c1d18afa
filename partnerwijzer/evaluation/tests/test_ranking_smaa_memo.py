"""The SMAA simulation behind the ranking page runs once per set of inputs and process: the page,
its acceptability chart and the API reuse it (issue 12: the chart used to run it a second time)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from partnerwijzer.evaluation.ranking import selectors
from partnerwijzer.evaluation.ranking.selectors import clear_smaa_memo


@pytest.fixture
def smaa_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = selectors.smaa

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["iterations"])
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "smaa", counting)
    clear_smaa_memo()
    yield calls
    clear_smaa_memo()


class _Matrix:
    """The fields of a DecisionMatrix that _smaa reads: 3 candidates x 2 criteria."""

    def __init__(self, mean: list[list[float]]) -> None:
        self.mean = np.array(mean)
        self.spread = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 0.0]])
        self.weights = np.array([0.6, 0.4])
        self.benefit = np.array([True, True])


def test_the_same_inputs_run_the_simulation_once_and_give_the_same_read_only_result(smaa_calls: list[int]) -> None:
    dm = _Matrix([[4.0, 3.0], [3.0, 5.0], [2.0, 2.0]])
    ranked = np.array([0, 1, 2])
    first = selectors._smaa(dm, ranked, 2000, 7)  # type: ignore[arg-type]
    again = selectors._smaa(dm, ranked, 2000, 7)  # type: ignore[arg-type]
    assert smaa_calls == [2000]
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(first.sum(axis=0), 1.0)  # acceptability: each rank is taken once
    assert not first.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        first[0, 0] = 1.0


def test_a_changed_score_seed_or_iteration_count_runs_it_again(smaa_calls: list[int]) -> None:
    ranked = np.array([0, 1, 2])
    base = selectors._smaa(_Matrix([[4.0, 3.0], [3.0, 5.0], [2.0, 2.0]]), ranked, 2000, 7)  # type: ignore[arg-type]
    selectors._smaa(_Matrix([[4.0, 3.0], [3.0, 5.0], [2.0, 2.5]]), ranked, 2000, 7)  # type: ignore[arg-type]
    selectors._smaa(_Matrix([[4.0, 3.0], [3.0, 5.0], [2.0, 2.0]]), ranked, 2000, 8)  # type: ignore[arg-type]
    selectors._smaa(_Matrix([[4.0, 3.0], [3.0, 5.0], [2.0, 2.0]]), ranked, 1000, 7)  # type: ignore[arg-type]
    assert smaa_calls == [2000, 2000, 2000, 1000]
    clear_smaa_memo()
    fresh = selectors._smaa(_Matrix([[4.0, 3.0], [3.0, 5.0], [2.0, 2.0]]), ranked, 2000, 7)  # type: ignore[arg-type]
    np.testing.assert_array_equal(base, fresh)  # the memo gives what a fresh simulation gives


@pytest.mark.django_db
def test_the_page_and_its_acceptability_chart_share_one_simulation(personas: Any, smaa_calls: list[int]) -> None:
    from django.urls import reverse

    from partnerwijzer.evaluation.tests.builders import make_scored_selection

    built = make_scored_selection(
        organisation=personas.organisation, candidates=("Alpha", "Beta", "Gamma"),
        criteria=(("Expertise", 60, False), ("Price", 40, True)),
        scores=[[[5, 3], [4, 4], [2, 5]], [[4, 3], [3, 4], [2, 4]]], submitted=[True, True],
        closed=True,  # an owner without a seat sees the ranking once scoring is closed (blind scoring)
    )
    kw = {"selection_id": built.selection.pk}
    client = personas.client("owner")
    assert client.get(reverse("evaluation:ranking", kwargs=kw)).status_code == 200
    assert client.get(reverse("evaluation:ranking_acceptability", kwargs=kw)).status_code == 200
    assert client.get(reverse("evaluation:ranking", kwargs=kw)).status_code == 200
    assert len(smaa_calls) == 1
