"""The full-text index of the passages behind one interface; the backend follows the database.

* SQLite (the default set-up): an FTS5 table ``evidence_passage_fts`` over ``Passage.terms``
  (external content, kept in step by three triggers; made by migration 0002 only on SQLite),
  ranked by FTS5's ``bm25()``.
* PostgreSQL (production): ``SearchVector("terms", config="simple")`` matched with a raw
  ``SearchQuery`` and ranked by ``SearchRank`` (``ts_rank``), served by a GIN index on the same
  expression (made by migration 0002 only on PostgreSQL).

Both index the terms ``analysis.py`` made (stemmed, stop words removed), so they find the same
passages; only the order among them can differ (BM25 against ts_rank). Every search is scoped to
one candidate: each passage carries its candidate's scope term, so the index itself narrows to
that firm's passages on SQLite (the ``scope`` column, weighted 0 in ``bm25()`` so that it does not
favour short passages), and the ``candidate_id`` filter makes sure of it on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection

from partnerwijzer.evidence.models import Passage

FTS_TABLE = "evidence_passage_fts"
PG_INDEX = "evidence_passage_terms_gin"
Mode = Literal["any", "all"]


def scope_term(candidate_id: Any) -> str:
    """The term every passage of one candidate carries (letters and digits only)."""
    return "k" + str(candidate_id).replace("-", "")


@dataclass(frozen=True)
class Match:
    passage_id: int
    rank: float  # higher is better, on either backend


def vendor() -> str:
    return connection.vendor


def index_passages(passages: Sequence[Passage]) -> list[Passage]:
    """Store and index passages (their ``terms`` already analysed, without the scope term).

    On SQLite the FTS5 triggers index each inserted row; on PostgreSQL the GIN index is on the
    column itself. Deleting passages (or their source, candidate, link) removes them from the
    index the same way.
    """
    for passage in passages:
        passage.scope = scope_term(passage.candidate_id)
    return Passage.objects.bulk_create(passages, batch_size=500)


def search(candidate_id: Any, terms: Sequence[str], *, mode: Mode = "any", limit: int = 5) -> list[Match]:
    """The best ``limit`` passages of one candidate that hold any (or all) of ``terms``.

    ``terms`` come from :mod:`analysis` (letters and digits only), so they are safe to put in
    either backend's query syntax.
    """
    clean = [term for term in dict.fromkeys(terms) if term.isalnum()]
    if not clean or limit <= 0:
        return []
    if vendor() == "postgresql":
        return _search_postgres(candidate_id, clean, mode, limit)
    return _search_sqlite(candidate_id, clean, mode, limit)


def _search_sqlite(candidate_id: Any, terms: list[str], mode: Mode, limit: int) -> list[Match]:
    joiner = " AND " if mode == "all" else " OR "
    wanted = joiner.join(f'terms : "{term}"' for term in terms)
    expression = f'scope : "{scope_term(candidate_id)}" AND ({wanted})'
    rank = f"bm25({FTS_TABLE}, 0.0, 1.0)"  # columns (scope, terms): the scope term does not rank
    # Only the FTS table: its scope column already holds the candidate, and FTS5 ranks and limits
    # inside the virtual table (a join with the passages for candidate_id made every match cross
    # over to SQLite's sorter). The passages are read afterwards filtered by candidate_id too
    # (selectors._passages). Names are constants; the match expression and the limit are parameters.
    sql = f"SELECT rowid, {rank} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY {rank}, rowid LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, limit])
        # bm25() is lower for better matches; negate so that higher is better on both backends.
        return [Match(passage_id=row[0], rank=-float(row[1])) for row in cursor.fetchall()]


def _search_postgres(candidate_id: Any, terms: list[str], mode: Mode, limit: int) -> list[Match]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    joiner = " & " if mode == "all" else " | "
    raw = joiner.join(terms)
    query = SearchQuery(raw, search_type="raw", config="simple")
    vector = SearchVector("terms", config="simple")
    rows = (
        Passage.objects.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(candidate_id=candidate_id, document=query)
        .order_by("-rank", "id").values_list("id", "rank")[:limit]
    )
    return [Match(passage_id=pk, rank=float(rank)) for pk, rank in rows]


# --- Maintenance -------------------------------------------------------------------------------


def integrity_ok() -> bool:
    """FTS5's own check that the index matches the passages (SQLite); True elsewhere."""
    if vendor() != "sqlite":
        return True
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
        except Exception:
            return False
    return True


def rebuild() -> None:
    """Rebuild the FTS5 table from the passages (SQLite; PostgreSQL's index needs nothing)."""
    if vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608


def optimize() -> None:
    """Merge SQLite's FTS5 index into one segment (PostgreSQL's GIN index needs nothing).

    Each indexing adds segments; a criterion's query of some fifty terms opens every term in every
    segment, so after many submissions a search got three times slower (bench_evidence.py). The
    index of an SME's selections is small, so merging it whole after each submission is cheap."""
    if vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
