"""Issue 17, clicked in German: an adviser creates a client and invites its owner, applies the
hub's criteria set to a client's selection, adds two firms of the hub's provider directory to the
client's longlist and opens that client (the banner says whose data it is; the two firms are on
the longlist, marked as copied from the directory with the hub's declared interest); the client's
owner revokes the access on the Advisers page and the adviser's very next click is refused with a
clear page. Every click is followed by an auto-waiting ``expect``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.accounts.models import (
    AccessRole,
    AdviserAccess,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_grant
from partnerwijzer.advisers.directory import directory_firm_create, directory_reference_add, interest_declare
from partnerwijzer.advisers.models import DirectoryCopy
from partnerwijzer.advisers.services import criteria_set_create, criteria_set_item_add
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.sourcing.models import Candidate
from partnerwijzer.sourcing.services import selection_create
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD, make_personas

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator(".user-menu summary")).to_be_visible()


def test_adviser_creates_a_client_applies_criteria_and_is_refused_after_revocation(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings: Any,
) -> None:
    personas = make_personas()
    client, owner = personas.organisation, personas.owner
    User.objects.filter(pk=owner.pk).update(language="de")
    hub = Organisation.objects.create(name="KI-Zentrum Ruhr", language="de", kind=OrganisationKind.HUB)
    adviser = User.objects.create_user(email="beraterin@example.com", password=PASSWORD, full_name="Petra Berger",
                                       language="de")
    Membership.objects.create(user=adviser, organisation=hub, role=Role.OWNER)
    adviser_access_grant(actor=owner, client=client, adviser=hub, role=AccessRole.ALONGSIDE)
    selection = selection_create(actor=owner, organisation=client, title="Vorausschauende Wartung")
    criteria_set = criteria_set_create(actor=adviser, adviser=hub, name="Fertigung")
    criteria_set_item_add(actor=adviser, criteria_set=criteria_set, name="Erfahrung in der Werkhalle",
                          rubric="1: keine; 5: mehrere Werke", weight=20)
    for name, kind, city in [("Rhein-Vision GmbH", "ai_pure_player", "Duisburg"),
                             ("Ruhr Prozessdaten KG", "industry_specialist", "Bochum"),
                             ("Emscher Cloud Beratung", "it_consultancy", "Essen")]:
        firm = directory_firm_create(actor=adviser, adviser=hub, name=name, provider_type=kind, city=city,
                                     country="DE", languages="de, en", regions="NRW")
        directory_reference_add(actor=adviser, firm=firm, client_name="Gießerei Brandt", method="visit")
    interest_declare(actor=adviser, adviser=hub, kind="earns", provider="Emscher Cloud Beratung")
    base = live_server.url

    adviser_context = new_context(browser, locale="de-DE")
    page = adviser_context.new_page()
    _log_in(page, base, adviser.email)

    # --- The portfolio: create a client and invite its owner -------------------------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    expect(page.locator("table")).to_contain_text(client.name)
    page.get_by_role("link", name="Neuer Kunde").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuer Kunde")
    page.get_by_label("Firmenname").fill("Bäckerei Schulte GmbH")
    page.get_by_label("E-Mail-Adresse des Eigentümers beim Kunden").fill("inhaber@baeckerei.example")
    page.get_by_role("button", name="Kunden anlegen und Eigentümer einladen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bäckerei Schulte GmbH angelegt")
    expect(page.locator("#invite-link")).to_be_visible()
    assert Invitation.objects.get(email="inhaber@baeckerei.example").role == Role.OWNER
    page.get_by_role("link", name="Zurück zum Portfolio").click()
    expect(page.locator("table")).to_contain_text("Bäckerei Schulte GmbH")

    # --- Apply the hub's criteria set to the client's selection ------------------------------------
    page.get_by_role("link", name="Kriteriensets und Leitfäden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kriteriensets und Leitfäden")
    page.get_by_role("link", name="Fertigung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fertigung")
    page.get_by_label("Auswahl des Kunden").select_option(label=f"{client.name}: Vorausschauende Wartung")
    page.get_by_role("button", name="Kriterienset anwenden").click()
    expect(page.locator(".messages")).to_contain_text("Die Kriterien von Fertigung gehören jetzt zu")
    assert Criterion.objects.filter(selection=selection, custom_name="Erfahrung in der Werkhalle").exists()

    # --- Add two firms of the hub's provider directory to the client's longlist ---------------------
    for firm_name in ("Rhein-Vision GmbH", "Ruhr Prozessdaten KG"):
        page.locator("#adviser-nav").get_by_role("link", name="Anbieterverzeichnis").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Anbieterverzeichnis")
        expect(page.locator("#interest-declarations")).to_contain_text("Emscher Cloud Beratung")
        page.locator("#directory-firms").get_by_role("link", name=firm_name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(firm_name)
        expect(page.locator("#firm-references")).to_contain_text("Gießerei Brandt")
        page.get_by_label("Auswahl des Kunden").select_option(label=f"{client.name}: Vorausschauende Wartung")
        page.get_by_role("button", name="Zur Longlist hinzufügen").click()
        expect(page.locator(".messages")).to_contain_text(f"{firm_name} steht jetzt auf der Longlist")
        expect(page.locator("#firm-copies")).to_contain_text(client.name)
    screenshot(page, "adviser-directory-firm-de")
    copied = Candidate.objects.filter(selection=selection)
    assert sorted(copied.values_list("name", flat=True)) == ["Rhein-Vision GmbH", "Ruhr Prozessdaten KG"]
    assert DirectoryCopy.objects.filter(candidate__in=copied).count() == 2

    # --- Open the client: the banner says whose data this is ---------------------------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    page.get_by_role("button", name=f"{client.name} öffnen").click()
    expect(page.locator(".adviser-banner")).to_contain_text(f"Sie arbeiten in den Daten von {client.name}")
    screenshot(page, "adviser-banner-de")

    # --- The two directory firms are on the client's longlist, marked as copied ----------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Auswahl").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auswahlverfahren")
    page.get_by_role("link", name="Vorausschauende Wartung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorausschauende Wartung")
    expect(page.locator("main")).to_contain_text("Rhein-Vision GmbH")
    expect(page.locator("main")).to_contain_text("Ruhr Prozessdaten KG")
    page.get_by_role("link", name="Ruhr Prozessdaten KG").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruhr Prozessdaten KG")
    expect(page.locator("#candidate-origin")).to_contain_text(
        "Übernommen aus dem Anbieterverzeichnis von KI-Zentrum Ruhr")
    expect(page.locator("#candidate-origin")).to_contain_text("Emscher Cloud Beratung")
    screenshot(page, "adviser-directory-candidate-de")

    # --- The client's owner revokes the access -------------------------------------------------------
    owner_context = new_context(browser, locale="de-DE")
    owner_page = owner_context.new_page()
    _log_in(owner_page, base, owner.email)
    owner_page.locator(".user-menu summary").click()
    owner_page.get_by_role("link", name="Berater").click()
    expect(owner_page.get_by_role("heading", level=1)).to_have_text("Berater")
    expect(owner_page.locator("table")).to_contain_text("KI-Zentrum Ruhr")
    owner_page.get_by_role("link", name="Zugang widerrufen").click()
    expect(owner_page.get_by_role("heading", level=1)).to_contain_text("KI-Zentrum Ruhr")
    owner_page.get_by_role("button", name="Ja, Zugang widerrufen").click()
    expect(owner_page.locator(".messages")).to_contain_text("KI-Zentrum Ruhr hat keinen Zugang mehr")
    assert not AdviserAccess.objects.filter(client=client, adviser=hub, revoked_at__isnull=True).exists()
    owner_context.close()

    # --- The adviser's very next click is refused with a clear page --------------------------------
    page.locator("nav.journey-nav").get_by_role("link", name="Auswahl").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zugang entzogen")
    expect(page.locator("main")).to_contain_text(
        f"Die Eigentümer von {client.name} haben den Zugang von KI-Zentrum Ruhr")
    screenshot(page, "adviser-access-withdrawn-de")
    page.get_by_role("link", name="Zurück zum Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")
    expect(page.get_by_role("button", name=f"{client.name} öffnen")).to_have_count(0)
    adviser_context.close()
