"""decisioncore: decision and finance maths for Partnerwijzer.

Pure functions on numpy arrays (numpy and the standard library only):
criterion weights (AHP), ranking (weighted sum, TOPSIS), evaluator
agreement (score spread, Kendall's W), robustness (SMAA-2, weight
sensitivity), project finance (PERT cost estimate, ROI simulation) and
results after the start (KPI trend and status, cost burn, realised and
conditioned return).
Results are frozen dataclasses; random methods take a
``numpy.random.Generator``; invalid input raises ``ValueError`` naming the
argument.  See docs/decisioncore.md.
"""

from decisioncore.agreement import (
    DISAGREEMENT_SHARE,
    AgreementResult,
    KendallResult,
    aggregate_scores,
    kendall_w,
)
from decisioncore.explain import CandidateProfile, candidate_profile
from decisioncore.finance import (
    PERCENTILES,
    Benefit,
    BenefitFactor,
    CostCategory,
    CostEstimate,
    RoiResult,
    RunningCost,
    cost_estimate,
    pert_sample,
    roi_simulation,
    s_curve,
)
from decisioncore.market import MIN_COMPANIES, Aggregate, aggregate, company_values, group_aggregates
from decisioncore.price import price_scores
from decisioncore.rank import Normalisation, RankResult, topsis, weighted_sum
from decisioncore.results import (
    BurnStatus,
    KpiStatus,
    KpiTrend,
    RealisedBenefit,
    TargetEstimate,
    burn_status,
    conditioned_roi,
    kpi_status,
    kpi_trend,
    percentile_of,
    planned_volume_per_unit,
    realised_benefit,
    target_date,
)
from decisioncore.robustness import SensitivityResult, SmaaResult, smaa, weight_sensitivity
from decisioncore.weights import (
    PRICE_WEIGHT_STRONG,
    PRICE_WEIGHT_WARNING,
    RANDOM_INDEX,
    AhpResult,
    InconsistentPair,
    PriceWeightLevel,
    ahp_aggregate,
    ahp_weights,
    normalise_weights,
    price_weight_warning,
)

__all__ = [
    "DISAGREEMENT_SHARE",
    "MIN_COMPANIES",
    "PERCENTILES",
    "PRICE_WEIGHT_STRONG",
    "PRICE_WEIGHT_WARNING",
    "RANDOM_INDEX",
    "Aggregate",
    "AgreementResult",
    "AhpResult",
    "Benefit",
    "BenefitFactor",
    "BurnStatus",
    "CandidateProfile",
    "CostCategory",
    "CostEstimate",
    "InconsistentPair",
    "KendallResult",
    "KpiStatus",
    "KpiTrend",
    "Normalisation",
    "PriceWeightLevel",
    "RankResult",
    "RealisedBenefit",
    "RoiResult",
    "RunningCost",
    "SensitivityResult",
    "SmaaResult",
    "TargetEstimate",
    "aggregate",
    "aggregate_scores",
    "ahp_aggregate",
    "ahp_weights",
    "burn_status",
    "candidate_profile",
    "company_values",
    "conditioned_roi",
    "cost_estimate",
    "group_aggregates",
    "kendall_w",
    "kpi_status",
    "kpi_trend",
    "normalise_weights",
    "percentile_of",
    "pert_sample",
    "planned_volume_per_unit",
    "price_scores",
    "price_weight_warning",
    "realised_benefit",
    "roi_simulation",
    "s_curve",
    "smaa",
    "target_date",
    "topsis",
    "weight_sensitivity",
    "weighted_sum",
]
