"""A rough estimate of a fit's time and memory, made before the fit, so nobody waits an hour unwarned.

The costs follow how each generator works, with constants measured on 2 cores on Adult
(`benchmarks/estimate.py` compares the estimate with real fits and prints the ratio):

- Gaussian copula and independent columns: one pass per column, so time and memory grow with
  rows × columns.
- CTGAN, CopulaGAN and TVAE first fit a mixture model to every number (SDV's mode-specific
  normalisation), then train for `epochs` passes over the rows. Each number becomes up to 11 values
  and each category one value per level (one-hot), so a column with thousands of levels makes the
  network wide, slow and memory-hungry. That is the case this estimate exists to catch.

- MST (differentially private) fits a graphical model to noisy marginals: its time grows with the
  columns and the estimation iterations, hardly with the rows, and jax's compiled kernels take about
  a gigabyte before any column (`benchmarks/dp.py`: 48 to 68 s and 2.1 to 2.6 GiB on Adult's 15 columns).

The figures are meant to be right within a factor of two or so; the page says "about".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from synth_core.generators import get
from synth_core.schema import ColumnKind, TableSchema

# Seconds and bytes, measured on 2 cores (see the module docstring).
COPULA_SECONDS_PER_CELL = 1.0e-5
COPULA_BYTES_PER_CELL = 64
MIXTURE_SECONDS_PER_VALUE = 2.0e-4  # per row and numeric column, for the deep generators' normaliser
DEEP_SECONDS_PER_ROW_EPOCH = {"ctgan": 7.0e-4, "copulagan": 8.5e-4, "tvae": 2.5e-4}
DEEP_WIDTH_SCALE = 500  # the networks' first layers are 256 wide; the input width adds cost beyond that
DEEP_BYTES_PER_ENCODED_VALUE = 24  # float64 one-hot while encoding, then float32 copies for training
MODES_PER_NUMBER = 11  # up to 10 mixture modes, plus the value within its mode
FIXED_SECONDS = 0.5
MST_SECONDS_PER_COLUMN_ITERATION = 1.9e-3
MST_BASE_BYTES = 2**30
MST_BYTES_PER_COLUMN = 0.1 * 2**30

SLOW_SECONDS = 300.0  # above this, the page warns and offers a subsample
MEMORY_SHARE = 0.5  # of the machine's memory, above which the page warns
TARGET_SECONDS = 120.0  # a suggested subsample aims to fit within this


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


def machine_memory_bytes() -> int | None:
    """The machine's physical memory, where the platform tells it."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


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
        params: Its parameters (epochs matter for deep generators).
        rows: How many rows the fit will see, if not all of `train` (such as the training share of a table).
        memory_limit: Bytes above which to warn; half the machine's memory by default.

    Returns:
        The estimate, with warnings and a suggested subsample size when the fit looks too costly.
    """
    generator_class = get(generator)
    values = {spec.name: spec.default for spec in generator_class.params} | dict(params or {})
    rows = len(train) if rows is None else rows
    modelled = [column for column in schema.columns if column.is_modelled and column.name in train.columns]
    widths = {column.name: _encoded_width(train[column.name], column.kind) for column in modelled}
    numbers = sum(column.kind in (ColumnKind.NUMERICAL, ColumnKind.DATETIME) for column in modelled)
    width = sum(widths.values())
    deep = generator in DEEP_SECONDS_PER_ROW_EPOCH
    if deep:
        epochs = int(values.get("epochs", 300))
        per_row = DEEP_SECONDS_PER_ROW_EPOCH[generator] * (1 + width / DEEP_WIDTH_SCALE)
        seconds = FIXED_SECONDS + rows * numbers * MIXTURE_SECONDS_PER_VALUE + rows * epochs * per_row
        memory = rows * width * DEEP_BYTES_PER_ENCODED_VALUE
    elif generator == "dp_mst":
        seconds = FIXED_SECONDS + len(modelled) * int(values.get("iterations", 2000)) * MST_SECONDS_PER_COLUMN_ITERATION
        memory = MST_BASE_BYTES + len(modelled) * MST_BYTES_PER_COLUMN
    else:
        seconds = FIXED_SECONDS + rows * len(modelled) * COPULA_SECONDS_PER_CELL
        memory = rows * len(modelled) * COPULA_BYTES_PER_CELL
    limit = memory_limit or int((machine_memory_bytes() or 8 * 2**30) * MEMORY_SHARE)
    widest = tuple(sorted(widths.items(), key=lambda item: -item[1])[:3])

    warnings: list[str] = []
    if seconds > SLOW_SECONDS:
        warnings.append(f"This fit may take about {_duration(seconds)} on this machine.")
    if memory > limit:
        warnings.append(
            f"This fit may need about {_size(memory)} of memory, more than the {_size(limit)} it should use here."
        )
    if deep and widest and widest[0][1] > 1_000:
        name, levels = widest[0]
        warnings.append(
            f"Column '{name}' has {levels:,} distinct values; a deep generator one-hot encodes each of them. "
            "Consider marking it as an id or free text, or ignoring it, on the Data page."
        )
    suggested = None
    if warnings and rows > 1:
        by_time = rows * TARGET_SECONDS / max(seconds, 1e-9)
        by_memory = rows * limit / max(memory, 1)
        suggested = max(1, min(rows - 1, int(min(by_time, by_memory) // 100 * 100) or 100))
    return FitEstimate(
        seconds=seconds,
        memory_bytes=int(memory),
        encoded_width=width,
        widest_columns=widest,
        warnings=tuple(warnings),
        suggested_rows=suggested,
    )


def _encoded_width(values: pd.Series, kind: ColumnKind) -> int:
    if kind in (ColumnKind.NUMERICAL, ColumnKind.DATETIME):
        return MODES_PER_NUMBER
    return max(int(values.nunique(dropna=False)), 1)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _size(size: float) -> str:
    if size < 2**20:
        return f"{max(size, 1) / 2**10:.0f} KB"
    if size < 2**30:
        return f"{size / 2**20:.0f} MB"
    return f"{size / 2**30:.1f} GB"


def describe(estimate: FitEstimate) -> str:
    """One line for the page: the time and memory, as rough figures."""
    return f"Estimated fit: about {_duration(estimate.seconds)} and {_size(estimate.memory_bytes)} of memory."
