"""Columnar building blocks: categorical string columns and vectorised parsing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


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
    def _normalised(cls, raw_codes: npt.NDArray[Any], uniques: list[Any]) -> Categorical:
        categories: dict[str, int] = {}
        remap = np.full(len(uniques) + 1, -1, dtype=np.int32)  # last slot: pandas' -1
        for i, value in enumerate(uniques):
            text = _text(value)
            if text:
                remap[i] = categories.setdefault(text, len(categories))
        codes = remap[np.asarray(raw_codes, dtype=np.int64)]
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value).strip()
