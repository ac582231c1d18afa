"""No file of the repository keeps a merge's conflict markers (docs/portal.md did, for weeks)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<<<<<<< |>>>>>>> )", re.MULTILINE)
FOLDERS = ("docs", "partnerwijzer", "decisioncore", "tests", "bench", "scripts", ".ci")
SUFFIXES = {".md", ".py", ".html", ".css", ".js", ".po", ".toml", ".txt", ".yaml", ".yml", ".sh"}


def test_no_text_file_of_the_repository_has_conflict_markers() -> None:
    paths = [p for folder in FOLDERS if (ROOT / folder).is_dir() for p in (ROOT / folder).rglob("*")]
    paths += list(ROOT.glob("*"))
    found = [
        str(p.relative_to(ROOT)) for p in paths
        if p.is_file() and p.suffix in SUFFIXES and p.name != Path(__file__).name
        and MARKER.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not found, f"conflict markers left in {found}"
