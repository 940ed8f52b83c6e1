"""Reading CSV files: the small reference-data files (factors, crosswalks), and tables as text.

What every CSV format of ghgcore shares lives here:

- :func:`column_key`: how a header cell names a column (surrounding white
  space and byte order marks dropped, case ignored);
- :func:`check_header`: a header that names a column twice (``amount`` and
  ``Amount``, `` amount`` and ``amount``) is refused, naming the cells, so
  that one column never silently replaces another;
- :func:`csv_records`: the records of a file with their physical line
  numbers, blank lines and ``#`` comment lines skipped where a record may
  start, values quoted across lines kept whole, a quote never closed named;
- :func:`overlong_issue`: a row with more cells than the header: empty
  trailing cells (a comma at the end of every line) are ignored, others
  named with the row's line.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Collection, Iterator, Sequence
from importlib import resources
from typing import Any

from ghgcore.errors import DataError, LineIssue

__all__ = [
    "check_header",
    "column_key",
    "csv_records",
    "finite_number",
    "four_digit_year",
    "overlong_expected",
    "overlong_issue",
    "package_csv",
    "read_package_csv",
    "read_reference_csv",
    "read_reference_table",
    "read_text",
    "read_text_frame",
]


def column_key(cell: str) -> str:
    r"""The column a header cell names: without surrounding white space or byte order marks, lower-cased.

    >>> column_key("\ufeff Amount ")
    'amount'
    """
    return cell.replace("\ufeff", "").strip().lower()


def check_header(
    cells: Sequence[str],
    path: str,
    line: int | None,
    error: type[Exception],
    *,
    what: str = "the header",
    only: Collection[str] | None = None,
) -> list[str]:
    """The column of each header cell (:func:`column_key`); a column named twice is an error.

    Blank cells name no column and may repeat; so may columns not in
    `only`, when it is given (the activities format keeps other columns as
    tags, ``Note`` apart from ``note``).

    Parameters
    ----------
    cells : sequence of str
        The header's cells as written (or a table's column names).
    path : str
        The file (or table), for the message.
    line : int or None
        The header's line in the file, for the message.
    error : type of Exception
        Raised.
    what : str
        What `cells` are, for the message.
    only : collection of str, optional
        The columns that may be named once only (default: all).

    Raises
    ------
    error
        Naming every column named more than once, with the cells (as
        written) and their positions.
    """
    keys = [column_key(c) for c in cells]
    where: dict[str, list[int]] = {}
    for j, key in enumerate(keys):
        if key and (only is None or key in only):
            where.setdefault(key, []).append(j)
    repeated = [(key, at) for key, at in where.items() if len(at) > 1]
    if repeated:
        named = "; ".join(
            f"{key!r} in " + " and ".join(f"column {j + 1} ({cells[j]!r})" for j in at)
            for key, at in repeated
        )
        at_line = f"line {line}: " if line is not None else ""
        raise error(
            f"{path}: {at_line}a column is named more than once in {what}: {named}; "
            "expected each column once (names are matched without regard to case or surrounding spaces)"
        )
    return keys


#: a number as the CSV formats write one: '.' as decimal point, an optional exponent, ASCII digits
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: a year as the CSV formats write one
_YEAR = re.compile(r"[0-9]{4}")


def finite_number(text: str) -> float | None:
    """The number a cell holds (stripped; ``.`` as decimal point), if it is one and finite; else ``None``.

    Nothing else Python's :func:`float` reads is taken: not ``1_000``,
    ``١٢``, ``nan``, ``inf`` or ``1e400``.

    >>> finite_number(" 2.5e3 "), finite_number("1,5"), finite_number("1e400")
    (2500.0, None, None)
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def four_digit_year(text: str) -> int | None:
    """The year a cell holds, written with four ASCII digits; else ``None``.

    >>> four_digit_year(" 2019 "), four_digit_year("19"), four_digit_year("²⁰¹⁹")
    (2019, None, None)
    """
    text = text.strip()
    return int(text) if _YEAR.fullmatch(text) else None


def overlong_issue(line: int, cells: Sequence[str], width: int) -> LineIssue | None:
    """The problem of a row with more cells than the header's `width`; ``None`` if the extra ones are empty."""
    extra = cells[width:]
    if not any(c.strip() for c in extra):
        return None
    return LineIssue(line, "(row)", ",".join(extra), overlong_expected(width))


def overlong_expected(width: int) -> str:
    """What a row longer than the header was expected to be."""
    return f"{width} cells as in the header (any cells after them empty)"


class _Feed:
    """The physical lines of a text, handed to :func:`csv.reader` one at a time.

    Where a record starts, blank lines (and with `comments`, lines starting
    with ``#``) are skipped; inside a record (a quoted value across lines)
    every line is the record's. Counts lines, so that each record's first
    physical line is known, and notes a quote left open at the end.
    """

    def __init__(self, text: str, *, comments: bool) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self._comments = comments
        self.line = 0  # the last physical line handed out (or skipped)
        self.start = 0  # the first line of the record being read
        self.at_start = True
        self.unclosed = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        for raw in self._lines:
            self.line += 1
            if self.at_start:
                if not raw.strip() or (self._comments and raw.startswith("#")):
                    continue
                self.at_start = False
                self.start = self.line
            return raw
        if not self.at_start:  # asked for more of a record: a quoted value runs to the end
            self.unclosed = True
        raise StopIteration


def csv_records(
    text: str, path: str, error: type[Exception], *, comments: bool = True
) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text, with the physical line it starts on (the first line is 1).

    Blank lines, and with `comments` lines starting with ``#``, are skipped
    between records; a quoted value may run over several lines. Lines end
    with LF, CRLF or a lone CR (and nothing else: not with the other
    characters :meth:`str.splitlines` takes for line ends).

    Raises
    ------
    error
        If a quoted value is never closed, or a record is not CSV (a value
        longer than the csv module takes), naming the line.
    """
    feed = _Feed(text, comments=comments)
    reader = csv.reader(feed)
    while True:
        feed.at_start = True
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise error(f"{path}: line {feed.start}: not a valid CSV row ({e})") from None
        if feed.unclosed:
            raise error(
                f"{path}: line {feed.start}: a quoted value on this line is never closed; "
                "expected a closing '\"' before the end of the file"
            )
        yield feed.start, cells


def read_text(path: str, error: type[Exception]) -> str:
    """A UTF-8 file's text, without a byte order mark.

    Raises
    ------
    error
        If the file is missing, unreadable or not UTF-8.
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise error(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None


def read_reference_csv(
    path: str | os.PathLike[str], required: tuple[str, ...], error: type[DataError]
) -> tuple[list[int], list[dict[str, str]]]:
    """Read a UTF-8 CSV with a header row; blank lines and lines starting with ``#`` are skipped.

    :func:`read_reference_table` without the header.

    Returns
    -------
    lines, rows
        Each row's line number in the file (the physical line it starts
        on), and the rows as dicts keyed by lower-cased column name.
    """
    _, lines, rows = read_reference_table(path, required, error)
    return lines, rows


def read_reference_table(
    path: str | os.PathLike[str], required: tuple[str, ...], error: type[DataError]
) -> tuple[list[str], list[int], list[dict[str, str]]]:
    """Read a UTF-8 CSV with a header row; blank lines and lines starting with ``#`` are skipped.

    Column names are matched without regard to case, surrounding spaces or
    a byte order mark; each row has every named column of the header (a
    short row's missing cells are ``""``). A header cell that is blank names
    no column. Empty cells after the header's (a comma at the end of each
    line) are ignored.

    Returns
    -------
    columns, lines, rows
        The header's columns (lower-cased; blank for a blank cell), each
        row's line number in the file (the physical line it starts on), and
        the rows as dicts keyed by column.

    Raises
    ------
    error
        If the file is missing, not UTF-8, empty, lacks a required column,
        names a column twice, has a quoted value never closed, or has rows
        with more (non-empty) cells than the header (listing every such row).
    """
    path = os.fspath(path)
    records = csv_records(read_text(path, error), path, error)
    first = next(records, None)
    if first is None:
        raise error(f"{path}: the file is empty; expected a header row with {', '.join(required)}")
    header_line, cells = first
    header = check_header(cells, path, header_line, error)
    missing = [c for c in required if c not in header]
    if missing:
        raise error(
            f"{path}: line {header_line}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; expected columns {', '.join(required)}"
        )
    named = [(j, key) for j, key in enumerate(header) if key]
    width = len(header)
    lines: list[int] = []
    rows: list[dict[str, str]] = []
    issues: list[LineIssue] = []
    for number, row in records:
        if len(row) > width and (issue := overlong_issue(number, row, width)) is not None:
            issues.append(issue)
            continue
        rows.append({key: row[j] if j < len(row) else "" for j, key in named})
        lines.append(number)
    if issues:
        raise error(f"{path}: rows longer than the header", tuple(issues))
    return header, lines, rows


def read_text_frame(
    path: str | os.PathLike[str],
    required: tuple[str, ...],
    error: type[Exception],
    *,
    encoding: str = "utf-8",
) -> Any:
    """Read a CSV into a pandas DataFrame of strings (empty cells as ``""``), nothing guessed.

    Raises
    ------
    error
        If the file is missing, not in `encoding`, empty, or not CSV.
    """
    import pandas as pd

    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding=encoding, skipinitialspace=True
        )
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise error(f"{path}: not {encoding} text ({e.reason} at byte {e.start})") from None
    except pd.errors.EmptyDataError:
        raise error(f"{path}: the file is empty; expected a header row with {', '.join(required)}") from None
    except pd.errors.ParserError as e:
        raise error(f"{path}: not a valid CSV file: {e}") from None


def package_csv(package: str, name: str) -> tuple[list[int], list[dict[str, str]]]:
    """Read a CSV file shipped inside a package; blank lines and lines starting with ``#`` are skipped.

    For factor-database plugins reading their data files (and ghgcore its own).

    Parameters
    ----------
    package : str
        The package that ships the file (in a plugin: ``__package__``).
    name : str
        The file's path inside the package, such as ``"data/factors.csv"``.

    Returns
    -------
    lines, rows
        Each row's line number in the file (for messages), and the rows as dicts.
    """
    text = resources.files(package).joinpath(name).read_text("utf-8")
    numbered = [
        (i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(line for _, line in numbered))
    return [number for number, _ in numbered[1:]], rows


def read_package_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV shipped in ``ghgcore/data`` (lines starting with ``#`` are comments)."""
    return package_csv("ghgcore", f"data/{name}")[1]
