"""The caps on stored uploads, the release of closed sessions' files, and the Streamlit internals they rely on.

If a Streamlit upgrade fails the tests marked "Streamlit internals" below, `dashboard/upload_quota.py`
no longer caps uploads or releases files: adapt it before upgrading.
"""

from __future__ import annotations

import inspect

import pytest
from starlette.exceptions import HTTPException
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.runtime import Runtime
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.web.server import server as streamlit_server
from streamlit.web.server.starlette import starlette_app, starlette_routes

from dashboard.upload_quota import BYTES_PER_MB, BoundedUploadedFileManager, SessionSweeper, bound_upload_store

MB = BYTES_PER_MB


def _file(file_id: str, megabytes: float) -> UploadedFileRec:
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.csv", type="text/csv", data=b"x" * int(megabytes * MB))


@pytest.fixture
def store(monkeypatch) -> BoundedUploadedFileManager:
    monkeypatch.setenv("SYNTH_STUDIO_MAX_SESSION_UPLOAD_MB", "3")
    monkeypatch.setenv("SYNTH_STUDIO_MAX_SERVER_UPLOAD_MB", "5")
    return bound_upload_store(MemoryUploadedFileManager("/_stcore/upload_file"))


# --- Streamlit internals ------------------------------------------------------------------------------


def test_streamlit_serves_uploads_from_its_in_memory_store_through_add_file():
    server_init = inspect.getsource(streamlit_server.Server.__init__)
    routes_source = inspect.getsource(starlette_routes.create_upload_routes)
    app_source = inspect.getsource(starlette_app)

    assert "MemoryUploadedFileManager(" in server_init, "The server no longer builds the in-memory upload store."
    assert "runtime.uploaded_file_mgr" in app_source, "The upload routes no longer take the runtime's store."
    assert "upload_mgr.add_file(" in routes_source, "The upload endpoint no longer stores files with add_file."
    assert list(inspect.signature(MemoryUploadedFileManager.add_file).parameters) == ["self", "session_id", "file"]


def test_the_in_memory_store_keeps_files_per_session_under_its_lock():
    store = MemoryUploadedFileManager("/_stcore/upload_file")
    store.add_file("session", _file("a", 0.01))

    assert set(store.file_storage) == {"session"}
    assert store.file_storage["session"]["a"].data == _file("a", 0.01).data
    with store._lock:  # a plain Lock: taken here, so the store must not hold it between calls
        pass
    store.remove_session_files("session")
    assert store.file_storage.get("session") is None


def test_streamlit_releases_uploads_when_it_shuts_a_session_down():
    assert "remove_session_files" in inspect.getsource(AppSession.shutdown)


def test_the_runtime_and_media_manager_offer_what_the_sweeper_calls():
    assert callable(Runtime.is_active_session)
    assert isinstance(inspect.getattr_static(Runtime, "media_file_mgr"), property)
    assert "session_id" in inspect.signature(MediaFileManager.clear_session_refs).parameters
    assert callable(MediaFileManager.remove_orphaned_files)


# --- Caps -----------------------------------------------------------------------------------------------


def test_a_store_is_capped_in_place_and_keeps_its_files(monkeypatch):
    original = MemoryUploadedFileManager("/_stcore/upload_file")
    original.add_file("session", _file("kept", 0.5))

    bounded = bound_upload_store(original)

    assert bounded is original
    assert isinstance(original, BoundedUploadedFileManager)
    assert bound_upload_store(original) is original
    assert original.get_files("session", ["kept"])[0].name == "kept.csv"


def test_a_session_is_refused_past_its_cap_and_the_file_is_not_kept(store):
    store.add_file("session", _file("first", 2))

    with pytest.raises(HTTPException) as refused:
        store.add_file("session", _file("second", 1.5))

    assert refused.value.status_code == 413
    assert "SYNTH_STUDIO_MAX_SESSION_UPLOAD_MB" in refused.value.detail
    assert "3 MB" in refused.value.detail
    assert store.get_files("session", ["second"]) == []
    assert store.stored_bytes("session") == (2 * MB, 2 * MB)


def test_a_refusal_is_kept_for_the_app_to_show_once(store):
    store.add_file("session", _file("first", 2))
    with pytest.raises(HTTPException) as refused:
        store.add_file("session", _file("second", 1.5))

    assert store.take_refusal("session") == refused.value.detail
    assert store.take_refusal("session") is None
    assert store.take_refusal("another session") is None


def test_a_session_s_refusal_goes_with_its_files(store):
    store.add_file("session", _file("first", 2))
    with pytest.raises(HTTPException):
        store.add_file("session", _file("second", 1.5))

    store.remove_session_files("session")

    assert store.take_refusal("session") is None
    assert store.stored_bytes("session") == (0, 0)


def test_the_server_is_refused_past_its_cap_across_sessions(store):
    store.add_file("one", _file("a", 2.5))
    store.add_file("two", _file("b", 2.5))

    with pytest.raises(HTTPException) as refused:
        store.add_file("three", _file("c", 0.5))

    assert refused.value.status_code == 413
    assert "SYNTH_STUDIO_MAX_SERVER_UPLOAD_MB" in refused.value.detail
    assert store.get_files("three", ["c"]) == []


def test_a_file_sent_again_under_its_id_counts_once(store):
    store.add_file("session", _file("same", 2))
    store.add_file("session", _file("same", 2.5))

    assert store.stored_bytes("session") == (int(2.5 * MB), int(2.5 * MB))


def test_many_small_files_under_made_up_ids_stop_at_the_cap(store):
    refused = 0
    for number in range(40):
        try:
            store.add_file("session", _file(f"made-up-{number}", 0.1))
        except HTTPException:
            refused += 1

    assert refused == 10  # 30 files of 0.1 MB fill the 3 MB cap
    assert store.stored_bytes("session")[0] <= 3 * MB


# --- Release of closed sessions -----------------------------------------------------------------------------


class _FakeRuntime:
    """The two things the sweeper asks of Streamlit's runtime."""

    def __init__(self) -> None:
        self.active: set[str] = set()
        self.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/media"))

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.active


def test_a_closed_session_s_uploads_and_downloads_are_released_after_the_reconnect_window(store):
    fake = _FakeRuntime()
    # Without a script run, Streamlit files media under the session id "dontcare".
    url = fake.media_file_mgr.add(b"a,b\n1,2\n", "text/csv", "1.2", file_name="x.csv", is_for_static_download=True)
    file_name = url.rsplit("/", 1)[1]
    store.add_file("dontcare", _file("upload", 1))
    store.add_file("open", _file("upload", 1))
    fake.active = {"dontcare", "open"}
    sweeper = SessionSweeper(fake, store, ttl_seconds=120)
    sweeper.track("dontcare")

    assert sweeper.sweep(now=1000.0) == []
    fake.active = {"open"}  # the tab closed
    assert sweeper.sweep(now=1000.0 + 120) == []  # still within the reconnect window and one period
    assert fake.media_file_mgr.read_file(file_name) is not None

    assert sweeper.sweep(now=1000.0 + 120 + sweeper.period) == ["dontcare"]
    sweeper.sweep(now=1000.0 + 120 + 2 * sweeper.period)  # the second pass deletes marked downloads

    assert store.get_files("dontcare", ["upload"]) == []
    assert fake.media_file_mgr.read_file(file_name) is None
    assert store.get_files("open", ["upload"])[0].file_id == "upload"


def test_a_session_that_reconnects_in_time_keeps_its_files(store):
    fake = _FakeRuntime()
    store.add_file("session", _file("upload", 1))
    fake.active = {"session"}
    sweeper = SessionSweeper(fake, store, ttl_seconds=8)

    sweeper.sweep(now=0.0)
    fake.active = set()
    sweeper.sweep(now=5.0)
    fake.active = {"session"}  # back within the window
    sweeper.sweep(now=9.0)
    fake.active = set()

    assert sweeper.sweep(now=9.0 + 8) == []
    assert store.get_files("session", ["upload"])[0].file_id == "upload"
    assert sweeper.sweep(now=9.0 + 8 + sweeper.period) == ["session"]
