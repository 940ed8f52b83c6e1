"""Emission factors: one value object, and the columnar factor set.

An :class:`EmissionFactor` is the mass of each gas emitted per unit of an
activity, with where and when it applies and where it comes from. A
:class:`FactorSet` holds many as columns, with a name, a version and a sha256
of its content; build one from factors, from long-format records, a pandas
DataFrame or the factors CSV format, so that users bring their own factors
without writing a package.

Records, DataFrames and CSV files are loaded as columns, never as one object
per row: pyarrow's CSV reader reads the file's cells as strings (nothing is
guessed), each distinct unit, gas, year range, scope, category and price year
is parsed once, and rows are grouped into factors with a factorize over the
group key. Every invalid row is still reported with its line, field, value
and what was expected.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import mmap
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical, arrow_indices, arrow_numpy
from ghgcore._reference import check_header, csv_records, overlong_issue
from ghgcore.activities import (
    _EXPECT_CATEGORY,
    _EXPECT_SCOPE,
    _EXPECT_YEAR,
    MAX_YEAR,
    MIN_YEAR,
    _key,
    _optional_category,
    _optional_region,
    _optional_scope,
    _optional_text,
    _optional_year,
)
from ghgcore.errors import FactorSetError, LineIssue
from ghgcore.gases import known_gases, normalize_gas
from ghgcore.units import UnitError, check_unit, conversion_factor, currency_of, dimensionality

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

__all__ = ["BOUNDARIES", "FACTOR_COLUMNS", "METHODS", "EmissionFactor", "FactorSet"]

#: Scope 2 accounting methods a factor can be for.
METHODS = ("location", "market")
#: What a factor's emissions include: ``combustion`` (direct emissions where the fuel
#: is burnt or the electricity generated) or ``lifecycle`` (upstream included).
BOUNDARIES = ("combustion", "lifecycle")
#: The columns of the factors CSV format, required ones first.
FACTOR_COLUMNS = (
    "activity", "unit", "gas", "value", "value_unit", "source",
    "region", "year", "scope", "category", "method", "licence", "price_year", "id", "boundary",
)  # fmt: skip
_REQUIRED = FACTOR_COLUMNS[:6]
_GROUP_KEY = ("activity", "unit", "region", "year", "method")
_PER_FACTOR = ("source", "scope", "category", "licence", "price_year", "id", "boundary")


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
    check_unit(text)
    return text


def _boundary(value: Any) -> str | None:
    text = _optional_text(value)
    if text is None:
        return None
    text = text.lower()
    if text not in BOUNDARIES:
        raise ValueError(f"boundary {value!r}: expected 'combustion', 'lifecycle' or nothing")
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
    match = re.fullmatch(r"([0-9]{4})?\s*(?:(-|–|\.\.)\s*([0-9]{4})?)?", text)
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


def _valid_from(value: Any) -> int | None:
    return _optional_year(value, "valid_from")


def _valid_to(value: Any) -> int | None:
    return _optional_year(value, "valid_to")


def _price_year(value: Any) -> int | None:
    return _optional_year(value, "price_year")


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
    boundary : {"combustion", "lifecycle"}, optional
        What the emissions include: direct emissions where the fuel is
        burnt or the electricity generated, or the life cycle (upstream
        too). Recorded on every result line that uses the factor, so that
        numbers of different boundaries are never mixed unseen.

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
    valid_from: int | None = attrs.field(default=None, converter=_valid_from, kw_only=True)
    valid_to: int | None = attrs.field(default=None, converter=_valid_to, kw_only=True)
    scope: int | None = attrs.field(default=None, converter=_optional_scope, kw_only=True)
    category: int | None = attrs.field(default=None, converter=_optional_category, kw_only=True)
    method: str | None = attrs.field(default=None, converter=_method, kw_only=True)
    licence: str | None = attrs.field(default=None, converter=_optional_text, kw_only=True)
    price_year: int | None = attrs.field(default=None, converter=_price_year, kw_only=True)
    id: str = attrs.field(default="", converter=_key_or_empty, kw_only=True)
    boundary: str | None = attrs.field(default=None, converter=_boundary, kw_only=True)

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


IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]

#: The string columns of a factor set, in the order the content hash takes them.
_STRING_COLUMNS = ("id", "activity", "unit", "region", "method", "source", "licence")
#: The integer columns, with the byte layout the content hash takes them in.
_INT_COLUMNS = (
    ("valid_from", "<i4"), ("valid_to", "<i4"), ("scope", "<i1"), ("category", "<i1"), ("price_year", "<i4"),
)  # fmt: skip
_CONTENT = (*_STRING_COLUMNS, *(name for name, _ in _INT_COLUMNS), "values")
_HASH_DOMAIN = b"ghgcore factor set content, v2\0"
#: The boundary column of a set built without one: replaced by blanks, one per factor.
_NO_BOUNDARY: npt.NDArray[np.object_] = np.empty(0, dtype=object)


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
        Hash of the factors' content (not of name, version or metadata),
        computed once when the set is built; see Notes.
    gases : tuple of str
        The gas columns of :attr:`values`.
    values : numpy.ndarray, shape (n, len(gases))
        kg of each gas per unit of activity; 0 where a factor has none.
    activity, unit, region, method, source, licence, id, boundary : numpy.ndarray of object
        Per factor; ``""`` where a factor has no region, method or boundary.
    valid_from, valid_to, price_year : numpy.ndarray of int32
        ``-1`` where open or not given.
    scope, category : numpy.ndarray of int8
        ``0`` where not given.
    description, publisher, url, licence_name : str
        Metadata of the set as a whole.

    Notes
    -----
    :attr:`sha256` is the SHA-256 of a canonical byte serialisation of the
    columns, in factor order: the domain tag ``ghgcore factor set content,
    v2`` and a NUL byte; the number of factors (int64, little-endian); then,
    each preceded by its name and a NUL byte, the gases that are non-zero in
    some factor and the string columns ``id``, ``activity``, ``unit``,
    ``region``, ``method``, ``source``, ``licence``, each as the number of
    strings (int64) then ``S`` and the strings joined by NUL, in UTF-8 (or,
    if a string has a NUL in it, ``L``, every string's length in code points
    as int64, and the strings concatenated); the integer columns
    ``valid_from``, ``valid_to`` (int32), ``scope``, ``category`` (int8),
    ``price_year`` (int32); then, only if some factor has one, the string
    column ``boundary``; and the ``values`` of those gases, row-major
    float64 with -0.0 as 0.0. All numbers are little-endian. It is the same
    in every process and on every platform, changes with
    any value or with the order of the factors, and does not depend on how
    the set was built (from factors, records, a DataFrame or a CSV file).

    The hash is computed when the set is built, from its arrays, and kept by
    :func:`attrs.evolve` as long as the arrays are the same objects (a new
    name, version or metadata): the internal ``hashed`` argument records
    which arrays it was computed from. A set built with other arrays is
    hashed again. The arrays of sets built by the ``from_*`` methods are
    read-only, so that the hash stays true.

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
    boundary: npt.NDArray[np.object_] = attrs.field(factory=lambda: _NO_BOUNDARY, kw_only=True)
    sha256: str = attrs.field(default="", kw_only=True)
    # What sha256 was computed from: the content arrays' identities and the gases.
    _hashed: tuple[object, ...] = attrs.field(default=(), kw_only=True, repr=False, alias="hashed")
    _index: dict[str, list[int]] | None = attrs.field(init=False, default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.boundary is _NO_BOUNDARY:
            blank = np.full(len(self.activity), "", dtype=object)
            blank.flags.writeable = False
            object.__setattr__(self, "boundary", blank)
        content = self._content_identity()
        if not self.sha256 or self._hashed != content:
            object.__setattr__(self, "sha256", self._content_hash())
            object.__setattr__(self, "_hashed", content)

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
    def _by_activity(self) -> dict[str, list[int]]:
        """Activity key -> indices of its factors, built on first use."""
        index = self._index
        if index is None:
            index = {}
            for i, key in enumerate(self.activity.tolist()):
                index.setdefault(key, []).append(i)
            object.__setattr__(self, "_index", index)
        return index

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
            boundary=self.boundary[i] or None,
        )

    def _content_identity(self) -> tuple[object, ...]:
        return (*(id(getattr(self, name)) for name in _CONTENT), id(self.boundary), self.gases)

    def _content_hash(self) -> str:
        """The sha256 of the columns (see the class's Notes for the definition)."""
        digest = hashlib.sha256(_HASH_DOMAIN)
        digest.update(np.array([len(self)], dtype="<i8").tobytes())
        values = np.asarray(self.values, dtype=np.float64).reshape(len(self), len(self.gases))
        used = np.any(values != 0.0, axis=0)
        _hash_strings(digest, "gases", [g for g, u in zip(self.gases, used.tolist(), strict=True) if u])
        for name in _STRING_COLUMNS:
            _hash_strings(digest, name, np.asarray(getattr(self, name), dtype=object).tolist())
        for name, layout in _INT_COLUMNS:
            digest.update(name.encode() + b"\0")
            digest.update(np.ascontiguousarray(getattr(self, name), dtype=layout).tobytes())
        boundary = np.asarray(self.boundary, dtype=object)
        if boundary.size and (boundary != "").any():  # sets without boundaries keep their hash
            _hash_strings(digest, "boundary", boundary.tolist())
        digest.update(b"values\0")
        digest.update(np.ascontiguousarray(values[:, used] + 0.0, dtype="<f8").tobytes())
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
        columns = _columns_from_factors(items)
        issues = _ambiguities(columns, np.arange(1, len(items) + 1, dtype=np.int64))
        if issues:
            raise FactorSetError(f"factor set {name!r}: ambiguous factors", issues)
        return cls._create(columns, name=name, version=version, metadata=metadata)

    @classmethod
    def _create(
        cls, columns: dict[str, Any], *, name: str, version: str | None, metadata: Mapping[str, str]
    ) -> FactorSet:
        for value in columns.values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        arguments: dict[str, Any] = {**columns, **metadata}
        built = cls(name=name, version=version or "", **arguments)
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
        ``method`` form one factor. The rows are taken apart into columns and
        loaded as :meth:`from_csv` loads a file; lines in messages are the
        rows' positions, from 1.

        Raises
        ------
        FactorSetError
            Listing every invalid row: line, field, what was expected.
        """
        return cls._from_rows(
            _rows_from_records(records, source), name=name, version=version, source=source, metadata=metadata
        )

    @classmethod
    def from_dataframe(
        cls, frame: Any, *, name: str, version: str | None = None, **metadata: str
    ) -> FactorSet:
        """Build a set from a long-format pandas DataFrame (see :meth:`from_records`).

        The frame is read column by column (each distinct value of a column
        parsed once); lines in messages are the rows' positions, from 1.
        """
        return cls._from_rows(
            _rows_from_frame(frame), name=name, version=version, source="<DataFrame>", metadata=metadata
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

        Blank lines, and lines starting with ``#`` (comments), may come
        anywhere; a UTF-8 byte order mark is accepted. Column names are
        matched without regard to case or surrounding spaces; other columns
        are ignored. Line numbers in messages are the file's, with the header
        on line 1. The set's name defaults to the file's stem; its version to
        the content hash's first 12 digits.

        The file is read by pyarrow's multithreaded CSV reader, every column
        as strings (nothing is guessed), dictionary-encoded as it is read. A file it cannot read so that each
        row is one line of the file (a row with more or fewer cells than the
        header, a quoted value across lines, lone carriage returns as line
        breaks) is read line by line instead, with the same result.

        Raises
        ------
        FactorSetError
            If the file is missing, not UTF-8, empty, lacks a required column
            or has a row with more cells than the header, or if any row is
            invalid (listing every problem with its line and field).
        """
        path = os.fspath(path)
        name = name or os.path.splitext(os.path.basename(path))[0]
        return cls._from_rows(_read_csv(path), name=name, version=version, source=path, metadata=metadata)

    @classmethod
    def _from_rows(
        cls, rows: _Rows, *, name: str, version: str | None, source: str, metadata: Mapping[str, str]
    ) -> FactorSet:
        columns, lines, keys = _assemble(rows, source)
        issues = _ambiguities(columns, lines, keys)
        if issues:
            raise FactorSetError(f"{source}: factor set {name!r}: ambiguous factors", issues)
        return cls._create(columns, name=name, version=version, metadata=metadata)


def _hash_strings(digest: Any, name: str, values: list[str]) -> None:
    """Feed a string column to `digest` (see :class:`FactorSet`'s Notes)."""
    digest.update(name.encode() + b"\0" + len(values).to_bytes(8, "little"))
    joined = "\0".join(values)
    if joined.count("\0") == max(len(values) - 1, 0):  # no value has a NUL: the NULs separate them
        digest.update(b"S" + joined.encode("utf-8", "surrogatepass"))
    else:
        digest.update(b"L" + np.fromiter(map(len, values), dtype="<i8", count=len(values)).tobytes())
        digest.update("".join(values).encode("utf-8", "surrogatepass"))


def _as_object(values: Sequence[Any]) -> ObjectArray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _columns_from_factors(items: list[EmissionFactor]) -> dict[str, Any]:
    """The columns of a set of :class:`EmissionFactor` objects (validated by their converters)."""
    order = {g: i for i, g in enumerate(known_gases())}
    gases = tuple(sorted({g for f in items for g in f.gases}, key=order.__getitem__)) or ("CO2",)
    column = {g: j for j, g in enumerate(gases)}
    values = np.zeros((len(items), len(gases)), dtype=np.float64)
    for i, f in enumerate(items):
        for g, v in f.gases.items():
            values[i, column[g]] = v

    def ints(attr: str, dtype: type[np.integer[Any]], fill: int) -> npt.NDArray[Any]:
        return np.array([fill if getattr(f, attr) is None else getattr(f, attr) for f in items], dtype=dtype)

    return {
        "activity": _as_object([f.activity for f in items]),
        "unit": _as_object([f.unit for f in items]),
        "region": _as_object([f.region or "" for f in items]),
        "valid_from": ints("valid_from", np.int32, -1),
        "valid_to": ints("valid_to", np.int32, -1),
        "scope": ints("scope", np.int8, 0),
        "category": ints("category", np.int8, 0),
        "method": _as_object([f.method or "" for f in items]),
        "gases": gases,
        "values": values,
        "source": _as_object([f.source for f in items]),
        "licence": _as_object([f.licence or "" for f in items]),
        "price_year": ints("price_year", np.int32, -1),
        "id": _as_object([f.id for f in items]),
        "boundary": _as_object([f.boundary or "" for f in items]),
    }


# --------------------------------------------------------------------------
# long-format rows as columns


_EXPECTED = {
    "activity": "an activity key",
    "unit": "the unit of activity the factor is per, such as 'kWh'",
    "gas": "a gas name such as CO2, CH4, N2O or CO2e",
    "value": "a number",
    "value_unit": "a mass unit such as g, kg or t",
    "source": "the source: publisher, edition, table",
}
_EXPECT_NUMBER = "a finite number with '.' as decimal point"
_EXPECT_YEARS = "a year such as 2023 or a range such as 2020-2023"
#: a number as the value column takes it: '.' as decimal point, an optional exponent, ASCII digits
_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_NUMBER_PATTERN = re.compile(_NUMBER)


@attrs.frozen(eq=False)
class _Numbers:
    """The value column: parsed numbers, which cells were blank, and the cells' text for messages."""

    number: FloatArray  # NaN where blank or not a number; inf and nan as written
    blank: BoolArray
    text: Callable[[IntArray], list[str]]


@attrs.frozen(eq=False)
class _Rows:
    """Long-format rows as columns, each string column factorized (blank cells missing)."""

    text: dict[str, Categorical]  # every column of FACTOR_COLUMNS but "value"
    value: _Numbers
    line: npt.NDArray[np.int64]


def _cell(value: Any) -> str:
    """A cell as today's rows read it: stripped text, ``""`` for None and NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _parse_number(text: str) -> float:
    """A stripped cell's number (:data:`_NUMBER`); NaN if it is not one (``1_000``, ``1,5``, ``0x10``)."""
    if not _NUMBER_PATTERN.match(text):
        return math.nan
    return float(text)


def _numbers_from_texts(texts: list[str]) -> _Numbers:
    """Stripped cell texts ("" for blank) to numbers (:func:`_parse_number`)."""
    number = np.fromiter(
        (_parse_number(t) if t else math.nan for t in texts), dtype=np.float64, count=len(texts)
    )
    blank = np.fromiter((not t for t in texts), dtype=np.bool_, count=len(texts))
    return _Numbers(number, blank, lambda rows: [texts[r] for r in rows.tolist()])


def _numbers_from_objects(values: Sequence[Any]) -> _Numbers:
    """A value column of Python objects (records, a DataFrame's object column)."""
    if {type(v) for v in values} <= {float, int}:
        number = np.array(values, dtype=np.float64).reshape(len(values))
        return _Numbers(number, np.isnan(number), lambda rows: [str(values[r]) for r in rows.tolist()])
    return _numbers_from_texts([_cell(v) for v in values])


def _numbers_from_arrow(column: pa.ChunkedArray) -> _Numbers:
    """A value column of strings as pyarrow read it; pyarrow parses, Python only what it refuses."""
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

    def text(rows: IntArray) -> list[str]:
        return [str(s).strip() for s in column.take(arrow_indices(rows)).to_pylist()]

    try:
        number = np.array(arrow_numpy(pc.cast(column, pa.float64()), np.nan), dtype=np.float64)
        return _Numbers(number, np.zeros(len(number), dtype=np.bool_), text)
    except pa.ArrowInvalid:  # blank cells, spaces, or text that is not a number
        pass
    trimmed = pc.utf8_trim_whitespace(column)
    blank = np.asarray(arrow_numpy(pc.equal(trimmed, ""), 0), dtype=np.bool_)
    simple = pc.match_substring_regex(trimmed, _NUMBER)
    number = np.array(
        arrow_numpy(pc.cast(pc.if_else(simple, trimmed, "nan"), pa.float64()), np.nan), dtype=np.float64
    )
    other = np.flatnonzero(~np.asarray(arrow_numpy(simple, 0), dtype=np.bool_) & ~blank)
    if other.size:
        number[other] = [
            _parse_number(str(t).strip()) for t in trimmed.take(arrow_indices(other)).to_pylist()
        ]
    return _Numbers(number, blank, text)


def _categorical_from_list(values: list[Any]) -> Categorical:
    try:
        return Categorical.from_values(values)
    except TypeError:  # an unhashable cell: take every cell as text
        return Categorical.from_values([_cell(v) for v in values])


def _rows_from_records(records: Iterable[Mapping[str, Any]], source: str) -> _Rows:
    rows = list(records)
    n = len(rows)
    keys: dict[Any, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    names = check_header([str(k) for k in keys], source, None, FactorSetError, what="the records' keys")
    columns: dict[str, list[Any]] = {
        name: [row.get(key) for row in rows]
        for key, name in zip(keys, names, strict=True)
        if name in FACTOR_COLUMNS
    }
    text = {
        c: _categorical_from_list(columns[c]) if c in columns else Categorical.empty(n)
        for c in FACTOR_COLUMNS
        if c != "value"
    }
    value = _numbers_from_objects(columns["value"]) if "value" in columns else _numbers_from_texts([""] * n)
    return _Rows(text, value, np.arange(1, n + 1, dtype=np.int64))


def _rows_from_frame(frame: Any) -> _Rows:
    import pandas as pd

    n = len(frame)
    series: dict[str, Any] = {}
    labels = [str(label) for label in frame.columns]
    names = check_header(labels, "<DataFrame>", None, FactorSetError, what="the frame's columns")
    for j, name in enumerate(names):
        if name in FACTOR_COLUMNS:
            series[name] = frame.iloc[:, j]
    text: dict[str, Categorical] = {}
    for c in FACTOR_COLUMNS:
        if c == "value":
            continue
        if c not in series:
            text[c] = Categorical.empty(n)
        elif isinstance(series[c].dtype, pd.CategoricalDtype):
            text[c] = Categorical.from_values(series[c].array)
        else:
            codes, uniques = pd.factorize(series[c], use_na_sentinel=True)
            text[c] = Categorical.from_codes(np.asarray(codes), list(uniques))
    if "value" not in series:
        value = _numbers_from_texts([""] * n)
    elif series["value"].dtype == np.float64 or series["value"].dtype.kind in "iu":
        number = series["value"].to_numpy(dtype=np.float64, na_value=np.nan)
        value = _Numbers(number, np.isnan(number), lambda rows: [str(number[r]) for r in rows.tolist()])
    else:
        na = np.asarray(series["value"].isna().to_numpy(), dtype=np.bool_)
        cells = series["value"].to_numpy(dtype=object)
        value = _numbers_from_texts(["" if m else _cell(v) for v, m in zip(cells, na.tolist(), strict=True)])
    return _Rows(text, value, np.arange(1, n + 1, dtype=np.int64))


# --------------------------------------------------------------------------
# reading the CSV file

# The first bytes of a line that may be blank: ASCII white space and the lead bytes
# of Unicode spaces (U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000).
_SPACE_LEADS = np.frombuffer(b" \t\x0b\x0c\x1c\x1d\x1e\x1f\xc2\xe1\xe2\xe3", dtype=np.uint8)
_SCAN_BLOCK = 1 << 23


def _read_csv(path: str) -> _Rows:
    """Read a factors CSV into columns of strings, with each row's line in the file.

    Lines are ended by LF or CRLF; blank lines and lines starting with ``#``
    are skipped. pyarrow reads the rows in one pass over the file's bytes,
    skipping comment lines between rows; where that cannot give one row per
    line (see :meth:`FactorSet.from_csv`), the file is read record by record.
    """
    try:
        with open(path, "rb") as f:
            raw = _map(f)
    except FileNotFoundError:
        raise FactorSetError(f"{path}: no such file") from None
    except OSError as e:
        raise FactorSetError(f"{path}: cannot read the file ({e.strerror or e})") from None
    data = np.frombuffer(raw, dtype=np.uint8)
    _check_utf8(raw, data, path)
    begin = len(codecs.BOM_UTF8) if raw[:3] == codecs.BOM_UTF8 else 0
    if raw.find(b"\r") >= 0:
        cr = np.flatnonzero(data == ord("\r"))
        if cr[-1] + 1 == len(data) or np.any(data[cr + 1] != ord("\n")):  # a lone CR as line break
            return _read_csv_records(raw[:], path)
    starts, ends = _line_bounds(data, begin)
    first = data[starts]
    empty = ends == starts
    skip = empty | (first == ord("#"))
    for i in np.flatnonzero(~skip & np.isin(first, _SPACE_LEADS)).tolist():
        skip[i] = not raw[starts[i] : ends[i]].decode("utf-8").strip()
    if raw.find(b'"') >= 0 and _quoted_line_break(data, starts, ends, skip):
        return _read_csv_records(raw[:], path)
    kept = np.flatnonzero(~skip)
    if not kept.size:
        raise FactorSetError(f"{path}: the file is empty; expected a header row with {', '.join(_REQUIRED)}")
    head = int(kept[0])
    header_text = raw[starts[head] : ends[head]].decode("utf-8")
    header = _header(next(csv.reader([header_text]), []), path, head + 1)
    positions = header[0]
    lines = (kept[1:] + 1).astype(np.int64)
    if not lines.size:
        return _Rows(
            {c: Categorical.empty(0) for c in FACTOR_COLUMNS if c != "value"}, _numbers_from_texts([]), lines
        )
    comments = int(np.count_nonzero(skip[head + 1 :] & ~empty[head + 1 :]))
    table = _arrow_rows(raw, int(starts[head + 1]), header, len(lines), comments)
    if table is None:
        return _read_csv_records(raw[:], path)
    value = _numbers_from_arrow(table.column(f"f{positions['value']}"))
    text: dict[str, Categorical] = {}
    for c, j in positions.items():
        if c != "value":
            text[c] = (
                Categorical.from_arrow(table.column(f"f{j}")) if j >= 0 else Categorical.empty(len(lines))
            )
            if j >= 0:
                table = table.drop_columns([f"f{j}"])  # no longer needed
    return _Rows(text, value, lines)


def _map(f: Any) -> bytes | mmap.mmap:
    """The file's bytes: memory-mapped (no copy), or read if it cannot be mapped (empty, a pipe)."""
    try:
        if os.fstat(f.fileno()).st_size:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        pass
    data: bytes = f.read()
    return data


def _check_utf8(raw: bytes | mmap.mmap, data: npt.NDArray[np.uint8], path: str) -> None:
    """Refuse a file that is not UTF-8, naming the first bad byte (in blocks, without a copy as text)."""
    if not len(data) or int(data.max()) < 0x80:  # ASCII
        return
    view = memoryview(raw)
    start = 0
    while start < len(raw):
        end = _block_end(raw, start, min(start + _SCAN_BLOCK, len(raw)))
        try:
            codecs.utf_8_decode(view[start:end], "strict", True)
        except UnicodeDecodeError:
            try:  # again with the bytes after the block, for the reason a decoding of the whole file gives
                codecs.utf_8_decode(view[start : end + 3], "strict", True)
            except UnicodeDecodeError as e:
                raise FactorSetError(
                    f"{path}: not UTF-8 text ({e.reason} at byte {start + e.start})"
                ) from None
        start = end


def _block_end(raw: bytes | mmap.mmap, start: int, end: int) -> int:
    """Move a block's `end` back to the start of a UTF-8 character that would straddle it."""
    for p in range(end, max(end - 3, start + 1) - 1, -1):
        lead = raw[p] if p < len(raw) else 0
        if lead & 0xC0 != 0x80:  # not a continuation byte: where a character starts
            size = 2 if lead >> 5 == 0b110 else 3 if lead >> 4 == 0b1110 else 4 if lead >> 3 == 0b11110 else 1
            return p if p < end and p + size > end else end
    return end


def _line_bounds(
    data: npt.NDArray[np.uint8], begin: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Start and end (without LF or CRLF) of each line of the file's bytes, from `begin`."""
    parts = [np.array([begin], dtype=np.int64)]
    for block in range(begin, len(data), _SCAN_BLOCK):
        parts.append(np.flatnonzero(data[block : block + _SCAN_BLOCK] == ord("\n")) + (block + 1))
    starts = np.concatenate(parts)
    if starts[-1] >= len(data):  # the file ends with a line break (or is empty)
        starts = starts[:-1]
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:] - 1
    if len(starts):
        ends[-1] = len(data) - 1 if data[-1] == ord("\n") else len(data)
        crlf = (ends > starts) & (data[np.maximum(ends - 1, 0)] == ord("\r"))
        ends -= crlf.astype(np.int64)
    return starts, ends


def _quoted_line_break(
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], skip: BoolArray
) -> bool:
    """Whether a line seems to end inside a quoted value (an odd number of quotes before its end).

    Quotes on comment lines are not counted. A quote inside an unquoted
    value (``5"``) can make a line seem to: the file is then read record by
    record, which is right either way.
    """
    quotes = np.flatnonzero(data == ord('"'))
    on_line = np.searchsorted(starts, quotes, side="right") - 1
    quotes = quotes[~skip[on_line]]
    return bool(np.any(np.searchsorted(quotes, ends) % 2))


def _header(cells: list[str], path: str, line: int) -> tuple[dict[str, int], int]:
    """Column of the format -> its position in the header (-1: absent), and the number of cells.

    Raises
    ------
    FactorSetError
        If a required column is missing, or a column is named twice.
    """
    names = check_header(cells, path, line, FactorSetError)
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise FactorSetError(
            f"{path}: line {line}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; expected columns {', '.join(_REQUIRED)}"
        )
    positions = {c: -1 for c in FACTOR_COLUMNS}
    positions.update({name: j for j, name in enumerate(names) if name in positions})
    return positions, len(names)


def _arrow_rows(
    raw: bytes | mmap.mmap, offset: int, header: tuple[dict[str, int], int], rows: int, comments: int
) -> pa.Table | None:
    """The rows after the header, read by pyarrow; ``None`` unless each row is one line of the file.

    Comment and blank lines are skipped by pyarrow as rows with the wrong
    number of cells. The table is accepted only if it has as many rows as the
    file has data lines and pyarrow skipped exactly the comment and blank
    lines: then row ``i`` is data line ``i``.
    """
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.csv as pacsv  # type: ignore[import-untyped, unused-ignore]

    positions, width = header
    text = pa.dictionary(pa.int32(), pa.string())  # each block's distinct strings, and codes into them
    types = {f"f{j}": pa.string() if c == "value" else text for c, j in positions.items() if j >= 0}
    skipped: list[str] = []

    def skip(row: Any) -> str:
        skipped.append(row.text)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw).slice(offset)),
            read_options=pacsv.ReadOptions(column_names=[f"f{j}" for j in range(width)], use_threads=True),
            parse_options=pacsv.ParseOptions(invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                include_columns=list(types),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # checked by _check_utf8
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_rows != rows or len(skipped) != comments:
        return None
    if not all(t.startswith("#") or not t.strip() for t in skipped):
        return None
    return table


def _read_csv_records(raw: bytes, path: str) -> _Rows:
    """Read the file record by record with the csv module (quoted values across lines, short rows padded)."""
    records = csv_records(raw.decode("utf-8").removeprefix("\ufeff"), path, FactorSetError)
    first = next(records, None)
    if first is None:
        raise FactorSetError(f"{path}: the file is empty; expected a header row with {', '.join(_REQUIRED)}")
    header_line, header_cells = first
    positions, width = _header(header_cells, path, header_line)
    cells: list[list[str]] = []
    lines: list[int] = []
    issues: list[LineIssue] = []
    for number, row in records:
        if len(row) > width and (issue := overlong_issue(number, row, width)) is not None:
            issues.append(issue)
            continue
        cells.append(row)
        lines.append(number)
    if issues:
        raise FactorSetError(f"{path}: rows longer than the header", tuple(issues))

    def column(j: int) -> list[str]:
        return [row[j] if j < len(row) else "" for row in cells]

    n = len(cells)
    text_columns = {
        c: Categorical.from_values(column(j)) if j >= 0 else Categorical.empty(n)
        for c, j in positions.items()
        if c != "value"
    }
    value = _numbers_from_texts([t.strip() for t in column(positions["value"])])
    return _Rows(text_columns, value, np.array(lines, dtype=np.int64))


# --------------------------------------------------------------------------
# validating rows and grouping them into factors


class _Issues:
    """Issues in the order of their lines (and, on one line, of the checks)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, LineIssue]] = []

    def add(self, line: int, rank: int, field: str, value: str, expected: str) -> None:
        self.items.append((line, rank, LineIssue(line, field, value, expected)))

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> tuple[LineIssue, ...]:
        return tuple(issue for _, _, issue in sorted(self.items, key=lambda item: (item[0], item[1])))


def _group(codes: Sequence[npt.NDArray[Any]], sizes: Sequence[int]) -> tuple[IntArray, int]:
    """Factorize rows over several code columns (``-1``: missing), in order of first appearance."""
    key = np.array(codes[0], dtype=np.int64)
    key += 1
    span = sizes[0] + 1
    for column, size in zip(codes[1:], sizes[1:], strict=True):
        if span * (size + 1) >= 2**62:
            codes_so_far, span = _factorize_in_order(key)
            key = codes_so_far.astype(np.int64)
        key *= size + 1
        key += column
        key += 1  # codes of -1 (missing) become 0
        span *= size + 1
    if not key.size:
        return np.zeros(0, dtype=np.intp), 0
    # Rows of one group usually follow each other: factorize the first row of each run.
    new = np.empty(key.size, dtype=np.bool_)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    heads = np.flatnonzero(new)
    groups, n_groups = _factorize_in_order(key[heads])
    return np.repeat(groups, np.diff(heads, append=key.size)), n_groups


def _factorize_in_order(values: npt.NDArray[np.int64]) -> tuple[IntArray, int]:
    """Codes numbered in order of first appearance, and how many there are (numpy only)."""
    uniques, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    rank = np.empty(len(uniques), dtype=np.intp)
    rank[np.argsort(first, kind="stable")] = np.arange(len(uniques), dtype=np.intp)
    return rank[inverse.ravel()], len(uniques)


def _first_rows(groups: IntArray) -> IntArray:
    """The first row of each group, for group codes numbered in order of first appearance."""
    if not groups.size:
        return np.zeros(0, dtype=np.intp)
    seen = np.maximum.accumulate(groups)
    new = np.empty(groups.size, dtype=np.bool_)
    new[0] = True
    new[1:] = groups[1:] > seen[:-1]
    return np.flatnonzero(new)


def _lookup(column: Categorical, parse: Callable[[str], Any], fill: Any, dtype: Any) -> tuple[Any, BoolArray]:
    """Parse each distinct value once: a table indexed by code (last slot: missing), and which failed."""
    table = np.full(len(column.categories) + 1, fill, dtype=dtype)
    bad = np.zeros(len(column.categories) + 1, dtype=np.bool_)
    for j, text in enumerate(column.categories):
        try:
            parsed = parse(text)
        except (ValueError, KeyError):
            bad[j] = True
            continue
        table[j] = fill if parsed is None else parsed
    return table, bad


def _texts(column: Categorical) -> list[str]:
    """The categories, with ``""`` last for missing (code -1), to look up texts for messages."""
    return [*column.categories, ""]


def _codes(values: list[str]) -> npt.NDArray[np.intp]:
    """Factorize a short list of strings; the extra last slot (for code -1) gets a code of its own."""
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values] + [len(values)], dtype=np.intp)


def _joined(parts: Sequence[tuple[Sequence[str], npt.NDArray[Any]]], separator: str) -> list[str]:
    """Row by row, the strings that codes (``-1``: ``""``) pick from each part, joined by `separator`.

    Object-array additions, one per part: no Python loop over rows, and no
    pyarrow array built from Python (that imports pandas).
    """
    out: npt.NDArray[np.object_] | None = None
    for names, which in parts:
        table = np.empty(len(names) + 1, dtype=object)
        table[:-1] = list(names)
        table[-1] = ""
        picked = table[np.where(which < 0, len(names), which)]
        out = picked if out is None else out + separator + picked
    return [] if out is None else out.tolist()


def _strings(column: Categorical) -> ObjectArray:
    """The categories as an object array, with ``""`` in the last slot for missing."""
    return _as_object([*column.categories, ""])


def _assemble(
    rows: _Rows, source: str
) -> tuple[dict[str, Any], npt.NDArray[np.int64], list[npt.NDArray[Any]]]:
    """Validate long-format rows and group them into factors.

    Returns
    -------
    columns, lines, keys
        The set's columns; each factor's first line; each factor's codes of
        activity, region, method and unit dimension (for :func:`_ambiguities`).

    Raises
    ------
    FactorSetError
        Listing every invalid row.
    """
    text, line_all = rows.text, rows.line
    issues = _Issues()

    # Rows without a required cell are reported and left out.
    present = np.ones(len(line_all), dtype=np.bool_)
    for rank, column in enumerate(_REQUIRED):
        blank = rows.value.blank if column == "value" else text[column].codes < 0
        for r in np.flatnonzero(blank).tolist():
            issues.add(int(line_all[r]), rank, column, "", _EXPECTED[column])
        present &= ~blank
    keep = np.flatnonzero(present)
    whole = keep.size == len(line_all)

    def sub(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return array if whole else array[keep]

    def row_of(r: IntArray) -> IntArray:
        return r if whole else keep[r]

    line = sub(line_all)
    codes = {c: sub(column.codes) for c, column in text.items()}
    region = text["region"].map_categories(str.upper)
    method = text["method"].map_categories(str.lower)
    codes["region"], codes["method"] = sub(region.codes), sub(method.codes)

    # One factor per distinct (activity, unit, region, year, method), in order of appearance.
    key = [text["activity"], text["unit"], region, text["year"], method]
    groups, n_factors = _group([codes[c] for c in _GROUP_KEY], [len(c.categories) for c in key])
    first = _first_rows(groups)
    first_line = line[first]

    def at_first(c: str) -> IntArray:
        return np.asarray(codes[c][first], dtype=np.intp)

    # Per row: gas, value and value unit, each distinct gas and unit parsed once.
    gases = known_gases()
    gas_index, _ = _lookup(text["gas"], lambda t: gases.index(normalize_gas(t)), -1, np.int64)
    gas = gas_index[codes["gas"]]
    to_kg_lut, _ = _lookup(text["value_unit"], lambda t: conversion_factor(t, "kg"), np.nan, np.float64)
    to_kg = to_kg_lut[codes["value_unit"]]
    number = sub(rows.value.number)
    with np.errstate(over="ignore", invalid="ignore"):
        kg = number * to_kg
    unknown = gas < 0
    bad_value = ~np.isfinite(number)
    bad_unit = np.isnan(to_kg)
    too_big = ~bad_value & ~bad_unit & ~np.isfinite(kg)
    used = np.flatnonzero(np.bincount(gas[~unknown], minlength=len(gases)))
    column_of = np.full(len(gases) + 1, -1, dtype=np.intp)  # last slot: unknown gas
    column_of[used] = np.arange(used.size)
    gas_column = column_of[gas]
    repeated = _repeated_gases(groups, gas_column, ~unknown & ~bad_value & ~bad_unit & ~too_big, used.size)
    gas_text = _texts(text["gas"])
    for r in np.flatnonzero(unknown).tolist():
        issues.add(int(line[r]), 12, "gas", gas_text[codes["gas"][r]], _EXPECTED["gas"])
    for r in np.flatnonzero(repeated).tolist():
        issues.add(
            int(line[r]), 12, "gas", gas_text[codes["gas"][r]],
            f"each gas once per factor ({gases[gas[r]]} is on an earlier row)",
        )  # fmt: skip
    checked = ~unknown & ~repeated
    for mask, expected in (
        (bad_value, _EXPECT_NUMBER),
        (~bad_value & ~bad_unit & too_big, "a value finite in kg"),
    ):
        where = np.flatnonzero(checked & mask)
        for r, got in zip(where.tolist(), rows.value.text(row_of(where)), strict=True):
            issues.add(int(line[r]), 12, "value", got, expected)
    unit_text = _texts(text["value_unit"])
    for r in np.flatnonzero(checked & ~bad_value & bad_unit).tolist():
        issues.add(int(line[r]), 12, "value_unit", unit_text[codes["value_unit"][r]], _EXPECTED["value_unit"])

    # Per factor: its unit and years (from the group key), each distinct value parsed once.
    expected_unit: dict[int, str] = {}
    for j, unit_name in enumerate(text["unit"].categories):
        try:
            check_unit(unit_name)
        except UnitError as e:
            expected_unit[j] = e.expected
    unit_names = _strings(text["unit"])
    factor_unit = at_first("unit")
    if expected_unit:
        for k in np.flatnonzero(np.isin(factor_unit, list(expected_unit))).tolist():
            u = int(factor_unit[k])
            issues.add(int(first_line[k]), 10, "unit", unit_names[u], expected_unit[u])
    years = text["year"]
    spans = [_years(t) for t in years.categories] + [(-1, -1, "")]
    valid_from = np.array([s[0] for s in spans], dtype=np.int32)
    valid_to = np.array([s[1] for s in spans], dtype=np.int32)
    factor_year = at_first("year")
    year_text = _texts(years)
    for k in np.flatnonzero(valid_from[factor_year] == -2).tolist():
        y = int(factor_year[k])
        issues.add(int(first_line[k]), 11, "year", year_text[y], spans[y][2])

    # The same source, scope, category, licence, price year and id on every row of a factor.
    activity_names = _strings(text["activity"])
    for rank, c in enumerate(_PER_FACTOR, start=20):
        differs = codes[c] != codes[c][first][groups]
        if differs.any():
            named = activity_names[at_first("activity")]
            _report_differences(issues, rank, c, groups, differs, line, codes[c], _texts(text[c]), named)

    # Per factor: scope, category, method and price year, each distinct value parsed once.
    scope_lut, scope_bad = _lookup(text["scope"], _optional_scope, 0, np.int8)
    category_lut, category_bad = _lookup(text["category"], _optional_category, 0, np.int8)
    price_lut, price_bad = _lookup(text["price_year"], _optional_year, -1, np.int32)
    method_bad = np.array([m not in METHODS for m in method.categories] + [False], dtype=np.bool_)
    boundary = text["boundary"].map_categories(str.lower)
    boundary_bad = np.array([b not in BOUNDARIES for b in boundary.categories] + [False], dtype=np.bool_)
    fb, raw_boundary = boundary.codes[row_of(first)], text["boundary"].codes[row_of(first)]
    fs, fc, fp, fm = at_first("scope"), at_first("category"), at_first("price_year"), at_first("method")
    scope, category, price_year = scope_lut[fs], category_lut[fc], price_lut[fp]
    raw_method = text["method"].codes[row_of(first)]
    scope_text, category_text, method_text = (
        _texts(text["scope"]),
        _texts(text["category"]),
        _texts(text["method"]),
    )
    fields: tuple[tuple[str, BoolArray, list[str], npt.NDArray[Any], str], ...] = (
        ("scope", scope_bad[fs], scope_text, fs, _EXPECT_SCOPE),
        ("category", category_bad[fc], category_text, fc, _EXPECT_CATEGORY),
        ("method", method_bad[fm], method_text, raw_method, "'location', 'market' or nothing"),
        ("price_year", price_bad[fp], _texts(text["price_year"]), fp, _EXPECT_YEAR),
        (
            "boundary",
            boundary_bad[fb],
            _texts(text["boundary"]),
            raw_boundary,
            "'combustion', 'lifecycle' or nothing",
        ),
    )
    for rank, (field, bad, names, which, expected) in enumerate(fields, start=30):
        for k in np.flatnonzero(bad).tolist():
            issues.add(int(first_line[k]), rank, field, names[which[k]], expected)
    scoped = ~scope_bad[fs] & (scope > 0)
    for k in np.flatnonzero(scoped & ~category_bad[fc] & (category > 0) & (scope != 3)).tolist():
        issues.add(
            int(first_line[k]), 34, "category", category_text[fc[k]],
            f"no category: categories are for scope 3 factors, and this factor is scope {scope[k]}",
        )  # fmt: skip
    for k in np.flatnonzero(scoped & ~method_bad[fm] & (fm >= 0) & (scope != 2)).tolist():
        issues.add(
            int(first_line[k]), 35, "method", method_text[raw_method[k]],
            f"no method: methods are for scope 2 factors, and this factor is scope {scope[k]}",
        )  # fmt: skip
    if issues:
        raise FactorSetError(f"{source}: invalid factors", issues.sorted())

    # The columns of the set.
    values = np.zeros((n_factors, max(used.size, 1)), dtype=np.float64)
    values[groups, gas_column] = kg
    factor_activity, factor_region = at_first("activity"), at_first("region")
    ids = _strings(text["id"])[at_first("id")]
    default = np.flatnonzero(ids == "")
    if default.size:  # activity|unit|region|years|method
        parts = [
            (text["activity"].categories, factor_activity), (text["unit"].categories, factor_unit),
            (region.categories, factor_region), ([s[2] for s in spans[:-1]], factor_year),
            (method.categories, fm),
        ]  # fmt: skip
        ids[default] = _joined([(names, which[default]) for names, which in parts], "|")
    dimension = _codes([dimensionality(u) for u in text["unit"].categories])
    keys = [factor_activity, factor_region, fm, dimension[factor_unit]]
    columns = {
        "activity": activity_names[factor_activity],
        "unit": unit_names[factor_unit],
        "region": _strings(region)[factor_region],
        "valid_from": valid_from[factor_year],
        "valid_to": valid_to[factor_year],
        "scope": scope.astype(np.int8),
        "category": category.astype(np.int8),
        "method": _strings(method)[fm],
        "gases": tuple(gases[j] for j in used.tolist()) or ("CO2",),
        "values": values,
        "source": _strings(text["source"])[at_first("source")],
        "licence": _strings(text["licence"])[at_first("licence")],
        "price_year": price_year.astype(np.int32),
        "id": ids,
        "boundary": _strings(boundary)[fb],
    }
    return columns, first_line.astype(np.int64), keys


def _years(text: str) -> tuple[int, int, str]:
    """A year column's value as (valid_from, valid_to, written form); ``(-2, -2, expected)`` if invalid."""
    try:
        start, end = parse_years(text)
    except ValueError:
        return -2, -2, _EXPECT_YEARS
    if any(y is not None and not MIN_YEAR <= y <= MAX_YEAR for y in (start, end)):
        return -2, -2, f"{_EXPECT_YEARS}, of years from {MIN_YEAR} to {MAX_YEAR}"
    return (-1 if start is None else start), (-1 if end is None else end), format_years(start, end)


def _repeated_gases(groups: IntArray, gas: npt.NDArray[np.int64], good: BoolArray, n_gases: int) -> BoolArray:
    """Rows whose gas an earlier valid row of the same factor already gave."""
    repeated = np.zeros(len(groups), dtype=np.bool_)
    known = np.flatnonzero(gas >= 0)
    pair = groups[known].astype(np.int64) * n_gases + gas[known]
    if pair.size and int(pair.max()) < 8 * pair.size:  # a count per (factor, gas) is small enough
        counts = np.bincount(pair)
        if int(counts.max()) < 2:
            return repeated
        shared = counts[pair] > 1
    else:
        import pandas as pd

        shared = np.asarray(pd.Index(pair).duplicated(keep=False), dtype=np.bool_)
    if shared.any():
        done: set[int] = set()
        for r, p in zip(known[shared].tolist(), pair[shared].tolist(), strict=True):
            if p in done:
                repeated[r] = True
            elif good[r]:
                done.add(p)
    return repeated


def _report_differences(
    issues: _Issues,
    rank: int,
    column: str,
    groups: IntArray,
    differs: BoolArray,
    line: npt.NDArray[np.int64],
    codes: npt.NDArray[Any],
    names: list[str],
    activity: ObjectArray,
) -> None:
    """One issue per factor whose rows disagree on `column`, at its last row, listing its rows."""
    bad = np.unique(groups[differs])
    members = np.flatnonzero(np.isin(groups, bad))
    members = members[np.argsort(groups[members], kind="stable")]
    bounds = np.flatnonzero(np.diff(groups[members])) + 1
    for rows in np.split(members, bounds):
        last = int(rows[-1])
        listed = ", ".join(str(n) for n in line[rows].tolist())
        issues.add(
            int(line[last]), rank, column, names[codes[last]],
            f"the same {column} on every row of the factor {activity[groups[last]]!r} (rows {listed})",
        )  # fmt: skip


_SPAN_OFFSET = 10**6 + 1
_SPAN_BLOCK = 2 * 10**6 + 3


def _ambiguities(
    columns: Mapping[str, Any], lines: npt.NDArray[np.int64], keys: Sequence[npt.NDArray[Any]] | None = None
) -> tuple[LineIssue, ...]:
    """Refuse factors that would compete for the same lines.

    Ids must be unique. Two factors for the same activity, region, method
    and unit dimension may have overlapping validity only if one is strictly
    narrower: resolution then takes the narrower one. Equal ranges that
    overlap are ambiguous. Factors are compared per distinct (activity,
    region, method, dimension, width of validity), sorted by first year.

    Parameters
    ----------
    columns : mapping
        The set's columns.
    lines : numpy.ndarray
        Each factor's line, for messages.
    keys : sequence of numpy.ndarray, optional
        Codes of each factor's activity, region, method and unit dimension,
        if the caller has them; else they are computed from `columns`.
    """
    issues = _Issues()
    ids = columns["id"]
    n = len(ids)
    if len(set(ids.tolist())) < n:
        import pandas as pd

        id_codes = np.asarray(pd.factorize(ids)[0], dtype=np.intp)
        first = _first_rows(id_codes)
        for r in np.flatnonzero(first[id_codes] != np.arange(n)).tolist():
            issues.add(
                int(lines[r]), 0, "id", ids[r], f"a unique id (line {lines[first[id_codes[r]]]} has it too)"
            )

    if keys is None:
        import pandas as pd

        unit_codes, units = pd.factorize(columns["unit"])
        dimension = _codes([dimensionality(u) for u in units])
        keys = [pd.factorize(columns[c])[0] for c in ("activity", "region", "method")]
        keys += [dimension[unit_codes]]
    valid_from = np.asarray(columns["valid_from"], dtype=np.int64)
    valid_to = np.asarray(columns["valid_to"], dtype=np.int64)
    low = np.where(valid_from < 0, -(10**6), valid_from)
    width = np.where(valid_to < 0, 10**6, valid_to) - low
    parts = [*keys, _factorize_in_order(width.astype(np.int64))[0]]
    competing, _ = _group(parts, [int(p.max(initial=-1)) + 1 for p in parts])
    key = competing.astype(np.int64) * _SPAN_BLOCK + (low + _SPAN_OFFSET)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    end = np.searchsorted(ordered, ordered + width[order], side="right")
    count = end - np.arange(n) - 1
    if count.any():
        a = np.repeat(np.arange(n), count)
        b = a + 1 + np.arange(a.size) - np.repeat(np.cumsum(count) - count, count)
        earlier, later = np.minimum(order[a], order[b]), np.maximum(order[a], order[b])
        by_line = np.lexsort((earlier, later))
        earlier, later = earlier[by_line], later[by_line]
        for x, y in zip(earlier.tolist(), later.tolist(), strict=True):
            years = format_years(*(int(v) if v > 0 else None for v in (valid_from[y], valid_to[y])))
            issues.add(
                int(lines[y]), 1, "year", years,
                f"one factor per activity, region, years, method and unit dimension "
                f"(line {lines[x]}, {ids[x]!r}, covers the same years)",
            )  # fmt: skip
    return issues.sorted()
