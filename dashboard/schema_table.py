"""The schema as an editable table, and the user's edits back as schema overrides."""

from __future__ import annotations

import pandas as pd

from synth_core.schema import ColumnKind, TableSchema

USER_SET = "Set by you."


def schema_to_table(schema: TableSchema) -> pd.DataFrame:
    """One row per column: name, kind, personal-data type, role and reason."""
    return pd.DataFrame(
        {
            "Column": [c.name for c in schema.columns],
            "Kind": [str(c.kind) for c in schema.columns],
            "Personal data type": [c.pii_type for c in schema.columns],
            "Role": [str(c.role) for c in schema.columns],
            "Reason": [c.reason for c in schema.columns],
        }
    )


def apply_edits(schema: TableSchema, edited: pd.DataFrame) -> TableSchema:
    """Turn the editor's rows into schema overrides, each marked as the user's choice."""
    updated = schema
    for row in edited.itertuples(index=False):
        name, kind, pii_type, role = row[0], row[1], row[2], row[3]
        column = schema.column(name)  # compare with the schema shown, not the one being built
        pii_type = pii_type if isinstance(pii_type, str) and pii_type else None
        changes: dict[str, object] = {}
        if kind and kind != str(column.kind):
            changes["kind"] = kind
        if role and role != str(column.role):
            changes["role"] = role
        if pii_type != column.pii_type and (kind == str(ColumnKind.PERSONAL) or pii_type):
            changes["pii_type"] = pii_type
            if pii_type and kind != str(ColumnKind.PERSONAL):
                changes["kind"] = ColumnKind.PERSONAL  # choosing a personal-data type means personal data
        if changes:
            if not column.reason.startswith(USER_SET):  # keep the first detection on later edits
                changes["reason"] = f"{USER_SET} Detected: {column.kind}, {column.role}. {column.reason}"
            updated = updated.with_column(name, **changes)
    return updated
