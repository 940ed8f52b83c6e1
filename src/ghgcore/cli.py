"""The ``ghgcore`` command line.

Exit status: 0 on success; 1 with ``--strict`` when a line is unresolved;
2 for bad input (a file that cannot be read, an invalid factor set, an
unknown or broken factor database, a lock mismatch, a bad option, an
output that cannot be written); 3 for an internal error (a bug: reported
in one line, never as a traceback); 128 + the signal when stopped by
Ctrl-C (130, "ghgcore: interrupted"), SIGTERM (143) or SIGHUP (129); 141
(128 + SIGPIPE, as a tool killed by SIGPIPE) when the reader of standard
output went away (``ghgcore calculate ... | head -1``), quietly.

Messages go to standard error, one line each (control characters escaped).
Output files (``--output``, ``--write-lock``) are written whole or not at
all, all of them or none, and never over a special file; a stopped run
leaves no temporary file. Inputs are local files, never URLs. What plugins
print while they run goes to standard error, never into a report written
to standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from ghgcore._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_UNRESOLVED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: 128 + SIGPIPE: the status of a tool killed by SIGPIPE when its reader goes away.
EXIT_BROKEN_PIPE = 141
#: The reports of ``ghgcore report``.
REPORT_FORMATS = (
    "klimaregnskap-html",
    "klimaregnskap-pdf",
    "esrs-e1-6-json",
    "esrs-e1-6-csv",
    "vsme-b3-json",
    "vsme-b3-csv",
    "cdp-json",
)


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


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", required=True, metavar="DIR", help="the account store (a folder)")
    parser.add_argument("--organisation", required=True, metavar="NAME", help="the organisation, as stored")


def _add_language_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--language", default=None, metavar="CODE",
        help=f"the language of {what}: en (the default), nb, or a catalogue of yours (GHGCORE_LOCALE_PATH)",
    )  # fmt: skip


def _language(args: argparse.Namespace) -> Any:
    """The --language asked for, checked before any work (an unknown one is an error naming it)."""
    from ghgcore.i18n import language

    return language(getattr(args, "language", None))


def _add_engine_options(parser: argparse.ArgumentParser, work: str) -> None:
    parser.add_argument(
        "--engine", default="local", choices=("local", "dask"),
        help=f"{work} in this process (local, default) or partition-wise on Dask (the same result)",
    )  # fmt: skip
    parser.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="with --engine dask: a running Dask scheduler (tcp://host:8786); default: a local cluster",
    )  # fmt: skip


def _check_engine(args: argparse.Namespace) -> None:
    from ghgcore.errors import OptionError

    if args.scheduler and args.engine != "dask":
        raise OptionError("--scheduler is the Dask scheduler's address: give it with --engine dask")


class _Parser(argparse.ArgumentParser):
    """argparse with errors on one line (no usage block), and the nearest choice for a mistyped one."""

    def error(self, message: str) -> NoReturn:
        found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if found:
            choices = re.findall(r"'([^']*)'", found.group(2)) or [
                c.strip() for c in found.group(2).split(",")
            ]
            near = difflib.get_close_matches(found.group(1), choices, n=1)
            if near:
                message += f"; did you mean {near[0]}?"
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
        "--uncertainty", default="approach1", choices=("approach1", "monte-carlo"),
        help="how the 95 %% intervals are made: IPCC approach 1, error propagation (default), or Monte Carlo",
    )  # fmt: skip
    calc.add_argument(
        "--samples", type=int, default=None, metavar="N",
        help="with --uncertainty monte-carlo: the draws (default: 10000)",
    )  # fmt: skip
    calc.add_argument(
        "--seed", type=int, default=None, metavar="S",
        help="with --uncertainty monte-carlo: the generator's seed; the same seed gives the same intervals (default: 0)",
    )  # fmt: skip
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
    _add_language_option(calc, "the table and html reports' labels and numbers")
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
    calc.add_argument(
        "--store", metavar="DIR",
        help="also save the account in this account store (a folder; made if new) for progress over the years",
    )  # fmt: skip
    calc.add_argument(
        "--metric", action="append", default=[], metavar="NAME=QUANTITY",
        help="with --store: a figure to keep with the account, e.g. employees=40 or 'revenue=12.5 MNOK'; repeat",
    )  # fmt: skip
    calc.add_argument(
        "--replace",
        action="store_true",
        help="with --store: replace the organisation's stored account for the year",
    )
    calc.add_argument("--note", default="", help="with --store: why, for the store's log")

    prog = commands.add_parser(
        "progress",
        help="an organisation's progress over its stored years: change, targets, causes, intensity",
        description="Report an organisation's accounts from an account store, oldest first: totals by scope, "
        "change against the previous year and the base year (recalculated when recorded events are "
        "significant), the change explained by cause, intensities per stored metric, each target's linear "
        "path and whether each year is on track, commitments followed up, and spearhead projects' avoided "
        "emissions (apart, never netted).",
    )
    _add_store_options(prog)
    prog.add_argument(
        "--base-year", type=int, metavar="YEAR", help="default: the plan's, else the earliest year stored"
    )
    prog.add_argument(
        "--target", action="append", default=[], metavar="SPEC",
        help="a target: a preset (sbti-1.5, sbti-wb2c, fossil-free-2030, dk-70-2030) or "
        "'scopes=1+2;reduction=42;year=2030'; repeat; default: the stored plan's targets",
    )  # fmt: skip
    prog.add_argument(
        "--save", action="store_true", help="store the --target targets in the organisation's plan"
    )
    prog.add_argument("--plan", metavar="PLAN.toml", help="use this plan file instead of the stored plan")
    prog.add_argument("--format", default="table", choices=("table", "json"), help="table (default) or json")
    _add_language_option(prog, "the table's labels and numbers")
    prog.add_argument("--output", "-o", metavar="PATH", help="write to PATH (whole or not at all)")

    net = commands.add_parser(
        "network",
        help="a network's year: its members' accounts added up, criteria, data quality, overlap",
        description="Add up the accounts of every organisation in an account store for a year: members "
        "reporting, totals by scope and scope 3 category, targets and whether they are on track, the "
        "change against the previous year (like-for-like and over all), data quality (PCAF-style scores, "
        "spend-based share, missing scopes), purchases from fellow members (by the suppliers' organisation "
        "numbers in SAF-T files) and, with --criteria, the network's membership criteria per member.",
    )
    net.add_argument("--store", required=True, metavar="DIR", help="the account store (a folder)")
    net.add_argument("--year", required=True, type=int, metavar="YEAR", help="the reporting year")
    net.add_argument(
        "--criteria", metavar="NETWORK", choices=("naering-for-klima", "klimapartnere"),
        help="check the members against a network's membership criteria: naering-for-klima or klimapartnere",
    )  # fmt: skip
    net.add_argument(
        "--anonymise", action="store_true",
        help="for publication: pseudonyms for names, no organisation numbers or free text, small groups suppressed",
    )  # fmt: skip
    net.add_argument(
        "--member", metavar="NAME",
        help="a member's own view: anonymised except this member's name, row and evidence",
    )  # fmt: skip
    net.add_argument(
        "--min-group", type=int, default=3, metavar="N",
        help="with --anonymise: the fewest members a published sum may have (default 3)",
    )  # fmt: skip
    _add_engine_options(net, "read the members")
    net.add_argument(
        "--format", default="table", choices=("table", "json", "html"), help="table (default), json or html"
    )
    _add_language_option(net, "the table and html reports' labels and numbers")
    net.add_argument("--output", "-o", metavar="PATH", help="write to PATH (whole or not at all)")

    report = commands.add_parser(
        "report",
        help="a standard report of a stored account: the yearly climate account, ESRS E1-6, VSME B3, CDP",
        description="Write a standard report of an organisation's stored account for a year: the yearly "
        "climate account (klimaregnskap) as HTML or PDF, with the base year, targets and the change by cause "
        "from the stored years; ESRS E1-6 or VSME B3 datapoints (JSON or CSV, keyed by the EFRAG taxonomies' "
        "element names); or CDP's C6.10 and C7.9a tables (JSON). Intensities divide by the account's stored "
        "revenue metric, else by the operating revenue (account class 3) of its SAF-T ledger of the reporting "
        "year, the same in every format (ESRS and VSME per unit of the currency, the climate account per "
        "million); without either they are reported missing, with the reason.",
    )
    _add_store_options(report)
    report.add_argument("--year", required=True, type=int, metavar="YEAR", help="the reporting year")
    report.add_argument("--format", required=True, choices=REPORT_FORMATS, help="the report")
    _add_language_option(report, "the labels, reasons and numbers")
    report.add_argument(
        "--revenue-metric", default=None, metavar="NAME",
        help="the stored metric holding the revenue or turnover (default: revenue)",
    )  # fmt: skip
    report.add_argument(
        "--currency", default=None, metavar="CODE",
        help="the currency of the intensities (default: the revenue metric's own, NOK for MNOK)",
    )  # fmt: skip
    report.add_argument(
        "--significant-category", action="append", default=[], metavar="N",
        help="ESRS E1-6: a significant scope 3 category to report on its own (1-15); repeat; "
        "default: every category with emissions",
    )  # fmt: skip
    report.add_argument("--output", "-o", metavar="PATH", help="write to PATH (whole or not at all)")

    batch = commands.add_parser(
        "batch",
        help="calculate and store many organisations' years from a jobs file, here or on Dask",
        description="Calculate every job of JOBS.csv (columns organisation, year, input, metrics; one row per "
        "input file) as 'ghgcore calculate' would and save it in the account store. A job that fails is "
        "reported and the others go on; the exit status is 1 if one failed.",
    )
    batch.add_argument("jobs", metavar="JOBS.csv", help="the jobs file")
    batch.add_argument("--store", required=True, metavar="DIR", help="the account store (a folder)")
    batch.add_argument(
        "--factors", action="append", default=[], metavar="NAME",
        help="a factor database; repeat (default: the installed default databases)",
    )  # fmt: skip
    batch.add_argument("--fallback", metavar="SPEC", help="the factor fallback, as for 'ghgcore calculate'")
    batch.add_argument("--replace", action="store_true", help="replace accounts stored already")
    _add_engine_options(batch, "calculate the jobs")
    batch.add_argument("--format", default="table", choices=("table", "json"), help="table (default) or json")

    plan = commands.add_parser(
        "plan",
        help="store an organisation's plan (base year, targets, events, commitments, spearhead projects)",
        description="Store the plan in PLAN.toml (or .json) with the organisation, replacing the stored one "
        "(logged); without PLAN, print the stored plan as JSON.",
    )
    _add_store_options(plan)
    plan.add_argument("file", nargs="?", metavar="PLAN", help="a plan file (TOML or JSON)")

    recalc = commands.add_parser(
        "recalculate",
        help="calculate the base year again with other factors, and record the change as an event",
        description="Calculate the base year's stored lines again with the factor sources given (default: "
        "the installed default databases), record the difference as a 'factors' event in the plan, and "
        "say whether the cumulative effect of the events makes the base year's recalculation significant.",
    )
    _add_store_options(recalc)
    recalc.add_argument(
        "--factors", action="append", default=[], metavar="NAME", help="a factor database; repeat"
    )
    recalc.add_argument(
        "--factor-file",
        "-f",
        action="append",
        default=[],
        metavar="FACTORS.csv",
        help="your factors CSV file; repeat",
    )
    recalc.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="the year the change is recorded in (default: the latest stored)",
    )
    recalc.add_argument("--description", default="", help="what changed, for the record")
    recalc.add_argument(
        "--instruments", metavar="INSTRUMENTS.csv",
        help="the contractual instruments the base year was calculated with, if any",
    )  # fmt: skip
    recalc.add_argument("--dry-run", action="store_true", help="report the effect without recording it")

    listing_store = commands.add_parser("store", help="list the organisations and years in an account store")
    listing_store.add_argument("--store", required=True, metavar="DIR", help="the account store (a folder)")
    listing_store.add_argument("--log", action="store_true", help="print the store's log instead")

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
    _add_language_option(ledger, "the table and html reports' labels and numbers")
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
    """Run the command line; return the exit status.

    Never a traceback: bad input is one line and status 2, a bug one line
    and status 3; Ctrl-C or a signal is "ghgcore: interrupted" and 128 +
    the signal, with no output file replaced and no temporary file left;
    a reader of standard output that went away ends the run quietly with
    status 141.
    """
    from ghgcore.output import stop_on_signals

    try:
        with warnings.catch_warnings(), stop_on_signals() as over:
            try:
                status = _main(argv)
            except KeyboardInterrupt as e:
                over()
                return _interrupted(e)
            except BrokenPipeError:
                over()
                _discard_stdout()
                return EXIT_BROKEN_PIPE
            over()
            return status
    finally:
        _settle_stdout()


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "output", None) == "-":  # the usual name of standard output
        args.output = None
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    from ghgcore.errors import GhgcoreError, GhgcoreWarning

    def one_line(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
        _say(f"ghgcore: warning: {message}")

    warnings.showwarning = one_line  # a warning is one line of ours, never a source excerpt
    warnings.simplefilter("default", GhgcoreWarning)  # ours are messages for the user, never errors
    try:
        if args.command == "calculate":
            status = _calculate(args)
        elif args.command == "ledger":
            status = _ledger(args)
        elif args.command == "progress":
            status = _progress(args)
        elif args.command == "plan":
            status = _plan(args)
        elif args.command == "network":
            status = _network(args)
        elif args.command == "report":
            status = _report(args)
        elif args.command == "batch":
            status = _batch(args)
        elif args.command == "recalculate":
            status = _recalculate(args)
        elif args.command == "store":
            status = _store_list(args)
        elif args.factors_command == "list":
            status = _factors_list(args)
        elif args.factors_command == "show":
            status = _factors_show(args)
        else:
            parser.parse_args(["factors", "--help"])
            return EXIT_INPUT
        _to_stdout(None)
        return status
    except BrokenPipeError:
        raise
    except OSError as e:
        return _fail(f"{e.filename}: {e.strerror}" if e.filename and e.strerror else str(e))
    except GhgcoreError as e:
        return _fail(str(e))
    except Exception as e:  # a bug of ours: said plainly, never a traceback
        _say(f"ghgcore: internal error: {_describe(e)} (please report it with the command you ran)")
        return EXIT_INTERNAL


def _describe(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:
        text = "(a message that cannot be shown)"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _interrupted(error: KeyboardInterrupt) -> int:
    from ghgcore.output import Interrupted, signal_name

    signum = error.signum if isinstance(error, Interrupted) else int(signal.SIGINT)
    _say(
        "ghgcore: interrupted"
        if signum == signal.SIGINT
        else f"ghgcore: interrupted by {signal_name(signum)}"
    )
    return 128 + signum


def _clean(text: str) -> str:
    """Text for the terminal: control characters (but new lines and tabs) escaped, never obeyed."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else ascii(ch)[1:-1] for ch in text)


def _cell(text: object) -> str:
    """A table cell: one line, control characters escaped."""
    return _clean(str(text)).replace("\n", "\\n").replace("\t", " ")


def _say(message: str) -> None:
    """One message on standard error; a closed or broken standard error is no reason to fail."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(_clean(message) + "\n")
        stream.flush()


def _fail(message: str) -> int:
    _say(f"ghgcore: error: {message}")
    return EXIT_INPUT


def _to_stdout(write: Callable[[IO[str]], object] | None) -> None:
    """Write to standard output (and flush it); its errors name it, a full disk included."""
    stream = sys.stdout
    if stream is None:
        if write is None:
            return
        raise OSError(9, "closed", "standard output")
    try:
        if write is not None:
            write(stream)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        _discard_stdout()
        raise OSError(e.errno, e.strerror, "standard output") from None


def _discard_stdout() -> None:
    """Point standard output at the null device, so that what is still buffered cannot fail at exit."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)


def _settle_stdout() -> None:
    """Flush standard output now, so that no error ("Exception ignored ...") can come at exit."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError):
        _discard_stdout()


def _plugins_print_to_stderr() -> contextlib.AbstractContextManager[Any]:
    """While plugins run: what they print goes to standard error, never into a report on standard output."""
    return contextlib.redirect_stdout(sys.stderr if sys.stderr is not None else io.StringIO())


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


def _input_paths(args: argparse.Namespace) -> list[tuple[str, str]]:
    """Every file the command reads, with the option that names it."""
    named: list[tuple[str, str]] = [("INPUT", path) for path in getattr(args, "inputs", [])]
    if getattr(args, "file", None):
        named.append(("LEDGER", args.file))
    for option in ("factor_file", "mapping", "crosswalk"):
        named += [(f"--{option.replace('_', '-')}", path) for path in getattr(args, option, [])]
    for spec in getattr(args, "price_index", []):
        named.append(("--price-index", spec.partition("=")[2] if "=" in spec else spec))
    for option in ("instruments", "lock"):
        if getattr(args, option, None):
            named.append((f"--{option}", getattr(args, option)))
    return named


def _check_files(args: argparse.Namespace, outputs: Sequence[tuple[str, str | None]]) -> None:
    """Before any work: inputs are local paths, outputs can be written and replace no input."""
    from ghgcore.errors import InputError, OptionError
    from ghgcore.output import check_outputs

    inputs = _input_paths(args)
    for option, path in inputs:
        if "://" in path:
            raise InputError(f"{path}: inputs are local files, not URLs ({option}); download it first")
    given = [(option, path) for option, path in outputs if path]
    check_outputs([path for _, path in given])
    for out_option, out_path in given:
        for option, path in inputs:
            if out_option == "--write-lock" and option == "--lock":
                continue  # writing the lock checked again is rewriting it
            with contextlib.suppress(OSError):
                if os.path.samefile(path, out_path):
                    raise OptionError(
                        f"{out_option} {out_path}: the same file as {option} {path}, which it would replace"
                    )


def _calculate(args: argparse.Namespace) -> int:
    from ghgcore._progress import callback
    from ghgcore.errors import OptionError
    from ghgcore.inventory import calculate_inventory
    from ghgcore.lock import Lock
    from ghgcore.output import atomic_writers, dumps_summary
    from ghgcore.views import format_table, html_page

    if args.strict and (args.fallback or "none").strip().lower() not in ("none", "off"):
        raise OptionError("--strict takes exact factors only: leave out --fallback")
    if args.strict and args.years_forward is not None:
        raise OptionError("--strict takes exact factors only: leave out --years-forward")
    if args.year is not None and not 1000 <= args.year <= 9999:
        raise OptionError(f"--year {args.year}: expected a year such as 2024")
    _check_files(args, [("--output", args.output), ("--write-lock", args.write_lock)])
    if args.uncertainty != "monte-carlo" and (args.samples is not None or args.seed is not None):
        raise OptionError("--samples and --seed go with --uncertainty monte-carlo")
    if args.samples is not None and args.samples < 2:
        raise OptionError(f"--samples {args.samples}: expected a whole number of at least 2")
    if args.seed is not None and args.seed < 0:
        raise OptionError(f"--seed {args.seed}: expected a whole number of 0 or more")
    lang = _language(args)
    if args.store:
        _check_store_save(args)
    elif args.metric or args.replace or args.note:
        raise OptionError("--metric, --replace and --note go with --store")

    with _plugins_print_to_stderr():
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

    with callback("Monte Carlo" if args.uncertainty == "monte-carlo" else "") as advance:
        data = inventory.summary(
            uncertainty=args.uncertainty,
            samples=10_000 if args.samples is None else args.samples,
            seed=0 if args.seed is None else args.seed,
            progress=advance,
        )

    def write(out: IO[str]) -> None:
        if args.format == "json":
            out.write(dumps_summary(data))
        elif args.format == "csv":
            inventory.to_dataframe().to_csv(out, index=False, lineterminator="\n")
        elif args.format == "html":
            out.write(html_page(data, language=lang))
        else:
            out.write(format_table(data, language=lang))

    if args.store:
        from ghgcore.store import AccountStore

        account = AccountStore(args.store).save(
            inventory, organisation=args.organisation or None, year=args.year, metrics=args.metric,
            inputs=[path for _, path in _input_paths(args)], uncertainty=data["uncertainty"],
            replace=args.replace, note=args.note,
        )  # fmt: skip
        _say(f"ghgcore: saved {account.organisation}'s account for {account.year} in {args.store}")
    lock = Lock.of(inventory.result.factor_sets).dumps() if args.write_lock else None
    # the report and the lock file: both prepared, then both replaced, or neither
    with atomic_writers([path for path in (args.output, args.write_lock) if path], newline="") as files:
        if args.output:
            write(files[0])
        else:
            _to_stdout(write)
        if lock is not None:
            files[-1].write(lock)
    unresolved = len(inventory.result.unresolved)
    if unresolved:
        _say(f"ghgcore: {unresolved} of {len(inventory.result)} lines unresolved (reasons in the report)")
        if args.strict:
            return EXIT_UNRESOLVED
    return EXIT_OK


def _check_store_save(args: argparse.Namespace) -> None:
    """Before calculating: the store opens, the metrics parse, and the account is new or to be replaced."""
    from ghgcore.errors import AccountExistsError
    from ghgcore.store import AccountStore, Metric

    store = AccountStore(args.store)
    for text in args.metric:
        Metric.parse(text)
    if (
        args.organisation
        and args.year is not None
        and (args.organisation, args.year) in store
        and not args.replace
    ):
        raise AccountExistsError(
            f"{args.store}: {args.organisation!r} has an account for {args.year} already; "
            "replace it explicitly (--replace)"
        )


def _write_out(args: argparse.Namespace, text: str) -> None:
    from ghgcore.output import atomic_writer

    if args.output:
        with atomic_writer(args.output) as f:
            f.write(text)
    else:
        _to_stdout(lambda out: out.write(text))


def _plan_of(args: argparse.Namespace) -> Any:
    from ghgcore.plan import Plan
    from ghgcore.store import AccountStore

    store = AccountStore(args.store, create=False)
    if getattr(args, "plan", None):
        return store, Plan.from_file(args.plan)
    return store, store.plan(args.organisation)


def _progress(args: argparse.Namespace) -> int:
    from ghgcore.errors import OptionError
    from ghgcore.output import dumps_summary
    from ghgcore.progress import progress
    from ghgcore.targets import parse_target
    from ghgcore.views import format_progress

    _check_files(args, [("--output", args.output)])
    if args.base_year is not None and not 1000 <= args.base_year <= 9999:
        raise OptionError(f"--base-year {args.base_year}: expected a year such as 2019")
    if args.save and not args.target:
        raise OptionError("--save stores the --target targets: give at least one")
    if args.save and args.plan:
        raise OptionError(
            "--save stores targets in the stored plan; leave out --plan (or store it: ghgcore plan)"
        )
    lang = _language(args)
    store, plan = _plan_of(args)
    base = args.base_year if args.base_year is not None else plan.base_year
    if base is None and args.target:
        years = store.years(args.organisation) if args.organisation in store else []
        base = years[0] if years else None
    targets = [parse_target(spec, base_year=base) for spec in args.target] if args.target else None
    data = progress(store, args.organisation, base_year=args.base_year, targets=targets, plan=plan)
    if args.save and targets is not None:
        store.save_plan(args.organisation, plan.with_targets(targets), note="targets from --target")
        _say(f"ghgcore: saved {len(targets)} target(s) in {args.organisation}'s plan")
    _write_out(args, dumps_summary(data) if args.format == "json" else format_progress(data, language=lang))
    return EXIT_OK


def _network(args: argparse.Namespace) -> int:
    from ghgcore.errors import OptionError
    from ghgcore.network import network_report
    from ghgcore.output import dumps_summary
    from ghgcore.store import AccountStore

    _check_files(args, [("--output", args.output)])
    if not 1000 <= args.year <= 9999:
        raise OptionError(f"--year {args.year}: expected a year such as 2024")
    _check_engine(args)
    lang = _language(args)
    data = network_report(
        AccountStore(args.store, create=False),
        args.year,
        engine=args.engine,
        scheduler=args.scheduler,
        criteria=args.criteria,
        anonymise=args.anonymise,
        member=args.member,
        min_group=args.min_group,
    )
    if args.format == "json":
        text = dumps_summary(data)
    else:
        from ghgcore.views import format_network, network_html

        text = (
            format_network(data, language=lang)
            if args.format == "table"
            else network_html(data, language=lang)
        )
    _write_out(args, text)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from ghgcore.errors import OptionError
    from ghgcore.output import atomic_writer, dumps_summary
    from ghgcore.store import AccountStore
    from ghgcore.views import reports

    _check_files(args, [("--output", args.output)])
    if not 1000 <= args.year <= 9999:
        raise OptionError(f"--year {args.year}: expected a year such as 2024")
    if (
        args.format == "klimaregnskap-pdf"
        and not args.output
        and sys.stdout is not None
        and sys.stdout.isatty()
    ):
        raise OptionError(
            "--format klimaregnskap-pdf writes a binary file: give --output PATH (or redirect it)"
        )
    lang = _language(args)
    if args.significant_category and not args.format.startswith("esrs"):
        raise OptionError("--significant-category goes with --format esrs-e1-6-json or esrs-e1-6-csv")
    store = AccountStore(args.store, create=False)
    account = store.load(args.organisation, args.year)
    summary = account.summary
    stored = [m.name for m in account.metrics]
    if args.revenue_metric is not None and args.revenue_metric not in stored:
        raise OptionError(
            f"--revenue-metric {args.revenue_metric}: {args.organisation}'s {args.year} account has no such "
            f"metric (stored: {', '.join(stored) if stored else 'none'})"
        )
    args.revenue_metric = args.revenue_metric or "revenue"
    revenue = reports.revenue_from_metrics(account.metrics, args.revenue_metric, args.currency)
    if revenue is None:  # no stored metric: the operating revenue of the account's SAF-T ledger, if any
        revenue = reports.revenue_from_ledgers(summary)
        if revenue is not None and args.currency and revenue[1] != args.currency.upper():
            revenue = None
    amount, currency = revenue if revenue is not None else (None, args.currency or "EUR")
    history = None
    if args.format.startswith(("klimaregnskap", "cdp")):
        from ghgcore.progress import progress

        history = progress(store, args.organisation)
    text = ""
    if args.format == "klimaregnskap-html":  # the same revenue as ESRS, VSME and CDP divide by
        text = reports.klimaregnskap_html(summary, progress=history, revenue=revenue, language=lang)
    elif args.format == "klimaregnskap-pdf":
        data = reports.klimaregnskap_pdf(summary, progress=history, revenue=revenue, language=lang)
        if args.output:
            with atomic_writer(args.output) as out:
                out.flush()
                out.buffer.write(data)  # type: ignore[attr-defined]
        else:
            _to_stdout(lambda out: _write_bytes(out, data))
        return EXIT_OK
    elif args.format.startswith("esrs"):
        categories = [c for spec in args.significant_category for c in spec.split(",") if c.strip()]
        data_points = reports.esrs_e1_6(
            summary, net_revenue=amount, currency=currency, language=lang,
            significant_categories=categories or None,
        )  # fmt: skip
        text = (
            reports.datapoints_csv(data_points) if args.format.endswith("csv") else dumps_summary(data_points)
        )
    elif args.format.startswith("vsme"):
        data_points = reports.vsme_b3(summary, turnover=amount, currency=currency, language=lang)
        text = (
            reports.datapoints_csv(data_points) if args.format.endswith("csv") else dumps_summary(data_points)
        )
    else:
        assert history is not None
        cdp: dict[str, Any] = {
            "organisation": args.organisation,
            "year": args.year,
            "C6.10": reports.cdp_c6_10(
                summary, revenue=amount, currency=currency, progress=history,
                revenue_metric=args.revenue_metric, language=lang,
            ),
        }  # fmt: skip
        try:
            cdp["C7.9a"] = reports.cdp_c7_9a(history, args.year, language=lang)
        except OptionError as e:  # the first stored year: nothing to compare with
            cdp["C7.9a"] = {"question": "C7.9a", "status": "missing", "reason": str(e)}
        text = dumps_summary(cdp)
    _write_out(args, text)
    return EXIT_OK


def _write_bytes(out: IO[str], data: bytes) -> None:
    """Binary data to a text stream's buffer (standard output), after what it holds."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        from ghgcore.errors import OptionError

        raise OptionError("standard output takes no binary data here: give --output PATH")
    out.flush()
    buffer.write(data)
    buffer.flush()


def _batch(args: argparse.Namespace) -> int:
    from ghgcore.batch import calculate_accounts, read_jobs
    from ghgcore.output import dumps_summary
    from ghgcore.views._base import clean, clip

    _check_engine(args)
    jobs = read_jobs(args.jobs)
    outcomes = calculate_accounts(
        jobs,
        args.store,
        factors=args.factors or None,
        replace=args.replace,
        fallback=args.fallback,
        engine=args.engine,
        scheduler=args.scheduler,
    )
    if args.format == "json":
        text = dumps_summary({"jobs": [o.to_dict() for o in outcomes]})
    else:
        rows = [
            f"{clip(o.organisation, 40):<40} {o.year}  {o.status:<8} "
            + (f"{o.total_kg_co2e / 1000:>12,.1f} t CO2e  {o.unresolved} of {o.lines} lines unresolved"
               if o.total_kg_co2e is not None else clean(o.message))
            for o in outcomes
        ]  # fmt: skip
        text = "\n".join(rows) + "\n"
    _to_stdout(lambda out: out.write(text))
    failed = sum(o.status == "failed" for o in outcomes)
    _say(f"ghgcore: {len(outcomes) - failed} of {len(outcomes)} job(s) stored in {args.store}")
    return EXIT_UNRESOLVED if failed else EXIT_OK


def _plan(args: argparse.Namespace) -> int:
    import attrs

    from ghgcore.errors import OptionError
    from ghgcore.output import dumps_summary
    from ghgcore.plan import Plan
    from ghgcore.store import AccountStore

    if args.file is None:
        store, plan = _plan_of(args)
        if args.organisation not in store:
            store.accounts(args.organisation)  # raises, naming the organisations there are
        _to_stdout(lambda out: out.write(dumps_summary(plan.to_record())))
        return EXIT_OK
    _check_files(args, [])
    plan = Plan.from_file(args.file)
    if plan.organisation and plan.organisation != args.organisation:
        raise OptionError(
            f"{args.file}: the plan of {plan.organisation!r}, not of {args.organisation!r} (--organisation)"
        )
    store = AccountStore(args.store)
    # the factor changes ghgcore recalculate recorded are kept: the file does not hold them
    recorded = [e for e in store.plan(args.organisation).events if e.basis and e not in plan.events]
    if recorded:
        plan = attrs.evolve(plan, events=(*plan.events, *recorded))
    store.save_plan(args.organisation, plan, note=f"from {args.file}")
    _say(
        f"ghgcore: stored {args.organisation}'s plan: base year {plan.base_year or '(earliest stored)'}, "
        f"{len(plan.targets)} target(s), {len(plan.events)} event(s), {len(plan.commitments)} commitment(s), "
        f"{len(plan.spearheads)} spearhead project(s)"
    )
    if recorded:
        _say(
            f"ghgcore: kept {len(recorded)} event(s) that ghgcore recalculate recorded: "
            + "; ".join(f"{e.kind} of {e.year}" for e in recorded)
        )
    years = store.years(args.organisation)
    if plan.base_year is not None and years and plan.base_year not in years:
        _say(
            f"ghgcore: warning: no account for the base year {plan.base_year} yet "
            f"(stored: {', '.join(map(str, years))}); progress needs it"
        )
    return EXIT_OK


def _recalculate(args: argparse.Namespace) -> int:
    from ghgcore.errors import OptionError
    from ghgcore.progress import factor_change

    _check_files(args, [])
    if args.year is not None and not 1000 <= args.year <= 9999:
        raise OptionError(f"--year {args.year}: expected a year such as 2022")
    store, plan = _plan_of(args)
    with _plugins_print_to_stderr():
        event, recalculations, new_plan = factor_change(
            store, args.organisation, [*(Path(p) for p in args.factor_file), *_databases(args.factors)],
            plan=plan, year=args.year, description=args.description, instruments=args.instruments,
        )  # fmt: skip
    base = new_plan.base_year if new_plan.base_year is not None else store.years(args.organisation)[0]
    if event is None:
        _print(
            [
                f"base year {base} calculated again: the same figures as stored with the changes already "
                "recorded; nothing to record"
            ]
        )
        return EXIT_OK
    lines = [
        f"base year {base} calculated again: effect "
        + ", ".join(f"scope {k}: {v:+,.1f} kg CO2e" for k, v in event.effect.items())
        + f" (total {event.total:+,.1f} kg CO2e)",
        f"factor sets: {', '.join(event.factor_sets) or 'the same editions'}",
    ]
    lines += [r.reason for r in recalculations] or [
        "not significant yet: with the events recorded before, the cumulative effect stays below "
        f"{100 * plan.threshold:g} % of the base year; the base year stands"
    ]
    if args.dry_run:
        lines.append("dry run: nothing recorded")
    else:
        store.save_plan(args.organisation, new_plan, note="factors event from ghgcore recalculate")
        lines.append(f"recorded as a 'factors' event of {event.year} in the plan")
    _print(lines)
    return EXIT_OK


def _store_list(args: argparse.Namespace) -> int:
    from ghgcore.store import AccountStore

    store = AccountStore(args.store, create=False)
    if args.log:
        import json

        _print([json.dumps(entry, ensure_ascii=False, sort_keys=True) for entry in store.log()])
        return EXIT_OK
    rows = [("organisation", "years", "latest total (t CO2e)")]
    for name in store.organisations():
        years = store.years(name)
        latest = f"{store.load(name, years[-1]).total / 1000:,.1f}" if years else ""
        rows.append((_cell(name), ", ".join(map(str, years)), latest))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    _print([f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}" for r in rows])
    return EXIT_OK


def _ledger(args: argparse.Namespace) -> int:
    from ghgcore.errors import InputError
    from ghgcore.ledger import Ledger
    from ghgcore.output import atomic_writer, dumps_summary
    from ghgcore.readers import guess_reader, read
    from ghgcore.views import format_ledger, ledger_html, ledger_summary

    _check_files(args, [("--output", args.output)])
    lang = _language(args)
    ledger = read(args.file, guess_reader(args.file, among=("saft", "ledger")).name)
    if not isinstance(ledger, Ledger):
        raise InputError(f"{args.file}: expected a general ledger (SAF-T or ledger CSV)")
    if args.format == "json":
        text = dumps_summary(ledger_summary(ledger))
    elif args.format == "html":
        text = ledger_html(ledger, language=lang)
    else:
        text = format_ledger(ledger, language=lang)
    if args.output:
        with atomic_writer(args.output) as f:
            f.write(text)
    else:
        _to_stdout(lambda out: out.write(text))
    return EXIT_OK


def _factors_list(args: argparse.Namespace) -> int:
    from ghgcore.errors import DatabaseWarning
    from ghgcore.sources import statuses as database_statuses

    with warnings.catch_warnings(), _plugins_print_to_stderr():
        warnings.simplefilter("ignore", DatabaseWarning)  # shown in the table instead
        statuses = database_statuses(check=args.check)
    if not statuses:
        _print(
            [
                "No factor databases are installed (packages register them in the 'ghgcore.factors' entry-point group)."
            ]
        )
        return EXIT_OK
    header = ("name", "default", "version", "publisher", "licence", "distribution", "status")
    rows = [
        tuple(map(_cell, (
            s.name or "(unreadable)", "yes" if s.default else "", s.version, s.publisher, s.licence,
            f"{s.distribution} {s.distribution_version}",
            "ok" if s.ok else f"failed: {s.reason}",
        )))
        for s in statuses
    ]  # fmt: skip
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header) - 1)]
    _print(
        [
            "  ".join(f"{cell:<{w}}" for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
            for row in (header, *rows)
        ]
    )
    return EXIT_OK


def _factors_show(args: argparse.Namespace) -> int:
    from ghgcore.factors import format_years
    from ghgcore.sources import database, database_crosswalks, database_factors, database_metadata, lookup

    _check_files(args, [])
    if "://" in args.name:
        from ghgcore.errors import InputError

        raise InputError(f"{args.name}: factor files are local files, not URLs")
    lines: list[str] = []
    say = lines.append
    with _plugins_print_to_stderr():
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
        meta = database_metadata(db) if db is not None else None
        crosswalks = database_crosswalks(db) if db is not None and not args.activity else ()
    if meta is None:
        say(f"{factors.name} {factors.version} (file {args.name})")
    else:
        say(f"{meta.name} {meta.version}: {meta.description}")
        say(f"publisher: {meta.publisher}")
        say(f"licence:   {meta.licence}")
        say(f"url:       {meta.url}")
    say(f"sha256:    {factors.sha256}")
    if not args.activity:
        regions = sorted({r for r in factors.region if r})
        say(
            f"factors:   {len(factors)} for {len(factors.activities)} activities; gases {', '.join(factors.gases)}"
        )
        say(f"regions:   {', '.join(regions[:40]) or 'any'}{' ...' if len(regions) > 40 else ''}")
        shown = factors.activities[:60]
        say(f"activities: {', '.join(shown)}{' ...' if len(factors.activities) > 60 else ''}")
        for cw in crosswalks:
            say(f"crosswalk: {cw.name} ({len(cw)} codes and ranges)")
        _print(lines)
        return EXIT_OK

    if found.crosswalk:
        say(f"crosswalk {found.crosswalk}: {found.code} -> {found.activity}")
    when = found.year if found.year >= 0 else "(none)"
    say(f"line:      {found.activity!r}, region {found.region or '(none)'}, year {when}")
    searched = " -> ".join(r or "any region" for r in found.regions_searched)
    say(f"fallback:  {found.fallback.describe()}; regions searched: {searched}")
    for answer in found.answers:
        label = "market-based" if answer.market else "location-based / only"
        f = answer.factor
        if f is None:
            say(f"\n{label}: no factor. {answer.reason}")
            continue
        years = format_years(f.valid_from, f.valid_to) or "any"
        say(f"\n{label}: {f.id}  (match: {answer.match})")
        say(f"  per {f.unit}: " + ", ".join(f"{gas} {value:g} kg" for gas, value in f.gases.items()))
        say(f"  region {f.region or 'any'}, years {years}, scope {f.scope or '?'}"
            f"{', category ' + str(f.category) if f.category else ''}{', method ' + f.method if f.method else ''}")  # fmt: skip
        say(f"  source:  {f.source}")
        say(f"  licence: {f.licence or factors.licence_name or '(see the database)'}")
        if f.price_year:
            say(f"  prices of {f.price_year} ({f.currency})")
    _print(lines)
    return EXIT_OK if any(a.factor is not None for a in found.answers) else EXIT_INPUT


def _print(lines: Sequence[str]) -> None:
    """Lines to standard output, control characters escaped (plugins' metadata is untrusted)."""
    text = "".join(_clean(line) + "\n" for line in lines)
    _to_stdout(lambda out: out.write(text))


def _factor_file(path: str) -> Any:
    from ghgcore.factors import FactorSet

    return FactorSet.from_csv(path)


if __name__ == "__main__":
    sys.exit(main())
