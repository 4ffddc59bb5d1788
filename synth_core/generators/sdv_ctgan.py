"""SDV's CTGAN: a conditional generative adversarial network for tables."""

from __future__ import annotations

from typing import Any, ClassVar

from synth_core.generators import _deep_params as deep
from synth_core.generators._sdv import SDVGenerator
from synth_core.generators.base import ParamSpec


class CTGANGenerator(SDVGenerator):
    """SDV CTGANSynthesizer."""

    name = "ctgan"
    label = "CTGAN (SDV)"
    family = "deep learning"
    explanation = (
        "Two neural networks train against each other: a generator makes rows from random noise and a critic "
        "tries to tell them from real rows. Categories are sampled in proportion during training so rare ones "
        "are learnt too, and each number is modelled as a mixture of modes. It can capture complex relations, "
        "needs many epochs, and is slow on a CPU."
    )
    synthesizer_path = "sdv.single_table:CTGANSynthesizer"
    is_deep = True
    params: ClassVar[tuple[ParamSpec, ...]] = (
        deep.EPOCHS,
        deep.BATCH_SIZE,
        deep.PAC,
        deep.EMBEDDING_DIM,
        deep.GENERATOR_LR,
        deep.DISCRIMINATOR_LR,
        deep.ENABLE_GPU,
    )
    quick_params: ClassVar[dict[str, Any]] = {"epochs": 2, "batch_size": 200}
    # "Try all generators": deep models learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    # "Try all": deep generators learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    key_params = ("epochs", "batch_size")
    fit_fixed_seconds = 2.0
    fit_seconds_per_row_epoch = 8.4e-4  # on 2 cores, at batch size 500 (benchmarks/estimates.py)
    sample_seconds_per_value = 1.13e-6
    sample_seconds_per_column = 0.047

    def _check_params(self, values: dict[str, Any]) -> list[str]:
        return deep.pac_problems(values)
