"""What the views share: number formats, scope rows, and the section protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ghgcore.views.ledger import class_rows, period_text

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = ["Section", "disclosures", "scope_rows", "tonnes", "total_rows"]


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def disclosures(data: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """What a reader of the report must be told, as (heading, items), for the text and HTML views.

    Lines of other years left out; factors from another year or region;
    extrapolated prices; the hybrid rule's decisions; each ledger's
    company, period (and whether it is a full year) and account classes.
    """
    out: list[tuple[str, list[str]]] = []
    other = data.get("other_years") or {}
    if other:
        out.append((
            f"Lines of other years, not in this {data['year']} inventory (years are never summed)",
            [f"{year}: {_plural(n, 'line')} (calculate with --year {year})" for year, n in other.items()],
        ))  # fmt: skip
    fallbacks = data.get("fallbacks") or []
    if fallbacks:
        items = []
        for f in fallbacks:
            where = f"{f['activity']}, {f['region'] or 'no region'}, {f['year']}"
            factor = f"{f['factor_region'] or 'any region'} {f['factor_years'] or 'all years'}"
            items.append(
                f"{where}, {f['basis']}-based: the factor for {factor} ({f['kind']} fallback, {f['factor_set']}), "
                f"{_plural(f['lines'], 'line')}, {tonnes(f['kg_co2e'])} t CO2e"
            )
        out.append((f"Factors from another year or region ({data.get('fallback', '')})", items))
    prices = data.get("price_assumptions") or []
    if prices:
        out.append(("Price assumptions", [f"{p['note']} ({_plural(p['lines'], 'line')})" for p in prices]))
    hybrid = data.get("hybrid") or []
    if hybrid:
        out.append(("Hybrid rule (spend against activity data)", [d["reason"] for d in hybrid]))
    for ledger in (data.get("reconciliation") or {}).get("ledgers", []):
        period = ledger.get("period") or {}
        if not period:
            continue
        head = f"Ledger {ledger.get('company') or ledger.get('source', '')}".strip()
        number = f" ({ledger['registration_number']})" if ledger.get("registration_number") else ""
        items = [f"period {period_text(period)}, currency {ledger.get('currency', '')}"]
        items += [f"class {c} {name}: {net:,.2f}" for c, name, net in class_rows(ledger)]
        out.append((head + number, items))
    return out
