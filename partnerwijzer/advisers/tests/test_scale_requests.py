"""Issue 17 item 7: a page an adviser opens reads their own memberships and the client they act
in, not every client their organisation reaches (a hub has thousands); the switcher lists those."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerwijzer.accounts.access import request_memberships, two_factor_required
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _clients(adviser: Organisation, count: int) -> list[Organisation]:
    clients = [Organisation.objects.create(name=f"Client {n:03d}") for n in range(count)]
    for client in clients:
        grant(client, adviser)
    return clients


def _queries(browser: object, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_switcher_lists_own_organisations_and_the_client_acted_in_only() -> None:
    adviser, user = make_adviser()
    clients = _clients(adviser, 5)
    own = request_memberships(user, None)
    assert [m.organisation for m in own] == [adviser]
    acting = request_memberships(user, str(clients[3].pk))
    assert [m.organisation for m in acting] == [adviser, clients[3]]
    assert acting[1].grant is not None
    assert request_memberships(user, "not-a-uuid") == own
    other, _user = make_adviser("Other hub", email="other@example.com")
    stranger = Organisation.objects.create(name="Not a client")
    grant(stranger, other)
    assert request_memberships(user, str(stranger.pk)) == own  # another hub's client is not reached

    browser = signed_in(user, clients[3])
    _count, page = _queries(browser, reverse("journey:tasks"))
    assert "Client 003 (client)" in page
    assert "Client 001" not in page  # the other clients are picked in the portfolio


def test_a_page_reads_the_same_queries_for_3_and_30_clients() -> None:
    adviser, user = make_adviser()
    clients = _clients(adviser, 3)
    in_client = signed_in(user, clients[0])
    at_home = signed_in(user)
    _queries(in_client, reverse("journey:tasks"))  # the first request also renews the session
    _queries(at_home, reverse("advisers:clients"))
    before = (_queries(in_client, reverse("journey:tasks"))[0], _queries(at_home, reverse("advisers:clients"))[0])
    _clients(adviser, 27)
    after = (_queries(in_client, reverse("journey:tasks"))[0], _queries(at_home, reverse("advisers:clients"))[0])
    assert before == after


def test_a_client_asking_for_two_factor_still_asks_its_advisers() -> None:
    adviser, user = make_adviser()
    clients = _clients(adviser, 3)
    assert not two_factor_required(request_memberships(user, None))
    clients[2].require_two_factor = True
    clients[2].save()
    assert two_factor_required(request_memberships(user, None))  # not only while acting in it
    assert two_factor_required(request_memberships(user, str(clients[2].pk)))
