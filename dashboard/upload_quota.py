"""Caps on the uploads Streamlit keeps, and their release once a session is gone.

Streamlit keeps each upload whole in memory, in one store per server, from the moment the browser sends
it until the session ends. `server.maxUploadSize` caps each file, but not their number: an open session
may post any number of files under made-up ids, and each is kept. A session whose tab has closed is kept
for `server.disconnectedSessionTTL` seconds (120 by default) so that it can reconnect; after that
Streamlit forgets it without releasing its uploads or its download files.

This module gives the server's upload store a cap per session and one per server (`session_upload_mb`
and `server_upload_mb` in `synth_core.limits`), and a background thread that releases the uploads and
download files of every session Streamlit has forgotten.

Streamlit offers no hook for either, so this module (and only this one) relies on its internals:
- `Runtime.uploaded_file_mgr` is a `MemoryUploadedFileManager`, whose `add_file(session_id, file)` is what
  the upload endpoint calls, and whose `file_storage` (session id → file id → `UploadedFileRec`) is
  guarded by its `_lock`. The endpoint holds its own reference to that object, so the object is given a
  subclass in place (its `__class__`) rather than replaced;
- `Runtime.is_active_session`, and the media file manager's `clear_session_refs` and
  `remove_orphaned_files`.
`tests/unit/test_upload_quota.py` checks each of these, so an upgrade of Streamlit that changes them
fails there first.
"""

from __future__ import annotations

import threading
import time

import streamlit as st
from starlette.exceptions import HTTPException
from streamlit import runtime
from streamlit.logger import get_logger
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from synth_core.limits import LimitExceededError, check_limit

__all__ = ["BoundedUploadedFileManager", "SessionSweeper", "bound_upload_store", "guard_uploads"]

_LOG = get_logger(__name__)
BYTES_PER_MB = 1024 * 1024  # Streamlit's megabyte, as in server.maxUploadSize
_INSTALL_LOCK = threading.Lock()
_WARNED_UNCAPPED = threading.Event()


class BoundedUploadedFileManager(MemoryUploadedFileManager):
    """Streamlit's in-memory upload store, refusing a file that would take a session or the server past a cap.

    Never constructed: `bound_upload_store` gives an existing store this class.
    """

    _quota_lock: threading.Lock
    _refusals: dict[str, str]  # session id -> why its last upload was refused, until the app shows it

    def add_file(self, session_id: str, file: UploadedFileRec) -> None:
        """Keep `file` for the session, unless the session's or the server's uploads would pass their cap.

        A file sent again under the same id replaces the earlier one, so only the difference counts.

        Raises:
            HTTPException: 413, with a message that names the cap and what to do; the upload endpoint
                sends it to the browser, and the file is not kept.
        """
        with self._quota_lock:  # one check-and-store at a time, so two uploads cannot both pass
            session_bytes, server_bytes = self.stored_bytes(session_id, leaving_out=file.file_id)
            size = len(file.data)
            try:
                check_limit("With this file, this session would hold", "session_upload_mb", _mb(session_bytes + size))
            except LimitExceededError as error:
                self._refuse(session_id, error, "Remove a file uploaded earlier, or reload the page to start afresh.")
            try:
                check_limit("With this file, the server would hold", "server_upload_mb", _mb(server_bytes + size))
            except LimitExceededError as error:
                self._refuse(session_id, error, "The server holds other people's uploads too: try again later.")
            super().add_file(session_id, file)

    def remove_session_files(self, session_id: str) -> None:
        """Release the session's files, and forget any refusal not yet shown."""
        super().remove_session_files(session_id)
        with self._quota_lock:
            self._refusals.pop(session_id, None)

    def take_refusal(self, session_id: str) -> str | None:
        """Why the session's last upload was refused, once: the browser only shows "status code 413"."""
        with self._quota_lock:
            return self._refusals.pop(session_id, None)

    def _refuse(self, session_id: str, error: LimitExceededError, advice: str) -> None:
        message = f"{error} {advice}"
        self._refusals[session_id] = message
        _LOG.warning("Upload refused for session %s: %s", session_id, error)
        raise HTTPException(status_code=413, detail=message) from error

    def stored_bytes(self, session_id: str, leaving_out: str | None = None) -> tuple[int, int]:
        """Bytes kept for the session and on the whole server.

        Args:
            session_id: The session to count.
            leaving_out: A file id not to count (the file an upload would replace).

        Returns:
            (the session's bytes, the server's bytes).
        """
        with self._lock:
            replaced = self.file_storage.get(session_id, {}).get(leaving_out or "")
            session = sum(len(kept.data) for kept in self.file_storage.get(session_id, {}).values())
            server = sum(len(kept.data) for files in self.file_storage.values() for kept in files.values())
        less = len(replaced.data) if replaced is not None else 0
        return session - less, server - less


def bound_upload_store(store: MemoryUploadedFileManager) -> BoundedUploadedFileManager:
    """Give Streamlit's upload store its caps, in place (whoever holds the object gets the caps too)."""
    if not isinstance(store, BoundedUploadedFileManager):
        store._quota_lock = threading.Lock()  # type: ignore[attr-defined]
        store._refusals = {}  # type: ignore[attr-defined]
        store.__class__ = BoundedUploadedFileManager
    return store  # type: ignore[return-value]


class SessionSweeper:
    """Releases the uploads and download files of sessions Streamlit has forgotten.

    A session is forgotten once it has been neither active (connected) nor able to reconnect for
    `server.disconnectedSessionTTL` seconds. The sweeper notes when it last saw each session active and
    releases a session one sweep period after that TTL, so never before Streamlit itself lets it go.

    Args:
        server_runtime: The running Streamlit runtime.
        store: Its upload store.
        ttl_seconds: `server.disconnectedSessionTTL`.
    """

    def __init__(self, server_runtime: runtime.Runtime, store: MemoryUploadedFileManager, ttl_seconds: float) -> None:
        self._runtime = server_runtime
        self._store = store
        self.period = max(1.0, min(30.0, ttl_seconds / 4))
        self.grace = ttl_seconds + self.period
        self._last_active: dict[str, float] = {}
        self._orphan_passes_due = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def track(self, session_id: str) -> None:
        """Watch a session that ran the app, so its download files are released when it is forgotten."""
        with self._lock:
            self._last_active[session_id] = time.monotonic()

    def sweep(self, now: float) -> list[str]:
        """Release every session forgotten by `now` (a `time.monotonic` reading); returns their ids."""
        with self._store._lock:
            holding_uploads = list(self._store.file_storage)  # includes sessions that never ran the app
        forgotten = []
        with self._lock:
            for session_id in set(self._last_active) | set(holding_uploads):
                if self._runtime.is_active_session(session_id):
                    self._last_active[session_id] = now
                elif now - self._last_active.setdefault(session_id, now) >= self.grace:
                    forgotten.append(session_id)
                    del self._last_active[session_id]
        media = self._runtime.media_file_mgr
        for session_id in forgotten:
            self._store.remove_session_files(session_id)
            media.clear_session_refs(session_id)
        if forgotten:
            # A download file unreferenced at one pass is marked, and deleted at the next.
            self._orphan_passes_due = 2
        if self._orphan_passes_due:
            media.remove_orphaned_files()
            self._orphan_passes_due -= 1
        if forgotten:
            _LOG.info("Released the uploads and download files of %d closed session(s).", len(forgotten))
        return forgotten

    def start(self) -> None:
        """Sweep every `period` seconds in a daemon thread, for the life of the server."""
        threading.Thread(target=self._run, name="session-sweeper", daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            try:
                self.sweep(time.monotonic())
            except Exception:  # a failed sweep must not end the thread; the next one tries again
                _LOG.exception("Releasing closed sessions' files failed; retrying in %.0f s.", self.period)


def guard_uploads() -> SessionSweeper | None:
    """Put the caps and the sweeper in place once per server, and watch the session running the app.

    Call at every run of the app. A session whose last upload was refused is told why, once: the
    browser's upload box only says "status code 413". Does nothing under Streamlit's AppTest, which
    serves no uploads.

    Returns:
        The server's sweeper, or None when there is no server, or its upload store is not Streamlit's
        in-memory one (then the server log says that uploads are not capped).
    """
    if not runtime.exists() or st.get_option("global.appTest"):
        return None
    store = runtime.get_instance().uploaded_file_mgr
    # Checked first: AppTest's stand-in runtime is a mock, whose every attribute (a sweeper, a refusal) exists.
    if not isinstance(store, MemoryUploadedFileManager):
        if not _WARNED_UNCAPPED.is_set():
            _WARNED_UNCAPPED.set()
            _LOG.warning(
                "Uploads are not capped: this server stores them in %s, not in Streamlit's in-memory "
                "store that dashboard/upload_quota.py knows.",
                type(store).__name__,
            )
        return None
    with _INSTALL_LOCK:
        sweeper = getattr(store, "_session_sweeper", None)
        if sweeper is None:
            sweeper = SessionSweeper(
                runtime.get_instance(), bound_upload_store(store), st.get_option("server.disconnectedSessionTTL")
            )
            store._session_sweeper = sweeper  # type: ignore[attr-defined]
            sweeper.start()
    context = get_script_run_ctx()
    if context is not None:
        sweeper.track(context.session_id)
        refusal = store.take_refusal(context.session_id)
        if refusal:
            st.warning(f"An upload was refused. {refusal}", icon=":material/block:")
    return sweeper


def _mb(size: int) -> float:
    return size / BYTES_PER_MB
