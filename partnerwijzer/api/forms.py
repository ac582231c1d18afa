from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerwijzer.api.models import ApiToken

NEVER = "never"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("So you recognise it later, for example the script or tool that will use it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires = forms.ChoiceField(
        label=_("Expires"),
        choices=[
            ("30", _("In 30 days")),
            ("90", _("In 90 days")),
            ("365", _("In one year")),
            (NEVER, _("Never")),
        ],
        initial="90",
        help_text=_("A token that expires limits the damage if it ever leaks."),
    )

    def expires_at(self) -> datetime | None:
        choice = self.cleaned_data["expires"]
        return None if choice == NEVER else timezone.now() + timedelta(days=int(choice))
