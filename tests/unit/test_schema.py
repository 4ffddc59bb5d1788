"""Schema detection on real data, personal data by content, overrides and round trips."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from faker import Faker

from synth_core.detection import infer_schema
from synth_core.errors import SchemaError
from synth_core.schema import PERSONAL_DATA_TYPES, ColumnKind, ColumnRole, ColumnSchema, TableSchema
from tests.conftest import DATA_DIR

N, ORD, C, B, D, ID, P = (
    ColumnKind.NUMERICAL,
    ColumnKind.ORDINAL,
    ColumnKind.CATEGORICAL,
    ColumnKind.BOOLEAN,
    ColumnKind.DATETIME,
    ColumnKind.ID,
    ColumnKind.PERSONAL,
)

ADULT_KINDS = {
    "age": N, "workclass": C, "fnlwgt": N, "education": C, "education-num": ORD, "marital-status": C,
    "occupation": C, "relationship": C, "race": C, "sex": C, "capital-gain": N, "capital-loss": N,
    "hours-per-week": N, "native-country": C, "income": C,
}  # fmt: skip
GERMAN_KINDS = {
    "status_of_existing_checking_account": C, "duration_in_month": N, "credit_history": C, "purpose": C,
    "credit_amount": N, "savings_account/bonds": C, "present_employment_since": C,
    "installment_rate_in_percentage_of_disposable_income": ORD, "personal_status_and_sex": C,
    "other_debtors/guarantors": C, "present_residence_since": ORD, "property": C, "age_in_years": N,
    "other_installment_plans": C, "housing": C, "number_of_existing_credits_at_this_bank": ORD, "job": C,
    "number_of_people_being_liable_to_provide_maintenance_for": C, "telephone": C, "foreign_worker": C,
    "credit_risk": C,
}  # fmt: skip
STUDENT_KINDS = {
    "student_id": ID, "gender": C, "second_perc": N, "high_perc": N, "high_spec": C, "degree_perc": N,
    "degree_type": C, "work_experience": B, "experience_years": ORD, "employability_perc": N, "mba_spec": C,
    "mba_perc": N, "salary": N, "placed": B, "start_date": D, "end_date": D, "duration": ORD,
}  # fmt: skip


def _kinds(schema: TableSchema) -> dict[str, ColumnKind]:
    return {column.name: column.kind for column in schema.columns}


def test_adult_kinds_column_by_column(adult):
    schema = infer_schema(adult)

    assert _kinds(schema) == ADULT_KINDS
    assert schema.personal_columns == []
    assert schema.target == "income"
    assert adult["income"].nunique() == 2
    assert "16 distinct values" in schema.column("education-num").reason
    assert all(column.reason for column in schema.columns)


def test_german_credit_kinds_column_by_column(german_credit):
    schema = infer_schema(german_credit)

    assert _kinds(schema) == GERMAN_KINDS
    assert schema.target == "credit_risk"
    # "telephone" holds A191/A192: its name must not make it a phone number.
    assert schema.column("telephone").kind is ColumnKind.CATEGORICAL
    assert schema.personal_columns == []


def test_student_placements_kinds_column_by_column(student_placements):
    schema = infer_schema(student_placements)

    assert _kinds(schema) == STUDENT_KINDS
    assert schema.column("student_id").role is ColumnRole.KEY
    assert schema.column("start_date").datetime_format == "%Y-%m-%d"


def test_personal_data_found_by_content_under_neutral_headers():
    fake = Faker("en_US")
    fake.seed_instance(7)
    frame = pd.DataFrame(
        {
            "c1": [fake.email() for _ in range(150)],
            "c2": [fake.phone_number() for _ in range(150)],
            "c3": [fake.name() for _ in range(150)],
            "c4": [fake.ipv4() for _ in range(150)],
            "c5": [fake.random_int(1, 5) for _ in range(150)],
        }
    )

    schema = infer_schema(frame)

    assert [(c.kind, c.pii_type) for c in schema.columns[:4]] == [
        (P, "email"),
        (P, "phone_number"),
        (P, "name"),
        (P, "ipv4"),
    ]
    assert schema.column("c5").kind is ColumnKind.ORDINAL
    assert "look like email addresses" in schema.column("c1").reason


def test_addresses_and_free_text_are_told_apart():
    fake = Faker("en_US")
    fake.seed_instance(3)
    frame = pd.DataFrame(
        {
            "where": [fake.address() for _ in range(100)],
            "note": [fake.sentence(nb_words=9) for _ in range(100)],
            "ref": [fake.uuid4() for _ in range(100)],
        }
    )

    schema = infer_schema(frame)

    assert (schema.column("where").kind, schema.column("where").pii_type) == (P, "address")
    assert schema.column("note").kind is ColumnKind.TEXT
    assert schema.column("ref").kind is ColumnKind.ID


def test_all_null_and_constant_columns():
    frame = pd.DataFrame({"empty": [None] * 30, "same": ["x"] * 30, "n": range(30)})

    schema = infer_schema(frame)

    assert schema.column("empty").role is ColumnRole.IGNORE
    assert schema.column("same").kind is ColumnKind.CATEGORICAL


def test_overrides_are_kept_and_one_target_at_a_time(adult):
    schema = infer_schema(adult)

    changed = schema.with_column("sex", role="target").with_column("fnlwgt", kind="ordinal")

    assert changed.target == "sex"
    assert changed.column("income").role is ColumnRole.FEATURE
    assert changed.column("fnlwgt").kind is ColumnKind.ORDINAL


def test_problems_are_collected_and_raised_once(adult):
    schema = infer_schema(adult).with_column("workclass", kind="numerical").with_column("sex", kind="boolean")
    schema = schema.with_column("race", kind="datetime")

    with pytest.raises(SchemaError) as caught:
        schema.validate(adult)

    message = str(caught.value)
    assert len(caught.value.problems) == 3
    assert "'workclass' cannot be numerical" in message
    assert "'race' cannot be a date" in message
    assert "Choose categorical" in message


def test_schema_round_trips_through_json(student_placements):
    schema = infer_schema(student_placements).with_column("gender", kind="personal", pii_type="first_name")

    restored = TableSchema.from_json(schema.to_json())

    assert restored == schema
    assert json.loads(schema.to_json())["columns"][1]["pii_type"] == "first_name"


def test_sdv_metadata_round_trip_keeps_kinds_and_key(student_placements):
    schema = infer_schema(student_placements)

    metadata = schema.to_sdv_metadata(student_placements)
    table = metadata.to_dict()["tables"]["table"]
    restored = TableSchema.from_sdv_metadata(metadata)

    assert table["primary_key"] == "student_id"
    assert table["columns"]["experience_years"] == {"sdtype": "ordinal", "range_values": [0, 1, 2, 3]}
    assert _kinds(restored) == STUDENT_KINDS
    metadata.validate_table(student_placements, "table")  # SDV accepts our metadata for the data


def test_reference_sdv_metadata_file_is_understood():
    reference = json.loads((DATA_DIR / "student_placements_metadata.json").read_text())

    schema = TableSchema.from_sdv_metadata(reference)

    assert schema.column("student_id").role is ColumnRole.KEY
    assert schema.column("placed").kind is ColumnKind.BOOLEAN
    assert schema.column("salary").kind is ColumnKind.NUMERICAL


def test_unknown_kind_in_json_is_reported_with_its_position():
    with pytest.raises(SchemaError, match="Column entry 2"):
        TableSchema.from_dict({"columns": [{"name": "a", "kind": "numerical"}, {"name": "b", "kind": "weird"}]})


def test_day_first_dates_in_one_format_are_dates():
    frame = pd.DataFrame({"seen": ["09/11/2023", "30/04/2023", "01/02/2024", "15/08/2023"] * 5, "n": range(20)})

    column = infer_schema(frame).column("seen")

    assert (column.kind, column.datetime_format) == (D, "%d/%m/%Y")
    assert infer_schema(frame).problems(frame) == []


def test_a_mostly_numeric_column_with_words_says_which_words():
    frame = pd.DataFrame({"hours": ["40", "38", "n.a.", "45", "varies", "40", "50", "36"] * 3})

    column = infer_schema(frame).column("hours")

    assert column.kind is C
    assert "75% of the values are numbers, but 6 are not (for example 'n.a.' and 'varies')" in column.reason


def test_quasi_identifier_marks_are_editable_and_survive_json():
    schema = TableSchema(
        columns=(
            ColumnSchema("age", N, quasi_identifier=True),
            ColumnSchema("zip", C, role=ColumnRole.IGNORE, quasi_identifier=True),
            ColumnSchema("score", N),
        )
    )

    edited = schema.with_column("score", quasi_identifier=True).with_column("age", quasi_identifier=False)

    assert schema.quasi_identifiers == ["age"]  # an ignored column is not in the synthetic data
    assert edited.quasi_identifiers == ["score"]
    assert TableSchema.from_json(edited.to_json()) == edited
    unmarked = TableSchema.from_dict({"columns": [{"name": "a", "kind": "numerical"}]})
    assert unmarked.column("a").quasi_identifier is False


def test_dates_of_birth_are_personal_data_sdv_accepts():
    fake = Faker("en_US")
    fake.seed_instance(4)
    frame = pd.DataFrame(
        {"dob": [fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat() for _ in range(100)], "n": range(100)}
    )

    schema = infer_schema(frame)

    assert (schema.column("dob").kind, schema.column("dob").pii_type) == (P, "date_of_birth")
    assert schema.column("dob").datetime_format == "%Y-%m-%d"
    assert "date_of_birth" in PERSONAL_DATA_TYPES
    schema.to_sdv_metadata(frame).validate()
    assert schema.with_column("dob", kind="datetime").column("dob").datetime_format == "%Y-%m-%d"


def test_kind_groupings_hold_the_kinds_they_name():
    def kinds_where(grouping: str) -> set[ColumnKind]:
        return {kind for kind in ColumnKind if getattr(kind, grouping)}

    text = ColumnKind.TEXT

    assert kinds_where("is_numeric_like") == {N, D}
    assert kinds_where("is_category_like") == {C, ORD, B}
    assert kinds_where("is_learnt") == {N, D, C, ORD, B}
    assert kinds_where("is_faked") == {P, text}
    assert kinds_where("can_hold_rare_values") == {C, ORD}
    assert kinds_where("has_order") == {N, ORD, D}
    assert not kinds_where("is_learnt") & {ID, P, text}
    assert ColumnSchema("x", ID).is_modelled is False and ColumnSchema("x", ORD).is_modelled is True
