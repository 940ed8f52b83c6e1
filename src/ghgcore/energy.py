"""Energy use in MWh and its mix (fossil, renewable, nuclear), from an inventory's activity lines.

ESRS E1-5 (and the VSME's B3) ask for the energy an organisation consumed in
its own operations, in MWh, split by source: fossil, nuclear and renewable.
The activity lines of a greenhouse-gas inventory hold that energy already:
fuels burnt (scope 1) and electricity, heat and steam bought (scope 2).
:func:`energy_use` turns them into MWh, and the MWh into the mix.

Which lines count
    Calculated lines of scope 1 and 2: the organisation's own operations.
    Scope 3 lines (flights, purchases, waste, the well-to-tank of the fuels
    already counted) are someone else's energy and are never counted;
    neither are lines excluded on purpose. Unresolved lines are counted
    apart (:attr:`EnergyUse.unresolved_mwh`), never in the total.

How a line becomes MWh
    A line in a unit of energy (``kWh``, ``MWh``, ``GJ``, ``therm``: energy
    at the fuel's net calorific value, as everywhere in ghgcore) is
    converted by its unit. Any other line needs the *energy content* of its
    activity key (after crosswalks) per a unit it converts to: ``L`` of
    diesel, ``Sm3`` of natural gas, and ``kWh_gross`` (energy at gross
    calorific value, a dimension of its own) as net kWh per gross kWh. The
    contents are :class:`EnergyContents`: your own, and those the factor
    databases ship (:meth:`ghgcore.plugins.FactorDatabase.energy_contents`),
    searched as factors are (years, then regions with the calculation's
    fallback rules, then the contents in order, yours first). Each distinct
    pair of units is converted once, never line by line.

What is not counted
    A scope 1 or 2 line whose key has no content for its unit (coal in
    litres, natural gas in ``m**3`` rather than ``Sm3``, a gas bill in
    ``kWh_gross`` without a net/gross ratio, a fuel bought in ``NOK``) is
    *unknown*: listed by key with its line count and a note saying why,
    never dropped silently. Keys a database marks as carrying no energy
    (refrigerants leaked, process emissions) are *not energy*, as are scope
    3 lines.

The mix
    A line's MWh take the shares of its carrier: a fuel is fossil or
    renewable (a blend by its share), electricity and heat the supply mix
    of their region and year where a content gives one. Electricity covered
    by contractual instruments of renewable origin (guarantees of origin,
    renewable energy certificates, PPAs: :mod:`ghgcore.instruments`) is
    renewable for the kWh covered. Whatever has no mix is *unspecified*, and
    a note says how much: ESRS counts energy as renewable only where its
    origin is clear.

>>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
>>> factors = FactorSet.from_factors([
...     EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1),
...     EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="example", scope=2),
... ], name="example", version="1")
>>> contents = EnergyContents.from_records([
...     {"activity": "diesel", "unit": "L", "kwh_per_unit": 10, "kind": "fossil", "source": "example"},
... ])
>>> result = calculate([Activity.of("diesel", 1000, "L"), Activity.of("electricity", 5, "MWh")], factors)
>>> use = energy_use(result, contents)
>>> use.total_mwh, use.by_kind["fossil"], use.by_kind["unspecified"]
(15.0, 10.0, 5.0)
>>> use.notes[0]
'electricity without a supply mix: 5.0 MWh counted as unspecified'
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore._reference import finite_number, read_reference_csv
from ghgcore.activities import MAX_YEAR, MIN_YEAR
from ghgcore.errors import DataError, LineIssue, UnitError
from ghgcore.factors import format_years, parse_years
from ghgcore.resolution import Fallback, _covers, _width, region_chain
from ghgcore.units import conversion_factor, currency_of, dimensionality

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = [
    "KINDS",
    "RENEWABLE_INSTRUMENTS",
    "EnergyContents",
    "EnergyUse",
    "energy_use",
]

#: The kinds of energy source, in the order of :attr:`EnergyContents.shares` and :attr:`EnergyUse.by_kind`.
KINDS = ("fossil", "renewable", "nuclear", "unspecified")
#: Instrument kinds (:attr:`ghgcore.instruments.Instrument.kind`, compared without regard to case)
#: whose covered kWh count as renewable: certificates and contracts of renewable origin.
RENEWABLE_INSTRUMENTS = frozenset({"go", "rec", "ppa"})
#: How far shares may add up away from 1 (rounding in published tables).
SHARE_TOLERANCE = 1e-6

_EXPECT_KEY = "an activity key, such as diesel"
_EXPECT_CONTENT = "energy per unit greater than 0, finite, such as 10.04 (kWh per unit, net calorific value)"
_EXPECT_SHARE = "a share between 0 and 1, such as 0.94"
_EXPECT_KIND = f"one of {', '.join(KINDS)}"
_EXPECT_YEARS = "a year such as 2023 or a range such as 2019- or 2020-2023"
#: Fields whose problems are one problem: a kind or shares that could not be read are not checked again.
_GROUPS = {field: "shares" for field in ("kind", "shares", *KINDS)}


def _energy_dimension() -> str:
    return dimensionality("kWh")


# --------------------------------------------------------------------------
# energy contents


@attrs.frozen(eq=False)
class EnergyContents:
    """Energy per unit and the mix of energy carriers, by activity key, region and years, as columns.

    One row per activity key, region, validity and unit: how many kWh (at
    net calorific value) one unit of the activity holds, and the shares of
    its energy that are fossil, renewable, nuclear and unspecified (summing
    to 1). Build one with :meth:`from_columns`, :meth:`from_records` or
    :meth:`from_csv`; every row is checked and every invalid one listed.

    A row in a unit of energy (``kWh``) gives the mix only: lines in units
    of energy are converted by their unit. A row in ``kWh_gross`` (energy at
    gross calorific value) gives the net kWh per gross kWh.

    Attributes
    ----------
    activity, unit, region, source : tuple of str
        The activity key, the unit the content is per, the region
        (``""``: any) and the citation of each row.
    kwh_per_unit : numpy.ndarray of float64
        kWh (net calorific value) per unit.
    shares : numpy.ndarray of float64, shape (rows, 4)
        Fossil, renewable, nuclear and unspecified shares (:data:`KINDS`).
    valid_from, valid_to : numpy.ndarray of int32
        The years each row is for (``-1``: open).
    not_energy : frozenset of str
        Activity keys that carry no energy (refrigerants, process emissions):
        their lines are counted as not energy rather than unknown.
    name : str
        Shown in messages (a file's path, a database's name).

    Examples
    --------
    >>> contents = EnergyContents.from_records([
    ...     {"activity": "hvo", "unit": "L", "kwh_per_unit": 9.5, "kind": "renewable", "source": "s"},
    ...     {"activity": "electricity", "unit": "kWh", "region": "NO", "year": "2023",
    ...      "renewable": 0.95, "unspecified": 0.05, "source": "NVE"},
    ... ])
    >>> len(contents), contents.shares[1].tolist()
    (2, [0.0, 0.95, 0.0, 0.05])
    >>> EnergyContents.from_records([{"activity": "x", "unit": "L", "kwh_per_unit": -1, "kind": "fossil",
    ...                               "source": "s"}])
    Traceback (most recent call last):
    ...
    ghgcore.errors.DataError: <records>: invalid energy contents:
      line 1, field 'kwh_per_unit': got '-1', expected energy per unit greater than 0, ...
    """

    activity: tuple[str, ...]
    unit: tuple[str, ...]
    kwh_per_unit: npt.NDArray[np.float64]
    shares: npt.NDArray[np.float64]
    source: tuple[str, ...]
    region: tuple[str, ...]
    valid_from: npt.NDArray[np.int32]
    valid_to: npt.NDArray[np.int32]
    not_energy: frozenset[str] = frozenset()
    name: str = ""

    def __attrs_post_init__(self) -> None:
        issues = _check_columns(self, list(range(1, len(self.activity) + 1)))
        if issues:
            raise DataError(f"{self.name or 'energy contents'}: invalid energy contents", tuple(issues))

    def __len__(self) -> int:
        return len(self.activity)

    def __repr__(self) -> str:
        return (
            f"<EnergyContents {self.name or '(unnamed)'}: {len(self)} rows, {len(set(self.activity))} keys>"
        )

    @classmethod
    def from_columns(
        cls,
        *,
        activity: Sequence[str],
        unit: Sequence[str],
        kwh_per_unit: Sequence[float] | npt.NDArray[np.float64],
        source: Sequence[str],
        fossil: Sequence[float] | npt.NDArray[np.float64] | None = None,
        renewable: Sequence[float] | npt.NDArray[np.float64] | None = None,
        nuclear: Sequence[float] | npt.NDArray[np.float64] | None = None,
        unspecified: Sequence[float] | npt.NDArray[np.float64] | None = None,
        region: Sequence[str] | None = None,
        valid_from: Sequence[int] | npt.NDArray[np.int32] | None = None,
        valid_to: Sequence[int] | npt.NDArray[np.int32] | None = None,
        not_energy: Iterable[str] = (),
        name: str = "",
    ) -> EnergyContents:
        """Build from columns of equal length; a missing share column is all 0, a missing year open.

        Raises
        ------
        DataError
            Listing every invalid row (by its position, from 1), or naming a
            column of another length.

        Examples
        --------
        >>> c = EnergyContents.from_columns(activity=["coal"], unit=["kg"], kwh_per_unit=[7.06],
        ...                                 fossil=[1.0], source=["BEIS/DESNZ 2021"])
        >>> c.region, c.valid_from.tolist()
        (('',), [-1])
        """
        n = len(activity)
        given = {
            "unit": unit, "kwh_per_unit": kwh_per_unit, "source": source, "fossil": fossil,
            "renewable": renewable, "nuclear": nuclear, "unspecified": unspecified, "region": region,
            "valid_from": valid_from, "valid_to": valid_to,
        }  # fmt: skip
        wrong = [f"{k} has {len(v)}" for k, v in given.items() if v is not None and len(v) != n]
        if wrong:
            raise DataError(f"{name or 'energy contents'}: columns of different lengths: activity has {n}, "
                            + ", ".join(wrong))  # fmt: skip

        def floats(values: Any) -> npt.NDArray[np.float64]:
            return np.zeros(n) if values is None else np.asarray(values, dtype=np.float64).reshape(n)

        def years(values: Any) -> npt.NDArray[np.int32]:
            return (
                np.full(n, -1, np.int32) if values is None else np.asarray(values, dtype=np.int32).reshape(n)
            )

        return cls(
            activity=tuple(str(a).strip() for a in activity),
            unit=tuple(str(u).strip() for u in unit),
            kwh_per_unit=floats(kwh_per_unit),
            shares=np.column_stack([floats(fossil), floats(renewable), floats(nuclear), floats(unspecified)]),
            source=tuple(str(s).strip() for s in source),
            region=tuple(str(r).strip().upper() for r in region) if region is not None else ("",) * n,
            valid_from=years(valid_from),
            valid_to=years(valid_to),
            not_energy=frozenset(str(k).strip() for k in not_energy),
            name=name,
        )

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        not_energy: Iterable[str] = (),
        name: str = "<records>",
        lines: Sequence[int] | None = None,
    ) -> EnergyContents:
        """Build from rows such as a CSV's (:meth:`from_csv` says which columns).

        Raises
        ------
        DataError
            Listing every invalid row.
        """
        rows = list(records)
        numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
        columns: dict[str, list[Any]] = {
            k: [] for k in ("activity", "unit", "kwh_per_unit", "source", "region")
        }
        shares: list[list[float]] = []
        valid: list[tuple[int, int]] = []
        issues: list[LineIssue] = []
        for line, raw in zip(numbers, rows, strict=True):
            row = {str(k).strip().lower(): ("" if v is None else str(v).strip()) for k, v in raw.items()}
            unit = row.get("unit", "")
            content = row.get("kwh_per_unit", "")
            kwh = finite_number(content) if content else _kwh_of_energy_unit(unit)
            if kwh is None:
                expected = (
                    _EXPECT_CONTENT if content else f"{_EXPECT_CONTENT} (only a unit of energy needs none)"
                )
                issues.append(LineIssue(line, "kwh_per_unit", content, expected))
            share = _record_shares(line, row, issues)
            span = _record_years(line, row.get("year", ""), issues)
            columns["activity"].append(row.get("activity", ""))
            columns["unit"].append(unit)
            columns["kwh_per_unit"].append(math.nan if kwh is None else kwh)
            columns["source"].append(row.get("source", ""))
            columns["region"].append(row.get("region", "").upper())
            shares.append(share)
            valid.append(span)
        n = len(rows)
        table = _Unchecked(  # checked as a whole, with the file's lines, before an EnergyContents is made
            activity=tuple(columns["activity"]),
            unit=tuple(columns["unit"]),
            kwh_per_unit=np.asarray(columns["kwh_per_unit"], dtype=np.float64).reshape(n),
            shares=np.asarray(shares, dtype=np.float64).reshape(n, len(KINDS)),
            source=tuple(columns["source"]),
            region=tuple(columns["region"]),
            valid_from=np.array([v[0] for v in valid], dtype=np.int32),
            valid_to=np.array([v[1] for v in valid], dtype=np.int32),
        )
        # a value that could not be read is named once, not again by the checks of what it became
        unread = {(i.line, _GROUPS.get(i.field, i.field)) for i in issues}
        issues += [
            i for i in _check_columns(table, numbers) if (i.line, _GROUPS.get(i.field, i.field)) not in unread
        ]
        if issues:
            issues.sort(key=lambda i: i.line)
            raise DataError(f"{name}: invalid energy contents", tuple(issues))
        return cls(
            activity=table.activity, unit=table.unit, kwh_per_unit=table.kwh_per_unit, shares=table.shares,
            source=table.source, region=table.region, valid_from=table.valid_from, valid_to=table.valid_to,
            not_energy=frozenset(str(k).strip() for k in not_energy), name=name,
        )  # fmt: skip

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, not_energy: Iterable[str] = ()) -> EnergyContents:
        """Read an energy contents CSV (UTF-8, a header row, ``#`` comment lines skipped).

        ==================  ========  ==============================================
        column              required  meaning
        ==================  ========  ==============================================
        ``activity``        yes       activity key (as the factors have it)
        ``unit``            yes       the unit the content is per (``L``, ``kg``)
        ``kwh_per_unit``    no        kWh at net calorific value per unit;
                                      none for a row in a unit of energy
        ``source``          yes       citation
        ``region``          no        country or zone; blank: any
        ``year``            no        ``2023``, ``2019-``, ``-2018``, ``2020-2023``
        ``kind``            no        ``fossil``, ``renewable``, ``nuclear`` or
                                      ``unspecified``: all of the energy
        ``fossil``,         no        shares (0 to 1) summing to 1, instead of
        ``renewable``,                ``kind``; a blank share is 0
        ``nuclear``,
        ``unspecified``
        ==================  ========  ==============================================

        Raises
        ------
        DataError
            If the file cannot be read, lacks a required column, names one
            twice, or has invalid rows (listing every one).
        """
        path = os.fspath(path)
        lines, rows = read_reference_csv(path, ("activity", "unit", "source"), DataError)
        return cls.from_records(rows, not_energy=not_energy, name=path, lines=lines)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts (the CSV's columns, shares as numbers), for inspection and export."""
        out = []
        for i in range(len(self)):
            lo, hi = int(self.valid_from[i]), int(self.valid_to[i])
            out.append({
                "activity": self.activity[i], "unit": self.unit[i], "kwh_per_unit": float(self.kwh_per_unit[i]),
                "region": self.region[i], "year": format_years(lo if lo >= 0 else None, hi if hi >= 0 else None),
                **{kind: float(self.shares[i, k]) for k, kind in enumerate(KINDS)}, "source": self.source[i],
            })  # fmt: skip
        return out


@attrs.frozen(eq=False)
class _Unchecked:
    """The columns of energy contents before they are checked (for :meth:`EnergyContents.from_records`)."""

    activity: tuple[str, ...]
    unit: tuple[str, ...]
    kwh_per_unit: npt.NDArray[np.float64]
    shares: npt.NDArray[np.float64]
    source: tuple[str, ...]
    region: tuple[str, ...]
    valid_from: npt.NDArray[np.int32]
    valid_to: npt.NDArray[np.int32]


def _kwh_of_energy_unit(unit: str) -> float | None:
    """The kWh per `unit` if it is a unit of energy (a row that gives the mix only); else ``None``."""
    try:
        if dimensionality(unit) != _energy_dimension():
            return None
        return conversion_factor(unit, "kWh")
    except UnitError:
        return None


def _record_shares(line: int, row: Mapping[str, str], issues: list[LineIssue]) -> list[float]:
    """A row's four shares, from ``kind`` or from the share columns; problems added to `issues`."""
    kind = row.get("kind", "").lower()
    written = {k: row.get(k, "") for k in KINDS}
    if kind:
        if kind not in KINDS:
            issues.append(LineIssue(line, "kind", row.get("kind", ""), _EXPECT_KIND))
            return [math.nan] * len(KINDS)
        given = [k for k, v in written.items() if v]
        if given:
            issues.append(
                LineIssue(line, given[0], written[given[0]], f"a kind ({kind}) or shares, not both")
            )
            return [math.nan] * len(KINDS)
        return [1.0 if k == kind else 0.0 for k in KINDS]
    out = []
    for k in KINDS:
        text = written[k]
        value = finite_number(text) if text else 0.0
        if value is None:
            issues.append(LineIssue(line, k, text, _EXPECT_SHARE))
        out.append(math.nan if value is None else value)
    if not any(written.values()):
        issues.append(LineIssue(line, "kind", "", f"{_EXPECT_KIND}, or the shares ({', '.join(KINDS)})"))
    return out


def _record_years(line: int, text: str, issues: list[LineIssue]) -> tuple[int, int]:
    try:
        start, end = parse_years(text)
    except ValueError:
        issues.append(LineIssue(line, "year", text, _EXPECT_YEARS))
        return -1, -1
    return (-1 if start is None else start), (-1 if end is None else end)


def _check_columns(table: EnergyContents | _Unchecked, lines: Sequence[int]) -> list[LineIssue]:
    """Every problem of the rows: keys, units, contents, shares, years, sources, repeated rows."""
    issues: list[LineIssue] = []
    n = len(table.activity)
    for name in ("unit", "source", "region"):
        if len(getattr(table, name)) != n:
            return [LineIssue(0, name, str(len(getattr(table, name))), f"{n} values, one per row")]
    if table.kwh_per_unit.shape != (n,) or table.shares.shape != (n, len(KINDS)):
        return [LineIssue(0, "kwh_per_unit", str(table.kwh_per_unit.shape), f"{n} values, one per row")]
    if table.valid_from.shape != (n,) or table.valid_to.shape != (n,):
        return [LineIssue(0, "year", str(table.valid_from.shape), f"{n} values, one per row")]
    kwh = table.kwh_per_unit
    bad_kwh = ~(np.isfinite(kwh) & (kwh > 0))
    shares = table.shares
    in_range = np.isfinite(shares) & (shares >= 0) & (shares <= 1)
    sums = shares.sum(axis=1)
    bad_sum = in_range.all(axis=1) & (np.abs(sums - 1.0) > SHARE_TOLERANCE)
    lo, hi = table.valid_from, table.valid_to
    bad_years = ((lo >= 0) & ((lo < MIN_YEAR) | (lo > MAX_YEAR))) | (
        (hi >= 0) & ((hi < MIN_YEAR) | (hi > MAX_YEAR))
    )
    bad_years |= (lo >= 0) & (hi >= 0) & (hi < lo)
    bad_years |= ((lo < 0) & (lo != -1)) | ((hi < 0) & (hi != -1))
    units: dict[str, str] = {}
    seen: dict[tuple[str, str, int, int, str], int] = {}
    for i in range(n):
        line = lines[i]
        key, unit = table.activity[i], table.unit[i]
        if not key:
            issues.append(LineIssue(line, "activity", key, _EXPECT_KEY))
        if unit not in units:
            try:
                dims = dimensionality(unit)
                units[unit] = "" if currency_of(unit) is None else "money"
                if dims == _energy_dimension() and not units[unit]:
                    units[unit] = "energy"
            except UnitError as e:
                units[unit] = f"a unit such as L, kg, Sm3 or kWh_gross ({e})"
        what = units[unit]
        if what == "money":
            issues.append(LineIssue(line, "unit", unit, "a unit of a quantity of fuel or energy, not money"))
        elif what not in ("", "energy"):
            issues.append(LineIssue(line, "unit", unit, what))
        elif bad_kwh[i]:
            issues.append(LineIssue(line, "kwh_per_unit", _shown(kwh[i]), _EXPECT_CONTENT))
        elif what == "energy" and not math.isclose(
            float(kwh[i]), conversion_factor(unit, "kWh"), rel_tol=1e-9
        ):
            expected = (
                f"{conversion_factor(unit, 'kWh'):g} kWh per {unit} (or nothing: a unit of energy needs none)"
            )
            issues.append(LineIssue(line, "kwh_per_unit", _shown(kwh[i]), expected))
        for k, kind in enumerate(KINDS):
            if not in_range[i, k]:
                issues.append(LineIssue(line, kind, _shown(shares[i, k]), _EXPECT_SHARE))
        if bad_sum[i]:
            written = ", ".join(f"{kind} {shares[i, k]:g}" for k, kind in enumerate(KINDS) if shares[i, k])
            issues.append(
                LineIssue(line, "shares", written or "none", f"shares summing to 1, got {float(sums[i]):.6g}")
            )
        if bad_years[i]:
            issues.append(
                LineIssue(
                    line,
                    "year",
                    f"{lo[i]}-{hi[i]}",
                    f"{_EXPECT_YEARS}, of years from {MIN_YEAR} to {MAX_YEAR}",
                )
            )
        if not table.source[i]:
            issues.append(LineIssue(line, "source", "", "a citation: where the content and the mix are from"))
        identity = (key, table.region[i], int(lo[i]), int(hi[i]), unit)
        if identity in seen:
            issues.append(
                LineIssue(
                    line,
                    "activity",
                    key,
                    f"each activity, region, year and unit once (line {seen[identity]} has it)",
                )
            )
        else:
            seen[identity] = line
    return issues


def _shown(value: Any) -> str:
    return f"{float(value):g}"


# --------------------------------------------------------------------------
# looking contents up


class _Index:
    """Contents rows by activity and region, searched as factors are; unit pairs converted once each."""

    def __init__(self, contents: Sequence[EnergyContents], fallback: Fallback) -> None:
        self.contents = contents
        self.fallback = fallback
        self.rows: list[dict[tuple[str, str], list[int]]] = []
        for c in contents:
            by_key: dict[tuple[str, str], list[int]] = {}
            for i, (key, region) in enumerate(zip(c.activity, c.region, strict=True)):
                by_key.setdefault((key, region), []).append(i)
            self.rows.append(by_key)
        self.not_energy = frozenset().union(*(c.not_energy for c in contents))
        self.keys = frozenset(key for by_key in self.rows for key, _ in by_key)
        self.factors: dict[tuple[str, str], float | None] = {}

    def factor(self, from_unit: str, to_unit: str) -> float | None:
        """The conversion factor between two units, or ``None``; asked once per pair."""
        pair = (from_unit, to_unit)
        if pair not in self.factors:
            try:
                self.factors[pair] = conversion_factor(from_unit, to_unit)
            except UnitError:
                self.factors[pair] = None
        return self.factors[pair]

    def find(self, key: str, region: str, year: int, unit: str | None) -> tuple[int, int, float, str] | None:
        """The first row that fits, ``None`` if none: (contents, row, row units per line unit, fallback).

        With `unit` None, any row of the key (for its mix). The fallback is
        ``""``, ``"region"``, ``"year"`` or ``"region+year"``, as a factor's
        match (a row for any region is no fallback).
        """
        chain = region_chain(region, self.fallback.regions)
        stages = [0, 1, 2] if self.fallback.year and year >= 0 else [0]
        for stage in stages:
            for position, wanted in enumerate(chain):
                by_region = 0 < position < len(chain) - 1
                how = "+".join(["region"] * by_region + ["year"] * (stage > 0))
                for s, by_key in enumerate(self.rows):
                    candidates = by_key.get((key, wanted))
                    if not candidates:
                        continue
                    c = self.contents[s]
                    for i in self._ordered(c, candidates, year, stage):
                        if unit is None:
                            return s, i, 1.0, how
                        f = self.factor(unit, c.unit[i])
                        if f is not None:
                            return s, i, f, how
        return None

    def _ordered(self, c: EnergyContents, candidates: list[int], year: int, stage: int) -> list[int]:
        spans = [(i, int(c.valid_from[i]), int(c.valid_to[i])) for i in candidates]
        if stage == 0:
            return [
                i for i, lo, hi in sorted(spans, key=lambda s: _width(s[1], s[2])) if _covers(lo, hi, year)
            ]
        if stage == 1:
            back = self.fallback.years_back
            hits = [
                (year - hi, _width(lo, hi), i) for i, lo, hi in spans if 0 <= hi < year and year - hi <= back
            ]
        else:
            forward = self.fallback.years_forward
            hits = [
                (lo - year, _width(lo, hi), i) for i, lo, hi in spans if lo > year and lo - year <= forward
            ]
        return [i for _, _, i in sorted(hits)]


# --------------------------------------------------------------------------
# energy use


@attrs.frozen
class EnergyUse:
    """Energy consumed in own operations (scopes 1 and 2), in MWh, and its mix.

    Attributes
    ----------
    total_mwh : float
        The calculated scope 1 and 2 lines' energy.
    by_kind : Mapping[str, float]
        MWh by :data:`KINDS`: fossil, renewable, nuclear, unspecified (summing
        to `total_mwh`).
    by_activity : Mapping[str, float]
        MWh by activity key (after crosswalks), in key order.
    lines_counted : int
        Lines whose energy is in the total.
    not_energy : int
        Calculated lines that are no energy of the organisation's own: scope
        3 lines, and keys that carry none (refrigerants leaked).
    unknown : Mapping[str, int]
        Scope 1 and 2 lines that are energy but could not be counted, by key:
        no energy content for their unit, energy at gross calorific value
        without a net/gross ratio, an amount of money; :attr:`notes` say which.
    unresolved_lines : int
        Unresolved lines whose energy could be told (not in the total).
    unresolved_mwh : float
        Their energy.
    sources : Mapping[str, tuple of str]
        The citations of the contents and mixes used, by activity key.
    notes : tuple of str
        Sentences on what was assumed or left out, for disclosure.
    """

    total_mwh: float
    by_kind: Mapping[str, float]
    by_activity: Mapping[str, float]
    lines_counted: int
    not_energy: int
    unknown: Mapping[str, int] = attrs.field(factory=dict)
    unresolved_lines: int = 0
    unresolved_mwh: float = 0.0
    sources: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def renewable_share(self) -> float | None:
        """The renewable share of the total (0 to 1); ``None`` when no energy was counted."""
        if not self.total_mwh:
            return None
        return self.by_kind.get("renewable", 0.0) / self.total_mwh

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able summary, its keys in a stable order (kinds as :data:`KINDS`, activities sorted).

        Examples
        --------
        >>> use = EnergyUse(2.0, {"fossil": 1.5, "renewable": 0.5, "nuclear": 0.0, "unspecified": 0.0},
        ...                 {"diesel": 2.0}, lines_counted=1, not_energy=0)
        >>> list(use.to_dict())[:3], use.to_dict()["renewable_share"]
        (['total_mwh', 'renewable_share', 'by_kind'], 0.25)
        >>> EnergyUse.from_dict(use.to_dict()) == use
        True
        """
        return {
            "total_mwh": float(self.total_mwh),
            "renewable_share": self.renewable_share,
            "by_kind": {kind: float(self.by_kind.get(kind, 0.0)) for kind in KINDS},
            "by_activity": {k: float(self.by_activity[k]) for k in sorted(self.by_activity)},
            "lines_counted": int(self.lines_counted),
            "not_energy": int(self.not_energy),
            "unknown": {k: int(self.unknown[k]) for k in sorted(self.unknown)},
            "unresolved": {"lines": int(self.unresolved_lines), "mwh": float(self.unresolved_mwh)},
            "sources": {k: list(self.sources[k]) for k in sorted(self.sources)},
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EnergyUse:
        """Read back what :meth:`to_dict` wrote (a stored account's summary)."""
        unresolved = data.get("unresolved", {})
        return cls(
            total_mwh=float(data["total_mwh"]),
            by_kind={kind: float(data["by_kind"].get(kind, 0.0)) for kind in KINDS},
            by_activity={str(k): float(v) for k, v in data["by_activity"].items()},
            lines_counted=int(data["lines_counted"]),
            not_energy=int(data["not_energy"]),
            unknown={str(k): int(v) for k, v in data.get("unknown", {}).items()},
            unresolved_lines=int(unresolved.get("lines", 0)),
            unresolved_mwh=float(unresolved.get("mwh", 0.0)),
            sources={str(k): tuple(str(s) for s in v) for k, v in data.get("sources", {}).items()},
            notes=tuple(str(n) for n in data.get("notes", ())),
        )


#: Why a distinct line could not be counted (index into the per-combination reason).
_COUNTED, _NOT_ENERGY, _MONEY, _GROSS, _NO_CONTENT, _NOT_A_UNIT = range(6)
_WHY = {
    _MONEY: "in money (an amount of money gives no energy: give the kWh, litres or kg)",
    _GROSS: "at gross calorific value with no net/gross ratio for them (give net kWh, or a content per kWh_gross)",
    _NO_CONTENT: "in a unit no energy content converts (give one, in their unit, to your energy contents)",
    _NOT_A_UNIT: "in something that is not a unit",
}


def energy_use(
    result: Result, contents: EnergyContents | Sequence[EnergyContents] | None = None
) -> EnergyUse:
    """The energy of a result's scope 1 and 2 lines, in MWh, and its mix (see the module's notes).

    Parameters
    ----------
    result : Result
        A calculation's result.
    contents : EnergyContents or sequence of EnergyContents, optional
        In search order (your own first, then the databases':
        :attr:`ghgcore.sources.Sources.energy_contents`). Without any, only
        lines in units of energy are counted, all of it unspecified.

    Returns
    -------
    EnergyUse
    """
    from ghgcore.result import CALCULATED, MAX_VALUE, UNRESOLVED

    sets: tuple[EnergyContents, ...] = (
        () if contents is None else (contents,) if isinstance(contents, EnergyContents) else tuple(contents)
    )
    index = _Index(sets, result.fallback)
    table = result.activities
    status = np.asarray(result.lines["status"])
    scope = np.asarray(result.lines["scope"])
    key_column = result.lines["activity_key"]
    keys: tuple[str, ...] = key_column.categories  # type: ignore[union-attr]
    key_codes = np.asarray(key_column.codes)  # type: ignore[union-attr]
    own = (status == CALCULATED) & ((scope == 1) | (scope == 2))
    apart = (status == UNRESOLVED) & (table.scope != 3)
    rows = np.flatnonzero(own | apart)
    years = np.asarray(result.lines["year"]).astype(np.int64)
    combos, inverse = _distinct(
        [key_codes[rows], table.region.codes[rows], years[rows], table.unit.codes[rows]]
    )
    m = combos.shape[1]

    regions = ("", *table.region.categories)
    units = ("", *table.unit.categories)
    names = ("", *keys)
    mwh_per = np.full(m, np.nan)
    shares = np.full((m, len(KINDS)), np.nan)
    why = np.full(m, _COUNTED, dtype=np.int8)
    used: list[tuple[int, int] | None] = [None] * m  # the content row each combination used (for sources)
    stand_in = [""] * m  # a content of another region or year, in words
    kinds_of: dict[str, str] = {}
    energy = _energy_dimension()
    gross = dimensionality("kWh_gross")
    for j in range(m):
        k, r, y, u = (int(v) for v in combos[:, j])
        key, region, unit = names[k + 1], regions[r + 1], units[u + 1]
        if unit not in kinds_of:
            try:
                dims = dimensionality(unit)
                kinds_of[unit] = (
                    "money"
                    if currency_of(unit)
                    else "energy"
                    if dims == energy
                    else "gross"
                    if dims == gross
                    else ""
                )
            except UnitError:
                kinds_of[unit] = "invalid"
        kind = kinds_of[unit]
        if kind == "energy":
            mwh_per[j] = index.factor(unit, "MWh") or np.nan
            hit = index.find(key, region, y, None)
        elif kind in ("money", "invalid"):
            why[j] = _NOT_ENERGY if key in index.not_energy else _MONEY if kind == "money" else _NOT_A_UNIT
            continue
        else:
            hit = index.find(key, region, y, unit)
            if hit is None:
                why[j] = (
                    _NOT_ENERGY if key in index.not_energy else _GROSS if kind == "gross" else _NO_CONTENT
                )
                continue
            s, i, per, _ = hit
            mwh_per[j] = per * float(sets[s].kwh_per_unit[i]) / 1000.0
        if hit is not None:
            s, i, _, how = hit
            shares[j] = sets[s].shares[i]
            used[j] = (s, i)
            if how:
                content = sets[s]
                lo, hi = int(content.valid_from[i]), int(content.valid_to[i])
                years_of = format_years(lo if lo >= 0 else None, hi if hi >= 0 else None) or "any year"
                what = "supply mix" if kind == "energy" else "energy content"
                stand_in[j] = (
                    f"{key} in {region or 'no region'}, {y}: the {what} of "
                    f"{content.region[i] or 'any region'} {years_of} ({how} fallback)"
                )

    amount = table.amount[rows]
    mwh = amount * mwh_per[inverse]
    readable = np.isfinite(mwh) & (np.abs(amount) < MAX_VALUE)
    line_why = why[inverse]
    is_own = own[rows]
    counted = is_own & readable & (line_why == _COUNTED)
    # instruments of renewable origin cover part of a line's kWh
    covered = np.zeros(len(rows))
    covered_kwh = np.asarray(result.lines["instrument_kwh"], dtype=np.float64)[rows]
    foreign: dict[str, float] = {}  # MWh covered by instruments not of renewable origin, by their kind
    if (counted & (covered_kwh > 0)).any():
        kind_of = {u.id: u.kind for u in result.instrument_uses}
        held = np.flatnonzero(counted & (covered_kwh > 0))
        ids = Categorical.from_values(np.asarray(result.lines["instrument_ids"], dtype=object)[rows[held]])
        held_kinds = [{kind_of.get(part, "") for part in text.split(";") if part} for text in ids.categories]
        renewable = np.array(
            [bool(h) and all(x.strip().lower() in RENEWABLE_INSTRUMENTS for x in h) for h in held_kinds]
            + [False]
        )
        ok = renewable[ids.codes]
        covered[held[ok]] = np.minimum(covered_kwh[held[ok]] / 1000.0, np.maximum(mwh[held[ok]], 0.0))
        for c, held_kind in enumerate(held_kinds):
            if not renewable[c]:
                there = held[ids.codes == c]
                label = ", ".join(
                    sorted(x for x in held_kind if x.strip().lower() not in RENEWABLE_INSTRUMENTS)
                )
                foreign[label or "unknown"] = foreign.get(label or "unknown", 0.0) + float(
                    np.minimum(covered_kwh[there] / 1000.0, np.maximum(mwh[there], 0.0)).sum()
                )
    line_mwh = np.where(counted, mwh, 0.0)
    rest = line_mwh - covered
    rest_by_combo = np.asarray(np.bincount(inverse, weights=rest, minlength=m), dtype=np.float64)
    has_mix = np.isfinite(shares).all(axis=1)
    by_kind = (rest_by_combo[has_mix, None] * shares[has_mix]).sum(axis=0)
    by_kind[KINDS.index("unspecified")] += rest_by_combo[~has_mix].sum()
    by_kind[KINDS.index("renewable")] += covered.sum()
    total = float(line_mwh.sum())

    line_keys = key_codes[rows]
    per_key = np.bincount(line_keys + 1, weights=line_mwh, minlength=len(names))
    counted_per_key = np.bincount(line_keys[counted] + 1, minlength=len(names))
    by_activity = {names[c]: float(per_key[c]) for c in np.flatnonzero(counted_per_key).tolist()}

    unknown_lines = is_own & (line_why != _COUNTED) & (line_why != _NOT_ENERGY)
    unknown_per_key = np.bincount(line_keys[unknown_lines] + 1, minlength=len(names))
    unknown = {
        names[c] or "(no activity)": int(unknown_per_key[c]) for c in np.flatnonzero(unknown_per_key).tolist()
    }
    calculated = int(np.count_nonzero(status == CALCULATED))
    lines_counted = int(np.count_nonzero(counted))
    not_energy = calculated - lines_counted - int(np.count_nonzero(unknown_lines))

    is_apart = apart[rows] & readable & (line_why == _COUNTED)
    unresolved_mwh = float(mwh[is_apart].sum())

    counted_combo = np.bincount(inverse, weights=counted.astype(np.float64), minlength=m) > 0
    sources: dict[str, set[str]] = {}
    for j in np.flatnonzero(counted_combo).tolist():
        hit_row = used[j]
        if hit_row is not None:
            sources.setdefault(names[int(combos[0, j]) + 1], set()).add(sets[hit_row[0]].source[hit_row[1]])

    lines_of_combo = np.bincount(inverse[counted], minlength=m)
    fallbacks: dict[str, int] = {}
    for j in np.flatnonzero(lines_of_combo).tolist():
        if stand_in[j]:
            fallbacks[stand_in[j]] = fallbacks.get(stand_in[j], 0) + int(lines_of_combo[j])
    # unresolved lines of a key the contents know, in a unit they cannot convert (coal in litres)
    known = np.array([names[int(k) + 1] in index.keys for k in combos[0]] if m else [], dtype=bool)
    untold = apart[rows] & ~is_apart & known[inverse] & (line_why != _NOT_ENERGY)
    untold_keys = np.bincount(line_keys[untold] + 1, minlength=len(names))
    notes = (
        *_notes(
            names, combos, rest_by_combo, has_mix, covered, line_keys, unknown_lines, line_why, foreign,
            int(np.count_nonzero(is_apart)), unresolved_mwh,
        ),
        *(f"{text}, {n} line{'s' if n != 1 else ''}" for text, n in sorted(fallbacks.items())),
    )  # fmt: skip
    if untold.any():
        listed = ", ".join(
            f"{names[c] or '(no activity)'} {int(untold_keys[c])}"
            for c in np.flatnonzero(untold_keys).tolist()
        )
        count = int(untold_keys.sum())
        notes = (
            *notes,
            f"{count} unresolved line{'s' if count != 1 else ''} of a fuel or carrier in a unit no energy "
            f"content converts, not counted ({listed})",
        )
    return EnergyUse(
        total_mwh=total,
        by_kind={kind: float(by_kind[k]) for k, kind in enumerate(KINDS)},
        by_activity=dict(sorted(by_activity.items())),
        lines_counted=lines_counted,
        not_energy=not_energy,
        unknown=dict(sorted(unknown.items())),
        unresolved_lines=int(np.count_nonzero(is_apart)),
        unresolved_mwh=unresolved_mwh,
        sources={k: tuple(sorted(v)) for k, v in sorted(sources.items())},
        notes=notes,
    )


def _distinct(columns: Sequence[npt.NDArray[Any]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """The distinct rows of integer columns (as columns of a 2-D array) and each row's index into them.

    The columns are packed into one int64 key where their ranges allow (the
    distinct keys marked in a table when there are few possible keys, else a
    sort of numbers, not of records); else :func:`numpy.unique` by rows.
    """
    parts = [np.asarray(c, dtype=np.int64) for c in columns]
    n = len(parts[0]) if parts else 0
    if n == 0:
        return np.zeros((len(parts), 0), dtype=np.int64), np.zeros(0, dtype=np.intp)
    lows = [int(c.min()) for c in parts]
    spans = [int(c.max()) - low + 1 for c, low in zip(parts, lows, strict=True)]
    if math.prod(spans) >= 2**62:
        combos, inverse = np.unique(np.stack(parts), axis=1, return_inverse=True)
        return combos, inverse.ravel()
    key = np.zeros(n, dtype=np.int64)
    for c, low, span in zip(parts, lows, spans, strict=True):
        key = key * span + (c - low)
    total = math.prod(spans)
    if total <= max(4 * n, 1 << 16):  # few possible keys: mark them, no sort
        present = np.zeros(total, dtype=bool)
        present[key] = True
        unique = np.flatnonzero(present)
        lookup = np.empty(total, dtype=np.intp)
        lookup[unique] = np.arange(len(unique))
        inverse = lookup[key]
    else:
        unique, inverse = np.unique(key, return_inverse=True)
    combos = np.empty((len(parts), len(unique)), dtype=np.int64)
    rest = unique
    for d in range(len(parts) - 1, -1, -1):
        rest, combos[d] = np.divmod(rest, spans[d])
        combos[d] += lows[d]
    return combos, inverse.ravel()


def _mwh(value: float) -> str:
    return f"{value:.1f}" if abs(value) >= 0.05 else f"{value:.3g}"


def _notes(
    names: Sequence[str],
    combos: npt.NDArray[np.int64],
    rest_by_combo: npt.NDArray[np.float64],
    has_mix: npt.NDArray[np.bool_],
    covered: npt.NDArray[np.float64],
    line_keys: npt.NDArray[Any],
    unknown_lines: npt.NDArray[np.bool_],
    line_why: npt.NDArray[np.int8],
    foreign: Mapping[str, float],
    apart_lines: int,
    apart_mwh: float,
) -> tuple[str, ...]:
    """The sentences of :attr:`EnergyUse.notes`, in a stable order."""
    notes: list[str] = []
    without: dict[str, float] = {}
    for j in np.flatnonzero(~has_mix & (rest_by_combo != 0)).tolist():
        key = names[int(combos[0, j]) + 1] or "(no activity)"
        without[key] = without.get(key, 0.0) + float(rest_by_combo[j])
    for key in sorted(without):
        notes.append(f"{key} without a supply mix: {_mwh(without[key])} MWh counted as unspecified")
    if covered.any():
        per_key = np.bincount(line_keys + 1, weights=covered, minlength=len(names))
        for c in np.flatnonzero(per_key).tolist():
            notes.append(
                f"{names[c]}: {_mwh(float(per_key[c]))} MWh covered by instruments of renewable origin "
                f"({', '.join(sorted(k.upper() for k in RENEWABLE_INSTRUMENTS))}) counted as renewable"
            )
    for kind in sorted(foreign):
        notes.append(
            f"{_mwh(foreign[kind])} MWh covered by instruments of kind {kind} (not GO, REC or PPA) take the "
            "supply mix of their line, as the rest of it"
        )
    for reason in (_MONEY, _GROSS, _NO_CONTENT, _NOT_A_UNIT):
        rows = unknown_lines & (line_why == reason)
        if rows.any():
            counts = np.bincount(line_keys[rows] + 1, minlength=len(names))
            listed = ", ".join(
                f"{names[c] or '(no activity)'} {int(counts[c])}" for c in np.flatnonzero(counts).tolist()
            )
            total = int(counts.sum())
            notes.append(
                f"{total} scope 1 and 2 line{'s' if total != 1 else ''} {_WHY[reason]}: not counted ({listed})"
            )
    if apart_lines:
        notes.append(
            f"{apart_lines} unresolved line{'s' if apart_lines != 1 else ''} hold{'s' if apart_lines == 1 else ''} "
            f"{_mwh(apart_mwh)} MWh, not in the total"
        )
    return tuple(notes)
