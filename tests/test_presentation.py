"""Issue 11, finding 15: presentation slips. Every date, number and amount goes through the one
locale-aware formatter (partnerwijzer/formatting.py)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django import forms
from django.db import models
from django.utils import translation

from partnerwijzer import formatting
from partnerwijzer.budget.returns.charts import payback_svg


@pytest.mark.parametrize(("language", "expected"), [("nl", "december 2027"), ("de", "Dezember 2027"),
                                                    ("en", "December 2027")])
def test_a_month_in_running_text_is_a_word_not_iso(language: str, expected: str) -> None:
    assert formatting.month_year(dt.date(2027, 12, 31), language=language) == expected


@pytest.mark.parametrize("language", ["nl", "de", "en"])
def test_a_year_has_no_thousands_separator(language: str) -> None:
    with translation.override(language):
        assert formatting.year(2025) == "2025"
        assert formatting.partial_date("2025", language=language) == "2025"
    assert formatting.partial_date("2025-09-16", language="nl") == "16 september 2025"
    assert formatting.partial_date("2025-10", language="de") == "Oktober 2025"


def test_a_name_ending_in_a_stop_does_not_get_two() -> None:
    assert formatting.sentence("The company chose Brabant AI B.V..") == "The company chose Brabant AI B.V."
    assert formatting.sentence("Wait...") == "Wait..."


@pytest.mark.parametrize("language", ["nl", "de", "en"])
def test_money_never_breaks_between_sign_symbol_and_digits(language: str) -> None:
    text = formatting.money(Decimal(-12500), language=language)
    assert " " not in text  # no breaking space
    assert "-" not in text  # no hyphen a line may break after
    assert "\u2212" in text
    assert "12" in text


@pytest.mark.parametrize(("language", "label"), [("nl", "- Kies een optie -"), ("de", "- Bitte auswählen -")])
def test_the_blank_choice_of_a_model_field_is_translated(language: str, label: str) -> None:
    field = models.CharField(choices=[("a", "A")], blank=True)
    with translation.override(language):
        form_field = field.formfield()
        assert isinstance(form_field, forms.TypedChoiceField)
        assert str(form_field.choices[0][1]) == label  # type: ignore[index]


@pytest.mark.parametrize("label", ["Niet terugverdiend", "Keine Amortisation im Zeitraum", "No payback"])
def test_the_no_payback_label_fits_in_the_chart(label: str) -> None:
    svg = payback_svg(counts=[1] * 38, go_live_month=6, month_label="Maand", share_label="Aandeel",
                      none_label=label, go_live_label="Livegang", title="t", desc="d")
    root = ET.fromstring(svg)  # noqa: S314 - our own SVG
    width = float(root.get("viewBox", "0 0 0 0").split()[2]) if root.get("viewBox") else float(root.get("width", 0))
    texts = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text and t.text in label]
    assert texts, "the label is drawn"
    for text in texts:
        half = len(text.text or "") * 7.0 / 2
        assert float(text.get("x", 0)) + half <= width, (text.text, width)
    assert " ".join(t.text or "" for t in texts) == label


@pytest.mark.django_db
def test_the_sources_page_prints_years_as_years(client: object) -> None:
    from django.test import Client

    from partnerwijzer.accounts.models import User

    user = User.objects.create_user(email="reader@example.com", password="x" * 20)  # type: ignore[attr-defined]
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    html = c.get("/reference/sources/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert re.search(r"\(20\d\d\)", html)
    assert not re.search(r"\(2[.,]0\d\d\)", html)


@pytest.mark.django_db
def test_contract_kpi_titles_name_the_month(personas: object) -> None:
    from partnerwijzer.contract.selectors import kpi_title
    from partnerwijzer.planning.models import Kpi, UseCase

    use_case = UseCase(title="Chatbot")
    kpi = Kpi(use_case=use_case, name="Wachttijd", unit="min", baseline_value=Decimal(12),
              target_value=Decimal(4), target_date=dt.date(2027, 9, 30))
    with translation.override("nl"):
        title = kpi_title(kpi)
    assert "september 2027" in title
    assert "2027-09" not in title
