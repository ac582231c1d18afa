"""Uploads of the portal tests go to a temporary folder, never to var/files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    return settings.PRIVATE_FILES_DIR
