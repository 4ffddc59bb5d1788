"""Personal data found in any form: names in every case and layout, dates of birth, record numbers,
free text, quasi-identifiers and the target suggestion; and the columns that must stay what they are."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from synth_core.birth_dates import header_says_birth, parse_birth_dates, read_birth_dates
from synth_core.detection import infer_schema
from synth_core.generators.fill import fill_unlearnt_columns
from synth_core.headers import header_tokens
from synth_core.person_names import NameForm, name_parts, read_name
from synth_core.pii import (
    detect_personal_data,
    full_name_parts,
    name_part_match,
    names_a_person,
    names_a_phone,
    record_number_share,
    repeated_record_numbers,
)
from synth_core.quasi_identifiers import suggest_quasi_identifier
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
from synth_core.text_scan import describe_text_findings, find_personal_data_in_text, personal_data_among_categories
from tests.data.sensitive.make_corpus import US_STATES as CORPUS_US_STATES

P, C, ID, D = ColumnKind.PERSONAL, ColumnKind.CATEGORICAL, ColumnKind.ID, ColumnKind.DATETIME

COLOURS = ["Brown", "White", "Green", "Black", "Gray", "Rose", "Silver", "Gold", "Olive", "Amber", "Hazel", "Ivory"]
US_STATES = list(CORPUS_US_STATES)
US_CITIES = [
    "Houston", "Phoenix", "Dallas", "Austin", "Jackson", "Madison", "Lincoln", "Charlotte", "Denver", "Boston",
    "Memphis", "Cleveland", "Raleigh", "Durham", "Arlington", "Henderson", "Orlando", "Tyler", "Eugene", "Warren",
    "Chicago", "Seattle", "Atlanta", "Miami", "Tampa", "Omaha", "Tulsa", "Wichita", "Fresno", "Tucson",
    "Oakland", "Newark", "Buffalo", "Toledo", "Reno", "Boise", "Spokane", "Norfolk", "Richmond", "Pittsburgh",
    "New York", "Los Angeles", "San Diego", "San Jose", "Fort Worth", "El Paso", "Las Vegas", "Kansas City",
    "Long Beach", "Virginia Beach", "Colorado Springs", "New Orleans", "St. Louis", "Saint Paul", "Santa Ana",
]  # fmt: skip
JOB_TITLES = [
    "Accountant", "Actuary", "Architect", "Baker", "Barista", "Carpenter", "Cashier", "Chef", "Clerk", "Cook",
    "Data Analyst", "Dentist", "Designer", "Driver", "Electrician", "Engineer", "Farmer", "Firefighter",
    "Graphic Designer", "Hairdresser", "Janitor", "Lawyer", "Librarian", "Mason", "Mechanic", "Nurse",
    "Pharmacist", "Pilot", "Plumber", "Police Officer", "Porter", "Professor", "Receptionist", "Sales Manager",
    "Software Engineer", "Surgeon", "Teacher", "Translator", "Veterinarian", "Waiter",
]  # fmt: skip


def _faker(locale: str = "en_US", seed: int = 1) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _draws(values: list[str], rows: int, seed: int = 0) -> pd.Series:
    return pd.Series(np.random.default_rng(seed).choice(values, size=rows))


# --- One value at a time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "miguel hernandez",
        "MIGUEL HERNANDEZ",
        "Miguel Hernandez",
        "Hernandez, Miguel",
        "Hernandez, Mr. Miguel A.",
        "M. Hernandez",
        "J.R.R. Martin",
        "Ana García-López",
        "José Núñez",
        "Zoë Smith",
        "Jean-Pierre Dupont",
        "sean o'brien",
        "Smith Jr., John",
        "Dr. Maria de la Cruz",
    ],
)
def test_a_full_name_reads_as_one_in_any_case_and_layout(value):
    assert [reading.form for reading in read_name(value)] == [NameForm.FULL]


@pytest.mark.parametrize(
    ("value", "form"),
    [("zoë", NameForm.FIRST), ("MIGUEL", NameForm.FIRST), ("NÚÑEZ", NameForm.LAST), ("garcia-lopez", NameForm.LAST)],
)
def test_a_single_name_reads_as_a_first_or_last_name(value, form):
    assert form in [reading.form for reading in read_name(value)]


@pytest.mark.parametrize("value", ["new york", "Sales Manager", "X. Y.", "A1 B2", "Red", "", "the quick brown fox"])
def test_phrases_codes_and_plain_words_are_no_full_names(value):
    assert NameForm.FULL not in [reading.form for reading in read_name(value)]
    assert not any(reading.clear for reading in read_name(value))


def test_name_parts_follow_the_layout():
    assert name_parts("Hernandez, Mr. Miguel A.") == ("miguel", "hernandez")
    assert name_parts("MIGUEL HERNANDEZ") == ("miguel", "hernandez")
    assert name_parts("José Núñez") == ("jose", "nunez")
    assert name_parts("miguel") is None


# --- Name columns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "make", "expected"),
    [
        ("en_US", lambda f: f"{f.first_name()} {f.last_name()}".lower(), "name"),
        ("es_MX", lambda f: f"{f.first_name()} {f.last_name()}".upper(), "name"),
        ("en_GB", lambda f: f"{f.last_name()}, {f.first_name()}", "name"),
        ("en_US", lambda f: f"{f.last_name()}, {f.prefix()} {f.first_name()} {f.random_uppercase_letter()}.", "name"),
        ("en_US", lambda f: f"{f.first_name()[0]}. {f.last_name()}", "name"),
        ("es_ES", lambda f: f"{f.first_name()} {f.last_name()}-{f.last_name()}", "name"),
        ("fr_FR", lambda f: f.name(), "name"),
        ("de_DE", lambda f: f.name(), "name"),
        ("it_IT", lambda f: f.first_name().lower(), "first_name"),
        ("pt_BR", lambda f: f.last_name().upper(), "last_name"),
    ],
)
def test_name_columns_are_found_by_content_under_a_neutral_header(locale, make, expected):
    fake = _faker(locale)
    values = pd.Series([make(fake) for _ in range(300)])

    match = detect_personal_data(values, header="col_a")

    assert match is not None and match.pii_type == expected


def test_the_case_of_the_values_changes_nothing():
    fake = _faker("en_US", seed=5)
    names = pd.Series([f"{fake.first_name()} {fake.last_name()}" for _ in range(200)])

    matches = [detect_personal_data(case) for case in (names.str.lower(), names.str.upper(), names)]

    assert all(match == matches[0] for match in matches)
    assert matches[0].pii_type == "name"


@pytest.mark.parametrize("header", ["name", "first", "last", "Surname", "FirstName", "Last Name", "patient", "client"])
def test_headers_that_name_a_person(header):
    assert names_a_person(header)


@pytest.mark.parametrize("header", ["col_a", "who", "product_name", "city_name", "last_login", "first_visit", "y"])
def test_headers_that_do_not_name_a_person(header):
    assert not names_a_person(header)


def test_a_person_header_raises_confidence_but_never_decides_alone():
    fake = _faker("en_US", seed=9)
    rng = np.random.default_rng(9)
    made_up = ["".join(rng.choice(list("bcdfghklmnprstvz"), 3)) + "ix" for _ in range(300)]
    # 45% known last names, the rest name-shaped words no list holds: below the content-only share.
    values = pd.Series([fake.last_name() if i % 20 < 9 else made_up[i] for i in range(300)])

    assert detect_personal_data(values, header="code") is None
    assert detect_personal_data(values, header="surname").pii_type == "last_name"
    assert detect_personal_data(_draws(COLOURS, 300), header="surname") is None
    assert detect_personal_data(_draws(["Ann Lee", "Bob Ray", "Tom Hill"], 300), header="name") is None


def test_unusual_last_names_are_found_as_the_parts_of_a_full_name_column():
    rng = np.random.default_rng(3)
    firsts = rng.choice(["kevon", "marsha", "miguel", "edward", "steven", "elizabeth"], size=200)
    lasts = ["".join(rng.choice(list("bdfklmnrstvz"), 2)) + rng.choice(["ovic", "aty", "erson"]) for _ in firsts]
    frame = pd.DataFrame({"full": [f"{f} {n}" for f, n in zip(firsts, lasts, strict=True)], "c": lasts})

    match = name_part_match(frame["c"], full_name_parts(frame["full"]), source="full")

    assert match is not None and match.pii_type == "last_name" and match.share == 1.0


@pytest.mark.parametrize(
    ("values", "header"),
    [
        (COLOURS, "colour"),
        (COLOURS, "col_b"),
        (US_STATES, "state"),
        (US_STATES, "who"),
        (US_CITIES, "town"),
        (JOB_TITLES, "job"),
        (JOB_TITLES, "title"),
    ],
)
def test_ordinary_words_that_are_also_names_stay_categories(values, header):
    frame = pd.DataFrame({header: _draws(values, 400), "n": range(400)})

    schema = infer_schema(frame)

    assert detect_personal_data(frame[header], header=header) is None
    assert schema.column(header).kind is C


def test_a_handful_of_repeated_names_stays_a_category():
    frame = pd.DataFrame({"rep": _draws(["Maria Lopez", "John Smith", "Wei Chen", "Anna Nowak", "Sam Patel"], 300)})

    assert infer_schema(frame).column("rep").kind is C


@pytest.mark.parametrize("name", ["adult", "german_credit"])
def test_no_column_of_adult_or_german_credit_looks_like_names(name, request):
    frame = request.getfixturevalue(name)

    found = {column: detect_personal_data(frame[column], header=column) for column in frame.columns}

    assert {column: match for column, match in found.items() if match} == {}


# --- Dates of birth ----------------------------------------------------------------------------------


def _birth_dates(rows: int, *, oldest: int = 85, youngest: int = 18, seed: int = 2) -> list[dt.date]:
    fake = _faker(seed=seed)
    return [fake.date_of_birth(minimum_age=youngest, maximum_age=oldest) for _ in range(rows)]


def test_dates_of_birth_are_found_by_content_and_header():
    days = _birth_dates(300)
    as_datetime = pd.Series(pd.to_datetime(days))
    as_text = pd.Series([day.strftime("%d/%m/%Y") for day in days])

    assert read_birth_dates(as_datetime, header="col_d") is not None
    births = read_birth_dates(as_text, header="Geburtsdatum", datetime_format="%d/%m/%Y")
    assert births is not None and births.header_says_birth
    assert "Dates of birth" in births.reason and "never learnt" in births.reason


def test_pupils_birth_dates_need_the_header():
    days = pd.Series(pd.to_datetime(_birth_dates(200, oldest=12, youngest=6)))

    assert read_birth_dates(days, header="col_d") is None
    assert read_birth_dates(days, header="dob") is not None


@pytest.mark.parametrize(
    ("header", "start", "years", "with_times"),
    [
        ("col_d", dt.datetime(2013, 1, 1), 2, True),  # jail in/out: recent, with times
        ("c_jail_in", dt.datetime(1960, 1, 1), 50, False),  # an event word in the header
        ("order_date", dt.datetime(1990, 1, 1), 30, False),
        ("col_d", dt.datetime(2030, 1, 1), 40, False),  # in the future
        ("Date", dt.datetime(1950, 1, 1), 70, False),  # says only "date"
    ],
)
def test_event_dates_are_not_dates_of_birth(header, start, years, with_times):
    rng = np.random.default_rng(4)
    minutes = rng.integers(0, years * 365 * 24 * 60, size=300)
    days = pd.Series([start + dt.timedelta(minutes=int(m)) for m in minutes])
    if not with_times:
        days = days.dt.normalize()

    assert read_birth_dates(days, header=header) is None


def test_a_daily_series_over_decades_is_no_list_of_birth_dates():
    days = pd.Series(pd.date_range("1950-01-01", periods=300, freq="60D"))

    assert read_birth_dates(days, header="col_d") is None
    assert read_birth_dates(days.sample(frac=1, random_state=0), header="col_d") is not None


@pytest.mark.parametrize("header", ["dob", "DateOfBirth", "birth_date", "Geburtsdatum", "date_naissance", "born"])
def test_birth_headers(header):
    assert header_says_birth(header)


def test_dates_of_birth_are_personal_and_replaced_in_the_real_format():
    days = _birth_dates(200)
    frame = pd.DataFrame({"born_on": [day.strftime("%d.%m.%Y") for day in days], "stamp": pd.to_datetime(days)})

    schema = infer_schema(frame)
    filled = fill_unlearnt_columns(pd.DataFrame(index=range(300)), schema, frame, rows=300, seed=7)

    for name in ("born_on", "stamp"):
        assert (schema.column(name).kind, schema.column(name).pii_type) == (P, "date_of_birth")
    assert schema.column("born_on").datetime_format == "%d.%m.%Y"
    assert pd.to_datetime(filled["born_on"], format="%d.%m.%Y").notna().all()
    assert pd.api.types.is_datetime64_any_dtype(filled["stamp"])
    assert not set(filled["born_on"]) & set(frame["born_on"])
    assert not set(filled["stamp"].dt.date) & set(days)


def test_event_dates_stay_dates_and_are_quasi_identifier_suggestions():
    start = dt.datetime(2013, 1, 1)
    frame = pd.DataFrame({"c_jail_in": [f"{start + dt.timedelta(hours=7 * i):%Y-%m-%d %H:%M:%S}" for i in range(300)]})

    column = infer_schema(frame).column("c_jail_in")

    assert column.kind is D and column.quasi_identifier
    assert "Marked as a quasi-identifier (the date of an event)" in column.reason


# --- Record numbers and free text ---------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda i: f"13{i:06d}CM10A",
        lambda i: f"A-{i:06d}",
        lambda i: f"CASE-2019-{i:05d}",
    ],
)
def test_record_numbers_are_direct_identifiers(make):
    frame = pd.DataFrame({"ref": [make(7919 * i % 99991) for i in range(1, 301)], "n": range(300)})

    column = infer_schema(frame).column("ref")

    assert record_number_share(frame["ref"]) == 1.0
    assert (column.kind, column.role) == (ID, ColumnRole.KEY)
    assert "direct identifiers" in column.reason and "looked up" in column.reason


@pytest.mark.parametrize("values", [["2019-01-02", "2020-03-04"], ["3.14", "2.5"], ["alpha", "beta"], ["a b c 1234"]])
def test_dates_decimals_words_and_sentences_are_not_record_numbers(values):
    assert record_number_share(pd.Series(values)) == 0.0


def test_free_text_says_which_personal_data_it_holds():
    fake = _faker(seed=11)
    notes = pd.Series(
        [
            f"{fake.sentence()} Reach {fake.first_name()} {fake.last_name()} at {fake.email()}."
            if i % 2
            else f"{fake.sentence()} Phone {fake.phone_number()} before noon."
            for i in range(200)
        ]
    )

    findings = {finding.pii_type: finding.share for finding in find_personal_data_in_text(notes)}
    column = infer_schema(pd.DataFrame({"notes": notes})).column("notes")

    assert findings["email"] == pytest.approx(0.5)
    assert findings["name"] == pytest.approx(0.5, abs=0.05)
    assert findings["phone_number"] == pytest.approx(0.5, abs=0.1)
    assert column.kind is ColumnKind.TEXT
    assert "50% of values contain email addresses" in column.reason


def test_names_in_lower_case_text_are_found_and_ordinary_prose_has_none():
    assert find_personal_data_in_text(pd.Series(["spoke to miguel hernandez about the fine"]))[0].pii_type == "name"
    prose = pd.Series(["May grant access to the portal later.", "The rose garden was lovely.", "Will buy again!"])
    assert find_personal_data_in_text(prose) == ()
    assert describe_text_findings(()) == ""


# --- Quasi-identifiers and the target -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("age", list(range(18, 90)), "an age"),
        ("age_cat", ["18-25", "26-45", "46+"], "an age group"),
        ("Gender", ["M", "F"], "sex or gender"),
        ("col_x", ["male", "female", "female"], "sex or gender"),
        ("race", ["White", "Black", "Asian", "Other"], "race or ethnicity"),
        ("zip", ["02139", "10001", "94105"], "a postcode"),
        ("marital-status", ["Married", "Single", "Divorced"], "marital status"),
        ("native-country", ["United-States", "Mexico", "India"], "a nationality or country of birth"),
        ("nationality", ["FR", "DE", "IT"], "a nationality or country of birth"),
        ("birth_year", list(range(1940, 2000)), "a year of birth"),
    ],
)
def test_quasi_identifiers_need_header_and_content_to_agree(name, values, expected):
    kind = ColumnKind.NUMERICAL if isinstance(values[0], int) else C

    assert suggest_quasi_identifier(ColumnSchema(name, kind), pd.Series(values * 3)) == expected


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("age", list(range(100, 1000))),  # not years of life
        ("page", list(range(1, 90))),  # "age" is not a word of it
        ("sex", [f"level {i}" for i in range(12)]),  # too many levels for sex
        ("colour", ["red", "green"]),
        ("score", list(range(0, 100))),
    ],
)
def test_columns_that_are_not_quasi_identifiers(name, values):
    kind = ColumnKind.NUMERICAL if isinstance(values[0], int) else C

    assert suggest_quasi_identifier(ColumnSchema(name, kind), pd.Series(values)) is None


def test_columns_that_are_not_learnt_are_never_quasi_identifiers():
    ages = pd.Series(range(18, 90))

    assert suggest_quasi_identifier(ColumnSchema("age", ColumnKind.NUMERICAL, ColumnRole.IGNORE), ages) is None
    assert suggest_quasi_identifier(ColumnSchema("zip", P, pii_type="postcode"), pd.Series(["02139"])) is None


def test_adult_and_german_credit_suggest_a_few_quasi_identifiers(adult, german_credit):
    assert infer_schema(adult).quasi_identifiers == ["age", "marital-status", "race", "sex", "native-country"]
    assert infer_schema(german_credit).quasi_identifiers == ["personal_status_and_sex", "age_in_years"]


@pytest.mark.parametrize(
    ("columns", "target"),
    [
        ({"LotArea": range(50), "SalePrice": range(100, 150), "SaleCondition": ["a", "b"] * 25}, "SalePrice"),
        ({"x": range(50), "is_fraud": [0, 1] * 25, "region": ["n", "s"] * 25}, "is_fraud"),
        ({"income": range(50), "debt": range(50), "approved": ["yes", "no"] * 25}, "approved"),
        ({"pos_x": range(50), "pos_y": range(50), "kind": ["a", "b", "c", "d", "e"] * 10}, "kind"),
    ],
)
def test_the_target_is_suggested_from_the_header(columns, target):
    schema = infer_schema(pd.DataFrame(columns))

    assert schema.target == target
    assert "for the utility tests" in schema.column(target).reason


@pytest.mark.parametrize(
    ("header", "tokens"),
    [
        ("SalePrice", ("sale", "price")),
        ("two_year_recid", ("two", "year", "recid")),
        ("dateOfBirth", ("date", "of", "birth")),
        ("HTTPCode", ("http", "code")),
        ("native-country", ("native", "country")),
        ("Prénom", ("prenom",)),
    ],
)
def test_header_tokens(header, tokens):
    assert header_tokens(header) == tokens


def test_a_detected_schema_round_trips_with_its_marks(adult):
    schema = infer_schema(adult.head(300))

    assert TableSchema.from_json(schema.to_json()) == schema


# --- Romanised, joined and unspaced names; places, firms and institutions that are not people ---


@pytest.mark.parametrize("locale", ["ja_JP", "zh_CN", "zh_TW"])
def test_romanised_east_asian_names_are_names(locale):
    fake = _faker(locale, 15)
    values = pd.Series([fake.romanized_name() for _ in range(200)])
    match = detect_personal_data(values, header="x")
    assert match is not None and match.pii_type == "name" and match.share > 0.9


def test_russian_names_in_latin_letters_are_names():
    assert all(read_name(value) for value in ["Agafya Semenovna Zinoveva", "Iuliia Ivanova", "Sysoev Izyaslav"])


@pytest.mark.parametrize("value", ["Tanaka", "Suzuki", "Zhao", "Xu", "Kang", "Yoon", "Al-Rashid"])
def test_romanised_surnames_are_known(value):
    assert NameForm.LAST in [reading.form for reading in read_name(value)]


@pytest.mark.parametrize(
    ("value", "parts"),
    [("DOE^JOHN^Q", ("john", "doe")), ("john.smith", ("john", "smith")), ("mary_jones", ("mary", "jones"))],
)
def test_joined_layouts_read_as_full_names(value, parts):
    assert [reading.form for reading in read_name(value)] == [NameForm.FULL]
    assert name_parts(value) == parts


def test_hl7_and_joined_name_columns_are_personal():
    fake = _faker("en_US", 19)
    people = [(fake.first_name(), fake.last_name()) for _ in range(150)]
    for values in (
        [f"{last.upper()}^{first.upper()}^Q" for first, last in people],
        [f"{first.lower()}.{last.lower()}" for first, last in people],
        [f"{last.lower()}_{first.lower()}" for first, last in people],
    ):
        match = detect_personal_data(pd.Series(values), header="pt")
        assert match is not None and match.pii_type == "name", values[:3]


def test_unspaced_chinese_and_korean_names_are_names():
    zh, ko = _faker("zh_CN", 3), _faker("ko_KR", 3)
    assert detect_personal_data(pd.Series([ko.name() for _ in range(200)]), header="x").pii_type == "name"
    chinese = [zh.name() for _ in range(200)]
    assert all(read_name(value) for value in chinese)
    assert detect_personal_data(pd.Series(chinese), header="name").pii_type == "name"
    assert not read_name("北京") and not read_name("上海市")
    assert not any(reading.clear for reading in read_name("高中"))


@pytest.mark.parametrize(
    "value", ["Wilson Road", "Jackson Avenue", "Brown Inc", "Roberts Group", "Smith and Sons", "Martin High School"]
)
def test_places_firms_and_institutions_are_not_names(value):
    assert read_name(value) == ()


@pytest.mark.parametrize("value", ["Smith Park", "Jessica Dancer"])
def test_a_suffix_or_word_that_may_be_a_name_makes_the_reading_ambiguous(value):
    assert [reading.clear for reading in read_name(value)] == [False]


def test_street_company_and_school_columns_are_not_names():
    fake, rng = _faker("en_US", 22), np.random.default_rng(22)
    schools = ["Elementary", "High School", "Clinic", "Medical Center", "Library"]
    columns = {
        "street": [fake.street_name() for _ in range(300)],
        "employer": [fake.company() for _ in range(300)],
        "facility": [f"{fake.last_name()} {rng.choice(schools)}" for _ in range(300)],
    }
    for header, values in columns.items():
        assert detect_personal_data(pd.Series(values), header=header) is None, header


def test_person_names_in_any_case_stay_names():
    fake = _faker("en_US", 23)
    names = [fake.name() for _ in range(200)]
    for values in (names, [name.lower() for name in names], [name.upper() for name in names]):
        assert detect_personal_data(pd.Series(values), header="x").pii_type == "name"


# --- Repeated names, repeated record numbers, bare-digit phone numbers ---------------------------------


def test_full_names_that_repeat_are_still_people():
    fake = _faker("en_US", 31)
    customers, reps = [fake.name() for _ in range(60)], [fake.name() for _ in range(12)]
    frame = pd.DataFrame({"customer_name": _draws(customers, 800), "sales_rep": _draws(reps, 800, seed=1)})

    schema = infer_schema(frame)

    assert [schema.column(header).pii_type for header in frame.columns] == ["name", "name"]
    assert {schema.column(header).kind for header in frame.columns} == {P}


def test_repeated_brand_names_and_few_names_stay_categories():
    brands = ["Calvin Klein", "Ralph Lauren", "Tommy Hilfiger", "Hugo Boss", "Kenneth Cole", "Vera Wang", "Tory Burch"]

    assert detect_personal_data(_draws(brands, 500), header="brand") is None
    assert detect_personal_data(_draws(COLOURS, 2000), header="x") is None


def test_a_first_name_column_with_many_repeated_levels_is_personal():
    fake = _faker("en_US", 32)
    firsts = list(dict.fromkeys(fake.first_name() for _ in range(400)))[:150]

    match = detect_personal_data(_draws(firsts, 2000), header="x")

    assert match is not None and match.pii_type == "first_name"


def test_record_numbers_that_repeat_over_visits_are_direct_identifiers():
    rng = np.random.default_rng(33)
    mrn = rng.choice(np.arange(1_000_000, 9_999_999), 120, replace=False)
    patient = rng.integers(0, 120, 600)
    frame = pd.DataFrame(
        {
            "mrn": mrn[patient],
            "patient_id": [f"MRN{mrn[i]:08d}" for i in patient],
            "member_no": [f"A-{i:06d}" for i in patient],
            "charge": rng.gamma(2, 100, 600),
        }
    )

    schema = infer_schema(frame)

    for header in ("mrn", "patient_id", "member_no"):
        column = schema.column(header)
        assert (column.kind, column.role) == (ID, ColumnRole.KEY), header
        assert "direct identifiers (several rows per person" in column.reason, header


N = ColumnKind.NUMERICAL


def test_ordinary_codes_counts_and_weights_are_no_record_numbers():
    rng = np.random.default_rng(34)
    diagnoses = [f"{rng.choice(list('EIJKM'))}{rng.integers(10, 99)}.{rng.integers(0, 9)}" for _ in range(30)]
    skus = [f"SKU-{rng.integers(1000, 9999)}" for _ in range(20)]
    frame = pd.DataFrame(
        {
            "dx": _draws(diagnoses, 600),
            "sku": _draws(skus, 600),
            "number_of_visits": rng.integers(0, 400, 600),
            "weight": rng.choice(rng.integers(12_000, 1_500_000, 300), 600),  # like Adult's fnlwgt
        }
    )

    schema = infer_schema(frame)

    assert [schema.column(header).kind for header in frame.columns] == [C, C, N, N]
    assert not repeated_record_numbers(frame["dx"]) and not repeated_record_numbers(frame["sku"])


@pytest.mark.parametrize("header", ["phone", "Phone Number", "tel", "mobile", "cell_no", "fax", "homePhone", "TEL."])
def test_headers_that_name_a_phone(header):
    assert names_a_phone(header)


@pytest.mark.parametrize("header", ["mobile_minutes", "cell_count", "cellular_data_gb", "amount", "celltype"])
def test_headers_that_do_not_name_a_phone(header):
    assert not names_a_phone(header)


def test_phone_numbers_without_separators_need_a_phone_header():
    rng = np.random.default_rng(35)
    numbers = rng.choice(rng.integers(2_012_000_000, 9_899_999_999, 300), 500)
    frame = pd.DataFrame(
        {
            "phone_number": numbers,
            "mobile": numbers[::-1],
            "tel": [f"0{number}" for number in numbers],
            "amount": numbers,
            "household": rng.integers(1, 6, 500),
        }
    )

    schema = infer_schema(frame)

    assert [schema.column(header).pii_type for header in frame.columns] == ["phone_number"] * 3 + [None, None]
    assert schema.column("amount").kind is N


def test_a_phone_column_that_fails_is_not_sent_to_numbers():
    rng = np.random.default_rng(36)
    values = [str(number) if rng.random() > 0.3 else "unknown" for number in rng.integers(100, 999, 400)]

    reason = infer_schema(pd.DataFrame({"telephone": values})).column("telephone").reason

    assert "choose numerical" not in reason and "phone number" in reason


# --- Dates of birth in other forms, messy dates of birth, notes among canned phrases --------------------


def test_two_digit_years_are_read_in_the_century_not_in_the_future():
    parsed = parse_birth_dates(pd.Series(["07/07/65", "12/12/24", "01/01/99", "junk"]), "%d/%m/%y")

    assert [day.year for day in parsed.dropna()] == [1965, 2024, 1999]
    assert parsed.isna().tolist() == [False, False, False, True]


def test_two_digit_year_and_whole_number_dates_of_birth_are_personal_and_faked_alike():
    days = _birth_dates(150, oldest=90, youngest=1, seed=11)
    frame = pd.DataFrame(
        {
            "pt_dob": [day.strftime("%d/%m/%y") for day in days],
            "us_born": [day.strftime("%m/%d/%y") for day in days],
            "birth": [day.strftime("%d-%b-%y") for day in days],
            "dob_yyyymmdd": [int(day.strftime("%Y%m%d")) for day in days],
        }
    )

    schema = infer_schema(frame)
    filled = fill_unlearnt_columns(pd.DataFrame(index=range(100)), schema, frame, rows=100, seed=3)

    formats = {"pt_dob": "%d/%m/%y", "us_born": "%m/%d/%y", "birth": "%d-%b-%y", "dob_yyyymmdd": "%Y%m%d"}
    for name, date_format in formats.items():
        column = schema.column(name)
        assert (column.kind, column.pii_type, column.datetime_format) == (P, "date_of_birth", date_format), name
        assert parse_birth_dates(filled[name], date_format).notna().all(), name
    assert "two-digit years" in schema.column("pt_dob").reason
    assert filled["dob_yyyymmdd"].dtype == "int64"
    assert not set(filled["dob_yyyymmdd"]) & set(frame["dob_yyyymmdd"])


@pytest.mark.parametrize("odd", ["unknown", "1800-01-01", "9999-12-31", "2068-05-04"])
def test_a_few_odd_values_do_not_hide_dates_of_birth_under_a_birth_header(odd):
    values = [day.isoformat() for day in _birth_dates(300, seed=23)]
    values[::33] = [odd] * len(values[::33])  # 3%

    births = read_birth_dates(pd.Series(values), header="dob", datetime_format="%Y-%m-%d")

    assert births is not None and births.odd_count == len(values[::33])
    assert f"'{odd}'" in births.reason and "no plausible date of birth" in births.reason
    assert read_birth_dates(pd.Series(values), header="col_d", datetime_format="%Y-%m-%d") is None


def test_dates_that_do_not_all_parse_say_how_many_do_not():
    fake = Faker("en_GB")
    fake.seed_instance(5)
    days = [fake.date_between("-3y", "today").strftime("%d/%m/%Y") for _ in range(300)]
    days[::30] = ["n/a"] * len(days[::30])

    reason = infer_schema(pd.DataFrame({"admitted": days})).column("admitted").reason

    assert "all parse" not in reason and "10 of 300 values do not parse" in reason and "'n/a'" in reason


def _notes(rows: int, seed: int, personal: bool) -> list[str]:
    fake, rng = Faker("en_US"), np.random.default_rng(seed)
    fake.seed_instance(seed)
    canned = ["No show", "Left voicemail", "Paid in full", "Insurance pending", "Referred to cardiology"]
    notes = []
    for _ in range(rows):
        draw = rng.random()
        if draw < 0.55:
            notes.append(str(rng.choice(canned)))
        elif personal and draw < 0.8:
            notes.append(f"Spoke to {fake.first_name()} {fake.last_name()}, call back on {fake.phone_number()}")
        elif personal:
            notes.append(f"Send results to {fake.email()}")
        else:
            notes.append(f"Follow-up visit number {rng.integers(1, 400)} booked")
    return notes


def test_notes_with_personal_data_among_canned_phrases_are_text_not_categories():
    frame = pd.DataFrame({"comments": _notes(400, 14, personal=True), "remarks": _notes(400, 15, personal=False)})

    schema = infer_schema(frame)

    comments = schema.column("comments")
    assert comments.kind is ColumnKind.TEXT
    assert "phone numbers" in comments.reason and "email addresses" in comments.reason
    assert "copied whole" in comments.reason
    assert schema.column("remarks").kind is ColumnKind.CATEGORICAL
    assert personal_data_among_categories(pd.Series(["Paid in full", "Left voicemail"] * 50)) == ""
