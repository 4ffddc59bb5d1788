"""The app's check of the Streamlit settings it runs with, against the project's `.streamlit/config.toml`."""

from __future__ import annotations

import logging

import pytest
from streamlit import config
from streamlit.config_option import ConfigOption

from dashboard import server_settings
from dashboard.server_settings import check_server_settings, setting_differences
from synth_core.cli import streamlit_settings

BY_FLAG = "command-line argument or environment variable"
TOUCHED = ("browser.gatherUsageStats", "client.showErrorDetails", "client.toolbarMode", "server.fileWatcherType")


@pytest.fixture
def settings_in_force(monkeypatch):
    """Set options as a server would hold them, and put the real ones back after.

    Only the touched options are compared, so the test does not depend on the folder pytest runs from.
    """
    project = {key: value for key, value in streamlit_settings().items() if key in TOUCHED}
    monkeypatch.setattr(server_settings, "streamlit_settings", lambda: dict(project))
    saved = {key: (config.get_option(key), config.get_where_defined(key)) for key in TOUCHED}
    for key, value in project.items():
        config.set_option(key, value, where_defined=str(server_settings.CONFIG_FILE))

    def set_in_force(key: str, value: object, where: str) -> None:
        config.set_option(key, value, where_defined=where)

    yield set_in_force
    for key, (value, where) in saved.items():
        config.set_option(key, value, where_defined=where)


@pytest.fixture
def server_log():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger(server_settings.__name__)
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_the_project_settings_in_force_show_no_difference(settings_in_force):
    assert setting_differences() == {}


def test_a_difference_names_the_value_in_force_the_project_s_and_its_source(settings_in_force):
    settings_in_force("client.showErrorDetails", "full", ConfigOption.DEFAULT_DEFINITION)

    differences = setting_differences({"client.showErrorDetails": "none", "theme.base": "no such theme"})

    assert differences == {"client.showErrorDetails": ("full", "none", ConfigOption.DEFAULT_DEFINITION)}


def test_settings_left_at_streamlit_s_defaults_are_applied_where_they_still_can_be(settings_in_force, server_log):
    settings_in_force("browser.gatherUsageStats", True, ConfigOption.DEFAULT_DEFINITION)
    settings_in_force("client.showErrorDetails", "full", ConfigOption.DEFAULT_DEFINITION)
    settings_in_force("server.fileWatcherType", "auto", ConfigOption.DEFAULT_DEFINITION)

    found = check_server_settings.__wrapped__()

    assert set(found) == {"browser.gatherUsageStats", "client.showErrorDetails", "server.fileWatcherType"}
    assert config.get_option("browser.gatherUsageStats") is False
    assert config.get_option("client.showErrorDetails") == "none"
    assert config.get_option("server.fileWatcherType") == "auto"  # read at start: only a restart changes it
    warnings = {record.getMessage().split()[2]: record.getMessage() for record in server_log}
    assert "applied the project's value" in warnings["client.showErrorDetails"]
    assert "first page" in warnings["browser.gatherUsageStats"]
    assert "cannot change while the server runs" in warnings["server.fileWatcherType"]
    assert all(record.levelno == logging.WARNING for record in server_log)


def test_settings_chosen_by_flag_or_variable_are_kept_and_the_protective_ones_warned(settings_in_force, server_log):
    settings_in_force("client.showErrorDetails", "full", BY_FLAG)
    settings_in_force("client.toolbarMode", "developer", BY_FLAG)

    check_server_settings.__wrapped__()

    assert config.get_option("client.showErrorDetails") == "full"
    assert config.get_option("client.toolbarMode") == "developer"
    levels = {record.getMessage().split()[2]: record.levelno for record in server_log}
    assert levels == {"client.showErrorDetails": logging.WARNING, "client.toolbarMode": logging.INFO}
