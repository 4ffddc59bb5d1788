"""Shared pieces of UI: explainers, the "load data first" notice, and error boxes."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from synth_core.explain import explain

DATA_PAGE = "app_pages/data.py"


def explainer(key: str, *, expanded: bool = False) -> None:
    """Show a concept's explanation from the registry in a collapsible box."""
    entry = explain(key)
    with st.expander(f"What is this? {entry.title}", expanded=expanded, icon=":material/help:"):
        st.markdown(f"**What it means.** {entry.what}")
        st.markdown(f"**Good values.** {entry.good}")
        st.markdown(f"**How it is computed.** {entry.how}")


def require_data() -> state.Dataset:
    """Return the loaded dataset, or say what to do and stop the page."""
    dataset = state.get_dataset()
    if dataset is None:
        st.info("No data yet. Upload a file or pick a bundled sample first.", icon=":material/info:")
        st.page_link(DATA_PAGE, label="Go to the Data page", icon=":material/upload_file:")
        st.stop()
    return dataset


def problems_box(title: str, problems: list[str]) -> None:
    """Show a list of problems in one warning box, or nothing when there are none."""
    if problems:
        st.warning(f"**{title}**\n\n" + "\n".join(f"- {problem}" for problem in problems), icon=":material/warning:")
