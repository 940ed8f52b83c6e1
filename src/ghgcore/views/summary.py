"""Views of a calculation: the JSON summary, a text table and HTML for notebooks."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ghgcore._version import __version__

if TYPE_CHECKING:
    from ghgcore.calculation import Result

__all__ = ["TOTAL_BASIS", "format_table", "summary", "to_html"]

#: What ``total_kg_co2e`` adds up, stated in every summary.
TOTAL_BASIS = "scope 1 + scope 2 market-based + scope 3"


def summary(
    result: Result,
    *,
    organisation: str = "",
    year: int | None = None,
    ledgers: Sequence[Mapping[str, Any]] = (),
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
    """
    from ghgcore.spend import spend_summary

    scopes = result.by_scope()
    return {
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
        "lines": len(result),
        "calculated": int(result.calculated.sum()),
        "excluded": result.exclusions(),
        "unresolved": [{"line": u.line, "reason": u.reason} for u in result.unresolved],
        "scope2_lines": result.fallback_counts(),
        "instruments": [
            {"id": u.id, "kind": u.kind, "kwh": u.kwh, "allocated_kwh": u.allocated_kwh, "note": u.note}
            for u in result.instrument_uses
        ],
        "fallback": result.fallback.describe(),
        "matches": result.match_counts(),
        "reconciliation": {"units": result.reconciliation(), "ledgers": [dict(x) for x in ledgers]},
        "spend": spend_summary(result),
        "factor_sets": [
            {"name": fs.name, "version": fs.version, "sha256": fs.sha256} for fs in result.factor_sets
        ],
    }


def _t(kg: float) -> str:
    return f"{kg / 1000:,.3f}"


def _scope_rows(data: dict[str, Any]) -> list[tuple[str, float]]:
    scopes = data["scopes"]
    return [
        ("Scope 1", scopes["1"]),
        ("Scope 2, location-based", scopes["2_location"]),
        ("Scope 2, market-based", scopes["2_market"]),
        ("Scope 3", scopes["3"]),
    ]


def _total_rows(data: dict[str, Any]) -> list[tuple[str, float]]:
    return [
        (f"Total ({data['total_basis']})", data["total_kg_co2e"]),
        ("Biogenic CO2, outside the scopes", data["biogenic_co2_kg"]),
    ]


def format_table(data: dict[str, Any], *, max_unresolved: int = 20) -> str:
    """A plain-text report of a summary, in tonnes CO2e, for the terminal."""
    width = 52
    out = [
        f"Greenhouse-gas inventory{': ' + data['organisation'] if data['organisation'] else ''}"
        f"{', ' + str(data['year']) if data['year'] else ''} (GWP-100 {data['gwp']})",
        "",
        f"{'':<{width}}{'t CO2e':>14}",
    ]

    def row(label: str, kg: float) -> None:
        out.append(f"{label:<{width}}{_t(kg):>14}")

    for label, kg in _scope_rows(data):
        row(label, kg)
    for category, kg in data["scope3_categories"].items():
        if kg:
            label = "unassigned category" if category == "unassigned" else f"category {category}"
            row(f"  {label}", kg)
    for label, kg in _total_rows(data):
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
    out += _spend_rows(data)
    fallen_back = {kind: count for kind, count in data["matches"].items() if kind != "exact" and count}
    if fallen_back:
        out.append(
            f"Lines calculated with a fallback factor ({data['fallback']}): "
            + ", ".join(f"{count} {kind}" for kind, count in fallen_back.items())
        )
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
    if unresolved:
        out.append("Unresolved lines:")
        for item in unresolved[:max_unresolved]:
            out.append(f"  line {item['line']}: {item['reason']}")
        if len(unresolved) > max_unresolved:
            out.append(f"  ... and {len(unresolved) - max_unresolved} more (see --format json)")
    out.append("Factor sets: " + "; ".join(
        f"{fs['name']} {fs['version']} (sha256 {fs['sha256'][:12]})" for fs in data["factor_sets"]
    ))  # fmt: skip
    return "\n".join(out) + "\n"


def _money(amounts: Mapping[str, float]) -> str:
    return ", ".join(f"{value:,.2f} {unit}" for unit, value in amounts.items()) or "0"


def _spend_rows(data: dict[str, Any]) -> list[str]:
    """The ledger part of the text report: reconciliation, exclusions, categories."""
    out: list[str] = []
    for ledger in data["reconciliation"]["ledgers"]:
        declared = {
            True: "match the file's declared totals",
            False: "DO NOT match the file's declared totals",
        }
        out.append(
            f"Ledger {ledger['source']}: {ledger['lines']} lines, debit {ledger['total_debit']:,.2f}, "
            f"credit {ledger['total_credit']:,.2f}"
            + ("" if ledger["balanced"] else " (NOT balanced)")
            + (f"; {declared[ledger['matches_declared']]}" if ledger["matches_declared"] is not None else "")
        )
    spend = data.get("spend")
    if not spend:
        return out
    out.append(
        f"Spend lines: {spend['lines']}: {spend['calculated']['lines']} calculated "
        f"({_money(spend['calculated']['amount'])}), {spend['unresolved']['lines']} unresolved "
        f"({_money(spend['unresolved']['amount'])}), {spend['unmapped']['lines']} unmapped "
        f"({_money(spend['unmapped']['amount'])})"
    )
    for item in spend["excluded"]:
        out.append(f"  excluded, {item['reason']}: {item['lines']} lines, {_money(item['amount'])}")
    out.append(
        f"Spend-based {_t(spend['spend_kg_co2e'])} t, activity-based {_t(spend['activity_kg_co2e'])} t CO2e "
        f"({100 * spend['spend_share']:.1f} % spend-based)"
    )
    width = 40
    out.append(f"  {'category':<{width}}{'method':<10}{'amount':>18}{'t CO2e':>12}")
    for key, item in spend["categories"].items():
        out.append(
            f"  {key:<{width}}{item['method']:<10}{_money(item['amount']):>18}{_t(item['kg_co2e']):>12}"
        )
    return out


def to_html(data: dict[str, Any], *, max_unresolved: int = 20) -> str:
    """An HTML view of a summary for notebooks: totals by scope, and unresolved lines."""
    e = html.escape
    rows = _scope_rows(data) + _total_rows(data)
    body = "".join(
        f"<tr><td>{e(label)}</td><td style='text-align:right'>{_t(kg)}</td></tr>" for label, kg in rows
    )
    title = e(f"Greenhouse-gas inventory {data['organisation']} {data['year'] or ''}".strip())
    parts = [
        f"<div class='ghgcore-inventory'><strong>{title}</strong> (GWP-100 {e(data['gwp'])})",
        f"<table><thead><tr><th></th><th>t CO2e</th></tr></thead><tbody>{body}</tbody></table>",
        f"<p>{data['lines']} lines, {data['calculated']} calculated, "
        f"{sum(item['lines'] for item in data['excluded'])} excluded, {len(data['unresolved'])} unresolved</p>",
    ]
    if data["unresolved"]:
        items = "".join(
            f"<tr><td>{item['line']}</td><td>{e(item['reason'])}</td></tr>"
            for item in data["unresolved"][:max_unresolved]
        )
        more = len(data["unresolved"]) - max_unresolved
        parts.append(
            f"<details open><summary>Unresolved lines</summary><table><thead><tr><th>line</th>"
            f"<th>reason</th></tr></thead><tbody>{items}</tbody></table>"
            f"{f'<p>... and {more} more</p>' if more > 0 else ''}</details>"
        )
    spend_text = _spend_rows(data)
    if spend_text:
        parts.append(
            f"<details><summary>Ledgers and spend</summary><pre>{e(chr(10).join(spend_text))}</pre></details>"
        )
    parts.append("</div>")
    return "".join(parts)
