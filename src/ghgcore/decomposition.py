"""A year-over-year change in emissions explained by cause: activity, emission factors, structure (LMDI).

The lines of two years are grouped by a key (an activity and its unit, say),
each group with its activity ``A`` (in its factor's unit) and emissions
``E`` (kg CO2e) in year 0 and year 1. With the intensity ``I = E / A`` and
the logarithmic mean ``L(a, b) = (a − b) / (ln a − ln b)`` (``L(a, a) = a``),
the additive LMDI-I decomposition (Ang 2004, 2005) splits each group's
change exactly::

    E1 − E0 = L(E1, E0) · ln(A1 / A0)  +  L(E1, E0) · ln(I1 / I0)
              activity term               factor (intensity) term

The groups' terms are summed. The cases where the logarithms are not
defined are handled explicitly, group by group:

==================================================== ==================================
group                                                its whole change goes to
==================================================== ==================================
E = 0 in both years                                  nothing (both terms 0)
A ≠ 0 in both years with the same sign, and E ≠ 0    LMDI, on absolute values (below)
in both years with the same sign
A ≠ 0 in both years with the same sign, and E = 0    the factor term (a zero-emission
in exactly one year                                  contract, a fuel switched to one
                                                     without emissions: Ang & Liu 2007's
                                                     limit for a zero intensity)
anything else: A = 0 in one year (a new or ended     the activity term
activity), A = 0 in both, or A or E changing sign
==================================================== ==================================

Negative amounts and emissions (returns, credits) are decomposed on
absolute values when the signs agree in both years, with the sign put
back: ``E1 − E0 = s · (|E1| − |E0|)`` (Ang & Liu 2007, negative values).

*Structural* changes (acquisitions, divestments, outsourcing dated in year
1) are not in the lines' data: the caller gives their effect in kg CO2e,
from the recorded events, and it is taken out of the activity term, so that
``activity + factor + structural`` is still the total change.

The terms are mapped to CDP's reasons for change (C7.9a,
:data:`CDP_REASONS`) by :meth:`Decomposition.reasons`: the activity term is
"Change in output" and the factor term "Change in methodology" (new
emission factors or methods). What lies behind a factor change (renewable
electricity bought, a supplier's lower rate, a new edition of the factors)
cannot be told from two years' lines, so the factor term is not split
further here.

References: Ang, B.W. (2004), "Decomposition analysis for policymaking in
energy: which is the preferred method?", Energy Policy 32(9), 1131-1139;
Ang, B.W. (2005), "The LMDI approach to decomposition analysis: a practical
guide", Energy Policy 33(7), 867-871; Ang, B.W. and Liu, N. (2007),
"Handling zero values in the logarithmic mean Divisia index decomposition
approach", Energy Policy 35(1), 238-246, and "Negative-value problems of
the logarithmic mean Divisia index decomposition approach", Energy Policy
35(1), 739-742.

>>> d = decompose(["diesel"], [100.0], [250.0], ["diesel"], [200.0], [500.0])
>>> d.terms()
{'activity': 250.0, 'factor': 0.0, 'structural': 0.0}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["CDP_REASONS", "Decomposition", "Groups", "decompose"]

FloatArray = npt.NDArray[np.float64]

#: CDP's reasons for a change in emissions (questionnaire C7.9a), in CDP's spelling.
CDP_REASONS = (
    "Change in renewable energy consumption",
    "Other emissions reduction activities",
    "Divestment",
    "Acquisitions",
    "Mergers",
    "Change in output",
    "Change in methodology",
    "Change in boundary",
    "Change in physical operating conditions",
    "Unidentified",
    "Other",
)
_REASON = {reason.lower(): reason for reason in CDP_REASONS}
#: The reason a structural effect is reported under when the caller gives none.
_STRUCTURAL_REASON = "Change in boundary"
_ARRAY_EQ = attrs.cmp_using(eq=np.array_equal)


def _frozen_array(value: Any, dtype: Any) -> Any:
    array = np.array(value, dtype=dtype)
    array.flags.writeable = False
    return array


def _floats(value: Any) -> FloatArray:
    out: FloatArray = _frozen_array(value, np.float64)
    return out


def _strings(value: Any) -> npt.NDArray[np.str_]:
    out: npt.NDArray[np.str_] = _frozen_array(value, str)
    return out


@attrs.frozen
class Groups:
    """The decomposition group by group (read-only arrays in key order).

    Attributes
    ----------
    key : numpy.ndarray of str
    activity0, activity1 : numpy.ndarray of float
        The group's activity in each year.
    e0, e1 : numpy.ndarray of float
        The group's kg CO2e in each year.
    activity_term, factor_term : numpy.ndarray of float
        The group's change explained by activity and by the factor; they add
        up to ``e1 − e0``.
    """

    key: npt.NDArray[np.str_] = attrs.field(converter=_strings, eq=_ARRAY_EQ)
    activity0: FloatArray = attrs.field(converter=_floats, eq=_ARRAY_EQ)
    activity1: FloatArray = attrs.field(converter=_floats, eq=_ARRAY_EQ)
    e0: FloatArray = attrs.field(converter=_floats, eq=_ARRAY_EQ)
    e1: FloatArray = attrs.field(converter=_floats, eq=_ARRAY_EQ)
    activity_term: FloatArray = attrs.field(converter=_floats, eq=_ARRAY_EQ)
    factor_term: FloatArray = attrs.field(converter=_floats, eq=_ARRAY_EQ)

    def __len__(self) -> int:
        return int(self.key.size)


@attrs.frozen
class Decomposition:
    """A year-over-year change split into activity, factor and structural terms (kg CO2e).

    ``activity + factor + structural == total_change`` up to float rounding.

    Attributes
    ----------
    total0, total1 : float
        The groups' kg CO2e in year 0 and year 1.
    total_change : float
        ``total1 − total0``.
    activity : float
        The change from more or less activity (LMDI), less `structural`.
    factor : float
        The change from emissions per unit of activity (emission factors, methods).
    structural : float
        The effect of structural changes (acquisitions, divestments, outsourcing), as given.
    groups : Groups
    structural_reasons : tuple of (str, float)
        CDP reasons and their kg CO2e, adding up to `structural`.
    """

    total0: float
    total1: float
    total_change: float
    activity: float
    factor: float
    structural: float
    groups: Groups
    structural_reasons: tuple[tuple[str, float], ...] = ()

    def terms(self) -> dict[str, float]:
        """The three terms, which add up to :attr:`total_change`."""
        return {"activity": self.activity, "factor": self.factor, "structural": self.structural}

    def reasons(self) -> list[dict[str, Any]]:
        """The terms as CDP reasons for change (C7.9a), leaving out terms of 0 kg.

        Each entry is ``{"reason", "term", "kg_co2e", "percent"}``: the
        activity term is "Change in output", the factor term "Change in
        methodology", and the structural term is reported under the reasons
        it was given with (or "Change in boundary" when none were given).
        ``percent`` is the change as a percentage of year 0's emissions
        (their absolute value, so that its sign is the change's), ``None``
        when year 0 emitted nothing; kg and percent are negative for a
        decrease.

        Examples
        --------
        >>> d = decompose(["a"], [10.0], [100.0], ["a"], [10.0], [90.0], structural=5.0,
        ...               structural_reasons=[("Acquisitions", 5.0)])
        >>> [(r["reason"], r["kg_co2e"], r["percent"]) for r in d.reasons()]
        [('Change in output', -5.0, -5.0), ('Change in methodology', -10.0, -10.0), ('Acquisitions', 5.0, 5.0)]
        """
        base = abs(self.total0)
        entries = [
            ("Change in output", "activity", self.activity),
            ("Change in methodology", "factor", self.factor),
        ]
        given = self.structural_reasons or ((_STRUCTURAL_REASON, self.structural),)
        entries += [(reason, "structural", kg) for reason, kg in given]
        return [
            {
                "reason": reason,
                "term": term,
                "kg_co2e": kg,
                "percent": kg / base * 100.0 if base > 0 else None,
            }
            for reason, term, kg in entries
            if kg != 0
        ]


def _one_year(
    keys: Any, activity: Any, emissions: Any, year: int
) -> tuple[npt.NDArray[np.str_], FloatArray, FloatArray]:
    k = np.asarray(keys)
    if k.ndim != 1:
        raise ValueError(f"keys{year}: expected a 1-dimensional array of group keys, got shape {k.shape}")
    out = []
    for name, values in ((f"activity{year}", activity), (f"emissions{year}", emissions)):
        try:
            array = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{name}: expected numbers ({e})") from None
        if array.shape != k.shape:
            raise ValueError(
                f"{name}: expected {k.size} numbers, one per key of keys{year}, got shape {array.shape}"
            )
        bad = np.flatnonzero(~np.isfinite(array))
        if bad.size:
            more = f" (and {bad.size - 1} more)" if bad.size > 1 else ""
            raise ValueError(
                f"{name}[{int(bad[0])}] (key {str(k[bad[0]])!r}): expected a finite number, "
                f"got {float(array[bad[0]])!r}{more}"
            )
        out.append(array)
    return k.astype(str), out[0], out[1]


def _log_ratio(a: FloatArray, b: FloatArray) -> FloatArray:
    """``ln(a / b)`` for positive `a`, `b`, to a few units in the last place.

    ``log1p((a − b) / b)`` for close numbers (``a − b`` is then exact, so
    the logarithmic mean of nearly equal emissions keeps its precision),
    ``ln(a / b)`` for others, and ``ln a − ln b`` where the ratio is beyond
    float range.
    """
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        ratio = a / b
        relative = (a - b) / b
    close = np.abs(relative) <= 0.5
    normal = np.isfinite(ratio) & (ratio >= np.finfo(np.float64).tiny)
    out: FloatArray = np.where(
        close,
        np.log1p(np.where(close, relative, 0.0)),
        np.where(normal, np.log(np.where(normal, ratio, 1.0)), np.log(a) - np.log(b)),
    )
    return out


def _lmdi(a0: FloatArray, a1: FloatArray, e0: FloatArray, e1: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Each group's activity and factor terms, with the zero and sign cases of the module's table."""
    change = e1 - e0
    same_activity_sign = (a0 != 0) & (np.sign(a0) == np.sign(a1))
    both_zero = (e0 == 0) & (e1 == 0)
    lmdi = same_activity_sign & (e0 != 0) & (np.sign(e0) == np.sign(e1))
    factor_only = same_activity_sign & ((e0 == 0) != (e1 == 0))
    activity_only = ~(both_zero | lmdi | factor_only)
    activity: FloatArray = np.where(activity_only, change, 0.0)
    factor: FloatArray = np.where(factor_only, change, 0.0)

    at = np.flatnonzero(lmdi)
    x0, x1 = np.abs(e0[at]), np.abs(e1[at])
    sign = np.sign(e0[at])
    d_emissions = _log_ratio(x1, x0)
    d_activity = _log_ratio(np.abs(a1[at]), np.abs(a0[at]))
    moved = d_emissions != 0
    # L(x1, x0); where the logarithms cannot tell x1 from x0 (equal, or too close), L = x0
    mean = np.divide(x1 - x0, d_emissions, out=x0.copy(), where=moved)
    activity[at] = sign * mean * d_activity
    # the factor term as the rest of L·ln(E1/E0), so that the two add up to L·ln(E1/E0) = E1 − E0
    factor[at] = sign * mean * (d_emissions - d_activity)
    return activity, factor


def decompose(
    keys0: Sequence[str] | npt.ArrayLike,
    activity0: npt.ArrayLike,
    emissions0: npt.ArrayLike,
    keys1: Sequence[str] | npt.ArrayLike,
    activity1: npt.ArrayLike,
    emissions1: npt.ArrayLike,
    *,
    structural: float = 0.0,
    structural_reasons: Sequence[tuple[str, float]] = (),
) -> Decomposition:
    """Explain the change from year 0 to year 1 by activity, emission factors and structural changes.

    Parameters
    ----------
    keys0, activity0, emissions0 : array_like
        Year 0's lines: a group key each (converted to str), the activity
        in the factor's unit, and kg CO2e. Lines are summed by key first.
    keys1, activity1, emissions1 : array_like
        Year 1's lines.
    structural : float, default 0.0
        kg CO2e of structural changes (acquisitions, divestments, mergers,
        outsourcing) dated in year 1, from the recorded events; taken out
        of the activity term.
    structural_reasons : sequence of (str, float)
        CDP reasons (:data:`CDP_REASONS`, any case) with their kg CO2e, such
        as ``[("Acquisitions", 1200.0), ("Divestment", -300.0)]``; they
        must add up to `structural`.

    Returns
    -------
    Decomposition

    Raises
    ------
    ValueError
        Arrays of different lengths, a number that is not finite (naming
        its array and position), an unknown CDP reason, or reasons that do
        not add up to `structural`.

    Examples
    --------
    Diesel from 100 L (250 kg) to 120 L (288 kg, a lower factor);
    electricity unchanged at 1000 kWh, its emissions halved:

    >>> d = decompose(["diesel", "power"], [100.0, 1000.0], [250.0, 100.0],
    ...               ["diesel", "power"], [120.0, 1000.0], [288.0, 50.0])
    >>> round(d.total_change, 6), round(d.activity, 3), round(d.factor, 3)
    (-12.0, 48.963, -60.963)
    >>> d.groups.key.tolist(), d.groups.factor_term.round(3).tolist()
    (['diesel', 'power'], [-10.963, -50.0])
    """
    k0, a0, e0 = _one_year(keys0, activity0, emissions0, 0)
    k1, a1, e1 = _one_year(keys1, activity1, emissions1, 1)
    structural = float(structural)
    if not math.isfinite(structural):
        raise ValueError(f"structural: expected a finite number of kg CO2e, got {structural!r}")
    reasons = _reasons(structural_reasons, structural)

    unique, inverse = np.unique(np.concatenate([k0, k1]), return_inverse=True)
    inverse = inverse.reshape(-1)
    n, m = k0.size, unique.size
    group_a0 = np.bincount(inverse[:n], weights=a0, minlength=m).astype(np.float64)
    group_a1 = np.bincount(inverse[n:], weights=a1, minlength=m).astype(np.float64)
    group_e0 = np.bincount(inverse[:n], weights=e0, minlength=m).astype(np.float64)
    group_e1 = np.bincount(inverse[n:], weights=e1, minlength=m).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        activity, factor = _lmdi(group_a0, group_a1, group_e0, group_e1)
    columns = (group_a0, group_a1, group_e0, group_e1, activity, factor, group_e1 - group_e0)
    if not all(np.isfinite(column).all() for column in columns):
        raise ValueError("the groups' sums or changes are too large to decompose (beyond float range)")

    total0 = math.fsum(group_e0.tolist())
    total1 = math.fsum(group_e1.tolist())
    return Decomposition(
        total0=total0,
        total1=total1,
        total_change=math.fsum([*group_e1.tolist(), *(-group_e0).tolist()]),
        activity=math.fsum(activity.tolist()) - structural,
        factor=math.fsum(factor.tolist()),
        structural=structural,
        groups=Groups(unique, group_a0, group_a1, group_e0, group_e1, activity, factor),
        structural_reasons=reasons,
    )


def _reasons(given: Sequence[tuple[str, float]], structural: float) -> tuple[tuple[str, float], ...]:
    """The structural reasons in CDP's spelling, checked to be CDP's and to add up to `structural`."""
    out = []
    for at, item in enumerate(given):
        try:
            reason, kg = item
        except (TypeError, ValueError):
            raise ValueError(
                f"structural_reasons[{at}]: expected a (CDP reason, kg CO2e) pair, got {item!r}"
            ) from None
        canonical = _REASON.get(str(reason).strip().lower())
        if canonical is None:
            raise ValueError(
                f"structural_reasons[{at}]: {reason!r} is not a CDP reason; expected one of {', '.join(CDP_REASONS)}"
            )
        number = float(kg)
        if not math.isfinite(number):
            raise ValueError(f"structural_reasons[{at}] ({canonical}): expected a finite kg CO2e, got {kg!r}")
        out.append((canonical, number))
    if out:
        total = math.fsum(kg for _, kg in out)
        scale = max(abs(structural), math.fsum(abs(kg) for _, kg in out))
        if abs(total - structural) > 1e-9 * scale:
            raise ValueError(
                f"structural_reasons add up to {total!r} kg CO2e, but structural is {structural!r}; they must agree"
            )
    return tuple(out)
