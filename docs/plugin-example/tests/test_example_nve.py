"""The example database passes ghgcore's conformance suite and calculates."""

from ghgcore_example_nve import NVENorway

from ghgcore import Activity, calculate
from ghgcore.testing import assert_conformant


def test_conformance():
    """Metadata, units, provenance and coverage claims hold."""
    assert_conformant(NVENorway)


def test_by_name():
    """Installed, the database is found by its entry-point name."""
    result = calculate([Activity.of("electricity", 100, "MWh", region="NO", year=2023)], "example-nve")
    assert 1500.0 == result.co2e[0]  # 100 000 kWh x 15 g/kWh
    assert "example-nve" == result.factor_sets[0].name
