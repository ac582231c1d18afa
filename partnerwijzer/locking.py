"""Concurrent first writes: one row per key, even when two requests create it at the same moment.

A service that reads "is there a row for this key?" and creates one when there is not races with
itself on PostgreSQL: both transactions see no row (``SELECT ... FOR UPDATE`` locks nothing when
nothing exists) and the second insert fails on the unique constraint (a 500). SQLite never
shows it: its IMMEDIATE transactions let one writer in at a time.

Two safe shapes, used by the services:

* a row that is simply made on first use: ``Model.objects.select_for_update().get_or_create(...)``
  (Django inserts in a savepoint and, on the unique violation, reads the row the other
  transaction committed), as ``budget.services.ensure_budget``;
* a read-validate-then-create-or-update service: first :func:`lock_parent` on the row the key
  belongs to (the candidate of a quote, the organisation of a profile). Concurrent callers for
  the same parent then run one after the other and the second one finds the first one's row.
  ``FOR NO KEY UPDATE`` does not conflict with the key-share lock an insert of a child row takes,
  so it cannot deadlock with plain inserts elsewhere.
"""

from __future__ import annotations

from django.db import models


def lock_parent(instance: models.Model) -> None:
    """Lock ``instance``'s row until the end of the current transaction (no-op on SQLite)."""
    manager = type(instance)._default_manager
    list(manager.select_for_update(no_key=True).filter(pk=instance.pk).values_list("pk", flat=True))
