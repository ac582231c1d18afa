"""Pages of the award and regret letters of a selection (owners): the list with the drafts, the
edit of one draft, and sending it after a confirmation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.contract.selectors import decision_for
from partnerwijzer.evaluation.access import results_visible_for_user
from partnerwijzer.letters import services
from partnerwijzer.letters.forms import LetterForm
from partnerwijzer.letters.lookups import letter_for
from partnerwijzer.letters.models import Letter
from partnerwijzer.letters.selectors import letters_of
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Selection

STEP = "contract"


def _base(selection: Selection, **extra: Any) -> dict[str, Any]:
    return {"selection": selection, "active_step": STEP,
            "list_url": reverse("letters:list", args=[selection.pk]),
            "checklist_url": reverse("contract:checklist", args=[selection.pk]), **extra}


@membership_required(Role.VIEWER)
def letters_list(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    decision = decision_for(selection)
    letters = list(letters_of(selection))
    context = _base(selection, decision=decision, letters=letters,
                    results_visible=results_visible_for_user(request.user, selection),
                    decision_url=reverse("contract:decision", args=[selection.pk]))
    return render(request, "letters/list.html", context)


@require_POST
@membership_required(Role.VIEWER)
def letters_draft(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, role=Role.OWNER)
    try:
        drafted = services.letters_draft(actor=request.user, selection=selection)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if drafted:
            messages.success(request, _("Letters drafted. Read and edit each one before you send it."))
        else:
            messages.info(request, _("Every letter is drafted already; your edits are kept."))
    return redirect("letters:list", selection_id=selection.pk)


def _letter_page(request: OrgRequest, letter: Letter, form: LetterForm, *, status: int = 200) -> HttpResponse:
    context = _base(letter.selection, letter=letter, form=form)
    return render(request, "letters/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def letter_edit(request: OrgRequest, letter_id: UUID) -> HttpResponse:
    letter = letter_for(request, letter_id)
    form = LetterForm(request.POST or None, initial={"subject": letter.subject, "body": letter.body})
    if letter.sent:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and not letter.sent and form.is_valid():
        try:
            services.letter_update(actor=request.user, letter=letter, **form.cleaned_data)
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The letter to %(name)s is saved. It is not sent yet.")
                             % {"name": letter.candidate.name})
            return redirect("letters:list", selection_id=letter.selection_id)
    elif request.method == "POST" and letter.sent:
        form.add_error(None, _("This letter was sent and can no longer be changed."))
    return _letter_page(request, letter, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@membership_required(Role.VIEWER)
def letter_send(request: OrgRequest, letter_id: UUID) -> HttpResponse:
    """A confirmation page (GET) before the letter goes out (POST)."""
    letter = letter_for(request, letter_id)
    if request.method == "POST":
        try:
            services.letter_send(actor=request.user, letter=letter)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            letter.refresh_from_db()
            if letter.sent_to:
                messages.success(request, _("The letter to %(name)s is sent: by e-mail to %(email)s and on their "
                                            "portal page.") % {"name": letter.candidate.name, "email": letter.sent_to})
            else:
                messages.success(request, _("The letter to %(name)s is sent to their portal page. They have no contact "
                                            "e-mail address, so no e-mail went out.") % {"name": letter.candidate.name})
        return redirect("letters:list", selection_id=letter.selection_id)
    return render(request, "letters/send.html", _base(letter.selection, letter=letter))
