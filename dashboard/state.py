"""The only module that touches `st.session_state`: typed getters and setters.

Every user session has its own state. Nothing here is shared between sessions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import streamlit as st

from synth_core.io import ReadOptions, TableRead
from synth_core.pipeline import RunOutcome
from synth_core.profile import TableProfile, profile_table
from synth_core.schema import TableSchema
from synth_core.split import DEFAULT_HOLDOUT_SHARE

_DATASET = "dataset"
_SCHEMA = "schema"
_SCHEMA_VERSION = "schema_version"
_HOLDOUT_SHARE = "holdout_share"
_LAST_READ_TOKEN = "last_read_token"
_LAST_ERROR = "last_error"
_READER_OPTIONS = "reader_options"
_SHEETS = "sheets"
_OUTCOME = "outcome"
_ASSOCIATIONS = "associations"


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
    st.session_state.pop(_OUTCOME, None)  # results of other data no longer apply
    st.session_state.pop(_ASSOCIATIONS, None)


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
    return st.session_state.get(_OUTCOME)


def set_outcome(outcome: RunOutcome) -> None:
    """Make a finished run the current one."""
    st.session_state[_OUTCOME] = outcome


def get_associations(run_id: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Cached real and synthetic association matrices for a run."""
    cached = st.session_state.get(_ASSOCIATIONS)
    return cached[1] if cached and cached[0] == run_id else None


def set_associations(run_id: str, matrices: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Cache a run's association matrices; they take a moment to compute."""
    st.session_state[_ASSOCIATIONS] = (run_id, matrices)


def reset() -> None:
    """Forget everything this session loaded or chose."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
