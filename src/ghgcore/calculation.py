"""The calculation engine: resolve each line to a factor, convert, weigh.

The work is columnar. Lines are grouped by their distinct combination of
activity, region, year and unit; each combination is resolved to a factor and
a unit-conversion number once (pint is asked once per distinct unit pair),
and the answers are broadcast to the lines with numpy. Nothing is computed per
line in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore.activities import Activity, ActivityTable, as_table
from ghgcore.crosswalk import Crosswalk
from ghgcore.factors import FactorSet
from ghgcore.gases import DEFAULT_GWP, GWPSet, get_gwp_set, is_montreal_gas, known_gases
from ghgcore.instruments import InstrumentTable, InstrumentUse, allocate
from ghgcore.money import Prices
from ghgcore.resolution import Fallback, Resolver
from ghgcore.result import (  # Basis, Result, SCOPE2_BASES, Unresolved: importable here as before
    CALCULATED,
    EXCLUDED,
    INSTRUMENT,
    LOCATION_FALLBACK,
    MARKET_FACTOR,
    MAX_VALUE,
    NOT_SCOPE_2,
    SCOPE2_BASES,
    UNRESOLVED,
    Basis,
    Result,
    Unresolved,
)
from ghgcore.units import UnitError, conversion_factor

__all__ = ["SCOPE2_BASES", "Basis", "Result", "Unresolved", "calculate"]

_EXPECT_USABLE = f"a finite number below {MAX_VALUE:g} in magnitude"
#: The reason of a line whose amount times its factor (or unit conversion) overflows.
_NOT_FINITE = (
    "field 'amount': {amount} {unit} gives a result that is not a finite number: expected an amount whose "
    f"kg CO2e and kg of each gas are finite numbers below {MAX_VALUE:g} in magnitude"
)

# ---------------------------------------------------------------------------
# calculation


def calculate(
    activities: ActivityTable | Sequence[Activity] | Any,
    factors: FactorSet | Sequence[FactorSet],
    *,
    gwp: str | GWPSet = DEFAULT_GWP,
    year: int | None = None,
    fallback: Fallback | str | None = None,
    crosswalks: Sequence[Crosswalk] = (),
    instruments: InstrumentTable | None = None,
    prices: Prices | None = None,
    advice: Mapping[str, str] | None = None,
) -> Result:
    """Calculate emissions for every line of an activity table.

    Parameters
    ----------
    activities : ActivityTable, sequence of Activity, or pandas DataFrame
        The lines to calculate.
    factors : FactorSet or sequence of FactorSet
        Where to look for factors, in order: for each line the first set
        that has a factor for it wins. Put your own (supplier-specific,
        site-specific) factors first. This is the engine: it takes factor
        sets, never database names; :func:`ghgcore.calculate` and
        :func:`ghgcore.calculate_inventory` also take names
        (:mod:`ghgcore.sources`).
    gwp : {"AR4", "AR5", "AR6"} or GWPSet, default "AR6"
        The GWP-100 set for CO2e.
    year : int, optional
        The reporting year, for lines that give none.
    fallback : Fallback or str, optional
        Region and year fallback (see :class:`~ghgcore.resolution.Fallback`);
        default :meth:`Fallback.default() <ghgcore.resolution.Fallback.default>`
        (a zone uses its country's factor, a year the newest earlier factor
        within five years); ``"none"`` for exact matches only. Every line
        records the kind of match it got.
    crosswalks : sequence of Crosswalk
        Mappings from outside codes (ledger accounts, NACE) to activity keys,
        tried in order.
    instruments : InstrumentTable, optional
        Contractual instruments (guarantees of origin, PPAs, supplier rates)
        for the market-based scope 2 result; see :mod:`ghgcore.instruments`.
    prices : Prices, optional
        Exchange rates and price indices for monetary lines against
        spend-based factors (see :mod:`ghgcore.money`); default: the ECB's
        annual-average rates, no price index, no extrapolation. Each monetary
        line records the rates and index used.
    advice : Mapping[str, str], optional
        Activity key -> the reason given to a line of that key that no set
        has a factor for (what the databases leave to you on purpose, such
        as district heating; :attr:`ghgcore.sources.Sources.advice`).

    Returns
    -------
    Result
        One row per input line, calculated, excluded or unresolved with a
        reason. A line whose amount is not a finite number below
        :data:`~ghgcore.result.MAX_VALUE` in magnitude, or whose kg CO2e or
        kg of a gas (on either scope 2 basis) would not be one, is unresolved
        with a reason naming its amount and unit; so is a line with a
        problem of its input, even one the input excluded.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5, "N2O": 1e-4}, source="example", scope=1)],
    ...     name="example", version="1")
    >>> result = calculate([Activity.of("diesel", 2, "m**3")], fs, gwp="AR5")
    >>> round(float(result.co2e[0]), 9)  # 2000 L * (2.5 + 1e-4 * 265) kg/L
    5053.0
    """
    table = as_table(activities)
    sets = (factors,) if isinstance(factors, FactorSet) else tuple(factors)
    for i, fs in enumerate(sets):
        if not isinstance(fs, FactorSet):
            raise TypeError(
                f"factors[{i}]: expected a FactorSet, got {type(fs).__name__} "
                "(database names are resolved by ghgcore.calculate and ghgcore.calculate_inventory)"
            )
    rules = (
        Fallback.default()
        if fallback is None
        else Fallback.parse(fallback)
        if isinstance(fallback, str)
        else fallback
    )
    all_crosswalks = tuple(crosswalks)
    gwp_set = get_gwp_set(gwp)
    n = len(table)

    # crosswalks: map outside codes to activity keys, once per distinct code
    activity_key = table.activity
    if all_crosswalks:
        activity_key = activity_key.map_categories(lambda code: _crosswalk(all_crosswalks, code))

    line_year = table.year.copy()
    if year is not None:
        line_year[line_year < 0] = int(year)
    excluded = table.excluded
    valid = table.valid & ~excluded

    # one key per distinct (activity, region, year, unit)
    y_known = line_year[line_year >= 0]
    y_min = int(y_known.min()) if len(y_known) else 0
    y_span = (int(y_known.max()) - y_min + 2) if len(y_known) else 1
    n_region = len(table.region.categories) + 1
    n_unit = max(len(table.unit.categories), 1)
    key = activity_key.codes.astype(np.int64)
    key = key * n_region + (table.region.codes + 1)
    key = key * y_span + np.where(line_year >= 0, line_year - y_min + 1, 0)
    key = key * n_unit + table.unit.codes
    key[~valid] = -1
    inverse, uniques = _factorize(key)
    first = np.empty(len(uniques), dtype=np.int64)
    first[inverse] = np.arange(n)  # any line of a combination stands for all of it

    # the global gas columns and each set's offset in a stacked factor matrix
    order = {g: i for i, g in enumerate(known_gases())}
    gases = tuple(sorted({g for fs in sets for g in fs.gases}, key=order.__getitem__)) or ("CO2",)
    stacked = np.zeros((sum(len(fs) for fs in sets) + 1, len(gases)))  # last row: no factor
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    for k, fs in enumerate(sets):
        offsets[k + 1] = offsets[k] + len(fs)
        columns = [gases.index(g) for g in fs.gases]
        stacked[offsets[k] : offsets[k + 1], columns] = fs.values
    no_factor = len(stacked) - 1
    gwp_vector = np.array([gwp_set.get(g, np.nan) for g in gases], dtype=np.float64)
    lacks_gwp = (stacked != 0) & np.isnan(gwp_vector)
    # the scopes' CO2e: Montreal Protocol gases are reported apart (Result.montreal_gases)
    in_scopes = np.array([not is_montreal_gas(g) for g in gases])
    co2e_per_unit = stacked @ np.where(in_scopes, np.nan_to_num(gwp_vector), 0.0)

    # resolve each distinct combination once, from one line that stands for it
    m = len(uniques)
    reasons: dict[str, int] = {}
    c_set = np.full((2, m), -1, dtype=np.int32)
    c_factor = np.full((2, m), -1, dtype=np.int32)
    c_unit = np.full((2, m), np.nan)
    c_reason = np.full(m, -1, dtype=np.int32)
    c_kind = np.zeros(m, dtype=np.int8)
    c_note = np.full(m, -1, dtype=np.int32)
    notes: dict[str, int] = {}
    resolver = Resolver(sets, rules, prices if prices is not None else Prices())
    combos = zip(
        uniques.tolist(),
        activity_key.codes[first].tolist(),
        table.region.codes[first].tolist(),
        line_year[first].tolist(),
        table.unit.codes[first].tolist(),
        strict=True,
    )
    regions = ("", *table.region.categories)  # code -1 -> ""
    for j, (combo, a, r, y, u) in enumerate(combos):
        if combo < 0:
            continue
        activity, unit = activity_key.categories[a], table.unit.categories[u]
        for basis, market in enumerate((False, True)):
            if market and not resolver.has_market(activity):
                continue
            choice = resolver.resolve(activity, regions[r + 1], y, unit, market=market)
            if choice.factor >= 0:
                c_set[basis, j], c_factor[basis, j] = choice.set_index, choice.factor
                c_unit[basis, j] = choice.unit_factor
                c_kind[j] |= choice.kind
                if choice.note and not market:
                    c_note[j] = notes.setdefault(choice.note, len(notes))
            elif not market:
                why = choice.reason
                if advice and activity in advice and not resolver.knows(activity):
                    why = advice[activity]
                elif all_crosswalks and not resolver.knows(activity):
                    why += f" (no crosswalk maps it: {', '.join(cw.name for cw in all_crosswalks)})"
                c_reason[j] = reasons.setdefault(why, len(reasons))
    c_row = np.where(c_set >= 0, offsets[np.maximum(c_set, 0)] + c_factor, no_factor)

    # a factor with a gas the GWP set lacks cannot give CO2e
    row_lacks = lacks_gwp.any(axis=1)
    for j in np.flatnonzero((row_lacks[c_row[0]] | row_lacks[c_row[1]]) & (c_reason < 0)).tolist():
        basis = 0 if row_lacks[c_row[0, j]] else 1
        missing = [gases[g] for g in np.flatnonzero(lacks_gwp[c_row[basis, j]])]
        factor_id = sets[c_set[basis, j]].id[c_factor[basis, j]]
        text = (
            f"the {gwp_set.name} GWP set has no value for {', '.join(missing)}, a gas of factor {factor_id!r}"
        )
        c_reason[j] = reasons.setdefault(text, len(reasons))

    # broadcast to lines: one gather per output column
    def take(per_combo: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return np.take(per_combo, inverse)

    location_row, market_row = c_row[0], c_row[1]
    reason_codes = take(c_reason)
    resolved = valid & (reason_codes < 0)
    scope = take(_stacked_attr(sets, "scope", offsets, np.int8)[location_row])
    if np.any(table.scope > 0):
        scope = np.where(table.scope > 0, table.scope, scope)
    category = take(_stacked_attr(sets, "category", offsets, np.int8)[location_row])
    if np.any(table.category > 0):
        category = np.where(table.category > 0, table.category, category)
    category[scope != 3] = 0
    no_scope = resolved & (scope == 0)
    if no_scope.any():
        code = reasons.setdefault(
            "no scope: neither the line nor its factor gives one (add a 'scope' column, 1, 2 or 3)",
            len(reasons),
        )
        reason_codes[no_scope] = code
        resolved &= ~no_scope

    # input problems: one reason per distinct problem; a line with a problem is unresolved even
    # where the input excluded it (its amount cannot be summed with the excluded ones)
    problem_codes, problem_texts = table.problems.reasons(n)
    has_problem = problem_codes >= 0
    if problem_texts:
        remap = np.array([reasons.setdefault(t, len(reasons)) for t in problem_texts], dtype=np.int32)
        reason_codes[has_problem] = remap[problem_codes[has_problem]]
    amount = table.amount
    # an amount that is not a finite number below MAX_VALUE (a table built by hand, a reader that let
    # one through) cannot be calculated, nor summed with the excluded lines
    usable = np.abs(amount) < MAX_VALUE
    excluded = excluded & ~has_problem & usable
    if table.exclusion is not None and excluded.any():
        exclusion = table.exclusion
        codes = np.array(
            [reasons.setdefault(text, len(reasons)) for text in exclusion.categories], dtype=np.int32
        )
        rows = np.flatnonzero(excluded)
        reason_codes[rows] = codes[exclusion.codes[rows]]
    if not usable.all():
        rows = np.flatnonzero(~usable & ~has_problem)
        reason_codes[rows] = _value_reasons(
            rows, amount, table.unit, reasons, "field 'amount': got {amount!r}, expected " + _EXPECT_USABLE
        )
        resolved &= usable

    # the answers, location-based; floating-point overflow is caught below, line by line
    unit_factor = take(c_unit[0])
    per_combo = c_unit[0] * co2e_per_unit[location_row]
    per_gas = np.ascontiguousarray((c_unit[0][:, None] * stacked[location_row]).T)
    # the largest number any answer of a line is its amount times: a line whose |amount| times it
    # reaches MAX_VALUE (or is not a number) is unresolved, so no answer and no sum overflows
    largest = np.maximum(np.abs(per_combo), np.abs(per_gas).max(axis=0, initial=0.0))
    largest[~np.isfinite(c_unit[0])] = np.nan
    with np.errstate(over="ignore", invalid="ignore"):
        co2e = amount * take(per_combo)
        mass = np.empty((len(gases), n))
        for g in range(len(gases)):
            np.multiply(amount, take(per_gas[g]), out=mass[g])
        bound = np.abs(amount) * take(largest)
    factor_set, factor = take(c_set[0]), take(c_factor[0])
    match = take(c_kind)
    note_codes = take(c_note)

    # market-based: scope 2 lines with a market factor use it; the others
    # keep their location-based (or only) answer
    scope2 = resolved & (scope == 2)
    has_market = c_set[1] >= 0
    use_market = scope2 & take(has_market) if has_market.any() else np.zeros(n, dtype=bool)
    if use_market.any():
        rows = np.flatnonzero(use_market)
        combos_of = inverse[rows]
        per_combo_market = c_unit[1] * co2e_per_unit[market_row]
        per_gas_market = c_unit[1][:, None] * stacked[market_row]
        largest_market = np.maximum(np.abs(per_combo_market), np.abs(per_gas_market).max(axis=1, initial=0.0))
        largest_market[~np.isfinite(c_unit[1])] = np.nan
        co2e_market = co2e.copy()
        mass_market = mass.copy()
        with np.errstate(over="ignore", invalid="ignore"):
            co2e_market[rows] = amount[rows] * per_combo_market[combos_of]
            mass_market[:, rows] = amount[rows] * per_gas_market[combos_of].T
            bound[rows] = np.maximum(bound[rows], np.abs(amount[rows]) * largest_market[combos_of])
        market_set, market_factor = factor_set.copy(), factor.copy()
        market_set[rows], market_factor[rows] = c_set[1][combos_of], c_factor[1][combos_of]
    else:
        co2e_market, mass_market, market_set, market_factor = co2e, mass, factor_set, factor
    overflow = resolved & ~(bound < MAX_VALUE)
    if overflow.any():
        rows = np.flatnonzero(overflow)
        reason_codes[rows] = _value_reasons(rows, amount, table.unit, reasons, _NOT_FINITE)
        resolved &= ~overflow
        scope2 &= ~overflow
        use_market &= ~overflow

    # contractual instruments: the covered share of a line gets the instrument's rate
    instrument_kwh = np.zeros(n)
    instrument_ids = np.full(n, None, dtype=object)
    uses: tuple[InstrumentUse, ...] = ()
    wholly = np.zeros(0, dtype=np.intp)
    if instruments is not None and len(instruments):
        unit_kwh = np.array([_to_kwh(u) for u in table.unit.categories] + [np.nan])
        allocation = allocate(
            instruments, activity=activity_key, region=table.region, site=table.site, year=line_year,
            kwh=amount * unit_kwh[table.unit.codes], eligible=scope2,
        )  # fmt: skip
        instrument_kwh, instrument_ids, uses = allocation.covered_kwh, allocation.ids, allocation.uses
        rows = np.flatnonzero(instrument_kwh > 0)
        if len(rows):
            share = instrument_kwh[rows] / (amount[rows] * unit_kwh[table.unit.codes[rows]])
            if "CO2e" not in gases:
                gases = (*gases, "CO2e")
                mass = np.vstack([mass, np.zeros(n)])
                mass_market = np.vstack([mass_market, np.zeros(n)])
            co2e_market = co2e_market.copy() if co2e_market is co2e else co2e_market
            mass_market = mass_market.copy() if mass_market is mass else mass_market
            with np.errstate(over="ignore", invalid="ignore"):
                co2e_market[rows] = co2e_market[rows] * (1 - share) + allocation.emissions[rows]
                mass_market[:, rows] *= 1 - share
                mass_market[gases.index("CO2e"), rows] += allocation.emissions[rows]
            fine = (np.abs(co2e_market[rows]) < MAX_VALUE) & (np.abs(mass_market[:, rows]) < MAX_VALUE).all(0)
            bad = ~fine
            if bad.any():  # an instrument's rate times the covered kWh overflows
                overflow = rows[bad]
                reason_codes[overflow] = _value_reasons(overflow, amount, table.unit, reasons, _NOT_FINITE)
                resolved[overflow] = False
                instrument_kwh[overflow], instrument_ids[overflow] = 0.0, None
            wholly = rows[~bad & (share >= 1.0 - 1e-12)]

    # the lines that are not calculated have no answer
    unresolved = np.flatnonzero(~resolved)
    if len(unresolved):
        match[unresolved] = 0
        for column in _distinct(unit_factor, co2e, co2e_market):
            column[unresolved] = np.nan
        for array in _distinct(mass, mass_market):
            array[:, unresolved] = np.nan
        for column in (scope, category):
            column[unresolved] = 0
        for column in _distinct(factor_set, factor, market_set, market_factor, note_codes):
            column[unresolved] = -1
    reason_codes[resolved] = -1
    reason = Categorical(codes=reason_codes, categories=tuple(reasons))
    scope2_basis = np.full(n, NOT_SCOPE_2, dtype=np.int8)
    scope2_basis[scope2 & resolved] = LOCATION_FALLBACK
    scope2_basis[use_market & resolved] = MARKET_FACTOR
    scope2_basis[wholly] = INSTRUMENT  # wholly covered by instruments; else the remainder's basis
    status = np.full(n, UNRESOLVED, dtype=np.int8)
    status[resolved] = CALCULATED
    status[excluded] = EXCLUDED
    return Result(
        activities=table,
        gwp=gwp_set,
        factor_sets=sets,
        fallback=rules,
        gases=gases,
        lines={
            "status": status,
            "reason": reason,
            "year": line_year,
            "scope": scope,
            "category": category,
            "unit_factor": unit_factor,
            "price_note": Categorical(codes=note_codes, categories=tuple(notes)),
            "scope2_basis": scope2_basis,
            "instrument_kwh": instrument_kwh,
            "instrument_ids": instrument_ids,
            "activity_key": activity_key,
            "match": match,
        },
        by_basis={
            "co2e": _per_basis(co2e, co2e_market),
            "factor_set": _per_basis(factor_set, market_set),
            "factor": _per_basis(factor, market_factor),
            "mass": _per_basis(mass, mass_market),
        },
        instrument_uses=uses,
    )


def _distinct(*arrays: npt.NDArray[Any]) -> list[npt.NDArray[Any]]:
    """The arrays, each once (the market-based answer is the location-based array where no line differs)."""
    return list({id(a): a for a in arrays}.values())


def _value_reasons(
    rows: npt.NDArray[np.intp],
    amount: npt.NDArray[np.float64],
    unit: Categorical,
    reasons: dict[str, int],
    template: str,
) -> npt.NDArray[np.int32]:
    """The reason code of each of `rows`, `template` filled once per distinct amount and unit.

    `template` has the fields ``{amount}`` (the amount as Python writes it:
    ``1e+308``, ``nan``, ``inf``) and ``{unit}``.
    """
    if not len(rows):
        return np.zeros(0, dtype=np.int32)
    pairs = np.stack([amount[rows].view(np.int64), unit.codes[rows].astype(np.int64)])
    _, first, inverse = np.unique(pairs, axis=1, return_index=True, return_inverse=True)
    units = ("", *unit.categories)
    codes = np.array(
        [
            reasons.setdefault(
                template.format(amount=repr(float(amount[row])), unit=units[int(unit.codes[row]) + 1]),
                len(reasons),
            )
            for row in rows[first].tolist()
        ],
        dtype=np.int32,
    )
    return codes[inverse.ravel()]


def _factorize(key: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Codes into the sorted distinct keys (``-1`` included); a dense table where keys are few."""
    if not len(key):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
    span = int(key.max()) + 2
    if span <= 4 * len(key) + 4096:
        present = np.zeros(span, dtype=bool)
        present[key + 1] = True
        codes = np.cumsum(present, dtype=np.intp) - 1
        return codes[key + 1], np.flatnonzero(present).astype(np.int64) - 1
    uniques, inverse = np.unique(key, return_inverse=True)
    return inverse.ravel().astype(np.intp), uniques


def _per_basis(location: npt.NDArray[Any], market: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Location and market answers on a first axis; one read-only view where they are the same."""
    if market is location:
        return np.broadcast_to(location, (2, *location.shape))
    return np.stack([location, market])


def _stacked_attr(
    sets: Sequence[FactorSet], name: str, offsets: npt.NDArray[np.int64], dtype: type[np.integer[Any]]
) -> npt.NDArray[Any]:
    """One per-factor column of all sets stacked, plus a 0 for 'no factor'."""
    parts = [np.asarray(getattr(fs, name), dtype=dtype) for fs in sets]
    return np.concatenate([*parts, np.zeros(1, dtype=dtype)])


def _to_kwh(unit: str) -> float:
    try:
        return conversion_factor(unit, "kWh")
    except UnitError:
        return np.nan


def _crosswalk(crosswalks: Sequence[Crosswalk], code: str) -> str:
    for crosswalk in crosswalks:
        key = crosswalk.lookup(code)
        if key is not None:
            return key
    return code
