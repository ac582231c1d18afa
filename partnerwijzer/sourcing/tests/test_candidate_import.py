"""Issue 16, item 9: import candidates from a CSV (or XLSX) file with a preview and row errors in
the user's language; nothing is stored while any row is wrong."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.sourcing import candidate_import
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create
from tests.personas import Personas

GOOD = (
    "name;website;city;provider type;contact;e-mail\n"
    "Acme AI;https://acme.example;Utrecht;ai_pure_player;Ann de Vries;ann@acme.example\n"
    "Beta Data;;Köln;Klassische IT-Beratung mit KI-Bereich;;\n"
)


def url(selection: Selection) -> str:
    return reverse("sourcing:candidate_import", args=[selection.pk])


def upload(client, selection: Selection, content: bytes, name: str = "firms.csv"):  # type: ignore[no-untyped-def]
    return client.post(url(selection), {"action": "preview", "file": SimpleUploadedFile(name, content)})


def test_preview_then_import_adds_every_firm(personas: Personas, selection: Selection) -> None:
    owner = personas.client("owner")
    preview = upload(owner, selection, GOOD.encode())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Acme AI" in html
    assert "Beta Data" in html
    assert 'id="confirm-upload"' in html
    assert not Candidate.objects.filter(selection=selection).exists()  # a preview stores nothing
    signed = preview.context["upload"].confirm_rows
    response = owner.post(url(selection), {"action": "import", "rows": signed})
    assert response.status_code == 302
    firms = {c.name: c for c in Candidate.objects.filter(selection=selection)}
    assert set(firms) == {"Acme AI", "Beta Data"}
    assert firms["Acme AI"].contact_email == "ann@acme.example"
    assert firms["Acme AI"].city == "Utrecht"
    assert firms["Beta Data"].provider_type == "it_consultancy"  # recognised by its German name
    assert firms["Acme AI"].stage == "longlist"
    assert AuditEvent.objects.get(action="candidate.import").changes["count"] == 2


def test_row_errors_in_the_users_language_and_nothing_stored(personas: Personas, selection: Selection) -> None:
    candidate_create(actor=personas.owner, selection=selection, name="Existing BV")
    personas.speak("nl")
    bad = ("name,website,city,provider type,contact,e-mail\n"
           "Good Firm,https://good.example,Delft,,,\n"
           ",,Delft,,,\n"
           "Web Firm,not a website,,,,\n"
           "Mail Firm,,,,,no-mail\n"
           "Type Firm,,,Wizards,,\n"
           "Existing BV,,,,,\n"
           "Good Firm,,,,,\n")
    response = upload(personas.client("owner"), selection, bad.encode())
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="confirm-upload"' not in html
    parsed = response.context["parsed"]
    errors = {row.number: " ".join(row.errors) for row in parsed.rows}
    assert errors[2] == ""
    assert errors[3] == "Naam: Vul de naam van het bedrijf in."
    assert errors[4].startswith("Website: ")
    assert "https://" in errors[4]
    assert errors[5].startswith("E-mailadres contactpersoon: ")
    assert errors[6] == "Soort aanbieder: “Wizards” is geen soort aanbieder uit de gids."
    assert errors[7] == "Existing BV staat al op de lijst van deze selectie."
    assert errors[8] == "Good Firm staat ook in rij 2 van het bestand."
    assert "6 rijen hebben een probleem" in html
    assert list(Candidate.objects.filter(selection=selection).values_list("name", flat=True)) == ["Existing BV"]


def test_a_tampered_or_invalid_confirmation_stores_nothing(personas: Personas, selection: Selection) -> None:
    owner = personas.client("owner")
    response = owner.post(url(selection), {"action": "import", "rows": "not-signed"})
    assert response.status_code == 400
    assert 'id="upload-problem"' in response.content.decode()
    assert not Candidate.objects.filter(selection=selection).exists()


def test_xlsx_files_are_read_too(personas: Personas, selection: Selection) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Naam", "Plaats"])
    sheet.append(["Gamma BV", "Eindhoven"])
    out = io.BytesIO()
    workbook.save(out)
    response = upload(personas.client("owner"), selection, out.getvalue(), name="firms.xlsx")
    assert response.status_code == 200
    assert [row.values["city"] for row in response.context["parsed"].rows] == ["Eindhoven"]


@pytest.mark.parametrize(("content", "name"), [(b"city\nUtrecht\n", "f.csv"), (b"%PDF-1.4", "f.pdf"), (b"", "f.csv")])
def test_a_file_that_is_not_a_list_of_firms_is_refused(personas: Personas, selection: Selection, content: bytes,
                                                       name: str) -> None:
    response = upload(personas.client("owner"), selection, content, name=name)
    assert response.status_code == 400
    assert 'id="upload-problem"' in response.content.decode()
    assert not Candidate.objects.filter(selection=selection).exists()


def test_only_owners_import(personas: Personas, selection: Selection) -> None:
    for persona in ("viewer", "evaluator"):
        assert upload(personas.client(persona), selection, GOOD.encode()).status_code == 403
    assert not Candidate.objects.filter(selection=selection).exists()


def test_the_api_checks_on_a_dry_run_and_imports_all_or_nothing(personas: Personas, selection: Selection) -> None:
    client = personas.client("owner")
    path = f"/api/v1/selections/{selection.pk}/candidates/import"
    dry = client.post(path, json.dumps({"csv": GOOD, "dry_run": True}), content_type="application/json").json()
    assert dry["valid"] is True
    assert dry["created"] == []
    assert [r["name"] for r in dry["rows"]] == ["Acme AI", "Beta Data"]
    assert not Candidate.objects.filter(selection=selection).exists()
    wrong = client.post(path, json.dumps({"csv": GOOD + "Bad;nope;;;;\n"}), content_type="application/json").json()
    assert wrong["valid"] is False
    assert wrong["created"] == []
    assert wrong["rows"][2]["errors"]
    assert not Candidate.objects.filter(selection=selection).exists()
    done = client.post(path, json.dumps({"csv": GOOD}), content_type="application/json").json()
    assert [c["name"] for c in done["created"]] == ["Acme AI", "Beta Data"]
    missing = client.post(path, json.dumps({"csv": "city\nX\n"}), content_type="application/json")
    assert missing.status_code == 422


def test_provider_types_are_recognised_by_key_and_name() -> None:
    assert candidate_import.provider_type_key("AI_PURE_PLAYER") == "ai_pure_player"
    assert candidate_import.provider_type_key("Classic IT consultancy with an AI unit") == "it_consultancy"
    assert candidate_import.provider_type_key("Wizards") is None
