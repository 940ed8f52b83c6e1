"""Reduction targets (GHG Protocol, SBTi): their linear paths, presets, specs and coverage checks.

A :class:`Target` reduces the emissions of some scope keys (see
:mod:`ghgcore.figures`) by a percentage between a base year and a target
year. Its *path* is the straight line from the base-year value to the end
value: the most that each year may emit and still be on track.

A target is written as a *spec*, on the command line or in a plan: a preset
name, optionally with overrides (``sbti-1.5;year=2032``), or its settings
(``scopes=1+2;reduction=42;year=2030``). Keys are ``name``, ``scopes``,
``reduction`` (percent), ``year`` (the target year), ``base`` (the base
year), ``kind`` (``absolute`` or ``intensity``) and ``metric`` (what an
intensity target is per: ``employees``, ``revenue``).

The presets (:data:`PRESETS`):

==================== =========== ============================================ ===========
preset               scopes      reduction                                    target year
==================== =========== ============================================ ===========
``sbti-1.5``         1+2         4.2 % of base-year emissions a year (linear) 2030
``sbti-wb2c``        1+2         2.5 % of base-year emissions a year (linear) 2030
``fossil-free-2030`` 1_fossil    100 %                                        2030
``dk-70-2030``       1+2+3       70 %                                         2030
==================== =========== ============================================ ===========

Sources: SBTi Corporate Near-Term Criteria (version 5.x) and the SBTi
Corporate Net-Zero Standard: absolute contraction targets for scope 1 and 2
reduce at least 4.2 % of base-year emissions a year to be aligned with
1.5 °C, and 2.5 % a year for well-below 2 °C (the minimum for scope 1 and 2
before July 2022, and for scope 3 targets); Klimapartnere's challenge to
its members, fossil-free direct emissions by 2030; Denmark's Climate Act
(Klimaloven, lov nr. 965 of 26 June 2020), 70 % below 1990 by 2030,
applied here to the organisation's base year.

>>> t = parse_target("sbti-1.5", base_year=2019)
>>> t.scopes, t.reduction_percent, t.target_year
(('1', '2_market'), 46.2, 2030)
>>> round(t.allowed(2025, base_value=1000.0), 6)
748.0
>>> format_target(t)
'sbti-1.5;base=2019'
"""

from __future__ import annotations

import math
import numbers
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, NoReturn, cast

import attrs
import numpy as np

from ghgcore.errors import OptionError, PlanError
from ghgcore.figures import CATEGORY_KEYS, parse_scopes, select

__all__ = [
    "KINDS",
    "PRESETS",
    "Preset",
    "Target",
    "coverage_warnings",
    "format_target",
    "parse_target",
    "target_from_dict",
    "target_to_dict",
]

Kind = Literal["absolute", "intensity"]
#: What a target reduces: absolute kg CO2e, or kg CO2e per unit of a metric.
KINDS: tuple[Kind, ...] = ("absolute", "intensity")
#: The years a target may name: four digits, as ``year=`` and ``base=`` are written.
_MIN_YEAR, _MAX_YEAR = 1000, 9999
_EXPECT_YEAR = "a 4-digit year such as 2030"
_EXPECT_REDUCTION = "a percentage such as 42"
_EXPECT_RANGE = "a percentage above 0 and at most 100"
#: The keys of a spec, in the order format_target writes them.
_KEYS = ("scopes", "reduction", "year", "base", "kind", "metric", "name")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*%?")
_YEAR = re.compile(r"[0-9]{4}")
#: SBTi's minimum coverage: of scope 1 + 2 by absolute targets, and of scope 3 when it is a large part.
_SCOPE12_COVERAGE = 95.0
_SCOPE3_SHARE = 40.0
_SCOPE3_COVERAGE = 67.0


# --------------------------------------------------------------------------
# converters


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise OptionError(f"{field} {value!r}: expected text")
    text = value.strip()
    if not text:
        raise OptionError(f"{field}: expected a non-empty text")
    if ";" in text:
        raise OptionError(f"{field} {text!r}: cannot hold ';' (it separates the settings of a target spec)")
    return text


def _name(value: Any) -> str:
    return _text(value, "name")


def _optional_metric(value: Any) -> str | None:
    return None if value is None else _text(value, "metric")


def _scopes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return parse_scopes(value)
    tokens = tuple(value) if isinstance(value, Iterable) else None
    if tokens is None or not all(isinstance(token, str) for token in tokens):
        raise OptionError(f"scopes {value!r}: expected text such as 1+2, or a list of scope keys")
    return parse_scopes(tokens)


def _year(value: Any, field: str) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        year = operator.index(value)
    except TypeError:
        raise OptionError(f"{field} {value!r}: expected {_EXPECT_YEAR}") from None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise OptionError(f"{field} {year}: expected {_EXPECT_YEAR}")
    return year


def _target_year(value: Any) -> int:
    return _year(value, "target year")


def _optional_base_year(value: Any) -> int | None:
    return None if value is None else _year(value, "base year")


def _reduction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise OptionError(f"reduction {value!r}: expected {_EXPECT_REDUCTION}")
    number = float(value)
    if not (math.isfinite(number) and 0.0 < number <= 100.0):
        raise OptionError(f"reduction {value!r}: expected {_EXPECT_RANGE}")
    return number


def _kind(value: Any) -> Kind:
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in KINDS:
        raise OptionError(f"kind {value!r}: expected absolute or intensity")
    return cast("Kind", text)


def _optional_preset(value: Any) -> str | None:
    if value is None:
        return None
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in PRESETS:
        raise OptionError(f"preset {value!r}: expected one of {', '.join(PRESETS)}")
    return cast("str", text)


def _finite(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what}: expected a finite number, got {value!r}")
    return number


def _number_text(value: float) -> str:
    """The shortest text that reads back as `value`: ``42``, ``46.2``, ``1e-05``."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _scopes_text(scopes: Sequence[str]) -> str:
    """Scope keys as ``1+2`` text that :func:`~ghgcore.figures.parse_scopes` reads back."""
    return "+".join("2" if key == "2_market" else key for key in scopes)


# --------------------------------------------------------------------------
# the target


@attrs.frozen
class Target:
    """A reduction target: some scopes' emissions reduced by a percentage from a base year to a target year.

    Parameters
    ----------
    name : str
        What reports call it (no ``;``, which separates a spec's settings).
    scopes : str or sequence of str
        The scope keys it covers (:data:`ghgcore.figures.FIGURE_KEYS`), as
        ``1+2`` text or a sequence, normalised by
        :func:`ghgcore.figures.parse_scopes`.
    target_year : int
    reduction_percent : float
        The reduction by the target year, above 0 and at most 100.
    base_year : int, optional
        ``None``: the organisation's base year, filled in later with
        :meth:`with_base_year`.
    kind : {"absolute", "intensity"}, default "absolute"
        An intensity target reduces kg CO2e per unit of `metric`.
    metric : str, optional
        Required for (and only for) an intensity target: ``employees``, ``revenue``.
    preset : str, optional
        The preset (:data:`PRESETS`) it came from.

    Raises
    ------
    OptionError
        A setting out of range, a target year not after the base year, an
        intensity target without a metric or an absolute one with one.

    Examples
    --------
    >>> t = Target("cut 1+2", "1+2", 2030, 50, base_year=2020)
    >>> t.scopes
    ('1', '2_market')
    >>> t.allowed(2025, 1000.0), t.allowed(2035, 1000.0), t.allowed(2019, 1000.0)
    (750.0, 500.0, None)
    >>> t.on_track(700.0, 1000.0, 2025)
    True
    >>> Target("x", "1", 2030, 50, base_year=2030)
    Traceback (most recent call last):
    ...
    ghgcore.errors.OptionError: target year 2030 is not after the base year 2030
    """

    name: str = attrs.field(converter=_name)
    scopes: tuple[str, ...] = attrs.field(converter=_scopes)
    target_year: int = attrs.field(converter=_target_year)
    reduction_percent: float = attrs.field(converter=_reduction)
    base_year: int | None = attrs.field(default=None, converter=_optional_base_year, kw_only=True)
    kind: Kind = attrs.field(default="absolute", converter=_kind, kw_only=True)
    metric: str | None = attrs.field(default=None, converter=_optional_metric, kw_only=True)
    preset: str | None = attrs.field(default=None, converter=_optional_preset, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.base_year is not None and self.target_year <= self.base_year:
            raise OptionError(f"target year {self.target_year} is not after the base year {self.base_year}")
        if self.kind == "intensity" and self.metric is None:
            raise OptionError(
                "an intensity target needs the metric it is per (metric=employees, metric=revenue)"
            )
        if self.kind == "absolute" and self.metric is not None:
            raise OptionError(f"metric {self.metric!r} is for intensity targets; this one is absolute")

    def with_base_year(self, year: int) -> Target:
        """The target with its base year filled in: `year` if it has none, else unchanged.

        Raises
        ------
        OptionError
            A `year` that is not a 4-digit year, or not before the target year.

        Examples
        --------
        >>> t = Target("half", "1", 2030, 50)
        >>> t.with_base_year(2019).base_year, t.with_base_year(2019).with_base_year(2020).base_year
        (2019, 2019)
        """
        if self.base_year is not None:
            return self
        return attrs.evolve(self, base_year=year)

    def _base(self) -> int:
        if self.base_year is None:
            raise OptionError(
                f"target {self.name!r} has no base year yet; fill in the organisation's with with_base_year"
            )
        return self.base_year

    def end_value(self, base_value: float) -> float:
        """What the target allows from the target year on: ``base_value × (1 − reduction/100)``."""
        return _finite(base_value, "base_value") * (1.0 - self.reduction_percent / 100.0)

    def allowed(self, year: int, base_value: float) -> float | None:
        """The most the target allows in `year`, on the straight line from `base_value` to the end value.

        ``base_value × (1 − reduction/100 × (year − base)/(target − base))``
        between the base and the target year; the end value after the
        target year; ``None`` before the base year. For an intensity target,
        `base_value` and the result are kg CO2e per unit of the metric.

        Raises
        ------
        OptionError
            The target has no base year yet (see :meth:`with_base_year`).
        ValueError
            A `base_value` that is not a finite number.
        """
        base = self._base()
        value = _finite(base_value, "base_value")
        if year < base:
            return None
        fraction = min((year - base) / (self.target_year - base), 1.0)
        return value * (1.0 - self.reduction_percent / 100.0 * fraction)

    def path(self, base_value: float, years: Iterable[int]) -> dict[int, float]:
        """The allowed value of each year of `years` from the base year on, and of the base and target years.

        Years before the base year are left out; the years come in order.

        Examples
        --------
        >>> Target("half", "1", 2030, 50, base_year=2020).path(100.0, [2019, 2022, 2031])
        {2020: 100.0, 2022: 90.0, 2030: 50.0, 2031: 50.0}
        """
        base = self._base()
        value = _finite(base_value, "base_value")
        asked = np.fromiter(years, dtype=np.int64)
        chosen = np.unique(np.concatenate([asked, np.array([base, self.target_year], dtype=np.int64)]))
        chosen = chosen[chosen >= base]
        fraction = np.minimum((chosen - base) / (self.target_year - base), 1.0)
        allowed = value * (1.0 - self.reduction_percent / 100.0 * fraction)
        return dict(zip(chosen.tolist(), allowed.tolist(), strict=True))

    def on_track(self, actual: float, base_value: float, year: int) -> bool | None:
        """Whether `actual` is at most what the target allows in `year` (``None`` before the base year).

        A margin of float rounding (1e-9 of the base value) is allowed, so
        that an actual exactly on the path is on track.
        """
        allowed = self.allowed(year, base_value)
        if allowed is None:
            return None
        return _finite(actual, "actual") <= allowed + 1e-9 * abs(float(base_value))


# --------------------------------------------------------------------------
# presets


@attrs.frozen
class Preset:
    """A named target: scopes, a default target year, and a fixed reduction or a yearly rate.

    Attributes
    ----------
    name : str
    scopes : tuple of str
    target_year : int
        The default target year (``year=`` overrides it).
    description : str
    source : str
        Where the ambition comes from.
    reduction_percent : float, optional
        A fixed reduction by the target year.
    annual_rate : float, optional
        Percent of base-year emissions a year (linear): the reduction is
        ``min(100, rate × (target year − base year))``.
    """

    name: str
    scopes: tuple[str, ...]
    target_year: int
    description: str
    source: str
    reduction_percent: float | None = None
    annual_rate: float | None = None

    def reduction(self, base_year: int | None, target_year: int) -> float | None:
        """The reduction for these years; ``None`` for a yearly rate without a base year.

        Examples
        --------
        >>> PRESETS["sbti-wb2c"].reduction(2019, 2030), PRESETS["sbti-1.5"].reduction(2000, 2030)
        (27.5, 100.0)
        """
        if self.annual_rate is None:
            return self.reduction_percent
        if base_year is None:
            return None
        # rounded to 9 decimals, so that 4.2 × 7 is 29.4 and not 29.400000000000002
        return min(100.0, round(self.annual_rate * (target_year - base_year), 9))


_SBTI = (
    "SBTi Corporate Near-Term Criteria (v5) and Corporate Net-Zero Standard: "
    "absolute contraction, linear reduction of base-year scope 1 and 2 emissions"
)
#: The target presets by name.
PRESETS: dict[str, Preset] = {
    "sbti-1.5": Preset(
        "sbti-1.5",
        ("1", "2_market"),
        2030,
        "scope 1 and 2 (market-based), 4.2 % of base-year emissions a year: aligned with 1.5 °C",
        f"{_SBTI}; 4.2 % a year is the minimum ambition for 1.5 °C",
        annual_rate=4.2,
    ),
    "sbti-wb2c": Preset(
        "sbti-wb2c",
        ("1", "2_market"),
        2030,
        "scope 1 and 2 (market-based), 2.5 % of base-year emissions a year: well below 2 °C",
        f"{_SBTI}; 2.5 % a year is the well-below-2 °C ambition (the scope 1 and 2 minimum before "
        "July 2022, and the scope 3 minimum)",
        annual_rate=2.5,
    ),
    "fossil-free-2030": Preset(
        "fossil-free-2030",
        ("1_fossil",),
        2030,
        "no fossil CO2 from scope 1 (fuels burnt) by 2030",
        "Klimapartnere's challenge to its members: fossil-free direct emissions by 2030",
        reduction_percent=100.0,
    ),
    "dk-70-2030": Preset(
        "dk-70-2030",
        ("1", "2_market", "3"),
        2030,
        "scope 1, 2 and 3 down 70 % by 2030 from the base year",
        "Denmark's Climate Act (Klimaloven, lov nr. 965 of 26 June 2020): 70 % below 1990 by 2030, "
        "applied to the organisation's base year",
        reduction_percent=70.0,
    ),
}


# --------------------------------------------------------------------------
# specs


def _default_name(scopes: Sequence[str], reduction: float, year: int, metric: str | None) -> str:
    per = f" per {metric}" if metric is not None else ""
    return f"{_scopes_text(scopes)}{per} -{_number_text(reduction)}% by {year}"


def parse_target(spec: str, *, base_year: int | None = None) -> Target:
    """A target from its spec: a preset, with overrides, or ``scopes=...;reduction=...;year=...``.

    Parameters
    ----------
    spec : str
        A preset name (:data:`PRESETS`) optionally followed by overrides
        (``sbti-1.5;year=2032``), or the settings
        ``scopes=1+2;reduction=42;year=2030`` with optionally ``base=2019``,
        ``name=...`` and ``kind=intensity;metric=employees``. Settings are
        separated by ``;``; keys and preset names are case-insensitive,
        white space around them is ignored.
    base_year : int, optional
        The organisation's base year, for a spec without ``base=``: it is
        recorded on the target. Without either, the target's base year is
        ``None`` (see :meth:`Target.with_base_year`), and the SBTi presets,
        whose reduction grows with the years from the base year, need
        ``reduction=``.

    Returns
    -------
    Target
        Named after the preset, or like ``1+2 -42% by 2030``, unless ``name=`` says.

    Raises
    ------
    OptionError
        Naming the spec, the key or value at fault and what was expected:
        an unknown preset or key, a key given twice, a missing one, a
        reduction outside (0, 100], a year that is not 4 digits, a target
        year not after the base year.

    Examples
    --------
    >>> parse_target("scopes=1+2; reduction=42; year=2030").name
    '1+2 -42% by 2030'
    >>> parse_target("SBTi-1.5; Year=2032", base_year=2020).reduction_percent
    50.4
    >>> parse_target("scopes=1+2;reduction=x;year=2030")
    Traceback (most recent call last):
    ...
    ghgcore.errors.OptionError: target 'scopes=1+2;reduction=x;year=2030': reduction 'x': expected a percentage such as 42
    """

    def fail(what: str) -> NoReturn:
        raise OptionError(f"target {spec!r}: {what}") from None

    parts = [part.strip() for part in str(spec).split(";")]
    parts = [part for part in parts if part]
    expected = f"a preset ({', '.join(PRESETS)}) or scopes=...;reduction=...;year=..."
    if not parts:
        fail(f"expected {expected}")
    preset: Preset | None = None
    if "=" not in parts[0]:
        preset = PRESETS.get(parts[0].lower())
        if preset is None:
            fail(f"unknown preset {parts[0]!r}; expected {expected}")
        parts = parts[1:]
    values: dict[str, str] = {}
    for part in parts:
        key, equals, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not equals:
            fail(f"{part!r}: expected key=value, with a key among {', '.join(_KEYS)} (a preset comes first)")
        if key not in _KEYS:
            fail(f"unknown key {key!r}; expected {', '.join(_KEYS)}")
        if key in values:
            fail(f"{key} given twice")
        if not value:
            fail(f"{key}: no value")
        values[key] = value
    if preset is None:
        missing = [key for key in ("scopes", "reduction", "year") if key not in values]
        if missing:
            fail(f"missing {', '.join(missing)}; expected {expected}")

    try:
        scopes = parse_scopes(values["scopes"]) if "scopes" in values else cast("Preset", preset).scopes
    except OptionError as e:
        fail(str(e))
    year = (
        _spec_year(values["year"], "year", fail) if "year" in values else cast("Preset", preset).target_year
    )
    if "base" in values:
        base: int | None = _spec_year(values["base"], "base", fail)
    else:
        try:
            base = _optional_base_year(base_year)
        except OptionError as e:
            fail(str(e))
    if base is not None and year <= base:
        fail(f"target year {year} is not after the base year {base}")
    if "reduction" in values:
        text = values["reduction"]
        if not _NUMBER.fullmatch(text):
            fail(f"reduction {text!r}: expected {_EXPECT_REDUCTION}")
        reduction: float | None = float(text.rstrip("%").strip())
        if not 0.0 < cast("float", reduction) <= 100.0:
            fail(f"reduction {text!r}: expected {_EXPECT_RANGE}")
    else:
        preset = cast("Preset", preset)
        reduction = preset.reduction(base, year)
        if reduction is None:
            fail(
                f"{preset.name} reduces {_number_text(cast('float', preset.annual_rate))} % of base-year "
                "emissions a year: give the base year (base=2019) or the reduction (reduction=42)"
            )
    metric = values.get("metric")
    try:
        kind = _kind(values.get("kind", "absolute"))
        if preset is not None and "name" not in values:
            name = preset.name
        else:
            name = values.get("name") or _default_name(scopes, cast("float", reduction), year, metric)
        return Target(
            name,
            scopes,
            year,
            cast("float", reduction),
            base_year=base,
            kind=kind,
            metric=metric,
            preset=None if preset is None else preset.name,
        )
    except OptionError as e:
        fail(str(e))


def _spec_year(text: str, key: str, fail: Callable[[str], NoReturn]) -> int:
    if not _YEAR.fullmatch(text):
        fail(f"{key} {text!r}: expected {_EXPECT_YEAR}")
    return int(text)


def format_target(target: Target) -> str:
    """The spec of `target`: :func:`parse_target` reads it back to an equal target.

    A target from a preset is written as the preset with the settings
    that differ from it.

    Examples
    --------
    >>> format_target(Target("1+2 -42% by 2030", "1+2", 2030, 42))
    'scopes=1+2;reduction=42;year=2030'
    >>> format_target(parse_target("dk-70-2030;year=2035;name=Klimaloven"))
    'dk-70-2030;year=2035;name=Klimaloven'
    """
    pairs: list[tuple[str, str]] = []
    preset = PRESETS[target.preset] if target.preset is not None else None
    if preset is None or target.scopes != preset.scopes:
        pairs.append(("scopes", _scopes_text(target.scopes)))
    if preset is None or target.reduction_percent != preset.reduction(target.base_year, target.target_year):
        pairs.append(("reduction", _number_text(target.reduction_percent)))
    if preset is None or target.target_year != preset.target_year:
        pairs.append(("year", str(target.target_year)))
    if target.base_year is not None:
        pairs.append(("base", str(target.base_year)))
    if target.kind != "absolute":
        pairs += [("kind", target.kind), ("metric", cast("str", target.metric))]
    default = (
        preset.name
        if preset is not None
        else _default_name(target.scopes, target.reduction_percent, target.target_year, target.metric)
    )
    if target.name != default:
        pairs.append(("name", target.name))
    settings = [f"{key}={value}" for key, value in pairs]
    return ";".join([preset.name, *settings] if preset is not None else settings)


# --------------------------------------------------------------------------
# storage


_DICT_KEYS = ("name", "scopes", "base_year", "target_year", "reduction_percent", "kind", "metric", "preset")


def target_to_dict(target: Target) -> dict[str, Any]:
    """A plain dict of `target` that JSON and TOML can hold (``None`` where a setting is unset).

    Examples
    --------
    >>> target_to_dict(Target("half", "1+2", 2030, 50))
    {'name': 'half', 'scopes': ['1', '2_market'], 'base_year': None, 'target_year': 2030, 'reduction_percent': 50.0, 'kind': 'absolute', 'metric': None, 'preset': None}
    """
    return {
        "name": target.name,
        "scopes": list(target.scopes),
        "base_year": target.base_year,
        "target_year": target.target_year,
        "reduction_percent": target.reduction_percent,
        "kind": target.kind,
        "metric": target.metric,
        "preset": target.preset,
    }


def target_from_dict(data: Mapping[str, Any]) -> Target:
    """The target of :func:`target_to_dict`'s dict.

    ``name``, ``scopes``, ``target_year`` and ``reduction_percent`` are
    required; ``base_year``, ``kind``, ``metric`` and ``preset`` may be left
    out (or ``None``).

    Raises
    ------
    PlanError
        Not a mapping, an unknown or missing key, or a value that is not a
        valid setting (the message names it and what was expected).

    Examples
    --------
    >>> target_from_dict({"name": "half", "scopes": ["1"], "target_year": 2030, "reduction_percent": 50})
    Target(name='half', scopes=('1',), target_year=2030, reduction_percent=50.0, base_year=None, kind='absolute', metric=None, preset=None)
    >>> target_from_dict({"name": "half", "scopes": "1", "target_year": 2030, "reduction_percent": 500})
    Traceback (most recent call last):
    ...
    ghgcore.errors.PlanError: target 'half': reduction 500: expected a percentage above 0 and at most 100
    """
    if not isinstance(data, Mapping):
        raise PlanError(f"target: expected a table of {', '.join(_DICT_KEYS)}, got {type(data).__name__}")
    label = f"target {data['name']!r}" if isinstance(data.get("name"), str) else "target"
    unknown = sorted(str(key) for key in data if key not in _DICT_KEYS)
    if unknown:
        raise PlanError(f"{label}: unknown field(s) {', '.join(unknown)}; expected {', '.join(_DICT_KEYS)}")
    missing = [key for key in ("name", "scopes", "target_year", "reduction_percent") if data.get(key) is None]
    if missing:
        raise PlanError(f"{label}: missing {', '.join(missing)}")
    try:
        return Target(
            data["name"],
            data["scopes"],
            data["target_year"],
            data["reduction_percent"],
            base_year=data.get("base_year"),
            kind=data["kind"] if data.get("kind") is not None else "absolute",
            metric=data.get("metric"),
            preset=data.get("preset"),
        )
    except OptionError as e:
        raise PlanError(f"{label}: {e}") from None


# --------------------------------------------------------------------------
# coverage


def _floor_percent(part: float, whole: float) -> str:
    """``part`` as a percentage of ``whole``, rounded down to 0.1, so that 94.96 % never reads as 95.0 %."""
    return f"{math.floor(part / whole * 1000.0) / 10.0:.1f} %"


def coverage_warnings(targets: Sequence[Target], figures_of_base_year: Mapping[str, float]) -> list[str]:
    """SBTi's coverage checks of a set of targets against the base year's figures, as sentences.

    - Absolute targets together cover at least 95 % of the base year's
      scope 1 + scope 2 emissions (market-based; location-based if the
      targets name only that basis). Intensity targets are not counted.
    - When scope 3 is 40 % or more of scope 1 + 2 + 3, targets (absolute or
      intensity) on scope 3 or its categories cover at least 67 % of it.

    Nothing is raised: each failed check is one sentence with its numbers,
    and an empty list means that both checks pass.

    Parameters
    ----------
    targets : sequence of Target
    figures_of_base_year : Mapping[str, float]
        The base year's figures by scope key (a missing key counts 0).

    Examples
    --------
    >>> base = {"1": 60.0, "2_market": 40.0, "3": 300.0, "3.1": 150.0, "3.6": 50.0}
    >>> for warning in coverage_warnings([Target("s1", "1", 2030, 50), Target("travel", "3.6", 2030, 30)], base):
    ...     print(warning)
    absolute targets cover 60 of the base year's 100 kg CO2e in scope 1 and 2 (market-based), 60.0 %: SBTi asks for at least 95 %
    scope 3 is 75.0 % of the base year's scope 1, 2 and 3 emissions (40 % or more), and targets cover 50 of its 300 kg CO2e, 16.6 %: SBTi asks scope 3 targets to cover at least 67 %
    >>> coverage_warnings([Target("s12", "1+2", 2030, 50), Target("s3", "3", 2030, 30)], base)
    []
    """
    if not targets:
        return ["no targets are set: SBTi asks for targets covering at least 95 % of scope 1 and 2"]
    out: list[str] = []
    absolute = {key for t in targets if t.kind == "absolute" for key in t.scopes}
    basis = "location" if "2_location" in absolute and "2_market" not in absolute else "market"
    scope1 = select(figures_of_base_year, ("1",))
    scope2 = select(figures_of_base_year, (f"2_{basis}",))
    scope3 = select(figures_of_base_year, ("3",))
    whole = scope1 + scope2
    covered = (
        scope1
        if "1" in absolute
        else select(figures_of_base_year, ("1_fossil",))
        if "1_fossil" in absolute
        else 0.0
    ) + (scope2 if absolute & {"2_market", "2_location"} else 0.0)
    if whole > 0 and covered / whole * 100.0 < _SCOPE12_COVERAGE:
        intensity = any(
            t.kind == "intensity" and {"1", "1_fossil", "2_market", "2_location"} & set(t.scopes)
            for t in targets
        )
        out.append(
            f"absolute targets cover {covered:,.0f} of the base year's {whole:,.0f} kg CO2e in scope 1 and 2 "
            f"({basis}-based), {_floor_percent(covered, whole)}: SBTi asks for at least "
            f"{_SCOPE12_COVERAGE:.0f} %" + (" (intensity targets are not counted)" if intensity else "")
        )
    total = whole + scope3
    if total > 0 and scope3 > 0 and scope3 / total * 100.0 >= _SCOPE3_SHARE:
        named = {key for t in targets for key in t.scopes}
        covered3 = (
            scope3 if "3" in named else select(figures_of_base_year, [k for k in CATEGORY_KEYS if k in named])
        )
        if covered3 / scope3 * 100.0 < _SCOPE3_COVERAGE:
            out.append(
                f"scope 3 is {_floor_percent(scope3, total)} of the base year's scope 1, 2 and 3 emissions "
                f"({_SCOPE3_SHARE:.0f} % or more), and targets cover {covered3:,.0f} of its {scope3:,.0f} "
                f"kg CO2e, {_floor_percent(covered3, scope3)}: SBTi asks scope 3 targets to cover at least "
                f"{_SCOPE3_COVERAGE:.0f} %"
            )
    return out
