"""Whole-process benchmark: the ``ghgcore calculate`` command against pandas, polars and DuckDB scripts.

    python benchmarks/process.py [--lines 1000000] [--repeat 5] [--json PATH] [--keep DIR]

Writes, seeded, into a temporary folder: an activities CSV (``--lines``
lines, from generate.py), the same lines with 30 % of them spoiled (an
amount of 'n/a', '1,5' or nothing, the unit 'furlong' or nothing, an
unknown activity), the long-format factors CSV, and a small unit-conversion
CSV (unit, factor_unit, multiplier) made once here with pint: the baselines'
data, for the most generous baseline, a user who hard-codes the conversions.

Then runs each command as its own process, in turns (ghgcore, pandas,
polars, DuckDB, on the clean file and then on the bad one), one warm-up
round and ``--repeat`` counted rounds, and takes the wall time and the
child's peak resident memory (``os.wait4``, from a small launcher process
so that this script's own memory is not counted). What counts are the ratios
(median of the per-round ratios), never the seconds. Every run's totals by
scope are checked: ghgcore and each baseline agree to a relative 1e-9, and
on the bad file ghgcore calculates exactly the good lines and lists the
others as unresolved.

Targets (exit status 1 if one is missed, or if the totals disagree):

- ghgcore at most 1.0x the pandas baseline on the clean file;
- ghgcore's peak memory at most the pandas baseline's on the clean file;
- ghgcore on the 30 %-bad file at most 1.5x its time on the clean file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import conversion_table  # noqa: E402
from generate import activity_table, factor_table  # noqa: E402

from ghgcore.units import get_registry  # noqa: E402

PIPELINES = HERE / "pipelines"
COMMANDS = ("ghgcore", "pandas", "polars", "duckdb")
DATASETS = ("clean", "bad")
BAD_SHARE = 0.3
# how a line is spoiled: (label, column, value)
SPOILS = (
    ("amount 'n/a'", "amount", "n/a"),
    ("amount '1,5'", "amount", "1,5"),
    ("amount empty", "amount", ""),
    ("unit 'furlong'", "unit", "furlong"),
    ("unknown activity", "activity", "act999"),
    ("unit empty", "unit", ""),
)
TOLERANCE = 1e-9
TARGET_PANDAS = 1.0
TARGET_BAD_CLEAN = 1.5


@dataclass(frozen=True)
class Inputs:
    folder: Path
    lines: int
    good: int
    spoiled: dict[str, int]

    def activities(self, dataset: str) -> Path:
        return self.folder / f"activities_{dataset}.csv"

    @property
    def factors(self) -> Path:
        return self.folder / "factors.csv"

    @property
    def conversions(self) -> Path:
        return self.folder / "conversions.csv"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    output: dict[str, Any]
    message: str


def write_inputs(folder: Path, lines: int) -> Inputs:
    """The activities (clean and 30 % bad), the factors and the conversions, as CSV files."""
    # one reporting year: an inventory never sums years (ghgcore excludes lines of another year)
    activities = activity_table(lines, years=(2022,))
    factors = factor_table()
    conversions = conversion_table(activities, factors, get_registry())
    factors.to_csv(folder / "factors.csv", index=False)
    conversions[["unit", "factor_unit", "multiplier"]].to_csv(folder / "conversions.csv", index=False)

    # one text for every amount, so that the good lines of both files read the same
    text = pd.DataFrame(
        {
            "activity": activities["activity"].astype(str).to_numpy(dtype=object),
            "amount": np.array([repr(x) for x in activities["amount"].tolist()], dtype=object),
            "unit": activities["unit"].astype(str).to_numpy(dtype=object),
            "region": activities["region"].astype(str).to_numpy(dtype=object),
            "year": activities["year"].to_numpy(),
            "site": activities["site"].astype(str).to_numpy(dtype=object),
        }
    )
    text.to_csv(folder / "activities_clean.csv", index=False)

    rng = np.random.default_rng(5)
    spoiled = rng.random(lines) < BAD_SHARE
    kind = rng.integers(0, len(SPOILS), lines)
    counts = {}
    for k, (label, column, value) in enumerate(SPOILS):
        rows = spoiled & (kind == k)
        text.loc[rows, column] = value
        counts[label] = int(rows.sum())
    text.to_csv(folder / "activities_bad.csv", index=False)
    return Inputs(folder=folder, lines=lines, good=int(lines - spoiled.sum()), spoiled=counts)


def ghgcore_command() -> list[str]:
    """The console script of the environment this runs in (or ``python -m ghgcore``)."""
    script = Path(sys.executable).parent / "ghgcore"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ghgcore"]


def command(name: str, inputs: Inputs, dataset: str, out: Path) -> list[str]:
    activities = str(inputs.activities(dataset))
    if name == "ghgcore":
        return [*ghgcore_command(), "calculate", activities, "-f", str(inputs.factors), "--factors", "none",
                "--year", "2022", "--format", "json", "-o", str(out)]  # fmt: skip
    script = PIPELINES / f"{name}_pipeline.py"
    return [sys.executable, str(script), activities, str(inputs.factors), str(inputs.conversions), str(out)]


# Starts one command and reports its wall time and peak RSS. It runs in a fresh, small interpreter
# because Linux counts the memory of the process that starts a command in the command's ru_maxrss
# (exec records the old address space's high-water mark; with vfork that is the caller's), and
# this script holds the generated tables and ghgcore's reports.
MEASURE = """
import os, subprocess, sys, time
with open(sys.argv[1], "wb") as log:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)
print(child.returncode, seconds, usage.ru_maxrss)
"""


def run(argv: list[str], out: Path, log: Path) -> Run:
    """Run `argv` as a child process: wall seconds, its peak RSS, what its JSON output says."""
    out.unlink(missing_ok=True)
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(log), *argv], capture_output=True, text=True
    )
    if measured.returncode != 0:
        raise SystemExit(f"could not run {' '.join(argv)}\n{measured.stderr}")
    status, seconds, maxrss = measured.stdout.split()
    message = log.read_text(encoding="utf-8", errors="replace").strip()
    if int(status) != 0:
        raise SystemExit(f"FAILED (exit status {status}): {' '.join(argv)}\n{message[-3000:]}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    peak = int(maxrss) / (2**20 if sys.platform == "darwin" else 2**10)
    return Run(float(seconds), peak, summary(json.loads(out.read_text(encoding="utf-8"))), message)


def summary(output: dict[str, Any]) -> dict[str, Any]:
    """What is checked of a command's output: totals by scope, lines calculated, unresolved lines."""
    unresolved = output.get("unresolved", [])
    return {
        "scopes": output["scopes"],
        "calculated": output["calculated"],
        "unresolved": len(unresolved),
        "reasons": reason_kinds(unresolved),
    }


def reason_kinds(unresolved: list[dict[str, Any]]) -> dict[str, int]:
    """ghgcore's reasons for the unresolved lines, counted with quoted values and asides left out."""
    kinds: Counter[str] = Counter()
    for item in unresolved:
        reason = re.sub(r"'[^']*'", "'…'", item["reason"])
        while re.search(r"\([^()]*\)", reason):  # innermost asides first
            reason = re.sub(r"\([^()]*\)", "\0", reason)
        kinds[reason.replace("\0", "(…)")] += 1
    return dict(kinds.most_common())


def check(runs: dict[str, Run], inputs: Inputs, dataset: str) -> list[str]:
    """What is wrong with one round's outputs on one file (nothing, if all agree)."""
    problems = []
    ours = runs["ghgcore"].output
    expected_lines = inputs.lines if dataset == "clean" else inputs.good
    if ours["calculated"] != expected_lines:
        problems.append(f"ghgcore calculated {ours['calculated']:,} lines, expected {expected_lines:,}")
    if ours["unresolved"] != inputs.lines - expected_lines:
        problems.append(
            f"ghgcore lists {ours['unresolved']:,} unresolved lines, expected {inputs.lines - expected_lines:,}"
        )
    ghg = ours["scopes"]
    for name in COMMANDS[1:]:
        base = runs[name].output
        if base["calculated"] != expected_lines:
            problems.append(f"{name} used {base['calculated']:,} lines, expected {expected_lines:,}")
        pairs = [(f"scope {s}", ghg.get(s, 0.0), base["scopes"].get(s, 0.0)) for s in ("1", "3")]
        pairs += [
            (f"scope {s}", ghg.get(s, 0.0), base["scopes"].get("2", 0.0)) for s in ("2_location", "2_market")
        ]
        for label, a, b in pairs:
            if abs(a - b) > TOLERANCE * max(abs(a), abs(b)):
                problems.append(f"{dataset} file, {label}: ghgcore {a!r} != {name} {b!r}")
    return problems


def median_ratio(rounds: list[dict[str, dict[str, Run]]], a: tuple[str, str], b: tuple[str, str]) -> float:
    return statistics.median(r[a[0]][a[1]].seconds / r[b[0]][b[1]].seconds for r in rounds)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="counted rounds, after one warm-up round")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="write the files to this folder and keep them")
    args = parser.parse_args()
    if args.lines < 1 or args.repeat < 1:
        parser.error("--lines and --repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="ghgcore-process-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        inputs = write_inputs(folder, args.lines)
        print(
            f"wrote {args.lines:,} lines, clean and 30 % bad ({args.lines - inputs.good:,} spoiled), "
            f"to {folder} in {time.perf_counter() - start:.1f} s"
        )

        rounds: list[dict[str, dict[str, Run]]] = []
        problems: list[str] = []
        for number in range(args.repeat + 1):
            this: dict[str, dict[str, Run]] = {}
            for dataset in DATASETS:
                this[dataset] = {}
                for name in COMMANDS:
                    out = folder / f"out_{name}_{dataset}.json"
                    argv = command(name, inputs, dataset, out)
                    this[dataset][name] = run(argv, out, folder / f"log_{name}_{dataset}.txt")
                for problem in check(this[dataset], inputs, dataset):
                    if problem not in problems:
                        problems.append(problem)
            label = "warm-up" if number == 0 else f"round {number}"
            times = " / ".join(
                f"{n} {this['clean'][n].seconds:.2f}, {this['bad'][n].seconds:.2f}" for n in COMMANDS
            )
            print(f"  {label} (s, clean, bad): {times}")
            if number:
                rounds.append(this)
            if problems:
                break
    if problems:
        print("\nTOTALS DISAGREE:", *problems, sep="\n  ")
        return 1
    return report(args, inputs, rounds)


def report(args: argparse.Namespace, inputs: Inputs, rounds: list[dict[str, dict[str, Run]]]) -> int:
    def med(dataset: str, name: str, field: str) -> float:
        return statistics.median(getattr(r[dataset][name], field) for r in rounds)

    seconds = {d: {n: med(d, n, "seconds") for n in COMMANDS} for d in DATASETS}
    peak = {d: {n: med(d, n, "peak_mib") for n in COMMANDS} for d in DATASETS}
    ratios = {d: {n: median_ratio(rounds, (d, "ghgcore"), (d, n)) for n in COMMANDS[1:]} for d in DATASETS}
    bad_clean = median_ratio(rounds, ("bad", "ghgcore"), ("clean", "ghgcore"))
    memory = {d: peak[d]["ghgcore"] / peak[d]["pandas"] for d in DATASETS}
    last = rounds[-1]["bad"]["ghgcore"]

    print(
        f"\nwhole process, {args.lines:,} lines; medians of {len(rounds)} round{'s' * (len(rounds) > 1)} after a warm-up round"
    )
    print(f"  {'':<10}{'clean file':>22}{'30 % bad file':>24}")
    print(f"  {'command':<10}{'seconds':>12}{'peak MiB':>10}{'seconds':>14}{'peak MiB':>10}")
    for n in COMMANDS:
        print(
            f"  {n:<10}{seconds['clean'][n]:>12.3f}{peak['clean'][n]:>10.0f}"
            f"{seconds['bad'][n]:>14.3f}{peak['bad'][n]:>10.0f}"
        )
    print(f"\n  {'ratio (median of per-round ratios)':<36}{'clean':>8}{'bad':>8}")
    for n in COMMANDS[1:]:
        print(f"  {'ghgcore / ' + n:<36}{ratios['clean'][n]:>8.2f}{ratios['bad'][n]:>8.2f}")
    print(f"  {'peak memory ghgcore / pandas':<36}{memory['clean']:>8.2f}{memory['bad']:>8.2f}")
    print(f"  {'ghgcore bad / clean':<36}{bad_clean:>8.2f}")
    print(
        f"\n  totals by scope agree (relative {TOLERANCE:g}) on both files; on the bad file every tool "
        f"calculated the {inputs.good:,} good lines"
    )
    print(f"  ghgcore on the bad file said: {last.message.splitlines()[-1] if last.message else '(nothing)'}")
    for reason, count in last.output["reasons"].items():
        print(f"    {count:>9,}  {reason}")

    targets = [
        ("ghgcore / pandas, clean file", ratios["clean"]["pandas"], f"<= {TARGET_PANDAS}",
         ratios["clean"]["pandas"] <= TARGET_PANDAS),
        ("peak memory ghgcore / pandas, clean file", memory["clean"], "<= 1", memory["clean"] <= 1.0),
        ("ghgcore bad / clean", bad_clean, f"<= {TARGET_BAD_CLEAN}", bad_clean <= TARGET_BAD_CLEAN),
    ]  # fmt: skip
    print()
    for label, value, target, ok in targets:
        print(f"  {'ok  ' if ok else 'MISS'} {label:<45} {value:8.2f}  (target {target})")

    if args.json:
        figures = {
            "lines": args.lines,
            "bad_lines": args.lines - inputs.good,
            "spoiled": inputs.spoiled,
            "rounds": len(rounds),
            "median_seconds": seconds,
            "median_peak_rss_mib": peak,
            "ratio_ghgcore_to": ratios,
            "ratio_ghgcore_bad_to_clean": bad_clean,
            "ratio_peak_rss_ghgcore_to_pandas": memory,
            "ghgcore_unresolved_reasons_bad": last.output["reasons"],
            "targets": {label: {"value": value, "target": t, "ok": ok} for label, value, t, ok in targets},
            "runs": [
                {
                    d: {n: {"seconds": r[d][n].seconds, "peak_rss_mib": r[d][n].peak_mib} for n in COMMANDS}
                    for d in DATASETS
                }
                for r in rounds
            ],
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                **{p: version(p) for p in ("ghgcore", "pandas", "polars", "duckdb", "pyarrow")},
            },
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if all(ok for *_, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
