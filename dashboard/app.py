"""Entry point of the dashboard: page setup and navigation, nothing else."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.page_registry import sections
from dashboard.run_steps import stopped_notice, warm_up_jobs

ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def main() -> None:
    """Configure the page and run the page the user navigated to."""
    # A local icon: a ":material/…:" page icon makes every browser fetch it from Google's font servers.
    st.set_page_config(page_title="Synth Studio", page_icon=str(ICON), layout="wide")
    warm_up_jobs()
    stopped_notice()
    navigation = {
        section: [st.Page(page.path, title=page.nav_title, icon=page.icon, default=page.default) for page in pages]
        for section, pages in sections().items()
    }
    st.navigation(navigation).run()


if __name__ == "__main__":
    main()
