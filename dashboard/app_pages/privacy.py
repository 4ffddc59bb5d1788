"""Privacy page: the verdict first, then every piece of evidence with its explanation."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import state, tour, widgets
from dashboard.page_registry import PRIVACY
from dashboard.run_steps import run_job
from synth_core.evaluation.attacks import AttackSettings, default_linkability_columns
from synth_core.evaluation.privacy import PrivacySettings, suggested_max_rows
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.verdict import PrivacyThresholds, PrivacyVerdict, RiskLevel
from synth_core.pipeline import RunOutcome, review_privacy, run_attacks
from synth_core.plots.privacy import (
    plot_attack_risks,
    plot_closer_to_train,
    plot_distance_histograms,
    plot_membership_roc,
)
from synth_core.runs import formal_guarantee

COPY_ROWS_SHOWN = 20
_VERDICT_BOXES = {
    RiskLevel.NOT_CHECKED: st.info,
    RiskLevel.LOW: st.success,
    RiskLevel.MEDIUM: st.warning,
    RiskLevel.HIGH: st.error,
}
# What the user can do to check a part that was not checked.
_HOW_TO_CHECK = {
    "quasi-identifiers": "mark the columns that single people out (age, sex, postcode, dates) as quasi-identifiers "
    "on the Data page, then generate again",
    "personal data": "compute the evidence again (Settings and thresholds), which looks at every learnt column",
    "attacks": "run the attacks below",
    "rare values": "nothing to do: no category is rare in the training rows",
}
_VERDICT_ICONS = {RiskLevel.LOW: ":material/verified_user:", RiskLevel.MEDIUM: ":material/warning:"}


def settings_form(outcome: RunOutcome) -> tuple[PrivacySettings, PrivacyThresholds]:
    """Seeds, the optional subsample, and the verdict's thresholds."""
    defaults, limits = PrivacySettings(), PrivacyThresholds()
    with st.expander("Settings and thresholds", icon=":material/tune:"):
        left, middle, right = st.columns(3)
        seed = left.number_input("Seed", min_value=0, value=defaults.seed, key="privacy_seed")
        draws = middle.number_input(
            "Size-corrected draws",
            min_value=1,
            max_value=50,
            value=defaults.size_corrected_draws,
            help="How many training subsamples the size-corrected share averages over.",
            key="privacy_draws",
        )
        rare_count = right.number_input(
            "Rare below (training rows)", min_value=2, max_value=100, value=defaults.rare_count, key="privacy_rare"
        )
        largest = max(outcome.run.synthetic_rows, outcome.run.train_rows)
        suggested = suggested_max_rows(outcome.run.train_rows, outcome.run.synthetic_rows)
        subsample = st.toggle(
            "Use a subsample (faster, less exact)",
            value=suggested is not None,
            help="Every number is exact over all rows, except on large tables, where a subsample is the default "
            "so the page answers in about a minute. A subsample can hide memorised rows.",
            key="privacy_subsample",
        )
        max_rows = None
        if subsample:
            max_rows = int(
                st.number_input(
                    "Rows per set",
                    min_value=100,
                    max_value=largest,
                    value=min(suggested or 5000, largest),
                    key="privacy_rows",
                )
            )
        st.markdown("**Verdict thresholds**")
        columns = st.columns(5)
        thresholds = PrivacyThresholds(
            copy_factor=columns[0].number_input("Copies × holdout rate", 0.0, 100.0, limits.copy_factor, 0.5),
            copy_margin=columns[1].number_input("+ copy margin", 0.0, 1.0, limits.copy_margin, 0.005, format="%.3f"),
            membership_auc=columns[2].number_input("Membership AUC above", 0.5, 1.0, limits.membership_auc, 0.01),
            attack_lower_bound=columns[3].number_input(
                "Attack lower bound above", 0.0, 1.0, limits.attack_lower_bound, 0.01
            ),
            closer_to_train=columns[4].number_input("Closer-to-training above", 0.5, 1.0, limits.closer_to_train, 0.01),
            rare_values_medium=columns[0].number_input(
                "Rare values repeated: medium above", 0.0, 1.0, limits.rare_values_medium, 0.05
            ),
            rare_values_high=columns[1].number_input(
                "Rare values repeated: high above", 0.0, 1.0, limits.rare_values_high, 0.05
            ),
            quasi_identifier_factor=columns[2].number_input(
                "QI matches × holdout rate", 0.0, 100.0, limits.quasi_identifier_factor, 0.5
            ),
            quasi_identifier_margin=columns[3].number_input(
                "+ QI margin", 0.0, 1.0, limits.quasi_identifier_margin, 0.005, format="%.3f"
            ),
        )
    settings = PrivacySettings(
        seed=int(seed), size_corrected_draws=int(draws), rare_count=int(rare_count), max_rows=max_rows
    )
    return settings, thresholds


def compute(outcome: RunOutcome, settings: PrivacySettings, thresholds: PrivacyThresholds) -> RunOutcome | None:
    """Compute the distance evidence as a job; None if it failed or was stopped."""
    reviewed = run_job(
        "Measuring privacy distances",
        review_privacy,
        outcome,
        settings=settings,
        thresholds=thresholds,
        advice="Try a smaller row limit under the settings, or fewer columns on the Data page.",
        automatic=True,
    )
    return None if reviewed is None else reviewed[0]


def verdict_box(verdict: PrivacyVerdict, review: PrivacyReview) -> None:
    """The verdict, first, with the reason from every part of the evidence."""
    unchecked = verdict.unchecked
    # A low level with parts left unchecked is not a clean bill: it is shown as information, not success.
    box = st.info if verdict.level is RiskLevel.LOW and unchecked else _VERDICT_BOXES[verdict.level]
    reasons = "\n".join(
        f"- **{widgets.escape(part.part.capitalize())}: {part.level.label}.** {widgets.escape(part.reason)}"
        for part in verdict.parts
    )
    pending = "" if review.attacks else "\n\nThe attack-based risks have not run yet; they can only raise the verdict."
    gaps = ""
    if unchecked:
        todo = "\n".join(
            f"- {widgets.escape(part.capitalize())}: {_HOW_TO_CHECK.get(part, 'see below')}." for part in unchecked
        )
        gaps = f"\n\n**Not checked**, so the level above does not cover it:\n{todo}"
    headline = verdict.level.label + (
        f" on what was checked ({len(unchecked)} part(s) not checked)" if unchecked else ""
    )
    box(
        f"### Privacy risk: {headline}\n{reasons}{gaps}{pending}",
        icon=_VERDICT_ICONS.get(verdict.level, ":material/gpp_bad:") if not unchecked else ":material/help:",
    )
    if review.distances.subsampled:
        rows = review.distances.rows
        st.warning(
            f"Computed on a subsample ({rows['synthetic']:,} synthetic, {rows['train']:,} training and "
            f"{rows['holdout']:,} holdout rows). Large tables are subsampled by default so this page answers in "
            "about a minute; switch it off under Settings and thresholds for exact numbers over every row. "
            "Subsamples can hide memorised rows.",
            icon=":material/filter_alt:",
        )
    widgets.explainer("privacy.verdict")


def distance_panel(review: PrivacyReview) -> None:
    """Overlaid DCR histograms and the SDMetrics scores built on them."""
    distances = review.distances
    st.subheader("How close synthetic rows come to real ones")
    left, middle, right = st.columns(3)
    widgets.metric(left, "privacy.median_dcr_synthetic", f"{distances.synthetic_to_train.median:.3f}")
    widgets.metric(middle, "privacy.median_dcr_holdout", f"{distances.holdout_to_train.median:.3f}")
    widgets.metric(right, "privacy.median_dcr_random", f"{distances.random_to_train.median:.3f}")
    figure = plot_distance_histograms(
        {
            "Synthetic → training": distances.synthetic_to_train,
            "Holdout → training": distances.holdout_to_train,
            "Random → training": distances.random_to_train,
        }
    )
    st.plotly_chart(figure, width="stretch", key="dcr_histograms")
    left, right = st.columns(2)
    widgets.metric_with_explainer(left, "privacy.baseline_protection", distances.baseline_protection)
    widgets.metric_with_explainer(right, "privacy.overfitting_protection", distances.overfitting_protection)
    widgets.explainer("privacy.dcr")
    st.caption(
        f"Columns compared: {widgets.escape(', '.join(distances.columns))}. "
        f"Time: {sum(distances.seconds.values()):.1f} s."
    )


def closeness_panel(review: PrivacyReview) -> None:
    """Closer to training or to holdout, as SDMetrics counts it and size-corrected."""
    distances = review.distances
    st.subheader("Closer to training or to holdout?")
    verdict_part = review.verdict.part("closeness")
    st.markdown(widgets.escape(verdict_part.reason) if verdict_part else "")
    figure = plot_closer_to_train(
        distances.closer_to_train_share, distances.closer_to_train_corrected, limit=review.thresholds.closer_to_train
    )
    st.plotly_chart(figure, width="stretch", key="closer_to_train")
    rows = distances.rows
    if rows["holdout"] < rows["train"] / 2:
        st.info(
            f"The holdout ({rows['holdout']:,} rows) is much smaller than the training set ({rows['train']:,}). "
            "A synthetic row then lands closer to the larger set by chance alone, so SDMetrics' share overstates "
            "the risk (SDMetrics itself warns about this). The size-corrected share compares sets of equal size.",
            icon=":material/balance:",
        )
    widgets.explainer("privacy.closer_to_train")


def copies_panel(review: PrivacyReview, outcome: RunOutcome) -> None:
    """Exact copies against the holdout's own rate, NNDR, and rare values."""
    distances = review.distances
    st.subheader("Copies of real rows")
    part = review.verdict.part("copies")
    st.markdown(widgets.escape(part.reason) if part else "")
    left, middle, right = st.columns(3)
    widgets.metric(
        left, "privacy.exact_copies", f"{distances.exact_copies:,}", detail=f"{distances.exact_copy_share:.2%} of rows."
    )
    widgets.metric(middle, "privacy.holdout_copy_rate", f"{distances.holdout_copy_share:.2%}")
    widgets.metric(
        right, "privacy.nndr", f"{distances.nndr_median:.3f}", detail=f"{distances.nndr_low_share:.1%} below 0.5."
    )
    if distances.copy_positions:
        shown = list(distances.copy_positions[:COPY_ROWS_SHOWN])
        st.caption(f"The first {len(shown)} synthetic rows that copy a training row:")
        st.dataframe(outcome.synthetic.iloc[shown], width="stretch")
    widgets.explainer("privacy.exact_copies")
    widgets.explainer("privacy.nndr")
    rare_part = review.verdict.part("rare values")
    if rare_part:
        st.markdown(f"**Rare values: {rare_part.level.label}.** {widgets.escape(rare_part.reason)}")
    if distances.rare_values:
        share = distances.rare_values_repeated_share or 0.0
        st.markdown(
            f"**Rare values repeated** ({len(distances.rare_values)} of {distances.rare_values_checked} rare values, "
            f"{share:.1%}):"
        )
        st.dataframe(pd.DataFrame([vars(value) for value in distances.rare_values]), hide_index=True, width="stretch")
    else:
        st.markdown(f"No rare value (of {distances.rare_values_checked}) reappears in the synthetic data.")
    widgets.explainer("privacy.rare_values")


def personal_data_panel(review: PrivacyReview) -> None:
    """Learnt columns that look like personal data: the one thing a generator must never learn."""
    st.subheader("Personal data that is learnt")
    part = review.verdict.part("personal data")
    if part:
        st.markdown(f"**{part.level.label.capitalize()}.** {widgets.escape(part.reason)}")
    if review.learnt_personal:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Column": found.column,
                        "Evidence": found.evidence,
                        "Found by": "its values" if found.by_content else "its header only",
                    }
                    for found in review.learnt_personal
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "On the Data page, set these columns' kind to personal (replaced with fake values, never learnt) or their "
            "role to ignore, then generate again."
        )
    widgets.explainer("privacy.learnt_personal")


def quasi_identifier_panel(review: PrivacyReview) -> None:
    """Synthetic rows that reproduce a real person's unique combination of quasi-identifiers."""
    distances = review.distances
    st.subheader("Unique combinations of quasi-identifiers")
    part = review.verdict.part("quasi-identifiers")
    if part:
        st.markdown(f"**{part.level.label.capitalize()}.** {widgets.escape(part.reason)}")
    if distances.quasi_identifiers:
        left, middle, right = st.columns(3)
        widgets.metric(
            left,
            "privacy.quasi_identifiers",
            f"{distances.unique_quasi_identifier_matches:,}",
            detail=f"{distances.unique_quasi_identifier_match_share:.2%} of synthetic rows.",
        )
        widgets.metric(
            middle,
            "privacy.quasi_identifier_holdout_rate",
            f"{distances.holdout_unique_quasi_identifier_share:.2%}",
        )
        widgets.metric(right, "privacy.quasi_identifier_unique_rows", f"{distances.unique_quasi_identifier_rows:,}")
        st.caption(f"Quasi-identifiers: {widgets.escape(', '.join(distances.quasi_identifiers))}.")
    widgets.explainer("privacy.quasi_identifiers")


def membership_panel(review: PrivacyReview) -> None:
    """The distance-based membership-inference attack's ROC curve."""
    distances = review.distances
    st.subheader("Membership inference")
    part = review.verdict.part("membership")
    st.markdown(widgets.escape(part.reason) if part else "")
    false_positive, true_positive = distances.membership_roc
    st.plotly_chart(
        plot_membership_roc(false_positive, true_positive, distances.membership_auc), width="stretch", key="roc"
    )
    st.caption(f"{distances.membership_members:,} training rows against as many holdout rows.")
    widgets.explainer("privacy.membership")


def attacks_panel(outcome: RunOutcome) -> RunOutcome | None:
    """Show the singling-out, linkability and inference risks from anonymeter, run on request."""
    st.subheader("Attacks (anonymeter)")
    review = outcome.run.privacy
    schema = outcome.run.schema
    columns = schema.modelled_columns
    default_groups = default_linkability_columns(columns)
    with st.form("attack_settings"):
        left, right = st.columns(2)
        attacks = left.number_input("Attacks per risk", min_value=10, max_value=5000, value=500, step=50)
        secret_default = schema.target if schema.target in columns else columns[-1]
        secret = right.selectbox("Secret column (inference)", columns, index=columns.index(secret_default))
        first = left.multiselect("Linkability: columns the attacker holds", columns, default=list(default_groups[0]))
        second = right.multiselect("Linkability: columns in the other source", columns, default=list(default_groups[1]))
        submitted = st.form_submit_button("Run the attacks", icon=":material/swords:")
    updated = None
    if submitted:
        settings = AttackSettings(
            n_attacks=int(attacks),
            linkability_columns=(tuple(first), tuple(second)) if first and second else None,
            secret_column=secret,
            seed=review.settings.seed,
        )
        updated = run_job(
            "Running the attacks",
            run_attacks,
            outcome,
            settings=settings,
            advice="Try fewer attacks, or other columns for linkability and inference.",
        )
        if updated is not None:
            review = updated.run.privacy
    if review.attacks:
        ran = [risk for risk in review.attacks if not risk.error]
        if ran:
            figure = plot_attack_risks(
                [risk.label for risk in ran],
                [risk.risk for risk in ran],
                [risk.ci_low for risk in ran],
                [risk.ci_high for risk in ran],
                limit=review.thresholds.attack_lower_bound,
            )
            st.plotly_chart(figure, width="stretch", key="attack_risks")
        for risk in review.attacks:
            if risk.error:
                st.warning(f"{widgets.escape(risk.label)}: {widgets.escape(risk.error)}", icon=":material/warning:")
            else:
                st.caption(f"**{widgets.escape(risk.label)}**: {widgets.escape(risk.detail)}")
    else:
        st.caption("The attacks take longer than the distances; run them when you need them.")
    widgets.explainer("privacy.attacks")
    return updated


def guarantee_box(outcome: RunOutcome) -> None:
    """A formal guarantee, for runs whose generator gives one, beside what the measurements below show."""
    lines = formal_guarantee(outcome.run)
    if lines:
        items = "\n".join(f"- {widgets.escape(line)}" for line in lines)
        st.success(
            "**This run has a formal privacy guarantee.**\n\n"
            f"{items}\n\nThe measurements below test these rows against particular attacks; the guarantee bounds "
            "what any attacker can learn about one training row, whatever they already know.",
            icon=":material/verified_user:",
        )


def page() -> None:
    """Render the Privacy page."""
    st.title(PRIVACY.title)
    tour.banner(PRIVACY)
    outcome = widgets.require_run()
    run = outcome.run
    st.caption(
        f"{widgets.escape(run.generator_label)}, seed {run.config.seed}: {run.synthetic_rows:,} synthetic rows against "
        f"{run.train_rows:,} training and {run.holdout_rows:,} holdout rows."
    )
    widgets.run_notes(outcome)
    guarantee_box(outcome)
    settings, thresholds = settings_form(outcome)
    review = run.privacy
    # A review from before personal data was looked at (an older manifest) is computed again.
    if review is None or review.settings != settings or review.learnt_personal is None:
        updated = compute(outcome, settings, thresholds)
        if updated is None:
            return
        state.set_outcome(updated)
        outcome = updated
    elif review.thresholds != thresholds:
        outcome = replace(outcome, run=replace(run, privacy=replace(review, thresholds=thresholds)))
        state.set_outcome(outcome)
    review = outcome.run.privacy

    widgets.review_lines(outcome, ("privacy", "personal_data"))
    verdict_box(review.verdict, review)
    distance_panel(review)
    closeness_panel(review)
    personal_data_panel(review)
    quasi_identifier_panel(review)
    copies_panel(review, outcome)
    membership_panel(review)
    updated = attacks_panel(outcome)
    if updated is not None:
        state.set_outcome(updated)
        st.rerun()  # the verdict above includes the attacks now


page()
