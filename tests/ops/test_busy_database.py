"""Issue 12 item 4: a busy SQLite database does not take the server down.

The real thing, as `make run` serves it: scripts/serve.sh starts gunicorn and the document
worker on a migrated SQLite file; this test process holds SQLite's write lock (as a long import
would) while logged-in pages and the API are requested.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from partnerwijzer.accounts.services import user_signup
from partnerwijzer.api.services import api_token_create
user = user_signup(email="busy@example.com", password="busy-database-test-1",
                   full_name="Bea Busy", organisation_name="Busy BV", language="nl")
_, token = api_token_create(user=user, name="busy test")
def session():
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key
print(session(), session(), token, user.memberships.get().organisation_id)
"""


@dataclass
class Site:
    db: Path
    env: dict[str, str]
    sessions: list[str]
    token: str
    organisation_id: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    var = tmp_path_factory.mktemp("busy")
    db = var / "partnerwijzer.sqlite3"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "partnerwijzer.settings", "PARTNERWIJZER_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{db}", "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "WORKER_RESTART_SECONDS": "1",
    }
    env.pop("DJANGO_LOG_LEVEL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True,  # noqa: S603
                         capture_output=True, text=True).stdout.strip().splitlines()[-1].split()
    return Site(db=db, env=env, sessions=out[:2], token=out[2], organisation_id=out[3])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    stderr: Path


@contextmanager
def serving(site: Site, tmp_path: Path, **extra_env: str) -> Iterator[Server]:
    """scripts/serve.sh with gunicorn and the worker, as `make run` starts them."""
    port = _free_port()
    stderr = tmp_path / "serve.err"
    with stderr.open("wb") as err:
        process = subprocess.Popen(  # noqa: S603
            [str(ROOT / "scripts/serve.sh"), sys.executable, str(BIN / "gunicorn"), "127.0.0.1", str(port), "1"],
            cwd=ROOT, env=site.env | extra_env, stdout=err, stderr=err, start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, stderr)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(server.url + "/accounts/login/", timeout=5)  # noqa: S310
                if "Starting worker" in stderr.read_text():  # the worker is in its loop too
                    break
            except OSError:
                pass
            assert process.poll() is None, stderr.read_text()
            time.sleep(0.2)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@contextmanager
def write_lock_held(db: Path, seconds: float, *, release: threading.Event | None = None) -> Iterator[threading.Event]:
    """Another process's long write transaction (an import, say) for ``seconds``, or until
    ``release`` is set; yields an event that is set once the writer has let go of the lock."""
    held, released = threading.Event(), threading.Event()
    release = release or threading.Event()

    def hold() -> None:
        con = sqlite3.connect(db, isolation_level=None, timeout=30)
        con.execute("BEGIN IMMEDIATE")
        con.execute("CREATE TABLE IF NOT EXISTS busy_test_import (x)")
        held.set()
        release.wait(seconds)
        con.execute("ROLLBACK")
        released.set()
        con.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30), "the writer did not get the lock"
    try:
        yield released
    finally:
        thread.join()


def _request(url: str, *, session: str | None = None, token: str | None = None,
             body: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    headers = {"Accept-Language": "nl"}
    if session:
        headers["Cookie"] = f"pw_sessionid={session}"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def _parallel(*calls: tuple) -> list[tuple[int, dict[str, str], str]]:
    results: list = [None] * len(calls)

    def run(i: int, call: tuple) -> None:
        results[i] = _request(*call[:1], **call[1])

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_pages_and_api_work_while_another_process_holds_the_write_lock_for_nine_seconds(
    site: Site, tmp_path: Path
) -> None:
    with serving(site, tmp_path) as server:
        use_cases = f"{server.url}/api/v1/organisations/{site.organisation_id}/use-cases"
        with write_lock_held(site.db, 9):
            started = time.monotonic()
            page, api_read, api_write = _parallel(
                (f"{server.url}/", {"session": site.sessions[0]}),
                (use_cases, {"token": site.token}),
                (use_cases, {"token": site.token, "body": {"title": "Written during the import"}}),
            )
            elapsed = time.monotonic() - started
        assert page[0] == 200, page[2][:500]
        assert api_read[0] == 200, api_read[2][:500]
        assert api_write[0] == 200, api_write[2][:500]
        assert elapsed > 5  # the write waited for the lock instead of failing
        assert json.loads(api_write[2])["title"] == "Written during the import"
        assert server.process.poll() is None
    assert "The background worker stopped" not in server.stderr.read_text()


def test_a_request_that_cannot_get_the_lock_gets_a_friendly_503_and_the_server_lives_on(
    site: Site, tmp_path: Path
) -> None:
    with serving(site, tmp_path, PARTNERWIJZER_SQLITE_BUSY_SECONDS="1") as server:
        use_cases = f"{server.url}/api/v1/organisations/{site.organisation_id}/use-cases"
        with write_lock_held(site.db, 10):  # long enough for a slow machine to reach the lock
            # A session never renewed must be saved (a write) on this request; the API creates.
            page, api_write = _parallel(
                (f"{server.url}/", {"session": site.sessions[1]}),
                (use_cases, {"token": site.token, "body": {"title": "Refused while locked"}}),
            )
            time.sleep(4)  # the worker meets the lock too
        assert page[0] == 503, page[2][:500]
        assert page[1]["Retry-After"] == "10"
        assert "Even geduld" in page[2]
        assert "Nu opnieuw proberen" in page[2]
        assert api_write[0] == 503, api_write[2][:500]
        assert api_write[1]["Retry-After"] == "10"
        assert "bezet" in json.loads(api_write[2])["detail"]
        _assert_documented(server.url, "/api/v1/organisations/{organisation_id}/use-cases", "post", api_write)
        # Once the lock is gone everything works again, with the same server and worker.
        assert _request(f"{server.url}/", session=site.sessions[1])[0] == 200
        titles = [u["title"] for u in json.loads(_request(use_cases, token=site.token)[2])]
        assert "Refused while locked" not in titles
        assert server.process.poll() is None
    log = server.stderr.read_text()
    assert "The background worker stopped" not in log
    assert "the worker tries again" in log


def _assert_documented(base: str, path: str, method: str, answer: tuple[int, dict[str, str], str]) -> None:
    """The 503 the server really sent matches what its published schema documents for it."""
    import jsonschema_rs  # schemathesis' validator (dev, pinned in constraints.txt)

    status, headers, body = answer
    schema = json.loads(_request(f"{base}/api/openapi.json")[2])
    documented = schema["paths"][path][method]["responses"][str(status)]
    jsonschema_rs.validate({**documented["content"]["application/json"]["schema"],
                            "components": schema["components"]}, json.loads(body))
    assert "Retry-After" in documented["headers"]
    assert int(headers["Retry-After"]) >= documented["headers"]["Retry-After"]["schema"]["minimum"]


def test_serve_sh_restarts_a_worker_that_died_and_keeps_serving(tmp_path: Path) -> None:
    launches = tmp_path / "launches"
    fake_python = tmp_path / "python"
    fake_python.write_text(f'#!/bin/sh\necho "$@" >> {launches}\nexit 3\n')
    fake_gunicorn = tmp_path / "gunicorn"
    fake_gunicorn.write_text("#!/bin/sh\nexec sleep 60\n")
    fake_python.chmod(0o755)
    fake_gunicorn.chmod(0o755)
    process = subprocess.Popen(  # noqa: S603
        [str(ROOT / "scripts/serve.sh"), str(fake_python), str(fake_gunicorn), "127.0.0.1", "1", "1"],
        cwd=ROOT, env=os.environ | {"WORKER_RESTART_SECONDS": "0"}, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20

        def counts() -> tuple[int, int]:
            lines = launches.read_text().splitlines() if launches.exists() else []
            return (sum("db_worker" in line for line in lines), sum("outbox_tick" in line for line in lines))

        while time.monotonic() < deadline and min(counts()) < 3:
            time.sleep(0.2)
        assert process.poll() is None, "serve.sh stopped when the worker died"
        # Both background processes (the task worker and the outbox's periodic run) are started
        # again each time they die, and nothing else is launched through python.
        workers, tickers = counts()
        assert workers >= 3, (workers, tickers)
        assert tickers >= 3, (workers, tickers)
        assert workers + tickers == len(launches.read_text().splitlines())
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert b"The background worker stopped" in err
    assert b"The outbox's periodic run stopped" in err


def test_the_documented_backup_runs_while_another_process_holds_the_write_lock(site: Site, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    release = threading.Event()
    # The writer holds the lock until the backup is checked (at most 120 s), so the check does not
    # depend on how fast this machine starts a Python process: it used to be "done within 5 s of a
    # 6 s lock", which a loaded two-core CI machine can miss.
    with write_lock_held(site.db, 120, release=release) as released:
        try:
            subprocess.run([sys.executable, str(ROOT / "scripts/backup_sqlite.py"), str(site.db), str(target)],  # noqa: S603
                           check=True, timeout=60)
            assert not released.is_set()  # it did not wait for the writer: the copy was done while it wrote
        finally:
            release.set()
    with sqlite3.connect(target) as copy:
        emails = [row[0] for row in copy.execute("SELECT email FROM accounts_user")]
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert emails == ["busy@example.com"]
    assert "busy_test_import" not in tables  # the writer's uncommitted work is not in the copy
