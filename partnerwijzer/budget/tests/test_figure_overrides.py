"""Issue 14, point 15: an owner replaces a guide figure for the organisation, with a reason; the
value is shown as "your value" beside the guide's, used in every calculation, audited, reset."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.figures import selectors, services
from partnerwijzer.budget.models import FigureOverride
from partnerwijzer.knowledge import overrides
from partnerwijzer.knowledge.topics import archetypes, costs
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas

PAYBACK = "costs.roi.payback"


def _set(p: Personas, key: str = PAYBACK, **values: Any) -> FigureOverride:
    data = {"low": "6", "high": "9", "reason": "Our last two projects paid back within 9 months.", **values}
    return services.figure_override_set(actor=p.owner, organisation=p.organisation, key=key, **data)


def test_every_guide_figure_used_in_calculations_can_be_replaced() -> None:
    keys = selectors.guide_figures()
    for key in (PAYBACK, "costs.roi.roi_three_years", "costs.buffer", "costs.categories.data.typical",
                "costs.roi.composition.cost_savings", "archetypes.general_payback"):
        assert key in keys


def test_set_stores_audits_and_the_calculations_use_it(personas: Personas) -> None:
    override = _set(personas)
    assert (override.low, override.high) == (Decimal("6.00"), Decimal("9.00"))
    event = AuditEvent.objects.get(action="budget.figure_override_set")
    assert event.changes["key"] == PAYBACK
    assert event.changes["after"]["high"] == "9.00"
    guide = costs.load_guide().roi.payback
    with overrides.scope(personas.organisation.pk):
        assert (costs.load().roi.payback.low, costs.load().roi.payback.high) == (6.0, 9.0)
        assert overrides.original(costs.load().roi.payback) == guide
    # Another organisation and code outside a request keep the guide's figure.
    with overrides.scope(personas.other_organisation.pk):
        assert costs.load().roi.payback == guide
    assert costs.load().roi.payback == guide


def test_the_roi_assessment_compares_with_your_value(personas: Personas) -> None:
    from partnerwijzer.budget.returns import selectors as roi_selectors

    _set(personas)
    use_case = use_case_for(personas)
    with overrides.scope(personas.organisation.pk):
        reference = roi_selectors.assessment_reference(roi_selectors.guide_reference(use_case))
    assert reference.payback_months == (6.0, 9.0)


def test_an_archetype_figure_applies_too(personas: Personas) -> None:
    general = archetypes.load_guide().general_payback
    value = {"value": "10"} if general.value is not None else {"low": "10", "high": "14"}
    _set(personas, "archetypes.general_payback", **value)
    with overrides.scope(personas.organisation.pk):
        payback = archetypes.load().general_payback
    assert (payback.value or payback.low) == 10.0


@pytest.mark.parametrize(
    ("values", "field"),
    [({"reason": "  "}, "reason"), ({"low": "9", "high": "6"}, "low"), ({"low": "x"}, "low"),
     ({"low": "-1"}, "low"), ({"high": ""}, "low")],
)
def test_bad_input_stores_nothing(personas: Personas, values: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        _set(personas, **values)
    assert field in exc.value.message_dict
    assert not FigureOverride.objects.exists()
    assert not AuditEvent.objects.filter(action="budget.figure_override_set").exists()


def test_unknown_key_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        _set(personas, "costs.nothing")
    assert "key" in exc.value.message_dict


def test_reset_returns_to_the_guide_and_is_audited(personas: Personas) -> None:
    _set(personas)
    assert services.figure_override_reset(actor=personas.owner, organisation=personas.organisation, key=PAYBACK)
    assert not FigureOverride.objects.exists()
    assert AuditEvent.objects.filter(action="budget.figure_override_reset").count() == 1
    with overrides.scope(personas.organisation.pk):
        assert costs.load().roi.payback == costs.load_guide().roi.payback
    assert not services.figure_override_reset(actor=personas.owner, organisation=personas.organisation, key=PAYBACK)


def test_page_shows_your_value_beside_the_guides_and_owner_can_reset(personas: Personas) -> None:
    _set(personas)
    owner = personas.client("owner")
    html = owner.get(reverse("budget:figures")).content.decode()
    card = html.split(f'id="figure-{PAYBACK}"', 1)[1].split("</li>", 1)[0]
    assert 'data-own="true"' in card
    assert "De gids stelt" in card
    assert "Uw waarde" in card
    assert "Our last two projects" in card
    assert reverse("budget:figure_reset", args=[PAYBACK]) in card
    response = owner.post(reverse("budget:figure_reset", args=[PAYBACK]))
    assert response.status_code == 302
    assert not FigureOverride.objects.exists()


def test_page_form_errors_are_a_400_in_the_users_language(personas: Personas) -> None:
    response = personas.client("owner").post(reverse("budget:figure_set", args=[PAYBACK]),
                                             {"low": "9", "high": "6", "reason": "x"})
    assert response.status_code == 400
    assert "De lage waarde mag niet hoger zijn dan de hoge waarde." in response.content.decode()
    assert not FigureOverride.objects.exists()


def test_viewer_reads_without_forms(personas: Personas) -> None:
    html = personas.client("viewer").get(reverse("budget:figures")).content.decode()
    assert 'id="figures"' in html
    assert "budget/figures/costs.roi.payback/" not in html


def test_the_roi_page_shows_your_value_beside_the_guides(personas: Personas) -> None:
    _set(personas)
    html = personas.client("owner").get(reverse("budget:roi", args=[use_case_for(personas).pk])).content.decode()
    assert 'data-own-value="true"' in html
    assert "6–9" in html or "6-9" in html


def test_api_exposes_guide_own_and_effective_and_resets(personas: Personas) -> None:
    base = f"/api/v1/organisations/{personas.organisation.pk}/figures"
    owner = personas.client("owner")
    put = owner.put(f"{base}/{PAYBACK}?lang=en", data=json.dumps({"low": 6, "high": 9, "reason": "Own projects"}),
                    content_type="application/json")
    assert put.status_code == 200, put.content
    body = put.json()
    assert body["own"]["reason"] == "Own projects"
    assert (body["effective"]["low"], body["effective"]["high"]) == (6.0, 9.0)
    assert body["guide"]["low"] == costs.load_guide().roi.payback.low
    rows = {r["key"]: r for r in personas.client("viewer").get(base).json()}
    assert rows[PAYBACK]["own"] is not None
    assert owner.put(f"{base}/costs.nothing", data=json.dumps({"value": 1, "reason": "x"}),
                     content_type="application/json").status_code == 404
    bad = owner.put(f"{base}/{PAYBACK}", data=json.dumps({"low": 9, "high": 6, "reason": "x"}),
                    content_type="application/json")
    assert bad.status_code == 422
    deleted = owner.delete(f"{base}/{PAYBACK}")
    assert deleted.status_code == 200
    assert deleted.json()["own"] is None


def test_the_document_worker_uses_the_organisations_values(personas: Personas, monkeypatch: Any) -> None:
    """Documents are built by a background worker, outside any request: run_job opens the scope."""
    from partnerwijzer.documents import services as document_services
    from partnerwijzer.documents.models import DocumentJob

    _set(personas)
    seen: list[tuple[float | None, float | None]] = []

    def fake_generate(job: Any) -> tuple[bytes, str]:
        payback = costs.load().roi.payback
        seen.append((payback.low, payback.high))
        return b"x", "doc"

    monkeypatch.setattr(document_services, "_generate", fake_generate)
    from partnerwijzer.sourcing.services import selection_create

    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="S")
    job = DocumentJob.objects.create(organisation=personas.organisation, selection=selection,
                                     target_id=selection.pk, created_by=personas.owner,
                                     kind="decision_report", format="pdf", language="nl")
    document_services.run_job(job.pk)
    assert seen == [(6.0, 9.0)]


def test_page_lists_each_figure_title_once_with_its_unit(personas: Personas) -> None:
    """The guide's payback is stated in the costs and the archetypes file: one card, one own value."""
    html = personas.client("owner").get(reverse("budget:figures")).content.decode()
    titles = re.findall(r'<h3>([^<]+)</h3>', html)
    assert titles
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    assert titles.count("Terugverdientijd van geslaagde AI-projecten in het mkb, na volledige invoering") == 1
    card = html.split(f'id="figure-{PAYBACK}"', 1)[1].split("</li>", 1)[0]
    assert 'Laag <span class="muted">(maanden)</span>' in card
    assert "(%)" in html
    _set(personas)
    assert set(FigureOverride.objects.values_list("key", flat=True)) == {PAYBACK, "archetypes.general_payback"}
    with overrides.scope(personas.organisation.pk):
        assert archetypes.load().general_payback.high == 9
    assert AuditEvent.objects.filter(action="budget.figure_override_set").count() == 1
    assert services.figure_override_reset(actor=personas.owner, organisation=personas.organisation,
                                          key="archetypes.general_payback")
    assert not FigureOverride.objects.exists()
    assert AuditEvent.objects.filter(action="budget.figure_override_reset").count() == 1
