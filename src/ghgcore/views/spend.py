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

from ghgcore.spend import SPEND_TAG
from ghgcore.views._base import clean, clip, number, tonnes

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


def _money(amounts: Mapping[str, float]) -> str:
    return ", ".join(f"{number(value)} {clip(unit, _UNIT)}" for unit, value in amounts.items()) or "0"


def _spend_rows(data: Mapping[str, Any]) -> list[str]:
    """The ledger part of the text report: reconciliation, exclusions, categories."""
    out: list[str] = []
    for ledger in data["reconciliation"]["ledgers"]:
        declared = {
            True: "match the file's declared totals",
            False: "DO NOT match the file's declared totals",
        }
        out.append(
            f"Ledger {clip(ledger['source'], _NAME)}: {ledger['lines']} lines, "
            f"debit {number(ledger['total_debit'])}, credit {number(ledger['total_credit'])}"
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
        out.append(
            f"  excluded, {clip(item['reason'], _TEXT)}: {item['lines']} lines, {_money(item['amount'])}"
        )
    out.append(
        f"Spend-based {tonnes(spend['spend_kg_co2e'])} t, activity-based {tonnes(spend['activity_kg_co2e'])} t CO2e "
        f"({100 * spend['spend_share']:.1f} % spend-based)"
    )
    width = 40
    out.append(f"  {'category':<{width}}{'method':<10}{'amount':>18}{'t CO2e':>12}")
    for key, item in spend["categories"].items():
        out.append(
            f"  {clip(key, width - 1):<{width}}{clip(item['method'], 9):<10}{_money(item['amount']):>18}"
            f"{tonnes(item['kg_co2e']):>12}"
        )
    return out


class SpendSection:
    """The ``spend`` part of the summary (see :func:`spend_summary`), with the ledgers' reconciliation."""

    key = "spend"

    def summarise(self, result: Result) -> dict[str, Any] | None:
        """See :func:`spend_summary`."""
        return spend_summary(result)

    def text(self, data: Mapping[str, Any]) -> list[str]:
        """The ledger part of the text report: reconciliation, exclusions, categories."""
        return _spend_rows(data)

    def html(self, data: Mapping[str, Any]) -> str:
        """The same, folded, for the notebook view."""
        rows = _spend_rows(data)
        if not rows:
            return ""
        text = "\n".join(map(clean, rows))
        return f"<details><summary>Ledgers and spend</summary><pre>{html.escape(text)}</pre></details>"
