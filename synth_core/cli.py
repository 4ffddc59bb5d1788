"""The `synth-studio` command.

`synth-studio app` starts the dashboard from any working directory. Streamlit reads
`.streamlit/config.toml` only from the working directory, so the project's settings are passed on
the command line instead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
APP_FILE = PROJECT_DIR / "dashboard" / "app.py"
CONFIG_FILE = PROJECT_DIR / ".streamlit" / "config.toml"
# Used when the package is installed without the project folder beside it.
FALLBACK_SETTINGS: dict[str, object] = {
    "server.maxUploadSize": 500,
    "server.headless": True,
    "browser.gatherUsageStats": False,
    "browser.serverAddress": "localhost",
    "client.showErrorDetails": "none",
}


def streamlit_settings(config_file: Path = CONFIG_FILE) -> dict[str, object]:
    """Flatten the project's Streamlit config into `section.option` settings.

    Args:
        config_file: The TOML file to read.

    Returns:
        Settings such as {"server.maxUploadSize": 500}.
    """
    if not config_file.is_file():
        return dict(FALLBACK_SETTINGS)
    config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    return {
        f"{section}.{option}": value
        for section, options in config.items()
        if isinstance(options, dict)
        for option, value in options.items()
    }


def app_command(*, port: int | None, max_upload_mb: int | None, address: str | None) -> list[str]:
    """Build the command line that starts the dashboard with the project's settings."""
    settings = streamlit_settings()
    if max_upload_mb is not None:
        settings["server.maxUploadSize"] = max_upload_mb
    if port is not None:
        settings["server.port"] = port
    if address is not None:
        settings["server.address"] = address
    flags = [f"--{key}={str(value).lower() if isinstance(value, bool) else value}" for key, value in settings.items()]
    return [sys.executable, "-m", "streamlit", "run", str(APP_FILE), *flags]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with `--help` on every command."""
    parser = argparse.ArgumentParser(
        prog="synth-studio", description="Make, explore and validate synthetic tabular data."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    app = commands.add_parser("app", help="Start the dashboard in the browser.")
    app.add_argument("--port", type=int, default=None, help="Port to serve on (default 8501).")
    app.add_argument("--address", default=None, help="Address to listen on (default: all interfaces).")
    app.add_argument(
        "--max-upload-mb", type=int, default=None, help="Largest upload in megabytes (default from config: 500)."
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns:
        The process exit code.
    """
    args = build_parser().parse_args(argv)
    if args.command == "app":
        command = app_command(port=args.port, max_upload_mb=args.max_upload_mb, address=args.address)
        try:
            return subprocess.call(command, cwd=PROJECT_DIR if PROJECT_DIR.is_dir() else None)
        except KeyboardInterrupt:
            return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
