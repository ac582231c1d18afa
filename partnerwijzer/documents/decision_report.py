"""The decision report of one selection: one document a board or a funding body can read.

``build_decision_report(organisation, target_id, language)`` returns a neutral
:class:`~partnerwijzer.documents.content.Document` (the renderers make DOCX and PDF of it). The
sections, in order:

1. title page facts (company, use case, date, status: a draft until a partner is chosen);
2. a summary in plain words;
3. the company and the use case (:mod:`.report_plan`);
4. readiness and the chosen implementation model;
5. compliance in brief (AI Act tier, DPIA need, with the legal sources named);
6. the process followed (:mod:`.report_selection`): stages with dates, who evaluated; the firms'
   questions and the addenda (:mod:`.report_questions`);
7. criteria and weights, AHP consistency, price weight;
8. scores and ranking, score matrix, sensitivity, agreement, charts (SVG);
9. disagreements and how they were resolved;
10. the chosen partner and why;
11. cost and return as simulated ranges beside the guide's reference values (:mod:`.report_money`);
12. contract status;
13. appendix: the audit trail (:mod:`.report_audit`).

Every section says in a sentence what is still missing rather than failing. All text is plain:
user text goes in unchanged and the renderers escape it. Fixed labels come from gettext in the
requested language, reference texts from the reference data in that language, and numbers,
money and dates from :mod:`partnerwijzer.formatting`.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import Organisation
from partnerwijzer.budget.estimate.selectors import budget_with_lines, estimate_result
from partnerwijzer.budget.returns.selectors import return_overview
from partnerwijzer.contract.selectors import decision_for, readiness_of
from partnerwijzer.documents import report_audit, report_money, report_plan, report_questions, report_selection
from partnerwijzer.documents.content import Block, BulletList, Document, Heading, Language, PageBreak, Paragraph
from partnerwijzer.documents.report_common import ReportFacts, day
from partnerwijzer.evaluation.ranking import wording
from partnerwijzer.evaluation.ranking.selectors import ranking_for
from partnerwijzer.formatting import long_date, money, number, percent, sentence
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.planning.compliance.selectors import ai_act_result, gdpr_result
from partnerwijzer.planning.usecases.selectors import decimal_text
from partnerwijzer.sourcing.models import Selection

__all__ = ["SelectionNotInOrganisation", "build_decision_report"]

SUMMARY_OPEN_ITEMS = 5
"""The summary names at most this many unsettled contract items (section 12 lists them all)."""


class SelectionNotInOrganisation(Selection.DoesNotExist):
    """The target is not a selection of this organisation (or not a selection id at all)."""


def _selection(organisation: Organisation, target_id: Any) -> Selection:
    try:
        selection = (
            Selection.objects.select_related("use_case", "organisation")
            .filter(organisation=organisation, pk=target_id)
            .first()
        )
    except (ValueError, ValidationError, TypeError):
        selection = None
    if selection is None:
        raise SelectionNotInOrganisation(
            f"Selection {target_id!s} does not exist in organisation {organisation.pk}; "
            "a decision report is only made for the organisation's own selections."
        )
    return selection


def _facts(organisation: Organisation, selection: Selection, language: str) -> ReportFacts:
    use_case = selection.use_case
    decision = decision_for(selection)
    budget = budget_with_lines(use_case) if use_case is not None else None
    return ReportFacts(
        organisation=organisation,
        selection=selection,
        use_case=use_case,
        language=language,
        ranking=ranking_for(selection=selection),
        decision=decision,
        budget=budget,
        estimate=estimate_result(budget),
        returns=return_overview(use_case) if use_case is not None else None,
        contract=readiness_of(decision),
    )


def build_decision_report(organisation: Organisation, target_id: Any, language: str) -> Document:
    """The decision report of the selection ``target_id`` of ``organisation``, in ``language``.

    Raises :class:`SelectionNotInOrganisation` when the selection belongs to another
    organisation or does not exist.
    """
    selection = _selection(organisation, target_id)
    lang: Language = normalise_language(language)  # type: ignore[assignment]
    with translation.override(lang):
        facts = _facts(organisation, selection, lang)
        blocks: list[Block] = [
            *_summary(facts),
            PageBreak(),
            *report_plan.company_and_use_case(facts),
            *report_plan.readiness_and_model(facts),
            *report_plan.compliance(facts),
            PageBreak(),
            *report_selection.process(facts),
            *report_questions.firm_questions(facts),
            *report_selection.criteria_and_weights(facts),
            *report_selection.scores_and_ranking(facts),
            *report_selection.disagreements(facts),
            *report_selection.chosen_partner(facts),
            PageBreak(),
            *report_money.cost_and_return(facts),
            *report_money.contract(facts),
            PageBreak(),
            *report_audit.appendix(facts),
        ]
        title = _("Decision report")
        return Document(
            title=title,
            language=lang,
            organisation=organisation.name,
            subtitle=selection.title,
            meta=_meta(facts),
            blocks=tuple(blocks),
            filename_stem=(slugify(f"{title} {selection.title}")[:80].strip("-") or "decision-report"),
        )


# --- 1. Title page -------------------------------------------------------------------------------


def _status(facts: ReportFacts) -> str:
    if facts.decision is None:
        return _("Draft: no partner chosen yet")
    return _("Partner chosen: %(candidate)s") % {"candidate": facts.decision.candidate.name}


def _meta(facts: ReportFacts) -> tuple[tuple[str, str], ...]:
    return (
        (_("Company"), facts.organisation.name),
        (_("Use case"), facts.use_case.title if facts.use_case is not None else _("not linked yet")),
        (_("Selection"), facts.selection.title),
        (_("Date"), long_date(timezone.localdate())),
        (_("Status"), _status(facts)),
    )


# --- 2. Summary ----------------------------------------------------------------------------------


def _summary(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("Summary"), 1)]
    blocks.extend(_summary_problem(facts))
    blocks.extend(_summary_partner(facts))
    blocks.extend(_summary_money(facts))
    blocks.extend(_summary_compliance(facts))
    blocks.extend(_summary_contract(facts))
    return blocks


def _summary_problem(facts: ReportFacts) -> list[Block]:
    use_case = facts.use_case
    if use_case is None:
        return [Paragraph(_("This selection is not linked to a use case yet, so the problem it should solve is "
                            "not described here."), "note")]
    out: list[Block] = [Paragraph(_("The problem: %(problem)s") % {
        "problem": use_case.problem_statement or _("not described yet.")})]
    goals = []
    for kpi in use_case.kpis.order_by("position", "name"):
        if kpi.baseline_value is None or kpi.target_value is None:
            continue
        text = _("%(kpi)s from %(baseline)s to %(target)s %(unit)s") % {
            "kpi": kpi.name, "baseline": decimal_text(kpi.baseline_value),
            "target": decimal_text(kpi.target_value), "unit": kpi.unit,
        }
        if kpi.target_date is not None:
            text += " " + _("by %(date)s") % {"date": day(kpi.target_date)}
        goals.append(text)
    if goals:
        out.append(Paragraph(_("The goal: %(goals)s.") % {"goals": "; ".join(goals)}))
    return out


def _summary_partner(facts: ReportFacts) -> list[Block]:
    ranking = facts.ranking
    decision = facts.decision
    counted = len(ranking.matrix.evaluators)
    process = _("%(candidates)s candidates were compared on %(criteria)s criteria by %(evaluators)s evaluators.") % {
        "candidates": len(ranking.matrix.candidates) + len(ranking.excluded),
        "criteria": len(ranking.criteria), "evaluators": counted,
    }
    if decision is not None:
        text = sentence(_("The chosen partner is %(candidate)s.") % {"candidate": decision.candidate.name})
        for r in ranking.candidates:
            if r.candidate.pk == decision.candidate.pk:
                text += " " + _("It ranks %(rank)s with a weighted score of %(score)s out of 5") % {
                    "rank": r.rank, "score": _num2(r.weighted_score)}
                if r.win_probability is not None:
                    text += " " + _("and comes first in %(share)s of the simulations") % {
                        "share": percent(r.win_probability)}
                text += "."
        return [Paragraph(f"{process} {text}", "lead"), Paragraph(_("Why: %(rationale)s") % {
            "rationale": decision.rationale or _("no reason recorded.")})]
    winner = ranking.winner
    if winner is not None:
        text = _("No partner has been chosen yet. The ranking puts %(candidate)s first with a weighted score of "
                 "%(score)s out of 5.") % {"candidate": winner.candidate.name, "score": _num2(winner.weighted_score)}
        if winner.win_probability is not None:
            text += " " + wording.win_share(winner)
        return [Paragraph(f"{process} {text}", "lead")]
    return [Paragraph(f"{process} " + _("No partner has been chosen yet and there is no ranking yet."), "lead")]


def _num2(value: float) -> str:
    return number(value, digits=2)


def _summary_money(facts: ReportFacts) -> list[Block]:
    estimate = facts.estimate
    if estimate is None:
        return [Paragraph(_("Cost: no budget entered yet."), "note")]
    text = _(
        "Cost (simulated ranges, P10 to P90): one-off %(one_low)s to %(one_high)s including buffer, running "
        "%(run_low)s to %(run_high)s per year, %(tot_low)s to %(tot_high)s over %(years)s years (middle value "
        "%(tot_mid)s)."
    ) % {
        "one_low": money(estimate.one_off_total.p10), "one_high": money(estimate.one_off_total.p90),
        "run_low": money(estimate.running_per_year.p10), "run_high": money(estimate.running_per_year.p90),
        "tot_low": money(estimate.total.p10), "tot_high": money(estimate.total.p90),
        "tot_mid": money(estimate.total.p50), "years": estimate.running_years,
    }
    result = facts.returns.result if facts.returns is not None else None
    if result is None:
        return [Paragraph(text), Paragraph(_("Return: no benefits entered yet."), "note")]
    low, mid, high = result.payback
    horizon = result.horizon_months
    if mid is None:
        payback = _("Return: in most simulations the project does not pay back within %(months)s months.") % {
            "months": horizon}
    else:
        payback = _("Return: payback after about %(mid)s months (P10 %(low)s, P90 %(high)s).") % {
            "mid": round(mid), "low": round(low) if low is not None else "—",
            "high": round(high) if high is not None else _("not within %(months)s months") % {"months": horizon},
        }
    roi = _("ROI after %(months)s months: %(low)s to %(high)s (middle value %(mid)s).") % {
        "months": horizon, "low": _pct(result.roi[0]), "high": _pct(result.roi[2]), "mid": _pct(result.roi[1]),
    }
    return [Paragraph(text), Paragraph(f"{payback} {roi}")]


def _pct(value: float) -> str:
    return percent(value) if math.isfinite(value) else "—"


def _summary_compliance(facts: ReportFacts) -> list[Block]:
    use_case = facts.use_case
    if use_case is None:
        return []
    parts = []
    act = ai_act_result(use_case)
    parts.append(_("AI Act: %(tier)s.") % {"tier": act.tier_label} if act else _("AI Act: not screened yet."))
    gdpr = gdpr_result(use_case)
    parts.append(_("GDPR: %(verdict)s.") % {"verdict": gdpr.verdict_label} if gdpr else _("GDPR: not screened yet."))
    return [Paragraph(" ".join(parts))]


def _summary_contract(facts: ReportFacts) -> list[Block]:
    if facts.decision is None:
        return [Paragraph(_("Contract: the checklist starts once a partner has been chosen."), "note")]
    status = facts.contract
    if not status.total:
        return [Paragraph(_("Contract: the checklist has not been started yet."), "note")]
    out: list[Block] = [Paragraph(_("Contract: %(verdict)s") % {"verdict": status.verdict})]
    unsettled = [*status.missing_items, *status.open_items]
    if unsettled:
        items = [i.title for i in unsettled[:SUMMARY_OPEN_ITEMS]]
        if len(unsettled) > SUMMARY_OPEN_ITEMS:
            items.append(_("and %(count)s more (see the contract status).") % {
                "count": len(unsettled) - SUMMARY_OPEN_ITEMS})
        out.append(BulletList(tuple(items)))
    return out
