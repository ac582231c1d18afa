"""Issue 12 item 5: portal, invitation and password-reset tokens never reach a log."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from partnerwijzer.logsafety import mask

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq8secretPortalToken-4711"


def test_mask_replaces_every_token_in_a_path() -> None:
    line = (f'127.0.0.1 "GET /portal/{TOKEN}/answer/?x=1 HTTP/1.1" 200 '
            f"/invitations/{TOKEN}/ /accounts/reset/MQ/{TOKEN}/ /portal/{TOKEN}")
    masked = mask(line)
    assert TOKEN not in masked
    assert masked.count("***") == 4
    assert "/portal/***/answer/?x=1" in masked
    assert "/accounts/reset/MQ/***/" in masked


def test_mask_keeps_other_paths_and_the_set_password_step() -> None:
    text = "GET /selections/0f8e/portal-answers/ /accounts/reset/MQ/set-password/ /portal-files/1/"
    assert mask(text) == text


def test_every_logger_masks_a_token_even_as_an_argument(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    logging.getLogger("some.library").info("fetched %s", f"/portal/{TOKEN}/receipt/")
    logging.getLogger("gunicorn.access").info("%(r)s", {"r": f"GET /invitations/{TOKEN}/ HTTP/1.1"})
    assert TOKEN not in caplog.text
    assert "/portal/***/receipt/" in caplog.text
    assert "/invitations/***/" in caplog.text


@pytest.mark.django_db
def test_django_request_logger_masks_the_token_of_a_missing_portal_page(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client.get(f"/portal/{TOKEN}/no-such-page/")
    assert response.status_code == 404
    assert "Not Found: /portal/***/no-such-page/" in caplog.text
    assert TOKEN not in caplog.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_gunicorn_access_log_masks_portal_tokens(tmp_path: Path) -> None:
    """The real server, as `make run` starts it: its access log must not contain the token."""
    port = _free_port()
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "partnerwijzer.settings", "PARTNERWIJZER_VAR_DIR": str(tmp_path),
                        "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    access = tmp_path / "access.log"
    errors = tmp_path / "error.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter's gunicorn
        [str(gunicorn), "partnerwijzer.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--access-logfile", str(access), "--error-logfile", str(errors)],
        cwd=ROOT, env=env,
    )
    try:
        status = None
        # Up to 60 s for gunicorn to start: 100 tries of 0.2 s (20 s) was tight on a loaded CI machine.
        deadline = time.monotonic() + 60
        while status is None and time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/portal/{TOKEN}/", timeout=5)
            except urllib.error.HTTPError as e:
                status = e.code
            except OSError:
                time.sleep(0.2)
        assert status is not None, errors.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = access.read_text()
    assert "/portal/***/" in log
    assert TOKEN not in log
    assert TOKEN not in errors.read_text()
