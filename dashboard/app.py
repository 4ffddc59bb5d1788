"""Entry point of the dashboard: server checks, page setup and navigation, nothing else."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.page_registry import sections
from dashboard.run_steps import stopped_notice, warm_up_jobs
from dashboard.server_settings import check_server_settings
from dashboard.upload_quota import guard_uploads

ICON = Path(__file__).resolve().parent / "assets" / "icon.png"


def main() -> None:
    """Configure the page and run the page the user navigated to."""
    check_server_settings()  # once per server: the project's settings, however the server was started
    guard_uploads()  # caps on stored uploads; files of closed sessions released
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
