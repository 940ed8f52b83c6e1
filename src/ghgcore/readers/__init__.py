r"""Readers: input files to activity tables or general ledgers, and format detection.

Each reader says whether it can open a file (:meth:`Reader.guess_can_open`,
from the file's name and its first bytes) and reads it. Format detection
lives here only: :func:`guess_reader` asks the readers in order and the
first that says yes reads the file. The built-in readers are

- ``factors``: the factors CSV format (``gas``, ``value``, ``value_unit``
  columns): your own factors, such as a district-heating supplier's
  figure, given among the inputs and searched before the databases;
- ``mapping``: the account mapping CSV format (``account`` and
  ``category`` or ``exclude``): your mapping of ledger accounts to
  purchase categories, given among the inputs and layered before the
  database's;
- ``activities``: the activities CSV format (an ``activity`` column);
- ``saft``: Norwegian SAF-T Financial XML (streaming, hardened);
- ``ledger``: a general-ledger CSV (``account``, ``amount``, ``date``).

Packages add readers by registering a :class:`Reader` subclass in the
``ghgcore.readers`` entry-point group; the entry point's name is the format
name (``--input-format NAME``). They sit in the same table as the built-in
ones and are asked after them. A reader that fails to import is left out
with a warning and is an :class:`~ghgcore.errors.InputError` naming it when
asked for by name; it never breaks the others.

Inputs are local files: a reader is given a path, never a URL, and nothing
is decompressed on the way.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "lines.csv").write_text("activity,amount,unit\ndiesel,100,L\n", encoding="utf-8")
34
>>> guess_reader(folder / "lines.csv").name
'activities'
>>> read(folder / "lines.csv")
<ActivityTable 1 lines from ...lines.csv: 1 activities, 1 units, 0 problems>
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import TYPE_CHECKING

from ghgcore.errors import GhgcoreWarning, InputError
from ghgcore.readers._base import HEAD_BYTES, Reader, ReadOptions, csv_header
from ghgcore.readers.activities import ActivitiesReader
from ghgcore.readers.factors import FactorsReader
from ghgcore.readers.ledger import LedgerCsvReader, SaftReader
from ghgcore.readers.mapping import MappingReader

if TYPE_CHECKING:
    from ghgcore.activities import ActivityTable
    from ghgcore.factors import FactorSet
    from ghgcore.ledger import Ledger
    from ghgcore.spend import AccountMapping

if sys.version_info >= (3, 12):
    from importlib.metadata import entry_points
else:
    from importlib_metadata import entry_points

__all__ = [
    "ENTRY_POINT_GROUP",
    "HEAD_BYTES",
    "ReadOptions",
    "Reader",
    "csv_header",
    "guess_reader",
    "read",
    "reader",
    "readers",
    "refresh",
]

ENTRY_POINT_GROUP = "ghgcore.readers"


_cache: dict[str, Reader] | None = None
_broken: dict[str, str] = {}


def readers() -> dict[str, Reader]:
    """Every working reader by format name: the built-in ones, then those packages register.

    A registered reader that fails to load is left out with a
    :class:`~ghgcore.errors.GhgcoreWarning`; asking for it by name
    (:func:`reader`) raises the reason.
    """
    global _cache
    if _cache is None:
        built_in = (FactorsReader(), MappingReader(), ActivitiesReader(), SaftReader(), LedgerCsvReader())
        found: dict[str, Reader] = {r.name: r for r in built_in}
        _broken.clear()
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in found:
                continue  # a built-in format cannot be replaced
            try:
                instance = ep.load()()
            except (Exception, SystemExit) as e:
                _broken[ep.name] = (
                    f"input reader {ep.name!r} ({ep.value}) failed to load: {type(e).__name__}: {e}"
                )
            else:
                if isinstance(instance, Reader):
                    found[ep.name] = instance
                else:
                    _broken[ep.name] = (
                        f"input reader {ep.name!r} ({ep.value}) is not a ghgcore.readers.Reader"
                    )
        for reason in _broken.values():
            warnings.warn(reason, GhgcoreWarning, stacklevel=2)
        _cache = found
    return _cache


def reader(name: str) -> Reader:
    """The reader of a format by name.

    Raises
    ------
    InputError
        If no reader has that name, or the one that has it failed to load.
    """
    known = readers()
    if name in _broken:
        raise InputError(_broken[name])
    if name not in known:
        raise InputError(f"unknown input format {name!r}: expected one of {', '.join(known)}")
    return known[name]


def refresh() -> None:
    """Forget the readers found (after installing a package, say)."""
    global _cache
    _cache = None


def _local_path(path: str | os.PathLike[str]) -> str:
    text = os.fspath(path)
    if "://" in text:
        raise InputError(f"{text}: inputs are local files, not URLs")
    return text


def guess_reader(path: str | os.PathLike[str], among: tuple[str, ...] | None = None) -> Reader:
    """The first reader that says it can open the file (of the formats `among`, default all).

    Raises
    ------
    InputError
        If the file cannot be opened, or no reader recognises it.
    """
    text = _local_path(path)
    try:
        with open(text, "rb") as f:
            head = f.read(HEAD_BYTES)
    except FileNotFoundError:
        raise InputError(f"{text}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{text}: a folder, expected a file") from None
    for name, candidate in readers().items():
        if (among is None or name in among) and candidate.guess_can_open(text, head):
            return candidate
    raise InputError(
        f"{text}: neither an activities CSV (activity, amount, unit, ...) nor a factors CSV "
        "(activity, unit, gas, value, value_unit, ...) nor an account mapping CSV (account, category, ...) "
        "nor a ledger CSV "
        "(account, amount, date, ...) nor a SAF-T file (.xml); say which with the input format "
        f"({', '.join(among or readers())})"
    )


def read(
    path: str | os.PathLike[str], format: str = "auto", options: ReadOptions | None = None
) -> ActivityTable | Ledger | FactorSet | AccountMapping:
    """Read an input file with the reader of `format` (``"auto"``: detected).

    Raises
    ------
    InputError
        If the file cannot be read at all (bad lines are kept with their problems).
    """
    text = _local_path(path)
    chosen = guess_reader(text) if format == "auto" else reader(format)
    return chosen.read(text, options or ReadOptions())
