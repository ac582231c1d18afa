"""model_advice.yaml: inputs, questions and rules are consistent with each other and with the
readiness questions and the company profile they read; broken copies are rejected."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_topic_file, reference
from partnerwijzer.knowledge.topics import model_advice, readiness
from partnerwijzer.knowledge.topics.model_advice import MODELS, ModelAdviceFile


def test_loads_with_the_six_advice_questions() -> None:
    data = model_advice.load()
    assert [q.key for q in data.questions] == [
        "coordination", "build_competence", "speed", "problem_bounded", "champions", "convince",
    ]
    assert "6 questions" in model_advice.summary(data)


def test_models_are_those_of_the_implementation_models_file() -> None:
    assert tuple(m.key for m in reference().implementation_models) == MODELS
    rules = model_advice.load().rules
    assert {r.model for r in rules} == set(MODELS)
    for model in MODELS:
        assert any(r.model == model and r.points > 0 for r in rules), model


def test_readiness_inputs_and_fallbacks_match_the_readiness_questions() -> None:
    data = model_advice.load()
    questions = readiness.load()
    for item in data.inputs:
        if item.source == "readiness":
            question = questions.question(item.key)
            assert question is not None, item.key
            assert tuple(o.key for o in question.options) == item.values
    for advice_question in data.questions:
        if advice_question.fallback:
            question = questions.question(advice_question.fallback)
            assert question is not None
            assert [o.key for o in question.options] == [o.key for o in advice_question.options]


def test_profile_inputs_match_the_profile_choices() -> None:
    from partnerwijzer.planning.models import AiExperience, Capacity

    data = model_advice.load()
    assert data.input("ai_experience").values == tuple(AiExperience.values)
    assert data.input("tech_capacity").values == tuple(Capacity.values)
    assert data.input("company_size").values == ("small", "medium", "large")


# --- broken copies ---------------------------------------------------------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    def make(change: Callable[[dict[str, Any]], None]) -> Path:
        shutil.copy(DATA_DIR / "sources.yaml", tmp_path / "sources.yaml")
        raw = yaml.safe_load((DATA_DIR / "model_advice.yaml").read_text(encoding="utf-8"))
        change(raw)
        (tmp_path / "model_advice.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        return tmp_path

    return make


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["rules"][0].update(input="mood"), "unknown input 'mood'"),
        (lambda raw: raw["rules"][0].update(values=["expert"]), "has no value(s) expert"),
        (lambda raw: raw["rules"][0].update(points=0), "points must not be 0"),
        (lambda raw: raw["rules"][0].update(model="freelancer"), "model"),
        (lambda raw: raw["rules"][1].update(key=raw["rules"][0]["key"]), "rule keys must be unique"),
        (lambda raw: raw.update(tie_order=["lighthouse", "hybrid"]), "tie_order must list each"),
        (lambda raw: raw["questions"][0]["options"].pop(), "option keys must equal the input's values"),
        (lambda raw: raw["inputs"].pop(5), "declare it under inputs"),
        (lambda raw: raw["rules"][0]["reason"].pop("nl"), "reason.nl: missing"),
    ],
    ids=["unknown input", "unknown value", "zero points", "unknown model", "duplicate rule", "tie order",
         "options differ", "undeclared question", "missing Dutch"],
)
def test_broken_copies_are_rejected(
    broken: Callable[[Callable[[dict[str, Any]], None]], Path], change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(ReferenceDataError) as caught:
        load_topic_file("model_advice.yaml", ModelAdviceFile, broken(change))
    assert message in str(caught.value)
