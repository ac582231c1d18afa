"""Decision report, sections 6–10: the process followed, criteria and weights, scores and
ranking, disagreements and how they were resolved, the chosen partner and why."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decisioncore import PriceWeightLevel
from partnerwijzer.contract.selectors import early_reason_texts
from partnerwijzer.documents.content import Block, BulletList, Chart, Heading, KeyValues, Paragraph, Table
from partnerwijzer.documents.report_common import ReportFacts, day, person, reference_text
from partnerwijzer.evaluation.conflicts.selectors import declarations_of
from partnerwijzer.evaluation.criteria_display import criterion_label
from partnerwijzer.evaluation.models import ConsensusScore, Criterion, Evaluator, WeightingMethod
from partnerwijzer.evaluation.ranking import charts, wording
from partnerwijzer.evaluation.ranking.selectors import WEIGHT_TOLERANCE, Ranking, State
from partnerwijzer.evaluation.scoring.selectors import ahp_summary, blind_scoring_breaches, price_warning
from partnerwijzer.evaluation.selectors import scoring_setup_of
from partnerwijzer.formatting import number, percent, sentence
from partnerwijzer.sourcing.models import Candidate, Selection, StageMove
from partnerwijzer.sourcing.stages import STAGE_ORDER, Stage

MATRIX_CANDIDATES = 4
"""Candidates per score-matrix table (with the criterion and weight columns, six columns fit a page)."""

AHP_CR_LIMIT = 0.10
"""Saaty's rule of thumb: a consistency ratio up to 0.10 is acceptable."""


# --- 6. The process followed ---------------------------------------------------------------------


def _stage_table(candidates: list[Candidate], moves: list[StageMove]) -> Table:
    """Per stage: how many candidates reached it (rejected ones included) and when."""
    position = {stage.value: stage.position for stage in STAGE_ORDER}
    reached_at: dict[tuple[object, int], datetime] = {}
    furthest = {c.pk: position.get(c.stage, 0) for c in candidates}
    for move in moves:
        if move.rejected:
            continue
        to = position.get(move.to_stage, 0)
        furthest[move.candidate_id] = max(furthest[move.candidate_id], to)
        for p in range(to + 1):
            key = (move.candidate_id, p)
            if key not in reached_at or move.moved_at < reached_at[key]:
                reached_at[key] = move.moved_at
    for c in candidates:
        key = (c.pk, 0)
        if key not in reached_at or c.created_at < reached_at[key]:
            reached_at[key] = c.created_at
    rows = []
    for stage in STAGE_ORDER:
        p = stage.position
        who = [c for c in candidates if furthest[c.pk] >= p]
        dates = [reached_at[(c.pk, p)] for c in who if (c.pk, p) in reached_at]
        first = day(min(dates)) if dates else "—"
        last = day(max(dates)) if dates else "—"
        rows.append((str(stage.label), str(len(who)), first, last))
    return Table(
        header=(_("Stage"), _("Candidates that reached it"), _("First reached on"), _("Last reached on")),
        rows=tuple(rows),
        caption=_("Every candidate starts on the longlist; a candidate counts for each stage it reached, "
                  "including candidates rejected later."),
        numeric=(1,),
    )


def process(facts: ReportFacts) -> list[Block]:
    selection = facts.selection
    blocks: list[Block] = [Heading(_("The process followed"), 1)]
    candidates = list(Candidate.objects.filter(selection=selection).order_by("name", "id"))
    blocks.append(Paragraph(_("The selection “%(title)s” was started on %(date)s.") % {
        "title": selection.title, "date": day(selection.created_at)}))
    if selection.description:
        blocks.append(Paragraph(selection.description))
    blocks.append(Heading(_("Stages"), 2))
    if not candidates:
        blocks.append(Paragraph(_("No candidates have been added yet."), "note"))
    else:
        moves = list(StageMove.objects.filter(candidate__selection=selection).order_by("moved_at", "id"))
        blocks.append(_stage_table(candidates, moves))
        rejected = [c for c in candidates if c.rejected]
        if rejected:
            when = {m.candidate_id: m.moved_at for m in moves if m.rejected}
            blocks.append(Paragraph(_("Candidates rejected along the way:")))
            blocks.append(BulletList(tuple(
                _("%(candidate)s (at %(stage)s, %(date)s): %(reason)s") % {
                    "candidate": c.name, "stage": Stage(c.stage).label, "date": day(when.get(c.pk)),
                    "reason": c.rejected_reason,
                }
                for c in rejected
            )))
    blocks.append(Heading(_("Who evaluated"), 2))
    seats = list(Evaluator.objects.filter(selection=selection).select_related("user").order_by("added_at", "id"))
    submitted = [s for s in seats if s.submitted_at is not None]
    if not seats:
        blocks.append(Paragraph(_("No evaluators have been invited yet."), "note"))
    else:
        if submitted:
            blocks.extend(_blind_scoring(selection))
            blocks.append(Table(
                header=(_("Evaluator"), _("Submitted on")),
                rows=tuple((person(s.user), day(s.submitted_at)) for s in submitted),
            ))
        else:
            blocks.append(Paragraph(_("No evaluator has submitted scores yet."), "note"))
        pending = len(seats) - len(submitted)
        if pending:
            blocks.append(Paragraph(ngettext(
                "%(count)d invited evaluator has not submitted yet; their scores are not included.",
                "%(count)d invited evaluators have not submitted yet; their scores are not included.",
                pending,
            ) % {"count": pending}, "note"))
    blocks.extend(_conflicts(selection))
    closed_at = scoring_setup_of(selection).closed_at
    if closed_at is not None:
        blocks.append(Paragraph(_("Scoring was closed on %(date)s.") % {"date": day(closed_at)}))
    else:
        blocks.append(Paragraph(_("Scoring is still open, so the ranking can still change."), "note"))
    return blocks


def _conflicts(selection: Selection) -> list[Block]:
    """Which seat declared what about which firm, and what the owner decided (issue 16)."""
    declarations = list(declarations_of(selection))
    blocks: list[Block] = [Heading(_("Conflicts of interest"), 2)]
    if not declarations:
        blocks.append(Paragraph(
            _("No evaluator has declared yet whether they have a relationship with a candidate."), "note"))
        return blocks
    blocks.append(Paragraph(_(
        "Before scoring a firm each evaluator declared whether they have a relationship with it. An owner decided "
        "on each declared relationship: an excluded evaluator's scores of that firm are left out of the ranking, "
        "whose averages for the firm are then over the other evaluators.")))
    rows = []
    for d in declarations:
        declared = (_("Relationship: %(text)s") % {"text": d.description}) if d.is_conflict else _("No relationship")
        if not d.is_conflict:
            decided = "–"
        elif d.decided_by is not None and d.decided_at is not None:
            decided = _("%(decision)s (%(who)s, %(date)s)") % {
                "decision": d.get_decision_display(), "who": person(d.decided_by), "date": day(d.decided_at)}
            if d.decision_reason:
                decided += ": " + d.decision_reason
        else:
            decided = d.get_decision_display()
        rows.append((person(d.evaluator.user), d.candidate.name, declared, decided))
    blocks.append(Table(header=(_("Evaluator"), _("Candidate"), _("Declared"), _("Owner's decision")),
                        rows=tuple(rows)))
    return blocks


def _blind_scoring(selection: Selection) -> list[Block]:
    """What the audit log says about blind scoring, not what the rules intended."""
    breaches = blind_scoring_breaches(selection)
    if not breaches:
        return [Paragraph(_(
            "Each evaluator scored every candidate independently: according to the audit log nobody saw "
            "another's scores, the ranking or disagreements before submitting their own (no submission was "
            "reopened and scoring was not reopened after closing)."))]
    lines = []
    for b in breaches:
        if b.kind == "reopened":
            lines.append(_("%(date)s: the submission of %(name)s was reopened after they had seen the others' "
                           "scores; they could change their own afterwards.") % {"date": day(b.when), "name": b.who})
        elif b.kind == "after_close":
            lines.append(_("%(date)s: %(name)s submitted after scoring had been closed on %(closed)s, when every "
                           "member could see the results.") % {"date": day(b.when), "name": b.who,
                                                                 "closed": day(b.since)})
        else:
            lines.append(_("%(date)s: %(name)s reopened scoring after it had been closed on %(closed)s; scores "
                           "changed afterwards were given with the results known.")
                         % {"date": day(b.when), "name": b.who, "closed": day(b.since)})
    return [Paragraph(_("Evaluators scored independently, with these exceptions recorded in the audit log:")),
            BulletList(tuple(lines))]


# --- 7. Criteria and weights ---------------------------------------------------------------------


def criteria_and_weights(facts: ReportFacts) -> list[Block]:
    selection = facts.selection
    blocks: list[Block] = [Heading(_("Criteria and weights"), 1)]
    criteria = list(Criterion.objects.filter(selection=selection).order_by("position", "id"))
    if not criteria:
        return [*blocks, Paragraph(_("No criteria have been set yet."), "note")]
    total = sum((float(c.weight) for c in criteria), 0.0)
    rows = tuple(
        (
            criterion_label(c),
            str(c.get_factor_display()),
            percent(float(c.weight) / 100, digits=1) if total else "—",
            _("Yes") if c.knockout else _("No"),
        )
        for c in criteria
    )
    blocks.append(Table(
        header=(_("Criterion"), _("Factor"), _("Weight"), _("Knock-out")),
        rows=rows,
        caption=_("A knock-out criterion is a must-have: a candidate that fails it leaves the ranking."),
        numeric=(2,),
    ))
    if not total:
        blocks.append(Paragraph(_("The weights have not been set yet."), "note"))
    method = WeightingMethod(scoring_setup_of(selection).weighting_method)
    blocks.append(Paragraph(_("How the weights were set: %(method)s.") % {"method": method.label}))
    if method == WeightingMethod.AHP:
        blocks.extend(_ahp(selection))
    blocks.extend(_price(criteria))
    return blocks


def _ahp(selection: object) -> list[Block]:
    summary = ahp_summary(selection)  # type: ignore[arg-type]
    if summary is None:
        return [Paragraph(_("No pairwise comparison form is complete yet, so there is no consistency ratio."), "note")]
    text = ngettext(
        "The weights come from %(forms)d complete pairwise comparison form.",
        "The weights come from %(forms)d complete pairwise comparison forms, combined by their geometric mean.",
        summary.forms,
    ) % {"forms": summary.forms}
    text += " " + _("Consistency ratio (CR): %(cr)s. Rule of thumb: up to %(limit)s the judgements are "
                    "consistent enough.") % {"cr": number(summary.cr, digits=3),
                                              "limit": number(AHP_CR_LIMIT, digits=2)}
    if summary.cr <= AHP_CR_LIMIT:
        text += " " + _("The judgements meet this rule.")
        return [Paragraph(text)]
    text += " " + _("The judgements do not meet this rule; the pairs furthest from the weights should be revisited.")
    return [Paragraph(text, "warning")]


def _price(criteria: list[Criterion]) -> list[Block]:
    warning = price_warning(criteria)
    if warning is None:
        return [Paragraph(_("There is no price criterion."), "note")]
    figures = " ".join(reference_text(f) for f in warning.figures)
    share = percent(warning.share / 100, digits=1)
    if warning.level == PriceWeightLevel.STRONG:
        return [Paragraph(_("Price weighs %(share)s, far more than the guide advises. %(figures)s") % {
            "share": share, "figures": figures}, "warning")]
    if warning.level == PriceWeightLevel.WARNING:
        return [Paragraph(_("Price weighs %(share)s, more than the guide advises. %(figures)s") % {
            "share": share, "figures": figures}, "warning")]
    return [Paragraph(_("Price weighs %(share)s. %(figures)s") % {"share": share, "figures": figures})]


# --- 8. Scores and ranking -----------------------------------------------------------------------


def scores_and_ranking(facts: ReportFacts) -> list[Block]:
    ranking = facts.ranking
    blocks: list[Block] = [Heading(_("Scores and ranking"), 1)]
    if not ranking.ready:
        blocks.append(Paragraph(_("There is no ranking yet. %(next)s") % {"next": ranking.next_step}, "note"))
        blocks.extend(_excluded(ranking))
        return blocks
    blocks.append(Paragraph(wording.summary(ranking), "lead"))
    blocks.append(Paragraph(_(
        "The weighted score is each candidate's weighted average on the scale 1 to 5. The win probability "
        "is the share of %(iterations)s simulations, varying the scores within the evaluators' spread and "
        "each weight by up to %(points)s percentage points, in which the candidate comes first (its rank "
        "acceptability for first place)."
    ) % {"iterations": number(ranking.iterations or 0), "points": round(100 * WEIGHT_TOLERANCE)}))
    rows = []
    for r in ranking.candidates:
        rows.append((
            str(r.rank),
            r.candidate.name,
            number(r.weighted_score, digits=2),
            percent(r.win_probability, digits=1) if r.win_probability is not None else "—",
            str(r.most_likely_rank) if r.most_likely_rank is not None else "—",
        ))
    blocks.append(Table(
        header=(_("Rank"), _("Candidate"), _("Weighted score (1–5)"), _("Win probability"),
                _("Most likely rank")),
        rows=tuple(rows),
        caption=_("The ranking of the candidates."),
        numeric=(0, 2, 3, 4),
    ))
    blocks.extend(_notices(ranking))
    blocks.extend(_excluded(ranking))
    blocks.extend(_matrix(ranking))
    blocks.extend(_sensitivity(ranking))
    blocks.extend(_agreement(ranking))
    blocks.extend(_charts(ranking))
    return blocks


def _notices(ranking: Ranking) -> list[Block]:
    notes = [n for n in ranking.notices if n.code not in {"scoring_open", "pending_evaluators"}]
    return [Paragraph(n.message, "warning" if n.level != "info" else "note") for n in notes]


def _excluded(ranking: Ranking) -> list[Block]:
    if not ranking.excluded:
        return []
    items = tuple(
        _("%(candidate)s: %(reasons)s") % {
            "candidate": e.candidate.name,
            "reasons": "; ".join(f"{criterion_label(c)}: {reason}" for c, reason in e.failures),
        }
        for e in ranking.excluded
    )
    return [Paragraph(_("Left out of the ranking because they failed a knock-out criterion:")), BulletList(items)]


def _matrix(ranking: Ranking) -> list[Block]:
    """Criteria down, candidates across in rank order; more than :data:`MATRIX_CANDIDATES` candidates
    are split over several tables so that each fits the width of a page."""
    dm = ranking.matrix
    ordered = list(ranking.candidates)
    caption = _("Average score per criterion of the evaluators who submitted (scale 1 to 5); "
                "* marks a consensus score the team agreed on after discussion.")
    blocks: list[Block] = [Heading(_("The score matrix"), 2)]
    for start in range(0, len(ordered), MATRIX_CANDIDATES):
        group = ordered[start:start + MATRIX_CANDIDATES]
        rows = []
        for j in range(len(dm.criteria)):
            cells = [ranking.criterion_names[j], percent(float(dm.weights[j]), digits=1)]
            for r in group:
                value = dm.mean[r.index, j]
                text = number(float(value), digits=1) if not math.isnan(value) else "—"
                if not np.isnan(dm.consensus[r.index, j]):
                    text += "*"
                cells.append(text)
            rows.append(tuple(cells))
        blocks.append(Table(
            header=(_("Criterion"), _("Weight"), *(r.candidate.name for r in group)),
            rows=tuple(rows), caption=caption, numeric=tuple(range(1, 2 + len(group))),
        ))
    return blocks


def _sensitivity(ranking: Ranking) -> list[Block]:
    winner = ranking.winner
    blocks: list[Block] = [Heading(_("Sensitivity of the result"), 2)]
    if winner is None or not ranking.sensitivity:
        return [*blocks, Paragraph(_("A sensitivity analysis needs at least two ranked candidates."), "note")]
    names = dict(zip(ranking.criteria, ranking.criterion_names, strict=True))
    blocks.append(Paragraph(wording.closest_call(ranking), "lead"))
    rows = []
    for row in ranking.sensitivity:
        change = number(100 * row.smallest_change, digits=1) if math.isfinite(row.smallest_change) else "—"
        rows.append((
            names[row.criterion], percent(row.weight, digits=1),
            f"{percent(row.low, digits=1)} – {percent(row.high, digits=1)}", change,
        ))
    blocks.append(Table(
        header=(_("Criterion"), _("Weight"), _("Weights that keep the winner"),
                _("Smallest change that alters the winner (percentage points)")),
        rows=tuple(rows),
        caption=_("Each weight moved on its own, the others kept in proportion; most sensitive first."),
        numeric=(1, 3),
    ))
    return blocks


def _agreement(ranking: Ranking) -> list[Block]:
    blocks: list[Block] = [Heading(_("Do the evaluators agree?"), 2)]
    a = ranking.agreement
    if a is None:
        return [*blocks, Paragraph(_("Agreement can be measured once at least two evaluators have scored every "
                                     "ranked candidate."), "note")]
    if a.level == "strong":
        words = _("Strong agreement: the evaluators put the candidates in much the same order.")
    elif a.level == "moderate":
        words = _("Moderate agreement: the evaluators agree on the broad order but not on every place.")
    else:
        words = _("Weak agreement: the evaluators order the candidates quite differently.")
    blocks.append(Paragraph(f"Kendall's W = {number(a.w, digits=2)}. {words}"))
    blocks.append(Paragraph(_(
        "Kendall's W compares the order in which each evaluator would rank the candidates, from 0 (no "
        "agreement at all) to 1 (everyone puts them in exactly the same order). From about 0.7 the agreement "
        "is strong; below 0.3 it is weak. The p-value says how likely this much agreement would be by chance; "
        "with few evaluators, read it as a rough indication."
    ), "note"))
    return blocks


def _charts(ranking: Ranking) -> list[Block]:
    winner = ranking.winner
    if winner is None or ranking.state != State.READY:
        return []
    blocks: list[Block] = [Heading(_("Charts"), 2)]
    if ranking.has_smaa:
        desc = wording.acceptability_description(ranking)
        title = _("Rank acceptability of each candidate")
        svg = charts.acceptability_svg(
            candidates=[r.candidate.name for r in ranking.candidates],
            acceptability=[r.acceptability for r in ranking.candidates],
            rank_label=_("Rank {rank}"), title=title, desc=desc,
        )
        blocks.append(Chart(svg=svg, caption=f"{title}. {desc}"))
    if ranking.sensitivity:
        names = dict(zip(ranking.criteria, ranking.criterion_names, strict=True))
        title = _("How far each weight can move before the winner changes")
        desc = wording.tornado_description(ranking)
        svg = charts.tornado_svg(
            bars=[charts.TornadoBar(names[r.criterion], r.weight, r.low, r.high) for r in ranking.sensitivity],
            axis_label=_("Weight of the criterion; outside the bar another candidate wins"),
            title=title, desc=desc,
        )
        blocks.append(Chart(svg=svg, caption=f"{title}. {desc}"))
    return blocks


# --- 9. Disagreements ----------------------------------------------------------------------------


def disagreements(facts: ReportFacts) -> list[Block]:
    ranking = facts.ranking
    blocks: list[Block] = [Heading(_("Disagreements and how they were resolved"), 1)]
    if not ranking.matrix.evaluators:
        blocks.append(Paragraph(_("No evaluator has submitted scores yet, so there are no disagreements to "
                                  "report."), "note"))
    elif not ranking.disagreements:
        blocks.append(Paragraph(_("No score differs by two points or more between evaluators.")))
    else:
        names = dict(zip(ranking.criteria, ranking.criterion_names, strict=True))
        consensus = {
            (c.candidate_id, c.criterion_id): c
            for c in ConsensusScore.objects.filter(criterion__selection=facts.selection).select_related("set_by")
        }
        blocks.append(Paragraph(_("Where the evaluators' scores differ by two points or more, the team discussed "
                                  "the difference. The list shows the lowest and highest score and the outcome.")))
        rows = []
        for d in ranking.disagreements:
            agreed = consensus.get((d.candidate.pk, d.criterion.pk))
            if agreed is not None:
                outcome = _("Consensus score %(value)s: %(reason)s") % {
                    "value": agreed.value, "reason": agreed.justification}
            else:
                outcome = _("No consensus score set; the average counts.")
            rows.append((d.candidate.name, names[d.criterion], f"{d.low}–{d.high}", str(d.high - d.low), outcome))
        blocks.append(Table(
            header=(_("Candidate"), _("Criterion"), _("Scores"), _("Spread"), _("Outcome")),
            rows=tuple(rows), numeric=(3,),
        ))
    resolution = facts.decision.disagreement_resolution if facts.decision is not None else ""
    if resolution:
        blocks.append(Heading(_("How the team resolved them"), 2))
        blocks.append(Paragraph(resolution))
    return blocks


# --- 10. The chosen partner ----------------------------------------------------------------------


def chosen_partner(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("The chosen partner and why"), 1)]
    decision = facts.decision
    if decision is None:
        return [*blocks, Paragraph(_("No partner has been chosen yet. This report is a draft."), "note")]
    candidate = decision.candidate
    blocks.append(Paragraph(sentence(_("The company chose %(candidate)s.") % {"candidate": candidate.name}), "lead"))
    rows: list[tuple[str, str]] = [
        (_("Decided by"), person(decision.decided_by)),
        (_("Decided on"), day(decision.decided_at)),
    ]
    for r in facts.ranking.candidates:
        if r.candidate.pk == candidate.pk:
            rows.append((_("Rank"), str(r.rank)))
            rows.append((_("Weighted score (1–5)"), number(r.weighted_score, digits=2)))
            if r.win_probability is not None:
                rows.append((_("Win probability"), percent(r.win_probability, digits=1)))
    blocks.append(KeyValues(tuple(rows)))
    if decision.chosen_early:
        blocks.append(Paragraph(_("The partner was chosen early:"), "warning"))
        blocks.append(BulletList(tuple(early_reason_texts(decision.chosen_early, candidate))))
    blocks.append(Heading(_("Why this partner"), 2))
    blocks.append(Paragraph(decision.rationale or _("No reason was recorded.")))
    winner = facts.ranking.winner
    if winner is not None and winner.candidate.pk != candidate.pk:
        blocks.append(Paragraph(_("Note: the ranking puts %(winner)s first; the reasons above explain why the "
                                  "company chose differently.") % {"winner": winner.candidate.name}, "warning"))
    flags = list(candidate.red_flags.filter(observed=True))
    if flags:
        blocks.append(Paragraph(_("Warning signs observed with this partner:")))
        blocks.append(BulletList(tuple(
            f"{f.get_flag_display()}" + (f": {f.note}" if f.note else "") for f in flags
        )))
    return blocks
