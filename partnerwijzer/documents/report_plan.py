"""Decision report, sections 3–5: the company and the use case, readiness and the chosen model,
compliance in brief. Each section says in a sentence what is missing instead of failing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partnerwijzer.documents.content import Block, BulletList, Heading, KeyValues, Paragraph, Table
from partnerwijzer.documents.report_common import ReportFacts, day, lang, or_dash
from partnerwijzer.formatting import number
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.planning.advice.selectors import model_advice
from partnerwijzer.planning.compliance.selectors import ai_act_result, gdpr_result
from partnerwijzer.planning.models import CompanyProfile, Direction, UseCase
from partnerwijzer.planning.readiness.display import LIGHT_WORDS
from partnerwijzer.planning.readiness.selectors import readiness_result
from partnerwijzer.planning.usecases.selectors import archetype_for, decimal_text, department_name, kpis_of, profile_of
from partnerwijzer.planning.usecases.services import NACE_SECTIONS


def model_name(key: str) -> str:
    """The implementation model's name in the reader's language (the key if it is unknown)."""
    try:
        return reference().implementation_model(key).name.get(lang())
    except KeyError:
        return key


def _no_use_case() -> Paragraph:
    return Paragraph(_("This selection is not linked to a use case yet, so there is nothing to report here."), "note")


# --- 3. The company and the use case -------------------------------------------------------------


def _profile_rows(profile: CompanyProfile) -> tuple[tuple[str, str], ...]:
    industry = str(NACE_SECTIONS[profile.nace_section]) if profile.nace_section in NACE_SECTIONS else ""
    if profile.industry:
        industry = f"{industry}: {profile.industry}" if industry else profile.industry
    rows = [
        (_("Industry"), or_dash(industry)),
        (_("Country"), str(profile.get_country_display())),
        (_("Province or state"), or_dash(profile.region)),
        (_("Number of staff"), number(profile.staff_count) if profile.staff_count is not None else "—"),
        (_("Annual revenue"), or_dash(str(profile.get_revenue_band_display()) if profile.revenue_band else "")),
        (_("Experience with AI"), str(profile.get_ai_experience_display())),
        (_("Internal IT capacity"),
         or_dash(str(profile.get_it_capacity_display()) if profile.it_capacity else "")),
        (_("Internal data capacity"),
         or_dash(str(profile.get_data_capacity_display()) if profile.data_capacity else "")),
        (_("Executive sponsor"), or_dash(profile.executive_sponsor)),
        (_("Data-protection officer"), or_dash(profile.data_protection_officer)),
        (_("Works council"), _("Yes") if profile.works_council else _("No")),
    ]
    return tuple(rows)


def _kpi_value(value: object, unit: str, when: object) -> str:
    if value is None:
        return _("not set")
    text = f"{decimal_text(value)} {unit}".strip()  # type: ignore[arg-type]
    if when is not None:
        text = _("%(value)s (%(date)s)") % {"value": text, "date": day(when)}  # type: ignore[arg-type]
    return text


def company_and_use_case(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("The company and the use case"), 1), Heading(_("The company"), 2)]
    profile = profile_of(organisation=facts.organisation)
    if profile is None:
        blocks.append(Paragraph(_("No company profile has been entered yet."), "note"))
    else:
        blocks.append(KeyValues(_profile_rows(profile)))

    use_case = facts.use_case
    blocks.append(Heading(_("The use case"), 2))
    if use_case is None:
        blocks.append(_no_use_case())
        return blocks
    archetype = archetype_for(use_case.archetype)
    blocks.append(KeyValues((
        (_("Use case"), use_case.title),
        (_("Department"), or_dash(department_name(use_case.department) if use_case.department else "")),
        (_("Type of AI application"), or_dash(archetype.name.get(lang()) if archetype else "")),
    )))
    blocks.append(Heading(_("The problem"), 3))
    blocks.append(Paragraph(use_case.problem_statement or _("The problem is not described yet.")))
    blocks.append(Heading(_("The current state (baseline)"), 3))
    blocks.append(Paragraph(use_case.current_state or _("The current state is not described.")))
    blocks.append(Heading(_("Measurable goals (KPIs)"), 3))
    blocks.extend(_kpis(use_case))
    return blocks


def _kpis(use_case: UseCase) -> list[Block]:
    kpis = list(kpis_of(use_case=use_case))
    if not kpis:
        return [Paragraph(_("No KPI has been defined yet, so success cannot be measured against a target."), "note")]
    rows = tuple(
        (
            k.name,
            str(Direction(k.direction).label),
            _kpi_value(k.baseline_value, k.unit, k.baseline_date),
            _kpi_value(k.target_value, k.unit, k.target_date),
            or_dash(k.measurement_method or k.baseline_method),
        )
        for k in kpis
    )
    return [Table(
        header=(_("KPI"), _("Direction"), _("Baseline"), _("Target"), _("How it is measured")),
        rows=rows,
        caption=_("The KPIs with their baseline and target; the contract's acceptance criteria refer to them."),
    )]


# --- 4. Readiness and the chosen model -----------------------------------------------------------


def readiness_and_model(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("Readiness and the chosen implementation model"), 1)]
    use_case = facts.use_case
    if use_case is None:
        return [*blocks, _no_use_case()]
    blocks.append(Heading(_("Readiness check"), 2))
    blocks.extend(_readiness(use_case))
    blocks.append(Heading(_("Implementation model"), 2))
    blocks.extend(_model(use_case))
    return blocks


def _readiness(use_case: UseCase) -> list[Block]:
    result = readiness_result(use_case)
    if result is None:
        return [Paragraph(_("The readiness check has not been started yet."), "note")]
    language = lang()
    rows = []
    for factor in result.factors:
        if factor.light is not None and factor.score is not None:
            verdict = _("%(light)s (score %(score)s of 100)") % {
                "light": LIGHT_WORDS[factor.light], "score": factor.score,
            }
        else:
            verdict = _("Not complete yet: %(answered)s of %(total)s questions answered") % {
                "answered": factor.answered, "total": factor.total,
            }
        rows.append((factor.factor.name.get(language), verdict))
    blocks: list[Block] = []
    if result.light is not None and result.score is not None:
        blocks.append(Paragraph(_("Overall: %(light)s (score %(score)s of 100).") % {
            "light": LIGHT_WORDS[result.light], "score": result.score,
        }, "lead"))
    else:
        blocks.append(Paragraph(_("The readiness check is not complete: %(answered)s of %(total)s questions answered.")
                                % {"answered": result.answered, "total": result.total}, "note"))
    blocks.append(KeyValues(tuple(rows)))
    if result.risks:
        blocks.append(Paragraph(_("Risks the answers point to, with what to do about them:")))
        blocks.append(BulletList(tuple(
            f"{risk.risk.get(language)} {risk.action.get(language)}" for risk in result.risks
        )))
    else:
        blocks.append(Paragraph(_("The answers given so far point to no particular risk.")))
    return blocks


def _model(use_case: UseCase) -> list[Block]:
    blocks: list[Block] = []
    advice = model_advice(use_case)
    language = lang()
    if advice is None:
        blocks.append(Paragraph(_("The implementation-model advice has not been started yet."), "note"))
    elif not advice.complete or advice.recommended is None:
        blocks.append(Paragraph(_("The implementation-model advice is not complete: %(answered)s of %(total)s "
                                  "questions answered.") % {"answered": advice.answered, "total": advice.total},
                                "note"))
    else:
        blocks.append(Paragraph(_("The advice recommends the %(model)s model.") % {
            "model": model_name(advice.recommended)}))
        if advice.reasons:
            blocks.append(BulletList(tuple(rule.reason.get(language) for rule in advice.reasons)))
        if advice.typical_path is not None:
            blocks.append(Paragraph(advice.typical_path.get(language), "note"))
    if use_case.chosen_model:
        blocks.append(Paragraph(_("The company chose the %(model)s model.") % {
            "model": model_name(use_case.chosen_model)}, "lead"))
        blocks.append(Paragraph(use_case.chosen_model_reason or _("No reason for this choice was recorded.")))
    else:
        blocks.append(Paragraph(_("No implementation model has been chosen yet."), "note"))
    return blocks


# --- 5. Compliance in brief ----------------------------------------------------------------------


def _sources(labels: list[str]) -> str:
    unique = list(dict.fromkeys(label for label in labels if label))
    return _("Sources: %(sources)s.") % {"sources": "; ".join(unique)} if unique else ""


def compliance(facts: ReportFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("Compliance in brief"), 1)]
    use_case = facts.use_case
    if use_case is None:
        return [*blocks, _no_use_case()]
    language = lang()
    blocks.append(Heading(_("EU AI Act"), 2))
    act = ai_act_result(use_case, lang=language)
    if act is None:
        blocks.append(Paragraph(_("The AI Act screening is not complete yet, so the risk tier is not known."), "note"))
    else:
        text = _("Risk tier: %(tier)s. Role of the company: %(role)s. %(summary)s") % {
            "tier": act.tier_label, "role": act.role_label, "summary": act.summary,
        }
        if act.duties:
            text += " " + _("Duties that follow: %(duties)s.") % {"duties": "; ".join(d.title for d in act.duties)}
        blocks.append(Paragraph(text))
        refs = [r.label for reason in act.reasons for r in reason.refs] + [r.label for d in act.duties for r in d.refs]
        if line := _sources(refs):
            blocks.append(Paragraph(line, "note"))
    blocks.append(Heading(_("GDPR and the data protection impact assessment (DPIA)"), 2))
    gdpr = gdpr_result(use_case, lang=language)
    if gdpr is None:
        blocks.append(Paragraph(_("The GDPR screening is not complete yet, so the need for a DPIA is not known."),
                                "note"))
    else:
        data = _("Personal data are processed.") if gdpr.personal_data else _("No personal data are processed.")
        text = f"{gdpr.verdict_label}. {data} {gdpr.summary}"
        if gdpr.personal_data:
            text += " " + _("Processor agreement needed: %(answer)s. Transfers: %(transfer)s.") % {
                "answer": _("yes") if gdpr.processor else _("no"), "transfer": gdpr.transfer_label,
            }
        blocks.append(Paragraph(text))
        refs = [r.label for reason in gdpr.reasons for r in reason.refs] + [r.label for a in gdpr.actions
                                                                            for r in a.refs]
        if line := _sources(refs):
            blocks.append(Paragraph(line, "note"))
    blocks.append(Paragraph(_("This screening is guidance, not legal advice; the legal texts named are the "
                              "reference."), "note"))
    return blocks
