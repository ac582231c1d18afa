"""The use-case page (/plan/use-cases/<id>/): problem check, KPIs, reference figures, priority."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.usecases.services import kpi_create, lighthouse_set, priority_set, use_case_create
from partnerwijzer.sourcing.models import Selection
from partnerwijzer.sourcing.services import selection_create
from tests.personas import Personas

XSS = "<script>alert(1)</script>"


def _use_case(p: Personas, **fields: str) -> UseCase:
    defaults = {"title": "Quotes", "department": "sales_marketing", "archetype": "document_analysis"}
    return use_case_create(actor=p.owner, organisation=p.organisation, **{**defaults, **fields})


def _url(use_case: UseCase) -> str:
    return reverse("planning:usecase_detail", args=[use_case.pk])


def test_route() -> None:
    import uuid

    pk = uuid.uuid4()
    assert reverse("planning:usecase_detail", args=[pk]) == f"/plan/use-cases/{pk}/"


def test_a_vague_use_case_fails_the_check_with_what_to_do(personas: Personas) -> None:
    use_case = _use_case(personas, problem_statement="We willen AI inzetten bij werving.")
    html = personas.client("viewer").get(_url(use_case)).content.decode()
    assert 'data-passed="false"' in html
    for code in ("technology_not_problem", "no_current_state", "no_baseline_value", "no_measurable_target",
                 "no_target_date"):
        assert f'data-issue="{code}"' in html
    assert 'id="no-kpis"' in html


def test_a_measurable_use_case_passes(personas: Personas) -> None:
    use_case = _use_case(personas, problem_statement="Cut quote preparation time by 60%", current_state="16 h")
    kpi_create(actor=personas.owner, use_case=use_case, name="Lead time", unit="hours", baseline_value=16,
               target_value=6, target_date=date(2027, 6, 30))
    html = personas.client("viewer").get(_url(use_case)).content.decode()
    assert 'data-passed="true"' in html
    assert "data-issue" not in html
    assert 'data-baseline>16 <span class="kpi__unit">hours</span>' in html


def test_the_check_speaks_the_readers_language(personas: Personas) -> None:
    use_case = _use_case(personas, problem_statement="We need AI")
    client = personas.client("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(_url(use_case)).content.decode()
    with translation.override("de"):
        expected = gettext("The statement names a technology, not a business problem.")
    assert expected in html


def test_reference_figures_of_the_archetype(personas: Personas) -> None:
    use_case = _use_case(personas)
    html = personas.client("viewer").get(_url(use_case)).content.decode()
    assert "6–10\u00a0maanden" in html  # the guide's payback for document analysis (nl)
    assert "6–12\u00a0maanden" in html  # medium implementation time
    assert 'id="no-payback"' not in html


def test_archetype_without_a_guide_figure_shows_none(personas: Personas) -> None:
    use_case = _use_case(personas, archetype="content_generation")
    html = personas.client("viewer").get(_url(use_case)).content.decode()
    assert 'id="no-payback"' in html
    assert 'id="no-duration"' in html


def test_user_text_is_escaped(personas: Personas) -> None:
    use_case = _use_case(personas, title=XSS, problem_statement=XSS, current_state=XSS)
    kpi_create(actor=personas.owner, use_case=use_case, name=XSS, unit=XSS, baseline_method=XSS)
    html = personas.client("viewer").get(_url(use_case)).content.decode()
    assert XSS not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5


@pytest.mark.parametrize("persona", ["viewer", "evaluator"])
def test_readers_get_no_write_links(personas: Personas, persona: str) -> None:
    use_case = _use_case(personas)
    kpi = kpi_create(actor=personas.owner, use_case=use_case, name="Lead time", unit="hours")
    html = personas.client(persona).get(_url(use_case)).content.decode()
    assert reverse("planning:usecase_update", args=[use_case.pk]) not in html
    assert reverse("planning:kpi_create", args=[use_case.pk]) not in html
    assert reverse("planning:kpi_update", args=[kpi.pk]) not in html
    assert reverse("planning:plan_summary", args=[use_case.pk]) in html


def test_owner_sees_write_links(personas: Personas) -> None:
    use_case = _use_case(personas)
    html = personas.client("owner").get(_url(use_case)).content.decode()
    assert reverse("planning:usecase_update", args=[use_case.pk]) in html
    assert f'action="{reverse("planning:kpi_create", args=[use_case.pk])}"' in html


def test_priority_lighthouse_and_linked_selections(personas: Personas) -> None:
    use_case = _use_case(personas)
    priority_set(actor=personas.owner, use_case=use_case, impact=5, feasibility=4)
    lighthouse_set(actor=personas.owner, use_case=use_case)
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Partner")
    Selection.objects.filter(pk=selection.pk).update(use_case=use_case)
    response = personas.client("viewer").get(_url(use_case))
    html = response.content.decode()
    assert response.context["priority"].position == 1
    assert "quadrant--do_first" in html
    assert "tag--lighthouse" in html
    assert reverse("sourcing:selection_detail", args=[selection.pk]) in html


def test_another_organisations_use_case_is_the_uniform_404(personas: Personas) -> None:
    use_case = _use_case(personas)
    assert personas.client("outsider").get(_url(use_case)).status_code == 404
    assert personas.client("owner").get("/plan/use-cases/00000000-0000-0000-0000-000000000000/").status_code == 404
