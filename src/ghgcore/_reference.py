"""Reading CSV files: the small reference-data files (factors, crosswalks), and tables as text."""

from __future__ import annotations

import csv
import os
from importlib import resources
from typing import Any

from ghgcore.errors import DataError, LineIssue


def read_reference_csv(
    path: str | os.PathLike[str], required: tuple[str, ...], error: type[DataError]
) -> tuple[list[int], list[dict[str, str]]]:
    """Read a UTF-8 CSV with a header row; blank lines and lines starting with ``#`` are skipped.

    Column names are stripped and lower-cased.

    Returns
    -------
    lines, rows
        Each row's line number in the file, and the rows as dicts.

    Raises
    ------
    error
        If the file is missing, not UTF-8, empty, lacks a required column,
        or has a row with more cells than the header (listing every such row).
    """
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise error(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    numbered = [
        (i + 1, line)
        for i, line in enumerate(text.splitlines(keepends=True))
        if line.strip() and not line.startswith("#")
    ]
    if not numbered:
        raise error(f"{path}: the file is empty; expected a header row with {', '.join(required)}")
    header = [h.strip().lower() for h in next(csv.reader([numbered[0][1]]))]
    missing = [c for c in required if c not in header]
    if missing:
        raise error(
            f"{path}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; expected columns {', '.join(required)}"
        )
    lines: list[int] = []
    rows: list[dict[str, str]] = []
    issues: list[LineIssue] = []
    for number, line in numbered[1:]:
        cells = next(csv.reader([line]))
        if len(cells) > len(header):
            issues.append(LineIssue(number, "(row)", line.strip(), f"{len(header)} cells as in the header"))
            continue
        rows.append(dict(zip(header, cells, strict=False)))
        lines.append(number)
    if issues:
        raise error(f"{path}: rows longer than the header", tuple(issues))
    return lines, rows


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
