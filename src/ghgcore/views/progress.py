"""The text report of an organisation's progress (the dict of :func:`ghgcore.progress.progress`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["format_progress"]


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
    rows: list[tuple[str, ...]] = [
        (
            str(y["year"]),
            _t(y["scopes"]["1"]),
            _t(y["scopes"]["2_location"]),
            _t(y["scopes"]["2_market"]),
            _t(y["scopes"]["3"]),
            _t(y["total_kg_co2e"]),
            _pct(y["change_percent"]),
            _pct(y["change_from_base_percent"]),
        )
        for y in data["years"]
    ]
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
    metrics = sorted({name for y in data["years"] for name in y["intensity"]})
    if metrics:
        out += ["", "Intensity (kg CO2e per unit of the metric as stored)"]
        units = {name: y["metrics"][name]["unit"] for y in data["years"] for name in y["metrics"]}
        header = ("year", *(f"per {m}{' (' + units[m] + ')' if units.get(m) else ''}" for m in metrics))
        rows = [
            (str(y["year"]), *(f"{y['intensity'][m]:,.2f}" if m in y["intensity"] else "" for m in metrics))
            for y in data["years"]
        ]
        out += _table(header, rows)
    for target in data["targets"]:
        out += ["", f"Target {_clean(target['name'])}: scopes {'+'.join(target['scopes'])}, "
                f"-{target['reduction_percent']:g} % from {target['base_year']} by {target['target_year']}"]  # fmt: skip
        rows = [
            (year, _t(allowed) if target.get("kind") != "intensity" else f"{allowed:,.3f}",
             {True: "on track", False: "off track", None: ""}[target["on_track"].get(year)])
            for year, allowed in target["path"].items()
        ]  # fmt: skip
        out += _table(("year", "allowed", ""), rows)
    for commitment in data["commitments"]:
        out += ["", f"Commitment {_clean(commitment['id'])}: {_clean(commitment['goal'])}"]
        rows = [
            (
                str(r["year"]),
                _t(r.get("expected_kg")),
                _t(r.get("achieved_kg")),
                ", ".join(map(_clean, r.get("overdue", []))),
            )
            for r in commitment["follow_up"]
        ]
        out += _table(("year", "expected t", "achieved t", "overdue actions"), rows)
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
