"""The calculation summary: the JSON interchange format, as a dict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ghgcore._version import __version__
from ghgcore.views._base import Section
from ghgcore.views.sections import registered

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = ["TOTAL_BASIS", "summary"]

#: What ``total_kg_co2e`` adds up, stated in every summary.
TOTAL_BASIS = "scope 1 + scope 2 market-based + scope 3"


def summary(
    result: Result,
    *,
    organisation: str = "",
    year: int | None = None,
    ledgers: Sequence[Mapping[str, Any]] = (),
    sections: Sequence[Section] | None = None,
) -> dict[str, Any]:
    """The calculation summary of the interchange format, as a dict.

    All masses are in kg (CO2e where it says so). The same inputs and factor
    sets give the same summary, so its JSON is byte-identical.

    Parameters
    ----------
    result : Result
    organisation : str, optional
    year : int, optional
        The reporting year.
    ledgers : sequence of dict
        :meth:`Ledger.reconciliation() <ghgcore.ledger.Ledger.reconciliation>`
        of each ledger the lines come from, for ``reconciliation.ledgers``.
    sections : sequence of Section, optional
        The parts features add, each under its key (default: the registered
        sections, :func:`ghgcore.views.registered`).

    Raises
    ------
    ValueError
        If a section's key is one of the summary's own keys (or another
        section's).
    """
    scopes = result.by_scope()
    data: dict[str, Any] = {
        "ghgcore_version": __version__,
        "organisation": organisation,
        "year": year,
        "input": result.activities.source,
        "gwp": result.gwp.name,
        "total_kg_co2e": scopes["1"] + scopes["2_market"] + scopes["3"],
        "total_basis": TOTAL_BASIS,
        "total_location_based_kg_co2e": scopes["1"] + scopes["2_location"] + scopes["3"],
        "scopes": scopes,
        "scope3_categories": result.by_category(),
        "gases": result.by_gas(),
        "gases_basis": "scope 2 market-based",
        "biogenic_co2_kg": result.biogenic_co2(),
        "biogenic_co2_by_scope_kg": result.biogenic_co2_by_scope(),
        "montreal_gases_kg": result.montreal_gases(),
        "montreal_gases_kg_co2e": result.montreal_co2e(),
        "lines": len(result),
        "calculated": int(result.calculated.sum()),
        "excluded": result.exclusions(),
        "other_years": result.other_years(),
        "unresolved": result.unresolved.records(),
        "scope2_lines": result.fallback_counts(),
        "instruments": [
            {"id": u.id, "kind": u.kind, "kwh": u.kwh, "allocated_kwh": u.allocated_kwh, "note": u.note}
            for u in result.instrument_uses
        ],
        "fallback": result.fallback.describe(),
        "matches": result.match_counts(),
        "fallbacks": result.fallbacks(),
        "price_assumptions": result.price_assumptions(),
        "reconciliation": {"units": result.reconciliation(), "ledgers": [dict(x) for x in ledgers]},
        "factor_sets": [
            {"name": fs.name, "version": fs.version, "sha256": fs.sha256} for fs in result.factor_sets
        ],
    }
    for section in registered() if sections is None else sections:
        if section.key in data:
            raise ValueError(f"section key {section.key!r} is a key of the summary itself")
        data[section.key] = section.summarise(result)
    return data
