"""The HTML view of a summary, for notebooks.

Every value of the summary is escaped, numbers too (a summary is a plain
dict, perhaps read back from JSON): text from the input (organisation, keys,
file names, reasons quoting values) can never become markup. Control
characters are written as escapes (:func:`ghgcore.views._base.clean`);
values are kept whole.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ghgcore.views._base import clean, disclosures, scope_rows, tonnes, total_rows
from ghgcore.views.sections import registered

__all__ = ["html_page", "to_html"]


def _escape(value: object) -> str:
    """Any value as HTML text: control characters as escapes, then ``<>&'"`` as entities."""
    return html.escape(clean(value), quote=True)


def _title(data: Mapping[str, Any]) -> str:
    return _escape(f"Greenhouse-gas inventory {data['organisation']} {data['year'] or ''}".strip())


def to_html(data: Mapping[str, Any], *, max_unresolved: int = 20) -> str:
    """An HTML view of a summary for notebooks: totals by scope, and unresolved lines."""
    e = _escape
    rows = scope_rows(data) + total_rows(data)
    body = "".join(
        f"<tr><td>{e(label)}</td><td style='text-align:right'>{e(tonnes(kg))}</td></tr>" for label, kg in rows
    )
    excluded = sum(item["lines"] for item in data["excluded"])
    parts = [
        f"<div class='ghgcore-inventory'><strong>{_title(data)}</strong> (GWP-100 {e(data['gwp'])})",
        f"<table><thead><tr><th></th><th>t CO2e</th></tr></thead><tbody>{body}</tbody></table>",
        f"<p>{e(data['lines'])} lines, {e(data['calculated'])} calculated, "
        f"{e(excluded)} excluded, {e(len(data['unresolved']))} unresolved</p>",
    ]
    categories = [(c, kg) for c, kg in data["scope3_categories"].items() if kg]
    if categories:
        rows_html = "".join(
            f"<tr><td>{e('unassigned' if c == 'unassigned' else 'category ' + str(c))}</td>"
            f"<td style='text-align:right'>{e(tonnes(kg))}</td></tr>"
            for c, kg in categories
        )
        parts.append(
            "<details><summary>Scope 3 by category</summary><table><thead><tr><th></th><th>t CO2e</th>"
            f"</tr></thead><tbody>{rows_html}</tbody></table></details>"
        )
    for heading, items in disclosures(data):
        listed = "".join(f"<li>{e(item)}</li>" for item in items)
        parts.append(f"<details open><summary>{e(heading)}</summary><ul>{listed}</ul></details>")
    if data["unresolved"]:
        several = any(item.get("input") for item in data["unresolved"])
        table_rows = "".join(
            f"<tr>{'<td>' + e(item.get('input', '')) + '</td>' if several else ''}<td>{e(item['line'])}</td>"
            f"<td>{e(item['reason'])}</td></tr>"
            for item in data["unresolved"][:max_unresolved]
        )
        more = len(data["unresolved"]) - max_unresolved
        parts.append(
            f"<details open><summary>Unresolved lines</summary><table><thead><tr>"
            f"{'<th>input</th>' if several else ''}<th>line</th>"
            f"<th>reason</th></tr></thead><tbody>{table_rows}</tbody></table>"
            f"{f'<p>... and {more} more</p>' if more > 0 else ''}</details>"
        )
    for section in registered():
        parts.append(section.html(data))
    factor_sets = "; ".join(
        f"{fs['name']} {fs['version']} (sha256 {str(fs['sha256'])[:12]})" for fs in data["factor_sets"]
    )
    parts.append(f"<p>Factor sets: {e(factor_sets)}</p></div>")
    return "".join(parts)


def html_page(data: Mapping[str, Any]) -> str:
    """A whole HTML page of a summary (``ghgcore calculate --format html``)."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_title(data)}</title></head><body>{to_html(data)}</body></html>\n"
    )
