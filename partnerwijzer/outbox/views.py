"""Pages of the outbox: the owners' list of outgoing messages, retry, reminders on or off, unsubscribe."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerwijzer.accounts.access import OrgRequest, membership_required, object_for
from partnerwijzer.accounts.models import User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.outbox import services
from partnerwijzer.outbox.models import Message, MessageState
from partnerwijzer.outbox.selectors import messages_of, receives_reminders


@membership_required(Role.OWNER, ownership=True)  # mail to members and firms: the holders' own
@require_GET
def message_list(request: OrgRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in MessageState.values:
        state = ""
    page = Paginator(messages_of(request.membership.organisation, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "outbox/list.html", {
        "page": page, "state": state, "states": MessageState.choices,
        "failed_count": messages_of(request.membership.organisation, state=MessageState.FAILED).count(),
    })


@membership_required(Role.OWNER, ownership=True)  # mail to members and firms: the holders' own
@require_POST
def message_retry(request: OrgRequest, message_id: str) -> HttpResponse:
    message = object_for(request, Message.objects.all(), role=Role.OWNER, pk=message_id)
    if message.state == MessageState.FAILED:
        services.message_retry(actor=request.user, message=message)
        messages.success(request, _("The message to %(email)s is queued again.") % {"email": message.to_email})
    else:
        messages.info(request, _("Only a message that was not sent can be sent again."))
    return redirect("outbox:list")


@require_POST
def reminders_update(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own choice: reminders by e-mail or not (account page)."""
    user = cast(User, request.user)
    receive = request.POST.get("reminders") == "on"
    services.reminders_set(email=user.email, receive=receive, actor=user)
    messages.success(request, _("You receive reminders by e-mail again.") if receive
                     else _("You receive no more reminders by e-mail. Essential messages still come."))
    return redirect("accounts:account")


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in every reminder. GET asks (mail scanners open links); POST unsubscribes."""
    email = services.email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "outbox/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.reminders_set(email=email, receive=False)
        return render(request, "outbox/unsubscribe.html", {"email": email, "done": True})
    return render(request, "outbox/unsubscribe.html", {"email": email, "done": not receives_reminders(email)})
