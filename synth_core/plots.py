"""Pure plot functions: results and tables in, plotly Figures out. No Streamlit here.

Real and synthetic data get one colour-blind-safe pair (Okabe-Ito blue and orange) on every plot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from synth_core.evaluation.fidelity import FidelityResult
from synth_core.evaluation.privacy import DistanceSummary
from synth_core.schema import ColumnKind

REAL_COLOUR = "#0072B2"
SYNTHETIC_COLOUR = "#E69F00"
COLOURS = {"Real": REAL_COLOUR, "Synthetic": SYNTHETIC_COLOUR}
MAX_CATEGORIES = 25
HISTOGRAM_BINS = 40
MAX_ANNOTATED_COLUMNS = 10  # beyond this, numbers in heatmap cells are unreadable; hover shows them
PLOT_LAYOUT = {"template": "plotly_white", "margin": {"l": 40, "r": 20, "t": 60, "b": 40}, "legend_title_text": ""}


def plot_column_distribution(real: pd.Series, synthetic: pd.Series, *, kind: ColumnKind, title: str = "") -> go.Figure:
    """Overlay one column's real and synthetic distributions.

    Numbers get overlaid histograms on shared bins, dates get histograms over time, and everything
    else gets grouped bars of each category's share (the most common categories, the rest as "other").

    Args:
        real: The real column.
        synthetic: The synthetic column.
        kind: The column's kind, which picks the plot.
        title: The figure title; the column name by default.

    Returns:
        A plotly Figure.
    """
    title = title or str(real.name)
    if kind is ColumnKind.NUMERICAL and pd.api.types.is_numeric_dtype(real):
        figure = _histograms(real.astype(float), synthetic.astype(float), title)
    elif kind is ColumnKind.DATETIME:
        figure = _histograms(_as_dates(real), _as_dates(synthetic), title)
    else:
        figure = _category_bars(real, synthetic, title)
    figure.update_layout(**PLOT_LAYOUT)
    return figure


def _as_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce")


def _histograms(real: pd.Series, synthetic: pd.Series, title: str) -> go.Figure:
    """Shares of rows per shared bin, drawn as bars.

    The bins are counted here, so the figure holds counts, not values: it can go into a report
    without carrying any real row.
    """
    both = pd.concat([real.dropna(), synthetic.dropna()])
    figure = go.Figure()
    if both.empty:
        return figure.update_layout(title=f"{title}: no values to plot")
    is_date = pd.api.types.is_datetime64_any_dtype(both)
    as_numbers = (
        (lambda values: values.dropna().astype("int64").to_numpy(float))
        if is_date
        else (lambda values: values.dropna().to_numpy(float))
    )
    low, high = float(as_numbers(both).min()), float(as_numbers(both).max())
    edges = np.linspace(low, high if high > low else low + 1.0, HISTOGRAM_BINS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    x = pd.to_datetime(centres) if is_date else centres
    for label, values in (("Real", real), ("Synthetic", synthetic)):
        counts, _ = np.histogram(as_numbers(values), bins=edges)
        shares = counts / max(counts.sum(), 1)
        figure.add_trace(go.Bar(x=x, y=shares, name=label, marker_color=COLOURS[label], opacity=0.6))
    return figure.update_layout(
        barmode="overlay", title=title, yaxis_title="Share of rows", xaxis_title=title, bargap=0.02
    )


def _category_bars(real: pd.Series, synthetic: pd.Series, title: str) -> go.Figure:
    real_text, synthetic_text = (
        real.astype("string").fillna("(missing)"),
        synthetic.astype("string").fillna("(missing)"),
    )
    top = real_text.value_counts().index[:MAX_CATEGORIES]
    shares = pd.DataFrame(
        {
            "Real": _shares(real_text, top),
            "Synthetic": _shares(synthetic_text, top),
        }
    ).fillna(0.0)
    figure = go.Figure()
    for label in ("Real", "Synthetic"):
        figure.add_trace(go.Bar(x=shares.index.astype(str), y=shares[label], name=label, marker_color=COLOURS[label]))
    return figure.update_layout(barmode="group", title=title, yaxis_title="Share of rows", yaxis_tickformat=".0%")


def _shares(values: pd.Series, top: pd.Index) -> pd.Series:
    lumped = values.where(values.isin(top), "(other)")
    return lumped.value_counts(normalize=True)


def plot_association_heatmaps(real: pd.DataFrame, synthetic: pd.DataFrame) -> go.Figure:
    """Three heatmaps side by side: real associations, synthetic ones, and synthetic minus real.

    Args:
        real: Association matrix of the real data (values 0 to 1).
        synthetic: The same for the synthetic data, same columns.

    Returns:
        A plotly Figure with three panels.
    """
    difference = synthetic - real
    labels = list(real.columns)
    figure = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("Real", "Synthetic", "Difference (synthetic − real)"),
        horizontal_spacing=0.06,
        shared_yaxes=True,
    )
    panels = (
        (real, "Blues", 0.0, 1.0),
        (synthetic, "Blues", 0.0, 1.0),
        (difference, "RdBu_r", -1.0, 1.0),
    )
    show_text = len(labels) <= MAX_ANNOTATED_COLUMNS
    for column, (matrix, scale, low, high) in enumerate(panels, start=1):
        # One horizontal colour bar under the two 0-to-1 panels, and one under the difference.
        colourbar = {"orientation": "h", "y": -0.12, "thickness": 12, "len": 0.6 if column == 2 else 0.3}
        colourbar["x"] = 0.34 if column == 2 else 0.84
        figure.add_trace(
            go.Heatmap(
                z=matrix.to_numpy(),
                x=labels,
                y=labels,
                colorscale=scale,
                zmin=low,
                zmax=high,
                text=np.round(matrix.to_numpy(), 2),
                texttemplate="%{text}" if show_text else None,
                hovertemplate="%{y} × %{x}: %{z:.2f}<extra></extra>",
                showscale=column != 1,
                colorbar=colourbar if column != 1 else None,
            ),
            row=1,
            col=column,
        )
    size = max(460, 30 * len(labels) + 220)
    figure.update_layout(height=size, **{**PLOT_LAYOUT, "margin": {"l": 40, "r": 20, "t": 60, "b": 120}})
    figure.update_yaxes(autorange="reversed")
    return figure


def plot_score_summary(result: FidelityResult) -> go.Figure:
    """Horizontal bars of the headline fidelity scores, each from 0 to 1."""
    scores = pd.DataFrame(
        {
            "score": [result.overall, result.column_shapes, result.column_pair_trends, result.diagnostic],
            "name": ["Overall quality", "Column shapes", "Column pair trends", "Diagnostic (validity)"],
        }
    )
    figure = px.bar(scores, x="score", y="name", orientation="h", text_auto=".1%", range_x=[0, 1])
    figure.update_traces(marker_color=SYNTHETIC_COLOUR)
    figure.update_layout(
        xaxis_tickformat=".0%", yaxis_title="", xaxis_title="Score (1 is best)", height=260, **PLOT_LAYOUT
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def plot_column_scores(result: FidelityResult) -> go.Figure:
    """Each column's shape score, weakest first."""
    rows = sorted((s for s in result.shapes if s.score is not None), key=lambda s: s.score)
    frame = pd.DataFrame({"column": [s.column for s in rows], "score": [s.score for s in rows]})
    figure = px.bar(frame, x="score", y="column", orientation="h", text_auto=".2f", range_x=[0, 1])
    figure.update_traces(marker_color=SYNTHETIC_COLOUR)
    figure.update_layout(
        height=max(260, 24 * len(rows) + 80), xaxis_title="Column shape score", yaxis_title="", **PLOT_LAYOUT
    )
    figure.update_yaxes(autorange="reversed")
    return figure


# --- Privacy ----------------------------------------------------------------------------------------

HOLDOUT_COLOUR = "#009E73"  # Okabe-Ito green: real rows the generator never saw
RISK_COLOURS = {"low": "#009E73", "medium": "#E69F00", "high": "#D55E00"}


def plot_distance_histograms(curves: dict[str, DistanceSummary], *, title: str = "") -> go.Figure:
    """Overlaid histograms of pre-binned distances to the closest record.

    Args:
        curves: Label → binned distances, e.g. {"Synthetic → training": ..., "Holdout → training": ...}.
        title: The figure title.

    Returns:
        A plotly Figure with one share-of-rows histogram per curve.
    """
    colours = [SYNTHETIC_COLOUR, HOLDOUT_COLOUR, "#999999", REAL_COLOUR]
    figure = go.Figure()
    for (label, summary), colour in zip(curves.items(), colours, strict=False):
        counts = np.asarray(summary.counts, dtype=float)
        edges = np.asarray(summary.bin_edges)
        figure.add_trace(
            go.Bar(
                x=(edges[:-1] + edges[1:]) / 2,
                y=counts / max(counts.sum(), 1),
                width=np.diff(edges),
                name=f"{label} (median {summary.median:.3f})",
                marker_color=colour,
                opacity=0.6,
            )
        )
    figure.update_layout(
        barmode="overlay",
        title=title or "Distance to the closest training row",
        xaxis_title="Distance (0 = identical row, 1 = nothing in common)",
        yaxis_title="Share of rows",
        yaxis_tickformat=".0%",
        **PLOT_LAYOUT,
    )
    return figure


def plot_closer_to_train(raw_share: float, corrected_share: float, *, limit: float) -> go.Figure:
    """Stacked bars: the share of synthetic rows closer to training, as SDMetrics counts it and size-corrected."""
    labels = ["SDMetrics (sets as given)", "Size-corrected (used for the verdict)"]
    closer = [raw_share, corrected_share]
    figure = go.Figure(
        [
            go.Bar(y=labels, x=closer, name="Closer to training", orientation="h", marker_color=SYNTHETIC_COLOUR),
            go.Bar(
                y=labels,
                x=[1 - value for value in closer],
                name="Closer to holdout",
                orientation="h",
                marker_color=HOLDOUT_COLOUR,
            ),
        ]
    )
    figure.add_vline(x=0.5, line_dash="dot", annotation_text="ideal 50%")
    figure.add_vline(x=limit, line_dash="dash", line_color=RISK_COLOURS["medium"], annotation_text=f"limit {limit:.0%}")
    figure.update_layout(barmode="stack", xaxis_tickformat=".0%", height=260, **PLOT_LAYOUT)
    return figure


def plot_membership_roc(false_positive: tuple[float, ...], true_positive: tuple[float, ...], auc: float) -> go.Figure:
    """The membership-inference attack's ROC curve against the diagonal of pure guessing."""
    figure = go.Figure(
        [
            go.Scatter(x=false_positive, y=true_positive, name=f"Attack (AUC {auc:.3f})", line_color=SYNTHETIC_COLOUR),
            go.Scatter(x=[0, 1], y=[0, 1], name="Guessing (AUC 0.5)", line={"dash": "dot", "color": "#999999"}),
        ]
    )
    figure.update_layout(
        xaxis_title="Holdout rows wrongly called members",
        yaxis_title="Training rows rightly called members",
        xaxis_tickformat=".0%",
        yaxis_tickformat=".0%",
        height=420,
        **PLOT_LAYOUT,
    )
    return figure


def plot_attack_risks(
    labels: list[str], risks: list[float], lows: list[float], highs: list[float], *, limit: float
) -> go.Figure:
    """Attack risks as bars with their confidence intervals, and the verdict's limit on the lower bound."""
    figure = go.Figure(
        go.Bar(
            x=risks,
            y=labels,
            orientation="h",
            marker_color=[RISK_COLOURS["high"] if low > limit else SYNTHETIC_COLOUR for low in lows],
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [high - risk for risk, high in zip(risks, highs, strict=True)],
                "arrayminus": [risk - low for risk, low in zip(risks, lows, strict=True)],
            },
        )
    )
    figure.add_vline(x=limit, line_dash="dash", line_color=RISK_COLOURS["high"], annotation_text=f"limit {limit:.2f}")
    figure.update_layout(
        xaxis_title="Risk (0 = no better than the control attack, 1 = every attack succeeds)",
        xaxis_range=[0, 1],
        height=max(240, 60 * len(labels) + 100),
        **PLOT_LAYOUT,
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def plot_group_shares(table: pd.DataFrame, column: str) -> go.Figure:
    """Each group's share of rows before (real training rows) and after (synthetic), as grouped bars.

    Args:
        table: Output of `synth_core.rebalance.group_shares` (or `group_effect`), one row per group.
        column: The rebalanced or conditioned column, for the title.

    Returns:
        A plotly Figure built from the shares alone, so it can go into a report.
    """
    groups = table["group"].astype("string").fillna("(missing)").astype(str)
    figure = go.Figure()
    for label, share in (("Real", "real_share"), ("Synthetic", "synthetic_share")):
        figure.add_trace(
            go.Bar(
                x=groups,
                y=table[share],
                name=f"{label} ({'before' if label == 'Real' else 'after'})",
                marker_color=COLOURS[label],
                text=[f"{value:.1%}" for value in table[share]],
                textposition="outside",
            )
        )
    figure.update_layout(
        barmode="group",
        title=f"Share of rows per value of {column}",
        yaxis_title="Share of rows",
        yaxis_tickformat=".0%",
        yaxis_range=[0, min(1.1, float(table[["real_share", "synthetic_share"]].max().max()) * 1.2 + 0.02)],
        **PLOT_LAYOUT,
    )
    return figure
