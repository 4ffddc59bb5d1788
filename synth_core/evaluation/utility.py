"""Machine-learning utility: can a model trained on the synthetic rows predict the real holdout?

`calculate_utility` trains two scikit-learn models on the real training rows (TRTR: train real, test
real) and the same two on the synthetic rows (TSTR: train synthetic, test real), and always scores
all four on the real holdout, which neither the generator nor the models have seen. The ratio
TSTR / TRTR of the primary metric (macro F1 or R²) says how much predictive value survives; 1 means
none is lost. It also compares which features each gradient-boosting model relies on (permutation
importance on the holdout), since a copy can score well for the wrong reasons.

Models (both in a `Pipeline` behind a `ColumnTransformer`, seeded):
- linear: `LogisticRegression` or `Ridge`. Numbers: median imputation and `StandardScaler`.
  Categories: most-frequent imputation and `OneHotEncoder(handle_unknown="ignore")`.
- gradient boosting: `HistGradientBoostingClassifier` or `...Regressor`. Numbers pass through (the
  model handles missing values itself). Categories are ordinal-encoded and declared categorical, so
  the trees split on sets of categories natively: faster than one-hot and at least as accurate.
  Unknown or missing categories become NaN, which the trees treat as missing; categories beyond the
  255 the trees can hold are grouped as "infrequent".

Categorical, boolean and ordinal columns are categories (their values as text, so 1 and 1.0 are one
category); numerical columns are numbers; dates become seconds since 1970 first. Keys, personal data,
free text and ignored columns are never features.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error, r2_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from synth_core.evaluation.leakage import TargetLeakage, find_target_leakage
from synth_core.progress import ProgressCallback, reporter
from synth_core.schema import ColumnKind, TableSchema

TaskKind = Literal["classification", "regression"]

MAX_CLASSES_FOR_NUMBERS = 20  # a numeric target with at most this many whole values is a class label
IMPORTANCE_ROWS = 2_000  # permutation importance runs on at most this many holdout rows
IMPORTANCE_REPEATS = 3
MAX_ONE_HOT_CATEGORIES = 50  # per column, for the linear model; rarer ones share one column
MAX_TREE_CATEGORIES = 255  # HistGradientBoosting's limit per categorical feature
LINEAR_MAX_ITER = 1_000
# Models run on one thread. OpenMP and BLAS threads spin-wait, so on a shared 2-core machine (or with
# several dashboard sessions at once) two threads made gradient boosting 10-30 times slower, not faster.
MODEL_THREADS = 1

METRIC_LABELS: dict[str, str] = {
    "accuracy": "Accuracy",
    "f1_macro": "Macro F1",
    "f1_binary": "Binary F1",
    "roc_auc": "ROC AUC",
    "r2": "R²",
    "mae": "Mean absolute error",
}
TRAIN_ON = ("real", "synthetic")


@dataclass(frozen=True)
class ModelScores:
    """One model's scores on the real holdout.

    Attributes:
        model: The model's identifier ("logistic_regression", "ridge", "gradient_boosting").
        label: The model's name for people.
        train_on: "real" (TRTR) or "synthetic" (TSTR): which rows it was trained on.
        metrics: Metric name to score; None when the metric is undefined or the model could not be
            trained (the result's notes say why). Classification: accuracy, f1_macro, roc_auc, and
            f1_binary for two classes. Regression: r2 and mae.
    """

    model: str
    label: str
    train_on: str
    metrics: dict[str, float | None]


@dataclass(frozen=True)
class FeatureImportance:
    """How much the holdout score drops when one feature is shuffled.

    Attributes:
        feature: The feature column.
        real: Mean drop for the gradient-boosting model trained on real rows.
        synthetic: The same for the model trained on synthetic rows.
    """

    feature: str
    real: float
    synthetic: float


@dataclass(frozen=True)
class UtilityResult:
    """Train-real and train-synthetic models, both tested on the real holdout.

    Attributes:
        target: The label column.
        task: "classification" or "regression".
        positive_class: For two classes, the class binary F1 and ROC AUC are about: the less frequent
            one in the real training rows (as SDGym does); otherwise None.
        scores: One entry per model and training set.
        primary_metric: "f1_macro" for classification, "r2" for regression.
        trtr: The primary metric averaged over the models trained on real rows; NaN when undefined.
        tstr: The same for the models trained on synthetic rows; NaN when undefined.
        ratio: tstr / trtr; 1 means the synthetic rows are as useful as the real ones. NaN when
            undefined (no model could be trained, or trtr is not positive).
        importances: Permutation importances of each feature, most important (on real) first.
        importance_rank_correlation: Spearman correlation of the two importance orderings; None with
            fewer than 3 features or when undefined.
        holdout_rows: Holdout rows scored (those with a target value).
        notes: Everything worth knowing that is not a number: dropped rows, unseen classes, models
            that could not be trained.
        leakage: Features that alone give the target away, and whether TRTR is near perfect (see
            `synth_core.evaluation.leakage`); when it is flagged the ratio means little. None when not
            checked (runs saved before the check existed).
    """

    target: str
    task: TaskKind
    positive_class: str | None
    scores: tuple[ModelScores, ...]
    primary_metric: str
    trtr: float
    tstr: float
    ratio: float
    importances: tuple[FeatureImportance, ...]
    importance_rank_correlation: float | None
    holdout_rows: int
    notes: tuple[str, ...]
    leakage: TargetLeakage | None = None

    def score(self, model: str, train_on: str, metric: str | None = None) -> float | None:
        """One model's metric (the primary one by default), or None if it has none."""
        for entry in self.scores:
            if entry.model == model and entry.train_on == train_on:
                return entry.metrics.get(metric or self.primary_metric)
        return None

    @property
    def models(self) -> list[str]:
        """The models' identifiers, in order."""
        return list(dict.fromkeys(entry.model for entry in self.scores))

    def importance_ranks(self) -> dict[str, tuple[int, int]]:
        """Each feature's importance rank (1 = most important) to the model trained on real and on synthetic rows.

        Ties and NaN keep the order of `importances` (NaN last).
        """
        ranks = {
            side: _ranks({entry.feature: getattr(entry, side) for entry in self.importances})
            for side in ("real", "synthetic")
        }
        return {
            entry.feature: (ranks["real"][entry.feature], ranks["synthetic"][entry.feature])
            for entry in self.importances
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (NaN becomes None, so the JSON is strict)."""
        data = asdict(self)
        for key in ("trtr", "tstr", "ratio"):
            data[key] = _json_float(data[key])
        for entry in data["importances"]:
            for key in ("real", "synthetic"):
                entry[key] = _json_float(entry[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UtilityResult:
        """Rebuild from `to_dict` output."""
        return cls(
            target=str(data["target"]),
            task=data["task"],
            positive_class=data.get("positive_class"),
            scores=tuple(
                ModelScores(
                    model=entry["model"],
                    label=entry["label"],
                    train_on=entry["train_on"],
                    metrics=dict(entry["metrics"]),
                )
                for entry in data["scores"]
            ),
            primary_metric=data["primary_metric"],
            trtr=_float(data["trtr"]),
            tstr=_float(data["tstr"]),
            ratio=_float(data["ratio"]),
            importances=tuple(
                FeatureImportance(
                    feature=entry["feature"], real=_float(entry["real"]), synthetic=_float(entry["synthetic"])
                )
                for entry in data.get("importances", [])
            ),
            importance_rank_correlation=data.get("importance_rank_correlation"),
            holdout_rows=int(data["holdout_rows"]),
            notes=tuple(data.get("notes", [])),
            leakage=TargetLeakage.from_dict(data["leakage"]) if data.get("leakage") else None,
        )


def detect_task(values: pd.Series, kind: ColumnKind) -> TaskKind:
    """Decide whether predicting `values` is classification or regression.

    Categorical, boolean and ordinal columns are classification, and so are numbers with at most 20
    distinct whole values (codes such as 1/2 or 0-5 ratings). Everything else is regression.

    Args:
        values: The target column.
        kind: Its kind in the schema.

    Returns:
        "classification" or "regression".
    """
    if kind.is_category_like:
        return "classification"
    if kind is ColumnKind.DATETIME:
        return "regression"
    present = values.dropna()
    if pd.api.types.is_bool_dtype(present):
        return "classification"
    numbers = pd.to_numeric(present, errors="coerce")
    if numbers.isna().any():  # not numbers at all
        return "classification"
    numbers = numbers.astype(float)
    whole = bool(np.all(np.isfinite(numbers)) and np.all(numbers == np.round(numbers)))
    if whole and numbers.nunique() <= MAX_CLASSES_FOR_NUMBERS:
        return "classification"
    return "regression"


def calculate_utility(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    target: str | None = None,
    task: TaskKind | None = None,
    seed: int = 0,
    importance: bool = True,
    check_leakage: bool = True,
    progress: ProgressCallback | None = None,
) -> UtilityResult:
    """Train on real and on synthetic rows, and score both on the real holdout.

    Args:
        train: The real rows the generator learnt from.
        holdout: Real rows kept aside; every model is scored on these.
        synthetic: The synthetic rows.
        schema: The table's schema: which columns are features, and their kinds.
        target: The label column; the schema's target by default.
        task: "classification" or "regression"; detected from the target by default.
        seed: Seed for the models, the importance subsample and the shuffles.
        importance: Whether to measure feature importance; it takes most of the time on small tables.
        check_leakage: Whether to look for target leakage (features that alone give the target away);
            it takes well under a second on Adult.
        progress: Called with (fraction done, message).

    Returns:
        Scores per model and training set, the TRTR/TSTR summary and the feature importances.

    Raises:
        ValueError: There is no target, it is missing from one of the tables, or no feature is left.
    """
    report = reporter(progress)
    report(0.0, "Preparing features")
    target, features, notes = _check_inputs(train, holdout, synthetic, schema=schema, target=target)
    kind = schema.column(target).kind if target in schema.names else _kind_of(train[target])
    task = task or detect_task(train[target], kind)
    if task not in ("classification", "regression"):
        raise ValueError(f"The task must be 'classification' or 'regression'; got '{task}'.")

    frames = {"real": train, "holdout": holdout, "synthetic": synthetic}
    frames = {name: frame.reset_index(drop=True) for name, frame in frames.items()}  # duplicate labels are fine
    prepared: dict[str, tuple[pd.DataFrame, pd.Series]] = {}
    for name, frame in frames.items():
        labels = _target_values(frame[target], task, schema, target)
        missing = int(labels.isna().sum())
        if missing:
            what = {"real": "real training", "holdout": "holdout", "synthetic": "synthetic"}[name]
            notes.append(f"{missing} {what} row(s) have no '{target}' value and were left out.")
        keep = labels.notna().to_numpy()
        prepared[name] = (
            _feature_frame(frame.loc[keep], features, schema).reset_index(drop=True),
            labels[keep].reset_index(drop=True),
        )
    x_holdout, y_holdout = prepared["holdout"]
    if y_holdout.empty:
        raise ValueError(f"No holdout row has a '{target}' value, so nothing can be scored. Check the target column.")

    positive_class = None
    if task == "classification":
        positive_class = _positive_class(prepared["real"][1])
        notes.extend(_class_notes(prepared["real"][1], prepared["synthetic"][1], y_holdout))

    numeric = [name for name in features if _is_number(schema, name)]
    categories = [name for name in features if name not in numeric]
    specs = _model_specs(task, numeric, categories, seed)
    scores: list[ModelScores] = []
    fitted: dict[tuple[str, str], Pipeline] = {}
    undefined: dict[str, list[str]] = {}  # why a metric is undefined -> which models it is for
    steps = len(specs) * len(TRAIN_ON) + 1
    with threadpool_limits(limits=MODEL_THREADS):
        for step, ((model, label, build), train_on) in enumerate((spec, on) for spec in specs for on in TRAIN_ON):
            report(step / steps, f"Training {label.lower()} on {train_on} rows")
            x_train, y_train = prepared[train_on]
            pipeline, problem = _fit(build(), x_train, y_train, task)
            if pipeline is None:
                notes.append(f"{label} could not be trained on the {train_on} rows: {problem}")
                metrics = _empty_metrics(task, positive_class)
            else:
                fitted[(model, train_on)] = pipeline
                metrics, metric_notes = _metrics(pipeline, x_holdout, y_holdout, task, positive_class)
                for note in metric_notes:
                    undefined.setdefault(note, []).append(f"{label.lower()} trained on {train_on} rows")
            scores.append(ModelScores(model=model, label=label, train_on=train_on, metrics=metrics))

        notes.extend(f"{why} ({'; '.join(who)})." for why, who in undefined.items())
        primary = "f1_macro" if task == "classification" else "r2"
        importances, correlation = (), None
        if importance:
            report((steps - 1) / steps, "Measuring feature importance")
            importances, correlation = _importances(
                fitted.get(("gradient_boosting", "real")),
                fitted.get(("gradient_boosting", "synthetic")),
                x_holdout,
                y_holdout,
                scoring=primary,
                seed=seed,
                notes=notes,
            )

        leakage = None
        if check_leakage:
            x_real, y_real = prepared["real"]
            leakage = find_target_leakage(
                x_real,
                y_real,
                x_holdout,
                y_holdout,
                task=task,
                trtr_scores=[entry.metrics.get(primary) for entry in scores if entry.train_on == "real"],
                seed=seed,
            )

    trtr, tstr = _paired_means(scores, primary)
    ratio = tstr / trtr if trtr > 0 and math.isfinite(tstr) else math.nan
    if math.isfinite(trtr) and trtr <= 0:
        notes.append(f"The models trained on real rows score {trtr:.3f} {METRIC_LABELS[primary]}; no ratio is given.")
    report(1.0, "Done")
    return UtilityResult(
        target=target,
        task=task,
        positive_class=positive_class,
        scores=tuple(scores),
        primary_metric=primary,
        trtr=trtr,
        tstr=tstr,
        ratio=ratio,
        importances=importances,
        importance_rank_correlation=correlation,
        holdout_rows=len(y_holdout),
        notes=tuple(notes),
        leakage=leakage,
    )


# --- Inputs ---------------------------------------------------------------------------------------


def _check_inputs(
    train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, *, schema: TableSchema, target: str | None
) -> tuple[str, list[str], list[str]]:
    """Find the target and the features, collecting every problem before raising once."""
    target = target or schema.target
    if target is None:
        raise ValueError("No target column is set. Give a column the role 'target' in the schema, or pass target=.")
    problems = [
        f"The target column '{target}' is not in the {what}."
        for what, frame in (("real training data", train), ("holdout", holdout), ("synthetic data", synthetic))
        if target not in frame.columns
    ]
    if problems:
        raise ValueError(" ".join(problems) + " Generate the synthetic data with the target column, or choose another.")
    notes: list[str] = []
    features: list[str] = []
    for name in schema.modelled_columns:
        if name == target:
            continue
        absent = [what for what, frame in (("holdout", holdout), ("synthetic data", synthetic)) if name not in frame]
        if name not in train.columns:
            absent.insert(0, "real training data")
        if absent:
            notes.append(f"Feature '{name}' is not in the {' or the '.join(absent)}, so no model uses it.")
        else:
            features.append(name)
    if not features:
        raise ValueError(
            f"No feature column is left to predict '{target}' from. "
            "Give other columns the role 'feature' in the schema."
        )
    return target, features, notes


def _is_number(schema: TableSchema, name: str) -> bool:
    return schema.column(name).kind.is_numeric_like


def _kind_of(values: pd.Series) -> ColumnKind:
    """A kind for a target the schema does not know: numerical for numbers, categorical otherwise."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return ColumnKind.NUMERICAL
    return ColumnKind.CATEGORICAL


def _feature_frame(frame: pd.DataFrame, features: list[str], schema: TableSchema) -> pd.DataFrame:
    """Numbers as floats, dates as seconds, categories as text (object, NaN for missing)."""
    columns: dict[str, pd.Series] = {}
    for name in features:
        column = schema.column(name)
        values = frame[name]
        if column.kind is ColumnKind.DATETIME:
            columns[name] = _seconds(values, column.datetime_format)
        elif column.kind is ColumnKind.NUMERICAL:
            columns[name] = pd.to_numeric(values, errors="coerce").astype(float)
        else:
            columns[name] = _as_text(values)
    return pd.DataFrame(columns, index=frame.index)


def _seconds(values: pd.Series, datetime_format: str | None) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(values):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "could not infer format"
            values = pd.to_datetime(values, format=datetime_format, errors="coerce", utc=True)
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    seconds = (values - pd.Timestamp("1970-01-01")).dt.total_seconds()
    return seconds.astype(float)


def _as_text(values: pd.Series) -> pd.Series:
    """Values as text, with whole floats written as integers (1.0 -> "1") and NaN kept missing."""
    if pd.api.types.is_bool_dtype(values):
        text = values.astype("string")
    elif pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
        whole = numbers.notna() & np.isfinite(numbers) & (numbers == np.round(numbers))
        text = numbers.astype("string")
        text.loc[whole] = numbers.loc[whole].astype("int64").astype("string").to_numpy()
    else:
        text = values.astype("string")
    return text.astype(object).where(text.notna(), np.nan)


def _target_values(values: pd.Series, task: TaskKind, schema: TableSchema, target: str) -> pd.Series:
    """Class labels as text for classification, floats for regression; missing stays missing."""
    if task == "classification":
        return _as_text(values)
    if target in schema.names and schema.column(target).kind is ColumnKind.DATETIME:
        return _seconds(values, schema.column(target).datetime_format)
    return pd.to_numeric(values, errors="coerce").astype(float)


def _positive_class(labels: pd.Series) -> str | None:
    """The less frequent of two classes in the real training rows (ties: the first in sort order)."""
    counts = labels.value_counts()
    if len(counts) != 2:
        return None
    return str(min(sorted(counts.index), key=lambda label: counts[label]))


def _class_notes(real: pd.Series, synthetic: pd.Series, holdout: pd.Series) -> list[str]:
    notes = []
    real_classes, synthetic_classes = set(real), set(synthetic)
    unseen = sorted(set(holdout) - real_classes)
    if unseen:
        notes.append(f"Holdout classes never seen in the real training rows: {_listing(unseen)}.")
    lost = sorted(real_classes - synthetic_classes)
    if lost and len(synthetic_classes) > 1:
        notes.append(f"Classes missing from the synthetic rows, so never predicted by TSTR models: {_listing(lost)}.")
    invented = sorted(synthetic_classes - real_classes)
    if invented:
        notes.append(f"Synthetic classes that are not in the real training rows: {_listing(invented)}.")
    return notes


def _listing(values: list[str], limit: int = 10) -> str:
    shown = ", ".join(f"'{value}'" for value in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


# --- Models ---------------------------------------------------------------------------------------


def _model_specs(
    task: TaskKind, numeric: list[str], categories: list[str], seed: int
) -> list[tuple[str, str, Callable[[], Pipeline]]]:
    """(identifier, label, builder) for the linear model and the gradient-boosting model."""

    def linear() -> Pipeline:
        numbers = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
        encoder = OneHotEncoder(handle_unknown="ignore", max_categories=MAX_ONE_HOT_CATEGORIES)
        texts = Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("encode", encoder)])
        preprocess = ColumnTransformer(
            [("numbers", numbers, numeric), ("categories", texts, categories)], sparse_threshold=0.0
        )
        model = (
            LogisticRegression(max_iter=LINEAR_MAX_ITER, random_state=seed)
            if task == "classification"
            else Ridge(alpha=1.0, random_state=seed)
        )
        return Pipeline([("preprocess", preprocess), ("model", model)])

    def boosting() -> Pipeline:
        encoder = OrdinalEncoder(
            handle_unknown="use_encoded_value",
            unknown_value=np.nan,
            encoded_missing_value=np.nan,
            max_categories=MAX_TREE_CATEGORIES,
        )
        preprocess = ColumnTransformer(
            [("numbers", "passthrough", numeric), ("categories", encoder, categories)], sparse_threshold=0.0
        )
        is_category = [False] * len(numeric) + [True] * len(categories)
        model_class = HistGradientBoostingClassifier if task == "classification" else HistGradientBoostingRegressor
        model = model_class(categorical_features=is_category if categories else None, random_state=seed)
        return Pipeline([("preprocess", preprocess), ("model", model)])

    linear_id, linear_label = (
        ("logistic_regression", "Logistic regression") if task == "classification" else ("ridge", "Ridge regression")
    )
    return [(linear_id, linear_label, linear), ("gradient_boosting", "Gradient boosting", boosting)]


def _fit(pipeline: Pipeline, x: pd.DataFrame, y: pd.Series, task: TaskKind) -> tuple[Pipeline | None, str]:
    """Fit, or say why the model cannot be trained."""
    if len(y) < 2:
        return None, f"only {len(y)} row(s) have a target value."
    if task == "classification" and y.nunique() < 2:
        return None, f"every row has the same class ('{y.iloc[0]}'), so there is nothing to tell apart."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", UserWarning)  # e.g. all-missing columns dropped by the imputer
            pipeline.fit(x, y)
    except (ValueError, TypeError, np.linalg.LinAlgError) as error:
        return None, str(error)
    return pipeline, ""


def _empty_metrics(task: TaskKind, positive_class: str | None) -> dict[str, float | None]:
    if task == "regression":
        return {"r2": None, "mae": None}
    names = ["accuracy", "f1_macro"] + (["f1_binary"] if positive_class is not None else []) + ["roc_auc"]
    return dict.fromkeys(names)


def _metrics(
    pipeline: Pipeline, x: pd.DataFrame, y: pd.Series, task: TaskKind, positive_class: str | None
) -> tuple[dict[str, float | None], list[str]]:
    """Score a fitted model on the holdout; return the metrics and any notes about undefined ones."""
    predicted = pipeline.predict(x)
    if task == "regression":
        r2 = r2_score(y, predicted) if len(y) > 1 else math.nan
        return {"r2": _optional(r2), "mae": _optional(mean_absolute_error(y, predicted))}, []

    truth = y.to_numpy(dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    labels = sorted(set(truth) | set(pipeline.classes_))
    metrics: dict[str, float | None] = {
        "accuracy": float(accuracy_score(truth, predicted)),
        "f1_macro": float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
    }
    if positive_class is not None:
        metrics["f1_binary"] = float(f1_score(truth == positive_class, predicted == positive_class, zero_division=0))
    auc, note = _roc_auc(pipeline, x, truth, positive_class)
    metrics["roc_auc"] = auc
    return metrics, [note] if note else []


def _roc_auc(
    pipeline: Pipeline, x: pd.DataFrame, truth: np.ndarray, positive_class: str | None
) -> tuple[float | None, str]:
    if not hasattr(pipeline, "predict_proba"):
        return None, "No ROC AUC: the model gives no probabilities"
    classes = [str(label) for label in pipeline.classes_]
    probabilities = pipeline.predict_proba(x)
    if positive_class is not None:
        is_positive = truth == positive_class
        if positive_class not in classes:
            return None, f"No ROC AUC: the model never saw the class '{positive_class}'"
        if is_positive.all() or not is_positive.any():
            return None, "No ROC AUC: the holdout has only one class"
        return float(roc_auc_score(is_positive, probabilities[:, classes.index(positive_class)])), ""
    holdout_classes = set(truth)
    if holdout_classes != set(classes):
        return None, "No ROC AUC: the model's classes and the holdout's classes differ"
    if len(classes) == 2:  # two classes here though not in the real rows: scikit-learn wants one score column
        return float(roc_auc_score(truth == classes[1], probabilities[:, 1])), ""
    return float(roc_auc_score(truth, probabilities, multi_class="ovr", average="macro", labels=classes)), ""


def _paired_means(scores: list[ModelScores], metric: str) -> tuple[float, float]:
    """Mean of `metric` over the models that have it both trained on real and on synthetic rows."""
    by_model: dict[str, dict[str, float | None]] = {}
    for entry in scores:
        by_model.setdefault(entry.model, {})[entry.train_on] = entry.metrics.get(metric)
    pairs = [
        (values["real"], values["synthetic"])
        for values in by_model.values()
        if values.get("real") is not None and values.get("synthetic") is not None
    ]
    if not pairs:
        return math.nan, math.nan
    return float(np.mean([real for real, _ in pairs])), float(np.mean([synthetic for _, synthetic in pairs]))


# --- Feature importance ---------------------------------------------------------------------------


def _importances(
    real_model: Pipeline | None,
    synthetic_model: Pipeline | None,
    x: pd.DataFrame,
    y: pd.Series,
    *,
    scoring: str,
    seed: int,
    notes: list[str],
) -> tuple[tuple[FeatureImportance, ...], float | None]:
    """Permutation importance of both gradient-boosting models on (a sample of) the holdout."""
    if real_model is None or synthetic_model is None:
        notes.append("Feature importances are not compared, as a gradient-boosting model could not be trained.")
        return (), None
    if len(x) > IMPORTANCE_ROWS:
        rows = np.sort(np.random.default_rng(seed).choice(len(x), size=IMPORTANCE_ROWS, replace=False))
        x, y = x.iloc[rows].reset_index(drop=True), y.iloc[rows].reset_index(drop=True)
    drops = {}
    for name, model in (("real", real_model), ("synthetic", synthetic_model)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            found = permutation_importance(
                model, x, y, scoring=scoring, n_repeats=IMPORTANCE_REPEATS, random_state=seed, n_jobs=None
            )
        drops[name] = found.importances_mean
    order = sorted(range(x.shape[1]), key=lambda index: (-drops["real"][index], x.columns[index]))
    importances = tuple(
        FeatureImportance(
            feature=str(x.columns[index]), real=float(drops["real"][index]), synthetic=float(drops["synthetic"][index])
        )
        for index in order
    )
    correlation = None
    if len(importances) >= 3:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # constant input: the correlation is undefined
            rho = spearmanr(drops["real"], drops["synthetic"]).statistic
        correlation = _optional(rho)
        if correlation is None:
            notes.append("The importance rank correlation is undefined: one model's importances are all equal.")
    return importances, correlation


# --- Small helpers --------------------------------------------------------------------------------


def _optional(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _json_float(value: float) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _float(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """Rank 1 for the largest value; ties and NaN keep the given order."""
    order = sorted(values, key=lambda name: math.inf if math.isnan(values[name]) else -values[name])
    return {name: position for position, name in enumerate(order, start=1)}
