"""Export page: the synthetic data, its schema as SDV metadata, and the Run manifest."""

from __future__ import annotations

import json

import streamlit as st

from dashboard import widgets
from synth_core.io import to_csv_bytes, to_parquet_bytes


def page() -> None:
    """Render the Export page."""
    st.title("Export")
    outcome = widgets.require_run()
    run = outcome.run
    stem = f"synthetic_{run.data_name.rsplit('.', 1)[0]}_{run.config.generator}_seed{run.config.seed}"
    st.caption(
        f"{run.generator_label}, seed {run.config.seed}: {run.synthetic_rows:,} rows × "
        f"{outcome.synthetic.shape[1]} columns."
    )

    st.subheader("Synthetic data")
    guard = st.toggle(
        "Neutralise spreadsheet formulas in CSV",
        value=True,
        help="Text cells that begin with =, +, -, @, a tab or a carriage return could run as formulas when the "
        "file is opened in a spreadsheet. With this on they get a leading apostrophe. Numbers are never changed.",
    )
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        to_csv_bytes(outcome.synthetic, guard=guard),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        type="primary",
    )
    right.download_button(
        "Download Parquet",
        to_parquet_bytes(outcome.synthetic),
        file_name=f"{stem}.parquet",
        mime="application/octet-stream",
        icon=":material/download:",
    )

    st.subheader("Schema and run record")
    left, right = st.columns(2)
    metadata = run.schema.to_sdv_metadata(outcome.split.train).to_dict()
    left.download_button(
        "Download SDV metadata (JSON)",
        json.dumps(metadata, indent=2, ensure_ascii=False, default=str),
        file_name=f"{stem}_metadata.json",
        mime="application/json",
        icon=":material/schema:",
        help="The schema in SDV's metadata format, for use with SDV or SDMetrics.",
    )
    right.download_button(
        "Download run manifest (JSON)",
        run.to_json(),
        file_name=f"{stem}_run.json",
        mime="application/json",
        icon=":material/receipt_long:",
        help="The generator, parameters, seeds, data fingerprint, library versions, timings and scores.",
    )
    with st.expander("Run manifest", icon=":material/receipt_long:"):
        st.json(run.to_dict(), expanded=1)


page()
