"""Decision report, sections 11–12: cost and return as simulated ranges beside the guide's
reference values, and the contract status of the chosen partner."""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerwijzer.budget.estimate.selectors import Band
from partnerwijzer.budget.quotes.selectors import candidate_quote
from partnerwijzer.budget.returns.selectors import GUIDE_ROI_MONTHS, ReturnResult
from partnerwijzer.contract.models import ContractItemStatus
from partnerwijzer.contract.selectors import item_title, items_of
from partnerwijzer.documents.content import Block, BulletList, Heading, KeyValues, Paragraph, Table
from partnerwijzer.documents.report_common import ReportFacts, lang, person, reference_text
from partnerwijzer.formatting import money, number, percent
from partnerwijzer.knowledge.topics import costs as cost_reference

# --- 11. Cost and return -------------------------------------------------------------------------


def _band(band: Band) -> tuple[str, str, str]:
    return money(band.p10), money(band.p50), money(band.p90)


def cost_and_return(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("Cost and return"), 1)]
    if facts.use_case is None:
        return [*blocks, Paragraph(_("This selection is not linked to a use case, so there is no budget for it."),
                                   "note")]
    explanation = _(  # xgettext:no-python-format
        "All amounts below are simulated ranges, not promises: P10 means that 10 % of the simulations came "
        "out lower, P50 is the middle, P90 is exceeded in only 10 % of them. The guide's reference values "
        "stand beside them with their source; the company's own figures always count."
    )
    blocks.append(Paragraph(explanation, "note"))
    blocks.append(Heading(_("Estimated cost"), 2))
    blocks.extend(_estimate(facts))
    blocks.extend(_quote(facts))
    blocks.append(Heading(_("Return"), 2))
    blocks.extend(_return(facts))
    return blocks


def _estimate(facts: ReportFacts) -> list[Block]:
    estimate = facts.estimate
    if estimate is None:
        return [Paragraph(_("No budget entered yet: the cost estimate has no one-off costs."), "note")]
    ref = cost_reference.load()
    buffer_text = _("Buffer of %(percent)s on the one-off costs.") % {
        "percent": percent(float(estimate.buffer_percent) / 100)}
    rows = (
        (_("One-off costs before buffer"), *_band(estimate.one_off), ""),
        (_("Buffer"), *_band(estimate.buffer), f"{buffer_text} {reference_text(ref.buffer)}"),
        (_("One-off costs including buffer"), *_band(estimate.one_off_total), ""),
        (_("Running costs per year"), *_band(estimate.running_per_year), reference_text(ref.running.typical)),
        (_("Total over %(years)s years") % {"years": estimate.running_years}, *_band(estimate.total), ""),
    )
    blocks: list[Block] = [Table(
        header=(_("Amount"), "P10", "P50", "P90", _("Guide's reference value")),
        rows=rows,
        caption=_("Cost estimate from %(samples)s simulations.") % {"samples": number(estimate.samples)},
        numeric=(1, 2, 3),
    )]
    items = [*estimate.rows, *estimate.running_rows]
    if items:
        blocks.append(Table(
            header=(_("Cost item"), "P10", "P50", "P90", _("Guide's reference value")),
            rows=tuple(
                (row.label, *_band(row.band), reference_text(row.reference) if row.reference else "")
                for row in items
            ),
            caption=_("The cost items of the estimate (one-off items before buffer; running items per year)."),
            numeric=(1, 2, 3),
        ))
    return blocks


def _quote(facts: ReportFacts) -> list[Block]:
    decision = facts.decision
    if decision is None:
        return []
    cq = candidate_quote(decision.candidate)
    blocks: list[Block] = [Heading(_("The chosen partner's quote"), 3)]
    if cq.quote is None or cq.one_off is None or cq.running_per_year is None or cq.tco is None:
        return [*blocks, Paragraph(_("No quote of %(candidate)s has been entered yet.") % {
            "candidate": decision.candidate.name}, "note")]
    rows: list[tuple[str, str]] = [
        (_("One-off"), money(cq.one_off)),
        (_("Running per year"), money(cq.running_per_year)),
        (_("Total cost of ownership over three years"), money(cq.tco)),
    ]
    estimate = facts.estimate
    if estimate is not None:
        rows.append((_("Own estimate, total over %(years)s years (P10–P90)") % {"years": estimate.running_years},
                     f"{money(estimate.total.p10)} – {money(estimate.total.p90)}"))
    blocks.append(KeyValues(tuple(rows)))
    flagged = [line for line in cq.lines if line.flags]
    if flagged:
        blocks.append(Paragraph(_("Quoted amounts outside the guide's range or the own estimate:")))
        blocks.append(BulletList(tuple(
            _("%(item)s: %(amount)s (guide: %(guide)s)") % {
                "item": line.name, "amount": money(line.amount) if line.amount is not None else "—",
                "guide": line.guide_figure.format(lang()),
            }
            for line in flagged
        )))
    return blocks


def _percent(value: float) -> str:
    return percent(value) if math.isfinite(value) else "—"


def _money(value: float) -> str:
    return money(Decimal(round(value))) if math.isfinite(value) else "—"


def _months(value: float | None, horizon: int) -> str:
    if value is None:
        return _("not within %(months)s months") % {"months": horizon}
    return ngettext("%(months)s month", "%(months)s months", math.ceil(value)) % {"months": number(math.ceil(value))}


def _return(facts: ReportFacts) -> list[Block]:
    overview = facts.returns
    result: ReturnResult | None = overview.result if overview is not None else None
    if overview is None or result is None:
        if facts.estimate is None:
            return [Paragraph(_("No budget entered yet, so the return cannot be simulated."), "note")]
        return [Paragraph(_("No benefits entered yet, so the return cannot be simulated."), "note")]
    horizon = result.horizon_months
    guide = overview.guide
    rows = (
        (_("Payback (months from the start)"), *(_months(v, horizon) for v in result.payback),
         reference_text(guide.payback)),
        (_("ROI after %(months)s months") % {"months": horizon}, *(_percent(v) for v in result.roi),
         reference_text(guide.roi_three_years) if horizon == GUIDE_ROI_MONTHS else ""),
        (_("Net present value after %(months)s months") % {"months": horizon},
         *(_money(v) for v in result.npv), ""),
    )
    blocks: list[Block] = [Table(
        header=(_("Figure"), "P10", "P50", "P90", _("Guide's reference value")),
        rows=rows,
        caption=_("Return simulated over %(months)s months.") % {"months": horizon},
        numeric=(1, 2, 3),
    )]
    if horizon != GUIDE_ROI_MONTHS and result.roi_three_years is not None:
        blocks.append(Paragraph(_("ROI after 36 months (P50): %(roi)s. %(reference)s") % {
            "roi": percent(result.roi_three_years), "reference": reference_text(guide.roi_three_years)}))
    if result.no_payback_probability > 0:
        blocks.append(Paragraph(_("In %(share)s of the simulations the project does not pay back within "
                                  "%(months)s months.") % {"share": percent(result.no_payback_probability),
                                                            "months": horizon}, "note"))
    findings = [f.message for f in result.findings]
    if findings:
        blocks.append(Paragraph(_("Points to check in the plan:")))
        blocks.append(BulletList(tuple(findings)))
    return blocks


# --- 12. Contract status -------------------------------------------------------------------------


def contract(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("Contract status"), 1)]
    if facts.decision is None:
        return [*blocks, Paragraph(_("The contract checklist starts once a partner has been chosen."), "note")]
    status = facts.contract
    if not status.total:
        return [*blocks, Paragraph(_("The contract checklist has not been started yet."), "note")]
    blocks.append(Paragraph(status.verdict, "lead"))
    blocks.append(KeyValues((
        (str(ContractItemStatus.AGREED.label), str(status.agreed)),
        (str(ContractItemStatus.OPEN.label), str(status.open)),
        (str(ContractItemStatus.MISSING.label), str(status.missing)),
    )))
    unsettled = [i for i in items_of(facts.decision) if i.status != ContractItemStatus.AGREED]
    if unsettled:
        blocks.append(Table(
            header=(_("Item"), _("Status"), _("Responsible person"), _("Note")),
            rows=tuple(
                (item_title(i), str(i.get_status_display()), person(i.owner) if i.owner else "—", i.wording or "—")
                for i in unsettled
            ),
            caption=_("Items still to settle before signature."),
        ))
    return blocks
