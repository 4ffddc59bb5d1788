"""A rough estimate of a run's time and memory, made before it starts, so nobody waits an hour unwarned.

Each generator declares its own cost model (`Generator.fit_cost` and `Generator.sample_cost`, with the
constants in its own file), so adding a generator needs nothing here. This module holds only the generic
arithmetic: the table's shape (rows, modelled columns, encoded width), the cost of filling the columns
no model learns, the evaluations, the warnings, the suggested subsample and the wording.

The constants were measured on 2 cores (`benchmarks/estimates.py` compares the estimate with real runs
on Adult, German credit and a wide table, and prints the ratio). The figures are meant to be right
within a factor of two; the page says "about".
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from synth_core.generators import get
from synth_core.generators.base import Cost, Generator, TableShape
from synth_core.progress import format_duration
from synth_core.runs import RunConfig
from synth_core.schema import ColumnRole, TableSchema

SLOW_SECONDS = 300.0  # above this, the page warns and offers a smaller run
MEMORY_SHARE = 0.5  # of the machine's memory, above which the page warns
TARGET_SECONDS = 120.0  # a suggested subsample aims to finish within this
MODES_PER_NUMBER = 11  # a number becomes up to 10 mixture modes plus its value within the mode
WIDE_COLUMN_LEVELS = 1_000  # above this, a deep generator's one-hot encoding of the column is named

# Generic costs, in seconds and bytes measured on 2 cores (benchmarks/estimates.py, benchmarks/privacy.py).
RUN_FIXED_SECONDS = 0.1  # the split, rare-value protection and the record
OUTPUT_SECONDS_PER_CELL = 2.0e-7  # putting the columns back in order, with their real types
OUTPUT_BYTES_PER_CELL = 40  # a sampled table in memory: numbers and short strings
FILL_SECONDS_PER_VALUE = 2.0e-5  # Faker values for personal-data and text columns
FIDELITY_FIXED_SECONDS = 0.2
FIDELITY_SECONDS_PER_CELL = 2.0e-7  # per (real + synthetic) row and column: column shapes, diagnostics
FIDELITY_SECONDS_PER_PAIR_ROW = 1.5e-7  # per (real + synthetic) row and column pair: pair trends
FIDELITY_SECONDS_PER_PAIR = 5.0e-3  # each pair's own setting-up
DISTANCE_SECONDS_PER_PAIR_COLUMN = 2.7e-10  # per synthetic × real row pair and column: the distance family
DISTANCE_BASE_BYTES = 256 * 2**20  # the blocks of distances, whatever the size
ATTACK_FIXED_SECONDS = 2.0
ATTACK_SECONDS_PER_CELL = 5.5e-5  # per synthetic row and column, at 500 attacks (27 s on full Adult)
UTILITY_FIXED_SECONDS = 2.0
UTILITY_SECONDS_PER_CELL = 1.0e-5  # per (training + synthetic) row and column: two models each
DETECTION_MAX_ROWS = 20_000  # per side, as `fidelity_details.DETECTION_MAX_ROWS`
DETECTION_SECONDS_PER_VALUE = 3.0e-7  # per row and encoded value, for each of 3 repetitions
EVALUATIONS = ("fidelity", "privacy", "attacks", "utility", "detection")

_SUBJECTS = {
    "fit": "The fit",
    "fidelity": "The fidelity report",
    "privacy distances": "The privacy distances",
    "attacks": "The privacy attacks",
    "utility": "The utility tests",
    "detection": "The detection test",
}


@dataclass(frozen=True)
class FitEstimate:
    """What a fit will roughly cost.

    Attributes:
        seconds: Estimated time to fit.
        memory_bytes: Estimated peak memory of the fit.
        encoded_width: How many numbers one row becomes for the model.
        widest_columns: The columns that widen the encoding most, with their width, widest first.
        warnings: Why this fit may be too slow or too big; empty if it looks fine.
        suggested_rows: A subsample size that would fit comfortably, when the fit looks too costly.
    """

    seconds: float
    memory_bytes: int
    encoded_width: int
    widest_columns: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]
    suggested_rows: int | None


@dataclass(frozen=True)
class RunEstimate:
    """What a whole run (fit, sampling and the chosen evaluations) will roughly cost.

    Attributes:
        seconds: Estimated time of the whole run.
        memory_bytes: Estimated peak memory of its costliest step.
        parts: Each step and its seconds, in the order they run, e.g. ("sample 10,000,000 rows", 700.0).
        fit: The fit's own estimate.
        warnings: Why this run may be too slow or too big, naming the costly step; empty if it looks fine.
        suggested_rows: A fit subsample size, when the fit is the costly step.
        suggested_synthetic_rows: Fewer synthetic rows, when sampling and evaluating them is the costly step.
    """

    seconds: float
    memory_bytes: int
    parts: tuple[tuple[str, float], ...]
    fit: FitEstimate
    warnings: tuple[str, ...]
    suggested_rows: int | None
    suggested_synthetic_rows: int | None


def machine_memory_bytes() -> int | None:
    """The machine's physical memory, where the platform tells it."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


def memory_budget(memory_limit: int | None = None) -> int:
    """Bytes above which to warn: `memory_limit`, or half the machine's memory."""
    return memory_limit or int((machine_memory_bytes() or 8 * 2**30) * MEMORY_SHARE)


def table_shape(train: pd.DataFrame, schema: TableSchema, rows: int | None = None) -> TableShape:
    """The size of `train` as the cost models see it (`rows` overrides its row count)."""
    modelled = [column for column in schema.columns if column.is_modelled and column.name in train.columns]
    return TableShape(
        rows=len(train) if rows is None else rows,
        columns=len(modelled),
        numbers=sum(column.kind.is_numeric_like for column in modelled),
        encoded_width=sum(_encoded_widths(train, schema).values()),
        output_columns=sum(column.role is not ColumnRole.IGNORE for column in schema.columns),
    )


def estimate_fit(
    train: pd.DataFrame,
    schema: TableSchema,
    generator: str,
    params: dict[str, Any] | None = None,
    *,
    rows: int | None = None,
    memory_limit: int | None = None,
) -> FitEstimate:
    """Estimate the time and memory of fitting `generator` on `train`.

    Args:
        train: The rows the generator will learn from.
        schema: Their schema; only modelled columns count.
        generator: A registered generator name.
        params: Its parameters (epochs matter for deep generators); defaults fill the rest.
        rows: How many rows the fit will see, if not all of `train` (such as the training share of a table).
        memory_limit: Bytes above which to warn; half the machine's memory by default.

    Returns:
        The estimate, with warnings and a suggested subsample size when the fit looks too costly.
    """
    generator_class = get(generator)
    shape = table_shape(train, schema, rows)
    cost = generator_class.fit_cost(shape, _param_values(generator_class, params))
    widths = _encoded_widths(train, schema)
    widest = tuple(sorted(widths.items(), key=lambda item: -item[1])[:3])
    limit = memory_budget(memory_limit)

    warnings: list[str] = []
    if cost.seconds > SLOW_SECONDS:
        warnings.append(f"This fit may take about {format_duration(cost.seconds)} on this machine.")
    if cost.memory_bytes > limit:
        warnings.append(
            f"This fit may need about {_size(cost.memory_bytes)} of memory, more than the {_size(limit)} "
            "it should use here."
        )
    if generator_class.is_deep and widest and widest[0][1] > WIDE_COLUMN_LEVELS:
        name, levels = widest[0]
        warnings.append(
            f"Column '{name}' has {levels:,} distinct values; a deep generator one-hot encodes each of them. "
            "Consider marking it as an id or free text, or ignoring it, on the Data page."
        )
    suggested = _fewer_fit_rows(shape.rows, cost, limit) if warnings else None
    return FitEstimate(
        seconds=cost.seconds,
        memory_bytes=cost.memory_bytes,
        encoded_width=shape.encoded_width,
        widest_columns=widest,
        warnings=tuple(warnings),
        suggested_rows=suggested,
    )


def estimate_run(
    train: pd.DataFrame,
    schema: TableSchema,
    config: RunConfig,
    *,
    train_rows: int | None = None,
    evaluations: Collection[str] = ("fidelity",),
    memory_limit: int | None = None,
) -> RunEstimate:
    """Estimate the time and memory of a whole run: fit, sampling and the evaluations asked for.

    Args:
        train: The training rows (or the whole table, with `train_rows` saying how many will train).
        schema: Their schema.
        config: The run's configuration: generator, parameters, synthetic rows (`rows`, None for as many as
            the training rows; or the conditions' rows), fit subsample (`fit_rows`) and holdout share.
        train_rows: How many training rows the split will give, if not all of `train`.
        evaluations: Any of "fidelity", "privacy", "attacks", "utility" and "detection".
        memory_limit: Bytes above which to warn; half the machine's memory by default.

    Returns:
        The estimate, its parts, and warnings naming the costly part with a smaller run to try instead.

    Raises:
        ValueError: An unknown evaluation name.
    """
    unknown = sorted(set(evaluations) - set(EVALUATIONS))
    if unknown:
        raise ValueError(f"Unknown evaluation(s) {', '.join(unknown)}; choose from {', '.join(EVALUATIONS)}.")
    train_rows = len(train) if train_rows is None else train_rows
    fit_rows = min(config.fit_rows, train_rows) if config.fit_rows is not None else train_rows
    fit = estimate_fit(train, schema, config.generator, config.params, rows=fit_rows, memory_limit=memory_limit)
    shape = table_shape(train, schema, train_rows)
    context = _RunContext(
        generator=get(config.generator),
        params=_param_values(get(config.generator), config.params),
        shape=shape,
        holdout_rows=round(train_rows * config.holdout_share / max(1 - config.holdout_share, 1e-9)),
        filled_columns=sum(column.kind.is_faked and column.role is not ColumnRole.IGNORE for column in schema.columns),
        has_target=schema.target is not None,
        evaluations=tuple(name for name in EVALUATIONS if name in evaluations),
        fit=Cost(fit.seconds, fit.memory_bytes),
    )
    rows = sum(condition.rows for condition in config.conditions) or config.rows or train_rows
    parts = _parts(context, rows)
    seconds = sum(cost.seconds for _, cost in parts)
    memory = max(cost.memory_bytes for _, cost in parts)
    limit = memory_budget(memory_limit)

    warnings: list[str] = []
    costly = [max(parts, key=lambda part: part[1].seconds)] if seconds > SLOW_SECONDS else []
    if memory > limit:
        costly.append(max(parts, key=lambda part: part[1].memory_bytes))
    for label, cost in dict(costly).items():
        warnings.append(
            f"{_subject(label, rows)} may take about {format_duration(cost.seconds)} and {_size(cost.memory_bytes)}"
            + (f", more than the {_size(limit)} of memory it should use here." if cost.memory_bytes > limit else ".")
        )
    warnings += [warning for warning in fit.warnings if warning.startswith("Column ")]
    costly_labels = {label for label, _ in costly}
    suggested_rows = fit.suggested_rows
    if suggested_rows is None and "fit" in costly_labels:
        suggested_rows = _fewer_fit_rows(fit_rows, context.fit, limit)
    suggested_synthetic = None
    if costly_labels - {"fit"}:
        suggested_synthetic = _fewer_synthetic_rows(context, rows, limit)
    return RunEstimate(
        seconds=seconds,
        memory_bytes=memory,
        parts=tuple((label, cost.seconds) for label, cost in parts),
        fit=fit,
        warnings=tuple(warnings),
        suggested_rows=suggested_rows,
        suggested_synthetic_rows=suggested_synthetic,
    )


@dataclass(frozen=True)
class _RunContext:
    """Everything the parts of a run depend on except the number of synthetic rows."""

    generator: type[Generator]
    params: Mapping[str, Any]
    shape: TableShape
    holdout_rows: int
    filled_columns: int
    has_target: bool
    evaluations: tuple[str, ...]
    fit: Cost


def _parts(context: _RunContext, rows: int) -> list[tuple[str, Cost]]:
    """The cost of each step of a run making `rows` synthetic rows, in the order the steps run."""
    shape = context.shape
    frame_bytes = rows * shape.output_columns * OUTPUT_BYTES_PER_CELL
    sampled = context.generator.sample_cost(shape, context.params, rows)
    sample = Cost(
        RUN_FIXED_SECONDS
        + sampled.seconds
        + rows * shape.output_columns * OUTPUT_SECONDS_PER_CELL
        + rows * context.filled_columns * FILL_SECONDS_PER_VALUE,
        int(sampled.memory_bytes + frame_bytes),
    )
    parts = [("fit", context.fit), (f"sample {rows:,} rows", sample)]
    real = shape.rows + context.holdout_rows
    columns = max(shape.columns, 1)
    for name in context.evaluations:
        if name == "fidelity":
            compared = shape.rows + rows
            pairs = columns * (columns - 1) / 2
            seconds = (
                FIDELITY_FIXED_SECONDS
                + compared * columns * FIDELITY_SECONDS_PER_CELL
                + compared * pairs * FIDELITY_SECONDS_PER_PAIR_ROW
                + pairs * FIDELITY_SECONDS_PER_PAIR
            )
            parts.append(("fidelity", Cost(seconds, int(frame_bytes + compared * columns * 16))))
        elif name == "privacy":
            seconds = rows * real * columns * DISTANCE_SECONDS_PER_PAIR_COLUMN
            parts.append(("privacy distances", Cost(seconds, int(frame_bytes + DISTANCE_BASE_BYTES))))
        elif name == "attacks":
            seconds = ATTACK_FIXED_SECONDS + rows * columns * ATTACK_SECONDS_PER_CELL
            parts.append(("attacks", Cost(seconds, int(frame_bytes + (rows + real) * columns * 16))))
        elif name == "utility" and context.has_target:
            seconds = UTILITY_FIXED_SECONDS + (shape.rows + rows) * columns * UTILITY_SECONDS_PER_CELL
            parts.append(("utility", Cost(seconds, int(frame_bytes + (shape.rows + rows) * columns * 16))))
        elif name == "detection":
            compared = min(shape.rows, DETECTION_MAX_ROWS) + min(rows, DETECTION_MAX_ROWS)
            seconds = 3 * compared * shape.encoded_width * DETECTION_SECONDS_PER_VALUE
            parts.append(("detection", Cost(seconds, int(frame_bytes + compared * shape.encoded_width * 8))))
    return parts


def _fewer_fit_rows(rows: int, cost: Cost, limit: int) -> int | None:
    """A fit subsample (whole hundreds) that fits within the target time and the memory, or None for one row."""
    if rows <= 1:
        return None
    by_time = rows * TARGET_SECONDS / max(cost.seconds, 1e-9)
    by_memory = rows * limit / max(cost.memory_bytes, 1)
    return max(1, min(rows - 1, int(min(by_time, by_memory) // 100 * 100) or 100))


def _fewer_synthetic_rows(context: _RunContext, rows: int, limit: int) -> int | None:
    """The most synthetic rows (two significant figures) whose run fits the target time and the memory."""

    def fits(candidate: int) -> bool:
        parts = _parts(context, candidate)
        return (
            sum(cost.seconds for _, cost in parts) <= max(TARGET_SECONDS, context.fit.seconds * 1.5)
            and max(cost.memory_bytes for _, cost in parts) <= limit
        )

    low, high = 0, rows  # the run is linear enough in rows for a bisection
    while high - low > max(1, rows // 1000):
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    if low < 1:
        return None
    rounded = int(float(f"{low:.2g}"))
    return rounded if 0 < rounded < rows else None


def _param_values(generator_class: type[Generator], params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every parameter's value: the given ones over the declared defaults."""
    return {spec.name: spec.default for spec in generator_class.params} | dict(params or {})


def _encoded_widths(train: pd.DataFrame, schema: TableSchema) -> dict[str, int]:
    """How many values each modelled column becomes: mixture modes for numbers, one-hot for categories."""
    return {
        column.name: MODES_PER_NUMBER
        if column.kind.is_numeric_like
        else max(int(train[column.name].nunique(dropna=False)), 1)
        for column in schema.columns
        if column.is_modelled and column.name in train.columns
    }


def _subject(label: str, rows: int) -> str:
    """The part of a run as the subject of a sentence."""
    return _SUBJECTS.get(label, f"Sampling {rows:,} rows")


def _size(size: float) -> str:
    if size < 2**20:
        return f"{max(size, 1) / 2**10:.0f} KB"
    if size < 2**30:
        return f"{size / 2**20:.0f} MB"
    return f"{size / 2**30:.1f} GB"


def describe(estimate: FitEstimate) -> str:
    """One line for the page: the fit's time and memory, as rough figures."""
    return f"Estimated fit: about {format_duration(estimate.seconds)} and {_size(estimate.memory_bytes)} of memory."


def describe_run(estimate: RunEstimate) -> str:
    """One line for the page: the whole run's time and memory, and what each part takes."""
    parts = ", ".join(f"{label} {format_duration(seconds)}" for label, seconds in estimate.parts)
    total = f"about {format_duration(estimate.seconds)} and {_size(estimate.memory_bytes)} of memory"
    return f"Estimated run: {total} ({parts})."
