"""Whole runs: the verdict uses every part of the evidence, on a table nobody tuned it to and on Adult."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from synth_core.detection import infer_schema
from synth_core.evaluation.verdict import RiskLevel
from synth_core.pipeline import RunConfig, review_privacy, run_pipeline
from synth_core.runs import Run
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema

ROWS = 400


@pytest.fixture(scope="module")
def lower_case_people() -> tuple[pd.DataFrame, TableSchema]:
    """Lower-case first names learnt as a category (as the issue found them), with age and sex marked."""
    fake = Faker("en_US")
    Faker.seed(14)
    rng = np.random.default_rng(14)
    frame = pd.DataFrame(
        {
            "first": [fake.first_name().lower() for _ in range(ROWS)],
            "age": rng.integers(18, 90, ROWS),
            "sex": rng.choice(["male", "female"], ROWS),
            "charge": rng.choice(["felony", "misdemeanor"], ROWS),
        }
    )
    schema = TableSchema(
        (
            ColumnSchema("first", ColumnKind.CATEGORICAL),
            ColumnSchema("age", ColumnKind.NUMERICAL, quasi_identifier=True),
            ColumnSchema("sex", ColumnKind.CATEGORICAL, quasi_identifier=True),
            ColumnSchema("charge", ColumnKind.CATEGORICAL),
        )
    )
    return frame, schema


def test_a_copy_of_lower_case_names_is_not_low_and_every_part_says_why(lower_case_people):
    frame, schema = lower_case_people
    outcome = run_pipeline(frame, schema=schema, config=RunConfig("copy_rows"), evaluate=False)

    reviewed, _ = review_privacy(outcome)
    review = reviewed.run.privacy
    verdict = review.verdict

    assert verdict.level is RiskLevel.HIGH
    assert [entry.column for entry in review.learnt_personal] == ["first"]
    personal = verdict.part("personal data")
    assert personal.level >= RiskLevel.MEDIUM and "'first'" in personal.reason
    rare = verdict.part("rare values")
    assert rare.level is RiskLevel.HIGH and "'first'" in rare.reason  # the copy repeats most rare names
    assert review.distances.rare_values_repeated_share > 0.5
    quasi = verdict.part("quasi-identifiers")
    assert quasi.level.checked and "'age', 'sex'" in quasi.reason
    assert review.distances.unique_quasi_identifier_matches > 0
    assert verdict.part("copies").level is RiskLevel.HIGH
    assert all(part.reason for part in verdict.parts)
    # The stored run keeps the evidence, so the verdict reads the same after a reload.
    again = Run.from_dict(json.loads(json.dumps(reviewed.run.to_dict())))
    assert again.privacy.verdict == verdict


def test_without_marked_quasi_identifiers_the_run_says_not_checked(lower_case_people):
    frame, schema = lower_case_people
    unmarked = TableSchema(tuple(ColumnSchema(c.name, c.kind) for c in schema.columns))
    outcome = run_pipeline(frame, schema=unmarked, config=RunConfig("copy_rows"), evaluate=False)

    verdict = review_privacy(outcome)[0].run.privacy.verdict

    assert verdict.part("quasi-identifiers").level is RiskLevel.NOT_CHECKED
    assert "quasi-identifiers" in verdict.unchecked


def test_gaussian_copula_on_adult_gets_no_false_personal_data_flag(adult):
    sample = adult.sample(2000, random_state=1).reset_index(drop=True)
    outcome = run_pipeline(sample, schema=infer_schema(sample), config=RunConfig("gaussian_copula"), evaluate=False)

    review = review_privacy(outcome)[0].run.privacy
    verdict = review.verdict

    assert review.learnt_personal == ()
    assert verdict.part("personal data").level is RiskLevel.LOW
    assert verdict.level <= RiskLevel.MEDIUM
    assert verdict.part("rare values").level is RiskLevel.LOW  # rare values are protected before fitting
