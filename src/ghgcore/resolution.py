"""Resolution: which factor each distinct line gets, and why.

For each distinct (activity, region, year, unit) of a calculation, the
resolver walks an explicit search order and takes the first factor whose unit
converts from the line's:

1. **years**: factors whose validity contains the line's year (narrowest
   first); then, with year fallback on, the nearest earlier factor within
   ``years_back`` years; then the nearest later one within ``years_forward``;
2. **regions**, for each of those: the line's region; with country fallback
   on, its parent zones and country (``NO-NO1`` -> ``NO``); with region
   fallback on, also the region groups of that country (``NORDIC``,
   ``EU27``, ``EUROPE``) and ``WORLD``; last, a factor without a region
   (which applies anywhere);
3. **sources**, for each of those: the factor sets in the order given, so
   your own factors come before the databases'.

Every line records the kind of match it got (exact, region fallback, year
fallback, or both), so that a fallback is never silent.

By default (:meth:`Fallback.default`) a zone without a factor of its own
uses its country's, and a year without a factor uses the newest earlier
edition within five years, never a later one; ``Fallback.none()`` (the
command line's ``--strict``) takes exact matches only.

A monetary line (``NOK``, ``kEUR``) meets a monetary factor through
:class:`~ghgcore.money.Prices`: exchange rates and a price index bring the
amount to the factor's currency and price year, once per distinct
(currency, year); the steps are recorded on the line.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from ghgcore._reference import read_package_csv
from ghgcore.errors import OptionError
from ghgcore.factors import FactorSet, format_years
from ghgcore.units import UnitError, conversion_factor, currency_of, describe_dimension

if TYPE_CHECKING:
    from ghgcore.money import Prices

__all__ = [
    "EXACT",
    "MATCH_KINDS",
    "REGION_FALLBACK",
    "YEAR_FALLBACK",
    "Fallback",
    "region_chain",
    "region_groups",
]

#: Match kinds recorded per line; the value is the index.
MATCH_KINDS = ("exact", "region", "year", "region+year")
EXACT, REGION_FALLBACK, YEAR_FALLBACK = 0, 1, 2

WORLD = "WORLD"
_QUANTITIES_OF_FUEL = ("mass", "volume", "energy", "standard gas volume")


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise OptionError(f"{attribute.name.replace('_', ' ')}: expected a number of years >= 0, got {value}")


@attrs.frozen
class Fallback:
    """Which fallbacks a calculation may use when no factor matches exactly.

    The class's own defaults are no fallback at all (:meth:`none`);
    calculations without an explicit fallback use :meth:`default`.

    Parameters
    ----------
    region : bool, default False
        Zone -> parent zones -> country -> region groups (NORDIC, EU27, EUROPE) -> WORLD.
    year : bool, default False
        Nearest earlier factor within `years_back` years, then nearest later
        within `years_forward`.
    years_back, years_forward : int, default 5
        The windows of year fallback.
    country : bool, default False
        Zone -> parent zones -> country only (implied by `region`).

    Examples
    --------
    >>> Fallback.parse("region,year")
    Fallback(region=True, year=True, years_back=5, years_forward=5, country=True)
    >>> Fallback.default().describe()
    'country (zone to its country), year (up to 5 earlier)'
    >>> Fallback.parse("region").describe()  # widens the default
    'region (zone, country, NORDIC/EU27/EUROPE, WORLD), year (up to 5 earlier)'
    >>> Fallback.parse("none,country").describe()  # exactly these
    'country (zone to its country)'
    """

    region: bool = False
    year: bool = False
    years_back: int = attrs.field(default=5, validator=_non_negative)
    years_forward: int = attrs.field(default=5, validator=_non_negative)
    country: bool = attrs.field(
        kw_only=True, default=attrs.Factory(lambda self: self.region, takes_self=True)
    )

    @classmethod
    def default(cls) -> Fallback:
        """What a calculation uses unless told otherwise.

        A zone without a factor uses its country's; a year without a factor
        uses the newest earlier one within five years (a factor edition
        older than the line), never a later one. Every such line records
        the fallback, and the reports list them.
        """
        return cls(region=False, year=True, years_back=5, years_forward=0, country=True)

    @classmethod
    def none(cls) -> Fallback:
        """Exact matches only (the command line's ``--strict``)."""
        return cls(region=False, year=False, country=False)

    @classmethod
    def parse(cls, text: str, *, years_back: int = 5, years_forward: int | None = None) -> Fallback:
        """Parse fallback rules: ``"default"``, ``"none"``, and ``"country"``, ``"region"``, ``"year"``.

        The words widen the default (:meth:`default`): ``region`` adds the
        region groups and WORLD, ``year`` adds later years (`years_forward`,
        default 5). After ``none`` they stand alone: ``"none,region"`` is
        region fallback without year fallback.
        """
        words = [w.strip().lower() for w in text.split(",") if w.strip()]
        unknown = set(words) - {"region", "year", "country", "none", "off", "default"}
        if unknown:
            raise OptionError(
                f"fallback {text!r}: expected 'default', 'none', or a comma list of 'country', 'region' and "
                "'year' (after 'none' for exactly those)"
            )
        base = cls.none() if {"none", "off"} & set(words) else cls.default()
        forward = years_forward if years_forward is not None else 5 if "year" in words else base.years_forward
        return cls(
            base.region or "region" in words, base.year or "year" in words, years_back, forward,
            country=base.country or "region" in words or "country" in words,
        )  # fmt: skip

    @property
    def regions(self) -> bool | str:
        """The region fallback as :func:`region_chain` takes it: True, ``"country"`` or False."""
        return True if self.region else "country" if self.country else False

    def describe(self) -> str:
        """The rules in words, for summaries."""
        parts = []
        if self.region:
            parts.append("region (zone, country, NORDIC/EU27/EUROPE, WORLD)")
        elif self.country:
            parts.append("country (zone to its country)")
        if self.year:
            later = f", then up to {self.years_forward} later" if self.years_forward else ""
            parts.append(f"year (up to {self.years_back} earlier{later})")
        return ", ".join(parts) or "none"


@functools.lru_cache(maxsize=1)
def region_groups() -> dict[str, tuple[str, ...]]:
    """The region groups and their member countries (from ``data/regions.csv``)."""
    rows = read_package_csv("regions.csv")
    return {row["group"]: tuple(row["members"].split()) for row in rows}


@functools.lru_cache(maxsize=4096)
def region_chain(region: str, fallback: bool | str) -> tuple[str, ...]:
    """The regions searched for a line, in order; ``""`` is 'a factor for any region'.

    `fallback` is True (zones, country, region groups, WORLD), ``"country"``
    (zones and country only) or False.

    Examples
    --------
    >>> region_chain("NO-NO1", True)
    ('NO-NO1', 'NO', 'NORDIC', 'EUROPE', 'WORLD', '')
    >>> region_chain("NO-NO1", False)
    ('NO-NO1', '')
    >>> region_chain("ES-CN-FV", True)[:3]
    ('ES-CN-FV', 'ES-CN', 'ES')
    >>> region_chain("NO-NO1", "country")
    ('NO-NO1', 'NO', '')
    """
    if not region:
        return ("",)
    if not fallback:
        return (region, "")
    parts = region.split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]  # zone, parent zones, country
    if fallback == "country":
        return (*chain, "")
    country = parts[0]
    chain += [group for group, members in region_groups().items() if country in members]
    chain += [WORLD, ""]
    return tuple(dict.fromkeys(chain))


@attrs.frozen
class Choice:
    """The answer for one distinct line: a factor and how it was found, or a reason."""

    set_index: int = -1
    factor: int = -1
    unit_factor: float = np.nan
    kind: int = EXACT
    reason: str = ""
    note: str = ""


class Resolver:
    """Resolve distinct (activity, region, year, unit) combinations to factors.

    Candidate lists are memoised per (activity, region, year, method), unit
    conversions per unit pair, so the cost grows with the number of distinct
    combinations, not of lines.
    """

    def __init__(
        self, sets: Sequence[FactorSet], fallback: Fallback | None = None, prices: Prices | None = None
    ) -> None:
        self.sets = sets
        self.fallback = Fallback.default() if fallback is None else fallback
        self._prices = prices
        self._memo: dict[tuple[str, str, int, bool], list[tuple[int, int, int]]] = {}
        self._coverage_memo: dict[tuple[str, bool], list[tuple[str, int, int]]] = {}
        self._by_region: list[dict[tuple[str, bool, str], list[int]]] = []
        self._by_method: list[dict[tuple[str, bool], list[int]]] = []
        self._years: list[list[tuple[int, int]]] = []
        for fs in sets:
            by_region: dict[tuple[str, bool, str], list[int]] = {}
            by_method: dict[tuple[str, bool], list[int]] = {}
            for i, (activity, method, region) in enumerate(
                zip(fs.activity, fs.method, fs.region, strict=True)
            ):
                market = method == "market"
                by_region.setdefault((activity, market, region), []).append(i)
                by_method.setdefault((activity, market), []).append(i)
            self._by_region.append(by_region)
            self._by_method.append(by_method)
            self._years.append(list(zip(fs.valid_from.tolist(), fs.valid_to.tolist(), strict=True)))

    @property
    def prices(self) -> Prices:
        """The exchange rates and price indices for monetary lines (default: ECB rates, no index)."""
        if self._prices is None:
            from ghgcore.money import Prices

            self._prices = Prices()
        return self._prices

    def has_market(self, activity: str) -> bool:
        """Whether any set has a market-based factor for the activity."""
        return any((activity, True) in index for index in self._by_method)

    def knows(self, activity: str) -> bool:
        """Whether any set has a factor (of either method) for the activity."""
        return any((activity, m) in index for index in self._by_method for m in (False, True))

    def ordered(self, activity: str, region: str, year: int, market: bool) -> list[tuple[int, int, int]]:
        """Candidate (set, factor, match kind) in search order."""
        key = (activity, region, year, market)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        chain = region_chain(region, self.fallback.regions)
        passes = [self._exact]
        if self.fallback.year and year >= 0:
            passes += [self._earlier, self._later]
        out: list[tuple[int, int, int]] = []
        for step, select in enumerate(passes):
            for position, wanted in enumerate(chain):
                region_kind = REGION_FALLBACK if 0 < position < len(chain) - 1 else EXACT
                kind = region_kind | (YEAR_FALLBACK if step else EXACT)
                for s, by_region in enumerate(self._by_region):
                    candidates = by_region.get((activity, market, wanted))
                    if candidates:
                        out.extend((s, i, kind) for i in select(self._years[s], candidates, year))
        self._memo[key] = out
        return out

    @staticmethod
    def _exact(years: list[tuple[int, int]], candidates: list[int], year: int) -> list[int]:
        hits = [i for i in candidates if _covers(*years[i], year)]
        return sorted(hits, key=lambda i: _width(*years[i]))

    def _earlier(self, years: list[tuple[int, int]], candidates: list[int], year: int) -> list[int]:
        hits = [
            i
            for i in candidates
            if 0 <= years[i][1] < year and year - years[i][1] <= self.fallback.years_back
        ]
        return sorted(hits, key=lambda i: (year - years[i][1], _width(*years[i])))

    def _later(self, years: list[tuple[int, int]], candidates: list[int], year: int) -> list[int]:
        hits = [
            i for i in candidates if years[i][0] > year and years[i][0] - year <= self.fallback.years_forward
        ]
        return sorted(hits, key=lambda i: (years[i][0] - year, _width(*years[i])))

    def _coverage(self, activity: str, market: bool) -> list[tuple[str, int, int]]:
        """(region, first year, last year) of every factor the sets have for an activity; memoised."""
        key = (activity, market)
        if key not in self._coverage_memo:
            self._coverage_memo[key] = sorted(
                {
                    (str(fs.region[i]), int(fs.valid_from[i]), int(fs.valid_to[i]))
                    for s, fs in enumerate(self.sets)
                    for i in self._by_method[s].get((activity, market), [])
                }
            )
        return self._coverage_memo[key]

    def _nearest(self, activity: str, region: str, year: int, market: bool, label: str) -> str:
        """One sentence: what there is near the line's region and year, and the option that would use it."""
        where = f"region {region!r}" if region else "no region"
        when = f"year {year}" if year >= 0 else "no year (the line has none and no reporting year was given)"
        head = f"no {label} for {activity!r} with {where} and {when} (fallback: {self.fallback.describe()})"
        coverage = self._coverage(activity, market)
        chain = region_chain(region, True)
        near = [c for c in coverage if c[0] in chain]
        if near and year >= 0:
            nearest = min(near, key=lambda c: (chain.index(c[0]), _distance(c[1], c[2], year)))
            found = f"{nearest[0] or 'any region'} {_years(nearest[1], nearest[2])}"
            if nearest[0] not in region_chain(region, self.fallback.regions):
                option = "country" if nearest[0] in region_chain(region, "country") else "region"
                return f"{head}; the nearest is {found} (a fallback to {nearest[0]}: --fallback {option})"
            gap = _distance(nearest[1], nearest[2], year)
            if not self.fallback.year:
                return f"{head}; the nearest is {found}, {gap} year{'s' if gap != 1 else ''} away (--fallback year)"
            window = "--years-back" if 0 <= nearest[2] < year else "--years-forward"
            return f"{head}; the nearest is {found}, {gap} years away, beyond the fallback window ({window} {gap})"
        if near:
            shown = ", ".join(f"{r or 'any region'} {_years(lo, hi)}" for r, lo, hi in near[:3])
            return f"{head}; the factors near it are for given years ({shown}): give the line a year (--year)"
        spans: dict[str, tuple[int, int]] = {}
        for r, lo, hi in coverage:
            first, last = spans.get(r, (lo, hi))
            spans[r] = (
                min(first, lo) if first >= 0 and lo >= 0 else -1,
                max(last, hi) if last >= 0 and hi >= 0 else -1,
            )
        listed = [f"{r or 'any region'} {_years(*span)}" for r, span in sorted(spans.items())]
        more = f" and {len(listed) - 5} more regions" if len(listed) > 5 else ""
        return f"{head}; there are factors for {', '.join(listed[:5])}{more}"

    def resolve(self, activity: str, region: str, year: int, unit: str, market: bool) -> Choice:
        """The factor for one distinct line, or the reason there is none."""
        unit_misses: list[str] = []
        money_misses: list[str] = []
        currency = currency_of(unit)
        for s, i, kind in self.ordered(activity, region, year, market):
            fs = self.sets[s]
            to_currency = currency_of(fs.unit[i]) if currency else None
            if currency and to_currency:
                price_year = int(fs.price_year[i])
                conversion = self.prices.convert(
                    currency, year, to_currency, price_year if price_year > 0 else None
                )
                if isinstance(conversion, str):
                    money_misses.append(
                        f"factor {fs.id[i]!r} ({to_currency} at {price_year} prices): {conversion}"
                    )
                    continue
                scale = conversion_factor(unit, currency) * conversion_factor(to_currency, fs.unit[i])
                return Choice(s, i, scale * conversion.factor, kind, note=conversion.note)
            try:
                return Choice(s, i, conversion_factor(unit, fs.unit[i]), kind)
            except UnitError:
                unit_misses.append(f"{fs.unit[i]!r}, {describe_dimension(fs.unit[i])}")
        if money_misses:
            when = year if year >= 0 else "no year"
            return Choice(
                reason=f"{unit} of {when} cannot be brought to the factor's prices: {'; '.join(money_misses)}"
            )
        label = "market-based factor" if market else "factor"
        if not self._coverage(activity, market):
            searched = ", ".join(f"{fs.name}@{fs.version}" for fs in self.sets) or "no factor sets"
            return Choice(reason=f"unknown activity {activity!r}: no {label} for it in {searched}")
        if unit_misses:
            reason = (
                f"unit {unit!r} ({describe_dimension(unit)}) cannot be converted to the unit of the "
                f"{label} for {activity!r} ({'; '.join(dict.fromkeys(unit_misses))})"
            )
            if describe_dimension(unit) in _QUANTITIES_OF_FUEL:
                reason += (
                    "; between mass, volume and energy only the fuel's own density and calorific value "
                    f"convert, and the factor set gives no factor per {describe_dimension(unit)} for it"
                )
            return Choice(reason=reason)
        return Choice(reason=self._nearest(activity, region, year, market, label))


def _covers(lo: int, hi: int, year: int) -> bool:
    """Whether validity [lo, hi] (-1: open) contains `year` (-1: no year)."""
    if year < 0:
        return lo < 0 and hi < 0
    return (lo < 0 or lo <= year) and (hi < 0 or year <= hi)


def _width(lo: int, hi: int) -> int:
    """How many years validity [lo, hi] spans (-1: open), for 'narrowest first'."""
    return (hi if hi >= 0 else 10**6) - (lo if lo >= 0 else -(10**6))


def _distance(lo: int, hi: int, year: int) -> int:
    """Years from validity [lo, hi] (-1: open) to `year`; 0 inside."""
    if 0 <= hi < year:
        return year - hi
    if lo > year:
        return lo - year
    return 0


def _years(lo: int, hi: int) -> str:
    return format_years(lo if lo >= 0 else None, hi if hi >= 0 else None) or "any year"
