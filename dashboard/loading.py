"""Loading a table into the session: read it, detect its schema, keep the earlier data on failure."""

from __future__ import annotations

from dashboard import state
from synth_core.detection import infer_schema
from synth_core.errors import SynthStudioError
from synth_core.io import ReadOptions, read_table
from synth_core.samples import SAMPLES


def load_table(raw: bytes, name: str, options: ReadOptions) -> bool:
    """Read a table and detect its schema; on failure record the message and keep what was loaded before.

    Returns:
        Whether the table was loaded.
    """
    try:
        read = read_table(raw, name=name, options=options)
        schema = infer_schema(read.frame)
    except SynthStudioError as error:
        state.set_last_error(str(error))
        return False
    state.set_sheets(read.sheets)
    state.set_dataset(state.Dataset.from_read(read, raw), schema)
    return True


def load_sample(key: str) -> bool:
    """Load one of the bundled samples, as the sample picker does."""
    sample = SAMPLES[key]
    state.set_last_read_token(None)
    return load_table(sample.path.read_bytes(), sample.file_name, ReadOptions())
