"""Data page: load a table, review what was detected about each column, and fix it."""

from __future__ import annotations

import json

import streamlit as st

from dashboard import state, tour, widgets
from dashboard.loading import load_sample, load_table
from dashboard.page_registry import DATA
from dashboard.schema_table import QUASI_IDENTIFIER, apply_edits, schema_to_table
from synth_core.detection import infer_schema
from synth_core.errors import SynthStudioError
from synth_core.export_files import to_csv_bytes
from synth_core.io import DELIMITERS, ENCODINGS, FORMAT_LABELS, FORMATS, ReadOptions
from synth_core.quasi_identifiers import KAnonymity, k_anonymity
from synth_core.samples import SAMPLES
from synth_core.schema import PERSONAL_DATA_TYPES, ColumnKind, ColumnRole, TableSchema, schema_for_frame
from synth_core.split import MAX_HOLDOUT_SHARE, MIN_HOLDOUT_SHARE, train_holdout

UPLOAD_TYPES = ["csv", "tsv", "tab", "txt", "xlsx", "xlsm", "xls", "parquet", "pq", "json", "jsonl", "ndjson"]
AUTOMATIC = "Automatic"
DELIMITER_LABELS = {",": "Comma ,", ";": "Semicolon ;", "\t": "Tab", "|": "Pipe |"}


def reader_options_form() -> ReadOptions:
    """Let the user override what the reader detects."""
    current = state.get_reader_options()
    with st.expander("Reader options", icon=":material/tune:"):
        st.caption("Leave these on Automatic unless a file reads wrongly. Changes re-read the uploaded file.")
        left, middle, right = st.columns(3)
        formats = [AUTOMATIC, *FORMATS]
        table_format = left.selectbox(
            "Format",
            formats,
            index=formats.index(current.format or AUTOMATIC),
            format_func=lambda value: FORMAT_LABELS.get(value, value),
        )
        delimiters = [AUTOMATIC, *DELIMITERS]
        delimiter = middle.selectbox(
            "Delimiter",
            delimiters,
            index=delimiters.index(current.delimiter or AUTOMATIC),
            format_func=lambda value: DELIMITER_LABELS.get(value, value),
        )
        encodings = [AUTOMATIC, *ENCODINGS]
        encoding = right.selectbox("Encoding", encodings, index=encodings.index(current.encoding or AUTOMATIC))
        decimals = [AUTOMATIC, ".", ","]
        decimal = left.selectbox("Decimal mark", decimals, index=decimals.index(current.decimal or AUTOMATIC))
        sheets = [AUTOMATIC, *state.get_sheets()]
        sheet = middle.selectbox(
            "Excel sheet",
            sheets,
            index=sheets.index(current.sheet) if current.sheet in sheets else 0,
            help="The sheets of the last workbook you uploaded. Automatic reads the first one.",
        )
        bad_lines = right.radio(
            "Lines with too many fields",
            ["skip", "error"],
            index=0 if current.bad_lines == "skip" else 1,
            format_func=lambda value: {"skip": "Skip them and list them", "error": "Refuse the file"}[value],
        )
    options = ReadOptions(
        format=None if table_format == AUTOMATIC else table_format,
        delimiter=None if delimiter == AUTOMATIC else delimiter,
        encoding=None if encoding == AUTOMATIC else encoding,
        decimal=None if decimal == AUTOMATIC else decimal,
        sheet=None if sheet == AUTOMATIC else sheet,
        bad_lines=bad_lines,
    )
    state.set_reader_options(options)
    return options


def source_picker(options: ReadOptions) -> None:
    """Upload a file, or pick a bundled sample."""
    upload_tab, sample_tab = st.tabs(["Upload a file", "Use a bundled sample"])
    with upload_tab:
        uploaded = st.file_uploader(
            "CSV, TSV, Excel, Parquet or JSON",
            type=UPLOAD_TYPES,
            help="Your file stays in this session's memory; it is not stored on disk or shared with other users.",
        )
        if uploaded is not None:
            token = (uploaded.file_id, options)
            if token != state.get_last_read_token():
                state.set_last_read_token(token)
                with st.spinner(f"Reading {widgets.escape(uploaded.name)}…"):
                    sheets_before = state.get_sheets()
                    if load_table(uploaded.getvalue(), uploaded.name, options) and state.get_sheets() != sheets_before:
                        st.rerun()  # the sheet picker above was drawn before this read: draw it with these sheets
    with sample_tab:
        key = st.selectbox("Sample", list(SAMPLES), format_func=lambda k: SAMPLES[k].label)
        sample = SAMPLES[key]
        st.caption(f"{sample.description} Source: {sample.source}. Licence: {sample.licence}.")
        if st.button("Load this sample", icon=":material/dataset:"):
            with st.spinner(f"Reading {sample.file_name}…"):
                load_sample(key)


def overview(dataset: state.Dataset, schema: TableSchema) -> None:
    """Headline numbers and the reader's warnings."""
    profile = dataset.profile
    summary = f"Loaded **{widgets.escape(dataset.name)}**: {profile.rows:,} rows × {profile.columns:,} columns."
    st.success(summary, icon=":material/check:")
    for warning in dataset.warnings:
        st.warning(widgets.escape(warning), icon=":material/warning:")
    rows, columns, missing, personal = st.columns(4)
    rows.metric("Rows", f"{profile.rows:,}")
    columns.metric("Columns", f"{profile.columns:,}")
    missing.metric("Missing cells", f"{profile.missing_share:.1%}", help="Share of all cells that are empty.")
    personal.metric(
        "Personal-data columns",
        len(schema.personal_columns),
        help="Filled with fake values of their type and never learnt from the real values.",
    )


def schema_editor(dataset: state.Dataset, schema: TableSchema) -> None:
    """An editable table of kind, personal-data type and role, with the reason for each."""
    st.subheader("Schema")
    st.caption(
        "What the tool understood about each column, and why. Change a kind, a personal-data type or a role "
        "where it is wrong, and tick the quasi-identifiers; your changes are kept and marked as yours."
    )
    table = schema_to_table(schema)
    # Also any type detection chose that the list lacks, so its cell shows the type rather than a blank.
    pii_types = list(dict.fromkeys([*PERSONAL_DATA_TYPES, *(c.pii_type for c in schema.columns if c.pii_type)]))
    edited = st.data_editor(
        table,
        key=f"schema_editor_{state.get_schema_version()}",
        hide_index=True,
        width="stretch",
        disabled=["Column", "Reason"],
        num_rows="fixed",
        column_config={
            "Column": st.column_config.TextColumn("Column", width="medium"),
            "Kind": st.column_config.SelectboxColumn(
                "Kind", options=[str(k) for k in ColumnKind], required=True, help="How the column is modelled."
            ),
            "Personal data type": st.column_config.SelectboxColumn(
                "Personal data type",
                options=pii_types,
                help="For personal data: the kind of fake values that replace the real ones.",
            ),
            "Role": st.column_config.SelectboxColumn(
                "Role", options=[str(r) for r in ColumnRole], required=True, help="What the column is for."
            ),
            QUASI_IDENTIFIER: st.column_config.CheckboxColumn(
                QUASI_IDENTIFIER,
                help="Tick columns that single people out in combination (birth date, age, sex, postcode, dates of "
                "events). They are still learnt; the risk of the ticked set is shown below the table.",
            ),
            "Reason": st.column_config.TextColumn("Reason", width="large"),
        },
    )
    updated = apply_edits(schema, edited)
    if updated != schema:
        state.set_schema(updated)
        st.rerun()
    widgets.problems_box("This schema needs attention", schema.problems(dataset.frame))
    left, right = st.columns(2)
    if left.button("Detect again", icon=":material/refresh:", help="Discard your changes and detect afresh."):
        state.set_schema(infer_schema(dataset.frame))
        st.rerun()
    with st.popover("Use SDV metadata", icon=":material/upload:", help="Replace the schema with SDV metadata (JSON)."):
        metadata_file = st.file_uploader("SDV metadata JSON", type=["json"], key="metadata_upload")
        if metadata_file is not None and st.button("Apply this metadata", icon=":material/check:"):
            apply_metadata(dataset, metadata_file.getvalue(), metadata_file.name)
    right.download_button(
        "Download schema (JSON)",
        schema.to_json(),
        file_name=f"{dataset.name.rsplit('.', 1)[0]}_schema.json",
        mime="application/json",
        icon=":material/download:",
    )
    with st.expander("What do the kinds and roles mean?", icon=":material/help:"):
        for kind in ColumnKind:
            widgets.explainer(f"kind.{kind}")
        for role in ColumnRole:
            widgets.explainer(f"role.{role}")


def reidentification_risk(dataset: state.Dataset, schema: TableSchema) -> None:
    """How many real rows are unique on the marked quasi-identifiers, and the smallest group (k)."""
    st.subheader("Re-identification risk")
    marked = schema.quasi_identifiers
    if not marked:
        st.info(
            "No column is marked as a quasi-identifier. Tick **Quasi-identifier** in the table above for columns "
            "that could single a person out when combined, such as date of birth, age, sex, race, postcode or the "
            "date of an event. The tool then shows how many real rows are unique on them, and the privacy review "
            "checks whether synthetic rows repeat such combinations. Marked columns are still learnt.",
            icon=":material/info:",
        )
        widgets.explainer("data.k_anonymity")
        return
    result = cached_k_anonymity(dataset, marked)
    if result is None:  # no rows: the overview already says so
        return
    names = widgets.escape(", ".join(result.columns))
    unique, smallest = st.columns(2)
    unique.metric(
        "Rows unique on the quasi-identifiers",
        share_text(result.unique_share),
        help="The share of real rows that no other row matches on every marked column.",
    )
    smallest.metric(
        "Smallest group (k)",
        f"{result.smallest_group:,}",
        help="The fewest real rows that share one combination of the marked columns: the k of k-anonymity.",
    )
    if result.unique_rows:
        st.warning(
            f"On **{names}** together, {result.unique_rows:,} of {result.rows:,} real rows "
            f"({share_text(result.unique_share)}) are the only row with their combination: anyone who knows these "
            "facts about such a person can find their row. Synthetic rows that repeat one of these combinations "
            "point straight at a real person.",
            icon=":material/person_search:",
        )
    else:
        st.success(
            f"On **{names}** together, every real row shares its combination with at least "
            f"{result.smallest_group - 1:,} other row(s) ({result.groups:,} combinations in {result.rows:,} rows).",
            icon=":material/groups:",
        )
    st.caption(f"Measured on all {result.rows:,} loaded rows.")
    widgets.explainer("data.k_anonymity")


def cached_k_anonymity(dataset: state.Dataset, columns: list[str]) -> KAnonymity | None:
    """k-anonymity of the loaded table on `columns`, computed once per data and marked set, not on every rerun."""
    key = f"{dataset.sha256}|{len(dataset.frame)}|{columns}"
    result = state.get_cached("k_anonymity", key)
    if result is None:
        result = k_anonymity(dataset.frame, columns)
        state.set_cached("k_anonymity", key, result)
    return result


def share_text(share: float) -> str:
    """A share as a percentage that never rounds a few rows to 0% or nearly all to 100%."""
    if 0 < share < 0.001:
        return "under 0.1%"
    if 0.999 < share < 1:
        return "over 99.9%"
    return f"{share:.1%}"


def apply_metadata(dataset: state.Dataset, raw: bytes, name: str) -> None:
    """Replace the schema with SDV metadata, if it describes this table's columns."""
    try:
        schema = TableSchema.from_sdv_metadata(json.loads(raw.decode("utf-8")))
        schema = schema_for_frame(schema, dataset.frame)
    except (ValueError, KeyError, SynthStudioError) as error:
        st.error(widgets.escape(f"'{name}' cannot be used as this table's schema: {error}"), icon=":material/error:")
        return
    state.set_schema(schema)
    st.rerun()


def profile_and_preview(dataset: state.Dataset) -> None:
    """The first rows, and missing and distinct values per column."""
    preview_tab, profile_tab = st.tabs(["Preview", "Profile"])
    with preview_tab:
        st.caption("The first 100 rows as read.")
        st.dataframe(dataset.frame.head(100), width="stretch")
    with profile_tab:
        profile = dataset.profile.per_column
        st.dataframe(
            profile,
            hide_index=True,
            width="stretch",
            column_config={
                "column": "Column",
                "dtype": "Stored as",
                "missing": st.column_config.NumberColumn("Missing", format="%d"),
                "missing_share": st.column_config.ProgressColumn(
                    "Missing share", min_value=0.0, max_value=1.0, format="percent"
                ),
                "distinct": st.column_config.NumberColumn("Distinct values", format="%d"),
            },
        )
        widgets.explainer("data.missing")
        widgets.explainer("data.distinct")


def holdout_picker(dataset: state.Dataset) -> None:
    """Choose the share of real rows kept aside from the generator."""
    st.subheader("Holdout")
    share = st.slider(
        "Share of rows kept aside",
        min_value=int(MIN_HOLDOUT_SHARE * 100),
        max_value=int(MAX_HOLDOUT_SHARE * 100),
        value=round(state.get_holdout_share() * 100),
        step=5,
        format="%d%%",
    )
    state.set_holdout_share(share / 100)
    rows = len(dataset.frame)
    holdout_rows = round(rows * share / 100)
    st.caption(f"{rows - holdout_rows:,} rows to train on, {holdout_rows:,} kept aside.")
    with st.expander("Making synthetic data elsewhere?", icon=":material/upload:"):
        st.caption(
            "Train your outside generator on these training rows only, then add its output on the Compare page. "
            "The holdout then stays unseen, which the privacy and utility checks rely on."
        )
        if st.button("Prepare the training rows (CSV)", icon=":material/table_view:"):
            try:
                split = train_holdout(dataset.frame, holdout_share=share / 100, seed=0, name=dataset.name)
            except SynthStudioError as error:  # too few rows to split
                st.error(widgets.escape(error), icon=":material/error:")
            else:
                st.download_button(
                    "Download the training rows",
                    to_csv_bytes(split.train),
                    file_name=f"{dataset.name.rsplit('.', 1)[0]}_training_rows.csv",
                    mime="text/csv",
                    icon=":material/download:",
                    on_click="ignore",  # keep the page as it is; the file still downloads
                )
    widgets.explainer("data.holdout")


def page() -> None:
    """Render the Data page."""
    st.title(DATA.title)
    tour.banner(DATA)
    options = reader_options_form()
    source_picker(options)
    error = state.get_last_error()
    if error:
        kept = " The data you loaded before is still in place." if state.get_dataset() else ""
        st.error(f"{widgets.escape(error)}{kept}", icon=":material/error:")

    dataset, schema = state.get_dataset(), state.get_schema()
    if dataset is None or schema is None:
        st.info(
            "Upload a file or load a sample to begin, or let the guided tour show you around.", icon=":material/info:"
        )
        tour.start_button(key="tour_start_data")
        return
    overview(dataset, schema)
    schema_editor(dataset, schema)
    reidentification_risk(dataset, schema)
    profile_and_preview(dataset)
    holdout_picker(dataset)
    st.divider()
    if st.button("Reset", icon=":material/restart_alt:", help="Forget the data, the schema and every choice."):
        state.reset()
        st.rerun()


page()
