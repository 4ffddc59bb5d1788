"""Baseline: every column sampled on its own, so each marginal is right and every relation is lost."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from synth_core.generators.base import Generator, ParamSpec
from synth_core.progress import ProgressCallback
from synth_core.schema import ColumnKind, TableSchema


class IndependentColumnsGenerator(Generator):
    """Samples each column independently from its own real distribution.

    A baseline, so it ignores rules (`enforces_rules` is False): breaking them shows what rules are for.
    """

    name = "independent_columns"
    label = "Independent columns (baseline)"
    family = "baseline"
    explanation = (
        "Draws each column on its own: categories in their real proportions, numbers from a histogram of the "
        "real values with a little jitter inside each bin. Every single column looks right, yet the links "
        "between columns (age and income, say) are gone. It is the floor any real generator should beat on "
        "relationships and on machine-learning utility."
    )
    supports_conditions = True
    key_params = ("bins",)
    # It keeps the columns and draws from each on its own (benchmarks/estimates.py).
    fit_fixed_seconds = 0.05
    fit_seconds_per_cell = 1.0e-7
    sample_seconds_per_cell = 3.0e-7
    conditions_note = (
        "It fixes the chosen columns and draws every other column independently, exactly as without "
        "conditions: the other columns do not depend on the fixed values."
    )
    params: ClassVar[tuple[ParamSpec, ...]] = (
        ParamSpec("bins", "int", 50, "Histogram bins for numerical columns.", label="Histogram bins", min=2, max=1000),
    )

    def _fit(self, train: pd.DataFrame, schema: TableSchema, progress: ProgressCallback) -> None:
        self._columns = {column.name: (column.kind, train[column.name]) for column in schema.columns}

    def _sample(self, rows: int, seed: int) -> pd.DataFrame:
        result = {}
        for position, (name, (kind, real)) in enumerate(self._columns.items()):
            rng = np.random.default_rng([seed, position])
            if kind is ColumnKind.NUMERICAL and pd.api.types.is_numeric_dtype(real):
                result[name] = self._sample_numbers(real, rows, rng)
            else:
                result[name] = real.sample(rows, replace=True, random_state=rng).to_numpy()
        return pd.DataFrame(result)

    def _sample_conditions(self, conditions: list[tuple[dict[str, Any], int]], seed: int) -> pd.DataFrame:
        parts = []
        for position, (values, count) in enumerate(conditions):
            # Each condition gets its own stream, derived from the seed, so conditions do not share draws.
            part = self._sample(count, int(np.random.SeedSequence([seed, position]).generate_state(1)[0]))
            for name, value in values.items():
                part[name] = value
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def _sample_numbers(self, real: pd.Series, rows: int, rng: np.random.Generator) -> np.ndarray:
        present = real.dropna().to_numpy(dtype=float)
        values = np.full(rows, np.nan)
        keep = rng.random(rows) >= real.isna().mean()
        if present.size == 0:
            return values
        if present.min() == present.max():  # a histogram would spread a constant over ±0.5 around it
            values[keep] = present[0]
            return values
        counts, edges = np.histogram(present, bins=int(self.param_values["bins"]))
        chosen = rng.choice(len(counts), size=int(keep.sum()), p=counts / counts.sum())
        values[keep] = rng.uniform(edges[chosen], edges[chosen + 1])
        if (present == np.round(present)).all():
            values = np.round(values)
        return values
