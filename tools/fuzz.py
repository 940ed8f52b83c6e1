"""Fuzz the readers and the calculation through the command line, for a fixed time.

Run by ``nox -s fuzz`` (not part of CI's default run)::

    python tools/fuzz.py [--seconds 300] [--seed N] [--keep DIR]

Each round takes a valid seed input (an activities CSV, a factors CSV, a
ledger CSV, an account mapping CSV, the official SAF-T example and the
example company's files), mutates it (flipped and inserted bytes, shuffled,
doubled or case-changed header names, blank and comment lines, quoted
newlines, trailing commas, hostile numbers and units, a BOM, XML elements
moved, repeated, renamed or given hostile text, DTDs and entities), and runs
``ghgcore calculate`` on it in this process with ``--format json``. A round
fails when:

- anything but a ``ghgcore: error: ...`` message (exit 2, with the problems
  listed on indented lines) or a report (exit 0, or 1 with ``--strict``)
  comes out: an internal error (exit 3), a traceback, a warning that is not
  ours;
- the report does not account for every line: ``lines`` must equal
  calculated + excluded + unresolved;
- a round takes longer than ``--round-seconds`` (a hostile input that
  computes, such as a unit ``9**9**9``).

A failing input is written to ``--keep`` (default ``fuzz-failures/``) with
the reason, so that it can become a test. Exit status 1 if any round failed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAFT = ROOT / "tests" / "data" / "saft" / "ExampleFile_SAF-T_Financial_888888888_20180228235959.xml"
EXAMPLE = ROOT / "examples" / "eksempel-as" / "2024"

SEEDS: dict[str, str] = {
    "activities.csv": "activity,amount,unit,region,year,site\n"
    "diesel,1000,L,NO,2024,Oslo\nelectricity,250,MWh,NO-NO1,2024,Oslo\n"
    "flight_short_haul_economy,24000,passenger_km,,2024,Oslo\nwaste_plastics_closed_loop,1.5,t,NO,2024,\n"
    "district_heating,12000,kWh,NO,2024,Oslo\nR-410A,2.5,kg,NO,2024,\n",
    "factors.csv": "# own factors\nactivity,unit,gas,value,value_unit,source,region,year,scope,method\n"
    "district_heating,kWh,CO2e,22,g,Supplier 2024,NO,2024,2,\n"
    "electricity,kWh,CO2,0.015,kg,Supplier,NO,2024,2,market\n",
    "ledger.csv": "account,amount,date,description\n6300,150000,2024-01-05,rent\n"
    "2400,-150000,2024-01-05,rent\n6551,20000,2024-03-01,laptops\n1920,-20000,2024-03-01,\n",
    "accounts.csv": "account,category,exclude\n7141,air_travel,\n7999,,internal\n",
}
HOSTILE_NUMBERS = [
    "nan",
    "inf",
    "-inf",
    "1e400",
    "1e308",
    "-0",
    "0x10",
    "1,5",
    "1_000",
    "",
    " ",
    "٣",
    "1e-400",
]
HOSTILE_UNITS = [
    "9**9**9",
    "2**1000000",
    "kWh**99",
    "(((((kWh)))))",
    "MBtu",
    "kWh_gross",
    "NOK",
    "L/0",
    "m^3",
    "__import__",
]
HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "\ufeff",
    "'; DROP TABLE x;--",
    "<script>",
    "&amp;",
    "\u202e",
    "x" * 5000,
    "2021-02-30",
]
XML_INJECTIONS = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!-- c --><!DOCTYPE x SYSTEM "file:///etc/passwd">',
    "<!ENTITY x 'y'>",
    "&b;",
    "<![CDATA[1e400]]>",
]


def mutate_text(text: str, rng: random.Random) -> str:
    """One to four mutations of a CSV text."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(12)
        if kind == 0 and len(lines) > 1:  # header: case, whitespace, duplicate, shuffle
            cols = lines[0].split(",")
            op = rng.randrange(4)
            if op == 0:
                i = rng.randrange(len(cols))
                cols[i] = cols[i].upper()
            elif op == 1:
                i = rng.randrange(len(cols))
                cols[i] = " " + cols[i] + " "
            elif op == 2:
                cols.append(rng.choice(cols))
            else:
                rng.shuffle(cols)
            lines[0] = ",".join(cols)
        elif kind == 1:  # a field replaced by a hostile number, unit or text
            row = rng.randrange(1, max(2, len(lines)))
            if row < len(lines) and lines[row]:
                cells = lines[row].split(",")
                cells[rng.randrange(len(cells))] = rng.choice(HOSTILE_NUMBERS + HOSTILE_UNITS + HOSTILE_TEXT)
                lines[row] = ",".join(cells)
        elif kind == 2:
            lines.insert(
                rng.randrange(len(lines) + 1), rng.choice(["", "   ", "# comment", ",,,", '"a\nb",1'])
            )
        elif kind == 3:  # trailing comma on every row
            lines = [line + "," if line else line for line in lines]
        elif kind == 4:
            lines[0] = "\ufeff" + lines[0]
        elif kind == 5 and len(lines) > 2:
            del lines[rng.randrange(1, len(lines))]
        elif kind == 6:
            lines.append(rng.choice(lines))
        elif kind == 7:  # a byte-level change
            joined = "\n".join(lines)
            i = rng.randrange(len(joined) + 1)
            joined = joined[:i] + rng.choice(['"', ",", "\r", "\x00", "\t", ";", "é"]) + joined[i:]
            lines = joined.split("\n")
        elif kind == 8:
            lines = [line.replace(",", ";") for line in lines]
        elif kind == 9:
            lines = lines[:1]
        elif kind == 10:
            lines = [lines[0]] + [rng.choice(lines[1:] or [""]) for _ in range(rng.randint(0, 50))]
        else:
            lines = [line.replace(".", ",") for line in lines]
    return "\n".join(lines)


def mutate_xml(text: str, rng: random.Random) -> str:
    """One to three mutations of a SAF-T file."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(8)
        if kind == 0:  # a DTD or entity somewhere in the prolog or the body
            where = rng.choice([text.find("?>") + 2, text.find("<n1:Header>"), len(text) // 2])
            text = text[:where] + rng.choice(XML_INJECTIONS) + text[where:]
        elif kind == 1:  # an amount, date, account or currency made hostile
            tag = rng.choice(["DebitAmount>", "CreditAmount>", "Amount>", "TransactionDate>", "AccountID>",
                              "DefaultCurrencyCode>", "NumberOfEntries>", "TotalDebit>", "PeriodEnd>"])  # fmt: skip
            hits = [m.end() for m in re.finditer(re.escape(tag), text)]
            if hits:
                start = rng.choice(hits)
                end = text.find("<", start)
                if end > start:
                    text = (
                        text[:start] + rng.choice(HOSTILE_NUMBERS + HOSTILE_UNITS + HOSTILE_TEXT) + text[end:]
                    )
        elif kind == 2:  # a <Line> moved out of its transaction, or repeated
            start = text.find("<n1:Line>", rng.randrange(len(text)))
            end = text.find("</n1:Line>", start)
            if start != -1 and end != -1:
                line = text[start : end + len("</n1:Line>")]
                at = text.find("</n1:GeneralLedgerEntries>") if rng.random() < 0.5 else start
                text = text[:at] + line + text[at:]
        elif kind == 3:  # a foreign namespace
            text = text.replace(
                "urn:StandardAuditFile-Taxation-Financial:NO", "urn:other", rng.randint(0, 1) or -1
            )
        elif kind == 4:  # truncated
            text = text[: rng.randrange(len(text))]
        elif kind == 5:  # an element renamed
            text = text.replace("<n1:Transaction>", "<n1:Transactions>", 1)
        elif kind == 6:
            text = "\ufeff" + text
        else:
            i = rng.randrange(len(text))
            text = text[:i] + rng.choice(["<", ">", "&", "\x00", "]]>"]) + text[i:]
    return text


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """``ghgcore`` in this process: exit status, standard output and standard error."""
    from ghgcore.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(args)
        except SystemExit as e:  # argparse
            status = int(e.code or 0)
    return status, out.getvalue(), err.getvalue()


def check(status: int, out: str, err: str, elapsed: float, limit: float) -> str:
    """Why a round failed, or ``""``."""
    if elapsed > limit:
        return f"took {elapsed:.1f} s (more than {limit} s)"
    if "Traceback" in err or "Traceback" in out:
        return "a traceback"
    if "NaN or infinity" in err:
        return f"a number that is not finite reached the report: {err.strip()[:500]}"
    if status not in (0, 1, 2):  # 1: --strict with unresolved lines
        return f"exit status {status}: {err.strip()[:500]}"
    lines = [line for line in err.splitlines() if line.strip()]
    if (lines and not lines[0].startswith("ghgcore: ")) or any(
        not (line.startswith("ghgcore: ") or line.startswith("  ")) for line in lines
    ):
        return f"standard error is not ours: {err.strip()[:500]}"
    if status in (0, 1):
        try:
            data = json.loads(out)
        except ValueError as e:
            return f"the JSON report does not parse: {e}"
        excluded = sum(item["lines"] for item in data["excluded"])
        if data["lines"] != data["calculated"] + excluded + len(data["unresolved"]):
            return (
                f"lines not accounted for: {data['lines']} read, {data['calculated']} calculated, "
                f"{excluded} excluded, {len(data['unresolved'])} unresolved"
            )
    return ""


def rounds(rng: random.Random, folder: Path) -> Callable[[], tuple[list[str], dict[str, str]]]:
    """A maker of one round's files and command."""
    saft = SAFT.read_text(encoding="utf-8")
    example = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLE.iterdir() if p.is_file()}

    def make() -> tuple[list[str], dict[str, str]]:
        files: dict[str, str] = {}
        choice = rng.randrange(4)
        if choice == 0:
            name = rng.choice(list(SEEDS))
            files[name] = mutate_text(SEEDS[name], rng)
            if name in ("factors.csv", "accounts.csv"):
                files["activities.csv"] = SEEDS["activities.csv"]
            if name == "accounts.csv":
                files["ledger.csv"] = SEEDS["ledger.csv"]
        elif choice == 1:
            files["saft.xml"] = mutate_xml(saft, rng)
        elif choice == 2:
            victim = rng.choice(sorted(example))
            for name, text in example.items():
                mutated = name == victim
                files[name] = (
                    (mutate_xml if name.endswith(".xml") else mutate_text)(text, rng) if mutated else text
                )
        else:
            files["activities.csv"] = mutate_text(SEEDS["activities.csv"], rng)
            files["factors.csv"] = mutate_text(SEEDS["factors.csv"], rng)
        paths = []
        for name, text in files.items():
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            paths.append(str(path))
        extra = rng.choice([[], ["--year", "2024"], ["--strict"], ["--gwp", "AR4"], ["--fallback", "region"]])
        return ["calculate", *paths, "--format", "json", *extra], files

    return make


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="how long to fuzz (default 300)")
    parser.add_argument("--round-seconds", type=float, default=20.0, help="longest a round may take")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: the time)")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-failures"), help="where failing inputs go")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"fuzzing for {args.seconds:g} s, seed {seed}")
    failures = done = 0
    end = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make = rounds(rng, folder)
        while time.monotonic() < end:
            command, files = make()
            started = time.monotonic()
            status, out, err = run_cli(command)
            reason = check(status, out, err, time.monotonic() - started, args.round_seconds)
            done += 1
            if reason:
                failures += 1
                case = args.keep / f"case-{seed}-{done}"
                case.mkdir(parents=True, exist_ok=True)
                for name, text in files.items():
                    (case / name).write_text(text, encoding="utf-8", errors="surrogatepass")
                (case / "REASON.txt").write_text(
                    f"{reason}\n\n{' '.join(command)}\n\n{err}", encoding="utf-8"
                )
                print(f"round {done}: {reason} (kept in {case})")
            for path in folder.iterdir():
                path.unlink()
    print(f"{done} rounds, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
