"""A network's year at scale: ``ghgcore network`` with the default engine and with Dask.

    python benchmarks/network.py [--members 400] [--years 5] [--lines 10000] [--repeat 5]
                                 [--keep DIR | --store STORE] [--year Y]

Builds, seeded, the account store of store.py (``--members`` organisations x
``--years`` years x ``--lines`` lines; ``--keep DIR`` builds it in DIR/store
and keeps it, ``--store STORE`` reuses a store built before), then times,
as whole processes in turns (one warm-up round and ``--repeat`` counted
rounds; median wall time):

- ``ghgcore network --store STORE --year Y --format json``: the default
  engine, every member read one after the other in one process;
- the same with ``--engine dask``: a LocalCluster started by ghgcore
  (min(4, cores) worker processes, one thread each) reading the members;
- what a user would write instead, with pandas and with DuckDB, from the
  same Parquet files (``STORE/accounts/*/<Y>/lines.parquet`` and the
  previous year's): per-member totals by scope for the year, the network's
  sums, the members reporting, the previous year's totals and the change.
  They do less than ``ghgcore network`` (no data quality, overlap, targets,
  intensities or criteria).

Checked (exit status 1 if not): the default engine's and the Dask engine's
JSON are byte for byte the same, in every run; that is a promise of the
feature. The baselines' totals are compared with ghgcore's and a
disagreement is printed. There are no targets on the seconds: what counts
are the ratios. Peak memory is the child's ``ru_maxrss`` (``os.wait4``, from
a small launcher process), which for the Dask engine is that of its largest
process (the main one or a worker), and, from the warm-up round, the
resident memory summed over the command's whole process tree, sampled
every 50 ms with psutil.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from store import build, size  # noqa: E402

TOLERANCE = 1e-9
LABELS = ("default", "dask", "pandas", "duckdb")

# What both baselines do with their totals per (member folder, year): the report's figures.
REPORT = """
import glob, json, math, os
SCOPES = ("1", "2_location", "2_market", "3")
names = {}
for path in glob.glob(store + "/accounts/*/organisation.json"):
    with open(path, encoding="utf-8") as f:
        names[os.path.basename(os.path.dirname(path))] = json.load(f)["name"]
now = {m: t for (m, y), t in totals.items() if y == year}
before = {m: t for (m, y), t in totals.items() if y == year - 1}
both = [m for m in now if m in before]
total = math.fsum(t["total"] for t in now.values())
def change(previous, kg):
    return {"previous_kg_co2e": previous, "kg_co2e": kg, "change_kg_co2e": kg - previous,
            "change_percent": 100.0 * (kg - previous) / previous if previous else None}
report = {
    "year": year,
    "members_in_store": len(names),
    "members_reporting": len(now),
    "total_kg_co2e": total,
    "scopes": {k: math.fsum(t[k] for t in now.values()) for k in SCOPES},
    "change": {
        "all": {"members_previous": len(before), "members": len(now),
                **change(math.fsum(t["total"] for t in before.values()), total)},
        "like_for_like": {"members": len(both), **change(math.fsum(before[m]["total"] for m in both),
                                                         math.fsum(now[m]["total"] for m in both))},
    },
    "members": [
        {"organisation": names[m], "total_kg_co2e": now[m]["total"],
         "share_percent": 100.0 * now[m]["total"] / total if total else None,
         "scopes": {k: now[m][k] for k in SCOPES},
         "change_percent": 100.0 * (now[m]["total"] - before[m]["total"]) / before[m]["total"]
                           if before.get(m) and before[m]["total"] else None}
        for m in sorted(now, key=lambda m: (-now[m]["total"], names[m]))
    ],
}
print(json.dumps(report, indent=2, sort_keys=True))
"""

PANDAS = (
    """
import glob, os, sys, pandas as pd
store, year = sys.argv[1], int(sys.argv[2])
totals = {}
for y in (year - 1, year):
    for path in sorted(glob.glob(f"{store}/accounts/*/{y}/lines.parquet")):
        member = os.path.basename(os.path.dirname(os.path.dirname(path)))
        lines = pd.read_parquet(path, columns=["status", "scope", "co2e_kg", "co2e_market_kg"])
        lines = lines[lines["status"] == "calculated"]
        by = lines.groupby("scope")[["co2e_kg", "co2e_market_kg"]].sum()
        market = {int(s): float(v) for s, v in by["co2e_market_kg"].items()}
        totals[member, y] = {"1": market.get(1, 0.0), "2_location": float(by["co2e_kg"].get(2, 0.0)),
                             "2_market": market.get(2, 0.0), "3": market.get(3, 0.0),
                             "total": float(by["co2e_market_kg"].sum())}
"""
    + REPORT
)

DUCKDB = (
    """
import sys, duckdb
store, year = sys.argv[1], int(sys.argv[2])
files = [f"{store}/accounts/*/{y}/lines.parquet" for y in (year - 1, year)]
rows = duckdb.sql(
    "select regexp_extract(filename, '/accounts/([^/]+)/[0-9]{4}/lines.parquet', 1) as member,"
    " regexp_extract(filename, '/([0-9]{4})/lines.parquet', 1)::int as y, scope,"
    " sum(co2e_kg), sum(co2e_market_kg)"
    f" from read_parquet({files!r}, filename=true) where status = 'calculated' group by all order by all"
).fetchall()
totals = {}
for member, y, scope, location, market in rows:
    t = totals.setdefault((member, y), {"1": 0.0, "2_location": 0.0, "2_market": 0.0, "3": 0.0, "total": 0.0})
    t["total"] += market
    if scope == 2:
        t["2_location"], t["2_market"] = location, market
    elif scope in (1, 3):
        t[str(scope)] = market
"""
    + REPORT
)

# Starts one command with its stdout to a file; prints its exit status, wall seconds and
# ru_maxrss (KiB on Linux; of the child, or its largest waited-for descendant). With "sample",
# also the peak RSS summed over the child's process tree, polled every 50 ms with psutil.
# A fresh, small interpreter: Linux counts the memory of the process that starts a command in
# the command's ru_maxrss (see process.py).
LAUNCH = """
import os, subprocess, sys, time
mode, out, err = sys.argv[1:4]
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[4:], stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
    tree_peak, pid = 0, 0
    if mode == "sample":
        import psutil
        parent = psutil.Process(child.pid)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            rss = 0
            try:
                for p in [parent, *parent.children(recursive=True)]:
                    try:
                        rss += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            tree_peak = max(tree_peak, rss)
            time.sleep(0.05)
    if not pid:
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss, tree_peak)
"""


def ghgcore_command() -> list[str]:
    """The console script of the environment this runs in (or ``python -m ghgcore``)."""
    script = Path(sys.executable).parent / "ghgcore"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ghgcore"]


def run(argv: list[str], out: Path, sample: bool = False) -> tuple[float, float, float]:
    """Run `argv` with its stdout to `out`: wall seconds, peak RSS (MiB), summed tree peak (MiB; sampled)."""
    err = out.with_suffix(".err")
    measured = subprocess.run(
        [sys.executable, "-c", LAUNCH, "sample" if sample else "plain", str(out), str(err), *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    if measured.returncode != 0:
        raise SystemExit(f"could not run {' '.join(argv)}\n{measured.stderr}")
    status, seconds, maxrss, tree = measured.stdout.split()
    if int(status) != 0:
        message = err.read_text(encoding="utf-8", errors="replace").strip()
        raise SystemExit(f"FAILED (exit status {status}): {' '.join(argv)}\n{message[-3000:]}")
    kib = 1 if sys.platform == "darwin" else 2**10  # ru_maxrss: bytes on macOS, KiB on Linux
    return float(seconds), int(maxrss) * kib / 2**20, int(tree) / 2**20


def store_years(store: Path) -> list[int]:
    return sorted({int(p.name) for p in store.glob("accounts/*/[0-9][0-9][0-9][0-9]") if p.is_dir()})


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1.0)


def compare(mine: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Where a baseline's report disagrees with ghgcore's."""
    wrong = [key for key in ("year", "members_in_store", "members_reporting") if mine[key] != theirs[key]]
    if not close(mine["total_kg_co2e"], theirs["total_kg_co2e"]):
        wrong.append("total_kg_co2e")
    wrong += [f"scopes.{k}" for k, v in theirs["scopes"].items() if not close(mine["scopes"][k], v)]
    for kind, change in theirs["change"].items():
        for key, value in change.items():
            ours_value = mine["change"][kind][key]
            same = value == ours_value if isinstance(value, int) else close(ours_value, value)
            if not same:
                wrong.append(f"change.{kind}.{key}")
    ours = {m["organisation"]: m for m in mine["members"]}
    for row in theirs["members"]:
        other = ours.get(row["organisation"])
        if other is None:
            wrong.append(f"members: {row['organisation']!r} missing")
            continue
        for key in ("total_kg_co2e", "share_percent", "change_percent"):
            if not close(other[key], row[key]):
                wrong.append(f"members.{row['organisation']}.{key}")
        wrong += [
            f"members.{row['organisation']}.scopes.{k}"
            for k, v in row["scopes"].items()
            if not close(other["scopes"][k], v)
        ]
    if [m["organisation"] for m in mine["members"]] != [m["organisation"] for m in theirs["members"]]:
        wrong.append("members' order")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, help="the year reported (default: the store's last)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--keep", type=Path, help="build the store in DIR/store and keep it")
    group.add_argument("--store", type=Path, help="use this store (built before, e.g. with --keep)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ghgcore-network-bench-"))
    try:
        if args.store is not None:
            store = args.store if (args.store / "accounts").is_dir() else args.store / "store"
            if not (store / "accounts").is_dir():
                raise SystemExit(f"{args.store}: not an account store (no accounts/ folder)")
            built = f"store {store} (reused)"
        else:
            store = (args.keep or folder) / "store"
            start = time.perf_counter()
            _, per_save = build(store, args.members, args.years, args.lines)
            built = f"built in {time.perf_counter() - start:,.0f} s ({per_save * 1000:.0f} ms per save)"
        years = store_years(store)
        year = args.year or years[-1]
        members = len(list(store.glob("accounts/*/organisation.json")))
        line_files = sorted(store.glob(f"accounts/*/{year}/lines.parquet"))
        import pyarrow.parquet as pq

        lines = pq.ParquetFile(line_files[0]).metadata.num_rows if line_files else 0

        ghgcore = [
            *ghgcore_command(),
            "network",
            "--store",
            str(store),
            "--year",
            str(year),
            "--format",
            "json",
        ]
        commands = {
            "default": ghgcore,
            "dask": [*ghgcore, "--engine", "dask"],
            "pandas": [sys.executable, "-c", PANDAS, str(store), str(year)],
            "duckdb": [sys.executable, "-c", DUCKDB, str(store), str(year)],
        }
        out = {label: folder / f"{label}.json" for label in LABELS}

        # warm-up round, sampled for the memory of the whole process tree; checks
        tree: dict[str, float] = {}
        for label, argv in commands.items():
            tree[label] = run(argv, out[label], sample=True)[2]
        reference = out["default"].read_bytes()
        failures = []
        if out["dask"].read_bytes() != reference:
            failures.append("the Dask engine's JSON differs from the default engine's (warm-up round)")
        report = json.loads(reference)
        for label in ("pandas", "duckdb"):
            wrong = compare(report, json.loads(out[label].read_bytes()))
            if wrong:
                shown = ", ".join(wrong[:8]) + (f" and {len(wrong) - 8} more" if len(wrong) > 8 else "")
                print(f"note: the {label} baseline disagrees with ghgcore on {shown}")

        seconds: dict[str, list[float]] = {k: [] for k in LABELS}
        peaks: dict[str, list[float]] = {k: [] for k in LABELS}
        for round_ in range(1, args.repeat + 1):
            for label, argv in commands.items():
                wall, peak, _ = run(argv, out[label])
                seconds[label].append(wall)
                peaks[label].append(peak)
                if label in ("default", "dask") and out[label].read_bytes() != reference:
                    failures.append(f"round {round_}: the {label} engine's JSON differs from the warm-up's")

        median = {k: statistics.median(v) for k, v in seconds.items()}
        peak = {k: statistics.median(v) for k, v in peaks.items()}

        def ratio(a: str, b: str) -> float:
            return statistics.median(x / y for x, y in zip(seconds[a], seconds[b], strict=True))

        workers = max(1, min(4, os.cpu_count() or 1))
        accounts = members * len(years)
        print(
            f"store: {members} members x {len(years)} years ({years[0]}-{years[-1]}) x {lines:,} lines = "
            f"{accounts:,} accounts, {size(list(store.rglob('*.parquet'))) / 2**20:,.0f} MiB of Parquet; {built}"
        )
        print(
            f"year {year}: {len(line_files)} members reporting; {os.cpu_count()} cores, Dask workers {workers}; "
            f"{args.repeat} rounds after a warm-up, median wall time"
        )
        print(
            f"report: {len(reference):,} bytes of JSON ({len(reference) / 2**20:.2f} MiB), "
            f"{len(report['members'])} members listed"
        )
        print()
        print(f"{'command':<9} {'seconds':>8} {'peak MiB':>9} {'tree MiB':>9}")
        for label in LABELS:
            print(f"{label:<9} {median[label]:8.2f} {peak[label]:9.0f} {tree[label]:9.0f}")
        print()
        print(
            f"dask / default {ratio('dask', 'default'):.2f}; default / pandas {ratio('default', 'pandas'):.2f}; "
            f"default / duckdb {ratio('default', 'duckdb'):.2f}; dask / pandas {ratio('dask', 'pandas'):.2f}; "
            f"dask / duckdb {ratio('dask', 'duckdb'):.2f} (medians of the per-round ratios)"
        )
        print(
            "peak MiB: the command's ru_maxrss (for Dask, its largest process); tree MiB: resident memory "
            "summed over its processes, sampled every 50 ms in the warm-up round"
        )
        if failures:
            for line in dict.fromkeys(failures):
                print("FAILED:", line)
            return 1
        print(f"default and Dask JSON byte-identical in all {args.repeat + 1} rounds")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
