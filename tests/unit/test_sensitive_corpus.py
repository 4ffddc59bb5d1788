"""The sensitive corpus (tests/data/sensitive): every column of every file is detected as stated in
`EXPECTED`, and the committed files are what the seeded script makes."""

from __future__ import annotations

import faker
import pytest

from synth_core.detection import infer_schema
from synth_core.io import read_table
from tests.conftest import DATA_DIR
from tests.data.sensitive import make_corpus as corpus

SENSITIVE_DIR = DATA_DIR / "sensitive"
CORPUS_LIMIT_BYTES = 1_000_000


def _outcome(column) -> dict[str, object]:
    return {
        "kind": str(column.kind),
        "pii_type": column.pii_type,
        "role": str(column.role),
        "quasi_identifier": column.quasi_identifier,
    }


@pytest.mark.parametrize("name", sorted(corpus.EXPECTED))
def test_every_column_is_detected_as_expected(name):
    frame = read_table(SENSITIVE_DIR / name).frame

    schema = infer_schema(frame)

    assert schema.names == list(corpus.EXPECTED[name])
    found = {column.name: _outcome(column) for column in schema.columns}
    wrong = {
        column: (found[column], expected)
        for column, expected in corpus.EXPECTED[name].items()
        if found[column] != expected
    }
    assert wrong == {}, "column: (found, expected)"
    assert all(column.reason for column in schema.columns)


def test_personal_columns_say_why_and_identifiers_say_they_could_be_looked_up():
    people = infer_schema(read_table(SENSITIVE_DIR / "people_lowercase.csv").frame)
    contacts = infer_schema(read_table(SENSITIVE_DIR / "contacts_freetext.csv").frame)

    assert "Dates of birth" in people.column("dob").reason
    assert "looked up" in people.column("c_case_number").reason
    assert "looked up" in contacts.column("record_id").reason
    assert "email addresses" in contacts.column("notes").reason
    assert "person names" in contacts.column("notes").reason
    assert "Marked as a quasi-identifier" in people.column("age").reason


def test_the_corpus_is_small_and_the_sizes_are_as_stated():
    files = sorted(SENSITIVE_DIR.glob("*.csv"))

    assert [path.name for path in files] == sorted(corpus.EXPECTED)
    assert sum(path.stat().st_size for path in files) < CORPUS_LIMIT_BYTES
    for path in files:
        rows = len(read_table(path).frame)
        assert 200 <= rows <= 2_500, path.name


@pytest.mark.skipif(
    faker.VERSION != corpus.FAKER_VERSION,
    reason=f"the corpus was drawn with Faker {corpus.FAKER_VERSION}; another version draws other names",
)
def test_the_script_reproduces_the_committed_files_byte_for_byte(tmp_path):
    corpus.main(tmp_path)

    for name in corpus.EXPECTED:
        assert (tmp_path / name).read_bytes() == (SENSITIVE_DIR / name).read_bytes(), name
