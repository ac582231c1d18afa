from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from partnerwijzer.accounts import services
from partnerwijzer.accounts.models import Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    error_messages = {
        "invalid_login": _("The e-mail address or password is not right. Check both and try again."),
        "inactive": _("This account is switched off. Ask an owner of your organisation."),
    }


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, whose e-mail goes through the outbox instead of SMTP in the request.

    Django sent it while the request waited: a slow or absent mail server held the page (or failed
    it) and nothing retried. The subject and body are Django's templates, in the person's own
    language (their account setting, like every message to a member, docs/messages.md), else the
    language of the page they asked from; the link is on the site's public address
    (``PARTNERWIJZER_SITE_URL``), not on the host the request came in through.
    :func:`services.password_reset_queue` queues them.
    """

    def send_mail(  # noqa: PLR0917  # Django calls it with these six positional arguments
        self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
        from_email: str | None, to_email: str, html_email_template_name: str | None = None,
    ) -> None:
        site = urlsplit(settings.PARTNERWIJZER_SITE_URL)
        context = {**context, "protocol": site.scheme or context["protocol"],
                   "domain": site.netloc or context["domain"]}
        language = context["user"].language or (get_language() or settings.LANGUAGE_CODE)[:2]
        with override(language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        services.password_reset_queue(user=context["user"], language=language, subject=subject, body=body,
                                      token=context["token"])


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self) -> str:
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("The two passwords differ. Type the same password twice."))
        return p2 or ""

    def _validate_password(self, user: User) -> None:
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class SignupForm(PasswordPairMixin):
    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=_("Work e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation_name = forms.CharField(
        label=_("Company name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    field_order = ["full_name", "email", "organisation_name", "password1", "password2"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this address exists already. Log in instead."))
        return str(email)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._validate_password(User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", "")))
        return cleaned


class InvitationSignupForm(PasswordPairMixin):
    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    field_order = ["full_name", "password1", "password2"]

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if User.objects.filter(email__iexact=self.email).exists():
            raise forms.ValidationError(_("An account with this address exists already. Log in to accept."))
        self._validate_password(User(email=self.email, full_name=cleaned.get("full_name", "")))
        return cleaned


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "language"]
        labels = {"name": _("Company name"), "language": _("Default language")}


class NewOrganisationForm(OrganisationForm):
    """A new organisation: a company, or an adviser organisation that guides companies."""

    class Meta(OrganisationForm.Meta):
        fields = ["name", "language", "kind"]
        labels = {**OrganisationForm.Meta.labels, "name": _("Name"), "kind": _("Kind of organisation")}
        help_texts = {"kind": _("A company runs its own AI project. A consultancy, chamber or hub guides companies "
                                "that grant it access.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # left out (API clients, old forms): a company

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or OrganisationKind.COMPANY


class OrganisationSettingsForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = ["name", "language", "require_two_factor"]
        labels = {**OrganisationForm.Meta.labels, "require_two_factor": _("Require two-factor sign-in for all members")}


class AccountForm(forms.ModelForm):
    """The user's own name and language."""

    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Your name"), "language": _("Language")}
        help_texts = {"language": _("Empty: the default language of your organisation.")}
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = cast(forms.ChoiceField, self.fields["language"])  # a CharField with choices
        language.choices = [("", _("Organisation default")), *settings.LANGUAGES]


class AccountPasswordForm(PasswordChangeForm):
    """Django's password change (old password, new one twice) with the app's wording."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not right. Type it again."),
        "password_mismatch": _("The two passwords differ. Type the same password twice."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django focuses the old password; on the account page that would jump past the name.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app (or, where allowed, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class PasswordConfirmForm(forms.Form):
    """Asks for the current password before a security setting is weakened."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your password is not right. Type it again."))
        return str(password)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EVALUATOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SwitchOrganisationForm(forms.Form):
    organisation = forms.UUIDField(widget=forms.HiddenInput)


LANGUAGE_CHOICES = settings.LANGUAGES
