"""Tests for ghgcore.units."""

from __future__ import annotations

import pickle

import pint
import pytest

from ghgcore.units import (
    UnitError,
    conversion_factor,
    describe_dimension,
    get_registry,
    parse_unit,
    quantity,
    use_as_application_registry,
)

from .strategies import UNIT_FAMILIES


def test_registry_is_shared_and_lazy():
    """One registry for the library: every call returns the same object."""
    assert get_registry() is get_registry()


def test_import_does_not_touch_application_registry():
    """Importing and using ghgcore leaves pint's application registry alone."""
    get_registry()
    assert pint.get_application_registry().get() is not get_registry()


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("NOK", "NOK"), ("EUR", "EUR"), ("SEK", "SEK"), ("DKK", "DKK"), ("USD", "USD"), ("GBP", "GBP")],
)
def test_currencies_are_units(unit, expected):
    """The currencies the networks use are units of their own."""
    assert expected == str(parse_unit(unit))


def test_currencies_never_convert_into_each_other():
    """No exchange rate is ever applied by accident: NOK and EUR differ in dimension."""
    with pytest.raises(UnitError, match="money in NOK"):
        conversion_factor("NOK", "EUR")


def test_prefixed_currency():
    """KNOK is a thousand NOK."""
    assert 1000.0 == conversion_factor("kNOK", "NOK")


@pytest.mark.parametrize(("factor_unit", "family"), list(UNIT_FAMILIES.items()))
def test_conversion_factors_of_families(factor_unit, family):
    """The numbers the test strategies rely on are the registry's."""
    for unit, expected in family.items():
        assert expected == pytest.approx(conversion_factor(unit, factor_unit), rel=1e-12)


def test_transport_units():
    """passenger_km, tonne_km and vehicle_km are distance times a count or a mass."""
    assert 1.0 == conversion_factor("pkm", "passenger_km")
    assert 1000.0 == pytest.approx(conversion_factor("tonne_km", "kg * km"))
    with pytest.raises(UnitError):
        conversion_factor("passenger_km", "km")


def test_co2e_is_a_mass_of_its_own():
    """Kg CO2e converts to t CO2e, not to kg."""
    assert 0.001 == pytest.approx(conversion_factor("kg CO2e", "t CO2e"))
    with pytest.raises(UnitError):
        conversion_factor("kg CO2e", "kg")


@pytest.mark.parametrize("text", ["", "   ", "furlongs_per_fortnight_x", "3 kg", "kg +"])
def test_parse_unit_rejects(text):
    """Unknown units, empty strings and numbers are not units."""
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.expected


def test_conversion_error_names_both_dimensions():
    """A wrong dimension says what was expected."""
    with pytest.raises(UnitError) as info:
        conversion_factor("km", "kWh")
    assert "distance" in str(info.value)
    assert "a unit of energy" == info.value.expected


def test_describe_dimension_falls_back_to_pint():
    """Dimensions without a name are shown in pint's notation."""
    assert "[length] / [time]" == describe_dimension("km/h")


def test_quantity_is_in_the_registry():
    """quantity() builds quantities of the shared registry."""
    q = quantity(2, "MWh")
    assert q._REGISTRY is get_registry()
    assert 2000.0 == q.to("kWh").magnitude


def test_use_as_application_registry_allows_pickling():
    """After opting in, ghgcore quantities survive a pickle round trip."""
    previous = pint.get_application_registry().get()
    try:
        use_as_application_registry()
        q = quantity(3.5, "t")
        assert q == pickle.loads(pickle.dumps(q))
    finally:
        pint.set_application_registry(previous)
