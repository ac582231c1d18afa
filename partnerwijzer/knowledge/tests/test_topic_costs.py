"""costs.yaml: the guide's cost categories, running cost, effort, buffer, hidden costs and ROI
reference values (brief sections 7 and 8), each with its source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_topic_file
from partnerwijzer.knowledge.schema import iter_figures
from partnerwijzer.knowledge.topics import costs


def _range(figure: object) -> tuple[float | None, float | None]:
    return getattr(figure, "low", None), getattr(figure, "high", None)


@pytest.mark.parametrize(
    ("key", "share", "typical"),
    [
        ("strategy", (15, 25), (20_000, 50_000)),
        ("data", (20, 35), (30_000, 70_000)),
        ("model", (15, 25), (25_000, 60_000)),
        ("implementation", (20, 30), (35_000, 80_000)),
        ("training", (10, 20), (15_000, 40_000)),
    ],
)
def test_categories_carry_the_guides_ranges(key: str, share: tuple[int, int], typical: tuple[int, int]) -> None:
    category = costs.load().category(key)
    assert _range(category.share) == share
    assert category.share.unit == "percent"
    assert _range(category.typical) == typical
    assert category.typical.unit == "eur"


def test_running_effort_buffer_and_return() -> None:
    data = costs.load()
    assert _range(data.running.share_of_initial) == (15, 25)
    assert _range(data.running.typical) == (20_000, 60_000)
    assert data.running.typical.unit == "eur_per_year"
    assert _range(data.internal_effort) == (10, 30)
    assert _range(data.buffer) == (20, 30)
    assert _range(data.roi.payback) == (12, 24)
    assert _range(data.roi.roi_three_years) == (150, 300)
    assert [s.share.value for s in data.roi.composition] == [40, 30, 30]
    assert sum(s.share.value or 0 for s in data.roi.composition) == 100


def test_hidden_costs_have_a_kind_and_remedy_in_three_languages() -> None:
    data = costs.load()
    kinds = {h.key: h.kind for h in data.hidden_costs}
    assert kinds == {
        "data_cleaning": "one_off", "legacy_integration": "one_off", "retraining": "running",
        "change_management": "one_off", "scaling": "running",
    }
    assert data.hidden_cost("data_cleaning").figure is not None
    assert data.hidden_cost("data_cleaning").figure.value == 68
    for item in data.hidden_costs:
        for lang in ("nl", "en", "de"):
            assert item.name.get(lang)
            assert item.remedy.get(lang)


def test_every_figure_names_the_guide_as_source() -> None:
    figures = list(iter_figures(costs.load(), ""))
    assert len(figures) >= 16
    assert {figure.source for _, figure in figures} == {"guide-2025"}


def test_a_renamed_key_is_refused(tmp_path: Path) -> None:
    for name in ("costs.yaml", "sources.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    raw = yaml.safe_load((tmp_path / "costs.yaml").read_text(encoding="utf-8"))
    raw["categories"][0]["key"] = "strategy_consulting"
    (tmp_path / "costs.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="categories must have the keys"):
        load_topic_file("costs.yaml", costs.CostsFile, data_dir=tmp_path)


def test_summary() -> None:
    assert costs.summary(costs.load()).startswith("costs.yaml: 5 cost categories, 5 hidden costs, 5 benefit factors")
