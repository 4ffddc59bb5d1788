"""Seeded train/holdout split of the real rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth_core.errors import TooFewRowsError

DEFAULT_HOLDOUT_SHARE = 0.2
MIN_HOLDOUT_SHARE = 0.05
MAX_HOLDOUT_SHARE = 0.5
# A generator learns nothing useful from fewer rows; the privacy and utility checks need a row kept aside.
MIN_TRAINING_ROWS = 10
MIN_HOLDOUT_ROWS = 1


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


def train_holdout(
    frame: pd.DataFrame, *, holdout_share: float = DEFAULT_HOLDOUT_SHARE, seed: int = 0, name: str | None = None
) -> Split:
    """Split `frame` at random, reproducibly.

    Args:
        frame: The real table.
        holdout_share: Share of rows to keep aside, between 0.05 and 0.5.
        seed: Seed for the shuffle; the same seed gives the same split.
        name: The file or sample name, for messages.

    Returns:
        The split, with each part's index reset.

    Raises:
        ValueError: The share is out of range.
        TooFewRowsError: Too few rows would be left to train on or to keep aside.
    """
    if not MIN_HOLDOUT_SHARE <= holdout_share <= MAX_HOLDOUT_SHARE:
        raise ValueError(
            f"The holdout share must be between {MIN_HOLDOUT_SHARE:.0%} and {MAX_HOLDOUT_SHARE:.0%}; "
            f"got {holdout_share:.0%}."
        )
    rows = len(frame)
    holdout_rows = round(rows * holdout_share)
    if holdout_rows < MIN_HOLDOUT_ROWS or rows - holdout_rows < MIN_TRAINING_ROWS:
        table = f"'{name}'" if name else "The table"
        raise TooFewRowsError(
            f"{table} has {rows:,} row(s), too few to learn from: keeping {holdout_share:.0%} aside leaves "
            f"{rows - holdout_rows:,} to train on and {holdout_rows:,} held out, and a run needs at least "
            f"{MIN_TRAINING_ROWS} to train on and {MIN_HOLDOUT_ROWS} held out. Add rows (at least "
            f"{rows_needed(holdout_share):,} with a {holdout_share:.0%} holdout)."
        )
    order = np.random.default_rng(seed).permutation(rows)
    holdout_positions = np.sort(order[:holdout_rows])
    train_positions = np.sort(order[holdout_rows:])
    return Split(
        train=frame.iloc[train_positions].reset_index(drop=True),
        holdout=frame.iloc[holdout_positions].reset_index(drop=True),
        seed=seed,
        holdout_share=holdout_share,
    )


def rows_needed(holdout_share: float) -> int:
    """The fewest rows that leave enough to learn from and to keep aside with this holdout share."""
    rows = MIN_TRAINING_ROWS + MIN_HOLDOUT_ROWS
    while round(rows * holdout_share) < MIN_HOLDOUT_ROWS or rows - round(rows * holdout_share) < MIN_TRAINING_ROWS:
        rows += 1
    return rows
