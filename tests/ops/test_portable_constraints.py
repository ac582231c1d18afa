"""Database constraints must be readable without Django.

On SQLite a lookup on a part of a date (``month__day=1``) is compiled into a call of a function
Django registers on its own connections (``django_date_extract``). A CHECK constraint holding such a
call makes the database unreadable for every other tool: ``PRAGMA integrity_check`` in
``make backup`` (scripts/backup_sqlite.py) and the sqlite3 shell fail with "unknown function".
Two results constraints did this; this test keeps it from coming back on any model.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q

# Transforms that SQLite compiles into calls of Django's own functions.
DJANGO_FUNCTION_TRANSFORMS = {
    "year", "iso_year", "quarter", "month", "week", "week_day", "iso_week_day", "day", "hour", "minute",
    "second", "date", "time",
}


def _lookups(condition: Q) -> list[str]:
    found: list[str] = []
    for child in condition.children:
        if isinstance(child, Q):
            found += _lookups(child)
        else:
            found.append(child[0])
    return found


def _offenders() -> list[str]:
    offenders = []
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            condition = getattr(constraint, "condition", None)
            if not isinstance(constraint, models.CheckConstraint) or not isinstance(condition, Q):
                continue
            for lookup in _lookups(condition):
                if DJANGO_FUNCTION_TRANSFORMS & set(lookup.split("__")[1:]):
                    offenders.append(f"{model._meta.label}.{constraint.name}: {lookup}")
    return offenders


def test_no_check_constraint_needs_a_django_function() -> None:
    assert _offenders() == []


def test_the_check_sees_a_date_part_lookup() -> None:
    assert _lookups(Q(month__day=1) & (Q(amount__gte=0) | Q(period__month__lte=6))) == [
        "month__day", "amount__gte", "period__month__lte"]
    assert DJANGO_FUNCTION_TRANSFORMS & set(["month", "day"][1:])
    assert not DJANGO_FUNCTION_TRANSFORMS & set(["amount", "gte"][1:])
