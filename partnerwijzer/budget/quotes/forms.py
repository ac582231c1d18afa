"""Forms of the quotes pages. They check the shape of the input (numbers, dates); the service
owns the rules (amounts not negative, known categories) and its errors show at the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerwijzer.budget.models import Quote
from partnerwijzer.budget.quotes.selectors import categories
from partnerwijzer.forms import ServiceErrorsMixin
from partnerwijzer.knowledge.topics import costs as cost_reference

AMOUNT_ERRORS = {"invalid": _("Enter an amount in euro, e.g. 25000."),
                 "max_digits": _("This amount is too large."),
                 "max_whole_digits": _("This amount is too large."),
                 "max_decimal_places": _("Use at most two decimals (cents).")}


def _amount_field(label: str, help_text: Any = "") -> forms.DecimalField:
    # No min_value: the service refuses negative amounts with its own message.
    return forms.DecimalField(
        label=label, required=False, max_digits=12, decimal_places=2, localize=True, help_text=help_text,
        error_messages=AMOUNT_ERRORS, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class QuoteForm(ServiceErrorsMixin, forms.Form):
    """One field per cost category of the guide (blank: not in the quote) plus running cost per year."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = (translation.get_language() or "nl")[:2]
        ref = cost_reference.load()
        for item in ref.categories:
            self.fields[item.key] = _amount_field(
                item.name.get(lang), _("One-off, in euro. Leave empty if the quote does not cover it.")
            )
        self.fields["running_per_year"] = _amount_field(
            str(_("Running cost per year")), _("In euro per year after go-live: hosting, licences, support.")
        )
        self.fields["received_on"] = forms.DateField(
            label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": _("Enter a date, e.g. 2026-03-14.")},
        )
        self.fields["note"] = forms.CharField(
            label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Optional: what the quote includes or leaves out, its validity, conditions."),
        )

    @staticmethod
    def initial_for(quote: Quote | None) -> dict[str, Any]:
        if quote is None:
            return {}
        initial: dict[str, Any] = {line.category: line.amount for line in quote.lines.all()}
        initial.update(running_per_year=quote.running_per_year, received_on=quote.received_on, note=quote.note)
        return initial

    def amounts(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key) for key in categories()}


class PriceSourceForm(forms.Form):
    price_from_quotes = forms.BooleanField(label=_("Take price from the quotes"), required=False)
