"""Forms of the portal: the owner's link creation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.sourcing.models import Candidate


class LinkCreateForm(forms.Form):
    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none(), label=_("Candidate"))
    expires_at = forms.DateTimeField(
        label=_("Link works until"), required=False,
        help_text=_("Leave empty for 14 days after the deadline (answers stop at the deadline itself)."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, selection_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        field.queryset = Candidate.objects.filter(  # type: ignore[attr-defined]
            selection_id=selection_id, rejected=False).order_by("name")
