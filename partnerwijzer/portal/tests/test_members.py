"""The members' side: owners make and revoke links (plaintext shown once), evaluators see the
submitted answers beside the scoring form, members download files as attachments; and the API."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.tests.builders import seat
from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.questionnaires.models import QuestionnaireStatus
from partnerwijzer.sourcing.models import Candidate
from tests.personas import Personas


@pytest.fixture
def setup(personas: Personas) -> f.PortalSetup:
    return f.make_portal(personas)


def links_url(setup: f.PortalSetup) -> str:
    return reverse("portal:links", kwargs={"selection_id": setup.selection.pk,
                                           "questionnaire_id": setup.questionnaire.pk})


def _submit(setup: f.PortalSetup) -> None:
    for i, question in enumerate(setup.questions):
        services.answer_save(link=setup.link_a, question_id=question.pk, text=f"Acme answer {i}")
    services.upload_add(link=setup.link_a, stream=io.BytesIO(f.PDF_BYTES), filename="Acme proposal.pdf")
    services.submit(link=setup.link_a)


def test_owner_creates_a_link_and_sees_it_once(personas: Personas, setup: f.PortalSetup) -> None:
    firm_c = Candidate.objects.create(selection=setup.selection, name="Gamma Data")
    client = personas.client("owner")
    response = client.post(links_url(setup), {"candidate": str(firm_c.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'value="(http://testserver/portal/([A-Za-z0-9_-]{43})/)"', html)
    assert match, html
    token = match.group(2)
    link = PortalLink.objects.get(candidate=firm_c)
    assert link.token_hash == services.hash_token(token)
    assert response["Cache-Control"] == "no-store"
    again = client.get(links_url(setup)).content.decode()
    assert token not in again  # shown only once
    assert Client().get(match.group(1)).status_code == 200
    event = AuditEvent.objects.get(action="portal.link_create", target_id=str(link.pk))
    assert token not in json.dumps(event.changes) + event.target_label


def test_link_for_a_draft_questionnaire_is_refused(personas: Personas, setup: f.PortalSetup) -> None:
    setup.questionnaire.status = QuestionnaireStatus.DRAFT
    setup.questionnaire.save()
    firm_c = Candidate.objects.create(selection=setup.selection, name="Gamma Data")
    response = personas.client("owner").post(links_url(setup), {"candidate": str(firm_c.pk)})
    assert response.status_code == 400
    assert "only be made for a questionnaire that is sent" in response.content.decode()
    assert not PortalLink.objects.filter(candidate=firm_c).exists()


def test_second_working_link_is_refused(personas: Personas, setup: f.PortalSetup) -> None:
    response = personas.client("owner").post(links_url(setup), {"candidate": str(setup.firm_a.pk)})
    assert response.status_code == 400
    assert "already has a working link" in response.content.decode()


def test_candidate_of_another_selection_cannot_be_bound(personas: Personas, setup: f.PortalSetup) -> None:
    from django.core.exceptions import ValidationError

    from partnerwijzer.sourcing.models import Selection

    other = Selection.objects.create(organisation=personas.organisation, title="Other")
    stranger = Candidate.objects.create(selection=other, name="Stranger")
    with pytest.raises(ValidationError):
        services.link_create(actor=personas.owner, questionnaire=setup.questionnaire, candidate=stranger)
    response = personas.client("owner").post(links_url(setup), {"candidate": str(stranger.pk)})
    assert response.status_code == 400
    assert not PortalLink.objects.filter(candidate=stranger).exists()


def test_owner_revokes_after_confirmation(personas: Personas, setup: f.PortalSetup) -> None:
    url = reverse("portal:link_revoke", kwargs={"selection_id": setup.selection.pk,
                                                "questionnaire_id": setup.questionnaire.pk,
                                                "link_id": setup.link_a.pk})
    client = personas.client("owner")
    assert "Revoke the link" in client.get(url).content.decode()
    assert PortalLink.objects.get(pk=setup.link_a.pk).revoked_at is None
    assert client.post(url).status_code == 302
    assert PortalLink.objects.get(pk=setup.link_a.pk).revoked_at is not None
    assert Client().get(reverse("portal:questionnaire", kwargs={"token": setup.token_a})).status_code == 404
    statuses = client.get(links_url(setup)).content.decode()
    assert 'data-status="revoked"' in statuses
    assert 'data-status="not_opened"' in statuses


def test_evaluator_sees_submitted_answers_beside_the_scoring_form(personas: Personas, setup: f.PortalSetup) -> None:
    seat(setup.selection, personas.evaluator)
    url = reverse("evaluation:score_candidate", kwargs={"selection_id": setup.selection.pk,
                                                        "candidate_id": setup.firm_a.pk})
    client = personas.client("evaluator")
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Draft, not yet sent")
    before = client.get(url).content.decode()
    assert 'id="portal-answers"' in before
    assert "data-not-submitted" in before
    assert "Draft, not yet sent" not in before
    _submit(setup)
    html = client.get(url).content.decode()
    assert "Acme answer 0" in html
    assert "Acme answer 2" in html
    assert "Acme proposal.pdf" in html
    assert html.index('id="portal-answers"') < html.index('class="score-form"')
    other = client.get(reverse("evaluation:score_candidate", kwargs={"selection_id": setup.selection.pk,
                                                                      "candidate_id": setup.firm_b.pk}))
    assert "Acme answer" not in other.content.decode()


def test_members_download_submitted_files_as_attachments(personas: Personas, setup: f.PortalSetup) -> None:
    _submit(setup)
    upload = setup.link_a.uploads.get()
    url = reverse("portal:upload_download", kwargs={"upload_id": upload.pk})
    response = personas.client("viewer").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == f.PDF_BYTES  # type: ignore[attr-defined]
    assert personas.client("outsider").get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_files_of_an_unsubmitted_link_are_not_served(personas: Personas, setup: f.PortalSetup) -> None:
    upload = services.upload_add(link=setup.link_a, stream=io.BytesIO(f.PDF_BYTES), filename="a.pdf")
    url = reverse("portal:upload_download", kwargs={"upload_id": upload.pk})
    assert personas.client("owner").get(url).status_code == 404


# --- API -------------------------------------------------------------------------------------------


def test_api_create_returns_the_token_once_and_list_never(personas: Personas, setup: f.PortalSetup) -> None:
    firm_c = Candidate.objects.create(selection=setup.selection, name="Gamma Data")
    client = personas.client("owner")
    created = client.post(f"/api/v1/candidates/{firm_c.pk}/portal-links",
                          data=json.dumps({"questionnaire_id": str(setup.questionnaire.pk)}),
                          content_type="application/json")
    assert created.status_code == 200, created.content
    body = created.json()
    assert body["url"].endswith(f"/portal/{body['token']}/")
    assert PortalLink.objects.get(pk=body["id"]).token_hash == services.hash_token(body["token"])
    listed = client.get(f"/api/v1/candidates/{firm_c.pk}/portal-links")
    assert listed.status_code == 200
    assert body["token"] not in listed.content.decode()
    assert "token" not in listed.json()[0]
    revoked = client.post(f"/api/v1/portal-links/{body['id']}/revoke")
    assert revoked.json()["status"] == "revoked"
    assert client.post(f"/api/v1/portal-links/{body['id']}/revoke").status_code == 422


def test_api_answers_only_once_submitted(personas: Personas, setup: f.PortalSetup) -> None:
    client = personas.client("viewer")
    url = f"/api/v1/candidates/{setup.firm_a.pk}/portal-answers"
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="draft")
    [before] = client.get(url).json()
    assert before["submitted"] is False
    assert before["answers"] == []
    _submit(setup)
    [after] = client.get(url).json()
    assert after["submitted"]
    assert after["receipt_code"]
    assert [a["answer"] for a in after["answers"]] == ["Acme answer 0", "Acme answer 1", "Acme answer 2"]
    assert after["uploads"][0]["name"] == "Acme proposal.pdf"
    assert client.get(f"/api/v1/candidates/{setup.firm_b.pk}/portal-answers").json()[0]["answers"] == []
