"""Criteria and weights of a selection, evaluators, their scores, pairwise judgements,
knock-out checks, consensus scores and scorecards of reference calls and workshops.

Scores use the rubric scale 1–5 (``SCALE_MIN``..``SCALE_MAX``); the database rejects anything
else, and there is exactly one score per evaluator, candidate and criterion.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

SCALE_MIN = 1
SCALE_MAX = 5
AHP_MIN = Decimal(1) / Decimal(9)
AHP_MAX = Decimal(9)


class Factor(models.TextChoices):
    HARD = "hard", _("Hard factor")
    SOFT = "soft", _("Soft factor")


class WeightingMethod(models.TextChoices):
    DIRECT = "direct", _("Percentages")
    AHP = "ahp", _("Pairwise comparison (AHP)")


class ScoringSetup(models.Model):
    """How one selection is scored: the weighting method, whether scoring is closed, and whether
    the price criterion comes from the candidates' quotes.

    Evaluation owns this state; the selection itself (sourcing) holds only the search. The row is
    made on the first write (:func:`partnerwijzer.evaluation.scoring.services.scoring_setup_lock`);
    until then :func:`partnerwijzer.evaluation.selectors.scoring_setup_of` reads the defaults.
    """

    selection = models.OneToOneField(
        "sourcing.Selection", on_delete=models.CASCADE, primary_key=True, related_name="scoring_setup"
    )
    weighting_method = models.CharField(
        _("how weights are set"), max_length=10, choices=WeightingMethod.choices, default=WeightingMethod.DIRECT
    )
    # Evaluators see each other's scores only after submitting their own; viewers see results
    # only once the owner closes scoring.
    closed_at = models.DateTimeField(null=True, blank=True)
    # The owner's choice to let the candidates' quotes (three-year cost of ownership) set the
    # price criterion instead of the evaluators' price scores (budget quotes, issue 6). It takes
    # effect only once every ranked candidate has a quote (evaluation.selectors).
    price_from_quotes = models.BooleanField(_("price from the quotes"), default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weighting_method__in=WeightingMethod.values), name="scoring_setup_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weighting_method}{' (closed)' if self.closed else ''}"

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class Criterion(models.Model):
    """One criterion of one selection. Those copied from the reference data keep their
    ``reference_key``, so their name, check items and rubric show in the reader's language;
    an owner may rename one (``custom_name``) or add their own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.ForeignKey("sourcing.Selection", on_delete=models.CASCADE, related_name="criteria")
    reference_key = models.CharField(max_length=50, blank=True)
    custom_name = models.CharField(_("name"), max_length=150, blank=True)
    custom_description = models.TextField(_("what to look for"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    factor = models.CharField(_("factor"), max_length=4, choices=Factor.choices, default=Factor.HARD)
    is_price = models.BooleanField(_("price criterion"), default=False)
    knockout = models.BooleanField(
        _("knock-out"), default=False, help_text=_("A must-have: a candidate that fails it leaves the ranking.")
    )
    # Percent, 0–100; the weights of a selection sum to 100 once they are set.
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2, default=Decimal(0))

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name="criterion_weight_0_100"),
            models.CheckConstraint(condition=~Q(reference_key="") | ~Q(custom_name=""), name="criterion_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.custom_name or self.reference_key


class Evaluator(models.Model):
    """A member invited by an owner to score the candidates of one selection."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    selection = models.ForeignKey("sourcing.Selection", on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluations")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Until they submit, an evaluator sees only their own scores.
    submitted_at = models.DateTimeField(null=True, blank=True)
    # What the seat asks of its holder: score this selection by this date (set by an owner, per
    # seat, since a colleague seated later may get a later date). Shown on their scores page and
    # dashboard; nothing closes on its own when the date passes.
    score_by = models.DateField(_("score by"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["selection", "user"], name="one_evaluator_seat_per_user")]

    def __str__(self) -> str:
        return f"{self.user} on {self.selection}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One evaluator's score of one candidate on one criterion."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="scores")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "candidate", "criterion"], name="one_score_per_evaluator"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX), name="score_on_rubric_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} for {self.candidate_id} on {self.criterion_id}"


class PairwiseJudgement(models.Model):
    """How much more important ``row`` is than ``column`` for one evaluator (Saaty 1/9–9).

    Stored once per pair, with ``row`` before ``column`` in the criteria order; the reciprocal
    is implied.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="judgements")
    row = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=12, decimal_places=10)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "row", "column"], name="one_judgement_per_pair"),
            models.CheckConstraint(condition=Q(value__gte=AHP_MIN) & Q(value__lte=AHP_MAX), name="judgement_1_9_scale"),
            models.CheckConstraint(condition=~Q(row=F("column")), name="judgement_two_criteria"),
        ]

    def __str__(self) -> str:
        return f"{self.row_id} vs {self.column_id}: {self.value}"


class KnockoutCheck(models.Model):
    """Whether a candidate meets a knock-out criterion; a fail excludes it from the ranking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="knockout_checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="knockout_checks")
    passed = models.BooleanField()
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="one_knockout_check"),
            models.CheckConstraint(condition=~Q(reason=""), name="knockout_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {'passes' if self.passed else 'fails'} {self.criterion_id}"


class ConsensusScore(models.Model):
    """The score the owner settles on after discussion, with the justification; the average
    of the evaluators stays visible beside it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="consensus_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="consensus_scores")
    value = models.PositiveSmallIntegerField(_("consensus score"))
    justification = models.TextField(_("justification"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="one_consensus_per_cell"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX), name="consensus_on_rubric_scale"
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="consensus_has_justification"),
        ]

    def __str__(self) -> str:
        return f"consensus {self.value} for {self.candidate_id} on {self.criterion_id}"


class ScorecardKind(models.TextChoices):
    REFERENCE_CALL = "reference_call", _("Reference call")
    WORKSHOP = "workshop", _("Workshop / proof of concept")


class Scorecard(models.Model):
    """An evaluator's notes and ratings from a reference call or a workshop/PoC with a candidate.

    Its ratings are per criterion on the same scale; they inform the evaluator's own score of
    that criterion (shown beside the scoring form and offered as a suggestion).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="scorecards")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="scorecards")
    kind = models.CharField(max_length=20, choices=ScorecardKind.choices)
    held_on = models.DateField(_("date"))
    counterpart = models.CharField(_("who you spoke with"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on} ({self.candidate_id})"


class ScorecardRating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_rating_per_scorecard_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX), name="rating_on_rubric_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.criterion_id}"


class Relationship(models.TextChoices):
    NONE = "none", _("No relationship")
    CONFLICT = "conflict", _("A relationship (possible conflict of interest)")


class ConflictDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting the owner's decision")
    EXCLUDED = "excluded", _("Seat excluded from this candidate's scores")
    ACCEPTED = "accepted", _("Accepted with a reason")


class ConflictDeclaration(models.Model):
    """An evaluator's declaration, per candidate and before scoring it, whether they have a
    relationship with the firm (issue 16, item 7).

    A declared relationship waits for an owner's decision: exclude the seat from that candidate's
    scores (the ranking then averages over the remaining seats) or accept it with a reason. A
    declaration is final once given; the owner's decision may change, and every change is audited.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="declarations")
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    description = models.TextField(_("what the relationship is"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)
    # Empty for "no relationship"; pending until an owner decides on a declared relationship.
    decision = models.CharField(_("decision"), max_length=10, choices=ConflictDecision.choices, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "candidate"], name="one_declaration_per_seat_candidate"),
            models.CheckConstraint(condition=Q(relationship__in=Relationship.values), name="declaration_relationship"),
            models.CheckConstraint(
                condition=(Q(relationship=Relationship.NONE) & Q(decision=""))
                | (
                    Q(relationship=Relationship.CONFLICT) & ~Q(description="")
                    & Q(decision__in=ConflictDecision.values)
                ),
                name="declaration_conflict_described_and_decided",
            ),
            models.CheckConstraint(
                condition=~Q(decision=ConflictDecision.ACCEPTED) | ~Q(decision_reason=""),
                name="declaration_accept_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship} with {self.candidate_id} ({self.decision or '-'})"

    @property
    def is_conflict(self) -> bool:
        return self.relationship == Relationship.CONFLICT

    @property
    def excluded(self) -> bool:
        return self.decision == ConflictDecision.EXCLUDED
