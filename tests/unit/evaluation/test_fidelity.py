"""Fidelity agrees with SDMetrics' reference numbers, and our schema earns its keep on Adult."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.evaluation.fidelity import FidelityResult, calculate_fidelity
from synth_core.schema import TableSchema
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def student_pair():
    real = pd.read_csv(DATA_DIR / "student_placements_real.csv")
    synthetic = pd.read_csv(DATA_DIR / "student_placements_synthetic.csv")
    metadata = json.loads((DATA_DIR / "student_placements_metadata.json").read_text())
    return real, synthetic, TableSchema.from_sdv_metadata(metadata)


def test_reference_numbers_on_student_placements(student_pair):
    real, synthetic, schema = student_pair

    result = calculate_fidelity(real, synthetic, schema=schema)

    assert round(result.overall, 4) == 0.7767
    assert round(result.column_shapes, 4) == 0.8511
    assert round(result.column_pair_trends, 4) == 0.7023
    assert result.diagnostic == 1.0
    assert len(result.shapes) == 16  # every column but the id
    assert len(result.pairs) == 16 * 15 // 2


def test_details_name_the_weakest_columns(student_pair):
    real, synthetic, schema = student_pair

    result = calculate_fidelity(real, synthetic, schema=schema)

    weakest = result.weakest_columns(2)
    assert [shape.column for shape in weakest] == ["experience_years", "duration"]
    assert weakest[0].score < weakest[1].score < result.column_shapes


def test_result_round_trips_through_json(student_pair):
    real, synthetic, schema = student_pair
    result = calculate_fidelity(real, synthetic, schema=schema)

    restored = FidelityResult.from_dict(json.loads(json.dumps(result.to_dict())))

    assert restored == result


def test_real_against_itself_is_perfect(german_credit):
    result = calculate_fidelity(german_credit, german_credit, schema=infer_schema(german_credit))

    assert result.overall == pytest.approx(1.0)
    assert result.diagnostic == pytest.approx(1.0)
