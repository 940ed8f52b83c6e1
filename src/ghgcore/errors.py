"""Every exception and warning of ghgcore, and the per-line issue record.

All exceptions derive from :class:`GhgcoreError`; each is also the standard
type a caller would expect (``ValueError`` for bad content, ``LookupError``
for a name that is not there), so ``except ValueError`` keeps working and
``except GhgcoreError`` catches everything ghgcore raises on purpose.

::

    GhgcoreError
    ├── UnitError (ValueError)                 a unit that cannot be parsed or converted
    ├── UnknownGasError (KeyError)             a gas name ghgcore does not know
    ├── InputError (ValueError)                an input file or table that cannot be read at all
    │   ├── ActivityFileError                  activities CSV or table
    │   └── LedgerFileError                    SAF-T file or ledger CSV
    ├── DataError (ValueError)                 reference data with invalid rows (lists them)
    │   ├── FactorSetError, CrosswalkError, MappingError, InstrumentError,
    │   ├── PriceDataError
    │   ├── LockFileError                      a lock file that cannot be read
    │   └── PlanError                          a plan (base year, targets, events, commitments) with invalid content
    ├── LockMismatchError                      factor sets that differ from the lock file
    ├── DatabaseError                          a factor database that cannot be used
    │   ├── UnknownDatabaseError (LookupError)
    │   ├── DuplicateDatabaseError
    │   ├── DatabaseLoadError
    │   └── VersionMismatchError
    ├── OptionError (ValueError)               options that contradict each other or are missing
    ├── StoreError (ValueError)                an account store that cannot be read or written as asked
    │   ├── AccountExistsError                 saving an organisation-year that is stored, without replace
    │   └── UnknownAccountError (LookupError)  an organisation or year that is not in the store
    └── OutputError (ValueError)               a result that cannot be written as asked (a NaN in JSON)

    GhgcoreWarning (UserWarning)
    └── DatabaseWarning                        a listed database that cannot be used
"""

from __future__ import annotations

import attrs

__all__ = [
    "AccountExistsError",
    "ActivityFileError",
    "CrosswalkError",
    "DataError",
    "DatabaseError",
    "DatabaseLoadError",
    "DatabaseWarning",
    "DuplicateDatabaseError",
    "FactorSetError",
    "GhgcoreError",
    "GhgcoreWarning",
    "InputError",
    "InstrumentError",
    "LedgerFileError",
    "LineIssue",
    "LockFileError",
    "LockMismatchError",
    "MappingError",
    "OptionError",
    "OutputError",
    "PlanError",
    "PriceDataError",
    "StoreError",
    "UnitError",
    "UnknownAccountError",
    "UnknownDatabaseError",
    "UnknownGasError",
    "VersionMismatchError",
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


# --------------------------------------------------------------------------
# units and gases


class UnitError(GhgcoreError, ValueError):
    """A unit that cannot be parsed, or two units that cannot be converted.

    Attributes
    ----------
    expected : str
        What would have been accepted, for messages that name a line.
    """

    def __init__(self, message: str, expected: str = "") -> None:
        super().__init__(message)
        self.expected = expected


class UnknownGasError(GhgcoreError, KeyError):
    """A gas name that ghgcore does not know."""

    def __str__(self) -> str:
        return str(self.args[0])


# --------------------------------------------------------------------------
# inputs


class InputError(GhgcoreError, ValueError):
    """An input file or table that cannot be read at all.

    Individual bad lines do not raise: they are kept, with the problem, and
    end in the result as unresolved lines.
    """


class ActivityFileError(InputError):
    """An activities file or table that cannot be read at all."""


class LedgerFileError(InputError):
    """A general-ledger file that cannot be read at all (bad XML, not SAF-T, missing columns)."""


class OptionError(GhgcoreError, ValueError):
    """Options that are missing or contradict each other (no factors, no reporting year, ...)."""


class OutputError(GhgcoreError, ValueError):
    """A result that cannot be written as asked (a NaN or infinity in a JSON summary)."""


class StoreError(GhgcoreError, ValueError):
    """An account store that cannot be read or written as asked (not a store, a damaged file)."""


class AccountExistsError(StoreError):
    """The organisation's account for that year is stored already; replacing it must be asked for."""


class UnknownAccountError(StoreError, LookupError):
    """No account of that organisation (or for that year) is in the store."""


# --------------------------------------------------------------------------
# reference data


class DataError(GhgcoreError, ValueError):
    """Reference data (factors, crosswalks, mappings, lock files) with invalid content.

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


class MappingError(DataError):
    """An account mapping that cannot be read."""


class InstrumentError(DataError):
    """A contractual-instruments table with invalid content."""


class PriceDataError(DataError):
    """Exchange rates or a price index with invalid content."""


class LockFileError(DataError):
    """A lock file that cannot be read."""


class PlanError(DataError):
    """A plan (base year, targets, structural events, commitments, spearhead projects) with invalid content."""


class LockMismatchError(GhgcoreError):
    """The factor sets of a calculation differ from those in the lock file."""


# --------------------------------------------------------------------------
# factor databases (plugins)


class DatabaseError(GhgcoreError):
    """A factor database that cannot be used."""


class UnknownDatabaseError(DatabaseError, LookupError):
    """No installed factor database has that name."""


class DuplicateDatabaseError(DatabaseError):
    """Two distributions register a factor database under the same name."""


class DatabaseLoadError(DatabaseError):
    """A factor database failed to import or to load its factors."""


class VersionMismatchError(DatabaseError):
    """The installed version of a factor database is not the one asked for."""


class DatabaseWarning(GhgcoreWarning):
    """A factor database that is listed but cannot be used."""
