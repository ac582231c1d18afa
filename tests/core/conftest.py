"""Hypothesis profile for `make mutation`: the same examples on every run, no example database (and,
as every profile of the suite, no deadline: the root conftest.py).

Mutation testing runs these tests once per mutant; with a fixed seed the verdict of a mutant does
not depend on which random examples a run happened to try, so scores can be compared between runs.
"""

from __future__ import annotations

import os

from hypothesis import settings

# Registered here too (as in the root conftest.py), so `make mutation`'s copy of the tests needs nothing else.
settings.register_profile("partnerwijzer", deadline=None)
settings.register_profile("mutation", deadline=None, derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "partnerwijzer"))
