"""Parameters and the cost model shared by SDV's deep-learning generators.

The cost follows how they work. They first fit a mixture model to every number (SDV's mode-specific
normalisation), which costs a part per numeric column and a part per value, then train for `epochs`
passes over the rows. Each number becomes up to 11 values and each category one value per level
(one-hot), so a column with thousands of levels makes the network wide and slow: on 2 cores the time
per row and epoch grew with the width to the power `WIDTH_EXPONENT`. Each generator declares its own
constants (`mixture_seconds_per_value`, `mixture_seconds_per_number`, `fit_seconds_per_row_epoch` at a
width of 100) and its sampling costs (`sample_seconds_per_value`, `_per_column`, `_per_number`), fitted
by `benchmarks/estimates.py` at 3 and 15 epochs on an idle 2-core machine, whose difference gives the
time per epoch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from synth_core.generators.base import Cost, ParamSpec, TableShape

if TYPE_CHECKING:
    from synth_core.generators._sdv import SDVGenerator

# Measured on an idle 2-core machine (benchmarks/estimates.py).
REFERENCE_WIDTH = 100  # the encoded width at which `fit_seconds_per_row_epoch` is given
MIN_WIDTH = 50  # below this, the networks' own layers (256 wide) cost more than the input
WIDTH_EXPONENT = 0.76  # Adult (width 174) to the wide table (1,201): 6.9 times wider, 4.3 times slower per row
BYTES_PER_ENCODED_VALUE = 24  # float64 one-hot while encoding, then float32 copies for training
BASE_BYTES = 300 * 2**20  # torch and the networks, before any row

EPOCHS = ParamSpec(
    "epochs", "int", 300, "Passes over the training data. More learn more, and take longer.", min=1, max=5000, step=10
)
BATCH_SIZE = ParamSpec(
    "batch_size", "int", 500, "Rows per training step.", label="Batch size", min=10, max=20_000, step=10
)
EMBEDDING_DIM = ParamSpec(
    "embedding_dim", "int", 128, "Size of the random input (or latent) vector.", label="Embedding size", min=2, max=1024
)
PAC = ParamSpec(
    "pac",
    "int",
    10,
    "Rows the critic judges together, which discourages mode collapse. Must divide the batch size.",
    label="Pac size",
    min=1,
    max=50,
)
ENABLE_GPU = ParamSpec("enable_gpu", "bool", False, "Train on a CUDA GPU, if this machine has one.", label="Use a GPU")
GENERATOR_LR = ParamSpec(
    "generator_lr", "float", 2e-4, "Learning rate of the generator.", label="Generator learning rate", min=1e-6, max=1.0
)
DISCRIMINATOR_LR = ParamSpec(
    "discriminator_lr",
    "float",
    2e-4,
    "Learning rate of the critic.",
    label="Critic learning rate",
    min=1e-6,
    max=1.0,
)


def pac_problems(values: dict) -> list[str]:
    """CTGAN needs the batch size to be an even multiple of the pac size."""
    batch, pac = values.get("batch_size"), values.get("pac")
    if batch is not None and pac is not None and (batch % pac or batch % 2):
        return [f"The batch size ({batch}) must be even and a multiple of the pac size ({pac})."]
    return []


def fit_cost(generator: type[SDVGenerator], shape: TableShape, params: Mapping[str, Any]) -> Cost:
    """Fixed start, the mixture models of the numbers, then `epochs` passes widened by the encoding."""
    epochs = int(params.get("epochs", EPOCHS.default))
    widen = (max(shape.encoded_width, MIN_WIDTH) / REFERENCE_WIDTH) ** WIDTH_EXPONENT
    seconds = (
        generator.fit_fixed_seconds
        + shape.numbers * (generator.mixture_seconds_per_number + shape.rows * generator.mixture_seconds_per_value)
        + shape.rows * epochs * generator.fit_seconds_per_row_epoch * widen
    )
    return Cost(seconds, int(BASE_BYTES + shape.rows * shape.encoded_width * BYTES_PER_ENCODED_VALUE))


def sample_cost(generator: type[SDVGenerator], shape: TableShape, rows: int) -> Cost:
    """The network's output for every encoded value, each column's decoding, and each number's."""
    seconds = (
        rows * shape.encoded_width * generator.sample_seconds_per_value
        + shape.columns * generator.sample_seconds_per_column
        + rows * shape.numbers * generator.sample_seconds_per_number
    )
    return Cost(seconds, int(rows * shape.encoded_width * BYTES_PER_ENCODED_VALUE))
