"""Seeded generator of synthetic inventories for the benchmarks.

The numbers are synthetic on purpose (random factor values): they measure
speed and memory, and are never shipped as factors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REGIONS = ("NO", "SE", "DK", "FI", "DE", "GB", "NL", "FR")
YEARS = (2020, 2021, 2022, 2023, 2024)
# factor unit -> units the activity lines use (same dimension)
UNIT_FAMILIES = {
    "kWh": ("kWh", "MWh", "GJ"),
    "L": ("L", "m**3"),
    "kg": ("kg", "t"),
    "passenger_km": ("passenger_km",),
    "tonne_km": ("tonne_km",),
    "NOK": ("NOK", "kNOK"),
}
GASES = ("CO2", "CH4", "N2O")


def factor_table(n_activities: int = 60, seed: int = 1) -> pd.DataFrame:
    """Long-format factors: every activity in every region and year, 3 gases."""
    rng = np.random.default_rng(seed)
    units = list(UNIT_FAMILIES)
    rows = []
    for a in range(n_activities):
        unit = units[a % len(units)]
        scope = 1 + a % 3
        for region in REGIONS:
            for year in YEARS:
                for gas, scale in zip(GASES, (1.0, 1e-4, 1e-5), strict=True):
                    rows.append(
                        {
                            "activity": f"act{a:03d}",
                            "unit": unit,
                            "gas": gas,
                            "value": float(rng.uniform(0.1, 3.0) * scale),
                            "value_unit": "kg",
                            "region": region,
                            "year": str(year),
                            "scope": str(scope),
                            "source": "synthetic benchmark factor",
                        }
                    )
    return pd.DataFrame(rows)


def activity_table(
    n_lines: int = 1_000_000, n_activities: int = 60, seed: int = 2, years: tuple[int, ...] = YEARS
) -> pd.DataFrame:
    """Activity lines with mixed units, regions and years (`years`: the years to draw from)."""
    rng = np.random.default_rng(seed)
    units = list(UNIT_FAMILIES)
    act = rng.integers(0, n_activities, n_lines)
    family = [UNIT_FAMILIES[units[a % len(units)]] for a in range(n_activities)]
    pick = rng.integers(0, 3, n_lines)
    unit_choices = np.array([[fam[k % len(fam)] for k in range(3)] for fam in family], dtype=object)
    keys = np.array([f"act{a:03d}" for a in range(n_activities)], dtype=object)
    return pd.DataFrame(
        {
            "activity": pd.Categorical(keys[act]),
            "amount": rng.lognormal(3.0, 1.5, n_lines),
            "unit": pd.Categorical(unit_choices[act, pick]),
            "region": pd.Categorical(np.array(REGIONS, dtype=object)[rng.integers(0, len(REGIONS), n_lines)]),
            "year": rng.choice(np.array(years), n_lines),
            "site": pd.Categorical(
                np.array([f"site{i}" for i in range(20)], dtype=object)[rng.integers(0, 20, n_lines)]
            ),
        }
    )


def layered_factor_tables(n_activities: int = 60, seed: int = 3) -> list[pd.DataFrame]:
    """Three sources for layered resolution with fallback.

    A supplier's factors for a few activities in Norway; a main database
    without Finland and without 2024 (so those lines need region or year
    fallback); and a WORLD set for everything.
    """
    main = factor_table(n_activities, seed)
    main = main[(main["region"] != "FI") & (main["year"] != "2024")]
    supplier = factor_table(n_activities, seed + 1)
    supplier = supplier[
        supplier["activity"].isin([f"act{a:03d}" for a in range(5)]) & (supplier["region"] == "NO")
    ]
    world = factor_table(n_activities, seed + 2)
    world = world[(world["region"] == "NO") & (world["year"] == "2020")].assign(region="WORLD")
    return [supplier, main, world]


def zoned(activities: pd.DataFrame) -> pd.DataFrame:
    """The same lines with some regions given as bidding zones (NO -> NO-NO1)."""
    regions = activities["region"].astype(str).to_numpy()
    rng = np.random.default_rng(4)
    zone = rng.random(len(regions)) < 0.3
    regions = np.where(
        zone & (regions == "NO"), "NO-NO1", np.where(zone & (regions == "SE"), "SE-SE3", regions)
    )
    return activities.assign(region=pd.Categorical(regions))
