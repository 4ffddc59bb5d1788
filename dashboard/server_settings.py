"""The project's Streamlit settings, checked on the server that actually runs.

Streamlit reads `.streamlit/config.toml` from the home folder, from the working folder, and beside the
entry point (`dashboard/.streamlit`, a link to the project's `.streamlit`), in that order, and then lets
`STREAMLIT_*` environment variables and command-line flags override any of them. A server started
from another folder, where that link is missing, or with a flag of its own may therefore run with other
values. Once per server process this module compares the values in force with the project's file and
says in the server log which differ, where they were set, and what to do.

The `client` settings and `browser.gatherUsageStats` are read while pages are served, so when one of
them came from Streamlit's default or from another file (an accident, not a choice), the project's
value is applied here; it holds for every page served after the first. The `server` settings are read
when the server starts, so for them the log says how to restart.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st
from streamlit import config
from streamlit.config_option import ConfigOption
from streamlit.logger import get_logger

from synth_core.cli import CONFIG_FILE, streamlit_settings

__all__ = ["check_server_settings", "setting_differences"]

_LOG = get_logger(__name__)
CHECKED_SECTIONS = ("server", "browser", "client")
# Worth a warning even when set on purpose: who can reach the app, what leaves it, and the watcher's CPU.
PROTECTIVE = frozenset(
    {"server.address", "server.fileWatcherType", "browser.gatherUsageStats", "client.showErrorDetails"}
)
# Read while pages are served (not only at start), so the app can still apply the project's value.
APPLIED_LATE = frozenset({"browser.gatherUsageStats"})
RESTART_ADVICE = (
    "Start the app with `synth-studio app`, or with `python -m streamlit run dashboard/app.py` from a copy "
    "that keeps the link dashboard/.streamlit, and without a STREAMLIT_* variable or flag for it."
)


def setting_differences(expected: dict[str, Any] | None = None) -> dict[str, tuple[Any, Any, str]]:
    """The settings whose value in force differs from the project's `.streamlit/config.toml`.

    Args:
        expected: The project's settings as `section.option` keys; read from the project's file when
            None. Only the server, browser and client sections are compared (the theme is cosmetic).

    Returns:
        For each differing key: the value in force, the project's value, and where Streamlit says the
        value in force was set (a file path, "<default>", or "command-line argument or environment
        variable").
    """
    expected = streamlit_settings() if expected is None else expected
    differences = {}
    for key, wanted in expected.items():
        if key.split(".", 1)[0] not in CHECKED_SECTIONS:
            continue
        actual = st.get_option(key)
        if actual != wanted:
            differences[key] = (actual, wanted, config.get_where_defined(key))
    return differences


@st.cache_resource(show_spinner=False)
def check_server_settings() -> dict[str, tuple[Any, Any, str]]:
    """Log each setting that differs from the project's, applying the project's value where it still can.

    Runs once per server process (cached), at the first page served. Does nothing under Streamlit's
    AppTest, which runs pages without a server.

    Returns:
        The differences found before any was applied, as `setting_differences` gives them.
    """
    if st.get_option("global.appTest"):
        return {}
    differences = setting_differences()
    if not differences:
        _LOG.info("The server runs with the project's settings (.streamlit/config.toml).")
    for key, (actual, wanted, where) in differences.items():
        chosen = _set_on_purpose(where)
        applied = not chosen and (key.startswith("client.") or key in APPLIED_LATE)
        if applied:
            # Through the config module: st.set_option refuses browser.gatherUsageStats, and this records
            # where the value came from, for `streamlit config show`.
            config.set_option(key, wanted, where_defined=str(CONFIG_FILE))
        _LOG.log(
            logging.WARNING if key in PROTECTIVE or not chosen else logging.INFO,
            "Streamlit setting %s was %r (from %s); the project's .streamlit/config.toml says %r. %s",
            key,
            actual,
            _source(where),
            wanted,
            _advice(key, applied=applied, chosen=chosen),
        )
    return differences


def _advice(key: str, *, applied: bool, chosen: bool) -> str:
    """What the app did about a differing setting, and what whoever runs the server can do."""
    if applied and key == "browser.gatherUsageStats":
        return (
            "The app turned it off for every page served from now on; the first page a browser loaded was "
            "sent before, with usage statistics on. " + RESTART_ADVICE
        )
    if applied:
        return "The app applied the project's value to every page served from now on."
    if chosen and key == "server.address":
        return (
            "The app has no login of its own: anyone who can reach this address can use it. Serve it behind "
            "an authenticating proxy (README, 'Running it for a class or a team')."
        )
    if chosen:
        return "Kept, as it was set on purpose; remove that variable or flag to get the project's value."
    return "It cannot change while the server runs. " + RESTART_ADVICE


def _set_on_purpose(where: str) -> bool:
    """Whether the value came from an environment variable, a flag or code, not a default or a file."""
    return where not in (ConfigOption.DEFAULT_DEFINITION, ConfigOption.STREAMLIT_DEFINITION) and not where.endswith(
        ".toml"
    )


def _source(where: str) -> str:
    if where == ConfigOption.DEFAULT_DEFINITION:
        return "Streamlit's default"
    return f"the file {where}" if where.endswith(".toml") else f"a {where}"
