"""An adviser's home and navigation, and what /api/v1/me says about their clients (issue 17)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerwijzer.accounts.models import AccessRole, Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from tests.api.conftest import bearer_client
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.usefixtures("english")


def test_signing_in_leads_an_adviser_to_the_portfolio_and_a_company_to_its_journey(personas: Personas) -> None:
    _adviser, user = make_adviser()
    browser = Client()
    response = browser.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("advisers:portfolio")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="adviser-nav"' in page
    assert 'class="journey-nav__num"' not in page  # no seven steps for a hub
    company = Client()
    response = company.post(reverse("accounts:login"), {"username": personas.owner.email, "password": PASSWORD},
                            follow=True)
    assert response.redirect_chain[-1][0] == reverse("journey:dashboard")
    assert 'id="adviser-nav"' not in response.content.decode()


def test_an_adviser_in_a_clients_data_has_the_journey_nav_and_dashboard(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser)
    browser = signed_in(user, personas.organisation)
    response = browser.get(reverse("journey:dashboard"))
    assert response.status_code == 200  # the client's journey, not a redirect
    page = response.content.decode()
    assert 'class="journey-nav__num"' in page
    assert 'id="adviser-nav"' not in page
    home = signed_in(user).get(reverse("journey:dashboard"))
    assert home.status_code == 302
    assert home["Location"] == reverse("advisers:portfolio")


def test_me_lists_an_advisers_client_accesses_with_access_and_acting_role(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, AccessRole.ALONGSIDE)
    grant(personas.other_organisation, adviser, AccessRole.READ)
    body = bearer_client(user).get("/api/v1/me").json()
    assert body["memberships"] == [{"organisation_id": str(adviser.pk), "organisation_name": "Hub Twente",
                                    "role": "owner"}]
    assert body["client_accesses"] == [
        {"organisation_id": str(personas.other_organisation.pk), "organisation_name": "Other GmbH",
         "adviser_organisation_id": str(adviser.pk), "adviser_organisation_name": "Hub Twente",
         "access": "read", "role": "viewer"},
        {"organisation_id": str(personas.organisation.pk), "organisation_name": "Van Dijk Machinebouw",
         "adviser_organisation_id": str(adviser.pk), "adviser_organisation_name": "Hub Twente",
         "access": "alongside", "role": "owner"},
    ]
    # A viewer of the adviser organisation acts as a viewer even where the hub works alongside.
    junior = User.objects.create_user(email="junior@example.com", password=PASSWORD, full_name="Junior")
    Membership.objects.create(user=junior, organisation=adviser, role=Role.VIEWER)
    roles = {(a["organisation_name"], a["access"], a["role"])
             for a in bearer_client(junior).get("/api/v1/me").json()["client_accesses"]}
    assert roles == {("Other GmbH", "read", "viewer"), ("Van Dijk Machinebouw", "alongside", "viewer")}
    # Members of a company have none.
    assert bearer_client(personas.owner).get("/api/v1/me").json()["client_accesses"] == []


def test_me_schema_describes_the_client_accesses_exactly(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    me = schema["components"]["schemas"]["MeOut"]
    assert "client_accesses" in me["required"]
    access = schema["components"]["schemas"]["ClientAccessOut"]
    assert set(access["properties"]) == set(access["required"])
    assert access["properties"]["access"]["enum"] == ["read", "alongside"]
    assert set(access["required"]) == {"organisation_id", "organisation_name", "adviser_organisation_id",
                                       "adviser_organisation_name", "access", "role"}
