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
from collections.abc import Iterable

import attrs

from ghgcore.errors import LineIssue, LockFileError, LockMismatchError
from ghgcore.factors import FactorSet
from ghgcore.output import atomic_writer

__all__ = ["LOCK_FORMAT", "Lock", "LockMismatchError", "LockedSet"]

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
        by_name = {fs.name: fs for fs in found}
        for locked in self.sets:
            fs = by_name.get(locked.name)
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

        Raises
        ------
        LockFileError
            If the file is missing, not JSON, or not a lock file.
        """
        path = os.fspath(path)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            raise LockFileError(f"{path}: no such lock file") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise LockFileError(f"{path}: not a JSON lock file ({e})") from None
        if isinstance(data, dict) and data.get("ghgcore_lock") == 1:
            raise LockFileError(
                f"{path}: a lock file of format 1, whose content hashes an older ghgcore computed another "
                "way; check the factor sets are the ones you locked and write the lock again (--write-lock)"
            )
        if not isinstance(data, dict) or data.get("ghgcore_lock") != LOCK_FORMAT:
            raise LockFileError(f'{path}: not a ghgcore lock file (expected "ghgcore_lock": {LOCK_FORMAT})')
        issues = []
        sets = []
        for i, item in enumerate(data.get("factor_sets", [])):
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) and item.get(k) for k in ("name", "version", "sha256")
            ):
                issues.append(
                    LineIssue(
                        i + 1, "factor_sets", json.dumps(item), "an object with name, version and sha256"
                    )
                )
                continue
            sets.append(LockedSet(item["name"], item["version"], item["sha256"]))
        if issues:
            raise LockFileError(f"{path}: invalid lock entries (numbered from 1)", tuple(issues))
        return cls(tuple(sets))
