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
        "fidelity.diagnostic",
        "Diagnostic (validity and structure)",
        "Basic sanity: values within the real ranges and categories, unique keys, the same columns.",
        "It should be 100%. Anything lower points at invalid values the generator invented.",
        "SDMetrics' diagnostic report: Data Validity (boundary adherence, category adherence, key "
        "uniqueness) and Data Structure (the same column names), averaged.",
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
