"""The report of an Adult run in headless chromium: offline, no console errors, every heading in its PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from synth_core.detection import infer_schema
from synth_core.pipeline import RunConfig, complete_evaluation, run_pipeline
from synth_core.report import SECTIONS, build_report

pytestmark = pytest.mark.browser
DANGEROUS = "<script>alert(1)</script>"


def test_adult_report_opens_offline_and_prints_every_section(adult, browser, tmp_path):
    frame = adult.rename(columns={"workclass": DANGEROUS})
    outcome = complete_evaluation(run_pipeline(frame, schema=infer_schema(frame), config=RunConfig("gaussian_copula")))
    path = tmp_path / "report.html"
    path.write_text(build_report(outcome), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    requests, errors, dialogs = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(path.as_uri())
    page.locator("div.figure .main-svg").first.wait_for()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = "\n".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    context.close()

    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert errors == [] and dialogs == []
    for title in SECTIONS:
        assert title in text
    assert DANGEROUS in text  # the column name shows as text, and never ran
