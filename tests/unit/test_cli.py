"""The `synth-studio app` command passes the project's settings explicitly."""

from __future__ import annotations

import subprocess
import sys

from synth_core.cli import APP_FILE, app_command, build_parser, streamlit_settings


def test_settings_come_from_the_project_config():
    settings = streamlit_settings()

    assert settings["server.maxUploadSize"] == 500
    assert settings["browser.gatherUsageStats"] is False
    assert settings["client.showErrorDetails"] == "none"
    assert "theme.primaryColor" in settings


def test_app_command_runs_the_dashboard_with_every_setting():
    command = app_command(port=8765, max_upload_mb=2048, address="127.0.0.1")

    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(APP_FILE)]
    assert "--server.maxUploadSize=2048" in command
    assert "--server.port=8765" in command
    assert "--browser.gatherUsageStats=false" in command
    assert APP_FILE.is_file()


def test_help_works_from_any_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "synth_core.cli", "app", "--help"], cwd=tmp_path, capture_output=True, text=True
    )

    assert result.returncode == 0
    assert "--max-upload-mb" in result.stdout
    assert build_parser().prog == "synth-studio"
