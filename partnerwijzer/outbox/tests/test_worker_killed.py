"""Issue 16, done-when: "a test stops the worker mid-send and restarts it: each message is sent exactly once".

The real thing: the periodic run (``manage.py outbox_tick``) in its own process, sending through the
SMTP backend of production (``DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend``) to
a small SMTP receiver in this test that counts what it accepted. The receiver holds the worker at
one phase of its second send; the test kills the worker there with SIGKILL, restarts it, and counts:

* killed before the handover (waiting for the greeting, for EHLO's reply, for RCPT TO's reply):
  the restarted worker sends that message itself, and every message arrives exactly once;
* killed during the handover (the receiver has the whole message and has not replied yet): the
  message arrived once and is not sent again automatically; it is "failed" for an owner to check.
"""

from __future__ import annotations

import os
import shutil
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import pytest

from partnerwijzer.outbox.delivery import INTERRUPTED

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
from partnerwijzer.accounts.services import user_signup
from partnerwijzer.outbox.models import Message
from partnerwijzer.outbox.services import queue_message
user = user_signup(email="owner@example.com", password="killed-worker-test-1", full_name="Olga Owner",
                   organisation_name="Killed BV", language="nl")
Message.objects.all().delete()
for i in range(3):
    queue_message(organisation=user.memberships.get().organisation, to_email=f"person{i}@example.com",
                  language="nl", subject=f"Bericht {i}", body_text=f"Hallo {i}, er is werk voor je.",
                  idempotency_key=f"killed.worker:{i}")
"""


@dataclass
class Receiver:
    """What the SMTP receiver accepted, and where it holds the ``stall_connection``-th connection."""

    stall_phase: str | None = None
    stall_connection: int = 2
    connections: int = 0
    deliveries: list[str] = field(default_factory=list)  # Message-IDs, in the order accepted
    lock: threading.Lock = field(default_factory=threading.Lock)
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class _HeldError(Exception):
    pass


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        receiver = self.server.receiver
        with receiver.lock:
            receiver.connections += 1
            number = receiver.connections
        stall = receiver.stall_phase if number == receiver.stall_connection else None

        def hold(phase: str) -> None:
            if stall == phase:
                receiver.reached.set()
                receiver.release.wait(60)
                raise _HeldError

        try:
            hold("greeting")
            self._reply("220 receiver.test ESMTP")
            while line := self.rfile.readline():
                command = line.decode("ascii", "replace").strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    hold("ehlo")
                    self._reply("250-receiver.test\r\n250 8BITMIME")
                elif command.startswith("RCPT"):
                    hold("rcpt")
                    self._reply("250 OK")
                elif command == "DATA":
                    self._reply("354 End with <CRLF>.<CRLF>")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    if chunk == b"":
                        return  # the client went away in the middle: nothing accepted
                    with receiver.lock:
                        receiver.deliveries.append(str(message_from_bytes(data)["Message-ID"]))
                    hold("accepted")  # the server has it; its "250" never reaches the worker
                    self._reply("250 Queued")
                elif command == "QUIT":
                    self._reply("221 Bye")
                    return
                else:  # MAIL FROM, RSET, NOOP
                    self._reply("250 OK")
        except (_HeldError, OSError):
            return

    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, receiver: Receiver) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.receiver = receiver


@dataclass
class Site:
    env: dict[str, str]
    db: Path
    receiver: Receiver


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with an organisation and three queued messages."""
    var = tmp_path_factory.mktemp("killed-template")
    db = var / "partnerwijzer.sqlite3"
    env = _env(var, db, port=25)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True,  # noqa: S603
                   capture_output=True)
    return db


@pytest.fixture
def site(template: Path, tmp_path: Path) -> Iterator[Site]:
    db = tmp_path / "partnerwijzer.sqlite3"
    shutil.copy(template, db)
    receiver = Receiver()
    server = _Server(receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(env=_env(tmp_path, db, port=server.server_address[1]), db=db, receiver=receiver)
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()


def _env(var: Path, db: Path, *, port: int) -> dict[str, str]:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "partnerwijzer.settings", "PARTNERWIJZER_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{db}", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1", "DJANGO_EMAIL_PORT": str(port), "DJANGO_EMAIL_TLS": "false",
        "DJANGO_EMAIL_USER": "", "DJANGO_EMAIL_PASSWORD": "",
    }
    env.pop("DJANGO_LOG_LEVEL", None)
    return env


def _rows(db: Path) -> dict[str, tuple[str, str | None, str]]:
    """Message-ID -> (state, handover_at, last_error)."""
    with sqlite3.connect(db) as connection:
        return {message_id: (state, handover_at, last_error) for message_id, state, handover_at, last_error in
                connection.execute("SELECT message_id, state, handover_at, last_error FROM outbox_message")}


def _kill_the_worker_at(site: Site, phase: str) -> str:
    """Start the worker; once the receiver holds its second send at ``phase``, SIGKILL it. Returns the
    Message-ID it was sending."""
    site.receiver.stall_phase = phase
    worker = subprocess.Popen([sys.executable, "manage.py", "outbox_tick", "-v0"], cwd=ROOT, env=site.env)
    try:
        assert site.receiver.reached.wait(120), "the worker never reached the held phase"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(30)
    assert worker.returncode == -signal.SIGKILL
    site.receiver.stall_phase = None
    site.receiver.release.set()
    (interrupted,) = [mid for mid, (state, _h, _e) in _rows(site.db).items() if state == "sending"]
    return interrupted


def _restart_the_worker(site: Site) -> None:
    subprocess.run([sys.executable, "manage.py", "outbox_tick", "-v0"], cwd=ROOT, env=site.env, check=True,
                   timeout=120)


@pytest.mark.parametrize("phase", ["greeting", "ehlo", "rcpt"])
def test_a_worker_killed_before_the_handover_is_restarted_and_each_message_arrives_exactly_once(
    site: Site, phase: str,
) -> None:
    interrupted = _kill_the_worker_at(site, phase)
    assert _rows(site.db)[interrupted][1] is None  # the handover had not begun
    assert interrupted not in site.receiver.deliveries

    _restart_the_worker(site)

    rows = _rows(site.db)
    assert {state for state, _h, _e in rows.values()} == {"sent"}
    assert Counter(site.receiver.deliveries) == Counter(dict.fromkeys(rows, 1))


def test_a_worker_killed_during_the_handover_never_sends_that_message_again_by_itself(site: Site) -> None:
    interrupted = _kill_the_worker_at(site, "accepted")
    assert _rows(site.db)[interrupted][1] is not None  # the handover had begun
    assert site.receiver.deliveries.count(interrupted) == 1  # the receiver has it; the worker never knew

    _restart_the_worker(site)
    _restart_the_worker(site)  # and once more: still no second copy

    rows = _rows(site.db)
    assert Counter(site.receiver.deliveries) == Counter(dict.fromkeys(rows, 1))
    assert rows[interrupted][0] == "failed"  # shown to the owners, who may send it again (same Message-ID)
    assert rows[interrupted][2] == INTERRUPTED
    assert {state for mid, (state, _h, _e) in rows.items() if mid != interrupted} == {"sent"}
