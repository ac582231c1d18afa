"""The project after the contract: phases with go/no-go gates, KPI measurements, actual costs.

A :class:`Project` follows one use case with its partner (the candidate chosen in the contract
step, or a partner the company already works with). Its :class:`Phase` rows come from the
guide's phase plan (analysis, proof of concept, pilot, rollout, operation), each with planned
dates, a budget share and a :class:`Gate` at its end. A gate's criteria refer to the use case's
KPI objects (:class:`GateKpiCriterion`), the same ``planning.Kpi`` rows the contract's
acceptance items and the :class:`Measurement` rows point at. A :class:`GateDecision` is never
edited: a later decision supersedes it. :class:`KpiPlan` holds how often a KPI is measured and
by whom (results owns it, so planning's KPI stays what intake wrote).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    use_case = models.OneToOneField("planning.UseCase", on_delete=models.CASCADE, related_name="project")
    # The candidate chosen in the contract step; null for a partner the company already works with.
    candidate = models.ForeignKey("sourcing.Candidate", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    partner_name = models.CharField(_("partner"), max_length=200)
    start_date = models.DateField(_("start date"))
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.use_case} ({self.partner_name})"


class PhaseKey(models.TextChoices):
    """The guide's phases (section 10: phase contracts with go/no-go points)."""

    ANALYSIS = "analysis", _("Analysis")
    PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
    PILOT = "pilot", _("Pilot")
    ROLLOUT = "rollout", _("Rollout")
    OPERATION = "operation", _("Operation")


class Phase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(max_length=20, choices=PhaseKey.choices, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    budget_share = models.DecimalField(_("share of the budget (%)"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        ordering = ["position", "planned_start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_start__lte=F("planned_end")), name="phase_start_before_end"),
            models.CheckConstraint(condition=Q(budget_share__gte=0) & Q(budget_share__lte=100),
                                   name="phase_budget_share_is_a_percentage"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or (str(PhaseKey(self.key).label) if self.key else "")


class Gate(models.Model):
    """The go/no-go point at a phase's end and what it asks for."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    phase = models.OneToOneField(Phase, on_delete=models.CASCADE, related_name="gate")
    burn_limit_percent = models.DecimalField(
        _("budget burn limit (% of the phase's planned cost)"), max_digits=6, decimal_places=2, null=True, blank=True)
    open_risks = models.TextField(_("open risks"), blank=True)
    free_criteria = models.TextField(_("other criteria"), blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(burn_limit_percent__gte=0),
                                              name="gate_burn_limit_not_negative")]

    def __str__(self) -> str:
        return str(self.phase)


class GateKpiCriterion(models.Model):
    """A KPI threshold the gate asks for: the use case's own KPI object, a value to reach."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="kpi_criteria")
    kpi = models.ForeignKey("planning.Kpi", on_delete=models.CASCADE, related_name="+")
    threshold = models.DecimalField(_("threshold"), max_digits=14, decimal_places=4)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gate", "kpi"], name="one_threshold_per_gate_and_kpi")]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.threshold}"


class GateOutcome(models.TextChoices):
    GO = "go", _("Go")
    GO_WITH_CHANGES = "go_with_changes", _("Go with changes")
    STOP = "stop", _("Stop")


class GateDecision(models.Model):
    """What the owner decided at a gate. Never edited: a correction is a new decision that
    supersedes this one (``superseded_by``); both stay, and both are in the audit log."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=16, choices=GateOutcome.choices)
    rationale = models.TextField(_("why"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_on = models.DateField(_("decided on"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="supersedes")

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.gate}: {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Immutable once recorded; only the link to the decision that supersedes it may be set.
        if not self._state.adding and kwargs.get("update_fields") != ["superseded_by"]:
            raise ValueError("A gate decision is never edited; record a new one that supersedes it.")
        super().save(*args, **kwargs)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.MONTHLY: 31, Frequency.QUARTERLY: 92}
"""Days after the last measurement when the next one is due."""


class KpiPlan(models.Model):
    """How often a KPI is measured and who measures it (they may enter its measurements)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kpi = models.OneToOneField("planning.Kpi", on_delete=models.CASCADE, related_name="measurement_plan")
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    measurer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("who measures"))

    def __str__(self) -> str:
        return f"{self.kpi}: {self.frequency}"


class Measurement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kpi = models.ForeignKey("planning.Kpi", on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source or method"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measured_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["kpi", "measured_on"], name="one_measurement_per_kpi_and_day")]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} on {self.measured_on}"


class ActualCost(models.Model):
    """What was spent in one month on one of the budget's cost categories."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actual_costs")
    category = models.CharField(_("cost category"), max_length=50)
    month = models.DateField(_("month"))  # always the first day of the month
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "category", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "category", "month"], name="one_actual_per_category_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="actual_cost_not_negative"),
        ]
        # No CHECK on the month's day: on SQLite ``month__day`` becomes a call of Django's
        # django_date_extract(), which made the database unreadable for every tool without Django
        # (`PRAGMA integrity_check` in `make backup`, the sqlite3 shell). The service stores the
        # first day of the month (results.services.actual_cost_set).

    def __str__(self) -> str:
        return f"{self.category} {self.month:%Y-%m}: {self.amount}"


REVIEW_ASPECTS: tuple[str, ...] = ("delivery", "quality", "communication", "knowledge_transfer")
"""The aspects of a partner review, each scored on the selection's rubric scale (1–5)."""


class PartnerReview(models.Model):
    """The owners' periodic scorecard of the project's partner: one per project and month, each
    aspect on the selection's rubric scale 1–5 (5 is best), shown beside what the selection scored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_reviews")
    period = models.DateField(_("period"))  # always the first day of the month reviewed
    delivery = models.PositiveSmallIntegerField(_("delivery to plan"))
    quality = models.PositiveSmallIntegerField(_("quality"))
    communication = models.PositiveSmallIntegerField(_("communication"))
    knowledge_transfer = models.PositiveSmallIntegerField(_("knowledge transfer"))
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "pk"]
        # No CHECK on the period's day (see ActualCost): the service stores the month's first day.
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="one_partner_review_per_period"),
            *(models.CheckConstraint(condition=Q(**{f"{a}__gte": 1}) & Q(**{f"{a}__lte": 5}),
                                     name=f"partner_review_{a}_on_scale") for a in REVIEW_ASPECTS),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.period:%Y-%m}"
