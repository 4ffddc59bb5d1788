"""Association strength between every pair of columns, for any mix of numbers and categories.

Every value lies between 0 (no association) and 1 (one column determines the other), so real,
synthetic and their difference share one scale:
- two numbers: the absolute Pearson correlation;
- two categories: Cramér's V with Bergsma's bias correction;
- a number and a category: the correlation ratio η (how much of the number's variance the
  categories explain, square-rooted).
Dates count as numbers; ordinal and boolean columns count as categories.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from synth_core.progress import ProgressCallback, reporter
from synth_core.schema import ColumnKind, TableSchema

MAX_LEVELS = 200  # more levels than this are lumped into "other" to keep contingency tables small


def association_columns(schema: TableSchema) -> list[str]:
    """The modelled columns an association can be computed for."""
    return schema.modelled_columns  # every learnt kind is a number, a date or a category


def calculate_real_and_synthetic_associations(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, schema: TableSchema, progress: ProgressCallback | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The association matrices of the real and the synthetic rows, as the Fidelity page compares them."""
    report = reporter(progress)
    report(0.0, "Measuring associations in the real rows")
    real_matrix = calculate_associations(real, schema=schema)
    report(0.5, "Measuring associations in the synthetic rows")
    return real_matrix, calculate_associations(synthetic, schema=schema)


def calculate_associations(frame: pd.DataFrame, *, schema: TableSchema) -> pd.DataFrame:
    """A symmetric matrix of association strengths between the modelled columns.

    Args:
        frame: Real or synthetic rows.
        schema: Column kinds.

    Returns:
        A square DataFrame indexed and labelled by column name, with 1 on the diagonal and NaN where
        a pair has too little data.
    """
    names = association_columns(schema)
    kinds = {c.name: c.kind for c in schema.columns}
    prepared = {name: _prepare(frame[name], kinds[name]) for name in names}
    matrix = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            value = _association(prepared[first], prepared[second])
            matrix.loc[first, second] = matrix.loc[second, first] = value
    return matrix


def _prepare(values: pd.Series, kind: ColumnKind) -> pd.Series:
    if kind.is_numeric_like:
        if kind is ColumnKind.DATETIME or not pd.api.types.is_numeric_dtype(values):
            parsed = pd.to_datetime(values, errors="coerce")
            numbers = pd.Series(parsed.astype("int64").where(parsed.notna()), index=values.index, dtype=float)
        else:
            numbers = values.astype(float)
        # Every measure here ignores a shift; without it, dates in nanoseconds (about 1e18) lose so much
        # precision that a constant column shows variance and the correlation ratio exceeds 1.
        return numbers - numbers.min()
    text = values.astype("string")
    top = text.value_counts().index[:MAX_LEVELS]
    return pd.Series(pd.Categorical(text.where(text.isin(top) | text.isna(), "other")), index=values.index)


def _association(first: pd.Series, second: pd.Series) -> float:
    both = first.notna() & second.notna()
    first, second = first[both], second[both]
    if len(first) < 3:
        return math.nan
    first_numeric = first.dtype != "category"
    second_numeric = second.dtype != "category"
    if first_numeric and second_numeric:
        if first.std() == 0 or second.std() == 0:
            return math.nan
        return abs(float(np.corrcoef(first, second)[0, 1]))
    if not first_numeric and not second_numeric:
        return _cramers_v(first, second)
    numbers, groups = (first, second) if first_numeric else (second, first)
    return _correlation_ratio(numbers, groups)


def _cramers_v(first: pd.Series, second: pd.Series) -> float:
    table = pd.crosstab(first, second).to_numpy(dtype=float)
    rows, columns = table.shape
    if rows < 2 or columns < 2:
        return math.nan
    total = table.sum()
    expected = table.sum(axis=1, keepdims=True) @ table.sum(axis=0, keepdims=True) / total
    chi2 = float(((table - expected) ** 2 / expected).sum())
    phi2 = chi2 / total
    # Bergsma (2013) bias correction: small samples otherwise show association where there is none.
    phi2_corrected = max(0.0, phi2 - (rows - 1) * (columns - 1) / (total - 1))
    rows_corrected = rows - (rows - 1) ** 2 / (total - 1)
    columns_corrected = columns - (columns - 1) ** 2 / (total - 1)
    denominator = min(rows_corrected - 1, columns_corrected - 1)
    return math.sqrt(phi2_corrected / denominator) if denominator > 0 else math.nan


def _correlation_ratio(numbers: pd.Series, groups: pd.Series) -> float:
    total_variance = float(((numbers - numbers.mean()) ** 2).sum())
    if total_variance == 0 or groups.nunique() < 2:
        return math.nan
    grouped = numbers.groupby(groups, observed=True)
    between = float((grouped.count() * (grouped.mean() - numbers.mean()) ** 2).sum())
    return min(math.sqrt(between / total_variance), 1.0)  # rounding may overshoot by a hair
