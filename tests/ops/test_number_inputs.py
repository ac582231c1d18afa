"""Issue 12 item 3: number fields refuse NaN and infinities with a message, never a 500.

``discount_rate=NaN`` on the return settings crashed while the error was formatted: Django
%-formats the field's "invalid" message for a non-finite number, and that message has a literal
"%" ("e.g. 6 for 6 % per year").
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerwijzer.budget.amounts import AmountError, checked_amount
from partnerwijzer.budget.models import Budget, FigureOverride
from partnerwijzer.forms import FiniteDecimalField, is_plain_number
from partnerwijzer.planning.models import UseCase
from tests.personas import Personas

NOT_FINITE = ["NaN", "nan", "Infinity", "-inf", "sNaN"]
APP = Path(__file__).resolve().parents[2] / "partnerwijzer"


@pytest.mark.parametrize("value", [*NOT_FINITE, "1e", "1e5", "2e-1"])
@pytest.mark.django_db
def test_return_settings_refuse_a_number_that_is_not_finite(personas: Personas, value: str) -> None:
    use_case = UseCase.objects.create(organisation=personas.organisation, title="Quotes")
    url = reverse("budget:roi_settings", kwargs={"use_case_id": use_case.pk})
    data = {"horizon_months": "36", "go_live_month": "6", "ramp_months": "6", "discount_rate": value}
    response = personas.client("owner").post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "6% per jaar" in html  # the field's own message, in Dutch
    assert not Budget.objects.exists()


@pytest.mark.parametrize("value", NOT_FINITE)
def test_the_field_shows_its_message_even_with_a_percent_sign(value: str) -> None:
    field = FiniteDecimalField(error_messages={"invalid": "Enter a rate, e.g. 6 for 6 % per year."})
    form_errors = []
    try:
        field.clean(value)
    except Exception as exc:
        form_errors = list(getattr(exc, "messages", [str(exc)]))
    assert form_errors == ["Enter a rate, e.g. 6 for 6 % per year."]


def test_every_decimal_input_of_a_form_uses_the_finite_field() -> None:
    """Django's own DecimalField would bring the crash back with the next message that has a %."""
    offenders = []
    for path in APP.rglob("*.py"):
        if "tests" in path.parts or path.relative_to(APP).as_posix() == "forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and node.attr in {"DecimalField", "FloatField"}
                    and isinstance(node.value, ast.Name) and node.value.id == "forms"):
                offenders.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert offenders == []


# "1e", "1e5", "inf", "nan": Python's Decimal reads "1e5" as 100000 and "2e-1" as 0.2, so a number
# field took a typo or a pasted spreadsheet value as some other number; people write digits.
WITH_LETTERS = ["1e", "1e5", "1E2", "2e-1", "inf", "nan", "-Infinity"]


@pytest.mark.parametrize("value", WITH_LETTERS)
def test_a_decimal_field_refuses_a_number_with_letters_with_its_own_message(value: str) -> None:
    field = FiniteDecimalField(localize=True, error_messages={"invalid": "Enter a rate, e.g. 6."})
    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    assert caught.value.messages == ["Enter a rate, e.g. 6."]


@pytest.mark.parametrize("value", ["12", "-3", "12,5", "12.5", "1.250,50", " 7 "])
def test_plain_numbers_are_still_read(value: str) -> None:
    assert is_plain_number(value)
    assert FiniteDecimalField(localize=True).clean(value) is not None


@pytest.mark.parametrize("value", WITH_LETTERS)
@pytest.mark.django_db
def test_a_guide_figure_override_refuses_a_number_with_letters_in_dutch(personas: Personas, value: str) -> None:
    url = reverse("budget:figure_set", args=["costs.roi.payback"])
    response = personas.client("owner").post(url, {"low": value, "high": "9", "reason": "Ours"},
                                             HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "Vul een getal in." in response.content.decode()
    assert not FigureOverride.objects.exists()


@pytest.mark.parametrize("value", WITH_LETTERS)
def test_budget_amounts_refuse_text_with_letters(value: str) -> None:
    with pytest.raises(AmountError):
        checked_amount(value)
    assert checked_amount("1") == Decimal("1.00")
