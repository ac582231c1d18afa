"""The one way an adviser's page puts something into a client's selection (a criteria set, a
directory firm onto the longlist): the form offers the selections of the adviser organisation's
clients, and the client's grant decides: reaching the selection needs an owner's role there
(``sourcing.lookups.selection_for``), which an adviser has only when working alongside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from partnerwijzer.accounts.access import OrgRequest
from partnerwijzer.accounts.roles import Role
from partnerwijzer.advisers import selectors
from partnerwijzer.advisers.forms import ApplyForm
from partnerwijzer.sourcing.lookups import selection_for
from partnerwijzer.sourcing.models import Selection


def apply_to_client_selection(
    request: OrgRequest, form_class: type[ApplyForm], *,
    apply: Callable[[Selection], Any], success: Callable[[Selection], str],
    done: Callable[[], HttpResponse], refused: Callable[[ApplyForm], HttpResponse],
) -> HttpResponse:
    """Read the chosen selection from the POST, ``apply`` the service to it and say ``success``,
    then ``done``; an invalid choice or a service's refusal renders ``refused`` with the form (400)."""
    form = form_class(request.POST, selections=selectors.selections_of_clients(request.membership.organisation))
    if form.is_valid():
        selection = selection_for(request.user, form.cleaned_data["selection"].pk, role=Role.OWNER)
        try:
            apply(selection)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success(selection))
            return done()
    return refused(form)
