"""SDV's TVAE: a variational autoencoder for tables."""

from __future__ import annotations

from typing import Any, ClassVar

from synth_core.generators import _deep_params as deep
from synth_core.generators._sdv import SDVGenerator
from synth_core.generators.base import ParamSpec


class TVAEGenerator(SDVGenerator):
    """SDV TVAESynthesizer."""

    name = "tvae"
    label = "TVAE (SDV)"
    family = "deep learning"
    explanation = (
        "An encoder squeezes each real row into a short vector of numbers and a decoder learns to rebuild the "
        "row from it; the vectors are pushed towards a simple normal cloud. New rows are decoded from random "
        "points of that cloud. Often the most faithful of SDV's deep models on mixed tables, and faster to "
        "train than CTGAN."
    )
    synthesizer_path = "sdv.single_table:TVAESynthesizer"
    is_deep = True
    params: ClassVar[tuple[ParamSpec, ...]] = (
        deep.EPOCHS,
        deep.BATCH_SIZE,
        deep.EMBEDDING_DIM,
        ParamSpec(
            "loss_factor",
            "float",
            2.0,
            "Weight of the reconstruction error against the pull towards the normal cloud.",
            label="Reconstruction weight",
            min=0.1,
            max=100.0,
        ),
        ParamSpec(
            "l2scale", "float", 1e-5, "Weight decay that keeps the network simple.", label="L2 penalty", min=0, max=1.0
        ),
        deep.ENABLE_GPU,
    )
    quick_params: ClassVar[dict[str, Any]] = {"epochs": 2, "batch_size": 200}
    # "Try all generators": deep models learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    # "Try all": deep generators learn little in a handful of epochs; 100 keeps it to minutes on a CPU.
    try_all_params: ClassVar[dict[str, Any]] = {"epochs": 100, "batch_size": 200}
    key_params = ("epochs", "batch_size")
    # Idle 2 cores, batch size 500 (benchmarks/estimates.py): on Adult, 15 s before the first epoch, 0.2 s an epoch.
    fit_fixed_seconds = 0.3
    mixture_seconds_per_value = 1.0e-4
    mixture_seconds_per_number = 0.36
    fit_seconds_per_row_epoch = 5.2e-6
    sample_seconds_per_value = 1.36e-7
    sample_seconds_per_column = 0.011
