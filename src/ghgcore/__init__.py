"""ghgcore: the open core for greenhouse-gas accounting.

Activities, emission factors and inventories over scopes 1, 2 and 3, with
units handled by pint and a columnar calculation engine.

>>> import ghgcore
>>> fs = ghgcore.FactorSet.from_factors(
...     [ghgcore.EmissionFactor("electricity", "kWh", {"CO2": 0.019},
...                             source="NVE 2022", region="NO", scope=2)],
...     name="mine", version="1")
>>> inv = ghgcore.calculate_inventory(
...     [ghgcore.Activity.of("electricity", 100, "MWh", region="NO")], fs, year=2022)
>>> round(inv.result.total(), 6)
1900.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ghgcore._version import __version__

if TYPE_CHECKING:
    from ghgcore.activities import Activity, ActivityTable
    from ghgcore.errors import (
        ActivityFileError,
        DataError,
        FactorSetError,
        GhgcoreError,
        GhgcoreWarning,
        InputError,
        LineIssue,
        UnitError,
    )
    from ghgcore.factors import EmissionFactor, FactorSet
    from ghgcore.gases import GWPSet, get_gwp_set
    from ghgcore.inventory import Inventory, calculate, calculate_inventory
    from ghgcore.result import Result, Unresolved
    from ghgcore.sources import Sources
    from ghgcore.units import get_registry, use_as_application_registry

# The public names and the submodule each lives in. Submodules are imported
# on first use (PEP 562), so that `import ghgcore` stays cheap.
_LAZY = {
    "Activity": "activities",
    "ActivityTable": "activities",
    "Result": "result",
    "Unresolved": "result",
    "calculate": "inventory",
    "calculate_inventory": "inventory",
    "ActivityFileError": "errors",
    "DataError": "errors",
    "FactorSetError": "errors",
    "GhgcoreError": "errors",
    "GhgcoreWarning": "errors",
    "InputError": "errors",
    "LineIssue": "errors",
    "UnitError": "errors",
    "Sources": "sources",
    "EmissionFactor": "factors",
    "FactorSet": "factors",
    "GWPSet": "gases",
    "get_gwp_set": "gases",
    "Inventory": "inventory",
    "get_registry": "units",
    "use_as_application_registry": "units",
}

__all__ = [
    "Activity",
    "ActivityFileError",
    "ActivityTable",
    "DataError",
    "EmissionFactor",
    "FactorSet",
    "FactorSetError",
    "GWPSet",
    "GhgcoreError",
    "GhgcoreWarning",
    "InputError",
    "Inventory",
    "LineIssue",
    "Result",
    "Sources",
    "UnitError",
    "Unresolved",
    "__version__",
    "calculate",
    "calculate_inventory",
    "get_gwp_set",
    "get_registry",
    "use_as_application_registry",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ghgcore' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ghgcore.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
