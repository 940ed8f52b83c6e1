"""A year's emissions by scope key, and the scope selections targets and commitments name.

An account's *figures* are its kg CO2e under these keys:

- ``"1"``: scope 1; ``"1_fossil"``: the part of scope 1 from lines that
  emit fossil CO2 (burning fossil fuels: what "fossil-free" targets take to
  zero; refrigerant leaks and biofuels' CH4 and N2O are not in it);
- ``"2_location"``, ``"2_market"``: scope 2 on each basis;
- ``"3"``: scope 3, and ``"3.1"`` ... ``"3.15"`` its categories.

A *selection* is a sum of some of them, written ``1+2+3.6``: ``2`` is
scope 2 market-based (``2_location`` for the other basis), ``3.6`` scope 3
category 6. A selection never counts a kg twice (``3+3.6`` and
``1+1_fossil`` are refused).

>>> parse_scopes("1+2+3.6")
('1', '2_market', '3.6')
>>> select({"1": 10.0, "2_market": 5.0, "2_location": 7.0, "3.6": 1.0}, ("1", "2_market", "3.6"))
16.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ghgcore.errors import OptionError

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = [
    "CATEGORY_KEYS",
    "CATEGORY_NAMES",
    "FIGURE_KEYS",
    "figures",
    "fossil_scope1",
    "parse_scopes",
    "select",
]

#: Scope 3 categories' keys.
CATEGORY_KEYS = tuple(f"3.{c}" for c in range(1, 16))
#: The names of the 15 scope 3 categories, by number (``"1"`` ... ``"15"``), as the GHG Protocol's
#: Corporate Value Chain (Scope 3) Standard (2011, chapter 5) gives them. Views show them through
#: :mod:`ghgcore.i18n`, with these English names as the messages.
CATEGORY_NAMES: Mapping[str, str] = {
    "1": "Purchased goods and services",
    "2": "Capital goods",
    "3": "Fuel- and energy-related activities",
    "4": "Upstream transportation and distribution",
    "5": "Waste generated in operations",
    "6": "Business travel",
    "7": "Employee commuting",
    "8": "Upstream leased assets",
    "9": "Downstream transportation and distribution",
    "10": "Processing of sold products",
    "11": "Use of sold products",
    "12": "End-of-life treatment of sold products",
    "13": "Downstream leased assets",
    "14": "Franchises",
    "15": "Investments",
}
#: Every key of an account's figures.
FIGURE_KEYS = ("1", "1_fossil", "2_location", "2_market", "3", *CATEGORY_KEYS)

_ALIASES = {
    "1": "1",
    "1_fossil": "1_fossil",
    "1f": "1_fossil",
    "2": "2_market",
    "2_market": "2_market",
    "2m": "2_market",
    "2_location": "2_location",
    "2l": "2_location",
    "3": "3",
}
#: Keys that hold part of another key.
_PART_OF = {"1_fossil": "1", **{key: "3" for key in CATEGORY_KEYS}}


def parse_scopes(text: str | Iterable[str]) -> tuple[str, ...]:
    """Scope keys from ``1+2+3``-style text (or an iterable of tokens), in the order given.

    Tokens: ``1``, ``1_fossil`` (``1f``), ``2`` / ``2_market`` (``2m``),
    ``2_location`` (``2l``), ``3``, ``3.1`` ... ``3.15``.

    Raises
    ------
    OptionError
        An unknown token, a repeated one, both scope 2 bases, or a key with
        a part of it (``3`` and ``3.6``).

    Examples
    --------
    >>> parse_scopes("1 + 2l")
    ('1', '2_location')
    >>> parse_scopes("3+3.4")
    Traceback (most recent call last):
    ...
    ghgcore.errors.OptionError: scopes '3+3.4': 3.4 is part of 3; name one of them
    """
    shown = text if isinstance(text, str) else "+".join(text)
    tokens = [t.strip().lower() for t in (text.split("+") if isinstance(text, str) else text)]
    keys: list[str] = []
    for token in tokens:
        key = _ALIASES.get(token)
        if key is None and token.startswith("3."):
            key = token if token in CATEGORY_KEYS else None
        if key is None:
            raise OptionError(
                f"scopes {shown!r}: unknown scope {token!r}; expected 1, 1_fossil, 2 (market-based), "
                "2_location, 3 or a scope 3 category 3.1 ... 3.15, joined with +"
            )
        if key in keys:
            raise OptionError(f"scopes {shown!r}: {key} named twice")
        keys.append(key)
    if not keys:
        raise OptionError(f"scopes {shown!r}: expected at least one scope")
    if "2_market" in keys and "2_location" in keys:
        raise OptionError(f"scopes {shown!r}: scope 2 on both bases counts it twice; name one basis")
    for key in keys:
        whole = _PART_OF.get(key)
        if whole in keys:
            raise OptionError(f"scopes {shown!r}: {key} is part of {whole}; name one of them")
    return tuple(keys)


def select(figures: Mapping[str, float], scopes: Iterable[str]) -> float:
    """The sum of `figures` over the scope keys `scopes` (a missing key counts 0).

    Raises
    ------
    KeyError
        A key that is not one of :data:`FIGURE_KEYS`.
    """
    total = []
    for key in scopes:
        if key not in FIGURE_KEYS:
            raise KeyError(f"{key!r} is not a scope key; expected one of {', '.join(FIGURE_KEYS)}")
        total.append(float(figures.get(key, 0.0)))
    return math.fsum(total)


def fossil_scope1(result: Result, basis: str = "market") -> float:
    """The kg CO2e of the scope 1 lines that emit fossil CO2 (fuels burnt), as in :data:`FIGURE_KEYS`."""
    b = 0 if basis == "location" else 1
    if "CO2" not in result.gases:
        return 0.0
    co2 = result.by_basis["mass"][b][result.gases.index("CO2")]
    fossil = result.calculated & (np.asarray(result.lines["scope"]) == 1) & (co2 > 0)
    return math.fsum(result.by_basis["co2e"][b][fossil].tolist())


def figures(summary: Mapping[str, Any], fossil: float = 0.0) -> dict[str, float]:
    """An account's figures from its calculation summary (and its fossil scope 1, see :func:`fossil_scope1`)."""
    scopes = summary["scopes"]
    out = {key: float(scopes[key]) for key in ("1", "2_location", "2_market", "3")}
    out["1_fossil"] = float(fossil)
    categories = summary.get("scope3_categories", {})
    out.update({f"3.{c}": float(categories.get(str(c), 0.0)) for c in range(1, 16)})
    return {key: out[key] for key in FIGURE_KEYS}
