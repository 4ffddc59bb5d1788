"""Start the dashboard for a browser benchmark and watch its memory."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from synth_core.cli import app_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("The dashboard did not start.")


@dataclass
class RunningServer:
    """A dashboard process, its address and the peak resident memory seen so far."""

    url: str
    process: subprocess.Popen
    peak_rss_bytes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def watch_memory(self, every: float = 0.25) -> None:
        while not self._stop.wait(every):
            self.peak_rss_bytes = max(self.peak_rss_bytes, _rss(self.process.pid))


@contextmanager
def dashboard(max_upload_mb: int | None = None) -> Iterator[RunningServer]:
    """Run the dashboard from an empty folder, as `synth-studio app` would, for the length of the block."""
    port = free_port()
    process = subprocess.Popen(
        app_command(port=port, max_upload_mb=max_upload_mb, address="127.0.0.1"),
        cwd=tempfile.mkdtemp(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = RunningServer(url=f"http://127.0.0.1:{port}", process=process)
    watcher = threading.Thread(target=server.watch_memory, daemon=True)
    try:
        wait_for(server.url)
        watcher.start()
        yield server
    finally:
        server._stop.set()
        process.terminate()
        process.wait(timeout=30)


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
