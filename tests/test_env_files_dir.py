"""tests/_env.py: the temporary files folder of a test run is made only when needed and removed.

Each check starts a fresh interpreter that imports the plugin with its own TMPDIR, then looks
at what is left in that TMPDIR after the interpreter has ended.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "import os, tests._env; print(os.environ['PARTNERWIJZER_FILES_DIR'])"


def _import_env(tmp_path: Path, files_dir: str | None) -> tuple[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "PARTNERWIJZER_FILES_DIR"}
    env["TMPDIR"] = str(tmp_path)
    if files_dir is not None:
        env["PARTNERWIJZER_FILES_DIR"] = files_dir
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip(), sorted(p.name for p in tmp_path.iterdir())


def test_no_temporary_folder_when_the_variable_is_set(tmp_path: Path) -> None:
    used, left = _import_env(tmp_path, "/somewhere/else")
    assert used == "/somewhere/else"
    assert left == []


def test_the_temporary_folder_is_removed_at_exit(tmp_path: Path) -> None:
    used, left = _import_env(tmp_path, None)
    assert Path(used).parent == tmp_path
    assert Path(used).name.startswith("partnerwijzer-files-")
    assert left == []
