"""The answers side by side as XLSX (issue 16, item 5): each firm's moment of submission in the
organisation's time zone, as the page beside it shows it (found by the Dutch whole-flow browser
test: the workbook said 12:36 where the page said 13:36)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
from django.urls import reverse

from partnerwijzer.documents.answers_side_by_side import HEADER_ROW, build_answers_side_by_side
from partnerwijzer.portal import services
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests import builders as f
from tests.personas import Personas

SUBMITTED_UTC = datetime(2026, 12, 7, 12, 36, tzinfo=UTC)  # 13:36 in Amsterdam (winter time)


def test_the_submission_moment_is_local_time_like_the_page(personas: Personas) -> None:
    setup = f.make_portal(personas, language="nl")
    services.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Ons antwoord")
    services.submit(link=setup.link_a)
    PortalLink.objects.filter(pk=setup.link_a.pk).update(submitted_at=SUBMITTED_UTC)

    data = build_answers_side_by_side(personas.organisation, setup.questionnaire.pk, "nl")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet.cell(row=HEADER_ROW, column=3).value == "Acme AI"
    assert sheet.cell(row=HEADER_ROW + 1, column=3).value == "Ingediend 7 december 2026 13:36"

    page = personas.client("owner").get(
        reverse("portal:side_by_side", args=[setup.selection.pk, setup.questionnaire.pk]))
    assert "7 december 2026 13:36" in page.content.decode()
