"""Security headers on every response and Django's deployment checklist with production values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_responses_carry_security_headers(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client: Client) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0]


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SECRET_KEY": "x7Qp2-production-like-secret-with-enough-entropy-9sK3vLm0aZ8wR4tY6uI1oP5",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "partnerwijzer.example",
            "DJANGO_SETTINGS_MODULE": "partnerwijzer.settings",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "smtp.partnerwijzer.example",
            **extra,
        }
    )
    return env


def test_deploy_check_passes_with_production_values() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_use_host_prefixed_secure_cookies() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "Argon2PasswordHasher",
    ]


def test_missing_secret_key_in_production_is_a_clear_error() -> None:
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_database_url_selects_postgresql() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=_production_env(DATABASE_URL="postgres://u:p@127.0.0.1:5432/pw"),
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas only apply to the embedded database")  # PostgreSQL run of CI
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
    assert connection.transaction_mode == "IMMEDIATE"


def test_embedded_database_file_uses_wal(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    env = _production_env(PARTNERWIJZER_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "partnerwijzer.sqlite3").exists()
