r"""Uncertainty of an account's figures: 95 % intervals from each line's data quality.

Each calculated result line has a data-quality score from 1 to 5
(:func:`ghgcore.quality.scores`); each score has a default relative
uncertainty, :data:`DEFAULT_UNCERTAINTY`: the half-width of the line's 95 %
interval as a fraction of its emissions, the way the IPCC states
uncertainties (*2006 IPCC Guidelines for National Greenhouse Gas
Inventories*, Vol. 1, ch. 3, "Uncertainties": "half the 95 % confidence
interval divided by the total"). A factor database may know its own
uncertainty better: ``overrides`` maps a factor set's name (the part of the
result's ``factor_set`` before ``@``) to the fraction for its lines.

The lines' uncertainties are combined into an interval for each figure
(``"total"``, ``"1"``, ``"2_location"``, ``"2_market"``, ``"3"`` and the
scope 3 categories ``"3.1"`` ... ``"3.15"`` that have lines; the keys of
:mod:`ghgcore.figures`, the total being scope 1 + scope 2 market-based +
scope 3) in one of two ways, both assuming the lines independent:

- ``"approach1"``: the IPCC's approach 1, error propagation (Vol. 1, ch. 3,
  eq. 3.2 for a sum): :math:`U = \sqrt{\sum (U_i x_i)^2} / |\sum x_i|`,
  the interval :math:`\sum x_i (1 \pm U)`;
- ``"monte-carlo"``: the IPCC's approach 2 (Vol. 1, ch. 3, section 3.2.3.2):
  each line drawn normal with standard deviation :math:`U_i x_i / 1.96`
  (1.96 standard deviations being the half-width of a normal's 95 %
  interval), the figures summed per sample, and the 2.5 and 97.5
  percentiles taken. Draws are seeded (:func:`numpy.random.default_rng`)
  and made :data:`CHUNK_LINES` lines at a time, so that the peak memory is
  about ``samples * CHUNK_LINES * 4`` bytes of draws (10 MiB for 10,000
  samples) plus ``samples * 8`` bytes per figure, however many lines there
  are, and the same seed gives the same intervals (the chunk size is fixed;
  the matrix products go through numpy's BLAS, so another BLAS may differ
  in the last digits).

A scope 2 line's market-based and location-based emissions take the same
draw (the same relative deviation): one line, one quality.

A :class:`~ghgcore.result.Result` is read from its own columns
(:func:`result_intervals`), and :func:`summarise` gives the ``uncertainty``
part of the JSON summary.

>>> import pyarrow as pa
>>> lines = pa.table({
...     "status": ["calculated", "calculated", "calculated"], "scope": [1, 1, 3],
...     "category": [None, None, 6], "method": ["", "", "spend"], "match": ["exact", "exact", "exact"],
...     "factor_set": ["fuels@1", "fuels@1", "spend@1"],
...     "co2e_kg": [300.0, 400.0, 1000.0], "co2e_market_kg": [300.0, 400.0, 1000.0]})
>>> scope1 = intervals(lines)["1"]
>>> scope1.value, round(scope1.low, 1), round(scope1.high, 1)
(700.0, 665.0, 735.0)
>>> round(intervals(lines, overrides={"fuels": 0.02})["1"].relative, 4)  # 0.02 * 500 / 700
0.0143
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore.errors import OptionError
from ghgcore.figures import CATEGORY_KEYS
from ghgcore.quality import _coded, _own, result_lines, scores

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = [
    "CHUNK_LINES",
    "DEFAULT_UNCERTAINTY",
    "METHODS",
    "Interval",
    "approach1",
    "intervals",
    "line_uncertainties",
    "monte_carlo",
    "result_intervals",
    "summarise",
]

#: The methods :func:`intervals` knows.
METHODS = ("approach1", "monte-carlo")

#: Lines drawn at a time by :func:`monte_carlo` (fixed: the draws, and so the
#: intervals, do not depend on the machine's memory).
CHUNK_LINES = 256

#: Default relative uncertainty (half-width of the 95 % interval / emissions) per quality score.
#:
#: 1. **0.05**, supplier-specific data. The 2006 IPCC Guidelines' default for
#:    fuel-combustion activity data when nothing better is known is ±5 % (Vol. 2,
#:    ch. 2, section 2.4.2, "Activity data uncertainties"). That a supplier's own
#:    figure (or a contractual instrument) is as good as national energy
#:    statistics is ghgcore's assumption: the PCAF scores rank it best, and no
#:    general figure for supplier-specific data was found.
#: 2. **0.07**, physical activity data with a factor of the line's region and
#:    year: ±5 % activity data (as above) and about ±5 % for the factor, combined
#:    by the IPCC's product rule (Vol. 1, ch. 3, eq. 3.1):
#:    :math:`\sqrt{5^2 + 5^2} \approx 7` %. The ±5 % for the factor is
#:    **ghgcore's assumption**: the CO2 factors of fuels follow from their carbon
#:    content and are known to a few percent, but ghgcore has not checked this
#:    figure against the IPCC's tables of default factors and their ranges;
#:    national grid factors, CH4 and N2O are less certain, so read it as a
#:    lower bound rather than a measured value.
#: 3. **0.15**, physical activity data with a factor of another region or year:
#:    **ghgcore's assumption**, twice score 2 rounded, for a factor that is not
#:    the line's (a neighbouring country's grid mix or an older year can differ
#:    by tens of percent); no published default for such a fallback was found.
#: 4. **0.50**, spend with the input-output factor of the line's country: the
#:    middle of the ±40-60 % commonly given for environmentally extended
#:    input-output (EEIO) factors of a product group; Monte Carlo studies of
#:    such models (Wiedmann, Lenzen and Wood, *Uncertainty analysis of the UK-MRIO
#:    model*, report to Defra, 2008; Lenzen, *Errors in conventional and
#:    input-output-based life-cycle inventories*, J. Ind. Ecol. 4(4), 2001) find
#:    a sector's multiplier far less certain than a national total, but ghgcore
#:    takes no single number from them: the value is ghgcore's assumption
#:    within that range.
#: 5. **0.60**, spend with another country's input-output factor: the upper end
#:    of that range, ghgcore's assumption (another economy's prices and
#:    technology add to the model's own uncertainty).
DEFAULT_UNCERTAINTY: Mapping[int, float] = {1: 0.05, 2: 0.07, 3: 0.15, 4: 0.50, 5: 0.60}

#: The z value of a normal's 95 % two-sided interval.
_Z95 = 1.959963984540054

#: The figures always given (categories only when they have lines).
_SCOPE_KEYS = ("total", "1", "2_location", "2_market", "3")

Method = Literal["approach1", "monte-carlo"]
_Floats = npt.NDArray[np.float64]


@attrs.frozen
class Interval:
    """A figure's 95 % interval.

    Attributes
    ----------
    value : float
        The figure itself (kg CO2e).
    low, high : float
        The interval's ends (kg CO2e).
    method : str
        ``"approach1"`` or ``"monte-carlo"``.
    """

    value: float
    low: float
    high: float
    method: str

    @property
    def half_width(self) -> float:
        """Half the interval's width (kg CO2e)."""
        return (self.high - self.low) / 2

    @property
    def relative(self) -> float:
        """The half-width as a fraction of the figure (``nan`` for a figure of 0)."""
        return self.half_width / abs(self.value) if self.value else math.nan


@attrs.frozen
class _Lines:
    """The calculated lines' numbers that matter, as numpy arrays."""

    location: _Floats  # kg CO2e location-based
    market: _Floats  # kg CO2e market-based (the total's basis)
    u: _Floats  # relative uncertainty (half-width of the 95 % interval)
    scope: npt.NDArray[np.int64]
    category: npt.NDArray[np.int64]  # 0: none
    keys: tuple[str, ...]  # the figures, in the columns' order

    def uncertain(self) -> _Lines:
        """The lines that have some uncertainty (the others add nothing to any draw)."""
        keep = (self.u != 0) & ((self.location != 0) | (self.market != 0))
        return attrs.evolve(
            self,
            location=self.location[keep],
            market=self.market[keep],
            u=self.u[keep],
            scope=self.scope[keep],
            category=self.category[keep],
        )

    def weights(self, start: int, stop: int, amounts: Literal["value", "sd"]) -> _Floats:
        """Lines ``start:stop`` x figures: each line's kg (or its standard deviation) in each figure."""
        scale = 1.0 if amounts == "value" else self.u[start:stop] / _Z95
        loc = self.location[start:stop] * scale
        mkt = self.market[start:stop] * scale
        scope = self.scope[start:stop]
        category = self.category[start:stop]
        out = np.zeros((stop - start, len(self.keys)), dtype=np.float64)
        out[:, 0] = mkt
        out[:, 1] = np.where(scope == 1, mkt, 0.0)
        out[:, 2] = np.where(scope == 2, loc, 0.0)
        out[:, 3] = np.where(scope == 2, mkt, 0.0)
        out[:, 4] = np.where(scope == 3, mkt, 0.0)
        for column, key in enumerate(self.keys[5:], start=5):  # at most 15 categories, not lines
            out[:, column] = np.where((scope == 3) & (category == int(key[2:])), mkt, 0.0)
        return out


def _column(lines: Any, name: str) -> Any:
    names = lines.column_names if hasattr(lines, "column_names") else list(lines.keys())
    if name not in names:
        raise OptionError(f"lines: no column {name!r}; expected result lines (Inventory.to_dataframe())")
    return lines.column(name) if hasattr(lines, "column") else lines[name]


def _floats(column: Any) -> _Floats:
    """A numeric column (pyarrow, pandas or numpy) as float64, missing values as NaN."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        column = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
    elif hasattr(column, "dtype") and hasattr(column, "to_numpy"):  # pandas
        column = column.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(column, dtype=np.float64)


def _check_overrides(overrides: Mapping[str, float] | None) -> dict[str, float]:
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise OptionError(
            f"overrides: expected a mapping of factor set name to a fraction, not {overrides!r}"
        )
    out: dict[str, float] = {}
    given: list[tuple[object, object]] = list(overrides.items())  # checked, whatever the annotation says
    for name, value in given:
        if not isinstance(name, str) or not name or "@" in name:
            raise OptionError(f"overrides: {name!r} is not a factor set name (the part before '@')")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= float(value) < math.inf:
            raise OptionError(
                f"overrides: {name}: {value!r} is not a relative uncertainty (a finite fraction >= 0)"
            )
        out[name] = float(value)
    return out


def line_uncertainties(
    lines: Any, *, own_factor_sets: Collection[str] = (), overrides: Mapping[str, float] | None = None
) -> _Floats:
    """Each line's relative uncertainty (half-width of its 95 % interval / its emissions).

    Parameters
    ----------
    lines : pyarrow.Table, pandas.DataFrame or mapping of columns
        Result lines (:meth:`Inventory.to_dataframe()
        <ghgcore.inventory.Inventory.to_dataframe>`, :meth:`AccountStore.lines
        <ghgcore.store.AccountStore.lines>`, :func:`ghgcore.quality.result_lines`).
    own_factor_sets : collection of str
        ``name@version`` of the organisation's own factor sets (score 1), as
        for :func:`ghgcore.quality.scores`.
    overrides : mapping of str to float, optional
        A factor set's name (before ``@``) -> the relative uncertainty of its
        lines, instead of :data:`DEFAULT_UNCERTAINTY`.

    Returns
    -------
    numpy.ndarray of float64
        NaN for lines that were not calculated (no score).

    Raises
    ------
    OptionError
        An override that is not a name and a finite fraction >= 0.

    Examples
    --------
    >>> import pyarrow as pa
    >>> lines = pa.table({"status": ["calculated", "calculated", "unresolved"],
    ...     "method": ["", "spend", ""], "match": ["exact", "exact", ""],
    ...     "factor_set": ["fuels@1", "spend@2", ""]})
    >>> line_uncertainties(lines).tolist()
    [0.07, 0.5, nan]
    >>> line_uncertainties(lines, overrides={"spend": 0.3}).tolist()
    [0.07, 0.3, nan]
    """
    checked = _check_overrides(overrides)
    score = scores(lines, own_factor_sets)
    table = np.array([math.nan, *(DEFAULT_UNCERTAINTY[s] for s in range(1, 6))], dtype=np.float64)
    u = table[score]
    if checked:
        factor_set = _coded(_column(lines, "factor_set"))
        per_text = np.array(
            [checked.get(text.split("@", 1)[0], math.nan) for text in factor_set.categories] + [math.nan],
            dtype=np.float64,
        )
        own = per_text[factor_set.codes]
        u = np.where(np.isnan(own) | (score == 0), u, own)
    return np.asarray(u, dtype=np.float64)


def _prepare(lines: Any, own_factor_sets: Collection[str], overrides: Mapping[str, float] | None) -> _Lines:
    """The calculated lines with a nonzero uncertain amount, and the figures they make."""
    u = line_uncertainties(lines, own_factor_sets=own_factor_sets, overrides=overrides)
    location = np.nan_to_num(_floats(_column(lines, "co2e_kg")))
    market = np.nan_to_num(_floats(_column(lines, "co2e_market_kg")))
    scope = np.nan_to_num(_floats(_column(lines, "scope"))).astype(np.int64)
    category = np.nan_to_num(_floats(_column(lines, "category"))).astype(np.int64)
    scored = ~np.isnan(u)
    kept = scored & ((location != 0) | (market != 0))
    present = np.unique(category[kept & (scope == 3) & (category >= 1) & (category <= 15)])
    keys = (*_SCOPE_KEYS, *(CATEGORY_KEYS[c - 1] for c in present.tolist()))
    return _Lines(
        location=location[scored],
        market=market[scored],
        u=u[scored],
        scope=scope[scored],
        category=category[scored],
        keys=keys,
    )


def _sums(data: _Lines, amounts: Literal["value", "square"], scale: float = 1.0) -> _Floats:
    """Each figure's sum over the lines (``value``) or the sum of the squares of the lines' half-widths.

    The figures' values are summed the way :meth:`Result.by_scope
    <ghgcore.result.Result.by_scope>` and :meth:`Result.by_category
    <ghgcore.result.Result.by_category>` sum them (the scopes with
    :func:`numpy.sum` of the lines, the categories with
    :func:`numpy.bincount`, the total as scope 1 + scope 2 market-based +
    scope 3), so that they are the summary's figures to the last bit. No
    matrix of lines x figures is made: a million lines take a few passes.
    The squares are of the half-widths divided by `scale`, so that lines up
    to :data:`~ghgcore.result.MAX_VALUE` square without overflow.
    """
    if amounts == "value":
        loc, mkt = data.location, data.market
    else:
        loc, mkt = np.square(data.u * data.location / scale), np.square(data.u * data.market / scale)
    out = np.zeros(len(data.keys), dtype=np.float64)
    out[1] = np.sum(mkt[data.scope == 1])
    out[2] = np.sum(loc[data.scope == 2])
    out[3] = np.sum(mkt[data.scope == 2])
    out[4] = np.sum(mkt[data.scope == 3])
    out[0] = out[1] + out[3] + out[4]
    if len(data.keys) > 5:
        three = data.scope == 3
        per_category = np.bincount(np.clip(data.category[three], 0, 15), weights=mkt[three], minlength=16)
        out[5:] = [per_category[int(key[2:])] for key in data.keys[5:]]
    return out


def approach1(
    lines: Any, *, own_factor_sets: Collection[str] = (), overrides: Mapping[str, float] | None = None
) -> dict[str, Interval]:
    r"""95 % intervals by the IPCC's approach 1 (error propagation over independent lines).

    For each figure, a sum of lines :math:`x_i` with relative uncertainties
    :math:`U_i`: :math:`U = \sqrt{\sum (U_i x_i)^2} / |\sum x_i|` and the
    interval :math:`\sum x_i (1 \pm U)` (2006 IPCC Guidelines, Vol. 1,
    ch. 3, eq. 3.2). Parameters as for :func:`intervals`.

    Examples
    --------
    >>> import pyarrow as pa
    >>> lines = pa.table({"status": ["calculated"] * 2, "scope": [1, 1], "category": [None, None],
    ...     "match": ["exact"] * 2, "factor_set": ["a@1"] * 2,
    ...     "co2e_kg": [30.0, 40.0], "co2e_market_kg": [30.0, 40.0]})
    >>> approach1(lines, overrides={"a": 0.1})["total"]
    Interval(value=70.0, low=65.0, high=75.0, method='approach1')
    """
    data = _prepare(lines, own_factor_sets, overrides)
    sums = _sums(data, "value")
    widths = np.abs(np.concatenate([data.u * data.location, data.u * data.market]))
    scale = float(np.max(widths)) if len(widths) else 0.0
    scale = scale if 0 < scale < math.inf else 1.0  # (a half-width of 1e200 squares beyond float64)
    half = np.sqrt(_sums(data, "square", scale)) * scale
    return {
        key: Interval(float(sums[j]), float(sums[j] - half[j]), float(sums[j] + half[j]), "approach1")
        for j, key in enumerate(data.keys)
    }


def _check_samples(samples: Any) -> int:
    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral) or samples < 2:
        raise OptionError(f"samples: expected a whole number of at least 2, not {samples!r}")
    return int(samples)


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise OptionError(f"seed: expected a whole number >= 0, not {seed!r}")
    return int(seed)


def monte_carlo(
    lines: Any,
    *,
    samples: int = 10_000,
    seed: int = 0,
    own_factor_sets: Collection[str] = (),
    overrides: Mapping[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Interval]:
    """95 % intervals by Monte Carlo (the IPCC's approach 2) with independent normal lines.

    Each line is drawn normal around its emissions with standard deviation
    :math:`U_i x_i / 1.96`; each figure is summed per sample and its 2.5 and
    97.5 percentiles are the interval. The draws are made
    :data:`CHUNK_LINES` lines at a time (``samples x CHUNK_LINES`` float32
    standard normals, multiplied by the chunk's lines x figures matrix of
    standard deviations and added to a ``samples x figures`` float64
    accumulator), so the peak memory does not grow with the lines, and the
    same seed gives the same intervals. Parameters as for :func:`intervals`;
    `progress`, if given, is called as ``progress(done, total)`` after each
    chunk, with the lines drawn so far and the lines to draw (those with
    some uncertainty and some emissions; never called when there are none).

    Examples
    --------
    >>> import pyarrow as pa
    >>> lines = pa.table({"status": ["calculated"] * 2, "scope": [1, 1], "category": [None, None],
    ...     "match": ["exact"] * 2, "factor_set": ["a@1"] * 2,
    ...     "co2e_kg": [30.0, 40.0], "co2e_market_kg": [30.0, 40.0]})
    >>> total = monte_carlo(lines, overrides={"a": 0.1}, samples=20_000)["total"]
    >>> total.value, round(total.low), round(total.high)
    (70.0, 65, 75)
    """
    n_samples = _check_samples(samples)
    rng = np.random.default_rng(_check_seed(seed))
    data = _prepare(lines, own_factor_sets, overrides)
    sums = _sums(data, "value")
    data = data.uncertain()  # a line without uncertainty takes no draws: the others keep theirs
    n = len(data.u)
    deviation = np.zeros((n_samples, len(data.keys)), dtype=np.float64)
    for start in range(0, n, CHUNK_LINES):  # chunks of lines, each a vectorised block
        stop = min(start + CHUNK_LINES, n)
        draws = rng.standard_normal((n_samples, stop - start), dtype=np.float32)
        sd = data.weights(start, stop, "sd")
        # float32 reaches 3.4e38: the chunk's deviations are scaled to at most 1 for the product and back
        # in float64, so that lines up to MAX_VALUE (1e200 kg) draw as well as small ones
        scale = float(np.max(np.abs(sd))) if sd.size else 0.0
        if scale > 0:
            deviation += (draws @ (sd / scale).astype(np.float32)).astype(np.float64) * scale
        if progress is not None:
            progress(stop, n)
    low, high = np.percentile(deviation, [2.5, 97.5], axis=0)
    return {
        key: Interval(float(sums[j]), float(sums[j] + low[j]), float(sums[j] + high[j]), "monte-carlo")
        for j, key in enumerate(data.keys)
    }


def intervals(
    lines: Any,
    *,
    method: Method = "approach1",
    samples: int = 10_000,
    seed: int = 0,
    own_factor_sets: Collection[str] = (),
    overrides: Mapping[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Interval]:
    """A 95 % interval for each figure of an account's result lines.

    Parameters
    ----------
    lines : pyarrow.Table, pandas.DataFrame or mapping of columns
        Result lines (:meth:`Inventory.to_dataframe()
        <ghgcore.inventory.Inventory.to_dataframe>`, :meth:`AccountStore.lines
        <ghgcore.store.AccountStore.lines>`, :func:`ghgcore.quality.result_lines`) with ``status``, ``scope``,
        ``category``, ``co2e_kg``, ``co2e_market_kg`` and the columns
        :func:`ghgcore.quality.scores` reads. Only calculated lines count.
    method : {"approach1", "monte-carlo"}
        Error propagation (:func:`approach1`) or Monte Carlo
        (:func:`monte_carlo`).
    samples : int
        Monte Carlo samples (at least 2; 10,000 by default).
    seed : int
        The Monte Carlo generator's seed (>= 0): the same seed, the same intervals.
    own_factor_sets : collection of str
        ``name@version`` of the organisation's own factor sets (score 1).
    overrides : mapping of str to float, optional
        A factor set's name (before ``@``) -> the relative uncertainty of its
        lines, instead of the default for their score.
    progress : callable, optional
        Monte Carlo only: called as ``progress(done_lines, total_lines)``
        after each chunk of :data:`CHUNK_LINES` lines drawn (for a progress
        bar); approach 1 is a few numpy passes and never calls it.

    Returns
    -------
    dict of str to Interval
        ``"total"`` (scope 1 + scope 2 market-based + scope 3), ``"1"``,
        ``"2_location"``, ``"2_market"``, ``"3"``, and ``"3.1"`` ... ``"3.15"``
        for the categories with lines.

    Raises
    ------
    OptionError
        An unknown method, samples or seed that are not whole numbers in
        range, a bad override, or lines without a needed column.

    Examples
    --------
    >>> import pyarrow as pa
    >>> lines = pa.table({"status": ["calculated"] * 2, "scope": [1, 3], "category": [None, 1],
    ...     "method": ["", "spend"], "match": ["exact"] * 2, "factor_set": ["fuels@1", "spend@1"],
    ...     "co2e_kg": [100.0, 100.0], "co2e_market_kg": [100.0, 100.0]})
    >>> sorted(intervals(lines))
    ['1', '2_location', '2_market', '3', '3.1', 'total']
    >>> round(intervals(lines)["total"].relative, 4)  # sqrt(7**2 + 50**2) / 200
    0.2524
    >>> intervals(lines, method="bootstrap")
    Traceback (most recent call last):
    ...
    ghgcore.errors.OptionError: method: 'bootstrap' is not one of approach1, monte-carlo
    """
    if method not in METHODS:
        raise OptionError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if method == "approach1":
        _check_samples(samples)
        _check_seed(seed)
        return approach1(lines, own_factor_sets=own_factor_sets, overrides=overrides)
    return monte_carlo(
        lines,
        samples=samples,
        seed=seed,
        own_factor_sets=own_factor_sets,
        overrides=overrides,
        progress=progress,
    )


def result_intervals(
    result: Result,
    *,
    method: Method = "approach1",
    samples: int = 10_000,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Interval]:
    """:func:`intervals` of a :class:`~ghgcore.result.Result`, from its own columns.

    The result's lines are read as they are coded
    (:func:`ghgcore.quality.result_lines`: no frame, no string per line),
    and its factor sets without a published version are the
    organisation's own (score 1). The figures' values are the result's own
    sums (:meth:`~ghgcore.result.Result.by_scope`,
    :meth:`~ghgcore.result.Result.by_category`) to the last bit. Other
    parameters as for :func:`intervals`.

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
    >>> total = result_intervals(calculate([Activity.of("diesel", 100, "L")], fs))["total"]
    >>> total.value, round(total.low, 2), round(total.high, 2)  # score 2: 7 %
    (250.0, 232.5, 267.5)
    """
    return intervals(
        result_lines(result),
        method=method,
        samples=samples,
        seed=seed,
        own_factor_sets=_own(result),
        overrides=overrides,
        progress=progress,
    )


def summarise(figures: Mapping[str, Interval]) -> dict[str, Any]:
    """The ``uncertainty`` part of the JSON summary, from :func:`intervals`.

    Returns
    -------
    dict
        ``method``, ``level`` (0.95) and ``figures``: for each figure
        (``"total"``, ``"1"``, ``"2_location"``, ``"2_market"``, ``"3"``, and
        ``"3.1"`` ... ``"3.15"`` for the categories with lines) its
        ``value``, ``low`` and ``high`` (kg CO2e) and ``relative`` (the
        half-width over the value: 0.0 for a figure of 0 with no
        uncertainty, None for a figure of 0 whose lines are uncertain, as
        when they cancel out).

    Raises
    ------
    OptionError
        If the intervals are of several methods.

    Examples
    --------
    >>> summarise({"total": Interval(200.0, 190.0, 210.0, "approach1")})
    {'method': 'approach1', 'level': 0.95, 'figures': {'total': {'value': 200.0, 'low': 190.0, 'high': 210.0, 'relative': 0.05}}}
    """
    methods = sorted({interval.method for interval in figures.values()})
    if len(methods) > 1:
        raise OptionError(f"figures: intervals of one method expected, got {', '.join(methods)}")
    out: dict[str, dict[str, float | None]] = {}
    for key, interval in figures.items():
        relative: float | None = interval.relative
        if relative is None or not math.isfinite(relative):
            relative = 0.0 if interval.half_width == 0 else None
        out[key] = {"value": interval.value, "low": interval.low, "high": interval.high, "relative": relative}
    return {"method": methods[0] if methods else "approach1", "level": 0.95, "figures": out}
