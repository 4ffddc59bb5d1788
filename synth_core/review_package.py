"""What the Export page hands over: the review report of the current run and the audit bundle of the chosen runs."""

from __future__ import annotations

from synth_core.bundle import build_multi_bundle
from synth_core.progress import ProgressCallback, reporter
from synth_core.report import ReportOptions, build_report
from synth_core.runs import RunOutcome


def build_reports_and_bundle(
    outcomes: list[RunOutcome],
    options: ReportOptions,
    *,
    current: RunOutcome,
    progress: ProgressCallback | None = None,
) -> tuple[str, bytes]:
    """Build the current run's report and each bundled run's, then one bundle of the bundled runs.

    Args:
        outcomes: The runs to bundle.
        options: Opt-ins and reviewer notes, the same for every report.
        current: The run whose report is previewed and downloaded (bundled or not).
        progress: Called with (fraction done, message).

    Returns:
        The current run's report (HTML) and the bundle (ZIP bytes).
    """
    report = reporter(progress)
    to_build = [current, *(outcome for outcome in outcomes if outcome.run.run_id != current.run.run_id)]
    reports: dict[str, str] = {}
    for index, outcome in enumerate(to_build):
        report(index / (len(to_build) + 1), f"Building the report of {outcome.run.label}")
        reports[outcome.run.run_id] = build_report(outcome, options)
    report(len(to_build) / (len(to_build) + 1), "Packing the bundle")
    bundle = build_multi_bundle([(outcome, reports[outcome.run.run_id]) for outcome in outcomes])
    return reports[current.run.run_id], bundle
