"""The FTS5 table and its triggers leave `make backup`'s integrity check passing (SQLite)."""

from __future__ import annotations

import importlib
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_backup_of_a_database_with_the_fts_index_passes_its_integrity_check(tmp_path: Path) -> None:
    migration = importlib.import_module("partnerwijzer.evidence.migrations.0002_evidence_fulltext")
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE evidence_passage (id INTEGER PRIMARY KEY, scope TEXT NOT NULL, terms TEXT NOT NULL)")
        for statement in migration.SQLITE:
            db.execute(statement)
        db.executemany("INSERT INTO evidence_passage (id, scope, terms) VALUES (?, 'kabc', ?)",
                       [(1, "spindl lager"), (2, "avg privaci")])
        db.execute("UPDATE evidence_passage SET terms = 'avg dpia' WHERE id = 2")
        db.execute("DELETE FROM evidence_passage WHERE id = 1")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        backup_sqlite = importlib.import_module("backup_sqlite")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    target = tmp_path / "copy.sqlite3"
    backup_sqlite.backup(source, target)  # raises SystemExit when the integrity check fails
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copy.execute("INSERT INTO evidence_passage_fts(evidence_passage_fts, rank) VALUES ('integrity-check', 1)")
        rows = copy.execute("SELECT rowid FROM evidence_passage_fts WHERE evidence_passage_fts MATCH 'dpia'").fetchall()
        assert rows == [(2,)]
        assert copy.execute("SELECT rowid FROM evidence_passage_fts WHERE evidence_passage_fts MATCH 'spindl'"
                            ).fetchall() == []
