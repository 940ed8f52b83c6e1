"""Measure ghgcore against baselines in the same run, and print the ratios.

    python benchmarks/run.py [--lines 1000000] [--repeat 5] [--sample 2000]

Timings are the best of several repeats (the least disturbed by the rest of
the machine); what matters are the ratios, not the seconds. Targets (from
the core issue):

- 1 million lines from an in-memory table in at most 1.5x the time of a
  hand-written pandas baseline (read, merge factors, multiply, group by);
- at least 1000x faster per line than a per-line pint loop;
- peak memory of the calculation under 1 GiB;
- ``import ghgcore`` adds under 50 ms to importing numpy, attrs and pint.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import conversion_table, pandas_calculation, pint_loop  # noqa: E402
from generate import activity_table, factor_table, layered_factor_tables, zoned  # noqa: E402

from ghgcore import ActivityTable, FactorSet, calculate  # noqa: E402
from ghgcore.units import get_registry  # noqa: E402


def best_of(repeat: int, func: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory(func: Callable[[], Any]) -> int:
    """Peak bytes allocated while `func` runs (numpy reports to tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def import_overhead(repeat: int) -> float:
    code = (
        "import time; t0 = time.perf_counter(); import numpy, attrs, pint; t1 = time.perf_counter(); "
        "import ghgcore; t2 = time.perf_counter(); print(t2 - t1)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(repeat)]
    return min(runs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2000, help="lines for the per-line pint loop")
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    args = parser.parse_args()

    activities = activity_table(args.lines)
    factors_long = factor_table()
    factors = FactorSet.from_dataframe(factors_long, name="synthetic", version="1")
    conversions = conversion_table(activities, factors_long, get_registry())
    table = ActivityTable.from_dataframe(activities)

    def ghgcore_end_to_end() -> dict[str, float]:
        return calculate(ActivityTable.from_dataframe(activities), factors).by_scope()

    def ghgcore_calculate() -> dict[str, float]:
        return calculate(table, factors).by_scope()

    layered = [
        FactorSet.from_dataframe(frame, name=name, version="1")
        for name, frame in zip(("supplier", "main", "world"), layered_factor_tables(), strict=True)
    ]
    zoned_activities = zoned(activities)

    def ghgcore_layered() -> Any:
        result = calculate(ActivityTable.from_dataframe(zoned_activities), layered, fallback="region,year")
        return result.by_scope(), result.match_counts(), int(result.calculated.sum())

    def pandas_baseline() -> Any:
        return pandas_calculation(activities, factors_long, conversions)

    t_ghg, scopes = best_of(args.repeat, ghgcore_end_to_end)
    t_calc, _ = best_of(args.repeat, ghgcore_calculate)
    t_pandas, by_scope = best_of(args.repeat, pandas_baseline)
    t_layered, (_, matches, calculated) = best_of(args.repeat, ghgcore_layered)
    if calculated != args.lines:
        raise SystemExit(f"layered: only {calculated} of {args.lines} lines calculated")
    sample = activities.head(args.sample)
    t_pint, _ = best_of(1, lambda: pint_loop(sample, factors_long, get_registry()))

    # the baselines must compute the same thing
    for scope, total in by_scope.items():
        ours = scopes["2_location" if str(scope) == "2" else str(scope)]
        if abs(ours - total) > 1e-6 * abs(total):
            raise SystemExit(f"scope {scope}: ghgcore {ours} != pandas {total}")

    mem_ghg = peak_memory(ghgcore_end_to_end)
    mem_pandas = peak_memory(pandas_baseline)
    t_import = import_overhead(args.repeat)

    per_line_pint = t_pint / args.sample
    per_line_ghg = t_ghg / args.lines
    results = {
        "lines": args.lines,
        "ghgcore_end_to_end_s": t_ghg,
        "ghgcore_calculate_only_s": t_calc,
        "pandas_baseline_s": t_pandas,
        "pint_loop_per_line_s": per_line_pint,
        "ratio_ghgcore_to_pandas": t_ghg / t_pandas,
        "ghgcore_layered_fallback_s": t_layered,
        "ratio_layered_to_pandas": t_layered / t_pandas,
        "layered_matches": matches,
        "speedup_per_line_vs_pint": per_line_pint / per_line_ghg,
        "peak_memory_ghgcore_bytes": mem_ghg,
        "peak_memory_pandas_bytes": mem_pandas,
        "import_overhead_s": t_import,
    }
    targets = [
        ("ghgcore / pandas baseline (1M lines, from a DataFrame)", results["ratio_ghgcore_to_pandas"], "<= 1.5",
         results["ratio_ghgcore_to_pandas"] <= 1.5),
        ("3 layered sources, region+year fallback / pandas baseline", results["ratio_layered_to_pandas"], "<= 2",
         results["ratio_layered_to_pandas"] <= 2.0),
        ("per-line speed-up over a pint loop", results["speedup_per_line_vs_pint"], ">= 1000",
         results["speedup_per_line_vs_pint"] >= 1000),
        ("peak memory of the calculation (MiB)", mem_ghg / 2**20, "< 1024", mem_ghg < 2**30),
        ("import ghgcore after numpy, attrs, pint (ms)", t_import * 1000, "< 50", t_import < 0.05),
    ]  # fmt: skip
    print(f"ghgcore benchmarks: {args.lines:,} lines, best of {args.repeat}")
    print(f"  ghgcore, DataFrame -> by scope   {t_ghg:8.3f} s")
    print(f"  ghgcore, calculate only          {t_calc:8.3f} s")
    print(f"  ghgcore, 3 sources + fallback    {t_layered:8.3f} s  (matches: {matches})")
    print(f"  pandas baseline                  {t_pandas:8.3f} s")
    print(f"  pint loop, per line              {per_line_pint * 1e6:8.1f} µs  ({args.sample} lines)")
    print(f"  peak memory: ghgcore {mem_ghg / 2**20:.0f} MiB, pandas baseline {mem_pandas / 2**20:.0f} MiB")
    print()
    failed = 0
    for label, value, target, ok in targets:
        failed += not ok
        print(f"  {'ok  ' if ok else 'MISS'} {label:<55} {value:10.2f}  (target {target})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
