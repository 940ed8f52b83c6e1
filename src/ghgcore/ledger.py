"""General ledgers: a bookkeeping CSV or a Norwegian SAF-T Financial file, as columns.

Most of a company's scope 3 comes from its general ledger. A :class:`Ledger`
holds every posting line of a ledger as numpy columns (account, debit,
credit, date, description, supplier, department, VAT code), the chart of
accounts the file declares, and what the file says about itself (company,
period, declared totals), so that a reading can be reconciled with the
file's own totals before anything is calculated from it.

SAF-T Financial files (schema versions 1.10, 1.20 and 1.30 of the Norwegian
Tax Administration) are untrusted XML of up to several GB. A file must be
UTF-8 and have no document type declaration (the only place entities and
external references can be defined; what defusedxml's ``forbid_dtd`` refuses),
and is then parsed streaming, transaction by transaction, each dropped from
the tree as soon as it is read, so memory grows with the columns kept, not
with the file. A malformed or truncated file is an error naming
the element being read and the position in the file.

Ledger CSV (UTF-8, comma, a header row):

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
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore._reference import read_text_frame
from ghgcore.errors import LedgerFileError, LineIssue

__all__ = ["SAFT_NAMESPACE", "Account", "Ledger", "LedgerFileError"]

SAFT_NAMESPACE = "urn:StandardAuditFile-Taxation-Financial:NO"
_LEDGER_REQUIRED = ("account", "amount", "date")
#: How many decimals of a currency's minor unit sums are rounded to in reconciliation.
_CENTS = 2


@attrs.frozen
class Account:
    """An account of the file's chart of accounts."""

    id: str
    description: str = ""
    standard_account: str = ""
    grouping_category: str = ""
    grouping_code: str = ""
    opening_balance: float = 0.0
    closing_balance: float = 0.0


@attrs.frozen(eq=False)
class Ledger:
    """Posting lines of a general ledger, as columns.

    Attributes
    ----------
    account : Categorical
        Account number of each line.
    debit, credit : numpy.ndarray of float64
        The posting's debit and credit amounts (>= 0; one of them is usually 0).
    date : numpy.ndarray of datetime64[D]
        Transaction date (NaT where the file gives none).
    description, supplier, department, vat_code, transaction : Categorical
    line : numpy.ndarray of int64
        The line number in a CSV, or the line's position (1-based) in a SAF-T file.
    accounts : Mapping[str, Account]
        The chart of accounts the file declares (SAF-T), by account id.
    currency : str
        The ledger's currency (SAF-T DefaultCurrencyCode; ``NOK`` for CSV unless given).
    header : Mapping[str, str]
        Company name and number, period, software, schema version, ...
    declared : Mapping[str, float]
        The totals the file declares about itself (SAF-T NumberOfEntries,
        TotalDebit, TotalCredit), to reconcile against.
    problems : tuple of LineIssue
        Lines that could not be read fully (kept, with amount 0).
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
    currency: str = "NOK"
    header: Mapping[str, str] = attrs.field(factory=dict)
    declared: Mapping[str, float] = attrs.field(factory=dict)
    problems: tuple[LineIssue, ...] = ()
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

    def net_by_account(self) -> dict[str, float]:
        """Debit minus credit per account, rounded to the currency's cents, in account order."""
        sums = np.bincount(
            self.account.codes + 1, weights=self.amount, minlength=len(self.account.categories) + 1
        )
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
        sums = np.bincount(
            self.account.codes + 1, weights=self.amount, minlength=len(self.account.categories) + 1
        )
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
        nothing says (no header and no dates).
        """
        start = _month(self.header.get("period_start_year"), self.header.get("period_start"))
        end = _month(self.header.get("period_end_year"), self.header.get("period_end"))
        origin = "header"
        if start is None or end is None:
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
            "net_by_account": self.net_by_account(),
            "net_by_class": classes,
            "costs_4_to_7": round(sum(classes.get(str(c), 0.0) for c in range(4, 8)), _CENTS),
        }
        if self.declared:
            checks = []
            if "total_debit" in self.declared:
                checks.append(abs(self.declared["total_debit"] - debit) < 0.5 * 10**-_CENTS)
            if "total_credit" in self.declared:
                checks.append(abs(self.declared["total_credit"] - credit) < 0.5 * 10**-_CENTS)
            if "number_of_entries" in self.declared:
                checks.append(int(self.declared["number_of_entries"]) == len(self.transaction.categories))
            out["matches_declared"] = all(checks)
        return out

    # ----------------------------------------------------------- readers

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, currency: str = "NOK") -> Ledger:
        """Read a ledger CSV (see the module documentation).

        Raises
        ------
        LedgerFileError
            If the file is missing, not UTF-8, empty or lacks a required column.
        """
        import pandas as pd

        path = os.fspath(path)
        frame = read_text_frame(path, _LEDGER_REQUIRED, LedgerFileError)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        missing = [c for c in _LEDGER_REQUIRED if c not in frame.columns]
        if missing:
            raise LedgerFileError(
                f"{path}: missing required column {', '.join(map(repr, missing))}; expected account, amount, date"
            )
        n = len(frame)
        line = np.arange(2, n + 2, dtype=np.int64)
        amount = pd.to_numeric(frame["amount"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        dates = (
            pd.to_datetime(frame["date"], errors="coerce", format="ISO8601")
            .to_numpy()
            .astype("datetime64[D]")
        )
        problems = [
            LineIssue(
                int(line[i]),
                "amount",
                frame["amount"].iloc[i],
                "a number with '.' as decimal point, debit positive",
            )
            for i in np.flatnonzero(~np.isfinite(amount))
        ] + [
            LineIssue(int(line[i]), "date", frame["date"].iloc[i], "an ISO date such as 2024-03-31")
            for i in np.flatnonzero(np.isnat(dates))
        ]
        amount = np.where(np.isfinite(amount), amount, 0.0)

        def optional(name: str) -> Categorical:
            return (
                Categorical.from_values(frame[name].to_numpy())
                if name in frame.columns
                else Categorical.empty(n)
            )

        account = Categorical.from_values(frame["account"].to_numpy())
        problems += [
            LineIssue(int(line[i]), "account", "", "an account number")
            for i in np.flatnonzero(account.codes < 0)
        ]
        return cls(
            account=account, debit=np.maximum(amount, 0.0), credit=np.maximum(-amount, 0.0), date=dates,
            description=optional("description"), supplier=optional("supplier"), department=optional("department"),
            vat_code=optional("vat"), transaction=Categorical.empty(n), line=line, currency=currency,
            problems=tuple(sorted(problems, key=lambda p: p.line)), source=path,
        )  # fmt: skip

    @classmethod
    def from_saft(cls, path: str | os.PathLike[str]) -> Ledger:
        """Read a Norwegian SAF-T Financial file, streaming (see the module documentation).

        Raises
        ------
        LedgerFileError
            If the file is missing, not XML, truncated, malformed, unsafe
            (a DTD or entity declarations), or not a SAF-T Financial file.
        """
        return _SaftReader(os.fspath(path)).read()


# ---------------------------------------------------------------------------
# SAF-T


def _check_prolog(path: str) -> None:
    """Refuse what makes XML unsafe before parsing: anything but UTF-8, and any DOCTYPE.

    Entity declarations and external references can only come from a document
    type declaration, which may only stand in the prolog, before the root
    element. A file whose prolog has none cannot expand entities or fetch
    anything; it is then safe to stream with the standard (C) parser. This is
    what defusedxml's ``forbid_dtd`` guards against, at a fraction of its cost.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except FileNotFoundError:
        raise LedgerFileError(f"{path}: no such file") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        raise LedgerFileError(f"{path}: not UTF-8: SAF-T files are UTF-8 XML")
    text = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while True:
        while position < len(text) and text[position : position + 1].isspace():
            position += 1
        rest = text[position:]
        if rest.startswith(b"<?"):
            end = rest.find(b"?>")
            declaration = rest[: end if end >= 0 else len(rest)].lower()
            if b"encoding" in declaration and not any(
                e in declaration for e in (b"utf-8", b"utf8", b"us-ascii")
            ):
                raise LedgerFileError(
                    f"{path}: not UTF-8 ({rest[: end + 2].decode('ascii', 'replace')}): SAF-T files are UTF-8 XML"
                )
        elif rest.startswith(b"<!--"):
            end = rest.find(b"-->")
        elif rest.startswith(b"<!"):
            raise LedgerFileError(
                f"{path}: refused unsafe XML: a document type declaration (<!DOCTYPE ...>) can define entities "
                "and fetch external files; SAF-T files have none"
            )
        else:
            return  # the root element, or something the parser will report
        if end < 0:
            if len(head) == 1 << 16:
                raise LedgerFileError(f"{path}: refused: a prolog longer than 64 KiB before the root element")
            return
        position += end + 2


def _open_elements(root: Any) -> list[str]:
    """The elements being read when parsing stopped: the last-child chain from the root."""
    names: list[str] = []
    element = root
    while element is not None:
        names.append(_local(element.tag))
        element = element[-1] if len(element) else None
    return names


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _number(text: str | None) -> float:
    return float(text) if text and text.strip() else 0.0


class _SaftReader:
    """Streams a SAF-T Financial file into columns.

    The hot loop compares full, namespaced tags, reads each posting line with
    C-level ``find``/``findtext``, and removes every finished transaction from
    its journal, so the tree never holds more than one transaction.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.header: dict[str, str] = {}
        self.declared: dict[str, float] = {}
        self.accounts: dict[str, Account] = {}
        self.currency = "NOK"
        self.columns: dict[str, list[Any]] = {
            k: []
            for k in (
                "account",
                "debit",
                "credit",
                "date",
                "description",
                "supplier",
                "department",
                "vat",
                "transaction",
            )
        }
        self.problems: list[LineIssue] = []
        self.position = 0

    def read(self) -> Ledger:
        from xml.etree.ElementTree import ParseError, iterparse

        _check_prolog(self.path)
        root: Any = None
        try:
            events = iterparse(self.path, events=("start", "end"))
            event, root = next(events)
            if _local(root.tag) != "AuditFile":
                raise LedgerFileError(
                    f"{self.path}: not a SAF-T Financial file (root <{_local(root.tag)}>, expected <AuditFile>)"
                )
            ns = root.tag[: -len("AuditFile")]
            journal_tag, transaction_tag = ns + "Journal", ns + "Transaction"
            entries_tag = ns + "GeneralLedgerEntries"
            declared = {
                ns + "NumberOfEntries": "number_of_entries",
                ns + "TotalDebit": "total_debit",
                ns + "TotalCredit": "total_credit",
            }
            skipped = {
                ns + name for name in ("Customer", "Supplier", "TaxTableEntry", "AnalysisTypeTableEntry")
            }
            account_tag, header_tag = ns + "Account", ns + "Header"
            journal: Any = None
            for event, element in events:
                tag = element.tag
                if event == "start":
                    if tag == journal_tag:
                        journal = element
                    continue
                if tag == transaction_tag:
                    self._transaction(element, ns)
                    if journal is not None:
                        journal.remove(
                            element
                        )  # the journal keeps no finished transaction (read-ahead ones stay)
                elif tag in declared:
                    entries = root[-1] if len(root) else None
                    if (
                        entries is not None
                        and entries.tag == entries_tag
                        and any(c is element for c in entries)
                    ):
                        self.declared[declared[tag]] = _number(element.text)
                elif tag == account_tag:
                    self._account(element)
                    element.clear()
                elif tag == header_tag:
                    self._header(element, ns)
                    element.clear()
                elif tag in skipped:
                    element.clear()
        except StopIteration:
            raise LedgerFileError(f"{self.path}: empty file, not a SAF-T Financial file") from None
        except FileNotFoundError:
            raise LedgerFileError(f"{self.path}: no such file") from None
        except ParseError as e:
            line, column = getattr(e, "position", (0, 0))
            names = _open_elements(root)
            inside = f" inside <{names[-1]}> ({'/'.join(names[-4:])})" if names else ""
            raise LedgerFileError(
                f"{self.path}: malformed or truncated XML at line {line}, column {column}{inside}: {e}"
            ) from None
        return self._ledger()

    def _transaction(self, element: Any, ns: str) -> None:
        transaction_id = sys.intern((element.findtext(ns + "TransactionID") or "").strip())
        date = sys.intern((element.findtext(ns + "TransactionDate") or "").strip())
        for line in element.iterfind(ns + "Line"):
            self._line(line, ns, transaction_id, date)

    def _ledger(self) -> Ledger:
        c = self.columns
        n = len(c["debit"])
        dates = (
            np.array([d or "NaT" for d in c["date"]], dtype="datetime64[D]")
            if n
            else np.zeros(0, dtype="datetime64[D]")
        )
        return Ledger(
            account=Categorical.from_values(c["account"]),
            debit=np.array(c["debit"], dtype=np.float64),
            credit=np.array(c["credit"], dtype=np.float64),
            date=dates,
            description=Categorical.from_values(c["description"]),
            supplier=Categorical.from_values(c["supplier"]),
            department=Categorical.from_values(c["department"]),
            vat_code=Categorical.from_values(c["vat"]),
            transaction=Categorical.from_values(c["transaction"]),
            line=np.arange(1, n + 1, dtype=np.int64),
            accounts=self.accounts,
            currency=self.currency,
            header=self.header,
            declared=self.declared,
            problems=tuple(self.problems),
            source=self.path,
        )

    def _header(self, element: Any, ns: str) -> None:
        wanted = {
            "AuditFileVersion": "audit_file_version",
            "Company/Name": "company",
            "Company/RegistrationNumber": "registration_number",
            "SelectionCriteria/PeriodStart": "period_start",
            "SelectionCriteria/PeriodStartYear": "period_start_year",
            "SelectionCriteria/PeriodEnd": "period_end",
            "SelectionCriteria/PeriodEndYear": "period_end_year",
            "SoftwareCompanyName": "software",
        }
        for path, key in wanted.items():
            text = (element.findtext("/".join(ns + part for part in path.split("/"))) or "").strip()
            if text:
                self.header[key] = text
        currency = (element.findtext(ns + "DefaultCurrencyCode") or "").strip().upper()
        if currency:
            self.currency = currency
            self.header["currency"] = currency

    def _account(self, element: Any) -> None:
        fields = {_local(child.tag): (child.text or "").strip() for child in element}
        account_id = fields.get("AccountID", "")
        if not account_id:
            return
        opening = _number(fields.get("OpeningDebitBalance")) - _number(fields.get("OpeningCreditBalance"))
        closing = _number(fields.get("ClosingDebitBalance")) - _number(fields.get("ClosingCreditBalance"))
        self.accounts[account_id] = Account(
            account_id, fields.get("AccountDescription", ""), fields.get("StandardAccountID", ""),
            fields.get("GroupingCategory", ""), fields.get("GroupingCode", ""), opening, closing,
        )  # fmt: skip

    def _amount(self, child: Any, name: str) -> float:
        amount = child[0].text if len(child) else None
        if amount is None:
            return 0.0
        try:
            return float(amount)
        except ValueError:
            self.problems.append(LineIssue(self.position, name, amount.strip(), "a number such as 1250.00"))
            return 0.0

    def _line(self, element: Any, ns: str, transaction_id: str, date: str | None) -> None:
        self.position += 1
        fields: dict[str, Any] = {}
        debit = credit = 0.0
        for child in element:  # one pass over the line's children, in C
            name = child.tag[len(ns) :]
            if name == "DebitAmount":
                debit = self._amount(child, name)
            elif name == "CreditAmount":
                credit = self._amount(child, name)
            elif name == "Analysis":
                fields.setdefault("department", child.findtext(ns + "AnalysisID"))
            elif name == "TaxInformation":
                fields.setdefault("vat", child.findtext(ns + "TaxCode"))
            else:
                fields[name] = child.text
        account = (fields.get("AccountID") or "").strip()
        if not account:
            self.problems.append(
                LineIssue(self.position, "AccountID", "", "the account the line is posted to")
            )
        c = self.columns
        c["account"].append(sys.intern(account) if account else None)
        c["debit"].append(debit)
        c["credit"].append(credit)
        value_date = fields.get("ValueDate")
        c["date"].append(sys.intern(value_date.strip()) if value_date else (date or None))
        c["description"].append(fields.get("Description"))
        for column, key in (("supplier", "SupplierID"), ("department", "department"), ("vat", "vat")):
            value = fields.get(key)
            c[column].append(sys.intern(value.strip()) if value else None)
        c["transaction"].append(transaction_id or None)


def _account_class(account: str, declared: Account | None) -> str:
    """The NS 4102 class (first digit) of an account: its own number's, else its standard account's."""
    if account[:1].isdigit():
        return account[0]
    standard = declared.standard_account if declared is not None else ""
    return standard[0] if standard[:1].isdigit() else ""


def _month(year: str | None, month: str | None) -> int | None:
    """Months since 1970-01 of a header's year and month, or None if either is missing or invalid."""
    try:
        y, m = int(year or ""), int(month or "")
    except ValueError:
        return None
    if not (1 <= m <= 12 and 1000 <= y <= 9999):
        return None
    return (y - 1970) * 12 + m - 1


def _month_text(months: int) -> str:
    return f"{1970 + months // 12:04d}-{months % 12 + 1:02d}"
