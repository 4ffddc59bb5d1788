"""Every page of the dashboard, declared once: its script, title, icon and place in the navigation.

`app.py` builds the navigation from `PAGES`. Links, page switches, the guided tour, the lessons and the
tests name a page by its constant here (`GENERATE.path`, `GENERATE.title`), never by a string of their
own. This module imports no Streamlit and no page, so anything can read it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Page paths are relative to the folder of the entry file (`app.py`), as Streamlit resolves them.
APP_FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """One page of the dashboard.

    Attributes:
        path: The page's script relative to `app.py`'s folder, as `st.Page`, `st.page_link`,
            `st.switch_page` and `AppTest.switch_page` take it.
        title: The page's name, in its heading, its links and the navigation.
        icon: Its Material icon.
        section: The navigation group it sits in.
        lesson: Its number among the Learn lessons; None for a page that is not a lesson.
        default: Whether the app opens on it.
    """

    path: str
    title: str
    icon: str
    section: str
    lesson: int | None = None
    default: bool = False

    @property
    def nav_title(self) -> str:
        """Its label in the navigation: a lesson's carries its number."""
        return self.title if self.lesson is None else f"{self.lesson}. {self.title}"

    @property
    def file(self) -> Path:
        """The page's script on disk."""
        return APP_FOLDER / self.path

    @property
    def name(self) -> str:
        """The script's name without its suffix (`generate`); Streamlit's URL path for the page."""
        return Path(self.path).stem


PREPARE, REVIEW, SHARE, LEARN = "Prepare", "Review", "Share", "Learn"
_LESSON_ICON = ":material/school:"

DATA = Page("app_pages/data.py", "Data", ":material/upload_file:", PREPARE, default=True)
GENERATE = Page("app_pages/generate.py", "Generate", ":material/auto_awesome:", PREPARE)
FIDELITY = Page("app_pages/fidelity.py", "Fidelity", ":material/compare:", REVIEW)
PRIVACY = Page("app_pages/privacy.py", "Privacy", ":material/shield:", REVIEW)
UTILITY = Page("app_pages/utility.py", "Utility", ":material/model_training:", REVIEW)
COMPARE = Page("app_pages/compare.py", "Compare", ":material/leaderboard:", REVIEW)
EXPORT = Page("app_pages/export.py", "Export", ":material/download:", SHARE)
LEARN_WHY = Page("app_pages/learn_why.py", "Why synthetic data", _LESSON_ICON, LEARN, lesson=1)
LEARN_GENERATORS = Page("app_pages/learn_generators.py", "How generators work", _LESSON_ICON, LEARN, lesson=2)
LEARN_FIDELITY = Page("app_pages/learn_fidelity.py", "Fidelity", _LESSON_ICON, LEARN, lesson=3)
LEARN_UTILITY = Page("app_pages/learn_utility.py", "Utility", _LESSON_ICON, LEARN, lesson=4)
LEARN_PRIVACY = Page("app_pages/learn_privacy.py", "Privacy and the trade-off", _LESSON_ICON, LEARN, lesson=5)
LEARN_DP = Page("app_pages/learn_dp.py", "Differential privacy", _LESSON_ICON, LEARN, lesson=6)
LEARN_BIAS = Page("app_pages/learn_bias.py", "Bias and balance", _LESSON_ICON, LEARN, lesson=7)
LEARN_PRACTICE = Page("app_pages/learn_practice.py", "Good practice", _LESSON_ICON, LEARN, lesson=8)
GLOSSARY = Page("app_pages/glossary.py", "Glossary", ":material/menu_book:", LEARN)

# Navigation order.
PAGES: tuple[Page, ...] = (
    DATA,
    GENERATE,
    FIDELITY,
    PRIVACY,
    UTILITY,
    COMPARE,
    EXPORT,
    LEARN_WHY,
    LEARN_GENERATORS,
    LEARN_FIDELITY,
    LEARN_UTILITY,
    LEARN_PRIVACY,
    LEARN_DP,
    LEARN_BIAS,
    LEARN_PRACTICE,
    GLOSSARY,
)
LESSONS: tuple[Page, ...] = tuple(page for page in PAGES if page.lesson is not None)


def sections() -> dict[str, list[Page]]:
    """The pages by navigation section, both in navigation order."""
    grouped: dict[str, list[Page]] = {}
    for page in PAGES:
        grouped.setdefault(page.section, []).append(page)
    return grouped
