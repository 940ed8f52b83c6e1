"""The result of a calculation: metadata plus a table of named columns.

One row per input line. Columns that do not depend on the scope 2 basis
(status, reason, scope, year, how the factor was found, ...) are in
:attr:`Result.lines`; columns that do (CO2e, the factor used, the mass of each
gas) are in :attr:`Result.by_basis` with the basis as their first axis,
``0`` location-based and ``1`` market-based (:data:`BASES`). A new feature adds
a column, not a constructor field, and :meth:`Result.to_dataframe` renders
whatever columns there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical
from ghgcore.activities import ActivityTable
from ghgcore.factors import FactorSet, format_years
from ghgcore.gases import BIOGENIC_CO2, GWPSet, is_montreal_gas, known_gases
from ghgcore.instruments import InstrumentUse
from ghgcore.resolution import MATCH_KINDS, REGION_FALLBACK, YEAR_FALLBACK, Fallback
from ghgcore.spend import SPEND_TAG

__all__ = [
    "BASES",
    "MAX_VALUE",
    "OTHER_YEAR",
    "OWN_TAGS",
    "SCOPE2_BASES",
    "STATUS",
    "TAG_PREFIX",
    "Basis",
    "Result",
    "Unresolved",
    "UnresolvedLines",
]

Basis = Literal["location", "market"]
#: The scope 2 bases, in the order of the first axis of :attr:`Result.by_basis`.
BASES: tuple[Basis, Basis] = ("location", "market")
#: Values of the ``status`` column.
STATUS = ("calculated", "excluded", "unresolved")
#: The exclusion reason of a line of another year than the reporting year (``{year}``, ``{reporting}``).
OTHER_YEAR = (
    "a line of {year}, not of the reporting year {reporting}: years are never summed "
    "(calculate {year} as its own inventory, --year {year})"
)
_OTHER_YEAR_MARK = ", not of the reporting year "
CALCULATED, EXCLUDED, UNRESOLVED = 0, 1, 2
#: The magnitude that no amount of a calculated or excluded line, and no kg of a calculated line,
#: reaches: a line beyond it is unresolved with a reason, so that no sum of lines can overflow
#: (far beyond any real quantity: the mass of the Earth is 6e24 kg).
MAX_VALUE = 1e200
#: Values of the ``scope2_basis`` column.
SCOPE2_BASES = ("", "market", "location_fallback", "instrument")
NOT_SCOPE_2, MARKET_FACTOR, LOCATION_FALLBACK, INSTRUMENT = 0, 1, 2, 3

Column = npt.NDArray[Any] | Categorical

#: Integer columns rendered as labels by :meth:`Result.to_dataframe`.
_LABELS: dict[str, tuple[str, ...]] = {"status": STATUS, "scope2_basis": SCOPE2_BASES}
#: Columns of :attr:`Result.lines` that :meth:`Result.to_dataframe` writes under another name.
_RENAMED = {"instrument_ids": "instruments"}
#: What :meth:`Result.to_dataframe` puts before an input tag named like one of the result's columns.
TAG_PREFIX = "tag:"
#: The input's own columns, which a result keeps as read.
_INPUT_COLUMNS = ("line", "activity", "amount", "unit", "region", "year", "site", "id")
#: Columns :meth:`Result.to_dataframe` writes from :attr:`Result.by_basis` (and each gas's ``*_kg``).
_BASIS_COLUMNS = ("co2e_kg", "co2e_market_kg", "factor_id", "factor_set", "boundary")
_MARKET_COLUMNS = ("market_factor_id", "market_boundary")
#: The names of the columns ghgcore itself sets on lines (:attr:`Result.marks`), never a user's: which
#: input a line is from (:meth:`ActivityTable.concat <ghgcore.activities.ActivityTable.concat>`), and
#: the spend marker of general-ledger lines (:data:`ghgcore.spend.SPEND_TAG`). An input's tag of one
#: of these names is written as ``tag:`` and its name, whether or not the mark is there.
OWN_TAGS = ("input", SPEND_TAG)


@attrs.frozen
class Unresolved:
    """A line that could not be calculated, and why."""

    line: int
    reason: str
    input: str = ""

    def __str__(self) -> str:
        return f"{self.input + ' ' if self.input else ''}line {self.line}: {self.reason}"


@attrs.frozen(eq=False)
class UnresolvedLines(Sequence[Unresolved]):
    """The unresolved lines of a result, as columns; items are :class:`Unresolved`.

    Cheap to get and to count however many lines there are: an
    :class:`Unresolved` object is made only for an item asked for.
    """

    line: npt.NDArray[np.int64]
    reason: Categorical
    #: Which input file each line is from, when there are several (else None).
    input: Categorical | None = None

    def __len__(self) -> int:
        return len(self.line)

    @overload
    def __getitem__(self, index: int) -> Unresolved: ...
    @overload
    def __getitem__(self, index: slice) -> list[Unresolved]: ...
    def __getitem__(self, index: int | slice) -> Unresolved | list[Unresolved]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        source = self.input.value(index) or "" if self.input is not None else ""
        return Unresolved(int(self.line[index]), self.reason.value(index) or "", source)

    def __iter__(self) -> Iterator[Unresolved]:
        lines = self.line.tolist()
        texts = ("", *self.reason.categories)
        if self.input is None:
            return (
                Unresolved(line, texts[code + 1])
                for line, code in zip(lines, self.reason.codes.tolist(), strict=True)
            )
        inputs = ("", *self.input.categories)
        return (
            Unresolved(line, texts[code + 1], inputs[where + 1])
            for line, code, where in zip(
                lines, self.reason.codes.tolist(), self.input.codes.tolist(), strict=True
            )
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<UnresolvedLines {len(self)}>"

    def records(self) -> list[dict[str, Any]]:
        """``[{"line": ..., "reason": ...}, ...]`` for JSON (no :class:`Unresolved` made on the way).

        With several inputs, each record starts with ``"input"``: the file the line is from.
        """
        texts = ("", *self.reason.categories)
        pairs = zip(self.line.tolist(), (self.reason.codes + 1).tolist(), strict=True)
        if self.input is None:
            return [{"line": line, "reason": texts[code]} for line, code in pairs]
        inputs = ("", *self.input.categories)
        return [
            {"input": inputs[where], "line": line, "reason": texts[code]}
            for (line, code), where in zip(pairs, (self.input.codes + 1).tolist(), strict=True)
        ]


def _line_column(name: str, doc: str) -> Any:
    def get(self: Result) -> Any:
        return self.lines[name]

    return property(get, doc=doc)


def _basis_column(name: str, basis: int, doc: str) -> Any:
    def get(self: Result) -> Any:
        return self.by_basis[name][basis]

    return property(get, doc=doc)


@attrs.frozen(eq=False)
class Result:
    """One row per input line: emissions per gas and CO2e, and their pedigree.

    Emissions are in kg. Unresolved lines have NaN emissions and a reason;
    calculated lines have a factor, and an amount and emissions that are
    finite numbers below :data:`MAX_VALUE` in magnitude, so that every total
    is a finite number. Scope 2 lines have two answers,
    location-based and market-based; every other line has the same answer
    on both bases.

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
    gases : tuple of str
        The gas axis of ``by_basis["mass"]``.
    lines : Mapping[str, numpy.ndarray or Categorical]
        Columns that do not depend on the scope 2 basis, each of one value
        per line:

        - ``activity_key`` (Categorical): the key each line was resolved with
          (after crosswalks);
        - ``status`` (int8): index into :data:`STATUS` (calculated, excluded
          on purpose, unresolved);
        - ``reason`` (Categorical): why a line is unresolved or excluded;
        - ``match`` (int8): how the factor was found, an index into
          :data:`~ghgcore.resolution.MATCH_KINDS`;
        - ``year`` (int32, ``-1`` none), ``scope`` and ``category`` (int8,
          ``0`` none);
        - ``unit_factor`` (float64): the number converting the line's unit to
          the factor's (for money, with the rates and index of ``price_note``);
        - ``price_note`` (Categorical): for a monetary line, the exchange
          rates and price-index figures used, in words;
        - ``scope2_basis`` (int8): index into :data:`SCOPE2_BASES`: a
          market-based factor was found, none was (the location-based factor
          stands in, to be disclosed), or instruments cover the whole line;
        - ``instrument_kwh`` (float64) and ``instrument_ids`` (object): kWh
          covered by contractual instruments, and their ids.
    by_basis : Mapping[str, numpy.ndarray]
        Columns per scope 2 basis, first axis :data:`BASES`: ``co2e``
        (2, n) kg CO2e (biogenic CO2 excluded); ``factor_set`` and ``factor``
        (2, n) which set and which factor in it (``-1`` none); ``mass``
        (2, len(gases), n) kg of each gas.
    instrument_uses : tuple of InstrumentUse
        Each contractual instrument's allocated volume, and why any was left over.
    """

    activities: ActivityTable
    gwp: GWPSet
    factor_sets: tuple[FactorSet, ...]
    fallback: Fallback
    gases: tuple[str, ...]
    lines: Mapping[str, Column]
    by_basis: Mapping[str, npt.NDArray[Any]]
    instrument_uses: tuple[InstrumentUse, ...] = ()

    def __attrs_post_init__(self) -> None:
        n = len(self.activities)
        for name, column in self.lines.items():
            if len(column) != n:
                raise ValueError(f"column {name!r} has {len(column)} values for {n} lines")
        for name, array in self.by_basis.items():
            if array.shape[0] != len(BASES) or array.shape[-1] != n:
                raise ValueError(
                    f"column {name!r} has shape {array.shape}, expected ({len(BASES)}, ..., {n})"
                )

    def __len__(self) -> int:
        return len(self.activities)

    def __repr__(self) -> str:
        return (
            f"<Result {len(self)} lines, {int(self.calculated.sum())} calculated, "
            f"{int(self.excluded.sum())} excluded, {len(self.unresolved)} unresolved; "
            f"{self.total():.6g} kg CO2e ({self.gwp.name})>"
        )

    def with_columns(self, **columns: Column) -> Result:
        """A copy with columns added to (or replaced in) :attr:`lines`.

        An input tag of the same name stays as read: :meth:`to_dataframe`
        writes it as ``tag:`` and its name.

        Raises
        ------
        ValueError
            If a name is one of the input's columns (``amount``,
            ``activity``, ``input``, ...), which the result keeps as read, or
            a column :meth:`to_dataframe` writes from :attr:`by_basis`
            (``co2e_kg``, a gas's ``*_kg``, ``factor_id``, ...), or starts with
            ``tag:``.
        """
        own, _ = _split_tags(self.activities)
        given = set(columns)
        taken = sorted(given & ({*_INPUT_COLUMNS, *OWN_TAGS, *own} - {"year"}))
        if taken:
            raise ValueError(f"{', '.join(taken)}: the name of an input column, which a result keeps as read")
        written = sorted(
            name
            for name in given
            if name in {*_BASIS_COLUMNS, *_MARKET_COLUMNS, *_RENAMED.values()}
            or name.endswith("_kg")
            or name.startswith(TAG_PREFIX)
        )
        if written:
            raise ValueError(f"{', '.join(written)}: the name of a column the result writes itself")
        return attrs.evolve(self, lines={**self.lines, **columns})

    # ------------------------------------------------------- the columns

    activity_key = _line_column("activity_key", "The activity key each line was resolved with.")
    status = _line_column("status", "Index into STATUS per line.")
    reason = _line_column("reason", "Why a line is unresolved or excluded (missing if calculated).")
    match = _line_column("match", "How each line's factor was found: an index into MATCH_KINDS.")
    year = _line_column("year", "The year each line was calculated for (-1: none).")
    scope = _line_column("scope", "Scope (1-3) of calculated lines; 0 else.")
    category = _line_column("category", "Scope 3 category (1-15) of calculated lines; 0 else.")
    unit_factor = _line_column("unit_factor", "The number converting the line's unit to the factor's.")
    price_note = _line_column("price_note", "For a monetary line: the rates and index used, in words.")
    scope2_basis = _line_column("scope2_basis", "Index into SCOPE2_BASES per line.")
    instrument_kwh = _line_column("instrument_kwh", "kWh of each line covered by contractual instruments.")
    instrument_ids = _line_column("instrument_ids", "Ids of the instruments covering each line, or None.")
    co2e = _basis_column("co2e", 0, "Kg CO2e per line, location-based (or only) answer.")
    co2e_market = _basis_column("co2e", 1, "Kg CO2e per line, market-based answer.")
    mass = _basis_column("mass", 0, "Kg of each gas per line (gases x lines), location-based.")
    mass_market = _basis_column("mass", 1, "Kg of each gas per line (gases x lines), market-based.")
    factor_set = _basis_column("factor_set", 0, "Which factor set the location-based answer used (-1: none).")
    factor = _basis_column("factor", 0, "Which factor of that set (-1: none).")
    market_factor_set = _basis_column("factor_set", 1, "Which factor set the market-based answer used.")
    market_factor = _basis_column("factor", 1, "Which factor of that set, market-based.")

    @property
    def marks(self) -> dict[str, Categorical]:
        """The columns ghgcore itself set on the lines, by name: never an input's tag.

        ``input``: which input each line is from, when there are several;
        ``method``: ``spend`` on the lines of a general ledger
        (:data:`ghgcore.spend.SPEND_TAG`).
        """
        return _split_tags(self.activities)[0]

    def summable_amounts(self) -> npt.NDArray[np.float64]:
        """Each line's amount for sums: ``0`` where it is not a number or :data:`MAX_VALUE` and beyond.

        Such a line is never calculated nor excluded: it is unresolved with a
        reason, counted, and left out of the sums of amounts.
        """
        return _summable(self.activities.amount)

    @property
    def tags(self) -> dict[str, Categorical]:
        """The input's tags, by the name :meth:`to_dataframe` gives them.

        A tag named like a column of the result (``status``, ``co2e_kg``,
        ``input``, ...; compared without regard to case) or starting with
        ``tag:`` is named ``tag:`` and its name: ``tag:status``,
        ``tag:tag:x``. The result's own columns are never replaced by a tag.
        """
        _, user = _split_tags(self.activities)
        written = self._written_names()
        out: dict[str, Categorical] = {}
        for name, column in user.items():
            key = name.casefold()
            out[TAG_PREFIX + name if key in written or key.startswith(TAG_PREFIX) else name] = column
        return out

    def _written_names(self) -> set[str]:
        """The names of every column :meth:`to_dataframe` writes other than the tags, case-folded."""
        names = {
            *_INPUT_COLUMNS,
            *OWN_TAGS,
            *self.marks,
            *_BASIS_COLUMNS,
            *_MARKET_COLUMNS,
            *(_RENAMED.get(name, name) for name in self.lines),
            *(f"{gas}_kg" for gas in (*known_gases(), *self.gases)),
        }
        return {name.casefold() for name in names}

    @property
    def calculated(self) -> npt.NDArray[np.bool_]:
        """Boolean mask of the calculated lines."""
        return np.asarray(self.lines["status"] == CALCULATED)

    @property
    def excluded(self) -> npt.NDArray[np.bool_]:
        """Boolean mask of the lines the input excluded on purpose (neither calculated nor unresolved)."""
        return np.asarray(self.lines["status"] == EXCLUDED)

    def _basis(self, basis: Basis) -> int:
        if basis not in BASES:
            raise ValueError(f"basis {basis!r}: expected 'location' or 'market'")
        return BASES.index(basis)

    # ------------------------------------------------------------ totals

    def total(self, basis: Basis = "market") -> float:
        """Kg CO2e over scopes 1, 2 and 3, with scope 2 on the given basis."""
        return float(np.sum(self.by_basis["co2e"][self._basis(basis)][self.calculated]))

    def by_scope(self) -> dict[str, float]:
        """Kg CO2e per scope: ``"1"``, ``"2_location"``, ``"2_market"``, ``"3"``."""
        ok = self.calculated
        scope = self.scope
        return {
            "1": float(np.sum(self.co2e[ok & (scope == 1)])),
            "2_location": float(np.sum(self.co2e[ok & (scope == 2)])),
            "2_market": float(np.sum(self.co2e_market[ok & (scope == 2)])),
            "3": float(np.sum(self.co2e[ok & (scope == 3)])),
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
        mass = self.by_basis["mass"][self._basis(basis)]
        sums = np.sum(mass, axis=1, where=self.calculated[None, :])  # no copy of the lines
        return {gas: float(sums[i]) for i, gas in enumerate(self.gases)}

    def biogenic_co2(self, basis: Basis = "market") -> float:
        """Kg of biogenic CO2, reported outside the scopes."""
        if BIOGENIC_CO2 not in self.gases:
            return 0.0
        mass = self.by_basis["mass"][self._basis(basis)]
        return float(np.sum(mass[self.gases.index(BIOGENIC_CO2)], where=self.calculated))

    def biogenic_co2_by_scope(self) -> dict[str, float]:
        """Kg of biogenic CO2 of each scope's lines (outside the scopes' CO2e), keyed as :meth:`by_scope`.

        ESRS E1-6 asks for the biogenic CO2 that the lines of scopes 1, 2 and
        3 give rise to, apart from them; scope 2's on both bases.
        """
        keys = {"1": (1, 1), "2_location": (2, 0), "2_market": (2, 1), "3": (3, 1)}
        if BIOGENIC_CO2 not in self.gases:
            return dict.fromkeys(keys, 0.0)
        row = self.gases.index(BIOGENIC_CO2)
        ok, scope = self.calculated, self.scope
        return {
            key: float(np.sum(self.by_basis["mass"][b][row], where=ok & (scope == s)))
            for key, (s, b) in keys.items()
        }

    def montreal_gases(self, basis: Basis = "market") -> dict[str, float]:
        """Kg of each Montreal Protocol gas (CFCs, HCFCs, halons, ...), reported outside the scopes.

        Their CO2e is not in any scope (GHG Protocol Corporate Standard,
        chapter 4); :meth:`montreal_co2e` gives it apart.
        """
        return {gas: kg for gas, kg in self.by_gas(basis).items() if is_montreal_gas(gas)}

    def montreal_co2e(self, basis: Basis = "market") -> float:
        """Kg CO2e of the Montreal Protocol gases under the result's GWP set, outside the scopes."""
        return float(sum(kg * self.gwp[gas] for gas, kg in self.montreal_gases(basis).items()))

    def by(self, column: str, basis: Basis = "market") -> dict[str, float]:
        """Kg CO2e (scopes 1-3) grouped by an input column or tag.

        Parameters
        ----------
        column : str
            ``"activity"``, ``"region"``, ``"site"``, ``"year"``, ``"unit"``,
            ``"id"``, ``"input"`` or a tag by the name :meth:`to_dataframe`
            gives it (:attr:`tags`). Lines without a value are grouped under
            ``""``.
        """
        ok = self.calculated
        weights = self.by_basis["co2e"][self._basis(basis)][ok]
        if column == "year":
            years, inverse = np.unique(self.year[ok], return_inverse=True)
            sums = np.bincount(inverse, weights=weights, minlength=len(years))
            return {("" if y < 0 else str(int(y))): float(s) for y, s in zip(years, sums, strict=True)}
        columns = {**_input_strings(self.activities), **self.marks, **self.tags}
        if column not in columns:
            raise KeyError(f"no column {column!r}: expected one of year, {', '.join(columns)}")
        col = columns[column]
        sums = np.bincount(col.codes[ok] + 1, weights=weights, minlength=len(col.categories) + 1)
        present = np.bincount(col.codes[ok] + 1, minlength=len(col.categories) + 1) > 0
        out = {name: float(sums[i + 1]) for i, name in enumerate(col.categories) if present[i + 1]}
        if present[0]:
            out[""] = float(sums[0])
        return out

    @property
    def unresolved(self) -> UnresolvedLines:
        """The lines that could not be calculated, in input order, with reasons (not the excluded)."""
        rows = np.flatnonzero(self.lines["status"] == UNRESOLVED)
        reason: Categorical = self.lines["reason"]  # type: ignore[assignment]
        source = self.marks.get("input")
        return UnresolvedLines(
            self.activities.line[rows],
            Categorical(codes=reason.codes[rows], categories=reason.categories),
            None if source is None else Categorical(codes=source.codes[rows], categories=source.categories),
        )

    def reconciliation(self) -> dict[str, dict[str, int | float]]:
        """Lines and summed amounts per input unit: input = calculated + excluded + unresolved.

        Amounts that could not be read (NaN), or too large to sum (:data:`MAX_VALUE`
        and beyond: unresolved lines), count as lines but not in the sums.
        """
        table = self.activities
        codes = table.unit.codes + 1
        names = ["", *table.unit.categories]
        amount = _summable(table.amount)
        n = len(names)
        status = self.lines["status"]
        groups = {
            "input": np.ones(len(table), dtype=bool),
            "calculated": status == CALCULATED,
            "excluded": status == EXCLUDED,
            "unresolved": status == UNRESOLVED,
        }
        counts = {k: np.bincount(codes[m], minlength=n) for k, m in groups.items()}
        sums = {k: np.bincount(codes[m], weights=amount[m], minlength=n) for k, m in groups.items()}
        out: dict[str, dict[str, int | float]] = {}
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
        reason_col: Categorical = self.lines["reason"]  # type: ignore[assignment]
        reason = reason_col.codes[rows]
        unit = table.unit.codes[rows] + 1
        amount = _summable(table.amount[rows])
        units = ["", *table.unit.categories]
        pairs, inverse = np.unique(np.stack([reason, unit]), axis=1, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=amount, minlength=pairs.shape[1])
        counts = np.bincount(inverse.ravel(), minlength=pairs.shape[1])
        out: dict[str, dict[str, Any]] = {}
        for k in range(pairs.shape[1]):
            text = reason_col.categories[pairs[0, k]]
            entry = out.setdefault(text, {"reason": text, "lines": 0, "amount": {}})
            entry["lines"] += int(counts[k])
            entry["amount"][units[pairs[1, k]]] = float(sums[k])
        return list(out.values())

    def fallback_counts(self) -> dict[str, int]:
        """How many scope 2 lines used a market factor, fell back to location, or were covered by instruments."""
        ok = self.calculated
        basis = self.scope2_basis
        return {
            "scope2_market_factor": int(np.sum(ok & (basis == MARKET_FACTOR))),
            "scope2_location_fallback": int(np.sum(ok & (basis == LOCATION_FALLBACK))),
            "scope2_instrument": int(np.sum(ok & (self.instrument_kwh > 0))),
        }

    def match_counts(self) -> dict[str, int]:
        """Calculated lines by how their factor was found: exact, region, year, region+year."""
        counts = np.bincount(self.match[self.calculated], minlength=len(MATCH_KINDS))
        return {kind: int(counts[i]) for i, kind in enumerate(MATCH_KINDS)}

    def fallbacks(self) -> list[dict[str, Any]]:
        """The calculated lines whose factor is from another year or region, grouped; for disclosure.

        One record per basis, activity, region and year of the lines, and
        factor: ``basis`` (``location``, or ``market`` where the market-based
        factor is another), ``kind`` (``region``, ``year`` or
        ``region+year``), ``activity``, ``region``, ``year``,
        ``factor_region`` (``""``: any region), ``factor_years``,
        ``factor_set`` (``name@version``), ``lines``, and ``kg_co2e`` (on
        that basis).
        """
        table = self.activities
        line_year = np.asarray(self.lines["year"])
        sets, factors = self.by_basis["factor_set"], self.by_basis["factor"]
        regions = ["", *table.region.categories]
        # per factor of every set (global index): validity, and its region as a code of the lines' regions
        # (-2: any region, -3: a region no line has)
        offsets = np.cumsum([0, *(len(fs) for fs in self.factor_sets)])
        code_of = {name: i for i, name in enumerate(table.region.categories)}
        lo = np.concatenate([fs.valid_from for fs in self.factor_sets] + [np.zeros(0, np.int32)])
        hi = np.concatenate([fs.valid_to for fs in self.factor_sets] + [np.zeros(0, np.int32)])
        where_ = np.array(
            [-2 if not r else code_of.get(r, -3) for fs in self.factor_sets for r in fs.region.tolist()],
            dtype=np.int64,
        )
        out = []
        for b, basis in enumerate(BASES):
            rows = self.calculated & (sets[b] >= 0)
            if b:  # the market-based answer only where it is another factor than the location-based one
                rows &= (sets[1] != sets[0]) | (factors[1] != factors[0])
            candidates = np.flatnonzero(rows)
            g = offsets[sets[b][candidates]] + factors[b][candidates]
            year = line_year[candidates]
            other_year = (year >= 0) & (((lo[g] >= 0) & (year < lo[g])) | ((hi[g] >= 0) & (year > hi[g])))
            other_region = (where_[g] != -2) & (where_[g] != table.region.codes[candidates])
            keep = other_year | other_region
            if not keep.any():
                continue
            picked = candidates[keep]
            keys = np.stack(
                [sets[b][picked], factors[b][picked], table.region.codes[picked], line_year[picked]]
            )
            unique, inverse, counts = np.unique(
                keys.astype(np.int64), axis=1, return_inverse=True, return_counts=True
            )
            co2e = np.bincount(
                inverse.ravel(), weights=self.by_basis["co2e"][b][picked], minlength=unique.shape[1]
            )
            kinds = (other_region[keep] * REGION_FALLBACK + other_year[keep] * YEAR_FALLBACK)[
                np.unique(inverse.ravel(), return_index=True)[1]
            ]
            for k in range(unique.shape[1]):
                s, f, region, y = unique[:, k].tolist()
                fs = self.factor_sets[s]
                first, last = int(fs.valid_from[f]), int(fs.valid_to[f])
                out.append({
                    "basis": basis, "kind": MATCH_KINDS[int(kinds[k])],
                    "activity": str(fs.activity[f]), "region": regions[region + 1], "year": y,
                    "factor_region": str(fs.region[f]),
                    "factor_years": format_years(first if first >= 0 else None, last if last >= 0 else None),
                    "factor_set": f"{fs.name}@{fs.version}", "lines": int(counts[k]), "kg_co2e": float(co2e[k]),
                })  # fmt: skip
        return sorted(out, key=lambda r: (r["activity"], r["region"], r["year"], r["basis"], r["factor_set"]))

    def other_years(self) -> dict[str, int]:
        """Lines excluded for being of another year than the reporting year, by year (:data:`OTHER_YEAR`)."""
        reason: Categorical = self.lines["reason"]  # type: ignore[assignment]
        marked = np.array([_OTHER_YEAR_MARK in text for text in reason.categories] + [False])
        rows = self.excluded & marked[reason.codes]
        years, counts = np.unique(np.asarray(self.lines["year"])[rows], return_counts=True)
        return {str(y): int(n) for y, n in zip(years.tolist(), counts.tolist(), strict=True)}

    def price_assumptions(self) -> list[dict[str, Any]]:
        """Distinct price or exchange-rate assumptions (extrapolations) on calculated lines, with line counts."""
        note: Categorical = self.lines["price_note"]  # type: ignore[assignment]
        assumed = np.array(["extrapolat" in text for text in note.categories] + [False])
        rows = self.calculated & assumed[note.codes]
        if not rows.any():
            return []
        counts = np.bincount(note.codes[rows], minlength=len(note.categories))
        return [
            {"note": note.categories[c], "lines": int(counts[c])} for c in np.flatnonzero(counts).tolist()
        ]

    # ------------------------------------------------------------ frames

    def factor_ids(self, basis: Basis = "location") -> npt.NDArray[np.object_]:
        """The id of the factor each line used on a basis (None where none)."""
        b = self._basis(basis)
        return _pick(
            [fs.id for fs in self.factor_sets], self.by_basis["factor"][b], self.by_basis["factor_set"][b]
        )

    def coded_factor_ids(self, basis: Basis = "location") -> Categorical:
        """:meth:`factor_ids` as codes into the factor sets' ids (``-1``: none), no string made per line."""
        b = self._basis(basis)
        sets = self.by_basis["factor_set"][b]
        offsets = np.cumsum([0, *(len(fs) for fs in self.factor_sets)])
        ids = [str(i) for fs in self.factor_sets for i in np.asarray(fs.id, dtype=object).tolist()]
        used = np.where(sets >= 0, offsets[np.maximum(sets, 0)] + self.by_basis["factor"][b], -1)
        return Categorical.from_codes(used, ids)

    def coded_factor_sets(self, basis: Basis = "location") -> Categorical:
        """:meth:`factor_set_labels` (``name@version``) as codes (``-1``: none), no string made per line."""
        labels = [f"{fs.name}@{fs.version}" for fs in self.factor_sets]
        return Categorical.from_codes(self.by_basis["factor_set"][self._basis(basis)], labels)

    def boundaries(self, basis: Basis = "location") -> npt.NDArray[np.object_]:
        """What the factor each line used on a basis includes: ``combustion``, ``lifecycle`` or None.

        None where the line used no factor or its factor does not say
        (see :attr:`ghgcore.factors.EmissionFactor.boundary`).
        """
        b = self._basis(basis)
        out = _pick(
            [fs.boundary for fs in self.factor_sets],
            self.by_basis["factor"][b],
            self.by_basis["factor_set"][b],
        )
        out[out == ""] = None
        return out

    def factor_set_labels(self, basis: Basis = "location") -> npt.NDArray[np.object_]:
        """``name@version`` of the factor set each line used on a basis (None where none)."""
        labels = np.array([f"{fs.name}@{fs.version}" for fs in self.factor_sets] + [None], dtype=object)
        sets = self.by_basis["factor_set"][self._basis(basis)]
        return labels[np.where(sets >= 0, sets, len(self.factor_sets))]

    def to_dataframe(self) -> Any:
        """One row per input line as a pandas DataFrame.

        Columns, in this order: the input (``line``, ``activity``,
        ``amount``, ``unit``, ``region``, ``year``, ``site``, ``id``;
        ``input``, the file each line is from, when there are several;
        ``method``, ``spend`` on general-ledger lines; the tags, see
        below); ``status``, ``reason``, ``scope``, ``category``; kg CO2e on
        both bases (``co2e_kg`` location-based, ``co2e_market_kg``) and kg of
        each gas (location-based); ``factor_id``, ``factor_set`` and
        ``boundary`` (what the location-based factor includes); then
        every other column of :attr:`lines` in its order (``unit_factor``,
        ``price_note``, ``scope2_basis``, ``instrument_kwh``, ``instruments``,
        ``activity_key``, ``match``, and any a feature added), and last
        ``market_factor_id`` and ``market_boundary``. Coded columns are given as labels, and missing
        values where a line has none.

        The result's columns are never replaced by an input's: a tag named
        like any of them (``line``, ``status``, ``input``, ``co2e_kg``, a
        gas's ``CO2_kg``, ...; compared without regard to case), or starting
        with ``tag:``, is written as ``tag:`` and its name (``tag:status``,
        ``tag:tag:x``; see :meth:`tags`).
        """
        import pandas as pd

        table = self.activities
        ok = self.calculated
        nullable = {
            "year": (self.year >= 0, "Int32"),
            "scope": (ok, "Int8"),
            "category": (self.category > 0, "Int8"),
        }

        def render(name: str, column: Column) -> Any:
            if isinstance(column, Categorical):
                return column.to_pandas()
            if name in _LABELS:
                return np.array(_LABELS[name], dtype=object)[column]
            if name == "match":
                return np.array([*MATCH_KINDS, None], dtype=object)[np.where(ok, column, len(MATCH_KINDS))]
            if name in nullable:
                present, dtype = nullable[name]
                return pd.Series(column, dtype=dtype).mask(~present)
            return column

        strings = _input_strings(table)
        data: dict[str, Any] = {"line": table.line, "activity": strings.pop("activity").to_pandas()}
        data["amount"] = table.amount
        data["unit"] = strings.pop("unit").to_pandas()
        data["region"] = strings.pop("region").to_pandas()
        data["year"] = render("year", self.year)
        data.update({name: col.to_pandas() for name, col in strings.items()})  # site, id
        data.update({name: col.to_pandas() for name, col in self.marks.items()})  # input, method
        data.update({name: col.to_pandas() for name, col in self.tags.items()})  # never one of ours
        first = ("status", "reason", "scope", "category")
        data.update({name: render(name, self.lines[name]) for name in first})
        for basis, suffix in zip(BASES, ("", "_market"), strict=True):
            data[f"co2e{suffix}_kg"] = self.by_basis["co2e"][self._basis(basis)]
        for i, gas in enumerate(self.gases):
            data[f"{gas}_kg"] = self.by_basis["mass"][0][i]
        data["factor_id"] = self.factor_ids("location")
        data["factor_set"] = self.factor_set_labels("location")
        data["boundary"] = self.boundaries("location")
        for name, column in self.lines.items():
            if name not in first and name != "year":
                data[_RENAMED.get(name, name)] = render(name, column)
        data["market_factor_id"] = self.factor_ids("market")
        data["market_boundary"] = self.boundaries("market")
        return pd.DataFrame(data)


def _input_strings(table: ActivityTable) -> dict[str, Categorical]:
    """The input's own string columns, by name (not its tags)."""
    return {
        "activity": table.activity,
        "unit": table.unit,
        "region": table.region,
        "site": table.site,
        "id": table.id,
    }


def _split_tags(table: ActivityTable) -> tuple[dict[str, Categorical], dict[str, Categorical]]:
    """The columns ghgcore set on the lines itself (:attr:`ActivityTable.marks`), and the input's tags."""
    return dict(table.marks), dict(table.tags)


def _summable(amount: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Amounts to sum: 0 for those that are not a number or :data:`MAX_VALUE` and beyond."""
    return np.where(np.abs(amount) < MAX_VALUE, amount, 0.0)


def _pick(
    values: Sequence[Any], index: npt.NDArray[np.int32], sets: npt.NDArray[np.int32]
) -> npt.NDArray[np.object_]:
    out = np.full(len(index), None, dtype=object)
    for s, column in enumerate(values):
        rows = np.flatnonzero(sets == s)
        out[rows] = np.asarray(column, dtype=object)[index[rows]]
    return out
