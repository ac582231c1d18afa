"""Selections and candidates: list, board, forms, stage moves, rejection and red flags.

Views only check access (``partnerwijzer.accounts.access``), validate, call a service and
render. Owners write; evaluators and viewers read. Another organisation's selection or
candidate is the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer import tabular, uploads
from partnerwijzer.accounts.access import OrgRequest, membership_required
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.sourcing import candidate_import as candidate_import_module
from partnerwijzer.sourcing import providers, selectors, services
from partnerwijzer.sourcing.forms import CandidateForm, RedFlagsForm, RejectForm, SelectionForm, StageMoveForm
from partnerwijzer.sourcing.funnel import FUNNEL_SOURCE
from partnerwijzer.sourcing.lookups import candidate_for, selection_for
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.stages import STAGE_ORDER

STEP = "selection"  # highlights "Selection" in the journey navigation




def _language() -> str:
    return translation.get_language() or "nl"


def _detail_url(selection: Selection, view: str = "board") -> str:
    url = reverse("sourcing:selection_detail", kwargs={"selection_id": selection.pk})
    return f"{url}?view=list" if view == "list" else url


# --- Selections ---------------------------------------------------------------------------------


@membership_required(Role.VIEWER)
@require_GET
def selection_list(request: OrgRequest) -> HttpResponse:
    selections = list(selectors.selections_of(organisation=request.membership.organisation))
    return render(
        request,
        "sourcing/selection_list.html",
        {"selections": selections, "form": SelectionForm(organisation=request.membership.organisation),
         "active_step": STEP},
    )


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def selection_create(request: OrgRequest) -> HttpResponse:
    form = SelectionForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_create(
                actor=request.user,
                organisation=request.membership.organisation,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                use_case=form.cleaned_data["use_case"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Selection created. Add the firms you are considering to the longlist."))
            return redirect("sourcing:selection_detail", selection_id=selection.pk)
    status = 400 if form.errors else 200
    return render(request, "sourcing/selection_form.html", {"form": form, "active_step": STEP}, status=status)


def _overview_context(request: OrgRequest, selection: Selection, **extra: Any) -> dict[str, Any]:
    overview = selectors.selection_overview(selection=selection)
    selectors.label_candidates(overview.candidates, _language())
    view = request.GET.get("view") or request.POST.get("view") or "board"
    context: dict[str, Any] = {
        "selection": selection,
        "overview": overview,
        "view": "list" if view == "list" else "board",
        "stages": STAGE_ORDER,
        "funnel_source": reference().source(FUNNEL_SOURCE),
        "active_step": STEP,
    }
    context.update(extra)
    return context


@membership_required(Role.VIEWER)
@require_GET
def selection_detail(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id)
    return render(request, "sourcing/selection_detail.html", _overview_context(request, selection))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def selection_update(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, Role.OWNER)
    initial = {"title": selection.title, "description": selection.description, "use_case": selection.use_case_id}
    form = SelectionForm(request.POST or None, initial=initial, organisation=selection.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_update(
                actor=request.user,
                selection=selection,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                use_case=form.cleaned_data["use_case"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Selection saved."))
            return redirect("sourcing:selection_detail", selection_id=selection.pk)
    context = {"form": form, "selection": selection, "active_step": STEP}
    return render(request, "sourcing/selection_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def selection_delete(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, Role.OWNER)
    if request.method == "POST":
        title = selection.title
        try:
            services.selection_delete(actor=request.user, selection=selection)
        except services.DeleteBlockedError as exc:
            context = {"selection": selection, "candidate_count": selection.candidates.count(),
                       "active_step": STEP, "blocked": str(exc)}
            return render(request, "sourcing/selection_delete.html", context, status=409)
        messages.success(request, _("The selection “%(title)s” was deleted.") % {"title": title})
        return redirect("sourcing:selection_list")
    count = selection.candidates.count()
    return render(
        request,
        "sourcing/selection_delete.html",
        {"selection": selection, "candidate_count": count, "active_step": STEP},
    )


# --- Candidates ---------------------------------------------------------------------------------


def _candidate_form_context(form: CandidateForm, **extra: Any) -> dict[str, Any]:
    channels = reference().sourcing_channels
    highlight = next((ch for ch in channels if ch.highlight), None)
    return {"form": form, "highlight_channel": highlight, "active_step": STEP, **extra}


def _candidate_data(form: CandidateForm) -> dict[str, str]:
    return {field: form.cleaned_data.get(field) or "" for field in services.CANDIDATE_FIELDS}


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def candidate_create(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    selection = selection_for(request, selection_id, Role.OWNER)
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(actor=request.user, selection=selection, **_candidate_data(form))
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("%(name)s is on the longlist.") % {"name": candidate.name})
            if "add_another" in request.POST:
                return redirect("sourcing:candidate_create", selection_id=selection.pk)
            return redirect("sourcing:selection_detail", selection_id=selection.pk)
    context = _candidate_form_context(form, selection=selection)
    return render(request, "sourcing/candidate_form.html", context, status=400 if form.errors else 200)


IMPORT_COLUMNS = [(gettext_lazy("Name"), False), (gettext_lazy("Website"), False), (gettext_lazy("City"), False),
                  (gettext_lazy("Provider type"), False), (gettext_lazy("Contact person"), False),
                  (gettext_lazy("Contact e-mail"), False)]


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def candidate_import(request: OrgRequest, selection_id: UUID) -> HttpResponse:
    """Owners: upload a CSV/XLSX of firms, see a preview with every row's problems, then import
    all rows (or none). The confirmed rows travel signed (uploads.py), and the service checks them again."""
    selection = selection_for(request, selection_id, Role.OWNER)
    purpose = f"sourcing.candidate_import:{selection.pk}"
    context: dict[str, Any] = {"selection": selection, "active_step": "selection",
                               "columns": candidate_import_module.FIELDS}
    if request.method == "GET":
        return render(request, "sourcing/candidate_import.html", context)
    if request.POST.get("action") == "import":
        rows = uploads.confirmed_rows(request.POST.get("rows", ""), purpose)
        if rows is None:
            context["problem"] = _("This preview is too old or was changed. Upload the file again.")
            return render(request, "sourcing/candidate_import.html", context, status=400)
        try:
            created = services.candidates_import(actor=request.user, selection=selection, rows=rows)
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
        else:
            messages.success(request, ngettext("%(count)d firm is on the longlist.",
                                               "%(count)d firms are on the longlist.", len(created))
                             % {"count": len(created)})
            return redirect("sourcing:selection_detail", selection_id=selection.pk)
        return render(request, "sourcing/candidate_import.html", context, status=400)
    upload = request.FILES.get("file")
    if upload is None:
        context["problem"] = _("Choose a CSV or XLSX file.")
        return render(request, "sourcing/candidate_import.html", context, status=400)
    parsed = candidate_import_module.parse(upload.name or "", upload.read(tabular.MAX_BYTES + 1))
    if not parsed.problem:
        candidate_import_module.check(parsed, selection)
        if not parsed.rows:
            parsed.problem = _("The file has no firms below its first row.")
    context.update({"parsed": parsed, "problem": parsed.problem})
    count = len(parsed.rows)
    columns = [(str(heading), numeric) for heading, numeric in IMPORT_COLUMNS]  # in the reader's language
    context["upload"] = uploads.Preview(
        heading=_("Preview of %(name)s") % {"name": upload.name},
        note=ngettext("%(counter)s row has a problem. Correct the file and upload it again; nothing has been added.",
                      "%(counter)s rows have a problem. Correct the file and upload it again; nothing has been "
                      "added.", parsed.error_count) % {"counter": parsed.error_count} if parsed.error_count else "",
        columns=columns,
        rows=uploads.preview_rows(columns, (
            (row.number, [row.values.get(key, "") for key in candidate_import_module.FIELDS], row.errors)
            for row in parsed.rows)),
        confirm_rows=uploads.sign_rows([row.values for row in parsed.rows], purpose) if parsed.valid else "",
        confirm_label=ngettext("Add %(counter)s firm to the longlist", "Add %(counter)s firms to the longlist",
                               count) % {"counter": count},
        action="import",
    )
    return render(request, "sourcing/candidate_import.html", context, status=200 if parsed.valid else 400)


@membership_required(Role.VIEWER)
@require_GET
def candidate_detail(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    candidate = candidate_for(request, candidate_id)
    return render(request, "sourcing/candidate_detail.html", _candidate_context(request, candidate))


def _candidate_context(request: OrgRequest, candidate: Candidate, **extra: Any) -> dict[str, Any]:
    selectors.label_candidates([candidate], _language())
    red_flags = selectors.red_flags_of(candidate=candidate)
    initial: dict[str, Any] = {}
    for row in red_flags:
        initial[f"{row.flag.value}_observed"] = row.observed
        initial[f"{row.flag.value}_note"] = row.note
    previous_stage, next_stage = selectors.neighbour_stages(candidate.stage)
    context: dict[str, Any] = {
        "candidate": candidate,
        "selection": candidate.selection,
        "questionnaires": providers.questionnaires_of(candidate.selection),
        "origin": providers.candidate_origin(candidate, request.user),
        "history": selectors.stage_history(candidate=candidate),
        "red_flags": red_flags,
        "red_flags_form": RedFlagsForm(initial=initial),
        "evidence_links": selectors.safe_links(candidate.evidence_links),
        "website": (selectors.safe_links(candidate.website) or [""])[0],
        "previous_stage": previous_stage,
        "next_stage": next_stage,
        "stages": STAGE_ORDER,
        "active_step": STEP,
    }
    context.update(extra)
    return context


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def candidate_update(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    candidate = candidate_for(request, candidate_id, Role.OWNER)
    form = CandidateForm(request.POST or None, initial=CandidateForm.initial_for(candidate))
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(actor=request.user, candidate=candidate, **_candidate_data(form))
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": candidate.name})
            return redirect("sourcing:candidate_detail", candidate_id=candidate.pk)
    context = _candidate_form_context(form, selection=candidate.selection, candidate=candidate)
    return render(request, "sourcing/candidate_form.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def candidate_delete(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    candidate = candidate_for(request, candidate_id, Role.OWNER)
    selection = candidate.selection
    context: dict[str, object] = {"candidate": candidate, "selection": selection, "active_step": STEP}
    if request.method == "POST":
        try:
            services.candidate_delete(actor=request.user, candidate=candidate)
        except services.DeleteBlockedError as exc:
            return render(request, "sourcing/candidate_delete.html", context | {"blocked": str(exc)}, status=409)
        messages.success(request, _("%(name)s was removed from the selection.") % {"name": candidate.name})
        return redirect("sourcing:selection_detail", selection_id=selection.pk)
    return render(request, "sourcing/candidate_delete.html", context)


@membership_required(Role.OWNER)
@require_POST
def candidate_stage(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    """Move a candidate to another stage. With HTMX the selection's workspace comes back."""
    candidate = candidate_for(request, candidate_id, Role.OWNER)
    selection = candidate.selection
    form = StageMoveForm(request.POST)
    notice, ok = "", False
    if form.is_valid():
        try:
            to_stage = form.cleaned_data["to_stage"]
            services.candidate_stage_move(actor=request.user, candidate=candidate, to_stage=to_stage)
        except ValidationError as error:
            notice = " ".join(error.messages)
        else:
            ok = True
            notice = _("%(name)s moved to “%(stage)s”.") % {"name": candidate.name, "stage": candidate.stage_enum.label}
    else:
        notice = _("Choose one of the stages of the selection.")
    came_from = request.POST.get("view", "board")
    if getattr(request, "htmx", False) and came_from in ("board", "list"):
        context = _overview_context(request, selection, notice=notice, notice_ok=ok, moved=candidate.pk)
        # 200 even when the move was refused: HTMX swaps only 2xx answers, and the notice says why.
        return render(request, "sourcing/selection_detail.html#workspace", context)
    (messages.success if ok else messages.error)(request, notice)
    if came_from == "candidate":
        return redirect("sourcing:candidate_detail", candidate_id=candidate.pk)
    return redirect(_detail_url(selection, came_from))


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def candidate_reject(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    candidate = candidate_for(request, candidate_id, Role.OWNER)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_reject(actor=request.user, candidate=candidate, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was rejected. You can bring the candidate back later.") % {
                "name": candidate.name})
            return redirect("sourcing:selection_detail", selection_id=candidate.selection_id)
    context = {"form": form, "candidate": candidate, "selection": candidate.selection, "active_step": STEP}
    return render(request, "sourcing/candidate_reject.html", context, status=400 if form.errors else 200)


@membership_required(Role.OWNER)
@require_POST
def candidate_reinstate(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    candidate = candidate_for(request, candidate_id, Role.OWNER)
    try:
        services.candidate_reinstate(actor=request.user, candidate=candidate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is back in the selection, at the stage “%(stage)s”.") % {
            "name": candidate.name, "stage": candidate.stage_enum.label})
    return redirect("sourcing:candidate_detail", candidate_id=candidate.pk)


@membership_required(Role.OWNER)
@require_POST
def candidate_red_flags(request: OrgRequest, candidate_id: UUID) -> HttpResponse:
    """Save the red-flag checklist of a candidate (owners only, to keep one shared record)."""
    candidate = candidate_for(request, candidate_id, Role.OWNER)
    form = RedFlagsForm(request.POST)
    if not form.is_valid():
        context = _candidate_context(request, candidate, red_flags_form=form)
        return render(request, "sourcing/candidate_detail.html", context, status=400)
    with transaction.atomic():
        for flag, observed, note in form.values():
            services.candidate_red_flag_set(
                actor=request.user, candidate=candidate, flag=flag, observed=observed, note=note
            )
    messages.success(request, _("Red flags saved."))
    return redirect(reverse("sourcing:candidate_detail", kwargs={"candidate_id": candidate.pk}) + "#red-flags")

