from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _


def _one_control_character_rule(field_class: Any, rule: Callable[[object], None]) -> None:
    """Every text field checks control characters once, with ``rule``'s message.

    Django's CharField adds its own ProhibitNullCharactersValidator to every instance, so a NUL
    gave two messages at the field (ours and Django's "Null characters are not allowed."). The
    rule covers NUL, so Django's validator is replaced by it; fields whose class has validators
    of its own (EmailField, URLField) get the rule in its place as well.
    """
    if getattr(field_class.__init__, "one_control_character_rule", False):
        return
    original = field_class.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if any(isinstance(v, ProhibitNullCharactersValidator) for v in self.validators):
            self.validators = [
                *(v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator) and v is not rule),
                rule,
            ]

    init.one_control_character_rule = True  # type: ignore[attr-defined]
    field_class.__init__ = init


class ApiConfig(AppConfig):
    name = "partnerwijzer.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django import forms

        from partnerwijzer.textrules import validate_default_max_length, validate_no_control_characters

        # Every text field of every form (pages and the supplier portal) refuses control characters
        # with a translated message, as the API does (textrules.py); Django itself refuses only NUL.
        # Text without a stricter limit of its own takes at most DEFAULT_MAX_LENGTH characters, as in
        # the API, so that no text can make a generated document unreadably large.
        forms.CharField.default_validators = [
            *forms.CharField.default_validators, validate_no_control_characters, validate_default_max_length,
        ]
        _one_control_character_rule(forms.CharField, validate_no_control_characters)

        from partnerwijzer.accounts.account_sections import AccountSection, register
        from partnerwijzer.api.models import ApiToken

        register(
            AccountSection(
                template="api/account_tokens.html",
                context=lambda user: {"active_tokens": list(ApiToken.objects.filter(user=user).active())},
            )
        )
