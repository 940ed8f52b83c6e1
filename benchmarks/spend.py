"""Spend-based calculation of a 1-million-line ledger against a hand-written pandas baseline.

    python benchmarks/spend.py [--lines 1000000] [--repeat 5]

Both start from the same ledger columns in memory (account, amount, date)
and do the same work: map each account to a purchase category or an
exclusion (most specific of 4-digit account, 2-digit group, class), bring
NOK of the booking year to EUR at the factor's price year (KPI ratio and
ECB rate per year), multiply by the category's factor, and total by
category. ghgcore also keeps every line with its status, reason, factor id
and price note. Target (issue 4): at most 2x the baseline. Peak memory of
the ghgcore path is reported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import best_of, peak_memory  # noqa: E402

from ghgcore import calculate  # noqa: E402
from ghgcore._columns import Categorical  # noqa: E402
from ghgcore.ledger import Ledger  # noqa: E402
from ghgcore.money import Prices  # noqa: E402
from ghgcore.spend import ledger_activities  # noqa: E402

ACCOUNTS = [str(a) for a in (1500, 1920, 2400, 2710, 3000, 4000, 4300, 5000, 6100, 6200, 6300, 6340, 6420, 6540,
                             6551, 6552, 6700, 6800, 6900, 7000, 7100, 7140, 7320, 7350, 7500, 7770, 8150)]  # fmt: skip


def ledger(lines: int, seed: int = 7) -> Ledger:
    rng = np.random.default_rng(seed)
    account = Categorical(
        codes=rng.integers(0, len(ACCOUNTS), lines).astype(np.int32), categories=tuple(ACCOUNTS)
    )
    amount = np.round(rng.lognormal(7, 1.5, lines) * rng.choice([1, -1], lines, p=[0.9, 0.1]), 2)
    days = rng.integers(0, 365 * 3, lines)
    empty = Categorical.empty(lines)
    return Ledger(
        account=account, debit=np.maximum(amount, 0), credit=np.maximum(-amount, 0),
        date=np.datetime64("2019-01-01") + days.astype("timedelta64[D]"), description=empty, supplier=empty,
        department=empty, vat_code=empty, transaction=empty, line=np.arange(1, lines + 1), source="<synthetic>",
    )  # fmt: skip


def pandas_baseline(book: Ledger, mapping, factors, prices: Prices) -> pd.Series:
    frame = pd.DataFrame(
        {
            "account": book.account.to_pandas(),
            "amount": book.amount,
            "year": book.date.astype("datetime64[Y]").astype(int) + 1970,
        }
    )
    rules = pd.DataFrame(
        [(a, (r := mapping.lookup(a)).category, r.exclude) for a in ACCOUNTS],
        columns=["account", "category", "exclude"],
    )
    years = sorted(frame["year"].unique())
    conversion = pd.DataFrame(
        {"year": years, "to_eur": [prices.convert("NOK", int(y), "EUR", 2019).factor for y in years]}
    )
    table = pd.DataFrame(
        [(f.activity, f.gases["CO2e"]) for f in factors if f.region == "NO"],
        columns=["category", "kg_per_eur"],
    )
    frame = frame.merge(rules, on="account", how="left").merge(conversion, on="year", how="left")
    frame = frame.merge(table, on="category", how="left")
    frame["co2e"] = frame["amount"] * frame["to_eur"] * frame["kg_per_eur"]
    return frame[frame["exclude"] == ""].groupby("category")["co2e"].sum()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from ghgcore_spend import Spend

    db = Spend()
    factors = db.load()
    mapping = db.account_mapping()
    prices = Prices(extrapolate=True, indices=db.price_indices())
    book = ledger(args.lines)

    def ours():
        table = ledger_activities(book, mapping)
        return calculate(table, factors, prices=prices).by("account")

    ours()  # warm: rates loaded, units parsed
    t_ours, result = best_of(args.repeat, ours)
    t_base, base = best_of(args.repeat, lambda: pandas_baseline(book, mapping, factors, prices))
    total = sum(result.values())
    assert abs(total - float(base.sum())) <= 1e-6 * abs(total), (total, float(base.sum()))
    peak = peak_memory(ours)
    print(
        f"spend, {args.lines:,} ledger lines: ghgcore {t_ours:.3f} s, pandas baseline {t_base:.3f} s, "
        f"ratio {t_ours / t_base:.2f} (target <= 2); peak {peak / 2**20:.0f} MiB"
    )
    return 0 if t_ours / t_base <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
