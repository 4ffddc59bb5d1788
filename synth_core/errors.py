"""One small exception tree for the core.

Every message says what failed (naming the file, column or value) and what to do next, so the
dashboard and the CLI can show it to the user as it is.
"""

from __future__ import annotations


class SynthStudioError(Exception):
    """Base class for every error the core raises on purpose."""


class TableReadError(SynthStudioError):
    """A file could not be read as a table."""

    def __init__(self, file_name: str, problem: str, next_step: str) -> None:
        self.file_name = file_name
        self.problem = problem
        self.next_step = next_step
        super().__init__(f"'{file_name}' {problem} {next_step}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        """Rebuild from the parts, so the error survives a trip from a job's worker intact."""
        return type(self), (self.file_name, self.problem, self.next_step)


class SchemaError(SynthStudioError):
    """A schema does not fit its data, or cannot be built from the input."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"The following problems were found in the schema:\n{lines}")

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:
        """Rebuild from the problems, so the error survives a trip from a job's worker intact."""
        return type(self), (self.problems,)


class TooFewRowsError(SynthStudioError, ValueError):
    """A table has too few rows to split into training and holdout rows and learn from.

    It is also a `ValueError`, as the split's other refusals are.
    """
