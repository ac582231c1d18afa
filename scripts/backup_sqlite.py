"""Copy the SQLite database to a file, safely while the app runs: `make backup`.

Uses SQLite's online backup API (what the sqlite3 shell's `.backup` does), in one step: in WAL
mode it reads one consistent snapshot and never takes the write lock, so requests and the worker
keep writing meanwhile. Copying the file with cp is not safe (the WAL file holds recent commits).
Usage: python scripts/backup_sqlite.py <database> <target file>
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


def backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise SystemExit(f"No database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source, timeout=60) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    with sqlite3.connect(partial) as check:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise SystemExit(f"The copy failed its integrity check: {result}")
    partial.replace(target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    backup(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"Backed up {sys.argv[1]} to {sys.argv[2]}")
