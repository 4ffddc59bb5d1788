"""The explainer registry: one plain-language entry per concept the app shows.

Pages, the glossary and the report all read from here, so a concept is explained the same way
wherever it appears. Each entry says what it means, what good values are, and how it is computed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Explainer:
    """One concept, explained.

    Attributes:
        key: A stable identifier such as "kind.ordinal".
        title: A short human name.
        what: What it means.
        good: What good values or choices look like.
        how: How it is computed or decided.
    """

    key: str
    title: str
    what: str
    good: str
    how: str


_ENTRIES: tuple[Explainer, ...] = (
    # --- Column kinds ---
    Explainer(
        "kind.numerical",
        "Numerical column",
        "A quantity on a continuous scale, such as age, income or a measurement.",
        "Use it for numbers where differences and averages make sense and there are many distinct values.",
        "Columns stored as numbers with more than 20 distinct whole values, or with fractions. Generators "
        "learn their distribution and round to the precision seen in the real data.",
    ),
    Explainer(
        "kind.ordinal",
        "Ordinal column",
        "A small set of levels with a natural order, such as an education level coded 1 to 16.",
        "Use it for whole numbers with few distinct values. Treating them as continuous would invent "
        "in-between values (like 7.4 years of school) and blur the peaks at each level.",
        "Whole numbers with at most 20 distinct values. They are modelled as ordered categories.",
    ),
    Explainer(
        "kind.categorical",
        "Categorical column",
        "A label from a fixed set, such as a job title, a country or yes/no.",
        "Fine up to a few hundred levels. Thousands of levels are slow for deep generators and are often "
        "identifiers or free text in disguise.",
        "Text columns with repeated values, and whole numbers with only two values. Generators learn how "
        "often each level occurs and how it goes with the other columns.",
    ),
    Explainer(
        "kind.boolean",
        "Boolean column",
        "A true/false flag.",
        "Use it only when the column holds true and false (and perhaps missing values).",
        "Columns whose values are all true or false.",
    ),
    Explainer(
        "kind.datetime",
        "Date or time column",
        "A point in time, such as a start date.",
        "Check that the detected format matches your data: a wrong format turns dates into missing values.",
        "Columns stored as dates, or text that parses as dates in one consistent format. Generators model "
        "them as numbers of seconds and write them back in the same format.",
    ),
    Explainer(
        "kind.id",
        "Identifier column",
        "A value that names a row, such as a customer number. It carries no pattern worth learning.",
        "Identifiers should be keys: regenerated as new unique values, never copied from the real data.",
        "Columns in which every value is different and short, or whole numbers that are all different and "
        "whose name says they are an id.",
    ),
    Explainer(
        "kind.text",
        "Free-text column",
        "Sentences or notes, mostly different from row to row.",
        "Free text can hide personal details. It is never learnt; synthetic rows get placeholder sentences.",
        "Columns where nearly every value is different and values have several words.",
    ),
    Explainer(
        "kind.personal",
        "Personal data",
        "Values that identify or contact a person: names, emails, phone numbers, addresses and the like.",
        "Every personal-data column should be marked here. These columns are filled with fake values of "
        "the same type (from Faker) and never learnt from the real values, whichever generator you choose.",
        "Found by content (email, phone, postcode, IP and address patterns, and names from Faker's name "
        "lists), not only by the column's name. A name-only guess is shown as such, so you can check it.",
    ),
    # --- Column roles ---
    Explainer(
        "role.feature",
        "Feature",
        "A column the generator learns and reproduces.",
        "Most columns are features.",
        "Every column that is not a key, the target, or ignored.",
    ),
    Explainer(
        "role.target",
        "Target",
        "The column a model would predict. It is modelled like a feature, and it is the label for the "
        "machine-learning utility tests (train on synthetic, test on real).",
        "Choose the outcome you care about, such as income or credit risk. There is at most one.",
        "Guessed from usual names (income, label, class, …) or a last column with few levels; change it freely.",
    ),
    Explainer(
        "role.key",
        "Key",
        "A unique identifier for each row.",
        "Keys are regenerated as new unique values, so no real identifier reaches the synthetic data.",
        "Identifier columns become keys.",
    ),
    Explainer(
        "role.ignore",
        "Ignored",
        "A column left out of the model and the outputs.",
        "Ignore columns that are empty or that should not be shared in any form.",
        "Columns in which every value is missing are ignored by default.",
    ),
    # --- Fidelity ---
    Explainer(
        "fidelity.overall",
        "Overall quality",
        "How closely the synthetic data follows the real data, from SDMetrics' quality report.",
        "Above 80% is good for most uses; two real samples of one population score about 99% (a ceiling). "
        "A high score says nothing about privacy: a copy of the real rows scores 100%.",
        "The mean of the column shapes and column pair trends scores.",
    ),
    Explainer(
        "fidelity.column_shapes",
        "Column shapes",
        "How alike each column's distribution is in real and synthetic data, one column at a time.",
        "Above 85% means the single columns look right. Check the weakest columns below.",
        "For numbers and dates, the KS complement (1 minus the largest gap between the two cumulative "
        "distributions); for categories, the TV complement (1 minus half the summed differences in shares). "
        "The mean over columns.",
    ),
    Explainer(
        "fidelity.column_pair_trends",
        "Column pair trends",
        "How alike the relationships between pairs of columns are in real and synthetic data.",
        "Above 75% means most relationships survive. The independent-columns baseline scores low here.",
        "For two numbers, 1 minus half the gap between their real and synthetic correlations; otherwise, "
        "1 minus half the summed differences of their contingency tables. The mean over pairs.",
    ),
    Explainer(
        "fidelity.group_shares",
        "Group shares, before and after",
        "The share of rows each value of a rebalanced or conditioned column has in the real training rows "
        "(before) and in the synthetic rows (after).",
        "After rebalancing, the synthetic shares should match the target shares you set; the real shares show "
        "how far they were moved. Fidelity scores compare with the real shares, so they drop by design.",
        "Rows per value divided by all rows, in each table. The synthetic rows are drawn from the fitted model "
        "with the value fixed (conditional sampling); no real row is resampled.",
    ),
    Explainer(
        "fidelity.within_group_shapes",
        "Within-group column shapes",
        "How alike the other columns are in real and synthetic rows of the same group, such as women only: "
        "whether the rows of a boosted group still look like that group's real rows.",
        "Close to the score of a plain (unbalanced) run of the same generator, within about 0.05. A larger drop "
        "means the model invents rows for a group it knows poorly, often a small one.",
        "SDMetrics' Column Shapes (KS and TV complements, averaged over columns) computed on the real and the "
        "synthetic rows of one group, leaving out the grouping column itself.",
    ),
    Explainer(
        "fidelity.diagnostic",
        "Diagnostic (validity and structure)",
        "Basic sanity: values within the real ranges and categories, unique keys, the same columns.",
        "It should be 100%. Anything lower points at invalid values the generator invented.",
        "SDMetrics' diagnostic report: Data Validity (boundary adherence, category adherence, key "
        "uniqueness) and Data Structure (the same column names), averaged.",
    ),
    Explainer(
        "fidelity.rule_compliance",
        "Rule compliance",
        "The share of synthetic rows that obey each rule set for the run (such as 'start is never after end', or "
        "'only the real combinations of education and education-num occur'). The real rows' share is shown beside "
        "it.",
        "100% for every rule a generator enforces; the real rows obey them all by construction. A baseline that "
        "ignores the rules scores lower, which shows how often an unconstrained model breaks them.",
        "Each rule is checked row by row; a row with a missing value in the rule's columns counts as obeying. "
        "The headline is the lowest share over the rules.",
    ),
    Explainer(
        "fidelity.ks_complement",
        "KS complement",
        "How alike a numerical or date column's distribution is in real and synthetic data.",
        "1 is identical; 0 means the two never overlap.",
        "1 minus the Kolmogorov-Smirnov statistic: the largest vertical gap between the two cumulative "
        "distribution curves.",
    ),
    Explainer(
        "fidelity.tv_complement",
        "TV complement",
        "How alike a categorical column's shares are in real and synthetic data.",
        "1 is identical shares; 0 means no category in common.",
        "1 minus the total variation distance: half the sum, over categories, of the absolute difference "
        "between real and synthetic shares.",
    ),
    Explainer(
        "fidelity.association",
        "Association strength",
        "How strongly two columns go together, on one 0-to-1 scale for any mix of numbers and categories.",
        "Compare the real and synthetic heatmaps: the difference panel should be pale everywhere. Dark red "
        "or blue cells are relationships the synthetic data exaggerates or loses.",
        "Two numbers: absolute Pearson correlation. Two categories: Cramér's V with bias correction. A number "
        "and a category: the correlation ratio η. Dates count as numbers; ordinal and boolean columns as "
        "categories.",
    ),
    Explainer(
        "fidelity.detection",
        "Detection AUC",
        "How well a classifier tells real rows from synthetic ones.",
        "0.5: it cannot tell them apart. Near 1: the synthetic rows are easy to spot, so something about them "
        "is off even if each column looks right.",
        "A logistic regression on SDMetrics' preprocessing, cross-validated three ways, repeated with different "
        "seeds and averaged. Columns are matched by name (SDMetrics' own LogisticDetection matches them by "
        "position and reports 1 − (2·max(AUC, 0.5) − 1) instead of the AUC). When the stronger detector ran "
        "too, the report and metrics.json quote the higher of the two AUCs, naming its detector.",
    ),
    Explainer(
        "fidelity.coverage",
        "Coverage",
        "Whether the synthetic data covers the real data's range of numbers (range coverage) or its "
        "categories (category coverage).",
        "1: every real category appears and the real range is spanned. Low values mean rare categories or "
        "extreme values were lost.",
        "SDMetrics' RangeCoverage and CategoryCoverage, per column.",
    ),
    Explainer(
        "fidelity.boundary_adherence",
        "Boundary adherence",
        "The share of synthetic values within the real minimum and maximum.",
        "1: no impossible values such as negative ages.",
        "SDMetrics' BoundaryAdherence, per numeric or date column.",
    ),
    Explainer(
        "fidelity.missing_similarity",
        "Missing-value similarity",
        "Whether the synthetic data has as many missing values in a column as the real data.",
        "1: the same share of missing values.",
        "SDMetrics' MissingValueSimilarity: 1 minus the difference between the two shares of missing values.",
    ),
    Explainer(
        "fidelity.pca",
        "PCA projection",
        "Real and synthetic rows squeezed onto the two directions along which the real data varies most.",
        "The two clouds overlap. Synthetic points in empty regions, or real clusters without synthetic points, "
        "show what the generator invents or misses.",
        "Numbers standardised, categories one-hot encoded, missing values imputed, then principal component "
        "analysis on real and synthetic rows together; each axis title gives the share of variance it explains.",
    ),
    Explainer(
        "fidelity.detection_boosting",
        "Detection AUC, stronger detector",
        "How well gradient-boosted trees tell real rows from synthetic ones. Unlike the logistic detector they "
        "see interactions between columns, so they catch generators that get each column right but combine "
        "them wrongly.",
        "0.5. Values near 1 mean the synthetic rows are easy to spot.",
        "scikit-learn's histogram gradient boosting on the same encoded columns, cross-validated three ways.",
    ),
    # --- Privacy ---
    Explainer(
        "privacy.median_dcr_synthetic",
        "Median DCR, synthetic → training",
        "The typical distance from a synthetic row to its closest training row.",
        "Not far below the holdout's own median: real unseen rows show how close real people naturally are.",
        "The median of SDMetrics' distance to the closest record over every synthetic row.",
    ),
    Explainer(
        "privacy.median_dcr_holdout",
        "Median DCR, holdout → training",
        "The typical distance from a real row the generator never saw to its closest training row: how close "
        "real people naturally are to each other.",
        "A reference, not a score. Synthetic rows much closer than this suggest memorised records.",
        "The median of SDMetrics' distance from each holdout row to its closest training row.",
    ),
    Explainer(
        "privacy.median_dcr_random",
        "Median DCR, random → training",
        "The typical distance from uniformly random rows (within the real ranges and categories) to their "
        "closest training row: the far end of the scale.",
        "A reference. DCR baseline protection divides the synthetic median by this one.",
        "Random rows drawn as SDMetrics' DCRBaselineProtection draws them, with a seed.",
    ),
    Explainer(
        "privacy.holdout_copy_rate",
        "Holdout's own copy rate",
        "The share of real rows the generator never saw that are identical to a training row.",
        "A reference: exact copies in the synthetic data are only suspicious above about this rate.",
        "Holdout rows whose distance to the closest training row is exactly 0.",
    ),
    Explainer(
        "privacy.verdict",
        "Privacy verdict",
        "One word for the privacy risk of sharing this synthetic data: low, medium or high, with the level and "
        "the reason from each part of the evidence. A part with no evidence says 'not checked' and is left out "
        "of the word, so read it as a gap, never as a pass.",
        "Low. Medium means the generator stays near its training rows, repeats some rare values, or learns a "
        "column whose header names personal data; high means copies, leaked membership, most rare values "
        "repeated, unique quasi-identifier combinations reproduced, a learnt column whose values are personal "
        "data, or a successful attack. Synthetic data is never anonymous by default: read the reasons.",
        "The worst of the checked parts: high if exact copies exceed twice the holdout's own rate plus 1 point, "
        "if the membership-inference AUC is above 0.60, if more than 50% of rare training values reappear, if "
        "synthetic rows repeat training-unique quasi-identifier combinations more than twice as often as holdout "
        "rows do plus 1 point, if a learnt column's values look like personal data, or if any attack risk's lower "
        "bound is above 0.10; medium if the size-corrected closer-to-training share is above 60%, if more than "
        "10% of rare values reappear, or if a learnt column's header alone names personal data. Quasi-identifiers "
        "are not checked until some are marked. You can change these limits.",
    ),
    Explainer(
        "privacy.dcr",
        "Distance to closest record (DCR)",
        "For each synthetic row, how far it is from the most similar real training row.",
        "Synthetic rows should be about as far from the training rows as unseen real rows (the holdout) are. "
        "Many distances near 0 mean the generator reproduces real people's records.",
        "SDMetrics' distance: the mean over columns of |a − b| / range for numbers and dates (capped at 1) and "
        "0-or-1 for categories, with missing values equal only to missing values. Computed exactly over all "
        "rows, unless you chose a subsample.",
    ),
    Explainer(
        "privacy.baseline_protection",
        "DCR baseline protection",
        "How far synthetic rows are from real ones, compared with purely random rows.",
        "Close to 1. Near 0 means synthetic rows sit much closer to real rows than random data would.",
        "SDMetrics' DCRBaselineProtection: the synthetic data's median DCR divided by that of uniform random "
        "rows drawn within the real ranges, capped at 1.",
    ),
    Explainer(
        "privacy.overfitting_protection",
        "DCR overfitting protection",
        "Whether synthetic rows are closer to the rows the generator learnt from than to real rows it never saw.",
        "Close to 1. But with an 80/20 split, SDMetrics' version reads low even for a safe generator, because "
        "a row is closer to the larger set by chance; see the size-corrected share.",
        "SDMetrics' DCROverfittingProtection: 2 × (1 − share of synthetic rows closer to training than to "
        "holdout), capped at 1. Ties count as closer to holdout.",
    ),
    Explainer(
        "privacy.closer_to_train",
        "Closer to training, size-corrected",
        "The share of synthetic rows whose nearest real row is a training row rather than a holdout row, "
        "with both sets the same size.",
        "About 50%: then the generator does not favour the rows it learnt from. Above 60% reads medium.",
        "The training rows are subsampled to the holdout's size, the share is counted, and this is repeated "
        "over several seeded draws and averaged. Ties count as closer to holdout.",
    ),
    Explainer(
        "privacy.nndr",
        "Nearest-neighbour distance ratio (NNDR)",
        "For each synthetic row, its distance to the closest training row divided by that to the second closest.",
        "Close to 1: no single real row stands out as the source. Many ratios below 0.5 suggest rows matched "
        "to one specific person.",
        "Both distances come from the same exact pass over the training rows.",
    ),
    Explainer(
        "privacy.exact_copies",
        "Exact copies",
        "Synthetic rows identical to a training row on every compared column.",
        "No more than real data has by itself: the holdout's rate of rows identical to a training row "
        "(common rows, such as identical young part-time workers, occur in real data too).",
        "Rows whose distance to the closest training row is exactly 0.",
    ),
    Explainer(
        "privacy.membership",
        "Membership inference",
        "Could an attacker holding a real person's record tell whether that person was in the training data, "
        "just by looking at how close the synthetic data comes to the record?",
        "An AUC near 0.5 (a coin toss). Above 0.60 reads high.",
        "Each real row (an equal number of training and holdout rows) is scored by its distance to the "
        "closest synthetic row; the ROC AUC measures how well that score separates training from holdout.",
    ),
    Explainer(
        "privacy.rare_values",
        "Rare-value leakage",
        "Category values seen in only a handful of training rows that reappear in the synthetic data.",
        "None. A rare value (one person's unusual job or country) can point to that person. More than 10% of "
        "rare values repeated reads medium, more than 50% high; with no rare value at all there is nothing to "
        "check.",
        "Values of learnt category columns in fewer than k training rows (k = 5 by default) are listed when the "
        "synthetic data has them, compared as written (35 and 35.0 are the same value). The share repeated is "
        "the listed values over all rare values.",
    ),
    Explainer(
        "privacy.quasi_identifiers",
        "Unique quasi-identifier combinations reproduced",
        "Synthetic rows whose values in the marked quasi-identifiers (birth date, age, sex, postcode, …) equal "
        "those of a training row that no other training row shares. Anyone who knows those few facts about that "
        "person finds a synthetic row that points to them, whatever its other columns say.",
        "About the holdout's own rate: real people the generator never saw land on such combinations by chance. "
        "More than twice that rate plus 1 point reads high. Not checked while no column is marked.",
        "The marked columns present in the synthetic data are written as a reader reads them (35.0 as 35, a "
        "date as 2020-01-31 whether stored as a date or as text), combined into one key per row, and the "
        "training keys seen exactly once are looked up among the synthetic and the holdout keys. Counted over "
        "all rows, even when the distances use a subsample.",
    ),
    Explainer(
        "privacy.quasi_identifier_holdout_rate",
        "Holdout rows that match by chance",
        "The share of real holdout rows, people the generator never saw, whose quasi-identifier values equal "
        "those of a training row unique on them. It is the rate chance alone gives, the yardstick for the "
        "synthetic rows' matches.",
        "Any value: the synthetic share is judged against it. A high rate means the marked columns are coarse "
        "enough that many people share them.",
        "Holdout keys (the marked columns, written as a reader reads them) looked up among the training keys seen "
        "exactly once, over all holdout rows.",
    ),
    Explainer(
        "privacy.quasi_identifier_unique_rows",
        "Training rows unique on the quasi-identifiers",
        "Training rows whose combination of quasi-identifier values no other training row shares: the people "
        "someone who knows those few facts could single out.",
        "Fewer is safer. Generalise a column (age bands, a shorter postcode) or unmark it if it is public "
        "knowledge nobody could use.",
        "The marked columns combined into one key per training row; keys seen exactly once are counted.",
    ),
    Explainer(
        "privacy.learnt_personal",
        "Learnt columns that look like personal data",
        "Columns the generator learns from real values although they look like personal data: every synthetic "
        "value is then a real person's (a first name learnt as a category, a date of birth as an ordinary date).",
        "None. Mark such a column as personal data (it is then filled with fake values) or set it to ignore. "
        "Values that look personal read high; a header alone (first_name, email, dob, …) reads medium.",
        "Each learnt column is sampled (2,000 values) and read by the same recognisers as schema detection "
        "(names in any case and layout, emails, phone numbers, dates of birth, …). A header counts alone only "
        "when the column has at least 20 distinct values, enough to tell people apart.",
    ),
    Explainer(
        "privacy.attacks",
        "Attack-based risks (anonymeter)",
        "Three attacks an adversary could run with the synthetic data: singling out one person, linking two "
        "halves of a record, and inferring a secret column. Each is checked against the holdout as control, "
        "so success that any data from this population would give does not count as risk.",
        "Risks near 0. A lower confidence bound above 0.10 reads high.",
        "anonymeter (by Statice/Anonos, positively assessed by the French regulator CNIL): risk = "
        "(attack rate − control rate) / (1 − control rate), with a 95% confidence interval.",
    ),
    # --- Utility ---
    Explainer(
        "utility.tstr",
        "Train on synthetic, test on real (TSTR)",
        "Whether a model trained on the synthetic data predicts the target for real people as well as one "
        "trained on the real data (TRTR). Both are tested on the real holdout rows, which neither saw.",
        "TSTR close to TRTR. The independent-columns baseline shows how low it goes when relationships are lost.",
        "Two scikit-learn models with proper preprocessing, a linear one and gradient boosting, each trained "
        "twice. Classification: accuracy, macro F1, binary F1 (the rarer class as positive, as SDGym reports "
        "it) and ROC AUC. Regression: R² and mean absolute error.",
    ),
    Explainer(
        "utility.trtr_score",
        "Trained on real (TRTR)",
        "How well models trained on the real training rows predict the target for the real holdout rows.",
        "The ceiling the synthetic data is measured against.",
        "The mean over the models of the primary metric (macro F1, or R² for regression) on the holdout.",
    ),
    Explainer(
        "utility.tstr_score",
        "Trained on synthetic (TSTR)",
        "How well models trained on the synthetic rows predict the target for the real holdout rows.",
        "Close to TRTR.",
        "The same models and metric as TRTR, trained on the synthetic rows instead.",
    ),
    Explainer(
        "utility.rank_agreement",
        "Rank agreement of importances",
        "Whether the models trained on real and on synthetic data rely on the columns in the same order.",
        "Close to 1.",
        "The Spearman correlation between the two permutation-importance orderings.",
    ),
    Explainer(
        "utility.ratio",
        "TSTR / TRTR",
        "The synthetic data's machine-learning utility as a share of the real data's.",
        "Close to 1 (100%). A copy of the real rows scores about 1 and is no privacy at all, so read it with "
        "the privacy verdict.",
        "The mean over models of the primary metric (macro F1, or R² for regression) when trained on "
        "synthetic data, divided by the same when trained on real data.",
    ),
    Explainer(
        "utility.importance",
        "Feature importance ranks",
        "Which columns the model relies on, when trained on real data and when trained on synthetic data.",
        "The same order. A column that matters in real data but not in synthetic data is a relationship the "
        "generator lost.",
        "Permutation importance of the gradient-boosting model on the holdout: how much the score drops when a "
        "column's values are shuffled. The Spearman correlation compares the two orderings.",
    ),
    Explainer(
        "utility.leakage",
        "Target leakage",
        "A feature that gives the target away on its own: a recoded copy of the label, or something recorded "
        "only after the outcome (a release date for 'was released'). Every model then scores almost perfectly, "
        "whatever rows it learnt from, so TSTR/TRTR says nothing about the synthetic data.",
        "No column flagged, and the model trained on real rows below 0.98. If columns are flagged, set them to "
        "'ignore' (they would not be known when the prediction is made) and evaluate again.",
        "Each feature alone: on the real training rows, the most common class (or mean target) per category, or "
        "a decision tree of depth 6 on a number or date; scored on the real holdout with macro F1 (R² for "
        "regression). A feature scoring 0.98 or more is flagged, and so is a best real-trained model scoring "
        "0.98 or more. Macro F1 keeps a constant guess of the majority class far from perfect.",
    ),
    # --- Review ---
    Explainer(
        "review.states",
        "Review states",
        "Each summary line is 'pass', 'needs review', 'fail' or 'not checked'. 'Pass' means the check ran and "
        "nothing else on the same run contradicts it; 'not checked' never counts as a pass.",
        "Pass on every line. 'Needs review' asks for a person's judgement, with the number that raised it; "
        "'fail' means the data should not be shared as it is.",
        "Fidelity: overall quality 80% or more and no detector above AUC 0.80. Utility: TSTR/TRTR 0.90 or more "
        "and no target leakage. Privacy: the verdict (low, medium, high), never a pass on subsampled distances. "
        "Personal data: every detected personal column replaced, and no learnt column whose values look like "
        "personal data (fail) or whose header suggests it (needs review). The report's summary and "
        "metrics.json's review.summary come from the same decision.",
    ),
    # --- Comparison ---
    Explainer(
        "compare.tradeoff",
        "Fidelity against privacy",
        "Each point is one run: how faithful its data is (up) and how far its rows stay from the real ones "
        "(right). Fidelity and privacy pull against each other: the closer synthetic rows follow real ones, "
        "the more they can give away.",
        "Top right is best. A copy of the real rows sits top left: perfect fidelity, no privacy. Independent "
        "columns sit lower: safe-looking but weak on relationships.",
        "Up: SDMetrics' overall quality score. Right: DCR baseline protection (the synthetic data's median "
        "distance to the closest real row over that of random data, capped at 1). Colour: the privacy verdict.",
    ),
    # --- Data preparation ---
    Explainer(
        "data.holdout",
        "Holdout share",
        "The share of real rows kept aside and never shown to the generator.",
        "20% is a good default. The holdout is what privacy tests compare against (are synthetic rows closer "
        "to the training rows than to unseen rows?) and what utility tests evaluate on.",
        "A seeded random split of the rows, so the same seed gives the same split.",
    ),
    Explainer(
        "data.missing",
        "Missing values",
        "Cells with no value.",
        "Generators reproduce the share of missing values in each column.",
        "Empty cells, and markers such as NA, N/A and null, count as missing.",
    ),
    Explainer(
        "data.distinct",
        "Distinct values",
        "How many different values a column holds.",
        "Few distinct values suggest a category; nearly all distinct suggests an identifier or free text.",
        "Counted over the non-missing values.",
    ),
    Explainer(
        "data.k_anonymity",
        "Quasi-identifiers and k-anonymity",
        "Quasi-identifiers are columns that name no one alone but single people out together: date of birth, "
        "age, sex, race, postcode, the dates of events. A person whose row is the only one with their combination "
        "can be found by anyone who knows those few facts about them.",
        "Few unique rows and a large smallest group. k-anonymity asks that every combination be shared by at "
        "least k rows (5 is a common rule of thumb); k = 1 means at least one person is unique. Mark the columns "
        "an outsider could know: each one added makes more rows unique.",
        "Rows are grouped by their values in all marked columns together; a missing value counts as a value. The "
        "unique share is the rows alone in their group over all rows, and k is the size of the smallest group. "
        "Measured on the real rows before anything is generated; marked columns are still learnt.",
    ),
    # --- Concepts taught on the Learn pages ---
    Explainer(
        "learn.synthetic_data",
        "Synthetic data",
        "Rows made by a model of the real data instead of being collected from people. They keep the real "
        "data's patterns without being anyone's record.",
        "Useful when real data cannot be shared, is scarce, has too few rare events, or is costly to collect. "
        "It is only as good as its validation: check fidelity, utility and privacy before relying on it.",
        "A generator learns the real rows' distributions and relationships, then samples new rows from what it learnt.",
    ),
    Explainer(
        "learn.rule_based",
        "Rule-based generator",
        "Values made from rules a person writes down, such as 'any age from 17 to 90', often with the Faker "
        "library. Nothing is learnt from the real rows.",
        "Good for test data and for personal columns (names, emails) that must look real but never be real. "
        "Poor for analysis: every shape and relationship is lost.",
        "Each value is drawn from its rule on its own: evenly within a range or from a list.",
    ),
    Explainer(
        "learn.copula",
        "Gaussian copula",
        "A statistical generator: it fits each column's distribution, maps every column onto a normal scale, "
        "and joins them with one correlation matrix (the latent correlation).",
        "Fast and stable. It keeps pairwise, roughly monotonic relationships; it misses curved ones and "
        "interactions between three or more columns.",
        "Each value is mapped through its column's cumulative distribution and the inverse normal. The "
        "correlation of those normal scores is the latent correlation; new rows are drawn from that joint "
        "normal and mapped back.",
    ),
    Explainer(
        "learn.gan",
        "GAN (CTGAN)",
        "A generative adversarial network: a generator network makes rows, a discriminator network tries to tell "
        "them from real rows, and each trains against the other.",
        "Can learn complex shapes and relationships, given many epochs and enough rows. Slow on a CPU and "
        "unstable with few epochs.",
        "CTGAN normalises each number by the mode it belongs to and samples categories evenly during training, "
        "so rare categories are learnt too.",
    ),
    Explainer(
        "learn.vae",
        "VAE (TVAE)",
        "A variational autoencoder: an encoder compresses each row into a few random numbers, a decoder turns "
        "them back into a row. New rows come from decoding fresh random numbers.",
        "Often as faithful as a GAN and more stable to train; it needs many epochs too.",
        "Trained to rebuild the real rows while keeping the compressed codes close to a standard normal.",
    ),
    Explainer(
        "learn.epoch",
        "Epoch",
        "One pass of a deep model's training over all the real rows.",
        "More epochs let the model learn more; too many on few rows can make it memorise them.",
        "Counted by the training loop; CTGAN and TVAE default to 300.",
    ),
    Explainer(
        "learn.differential_privacy",
        "Differential privacy (ε)",
        "A promise about a computation: its output changes little whether or not any one person's row is in the "
        "data, so the output reveals little about any one person. ε (epsilon) measures how little.",
        "Smaller ε is stronger privacy and more noise. Values of 1 or below are strong; 10 is weak. The promise "
        "holds only for the whole computation, including how categories and ranges were chosen.",
        "Noise calibrated to the most one person can change the result (the sensitivity) is added: for the "
        "Laplace mechanism, noise of scale sensitivity/ε.",
    ),
    Explainer(
        "learn.laplace",
        "Laplace mechanism",
        "Release a count or a histogram with random noise from a Laplace distribution added to each number.",
        "The error per count is about 1/ε rows: small against large counts, large against small ones, so rare "
        "groups suffer most.",
        "One person changes a histogram by 1 in one bin, so noise of scale 1/ε per bin gives ε-differential "
        "privacy. Negative results are clipped to 0, which is allowed after the noise.",
    ),
    Explainer(
        "learn.bias",
        "Bias and balance",
        "Whether groups (by sex, race, age band…) are represented in the synthetic rows as in the real ones, and "
        "whether outcomes differ between groups as they do in the real rows.",
        "A faithful generator copies the real shares and gaps, including unfair ones. A weak one can erase a real "
        "gap or invent one. Rebalancing changes group shares on purpose and must be disclosed.",
        "Each group's share of rows and the rate of the outcome within it, in real and synthetic rows.",
    ),
)

EXPLAINERS: dict[str, Explainer] = {entry.key: entry for entry in _ENTRIES}


def explain(key: str) -> Explainer:
    """Return the explainer for `key`.

    Raises:
        KeyError: No such concept; the message lists the known keys with the same prefix.
    """
    try:
        return EXPLAINERS[key]
    except KeyError:
        prefix = key.split(".")[0]
        known = [k for k in EXPLAINERS if k.startswith(prefix)]
        raise KeyError(f"No explainer for '{key}'. Known: {', '.join(known)}.") from None
