"""The HTML view of a summary, for notebooks: everything the text report has, readable.

Every value of the summary is escaped, numbers too (a summary is a plain
dict, perhaps read back from JSON): text from the input (organisation, keys,
file names, reasons quoting values) can never become markup. Control
characters are written as escapes (:func:`ghgcore.views._base.clean`);
values are kept whole. The style sheet is inline and applies to the view's
own elements only (``.ghgcore-inventory``), so a notebook's look is left
alone; colours follow the notebook's text colour, for light and dark themes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import (
    clean,
    disclosures,
    figure,
    interval_rows,
    number,
    quality_names,
    section_html,
)
from ghgcore.views.sections import registered
from ghgcore.views.text import gas_label, gas_rows, interval_note, interval_text

__all__ = ["STYLE", "html_page", "to_html"]

#: The view's style sheet, scoped to its own elements.
STYLE = """
.ghgcore-inventory{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;
 line-height:1.45;max-width:60rem;color:inherit}
.ghgcore-inventory h2{font-size:1.3em;margin:.2em 0 .1em}
.ghgcore-inventory h3{font-size:1.05em;margin:1.1em 0 .3em;border-bottom:1px solid rgba(127,127,127,.35)}
.ghgcore-inventory .meta{margin:0 0 .6em;opacity:.8}
.ghgcore-inventory table{border-collapse:collapse;margin:.2em 0 .6em;min-width:28rem}
.ghgcore-inventory th,.ghgcore-inventory td{padding:.2em .7em;text-align:left;vertical-align:top;
 border-bottom:1px solid rgba(127,127,127,.18)}
.ghgcore-inventory th{font-weight:600;border-bottom:1px solid rgba(127,127,127,.5)}
.ghgcore-inventory td.n,.ghgcore-inventory th.n{text-align:right;font-variant-numeric:tabular-nums;
 white-space:nowrap}
.ghgcore-inventory td.sub:first-child{padding-left:1.8em;opacity:.9}
.ghgcore-inventory td.total{font-weight:600;border-top:1px solid rgba(127,127,127,.5)}
.ghgcore-inventory td.apart{opacity:.75;font-style:italic}
.ghgcore-inventory details{margin:.3em 0}
.ghgcore-inventory summary{cursor:pointer;font-weight:600}
.ghgcore-inventory ul{margin:.2em 0 .5em;padding-left:1.4em}
.ghgcore-inventory li{margin:.1em 0}
.ghgcore-inventory .note{font-size:.9em;opacity:.75;margin:.2em 0 .6em}
.ghgcore-inventory .warn{border-left:3px solid #d9822b;padding-left:.6em}
.ghgcore-inventory .bar{display:inline-block;height:.7em;background:#4c8bbf;vertical-align:middle;
 margin-right:.4em;border-radius:2px}
.ghgcore-inventory pre{white-space:pre-wrap;font-size:.9em}
.ghgcore-inventory code{font-size:.9em}
"""


def _escape(value: object) -> str:
    """Any value as HTML text: control characters as escapes, then ``<>&'"`` as entities."""
    return html.escape(clean(value), quote=True)


def _title(data: Mapping[str, Any], lang: Language | None = None) -> str:
    heading = get_language(lang).gettext("Greenhouse-gas inventory")
    return _escape(f"{heading} {data['organisation']} {data['year'] or ''}".strip())


def _table(head: list[tuple[str, bool]], rows: list[str]) -> str:
    """A table: header cells (text, numeric) and rows already made of ``<tr>`` HTML."""
    cells = "".join(f"<th{' class=n' if numeric else ''}>{_escape(text)}</th>" for text, numeric in head)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _row(cells: list[tuple[str, bool]], kind: str = "") -> str:
    """A table row from (text, numeric) cells, escaped; `kind` the class of its cells (``sub``, ``total``, ``apart``)."""
    body = ""
    for text, numeric in cells:
        classes = " ".join(c for c in ("n" if numeric else "", kind) if c)
        attribute = f' class="{classes}"' if classes else ""
        body += f"<td{attribute}>{_escape(text)}</td>"
    return f"<tr>{body}</tr>"


def _details(heading: str, body: str, *, open_: bool = False, kind: str = "") -> str:
    attributes = (" open" if open_ else "") + (f" class='{kind}'" if kind else "")
    return f"<details{attributes}><summary>{_escape(heading)}</summary>{body}</details>"


def _emissions(data: Mapping[str, Any], lang: Language) -> str:
    """Scopes, scope 3 categories and totals, with their 95 % intervals where the summary has them."""
    uncertain = bool((data.get("uncertainty") or {}).get("figures"))
    head = [("", False), (lang.gettext("t CO2e"), True)]
    if uncertain:
        head += [(lang.gettext("± 95 %"), True), (lang.gettext("95 % interval, t CO2e"), True)]
    rows = []
    for key, label, kg, interval in interval_rows(data, lang):
        kind = (
            "sub"
            if key.startswith("3.")
            else "total"
            if key == "total"
            else "apart"
            if key in {"biogenic", "montreal"}
            else ""
        )
        cells = [(label.strip(), False), (figure(kg, lang), True)]
        if uncertain:
            share, span = interval_text(interval, lang)
            cells += [(share, True), (span, True)]
        rows.append(_row(cells, kind))
    heading = lang.gettext("Emissions")
    out = f"<h3>{_escape(heading)}</h3>{_table(head, rows)}"
    if uncertain:
        out += f"<p class=note>{_escape(interval_note(data, lang))}</p>"
    return out


def _gases(data: Mapping[str, Any], lang: Language) -> str:
    rows = gas_rows(data)
    if not rows:
        return ""
    body = [
        _row(
            [
                (gas_label(gas, in_scopes, lang), False),
                (number(kg, 3, lang), True),
                (figure(co2e, lang), True),
            ],
            "" if in_scopes else "apart",
        )
        for gas, kg, co2e, in_scopes in rows
    ]
    basis = lang.gettext("scope 2 market-based") if data.get("gases_basis") == "scope 2 market-based" else ""
    heading = lang.format("Gases ({basis})", basis=basis) if basis else lang.gettext("Gases")
    table = _table(
        [(lang.gettext("Gas"), False), (lang.gettext("kg"), True), (lang.gettext("t CO2e"), True)], body
    )
    return f"<h3>{_escape(heading)}</h3>{table}"


def _quality(data: Mapping[str, Any], lang: Language) -> str:
    quality = data.get("quality")
    if not quality or not any((quality.get("lines") or {}).values()):
        return ""
    kg = quality.get("kg_co2e") or {}
    whole = sum(abs(float(v)) for v in kg.values()) or 1.0
    rows = []
    for key, meaning in quality_names(lang).items():
        n = int((quality.get("lines") or {}).get(key, 0))
        if not n:
            continue
        share = abs(float(kg.get(key, 0.0))) / whole
        bar = f"<span class=bar style='width:{round(share * 8, 2)}em'></span>"
        rows.append(
            f"<tr><td class=n>{_escape(key)}</td><td>{_escape(meaning)}</td>"
            f"<td class=n>{_escape(number(n, 0, lang))}</td><td class=n>{_escape(figure(kg.get(key), lang))}</td>"
            f"<td>{bar}{_escape(lang.percent(share, 1))}</td></tr>"
        )
    score = quality.get("weighted_score")
    head = [
        (lang.gettext("score"), True), (lang.gettext("the lines' data"), False), (lang.gettext("lines"), True),
        (lang.gettext("t CO2e"), True), (lang.gettext("share"), False),
    ]  # fmt: skip
    text = lang.format(
        "Weighted by emissions: {score} (PCAF-style score, 1 best, 5 poorest)",
        score=number(score, 1, lang) if score is not None else "–",
    )
    heading = lang.gettext("Data quality")
    return f"<h3>{_escape(heading)}</h3><p>{_escape(text)}</p>{_table(head, rows)}"


def _lines(data: Mapping[str, Any], lang: Language) -> str:
    excluded = sum(item["lines"] for item in data["excluded"])
    text = lang.format(
        "Lines: {read} read, {calculated} calculated, {excluded} excluded, {unresolved} unresolved",
        read=number(data["lines"], 0, lang), calculated=number(data["calculated"], 0, lang),
        excluded=number(excluded, 0, lang), unresolved=number(len(data["unresolved"]), 0, lang),
    )  # fmt: skip
    parts = [f"<p>{_escape(text)}</p>"]
    if data["excluded"]:
        rows = [
            _row([
                (item["reason"], False), (number(item["lines"], 0, lang), True),
                ("; ".join(f"{number(v, 2, lang)} {unit}" for unit, v in (item.get("amount") or {}).items()), True),
            ])
            for item in data["excluded"]
        ]  # fmt: skip
        head = [
            (lang.gettext("reason"), False),
            (lang.gettext("lines"), True),
            (lang.gettext("amount"), True),
        ]
        parts.append(_details(lang.gettext("Excluded lines, by reason"), _table(head, rows), open_=True))
    return "".join(parts)


def _energy(data: Mapping[str, Any], lang: Language) -> str:
    energy = data.get("energy")
    if not energy or not energy.get("total_mwh"):
        return ""
    names = {
        "fossil": lang.gettext("fossil"),
        "renewable": lang.gettext("renewable"),
        "nuclear": lang.gettext("nuclear"),
        "unspecified": lang.gettext("unspecified"),
    }
    rows = [
        _row([(names.get(kind, kind), False), (number(mwh, 1, lang), True)])
        for kind, mwh in energy["by_kind"].items()
        if mwh
    ]
    rows.append(_row([(lang.gettext("Total"), False), (number(energy["total_mwh"], 1, lang), True)], "total"))
    notes = "".join(f"<li>{_escape(note)}</li>" for note in energy.get("notes") or [])
    heading = lang.gettext("Energy (scope 1 and 2 lines)")
    table = _table([("", False), (lang.gettext("MWh"), True)], rows)
    return f"<h3>{_escape(heading)}</h3>{table}{f'<ul>{notes}</ul>' if notes else ''}"


def _instruments(data: Mapping[str, Any], lang: Language) -> str:
    if not data["instruments"]:
        return ""
    rows = [
        _row([
            (item["id"], False), (item["kind"], False), (number(item["kwh"], 0, lang), True),
            (number(item["allocated_kwh"], 0, lang), True), (item["note"], False),
        ])
        for item in data["instruments"]
    ]  # fmt: skip
    head = [
        (lang.gettext("instrument"), False), (lang.gettext("kind"), False), (lang.gettext("kWh"), True),
        (lang.gettext("allocated kWh"), True), (lang.gettext("note"), False),
    ]  # fmt: skip
    heading = lang.gettext("Contractual instruments")
    return f"<h3>{_escape(heading)}</h3>{_table(head, rows)}"


def _unresolved(data: Mapping[str, Any], lang: Language, max_unresolved: int) -> str:
    if not data["unresolved"]:
        return ""
    several = any(item.get("input") for item in data["unresolved"])
    rows = [
        "<tr>"
        + (f"<td>{_escape(item.get('input', ''))}</td>" if several else "")
        + f"<td class=n>{_escape(item['line'])}</td><td>{_escape(item['reason'])}</td></tr>"
        for item in data["unresolved"][:max_unresolved]
    ]
    head = [(lang.gettext("input"), False)] if several else []
    head += [(lang.gettext("line"), True), (lang.gettext("reason"), False)]
    more = len(data["unresolved"]) - max_unresolved
    tail = ""
    if more > 0:
        tail = "<p>" + _escape(lang.format("... and {count} more", count=number(more, 0, lang))) + "</p>"
    return _details(lang.gettext("Unresolved lines"), _table(head, rows) + tail, open_=True, kind="warn")


def _factor_sets(data: Mapping[str, Any], lang: Language) -> str:
    rows = [
        _row([(fs["name"], False), (fs["version"], False), (str(fs["sha256"])[:12], False)])
        for fs in data["factor_sets"]
    ]
    head = [(lang.gettext("factor set"), False), (lang.gettext("version"), False), ("sha256", False)]
    heading = lang.gettext("Factor sets")
    return f"<h3>{_escape(heading)}</h3>{_table(head, rows)}"


def to_html(
    data: Mapping[str, Any], *, max_unresolved: int = 20, language: str | Language | None = None
) -> str:
    """An HTML view of a summary for notebooks: all the text report shows, with its disclosures.

    The emissions by scope, scope 3 by category (the GHG Protocol's names)
    and the totals with their 95 % intervals (where the summary has
    ``uncertainty``); gases with their CO2e; data quality (``quality``);
    line counts and the excluded lines by reason; energy; the parts of
    registered sections (spend, with excluded spend); contractual
    instruments; the disclosures (other years, factors from another year
    or region with how many t CO2e each kind of fallback gave, location-based
    stand-ins for market-based scope 2, price assumptions, the hybrid rule,
    ledgers), open; unresolved lines; factor sets with versions and hashes.

    Parameters
    ----------
    data : Mapping
        A summary (:func:`ghgcore.views.summary`, ``Inventory.summary()``).
    max_unresolved : int
        The unresolved lines listed at most.
    language : str or Language, optional
        The language of the labels and numbers (English by default).
    """
    lang = get_language(language)
    e = _escape
    meta = [f"GWP-100 {data['gwp']}"]
    if data.get("input"):
        meta.append(lang.format("input: {input}", input=data["input"]))
    parts = [
        f"<div class='ghgcore-inventory'><style>{STYLE}</style>",
        f"<h2>{_title(data, lang)}</h2><p class=meta>{e(' · '.join(meta))}</p>",
        _emissions(data, lang),
        _gases(data, lang),
        _quality(data, lang),
        "<h3>" + e(lang.gettext("Lines")) + "</h3>",
        _lines(data, lang),
        _energy(data, lang),
    ]
    for section in registered():
        parts.append(section_html(section, data, lang))
    parts.append(_instruments(data, lang))
    found = disclosures(data, lang)
    if found:
        parts.append("<h3>" + e(lang.gettext("Disclosures")) + "</h3>")
        for heading, items in found:
            listed = "".join(f"<li>{e(item)}</li>" for item in items)
            parts.append(_details(heading, f"<ul>{listed}</ul>", open_=True))
    parts.append(_unresolved(data, lang, max_unresolved))
    parts.append(_factor_sets(data, lang))
    parts.append("</div>")
    return "".join(parts)


def html_page(data: Mapping[str, Any], *, language: str | Language | None = None) -> str:
    """A whole HTML page of a summary (``ghgcore calculate --format html``)."""
    lang = get_language(language)
    code = _escape(lang.code)
    return (
        f"<!DOCTYPE html><html lang='{code}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_title(data, lang)}</title></head><body>{to_html(data, language=lang)}</body></html>\n"
    )
