"""``make test`` runs ``pytest -n 2 --dist loadgroup``: the browser tests share one worker.

pytest-xdist 3.8's loadgroup no longer groups with pytest 9.2 (pytest-dev/pytest-xdist#1386), so
the root conftest.py supplies the scheduler; these tests keep its folder rule and the modules'
``xdist_group("browser")`` marks in step.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import conftest

ROOT = Path(__file__).resolve().parents[1]


class _Config:
    """The two options the scheduler reads, as ``pytest -n 2 --dist loadgroup`` sets them."""

    def __init__(self, dist: str) -> None:
        self.values: dict[str, Any] = {"dist": dist, "tx": ["2*popen"]}

    def getvalue(self, name: str) -> Any:
        return self.values[name]


def test_loadgroup_puts_every_browser_test_in_one_work_unit_and_spreads_the_rest() -> None:
    scheduler = conftest.pytest_xdist_make_scheduler(config=_Config("loadgroup"), log=None)
    scopes = {scheduler._split_scope(nodeid) for nodeid in [
        "tests/browser/test_plan_walkthrough.py::test_owner_plans_an_hr_cv_screening_use_case",
        "tests/browser/test_two_factor_walkthrough.py::test_member_switches_on_two_factor_and_logs_in_with_a_code[nl]",
        "tests/browser/test_live_server.py::test_stop_ends_the_thread_of_a_connection_the_browser_keeps_open@browser",
    ]}
    assert scopes == {"browser"}
    other = "partnerwijzer/sourcing/tests/test_selection_list.py::test_list_shows_selections"
    assert scheduler._split_scope(other) == other  # one test at a time, as --dist load


def test_other_dist_modes_keep_xdists_own_scheduler() -> None:
    assert conftest.pytest_xdist_make_scheduler(config=_Config("load"), log=None) is None


def test_every_browser_test_module_is_marked_for_the_browser_group() -> None:
    unmarked = []
    for module in sorted((ROOT / conftest.BROWSER_TESTS).glob("test_*.py")):
        marks = [ast.unparse(node) for node in ast.walk(ast.parse(module.read_text())) if isinstance(node, ast.Call)]
        if "pytest.mark.xdist_group('browser')" not in marks:
            unmarked.append(module.name)
    assert unmarked == []
