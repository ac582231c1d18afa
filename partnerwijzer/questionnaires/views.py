"""Questionnaire pages: the list of a selection's RFIs and RFPs, creating one (with generated
questions), its detail page (what the firm will read, and the questions), editing questions while
it is a draft, marking it as sent, closing it.

Views only check access (``partnerwijzer.accounts.access``), validate, call a service and
render. Owners write; evaluators and viewers read. Another organisation's selection,
questionnaire or question is the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.questionnaires import selectors, services
from partnerwijzer.questionnaires.forms import (
    FromTemplateForm,
    QuestionForm,
    QuestionnaireForm,
    TemplateNameForm,
    deadline_from_date,
)
from partnerwijzer.questionnaires.models import (
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    QuestionnaireTemplate,
)
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Selection

STEP = "selection"  # highlights "Selection" in the journey navigation



def _questionnaire(request: OrgRequest, questionnaire_id: UUID, role: Role = Role.VIEWER) -> Questionnaire:
    return object_for(
        request, Questionnaire.objects.select_related("selection__organisation", "selection__use_case"),
        role=role, via="selection__organisation", pk=questionnaire_id,
    )


def _question(request: OrgRequest, question_id: UUID, role: Role = Role.VIEWER) -> Question:
    return object_for(
        request, Question.objects.select_related("questionnaire__selection__organisation", "criterion"),
        role=role, via="questionnaire__selection__organisation", pk=question_id,
    )


def _base(selection: Selection, **extra: Any) -> dict[str, Any]:
    return {"selection": selection, "active_step": STEP, **extra}


# --- Questionnaires -----------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def questionnaire_list(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id)
    questionnaires = list(selectors.questionnaires_of(selection=selection))
    return render(request, "questionnaires/list.html", _base(selection, questionnaires=questionnaires))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, Role.OWNER)
    asked = request.GET.get("kind", "")
    kind = QuestionnaireKind(asked) if asked in QuestionnaireKind.values else QuestionnaireKind.RFI
    initial = {"kind": kind, "title": f"{kind.name}: {selection.title}"[:200],
               "contact_name": request.user.full_name, "contact_email": request.user.email}
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(
                actor=request.user, selection=selection, kind=form.cleaned_data["kind"], **form.settings()
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(
                request, _("Questionnaire created with %(count)d questions from the guide. Check and edit them "
                           "before you send it.") % {"count": questionnaire.questions.count()},
            )
            return redirect("questionnaires:questionnaire_detail", questionnaire_id=questionnaire.pk)
    return render(
        request, "questionnaires/form.html", _base(selection, form=form), status=400 if form.errors else 200
    )


def _detail_context(request: OrgRequest, questionnaire: Questionnaire, **extra: Any) -> dict[str, Any]:
    language = questionnaire.selection.organisation.language
    questions = list(selectors.questions_of(questionnaire=questionnaire))
    is_owner = request.membership.is_owner
    editable = is_owner and questionnaire.status == QuestionnaireStatus.DRAFT
    context: dict[str, Any] = _base(
        questionnaire.selection,
        questionnaire=questionnaire,
        company=selectors.company_section(questionnaire, language),
        groups=selectors.question_groups(questions, language),
        question_count=len(questions),
        first_question=questions[0].pk if questions else None,
        last_question=questions[-1].pk if questions else None,
        is_owner=is_owner,
        editable=editable,
    )
    if editable and "question_form" not in extra:
        context["question_form"] = QuestionForm(selection=questionnaire.selection)
    context.update(extra)
    return context


@membership_required(Role.VIEWER)
@require_GET
def questionnaire_detail(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id)
    return render(request, "questionnaires/detail.html", _detail_context(request, questionnaire))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def questionnaire_update(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id, Role.OWNER)
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        messages.error(request, _("This questionnaire is closed and can no longer be changed."))
        return redirect("questionnaires:questionnaire_detail", questionnaire_id=questionnaire.pk)
    frozen = questionnaire.status == QuestionnaireStatus.SENT
    form = QuestionnaireForm(
        request.POST or None, initial=QuestionnaireForm.initial_for(questionnaire), editing=True, frozen=frozen
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(actor=request.user, questionnaire=questionnaire, **form.settings())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Questionnaire saved."))
            return redirect("questionnaires:questionnaire_detail", questionnaire_id=questionnaire.pk)
    context = _base(questionnaire.selection, form=form, questionnaire=questionnaire, frozen=frozen)
    return render(request, "questionnaires/form.html", context, status=400 if form.errors else 200)


def _status_action(request: OrgRequest, questionnaire_id: UUID, action: str) -> HttpResponse:
    """Confirm (GET) and then do (POST) one of: send, close, delete."""
    questionnaire = _questionnaire(request, questionnaire_id, Role.OWNER)
    error = ""
    if request.method == "POST":
        try:
            if action == "send":
                services.questionnaire_send(actor=request.user, questionnaire=questionnaire)
                messages.success(request, _("Marked as sent. The questions are now frozen. Now make a portal link for "
                                            "each firm and send it to them: nothing has been sent yet."))
            elif action == "close":
                services.questionnaire_close(actor=request.user, questionnaire=questionnaire)
                messages.success(request, _("Questionnaire closed."))
            else:
                selection = questionnaire.selection
                title = questionnaire.title
                services.questionnaire_delete(actor=request.user, questionnaire=questionnaire)
                messages.success(request, _("The questionnaire “%(title)s” was deleted.") % {"title": title})
                return redirect("questionnaires:questionnaire_list", selection_id=selection.pk)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("questionnaires:questionnaire_detail", questionnaire_id=questionnaire.pk)
    context = _base(questionnaire.selection, questionnaire=questionnaire, action=action, error=error,
                    question_count=questionnaire.questions.count())
    return render(request, "questionnaires/confirm.html", context, status=400 if error else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def questionnaire_send(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    return _status_action(request, questionnaire_id, "send")


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def questionnaire_close(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    return _status_action(request, questionnaire_id, "close")


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def questionnaire_delete(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    return _status_action(request, questionnaire_id, "delete")


# --- Questions ---------------------------------------------------------------------------------


def _frozen_response(request: OrgRequest, questionnaire: Questionnaire) -> HttpResponse:
    context = _detail_context(request, questionnaire, frozen_error=services.frozen_error().messages[0])
    return render(request, "questionnaires/detail.html", context, status=400)


@membership_required(Role.OWNER)
@require_POST
def question_create(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id, Role.OWNER)
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        return _frozen_response(request, questionnaire)
    form = QuestionForm(request.POST, selection=questionnaire.selection)
    if form.is_valid():
        try:
            question = services.question_create(
                actor=request.user, questionnaire=questionnaire, text=form.cleaned_data["text"],
                help_text=form.cleaned_data["help_text"], criterion=form.criterion_object(),
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Question added at the end."))
            url = f"{questionnaire_url(questionnaire)}#q-{question.pk}"
            return redirect(url)
    context = _detail_context(request, questionnaire, question_form=form)
    return render(request, "questionnaires/detail.html", context, status=400)


def questionnaire_url(questionnaire: Questionnaire) -> str:
    return reverse("questionnaires:questionnaire_detail", kwargs={"questionnaire_id": questionnaire.pk})


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def question_update(request: OrgRequest, question_id: UUID) -> HttpResponse:
    question = _question(request, question_id, Role.OWNER)
    questionnaire = question.questionnaire
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        return _frozen_response(request, questionnaire)
    initial = {"text": question.text, "help_text": question.help_text,
               "criterion": str(question.criterion_id) if question.criterion_id else ""}
    form = QuestionForm(request.POST or None, initial=initial, selection=questionnaire.selection)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                actor=request.user, question=question, text=form.cleaned_data["text"],
                help_text=form.cleaned_data["help_text"], criterion=form.criterion_object(),
            )
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(f"{questionnaire_url(questionnaire)}#q-{question.pk}")
    context = _base(questionnaire.selection, form=form, questionnaire=questionnaire, question=question)
    return render(request, "questionnaires/question_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def question_delete(request: OrgRequest, question_id: UUID) -> HttpResponse:
    question = _question(request, question_id, Role.OWNER)
    questionnaire = question.questionnaire
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        return _frozen_response(request, questionnaire)
    if request.method == "POST":
        services.question_delete(actor=request.user, question=question)
        messages.success(request, _("Question removed."))
        return redirect(questionnaire_url(questionnaire))
    context = _base(questionnaire.selection, questionnaire=questionnaire, question=question)
    return render(request, "questionnaires/question_delete.html", context)


@membership_required(Role.OWNER)
@require_POST
def question_move(request: OrgRequest, question_id: UUID) -> HttpResponse:
    question = _question(request, question_id, Role.OWNER)
    questionnaire = question.questionnaire
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        return _frozen_response(request, questionnaire)
    direction = request.POST.get("direction", "")
    try:
        services.question_move(actor=request.user, question=question, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "questionnaires/detail.html", _detail_context(request, questionnaire), status=400)
    return redirect(f"{questionnaire_url(questionnaire)}#q-{question.pk}")


# --- Templates (issue 16, item 9) -----------------------------------------------------------------


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def template_save(request: OrgRequest, questionnaire_id: UUID) -> HttpResponse:
    """Owners: keep this questionnaire's settings and questions for later selections."""
    questionnaire = _questionnaire(request, questionnaire_id, Role.OWNER)
    form = TemplateNameForm(request.POST or None, initial={"name": questionnaire.title})
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_save(actor=request.user, questionnaire=questionnaire,
                                              name=form.cleaned_data["name"])
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Saved as the template “%(name)s”. Use it under “New from a template” in "
                                        "any selection.") % {"name": template.name})
            return redirect("questionnaires:questionnaire_detail", questionnaire_id=questionnaire.pk)
    context = _base(questionnaire.selection, questionnaire=questionnaire, form=form)
    return render(request, "questionnaires/template_save.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def questionnaire_from_template(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """Owners: a new draft from one of the organisation's templates."""
    selection = selection_for(request, selection_id, Role.OWNER)
    templates = list(selectors.templates_of(selection.organisation))
    form = FromTemplateForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        template = next(t for t in templates if str(t.pk) == form.cleaned_data["template"])
        try:
            questionnaire = services.questionnaire_from_template(
                actor=request.user, selection=selection, template=template, title=form.cleaned_data["title"],
                deadline=deadline_from_date(form.cleaned_data["deadline"]))
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Questionnaire created from the template with %(count)d questions. Check "
                                        "them before you send it.") % {"count": questionnaire.questions.count()})
            return redirect("questionnaires:questionnaire_detail", questionnaire_id=questionnaire.pk)
    context = _base(selection, form=form, templates=templates)
    return render(request, "questionnaires/from_template.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def template_delete(request: OrgRequest, selection_id: UUID, template_id: UUID) -> HttpResponse:
    """Owners: confirmation, then the template is deleted (questionnaires made from it stay)."""
    selection = selection_for(request, selection_id, Role.OWNER)
    template = object_for(request, QuestionnaireTemplate.objects.all(), role=Role.OWNER, pk=template_id)
    if request.method == "POST":
        services.template_delete(actor=request.user, template=template)
        messages.success(request, _("The template “%(name)s” is deleted.") % {"name": template.name})
        return redirect("questionnaires:from_template", selection_id=selection.pk)
    return render(request, "questionnaires/template_delete.html", _base(selection, template=template))
