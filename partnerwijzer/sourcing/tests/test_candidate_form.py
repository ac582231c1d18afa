"""Adding and editing a candidate: reference-data choices, validation at the fields, owners only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.knowledge.loader import reference
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.stages import Stage
from partnerwijzer.sourcing.tests.conftest import MakeCandidate
from tests.personas import Personas

VALID = {
    "name": "Acme AI",
    "website": "https://acme.example",
    "city": "Delft",
    "country": "nl",
    "size": "10-49",
    "provider_type": "industry_specialist",
    "sourcing_channel": "personal_recommendation",
    "industries": "Machine building",
    "contact_name": "Eva de Boer",
    "contact_email": "eva@acme.example",
    "notes": "Met at the fair.",
    "evidence_links": "https://acme.example/case-1\nhttps://acme.example/case-2",
}


def test_form_offers_the_reference_data_in_the_page_language(personas: Personas, selection: Selection) -> None:
    response = personas.client("owner").get(reverse("sourcing:candidate_create", args=[selection.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for provider in reference().provider_types:
        assert f'value="{provider.key}"' in html
        assert provider.name.get("nl") in html
    channels = [key for key, _label in response.context["form"].fields["sourcing_channel"].choices]
    assert channels[0] == "personal_recommendation"  # highlighted and first
    assert set(channels) == {ch.key for ch in reference().sourcing_channels} | {""}
    assert "radios__item--highlight" in html
    assert html.index("radios__item--highlight") < html.index('value="industry_networks"')


def test_owner_adds_a_candidate(personas: Personas, selection: Selection) -> None:
    response = personas.client("owner").post(reverse("sourcing:candidate_create", args=[selection.pk]), VALID)
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert response["Location"] == reverse("sourcing:selection_detail", args=[selection.pk])
    assert candidate.selection == selection
    assert candidate.stage == Stage.LONGLIST
    assert candidate.country == "NL"
    assert candidate.provider_type == "industry_specialist"
    assert candidate.evidence_link_list == ["https://acme.example/case-1", "https://acme.example/case-2"]


def test_add_another_returns_to_the_form(personas: Personas, selection: Selection) -> None:
    url = reverse("sourcing:candidate_create", args=[selection.pk])
    response = personas.client("owner").post(url, {"name": "First", "add_another": "1"})
    assert response["Location"] == url


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "XX"),
        ("country", "N"),
        ("website", "javascript:alert(1)"),
        ("evidence_links", "https://ok.example\nftp://files.example/x"),
        ("provider_type", "astrologer"),
        ("contact_email", "eva@"),
        ("name", ""),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    personas: Personas, selection: Selection, field: str, value: str
) -> None:
    data = {**VALID, field: value}
    response = personas.client("owner").post(reverse("sourcing:candidate_create", args=[selection.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}' in html
    assert "Met at the fair." in html  # the input is kept
    assert not Candidate.objects.exists()


def test_owner_edits_a_candidate(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", city="Delft", stage=Stage.TALKS)
    url = reverse("sourcing:candidate_update", args=[candidate.pk])
    form_html = personas.client("owner").get(url).content.decode()
    assert 'value="Delft"' in form_html
    response = personas.client("owner").post(url, {**VALID, "name": "Acme AI B.V.", "city": "Eindhoven"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.name, candidate.city, candidate.stage) == ("Acme AI B.V.", "Eindhoven", Stage.TALKS)


def test_edit_with_a_bad_country_changes_nothing(personas: Personas, make_candidate: MakeCandidate) -> None:
    candidate = make_candidate("Acme AI", city="Delft")
    url = reverse("sourcing:candidate_update", args=[candidate.pk])
    response = personas.client("owner").post(url, {**VALID, "city": "Eindhoven", "country": "QQ"})
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.city == "Delft"


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("evaluator", 403), ("outsider", 404)])
def test_only_owners_add_or_edit(
    personas: Personas, selection: Selection, make_candidate: MakeCandidate, persona: str, status: int
) -> None:
    candidate = make_candidate("Acme AI")
    client = personas.client(persona)
    assert client.post(reverse("sourcing:candidate_create", args=[selection.pk]), VALID).status_code == status
    assert client.post(reverse("sourcing:candidate_update", args=[candidate.pk]), VALID).status_code == status
    assert Candidate.objects.count() == 1
    candidate.refresh_from_db()
    assert candidate.website == ""


def test_english_labels_come_from_the_catalogue(personas: Personas, selection: Selection) -> None:
    personas.speak("en")
    with translation.override("en"):
        html = personas.client("owner").get(reverse("sourcing:candidate_create", args=[selection.pk])).content.decode()
    assert "Personal recommendation" in html
