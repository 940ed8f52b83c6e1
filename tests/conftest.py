"""Shared fixtures and Hypothesis profiles."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ghgcore import EmissionFactor, FactorSet
from ghgcore import plugins as _plugins

settings.register_profile("ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def simple_factors() -> FactorSet:
    """A small set with per-gas, CO2e-only, scope 2 dual and monetary factors."""
    return FactorSet.from_factors(
        [
            EmissionFactor(
                "diesel", "L", {"CO2": 2.5, "CH4": 1e-4, "N2O": 2e-5}, source="test: diesel", scope=1
            ),
            EmissionFactor(
                "biogas", "kWh", {"CO2_biogenic": 0.2, "CH4_non_fossil": 1e-3}, source="test: biogas", scope=1
            ),
            EmissionFactor(
                "electricity",
                "kWh",
                {"CO2": 0.02},
                source="test: grid",
                region="NO",
                scope=2,
                valid_from=2020,
                valid_to=2024,
                method="location",
            ),
            EmissionFactor(
                "electricity",
                "kWh",
                {"CO2": 0.4},
                source="test: residual mix",
                region="NO",
                scope=2,
                valid_from=2020,
                valid_to=2024,
                method="market",
            ),
            EmissionFactor("electricity", "kWh", {"CO2": 0.1}, source="test: grid SE", region="SE", scope=2),
            EmissionFactor(
                "software", "EUR", {"CO2e": 0.09}, source="test: eeio", scope=3, category=1, price_year=2019
            ),
        ],
        name="simple",
        version="1.0",
    )


@pytest.fixture
def example_paths() -> tuple[Path, Path]:
    """The quick start's activities and factors files."""
    return EXAMPLES / "activities.csv", EXAMPLES / "factors.csv"


ROOT_DOCS = ROOT / "docs"


class Site:
    """A folder on sys.path holding throwaway distributions with entry points."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def add(self, dist: str, version: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
        info = self.root / f"{dist.replace('-', '_')}-{version}.dist-info"  # as wheels name it
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
        (info / "entry_points.txt").write_text(f"[ghgcore.factors]\n{lines}", encoding="utf-8")
        for module, source in modules.items():
            (self.root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A throwaway site-packages folder for plugins, forgotten after the test."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    before = set(sys.modules)
    _plugins.refresh()
    yield Site(root)
    _plugins.refresh()
    for name in set(sys.modules) - before:
        if str(getattr(sys.modules[name], "__file__", "") or "").startswith(str(root)):
            del sys.modules[name]
