"""Privacy evidence from distances: how close synthetic rows come to the real rows they learnt from.

Every number is exact over the full data unless the user asks for a subsample, and then the result
says so. Distances are SDMetrics' (see `distances.py`), so the SDMetrics-named scores agree with
SDMetrics itself:
- DCRBaselineProtection: the synthetic data's median distance to the training rows, against that of
  uniform random data drawn as SDMetrics draws it;
- DCROverfittingProtection: the share of synthetic rows closer to a training row than to a holdout
  row (ties count as holdout).
SDMetrics compares against training and holdout as given; with an 80/20 split a synthetic row is
closer to the larger set by chance alone. So the share is also reported size-corrected (training
rows subsampled to the holdout's size, averaged over several draws), and the verdict uses that one.
Beside the distances: rare training values the synthetic rows repeat, and synthetic rows that
reproduce a training row's unique combination of quasi-identifiers (`quasi_identifier_matches.py`),
against the rate at which holdout rows do so by chance. The attack-based risks (anonymeter) live in
`attacks.py`; `verdict.py` turns all of it into low, medium or high.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score, roc_curve

from synth_core.evaluation.distances import DistanceColumns, distance_columns, nearest_distances
from synth_core.evaluation.quasi_identifier_matches import calculate_quasi_identifier_matches, comparable_text
from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.progress import ProgressCallback, reporter
from synth_core.schema import TableSchema

HISTOGRAM_BINS = 50
ROC_POINTS = 101


@dataclass(frozen=True)
class PrivacySettings:
    """Choices for the distance-based privacy evidence.

    Attributes:
        seed: Seed for the random baseline, the size-corrected draws and the attack's member sample.
        size_corrected_draws: How many training subsamples the size-corrected share averages over.
        rare_count: A value seen in fewer training rows than this is rare.
        max_rows: Subsample each set to at most this many rows; None (the default) uses all rows.
    """

    seed: int = 0
    size_corrected_draws: int = 5
    rare_count: int = 5
    max_rows: int | None = None


# Above this many synthetic × training row pairs, the dashboard suggests a subsample: full Adult
# (26,049 × 32,561, 8.5e8 pairs) stays exact in about 4 s; 200,000 rows would take many minutes.
EXACT_PAIR_LIMIT = 1.5e9
SUGGESTED_SUBSAMPLE_ROWS = 30_000


def suggested_max_rows(train_rows: int, synthetic_rows: int) -> int | None:
    """A subsample size that keeps the distance family near a minute on 2 cores, or None when exact is quick."""
    if train_rows * synthetic_rows <= EXACT_PAIR_LIMIT:
        return None
    return SUGGESTED_SUBSAMPLE_ROWS


@dataclass(frozen=True)
class DistanceSummary:
    """A distribution of distances, pre-binned so it can be plotted and stored without raw rows.

    Attributes:
        median: The median distance.
        mean: The mean distance.
        quantiles: The 5th, 25th, 75th and 95th percentiles.
        bin_edges: Histogram bin edges over [0, 1].
        counts: Rows per bin.
    """

    median: float
    mean: float
    quantiles: dict[str, float]
    bin_edges: tuple[float, ...]
    counts: tuple[int, ...]

    @classmethod
    def of(cls, distances: np.ndarray) -> DistanceSummary:
        """Summarise an array of distances in [0, 1]."""
        counts, edges = np.histogram(distances, bins=HISTOGRAM_BINS, range=(0.0, 1.0))
        percentiles = np.percentile(distances, [5, 25, 75, 95])
        return cls(
            median=float(np.median(distances)),
            mean=float(np.mean(distances)),
            quantiles={f"p{q}": float(v) for q, v in zip((5, 25, 75, 95), percentiles, strict=True)},
            bin_edges=tuple(float(edge) for edge in edges),
            counts=tuple(int(count) for count in counts),
        )


@dataclass(frozen=True)
class RareValue:
    """A value rare in the training data that the synthetic data repeats.

    Attributes:
        column: The column.
        value: The value, as text.
        training_rows: How many training rows have it.
        synthetic_rows: How many synthetic rows have it.
    """

    column: str
    value: str
    training_rows: int
    synthetic_rows: int


@dataclass(frozen=True)
class DistancePrivacy:
    """Every distance-based privacy number for one run.

    Attributes:
        columns: The columns the distances use.
        rows: Rows used per set: synthetic, train, holdout.
        subsampled: Whether any set was subsampled (only by the user's explicit choice).
        synthetic_to_train: Distances from each synthetic row to its closest training row.
        synthetic_to_holdout: The same, to the holdout rows.
        holdout_to_train: Each holdout row to its closest training row: how close unseen real rows
            naturally come.
        random_to_train: Uniform random rows (the SDMetrics baseline) to their closest training row.
        baseline_protection: SDMetrics' DCRBaselineProtection score (0 to 1, higher is safer); NaN, as in
            SDMetrics, when the random rows' median distance is 0 (e.g. every column holds a single value).
        overfitting_protection: SDMetrics' DCROverfittingProtection score (0 to 1, higher is safer).
        closer_to_train_share: Share of synthetic rows closer to training than to holdout (SDMetrics).
        closer_to_train_corrected: The same with training subsampled to the holdout's size; 0.5 is ideal.
        closer_to_train_corrected_draws: Each draw's share.
        nndr_median: Median ratio of the closest to the second-closest training distance.
        nndr_low_share: Share of synthetic rows whose ratio is below 0.5 (a distinctly close match).
        exact_copies: Synthetic rows identical to a training row (on the compared columns).
        exact_copy_share: That count over the synthetic rows.
        holdout_copy_share: Share of holdout rows identical to a training row: the natural rate.
        copy_positions: Positions of the copied synthetic rows (first 1,000).
        membership_auc: ROC AUC of telling training rows from holdout rows by their distance to the
            synthetic data; 0.5 means no signal.
        membership_roc: (false positive rates, true positive rates) of that attack.
        membership_members: Training rows sampled as members (as many as the holdout rows).
        rare_values: Rare training values repeated in the synthetic data.
        rare_values_checked: How many rare training values there were.
        seconds: Time per step.
        quasi_identifiers: The marked quasi-identifiers compared together (empty: none marked, so not checked).
        unique_quasi_identifier_rows: Training rows whose quasi-identifier combination no other training row has.
        unique_quasi_identifier_matches: Synthetic rows whose combination equals that of such a training row.
        unique_quasi_identifier_match_share: That count over the synthetic rows.
        holdout_unique_quasi_identifier_share: The share of holdout rows whose combination equals that of such a
            training row: what happens by chance for real people the generator never saw.

    Runs saved before a field existed load with its default (no quasi-identifiers compared).
    """

    columns: tuple[str, ...]
    rows: dict[str, int]
    subsampled: bool
    synthetic_to_train: DistanceSummary
    synthetic_to_holdout: DistanceSummary
    holdout_to_train: DistanceSummary
    random_to_train: DistanceSummary
    baseline_protection: float
    overfitting_protection: float
    closer_to_train_share: float
    closer_to_train_corrected: float
    closer_to_train_corrected_draws: tuple[float, ...]
    nndr_median: float
    nndr_low_share: float
    exact_copies: int
    exact_copy_share: float
    holdout_copy_share: float
    copy_positions: tuple[int, ...]
    membership_auc: float
    membership_roc: tuple[tuple[float, ...], tuple[float, ...]]
    membership_members: int
    rare_values: tuple[RareValue, ...]
    rare_values_checked: int
    seconds: dict[str, float] = field(default_factory=dict)
    quasi_identifiers: tuple[str, ...] = ()
    unique_quasi_identifier_rows: int = 0
    unique_quasi_identifier_matches: int = 0
    unique_quasi_identifier_match_share: float = 0.0
    holdout_unique_quasi_identifier_share: float = 0.0

    @property
    def rare_values_repeated_share(self) -> float | None:
        """Rare training values repeated in the synthetic rows, as a share of rare values; None when there were none."""
        if not self.rare_values_checked:
            return None
        return len(self.rare_values) / self.rare_values_checked

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DistancePrivacy:
        """Rebuild from `to_dict` output."""
        values = dict(data)
        for key in ("synthetic_to_train", "synthetic_to_holdout", "holdout_to_train", "random_to_train"):
            summary = values[key]
            values[key] = DistanceSummary(
                **{**summary, "bin_edges": tuple(summary["bin_edges"]), "counts": tuple(summary["counts"])}
            )
        values["rare_values"] = tuple(RareValue(**entry) for entry in values["rare_values"])
        values["membership_roc"] = tuple(tuple(part) for part in values["membership_roc"])
        for key in ("columns", "closer_to_train_corrected_draws", "copy_positions", "quasi_identifiers"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


@dataclass(frozen=True)
class PrivacyDistances:
    """Raw per-row distances of one evaluation, for plots in the session; never stored or exported."""

    synthetic_to_train: np.ndarray
    synthetic_to_holdout: np.ndarray
    holdout_to_train: np.ndarray


def random_baseline(real: pd.DataFrame, rows: int, *, seed: int) -> pd.DataFrame:
    """Uniform random rows drawn as SDMetrics' DCRBaselineProtection draws them.

    Integers uniform between the real minimum and maximum, floats uniform in that range, dates
    uniform in time, categories uniform over the values seen; missing values at the real rate.
    SDMetrics draws the values from `default_rng(seed)` and the missing mask from NumPy's global
    generator; here the mask comes from a `RandomState(seed)`, which is the same stream when the
    global generator was seeded with `seed`.
    """
    randomizer = np.random.default_rng(seed)
    mask_source = np.random.RandomState(seed)
    columns: dict[str, pd.Series] = {}
    for name in real.columns:
        values = real[name]
        nan_ratio = values.isna().mean()
        if values.isna().all():
            drawn = np.full(rows, np.nan)  # nothing to draw from; every value is masked below anyway
        elif pd.api.types.is_integer_dtype(values):
            drawn = randomizer.integers(low=values.min(), high=values.max() + 1, size=rows)
        elif pd.api.types.is_float_dtype(values):
            drawn = randomizer.uniform(low=values.min(), high=values.max(), size=rows)
        elif pd.api.types.is_datetime64_any_dtype(values):
            low, high = values.min(), values.max()
            drawn = low + pd.to_timedelta(randomizer.uniform(0, (high - low).total_seconds(), size=rows), unit="s")
        else:
            drawn = randomizer.choice(values.dropna().unique(), size=rows)
        mask = mask_source.rand(rows) < nan_ratio
        # `where` makes room for missing values (booleans become objects) where setting them would not.
        columns[name] = pd.Series(drawn).where(~mask)
    return pd.DataFrame(columns)


def calculate_distance_privacy(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    settings: PrivacySettings | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[DistancePrivacy, PrivacyDistances]:
    """Compute every distance-based privacy number, exactly.

    Args:
        train: Real rows the generator learnt from.
        holdout: Real rows it never saw.
        synthetic: The synthetic rows.
        schema: The schema; the modelled columns are compared.
        settings: Seeds, draws and the optional subsample.
        progress: Called with (fraction done, message).

    Returns:
        The results, and the raw distances for plotting.

    Raises:
        ValueError: No modelled column can be compared, or there are fewer than 2 training rows or no holdout
            or synthetic rows.
    """
    import time

    settings = settings or PrivacySettings()
    report = reporter(progress)
    metadata = sdmetrics_metadata(schema, train, modelled_only=True)
    columns = distance_columns(metadata, available=set(train.columns) & set(synthetic.columns))
    started = time.perf_counter()
    # Uniqueness is a fact about the whole training set, so it is counted before any subsample (it is quick).
    quasi = calculate_quasi_identifier_matches(
        train.reset_index(drop=True), holdout.reset_index(drop=True), synthetic.reset_index(drop=True), schema=schema
    )
    seconds: dict[str, float] = {"quasi-identifiers": time.perf_counter() - started}
    train, holdout, synthetic, subsampled = _maybe_subsample(train, holdout, synthetic, settings)
    if len(train) < 2 or holdout.empty or synthetic.empty:  # the nearest-neighbour ratio needs two training rows
        raise ValueError(
            f"Privacy distances need at least 2 training rows, 1 holdout row and 1 synthetic row; got {len(train)}, "
            f"{len(holdout)} and {len(synthetic)}. Add rows to the table (or to the synthetic data)."
        )
    rng = np.random.default_rng(settings.seed)

    def step(name: str, start: float, end: float) -> ProgressCallback:
        def scaled(fraction: float, message: str) -> None:
            report(start + (end - start) * fraction, f"{name}: {message}")

        return scaled

    started = time.perf_counter()
    to_train = nearest_distances(synthetic, train, columns, neighbours=2, progress=step("Synthetic → training", 0, 0.3))
    to_holdout = nearest_distances(synthetic, holdout, columns, progress=step("Synthetic → holdout", 0.3, 0.4))[:, 0]
    holdout_to_train = nearest_distances(holdout, train, columns, progress=step("Holdout → training", 0.4, 0.45))[:, 0]
    seconds["three DCR passes"] = time.perf_counter() - started

    started = time.perf_counter()
    random_rows = random_baseline(train[columns.names], len(synthetic), seed=settings.seed)
    random_to_train = nearest_distances(random_rows, train, columns, progress=step("Random baseline", 0.45, 0.65))[:, 0]
    seconds["random baseline"] = time.perf_counter() - started

    started = time.perf_counter()
    draws = []
    for draw in range(settings.size_corrected_draws):
        positions = rng.choice(len(train), size=min(len(holdout), len(train)), replace=False)
        subsample = train.iloc[np.sort(positions)].reset_index(drop=True)
        start = 0.65 + 0.2 * draw / settings.size_corrected_draws
        sub_distances = nearest_distances(
            synthetic, subsample, columns, progress=step(f"Size-corrected draw {draw + 1}", start, start + 0.04)
        )[:, 0]
        draws.append(float(np.mean(sub_distances < to_holdout)))
    seconds["size-corrected draws"] = time.perf_counter() - started

    started = time.perf_counter()
    membership = _membership_attack(train, holdout, synthetic, columns, rng, step("Membership attack", 0.85, 1.0))
    seconds["membership attack"] = time.perf_counter() - started

    closest, second = to_train[:, 0], to_train[:, 1]
    nndr = np.divide(closest, second, out=np.ones_like(closest), where=second > 0)
    closer_share = float(np.mean(closest < to_holdout))
    median_random = float(np.median(random_to_train))
    copies = np.flatnonzero(closest == 0.0)
    rare, rare_checked = _rare_value_leakage(train, synthetic, schema, settings.rare_count)
    result = DistancePrivacy(
        columns=tuple(columns.names),
        rows={"synthetic": len(synthetic), "train": len(train), "holdout": len(holdout)},
        subsampled=subsampled,
        synthetic_to_train=DistanceSummary.of(closest),
        synthetic_to_holdout=DistanceSummary.of(to_holdout),
        holdout_to_train=DistanceSummary.of(holdout_to_train),
        random_to_train=DistanceSummary.of(random_to_train),
        baseline_protection=min(float(np.median(closest)) / median_random, 1.0) if median_random else float("nan"),
        overfitting_protection=min((1.0 - closer_share) * 2, 1.0),
        closer_to_train_share=closer_share,
        closer_to_train_corrected=float(np.mean(draws)),
        closer_to_train_corrected_draws=tuple(draws),
        nndr_median=float(np.median(nndr)),
        nndr_low_share=float(np.mean(nndr < 0.5)),
        exact_copies=int(copies.size),
        exact_copy_share=float(copies.size / len(synthetic)),
        holdout_copy_share=float(np.mean(holdout_to_train == 0.0)),
        copy_positions=tuple(int(position) for position in copies[:1000]),
        membership_auc=membership[0],
        membership_roc=membership[1],
        membership_members=membership[2],
        rare_values=tuple(rare),
        rare_values_checked=rare_checked,
        seconds={name: round(value, 3) for name, value in seconds.items()},
        quasi_identifiers=quasi.columns if quasi else (),
        unique_quasi_identifier_rows=quasi.unique_training_rows if quasi else 0,
        unique_quasi_identifier_matches=quasi.synthetic_matches if quasi else 0,
        unique_quasi_identifier_match_share=quasi.synthetic_share if quasi else 0.0,
        holdout_unique_quasi_identifier_share=quasi.holdout_share if quasi else 0.0,
    )
    raw = PrivacyDistances(
        synthetic_to_train=closest, synthetic_to_holdout=to_holdout, holdout_to_train=holdout_to_train
    )
    return result, raw


def _maybe_subsample(
    train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, settings: PrivacySettings
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, bool]:
    """Reset indexes, and subsample only when the user asked for it."""
    frames = [frame.reset_index(drop=True) for frame in (train, holdout, synthetic)]
    if settings.max_rows is None or all(len(frame) <= settings.max_rows for frame in frames):
        return frames[0], frames[1], frames[2], False
    rng = np.random.default_rng(settings.seed)
    sampled = [
        frame.iloc[np.sort(rng.choice(len(frame), settings.max_rows, replace=False))].reset_index(drop=True)
        if len(frame) > settings.max_rows
        else frame
        for frame in frames
    ]
    return sampled[0], sampled[1], sampled[2], True


def _membership_attack(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    columns: DistanceColumns,
    rng: np.random.Generator,
    progress: ProgressCallback,
) -> tuple[float, tuple[tuple[float, ...], tuple[float, ...]], int]:
    """Guess "member" for real rows close to the synthetic data; score the guesses by ROC AUC.

    Members are a random sample of training rows as large as the holdout, so both classes weigh the same.
    """
    members = min(len(train), len(holdout))
    positions = np.sort(rng.choice(len(train), size=members, replace=False))
    candidates = pd.concat([train.iloc[positions], holdout], ignore_index=True)
    labels = np.r_[np.ones(members), np.zeros(len(holdout))]
    distances = nearest_distances(candidates, synthetic, columns, progress=progress)[:, 0]
    auc = float(roc_auc_score(labels, -distances))
    false_positive, true_positive, _ = roc_curve(labels, -distances)
    grid = np.linspace(0, 1, ROC_POINTS)
    curve = np.interp(grid, false_positive, true_positive)
    return auc, (tuple(float(x) for x in grid), tuple(float(y) for y in curve)), members


def _rare_value_leakage(
    train: pd.DataFrame, synthetic: pd.DataFrame, schema: TableSchema, rare_count: int
) -> tuple[list[RareValue], int]:
    """Category values seen in fewer than `rare_count` training rows that the synthetic data repeats."""
    found: list[RareValue] = []
    checked = 0
    for column in schema.columns:
        if not column.is_modelled or not column.kind.can_hold_rare_values:
            continue
        if column.name not in synthetic.columns:
            continue
        # Compared as a reader reads them, so a synthetic 3.0 or "3" repeats a real 3.
        real_text, synthetic_text = comparable_text(
            [train[column.name], synthetic[column.name]], kind=column.kind, datetime_format=column.datetime_format
        )
        counts = real_text.value_counts()
        rare = counts[counts < rare_count]
        checked += len(rare)
        if rare.empty:
            continue
        synthetic_counts = synthetic_text.value_counts()
        for value, count in rare.items():
            repeated = int(synthetic_counts.get(value, 0))
            if repeated:
                found.append(RareValue(column.name, str(value), int(count), repeated))
    return found, checked
