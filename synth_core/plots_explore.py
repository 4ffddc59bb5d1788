"""Pure plot functions for exploring real against synthetic data: two columns together, and a 2-D projection.

Real and synthetic get the same colour pair as every other plot (`synth_core.plots`). No Streamlit here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from synth_core.evaluation.fidelity_details import (
    REAL_LABEL,
    SYNTHETIC_LABEL,
    PCAProjection,
    calculate_pca_projection,
    two_column_kind,
)
from synth_core.plots import PLOT_LAYOUT, REAL_COLOUR, SYNTHETIC_COLOUR
from synth_core.schema import ColumnKind

MAX_PAIR_CATEGORIES = 15
_MISSING = "(missing)"
_OTHER = "(other)"
_SIDES = ((REAL_LABEL, REAL_COLOUR), (SYNTHETIC_LABEL, SYNTHETIC_COLOUR))


def plot_column_pair(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    column_a: str,
    column_b: str,
    *,
    kinds: tuple[ColumnKind, ColumnKind],
    max_points: int = 5000,
    seed: int = 0,
) -> go.Figure:
    """Two columns together, real beside synthetic on shared axes.

    - Two numbers (or dates): a scatter of each side, subsampled (seeded) to `max_points` rows each.
    - A number and a category: box plots of the number for each of the real data's 15 most common categories
      (the rest together as "(other)"), from every row: the quartiles are computed here, not in the browser.
    - Two categories: a heatmap of the share of rows with each pair of values, over the real data's 15 most common
      values of each column (the rest as "(other)").

    Ordinals and booleans count as categories; missing values of a category show as "(missing)".

    Args:
        real: The real rows.
        synthetic: The synthetic rows.
        column_a: The first column (the x axis of a scatter or heatmap).
        column_b: The second column (the y axis of a scatter or heatmap).
        kinds: The two columns' kinds, in the same order.
        max_points: Most points per side in a scatter.
        seed: Seed for the scatter's subsample.

    Returns:
        A plotly Figure with two panels, "Real" and "Synthetic".

    Raises:
        ValueError: A kind is not plotted in pairs (identifiers, text, personal data).
    """
    plot = two_column_kind(*kinds)
    figure = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(REAL_LABEL, SYNTHETIC_LABEL),
        shared_xaxes="all",
        shared_yaxes="all",
        horizontal_spacing=0.06,
    )
    if plot == "scatter":
        _scatters(figure, real, synthetic, (column_a, column_b), kinds, max_points, seed)
    elif plot == "box":
        number_first = ColumnKind(kinds[0]) in (ColumnKind.NUMERICAL, ColumnKind.DATETIME)
        number, category = (column_a, column_b) if number_first else (column_b, column_a)
        number_kind = ColumnKind(kinds[0] if number_first else kinds[1])
        _boxes(figure, real, synthetic, number, category, number_kind)
    else:
        _heatmaps(figure, real, synthetic, column_a, column_b)
    figure.update_layout(title=f"{column_a} and {column_b}", height=480, **PLOT_LAYOUT)
    return figure


def _numbers(values: pd.Series, kind: ColumnKind) -> pd.Series:
    if ColumnKind(kind) is ColumnKind.DATETIME:
        dates = pd.to_datetime(values, errors="coerce")
        return dates.dt.tz_convert(None) if isinstance(dates.dtype, pd.DatetimeTZDtype) else dates
    return pd.to_numeric(values, errors="coerce")


def _scatters(
    figure: go.Figure,
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    columns: tuple[str, str],
    kinds: tuple[ColumnKind, ColumnKind],
    max_points: int,
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    for column, ((label, colour), frame) in enumerate(zip(_SIDES, (real, synthetic), strict=True), start=1):
        if len(frame) > max_points:
            frame = frame.iloc[np.sort(rng.choice(len(frame), max_points, replace=False))]
        figure.add_trace(
            go.Scatter(
                x=_numbers(frame[columns[0]], kinds[0]),
                y=_numbers(frame[columns[1]], kinds[1]),
                mode="markers",
                name=label,
                marker={"color": colour, "size": 4, "opacity": 0.45},
            ),
            row=1,
            col=column,
        )
    figure.update_xaxes(title_text=columns[0])
    figure.update_yaxes(title_text=columns[1], col=1)


def _category_text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna(_MISSING).astype(object)


def _top_categories(values: pd.Series) -> list[str]:
    """The real data's most common categories, most common first."""
    return [str(label) for label in values.value_counts().index[:MAX_PAIR_CATEGORIES]]


def _lumped(values: pd.Series, top: list[str]) -> pd.Series:
    return values.where(values.isin(top), _OTHER)


def _boxes(
    figure: go.Figure,
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    number: str,
    category: str,
    number_kind: ColumnKind,
) -> None:
    top = _top_categories(_category_text(real[category]))
    order = [*top, _OTHER]
    shown: set[str] = set()
    for column, ((label, colour), frame) in enumerate(zip(_SIDES, (real, synthetic), strict=True), start=1):
        values = _numbers(frame[number], number_kind)
        is_date = number_kind is ColumnKind.DATETIME
        groups = pd.DataFrame(
            {
                "category": _lumped(_category_text(frame[category]), top),
                "value": _date_numbers(values) if is_date else values.astype(np.float64),
            }
        )
        stats = _box_statistics(groups.dropna(), order)
        shown.update(stats["x"])
        if is_date:
            # Quartiles as ISO dates; plotly cannot guess a date axis from precomputed boxes, so it is set below.
            stats = {
                key: (value if key == "x" else [date.isoformat() for date in pd.to_datetime(value)])
                for key, value in stats.items()
            }
        figure.add_trace(
            go.Box(
                x=stats["x"],
                q1=stats["q1"],
                median=stats["median"],
                q3=stats["q3"],
                lowerfence=stats["lowerfence"],
                upperfence=stats["upperfence"],
                name=label,
                marker_color=colour,
                boxpoints=False,
            ),
            row=1,
            col=column,
        )
    figure.update_xaxes(title_text=category, categoryorder="array", categoryarray=[n for n in order if n in shown])
    figure.update_yaxes(title_text=number, col=1)
    if number_kind is ColumnKind.DATETIME:
        figure.update_yaxes(type="date")


def _date_numbers(values: pd.Series) -> pd.Series:
    """Dates as nanoseconds since the epoch (missing stays missing), so quartiles can be taken."""
    nanoseconds = values.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(np.float64)
    return pd.Series(np.where(values.isna(), np.nan, nanoseconds), index=values.index)


def _box_statistics(groups: pd.DataFrame, order: list[str]) -> dict[str, list[Any]]:
    """Quartiles and Tukey fences (the furthest values within 1.5 IQR of the box) for each category present."""
    stats: dict[str, list[Any]] = {key: [] for key in ("x", "q1", "median", "q3", "lowerfence", "upperfence")}
    grouped = dict(tuple(groups.groupby("category", sort=False)["value"]))
    for name in order:
        if name not in grouped:
            continue
        values = grouped[name].to_numpy(dtype=np.float64)
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        reach = 1.5 * (q3 - q1)
        stats["x"].append(name)
        stats["q1"].append(float(q1))
        stats["median"].append(float(median))
        stats["q3"].append(float(q3))
        stats["lowerfence"].append(float(values[values >= q1 - reach].min()))
        stats["upperfence"].append(float(values[values <= q3 + reach].max()))
    return stats


def _heatmaps(figure: go.Figure, real: pd.DataFrame, synthetic: pd.DataFrame, column_a: str, column_b: str) -> None:
    real_a, real_b = _category_text(real[column_a]), _category_text(real[column_b])
    top_a, top_b = _top_categories(real_a), _top_categories(real_b)
    shares = []
    for frame in (real, synthetic):
        values_a = _lumped(_category_text(frame[column_a]), top_a)
        values_b = _lumped(_category_text(frame[column_b]), top_b)
        table = pd.crosstab(values_b, values_a, normalize="all") if len(frame) else pd.DataFrame()
        shares.append(table)
    labels_a = [name for name in [*top_a, _OTHER] if any(name in table.columns for table in shares)]
    labels_b = [name for name in [*top_b, _OTHER] if any(name in table.index for table in shares)]
    shares = [table.reindex(index=labels_b, columns=labels_a, fill_value=0.0).fillna(0.0) for table in shares]
    highest = max(float(table.to_numpy().max(initial=0.0)) for table in shares) or 1.0
    for column, ((label, _), table) in enumerate(zip(_SIDES, shares, strict=True), start=1):
        figure.add_trace(
            go.Heatmap(
                z=table.to_numpy(),
                x=labels_a,
                y=labels_b,
                name=label,
                colorscale="Blues",
                zmin=0.0,
                zmax=highest,
                showscale=column == 2,
                colorbar={"title": {"text": "Share of rows"}, "tickformat": ".0%"},
                hovertemplate=f"{column_a} = %{{x}}<br>{column_b} = %{{y}}<br>%{{z:.1%}} of {label.lower()} rows"
                "<extra></extra>",
            ),
            row=1,
            col=column,
        )
    figure.update_xaxes(title_text=column_a, type="category")
    figure.update_yaxes(title_text=column_b, col=1, type="category", autorange="reversed")
    figure.update_yaxes(type="category", autorange="reversed")


def plot_pca_projection(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    metadata: dict[str, Any],
    max_points: int = 3000,
    seed: int = 0,
) -> go.Figure:
    """Real and synthetic rows on their first two principal components, computed together, in two colours.

    See `synth_core.evaluation.fidelity_details.calculate_pca_projection` for the computation; this only draws it.

    Args:
        real: The real rows.
        synthetic: The synthetic rows.
        metadata: SDV single-table metadata (a table's dictionary, or a whole one with one table).
        max_points: Each side is subsampled (seeded) to at most this many rows.
        seed: Seed for the subsample and the PCA.

    Returns:
        A plotly Figure with one scatter for real rows and one for synthetic rows.
    """
    projection = calculate_pca_projection(real, synthetic, metadata=metadata, max_points=max_points, seed=seed)
    return plot_projection(projection)


def plot_projection(projection: PCAProjection) -> go.Figure:
    """Draw a computed PCA projection: one scatter per side, each axis titled with the variance it explains."""
    labels = np.asarray(projection.labels)
    first, second = np.asarray(projection.pc1), np.asarray(projection.pc2)
    figure = go.Figure()
    for label, colour in _SIDES:
        rows = labels == label
        figure.add_trace(
            go.Scatter(
                x=first[rows],
                y=second[rows],
                mode="markers",
                name=f"{label} ({int(rows.sum()):,} rows)",
                marker={"color": colour, "size": 4, "opacity": 0.45},
            )
        )
    explained_1, explained_2 = projection.explained_variance
    figure.update_layout(
        title="Real and synthetic rows on their first two principal components",
        xaxis_title=f"Component 1 ({explained_1:.1%} of variance)",
        yaxis_title=f"Component 2 ({explained_2:.1%} of variance)",
        height=520,
        **PLOT_LAYOUT,
    )
    return figure
