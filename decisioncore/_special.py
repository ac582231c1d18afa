"""Special functions needed without scipy: the chi-square survival function."""

from __future__ import annotations

import math

__all__ = ["chi2_sf", "gammaincc"]

_EPS = 1e-16
_TINY = 1e-300
_MAX_ITER = 10_000


def gammaincc(a: float, x: float) -> float:
    r"""Regularised upper incomplete gamma function :math:`Q(a, x)`.

    .. math::  Q(a, x) = \frac{1}{\Gamma(a)} \int_x^\infty t^{a-1} e^{-t}\,dt

    Uses the power series of :math:`P = 1 - Q` for :math:`x < a + 1` and the
    continued fraction (modified Lentz) otherwise, as in Press et al. (2007),
    *Numerical Recipes*, 3rd ed., sec. 6.2; relative accuracy about 1e-14.
    """
    if not (a > 0.0) or not (x >= 0.0):
        raise ValueError(f"gammaincc: need a > 0 and x >= 0, got a={a!r}, x={x!r}")
    if x == 0.0:
        return 1.0
    if math.isinf(x):
        return 0.0
    log_prefactor = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        # series: P(a, x) = e^-x x^a / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n))
        term = 1.0 / a
        total = term
        ap = a
        for _ in range(_MAX_ITER):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        p = total * math.exp(log_prefactor)
        return max(0.0, 1.0 - p)
    # continued fraction for Q(a, x), modified Lentz
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < _TINY:
            d = _TINY
        c = b + an / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    # for x >= a + 1, Q(a, x) <= Q(a, a + 1) < 0.6: no clipping at 1 needed
    return math.exp(log_prefactor) * h


def chi2_sf(x: float, df: float) -> float:
    r"""Survival function :math:`P(X > x)` of a chi-square variable with ``df``
    degrees of freedom: :math:`Q(df/2, x/2)`."""
    if not (df > 0.0):
        raise ValueError(f"df: must be positive, got {df!r}")
    if x <= 0.0:
        return 1.0
    return gammaincc(0.5 * df, 0.5 * x)
