"""Issue 14, point 15, for every guide figure: besides the cost and payback figures, the readiness
figures, the selection criteria's figures (the price weights feed the default weight and the price
warning), the implementation models, provider types, sourcing channels and the department budget
can be replaced by an owner, shown as "your value" beside the guide's, used in the calculations,
audited, reset, and listed in the API with both values."""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.figures import selectors, services
from partnerwijzer.budget.models import FigureOverride
from partnerwijzer.evaluation.scoring import selectors as scoring_selectors
from partnerwijzer.evaluation.scoring import services as scoring_services
from partnerwijzer.knowledge import loader, overrides
from partnerwijzer.knowledge.topics import readiness
from tests.authorisation.rows.planning import use_case_for
from tests.personas import Personas

PRICE_SUCCESSFUL = "criteria.price.figures.1"  # the guide: 22 % in successful projects
READINESS = "readiness.items.data.figures.0"  # the guide: 67 % of SME AI projects hit data problems


def _set(p: Personas, key: str, value: str, reason: str = "Our own experience.") -> FigureOverride:
    return services.figure_override_set(actor=p.owner, organisation=p.organisation, key=key, value=value,
                                        reason=reason)


def test_every_figure_of_the_reference_data_is_listed() -> None:
    keys = selectors.guide_figures()
    guide = loader.reference_guide()
    assert len(loader.reference_figures(guide)) == sum(1 for _ in guide.all_figures())
    assert len(readiness.figures(readiness.load_guide())) == sum(len(f.figures) for f in readiness.load_guide().items)
    for key in (PRICE_SUCCESSFUL, READINESS, "department_budget.hr.share", "implementation_models.hybrid.share",
                "provider_types.ai_pure_player.share", "sourcing_channels.personal_recommendation.figures.0"):
        assert key in keys, key
    # Every key names one figure of the files, whatever their order.
    assert keys[PRICE_SUCCESSFUL].value == 22
    assert keys[READINESS].value == 67


# Price weighs 12 %: well below the guide's 22 % ("low"), but close to an own value of 15 %.
CRITERIA = [SimpleNamespace(weight=Decimal(88), is_price=False), SimpleNamespace(weight=Decimal(12), is_price=True)]


def test_price_weight_feeds_the_default_weight_and_the_warning(personas: Personas) -> None:
    assert scoring_services.default_price_weight() == Decimal("22.00")
    guide_warning = scoring_selectors.price_warning(CRITERIA)  # type: ignore[arg-type]
    assert guide_warning is not None
    assert (guide_warning.successful, guide_warning.advice) == (22.0, "low")
    _set(personas, PRICE_SUCCESSFUL, "15", "In our tenders price weighed 15 % when projects went well.")
    assert AuditEvent.objects.get(action="budget.figure_override_set").changes["key"] == PRICE_SUCCESSFUL
    with overrides.scope(personas.organisation.pk):
        assert scoring_services.default_price_weight() == Decimal("15.00")
        warning = scoring_selectors.price_warning(CRITERIA)  # type: ignore[arg-type]
        assert warning is not None
        assert (warning.successful, warning.advice) == (15.0, "close")
        price = loader.reference().price_criterion
        assert sorted(f.value for f in price.figures) == [15, 38]
        assert overrides.original(price.figures[1]) == loader.reference_guide().price_criterion.figures[1]
    with overrides.scope(personas.other_organisation.pk):  # another organisation keeps the guide's
        assert scoring_services.default_price_weight() == Decimal("22.00")
    assert scoring_services.default_price_weight() == Decimal("22.00")  # outside a request as well
    assert services.figure_override_reset(actor=personas.owner, organisation=personas.organisation,
                                          key=PRICE_SUCCESSFUL)
    with overrides.scope(personas.organisation.pk):
        assert scoring_services.default_price_weight() == Decimal("22.00")
    assert AuditEvent.objects.filter(action="budget.figure_override_reset").count() == 1


def test_readiness_page_shows_your_value_beside_the_guides(personas: Personas) -> None:
    _set(personas, READINESS, "40", "Our own pilots: 2 of 5 had data problems.")
    url = reverse("planning:readiness_factor", kwargs={"use_case_id": use_case_for(personas).pk, "factor": "data"})
    html = personas.client("viewer").get(url).content.decode()
    assert 'data-own-value="true"' in html
    assert "40 %" in html or "40%" in html
    assert "67" in html  # the guide's figure beside it
    other = personas.client("outsider")
    assert other.get(url).status_code == 404


def test_equal_figures_in_one_file_are_not_twins(personas: Personas) -> None:
    """Two departments may have the same share; replacing one must not replace the other."""
    _set(personas, "department_budget.hr.share", "12")
    assert list(FigureOverride.objects.values_list("key", flat=True)) == ["department_budget.hr.share"]
    with overrides.scope(personas.organisation.pk):
        assert loader.reference().department("hr").share.value == 12
        other = loader.reference().department("administration").share
        assert other == loader.reference_guide().department("administration").share


def test_figures_page_groups_and_names_the_new_figures(personas: Personas) -> None:
    html = personas.client("owner").get(reverse("budget:figures")).content.decode()
    for heading in ("Gereedheid", "Selectiecriteria", "AI-budget per afdeling"):
        assert f"<h2>{heading}</h2>" in html, heading
    assert f'id="figure-{PRICE_SUCCESSFUL}"' in html
    assert reverse("budget:figure_set", args=[PRICE_SUCCESSFUL]) in html


@pytest.mark.parametrize("role", ["viewer", "owner"])
def test_api_lists_guide_own_and_effective(personas: Personas, role: str) -> None:
    _set(personas, PRICE_SUCCESSFUL, "15")
    url = f"/api/v1/organisations/{personas.organisation.pk}/figures?lang=en"
    rows = {row["key"]: row for row in personas.client(role).get(url).json()}
    price = rows[PRICE_SUCCESSFUL]
    assert price["guide"]["value"] == 22
    assert price["own"]["value"] == 15
    assert price["effective"]["value"] == 15
    assert rows[READINESS]["own"] is None
    assert rows[READINESS]["effective"]["value"] == 67


def test_reference_endpoints_give_the_guides_figures_to_everyone(personas: Personas) -> None:
    """The reference endpoints are the same for every caller (session or token, any organisation);
    an organisation's values are in /organisations/{id}/figures."""
    _set(personas, PRICE_SUCCESSFUL, "15")
    _set(personas, READINESS, "40")
    criteria = personas.client("owner").get("/api/v1/reference/criteria?lang=en").json()
    price = next(item for item in criteria["items"] if item["is_price"])
    assert sorted(f["value"] for f in price["figures"]) == [22, 38]
    questions = personas.client("owner").get("/api/v1/readiness/questions?lang=en").json()
    data = next(f for f in questions["factors"] if f["key"] == "data")
    assert data["figures"][0]["text"].startswith("67")


def test_api_owner_sets_and_resets_a_criteria_figure(personas: Personas) -> None:
    client = personas.client("owner")
    url = f"/api/v1/organisations/{personas.organisation.pk}/figures/{PRICE_SUCCESSFUL}"
    body = {"value": 18, "reason": "Our tenders."}
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["effective"]["value"] == 18
    assert personas.client("viewer").put(url, data=json.dumps(body), content_type="application/json").status_code == 403
    assert client.delete(url).status_code == 200
    assert not FigureOverride.objects.exists()
