"""The owner's edit of a letter draft."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerwijzer.forms import ServiceErrorsMixin


class LetterForm(ServiceErrorsMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200,
                              error_messages={"required": _("Give the letter a subject.")})
    body = forms.CharField(label=_("Letter"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 18}),
                           help_text=_("Plain text; an empty line starts a new paragraph."),
                           error_messages={"required": _("Write the letter; it cannot be empty.")})
