"""Properties of the schema: detection fits its own data, and schemas survive JSON and SDV metadata."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import assume, example, given
from hypothesis import strategies as st

from synth_core.detection import infer_schema
from synth_core.errors import SchemaError
from synth_core.schema import (
    PERSONAL_DATA_TYPES,
    SDV_TABLE_NAME,
    ColumnKind,
    ColumnRole,
    ColumnSchema,
    TableSchema,
)
from tests.unit.properties.strategies import tables

small_tables = tables(max_rows=25, max_columns=5)


def _assert_well_formed(schema: TableSchema) -> None:
    assert len([c for c in schema.columns if c.role is ColumnRole.TARGET]) <= 1
    for column in schema.columns:
        assert isinstance(column.kind, ColumnKind) and isinstance(column.role, ColumnRole)
        assert (column.pii_type is not None) == (column.kind is ColumnKind.PERSONAL)


def _expected_from_sdv(schema: TableSchema) -> list[tuple[str, ColumnKind, ColumnRole, str | None, str | None]]:
    """What SDV metadata keeps of a schema: output columns, kinds, keys, personal-data types, date formats.

    Keys are identifiers to SDV, whatever their kind (personal data aside): they are regenerated, not learnt.
    """
    outputs = [c for c in schema.columns if c.role is not ColumnRole.IGNORE]
    primary_key = next((c.name for c in outputs if c.role is ColumnRole.KEY), None)
    expected = []
    for c in outputs:
        kind = ColumnKind.ID if c.role is ColumnRole.KEY and c.kind is not ColumnKind.PERSONAL else c.kind
        role = ColumnRole.KEY if c.name == primary_key or kind is ColumnKind.ID else ColumnRole.FEATURE
        expected.append((c.name, kind, role, c.pii_type, c.datetime_format if kind is ColumnKind.DATETIME else None))
    return expected


def _kept_by_sdv(schema: TableSchema) -> list[tuple[str, ColumnKind, ColumnRole, str | None, str | None]]:
    return [(c.name, c.kind, c.role, c.pii_type, c.datetime_format) for c in schema.columns]


@given(small_tables)
def test_infer_gives_one_valid_entry_per_column_that_survives_json_and_sdv(table):
    frame, _ = table

    schema = infer_schema(frame)

    assert schema.names == [str(name) for name in frame.columns]
    _assert_well_formed(schema)
    assert all(column.reason for column in schema.columns)
    assert all(column.pii_type in PERSONAL_DATA_TYPES for column in schema.columns if column.pii_type)
    problems = schema.problems(frame)
    if any(column.is_modelled for column in schema.columns):
        assert problems == [], "the detected schema must fit the data it was detected from"
    elif not frame.notna().any().any():  # nothing to learn: every column is ignored, and the schema says so
        assert problems == ["Every column is ignored. Give at least one column the role feature or target."]
    else:  # only keys, personal data or text: one problem that says what to change
        assert len(problems) == 1 and problems[0].startswith("No column can be learnt")
    assert TableSchema.from_json(schema.to_json()) == schema
    if not schema.output_columns:
        return  # nothing to convert; the problem above tells the user what to do
    metadata = schema.to_sdv_metadata(frame)
    metadata.validate()
    assert _kept_by_sdv(TableSchema.from_sdv_metadata(metadata)) == _expected_from_sdv(schema)


@given(small_tables)
def test_any_schema_round_trips_through_json(table):
    _, schema = table

    assert TableSchema.from_json(schema.to_json()) == schema
    assert TableSchema.from_dict(schema.to_dict()) == schema


@given(small_tables)
# Regressions: SDV refused an ordinal column with no values (an empty order), and a key of a kind it
# does not take as a key (only identifiers and personal data).
@example(table=(pd.DataFrame({"age": [np.nan]}), TableSchema((ColumnSchema("age", ColumnKind.ORDINAL),))))
@example(
    table=(
        pd.DataFrame({"n": [0.0], "m": [1.5]}),
        TableSchema((ColumnSchema("n", ColumnKind.NUMERICAL, ColumnRole.KEY), ColumnSchema("m", ColumnKind.NUMERICAL))),
    )
)
def test_a_schema_that_fits_its_data_converts_to_sdv_metadata_and_back(table):
    frame, schema = table
    assume(schema.problems(frame) == [])  # a schema with nothing to learn is refused before any conversion

    metadata = schema.to_sdv_metadata(frame)
    back = TableSchema.from_sdv_metadata(metadata)

    metadata.validate()  # SDV accepts it, as a synthesizer will check
    assert list(metadata.to_dict()["tables"]) == [SDV_TABLE_NAME]
    assert _kept_by_sdv(back) == _expected_from_sdv(schema)
    # Through the metadata dictionary as well, as a user uploads it.
    assert TableSchema.from_sdv_metadata(metadata.to_dict()) == back


@given(
    small_tables,
    st.data(),
    st.sampled_from(list(ColumnKind)),
    st.sampled_from(list(ColumnRole)),
)
def test_user_overrides_keep_the_schema_well_formed_and_problems_never_crash(table, data, kind, role):
    frame, schema = table
    name = data.draw(st.sampled_from(schema.names))

    changed = schema.with_column(name, kind=kind, role=role)
    problems = changed.problems(frame)

    _assert_well_formed(changed)
    assert changed.names == schema.names
    assert changed.column(name).kind is kind and changed.column(name).role is role
    assert all(isinstance(problem, str) and problem for problem in problems)
    if problems:
        try:
            changed.validate(frame)
        except SchemaError as error:
            assert error.problems == problems
        else:
            raise AssertionError("validate() must raise when there are problems")
    else:
        changed.validate(frame)
