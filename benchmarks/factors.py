"""Loading a long-format factors CSV of 1 million rows, against pandas.read_csv of the same file.

    python benchmarks/factors.py [--factors 250000] [--small 6000] [--repeat 5] [--keep DIR]

A seeded generator writes 250,000 factors x 4 gases (CO2, CH4, N2O,
CO2_biogenic) as 1,000,000 long-format rows to a temporary folder: 2,500
activities in ten units (energy, volume, mass, distance, money), ten regions,
ten validities each (single years, a closed range and an open one), scopes 1-3
with categories, scope 2 methods and price years, value units g, kg and t,
sources with commas in them, a comment block and blank lines. Then it times
`FactorSet.from_csv` (every row validated, grouped into factors, hashed)
against `pandas.read_csv(path, comment="#")` (parsing only, types guessed), the
best of `--repeat` runs each in this process after a warm-up (the two readers'
runs alternating, so that both see the same load), and reports both,
the ratio and the peak memory (tracemalloc) of each, and the high-water mark
of pyarrow's memory pool during ghgcore's loads (tracemalloc does not see
pyarrow's buffers, nor those of pandas' C parser). The same for a small file
of 6,000 factors. Target (issue: columnar factor sets): the ratio at most 3 on
the large file; exits 1 if it is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import best_of, peak_memory  # noqa: E402

from ghgcore import FactorSet  # noqa: E402

# unit of activity, scope, category, method, price year
KINDS = (
    ("kWh", 2, "", "location", ""),
    ("MWh", 2, "", "market", ""),
    ("L", 1, "", "", ""),
    ("m**3", 1, "", "", ""),
    ("kg", 3, "1", "", ""),
    ("t", 3, "12", "", ""),
    ("passenger_km", 3, "6", "", ""),
    ("tonne_km", 3, "4", "", ""),
    ("NOK", 3, "1", "", "2020"),
    ("GJ", 1, "", "", ""),
)
REGIONS = ("NO", "SE", "DK", "FI", "DE", "GB", "NL", "FR", "NO-NO1", "")
# eight single years, a closed range and an open one: only strictly narrower validities overlap
YEARS = ("2015", "2016", "2017", "2018", "2019", "2021", "2022", "2023", "2015-2019", "2020-")
GASES = (("CO2", "kg", 1.0), ("CH4", "g", 1e-1), ("N2O", "g", 1e-2), ("CO2_biogenic", "t", 1e-4))
SOURCES = ("Synthetic benchmark factors, 2024, table 1", "Synthetic benchmark factors, 2024, table 2")
TO_KG = {"g": 1e-3, "kg": 1.0, "t": 1e3}
HEADER = "activity,unit,gas,value,value_unit,region,year,scope,category,method,source,licence,price_year,id"


def write_factors(path: Path, n_factors: int = 250_000, seed: int = 11) -> int:
    """Write `n_factors` factors x 4 gases as a long-format CSV; return the number of data rows."""
    per_activity = len(REGIONS) * len(YEARS)
    width = len(str(-(-n_factors // per_activity)))
    rng = np.random.default_rng(seed)
    # kg per unit of activity, as written in each gas's value unit
    values = rng.uniform(0.01, 3.0, (n_factors, len(GASES))) * [scale / TO_KG[vu] for _, vu, scale in GASES]
    lines = []
    for i, row in enumerate(values.tolist()):
        act, rest = divmod(i, per_activity)
        unit, scope, category, method, price_year = KINDS[act % len(KINDS)]
        region, year = REGIONS[rest // len(YEARS)], YEARS[rest % len(YEARS)]
        source = SOURCES[act % len(SOURCES)]
        # a stable id on half the activities, the default id (activity|unit|region|years|method) on the rest
        factor_id = f"syn-{i}" if act % 2 else ""
        head = f"act{act:0{width}d},{unit}"
        tail = f'{region},{year},{scope},{category},{method},"{source}",CC-BY-4.0,{price_year},{factor_id}\n'
        for (gas, value_unit, _), value in zip(GASES, row, strict=True):
            lines.append(f"{head},{gas},{value:.6g},{value_unit},{tail}")
    middle = len(lines) // 2
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(
            f"# Synthetic factors for benchmarks/factors.py (seed {seed}); random values, never shipped.\n"
        )
        f.write("# Columns as in docs/formats.md, long format: one row per gas.\n\n")
        f.write(HEADER + "\n")
        f.writelines(lines[:middle])
        f.write("\n# second half\n")
        f.writelines(lines[middle:])
    return len(lines)


def measure(path: Path, rows: int, repeat: int) -> tuple[float, float, int, int, int]:
    """Seconds (best of `repeat`) and peak traced bytes of both readers, and pyarrow's high-water mark.

    The two readers' runs alternate, so that both see the same load on the
    machine. ghgcore's memory is measured before pandas runs, so that the
    pyarrow pool's high-water mark (process-wide, never reset) is that of
    ghgcore's loads: tracemalloc sees numpy arrays and Python objects, not
    pyarrow's buffers, nor the buffers of pandas' C parser.
    """

    def ours() -> FactorSet:
        return FactorSet.from_csv(path)

    def pandas() -> pd.DataFrame:
        return pd.read_csv(path, comment="#")

    fs = ours()  # warm: units, gases and years parsed once, pyarrow's thread pool started
    assert len(fs) * len(GASES) == rows, (len(fs), rows)
    m_ours = peak_memory(ours)
    pool = pa.default_memory_pool().max_memory() or 0
    frame = pandas()
    assert len(frame) == rows, (len(frame), rows)
    t_ours = t_pandas = float("inf")
    for _ in range(repeat):
        t_ours = min(t_ours, best_of(1, ours)[0])
        t_pandas = min(t_pandas, best_of(1, pandas)[0])
    return t_ours, t_pandas, m_ours, peak_memory(pandas), pool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, default=250_000)
    parser.add_argument("--small", type=int, default=6_000, help="factors in the small file")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ghgcore-factors-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        ratio = 0.0
        for n_factors in (args.factors, args.small):
            path = folder / f"factors-{n_factors}.csv"
            rows = write_factors(path, n_factors)
            t_ours, t_pandas, m_ours, m_pandas, pool = measure(path, rows, args.repeat)
            size = path.stat().st_size / 2**20
            large = n_factors == args.factors
            print(
                f"factors CSV, {n_factors:,} factors, {rows:,} rows ({size:.0f} MiB): "
                f"FactorSet.from_csv {t_ours:.3f} s, pandas.read_csv {t_pandas:.3f} s, "
                f"ratio {t_ours / t_pandas:.2f}{' (target <= 3)' if large else ''}; "
                f"peak (tracemalloc) {m_ours / 2**20:.0f} MiB against {m_pandas / 2**20:.0f} MiB"
                + (f"; pyarrow pool high-water {pool / 2**20:.0f} MiB" if large else "")
            )
            if n_factors == args.factors:
                ratio = t_ours / t_pandas
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
