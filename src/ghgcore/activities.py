"""Activities: one value object for a line, and the columnar table of many.

An :class:`Activity` is one line of an inventory (``1000 L`` of ``diesel`` in
``NO`` in 2024). An :class:`ActivityTable` holds many lines as numpy columns
and categorical codes; it is what calculations run on. Build tables from
Activity objects, records, a pandas DataFrame or the activities CSV format.

Bad lines never stop a table from loading and are never dropped: each keeps a
:class:`~ghgcore.errors.LineIssue` naming its line, field and what was
expected, and ends in the calculation result as an unresolved line.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical, FloatArray, arrow_indices, arrow_numpy
from ghgcore.errors import ActivityFileError
from ghgcore.problems import Problems
from ghgcore.units import UnitError, check_unit, quantity

if TYPE_CHECKING:
    import pint

__all__ = ["REQUIRED_COLUMNS", "STANDARD_COLUMNS", "Activity", "ActivityTable", "as_table"]

#: Columns an activities table must have.
REQUIRED_COLUMNS = ("activity", "amount", "unit")
#: Columns with a meaning to ghgcore; any other column is kept as a tag.
STANDARD_COLUMNS = (*REQUIRED_COLUMNS, "region", "year", "scope", "category", "site", "id")

MIN_YEAR, MAX_YEAR = 1900, 2200

_EXPECT_AMOUNT = "a finite number with '.' as decimal point"
#: what ``_to_float`` reads as a number (finite is checked after): a decimal number with '.' as
#: decimal point and an optional exponent, ASCII white space around it
_AMOUNT_PATTERN = (
    r"^[ \t\n\x0b\x0c\r]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\x0b\x0c\r]*$"
)
_EXPECT_YEAR = f"a whole year between {MIN_YEAR} and {MAX_YEAR}"
_EXPECT_SCOPE = "scope 1, 2 or 3"
_EXPECT_CATEGORY = "a scope 3 category from 1 to 15"


# --------------------------------------------------------------------------
# converters and validators shared by Activity and the table builder


#: a whole number as a year, scope or category is written: ASCII digits, ``.0`` allowed (``2024.0``)
_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?")


def _whole_number(text: str, low: int, high: int) -> int | None:
    """Parse a whole number in [low, high] written in ASCII digits; None if it is not one.

    Nothing else a Python float reads is taken: not ``2_024``, ``٢٠٢٤``,
    ``2.024e3`` or ``inf``.
    """
    text = text.strip()
    if len(text) > 32 or not _WHOLE.fullmatch(text):
        return None
    number = int(float(text))
    return number if low <= number <= high else None


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _optional_region(value: Any) -> str | None:
    text = _optional_text(value)
    return text.upper() if text else None


def _optional_int(value: Any, low: int, high: int, expected: str, field: str) -> int | None:
    text = _optional_text(value)
    if text is None:
        return None
    number = _whole_number(text, low, high)
    if number is None:
        raise ValueError(f"{field}: got {value!r}, expected {expected}")
    return number


def _optional_year(value: Any, field: str = "year") -> int | None:
    return _optional_int(value, MIN_YEAR, MAX_YEAR, _EXPECT_YEAR, field)


def _optional_scope(value: Any) -> int | None:
    return _optional_int(value, 1, 3, _EXPECT_SCOPE, "scope")


def _optional_category(value: Any) -> int | None:
    return _optional_int(value, 1, 15, _EXPECT_CATEGORY, "category")


def _key(value: Any) -> str:
    return str(value).strip()


def _tags(value: Mapping[Any, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(value).items()}


def _to_quantity(value: Any) -> pint.Quantity[Any]:
    """Normalise an amount into the ghgcore registry.

    Accepts a pint Quantity from any registry (rebuilt from magnitude and
    unit string), a ``(number, unit)`` pair, or a string like ``"1000 L"``.
    """
    import pint  # only here: a table of lines never needs it

    if isinstance(value, tuple) and len(value) == 2:
        magnitude, unit = value
    elif isinstance(value, pint.Quantity):
        magnitude, unit = value.magnitude, str(value.units)
    elif isinstance(value, str):
        parts = value.strip().split(maxsplit=1)
        if len(parts) != 2:
            raise ValueError(f"got {value!r}, expected an amount and a unit, such as '1000 L'")
        magnitude, unit = parts
    else:
        raise TypeError(
            f"got {value!r}, expected a pint Quantity, a (number, unit) pair or a string like '1000 L'"
        )
    try:
        number = float(magnitude)
    except (TypeError, ValueError):
        raise ValueError(f"amount {magnitude!r}: expected {_EXPECT_AMOUNT}") from None
    if not math.isfinite(number):
        raise ValueError(f"amount {magnitude!r}: expected {_EXPECT_AMOUNT}")
    return quantity(number, str(unit))


def _nonempty(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not value:
        raise ValueError(f"{attribute.name}: expected a non-empty key, got {value!r}")


def _check_category(instance: Activity, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and instance.scope not in (None, 3):
        raise ValueError(f"category {value} is a scope 3 category, but scope is {instance.scope}")


@attrs.frozen
class Activity:
    """One activity line: what was done, how much, where and when.

    Parameters
    ----------
    activity : str
        Activity key, such as ``"electricity"``, ``"diesel"`` or an account
        number a factor database understands.
    amount : pint.Quantity or (number, unit) or str
        How much, with a unit: a Quantity (from any registry), a pair such as
        ``(1000, "L")`` or a string such as ``"1000 L"``.
    region : str, optional
        ISO 3166 code or zone (``"NO"``, ``"NO-NO1"``); upper-cased.
    year : int, optional
        Reporting year of the line; default: the inventory's year.
    scope : {1, 2, 3}, optional
        Overrides the scope the factor assigns.
    category : int, optional
        Scope 3 category (1-15); overrides the factor's.
    site, id : str, optional
        Free text, carried into the results.
    tags : Mapping[str, str], optional
        Any other labels, carried into the results.

    Examples
    --------
    >>> a = Activity("diesel", (1000, "L"), region="no", year=2024)
    >>> a.amount
    <Quantity(1000.0, 'liter')>
    >>> a.region
    'NO'
    """

    activity: str = attrs.field(converter=_key, validator=_nonempty)
    amount: pint.Quantity[Any] = attrs.field(converter=_to_quantity)
    region: str | None = attrs.field(default=None, converter=_optional_region, kw_only=True)
    year: int | None = attrs.field(default=None, converter=_optional_year, kw_only=True)
    scope: int | None = attrs.field(default=None, converter=_optional_scope, kw_only=True)
    category: int | None = attrs.field(
        default=None, converter=_optional_category, validator=_check_category, kw_only=True
    )
    site: str | None = attrs.field(default=None, converter=_optional_text, kw_only=True)
    id: str | None = attrs.field(default=None, converter=_optional_text, kw_only=True)
    tags: Mapping[str, str] = attrs.field(factory=dict, converter=_tags, hash=False, kw_only=True)

    @classmethod
    def of(cls, activity: str, amount: float, unit: str, **kwargs: Any) -> Activity:
        """Build an activity from a number and a unit string.

        >>> Activity.of("electricity", 12.5, "MWh", region="NO").amount
        <Quantity(12.5, 'megawatt_hour')>
        """
        return cls(activity, (amount, unit), **kwargs)


# --------------------------------------------------------------------------
# the columnar table


@attrs.frozen(eq=False)
class ActivityTable:
    """Many activity lines as columns: numpy arrays and categorical codes.

    Build one with :meth:`from_activities`, :meth:`from_records`,
    :meth:`from_dataframe` or :meth:`from_csv`, not by hand.

    Attributes
    ----------
    activity, unit, region, site, id : Categorical
        String columns (code ``-1``: missing).
    amount : numpy.ndarray of float64
        NaN on lines whose amount could not be read.
    year : numpy.ndarray of int32
        ``-1`` where the line gives no year.
    scope, category : numpy.ndarray of int8
        Overrides; ``0`` where the line gives none.
    tags : Mapping[str, Categorical]
        Any other input columns, kept.
    line : numpy.ndarray of int64
        Each row's line number in the input.
    problems : Problems
        Everything wrong with the input, as columns (row, line, field, value,
        expected); iterating gives :class:`~ghgcore.errors.LineIssue` objects.
    source : str
        Where the lines came from (a path, ``"<DataFrame>"``, ...).
    exclusion : Categorical, optional
        Why a line is deliberately left out of the calculation (a ledger
        line that is not a purchase, spend covered by activity data); code
        ``-1`` for the lines that are in. Excluded lines stay in the result,
        counted and summed apart from calculated and unresolved lines.
    marks : Mapping[str, Categorical]
        Columns ghgcore itself sets on lines, never read from an input:
        ``input`` (:meth:`concat`: which input each line is from) and
        ``method`` (``spend`` on general-ledger lines,
        :data:`ghgcore.spend.SPEND_TAG`). Kept apart from :attr:`tags`, so
        that no input column can pass for them.
    """

    activity: Categorical
    amount: FloatArray
    unit: Categorical
    region: Categorical
    year: npt.NDArray[np.int32]
    scope: npt.NDArray[np.int8]
    category: npt.NDArray[np.int8]
    site: Categorical
    id: Categorical
    tags: Mapping[str, Categorical]
    line: npt.NDArray[np.int64]
    problems: Problems = attrs.field(factory=Problems.empty)
    source: str = ""
    exclusion: Categorical | None = None
    marks: Mapping[str, Categorical] = attrs.field(factory=dict)

    @property
    def excluded(self) -> npt.NDArray[np.bool_]:
        """Boolean mask of the lines excluded on purpose (see :attr:`exclusion`)."""
        if self.exclusion is None:
            return np.zeros(len(self), dtype=bool)
        return self.exclusion.codes >= 0

    def __len__(self) -> int:
        return len(self.amount)

    def __repr__(self) -> str:
        return (
            f"<ActivityTable {len(self)} lines from {self.source or 'memory'}: "
            f"{len(self.activity.categories)} activities, {len(self.unit.categories)} units, "
            f"{len(self.problems)} problems>"
        )

    @property
    def problem_rows(self) -> npt.NDArray[np.intp]:
        """The row of each problem (``problems.row``)."""
        return self.problems.row

    @property
    def valid(self) -> npt.NDArray[np.bool_]:
        """Boolean mask of the lines without problems."""
        return ~self.problems.mask(len(self))

    def __iter__(self) -> Iterator[Activity]:
        """Iterate over the valid lines as :class:`Activity` objects (slow; for inspection)."""
        valid = self.valid
        for row in np.flatnonzero(valid):
            yield self.activity_at(int(row))

    def activity_at(self, row: int) -> Activity:
        """Return one valid row as an :class:`Activity`."""
        return Activity(
            self.activity.value(row) or "",
            (float(self.amount[row]), self.unit.value(row) or ""),
            region=self.region.value(row),
            year=int(self.year[row]) if self.year[row] >= 0 else None,
            scope=int(self.scope[row]) or None,
            category=int(self.category[row]) or None,
            site=self.site.value(row),
            id=self.id.value(row),
            tags={k: v for k, col in self.tags.items() if (v := col.value(row)) is not None},
        )

    # ----------------------------------------------------------- builders

    @classmethod
    def concat(cls, tables: Sequence[ActivityTable]) -> ActivityTable:
        """Stack tables into one, keeping each line's number and problems.

        With more than one table, the mark ``input`` (:attr:`marks`) says
        which table (its :attr:`source`) each line comes from; a tag of that
        name stays a tag.
        """
        if not tables:
            raise ValueError("concat: expected at least one table")
        if len(tables) == 1:
            return tables[0]
        offsets = np.cumsum([0, *(len(t) for t in tables)])
        tag_names = list(dict.fromkeys(name for t in tables for name in t.tags))
        sources = Categorical.from_codes(
            np.repeat(np.arange(len(tables)), [len(t) for t in tables]),
            [t.source or f"<input {i + 1}>" for i, t in enumerate(tables)],
        )
        tags = {
            name: Categorical.concat(
                [t.tags[name] if name in t.tags else Categorical.empty(len(t)) for t in tables]
            )
            for name in tag_names
        }
        mark_names = list(dict.fromkeys(name for t in tables for name in t.marks))
        marks = {
            name: Categorical.concat(
                [t.marks[name] if name in t.marks else Categorical.empty(len(t)) for t in tables]
            )
            for name in mark_names
        }
        marks["input"] = sources
        exclusions = [t.exclusion or Categorical.empty(len(t)) for t in tables]
        return cls(
            activity=Categorical.concat([t.activity for t in tables]),
            amount=np.concatenate([t.amount for t in tables]),
            unit=Categorical.concat([t.unit for t in tables]),
            region=Categorical.concat([t.region for t in tables]),
            year=np.concatenate([t.year for t in tables]),
            scope=np.concatenate([t.scope for t in tables]),
            category=np.concatenate([t.category for t in tables]),
            site=Categorical.concat([t.site for t in tables]),
            id=Categorical.concat([t.id for t in tables]),
            tags=tags,
            line=np.concatenate([t.line for t in tables]),
            problems=Problems.concat([t.problems for t in tables], offsets[:-1].tolist()),
            source=" + ".join(t.source for t in tables),
            exclusion=Categorical.concat(exclusions)
            if any(t.exclusion is not None for t in tables)
            else None,
            marks=marks,
        )

    @classmethod
    def from_activities(
        cls, activities: Iterable[Activity], *, source: str = "<activities>"
    ) -> ActivityTable:
        """Build a table from :class:`Activity` objects (already validated)."""
        items = list(activities)
        for i, item in enumerate(items):
            if not isinstance(item, Activity):
                raise TypeError(f"item {i + 1}: expected an Activity, got {type(item).__name__}")
        tag_names = sorted({k for a in items for k in a.tags})
        columns: dict[str, Any] = {
            "activity": [a.activity for a in items],
            "amount": np.fromiter((a.amount.magnitude for a in items), dtype=np.float64, count=len(items)),
            "unit": [str(a.amount.units) for a in items],
            "region": [a.region for a in items],
            "year": [a.year for a in items],
            "scope": [a.scope for a in items],
            "category": [a.category for a in items],
            "site": [a.site for a in items],
            "id": [a.id for a in items],
        }
        for name in tag_names:
            columns[name] = [a.tags.get(name) for a in items]
        return cls._build(columns, np.arange(1, len(items) + 1, dtype=np.int64), source)

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], *, source: str = "<records>"
    ) -> ActivityTable:
        """Build a table from mappings with the activities CSV's column names.

        >>> t = ActivityTable.from_records([
        ...     {"activity": "diesel", "amount": 1000, "unit": "L"},
        ...     {"activity": "diesel", "amount": "n/a", "unit": "L"},
        ... ])
        >>> len(t), [str(p) for p in t.problems]
        (2, ["line 2, field 'amount': got 'n/a', expected a finite number with '.' as decimal point"])
        """
        rows = list(records)
        names: dict[str, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row))
        columns = {name: [row.get(name) for row in rows] for name in names}
        if not rows:
            columns = {name: [] for name in REQUIRED_COLUMNS}
        return cls._build(columns, np.arange(1, len(rows) + 1, dtype=np.int64), source)

    @classmethod
    def from_dataframe(cls, frame: Any, *, source: str = "<DataFrame>") -> ActivityTable:
        """Build a table from a pandas DataFrame with the activities CSV's columns.

        Line numbers are 1-based positions in the frame. Categorical and
        pyarrow-backed string columns (pandas' default string type) are read
        once per distinct value, without a Python object per cell.
        """
        from ghgcore._reference import check_header

        names = [str(name) for name in frame.columns]
        check_header(
            names, source, None, ActivityFileError, what="the frame's columns", only=STANDARD_COLUMNS
        )
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:  # two tags of one name: one would replace the other
            raise ActivityFileError(
                f"{source}: the frame has more than one column named {', '.join(map(repr, repeated))}; "
                "expected each column once"
            )
        columns = {name: _column(frame.iloc[:, j]) for j, name in enumerate(names)}
        return cls._build(columns, np.arange(1, len(frame) + 1, dtype=np.int64), source)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> ActivityTable:
        """Read the activities CSV format (UTF-8, comma-separated, a header row).

        The file is read with pyarrow's multithreaded reader, string columns
        dictionary-encoded: a million lines load without a Python object
        per cell. Values are stripped of surrounding white space; empty ones
        are missing. Extra columns are kept as tags.

        Line numbers are the file's: a row's number is the physical line it
        starts on, so the header is line 1 and blank lines, skipped, are
        counted (for a UTF-16 or UTF-32 file they are not: there the rows
        are numbered from the header on).

        Empty cells after the header's (a comma at the end of each line)
        are ignored, and so is a column with neither a name nor values; a
        row with values after the header's cells is unresolved, naming them
        (its columns are never shifted).

        Raises
        ------
        ActivityFileError
            If the file cannot be read, is not UTF-8, is empty, lacks a
            required column, names a column twice (``amount`` and
            ``Amount``), or is not CSV (a quote never closed).
        """
        from ghgcore._csv import read_text_columns, release_arrow_memory
        from ghgcore._reference import overlong_expected

        read = read_text_columns(
            path,
            REQUIRED_COLUMNS,
            ActivityFileError,
            encoding=encoding,
            plain=("amount",),
            unique=STANDARD_COLUMNS,
        )
        overlong = (read.overlong.rows, read.overlong.text, overlong_expected(read.width))
        table = cls._build(read.columns, read.line, os.fspath(path), consume=True, overlong=overlong)
        del read  # `columns` is emptied by _build
        release_arrow_memory()
        return table

    @classmethod
    def _build(
        cls,
        raw: Mapping[str, Any],
        line: npt.NDArray[np.int64],
        source: str,
        *,
        consume: bool = False,
        overlong: tuple[npt.NDArray[np.intp], Any, str] | None = None,
    ) -> ActivityTable:
        """Validate and encode columns of any kind: lists, numpy or pyarrow arrays, Categoricals.

        With `consume`, `raw` (a dict) is emptied and each input column let
        go as soon as it is encoded, so that a large input and its encoded
        table are never both whole in memory. `overlong`: rows with cells
        after the header's, their text and what was expected (a problem
        ``(row)`` each).

        Raises
        ------
        ActivityFileError
            If a required column is missing, or two names are the same
            column (``amount`` and ``Amount``).
        """
        from ghgcore._reference import check_header

        names = [str(name) for name in raw]
        keys = check_header(names, source, None, ActivityFileError, what="the columns", only=STANDARD_COLUMNS)
        columns = {
            key if key in STANDARD_COLUMNS else name: v
            for name, key, v in zip(names, keys, raw.values(), strict=True)
        }
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise ActivityFileError(
                f"{source}: missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(c) for c in missing)}; expected columns "
                f"{', '.join(REQUIRED_COLUMNS)} (found {', '.join(repr(c) for c in raw) or 'none'})"
            )
        if consume and isinstance(raw, dict):
            raw.clear()
        n = len(line)
        found = _Found(line)

        if overlong is not None and len(overlong[0]):
            found.add(overlong[0], "(row)", overlong[1], overlong[2], values_at_rows=True)
        activity = _categorical(columns["activity"])
        found.add(np.flatnonzero(activity.codes < 0), "activity", activity, "an activity key")

        amount_raw = columns.pop("amount") if consume else columns["amount"]
        amount = _arrow_amounts(amount_raw) if _is_arrow(amount_raw) else _to_float(amount_raw)
        found.add(np.flatnonzero(~np.isfinite(amount)), "amount", amount_raw, _EXPECT_AMOUNT)
        del amount_raw
        if consume:  # the amounts' text is most of an input file: give its memory back now
            from ghgcore._csv import release_arrow_memory

            release_arrow_memory()

        unit = _categorical(columns["unit"])
        unit_expected = np.full(len(unit.categories) + 1, -1, dtype=np.int32)  # index into messages
        messages: dict[str, int] = {}
        for code, text in enumerate(unit.categories):
            try:
                check_unit(text)
            except UnitError as e:
                unit_expected[code] = messages.setdefault(e.expected, len(messages))
        unit_expected[-1] = messages.setdefault("a unit, such as 'kWh', 'L' or 'NOK'", len(messages))
        row_expected = unit_expected[unit.codes]
        for expected, index in messages.items():
            found.add(np.flatnonzero(row_expected == index), "unit", unit, expected)

        year, _ = _coded_ints(
            columns.get("year"), n, np.int32, -1, MIN_YEAR, MAX_YEAR, "year", _EXPECT_YEAR, found
        )
        scope, _ = _coded_ints(columns.get("scope"), n, np.int8, 0, 1, 3, "scope", _EXPECT_SCOPE, found)
        category, category_text = _coded_ints(
            columns.get("category"), n, np.int8, 0, 1, 15, "category", _EXPECT_CATEGORY, found
        )
        clash = np.flatnonzero((category > 0) & (scope > 0) & (scope != 3))
        found.add(clash, "category", category_text, "no category: scope-3 categories go with scope 3 only")

        def optional(name: str) -> Categorical:
            return _categorical(columns[name]) if name in columns else Categorical.empty(n)

        tags = {
            name: _categorical(values) for name, values in columns.items() if name not in STANDARD_COLUMNS
        }
        return cls(
            activity=activity,
            amount=amount,
            unit=unit,
            region=optional("region").map_categories(str.upper),
            year=year,
            scope=scope,
            category=category,
            site=optional("site"),
            id=optional("id"),
            tags=tags,
            line=line,
            problems=found.problems(),
            source=source,
        )


class _Found:
    """The problems met while building a table, gathered as columns."""

    def __init__(self, line: npt.NDArray[np.int64]) -> None:
        self.line = line
        self.rows: list[npt.NDArray[np.intp]] = []
        self.values: list[Categorical] = []
        self.fields: dict[str, int] = {}
        self.field_codes: list[npt.NDArray[np.int32]] = []
        self.expected: dict[str, int] = {}
        self.expected_codes: list[npt.NDArray[np.int32]] = []

    def add(
        self,
        rows: npt.NDArray[np.intp],
        field: str,
        values: Any,
        expected: str,
        *,
        values_at_rows: bool = False,
    ) -> None:
        """Record a problem with `field` on each of `rows`.

        `values` is the column the texts come from, or with `values_at_rows`
        the texts of `rows` themselves.
        """
        if not len(rows):
            return
        self.rows.append(rows)
        self.values.append(_categorical(values) if values_at_rows else _texts_at(values, rows))
        self.field_codes.append(np.full(len(rows), self.fields.setdefault(field, len(self.fields)), np.int32))
        code = self.expected.setdefault(expected, len(self.expected))
        self.expected_codes.append(np.full(len(rows), code, np.int32))

    def problems(self) -> Problems:
        """All the problems, in row order."""
        if not self.rows:
            return Problems.empty()
        rows = np.concatenate(self.rows)
        return Problems.from_columns(
            row=rows,
            line=self.line[rows],
            field=Categorical(codes=np.concatenate(self.field_codes), categories=tuple(self.fields)),
            value=Categorical.concat(self.values),
            expected=Categorical(codes=np.concatenate(self.expected_codes), categories=tuple(self.expected)),
        )


def _is_arrow(values: Any) -> bool:
    """Whether `values` is a pyarrow Array or ChunkedArray (without importing pyarrow)."""
    return type(values).__module__.startswith("pyarrow") and hasattr(values, "type")


def _categorical(values: Any) -> Categorical:
    """Any column of strings as a Categorical: stripped, blanks missing, once per distinct value."""
    if isinstance(values, Categorical):
        return values
    if _is_arrow(values):
        return Categorical.from_arrow(values)
    return Categorical.from_values(values)


def _object_lookup(categories: Sequence[str]) -> npt.NDArray[np.object_]:
    """Categories and, last (for code -1), the empty string, as an object array."""
    lookup = np.empty(len(categories) + 1, dtype=object)
    lookup[:-1] = categories
    lookup[-1] = ""
    return lookup


def _texts_at(values: Any, rows: npt.NDArray[np.intp]) -> Categorical:
    """The text of `values` on `rows`, stripped, missing for nothing, built once per distinct value."""
    if isinstance(values, Categorical):
        return Categorical(codes=values.codes[rows], categories=values.categories)
    if _is_arrow(values):
        return Categorical.from_arrow(values.take(arrow_indices(rows)))
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    picked_values = array[rows]
    if picked_values.dtype.kind in "iufb":
        uniques, inverse = np.unique(picked_values, return_inverse=True)
        texts = ["" if _missing(v) else str(v).strip() for v in uniques.tolist()]
        return Categorical.from_codes(inverse.ravel(), texts)
    objects = np.asarray(picked_values, dtype=object)
    import pandas as pd

    codes, uniques_obj = pd.factorize(objects, sort=False)
    if all(isinstance(v, str) for v in uniques_obj):  # no 1 == True == 1.0 merged away
        return Categorical.from_codes(codes, list(uniques_obj))
    return Categorical.from_values(["" if _missing(v) else str(v).strip() for v in objects])


def _column(series: Any) -> Any:
    """A DataFrame column as pandas Categorical, pyarrow array (strings backed by pyarrow) or numpy array."""
    dtype = series.dtype
    if str(dtype) == "category":
        return series.array
    storage = getattr(dtype, "storage", None)
    arrow_type = getattr(dtype, "pyarrow_dtype", None)
    if storage == "pyarrow" or (arrow_type is not None and _is_text_type(arrow_type)):
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

        return pa.array(series)
    return series.to_numpy()


def _is_text_type(arrow_type: Any) -> bool:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))


def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _to_float(values: Any) -> FloatArray:
    """Parse a column of amounts; NaN where a value is not a finite number.

    Strings are parsed with '.' as decimal point ("1,5" is not a number);
    booleans are not numbers either.
    """
    array = np.asarray(values)
    if array.dtype.kind in "iuf":
        out = array.astype(np.float64)
    elif array.dtype.kind in "OUS":
        import pandas as pd

        series = pd.Series(np.asarray(array, dtype=object), copy=False)
        out = np.array(pd.to_numeric(series, errors="coerce"), dtype=np.float64)
        if array.dtype.kind == "O" and pd.api.types.infer_dtype(series, skipna=True) != "string":
            out[series.map(lambda v: isinstance(v, bool)).to_numpy(dtype=bool)] = np.nan
    else:
        out = np.full(len(array), np.nan)
    out[~np.isfinite(out)] = np.nan
    return out


def _arrow_amounts(values: Any) -> FloatArray:
    """Parse a pyarrow column of amounts, vectorised; NaN where a value is not a finite number.

    Reads exactly what :func:`_to_float` reads in a string: a decimal number
    with '.' as decimal point and an optional exponent, with white space
    around it. pyarrow's cast parses a chunk without a bad value in one go;
    a chunk with bad values is matched against a pattern first, and only
    the good values are cast.
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    chunked = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
    kind = chunked.type
    if pa.types.is_dictionary(kind):  # parse each distinct value once
        chunks = chunked.unify_dictionaries().chunks
        if not chunks:
            return np.zeros(0, dtype=np.float64)
        lookup = np.append(_arrow_amounts(chunks[0].dictionary), np.nan)
        codes = [arrow_numpy(c.indices, -1) for c in chunks]
        parsed: FloatArray = lookup[np.concatenate(codes)]
        return parsed
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        out = _float_numpy(pc.cast(chunked, pa.float64()))
    elif _is_text_type(kind):
        out = _parse_arrow_strings(chunked)
    else:  # booleans, dates, ...: not amounts
        out = np.full(len(chunked), np.nan)
    out[~np.isfinite(out)] = np.nan
    return out


def _parse_arrow_strings(strings: Any) -> FloatArray:
    """Parse strings chunk by chunk, so that no copy of the whole column is ever made."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    chunks = strings.chunks if isinstance(strings, pa.ChunkedArray) else [strings]
    out = np.empty(len(strings), dtype=np.float64)
    starts = np.cumsum([0, *(len(chunk) for chunk in chunks)]).tolist()

    def parse(i: int) -> None:
        out[starts[i] : starts[i + 1]] = _parse_arrow_chunk(chunks[i])

    workers = min(pa.cpu_count(), len(chunks))
    if workers > 1:  # pyarrow's kernels let go of the GIL: the chunks are parsed in parallel
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(parse, range(len(chunks))))
    else:
        for i in range(len(chunks)):
            parse(i)
    return out


def _parse_arrow_chunk(chunk: Any) -> FloatArray:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    float64 = pa.float64()
    try:  # the usual chunk: every amount a plain number
        return arrow_numpy(pc.cast(chunk, float64), np.nan)
    except pa.ArrowInvalid:
        pass
    good = pc.match_substring_regex(chunk, _AMOUNT_PATTERN)
    if good.null_count:  # (fill_null is slow: only when there are nulls)
        good = pc.fill_null(good, False)
    numbers = chunk.filter(good)
    try:
        cast = pc.cast(numbers, float64)
    except pa.ArrowInvalid:  # white space around some: pyarrow's cast does not skip it
        cast = pc.cast(pc.ascii_trim_whitespace(numbers), float64)
    out = np.full(len(chunk), np.nan)
    out[arrow_numpy(good, False)] = arrow_numpy(cast, np.nan)
    return out


def _float_numpy(array: Any) -> FloatArray:
    """A pyarrow float64 column as a writable numpy array, NaN for nulls."""
    out = arrow_numpy(array, np.nan)
    return np.array(out, dtype=np.float64) if not out.flags.writeable or out.base is not None else out


def _coded_ints(
    values: Any,
    n: int,
    dtype: type[np.integer[Any]],
    fill: int,
    low: int,
    high: int,
    field: str,
    expected: str,
    found: _Found,
) -> tuple[npt.NDArray[Any], Any]:
    """Parse a small-integer column, once per distinct value (or vectorised for numbers).

    Returns the numbers (`fill` where missing or bad) and the column the
    texts of problems come from.
    """
    if values is None:
        return np.full(n, fill, dtype=dtype), Categorical.empty(n)
    array = values if isinstance(values, np.ndarray) else None
    if array is not None and array.dtype.kind in "iu":
        bad = (array < low) | (array > high)
        found.add(np.flatnonzero(bad), field, array, expected)
        return np.where(bad, fill, array).astype(dtype), array
    if array is not None and array.dtype.kind == "f":
        given = ~np.isnan(array)
        with np.errstate(invalid="ignore"):
            good = given & np.isfinite(array) & (array == np.floor(array)) & (array >= low) & (array <= high)
        found.add(np.flatnonzero(given & ~good), field, array, expected)
        return np.where(good, array, fill).astype(dtype), array
    column = _categorical(values)
    lookup = np.full(len(column.categories) + 1, fill, dtype=dtype)
    bad = np.zeros(len(column.categories) + 1, dtype=bool)
    for code, text in enumerate(column.categories):
        number = _whole_number(text, low, high)
        if number is None:
            bad[code] = True
        else:
            lookup[code] = number
    found.add(np.flatnonzero(bad[column.codes]), field, column, expected)
    return lookup[column.codes], column


def as_table(activities: ActivityTable | Iterable[Activity] | Any) -> ActivityTable:
    """An activity table as it is, a pandas DataFrame, or Activity objects, as an :class:`ActivityTable`."""
    if isinstance(activities, ActivityTable):
        return activities
    if hasattr(activities, "columns") and hasattr(activities, "to_numpy"):
        return ActivityTable.from_dataframe(activities)
    return ActivityTable.from_activities(activities)
