"""The partner's performance (issue 13, point 7): the owners' monthly scorecard of the partner
beside the selection's scores for the corresponding criteria."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.evaluation.models import ConsensusScore, Criterion
from partnerwijzer.results import selectors, services
from partnerwijzer.results.models import PartnerReview, Project
from tests.personas import Personas

pytestmark = pytest.mark.django_db

SCORES = {"delivery": 3, "quality": 4, "communication": 5, "knowledge_transfer": 2}


def test_review_is_stored_audited_and_a_second_one_replaces_it(personas: Personas, project: Project) -> None:
    services.partner_review_set(actor=personas.owner, project=project, period=date(2026, 5, 20), scores=SCORES)
    review = services.partner_review_set(actor=personas.owner, project=project, period=date(2026, 5, 1),
                                         scores={**SCORES, "quality": 2}, note="Late tests")
    assert PartnerReview.objects.get() == review
    assert review.period == date(2026, 5, 1)
    assert review.quality == 2
    changes = [e.changes["quality"] for e in AuditEvent.objects.filter(action="results.partner_review_set")]
    assert sorted(changes, key=str) == [[4, 2], [None, 4]]  # the first review, then the replacement


@pytest.mark.parametrize(("period", "scores", "field"), [
    (date(2026, 7, 1), SCORES, "period"),  # the future (today is 2026-06-15)
    (None, SCORES, "period"),
    (date(2026, 5, 1), {**SCORES, "delivery": 6}, "delivery"),
    (date(2026, 5, 1), {**SCORES, "quality": 0}, "quality"),
    (date(2026, 5, 1), {**SCORES, "communication": True}, "communication"),
    (date(2026, 5, 1), {k: v for k, v in SCORES.items() if k != "knowledge_transfer"}, "knowledge_transfer"),
])
def test_review_refuses_bad_input_and_stores_nothing(personas: Personas, project: Project, period: date | None,
                                                     scores: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.partner_review_set(actor=personas.owner, project=project, period=period, scores=scores)
    assert field in error.value.message_dict
    assert not PartnerReview.objects.exists()


def test_scorecard_sets_the_selection_score_beside_the_reviews(personas: Personas, project: Project) -> None:
    assert project.candidate is not None
    selection = project.candidate.selection
    Criterion.objects.filter(selection=selection).delete()  # only the criteria this test names
    end_to_end = Criterion.objects.create(selection=selection, reference_key="end_to_end", weight=Decimal(60))
    Criterion.objects.create(selection=selection, reference_key="price", is_price=True, weight=Decimal(40))
    ConsensusScore.objects.create(candidate=project.candidate, criterion=end_to_end, value=4, justification="Plan")
    services.partner_review_set(actor=personas.owner, project=project, period=date(2026, 4, 1), scores=SCORES)
    services.partner_review_set(actor=personas.owner, project=project, period=date(2026, 5, 1),
                                scores={**SCORES, "delivery": 2})
    rows = {r.aspect: r for r in selectors.partner_scorecard(project)["aspects"]}
    assert rows["delivery"].selected == 4.0
    assert rows["delivery"].latest == 2
    assert rows["delivery"].average == 2.5
    assert rows["delivery"].gap == -2.0
    assert rows["quality"].selected is None  # the selection had no technology criterion
    assert rows["quality"].gap is None


def test_partner_page_owner_reviews_viewer_reads(personas: Personas, project: Project) -> None:
    url = reverse("results:partner", args=[project.pk])
    owner = personas.client("owner")
    bad = owner.post(url, {"period": "2026-05-01", "delivery": "9", "quality": "3", "communication": "3",
                           "knowledge_transfer": "3"})
    assert bad.status_code == 400
    assert "Kies een score van 1 (slecht) tot 5 (uitstekend)." in bad.content.decode()
    assert not PartnerReview.objects.exists()
    ok = owner.post(url, {"period": "2026-05-12", "delivery": "4", "quality": "3", "communication": "5",
                          "knowledge_transfer": "2", "note": "Goed overleg"})
    assert ok.status_code == 302
    page = personas.client("viewer").get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Goed overleg" in text
    assert 'id="review-form"' not in text
    assert "Prestaties van de partner" in text
    assert personas.client("viewer").post(url, {"period": "2026-05-01"}).status_code == 403
    assert PartnerReview.objects.count() == 1
