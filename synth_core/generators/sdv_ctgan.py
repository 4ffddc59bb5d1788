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
    has_epochs = True
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

    def _check_params(self, values: dict[str, Any]) -> list[str]:
        return deep.pac_problems(values)
