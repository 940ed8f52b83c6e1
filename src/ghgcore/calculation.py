"""The calculation engine: resolve each line to a factor, convert, weigh.

The work is columnar. Lines are grouped by their distinct combination of
activity, region, year and unit; each combination is resolved to a factor and
a unit-conversion number once (pint is asked once per distinct unit pair),
and the answers are broadcast to the lines with numpy. Nothing is computed per
line in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical, FloatArray
from ghgcore.activities import Activity, ActivityTable
from ghgcore.crosswalk import Crosswalk
from ghgcore.factors import FactorSet
from ghgcore.gases import BIOGENIC_CO2, DEFAULT_GWP, GWPSet, get_gwp_set, known_gases
from ghgcore.instruments import InstrumentTable, InstrumentUse, allocate
from ghgcore.money import Prices
from ghgcore.resolution import MATCH_KINDS, Fallback, Resolver
from ghgcore.units import UnitError, conversion_factor

__all__ = ["Basis", "Result", "Unresolved", "calculate"]

Basis = Literal["location", "market"]

#: Values of :attr:`Result.scope2_basis`.
NOT_SCOPE_2, MARKET_FACTOR, LOCATION_FALLBACK, INSTRUMENT = 0, 1, 2, 3
SCOPE2_BASES = ("", "market", "location_fallback", "instrument")


@attrs.frozen
class Unresolved:
    """A line that could not be calculated, and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@attrs.frozen(eq=False)
class Result:
    """One row per input line: emissions per gas and CO2e, and their pedigree.

    Emissions are in kg. Unresolved lines have NaN emissions and a reason;
    calculated lines have a factor. For scope 2 lines there are two answers:
    location-based (:attr:`co2e`, :attr:`mass`) and market-based
    (:attr:`co2e_market`, :attr:`mass_market`); for every other line the two
    are the same.

    Attributes
    ----------
    activities : ActivityTable
        The input.
    gwp : GWPSet
        The GWP set used for CO2e.
    factor_sets : tuple of FactorSet
        The sources searched, in order.
    fallback : Fallback
        The fallback rules of the calculation.
    activity_key : Categorical
        The activity key each line was resolved with (after crosswalks).
    match : numpy.ndarray of int8
        How each line's factor was found: an index into
        :data:`~ghgcore.resolution.MATCH_KINDS` (exact, region, year,
        region+year).
    calculated : numpy.ndarray of bool
    excluded : numpy.ndarray of bool
        Lines the input excluded on purpose (:attr:`ActivityTable.exclusion`);
        neither calculated nor unresolved.
    reason : Categorical
        Why a line is unresolved or excluded (missing for calculated lines).
    year : numpy.ndarray of int32
        The year each line was calculated for (its own, or the default).
    scope, category : numpy.ndarray of int8
        Scope (1-3) and scope 3 category (1-15) of calculated lines; 0 else.
    factor_set, factor : numpy.ndarray of int32
        Which set (index into :attr:`factor_sets`) and which factor in it the
        location-based (or only) answer used; -1 for unresolved lines.
    unit_factor : numpy.ndarray of float64
        The number converting the line's unit to the factor's unit (for
        money, with the exchange rates and price index of :attr:`price_note`).
    price_note : Categorical
        For a monetary line: the exchange rates and price-index figures that
        brought it to the factor's currency and price year, in words.
    market_factor_set, market_factor : numpy.ndarray of int32
        The same for the market-based answer.
    scope2_basis : numpy.ndarray of int8
        0 not scope 2; 1 a market-based factor was found; 2 none was, so the
        location-based factor stands in (to be disclosed); 3 contractual
        instruments cover the whole line. A line covered in part keeps the
        basis of its remainder; :attr:`instrument_kwh` says how much is covered.
    gases : tuple of str
        The gas rows of :attr:`mass`.
    mass, mass_market : numpy.ndarray, shape (len(gases), n)
        kg of each gas per line.
    co2e, co2e_market : numpy.ndarray of float64
        kg CO2e per line (biogenic CO2 excluded).
    instrument_kwh : numpy.ndarray of float64
        kWh of each line covered by contractual instruments.
    instrument_ids : numpy.ndarray of object
        The ids of the instruments covering each line (``;``-separated), or None.
    instrument_uses : tuple of InstrumentUse
        Each instrument's allocated volume, and why any was left over.
    """

    activities: ActivityTable
    gwp: GWPSet
    factor_sets: tuple[FactorSet, ...]
    fallback: Fallback
    activity_key: Categorical
    match: npt.NDArray[np.int8]
    calculated: npt.NDArray[np.bool_]
    excluded: npt.NDArray[np.bool_]
    reason: Categorical
    year: npt.NDArray[np.int32]
    scope: npt.NDArray[np.int8]
    category: npt.NDArray[np.int8]
    factor_set: npt.NDArray[np.int32]
    factor: npt.NDArray[np.int32]
    unit_factor: FloatArray
    price_note: Categorical
    market_factor_set: npt.NDArray[np.int32]
    market_factor: npt.NDArray[np.int32]
    scope2_basis: npt.NDArray[np.int8]
    gases: tuple[str, ...]
    mass: npt.NDArray[np.float64]
    mass_market: npt.NDArray[np.float64]
    co2e: FloatArray
    co2e_market: FloatArray
    instrument_kwh: FloatArray
    instrument_ids: npt.NDArray[np.object_]
    instrument_uses: tuple[InstrumentUse, ...] = ()

    def __len__(self) -> int:
        return len(self.co2e)

    def __repr__(self) -> str:
        return (
            f"<Result {len(self)} lines, {int(self.calculated.sum())} calculated, "
            f"{int(self.excluded.sum())} excluded, {len(self.unresolved)} unresolved; "
            f"{self.total():.6g} kg CO2e ({self.gwp.name})>"
        )

    def _repr_html_(self) -> str:
        from ghgcore.report import summary, to_html

        return to_html(summary(self))

    # ------------------------------------------------------------ totals

    def _co2e(self, basis: Basis) -> FloatArray:
        return self.co2e_market if basis == "market" else self.co2e

    def _mass(self, basis: Basis) -> npt.NDArray[np.float64]:
        return self.mass_market if basis == "market" else self.mass

    def total(self, basis: Basis = "market") -> float:
        """Kg CO2e over scopes 1, 2 and 3, with scope 2 on the given basis."""
        return float(np.sum(self._co2e(basis)[self.calculated]))

    def by_scope(self) -> dict[str, float]:
        """Kg CO2e per scope: ``"1"``, ``"2_location"``, ``"2_market"``, ``"3"``."""
        ok = self.calculated
        return {
            "1": float(np.sum(self.co2e[ok & (self.scope == 1)])),
            "2_location": float(np.sum(self.co2e[ok & (self.scope == 2)])),
            "2_market": float(np.sum(self.co2e_market[ok & (self.scope == 2)])),
            "3": float(np.sum(self.co2e[ok & (self.scope == 3)])),
        }

    def by_category(self) -> dict[str, float]:
        """Kg CO2e per scope 3 category, ``"1"`` to ``"15"`` and ``"unassigned"``."""
        mask = self.calculated & (self.scope == 3)
        sums = np.bincount(self.category[mask], weights=self.co2e[mask], minlength=16)
        out = {str(c): float(sums[c]) for c in range(1, 16)}
        out["unassigned"] = float(sums[0])
        return out

    def by_gas(self, basis: Basis = "market") -> dict[str, float]:
        """Kg of each gas (biogenic CO2 included, as its own gas)."""
        mass = self._mass(basis)[:, self.calculated]
        return {gas: float(np.sum(mass[i])) for i, gas in enumerate(self.gases)}

    def biogenic_co2(self, basis: Basis = "market") -> float:
        """Kg of biogenic CO2, reported outside the scopes."""
        if BIOGENIC_CO2 not in self.gases:
            return 0.0
        return float(np.sum(self._mass(basis)[self.gases.index(BIOGENIC_CO2), self.calculated]))

    def by(self, column: str, basis: Basis = "market") -> dict[str, float]:
        """Kg CO2e (scopes 1-3) grouped by an input column or tag.

        Parameters
        ----------
        column : str
            ``"activity"``, ``"region"``, ``"site"``, ``"year"``, ``"unit"``,
            ``"id"`` or the name of a tag column. Lines without a value are
            grouped under ``""``.
        """
        ok = self.calculated
        weights = self._co2e(basis)[ok]
        if column == "year":
            years, inverse = np.unique(self.year[ok], return_inverse=True)
            sums = np.bincount(inverse, weights=weights, minlength=len(years))
            return {("" if y < 0 else str(int(y))): float(s) for y, s in zip(years, sums, strict=True)}
        table = self.activities
        columns: Mapping[str, Categorical] = {
            "activity": table.activity, "region": table.region, "site": table.site,
            "unit": table.unit, "id": table.id, **table.tags,
        }  # fmt: skip
        if column not in columns:
            raise KeyError(f"no column {column!r}: expected one of year, {', '.join(columns)}")
        col = columns[column]
        sums = np.bincount(col.codes[ok] + 1, weights=weights, minlength=len(col.categories) + 1)
        out = {
            name: float(sums[i + 1])
            for i, name in enumerate(col.categories)
            if sums[i + 1] or np.any(col.codes[ok] == i)
        }
        if np.any(col.codes[ok] < 0):
            out[""] = float(sums[0])
        return out

    @property
    def unresolved(self) -> list[Unresolved]:
        """The lines that could not be calculated, in input order, with reasons (not the excluded)."""
        rows = np.flatnonzero(~self.calculated & ~self.excluded)
        reasons = self.reason.to_numpy()[rows]
        lines = self.activities.line[rows]
        return [Unresolved(int(line), str(reason)) for line, reason in zip(lines, reasons, strict=True)]

    def reconciliation(self) -> dict[str, dict[str, int | float]]:
        """Lines and summed amounts per input unit: input = calculated + excluded + unresolved.

        Amounts that could not be read (NaN) count as lines but not in the sums.
        """
        table = self.activities
        codes = table.unit.codes + 1
        names = ["", *table.unit.categories]
        amount = np.where(np.isnan(table.amount), 0.0, table.amount)
        out: dict[str, dict[str, int | float]] = {}
        n = len(names)
        groups = {
            "input": np.ones(len(table), dtype=bool),
            "calculated": self.calculated,
            "excluded": self.excluded,
            "unresolved": ~self.calculated & ~self.excluded,
        }
        counts = {k: np.bincount(codes[m], minlength=n) for k, m in groups.items()}
        sums = {k: np.bincount(codes[m], weights=amount[m], minlength=n) for k, m in groups.items()}
        for i, name in enumerate(names):
            if counts["input"][i]:
                out[name] = {
                    **{f"{k}_lines": int(counts[k][i]) for k in groups},
                    **{f"{k}_amount": float(sums[k][i]) for k in groups},
                }
        return out

    def exclusions(self, where: npt.NDArray[np.bool_] | None = None) -> list[dict[str, Any]]:
        """The excluded lines by reason: how many, and their summed amount per unit.

        Parameters
        ----------
        where : numpy.ndarray of bool, optional
            Only these lines (default: all).
        """
        rows = np.flatnonzero(self.excluded if where is None else self.excluded & where)
        if not len(rows):
            return []
        table = self.activities
        reason = self.reason.codes[rows]
        unit = table.unit.codes[rows] + 1
        amount = np.nan_to_num(table.amount[rows])
        units = ["", *table.unit.categories]
        pairs, inverse = np.unique(np.stack([reason, unit]), axis=1, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=amount, minlength=pairs.shape[1])
        counts = np.bincount(inverse.ravel(), minlength=pairs.shape[1])
        out: dict[str, dict[str, Any]] = {}
        for k in range(pairs.shape[1]):
            text = self.reason.categories[pairs[0, k]]
            entry = out.setdefault(text, {"reason": text, "lines": 0, "amount": {}})
            entry["lines"] += int(counts[k])
            entry["amount"][units[pairs[1, k]]] = float(sums[k])
        return list(out.values())

    def fallback_counts(self) -> dict[str, int]:
        """How many scope 2 lines used a market factor, fell back to location, or were covered by instruments."""
        ok = self.calculated
        return {
            "scope2_market_factor": int(np.sum(ok & (self.scope2_basis == MARKET_FACTOR))),
            "scope2_location_fallback": int(np.sum(ok & (self.scope2_basis == LOCATION_FALLBACK))),
            "scope2_instrument": int(np.sum(ok & (self.instrument_kwh > 0))),
        }

    def match_counts(self) -> dict[str, int]:
        """Calculated lines by how their factor was found: exact, region, year, region+year."""
        counts = np.bincount(self.match[self.calculated], minlength=len(MATCH_KINDS))
        return {kind: int(counts[i]) for i, kind in enumerate(MATCH_KINDS)}

    def to_dataframe(self) -> Any:
        """Return one row per input line as a pandas DataFrame."""
        import pandas as pd

        table = self.activities
        ok = self.calculated

        def pick(
            values: Sequence[Any], index: npt.NDArray[np.int32], sets: npt.NDArray[np.int32]
        ) -> npt.NDArray[np.object_]:
            out = np.full(len(self), None, dtype=object)
            for s in range(len(self.factor_sets)):
                rows = np.flatnonzero(sets == s)
                out[rows] = np.asarray(values[s], dtype=object)[index[rows]]
            return out

        ids = [fs.id for fs in self.factor_sets]
        set_names = [
            np.array([f"{fs.name}@{fs.version}"] * max(len(fs), 1), dtype=object) for fs in self.factor_sets
        ]
        data: dict[str, Any] = {
            "line": table.line,
            "activity": table.activity.to_pandas(),
            "amount": table.amount,
            "unit": table.unit.to_pandas(),
            "region": table.region.to_pandas(),
            "year": _nullable(self.year, self.year >= 0, "Int32"),
            "site": table.site.to_pandas(),
            "id": table.id.to_pandas(),
            **{name: col.to_pandas() for name, col in table.tags.items()},
            "status": np.where(ok, "calculated", np.where(self.excluded, "excluded", "unresolved")),
            "reason": self.reason.to_pandas(),
            "scope": _nullable(self.scope, ok, "Int8"),
            "category": _nullable(self.category, self.category > 0, "Int8"),
            "co2e_kg": self.co2e,
            "co2e_market_kg": self.co2e_market,
            **{f"{gas}_kg": self.mass[i] for i, gas in enumerate(self.gases)},
            "factor_id": pick(ids, self.factor, self.factor_set),
            "factor_set": pick(set_names, np.zeros_like(self.factor), self.factor_set),
            "unit_factor": self.unit_factor,
            "price_note": self.price_note.to_pandas(),
            "scope2_basis": np.array(SCOPE2_BASES, dtype=object)[self.scope2_basis],
            "instrument_kwh": self.instrument_kwh,
            "instruments": self.instrument_ids,
            "activity_key": self.activity_key.to_pandas(),
            "match": np.array([*MATCH_KINDS, None], dtype=object)[np.where(ok, self.match, len(MATCH_KINDS))],
            "market_factor_id": pick(ids, self.market_factor, self.market_factor_set),
        }
        return pd.DataFrame(data)


def _nullable(values: npt.NDArray[Any], present: npt.NDArray[np.bool_], dtype: str) -> Any:
    import pandas as pd

    return pd.Series(values, dtype=dtype).mask(~present)


# ---------------------------------------------------------------------------
# calculation


def calculate(
    activities: ActivityTable | Sequence[Activity] | Any,
    factors: FactorSet | str | Any | Sequence[FactorSet | str | Any],
    *,
    gwp: str | GWPSet = DEFAULT_GWP,
    year: int | None = None,
    fallback: Fallback | str | None = None,
    crosswalks: Sequence[Crosswalk] = (),
    instruments: InstrumentTable | None = None,
    prices: Prices | None = None,
) -> Result:
    """Calculate emissions for every line of an activity table.

    Parameters
    ----------
    activities : ActivityTable, sequence of Activity, or pandas DataFrame
        The lines to calculate.
    factors : FactorSet, database name, FactorDatabase, or a sequence of them
        Where to look for factors, in order: for each line the first source
        that has a factor for it wins. Put your own (supplier-specific,
        site-specific) factors first. Names are installed factor databases
        (``ghgcore factors list``).
    gwp : {"AR4", "AR5", "AR6"} or GWPSet, default "AR6"
        The GWP-100 set for CO2e.
    year : int, optional
        The reporting year, for lines that give none.
    fallback : Fallback or str, optional
        Explicit region and year fallback (see :class:`~ghgcore.resolution.Fallback`);
        default none. Every line records the kind of match it got.
    crosswalks : sequence of Crosswalk
        Mappings from outside codes (ledger accounts, NACE) to activity keys,
        tried in order before the crosswalks the databases ship.
    instruments : InstrumentTable, optional
        Contractual instruments (guarantees of origin, PPAs, supplier rates)
        for the market-based scope 2 result; see :mod:`ghgcore.instruments`.
    prices : Prices, optional
        Exchange rates and price indices for monetary lines against
        spend-based factors (see :mod:`ghgcore.money`); default: the ECB's
        annual-average rates and the price indices the databases ship, no
        extrapolation. Each monetary line records the rates and index used.

    Returns
    -------
    Result
        One row per input line, calculated or unresolved with a reason.

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
    from ghgcore.plugins import resolve_sources

    table = _as_table(activities)
    single = isinstance(factors, FactorSet | str | type) or not isinstance(factors, Sequence)
    sets_list, shipped_crosswalks, shipped_indices = resolve_sources([factors] if single else list(factors))
    sets = tuple(sets_list)
    rules = Fallback.parse(fallback) if isinstance(fallback, str) else (fallback or Fallback())
    all_crosswalks = (*crosswalks, *shipped_crosswalks)
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
    import pandas as pd

    inverse, uniques = pd.factorize(key, sort=False)
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
    co2e_per_unit = stacked @ np.nan_to_num(gwp_vector)

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
    resolver = Resolver(
        sets,
        rules,
        prices.with_indices(shipped_indices) if prices is not None else Prices(indices=shipped_indices),
    )
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
                if all_crosswalks and not resolver.knows(activity):
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

    # input problems: one reason per distinct problem
    problem_codes, problem_texts = table.problems.reasons(n)
    if problem_texts:
        remap = np.array([reasons.setdefault(t, len(reasons)) for t in problem_texts], dtype=np.int32)
        has = problem_codes >= 0
        reason_codes[has] = remap[problem_codes[has]]
    if table.exclusion is not None and excluded.any():
        exclusion = table.exclusion
        codes = np.array(
            [reasons.setdefault(text, len(reasons)) for text in exclusion.categories], dtype=np.int32
        )
        rows = np.flatnonzero(excluded)
        reason_codes[rows] = codes[exclusion.codes[rows]]

    amount = table.amount
    unit_factor = take(c_unit[0])
    co2e = amount * take(c_unit[0] * co2e_per_unit[location_row])
    per_gas = np.ascontiguousarray((c_unit[0][:, None] * stacked[location_row]).T)
    mass = np.empty((len(gases), n))
    for g in range(len(gases)):
        np.multiply(amount, take(per_gas[g]), out=mass[g])
    factor_set, factor = take(c_set[0]), take(c_factor[0])
    match = take(c_kind)
    note_codes = take(c_note)
    unresolved = ~resolved
    if unresolved.any():
        match[unresolved] = 0
        for column in (unit_factor, co2e):
            column[unresolved] = np.nan
        mass[:, unresolved] = np.nan
        for column in (scope, category):
            column[unresolved] = 0
        for column in (factor_set, factor, note_codes):
            column[unresolved] = -1
    reason_codes[resolved] = -1
    reason = Categorical(codes=reason_codes, categories=tuple(reasons))

    # market-based: scope 2 lines with a market factor use it; the others
    # keep their location-based (or only) answer
    scope2 = scope == 2
    has_market = c_set[1] >= 0
    use_market = scope2 & take(has_market) if has_market.any() else np.zeros(n, dtype=bool)
    scope2_basis = np.full(n, NOT_SCOPE_2, dtype=np.int8)
    scope2_basis[scope2] = LOCATION_FALLBACK
    scope2_basis[use_market] = MARKET_FACTOR
    if use_market.any():
        rows = np.flatnonzero(use_market)
        combos_of = inverse[rows]
        co2e_market = co2e.copy()
        co2e_market[rows] = amount[rows] * (c_unit[1] * co2e_per_unit[market_row])[combos_of]
        mass_market = mass.copy()
        mass_market[:, rows] = amount[rows] * (c_unit[1][:, None] * stacked[market_row])[combos_of].T
        market_set, market_factor = factor_set.copy(), factor.copy()
        market_set[rows], market_factor[rows] = c_set[1][combos_of], c_factor[1][combos_of]
    else:
        co2e_market, mass_market, market_set, market_factor = co2e, mass, factor_set, factor

    # contractual instruments: the covered share of a line gets the instrument's rate
    instrument_kwh = np.zeros(n)
    instrument_ids = np.full(n, None, dtype=object)
    uses: tuple[InstrumentUse, ...] = ()
    if instruments is not None and len(instruments):
        unit_kwh = np.array([_to_kwh(u) for u in table.unit.categories] + [np.nan])
        allocation = allocate(
            instruments, activity=activity_key, region=table.region, site=table.site, year=line_year,
            kwh=amount * unit_kwh[table.unit.codes], eligible=resolved & scope2,
        )  # fmt: skip
        instrument_kwh, instrument_ids, uses = allocation.covered_kwh, allocation.ids, allocation.uses
        rows = np.flatnonzero(instrument_kwh > 0)
        if len(rows):
            share = instrument_kwh[rows] / (amount[rows] * unit_kwh[table.unit.codes[rows]])
            if "CO2e" not in gases:
                gases = (*gases, "CO2e")
                mass = np.vstack([mass, np.where(resolved, 0.0, np.nan)])
                mass_market = np.vstack([mass_market, np.where(resolved, 0.0, np.nan)])
            co2e_market = co2e_market.copy() if co2e_market is co2e else co2e_market
            mass_market = mass_market.copy() if mass_market is mass else mass_market
            co2e_market[rows] = co2e_market[rows] * (1 - share) + allocation.emissions[rows]
            mass_market[:, rows] *= 1 - share
            mass_market[gases.index("CO2e"), rows] += allocation.emissions[rows]
            scope2_basis[rows[share >= 1.0 - 1e-12]] = (
                INSTRUMENT  # wholly covered; else the remainder's basis
            )

    return Result(
        activities=table,
        gwp=gwp_set,
        factor_sets=sets,
        fallback=rules,
        activity_key=activity_key,
        match=match,
        calculated=resolved,
        excluded=excluded,
        reason=reason,
        year=line_year,
        scope=scope,
        category=category,
        factor_set=factor_set,
        factor=factor,
        unit_factor=unit_factor,
        price_note=Categorical(codes=note_codes, categories=tuple(notes)),
        market_factor_set=market_set,
        market_factor=market_factor,
        scope2_basis=scope2_basis,
        gases=gases,
        mass=mass,
        mass_market=mass_market,
        co2e=co2e,
        co2e_market=co2e_market,
        instrument_kwh=instrument_kwh,
        instrument_ids=instrument_ids,
        instrument_uses=uses,
    )


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


def _as_table(activities: Any) -> ActivityTable:
    if isinstance(activities, ActivityTable):
        return activities
    if hasattr(activities, "columns") and hasattr(activities, "to_numpy"):
        return ActivityTable.from_dataframe(activities)
    return ActivityTable.from_activities(activities)
