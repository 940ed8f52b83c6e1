"""Reading large CSV files as columns: pyarrow's multithreaded reader, nothing guessed.

:func:`read_text_columns` reads every column as text, each a pyarrow
``ChunkedArray``: dictionary-encoded by default, so that a column of a
million cells with a few hundred distinct values is a few hundred strings and
an array of codes, never a Python object per cell. It keeps the meaning the
pandas reader of :func:`ghgcore._reference.read_text_frame` gives a file:

- the header is the first line that is not blank; blank lines are skipped;
- a UTF-8 byte order mark is accepted;
- values are text as written, empty cells ``""`` (never null); stripping
  them is the caller's business, once per distinct value;
- the row's line number is the physical line it starts on in the file.

It adds what that reader lacked: a header that names a column twice
(``amount`` and ``Amount``) is refused; a row with more cells than the
header never shifts the columns (pandas took the first column for an index):
empty cells after the header's (a comma at the end of each line) are
ignored, and a row with values there is returned among the `overlong` rows,
for the caller to report; an unnamed column with nothing in it is dropped.

Files pyarrow cannot read the same way (a row with fewer or more cells than
the others, a line of only spaces, a space before an opening quote) are read
with pandas instead, with the same result.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
from collections.abc import Collection, Iterator
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical, arrow_indices
from ghgcore._reference import check_header

__all__ = ["Overlong", "TextColumns", "read_text_columns", "release_arrow_memory"]

_CHUNK = 1 << 22
#: a space or tab before an opening quote: pandas' skipinitialspace unquotes it, pyarrow does not
_SPACE_QUOTE = re.compile(rb'[,\r\n][ \t]+"')
_SPACE_QUOTE_FIRST = re.compile(rb'[ \t]+"')  # at the very start of the file
_BLANK = b" \t\r"
_PEEK = 16  # bytes looked at to tell a line of white space from one indented


class Overlong(NamedTuple):
    """Rows with values after the header's cells: which rows, and those cells' text joined by commas."""

    rows: npt.NDArray[np.intp]
    text: Any  # pyarrow string Array, one per row


class TextColumns(NamedTuple):
    """What :func:`read_text_columns` read."""

    columns: dict[str, Any]
    line: npt.NDArray[np.int64]
    overlong: Overlong
    width: int  # the header's number of cells


class _Header(NamedTuple):
    names: list[str]  # as pandas gives them (blank ones "Unnamed: i")
    blank: list[bool]  # which header cells are blank
    skip: int  # physical lines up to the header's end
    first_width: int  # cells of the first data row (0: not known)


class _Shape(NamedTuple):
    """What one pass over the bytes tells about a file."""

    size: int
    line_ends: int  # "\n", "\r\n" and lone "\r"
    ends_with_newline: bool
    quotes: int
    space_quote: bool


def read_text_columns(
    path: str | os.PathLike[str],
    required: tuple[str, ...],
    error: type[Exception],
    *,
    encoding: str = "utf-8",
    plain: Collection[str] = (),
    unique: Collection[str] | None = None,
) -> TextColumns:
    """Read a CSV file with a header row into text columns and line numbers.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    required : tuple of str
        Column names named in the message for an empty file.
    error : type of Exception
        Raised, with a message naming the file, when it cannot be read.
    encoding : str, default "utf-8"
        The file's encoding.
    plain : collection of str
        Columns to read as plain strings rather than dictionary-encoded ones
        (those with mostly distinct values, such as amounts), matched by
        name stripped and lower-cased.
    unique : collection of str, optional
        The columns the header may name once only, matched without regard
        to case or surrounding spaces (default: every column).

    Returns
    -------
    TextColumns
        `columns`: pyarrow ChunkedArrays by header name (a blank name is
        ``Unnamed: i``; such a column with nothing in it is left out);
        `line`: the line each row starts on (the header's is 1 when it is
        the first); `overlong`: the rows with values after the header's
        cells (empty ones there are ignored); `width`: the header's cells.

    Raises
    ------
    error
        If the file is missing or unreadable, not in `encoding`, empty,
        names a column twice, or is not CSV (a quote never closed).
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    name = os.fspath(path)
    header = _header(name, required, error, encoding, unique)
    names, skip = header.names, header.skip
    shape = _scan(name, encoding)
    cells: list[Any] | None = None
    # pandas unquotes a quote after a space, pyarrow does not; pandas says where a quote is
    # left open, pyarrow reads on to the end of the file: both are pandas' to read
    if shape is None or not (shape.space_quote or shape.quotes % 2):
        try:
            # a value over several lines needs the slower chunking; only a quoted value can be one
            newlines_in_values = shape is None or shape.quotes > 0
            width = max(len(names), header.first_width)
            cells = _read_arrow(
                name, names, width, skip, encoding, plain, newlines_in_values=newlines_in_values
            )
        except (pa.ArrowException, UnicodeError, ValueError):
            cells = None  # pandas reads it, or says what is wrong
    if cells is None:
        cells = _read_pandas(name, names, error, encoding, shape)
    release_arrow_memory()  # what the parser used and freed, kept by the allocator
    rows = len(cells[0]) if cells else 0
    columns, overlong = _split(cells, header)
    return TextColumns(columns, _line_numbers(name, rows, skip, shape), overlong, len(names))


def _split(cells: list[Any], header: _Header) -> tuple[dict[str, Any], Overlong]:
    """The header's columns (unnamed empty ones left out), and the rows with values after them."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    width = len(header.names)
    columns = {
        n: cells[j]
        for j, n in enumerate(header.names)
        if not (header.blank[j] and not _filled(cells[j]).any())
    }
    extra = cells[width:]
    if not extra:  # (pa.nulls, not pa.array: that imports pandas)
        return columns, Overlong(np.zeros(0, dtype=np.intp), pa.nulls(0, pa.string()))
    filled = np.zeros(len(cells[0]), dtype=bool)
    for column in extra:
        filled |= _filled(column)
    rows = np.flatnonzero(filled)
    taken = [pc.cast(column.take(arrow_indices(rows)), pa.string()) for column in extra]
    joined = pc.binary_join_element_wise(*taken, ",") if len(taken) > 1 else taken[0]
    text = pc.utf8_rtrim(joined, characters=", \t")  # the empty cells at the end: not worth showing
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    return columns, Overlong(rows, text)


def _filled(column: Any) -> npt.NDArray[np.bool_]:
    """Which cells of a text column hold more than white space."""
    return Categorical.from_arrow(column).codes >= 0


def release_arrow_memory() -> None:
    """Give the memory pyarrow's allocator holds but no longer uses back to the system.

    pyarrow's default allocator (mimalloc or jemalloc) keeps freed memory for
    later; after reading a large file that is tens of megabytes the rest of
    the process cannot use.
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    with contextlib.suppress(AttributeError, NotImplementedError):  # older pyarrow
        pa.default_memory_pool().release_unused()


def _is_utf8(encoding: str) -> bool:
    """UTF-8, with or without a byte order mark: pyarrow's own (it skips a BOM), no transcoding."""
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _header(
    path: str,
    required: tuple[str, ...],
    error: type[Exception],
    encoding: str,
    unique: Collection[str] | None,
) -> _Header:
    """The header's names, the number of physical lines up to its end (blank lines before it too), and more.

    Raises
    ------
    error
        If the file cannot be read as text, is empty, or names a column twice.
    """
    text_encoding = "utf-8-sig" if _is_utf8(encoding) else encoding
    skipped = 0
    cells: list[str] | None = None
    first_width = 0
    try:
        with open(path, encoding=text_encoding, newline="") as file:
            lines = iter(file)
            for line in lines:
                if line.strip(" \t\r\n"):
                    reader = csv.reader(_chain(line, lines), skipinitialspace=True)
                    cells = next(reader)
                    header_line = skipped + 1
                    skipped += reader.line_num
                    first_width = _first_width(reader)
                    break
                skipped += 1
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise error(f"{path}: not {encoding} text ({e.reason} at byte {e.start})") from None
    except LookupError:
        raise error(f"{path}: unknown encoding {encoding!r}") from None
    except csv.Error as e:
        raise error(f"{path}: not a valid CSV file: {e}") from None
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None
    if cells is None:
        raise error(f"{path}: the file is empty; expected a header row with {', '.join(required)}")
    check_header(cells, path, header_line, error, only=unique)
    return _Header(_pandas_names(cells), [not c.strip() for c in cells], skipped, first_width)


def _first_width(reader: Iterator[list[str]]) -> int:
    """The number of cells of the first data row (0 if there is none near the header, or it is not CSV)."""
    try:
        for cells, _ in zip(reader, range(64), strict=False):
            if len(cells) > 1 or (cells and cells[0].strip()):
                return len(cells)
    except (csv.Error, UnicodeDecodeError):
        pass
    return 0


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _pandas_names(cells: list[str]) -> list[str]:
    """Header names as pandas gives them: blank ones ``Unnamed: i``, repeated ones ``name.1``."""
    names: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        name = cell or f"Unnamed: {i}"
        base, k = name, 0
        while name in seen:
            k += 1
            name = f"{base}.{k}"
        seen.add(name)
        names.append(name)
    return names


def _scan(path: str, encoding: str) -> _Shape | None:
    """Count line ends and look for what pyarrow reads unlike pandas; None for encodings unlike ASCII."""
    if not _is_utf8(encoding) and '\n\r"'.encode(encoding, errors="replace") != b'\n\r"':
        return None  # UTF-16 and the like: no byte-level view
    size = line_ends = quotes = 0
    space_quote = False
    tail = b""  # the end of the previous chunk, for patterns across the boundary
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            size += len(chunk)
            codes = np.frombuffer(chunk, dtype=np.uint8)
            line_ends += int(np.count_nonzero(codes == 10))
            if b"\r" in chunk:  # "\r\n" is one line end, a lone "\r" another
                cr = codes == 13
                line_ends += int(np.count_nonzero(cr[:-1] & (codes[1:] != 10))) + int(bool(cr[-1]))
            if tail.endswith(b"\r") and chunk.startswith(b"\n"):
                line_ends -= 1  # a "\r\n" split between chunks: its "\r" was counted as lone
            if b'"' in chunk:
                quotes += int(np.count_nonzero(codes == 34))
                if not space_quote and _blank_before_quote(codes, tail):
                    block = tail + chunk
                    first = size == len(chunk) and _SPACE_QUOTE_FIRST.match(block) is not None
                    space_quote = first or _SPACE_QUOTE.search(block) is not None
            tail = chunk[-64:]
    return _Shape(
        size=size,
        line_ends=line_ends,
        ends_with_newline=tail[-1:] in (b"\n", b"\r"),
        quotes=quotes,
        space_quote=space_quote,
    )


def _blank_before_quote(codes: npt.NDArray[np.uint8], tail: bytes) -> bool:
    """Whether a quote in `codes` follows a space or a tab (`tail`: the bytes before)."""
    quotes = np.flatnonzero(codes == 34)
    before = codes[quotes[quotes > 0] - 1]
    if np.count_nonzero((before == 32) | (before == 9)):
        return True
    return len(quotes) > 0 and quotes[0] == 0 and tail[-1:] in (b" ", b"\t")


def _read_arrow(
    path: str,
    names: list[str],
    width: int,
    skip: int,
    encoding: str,
    plain: Collection[str],
    *,
    newlines_in_values: bool,
) -> list[Any]:
    """Every row's `width` cells (`width` at least the header's), as a column per cell position."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.csv as pacsv  # type: ignore[import-untyped,unused-ignore]

    plain_names = {p.strip().lower() for p in plain}
    fields = [f"f{i}" for i in range(width)]
    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {
        f: pa.string() if j < len(names) and names[j].strip().lower() in plain_names else dictionary
        for j, f in enumerate(fields)
    }
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            use_threads=True,
            column_names=fields,
            skip_rows=skip,
            encoding="utf8" if _is_utf8(encoding) else encoding,
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=newlines_in_values, ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    return [table.column(f) for f in fields]


def _read_pandas(
    path: str, names: list[str], error: type[Exception], encoding: str, shape: _Shape | None
) -> list[Any]:
    """Every row's cells, as many as the longest row has, read by pandas (short rows padded)."""
    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    width = max(len(names), _widest(path, encoding, shape))
    for _ in range(4):
        try:
            frame = pd.read_csv(
                path,
                header=None,  # the header is the first row, its names ours
                names=list(range(width)),
                index_col=False,  # a row longer than the header is never an index
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding=encoding,
                skipinitialspace=True,
            )
        except UnicodeDecodeError as e:
            raise error(f"{path}: not {encoding} text ({e.reason} at byte {e.start})") from None
        except pd.errors.ParserError as e:
            longer = re.search(r"Expected \d+ fields in line \d+, saw (\d+)", str(e))
            if longer is None or int(longer[1]) <= width:
                raise error(f"{path}: not a valid CSV file: {_unclosed(path, shape) or e}") from None
            width = int(longer[1])  # a row the count of cells missed (quotes inside a value)
            continue
        except (pd.errors.EmptyDataError, ValueError, OSError) as e:
            raise error(f"{path}: not a valid CSV file: {e}") from None
        # pandas' strings are pyarrow's already (pandas >= 3): no copy; the header row left out
        return [
            pa.chunked_array([pa.array(frame[j], type=pa.string(), from_pandas=True)[1:]])
            for j in range(width)
        ]
    raise error(f"{path}: not a valid CSV file: rows of ever more cells")


def _widest(path: str, encoding: str, shape: _Shape | None) -> int:
    """The most cells a row of the file has (0 if the file cannot be counted so)."""
    if shape is None:  # an encoding unlike ASCII: count with the csv module
        try:
            with open(path, encoding=encoding, newline="") as file:
                return max(map(len, csv.reader(file, skipinitialspace=True)), default=0)
        except (csv.Error, UnicodeError, OSError):
            return 0
    with open(path, "rb") as file:
        data = np.frombuffer(file.read(), dtype=np.uint8)
    if not len(data):
        return 0
    quotes = np.flatnonzero(data == 34)
    commas = np.flatnonzero(data == 44)
    commas = commas[np.searchsorted(quotes, commas) % 2 == 0]  # not inside a quoted value
    ends = np.flatnonzero((data == 10) | (data == 13))
    ends = ends[np.searchsorted(quotes, ends) % 2 == 0]
    if not len(commas):
        return 1
    return int(np.bincount(np.searchsorted(ends, commas)).max()) + 1


def _unclosed(path: str, shape: _Shape | None) -> str:
    """Where a quoted value that is never closed starts ("" if none is)."""
    if shape is None or not shape.quotes % 2:
        return ""
    with open(path, "rb") as file:
        data = file.read()
    last = data.rfind(b'"')
    line = data.count(b"\n", 0, last) + data.count(b"\r", 0, last) - data.count(b"\r\n", 0, last) + 1
    return f"line {line}: a quoted value on this line is never closed; expected a closing '\"'"


def _line_numbers(path: str, rows: int, skip: int, shape: _Shape | None) -> npt.NDArray[np.int64]:
    """Each row's physical line: counted when the file has blank lines or values over several lines."""
    sequential = np.arange(skip + 1, skip + 1 + rows, dtype=np.int64)
    if shape is None:
        return sequential
    lines = shape.line_ends + (0 if shape.ends_with_newline or shape.size == 0 else 1)
    if lines == skip + rows:
        return sequential
    counted = _counted_lines(path)
    return counted if counted is not None and len(counted) == rows else sequential


def _counted_lines(path: str) -> npt.NDArray[np.int64] | None:
    """The first physical line of every data record (not blank, not the header), quotes respected."""
    with open(path, "rb") as file:
        data = file.read()
    start0 = 3 if data.startswith(codecs.BOM_UTF8) else 0
    b = np.frombuffer(data, dtype=np.uint8)
    n = len(b)
    if n == 0:
        return None
    lf = np.flatnonzero(b == 10)
    cr = np.flatnonzero(b == 13)
    if len(cr):
        after = cr + 1
        cr = cr[(after >= n) | (b[np.minimum(after, n - 1)] != 10)]
    ends = np.sort(np.concatenate([lf, cr]))
    quotes = np.flatnonzero(b == 34)
    record_ends = ends[np.searchsorted(quotes, ends) % 2 == 0]
    starts = np.concatenate([[start0], record_ends + 1])
    stops = np.concatenate([record_ends, [n]])
    blank = stops - starts <= 0
    blank |= (stops - starts == 1) & (b[np.minimum(starts, n - 1)] == 13)
    first = b[np.minimum(starts, n - 1)]
    maybe = np.flatnonzero(~blank & ((first == 32) | (first == 9)))  # white space first: blank?
    unsure = []
    for batch in range(0, len(maybe), 1 << 16):  # a line not blank shows it in its first bytes
        rows = maybe[batch : batch + (1 << 16)]
        offsets = starts[rows, None] + np.arange(_PEEK)
        peek = b[np.minimum(offsets, n - 1)]
        shown = ((offsets < stops[rows, None]) & (peek != 32) & (peek != 9) & (peek != 13)).any(axis=1)
        unsure.append(rows[~shown])
    for i in np.concatenate(unsure).tolist() if unsure else []:
        blank[i] = not data[starts[i] : stops[i]].strip(_BLANK)
    first_line = np.searchsorted(ends, starts).astype(np.int64) + 1
    records = first_line[~blank]
    return records[1:] if len(records) else None
