"""Time how fast each Learn page answers: its first load, then every move of its controls.

The app is driven with Streamlit's AppTest, in this process, so the times include the page's own
work and Streamlit's, but not the browser's drawing. Lesson results are cached for the whole
server, so the first load of a page pays for fitting its generators once; the target (under 2 s
on 2 cores) is for the answer to a control, which is what a learner waits for while exploring.
The first loads are printed too. Lesson 2 shows CTGAN's and TVAE's clouds trained in advance; the
live fit behind its "Train again now" button is printed apart, as it is not a lesson control's answer.

Run: python benchmarks/lessons.py
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TARGET_SECONDS = 2.0

# (page, widget kind, key, values to move through), in the order a learner would try them.
CONTROLS: tuple[tuple[str, str, str, tuple[object, ...]], ...] = (
    ("learn_why", "radio", "lesson_why_generator", ("copy_rows", "gaussian_copula")),
    ("learn_generators", "radio", "lesson_generators_generator", ("independent_columns", "gaussian_copula")),
    ("learn_generators", "selectbox", "lesson_generators_pair", (("marital-status", "age"),)),
    ("learn_fidelity", "radio", "lesson_pair_generator", ("gaussian_copula", "independent_columns")),
    ("learn_utility", "selectbox", "lesson_utility_target", ("sex", "income")),
    ("learn_privacy", "slider", "lesson_noise", (0.06, 0.2, 0.44)),
    ("learn_dp", "select_slider", "lesson_epsilon", (0.1, 10.0)),
    ("learn_dp", "selectbox", "lesson_dp_column", ("race",)),
    ("learn_bias", "radio", "lesson_bias_generator", ("gaussian_copula", "copy_rows")),
    ("learn_bias", "selectbox", "lesson_bias_group", ("race",)),
)
DEEP = ("ctgan", "tvae")
PAIRS = (("age", "hours-per-week"), ("marital-status", "age"), ("education", "education-num"))
PAGES = ("learn_why", "learn_generators", "learn_fidelity", "learn_utility", "learn_privacy", "learn_dp", "learn_bias")


def timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def widget(at: AppTest, kind: str, key: str):
    return getattr(at, kind)(key=key)


def main() -> None:
    print(f"CPU count: {os.cpu_count()} (targets are for 2 cores)")
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=600)
    at.run()
    print("\nFirst load of each page (fits its generators once for the whole server)")
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py")
        print(f"  {page:<18} {timed_run(at):6.2f} s")

    print(f"\nAnswer to each control (target < {TARGET_SECONDS:g} s)")
    slowest = 0.0
    for page, kind, key, values in CONTROLS:
        at.switch_page(f"app_pages/{page}.py")
        timed_run(at)
        for value in values:
            widget(at, kind, key).set_value(value)
            elapsed = timed_run(at)
            slowest = max(slowest, elapsed)
            verdict = "ok" if elapsed < TARGET_SECONDS else "SLOW"
            print(f"  {page:<18} {key:<28} {value!s:<28} {elapsed:6.2f} s  {verdict}")

    print("\nDeep generators: each pick shows the cloud trained in advance; 'Train again now' fits live")
    at.switch_page("app_pages/learn_generators.py")
    timed_run(at)
    for pair in PAIRS:
        at.selectbox(key="lesson_generators_pair").set_value(pair)
        timed_run(at)
        for generator in DEEP:
            at.radio(key="lesson_generators_generator").set_value(generator)
            first = timed_run(at)
            slowest = max(slowest, first)
            live = next(button for button in at.button if button.label == "Train again now")
            live.click()
            trained = timed_run(at)
            verdict = "ok" if first < TARGET_SECONDS else "SLOW"
            print(f"  {generator:<6} {' / '.join(pair):<32} pick {first:5.2f} s  {verdict}   live fit {trained:6.2f} s")
    print(f"\nSlowest answer to a control: {slowest:.2f} s ({'within' if slowest < TARGET_SECONDS else 'over'} target)")


if __name__ == "__main__":
    main()
