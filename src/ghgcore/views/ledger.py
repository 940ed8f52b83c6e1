"""Views of a general ledger: its reconciliation as a summary and as a text report."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghgcore.ledger import Ledger

__all__ = ["CLASS_NAMES", "format_ledger", "ledger_html", "ledger_summary", "period_text"]

#: Characters that would end a line, move the cursor, drive a terminal or reorder text: C0 and C1
#: controls, DEL, the Unicode line and paragraph separators and the bidirectional formatting marks.
#: (A ledger's company name, account descriptions and problems quote its file, which may be hostile.)
_CONTROLS = [
    *range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
    *range(0x202A, 0x202F), *range(0x2066, 0x206A),
]  # fmt: skip
_VISIBLE = {
    c: {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(c, f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")
    for c in _CONTROLS
}
#: Beyond this magnitude, amounts are written in scientific notation.
_PLAIN_BELOW = 1e15

#: What the account classes of the Norwegian chart of accounts (NS 4102) hold.
CLASS_NAMES = {
    "1": "assets",
    "2": "equity and liabilities",
    "3": "sales and operating revenue",
    "4": "cost of goods",
    "5": "payroll",
    "6": "depreciation and other operating costs",
    "7": "other operating costs",
    "8": "financial items and tax",
    "": "accounts without a class",
}


def _clean(value: object, limit: int = 200) -> str:
    """`value` on one line, its control characters written as escapes, cut to `limit` characters."""
    text = str(value).translate(_VISIBLE)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _money(value: Any) -> str:
    """An amount with thousands separators and two decimals; a huge one or NaN in a few characters."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return _clean(value, 20)
    return f"{x:,.2f}" if abs(x) < _PLAIN_BELOW else f"{x:.6g}"


def _problem_lines(ledger: Ledger, max_problems: int) -> list[str]:
    """The problems of the ledger's lines (the first `max_problems`) and of the file, one line each."""
    out = [_clean(p, 300) for p in ledger.problems[:max_problems]]
    if len(ledger.problems) > max_problems:
        out.append(f"... and {len(ledger.problems) - max_problems} more")
    out += [f"file: {_clean(p, 300)}" for p in ledger.file_problems[:max_problems]]
    if len(ledger.file_problems) > max_problems:
        out.append(f"... and {len(ledger.file_problems) - max_problems} more in the file")
    return out


def period_text(period: Mapping[str, Any]) -> str:
    """``2017-01 to 2017-04 (4 months, not a full year)``, or ``period unknown``."""
    if not period.get("months"):
        return "period unknown"
    months = period["months"]
    whole = "a full year" if period["full_year"] else "not a full year"
    return f"{period['start']} to {period['end']} ({months} month{'s' if months != 1 else ''}, {whole})"


def class_rows(reconciliation: Mapping[str, Any]) -> list[tuple[str, str, float]]:
    """(class, what it holds, net) per account class, then the cost total of classes 4-7."""
    rows = [(c, CLASS_NAMES.get(c, ""), net) for c, net in reconciliation["net_by_class"].items()]
    return [*rows, ("4-7", "operating costs (to check against the P&L)", reconciliation["costs_4_to_7"])]


def ledger_summary(ledger: Ledger) -> dict[str, Any]:
    """The ledger's header, currency and reconciliation, JSON-ready (``ghgcore ledger --format json``)."""
    return {"header": dict(ledger.header), "currency": ledger.currency, **ledger.reconciliation()}


def format_ledger(ledger: Ledger, *, max_problems: int = 20) -> str:
    """A text report of a ledger: lines, debit and credit against the declared totals, net per account."""
    rec = ledger.reconciliation()
    period = period_text(rec["period"])
    out = [
        _clean(f"{rec['company']} {rec['registration_number']}".strip() or rec["source"]),
        f"Period {period}" if rec["period"].get("months") else f"Period: {period}",
        f"Lines {rec['lines']}, transactions {rec['transactions']}, currency {_clean(ledger.currency) or 'unknown'}",
        f"Total debit {_money(rec['total_debit'])}, total credit {_money(rec['total_credit'])}: "
        + ("balanced" if rec["balanced"] else "NOT balanced"),
    ]
    if rec["declared"]:
        out.append(
            "Declared by the file: "
            + ", ".join(f"{k.replace('_', ' ')} {_money(v)}" for k, v in rec["declared"].items())
            + (": matches" if rec["matches_declared"] else ": does NOT match")
        )
    out.append(f"Problems: {rec['problems']} of lines, {len(ledger.file_problems)} of the file")
    out.extend(f"  {problem}" for problem in _problem_lines(ledger, max_problems))
    out.append("")
    out.append(f"{'class':<10}{'':<40}{'net':>18}")
    for cls, name, net in class_rows(rec):
        out.append(f"{cls:<10}{name[:38]:<40}{_money(net):>18}")
    out.append("")
    out.append(f"{'account':<10}{'description':<40}{'net':>18}")
    for account, net in rec["net_by_account"].items():
        description = ledger.accounts[account].description if account in ledger.accounts else ""
        out.append(f"{_clean(account, 40):<10}{_clean(description, 38):<40}{_money(net):>18}")
    return "\n".join(out) + "\n"


def ledger_html(ledger: Ledger, *, max_problems: int = 20) -> str:
    """An HTML page of a ledger's reconciliation: totals, net per account class and per account."""

    def e(value: object) -> str:
        return html.escape(_clean(value, 300))

    rec = ledger.reconciliation()
    title = e(f"{rec['company']} {rec['registration_number']}".strip() or rec["source"])

    def money(value: float) -> str:
        return f"<td style='text-align:right'>{e(_money(value))}</td>"

    declared = ""
    if rec["declared"]:
        verdict = "matches" if rec["matches_declared"] else "does NOT match"
        shown = ", ".join(f"{e(k.replace('_', ' '))} {e(_money(v))}" for k, v in rec["declared"].items())
        declared = f"<p>Declared by the file: {shown}: {verdict}</p>"
    classes = "".join(
        f"<tr><td>{e(c)}</td><td>{e(name)}</td>{money(net)}</tr>" for c, name, net in class_rows(rec)
    )
    accounts = "".join(
        f"<tr><td>{e(account)}</td><td>{e(ledger.accounts[account].description if account in ledger.accounts else '')}"
        f"</td>{money(net)}</tr>"
        for account, net in rec["net_by_account"].items()
    )
    problems = "".join(f"<li>{e(p)}</li>" for p in _problem_lines(ledger, max_problems))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><div class='ghgcore-ledger'>"
        f"<h1>{title}</h1><p>Period {e(period_text(rec['period']))}; currency {e(rec['currency'])}; "
        f"{rec['lines']} lines, {rec['transactions']} transactions</p>"
        f"<p>Total debit {e(_money(rec['total_debit']))}, total credit {e(_money(rec['total_credit']))}: "
        f"{'balanced' if rec['balanced'] else 'NOT balanced'}</p>{declared}"
        f"<p>Problems: {rec['problems']} of lines, {len(ledger.file_problems)} of the file</p>"
        f"{f'<ul>{problems}</ul>' if problems else ''}"
        "<h2>Net per account class</h2><table><thead><tr><th>class</th><th></th><th>net</th></tr></thead>"
        f"<tbody>{classes}</tbody></table>"
        "<h2>Net per account</h2><table><thead><tr><th>account</th><th>description</th><th>net</th></tr>"
        f"</thead><tbody>{accounts}</tbody></table></div></body></html>\n"
    )
