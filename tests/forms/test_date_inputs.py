"""Finding 4 of issue 11: a browser's date picker accepts only ISO values, so every date input
must render ``2027-01-25`` in every language (a localised ``25-01-2027`` shows as empty and the
date is lost on the next save)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date

import pytest
from django import forms
from django.utils import translation

import partnerwijzer
from partnerwijzer.inputs import IsoDateInput

DAY = date(2027, 1, 25)


def _form_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(partnerwijzer.__path__, "partnerwijzer."):
        leaf = info.name.rsplit(".", 1)[-1]
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        if leaf == "forms" or leaf.endswith("_forms"):
            names.append(info.name)
    return names


def _date_fields() -> list[tuple[str, str, forms.DateField]]:
    found = []
    for module_name in _form_modules():
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module_name:
                continue
            for field_name, field in cls.base_fields.items():  # type: ignore[attr-defined]
                if isinstance(field, forms.DateField):
                    found.append((f"{module_name}.{cls.__name__}", field_name, field))
    return found


def test_the_forms_with_a_date_field_are_found() -> None:
    # The questionnaire deadline, a KPI's dates, a checklist item's due date, a scorecard's date.
    owners = {owner.rsplit(".", 1)[-1] for owner, _field, _f in _date_fields()}
    assert {"KpiForm", "ChecklistItemForm", "ScorecardForm"} <= owners
    assert any("Questionnaire" in owner for owner in owners)


@pytest.mark.parametrize("language", ["nl", "de", "en"])
def test_every_date_field_renders_an_iso_value(language: str) -> None:
    with translation.override(language):
        for owner, name, field in _date_fields():
            html = field.widget.render(name, DAY)
            assert 'type="date"' in html, owner
            assert 'value="2027-01-25"' in html, f"{owner}.{name} renders {html}"
            assert isinstance(field.widget, IsoDateInput), owner


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_quote_form_date_renders_iso(language: str) -> None:
    from partnerwijzer.budget.quotes.forms import QuoteForm

    with translation.override(language):
        form = QuoteForm(initial={"received_on": DAY})
        html = str(form["received_on"])
    assert re.search(r'type="date"[^>]*value="2027-01-25"|value="2027-01-25"[^>]*type="date"', html), html


@pytest.mark.parametrize("language", ["nl", "de"])
def test_an_iso_date_is_read_back_in_every_language(language: str) -> None:
    field = forms.DateField(widget=IsoDateInput())
    with translation.override(language):
        assert field.clean("2027-01-25") == DAY
