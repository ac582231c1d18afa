"""The check_reference command and the start-up check in KnowledgeConfig.ready()."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from partnerwijzer.knowledge import loader
from partnerwijzer.knowledge.loader import DATA_DIR, ReferenceDataError


def test_check_reference_prints_summary() -> None:
    out = StringIO()
    call_command("check_reference", stdout=out)
    text = out.getvalue()
    assert text.startswith("Reference data OK: 8 criteria (7 selection criteria + price), 4 implementation models, ")
    assert "4 provider types, 6 sourcing channels, 5 departments" in text
    assert "criteria.yaml: 2026-" in text


def test_check_reference_fails_with_the_problem_list(tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken)
    path = broken / "criteria.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: guide-2025", "source: nope", 1), "utf-8")
    with pytest.raises(CommandError, match=r"criteria\.yaml: items\[0\]\.figures\[0\]\.source: unknown source 'nope'"):
        call_command("check_reference", data_dir=broken)


def test_ready_stops_start_up_on_broken_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ReferenceDataError(["criteria.yaml: items[0].name.de: missing"])

    monkeypatch.setattr(loader, "reference", broken)
    with pytest.raises(ImproperlyConfigured, match=r"items\[0\]\.name\.de: missing"):
        apps.get_app_config("knowledge").ready()


def test_check_reference_lists_facts_past_verify_by() -> None:
    out = StringIO()
    call_command("check_reference", "--today=2026-12-07", stdout=out)
    text = out.getvalue()
    assert "past verify_by on 2026-12-07" in text
    assert "funding.yaml: nl-mit (verify_by 2025-12-31, last verified 2024)" in text
    assert "de-zim" not in text.split("past verify_by", 1)[1]


def test_check_reference_lists_gdpr_references_past_verify_by() -> None:
    """The national DPIA lists and § 38 BDSG carry verify_by too (issue 14, point 12)."""
    out = StringIO()
    call_command("check_reference", "--today=2027-07-01", stdout=out)
    text = out.getvalue()
    assert "gdpr.yaml: refs.ap_list (verify_by 2027-06-30, last verified 2026-12-07)" in text
    assert "gdpr.yaml: refs.bdsg_38" not in text  # checked until the end of 2027


def test_check_reference_says_when_nothing_is_stale() -> None:
    out = StringIO()
    call_command("check_reference", "--today=2024-01-01", stdout=out)
    assert "No fact is past its verify_by date on 2024-01-01." in out.getvalue()


def test_check_reference_fails_on_an_inconsistent_flag(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A date tagged verified whose note says the Official Journal was not consulted (issue 14)."""
    import yaml

    from partnerwijzer.knowledge.topics import ai_act

    raw = yaml.safe_load((DATA_DIR / "ai_act.yaml").read_text(encoding="utf-8"))
    next(d for d in raw["dates"] if d["key"] == "new_ban")["verification"] = "verified"
    (tmp_path / "ai_act.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    shutil.copy(DATA_DIR / "sources.yaml", tmp_path / "sources.yaml")
    original = loader.load_topic_file

    def from_tmp(name: str, model: type, data_dir: Path | None = None) -> object:
        return original(name, model, tmp_path if name == "ai_act.yaml" else data_dir)

    monkeypatch.setattr(ai_act, "load_topic_file", from_tmp)
    ai_act.load.cache_clear()
    try:
        with pytest.raises(CommandError, match=r"dates\.new_ban: marked verified, but its note says"):
            call_command("check_reference")
    finally:
        ai_act.load.cache_clear()
