"""Time how fast each Learn page answers: its first load, then every move of its controls.

The app is driven with Streamlit's AppTest, in this process, so the times include the page's own
work and Streamlit's, but not the browser's drawing. Lesson results are cached for the whole
server, so the first load of a page pays for fitting its generators once; the target (under 2 s
on 2 cores) is for the answer to a control, which is what a learner waits for while exploring.
The first loads are printed too, with the deep generators' one-off training apart.

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
DEEP = (("learn_generators", "radio", "lesson_generators_generator", ("ctgan", "tvae")),)
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

    print("\nDeep generators: the first pick trains the model (once per server), later picks reuse it")
    for page, kind, key, values in DEEP:
        at.switch_page(f"app_pages/{page}.py")
        timed_run(at)
        for value in values:
            widget(at, kind, key).set_value(value)
            first = timed_run(at)
            widget(at, kind, key).set_value("gaussian_copula")
            timed_run(at)
            widget(at, kind, key).set_value(value)
            again = timed_run(at)
            print(f"  {value:<8} first {first:6.2f} s, then {again:5.2f} s")
            slowest = max(slowest, again)
    print(f"\nSlowest answer to a control: {slowest:.2f} s ({'within' if slowest < TARGET_SECONDS else 'over'} target)")


if __name__ == "__main__":
    main()
