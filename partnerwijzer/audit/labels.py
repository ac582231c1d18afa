"""Readable, translated names for the action codes in the audit log.

Services record a dotted code (``candidate.stage_move``); people read :func:`action_label`. Every
literal code recorded anywhere in the code base has an entry in :data:`ACTION_LABELS` (a test scans
the source for ``action="..."`` to keep it that way). Codes built at run time from a questionnaire
or checklist key (``f"{questionnaire}.answer_save"``) are named by their suffix in
:data:`SUFFIX_LABELS`. Unknown codes (old events, codes from tests) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: Final[dict[str, Promise]] = {
    # Organisation, members, invitations, API tokens
    "organisation.create": _("Organisation created"),
    "organisation.update": _("Organisation settings changed"),
    "member.add": _("Member added"),
    "member.role_change": _("Member role changed"),
    "member.remove": _("Member removed"),
    "invitation.create": _("Invitation sent"),
    "invitation.revoke": _("Invitation withdrawn"),
    "invitation.accept": _("Invitation accepted"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    # Advisers' access to client companies; criteria sets applied by an adviser
    "adviser_access.grant": _("Adviser access granted"),
    "adviser_access.revoke": _("Adviser access revoked"),
    "criteria_set.create": _("Criteria set created"),
    "criteria_set.update": _("Criteria set changed"),
    "criteria_set.delete": _("Criteria set deleted"),
    "criteria_set.apply": _("Criteria set applied to a selection"),
    "synthetic_hub.create": _("Synthetic hub generated (test and benchmark data)"),
    # Outgoing messages (outbox)
    "message.queue": _("Message queued for sending"),
    "message.retry": _("Message sent again"),
    "message.reminders_on": _("Reminders by e-mail switched on"),
    "message.reminders_off": _("Reminders by e-mail switched off"),
    # The user's own account
    "account.update": _("Account name or language changed"),
    "account.password_change": _("Password changed"),
    "account.two_factor_enable": _("Two-factor sign-in switched on"),
    "account.two_factor_disable": _("Two-factor sign-in switched off"),
    "account.recovery_codes_regenerate": _("New recovery codes made"),
    "account.recovery_code_use": _("Recovery code used to log in"),
    # Planning: profile, use cases, KPIs, readiness and model advice
    "profile.create": _("Company profile created"),
    "profile.update": _("Company profile changed"),
    "use_case.create": _("Use case created"),
    "use_case.update": _("Use case changed"),
    "use_case.delete": _("Use case deleted"),
    "use_case.prioritise": _("Use case prioritised"),
    "use_case.lighthouse_set": _("Use case marked as lighthouse project"),
    "use_case.lighthouse_clear": _("Lighthouse project mark removed"),
    "use_case.model_choose": _("Implementation model chosen"),
    "kpi.create": _("KPI added"),
    "kpi.update": _("KPI changed"),
    "kpi.delete": _("KPI deleted"),
    "readiness.answer": _("Readiness check answer saved"),
    "model_advice.answer": _("Implementation-model advice answer saved"),
    # Planning: AI Act and GDPR screenings and their checklists
    "ai_act.answer_save": _("AI Act screening answer saved"),
    "ai_act.answers_replace": _("AI Act screening answers replaced"),
    "ai_act.checklist_sync": _("AI Act checklist updated"),
    "ai_act.item_update": _("AI Act checklist item changed"),
    "gdpr.answer_save": _("GDPR screening answer saved"),
    "gdpr.answers_replace": _("GDPR screening answers replaced"),
    "gdpr.checklist_sync": _("GDPR checklist updated"),
    "gdpr.item_update": _("GDPR checklist item changed"),
    # Sourcing: selections and candidates
    "selection.create": _("Selection created"),
    "selection.update": _("Selection changed"),
    "selection.delete": _("Selection deleted"),
    "selection.price_from_quotes": _("Selection price taken from the quotes"),
    "candidate.create": _("Candidate added"),
    "candidate.update": _("Candidate changed"),
    "candidate.delete": _("Candidate deleted"),
    "candidate.stage_move": _("Candidate moved to another stage"),
    "candidate.reject": _("Candidate rejected"),
    "candidate.reinstate": _("Candidate reinstated"),
    "candidate.red_flag_set": _("Red flags of a candidate changed"),
    # Evaluation
    "criterion.create": _("Criterion added"),
    "criterion.update": _("Criterion changed"),
    "criterion.delete": _("Criterion deleted"),
    "criterion.move": _("Criterion moved"),
    "weights.set": _("Criteria weights set"),
    "weights.method": _("Weighting method changed"),
    "weights.ahp": _("Weights set by pairwise comparison"),
    "judgements.set": _("Pairwise comparisons saved"),
    "evaluator.add": _("Evaluator added"),
    "evaluator.remove": _("Evaluator removed"),
    "evaluator.submit": _("Evaluator submitted scores"),
    "evaluator.reopen": _("Evaluator's scores reopened"),
    "evaluator.deadline": _("Evaluator's date to score by set"),
    "scoring.close": _("Scoring closed"),
    "scoring.reopen": _("Scoring reopened"),
    "scorecard.create": _("Scorecard created"),
    "scorecard.delete": _("Scorecard deleted"),
    "knockout.set": _("Knock-out check recorded"),
    "consensus.set": _("Consensus score set"),
    "consensus.clear": _("Consensus score removed"),
    # Questionnaires
    "questionnaire.create": _("Questionnaire created"),
    "questionnaire.update": _("Questionnaire changed"),
    "questionnaire.send": _("Questionnaire sent"),
    "questionnaire.close": _("Questionnaire closed"),
    "questionnaire.delete": _("Questionnaire deleted"),
    "question.create": _("Question added"),
    "question.update": _("Question changed"),
    "question.delete": _("Question deleted"),
    "question.move": _("Question moved"),
    "question.reorder": _("Questions reordered"),
    # Supplier portal
    "portal.link_create": _("Supplier portal link created"),
    "portal.link_revoke": _("Supplier portal link revoked"),
    "portal.link_send": _("Supplier portal link sent by e-mail"),
    "portal.upload_add": _("File uploaded through the supplier portal"),
    "portal.upload_remove": _("File removed through the supplier portal"),
    "portal.submit": _("Answers submitted through the supplier portal"),
    "portal.quote_submit": _("Quote received through the supplier portal"),
    "evidence.index": _("Submitted answers and files read for the evidence search"),
    "portal.question_ask": _("Question asked by a firm through the supplier portal"),
    "portal.question_answer": _("Firm's question answered privately"),
    "portal.question_publish": _("Firm's question answered and published as an addendum"),
    "questionnaire.template_save": _("Questionnaire saved as a template"),
    "questionnaire.template_delete": _("Questionnaire template deleted"),
    "candidate.import": _("Candidates imported from a file"),
    # Conflicts of interest, award and regret letters (issue 16)
    "conflict.declare": _("Relationship with a firm declared before scoring"),
    "conflict.decide": _("Decision on a declared conflict of interest"),
    "conflict.reopen": _("Declaration of a relationship reopened: to declare again"),
    "letters.draft": _("Award and regret letters drafted"),
    "letter.update": _("Letter to a firm edited"),
    "letter.send": _("Letter sent to a firm"),
    # The provider directory of an adviser organisation (issue 17)
    "directory.firm_create": _("Firm added to the provider directory"),
    "directory.firm_update": _("Directory firm changed"),
    "directory.firm_delete": _("Firm deleted from the provider directory"),
    "directory.reference_add": _("Verified reference recorded for a directory firm"),
    "directory.reference_delete": _("Verified reference of a directory firm deleted"),
    "directory.firm_copy": _("Directory firm added to a client's longlist"),
    "directory.interest_declare": _("Own interest in a provider declared"),
    "directory.interest_withdraw": _("Own-interest declaration withdrawn"),
    # Budget, quotes, benefits, funding
    "budget.created": _("Budget created"),
    "budget.estimate_start": _("Cost estimate started"),
    "budget.figure_override_set": _("Reference figure replaced by the organisation's own value"),
    "budget.figure_override_reset": _("Reference figure reset to the guide's value"),
    "budget.buffer_set": _("Contingency buffer set"),
    "budget.cost_line_create": _("Cost line added"),
    "budget.cost_line_update": _("Cost line changed"),
    "budget.cost_line_delete": _("Cost line deleted"),
    "budget.effort_role_create": _("Effort role added"),
    "budget.effort_role_update": _("Effort role changed"),
    "budget.effort_role_delete": _("Effort role deleted"),
    "budget.hidden_cost_set": _("Hidden cost changed"),
    "budget.return_settings_update": _("Return calculation settings changed"),
    "benefit.create": _("Benefit added"),
    "benefit.update": _("Benefit changed"),
    "benefit.delete": _("Benefit deleted"),
    "quote.create": _("Quote added"),
    "quote.update": _("Quote changed"),
    "quote.delete": _("Quote deleted"),
    "funding.application_create": _("Funding application added"),
    "funding.application_update": _("Funding application changed"),
    "funding.application_delete": _("Funding application deleted"),
    "funding.project_type_update": _("Project type for funding changed"),
    # Contract
    "contract.decision_create": _("Contract decision recorded"),
    "contract.decision_update": _("Contract decision changed"),
    "contract.items_add": _("Contract items added"),
    "contract.item_create": _("Contract item added"),
    "contract.item_update": _("Contract item changed"),
    "contract.item_delete": _("Contract item deleted"),
    # Results after the start
    "results.project_start": _("Project started"),
    "results.project_update": _("Project changed"),
    "results.phase_update": _("Project phase changed"),
    "results.gate_update": _("Gate criteria changed"),
    "results.gate_decide": _("Gate decision recorded"),
    "results.kpi_plan_set": _("KPI measurement plan changed"),
    "results.measurement_add": _("KPI measurement added"),
    "results.measurement_correct": _("KPI measurement corrected"),
    "results.measurements_import": _("KPI measurements uploaded"),
    "results.actual_cost_set": _("Actual cost recorded"),
    "results.partner_review_set": _("Partner review recorded"),
    "results.actual_cost_delete": _("Actual cost deleted"),
    # Documents
    "document.request": _("Document requested"),
    "document.delete": _("Document deleted"),
    # Demo data
    "demo.seed": _("Demo data created"),
    "demo.budget": _("Demo budget created"),
    # Market figures across an adviser organisation's clients (issue 17 item 6)
    "market_consent.give": _("Consent to market figures given"),
    "market_consent.withdraw": _("Consent to market figures withdrawn"),
    "market_figures.compute": _("Market figures computed"),
}

SUFFIX_LABELS: Final[dict[str, Promise]] = {
    # Codes built as f"{questionnaire}.<suffix>" / f"{checklist}.<suffix>" for any screening.
    "answer_save": _("Screening answer saved"),
    "answers_replace": _("Screening answers replaced"),
    "checklist_sync": _("Checklist updated"),
    "item_update": _("Checklist item changed"),
}


def action_label(action: str) -> str:
    """The readable, translated name of the audit action code ``action`` (the code if unknown)."""
    label = ACTION_LABELS.get(action)
    if label is None:
        _prefix, dot, suffix = action.rpartition(".")
        label = SUFFIX_LABELS.get(suffix) if dot else None
    return str(label) if label is not None else action


FIELD_LABELS: Final[dict[str, Promise]] = {
    # Keys of the recorded ``changes`` as people read them; other keys are shown humanised.
    "status": _("Status"),
    "wording": _("Wording"),
    "owner": _("Owner"),
    "before": _("Before"),
    "after": _("After"),
    "passed": _("Passed"),
    "reason": _("Reason"),
    "candidate": _("Candidate"),
    "stage": _("Stage"),
    "question": _("Question"),
    "answer": _("Answer"),
    "expires_at": _("Expires at"),
    "deadline": _("Deadline"),
    "kind": _("Kind"),
    "email": _("Email"),
    "reopened": _("Reopened"),
    "not_applicable": _("Not applicable"),
    "chosen_model": _("Chosen model"),
    "role": _("Role"),
    "title": _("Title"),
    "name": _("Name"),
    "rejected": _("Rejected"),
    "created": _("Created"),
    "kpi": _("KPI"),
    # A conflict-of-interest declaration decided on or reopened (evaluation/conflicts/services.py).
    "evaluator": _("Evaluator"),
    "relationship": _("Relationship"),
    "description": _("What the relationship was"),
    "decision": _("Decision"),
    "decision_reason": _("Reason for the decision"),
    "seat_reopened": _("Scores reopened too"),
    # Keys that showed in English on the German audit page (walked in German, December 2026).
    "adviser": _("Adviser"),
    "client": _("Client"),
    "consent": _("Consent to market figures"),
    "criteria_set": _("Criteria set"),
    "reference": _("Reference"),
    "method": _("Method"),
    "verified_on": _("Verified on"),
    "guidance": _("Guidance text"),
    "added": _("Added"),
    "weight": _("Weight"),
    "reason_changed": _("Reason changed"),
    "questionnaire": _("Questionnaire"),
    "questions": _("Questions"),
    "sources": _("Sources"),
    "passages": _("Passages"),
    "failed": _("Failed"),
    "receipt": _("Receipt"),
    "type": _("File type"),
    "size": _("Size in bytes"),
    "to": _("To"),
    "essential": _("Essential"),
    "rows": _("Rows"),
    "supersedes": _("Replaces an earlier decision"),
    "groups": _("Groups"),
    "companies": _("Companies"),
    # A gate decision's phase (results.gate_decide), shown untranslated on the German page.
    "phase": _("Phase"),
}


LIST_KEYS: Final = frozenset({"created", "reopened", "not_applicable", "added"})
"""``changes`` keys recorded as a list of items (a checklist's duties, the contract items added), never
as [before, after]."""


def field_label(key: str) -> str:
    """The translated name of a ``changes`` key (``expires_at`` -> ``Vervaldatum``), else humanised."""
    label = FIELD_LABELS.get(key)
    if label is not None:
        return str(label)
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


VALUE_LABELS: Final[dict[tuple[str, str], Mapping[str, Promise]]] = {}
"""Codes recorded for a field without model choices: (object type, key) -> {code: label}.

The app that owns the codes registers them (:func:`register_value_labels`, from its
``AppConfig.ready``), so that audit, low in the layers, names no code of a higher app."""


def register_value_labels(target_type: str, key: str, labels: Mapping[str, Promise]) -> None:
    VALUE_LABELS[(target_type, key)] = labels


ChangeDescriber = Callable[[str, Mapping[str, Any]], tuple[str | None, Mapping[str, str]]]
"""For one ``changes`` key of an action, given the event's whole ``changes`` (what an answer code
means depends on the question recorded beside it): the key's label (None: the usual one) and
``{code: label}`` of its values (empty: shown as they are)."""

CHANGE_DESCRIBERS: Final[dict[str, ChangeDescriber]] = {}
"""Actions whose ``changes`` keys and values are codes of reference data (the AI Act screening's
question and option keys, a readiness answer, the contract items added): action prefix
(``ai_act``, ``readiness``, ``contract``) -> describer, in the reader's language.

The app that owns the codes registers it (:func:`register_change_describer`, from its
``AppConfig.ready``), as for :data:`VALUE_LABELS`."""


def register_change_describer(action_prefix: str, describer: ChangeDescriber) -> None:
    CHANGE_DESCRIBERS[action_prefix] = describer


def change_describer(action: str) -> ChangeDescriber | None:
    return CHANGE_DESCRIBERS.get(action.partition(".")[0]) if action else None
