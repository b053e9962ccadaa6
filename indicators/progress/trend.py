"""The recent trend: a least-squares line through the latest published observations.

- Only years that were published take part; gaps stay gaps (SMHI's municipal series
  jump 1990 → 2000 → 2005 → 2010 and are never interpolated here).
- ``linear`` fits value = a + b·year; ``log_linear`` fits ln(value) = a + b·year, i.e. a
  constant yearly percentage (e^b − 1). Log-linear is impossible when a value is zero or
  negative (net emissions can be); the fit then falls back to linear and says so in
  ``fell_back``.
- The interval around a projection is a prediction interval for one future value:
  ŷ ± t(1 − α/2; n − 2) · s · √(1 + 1/n + (x − x̄)² / Sxx), with s the residual standard
  error (in log space for log-linear, then exponentiated, so it is asymmetric). It needs
  at least three points (one degree of freedom); with fewer it is None. It describes
  the scatter of the recent values around their line, not revisions or policy changes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from indicators.progress.model import TrendModel
from indicators.progress.series import DataPoint

# exp() overflows just above 709; projections that steep are meaningless anyway, so
# they are clamped rather than crashing a page.
_MAX_EXP = 700.0


def student_t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with an integer number of degrees of freedom.

    Closed forms for integer df (Abramowitz & Stegun 26.7.3 and 26.7.4), so no SciPy.
    """
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2 == 1:
        total, term = 1.0, 1.0
        for k in range(1, (df - 1) // 2):
            term *= c2 * (2 * k) / (2 * k + 1)
            total += term
        inner = theta if df == 1 else theta + math.sin(theta) * math.cos(theta) * total
        a = 2 / math.pi * inner
    else:
        total, term = 1.0, 1.0
        for k in range(1, df // 2):
            term *= c2 * (2 * k - 1) / (2 * k)
            total += term
        a = math.sin(theta) * total
    # The closed forms can overshoot 1 by a rounding error far in the tail.
    return min(1.0, max(0.0, 0.5 + 0.5 * a))


@functools.lru_cache(maxsize=512)
def student_t_quantile(p: float, df: int) -> float:
    """The t with P(T ≤ t) = p, found by bisection on ``student_t_cdf``.

    Memoised: a chart's band asks for the same (p, df) for every year it covers."""
    if not 0 < p < 1:
        raise ValueError("p must be strictly between 0 and 1")
    if p < 0.5:
        return -student_t_quantile(1 - p, df)
    lo, hi = 0.0, 1.0
    while student_t_cdf(hi, df) < p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if student_t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@dataclass(frozen=True)
class TrendFit:
    """A least-squares line through the observations of the trend window.

    Stored centred on the mean year: fitted = intercept + slope · (year − x_mean), in
    the value's unit (linear) or in ln(value) (log-linear).
    """

    model: TrendModel
    years: tuple[int, ...]
    intercept: float
    slope: float
    x_mean: float
    sxx: float
    residual_se: float | None
    fell_back: bool = False

    @property
    def n(self) -> int:
        return len(self.years)

    def _z(self, year: float) -> float:
        return self.intercept + self.slope * (year - self.x_mean)

    def _to_value(self, z: float) -> float:
        if self.model is TrendModel.LOG_LINEAR:
            return math.exp(max(-_MAX_EXP, min(_MAX_EXP, z)))
        return z

    def predict(self, year: float) -> float:
        """The trend's value in ``year`` (any year: inside the window or projected)."""
        return self._to_value(self._z(year))

    def predict_each(self, years: Iterable[int]) -> list[float]:
        """``predict`` of each of ``years`` (the same numbers), in one pass: the Paris
        check projects every year to 2050 for each of 290 municipalities."""
        intercept, slope, x_mean = self.intercept, self.slope, self.x_mean
        zs = [intercept + slope * (year - x_mean) for year in years]
        if self.model is not TrendModel.LOG_LINEAR:
            return zs
        # ``_to_value`` only for the rare value it clamps: exp(z) is its answer in between.
        return [math.exp(z) if -_MAX_EXP < z < _MAX_EXP else self._to_value(z) for z in zs]

    def interval(self, year: float, level: float = 0.95) -> tuple[float, float] | None:
        """A prediction interval for the value in ``year``; None with fewer than 3 points."""
        if self.residual_se is None:
            return None
        t = student_t_quantile(0.5 + level / 2, self.n - 2)
        leverage = 1 + 1 / self.n + (year - self.x_mean) ** 2 / self.sxx
        half = t * self.residual_se * math.sqrt(leverage)
        z = self._z(year)
        return self._to_value(z - half), self._to_value(z + half)

    @property
    def annual_rate_pct(self) -> float | None:
        """For log-linear fits the yearly change in % (e^slope − 1); None for linear (and
        for a slope so steep the percentage would overflow)."""
        if self.model is TrendModel.LOG_LINEAR and self.slope < _MAX_EXP:
            return math.expm1(self.slope) * 100
        return None

    def direction(self) -> int:
        """−1 falling, +1 rising, 0 flat (a slope within float noise of zero)."""
        span = max(self.years) - min(self.years)
        scale = 1.0 if self.model is TrendModel.LOG_LINEAR else max(abs(self.intercept), 1e-300)
        if abs(self.slope) * span <= 1e-9 * scale:
            return 0
        return -1 if self.slope < 0 else 1


def fit_trend(points: Sequence[DataPoint], model: TrendModel) -> TrendFit | None:
    """Fit ``model`` to ``points`` by ordinary least squares; None with fewer than 2 points."""
    if len(points) < 2:
        return None
    fell_back = False
    if model is TrendModel.LOG_LINEAR and any(p.value <= 0 for p in points):
        model, fell_back = TrendModel.LINEAR, True
    # Lists rather than generators inside fsum, and zip without its length check (xs, ys
    # and dx are made from the same points): the same sums in the same order, a little
    # cheaper for a comparison that fits 290 municipalities' windows.
    xs = [float(p.year) for p in points]
    if model is TrendModel.LOG_LINEAR:
        ys = [math.log(p.value) for p in points]
    else:
        ys = [p.value for p in points]
    n = len(xs)
    x_mean = math.fsum(xs) / n
    y_mean = math.fsum(ys) / n
    dx = [x - x_mean for x in xs]
    sxx = math.fsum([d * d for d in dx])
    slope = math.fsum([d * (y - y_mean) for d, y in zip(dx, ys)]) / sxx  # noqa: B905
    residual_se = None
    if n > 2:
        ssr = math.fsum([(y - y_mean - slope * d) ** 2 for d, y in zip(dx, ys)])  # noqa: B905
        residual_se = math.sqrt(ssr / (n - 2))
    return TrendFit(
        model=model,
        years=tuple(p.year for p in points),
        intercept=y_mean,
        slope=slope,
        x_mean=x_mean,
        sxx=sxx,
        residual_se=residual_se,
        fell_back=fell_back,
    )
