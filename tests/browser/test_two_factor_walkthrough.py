"""A member switches on two-factor sign-in from the user menu, saves the recovery codes, logs out and
logs in again with a code from "the phone" (computed here from the key the page shows, RFC 6238)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerwijzer.accounts.models import Membership, Organisation, User
from tests.browser.conftest import new_context, screenshot
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

TEXT = {
    "nl": {
        "email": "E-mailadres", "password": "Wachtwoord", "login": "Inloggen", "account": "Uw account",
        "setup": "Tweestapsaanmelding instellen", "switch_on": "Aanzetten", "codes": "Uw herstelcodes",
        "back": "Opgeslagen: terug naar uw account", "is_on": "Tweestapsaanmelding staat aan.",
        "logout": "Uitloggen", "code_heading": "Voer uw code in",
    },
    "de": {
        "email": "E-Mail-Adresse", "password": "Passwort", "login": "Anmelden", "account": "Ihr Konto",
        "setup": "Zwei-Faktor-Anmeldung einrichten", "switch_on": "Einschalten",
        "codes": "Ihre Wiederherstellungscodes", "back": "Gespeichert: zurück zu Ihrem Konto",
        "is_on": "Die Zwei-Faktor-Anmeldung ist eingeschaltet.", "logout": "Abmelden",
        "code_heading": "Code eingeben",
    },
}


def phone_code(base32_key: str, *, steps_ahead: int = 0) -> str:
    key = base64.b32decode(base32_key + "=" * (-len(base32_key) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time() // 30) + steps_ahead), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _log_in(page: Page, t: dict[str, str], email: str) -> None:
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["password"]).fill(PASSWORD)
    page.locator("main").get_by_role("button", name=t["login"]).click()


@pytest.mark.parametrize("language", ["nl", "de"])
def test_member_switches_on_two_factor_and_logs_in_with_a_code(live_server, browser: Browser, language: str) -> None:  # type: ignore[no-untyped-def]
    t = TEXT[language]
    # A browser in the member's language: the login and code pages come before any account.
    context = new_context(browser, locale=f"{language}-{language.upper()}")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    organisation = Organisation.objects.create(name="Bakkerij Jansen", language=language)
    user = User.objects.create_user(email="eva@example.com", password=PASSWORD, full_name="Eva Jansen")
    Membership.objects.create(user=user, organisation=organisation, role="owner")

    page.goto(live_server.url + "/")
    _log_in(page, t, "eva@example.com")
    page.locator("summary", has_text="Eva Jansen").click()
    page.get_by_role("link", name=t["account"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["account"])
    page.get_by_role("link", name=t["setup"]).click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    screenshot(page, f"two-factor-setup-{language}")
    key = page.locator(".secret-key").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(phone_code(key))
    page.get_by_role("button", name=t["switch_on"]).click()
    expect(page.get_by_role("heading", name=t["codes"])).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name=t["back"]).click()
    expect(page.locator("#two-factor")).to_contain_text(t["is_on"])

    page.locator("summary", has_text="Eva Jansen").click()
    page.get_by_role("button", name=t["logout"]).click()
    _log_in(page, t, "eva@example.com")
    # The password alone does not let her in: the code page comes first.
    expect(page.get_by_role("heading", level=1)).to_have_text(t["code_heading"])
    page.get_by_label("Code").fill(phone_code(key, steps_ahead=1))  # the current one was used
    page.locator("main").get_by_role("button", name=t["login"]).click()
    expect(page.locator("summary", has_text="Eva Jansen")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/")
    context.close()
    assert not errors, errors  # no CSP violation (the QR code is inline SVG) and no script error
