"""The return API never writes NaN or infinity (invalid JSON): an ROI over a cost of 0 is "no
value" (null). Found by the schemathesis run of the published schema."""

from __future__ import annotations

import json
import math

from partnerwijzer.budget.returns import api as returns_api


def test_non_finite_percentiles_become_null() -> None:
    out = returns_api._percentiles((math.nan, 1.5, math.inf))
    assert (out.p10, out.p50, out.p90) == (None, 1.5, None)
    json.loads(out.model_dump_json())  # valid JSON, no NaN
    assert returns_api._finite(-math.inf) is None
    assert returns_api._finite(0.0) == 0.0
