"""Problems of input lines, as columns.

A reader that meets a bad value (an amount that is not a number, an unknown
unit, a year out of range) keeps the line and records a problem: which row,
which input line, which field, what the line had and what was expected. A
file with 300,000 bad lines holds them as five columns, not as 300,000
objects, and turns them into reasons once per distinct problem.

>>> import numpy as np
>>> p = Problems.from_columns(
...     row=[0, 2, 2], line=[2, 4, 4], field=["amount", "amount", "unit"],
...     value=["n/a", "", "furlong"],
...     expected=["a number", "a number", "a unit"])
>>> len(p), str(p[0])
(3, "line 2, field 'amount': got 'n/a', expected a number")
>>> codes, reasons = p.reasons(3)
>>> codes.tolist(), reasons[1]
([0, -1, 1], "field 'amount': got '', expected a number; field 'unit': got 'furlong', expected a unit")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore.errors import LineIssue

__all__ = ["Problems"]


@attrs.frozen(eq=False)
class Problems:
    """Problems of input lines: one row per problem, as columns.

    A line can have several problems (a bad amount and an unknown unit).
    Rows are in input order.

    Attributes
    ----------
    row : numpy.ndarray of intp
        The row of the table the problem is on (0-based).
    line : numpy.ndarray of int64
        That row's line number in the input.
    field : Categorical
        The column at fault.
    value : Categorical
        What the line had there, as text (missing: nothing).
    expected : Categorical
        What was expected instead.
    """

    row: npt.NDArray[np.intp]
    line: npt.NDArray[np.int64]
    field: Categorical
    value: Categorical
    expected: Categorical

    def __len__(self) -> int:
        return len(self.row)

    def __bool__(self) -> bool:
        return len(self.row) > 0

    def __repr__(self) -> str:
        return f"<Problems {len(self)} on {len(np.unique(self.row))} rows>"

    @overload
    def __getitem__(self, index: int) -> LineIssue: ...
    @overload
    def __getitem__(self, index: slice) -> list[LineIssue]: ...
    def __getitem__(self, index: int | slice) -> LineIssue | list[LineIssue]:
        """One problem as a :class:`~ghgcore.errors.LineIssue` (or a list for a slice)."""
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return LineIssue(
            int(self.line[index]),
            self.field.value(index) or "",
            self.value.value(index) or "",
            self.expected.value(index) or "",
        )

    def __iter__(self) -> Iterator[LineIssue]:
        """Each problem as a :class:`~ghgcore.errors.LineIssue` (one object each: for inspection)."""
        return (self[i] for i in range(len(self)))

    # ----------------------------------------------------------- builders

    @classmethod
    def empty(cls) -> Problems:
        """No problems."""
        return cls(
            row=np.zeros(0, dtype=np.intp),
            line=np.zeros(0, dtype=np.int64),
            field=Categorical.empty(0),
            value=Categorical.empty(0),
            expected=Categorical.empty(0),
        )

    @classmethod
    def from_columns(
        cls,
        *,
        row: Sequence[int] | npt.NDArray[Any],
        line: Sequence[int] | npt.NDArray[Any],
        field: Sequence[str] | npt.NDArray[Any] | Categorical,
        value: Sequence[str] | npt.NDArray[Any] | Categorical,
        expected: Sequence[str] | npt.NDArray[Any] | Categorical,
    ) -> Problems:
        """Build from columns of equal length, and put the problems in row order (stable)."""
        rows = np.asarray(row, dtype=np.intp)
        order = np.argsort(rows, kind="stable")
        field_col, expected_col, value_col = (
            column if isinstance(column, Categorical) else Categorical.from_values(list(column))
            for column in (field, expected, value)
        )
        return cls(
            row=rows[order],
            line=np.asarray(line, dtype=np.int64)[order],
            field=Categorical(codes=field_col.codes[order], categories=field_col.categories),
            value=Categorical(codes=value_col.codes[order], categories=value_col.categories),
            expected=Categorical(codes=expected_col.codes[order], categories=expected_col.categories),
        )

    @classmethod
    def from_issues(cls, rows: Iterable[int], issues: Iterable[LineIssue]) -> Problems:
        """Build from :class:`~ghgcore.errors.LineIssue` objects and the row each is on."""
        items = list(issues)
        return cls.from_columns(
            row=np.fromiter(rows, dtype=np.intp),
            line=[i.line for i in items],
            field=[i.field for i in items],
            value=[i.value for i in items],
            expected=[i.expected for i in items],
        )

    @classmethod
    def concat(cls, parts: Sequence[Problems], offsets: Sequence[int] | None = None) -> Problems:
        """Stack the problems of several tables; `offsets` shift each part's rows."""
        if not parts:
            return cls.empty()
        shift = list(offsets) if offsets is not None else [0] * len(parts)
        return cls.from_columns(
            row=np.concatenate([p.row + s for p, s in zip(parts, shift, strict=True)]),
            line=np.concatenate([p.line for p in parts]),
            field=Categorical.concat([p.field for p in parts]),
            value=Categorical.concat([p.value for p in parts]),
            expected=Categorical.concat([p.expected for p in parts]),
        )

    def __or__(self, other: Problems) -> Problems:
        """The problems of both (same table)."""
        return Problems.concat([self, other])

    # ----------------------------------------------------------- queries

    def mask(self, n: int) -> npt.NDArray[np.bool_]:
        """Boolean mask over `n` rows: which rows have a problem."""
        out = np.zeros(n, dtype=bool)
        out[self.row] = True
        return out

    def reasons(self, n: int) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
        """The reason of every row with a problem, once per distinct reason.

        Returns
        -------
        codes : numpy.ndarray of int32, length `n`
            Index into `reasons` per row, ``-1`` where the row has no problem.
        reasons : tuple of str
            ``"field 'amount': got 'n/a', expected ..."``; the problems of a
            row with several are joined with ``"; "``.
        """
        codes = np.full(n, -1, dtype=np.int32)
        if not len(self):
            return codes, ()
        value_codes = self.value.codes + 1
        value_uniques = ("", *self.value.categories)
        n_field = len(self.field.categories) + 1
        n_expected = len(self.expected.categories) + 1
        key = (value_codes.astype(np.int64) * n_field + (self.field.codes + 1)) * n_expected + (
            self.expected.codes + 1
        )
        _, first, kind_of = np.unique(key, return_index=True, return_inverse=True)
        fields = ("", *self.field.categories)
        expected = ("", *self.expected.categories)
        texts = [
            f"field {fields[self.field.codes[i] + 1]!r}: got {value_uniques[value_codes[i]]!r}, "
            f"expected {expected[self.expected.codes[i] + 1]}"
            for i in first.tolist()
        ]
        kind_of = kind_of.ravel()
        # rows with one problem take its text; rows with several, the texts joined
        several = np.zeros(len(self), dtype=bool)
        if len(self) > 1:
            same = self.row[1:] == self.row[:-1]
            several[1:] |= same
            several[:-1] |= same
        reasons: dict[str, int] = {}
        single = ~several
        text_code = np.full(len(texts), -1, dtype=np.int32)
        for kind in np.unique(kind_of[single]).tolist():
            text_code[kind] = reasons.setdefault(texts[kind], len(reasons))
        codes[self.row[single]] = text_code[kind_of[single]]
        if several.any():
            joined: dict[int, list[str]] = {}
            for row, kind in zip(self.row[several].tolist(), kind_of[several].tolist(), strict=True):
                joined.setdefault(row, []).append(texts[kind])
            for row, parts in joined.items():
                codes[row] = reasons.setdefault("; ".join(parts), len(reasons))
        return codes, tuple(reasons)
