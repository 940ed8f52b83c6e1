"""Tidy pandas frames of an account: one long frame of lines, gases and bases, and labelled sums.

:func:`lines_frame` is the account in long ("tidy") form: one row per
calculated line, gas and scope 2 basis, with the basis always explicit.
Every calculated line is there under both bases (a line that is not in
scope 2 has the same numbers on both), so ``df[df.basis == "market"]`` is
one complete inventory and ``df[df.basis == "location"]`` another; summing
over both bases counts everything twice. The sums are labelled pandas
objects in the unit asked for (``"kg"`` or ``"t"``, stated in the column
names and ``attrs["unit"]``):

- :func:`scopes`: scopes 1, 2 and 3, one column per basis (each column adds
  up to that basis's total);
- :func:`categories`: scope 3 by category, with the GHG Protocol's names;
- :func:`gases`: the mass and CO2e of each gas on one basis;
- :func:`gwp_effect`: the CO2e of each gas under several GWP sets (the
  effect of the GWP choice);
- :func:`by`: kg CO2e grouped by any columns of the long frame.

Sums are rounded to the milligram (``numpy.round`` to 6 decimals in kg, 9
in t), so that a sum of exact decimal numbers reads as one (``65130.0``,
not ``65129.99999999999``); a figure of the JSON summary can differ from
its sum here by less than that.

Biogenic CO2 and the Montreal Protocol gases (CFCs, HCFCs, halons) are
reported outside the scopes (GHG Protocol Corporate Standard, chapter 4):
their rows have ``in_scopes`` False, and :func:`by`, :func:`gwp_effect`
and the ``kg_co2e`` of the scopes leave them out. Biogenic CO2 weighs 0
under every GWP set here (its CO2e is not counted), and a gas given as
``CO2e`` by its source weighs 1 under every set (it was weighted already).

>>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
>>> fs = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5, "CH4": 1e-4}, source="example", scope=1),
...      EmissionFactor("software", "EUR", {"CO2e": 0.09}, source="example", scope=3, category=1)],
...     name="ex", version="1")
>>> inv = calculate_inventory([Activity.of("diesel", 100, "L"), Activity.of("software", 1000, "EUR")],
...                           fs, year=2024, organisation="Example AS")
>>> df = lines_frame(inv)
>>> df[df.basis == "market"][["line", "scope", "gas", "kg", "kg_co2e"]]  # doctest: +NORMALIZE_WHITESPACE
   line  scope   gas      kg  kg_co2e
3     1      1   CO2  250.00  250.000
4     1      1   CH4    0.01    0.279
5     2      3  CO2e   90.00   90.000
>>> scopes(inv, unit="kg")  # doctest: +NORMALIZE_WHITESPACE
kg_co2e  location   market
scope
1         250.279  250.279
2           0.000    0.000
3          90.000   90.000
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from ghgcore.errors import OptionError
from ghgcore.gases import GWPSet, get_gwp_set, is_montreal_gas
from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import category_names

if TYPE_CHECKING:
    from ghgcore.result import Basis, Result

__all__ = [
    "COLUMNS",
    "UNITS",
    "by",
    "categories",
    "gases",
    "gwp_effect",
    "intervals",
    "lines_frame",
    "scopes",
]

#: The units the frames are given in, and how many kg each is.
UNITS = {"kg": 1.0, "t": 1000.0}
#: The columns of :func:`lines_frame`, in order (the input's tags follow).
COLUMNS = (
    "organisation", "year", "line", "input", "activity", "region", "site", "scope", "category",
    "category_name", "gas", "basis", "kg", "kg_co2e", "in_scopes", "method", "quality", "factor_id",
    "factor_set",
)  # fmt: skip
#: Columns of the long frame :func:`by` cannot group by (the numbers themselves).
_VALUES = ("kg", "kg_co2e", "in_scopes", "basis")
_BASES: tuple[Basis, Basis] = ("location", "market")  # as ghgcore.result.BASES
#: The decimals sums are rounded to, per unit (the milligram).
_DECIMALS = {"kg": 6, "t": 9}


class _Account(Protocol):
    """What the frames read of an inventory (or anything with a result and an organisation)."""

    @property
    def result(self) -> Result: ...

    @property
    def organisation(self) -> str: ...


def _result(source: Any) -> tuple[Result, str]:
    """The result of an inventory (and its organisation), or a result itself."""
    result = getattr(source, "result", source)
    if not hasattr(result, "by_basis") or not hasattr(result, "activities"):
        raise OptionError(f"expected an Inventory or a Result, not {type(source).__name__}")
    return result, str(getattr(source, "organisation", "") or "")


def _unit(unit: str) -> float:
    if unit not in UNITS:
        raise OptionError(f"unit {unit!r}: expected 'kg' or 't'")
    return UNITS[unit]


def _basis(basis: str) -> int:
    if basis not in _BASES:
        raise OptionError(f"basis {basis!r}: expected 'location' or 'market'")
    return _BASES.index(basis)


def _round(kg: npt.NDArray[Any], unit: str) -> npt.NDArray[np.float64]:
    """Kg in `unit`, rounded to the milligram (``-0.0`` made ``0.0``)."""
    return np.asarray(np.round(np.asarray(kg, dtype=np.float64) / UNITS[unit], _DECIMALS[unit]) + 0.0)


def _categorical(codes: npt.NDArray[Any], categories: Sequence[Any]) -> Any:
    """A pandas Categorical from codes (``-1``: missing) into distinct categories."""
    import pandas as pd

    return pd.Categorical.from_codes(
        np.asarray(codes, dtype=np.int32), categories=pd.Index(list(categories), dtype=object)
    )


def _line_columns(
    result: Result, organisation: str, rows: npt.NDArray[np.intp], lang: Language
) -> dict[str, Any]:
    """The columns of the long frame that belong to the line, for the lines `rows` (basis-free)."""
    import pandas as pd

    from ghgcore.quality import result_scores

    table = result.activities
    category = np.asarray(result.lines["category"])[rows].astype(np.int32)
    names = category_names(lang)
    spend = result.marks.get("method")
    is_spend = (
        np.zeros(len(rows), dtype=bool)
        if spend is None
        else np.array([c == "spend" for c in spend.categories] + [False], dtype=bool)[spend.codes[rows]]
    )
    year = np.asarray(result.lines["year"])[rows]
    source = result.marks.get("input")
    out: dict[str, Any] = {
        "organisation": _categorical(np.zeros(len(rows), dtype=np.int32), [organisation]),
        "year": pd.array(np.where(year >= 0, year, 0), dtype="Int32"),
        "line": np.asarray(table.line)[rows],
        "input": (
            _categorical(np.full(len(rows), -1), [])
            if source is None
            else _categorical(source.codes[rows], source.categories)
        ),
        "activity": _categorical(table.activity.codes[rows], table.activity.categories),
        "region": _categorical(table.region.codes[rows], table.region.categories),
        "site": _categorical(table.site.codes[rows], table.site.categories),
        "scope": np.asarray(result.lines["scope"])[rows].astype(np.int8),
        "category": pd.array(np.where(category > 0, category, 0), dtype="Int8"),
        "category_name": _categorical(np.where(category > 0, category - 1, -1), list(names.values())),
        "method": _categorical(is_spend.astype(np.int32), ["activity", "spend"]),
        "quality": result_scores(result)[rows],
    }
    out["year"][year < 0] = pd.NA
    out["category"][category <= 0] = pd.NA
    return out


def _tags(result: Result, rows: npt.NDArray[np.intp]) -> dict[str, Any]:
    """The input's tags for the lines `rows`, named as :meth:`Result.tags` names them (``tag:`` on a clash)."""
    out = {}
    for name, column in result.tags.items():
        key = f"tag:{name}" if name in COLUMNS else name
        out[key] = _categorical(column.codes[rows], column.categories)
    return out


def _take(columns: dict[str, Any], at: npt.NDArray[np.intp]) -> dict[str, Any]:
    """Rows `at` of every column (pandas arrays and numpy arrays alike)."""
    return {name: column[at] for name, column in columns.items()}


def _long(
    result: Result,
    organisation: str,
    bases: Sequence[int],
    lang: Language,
    *,
    per_gas: bool = True,
) -> Any:
    """The long frame on the given bases: per line and gas, or per line (``gas`` missing)."""
    import pandas as pd

    rows = np.flatnonzero(result.calculated)
    line_columns = {**_line_columns(result, organisation, rows, lang), **_tags(result, rows)}
    gwp = np.array([np.nan if result.gwp.get(g) is None else result.gwp.get(g) for g in result.gases])
    outside = np.array([g == "CO2_biogenic" or is_montreal_gas(g) for g in result.gases], dtype=bool)
    if per_gas:
        mass = result.by_basis["mass"]
        nonzero = np.zeros((len(rows), len(result.gases)), dtype=bool)
        for b in bases:
            nonzero |= (mass[b][:, rows] != 0).T
        at, gas = np.nonzero(nonzero)  # line-major, gases in the result's order
    else:
        at, gas = np.arange(len(rows)), np.full(len(rows), -1)
    parts = []
    for b in bases:
        columns = _take(line_columns, at)
        lines = rows[at]
        if per_gas:
            kg = result.by_basis["mass"][b][gas, lines]
            kg_co2e = kg * gwp[gas]
            in_scopes = ~outside[gas]
        else:
            kg = np.full(len(lines), np.nan)
            kg_co2e = result.by_basis["co2e"][b][lines]
            in_scopes = np.ones(len(lines), dtype=bool)
        factors, sets = result.coded_factor_ids(_BASES[b]), result.coded_factor_sets(_BASES[b])
        data = {
            **{name: columns[name] for name in COLUMNS[:10]},
            "gas": _categorical(gas, result.gases),
            "basis": _categorical(np.full(len(lines), b), _BASES),
            "kg": kg,
            "kg_co2e": kg_co2e,
            "in_scopes": in_scopes,
            "method": columns["method"],
            "quality": columns["quality"],
            "factor_id": _categorical(factors.codes[lines], factors.categories),
            "factor_set": _categorical(sets.codes[lines], sets.categories),
            **{name: column for name, column in columns.items() if name not in COLUMNS},
        }
        parts.append(pd.DataFrame(data))
    if len(parts) == 1:
        return parts[0]
    return pd.concat(parts, ignore_index=True)


def lines_frame(source: Any, *, basis: str | None = None, language: str | Language | None = None) -> Any:
    """The account in long form: one row per calculated line, gas and scope 2 basis.

    Parameters
    ----------
    source : Inventory or Result
    basis : {"location", "market"}, optional
        Only the rows of one basis (default both: every line twice).
    language : str or Language, optional
        The language of the scope 3 category names (default English).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` (then the input's tags, a tag named like one
        of them written ``tag:`` and its name):

        - ``organisation``; ``year`` (the year the line was calculated
          for); ``line`` (its line in the input); ``input`` (the file it is
          from, when there are several); ``activity``, ``region``, ``site``
          as read;
        - ``scope`` (1-3); ``category`` (1-15, missing outside scope 3 or
          where none is known) and ``category_name`` (the GHG Protocol's);
        - ``gas``; ``basis`` (``location`` or ``market``); ``kg`` of the gas
          and its ``kg_co2e`` under the result's GWP set; ``in_scopes``
          (False for biogenic CO2 and the Montreal Protocol gases, which
          are reported apart);
        - ``method`` (``spend`` for general-ledger lines, else
          ``activity``); ``quality`` (the line's data-quality score 1-5,
          :func:`ghgcore.quality.result_scores`); ``factor_id`` and
          ``factor_set`` (``name@version``) of the factor used on the row's
          basis.

        Rows are the location-based ones first, then the market-based,
        each in line order and gases in the result's order. A gas is
        listed for a line where its mass is not 0 on one basis or the
        other, so both bases have the same rows; a calculated line with no
        emissions at all (an amount of 0) has none.

    Raises
    ------
    OptionError
        A basis other than ``location`` or ``market``; a source that is not
        an inventory or a result.
    """
    result, organisation = _result(source)
    bases = (0, 1) if basis is None else (_basis(basis),)
    return _long(result, organisation, bases, get_language(language))


def _attrs(frame: Any, result: Result, unit: str, **more: Any) -> Any:
    frame.attrs.update({"unit": f"{unit} CO2e", "gwp": result.gwp.name, **more})
    return frame


def scopes(source: Any, *, unit: str = "t") -> Any:
    """CO2e per scope, one column per scope 2 basis.

    Each column adds up to the inventory's total on its basis (scopes 1
    and 3 are the same on both); the columns are not to be added together.

    Parameters
    ----------
    source : Inventory or Result
    unit : {"t", "kg"}

    Returns
    -------
    pandas.DataFrame
        Index ``scope`` (1, 2, 3), columns ``location`` and ``market``
        (named ``t_co2e`` or ``kg_co2e``); ``attrs``: ``unit``, ``gwp``.

    Raises
    ------
    OptionError
        A unit other than ``kg`` or ``t``.
    """
    import pandas as pd

    _unit(unit)
    result, _ = _result(source)
    ok = result.calculated
    scope = np.asarray(result.lines["scope"])[ok].astype(np.intp)
    data = {
        name: _round(np.bincount(scope, weights=result.by_basis["co2e"][b][ok], minlength=4)[1:4], unit)
        for b, name in enumerate(_BASES)
    }
    frame = pd.DataFrame(data, index=pd.Index([1, 2, 3], name="scope"))
    frame.columns.name = f"{unit}_co2e"
    return _attrs(frame, result, unit)


def categories(source: Any, *, unit: str = "t", language: str | Language | None = None) -> Any:
    """Scope 3 CO2e per category, with the GHG Protocol's names.

    Parameters
    ----------
    source : Inventory or Result
    unit : {"t", "kg"}
    language : str or Language, optional
        The language of the names (default English).

    Returns
    -------
    pandas.DataFrame
        Index ``category`` 1 ... 15 (every category, 0 where it has no
        lines), and a row 0 named ``unassigned`` for scope 3 lines without
        a category when there are any; columns ``name`` and ``t_co2e`` (or
        ``kg_co2e``). The values add up to scope 3 (the same on both bases).

    Raises
    ------
    OptionError
        A unit other than ``kg`` or ``t``.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
    >>> fs = FactorSet.from_factors([EmissionFactor("software", "EUR", {"CO2e": 0.3}, source="example",
    ...                                             scope=3, category=1)], name="ex", version="1")
    >>> categories(calculate([Activity.of("software", 217100, "EUR")] * 3, fs)).head(2)  # doctest: +NORMALIZE_WHITESPACE
                                      name  t_co2e
    category
    1         Purchased goods and services  195.39
    2                        Capital goods    0.00
    """
    import pandas as pd

    _unit(unit)
    result, _ = _result(source)
    lang = get_language(language)
    mask = result.calculated & (np.asarray(result.lines["scope"]) == 3)
    category = np.asarray(result.lines["category"])[mask].astype(np.intp)
    sums = np.bincount(category, weights=result.by_basis["co2e"][1][mask], minlength=16)
    names = category_names(lang)
    index = list(range(1, 16))
    labels = [names[str(c)] for c in index]
    if np.any(category == 0):
        index.append(0)
        labels.append(lang.gettext("unassigned"))
    values = _round(sums[index], unit)
    frame = pd.DataFrame({"name": labels, f"{unit}_co2e": values}, index=pd.Index(index, name="category"))
    return _attrs(frame, result, unit)


def gases(source: Any, *, basis: str = "market", unit: str = "kg") -> Any:
    """The mass and CO2e of each gas on one basis.

    Parameters
    ----------
    source : Inventory or Result
    basis : {"market", "location"}
        The scope 2 basis (the JSON summary's ``gases`` are market-based).
    unit : {"kg", "t"}

    Returns
    -------
    pandas.DataFrame
        Index ``gas`` (the gases with a mass other than 0), columns ``kg``
        (or ``t``): the mass; ``kg_co2e`` (or ``t_co2e``) under the
        result's GWP set; ``in_scopes`` (False for biogenic CO2 and the
        Montreal Protocol gases). ``attrs``: ``unit``, ``gwp``, ``basis``.
        The CO2e of the gases in the scopes adds up to the total on that
        basis.

    Raises
    ------
    OptionError
        An unknown basis or unit.
    """
    import pandas as pd

    _unit(unit)
    b = _basis(basis)
    result, _ = _result(source)
    ok = result.calculated
    mass = np.sum(result.by_basis["mass"][b], axis=1, where=ok[None, :])
    keep = np.flatnonzero(mass != 0)
    names = [result.gases[g] for g in keep.tolist()]
    gwp = np.array([np.nan if result.gwp.get(g) is None else result.gwp.get(g) for g in names])
    frame = pd.DataFrame(
        {
            unit: _round(mass[keep], unit),
            f"{unit}_co2e": _round(mass[keep] * gwp, unit),
            "in_scopes": [not (g == "CO2_biogenic" or is_montreal_gas(g)) for g in names],
        },
        index=pd.Index(names, name="gas", dtype=object),
    )
    frame.columns.name = f"{basis}-based"
    return _attrs(frame, result, unit, basis=basis)


def gwp_effect(
    source: Any,
    *,
    gwps: Sequence[str | GWPSet] = ("AR6", "AR5", "AR4"),
    basis: str = "market",
    unit: str = "t",
) -> Any:
    """The CO2e of each gas under several GWP sets: what the choice of GWP set changes.

    The masses are the calculation's (a GWP set changes CO2e, never kg).
    Gases reported outside the scopes (biogenic CO2, Montreal Protocol
    gases) are left out, so each column adds up to the inventory's total
    under that set. A gas its source gave as ``CO2e`` counts the same
    under every set: it was weighted before ghgcore saw it.

    Parameters
    ----------
    source : Inventory or Result
    gwps : sequence of str or GWPSet
        The sets to compare (``AR4``, ``AR5``, ``AR6`` or your own).
    basis : {"market", "location"}
    unit : {"t", "kg"}

    Returns
    -------
    pandas.DataFrame
        Index ``gas``, one column per GWP set (named by the set), CO2e in
        `unit`; NaN where a set has no GWP for the gas. ``attrs``: ``unit``,
        ``basis``, ``gwp`` (the calculation's set).

    Raises
    ------
    OptionError
        An unknown GWP set name, basis or unit; no GWP set.
    """
    import pandas as pd

    _unit(unit)
    b = _basis(basis)
    result, _ = _result(source)
    if isinstance(gwps, str | GWPSet) or not len(gwps):
        raise OptionError(f"gwps: expected a sequence of GWP sets such as ('AR6', 'AR5'), not {gwps!r}")
    try:
        sets = [get_gwp_set(g) for g in gwps]
    except ValueError as error:
        raise OptionError(f"gwps: {error}") from None
    ok = result.calculated
    mass = np.sum(result.by_basis["mass"][b], axis=1, where=ok[None, :])
    keep = [
        g
        for g in np.flatnonzero(mass != 0).tolist()
        if not (result.gases[g] == "CO2_biogenic" or is_montreal_gas(result.gases[g]))
    ]
    names = [result.gases[g] for g in keep]
    data = {}
    for gwp in sets:
        weights = np.array([np.nan if gwp.get(g) is None else gwp.get(g) for g in names], dtype=np.float64)
        data[gwp.name] = _round(mass[keep] * weights, unit)
    frame = pd.DataFrame(data, index=pd.Index(names, name="gas", dtype=object))
    frame.columns.name = f"{unit}_co2e"
    return _attrs(frame, result, unit, basis=basis)


def by(
    source: Any,
    columns: str | Sequence[str],
    *,
    basis: str = "market",
    unit: str = "t",
    language: str | Language | None = None,
) -> Any:
    """CO2e in the scopes grouped by one or several columns of the long frame.

    Parameters
    ----------
    source : Inventory or Result
    columns : str or sequence of str
        Columns of :func:`lines_frame` (``scope``, ``category``,
        ``category_name``, ``gas``, ``activity``, ``site``, ``quality``,
        ``method``, ``factor_set``, a tag, ...; not ``kg``, ``kg_co2e``,
        ``in_scopes`` or ``basis``: the basis is the `basis` parameter).
        Grouped by ``gas``, the CO2e of each gas in the scopes; otherwise
        each line's CO2e as calculated (its gases summed).
    basis : {"market", "location"}
    unit : {"t", "kg"}
    language : str or Language, optional
        The language of ``category_name``.

    Returns
    -------
    pandas.Series
        Named ``t_co2e`` (or ``kg_co2e``), indexed by the columns (a
        MultiIndex for several; missing values, such as the category of a
        scope 1 line, are a group of their own; text in the order it first
        appears in the input, numbers ascending); ``attrs``: ``unit``,
        ``basis``, ``gwp``. The values add up to the inventory's total on
        that basis.

    Raises
    ------
    OptionError
        A column the long frame does not have, or one of its numbers; an
        unknown basis or unit; no column.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
    >>> by(calculate([Activity.of("diesel", 100, "L", site="Oslo"),
    ...               Activity.of("diesel", 300, "L", site="Bergen")], fs), ["scope", "site"], unit="kg")
    ... # doctest: +NORMALIZE_WHITESPACE
    scope  site
    1      Oslo      250.0
           Bergen    750.0
    Name: kg_co2e, dtype: float64
    """
    names = [columns] if isinstance(columns, str) else list(columns)
    _unit(unit)
    b = _basis(basis)
    result, organisation = _result(source)
    lang = get_language(language)
    known = [c for c in COLUMNS if c not in _VALUES] + [
        f"tag:{n}" if n in COLUMNS else n for n in result.tags
    ]
    wrong = [c for c in names if c not in known]
    if not names or wrong:
        raise OptionError(f"columns {wrong or names!r}: expected one or more of {', '.join(known)}")
    if len(set(names)) != len(names):
        raise OptionError(f"columns {names!r}: a column named twice")
    frame = _long(result, organisation, (b,), lang, per_gas="gas" in names)
    frame = frame[frame["in_scopes"]]
    sums = frame.groupby(names, observed=True, dropna=False, sort=True)["kg_co2e"].sum()
    sums[:] = _round(sums.to_numpy(dtype=np.float64), unit)
    sums.name = f"{unit}_co2e"
    sums.attrs.update({"unit": f"{unit} CO2e", "basis": basis, "gwp": result.gwp.name})
    return sums


def intervals(
    source: Any,
    *,
    unit: str = "t",
    method: str = "approach1",
    samples: int = 10_000,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    language: str | Language | None = None,
) -> Any:
    """The 95 % interval of each figure (total, scopes on both scope 2 bases, scope 3 categories).

    Parameters
    ----------
    source : Inventory or Result
        An inventory's intervals use the uncertainties its factor
        databases state (:meth:`Inventory.intervals
        <ghgcore.inventory.Inventory.intervals>`).
    unit : {"t", "kg"}
    method : {"approach1", "monte-carlo"}
        IPCC approach 1 (error propagation) or a seeded Monte Carlo
        (:func:`ghgcore.uncertainty.intervals`).
    samples, seed, overrides
        As for :func:`ghgcore.uncertainty.intervals`.
    language : str or Language, optional
        The language of the names.

    Returns
    -------
    pandas.DataFrame
        Index ``figure`` (``total``, ``1``, ``2_location``, ``2_market``,
        ``3``, ``3.N`` for the categories with lines), columns ``name``,
        ``value``, ``low``, ``high`` (in `unit` CO2e, rounded to the
        milligram) and ``relative`` (the half-width over the value; NaN for
        a figure of 0 whose lines cancel out); ``attrs``: ``unit``,
        ``gwp``, ``method``, ``level`` (0.95).

    Raises
    ------
    OptionError
        A unit other than ``kg`` or ``t``, or a bad method, samples or seed.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
    >>> table = intervals(calculate([Activity.of("diesel", 100, "L")], fs), unit="kg")
    >>> table.loc[["total", "1"], ["value", "low", "high", "relative"]]  # doctest: +NORMALIZE_WHITESPACE
            value    low   high  relative
    figure
    total   250.0  232.5  267.5      0.07
    1       250.0  232.5  267.5      0.07
    >>> table.loc["1", "name"], table.attrs["method"]
    ('Scope 1', 'approach1')
    """
    import pandas as pd

    from ghgcore.uncertainty import result_intervals

    _unit(unit)
    result, _ = _result(source)
    lang = get_language(language)
    if result is not source and callable(getattr(source, "intervals", None)):
        found = source.intervals(method=method, samples=samples, seed=seed, overrides=overrides)
    else:
        found = result_intervals(result, method=method, samples=samples, seed=seed, overrides=overrides)  # type: ignore[arg-type]
    names = {
        "total": lang.format(
            "Total ({basis})", basis=lang.gettext("scope 1 + scope 2 market-based + scope 3")
        ),
        "1": lang.gettext("Scope 1"),
        "2_location": lang.gettext("Scope 2, location-based"),
        "2_market": lang.gettext("Scope 2, market-based"),
        "3": lang.gettext("Scope 3"),
    }
    categories = category_names(lang)
    keys = list(found)
    labels = [
        names.get(key)
        or lang.format("Scope 3, category {number}: {name}", number=key[2:], name=categories[key[2:]])
        for key in keys
    ]
    columns = {
        name: _round(np.array([getattr(found[k], name) for k in keys], dtype=np.float64), unit)
        for name in ("value", "low", "high")
    }
    # as the summary has it (ghgcore.uncertainty.summarise): 0 for a figure of 0 with no uncertainty,
    # NaN for a figure of 0 whose lines are uncertain (they cancel out)
    relative = [
        found[k].relative if np.isfinite(found[k].relative) else 0.0 if found[k].half_width == 0 else np.nan
        for k in keys
    ]
    frame = pd.DataFrame(
        {"name": labels, **columns, "relative": relative},
        index=pd.Index(keys, name="figure"),
    )
    chosen = {found[k].method for k in keys}
    return _attrs(frame, result, unit, method=chosen.pop() if chosen else method, level=0.95)
