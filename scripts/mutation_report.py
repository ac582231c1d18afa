"""Mutation score of each decisioncore module, from the results of the last `mutmut run`.

Run by `make mutation` after mutmut. Reads `mutmut results --all true` and the list of mutants
judged equivalent (they cannot change behaviour) from the section "Equivalent mutants" of
docs/decisioncore.md, one backticked mutant name per table row with its reason. Prints per module:
mutants, killed (a test failed or timed out), survived, equivalent among the survivors, and the
score = killed / (mutants - equivalent); then every surviving mutant not judged equivalent
(inspect one with `.venv/bin/mutmut show NAME`). Exits 1 if a module scores below --min (percent).
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "decisioncore.md"
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_RUN = {"not checked", "skipped", "check was interrupted by user"}


def equivalent_mutants(text: str) -> set[str]:
    """Mutant names in backticks in the table rows of the section 'Equivalent mutants'."""
    section = re.search(r"^#+ Equivalent mutants\n(.*?)(?=^#+ |\Z)", text, flags=re.S | re.M)
    if not section:
        return set()
    return set(re.findall(r"^\|\s*`(decisioncore\.[\w.]+__mutmut_\d+)`", section.group(1), flags=re.M))


def results(mutmut: str) -> dict[str, str]:
    out = subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
        [mutmut, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("decisioncore."):
            found[name] = status
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutmut", default=str(ROOT / ".venv" / "bin" / "mutmut"))
    parser.add_argument("--module", default="", help="only this module, e.g. rank")
    parser.add_argument("--min", type=float, default=0.0, help="fail below this score (percent)")
    args = parser.parse_args()
    status = results(args.mutmut)
    equivalent = equivalent_mutants(DOCS.read_text(encoding="utf-8"))
    by_module: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for name, st in status.items():
        module = name.split(".")[1]
        if args.module and module != args.module:
            continue
        by_module[module].append((name, st))
    print(f"{'module':<12} {'mutants':>7} {'killed':>7} {'survived':>8} {'equiv.':>6} {'not run':>7} {'score':>7}")
    failing = False
    survivors: list[str] = []
    for module in sorted(by_module):
        rows = by_module[module]
        not_run = sum(st in NOT_RUN for _, st in rows)
        killed = sum(st in KILLED for _, st in rows)
        lived = [n for n, st in rows if st not in KILLED | NOT_RUN]
        equiv = [n for n in lived if n in equivalent]
        survivors += [f"{n}: {status[n]}" for n in lived if n not in equivalent]
        considered = len(rows) - not_run - len(equiv)
        score = f"{100.0 * killed / considered:6.1f}%" if considered else "    n/a"
        failing |= bool(considered) and 100.0 * killed / considered < args.min
        print(f"{module:<12} {len(rows):>7} {killed:>7} {len(lived):>8} {len(equiv):>6} {not_run:>7} {score:>7}")
    stale = sorted(n for n in equivalent if n in status and status[n] in KILLED)
    if survivors:
        print("\nSurviving mutants not judged equivalent (see them with: .venv/bin/mutmut show NAME):")
        print("\n".join(f"  {s}" for s in survivors))
    if stale:
        print("\nListed as equivalent in docs/decisioncore.md but killed now (remove them there):")
        print("\n".join(f"  {s}" for s in stale))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
