"""Compare page: every run on the same data side by side, outside synthetic data, and "try all generators"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state, widgets
from dashboard.page_registry import COMPARE
from dashboard.run_steps import run_job
from synth_core import generators
from synth_core.errors import SynthStudioError
from synth_core.io import read_table
from synth_core.pipeline import complete_evaluation, evaluate_external, open_saved_run, try_all_generators
from synth_core.plots.compare import plot_tradeoff
from synth_core.runs import FailedRun, RunOutcome

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "parquet", "json", "jsonl"]


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


def open_saved(dataset: state.Dataset) -> None:
    """Carry on from a bundle or manifest saved earlier, made from the loaded data."""
    uploaded = st.file_uploader(
        "A bundle (ZIP) or run manifest (JSON) saved earlier",
        type=["zip", "json"],
        key="saved_upload",
        help="It must have been made from the data now loaded; its schema and holdout share are restored.",
    )
    if uploaded is None or not state.is_new_upload("saved", uploaded.file_id):
        return
    outcome = run_job(
        f"Opening {uploaded.name}",
        open_saved_run,
        dataset.frame,
        uploaded.getvalue(),
        name=uploaded.name,
        data_sha256=dataset.sha256,
        advice="Check that the bundle or manifest was made from the data now loaded.",
    )
    if outcome is None:
        return
    state.set_compare_error(None)
    state.set_schema(outcome.run.schema)
    state.set_holdout_share(outcome.run.config.holdout_share)
    state.set_outcome(outcome)
    st.rerun()


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
            open_saved(dataset)
        error = state.get_compare_error()
        if error:
            st.error(f"{widgets.escape(error)} Your runs are unchanged.", icon=":material/error:")

    st.subheader("Leaderboard")
    if not comparable and not failures:
        st.info("No runs on this data and schema yet. Generate one, try all generators, or add outside data.")
    else:
        st.caption(f"{len(comparable)} run(s) on this data, schema and split (fingerprint {fingerprint}).")
        evaluate_all(comparable)
        leaderboard(comparable, failures)
        choose_current(comparable)
    if stale:
        with st.expander(f"{len(stale)} run(s) made with an earlier schema or split: stale, not compared"):
            st.caption("The schema or the holdout share changed since these runs; generate again to compare.")
            st.dataframe(leaderboard_rows(stale, [], None).drop(columns=["Run id", "Current"]), hide_index=True)


page()
