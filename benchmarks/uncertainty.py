"""Uncertainty intervals over 100,000 synthetic result lines: Monte Carlo (10,000 samples) and approach 1.

The lines are random on purpose (seeded): scopes 1-3, scope 3 categories,
physical and spend-based lines of mixed quality. Prints the median time of a
few runs and the peak memory (tracemalloc) of each method; no pass/fail on
seconds. Monte Carlo's draws are made ``CHUNK_LINES`` lines at a time, so its
peak is bounded by ``samples * CHUNK_LINES * 4`` bytes of float32 draws (and
their float32 product), plus ``samples * 8`` bytes per figure, plus the lines'
own columns: it does not grow with the number of lines beyond those columns.

    python benchmarks/uncertainty.py [--lines N] [--samples S] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np
import pyarrow as pa

from ghgcore.uncertainty import CHUNK_LINES, intervals


def synthetic_lines(n: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    scope = rng.integers(1, 4, n)
    spend = (scope == 3) & (rng.random(n) < 0.5)
    kg = rng.lognormal(mean=5.0, sigma=2.0, size=n)
    market = np.where(scope == 2, kg * rng.uniform(0.0, 2.0, n), kg)
    return pa.table(
        {
            "status": pa.array(np.where(rng.random(n) < 0.98, "calculated", "unresolved")),
            "scope": pa.array(scope),
            "category": pa.array(np.where(scope == 3, rng.integers(1, 16, n), 0), mask=scope != 3),
            "method": pa.array(np.where(spend, "spend", "")),
            "match": pa.array(rng.choice(["exact", "year", "region"], n, p=[0.7, 0.2, 0.1])),
            "factor_set": pa.array(np.where(spend, "spend@2019.2", "fuels@2021.2")),
            "region": pa.array(np.full(n, "NO")),
            "factor_id": pa.array(np.where(spend, "x|NOK|NO|2019|spend", "x|L|SE|2021|")),
            "co2e_kg": pa.array(kg),
            "co2e_market_kg": pa.array(market),
        }
    )


def measure(lines: pa.Table, repeat: int, **kwargs: object) -> tuple[float, float, dict]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = intervals(lines, **kwargs)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    intervals(lines, **kwargs)  # type: ignore[arg-type]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = synthetic_lines(args.lines)
    mb_lines = lines.nbytes / 2**20
    print(
        f"{args.lines:,} lines ({mb_lines:.1f} MiB as Arrow), {args.samples:,} samples, chunks of {CHUNK_LINES}"
    )
    bound = args.samples * CHUNK_LINES * 4 * 2 / 2**20
    print(f"Monte Carlo draw bound: samples x {CHUNK_LINES} x 4 B x 2 (draws and product) = {bound:.1f} MiB")
    t1, m1, exact = measure(lines, args.repeat, method="approach1")
    tm, mm, sampled = measure(lines, args.repeat, method="monte-carlo", samples=args.samples, seed=0)
    print(f"approach 1:  median {t1 * 1000:8.1f} ms, peak {m1:6.1f} MiB")
    print(f"Monte Carlo: median {tm * 1000:8.1f} ms, peak {mm:6.1f} MiB ({tm / t1:.0f}x approach 1)")
    for key in ("total", "1", "2_market", "3"):
        a, m = exact[key], sampled[key]
        print(
            f"  {key:9} {a.value:16,.0f} kg  approach 1 ±{a.relative:7.4%}  "
            f"Monte Carlo -{(a.value - m.low) / a.value:7.4%} +{(m.high - a.value) / a.value:7.4%}"
        )


if __name__ == "__main__":
    main()
