"""The text report of an organisation's progress (the dict of :func:`ghgcore.progress.progress`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["format_progress"]

_KINDS = ("fossil", "renewable", "nuclear", "unspecified")


def _t(kg: float | None) -> str:
    return "" if kg is None else f"{kg / 1000:,.1f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f} %"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    out = ["  ".join(f"{c:>{w}}" if i else f"{c:<{w}}" for i, (c, w) in enumerate(zip(r, widths, strict=True)))
           for r in (header, *rows)]  # fmt: skip
    return [line.rstrip() for line in out]


def _clean(text: object) -> str:
    s = str(text)
    return s if s.isprintable() else "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in s)


def format_progress(data: Mapping[str, Any]) -> str:
    """The progress report as text: years, change and its causes, targets, commitments, handprint."""
    out: list[str] = [f"Progress: {_clean(data['organisation'])}, base year {data['base_year']}", ""]
    base = data["base_year_figures"]
    if base["restated"] != base["as_calculated"]:
        out.append(
            f"Base year recalculated: {_t(base['total_kg_co2e'])} t CO2e (see the recalculations below)"
        )
        out.append("")
    rows: list[tuple[str, ...]] = []
    for y in data["years"]:
        rows.append(
            (
                str(y["year"]) + (" as calculated" if "restated" in y else ""),
                _t(y["scopes"]["1"]),
                _t(y["scopes"]["2_location"]),
                _t(y["scopes"]["2_market"]),
                _t(y["scopes"]["3"]),
                _t(y["total_kg_co2e"]),
                _pct(y["change_percent"]),
                "" if "restated" in y else _pct(y["change_from_base_percent"]),
            )
        )
        if "restated" in y:
            r = y["restated"]
            rows.append(
                (
                    f"{y['year']} restated",
                    _t(r["scopes"]["1"]),
                    _t(r["scopes"]["2_location"]),
                    _t(r["scopes"]["2_market"]),
                    _t(r["scopes"]["3"]),
                    _t(r["total_kg_co2e"]),
                    "",
                    "base",
                )
            )
    out.append("t CO2e (total: scope 1 + scope 2 market-based + scope 3)")
    out += _table(
        ("year", "scope 1", "2 location", "2 market", "scope 3", "total", "vs previous", "vs base"), rows
    )
    explained = [y for y in data["years"] if y.get("decomposition")]
    if explained:
        out += ["", "Change explained (t CO2e, LMDI)"]
        rows = [
            (
                f"{d['from_year']}->{y['year']}",
                _t(d.get("total_change_kg")),
                _t(d.get("activity_kg")),
                _t(d.get("factor_kg")),
                _t(d.get("structural_kg")),
            )
            for y in explained
            for d in [y["decomposition"]]
        ]
        out += _table(("years", "change", "activity", "factors", "structural"), rows)
        out += [
            f"  {y['year']}: {_clean(y['decomposition']['note'])}"
            for y in explained
            if "note" in y["decomposition"]
        ]
    metrics = sorted({name for y in data["years"] for name in y["intensity"]})
    if metrics:
        out += ["", "Intensity (kg CO2e, market-based total, per unit of each metric)"]
        units = data.get("metric_units", {})
        header = ("year", *(f"per {m}{' (' + units[m] + ')' if units.get(m) else ''}" for m in metrics))
        rows = [
            (str(y["year"]), *(f"{y['intensity'][m]:,.2f}" if m in y["intensity"] else "" for m in metrics))
            for y in data["years"]
        ]
        out += _table(header, rows)
    energy = [y for y in data["years"] if y.get("energy") and y["energy"].get("total_mwh")]
    if energy:
        out += ["", "Energy (scope 1 and 2 lines, MWh)"]
        rows = [
            (
                str(y["year"]),
                f"{y['energy']['total_mwh']:,.1f}",
                *(f"{y['energy']['by_kind'].get(kind, 0.0):,.1f}" for kind in _KINDS),
                ""
                if y["energy"].get("renewable_share") is None
                else f"{100 * y['energy']['renewable_share']:.0f} %",
            )
            for y in energy
        ]
        out += _table(("year", "total", *_KINDS, "renewable share"), rows)
    for target in data["targets"]:
        intensity = target.get("kind") == "intensity"
        unit = f"kg CO2e per {target.get('metric')}" if intensity else "t CO2e"
        out += [
            "",
            f"Target {_clean(target['name'])}: scopes "
            f"{'+'.join('2 (market-based)' if k == '2_market' else k for k in target['scopes'])}, "
            f"-{target['reduction_percent']:g} % from {target['base_year']} by {target['target_year']} ({unit})",
        ]

        def amount(value: float | None, intensity: bool = intensity) -> str:
            return "" if value is None else f"{value:,.3f}" if intensity else _t(value)

        rows = [
            (
                year,
                amount(allowed),
                amount(target.get("actual", {}).get(year)),
                {True: "on track", False: "off track", None: ""}[target["on_track"].get(year)],
            )
            for year, allowed in target["path"].items()
        ]
        out += _table(("year", "allowed", "actual", ""), rows)
    for commitment in data["commitments"]:
        out += ["", f"Commitment {_clean(commitment['id'])}: {_clean(commitment['goal'])} (t CO2e)"]
        rows = [
            (
                str(r["year"]),
                _t(r.get("expected_kg")),
                _t(r.get("achieved_kg")),
                _t(r.get("goal_kg")),
                {True: "reached", False: "not yet", None: ""}[r.get("on_goal")],
                ", ".join(map(_clean, r.get("overdue", []))),
            )
            for r in commitment["follow_up"]
        ]
        out += _table(("year", "expected", "achieved", "goal", "", "overdue actions"), rows)
    hand = data["handprint"]
    if hand["projects"]:
        out += ["", f"Handprint: {_t(hand['total_avoided_kg_co2e'])} t CO2e avoided ({hand['note']})"]
        out += [f"  {_clean(p['name'])}: {_t(p['avoided_kg_co2e'])} t" for p in hand["projects"]]
    if data["recalculations"]:
        out += ["", "Recalculations of the base year"] + [
            f"  {_clean(r['reason'])}" for r in data["recalculations"]
        ]
    if data["warnings"]:
        out += ["", "Warnings"] + [f"  {_clean(w)}" for w in data["warnings"]]
    return "\n".join(out) + "\n"
