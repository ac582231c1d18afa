"""Issue 14, point 12, on the AI Act result: a date or reference past its verify_by shows "last
verified <date>, may be out of date", judged against today's date (partnerwijzer.clock)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from partnerwijzer.knowledge.topics import ai_act as ai_act_topic
from partnerwijzer.planning.compliance.selectors import ai_act_result
from partnerwijzer.planning.compliance.services import screening_answers_replace
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.tests.test_compliance_views import HR_WALK
from tests.personas import Personas


@pytest.fixture
def use_case(personas: Personas) -> UseCase:
    uc = UseCase.objects.create(organisation=personas.organisation, title="CV screening in HR")
    screening_answers_replace(actor=personas.owner, use_case=uc, questionnaire="ai_act", answers=dict(HR_WALK))
    return uc


def test_nothing_is_stale_before_verify_by(use_case: UseCase, settings: Any) -> None:
    settings.PARTNERWIJZER_TODAY = "2026-12-07"
    result = ai_act_result(use_case, lang="en")
    assert result is not None
    assert not any(d.date_stale for d in result.duties)
    assert not any(r.stale for d in result.duties for r in d.refs)


def test_dates_past_verify_by_say_so_on_the_page_and_in_the_api(
    personas: Personas, use_case: UseCase, settings: Any
) -> None:
    annex_iii = ai_act_topic.load().date("annex_iii_high_risk")
    settings.PARTNERWIJZER_TODAY = (annex_iii.verify_by + timedelta(days=1)).isoformat()
    result = ai_act_result(use_case, lang="en")
    assert result is not None
    stale = {d.key for d in result.duties if d.date_stale}
    fresh = {d.key for d in result.duties if not d.date_stale}
    assert "deployer_human_oversight" in stale  # dated by Annex III, checked on 7 December 2026
    assert "ai_literacy" in fresh  # the 2025 date is checked until the end of 2027
    html = personas.client("viewer").get(
        reverse("planning:ai_act_result", kwargs={"use_case_id": use_case.pk})).content.decode()
    assert "laatst gecontroleerd 7 december 2026" in html.lower()
    assert 'data-stale="true"' in html
    body = personas.client("viewer").get(f"/api/v1/use-cases/{use_case.pk}/ai-act/result?lang=en").json()
    duty = next(d for d in body["duties"] if d["key"] == "deployer_human_oversight")
    assert duty["date_stale"] is True
    assert duty["date_checked_on"] == "2026-12-07"
