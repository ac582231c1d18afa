"""The published schema is the contract: schemathesis checks every operation against a live server.

A real server (gunicorn, as `make run` serves) with the demo data in a throwaway data folder, an
API token of the demo owner, and schemathesis' command line with every check (``--checks all``,
plus the hook in st_run/hooks.py), a fixed seed and a bounded number of cases per operation.
It must report no failure. Tune the size with PARTNERWIJZER_SCHEMATHESIS_EXAMPLES (default 4).

Real ids: the ids in paths are the ids of the demo's objects (st_run/demo_ids.py, written into
the configuration for the run, see ``run_config``), so the operations on one object are
exercised with existing objects and not only with invented ids that give 404. The DELETE of a
use case, selection, candidate or questionnaire gets a throwaway object instead.

``--max-examples`` bounds only the fuzzing phase; the coverage phase sends every case the schema
defines (about 5,900 requests, two thirds of the run). It is bounded by dropping repeats only
(schemathesis.toml and st_run/hooks.py): one wrong-type case per path parameter, three unexpected
methods instead of eight, no coverage phase on the deprecated scoring aliases (same views and
bodies as their new paths). Every operation still gets positive and negative cases and every
check. gunicorn runs two worker processes, as `make run`: the server was the bottleneck.
Measured figures (and why they are not an idle machine's) are in docs/api.md, section 5.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ST_RUN = Path(__file__).resolve().parent / "st_run"
SEED = 20261207
EXAMPLES = os.environ.get("PARTNERWIJZER_SCHEMATHESIS_EXAMPLES", "4")
# Share of generated cases that take a real id for a path parameter; the rest keep an invented one.
REAL_ID_PROBABILITY = 0.85
# Top-level body fields that hold the id of an object -> the dictionary of such ids.
BODY_IDS = {"candidate_id": "candidate_id", "criterion_id": "criterion_id", "kpi_id": "kpi_id",
            "questionnaire_id": "questionnaire_id", "user_id": "user_id", "owner_id": "user_id"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603  # our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def live_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path, dict[str, Any]]]:
    """(base URL, bearer token, the schema it serves, the demo's ids) of a gunicorn server with the demo data."""
    var_dir = tmp_path_factory.mktemp("schemathesis-var")
    port = _free_port()
    env = {
        **os.environ, "PARTNERWIJZER_VAR_DIR": str(var_dir), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "false", "DJANGO_HTTPS": "false",
    }
    env.pop("DATABASE_URL", None)  # the throwaway SQLite file in var_dir
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    _manage(env, "seed_demo")
    token = _manage(env, "api_token", "demo@partnerwijzer.example", "--name", "schemathesis").strip()
    ids = json.loads(_manage(env, "shell", "-c", "from tests.api.st_run.demo_ids import main; main()").strip()
                     .splitlines()[-1])
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    log = (var_dir / "server.log").open("wb")
    assert gunicorn, "gunicorn is not installed in this environment"
    server = subprocess.Popen(  # noqa: S603
        # Two worker processes, as `make run`: one process serialises every request (Python's
        # GIL), and the server, not schemathesis, was what the run waited for.
        [gunicorn, "partnerwijzer.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "2", "--log-level", "warning"],
        # Its log goes to a file: a pipe nobody reads fills up and stalls the server.
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: on a loaded machine the first schema takes several seconds to build.
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/openapi.json", timeout=60) as answer:  # noqa: S310
                    schema = var_dir / "openapi.json"
                    schema.write_bytes(answer.read())
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("the server did not start") from None
                time.sleep(0.3)
        yield base, token, schema, ids
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _toml(value: object) -> str:
    return json.dumps(value)  # a JSON string or list of strings is TOML too


def run_config(schema: Path, ids: dict[str, Any], target: Path) -> Path:
    """st_run/schemathesis.toml plus the demo's ids.

    Every operation gets the demo's "primary" objects (st_run/demo_ids.py) as fixed values of its
    path parameters, in every phase: schemathesis' coverage phase, most of the run, takes only
    fixed values, so with invented ids a body the server wrongly accepted would still end in a
    404. A DELETE of an object itself (a path ending in its id) gets a throwaway object ("victim")
    for a use case, selection, candidate or questionnaire, and for other kinds ids drawn from the
    demo's (schemathesis "dictionaries", fuzzing phase only), so no DELETE removes a primary
    object the other operations need. Id fields of bodies are drawn from the demo's ids too.
    """
    lines = [(ST_RUN / "schemathesis.toml").read_text(encoding="utf-8"), "", "# Written by test_schemathesis.py."]
    real, primary, victims = ids["ids"], ids["primary"], ids["victims"]
    for parameter, values in sorted(real.items()):
        lines += [f"[dictionaries.{parameter}]", f"values = {_toml(values)}"]
    paths = json.loads(schema.read_text(encoding="utf-8"))["paths"]
    in_paths = {name for path in paths for name in re.findall(r"\{(\w+)\}", path)}
    lines.append("[parameters]")
    lines += [f'"path.{parameter}" = {{ dictionary = "{parameter}", probability = {REAL_ID_PROBABILITY} }}'
              for parameter in sorted(real) if parameter in in_paths]
    # Ids in bodies (the cell of a consensus or knock-out check, a benefit's KPI, a seat's user).
    lines += [f'"body.{field}" = {{ dictionary = "{parameter}", probability = {REAL_ID_PROBABILITY} }}'
              for field, parameter in sorted(BODY_IDS.items()) if parameter in real]
    for path, operations in sorted(paths.items()):
        names = re.findall(r"\{(\w+)\}", path)
        for method in sorted(operations):
            if method not in {"get", "put", "post", "patch", "delete"} or not names:
                continue
            fixed = {name: primary[name] for name in names if name in primary}
            if method == "delete" and path.endswith("}"):
                leaf = names[-1]
                fixed.pop(leaf, None)
                if leaf in victims:
                    fixed[leaf] = victims[leaf]
            if fixed:
                values = ", ".join(f'"path.{name}" = {_toml(value)}' for name, value in sorted(fixed.items()))
                lines += ["[[operations]]", f"include-name = {_toml(f'{method.upper()} {path}')}",
                          f"parameters = {{ {values} }}"]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.mark.schemathesis
@pytest.mark.timeout(1800)  # the demo server's setup and the run's own limit of 900 s, with room
def test_every_operation_keeps_the_published_schema(live_demo: tuple[str, str, Path, dict[str, Any]],
                                                    tmp_path: Path) -> None:
    base, token, schema, ids = live_demo
    config = run_config(schema, ids, tmp_path / "schemathesis.toml")
    st = Path(sys.executable).parent / "st"
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.st_run.hooks", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603
        [str(st), "--config-file", str(config), "--no-color", "run",
         # The schema as the server served it, read once by the fixture: each gunicorn worker builds
         # it on its first request, which under load took longer than schemathesis waits (10 s).
         str(schema), "--url", base, "--checks", "all", "--seed", str(SEED), "--max-examples", EXAMPLES,
         "--workers", "2", "--generation-database", "none", "--no-shrink",
         "--header", f"Authorization: Bearer {token}", "--report", "ndjson", "--report-dir", str(tmp_path)],
        # Run in tmp_path: schemathesis keeps a cache folder where it runs.
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    (Path(os.environ.get("PARTNERWIJZER_ARTIFACTS", ROOT / "test-artifacts"))).mkdir(exist_ok=True)
    (Path(os.environ.get("PARTNERWIJZER_ARTIFACTS", ROOT / "test-artifacts")) / "schemathesis.txt").write_text(
        done.stdout + done.stderr, encoding="utf-8")
    selected = re.search(r"Selected: (\d+)/(\d+)", done.stdout)
    tested = re.search(r"Tested: (\d+)", done.stdout)
    assert selected, done.stdout[-5000:] + done.stderr[-3000:]
    assert tested, done.stdout[-5000:]
    # Every operation of the schema was selected and tested, and nothing failed.
    assert selected.group(1) == selected.group(2) == tested.group(1), done.stdout[-5000:]
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-3000:]
