"""The only module that touches `st.session_state`: typed getters and setters.

Every user session has its own state. Nothing here is shared between sessions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import streamlit as st

from synth_core.estimate import RunEstimate
from synth_core.io import ReadOptions, TableRead
from synth_core.profile import TableProfile, profile_table
from synth_core.rules import Rule
from synth_core.runs import FailedRun, RunConfig, RunOutcome, run_fingerprint
from synth_core.schema import TableSchema
from synth_core.split import DEFAULT_HOLDOUT_SHARE

_DATASET = "dataset"
_SCHEMA = "schema"
_SCHEMA_VERSION = "schema_version"
_HOLDOUT_SHARE = "holdout_share"
_RARE_K = "rare_k"
_LAST_READ_TOKEN = "last_read_token"
_LAST_ERROR = "last_error"
_READER_OPTIONS = "reader_options"
_SHEETS = "sheets"
_RUNS = "runs"
_CURRENT_RUN = "current_run"
_FAILED_RUNS = "failed_runs"
_RULES = "rules"
# Widgets and counters of the "What to generate" choice; they name columns and values of one dataset.
SHAPE_PREFIX = "shape_"


@dataclass(frozen=True)
class Dataset:
    """The real table the session works on.

    Attributes:
        name: File or sample name.
        frame: The table as read.
        options: The reader options used.
        warnings: What the reader wants the user to know.
        sha256: Fingerprint of the table's bytes as read.
        sheets: Sheet names, for Excel workbooks.
    """

    name: str
    frame: pd.DataFrame
    options: ReadOptions
    warnings: tuple[str, ...] = ()
    sha256: str = ""
    sheets: tuple[str, ...] = field(default_factory=tuple)

    @cached_property
    def profile(self) -> TableProfile:
        """Missing and distinct counts, computed once per dataset."""
        return profile_table(self.frame)

    @classmethod
    def from_read(cls, read: TableRead, raw: bytes) -> Dataset:
        """Wrap a reader result and fingerprint the bytes it came from."""
        return cls(
            name=read.name,
            frame=read.frame,
            options=read.options,
            warnings=read.warnings,
            sha256=hashlib.sha256(raw).hexdigest(),
            sheets=read.sheets,
        )


def get_dataset() -> Dataset | None:
    """The loaded dataset, if any."""
    return st.session_state.get(_DATASET)


def set_dataset(dataset: Dataset, schema: TableSchema) -> None:
    """Replace the dataset and its schema together, so they always match."""
    st.session_state[_DATASET] = dataset
    set_schema(schema)
    st.session_state[_LAST_ERROR] = None
    dataset_bound = [k for k in st.session_state if str(k).startswith(("cache_", SHAPE_PREFIX))]
    for key in [_RUNS, _CURRENT_RUN, _FAILED_RUNS, *dataset_bound]:
        st.session_state.pop(key, None)  # results and choices of other data no longer apply
    st.session_state.pop(_RULES, None)  # rules name this data's columns and values


def get_schema() -> TableSchema | None:
    """The schema of the loaded dataset, with the user's overrides."""
    return st.session_state.get(_SCHEMA)


def set_schema(schema: TableSchema) -> None:
    """Store a new schema and let editors showing the old one start afresh."""
    st.session_state[_SCHEMA] = schema
    st.session_state[_SCHEMA_VERSION] = get_schema_version() + 1


def get_schema_version() -> int:
    """A counter that changes whenever the schema is replaced."""
    return int(st.session_state.get(_SCHEMA_VERSION, 0))


def get_holdout_share() -> float:
    """The share of real rows kept aside from the generator."""
    return float(st.session_state.get(_HOLDOUT_SHARE, DEFAULT_HOLDOUT_SHARE))


def set_holdout_share(share: float) -> None:
    """Set the holdout share."""
    st.session_state[_HOLDOUT_SHARE] = float(share)


def get_rare_k() -> int:
    """Rare-value protection for the next run: categories seen in fewer than k training rows are replaced (0: off)."""
    return int(st.session_state.get(_RARE_K, RunConfig.rare_k))


def set_rare_k(k: int) -> None:
    """Set rare-value protection for the next run (0 turns it off)."""
    st.session_state[_RARE_K] = max(0, int(k))


def get_reader_options() -> ReadOptions:
    """The reader options the user chose for uploads."""
    return st.session_state.get(_READER_OPTIONS, ReadOptions())


def set_reader_options(options: ReadOptions) -> None:
    """Remember the reader options for the next upload."""
    st.session_state[_READER_OPTIONS] = options


def get_sheets() -> tuple[str, ...]:
    """Sheet names of the last workbook read, for the sheet picker."""
    return st.session_state.get(_SHEETS, ())


def set_sheets(sheets: tuple[str, ...]) -> None:
    """Remember the sheets of the last workbook read."""
    st.session_state[_SHEETS] = sheets


def get_last_read_token() -> object:
    """What was read last (file id and options), so a rerun does not read it again."""
    return st.session_state.get(_LAST_READ_TOKEN)


def set_last_read_token(token: object) -> None:
    """Remember what was read last."""
    st.session_state[_LAST_READ_TOKEN] = token


def get_last_error() -> str | None:
    """The message of the last failed load, shown until the next load."""
    return st.session_state.get(_LAST_ERROR)


def set_last_error(message: str | None) -> None:
    """Record (or clear) the message of a failed load."""
    st.session_state[_LAST_ERROR] = message


def get_outcome() -> RunOutcome | None:
    """The current Run with its synthetic data and fitted generator, if any."""
    return get_runs().get(st.session_state.get(_CURRENT_RUN, ""))


def set_outcome(outcome: RunOutcome) -> None:
    """Keep a finished (or updated) run and make it the current one."""
    runs = dict(get_runs())
    runs[outcome.run.run_id] = outcome
    st.session_state[_RUNS] = runs
    st.session_state[_CURRENT_RUN] = outcome.run.run_id


def get_runs() -> dict[str, RunOutcome]:
    """Every run of this session, oldest first, by run id."""
    return st.session_state.get(_RUNS, {})


def set_current_run(run_id: str) -> None:
    """Make an earlier run the one the other pages show."""
    if run_id in get_runs():
        st.session_state[_CURRENT_RUN] = run_id


def get_failed_runs() -> list[FailedRun]:
    """Generators that failed in this session, for the leaderboard."""
    return st.session_state.get(_FAILED_RUNS, [])


def add_failed_runs(failures: list[FailedRun]) -> None:
    """Remember generators that failed."""
    st.session_state[_FAILED_RUNS] = [*get_failed_runs(), *failures]


def current_fingerprint() -> str | None:
    """The fingerprint a run made now would get: data, schema (with edits) and split."""
    dataset, schema = get_dataset(), get_schema()
    if dataset is None or schema is None:
        return None
    return run_fingerprint(dataset.sha256, schema, holdout_share=get_holdout_share(), split_seed=0)


def get_cached(name: str, run_id: str) -> object | None:
    """A result computed on request for one run (such as a slower detector), if computed."""
    return st.session_state.get(f"cache_{name}", {}).get(run_id)


def set_cached(name: str, run_id: str, value: object) -> None:
    """Keep a result computed on request for one run."""
    st.session_state[f"cache_{name}"] = {**st.session_state.get(f"cache_{name}", {}), run_id: value}


def is_new_upload(slot: str, file_id: str) -> bool:
    """Whether this upload has not been handled yet in `slot`; marks it handled, so reruns skip it."""
    key = f"handled_upload_{slot}"
    if st.session_state.get(key) == file_id:
        return False
    st.session_state[key] = file_id
    return True


def get_compare_error() -> str | None:
    """The message of the last failed upload on the Compare page."""
    return st.session_state.get("compare_error")


def set_compare_error(message: str | None) -> None:
    """Record (or clear) the message of a failed upload on the Compare page."""
    st.session_state["compare_error"] = message


def _data_and_schema() -> tuple[str | None, int]:
    dataset = get_dataset()
    return (dataset.sha256 if dataset is not None else None), get_schema_version()


def get_pending_run(*, slot: str = "generate") -> tuple[RunConfig, RunEstimate] | None:
    """A run held back because it looked too costly, with the estimate, until the user decides.

    Args:
        slot: Where the run was asked for: "generate" (the Generate button), or a saved file on the Compare page.

    Returns:
        None once the data or the schema has changed since: the held run was set up for them.
    """
    pending = st.session_state.get(f"pending_run:{slot}")
    if pending is None or pending[2] != _data_and_schema():
        return None
    return pending[0], pending[1]


def set_pending_run(pending: tuple[RunConfig, RunEstimate] | None, *, slot: str = "generate") -> None:
    """Hold back a costly run for the user's decision, or clear it with None."""
    st.session_state[f"pending_run:{slot}"] = None if pending is None else (*pending, _data_and_schema())


def set_confirmed_run(config: RunConfig, *, slot: str = "generate") -> None:
    """Keep the run the user chose from the costly-run prompt, to start on the next rerun."""
    st.session_state[f"confirmed_run:{slot}"] = (config, _data_and_schema())


def pop_confirmed_run(*, slot: str = "generate") -> RunConfig | None:
    """The run the user chose to start, once; None if there is none or the data or schema changed since."""
    confirmed = st.session_state.pop(f"confirmed_run:{slot}", None)
    return confirmed[0] if confirmed is not None and confirmed[1] == _data_and_schema() else None


def get_rules() -> tuple[int | None, list[Rule]]:
    """The rules set for the next run, with the schema version they were checked against (None: never set)."""
    return st.session_state.get(_RULES, (None, []))


def set_rules(schema_version: int, rules: list[Rule]) -> None:
    """Keep the rules for the next run; a new dataset clears them (see `set_dataset`)."""
    st.session_state[_RULES] = (schema_version, list(rules))


def get_condition_count() -> int:
    """How many conditions the Generate page shows (at least one)."""
    return max(1, int(st.session_state.get(f"{SHAPE_PREFIX}condition_count", 1)))


def set_condition_count(count: int) -> None:
    """Show `count` conditions on the Generate page."""
    st.session_state[f"{SHAPE_PREFIX}condition_count"] = max(1, int(count))


def keep_valid_choice(key: str, options: list[object]) -> None:
    """Forget a widget's remembered choice that is no longer offered (say, after a schema edit).

    A selectbox would otherwise fail on a value outside its options; a multiselect keeps the rest.
    """
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if isinstance(value, list):
        kept = [item for item in value if item in options]
        if kept != value:
            st.session_state[key] = kept
    elif value not in options:
        del st.session_state[key]


def get_tour_step() -> int | None:
    """The guided tour's current step (0-based), or None when no tour is running."""
    return st.session_state.get("tour_step")


def set_tour_step(step: int | None) -> None:
    """Move the guided tour to `step`, or end it with None."""
    st.session_state["tour_step"] = step


def get_draw(name: str) -> int:
    """How many times the learner asked demo `name` for other random rows; its seed."""
    return st.session_state.get(f"draw_{name}", 0)


def next_draw(name: str) -> None:
    """Ask demo `name` for other random rows."""
    st.session_state[f"draw_{name}"] = get_draw(name) + 1


def reset() -> None:
    """Forget everything this session loaded or chose."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
