"""SDV's CopulaGAN: CTGAN trained on columns first made normal by a copula transform."""

from __future__ import annotations

from typing import Any, ClassVar

from synth_core.generators import _deep_params as deep
from synth_core.generators._sdv import SDVGenerator
from synth_core.generators.base import ParamSpec
from synth_core.generators.sdv_gaussian_copula import DISTRIBUTIONS


class CopulaGANGenerator(SDVGenerator):
    """SDV CopulaGANSynthesizer."""

    name = "copulagan"
    label = "CopulaGAN (SDV)"
    family = "deep learning"
    explanation = (
        "A CTGAN that first maps each number through its fitted distribution onto a normal scale, as the "
        "Gaussian copula does, which makes skewed and bounded columns easier for the network to learn."
    )
    synthesizer_path = "sdv.single_table:CopulaGANSynthesizer"
    is_deep = True
    params: ClassVar[tuple[ParamSpec, ...]] = (
        deep.EPOCHS,
        deep.BATCH_SIZE,
        deep.PAC,
        deep.EMBEDDING_DIM,
        ParamSpec(
            "default_distribution",
            "choice",
            "beta",
            "The distribution fitted to each numerical column before training.",
            label="Distribution for numbers",
            choices=DISTRIBUTIONS,
        ),
        deep.ENABLE_GPU,
    )
    quick_params: ClassVar[dict[str, Any]] = {"epochs": 2, "batch_size": 200}
    # "Try all generators": deep models learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    # "Try all": deep generators learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    key_params = ("epochs", "default_distribution")
    fit_fixed_seconds = 2.0
    fit_seconds_per_row_epoch = 6.0e-4  # on 2 cores, at batch size 500 (benchmarks/estimates.py)
    sample_seconds_per_value = 1.13e-6
    sample_seconds_per_column = 0.02
    sample_seconds_per_number = 1.2e-5  # each number back through its fitted distribution

    def _check_params(self, values: dict[str, Any]) -> list[str]:
        return deep.pac_problems(values)
