"""quote_services: saving, replacing and deleting a quote, the price-from-quotes choice;
validation (negative amounts, unknown categories) stores nothing; every write is audited.

``make_quote_world`` (a use case with a linked selection and candidates) is shared by the other
quote tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerwijzer.audit.models import AuditEvent
from partnerwijzer.budget.models import Quote, QuoteLine, QuoteSource
from partnerwijzer.budget.quotes.services import quote_delete, quote_save
from partnerwijzer.budget.tests.builders import make_quote_world
from partnerwijzer.evaluation.scoring.services import price_from_quotes_set
from partnerwijzer.evaluation.selectors import scoring_setup_of
from tests.personas import Personas


def _lines(quote: Quote) -> dict[str, Decimal]:
    return {line.category: line.amount for line in quote.lines.all()}


def test_save_creates_the_quote_with_its_lines_and_an_audit_event(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    quote = quote_save(
        actor=personas.owner, candidate=alpha, lines={"strategy": "30000", "data": Decimal("45000.5"), "model": ""},
        running_per_year="25000", note="  Valid for 60 days. ",
    )
    assert _lines(quote) == {"strategy": Decimal(30000), "data": Decimal("45000.50")}
    assert quote.running_per_year == Decimal(25000)
    assert quote.source == QuoteSource.MANUAL
    assert quote.note == "Valid for 60 days."
    assert quote.updated_by == personas.owner
    event = AuditEvent.objects.get(action="quote.create")
    assert event.organisation == personas.organisation
    assert event.changes["strategy"] == [None, "30000.00"]
    assert event.changes["running_per_year"] == [None, "25000.00"]


def test_saving_again_replaces_the_quote(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 30000, "data": 45000}, running_per_year=0)
    quote = quote_save(actor=personas.owner, candidate=alpha, lines={"data": 50000, "training": 0})
    assert Quote.objects.count() == 1
    assert _lines(quote) == {"data": Decimal(50000), "training": Decimal(0)}  # strategy left out: removed
    event = AuditEvent.objects.get(action="quote.update")
    assert event.changes["strategy"] == ["30000.00", None]
    assert event.changes["data"] == ["45000.00", "50000.00"]


@pytest.mark.parametrize(
    ("lines", "running", "field"),
    [
        ({"strategy": "-1"}, "0", "strategy"),
        ({"data": Decimal("-0.01")}, None, "data"),
        ({"strategy": "1000"}, "-5", "running_per_year"),
        ({"model": "abc"}, None, "model"),
        ({"implementation": "1e12"}, None, "implementation"),
        ({"consulting": "1000"}, None, "lines"),
        ({}, None, "lines"),
    ],
    ids=["negative-line", "negative-cent", "negative-running", "not-a-number", "too-large", "unknown-category",
         "empty"],
)
def test_invalid_input_names_the_field_and_stores_nothing(
    personas: Personas, lines: dict[str, object], running: str | None, field: str
) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    with pytest.raises(ValidationError) as caught:
        quote_save(actor=personas.owner, candidate=alpha, lines=lines, running_per_year=running)
    assert field in caught.value.message_dict
    assert Quote.objects.count() == 0
    assert QuoteLine.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="quote.").exists()


def test_messages_are_clear_and_translated(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": "-1", "consulting": "5"})
    errors = caught.value.message_dict
    assert errors["strategy"] == ["An amount cannot be negative."]
    assert errors["lines"] == [
        "Unknown cost category: consulting. Use one of: strategy, data, model, implementation, training."
    ]


def test_an_invalid_update_leaves_the_stored_quote_alone(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 30000}, running_per_year=1000)
    with pytest.raises(ValidationError):
        quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 10, "data": -1}, running_per_year=5)
    quote = Quote.objects.get()
    assert _lines(quote) == {"strategy": Decimal(30000)}
    assert quote.running_per_year == Decimal(1000)


def test_delete_removes_the_quote_and_is_idempotent(personas: Personas) -> None:
    _uc, _sel, (alpha, *_rest) = make_quote_world(personas)
    quote_save(actor=personas.owner, candidate=alpha, lines={"strategy": 30000})
    assert quote_delete(actor=personas.owner, candidate=alpha) is True
    assert Quote.objects.count() == 0
    assert QuoteLine.objects.count() == 0
    assert quote_delete(actor=personas.owner, candidate=alpha) is False
    assert AuditEvent.objects.filter(action="quote.delete").count() == 1


def test_price_from_quotes_choice_is_stored_and_audited_once(personas: Personas) -> None:
    _uc, selection, _cands = make_quote_world(personas)
    price_from_quotes_set(actor=personas.owner, selection=selection, enabled=True)
    price_from_quotes_set(actor=personas.owner, selection=selection, enabled=True)
    selection.refresh_from_db()
    assert scoring_setup_of(selection).price_from_quotes is True
    assert AuditEvent.objects.filter(action="selection.price_from_quotes").count() == 1
    price_from_quotes_set(actor=personas.owner, selection=selection, enabled=False)
    selection.refresh_from_db()
    assert scoring_setup_of(selection).price_from_quotes is False
    assert AuditEvent.objects.filter(action="selection.price_from_quotes").count() == 2
