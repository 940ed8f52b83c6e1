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
ones and are asked after them. A plugin reader is untrusted code: one that
fails to import (or raises anything, ``sys.exit`` included, but the user's
Ctrl-C) is left out with a warning and is an
:class:`~ghgcore.errors.InputError` naming it when asked for by name; one
that raises in :meth:`Reader.guess_can_open` is left out from then on with
a warning; one that raises in :meth:`Reader.read`, or returns anything but
an activity table, a ledger, a factor set or an account mapping, is an
:class:`~ghgcore.errors.InputError` naming it and the file. It never breaks
the others.

Inputs are local regular files: a reader is given a path, never a URL, and
nothing is decompressed on the way; a folder, a FIFO (which could be read
only once) or a device is refused.

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
import re
import stat
import sys
import warnings
from typing import TYPE_CHECKING

from ghgcore.errors import GhgcoreWarning, InputError
from ghgcore.output import is_interrupt
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
    from importlib.metadata import EntryPoint, distributions
else:
    from importlib_metadata import EntryPoint, distributions

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
_plugins: dict[str, str] = {}  # the readers packages register: name -> entry point target


def _describe(error: BaseException) -> str:
    """One line about an exception a plugin raised, whatever its ``__str__`` does."""
    if isinstance(error, SystemExit):
        return f"SystemExit: called sys.exit({error.code!r})" if error.code is not None else "SystemExit"
    try:
        text = str(error)
    except Exception:
        text = "(a message that cannot be shown)"
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return line if len(line) <= 300 else line[:297] + "..."


def _entry_points() -> tuple[list[EntryPoint], list[str]]:
    """The reader entry points, each distribution read on its own (one unreadable breaks no other)."""
    found: list[EntryPoint] = []
    problems: list[str] = []
    seen: set[str] = set()
    try:
        dists = list(distributions())
    except Exception as e:
        return [], [f"the installed distributions cannot be listed: {_describe(e)}"]
    for dist in dists:
        try:
            name = str(dist.name or "")
        except Exception:
            name = ""
        key = re.sub(r"[-_.]+", "-", name).lower() if name else f"#{id(dist)}"
        if key in seen:
            continue  # the first of a name on the path wins, as with importlib.metadata.entry_points
        seen.add(key)
        try:
            found.extend(dist.entry_points.select(group=ENTRY_POINT_GROUP))
        except Exception as e:
            try:
                text = dist.read_text("entry_points.txt") or ""
            except Exception:
                text = ""
            if f"[{ENTRY_POINT_GROUP}]" in text:
                problems.append(
                    f"input readers of distribution {name or '(unknown)'}: its entry points cannot be read "
                    f"({_describe(e)}); they are left out"
                )
    return found, problems


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
        _plugins.clear()
        eps, problems = _entry_points()
        for ep in eps:
            if ep.name in found or ep.name in _broken:
                continue  # a built-in format cannot be replaced; the first registration wins
            try:
                instance = ep.load()()
            except BaseException as e:
                if is_interrupt(e):
                    raise
                _broken[ep.name] = f"input reader {ep.name!r} ({ep.value}) failed to load: {_describe(e)}"
            else:
                if isinstance(instance, Reader):
                    found[ep.name] = instance
                    _plugins[ep.name] = ep.value
                else:
                    _broken[ep.name] = (
                        f"input reader {ep.name!r} ({ep.value}) is not a ghgcore.readers.Reader"
                    )
        for reason in [*_broken.values(), *problems]:
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


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), which could be read only once"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _head(path: str, size: int) -> bytes:
    """The first `size` bytes of a regular file; anything else refused, and a FIFO never waited on."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: a folder, expected a file") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: a folder, expected a file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: {_kind(mode)}, expected a file")
        chunks: list[bytes] = []
        while size > 0:
            chunk = os.read(fd, size)
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise OSError(e.errno, e.strerror, path) from None
    finally:
        os.close(fd)


def _plugin_name(candidate: Reader) -> str:
    """The format name of a reader a package registered (``""`` for a built-in one)."""
    return next((name for name in _plugins if (_cache or {}).get(name) is candidate), "")


def _can_open(name: str, candidate: Reader, path: str, head: bytes) -> bool:
    if name not in _plugins:
        return candidate.guess_can_open(path, head)
    try:
        return bool(candidate.guess_can_open(path, head))
    except BaseException as e:
        if is_interrupt(e):
            raise
        reason = (
            f"input reader {name!r} ({_plugins[name]}) failed in guess_can_open: {_describe(e)}; left out"
        )
        _broken[name] = reason
        _plugins.pop(name)
        if _cache is not None:
            _cache.pop(name, None)
        warnings.warn(reason, GhgcoreWarning, stacklevel=3)
        return False


def guess_reader(path: str | os.PathLike[str], among: tuple[str, ...] | None = None) -> Reader:
    """The first reader that says it can open the file (of the formats `among`, default all).

    Raises
    ------
    InputError
        If the file cannot be opened, or no reader recognises it.
    """
    text = _local_path(path)
    head = _head(text, HEAD_BYTES)
    for name, candidate in list(readers().items()):
        if (among is None or name in among) and _can_open(name, candidate, text, head):
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
    if format == "auto":
        chosen = guess_reader(text)
    else:
        chosen = reader(format)
        _head(text, 0)  # a regular file (a FIFO would be waited on, or read only once)
    name = _plugin_name(chosen)
    if not name:
        return chosen.read(text, options or ReadOptions())
    return _checked(name, text, chosen, options or ReadOptions())


def _checked(
    name: str, path: str, chosen: Reader, options: ReadOptions
) -> ActivityTable | Ledger | FactorSet | AccountMapping:
    """What a plugin reader reads, guarded: anything it raises or returns wrongly is an InputError."""
    from ghgcore.activities import ActivityTable
    from ghgcore.factors import FactorSet
    from ghgcore.ledger import Ledger
    from ghgcore.spend import AccountMapping

    label = f"input reader {name!r} ({_plugins.get(name, '?')})"
    try:
        got = chosen.read(path, options)
    except BaseException as e:
        if is_interrupt(e):
            raise
        raise InputError(f"{path}: {label} failed: {_describe(e)}") from e
    if not isinstance(got, ActivityTable | Ledger | FactorSet | AccountMapping):
        raise InputError(
            f"{path}: {label} returned {type(got).__name__}, expected an ActivityTable, a Ledger, "
            "a FactorSet or an AccountMapping"
        )
    return got
