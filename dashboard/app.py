"""Entry point of the dashboard: page setup and navigation, nothing else."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.learn import LESSONS

ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def main() -> None:
    """Configure the page and run the page the user navigated to."""
    # A local icon: a ":material/…:" page icon makes every browser fetch it from Google's font servers.
    st.set_page_config(page_title="Synth Studio", page_icon=str(ICON), layout="wide")
    pages = {
        "Prepare": [
            st.Page("app_pages/data.py", title="Data", icon=":material/upload_file:", default=True),
            st.Page("app_pages/generate.py", title="Generate", icon=":material/auto_awesome:"),
        ],
        "Review": [
            st.Page("app_pages/fidelity.py", title="Fidelity", icon=":material/compare:"),
            st.Page("app_pages/privacy.py", title="Privacy", icon=":material/shield:"),
            st.Page("app_pages/utility.py", title="Utility", icon=":material/model_training:"),
            st.Page("app_pages/compare.py", title="Compare", icon=":material/leaderboard:"),
        ],
        "Share": [
            st.Page("app_pages/export.py", title="Export", icon=":material/download:"),
        ],
        "Learn": [
            *(
                st.Page(path, title=f"{number}. {title}", icon=":material/school:")
                for number, (path, title) in enumerate(LESSONS, start=1)
            ),
            st.Page("app_pages/glossary.py", title="Glossary", icon=":material/menu_book:"),
        ],
    }
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
