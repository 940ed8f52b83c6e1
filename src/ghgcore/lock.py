"""Lock files: record the factor sets a report used, and check them later.

``ghgcore.lock`` is JSON::

    {
      "ghgcore_lock": 1,
      "factor_sets": [
        {"name": "nordic-grid", "version": "2024.1", "sha256": "..."}
      ]
    }

Checking a lock against the factor sets of a new calculation fails, naming
every set whose version or content differs, so that a report can be
reproduced a year later, or the difference explained.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from typing import Any

import attrs

from ghgcore.errors import LineIssue, LockFileError, LockMismatchError
from ghgcore.factors import FactorSet
from ghgcore.output import atomic_writer

__all__ = ["LOCK_FORMAT", "MAX_LOCK_BYTES", "Lock", "LockMismatchError", "LockedSet"]

#: Version 2: factor-set content hashes are SHA-256 over the set's columns
#: (ghgcore 0.2); version 1 files hold hashes of the older row-by-row form.
LOCK_FORMAT = 2


@attrs.frozen
class LockedSet:
    """One factor set as a lock file records it."""

    name: str
    version: str
    sha256: str


@attrs.frozen
class Lock:
    """The factor sets (name, version, content hash) a calculation used.

    Examples
    --------
    >>> from ghgcore import EmissionFactor, FactorSet
    >>> fs = FactorSet.from_factors([EmissionFactor("x", "kg", {"CO2": 1}, source="s")], name="mine", version="1")
    >>> lock = Lock.of([fs])
    >>> lock.check([fs])
    >>> [s.name for s in lock.sets]
    ['mine']
    """

    sets: tuple[LockedSet, ...]

    @classmethod
    def of(cls, factor_sets: Iterable[FactorSet]) -> Lock:
        """The lock of some factor sets."""
        return cls(tuple(LockedSet(fs.name, fs.version, fs.sha256) for fs in factor_sets))

    def pins(self) -> dict[str, str]:
        """Name -> version, to load databases at the locked versions."""
        return {s.name: s.version for s in self.sets}

    def check(self, factor_sets: Iterable[FactorSet]) -> None:
        """Fail unless the factor sets are exactly those locked, in the same order.

        Raises
        ------
        LockMismatchError
            Naming every set that is missing, extra, of another version, or
            of other content under the same version.
        """
        found = list(factor_sets)
        problems = []
        locked_names = [s.name for s in self.sets]
        found_names = [fs.name for fs in found]
        pairs: list[tuple[LockedSet, FactorSet | None]]
        if found_names == locked_names:  # set by set: two files may give sets of the same name
            pairs = list(zip(self.sets, found, strict=True))
        else:
            by_name = {fs.name: fs for fs in reversed(found)}  # the first of a name
            pairs = [(locked, by_name.get(locked.name)) for locked in self.sets]
        for locked, fs in pairs:
            if fs is None:
                problems.append(f"{locked.name!r} {locked.version} is locked but not used")
            elif fs.version != locked.version:
                problems.append(f"{locked.name!r} is version {fs.version}, locked at {locked.version}")
            elif fs.sha256 != locked.sha256:
                problems.append(
                    f"{locked.name!r} {fs.version} has other content than locked "
                    f"(sha256 {fs.sha256[:12]}, locked {locked.sha256[:12]})"
                )
        for name in found_names:
            if name not in locked_names:
                problems.append(f"{name!r} is used but not locked")
        if not problems and found_names != locked_names:
            problems.append(f"the sets are searched in another order: {found_names}, locked {locked_names}")
        if problems:
            raise LockMismatchError("the factor sets differ from the lock file: " + "; ".join(problems))

    def dumps(self) -> str:
        """The lock file's JSON text."""
        data = {"ghgcore_lock": LOCK_FORMAT, "factor_sets": [attrs.asdict(s) for s in self.sets]}
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the lock file, whole or not at all."""
        with atomic_writer(path) as f:
            f.write(self.dumps())

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Lock:
        """Read a lock file.

        The file is untrusted input: anything but a lock file of this
        format (not JSON, ``NaN``, a key twice, nesting, wrong types,
        missing or unknown keys, more than :data:`MAX_LOCK_BYTES`, a FIFO or
        a device) is refused, naming the file and what was expected.

        Raises
        ------
        LockFileError
            If the file is missing, cannot be read, is not JSON, or not a
            lock file.
        """
        path = os.fspath(path)
        if "://" in path:
            raise LockFileError(f"{path}: lock files are local files, not URLs")
        data = _parse(path, _read_text(path))
        if not isinstance(data, dict):
            raise LockFileError(f"{path}: {_EXPECTED}; got {_json_type(data)}")
        form = data.get("ghgcore_lock")
        if type(form) is int and form == 1:
            raise LockFileError(
                f"{path}: a lock file of format 1, whose content hashes an older ghgcore computed another "
                "way; check the factor sets are the ones you locked and write the lock again (--write-lock)"
            )
        if type(form) is not int or form != LOCK_FORMAT:
            got = 'no "ghgcore_lock"' if "ghgcore_lock" not in data else f'"ghgcore_lock": {_json(form)}'
            raise LockFileError(
                f"{path}: not a ghgcore lock file of format {LOCK_FORMAT} ({_EXPECTED}; got {got})"
            )
        unknown = sorted(set(data) - {"ghgcore_lock", "factor_sets"})
        if unknown:
            raise LockFileError(f"{path}: unknown key{'s' if len(unknown) > 1 else ''} "
                                f"{', '.join(repr(_shown(k)) for k in unknown)} ({_EXPECTED})")  # fmt: skip
        if "factor_sets" not in data:
            raise LockFileError(f'{path}: no "factor_sets" ({_EXPECTED})')
        items = data["factor_sets"]
        if not isinstance(items, list):
            raise LockFileError(f'{path}: "factor_sets" is {_json_type(items)}, expected a list of {_ENTRY}')
        issues = []
        sets = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                issues.append(LineIssue(i + 1, "factor_sets", _shown(item), _ENTRY))
                continue
            bad = False
            for key in sorted(set(item) - set(_FIELDS)):
                issues.append(LineIssue(i + 1, key, _shown(item[key]), f"only {', '.join(_FIELDS)}"))
                bad = True
            for key in _FIELDS:
                value = item.get(key)
                if not isinstance(value, str) or not value.strip():
                    issues.append(LineIssue(i + 1, key, _shown(value) if key in item else "", _WANTED[key]))
                    bad = True
                elif key == "sha256" and not _SHA256.fullmatch(value):
                    issues.append(LineIssue(i + 1, key, _shown(value), _WANTED[key]))
                    bad = True
            if not bad:
                sets.append(LockedSet(item["name"], item["version"], item["sha256"]))
        if issues:
            raise LockFileError(f'{path}: invalid entries in "factor_sets" (numbered from 1)', tuple(issues))
        return cls(tuple(sets))


#: The largest lock file read (a lock lists a few factor sets: a few hundred bytes).
MAX_LOCK_BYTES = 4 << 20
_FIELDS = ("name", "version", "sha256")
_ENTRY = "objects with name, version and sha256"
_EXPECTED = f'expected a JSON object with "ghgcore_lock": {LOCK_FORMAT} and "factor_sets": a list of {_ENTRY}'
_WANTED = {
    "name": "the factor set's name (text)",
    "version": "the factor set's version (text)",
    "sha256": "the factor set's SHA-256 (64 hexadecimal digits)",
}
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _read_text(path: str) -> str:
    """The text of a lock file: a regular file of at most MAX_LOCK_BYTES bytes, UTF-8 (a BOM is allowed)."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO must not wait for a writer
    except FileNotFoundError:
        raise LockFileError(f"{path}: no such lock file") from None
    except OSError as e:
        raise LockFileError(f"{path}: cannot read the lock file ({e.strerror or e})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, device or socket)"
            raise LockFileError(f"{path}: {kind}, expected a lock file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_LOCK_BYTES + 1)
    except OSError as e:
        raise LockFileError(f"{path}: cannot read the lock file ({e.strerror or e})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_LOCK_BYTES:
        raise LockFileError(f"{path}: larger than {MAX_LOCK_BYTES >> 20} MiB, not a lock file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LockFileError(
            f"{path}: not a JSON lock file (not UTF-8 text: {e.reason} at byte {e.start})"
        ) from None


class _Duplicate(ValueError):
    pass


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _Duplicate(f"the key {_shown(key)!r} twice in one object")
        data[key] = value
    return data


def _parse(path: str, text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        raise LockFileError(
            f"{path}: not a JSON lock file ({e.msg} at line {e.lineno}, column {e.colno})"
        ) from None
    except RecursionError:
        raise LockFileError(f"{path}: not a lock file (nested too deeply; {_EXPECTED})") from None
    except ValueError as e:  # NaN, Infinity, a key twice, a number of thousands of digits
        raise LockFileError(f"{path}: not a JSON lock file ({e})") from None


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {_json(value)}"
    return "null" if value is None else _json(value)


def _shown(value: Any) -> str:
    """A value for a message: text as it is, anything else as JSON; cut to a readable length."""
    return _cut(value) if isinstance(value, str) else _json(value)


def _json(value: Any) -> str:
    try:
        return _cut(json.dumps(value, ensure_ascii=True, sort_keys=True))
    except (TypeError, ValueError, RecursionError):
        return f"({type(value).__name__})"


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
