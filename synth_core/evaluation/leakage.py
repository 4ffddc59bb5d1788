"""Target leakage: features that give the target away, so train-real and train-synthetic scores mean little.

When one column encodes the label (a recoded copy of it, a date or code recorded only after the outcome),
every model predicts the holdout almost perfectly, whatever rows it learnt from, and TSTR/TRTR says
nothing about the synthetic data. So before the ratio is trusted, each feature is tried alone: a tiny
model learns the target from that one column on the real training rows and is scored on the real holdout.

- A category column: the most common class (or, for regression, the mean target) per category of the
  training rows; a category the training rows lack gets the overall one. No model can do better with the
  column alone, and a near-unique column (an identifier) cannot score, since its holdout values are unseen.
- A number column (dates as seconds): a decision tree of depth 6, so at most 64 steps, with missing values
  sent down their own branch. Codes and thresholds are found; a smooth trend is followed closely enough
  (a linear copy of the target reaches R² above 0.999).

Scores are macro F1 for classification (a constant guess scores at most about 0.5 on two classes, far
less on imbalanced ones, so "always the majority class" is never perfect) and R² for regression. A
feature is flagged at 0.98 or more (`LEAKAGE_THRESHOLD`): ordinary strong predictors stay well below (on
Adult's income, the best single feature, `capital-gain`, scores 0.62 macro F1, and `relationship` and
`marital-status` 0.43, as a constant guess does, since no category of theirs is mostly ">50K"). The whole
check took 0.5 s on Adult's 26,048 training rows. Separately, when the best
model trained on real rows scores 0.98 or more (`NEAR_PERFECT_TRTR`), the task is close to solved by the
real data itself, and the ratio cannot tell a good generator from a copy.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, r2_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

LEAKAGE_THRESHOLD = 0.98  # a single feature scoring this well on the holdout gives the target away
NEAR_PERFECT_TRTR = 0.98  # the best real-trained model scoring this well leaves nothing for the ratio to measure
TREE_DEPTH = 6
MAX_TRAIN_ROWS = 100_000  # a seeded subsample above this keeps the check to seconds on large tables
_MISSING = "\x00<missing>"  # missing categories are a category of their own

Task = Literal["classification", "regression"]


@dataclass(frozen=True)
class LeakingColumn:
    """One feature's score when it alone predicts the target.

    Attributes:
        name: The feature column.
        score: Its score on the real holdout.
        metric: "f1_macro" (classification) or "r2" (regression).
    """

    name: str
    score: float
    metric: str


@dataclass(frozen=True)
class TargetLeakage:
    """Whether the target leaks, so that TSTR/TRTR cannot be trusted.

    Attributes:
        columns: Features that alone predict the holdout's target at `threshold` or better, strongest first.
        trtr_near_perfect: Whether the best model trained on real rows scores `threshold` or better.
        trtr_score: That model's score; None when no model could be trained.
        metric: "f1_macro" or "r2".
        threshold: Where a score counts as near perfect.
        best_single: The strongest single feature, flagged or not; None when no feature could be scored.
        checked: How many features were tried.
    """

    columns: tuple[LeakingColumn, ...]
    trtr_near_perfect: bool
    trtr_score: float | None
    metric: str
    threshold: float = LEAKAGE_THRESHOLD
    best_single: LeakingColumn | None = None
    checked: int = 0

    @property
    def flagged(self) -> bool:
        """Whether the utility numbers should not be trusted."""
        return bool(self.columns) or self.trtr_near_perfect

    @property
    def column_names(self) -> tuple[str, ...]:
        """The flagged features' names, strongest first."""
        return tuple(column.name for column in self.columns)

    @property
    def message(self) -> str:
        """What the flag means in plain words, naming the columns; empty when nothing is flagged."""
        metric = _METRIC_NAMES.get(self.metric, self.metric)
        if self.columns:
            named = ", ".join(f"'{column.name}' ({column.score:.3f})" for column in self.columns)
            return (
                f"utility not meaningful: target leakage through {named}: each alone predicts the holdout's target "
                f"with {metric} of {self.threshold:.2f} or more. Set these columns to 'ignore' and rerun."
            )
        if self.trtr_near_perfect and self.trtr_score is not None:
            return (
                f"utility not meaningful: the model trained on real rows scores {self.trtr_score:.3f} {metric}, "
                "near perfect, so the ratio cannot tell a good generator from a copy. Look for columns recorded "
                "after the outcome, or choose a harder target."
            )
        return ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TargetLeakage:
        """Rebuild from `to_dict` output."""
        best = data.get("best_single")
        return cls(
            columns=tuple(LeakingColumn(**entry) for entry in data.get("columns", ())),
            trtr_near_perfect=bool(data.get("trtr_near_perfect", False)),
            trtr_score=data.get("trtr_score"),
            metric=str(data.get("metric", "")),
            threshold=float(data.get("threshold", LEAKAGE_THRESHOLD)),
            best_single=LeakingColumn(**best) if best else None,
            checked=int(data.get("checked", 0)),
        )


_METRIC_NAMES = {"f1_macro": "macro F1", "r2": "R²"}


def find_target_leakage(
    train: pd.DataFrame,
    train_target: pd.Series,
    holdout: pd.DataFrame,
    holdout_target: pd.Series,
    *,
    task: Task,
    trtr_scores: Sequence[float | None] = (),
    seed: int = 0,
) -> TargetLeakage:
    """Try each feature alone, and the real-trained models' scores, for signs that the target leaks.

    Args:
        train: Real training features: numbers (dates as seconds) as floats, categories as text with NaN for
            missing. Any non-numeric column is a category.
        train_target: The training rows' target: class labels as text, or floats for regression; no missing.
        holdout: The holdout's features, prepared like `train`.
        holdout_target: The holdout's target.
        task: "classification" or "regression".
        trtr_scores: The primary scores (macro F1 or R²) of the models trained on real rows; None for a model
            that could not be trained.
        seed: Seed for the training subsample (above `MAX_TRAIN_ROWS` rows) and the trees.

    Returns:
        The flagged features, strongest first, and whether TRTR is near perfect.
    """
    metric = "f1_macro" if task == "classification" else "r2"
    train, train_target = _bounded(train.reset_index(drop=True), train_target.reset_index(drop=True), seed)
    holdout, holdout_target = holdout.reset_index(drop=True), holdout_target.reset_index(drop=True)
    scored: list[LeakingColumn] = []
    for name in train.columns:
        if name not in holdout.columns:
            continue
        score = _single_feature_score(
            train[name], train_target, holdout[name], holdout_target, task=task, metric=metric, seed=seed
        )
        if score is not None:
            scored.append(LeakingColumn(name=str(name), score=score, metric=metric))
    scored.sort(key=lambda column: (-column.score, column.name))
    finite = [score for score in trtr_scores if score is not None and math.isfinite(score)]
    best_trtr = max(finite) if finite else None
    return TargetLeakage(
        columns=tuple(column for column in scored if column.score >= LEAKAGE_THRESHOLD),
        trtr_near_perfect=best_trtr is not None and best_trtr >= NEAR_PERFECT_TRTR,
        trtr_score=best_trtr,
        metric=metric,
        threshold=LEAKAGE_THRESHOLD,
        best_single=scored[0] if scored else None,
        checked=len(scored),
    )


def _bounded(frame: pd.DataFrame, target: pd.Series, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    if len(frame) <= MAX_TRAIN_ROWS:
        return frame, target
    rows = np.sort(np.random.default_rng(seed).choice(len(frame), size=MAX_TRAIN_ROWS, replace=False))
    return frame.iloc[rows].reset_index(drop=True), target.iloc[rows].reset_index(drop=True)


def _single_feature_score(
    train: pd.Series,
    train_target: pd.Series,
    holdout: pd.Series,
    holdout_target: pd.Series,
    *,
    task: Task,
    metric: str,
    seed: int,
) -> float | None:
    """The holdout score of the best simple model on one feature; None when it cannot be scored."""
    if train_target.empty or holdout_target.empty or train.isna().all():
        return None
    if pd.api.types.is_numeric_dtype(train) and not pd.api.types.is_bool_dtype(train):
        predicted = _tree_predictions(train, train_target, holdout, task=task, seed=seed)
    else:
        predicted = _lookup_predictions(train, train_target, holdout, task=task)
    if metric == "r2":
        if len(holdout_target) < 2 or holdout_target.nunique() < 2:
            return None
        score = float(r2_score(holdout_target.to_numpy(dtype=float), predicted.astype(float)))
    else:
        truth = holdout_target.to_numpy(dtype=object)
        guessed = predicted.astype(object)
        labels = sorted(set(truth) | set(guessed), key=str)  # a class the holdout lacks counts only if predicted
        score = float(f1_score(truth, guessed, labels=labels, average="macro", zero_division=0))
    return score if math.isfinite(score) else None


def _tree_predictions(
    train: pd.Series, train_target: pd.Series, holdout: pd.Series, *, task: Task, seed: int
) -> np.ndarray:
    model_class = DecisionTreeClassifier if task == "classification" else DecisionTreeRegressor
    model = model_class(max_depth=TREE_DEPTH, random_state=seed)  # missing values get their own branch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        model.fit(train.to_numpy(dtype=float).reshape(-1, 1), train_target.to_numpy())
        return model.predict(holdout.to_numpy(dtype=float).reshape(-1, 1))


def _lookup_predictions(train: pd.Series, train_target: pd.Series, holdout: pd.Series, *, task: Task) -> np.ndarray:
    """Per category of the training rows: the most common class, or the mean target; unseen ones get the overall."""
    keys = _category_keys(train)
    unseen = _category_keys(holdout)
    if task == "classification":
        counts = pd.crosstab(keys, train_target)
        mapping = counts.idxmax(axis=1)  # ties go to the first class in sort order: deterministic
        fallback: Any = train_target.value_counts().sort_index().idxmax()
    else:
        mapping = train_target.groupby(keys).mean()
        fallback = float(train_target.mean())
    return unseen.map(mapping).fillna(fallback).to_numpy()


def _category_keys(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), _MISSING).astype(str)
