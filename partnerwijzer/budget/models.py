"""The budget of a use case: cost estimate, internal effort, hidden costs, candidates' quotes,
benefits with the ROI settings, and funding applications.

Every amount is a ``Decimal`` in euro (never a float); the Monte Carlo in :mod:`decisioncore`
gets floats only at the boundary (:mod:`partnerwijzer.budget.simulation`). Ranges are stored as
low / likely / high and the database refuses low > likely > high and negative amounts.

Keys (``category``, ``HiddenCost.key``, ``FundingApplication.programme``) are keys of the
reference data in ``knowledge/data/costs.yaml`` and ``funding.yaml``; services check them.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerwijzer.budget.funding.match import PROJECT_TYPE_LABELS

HORIZON_MIN = 12
HORIZON_MAX = 120
TCO_YEARS = 3
"""Quotes are compared on their three-year total cost of ownership (issue 6)."""


def _range_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=Q(low__gte=0), name=f"{prefix}_low_not_negative"),
        models.CheckConstraint(condition=Q(low__lte=F("likely")), name=f"{prefix}_low_le_likely"),
        models.CheckConstraint(condition=Q(likely__lte=F("high")), name=f"{prefix}_likely_le_high"),
    ]


class Budget(models.Model):
    """One per use case: the settings of its estimate and its return simulation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    use_case = models.OneToOneField("planning.UseCase", on_delete=models.CASCADE, related_name="budget")
    # Budget buffer on the one-off costs, in percent (guide: 20-30 %, more for a first project).
    buffer_percent = models.DecimalField(_("buffer (%)"), max_digits=5, decimal_places=2, default=Decimal(20))
    horizon_months = models.PositiveSmallIntegerField(_("horizon (months)"), default=36)
    go_live_month = models.PositiveSmallIntegerField(_("go-live month"), default=6)
    ramp_months = models.PositiveSmallIntegerField(_("months to full benefit"), default=6)
    discount_rate = models.DecimalField(
        _("discount rate (% per year)"), max_digits=5, decimal_places=2, default=Decimal(6)
    )
    # The kind of project funding is matched on (a project type of funding.yaml); blank until the
    # owner chooses one: then the use case's stage decides (funding_match.project_type_for_stage).
    funding_project_type = models.CharField(
        _("kind of project (funding)"), max_length=20, blank=True, default="",
        choices=list(PROJECT_TYPE_LABELS.items()),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # The cost estimate's band (P10/P50/P90 of the one-off total and of the running cost per year),
    # stored by budget.simulation.stored_bands with the fingerprint of the inputs it was simulated
    # from: a budget whose inputs changed has another fingerprint, so a stale band is never used.
    # Blank until first needed (an adviser's portfolio reads hundreds at once; issue 17 item 7).
    cost_band_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    cost_band_one_off_p10 = models.FloatField(null=True, blank=True, editable=False)
    cost_band_one_off_p50 = models.FloatField(null=True, blank=True, editable=False)
    cost_band_one_off_p90 = models.FloatField(null=True, blank=True, editable=False)
    cost_band_running_p10 = models.FloatField(null=True, blank=True, editable=False)
    cost_band_running_p50 = models.FloatField(null=True, blank=True, editable=False)
    cost_band_running_p90 = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(buffer_percent__gte=0) & Q(buffer_percent__lte=100), name="budget_buffer_0_100"
            ),
            models.CheckConstraint(
                condition=Q(horizon_months__gte=HORIZON_MIN) & Q(horizon_months__lte=HORIZON_MAX),
                name="budget_horizon_12_120",
            ),
            models.CheckConstraint(
                condition=Q(go_live_month__lt=F("horizon_months")), name="budget_go_live_in_horizon"
            ),
            models.CheckConstraint(
                condition=Q(discount_rate__gte=0) & Q(discount_rate__lte=50), name="budget_discount_0_50"
            ),
        ]

    def __str__(self) -> str:
        return f"Budget of {self.use_case_id}"


class CostKind(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    RUNNING = "running", _("Running, per year")


class CostLine(models.Model):
    """A cost category with its low / likely / high estimate in euro (running: per year).

    ``category`` is a key of costs.yaml (the guide's five categories and running cost), or
    empty for a line of the company's own (then ``name`` is required).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="cost_lines")
    kind = models.CharField(_("kind"), max_length=10, choices=CostKind.choices, default=CostKind.ONE_OFF)
    category = models.CharField(max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    low = models.DecimalField(_("low"), max_digits=12, decimal_places=2)
    likely = models.DecimalField(_("most likely"), max_digits=12, decimal_places=2)
    high = models.DecimalField(_("high"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [
            *_range_constraints("cost_line"),
            models.UniqueConstraint(
                fields=["budget", "category"], condition=~Q(category=""), name="one_line_per_reference_category"
            ),
            models.CheckConstraint(condition=~Q(category="") | ~Q(name=""), name="cost_line_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name or self.category


class EffortBasis(models.TextChoices):
    HOURS = "hours", _("Hours")
    SHARE = "share", _("Share of working time")


class EffortRole(models.Model):
    """Internal effort of one role: hours (low-high) at an hourly rate.

    With ``basis = share`` the hours follow from the share of working time (the guide's
    10-30 %), the weekly hours and the months of the project; the service fills
    ``hours_low``/``hours_high`` from them, so the estimate always reads hours.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="effort_roles")
    name = models.CharField(_("role"), max_length=150)
    basis = models.CharField(_("basis"), max_length=5, choices=EffortBasis.choices, default=EffortBasis.SHARE)
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    share_low = models.DecimalField(_("share of time, low (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    share_high = models.DecimalField(
        _("share of time, high (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    weekly_hours = models.DecimalField(_("hours per week"), max_digits=5, decimal_places=1, null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    hours_low = models.DecimalField(_("hours, low"), max_digits=9, decimal_places=1)
    hours_high = models.DecimalField(_("hours, high"), max_digits=9, decimal_places=1)
    hourly_rate = models.DecimalField(_("hourly rate (€)"), max_digits=8, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(hours_low__gte=0), name="effort_hours_not_negative"),
            models.CheckConstraint(condition=Q(hours_low__lte=F("hours_high")), name="effort_hours_low_le_high"),
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="effort_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class HiddenCostStatus(models.TextChoices):
    OPEN = "open", _("Not yet considered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged, no amount")
    PLANNED = "planned", _("Planned with an amount")


class HiddenCost(models.Model):
    """One of the guide's five hidden costs (key of costs.yaml) and how the company handles it.

    A planned amount enters the estimate as a fixed cost (one-off or running per year, as the
    reference data says for that key).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="hidden_costs")
    key = models.CharField(max_length=50)
    status = models.CharField(
        _("status"), max_length=12, choices=HiddenCostStatus.choices, default=HiddenCostStatus.OPEN
    )
    amount = models.DecimalField(_("amount (€)"), null=True, blank=True, max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "key"], name="one_hidden_cost_row_per_key"),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(amount__isnull=False, amount__gte=0),
                name="planned_hidden_cost_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class QuoteSource(models.TextChoices):
    MANUAL = "manual", _("Entered by the company")
    PORTAL = "portal", _("Received through the supplier portal")


class Quote(models.Model):
    """A candidate's quoted price: amounts per cost category plus running cost per year."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.OneToOneField("sourcing.Candidate", on_delete=models.CASCADE, related_name="quote")
    running_per_year = models.DecimalField(
        _("running cost per year (€)"), default=Decimal(0), max_digits=12, decimal_places=2
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    source = models.CharField(max_length=10, choices=QuoteSource.choices, default=QuoteSource.MANUAL)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(running_per_year__gte=0), name="quote_running_not_negative")]

    def __str__(self) -> str:
        return f"Quote of {self.candidate_id}"


class QuoteLine(models.Model):
    """The quoted one-off amount for one cost category (a key of costs.yaml)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=50)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quote", "category"], name="one_quote_line_per_category"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="quote_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"


class BenefitFactor(models.TextChoices):
    """The guide's five benefit factors (the same values as decisioncore.BenefitFactor)."""

    COST_SAVINGS = "cost_savings", _("Direct cost savings")
    PRODUCTIVITY = "productivity", _("Productivity")
    REVENUE = "revenue", _("Revenue growth")
    STRATEGIC = "strategic", _("Strategic advantage")
    RISK_REDUCTION = "risk_reduction", _("Risk reduction")


class BenefitMethod(models.TextChoices):
    """How the yearly amount is derived: volume x unit value."""

    AMOUNT = "amount", _("An amount in euro per year")
    HOURS = "hours", _("Hours saved per year x hourly rate")
    ERRORS = "errors", _("Errors avoided per year x cost per error")
    CONVERSIONS = "conversions", _("Extra conversions per year x margin")


class BenefitLine(models.Model):
    """A yearly benefit once fully ramped up: volume (low / likely / high) x unit value.

    For ``method = amount`` the volume is the amount in euro and ``unit_value`` is 1. A benefit
    may point at the KPI it comes from, the same KPI the contract and the tracking use.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="benefits")
    name = models.CharField(_("name"), max_length=150)
    factor = models.CharField(_("benefit factor"), max_length=20, choices=BenefitFactor.choices)
    method = models.CharField(_("how it is derived"), max_length=12, choices=BenefitMethod.choices,
                              default=BenefitMethod.AMOUNT)
    kpi = models.ForeignKey("planning.Kpi", on_delete=models.SET_NULL, null=True, blank=True, related_name="benefits",
                            verbose_name=_("KPI"))
    low = models.DecimalField(_("low"), max_digits=14, decimal_places=2)
    likely = models.DecimalField(_("most likely"), max_digits=14, decimal_places=2)
    high = models.DecimalField(_("high"), max_digits=14, decimal_places=2)
    unit_value = models.DecimalField(_("value per unit (€)"), default=Decimal(1), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            *_range_constraints("benefit"),
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="benefit_unit_value_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def amount_low(self) -> Decimal:
        return self.low * self.unit_value

    @property
    def amount_likely(self) -> Decimal:
        return self.likely * self.unit_value

    @property
    def amount_high(self) -> Decimal:
        return self.high * self.unit_value


class FundingStatus(models.TextChoices):
    CONSIDERING = "considering", _("Considering")
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")


FUNDING_COUNTS_IN_ROI = (FundingStatus.APPLIED, FundingStatus.GRANTED)
"""Statuses whose expected amount reduces the one-off cost in the ROI."""


class FundingApplication(models.Model):
    """The company's application to a funding programme (a key of funding.yaml)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="funding")
    programme = models.CharField(max_length=50)
    status = models.CharField(_("status"), max_length=12, choices=FundingStatus.choices,
                              default=FundingStatus.CONSIDERING)
    expected_amount = models.DecimalField(_("expected amount (€)"), default=Decimal(0), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "programme"], name="one_application_per_programme"),
            models.CheckConstraint(condition=Q(expected_amount__gte=0), name="funding_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.programme


class FigureOverride(models.Model):
    """An organisation's own value for one of the guide's figures (a key of
    ``knowledge.topics.costs.figures`` or ``archetypes.figures``), with the reason. It replaces the
    guide's figure in every calculation of the organisation; deleting it resets to the guide."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    low = models.DecimalField(_("low"), max_digits=14, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(_("high"), max_digits=14, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_override_per_figure"),
            models.CheckConstraint(
                condition=(Q(value__isnull=False, low__isnull=True, high__isnull=True)
                           | Q(value__isnull=True, low__isnull=False, high__isnull=False, low__lte=F("high"))),
                name="override_value_or_range",
            ),
        ]

    def __str__(self) -> str:
        return self.key
