"""Utility plots: how well models trained on synthetic rows do on real ones, beside models trained on real rows.

Models trained on real rows get the real colour and models trained on synthetic rows the synthetic colour.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from synth_core.evaluation.utility import METRIC_LABELS, UtilityResult
from synth_core.plots.style import PLOT_LAYOUT, REAL_COLOUR, SYNTHETIC_COLOUR

TRAINED_ON = {"real": ("Trained on real", REAL_COLOUR), "synthetic": ("Trained on synthetic", SYNTHETIC_COLOUR)}
BOUNDED_METRICS = {"accuracy", "f1_macro", "f1_binary", "roc_auc"}  # 0 to 1


def plot_utility_scores(result: UtilityResult) -> go.Figure:
    """Grouped bars per metric: each model trained on real rows beside the same trained on synthetic.

    Every score is measured on the real holdout. One panel per metric, since they have different
    scales (R² and mean absolute error do not share an axis). A model that could not be trained, or
    a metric that is undefined, shows as "n/a" with no bar.

    Args:
        result: The utility result.

    Returns:
        A plotly Figure with one bar trace per metric and training set.
    """
    metrics = list(dict.fromkeys(metric for entry in result.scores for metric in entry.metrics))
    titles = [_metric_title(metric, result) for metric in metrics]
    figure = make_subplots(rows=1, cols=max(len(metrics), 1), subplot_titles=titles or None)
    models = {entry.model: entry.label for entry in result.scores}
    for column, metric in enumerate(metrics, start=1):
        for train_on, (name, colour) in TRAINED_ON.items():
            values = [result.score(model, train_on, metric) for model in models]
            figure.add_trace(
                go.Bar(
                    x=list(models.values()),
                    y=values,
                    name=name,
                    legendgroup=train_on,
                    showlegend=column == 1,
                    marker_color=colour,
                    text=["n/a" if value is None else f"{value:.3g}" for value in values],
                    textposition="outside",
                    hovertemplate=f"{titles[column - 1]}, {name.lower()}<br>%{{x}}: %{{y:.4g}}<extra></extra>",
                ),
                row=1,
                col=column,
            )
        if metric in BOUNDED_METRICS:
            figure.update_yaxes(range=[0, 1.12], row=1, col=column)
    title = "Models scored on the real holdout"
    if not (math.isnan(result.trtr) or math.isnan(result.tstr)):
        label = METRIC_LABELS.get(result.primary_metric, result.primary_metric)
        title += f": {label} {result.tstr:.3f} trained on synthetic vs {result.trtr:.3f} on real"
    figure.update_layout(
        barmode="group", title=title, height=380, **{**PLOT_LAYOUT, "margin": {"l": 40, "r": 20, "t": 90, "b": 40}}
    )
    return figure


def plot_importance_ranks(result: UtilityResult) -> go.Figure:
    """Paired horizontal bars: each feature's importance to the model trained on real and on synthetic rows.

    Features are ordered by their importance to the model trained on real rows, most important on
    top; the hover text gives each feature's rank in both orderings. Importance is the drop in the
    primary metric on the real holdout when the feature is shuffled.

    Args:
        result: The utility result.

    Returns:
        A plotly Figure with two bar traces (none when importances were not compared).
    """
    figure = go.Figure()
    if not result.importances:
        return figure.update_layout(title="Feature importances were not compared (see the notes)", **PLOT_LAYOUT)
    features = [entry.feature for entry in result.importances]
    ranks = result.importance_ranks()
    for side, (name, colour) in TRAINED_ON.items():
        figure.add_trace(
            go.Bar(
                y=features,
                x=[getattr(entry, side) for entry in result.importances],
                name=name,
                orientation="h",
                marker_color=colour,
                customdata=[list(ranks[feature]) for feature in features],
                hovertemplate=(
                    "%{y}<br>importance %{x:.4f}<br>rank %{customdata[0]} on real, "
                    "%{customdata[1]} on synthetic<extra>" + name + "</extra>"
                ),
            )
        )
    label = METRIC_LABELS.get(result.primary_metric, result.primary_metric)
    correlation = result.importance_rank_correlation
    title = "Feature importance (drop in " + label + " when shuffled)"
    if correlation is not None:
        title += f"; rank correlation {correlation:.2f}"
    figure.update_layout(
        barmode="group",
        title=title,
        xaxis_title=f"Drop in {label} on the real holdout",
        yaxis={"autorange": "reversed"},
        height=max(300, 28 * len(features) + 120),
        **PLOT_LAYOUT,
    )
    return figure


def _metric_title(metric: str, result: UtilityResult) -> str:
    label = METRIC_LABELS.get(metric, metric)
    if metric in ("f1_binary", "roc_auc") and result.positive_class is not None:
        label += f" ({result.positive_class})"
    return label
