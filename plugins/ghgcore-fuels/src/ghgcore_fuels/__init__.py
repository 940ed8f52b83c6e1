"""ghgcore factor database for scope 1: fuel combustion, biofuel blends, refrigerant leakage.

Activity keys (see the package README for the full list):

- ``diesel``, ``petrol``, ``heating_oil``, ``kerosene``, ``jet_fuel``,
  ``fuel_oil``, ``lpg``, ``propane``, ``natural_gas``, ``coal``,
  ``wood_pellets``, ``wood_chips``, ``biogas``, ``biodiesel`` (FAME), ``hvo``,
  ``bioethanol``: combustion, with BEIS/DESNZ's CH4 and N2O;
- ``diesel_mobile``, ``petrol_mobile``, ``lpg_mobile``, ``jet_fuel_mobile``:
  the same carbon, with non-road mobile CH4 and N2O (US EPA);
- ``diesel_b0`` ... ``diesel_b100`` (FAME), ``diesel_hvo0`` ...
  ``diesel_hvo100`` and ``petrol_e0`` ... ``petrol_e100`` (ethanol): blends by
  volume, fossil CO2 in the scope and biogenic CO2 outside; aliases ``B7``,
  ``B20``, ``HVO100``, ``E10``, ...;
- refrigerants by ASHRAE designation (``R-410A``, ``R-134a``, ...), per kg
  leaked; see :func:`mass_balance` for the mass-balance method.

Every factor is given per the fuel's base unit and, where the fuel's density
and net calorific value are known, per kg and per kWh (net) as well, derived
through those properties and never through a generic constant. A line in a
unit the fuel has no property for is unresolved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ghgcore import Activity, EmissionFactor, FactorSet
from ghgcore.crosswalk import Crosswalk
from ghgcore.plugins import FactorDatabase, package_csv

__all__ = ["BLENDS", "Fuel", "Fuels", "Refrigerant", "blend_factors", "fuels", "mass_balance", "refrigerants"]

YEAR = 2021
LICENCE = "CC BY-SA 4.0 (Open Emission Factors Database; BEIS/DESNZ, US EPA, GHG Protocol data)"
#: Blend families: key prefix -> (fossil fuel, biofuel).
BLENDS = {
    "diesel_b": ("diesel", "biodiesel"),
    "diesel_hvo": ("diesel", "hvo"),
    "petrol_e": ("petrol", "bioethanol"),
}
MOBILE_GASES = ("CH4", "N2O")
#: The tables' CH4 columns are methane from burning fossil fuels: fossil methane,
#: weighed with the fossil GWP (AR5 30, AR6 29.8), not the generic one.
_GAS_OF_COLUMN = {"CH4": "CH4_fossil"}


def _rows(name: str) -> list[dict[str, str]]:
    return package_csv(__package__, f"data/{name}")[1]


def _opt(text: str) -> float | None:
    return float(text) if text.strip() else None


@attrs.frozen
class Fuel:
    """A fuel's properties and its per-gas factors per base unit (kg per L, Sm3 or kg)."""

    key: str
    base_unit: str
    density: float | None
    density_unit: str
    ncv_kwh_per_kg: float | None
    gases: Mapping[str, float]
    mobile: Mapping[str, float]
    source: str
    mobile_source: str

    def units(self) -> list[tuple[str, float, str]]:
        """(unit, base units per that unit, how it was derived) for every unit the properties allow."""
        out = [(self.base_unit, 1.0, "")]
        kg_per_base = 1.0 if self.base_unit == "kg" else self.density
        if self.base_unit != "kg" and self.density:
            out.append(
                ("kg", 1 / self.density, f"per kg through density {self.density:g} {self.density_unit}")
            )
        if kg_per_base and self.ncv_kwh_per_kg:
            how = f"per kWh (net calorific value {self.ncv_kwh_per_kg:g} kWh/kg"
            how += f", density {self.density:g} {self.density_unit})" if self.base_unit != "kg" else ")"
            out.append(("kWh", 1 / (kg_per_base * self.ncv_kwh_per_kg), how))
        return out


@attrs.frozen
class Refrigerant:
    """A refrigerant's composition by mass, with the GHG Protocol blend GWPs that verify it."""

    key: str
    composition: Mapping[str, float]
    ghgp_gwp_ar4: float | None
    ghgp_gwp_ar5: float | None
    source: str


def fuels() -> dict[str, Fuel]:
    """The fuels of the database, by key."""
    out = {}
    for row in _rows("fuels.csv"):
        gases = {
            _GAS_OF_COLUMN.get(g, g): float(row[g])
            for g in ("CO2", "CH4", "N2O", "CO2e", "CO2_biogenic")
            if row[g].strip()
        }
        mobile = {
            _GAS_OF_COLUMN.get(g, g): float(row[f"mobile_{g}"])
            for g in MOBILE_GASES
            if row[f"mobile_{g}"].strip()
        }
        out[row["fuel"]] = Fuel(
            row["fuel"], row["base_unit"], _opt(row["density"]), row["density_unit"], _opt(row["ncv_kwh_per_kg"]),
            gases, mobile, row["source"], row["mobile_source"],
        )  # fmt: skip
    return out


def refrigerants() -> dict[str, Refrigerant]:
    """The refrigerants of the database, by ASHRAE designation."""
    out = {}
    for row in _rows("refrigerants.csv"):
        composition = {
            gas: float(share) for gas, share in (part.split(":") for part in row["composition"].split())
        }
        if (
            not math.isclose(sum(v for g, v in composition.items() if g != "CO2e"), 1.0)
            and "CO2e" not in composition
        ):
            raise ValueError(
                f"{row['refrigerant']}: composition adds up to {sum(composition.values())}, not 1"
            )
        out[row["refrigerant"]] = Refrigerant(
            row["refrigerant"],
            composition,
            _opt(row["ghgp_gwp_ar4"]),
            _opt(row["ghgp_gwp_ar5"]),
            row["source"],
        )
    return out


def _factors(fuel: Fuel, key: str, gases: Mapping[str, float], source: str) -> list[EmissionFactor]:
    out = []
    for unit, per, how in fuel.units():
        out.append(
            EmissionFactor(
                key, unit, {g: v * per for g, v in gases.items()},
                source=source + (f"; {how}" if how else ""), scope=1,
                valid_from=YEAR, valid_to=YEAR, licence=LICENCE,
            )
        )  # fmt: skip
    return out


def blend_factors(fossil: str, bio: str, share: float, *, key: str | None = None) -> list[EmissionFactor]:
    """Factors for a blend of a fossil fuel and a biofuel, `share` of biofuel by volume.

    Per litre: ``(1 - share)`` litres of the fossil fuel and ``share`` litres
    of the biofuel, gas by gas; the fossil CO2 counts in scope 1, the biofuel's
    CO2 is biogenic, outside the scopes. Per kg and per kWh only where both
    fuels have a density and calorific value.

    Examples
    --------
    >>> [f.gases["CO2_biogenic"] for f in blend_factors("diesel", "biodiesel", 0.2)]
    [0.472]
    """
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share {share!r}: expected a fraction between 0 and 1 (by volume)")
    table = fuels()
    a, b = table[fossil], table[bio]
    if a.base_unit != "L" or b.base_unit != "L":
        raise ValueError(f"blends are by volume of liquids: {fossil} and {bio} must both be per litre")
    gases: dict[str, float] = {}
    for fuel, part in ((a, 1.0 - share), (b, share)):
        for gas, value in fuel.gases.items():
            gases[gas] = gases.get(gas, 0.0) + part * value
    gases = {g: v for g, v in gases.items() if v or g == "CO2"}
    density = ncv = None
    if a.density and b.density and a.ncv_kwh_per_kg and b.ncv_kwh_per_kg:
        density = (1 - share) * a.density + share * b.density
        ncv = ((1 - share) * a.density * a.ncv_kwh_per_kg + share * b.density * b.ncv_kwh_per_kg) / density
    mixed = Fuel(key or f"{fossil}+{bio}", "L", density, "kg/L", ncv, gases, {}, "", "")
    source = f"blend by volume, {share:.0%} {bio} and {1 - share:.0%} {fossil}: {b.source}; {a.source}"
    return _factors(mixed, key or f"{fossil}_{bio}_{round(share * 100)}", gases, source)


def mass_balance(start_charge: float, end_charge: float, top_ups: float, recovered: float = 0.0) -> float:
    """Leaked refrigerant (kg) by the mass-balance method.

    ``leaked = start_charge + top_ups - recovered - end_charge``: what the
    equipment held at the start, plus what was added during the year, minus
    what was recovered (for recycling or destruction) and what it held at the
    end. All in kg.

    Raises
    ------
    ValueError
        If a figure is negative or not finite, or the balance is negative
        (the figures do not add up).

    Examples
    --------
    >>> mass_balance(start_charge=40, end_charge=38, top_ups=5, recovered=1)
    6.0
    """
    figures = {
        "start_charge": start_charge,
        "end_charge": end_charge,
        "top_ups": top_ups,
        "recovered": recovered,
    }
    for name, value in figures.items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name}: expected a finite mass >= 0 kg, got {value!r}")
    leaked = float(start_charge + top_ups - recovered - end_charge)
    if leaked < 0:
        raise ValueError(
            f"the mass balance is negative ({leaked:g} kg): start {start_charge:g} + top-ups {top_ups:g} "
            f"- recovered {recovered:g} - end {end_charge:g}; check the figures"
        )
    return leaked


def refrigerant_leak(refrigerant: str, leaked_kg: float, **kwargs: Any) -> Activity:
    """An activity line for leaked refrigerant (direct, or from :func:`mass_balance`)."""
    if refrigerant not in refrigerants():
        raise KeyError(f"unknown refrigerant {refrigerant!r}: expected one of {', '.join(refrigerants())}")
    return Activity.of(refrigerant, leaked_kg, "kg", scope=1, **kwargs)


def _aliases() -> list[dict[str, str]]:
    rows = [{"code": f"B{n}", "activity": f"diesel_b{n}"} for n in (5, 7, 10, 20, 30, 50, 100)]
    rows += [{"code": f"HVO{n}", "activity": f"diesel_hvo{n}"} for n in (20, 30, 50, 100)]
    rows += [{"code": f"E{n}", "activity": f"petrol_e{n}"} for n in (5, 10, 85, 100)]
    rows += [{"code": r.replace("-", ""), "activity": r} for r in refrigerants()]
    return rows


class Fuels(FactorDatabase):
    """Fuel combustion, biofuel blends and refrigerant leakage for scope 1."""

    description = (
        "Scope 1: fuel combustion (stationary and non-road mobile), biofuel blends, refrigerant leakage"
    )
    publisher = "ghgcore, from UK BEIS/DESNZ 2021, US EPA 2022, ASHRAE 34 and the GHG Protocol"
    version = "2021.1"
    licence = LICENCE
    url = "https://github.com/ghgcore/ghgcore/tree/main/plugins/ghgcore-fuels"
    regions = ()
    years = (YEAR, YEAR)

    def load(self) -> FactorSet:
        """Build the factors from the packaged tables."""
        factors: list[EmissionFactor] = []
        for fuel in fuels().values():
            factors += _factors(fuel, fuel.key, fuel.gases, fuel.source)
            if fuel.mobile:
                gases = {"CO2": fuel.gases["CO2"], **fuel.mobile}
                source = f"{fuel.source} (CO2); {fuel.mobile_source} (CH4, N2O)"
                factors += _factors(fuel, f"{fuel.key}_mobile", gases, source)
        for prefix, (fossil, bio) in BLENDS.items():
            for percent in range(101):
                factors += blend_factors(fossil, bio, percent / 100, key=f"{prefix}{percent}")
        for r in refrigerants().values():
            factors.append(
                EmissionFactor(r.key, "kg", r.composition, source=r.source, scope=1, licence=LICENCE)
            )
        return FactorSet.from_factors(factors, name="fuels", version=self.version)

    def crosswalks(self) -> Sequence[Crosswalk]:
        """Common names: B7, B20, HVO100, E10, R410A, ..."""
        return [Crosswalk.from_records(_aliases(), name="fuels-aliases", source="ghgcore-fuels")]
