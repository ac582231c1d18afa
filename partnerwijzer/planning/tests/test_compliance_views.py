"""The screening pages per persona: one question per page, check your answers, the result."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import Answer, ChecklistItem, CompanyProfile, UseCase
from tests.personas import Personas

HR_WALK: list[tuple[str, Any]] = [
    ("ai_system", "yes"), ("scope_exclusions", "none"), ("role", "buy_use"), ("role_changes", "none"),
    ("prohibited", "none"), ("annex_i", "no"), ("annex_iii", "employment"), ("exception_6_3", "none"),
    ("public_service", "no"), ("transparency", ["none"]), ("gpai", "no"),
]


def _q(use_case: UseCase, node: str, prefix: str = "ai_act") -> str:
    return reverse(f"planning:{prefix}_question", kwargs={"use_case_id": use_case.pk, "node_key": node})


def _page(use_case: UseCase, page: str, prefix: str = "ai_act") -> str:
    return reverse(f"planning:{prefix}_{page}", kwargs={"use_case_id": use_case.pk})


def _walk(client: Client, use_case: UseCase, steps: list[tuple[str, Any]], prefix: str = "ai_act") -> Any:
    response = None
    for node, value in steps:
        response = client.post(_q(use_case, node, prefix), {"answer": value})
        assert response.status_code == 302, (node, response.status_code, response.content[:500])
    return response


def test_hr_cv_screening_walk_ends_in_high_risk_with_deployer_duties(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    start = client.get(_page(use_case, "start"))
    assert start.status_code == 200
    assert f'href="{_q(use_case, "ai_system")}"' in start.content.decode()

    last = _walk(client, use_case, HR_WALK)
    assert last["Location"] == _page(use_case, "check")
    stored = dict(Answer.objects.filter(use_case=use_case, questionnaire="ai_act").values_list("question_key", "value"))
    assert stored["annex_iii"] == "employment"
    assert stored["transparency"] == ["none"]

    check = client.get(_page(use_case, "check")).content.decode()
    assert check.count('class="cmp-summary__row"') == len(HR_WALK)
    assert f'href="{_q(use_case, "annex_iii")}?return=check"' in check
    assert 'id="see-result"' in check

    html = client.get(_page(use_case, "result")).content.decode()
    assert 'data-tier="high_risk"' in html
    assert 'data-role="deployer"' in html
    assert "Dit is een hoog-risicosysteem" in html  # the plain explanation, in the user's language
    for duty in ("deployer_use_per_instructions", "deployer_human_oversight", "deployer_input_data",
                 "deployer_monitor_report", "deployer_keep_logs", "deployer_inform_workers", "deployer_dpia"):
        assert f'data-duty="{duty}"' in html
    assert 'data-duty="provider_risk_management"' not in html
    assert 'data-duty="deployer_fria"' not in html
    assert 'data-applies-from="2027-12-02"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "eur-lex.europa.eu/legal-content/NL/TXT/HTML/?uri=OJ:L_202401689#art_26" in html  # Dutch page

    items = ChecklistItem.objects.filter(use_case=use_case, checklist="ai_act")
    assert items.filter(key="deployer_keep_logs", status="open").exists()
    assert str(items.get(key="deployer_keep_logs").due_date) == "2027-12-02"
    assert AuditEvent.objects.filter(action="ai_act.answer_save").count() == len(HR_WALK)
    assert AuditEvent.objects.filter(action="ai_act.checklist_sync").count() == 1


def test_result_texts_follow_the_language(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    html = client.get(_page(use_case, "result")).content.decode()
    assert "Protokolle mindestens sechs Monate aufbewahren" in html
    assert "legal-content/DE/TXT/HTML" in html


def test_question_page_shows_progress_back_link_and_references(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK[:3])
    html = client.get(_q(use_case, "role_changes")).content.decode()
    assert 'data-node="role_changes"' in html
    assert 'aria-current="step"' in html
    assert 'data-section="role"' in html
    assert f'href="{_q(use_case, "role")}"' in html  # back link to the previous question
    assert "#art_25" in html
    assert 'id="save-answer"' in html


def test_unknown_option_is_refused_and_nothing_is_stored(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(_q(use_case, "ai_system"), {"answer": "perhaps"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Answer.objects.filter(use_case=use_case).exists()
    assert not AuditEvent.objects.filter(action="ai_act.answer_save").exists()


def test_a_question_off_the_path_is_refused_on_post(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("owner").post(_q(use_case, "annex_iii"), {"answer": "employment"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Answer.objects.filter(use_case=use_case).exists()


def test_a_question_off_the_path_redirects_to_the_next_one_on_get(personas: Personas, use_case: UseCase) -> None:
    response = personas.client("viewer").get(_q(use_case, "gpai"))
    assert response.status_code == 302
    assert response["Location"] == _q(use_case, "ai_system")


def test_unknown_question_is_404(personas: Personas, use_case: UseCase) -> None:
    assert personas.client("owner").get(_q(use_case, "nonexistent")).status_code == 404


def test_none_of_these_cannot_be_combined(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK[:9])
    response = client.post(_q(use_case, "transparency"), {"answer": ["none", "interacts"]})
    assert response.status_code == 400
    assert not Answer.objects.filter(use_case=use_case, question_key="transparency").exists()


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_see_answers_but_cannot_answer(personas: Personas, use_case: UseCase, persona: str) -> None:
    _walk(personas.client("owner"), use_case, HR_WALK)
    client = personas.client(persona)
    html = client.get(_q(use_case, "role")).content.decode()
    assert 'id="read-only"' in html
    assert 'id="save-answer"' not in html
    assert re.search(r'<input[^>]*value="buy_use"[^>]*checked', html)
    response = client.post(_q(use_case, "role"), {"answer": "build_use"})
    assert response.status_code == 403
    assert Answer.objects.get(use_case=use_case, question_key="role").value == "buy_use"
    result = client.get(_page(use_case, "result")).content.decode()
    assert 'data-tier="high_risk"' in result
    assert "Edit owner and status" not in result


def test_outsider_gets_404_everywhere(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("outsider")
    for url in (_page(use_case, "start"), _q(use_case, "ai_system"), _page(use_case, "check"),
                _page(use_case, "result"), _page(use_case, "result", "gdpr")):
        assert client.get(url).status_code == 404
    assert client.post(_q(use_case, "ai_system"), {"answer": "yes"}).status_code == 404
    assert not Answer.objects.exists()


def test_incomplete_result_shows_no_tier(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK[:4])
    html = client.get(_page(use_case, "result")).content.decode()
    assert 'id="incomplete"' in html
    assert "data-tier" not in html
    assert f'href="{_q(use_case, "prohibited")}"' in html
    assert not ChecklistItem.objects.exists()


def test_changing_an_answer_returns_to_check_and_updates_the_checklist(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK)
    response = client.post(_q(use_case, "annex_iii") + "?return=check", {"answer": "none", "return": "check"})
    assert response.status_code == 302
    assert response["Location"] == _page(use_case, "check")
    html = client.get(_page(use_case, "result")).content.decode()
    assert 'data-tier="minimal_risk"' in html
    logs = ChecklistItem.objects.get(use_case=use_case, key="deployer_keep_logs")
    assert logs.status == "not_applicable"
    assert ChecklistItem.objects.get(use_case=use_case, key="ai_literacy").status == "open"


def test_gdpr_walk_for_a_dutch_company_asks_the_ap_list(personas: Personas, use_case: UseCase) -> None:
    CompanyProfile.objects.create(organisation=personas.organisation, country="NL")
    client = personas.client("owner")
    steps: list[tuple[str, Any]] = [
        ("personal_data", "yes"), ("employees", "yes"), ("edpb_criteria", ["scoring", "innovative", "vulnerable"]),
        ("nl_list", ["profiling"]), ("art22", "human_review"), ("processor", "yes"), ("transfer", "us_dpf"),
    ]
    last = _walk(client, use_case, steps, "gdpr")
    assert last["Location"] == _page(use_case, "check", "gdpr")
    html = client.get(_page(use_case, "result", "gdpr")).content.decode()
    assert 'data-verdict="required"' in html
    assert 'data-criteria="3"' in html
    assert 'data-national="NL"' in html
    for action in ("dpia_carry_out", "works_council_nl", "processor_agreement", "transfer_dpf_check"):
        assert f'data-action="{action}"' in html
    assert ChecklistItem.objects.filter(use_case=use_case, checklist="gdpr", key="dpia_carry_out").exists()


def test_gdpr_without_profile_skips_the_national_list(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    response = client.post(_q(use_case, "edpb_criteria", "gdpr"), {"answer": ["none"]})
    assert response.status_code == 400  # not on the path yet
    _walk(client, use_case, [("personal_data", "yes"), ("employees", "no")], "gdpr")
    response = client.post(_q(use_case, "edpb_criteria", "gdpr"), {"answer": ["none"]})
    assert response["Location"] == _q(use_case, "art22", "gdpr")


def test_ai_act_high_risk_adds_the_alignment_action_to_a_finished_gdpr_check(
    personas: Personas, use_case: UseCase
) -> None:
    client = personas.client("owner")
    _walk(client, use_case, [("personal_data", "yes"), ("employees", "no"), ("edpb_criteria", ["innovative"]),
                             ("art22", "no"), ("processor", "no"), ("transfer", "no")], "gdpr")
    assert not ChecklistItem.objects.filter(key="align_ai_act").exists()
    _walk(client, use_case, HR_WALK)
    assert ChecklistItem.objects.get(checklist="gdpr", key="align_ai_act").status == "open"


# --- Issue 14: dates relative to today, one note, size relief, no next steps after a ban ----------


def test_result_says_applies_since_for_past_dates_and_marks_open_duties_overdue(
    personas: Personas, use_case: UseCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2026, 12, 7))
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK)
    html = client.get(_page(use_case, "result")).content.decode()
    literacy = html.split('data-duty="ai_literacy"', 1)[1].split("</li>", 1)[0]
    assert 'data-date-state="applies_since"' in literacy
    assert "Geldt sinds" in literacy
    assert 'data-overdue="true"' in literacy
    logs = html.split('data-duty="deployer_keep_logs"', 1)[1].split("</li>", 1)[0]
    assert 'data-date-state="applies_from"' in logs
    assert "Geldt vanaf" in logs
    # The postponement note stands once, in the notes below the duties, not under each duty.
    assert html.count('data-date-rule="annex_iii_high_risk"') == 1
    assert html.count("Uitgesteld door Verordening (EU) 2026/1744") == 1


def test_a_done_duty_is_not_overdue(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK)
    ChecklistItem.objects.filter(use_case=use_case, key="ai_literacy").update(status="done")
    html = client.get(_page(use_case, "result")).content.decode()
    literacy = html.split('data-duty="ai_literacy"', 1)[1].split("</li>", 1)[0]
    assert 'data-overdue="true"' not in literacy


def test_result_states_the_small_mid_cap_relief(personas: Personas, use_case: UseCase) -> None:
    CompanyProfile.objects.update_or_create(organisation=personas.organisation, defaults={"staff_count": 400})
    client = personas.client("owner")
    _walk(client, use_case, HR_WALK)
    html = client.get(_page(use_case, "result")).content.decode()
    assert 'id="relief" data-size="small_mid_cap"' in html
    assert "kleine midcap" in html


def test_prohibited_result_offers_no_gdpr_next_step(personas: Personas, use_case: UseCase) -> None:
    client = personas.client("owner")
    _walk(client, use_case, [("ai_system", "yes"), ("scope_exclusions", "none"), ("role", "buy_use"),
                             ("role_changes", "none"), ("prohibited", "social_scoring")])
    html = client.get(_page(use_case, "result")).content.decode()
    assert 'data-tier="prohibited"' in html
    assert "panel--next" not in html
    assert "AVG-check" not in html.split('id="duties-heading"', 1)[1]


def test_a_renamed_use_case_route_fails_instead_of_falling_back(personas: Personas, use_case: UseCase) -> None:
    """Issue 15 item 7: the link back to the use case had a silent fallback to the dashboard, so a
    renamed route went unnoticed. The page links to the use case, and the link builder raises."""
    from django.test import override_settings
    from django.urls import NoReverseMatch, clear_url_caches, path

    from partnerwijzer.planning.compliance.views import use_case_url

    html = personas.client("owner").get(_page(use_case, "check")).content.decode()
    assert f'href="{reverse("planning:usecase_detail", kwargs={"use_case_id": use_case.pk})}"' in html

    urlconf = type("Urls", (), {"urlpatterns": [path("", lambda request: None, name="dashboard")]})
    with override_settings(ROOT_URLCONF=urlconf):
        clear_url_caches()
        try:
            with pytest.raises(NoReverseMatch):
                use_case_url(use_case)
        finally:
            clear_url_caches()
