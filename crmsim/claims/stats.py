"""The statistics that decide whether a claim holds, on one number per seed.

Each claim reduces every seed's runs to one number (a difference between two
scenarios run with the same seed, a ratio, a share ...). Across seeds these
numbers are independent draws, so the claim's verdict is a one-sample test on
them:

- ``"se"`` test: the mean lies beyond ``z`` standard errors of the threshold
  (``(mean - threshold) / se > z`` for "greater"), the criterion the course
  register uses by default (``z = 3``);
- ``"sign"`` test: the share of seeds on the expected side is larger than
  chance, one-sided binomial ``p < alpha`` (for skewed measures);
- ``"between"``: the whole band ``mean +- z se`` lies inside ``[lo, hi]`` (an
  approximate equality, e.g. T = N / M against the mean lifetime).

The reported interval is the 95 % Student-t confidence interval of the mean.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as _st

from crmsim.validation import invalid

__all__ = ["Criterion", "Verdict", "evaluate", "sign_test_p"]

KINDS = ("greater", "less", "between")
TESTS = ("se", "sign")


@dataclass(frozen=True)
class Criterion:
    """When a claim holds, given one measured number per seed.

    Parameters
    ----------
    kind : {"greater", "less", "between"}
        The expected side: above ``threshold``, below it, or inside
        ``[threshold, upper]``.
    threshold : float
        The value the measure is compared with (the lower bound for "between").
    upper : float, optional
        Upper bound, for ``kind="between"`` only.
    z : float
        Standard errors the mean must clear (``"se"`` test and "between").
    test : {"se", "sign"}
        Mean against standard error, or a sign test over seeds.
    alpha : float
        Level of the one-sided sign test.
    """

    kind: str = "greater"
    threshold: float = 0.0
    upper: float | None = None
    z: float = 3.0
    test: str = "se"
    alpha: float = 0.05

    def __post_init__(self) -> None:
        """Check the kind, the test and the bounds."""
        if self.kind not in KINDS:
            raise invalid("kind", self.kind, ", ".join(KINDS))
        if self.test not in TESTS:
            raise invalid("test", self.test, ", ".join(TESTS))
        if self.kind == "between":
            if self.upper is None or not self.upper > self.threshold:
                raise invalid("upper", self.upper, f"a number > {self.threshold}")
            if self.test != "se":
                raise invalid("test", self.test, "se for kind='between'")
        elif self.upper is not None:
            raise invalid("upper", self.upper, "None unless kind='between'")
        if not self.z > 0:
            raise invalid("z", self.z, "a number > 0")
        if not 0 < self.alpha < 1:
            raise invalid("alpha", self.alpha, "a number between 0 and 1")

    def expected(self) -> str:
        """The expected value as a short text: ``> 0``, ``< 0.5``, ``0.85-1.15``."""
        if self.kind == "greater":
            return f"> {self.threshold:g}"
        if self.kind == "less":
            return f"< {self.threshold:g}"
        return f"{self.threshold:g} to {self.upper:g}"

    def describe(self) -> str:
        """The decision rule in words."""
        if self.kind == "between":
            return f"mean +- {self.z:g} SE inside [{self.threshold:g}, {self.upper:g}]"
        side = ">" if self.kind == "greater" else "<"
        if self.test == "sign":
            return (
                f"sign test: seeds with value {side} {self.threshold:g}, "
                f"one-sided p < {self.alpha:g}"
            )
        return f"mean {side} {self.threshold:g} by more than {self.z:g} SE"


@dataclass(frozen=True)
class Verdict:
    """The measured number of a claim over its seeds, and whether it holds."""

    n: int
    mean: float
    se: float
    ci_low: float
    ci_high: float
    score: float
    """Standard errors from the threshold on the expected side (se test), or
    the sign test's p value (sign test)."""
    holds: bool


def sign_test_p(values: Sequence[float], threshold: float, greater: bool) -> float:
    """One-sided sign-test p value that values lie above (below) ``threshold``.

    Values equal to the threshold are dropped (the usual convention); ``p`` is
    the binomial chance of at least as many values on the expected side when
    each side has probability 1/2.

    Examples
    --------
    >>> sign_test_p([1, 2, 3, 4, 5], 0.0, greater=True)
    0.03125
    """
    v = np.asarray(values, dtype=float)
    v = v[v != threshold]
    if v.size == 0:
        return 1.0
    k = int(np.sum(v > threshold if greater else v < threshold))
    return float(_st.binom.sf(k - 1, v.size, 0.5))


def evaluate(values: Sequence[float], criterion: Criterion) -> Verdict:
    """Decide a criterion on one number per seed (NaN values are dropped).

    With fewer than two finite values the claim cannot be tested and does not
    hold. A zero standard error (every seed gives the same number, e.g. an
    accounting identity) decides by the mean alone.

    Examples
    --------
    >>> v = evaluate([1.0, 1.2, 0.8, 1.1, 0.9], Criterion("greater", 0.0))
    >>> round(v.mean, 3), round(v.se, 4), v.holds
    (1.0, 0.0707, True)
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = int(v.size)
    if n < 2:
        mean = float(v.mean()) if n else math.nan
        return Verdict(n, mean, math.nan, math.nan, math.nan, math.nan, False)
    mean = float(v.mean())
    se = float(v.std(ddof=1) / math.sqrt(n))
    half = float(_st.t.ppf(0.975, n - 1)) * se
    c = criterion
    if c.kind == "between":
        margin = min(mean - c.threshold, c.upper - mean)
        score = margin / se if se > 0 else math.copysign(math.inf, margin)
        holds = mean - c.z * se >= c.threshold and mean + c.z * se <= c.upper
    elif c.test == "sign":
        score = sign_test_p(v, c.threshold, c.kind == "greater")
        holds = score < c.alpha
    else:
        gap = mean - c.threshold if c.kind == "greater" else c.threshold - mean
        score = gap / se if se > 0 else (math.copysign(math.inf, gap) if gap else 0.0)
        holds = score > c.z
    return Verdict(n, mean, se, mean - half, mean + half, float(score), bool(holds))
