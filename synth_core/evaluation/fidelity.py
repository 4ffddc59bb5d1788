"""Fidelity: how closely the synthetic data follows the real data, by SDMetrics' reports.

`calculate_fidelity` runs SDMetrics' QualityReport (column shapes and column pair trends) and its
DiagnosticReport (data validity and structure) and returns their numbers as typed results, including
a row per column and per pair. A metric that fails on one column becomes a row with its error, not a
crash.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata, sdmetrics_report_metadata, sdmetrics_tables
from synth_core.progress import ProgressCallback, reporter
from synth_core.schema import TableSchema


@dataclass(frozen=True)
class ColumnShape:
    """How alike one column's distribution is in real and synthetic data.

    Attributes:
        column: The column name.
        metric: "KSComplement" for numbers and dates, "TVComplement" for categories.
        score: 0 (nothing alike) to 1 (identical); None when the metric failed or is undefined.
        error: Why there is no score, if there is none.
    """

    column: str
    metric: str
    score: float | None
    error: str | None = None


@dataclass(frozen=True)
class PairTrend:
    """How alike one pair of columns' relationship is in real and synthetic data.

    Attributes:
        column_1: First column.
        column_2: Second column.
        metric: "CorrelationSimilarity" for two numbers, "ContingencySimilarity" otherwise.
        score: 0 to 1; None when the metric failed or is undefined, or when the real columns are too weakly
            related for SDMetrics to score the pair (its quality report leaves such pairs out).
        real_correlation: Pearson correlation in the real data, for two numbers.
        synthetic_correlation: The same in the synthetic data.
        error: Why there is no score, if there is none.
    """

    column_1: str
    column_2: str
    metric: str
    score: float | None
    real_correlation: float | None = None
    synthetic_correlation: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class FidelityResult:
    """SDMetrics' quality and diagnostic reports as numbers.

    Attributes:
        overall: The quality score, the mean of the two properties (0 to 1); NaN when neither can be computed
            (no column can be compared: every one is an identifier, free text, personal data or empty).
        column_shapes: Mean column-shape score (0 to 1); NaN when no column has a score.
        column_pair_trends: Mean pair-trend score (0 to 1); NaN when no pair has a score (fewer than two
            compared columns, or none related strongly enough in the real data to be scored).
        diagnostic: The diagnostic score (0 to 1): validity and structure.
        diagnostic_properties: Each diagnostic property's score.
        shapes: Per-column details.
        pairs: Per-pair details.
    """

    overall: float
    column_shapes: float
    column_pair_trends: float
    diagnostic: float
    diagnostic_properties: dict[str, float] = field(default_factory=dict)
    shapes: tuple[ColumnShape, ...] = ()
    pairs: tuple[PairTrend, ...] = ()

    def weakest_columns(self, count: int = 5) -> list[ColumnShape]:
        """The columns whose shapes differ most, worst first."""
        scored = [shape for shape in self.shapes if shape.score is not None]
        return sorted(scored, key=lambda shape: shape.score)[:count]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FidelityResult:
        """Rebuild from `to_dict` output."""
        return cls(
            overall=data["overall"],
            column_shapes=data["column_shapes"],
            column_pair_trends=data["column_pair_trends"],
            diagnostic=data["diagnostic"],
            diagnostic_properties=dict(data.get("diagnostic_properties", {})),
            shapes=tuple(ColumnShape(**entry) for entry in data.get("shapes", [])),
            pairs=tuple(PairTrend(**entry) for entry in data.get("pairs", [])),
        )


def calculate_fidelity(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    progress: ProgressCallback | None = None,
) -> FidelityResult:
    """Run SDMetrics' quality and diagnostic reports.

    Args:
        real: The real rows the generator learnt from.
        synthetic: The synthetic rows.
        schema: The schema; SDMetrics' metadata is built from it (see `sdmetrics_adapter`).
        progress: Called with (fraction done, message).

    Returns:
        Scores and per-column and per-pair details.
    """
    from sdmetrics.reports import DiagnosticReport, QualityReport

    table_metadata = sdmetrics_metadata(schema, real)
    columns = [name for name in table_metadata["columns"] if name in real.columns and name in synthetic.columns]
    table_metadata = {**table_metadata, "columns": {name: table_metadata["columns"][name] for name in columns}}
    real, synthetic = real[columns], synthetic[columns]
    report = reporter(progress)

    report(0.0, "Comparing column shapes and pair trends")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # SDMetrics' reports take dictionaries of tables, even for one table.
        real_tables, synthetic_tables = sdmetrics_tables(real), sdmetrics_tables(synthetic)
        unified_metadata = sdmetrics_report_metadata(table_metadata)
        quality = QualityReport()
        quality.generate(real_tables, synthetic_tables, unified_metadata, verbose=False)
        report(0.7, "Checking validity and structure")
        diagnostic = DiagnosticReport()
        diagnostic.generate(real_tables, synthetic_tables, unified_metadata, verbose=False)
    report(1.0, "Done")

    properties = quality.get_properties().set_index("Property")["Score"]
    diagnostic_properties = diagnostic.get_properties().set_index("Property")["Score"]
    return FidelityResult(
        overall=float(quality.get_score()),
        column_shapes=_finite(properties.get("Column Shapes")),
        column_pair_trends=_finite(properties.get("Column Pair Trends")),
        diagnostic=float(diagnostic.get_score()),
        diagnostic_properties={
            str(name): float(score) for name, score in diagnostic_properties.items() if pd.notna(score)
        },
        shapes=tuple(_column_shapes(quality.get_details("Column Shapes"), real, synthetic)),
        pairs=tuple(_pair_trends(quality.get_details("Column Pair Trends"), real, synthetic, quality)),
    )


def _finite(value: Any) -> float:
    number = float(value) if value is not None else math.nan
    return number


def _optional(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _error(row: pd.Series) -> str | None:
    error = row.get("Error")
    return None if error is None or (isinstance(error, float) and math.isnan(error)) else str(error)


def _column_shapes(details: pd.DataFrame, real: pd.DataFrame, synthetic: pd.DataFrame) -> list[ColumnShape]:
    shapes = []
    for _, row in details.iterrows():
        score, error = _optional(row["Score"]), _error(row)
        if score is None and error is None:  # SDMetrics gives NaN without a word, e.g. for an empty column
            error = _why_undefined([row["Column"]], real, synthetic)
        shapes.append(ColumnShape(column=str(row["Column"]), metric=str(row["Metric"]), score=score, error=error))
    return shapes


def _pair_trends(details: pd.DataFrame, real: pd.DataFrame, synthetic: pd.DataFrame, quality: Any) -> list[PairTrend]:
    pairs = []
    for _, row in details.iterrows():
        score, error = _optional(row["Score"]), _error(row)
        if score is None and error is None:
            error = _why_not_scored(row, real, synthetic, quality)
        pairs.append(
            PairTrend(
                column_1=str(row["Column 1"]),
                column_2=str(row["Column 2"]),
                metric=str(row["Metric"]),
                score=score,
                real_correlation=_optional(row.get("Real Correlation")),
                synthetic_correlation=_optional(row.get("Synthetic Correlation")),
                error=error,
            )
        )
    return pairs


def _why_not_scored(row: pd.Series, real: pd.DataFrame, synthetic: pd.DataFrame, quality: Any) -> str:
    """Why SDMetrics left a pair without a score: too weak a real relationship, or an undefined metric."""
    meets = row.get("Meets Threshold?")
    if meets is not None and not pd.isna(meets) and not meets:
        if row["Metric"] == "CorrelationSimilarity" and _optional(row.get("Real Correlation")) is not None:
            strength, limit = f"correlation is {row['Real Correlation']:.2f}", quality.real_correlation_threshold
            return f"Not scored: the real {strength}, within ±{limit:g}, too weak for SDMetrics to score the pair."
        if _optional(row.get("Real Association")) is not None:
            strength, limit = f"association is {row['Real Association']:.2f}", quality.real_association_threshold
            return f"Not scored: the real {strength}, not above {limit:g}, too weak for SDMetrics to score the pair."
    return _why_undefined([row["Column 1"], row["Column 2"]], real, synthetic)


def _why_undefined(columns: list[str], real: pd.DataFrame, synthetic: pd.DataFrame) -> str:
    for name in columns:
        for side, frame in (("real", real), ("synthetic", synthetic)):
            if frame[name].notna().sum() == 0:
                return f"Undefined: '{name}' has no values in the {side} data."
    return "Undefined for these values (for example, too few different values to compare)."
