"""ai_act.yaml: the question tree loads in three languages; broken copies are rejected with a
message that names the problem (unknown route, missing translation, unknown reference)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError, load_topic_file
from partnerwijzer.knowledge.topics import ai_act
from partnerwijzer.knowledge.topics.ai_act import AiActFile


def test_the_tree_loads_in_the_acts_order() -> None:
    data = ai_act.load()
    assert data.start == "ai_system"
    sections = [n.section for n in data.nodes]
    order = [s.key for s in data.sections]
    assert sections == sorted(sections, key=order.index), "questions follow the order of the sections"
    assert order == ["scope", "role", "prohibited", "high_risk", "transparency", "gpai"]
    assert "13 questions" in ai_act.summary(data)


def test_every_text_in_three_languages() -> None:
    data = ai_act.load()
    for node in data.nodes:
        for lang in ("nl", "en", "de"):
            assert node.question.get(lang).endswith("?"), (node.key, lang)
            assert node.explanation.get(lang)


def test_article_5_lists_each_practice_and_the_new_ban() -> None:
    options = {o.key for o in ai_act.load().node("prohibited").options}
    assert options == {"none", "manipulation", "vulnerabilities", "social_scoring", "crime_prediction",
                       "face_scraping", "emotion_work", "biometric_categorisation", "realtime_rbi",
                       "intimate_imagery"}


def test_references_link_to_eur_lex_in_the_readers_language() -> None:
    ref = ai_act.load().ref("art_26")
    assert ref.url_for("de") == "https://eur-lex.europa.eu/legal-content/DE/TXT/HTML/?uri=OJ:L_202401689#art_26"
    assert ref.url_for("en").startswith("https://eur-lex.europa.eu/legal-content/EN/")
    assert ref.source == "eu-ai-act-2024"


def test_omnibus_dates() -> None:
    data = ai_act.load()
    assert str(data.date("annex_iii_high_risk").applies_from) == "2027-12-02"
    assert str(data.date("annex_i_high_risk").applies_from) == "2028-08-02"
    # Both dates are stated by the Council's press release on the final adoption (29 June 2026),
    # which the dates cite; the day of the new ban is not, so it keeps its flag.
    for key in ("annex_i_high_risk", "annex_iii_high_risk", "content_marking"):
        assert data.date(key).verification == "verified", key
        assert "council_2026" in data.date(key).refs, key
    assert data.date("new_ban").verification == "not_verified"
    council = data.ref("council_2026")
    assert council.verification == "verified"
    assert str(council.checked_on) == "2026-12-07"
    omnibus = data.ref("omnibus")
    # Cites the regulation on EUR-Lex, not a blog; the OJ text was not found, so it says why.
    assert omnibus.url.startswith("https://eur-lex.europa.eu/")
    assert "L_202601744" in omnibus.url
    assert omnibus.verification == "not_verified"
    assert omnibus.verification_note is not None
    assert str(omnibus.checked_on) == "2026-12-07"


def test_every_date_names_when_it_was_checked_and_when_to_check_again() -> None:
    for rule in ai_act.load().dates:
        assert rule.checked_on <= rule.verify_by, rule.key


def test_tags_and_notes_agree_in_the_shipped_tree() -> None:
    """Issue 14, point 1: the Annex III date was tagged verified while its note said the Official
    Journal was not consulted. No verified item may carry a text saying it was not checked."""
    data = ai_act.load()
    assert ai_act.verification_problems(data) == []
    # Now verified against the Council's press release, its note says so (and not the opposite).
    rule = data.date("annex_iii_high_risk")
    assert rule.verification == "verified"
    assert rule.note is not None
    assert "Council" in rule.note.en
    assert not ai_act.says_not_checked(rule.note)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: next(d for d in raw["dates"] if d["key"] == "new_ban").update(verification="verified"),
         "dates.new_ban: marked verified, but its note says it was not checked"),
        (lambda raw: next(r for r in raw["refs"] if r["key"] == "omnibus").pop("verification_note"),
         "refs.omnibus: not_verified needs a verification_note"),
        (lambda raw: next(d for d in raw["duties"] if d["key"] == "ai_literacy").update(verification="verified"),
         "duties.ai_literacy: marked verified, but its explanation says it was not checked"),
    ],
)
def test_inconsistent_flags_are_rejected(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    directory = _broken_copy(tmp_path, change)
    with pytest.raises(ReferenceDataError) as exc:
        load_topic_file("ai_act.yaml", AiActFile, directory)
    assert message in str(exc.value)


def _broken_copy(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    for name in ("ai_act.yaml", "sources.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    raw = yaml.safe_load((tmp_path / "ai_act.yaml").read_text(encoding="utf-8"))
    change(raw)
    (tmp_path / "ai_act.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _node(raw: dict[str, Any], key: str) -> dict[str, Any]:
    return next(n for n in raw["nodes"] if n["key"] == key)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: _node(raw, "role")["options"][0].update(next="nowhere"), "unknown node 'nowhere'"),
        (lambda raw: _node(raw, "gpai")["options"][0].update(outcome="limbo"), "unknown outcome 'limbo'"),
        (lambda raw: _node(raw, "role")["question"].pop("de"), "missing"),
        (lambda raw: _node(raw, "role").update(refs=["art_999"]), "unknown reference 'art_999'"),
        (lambda raw: raw["duties"][0].update(when_all=["no_such_flag"]), "no option sets the flag"),
        (lambda raw: _node(raw, "role")["options"][0].update(outcome="prohibited"), "exactly one of next or outcome"),
    ],
)
def test_broken_trees_are_rejected(tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str) -> None:
    directory = _broken_copy(tmp_path, change)
    with pytest.raises(ReferenceDataError) as exc:
        load_topic_file("ai_act.yaml", AiActFile, directory)
    assert message in str(exc.value)
