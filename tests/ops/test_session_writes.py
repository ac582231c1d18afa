"""Issue 12 item 4: a signed-in page view does not write the session every time.

Before, SESSION_SAVE_EVERY_REQUEST made every request an UPDATE of django_session, which
failed ("database is locked", answered 400) whenever another process held SQLite's write lock.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerwijzer.accounts.middleware import RENEWED_KEY
from tests.personas import Personas


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


@pytest.mark.django_db
def test_page_views_within_the_renewal_interval_do_not_write_the_session(personas: Personas) -> None:
    client = personas.client("owner")
    assert client.get("/").status_code == 200  # the first view records the renewal
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get("/").status_code == 200
    assert _session_writes(queries) == []
    assert Session.objects.get(session_key=key).expire_date == expiry


@pytest.mark.django_db
def test_the_expiry_slides_once_the_last_renewal_is_older_than_the_interval(personas: Personas) -> None:
    client = personas.client("owner")
    assert client.get("/").status_code == 200
    session = client.session
    session[RENEWED_KEY] = int(time.time()) - settings.SESSION_RENEW_SECONDS - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=1))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(_session_writes(queries)) == 1
    row = Session.objects.get(session_key=session.session_key)
    assert row.expire_date > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert abs(row.get_decoded()[RENEWED_KEY] - time.time()) < 60


@pytest.mark.django_db
def test_anonymous_visits_create_no_session(client: Client) -> None:
    assert client.get("/accounts/login/").status_code == 200
    assert not Session.objects.exists()
