"""The text report of a summary, for the terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghgcore.views._base import disclosures, scope_rows, tonnes, total_rows
from ghgcore.views.sections import registered

__all__ = ["format_table"]


def format_table(data: Mapping[str, Any], *, max_unresolved: int = 20) -> str:
    """A plain-text report of a summary, in tonnes CO2e, for the terminal.

    The parts of registered sections (:func:`ghgcore.views.registered`) that
    the summary holds are rendered after the line counts.
    """
    width = 52
    out = [
        f"Greenhouse-gas inventory{': ' + data['organisation'] if data['organisation'] else ''}"
        f"{', ' + str(data['year']) if data['year'] else ''} (GWP-100 {data['gwp']})",
        "",
        f"{'':<{width}}{'t CO2e':>14}",
    ]

    def row(label: str, kg: float) -> None:
        out.append(f"{label:<{width}}{tonnes(kg):>14}")

    for label, kg in scope_rows(data):
        row(label, kg)
    for category, kg in data["scope3_categories"].items():
        if kg:
            label = "unassigned category" if category == "unassigned" else f"category {category}"
            row(f"  {label}", kg)
    for label, kg in total_rows(data):
        row(label, kg)
    out += ["", f"{'Gas':<{width}}{'kg':>14}"]
    for gas, kg in data["gases"].items():
        if kg:
            out.append(f"{gas:<{width}}{kg:>14,.3f}")
    unresolved = data["unresolved"]
    excluded = sum(item["lines"] for item in data["excluded"])
    out += [
        "",
        f"Lines: {data['lines']} read, {data['calculated']} calculated, {excluded} excluded, "
        f"{len(unresolved)} unresolved",
    ]
    for section in registered():
        out += section.text(data)
    if data["instruments"]:
        used = sum(item["allocated_kwh"] for item in data["instruments"])
        total = sum(item["kwh"] for item in data["instruments"])
        out.append(
            f"Contractual instruments: {len(data['instruments'])}, {used:,.0f} of {total:,.0f} kWh allocated "
            f"to {data['scope2_lines']['scope2_instrument']} scope 2 lines"
        )
        for item in data["instruments"]:
            if item["note"]:
                out.append(f"  {item['id']}: {item['note']}")
    fallback = data["scope2_lines"]["scope2_location_fallback"]
    if fallback:
        out.append(f"Scope 2 lines without a market-based factor (location-based used): {fallback}")
    for heading, items in disclosures(data):
        out.append(f"{heading}:")
        out.extend(f"  {item}" for item in items)
    if unresolved:
        out.append("Unresolved lines:")
        for item in unresolved[:max_unresolved]:
            where = f"{item['input']} " if item.get("input") else ""
            out.append(f"  {where}line {item['line']}: {item['reason']}")
        if len(unresolved) > max_unresolved:
            out.append(f"  ... and {len(unresolved) - max_unresolved} more (see --format json)")
    out.append("Factor sets: " + "; ".join(
        f"{fs['name']} {fs['version']} (sha256 {fs['sha256'][:12]})" for fs in data["factor_sets"]
    ))  # fmt: skip
    return "\n".join(out) + "\n"
