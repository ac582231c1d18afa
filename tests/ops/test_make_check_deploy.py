"""Issue 12 item 1: `make check-deploy` passes exactly as the README says (it failed with mail.E001)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_check_deploy_reports_no_issues() -> None:
    # The shell of someone who just cloned: none of the app's variables set.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PARTNERWIJZER_", "DATABASE_URL"))}
    venv = Path(sys.executable).parent.parent
    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "-o", f"{venv}/.runtime", f"VENV={venv}", "check-deploy"],  # noqa: S607
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
