"""Hostile files uploaded on the Data page: the page shows the refusal, naming the file and the cap, and keeps
working: a good file uploaded next loads as usual.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import escape
from synth_core.errors import SynthStudioError
from synth_core.io import read_table
from tests.conftest import DATA_DIR

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT = 60
HOSTILE_DIR = DATA_DIR / "hostile"
GOOD_NAME = "readings.csv"
GOOD_BYTES = b"sensor,reading,site\n" + b"".join(b"s%d,%d,north\n" % (n % 7, n * 3 % 11) for n in range(40))


def _upload(at: AppTest, name: str, raw: bytes) -> None:
    at.file_uploader[0].set_value((name, raw, "application/octet-stream")).run()


def _refusal(name: str, raw: bytes) -> str:
    with pytest.raises(SynthStudioError) as refused:
        read_table(raw, name=name)
    return str(refused.value)


@pytest.mark.parametrize("name", ["parquet_bomb.parquet", "deep.json"])
def test_a_hostile_upload_shows_its_refusal_and_the_page_still_works(name):
    raw = (HOSTILE_DIR / name).read_bytes()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()

    _upload(at, name, raw)

    assert not at.exception
    assert [error.value for error in at.error] == [escape(_refusal(name, raw))]
    assert at.session_state.get("dataset") is None  # nothing was loaded

    _upload(at, GOOD_NAME, GOOD_BYTES)

    assert not at.exception
    assert not at.error
    assert at.session_state["dataset"].name == GOOD_NAME
    assert f"Loaded **{GOOD_NAME}**: 40 rows × 3 columns." in [success.value for success in at.success]
