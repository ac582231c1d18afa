"""Today's date, from one place.

Everything that judges reference data against the calendar (a funding window that closed, an AI
Act duty that applies since a past date, an entry past its ``verify_by``) asks :func:`today`, so a
test or a demo can move the whole app to another day with one setting
(``PARTNERWIJZER_TODAY = "2027-01-15"``, e.g. pytest-django's ``settings`` fixture) instead of
patching each caller. Without the setting it is the local date of ``TIME_ZONE``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """The date the app takes as today: ``settings.PARTNERWIJZER_TODAY`` (ISO) if set, else the local date."""
    fixed = getattr(settings, "PARTNERWIJZER_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return timezone.localdate()
