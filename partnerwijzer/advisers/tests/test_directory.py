"""The hub's provider directory (issue 17, item 5): firms with verified references, filters, copying
a firm into a client's longlist with the link back (audited on both sides), own-interest
declarations seen by the directory and by every client, and a query count independent of the
number of firms and clients."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerwijzer.accounts.models import AccessRole, Organisation
from partnerwijzer.advisers import directory
from partnerwijzer.advisers.models import DirectoryCopy, DirectoryFirm, DirectoryReference, InterestDeclaration
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in
from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.sourcing.models import Candidate
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.django_db]


def _firms(adviser: Organisation, user: object, count: int, *, start: int = 0) -> None:
    for number in range(start, start + count):
        firm = directory.directory_firm_create(
            actor=user, adviser=adviser, name=f"Firm {number:03d}", provider_type="ai_pure_player",  # type: ignore[arg-type]
            specialities="vision, forecasting", regions="Brabant", languages="nl, de", certifications="ISO 27001",
        )
        directory.directory_reference_add(actor=user, firm=firm, client_name=f"Reference {number}",  # type: ignore[arg-type]
                                          method="call", verified_on=dt.date(2026, 11, 1))


def _page_queries(client: object) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("advisers:directory"))  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries)


def test_directory_queries_do_not_grow_with_firms_or_clients(personas: Personas, settings: object) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"  # type: ignore[attr-defined]
    adviser, user = make_adviser()
    directory.interest_declare(actor=user, adviser=adviser, kind="earns", provider="Lumen B.V.")
    _firms(adviser, user, 3)
    for number in range(2):
        grant(Organisation.objects.create(name=f"Client {number}"), adviser)
    browser = signed_in(user)
    _page_queries(browser)  # the first request also renews the session
    three = _page_queries(browser)
    _firms(adviser, user, 27, start=3)
    for number in range(2, 20):
        grant(Organisation.objects.create(name=f"Client {number}"), adviser)
    thirty = _page_queries(browser)
    assert three == thirty
    page = browser.get(reverse("advisers:directory")).content.decode()
    assert page.count(">Firm 0") == 30
    assert "Earns from a provider of AI services" in page


def test_filters_narrow_the_directory(settings: object) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"  # type: ignore[attr-defined]
    adviser, user = make_adviser()
    directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen Vision", provider_type="ai_pure_player",
                                    country="nl", languages="NL, en", regions="Noord-Brabant")
    other = directory.directory_firm_create(actor=user, adviser=adviser, name="Rhein Daten", country="DE",
                                            provider_type="it_consultancy", languages="de", regions="NRW")
    directory.directory_reference_add(actor=user, firm=other, client_name="Werk Kleve", method="visit")
    names = lambda **kw: [f.name for f in directory.firms_of(adviser, directory.DirectoryFilters(**kw))]  # noqa: E731
    assert names() == ["Lumen Vision", "Rhein Daten"]
    assert names(country="de") == ["Rhein Daten"]
    assert names(language="nl") == ["Lumen Vision"]
    assert names(provider_type="ai_pure_player") == ["Lumen Vision"]
    assert names(region="nrw") == ["Rhein Daten"]
    assert names(verified_only=True) == ["Rhein Daten"]
    assert names(q="vision") == ["Lumen Vision"]
    browser = signed_in(user)
    page = browser.get(reverse("advisers:directory"), {"country": "DE"}).content.decode()
    assert "Rhein Daten" in page
    assert "Lumen Vision" not in page
    empty = browser.get(reverse("advisers:directory"), {"q": "nothing"}).content.decode()
    assert "No firm matches these filters." in empty


def test_firm_form_refuses_bad_input_and_stores_nothing() -> None:
    _adviser, user = make_adviser()
    browser = signed_in(user)
    response = browser.post(reverse("advisers:directory_firm_create"), {
        "name": "Lumen", "website": "lumen.example", "country": "XX", "languages": "dutch", "provider_type": "",
    })
    assert response.status_code == 400
    text = response.content.decode()
    assert "is not a web address" in text
    assert "two-letter code" in text
    assert "Enter languages as two-letter codes" in text
    nul = browser.post(reverse("advisers:directory_firm_create"), {"name": "Lu\x00men"})
    assert nul.status_code == 400
    assert not DirectoryFirm.objects.exists()


def test_reference_records_who_when_and_how(settings: object) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"  # type: ignore[attr-defined]
    adviser, user = make_adviser()
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen")
    browser = signed_in(user)
    future = browser.post(reverse("advisers:directory_reference_add", args=[firm.pk]), {
        "client_name": "Gieterij", "method": "call", "verified_on": "2026-12-08"})
    assert future.status_code == 400
    assert "not in the future" in future.content.decode()
    response = browser.post(reverse("advisers:directory_reference_add", args=[firm.pk]), {
        "client_name": "Gieterij Van Dijk", "contact": "J. van Dijk, director", "method": "visit",
        "verified_on": "2026-11-20"})
    assert response.status_code == 302
    reference = DirectoryReference.objects.get()
    assert (reference.verified_by, reference.verified_on, reference.method) == (user, dt.date(2026, 11, 20), "visit")
    page = browser.get(reverse("advisers:directory_firm", args=[firm.pk])).content.decode()
    assert "J. van Dijk, director" in page
    assert "by Femke Adviser on 20 November 2026: Visit at the reference client" in page


def test_copy_to_a_clients_longlist_links_back_and_is_audited_on_both_sides(
    personas: Personas, settings: object,
) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"  # type: ignore[attr-defined]
    adviser, user = make_adviser()
    client = personas.organisation
    grant(client, adviser, AccessRole.ALONGSIDE, actor=personas.owner)
    selection = selection_create(actor=personas.owner, organisation=client, title="Predictive maintenance")
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Kempen Procesdata", country="NL",
                                           provider_type="industry_specialist", specialities="sensor data")
    directory.directory_reference_add(actor=user, firm=firm, client_name="Metaal Brouwer", method="call")
    directory.interest_declare(actor=user, adviser=adviser, adviser_user=user, kind="earns",
                               provider="Kempen Procesdata")
    browser = signed_in(user)
    response = browser.post(reverse("advisers:directory_firm_copy", args=[firm.pk]), {"selection": selection.pk})
    assert response.status_code == 302
    candidate = Candidate.objects.get(selection=selection)
    assert (candidate.name, candidate.provider_type, candidate.country, candidate.stage) == (
        "Kempen Procesdata", "industry_specialist", "NL", "longlist")
    assert "Reference verified by Hub Twente on 7 December 2026: Metaal Brouwer" in candidate.notes
    assert DirectoryCopy.objects.get(candidate=candidate).firm == firm
    assert AuditEvent.objects.filter(organisation=adviser, action="directory.firm_copy").count() == 1
    assert AuditEvent.objects.filter(organisation=client, action="directory.firm_copy").count() == 1
    # The client's own owner sees where it came from and the adviser's declaration, without the link.
    owner_page = signed_in(personas.owner).get(reverse("sourcing:candidate_detail", args=[candidate.pk]))
    text = owner_page.content.decode()
    # (in the owner's language, Dutch)
    assert "Overgenomen uit de aanbiedersgids van Hub Twente" in text
    assert "Femke Adviser: Verdient aan een aanbieder van AI-diensten: Kempen Procesdata" in text
    assert reverse("advisers:directory_firm", args=[firm.pk]) not in text
    # The adviser, in the client's data, gets the link back to the entry.
    adviser_page = signed_in(user, client).get(reverse("sourcing:candidate_detail", args=[candidate.pk]))
    assert reverse("advisers:directory_firm", args=[firm.pk]) in adviser_page.content.decode()
    # The candidate is the client's own: deleting the firm leaves it.
    directory.directory_firm_delete(actor=user, firm=firm)
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def test_copy_needs_the_client_to_let_the_adviser_work_alongside(personas: Personas) -> None:
    adviser, user = make_adviser()
    client = personas.organisation
    grant(client, adviser, AccessRole.READ, actor=personas.owner)
    selection = selection_create(actor=personas.owner, organisation=client, title="Vision")
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen")
    response = signed_in(user).post(reverse("advisers:directory_firm_copy", args=[firm.pk]),
                                    {"selection": selection.pk})
    assert response.status_code == 400
    assert "Choose a selection" in response.content.decode()
    assert not Candidate.objects.filter(selection=selection).exists()


def test_client_owner_sees_declarations_and_cannot_reach_the_directory(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, AccessRole.READ, actor=personas.owner)
    directory.interest_declare(actor=user, adviser=adviser, kind="provides", provider="Hub Twente Data B.V.",
                               details="Our own implementation team.")
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen")
    owner = signed_in(personas.owner)
    page = owner.get(reverse("advisers:access")).content.decode()
    assert "Eigen belangen verklaard door Hub Twente" in page  # the owner reads Dutch
    assert "Levert zelf AI-diensten" in page
    assert "Hub Twente Data B.V." in page
    assert owner.get(reverse("advisers:directory_firm", args=[firm.pk])).status_code == 403
    assert owner.post(reverse("advisers:directory_firm_delete", args=[firm.pk])).status_code == 403
    assert DirectoryFirm.objects.filter(pk=firm.pk).exists()


def test_delete_asks_first_then_deletes() -> None:
    adviser, user = make_adviser()
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen")
    browser = signed_in(user)
    confirm = browser.get(reverse("advisers:directory_firm_delete", args=[firm.pk]))
    assert "Delete Lumen?" in confirm.content.decode()
    assert DirectoryFirm.objects.filter(pk=firm.pk).exists()
    assert browser.post(reverse("advisers:directory_firm_delete", args=[firm.pk])).status_code == 302
    assert not DirectoryFirm.objects.exists()
    assert AuditEvent.objects.filter(organisation=adviser, action="directory.firm_delete").exists()


def test_interest_declaration_for_one_adviser_and_withdrawal() -> None:
    adviser, user = make_adviser()
    browser = signed_in(user)
    bad = browser.post(reverse("advisers:interest_declare"), {"who": "", "kind": "earns", "provider": ""})
    assert bad.status_code == 400
    assert not InterestDeclaration.objects.exists()
    ok = browser.post(reverse("advisers:interest_declare"),
                      {"who": str(user.pk), "kind": "earns", "provider": "Lumen B.V."})
    assert ok.status_code == 302
    declaration = InterestDeclaration.objects.get()
    assert declaration.adviser_user == user
    assert "Withdraw the declaration about Lumen B.V.?" in browser.get(
        reverse("advisers:interest_withdraw", args=[declaration.pk])).content.decode()
    browser.post(reverse("advisers:interest_withdraw", args=[declaration.pk]))
    assert not InterestDeclaration.objects.exists()
    assert AuditEvent.objects.filter(organisation=adviser, action="directory.interest_withdraw").exists()


def _post(client: object, url: str, body: dict[str, object]) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")  # type: ignore[attr-defined]


def test_api_directory_firms_references_copy_and_declarations(personas: Personas, settings: object) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"  # type: ignore[attr-defined]
    adviser, user = make_adviser()
    client = personas.organisation
    grant(client, adviser, AccessRole.ALONGSIDE, actor=personas.owner)
    selection = selection_create(actor=personas.owner, organisation=client, title="Vision")
    api = signed_in(user)
    base = f"/api/v1/adviser-organisations/{adviser.pk}"
    bad = _post(api, f"{base}/directory", {"name": "Lumen", "languages": "dutch", "country": "XX"})
    assert bad.status_code == 422
    assert not DirectoryFirm.objects.exists()
    made = _post(api, f"{base}/directory", {"name": "Lumen Vision", "country": "nl", "languages": "NL, en",
                                            "specialities": "vision,  forecasting", "provider_type": "ai_pure_player"})
    assert made.status_code == 200
    firm = made.json()
    assert (firm["country"], firm["languages"], firm["specialities"]) == ("NL", ["nl", "en"], ["vision", "forecasting"])
    future = _post(api, f"/api/v1/directory-firms/{firm['id']}/references",
                   {"client_name": "Gieterij", "method": "call", "verified_on": "2026-12-08"})
    assert future.status_code == 422
    ref = _post(api, f"/api/v1/directory-firms/{firm['id']}/references",
                {"client_name": "Gieterij Van Dijk", "method": "visit"})
    assert ref.json()["references"][0] == {
        "id": ref.json()["references"][0]["id"], "client_name": "Gieterij Van Dijk", "contact": "", "project": "",
        "verified_by": user.email, "verified_on": "2026-12-07", "method": "visit"}
    assert [f["name"] for f in api.get(f"{base}/directory", {"language": "nl", "verified": "true"}).json()] == [
        "Lumen Vision"]
    assert api.get(f"{base}/directory", {"country": "DE"}).json() == []
    copied = _post(api, f"/api/v1/directory-firms/{firm['id']}/copy", {"selection_id": str(selection.pk)})
    assert copied.status_code == 200
    candidate = Candidate.objects.get(pk=copied.json()["candidate_id"])
    assert candidate.selection == selection
    declared = _post(api, f"{base}/interests", {"kind": "provides", "provider": "Hub Twente Data B.V.",
                                                "adviser_user_id": str(user.pk)})
    assert declared.status_code == 200
    # The client's own owner reads the declarations and cannot reach or edit the directory.
    owner = personas.client("owner")
    seen = owner.get(f"/api/v1/organisations/{client.pk}/adviser-interests").json()
    assert [(d["adviser_name"], d["kind"], d["provider"]) for d in seen] == [
        ("Hub Twente", "provides", "Hub Twente Data B.V.")]
    assert owner.get(f"/api/v1/directory-firms/{firm['id']}").status_code == 404
    assert owner.delete(f"/api/v1/directory-firms/{firm['id']}").status_code == 404
    assert owner.get(f"/api/v1/adviser-organisations/{client.pk}/directory").status_code == 403
    assert DirectoryFirm.objects.filter(pk=firm["id"]).exists()
    assert api.delete(f"/api/v1/directory-firms/{firm['id']}").json() == {"deleted": True}
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def test_api_copy_is_refused_where_the_adviser_only_reads(personas: Personas) -> None:
    adviser, user = make_adviser()
    grant(personas.organisation, adviser, AccessRole.READ, actor=personas.owner)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen")
    response = _post(signed_in(user), f"/api/v1/directory-firms/{firm.pk}/copy", {"selection_id": str(selection.pk)})
    assert response.status_code == 403
    assert not Candidate.objects.filter(selection=selection).exists()


def test_service_refuses_copy_without_working_alongside(personas: Personas) -> None:
    adviser, user = make_adviser()
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Vision")
    firm = directory.directory_firm_create(actor=user, adviser=adviser, name="Lumen")
    with pytest.raises(ValidationError):
        directory.directory_firm_copy(actor=personas.owner, firm=firm, selection=selection)
    assert not Candidate.objects.filter(selection=selection).exists()
