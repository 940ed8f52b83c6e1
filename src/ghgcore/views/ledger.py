"""Views of a general ledger: its reconciliation as a summary and as a text report."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language

if TYPE_CHECKING:
    from ghgcore.ledger import Ledger

__all__ = [
    "CLASS_NAMES",
    "class_names",
    "class_rows",
    "format_ledger",
    "ledger_html",
    "ledger_summary",
    "period_text",
]

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
#: What the account classes of the Norwegian chart of accounts (NS 4102) hold, in English
#: (:func:`class_names` gives them in a view's language).
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


def _money(value: Any, lang: Language, decimals: int = 2) -> str:
    """An amount as the language writes it, two decimals; a huge one in a few characters, text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)
        except (TypeError, ValueError):
            return _clean(value, 20)
    return lang.number(value, decimals)


def _problem_lines(ledger: Ledger, max_problems: int, lang: Language) -> list[str]:
    """The problems of the ledger's lines (the first `max_problems`) and of the file, one line each."""
    out = [_clean(p, 300) for p in ledger.problems[:max_problems]]
    if len(ledger.problems) > max_problems:
        out.append(
            lang.format("... and {count} more", count=lang.number(len(ledger.problems) - max_problems, 0))
        )
    out += [
        lang.format("file: {problem}", problem=_clean(p, 300)) for p in ledger.file_problems[:max_problems]
    ]
    if len(ledger.file_problems) > max_problems:
        out.append(
            lang.format(
                "... and {count} more in the file",
                count=lang.number(len(ledger.file_problems) - max_problems, 0),
            )
        )
    return out


def period_text(period: Mapping[str, Any], language: str | Language | None = None) -> str:
    """``2017-01 to 2017-04 (4 months, not a full year)``, or ``period unknown``.

    Parameters
    ----------
    period : Mapping
        The ``period`` of a ledger's reconciliation.
    language : str or Language, optional
        The language of the words (:func:`ghgcore.i18n.language`); English by default.

    Returns
    -------
    str

    Examples
    --------
    >>> period_text({"start": "2017-01", "end": "2017-04", "months": 4, "full_year": False}, "nb")
    '2017-01 til 2017-04 (4 måneder, ikke et helt år)'
    """
    lang = get_language(language)
    if not period.get("months"):
        return lang.gettext("period unknown")
    months = period["months"]
    whole = lang.gettext("a full year") if period["full_year"] else lang.gettext("not a full year")
    count = lang.ngettext("{count} month", "{count} months", months).format(count=months)
    return lang.format(
        "{start} to {end} ({months}, {whole})",
        start=period["start"],
        end=period["end"],
        months=count,
        whole=whole,
    )


def class_names(language: str | Language | None = None) -> dict[str, str]:
    """What each account class holds (:data:`CLASS_NAMES`), in `language` (English by default).

    >>> class_names("nb")["5"]
    'lønnskostnader'
    """
    lang = get_language(language)
    return {
        "1": lang.gettext("assets"),
        "2": lang.gettext("equity and liabilities"),
        "3": lang.gettext("sales and operating revenue"),
        "4": lang.gettext("cost of goods"),
        "5": lang.gettext("payroll"),
        "6": lang.gettext("depreciation and other operating costs"),
        "7": lang.gettext("other operating costs"),
        "8": lang.gettext("financial items and tax"),
        "": lang.gettext("accounts without a class"),
    }


def class_rows(
    reconciliation: Mapping[str, Any], language: str | Language | None = None
) -> list[tuple[str, str, float]]:
    """(class, what it holds, net) per account class, then the cost total of classes 4-7.

    What a class holds is :data:`CLASS_NAMES`' name in `language` (English by default).
    """
    lang = get_language(language)
    names = class_names(lang)
    rows = [(c, names.get(c, ""), net) for c, net in reconciliation["net_by_class"].items()]
    costs = lang.gettext("operating costs (to check against the P&L)")
    return [*rows, ("4-7", costs, reconciliation["costs_4_to_7"])]


def _declared(rec: Mapping[str, Any], lang: Language) -> tuple[list[tuple[str, str]], str]:
    """The totals the file declares, as (what, value), and whether the ledger matches them."""
    names = {
        "number_of_entries": lang.gettext("number of entries"),
        "total_debit": lang.gettext("total debit"),
        "total_credit": lang.gettext("total credit"),
    }
    shown = [
        (names.get(k, k.replace("_", " ")), _money(v, lang, 0 if k == "number_of_entries" else 2))
        for k, v in rec["declared"].items()
    ]
    verdict = lang.gettext("matches") if rec["matches_declared"] else lang.gettext("does NOT match")
    return shown, verdict


def ledger_summary(ledger: Ledger) -> dict[str, Any]:
    """The ledger's header, currency and reconciliation, JSON-ready (``ghgcore ledger --format json``)."""
    return {"header": dict(ledger.header), "currency": ledger.currency, **ledger.reconciliation()}


def format_ledger(ledger: Ledger, *, max_problems: int = 20, language: str | Language | None = None) -> str:
    """A text report of a ledger: lines, debit and credit against the declared totals, net per account.

    Parameters
    ----------
    ledger : Ledger
        The ledger (:func:`ghgcore.ledger.read_ledger`).
    max_problems : int, default 20
        The most problems of the lines (and of the file) listed.
    language : str or Language, optional
        The language of the labels and numbers (:func:`ghgcore.i18n.language`); English by default.

    Returns
    -------
    str
        The report; text from the file is shown on one line, its control characters escaped.

    Raises
    ------
    OptionError
        `language` is not a language with a catalogue.
    """
    lang = get_language(language)
    rec = ledger.reconciliation()
    period = period_text(rec["period"], lang)
    balanced = lang.gettext("balanced") if rec["balanced"] else lang.gettext("NOT balanced")
    out = [
        _clean(f"{rec['company']} {rec['registration_number']}".strip() or rec["source"]),
        lang.format("Period {period}", period=period)
        if rec["period"].get("months")
        else lang.format("Period: {period}", period=period),
        lang.format(
            "Lines {lines}, transactions {transactions}, currency {currency}",
            lines=lang.number(rec["lines"], 0),
            transactions=lang.number(rec["transactions"], 0),
            currency=_clean(ledger.currency) or lang.gettext("unknown"),
        ),
        lang.format(
            "Total debit {debit}, total credit {credit}: {balanced}",
            debit=_money(rec["total_debit"], lang),
            credit=_money(rec["total_credit"], lang),
            balanced=balanced,
        ),
    ]
    if rec["declared"]:
        shown, verdict = _declared(rec, lang)
        totals = ", ".join(f"{what} {value}" for what, value in shown)
        out.append(lang.format("Declared by the file: {totals}: {verdict}", totals=totals, verdict=verdict))
    out.append(
        lang.format(
            "Problems: {lines} of lines, {file} of the file",
            lines=lang.number(rec["problems"], 0),
            file=lang.number(len(ledger.file_problems), 0),
        )
    )
    out.extend(f"  {problem}" for problem in _problem_lines(ledger, max_problems, lang))
    out.append("")
    cls_label, net_label = lang.gettext("class"), lang.gettext("net")
    out.append(f"{cls_label:<10}{'':<40}{net_label:>18}")
    for cls, name, net in class_rows(rec, lang):
        out.append(f"{cls:<10}{name[:38]:<40}{_money(net, lang):>18}")
    out.append("")
    account_label, description_label = lang.gettext("account"), lang.gettext("description")
    out.append(f"{account_label:<10}{description_label:<40}{net_label:>18}")
    for account, net in rec["net_by_account"].items():
        description = ledger.accounts[account].description if account in ledger.accounts else ""
        out.append(f"{_clean(account, 40):<10}{_clean(description, 38):<40}{_money(net, lang):>18}")
    return "\n".join(out) + "\n"


def ledger_html(ledger: Ledger, *, max_problems: int = 20, language: str | Language | None = None) -> str:
    """An HTML page of a ledger's reconciliation: totals, net per account class and per account.

    Parameters
    ----------
    ledger : Ledger
        The ledger (:func:`ghgcore.ledger.read_ledger`).
    max_problems : int, default 20
        The most problems of the lines (and of the file) listed.
    language : str or Language, optional
        The language of the labels and numbers (:func:`ghgcore.i18n.language`); English by default.

    Returns
    -------
    str
        A standalone page (``<!DOCTYPE html>`` to ``</html>``); every value from the file is escaped.

    Raises
    ------
    OptionError
        `language` is not a language with a catalogue.
    """
    lang = get_language(language)

    def e(value: object) -> str:
        return html.escape(_clean(value, 300))

    rec = ledger.reconciliation()
    title = e(f"{rec['company']} {rec['registration_number']}".strip() or rec["source"])

    def money(value: float) -> str:
        return f"<td style='text-align:right'>{e(_money(value, lang))}</td>"

    declared = ""
    if rec["declared"]:
        shown, verdict = _declared(rec, lang)
        totals = ", ".join(f"{what} {value}" for what, value in shown)
        said = lang.format("Declared by the file: {totals}: {verdict}", totals=totals, verdict=verdict)
        declared = f"<p>{e(said)}</p>"
    classes = "".join(
        f"<tr><td>{e(c)}</td><td>{e(name)}</td>{money(net)}</tr>" for c, name, net in class_rows(rec, lang)
    )
    accounts = "".join(
        f"<tr><td>{e(account)}</td><td>{e(ledger.accounts[account].description if account in ledger.accounts else '')}"
        f"</td>{money(net)}</tr>"
        for account, net in rec["net_by_account"].items()
    )
    problems = "".join(f"<li>{e(p)}</li>" for p in _problem_lines(ledger, max_problems, lang))
    about = lang.format(
        "Period {period}; currency {currency}; {lines} lines, {transactions} transactions",
        period=period_text(rec["period"], lang),
        currency=rec["currency"],
        lines=lang.number(rec["lines"], 0),
        transactions=lang.number(rec["transactions"], 0),
    )
    balance = lang.format(
        "Total debit {debit}, total credit {credit}: {balanced}",
        debit=_money(rec["total_debit"], lang),
        credit=_money(rec["total_credit"], lang),
        balanced=lang.gettext("balanced") if rec["balanced"] else lang.gettext("NOT balanced"),
    )
    counted = lang.format(
        "Problems: {lines} of lines, {file} of the file",
        lines=lang.number(rec["problems"], 0),
        file=lang.number(len(ledger.file_problems), 0),
    )
    by_class, by_account = e(lang.gettext("Net per account class")), e(lang.gettext("Net per account"))
    cls_label, net_label = e(lang.gettext("class")), e(lang.gettext("net"))
    account_label, description_label = e(lang.gettext("account")), e(lang.gettext("description"))
    return (
        f"<!DOCTYPE html><html lang='{e(lang.code)}'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><div class='ghgcore-ledger'>"
        f"<h1>{title}</h1><p>{e(about)}</p><p>{e(balance)}</p>{declared}<p>{e(counted)}</p>"
        f"{f'<ul>{problems}</ul>' if problems else ''}"
        f"<h2>{by_class}</h2><table><thead><tr><th>{cls_label}</th><th></th>"
        f"<th>{net_label}</th></tr></thead><tbody>{classes}</tbody></table>"
        f"<h2>{by_account}</h2><table><thead><tr><th>{account_label}</th>"
        f"<th>{description_label}</th><th>{net_label}</th></tr>"
        f"</thead><tbody>{accounts}</tbody></table></div></body></html>\n"
    )
