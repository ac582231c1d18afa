"""Fixtures shared by every test folder (the apps' own tests/ and the top-level tests/)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

pytest_plugins = ["tests.personas", "tests.fixtures"]

# Hypothesis' default deadline (200 ms per example) is a timing assertion: on CI's two cores beside
# the rest of the suite an example of the realised-return simulation once took 281 ms, and the test
# failed on the clock, not on the property. Timing lives in `make bench` (docs/benchmarks.md), never
# in tests: every profile here runs without a deadline (tests/core/conftest.py adds "mutation").
hypothesis_settings.register_profile("partnerwijzer", deadline=None)
hypothesis_settings.load_profile("partnerwijzer")

BROWSER_TESTS = "tests/browser/"
"""Every test module here is marked ``xdist_group("browser")``: one worker runs them all."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup`` (``make test``) as intended: the browser tests share one worker.

    With pytest 9.2, pytest-xdist 3.8's loadgroup groups nothing: it tags a grouped test by
    changing ``item._nodeid``, which pytest no longer reads (pytest-dev/pytest-xdist#1386), so the
    browser tests were spread over both workers, two Chromiums and two live servers at once beside
    the rest of the suite on CI's two cores. Until xdist is fixed this scheduler puts the browser
    tests in one work unit by their folder; a fixed xdist gives the same group by the mark.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserTestsTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(BROWSER_TESTS):
                return "browser"
            return super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the default language (Dutch) and leaves none behind.

    Django keeps the active language per thread, and a request or a service that activates one
    never deactivates it, so under xdist a test could inherit whatever language the previous test
    on its worker used: a test asserting English text passed or failed by test order (CI: the
    evidence indexing test met Dutch; "1.250,50" met English). A test that asserts English asks for
    the ``english`` fixture (tests/fixtures.py)."""
    translation.deactivate()
    yield
    translation.deactivate()
