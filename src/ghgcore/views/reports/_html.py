"""The yearly climate account as a standalone, printable HTML page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views.html import _escape as _e
from ghgcore.views.reports._account import Chart, Document, Items, Table, Text, document

__all__ = ["klimaregnskap_html"]

_STYLE = """
:root { --ink: #222; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0;
       font-size: 10.5pt; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 2.5rem; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 0.8rem; margin-bottom: 1.2rem; }
h1 { font-size: 1.9rem; margin: 0 0 0.2rem; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 1.2rem; margin: 1.8rem 0 0.6rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem;
     break-after: avoid; }
.key { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.key div { border: 1px solid var(--rule); border-radius: 4px; padding: 0.6rem 0.9rem; min-width: 12rem; }
.key span { display: block; color: var(--muted); font-size: 0.85rem; }
.key strong { font-size: 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem; break-inside: avoid; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 1px solid var(--ink); }
figure { margin: 0.6rem 0 1rem; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.85rem; }
ul { margin: 0.3rem 0 0.8rem; padding-left: 1.2rem; }
li { margin: 0.15rem 0; overflow-wrap: anywhere; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule);
         padding-top: 0.5rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print { main { padding: 0; max-width: none; } a { color: inherit; } }
"""


def _table(table: Table) -> str:
    right = [" class='n'" if n else "" for n in table.numeric]
    head = "".join(f"<th{right[i]} scope='col'>{_e(c)}</th>" for i, c in enumerate(table.columns))
    body = []
    for n, row in enumerate(table.rows):
        cells = "".join(f"<td{right[i]}>{_e(c)}</td>" for i, c in enumerate(row))
        total = " class='total'" if n in table.totals else ""
        body.append(f"<tr{total}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _charts(
    summary: Mapping[str, Any],
    progress: Mapping[str, Any] | None,
    lang: Language,
    captions: Mapping[str, str],
) -> dict[str, str]:
    """The charts as inline SVG by kind; none where matplotlib (or a chart function) is missing."""
    from ghgcore.errors import OptionError

    try:
        from ghgcore.views import charts
    except ImportError:  # pragma: no cover - the charts module is part of the package
        return {}
    svg = getattr(charts, "figure_svg", None)
    if svg is None:
        return {}
    makers: dict[str, Any] = {
        "scope": lambda f: f(summary, language=lang),
        "category": lambda f: f(summary, language=lang),
        "trend": lambda f: f(progress, language=lang),
    }
    names = {"scope": "scope_chart", "category": "category_chart", "trend": "trend_chart"}
    out: dict[str, str] = {}
    for kind, name in names.items():
        make = getattr(charts, name, None)
        if make is None or (kind == "trend" and progress is None):
            continue
        try:
            out[kind] = svg(makers[kind](make), prefix=f"{kind}-", label=captions.get(kind, ""))
        except OptionError:  # matplotlib missing, or data the chart cannot draw: the tables say it all
            return {} if kind == "scope" else out
    return out


def render(doc: Document, charts: Mapping[str, str]) -> str:
    """The document as an HTML page, with the charts (inline SVG by kind) where it has one."""
    parts = [
        "<!DOCTYPE html>",
        f"<html lang='{_e(doc.language)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{_e(doc.title)}: {_e(doc.subtitle)}</title><style>{_STYLE}</style></head><body><main>",
        f"<header><h1>{_e(doc.title)}</h1><p>{_e(doc.subtitle)}</p></header>",
        "<section class='key'>"
        + "".join(
            f"<div><span>{_e(label)}</span><strong>{_e(value)}</strong></div>"
            for label, value in doc.key_figures
        )
        + "</section>",
    ]
    for section in doc.sections:
        parts.append(f"<section><h2>{_e(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, Text):
                parts.append(f"<p>{_e(block.text)}</p>")
            elif isinstance(block, Items):
                parts.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in block.items) + "</ul>")
            elif isinstance(block, Table):
                parts.append(_table(block))
            elif isinstance(block, Chart) and block.kind in charts:
                parts.append(
                    f"<figure>{charts[block.kind]}</figure>"
                )  # the chart's own title says what it is
        parts.append("</section>")
    parts.append(f"<footer>{_e(doc.footer)}</footer></main></body></html>\n")
    return "\n".join(parts)


def klimaregnskap_html(
    summary: Mapping[str, Any],
    *,
    progress: Mapping[str, Any] | None = None,
    revenue: tuple[float, str] | None = None,
    language: str | Language | None = None,
    charts: bool = True,
) -> str:
    """The yearly climate account ("klimaregnskap") of one account as a standalone, printable HTML page.

    Organisation and year; totals by scope (scope 2 on both bases) with
    their 95 % intervals where the summary has ``uncertainty``; scope 3 by
    category with the GHG Protocol's names; energy use; intensities (per
    stored metric, and per million of the `revenue` given), base year,
    targets and the change by cause when `progress` is given; data
    quality; the disclosures (factors from another year or region, lines
    left out, unresolved lines); factor sets and versions; method notes.
    With matplotlib installed the scope and category charts (and the trend
    against the targets' paths) are inline SVG. Every value is escaped.

    Parameters
    ----------
    summary : Mapping
        A calculation summary (:meth:`ghgcore.Inventory.summary`, or a
        stored account's :attr:`~ghgcore.store.Account.summary`).
    progress : Mapping, optional
        :func:`ghgcore.progress.progress`'s report of the organisation.
    revenue : (float, str), optional
        The reporting year's revenue and its ISO 4217 currency code, such
        as ``(14_780_000, "NOK")`` (:func:`revenue_from_ledgers`): the
        totals per million of it are shown among the intensities, unless a
        stored metric of the year (in `progress`) is that revenue already.
        ``ghgcore report`` passes the revenue it divides ESRS, VSME and CDP
        by, so the account and those reports agree.
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`).
    charts : bool, default True
        Draw the charts (where matplotlib is installed).

    Returns
    -------
    str
        The page, UTF-8 text.

    Raises
    ------
    OptionError
        A language without a catalogue, or a revenue that is not a finite
        amount (zero or more) of an ISO 4217 currency.

    Examples
    --------
    >>> summary = {"organisation": "Eksempel <AS>", "year": 2024, "gwp": "AR6",
    ...            "scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 800.0, "3": 5000.0},
    ...            "total_kg_co2e": 7800.0, "total_location_based_kg_co2e": 7400.0}
    >>> page = klimaregnskap_html(summary, charts=False)
    >>> "Climate account 2024" in page, "Eksempel &lt;AS&gt;" in page, "<AS>" in page
    (True, True, False)
    >>> page = klimaregnskap_html(summary, revenue=(2_000_000, "EUR"), charts=False)
    >>> "revenue (t CO2e per MEUR)</td><td class='n'>3.900</td><td class='n'>3.700</td>" in page
    True
    """
    lang = get_language(language)
    doc = document(summary, progress=progress, revenue=revenue, language=lang)
    captions = {
        block.kind: block.caption
        for section in doc.sections
        for block in section.blocks
        if isinstance(block, Chart)
    }
    return render(doc, _charts(summary, progress, lang, captions) if charts else {})
