"""What the reports share: numbers out of a summary, a year of a progress report, currency and revenue."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ghgcore.errors import OptionError
from ghgcore.i18n import Language

__all__ = ["currency_code", "number_at", "progress_row", "revenue_amount"]


def number_at(data: Any, *keys: str) -> float | None:
    """The finite number at `keys` of `data` (`data` itself without keys), or None where there is none.

    A summary is a plain dict, perhaps read back from JSON or written by an
    older ghgcore: a key that is missing, a value that is not a number (a
    string, a bool, None) or not finite all give None, never an error.

    >>> number_at({"scopes": {"1": 2000}}, "scopes", "1"), number_at({"scopes": {}}, "scopes", "1")
    (2000.0, None)
    >>> number_at(True), number_at(float("nan")), number_at(2.5)
    (None, None, 2.5)
    """
    value: Any = data
    for key in keys:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def progress_row(progress: Mapping[str, Any] | None, year: object) -> Mapping[str, Any] | None:
    """The row of `year` in a progress report's ``years`` (:func:`ghgcore.progress.progress`), or None.

    >>> progress_row({"years": [{"year": 2023}, {"year": 2024, "total_kg_co2e": 1.0}]}, 2024)
    {'year': 2024, 'total_kg_co2e': 1.0}
    >>> progress_row(None, 2024) is None
    True
    """
    if not isinstance(progress, Mapping):
        return None
    for row in progress.get("years") or []:
        if isinstance(row, Mapping) and row.get("year") == year:
            return row
    return None


def currency_code(currency: str) -> str:
    """`currency` checked as an ISO 4217 code the unit registry knows (``NOK``, ``EUR``).

    Raises
    ------
    OptionError
        Anything else (``kroner``, ``MNOK``, ``nok``).

    >>> currency_code(" NOK ")
    'NOK'
    """
    from ghgcore.units import currency_of

    code = str(currency).strip()
    try:
        found = currency_of(code)
    except ValueError:
        found = None
    if found is None or found != code:
        raise OptionError(
            f"currency {currency!r}: expected an ISO 4217 currency code the unit registry knows, such as NOK or EUR"
        )
    return code


def revenue_amount(
    revenue: float | None, currency: str, lang: Language, what: str, parameter: str
) -> tuple[float | None, str | None]:
    """The revenue to divide by (in `currency`), or None and the reason (in `lang`) it cannot be used.

    `what` is the revenue's name in the report's language; `parameter` the
    argument's name, for errors.

    Raises
    ------
    OptionError
        `revenue` is not a number, or not a finite amount of zero or more.
    """
    if revenue is None:
        return None, lang.format(
            "no {what} given: pass it (in {currency}), or store a revenue metric with the account "
            "(ghgcore calculate --store ... --metric 'revenue=12.5 MNOK')",
            what=what,
            currency=currency,
        )
    if isinstance(revenue, bool) or not isinstance(revenue, int | float):
        raise OptionError(f"{parameter}: expected a number of {currency}, got {revenue!r}")
    amount = float(revenue)
    if not math.isfinite(amount) or amount < 0:
        raise OptionError(
            f"{parameter}: expected a finite amount of {currency}, zero or more, got {revenue!r}"
        )
    if amount == 0:
        return None, lang.format("the {what} is 0: an intensity per revenue cannot be given", what=what)
    return amount, None
