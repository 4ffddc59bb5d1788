"""The shape of the code: no import cycles, a core without Streamlit, and a stated public API.

Which imports count: every import statement that can run, whether at module level or inside a
function. A cycle closed by an import inside a function is still a cycle; it only waits for the
function to run. Imports under `if TYPE_CHECKING:` do not count: they never run, and serve
annotations only. The graph is read from the source by grimp (the library behind import-linter).
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import grimp
import pytest

import synth_core

PACKAGES = ("synth_core", "dashboard")


def import_cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Each import cycle once, as the modules along it, the first one repeated at the end."""
    cycles: dict[frozenset[str], tuple[str, ...]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            way_back = graph.find_shortest_chain(importer=imported, imported=importer)
            if way_back:
                cycle = (importer, *way_back)
                cycles.setdefault(frozenset(cycle), cycle)
    return sorted(cycles.values())


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None, exclude_type_checking_imports=True)


def test_import_cycles_are_found_and_named():
    graph = grimp.ImportGraph()
    graph.add_import(importer="pkg.a", imported="pkg.b", line_number=1, line_contents="import pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c", line_number=1, line_contents="import pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a", line_number=1, line_contents="import pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.d", line_number=1, line_contents="import pkg.d")

    assert import_cycles(graph) == [("pkg.a", "pkg.b", "pkg.c", "pkg.a")]


def test_there_is_no_import_cycle(graph):
    cycles = import_cycles(graph)

    assert not cycles, "Import cycles (move what both modules need below both):\n" + "\n".join(
        " -> ".join(cycle) for cycle in cycles
    )


def test_the_core_imports_neither_streamlit_nor_the_dashboard():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None, include_external_packages=True)
    core = {module for module in graph.modules if module == "synth_core" or module.startswith("synth_core.")}

    offending = sorted(
        f"{module} imports {imported}"
        for module in core
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in {"streamlit", "dashboard"}
    )

    assert not offending
    assert "streamlit" in graph.find_modules_directly_imported_by("dashboard.app")  # the check can see it


def test_the_public_api_is_sorted_and_has_no_duplicates():
    assert synth_core.__all__ == sorted(set(synth_core.__all__))


@pytest.mark.parametrize("name", synth_core.__all__)
def test_every_public_name_resolves_and_is_documented(name):
    value = getattr(synth_core, name)

    documentation = inspect.getdoc(value) or ""
    # A dataclass without a docstring gets its signature as one: that is no documentation.
    assert documentation and not documentation.startswith(f"{name}("), f"synth_core.{name} has no docstring"


def test_importing_the_core_loads_none_of_its_modules():
    # The public names arrive on first use, so `import synth_core` stays instant.
    code = "import sys, synth_core; print(sorted(m for m in sys.modules if m.startswith(('synth_core.', 'pandas'))))"

    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert loaded.strip() == "[]"
