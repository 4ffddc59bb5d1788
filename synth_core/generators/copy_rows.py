"""Teaching baseline: "synthetic" rows that are copies of real ones. A privacy failure on purpose."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth_core.generators.base import Generator
from synth_core.progress import ProgressCallback
from synth_core.schema import TableSchema


class CopyRowsGenerator(Generator):
    """Returns real training rows, drawn at random.

    A baseline, so it ignores rules (`enforces_rules` is False); real rows obey them anyway.
    """

    name = "copy_rows"
    label = "Copy of the real rows (privacy failure)"
    family = "baseline"
    explanation = (
        "Hands back real training rows, drawn at random. Its fidelity is perfect and its machine-learning "
        "utility matches the real data, because it IS the real data: every row is a copy of a real person's "
        "record. It exists to show what the privacy checks must catch. Never share its output."
    )
    privacy_warning = "Every row this generator makes is a copy of a real row. Never share its output."
    # It exists to show a privacy failure, so rare values stay as they are (and its warning says enough).
    protects_rare_values = False
    # It keeps the rows and draws from them (benchmarks/estimates.py).
    fit_fixed_seconds = 0.05
    fit_seconds_per_cell = 0.0
    fit_bytes_per_cell = 0.0
    sample_seconds_per_cell = 1.0e-7
    conditions_note = (
        "It could only hand back the real rows that carry the fixed values: copies of real people, not "
        "synthetic rows. Pick a generator that learns a model, such as the Gaussian copula."
    )

    def _fit(self, train: pd.DataFrame, schema: TableSchema, progress: ProgressCallback) -> None:
        self._rows = train

    def _sample(self, rows: int, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        replace = rows > len(self._rows)
        positions = rng.choice(len(self._rows), size=rows, replace=replace)
        return self._rows.iloc[positions].reset_index(drop=True)
