"""contract.yaml: the guide's eleven contract items in order, the AI Act and GDPR items, the KPI
text, each with a known source and texts in three languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError
from partnerwijzer.knowledge.topics import ai_act, contract
from partnerwijzer.knowledge.topics.contract import GUIDE_KEYS, ContractText

LANGS = ("nl", "en", "de")


def test_the_eight_critical_clauses_then_quality_risk_and_phases() -> None:
    data = contract.load()
    assert tuple(item.key for item in data.items) == GUIDE_KEYS
    assert len(GUIDE_KEYS) == 11
    assert data.clause("exit_strategy").name.get("en") == "Exit strategy"
    assert "initial analysis" in data.clause("phase_plan").description.get("en")
    assert "unlimited guarantees" in data.clause("risk_split").description.get("en")
    assert "training" in data.clause("data_protection").name.get("en")


def test_every_text_in_three_languages_with_questions_and_a_source() -> None:
    data = contract.load()
    texts: list[ContractText] = [*data.items, *data.ai_act_items, *data.gdpr_items, data.kpi]
    for text in texts:
        for lang in LANGS:
            assert text.name.get(lang)
            assert text.description.get(lang)
            assert all(q.get(lang) for q in text.questions)
        assert text.refs
    assert {ref.source for item in data.items for ref in item.refs} == {"guide-2025", "gdpr-2016"}
    assert all(item.refs[0].source == "guide-2025" for item in data.items)


def test_legal_items_name_the_law_and_the_article() -> None:
    data = contract.load()
    duties = {duty.key: duty for duty in ai_act.load().duties}
    for item in data.ai_act_items:
        assert item.refs[0].source == "eu-ai-act-2024"
        assert item.refs[0].article is not None
        # The article the item cites is one the screening's duty rests on (Art 26, 50, 53, ...).
        numbers = {ref.removeprefix("art_") for ref in duties[item.key].refs if ref.startswith("art_")}
        assert any(n in item.refs[0].article.get("en") for n in numbers), item.key
    logs = next(i for i in data.ai_act_items if i.key == "deployer_keep_logs")
    assert "six months" in logs.description.get("en")
    processor = next(i for i in data.gdpr_items if i.key == "processor_agreement")
    assert processor.refs[0].source == "gdpr-2016"
    assert processor.refs[0].article is not None
    assert processor.refs[0].article.get("en") == "Article 28"
    text = processor.description.get("en")
    for term in ("instructions", "confidentiality", "security", "sub-processors", "deletion or return", "audits",
                 "no training on your data"):
        assert term in text


def test_ai_act_items_are_duties_the_deployer_secures_through_the_contract() -> None:
    """The high-risk deployer duties, and (issue 11) the duties of any tier that need the
    supplier: the Article 50 notice and the model documentation. Never a provider's own duty."""
    duties = {duty.key: duty for duty in ai_act.load().duties}
    keys = {item.key for item in contract.load().ai_act_items}
    for key in keys:
        assert key in duties
        assert duties[key].roles in {("deployer",), ()}, key
    assert {"deployer_keep_logs", "deployer_compliant_system", "gpai_supplier_information"} <= keys


def test_text_for_finds_stored_items() -> None:
    data = contract.load()
    assert data.text_for("guide", "acceptance") is data.clause("acceptance")
    assert data.text_for("kpi", "kpi-anything") is data.kpi
    assert data.text_for("own", "") is None
    assert data.text_for("guide", "unknown") is None


def _copy(tmp_path: Path) -> dict:
    for name in ("contract.yaml", "sources.yaml", "ai_act.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return yaml.safe_load((tmp_path / "contract.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> None:
    (tmp_path / "contract.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_a_renamed_or_missing_guide_key_is_refused(tmp_path: Path) -> None:
    raw = _copy(tmp_path)
    raw["items"][0]["key"] = "scope"
    _write(tmp_path, raw)
    with pytest.raises(ReferenceDataError, match="items must have the keys"):
        contract.load_from(tmp_path)


def test_an_unknown_source_is_refused(tmp_path: Path) -> None:
    raw = _copy(tmp_path)
    raw["items"][2]["refs"][0]["source"] = "some-blog"
    _write(tmp_path, raw)
    with pytest.raises(ReferenceDataError, match=r"items\[2\]\.refs\[0\]\.source: unknown source 'some-blog'"):
        contract.load_from(tmp_path)


def test_an_ai_act_item_that_is_no_duty_is_refused(tmp_path: Path) -> None:
    raw = _copy(tmp_path)
    raw["ai_act_items"][0]["key"] = "deployer_dance"
    _write(tmp_path, raw)
    with pytest.raises(ReferenceDataError, match=r"'deployer_dance' is not a duty of ai_act\.yaml"):
        contract.load_from(tmp_path)


def test_a_missing_language_is_refused(tmp_path: Path) -> None:
    raw = _copy(tmp_path)
    del raw["gdpr_items"][0]["description"]["de"]
    _write(tmp_path, raw)
    with pytest.raises(ReferenceDataError, match=r"gdpr_items\.0\.description\.de: missing|gdpr_items\[0\]"):
        contract.load_from(tmp_path)
