"""The checklist says when the partner was chosen as a date in running text, through the one
formatter and in the organisation's time zone (it showed ``7-12-2026``); found by the Dutch
whole-flow browser test of issue 16."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from partnerwijzer.contract.models import PartnerDecision
from tests.personas import Personas

LATE_EVENING_UTC = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)  # already 8 December in Amsterdam


def test_the_decision_date_is_a_long_local_date(personas: Personas, decision: PartnerDecision) -> None:
    PartnerDecision.objects.filter(pk=decision.pk).update(decided_at=LATE_EVENING_UTC)
    url = reverse("contract:checklist", kwargs={"selection_id": decision.selection_id})
    html = personas.client("viewer").get(url).content.decode()
    assert "Besloten door Owner op 8 december 2026." in html

    personas.speak("de")
    html = personas.client("viewer").get(url).content.decode()
    assert "8. Dezember 2026" in html
    assert "08.12.2026" not in html
