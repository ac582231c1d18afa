"""Pages of the supplier portal.

Public (no account; the token in the URL is the only credential):
``portal/<token>/`` the questionnaire with the firm's answers, autosaved per question,
``.../answer/`` (one answer, HTMX), ``.../upload/``, ``.../uploads/<id>/remove/``,
``.../submit/`` (confirmation) and ``.../receipt/``.

Every public request passes :func:`_public`: rate limit per client address (database count),
token resolved by its hash, attempt logged without the token. An unknown, malformed, expired
or revoked token gets the one "This link is not valid" page with status 404, whoever asks
(also a signed-in owner). Portal responses carry ``Referrer-Policy: no-referrer``,
``Cache-Control: no-store`` and ``X-Robots-Tag: noindex``.

Members: the owner's link management per questionnaire, answers of one candidate, and the
download of an upload (attachment, membership checked).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from partnerwijzer import formatting
from partnerwijzer.accounts.access import OrgRequest, membership_required, not_found, object_for
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge.topics import costs as cost_reference
from partnerwijzer.portal import firm_questions, ratelimit, selectors, services
from partnerwijzer.portal.forms import FirmAnswerForm, LinkCreateForm, QuestionsUntilForm
from partnerwijzer.portal.models import AttemptOutcome, FirmQuestion, PortalLink, PortalUpload
from partnerwijzer.portal.providers import letters_for_candidate
from partnerwijzer.portal.uploads import too_large_message
from partnerwijzer.questionnaires import services as questionnaire_services
from partnerwijzer.questionnaires.models import Questionnaire
from partnerwijzer.questionnaires.selectors import company_section
from partnerwijzer.sourcing.models import Candidate

logger = logging.getLogger(__name__)

PortalView = Callable[..., HttpResponse]


# --- Public side -------------------------------------------------------------------------------------


def harden(response: HttpResponse) -> HttpResponse:
    """The token is in the URL: never send it on as a referrer, never cache, never index."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Django logs every 4xx with the request path, which holds the token: mark the response
    # as logged so django.request never writes it (our own log lines carry no token).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def not_valid(request: HttpRequest) -> HttpResponse:
    """The one answer for every token that does not work, whatever the reason."""
    return harden(render(request, "portal/not_valid.html", status=404))


def rate_limited() -> HttpResponse:
    response = HttpResponse(
        _("Too many attempts from your network. Please try again in a few minutes."),
        status=429, content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(int(ratelimit.window().total_seconds()))
    return harden(response)


def _public(view: PortalView) -> PortalView:
    # CSRF exempt on purpose: the portal has no ambient credential (no session, no cookie
    # grants anything); the secret token in the URL is the credential, and a forged cross-site
    # request would need to know it. With Referrer-Policy no-referrer, browsers send
    # "Origin: null" on form posts, which Django's CSRF check would refuse (and log the path,
    # i.e. the token).
    @csrf_exempt
    @login_not_required
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        address = ratelimit.ip_hash(request)
        if ratelimit.is_limited(address):
            services.attempt_record(ip_hash=address, outcome=AttemptOutcome.RATE_LIMITED)
            logger.warning("Portal: refused a request from a rate-limited address (%s…).", address[:12])
            return rate_limited()
        resolution = services.resolve_token(token)
        if not resolution.ok or resolution.link is None:
            services.attempt_record(ip_hash=address, outcome=resolution.outcome, link_id=resolution.link_id)
            logger.info("Portal: a link that is not valid was tried (%s).", resolution.outcome)
            return not_valid(request)
        link = resolution.link
        if request.method == "GET":
            services.attempt_record(ip_hash=address, outcome=AttemptOutcome.OK, link_id=link.pk)
            services.link_touch(link)
        language = link.organisation.language
        with translation.override(language):
            response = view(request, link, token, *args, **kwargs)
        response["Content-Language"] = language
        return harden(response)

    return wrapper


def _urls(token: str) -> dict[str, str]:
    return {
        name: reverse(f"portal:{name}", kwargs={"token": token})
        for name in ("questionnaire", "answer", "upload", "submit", "receipt", "ask")
    }


def _price_rows(link: PortalLink, typed: dict[str, str] | None = None,
                errors: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
    """The RFP's price fields in the organisation's language: stored value (or what was typed,
    after an error) and the field's error. Empty for an RFI."""
    if not services.asks_price(link):
        return []
    lang = link.organisation.language
    ref = cost_reference.load()
    labels = {item.key: item.name.get(lang) for item in ref.categories}
    labels[services.RUNNING_FIELD] = _("Running cost per year")
    rows = []
    for key in services.price_fields():
        stored = link.quote_draft.get(key, "")
        value = (typed or {}).get(key, formats.localize(Decimal(stored)) if stored else "")
        # ``value`` fills the input (a number the firm can edit); ``amount`` is how the stored price
        # reads, through the one formatter ("1.250,50 €" in German, "€ 1.250,50" in Dutch).
        amount = formatting.money(Decimal(stored), decimals=True) if stored else ""
        rows.append({"key": key, "label": labels[key], "value": value, "amount": amount,
                     "running": key == services.RUNNING_FIELD, "errors": (errors or {}).get(key, [])})
    return rows


def _price_values(request: HttpRequest) -> dict[str, str]:
    return {key.removeprefix("price-"): request.POST.get(key, "") for key in request.POST if key.startswith("price-")}


def _page(request: HttpRequest, link: PortalLink, token: str, *, status: int = 200,
          upload_error: str = "", errors: dict[str, str] | None = None,
          price_typed: dict[str, str] | None = None, price_errors: dict[str, list[str]] | None = None,
          answers_typed: dict[str, str] | None = None, ask_error: str = "", ask_text: str = "") -> HttpResponse:
    page = selectors.portal_page(link)
    for row in page.rows:  # a refused form shows what the firm typed, not the stored answers
        if answers_typed and str(row.question.pk) in answers_typed:
            row.answer = answers_typed[str(row.question.pk)]
    context = {
        "firm_questions": selectors.questions_for_firm(link),
        "questions_closed": firm_questions.questions_closed_reason(link),
        "questions_until": firm_questions.questions_until(link.questionnaire),
        "ask_error": ask_error, "ask_text": ask_text,
        "price_rows": _price_rows(link, price_typed, price_errors), "asks_price": services.asks_price(link),
        "link": link, "questionnaire": link.questionnaire, "organisation": link.organisation,
        "candidate": link.candidate, "page": page, "urls": _urls(token), "token": token,
        "closed_reason": services.writable_error(link), "upload_error": upload_error, "errors": errors or {},
        "max_mb": services.upload_limits().max_bytes // (1024 * 1024),
        # What the owner's preview promises: the project, baseline, KPIs and constraints they share.
        "company": company_section(link.questionnaire, link.organisation.language),
        # Award or regret letters the organisation sent this firm (issue 16; registered by letters).
        "letters": letters_for_candidate(link.candidate),
    }
    return render(request, "portal/questionnaire.html", context, status=status)


@require_http_methods(["GET", "POST"])
@_public
def questionnaire(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    """The firm's questionnaire. POST saves every answer (and, for an RFP, every price field) at
    once (the form without JavaScript); all or nothing."""
    if request.method == "POST":
        texts = {key.removeprefix("answer-"): request.POST.get(key, "") for key in request.POST
                 if key.startswith("answer-")}
        prices = _price_values(request)
        try:
            with transaction.atomic():
                services.answers_save(link=link, texts=texts)
                if prices:
                    services.quote_draft_save(link=link, values=prices)
        except ValidationError as error:
            link.refresh_from_db(fields=["quote_draft"])
            field_errors = error.message_dict if hasattr(error, "error_dict") else {}
            messages.error(request, _("Nothing was saved: correct the marked amounts.") if field_errors
                           else " ".join(error.messages))
            return _page(request, link, token, status=400, price_typed=prices, price_errors=field_errors,
                         answers_typed=texts)
        messages.success(request, _("Your answers are saved. You can come back and change them until you submit."))
        return redirect(_urls(token)["questionnaire"])
    return _page(request, link, token)


@require_POST
@_public
def answer(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    """Save one answer (or, with ``price=<field>``, one price field of an RFP): HTMX gets the
    field's status line, a plain POST a redirect."""
    if "price" in request.POST:
        return _price_answer(request, link, token)
    question_id = request.POST.get("question", "")
    text = request.POST.get(f"answer-{question_id}", "")
    error = ""
    try:
        services.answer_save(link=link, question_id=question_id, text=text)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect(_urls(token)["questionnaire"] + (f"#q-{question_id}" if not error else ""))
    return render(request, "portal/questionnaire.html#status",
                  {"qid": question_id, "error": error, "saved": not error}, status=400 if error else 200)


def _price_answer(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    key = request.POST.get("price", "")
    error = ""
    try:
        services.quote_draft_save(link=link, values={key: request.POST.get(f"price-{key}", "")})
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect(_urls(token)["questionnaire"] + ("#price" if not error else ""))
    return render(request, "portal/questionnaire.html#status",
                  {"qid": f"price-{key}", "error": error, "saved": not error}, status=400 if error else 200)


class _SizeLimitHandler(FileUploadHandler):
    """Stops receiving a file as soon as it exceeds the limit, before it is fully read."""

    def __init__(self, request: HttpRequest, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.max_bytes:
            self.too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@require_POST
@_public
def upload(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    # Installed before anything reads the body (the view is CSRF exempt, see _public).
    handler = _SizeLimitHandler(request, services.upload_limits().max_bytes)
    request.upload_handlers.insert(0, handler)
    error = ""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > handler.max_bytes + 1024 * 1024:
        error = too_large_message(handler.max_bytes)
    else:
        file = request.FILES.get("file")
        if handler.too_large:
            error = too_large_message(handler.max_bytes)
        elif file is None:
            error = _("Choose a file to upload.")
        else:
            try:
                services.upload_add(link=link, stream=file, filename=file.name or "")
            except ValidationError as exc:
                error = " ".join(exc.messages)
    if error:
        return _page(request, link, token, status=400, upload_error=error)
    messages.success(request, _("The file is uploaded."))
    return redirect(_urls(token)["questionnaire"] + "#uploads")


@require_POST
@_public
def upload_remove(request: HttpRequest, link: PortalLink, token: str, upload_id: str) -> HttpResponse:
    try:
        services.upload_remove(link=link, upload_id=upload_id)
    except ValidationError as exc:
        return _page(request, link, token, status=400, upload_error=" ".join(exc.messages))
    messages.success(request, _("The file is removed."))
    return redirect(_urls(token)["questionnaire"] + "#uploads")


@require_POST
@_public
def ask(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    """The firm asks a question about the questionnaire (until the deadline for questions)."""
    text = request.POST.get("question", "")
    try:
        firm_questions.question_ask(link=link, text=text)
    except ValidationError as exc:
        return _page(request, link, token, status=400, ask_error=" ".join(exc.messages), ask_text=text)
    messages.success(request, _("Your question is sent. The answer will appear here."))
    return redirect(_urls(token)["questionnaire"] + "#firm-questions")


@require_http_methods(["GET", "POST"])
@_public
def submit(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    """Confirm, then submit. After the deadline or a submission: a clear message, status 400."""
    page = selectors.portal_page(link)
    error = services.writable_error(link)
    if request.method == "POST" and not error:
        try:
            services.submit(link=link)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(_urls(token)["receipt"])
    if link.submitted_at is not None and request.method == "GET":
        return redirect(_urls(token)["receipt"])
    context = {"link": link, "questionnaire": link.questionnaire, "organisation": link.organisation,
               "candidate": link.candidate, "page": page, "urls": _urls(token), "error": error,
               "price_rows": [row for row in _price_rows(link) if row["amount"]],
               "asks_price": services.asks_price(link)}
    status = 400 if error and request.method == "POST" else 200
    return render(request, "portal/submit.html", context, status=status)


@require_http_methods(["GET"])
@_public
def receipt(request: HttpRequest, link: PortalLink, token: str) -> HttpResponse:
    if link.submitted_at is None:
        return redirect(_urls(token)["questionnaire"])
    context = {"link": link, "questionnaire": link.questionnaire, "organisation": link.organisation,
               "candidate": link.candidate, "page": selectors.portal_page(link), "urls": _urls(token)}
    return render(request, "portal/receipt.html", context)


# --- Members -----------------------------------------------------------------------------------------


def _questionnaire(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID, role: Role) -> Questionnaire:
    return object_for(
        request, Questionnaire.objects.select_related("selection").filter(selection_id=selection_id),
        role=role, via="selection__organisation", pk=questionnaire_id,
    )


def _links_page(request: OrgRequest, questionnaire: Questionnaire, *, form: LinkCreateForm | None = None,
                created: tuple[PortalLink, str] | None = None, status: int = 200) -> HttpResponse:
    selection = questionnaire.selection
    context = {
        "selection": selection, "questionnaire": questionnaire, "active_step": "selection",
        "rows": selectors.link_rows(questionnaire),
        "form": form or LinkCreateForm(selection_id=selection.pk),
        "created_link": created[0] if created else None,
        "created_url": request.build_absolute_uri(reverse("portal:questionnaire", kwargs={"token": created[1]}))
        if created else "",
    }
    response = render(request, "portal/links.html", context, status=status)
    if created:  # the plaintext is on this page once: keep it out of caches
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
@membership_required(Role.OWNER)
def links(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID) -> HttpResponse:
    """Owners: a link per candidate (create, revoke) with its status. POST creates one and shows
    its address once."""
    questionnaire = _questionnaire(request, selection_id, questionnaire_id, Role.OWNER)
    if request.method == "GET":
        return _links_page(request, questionnaire)
    form = LinkCreateForm(request.POST, selection_id=questionnaire.selection_id)
    if form.is_valid():
        try:
            created = services.link_create(actor=request.user, questionnaire=questionnaire,
                                           candidate=form.cleaned_data["candidate"],
                                           expires_at=form.cleaned_data["expires_at"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errs in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error)
        else:
            return _links_page(request, questionnaire, created=created)
    return _links_page(request, questionnaire, form=form, status=400)


@require_http_methods(["GET", "POST"])
@membership_required(Role.OWNER)
def link_revoke(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID, link_id: UUID) -> HttpResponse:
    questionnaire = _questionnaire(request, selection_id, questionnaire_id, Role.OWNER)
    link = PortalLink.objects.filter(questionnaire=questionnaire, pk=link_id).select_related("candidate").first()
    if link is None:
        raise not_found()
    back = reverse("portal:links", kwargs={"selection_id": selection_id, "questionnaire_id": questionnaire_id})
    if request.method == "POST":
        try:
            services.link_revoke(actor=request.user, link=link)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The link of %(name)s is revoked; it no longer works.")
                             % {"name": link.candidate.name})
        return redirect(back)
    context = {"selection": questionnaire.selection, "questionnaire": questionnaire, "link": link, "back": back,
               "active_step": "selection"}
    return render(request, "portal/link_revoke.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(Role.OWNER)
def link_send(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID, candidate_id: UUID) -> HttpResponse:
    """Owners: e-mail the firm its link with the deadline (the product sends it). When a working link
    exists, a confirmation first: the new link replaces it."""
    questionnaire = _questionnaire(request, selection_id, questionnaire_id, Role.OWNER)
    candidate = Candidate.objects.filter(selection_id=questionnaire.selection_id, pk=candidate_id).first()
    if candidate is None:
        raise not_found()
    back = reverse("portal:links", kwargs={"selection_id": selection_id, "questionnaire_id": questionnaire_id})
    working = PortalLink.objects.filter(questionnaire=questionnaire, candidate=candidate, revoked_at__isnull=True,
                                        submitted_at__isnull=True).first()
    if request.method == "POST" and (working is None or request.POST.get("renew") == "1"):
        try:
            services.link_send(actor=request.user, questionnaire=questionnaire, candidate=candidate,
                               renew=working is not None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The link for %(name)s is on its way to %(email)s. The outgoing messages "
                                        "page shows when it is sent.") % {"name": candidate.name,
                                                                         "email": candidate.contact_email})
        return redirect(back)
    if working is None:
        return redirect(back)
    context = {"selection": questionnaire.selection, "questionnaire": questionnaire, "candidate": candidate,
               "link": working, "back": back, "active_step": "selection"}
    return render(request, "portal/link_send.html", context)


@membership_required(Role.VIEWER)
def candidate_answers(request: OrgRequest, selection_id: UUID, candidate_id: UUID) -> HttpResponse:
    """Every member reads a candidate's submitted portal answers (also shown beside scoring)."""
    candidate = object_for(request, Candidate.objects.select_related("selection").filter(selection_id=selection_id),
                           via="selection__organisation", pk=candidate_id)
    context = {"selection": candidate.selection, "candidate": candidate, "active_step": "selection",
               "portal_answers": selectors.answers_for_candidate(candidate)}
    return render(request, "portal/answers.html", context)


@membership_required(Role.VIEWER)
def upload_download(request: OrgRequest, upload_id: UUID) -> HttpResponse:
    """A submitted file, as an attachment, to members of the organisation only."""
    upload = object_for(request, PortalUpload.objects.select_related("link").filter(link__submitted_at__isnull=False),
                        via="link__organisation", pk=upload_id)
    try:
        handle = open(services.upload_path(upload), "rb")  # noqa: SIM115 (FileResponse closes it)
    except (FileNotFoundError, ValueError):
        raise not_found() from None
    content_types = {"pdf": "application/pdf",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = FileResponse(handle, as_attachment=True, filename=upload.original_name,
                            content_type=content_types[upload.detected_type])
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response  # type: ignore[return-value]  # a streaming response, served like any other


# --- The firms' questions (owners) and the answers side by side (members) -------------------------


def _firm_questions_page(request: OrgRequest, questionnaire: Questionnaire, *, status: int = 200,
                         until_form: QuestionsUntilForm | None = None,
                         answer_forms: dict[Any, FirmAnswerForm] | None = None) -> HttpResponse:
    questions = selectors.questions_of_questionnaire(questionnaire)
    forms = answer_forms or {}
    rows = [(q, forms.get(q.pk) or FirmAnswerForm(initial={"answer": q.answer, "public_text": q.public_text or q.text},
                                                  prefix=str(q.pk)))
            for q in questions]
    context = {
        "selection": questionnaire.selection, "questionnaire": questionnaire, "active_step": "selection",
        "rows": rows, "open_count": sum(1 for q in questions if q.status == "open"),
        "questions_until": firm_questions.questions_until(questionnaire),
        "until_form": until_form or QuestionsUntilForm(initial=QuestionsUntilForm.initial_for(questionnaire)),
    }
    return render(request, "portal/firm_questions.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(Role.OWNER)
def firm_questions_page(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID) -> HttpResponse:
    """Owners: every firm's questions with the firm's name; POST sets the deadline for questions."""
    questionnaire = _questionnaire(request, selection_id, questionnaire_id, Role.OWNER)
    if request.method == "GET":
        return _firm_questions_page(request, questionnaire)
    form = QuestionsUntilForm(request.POST)
    if form.is_valid():
        try:
            questionnaire_services.questionnaire_update(actor=request.user, questionnaire=questionnaire,
                                                        questions_until=form.moment())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The deadline for questions is saved."))
            return redirect(reverse("portal:firm_questions", args=[selection_id, questionnaire_id]))
    return _firm_questions_page(request, questionnaire, until_form=form, status=400)


@require_POST
@membership_required(Role.OWNER)
def firm_question_answer(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID,
                         question_id: UUID) -> HttpResponse:
    """Owners: answer privately (``action=private``) or publish to every firm (``action=publish``)."""
    questionnaire = _questionnaire(request, selection_id, questionnaire_id, Role.OWNER)
    question = FirmQuestion.objects.filter(questionnaire=questionnaire, pk=question_id).first()
    if question is None:
        raise not_found()
    form = FirmAnswerForm(request.POST, prefix=str(question.pk))
    publish = request.POST.get("action") == "publish"
    if form.is_valid():
        try:
            firm_questions.question_answer(actor=request.user, question=question, answer=form.cleaned_data["answer"],
                                           publish=publish, public_text=form.cleaned_data["public_text"])
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("The answer is published to every firm, without the name of the firm that "
                                        "asked.") if publish else _("The answer is sent to this firm only."))
            return redirect(reverse("portal:firm_questions", args=[selection_id, questionnaire_id])
                            + f"#fq-{question.pk}")
    return _firm_questions_page(request, questionnaire, answer_forms={question.pk: form}, status=400)


@membership_required(Role.VIEWER)
@require_http_methods(["GET"])
def side_by_side(request: OrgRequest, selection_id: UUID, questionnaire_id: UUID) -> HttpResponse:
    """Members (as for one candidate's answers): the submitted answers of every firm side by side."""
    questionnaire = _questionnaire(request, selection_id, questionnaire_id, Role.VIEWER)
    table = selectors.side_by_side(questionnaire)
    context = {"selection": questionnaire.selection, "questionnaire": questionnaire, "active_step": "selection",
               "table": table, "columns": list(zip(table.firms, table.files, strict=True))}
    return render(request, "portal/side_by_side.html", context)
