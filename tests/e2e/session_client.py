"""A browser session without a browser: Streamlit's websocket, its messages, and its upload endpoint.

The tests of what the server stores and which settings it serves need a session id and an XSRF token,
as a browser would hold them, and no page rendering. The token is the browser's to make: Streamlit
only checks that the header and the cookie carry the same one.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string
from websockets.sync.client import ClientConnection, connect

XSRF_COOKIE = "_streamlit_xsrf"
RUN_TIMEOUT_S = 60


@dataclass
class Session:
    """One open session: its id, the messages of its first run, and what it needs to upload.

    Attributes:
        url: The server's address.
        session_id: Streamlit's id for it.
        messages: Every message of its first run, in order.
        token: Its XSRF token, sent as header and cookie.
    """

    url: str
    session_id: str
    messages: list[ForwardMsg] = field(repr=False)
    token: str = field(repr=False)
    http: requests.Session = field(repr=False, default_factory=requests.Session)

    def upload(self, data: bytes, name: str = "table.csv", file_id: str | None = None) -> requests.Response:
        """Send one file to the upload endpoint, under a made-up file id unless one is given."""
        return self.http.put(
            f"{self.url}/_stcore/upload_file/{self.session_id}/{file_id or uuid.uuid4()}",
            files={"file": (name, data, "text/csv")},
            headers={"X-Xsrftoken": self.token},
            cookies={XSRF_COOKIE: self.token},
            timeout=60,
        )

    def elements(self, kind: str) -> list:
        """The elements of one kind ("file_uploader") the first run drew."""
        return [
            getattr(message.delta.new_element, kind)
            for message in self.messages
            if message.WhichOneof("type") == "delta" and message.delta.new_element.WhichOneof("type") == kind
        ]

    @property
    def new_session(self):
        """The first run's NewSession message: the settings the browser is given."""
        return next(message.new_session for message in self.messages if message.WhichOneof("type") == "new_session")


@contextmanager
def open_session(url: str) -> Iterator[Session]:
    """Connect as a browser tab would, run the app's default page once, and close the tab after."""
    token = generate_xsrf_token_string()
    with connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit", token],
        max_size=None,
        open_timeout=RUN_TIMEOUT_S,
    ) as socket:
        socket.send(BackMsg(rerun_script=ClientState(query_string="", page_script_hash="")).SerializeToString())
        messages = _first_run(socket)
        yield Session(url=url, session_id=_session_id(messages), messages=messages, token=token)


def _first_run(socket: ClientConnection) -> list[ForwardMsg]:
    messages: list[ForwardMsg] = []
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        message = ForwardMsg()
        message.ParseFromString(socket.recv(timeout=deadline - time.monotonic()))
        messages.append(message)
        if message.WhichOneof("type") == "script_finished":
            return messages
    raise TimeoutError(f"The app's first run did not finish within {RUN_TIMEOUT_S} s.")


def _session_id(messages: list[ForwardMsg]) -> str:
    for message in messages:
        if message.WhichOneof("type") == "new_session":
            return message.new_session.initialize.session_id
    raise AssertionError("The server sent no NewSession message.")
