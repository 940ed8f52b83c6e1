"""What the views share: number formats, scope rows, and the section protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = ["Section", "scope_rows", "tonnes", "total_rows"]


class Section(Protocol):
    """A part of the summary that a feature adds, with its text and HTML rendering.

    The generic summary knows scopes, categories, gases and lines; a feature
    (spend-based accounting, say) contributes its own part under its own key.
    Register one with :func:`ghgcore.views.register_section`.
    """

    #: The key of the part in the summary.
    key: str

    def summarise(self, result: Result) -> Any:
        """The part of the summary, JSON-ready (``None``: nothing to say)."""

    def text(self, data: Mapping[str, Any]) -> list[str]:
        """Lines of the text report, from the whole summary."""

    def html(self, data: Mapping[str, Any]) -> str:
        """HTML for the notebook view, from the whole summary (``""``: nothing)."""


def tonnes(kg: float) -> str:
    """Kg as tonnes with three decimals and thousands separators."""
    return f"{kg / 1000:,.3f}"


def scope_rows(data: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The scope rows of a summary: label and kg CO2e."""
    scopes = data["scopes"]
    return [
        ("Scope 1", scopes["1"]),
        ("Scope 2, location-based", scopes["2_location"]),
        ("Scope 2, market-based", scopes["2_market"]),
        ("Scope 3", scopes["3"]),
    ]


def total_rows(data: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The total rows of a summary: label and kg."""
    rows = [
        (f"Total ({data['total_basis']})", data["total_kg_co2e"]),
        ("Biogenic CO2, outside the scopes", data["biogenic_co2_kg"]),
    ]
    if data.get("montreal_gases_kg_co2e"):
        rows.append(("Montreal Protocol gases (CO2e), outside the scopes", data["montreal_gases_kg_co2e"]))
    return rows
