"""Export page: the synthetic data in several formats, the review report, and the audit bundle."""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from dashboard import state, tour, widgets
from dashboard.page_registry import EXPORT
from dashboard.run_steps import run_job
from synth_core.export_files import to_csv_bytes, to_excel_bytes, to_json_lines_bytes, to_parquet_bytes
from synth_core.pipeline import complete_evaluation
from synth_core.report import ReportOptions
from synth_core.review_package import build_reports_and_bundle
from synth_core.runs import RunOutcome

FORMATS = {
    "CSV": ("csv", "text/csv"),
    "Parquet": ("parquet", "application/octet-stream"),
    "Excel": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "JSON lines": ("jsonl", "application/x-ndjson"),
}


def data_downloads(outcome: RunOutcome, stem: str) -> None:
    """The synthetic rows in the chosen format."""
    st.subheader("Synthetic data")
    left, right = st.columns(2)
    chosen = left.radio("Format", list(FORMATS), horizontal=True)
    guard = right.toggle(
        "Neutralise spreadsheet formulas",
        value=True,
        help="Text cells that begin with =, +, -, @, a tab or a carriage return could run as formulas when the "
        "file is opened in a spreadsheet. With this on they get a leading apostrophe. Numbers are never changed. "
        "Applies to CSV and Excel.",
    )
    extension, mime = FORMATS[chosen]
    makers = {
        "CSV": lambda: to_csv_bytes(outcome.synthetic, guard=guard),
        "Parquet": lambda: to_parquet_bytes(outcome.synthetic),
        "Excel": lambda: to_excel_bytes(outcome.synthetic, guard=guard),
        "JSON lines": lambda: to_json_lines_bytes(outcome.synthetic),
    }
    st.download_button(
        f"Download {chosen}",
        makers[chosen](),
        file_name=f"{stem}.{extension}",
        mime=mime,
        icon=":material/download:",
        type="primary",
        on_click="ignore",
    )


def records(outcome: RunOutcome, stem: str) -> None:
    """The schema as SDV metadata, and the Run manifest."""
    st.subheader("Schema and run record")
    run = outcome.run
    left, right = st.columns(2)
    metadata = run.schema.to_sdv_metadata(outcome.split.train).to_dict()
    left.download_button(
        "Download SDV metadata (JSON)",
        json.dumps(metadata, indent=2, ensure_ascii=False, default=str),
        file_name=f"{stem}_metadata.json",
        mime="application/json",
        icon=":material/schema:",
        help="The schema in SDV's metadata format, for use with SDV or SDMetrics.",
        on_click="ignore",
    )
    right.download_button(
        "Download run manifest (JSON)",
        run.to_json(),
        file_name=f"{stem}_run.json",
        mime="application/json",
        icon=":material/receipt_long:",
        help="The generator, parameters, seeds, data fingerprint, library versions, timings and scores.",
        on_click="ignore",
    )
    with st.expander("Run manifest", icon=":material/receipt_long:"):
        st.json(run.to_dict(), expanded=1)


def report_and_bundle(outcome: RunOutcome, stem: str) -> None:
    """The review report, previewed, and the audit bundle."""
    st.subheader("Review report")
    missing = [
        name for name, value in (("privacy", outcome.run.privacy), ("utility", outcome.run.utility)) if not value
    ]
    if missing:
        st.info(
            f"The report will say that {' and '.join(missing)} were not evaluated.",
            icon=":material/info:",
        )
        if st.button("Evaluate everything now", icon=":material/fact_check:", help="Detection, privacy and utility."):
            evaluated = run_job("Evaluating detection, privacy and utility", complete_evaluation, outcome)
            if evaluated is not None:
                state.set_outcome(evaluated)
                st.rerun()
    notes = st.text_area("Reviewer notes", key="reviewer_notes", help="Shown in the report as plain text.")
    include_rows = st.checkbox(
        "Include content that shows real rows (exact copies, PCA projection)",
        value=False,
        help="Off by default: every figure is then built from aggregates, so no real record reaches the report.",
    )
    runs = {o.run.run_id: o for o in state.get_runs().values() if o.run.fingerprint == outcome.run.fingerprint}
    chosen = st.multiselect(
        "Runs in the bundle",
        list(runs),
        default=[outcome.run.run_id],
        format_func=lambda run_id: f"{runs[run_id].run.label} · seed {runs[run_id].run.config.seed} · {run_id}",
        help="Each run gets its own folder, with its data, manifest and report. The preview shows the current run.",
    )
    if not st.button("Build the report and bundle", icon=":material/description:", disabled=not chosen):
        return
    options = ReportOptions(include_real_rows=include_rows, notes=notes)
    built = run_job(
        "Building the report and bundle",
        build_reports_and_bundle,
        [runs[run_id] for run_id in chosen],
        options,
        current=outcome,
        advice="Try again with fewer runs in the bundle.",
    )
    if built is None:
        return
    report, bundle = built
    left, right = st.columns(2)
    left.download_button(
        "Download the report (HTML)",
        report,
        file_name=f"{stem}_report.html",
        mime="text/html",
        icon=":material/description:",
        on_click="ignore",
    )
    right.download_button(
        "Download the audit bundle (ZIP)",
        bundle,
        file_name=f"{stem}_bundle.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        help="Synthetic data (CSV and Parquet), SDV metadata, the manifest, metrics, the report and SHA256SUMS.",
        on_click="ignore",
    )
    with st.expander("Preview the report", expanded=True, icon=":material/preview:"):
        components.html(report, height=800, scrolling=True)


def page() -> None:
    """Render the Export page."""
    st.title(EXPORT.title)
    tour.banner(EXPORT)
    outcome = widgets.require_run()
    run = outcome.run
    stem = f"synthetic_{run.data_name.rsplit('.', 1)[0]}_{run.config.generator}_seed{run.config.seed}"
    st.caption(
        f"{widgets.escape(run.generator_label)}, seed {run.config.seed}: {run.synthetic_rows:,} rows × "
        f"{outcome.synthetic.shape[1]} columns. Choose another run on the Compare page."
    )
    st.subheader("Review summary")
    st.caption(
        "What the report's summary says for this run. Each line passes only when its check ran and nothing "
        "on the same run contradicts it."
    )
    widgets.review_lines(outcome, ("fidelity", "utility", "privacy", "personal_data"))
    data_downloads(outcome, stem)
    records(outcome, stem)
    report_and_bundle(outcome, stem)


page()
