"""Contractual instruments for market-based scope 2: certificates, PPAs, supplier rates.

An instrument (a guarantee of origin, a renewable energy certificate, a power
purchase agreement, a supplier-specific rate) covers a volume of consumption
with its own emission rate. ghgcore allocates instruments to scope 2 lines of
the same activity (electricity by default), market and year, in input order:
site-specific instruments first to their site's lines, then the others to
what is left. The covered volume gets the instrument's rate (a zero-emission
instrument gives zero, never the grid average); the rest keeps the line's
market-based factor (its residual mix, or the location-based factor where
there is none, flagged).

Quality checks, after the GHG Protocol scope 2 quality criteria: an
instrument's year must match the consumption's, and its market the line's
region (``NO`` covers ``NO`` and its zones; ``NO-NO1`` only ``NO-NO1``); the
same certificate claimed twice is an error naming it; volume left over
(more instruments than consumption) is reported, never spread.

Instruments CSV (UTF-8, a header row, ``#`` comments):

=============  ========  =================================================
column         required  meaning
=============  ========  =================================================
``id``         yes       certificate or contract id, unique
``amount``     yes       volume covered
``unit``       yes       its unit (``MWh``, ``kWh``, ``GWh``)
``rate``       yes       emission rate (0 for a renewable GO)
``rate_unit``  yes       e.g. ``g/kWh`` or ``kg/MWh`` (CO2e)
``year``       yes       the consumption year it covers
``market``     yes       country or zone (``NO``, ``SE``, ``NO-NO1``)
``kind``       no        ``GO``, ``REC``, ``PPA``, ``supplier`` or other text
``site``       no        only the lines of this site
``activity``   no        activity key it covers (default ``electricity``)
=============  ========  =================================================
"""

from __future__ import annotations

import functools
import math
import operator
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore._reference import check_header, finite_number, four_digit_year, read_reference_csv
from ghgcore.activities import MAX_YEAR, MIN_YEAR
from ghgcore.errors import InstrumentError, LineIssue
from ghgcore.units import conversion_factor

__all__ = ["Allocation", "Instrument", "InstrumentError", "InstrumentTable", "InstrumentUse", "allocate"]

_REQUIRED = ("id", "amount", "unit", "rate", "rate_unit", "year", "market")


@attrs.frozen
class Instrument:
    """One contractual instrument.

    Parameters
    ----------
    id : str
        Certificate or contract id.
    kwh : float
        Volume covered, in kWh.
    rate : float
        kg CO2e per kWh (0 for a renewable guarantee of origin).
    year : int
        The consumption year it covers.
    market : str
        Country or zone.
    kind : str
        GO, REC, PPA, supplier, ...
    site : str, optional
    activity : str
    """

    id: str
    kwh: float
    rate: float
    year: int
    market: str
    kind: str = "GO"
    site: str | None = None
    activity: str = "electricity"

    def __attrs_post_init__(self) -> None:
        if not self.id:
            raise ValueError("an instrument needs an id")
        if not (math.isfinite(self.kwh) and self.kwh > 0):
            raise ValueError(
                f"instrument {self.id!r}: volume must be a positive number of kWh, got {self.kwh!r}"
            )
        if not (math.isfinite(self.rate) and self.rate >= 0):
            raise ValueError(f"instrument {self.id!r}: rate must be >= 0 kg CO2e/kWh, got {self.rate!r}")

    def covers_region(self, region: str) -> bool:
        """Whether a line in `region` is in the instrument's market."""
        return region == self.market or region.startswith(self.market + "-")


@attrs.frozen(eq=False)
class InstrumentTable:
    """Instruments, in the order they are allocated.

    Raises
    ------
    InstrumentError
        If a certificate id appears twice (claimed twice).
    """

    instruments: tuple[Instrument, ...]
    source: str = ""

    def __attrs_post_init__(self) -> None:
        seen: dict[str, int] = {}
        issues = []
        for i, inst in enumerate(self.instruments):
            if inst.id in seen:
                issues.append(
                    LineIssue(
                        i + 1,
                        "id",
                        inst.id,
                        f"each certificate claimed once (item {seen[inst.id] + 1} claims it too)",
                    )
                )
            seen.setdefault(inst.id, i)
        if issues:
            names = ", ".join(repr(i.value) for i in issues)
            raise InstrumentError(
                f"{self.source or 'instruments'}: certificate claimed twice: {names}", tuple(issues)
            )

    def __len__(self) -> int:
        return len(self.instruments)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        source: str = "<records>",
        lines: Sequence[int] | None = None,
    ) -> InstrumentTable:
        """Build from rows with the instruments CSV's columns.

        Raises
        ------
        InstrumentError
            Listing every invalid row and every certificate claimed twice.
        """
        rows = list(records)
        numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
        keys: dict[Any, None] = {}
        for raw in rows:
            keys.update(dict.fromkeys(raw))
        names = check_header([str(k) for k in keys], source, None, InstrumentError, what="the records' keys")
        column_of = dict(zip(keys, names, strict=True))
        issues: list[LineIssue] = []
        out: list[Instrument] = []
        first_line: dict[str, int] = {}
        for line, raw in zip(numbers, rows, strict=True):
            row = {column_of[k]: ("" if v is None else str(v).strip()) for k, v in raw.items()}
            instrument = _instrument(line, row, issues)
            if instrument is None:
                continue
            if instrument.id in first_line:
                issues.append(
                    LineIssue(
                        line,
                        "id",
                        instrument.id,
                        f"each certificate claimed once (line {first_line[instrument.id]} claims it too)",
                    )
                )
                continue
            first_line[instrument.id] = line
            out.append(instrument)
        if issues:
            claimed = [i.value for i in issues if i.field == "id" and "claimed once" in i.expected]
            what = (
                f"certificate claimed twice: {', '.join(map(repr, claimed))}"
                if claimed
                else "invalid instruments"
            )
            raise InstrumentError(f"{source}: {what}", tuple(issues))
        return cls(tuple(out), source)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> InstrumentTable:
        """Read the instruments CSV format (see the module documentation).

        Raises
        ------
        InstrumentError
            If the file cannot be read, lacks a required column, names a
            column twice, or has invalid rows (listing every one).
        """
        path = os.fspath(path)
        lines, rows = read_reference_csv(path, _REQUIRED, InstrumentError)
        return cls.from_records(rows, source=path, lines=lines)


_EXPECT_VOLUME = "a volume of energy greater than 0, such as 1200 MWh"
_EXPECT_RATE = "an emission rate of 0 or more, such as 0 g/kWh or 25 kg/MWh"


def _instrument(line: int, row: Mapping[str, str], issues: list[LineIssue]) -> Instrument | None:
    """One row's instrument; ``None``, with its problems added to `issues`, if the row is invalid."""
    before = len(issues)
    for column in _REQUIRED:
        if not row.get(column):
            issues.append(LineIssue(line, column, "", f"a value for {column}"))
    if len(issues) > before:
        return None
    kwh = _quantity(row["amount"], row["unit"], "kWh")
    if kwh is None or not kwh > 0:
        issues.append(LineIssue(line, "amount", f"{row['amount']} {row['unit']}", _EXPECT_VOLUME))
    rate = _quantity(row["rate"], row["rate_unit"], "kg/kWh")
    if rate is None or not rate >= 0:
        issues.append(LineIssue(line, "rate", f"{row['rate']} {row['rate_unit']}", _EXPECT_RATE))
    year = four_digit_year(row["year"])
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        issues.append(LineIssue(line, "year", row["year"], f"a year from {MIN_YEAR} to {MAX_YEAR}"))
    if len(issues) > before or kwh is None or rate is None or year is None:
        return None
    return Instrument(
        row["id"],
        kwh,
        rate,
        year,
        row["market"].upper(),
        row.get("kind") or "GO",
        row.get("site") or None,
        row.get("activity") or "electricity",
    )


def _quantity(number: str, unit: str, to_unit: str) -> float | None:
    """`number` `unit` in `to_unit`, if it is a finite number of a unit convertible to it; else ``None``."""
    value = finite_number(number)
    if value is None:
        return None
    try:
        converted = value * conversion_factor(unit, to_unit)
    except ValueError:  # UnitError among them
        return None
    return converted if math.isfinite(converted) else None


@attrs.frozen
class InstrumentUse:
    """How much of an instrument was allocated, and why any was not."""

    id: str
    kind: str
    kwh: float
    allocated_kwh: float
    note: str = ""


@attrs.frozen(eq=False)
class Allocation:
    """Per line: kWh covered by instruments, their emissions (kg CO2e), and which instruments."""

    covered_kwh: npt.NDArray[np.float64]
    emissions: npt.NDArray[np.float64]
    ids: npt.NDArray[np.object_]
    uses: tuple[InstrumentUse, ...]


def _matches(column: Categorical, wanted: Any) -> npt.NDArray[np.bool_]:
    """Mask of the rows whose category satisfies `wanted` (a predicate), once per category."""
    lookup = np.array([bool(wanted(c)) for c in column.categories] + [bool(wanted(""))], dtype=bool)
    return lookup[column.codes]


def allocate(
    table: InstrumentTable,
    *,
    activity: Categorical,
    region: Categorical,
    site: Categorical,
    year: npt.NDArray[np.int32],
    kwh: npt.NDArray[np.float64],
    eligible: npt.NDArray[np.bool_],
) -> Allocation:
    """Allocate instruments to eligible lines (see the module documentation).

    Within a group of instruments (same activity, year, market and site) the
    lines, in input order, occupy consecutive intervals of cumulative
    consumption and the instruments consecutive intervals of cumulative
    volume; a line's instrument emissions are the integral of the instruments'
    rates over its interval, evaluated with :func:`numpy.interp`.
    """
    n = len(kwh)
    remaining = np.where(eligible & np.isfinite(kwh), kwh, 0.0)
    covered = np.zeros(n)
    emissions = np.zeros(n)
    ids = np.full(n, None, dtype=object)
    groups: dict[tuple[str, int, str, str | None], list[int]] = {}
    for k, inst in enumerate(table.instruments):
        groups.setdefault((inst.activity, inst.year, inst.market, inst.site), []).append(k)
    allocated = np.zeros(len(table))
    notes = [""] * len(table)
    # site-specific instruments first, then the market's
    for (act, yr, market, site_name), members in sorted(groups.items(), key=lambda g: g[0][3] is None):
        first = table.instruments[members[0]]
        mask = (
            (remaining > 0)
            & (year == yr)
            & _matches(activity, functools.partial(operator.eq, act))
            & _matches(region, first.covers_region)
        )
        if site_name is not None:
            mask &= _matches(site, functools.partial(operator.eq, site_name))
        rows = np.flatnonzero(mask)
        volumes = np.array([table.instruments[k].kwh for k in members])
        rates = np.array([table.instruments[k].rate for k in members])
        where = f"{act} in {market}{', site ' + site_name if site_name else ''}, {yr}"
        if len(rows) == 0:
            for k in members:
                notes[k] = f"no scope 2 consumption of {where} to cover (check its year and market)"
            continue
        consumption = remaining[rows]
        cum = np.cumsum(consumption)
        prev = cum - consumption
        vol_cum = np.cumsum(volumes)
        total = vol_cum[-1]
        hi, lo = np.minimum(cum, total), np.minimum(prev, total)
        knots = np.concatenate([[0.0], vol_cum])
        integral = np.concatenate([[0.0], np.cumsum(volumes * rates)])
        part = hi - lo
        covered[rows] += part
        emissions[rows] += np.interp(hi, knots, integral) - np.interp(lo, knots, integral)
        remaining[rows] -= part
        used = np.minimum(vol_cum, cum[-1])
        allocated[members] = np.diff(np.concatenate([[0.0], used]))
        for row, a, b in zip(rows[part > 0], lo[part > 0], hi[part > 0], strict=True):
            first_k, last_k = np.searchsorted(vol_cum, a, "right"), np.searchsorted(vol_cum, b, "left")
            names = [
                table.instruments[members[k]].id for k in range(first_k, min(last_k, len(members) - 1) + 1)
            ]
            ids[row] = ";".join(filter(None, [ids[row], *names]))
        surplus = total - cum[-1]
        if surplus > 0:
            for k in members:
                if allocated[k] < table.instruments[k].kwh:
                    notes[k] = (
                        f"more instruments than consumption of {where}: {surplus:,.0f} kWh left over, reported, not spread"
                    )
    uses = tuple(
        InstrumentUse(inst.id, inst.kind, inst.kwh, float(allocated[k]), notes[k])
        for k, inst in enumerate(table.instruments)
    )
    return Allocation(covered, emissions, ids, uses)
