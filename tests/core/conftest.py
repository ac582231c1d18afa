"""Hypothesis profile for `make mutation`: the same examples on every run, no example database.

Mutation testing runs these tests once per mutant; with a fixed seed the verdict of a mutant does
not depend on which random examples a run happened to try, so scores can be compared between runs.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("mutation", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
