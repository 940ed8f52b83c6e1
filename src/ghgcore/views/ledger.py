"""Views of a general ledger: its reconciliation as a summary and as a text report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghgcore.ledger import Ledger

__all__ = ["format_ledger", "ledger_summary"]


def ledger_summary(ledger: Ledger) -> dict[str, Any]:
    """The ledger's header, currency and reconciliation, JSON-ready (``ghgcore ledger --format json``)."""
    return {"header": dict(ledger.header), "currency": ledger.currency, **ledger.reconciliation()}


def format_ledger(ledger: Ledger, *, max_problems: int = 20) -> str:
    """A text report of a ledger: lines, debit and credit against the declared totals, net per account."""
    rec = ledger.reconciliation()
    out = [
        f"{ledger.header.get('company', '')} {ledger.header.get('registration_number', '')}".strip()
        or rec["source"],
        f"Lines {rec['lines']}, transactions {rec['transactions']}, currency {ledger.currency}",
        f"Total debit {rec['total_debit']:,.2f}, total credit {rec['total_credit']:,.2f}: "
        + ("balanced" if rec["balanced"] else "NOT balanced"),
    ]
    if rec["declared"]:
        out.append(
            "Declared by the file: "
            + ", ".join(f"{k.replace('_', ' ')} {v:,.2f}" for k, v in rec["declared"].items())
            + (": matches" if rec["matches_declared"] else ": does NOT match")
        )
    out.append(f"Problems: {rec['problems']}")
    out.extend(f"  {problem}" for problem in ledger.problems[:max_problems])
    out.append("")
    out.append(f"{'account':<10}{'description':<40}{'net':>18}")
    for account, net in rec["net_by_account"].items():
        description = ledger.accounts[account].description if account in ledger.accounts else ""
        out.append(f"{account:<10}{description[:38]:<40}{net:>18,.2f}")
    return "\n".join(out) + "\n"
