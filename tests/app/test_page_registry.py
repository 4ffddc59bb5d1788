"""The page registry matches the pages on disk, and the navigation can tell every page apart."""

from __future__ import annotations

from dashboard.page_registry import APP_FOLDER, LESSONS, PAGES, sections


def test_every_registered_page_exists():
    missing = [page.path for page in PAGES if not page.file.is_file()]

    assert not missing


def test_every_page_file_is_registered_once():
    on_disk = sorted(path.relative_to(APP_FOLDER).as_posix() for path in (APP_FOLDER / "app_pages").glob("*.py"))

    assert sorted(page.path for page in PAGES) == on_disk


def test_navigation_titles_are_unique():
    # A lesson may share a page's title ("Fidelity"): its number tells them apart in the navigation.
    titles = [page.nav_title for page in PAGES]

    assert len(set(titles)) == len(titles)


def test_one_default_page_and_lessons_numbered_in_order():
    assert [page for page in PAGES if page.default] == [PAGES[0]]
    assert [page.lesson for page in LESSONS] == list(range(1, len(LESSONS) + 1))
    assert LESSONS[2].nav_title == "3. Fidelity"


def test_sections_keep_the_navigation_order():
    grouped = sections()

    assert [page for pages in grouped.values() for page in pages] == list(PAGES)
    assert list(grouped) == ["Prepare", "Review", "Share", "Learn"]
