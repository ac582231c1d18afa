"""Is a use case a measurable business problem? A pure check, no Django.

The guide (brief section 6): 78% of successful projects had quantified targets at the start;
"we need AI" is not a problem, "cut quote-preparation time by 60%" is. The check looks at the
problem statement (Dutch, English or German) and the use case's KPIs and returns *codes* for
what is missing; the pages and the API turn each code into a sentence in the reader's language
(``partnerwijzer.planning.usecases.selectors.problem_check_texts``).

Codes, in the order they are reported:

* ``no_statement``: the problem statement is empty.
* ``technology_not_problem``: the statement names a technology (AI, ChatGPT, machine learning,
  a chatbot, KI, ...) but no business outcome: no number and no change in a business measure
  ("faster", "fewer errors", "reduce downtime").
* ``no_current_state``: the current state (baseline) is not described.
* ``no_baseline_value``: no KPI has a baseline value.
* ``no_measurable_target``: no KPI has a target value.
* ``no_target_date``: no KPI with a target value has a target date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Protocol

ISSUE_CODES: Final = (
    "no_statement",
    "technology_not_problem",
    "no_current_state",
    "no_baseline_value",
    "no_measurable_target",
    "no_target_date",
)


class KpiLike(Protocol):
    """What the check reads from a KPI (``planning.models.Kpi`` fits)."""

    @property
    def baseline_value(self) -> Decimal | float | None: ...
    @property
    def target_value(self) -> Decimal | float | None: ...
    @property
    def target_date(self) -> date | None: ...


@dataclass(frozen=True)
class KpiFacts:
    """A plain KPI for callers without a model instance (tests, the API before saving)."""

    baseline_value: Decimal | float | None = None
    target_value: Decimal | float | None = None
    target_date: date | None = None


@dataclass(frozen=True)
class ProblemCheck:
    issues: tuple[str, ...]
    technologies: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.issues


# Technologies, as written in the three languages. Short acronyms are matched case-sensitively
# ("AI", "KI", "ML") so the Dutch interjection "ai" or a word such as "kind" do not count.
_ACRONYMS: Final = re.compile(r"(?<![\w-])(AI|A\.I\.|KI|K\.I\.|ML|LLMs?|GPT(?:-?\d+o?)?|NLP|RPA|GenAI)(?![\w])")
_TECH_WORDS: Final = re.compile(
    r"chat\s?gpt|openai|copilot|gemini|\bclaude\b|\bbots?\b|chat-?bots?|voicebots?"
    r"|machine[\s-]?learning|machinaal\s+leren|maschinelles?\s+lernen|deep[\s-]?learning"
    r"|neura(?:al|l|le|les|len)\s+(?:netwerk|network|netz)\w*|neuronale[sn]?\s+netz\w*"
    r"|kunstmatige\s+intelligentie|artifici[eë]le\s+intelligentie|artificial\s+intelligence"
    r"|k[üu]nstliche[rn]?\s+intelligenz|generative\s+ai|taalmodel\w*|sprachmodell\w*|language\s+models?"
    r"|computer\s*vision|beeldherkenning|bilderkennung|algoritme\w*|algorithm\w*|algorithmus",
    re.IGNORECASE,
)

# A business outcome: a number (60%, 16 hours, 2027) ...
_NUMBER: Final = re.compile(r"\d")
# ... or a word that already says which way a business measure should move ...
_IMPLICIT: Final = re.compile(
    r"\b(?:faster|quicker|cheaper|fewer|less|shorter|sneller|goedkoper|minder|korter|schneller|billiger"
    r"|weniger|kürzer|halve[sd]?|halving|halveren|halbier\w*|verdubbel\w*|double[sd]?|verdoppel\w*)\b",
    re.IGNORECASE,
)
# ... or a change verb together with a measure.
_CHANGE: Final = re.compile(
    r"\b(?:reduc\w*|cut\w*|lower\w*|decreas\w*|increas\w*|rais\w*|improv\w*|shorten\w*|sav(?:e|es|ed|ing)"
    r"|prevent\w*|avoid\w*|boost\w*|speed\s+up"
    r"|verminder\w*|verlag\w*|verkort\w*|verhog\w*|verbeter\w*|bespar\w*|voorkom\w*|beperk\w*|terugdring\w*"
    r"|reduzier\w*|senk\w*|verkürz\w*|erhöh\w*|steiger\w*|verbesser\w*|spar\w*|vermeid\w*|verhinder\w*"
    r"|verringer\w*|beschleunig\w*|versnel\w*)",
    re.IGNORECASE,
)
_MEASURE: Final = re.compile(
    r"(?:time|cost|error|mistake|downtime|lead\s*time|hours?|days?|revenue|margin|quality|scrap|waste"
    r"|complaint|throughput|turnover|sales|churn|failure|defect|delay|backlog|effort|workload|rework"
    r"|tijd|kosten|fout|stilstand|doorlooptijd|uur|uren|dagen|omzet|marge|kwaliteit|afkeur|uitval|klacht"
    r"|verspilling|storing|achterstand|vertraging|werkdruk|herstelwerk|levertijd"
    r"|zeit|kosten|fehler|ausfall|stillstand|durchlaufzeit|stunden?|tage|umsatz|qualität|ausschuss"
    r"|reklamation|beschwerde|störung|verzögerung|rückstand|aufwand|nacharbeit|lieferzeit)",
    re.IGNORECASE,
)


def technologies_named(statement: str) -> tuple[str, ...]:
    """The technology words in ``statement``, in order of appearance, without repeats."""
    found = [(m.start(), m.group(0)) for m in _ACRONYMS.finditer(statement)]
    found += [(m.start(), m.group(0)) for m in _TECH_WORDS.finditer(statement)]
    seen: dict[str, str] = {}
    for _start, word in sorted(found):
        seen.setdefault(word.lower(), word)
    return tuple(seen.values())


def names_business_outcome(statement: str) -> bool:
    """Whether the statement says what should change in the business, not only what to use."""
    if _NUMBER.search(statement) or _IMPLICIT.search(statement):
        return True
    return bool(_CHANGE.search(statement) and _MEASURE.search(statement))


def statement_issues(statement: str) -> tuple[str, ...]:
    """The issues of the statement alone (``no_statement`` or ``technology_not_problem``)."""
    text = statement.strip()
    if not text:
        return ("no_statement",)
    if technologies_named(text) and not names_business_outcome(text):
        return ("technology_not_problem",)
    return ()


def problem_check(*, statement: str, current_state: str, kpis: Iterable[KpiLike]) -> ProblemCheck:
    """Check a use case: its statement, its current state and its KPIs. See the module docstring."""
    kpi_list = list(kpis)
    issues = list(statement_issues(statement))
    if not current_state.strip():
        issues.append("no_current_state")
    if not any(k.baseline_value is not None for k in kpi_list):
        issues.append("no_baseline_value")
    with_target = [k for k in kpi_list if k.target_value is not None]
    if not with_target:
        issues.append("no_measurable_target")
    if not any(k.target_date is not None for k in with_target):
        issues.append("no_target_date")
    return ProblemCheck(issues=tuple(issues), technologies=technologies_named(statement))
