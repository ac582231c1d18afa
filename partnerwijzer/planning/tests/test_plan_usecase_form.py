"""Creating, editing and deleting a use case (owners only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.services import kpi_create, use_case_create
from tests.personas import Personas

CREATE = "/plan/use-cases/new/"


def _use_case(p: Personas) -> UseCase:
    return use_case_create(actor=p.owner, organisation=p.organisation, title="Quotes", department="hr")


def test_owner_creates_a_use_case_and_lands_on_the_kpis(personas: Personas) -> None:
    assert reverse("planning:usecase_create") == CREATE
    response = personas.client("owner").post(CREATE, {
        "title": "Quotes", "department": "sales_marketing", "archetype": "document_analysis",
        "problem_statement": "Cut quote preparation time by 60%", "current_state": "16 hours per quote",
    })
    use_case = UseCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:usecase_detail", args=[use_case.pk]) + "#kpis"
    assert (use_case.organisation, use_case.created_by, use_case.department) == (
        personas.organisation, personas.owner, "sales_marketing",
    )


def test_the_form_offers_departments_and_archetypes(personas: Personas) -> None:
    html = personas.client("owner").get(CREATE).content.decode()
    for key in ("production_operations", "sales_marketing", "rnd", "administration", "hr"):
        assert f'value="{key}"' in html
    for key in ("document_analysis", "customer_service", "visual_quality_control", "predictive_maintenance",
                "forecasting", "content_generation", "process_optimisation", "other"):
        assert f'value="{key}"' in html


def test_missing_title_shows_the_error_and_keeps_input(personas: Personas) -> None:
    response = personas.client("owner").post(CREATE, {"title": "", "problem_statement": "Keep me"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Keep me" in html
    assert not UseCase.objects.exists()


def test_unknown_department_is_refused(personas: Personas) -> None:
    response = personas.client("owner").post(CREATE, {"title": "X", "department": "marketing"})
    assert response.status_code == 400
    assert not UseCase.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_cannot_create_edit_or_delete(personas: Personas, persona: str) -> None:
    use_case = _use_case(personas)
    client = personas.client(persona)
    assert client.post(CREATE, {"title": "X"}).status_code == 403
    assert client.post(reverse("planning:usecase_update", args=[use_case.pk]), {"title": "Y"}).status_code == 403
    assert client.post(reverse("planning:usecase_delete", args=[use_case.pk])).status_code == 403
    use_case.refresh_from_db()
    assert use_case.title == "Quotes"
    assert UseCase.objects.count() == 1


def test_owner_edits(personas: Personas) -> None:
    use_case = _use_case(personas)
    url = reverse("planning:usecase_update", args=[use_case.pk])
    client = personas.client("owner")
    assert 'value="Quotes"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Faster quotes", "department": "sales_marketing", "archetype": ""})
    assert response.status_code == 302
    use_case.refresh_from_db()
    assert (use_case.title, use_case.department) == ("Faster quotes", "sales_marketing")
    assert AuditEvent.objects.filter(action="use_case.update").count() == 1


def test_delete_asks_first_then_deletes_with_kpis(personas: Personas) -> None:
    use_case = _use_case(personas)
    kpi_create(actor=personas.owner, use_case=use_case, name="A", unit="h")
    url = reverse("planning:usecase_delete", args=[use_case.pk])
    client = personas.client("owner")
    html = client.get(url).content.decode()
    assert 'class="button button--danger"' in html
    assert UseCase.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:usecase_list")
    assert not UseCase.objects.exists()
    assert AuditEvent.objects.filter(action="use_case.delete").get().changes["kpis"] == 1


def test_the_outsider_cannot_touch_another_organisations_use_case(personas: Personas) -> None:
    use_case = _use_case(personas)
    client = personas.client("outsider")
    assert client.post(reverse("planning:usecase_update", args=[use_case.pk]), {"title": "Y"}).status_code == 404
    assert client.post(reverse("planning:usecase_delete", args=[use_case.pk])).status_code == 404
    assert UseCase.objects.get().title == "Quotes"


def test_the_delete_page_counts_the_linked_selections_sourcing_lends_planning(personas: Personas) -> None:
    from django.utils import translation
    from django.utils.translation import ngettext

    from partnerwijzer.sourcing.models import Selection
    from partnerwijzer.sourcing.services import selection_create

    use_case = _use_case(personas)
    for title in ("Partner A", "Partner B"):
        selection = selection_create(actor=personas.owner, organisation=personas.organisation, title=title)
        Selection.objects.filter(pk=selection.pk).update(use_case=use_case)
    html = personas.client("owner").get(reverse("planning:usecase_delete", args=[use_case.pk])).content.decode()
    with translation.override(personas.organisation.language):
        expected = ngettext("%(counter)s selection is linked to it; it stays, without the link.",
                            "%(counter)s selections are linked to it; they stay, without the link.", 2) % {"counter": 2}
    assert expected in html
