"""Criteria page: rubric and check items per criterion, price and knock-outs marked; owners
add, rename, reorder and remove; knock-out checks per candidate."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from partnerwijzer.evaluation.criteria_display import criterion_check_items, criterion_label, criterion_rubric
from partnerwijzer.evaluation.models import Criterion, KnockoutCheck
from partnerwijzer.evaluation.tests.builders import candidates_of, criteria_of, make_selection
from partnerwijzer.knowledge.loader import reference
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_criteria_show_name_rubric_and_check_items_in_the_readers_language(personas: Personas) -> None:
    selection = make_selection(personas)
    response = personas.client("viewer").get(reverse("evaluation:criteria", args=[selection.pk]))
    html = response.content.decode()
    ref = reference().criterion("industry_expertise")
    assert ref.name.nl in html
    assert ref.rubric.poor.nl in html
    assert ref.check_items[0].nl in html
    price = criteria_of(selection)[-1]
    assert price.is_price
    assert f'id="c-{price.pk}"' in html
    assert "criterion-card--price" in html
    assert "criterion_move" not in html
    assert 'action="/selections/' not in html
    assert criterion_label(criteria_of(selection)[0], "de") == ref.name.de
    assert criterion_rubric(criteria_of(selection)[0], "en")[3] == ref.rubric.adequate.en
    assert criterion_check_items(criteria_of(selection)[0], "en")[0] == ref.check_items[0].en


def test_owner_adds_renames_reorders_and_removes_criteria(personas: Personas) -> None:
    selection = make_selection(personas)
    client = personas.client("owner")
    assert client.post(reverse("evaluation:criterion_create", args=[selection.pk]),
                       {"name": "", "factor": "soft"}).status_code == 400
    assert client.post(reverse("evaluation:criterion_create", args=[selection.pk]),
                       {"name": "After-sales support", "factor": "soft", "knockout": "on"}).status_code == 302
    own = criteria_of(selection)[-1]
    assert (own.custom_name, own.factor, own.knockout) == ("After-sales support", "soft", True)
    assert criterion_rubric(own)[1]  # own criteria get the generic anchors

    first = criteria_of(selection)[0]
    client.post(reverse("evaluation:criterion_edit", args=[selection.pk, first.pk]),
                {"name": "Sector knowledge", "description": "", "factor": "hard"})
    with translation.override("de"):
        assert criterion_label(Criterion.objects.get(pk=first.pk)) == "Sector knowledge"
    client.post(reverse("evaluation:criterion_move", args=[selection.pk, first.pk]), {"direction": "down"})
    assert criteria_of(selection)[1].pk == first.pk

    delete_url = reverse("evaluation:criterion_delete", args=[selection.pk, own.pk])
    assert client.get(delete_url).status_code == 200  # confirmation first
    assert Criterion.objects.filter(pk=own.pk).exists()
    assert client.post(delete_url).status_code == 302
    assert not Criterion.objects.filter(pk=own.pk).exists()


def test_evaluators_cannot_change_criteria(personas: Personas) -> None:
    selection = make_selection(personas)
    first = criteria_of(selection)[0]
    client = personas.client("evaluator")
    assert client.post(reverse("evaluation:criterion_edit", args=[selection.pk, first.pk]),
                       {"name": "Hijacked", "factor": "hard"}).status_code == 403
    assert client.post(reverse("evaluation:criterion_delete", args=[selection.pk, first.pk])).status_code == 403
    assert Criterion.objects.get(pk=first.pk).custom_name == ""


def test_owner_records_a_failed_knockout_with_a_reason_and_the_candidate_is_marked(personas: Personas) -> None:
    selection = make_selection(personas)
    criterion = criteria_of(selection)[3]
    Criterion.objects.filter(pk=criterion.pk).update(knockout=True)
    candidate = candidates_of(selection)[0]
    client = personas.client("owner")
    url = reverse("evaluation:knockout_set", args=[selection.pk, candidate.pk, criterion.pk])
    response = client.post(url, {"passed": "0", "reason": ""})
    assert response.status_code == 400
    assert not KnockoutCheck.objects.exists()
    assert client.post(url, {"passed": "0", "reason": "Cannot host data in the EU"}).status_code == 302
    page = client.get(reverse("evaluation:knockouts", args=[selection.pk])).content.decode()
    assert f'id="ko-{candidate.pk}" class="is-excluded"' in page
    assert "Cannot host data in the EU" in page
    assert 'data-check="fail"' in page
