"""Pages of the AI Act and GDPR screenings: start, one question per page, check your answers,
result with the checklist, and the edit form of one checklist item.

Both screenings share these views; ``questionnaire`` ("ai_act" or "gdpr") picks the tree, the
URL names and the result template. Owners answer and edit; evaluators and viewers read. Another
organisation's use case is the same 404 as a missing one (``object_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerwijzer.accounts.access import OrgRequest, membership_required, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics.ai_act import Node
from partnerwijzer.planning.compliance import selectors as sel
from partnerwijzer.planning.compliance import services
from partnerwijzer.planning.compliance.forms import AnswerForm, ChecklistItemForm
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import ChecklistItem, ChecklistStatus, GuidedCheck, UseCase

STEP = "plan"  # highlights "Plan" in the journey navigation


@dataclass(frozen=True)
class Screening:
    key: str
    title: str
    prefix: str  # URL-name prefix: "ai_act" or "gdpr"


def _screening(questionnaire: str) -> Screening:
    if questionnaire == GuidedCheck.AI_ACT:
        return Screening(GuidedCheck.AI_ACT, _("AI Act check"), "ai_act")
    return Screening(GuidedCheck.GDPR, _("GDPR check"), "gdpr")


def _lang() -> str:
    return normalise_language(translation.get_language())



def use_case_url(use_case: UseCase) -> str:
    """The use case's own page (a renamed route fails loudly instead of falling back)."""
    return reverse("planning:usecase_detail", kwargs={"use_case_id": use_case.pk})


def _url(screening: Screening, page: str, use_case: UseCase, node_key: str | None = None) -> str:
    kwargs: dict[str, Any] = {"use_case_id": use_case.pk}
    if node_key is not None:
        kwargs["node_key"] = node_key
    return reverse(f"planning:{screening.prefix}_{page}", kwargs=kwargs)


def _continue_url(screening: Screening, use_case: UseCase, state: sel.ScreeningState) -> str:
    if state.walk.next_node is not None:
        return _url(screening, "question", use_case, state.walk.next_node.key)
    return _url(screening, "check", use_case)


def _sections(state: sel.ScreeningState, current: str | None) -> list[dict[str, Any]]:
    lang = _lang()
    done = {step.node.section for step in state.walk.steps}
    rows = []
    for section in state.tree.sections:
        rows.append({"key": section.key, "title": section.title.get(lang), "current": section.key == current,
                     "done": section.key in done and section.key != current})
    return rows


def _answer_labels(node: Node, value: Any, lang: str) -> list[str]:
    keys = [value] if isinstance(value, str) else list(value)
    return [node.option(k).label.get(lang) for k in keys]


def _base_context(request: OrgRequest, screening: Screening, use_case: UseCase, **extra: Any) -> dict[str, Any]:
    return {"screening": screening, "use_case": use_case, "use_case_url": use_case_url(use_case),
            "active_step": STEP, "can_edit": request.membership.is_owner, **extra}


# --- Start ------------------------------------------------------------------------------------------


def _start(request: OrgRequest, use_case_id: UUID, questionnaire: str) -> HttpResponse:
    screening = _screening(questionnaire)
    use_case = use_case_for(request, use_case_id)
    state = sel.screening_state(use_case, questionnaire)
    lang = _lang()
    context = _base_context(
        request, screening, use_case, state=state, intro=state.tree.intro.get(lang),
        credits=state.tree.credits.get(lang) if state.tree.credits else "",
        sections=_sections(state, None), continue_url=_continue_url(screening, use_case, state),
        started=bool(state.walk.steps), complete=state.walk.complete,
        result_url=_url(screening, "result", use_case),
    )
    return render(request, "planning/compliance_start.html", context)


@membership_required(Role.VIEWER)
@require_GET
def ai_act_start(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    return _start(request, use_case_id, GuidedCheck.AI_ACT)


@membership_required(Role.VIEWER)
@require_GET
def gdpr_start(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    return _start(request, use_case_id, GuidedCheck.GDPR)


# --- One question -------------------------------------------------------------------------------


def _question(request: OrgRequest, use_case_id: UUID, node_key: str, questionnaire: str) -> HttpResponse:
    screening = _screening(questionnaire)
    write = request.method == "POST"
    use_case = use_case_for(request, use_case_id, Role.OWNER if write else Role.VIEWER)
    state = sel.screening_state(use_case, questionnaire)
    if node_key not in state.tree.node_keys:
        raise Http404("Not found.")
    node = state.tree.node(node_key)
    lang = _lang()
    on_path = node_key in state.walk.path_keys or (state.walk.next_node and state.walk.next_node.key == node_key)
    if not write and not on_path:
        # A question the current answers do not lead to: show the one they do lead to.
        return redirect(_continue_url(screening, use_case, state))
    form = AnswerForm(node, lang, request.POST if write else None,
                      initial={"answer": state.answers.get(node_key)})
    status = 200
    if write:
        if form.is_valid():
            try:
                walk = services.screening_answer_save(
                    actor=request.user, use_case=use_case, questionnaire=questionnaire, node_key=node_key,
                    value=form.cleaned_data["answer"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if walk.next_node is not None and request.POST.get("return") != "check":
                    return redirect(_url(screening, "question", use_case, walk.next_node.key))
                if walk.next_node is not None:
                    return redirect(_url(screening, "question", use_case, walk.next_node.key) + "?return=check")
                return redirect(_url(screening, "check", use_case))
        status = 400
    path = list(state.walk.path_keys)
    index = path.index(node_key) if node_key in path else len(path)
    back_url = (_url(screening, "question", use_case, path[index - 1]) if index > 0
                else _url(screening, "start", use_case))
    if request.GET.get("return") == "check" or request.POST.get("return") == "check":
        back_url = _url(screening, "check", use_case)
    context = _base_context(
        request, screening, use_case, node=node, form=form, question=node.question.get(lang),
        explanation=node.explanation.get(lang),
        refs=[sel.ref_out(state.tree.ref(r), lang) for r in node.refs],
        number=index + 1, sections=_sections(state, node.section),
        section_title=next(s.title.get(lang) for s in state.tree.sections if s.key == node.section),
        back_url=back_url, return_to=request.GET.get("return") or request.POST.get("return") or "",
        hints=form.hints, multiple=node.kind == "multiple",
    )
    return render(request, "planning/compliance_question.html", context, status=status)


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def ai_act_question(request: OrgRequest, use_case_id: UUID, node_key: str) -> HttpResponse:
    return _question(request, use_case_id, node_key, GuidedCheck.AI_ACT)


@membership_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def gdpr_question(request: OrgRequest, use_case_id: UUID, node_key: str) -> HttpResponse:
    return _question(request, use_case_id, node_key, GuidedCheck.GDPR)


# --- Check your answers -------------------------------------------------------------------------


def _check(request: OrgRequest, use_case_id: UUID, questionnaire: str) -> HttpResponse:
    screening = _screening(questionnaire)
    use_case = use_case_for(request, use_case_id)
    state = sel.screening_state(use_case, questionnaire)
    lang = _lang()
    rows = [
        {"key": step.node.key, "question": step.node.question.get(lang),
         "answers": _answer_labels(step.node, step.value, lang),
         "change_url": _url(screening, "question", use_case, step.node.key) + "?return=check"}
        for step in state.walk.steps
    ]
    context = _base_context(
        request, screening, use_case, rows=rows, complete=state.walk.complete,
        continue_url=_continue_url(screening, use_case, state), result_url=_url(screening, "result", use_case),
        sections=_sections(state, None),
    )
    return render(request, "planning/compliance_check.html", context)


@membership_required(Role.VIEWER)
@require_GET
def ai_act_check(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    return _check(request, use_case_id, GuidedCheck.AI_ACT)


@membership_required(Role.VIEWER)
@require_GET
def gdpr_check(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    return _check(request, use_case_id, GuidedCheck.GDPR)


# --- Results ------------------------------------------------------------------------------------


def _result_context(request: OrgRequest, screening: Screening, use_case: UseCase) -> dict[str, Any]:
    state = sel.screening_state(use_case, screening.key)
    return _base_context(
        request, screening, use_case, complete=state.walk.complete,
        continue_url=_continue_url(screening, use_case, state), check_url=_url(screening, "check", use_case),
        statuses=ChecklistStatus.choices,
    )


@membership_required(Role.VIEWER)
@require_GET
def ai_act_result(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    screening = _screening(GuidedCheck.AI_ACT)
    use_case = use_case_for(request, use_case_id)
    context = _result_context(request, screening, use_case)
    context["result"] = sel.ai_act_result(use_case) if context["complete"] else None
    if context["result"] is not None and context["result"].may_continue:
        context["gdpr_url"] = _url(_screening(GuidedCheck.GDPR), "start", use_case)
    return render(request, "planning/ai_act_result.html", context)


@membership_required(Role.VIEWER)
@require_GET
def gdpr_result(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    screening = _screening(GuidedCheck.GDPR)
    use_case = use_case_for(request, use_case_id)
    context = _result_context(request, screening, use_case)
    context["result"] = sel.gdpr_result(use_case) if context["complete"] else None
    context["country"] = sel.country_of(use_case)
    context["ai_act_url"] = _url(_screening(GuidedCheck.AI_ACT), "start", use_case)
    return render(request, "planning/gdpr_result.html", context)


# --- Checklist item -----------------------------------------------------------------------------


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def compliance_item_update(request: OrgRequest, use_case_id: UUID, item_id: UUID) -> HttpResponse:
    use_case = use_case_for(request, use_case_id, Role.OWNER)
    item = object_for(
        request, ChecklistItem.objects.select_related("use_case__organisation", "owner").filter(use_case=use_case),
        role=Role.OWNER, via="use_case__organisation", pk=item_id,
    )
    screening = _screening(item.checklist)
    form = ChecklistItemForm(use_case.organisation, request.POST or None, item=item)
    result_url = _url(screening, "result", use_case) + f"#item-{item.key}"
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_update(
                actor=request.user, item=item, owner=form.cleaned_data["owner"],
                status=form.cleaned_data["status"], note=form.cleaned_data["note"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Checklist item saved."))
            return redirect(result_url)
    title = _item_title(item)
    context = _base_context(request, screening, use_case, form=form, item=item, title=title, result_url=result_url)
    return render(request, "planning/compliance_item_form.html", context, status=400 if form.errors else 200)


def _item_title(item: ChecklistItem) -> str:
    lang = _lang()
    tree = sel.tree_for(item.checklist)
    entries: tuple[Any, ...] = getattr(tree, "duties", None) or getattr(tree, "actions", None) or ()
    for entry in entries:
        if entry.key == item.key:
            return str(entry.title.get(lang))
    return item.key
