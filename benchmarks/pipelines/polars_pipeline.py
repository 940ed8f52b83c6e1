"""What a user would write with polars: the whole calculation from the CSV files.

    python benchmarks/pipelines/polars_pipeline.py ACTIVITIES.csv FACTORS.csv CONVERSIONS.csv OUT.json

The same work as pandas_pipeline.py: the factors pivoted to one column per
gas and weighed with the AR6 GWPs, then a lazy scan of the activities
(amount read as text and cast, so that 'n/a' or '1,5' become null), inner
joins on activity, region and year and on the (unit, factor unit) pair,
multiply, total by scope. Writes {"scopes": {scope: kg CO2e}, "calculated": lines used}.
"""

from __future__ import annotations

import json
import sys

import polars as pl

GWP_AR6 = {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0}


def main(activities_csv: str, factors_csv: str, conversions_csv: str, out: str) -> None:
    wide = (
        pl.read_csv(factors_csv)
        .pivot(
            on="gas",
            index=["activity", "region", "year", "unit", "scope"],
            values="value",
            aggregate_function="sum",
        )
        .with_columns(co2e_per_unit=pl.sum_horizontal(pl.col(gas) * gwp for gas, gwp in GWP_AR6.items()))
        .select("activity", "region", "year", pl.col("unit").alias("factor_unit"), "scope", "co2e_per_unit")
    )
    conversions = pl.read_csv(conversions_csv)

    totals = (
        pl.scan_csv(activities_csv, schema_overrides={"amount": pl.String})
        .select("activity", pl.col("amount").cast(pl.Float64, strict=False), "unit", "region", "year")
        .drop_nulls("amount")
        .join(wide.lazy(), on=["activity", "region", "year"], how="inner")
        .join(conversions.lazy(), on=["unit", "factor_unit"], how="inner")
        .group_by("scope")
        .agg(
            co2e=(pl.col("amount") * pl.col("multiplier") * pl.col("co2e_per_unit")).sum(),
            lines=pl.len(),
        )
        .collect()
    )

    result = {
        "scopes": {str(scope): total for scope, total in zip(totals["scope"], totals["co2e"], strict=True)},
        "calculated": int(totals["lines"].sum()),
    }
    with open(out, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:5])
