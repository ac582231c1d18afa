"""Sign-up and login (with the two-factor step), the user's own account, organisation settings,
members and invitations."""

from __future__ import annotations

import time
from typing import Any, cast

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from partnerwijzer.accounts import services
from partnerwijzer.accounts.access import SESSION_KEY, OrgRequest, membership_for_user, membership_required, object_for
from partnerwijzer.accounts.account_sections import sections_for
from partnerwijzer.accounts.forms import (
    AccountForm,
    AccountPasswordForm,
    CodeForm,
    InvitationForm,
    InvitationSignupForm,
    LoginForm,
    NewOrganisationForm,
    OrganisationSettingsForm,
    PasswordConfirmForm,
    RoleForm,
    SignupForm,
    SwitchOrganisationForm,
)
from partnerwijzer.accounts.models import Invitation, Membership, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.selectors import (
    has_two_factor,
    members_of,
    open_invitations_of,
    recovery_codes_left,
    two_factor_required_for,
)
from partnerwijzer.formatting import sentence

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _language(request: HttpRequest) -> str:
    language = translation.get_language() or "nl"
    return language if language in {"nl", "en", "de"} else "nl"


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
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
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = NewOrganisationForm(request.POST or None, initial={"language": _language(request)})
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            owner=cast(User, request.user),  # LoginRequiredMiddleware guarantees a user
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
            kind=form.cleaned_data["kind"],
        )
        request.session[SESSION_KEY] = str(organisation.pk)
        messages.success(request, _("Organisation %(name)s created.") % {"name": organisation.name})
        return redirect(settings.ADVISER_HOME_URL if organisation.is_adviser else settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/organisation_create.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    form = SwitchOrganisationForm(request.POST)
    if not form.is_valid():
        return redirect(settings.LOGIN_REDIRECT_URL)
    membership = membership_for_user(request.user, form.cleaned_data["organisation"])  # type: ignore[arg-type]
    request.session[SESSION_KEY] = str(membership.organisation_id)
    messages.info(request, sentence(_("You are now working in %(name)s.") % {"name": membership.organisation.name}))
    if membership.organisation.is_adviser and membership.holds_organisation:
        return redirect(settings.ADVISER_HOME_URL)
    return redirect(settings.LOGIN_REDIRECT_URL)


@membership_required(Role.OWNER, ownership=True)
@require_http_methods(["GET", "POST"])
def organisation_settings(request: OrgRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                require_two_factor=form.cleaned_data["require_two_factor"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("accounts:organisation_settings")
    if request.method == "POST":
        organisation.refresh_from_db()
    return render(request, "accounts/organisation_settings.html", {"form": form},
                  status=400 if form.errors else 200)


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


@membership_required(Role.OWNER, ownership=True)
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
    services.invitation_send(invitation=issued.invitation, token=issued.token)
    return render(
        request,
        "accounts/members.html",
        _members_context(request, new_invitation_link=link, new_invitation=issued.invitation),
    )


@membership_required(Role.OWNER, ownership=True)
@require_POST
def invitation_revoke(request: OrgRequest, invitation_id: str) -> HttpResponse:
    invitation = object_for(request, Invitation.objects.all(), role=Role.OWNER, pk=invitation_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation for %(email)s no longer works.") % {"email": invitation.email})
    return redirect("accounts:members")


@membership_required(Role.OWNER, ownership=True)
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


@membership_required(Role.OWNER, ownership=True)
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
            return redirect(settings.LOGIN_REDIRECT_URL)
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
            return redirect(settings.LOGIN_REDIRECT_URL)
        return render(request, "accounts/invitation_accept.html", context)
    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        membership = services.invitation_signup(
            token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
        )
        login(request, membership.user, backend=BACKEND)
        request.session[SESSION_KEY] = str(membership.organisation_id)
        messages.success(request, sentence(_("Welcome! You joined %(name)s.") % {"name": membership.organisation.name}))
        return redirect(settings.LOGIN_REDIRECT_URL)
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200)


# --- Login with an optional second step --------------------------------------------------------

PENDING_LOGIN_KEY = "two_factor_pending"
MAX_CODE_ATTEMPTS = 3
"""Wrong codes before the password is asked again (django-axes counts each towards its lockout)."""


class LoginView(auth_views.LoginView):
    """The password step (django-axes counts failures here). A user with two-factor sign-in is
    not logged in yet: the session remembers who passed the password step, for a few minutes,
    and the code step logs them in."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not has_two_factor(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_LOGIN_KEY] = {
            "user": str(user.pk),
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
            "attempts": 0,
        }
        return redirect("accounts:login_verify")


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > settings.TWO_FACTOR_LOGIN_SECONDS:
        return None
    user = User.objects.filter(pk=str(pending.get("user", "")), is_active=True).first()
    return (user, pending) if user is not None else None


@login_not_required
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second login step: a code from the authenticator app, or a recovery code."""
    found = _pending_user(request)
    if found is None:
        request.session.pop(PENDING_LOGIN_KEY, None)
        messages.info(request, _("Log in again with your e-mail address and password."))
        return redirect("accounts:login")
    user, pending = found
    credentials = {"username": user.email}
    if not AxesProxyHandler.is_allowed(request, credentials=credentials):
        request.session.pop(PENDING_LOGIN_KEY, None)
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if kind is not None:
            request.session.pop(PENDING_LOGIN_KEY, None)
            user.backend = pending["backend"]
            login(request, user)
            if kind == "recovery":
                messages.warning(
                    request,
                    _("You used a recovery code; it no longer works. %(left)s codes are left.")
                    % {"left": recovery_codes_left(user)},
                )
            next_url = str(pending.get("next") or "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse(settings.LOGIN_REDIRECT_URL)
            return HttpResponseRedirect(next_url)
        # django-axes counts a wrong code like a wrong password (its lockout applies).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        pending["attempts"] = int(pending.get("attempts", 0)) + 1
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            request.session.pop(PENDING_LOGIN_KEY, None)
            messages.error(request, _("Too many wrong codes. Log in again with your e-mail address and password."))
            return redirect("accounts:login")
        request.session[PENDING_LOGIN_KEY] = pending
        form.add_error(
            "code",
            _("This code is not right. Enter the 6 digits your app shows now, or one of your recovery codes. "
              "After a wrong code, wait a few seconds before the next try."),
        )
    status = 400 if form.errors else 200
    return render(request, "accounts/login_verify.html", {"form": form}, status=status)


# --- The user's own account --------------------------------------------------------------------


def _account_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = cast(User, request.user)
    context: dict[str, Any] = {
        "account_form": AccountForm(instance=user),
        "password_form": AccountPasswordForm(user),
        "two_factor_on": has_two_factor(user),
        "two_factor_required": two_factor_required_for(user),
        "recovery_codes_left": recovery_codes_left(user),
        "sections": [render_to_string(t, c, request=request) for t, c in sections_for(user)],
    }
    context.update(extra)
    return context


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, path="/",
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path="/", samesite="Lax")


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """Name, language, password, two-factor sign-in and (from the API app) active tokens."""
    user = cast(User, request.user)
    if request.method == "POST":
        form = AccountForm(request.POST, instance=user)
        if form.is_valid():
            services.account_update(
                user=user, full_name=form.cleaned_data["full_name"], language=form.cleaned_data["language"]
            )
            language = user.language or (request.membership.organisation.language if request.membership else "")  # type: ignore[attr-defined]
            translation.activate(language or settings.LANGUAGE_CODE)
            messages.success(request, _("Your account is saved."))
            response = redirect("accounts:account")
            _set_language_cookie(response, user.language)
            return response
        user.refresh_from_db()
        return render(request, "accounts/account.html", _account_context(request, account_form=form), status=400)
    return render(request, "accounts/account.html", _account_context(request))


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = AccountPasswordForm(user, request.POST)
    if form.is_valid():
        services.password_change(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # stay logged in here; other sessions end
        messages.success(
            request, _("Your password is changed. Other browsers where you were logged in are logged out.")
        )
        return redirect("accounts:account")
    return render(request, "accounts/account.html", _account_context(request, password_form=form), status=400)


SETUP_KEY = "two_factor_setup_key"


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a QR code (inline SVG) for an authenticator app, then check one code from it.

    The secret waits in the session until a correct code confirms it; nothing is stored before.
    """
    user = cast(User, request.user)
    key = request.session.get(SETUP_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = services.two_factor_new_key()
        request.session[SETUP_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_enable(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(SETUP_KEY, None)
            return _show_recovery_codes(request, codes, _("Two-factor sign-in is on"))
    url = services.totp_config_url(user=user, key=key)
    qr_svg = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code for your authenticator app"))
    context = {
        "form": form,
        "qr_svg": mark_safe(qr_svg),  # noqa: S308 (segno's own SVG of a URL we built)
        "secret": _base32_groups(key),
        "already_on": has_two_factor(user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


def _base32_groups(hex_key: str) -> str:
    import base64

    text = base64.b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _show_recovery_codes(request: HttpRequest, codes: list[str], title: str) -> HttpResponse:
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "title": title})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    try:
        codes = services.recovery_codes_regenerate(user=cast(User, request.user))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:account")
    return _show_recovery_codes(request, codes, _("New recovery codes"))


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not has_two_factor(user):
        messages.info(request, _("Two-factor sign-in is already off."))
        return redirect("accounts:account")
    form = PasswordConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_disable(user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Two-factor sign-in is off. You log in with your password only."))
            return redirect("accounts:account")
    context = {"form": form, "required": two_factor_required_for(user)}
    return render(request, "accounts/two_factor_disable.html", context, status=400 if form.errors else 200)
