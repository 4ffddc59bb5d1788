"""A real browser (Debian's chromium driven by playwright) against a real dashboard server.

Under CI=true a missing browser fails the tests; elsewhere it skips them with the reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from synth_core.cli import app_command

CHROMIUM = Path(os.environ.get("SYNTH_STUDIO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
START_TIMEOUT_S = 60
CONTEXT_OPTIONS = {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running dashboard, with every place on disk it could write to.

    Attributes:
        url: Where it listens.
        workdir: The folder it was started from.
        tmpdir: Its TMPDIR, so temporary files land where a test can look.
        log: Its stdout and stderr.
        pid: Its process id, to measure its CPU and memory.
    """

    url: str
    workdir: Path
    tmpdir: Path
    log: Path
    pid: int


@contextmanager
def running_server(root: Path, environment: dict[str, str] | None = None) -> Iterator[Server]:
    """Start a dashboard as `synth-studio app` would, from a folder outside the project, and stop it after."""
    port = _free_port()
    command = app_command(port=port, max_upload_mb=None, address="127.0.0.1")
    workdir, tmpdir, log_path = root / "cwd", root / "tmp", root / "server.log"
    workdir.mkdir()
    tmpdir.mkdir()
    log = log_path.open("w")
    environment = {**os.environ, "TMPDIR": str(tmpdir), **(environment or {})}
    process = subprocess.Popen(command, cwd=workdir, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail(f"The dashboard did not start within {START_TIMEOUT_S} s; see {log_path}.")
    try:
        yield Server(url=url, workdir=workdir, tmpdir=tmpdir, log=log_path, pid=process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture(scope="session")
def server_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"No chromium at {CHROMIUM}: install Debian's chromium package to run the browser tests."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(**CONTEXT_OPTIONS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server_url)
    yield page
    context.close()


def upload(page, path: Path) -> None:
    """Upload a file through the Data page's file chooser, as a person would."""
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files(str(path))


def pick_generator(page, option: str) -> None:
    """Choose a generator on the Generate page, as a person would: scroll to the picker, open it, pick.

    The picker's list closes when the page scrolls, so the picker is brought into view and left to
    settle before it is opened (a click that scrolls first would open the list and close it again).
    """
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Generator")
    picker.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    picker.click()
    page.get_by_role("option", name=option).click()
