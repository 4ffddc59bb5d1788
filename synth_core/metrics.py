"""The stable, flat metrics of a Run, as `metrics.json` holds them for scripts and CI.

The keys never change meaning. A metric that cannot be computed is `null`, and `reasons` says why.
Most values are numbers; `privacy.verdict` and `fidelity.detection_model` are words, the
`personal_data.columns`, `personal_data.quasi_identifiers` and `utility.leakage_columns` values are
lists of column names, and `review.summary` maps each summary line (fidelity, utility, privacy,
personal_data) to its state: "pass", "needs_review", "fail" or "not_checked" (see `synth_core.review`,
which the report's summary reads too). The `review` entry beside the metrics gives each line's reason.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from synth_core.review import PersonalDataFacts, personal_data_facts, review_run
from synth_core.runs import Run

METRIC_KEYS: tuple[str, ...] = (
    "fidelity.overall",
    "fidelity.column_shapes",
    "fidelity.column_pair_trends",
    "fidelity.detection_auc",
    "fidelity.detection_model",
    "privacy.dcr_baseline_protection",
    "privacy.dcr_overfitting_protection",
    "privacy.closer_to_train_share",
    "privacy.exact_copies_share",
    "privacy.membership_inference_auc",
    "privacy.verdict",
    "privacy.rare_values_repeated_share",
    "privacy.unique_quasi_identifier_matches",
    "utility.tstr_trtr_ratio",
    "utility.leakage_columns",
    "personal_data.columns",
    "personal_data.quasi_identifiers",
    "personal_data.unique_share",
    "review.summary",
)
# Keys whose value is a list of column names, or a mapping, rather than a number (the verdict and the detection
# model are words).
LIST_KEYS = frozenset({"utility.leakage_columns", "personal_data.columns", "personal_data.quasi_identifiers"})
MAPPING_KEYS = frozenset({"review.summary"})


def run_metrics(
    run: Run, *, reasons: dict[str, str] | None = None, train: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Flatten a Run's results into the stable keys.

    Args:
        run: The Run.
        reasons: Why some parts were not computed, by key prefix ("privacy", "utility") or full key.
        train: The real training rows (`outcome.split.train`). The share of them unique on the
            quasi-identifiers, and whether a learnt column looks like personal data, are measured on
            them; without them those are null and not checked.

    Returns:
        {"run_id": ..., "metrics": {key: value or None}, "reasons": {key: why}, "review": {line: {state, reason}}}.
    """
    given = reasons or {}
    facts = personal_data_facts(run, train)
    review = review_run(run, personal=facts)
    values, found = _values(run, facts)
    values["review.summary"] = review.summary
    metrics = {key: _clean(value) for key, value in values.items()}
    explained = {}
    for key, value in metrics.items():
        if value is None:
            prefix = key.split(".")[0]
            explained[key] = given.get(key) or found.get(key) or given.get(prefix) or "Not computed for this run."
    return {
        "run_id": run.run_id,
        "metrics": metrics,
        "reasons": explained,
        "review": {line.topic: {"state": line.state.value, "reason": line.reason} for line in review.lines},
    }


def metrics_json(run: Run, *, reasons: dict[str, str] | None = None, train: pd.DataFrame | None = None) -> str:
    """`run_metrics` as JSON text."""
    return json.dumps(run_metrics(run, reasons=reasons, train=train), indent=2, ensure_ascii=False)


def _values(run: Run, facts: PersonalDataFacts) -> tuple[dict[str, Any], dict[str, str]]:
    """Every key's value, and why some that could have a value do not."""
    values: dict[str, Any] = dict.fromkeys(METRIC_KEYS)
    why: dict[str, str] = {}
    if run.fidelity:
        values["fidelity.overall"] = run.fidelity.overall
        values["fidelity.column_shapes"] = run.fidelity.column_shapes
        values["fidelity.column_pair_trends"] = run.fidelity.column_pair_trends
    strongest = run.strongest_detection
    if strongest is not None:
        values["fidelity.detection_auc"] = strongest.auc
        values["fidelity.detection_model"] = strongest.detector
    else:
        why["fidelity.detection_auc"] = why["fidelity.detection_model"] = "No detector was run."
    if run.privacy:
        distances = run.privacy.distances
        values["privacy.dcr_baseline_protection"] = distances.baseline_protection
        values["privacy.dcr_overfitting_protection"] = distances.overfitting_protection
        values["privacy.closer_to_train_share"] = distances.closer_to_train_share
        values["privacy.exact_copies_share"] = distances.exact_copy_share
        values["privacy.membership_inference_auc"] = distances.membership_auc
        values["privacy.verdict"] = run.privacy.verdict.level.label
        values["privacy.rare_values_repeated_share"] = distances.rare_values_repeated_share
        why["privacy.rare_values_repeated_share"] = (
            "The training rows hold no rare value, so there was none the synthetic rows could repeat."
        )
        if distances.quasi_identifiers:
            values["privacy.unique_quasi_identifier_matches"] = distances.unique_quasi_identifier_matches
        else:
            why["privacy.unique_quasi_identifier_matches"] = (
                "No quasi-identifiers were compared: none was marked when privacy was evaluated."
            )
    if run.utility:
        values["utility.tstr_trtr_ratio"] = run.utility.ratio
        leakage = run.utility.leakage
        if leakage is not None:
            values["utility.leakage_columns"] = list(leakage.column_names)
        else:
            why["utility.leakage_columns"] = "Target leakage was not checked: utility was evaluated before the check."
    values["personal_data.columns"] = list(facts.columns)
    values["personal_data.quasi_identifiers"] = list(facts.quasi_identifiers)
    values["personal_data.unique_share"] = facts.unique_share
    if facts.unique_share is None:
        why["personal_data.unique_share"] = facts.unique_share_reason
    return values, why


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
