"""Payloads from a file are shown as text on every page: no link, image, HTML, style or icon in any markdown.

The payload table (`tests/data/hostile/make_payloads.py`) is uploaded under a hostile file name, a quick run
is made, and the run is given hostile timings keys and attack labels, as a hand-edited bundle would carry.
Then Data, Generate, Fidelity, Privacy and Export are walked, and every text Streamlit renders as markdown
(messages, captions, labels, help, metric labels, expander titles, radio options) is checked for a payload
that was not escaped.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.markdown_text import shown_text
from dashboard.page_registry import EXPORT, FIDELITY, GENERATE, PRIVACY
from synth_core.evaluation.attacks import AttackRisk
from tests.data.hostile import make_payloads

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT = 120
FILE_NAME = "![f](example.invalid) :red[f] $x$ www.example.org.csv"
TIMING_KEY = "![t](http://example.invalid/t.png)"
ATTACK_LABEL = "<img src=http://example.invalid/a.png> :red[attack]"
ATTACK_ERROR = "www.example.org failed :material/home:"

# Each is changed by `escape`, so finding one as written (not after a backslash) means a payload reached
# markdown unescaped.
RAW = (
    "](http://example.invalid",
    "](example.invalid",
    ":red[",
    ":blue-background[",
    ":green-badge[",
    ":material/home",
    ":smile:",
    ":streamlit:",
    "$x^2$",
    "$x$",
    "www.example.org",
    "http://example.invalid",
    "mail@example.invalid",
    "&lt;b&gt;",
    "**bold**",
    "~~gone~~",
    "`code`",
)
UNESCAPED = re.compile("|".join([*(r"(?<!\\)" + re.escape(raw) for raw in RAW), r"(?<!\\)<(img|b>|/b>)"]))
MARKDOWN_ELEMENTS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
LABELLED_ELEMENTS = (
    "button",
    "checkbox",
    "toggle",
    "radio",
    "selectbox",
    "multiselect",
    "number_input",
    "text_input",
    "text_area",
    "slider",
    "select_slider",
    "metric",
    "expander",
    "tabs",
)


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as markdown."""
    texts = [element.value for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]
    for kind in LABELLED_ELEMENTS:
        for element in getattr(at, kind):
            help_text = getattr(element, "help", None) or getattr(element.proto, "help", "")
            texts += [getattr(element, "label", ""), help_text]
            if kind == "radio":  # radio options are markdown too
                texts += [str(option) for option in element.options]
    return [text for text in texts if isinstance(text, str) and text]


def _unescaped(texts: list[str]) -> list[str]:
    return [text for text in texts if UNESCAPED.search(text)]


def _walk_check(at: AppTest, shown: list[str]) -> None:
    assert not at.exception, [exception.value for exception in at.exception]
    texts = _markdown_texts(at)
    assert _unescaped(texts) == []
    shown.extend(texts)


def _button(at: AppTest, label: str):
    return next(button for button in at.button if button.label == label)


def _update_current_run(at: AppTest, change) -> None:
    """Replace the current run by `change(run)`, as a bundle carrying those fields would have loaded it."""
    runs = dict(at.session_state["runs"])
    current = at.session_state["current_run"]
    runs[current] = replace(runs[current], run=change(runs[current].run))
    at.session_state["runs"] = runs


def _hostile_attacks(run):
    attack = AttackRisk(
        attack="singling_out_univariate",
        label=ATTACK_LABEL,
        risk=0.1,
        ci_low=0.0,
        ci_high=0.2,
        attack_rate=0.2,
        baseline_rate=0.1,
        control_rate=0.1,
        n_attacks=10,
        detail="Attacked :smile: with ![d](http://example.invalid/d.png).",
    )
    failed = replace(attack, attack="inference", label=ATTACK_LABEL, error=ATTACK_ERROR, risk=math.nan)
    return replace(run, privacy=replace(run.privacy, attacks=(attack, failed)))


def test_payloads_are_shown_as_text_on_every_page():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    shown: list[str] = []

    # Data: the hostile file name and column names.
    at.file_uploader[0].set_value((FILE_NAME, make_payloads.payload_csv(), "text/csv")).run()
    assert at.session_state["dataset"].name == FILE_NAME
    _walk_check(at, shown)

    # Generate: a quick run, then hostile timings keys on it.
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value("independent_columns").run()
    _button(at, "Generate").click().run()
    assert at.session_state["runs"], "the run was made"
    _update_current_run(at, lambda run: replace(run, timings={**run.timings, TIMING_KEY: 0.1, ":red[fit]": 0.2}))
    at.run()
    _walk_check(at, shown)

    at.switch_page(FIDELITY.path).run()
    _walk_check(at, shown)

    # Privacy: the evidence is computed, then the run carries hostile attack labels, details and errors.
    at.switch_page(PRIVACY.path).run()
    _walk_check(at, shown)
    _update_current_run(at, _hostile_attacks)
    at.run()
    _walk_check(at, shown)

    at.switch_page(EXPORT.path).run()
    _walk_check(at, shown)

    # The walk met the payloads, escaped: the checks above were not vacuous.
    everything = shown_text("\n".join(shown))
    for value in (FILE_NAME, TIMING_KEY, ":red[fit]", ATTACK_LABEL, ATTACK_ERROR, *make_payloads.MARKDOWN_PAYLOADS):
        assert value in everything, f"{value!r} was not shown on any page"
