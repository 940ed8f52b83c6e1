"""What a user would write with pandas: the whole calculation from the CSV files.

    python benchmarks/pipelines/pandas_pipeline.py ACTIVITIES.csv FACTORS.csv CONVERSIONS.csv OUT.json

Reads the activities, the long-format factors (one row per gas) and a
hand-made unit-conversion table (unit, factor_unit, multiplier); pivots the
factors to one column per gas and weighs them with the AR6 GWPs; merges on
activity, region and year, then on the (unit, factor unit) pair; multiplies
and totals by scope. Lines with an amount that is not a number, an unknown
activity or a unit not in the table drop out (coerced to NaN, inner joins).
Writes {"scopes": {scope: kg CO2e}, "calculated": lines used}.
"""

from __future__ import annotations

import json
import sys

import pandas as pd

GWP_AR6 = {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0}


def main(activities_csv: str, factors_csv: str, conversions_csv: str, out: str) -> None:
    activities = pd.read_csv(activities_csv, usecols=["activity", "amount", "unit", "region", "year"])
    factors = pd.read_csv(factors_csv)
    conversions = pd.read_csv(conversions_csv)

    wide = factors.pivot_table(
        index=["activity", "region", "year", "unit", "scope"], columns="gas", values="value", aggfunc="sum"
    ).reset_index()
    wide["co2e_per_unit"] = sum(wide[gas] * gwp for gas, gwp in GWP_AR6.items())
    wide = wide.rename(columns={"unit": "factor_unit"})[
        ["activity", "region", "year", "factor_unit", "scope", "co2e_per_unit"]
    ]

    activities["amount"] = pd.to_numeric(activities["amount"], errors="coerce")
    activities = activities.dropna(subset=["amount"])
    merged = activities.merge(wide, on=["activity", "region", "year"], how="inner")
    merged = merged.merge(conversions, on=["unit", "factor_unit"], how="inner")
    merged["co2e"] = merged["amount"] * merged["multiplier"] * merged["co2e_per_unit"]
    totals = merged.groupby("scope")["co2e"].sum()

    result = {
        "scopes": {str(scope): float(total) for scope, total in totals.items()},
        "calculated": len(merged),
    }
    with open(out, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:5])
