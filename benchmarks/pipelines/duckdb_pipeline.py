"""What a user would write with DuckDB: the whole calculation in SQL over the CSV files.

    python benchmarks/pipelines/duckdb_pipeline.py ACTIVITIES.csv FACTORS.csv CONVERSIONS.csv OUT.json

The same work as pandas_pipeline.py: read_csv into SQL, the factors made
wide by conditional aggregation (one column per gas) and weighed with the
AR6 GWPs, joins on activity, region and year and on the (unit, factor unit)
pair, multiply, GROUP BY scope. The amount is read as text and TRY_CAST, so
that 'n/a' or '1,5' become NULL and drop out. Writes
{"scopes": {scope: kg CO2e}, "calculated": lines used}.
"""

from __future__ import annotations

import json
import sys

import duckdb

QUERY = """
WITH activities AS (
    SELECT activity, TRY_CAST(amount AS DOUBLE) AS amount, unit, region, year
    FROM read_csv($activities, header = true, types = {'amount': 'VARCHAR'})
),
wide AS (
    SELECT activity, region, year, unit AS factor_unit, scope,
           SUM(CASE WHEN gas = 'CO2' THEN value END) AS co2,
           SUM(CASE WHEN gas = 'CH4' THEN value END) AS ch4,
           SUM(CASE WHEN gas = 'N2O' THEN value END) AS n2o
    FROM read_csv($factors, header = true)
    GROUP BY ALL
),
factors AS (
    SELECT *, co2 * 1.0 + ch4 * 27.9 + n2o * 273.0 AS co2e_per_unit FROM wide
),
conversions AS (
    SELECT * FROM read_csv($conversions, header = true)
)
SELECT f.scope, SUM(a.amount * c.multiplier * f.co2e_per_unit) AS co2e, COUNT(*) AS lines
FROM activities a
JOIN factors f ON a.activity = f.activity AND a.region = f.region AND a.year = f.year
JOIN conversions c ON a.unit = c.unit AND f.factor_unit = c.factor_unit
WHERE a.amount IS NOT NULL
GROUP BY f.scope
"""


def main(activities_csv: str, factors_csv: str, conversions_csv: str, out: str) -> None:
    rows = duckdb.execute(
        QUERY, {"activities": activities_csv, "factors": factors_csv, "conversions": conversions_csv}
    ).fetchall()
    result = {
        "scopes": {str(scope): float(total) for scope, total, _ in rows},
        "calculated": sum(lines for _, _, lines in rows),
    }
    with open(out, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:5])
