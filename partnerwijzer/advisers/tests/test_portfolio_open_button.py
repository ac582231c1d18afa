"""The portfolio's Open button: short visible text, the client in its accessible name."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from partnerwijzer.accounts.models import AccessRole, Organisation, User
from partnerwijzer.advisers.tests.builders import grant, make_adviser, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "visible", "accessible"), [
    ("nl", "Openen", "Aardappel &amp; Zn BV openen"), ("de", "Öffnen", "Aardappel &amp; Zn BV öffnen"),
])
def test_the_open_button_says_open_and_names_the_client_only_to_screen_readers(
        language: str, visible: str, accessible: str) -> None:
    """It read "Aardappel BV openen" beside the name column that already says so; its accessible name
    keeps the client, so a screen reader (and a test clicking it by name) knows which one it opens."""
    adviser, user = make_adviser()
    grant(Organisation.objects.create(name="Aardappel & Zn BV"), adviser, AccessRole.READ)
    User.objects.filter(pk=user.pk).update(language=language)
    page = signed_in(user).get(reverse("advisers:portfolio"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    cell = page.split('<td class="portfolio-open">', 1)[1].split("</td>", 1)[0]
    button = re.search(r"<button[^>]*>(?P<text>[^<]*)</button>", cell)
    assert button is not None, cell
    assert button["text"] == visible
    assert f'aria-label="{accessible}"' in button[0]
