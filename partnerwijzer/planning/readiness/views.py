"""Pages of the readiness check (one factor per page, check your answers, result) and of the
implementation-model advice of one use case.

Owners answer; evaluators and viewers read the answers and the results. Answers are saved as
you go: each radio group posts itself on change (HTMX) to a save endpoint that returns a small
status partial; without JavaScript the page's own form saves every answer on it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found
from partnerwijzer.accounts.roles import Role
from partnerwijzer.forms import apply_service_error
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.topics import model_advice as advice_data
from partnerwijzer.knowledge.topics import readiness as readiness_data
from partnerwijzer.planning.advice.selectors import advice_answers, advice_inputs, model_advice
from partnerwijzer.planning.lookups import use_case_for
from partnerwijzer.planning.models import UseCase
from partnerwijzer.planning.readiness import services
from partnerwijzer.planning.readiness.display import LIGHT_WORDS
from partnerwijzer.planning.readiness.forms import ChosenModelForm, QuestionsForm
from partnerwijzer.planning.readiness.rules import score_readiness
from partnerwijzer.planning.readiness.selectors import kpi_answers, readiness_answers, readiness_results

# LIGHT_WORDS lives in readiness/display.py, shared with the one-page AI plan.


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _context(request: OrgRequest, use_case: UseCase, step: str, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "use_case": use_case,
        "active_step": step,
        "can_edit": request.membership.is_owner,
        "use_case_url": reverse("planning:usecase_detail", kwargs={"use_case_id": use_case.pk}),
        "light_words": {light.value: str(words) for light, words in LIGHT_WORDS.items()},
        "thresholds": readiness_data.load().thresholds,
    }
    context.update(extra)
    return context


# --- Readiness ------------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
def readiness_index(request: OrgRequest) -> HttpResponse:
    """Every use case of the organisation with how far its readiness check is."""
    rows = readiness_results(request.membership.organisation)
    context = {
        "rows": rows, "active_step": "readiness", "can_edit": request.membership.is_owner,
        "use_case_list_url": reverse("planning:usecase_list"),
        "light_words": {light.value: str(words) for light, words in LIGHT_WORDS.items()},
    }
    return render(request, "planning/readiness_index.html", context)


@membership_required(Role.VIEWER)
def readiness_overview(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """The start page: the five steps with how many questions each has answered."""
    use_case = use_case_for(request, use_case_id)
    result = score_readiness(readiness_data.load(), readiness_answers(use_case))
    next_factor = next((f for f in result.factors if not f.complete), None)
    return render(request, "planning/readiness_overview.html",
                  _context(request, use_case, "readiness", result=result, next_factor=next_factor))


def _factor_position(key: str) -> tuple[readiness_data.Factor, int]:
    data = readiness_data.load()
    for index, factor in enumerate(data.items):
        if factor.key == key:
            return factor, index
    raise not_found()


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def readiness_factor(request: OrgRequest, use_case_id: UUID, factor: str) -> HttpResponse:
    """One factor per page: its questions, why they matter, and the guide's figures."""
    role = Role.OWNER if request.method == "POST" else Role.VIEWER
    use_case = use_case_for(request, use_case_id, role=role)
    item, index = _factor_position(factor)
    data = readiness_data.load()
    from_kpis = kpi_answers(use_case.kpis.all())  # not asked again: the KPIs hold the answer
    answers = {**readiness_answers(use_case), **from_kpis}
    form = QuestionsForm(item.questions, data=request.POST if request.method == "POST" else None,
                         initial=answers, disabled=not request.membership.is_owner, fixed=from_kpis)
    following = data.items[index + 1] if index + 1 < len(data.items) else None
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_answers_set(actor=request.user, use_case=use_case, answers=form.answers())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if following is not None:
                return redirect("planning:readiness_factor", use_case_id=use_case.pk, factor=following.key)
            return redirect("planning:readiness_check", use_case_id=use_case.pk)
    previous = data.items[index - 1] if index > 0 else None
    context = _context(
        request, use_case, "readiness", factor=item, form=form, step_number=index + 1, step_count=len(data.items),
        previous=previous, following=following, is_last=following is None,
        rows=[(form[q.key], q) for q in item.questions],
    )
    return render(request, "planning/readiness_factor.html", context, status=400 if form.errors else 200)


@require_POST
@membership_required(Role.VIEWER)
def readiness_answer(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Save one answer (posted on change by HTMX, which gets the question's status partial)."""
    use_case = use_case_for(request, use_case_id, role=Role.OWNER)
    key = request.POST.get("question", "")
    data = readiness_data.load()
    factor = data.factor_of(key)
    if factor is None:
        raise not_found()
    value = request.POST.get(key) or None
    error = ""
    try:
        services.readiness_answer_set(actor=request.user, use_case=use_case, question_key=key, option_key=value)
    except ValidationError as exc:
        error = " ".join(exc.message_dict.get(key, exc.messages))
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        url = reverse("planning:readiness_factor", kwargs={"use_case_id": use_case.pk, "factor": factor.key})
        return redirect(f"{url}#q-{key}")
    context = {"key": key, "error": error, "saved": not error}
    return render(request, "planning/readiness_factor.html#status", context, status=400 if error else 200)


@membership_required(Role.VIEWER)
def readiness_check(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Check your answers: every question with its answer and a link to change it."""
    use_case = use_case_for(request, use_case_id)
    result = score_readiness(readiness_data.load(), readiness_answers(use_case))
    return render(request, "planning/readiness_check.html", _context(request, use_case, "readiness", result=result))


@membership_required(Role.VIEWER)
def readiness_result_page(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Score and traffic light per factor, the risks with what to do, and the guide's figures."""
    use_case = use_case_for(request, use_case_id)
    result = score_readiness(readiness_data.load(), readiness_answers(use_case))
    return render(request, "planning/readiness_result.html", _context(request, use_case, "readiness", result=result))


# --- Model advice -----------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
def advice_index(request: OrgRequest) -> HttpResponse:
    """Every use case with its recommended and chosen model."""
    use_cases = list(UseCase.objects.filter(organisation=request.membership.organisation).order_by("title"))
    models = {m.key: m for m in reference().implementation_models}
    rows = [(uc, model_advice(uc), models.get(uc.chosen_model)) for uc in use_cases]
    context = {"rows": rows, "models": models, "active_step": "model",
               "use_case_list_url": reverse("planning:usecase_list")}
    return render(request, "planning/advice_index.html", context)


def _advice_context(request: OrgRequest, use_case: UseCase, **extra: Any) -> dict[str, Any]:
    data = advice_data.load()
    own = advice_answers(use_case)
    inputs = advice_inputs(use_case)
    # A question answered only through the readiness check shows that answer, marked as such.
    initial = {q.key: inputs.get(q.key) for q in data.questions}
    borrowed = {q.key for q in data.questions if q.key not in own and q.key in inputs}
    form = extra.pop("form", None) or QuestionsForm(data.questions, initial=initial,
                                                    disabled=not request.membership.is_owner)
    advice = model_advice(use_case)
    models = reference().implementation_models
    choose_form = extra.pop("choose_form", None) or ChosenModelForm(
        initial={"model": use_case.chosen_model or (advice.recommended if advice else None),
                 "reason": use_case.chosen_model_reason})
    return _context(
        request, use_case, "model", form=form, rows=[(form[q.key], q) for q in data.questions],
        borrowed=borrowed, advice=advice, models=models, models_by_key={m.key: m for m in models},
        choose_form=choose_form, chosen=next((m for m in models if m.key == use_case.chosen_model), None),
        typical_path=reference().typical_path, models_note=reference().implementation_models_note,
        inputs=[(data.input(k), v) for k, v in (advice.inputs.items() if advice else [])],
        **extra,
    )


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def advice(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """The advice questions, the recommendation with reasons, the four models and the choice."""
    role = Role.OWNER if request.method == "POST" else Role.VIEWER
    use_case = use_case_for(request, use_case_id, role=role)
    if request.method == "POST":
        form = QuestionsForm(advice_data.load().questions, data=request.POST)
        if form.is_valid():
            try:
                services.advice_answers_set(actor=request.user, use_case=use_case, answers=form.answers())
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Your answers are saved."))
                return redirect(reverse("planning:advice", kwargs={"use_case_id": use_case.pk}) + "#advice-result")
        return render(request, "planning/advice.html", _advice_context(request, use_case, form=form), status=400)
    return render(request, "planning/advice.html", _advice_context(request, use_case))


@require_POST
@membership_required(Role.VIEWER)
def advice_answer(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Save one advice answer; HTMX gets the updated recommendation back."""
    use_case = use_case_for(request, use_case_id, role=Role.OWNER)
    key = request.POST.get("question", "")
    if advice_data.load().question(key) is None:
        raise not_found()
    value = request.POST.get(key) or None
    error = ""
    try:
        services.advice_answer_set(actor=request.user, use_case=use_case, question_key=key, option_key=value)
    except ValidationError as exc:
        error = " ".join(exc.message_dict.get(key, exc.messages))
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect(reverse("planning:advice", kwargs={"use_case_id": use_case.pk}) + f"#q-{key}")
    context = _advice_context(request, use_case, error=error, saved=not error)
    # The advice, and out of band the four model cards, whose "Our advice" mark follows it.
    html = render_to_string("planning/advice.html#result", context, request) + render_to_string(
        "planning/advice.html#models", {**context, "oob": True}, request
    )
    return HttpResponse(html, status=400 if error else 200)


@require_POST
@membership_required(Role.VIEWER)
def model_choose(request: OrgRequest, use_case_id: UUID) -> HttpResponse:
    """Record the model the company chooses, with its reason (it may differ from the advice)."""
    use_case = use_case_for(request, use_case_id, role=Role.OWNER)
    form = ChosenModelForm(request.POST)
    if form.is_valid():
        try:
            services.use_case_model_choose(actor=request.user, use_case=use_case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Your choice of implementation model is saved."))
            return redirect(reverse("planning:advice", kwargs={"use_case_id": use_case.pk}) + "#choice")
    return render(request, "planning/advice.html", _advice_context(request, use_case, choose_form=form), status=400)
