"""Synth Studio core: read, describe, generate and evaluate synthetic tabular data.

The public API, for a notebook or a script::

    from synth_core import RunConfig, infer_schema, read_table, run_pipeline

    real = read_table("sample_data/adult.csv").frame
    outcome = run_pipeline(real, schema=infer_schema(real), config=RunConfig("gaussian_copula", seed=0))
    print(outcome.run.fidelity.overall)

The names below are imported from their modules on first use (PEP 562), so `import synth_core` stays
instant: the pipeline alone pulls in scikit-learn, SDMetrics and, for the deep generators, torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synth_core import generators
    from synth_core.bundle import build_bundle
    from synth_core.detection import infer_schema
    from synth_core.errors import SynthStudioError
    from synth_core.evaluation.attacks import calculate_attack_risks
    from synth_core.evaluation.fidelity import FidelityResult, calculate_fidelity
    from synth_core.evaluation.privacy import DistancePrivacy, calculate_distance_privacy
    from synth_core.evaluation.utility import UtilityResult, calculate_utility
    from synth_core.generators import Generator, ParamSpec
    from synth_core.io import ReadOptions, TableRead, read_table
    from synth_core.pipeline import complete_evaluation, evaluate_external, run_pipeline, try_all_generators
    from synth_core.report import ReportOptions, build_report
    from synth_core.rules import suggest_rules
    from synth_core.runs import Run, RunConfig, RunOutcome
    from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
    from synth_core.split import Split, train_holdout

# Each public name, and the module that declares it.
_HOMES: dict[str, str] = {
    "ColumnKind": "synth_core.schema",
    "ColumnRole": "synth_core.schema",
    "ColumnSchema": "synth_core.schema",
    "DistancePrivacy": "synth_core.evaluation.privacy",
    "FidelityResult": "synth_core.evaluation.fidelity",
    "Generator": "synth_core.generators",
    "ParamSpec": "synth_core.generators",
    "ReadOptions": "synth_core.io",
    "ReportOptions": "synth_core.report",
    "Run": "synth_core.runs",
    "RunConfig": "synth_core.runs",
    "RunOutcome": "synth_core.runs",
    "Split": "synth_core.split",
    "SynthStudioError": "synth_core.errors",
    "TableRead": "synth_core.io",
    "TableSchema": "synth_core.schema",
    "UtilityResult": "synth_core.evaluation.utility",
    "build_bundle": "synth_core.bundle",
    "build_report": "synth_core.report",
    "calculate_attack_risks": "synth_core.evaluation.attacks",
    "calculate_distance_privacy": "synth_core.evaluation.privacy",
    "calculate_fidelity": "synth_core.evaluation.fidelity",
    "calculate_utility": "synth_core.evaluation.utility",
    "complete_evaluation": "synth_core.pipeline",
    "evaluate_external": "synth_core.pipeline",
    "infer_schema": "synth_core.detection",
    "read_table": "synth_core.io",
    "run_pipeline": "synth_core.pipeline",
    "suggest_rules": "synth_core.rules",
    "train_holdout": "synth_core.split",
    "try_all_generators": "synth_core.pipeline",
}
# The generator registry is a package of its own: `generators.registry()` and `generators.get(name)`.
_SUBMODULES = ("generators",)

__all__ = [
    "ColumnKind",
    "ColumnRole",
    "ColumnSchema",
    "DistancePrivacy",
    "FidelityResult",
    "Generator",
    "ParamSpec",
    "ReadOptions",
    "ReportOptions",
    "Run",
    "RunConfig",
    "RunOutcome",
    "Split",
    "SynthStudioError",
    "TableRead",
    "TableSchema",
    "UtilityResult",
    "build_bundle",
    "build_report",
    "calculate_attack_risks",
    "calculate_distance_privacy",
    "calculate_fidelity",
    "calculate_utility",
    "complete_evaluation",
    "evaluate_external",
    "generators",
    "infer_schema",
    "read_table",
    "run_pipeline",
    "suggest_rules",
    "train_holdout",
    "try_all_generators",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for, then keep it here."""
    if name in _SUBMODULES:
        value: Any = importlib.import_module(f"{__name__}.{name}")
    elif name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
