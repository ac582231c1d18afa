"""Finding 8 of issue 11: one amount parser for every amount field. "20.000" is twenty thousand
euro in the funding form as in the estimate, the quote and the portal, in every language."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

import partnerwijzer
from partnerwijzer.budget.estimate.forms import HiddenCostForm
from partnerwijzer.budget.funding.forms import ApplicationForm
from partnerwijzer.budget.quotes.forms import QuoteForm
from partnerwijzer.inputs import AmountField, parse_amount

LANGUAGES = ["nl", "de", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_funding_amount_accepts_a_thousands_separator(language: str) -> None:
    with translation.override(language):
        form = ApplicationForm({"status": "applied", "expected_amount": "20.000", "note": ""})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["expected_amount"] == Decimal(20000)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("typed", "expected"), [
    ("20.000", "20000"), ("20,000", "20000"), ("20.000,50", "20000.50"), ("20,000.50", "20000.50"),
    ("€ 20 000", "20000"), ("1250,5", "1250.5"), ("1250.5", "1250.5"),
])
def test_every_amount_field_reads_the_same(language: str, typed: str, expected: str) -> None:
    with translation.override(language):
        funding = ApplicationForm({"status": "applied", "expected_amount": typed, "note": ""})
        hidden = HiddenCostForm({"amount": typed})
        quote = QuoteForm({"running_per_year": typed})
        funding.is_valid()
        hidden.is_valid()
        quote.is_valid()
    assert funding.cleaned_data.get("expected_amount") == Decimal(expected), funding.errors
    assert hidden.cleaned_data.get("amount") == Decimal(expected), hidden.errors
    assert quote.cleaned_data.get("running_per_year") == Decimal(expected), quote.errors
    assert parse_amount(typed) == Decimal(expected)  # the portal's price fields use the same reader


def test_garbage_is_refused_with_the_fields_message() -> None:
    with translation.override("nl"):
        form = ApplicationForm({"status": "applied", "expected_amount": "twintig", "note": ""})
        assert not form.is_valid()
        assert "bedrag" in str(form.errors["expected_amount"]).lower()


def test_no_euro_field_is_a_plain_decimal_field() -> None:
    """Every form field labelled in euro (€) reads its input through AmountField."""
    offenders = []
    for info in pkgutil.walk_packages(partnerwijzer.__path__, "partnerwijzer."):
        leaf = info.name.rsplit(".", 1)[-1]
        if ".tests" in info.name or not (leaf == "forms" or leaf.endswith("_forms")):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != info.name:
                continue
            for name, field in cls.base_fields.items():  # type: ignore[attr-defined]
                with translation.override("en"):
                    label = str(field.label or "")
                if isinstance(field, forms.DecimalField) and "€" in label and not isinstance(field, AmountField):
                    offenders.append(f"{cls.__name__}.{name}")
    assert offenders == []
