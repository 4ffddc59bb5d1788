"""The schema editor's table and how edits become overrides."""

from __future__ import annotations

from dashboard.schema_table import apply_edits, schema_to_table
from synth_core.schema import ColumnKind, ColumnRole, infer


def test_table_has_one_row_per_column(german_credit):
    schema = infer(german_credit)

    table = schema_to_table(schema)

    assert table["Column"].tolist() == schema.names
    assert set(table.columns) == {"Column", "Kind", "Personal data type", "Role", "Reason"}


def test_edits_become_overrides_marked_as_the_users(german_credit):
    schema = infer(german_credit)
    table = schema_to_table(schema)
    table.loc[table["Column"] == "telephone", "Personal data type"] = "phone_number"
    table.loc[table["Column"] == "job", "Role"] = "target"

    updated = apply_edits(schema, table)

    telephone = updated.column("telephone")
    assert (telephone.kind, telephone.pii_type) == (ColumnKind.PERSONAL, "phone_number")
    assert telephone.reason.startswith("Set by you. Detected: categorical, feature.")
    assert updated.target == "job"
    assert updated.column("credit_risk").role is ColumnRole.FEATURE


def test_second_edit_keeps_the_first_detection(german_credit):
    schema = infer(german_credit)
    table = schema_to_table(schema)
    table.loc[table["Column"] == "duration_in_month", "Kind"] = "ordinal"
    once = apply_edits(schema, table)
    table = schema_to_table(once)
    table.loc[table["Column"] == "duration_in_month", "Kind"] = "categorical"

    twice = apply_edits(once, table)

    reason = twice.column("duration_in_month").reason
    assert reason.count("Detected:") == 1
    assert "Detected: numerical" in reason
    assert twice.column("duration_in_month").kind is ColumnKind.CATEGORICAL


def test_unchanged_table_changes_nothing(adult):
    schema = infer(adult)

    assert apply_edits(schema, schema_to_table(schema)) == schema
