"""Build the sensitive corpus: small tables with personal data in the forms real files hold it.

Run it from anywhere with `python tests/data/sensitive/make_corpus.py [folder]`; it writes the CSV files
next to itself (or into `folder`), byte for byte the same every time with the Faker version below: every
draw is seeded, and dates are counted from fixed days, never from today.

The people are made with Faker in several locales, so names come in many spellings: lower case, upper
case, "Last, First", with titles and initials, hyphenated and accented. Each file is 200 to 2,500 rows;
together they take about 0.4 MB.

- `people_lowercase.csv`: a criminal-justice-like table: a lower-case full name, first and last names,
  a date of birth, sex, race, age, case numbers like `13011352CM10A`, jail dates and a binary target.
- `names_layouts.csv`: one column per way of writing a name, under headers that do not say "name",
  beside columns of ordinary words that are also surnames (colours, US states, job titles, US cities).
- `contacts_freetext.csv`: free-text notes with emails, phone numbers and names inside, an email and a
  phone column, and record numbers like `A-000123` and `CASE-2019-00042`.
- `housing.csv`: a house-price table whose target is `SalePrice` (not the last column), with a
  `Neighborhood` of surname-like place names and a `YearBuilt`.
- `first_names_2000.csv`: 2,500 rows, a lower-case first-name column with about 2,000 different names
  (most seen once) under the neutral header `given`.
- `leakage.csv`: a loan table whose target `approved` is encoded by three other columns.

`EXPECTED` states every column's detected kind, personal-data type, role and quasi-identifier mark.
`build_corpus()` returns the files' bytes, so a test can check that the committed files are what this
script makes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from faker import Faker

HERE = Path(__file__).resolve().parent
SEED = 14
# The files are reproduced byte for byte with this Faker version; another version draws other names.
FAKER_VERSION = "40.63.0"
LOCALES = ("en_US", "es_MX", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "pt_BR")
LOCALE_WEIGHTS = (0.45, 0.15, 0.1, 0.08, 0.07, 0.05, 0.05, 0.05)
# Birth dates and ages are counted from this day, so the files never change with the calendar.
REFERENCE_DAY = date(2014, 1, 1)

US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)  # fmt: skip
US_CITIES = (
    "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio", "San Diego",
    "Dallas", "Austin", "Jacksonville", "Fort Worth", "Columbus", "Charlotte", "Indianapolis", "Seattle",
    "Denver", "Washington", "Nashville", "El Paso", "Boston", "Portland", "Las Vegas", "Detroit", "Memphis",
    "Louisville", "Baltimore", "Milwaukee", "Tucson", "Fresno", "Sacramento", "Kansas City", "Atlanta", "Omaha",
    "Raleigh", "Miami", "Oakland", "Minneapolis", "Tulsa", "Wichita", "Arlington", "Tampa", "New Orleans",
    "Cleveland", "Lexington", "Henderson", "Newark", "Orlando", "Pittsburgh", "Lincoln", "Durham", "Madison",
    "Jackson", "Tyler", "Eugene", "Florence", "Warren", "Kent", "Quincy", "Clinton",
)  # fmt: skip
COLOURS = ("Brown", "White", "Green", "Black", "Gray", "Rose", "Silver", "Gold", "Olive", "Amber", "Hazel", "Ivory")
JOBS = (
    "Baker", "Mason", "Carpenter", "Cook", "Porter", "Butler", "Fisher", "Taylor", "Farmer", "Hunter", "Carter",
    "Smith", "Sales Manager", "Software Engineer", "Registered Nurse", "Teacher", "Driver", "Accountant",
    "Cashier", "Clerk", "Analyst", "Chef", "Pilot", "Mechanic", "Electrician", "Plumber", "Pharmacist",
    "Lawyer", "Architect", "Designer",
)  # fmt: skip
NEIGHBORHOODS = (
    "Edwards", "Gilbert", "Sawyer", "Mitchell", "Crawford", "Veenker", "Somerset", "Timberland", "Brookside",
    "Old Town", "North Ames", "College Creek", "Stone Brook", "Clear Creek", "Northridge", "Meadow Village",
    "Briardale", "Bloomington", "Sawyer West", "Northpark Villa", "Blueste", "Greens", "Landmark", "Harrison",
    "Gordon",
)  # fmt: skip
RACES = {"African-American": 0.5, "Caucasian": 0.34, "Hispanic": 0.09, "Other": 0.05, "Asian": 0.01, "Native": 0.01}


def _fakers(seed: int) -> dict[str, Faker]:
    fakers = {}
    for position, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 100 + position)
        fakers[locale] = fake
    return fakers


def _people(rows: int, seed: int) -> pd.DataFrame:
    """First and last names from a mix of locales, with sex and a date of birth."""
    rng = np.random.default_rng(seed)
    fakers = _fakers(seed)
    locales = rng.choice(len(LOCALES), size=rows, p=LOCALE_WEIGHTS)
    sexes = rng.choice(["Male", "Female"], size=rows, p=[0.8, 0.2])
    people = []
    for locale_index, sex in zip(locales, sexes, strict=True):
        fake = fakers[LOCALES[locale_index]]
        first = fake.first_name_male() if sex == "Male" else fake.first_name_female()
        people.append((first, fake.last_name()))
    ages = np.clip(np.round(rng.gamma(4.0, 8.0, size=rows) + 18), 18, 85).astype(int)
    days = rng.integers(0, 365, size=rows)
    births = [
        date(REFERENCE_DAY.year - int(age) - 1, 1, 1) + timedelta(days=int(day))
        for age, day in zip(ages, days, strict=True)
    ]
    return pd.DataFrame(
        {
            "first": [first for first, _ in people],
            "last": [last for _, last in people],
            "sex": sexes,
            "dob": births,
        }
    )


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def people_lowercase(rows: int = 600, seed: int = SEED) -> pd.DataFrame:
    """People in a criminal-justice-like table, their names all in lower case."""
    rng = np.random.default_rng(seed + 1)
    people = _people(rows, seed)
    screening = [datetime(2013, 1, 1) + timedelta(minutes=int(m)) for m in rng.integers(0, 730 * 24 * 60, rows)]
    jail_hours = rng.exponential(30.0, size=rows) + 1
    priors = np.minimum(rng.negative_binomial(1, 0.12, size=rows), 38)
    decile = np.clip(np.round(1 + priors / 3 + rng.normal(3, 2, size=rows)), 1, 10).astype(int)
    recid = (rng.random(rows) < 0.2 + 0.05 * decile).astype(int)
    case_numbers = rng.choice(np.arange(100000, 999999), size=rows, replace=False)
    kinds = rng.choice(["CF", "MM", "CM", "MO"], size=rows)
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "name": (people["first"] + " " + people["last"]).str.lower(),
            "first": people["first"].str.lower(),
            "last": people["last"].str.lower(),
            "dob": [birth.isoformat() for birth in people["dob"]],
            "sex": people["sex"],
            "age": [_age_on(birth, day.date()) for birth, day in zip(people["dob"], screening, strict=True)],
            "race": rng.choice(list(RACES), size=rows, p=list(RACES.values())),
            "c_case_number": [
                f"{day:%y}{number:06d}{kind}{int(extra):02d}A"
                for day, number, kind, extra in zip(
                    screening, case_numbers, kinds, rng.integers(0, 99, rows), strict=True
                )
            ],
            "c_jail_in": [f"{day:%Y-%m-%d %H:%M:%S}" for day in screening],
            "c_jail_out": [
                f"{day + timedelta(hours=float(hours)):%Y-%m-%d %H:%M:%S}"
                for day, hours in zip(screening, jail_hours, strict=True)
            ],
            "c_charge_degree": rng.choice(["F", "M"], size=rows, p=[0.65, 0.35]),
            "juv_fel_count": np.minimum(rng.poisson(0.1, size=rows), 3),
            "priors_count": priors,
            "decile_score": decile,
            "two_year_recid": recid,
        }
    )


def names_layouts(rows: int = 300, seed: int = SEED + 10) -> pd.DataFrame:
    """One column per way of writing a name, headers that do not say name, and surname-like categories."""
    rng = np.random.default_rng(seed)
    people = _people(rows, seed)
    fakers = _fakers(seed + 1)
    middle = [chr(ord("A") + int(i)) for i in rng.integers(0, 26, rows)]
    titles = ["Mr." if sex == "Male" else str(rng.choice(["Mrs.", "Ms.", "Dr."])) for sex in people["sex"]]
    spanish = fakers["es_ES"]
    french = fakers["fr_FR"]
    accented = [
        f"{spanish.first_name()} {spanish.last_name()}-{spanish.last_name()}"
        if i % 2
        else f"{french.first_name()} {french.last_name()}"
        for i in range(rows)
    ]
    initials = [
        f"{first[0]}. {last}" if i % 3 else f"{first[0]}.{middle[i]}. {last}"
        for i, (first, last) in enumerate(zip(people["first"], people["last"], strict=True))
    ]
    return pd.DataFrame(
        {
            "row": np.arange(1, rows + 1),
            "col_a": (people["first"] + " " + people["last"]).str.upper(),
            "who": people["last"] + ", " + people["first"],
            "party": [
                f"{last}, {title} {first} {initial}."
                for last, title, first, initial in zip(people["last"], titles, people["first"], middle, strict=True)
            ],
            "signed_by": initials,
            "col_e": accented,
            "given": people["first"].str.lower(),
            "surname": people["last"].str.upper(),
            "col_f": [f"{birth:%d.%m.%Y}" for birth in people["dob"]],
            "colour": rng.choice(COLOURS, size=rows),
            "home_state": rng.choice(US_STATES, size=rows),
            "job": rng.choice(JOBS, size=rows),
            "town": rng.choice(US_CITIES, size=rows),
            "score": np.round(rng.normal(50, 12, size=rows), 1),
            "vip": rng.choice(["yes", "no"], size=rows, p=[0.3, 0.7]),
        }
    )


def contacts_freetext(rows: int = 300, seed: int = SEED + 20) -> pd.DataFrame:
    """Support contacts with free-text notes that hold emails, phone numbers and names."""
    rng = np.random.default_rng(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    records = rng.choice(np.arange(1, 999999), size=rows, replace=False)
    cases = rng.choice(np.arange(1, 99999), size=rows, replace=False)
    notes = []
    for i in range(rows):
        parts = [fake.sentence(nb_words=8)]
        if i % 3 == 0:
            parts.append(f"Customer wrote from {fake.email()} about the invoice.")
        if i % 4 == 0:
            parts.append(f"Call back on {fake.phone_number()} after 5pm.")
        if i % 5 < 2:
            parts.append(f"Escalated to {fake.first_name()} {fake.last_name()} in billing.")
        parts.append(fake.sentence(nb_words=6))
        notes.append(" ".join(parts))
    created = [datetime(2021, 3, 1) + timedelta(minutes=int(m)) for m in rng.integers(0, 400 * 24 * 60, rows)]
    return pd.DataFrame(
        {
            "record_id": [f"A-{number:06d}" for number in records],
            "case_ref": [f"CASE-{2018 + int(n) % 4}-{int(n):05d}" for n in cases],
            "email": [fake.email() for _ in range(rows)],
            "phone": [fake.phone_number() for _ in range(rows)],
            "created": [f"{day:%Y-%m-%d %H:%M}" for day in created],
            "channel": rng.choice(["email", "phone", "web", "chat"], size=rows),
            "notes": notes,
            "satisfaction": rng.integers(1, 6, size=rows),
            "resolved": rng.choice(["yes", "no"], size=rows, p=[0.75, 0.25]),
        }
    )


def housing(rows: int = 500, seed: int = SEED + 30) -> pd.DataFrame:
    """House sales; the target `SalePrice` sits before the last column."""
    rng = np.random.default_rng(seed)
    quality = rng.integers(1, 11, size=rows)
    area = np.round(rng.lognormal(7.2, 0.3, size=rows)).astype(int)
    built = rng.integers(1880, 2011, size=rows)
    lot = np.round(rng.lognormal(9.1, 0.4, size=rows)).astype(int)
    neighborhood = rng.choice(NEIGHBORHOODS, size=rows)
    price = 20000 + 60 * area + 9000 * quality + 300 * (built - 1880) + rng.normal(0, 15000, size=rows)
    return pd.DataFrame(
        {
            "Id": np.arange(1, rows + 1),
            "LotArea": lot,
            "Neighborhood": neighborhood,
            "OverallQual": quality,
            "YearBuilt": built,
            "GrLivArea": area,
            "GarageCars": rng.integers(0, 5, size=rows),
            "CentralAir": rng.choice(["Y", "N"], size=rows, p=[0.9, 0.1]),
            "SalePrice": np.round(price, -2).astype(int),
            "YrSold": rng.integers(2006, 2011, size=rows),
            "SaleCondition": rng.choice(["Normal", "Abnorml", "Partial", "Family", "Alloca", "AdjLand"], size=rows),
        }
    )


def first_names_2000(rows: int = 2500, seed: int = SEED + 40) -> pd.DataFrame:
    """About 2,000 different lower-case first names, most seen once, under a neutral header."""
    rng = np.random.default_rng(seed)
    pool: set[str] = set()
    for fake in _fakers(seed).values():
        for _ in range(1500):
            pool.add(fake.first_name().lower())
    names = sorted(name for name in pool if " " not in name)
    chosen = list(rng.choice(names, size=2000, replace=False))
    repeats = list(rng.choice(chosen[:300], size=rows - len(chosen)))
    given = np.array(chosen + repeats, dtype=object)
    rng.shuffle(given)
    age = rng.integers(18, 90, size=rows)
    visits = rng.poisson(4, size=rows)
    spend = np.round(rng.gamma(2.0, 40.0, size=rows) + 3 * visits, 2)
    churned = (rng.random(rows) < 1 / (1 + np.exp(0.4 * visits - 1))).astype(int)
    return pd.DataFrame(
        {
            "given": given,
            "age": age,
            "region": rng.choice(["north", "south", "east", "west", "centre"], size=rows),
            "visits": visits,
            "spend": spend,
            "churned": churned,
        }
    )


def leakage(rows: int = 400, seed: int = SEED + 50) -> pd.DataFrame:
    """Loan decisions where three columns encode the target `approved`."""
    rng = np.random.default_rng(seed)
    income = np.round(rng.lognormal(10.6, 0.5, size=rows), -2)
    debt_ratio = np.round(rng.beta(2, 5, size=rows), 3)
    years = rng.integers(0, 31, size=rows)
    odds = 0.00003 * income - 4 * debt_ratio + 0.05 * years - 0.3
    approved = np.where(rng.random(rows) < 1 / (1 + np.exp(-odds)), "yes", "no")
    score = np.where(approved == "yes", rng.uniform(70, 100, size=rows), rng.uniform(0, 30, size=rows))
    return pd.DataFrame(
        {
            "applicant_ref": [f"APP-{int(n):07d}" for n in rng.choice(np.arange(1, 9999999), size=rows, replace=False)],
            "income": income,
            "debt_ratio": debt_ratio,
            "employment_years": years,
            "region": rng.choice(["north", "south", "east", "west"], size=rows),
            "outcome_code": np.where(approved == "yes", "A1", "D0"),
            "status_text": np.where(approved == "yes", "accepted by underwriting", "declined by underwriting"),
            "review_score": np.round(score, 1),
            "approved": approved,
        }
    )


BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "people_lowercase.csv": people_lowercase,
    "names_layouts.csv": names_layouts,
    "contacts_freetext.csv": contacts_freetext,
    "housing.csv": housing,
    "first_names_2000.csv": first_names_2000,
    "leakage.csv": leakage,
}


def _col(kind: str, pii_type: str | None = None, role: str = "feature", qi: bool = False) -> dict[str, object]:
    return {"kind": kind, "pii_type": pii_type, "role": role, "quasi_identifier": qi}


PERSONAL = "personal"
# Every column's expected outcome of `synth_core.detection.infer_schema` on the committed file.
EXPECTED: dict[str, dict[str, dict[str, object]]] = {
    "people_lowercase.csv": {
        "id": _col("id", role="key"),
        "name": _col(PERSONAL, "name"),
        "first": _col(PERSONAL, "first_name"),
        "last": _col(PERSONAL, "last_name"),
        "dob": _col(PERSONAL, "date_of_birth"),
        "sex": _col("categorical", qi=True),
        "age": _col("numerical", qi=True),
        "race": _col("categorical", qi=True),
        "c_case_number": _col("id", role="key"),
        "c_jail_in": _col("datetime", qi=True),
        "c_jail_out": _col("datetime", qi=True),
        "c_charge_degree": _col("categorical"),
        "juv_fel_count": _col("ordinal"),
        "priors_count": _col("numerical"),
        "decile_score": _col("ordinal"),
        "two_year_recid": _col("categorical", role="target"),
    },
    "names_layouts.csv": {
        "row": _col("id", role="key"),
        "col_a": _col(PERSONAL, "name"),
        "who": _col(PERSONAL, "name"),
        "party": _col(PERSONAL, "name"),
        "signed_by": _col(PERSONAL, "name"),
        "col_e": _col(PERSONAL, "name"),
        "given": _col(PERSONAL, "first_name"),
        "surname": _col(PERSONAL, "last_name"),
        "col_f": _col(PERSONAL, "date_of_birth"),
        "colour": _col("categorical"),
        "home_state": _col("categorical"),
        "job": _col("categorical"),
        "town": _col("categorical"),
        "score": _col("numerical"),
        "vip": _col("categorical", role="target"),
    },
    "contacts_freetext.csv": {
        "record_id": _col("id", role="key"),
        "case_ref": _col("id", role="key"),
        "email": _col(PERSONAL, "email"),
        "phone": _col(PERSONAL, "phone_number"),
        "created": _col("datetime", qi=True),
        "channel": _col("categorical"),
        "notes": _col("text"),
        "satisfaction": _col("ordinal"),
        "resolved": _col("categorical", role="target"),
    },
    "housing.csv": {
        "Id": _col("id", role="key"),
        "LotArea": _col("numerical"),
        "Neighborhood": _col("categorical"),
        "OverallQual": _col("ordinal"),
        "YearBuilt": _col("numerical"),
        "GrLivArea": _col("numerical"),
        "GarageCars": _col("ordinal"),
        "CentralAir": _col("categorical"),
        "SalePrice": _col("numerical", role="target"),
        "YrSold": _col("ordinal"),
        "SaleCondition": _col("categorical"),
    },
    "first_names_2000.csv": {
        "given": _col(PERSONAL, "first_name"),
        "age": _col("numerical", qi=True),
        "region": _col("categorical"),
        "visits": _col("ordinal"),
        "spend": _col("numerical"),
        "churned": _col("categorical", role="target"),
    },
    "leakage.csv": {
        "applicant_ref": _col("id", role="key"),
        "income": _col("numerical"),
        "debt_ratio": _col("numerical"),
        "employment_years": _col("numerical"),
        "region": _col("categorical"),
        "outcome_code": _col("categorical"),
        "status_text": _col("categorical"),
        "review_score": _col("numerical"),
        "approved": _col("categorical", role="target"),
    },
}
# The columns of each file that encode its target (for the leakage tests).
LEAKAGE_COLUMNS = ("outcome_code", "status_text", "review_score")


def build_corpus() -> dict[str, bytes]:
    """Every file's bytes, by file name."""
    return {name: build().to_csv(index=False, lineterminator="\n").encode("utf-8") for name, build in BUILDERS.items()}


def main(folder: Path = HERE) -> None:
    """Write the corpus into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in build_corpus().items():
        (folder / name).write_bytes(content)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
