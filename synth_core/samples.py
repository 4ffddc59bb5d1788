"""The real sample tables bundled with the project, with their provenance."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


@dataclass(frozen=True)
class Sample:
    """A bundled real table.

    Attributes:
        key: A short stable identifier.
        label: What the picker shows.
        file_name: The file in `sample_data/`.
        description: One sentence on what the rows are.
        source: Where the data comes from.
        licence: Its licence.
    """

    key: str
    label: str
    file_name: str
    description: str
    source: str
    licence: str

    @property
    def path(self) -> Path:
        """Where the file lies."""
        return SAMPLE_DIR / self.file_name


SAMPLES: dict[str, Sample] = {
    sample.key: sample
    for sample in (
        Sample(
            key="adult",
            label="Adult census income (32,561 rows × 15 columns)",
            file_name="adult.csv",
            description="US census records from 1994 with a label saying whether income exceeds $50K a year.",
            source="UCI Machine Learning Repository, Adult data set (training split)",
            licence="CC BY 4.0",
        ),
        Sample(
            key="german_credit",
            label="German credit (1,000 rows × 21 columns)",
            file_name="german_credit.csv",
            description="Loan applicants described by 20 attributes, labelled good or bad credit risk (1 or 2).",
            source="UCI Machine Learning Repository, Statlog (German Credit Data)",
            licence="CC BY 4.0",
        ),
    )
}
