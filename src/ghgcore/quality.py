"""Data quality of an account's lines: a score from 1 (best) to 5 (worst), in the manner of PCAF.

The Partnership for Carbon Accounting Financials scores the data behind an
emission figure from 1 to 5: reported (verified) emissions best, emissions
from physical activity data in the middle, estimates from money spent and
sector averages worst (PCAF, *The Global GHG Accounting and Reporting
Standard*, Part A, 2nd edition 2022, tables 5-2 to 5-4). ghgcore scores
each calculated line of an account the same way, from what the line's
result records:

===== =================================================================
score the line's data
===== =================================================================
1     supplier-specific: a factor of your own (a factors CSV among the
      inputs, such as a district-heating supplier's figure: a factor set
      without a published version), or a contractual instrument (a
      guarantee of origin, a supplier's rate) covering the line
2     physical activity data (kWh, litres, km, tonnes) with a factor of
      the line's region and year (a country's factor counts for a line in
      one of its zones: NO for NO-NO5)
3     physical activity data with a factor of another region or year (a
      fallback)
4     spend (money) with an environmentally extended input-output factor
      of the line's region (of an earlier year too: input-output tables
      are years old when they are used, and the spend is brought to their
      price year)
5     spend with a factor of another region
===== =================================================================

Lines not calculated (unresolved, excluded) have no score (0). A member's
score is the average of its lines' scores weighted by their emissions (the
absolute kg CO2e on the total's basis: scope 2 market-based), as PCAF
weights a portfolio's.

>>> import pyarrow as pa
>>> lines = pa.table({
...     "status": ["calculated", "calculated", "calculated", "unresolved"],
...     "method": ["", "spend", "", ""], "match": ["exact", "region", "region", ""],
...     "factor_set": ["fuels@2021.2", "spend@2019.2", "mine@0cc6c658b375", ""],
...     "instrument_kwh": [0.0, 0.0, 0.0, 0.0], "co2e_market_kg": [100.0, 300.0, 50.0, 0.0]})
>>> scores(lines, own_factor_sets=["mine@0cc6c658b375"]).tolist()
[2, 5, 1, 0]
>>> round(weighted_score(scores(lines, ["mine@0cc6c658b375"]), lines.column("co2e_market_kg").to_numpy()), 3)
3.889

A :class:`~ghgcore.result.Result` is scored from its own columns, coded as
they are (no text per line): :func:`result_scores`, and
:func:`result_lines` for the columns themselves (what
:func:`ghgcore.uncertainty.intervals` takes too). :func:`summarise` gives
the ``quality`` part of the JSON summary.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = [
    "COLUMNS",
    "QUALITY_SCORES",
    "own_factor_sets",
    "result_lines",
    "result_scores",
    "scores",
    "summarise",
    "weighted_score",
]

#: What each score means (0: the line was not calculated).
QUALITY_SCORES: Mapping[int, str] = {
    1: "supplier-specific (your own factor, or a contractual instrument)",
    2: "physical activity data, factor of the line's region and year",
    3: "physical activity data, factor of another region or year",
    4: "spend, input-output factor of the line's region",
    5: "spend, input-output factor of another region",
}

#: The result columns :func:`scores` reads.
COLUMNS = ("status", "method", "match", "factor_set", "instrument_kwh", "region", "factor_id")


def own_factor_sets(factor_sets: Sequence[Mapping[str, Any]]) -> list[str]:
    """The ``name@version`` of the sets a summary lists that have no published version.

    A factor set built without a version (a factors CSV given among the
    inputs) takes the first 12 characters of its content hash as its
    version; the databases ghgcore ships and plugins publish versions.
    """
    return [
        f"{fs.get('name', '')}@{fs.get('version', '')}"
        for fs in factor_sets
        if fs.get("version") and str(fs.get("sha256", "")).startswith(str(fs.get("version")))
    ]


def _coded(column: Any) -> Categorical:
    """A text column (Categorical, pyarrow, pandas or numpy) as a :class:`Categorical` (missing: code -1)."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    if isinstance(column, Categorical):
        return column
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        return Categorical.from_arrow(column)
    return Categorical.from_values(column)


def _is(coded: Categorical, wanted: Collection[str]) -> npt.NDArray[np.bool_]:
    """Which rows of a coded column are one of `wanted` (missing: no)."""
    return np.array([t in wanted for t in coded.categories] + [False], dtype=bool)[coded.codes]


def _national(region: Any, factor_id: Any) -> npt.NDArray[np.bool_]:
    """Whether each line's factor is of the country of the line's region (``NO`` for ``NO-NO5``).

    The factor's region is the third field of its id (``activity|unit|region|years|method``).
    """
    region_coded, id_coded = _coded(region), _coded(factor_id)
    # code 0 for a missing value, the texts' codes one up
    region_codes, regions = region_coded.codes.astype(np.intp) + 1, ["", *region_coded.categories]
    id_codes, ids = id_coded.codes.astype(np.intp) + 1, ["", *id_coded.categories]
    countries = [text.split("-", 1)[0] for text in regions]
    factor_regions = [text.split("|")[2] if text.count("|") >= 2 else "" for text in ids]
    if not len(region_codes):
        return np.zeros(0, dtype=bool)
    # each distinct (region, factor) pair once: a handful per account
    pairs, inverse = np.unique(region_codes * len(ids) + id_codes, return_inverse=True)
    same = np.array(
        [
            factor_regions[pair % len(ids)] != ""
            and factor_regions[pair % len(ids)] == countries[pair // len(ids)]
            for pair in pairs.tolist()
        ],
        dtype=bool,
    )
    return np.asarray(same[inverse.reshape(-1)], dtype=bool)


def scores(lines: Any, own_factor_sets: Collection[str] = ()) -> npt.NDArray[np.int8]:
    """Each line's quality score (1-5; 0 where the line was not calculated).

    Parameters
    ----------
    lines : pyarrow.Table or Mapping of columns
        An account's result lines with the columns in ``COLUMNS`` (``method``
        and ``instrument_kwh`` may be missing: no spend, no instruments) (what
        :meth:`AccountStore.lines <ghgcore.store.AccountStore.lines>`,
        ``Inventory.to_dataframe()`` and :func:`result_lines` give; text
        columns may be :class:`~ghgcore._columns.Categorical`).
    own_factor_sets : collection of str
        ``name@version`` of the factor sets that are the organisation's own
        (:func:`own_factor_sets` of its summary's ``factor_sets``).

    Returns
    -------
    numpy.ndarray of int8
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    names = set(lines.column_names if hasattr(lines, "column_names") else lines.keys())
    n = lines.num_rows if hasattr(lines, "num_rows") else len(lines["status"])

    def column(name: str) -> Any:  # a tag column (method, when no spend) may not be there
        if name not in names:
            return pa.nulls(n, pa.string())
        return lines.column(name) if hasattr(lines, "column") else lines[name]

    calculated = _is(_coded(column("status")), ("calculated",))
    spend = _is(_coded(column("method")), ("spend",))
    match = _coded(column("match"))
    # a country's factor for a line in one of its zones (NO for NO-NO5) is of the line's region
    national = _is(match, ("region", "region+year"))
    if national.any():  # only the lines that took another region's factor are looked at

        def rows(values: Any, at: npt.NDArray[np.intp]) -> Any:
            if isinstance(values, Categorical):
                return Categorical(codes=values.codes[at], categories=values.categories)
            if isinstance(values, (pa.Array, pa.ChunkedArray)):
                return values.take(pa.array(at))
            return np.asarray(values, dtype=object)[at]

        at = np.flatnonzero(national)
        national[at] = _national(rows(column("region"), at), rows(column("factor_id"), at))
    region_kept = _is(match, ("exact", "year")) | national
    year_kept = _is(match, ("exact", "region")) & region_kept
    own = _is(_coded(column("factor_set")), set(own_factor_sets))
    kwh = column("instrument_kwh")
    kwh = (
        kwh.to_numpy(zero_copy_only=False) if hasattr(kwh, "to_numpy") and not hasattr(kwh, "dtype") else kwh
    )
    instrument = np.nan_to_num(np.asarray(kwh, dtype=np.float64)) > 0
    physical = np.where(own | instrument, 1, np.where(year_kept, 2, 3))
    score = np.where(spend, np.where(region_kept, 4, 5), physical)
    return np.where(calculated, score, 0).astype(np.int8)


def weighted_score(score: npt.NDArray[np.integer[Any]], kg: npt.NDArray[np.float64]) -> float | None:
    """The emission-weighted average score of the scored lines (None if they weigh nothing)."""
    scored = score > 0
    weights = np.abs(np.asarray(kg, dtype=np.float64)[scored])
    total = float(weights.sum())
    return float((score[scored] * weights).sum() / total) if total > 0 else None


def _own(result: Result) -> list[str]:
    """``name@version`` of the result's factor sets that are the organisation's own (:func:`own_factor_sets`)."""
    return own_factor_sets(
        [{"name": fs.name, "version": fs.version, "sha256": fs.sha256} for fs in result.factor_sets]
    )


def result_lines(result: Result) -> dict[str, Any]:
    """The columns of a result that :func:`scores` and :mod:`ghgcore.uncertainty` read, as they are coded.

    Text columns are :class:`~ghgcore._columns.Categorical` built from the
    result's integer codes (status, match, the location-based factor set
    and factor of each line), so no string is made per line: scoring a
    million lines costs a few numpy operations. The names and meanings are
    those of :meth:`Result.to_dataframe() <ghgcore.result.Result.to_dataframe>`:
    ``status``, ``method`` (``spend`` on general-ledger lines), ``match``,
    ``factor_set`` and ``factor_id`` (location-based), ``instrument_kwh``,
    ``region``, ``scope``, ``category`` (0: none), ``co2e_kg`` and
    ``co2e_market_kg``.

    Parameters
    ----------
    result : Result

    Returns
    -------
    dict of str to Categorical or numpy.ndarray

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
    >>> columns = result_lines(calculate([Activity.of("diesel", 100, "L")], fs))
    >>> columns["status"].to_numpy().tolist(), columns["factor_set"].to_numpy().tolist()
    (['calculated'], ['ex@1'])
    >>> scores(columns).tolist()
    [2]
    """
    from ghgcore.resolution import MATCH_KINDS
    from ghgcore.result import STATUS

    method = result.marks.get("method")
    return {
        "status": Categorical.from_codes(np.asarray(result.lines["status"]), STATUS),
        "method": method if method is not None else Categorical.empty(len(result)),
        "match": Categorical.from_codes(np.where(result.calculated, result.match, -1), MATCH_KINDS),
        "factor_set": result.coded_factor_sets("location"),
        "factor_id": result.coded_factor_ids("location"),
        "instrument_kwh": np.asarray(result.lines["instrument_kwh"], dtype=np.float64),
        "region": result.activities.region,
        "scope": np.asarray(result.lines["scope"]),
        "category": np.asarray(result.lines["category"]),
        "co2e_kg": result.by_basis["co2e"][0],
        "co2e_market_kg": result.by_basis["co2e"][1],
    }


def result_scores(result: Result) -> npt.NDArray[np.int8]:
    """Each line's quality score (1-5; 0 where not calculated), from the result's own columns.

    The same as :func:`scores` of :meth:`Result.to_dataframe()
    <ghgcore.result.Result.to_dataframe>` with the result's own factor sets
    (those without a published version, :func:`own_factor_sets`), without
    building the frame: see :func:`result_lines`.
    """
    return scores(result_lines(result), _own(result))


def summarise(score: npt.NDArray[np.integer[Any]], kg: npt.NDArray[np.float64]) -> dict[str, Any]:
    """The ``quality`` part of the JSON summary: the weighted score, and lines and kg CO2e per score.

    Parameters
    ----------
    score : numpy.ndarray of int
        Each line's score (0: not calculated, left out).
    kg : numpy.ndarray of float
        Each line's kg CO2e on the total's basis (scope 2 market-based).

    Returns
    -------
    dict
        ``weighted_score`` (:func:`weighted_score`, None if the scored lines
        weigh nothing), ``lines`` (``"1"`` ... ``"5"``: how many lines) and
        ``kg_co2e`` (``"1"`` ... ``"5"``: their kg CO2e, summing to the
        scored lines' total).

    Examples
    --------
    >>> import numpy as np
    >>> summarise(np.array([2, 4, 0], dtype=np.int8), np.array([100.0, 300.0, 5.0]))["kg_co2e"]
    {'1': 0.0, '2': 100.0, '3': 0.0, '4': 300.0, '5': 0.0}
    """
    score = np.asarray(score)
    values = np.asarray(kg, dtype=np.float64)
    scored = score > 0
    counts = np.bincount(score[scored].astype(np.intp), minlength=6)
    sums = np.bincount(score[scored].astype(np.intp), weights=values[scored], minlength=6)
    weighted = weighted_score(score, values)
    return {
        "weighted_score": None if weighted is None or not math.isfinite(weighted) else weighted,
        "lines": {str(s): int(counts[s]) for s in range(1, 6)},
        "kg_co2e": {str(s): float(sums[s]) for s in range(1, 6)},
    }
