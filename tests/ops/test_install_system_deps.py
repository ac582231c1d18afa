"""Issue 12 item 1: on a fresh machine `make test` installs (or names) the Debian packages it needs.

The script's logic is tested with stand-ins for dpkg-query, apt-get and id on PATH: this shared
machine's real packages (Chromium, Pango) must stay installed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-system-deps.sh"
TEST_PACKAGES = [
    "chromium", "libatomic1", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core",
]


def _stub(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def run(tmp_path: Path, *args: str, installed: list[str], uid: int, **env: str) -> tuple[int, str, list[str]]:
    """The script with ``installed`` as the only installed packages, as user ``uid``."""
    stubs = tmp_path / "bin"
    stubs.mkdir(exist_ok=True)
    calls = tmp_path / "apt-calls"
    calls.write_text("")
    known = " ".join(installed)
    _stub(stubs, "dpkg-query", f'pkg=$(eval echo \\${{$#}}); for p in {known}; do '
                               f'[ "$p" = "$pkg" ] && {{ printf "install ok installed"; exit 0; }}; done; exit 1\n')
    _stub(stubs, "apt-get", f'echo "$@" >> {calls}\n')
    _stub(stubs, "id", f"echo {uid}\n")
    environment = {k: v for k, v in os.environ.items() if k != "PARTNERWIJZER_CHROMIUM"}
    environment |= {"PATH": f"{stubs}:{os.environ['PATH']}", **env}
    result = subprocess.run(  # noqa: S603 - our own script
        [str(SCRIPT), *args], env=environment, capture_output=True, text=True, timeout=60, check=False
    )
    return result.returncode, result.stdout + result.stderr, calls.read_text().splitlines()


def test_nothing_to_do_when_every_package_is_there(tmp_path: Path) -> None:
    code, output, apt = run(tmp_path, installed=TEST_PACKAGES, uid=1000)
    assert code == 0
    assert "all present" in output
    assert apt == []


def test_without_root_it_stops_with_the_exact_command(tmp_path: Path) -> None:
    code, output, apt = run(tmp_path, installed=["fonts-dejavu-core", "libpango-1.0-0"], uid=1000)
    assert code == 1
    assert ("sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends "
            "chromium libatomic1 libpangoft2-1.0-0 libharfbuzz-subset0'") in output
    assert apt == []


def test_as_root_it_installs_only_what_is_missing(tmp_path: Path) -> None:
    code, _, apt = run(tmp_path, installed=[p for p in TEST_PACKAGES if p != "chromium"], uid=0)
    assert code == 0
    assert apt == ["update -qq", "install -y -qq --no-install-recommends chromium"]


def test_ci_adds_postgresql_and_gettext(tmp_path: Path) -> None:
    code, _, apt = run(tmp_path, "ci", installed=TEST_PACKAGES, uid=0)
    assert code == 0
    assert apt[-1] == "install -y -qq --no-install-recommends postgresql gettext"


def test_dry_run_reports_and_changes_nothing(tmp_path: Path) -> None:
    code, output, apt = run(tmp_path, "--dry-run", installed=[], uid=0)
    assert code == 0
    assert "Would run: apt-get update && apt-get install -y --no-install-recommends chromium" in output
    assert apt == []


def test_a_browser_named_by_partnerwijzer_chromium_replaces_the_package(tmp_path: Path) -> None:
    browser = tmp_path / "my-chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    code, output, _ = run(tmp_path, installed=TEST_PACKAGES[1:], uid=1000, PARTNERWIJZER_CHROMIUM=str(browser))
    assert code == 0, output


def test_poppler_is_no_longer_needed(tmp_path: Path) -> None:
    _, output, _ = run(tmp_path, "ci", "--dry-run", installed=[], uid=0)
    assert "poppler" not in output


def test_make_test_runs_the_script_first_and_ci_calls_it() -> None:
    command = ["make", "--no-print-directory", "-n", "-o", ".venv/.dev", "test"]
    # Under `make test` this runs inside make: without its variables the plan is the top-level one.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKELEVEL", "MAKEFLAGS", "MFLAGS"}}
    plan = subprocess.run(command, cwd=ROOT, capture_output=True, env=env,  # noqa: S603
                          text=True, check=True, timeout=60).stdout.splitlines()
    assert plan[0].strip() == "scripts/install-system-deps.sh"
    assert "scripts/install-system-deps.sh ci" in (ROOT / ".ci" / "run").read_text()
