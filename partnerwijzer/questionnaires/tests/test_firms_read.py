"""Issue 11, findings 1, 2 and 9: what the firms read and how they get it.

1. the portal link page is reachable from the questionnaire, the list and the candidate, and
   "mark as sent" says that it sends nothing and how the firms get their links;
2. the firm's portal page shows the project (problem, baseline, KPIs) the owner's preview promises;
9. the owner chooses per section what the firms read (defaults: facts to quote on, no weak
   points), and generated sentences say only what the data supports.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.planning.models import CompanyProfile
from partnerwijzer.portal.services import link_create
from partnerwijzer.questionnaires import services
from partnerwijzer.questionnaires.models import QuestionnaireStatus, SharedSection
from partnerwijzer.questionnaires.selectors import company_section
from partnerwijzer.questionnaires.tests.conftest import BASELINE, PROBLEM, MakeQuestionnaire
from partnerwijzer.sourcing.models import Candidate, Selection
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _revenue_label(personas: Personas, language: str = "en") -> str:
    profile = CompanyProfile.objects.get(organisation=personas.organisation)
    with translation.override(language):
        return str(profile.get_revenue_band_display())


# --- 9. What is shared ---------------------------------------------------------------------------


def test_by_default_the_firms_read_the_facts_to_quote_on_but_no_weak_points(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire()
    company = company_section(questionnaire, "en")
    labels = dict(company.profile)
    assert "Industry" in labels
    assert "Annual revenue" not in labels
    assert company.problem_statement == PROBLEM
    assert company.baseline == BASELINE
    assert [k.name for k in company.kpis] == ["Unplanned downtime"]
    assert company.data_situation == ()  # "known gaps" in the data stays internal
    assert "Data protection impact assessment (DPIA)" not in dict(company.constraints)
    assert "EU AI Act" in dict(company.constraints)
    assert set(company.withheld) == {
        "Annual revenue", "The state of our data (readiness answers)",
        "Data protection impact assessment (DPIA) status",
    }


def test_the_works_council_exists_it_is_not_said_to_be_involved(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    profile = dict(company_section(make_questionnaire(), "en").profile)
    assert profile["Works council"] == "Yes, the company has a works council"
    assert "involved" not in profile["Works council"]


def test_the_owner_chooses_per_section_and_a_sent_questionnaire_keeps_its_choice(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire()
    services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire,
                                  shared_sections=["dpia", "revenue", "data", "project"])
    questionnaire.refresh_from_db()
    assert questionnaire.shared_sections == ["revenue", "project", "data", "dpia"]
    company = company_section(questionnaire, "en")
    assert dict(company.profile) == {"Annual revenue": _revenue_label(personas)}
    assert company.data_situation
    assert "Data protection impact assessment (DPIA)" in dict(company.constraints)
    assert "EU AI Act" not in dict(company.constraints)
    with pytest.raises(ValidationError):
        services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire,
                                      shared_sections=["salaries"])
    services.questionnaire_send(actor=personas.owner, questionnaire=questionnaire)
    with pytest.raises(ValidationError):
        services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire, shared_sections=["profile"])
    # The same choice in another order is no change, so it is not refused.
    services.questionnaire_update(actor=personas.owner, questionnaire=questionnaire,
                                  shared_sections=["project", "revenue", "dpia", "data"])


def test_the_settings_form_offers_one_checkbox_per_section(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire()
    client = personas.client("owner")
    url = reverse("questionnaires:questionnaire_update", args=[questionnaire.pk])
    html = client.get(url).content.decode()
    assert html.count('name="shared_sections"') == 7
    assert 'class="field field--checkboxes"' in html
    assert html.count("<legend>") >= 1
    data = {"title": questionnaire.title, "deadline": questionnaire.deadline.date().isoformat(),
            "shared_sections": ["profile", "revenue"]}
    assert client.post(url, data).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.shared_sections == ["profile", "revenue"]
    detail = client.get(reverse("questionnaires:questionnaire_detail", args=[questionnaire.pk])).content.decode()
    assert 'id="withheld"' in detail
    with translation.override(personas.organisation.language):
        assert str(SharedSection.PROJECT.label) in detail


def test_the_api_reads_and_writes_the_shared_sections(
    personas: Personas, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire()
    client = personas.client("owner")
    url = f"/api/v1/questionnaires/{questionnaire.pk}"
    assert client.get(url).json()["shared_sections"] == ["profile", "project", "ai_act", "model"]
    response = client.patch(url, {"shared_sections": ["project"]}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["shared_sections"] == ["project"]
    bad = client.patch(url, {"shared_sections": ["salaries"]}, content_type="application/json")
    assert bad.status_code == 422


# --- 2. The firm sees the project --------------------------------------------------------------


def test_the_firm_reads_the_project_the_preview_promises(
    personas: Personas, selection: Selection, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire()
    services.questionnaire_send(actor=personas.owner, questionnaire=questionnaire)
    firm = Candidate.objects.create(selection=selection, name="Acme AI")
    _link, token = link_create(actor=personas.owner, questionnaire=questionnaire, candidate=firm)
    html = Client().get(reverse("portal:questionnaire", kwargs={"token": token})).content.decode()
    assert PROBLEM in html
    assert BASELINE in html
    assert "Unplanned downtime" in html
    assert 'id="kpis"' in html
    assert 'id="constraints"' in html
    assert _revenue_label(personas, personas.organisation.language) not in html
    assert 'id="withheld"' not in html  # the owner's note is not for the firm
    assert 'id="data-situation"' not in html


# --- 1. The links page can be reached --------------------------------------------------------------


def test_the_links_page_is_reachable_from_questionnaire_list_and_candidate(
    personas: Personas, selection: Selection, make_questionnaire: MakeQuestionnaire
) -> None:
    questionnaire = make_questionnaire()
    firm = Candidate.objects.create(selection=selection, name="Acme AI")
    client = personas.client("owner")
    links = reverse("portal:links", kwargs={"selection_id": selection.pk, "questionnaire_id": questionnaire.pk})
    detail_url = reverse("questionnaires:questionnaire_detail", args=[questionnaire.pk])

    draft = client.get(detail_url).content.decode()
    with translation.override(personas.organisation.language):
        sends_nothing = _("Marking as sent sends nothing by e-mail.")
        how = _("How the firms get the questionnaire")
        next_step = _("Marked as sent. The questions are now frozen. Now make a portal link for each firm and send "
                      "it to them: nothing has been sent yet.")
    assert 'id="how-firms-answer"' in draft
    assert how in draft
    confirm = client.get(reverse("questionnaires:questionnaire_send", args=[questionnaire.pk])).content.decode()
    assert sends_nothing in confirm
    sent = client.post(reverse("questionnaires:questionnaire_send", args=[questionnaire.pk]), follow=True)
    assert questionnaire.__class__.objects.get(pk=questionnaire.pk).status == QuestionnaireStatus.SENT
    assert next_step in sent.content.decode()

    for page in (
        detail_url,
        reverse("questionnaires:questionnaire_list", args=[selection.pk]),
        reverse("sourcing:candidate_detail", kwargs={"candidate_id": firm.pk}),
    ):
        assert f'href="{links}"' in client.get(page).content.decode(), page
    assert client.get(links).status_code == 200
