"""Deeper fidelity: per-column details, a detection test, and a shared 2-D view of real and synthetic rows.

- `calculate_column_details` runs SDMetrics' single-column metrics on every modelled column: shape
  (KSComplement or TVComplement), coverage (RangeCoverage or CategoryCoverage), boundary adherence
  (numbers and dates) and missing-value similarity. A metric that fails on one column becomes that
  row's `error`, never a crash.
- `calculate_detection_auc` trains a classifier to tell real rows from synthetic rows and reports its
  ROC AUC (0.5 means it cannot tell them apart). By default it follows SDMetrics' LogisticDetection
  (the same preprocessing, LogisticRegression behind an imputer and a robust scaler, stratified 3-fold
  cross-validation, one AUC per fold) but matches columns by name, not by position, keeps ordinal
  columns (as categories), is seeded, averages several runs, and reports the AUC itself rather than
  SDMetrics' `1 − (2·max(AUC, 0.5) − 1)`. A logistic regression only sees single columns; gradient-boosted
  trees (`detector="boosting"`) also see broken relationships between columns.
- `calculate_pca_projection` projects real and synthetic rows together onto two principal components,
  for a picture of where the synthetic rows fall.

Every function takes the schema; the metadata SDMetrics reads is built from it in `sdmetrics_adapter`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from synth_core.evaluation.sdmetrics_adapter import CATEGORY_SDTYPES, NUMBER_SDTYPES, sdmetrics_metadata
from synth_core.progress import ProgressCallback, reporter
from synth_core.schema import ColumnKind, TableSchema

PairPlotKind = Literal["scatter", "box", "heatmap"]
Detector = Literal["logistic", "boosting"]
DETECTORS: tuple[Detector, ...] = ("logistic", "boosting")

DETECTION_MAX_ROWS = 20_000
"""Each side is subsampled (seeded) to at most this many rows before the detector is trained."""
DETECTION_FOLDS = 3
MAX_DETECTOR_CATEGORIES = 100
"""The most frequent categories of a column get their own indicator; the rest share one "other" indicator."""
MAX_PCA_CATEGORIES = 30

# SDMetrics' LogisticDetection uses only these; we add ordinals (as categories), and booleans on request.
_DETECTION_SDTYPES = frozenset({"numerical", "datetime", "categorical", "ordinal"})
_MISSING = "(missing)"
REAL_LABEL = "Real"
SYNTHETIC_LABEL = "Synthetic"


# --- Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnDetail:
    """SDMetrics' single-column metrics for one column.

    Attributes:
        column: The column name.
        kind: The column's SDV sdtype: numerical, datetime, categorical, ordinal or boolean.
        shape_metric: "KSComplement" for numbers and dates, "TVComplement" otherwise.
        shape_score: How alike the distributions are, 0 to 1; None when the metric failed or is undefined.
        coverage_metric: "RangeCoverage" for numbers and dates, "CategoryCoverage" otherwise.
        coverage: The share of the real range, or of the real categories, that the synthetic data covers (0 to 1).
        boundary_adherence: The share of synthetic values inside the real minimum and maximum (0 to 1); None for
            categories.
        missing_similarity: 1 minus the difference in the share of missing values (0 to 1).
        error: Why a metric failed or is undefined, if one did (one message per metric, separated by "; ").
    """

    column: str
    kind: str
    shape_metric: str
    shape_score: float | None
    coverage_metric: str
    coverage: float | None
    boundary_adherence: float | None
    missing_similarity: float | None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class DetectionResult:
    """How well a classifier tells real rows from synthetic rows.

    Attributes:
        auc: Mean ROC AUC over the folds and runs: 0.5 means the rows cannot be told apart (ideal), 1 means every
            synthetic row is recognised. Values a little under 0.5 are chance.
        auc_std: Standard deviation of the per-run AUC (each run is the mean over its folds) across runs.
        runs: How many seeded repetitions of the cross-validation were averaged.
        columns: The columns the classifier saw.
        left_out: Compared columns it did not see: booleans (unless asked for), and columns missing from one
            side. Identifiers and personal data are never used and not listed.
        real_rows: Real rows used, after subsampling.
        synthetic_rows: Synthetic rows used, after subsampling.
        detector: "logistic" (as SDMetrics' LogisticDetection) or "boosting" (gradient-boosted trees).
    """

    auc: float
    auc_std: float
    runs: int
    columns: tuple[str, ...]
    left_out: tuple[str, ...] = ()
    real_rows: int = 0
    synthetic_rows: int = 0
    detector: str = "logistic"

    @property
    def sdmetrics_score(self) -> float:
        """The score SDMetrics' LogisticDetection would report for this AUC: 1 − (2·max(AUC, 0.5) − 1).

        It is approximate: SDMetrics clips each fold's AUC at 0.5 before averaging, this clips the mean.
        """
        return 1.0 - (2.0 * max(self.auc, 0.5) - 1.0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class PCAProjection:
    """Real and synthetic rows projected together onto their first two principal components.

    Attributes:
        pc1: Each row's coordinate on the first component.
        pc2: Each row's coordinate on the second component (0 when there is only one).
        labels: "Real" or "Synthetic" for each row (real rows first).
        explained_variance: The share of the total variance each component explains (0 to 1).
        columns: The columns projected.
    """

    pc1: tuple[float, ...]
    pc2: tuple[float, ...]
    labels: tuple[str, ...]
    explained_variance: tuple[float, float]
    columns: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)


# --- Metadata ---------------------------------------------------------------------------------------


def _compared_columns(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Columns whose values are compared: every numerical, date or category column that is no key or personal data."""
    keys = _keys(table)
    return {
        str(name): entry
        for name, entry in table["columns"].items()
        if entry.get("sdtype") in NUMBER_SDTYPES | CATEGORY_SDTYPES and not entry.get("pii") and name not in keys
    }


def _keys(table: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    for key in [table.get("primary_key"), *table.get("alternate_keys", [])]:
        if isinstance(key, list | tuple):
            keys.update(map(str, key))
        elif key:
            keys.add(str(key))
    return keys


def two_column_kind(kind_a: ColumnKind | str, kind_b: ColumnKind | str) -> PairPlotKind:
    """Which plot shows two columns together: a scatter for two numbers (or dates), box plots for a number by
    category, and a heatmap of co-occurrence for two categories (ordinals and booleans count as categories).

    Raises:
        ValueError: A kind is not plotted in pairs (identifiers, text, personal data) or is unknown.
    """  # noqa: D205
    kinds = [ColumnKind(kind) for kind in (kind_a, kind_b)]
    for kind in kinds:
        if not kind.is_learnt:
            raise ValueError(
                f"Columns of kind '{kind}' are not plotted in pairs; choose numerical, date or category columns."
            )
    numbers = sum(kind.is_numeric_like for kind in kinds)
    return "scatter" if numbers == 2 else "box" if numbers == 1 else "heatmap"


# --- Column details ---------------------------------------------------------------------------------


def calculate_column_details(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, schema: TableSchema
) -> tuple[ColumnDetail, ...]:
    """SDMetrics' single-column metrics for every compared column, one row each.

    Shape is KSComplement for numbers and dates and TVComplement for categories, ordinals and booleans (as in
    SDMetrics' ColumnShapes); coverage is RangeCoverage or CategoryCoverage (as in its Coverage property);
    boundary adherence is for numbers and dates only; missing-value similarity is for every column. Identifier
    and personal-data columns, and keys, are skipped.

    Args:
        real: The real rows.
        synthetic: The synthetic rows.
        schema: The schema; its keys, personal data and free text are skipped.

    Returns:
        One `ColumnDetail` per compared column, in schema order. A column missing from either frame, or a
        metric that fails, gives a row with `error` set and the affected scores None.
    """
    from sdmetrics.single_column import (
        BoundaryAdherence,
        CategoryCoverage,
        KSComplement,
        MissingValueSimilarity,
        RangeCoverage,
        TVComplement,
    )

    rows: list[ColumnDetail] = []
    for name, entry in _compared_columns(sdmetrics_metadata(schema, real)).items():
        sdtype = str(entry["sdtype"])
        is_number = sdtype in NUMBER_SDTYPES
        shape_metric, coverage_metric = (KSComplement, RangeCoverage) if is_number else (TVComplement, CategoryCoverage)
        absent = [side for side, frame in (("real", real), ("synthetic", synthetic)) if name not in frame.columns]
        if absent:
            rows.append(
                ColumnDetail(
                    column=name,
                    kind=sdtype,
                    shape_metric=shape_metric.__name__,
                    shape_score=None,
                    coverage_metric=coverage_metric.__name__,
                    coverage=None,
                    boundary_adherence=None,
                    missing_similarity=None,
                    error=f"The column is missing from the {' and '.join(absent)} data.",
                )
            )
            continue
        errors: list[str] = []
        real_values, synthetic_values = real[name], synthetic[name]
        compared_real, compared_synthetic = real_values, synthetic_values
        if is_number:
            compared_real = _as_number_column(real_values, sdtype, entry.get("datetime_format"))
            compared_synthetic = _as_number_column(synthetic_values, sdtype, entry.get("datetime_format"))
        scores = {
            "shape": _metric(shape_metric, compared_real, compared_synthetic, errors),
            "coverage": _metric(coverage_metric, compared_real, compared_synthetic, errors),
            "boundary": (_metric(BoundaryAdherence, compared_real, compared_synthetic, errors) if is_number else None),
            "missing": _metric(MissingValueSimilarity, real_values, synthetic_values, errors),
        }
        rows.append(
            ColumnDetail(
                column=name,
                kind=sdtype,
                shape_metric=shape_metric.__name__,
                shape_score=scores["shape"],
                coverage_metric=coverage_metric.__name__,
                coverage=scores["coverage"],
                boundary_adherence=scores["boundary"],
                missing_similarity=scores["missing"],
                error="; ".join(errors) + "." if errors else None,
            )
        )
    return tuple(rows)


def _metric(metric: Any, real: pd.Series, synthetic: pd.Series, errors: list[str]) -> float | None:
    """Run one SDMetrics metric; a failure or an undefined (NaN) score is noted in `errors` and gives None."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = float(metric.compute(real, synthetic))
    except Exception as error:  # SDMetrics raises many types; each becomes the row's error
        errors.append(f"{metric.__name__}: {type(error).__name__}: {str(error).rstrip('.')}")
        return None
    if not math.isfinite(value):
        errors.append(f"{metric.__name__}: undefined, as {_why_undefined(real, synthetic)}")
        return None
    return min(max(value, 0.0), 1.0)


def _why_undefined(real: pd.Series, synthetic: pd.Series) -> str:
    empty = [side for side, values in (("real", real), ("synthetic", synthetic)) if values.notna().sum() == 0]
    if empty:
        return f"the {' and the '.join(empty)} column has no values"
    if real.nunique(dropna=True) == 1:
        return "every real value is the same"
    return "the values cannot be compared"


def _as_number_column(values: pd.Series, sdtype: str, datetime_format: str | None) -> pd.Series:
    """Numbers as numbers and dates as timezone-free nanosecond datetimes; what does not parse becomes missing."""
    if sdtype == "datetime":
        return _as_datetimes(values, datetime_format)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values
    return pd.to_numeric(values, errors="coerce")


def _as_datetimes(values: pd.Series, datetime_format: str | None) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(values):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "could not infer format" when there is no format
            values = pd.to_datetime(values, format=datetime_format or None, errors="coerce")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    return values.astype("datetime64[ns]")


# --- Encoding shared by detection and PCA -------------------------------------------------------------


@dataclass(frozen=True)
class _Encoded:
    """Numeric features (missing values kept as NaN) and category indicators for both sides."""

    real_numbers: np.ndarray
    synthetic_numbers: np.ndarray
    real_indicators: np.ndarray
    synthetic_indicators: np.ndarray


def _encode(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    columns: dict[str, dict[str, Any]],
    *,
    max_categories: int,
) -> _Encoded:
    """Numbers as floats and dates as nanoseconds; categories one-hot over both sides' values.

    Each category column gets an indicator for each of its `max_categories` most frequent values (over both
    sides), one for missing values if there are any, and one shared "other" indicator for the rest.
    """
    numbers: list[tuple[np.ndarray, np.ndarray]] = []
    indicators: list[tuple[np.ndarray, np.ndarray]] = []
    for name, entry in columns.items():
        sdtype = entry["sdtype"]
        if sdtype in NUMBER_SDTYPES:
            numbers.append(
                (
                    _as_floats(real[name], sdtype, entry.get("datetime_format")),
                    _as_floats(synthetic[name], sdtype, entry.get("datetime_format")),
                )
            )
        else:
            indicators.append(_one_hot(real[name], synthetic[name], max_categories))
    return _Encoded(
        real_numbers=_stack([pair[0] for pair in numbers], len(real)),
        synthetic_numbers=_stack([pair[1] for pair in numbers], len(synthetic)),
        real_indicators=_stack([pair[0] for pair in indicators], len(real)),
        synthetic_indicators=_stack([pair[1] for pair in indicators], len(synthetic)),
    )


def _as_floats(values: pd.Series, sdtype: str, datetime_format: str | None) -> np.ndarray:
    """A number column as floats (inf as NaN); dates as nanoseconds since the epoch, as SDMetrics encodes them."""
    if sdtype == "datetime":
        dates = _as_datetimes(values, datetime_format)
        floats = np.where(dates.isna(), np.nan, dates.to_numpy(dtype="datetime64[ns]").astype(np.int64))
        return floats.astype(np.float64)
    floats = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    floats[np.isinf(floats)] = np.nan
    return floats


def _category_key(value: Any) -> str:
    """One label per category value, so True, "True", 1 and 1.0 match across the two sides as they should."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | float | np.integer | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _category_labels(values: pd.Series) -> np.ndarray:
    labels = values.astype(object).map(_category_key, na_action="ignore")
    return labels.where(values.notna(), _MISSING).to_numpy(dtype=object)


def _one_hot(real: pd.Series, synthetic: pd.Series, max_categories: int) -> tuple[np.ndarray, np.ndarray]:
    both = pd.Series(np.concatenate([_category_labels(real), _category_labels(synthetic)]))
    counts = both.value_counts(sort=True)
    kept = [label for label in counts.index if label != _MISSING][:max_categories]
    if _MISSING in counts.index:
        kept.append(_MISSING)
    position = {label: index for index, label in enumerate(kept)}
    codes = both.map(position).fillna(len(kept)).to_numpy(dtype=np.int64)  # the rest share the "other" slot
    width = len(kept) + int(bool((codes == len(kept)).any()))
    matrix = np.zeros((len(both), width), dtype=np.float64)
    matrix[np.arange(len(both)), codes] = 1.0
    return matrix[: len(real)], matrix[len(real) :]


def _stack(arrays: list[np.ndarray], rows: int) -> np.ndarray:
    if not arrays:
        return np.empty((rows, 0), dtype=np.float64)
    return np.column_stack(arrays).astype(np.float64)


def _subsample(frame: pd.DataFrame, rows: int, rng: np.random.Generator) -> pd.DataFrame:
    if len(frame) <= rows:
        return frame.reset_index(drop=True)
    return frame.iloc[np.sort(rng.choice(len(frame), rows, replace=False))].reset_index(drop=True)


# --- Detection ----------------------------------------------------------------------------------------


def calculate_detection_auc(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    runs: int = 10,
    seed: int = 0,
    detector: Detector = "logistic",
    include_booleans: bool = False,
    progress: ProgressCallback | None = None,
) -> DetectionResult:
    """How well a classifier tells real rows from synthetic rows, as ROC AUC (0.5 is ideal).

    The default method is SDMetrics' LogisticDetection: numbers and dates as numbers with missing values set to the
    real mean, categories one-hot; a pipeline of a mean imputer, a robust scaler and
    `LogisticRegression(solver="lbfgs")`; stratified 3-fold cross-validation with one AUC per fold. It differs in that:

    - columns are matched by name (SDMetrics matches them by position, so reordered columns ruin its score);
    - ordinal columns are used, as categories (SDMetrics drops them);
    - categories seen only in the synthetic data get an indicator too (SDMetrics fails on them), and a column's
      categories beyond its 100 most frequent share one indicator;
    - the folds are seeded, and `runs` repetitions with different fold seeds are averaged;
    - each side is subsampled (seeded) to at most 20,000 rows (`DETECTION_MAX_ROWS`) to bound the time; the
      classifier has few parameters, so more rows barely move the AUC;
    - when some rows appear on both sides (copied rows), identical rows are kept in the same fold: otherwise a
      copy in the training folds teaches the opposite label of its twin in the test fold, and the AUC falls below
      0.5 (real data against itself scored about 0.42 on a 2,000-row Adult sample); this gives 0.5 instead;
    - it returns the AUC itself, where SDMetrics returns `1 − (2·max(AUC, 0.5) − 1)`.

    A logistic regression adds up one effect per value, so it only sees differences in single columns: synthetic
    data that keeps every column's distribution but breaks the relationships between columns scores about 0.5.
    `detector="boosting"` uses gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier), which see
    combinations of columns too; it is slower and has no SDMetrics counterpart.

    Booleans are left out by default, as SDMetrics leaves them out, so that the numbers agree; they are listed in
    `left_out`. Pass `include_booleans=True` to use them (as categories) for a stricter test.

    Args:
        real: The real rows.
        synthetic: The synthetic rows.
        schema: The schema; its keys, personal data and free text are never used.
        runs: Repetitions of the cross-validation, each with its own fold seed.
        seed: Seed for the subsample, the folds and the trees; the same seed gives the same result.
        detector: "logistic" (as SDMetrics' LogisticDetection) or "boosting" (gradient-boosted trees).
        include_booleans: Also use boolean columns.
        progress: Called with (fraction done, message) after each run.

    Returns:
        The mean AUC, its spread across runs, and the columns used.

    Raises:
        ValueError: `runs` is below 1, the detector is unknown, a side has fewer than 3 rows, no column can be
            used, or the rows are so few and so often copied that no fold has real and synthetic rows to train and
            test on.
    """
    from sklearn.metrics import roc_auc_score
    from threadpoolctl import threadpool_limits

    if runs < 1:
        raise ValueError(f"runs must be at least 1; got {runs}.")
    if detector not in DETECTORS:
        raise ValueError(f"Unknown detector '{detector}'; choose one of {', '.join(DETECTORS)}.")
    if min(len(real), len(synthetic)) < DETECTION_FOLDS:
        raise ValueError(
            f"Detection needs at least {DETECTION_FOLDS} real and {DETECTION_FOLDS} synthetic rows; "
            f"got {len(real)} and {len(synthetic)}."
        )
    sdtypes = _DETECTION_SDTYPES | ({"boolean"} if include_booleans else set())
    compared = _compared_columns(sdmetrics_metadata(schema, real))
    columns = {
        name: entry
        for name, entry in compared.items()
        if entry["sdtype"] in sdtypes and name in real.columns and name in synthetic.columns
    }
    left_out = tuple(name for name in compared if name not in columns)
    if not columns:
        raise ValueError("No numerical, date or category column is in both tables, so there is nothing to detect.")

    report = reporter(progress)
    rng = np.random.default_rng(seed)
    real_rows = _subsample(real, DETECTION_MAX_ROWS, rng)
    synthetic_rows = _subsample(synthetic, DETECTION_MAX_ROWS, rng)
    features = _detection_features(real_rows, synthetic_rows, columns)
    is_real = np.concatenate([np.ones(len(real_rows)), np.zeros(len(synthetic_rows))])
    groups = _copy_groups(features, len(real_rows))

    run_aucs: list[float] = []
    # These models are small: one thread (BLAS and OpenMP) is much faster than several competing for busy cores.
    with threadpool_limits(limits=1):
        for run, run_seed in enumerate(rng.integers(0, 2**31 - 1, size=runs)):
            fold_aucs = []
            for train, test in _folds(is_real, groups, int(run_seed)):
                if np.unique(is_real[train]).size < 2 or np.unique(is_real[test]).size < 2:
                    continue  # copies kept together can leave a fold without one side: it has no AUC
                # A column with no value in the training rows teaches nothing (and breaks the imputer and the trees).
                learnt = ~np.isnan(features[train]).all(axis=0)
                if not learnt.any():
                    fold_aucs.append(0.5)  # every row looks the same to the model, so it scores them all alike
                    continue
                model = _detector_model(detector, int(run_seed))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # lbfgs may stop at its iteration limit, as in SDMetrics
                    model.fit(features[train][:, learnt], is_real[train])
                    scores = model.predict_proba(features[test][:, learnt])[:, 1]
                fold_aucs.append(float(roc_auc_score(is_real[test], scores)))
            if fold_aucs:
                run_aucs.append(float(np.mean(fold_aucs)))
            report((run + 1) / runs, f"Detection run {run + 1} of {runs}")
    if not run_aucs and _all_alike(features):
        run_aucs = [0.5] * runs  # identical rows on both sides: no classifier can tell them apart
    if not run_aucs:
        raise ValueError(
            f"Detection needs more different rows: the {len(real_rows)} real and {len(synthetic_rows)} synthetic "
            "rows hold too few distinct rows to train and test a classifier on both sides. Add rows."
        )
    return DetectionResult(
        auc=float(np.mean(run_aucs)),
        auc_std=float(np.std(run_aucs)),
        runs=len(run_aucs),
        columns=tuple(columns),
        left_out=left_out,
        real_rows=len(real_rows),
        synthetic_rows=len(synthetic_rows),
        detector=detector,
    )


def _all_alike(features: np.ndarray) -> bool:
    """Whether every row has the same features (missing values alike)."""
    first = features[:1]
    return bool(np.all((features == first) | (np.isnan(features) & np.isnan(first))))


def _detection_features(real: pd.DataFrame, synthetic: pd.DataFrame, columns: dict[str, dict[str, Any]]) -> np.ndarray:
    """Real rows then synthetic rows, encoded like SDMetrics' HyperTransformer: missing numbers take the real mean."""
    encoded = _encode(real, synthetic, columns, max_categories=MAX_DETECTOR_CATEGORIES)
    with warnings.catch_warnings():
        # A column with no real values has no mean; the imputer in the model pipeline handles it.
        warnings.simplefilter("ignore", RuntimeWarning)
        real_means = np.nanmean(encoded.real_numbers, axis=0)
    numbers = np.vstack([encoded.real_numbers, encoded.synthetic_numbers])
    numbers = np.where(np.isnan(numbers), real_means, numbers)
    return np.hstack([numbers, np.vstack([encoded.real_indicators, encoded.synthetic_indicators])])


def _copy_groups(features: np.ndarray, real_rows: int) -> np.ndarray | None:
    """A group number per row, equal for identical rows, when some row appears on both sides; otherwise None."""
    hashes = pd.util.hash_pandas_object(pd.DataFrame(features), index=False).to_numpy()
    if not np.isin(hashes[real_rows:], hashes[:real_rows]).any():
        return None
    return pd.factorize(hashes)[0]


def _folds(is_real: np.ndarray, groups: np.ndarray | None, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds (SDMetrics' StratifiedKFold); with groups, each group stays in one fold.

    Grouped folds deal each kind of group (by its count of real and synthetic rows) round-robin from a random
    starting fold, in random order, so that every fold gets a like share of each kind.
    """
    from sklearn.model_selection import StratifiedKFold

    if groups is None:
        folds = StratifiedKFold(n_splits=DETECTION_FOLDS, shuffle=True, random_state=seed)
        return list(folds.split(np.zeros(len(is_real)), is_real))
    rng = np.random.default_rng(seed)
    count = int(groups.max()) + 1
    real_counts = np.bincount(groups, weights=is_real, minlength=count).astype(np.int64)
    sizes = np.bincount(groups, minlength=count)
    kinds = pd.factorize(pd.Series(real_counts).astype(str) + "/" + pd.Series(sizes).astype(str))[0]
    order = rng.permutation(count)
    order = order[np.argsort(kinds[order], kind="stable")]  # random order within each kind
    sorted_kinds = kinds[order]
    starts = np.searchsorted(sorted_kinds, sorted_kinds, side="left")
    rank = np.arange(count) - starts
    offsets = rng.integers(0, DETECTION_FOLDS, size=int(kinds.max()) + 1)
    group_fold = np.empty(count, dtype=np.int64)
    group_fold[order] = (rank + offsets[sorted_kinds]) % DETECTION_FOLDS
    row_fold = group_fold[groups]
    return [(np.flatnonzero(row_fold != fold), np.flatnonzero(row_fold == fold)) for fold in range(DETECTION_FOLDS)]


def _detector_model(detector: Detector, seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import RobustScaler

    if detector == "boosting":
        return HistGradientBoostingClassifier(random_state=seed)
    return Pipeline(
        [
            ("imputer", SimpleImputer()),
            ("scaler", RobustScaler()),
            ("classifier", LogisticRegression(solver="lbfgs")),
        ]
    )


# --- PCA ----------------------------------------------------------------------------------------------


def calculate_pca_projection(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    max_points: int = 3000,
    seed: int = 0,
) -> PCAProjection:
    """Project real and synthetic rows together onto their first two principal components.

    Numbers and dates are standardised over both sides together, with missing values set to the mean; categories,
    ordinals and booleans are one-hot (missing is a category; beyond the 30 most frequent, the rest share one
    indicator). One PCA is fitted on the rows of both sides, so the two clouds share axes.

    Args:
        real: The real rows.
        synthetic: The synthetic rows.
        schema: The schema; its keys, personal data and free text are left out.
        max_points: Each side is subsampled (seeded) to at most this many rows.
        seed: Seed for the subsample and the PCA.

    Returns:
        The coordinates, a label per row (real rows first) and the variance each component explains.

    Raises:
        ValueError: No column is in both tables, or a side has no rows.
    """
    from sklearn.decomposition import PCA

    columns = {
        name: entry
        for name, entry in _compared_columns(sdmetrics_metadata(schema, real)).items()
        if name in real.columns and name in synthetic.columns
    }
    if not columns:
        raise ValueError("No numerical, date or category column is in both tables, so there is nothing to project.")
    if real.empty or synthetic.empty:
        raise ValueError("Both tables need rows to project.")
    rng = np.random.default_rng(seed)
    real_rows, synthetic_rows = _subsample(real, max_points, rng), _subsample(synthetic, max_points, rng)
    encoded = _encode(real_rows, synthetic_rows, columns, max_categories=MAX_PCA_CATEGORIES)
    numbers = np.vstack([encoded.real_numbers, encoded.synthetic_numbers])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing column has no mean
        means, spreads = np.nanmean(numbers, axis=0), np.nanstd(numbers, axis=0)
    means, spreads = np.nan_to_num(means), np.where(np.isfinite(spreads) & (spreads > 0), spreads, 1.0)
    numbers = (np.where(np.isnan(numbers), means, numbers) - means) / spreads
    features = np.hstack([numbers, np.vstack([encoded.real_indicators, encoded.synthetic_indicators])])

    components = min(2, features.shape[1], features.shape[0])
    pca = PCA(n_components=components, random_state=seed)
    with np.errstate(invalid="ignore", divide="ignore"):  # rows all alike have no variance to share: 0 below
        coordinates = pca.fit_transform(features)
    explained = [float(share) for share in np.nan_to_num(pca.explained_variance_ratio_)]
    if components < 2:
        coordinates = np.column_stack([coordinates, np.zeros(len(coordinates))])
        explained += [0.0] * (2 - components)
    return PCAProjection(
        pc1=tuple(coordinates[:, 0].tolist()),
        pc2=tuple(coordinates[:, 1].tolist()),
        labels=(REAL_LABEL,) * len(real_rows) + (SYNTHETIC_LABEL,) * len(synthetic_rows),
        explained_variance=(explained[0], explained[1]),
        columns=tuple(columns),
    )
