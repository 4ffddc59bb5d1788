"""The generator registry: every module in this package that defines a `Generator` is discovered.

Adding a generator is a one-file change: drop a module here whose class sets `name`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import lru_cache

from synth_core.generators.base import FitCancelledError, Generator, GeneratorError, ParamSpec, ProgressCallback

# The order the picker shows; generators not listed follow in name order.
_PREFERRED_ORDER = ("gaussian_copula", "ctgan", "tvae", "copulagan", "independent_columns", "copy_rows")
_NOT_GENERATOR_MODULES = {"base", "fill"}


@lru_cache(maxsize=1)
def registry() -> dict[str, type[Generator]]:
    """Every registered generator class by name, in display order."""
    found: dict[str, type[Generator]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_") or module_info.name in _NOT_GENERATOR_MODULES:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Generator) and not inspect.isabstract(cls) and getattr(cls, "name", None):
                found[cls.name] = cls
    order = {name: index for index, name in enumerate(_PREFERRED_ORDER)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def get(name: str) -> type[Generator]:
    """The generator class called `name`.

    Raises:
        GeneratorError: No such generator; the message lists the known ones.
    """
    generators = registry()
    if name not in generators:
        raise GeneratorError(f"No generator named '{name}'. Choose one of: {', '.join(generators)}.")
    return generators[name]


__all__ = ["FitCancelledError", "Generator", "GeneratorError", "ParamSpec", "ProgressCallback", "get", "registry"]
