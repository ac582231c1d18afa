"""readiness.yaml: the four success factors, the five data checks, the prerequisites and the
guide's figures load; broken copies are rejected with a message naming file and path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_topic_file
from partnerwijzer.knowledge.topics import readiness
from partnerwijzer.knowledge.topics.readiness import ReadinessFile


def test_factors_in_the_guides_order() -> None:
    data = readiness.load()
    assert [f.key for f in data.items] == ["problem_goals", "data", "iterative", "management", "prerequisites"]
    assert [f.kind for f in data.items].count("success_factor") == 4
    assert data.factor("prerequisites").kind == "prerequisite"
    assert data.version == "2026-11-27.1"
    assert "5 factors" in readiness.summary(data)


def test_the_five_data_checks() -> None:
    data = readiness.load()
    assert [q.key for q in data.factor("data").questions] == [
        "data_available", "data_quality", "data_legal", "data_format", "data_supply",
    ]


def test_the_internal_prerequisites() -> None:
    keys = [q.key for q in readiness.load().factor("prerequisites").questions]
    assert keys == ["data_strategy", "champions", "experiment_culture", "expectations"]


def test_the_guides_figures_with_provenance() -> None:
    data = readiness.load()
    values = {f.key: sorted(fig.value or 0 for fig in f.figures) for f in data.items}
    assert values == {
        "problem_goals": [23, 78], "data": [60, 67], "iterative": [37], "management": [34, 73, 82],
        "prerequisites": [],
    }
    for factor in data.items:
        for fig in factor.figures:
            assert fig.source == "guide-2025"
            assert fig.unit == "percent"


def test_every_question_has_weak_and_good_answers_and_scores_in_range() -> None:
    for question in readiness.load().questions:
        scores = [o.score for o in question.options]
        assert max(scores) in (2, 3), question.key
        assert min(scores) == 0, question.key
        assert any(o.score <= question.weak_at_most for o in question.options)
        assert any(o.score > question.weak_at_most for o in question.options)
        for text in (question.text, question.why, question.risk, question.action):
            assert text.nl
            assert text.en
            assert text.de


def test_german_uses_sie_and_dutch_u() -> None:
    data = readiness.load()
    german = " ".join(q.action.de for q in data.questions)
    dutch = " ".join(q.action.nl for q in data.questions)
    assert " Sie " in german
    assert " du " not in german.lower()
    assert " uw " in dutch
    assert " je " not in dutch


# --- broken copies ---------------------------------------------------------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    def make(change: Callable[[dict[str, Any]], None]) -> Path:
        shutil.copy(DATA_DIR / "sources.yaml", tmp_path / "sources.yaml")
        raw = yaml.safe_load((DATA_DIR / "readiness.yaml").read_text(encoding="utf-8"))
        change(raw)
        (tmp_path / "readiness.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return tmp_path

    return make


def _q(raw: dict[str, Any], factor: int = 0, question: int = 0) -> dict[str, Any]:
    result: dict[str, Any] = raw["items"][factor]["questions"][question]
    return result


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: _q(raw, 1, 0).update(key="problem_defined"), "used twice"),
        (lambda raw: _q(raw).update(weak_at_most=2), "every option is weak"),
        (lambda raw: [o.update(score=1) for o in _q(raw)["options"]], "none is weak"),
        (lambda raw: _q(raw)["options"][0].update(score=4), "less than or equal to 3"),
        (lambda raw: _q(raw)["options"][1].update(key="technology_first"), "option keys must be unique"),
        (lambda raw: _q(raw)["risk"].pop("de"), "risk.de: missing"),
        (lambda raw: raw["items"][0]["figures"][0].update(source="somewhere"), "unknown source 'somewhere'"),
        (lambda raw: raw["thresholds"].update(amber=80), "amber must be lower than green"),
        (lambda raw: raw["items"][0].update(kind="nice_to_have"), "kind"),
    ],
    ids=["duplicate question", "all weak", "none weak", "score too high", "duplicate option", "missing German",
         "unknown source", "thresholds", "kind"],
)
def test_broken_copies_are_rejected(
    broken: Callable[[Callable[[dict[str, Any]], None]], Path], change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        load_topic_file("readiness.yaml", ReadinessFile, broken(change))
    assert message in str(caught.value)
    assert "readiness.yaml" in str(caught.value)
