"""Association strengths: bounded, symmetric, and high where one column decides another."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth_core.detection import infer_schema
from synth_core.evaluation.associations import calculate_associations


def test_adult_associations_are_bounded_and_symmetric(adult):
    matrix = calculate_associations(adult, schema=infer_schema(adult))

    values = matrix.to_numpy()
    assert matrix.shape == (15, 15)
    assert np.allclose(values, values.T, equal_nan=True)
    assert np.nanmin(values) >= 0 and np.nanmax(values) <= 1 + 1e-9
    # education and education-num code the same thing.
    assert matrix.loc["education", "education-num"] > 0.99
    # relationship (husband/wife) and sex go strongly together; fnlwgt is a survey weight.
    assert matrix.loc["relationship", "sex"] > 0.5
    assert matrix.loc["fnlwgt", "age"] < 0.15


def test_independent_columns_show_little_association():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "x": rng.normal(size=2000),
            "y": rng.normal(size=2000),
            "c": rng.choice(list("abcd"), size=2000),
            "d": rng.choice(list("pq"), size=2000),
        }
    )

    matrix = calculate_associations(frame, schema=infer_schema(frame))

    off_diagonal = matrix.to_numpy()[~np.eye(4, dtype=bool)]
    assert np.nanmax(off_diagonal) < 0.1
