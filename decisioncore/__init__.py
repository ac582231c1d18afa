"""decisioncore: decision and finance maths for Partnerwijzer.

Pure functions on numpy arrays (numpy and the standard library only):
criterion weights (AHP), ranking (weighted sum, TOPSIS), evaluator
agreement (score spread, Kendall's W), robustness (SMAA-2, weight
sensitivity) and project finance (PERT cost estimate, ROI simulation).
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
from decisioncore.price import price_scores
from decisioncore.rank import Normalisation, RankResult, topsis, weighted_sum
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
    "PERCENTILES",
    "PRICE_WEIGHT_STRONG",
    "PRICE_WEIGHT_WARNING",
    "RANDOM_INDEX",
    "AgreementResult",
    "AhpResult",
    "Benefit",
    "BenefitFactor",
    "CostCategory",
    "CostEstimate",
    "InconsistentPair",
    "KendallResult",
    "Normalisation",
    "PriceWeightLevel",
    "RankResult",
    "RoiResult",
    "RunningCost",
    "SensitivityResult",
    "SmaaResult",
    "aggregate_scores",
    "ahp_aggregate",
    "ahp_weights",
    "cost_estimate",
    "kendall_w",
    "normalise_weights",
    "pert_sample",
    "price_scores",
    "price_weight_warning",
    "roi_simulation",
    "s_curve",
    "smaa",
    "topsis",
    "weight_sensitivity",
    "weighted_sum",
]
