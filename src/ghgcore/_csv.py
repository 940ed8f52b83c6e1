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

Files pyarrow cannot read the same way (a row with fewer or more cells than
the header, a line of only spaces, a space before an opening quote) are read
with pandas instead, so that they load, or fail, exactly as before.
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

__all__ = ["read_text_columns", "release_arrow_memory"]

_CHUNK = 1 << 22
#: a space or tab before an opening quote: pandas' skipinitialspace unquotes it, pyarrow does not
_SPACE_QUOTE = re.compile(rb'[,\r\n][ \t]+"')
_SPACE_QUOTE_FIRST = re.compile(rb'[ \t]+"')  # at the very start of the file
_BLANK = b" \t\r"
_PEEK = 16  # bytes looked at to tell a line of white space from one indented


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
) -> tuple[dict[str, Any], npt.NDArray[np.int64]]:
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

    Returns
    -------
    columns : dict of str to pyarrow.ChunkedArray
        By header name (names as pandas gives them: a repeated name gets
        ``.1``, a blank one ``Unnamed: i``).
    line : numpy.ndarray of int64
        The line each row starts on (the header's is 1 when it is the first).

    Raises
    ------
    error
        If the file is missing or unreadable, not in `encoding`, empty, or
        not CSV (a row longer than the header, named by its line).
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    name = os.fspath(path)
    names, skip = _header(name, required, error, encoding)
    shape = _scan(name, encoding)
    columns: dict[str, Any] | None = None
    # pandas unquotes a quote after a space, pyarrow does not; pandas says where a quote is
    # left open, pyarrow reads on to the end of the file: both are pandas' to read
    if shape is None or not (shape.space_quote or shape.quotes % 2):
        try:
            # a value over several lines needs the slower chunking; only a quoted value can be one
            newlines_in_values = shape is None or shape.quotes > 0
            columns = _read_arrow(name, names, skip, encoding, plain, newlines_in_values=newlines_in_values)
        except (pa.ArrowException, UnicodeError, ValueError):
            columns = None  # pandas reads it, or says what is wrong as before
    if columns is None:
        columns = _read_pandas(name, required, error, encoding)
    release_arrow_memory()  # what the parser used and freed, kept by the allocator
    rows = len(next(iter(columns.values()))) if columns else 0
    return columns, _line_numbers(name, rows, skip, shape)


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
    path: str, required: tuple[str, ...], error: type[Exception], encoding: str
) -> tuple[list[str], int]:
    """The header's names, and the number of physical lines up to its end (blank lines before it too)."""
    text_encoding = "utf-8-sig" if _is_utf8(encoding) else encoding
    skipped = 0
    cells: list[str] | None = None
    try:
        with open(path, encoding=text_encoding, newline="") as file:
            lines = iter(file)
            for line in lines:
                if line.strip(" \t\r\n"):
                    reader = csv.reader(_chain(line, lines), skipinitialspace=True)
                    cells = next(reader)
                    skipped += reader.line_num
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
    return _pandas_names(cells), skipped


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
    path: str, names: list[str], skip: int, encoding: str, plain: Collection[str], *, newlines_in_values: bool
) -> dict[str, Any]:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.csv as pacsv  # type: ignore[import-untyped,unused-ignore]

    plain_names = {p.strip().lower() for p in plain}
    fields = [f"f{i}" for i in range(len(names))]
    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {
        f: pa.string() if n.strip().lower() in plain_names else dictionary
        for f, n in zip(fields, names, strict=True)
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
    return {n: table.column(f) for f, n in zip(fields, names, strict=True)}


def _read_pandas(
    path: str, required: tuple[str, ...], error: type[Exception], encoding: str
) -> dict[str, Any]:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    from ghgcore._reference import read_text_frame

    frame = read_text_frame(path, required, error, encoding=encoding)
    # pandas' strings are pyarrow's already (pandas >= 3): no copy
    return {str(name): pa.array(frame[name]) for name in frame.columns}


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
