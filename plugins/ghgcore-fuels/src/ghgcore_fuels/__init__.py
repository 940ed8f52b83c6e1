"""ghgcore factor database for scope 1: fuel combustion, biofuel blends, refrigerant leakage.

Activity keys (see the package README for the full list):

- ``diesel``, ``petrol``, ``heating_oil``, ``kerosene``, ``jet_fuel``,
  ``fuel_oil``, ``marine_gas_oil``, ``lpg``, ``propane``, ``natural_gas``,
  ``coal``, ``wood_pellets``, ``wood_chips``, ``biogas``, ``biodiesel``
  (FAME), ``hvo``, ``bioethanol``: combustion, with BEIS/DESNZ's CH4 and N2O;
- ``diesel_mobile``, ``petrol_mobile``, ``lpg_mobile``, ``jet_fuel_mobile``:
  the same carbon, with non-road mobile CH4 and N2O (US EPA);
- ``diesel_b0`` ... ``diesel_b100`` (FAME), ``diesel_hvo0`` ...
  ``diesel_hvo100`` and ``petrol_e0`` ... ``petrol_e100`` (ethanol): blends by
  volume, fossil CO2 in the scope and biogenic CO2 outside; aliases ``B7``,
  ``B20``, ``HVO100``, ``E10``, ...;
- refrigerants by ASHRAE designation (``R-410A``, ``R-134a``, ...), per kg
  leaked; see :func:`mass_balance` for the mass-balance method.

The BEIS/DESNZ 2021 factors have no region: they apply to any line, valid
for 2021. Norway's national factors (Miljødirektoratet, from the National
Inventory Report 2021, valid from 2019 on, and 2015, valid to 2018; CH4 and
N2O from the IPCC 2006 Guidelines) have region ``NO`` and win for lines in
Norway: :func:`fuels` with ``region="NO"``.

Every combustion factor has the boundary ``combustion`` (direct emissions where
the fuel is burnt; no upstream). Every factor is given per the fuel's base unit and, where the fuel's density
and calorific values are known, per kg, per kWh (net calorific value) and per
kWh_gross (gross calorific value) as well, derived through those properties
and never through a generic constant. A line in a unit the fuel has no
property for is unresolved.

For energy use in MWh (ESRS E1-5, VSME B3), :func:`energy_contents` gives
every fuel's and blend's kWh per unit through the same properties, and its
share of fossil and renewable energy (:func:`ghgcore.energy.energy_use`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from ghgcore import Activity, EmissionFactor, FactorSet
from ghgcore.crosswalk import Crosswalk
from ghgcore.energy import EnergyContents
from ghgcore.plugins import FactorDatabase, package_csv

__all__ = [
    "BLENDS",
    "Fuel",
    "Fuels",
    "Refrigerant",
    "blend_factors",
    "energy_contents",
    "fuels",
    "mass_balance",
    "refrigerants",
]

YEAR = 2021
LICENCE = "CC BY-SA 4.0 (Open Emission Factors Database; BEIS/DESNZ, US EPA, GHG Protocol data)"
#: The licence of the Norwegian factors: public figures with attribution, shared with the rest.
NO_LICENCE = (
    "Miljødirektoratet public figures (cite Miljødirektoratet, Tabeller for omregning fra energivarer "
    "til kWh, and the National Inventory Report edition); IPCC 2006 Guidelines default CH4 and N2O; "
    "gross/net ratios from BEIS/DESNZ via the Open Emission Factors Database, CC BY-SA 4.0"
)
#: 1 kWh = 3.6 MJ = 3.6e-6 TJ: the IPCC's CH4 and N2O are per TJ (net calorific value).
TJ_PER_KWH = 3.6e-6
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


def _opt(text: str | None) -> float | None:
    return float(text) if text and text.strip() else None


def _years(text: str) -> tuple[int | None, int | None]:
    """``"2021"``, ``"2019-"`` (open-ended) or ``"-2018"`` as (first, last)."""
    start, dash, end = text.strip().partition("-")
    if not dash:
        return int(start), int(start)
    return (int(start) if start else None), (int(end) if end else None)


@attrs.frozen
class Fuel:
    """A fuel's properties and its per-gas factors per base unit (kg per L, Sm3 or kg).

    One edition of one fuel: the BEIS/DESNZ 2021 fuels have no region and
    are valid for 2021; the Norwegian ones have region ``NO`` and the
    validity of their edition. `gas_source` names the source of the CH4 and
    N2O where it is not `source` (the IPCC defaults of the Norwegian rows).
    """

    key: str
    base_unit: str
    density: float | None
    density_unit: str
    ncv_kwh_per_kg: float | None
    gases: Mapping[str, float]
    mobile: Mapping[str, float]
    source: str
    mobile_source: str
    gcv_kwh_per_kg: float | None = attrs.field(default=None, kw_only=True)
    gcv_source: str = attrs.field(default="", kw_only=True)
    gas_source: str = attrs.field(default="", kw_only=True)
    region: str = attrs.field(default="", kw_only=True)
    valid_from: int | None = attrs.field(default=YEAR, kw_only=True)
    valid_to: int | None = attrs.field(default=YEAR, kw_only=True)
    licence: str = attrs.field(default=LICENCE, kw_only=True)

    def covers(self, year: int) -> bool:
        """Whether the fuel's edition is valid for `year`."""
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )

    def units(self) -> list[tuple[str, float, str]]:
        """(unit, base units per that unit, how it was derived) for every unit the properties allow."""
        out = [(self.base_unit, 1.0, "")]
        kg_per_base = 1.0 if self.base_unit == "kg" else self.density
        through = f", density {self.density:g} {self.density_unit}" if self.base_unit != "kg" else ""
        if self.density and self.base_unit != "kg":
            out.append(
                ("kg", 1 / self.density, f"per kg through density {self.density:g} {self.density_unit}")
            )
        if self.density and self.base_unit == "kg":
            volume = self.density_unit.split("/", 1)[1]
            out.append(
                (volume, self.density, f"per {volume} through density {self.density:g} {self.density_unit}")
            )
        if kg_per_base and self.ncv_kwh_per_kg:
            how = f"per kWh (net calorific value {self.ncv_kwh_per_kg:g} kWh/kg{through})"
            out.append(("kWh", 1 / (kg_per_base * self.ncv_kwh_per_kg), how))
        if kg_per_base and self.gcv_kwh_per_kg:
            note = f": {self.gcv_source}" if self.gcv_source else ""
            how = f"per kWh_gross (gross calorific value {self.gcv_kwh_per_kg:.6g} kWh/kg{note}{through})"
            out.append(("kWh_gross", 1 / (kg_per_base * self.gcv_kwh_per_kg), how))
        return out


@attrs.frozen
class Refrigerant:
    """A refrigerant's composition by mass, with the GHG Protocol blend GWPs that verify it."""

    key: str
    composition: Mapping[str, float]
    ghgp_gwp_ar4: float | None
    ghgp_gwp_ar5: float | None
    source: str


def _uk_fuels() -> list[Fuel]:
    out = []
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
        out.append(Fuel(
            row["fuel"], row["base_unit"], _opt(row["density"]), row["density_unit"], _opt(row["ncv_kwh_per_kg"]),
            MappingProxyType(gases), MappingProxyType(mobile), row["source"], row["mobile_source"],
            gcv_kwh_per_kg=_opt(row["gcv_kwh_per_kg"]),
        ))  # fmt: skip
    return out


def _national_fuels() -> list[Fuel]:
    """Norway's fuels from fuels-no.csv: published figures, multiplied out here.

    CO2 (or biogenic CO2) per base unit as published; CH4 and N2O from the
    IPCC's kg per TJ (net calorific value) through the row's own density and
    net calorific value; the gross calorific value as the net one times the
    row's gross/net ratio.
    """
    out = []
    for row in _rows("fuels-no.csv"):
        density, ncv = _opt(row["density"]), _opt(row["ncv_kwh_per_kg"])
        kg_per_base = 1.0 if row["base_unit"] == "kg" else density
        if ncv is None or kg_per_base is None:
            raise ValueError(f"fuels-no.csv, {row['fuel']} {row['years']}: no density or calorific value")
        tj_per_base = kg_per_base * ncv * TJ_PER_KWH
        per = f"per {row['base_unit']} through the density and calorific value above"
        bio = bool(row["CO2_biogenic"].strip())
        gases = {"CO2_biogenic": float(row["CO2_biogenic"])} if bio else {"CO2": float(row["CO2"])}
        gases["CH4_non_fossil" if bio else "CH4_fossil"] = float(row["ch4_kg_per_tj"]) * tj_per_base
        gases["N2O"] = float(row["n2o_kg_per_tj"]) * tj_per_base
        mobile = {}
        if row["mobile_ch4_kg_per_tj"].strip():
            mobile = {
                "CH4_fossil": float(row["mobile_ch4_kg_per_tj"]) * tj_per_base,
                "N2O": float(row["mobile_n2o_kg_per_tj"]) * tj_per_base,
            }
        ratio = _opt(row["gcv_per_ncv"])
        valid_from, valid_to = _years(row["years"])
        out.append(Fuel(
            row["fuel"], row["base_unit"], density, row["density_unit"], ncv,
            MappingProxyType(gases), MappingProxyType(mobile),
            f"{row['source']}; {row['properties']}", f"{row['mobile_source']}, {per}" if mobile else "",
            gcv_kwh_per_kg=ncv * ratio if ratio else None, gcv_source=row["gcv_source"],
            gas_source=f"{row['ch4_n2o_source']}, {per}", region="NO",
            valid_from=valid_from, valid_to=valid_to, licence=NO_LICENCE,
        ))  # fmt: skip
    return out


@functools.cache
def _all_fuels() -> tuple[Fuel, ...]:
    return (*_uk_fuels(), *_national_fuels())


def fuels(region: str = "", year: int | None = None) -> dict[str, Fuel]:
    """The fuels of the database for a region, by key.

    Parameters
    ----------
    region : str, default ""
        ``""``: the BEIS/DESNZ 2021 fuels, which apply to any region;
        ``"NO"``: Norway's national fuels.
    year : int, optional
        The fuels whose edition is valid for that year; by default the
        newest edition of each.

    Examples
    --------
    >>> fuels()["diesel"].density, fuels("NO")["diesel"].density
    (0.84317, 0.84)
    >>> sorted(fuels("NO", 2017))[:3]
    ['biodiesel', 'bioethanol', 'heating_oil']
    """
    wanted = [f for f in _all_fuels() if f.region == region.upper() and (year is None or f.covers(year))]
    wanted.sort(key=lambda f: -(10**6) if f.valid_from is None else f.valid_from)
    return {f.key: f for f in wanted}


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
                source=source + (f"; {how}" if how else ""), scope=1, region=fuel.region or None,
                valid_from=fuel.valid_from, valid_to=fuel.valid_to, licence=fuel.licence,
                boundary="combustion",
            )
        )  # fmt: skip
    return out


def blend_factors(fossil: str, bio: str, share: float, *, key: str | None = None) -> list[EmissionFactor]:
    """Factors for a blend of a fossil fuel and a biofuel, `share` of biofuel by volume.

    Per litre: ``(1 - share)`` litres of the fossil fuel and ``share`` litres
    of the biofuel, gas by gas; the fossil CO2 counts in scope 1, the biofuel's
    CO2 is biogenic, outside the scopes. Per kg and per kWh only where both
    fuels have a density and calorific value. The BEIS/DESNZ 2021 fuels, for
    any region.

    Examples
    --------
    >>> [(f.unit, round(f.gases["CO2_biogenic"], 6)) for f in blend_factors("diesel", "biodiesel", 0.2)]
    [('L', 0.472), ('kg', 0.553646), ('kWh', 0.047826)]
    """
    mixed = _blend(fossil, bio, share, key)
    return _factors(mixed, key or f"{fossil}_{bio}_{round(share * 100)}", mixed.gases, mixed.source)


def _blend(fossil: str, bio: str, share: float, key: str | None = None) -> Fuel:
    """A blend by volume as a fuel of its own: gases, density and calorific values mixed litre by litre."""
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
    density = ncv = gcv = None
    if a.density and b.density and a.ncv_kwh_per_kg and b.ncv_kwh_per_kg:
        density = (1 - share) * a.density + share * b.density
        ncv = ((1 - share) * a.density * a.ncv_kwh_per_kg + share * b.density * b.ncv_kwh_per_kg) / density
        if a.gcv_kwh_per_kg and b.gcv_kwh_per_kg:
            gcv = (
                (1 - share) * a.density * a.gcv_kwh_per_kg + share * b.density * b.gcv_kwh_per_kg
            ) / density
    source = f"blend by volume, {share:.0%} {bio} and {1 - share:.0%} {fossil}: {b.source}; {a.source}"
    return Fuel(
        key or f"{fossil}+{bio}", "L", density, "kg/L", ncv, gases, {}, source, "", gcv_kwh_per_kg=gcv
    )


def _renewable(fuel: Fuel) -> bool:
    """Whether a fuel's carbon is biogenic (a biofuel or biomass): its CO2 is given as ``CO2_biogenic``."""
    return bool(fuel.gases.get("CO2_biogenic")) and not fuel.gases.get("CO2")


def _content_rows(
    fuel: Fuel, key: str, shares: Mapping[str, float], *, any_year: bool
) -> list[dict[str, Any]]:
    """Energy contents of a fuel per each unit it has factors in (but kWh), from its density and NCV."""
    kg_per_base = 1.0 if fuel.base_unit == "kg" else fuel.density
    if not (kg_per_base and fuel.ncv_kwh_per_kg):
        return []
    kwh_per_base = kg_per_base * fuel.ncv_kwh_per_kg
    rows = []
    for unit, per, how in fuel.units():
        if unit == "kWh":  # lines in kWh are energy already; the other rows give the mix
            continue
        rows.append({
            "activity": key, "unit": unit, "kwh_per_unit": per * kwh_per_base, "region": fuel.region,
            "year": "" if any_year else _format_years(fuel.valid_from, fuel.valid_to), **shares,
            "source": fuel.source + (f"; {how}" if how else "")
            + f"; {kwh_per_base:.6g} kWh per {fuel.base_unit} (net calorific value)",
        })  # fmt: skip
    return rows


def _format_years(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    return str(start) if start == end else f"{start or ''}-{end or ''}"


@functools.cache
def energy_contents() -> EnergyContents:
    """The energy per unit and the mix of every fuel and blend of the database.

    Each fuel's content per base unit is its density times its net calorific
    value, per kg its net calorific value, per ``kWh_gross`` its net/gross
    ratio: the properties its factors are derived through, with their
    sources. Fossil fuels are all fossil; biofuels and biomass (whose CO2
    is biogenic) all renewable; a blend is split by the energy of each part
    (``diesel_b7``: 7 % FAME by volume is 6.5 % of its energy). The
    BEIS/DESNZ properties apply to any year; Norway's to the years of their
    edition. Refrigerants carry no energy.

    Examples
    --------
    >>> rows = {(r["activity"], r["unit"], r["region"]): r for r in energy_contents().records()}
    >>> round(rows["diesel", "L", ""]["kwh_per_unit"], 4), rows["diesel", "L", ""]["fossil"]
    (10.0372, 1.0)
    >>> round(rows["diesel_b7", "L", ""]["renewable"], 4)
    0.0645
    """
    rows: list[dict[str, Any]] = []
    for fuel in _all_fuels():
        shares = {"renewable": 1.0} if _renewable(fuel) else {"fossil": 1.0}
        keys = [fuel.key, f"{fuel.key}_mobile"] if fuel.mobile else [fuel.key]
        for key in keys:
            rows += _content_rows(fuel, key, shares, any_year=not fuel.region)
    table = fuels()
    for prefix, (fossil, bio) in BLENDS.items():
        a, b = table[fossil], table[bio]
        for percent in range(101):
            share = percent / 100
            blend = _blend(fossil, bio, share, f"{prefix}{percent}")
            if not (a.density and b.density and a.ncv_kwh_per_kg and b.ncv_kwh_per_kg):
                continue
            fossil_kwh = (1 - share) * a.density * a.ncv_kwh_per_kg
            bio_kwh = share * b.density * b.ncv_kwh_per_kg
            shares = {
                "fossil": fossil_kwh / (fossil_kwh + bio_kwh),
                "renewable": bio_kwh / (fossil_kwh + bio_kwh),
            }
            rows += _content_rows(blend, blend.key, shares, any_year=True)
    return EnergyContents.from_records(rows, not_energy=refrigerants(), name="fuels")


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
        "Scope 1: fuel combustion (stationary, road and non-road mobile), biofuel blends, refrigerant "
        "leakage; UK BEIS/DESNZ 2021 for any region, Norway's national factors for NO"
    )
    publisher = (
        "ghgcore, from UK BEIS/DESNZ 2021, Miljødirektoratet (National Inventory Reports 2021 and 2015), "
        "the IPCC 2006 Guidelines, US EPA 2022, ASHRAE 34 and the GHG Protocol"
    )
    version = "2021.2"
    licence = f"{LICENCE}; Norwegian factors: {NO_LICENCE}"
    url = "https://github.com/ghgcore/ghgcore/tree/main/plugins/ghgcore-fuels"
    regions = ("GB", "NO")
    years = (2015, YEAR)
    default = True

    def load(self) -> FactorSet:
        """Build the factors from the packaged tables."""
        factors: list[EmissionFactor] = []
        for fuel in _all_fuels():
            gas_source = f"; {fuel.gas_source}" if fuel.gas_source else ""
            factors += _factors(fuel, fuel.key, fuel.gases, fuel.source + gas_source)
            if fuel.mobile:
                gases = {g: v for g, v in fuel.gases.items() if g.startswith("CO2")} | dict(fuel.mobile)
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

    def energy_contents(self) -> EnergyContents:
        """Every fuel's and blend's energy per unit and fossil or renewable share (:func:`energy_contents`)."""
        return energy_contents()
