"""The problem-statement check (planning/usecases/problem_check.py): a table of statements in Dutch,
English and German, and the KPI rules (target, baseline, date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partnerwijzer.planning.usecases.problem_check import (
    ISSUE_CODES,
    KpiFacts,
    problem_check,
    statement_issues,
    technologies_named,
)

TECH = ("technology_not_problem",)
OK: tuple[str, ...] = ()

# (language, statement, expected issues of the statement alone)
STATEMENTS = [
    # A technology instead of a problem.
    ("en", "We need AI", TECH),
    ("en", "We want to use ChatGPT in sales.", TECH),
    ("en", "Implement machine learning for our production data.", TECH),
    ("en", "A chatbot for the website.", TECH),
    ("en", "We need an AI strategy to stay competitive", TECH),
    ("de", "Wir brauchen KI", TECH),
    ("de", "Wir wollen eine KI-Lösung für den Vertrieb einführen.", TECH),
    ("de", "Einsatz von künstlicher Intelligenz und maschinellem Lernen in der Produktion", TECH),
    ("nl", "We willen AI", TECH),
    ("nl", "We willen AI inzetten bij werving.", TECH),
    ("nl", "Een chatbot voor de klantenservice", TECH),
    ("nl", "Kunstmatige intelligentie toepassen in de fabriek", TECH),
    # A business problem, with or without a technology named.
    ("en", "Cut quote preparation time by 60%", OK),
    ("en", "Use AI to cut quote preparation time by 60%.", OK),
    ("en", "Unplanned downtime of our CNC lines costs 42 hours a month; we want to reduce it.", OK),
    ("en", "Customers wait too long for answers; a chatbot should answer routine questions faster.", OK),
    ("de", "Die Durchlaufzeit der Angebotserstellung um 60 % verkürzen", OK),
    ("de", "Mit KI die Ausschussquote in der Lackierung senken und Reklamationen vermeiden.", OK),
    ("de", "Angebote sollen schneller fertig sein.", OK),
    ("nl", "De voorbereidingstijd van offertes met 60% verkorten", OK),
    ("nl", "Met AI de ongeplande stilstand van de CNC-lijnen verminderen.", OK),
    ("nl", "Facturen worden handmatig overgetypt; dat kost te veel tijd en geeft fouten. We willen minder fouten.", OK),
    # Neither a technology nor an outcome: not this check's business (the KPI checks catch it).
    ("en", "Things in the office are messy.", OK),
    # Empty.
    ("en", "   ", ("no_statement",)),
]


@pytest.mark.parametrize(("lang", "statement", "expected"), STATEMENTS, ids=[s[1][:40] for s in STATEMENTS])
def test_statement(lang: str, statement: str, expected: tuple[str, ...]) -> None:
    assert statement_issues(statement) == expected


def test_the_table_covers_three_languages_and_both_outcomes() -> None:
    assert len(STATEMENTS) >= 15
    assert {s[0] for s in STATEMENTS} == {"nl", "en", "de"}
    for lang in ("nl", "en", "de"):
        outcomes = {s[2] for s in STATEMENTS if s[0] == lang}
        assert TECH in outcomes, lang
        assert OK in outcomes, lang


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("We need AI and a chatbot", ("AI", "chatbot")),
        ("Wir brauchen eine KI-Lösung", ("KI",)),
        ("Ai, dat is lastig: de kosten stijgen", ()),  # the Dutch interjection is not a technology
        ("Kinderen en kinderopvang", ()),
        ("ChatGPT of chatgpt", ("ChatGPT",)),
    ],
)
def test_technologies_named(statement: str, found: tuple[str, ...]) -> None:
    assert technologies_named(statement) == found


GOOD = "Cut quote preparation time by 60%"
KPI = KpiFacts(baseline_value=Decimal(16), target_value=Decimal(6), target_date=date(2027, 6, 30))


def test_a_complete_use_case_passes() -> None:
    check = problem_check(statement=GOOD, current_state="16 hours per quote (time sheets, Q1 2026).", kpis=[KPI])
    assert check.passed
    assert check.issues == ()


def test_without_kpis_everything_measurable_is_missing() -> None:
    check = problem_check(statement="We need AI", current_state="", kpis=[])
    assert not check.passed
    assert check.issues == ISSUE_CODES[1:]
    assert check.technologies == ("AI",)


@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        (KpiFacts(target_value=6, target_date=date(2027, 1, 1)), ("no_baseline_value",)),
        (KpiFacts(baseline_value=16, target_date=date(2027, 1, 1)), ("no_measurable_target", "no_target_date")),
        (KpiFacts(baseline_value=16, target_value=6), ("no_target_date",)),
        (KPI, ()),
    ],
)
def test_kpi_rules(kpi: KpiFacts, expected: tuple[str, ...]) -> None:
    assert problem_check(statement=GOOD, current_state="Measured.", kpis=[kpi]).issues == expected


def test_baseline_and_target_may_sit_on_different_kpis_but_the_date_belongs_to_a_target() -> None:
    kpis = [KpiFacts(baseline_value=16), KpiFacts(target_value=6), KpiFacts(target_date=date(2027, 1, 1))]
    assert problem_check(statement=GOOD, current_state="Measured.", kpis=kpis).issues == ("no_target_date",)


def test_empty_current_state_is_reported() -> None:
    assert problem_check(statement=GOOD, current_state="  ", kpis=[KPI]).issues == ("no_current_state",)


def test_the_core_does_not_import_django() -> None:
    import ast
    from pathlib import Path

    from partnerwijzer.planning.usecases import problem_check as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.startswith("django") for name in imported)
