"""SDV's Gaussian copula: marginal distributions joined by a correlation matrix."""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from synth_core.generators._sdv import SDVGenerator
from synth_core.generators.base import GeneratorError, ParamSpec

DISTRIBUTIONS = ("beta", "norm", "truncnorm", "gamma", "uniform", "gaussian_kde")


class GaussianCopulaGenerator(SDVGenerator):
    """SDV GaussianCopulaSynthesizer."""

    name = "gaussian_copula"
    label = "Gaussian copula (SDV)"
    family = "statistical"
    explanation = (
        "Fits a distribution to each column on its own, maps every column onto a normal scale, and learns "
        "how the columns move together as one correlation matrix. New rows are drawn from that joint normal "
        "distribution and mapped back. Fast and stable; it captures pairwise, roughly monotonic relations "
        "well and misses more complex ones."
    )
    synthesizer_path = "sdv.single_table:GaussianCopulaSynthesizer"
    key_params = ("default_distribution",)
    # One pass per column to fit its distribution, then one correlation matrix (benchmarks/estimates.py).
    fit_fixed_seconds = 0.3
    fit_seconds_per_column = 0.06
    fit_seconds_per_cell = 1.65e-5
    sample_seconds_per_cell = 1.7e-6
    conditions_note = (
        "The copula fixes the values in its joint normal distribution and draws the other columns from what "
        "remains (no rejection sampling)."
    )
    params: ClassVar[tuple[ParamSpec, ...]] = (
        ParamSpec(
            "default_distribution",
            "choice",
            "beta",
            "The distribution fitted to each numerical column. 'gaussian_kde' follows odd shapes best but is slow.",
            label="Distribution for numbers",
            choices=DISTRIBUTIONS,
        ),
        ParamSpec(
            "enforce_min_max_values",
            "bool",
            True,
            "Keep synthetic numbers within the real minimum and maximum.",
            label="Keep numbers within the real range",
        ),
        ParamSpec(
            "enforce_rounding",
            "bool",
            True,
            "Round synthetic numbers to the precision of the real ones.",
            label="Round like the real data",
        ),
    )

    def _synthesizer_kwargs(self) -> dict[str, Any]:
        return dict(self.param_values)

    def latent_correlation(self) -> pd.DataFrame:
        """The correlation matrix the copula learnt, on the normal scale it maps every column onto.

        Returns:
            A square DataFrame labelled by the columns SDV modelled (categories are encoded as numbers
            first, so their entries describe the encoded values).

        Raises:
            GeneratorError: The generator has not been fitted.
        """
        if getattr(self, "_synthesizer", None) is None:
            raise GeneratorError("Fit the Gaussian copula before asking for its correlation matrix.")
        correlation = self._synthesizer._model.correlation  # copulas' GaussianMultivariate keeps it as a frame
        return pd.DataFrame(correlation, copy=True)
