"""The inventory: an organisation's lines for a year, their result, and the one call that makes it.

:func:`calculate_inventory` does what ``ghgcore calculate`` does, for
notebooks and apps: it reads the inputs (files of any reader, activity
tables, DataFrames, ledgers, your own factors CSV files), assembles the
factor sources (your factor sets and files, installed databases by name or
the default ones, with the crosswalks, account mappings and price indices
they ship), turns general ledgers into spend lines (leaving out what
calculated activity data of the same year cover), and calculates.

An inventory is for one reporting year: lines of another year are kept,
excluded with a reason that names their year, and never summed in.

>>> from ghgcore import EmissionFactor, FactorSet
>>> fs = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
>>> inv = calculate_inventory([Activity.of("diesel", 100, "L", year=2024)], fs, organisation="Example AS")
>>> inv.year, inv.summary()["scopes"]["1"]
(2024, 250.0)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias, cast

import attrs
import numpy as np

from ghgcore._columns import Categorical
from ghgcore.activities import Activity, ActivityTable, as_table
from ghgcore.calculation import calculate as _calculate
from ghgcore.crosswalk import Crosswalk
from ghgcore.energy import EnergyContents, EnergyUse, energy_use
from ghgcore.errors import OptionError
from ghgcore.factors import FactorSet
from ghgcore.gases import DEFAULT_GWP, GWPSet
from ghgcore.i18n import Language
from ghgcore.instruments import InstrumentTable
from ghgcore.ledger import Ledger
from ghgcore.lock import Lock
from ghgcore.money import PriceIndex, Prices
from ghgcore.quality import result_scores
from ghgcore.quality import summarise as quality_summary
from ghgcore.readers import ReadOptions, read
from ghgcore.resolution import Fallback
from ghgcore.result import OTHER_YEAR, Result
from ghgcore.sources import FactorSource, Sources, resolve
from ghgcore.spend import (
    AccountMapping,
    covered_by,
    exclude_covered,
    hybrid_decisions,
    ledger_activities,
    spent_categories,
)
from ghgcore.uncertainty import Interval, Method, result_intervals
from ghgcore.uncertainty import summarise as uncertainty_summary
from ghgcore.views import format_table, frames, summary, to_html

__all__ = ["Input", "Inputs", "Inventory", "calculate", "calculate_inventory", "read_inputs"]

#: What :func:`calculate_inventory` takes as one input.
Input: TypeAlias = "str | os.PathLike[str] | ActivityTable | Ledger | Sequence[Activity] | Any"


@attrs.frozen(eq=False)
class Inventory:
    """An organisation's greenhouse-gas inventory for one reporting year.

    Build one with :func:`calculate_inventory` (or :meth:`calculate`).

    Attributes
    ----------
    organisation : str
    year : int
        The reporting year; lines without a year are calculated for it.
    result : Result
        One row per input line.
    ledgers : tuple of dict
        The reconciliation of each general ledger the lines come from
        (:meth:`Ledger.reconciliation() <ghgcore.ledger.Ledger.reconciliation>`).
    hybrid : tuple of dict
        The hybrid rule's decision per spend category and year
        (:func:`ghgcore.spend.hybrid_decisions`).
    energy_contents : tuple of EnergyContents
        The energy contents of the factor sources (yours first), for
        :meth:`energy`.
    uncertainties : Mapping[str, float]
        A factor set's name -> the relative uncertainty its database states
        (:attr:`FactorDatabase.uncertainty <ghgcore.plugins.FactorDatabase>`),
        used by :meth:`intervals` and the summary instead of ghgcore's
        default for those lines.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)],
    ...     name="example", version="1")
    >>> inv = Inventory.calculate([Activity.of("diesel", 100, "L")], fs,
    ...                           organisation="Example AS", year=2024)
    >>> inv.summary()["scopes"]["1"]
    250.0
    """

    organisation: str
    year: int
    result: Result
    ledgers: tuple[Mapping[str, Any], ...] = ()
    hybrid: tuple[Mapping[str, Any], ...] = ()
    energy_contents: tuple[EnergyContents, ...] = ()
    uncertainties: Mapping[str, float] = attrs.field(factory=dict)

    @classmethod
    def calculate(
        cls,
        activities: Input | Sequence[Input],
        factors: FactorSource | Sequence[FactorSource] | Sources | None = None,
        *,
        year: int | None = None,
        organisation: str = "",
        gwp: str | GWPSet = DEFAULT_GWP,
        fallback: Fallback | str | None = None,
        crosswalks: Sequence[Crosswalk] = (),
        instruments: InstrumentTable | None = None,
        prices: Prices | None = None,
        ledgers: Sequence[Mapping[str, Any]] = (),
        strict: bool = False,
        extrapolate_prices: bool | None = None,
    ) -> Inventory:
        """Calculate an inventory; see :func:`calculate_inventory` for the parameters.

        `ledgers` adds reconciliations of ledgers read elsewhere to the summary.
        """
        inventory = calculate_inventory(
            activities,
            factors,
            year=year,
            organisation=organisation,
            gwp=gwp,
            fallback=fallback,
            crosswalks=crosswalks,
            instruments=instruments,
            prices=prices,
            strict=strict,
            extrapolate_prices=extrapolate_prices,
        )
        return attrs.evolve(inventory, ledgers=(*inventory.ledgers, *ledgers)) if ledgers else inventory

    @property
    def activities(self) -> ActivityTable:
        """The input lines."""
        return self.result.activities

    @property
    def gwp(self) -> GWPSet:
        """The GWP set the CO2e is in."""
        return self.result.gwp

    def energy(self) -> EnergyUse:
        """Energy use of the scope 1 and 2 lines in MWh, and its mix (:func:`ghgcore.energy.energy_use`)."""
        return energy_use(self.result, self.energy_contents)

    def summary(
        self,
        *,
        uncertainty: Method = "approach1",
        samples: int = 10_000,
        seed: int = 0,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """The JSON summary of the interchange format, as a dict (kg; ``energy`` in MWh).

        Besides :func:`ghgcore.views.summary`'s keys: ``hybrid`` (the
        hybrid rule's decisions), ``energy`` (:meth:`energy`), ``quality``
        (the lines' data-quality scores, :func:`ghgcore.quality.summarise`)
        and ``uncertainty`` (95 % intervals, :func:`ghgcore.uncertainty.summarise`;
        with ``samples`` and ``seed`` for Monte Carlo, and ``overrides``, the
        factor sets whose database states its own uncertainty), both computed
        from the result's columns as they are coded (a few numpy passes
        however many lines there are).

        Parameters
        ----------
        uncertainty : {"approach1", "monte-carlo"}
            How the intervals are made (:meth:`intervals`): IPCC approach 1
            (the default), or a seeded Monte Carlo of `samples` draws.
        samples, seed, progress
            For Monte Carlo, as for :meth:`intervals`.
        """
        data = summary(self.result, organisation=self.organisation, year=self.year, ledgers=self.ledgers)
        data["hybrid"] = [dict(d) for d in self.hybrid]
        data["energy"] = self.energy().to_dict()
        data["quality"] = quality_summary(result_scores(self.result), self.result.by_basis["co2e"][1])
        figures = self.intervals(method=uncertainty, samples=samples, seed=seed, progress=progress)
        data["uncertainty"] = uncertainty_summary(figures)
        if uncertainty == "monte-carlo":
            data["uncertainty"].update(samples=samples, seed=seed)
        if self.uncertainties:
            data["uncertainty"]["overrides"] = dict(sorted(self.uncertainties.items()))
        return data

    def intervals(
        self,
        *,
        method: Method = "approach1",
        samples: int = 10_000,
        seed: int = 0,
        overrides: Mapping[str, float] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Interval]:
        """95 % intervals of the figures (:func:`ghgcore.uncertainty.result_intervals`): approach 1 or Monte Carlo.

        The uncertainties the factor databases state (:attr:`uncertainties`)
        apply unless `overrides` names the same factor set.
        """
        given = {**self.uncertainties, **(overrides or {})}
        return result_intervals(
            self.result, method=method, samples=samples, seed=seed, overrides=given or None, progress=progress
        )

    def intervals_frame(
        self,
        *,
        unit: str = "t",
        method: Method = "approach1",
        samples: int = 10_000,
        seed: int = 0,
        language: str | Language | None = None,
    ) -> Any:
        """:meth:`intervals` as a labelled pandas frame in kg or t (:func:`ghgcore.views.frames.intervals`)."""
        return frames.intervals(self, unit=unit, method=method, samples=samples, seed=seed, language=language)

    def to_dataframe(self) -> Any:
        """One row per input line, as a pandas DataFrame (:meth:`Result.to_dataframe`)."""
        return self.result.to_dataframe()

    # ------------------------------------------------------- tidy frames

    def frame(self, *, basis: str | None = None, language: str | Language | None = None) -> Any:
        """The long frame: one row per calculated line, gas and basis (:func:`ghgcore.views.frames.lines_frame`)."""
        return frames.lines_frame(self, basis=basis, language=language)

    def scopes(self, *, unit: str = "t") -> Any:
        """CO2e per scope, a column per scope 2 basis (:func:`ghgcore.views.frames.scopes`)."""
        return frames.scopes(self, unit=unit)

    def categories(self, *, unit: str = "t", language: str | Language | None = None) -> Any:
        """Scope 3 per category with its name (:func:`ghgcore.views.frames.categories`)."""
        return frames.categories(self, unit=unit, language=language)

    def gases(self, *, basis: str = "market", unit: str = "kg") -> Any:
        """Mass and CO2e per gas on a basis (:func:`ghgcore.views.frames.gases`)."""
        return frames.gases(self, basis=basis, unit=unit)

    def gwp_effect(
        self, *, gwps: Sequence[str | GWPSet] = ("AR6", "AR5", "AR4"), basis: str = "market", unit: str = "t"
    ) -> Any:
        """CO2e per gas under several GWP sets (:func:`ghgcore.views.frames.gwp_effect`)."""
        return frames.gwp_effect(self, gwps=gwps, basis=basis, unit=unit)

    def by(
        self,
        columns: str | Sequence[str],
        *,
        basis: str = "market",
        unit: str = "t",
        language: str | Language | None = None,
    ) -> Any:
        """CO2e grouped by columns of the long frame (:func:`ghgcore.views.frames.by`)."""
        return frames.by(self, columns, basis=basis, unit=unit, language=language)

    # ------------------------------------------------------------- views

    def to_text(self, *, language: str | Language | None = None) -> str:
        """The text report (:func:`ghgcore.views.format_table`) in a language."""
        return format_table(self.summary(), language=language)

    def to_html(self, *, language: str | Language | None = None) -> str:
        """The notebook view (:func:`ghgcore.views.to_html`) in a language."""
        return to_html(self.summary(), language=language)

    def __str__(self) -> str:
        return format_table(self.summary())

    def __repr__(self) -> str:
        return f"<Inventory {self.organisation or '(no organisation)'} {self.year}: {self.result!r}>"

    def _repr_html_(self) -> str:
        return to_html(self.summary())


def _inputs(inputs: Input | Sequence[Input]) -> list[Any]:
    """One input, or several: a list of Activity objects is one input."""
    if isinstance(inputs, str | os.PathLike | ActivityTable | Ledger) or not isinstance(inputs, Sequence):
        return [inputs]
    items = list(inputs)
    if items and all(isinstance(item, Activity) for item in items):
        return [items]
    return items or [[]]


@attrs.frozen
class Inputs:
    """What :func:`read_inputs` read: activity tables, general ledgers, your factor sets and account mappings."""

    tables: tuple[ActivityTable, ...] = ()
    ledgers: tuple[Ledger, ...] = ()
    factor_sets: tuple[FactorSet, ...] = ()
    mappings: tuple[AccountMapping, ...] = ()


def read_inputs(
    inputs: Input | Sequence[Input],
    *,
    input_format: str = "auto",
    currency: str = "NOK",
) -> Inputs:
    """Read every input: activity tables, general ledgers, factor sets, account mappings (files by their reader)."""
    tables: list[ActivityTable] = []
    ledgers: list[Ledger] = []
    sets: list[FactorSet] = []
    mappings: list[AccountMapping] = []
    options = ReadOptions(currency=currency)
    for item in _inputs(inputs):
        got = read(item, input_format, options) if isinstance(item, str | os.PathLike) else item
        if isinstance(got, Ledger):
            ledgers.append(got)
        elif isinstance(got, FactorSet):
            sets.append(got)
        elif isinstance(got, AccountMapping):
            mappings.append(got)
        else:
            tables.append(as_table(got))
    return Inputs(tuple(tables), tuple(ledgers), tuple(sets), tuple(mappings))


def _rules(fallback: Fallback | str | None, strict: bool) -> Fallback:
    if strict:
        exact = Fallback.none()
        if (
            fallback is not None
            and (Fallback.parse(fallback) if isinstance(fallback, str) else fallback) != exact
        ):
            raise OptionError("strict: exact factors only; leave out the fallback")
        return exact
    if fallback is None:
        return Fallback.default()
    return Fallback.parse(fallback) if isinstance(fallback, str) else fallback


def _reporting_year(year: int | None, tables: Sequence[ActivityTable], ledgers: Sequence[Ledger]) -> int:
    """The given year; else the one year of the lines and the ledgers, or refused with the years found."""
    if year is not None:
        return int(year)
    counts: dict[int, int] = {}
    for t in tables:
        found, n = np.unique(t.year[(t.year >= 0) & t.valid], return_counts=True)
        for y, k in zip(found.tolist(), n.tolist(), strict=True):
            counts[y] = counts.get(y, 0) + k
    spans = []
    for ledger in ledgers:
        dated = ledger.date[~np.isnat(ledger.date)]
        found, n = np.unique(dated.astype("datetime64[Y]").astype(np.int64) + 1970, return_counts=True)
        for y, k in zip(found.tolist(), n.tolist(), strict=True):
            counts[y] = counts.get(y, 0) + k
        period = ledger.period()
        if period["start"] and period["start"][:4] != period["end"][:4]:
            spans.append(f"{ledger.source or 'a ledger'} covers {period['start']} to {period['end']}")
    if not counts:
        raise OptionError("no reporting year: no line has a year; pass --year YEAR (year= in Python)")
    if len(counts) > 1:
        listed = _lines_per_year(counts)
        fiscal = f" ({'; '.join(spans)}: inventories are for calendar years)" if spans else ""
        raise OptionError(
            f"the inputs have lines of {len(counts)} years ({listed}){fiscal}; an inventory is for one "
            "reporting year: pass --year YEAR (year= in Python), and the lines of other years are excluded "
            "and listed, never summed"
        )
    return next(iter(counts))


def _other_years(table: ActivityTable, year: int) -> ActivityTable:
    """Lines of a year other than the reporting year, excluded with a reason naming their year."""
    other = (table.year >= 0) & (table.year != year) & ~table.excluded & table.valid
    if not other.any():
        return table
    current = table.exclusion or Categorical.empty(len(table))
    reasons = list(current.categories)
    codes = current.codes.copy()
    for y in np.unique(table.year[other]).tolist():
        rows = other & (table.year == y)
        codes[rows] = len(reasons)
        reasons.append(OTHER_YEAR.format(year=y, reporting=year))
    return attrs.evolve(table, exclusion=Categorical.from_codes(codes, reasons))


def _lines_per_year(counts: Mapping[int, int]) -> str:
    """``2022: 1 line, 2023: 54 lines``, in year order."""
    return ", ".join(f"{y}: {n} line{'s' if n != 1 else ''}" for y, n in sorted(counts.items()))


def _check_some_line_of(table: ActivityTable, year: int) -> None:
    """Refuse a reporting year that none of the lines is of (an account of nothing but exclusions)."""
    dated = table.year[table.year >= 0]
    if not len(table) or len(dated) < len(table) or np.any(dated == year):
        return
    found, counts = np.unique(dated, return_counts=True)
    listed = _lines_per_year(dict(zip(found.tolist(), counts.tolist(), strict=True)))
    raise OptionError(
        f"year {year}: none of the {len(table)} lines is of {year} (they are of {listed}); "
        f"pass the year of the lines (--year {found[np.argmax(counts)]}), or the files of {year}"
    )


def _organisation(given: str, ledgers: Sequence[Ledger]) -> str:
    """The organisation given, else the one company the ledgers' headers name."""
    if given or not ledgers:
        return given
    names = {ledger.header.get("company", "").strip() for ledger in ledgers} - {""}
    return names.pop() if len(names) == 1 else ""


def calculate_inventory(
    inputs: Input | Sequence[Input],
    factors: FactorSource | Sequence[FactorSource] | Sources | None = None,
    *,
    year: int | None = None,
    organisation: str = "",
    gwp: str | GWPSet = DEFAULT_GWP,
    fallback: Fallback | str | None = None,
    crosswalks: Sequence[Crosswalk | str | os.PathLike[str]] = (),
    crosswalk_prefix: bool = False,
    mappings: Sequence[AccountMapping | str | os.PathLike[str]] = (),
    instruments: InstrumentTable | str | os.PathLike[str] | None = None,
    price_indices: Sequence[PriceIndex | str | os.PathLike[str]] = (),
    extrapolate_prices: bool | None = None,
    prices: Prices | None = None,
    region: str = "NO",
    currency: str = "NOK",
    hybrid: bool = True,
    input_format: str = "auto",
    lock: Lock | str | os.PathLike[str] | None = None,
    strict: bool = False,
) -> Inventory:
    """Read inputs, assemble factor sources and calculate an inventory: ``ghgcore calculate`` in one call.

    Parameters
    ----------
    inputs : Input or sequence of Input
        Files (activities CSV, SAF-T Financial XML, ledger CSV, a factors
        CSV or account mapping CSV of your own, or any format a reader
        plugin adds; detected, or `input_format`), activity tables, pandas
        DataFrames, :class:`~ghgcore.ledger.Ledger` objects,
        :class:`FactorSet` and :class:`~ghgcore.spend.AccountMapping`
        objects, or a list of :class:`~ghgcore.activities.Activity` objects.
        Factor sets among the inputs are searched first; account mappings
        come before `mappings` and the databases'.
    factors : FactorSource, sequence of FactorSource, or Sources, optional
        Factor sets, factors CSV paths, installed database names, classes or
        instances, searched in order (your own first); see
        :func:`ghgcore.sources.resolve`. Default: the installed default
        databases (``"default"``).
    year : int, optional
        The reporting year; lines without a year are calculated for it,
        lines of other years are excluded with a reason. Default: the
        latest year of the lines and of the ledgers' periods.
    organisation : str, optional
        Default: the company a SAF-T file's header names.
    gwp : {"AR4", "AR5", "AR6"} or GWPSet, default "AR6"
    fallback : Fallback or str, optional
        Region and year fallback. Default: :meth:`Fallback.default()
        <ghgcore.resolution.Fallback.default>` (a zone uses its country's
        factor; a year the newest earlier factor within five years), each
        recorded on the line and listed in the report.
    crosswalks : sequence of Crosswalk or CSV path
        Your code -> activity-key mappings, before those the databases ship.
    crosswalk_prefix : bool, default False
        Let crosswalk codes read from CSV match by prefix.
    mappings : sequence of AccountMapping or CSV path
        Your account mappings for general ledgers, before the databases'.
    instruments : InstrumentTable or CSV path, optional
        Contractual instruments for market-based scope 2.
    price_indices : sequence of PriceIndex or CSV path
        Your price indices, before the databases' (a path may be prefixed
        with its currency: ``"SEK=kpi.csv"``; default NOK).
    extrapolate_prices : bool, optional
        Extrapolate a missing index figure or exchange rate (recorded on
        each line) instead of leaving the line unresolved. Default: on,
        unless `strict`.
    prices : Prices, optional
        Exchange rates and indices to use instead (the databases' indices
        are added for currencies it has none for).
    region : str, default "NO"
        Where a ledger's purchases are made.
    currency : str, default "NOK"
        The currency of a ledger CSV's amounts.
    hybrid : bool, default True
        Leave out the spend of categories that activity data cover.
    input_format : str, default "auto"
        The format of input files (a reader's name), or detected.
    lock : Lock or path, optional
        Load databases at the locked versions and check the factor sets.
    strict : bool, default False
        Exact factors only: no fallback, no price extrapolation.

    Returns
    -------
    Inventory

    Raises
    ------
    OptionError
        No factor source; a ledger without an account mapping; no reporting
        year (no line has one); `strict` with a `fallback`.
    ghgcore.errors.InputError
        An input that cannot be read at all (bad lines are kept, unresolved).
    ghgcore.errors.DataError, ghgcore.errors.DatabaseError
        Invalid reference data; an unknown or broken database.
    """
    rules = _rules(fallback, strict)
    extrapolate = not strict if extrapolate_prices is None else extrapolate_prices
    read_in = read_inputs(inputs, input_format=input_format, currency=currency)
    if isinstance(factors, Sources):
        given = {"crosswalks": crosswalks, "crosswalk_prefix": crosswalk_prefix, "mappings": mappings,
                 "price_indices": price_indices, "lock": lock}  # fmt: skip
        if any(value for value in given.values()):
            named = ", ".join(name for name, value in given.items() if value)
            raise OptionError(
                f"{named}: give them to sources.resolve() with the factors, not beside a Sources"
            )
        sources = attrs.evolve(
            factors,
            factor_sets=(*read_in.factor_sets, *factors.factor_sets),
            account_mappings=(*read_in.mappings, *factors.account_mappings),
        )
    else:
        listed: list[Any] = (
            ["default"] if factors is None
            else [factors] if isinstance(factors, str | os.PathLike | FactorSet | type) or not isinstance(factors, Sequence)
            else list(factors)
        )  # fmt: skip
        sources = resolve([*read_in.factor_sets, *listed], crosswalks=crosswalks, crosswalk_prefix=crosswalk_prefix,
                          mappings=[*read_in.mappings, *mappings], price_indices=price_indices,
                          lock=lock)  # fmt: skip
    tables, ledgers = list(read_in.tables), list(read_in.ledgers)
    organisation = _organisation(organisation, ledgers)
    year = _reporting_year(year, tables, ledgers)
    if instruments is not None and not isinstance(instruments, InstrumentTable):
        instruments = InstrumentTable.from_csv(instruments)
    chosen = (
        prices.with_indices(sources.price_indices)
        if prices is not None
        else sources.prices(extrapolate=extrapolate)
    )

    def run(table: ActivityTable) -> Result:
        return _calculate(table, sources.factor_sets, gwp=gwp, year=year, fallback=rules,
                          crosswalks=sources.crosswalks, instruments=instruments, prices=chosen,
                          advice=sources.advice)  # fmt: skip

    decisions: list[dict[str, Any]] = []
    if ledgers:
        mapping = sources.account_mapping()
        if mapping is None:
            raise OptionError(
                "a ledger needs an account mapping: use a spend database (--factors spend) or give a mapping"
            )
        spend = [
            _other_years(ledger_activities(ledger, mapping, region=region, hybrid=False), year)
            for ledger in ledgers
        ]
        if tables and hybrid:
            first = run(_other_years(ActivityTable.concat(tables), year))
            # the keys after crosswalks (B7 -> diesel_b7) are what the categories' covers name, and the
            # lines' years as calculated (a line without a year is of the reporting year)
            activity_data = attrs.evolve(
                first.activities,
                activity=cast(Categorical, first.lines["activity_key"]),
                year=np.asarray(first.lines["year"], dtype=np.int32),
            )
            for i, ledger in enumerate(ledgers):
                names = (ledger.header.get("company", ""), ledger.header.get("registration_number", ""))
                mine = hybrid_decisions(
                    mapping,
                    activity_data,
                    first.calculated,
                    organisation=names,
                    spent=spent_categories(spend[i]),
                )
                spend[i] = exclude_covered(spend[i], covered_by(mine, year))
                decisions += [{**d, "ledger": ledger.source} for d in mine] if len(ledgers) > 1 else mine
        tables += spend
    table = ActivityTable.concat(tables)
    _check_some_line_of(table, year)
    table = _other_years(table, year)
    return Inventory(
        organisation,
        year,
        run(table),
        tuple(ledger.reconciliation() for ledger in ledgers),
        tuple(decisions),
        tuple(sources.energy_contents),
        dict(sources.uncertainties),
    )


def calculate(
    activities: ActivityTable | Sequence[Activity] | Any,
    factors: FactorSource | Sequence[FactorSource] | Sources | None = None,
    *,
    gwp: str | GWPSet = DEFAULT_GWP,
    year: int | None = None,
    fallback: Fallback | str | None = None,
    crosswalks: Sequence[Crosswalk] = (),
    instruments: InstrumentTable | None = None,
    prices: Prices | None = None,
    strict: bool = False,
    extrapolate_prices: bool | None = None,
) -> Result:
    """Calculate emissions for every line of an activity table, with factor sources by name or object.

    :func:`ghgcore.calculation.calculate` with its `factors` resolved by
    :func:`ghgcore.sources.resolve` first: database names, classes and
    factors CSV paths as well as factor sets, with the crosswalks and price
    indices the databases ship. The defaults are :func:`calculate_inventory`'s:
    the default databases when `factors` is None, the default fallback and
    price extrapolation, all off with `strict`.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
    >>> round(float(calculate([Activity.of("diesel", 2, "m**3")], fs).co2e[0]), 9)
    5000.0
    """
    if isinstance(factors, Sources) and crosswalks:
        raise OptionError("crosswalks: give them to sources.resolve() with the factors, not beside a Sources")
    sources = factors if isinstance(factors, Sources) else resolve(factors, crosswalks=crosswalks)
    extrapolate = not strict if extrapolate_prices is None else extrapolate_prices
    return _calculate(
        activities,
        sources.factor_sets,
        gwp=gwp,
        year=year,
        fallback=_rules(fallback, strict),
        crosswalks=sources.crosswalks,
        instruments=instruments,
        prices=(
            prices.with_indices(sources.price_indices)
            if prices is not None
            else sources.prices(extrapolate=extrapolate)
        ),
        advice=sources.advice,
    )
