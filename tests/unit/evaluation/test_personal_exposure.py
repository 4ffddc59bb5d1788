"""Learnt columns that look like personal data are found by content or header, and the samples give none."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from synth_core.detection import infer_schema
from synth_core.evaluation.personal_exposure import header_suggests_personal_data, learnt_personal_columns
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema

ROWS = 300


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    fake = Faker("en_US")
    Faker.seed(3)
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "first": [fake.first_name().lower() for _ in range(ROWS)],
            "contact": [fake.email() for _ in range(ROWS)],
            "surname": [f"S{i:04d}" for i in rng.integers(0, 9999, ROWS)],
            "telephone": rng.choice(["yes", "none"], ROWS),
            "zip_count": rng.integers(10000, 99999, ROWS),
            "patient_age": rng.integers(18, 90, ROWS),
            "born": pd.to_datetime([fake.date_of_birth(minimum_age=18, maximum_age=90) for _ in range(ROWS)]),
            "visit": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, ROWS), unit="D"),
        }
    )


def _learnt(frame: pd.DataFrame, **kinds: ColumnKind) -> TableSchema:
    return TableSchema(tuple(ColumnSchema(name, kinds.get(name, ColumnKind.CATEGORICAL)) for name in frame.columns))


def test_learnt_columns_are_flagged_by_content_or_by_header(people):
    schema = _learnt(
        people,
        zip_count=ColumnKind.NUMERICAL,
        patient_age=ColumnKind.NUMERICAL,
        born=ColumnKind.DATETIME,
        visit=ColumnKind.DATETIME,
    )

    found = {entry.column: entry for entry in learnt_personal_columns(schema, people)}

    assert found["contact"].by_content and "email" in found["contact"].evidence
    assert found["first"].by_content and "first names" in found["first"].evidence  # lower case, as in the issue
    assert found["born"].by_content and "dates of birth" in found["born"].evidence
    assert found["surname"].by_content is False and "person's name" in found["surname"].evidence
    assert "telephone" not in found  # a yes/no column names no one, whatever its header
    assert "zip_count" not in found  # five-digit counts are not ZIP codes
    assert "patient_age" not in found  # about a person, but not a name
    assert "visit" not in found  # dates of events in one year are not dates of birth


def test_columns_that_are_not_learnt_are_not_flagged(people):
    schema = _learnt(people).with_column("contact", kind="personal").with_column("first", role=ColumnRole.IGNORE)

    found = {entry.column for entry in learnt_personal_columns(schema, people)}

    assert "contact" not in found and "first" not in found


@pytest.mark.parametrize(
    ("header", "suggests"),
    [
        ("first_name", "a person's name"),
        ("FirstName", "a person's name"),
        ("Customer Name", "a person's name"),
        ("product_name", None),
        ("E-mail", "an email address"),
        ("tel_no", "a phone number"),
        ("mobile_device", None),
        ("dateOfBirth", "a date of birth"),
        ("DOB", "a date of birth"),
        ("SSN", "an identity document number"),
        ("home_address", "a postal address"),
        ("ip_address", "an IP address"),
        ("native-country", None),
        ("fnlwgt", None),
    ],
)
def test_headers_that_name_personal_data(header, suggests):
    assert header_suggests_personal_data(header) == suggests


def test_adult_and_german_credit_have_no_learnt_personal_columns(adult, german_credit):
    sample = adult.sample(2000, random_state=0).reset_index(drop=True)

    assert learnt_personal_columns(infer_schema(sample), sample) == ()
    assert learnt_personal_columns(infer_schema(german_credit), german_credit) == ()
