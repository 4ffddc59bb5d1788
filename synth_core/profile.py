"""A quick profile of a table: size, and missing and distinct values per column."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class TableProfile:
    """Counts that describe a table at a glance.

    Attributes:
        rows: Number of rows.
        columns: Number of columns.
        missing_cells: Number of empty cells in the whole table.
        per_column: One row per column with `column`, `dtype`, `missing`, `missing_share` and `distinct`.
    """

    rows: int
    columns: int
    missing_cells: int
    per_column: pd.DataFrame

    @property
    def missing_share(self) -> float:
        """Share of all cells that are empty."""
        cells = self.rows * self.columns
        return self.missing_cells / cells if cells else 0.0


def profile_table(frame: pd.DataFrame) -> TableProfile:
    """Count rows, columns, and missing and distinct values per column.

    Args:
        frame: Any table.

    Returns:
        The profile.
    """
    missing = frame.isna().sum()
    rows = len(frame)
    per_column = pd.DataFrame(
        {
            "column": [str(name) for name in frame.columns],
            "dtype": [str(dtype) for dtype in frame.dtypes],
            "missing": missing.to_numpy(),
            "missing_share": (missing / rows).to_numpy() if rows else 0.0,
            "distinct": [int(frame[name].nunique(dropna=True)) for name in frame.columns],
        }
    )
    return TableProfile(rows=rows, columns=frame.shape[1], missing_cells=int(missing.sum()), per_column=per_column)
