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
    # Idle 2 cores, batch size 500 (benchmarks/estimates.py): on Adult, 24 s before the first epoch, 2.7 s an epoch.
    fit_fixed_seconds = 0.3
    mixture_seconds_per_value = 1.7e-4
    mixture_seconds_per_number = 0.28
    fit_seconds_per_row_epoch = 6.8e-5
    sample_seconds_per_value = 1.6e-7
    sample_seconds_per_column = 0.005

    def _check_params(self, values: dict[str, Any]) -> list[str]:
        return deep.pac_problems(values)
