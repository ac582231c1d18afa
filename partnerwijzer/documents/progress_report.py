"""The progress report of a project after the contract (issue 13), for the board or a funding
body (MIT, ZIM and Digitalbonus ask for progress and final reports): the KPIs against baseline
and target, the gate decisions, actual against estimated cost, the realised return and the next
steps. The figures are the results page's (``results.selectors``); this module only words them
into the shared content model, which ``render_pdf`` and ``render_docx`` turn into files.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partnerwijzer import formatting
from partnerwijzer.accounts.models import Organisation
from partnerwijzer.documents.content import (
    Block,
    BulletList,
    Chart,
    Document,
    Heading,
    KeyValues,
    Language,
    Paragraph,
    Table,
)
from partnerwijzer.knowledge.schema import normalise_language
from partnerwijzer.results import charts, selectors
from partnerwijzer.results.models import Project
from partnerwijzer.results.services import today


def _value(value: Any, unit: str = "") -> str:
    return selectors.value_text(value, unit) or "–"


def _kpi_blocks(project: Project, views: list[selectors.KpiView]) -> list[Block]:
    blocks: list[Block] = [Heading(_("KPIs against baseline and target"), 1)]
    if not views:
        return [*blocks, Paragraph(_("The use case has no KPIs."), "note")]
    rows = []
    for view in views:
        kpi = view.kpi
        latest = view.latest
        last = f"{_value(latest.value, kpi.unit)} ({formatting.long_date(latest.measured_on)})" if latest else "–"
        rows.append((kpi.name, _value(kpi.baseline_value, kpi.unit), _value(kpi.target_value, kpi.unit),
                     formatting.long_date(kpi.target_date) if kpi.target_date else "–", last, view.status_label))
    blocks.append(Table((_("KPI"), _("Baseline"), _("Target"), _("Target date"), _("Latest measurement"),
                         _("Status")), tuple(rows)))
    for view in views:
        blocks.append(Heading(view.kpi.name, 2))
        blocks.append(Paragraph(view.reason))
        series = selectors.kpi_series(view)
        words = charts.Words(title=view.kpi.name, desc=view.reason, baseline=_("Baseline"), target=_("Target"),
                             measured=_("Measured"), trend=_("Trend (band: 80 %)"))
        svg = charts.kpi_chart_svg(series, words, label=lambda v: selectors.value_text(round(v, 2)),
                                   month=formatting.month_year)
        blocks.append(Chart(svg, _("%(kpi)s: baseline, target, measurements and trend") % {"kpi": view.kpi.name}))
    return blocks


def _gate_blocks(rows: list[selectors.PhaseRow]) -> list[Block]:
    blocks: list[Block] = [Heading(_("Phases and gate decisions"), 1)]
    table = []
    for row in rows:
        decision = row.decision
        planned = f"{formatting.long_date(row.phase.planned_start)} – {formatting.long_date(row.phase.planned_end)}"
        outcome = (f"{decision.get_outcome_display()} ({formatting.long_date(decision.decided_on)})"
                   if decision else "–")
        table.append((row.phase.label, planned, row.state_label, outcome))
    blocks.append(Table((_("Phase"), _("Planned"), _("State"), _("Decision")), tuple(table)))
    for row in rows:
        for decision in row.history:
            who = decision.decided_by.display_name if decision.decided_by else ""
            superseded = _(" (superseded)") if decision.superseded_by_id else ""
            blocks.append(Paragraph(f"{row.phase.label}: {decision.get_outcome_display()}{superseded}, "
                                    f"{formatting.long_date(decision.decided_on)}, {who}. {decision.rationale}"))
    return blocks


def _cost_blocks(burn: selectors.BurnView | None) -> list[Block]:
    blocks: list[Block] = [Heading(_("Actual against estimated cost"), 1)]
    if burn is None:
        return [*blocks, Paragraph(_("The budget has no cost estimate."), "note")]
    money = formatting.money
    blocks.append(Paragraph(burn.verdict, "warning" if burn.outside == "above" else "body"))
    blocks.append(KeyValues((
        (_("Spent so far"), money(burn.spent)),
        (_("Estimate at the end of the plan"),
         f"P10 {money(burn.p10)} · P50 {money(burn.p50)} · P90 {money(burn.p90)}"),
        (_("Buffer left up to P90"), money(burn.buffer_left)),
    )))
    words = charts.Words(title=_("Actual cost against the estimate"), desc=burn.verdict,
                         target=_("Estimate P10–P90"), baseline=_("P50"), measured=_("Actual, cumulative"))
    svg = charts.burn_chart_svg(burn.series, words, label=lambda v: money(round(v)), month=formatting.month_year)
    blocks.append(Chart(svg, _("Cumulative actual cost against the estimate's P10–P90 band")))
    return blocks


def _month(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return _("beyond the horizon")
    return _("month %(n)s") % {"n": formatting.number(value)}


def _return_blocks(realised: selectors.RealisedReturn | None) -> list[Block]:
    blocks: list[Block] = [Heading(_("Realised return"), 1)]
    if realised is None:
        return [*blocks, Paragraph(_("The budget has no simulated return yet."), "note")]
    money = formatting.money
    blocks.append(KeyValues((
        (_("Realised benefit to date"), money(realised.to_date)),
        (_("Payback, re-estimated (P50)"), _month(realised.payback_now_p50)),
        (_("Payback before the decision (P50)"), _month(realised.payback_before_p50)),
        (_("ROI at the horizon, re-estimated (P50)"), formatting.percent(realised.roi_now[1])),
        (_("ROI before the decision (P50)"), formatting.percent(realised.roi_before[1])),
    )))
    blocks.append(Paragraph(realised.sentence))
    if realised.rows:
        blocks.append(Table((_("Benefit"), _("KPI"), _("Realised to date"), _("Per year at today's level"),
                             _("Per year as planned")),
                            tuple((r.name, r.kpi.name, money(r.to_date), money(r.yearly_now), money(r.yearly_planned))
                                  for r in realised.rows), numeric=(2, 3, 4)))
    return blocks


def _partner_blocks(card: dict[str, Any]) -> list[Block]:
    """The partner's performance: per aspect the selection score beside the latest review."""
    blocks: list[Block] = [Heading(_("The partner's performance"), 1)]
    latest = card["latest"]
    if latest is None:
        return [*blocks, Paragraph(_("No review of the partner yet."), "note")]

    def score(value: float | None, digits: int = 1) -> str:
        return "–" if value is None else formatting.number(value, digits=digits)

    blocks.append(Paragraph(_("Latest review: %(month)s. Scale 1 (poor) to 5 (excellent), as in the selection.")
                            % {"month": formatting.month_year(latest.period)}))
    blocks.append(Table((_("Aspect"), _("Selection score"), _("Latest review"), _("Average of the reviews")),
                        tuple((row.label, score(row.selected), score(row.latest, 0), score(row.average))
                              for row in card["aspects"]), numeric=(1, 2, 3)))
    return blocks


def _next_steps(project: Project, views: list[selectors.KpiView], rows: list[selectors.PhaseRow],
                burn: selectors.BurnView | None, on: date) -> list[Block]:
    steps = []
    current = selectors.current_phase(rows)
    if current is not None:
        steps.append(_("Decide at the gate of “%(phase)s”, planned for %(date)s.") % {
            "phase": current.phase.label, "date": formatting.long_date(current.phase.planned_end)})
    for view in views:
        if view.status in {"off_track", "at_risk"}:
            steps.append(_("%(kpi)s is %(status)s: agree with the partner what changes, before the next gate.") % {
                "kpi": view.kpi.name, "status": view.status_label.lower()})
        if view.overdue:
            steps.append(_("Measure %(kpi)s: due since %(date)s.") % {
                "kpi": view.kpi.name, "date": formatting.long_date(view.next_due)})
    if burn is not None and burn.outside == "above":
        steps.append(_("The costs are above the estimate's band: review the remaining budget with the partner."))
    if not steps:
        steps.append(_("Keep measuring as planned; the next report compares the same figures."))
    return [Heading(_("Next steps"), 1), BulletList(tuple(steps))]


def build_progress_report(organisation: Organisation, target_id: Any, language: str) -> Document:
    """The progress report of the project ``target_id`` of ``organisation``, in ``language``.

    Raises ``Project.DoesNotExist`` for another organisation's project or a missing one."""
    project = Project.objects.select_related("use_case", "organisation").get(pk=target_id, organisation=organisation)
    lang: Language = normalise_language(language)  # type: ignore[assignment]
    on = today()
    with translation.override(lang):
        kpis = selectors.kpis_with_measurements(project)
        views = [selectors.kpi_view(project, k, on=on) for k in kpis]
        rows = selectors.phase_rows(project, on=on)
        budget = selectors.budget_of_project(project)
        burn = selectors.burn_view(project, budget=budget, on=on)
        realised = selectors.realised_return(project, budget=budget, kpis=kpis, on=on, phases=rows)
        card = selectors.partner_scorecard(project)
        title = _("Progress report")
        blocks: list[Block] = [
            Paragraph(_("With %(partner)s since %(start)s.") % {
                "partner": project.partner_name, "start": formatting.long_date(project.start_date)}, "lead"),
            *_kpi_blocks(project, views), *_gate_blocks(rows), *_cost_blocks(burn), *_return_blocks(realised),
            *_partner_blocks(card), *_next_steps(project, views, rows, burn, on),
        ]
        meta = ((_("Partner"), project.partner_name), (_("Contract reference"), project.contract_reference or "–"),
                (_("As of"), formatting.long_date(on)))
        return Document(title=title, language=lang, organisation=organisation.name, subtitle=project.use_case.title,
                        meta=meta, blocks=tuple(blocks),
                        filename_stem=slugify(f"{title} {project.use_case.title}")[:80].strip("-") or "progress-report")
