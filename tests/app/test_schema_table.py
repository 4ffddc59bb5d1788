"""The schema editor's table and how edits become overrides."""

from __future__ import annotations

from dataclasses import replace

from dashboard.schema_table import apply_edits, schema_to_table
from synth_core.detection import infer_schema
from synth_core.schema import ColumnKind, ColumnRole, TableSchema


def test_table_has_one_row_per_column(german_credit):
    schema = infer_schema(german_credit)

    table = schema_to_table(schema)

    assert table["Column"].tolist() == schema.names
    assert set(table.columns) == {"Column", "Kind", "Personal data type", "Role", "Quasi-identifier", "Reason"}
    assert table["Quasi-identifier"].dtype == bool


def test_edits_become_overrides_marked_as_the_users(german_credit):
    schema = infer_schema(german_credit)
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
    schema = infer_schema(german_credit)
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
    schema = infer_schema(adult)

    assert apply_edits(schema, schema_to_table(schema)) == schema


def _unmarked(schema: TableSchema) -> TableSchema:
    """The schema with no quasi-identifier marked, whatever detection suggested."""
    return TableSchema(columns=tuple(replace(column, quasi_identifier=False) for column in schema.columns))


def test_ticking_a_quasi_identifier_marks_it_as_the_users(german_credit):
    schema = _unmarked(infer_schema(german_credit))
    table = schema_to_table(schema)
    table["Quasi-identifier"] = table["Column"].isin(["age_in_years", "personal_status_and_sex"])

    updated = apply_edits(schema, table)

    assert updated.quasi_identifiers == ["personal_status_and_sex", "age_in_years"]  # in the schema's order
    age = updated.column("age_in_years")
    assert age.reason.startswith("Set by you. Detected: numerical, feature.")
    assert (age.kind, age.role) == (schema.column("age_in_years").kind, schema.column("age_in_years").role)


def test_unticking_a_detected_quasi_identifier_keeps_what_detection_said(german_credit):
    schema = _unmarked(infer_schema(german_credit)).with_column("age_in_years", quasi_identifier=True)
    table = schema_to_table(schema)
    table.loc[table["Column"] == "age_in_years", "Quasi-identifier"] = False

    updated = apply_edits(schema, table)

    assert "age_in_years" not in updated.quasi_identifiers
    assert "Detected: numerical, feature, quasi-identifier." in updated.column("age_in_years").reason


def test_an_emptied_checkbox_cell_means_unmarked(german_credit):
    schema = _unmarked(infer_schema(german_credit)).with_column("age_in_years", quasi_identifier=True)
    table = schema_to_table(schema).astype({"Quasi-identifier": object})
    table.loc[table["Column"] == "age_in_years", "Quasi-identifier"] = None

    assert apply_edits(schema, table).quasi_identifiers == []


def test_marked_quasi_identifiers_survive_the_round_trip(german_credit):
    schema = _unmarked(infer_schema(german_credit)).with_column("age_in_years", quasi_identifier=True)

    assert apply_edits(schema, schema_to_table(schema)) == schema
