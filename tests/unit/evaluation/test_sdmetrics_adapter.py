"""SDMetrics' metadata is built from the schema in one place: keys, personal data, ordinals, ignored columns."""

from __future__ import annotations

import pandas as pd

from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema


def test_keys_personal_data_and_ordinals_are_described_and_ignored_columns_left_out():
    frame = pd.DataFrame(
        {"id": [1, 2, 3], "email": ["a@x.org", "b@x.org", "c@x.org"], "grade": [3, 1, 2], "note": ["x", "y", "z"]}
    )
    schema = TableSchema(
        columns=(
            ColumnSchema("id", ColumnKind.ID, ColumnRole.KEY),
            ColumnSchema("email", ColumnKind.PERSONAL, pii_type="email"),
            ColumnSchema("grade", ColumnKind.ORDINAL),
            ColumnSchema("note", ColumnKind.TEXT, ColumnRole.IGNORE),
        )
    )

    every = sdmetrics_metadata(schema, frame)
    modelled = sdmetrics_metadata(schema, frame, modelled_only=True)

    assert every["primary_key"] == "id" and every["columns"]["id"]["sdtype"] == "id"
    assert every["columns"]["email"]["pii"] is True
    assert every["columns"]["grade"] == {"sdtype": "ordinal", "range_values": [1, 2, 3]}  # in order
    assert "note" not in every["columns"]
    assert list(modelled["columns"]) == ["grade"] and "primary_key" not in modelled
