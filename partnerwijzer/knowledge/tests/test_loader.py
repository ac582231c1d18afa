"""The real data files load, and broken copies are rejected with messages naming file and path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_reference, reference
from partnerwijzer.knowledge.schema import FILE_MODELS, LANGUAGES, LocalisedText, ReferenceData

# --- the real files ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load_reference()


def test_real_files_load_with_expected_content(ref: ReferenceData) -> None:
    assert [c.key for c in ref.selection_criteria] == [
        "industry_expertise",
        "technology",
        "end_to_end",
        "training_change",
        "data_protection",
        "references",
        "cultural_fit",
    ]
    assert ref.price_criterion.key == "price"
    assert [m.key for m in ref.implementation_models] == ["generalist", "specialist_network", "hybrid", "lighthouse"]
    assert [p.key for p in ref.provider_types] == [
        "it_consultancy",
        "ai_pure_player",
        "industry_specialist",
        "ai_startup_ecosystem",
    ]
    assert {c.key for c in ref.sourcing_channels} == {
        "personal_recommendation",
        "industry_networks",
        "associations_chambers",
        "funding_programmes",
        "articles_case_studies",
        "trade_fairs",
    }
    assert [d.key for d in ref.department_budget] == [
        "production_operations",
        "sales_marketing",
        "rnd",
        "administration",
        "hr",
    ]
    assert set(ref.versions) == set(FILE_MODELS)
    assert ref.version == max(ref.versions.values())


def test_guide_figures_are_encoded(ref: ReferenceData) -> None:
    def values(figures: Any) -> list[float | None]:
        return [f.value for f in figures]

    assert values(ref.criterion("industry_expertise").figures) == [76]
    assert values(ref.price_criterion.figures) == [38, 22]
    assert [m.share.value for m in ref.implementation_models] == [43, 27, 22, 18]
    assert values(ref.implementation_model("hybrid").figures) == [3.2]
    assert values(ref.implementation_model("lighthouse").figures) == [76]
    assert [p.share.value for p in ref.provider_types] == [35, 27, 22, 16]
    assert [d.share.value for d in ref.department_budget] == [32, 24, 18, 15, 11]
    recommendation = ref.sourcing_channel("personal_recommendation")
    assert recommendation.highlight
    assert values(recommendation.figures) == [67]
    assert [c.key for c in ref.sourcing_channels if c.highlight] == ["personal_recommendation"]


def test_hard_and_soft_factors(ref: ReferenceData) -> None:
    soft = {c.key for c in ref.selection_criteria if c.factor == "soft"}
    assert soft == {"training_change", "cultural_fit"}
    assert all(not c.is_price for c in ref.selection_criteria)


def test_every_figure_has_a_known_source_and_a_date(ref: ReferenceData) -> None:
    figures = list(ref.all_figures())
    assert len(figures) >= 20
    source_keys = {s.key for s in ref.sources}
    for path, figure in figures:
        assert figure.source in source_keys, path
        assert figure.as_of, path
        for lang in LANGUAGES:
            assert figure.format(lang), path


def test_the_guide_is_a_source_with_a_caveat(ref: ReferenceData) -> None:
    guide = ref.source("guide-2025")
    assert guide.year == 2025
    assert guide.kind == "practitioner guide"
    assert "controleren" in guide.caveat.nl
    assert "check" in guide.caveat.en
    assert "prüfen" in guide.caveat.de


def _texts(node: object) -> list[LocalisedText]:
    if isinstance(node, LocalisedText):
        return [node]
    if isinstance(node, BaseModel):
        return [t for name in type(node).model_fields for t in _texts(getattr(node, name))]
    if isinstance(node, tuple | list):
        return [t for child in node for t in _texts(child)]
    return []


def test_texts_are_translated_not_copied(ref: ReferenceData) -> None:
    # A text identical in all three languages is nearly always a forgotten translation.
    texts = _texts(ref)
    assert len(texts) > 250
    untranslated = [t.nl for t in texts if t.nl == t.en == t.de]
    assert untranslated == []


def test_lookups_and_cache(ref: ReferenceData) -> None:
    assert reference() is reference()
    assert reference().criterion("references") == ref.criterion("references")
    assert ref.criterion("technology").rubric.for_score(5).get("en").startswith("Openly compares")
    with pytest.raises(KeyError, match="no criterion with key 'nope'"):
        ref.criterion("nope")
    with pytest.raises(KeyError, match="scores 1, 3 and 5"):
        ref.criterion("technology").rubric.for_score(2)


# --- broken copies ----------------------------------------------------------------------------

Data = dict[str, Any]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(directory: Path, name: str, change: Callable[[Data], object]) -> None:
    path = directory / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(directory: Path) -> tuple[str, ...]:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(directory)
    return caught.value.problems


def _set_range(share: Data, low: float, high: float) -> None:
    share.pop("value")
    share.update(low=low, high=high)


def _duplicate_key(data: Data) -> None:
    data["items"][3]["key"] = data["items"][0]["key"]


BROKEN: list[tuple[str, str, Callable[[Data], object], str]] = [
    (
        "missing language",
        "criteria.yaml",
        lambda d: d["items"][2]["rubric"][3].pop("de"),
        "criteria.yaml: items[2].rubric.3.de: missing",
    ),
    (
        "empty text",
        "criteria.yaml",
        lambda d: d["items"][0]["name"].update(nl="  "),
        "criteria.yaml: items[0].name.nl: must not be empty",
    ),
    (
        "fourth language",
        "department_budget.yaml",
        lambda d: d["items"][1]["name"].update(fr="Ventes"),
        "department_budget.yaml: items[1].name.fr: unexpected field (not part of the schema; check the spelling)",
    ),
    (
        "unknown source",
        "provider_types.yaml",
        lambda d: d["items"][1]["share"].update(source="made-up-study"),
        # The message goes on to list the known sources, e.g. "(sources.yaml has: ..., guide-2025)".
        "provider_types.yaml: items[1].share.source: unknown source 'made-up-study' (sources.yaml has: ",
    ),
    (
        "low above high",
        "implementation_models.yaml",
        lambda d: _set_range(d["items"][0]["share"], 50, 40),
        "implementation_models.yaml: items[0].share: low (50) must not be greater than high (40)",
    ),
    (
        "value and range",
        "criteria.yaml",
        lambda d: d["items"][0]["figures"][0].update(low=70, high=80),
        "criteria.yaml: items[0].figures[0]: give either value or low/high, not both",
    ),
    (
        "neither value nor range",
        "criteria.yaml",
        lambda d: d["items"][1]["figures"][0].pop("value"),
        "criteria.yaml: items[1].figures[0]: give either value or both low and high",
    ),
    (
        "missing as_of",
        "sourcing_channels.yaml",
        lambda d: d["items"][0]["figures"][0].pop("as_of"),
        "sourcing_channels.yaml: items[0].figures[0].as_of: missing",
    ),
    (
        "bad as_of",
        "sourcing_channels.yaml",
        lambda d: d["items"][0]["figures"][0].update(as_of="last year"),
        (
            "sourcing_channels.yaml: items[0].figures[0].as_of: "
            "as_of must be a year or a date: 2025, 2025-06 or 2025-06-30"
        ),
    ),
    (
        "duplicate key",
        "sourcing_channels.yaml",
        _duplicate_key,
        "sourcing_channels.yaml: items[3].key: duplicate key 'personal_recommendation' (first used at items[0])",
    ),
    (
        "extra field",
        "implementation_models.yaml",
        lambda d: d["items"][0].update(colour="blue"),
        "implementation_models.yaml: items[0].colour: unexpected field (not part of the schema; check the spelling)",
    ),
    (
        "key not a slug",
        "provider_types.yaml",
        lambda d: d["items"][0].update(key="IT Consultancy"),
        "provider_types.yaml: items[0].key: must be a lower-case key such as industry_expertise, got 'IT Consultancy'",
    ),
    (
        "bad version",
        "criteria.yaml",
        lambda d: d.update(version="v2"),
        "criteria.yaml: version: must look like 2026-11-27.1 (date and counter), got 'v2'",
    ),
    (
        "six criteria",
        "criteria.yaml",
        lambda d: d["items"].pop(6),
        "criteria.yaml: items: expected 7 selection criteria (is_price: false), found 6",
    ),
    (
        "no price",
        "criteria.yaml",
        lambda d: d["items"].pop(),
        "criteria.yaml: items: expected exactly one price entry (is_price: true), found 0",
    ),
    (
        "unknown factor",
        "criteria.yaml",
        lambda d: d["items"][0].update(factor="medium"),
        "criteria.yaml: items[0].factor: Input should be 'hard' or 'soft'",
    ),
    (
        "empty check list",
        "criteria.yaml",
        lambda d: d["items"][0].update(check_items=[]),
        "criteria.yaml: items[0].check_items: Tuple should have at least 1 item after validation, not 0",
    ),
    (
        "shares do not add up",
        "provider_types.yaml",
        lambda d: d["items"][3]["share"].update(value=10),
        "provider_types.yaml: items[*].share: shares add up to 94%, expected 100% (±0.5)",
    ),
    (
        "share not in percent",
        "department_budget.yaml",
        lambda d: d["items"][4]["share"].update(unit="eur"),
        "department_budget.yaml: items[4].share.unit: a share must be in percent, got 'eur'",
    ),
    (
        "share as a range",
        "department_budget.yaml",
        lambda d: _set_range(d["items"][4]["share"], 10, 12),
        "department_budget.yaml: items[4].share: a share must be a single value, not a range",
    ),
]


@pytest.mark.parametrize(("case", "name", "change", "expected"), BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_copy_is_rejected(
    tmp_path: Path, case: str, name: str, change: Callable[[Data], object], expected: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory, name, change)
    problems = _problems(directory)
    assert any(p == expected or (expected.endswith(": ") and p.startswith(expected)) for p in problems), (
        f"{case}: {problems}"
    )


def test_unchanged_copy_loads(tmp_path: Path) -> None:
    # Guards the table above: a round trip through safe_dump alone must not break anything.
    directory = _copy(tmp_path)
    for name in FILE_MODELS:
        _edit(directory, name, lambda _d: None)
    assert load_reference(directory) == load_reference()


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory, "criteria.yaml", lambda d: d["items"][0]["why"].pop("en"))
    _edit(directory, "department_budget.yaml", lambda d: d["items"][0]["share"].update(source="nope"))
    problems = _problems(directory)
    assert "criteria.yaml: items[0].why.en: missing" in problems
    assert any(p.startswith("department_budget.yaml: items[0].share.source: unknown source 'nope'") for p in problems)
    with pytest.raises(ReferenceDataError, match=r"invalid \(2 problems\)"):
        load_reference(directory)


def test_missing_file(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "sources.yaml").unlink()
    problems = _problems(directory)
    assert problems[0] == f"sources.yaml: file not found in {directory}"
    # Without sources every figure's source is unknown; those are reported too.
    assert any("unknown source 'guide-2025'" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: '2026-11-27.1'\nitems: [\n", "provider_types.yaml: invalid YAML at line 3, column 1"),
        ("- just\n- a list\n", "provider_types.yaml: the file must be a mapping with 'version' and 'items'"),
        (
            "version: '2026-11-27.1'\nversion: '2026-11-28.1'\nitems: []\n",
            "provider_types.yaml: invalid YAML at line 2, column 1: key 'version' appears twice in one mapping",
        ),
    ],
    ids=["syntax error", "not a mapping", "key twice"],
)
def test_unreadable_yaml(tmp_path: Path, text: str, expected: str) -> None:
    directory = _copy(tmp_path)
    (directory / "provider_types.yaml").write_text(text, encoding="utf-8")
    problems = _problems(directory)
    assert any(p.startswith(expected) for p in problems), problems
