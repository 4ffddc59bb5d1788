"""Two columns together, real beside synthetic, reduced to what a picture needs.

- Two numbers (or dates): the points of each side, subsampled (seeded).
- A number and a category: quartiles and Tukey fences of the number for each of the real data's most common
  categories (the rest together as "(other)"), from every row.
- Two categories: the share of rows with each pair of values, over the real data's most common values of each
  column (the rest as "(other)").

Ordinals and booleans count as categories; missing values of a category are "(missing)". Which of the three
applies is `synth_core.evaluation.fidelity_details.two_column_kind`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth_core.evaluation.fidelity_details import two_column_kind
from synth_core.schema import ColumnKind, TableSchema

MAX_PAIR_CATEGORIES = 15
MISSING = "(missing)"
OTHER = "(other)"


@dataclass(frozen=True)
class PairPoints:
    """Two numbers (or dates): each side's points, at most `max_points` rows each.

    Attributes:
        x_column: The column on the x axis.
        y_column: The column on the y axis.
        real: The real points, columns "x" and "y" (numbers, or datetimes for dates).
        synthetic: The synthetic points, in the same form.
    """

    x_column: str
    y_column: str
    real: pd.DataFrame
    synthetic: pd.DataFrame

    @property
    def columns(self) -> tuple[str, str]:
        """The two columns, in the order asked."""
        return (self.x_column, self.y_column)


@dataclass(frozen=True)
class BoxStatistics:
    """Quartiles and Tukey fences of a number for each category present on one side.

    Attributes:
        categories: The categories present, in the order of `PairBoxes.category_order`.
        q1: First quartile per category.
        median: Median per category.
        q3: Third quartile per category.
        lower_fence: The lowest value within 1.5 IQR below the box.
        upper_fence: The highest value within 1.5 IQR above the box.
    """

    categories: tuple[str, ...]
    q1: tuple[float, ...]
    median: tuple[float, ...]
    q3: tuple[float, ...]
    lower_fence: tuple[float, ...]
    upper_fence: tuple[float, ...]


@dataclass(frozen=True)
class PairBoxes:
    """A number by category: box statistics for each side.

    Attributes:
        columns: The two columns, in the order asked.
        number_column: The number (or date) column, on the y axis.
        category_column: The category column, on the x axis.
        real: Box statistics of the real rows.
        synthetic: Box statistics of the synthetic rows.
        category_order: The categories shown on either side, the real data's most common first, "(other)" last.
        dates: Whether the number is a date; its statistics are then nanoseconds since the epoch.
    """

    columns: tuple[str, str]
    number_column: str
    category_column: str
    real: BoxStatistics
    synthetic: BoxStatistics
    category_order: tuple[str, ...]
    dates: bool


@dataclass(frozen=True)
class PairShares:
    """Two categories: the share of rows with each pair of values, on shared labels.

    Attributes:
        x_column: The column whose values are the table's columns (the x axis).
        y_column: The column whose values are the table's rows (the y axis).
        real: Shares of the real rows (summing to 1), index the y values, columns the x values.
        synthetic: The same for the synthetic rows, on the same labels.
        highest: The largest share on either side (1 when there is none), for one colour scale.
    """

    x_column: str
    y_column: str
    real: pd.DataFrame
    synthetic: pd.DataFrame
    highest: float

    @property
    def columns(self) -> tuple[str, str]:
        """The two columns, in the order asked."""
        return (self.x_column, self.y_column)


ColumnPair = PairPoints | PairBoxes | PairShares


def calculate_column_pair(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    column_a: str,
    column_b: str,
    *,
    schema: TableSchema,
    max_points: int = 5000,
    seed: int = 0,
) -> ColumnPair:
    """Reduce two columns of each side to points, box statistics or shares, by the columns' kinds.

    Args:
        real: The real rows.
        synthetic: The synthetic rows.
        column_a: The first column (the x axis of points or shares).
        column_b: The second column (the y axis of points or shares).
        schema: The table's schema, which gives both columns' kinds.
        max_points: Most points per side for two numbers.
        seed: Seed for the points' subsample.

    Returns:
        `PairPoints`, `PairBoxes` or `PairShares`.

    Raises:
        KeyError: A column is not in the schema.
        ValueError: A kind is not compared in pairs (identifiers, text, personal data).
    """
    kinds = (schema.column(column_a).kind, schema.column(column_b).kind)
    form = two_column_kind(*kinds)
    if form == "scatter":
        return _points(real, synthetic, (column_a, column_b), kinds, max_points, seed)
    if form == "box":
        number_first = kinds[0].is_numeric_like
        number, category = (column_a, column_b) if number_first else (column_b, column_a)
        number_kind = kinds[0] if number_first else kinds[1]
        return _boxes(real, synthetic, (column_a, column_b), number, category, number_kind)
    return _shares(real, synthetic, column_a, column_b)


def _numbers(values: pd.Series, kind: ColumnKind) -> pd.Series:
    if kind is ColumnKind.DATETIME:
        dates = pd.to_datetime(values, errors="coerce")
        return dates.dt.tz_convert(None) if isinstance(dates.dtype, pd.DatetimeTZDtype) else dates
    return pd.to_numeric(values, errors="coerce")


def _points(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    columns: tuple[str, str],
    kinds: tuple[ColumnKind, ColumnKind],
    max_points: int,
    seed: int,
) -> PairPoints:
    rng = np.random.default_rng(seed)
    sides = []
    for frame in (real, synthetic):
        if len(frame) > max_points:
            frame = frame.iloc[np.sort(rng.choice(len(frame), max_points, replace=False))]
        sides.append(
            pd.DataFrame({"x": _numbers(frame[columns[0]], kinds[0]), "y": _numbers(frame[columns[1]], kinds[1])})
        )
    return PairPoints(x_column=columns[0], y_column=columns[1], real=sides[0], synthetic=sides[1])


def _category_text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna(MISSING).astype(object)


def _top_categories(values: pd.Series) -> list[str]:
    """The real data's most common categories, most common first."""
    return [str(label) for label in values.value_counts().index[:MAX_PAIR_CATEGORIES]]


def _lumped(values: pd.Series, top: list[str]) -> pd.Series:
    return values.where(values.isin(top), OTHER)


def _boxes(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    columns: tuple[str, str],
    number: str,
    category: str,
    number_kind: ColumnKind,
) -> PairBoxes:
    top = _top_categories(_category_text(real[category]))
    order = [*top, OTHER]
    is_date = number_kind is ColumnKind.DATETIME
    sides = []
    for frame in (real, synthetic):
        values = _numbers(frame[number], number_kind)
        groups = pd.DataFrame(
            {
                "category": _lumped(_category_text(frame[category]), top),
                "value": _date_numbers(values) if is_date else values.astype(np.float64),
            }
        )
        sides.append(_box_statistics(groups.dropna(), order))
    shown = {name for side in sides for name in side.categories}
    return PairBoxes(
        columns=columns,
        number_column=number,
        category_column=category,
        real=sides[0],
        synthetic=sides[1],
        category_order=tuple(name for name in order if name in shown),
        dates=is_date,
    )


def _date_numbers(values: pd.Series) -> pd.Series:
    """Dates as nanoseconds since the epoch (missing stays missing), so quartiles can be taken."""
    nanoseconds = values.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(np.float64)
    return pd.Series(np.where(values.isna(), np.nan, nanoseconds), index=values.index)


def _box_statistics(groups: pd.DataFrame, order: list[str]) -> BoxStatistics:
    """Quartiles and Tukey fences (the furthest values within 1.5 IQR of the box) for each category present."""
    rows: list[tuple[str, float, float, float, float, float]] = []
    grouped = dict(tuple(groups.groupby("category", sort=False)["value"]))
    for name in order:
        if name not in grouped:
            continue
        values = grouped[name].to_numpy(dtype=np.float64)
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        reach = 1.5 * (q3 - q1)
        lower, upper = values[values >= q1 - reach].min(), values[values <= q3 + reach].max()
        rows.append((name, float(q1), float(median), float(q3), float(lower), float(upper)))
    columns = tuple(zip(*rows, strict=True)) if rows else ((),) * 6
    return BoxStatistics(*(tuple(column) for column in columns))


def _shares(real: pd.DataFrame, synthetic: pd.DataFrame, column_a: str, column_b: str) -> PairShares:
    top_a, top_b = _top_categories(_category_text(real[column_a])), _top_categories(_category_text(real[column_b]))
    tables = []
    for frame in (real, synthetic):
        values_a = _lumped(_category_text(frame[column_a]), top_a)
        values_b = _lumped(_category_text(frame[column_b]), top_b)
        tables.append(pd.crosstab(values_b, values_a, normalize="all") if len(frame) else pd.DataFrame())
    labels_a = [name for name in [*top_a, OTHER] if any(name in table.columns for table in tables)]
    labels_b = [name for name in [*top_b, OTHER] if any(name in table.index for table in tables)]
    tables = [table.reindex(index=labels_b, columns=labels_a, fill_value=0.0).fillna(0.0) for table in tables]
    highest = max(float(table.to_numpy().max(initial=0.0)) for table in tables) or 1.0
    return PairShares(x_column=column_a, y_column=column_b, real=tables[0], synthetic=tables[1], highest=highest)
