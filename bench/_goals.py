"""One way for every benchmark to state a goal: the figure, the goal, the ratio and the load.

Imported by the ``bench_*.py`` scripts (which ``make bench`` runs one after another); each exits
non-zero when any of its goals is missed, so ``make bench`` does too.
"""

from __future__ import annotations

import os


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def goal_line(
    name: str, figure: float, goal: float, unit: str = "", *, at_most: bool = True, inclusive: bool = False
) -> tuple[bool, str]:
    """(met, line): ``figure`` against ``goal``, an upper bound (``< goal``, or ``<= goal`` when
    ``inclusive``) or with ``at_most=False`` a lower one (``>= goal``)."""
    if at_most:
        met, sign = (figure <= goal, "<=") if inclusive else (figure < goal, "<")
    else:
        met, sign = figure >= goal, ">="
    ratio = figure / goal if goal else float("inf")
    line = (f"{'PASS' if met else 'MISS'}  {name}: {figure:.2f}{unit} (goal {sign} {goal:g}{unit}, "
            f"{ratio:.2f}x the goal; load average {load_average()})")
    return met, line
