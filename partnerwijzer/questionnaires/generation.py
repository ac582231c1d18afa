"""Which questions a new RFI or RFP starts with, in the organisation's language.

Rules (also in ``docs/questionnaires.md``):

* Per criterion of the selection, in the selection's order: a criterion from the reference data
  (``reference_key``) contributes its practical tests from ``criteria.yaml`` — the RFI only the
  first, the RFP all of them. ``reference_key``/``reference_index`` say which test it was.
* An owner's own criterion contributes one question built from its name and description
  (``reference_key = "company"``).
* The guide's four questions (:data:`GUIDE_QUESTIONS`: industry specifics into AI solutions,
  training data in public cloud AI services, at least three comparable SME projects, in-house
  versus subcontracted competences) are always asked, in both kinds. They are the first practical
  test of their criterion, so they come with it; when the owner removed that criterion from the
  selection they are still added, at the end, without a criterion.
* With a linked use case both kinds open with a question on how the firm would approach the
  company's problem (``reference_key = "company"``).
* The RFP adds a project-plan question (phases, go/no-go after the analysis phase; under the
  end-to-end criterion) and a quote question split by the budget's five cost categories plus
  running costs (under the price criterion).

The texts are stored as plain text in the chosen language; the owner edits them until sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.utils import translation
from django.utils.translation import gettext as _

from partnerwijzer.evaluation.criteria_display import criterion_description, criterion_label, reference_criterion
from partnerwijzer.evaluation.models import Criterion
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.knowledge.topics import costs
from partnerwijzer.questionnaires.models import QuestionnaireKind
from partnerwijzer.sourcing.models import Selection

GUIDE_QUESTIONS: Final[tuple[tuple[str, int], ...]] = (
    ("industry_expertise", 0),  # explain how you would translate our industry's specifics into AI solutions
    ("data_protection", 0),  # how do you handle training data in public cloud AI services
    ("references", 0),  # proof of at least three comparable SME projects
    ("end_to_end", 0),  # which competences are in-house and which subcontracted
)
"""The four questions issue 7 names from the guide, as (criteria.yaml key, practical test index)."""

COMPANY_KEY: Final = "company"
"""``reference_key`` of questions built from the company's own data (use case, own criteria)."""
PROJECT_PLAN_KEY: Final = "project_plan"
QUOTE_KEY: Final = "quote"
PROJECT_PLAN_CRITERION: Final = "end_to_end"


@dataclass(frozen=True)
class Draft:
    """One question to create."""

    text: str
    help_text: str = ""
    criterion: Criterion | None = None
    reference_key: str = ""
    reference_index: int | None = None


def _test_text(key: str, index: int, lang: str) -> str:
    return reference().criterion(key).practical_tests[index].get(lang)


def _use_case_question(selection: Selection) -> Draft | None:
    use_case = selection.use_case
    if use_case is None:
        return None
    return Draft(
        text=_("How would you approach our problem described under “The project”, and how would you show "
               "that the targets are reached?"),
        help_text=_("Your first steps, what you need from us, and how you would measure the KPIs against our "
                    "baseline."),
        reference_key=COMPANY_KEY, reference_index=0,
    )


def _own_criterion_question(criterion: Criterion, lang: str) -> Draft:
    name = criterion_label(criterion, lang)
    description = criterion_description(criterion, lang)
    text = _("How do you meet our criterion “%(name)s”?") % {"name": name}
    return Draft(text=text, help_text=description, criterion=criterion, reference_key=COMPANY_KEY)


def _project_plan_question(criterion: Criterion | None) -> Draft:
    return Draft(
        text=_("Please describe your project plan: the phases, their duration and deliverables, who of your team "
               "works on each phase, and the go/no-go decision points, starting with an initial analysis phase."),
        help_text=_("A plan in phases with a go/no-go decision after the analysis lets us stop or adjust early."),
        criterion=criterion, reference_key=PROJECT_PLAN_KEY, reference_index=0,
    )


def _quote_question(criterion: Criterion | None, lang: str) -> Draft:
    data = costs.load()
    categories = "; ".join(c.name.get(lang) for c in data.categories)
    return Draft(
        text=_("Please give your price, split into these cost categories: %(categories)s. Add the running costs "
               "per year after go-live, and state which costs are not included.") % {"categories": categories},
        help_text=_("Amounts in euro excluding VAT, with the assumptions behind them (days, day rates, licences)."),
        criterion=criterion, reference_key=QUOTE_KEY, reference_index=0,
    )


def drafts_for(*, selection: Selection, kind: str, language: str) -> list[Draft]:
    """The questions a new questionnaire of ``kind`` for ``selection`` starts with, in ``language``."""
    lang = normalise_language(language)
    criteria = list(Criterion.objects.filter(selection=selection).order_by("position", "id"))
    drafts: list[Draft] = []
    with translation.override(lang):
        opening = _use_case_question(selection)
        if opening is not None:
            drafts.append(opening)
        asked: set[tuple[str, int]] = set()
        by_key: dict[str, Criterion] = {}
        for criterion in criteria:
            ref = reference_criterion(criterion)
            if ref is None:
                drafts.append(_own_criterion_question(criterion, lang))
                continue
            by_key.setdefault(ref.key, criterion)
            count = len(ref.practical_tests) if kind == QuestionnaireKind.RFP else 1
            for index in range(count):
                if (ref.key, index) in asked:  # the same reference criterion twice: ask once
                    continue
                asked.add((ref.key, index))
                drafts.append(Draft(
                    text=_test_text(ref.key, index, lang), criterion=criterion,
                    reference_key=ref.key, reference_index=index,
                ))
        for key, index in GUIDE_QUESTIONS:
            if (key, index) not in asked:
                drafts.append(Draft(
                    text=_test_text(key, index, lang), criterion=by_key.get(key),
                    reference_key=key, reference_index=index,
                ))
        if kind == QuestionnaireKind.RFP:
            price = next((c for c in criteria if c.is_price), None)
            plan = _project_plan_question(by_key.get(PROJECT_PLAN_CRITERION))
            quote = _quote_question(price, lang)
            drafts.extend((plan, quote))
    return _grouped(drafts, criteria)


def _grouped(drafts: list[Draft], criteria: list[Criterion]) -> list[Draft]:
    """Questions without a criterion first (the opening), then per criterion in the selection's
    order (a criterion's extra questions after its practical tests), then the guide questions
    whose criterion was removed."""
    order = {c.pk: i for i, c in enumerate(criteria)}
    opening = [d for d in drafts if d.criterion is None and d.reference_key == COMPANY_KEY]
    orphans = [d for d in drafts if d.criterion is None and d.reference_key != COMPANY_KEY]
    attached = [d for d in drafts if d.criterion is not None]
    attached.sort(key=lambda d: order[d.criterion.pk] if d.criterion is not None else 0)  # stable: keeps test order
    return opening + attached + orphans
