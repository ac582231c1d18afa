"""The full-text index of the passages, by database: an FTS5 table with its triggers on SQLite, a
GIN index on ``to_tsvector('simple', COALESCE(terms, ''))`` on PostgreSQL (the expression Django's
``SearchVector("terms", config="simple")`` writes, so the planner uses it; see ``search.py``).

Neither is a Django model or index, so Django's own tools never see them: a later migration that
makes SQLite rebuild ``evidence_passage`` (most ``AlterField``s) drops the triggers with the old
table and must create them again (``tests`` check that they exist and that the index is whole).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE = (
    "CREATE VIRTUAL TABLE evidence_passage_fts USING fts5(scope, terms, content='evidence_passage', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER evidence_passage_fts_insert AFTER INSERT ON evidence_passage BEGIN "
    "INSERT INTO evidence_passage_fts(rowid, scope, terms) VALUES (new.id, new.scope, new.terms); END",
    "CREATE TRIGGER evidence_passage_fts_delete AFTER DELETE ON evidence_passage BEGIN "
    "INSERT INTO evidence_passage_fts(evidence_passage_fts, rowid, scope, terms) "
    "VALUES ('delete', old.id, old.scope, old.terms); END",
    "CREATE TRIGGER evidence_passage_fts_update AFTER UPDATE OF scope, terms ON evidence_passage BEGIN "
    "INSERT INTO evidence_passage_fts(evidence_passage_fts, rowid, scope, terms) "
    "VALUES ('delete', old.id, old.scope, old.terms); "
    "INSERT INTO evidence_passage_fts(rowid, scope, terms) VALUES (new.id, new.scope, new.terms); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS evidence_passage_fts_update",
    "DROP TRIGGER IF EXISTS evidence_passage_fts_delete",
    "DROP TRIGGER IF EXISTS evidence_passage_fts_insert",
    "DROP TABLE IF EXISTS evidence_passage_fts",
)
POSTGRES = (
    "CREATE INDEX evidence_passage_terms_gin ON evidence_passage USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE(terms, '')))",
)
POSTGRES_DROP = ("DROP INDEX IF EXISTS evidence_passage_terms_gin",)


def _run(statements: dict[str, tuple[str, ...]], schema_editor: Any) -> None:
    for statement in statements.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement)


def _create(apps: Any, schema_editor: Any) -> None:
    _run({"sqlite": SQLITE, "postgresql": POSTGRES}, schema_editor)


def _drop(apps: Any, schema_editor: Any) -> None:
    _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_evidence_initial")]

    operations = [migrations.RunPython(_create, _drop)]
