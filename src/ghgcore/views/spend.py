"""The spend section of the summary: what happened to the general-ledger lines.

Contributed to the summary, the text report and the notebook view as a
:class:`~ghgcore.views.Section` under the key ``spend``; ``None`` when no
line came from a general ledger.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.spend import SPEND_TAG
from ghgcore.views._base import clean, clip

if TYPE_CHECKING:
    import numpy.typing as npt

    from ghgcore.result import Result

__all__ = ["SpendSection", "spend_summary"]


def spend_summary(result: Result) -> dict[str, Any] | None:
    """What happened to the spend lines of a result, and spend- versus activity-based emissions.

    Returns ``None`` when the result has no spend lines. Otherwise: the
    spend lines and amounts (per currency) that were calculated, unresolved
    (mapped but not calculable), unmapped and excluded (by reason); per
    purchase category the method it used (``"spend"``, or ``"activity"`` when
    activity data replaced its spend), its lines, amount and kg CO2e; and
    the kg CO2e from spend-based and from activity-based lines, with the
    spend-based share.
    """
    table = result.activities
    tag = result.marks.get(SPEND_TAG)  # ghgcore's own mark, never an input's tag of that name
    if tag is None or "spend" not in tag.categories:
        return None
    spend = tag.codes == tag.categories.index("spend")
    co2e = np.where(result.calculated, result.co2e_market, 0.0)
    amount = result.summable_amounts()
    units = ["", *table.unit.categories]
    mapped = spend & (result.activity_key.codes >= 0) & ~result.excluded

    def money(mask: npt.NDArray[np.bool_]) -> dict[str, Any]:
        sums = np.bincount(table.unit.codes[mask] + 1, weights=amount[mask], minlength=len(units))
        return {
            "lines": int(mask.sum()),
            "amount": {
                u: round(float(sums[i]), 2)
                for i, u in enumerate(units)
                if u and np.any(table.unit.codes[mask] == i - 1)
            },
        }

    groups = {
        "calculated": mapped & result.calculated,
        "unresolved": mapped & ~result.calculated,
        "unmapped": spend & (result.activity_key.codes < 0) & ~result.excluded,
    }
    out: dict[str, Any] = {"lines": int(spend.sum()), **{k: money(m) for k, m in groups.items()}}
    out["excluded"] = [
        {**item, "amount": {unit: round(value, 2) for unit, value in item["amount"].items()}}
        for item in result.exclusions(spend)
    ]
    categories: dict[str, Any] = {}
    keys = result.activity_key
    for code in np.unique(keys.codes[spend & (keys.codes >= 0)]):
        rows = spend & (keys.codes == code)
        covered = rows & result.excluded
        categories[keys.categories[code]] = {
            "method": "activity" if covered.any() and not (rows & ~result.excluded).any() else "spend",
            **money(rows & ~result.excluded),
            "kg_co2e": float(co2e[rows].sum()),
        }
    out["categories"] = dict(sorted(categories.items()))
    spend_kg = float(co2e[spend].sum())
    activity_kg = float(co2e[~spend].sum())
    out["spend_kg_co2e"] = spend_kg
    out["activity_kg_co2e"] = activity_kg
    total = spend_kg + activity_kg
    out["spend_share"] = spend_kg / total if total else 0.0
    return out


#: The longest a name from a ledger or a mapping (file, category, currency, reason) is shown.
_NAME, _UNIT, _TEXT = 120, 12, 500


def _number(lang: Language, value: Any, decimals: int) -> str:
    """A number of the summary as `lang` writes it (what is not a number, as it is, clipped)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return clip(value, 20)
    return lang.number(value, decimals)


def _tonnes(lang: Language, kg: Any) -> str:
    """Kg of the summary as tonnes with three decimals, as `lang` writes them."""
    return _number(lang, kg / 1000 if isinstance(kg, int | float) and not isinstance(kg, bool) else kg, 3)


def _money(amounts: Mapping[str, float], lang: Language) -> str:
    return (
        ", ".join(f"{_number(lang, value, 2)} {clip(unit, _UNIT)}" for unit, value in amounts.items()) or "0"
    )


def _method(method: str, lang: Language) -> str:
    """A purchase category's method in `lang` (text from the data as it is)."""
    if method == "spend":
        return lang.gettext("spend")
    if method == "activity":
        return lang.gettext("activity")
    return method


def _ledger_row(ledger: Mapping[str, Any], lang: Language) -> str:
    """A ledger's lines, debit and credit, whether it balances and matches the totals its file declares."""
    text = lang.ngettext(
        "Ledger {source}: {count} line, debit {debit}, credit {credit}",
        "Ledger {source}: {count} lines, debit {debit}, credit {credit}",
        ledger["lines"],
    ).format(
        source=clip(ledger["source"], _NAME),
        count=_number(lang, ledger["lines"], 0),
        debit=_number(lang, ledger["total_debit"], 2),
        credit=_number(lang, ledger["total_credit"], 2),
    )
    if not ledger["balanced"]:
        text = lang.format("{text} (NOT balanced)", text=text)
    if ledger["matches_declared"] is True:
        text = lang.format("{text}; match the file's declared totals", text=text)
    elif ledger["matches_declared"] is False:
        text = lang.format("{text}; DO NOT match the file's declared totals", text=text)
    return text


def _spend_rows(data: Mapping[str, Any], lang: Language) -> list[str]:
    """The ledger part of the text report: reconciliation, exclusions, categories."""
    out = [_ledger_row(ledger, lang) for ledger in data["reconciliation"]["ledgers"]]
    spend = data.get("spend")
    if not spend:
        return out
    out.append(
        lang.format(
            "Spend lines: {lines}: {calculated} calculated ({calculated_amount}), {unresolved} unresolved "
            "({unresolved_amount}), {unmapped} unmapped ({unmapped_amount})",
            lines=_number(lang, spend["lines"], 0),
            calculated=_number(lang, spend["calculated"]["lines"], 0),
            calculated_amount=_money(spend["calculated"]["amount"], lang),
            unresolved=_number(lang, spend["unresolved"]["lines"], 0),
            unresolved_amount=_money(spend["unresolved"]["amount"], lang),
            unmapped=_number(lang, spend["unmapped"]["lines"], 0),
            unmapped_amount=_money(spend["unmapped"]["amount"], lang),
        )
    )
    for item in spend["excluded"]:
        excluded = lang.ngettext(
            "excluded, {reason}: {count} line, {amount}",
            "excluded, {reason}: {count} lines, {amount}",
            item["lines"],
        ).format(
            reason=clip(item["reason"], _TEXT),
            count=_number(lang, item["lines"], 0),
            amount=_money(item["amount"], lang),
        )
        out.append("  " + excluded)
    share = spend["spend_share"]
    out.append(
        lang.format(
            "Spend-based {spend} t, activity-based {activity} t CO2e ({share} spend-based)",
            spend=_tonnes(lang, spend["spend_kg_co2e"]),
            activity=_tonnes(lang, spend["activity_kg_co2e"]),
            share=lang.percent(share, 1) if isinstance(share, int | float) else clip(share, 20),
        )
    )
    width = 40
    header = (
        lang.gettext("category"),
        lang.gettext("method"),
        lang.gettext("amount"),
        lang.gettext("t CO2e"),
    )
    out.append(f"  {header[0]:<{width}}{header[1]:<10}{header[2]:>18}{header[3]:>12}")
    for key, item in spend["categories"].items():
        out.append(
            f"  {clip(key, width - 1):<{width}}{clip(_method(item['method'], lang), 9):<10}"
            f"{_money(item['amount'], lang):>18}{_tonnes(lang, item['kg_co2e']):>12}"
        )
    return out


class SpendSection:
    """The ``spend`` part of the summary (see :func:`spend_summary`), with the ledgers' reconciliation."""

    key = "spend"

    def summarise(self, result: Result) -> dict[str, Any] | None:
        """See :func:`spend_summary`."""
        return spend_summary(result)

    def text(self, data: Mapping[str, Any], *, language: str | Language | None = None) -> list[str]:
        """The ledger part of the text report: reconciliation, exclusions, categories.

        Parameters
        ----------
        data : Mapping
            The whole summary (:meth:`ghgcore.Inventory.summary`).
        language : str or Language, optional
            The language of the labels and numbers (:func:`ghgcore.i18n.language`); English by default.

        Returns
        -------
        list of str
            The lines (none when no line came from a general ledger).
        """
        return _spend_rows(data, get_language(language))

    def html(self, data: Mapping[str, Any], *, language: str | Language | None = None) -> str:
        """The same, folded, for the notebook view (``""`` when there is nothing to show).

        Parameters
        ----------
        data : Mapping
            The whole summary (:meth:`ghgcore.Inventory.summary`).
        language : str or Language, optional
            The language of the labels and numbers (:func:`ghgcore.i18n.language`); English by default.

        Returns
        -------
        str
        """
        lang = get_language(language)
        rows = _spend_rows(data, lang)
        if not rows:
            return ""
        text = "\n".join(map(clean, rows))
        title = html.escape(lang.gettext("Ledgers and spend"))
        return f"<details><summary>{title}</summary><pre>{html.escape(text)}</pre></details>"
