"""General ledgers: a bookkeeping CSV or a Norwegian SAF-T Financial file, as columns.

Most of a company's scope 3 comes from its general ledger. A :class:`Ledger`
holds every posting line of a ledger as numpy columns (account, debit,
credit, date, description, supplier, department, VAT code), the chart of
accounts the file declares, and what the file says about itself (company,
period, declared totals), so that a reading can be reconciled with the
file's own totals before anything is calculated from it.

Nothing is dropped. A line with a value that cannot be used (an amount that
is not a finite number, a date that does not exist, no account) is kept,
with its problem in :attr:`Ledger.problems` naming the line, the field and
what was expected, and ends unresolved when the ledger is calculated. What
is wrong outside the posting lines (a header value, an account balance, a
declared total) is in :attr:`Ledger.file_problems`.

SAF-T Financial files (schema versions 1.10, 1.20 and 1.30 of the Norwegian
Tax Administration) are untrusted XML of up to several GB. A file must be
UTF-8 and have no document type declaration anywhere (the only place
entities and external references can be defined; what defusedxml's
``forbid_dtd`` refuses): expat reports a ``<!DOCTYPE`` to the reader, which
refuses the file there, so nothing is ever expanded or fetched, whatever the
version of expat. The file is parsed streaming, keeping only the columns, so
memory grows with the lines, not with the file. Every ``<Line>`` element is
a ledger line, numbered by the XML line its start tag is on: one outside
``AuditFile/GeneralLedgerEntries/Journal/Transaction`` or in another
namespace than the file's is read and reported as a problem of its line. A
malformed or truncated file is an error naming the position in the file and
the element being read.

Ledger CSV (UTF-8, a byte order mark allowed, comma, a header row; column
names are matched without case and surrounding spaces, and a name given
twice is refused):

===============  ========  ===========================================
column           required  meaning
===============  ========  ===========================================
``account``      yes       account number (NS 4102 / SAF-T standard)
``amount``       yes       the posting, debit positive, credit negative
``date``         yes       ISO date (``2024-03-31``)
``description``  no        text of the posting
``supplier``     no        supplier id or name
``department``   no        department or cost centre
``vat``          no        VAT code
===============  ========  ===========================================

Each row's line is the physical line it starts on (blank lines and values
over several lines counted). Empty cells after the last column (a trailing
comma on every row) are ignored; a row with more values than the header has
columns is a problem of its line.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import sys
from array import array
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical, arrow_indices, arrow_numpy
from ghgcore._progress import progress
from ghgcore.errors import LedgerFileError, LineIssue, OptionError
from ghgcore.problems import Problems

__all__ = ["SAFT_NAMESPACE", "Account", "Ledger", "LedgerFileError", "Supplier", "organisation_number"]

SAFT_NAMESPACE = "urn:StandardAuditFile-Taxation-Financial:NO"
_LEDGER_REQUIRED = ("account", "amount", "date")
_LEDGER_OPTIONAL = ("description", "supplier", "department", "vat")
#: How many decimals of a currency's minor unit sums are rounded to in reconciliation.
_CENTS = 2
#: The years a booking date may have (as an activity line's year).
_MIN_YEAR, _MAX_YEAR = 1900, 2200

#: A decimal number as written in a file: '.' as decimal point, an optional exponent, ASCII digits only.
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DATE_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)
_EXPECT_AMOUNT = "a finite number with '.' as decimal point, such as 1250.00"
_EXPECT_CSV_AMOUNT = "a finite number with '.' as decimal point, debit positive, such as 1250.00"
_EXPECT_DATE = f"an ISO date such as 2024-03-31 (a real day, years {_MIN_YEAR} to {_MAX_YEAR})"
_EXPECT_CURRENCY = "an ISO 4217 currency code such as NOK"
#: Longest value quoted in a problem; a longer one is cut (a hostile file may hold megabytes in one value).
_SHOWN = 80

#: ISO 4217 codes of currencies (not the metals, units of account and test codes), current and
#: recently withdrawn ones a ledger of the last years may still be kept in.
_ISO_4217 = frozenset(
    re.findall(
        "[A-Z]{3}",
        """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
        BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB
        EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
        JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU
        MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
        RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY
        TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW
        ZWG ZWL
        """,
    )
)


def _shown(text: str) -> str:
    """A value as quoted in a problem: stripped, and cut when it is long."""
    text = text.strip()
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _currency_code(text: str) -> str | None:
    """The ISO 4217 code `text` is (ASCII letters in any case), or ``None``: never anything else."""
    code = text.strip()
    if code.isascii():
        code = code.upper()
    return code if len(code) == 3 and code.isalpha() and code.isascii() and code in _ISO_4217 else None


def _finite(text: str) -> float | None:
    """A decimal number as a finite float, or ``None`` (NaN, infinity, 1e400, '1,5', '1_000', '').

    What :data:`_DECIMAL` matches, with white space around it: Python's
    ``float`` reads that and, besides, infinities, NaN, underscores and
    digits of other scripts, which are refused here.
    """
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and text.isascii() and "_" not in text else None


def _day(text: str) -> np.datetime64 | None:
    """An ISO date (``2024-03-31``; a time and a time zone allowed) as a day, or ``None`` if it is none."""
    match = _DATE_RE.fullmatch(text.strip())
    if match is None or not _MIN_YEAR <= int(match[1]) <= _MAX_YEAR:
        return None
    try:
        return np.datetime64(f"{match[1]}-{match[2]}-{match[3]}", "D")
    except ValueError:  # 2021-02-30, month 13
        return None


@attrs.frozen
class Account:
    """An account of the file's chart of accounts.

    Balances a file gives that are not numbers are NaN (and a problem in
    :attr:`Ledger.file_problems`); balances it does not give are 0.
    """

    id: str
    description: str = ""
    standard_account: str = ""
    grouping_category: str = ""
    grouping_code: str = ""
    opening_balance: float = 0.0
    closing_balance: float = 0.0


def organisation_number(text: str) -> str:
    """An organisation number as compared: without spaces, dots, dashes, a country prefix or ``MVA``.

    SAF-T files write a supplier's ``RegistrationNumber`` and the company's
    own as the register has it (``999 999 999``, ``NO999999999MVA``); the
    same organisation is the same number here.

    Examples
    --------
    >>> organisation_number("NO 999 999 999 MVA"), organisation_number("999.999.999")
    ('999999999', '999999999')
    >>> organisation_number("SE556677889901")
    'SE556677889901'
    """
    compact = re.sub(r"[\s.\-]", "", str(text)).upper()
    if compact.startswith("NO") and compact[2:].removesuffix("MVA").isdigit():
        compact = compact[2:]
    compact = compact.removesuffix("MVA")
    return compact


@attrs.frozen
class Supplier:
    """A supplier of the file's master data (SAF-T ``MasterFiles/Suppliers/Supplier``).

    Attributes
    ----------
    id : str
        ``SupplierID``: what the ledger's lines give as their supplier.
    registration_number : str
        The supplier's organisation number as the file writes it (``""`` if
        none); :func:`organisation_number` makes it comparable.
    name : str
    """

    id: str
    registration_number: str = ""
    name: str = ""


@attrs.frozen(eq=False)
class Ledger:
    """Posting lines of a general ledger, as columns.

    Attributes
    ----------
    account : Categorical
        Account number of each line.
    debit, credit : numpy.ndarray of float64
        The posting's debit and credit amounts (>= 0; one of them is usually
        0; 0 on a line whose amount is a problem).
    date : numpy.ndarray of datetime64[D]
        Booking date (NaT where the file gives none or one that is not a date).
    description, supplier, department, vat_code, transaction : Categorical
    line : numpy.ndarray of int64
        Where each line is in its file: the physical line a CSV row starts
        on (the header is line 1), the XML line of a SAF-T ``<Line>``'s
        start tag (a file written on one line has all its lines on line 1).
    accounts : Mapping[str, Account]
        The chart of accounts the file declares (SAF-T), by account id.
    suppliers : Mapping[str, Supplier]
        The suppliers the file declares (SAF-T), by supplier id.
    currency : str
        The ledger's currency: SAF-T ``DefaultCurrencyCode`` (``NOK`` if the
        file gives none; ``""`` if it gives one that is not an ISO 4217
        code, a problem of every line), for a CSV the one given.
    header : Mapping[str, str]
        Company name and number, period, software, schema version, ...
        (the header values that are what the schema says).
    declared : Mapping[str, float]
        The totals the file declares about itself (SAF-T NumberOfEntries,
        TotalDebit, TotalCredit), to reconcile against; only finite numbers.
    problems : Problems
        The problems of lines: row, line, field, value, expected, as
        columns; iterating gives :class:`~ghgcore.errors.LineIssue` objects.
        A line with a problem is unresolved when the ledger is calculated.
    file_problems : tuple of LineIssue
        What is wrong outside the posting lines: header values, account
        balances and declared totals that are not what the schema says
        (``line`` the XML line, ``field`` the element's path).
    source : str
    """

    account: Categorical
    debit: npt.NDArray[np.float64]
    credit: npt.NDArray[np.float64]
    date: npt.NDArray[np.datetime64]
    description: Categorical
    supplier: Categorical
    department: Categorical
    vat_code: Categorical
    transaction: Categorical
    line: npt.NDArray[np.int64]
    accounts: Mapping[str, Account] = attrs.field(factory=dict)
    suppliers: Mapping[str, Supplier] = attrs.field(factory=dict)
    currency: str = "NOK"
    header: Mapping[str, str] = attrs.field(factory=dict)
    declared: Mapping[str, float] = attrs.field(factory=dict)
    problems: Problems = attrs.field(factory=Problems.empty)
    file_problems: tuple[LineIssue, ...] = ()
    source: str = ""

    def __len__(self) -> int:
        return len(self.debit)

    def __repr__(self) -> str:
        return (
            f"<Ledger {len(self)} lines from {self.source or 'memory'} ({self.header.get('company', '')}), "
            f"{len(self.account.categories)} accounts, {self.currency}, {len(self.problems)} problems>"
        )

    @property
    def amount(self) -> npt.NDArray[np.float64]:
        """Debit minus credit, per line."""
        return self.debit - self.credit

    def supplier_numbers(self) -> Categorical:
        """Each line's supplier's organisation number (:func:`organisation_number`), from the master files.

        Missing where a line names no supplier, or one the file does not
        declare, or one declared without a ``RegistrationNumber``.
        """
        suppliers = self.suppliers

        def number(supplier_id: str) -> str:
            found = suppliers.get(supplier_id)
            return organisation_number(found.registration_number) if found is not None else ""

        return self.supplier.map_categories(number)

    def _sums(self) -> npt.NDArray[np.float64]:
        """Debit minus credit per account code, the lines without an account first."""
        return np.asarray(
            np.bincount(
                self.account.codes + 1, weights=self.amount, minlength=len(self.account.categories) + 1
            ),
            dtype=np.float64,
        )

    def net_by_account(self) -> dict[str, float]:
        """Debit minus credit per account, rounded to the currency's cents, in account order."""
        sums = self._sums()
        pairs = {name: round(float(sums[i + 1]), _CENTS) for i, name in enumerate(self.account.categories)}
        if np.any(self.account.codes < 0):
            pairs[""] = round(float(sums[0]), _CENTS)
        return dict(sorted(pairs.items()))

    def net_by_class(self) -> dict[str, float]:
        """Debit minus credit per account class of the Norwegian chart (NS 4102), ``"1"`` to ``"8"``.

        An account's class is the first digit of its number when that is a
        number, else of its standard account (SAF-T ``StandardAccountID``);
        accounts with neither are under ``""``. Classes 1-2 are the balance
        sheet, 3 revenue, 4-7 costs, 8 financial items and tax, so the sum
        of classes 4 to 7 can be checked against the profit-and-loss
        statement's operating costs.
        """
        sums = self._sums()
        classes = [_account_class(name, self.accounts.get(name)) for name in self.account.categories]
        out: dict[str, float] = {str(c): 0.0 for c in range(1, 9)}
        for i, cls in enumerate(classes):
            out[cls] = out.get(cls, 0.0) + float(sums[i + 1])
        if np.any(self.account.codes < 0):
            out[""] = out.get("", 0.0) + float(sums[0])
        return {k: round(v, _CENTS) for k, v in out.items() if k or v}

    def period(self) -> dict[str, Any]:
        """The period the ledger covers: from the SAF-T header's selection, else the booking dates.

        ``{"start": "2017-01", "end": "2017-04", "months": 4, "full_year": False,
        "from": "header"}``; ``months`` and ``full_year`` are ``None`` when
        nothing says (no header and no dates). A header whose period is not
        one (month 13, year ``abcd``, an end before the start) is not used.
        """
        start = _month(self.header.get("period_start_year"), self.header.get("period_start"))
        end = _month(self.header.get("period_end_year"), self.header.get("period_end"))
        origin = "header"
        if start is None or end is None or end < start:
            dates = self.date[~np.isnat(self.date)]
            if not dates.size:
                return {"start": None, "end": None, "months": None, "full_year": None, "from": "none"}
            first, last = dates.min().astype("datetime64[M]"), dates.max().astype("datetime64[M]")
            start, end = int(first.astype(np.int64)), int(last.astype(np.int64))
            origin = "dates"
        months = end - start + 1
        return {
            "start": _month_text(start), "end": _month_text(end), "months": months,
            "full_year": months == 12, "from": origin,
        }  # fmt: skip

    def reconciliation(self) -> dict[str, Any]:
        """What was read against what the file declares: lines, debit, credit, net per account and class.

        ``balanced`` says whether debit equals credit; ``matches_declared``
        whether the totals equal the file's own (``None`` if it declares none).
        ``company``, ``registration_number`` and ``currency`` are the file's
        own; ``period`` is :meth:`period`; ``net_by_class`` is
        :meth:`net_by_class`, and ``costs_4_to_7`` its classes 4 to 7.
        ``problems`` is the number of problems of lines, ``file_problems``
        the problems outside the lines, as sentences.
        """
        debit, credit = round(float(self.debit.sum()), _CENTS), round(float(self.credit.sum()), _CENTS)
        classes = self.net_by_class()
        out: dict[str, Any] = {
            "source": self.source,
            "company": self.header.get("company", ""),
            "registration_number": self.header.get("registration_number", ""),
            "currency": self.currency,
            "period": self.period(),
            "lines": len(self),
            "transactions": len(self.transaction.categories),
            "total_debit": debit,
            "total_credit": credit,
            "balanced": abs(debit - credit) < 0.5 * 10**-_CENTS,
            "declared": dict(self.declared),
            "matches_declared": None,
            "problems": len(self.problems),
            "file_problems": [str(p) for p in self.file_problems],
            "net_by_account": self.net_by_account(),
            "net_by_class": classes,
            "costs_4_to_7": round(sum(classes.get(str(c), 0.0) for c in range(4, 8)), _CENTS),
        }
        if self.declared:
            checks = []
            for key, read in (("total_debit", debit), ("total_credit", credit)):
                if key in self.declared:
                    checks.append(abs(float(self.declared[key]) - read) < 0.5 * 10**-_CENTS)
            if "number_of_entries" in self.declared:
                entries = float(self.declared["number_of_entries"])
                checks.append(math.isfinite(entries) and entries == len(self.transaction.categories))
            out["matches_declared"] = all(checks)
        return out

    # ----------------------------------------------------------- readers

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, currency: str = "NOK") -> Ledger:
        """Read a ledger CSV (see the module documentation).

        A value that cannot be used (an amount that is not a finite number,
        a date that is not a real day, no account, more cells than the
        header) is a problem of its line; the other lines are read.

        Raises
        ------
        LedgerFileError
            If the file is missing, not UTF-8, empty, not CSV, lacks a
            required column or has a column twice (``amount`` and ``Amount``).
        OptionError
            If `currency` is not an ISO 4217 code.
        """
        path = os.fspath(path)
        code = _currency_code(currency)
        if code is None:
            raise OptionError(f"currency {_shown(currency)!r} of {path}: expected {_EXPECT_CURRENCY}")
        columns, line, found = _read_ledger_csv(path)
        n = len(line)

        account = _categorical(columns["account"])
        found.add(np.flatnonzero(account.codes < 0), "account", account, "an account number")
        amount_raw = columns["amount"]
        amount = _amounts(amount_raw)
        bad = np.flatnonzero(np.isnan(amount))
        found.add(bad, "amount", _texts_at(amount_raw, bad), _EXPECT_CSV_AMOUNT)
        amount[bad] = 0.0
        dates, bad_dates, date_text = _dates(_categorical(columns["date"]))
        found.add(bad_dates, "date", date_text, _EXPECT_DATE)

        def optional(name: str) -> Categorical:
            return _categorical(columns[name]) if name in columns else Categorical.empty(n)

        return cls(
            account=account, debit=np.maximum(amount, 0.0), credit=np.maximum(-amount, 0.0), date=dates,
            description=optional("description"), supplier=optional("supplier"), department=optional("department"),
            vat_code=optional("vat"), transaction=Categorical.empty(n), line=line, currency=code,
            problems=found.problems(line), source=path,
        )  # fmt: skip

    @classmethod
    def from_saft(cls, path: str | os.PathLike[str]) -> Ledger:
        """Read a Norwegian SAF-T Financial file, streaming (see the module documentation).

        Raises
        ------
        LedgerFileError
            If the file is missing, not UTF-8, not XML, truncated, malformed,
            unsafe (a document type declaration, which is where entities
            are defined), or not a SAF-T Financial file.
        """
        return _SaftReader(os.fspath(path)).read()


# ---------------------------------------------------------------------------
# problems as columns


class _Found:
    """Problems of lines as they are found, kept as columns (row arrays, one field and expectation each)."""

    def __init__(self) -> None:
        self.rows: list[npt.NDArray[np.intp]] = []
        self.fields: list[str] = []
        self.values: list[Categorical] = []
        self.expected: list[str] = []

    def add(self, rows: npt.NDArray[Any], field: str, values: Categorical, expected: str) -> None:
        """`rows` have a problem with `field`; `values` is the whole column (or already at `rows`)."""
        if not len(rows):
            return
        picked = values if len(values) == len(rows) else Categorical(values.codes[rows], values.categories)
        self.rows.append(np.asarray(rows, dtype=np.intp))
        self.fields.append(field)
        self.values.append(picked.map_categories(_shown))
        self.expected.append(expected)

    def problems(self, line: npt.NDArray[np.int64]) -> Problems:
        """Every problem found, in row order; `line` gives each row's line."""
        if not self.rows:
            return Problems.empty()
        rows = np.concatenate(self.rows)
        sizes = [len(r) for r in self.rows]
        return Problems.from_columns(
            row=rows,
            line=line[rows],
            field=Categorical(np.repeat(np.arange(len(sizes), dtype=np.int32), sizes), tuple(self.fields))
            if len(set(self.fields)) == len(self.fields)
            else Categorical.from_values(
                [f for f, k in zip(self.fields, sizes, strict=True) for _ in range(k)]
            ),
            value=Categorical.concat(self.values),
            expected=Categorical.from_codes(
                np.repeat(np.arange(len(sizes), dtype=np.int32), sizes), self.expected
            ),
        )


def _categorical(values: Any) -> Categorical:
    """A text column (pyarrow array or list of str) as a Categorical, stripped, blanks missing."""
    if isinstance(values, list):
        return Categorical.from_values(values)
    return Categorical.from_arrow(values)


def _texts_at(values: Any, rows: npt.NDArray[np.intp]) -> Categorical:
    """The texts of a column at `rows`, as written (cut for messages by :class:`_Found`)."""
    if isinstance(values, list):
        return Categorical.from_values([values[r] for r in rows.tolist()])
    return Categorical.from_arrow(values.take(arrow_indices(rows)))


def _amounts(values: Any) -> npt.NDArray[np.float64]:
    """Parse a column of amounts, vectorised: NaN where a value is not a finite decimal number.

    Accepted: what :data:`_DECIMAL` matches with white space around it, and
    finite (``1e400`` overflows: not an amount). ``NaN``, ``inf``, ``1,5``,
    ``1_000`` and digits of other scripts are not amounts.
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    array = pa.array(values, type=pa.string()) if isinstance(values, list) else values
    if pa.types.is_dictionary(array.type):
        array = (
            array.cast(pa.string()) if not isinstance(array, pa.ChunkedArray) else pc.cast(array, pa.string())
        )
    trimmed = pc.utf8_trim_whitespace(array)
    ok = pc.match_substring_regex(trimmed, f"^{_DECIMAL}$")
    parsed = pc.cast(pc.if_else(ok, trimmed, pa.scalar(None, pa.string())), pa.float64())
    out = np.array(arrow_numpy(parsed, np.nan), dtype=np.float64)  # a copy: written to
    out[~np.isfinite(out)] = np.nan
    return out


def _dates(
    texts: Categorical,
) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.intp], Categorical]:
    """Days of a column of date texts, parsed once per distinct text; rows without a valid one.

    Returns the days (NaT where there is none), the rows whose date is
    missing or not a real day, and the texts.
    """
    days = [_day(t) for t in texts.categories]
    lookup = np.array([np.datetime64("NaT", "D") if d is None else d for d in days] + [np.datetime64("NaT")])
    lookup = lookup.astype("datetime64[D]")
    dates = lookup[texts.codes]
    return dates, np.flatnonzero(np.isnat(dates)), texts


# ---------------------------------------------------------------------------
# ledger CSV


def _read_ledger_csv(path: str) -> tuple[dict[str, Any], npt.NDArray[np.int64], _Found]:
    """The ledger columns of a CSV (by lower-case name), each row's physical line, the rows' problems.

    The header is checked first (required columns, a name given twice).
    A file whose rows all have the header's number of cells, or all one
    more (a trailing comma), is read by pyarrow; any other is read row by
    row with the standard library, so that every row is kept with its line.
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise LedgerFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LedgerFileError(f"{path}: a folder, not a ledger CSV") from None
    except OSError as e:
        raise LedgerFileError(f"{path}: cannot read the file ({e.strerror or e})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LedgerFileError(
            f"{path}: not UTF-8 text (a UTF-16 byte order mark): ledger CSV files are UTF-8"
        )
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    body = np.frombuffer(data, dtype=np.uint8)[start:]
    starts, stops, first_line = _records(body)
    open_quote = bool(np.count_nonzero(body == 34) % 2)  # a quote not closed, or one inside a value
    filled = np.flatnonzero(~_blank(body, starts, stops))
    header_text = ""
    while len(filled):  # the header: the first line with something in it (lines of spaces are blank)
        head = int(filled[0])
        header_text = _decode(path, data, start + int(starts[head]), start + int(stops[head]))
        if header_text.strip():
            break
        filled = filled[1:]
    if not header_text.strip():
        raise LedgerFileError(
            f"{path}: the file is empty; expected a header row with {', '.join(_LEDGER_REQUIRED)}"
        )
    try:
        cells = next(csv.reader([header_text], skipinitialspace=True), [])
    except csv.Error as e:
        raise LedgerFileError(f"{path}: line {first_line[head]}: not a valid CSV header: {e}") from None
    names = _header_names(path, int(first_line[head]), cells)
    rows = filled[1:]
    width = len(cells)
    offset = start + int(stops[head]) + 1
    fast = _read_arrow(data, offset, width, len(rows)) if len(rows) and not open_quote else None
    if fast is not None:
        raw, extra = fast
        found = _Found()
        if extra is not None:
            extra_text = _categorical(extra)
            found.add(
                np.flatnonzero(extra_text.codes >= 0), "(row)", extra_text,
                f"at most {width} cells, as the header has columns",
            )  # fmt: skip
        columns = {name: raw[i] for name, i in names.items()}
        return columns, first_line[rows].astype(np.int64), found
    body_line = int(first_line[head + 1]) if head + 1 < len(first_line) else int(first_line[head]) + 1
    return _read_rows(path, data, offset, body_line, width, names, open_quote=open_quote)


def _records(
    body: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    r"""CSV records of a file's bytes: start and stop offsets and the physical line each starts on.

    A record ends at a line end (``\n``, ``\r\n`` or a lone ``\r``) that is
    not inside quotes (an even number of quotes before it).
    """
    n = len(body)
    lf = np.flatnonzero(body == 10)
    cr = np.flatnonzero(body == 13)
    if len(cr):
        after = np.minimum(cr + 1, max(n - 1, 0))
        cr = cr[(cr + 1 >= n) | (body[after] != 10)]
        ends = np.sort(np.concatenate([lf, cr]))
    else:
        ends = lf
    quotes = np.flatnonzero(body == 34)
    record_ends = ends[np.searchsorted(quotes, ends) % 2 == 0] if len(quotes) else ends
    starts = np.concatenate([[0], record_ends + 1]).astype(np.int64)
    stops = np.concatenate([record_ends, [n]]).astype(np.int64)
    first_line = np.searchsorted(ends, starts).astype(np.int64) + 1
    return starts, stops, first_line


def _blank(
    body: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], stops: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    r"""Records with nothing in them (empty, or a lone ``\r`` of a ``\r\n``), as pyarrow skips them."""
    length = stops - starts
    blank = length <= 0
    one = length == 1
    if one.any():
        blank[one] = body[starts[one]] == 13
    return blank


def _decode(path: str, data: bytes, begin: int, end: int) -> str:
    try:
        return data[begin:end].decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, begin + e.start) + 1
        raise LedgerFileError(
            f"{path}: not UTF-8 text ({e.reason} at byte {begin + e.start}, line {line}): ledger CSV files are UTF-8"
        ) from None


def _header_names(path: str, line: int, cells: list[str]) -> dict[str, int]:
    """The ledger columns' positions in the header; refuse a missing column or one given twice."""
    seen: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        name = cell.strip().lower()
        if name:
            seen.setdefault(name, []).append(i)
    twice = {name: where for name, where in seen.items() if len(where) > 1}
    if twice:
        listed = "; ".join(
            f"{' and '.join(repr(cells[i]) for i in where)} (columns {', '.join(str(i + 1) for i in where)})"
            for where in twice.values()
        )
        raise LedgerFileError(
            f"{path}: line {line}: a column given twice: {listed}; column names are compared without case "
            "and surrounding spaces: keep one"
        )
    missing = [c for c in _LEDGER_REQUIRED if c not in seen]
    if missing:
        raise LedgerFileError(
            f"{path}: line {line}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; expected columns {', '.join(_LEDGER_REQUIRED)} "
            f"(found {', '.join(repr(c) for c in cells if c.strip()) or 'none'})"
        )
    return {name: seen[name][0] for name in (*_LEDGER_REQUIRED, *_LEDGER_OPTIONAL) if name in seen}


def _read_arrow(data: bytes, offset: int, width: int, rows: int) -> tuple[list[Any], Any] | None:
    """The rows after the header with pyarrow, as text columns, when they all have `width` cells.

    Rows of one more cell (a trailing comma) are read too, that cell
    returned apart. ``None`` if pyarrow cannot read the rows that way, or
    reads another number of rows than the file has (lines of blanks, a
    space before a quote, quotes inside a value): the caller reads them
    row by row.
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.csv as pacsv  # type: ignore[import-untyped,unused-ignore]

    if re.search(rb'(?:^|[,\r\n])[ \t]+"', memoryview(data)[offset:]) is not None:
        return None  # a space before a quote: unquoted by the standard library, not by pyarrow
    buffer = pa.py_buffer(memoryview(data)[offset:])
    for cells in (width, width + 1):
        names = [f"c{i}" for i in range(cells)]
        try:
            table = pacsv.read_csv(
                pa.BufferReader(buffer),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=True),
                parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in names},
                    null_values=[],
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowException, ValueError):
            continue
        if table.num_rows != rows:
            return None
        columns = [table.column(c) for c in names]
        return columns[:width], (columns[width] if cells > width else None)
    return None


def _read_rows(
    path: str,
    data: bytes,
    offset: int,
    body_line: int,
    width: int,
    names: Mapping[str, int],
    *,
    open_quote: bool = False,
) -> tuple[dict[str, Any], npt.NDArray[np.int64], _Found]:
    """Read the rows after the header with the standard library: for files pyarrow cannot read whole.

    Short rows are filled with empty cells; extra cells that are empty are
    ignored, others are a problem of their row ("(row)"). With `open_quote`
    (an odd number of quotes), a last row that runs over several lines to
    the end of the file is a quote never closed: refused, since it would
    swallow every line after it.
    """
    text = _decode(path, data, offset, len(data))
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    wanted = list(names.items())
    columns: dict[str, list[str]] = {name: [] for name, _ in wanted}
    lines: list[int] = []
    extra_rows: list[int] = []
    extra_texts: list[str] = []
    previous = 0
    try:
        for cells in reader:
            line = body_line + previous
            previous = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                extra_rows.append(len(lines))
                extra_texts.append(",".join(cells[width:]))
            for name, i in wanted:
                columns[name].append(cells[i] if i < len(cells) else "")
            lines.append(line)
    except csv.Error as e:
        raise LedgerFileError(
            f"{path}: line {body_line + reader.line_num - 1}: not a valid CSV file: {e}"
        ) from None
    if open_quote and lines and body_line + previous - 1 > lines[-1]:
        raise LedgerFileError(
            f'{path}: line {lines[-1]}: a quote (") opened and never closed: the lines after it would be '
            "read as one value; close the quote or remove it"
        )
    found = _Found()
    found.add(
        np.array(extra_rows, dtype=np.intp), "(row)", Categorical.from_values(extra_texts),
        f"at most {width} cells, as the header has columns",
    )  # fmt: skip
    return dict(columns), np.array(lines, dtype=np.int64), found


# ---------------------------------------------------------------------------
# SAF-T

_UNSAFE = (
    "refused unsafe XML: a document type declaration (<!DOCTYPE ...>) can define entities and fetch "
    "external files; SAF-T files have none"
)
_NOT_UTF8 = "SAF-T files are UTF-8 XML"
#: Where a posting line belongs, below the root.
_LINE_PATH = ("GeneralLedgerEntries", "Journal", "Transaction", "Line")
_EXPECT_LINE = (
    "a <Line> at AuditFile/GeneralLedgerEntries/Journal/Transaction/Line, in the file's namespace ({})"
)
_EXPECT_NO_AMOUNT = "a <DebitAmount> or <CreditAmount> with the line's <Amount>"
#: Header values kept, by their path below <Header>.
_HEADER = {
    ("AuditFileVersion",): "audit_file_version",
    ("Company", "Name"): "company",
    ("Company", "RegistrationNumber"): "registration_number",
    ("SelectionCriteria", "PeriodStart"): "period_start",
    ("SelectionCriteria", "PeriodStartYear"): "period_start_year",
    ("SelectionCriteria", "PeriodEnd"): "period_end",
    ("SelectionCriteria", "PeriodEndYear"): "period_end_year",
    ("SoftwareCompanyName",): "software",
    ("DefaultCurrencyCode",): "currency",
}
_DECLARED = {
    "NumberOfEntries": "number_of_entries",
    "TotalDebit": "total_debit",
    "TotalCredit": "total_credit",
}
_ACCOUNT_PATH = ("MasterFiles", "GeneralLedgerAccounts", "Account")
_SUPPLIER_PATH = ("MasterFiles", "Suppliers", "Supplier")
_OTHER, _LINE, _TRANSACTION = 0, 1, 2
_CHUNK = 1 << 20
#: A SAF-T file at least this large shows a progress bar while it is read (on a terminal only).
_BAR_BYTES = 64 << 20


def _bar(path: str, file: Any) -> AbstractContextManager[Callable[[float], None]]:
    """A progress bar over the bytes of a large SAF-T file (on a terminal), else one that draws nothing."""
    try:
        size = os.fstat(file.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        size = 0
    return progress(f"Reading {os.path.basename(path)}" if size >= _BAR_BYTES else "", size, bytes_=True)


def _check_start(path: str) -> None:
    """Refuse a file that is missing, or not UTF-8 (a UTF-16 or UTF-32 byte order mark, another encoding declared)."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except FileNotFoundError:
        raise LedgerFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LedgerFileError(f"{path}: a folder, not a SAF-T file") from None
    except OSError as e:
        raise LedgerFileError(f"{path}: cannot read the file ({e.strerror or e})") from None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:4]:
        raise LedgerFileError(f"{path}: not UTF-8: {_NOT_UTF8}")
    declared = re.match(
        rb"\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']", head.removeprefix(codecs.BOM_UTF8)
    )
    if declared and declared[1].lower().replace(b"_", b"-") not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        shown = declared[1].decode("ascii", "replace")
        raise LedgerFileError(f"{path}: not UTF-8 (the file declares encoding {shown!r}): {_NOT_UTF8}")


def _local(tag: str) -> str:
    """An element's name without its namespace (expat gives ``namespace}name``)."""
    return tag.rpartition("}")[2]


def _written(tag: str, namespace: str) -> str:
    """An element's name for a message: local in the file's namespace, else with its own."""
    uri, _, local = tag.rpartition("}")
    return local if uri == namespace else f"{{{uri}}}{local}"


def _where(stack: Sequence[str], namespace: str) -> str:
    """The path of the open elements, the root's first (the last six of a deeper one)."""
    shown = "/".join(_written(t, namespace) for t in stack[-6:])
    return shown if len(stack) <= 6 else ".../" + shown


class _SaftReader:
    """Streams a SAF-T Financial file into columns with expat, keeping nothing of the tree.

    Handlers see each element's start and end. A ``<Line>`` (in any
    namespace, anywhere) opens a ledger line at the XML line of its start
    tag; its children's texts are kept until it ends, when the line is read
    into one record. A ``<Transaction>`` gives the lines in it its id and
    date. Header values, accounts and declared totals are read by their
    path below the root.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.namespace = ""
        self.header_text: dict[str, tuple[str, int]] = {}
        self.declared_text: dict[str, tuple[str, int]] = {}
        self.accounts: dict[str, Account] = {}
        self.suppliers: dict[str, Supplier] = {}
        self.supplier_fields: dict[str, tuple[str, int]] = {}
        self.file_problems: list[LineIssue] = []
        self.lines = array("q")  # the XML line of each row (8 bytes each, not an int object)
        self.line_transaction = array("q")  # each row's transaction (index), -1 outside one
        self.records: list[tuple[Any, ...]] = []
        self.problems: list[tuple[int, str, str, str]] = []
        self.transaction_ids: list[str] = []
        self.transaction_dates: list[str | None] = []
        self.nested = False

    def read(self) -> Ledger:
        import xml.parsers.expat as expat

        path = self.path
        _check_start(path)
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.ordered_attributes = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse(*_: Any) -> int:
            raise LedgerFileError(f"{path}: {_UNSAFE} (line {parser.CurrentLineNumber})")

        def declaration(version: str, encoding: str | None, standalone: int) -> None:
            if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
                raise LedgerFileError(
                    f"{path}: not UTF-8 (the file declares encoding {encoding!r}): {_NOT_UTF8}"
                )

        for handler in (
            "StartDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler",
            "NotationDeclHandler", "ExternalEntityRefHandler", "ElementDeclHandler", "AttlistDeclHandler",
        ):  # fmt: skip
            setattr(parser, handler, refuse)
        parser.XmlDeclHandler = declaration

        stack: list[str] = []
        parts: list[str] = []  # the texts since the last start tag: the text of a leaf element at its end
        kinds: dict[str, int] = {}  # element name -> _OTHER, _LINE or _TRANSACTION
        local_of: dict[str, str] = {}  # element name -> its local name
        line_depth = transaction_depth = 0
        fields: dict[str, str] = {}
        row = transaction = -1
        open_lines: list[tuple[int, dict[str, str], int]] = []
        open_transactions: list[tuple[int, int]] = []
        line_path: list[str] = []
        account: dict[str, tuple[str, int]] = {}
        lines, line_transaction, problems = self.lines, self.line_transaction, self.problems
        transaction_ids, transaction_dates = self.transaction_ids, self.transaction_dates
        read_line = self._line

        def first(name: str, attributes: Any) -> None:
            """The root: <AuditFile>, whose namespace is the file's."""
            nonlocal line_path
            uri, _, local = name.rpartition("}")
            if local != "AuditFile":
                raise LedgerFileError(
                    f"{path}: not a SAF-T Financial file (root <{local}>, expected <AuditFile>)"
                )
            self.namespace = uri
            prefix = f"{uri}}}" if uri else ""
            line_path = [prefix + part for part in _LINE_PATH]
            parser.StartElementHandler = start
            start(name, attributes)

        def kind(name: str) -> int:
            local = local_of[name] = name.rpartition("}")[2]
            found = kinds[name] = (
                _LINE if local == "Line" else _TRANSACTION if local == "Transaction" else _OTHER
            )
            return found

        def start(name: str, attributes: Any) -> None:
            nonlocal line_depth, fields, row, transaction_depth, transaction
            stack.append(name)
            parts.clear()
            what = kinds.get(name)
            if what is None:
                what = kind(name)
            if what == _LINE:
                if line_depth:
                    open_lines.append((line_depth, fields, row))
                    self.nested = True  # the inner line ends first: records out of row order
                line_depth, fields, row = len(stack), {}, len(lines)
                lines.append(parser.CurrentLineNumber)
                line_transaction.append(transaction if transaction_depth else -1)
                if not (line_depth == 5 and stack[1:] == line_path):
                    expected = _EXPECT_LINE.format(self.namespace or "none")
                    problems.append((row, "Line", _shown(_where(stack, self.namespace)), expected))
            elif what == _TRANSACTION:
                if transaction_depth:
                    open_transactions.append((transaction_depth, transaction))
                transaction_depth, transaction = len(stack), len(transaction_ids)
                transaction_ids.append("")
                transaction_dates.append(None)

        def end(name: str) -> None:
            nonlocal line_depth, fields, row, transaction_depth, transaction
            depth = len(stack)
            if depth > line_depth > transaction_depth:  # inside the innermost line
                if depth == line_depth + 1:
                    fields[local_of[name]] = "".join(parts)
                elif depth == line_depth + 2:
                    key = f"{local_of[stack[-2]]}/{local_of[name]}"
                    if key not in fields:
                        fields[key] = "".join(parts)
            elif depth == line_depth:
                read_line(row, fields)
                line_depth, fields, row = open_lines.pop() if open_lines else (0, {}, -1)
            elif depth == transaction_depth:
                transaction_depth, transaction = open_transactions.pop() if open_transactions else (0, -1)
            elif transaction_depth and depth == transaction_depth + 1:
                local = local_of[name]
                if local == "TransactionID":
                    transaction_ids[transaction] = "".join(parts).strip()
                elif local == "TransactionDate":
                    transaction_dates[transaction] = "".join(parts)
            elif depth <= 5 and not line_depth:
                self._other(stack, "".join(parts), parser.CurrentLineNumber, account)
            stack.pop()

        parser.StartElementHandler = first
        parser.EndElementHandler = end
        parser.CharacterDataHandler = parts.append  # no Python frame per text
        try:
            with open(path, "rb") as f, _bar(path, f) as advance:
                while chunk := f.read(_CHUNK):
                    parser.Parse(chunk, False)
                    advance(len(chunk))
            parser.Parse(b"", True)
        except expat.ExpatError as e:
            if not stack and e.code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS] and not lines:
                raise LedgerFileError(f"{path}: empty file, not a SAF-T Financial file") from None
            names = [_local(t) for t in stack]
            inside = f" inside <{names[-1]}> ({'/'.join(names[-4:])})" if names else ""
            raise LedgerFileError(
                f"{path}: malformed or truncated XML at line {e.lineno}, column {e.offset}{inside}: "
                f"{expat.ErrorString(e.code)}"
            ) from None
        except OSError as e:
            raise LedgerFileError(f"{path}: cannot read the file ({e.strerror or e})") from None
        return self._ledger()

    def _amount(self, row: int, side: str, fields: Mapping[str, str]) -> float:
        """A <Line>'s DebitAmount or CreditAmount (0 when absent); a bad amount or currency is a problem."""
        if side not in fields:
            return 0.0
        text = fields.get(f"{side}/Amount", "")
        value = _finite(text)
        if value is None:
            self.problems.append((row, f"{side}/Amount", _shown(text), _EXPECT_AMOUNT))
        code = fields.get(f"{side}/CurrencyCode")
        if code is not None and _currency_code(code) is None:
            self.problems.append((row, f"{side}/CurrencyCode", _shown(code), _EXPECT_CURRENCY))
        return 0.0 if value is None else value

    def _line(self, row: int, fields: Mapping[str, str]) -> None:
        """Read one <Line>'s children into a record; what cannot be used is a problem of the row."""
        problems = self.problems
        account = (fields.get("AccountID") or "").strip()
        if not account:
            problems.append((row, "AccountID", "", "the account the line is posted to"))
        debit = self._amount(row, "DebitAmount", fields)
        credit = self._amount(row, "CreditAmount", fields)
        if "DebitAmount" not in fields and "CreditAmount" not in fields:
            problems.append((row, "DebitAmount", "", _EXPECT_NO_AMOUNT))
        value_date = fields.get("ValueDate")
        supplier, department, vat = (
            fields.get("SupplierID"), fields.get("Analysis/AnalysisID"), fields.get("TaxInformation/TaxCode"),
        )  # fmt: skip
        self.records.append((
            row,
            sys.intern(account) if account else None,
            debit,
            credit,
            value_date.strip() if value_date is not None else None,
            fields.get("Description"),
            sys.intern(supplier.strip()) if supplier else None,
            sys.intern(department.strip()) if department else None,
            sys.intern(vat.strip()) if vat else None,
        ))  # fmt: skip

    def _other(self, stack: Sequence[str], text: str, line: int, account: dict[str, tuple[str, int]]) -> None:
        """An element outside the lines and transactions: a header value, an account's, a declared total."""
        prefix = f"{self.namespace}}}" if self.namespace else ""
        if any(not tag.startswith(prefix) or "}" in tag[len(prefix) :] for tag in stack[1:]):
            return  # another namespace's
        path = tuple(tag[len(prefix) :] for tag in stack[1:])
        if len(path) >= 2 and path[0] == "Header":
            key = _HEADER.get(path[1:])
            if key is not None and key not in self.header_text:
                self.header_text[key] = (text, line)
        elif len(path) == 2 and path[0] == "GeneralLedgerEntries" and path[1] in _DECLARED:
            self.declared_text.setdefault(path[1], (text, line))
        elif path[:3] == _ACCOUNT_PATH:
            if len(path) == 4:
                account.setdefault(path[3], (text, line))
            elif len(path) == 3:
                self._account(account, line)
                account.clear()
        elif path[:3] == _SUPPLIER_PATH:
            if len(path) == 4:
                self.supplier_fields.setdefault(path[3], (text, line))
            elif len(path) == 3:
                self._supplier(line)

    def _problem(self, line: int, field: str, value: str, expected: str) -> None:
        self.file_problems.append(LineIssue(line, field, _shown(value), expected))

    def _supplier(self, line: int) -> None:
        fields, self.supplier_fields = self.supplier_fields, {}
        where = "MasterFiles/Suppliers/Supplier/"
        supplier_id = fields.get("SupplierID", ("", line))[0].strip()
        if not supplier_id:
            self._problem(line, where + "SupplierID", "", "the supplier's id, as the lines give it")
            return
        if supplier_id in self.suppliers:
            self._problem(line, where + "SupplierID", supplier_id, "each supplier once in the master files")
            return
        self.suppliers[supplier_id] = Supplier(
            supplier_id,
            fields.get("RegistrationNumber", ("", 0))[0].strip(),
            fields.get("Name", ("", 0))[0].strip(),
        )

    def _account(self, fields: Mapping[str, tuple[str, int]], line: int) -> None:
        where = "MasterFiles/GeneralLedgerAccounts/Account/"
        account_id = fields.get("AccountID", ("", line))[0].strip()
        if not account_id:
            self._problem(line, where + "AccountID", "", "the account's number")
            return
        if account_id in self.accounts:
            self._problem(line, where + "AccountID", account_id, "each account once in the chart of accounts")
        balances: dict[str, float] = {}
        for name in (
            "OpeningDebitBalance",
            "OpeningCreditBalance",
            "ClosingDebitBalance",
            "ClosingCreditBalance",
        ):
            if name not in fields:
                balances[name] = 0.0
                continue
            text, at = fields[name]
            value = _finite(text)
            if value is None:
                self._problem(at, where + name, text, f"{_EXPECT_AMOUNT} (account {account_id})")
            balances[name] = math.nan if value is None else value
        self.accounts[account_id] = Account(
            account_id,
            fields.get("AccountDescription", ("", 0))[0].strip(),
            fields.get("StandardAccountID", ("", 0))[0].strip(),
            fields.get("GroupingCategory", ("", 0))[0].strip(),
            fields.get("GroupingCode", ("", 0))[0].strip(),
            balances["OpeningDebitBalance"] - balances["OpeningCreditBalance"],
            balances["ClosingDebitBalance"] - balances["ClosingCreditBalance"],
        )

    def _header(self) -> tuple[dict[str, str], str, LineIssue | None]:
        """The header values that are what the schema says, the currency, and the currency's problem."""
        header: dict[str, str] = {}
        checks = {
            "period_start": (r"0?[1-9]|1[0-2]", "a month, 1 to 12"),
            "period_end": (r"0?[1-9]|1[0-2]", "a month, 1 to 12"),
            "period_start_year": (r"[0-9]{4}", f"a year, {_MIN_YEAR} to {_MAX_YEAR}"),
            "period_end_year": (r"[0-9]{4}", f"a year, {_MIN_YEAR} to {_MAX_YEAR}"),
        }
        paths = {key: "Header/" + "/".join(path) for path, key in _HEADER.items()}
        currency, currency_problem = "NOK", None
        for key, (raw, line) in self.header_text.items():
            text = raw.strip()
            if key == "currency":
                code = _currency_code(text)
                if code is None:
                    currency_problem = LineIssue(line, paths[key], _shown(text), _EXPECT_CURRENCY)
                    self.file_problems.append(currency_problem)
                    currency = ""
                else:
                    currency = header["currency"] = code
                continue
            if key in checks:
                pattern, expected = checks[key]
                if not re.fullmatch(pattern, text) or (
                    key.endswith("year") and not _MIN_YEAR <= int(text) <= _MAX_YEAR
                ):
                    self._problem(line, paths[key], text, expected)
                    continue
            if text:
                header[key] = text
        return header, currency, currency_problem

    def _declared(self) -> dict[str, float]:
        declared: dict[str, float] = {}
        for name, (raw, line) in self.declared_text.items():
            text = raw.strip()
            value: float | None
            if name == "NumberOfEntries":
                value = float(text) if re.fullmatch(r"[0-9]{1,15}", text) else None
                expected = "a whole number of transactions, such as 53"
            else:
                value, expected = _finite(text), _EXPECT_AMOUNT
            if value is None:
                self._problem(line, f"GeneralLedgerEntries/{name}", text, expected)
            else:
                declared[_DECLARED[name]] = value
        return declared

    def _ledger(self) -> Ledger:
        header, currency, currency_problem = self._header()
        declared = self._declared()
        n = len(self.lines)
        records = self.records
        if self.nested:
            records.sort(key=lambda r: r[0])  # lines inside lines end first
        columns: list[Sequence[Any]] = list(zip(*records, strict=True)) if records else [()] * 9
        records.clear()  # the records are in the columns now: let them go before the columns are encoded
        _, account, debit, credit, value_date, description, supplier, department, vat = columns
        line = np.frombuffer(self.lines, dtype=np.int64).copy()
        owner = np.frombuffer(self.line_transaction, dtype=np.int64).copy()
        transaction_dates = self.transaction_dates
        texts = [
            v if v is not None else (transaction_dates[t] if t >= 0 else None)
            for v, t in zip(value_date, owner.tolist(), strict=True)
        ]
        dates, bad, date_text = _dates(Categorical.from_values(texts))
        from_line = np.fromiter((v is not None for v in value_date), dtype=bool, count=n)
        found = _Found()
        found.add(bad[from_line[bad]], "ValueDate", date_text, _EXPECT_DATE)
        found.add(bad[~from_line[bad]], "TransactionDate", date_text, _EXPECT_DATE)
        if currency_problem is not None:
            found.add(
                np.arange(n), "DefaultCurrencyCode",
                Categorical(np.zeros(n, dtype=np.int32), (currency_problem.value,)),
                f"{_EXPECT_CURRENCY} (the file's DefaultCurrencyCode, line {currency_problem.line})",
            )  # fmt: skip
        rows = [p[0] for p in self.problems]
        read = Problems.from_columns(
            row=rows, line=line[np.array(rows, dtype=np.intp)] if rows else [],
            field=[p[1] for p in self.problems], value=[p[2] for p in self.problems],
            expected=[p[3] for p in self.problems],
        )  # fmt: skip
        return Ledger(
            account=Categorical.from_values(account),
            debit=np.array(debit, dtype=np.float64),
            credit=np.array(credit, dtype=np.float64),
            date=dates,
            description=Categorical.from_values(description),
            supplier=Categorical.from_values(supplier),
            department=Categorical.from_values(department),
            vat_code=Categorical.from_values(vat),
            transaction=Categorical.from_codes(owner, self.transaction_ids),
            line=line,
            accounts=self.accounts,
            suppliers=self.suppliers,
            currency=currency,
            header=header,
            declared=declared,
            problems=Problems.concat([read, found.problems(line)]),
            file_problems=tuple(sorted(self.file_problems, key=lambda p: p.line)),
            source=self.path,
        )


def _account_class(account: str, declared: Account | None) -> str:
    """The NS 4102 class (first digit) of an account: its own number's, else its standard account's."""
    if account[:1].isascii() and account[:1].isdigit():
        return account[0]
    standard = declared.standard_account if declared is not None else ""
    return standard[0] if standard[:1].isascii() and standard[:1].isdigit() else ""


def _month(year: Any, month: Any) -> int | None:
    """Months since 1970-01 of a header's year and month, or None if either is missing or invalid."""
    try:
        y, m = int(str(year or "").strip()), int(str(month or "").strip())
    except (ValueError, TypeError, OverflowError):
        return None
    if not (1 <= m <= 12 and 1000 <= y <= 9999):
        return None
    return (y - 1970) * 12 + m - 1


def _month_text(months: int) -> str:
    return f"{1970 + months // 12:04d}-{months % 12 + 1:02d}"
