"""Running the pipeline from a page: progress shown, failures turned into a message, earlier results kept."""

from __future__ import annotations

import streamlit as st

from dashboard import state, widgets
from synth_core.errors import SynthStudioError
from synth_core.pipeline import RunConfig, RunOutcome, run_pipeline


def run_with_progress(dataset: state.Dataset, config: RunConfig) -> RunOutcome | None:
    """Run the pipeline on the current schema, showing progress and elapsed time; None if it failed."""
    bar, show = widgets.progress_bar("Starting…")

    try:
        outcome = run_pipeline(
            dataset.frame,
            schema=state.get_schema(),
            config=config,
            data_name=dataset.name,
            data_sha256=dataset.sha256,
            progress=show,
        )
    except (SynthStudioError, ValueError) as error:
        bar.empty()
        st.error(f"{widgets.escape(error)} Your earlier results are unchanged.", icon=":material/error:")
        return None
    except Exception as error:  # a library failed; the user gets a message, never a traceback
        bar.empty()
        st.error(
            f"{config.generator} failed ({type(error).__name__}: {error}). Your earlier results are unchanged. "
            "Try another generator or fewer columns, or check the schema on the Data page.",
            icon=":material/error:",
        )
        return None
    bar.empty()
    return outcome
