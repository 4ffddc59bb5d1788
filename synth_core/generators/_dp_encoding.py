"""How the DP generator encodes columns into its declared domain, and learns undeclared domains privately.

Every modelled column becomes codes 0..size-1 (categories in declared order, or numerical bins; missing
last), which is all MST sees. A column whose domain is not declared gets its bounds or categories from
noisy counts, paid for out of ε (see `synth_core.generators.dp_mst` for the accounting). The noise comes
from a seeded numpy generator or from OpenDP's secure source (`Noise`).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from synth_core.dp_domain import ColumnDomain, DeclaredDomain, bound_numbers
from synth_core.schema import ColumnKind

_POWERS = 64  # approx bounds: bins [2^k, 2^(k+1)) on each side of zero, as in smartnoise's approx_bounds


class Noise:
    """Gaussian and Laplace noise: from a seeded numpy generator, or from OpenDP's secure source."""

    def __init__(self, rng: np.random.Generator | None) -> None:
        self.rng = rng
        # For choosing the tree: from the seed, or (secure) from randomness the seed does not determine.
        self.selection = rng if rng is not None else np.random.default_rng(secrets.randbits(128))

    def gaussian(self, sigma: float, size: int) -> np.ndarray:
        if self.rng is None:
            from snsynth.utils import gaussian_noise

            return np.asarray(gaussian_noise(sigma, size), dtype=float)
        return self.rng.normal(0.0, sigma, size)

    def laplace(self, scale: float, size: int) -> np.ndarray:
        if self.rng is None:
            from snsynth.utils import laplace_noise

            return np.asarray(laplace_noise(scale, size), dtype=float)
        return self.rng.laplace(0.0, scale, size)


@dataclass
class Codec:
    """One column's values as codes 0..size-1: categories in order, or numerical bins; missing last."""

    name: str
    kind: ColumnKind
    categories: tuple[Any, ...] = ()
    lower: float = 0.0
    upper: float = 0.0
    bins: int = 0
    integer: bool = False
    missing: bool = True

    @property
    def slots(self) -> int:
        return self.bins if self.bins else len(self.categories)

    @property
    def size(self) -> int:
        return max(1, self.slots + int(self.missing))

    def encode(self, values: pd.Series) -> np.ndarray:
        """Codes per value; -1 where the value fits nowhere (the row is then left out)."""
        absent = values.isna().to_numpy()
        if self.bins:
            numbers = _numbers(values, self.kind).to_numpy(dtype=float)
            clipped = np.clip(np.nan_to_num(numbers, nan=self.lower), self.lower, self.upper)
            width = (self.upper - self.lower) / self.bins
            codes = np.minimum(((clipped - self.lower) / width).astype(np.int64), self.bins - 1)
            if self.integer and self.bins == self.upper - self.lower + 1:
                codes = np.round(clipped - self.lower).astype(np.int64)
        else:
            lookup = {value: index for index, value in enumerate(self.categories)}
            codes = np.array([_lookup(lookup, value) for value in values.tolist()], dtype=np.int64)
            absent = absent | (codes < 0)
        fallback = self.slots if self.missing else -1
        return np.where(absent, fallback, codes)

    def decode(self, codes: np.ndarray, rng: np.random.Generator) -> pd.Series:
        """Values for codes: the category, or a uniform draw inside the bin (whole numbers if integer)."""
        absent = codes >= self.slots
        inside = np.where(absent, 0, codes)
        if not self.bins:
            values = pd.Series([self.categories[code] if self.categories else None for code in inside], dtype=object)
            return values.mask(absent)
        if self.integer and self.bins == self.upper - self.lower + 1:
            numbers = self.lower + inside.astype(float)
        else:
            width = (self.upper - self.lower) / self.bins
            numbers = self.lower + (inside + rng.random(len(codes))) * width
            if self.integer:
                numbers = np.clip(np.round(numbers), math.ceil(self.lower), math.floor(self.upper))
        numbers = np.where(absent, np.nan, numbers)
        if self.kind is ColumnKind.DATETIME:
            return pd.Series(pd.to_datetime(numbers, unit="ns"))
        return pd.Series(numbers)


def _lookup(lookup: dict[Any, int], value: Any) -> int:
    try:
        return lookup.get(value, -1)
    except TypeError:  # an unhashable cell is outside every declared domain
        return -1


def _numbers(values: pd.Series, kind: ColumnKind) -> pd.Series:
    if kind is ColumnKind.DATETIME:
        stamps = pd.to_datetime(values, errors="coerce")
        return stamps.astype("int64").astype(float).where(stamps.notna())
    return pd.to_numeric(values, errors="coerce").astype(float)


def column_codec(
    name: str,
    kind: ColumnKind,
    values: pd.Series,
    domain: DeclaredDomain | None,
    bins: int,
    budget: tuple[float, float],
    noise: Noise,
) -> Codec:
    """The column's codec: from its declared domain, for free (booleans), or learnt with (ε_c, δ_c)."""
    declared: ColumnDomain | None = domain.column(name) if domain else None
    # Whether a column holds whole numbers is read from its type, which is part of the public schema.
    integer = pd.api.types.is_integer_dtype(values.dtype)
    if declared is not None and declared.categories:
        return Codec(name, kind, categories=declared.categories, missing=declared.missing)
    if declared is not None:
        lower, upper = bound_numbers(declared, kind)
        return _bins(name, kind, lower, upper, bins, integer, declared.missing)
    if kind is ColumnKind.BOOLEAN and pd.api.types.is_bool_dtype(values.dtype):
        return Codec(name, kind, categories=(False, True), missing=False)
    epsilon, delta = budget
    if kind.is_numeric_like or (kind is ColumnKind.ORDINAL and pd.api.types.is_numeric_dtype(values.dtype)):
        bounds = private_bounds(_numbers(values, kind).dropna().to_numpy(), epsilon, noise)
        if bounds is None:
            return Codec(name, kind, missing=True)  # no slot: every synthetic value is missing
        return _bins(name, kind, *bounds, bins, integer, missing=True)
    return Codec(name, kind, categories=private_categories(values, epsilon, delta, noise), missing=True)


def _bins(name: str, kind: ColumnKind, lower: float, upper: float, bins: int, integer: bool, missing: bool) -> Codec:
    if integer:
        lower, upper = float(math.floor(lower)), float(math.ceil(upper))
        if upper - lower + 1 <= bins:
            bins = int(upper - lower + 1)  # one bin per whole number: decoded exactly
    return Codec(name, kind, lower=lower, upper=upper, bins=bins, integer=integer, missing=missing)


def private_bounds(numbers: np.ndarray, epsilon: float, noise: Noise) -> tuple[float, float] | None:
    """ε-DP lower and upper bounds: the outermost power-of-two bins whose Laplace-noised count is clearly positive.

    Returns None when no bin passes (too few rows for this ε).

    The method of smartnoise's `approx_bounds` (after Desfontaines), vectorised: bins [2^k, 2^(k+1)) for
    k = 0..63 on each side of zero, plus [0, 1) and (-1, 0]; one row moves one count by one.
    """
    magnitudes = np.floor(np.log2(np.maximum(np.abs(numbers), 1.0))).astype(np.int64)
    magnitudes = np.clip(magnitudes + (np.abs(numbers) >= 1.0), 0, _POWERS)  # 0 for |x| < 1, else k + 1
    index = np.where(numbers >= 0, _POWERS + magnitudes, _POWERS - 1 - magnitudes)
    counts = np.bincount(index, minlength=2 * _POWERS + 1).astype(float)
    noisy = counts + noise.laplace(1.0 / epsilon, counts.size)
    # Thresholds an empty bin's noise passes with a small probability, loosened until a bin passes
    # (post-processing of the noisy counts, as in smartnoise).
    passing = np.array([], dtype=np.int64)
    failure = 1e-9
    while passing.size == 0 and failure <= 1 / (2 * counts.size):
        threshold = -math.log(2 - 2 * (1 - failure) ** (1 / (counts.size - 1))) / epsilon
        passing = np.flatnonzero(noisy > threshold)
        failure *= 10
    if passing.size == 0:
        return None  # nothing stands out from the noise: the column is left empty (a run note says so)
    return _bin_edge(int(passing[0]), lower=True), _bin_edge(int(passing[-1]), lower=False)


def _bin_edge(index: int, *, lower: bool) -> float:
    """The outer edge of a power-of-two bin from `private_bounds`."""
    if index >= _POWERS:  # non-negative side: [0, 1) for magnitude 0, [2^(m-1), 2^m) otherwise
        magnitude = index - _POWERS
        return 0.0 if lower and magnitude == 0 else (2.0 ** (magnitude - 1) if lower else 2.0**magnitude)
    magnitude = _POWERS - 1 - index
    return -(2.0**magnitude) if lower else (0.0 if magnitude == 0 else -(2.0 ** (magnitude - 1)))


def private_categories(values: pd.Series, epsilon: float, delta: float, noise: Noise) -> tuple[Any, ...]:
    """(ε, δ)-DP categories: those whose Laplace(1/ε)-noised count exceeds 1 + ln(1/(2δ))/ε.

    A value held by one row only passes with probability at most δ, so which values appear is
    (ε, δ)-DP (the stability-based histogram). The kept values are sorted by their text, not by count.
    """
    counts = values.dropna().value_counts()
    noisy = counts.to_numpy(dtype=float) + noise.laplace(1.0 / epsilon, len(counts))
    threshold = 1.0 + math.log(1.0 / (2.0 * delta)) / epsilon
    kept = [value for value, count in zip(counts.index.tolist(), noisy, strict=True) if count > threshold]
    return tuple(sorted(kept, key=str))
