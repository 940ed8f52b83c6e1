"""Exceptions, warnings and the per-line issue record of ghgcore."""

from __future__ import annotations

import attrs

__all__ = [
    "ActivityFileError",
    "CrosswalkError",
    "DataError",
    "FactorSetError",
    "GhgcoreError",
    "GhgcoreWarning",
    "LineIssue",
]


class GhgcoreError(Exception):
    """Base class of ghgcore's exceptions."""


class GhgcoreWarning(UserWarning):
    """Base class of ghgcore's warnings, so that users can filter them."""


@attrs.frozen
class LineIssue:
    """A problem with one input line: which line, which field, what was expected.

    Parameters
    ----------
    line : int
        The line number in the input (for a CSV file, the file's line
        number with the header on line 1; otherwise the 1-based position).
    field : str
        The column or attribute at fault.
    value : str
        What the line had there (``""`` when it was empty or missing).
    expected : str
        What was expected instead.

    Examples
    --------
    >>> str(LineIssue(7, "amount", "12,5", "a number with '.' as decimal point"))
    "line 7, field 'amount': got '12,5', expected a number with '.' as decimal point"
    """

    line: int
    field: str
    value: str
    expected: str

    def __str__(self) -> str:
        got = repr(self.value) if self.value != "" else "nothing"
        return f"line {self.line}, field {self.field!r}: got {got}, expected {self.expected}"


class ActivityFileError(GhgcoreError, ValueError):
    """An activities file or table that cannot be read at all.

    Individual bad lines do not raise: they are kept, with a
    :class:`LineIssue`, and end in the result as unresolved lines.
    """


class DataError(GhgcoreError, ValueError):
    """Reference data (factors, crosswalks, lock files) with invalid content.

    Reference data is rejected whole if any row is invalid, and the error
    lists every problem found.

    Attributes
    ----------
    message : str
        The message without the list of issues.
    issues : tuple of LineIssue
    """

    def __init__(self, message: str, issues: tuple[LineIssue, ...] = ()) -> None:
        self.message = message
        self.issues = issues
        if issues:
            shown = "\n".join(f"  {issue}" for issue in issues[:20])
            more = f"\n  ... and {len(issues) - 20} more" if len(issues) > 20 else ""
            message = f"{message}:\n{shown}{more}"
        super().__init__(message)


class FactorSetError(DataError):
    """A factor set (file, table or records) with invalid content."""


class CrosswalkError(DataError):
    """A crosswalk (mapping table) with invalid content."""
