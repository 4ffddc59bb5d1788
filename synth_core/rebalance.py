"""Control over what is generated: fixed column values (conditions) and rebalanced groups.

Rebalancing asks the fitted model for a chosen share of rows per value of one column, through
`Generator.sample_conditions`. Every row is drawn from the model; real rows are never resampled, so
the privacy of the result is that of the generator, not of oversampling. `group_shares` shows the
shares before and after, and `within_group_column_shapes` checks that each group still looks like
its real counterpart (SDMetrics' Column Shapes, per group).

The specs (`ConditionSpec`, `RebalanceSpec`) are JSON-safe, so a Run records them and reproduces them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from synth_core.errors import SynthStudioError
from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.generators.base import Generator
from synth_core.schema import ColumnKind, ColumnRole, TableSchema

SHARE_TOLERANCE = 1e-6
# Up to this many values, a label spells out every share ("50/50"); beyond, it says how many there are.
SHORT_LABEL_VALUES = 4


class RebalanceError(SynthStudioError, ValueError):
    """Shares that cannot be used; the message names the values and what to do."""


@dataclass(frozen=True)
class ConditionSpec:
    """One condition of a Run: fixed column values and how many rows carry them.

    Attributes:
        values: Column name to fixed value.
        rows: Number of rows with these values.
    """

    values: dict[str, Any] = field(default_factory=dict)
    rows: int = 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"values": dict(self.values), "rows": self.rows}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConditionSpec:
        """Rebuild from `to_dict` output."""
        return cls(values=dict(data["values"]), rows=int(data["rows"]))

    def describe(self) -> str:
        """A short phrase: "500 rows with sex = 'Female'"."""
        fixed = ", ".join(f"{name} = {value!r}" for name, value in self.values.items())
        return f"{self.rows:,} rows with {fixed}"


@dataclass(frozen=True)
class RebalanceSpec:
    """How a Run rebalanced one column.

    Attributes:
        column: The column whose values get new shares.
        shares: (value, share) pairs; pairs rather than a mapping, so values that are not text survive JSON.
    """

    column: str
    shares: tuple[tuple[Any, float], ...]

    @classmethod
    def of(cls, column: str, shares: Mapping[Any, float]) -> RebalanceSpec:
        """Build from a mapping of value to share."""
        return cls(column=column, shares=tuple((value, float(share)) for value, share in shares.items()))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"column": self.column, "shares": [[value, share] for value, share in self.shares]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RebalanceSpec:
        """Rebuild from `to_dict` output."""
        return cls(column=str(data["column"]), shares=tuple((value, float(share)) for value, share in data["shares"]))

    def describe(self) -> str:
        """A short phrase: "'sex' rebalanced to 'Male' 50.0%, 'Female' 50.0%"."""
        shares = ", ".join(f"{value!r} {share:.1%}" for value, share in self.shares)
        return f"'{self.column}' rebalanced to {shares}"

    def short(self) -> str:
        """A tag for labels: "rebalanced sex 50/50"; many values read "uniform (9 values)" or "custom (9 values)"."""
        percents = [share * 100 for _, share in self.shares]
        if len(percents) <= SHORT_LABEL_VALUES:
            return f"rebalanced {self.column} " + "/".join(f"{percent:.3g}" for percent in percents)
        uniform = max(percents) - min(percents) < SHARE_TOLERANCE * 100
        return f"rebalanced {self.column} {'uniform' if uniform else 'custom'} ({len(percents)} values)"


def target_shares(values: pd.Series, mode: Literal["uniform"] | Mapping[Any, float] = "uniform") -> dict[Any, float]:
    """The share of rows each value should get.

    Args:
        values: The real column.
        mode: "uniform" (every value seen gets the same share), or a mapping of value to share; values
            left out of the mapping get no rows.

    Returns:
        Value to share, most frequent real value first for "uniform", in the mapping's order otherwise.

    Raises:
        RebalanceError: Listing every unknown value, share out of [0, 1], or a total other than 1.
    """
    known = values.dropna().value_counts()
    if isinstance(mode, str):
        if mode != "uniform":
            raise RebalanceError(f"Unknown rebalancing mode '{mode}'. Use 'uniform' or give a share per value.")
        if known.empty:
            raise RebalanceError(f"'{values.name}' has no values to rebalance.")
        return {value: 1 / len(known) for value in known.index}
    problems = []
    examples = ", ".join(repr(item) for item in known.index[:5])
    for value, share in mode.items():
        if value not in set(known.index):
            problems.append(f"{value!r} never appears in '{values.name}'. Known values include {examples}.")
        if not isinstance(share, int | float) or not 0 <= share <= 1 or math.isnan(share):
            problems.append(f"The share of {value!r} must be a number from 0 to 1; got {share!r}.")
    if not problems:
        total = float(sum(mode.values()))
        if not math.isclose(total, 1.0, abs_tol=SHARE_TOLERANCE):
            problems.append(f"The shares must add up to 1 (100%); they add up to {total:.6g}.")
    if problems:
        raise RebalanceError("These shares cannot be used:\n- " + "\n- ".join(problems))
    return {value: float(share) for value, share in mode.items()}


def share_counts(shares: Mapping[Any, float], rows: int) -> dict[Any, int]:
    """Whole row counts per value that add up to exactly `rows` (largest remainders get the spare rows)."""
    exact = {value: share * rows for value, share in shares.items()}
    counts = {value: math.floor(amount) for value, amount in exact.items()}
    spare = rows - sum(counts.values())
    # Ties go to the value listed first, so the counts never depend on anything but the inputs.
    by_remainder = sorted(exact, key=lambda value: exact[value] - counts[value], reverse=True)
    for value in by_remainder[:spare]:
        counts[value] += 1
    return counts


def rebalance(
    generator: Generator,
    column: str,
    shares: Literal["uniform"] | Mapping[Any, float],
    rows: int,
    seed: int = 0,
) -> pd.DataFrame:
    """Synthetic rows with the given share of each value of `column`, all drawn from the fitted model.

    Args:
        generator: A fitted generator that supports conditions.
        column: The column to rebalance.
        shares: "uniform", or a mapping of value to share (see `target_shares`).
        rows: Total number of rows; the counts per value add up to it exactly.
        seed: Seed for sampling and for shuffling the groups together.

    Returns:
        The rows, shuffled so the groups are mixed; keys stay in order.

    Raises:
        RebalanceError: Bad shares or column.
        GeneratorError: Not fitted, no support for conditions, or too few rows for a value.
    """
    train = generator._train
    if train is None or generator._schema is None:
        raise RebalanceError(f"{generator.label} has not been fitted yet. Fit it before rebalancing.")
    if column not in generator._schema.modelled_columns:
        raise RebalanceError(
            f"'{column}' is not a learnt column, so it cannot be rebalanced. "
            f"Choose one of: {', '.join(generator._schema.modelled_columns)}."
        )
    if rows < 1:
        raise RebalanceError(f"Ask for 1 or more rows; got {rows}.")
    counts = share_counts(target_shares(train[column], shares), rows)
    conditions = [({column: value}, count) for value, count in counts.items() if count > 0]
    grouped = generator.sample_conditions(conditions, seed=seed)
    return _shuffled(grouped, generator._schema, seed)


def group_shares(real: pd.DataFrame, synthetic: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows and shares per value of `column`, before (real) and after (synthetic).

    Returns:
        One row per value, most frequent real value first, with columns "group", "real_rows",
        "real_share", "synthetic_rows", "synthetic_share" and "change" (synthetic minus real share).
    """
    real_counts = real[column].value_counts(dropna=False)
    synthetic_counts = synthetic[column].value_counts(dropna=False)
    groups = list(real_counts.index) + [value for value in synthetic_counts.index if value not in real_counts.index]
    table = pd.DataFrame(
        {
            "group": groups,
            "real_rows": [int(real_counts.get(value, 0)) for value in groups],
            "synthetic_rows": [int(synthetic_counts.get(value, 0)) for value in groups],
        }
    )
    table["real_share"] = table["real_rows"] / max(len(real), 1)
    table["synthetic_share"] = table["synthetic_rows"] / max(len(synthetic), 1)
    table["change"] = table["synthetic_share"] - table["real_share"]
    return table[["group", "real_rows", "real_share", "synthetic_rows", "synthetic_share", "change"]]


def within_group_column_shapes(
    real: pd.DataFrame, synthetic: pd.DataFrame, schema: TableSchema, column: str
) -> dict[Any, float]:
    """SDMetrics' Column Shapes score inside each group of `column`, leaving the group column out.

    The same property and metadata as the fidelity page, so a group's score reads like the overall one.
    It shows whether the rows of a boosted group still look like the real rows of that group.

    Returns:
        Group value to score (0 to 1), for every value with rows in both tables, most frequent real value first.
    """
    from sdmetrics.reports.single_table._properties import ColumnShapes

    metadata = sdmetrics_metadata(schema, real)
    metadata = {**metadata, "columns": {name: spec for name, spec in metadata["columns"].items() if name != column}}
    names = [name for name in metadata["columns"] if name in real.columns and name in synthetic.columns]
    scores: dict[Any, float] = {}
    for value in real[column].dropna().value_counts().index:
        real_group = real.loc[real[column] == value, names].reset_index(drop=True)
        synthetic_group = synthetic.loc[synthetic[column] == value, names].reset_index(drop=True)
        if real_group.empty or synthetic_group.empty:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scores[value] = float(ColumnShapes().get_score(real_group, synthetic_group, metadata, progress_bar=None))
    return scores


def control_label(conditions: Sequence[ConditionSpec], spec: RebalanceSpec | None) -> str:
    """A short tag saying how a run's rows were controlled, for labels; empty for plain rows.

    Examples: "rebalanced sex 50/50", "conditioned income='>50K', sex='Female'", "conditioned (3 conditions)".
    """
    if spec is not None:
        return spec.short()
    if len(conditions) == 1:
        return "conditioned " + ", ".join(f"{name}={value!r}" for name, value in conditions[0].values.items())
    if conditions:
        return f"conditioned ({len(conditions)} conditions)"
    return ""


def controlled_columns(
    conditions: Sequence[ConditionSpec], spec: RebalanceSpec | None, schema: TableSchema
) -> list[str]:
    """The columns whose group shares a run changed on purpose: the rebalanced one, or the conditioned ones.

    Only columns whose values form groups (categorical, boolean, ordinal) count; a fixed number has no shares.
    """
    names = [spec.column] if spec is not None else [name for c in conditions for name in c.values]
    unique = list(dict.fromkeys(names))
    return [name for name in unique if name in schema.names and schema.column(name).kind.is_category_like]


def group_effect(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    schema: TableSchema,
    column: str,
    *,
    plain: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Group shares before and after, with each group's Column Shapes, for one controlled column.

    Args:
        real: The training rows.
        synthetic: The controlled run's rows.
        schema: The run's schema.
        column: The rebalanced or conditioned column.
        plain: Rows of a plain (uncontrolled) run of the same data, to compare the within-group scores with.

    Returns:
        `group_shares` plus "within_group_shapes" (this run) and "plain_within_group_shapes"
        (NaN without a plain run, or for a group the plain run lacks).
    """
    table = group_shares(real, synthetic, column)
    scores = within_group_column_shapes(real, synthetic, schema, column)
    table["within_group_shapes"] = [scores.get(group, math.nan) for group in table["group"]]
    baseline = within_group_column_shapes(real, plain, schema, column) if plain is not None else {}
    table["plain_within_group_shapes"] = [baseline.get(group, math.nan) for group in table["group"]]
    return table


def _shuffled(rows: pd.DataFrame, schema: TableSchema, seed: int) -> pd.DataFrame:
    """Mix the groups (conditions come back one block per value), keeping regenerated keys in order."""
    order = np.random.default_rng(seed).permutation(len(rows))
    mixed = rows.iloc[order].reset_index(drop=True)
    for entry in schema.columns:
        # Keys are made up afresh and unrelated to the other columns, so they can stay 1, 2, 3, ...
        if entry.name in mixed.columns and (entry.role is ColumnRole.KEY or entry.kind is ColumnKind.ID):
            mixed[entry.name] = rows[entry.name].to_numpy()
    return mixed


__all__ = [
    "ConditionSpec",
    "RebalanceError",
    "RebalanceSpec",
    "control_label",
    "controlled_columns",
    "group_effect",
    "group_shares",
    "rebalance",
    "share_counts",
    "target_shares",
    "within_group_column_shapes",
]
