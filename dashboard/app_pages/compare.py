"""Compare page: every run on the same data side by side, outside synthetic data, and "try all generators"."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import costly_run, state, widgets
from dashboard.page_registry import COMPARE
from dashboard.run_steps import run_job
from synth_core import generators
from synth_core.errors import SynthStudioError
from synth_core.estimate import estimate_run
from synth_core.io import read_table
from synth_core.pipeline import (
    RunConfig,
    complete_evaluation,
    evaluate_external,
    open_saved_run,
    read_saved_run,
    recompute_results,
    try_all_generators,
)
from synth_core.plots.compare import plot_tradeoff
from synth_core.runs import FailedRun, RunOutcome

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "parquet", "json", "jsonl"]
CLAIMED = "claimed by the file"
COMPUTED = "computed here"


def leaderboard_rows(outcomes: list[RunOutcome], failures: list[FailedRun], current: str | None) -> pd.DataFrame:
    """One row per run (and per failed generator) with the numbers that decide between them."""
    rows = []
    for outcome in outcomes:
        run = outcome.run
        privacy = run.privacy
        rows.append(
            {
                "Current": run.run_id == current,
                "Run": run.label,  # tagged when rebalanced or conditioned, to tell it from a plain run
                "Key parameters": _key_parameters(run.config.generator, run.config.params),
                "Seed": run.config.seed,
                "Fit s": run.timings.get("fit"),
                "Sample s": run.timings.get("sample"),
                "Fidelity": run.fidelity.overall if run.fidelity else None,
                "Detection AUC": run.strongest_detection.auc if run.strongest_detection else None,
                "Privacy verdict": privacy.verdict.level.label if privacy else None,
                "Median DCR": privacy.distances.synthetic_to_train.median if privacy else None,
                "Closer to training": privacy.distances.closer_to_train_corrected if privacy else None,
                "TSTR/TRTR": run.utility.ratio if run.utility else None,
                "Scores": CLAIMED if outcome.claimed_by else COMPUTED,
                "Error": None,
                "Run id": run.run_id,
            }
        )
    rows.extend({"Run": failure.label, "Error": failure.error, "Current": False} for failure in failures)
    return pd.DataFrame(rows)


def _key_parameters(generator: str, params: dict) -> str:
    """The parameters that matter for this generator (its `key_params`), or the file of outside data."""
    registry = generators.registry()
    keys = registry[generator].key_params if generator in registry else ("file",)
    return ", ".join(f"{key}={params[key]}" for key in keys if key in params)


def leaderboard(outcomes: list[RunOutcome], failures: list[FailedRun]) -> None:
    """The table of comparable runs and the fidelity-against-privacy plot."""
    current = state.get_outcome()
    table = leaderboard_rows(outcomes, failures, current.run.run_id if current else None)
    st.dataframe(
        table.drop(columns=["Run id"], errors="ignore"),
        hide_index=True,
        width="stretch",
        column_config={
            "Current": st.column_config.CheckboxColumn("Current", help="The run the other pages show."),
            "Fidelity": st.column_config.ProgressColumn("Fidelity", min_value=0.0, max_value=1.0, format="%.3f"),
            "Detection AUC": st.column_config.NumberColumn(
                format="%.3f", help="0.5 is ideal: real and synthetic look alike."
            ),
            "Median DCR": st.column_config.NumberColumn(format="%.3f"),
            "Closer to training": st.column_config.NumberColumn(format="percent", help="Size-corrected; 50% is ideal."),
            "TSTR/TRTR": st.column_config.NumberColumn(
                format="%.3f", help="1 means models trained on synthetic data do as well."
            ),
            "Fit s": st.column_config.NumberColumn(format="%.1f"),
            "Sample s": st.column_config.NumberColumn(format="%.1f"),
            "Scores": st.column_config.TextColumn(
                help="Claimed by the file: stored in a bundle or manifest you opened, not computed here until "
                "you recompute them."
            ),
        },
    )
    if any(outcome.run.privacy for outcome in outcomes):
        st.plotly_chart(plot_tradeoff(outcomes), width="stretch", key="tradeoff")
        widgets.explainer("compare.tradeoff")


def choose_current(outcomes: list[RunOutcome]) -> None:
    """Pick which run the Fidelity, Privacy, Utility and Export pages show."""
    if not outcomes:
        return
    labels = {
        outcome.run.run_id: f"{outcome.run.label} · seed {outcome.run.config.seed} · {outcome.run.run_id}"
        for outcome in outcomes
    }
    current = state.get_outcome()
    ids = list(labels)
    index = ids.index(current.run.run_id) if current and current.run.run_id in ids else len(ids) - 1
    chosen = st.selectbox(
        "Current run", ids, index=index, format_func=labels.get, help="The other pages show this run."
    )
    if current is None or chosen != current.run.run_id:
        state.set_current_run(chosen)
        st.rerun()


def evaluate_all(outcomes: list[RunOutcome]) -> None:
    """Fill in detection, privacy and utility for every comparable run that lacks them."""
    missing = [o for o in outcomes if o.run.detection is None or o.run.privacy is None or o.run.utility is None]
    if not missing:
        return
    if st.button(
        f"Evaluate {len(missing)} run(s) fully",
        icon=":material/fact_check:",
        help="Detection, privacy distances and utility.",
    ):
        current = state.get_outcome()
        for index, outcome in enumerate(missing, start=1):
            # One job per run: Stop keeps the runs already evaluated.
            updated = run_job(
                f"Evaluating {outcome.run.label} ({index} of {len(missing)})", complete_evaluation, outcome
            )
            if updated is None:
                break
            state.set_outcome(updated)
        if current is not None:
            state.set_current_run(current.run.run_id)
        if updated is not None:
            st.rerun()


def try_all(dataset: state.Dataset) -> None:
    """Fit every registered generator with quick settings."""
    st.caption(
        "Fits every generator with quick settings (deep generators train for fewer epochs than their defaults), "
        "so you can see which suits your data before tuning one."
    )
    if st.button("Try all generators", icon=":material/play_circle:"):
        tried = run_job(
            "Trying every generator",
            try_all_generators,
            dataset.frame,
            schema=state.get_schema(),
            data_name=dataset.name,
            data_sha256=dataset.sha256,
            holdout_share=state.get_holdout_share(),
        )
        if tried is None:
            return
        outcomes, failures = tried
        for outcome in outcomes:
            state.set_outcome(outcome)
        state.add_failed_runs(failures)
        st.rerun()


def external_upload(dataset: state.Dataset) -> None:
    """Evaluate synthetic data made elsewhere against the loaded real data."""
    uploaded = st.file_uploader(
        "Synthetic data made elsewhere",
        type=UPLOAD_TYPES,
        key="external_upload",
        help="Its columns are matched to the real ones by name. It becomes a run like the others.",
    )
    if uploaded is None or not state.is_new_upload("external", uploaded.file_id):
        return
    try:
        synthetic = read_table(uploaded.getvalue(), name=uploaded.name).frame
    except SynthStudioError as error:
        state.set_compare_error(str(error))
        return
    outcome = run_job(
        f"Evaluating {uploaded.name}",
        evaluate_external,
        dataset.frame,
        synthetic,
        schema=state.get_schema(),
        synthetic_name=uploaded.name,
        data_name=dataset.name,
        data_sha256=dataset.sha256,
        holdout_share=state.get_holdout_share(),
        advice="Check that its columns match the real table's names and kinds.",
    )
    if outcome is None:
        return
    state.set_compare_error(None)
    state.set_outcome(outcome)
    st.rerun()


def claimed_scores(outcomes: list[RunOutcome]) -> None:
    """Say which runs show scores claimed by a file they were opened from, with a button to recompute them."""
    for outcome in outcomes:
        if outcome.claimed_by is None:
            continue
        run = outcome.run
        st.warning(
            f"**{widgets.escape(run.label)}** (run {widgets.escape(run.run_id)}): its scores are {CLAIMED} "
            f"'{widgets.escape(outcome.claimed_by)}', not computed here. Recompute them from its synthetic rows "
            "before relying on them.",
            icon=":material/gpp_maybe:",
        )
        if st.button(
            "Recompute",
            key=f"recompute_{run.run_id}",
            icon=":material/calculate:",
            help="Compute fidelity, and whatever else the file claimed, from this run's rows; the file's numbers go.",
        ):
            current = state.get_outcome()
            updated = run_job(f"Recomputing the scores of {run.label}", recompute_results, outcome)
            if updated is None:
                return
            state.set_outcome(updated)
            if current is not None:
                state.set_current_run(current.run.run_id)
            st.rerun()


def saved_upload() -> UploadedFile | None:
    """The uploader for a bundle or manifest saved earlier."""
    return st.file_uploader(
        "A bundle (ZIP) or run manifest (JSON) saved earlier",
        type=["zip", "json"],
        key="saved_upload",
        help="It must have been made from the data now loaded; its schema and holdout share are restored.",
    )


def open_saved(dataset: state.Dataset, uploaded: UploadedFile | None) -> None:
    """Carry on from a bundle or manifest saved earlier, made from the loaded data.

    A manifest's run goes through the Generate button's gate: it is checked (fields, data, server caps),
    estimated, and held for the user's choice when the estimate warns; then it runs as a job, with Stop.
    A bundle brings its rows, so nothing is fitted; it is checked and read as a job.
    """
    if uploaded is None:
        return
    slot = f"saved:{uploaded.file_id}"  # a choice made for one file never starts another
    # The prompt's place exists on every run, so the run after a choice clears it before the job starts.
    placeholder = st.empty()
    confirmed = state.pop_confirmed_run(slot=slot)
    if confirmed is not None:
        _reopen(dataset, uploaded, config=confirmed)
        return
    if state.is_new_upload("saved", uploaded.file_id):
        _consider(dataset, uploaded, slot)
    pending = state.get_pending_run(slot=slot)
    if pending is not None:
        with placeholder.container():
            costly_run.costly_run_choice(_train_rows(dataset, pending[0]), slot=slot)


def _consider(dataset: state.Dataset, uploaded: UploadedFile, slot: str) -> None:
    """Open a bundle at once (as a job); check and estimate a manifest's run first, holding it if costly."""
    if uploaded.name.lower().endswith(".zip"):
        _reopen(dataset, uploaded)
        return
    try:
        run = read_saved_run(uploaded.getvalue(), name=uploaded.name, data_sha256=dataset.sha256)
        problems = run.schema.problems(dataset.frame)
        if problems:
            raise SynthStudioError(
                f"'{uploaded.name}' has a schema that does not fit the loaded data: {' '.join(problems)}"
            )
        estimate = estimate_run(dataset.frame, run.schema, run.config, train_rows=_train_rows(dataset, run.config))
    except SynthStudioError as error:
        state.set_compare_error(str(error))
        return
    except Exception as error:  # a file from anyone: a message, never a traceback
        state.set_compare_error(f"'{uploaded.name}' cannot be opened ({type(error).__name__}: {error}).")
        return
    if costly_run.hold_if_costly(run.config, estimate, slot=slot) is not None:
        _reopen(dataset, uploaded, expected_seconds=estimate.seconds)


def _reopen(
    dataset: state.Dataset,
    uploaded: UploadedFile,
    *,
    config: RunConfig | None = None,
    expected_seconds: float | None = None,
) -> None:
    """Open the saved file as a job (Stop works), with the run the user chose, and make it the current run."""
    outcome = run_job(
        f"Opening {uploaded.name}",
        open_saved_run,
        dataset.frame,
        uploaded.getvalue(),
        name=uploaded.name,
        data_sha256=dataset.sha256,
        config=config,
        expected_seconds=expected_seconds,
        advice="Check that the bundle or manifest was made from the data now loaded.",
    )
    if outcome is None:
        return
    state.set_compare_error(None)
    state.set_schema(outcome.run.schema)
    state.set_holdout_share(outcome.run.config.holdout_share)
    state.set_outcome(outcome)
    st.rerun()


def _train_rows(dataset: state.Dataset, config: RunConfig) -> int:
    """How many training rows the run's split gives on the loaded data."""
    return len(dataset.frame) - round(len(dataset.frame) * config.holdout_share)


def page() -> None:
    """Render the Compare page."""
    st.title(COMPARE.title)
    dataset = widgets.require_data()
    fingerprint = state.current_fingerprint()
    runs = list(state.get_runs().values())
    comparable = [outcome for outcome in runs if outcome.run.fingerprint == fingerprint]
    stale = [outcome for outcome in runs if outcome.run.fingerprint != fingerprint]
    failures = [failure for failure in state.get_failed_runs() if failure.fingerprint == fingerprint]

    left, right = st.columns(2)
    with left:
        st.subheader("Try every generator")
        try_all(dataset)
    with right:
        st.subheader("Bring your own synthetic data")
        external_upload(dataset)
        with st.expander("Carry on from a saved run", icon=":material/folder_open:"):
            saved = saved_upload()
        error_box = st.empty()
    open_saved(dataset, saved)  # full width: the costly-run prompt, the progress bar and Stop
    error = state.get_compare_error()
    if error:
        error_box.error(f"{widgets.escape(error)} Your runs are unchanged.", icon=":material/error:")

    st.subheader("Leaderboard")
    if not comparable and not failures:
        st.info("No runs on this data and schema yet. Generate one, try all generators, or add outside data.")
    else:
        st.caption(f"{len(comparable)} run(s) on this data, schema and split (fingerprint {fingerprint}).")
        evaluate_all(comparable)
        leaderboard(comparable, failures)
        claimed_scores(comparable)
        choose_current(comparable)
    if stale:
        with st.expander(f"{len(stale)} run(s) made with an earlier schema or split: stale, not compared"):
            st.caption("The schema or the holdout share changed since these runs; generate again to compare.")
            st.dataframe(leaderboard_rows(stale, [], None).drop(columns=["Run id", "Current"]), hide_index=True)


page()
