"""Pages of the contract step: the overview of all selections, and per selection the choice of
the preferred partner and the contract checklist with its readiness summary.

Owners choose and edit; evaluators and viewers read. Another organisation's selection or item
is the same 404 as a missing one (``object_for``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.contract import selectors, services
from partnerwijzer.contract.forms import DecisionForm, ItemForm, OwnItemForm
from partnerwijzer.contract.models import ContractItem, ContractItemStatus, ItemSource, PartnerDecision
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import contract as contract_topic
from partnerwijzer.pagelinks import links_for
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Selection

STEP = "contract"  # highlights "Contract" in the journey navigation


def _lang() -> str:
    return normalise_language(translation.get_language())



def _item(request: OrgRequest, item_id: UUID, *, own_only: bool = False) -> ContractItem:
    queryset = ContractItem.objects.select_related("decision__selection__organisation", "owner", "kpi")
    if own_only:
        queryset = queryset.filter(source=ItemSource.OWN)
    return object_for(request, queryset, role=Role.OWNER, via="decision__selection__organisation", pk=item_id)


def _checklist_url(selection: Selection, anchor: str = "") -> str:
    url = reverse("contract:checklist", kwargs={"selection_id": selection.pk})
    return f"{url}#{anchor}" if anchor else url


# --- Overview ------------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def overview(request: OrgRequest) -> HttpResponse:
    """Every selection of the organisation with its preferred partner and contract readiness."""
    rows = selectors.overview_rows(request.membership.organisation)
    context = {"rows": rows, "active_step": STEP, "can_edit": request.membership.is_owner}
    return render(request, "contract/overview.html", context)


# --- The checklist page --------------------------------------------------------------------------


def _decision_form(selection: Selection, decision: PartnerDecision | None, data: Any = None) -> DecisionForm:
    candidates = selectors.choosable_candidates(selection)
    if decision is not None:
        initial = {"candidate": decision.candidate_id, "rationale": decision.rationale,
                   "disagreement_resolution": decision.disagreement_resolution}
    else:
        suggested = selectors.suggested_candidate(selection)
        initial = {"candidate": suggested.pk if suggested else None}
    return DecisionForm(candidates, data, initial=initial)


def _checklist_context(request: OrgRequest, selection: Selection, **extra: Any) -> dict[str, Any]:
    decision = selectors.decision_for(selection)
    lang = _lang()
    can_edit = request.membership.is_owner
    context: dict[str, Any] = {
        "selection": selection, "decision": decision, "active_step": STEP, "can_edit": can_edit,
        "readiness": selectors.readiness_of(decision, lang=lang),
        "phase_reminder": contract_topic.load().phase_reminder.get(lang),
        "statuses": ContractItemStatus.choices,
    }
    if decision is None:
        candidates = selectors.choosable_candidates(selection)
        context["has_candidates"] = bool(candidates)
        if can_edit and candidates:
            context["form"] = extra.pop("form", None) or _decision_form(selection, None)
            context["early"] = selectors.early_reason_texts(selectors.early_choice_reasons(selection))
    else:
        context["early"] = selectors.early_reason_texts(decision.chosen_early or [], decision.candidate)
        context["rows"] = selectors.item_rows(decision, lang=lang)
        context["later_links"] = links_for("contract.decision", decision, is_owner=can_edit)
        context["new_items"] = selectors.new_items(selection, decision, lang=lang) if can_edit else []
    context.update(extra)
    return context


@membership_required(Role.VIEWER)
@require_GET
def checklist(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id)
    return render(request, "contract/checklist.html", _checklist_context(request, selection))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def decision(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """Choose the preferred partner (creates the checklist), or change the choice or its reasons."""
    selection = selection_for(request, selection_id, Role.OWNER)
    existing = selectors.decision_for(selection)
    form = _decision_form(selection, existing, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.decision_save(
                actor=request.user, selection=selection, candidate=form.cleaned_data["candidate"],
                rationale=form.cleaned_data["rationale"],
                disagreement_resolution=form.cleaned_data["disagreement_resolution"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _decision_messages(request, outcome)
            return redirect(_checklist_url(selection))
    status = 400 if form.errors else 200
    if existing is None and request.method == "POST":
        # The first choice is made on the checklist page itself; show the errors there.
        context = _checklist_context(request, selection, form=form)
        return render(request, "contract/checklist.html", context, status=status)
    context = {"selection": selection, "decision": existing, "form": form, "active_step": STEP,
               "early": selectors.early_reason_texts(selectors.early_choice_reasons(selection))}
    return render(request, "contract/decision_form.html", context, status=status)


def _decision_messages(request: OrgRequest, outcome: services.DecisionOutcome) -> None:
    name = outcome.decision.candidate.name
    if outcome.early and (outcome.created or outcome.candidate_changed):
        reasons = " ".join(selectors.early_reason_texts(outcome.early, outcome.decision.candidate))
        messages.warning(request, _("Chosen early, and recorded as such: %(reasons)s") % {"reasons": reasons})
    if outcome.created:
        messages.success(request, ngettext(
            "%(name)s is the preferred partner. The checklist starts with %(count)s item.",
            "%(name)s is the preferred partner. The checklist starts with %(count)s items.",
            len(outcome.added)) % {"name": name, "count": len(outcome.added)})
    elif outcome.candidate_changed:
        messages.warning(request, _(
            "%(name)s is now the preferred partner. The checklist was kept as it was: check that what "
            "was agreed or noted still holds with this partner.") % {"name": name})
    else:
        messages.success(request, _("The decision was saved."))


@membership_required(Role.OWNER)
@require_POST
def refresh(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """Add the items earlier results now ask for; nothing is duplicated, changed or removed."""
    selection = selection_for(request, selection_id, Role.OWNER)
    decision = selectors.decision_for(selection)
    if decision is None:
        messages.error(request, _("Choose the preferred partner first."))
        return redirect(_checklist_url(selection))
    added = services.items_refresh(actor=request.user, decision=decision)
    if added:
        messages.success(request, ngettext("%(count)s item was added.", "%(count)s items were added.",
                                           len(added)) % {"count": len(added)})
    else:
        messages.info(request, _("Nothing new: the checklist already has every item from earlier results."))
    return redirect(_checklist_url(selection))


# --- Items -----------------------------------------------------------------------------------------


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def item_update(request: OrgRequest, item_id: UUID) -> HttpResponse:
    item = _item(request, item_id)
    selection = item.decision.selection
    form = ItemForm(selection.organisation, request.POST if request.method == "POST" else None, item=item)
    back = _checklist_url(selection, f"item-{item.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=request.user, item=item, status=form.cleaned_data["status"],
                                 wording=form.cleaned_data["wording"], owner=form.cleaned_data["owner"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect(back)
    context = {"selection": selection, "row": selectors.item_row(item, lang=_lang()), "form": form, "back": back,
               "active_step": STEP}
    return render(request, "contract/item_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def item_create(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, Role.OWNER)
    decision = selectors.decision_for(selection)
    if decision is None:
        messages.error(request, _("Choose the preferred partner first."))
        return redirect(_checklist_url(selection))
    form = OwnItemForm(selection.organisation, request.POST if request.method == "POST" else None,
                       initial={"status": ContractItemStatus.MISSING})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user, decision=decision, title=form.cleaned_data["title"],
                status=form.cleaned_data["status"], wording=form.cleaned_data["wording"],
                owner=form.cleaned_data["owner"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item added."))
            return redirect(_checklist_url(selection, f"item-{item.pk}"))
    context = {"selection": selection, "form": form, "back": _checklist_url(selection), "active_step": STEP}
    return render(request, "contract/item_create.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def item_delete(request: OrgRequest, item_id: UUID) -> HttpResponse:
    """Confirm, then delete one of the company's own items (other items are a 404 here)."""
    item = _item(request, item_id, own_only=True)
    selection = item.decision.selection
    if request.method == "POST":
        services.item_delete(actor=request.user, item=item)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": item.title})
        return redirect(_checklist_url(selection))
    context = {"selection": selection, "item": item, "back": _checklist_url(selection, f"item-{item.pk}"),
               "active_step": STEP}
    return render(request, "contract/item_delete.html", context)
