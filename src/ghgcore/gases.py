"""Greenhouse gases and global-warming-potential (GWP-100) sets.

Gas names follow the factors CSV format: ``CO2``, ``CO2_biogenic``, ``CH4``,
``CH4_fossil``, ``CH4_non_fossil``, ``N2O``, ``SF6``, ``NF3``, F-gases as the
GHG Protocol writes them (``HFC-134a``, ``CF4``), and ``CO2e`` for a factor
that its source gives only as CO2 equivalents. Lookup ignores case, hyphens,
underscores and spaces (``hfc134a`` is ``HFC-134a``).

Two gases are special in CO2e:

- ``CO2_biogenic`` weighs 0 in CO2e: biogenic CO2 is reported outside the
  scopes (GHG Protocol), as its own total.
- ``CO2e`` weighs 1 under every GWP set: the source already weighted it, with
  whatever GWP set it used, and ghgcore cannot undo that.

The gases the Montreal Protocol controls (CFCs, HCFCs, halons, carbon
tetrachloride, methyl chloroform, methyl bromide: :func:`is_montreal_gas`)
are not Kyoto gases, and the GHG Protocol Corporate Standard (chapter 4)
keeps them out of the scopes: their CO2e is reported apart, as biogenic CO2
is, never in scope 1, 2 or 3.

The GWP values ship in ``ghgcore/data/gwp.csv`` (AR4, AR5, AR6; see the
file's header for sources).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping

import attrs

from ghgcore._reference import read_package_csv
from ghgcore.errors import UnknownGasError

__all__ = [
    "BIOGENIC_CO2",
    "CO2E",
    "DEFAULT_GWP",
    "GWP_SETS",
    "GWPSet",
    "UnknownGasError",
    "get_gwp_set",
    "is_montreal_gas",
    "known_gases",
    "normalize_gas",
]

BIOGENIC_CO2 = "CO2_biogenic"
CO2E = "CO2e"
DEFAULT_GWP = "AR6"
GWP_SETS = ("AR4", "AR5", "AR6")

_EXTRA_GASES = (BIOGENIC_CO2, CO2E)


#: The Montreal Protocol's controlled substances by name pattern (Annexes A-C and E):
#: CFCs, halons, HCFCs, HBFCs, carbon tetrachloride, methyl chloroform, methyl bromide.
_MONTREAL = re.compile(r"(H?CFC-.*|HBFC-.*|Halon\d+|CCl4|CH3CCl3|CH3Br)")


def is_montreal_gas(gas: str) -> bool:
    """Whether a gas is controlled by the Montreal Protocol (and so reported outside the scopes).

    Examples
    --------
    >>> is_montreal_gas("HCFC-22"), is_montreal_gas("hcfc22"), is_montreal_gas("HFC-134a")
    (True, True, False)
    >>> is_montreal_gas("Halon1301"), is_montreal_gas("CCl4"), is_montreal_gas("CH3Cl")
    (True, True, False)
    """
    return _MONTREAL.fullmatch(normalize_gas(gas)) is not None


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).casefold()


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    rows = read_package_csv("gwp.csv")
    values: dict[str, dict[str, float]] = {name: {} for name in GWP_SETS}
    sources: dict[str, str] = {}
    for row in rows:
        gas = row["gas"]
        sources[gas] = row["source"]
        for name in GWP_SETS:
            if row[name].strip():
                values[name][gas] = float(row[name])
    return values, sources


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names = {_key(gas): gas for gas in _table()[1]}
    names.update({_key(gas): gas for gas in _EXTRA_GASES})
    return names


def known_gases() -> tuple[str, ...]:
    """Return every gas name ghgcore knows, in the order of its GWP table."""
    return (*_table()[1], *_EXTRA_GASES)


def normalize_gas(name: str) -> str:
    """Return the canonical spelling of a gas name.

    Raises
    ------
    UnknownGasError
        If the name is not a gas of the GWP table, ``CO2_biogenic`` or ``CO2e``.

    Examples
    --------
    >>> normalize_gas("hfc134a")
    'HFC-134a'
    >>> normalize_gas("co2 biogenic")
    'CO2_biogenic'
    """
    try:
        return _names()[_key(name)]
    except KeyError:
        raise UnknownGasError(
            f"unknown gas {name!r}: expected CO2, CO2_biogenic, CH4, CH4_fossil, "
            "CH4_non_fossil, N2O, SF6, NF3, an F-gas such as HFC-134a, or CO2e"
        ) from None


def _sorted_values(values: Mapping[str, float]) -> dict[str, float]:
    return {gas: float(v) for gas, v in sorted(values.items())}


@attrs.frozen
class GWPSet:
    """A set of 100-year global warming potentials.

    Parameters
    ----------
    name : str
        ``"AR4"``, ``"AR5"`` or ``"AR6"`` for the shipped sets, or your own.
    values : Mapping[str, float]
        kg CO2e per kg of each gas. ``CO2`` must be 1.
    source : str
        Where the values come from.

    Examples
    --------
    >>> ar6 = get_gwp_set("AR6")
    >>> ar6["N2O"], ar6["CH4_fossil"]
    (273.0, 29.8)
    >>> ar6["CO2_biogenic"], ar6["CO2e"]
    (0.0, 1.0)
    """

    name: str
    values: Mapping[str, float] = attrs.field(converter=_sorted_values, hash=False)
    source: str = ""

    @values.validator
    def _check(self, attribute: attrs.Attribute[Mapping[str, float]], value: Mapping[str, float]) -> None:
        if value.get("CO2") != 1.0:
            raise ValueError(f"GWP set {self.name!r}: CO2 must weigh 1, got {value.get('CO2')!r}")
        for gas, gwp in value.items():
            if not math.isfinite(gwp) or gwp < 0:
                raise ValueError(
                    f"GWP set {self.name!r}: GWP of {gas} must be a finite number >= 0, got {gwp!r}"
                )

    def __getitem__(self, gas: str) -> float:
        """Return the GWP of a gas (``CO2_biogenic`` is 0, ``CO2e`` is 1)."""
        name = normalize_gas(gas)
        if name == BIOGENIC_CO2:
            return 0.0
        if name == CO2E:
            return 1.0
        try:
            return self.values[name]
        except KeyError:
            raise UnknownGasError(f"the {self.name} GWP set has no value for {name}") from None

    def get(self, gas: str, default: float | None = None) -> float | None:
        """Return the GWP of a gas, or `default` if the set has none."""
        try:
            return self[gas]
        except UnknownGasError:
            return default

    def __contains__(self, gas: object) -> bool:
        return isinstance(gas, str) and self.get(gas) is not None

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.values.items()), self.source))


@functools.cache
def _shipped(name: str) -> GWPSet:
    values, _ = _table()
    return GWPSet(
        name=name,
        values=values[name],
        source=f"IPCC {name} GWP-100 via openclimatedata/globalwarmingpotentials "
        "(CC0); CH4 by origin: GHG Protocol GWP values v2.0 (2024)",
    )


def get_gwp_set(gwp: str | GWPSet = DEFAULT_GWP) -> GWPSet:
    """Return a shipped GWP set by name, or pass a :class:`GWPSet` through.

    Parameters
    ----------
    gwp : {"AR4", "AR5", "AR6"} or GWPSet, default "AR6"

    Raises
    ------
    ValueError
        For a name that is not a shipped set.
    """
    if isinstance(gwp, GWPSet):
        return gwp
    name = str(gwp).strip().upper()
    if name not in GWP_SETS:
        raise ValueError(f"unknown GWP set {gwp!r}: expected one of {', '.join(GWP_SETS)}")
    return _shipped(name)
