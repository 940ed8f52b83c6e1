"""Spend-based accounting: from general-ledger lines to activity lines.

A company's ledger says what it spent on each account. A spend-based
(environmentally extended input-output) model says how much is emitted per
unit of money spent on a kind of purchase. Between the two sits an
:class:`AccountMapping`: which purchase category each account is, or why it
is not a purchase at all (wages, depreciation, financial items, balance-sheet
and revenue accounts).

:func:`ledger_activities` turns a :class:`~ghgcore.ledger.Ledger` into an
:class:`~ghgcore.activities.ActivityTable` that the ordinary calculation
takes: one activity line per ledger line, the amount debit minus credit in
the ledger's currency, the year it was booked, the category as activity key.
Nothing is dropped:

- a line on a purchase account is an activity line (calculated, or
  unresolved with the reason, such as a year without a price index);
- a line on an account that is not a purchase is kept as *excluded*, with
  the reason, and summed in the reconciliation;
- a line on an account the mapping does not know is unresolved ("unmapped"),
  naming the account.

**Hybrid accounting.** When the same inventory has activity data (litres of
diesel, kWh, passenger-km) for what a category buys, that category's spend
lines are excluded as "covered by activity data" so that nothing is counted
twice. Which activity keys cover which category is part of the mapping
(:attr:`AccountMapping.covers`); turn the rule off with ``hybrid=False``.
The rule never loses an emission: spend of a year is left out only when
activity lines *of the same year and organisation* that cover its category
were calculated (:func:`coverage`); activity lines that could not be
calculated leave the spend in, and :func:`hybrid_decisions` says per
category and year which way it went and why.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore._reference import read_reference_csv
from ghgcore.activities import ActivityTable
from ghgcore.crosswalk import Crosswalk
from ghgcore.errors import DataError, LineIssue, MappingError
from ghgcore.problems import Problems

if TYPE_CHECKING:
    from ghgcore.ledger import Account, Ledger

__all__ = [
    "SPEND_TAG",
    "AccountMapping",
    "AccountRule",
    "MappingError",
    "coverage",
    "covered_by",
    "exclude_covered",
    "hybrid_decisions",
    "ledger_activities",
    "spent_categories",
]

#: The mark (:attr:`ActivityTable.marks <ghgcore.activities.ActivityTable.marks>`) saying that a
#: line's emissions are spend-based: ``spend`` on every general-ledger line.
SPEND_TAG = "method"
_CREDIT_ON_ASSET = "not a purchase: credit on a fixed-asset account (a disposal or write-down)"


@attrs.frozen
class AccountRule:
    """What one mapping row says: a purchase category, or why the account is not a purchase.

    Attributes
    ----------
    category : str
        The purchase category (activity key of the spend database); ``""``
        when the account is not a purchase.
    exclude : str
        Why the account is not a purchase (when `category` is empty).
    debit_only : bool
        Only debits are purchases (fixed-asset accounts); credits are
        excluded as disposals or write-downs.
    source : str
        Which mapping and line the rule comes from.
    """

    category: str = ""
    exclude: str = ""
    debit_only: bool = False
    source: str = ""


@attrs.frozen(eq=False)
class AccountMapping:
    """Account numbers (exact, ranges, groups) to purchase categories or exclusions.

    The most specific rule wins: the exact account, then the narrowest
    range containing it, then the longest group prefix (``6551`` ->
    ``655`` -> ``65`` -> ``6``). An account longer than four digits is also
    tried by its first four. Mappings layer: with :meth:`layered`, the
    user's rules come before the database's, rule by rule.

    Parameters
    ----------
    rules : Mapping[str, AccountRule]
        Rule key (as in `crosswalk`) -> rule.
    crosswalk : Crosswalk
        Account code -> rule key.
    covers : Mapping[str, tuple of str]
        Category -> the activity keys whose activity data replace its spend.
        A key ending in ``*`` is a prefix (``flight_*``); a key starting
        with ``~`` covers the category only in part (``~flight_*`` for
        mixed travel costs): its activity data leave the spend in, and the
        hybrid rule's decision warns that it may count those twice.
    name : str

    Examples
    --------
    >>> m = AccountMapping.from_records([
    ...     {"account": "65", "category": "tools"},
    ...     {"account": "6551", "category": "it_equipment"},
    ...     {"account": "5", "exclude": "not a purchase: wages"}], name="mine")
    >>> m.lookup("6551").category, m.lookup("6590").category, m.lookup("5000").exclude
    ('it_equipment', 'tools', 'not a purchase: wages')
    >>> m.lookup("3000") is None
    True
    """

    rules: Mapping[str, AccountRule]
    crosswalk: Crosswalk
    covers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    name: str = ""
    below: AccountMapping | None = None

    def __repr__(self) -> str:
        return f"<AccountMapping {self.name!r}: {len(self.rules)} rules{' over ' + repr(self.below.name) if self.below else ''}>"

    def lookup(self, account: str) -> AccountRule | None:
        """The rule for an account number, or ``None`` if no rule covers it."""
        account = account.strip()
        code = account
        if len(account) > 4 and account.isdigit() and account not in self.crosswalk.codes:
            code = account[:4]
        key = self.crosswalk.lookup(code)
        if key is not None:
            return self.rules[key]
        return self.below.lookup(account) if self.below is not None else None

    def layered(self, below: AccountMapping) -> AccountMapping:
        """Put `below` under this mapping: it answers for the accounts this one does not cover."""
        under = below if self.below is None else self.below.layered(below)
        return attrs.evolve(self, below=under, covers={**below.covers, **self.covers})

    @property
    def categories(self) -> set[str]:
        """Every category the mapping (and those below it) can give."""
        own = {r.category for r in self.rules.values() if r.category}
        return own | (self.below.categories if self.below else set())

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        name: str,
        covers: Mapping[str, Sequence[str]] | None = None,
        lines: Sequence[int] | None = None,
    ) -> AccountMapping:
        """Build from rows with ``account`` and ``category`` or ``exclude`` (and optional ``side``).

        Raises
        ------
        MappingError
            Listing every row without an account, with both or neither of
            category and exclude, with an unknown side, and every account or
            range given twice.
        """
        rows = list(records)
        numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
        issues: list[LineIssue] = []
        rules: dict[str, AccountRule] = {}
        walk: list[dict[str, str]] = []
        walk_lines: list[int] = []
        for line, row in zip(numbers, rows, strict=True):
            account = str(row.get("account") or "").strip()
            category = str(row.get("category") or "").strip()
            exclude = str(row.get("exclude") or "").strip()
            side = str(row.get("side") or "").strip().lower()
            if not account:
                issues.append(
                    LineIssue(line, "account", "", "an account (6551), a range (6500-6599) or a group (65)")
                )
                continue
            if bool(category) == bool(exclude):
                issues.append(
                    LineIssue(
                        line, "category", category, "a category, or else a reason in 'exclude' (not both)"
                    )
                )
                continue
            if side not in ("", "debit", "both"):
                issues.append(LineIssue(line, "side", side, "'debit' (only debits are purchases) or empty"))
                continue
            if exclude and not exclude.lower().startswith("not a purchase"):
                exclude = f"not a purchase: {exclude}"
            key = f"{line}"
            rules[key] = AccountRule(category, exclude, side == "debit", f"{name}, line {line}")
            walk.append({"code": account, "activity": key})
            walk_lines.append(line)
        try:
            crosswalk = Crosswalk.from_records(walk, name=name, prefix=True, lines=walk_lines)
        except DataError as e:
            issues += [attrs.evolve(i, field="account") for i in e.issues]
            crosswalk = Crosswalk(name, {})
        if issues:
            raise MappingError(
                f"account mapping {name!r}: invalid rows", tuple(sorted(issues, key=lambda i: i.line))
            )
        return cls(rules, crosswalk, {k: tuple(v) for k, v in (covers or {}).items()}, name)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, name: str | None = None) -> AccountMapping:
        """Read a mapping CSV: ``account`` and ``category`` or ``exclude``; optional ``side``; ``#`` comments.

        Raises
        ------
        MappingError
            If the file cannot be read, lacks the account column, or has invalid rows.
        """
        path = os.fspath(path)
        lines, rows = read_reference_csv(path, ("account",), MappingError)
        if rows and "category" not in rows[0] and "exclude" not in rows[0]:
            raise MappingError(f"{path}: expected a 'category' column (and optionally 'exclude', 'side')")
        try:
            return cls.from_records(rows, name=name or os.path.basename(path), lines=lines)
        except MappingError as e:
            raise MappingError(f"{path}: {e.message}", e.issues) from None


def ledger_activities(
    ledger: Ledger,
    mapping: AccountMapping,
    *,
    region: str = "NO",
    activities: ActivityTable | None = None,
    hybrid: bool = True,
    covered: Mapping[str, Mapping[int, str]] | None = None,
) -> ActivityTable:
    """One activity line per ledger line: purchases by category, the rest excluded with reasons.

    Parameters
    ----------
    ledger : Ledger
    mapping : AccountMapping
        Usually ``AccountMapping.from_csv(yours).layered(database mapping)``.
    region : str, default "NO"
        Where the purchases are assumed to be made (the spend model's region).
    activities : ActivityTable, optional
        The inventory's activity data, for the hybrid rule when `covered`
        is not given: its valid lines count as covering (of their year).
    hybrid : bool, default True
        Exclude the spend of categories the activity data cover.
    covered : Mapping[str, Mapping[int, str]], optional
        Category -> year -> exclusion reason: the spend to leave out, from
        :func:`coverage` (which counts only calculated activity lines).

    Returns
    -------
    ActivityTable
        Activity key: the purchase category; amount: debit minus credit in
        the ledger's currency; year: the booking year; tags ``account``,
        ``standard_account``, ``supplier``, ``supplier_number`` (the
        supplier's organisation number, from a SAF-T file's master files),
        ``department``, ``description``
        and ``method`` (``"spend"``); excluded lines carry their reason.
    """
    n = len(ledger)
    accounts = ledger.account.categories
    standard = [_standard(a, ledger.accounts.get(a)) for a in accounts]
    rules = [mapping.lookup(_mapping_code(a, s)) for a, s in zip(accounts, standard, strict=True)]
    if not hybrid:
        covered = {}
    elif covered is None:
        covered = coverage(mapping, activities) if activities is not None else {}

    # per account: category, exclusion and whether only debits are purchases
    category = [r.category if r else "" for r in rules]
    exclusion = [r.exclude if r and r.exclude else "" for r in rules]
    debit_only = np.array([bool(r and r.debit_only) for r in rules] + [False])
    codes = ledger.account.codes
    amount = ledger.amount
    # a credit on a debit-only account gets one more exclusion reason, after the accounts'
    credit_on_asset = debit_only[codes] & (amount < 0)
    extra = [_CREDIT_ON_ASSET] if credit_on_asset.any() else []
    activity = Categorical.from_codes(np.where(credit_on_asset, -1, codes), category)
    dates = ledger.date
    year = np.where(np.isnat(dates), -1, dates.astype("datetime64[Y]").astype(np.int64) + 1970).astype(
        np.int32
    )
    excluded = Categorical.from_codes(np.where(credit_on_asset, len(accounts), codes), [*exclusion, *extra])

    # what cannot be calculated: unmapped accounts, what the reader flagged (by row), no account
    expected = [
        f"an account the mapping {mapping.name!r} covers: give account {account}"
        f"{f' (standard account {standard[code]})' if standard[code] else ''} a category in a mapping CSV"
        if rule is None
        else ""
        for code, (account, rule) in enumerate(zip(accounts, rules, strict=True))
    ]
    unmapped = np.array([rule is None for rule in rules] + [False])  # last: no account
    rows = np.flatnonzero(unmapped[codes])
    missing = np.flatnonzero((codes < 0) & ~ledger.problems.mask(n))
    problems = Problems.concat([
        Problems.from_columns(
            row=rows, line=ledger.line[rows], field=Categorical(np.zeros(len(rows), np.int32), ("account",)),
            value=Categorical(codes[rows], accounts), expected=Categorical.from_codes(codes[rows], expected),
        ),
        ledger.problems,  # by row: a SAF-T file's lines may share an XML line
        Problems.from_columns(
            row=missing, line=ledger.line[missing],
            field=Categorical(np.zeros(len(missing), np.int32), ("account",)),
            value=Categorical.empty(len(missing)),
            expected=Categorical(np.zeros(len(missing), np.int32), ("an account number",)),
        ),
    ])  # fmt: skip

    account_col = ledger.account
    tags = {
        "account": account_col,
        "standard_account": Categorical.from_codes(codes, standard),
        "supplier": ledger.supplier,
        "supplier_number": ledger.supplier_numbers(),
        "department": ledger.department,
        "description": ledger.description,
    }
    table = ActivityTable(
        activity=activity,
        amount=amount,
        unit=Categorical(codes=np.zeros(n, dtype=np.int32), categories=(ledger.currency,)),
        region=Categorical(codes=np.zeros(n, dtype=np.int32), categories=(region.upper(),)),
        year=year,
        scope=np.zeros(n, dtype=np.int8),
        category=np.zeros(n, dtype=np.int8),
        site=Categorical.empty(n),
        id=ledger.transaction,
        tags=tags,
        line=ledger.line,
        problems=problems,
        source=ledger.source,
        exclusion=excluded,
        marks={SPEND_TAG: Categorical(codes=np.zeros(n, dtype=np.int32), categories=("spend",))},
    )
    return exclude_covered(table, covered) if covered else table


def exclude_covered(table: ActivityTable, covered: Mapping[str, Mapping[int, str]]) -> ActivityTable:
    """Exclude the spend lines of the categories and years activity data cover, with the reasons.

    Parameters
    ----------
    table : ActivityTable
        Spend lines (:func:`ledger_activities`).
    covered : Mapping[str, Mapping[int, str]]
        Category -> year -> reason, from :func:`coverage`. Lines already
        excluded keep their reason.
    """
    current = table.exclusion or Categorical.empty(len(table))
    reasons, why = list(current.categories), current.codes
    open_lines = why < 0
    categories = table.activity.categories
    for category, by_year in covered.items():
        wanted = np.array([c == category for c in categories] + [False])[table.activity.codes] & open_lines
        for year, reason in by_year.items():
            rows = wanted & (table.year == year)
            if rows.any():
                why = np.where(rows, len(reasons), why)
                reasons.append(reason)
    return attrs.evolve(table, exclusion=Categorical.from_codes(why, reasons))


def spent_categories(table: ActivityTable) -> set[str]:
    """The categories a spend table has lines in that are not excluded."""
    codes = np.unique(table.activity.codes[~table.excluded])
    return {table.activity.categories[c] for c in codes.tolist() if c >= 0}


def _standard(account: str, declared: Account | None) -> str:
    """The standard account a SAF-T file gives an account: StandardAccountID, else a grouping code.

    A grouping code (SAF-T 1.30: an RF-1167 or RF-1175 post) is used only
    for an account that is not itself a 4-digit NS 4102 number.
    """
    if declared is None:
        return ""
    if declared.standard_account:
        return declared.standard_account
    if declared.grouping_code and not (account.isdigit() and len(account) == 4):
        return declared.grouping_code
    return ""


def _mapping_code(account: str, standard: str) -> str:
    """The code to map an account by: its standard account, or itself when that only names its group.

    A SAF-T account maps to a 4-digit standard account or to a 2-digit
    group; an account numbered inside the group it names (6300 in group 63)
    is more specific than the group.
    """
    if not standard:
        return account
    if len(standard) < 4 and account.startswith(standard) and account.isdigit():
        return account
    return standard


def hybrid_decisions(
    mapping: AccountMapping,
    activities: ActivityTable,
    calculated: npt.NDArray[np.bool_] | None = None,
    *,
    organisation: str | Sequence[str] = "",
    spent: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Per category and year the activity data touch: whether its spend is left out, and why.

    Parameters
    ----------
    mapping : AccountMapping
        Its :attr:`~AccountMapping.covers` says which activity keys cover
        which category.
    activities : ActivityTable
        The inventory's activity lines.
    calculated : numpy.ndarray of bool, optional
        Which activity lines were calculated (default: the lines without
        problems). Only calculated lines cover spend.
    organisation : str or sequence of str
        The ledger's organisation (name, registration number): activity
        lines with an ``organisation`` tag count only when it is one of
        these (case-insensitive); lines without the tag count.
    spent : iterable of str, optional
        The categories the ledger has spend in; only these get a decision
        (default: every category the mapping's covers name).

    Returns
    -------
    list of dict
        ``category``, ``year``, ``activities`` (the covering keys present),
        ``lines`` and ``calculated`` (covering lines, and how many
        calculated), ``excluded`` (bool: the category's spend of that year
        is left out, which it is only when every covering line calculated)
        and ``reason`` (one sentence).
    """
    ok = activities.valid if calculated is None else calculated & activities.valid
    codes, keys = activities.activity.codes, activities.activity.categories
    categories = set(mapping.covers) if spent is None else set(spent) & set(mapping.covers)
    names = {n.strip().lower() for n in ([organisation] if isinstance(organisation, str) else organisation)}
    names.discard("")
    tag = activities.tags.get("organisation")
    if names and tag is not None:
        own = np.array([c.strip().lower() in names for c in tag.categories] + [True])
        same = own[tag.codes]  # code -1 (no tag) picks the last, True
    else:
        same = np.ones(len(activities), dtype=np.bool_)
    out: list[dict[str, Any]] = []
    for category, covering in mapping.covers.items():
        if category not in categories:
            continue
        full = [c for c in covering if not c.startswith("~")]
        part = [c[1:] for c in covering if c.startswith("~")]
        wanted = np.array([_covered_by(k, full) for k in keys] + [False])
        partly = np.array([_covered_by(k, part) and not _covered_by(k, full) for k in keys] + [False])
        live = same & ~activities.excluded  # lines of another year cover nothing
        rows, partial = wanted[codes] & live, partly[codes] & live & ok
        for year in np.unique(activities.year[partial & ~rows]).tolist():
            here = partial & (activities.year == year)
            present = sorted({keys[c] for c in np.unique(codes[here]).tolist()})
            when = f"of {year}" if year >= 0 else "without a year"
            reason = (
                f"spend of {category!r} kept: it is a mix that activity lines {when} ({', '.join(present)}) "
                "cover only in part, so they may be counted twice; book them on an account of their own and "
                "map it (a mapping CSV) to a category they cover"
            )
            out.append({"category": category, "year": int(year), "activities": present, "lines": int(here.sum()),
                        "calculated": int(here.sum()), "excluded": False, "reason": reason})  # fmt: skip
        for year in np.unique(activities.year[rows]).tolist():
            here = rows & (activities.year == year)
            present = sorted({keys[c] for c in np.unique(codes[here]).tolist()})
            done = int(np.sum(here & ok))
            total = int(np.sum(here))
            when = f"of {year}" if year >= 0 else "without a year"
            if 0 < done < total:
                reason = (
                    f"spend of {category!r} kept: {total - done} of its {total} activity lines {when} "
                    f"({', '.join(present)}) were not calculated, so the spend is not replaced (the "
                    f"{done} calculated may count twice until the others are)"
                )
            elif done:
                reason = (
                    f"covered by activity data ({', '.join(present)}, {done} calculated line"
                    f"{'s' if done != 1 else ''} {when}): spend of {category!r} left out to avoid double "
                    "counting (hybrid rule)"
                )
            else:
                reason = (
                    f"spend of {category!r} kept: its activity lines {when} ({', '.join(present)}) "
                    f"were not calculated ({total} unresolved), so they cover nothing"
                )
            out.append({"category": category, "year": int(year), "activities": present, "lines": total,
                        "calculated": done, "excluded": done == total, "reason": reason})  # fmt: skip
    return sorted(out, key=lambda d: (d["category"], d["year"]))


def _covered_by(key: str, patterns: Sequence[str]) -> bool:
    """Whether an activity key is one of the patterns (a pattern ending in ``*`` is a prefix)."""
    return any(key.startswith(p[:-1]) if p.endswith("*") else key == p for p in patterns)


def coverage(
    mapping: AccountMapping,
    activities: ActivityTable,
    calculated: npt.NDArray[np.bool_] | None = None,
    *,
    organisation: str | Sequence[str] = "",
    year: int | None = None,
    spent: Iterable[str] | None = None,
) -> dict[str, dict[int, str]]:
    """Category -> year -> exclusion reason: the spend that calculated activity data cover.

    See :func:`hybrid_decisions` for the parameters; lines without a year
    cover `year` (the reporting year) when it is given.
    """
    decisions = hybrid_decisions(mapping, activities, calculated, organisation=organisation, spent=spent)
    return covered_by(decisions, year)


def covered_by(decisions: Iterable[Mapping[str, Any]], year: int | None = None) -> dict[str, dict[int, str]]:
    """Category -> year -> exclusion reason, from :func:`hybrid_decisions` (those that leave spend out).

    A decision for lines without a year applies to `year`, when given.
    """
    out: dict[str, dict[int, str]] = {}
    for decision in decisions:
        if decision["excluded"]:
            at = decision["year"] if decision["year"] >= 0 else year
            if at is not None:
                out.setdefault(decision["category"], {})[at] = decision["reason"]
    return out
