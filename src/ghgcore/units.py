"""The one unit registry of ghgcore, and unit conversion done once per unit pair.

ghgcore keeps a single :class:`pint.UnitRegistry` for the library and its
plugins. It is built lazily, on first use, from pint's default definitions and
``ghgcore/data/units.txt`` (currencies as separate dimensions, ``CO2e``,
``passenger_km``, ``tonne_km``, ...). Importing ghgcore does not build it, and
does not touch pint's application registry.

Calculations never convert quantities line by line: :func:`conversion_factor`
asks pint once for each distinct pair of unit strings and the factor is
broadcast over the arrays.
"""

from __future__ import annotations

import functools
import re
import threading
from importlib import resources
from typing import Any, cast

import pint

from ghgcore.errors import UnitError

__all__ = [
    "UnitError",
    "conversion_factor",
    "currency_of",
    "describe_dimension",
    "dimensionality",
    "get_registry",
    "parse_unit",
    "quantity",
    "use_as_application_registry",
]

_lock = threading.Lock()
_registry: pint.UnitRegistry[Any] | None = None



_EXPECT_UNIT = "a unit pint understands, such as 'kWh', 'L', 'm**3', 'passenger_km' or 'NOK'"


def get_registry() -> pint.UnitRegistry[Any]:
    """Return the shared ghgcore unit registry, building it on first use.

    Returns
    -------
    pint.UnitRegistry
        The registry with pint's default units plus ghgcore's definitions.

    Examples
    --------
    >>> ureg = get_registry()
    >>> ureg.Quantity(2, "MWh").to("kWh")
    <Quantity(2000.0, 'kilowatt_hour')>
    """
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                registry: pint.UnitRegistry[Any] = pint.UnitRegistry(
                    autoconvert_offset_to_baseunit=False,
                    on_redefinition="raise",
                )
                text = resources.files("ghgcore").joinpath("data/units.txt").read_text(encoding="utf-8")
                registry.load_definitions(text.splitlines())
                _registry = registry
    return _registry


def use_as_application_registry() -> None:
    """Make the ghgcore registry pint's application registry.

    Call this if you pickle and unpickle quantities made by ghgcore, or mix
    them with code that uses :data:`pint.application_registry`. ghgcore never
    does it by itself.
    """
    pint.set_application_registry(get_registry())  # type: ignore[no-untyped-call]


@functools.lru_cache(maxsize=4096)
def parse_unit(unit: str) -> pint.Unit:
    """Parse a unit string in the ghgcore registry.

    Parameters
    ----------
    unit : str
        A unit expression pint understands, such as ``"kWh"``, ``"m**3"``,
        ``"passenger_km"`` or ``"NOK"``.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        If the string is empty or not a unit of the registry (a number such as
        ``"3 kg"`` is not a unit either).

    Examples
    --------
    >>> parse_unit("MWh")
    <Unit('megawatt_hour')>
    """
    text = unit.strip()
    if not text:
        raise UnitError(f"empty unit: expected {_EXPECT_UNIT}", _EXPECT_UNIT)
    registry = get_registry()
    try:
        parsed = registry.parse_expression(text)
    except Exception as e:  # pint's parser raises many kinds (even AssertionError)
        raise UnitError(f"unknown unit {unit!r}: expected {_EXPECT_UNIT}", _EXPECT_UNIT) from e
    if not isinstance(parsed, registry.Quantity) or parsed.magnitude != 1:
        expected = "a unit without a number, such as 'kWh'"
        raise UnitError(f"{unit!r} is not a unit: expected {expected}", expected)
    return cast(pint.Unit, parsed.units)


def dimensionality(unit: str) -> str:
    """Return the dimensionality of a unit in pint's notation.

    Examples
    --------
    >>> dimensionality("NOK")
    '[currency_NOK]'
    """
    return str(parse_unit(unit).dimensionality)


@functools.lru_cache(maxsize=256)
def currency_of(unit: str) -> str | None:
    """The ISO 4217 code of a monetary unit (``NOK``, ``kNOK``, ``MEUR``), else ``None``.

    Examples
    --------
    >>> currency_of("kNOK"), currency_of("kWh")
    ('NOK', None)
    """
    try:
        dims = dimensionality(unit)
    except UnitError:
        return None
    match = re.fullmatch(r"\[currency_([A-Z]{3})\]", dims)
    return match[1] if match else None


_NAMED = {
    "kWh": "energy",
    "W": "power",
    "L": "volume",
    "kg": "mass",
    "km": "distance",
    "s": "time",
    "m**2": "area",
    "passenger_km": "passenger distance",
    "tonne_km": "freight work (mass x distance)",
    "vehicle_km": "vehicle distance",
    "person_night": "person-nights",
    "Sm3": "standard gas volume",
    "kg * CO2e": "mass of CO2e",
    "": "a pure number",
}


@functools.lru_cache(maxsize=1)
def _dimension_names() -> dict[str, str]:
    return {dimensionality(unit): name for unit, name in _NAMED.items() if unit} | {
        str(get_registry().dimensionless.dimensionality): _NAMED[""]
    }


def describe_dimension(unit: str) -> str:
    """Name a unit's dimension in words, for messages.

    Examples
    --------
    >>> describe_dimension("MWh"), describe_dimension("m**3"), describe_dimension("NOK")
    ('energy', 'volume', 'money in NOK')
    """
    dims = dimensionality(unit)
    if dims.startswith("[currency_") and dims.count("[") == 1:
        return f"money in {dims[10:-1]}"
    return _dimension_names().get(dims, dims)


@functools.lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Return the number that converts an amount in `from_unit` to `to_unit`.

    pint is asked once per distinct pair; the answer is cached.

    Parameters
    ----------
    from_unit, to_unit : str
        Unit strings in the ghgcore registry.

    Returns
    -------
    float
        ``x [from_unit] == x * factor [to_unit]``.

    Raises
    ------
    UnitError
        If either unit is unknown, or the two have different dimensions (for
        example ``km`` and ``kWh``, or ``NOK`` and ``EUR``).

    Examples
    --------
    >>> conversion_factor("MWh", "kWh")
    1000.0
    >>> conversion_factor("t", "kg")
    1000.0
    """
    source = parse_unit(from_unit)
    target = parse_unit(to_unit)
    if from_unit == to_unit:
        return 1.0
    if source.dimensionality != target.dimensionality:
        expected = f"a unit of {describe_dimension(to_unit)}"
        raise UnitError(
            f"cannot convert {from_unit!r} ({describe_dimension(from_unit)}) to "
            f"{to_unit!r} ({describe_dimension(to_unit)}): expected {expected}",
            expected,
        )
    registry = get_registry()
    return float(registry.Quantity(1.0, source).to(target).magnitude)


def quantity(value: Any, unit: str) -> pint.Quantity[Any]:
    """Build a quantity in the ghgcore registry.

    Parameters
    ----------
    value : float or array_like
    unit : str

    Returns
    -------
    pint.Quantity

    Examples
    --------
    >>> quantity(3.5, "t")
    <Quantity(3.5, 'metric_ton')>
    """
    return get_registry().Quantity(value, parse_unit(unit))
