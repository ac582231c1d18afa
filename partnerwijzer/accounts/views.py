"""Sign-up, organisation settings, members and invitations."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerwijzer.accounts import services
from partnerwijzer.accounts.access import SESSION_KEY, OrgRequest, membership_for_user, membership_required, object_for
from partnerwijzer.accounts.forms import (
    InvitationForm,
    InvitationSignupForm,
    OrganisationForm,
    RoleForm,
    SignupForm,
    SwitchOrganisationForm,
)
from partnerwijzer.accounts.models import Invitation, Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.selectors import members_of, open_invitations_of
from partnerwijzer.formatting import sentence

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _language(request: HttpRequest) -> str:
    language = translation.get_language() or "nl"
    return language if language in {"nl", "en", "de"} else "nl"


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("journey:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_signup(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            organisation_name=data["organisation_name"],
            language=_language(request),
        )
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welcome! Your organisation has been created."))
        return redirect("journey:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"language": _language(request)})
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            owner=cast(User, request.user),  # LoginRequiredMiddleware guarantees a user
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
        )
        request.session[SESSION_KEY] = str(organisation.pk)
        messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
        return redirect("journey:dashboard")
    return render(request, "accounts/organisation_create.html", {"form": form})


@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    form = SwitchOrganisationForm(request.POST)
    if not form.is_valid():
        return redirect("journey:dashboard")
    membership = membership_for_user(request.user, form.cleaned_data["organisation"])  # type: ignore[arg-type]
    request.session[SESSION_KEY] = str(membership.organisation_id)
    messages.info(request, sentence(_("You are now working in %(name)s.") % {"name": membership.organisation.name}))
    return redirect("journey:dashboard")


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def organisation_settings(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=request.user,
            organisation=organisation,
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Settings saved."))
        return redirect("accounts:organisation_settings")
    if request.method == "POST":
        organisation.refresh_from_db()
    return render(request, "accounts/organisation_settings.html", {"form": form})


@membership_required(Role.VIEWER)
def members(request: OrgRequest) -> HttpResponse:
    return render(request, "accounts/members.html", _members_context(request))


def _members_context(request: OrgRequest, **extra: object) -> dict[str, object]:
    organisation = request.membership.organisation
    context: dict[str, object] = {
        "members": members_of(organisation=organisation),
        "invitations": open_invitations_of(organisation=organisation) if request.membership.is_owner else [],
        "invitation_form": InvitationForm(),
        "roles": Role,
    }
    context.update(extra)
    return context


@membership_required(Role.OWNER)
@require_POST
def invitation_create(request: OrgRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    issued = None
    if form.is_valid():
        try:
            issued = services.invitation_create(
                actor=request.user,
                organisation=request.membership.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("email", error)
    if issued is None:
        return render(request, "accounts/members.html", _members_context(request, invitation_form=form), status=400)
    link = request.build_absolute_uri(reverse("accounts:invitation_accept", args=[issued.token]))
    services.invitation_send(invitation=issued.invitation, link=link)
    return render(
        request,
        "accounts/members.html",
        _members_context(request, new_invitation_link=link, new_invitation=issued.invitation),
    )


@membership_required(Role.OWNER)
@require_POST
def invitation_revoke(request: OrgRequest, invitation_id: str) -> HttpResponse:
    invitation = object_for(request, Invitation.objects.all(), role=Role.OWNER, pk=invitation_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation for %(email)s no longer works.") % {"email": invitation.email})
    return redirect("accounts:members")


@membership_required(Role.OWNER)
@require_POST
def member_role(request: OrgRequest, membership_id: str) -> HttpResponse:
    membership = object_for(request, Membership.objects.select_related("user"), role=Role.OWNER, pk=membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_role_change(actor=request.user, membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("Role of %(name)s changed.") % {"name": membership.user.display_name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose one of the roles owner, evaluator or viewer."))
    return redirect("accounts:members")


@membership_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def member_remove(request: OrgRequest, membership_id: str) -> HttpResponse:
    membership = object_for(request, Membership.objects.select_related("user"), role=Role.OWNER, pk=membership_id)
    if request.method == "POST":
        try:
            services.member_remove(actor=request.user, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:members")
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user.display_name})
        if membership.user_id == request.user.pk:
            request.session.pop(SESSION_KEY, None)
            return redirect("journey:dashboard")
        return redirect("accounts:members")
    return render(request, "accounts/member_remove.html", {"target": membership})


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    context: dict[str, object] = {"invitation": invitation, "token": token}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.invitation_accept(user=request.user, token=token)
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
                return render(request, "accounts/invitation_accept.html", context, status=400)
            request.session[SESSION_KEY] = str(membership.organisation_id)
            messages.success(request, sentence(_("You joined %(name)s.") % {"name": membership.organisation.name}))
            return redirect("journey:dashboard")
        return render(request, "accounts/invitation_accept.html", context)
    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        membership = services.invitation_signup(
            token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
        )
        login(request, membership.user, backend=BACKEND)
        request.session[SESSION_KEY] = str(membership.organisation_id)
        messages.success(request, sentence(_("Welcome! You joined %(name)s.") % {"name": membership.organisation.name}))
        return redirect("journey:dashboard")
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200)
