"""One column's real and synthetic distributions, counted on shared bins or categories.

Numbers and dates are counted on shared bins, everything else as each category's share of rows (the real
data's most common categories, the rest as "(other)"). Only shares are kept, never a row's value, so a
picture drawn from them can go into a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from synth_core.schema import ColumnKind

HISTOGRAM_BINS = 40
MAX_CATEGORIES = 25
DistributionForm = Literal["histogram", "categories", "empty"]


@dataclass(frozen=True)
class ColumnDistribution:
    """Shares of rows per bin or category, for the real and the synthetic side of one column.

    Attributes:
        column: The column's name.
        form: "histogram" (shared bins of numbers or dates), "categories", or "empty" (no values at all).
        positions: Bin centres (numbers, or timestamps for dates), or category labels, in drawing order.
        real_shares: The real rows' share in each position (0 to 1).
        synthetic_shares: The synthetic rows' share in each position (0 to 1).
    """

    column: str
    form: DistributionForm
    positions: tuple[Any, ...]
    real_shares: tuple[float, ...]
    synthetic_shares: tuple[float, ...]


def calculate_column_distribution(real: pd.Series, synthetic: pd.Series, *, kind: ColumnKind) -> ColumnDistribution:
    """Count one column's real and synthetic values on shared bins (numbers, dates) or categories (the rest).

    Args:
        real: The real column.
        synthetic: The synthetic column.
        kind: The column's kind, which picks bins or categories.

    Returns:
        The shares of rows on each side, on the same positions.
    """
    column = str(real.name)
    if kind is ColumnKind.NUMERICAL and pd.api.types.is_numeric_dtype(real):
        return _histogram(column, real.astype(float), synthetic.astype(float))
    if kind is ColumnKind.DATETIME:
        return _histogram(column, _as_dates(real), _as_dates(synthetic))
    return _categories(column, real, synthetic)


def _as_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce")


def _histogram(column: str, real: pd.Series, synthetic: pd.Series) -> ColumnDistribution:
    """Shares of rows per shared bin; dates are binned as nanoseconds and their centres given back as timestamps."""
    both = pd.concat([real.dropna(), synthetic.dropna()])
    if both.empty:
        return ColumnDistribution(column=column, form="empty", positions=(), real_shares=(), synthetic_shares=())
    is_date = pd.api.types.is_datetime64_any_dtype(both)

    def as_numbers(values: pd.Series) -> np.ndarray:
        present = values.dropna()
        return present.astype("int64").to_numpy(float) if is_date else present.to_numpy(float)

    low, high = float(as_numbers(both).min()), float(as_numbers(both).max())
    edges = np.linspace(low, high if high > low else low + 1.0, HISTOGRAM_BINS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    shares = []
    for values in (real, synthetic):
        counts, _ = np.histogram(as_numbers(values), bins=edges)
        shares.append(tuple((counts / max(counts.sum(), 1)).tolist()))
    positions = tuple(pd.to_datetime(centres)) if is_date else tuple(centres.tolist())
    return ColumnDistribution(
        column=column, form="histogram", positions=positions, real_shares=shares[0], synthetic_shares=shares[1]
    )


def _categories(column: str, real: pd.Series, synthetic: pd.Series) -> ColumnDistribution:
    """Each of the real data's most common categories' share of rows, the rest lumped as "(other)"."""
    real_text = real.astype("string").fillna("(missing)")
    synthetic_text = synthetic.astype("string").fillna("(missing)")
    top = real_text.value_counts().index[:MAX_CATEGORIES]
    shares = pd.DataFrame({"Real": _shares(real_text, top), "Synthetic": _shares(synthetic_text, top)}).fillna(0.0)
    return ColumnDistribution(
        column=column,
        form="categories",
        positions=tuple(shares.index.astype(str)),
        real_shares=tuple(shares["Real"].astype(float).tolist()),
        synthetic_shares=tuple(shares["Synthetic"].astype(float).tolist()),
    )


def _shares(values: pd.Series, top: pd.Index) -> pd.Series:
    lumped = values.where(values.isin(top), "(other)")
    return lumped.value_counts(normalize=True)
