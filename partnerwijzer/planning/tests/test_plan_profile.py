"""The company profile page (/plan/profile/) and its edit form, per persona."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import CompanyProfile
from partnerwijzer.planning.usecases.services import profile_update
from tests.personas import Personas

URL = "/plan/profile/"
EDIT = "/plan/profile/edit/"
XSS = "<script>alert(1)</script>"


def test_route_names() -> None:
    assert reverse("planning:profile") == URL
    assert reverse("planning:profile_edit") == EDIT


def test_empty_state_sends_an_owner_to_the_form(personas: Personas) -> None:
    html = personas.client("owner").get(URL).content.decode()
    assert 'id="no-profile"' in html
    assert f'href="{EDIT}"' in html


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_the_profile_without_an_edit_link(personas: Personas, persona: str) -> None:
    profile_update(actor=personas.owner, organisation=personas.organisation, industry=XSS, staff_count=120)
    response = personas.client(persona).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="profile"' in html
    assert EDIT not in html
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "120" in html


def test_owner_creates_the_profile_on_first_save(personas: Personas) -> None:
    response = personas.client("owner").post(EDIT, {
        "nace_section": "C", "industry": "Machinebouw", "country": "NL", "region": "Noord-Brabant",
        "staff_count": "120", "revenue_band": "10-50m", "ai_experience": "first_pilot", "it_capacity": "limited",
        "data_capacity": "", "executive_sponsor": "Sanne van Dijk", "data_protection_officer": "",
        "works_council": "on",
    })
    assert response.status_code == 302
    assert response["Location"] == URL
    profile = CompanyProfile.objects.get(organisation=personas.organisation)
    assert (profile.nace_section, profile.staff_count, profile.ai_experience, profile.works_council) == (
        "C", 120, "first_pilot", True,
    )
    assert AuditEvent.objects.filter(action="profile.create", actor=personas.owner).count() == 1


def test_owner_edits_and_invalid_input_is_kept(personas: Personas) -> None:
    profile_update(actor=personas.owner, organisation=personas.organisation, staff_count=120)
    client = personas.client("owner")
    assert 'value="120"' in client.get(EDIT).content.decode()
    response = client.post(EDIT, {"country": "NL", "ai_experience": "none", "staff_count": "0", "industry": "Keep me"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Keep me" in html
    profile = CompanyProfile.objects.get()
    assert profile.staff_count == 120
    assert profile.industry == ""


def test_unknown_nace_section_is_refused(personas: Personas) -> None:
    response = personas.client("owner").post(EDIT, {"country": "NL", "ai_experience": "none", "nace_section": "Z"})
    assert response.status_code == 400
    assert not CompanyProfile.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_cannot_edit(personas: Personas, persona: str) -> None:
    response = personas.client(persona).post(EDIT, {"country": "DE", "ai_experience": "none"})
    assert response.status_code == 403
    assert not CompanyProfile.objects.exists()


def test_the_outsider_edits_only_their_own_profile(personas: Personas) -> None:
    personas.client("outsider").post(EDIT, {"country": "DE", "ai_experience": "several"})
    assert CompanyProfile.objects.get().organisation == personas.other_organisation
