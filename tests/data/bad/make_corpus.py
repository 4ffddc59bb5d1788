"""Build the bad-input corpus: small files, each one way a real upload goes wrong.

Run it from anywhere with `python tests/data/bad/make_corpus.py`; it rewrites the files next to
itself, byte for byte the same every time (every random draw is seeded, and the Excel workbook's
timestamps are fixed). The rows are census-like: people with an age, a class of worker, an
education, hours worked and an income band, drawn so that the columns relate as they do in the
UCI Adult data, not random noise.

Which cases are committed and which are built at test time:

- `high_cardinality.csv` is built at test time by `high_cardinality_csv()`: a column with 50,000
  distinct values needs at least 50,000 rows, about 1.7 MB as CSV, far more than the rest together.
- `wide_500_columns.csv` is committed: 40 rows × 500 columns of small answers take about 43 kB.
- Every other case is committed; the folder holds about 0.2 MB.

`CORPUS` maps each committed file name to the function that makes its bytes; `BUILT_AT_TEST_TIME`
maps the other. `case_bytes(name)` gives either, and `build_corpus()` returns the committed files'
bytes, so a test can check that the files are what this script makes.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

# Census-like vocabularies, with rough shares as in the UCI Adult data.
WORKCLASSES = {
    "Private": 0.70,
    "Self-emp-not-inc": 0.08,
    "Local-gov": 0.07,
    "State-gov": 0.05,
    "Self-emp-inc": 0.04,
    "Federal-gov": 0.03,
    "Without-pay": 0.03,
}
EDUCATIONS = {
    "HS-grad": 0.32,
    "Some-college": 0.22,
    "Bachelors": 0.17,
    "Masters": 0.06,
    "Assoc-voc": 0.05,
    "11th": 0.04,
    "Assoc-acdm": 0.04,
    "10th": 0.03,
    "Prof-school": 0.04,
    "Doctorate": 0.03,
}
EDUCATION_YEARS = {
    "HS-grad": 9,
    "Some-college": 10,
    "Bachelors": 13,
    "Masters": 14,
    "Assoc-voc": 11,
    "11th": 7,
    "Assoc-acdm": 12,
    "10th": 6,
    "Prof-school": 15,
    "Doctorate": 16,
}
MARITAL_STATUSES = {
    "Married-civ-spouse": 0.46,
    "Never-married": 0.33,
    "Divorced": 0.13,
    "Separated": 0.03,
    "Widowed": 0.05,
}
OCCUPATIONS = {
    "Prof-specialty": 0.13,
    "Craft-repair": 0.13,
    "Exec-managerial": 0.13,
    "Adm-clerical": 0.12,
    "Sales": 0.11,
    "Other-service": 0.10,
    "Machine-op-inspct": 0.06,
    "Transport-moving": 0.05,
    "Handlers-cleaners": 0.04,
    "Tech-support": 0.03,
    "Farming-fishing": 0.03,
    "Protective-serv": 0.02,
    "Priv-house-serv": 0.05,
}
COUNTRIES = {
    "United-States": 0.90,
    "Mexico": 0.03,
    "Philippines": 0.02,
    "Germany": 0.015,
    "Canada": 0.015,
    "India": 0.02,
}
# European regions whose names need more than ASCII (all of them fit Latin-1).
REGIONS = (
    "Île-de-France",
    "Bayern",
    "Andalucía",
    "Västra Götaland",
    "Zürich",
    "Région Wallonne",
    "Kärnten",
    "Castilla y León",
)
SURVEY_TOPICS = (
    "commute",
    "childcare",
    "rent",
    "overtime",
    "training",
    "pension",
    "health insurance",
    "remote work",
)
SURVEY_OPINIONS = (
    "is the biggest worry this year",
    "got better since the last survey",
    "costs more than it did two years ago",
    "should be easier to arrange",
    "matters less now that the children are older",
    "is why I changed jobs",
    "was never explained by my employer",
    "takes up most of my weekend",
)


def _choice(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    names = list(shares)
    weights = np.array([shares[name] for name in names])
    return rng.choice(names, size=size, p=weights / weights.sum())


def census_frame(rows: int, seed: int) -> pd.DataFrame:
    """Census-like people: age, work, education, hours and an income band that depends on them.

    Args:
        rows: Number of people.
        seed: Seed for every draw.

    Returns:
        A table with columns age, workclass, education, education_num, marital_status,
        occupation, sex, hours_per_week, native_country and income.
    """
    rng = np.random.default_rng(seed)
    age = np.clip(rng.gamma(shape=6.0, scale=6.5, size=rows).round().astype(int) + 17, 17, 90)
    education = _choice(rng, EDUCATIONS, rows)
    years = np.array([EDUCATION_YEARS[name] for name in education], dtype=int)
    sex = rng.choice(["Male", "Female"], size=rows, p=[0.67, 0.33])
    hours = np.clip(rng.normal(40 + 3 * (sex == "Male"), 10, rows).round().astype(int), 1, 99)
    married = _choice(rng, MARITAL_STATUSES, rows)
    score = -9.0 + 0.35 * years + 0.04 * age + 0.04 * hours + 1.2 * (married == "Married-civ-spouse")
    income = np.where(rng.random(rows) < 1 / (1 + np.exp(-score)), ">50K", "<=50K")
    return pd.DataFrame(
        {
            "age": age,
            "workclass": _choice(rng, WORKCLASSES, rows),
            "education": education,
            "education_num": years,
            "marital_status": married,
            "occupation": _choice(rng, OCCUPATIONS, rows),
            "sex": sex,
            "hours_per_week": hours,
            "native_country": _choice(rng, COUNTRIES, rows),
            "income": income,
        }
    )


def _csv(
    frame: pd.DataFrame, *, sep: str = ",", encoding: str = "utf-8", lineterminator: str = "\n", **kwargs: object
) -> bytes:
    return frame.to_csv(index=False, sep=sep, lineterminator=lineterminator, **kwargs).encode(encoding)  # type: ignore[arg-type]


def _answers(rng: np.random.Generator, rows: int) -> list[str]:
    """Free-text survey answers, each different."""
    answers = []
    for index in range(rows):
        topic, opinion = rng.choice(SURVEY_TOPICS), rng.choice(SURVEY_OPINIONS)
        answers.append(f"Respondent {index + 1}: {topic} {opinion}, and {rng.integers(2, 9)} others agree.")
    return answers


# --- Files that cannot be read as a table --------------------------------------------------------


def empty_csv() -> bytes:
    """Zero bytes."""
    return b""


def header_only_csv() -> bytes:
    """The census header and nothing under it."""
    return _csv(census_frame(0, seed=1))


def binary_csv() -> bytes:
    """Random bytes under a .csv name, as when a spreadsheet's binary file is renamed."""
    return np.random.default_rng(2).integers(0, 256, size=2048, dtype=np.uint8).tobytes()


# --- Layout and encoding ---------------------------------------------------------------------


def ragged_csv() -> bytes:
    """Two lines with an unquoted comma inside a value (one field too many) and one line cut short."""
    lines = _csv(census_frame(40, seed=3)).decode().splitlines()
    for number in (5, 12):
        fields = lines[number].split(",")
        fields[5] = f"{fields[5]}, part time"  # a comma typed inside a value that is not quoted
        lines[number] = ",".join(fields)
    lines[20] = ",".join(lines[20].split(",")[:8])  # the last two fields are missing
    return ("\n".join(lines) + "\n").encode()


def unclosed_quote_csv() -> bytes:
    """A quote typed at the start of one value and never closed: the rest of the file would be one value."""
    lines = _csv(census_frame(40, seed=29)).decode().splitlines()
    fields = lines[17].split(",")
    fields[5] = '"' + fields[5]
    lines[17] = ",".join(fields)
    return ("\n".join(lines) + "\n").encode()


def cr_line_endings_csv() -> bytes:
    """Classic Mac OS line endings: a bare carriage return ends every line."""
    return _csv(census_frame(30, seed=30), lineterminator="\r")


def quoted_newlines_csv() -> bytes:
    """An interviewer's note that holds line breaks, commas and quotes inside quoted fields."""
    frame = census_frame(40, seed=4)
    notes = ["" for _ in range(len(frame))]
    notes[2] = "Moved house in March.\nNew address not given."
    notes[7] = 'Said "ask my wife",\nthen answered anyway'
    notes[15] = "Two jobs:\r\nday shift, night shift"
    notes[30] = "Line one\nLine two\nLine three"
    return _csv(frame.assign(interviewer_note=notes))


def utf8_bom_csv() -> bytes:
    """UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" writes it."""
    return _csv(census_frame(40, seed=5), encoding="utf-8-sig")


def european_frame(rows: int, seed: int) -> pd.DataFrame:
    """Census-like people with a European region whose name needs more than ASCII."""
    frame = census_frame(rows, seed=seed).drop(columns=["native_country"])
    rng = np.random.default_rng(seed + 100)
    return frame.assign(region=rng.choice(REGIONS, size=rows))


def latin1_csv() -> bytes:
    """Latin-1 (ISO-8859-1), as older European systems export: 'Zürich' is one byte per letter."""
    return _csv(european_frame(40, seed=6), encoding="latin-1")


def utf16_csv() -> bytes:
    """UTF-16 with a byte-order mark and tabs, as Excel's "Unicode Text" writes it."""
    return _csv(european_frame(40, seed=7), sep="\t", encoding="utf-16")


def wage_frame(rows: int, seed: int) -> pd.DataFrame:
    """Census-like people with an hourly wage and an annual income, both in cents."""
    frame = census_frame(rows, seed=seed)
    rng = np.random.default_rng(seed + 100)
    wage = (8.5 + 0.9 * frame["education_num"] + rng.gamma(2.0, 2.0, rows)).round(2)
    return frame.assign(hourly_wage=wage, annual_income=(wage * frame["hours_per_week"] * 52).round(2))


def semicolon_decimal_comma_csv() -> bytes:
    """A German-style export: semicolons, decimal commas, dots between thousands, Windows line ends."""
    text = wage_frame(40, seed=8).to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    # pandas writes no thousands separator, so add the dots to the annual incomes (the last field).
    lines = text.split("\r\n")
    for index in range(1, len(lines) - 1):
        fields = lines[index].split(";")
        whole, fraction = fields[-1].split(",") if "," in fields[-1] else (fields[-1], "00")
        fields[-1] = f"{int(whole):,}".replace(",", ".") + "," + fraction
        lines[index] = ";".join(fields)
    return "\r\n".join(lines).encode()


def income_frame(rows: int, seed: int) -> pd.DataFrame:
    """Census-like people with an annual income, capital gains (mostly none) and an hourly wage."""
    frame = census_frame(rows, seed=seed)
    rng = np.random.default_rng(seed + 100)
    income = (rng.lognormal(10.6, 0.6, rows) // 100 * 100).astype(int)
    capital = np.where(rng.random(rows) < 0.8, 0, rng.integers(1_000, 2_500_000, rows))
    wage = (income / (frame["hours_per_week"] * 52)).round(2)
    return frame.assign(annual_income=income, capital_gain=capital, hourly_wage=wage)


def thousands_separators_csv() -> bytes:
    """US-style: commas between thousands inside quoted fields, dots for decimals."""
    frame = income_frame(40, seed=9)
    return _csv(
        frame.assign(
            annual_income=[f"{value:,}" for value in frame["annual_income"]],
            capital_gain=[f"{value:,}" for value in frame["capital_gain"]],
            hourly_wage=[f"{value:,.2f}" for value in frame["hourly_wage"]],
        ),
        quoting=1,  # csv.QUOTE_ALL, as spreadsheets do when a value holds the delimiter
    )


# --- Column contents ------------------------------------------------------------------------------


def mixed_types_csv() -> bytes:
    """Hours worked as whole numbers, except where the respondent wrote a word instead."""
    frame = census_frame(60, seed=10)
    hours = frame["hours_per_week"].astype(str).to_numpy().copy()
    words = {3: "varies", 11: "40+", 19: "varies", 27: "seasonal", 38: "40+", 45: "?", 52: "varies"}
    for index, word in words.items():
        hours[index] = word
    return _csv(frame.assign(hours_per_week=hours))


def all_null_column_csv() -> bytes:
    """A 'second_job' column no respondent filled in."""
    return _csv(census_frame(40, seed=11).assign(second_job=np.nan))


def constant_column_csv() -> bytes:
    """Every row from the same survey year and the same country."""
    frame = census_frame(40, seed=12)
    return _csv(frame.assign(survey_year=2024, native_country="United-States"))


def single_column_csv() -> bytes:
    """Only the ages."""
    return _csv(census_frame(60, seed=13)[["age"]])


def duplicate_column_names_csv() -> bytes:
    """Two columns called 'age' and two called 'hours', as when two exports are pasted together."""
    frame = census_frame(40, seed=14)
    rng = np.random.default_rng(114)
    text = _csv(
        frame[["age", "education", "hours_per_week", "sex", "income"]].assign(
            spouse_age=np.clip(frame["age"] + rng.integers(-6, 7, len(frame)), 17, 90),
            second_job_hours=rng.integers(0, 21, len(frame)),
        )
    ).decode()
    header, rest = text.split("\n", 1)
    return (header.replace("spouse_age", "age").replace("hours_per_week", "hours").replace("second_job_hours", "hours")
            + "\n" + rest).encode()  # fmt: skip


def empty_column_names_csv() -> bytes:
    """Columns without a header, and one whose header is only spaces."""
    frame = census_frame(40, seed=15)[["age", "education", "hours_per_week", "income"]]
    text = _csv(frame.assign(extra_a=frame["age"] // 10, extra_b=np.where(frame["age"] > 40, "yes", "no"))).decode()
    header, rest = text.split("\n", 1)
    return (header.replace("extra_a", "").replace("extra_b", "   ").replace("education", "") + "\n" + rest).encode()


def unicode_column_names_csv() -> bytes:
    """Column names in French, Chinese, Arabic and German, and one with an emoji."""
    frame = census_frame(40, seed=16)[["age", "sex", "hours_per_week", "marital_status", "income"]]
    frame.columns = ["âge", "性别", "ساعات العمل", "Familienstand", "income 💶"]
    return _csv(frame)


def long_cell_csv() -> bytes:
    """One interviewer note of exactly 10,000 characters; the others are short."""
    frame = census_frame(40, seed=17)
    base = "The respondent described each job held since leaving school, with dates and employers. "
    long_note = (base * (10_000 // len(base) + 1))[:10_000]
    notes = ["none"] * len(frame)
    notes[9] = long_note
    notes[25] = "called back later"
    return _csv(frame.assign(note=notes))


def formula_cells_csv() -> bytes:
    """Text cells that a spreadsheet would run as formulas: starting with =, +, -, @, a tab or a return."""
    frame = census_frame(40, seed=18)
    comments = ["ok"] * len(frame)
    risky = [
        '=HYPERLINK("http://example.invalid","click")',
        "=1+1",
        "+ overtime paid",
        "-- no answer --",
        "@home most days",
        "\tindented answer",
        "\rstarts with a carriage return",
        "=SUM(A1:A9)",
    ]
    for index, value in enumerate(risky):
        comments[index * 5] = value
    # Windows line ends, as a spreadsheet exports; the value that starts with a carriage return is then quoted.
    return _csv(frame.assign(comment=comments), lineterminator="\r\n")


def high_cardinality_csv(rows: int = 60_000, distinct: int = 50_000) -> bytes:
    """A 'block_group' code with 50,000 distinct values among 60,000 people (built at test time).

    Args:
        rows: Number of rows.
        distinct: Number of distinct codes; every code appears at least once.

    Returns:
        The CSV bytes.
    """
    rng = np.random.default_rng(19)
    codes = np.concatenate([np.arange(distinct), rng.integers(0, distinct, rows - distinct)])
    rng.shuffle(codes)
    states = np.array(["06", "36", "48", "12", "17", "42"])
    block_group = [f"BG{states[code % 6]}-{code // 6:05d}" for code in codes]
    frame = census_frame(rows, seed=19)[["age", "sex", "hours_per_week", "income"]]
    return _csv(frame.assign(block_group=block_group))


def mixed_dates_csv() -> bytes:
    """Interview dates typed in five formats by different interviewers."""
    frame = census_frame(40, seed=20)[["age", "occupation", "hours_per_week", "income"]]
    rng = np.random.default_rng(120)
    days = pd.Timestamp("2023-01-02") + pd.to_timedelta(rng.integers(0, 365, len(frame)), unit="D")
    formats = ("%Y-%m-%d", "%d/%m/%Y", "%B %d, %Y", "%d %b %Y", "%Y/%m/%d")
    dates = [day.strftime(formats[index % len(formats)]) for index, day in enumerate(days)]
    return _csv(frame.assign(interview_date=dates))


def _fixed_workbook(raw: bytes) -> bytes:
    """Rewrite a workbook with fixed timestamps, so its bytes do not change from run to run.

    openpyxl stamps the save time into `docProps/core.xml` and into every ZIP entry.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def several_sheets_xlsx() -> bytes:
    """A workbook with two survey waves on two sheets and a notes sheet."""
    workbook = Workbook()
    workbook.properties.created = datetime(2024, 1, 1)
    for position, (title, seed) in enumerate((("Wave 2022", 21), ("Wave 2023", 22))):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        sheet.title = title
        frame = census_frame(30, seed=seed)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([value.item() if hasattr(value, "item") else value for value in row])
    notes = workbook.create_sheet("Notes")
    for line in ("Survey of working hours", "Two waves, one sheet each", "Ages in years, hours per week"):
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_workbook(buffer.getvalue())


def wide_500_columns_csv() -> bytes:
    """A questionnaire: an id, age and sex, then 497 answers on a 1-to-5 scale that follow one attitude."""
    rows = 40
    rng = np.random.default_rng(23)
    base = census_frame(rows, seed=23)
    attitude = rng.normal(0, 1, rows)
    loadings = rng.uniform(0.3, 0.9, 497)
    answers = np.clip(np.round(3 + attitude[:, None] * loadings + rng.normal(0, 0.8, (rows, 497))), 1, 5).astype(int)
    frame = pd.DataFrame(answers, columns=[f"q{number:03d}" for number in range(1, 498)])
    frame.insert(0, "respondent_id", np.arange(1001, 1001 + rows))
    frame.insert(1, "age", base["age"])
    frame.insert(2, "sex", base["sex"])
    return _csv(frame)


def nested_parquet() -> bytes:
    """Parquet with a list column (languages spoken) and a struct column (household)."""
    frame = census_frame(40, seed=24)
    rng = np.random.default_rng(124)
    languages = [
        ["English"] + (["Spanish"] if rng.random() < 0.2 else []) + (["Tagalog"] if rng.random() < 0.1 else [])
        for _ in range(len(frame))
    ]
    household = [
        {"size": int(rng.integers(1, 7)), "tenure": str(rng.choice(["owner", "renter", "other"]))}
        for _ in range(len(frame))
    ]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.append_column("languages", pa.array(languages, type=pa.list_(pa.string())))
    table = table.append_column(
        "household", pa.array(household, type=pa.struct([("size", pa.int64()), ("tenure", pa.string())]))
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def three_rows_csv() -> bytes:
    """Three people only."""
    return _csv(census_frame(3, seed=25))


def id_and_emails_csv() -> bytes:
    """Only a respondent id and an email address: nothing a model can learn from."""
    rng = np.random.default_rng(26)
    first = rng.choice(["ann", "bob", "carla", "dev", "emma", "farid", "gus", "hana"], size=60)
    domains = rng.choice(["example.org", "mail.example.com", "example.net"], size=60)
    return _csv(
        pd.DataFrame(
            {
                "respondent_id": np.arange(5001, 5061),
                "email": [
                    f"{name}.{index}@{domain}" for index, (name, domain) in enumerate(zip(first, domains, strict=True))
                ],
            }
        )
    )


def free_text_only_csv() -> bytes:
    """Only free-text survey answers, each different."""
    return _csv(pd.DataFrame({"answer": _answers(np.random.default_rng(27), 60)}))


def mixed_types_jsonl() -> bytes:
    """JSON lines where one field is sometimes a number, sometimes text, sometimes a boolean."""
    frame = census_frame(40, seed=28)
    records = frame.to_dict(orient="records")
    for index, record in enumerate(records):
        if index % 7 == 3:
            record["hours_per_week"] = "varies"
        elif index % 11 == 5:
            record["hours_per_week"] = True
    return ("\n".join(json.dumps(record, default=int) for record in records) + "\n").encode()


CORPUS: dict[str, Callable[[], bytes]] = {
    "empty.csv": empty_csv,
    "header_only.csv": header_only_csv,
    "binary.csv": binary_csv,
    "ragged.csv": ragged_csv,
    "unclosed_quote.csv": unclosed_quote_csv,
    "cr_line_endings.csv": cr_line_endings_csv,
    "quoted_newlines.csv": quoted_newlines_csv,
    "utf8_bom.csv": utf8_bom_csv,
    "latin1.csv": latin1_csv,
    "utf16.csv": utf16_csv,
    "semicolon_decimal_comma.csv": semicolon_decimal_comma_csv,
    "thousands_separators.csv": thousands_separators_csv,
    "mixed_types.csv": mixed_types_csv,
    "mixed_types.jsonl": mixed_types_jsonl,
    "all_null_column.csv": all_null_column_csv,
    "constant_column.csv": constant_column_csv,
    "single_column.csv": single_column_csv,
    "duplicate_column_names.csv": duplicate_column_names_csv,
    "empty_column_names.csv": empty_column_names_csv,
    "unicode_column_names.csv": unicode_column_names_csv,
    "long_cell.csv": long_cell_csv,
    "formula_cells.csv": formula_cells_csv,
    "mixed_dates.csv": mixed_dates_csv,
    "several_sheets.xlsx": several_sheets_xlsx,
    "wide_500_columns.csv": wide_500_columns_csv,
    "nested.parquet": nested_parquet,
    "three_rows.csv": three_rows_csv,
    "id_and_emails.csv": id_and_emails_csv,
    "free_text_only.csv": free_text_only_csv,
}
BUILT_AT_TEST_TIME: dict[str, Callable[[], bytes]] = {"high_cardinality.csv": high_cardinality_csv}


@cache
def case_bytes(name: str) -> bytes:
    """One case's bytes: the committed file, or built now for a case too large to commit."""
    if name in BUILT_AT_TEST_TIME:
        return BUILT_AT_TEST_TIME[name]()
    return (HERE / name).read_bytes()


def build_corpus() -> dict[str, bytes]:
    """Every written case's bytes, by file name."""
    return {name: make() for name, make in CORPUS.items()}


def write_corpus(folder: Path = HERE) -> list[Path]:
    """Write every case into `folder`, replacing what is there.

    Returns:
        The paths written.
    """
    written = []
    for name, raw in build_corpus().items():
        path = folder / name
        path.write_bytes(raw)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_corpus():
        print(f"{path.stat().st_size:>8,} bytes  {path.name}")
