"""Emission factors: one value object, and the columnar factor set.

An :class:`EmissionFactor` is the mass of each gas emitted per unit of an
activity, with where and when it applies and where it comes from. A
:class:`FactorSet` holds many as columns, with a name, a version and a sha256
of its content; build one from factors, from long-format records, a pandas
DataFrame or the factors CSV format, so that users bring their own factors
without writing a package.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._reference import read_reference_csv
from ghgcore.activities import (
    _key,
    _optional_category,
    _optional_region,
    _optional_scope,
    _optional_text,
    _optional_year,
)
from ghgcore.errors import FactorSetError, LineIssue
from ghgcore.gases import UnknownGasError, known_gases, normalize_gas
from ghgcore.units import UnitError, conversion_factor, currency_of, dimensionality, parse_unit

__all__ = ["FACTOR_COLUMNS", "METHODS", "EmissionFactor", "FactorSet"]

#: Scope 2 accounting methods a factor can be for.
METHODS = ("location", "market")
#: The columns of the factors CSV format, required ones first.
FACTOR_COLUMNS = (
    "activity", "unit", "gas", "value", "value_unit", "source",
    "region", "year", "scope", "category", "method", "licence", "price_year", "id",
)  # fmt: skip
_REQUIRED = FACTOR_COLUMNS[:6]
_GROUP_KEY = ("activity", "unit", "region", "year", "method")
_PER_FACTOR = ("source", "scope", "category", "licence", "price_year", "id")


def _gases(value: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for gas, amount in dict(value).items():
        name = normalize_gas(gas)
        if name in out:
            raise ValueError(f"gas {name} given twice")
        number = float(amount)
        if not math.isfinite(number):
            raise ValueError(f"{name}: expected a finite number, got {amount!r}")
        out[name] = number
    if not out:
        raise ValueError("expected at least one gas")
    order = {g: i for i, g in enumerate(known_gases())}
    return dict(sorted(out.items(), key=lambda item: order[item[0]]))


def _unit(value: Any) -> str:
    text = str(value).strip()
    parse_unit(text)
    return text


def _method(value: Any) -> str | None:
    text = _optional_text(value)
    if text is None:
        return None
    text = text.lower()
    if text not in METHODS:
        raise ValueError(f"method {value!r}: expected 'location', 'market' or nothing")
    return text


def parse_years(text: str) -> tuple[int | None, int | None]:
    """Parse a factor's validity: ``""``, ``"2023"``, ``"2020-2023"``, ``"2020-"`` or ``"-2023"``."""
    text = text.strip()
    if not text:
        return None, None
    match = re.fullmatch(r"(\d{4})?\s*(?:(-|–|\.\.)\s*(\d{4})?)?", text)
    if not match or not (match[1] or match[3]):
        raise ValueError(f"got {text!r}, expected a year such as 2023 or a range such as 2020-2023")
    start = int(match[1]) if match[1] else None
    end = int(match[3]) if match[3] else (start if not match[2] else None)
    if start is not None and end is not None and end < start:
        raise ValueError(f"got {text!r}: the range ends before it starts")
    return start, end


def format_years(start: int | None, end: int | None) -> str:
    """Inverse of :func:`parse_years`."""
    if start is None and end is None:
        return ""
    if start == end:
        return str(start)
    return f"{start or ''}-{end or ''}"


def _key_or_empty(value: Any) -> str:
    return str(value or "").strip()


@attrs.frozen
class EmissionFactor:
    """Per-gas emissions per unit of an activity, with its scope and pedigree.

    Parameters
    ----------
    activity : str
        The activity key the factor applies to.
    unit : str
        The unit of activity it is per (``"kWh"``, ``"L"``, ``"NOK"``).
    gases : Mapping[str, float]
        kg of each gas per `unit` (``{"CO2": 2.66, "CH4": 1e-5}``).
        ``CO2e`` for a factor its source gives only as CO2 equivalents.
    source : str
        Publisher, edition and table.
    region : str, optional
        ISO 3166 code or zone; ``None`` applies anywhere.
    valid_from, valid_to : int, optional
        First and last year it applies to (inclusive); ``None`` is open.
    scope : {1, 2, 3}, optional
    category : int, optional
        Scope 3 category 1-15.
    method : {"location", "market"}, optional
        Scope 2 only: location-based, or market-based (a residual mix or
        supplier rate).
    licence : str, optional
    price_year : int, optional
        For a factor per currency unit: the year of the prices.
    id : str, optional
        A stable identifier; by default built from the key fields.

    Examples
    --------
    >>> f = EmissionFactor("diesel", "L", {"CO2": 2.66, "N2O": 1.2e-4},
    ...                    source="Example, 2024, table 1", region="NO")
    >>> f.id
    'diesel|L|NO||'
    >>> f.currency is None
    True
    """

    activity: str = attrs.field(converter=_key)
    unit: str = attrs.field(converter=_unit)
    gases: Mapping[str, float] = attrs.field(converter=_gases, hash=False)
    source: str = attrs.field(converter=_key, kw_only=True)
    region: str | None = attrs.field(default=None, converter=_optional_region, kw_only=True)
    valid_from: int | None = attrs.field(default=None, converter=_optional_year, kw_only=True)
    valid_to: int | None = attrs.field(default=None, converter=_optional_year, kw_only=True)
    scope: int | None = attrs.field(default=None, converter=_optional_scope, kw_only=True)
    category: int | None = attrs.field(default=None, converter=_optional_category, kw_only=True)
    method: str | None = attrs.field(default=None, converter=_method, kw_only=True)
    licence: str | None = attrs.field(default=None, converter=_optional_text, kw_only=True)
    price_year: int | None = attrs.field(default=None, converter=_optional_year, kw_only=True)
    id: str = attrs.field(default="", converter=_key_or_empty, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.activity:
            raise ValueError("activity: expected a non-empty key")
        if not self.source:
            raise ValueError(f"factor for {self.activity!r}: source is required (publisher, edition, table)")
        if self.valid_from is not None and self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(
                f"factor for {self.activity!r}: valid_to {self.valid_to} is before valid_from {self.valid_from}"
            )
        if self.category is not None and self.scope not in (None, 3):
            raise ValueError(
                f"factor for {self.activity!r}: category {self.category} is a scope 3 category, but scope is {self.scope}"
            )
        if self.method is not None and self.scope not in (None, 2):
            raise ValueError(
                f"factor for {self.activity!r}: method {self.method!r} is for scope 2 factors, but scope is {self.scope}"
            )
        if not self.id:
            key = (
                self.activity,
                self.unit,
                self.region or "",
                format_years(self.valid_from, self.valid_to),
                self.method or "",
            )
            object.__setattr__(self, "id", "|".join(key))

    @property
    def currency(self) -> str | None:
        """The currency of a monetary factor (its unit's currency), else ``None``."""
        return currency_of(self.unit)

    def applies_to(self, year: int) -> bool:
        """Whether `year` is within the factor's validity."""
        return (self.valid_from is None or year >= self.valid_from) and (
            self.valid_to is None or year <= self.valid_to
        )


def _as_object(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


@attrs.frozen(eq=False)
class FactorSet:
    """A named, versioned table of emission factors, stored as columns.

    Build one with :meth:`from_factors`, :meth:`from_records`,
    :meth:`from_dataframe` or :meth:`from_csv`.

    Attributes
    ----------
    name, version : str
        What results record about the set.
    sha256 : str
        Hash of the factors' content (not of name or version).
    gases : tuple of str
        The gas columns of :attr:`values`.
    values : numpy.ndarray, shape (n, len(gases))
        kg of each gas per unit of activity; 0 where a factor has none.
    activity, unit, region, method, source, licence, id : numpy.ndarray of object
        Per factor; ``""`` where a factor has no region or method.
    valid_from, valid_to, price_year : numpy.ndarray of int32
        ``-1`` where open or not given.
    scope, category : numpy.ndarray of int8
        ``0`` where not given.
    description, publisher, url, licence_name : str
        Metadata of the set as a whole.

    Examples
    --------
    >>> fs = FactorSet.from_records([
    ...     {"activity": "diesel", "unit": "L", "gas": "CO2", "value": 2.66,
    ...      "value_unit": "kg", "source": "Example"},
    ...     {"activity": "diesel", "unit": "L", "gas": "N2O", "value": 0.12,
    ...      "value_unit": "g", "source": "Example"},
    ... ], name="mine", version="1")
    >>> len(fs), fs.gases, fs.factor(0).gases
    (1, ('CO2', 'N2O'), {'CO2': 2.66, 'N2O': 0.00012})
    """

    name: str
    version: str
    activity: npt.NDArray[np.object_]
    unit: npt.NDArray[np.object_]
    region: npt.NDArray[np.object_]
    valid_from: npt.NDArray[np.int32]
    valid_to: npt.NDArray[np.int32]
    scope: npt.NDArray[np.int8]
    category: npt.NDArray[np.int8]
    method: npt.NDArray[np.object_]
    gases: tuple[str, ...]
    values: npt.NDArray[np.float64]
    source: npt.NDArray[np.object_]
    licence: npt.NDArray[np.object_]
    price_year: npt.NDArray[np.int32]
    id: npt.NDArray[np.object_]
    description: str = ""
    publisher: str = ""
    url: str = ""
    licence_name: str = ""
    sha256: str = attrs.field(init=False, default="")
    _by_activity: dict[str, list[int]] = attrs.field(init=False, factory=dict, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "sha256", self._content_hash())
        index: dict[str, list[int]] = {}
        for i, key in enumerate(self.activity):
            index.setdefault(key, []).append(i)
        object.__setattr__(self, "_by_activity", index)

    def __len__(self) -> int:
        return len(self.activity)

    def __repr__(self) -> str:
        return (
            f"<FactorSet {self.name!r} version {self.version!r}: {len(self)} factors, "
            f"{len(self._by_activity)} activities, gases {', '.join(self.gases)}; "
            f"sha256 {self.sha256[:12]}>"
        )

    def __iter__(self) -> Iterator[EmissionFactor]:
        return (self.factor(i) for i in range(len(self)))

    @property
    def activities(self) -> tuple[str, ...]:
        """The activity keys the set has factors for, in order of appearance."""
        return tuple(self._by_activity)

    def candidates(self, activity: str) -> list[int]:
        """Indices of the factors for an activity key, in table order."""
        return self._by_activity.get(activity, [])

    def factor(self, i: int) -> EmissionFactor:
        """Return factor `i` as an :class:`EmissionFactor`."""

        def opt(value: int) -> int | None:
            return int(value) if value > 0 else None

        return EmissionFactor(
            self.activity[i],
            self.unit[i],
            {g: float(v) for g, v in zip(self.gases, self.values[i], strict=True) if v != 0.0}
            or {self.gases[0]: 0.0},
            source=self.source[i],
            region=self.region[i] or None,
            valid_from=opt(self.valid_from[i]),
            valid_to=opt(self.valid_to[i]),
            scope=opt(self.scope[i]),
            category=opt(self.category[i]),
            method=self.method[i] or None,
            licence=self.licence[i] or None,
            price_year=opt(self.price_year[i]),
            id=self.id[i],
        )

    def _content_hash(self) -> str:
        digest = hashlib.sha256()
        for i in range(len(self)):
            row = [
                self.id[i], self.activity[i], self.unit[i], self.region[i],
                int(self.valid_from[i]), int(self.valid_to[i]), int(self.scope[i]),
                int(self.category[i]), self.method[i], self.source[i], self.licence[i],
                int(self.price_year[i]),
                [[g, float(v).hex()] for g, v in zip(self.gases, self.values[i], strict=True) if v != 0.0],
            ]  # fmt: skip
            digest.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
            digest.update(b"\n")
        return digest.hexdigest()

    # ----------------------------------------------------------- builders

    @classmethod
    def from_factors(
        cls, factors: Iterable[EmissionFactor], *, name: str, version: str | None = None, **metadata: str
    ) -> FactorSet:
        """Build a set from :class:`EmissionFactor` objects.

        Parameters
        ----------
        factors : iterable of EmissionFactor
        name : str
        version : str, optional
            Default: the first 12 hex digits of the content's sha256.
        **metadata : str
            ``description``, ``publisher``, ``url``, ``licence_name``.

        Raises
        ------
        FactorSetError
            If two factors have the same id, or would both apply to the same
            activity, region, year, method and unit dimension.
        """
        items = list(factors)
        return cls._build(items, list(range(1, len(items) + 1)), name=name, version=version, **metadata)

    @classmethod
    def _build(
        cls, items: list[EmissionFactor], lines: list[int], *, name: str, version: str | None, **metadata: str
    ) -> FactorSet:
        _check_duplicates(items, lines, name)
        order = {g: i for i, g in enumerate(known_gases())}
        gases = tuple(sorted({g for f in items for g in f.gases}, key=order.__getitem__)) or ("CO2",)
        column = {g: j for j, g in enumerate(gases)}
        values = np.zeros((len(items), len(gases)), dtype=np.float64)
        for i, f in enumerate(items):
            for g, v in f.gases.items():
                values[i, column[g]] = v

        def ints(attr: str, dtype: type[np.integer[Any]], fill: int) -> npt.NDArray[Any]:
            return np.array(
                [fill if getattr(f, attr) is None else getattr(f, attr) for f in items], dtype=dtype
            )

        built = cls(
            name=name,
            version=version or "",
            activity=_as_object([f.activity for f in items]),
            unit=_as_object([f.unit for f in items]),
            region=_as_object([f.region or "" for f in items]),
            valid_from=ints("valid_from", np.int32, -1),
            valid_to=ints("valid_to", np.int32, -1),
            scope=ints("scope", np.int8, 0),
            category=ints("category", np.int8, 0),
            method=_as_object([f.method or "" for f in items]),
            gases=gases,
            values=values,
            source=_as_object([f.source for f in items]),
            licence=_as_object([f.licence or "" for f in items]),
            price_year=ints("price_year", np.int32, -1),
            id=_as_object([f.id for f in items]),
            **metadata,
        )
        if not version:
            built = attrs.evolve(built, version=built.sha256[:12])
        return built

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        name: str,
        version: str | None = None,
        source: str = "<records>",
        **metadata: str,
    ) -> FactorSet:
        """Build a set from long-format rows (one row per gas), as in the factors CSV.

        Rows that share ``activity``, ``unit``, ``region``, ``year`` and
        ``method`` form one factor.

        Raises
        ------
        FactorSetError
            Listing every invalid row: line, field, what was expected.
        """
        rows = list(records)
        return cls._from_rows(
            rows,
            range(1, len(rows) + 1),
            name=name,
            version=version,
            source=source,
            **metadata,
        )

    @classmethod
    def _from_rows(
        cls,
        rows: Sequence[Mapping[str, Any]],
        lines: Iterable[int],
        *,
        name: str,
        version: str | None,
        source: str,
        **metadata: str,
    ) -> FactorSet:
        issues: list[LineIssue] = []
        groups: dict[tuple[str, ...], list[tuple[int, Mapping[str, Any]]]] = {}
        for line, row in zip(lines, rows, strict=True):
            row = {str(k).strip().lower(): ("" if _blank(v) else str(v).strip()) for k, v in row.items()}
            missing = [c for c in _REQUIRED if not row.get(c)]
            for column in missing:
                issues.append(LineIssue(line, column, "", _EXPECTED[column]))
            if missing:
                continue
            key = tuple(row.get(c, "") for c in _GROUP_KEY)
            key = (key[0], key[1], key[2].upper(), key[3], key[4].lower())
            groups.setdefault(key, []).append((line, row))
        factors: list[EmissionFactor] = []
        first_lines: list[int] = []
        for key, members in groups.items():
            factor = _factor_from_rows(key, members, issues)
            if factor is not None:
                factors.append(factor)
                first_lines.append(members[0][0])
        if issues:
            raise FactorSetError(f"{source}: invalid factors", tuple(sorted(issues, key=lambda i: i.line)))
        try:
            return cls._build(factors, first_lines, name=name, version=version, **metadata)
        except FactorSetError as e:
            raise FactorSetError(f"{source}: {e.message}", e.issues) from None

    @classmethod
    def from_dataframe(
        cls, frame: Any, *, name: str, version: str | None = None, **metadata: str
    ) -> FactorSet:
        """Build a set from a long-format pandas DataFrame (see :meth:`from_records`)."""
        return cls.from_records(
            frame.to_dict("records"), name=name, version=version, source="<DataFrame>", **metadata
        )

    @classmethod
    def from_csv(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        version: str | None = None,
        **metadata: str,
    ) -> FactorSet:
        """Read a factors CSV file (long format, UTF-8, a header row).

        Lines starting with ``#`` are comments. The set's name defaults to
        the file's stem; its version to the content hash's first 12 digits.

        Raises
        ------
        FactorSetError
            If the file cannot be read or any row is invalid.
        """
        path = os.fspath(path)
        numbers, records = read_reference_csv(path, _REQUIRED, FactorSetError)
        name = name or os.path.splitext(os.path.basename(path))[0]
        return cls._from_rows(records, numbers, name=name, version=version, source=path, **metadata)


_EXPECTED = {
    "activity": "an activity key",
    "unit": "the unit of activity the factor is per, such as 'kWh'",
    "gas": "a gas name such as CO2, CH4, N2O or CO2e",
    "value": "a number",
    "value_unit": "a mass unit such as g, kg or t",
    "source": "the source: publisher, edition, table",
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _factor_from_rows(
    key: tuple[str, ...], members: list[tuple[int, Mapping[str, Any]]], issues: list[LineIssue]
) -> EmissionFactor | None:
    activity, unit, region, years, method = key
    before = len(issues)
    first_line = members[0][0]
    try:
        parse_unit(unit)
    except UnitError as e:
        issues.append(LineIssue(first_line, "unit", unit, e.expected))
    try:
        valid_from, valid_to = parse_years(years)
    except ValueError:
        issues.append(
            LineIssue(first_line, "year", years, "a year such as 2023 or a range such as 2020-2023")
        )
        valid_from = valid_to = None
    gases: dict[str, float] = {}
    for line, row in members:
        try:
            gas = normalize_gas(row["gas"])
        except UnknownGasError:
            issues.append(LineIssue(line, "gas", row["gas"], _EXPECTED["gas"]))
            continue
        if gas in gases:
            issues.append(
                LineIssue(line, "gas", row["gas"], f"each gas once per factor ({gas} is on an earlier row)")
            )
            continue
        try:
            value = float(row["value"])
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            issues.append(LineIssue(line, "value", row["value"], "a finite number with '.' as decimal point"))
            continue
        try:
            to_kg = conversion_factor(row["value_unit"], "kg")
        except UnitError:
            issues.append(LineIssue(line, "value_unit", row["value_unit"], _EXPECTED["value_unit"]))
            continue
        gases[gas] = value * to_kg
    shared: dict[str, str] = {}
    for column in _PER_FACTOR:
        seen = {row.get(column, "") for _, row in members}
        if len(seen) > 1:
            issues.append(
                LineIssue(members[-1][0], column, members[-1][1].get(column, ""),
                          f"the same {column} on every row of the factor {activity!r} (rows {', '.join(str(m[0]) for m in members)})")
            )  # fmt: skip
        shared[column] = members[0][1].get(column, "")
    if len(issues) > before:
        return None
    try:
        return EmissionFactor(
            activity,
            unit,
            gases,
            source=shared["source"],
            region=region,
            valid_from=valid_from,
            valid_to=valid_to,
            scope=shared["scope"],
            category=shared["category"],
            method=method,
            licence=shared["licence"],
            price_year=shared["price_year"],
            id=shared["id"],
        )
    except ValueError as e:
        text = str(e)
        field = next(
            (c for c in ("scope", "category", "method", "price_year") if c in text.split(":")[0]), "(factor)"
        )
        issues.append(LineIssue(first_line, field, shared.get(field, ""), text))
        return None


def _check_duplicates(factors: Sequence[EmissionFactor], lines: Sequence[int], name: str) -> None:
    """Refuse factors that would compete for the same lines.

    Two factors for the same activity, region, method and unit dimension may
    have overlapping validity only if one is strictly narrower: resolution
    then takes the narrower one. Equal ranges that overlap are ambiguous.
    """
    issues: list[LineIssue] = []
    ids: dict[str, int] = {}
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i, f in enumerate(factors):
        if f.id in ids:
            issues.append(
                LineIssue(lines[i], "id", f.id, f"a unique id (line {lines[ids[f.id]]} has it too)")
            )
        ids.setdefault(f.id, i)
        groups.setdefault((f.activity, f.region or "", f.method or "", dimensionality(f.unit)), []).append(i)
    for members in groups.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                (a_lo, a_hi), (b_lo, b_hi) = _span(factors[a]), _span(factors[b])
                if max(a_lo, b_lo) <= min(a_hi, b_hi) and a_hi - a_lo == b_hi - b_lo:
                    issues.append(
                        LineIssue(lines[b], "year", format_years(factors[b].valid_from, factors[b].valid_to),
                                  f"one factor per activity, region, years, method and unit dimension "
                                  f"(line {lines[a]}, {factors[a].id!r}, covers the same years)")
                    )  # fmt: skip
    if issues:
        raise FactorSetError(f"factor set {name!r}: ambiguous factors", tuple(issues))


def _span(factor: EmissionFactor) -> tuple[int, int]:
    return (factor.valid_from or -(10**6), factor.valid_to or 10**6)
