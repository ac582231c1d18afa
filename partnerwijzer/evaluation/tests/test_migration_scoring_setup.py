"""The scoring state moves from sourcing.Selection to evaluation.ScoringSetup without losing a
value, forwards and backwards (issue 15, item 1). Runs on SQLite and PostgreSQL alike
(``DATABASE_URL``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evaluation", "0002_initial"), ("sourcing", "0003_selection_price_from_quotes")]
AFTER = [
    ("evaluation", "0004_scoringsetup_copy_arch2"),
    ("sourcing", "0004_selection_scoring_state_to_evaluation_arch2"),
]
CLOSED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)

# title -> (weighting method, scoring closed at, price from the quotes)
ROWS: dict[str, tuple[str, datetime | None, bool]] = {
    "untouched": ("direct", None, False),
    "ahp": ("ahp", None, False),
    "closed": ("direct", CLOSED, False),
    "everything": ("ahp", CLOSED, True),
    "quotes only": ("direct", None, True),
}


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate evaluation and sourcing to ``targets`` and return the historical apps of the
    database as it then is (every other app stays at its latest migration)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    moved = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in moved]
    return executor.loader.project_state([*others, *targets]).apps


def _latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_scoring_state_moves_to_evaluation_and_back_without_loss() -> None:
    try:
        old = _migrate(BEFORE)
        organisation = old.get_model("accounts", "Organisation").objects.create(name="Acme")
        Selection = old.get_model("sourcing", "Selection")
        for title, (method, closed_at, from_quotes) in ROWS.items():
            Selection.objects.create(
                organisation=organisation, title=title, weighting_method=method, scoring_closed_at=closed_at,
                price_from_quotes=from_quotes,
            )

        new = _migrate(AFTER)
        selection_fields = {f.name for f in new.get_model("sourcing", "Selection")._meta.get_fields()}
        assert not selection_fields & {"weighting_method", "scoring_closed_at", "price_from_quotes"}
        setups = {
            s.selection.title: (s.weighting_method, s.closed_at, s.price_from_quotes)
            for s in new.get_model("evaluation", "ScoringSetup").objects.select_related("selection")
        }
        # A selection at the defaults gets no row: it reads the defaults until its first scoring write.
        assert setups == {title: row for title, row in ROWS.items() if title != "untouched"}

        back = _migrate(BEFORE)
        restored = {
            s.title: (s.weighting_method, s.scoring_closed_at, s.price_from_quotes)
            for s in back.get_model("sourcing", "Selection").objects.all()
        }
        assert restored == ROWS
    finally:
        _latest()
