"""The schema as an editable table, and the user's edits back as schema overrides."""

from __future__ import annotations

import pandas as pd

from synth_core.schema import ColumnKind, ColumnSchema, TableSchema

USER_SET = "Set by you."
COLUMN = "Column"
KIND = "Kind"
PII_TYPE = "Personal data type"
ROLE = "Role"
QUASI_IDENTIFIER = "Quasi-identifier"
REASON = "Reason"


def schema_to_table(schema: TableSchema) -> pd.DataFrame:
    """One row per column: name, kind, personal-data type, role, quasi-identifier mark and reason."""
    return pd.DataFrame(
        {
            COLUMN: [c.name for c in schema.columns],
            KIND: [str(c.kind) for c in schema.columns],
            PII_TYPE: [c.pii_type for c in schema.columns],
            ROLE: [str(c.role) for c in schema.columns],
            QUASI_IDENTIFIER: pd.Series([c.quasi_identifier for c in schema.columns], dtype=bool),
            REASON: [c.reason for c in schema.columns],
        }
    )


def apply_edits(schema: TableSchema, edited: pd.DataFrame) -> TableSchema:
    """Turn the editor's rows into schema overrides, each marked as the user's choice."""
    updated = schema
    for row in edited.to_dict("records"):
        column = schema.column(row[COLUMN])  # compare with the schema shown, not the one being built
        kind, role = row.get(KIND), row.get(ROLE)
        pii_type = row.get(PII_TYPE)
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
        marked = _is_marked(row.get(QUASI_IDENTIFIER, column.quasi_identifier))
        if marked != column.quasi_identifier:
            changes["quasi_identifier"] = marked
        if changes:
            if not column.reason.startswith(USER_SET):  # keep the first detection on later edits
                changes["reason"] = f"{USER_SET} Detected: {_detected(column)}. {column.reason}"
            updated = updated.with_column(column.name, **changes)
    return updated


def _is_marked(value: object) -> bool:
    """A checkbox cell as a bool; an emptied cell (None or NaN) is unmarked."""
    return bool(value) and not pd.isna(value)


def _detected(column: ColumnSchema) -> str:
    """What detection said about a column, for the reason kept beside the user's change."""
    marks = [str(column.kind), str(column.role)]
    if column.quasi_identifier:
        marks.append("quasi-identifier")
    return ", ".join(marks)
