"""Parameters shared by SDV's deep-learning generators."""

from __future__ import annotations

from synth_core.generators.base import ParamSpec

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
