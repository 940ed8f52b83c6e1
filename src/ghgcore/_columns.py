"""Columnar building blocks: categorical string columns and vectorised parsing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

FloatArray = npt.NDArray[np.float64]

#: White space at either end of a string, as ``str.strip`` sees it, for pyarrow's regex (RE2).
_PADDED = r"^[\t-\r\x1c-\x1f\x85\p{Z}]|[\t-\r\x1c-\x1f\x85\p{Z}]$"


@attrs.frozen(eq=False)
class Categorical:
    """A column of strings stored as integer codes into a tuple of categories.

    Code ``-1`` means missing. Categories are in order of first appearance,
    so the same input always gives the same codes.
    """

    codes: npt.NDArray[np.int32]
    categories: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Categorical):
            return NotImplemented
        return bool(np.array_equal(self.to_numpy(), other.to_numpy()))

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_values(cls, values: Sequence[Any] | npt.NDArray[Any] | Any) -> Categorical:
        """Factorize strings; ``None``, NaN and blank strings become missing.

        Values are stripped of surrounding white space. The work on strings
        is done once per distinct value, not once per line.
        """
        codes = getattr(values, "codes", None)
        if codes is not None and hasattr(values, "categories"):  # a pandas Categorical
            return cls._normalised(np.asarray(codes), list(values.categories))
        if isinstance(values, list | tuple):
            index: dict[Any, int] = {}
            raw_codes = np.fromiter(
                (index.setdefault(v, len(index)) for v in values),
                dtype=np.int64,
                count=len(values),
            )
            uniques: list[Any] = list(index)
        else:
            import pandas as pd

            raw_codes, uniq = pd.factorize(np.asarray(values, dtype=object), sort=False)
            uniques = list(uniq)
        return cls._normalised(raw_codes, uniques)

    @classmethod
    def from_arrow(cls, array: pa.Array | pa.ChunkedArray) -> Categorical:
        """Build from a pyarrow string array, dictionary-encoded or not, without an object per cell.

        Each distinct value is stripped of surrounding white space once;
        nulls and blank values become missing, and values that are equal
        after stripping share a category. Categories are in order of first
        appearance, as with :meth:`from_values`.

        Parameters
        ----------
        array : pyarrow.Array or pyarrow.ChunkedArray
            Strings (``string``, ``large_string``), or a dictionary of them,
            as the CSV reader gives for a column read as
            ``pa.dictionary(pa.int32(), pa.string())``.

        Returns
        -------
        Categorical

        Examples
        --------
        >>> import pyarrow as pa
        >>> c = Categorical.from_arrow(pa.array(["NO", " NO", "", None, "SE"]))
        >>> c.codes.tolist(), c.categories
        ([0, 0, -1, -1, 1], ('NO', 'SE'))
        """
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

        chunked = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
        if not pa.types.is_dictionary(chunked.type):
            chunked = chunked.dictionary_encode()
        if not chunked.num_chunks:
            return cls.empty(0)
        combined = chunked.combine_chunks()  # one dictionary, the indices concatenated once, in C++
        dictionary = combined.dictionary
        codes = arrow_numpy(combined.indices, -1).astype(np.int32, copy=False)
        texts: list[Any] = dictionary.to_pylist()
        # only values that start or end with white space are touched in Python
        padded = arrow_numpy(pc.match_substring_regex(dictionary, _PADDED), 0).astype(bool)
        for j in np.flatnonzero(padded).tolist():
            texts[j] = texts[j].strip()
        if None in texts or len(set(texts)) < len(texts):
            return cls._normalised(codes, texts, owned=True)  # equal once stripped: merge them
        if "" in texts:  # blank cells are missing: code -1, and the codes after it move down
            blank = texts.index("")
            del texts[blank]
            codes = np.where(codes == blank, -1, codes - (codes > blank)).astype(np.int32)
        return cls(codes=codes, categories=tuple(texts))

    @classmethod
    def _normalised(
        cls, raw_codes: npt.NDArray[Any], uniques: list[Any], *, owned: bool = False
    ) -> Categorical:
        """Strip the uniques, drop blanks, merge equals; `owned`: `raw_codes` may be kept as is."""
        categories: dict[str, int] = {}
        remap = np.full(len(uniques) + 1, -1, dtype=np.int32)  # last slot: pandas' -1
        for i, value in enumerate(uniques):
            text = _text(value)
            if text:
                remap[i] = categories.setdefault(text, len(categories))
        raw = np.asarray(raw_codes)
        if raw.dtype.kind not in "iu":
            raw = raw.astype(np.intp)
        identity = len(categories) == len(uniques) and raw.dtype == np.int32
        codes = raw if owned and identity else remap[raw]
        return cls(codes=codes, categories=tuple(categories))

    @classmethod
    def from_codes(cls, codes: npt.NDArray[Any], categories: Sequence[Any]) -> Categorical:
        """Codes into `categories` (``-1``: missing); blank categories become missing, equal ones merge."""
        return cls._normalised(codes, list(categories))

    @classmethod
    def empty(cls, n: int) -> Categorical:
        """A column of `n` missing values."""
        return cls(codes=np.full(n, -1, dtype=np.int32), categories=())

    @classmethod
    def concat(cls, columns: Sequence[Categorical]) -> Categorical:
        """Stack columns, merging their categories (in order of first appearance)."""
        merged: dict[str, int] = {}
        parts = []
        for col in columns:
            remap = np.array(
                [merged.setdefault(c, len(merged)) for c in col.categories] + [-1], dtype=np.int32
            )
            parts.append(remap[col.codes])
        return cls(codes=np.concatenate(parts) if parts else np.zeros(0, np.int32), categories=tuple(merged))

    def map_categories(self, func: Callable[[str], str]) -> Categorical:
        """Apply `func` to each category (once each) and merge equal results."""
        return self._normalised(self.codes, [func(c) for c in self.categories])

    def to_numpy(self) -> npt.NDArray[np.object_]:
        """Return an object array of strings, ``None`` for missing."""
        lookup = np.array([*self.categories, None], dtype=object)
        return lookup[self.codes]

    def to_pandas(self) -> Any:
        """Return a :class:`pandas.Categorical` sharing the codes."""
        import pandas as pd

        return pd.Categorical.from_codes(self.codes, categories=pd.Index(list(self.categories), dtype=object))

    def value(self, row: int) -> str | None:
        """Return one row's string, ``None`` if missing."""
        code = int(self.codes[row])
        return None if code < 0 else self.categories[code]


def arrow_indices(rows: npt.NDArray[Any]) -> Any:
    """Row numbers as a pyarrow int64 array, for ``take``, without importing pandas.

    (``pyarrow.array`` of a numpy array asks pandas whether it is one of
    its arrays, importing it: a third of a second.)

    Examples
    --------
    >>> import numpy as np
    >>> arrow_indices(np.array([2, 0])).to_pylist()
    [2, 0]
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    data = np.ascontiguousarray(rows, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def arrow_numpy(array: pa.Array | pa.ChunkedArray, fill: Any) -> npt.NDArray[Any]:
    """A pyarrow array of numbers or booleans as one numpy array, nulls as `fill`.

    Each chunk's data buffer is viewed without a copy (pyarrow's ``to_numpy``
    imports pandas, a third of a second); booleans go through ``int8``. The
    result shares memory with `array` if it is one chunk without nulls: copy
    it before writing to it.

    Examples
    --------
    >>> import pyarrow as pa
    >>> arrow_numpy(pa.chunked_array([[1, None], [3]]), -1).tolist()
    [1, -1, 3]
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    parts = []
    for chunk in chunks:
        is_bool = pa.types.is_boolean(chunk.type)
        if is_bool:
            chunk = pc.cast(chunk, pa.int8())
        dtype = np.dtype(chunk.type.to_pandas_dtype())
        validity, data = chunk.buffers()[:2]
        part = np.frombuffer(data, dtype=dtype, count=len(chunk), offset=chunk.offset * dtype.itemsize)
        if chunk.null_count:  # from the validity bitmap: pyarrow's fill_null imports pandas for its scalar
            bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
            valid = bits[chunk.offset : chunk.offset + len(chunk)].astype(bool)
            part = np.where(valid, part, np.asarray(fill).astype(dtype))
        parts.append(part.astype(bool) if is_bool else part)
    if not parts:
        return np.zeros(0, dtype=np.dtype(array.type.to_pandas_dtype()))
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value).strip()
