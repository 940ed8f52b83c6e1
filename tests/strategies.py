"""Hypothesis strategies for ghgcore's tests, grown with every feature."""

from __future__ import annotations

from hypothesis import strategies as st

from ghgcore import Activity, EmissionFactor, FactorSet
from ghgcore.gases import GWP_SETS

#: factor unit -> units of the same dimension a line may use, with the number
#: that converts the line unit to the factor unit (checked in test_units).
UNIT_FAMILIES: dict[str, dict[str, float]] = {
    "kWh": {"kWh": 1.0, "MWh": 1000.0, "GJ": 1e9 / 3.6e6, "Wh": 1e-3},
    "L": {"L": 1.0, "m**3": 1000.0, "mL": 1e-3},
    "kg": {"kg": 1.0, "t": 1000.0, "g": 1e-3},
    "passenger_km": {"passenger_km": 1.0, "pkm": 1.0},
    "NOK": {"NOK": 1.0, "kNOK": 1000.0},
}
ACTIVITY_UNITS = {"fuel": "L", "power": "kWh", "steel": "kg", "travel": "passenger_km", "spend": "NOK"}
SCOPES = {"fuel": 1, "power": 2, "steel": 3, "travel": 3, "spend": 3}
GASES = ("CO2", "CH4", "CH4_fossil", "CH4_non_fossil", "N2O", "SF6", "HFC-134a", "CO2_biogenic", "CO2e")

amounts = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)
gas_values = st.floats(min_value=0.0, max_value=100.0, allow_nan=False, allow_infinity=False)
regions = st.sampled_from(["NO", "SE", "DK"])
years = st.integers(2019, 2024)
#: The shipped GWP sets' names.
gwp_names = st.sampled_from(GWP_SETS)


@st.composite
def factor_sets(draw: st.DrawFn) -> FactorSet:
    """A set with one factor per (activity, region) for every activity key."""
    factors = []
    for activity, unit in ACTIVITY_UNITS.items():
        for region in ("NO", "SE", "DK"):
            gases = draw(st.dictionaries(st.sampled_from(GASES), gas_values, min_size=1, max_size=4))
            factors.append(
                EmissionFactor(
                    activity,
                    unit,
                    gases,
                    source="hypothesis",
                    region=region,
                    scope=SCOPES[activity],
                    category=1 if SCOPES[activity] == 3 else None,
                )
            )
    return FactorSet.from_factors(factors, name="drawn", version="1")


@st.composite
def activity_lists(draw: st.DrawFn, min_size: int = 0, max_size: int = 40) -> list[Activity]:
    """Activities whose keys and units the drawn factor sets understand."""
    n = draw(st.integers(min_size, max_size))
    out = []
    for _ in range(n):
        activity = draw(st.sampled_from(sorted(ACTIVITY_UNITS)))
        unit = draw(st.sampled_from(sorted(UNIT_FAMILIES[ACTIVITY_UNITS[activity]])))
        out.append(
            Activity.of(
                activity,
                draw(amounts),
                unit,
                region=draw(regions),
                year=draw(years),
                site=draw(st.sampled_from(["A", "B", None])),
            )
        )
    return out
