"""The portfolio's stored rows are computed again for ``MARKER_GRACE`` after a client's change
(advisers/selectors.py). A test that counts the queries of two requests in a row would then count a
recomputation or a read depending on how fast the machine ran it (one did fail once, 10 against 28
queries): here the grace is off, so only the change marker decides, except where a test sets it."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerwijzer.advisers import selectors


@pytest.fixture(autouse=True)
def no_marker_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "MARKER_GRACE", dt.timedelta(0))
