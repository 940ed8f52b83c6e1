"""Import-time promises: light, lazy, no pandas, no plugins."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ghgcore


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_import_loads_no_pandas_and_no_submodules():
    """`import ghgcore` imports neither pandas nor its own heavy modules."""
    out = _run(
        "import sys, ghgcore; "
        "print('pandas' in sys.modules, 'ghgcore.calculation' in sys.modules, 'ghgcore.factors' in sys.modules)"
    )
    assert "False False False" == out.strip()


def test_import_builds_no_registry():
    """The unit registry is built on first use, not at import."""
    out = _run("import ghgcore, ghgcore.units as u; print(u._registry is None)")
    assert "True" == out.strip()


def test_public_names_resolve():
    """Every name in __all__ can be imported."""
    for name in ghgcore.__all__:
        assert getattr(ghgcore, name) is not None
    assert set(ghgcore.__all__) <= set(dir(ghgcore))


def test_unknown_attribute():
    """A typo is an AttributeError naming it."""
    with pytest.raises(AttributeError, match="Inventroy"):
        ghgcore.Inventroy  # noqa: B018
