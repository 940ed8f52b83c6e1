"""The registry of summary sections: the parts features add to the summary and its views."""

from __future__ import annotations

from ghgcore.views._base import Section
from ghgcore.views.spend import SpendSection

__all__ = ["register_section", "registered"]

_sections: dict[str, Section] = {"spend": SpendSection()}


def register_section(section: Section) -> None:
    """Add a section to every summary, text report and notebook view (replacing one with its key).

    Raises
    ------
    ValueError
        If the key is one of the summary's own keys.
    """
    if section.key in _RESERVED:
        raise ValueError(f"section key {section.key!r} is a key of the summary itself")
    _sections[section.key] = section


def registered() -> tuple[Section, ...]:
    """The registered sections, the built-in ones first."""
    return tuple(_sections.values())


_RESERVED = frozenset(
    {
        "ghgcore_version", "organisation", "year", "input", "gwp", "total_kg_co2e", "total_basis",
        "total_location_based_kg_co2e", "scopes", "scope3_categories", "gases", "gases_basis",
        "biogenic_co2_kg", "biogenic_co2_by_scope_kg", "montreal_gases_kg", "montreal_gases_kg_co2e", "lines",
        "calculated", "excluded", "other_years", "unresolved", "scope2_lines", "instruments", "fallback", "matches", "fallbacks",
        "price_assumptions", "reconciliation", "factor_sets", "hybrid", "energy", "quality", "uncertainty",
    }
)  # fmt: skip
