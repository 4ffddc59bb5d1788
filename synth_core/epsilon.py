"""What ε promises, for one noisy count: the two output distributions it bounds, and the promise in words.

A count over the training rows is released with Laplace noise of scale 1/ε. Its output distribution is
computed twice: on the real rows without you, and with you (one more). Wherever the released number lands,
one density is at most e^ε times the other, so whoever sees the output cannot tell well whether you were in
the data. The smaller ε, the closer the densities and the noisier the count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

WITHOUT_YOU = 100  # an illustrative count; only the difference of one row matters
CURVE_POINTS = 801


@dataclass(frozen=True)
class EpsilonCurves:
    """The densities of one count released with Laplace noise, without and with one person's row.

    Attributes:
        epsilon: The privacy budget, greater than 0.
        true_count: The count without you; with you it is one more.
        released: The released values at which both densities are given.
        without_you: The density of the released count computed without your row.
        with_you: The same with your row.
    """

    epsilon: float
    true_count: int
    released: tuple[float, ...]
    without_you: tuple[float, ...]
    with_you: tuple[float, ...]

    @property
    def bound(self) -> float:
        """e^ε: the most one density can exceed the other, anywhere."""
        return math.exp(self.epsilon)


def laplace_density(values: np.ndarray, centre: float, epsilon: float) -> np.ndarray:
    """The density of a count released with Laplace noise of scale 1/ε (sensitivity one row)."""
    scale = 1.0 / epsilon
    return np.exp(-np.abs(values - centre) / scale) / (2 * scale)


def calculate_epsilon_curves(epsilon: float) -> EpsilonCurves:
    """The two output densities of one noisy count, with and without one person's row.

    Args:
        epsilon: The privacy budget, greater than 0.

    Returns:
        Both densities on a shared range wide enough to show their tails.

    Raises:
        ValueError: ε is not greater than 0.
    """
    if epsilon <= 0:
        raise ValueError(f"ε must be greater than 0, got {epsilon}.")
    reach = max(4.0, 5.0 / epsilon)
    values = np.linspace(WITHOUT_YOU - reach, WITHOUT_YOU + 1 + reach, CURVE_POINTS)
    return EpsilonCurves(
        epsilon=epsilon,
        true_count=WITHOUT_YOU,
        released=tuple(values.tolist()),
        without_you=tuple(laplace_density(values, WITHOUT_YOU, epsilon).tolist()),
        with_you=tuple(laplace_density(values, WITHOUT_YOU + 1, epsilon).tolist()),
    )


def epsilon_sentence(epsilon: float) -> str:
    """What ε promises, in one sentence with its numbers."""
    ratio = math.exp(epsilon)
    spread = math.log(1 / 0.05) / epsilon  # 95% of Laplace draws fall within this distance
    return (
        f"At ε = {epsilon:g}, any result is at most {ratio:,.1f}× as likely with your row as without it, and a "
        f"released count is off by less than {spread:,.1f} in 95% of draws."
    )
