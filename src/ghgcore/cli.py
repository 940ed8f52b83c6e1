"""The ``ghgcore`` command line.

Exit status: 0 on success; 1 with ``--strict`` when a line is unresolved;
2 for bad input (a file that cannot be read, an invalid factor set, a bad
option). Messages go to standard error; an output file is written whole or
not at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ghgcore._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_UNRESOLVED, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ghgcore",
        description="Greenhouse-gas accounting: calculate inventories from activity data and emission factors.",
    )
    parser.add_argument("--version", action="version", version=f"ghgcore {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    calc = commands.add_parser(
        "calculate",
        help="calculate an inventory from an activities CSV file",
        description="Calculate emissions for every line of an activities CSV file and report them. "
        "Every line is either calculated or listed as unresolved with the reason.",
    )
    calc.add_argument(
        "activities", metavar="ACTIVITIES.csv", help="activities CSV file (see the file formats)"
    )
    calc.add_argument(
        "--factor-file",
        "-f",
        action="append",
        default=[],
        metavar="FACTORS.csv",
        help="a factors CSV file; repeat for several, the first that has a factor for a line wins",
    )
    calc.add_argument(
        "--gwp",
        default="AR6",
        choices=("AR4", "AR5", "AR6"),
        type=str.upper,
        help="GWP-100 set (default: AR6)",
    )
    calc.add_argument(
        "--year",
        type=int,
        help="reporting year, for lines without a year (default: the latest year of the lines, if every line has one)",
    )
    calc.add_argument("--organisation", default="", help="organisation name for the report")
    calc.add_argument(
        "--format",
        default="table",
        choices=("table", "json", "csv"),
        help="table (default), json summary, or csv with one row per line",
    )
    calc.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="write to PATH (whole or not at all) instead of standard output",
    )
    calc.add_argument("--strict", action="store_true", help="exit with status 1 if any line is unresolved")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    return _calculate(args)


def _fail(message: str) -> int:
    print(f"ghgcore: error: {message}", file=sys.stderr)
    return EXIT_INPUT


def _calculate(args: argparse.Namespace) -> int:
    import numpy as np

    from ghgcore.activities import ActivityTable
    from ghgcore.errors import GhgcoreError
    from ghgcore.factors import FactorSet
    from ghgcore.inventory import Inventory
    from ghgcore.io import atomic_writer, dumps_summary
    from ghgcore.report import format_table

    if not args.factor_file:
        return _fail("no factors: give at least one --factor-file FACTORS.csv")
    try:
        factor_sets = [FactorSet.from_csv(path) for path in args.factor_file]
        table = ActivityTable.from_csv(args.activities)
    except (GhgcoreError, OSError) as e:
        return _fail(str(e))
    year = args.year
    if year is None:
        # every line has its own year: the inventory is for the latest of them
        if len(table) and np.all(table.year >= 0):
            year = int(table.year.max())
        else:
            return _fail("no reporting year: some lines have no year; pass --year YEAR")
    inventory = Inventory.calculate(
        table, factor_sets, year=year, organisation=args.organisation, gwp=args.gwp
    )

    def write(out: object) -> None:
        import io

        assert isinstance(out, io.TextIOBase)
        if args.format == "json":
            out.write(dumps_summary(inventory.summary()))
        elif args.format == "csv":
            inventory.to_dataframe().to_csv(out, index=False, lineterminator="\n")
        else:
            out.write(format_table(inventory.summary()))

    try:
        if args.output:
            with atomic_writer(args.output, newline="") as f:
                write(f)
        else:
            write(sys.stdout)
    except OSError as e:
        return _fail(f"cannot write {args.output}: {e.strerror or e}")
    unresolved = len(inventory.result) - int(inventory.result.calculated.sum())
    if unresolved:
        print(
            f"ghgcore: {unresolved} of {len(inventory.result)} lines unresolved (reasons in the report)",
            file=sys.stderr,
        )
        if args.strict:
            return EXIT_UNRESOLVED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
