"""Seeded train/holdout split of the real rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_HOLDOUT_SHARE = 0.2
MIN_HOLDOUT_SHARE = 0.05
MAX_HOLDOUT_SHARE = 0.5


@dataclass(frozen=True)
class Split:
    """Training rows (shown to the generator) and holdout rows (kept aside).

    Attributes:
        train: Rows the generator learns from, in their original order.
        holdout: Rows kept aside for privacy and utility tests, in their original order.
        seed: The seed that made the split.
        holdout_share: The share requested for the holdout.
    """

    train: pd.DataFrame
    holdout: pd.DataFrame
    seed: int
    holdout_share: float


def train_holdout(frame: pd.DataFrame, *, holdout_share: float = DEFAULT_HOLDOUT_SHARE, seed: int = 0) -> Split:
    """Split `frame` at random, reproducibly.

    Args:
        frame: The real table.
        holdout_share: Share of rows to keep aside, between 0.05 and 0.5.
        seed: Seed for the shuffle; the same seed gives the same split.

    Returns:
        The split, with each part's index reset.

    Raises:
        ValueError: The share is out of range, or the table has too few rows for both parts.
    """
    if not MIN_HOLDOUT_SHARE <= holdout_share <= MAX_HOLDOUT_SHARE:
        raise ValueError(
            f"The holdout share must be between {MIN_HOLDOUT_SHARE:.0%} and {MAX_HOLDOUT_SHARE:.0%}; "
            f"got {holdout_share:.0%}."
        )
    rows = len(frame)
    holdout_rows = round(rows * holdout_share)
    if holdout_rows < 1 or rows - holdout_rows < 1:
        raise ValueError(f"The table has {rows} row(s), too few to keep {holdout_share:.0%} aside. Add rows.")
    order = np.random.default_rng(seed).permutation(rows)
    holdout_positions = np.sort(order[:holdout_rows])
    train_positions = np.sort(order[holdout_rows:])
    return Split(
        train=frame.iloc[train_positions].reset_index(drop=True),
        holdout=frame.iloc[holdout_positions].reset_index(drop=True),
        seed=seed,
        holdout_share=holdout_share,
    )
