"""The HTML view of a summary, for notebooks."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ghgcore.views._base import scope_rows, tonnes, total_rows
from ghgcore.views.sections import registered

__all__ = ["to_html"]


def to_html(data: Mapping[str, Any], *, max_unresolved: int = 20) -> str:
    """An HTML view of a summary for notebooks: totals by scope, and unresolved lines."""
    e = html.escape
    rows = scope_rows(data) + total_rows(data)
    body = "".join(
        f"<tr><td>{e(label)}</td><td style='text-align:right'>{tonnes(kg)}</td></tr>" for label, kg in rows
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
    for section in registered():
        parts.append(section.html(data))
    parts.append("</div>")
    return "".join(parts)
