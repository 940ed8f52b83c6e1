"""Hand-written baselines that ghgcore is measured against, in the same run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pint

GWP_AR6 = {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0}


def pandas_calculation(
    activities: pd.DataFrame, factors: pd.DataFrame, conversions: pd.DataFrame
) -> pd.Series:
    """What a competent analyst writes with pandas: merge, multiply, group by.

    `conversions` maps (unit, factor_unit) to the multiplier; it is made
    once, beforehand, and not timed (a generous baseline).
    """
    wide = factors.pivot_table(
        index=["activity", "region", "year", "unit", "scope"], columns="gas", values="value", aggfunc="sum"
    ).reset_index()
    wide["year"] = wide["year"].astype(int)
    wide["co2e_per_unit"] = sum(wide[g] * w for g, w in GWP_AR6.items())
    wide = wide.rename(columns={"unit": "factor_unit"})
    merged = activities.merge(wide, on=["activity", "region", "year"], how="left")
    merged = merged.merge(conversions, on=["unit", "factor_unit"], how="left")
    merged["co2e"] = merged["amount"] * merged["multiplier"] * merged["co2e_per_unit"]
    for gas in GWP_AR6:
        merged[f"{gas}_kg"] = merged["amount"] * merged["multiplier"] * merged[gas]
    return merged.groupby("scope", observed=True)["co2e"].sum()


def conversion_table(
    activities: pd.DataFrame, factors: pd.DataFrame, ureg: pint.UnitRegistry
) -> pd.DataFrame:
    """The (unit, factor unit) multipliers for the pandas baseline."""
    factor_units = factors[["activity", "unit"]].drop_duplicates().rename(columns={"unit": "factor_unit"})
    pairs = activities[["activity", "unit"]].drop_duplicates().merge(factor_units, on="activity")
    pairs = pairs[["unit", "factor_unit"]].drop_duplicates()
    pairs["multiplier"] = [
        ureg.Quantity(1.0, str(u)).to(str(f)).magnitude
        for u, f in zip(pairs["unit"], pairs["factor_unit"], strict=True)
    ]
    pairs["unit"] = pairs["unit"].astype(activities["unit"].dtype)
    return pairs


def pint_loop(activities: pd.DataFrame, factors: pd.DataFrame, ureg: pint.UnitRegistry) -> float:
    """The naive way: one pint Quantity per line, converted and multiplied."""
    wide = factors.pivot_table(
        index=["activity", "region", "year", "unit"], columns="gas", values="value", aggfunc="sum"
    )
    lookup = {
        (a, r, int(y)): (u, sum(row[g] * w for g, w in GWP_AR6.items()))
        for (a, r, y, u), row in wide.iterrows()
    }
    total = ureg.Quantity(0.0, "kg")
    for a, amount, unit, region, year in zip(
        activities["activity"],
        activities["amount"],
        activities["unit"],
        activities["region"],
        activities["year"],
        strict=True,
    ):
        factor_unit, per_unit = lookup[(a, region, int(year))]
        q = ureg.Quantity(amount, str(unit)).to(factor_unit)
        total = total + q.magnitude * ureg.Quantity(per_unit, "kg")
    return float(np.asarray(total.magnitude))
