"""Glossary page: every term the app uses, defined once, from the explainer registry."""

from __future__ import annotations

import streamlit as st

from dashboard.page_registry import GLOSSARY
from synth_core.explain import EXPLAINERS

GROUPS = {
    "kind": "Column kinds",
    "role": "Column roles",
    "data": "Preparing data",
    "fidelity": "Fidelity",
    "privacy": "Privacy",
    "utility": "Utility",
    "compare": "Comparing runs",
    "learn": "Concepts from the lessons",
}


def page() -> None:
    """Render the Glossary page."""
    st.title(GLOSSARY.title)
    st.caption("Every term the app shows, explained the same way as beside each number and in the report.")
    query = st.text_input("Search", placeholder="e.g. holdout, DCR, TSTR", key="glossary_search").strip().lower()
    for prefix, heading in GROUPS.items():
        entries = [
            entry
            for key, entry in EXPLAINERS.items()
            if key.split(".")[0] == prefix and (not query or query in f"{entry.title} {entry.what} {entry.how}".lower())
        ]
        if not entries:
            continue
        st.subheader(heading)
        for entry in sorted(entries, key=lambda item: item.title.lower()):
            with st.expander(entry.title, expanded=bool(query)):
                st.markdown(f"**What it means.** {entry.what}")
                st.markdown(f"**Good values.** {entry.good}")
                st.markdown(f"**How it is computed.** {entry.how}")


page()
