"""decisioncore must stay a light, numpy-only package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_loads_no_heavy_dependencies() -> None:
    code = (
        "import json, sys; import decisioncore; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'django', 'pandas', 'scipy', 'matplotlib'})))"
    )
    out = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_public_api_is_importable_from_the_package() -> None:
    import decisioncore

    for name in decisioncore.__all__:
        assert hasattr(decisioncore, name), name
