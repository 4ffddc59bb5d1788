"""The project's Streamlit settings hold however the dashboard is started, and from any folder.

Each server here is started with a plain `python -m streamlit run <project>/dashboard/app.py` from an
empty folder, with a home folder of its own (no personal `~/.streamlit`) and no STREAMLIT_* variable
but those a test sets. No browser: a websocket session reads what a browser would be sent.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from streamlit.proto.NewSession_pb2 import Config

from synth_core.cli import APP_FILE, app_command, streamlit_settings
from tests.e2e.session_client import open_session

START_TIMEOUT_S = 60
SETTINGS = streamlit_settings()


@dataclass(frozen=True)
class PlainServer:
    url: str
    pid: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def plain_server(root: Path, app_file: Path = APP_FILE, environment: dict[str, str] | None = None) -> Iterator:
    """Start `python -m streamlit run app_file` from an empty folder under `root`, and stop it after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cwd, home, log_path = root / "cwd", root / "home", root / "server.log"
    cwd.mkdir()
    home.mkdir()
    clean = {key: value for key, value in os.environ.items() if not key.startswith("STREAMLIT_")}
    env = {**clean, "HOME": str(home), "TMPDIR": str(root), **(environment or {})}
    command = [sys.executable, "-m", "streamlit", "run", str(app_file), f"--server.port={port}"]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(url, process, log_path)
            yield PlainServer(url=url, pid=process.pid, log=log_path)
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server exited with code {process.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"The server did not start within {START_TIMEOUT_S} s:\n{log_path.read_text()}")


def _listening_addresses(pid: int) -> set[str]:
    return {
        connection.laddr.ip
        for connection in psutil.Process(pid).net_connections(kind="inet")
        if connection.status == psutil.CONN_LISTEN
    }


def test_the_app_command_listens_on_this_machine_unless_told_otherwise():
    assert "--server.address=127.0.0.1" in app_command(port=8765, max_upload_mb=None, address=None)
    assert "--server.address=0.0.0.0" in app_command(port=8765, max_upload_mb=None, address="0.0.0.0")
    assert SETTINGS["server.address"] == "127.0.0.1"


def test_a_plain_streamlit_run_from_another_folder_serves_the_project_settings(tmp_path):
    with plain_server(tmp_path) as server, open_session(server.url) as session:
        config = session.new_session.config
        uploaders = session.elements("file_uploader")
        addresses = _listening_addresses(server.pid)
        log = server.log_text()

    assert config.gather_usage_stats is False
    assert config.toolbar_mode == Config.ToolbarMode.MINIMAL
    assert session.new_session.custom_theme.primary_color == SETTINGS["theme.primaryColor"]
    assert uploaders and {uploader.max_upload_size_mb for uploader in uploaders} == {SETTINGS["server.maxUploadSize"]}
    assert addresses == {"127.0.0.1"}
    # The app's own check compares every server, browser and client setting with the project's file,
    # showErrorDetails and fileWatcherType included, and says when all match.
    assert "The server runs with the project's settings" in log
    assert "Streamlit setting" not in log


def test_settings_overridden_on_purpose_are_named_in_the_server_log(tmp_path):
    overrides = {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "true", "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full"}

    with plain_server(tmp_path, environment=overrides) as server, open_session(server.url):
        log = server.log_text()

    named = [line for line in log.splitlines() if "Streamlit setting" in line]
    assert any("browser.gatherUsageStats was True" in line and "on purpose" in line for line in named)
    assert any("client.showErrorDetails was 'full'" in line and "on purpose" in line for line in named)


def test_where_the_settings_are_not_found_the_app_applies_what_it_can_and_warns(tmp_path):
    # A copy of the dashboard without the link to the project's settings, as a checkout without symbolic
    # links would have: Streamlit then starts with its defaults.
    copy = tmp_path / "copy" / "dashboard"
    shutil.copytree(APP_FILE.parent, copy, symlinks=True, ignore=shutil.ignore_patterns(".streamlit", "__pycache__"))
    server_root = tmp_path / "server"
    server_root.mkdir()

    with plain_server(server_root, app_file=copy / "app.py") as server:
        with open_session(server.url):
            pass
        with open_session(server.url) as later:
            later_config = later.new_session.config
        log = server.log_text()

    assert later_config.gather_usage_stats is False  # applied by the app for every page after the first
    assert later_config.toolbar_mode == Config.ToolbarMode.MINIMAL
    warnings = {
        line.split("Streamlit setting ", 1)[1].split(" ", 1)[0]
        for line in log.splitlines()
        if "Streamlit setting " in line
    }
    assert {
        "server.fileWatcherType",
        "server.address",
        "browser.gatherUsageStats",
        "client.showErrorDetails",
    } <= warnings
    assert "cannot change while the server runs" in log
