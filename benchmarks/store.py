"""The account store at a network's scale: saving, and ``ghgcore progress`` for one member.

    python benchmarks/store.py [--members 400] [--years 5] [--lines 10000] [--repeat 5] [--keep DIR]

Builds, seeded, a store of ``--members`` organisations x ``--years`` years x
``--lines`` lines (synthetic lines and factors from generate.py; one
inventory calculated per year and saved under every member, so the numbers
repeat across members and only the sizes matter), timing the saves. Then
times, as whole processes in turns (one warm-up round and ``--repeat``
counted rounds; median wall time):

- ``ghgcore progress --store DIR --organisation NAME --format json`` (every
  year's totals, change against the previous year and the base year, the
  change decomposed by cause from the lines, intensities, an SBTi target);
- the same organisation's totals by year and scope and the year-over-year
  change from the same Parquet files, written by hand with DuckDB and with
  pandas: what a user would write instead, doing less.

Targets (exit status 1 if one is missed): ``ghgcore progress`` under one
second, and the store's line files within 2x the size of the same lines as
one zstd Parquet file per account written by pandas.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import activity_table, factor_table  # noqa: E402

from ghgcore import ActivityTable, FactorSet, calculate_inventory  # noqa: E402
from ghgcore.store import AccountStore  # noqa: E402

TARGET_SECONDS = 1.0

DUCKDB = """
import duckdb, json, sys
pattern = sys.argv[1] + "/*/lines.parquet"
rows = duckdb.sql(
    "select regexp_extract(filename, '/([0-9]{4})/lines.parquet', 1)::int as y, scope,"
    " sum(co2e_market_kg) from read_parquet('" + pattern + "', filename=true)"
    " where status = 'calculated' group by all order by all").fetchall()
totals = {}
for y, scope, kg in rows:
    totals.setdefault(y, {})[str(scope)] = kg
years = sorted(totals)
out = [{"year": y, "scopes": totals[y], "total": sum(totals[y].values())} for y in years]
for prev, row in zip(out, out[1:]):
    row["change_kg"] = row["total"] - prev["total"]
print(json.dumps(out))
"""

PANDAS = """
import glob, json, sys, pandas as pd
out = []
for path in sorted(glob.glob(sys.argv[1] + "/*/lines.parquet")):
    year = int(path.split("/")[-2])
    lines = pd.read_parquet(path, columns=["status", "scope", "co2e_market_kg"])
    lines = lines[lines["status"] == "calculated"]
    scopes = lines.groupby("scope")["co2e_market_kg"].sum()
    out.append({"year": year, "scopes": {str(k): v for k, v in scopes.items()}, "total": float(scopes.sum())})
for prev, row in zip(out, out[1:]):
    row["change_kg"] = row["total"] - prev["total"]
print(json.dumps(out))
"""


def build(folder: Path, members: int, years: int, lines: int) -> tuple[AccountStore, float]:
    """A store of synthetic accounts; returns it and the mean seconds per save."""
    factors = FactorSet.from_dataframe(factor_table(), name="synthetic", version="1")
    store = AccountStore(folder)
    seconds = []
    for y in range(2019, 2019 + years):
        frame = activity_table(lines, years=(min(y, 2024),), seed=y)
        frame["year"] = y
        inventory = calculate_inventory(
            [ActivityTable.from_dataframe(frame)], factors, fallback="default,year"
        )
        for m in range(members):
            start = time.perf_counter()
            store.save(
                inventory,
                organisation=f"Member {m:03d} AS",
                metrics=[f"employees={20 + m % 50}", f"revenue={10 + m % 90} MNOK"],
            )
            seconds.append(time.perf_counter() - start)
    return store, statistics.mean(seconds)


def timed(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{argv[:3]} failed: {proc.stderr.strip()}")
    return elapsed, proc.stdout


def size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="ghgcore-store-bench-"))
    try:
        start = time.perf_counter()
        store, per_save = build(folder / "store", args.members, args.years, args.lines)
        built = time.perf_counter() - start
        name = f"Member {args.members // 2:03d} AS"
        account_folder = store._folder(name)
        script = Path(sys.executable).parent / "ghgcore"
        commands = {
            "ghgcore progress": [str(script), "progress", "--store", str(store.path), "--organisation", name,
                                 "--target", "sbti-1.5", "--format", "json"],
            "duckdb": [sys.executable, "-c", DUCKDB, str(account_folder)],
            "pandas": [sys.executable, "-c", PANDAS, str(account_folder)],
        }  # fmt: skip
        for argv in commands.values():  # warm-up, and a check that each runs
            timed(argv)
        rounds: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.repeat):
            for label, argv in commands.items():
                rounds[label].append(timed(argv)[0])
        medians = {k: statistics.median(v) for k, v in rounds.items()}
        report = json.loads(timed(commands["ghgcore progress"])[1])
        manual = json.loads(timed(commands["duckdb"])[1])
        for mine, theirs in zip(report["years"], manual, strict=True):
            assert abs(mine["total_kg_co2e"] - theirs["total"]) <= 1e-6 * abs(theirs["total"]), (mine, theirs)

        # the store's line files against the same lines as pandas would write them
        line_files = sorted(account_folder.glob("*/lines.parquet"))
        import pandas as pd

        plain = folder / "plain.parquet"
        total_plain = 0
        for path in line_files:
            pd.read_parquet(path).to_parquet(plain, compression="zstd", index=False)
            total_plain += plain.stat().st_size
        ratio_size = size(line_files) / total_plain

        accounts = args.members * args.years
        print(f"store: {args.members} members x {args.years} years x {args.lines:,} lines = "
              f"{accounts * args.lines:,} lines in {accounts:,} accounts; built in {built:,.0f} s, "
              f"{per_save * 1000:.0f} ms per save; {size(list(store.path.rglob('*.parquet'))) / 2**20:,.0f} MiB of Parquet")  # fmt: skip
        for label, seconds in medians.items():
            print(f"{label:<17} {seconds:6.3f} s  ({seconds / medians['duckdb']:.2f}x duckdb, "
                  f"{seconds / medians['pandas']:.2f}x pandas)")  # fmt: skip
        print(f"one account's lines: {ratio_size:.2f}x the size of pandas' own zstd Parquet")
        missed = []
        if medians["ghgcore progress"] >= TARGET_SECONDS:
            missed.append(
                f"ghgcore progress took {medians['ghgcore progress']:.3f} s (target < {TARGET_SECONDS} s)"
            )
        if ratio_size > 2:
            missed.append(f"line files {ratio_size:.2f}x pandas' (target at most 2x)")
        for line in missed:
            print("missed:", line)
        return 1 if missed else 0
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
