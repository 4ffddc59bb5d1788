"""In a real browser: payloads in a file's name, its column names and a bundle's run.json are shown as text.

First, `escape` itself against Streamlit's own renderer: every payload of the corpus, escaped, in a message,
a caption and a list item, must read as typed and make no link, image, style, icon, code or heading.

Every request the page makes is recorded: none may leave the local server (an image payload rendered as
markdown would fetch from `example.invalid`). Each column name must be readable, as typed, on the Privacy
page's list of the columns compared; a bundle's timings keys and notes on the Generate page. No link, image,
colour, badge, icon or formula may come of them.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.page_registry import COMPARE, GENERATE, PRIVACY
from tests.data.hostile import make_payloads
from tests.e2e.conftest import CONTEXT_OPTIONS, START_TIMEOUT_S, pick_generator, upload
from tests.unit.test_escape import CORPUS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FILE_NAME = "![f](example.invalid) :red[f] $x$ www.example.org.csv"
WORD_JOINER = "\u2060"
# Elements the payloads would become if rendered as markdown.
RENDERED_PAYLOADS = (
    "[data-testid='stMain'] a[href*='example']",
    "img[src*='example']",
    ".stMarkdownColoredText",
    ".stMarkdownColoredBackground",
    ".stMarkdownBadge",
    ".katex",
    "span[role='img'][aria-label='home icon']",
    "img[alt='Streamlit logo']",
)
# Markdown structure the escaped payloads must not make either.
RENDERED_MARKUP = tuple(f"[data-testid='stMain'] {tag}" for tag in ("code", "em", "strong", "del", "h1", "table"))
CORPUS_PAGE = textwrap.dedent(
    """
    import streamlit as st

    from dashboard.markdown_text import escape
    from tests.unit.test_escape import CORPUS

    for index, payload in enumerate(CORPUS):
        st.markdown(f"P{index}: " + escape(payload))
        st.caption(escape(payload))
        st.markdown("- " + escape(payload))
    """
)


@pytest.fixture
def corpus_page_url(tmp_path):
    """A one-page Streamlit app that shows every escaped payload, served from the project's folder."""
    script = tmp_path / "corpus_page.py"
    script.write_text(CORPUS_PAGE, encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", str(script), f"--server.port={port}"]
    command += ["--server.address=127.0.0.1", "--server.headless=true", "--browser.gatherUsageStats=false"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def recorded(browser, server_url):
    """A fresh page on the dashboard, and the URL of every request it makes from the start."""
    context = browser.new_context(**CONTEXT_OPTIONS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(server_url)
    yield page, requests
    context.close()


def _outside(requests: list[str], server_url: str) -> list[str]:
    local = urlsplit(server_url).netloc
    return [url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != local]


def _rendered_payloads(page) -> dict[str, int]:
    counts = {selector: page.locator(selector).count() for selector in RENDERED_PAYLOADS}
    return {selector: count for selector, count in counts.items() if count}


def test_every_escaped_payload_reads_as_typed_in_streamlits_renderer(browser, corpus_page_url):
    context = browser.new_context(**CONTEXT_OPTIONS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(corpus_page_url)
    page.get_by_text(f"P{len(CORPUS) - 1}:").wait_for(timeout=60_000)
    page.wait_for_timeout(1_000)  # plugins that load late (emoji, maths) have had their chance

    shown = page.get_by_test_id("stMain").inner_text().replace(WORD_JOINER, "").replace("\t", " ")
    markup = {selector: page.locator(selector).count() for selector in RENDERED_MARKUP}
    rendered = _rendered_payloads(page)
    context.close()

    assert [payload for payload in CORPUS if " ".join(payload.split()) not in " ".join(shown.split())] == []
    assert {selector: count for selector, count in markup.items() if count} == {}
    assert rendered == {}
    assert _outside(requests, corpus_page_url) == []


def test_payload_names_are_shown_as_text_and_nothing_is_fetched_from_outside(recorded, server_url, tmp_path):
    page, requests = recorded
    hostile = tmp_path / FILE_NAME
    shutil.copyfile(make_payloads.HERE / make_payloads.TABLE, hostile)

    page.get_by_text("Upload a file or load a sample to begin").wait_for()
    upload(page, hostile)
    loaded = page.get_by_test_id("stAlertContentSuccess").filter(has_text="rows ×")
    loaded.wait_for()
    assert FILE_NAME in loaded.inner_text().replace(WORD_JOINER, "")
    assert _rendered_payloads(page) == {}

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=GENERATE.title, exact=True).click()
    pick_generator(page, "Independent columns")
    page.get_by_role("button", name="Generate").click()
    page.get_by_role("heading", name="Current run").wait_for()
    assert _rendered_payloads(page) == {}

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=PRIVACY.title, exact=True).click()
    compared = page.get_by_test_id("stCaptionContainer").filter(has_text="Columns compared:")
    compared.wait_for()
    shown = compared.inner_text().replace(WORD_JOINER, "")

    missing = [name for name in make_payloads.PAYLOADS if name.replace("\t", " ") not in shown.replace("\t", " ")]
    assert missing == []
    assert _rendered_payloads(page) == {}
    assert page.get_by_test_id("stException").count() == 0
    assert _outside(requests, server_url) == []
    assert any(urlsplit(url).netloc == urlsplit(server_url).netloc for url in requests)  # the recording works


def test_a_bundles_timings_keys_and_notes_are_shown_as_text(recorded, server_url):
    page, requests = recorded
    page.get_by_text("Upload a file or load a sample to begin").wait_for()
    upload(page, make_payloads.HERE / "bundle_table.csv")
    page.get_by_text("bundle_table.csv: 40 rows").wait_for()
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=COMPARE.title, exact=True).click()
    box = page.get_by_test_id("stExpander").filter(has_text="Carry on from a saved run")
    box.get_by_text("Carry on from a saved run").click()
    with page.expect_file_chooser() as chooser:
        box.get_by_test_id("stFileUploaderDropzone").get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files(str(make_payloads.HERE / make_payloads.BUNDLE))
    page.get_by_text("claimed by the file").first.wait_for()

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=GENERATE.title, exact=True).click()
    page.get_by_role("heading", name="Current run").wait_for()
    summary = page.get_by_test_id("stMarkdownContainer").filter(has_text="synthetic rows from").first
    summary.wait_for()
    shown = summary.inner_text().replace(WORD_JOINER, "")
    note = page.get_by_test_id("stAlert").filter(has_text="Note from").first.inner_text().replace(WORD_JOINER, "")

    assert [key for key in make_payloads.BUNDLE_TIMINGS if key not in shown] == []
    assert make_payloads.BUNDLE_NOTE in note
    assert _rendered_payloads(page) == {}
    assert page.get_by_test_id("stException").count() == 0
    assert _outside(requests, server_url) == []
