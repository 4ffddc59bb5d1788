"""The one place our schema becomes the metadata SDMetrics reads.

SDMetrics' reports and metrics take SDV's single-table metadata as a dictionary (`{"columns": ...}`,
with a `primary_key`). Every evaluation builds it here, from a `TableSchema`, so they all agree on
how a kind, a key or a personal-data column is described: keys are ids, personal data and free text
are marked `pii` (and so left out of the comparisons), ordinals carry their order of values.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from synth_core.schema import SDV_TABLE_NAME, ColumnKind, TableSchema

# The sdtypes of numeric-like and category-like kinds (an ordinal is "categorical" when no data gives its order).
NUMBER_SDTYPES = frozenset(kind.value for kind in ColumnKind if kind.is_numeric_like)
CATEGORY_SDTYPES = frozenset(kind.value for kind in ColumnKind if kind.is_category_like)


def sdmetrics_metadata(schema: TableSchema, frame: pd.DataFrame, *, modelled_only: bool = False) -> dict[str, Any]:
    """The single-table metadata dictionary SDMetrics reads, for the columns that are not ignored.

    Args:
        schema: The schema, with the user's overrides.
        frame: The real rows, which give ordinal columns their order of values.
        modelled_only: Describe only the columns a generator learns (no keys, personal data or free text),
            as SDMetrics' distance metrics want them.

    Returns:
        A table's metadata: {"columns": {name: {"sdtype": ...}}, "primary_key": ...}.
    """
    if modelled_only:
        schema = TableSchema(columns=tuple(column for column in schema.columns if column.is_modelled))
    return schema.to_sdv_metadata(frame).to_dict()["tables"][SDV_TABLE_NAME]


def sdmetrics_tables(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One table as the dictionary of tables SDMetrics' reports take, under the name the metadata uses."""
    return {SDV_TABLE_NAME: frame}


def sdmetrics_report_metadata(table_metadata: dict[str, Any]) -> dict[str, Any]:
    """A table's metadata wrapped as the whole-metadata dictionary SDMetrics' reports take."""
    return {"tables": {SDV_TABLE_NAME: table_metadata}}
