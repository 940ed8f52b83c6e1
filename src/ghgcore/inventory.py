"""The inventory: an organisation's activities for a year, and their result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ghgcore.activities import Activity, ActivityTable
from ghgcore.calculation import Result, calculate
from ghgcore.crosswalk import Crosswalk
from ghgcore.factors import FactorSet
from ghgcore.gases import DEFAULT_GWP, GWPSet
from ghgcore.instruments import InstrumentTable
from ghgcore.money import Prices
from ghgcore.report import format_table, summary, to_html
from ghgcore.resolution import Fallback

__all__ = ["Inventory"]


@attrs.frozen(eq=False)
class Inventory:
    """An organisation's greenhouse-gas inventory for one reporting year.

    Build one with :meth:`calculate`.

    Attributes
    ----------
    organisation : str
    year : int
        The reporting year; lines without a year are calculated for it.
    result : Result
        One row per activity line.
    ledgers : tuple of dict
        The reconciliation of each general ledger the lines come from
        (:meth:`Ledger.reconciliation() <ghgcore.ledger.Ledger.reconciliation>`).

    Examples
    --------
    >>> from ghgcore import Activity, EmissionFactor, FactorSet
    >>> fs = FactorSet.from_factors(
    ...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)],
    ...     name="example", version="1")
    >>> inv = Inventory.calculate([Activity.of("diesel", 100, "L")], fs,
    ...                           organisation="Example AS", year=2024)
    >>> inv.summary()["scopes"]["1"]
    250.0
    """

    organisation: str
    year: int
    result: Result
    ledgers: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def calculate(
        cls,
        activities: ActivityTable | Sequence[Activity] | Any,
        factors: FactorSet | str | Any | Sequence[FactorSet | str | Any],
        *,
        year: int,
        organisation: str = "",
        gwp: str | GWPSet = DEFAULT_GWP,
        fallback: Fallback | str | None = None,
        crosswalks: Sequence[Crosswalk] = (),
        instruments: InstrumentTable | None = None,
        prices: Prices | None = None,
        ledgers: Sequence[Mapping[str, Any]] = (),
    ) -> Inventory:
        """Calculate an inventory; see :func:`ghgcore.calculate` for the parameters."""
        result = calculate(
            activities,
            factors,
            gwp=gwp,
            year=year,
            fallback=fallback,
            crosswalks=crosswalks,
            instruments=instruments,
            prices=prices,
        )
        return cls(organisation, int(year), result, tuple(ledgers))

    @property
    def activities(self) -> ActivityTable:
        """The input lines."""
        return self.result.activities

    @property
    def gwp(self) -> GWPSet:
        """The GWP set the CO2e is in."""
        return self.result.gwp

    def summary(self) -> dict[str, Any]:
        """The JSON summary of the interchange format, as a dict (kg)."""
        return summary(self.result, organisation=self.organisation, year=self.year, ledgers=self.ledgers)

    def to_dataframe(self) -> Any:
        """One row per input line, as a pandas DataFrame."""
        return self.result.to_dataframe()

    def __str__(self) -> str:
        return format_table(self.summary())

    def __repr__(self) -> str:
        return f"<Inventory {self.organisation or '(no organisation)'} {self.year}: {self.result!r}>"

    def _repr_html_(self) -> str:
        return to_html(self.summary())
