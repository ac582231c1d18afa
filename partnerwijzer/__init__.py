"""Partnerwijzer: the Django project."""

import os

# One BLAS thread per process: the budget simulation and the ranking do small matrix products,
# for which several threads per web worker cost more than they gain on a busy server
# (docs/benchmarks.md measured a 500 ms page at 650 ms under load with the default).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
