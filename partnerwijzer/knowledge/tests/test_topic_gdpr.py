"""gdpr.yaml: the GDPR screening loads; the EDPB's nine criteria and the national lists are there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_topic_file
from partnerwijzer.knowledge.topics import gdpr
from partnerwijzer.knowledge.topics.gdpr import GdprFile


def test_the_nine_edpb_criteria() -> None:
    data = gdpr.load()
    node = data.node(data.criteria_node)
    plain = [o.key for o in node.options if not o.exclusive]
    assert plain == ["scoring", "automated_decision", "monitoring", "sensitive", "large_scale", "combining",
                     "vulnerable", "innovative", "blocking"]
    assert data.criteria_threshold == 2
    assert "actions" in gdpr.summary(data)


def test_national_lists_per_country() -> None:
    data = gdpr.load()
    assert data.national_nodes == {"NL": "nl_list", "DE": "de_list"}
    assert data.node("nl_list").countries == ("NL",)
    assert "ai_interaction_evaluation" in {o.key for o in data.node("de_list").options}
    assert data.ref("dsk_list").verification == "not_verified"


def test_verdicts_complete() -> None:
    assert sorted(v.key for v in gdpr.load().verdicts) == ["not_required", "recommended", "required"]


def test_a_criteria_node_must_allow_several_answers(tmp_path: Path) -> None:
    for name in ("gdpr.yaml", "sources.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    raw = yaml.safe_load((tmp_path / "gdpr.yaml").read_text(encoding="utf-8"))
    raw["criteria_node"] = "art22"
    (tmp_path / "gdpr.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as exc:
        load_topic_file("gdpr.yaml", GdprFile, tmp_path)
    assert "must be a multiple-choice node" in str(exc.value)
