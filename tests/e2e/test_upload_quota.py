"""Direct uploads to a running dashboard stop at the caps, and are released once their session closes.

No browser: a websocket session holds the session id and XSRF token a browser tab would, and sends
1 MB files under made-up ids straight to Streamlit's upload endpoint, as the security review did.
Streamlit's own count of stored upload bytes (`/_stcore/metrics`) says what is kept; the server's
resident memory is read alongside it.
"""

from __future__ import annotations

import re
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator

import psutil
import pytest

from tests.e2e.conftest import Server, running_server
from tests.e2e.session_client import open_session

MB = 1024 * 1024
SESSION_CAP_MB, SERVER_CAP_MB = 100, 150
RECONNECT_WINDOW_S = 4  # server.disconnectedSessionTTL, short so that release comes within seconds
RELEASE_TIMEOUT_S = 30
METRICS_CACHE_S = 5.5  # Streamlit computes the memory metrics at most every 5 s
ONE_MB = bytes(range(256)) * (MB // 256)


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    environment = {
        "SYNTH_STUDIO_MAX_SESSION_UPLOAD_MB": str(SESSION_CAP_MB),
        "SYNTH_STUDIO_MAX_SERVER_UPLOAD_MB": str(SERVER_CAP_MB),
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(RECONNECT_WINDOW_S),
    }
    with running_server(tmp_path_factory.mktemp("capped"), environment) as server:
        yield server


def stored_upload_bytes(url: str) -> int:
    """The bytes Streamlit's upload store holds, by its own count (0 when it holds none)."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as response:
        text = response.read().decode()
    found = re.search(r'cache_memory_bytes\{cache_type="UploadedFileManager",cache=""\} (\d+)', text)
    return int(found.group(1)) if found else 0


def wait_until_released(url: str) -> float:
    """Seconds until the upload store is empty; fails the test past RELEASE_TIMEOUT_S."""
    start = time.monotonic()
    while time.monotonic() - start < RELEASE_TIMEOUT_S:
        if stored_upload_bytes(url) == 0:
            return time.monotonic() - start
        time.sleep(1)
    pytest.fail(f"Uploads were still stored {RELEASE_TIMEOUT_S} s after their session closed.")


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / MB


def test_300_direct_uploads_stop_at_the_session_cap_and_are_released_on_close(capped_server):
    with open_session(capped_server.url) as session:
        rss_before = rss_mb(capped_server.pid)
        responses = [session.upload(ONE_MB) for _ in range(300)]
        statuses = Counter(response.status_code for response in responses)
        refusal = next(response.text for response in responses if response.status_code == 413)
        rss_after_uploads = rss_mb(capped_server.pid)
        time.sleep(METRICS_CACHE_S)
        stored_while_open = stored_upload_bytes(capped_server.url)
    released_after_s = wait_until_released(capped_server.url)
    rss_after_close = rss_mb(capped_server.pid)
    print(
        f"\nserver RSS: {rss_before:.0f} MB before, {rss_after_uploads:.0f} MB after 300 x 1 MB uploads "
        f"({statuses[204]} kept, {statuses[413]} refused), {rss_after_close:.0f} MB after the session closed "
        f"(store empty {released_after_s:.0f} s after the tab closed; reconnect window {RECONNECT_WINDOW_S} s)"
    )

    assert statuses == {204: SESSION_CAP_MB, 413: 300 - SESSION_CAP_MB}
    assert "SYNTH_STUDIO_MAX_SESSION_UPLOAD_MB" in refusal
    assert stored_while_open == SESSION_CAP_MB * MB
    assert rss_after_uploads - rss_before < SESSION_CAP_MB + 100  # the kept files and some parsing buffers


def test_sessions_together_stop_at_the_server_cap(capped_server):
    with open_session(capped_server.url) as first, open_session(capped_server.url) as second:
        first_statuses = Counter(first.upload(ONE_MB).status_code for _ in range(SESSION_CAP_MB))
        second_responses = [second.upload(ONE_MB) for _ in range(SESSION_CAP_MB)]
        second_statuses = Counter(response.status_code for response in second_responses)
        refusal = next(response.text for response in second_responses if response.status_code == 413)
        time.sleep(METRICS_CACHE_S)
        stored_while_open = stored_upload_bytes(capped_server.url)
    wait_until_released(capped_server.url)

    assert first_statuses == {204: SESSION_CAP_MB}
    assert second_statuses == {204: SERVER_CAP_MB - SESSION_CAP_MB, 413: 2 * SESSION_CAP_MB - SERVER_CAP_MB}
    assert "SYNTH_STUDIO_MAX_SERVER_UPLOAD_MB" in refusal
    assert stored_while_open == SERVER_CAP_MB * MB
