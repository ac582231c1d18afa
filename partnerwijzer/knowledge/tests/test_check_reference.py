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
