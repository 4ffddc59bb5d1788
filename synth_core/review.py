"""The review's four summary lines (fidelity, utility, privacy, personal data), decided in one place.

The report's summary, `metrics.json` and the pages all read `review_run`, so they never disagree. Each
line is one of four states, with its reason in plain words:
- pass: the check ran and nothing on the same run contradicts it;
- needs review: the check ran and something in its evidence asks for a person's judgement;
- fail: the evidence says the data should not be shared as it is;
- not checked: the check did not run (it never reads as a pass).

The rules:
- Fidelity passes when the overall quality is 80% or more and no detector that ran tells synthetic rows
  from real ones with an AUC above 0.80 (`DETECTION_AUC_LIMIT`; above 0.8 is conventionally "excellent"
  discrimination, so the rows are easy to spot). The strongest detector counts: on Adult, a Gaussian
  copula's rows scored 0.505 with the logistic detector and 0.996 with the gradient-boosted one.
- Utility passes when TSTR/TRTR is 0.90 or more and target leakage was checked and not found (see
  `synth_core.evaluation.leakage`); with leakage, the numbers are not meaningful and it needs review.
- Privacy follows the verdict (low: pass, medium: needs review, high: fail), except that it never passes
  when the distances were computed on a subsample (it can hide copied rows) or when the review predates
  the check for learnt personal-looking columns. Attacks that did not run, or quasi-identifiers not
  compared because none is marked, are said, not held against it: a table may have none.
- Personal data passes only when every column detected as personal data is replaced and no learnt
  column looks like personal data (`learnt_personal_columns` on the training rows). A learnt column whose
  values look personal fails; one whose header alone suggests it needs review. For data made elsewhere,
  nothing says its personal-data columns were replaced, so those need review.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from synth_core.evaluation.personal_exposure import LearntPersonalColumn, learnt_personal_columns
from synth_core.evaluation.verdict import RiskLevel
from synth_core.quasi_identifiers import KAnonymity, k_anonymity
from synth_core.runs import Run, RunOutcome

FIDELITY_PASS = 0.80  # overall quality at or above this reads well
DETECTION_AUC_LIMIT = 0.80  # a detector AUC above this means synthetic rows are easy to spot
UTILITY_PASS = 0.90  # TSTR/TRTR at or above this keeps most predictive value
DETECTOR_DISAGREEMENT = 0.10  # AUCs further apart than this get an explanation
DETECTOR_LABELS: dict[str, str] = {"logistic": "logistic regression", "boosting": "gradient-boosted trees"}
TOPICS: tuple[str, ...] = ("fidelity", "utility", "privacy", "personal_data")
_TITLES = {"fidelity": "Fidelity", "utility": "Utility", "privacy": "Privacy", "personal_data": "Personal data"}


class ReviewState(StrEnum):
    """The state of one summary line; the value is what `metrics.json` holds."""

    PASS = "pass"
    NEEDS_REVIEW = "needs_review"
    FAIL = "fail"
    NOT_CHECKED = "not_checked"

    @property
    def label(self) -> str:
        """The state in words: "pass", "needs review", "fail", "not checked"."""
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class ReviewLine:
    """One summary line.

    Attributes:
        topic: "fidelity", "utility", "privacy" or "personal_data".
        state: Its state.
        reason: Why, in plain words with the numbers.
    """

    topic: str
    state: ReviewState
    reason: str

    @property
    def title(self) -> str:
        """The topic as a heading ("Personal data")."""
        return _TITLES.get(self.topic, self.topic)


@dataclass(frozen=True)
class RunReview:
    """The four summary lines of one run, in `TOPICS` order.

    Attributes:
        lines: One line per topic.
    """

    lines: tuple[ReviewLine, ...]

    def line(self, topic: str) -> ReviewLine:
        """The line for `topic`.

        Raises:
            KeyError: No such topic; the message lists them.
        """
        for line in self.lines:
            if line.topic == topic:
                return line
        raise KeyError(f"No review line '{topic}'; the lines are {', '.join(TOPICS)}.")

    @property
    def summary(self) -> dict[str, str]:
        """Topic to state, as `metrics.json` holds it."""
        return {line.topic: line.state.value for line in self.lines}


@dataclass(frozen=True)
class PersonalDataFacts:
    """What the personal-data line needs that the Run alone may not hold: facts about the training rows.

    Attributes:
        columns: Columns treated as personal data: replaced with fake values, never learnt.
        quasi_identifiers: The marked quasi-identifiers.
        k_anonymity: Uniqueness of the training rows on the quasi-identifiers; None when none is marked or
            the training rows were not given (`unique_share_reason` says which).
        learnt: Learnt columns that look like personal data; None when not checked (no training rows given).
        unique_share_reason: Why `k_anonymity` is None; empty otherwise.
    """

    columns: tuple[str, ...]
    quasi_identifiers: tuple[str, ...]
    k_anonymity: KAnonymity | None
    learnt: tuple[LearntPersonalColumn, ...] | None
    unique_share_reason: str = ""

    @property
    def unique_share(self) -> float | None:
        """The share of training rows unique on the quasi-identifiers, or None (see `unique_share_reason`)."""
        return self.k_anonymity.unique_share if self.k_anonymity else None


def personal_data_facts(run: Run, train: pd.DataFrame | None = None) -> PersonalDataFacts:
    """Gather the personal-data facts of a run.

    Args:
        run: The run.
        train: The real training rows (`outcome.split.train`). Without them the quasi-identifier uniqueness
            is not measured, and the learnt columns are those the privacy review stored (not checked when
            there is none).

    Returns:
        The facts; what could not be measured is None, with a reason.
    """
    schema = run.schema
    quasi = tuple(schema.quasi_identifiers)
    measured, why = None, ""
    if not quasi:
        why = "No column is marked as a quasi-identifier, so uniqueness on them was not measured."
    elif train is None:
        why = "Measuring uniqueness on the quasi-identifiers needs the training rows, which were not given."
    else:
        measured = k_anonymity(train, quasi)
        if measured is None:
            why = "The marked quasi-identifiers are not in the training rows, or there are no training rows."
    return PersonalDataFacts(
        columns=tuple(schema.personal_columns),
        quasi_identifiers=quasi,
        k_anonymity=measured,
        learnt=_learnt(run, train),
        unique_share_reason=why,
    )


def _learnt(run: Run, train: pd.DataFrame | None) -> tuple[LearntPersonalColumn, ...] | None:
    """Learnt columns that look personal: measured on the training rows, else as the privacy review stored them."""
    if train is not None:
        return learnt_personal_columns(run.schema, train)
    return run.privacy.learnt_personal if run.privacy is not None else None


def review_run(run: Run, *, personal: PersonalDataFacts | None = None) -> RunReview:
    """Decide the four summary lines of a run.

    Args:
        run: The run with whatever results it has.
        personal: Facts about the training rows (`personal_data_facts`). Without them the learnt columns are
            those the privacy review stored, and the personal-data line is "not checked" when there is none.

    Returns:
        The lines for fidelity, utility, privacy and personal data.
    """
    facts = personal or personal_data_facts(run)
    return RunReview(
        lines=(_fidelity(run), _utility(run), _privacy(run), _personal_data(run, facts)),
    )


def review_outcome(outcome: RunOutcome) -> RunReview:
    """`review_run` with the personal-data facts measured on the outcome's training rows."""
    return review_run(outcome.run, personal=personal_data_facts(outcome.run, outcome.split.train))


def detector_label(detector: str) -> str:
    """A detector's name for people ("gradient-boosted trees")."""
    return DETECTOR_LABELS.get(detector, detector)


def detection_disagreement(run: Run) -> str:
    """Why two detectors that ran disagree by more than `DETECTOR_DISAGREEMENT`; empty when they agree."""
    results = run.detections
    if len(results) < 2:
        return ""
    low, high = min(results, key=lambda r: r.auc), max(results, key=lambda r: r.auc)
    if high.auc - low.auc <= DETECTOR_DISAGREEMENT:
        return ""
    scores = f"{detector_label(low.detector)} scores {low.auc:.3f}, {detector_label(high.detector)} {high.auc:.3f}"
    if high.detector == "boosting":
        return (
            f"The detectors disagree: {scores}. A logistic regression adds up one effect per column value, so it "
            "sees only differences in single columns; gradient-boosted trees also see combinations of columns. "
            "The synthetic rows get the columns one by one about right but combine them in ways real rows do "
            "not. The higher AUC is the one that counts."
        )
    return (
        f"The detectors disagree: {scores}. The stronger model usually finds more; here the simpler one did, "
        "which happens with few rows or many rare categories. The higher AUC is the one that counts."
    )


def _fidelity(run: Run) -> ReviewLine:
    fidelity = run.fidelity
    if fidelity is None:
        return ReviewLine("fidelity", ReviewState.NOT_CHECKED, "Not evaluated: the run was made without fidelity.")
    overall = f"Overall quality {fidelity.overall:.1%}"
    reads_well = fidelity.overall >= FIDELITY_PASS  # False for NaN too
    strongest = run.strongest_detection
    spotted = strongest is not None and strongest.auc > DETECTION_AUC_LIMIT
    if not reads_well or spotted:
        sentences = [
            f"{overall} reads well ({FIDELITY_PASS:.0%} or more)."
            if reads_well
            else f"{overall} is below {FIDELITY_PASS:.0%}: look at the weakest columns."
        ]
        if spotted:
            sentences.append(
                f"The {detector_label(strongest.detector)} detector tells synthetic rows from real ones with AUC "
                f"{strongest.auc:.3f}, above {DETECTION_AUC_LIMIT:.2f}: the rows are easy to spot."
            )
        return ReviewLine("fidelity", ReviewState.NEEDS_REVIEW, " ".join(sentences))
    detection = (
        f"; the strongest detector that ran ({detector_label(strongest.detector)}) scores AUC {strongest.auc:.3f} "
        f"({DETECTION_AUC_LIMIT:.2f} or less)"
        if strongest is not None
        else "; no detector was run, so whether the rows are easy to spot is not known"
    )
    pairs = (
        " Column pair trends were not scored: no pair of real columns is associated strongly enough for SDMetrics "
        "to score it, so the quality compares single columns only."
        if math.isnan(fidelity.column_pair_trends)
        else ""
    )
    return ReviewLine(
        "fidelity", ReviewState.PASS, f"{overall} ({FIDELITY_PASS:.0%} or more reads well){detection}.{pairs}"
    )


def _utility(run: Run) -> ReviewLine:
    utility = run.utility
    if utility is None:
        why = (
            "Not evaluated: no column has the role 'target'."
            if not run.schema.target
            else "Not evaluated: train-on-synthetic models were not run."
        )
        return ReviewLine("utility", ReviewState.NOT_CHECKED, why)
    ratio = f"TSTR/TRTR {utility.ratio:.2f} on target '{utility.target}'"
    leakage = utility.leakage
    if leakage is not None and leakage.flagged:
        return ReviewLine("utility", ReviewState.NEEDS_REVIEW, f"{_capitalised(leakage.message)} ({ratio}.)")
    if not math.isfinite(utility.ratio):
        return ReviewLine(
            "utility", ReviewState.NEEDS_REVIEW, f"No TSTR/TRTR ratio for target '{utility.target}': see the notes."
        )
    if leakage is None:
        return ReviewLine(
            "utility",
            ReviewState.NEEDS_REVIEW,
            f"{ratio}, but target leakage was not checked (the run was evaluated before the check existed): "
            "evaluate utility again.",
        )
    if utility.ratio >= UTILITY_PASS:
        best = leakage.best_single
        alone = (
            f"; no feature alone gives the target away (the strongest, '{best.name}', scores {best.score:.2f})"
            if best
            else ""
        )
        return ReviewLine("utility", ReviewState.PASS, f"{ratio} ({UTILITY_PASS:.2f} or more reads well){alone}.")
    return ReviewLine(
        "utility",
        ReviewState.NEEDS_REVIEW,
        f"{ratio} is below {UTILITY_PASS:.2f}: models trained on synthetic rows lose predictive value.",
    )


def _privacy(run: Run) -> ReviewLine:
    review = run.privacy
    if review is None:
        return ReviewLine("privacy", ReviewState.NOT_CHECKED, "Not evaluated: the privacy evidence was not computed.")
    verdict = review.verdict
    state = {RiskLevel.LOW: ReviewState.PASS, RiskLevel.MEDIUM: ReviewState.NEEDS_REVIEW}.get(
        verdict.level, ReviewState.FAIL
    )
    raised = [part.part for part in verdict.parts if part.level is verdict.level and verdict.level > RiskLevel.LOW]
    text = [f"Risk {verdict.level.label}" + (f" (from {', '.join(raised)})." if raised else ".")]
    if review.distances.subsampled:
        text.append("The distances were computed on a subsample, which can hide copied rows: compute them on all rows.")
        state = ReviewState.NEEDS_REVIEW if state is ReviewState.PASS else state
    unchecked = verdict.unchecked
    if "personal data" in unchecked:
        # The review predates the check: whether a learnt column holds personal data is unknown, so no pass.
        text.append("Whether a learnt column looks like personal data was not checked: compute the evidence again.")
        state = ReviewState.NEEDS_REVIEW if state is ReviewState.PASS else state
    if "quasi-identifiers" in unchecked and run.schema.personal_columns:
        # A table about people whose quasi-identifiers were never compared has a gap, not a pass.
        text.append(
            "The table is about people, but no quasi-identifier is marked, so synthetic rows that single someone out "
            "by age, sex or postcode were not looked for: mark them on the Data page and generate again."
        )
        state = ReviewState.NEEDS_REVIEW if state is ReviewState.PASS else state
    elif "quasi-identifiers" in unchecked:
        text.append("Quasi-identifiers were not compared (none is marked).")
    if not review.attacks:
        text.append("The attack-based risks were not run.")
    elif "attacks" in unchecked:
        text.append("No attack could be run.")
    return ReviewLine("privacy", state, " ".join(text))


def _personal_data(run: Run, facts: PersonalDataFacts) -> ReviewLine:
    replaced = facts.columns
    replaced_text = (
        f"{len(replaced)} column(s) replaced with fake values and never learnt: {', '.join(replaced)}."
        if replaced
        else "No column is treated as personal data."
    )
    if run.kind == "external" and replaced:
        replaced_text = (
            f"The synthetic data was made elsewhere, so whether its personal-data column(s) {', '.join(replaced)} "
            "hold fake values is not known: check them."
        )
    learnt = facts.learnt
    if learnt is None:
        return ReviewLine(
            "personal_data",
            ReviewState.NOT_CHECKED,
            f"{replaced_text} Whether a learnt column holds personal data was not checked (it needs the training "
            "rows).",
        )
    by_content = [column for column in learnt if column.by_content]
    by_header = [column for column in learnt if not column.by_content]
    if by_content:
        found = "; ".join(f"'{column.column}': {column.evidence}" for column in by_content)
        return ReviewLine(
            "personal_data",
            ReviewState.FAIL,
            f"Learnt column(s) look like personal data ({found}), so real people's values can appear in the "
            f"synthetic rows. Set their kind to personal data (or their role to ignore) and generate again. "
            f"{replaced_text}",
        )
    if by_header:
        found = "; ".join(f"'{column.column}': {column.evidence}" for column in by_header)
        return ReviewLine(
            "personal_data",
            ReviewState.NEEDS_REVIEW,
            f"Learnt column(s) may hold personal data ({found}): check their values, and set their kind to personal "
            f"data if they name people. {replaced_text}",
        )
    if run.kind == "external" and replaced:
        return ReviewLine("personal_data", ReviewState.NEEDS_REVIEW, replaced_text)
    return ReviewLine(
        "personal_data",
        ReviewState.PASS,
        f"{replaced_text} No learnt column looks like personal data.{_uniqueness(facts)}",
    )


def _uniqueness(facts: PersonalDataFacts) -> str:
    measured = facts.k_anonymity
    if measured is None:
        return ""
    return (
        f" On the quasi-identifiers ({', '.join(measured.columns)}), {measured.unique_share:.1%} of training rows are "
        f"unique (smallest group {measured.smallest_group}); the privacy line weighs synthetic rows that match them."
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
