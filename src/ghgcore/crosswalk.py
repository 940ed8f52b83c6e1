"""Crosswalks: from outside classifications to activity keys.

A crosswalk maps the codes of another classification (ledger account
numbers, NACE codes, a supplier's product codes) to the activity keys of a
factor set. A factor database can ship crosswalks; users can bring their own
as a two-column CSV, which then comes first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ghgcore._reference import read_reference_csv
from ghgcore.errors import CrosswalkError, LineIssue

__all__ = ["Crosswalk"]

#: a numeric range: ASCII digits, few enough for an exact integer (a longer "range" is a code)
_RANGE = re.compile(r"([0-9]{1,18})\s*(?:-|–|\.\.)\s*([0-9]{1,18})")
_NUMBER = re.compile(r"[0-9]{1,18}")


@attrs.frozen(eq=False)
class Crosswalk:
    """A mapping from codes of an outside classification to activity keys.

    A code is looked up exactly, then in the narrowest numeric range that
    contains it, then (with `prefix`) by ever shorter prefixes: with
    ``prefix=True``, account ``6551`` falls back to ``655``, ``65`` and ``6``.

    Parameters
    ----------
    name : str
        Shown in results and messages.
    codes : Mapping[str, str]
        Exact code -> activity key.
    ranges : sequence of tuple
        Inclusive numeric ranges -> activity key, as ``(low, high, key)``.
    prefix : bool, default False
        Whether shorter prefixes of a code are tried.
    source : str
        Where the mapping comes from.

    Examples
    --------
    >>> cw = Crosswalk.from_records(
    ...     [{"code": "6551", "activity": "it_equipment"},
    ...      {"code": "6500-6599", "activity": "office_supplies"},
    ...      {"code": "71", "activity": "travel"}], name="accounts", prefix=True)
    >>> cw.lookup("6551"), cw.lookup("6540"), cw.lookup("7140"), cw.lookup("5000")
    ('it_equipment', 'office_supplies', 'travel', None)
    """

    name: str
    codes: Mapping[str, str]
    ranges: tuple[tuple[int, int, str], ...] = ()
    prefix: bool = False
    source: str = ""

    def __len__(self) -> int:
        return len(self.codes) + len(self.ranges)

    def __repr__(self) -> str:
        return f"<Crosswalk {self.name!r}: {len(self.codes)} codes, {len(self.ranges)} ranges, prefix={self.prefix}>"

    def lookup(self, code: str) -> str | None:
        """The activity key for a code, or ``None``."""
        code = code.strip()
        found = self.codes.get(code)
        if found is not None:
            return found
        if _NUMBER.fullmatch(code):
            number = int(code)
            for low, high, key in self.ranges:  # narrowest first
                if low <= number <= high:
                    return key
        if self.prefix:
            for end in range(len(code) - 1, 0, -1):
                found = self.codes.get(code[:end])
                if found is not None:
                    return found
        return None

    @property
    def keys(self) -> set[str]:
        """Every activity key the crosswalk maps to."""
        return set(self.codes.values()) | {key for _, _, key in self.ranges}

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        name: str,
        prefix: bool = False,
        source: str = "",
        lines: Sequence[int] | None = None,
    ) -> Crosswalk:
        """Build a crosswalk from rows with ``code`` and ``activity``.

        A code is a code (``6551``, ``C25.1``) or a numeric range
        (``6500-6599``).

        Raises
        ------
        CrosswalkError
            Listing every row without a code or activity, every code given
            twice, and every pair of equally narrow overlapping ranges.
        """
        rows = list(records)
        numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
        issues: list[LineIssue] = []
        codes: dict[str, str] = {}
        code_lines: dict[str, int] = {}
        ranges: list[tuple[int, int, str, int]] = []
        for line, row in zip(numbers, rows, strict=True):
            code = str(row.get("code") or "").strip()
            key = str(row.get("activity") or "").strip()
            if not code:
                issues.append(LineIssue(line, "code", "", "a code such as 6551 or a range such as 6500-6599"))
                continue
            if not key:
                issues.append(LineIssue(line, "activity", "", "the activity key the code maps to"))
                continue
            match = _RANGE.fullmatch(code)
            if match:
                low, high = int(match[1]), int(match[2])
                if high < low:
                    issues.append(LineIssue(line, "code", code, "a range whose end is not below its start"))
                    continue
                ranges.append((low, high, key, line))
            elif code in codes:
                issues.append(
                    LineIssue(line, "code", code, f"each code once (line {code_lines[code]} has it)")
                )
            else:
                codes[code] = key
                code_lines[code] = line
        ranges.sort(key=lambda r: (r[1] - r[0], r[0]))
        for a, first in enumerate(ranges):  # sorted by width, then start: the ones it overlaps follow it
            for second in ranges[a + 1 :]:
                if second[1] - second[0] != first[1] - first[0] or second[0] > first[1]:
                    break
                issues.append(
                    LineIssue(second[3], "code", f"{second[0]}-{second[1]}",
                              f"ranges that do not overlap one as wide (line {first[3]})")
                )  # fmt: skip
        if issues:
            raise CrosswalkError(
                f"crosswalk {name!r}: invalid rows", tuple(sorted(issues, key=lambda i: i.line))
            )
        return cls(name, codes, tuple((lo, hi, key) for lo, hi, key, _ in ranges), prefix, source)

    @classmethod
    def from_csv(
        cls, path: str | os.PathLike[str], *, name: str | None = None, prefix: bool = False
    ) -> Crosswalk:
        """Read a crosswalk CSV: a header row with ``code`` and ``activity``; ``#`` comments.

        Raises
        ------
        CrosswalkError
            If the file cannot be read, lacks a column, or has invalid rows.
        """
        path = os.fspath(path)
        lines, rows = read_reference_csv(path, ("code", "activity"), CrosswalkError)
        name = name or os.path.splitext(os.path.basename(path))[0]
        try:
            return cls.from_records(rows, name=name, prefix=prefix, source=path, lines=lines)
        except CrosswalkError as e:
            raise CrosswalkError(f"{path}: {e.message}", e.issues) from None
