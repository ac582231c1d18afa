"""archetypes.yaml: the eight types of AI application and the guide's figures, never invented ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError
from partnerwijzer.knowledge.topics import archetypes

KEYS = (
    "document_analysis", "customer_service", "visual_quality_control", "predictive_maintenance", "forecasting",
    "content_generation", "process_optimisation", "other",
)


def _range(figure: object) -> tuple[float | None, float | None]:
    return getattr(figure, "low", None), getattr(figure, "high", None)


def test_the_eight_archetypes_in_three_languages() -> None:
    data = archetypes.load()
    assert data.keys == KEYS
    for item in data.items:
        for lang in ("nl", "en", "de"):
            assert item.name.get(lang)
            assert item.description.get(lang)


@pytest.mark.parametrize(
    ("key", "payback", "duration"),
    [
        ("document_analysis", (6, 10), (6, 12)),
        ("customer_service", (8, 12), None),
        ("visual_quality_control", (10, 16), None),
        ("predictive_maintenance", (10, 16), (6, 12)),
        ("forecasting", None, (3, 6)),
        ("content_generation", None, None),
        ("process_optimisation", None, None),
        ("other", None, None),
    ],
)
def test_figures_are_the_guides_and_only_where_it_gives_one(
    key: str, payback: tuple[int, int] | None, duration: tuple[int, int] | None
) -> None:
    data = archetypes.load()
    item = data.archetype(key)
    assert (_range(item.payback) if item.payback else None) == payback
    klass = data.duration_for(item)
    assert (_range(klass.duration) if klass else None) == duration
    for figure in (item.payback, klass.duration if klass else None):
        if figure is not None:
            assert figure.source == "guide-2025"
            assert figure.unit == "months"


def test_general_figures() -> None:
    data = archetypes.load()
    assert _range(data.general_payback) == (12, 24)
    assert _range(data.first_value) == (2, 3)
    durations = {d.key: _range(d.duration) for d in data.durations}
    assert durations == {"simple": (3, 6), "medium": (6, 12), "complex": (12, 24)}


def test_unknown_key() -> None:
    with pytest.raises(KeyError):
        archetypes.load().archetype("robotics")


def test_a_broken_file_names_the_problem(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text((DATA_DIR / "sources.yaml").read_text())
    text = (DATA_DIR / "archetypes.yaml").read_text().replace("source: guide-2025", "source: made-up", 1)
    (tmp_path / "archetypes.yaml").write_text(text)
    from partnerwijzer.knowledge.loader import load_topic_file

    with pytest.raises(ReferenceDataError) as error:
        load_topic_file("archetypes.yaml", archetypes.ArchetypesFile, tmp_path)
    assert "unknown source 'made-up'" in str(error.value)


def test_summary_line() -> None:
    line = archetypes.summary(archetypes.load())
    assert line.startswith("archetypes.yaml: 8 archetypes (4 with a reference payback)")
