"""Every moment on the portal's pages (the firm's and the members') goes through the one formatter
(``formatting.date_time``) in the organisation's time zone, as in the messages and the XLSX; found
by the Dutch whole-flow browser test of issue 16 (Django's DATETIME_FORMAT looks the same in Dutch
but said "Dec. 7, 2026, 1:36 p.m." in English)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests import builders as f
from partnerwijzer.questionnaires.models import Questionnaire
from tests.personas import Personas

SUBMITTED = datetime(2026, 12, 7, 12, 36, tzinfo=UTC)  # 13:36 in Amsterdam (winter time)
DEADLINE = datetime(2026, 12, 28, 16, 0, tzinfo=UTC)  # 17:00 in Amsterdam
FORMATTED = {
    "en": ("7 December 2026 13:36", "28 December 2026 17:00"),
    "nl": ("7 december 2026 13:36", "28 december 2026 17:00"),
    "de": ("7. Dezember 2026 13:36", "28. Dezember 2026 17:00"),
}


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_the_portal_pages_show_moments_through_the_formatter(personas: Personas, language: str) -> None:
    setup = f.make_portal(personas, language=language)
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Our answer")
    services.submit(link=setup.link_a)
    PortalLink.objects.filter(pk=setup.link_a.pk).update(submitted_at=SUBMITTED)
    Questionnaire.objects.filter(pk=setup.questionnaire.pk).update(deadline=DEADLINE)
    submitted, deadline = FORMATTED[language]

    firm = Client()
    receipt = firm.get(reverse("portal:receipt", kwargs={"token": setup.token_a})).content.decode()
    assert submitted in receipt
    page = firm.get(reverse("portal:questionnaire", kwargs={"token": setup.token_a})).content.decode()
    assert submitted in page
    assert deadline in page

    owner = personas.client("owner")
    args = [setup.selection.pk, setup.questionnaire.pk]
    assert submitted in owner.get(reverse("portal:side_by_side", args=args)).content.decode()
    links = owner.get(reverse("portal:links", args=args)).content.decode()
    assert submitted in links
    assert deadline in links
    answers = reverse("portal:candidate_answers", args=[setup.selection.pk, setup.firm_a.pk])
    assert submitted in owner.get(answers).content.decode()
