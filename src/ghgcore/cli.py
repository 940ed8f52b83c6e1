"""The ``ghgcore`` command line.

Exit status: 0 on success; 1 with ``--strict`` when a line is unresolved;
2 for bad input (a file that cannot be read, an invalid factor set, an
unknown or broken factor database, a lock mismatch, a bad option); 3 for an
internal error (a bug: reported in one line, never as a traceback). Messages
go to standard error; an output file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ghgcore._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_UNRESOLVED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _add_fallback_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fallback",
        default=None,
        metavar="RULES",
        help="when no factor matches exactly: default (a zone uses its country's factor, a year the newest "
        "earlier one within --years-back; recorded on each line and listed in the report); region (also "
        "NORDIC/EU27/EUROPE, WORLD) and year (also later years, --years-forward) widen the default; none, "
        "or none followed by some of country, region, year, for exactly those",
    )
    parser.add_argument(
        "--years-back",
        type=int,
        default=5,
        metavar="N",
        help="year fallback: at most N years earlier (default 5)",
    )
    parser.add_argument(
        "--years-forward", type=int, default=None, metavar="N",
        help="year fallback: at most N years later (default: none, or 5 with --fallback year)",
    )  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ghgcore",
        description="Greenhouse-gas accounting: calculate inventories from activity data and emission factors.",
    )
    parser.add_argument("--version", action="version", version=f"ghgcore {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    calc = commands.add_parser(
        "calculate",
        help="calculate an inventory from activities CSV files and general ledgers",
        description="Calculate emissions for every line of the input files and report them: activities CSV "
        "files, SAF-T Financial files and ledger CSV files, one inventory. Every line is calculated, "
        "excluded (a ledger line that is not a purchase, or spend covered by activity data) or listed as "
        "unresolved with the reason. Factor sources are searched in order: factors CSV files among the inputs "
        "and --factor-file files, then the --factors databases (default: the installed default databases, "
        "see 'ghgcore factors list').",
    )
    calc.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="an activities CSV, a SAF-T Financial file (.xml), a ledger CSV (account,amount,date) or a "
        "factors CSV (your own factors, searched first)",
    )  # fmt: skip
    calc.add_argument(
        "--input-format", default="auto", metavar="FORMAT",
        help="the inputs' format: activities, saft, ledger, or one a reader plugin adds "
        "(default: detected from the extension and the content)",
    )  # fmt: skip
    calc.add_argument(
        "--mapping", action="append", default=[], metavar="ACCOUNTS.csv",
        help="your account mapping (account or range -> category, or exclude); before the database's",
    )  # fmt: skip
    calc.add_argument(
        "--region", default="NO", help="ledger lines: where the purchases are made (default: NO)"
    )
    calc.add_argument("--currency", default="NOK", help="ledger CSV: the amounts' currency (default: NOK)")
    calc.add_argument(
        "--price-index", action="append", default=[], metavar="[CURRENCY=]INDEX.csv",
        help="a price index (year,index or year,change) for a currency (default NOK), before the databases'",
    )  # fmt: skip
    calc.add_argument(
        "--extrapolate-prices", action=argparse.BooleanOptionalAction, default=None,
        help="extrapolate a missing index figure or exchange rate (recorded on each line and listed in the "
        "report) instead of leaving the line unresolved (default: on, off with --strict)",
    )  # fmt: skip
    calc.add_argument(
        "--no-hybrid", action="store_true",
        help="keep the spend of categories that activity data cover (default: leave it out)",
    )  # fmt: skip
    calc.add_argument(
        "--factor-file", "-f", action="append", default=[], metavar="FACTORS.csv",
        help="your own factors CSV file; repeat for several",
    )  # fmt: skip
    calc.add_argument(
        "--factors", action="append", default=[], metavar="NAME",
        help="an installed factor database (see 'ghgcore factors list'); repeat for several; 'default' "
        "stands for the default databases, which are used when none is named; 'none' for no database "
        "(your factor files only)",
    )  # fmt: skip
    calc.add_argument(
        "--crosswalk", action="append", default=[], metavar="MAPPING.csv",
        help="a crosswalk CSV (code,activity) mapping your codes to activity keys; before the databases' own",
    )  # fmt: skip
    calc.add_argument(
        "--crosswalk-prefix", action="store_true", help="let crosswalk codes match by prefix (6551 -> 65)"
    )
    calc.add_argument(
        "--instruments", metavar="INSTRUMENTS.csv",
        help="contractual instruments (guarantees of origin, PPAs, supplier rates) for market-based scope 2",
    )  # fmt: skip
    _add_fallback_options(calc)
    calc.add_argument(
        "--gwp",
        default="AR6",
        choices=("AR4", "AR5", "AR6"),
        type=str.upper,
        help="GWP-100 set (default: AR6)",
    )
    calc.add_argument(
        "--year", type=int,
        help="reporting year, for lines without a year (default: the latest year of the lines, if every line has one)",
    )  # fmt: skip
    calc.add_argument("--organisation", default="", help="organisation name for the report")
    calc.add_argument(
        "--format", default="table", choices=("table", "json", "csv", "html"),
        help="table (default), json summary, csv with one row per line, or an html page",
    )  # fmt: skip
    calc.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="write to PATH (whole or not at all) instead of standard output",
    )
    calc.add_argument(
        "--lock",
        metavar="ghgcore.lock",
        help="check the factor sets against this lock file (and load databases at its versions)",
    )
    calc.add_argument(
        "--write-lock", metavar="ghgcore.lock", help="write the factor sets used to this lock file"
    )
    calc.add_argument(
        "--strict", action="store_true",
        help="exact factors only (no fallback, no price extrapolation), and exit with status 1 if any line "
        "is unresolved",
    )  # fmt: skip

    ledger = commands.add_parser(
        "ledger",
        help="read a general ledger (SAF-T Financial XML or ledger CSV) and reconcile it with its own totals",
        description="Read a general ledger and report: company, period and currency, lines read, total debit "
        "and credit, the totals the file declares, whether they match, and the net amount per account class "
        "(1-8, with the operating costs of classes 4-7) and per account.",
    )
    ledger.add_argument("file", metavar="LEDGER", help="a SAF-T Financial file (.xml) or a ledger CSV")
    ledger.add_argument(
        "--format", default="table", choices=("table", "json", "html"), help="table (default), json or html"
    )
    ledger.add_argument("--output", "-o", metavar="PATH", help="write to PATH (whole or not at all)")

    factors = commands.add_parser("factors", help="list and inspect installed factor databases")
    factor_commands = factors.add_subparsers(dest="factors_command", metavar="SUBCOMMAND")
    listing = factor_commands.add_parser(
        "list", help="list the installed factor databases and whether they work"
    )
    listing.add_argument("--check", action="store_true", help="also load every database's factors")
    show = factor_commands.add_parser(
        "show",
        help="show a database, or the factor it would use for an activity, with provenance and fallback path",
    )
    show.add_argument("name", help="database name, or a factors CSV file")
    show.add_argument("--activity", help="activity key to look up")
    show.add_argument("--region", default="", help="region of the line")
    show.add_argument("--year", type=int, default=-1, help="year of the line")
    show.add_argument("--unit", help="unit of the line (default: the factor's own)")
    _add_fallback_options(show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    from ghgcore.errors import GhgcoreError

    def one_line(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
        print(f"ghgcore: warning: {message}", file=sys.stderr)

    warnings.showwarning = one_line  # a warning is one line of ours, never a source excerpt
    try:
        if args.command == "calculate":
            return _calculate(args)
        if args.command == "ledger":
            return _ledger(args)
        if args.factors_command == "list":
            return _factors_list(args)
        if args.factors_command == "show":
            return _factors_show(args)
        parser.parse_args(["factors", "--help"])
        return EXIT_INPUT
    except OSError as e:
        return _fail(f"{e.filename}: {e.strerror}" if e.filename and e.strerror else str(e))
    except GhgcoreError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        print("ghgcore: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug of ours: said plainly, never a traceback
        print(
            f"ghgcore: internal error: {type(e).__name__}: {e} (please report it with the command you ran)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _fail(message: str) -> int:
    print(f"ghgcore: error: {message}", file=sys.stderr)
    return EXIT_INPUT


def _fallback(args: argparse.Namespace) -> Any:
    """The fallback the options ask for; None for --strict's exact matches."""
    from ghgcore.resolution import Fallback

    if getattr(args, "strict", False):
        return None
    return Fallback.parse(
        args.fallback or "default", years_back=args.years_back, years_forward=args.years_forward
    )


def _databases(names: list[str]) -> list[str]:
    """The --factors names: the default databases when none is given, none for 'none'."""
    if names == ["none"]:
        return []
    if "none" in names:
        from ghgcore.errors import OptionError

        raise OptionError("--factors none means no database: do not name others beside it")
    return names or ["default"]


def _calculate(args: argparse.Namespace) -> int:
    from ghgcore.errors import OptionError
    from ghgcore.inventory import calculate_inventory
    from ghgcore.lock import Lock
    from ghgcore.output import atomic_writer, dumps_summary
    from ghgcore.views import format_table, html_page

    if args.strict and (args.fallback or "none").strip().lower() not in ("none", "off"):
        raise OptionError("--strict takes exact factors only: leave out --fallback")
    if args.strict and args.years_forward is not None:
        raise OptionError("--strict takes exact factors only: leave out --years-forward")
    if args.year is not None and not 1000 <= args.year <= 9999:
        raise OptionError(f"--year {args.year}: expected a year such as 2024")

    inventory = calculate_inventory(
        args.inputs,
        [*(Path(path) for path in args.factor_file), *_databases(args.factors)],
        year=args.year,
        organisation=args.organisation,
        gwp=args.gwp,
        fallback=_fallback(args),
        crosswalks=args.crosswalk,
        crosswalk_prefix=args.crosswalk_prefix,
        mappings=args.mapping,
        instruments=args.instruments,
        price_indices=args.price_index,
        extrapolate_prices=args.extrapolate_prices,
        region=args.region,
        currency=args.currency,
        hybrid=not args.no_hybrid,
        input_format=args.input_format,
        lock=args.lock,
        strict=args.strict,
    )

    def write(out: Any) -> None:
        if args.format == "json":
            out.write(dumps_summary(inventory.summary()))
        elif args.format == "csv":
            inventory.to_dataframe().to_csv(out, index=False, lineterminator="\n")
        elif args.format == "html":
            out.write(html_page(inventory.summary()))
        else:
            out.write(format_table(inventory.summary()))

    if args.output:
        with atomic_writer(args.output, newline="") as f:
            write(f)
    else:
        write(sys.stdout)
    if args.write_lock:
        Lock.of(inventory.result.factor_sets).write(args.write_lock)
    unresolved = len(inventory.result.unresolved)
    if unresolved:
        print(
            f"ghgcore: {unresolved} of {len(inventory.result)} lines unresolved (reasons in the report)",
            file=sys.stderr,
        )
        if args.strict:
            return EXIT_UNRESOLVED
    return EXIT_OK


def _ledger(args: argparse.Namespace) -> int:
    from ghgcore.errors import InputError
    from ghgcore.ledger import Ledger
    from ghgcore.output import atomic_writer, dumps_summary
    from ghgcore.readers import guess_reader, read
    from ghgcore.views import format_ledger, ledger_html, ledger_summary

    ledger = read(args.file, guess_reader(args.file, among=("saft", "ledger")).name)
    if not isinstance(ledger, Ledger):
        raise InputError(f"{args.file}: expected a general ledger (SAF-T or ledger CSV)")
    if args.format == "json":
        text = dumps_summary(ledger_summary(ledger))
    elif args.format == "html":
        text = ledger_html(ledger)
    else:
        text = format_ledger(ledger)
    if args.output:
        with atomic_writer(args.output) as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _factors_list(args: argparse.Namespace) -> int:
    from ghgcore.errors import DatabaseWarning
    from ghgcore.sources import statuses as database_statuses

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DatabaseWarning)  # shown in the table instead
        statuses = database_statuses(check=args.check)
    if not statuses:
        print(
            "No factor databases are installed (packages register them in the 'ghgcore.factors' entry-point group)."
        )
        return EXIT_OK
    header = ("name", "default", "version", "publisher", "licence", "distribution", "status")
    rows = [
        (
            s.name, "yes" if s.default else "", s.version, s.publisher, s.licence,
            f"{s.distribution} {s.distribution_version}",
            "ok" if s.ok else f"failed: {s.reason}",
        )
        for s in statuses
    ]  # fmt: skip
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header) - 1)]
    for row in (header, *rows):
        print("  ".join(f"{cell:<{w}}" for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
    return EXIT_OK


def _factors_show(args: argparse.Namespace) -> int:
    from ghgcore.factors import format_years
    from ghgcore.sources import database, database_factors, lookup

    if args.activity:
        found = lookup(
            args.name,
            args.activity,
            region=args.region,
            year=args.year,
            unit=args.unit,
            fallback=_fallback(args),
        )
        factors, db = found.factors, found.database
    else:
        is_file = args.name.lower().endswith(".csv")
        db = None if is_file else database(args.name)
        factors = database_factors(args.name) if db is not None else _factor_file(args.name)
    if db is None:
        print(f"{factors.name} {factors.version} (file {args.name})")
    else:
        print(f"{db.name} {db.version}: {db.description}")
        print(f"publisher: {db.publisher}")
        print(f"licence:   {db.licence}")
        print(f"url:       {db.url}")
    print(f"sha256:    {factors.sha256}")
    if not args.activity:
        regions = sorted({r for r in factors.region if r})
        print(
            f"factors:   {len(factors)} for {len(factors.activities)} activities; gases {', '.join(factors.gases)}"
        )
        print(f"regions:   {', '.join(regions[:40]) or 'any'}{' ...' if len(regions) > 40 else ''}")
        shown = factors.activities[:60]
        print(f"activities: {', '.join(shown)}{' ...' if len(factors.activities) > 60 else ''}")
        for cw in db.crosswalks() if db is not None else ():
            print(f"crosswalk: {cw.name} ({len(cw)} codes and ranges)")
        return EXIT_OK

    if found.crosswalk:
        print(f"crosswalk {found.crosswalk}: {found.code} -> {found.activity}")
    when = found.year if found.year >= 0 else "(none)"
    print(f"line:      {found.activity!r}, region {found.region or '(none)'}, year {when}")
    searched = " -> ".join(r or "any region" for r in found.regions_searched)
    print(f"fallback:  {found.fallback.describe()}; regions searched: {searched}")
    for answer in found.answers:
        label = "market-based" if answer.market else "location-based / only"
        f = answer.factor
        if f is None:
            print(f"\n{label}: no factor. {answer.reason}")
            continue
        years = format_years(f.valid_from, f.valid_to) or "any"
        print(f"\n{label}: {f.id}  (match: {answer.match})")
        print(f"  per {f.unit}: " + ", ".join(f"{gas} {value:g} kg" for gas, value in f.gases.items()))
        print(f"  region {f.region or 'any'}, years {years}, scope {f.scope or '?'}"
              f"{', category ' + str(f.category) if f.category else ''}{', method ' + f.method if f.method else ''}")  # fmt: skip
        print(f"  source:  {f.source}")
        print(f"  licence: {f.licence or factors.licence_name or '(see the database)'}")
        if f.price_year:
            print(f"  prices of {f.price_year} ({f.currency})")
    return EXIT_OK if any(a.factor is not None for a in found.answers) else EXIT_INPUT


def _factor_file(path: str) -> Any:
    from ghgcore.factors import FactorSet

    return FactorSet.from_csv(path)


if __name__ == "__main__":
    sys.exit(main())
