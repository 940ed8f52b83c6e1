"""The text report of a summary, for the terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghgcore.views._base import clean, clip, disclosures, number, scope_rows, tonnes, total_rows
from ghgcore.views.sections import registered

__all__ = ["MAX_LINE", "MAX_NAME", "MAX_TEXT", "format_table"]

#: The longest a name from the input (organisation, file, instrument id, factor set) is shown in
#: the text report; longer ones are shortened with an ellipsis in the middle (the JSON summary
#: keeps them whole).
MAX_NAME = 120
#: The same for a sentence that quotes the input: a reason, a disclosure.
MAX_TEXT = 500
#: The longest a line of a section's text (a plugin's too) is shown.
MAX_LINE = 1000


def format_table(data: Mapping[str, Any], *, max_unresolved: int = 20) -> str:
    r"""A plain-text report of a summary, in tonnes CO2e, for the terminal.

    The parts of registered sections (:func:`ghgcore.views.registered`) that
    the summary holds are rendered after the line counts.

    Text from the input (organisation, activity keys, file names, reasons
    quoting values) is shown on one line, its control characters written as
    escapes (``\n``, ``\x1b``) so that it can neither break the report
    nor drive the terminal, and shortened with an ellipsis in the middle
    beyond :data:`MAX_NAME` characters (a name) or :data:`MAX_TEXT` (a
    reason, a disclosure).
    """
    width = 52
    organisation = clip(data["organisation"], MAX_NAME) if data["organisation"] else ""
    out = [
        f"Greenhouse-gas inventory{': ' + organisation if organisation else ''}"
        f"{', ' + clip(data['year'], 12) if data['year'] else ''} (GWP-100 {clip(data['gwp'], 20)})",
        "",
        f"{'':<{width}}{'t CO2e':>14}",
    ]

    def row(label: str, value: str) -> None:
        out.append(f"{clip(label, width - 1):<{width}}{value:>14}")

    for label, kg in scope_rows(data):
        row(label, tonnes(kg))
    for category, kg in data["scope3_categories"].items():
        if kg:
            label = "unassigned category" if category == "unassigned" else f"category {category}"
            row(f"  {label}", tonnes(kg))
    for label, kg in total_rows(data):
        row(label, tonnes(kg))
    out += ["", f"{'Gas':<{width}}{'kg':>14}"]
    for gas, kg in data["gases"].items():
        if kg:
            row(gas, number(kg, 3))
    unresolved = data["unresolved"]
    excluded = sum(item["lines"] for item in data["excluded"])
    out += [
        "",
        f"Lines: {data['lines']} read, {data['calculated']} calculated, {excluded} excluded, "
        f"{len(unresolved)} unresolved",
    ]
    energy = data.get("energy")
    if energy and energy["total_mwh"]:
        kinds = ", ".join(f"{kind} {number(mwh, 1)}" for kind, mwh in energy["by_kind"].items() if mwh)
        out.append(f"Energy (scope 1 and 2 lines): {number(energy['total_mwh'], 1)} MWh: {kinds}")
        out += [f"  {clip(note, MAX_TEXT)}" for note in energy["notes"]]
    for section in registered():
        out += [clip(line, MAX_LINE) for line in section.text(data)]
    if data["instruments"]:
        used = sum(item["allocated_kwh"] for item in data["instruments"])
        total = sum(item["kwh"] for item in data["instruments"])
        out.append(
            f"Contractual instruments: {len(data['instruments'])}, {number(used, 0)} of {number(total, 0)} "
            f"kWh allocated to {data['scope2_lines']['scope2_instrument']} scope 2 lines"
        )
        for item in data["instruments"]:
            if item["note"]:
                out.append(f"  {clip(item['id'], MAX_NAME)}: {clip(item['note'], MAX_TEXT)}")
    fallback = data["scope2_lines"]["scope2_location_fallback"]
    if fallback:
        out.append(f"Scope 2 lines without a market-based factor (location-based used): {fallback}")
    for heading, items in disclosures(data):
        out.append(f"{clip(heading, MAX_TEXT)}:")
        out.extend(f"  {clip(item, MAX_TEXT)}" for item in items)
    if unresolved:
        out.append("Unresolved lines:")
        for item in unresolved[:max_unresolved]:
            where = f"{clip(item['input'], MAX_NAME)} " if item.get("input") else ""
            out.append(f"  {where}line {clip(item['line'], 20)}: {clip(item['reason'], MAX_TEXT)}")
        if len(unresolved) > max_unresolved:
            out.append(f"  ... and {len(unresolved) - max_unresolved} more (see --format json)")
    out.append("Factor sets: " + "; ".join(
        f"{clip(fs['name'], MAX_NAME)} {clip(fs['version'], MAX_NAME)} (sha256 {clip(fs['sha256'][:12], 12)})"
        for fs in data["factor_sets"]
    ))  # fmt: skip
    return "\n".join(map(clean, out)) + "\n"  # no control character anywhere, whatever made a line
