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
    # "Try all": deep generators learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    key_params = ("epochs", "default_distribution")
    # Idle 2 cores, batch size 500 (benchmarks/estimates.py): on Adult, 21 s before the first epoch, 2.6 s an epoch.
    fit_fixed_seconds = 0.3
    mixture_seconds_per_value = 1.45e-4
    mixture_seconds_per_number = 0.46
    fit_seconds_per_row_epoch = 6.6e-5
    sample_seconds_per_value = 1.6e-7
    sample_seconds_per_column = 0.005
    sample_seconds_per_number = 1.5e-6  # each number back through its fitted distribution

    def _check_params(self, values: dict[str, Any]) -> list[str]:
        return deep.pac_problems(values)
