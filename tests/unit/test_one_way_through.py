"""One fit-and-sample path: the app's run, its reopened manifest and `synth-studio reproduce` give the same rows."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.cli import main
from synth_core.detection import infer_schema
from synth_core.io import read_table
from synth_core.pipeline import RunConfig, fit_and_sample, open_saved_run, run_pipeline, sha256_of

SLICE_ROWS = 2_000
FIT_ROWS = 500  # of the 1,600 training rows


@pytest.fixture(scope="module")
def adult_file(adult, tmp_path_factory):
    """A small slice of Adult as a CSV file, read back as the Data page reads an upload."""
    path = tmp_path_factory.mktemp("data") / "adult_slice.csv"
    adult.head(SLICE_ROWS).to_csv(path, index=False)
    raw = path.read_bytes()
    return path, read_table(raw, name=path.name).frame, sha256_of(raw)


def test_a_manifest_fitted_on_a_subsample_gives_the_same_bytes_every_way(adult_file, tmp_path):
    # Setup: a run made as the Generate page makes it, with "fit on N of M rows", saved as its manifest.
    path, frame, digest = adult_file
    schema, config = infer_schema(frame), RunConfig("independent_columns", seed=3, rows=700, fit_rows=FIT_ROWS)
    made = run_pipeline(frame, schema=schema, config=config, data_name=path.name, data_sha256=digest)
    manifest = tmp_path / "run.json"
    manifest.write_text(made.run.to_json(), encoding="utf-8")

    # Run: reproduce on the command line, and reopen the manifest as the Compare page does.
    code = main(["reproduce", str(manifest), "--data", str(path), "--out", str(tmp_path / "again")])
    reopened = open_saved_run(frame, manifest.read_bytes(), name="run.json", data_sha256=digest)

    # Assert: the same bytes through all three, and the subsample mattered.
    made_bytes = made.synthetic.to_csv(index=False).encode("utf-8")
    assert code == 0
    assert (tmp_path / "again" / "synthetic.csv").read_bytes() == made_bytes
    assert reopened.synthetic.to_csv(index=False).encode("utf-8") == made_bytes
    assert f"subsample of {FIT_ROWS:,} of the 1,600 training rows" in made.run.notes[0]
    on_every_row = run_pipeline(
        frame, schema=infer_schema(frame), config=RunConfig("independent_columns", seed=3, rows=700)
    )
    assert on_every_row.synthetic.to_csv(index=False).encode("utf-8") != made_bytes


def test_chunks_are_seeded_by_index_and_the_same_in_memory_or_streamed(student_placements, tmp_path):
    # Setup: a table with a key column, and a chunk size small enough for three chunks.
    schema = infer_schema(student_placements)
    config = RunConfig("independent_columns", seed=2, rows=130)

    # Run: the same config sampled in memory, streamed to a file, and in one piece.
    in_memory = fit_and_sample(student_placements, schema, config, chunk_rows=50)
    streamed = fit_and_sample(student_placements, schema, config, chunk_rows=50, stream_to=tmp_path / "rows.csv")
    whole = fit_and_sample(student_placements, schema, config)

    # Assert: one set of rows wherever they go; chunk i is seed + i with keys running on; the chunking shows.
    assert len(in_memory.synthetic) == 130 and len(streamed.synthetic) == 50
    assert (tmp_path / "rows.csv").read_bytes() == in_memory.synthetic.to_csv(index=False).encode("utf-8")
    third = in_memory.generator.sample(30, seed=config.seed + 2, first_key=101)
    pd.testing.assert_frame_equal(in_memory.synthetic.iloc[100:].reset_index(drop=True), third)
    assert in_memory.synthetic["student_id"].is_unique
    assert not in_memory.synthetic.equals(whole.synthetic)
    assert any("chunks of 50 rows" in note for note in streamed.notes)
    assert not any("chunks" in note for note in in_memory.notes)
