"""The stable, flat metrics of a Run, as `metrics.json` holds them for scripts and CI.

The keys never change meaning. A metric that cannot be computed is `null`, and `reasons` says why.
"""

from __future__ import annotations

import json
import math
from typing import Any

from synth_core.runs import Run

METRIC_KEYS: tuple[str, ...] = (
    "fidelity.overall",
    "fidelity.column_shapes",
    "fidelity.column_pair_trends",
    "fidelity.detection_auc",
    "privacy.dcr_baseline_protection",
    "privacy.dcr_overfitting_protection",
    "privacy.closer_to_train_share",
    "privacy.exact_copies_share",
    "privacy.membership_inference_auc",
    "privacy.verdict",
    "utility.tstr_trtr_ratio",
)


def run_metrics(run: Run, *, reasons: dict[str, str] | None = None) -> dict[str, Any]:
    """Flatten a Run's results into the stable keys.

    Args:
        run: The Run.
        reasons: Why some parts were not computed, by key prefix ("privacy", "utility") or full key.

    Returns:
        {"metrics": {key: value or None}, "reasons": {key: why}, "run_id": ...}.
    """
    given = reasons or {}
    values: dict[str, Any] = dict.fromkeys(METRIC_KEYS)
    if run.fidelity:
        values["fidelity.overall"] = run.fidelity.overall
        values["fidelity.column_shapes"] = run.fidelity.column_shapes
        values["fidelity.column_pair_trends"] = run.fidelity.column_pair_trends
    if run.detection:
        values["fidelity.detection_auc"] = run.detection.auc
    if run.privacy:
        distances = run.privacy.distances
        values["privacy.dcr_baseline_protection"] = distances.baseline_protection
        values["privacy.dcr_overfitting_protection"] = distances.overfitting_protection
        values["privacy.closer_to_train_share"] = distances.closer_to_train_share
        values["privacy.exact_copies_share"] = distances.exact_copy_share
        values["privacy.membership_inference_auc"] = distances.membership_auc
        values["privacy.verdict"] = run.privacy.verdict.level.label
    if run.utility:
        values["utility.tstr_trtr_ratio"] = run.utility.ratio
    metrics = {key: _clean(value) for key, value in values.items()}
    explained = {}
    for key, value in metrics.items():
        if value is None:
            prefix = key.split(".")[0]
            explained[key] = given.get(key) or given.get(prefix) or "Not computed for this run."
    return {"run_id": run.run_id, "metrics": metrics, "reasons": explained}


def metrics_json(run: Run, *, reasons: dict[str, str] | None = None) -> str:
    """`run_metrics` as JSON text."""
    return json.dumps(run_metrics(run, reasons=reasons), indent=2, ensure_ascii=False)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
