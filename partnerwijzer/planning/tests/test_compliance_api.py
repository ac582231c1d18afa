"""The screening endpoints of the JSON API: trees, answers, results and the checklist."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import Answer, ChecklistItem, CompanyProfile, UseCase
from partnerwijzer.planning.tests.test_compliance_views import HR_WALK
from tests.personas import Personas


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def _base(use_case: UseCase) -> str:
    return f"/api/v1/use-cases/{use_case.pk}"


def test_tree_in_each_language(personas: Personas) -> None:
    client = personas.client("viewer")
    de = client.get("/api/v1/ai-act/tree?lang=de").json()
    assert de["start"] == "ai_system"
    node = next(n for n in de["nodes"] if n["key"] == "annex_iii")
    assert node["question"].startswith("Wofür")
    option = next(o for o in node["options"] if o["key"] == "employment")
    assert option["next"] == "exception_6_3"
    assert "annex_iii_4" in option["flags"]
    assert {o["key"] for o in de["outcomes"]} >= {"prohibited", "assessed"}
    ban = next(o for n in de["nodes"] for o in n["options"] if o["key"] == "intimate_imagery")
    assert ban["verification"] == "not_verified"
    gdpr = client.get("/api/v1/gdpr/tree?lang=en").json()
    assert next(n for n in gdpr["nodes"] if n["key"] == "nl_list")["countries"] == ["NL"]
    assert client.get("/api/v1/ai-act/tree?lang=fr").status_code == 422


def test_put_answers_and_read_the_result(personas: Personas, use_case: UseCase) -> None:
    owner = personas.client("owner")
    response = _put(owner, f"{_base(use_case)}/ai-act/answers", {"answers": dict(HR_WALK)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["complete"] is True
    assert body["path"] == [k for k, _v in HR_WALK]
    assert body["answers"]["transparency"] == ["none"]

    result = personas.client("viewer").get(f"{_base(use_case)}/ai-act/result?lang=en").json()
    assert (result["complete"], result["tier"], result["role"]) == (True, "high_risk", "deployer")
    assert result["annex_iii_point"] == 4
    logs = next(d for d in result["duties"] if d["key"] == "deployer_keep_logs")
    # Not verified: the Official Journal text of the amendment was not consulted (issue 14, point 1).
    assert (logs["original_date"], logs["amended_date"], logs["date_verification"]) == (
        "2026-08-02", "2027-12-02", "not_verified")
    assert (logs["date_state"], logs["overdue"]) == ("applies_from", False)
    literacy = next(d for d in result["duties"] if d["key"] == "ai_literacy")
    assert (literacy["date_state"], literacy["overdue"]) == ("applies_since", True)
    assert [n["key"] for n in result["date_notes"]].count("annex_iii_high_risk") == 1
    assert result["may_continue"] is True
    assert result["relief"] is None  # the test organisation has no head count
    assert logs["status"] == "open"
    assert logs["item_id"]
    assert AuditEvent.objects.filter(action="ai_act.answers_replace").count() == 1


def test_incomplete_result_has_no_tier(personas: Personas, use_case: UseCase) -> None:
    _put(personas.client("owner"), f"{_base(use_case)}/ai-act/answers", {"answers": {"ai_system": "yes"}})
    result = personas.client("viewer").get(f"{_base(use_case)}/ai-act/result").json()
    assert (result["complete"], result["tier"], result["next_question"]) == (False, None, "scope_exclusions")


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"ai_system": "perhaps"}, "unknown_option"),
        ({"nonexistent": "yes"}, "unknown_question"),
        ({"ai_system": "no", "role": "build_use"}, "not_on_path"),
        ({"ai_system": "yes", "scope_exclusions": "none", "role": "build_use", "prohibited": "none",
          "annex_i": "no", "annex_iii": "none", "transparency": ["none", "interacts"]}, "invalid_value"),
    ],
)
def test_bad_answers_give_422_and_store_nothing(
    personas: Personas, use_case: UseCase, answers: dict, code: str
) -> None:
    Answer.objects.create(use_case=use_case, questionnaire="ai_act", question_key="ai_system", value="yes")
    response = _put(personas.client("owner"), f"{_base(use_case)}/ai-act/answers", {"answers": answers})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert body["errors"]
    assert list(Answer.objects.filter(use_case=use_case).values_list("question_key", "value")) == [("ai_system", "yes")]
    assert body["errors"][0]["type"] == code
    assert body["errors"][0]["loc"][:2] == ["body", "answers"]


def test_gdpr_answers_use_the_company_country(personas: Personas, use_case: UseCase) -> None:
    CompanyProfile.objects.create(organisation=personas.organisation, country="DE")
    owner = personas.client("owner")
    answers = {"personal_data": "yes", "employees": "no", "edpb_criteria": ["innovative"],
               "de_list": ["ai_interaction_evaluation"], "art22": "no", "processor": "yes", "transfer": "no"}
    assert _put(owner, f"{_base(use_case)}/gdpr/answers", {"answers": answers}).status_code == 200
    result = owner.get(f"{_base(use_case)}/gdpr/result?lang=de").json()
    assert (result["verdict"], result["national_list"], result["criteria_count"]) == ("required", "DE", 1)
    assert {"dpia_carry_out", "de_dpo", "processor_agreement"} <= {a["key"] for a in result["actions"]}
    wrong = {**answers, "nl_list": ["profiling"]}
    assert _put(owner, f"{_base(use_case)}/gdpr/answers", {"answers": wrong}).status_code == 422


def test_checklist_list_and_patch(personas: Personas, use_case: UseCase) -> None:
    owner = personas.client("owner")
    _put(owner, f"{_base(use_case)}/ai-act/answers", {"answers": dict(HR_WALK)})
    items = personas.client("evaluator").get(f"{_base(use_case)}/checklist?checklist=ai_act").json()
    assert {i["key"] for i in items} >= {"deployer_keep_logs", "ai_literacy"}
    item = next(i for i in items if i["key"] == "deployer_keep_logs")
    url = f"/api/v1/checklist-items/{item['id']}"
    response = owner.patch(url, data=json.dumps({"owner_id": str(personas.evaluator.pk), "status": "done"}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["owner_email"], response.json()["status"]) == ("evaluator@example.com", "done")
    stored = ChecklistItem.objects.get(pk=item["id"])
    assert (stored.owner, stored.status) == (personas.evaluator, "done")
    bad = owner.patch(url, data=json.dumps({"owner_id": str(personas.outsider.pk)}), content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "owner_id"]
    cleared = owner.patch(url, data=json.dumps({"owner_id": None}), content_type="application/json")
    assert cleared.json()["owner_id"] is None
    assert cleared.json()["status"] == "done"
    assert personas.client("viewer").patch(url, data=json.dumps({"status": "open"}),
                                           content_type="application/json").status_code == 403
    assert personas.client("outsider").get(f"{_base(use_case)}/checklist").status_code == 404
