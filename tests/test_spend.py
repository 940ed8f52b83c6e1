"""Spend-based accounting: account mappings, ledger lines to activities, hybrid rule, summary."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcore import Activity, ActivityTable, EmissionFactor, FactorSet, calculate
from ghgcore.cli import main
from ghgcore.inventory import Inventory
from ghgcore.ledger import Ledger
from ghgcore.money import ExchangeRates, PriceIndex, Prices
from ghgcore.spend import AccountMapping, MappingError, ledger_activities
from ghgcore.views import spend_summary

from .test_ledger import EXAMPLE, saft

RATES = ExchangeRates({"NOK": {2023: 11.4248, 2024: 11.6290}})
KPI = PriceIndex("NOK", "test KPI", {2024: 3.1})
PRICES = Prices(RATES, [KPI])

MAPPING = AccountMapping.from_records(
    [
        {"account": "1", "exclude": "balance sheet (assets)"},
        {"account": "12", "category": "equipment", "side": "debit"},
        {"account": "2", "exclude": "balance sheet (liabilities)"},
        {"account": "3", "exclude": "revenue"},
        {"account": "4", "category": "goods"},
        {"account": "5", "exclude": "wages"},
        {"account": "6", "category": "services"},
        {"account": "6200-6299", "category": "electricity"},
        {"account": "7", "category": "services"},
    ],
    name="test mapping",
    covers={"electricity": ("electricity",)},
)

FACTORS = FactorSet.from_factors(
    [
        EmissionFactor(
            key, "EUR", {"CO2e": value}, source="test", region="NO", scope=3, category=1, price_year=2023
        )
        for key, value in (("goods", 0.5), ("services", 0.1), ("equipment", 0.3), ("electricity", 1.0))
    ],
    name="test-spend",
    version="1",
)


def write_ledger(tmp_path, rows, name="ledger.csv"):
    path = tmp_path / name
    path.write_text("account,amount,date,supplier\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


class TestAccountMapping:
    def test_most_specific_rule_wins(self):
        """The longest matching account rule decides; an account no rule covers has none."""
        assert "electricity" == MAPPING.lookup("6250").category
        assert "services" == MAPPING.lookup("6300").category
        assert "not a purchase: wages" == MAPPING.lookup("5000").exclude
        assert MAPPING.lookup("9999") is None

    def test_long_account_numbers_fall_back_to_four_digits(self):
        """A company account 62501 maps like 6250."""
        assert "electricity" == MAPPING.lookup("62501").category

    def test_layered_user_first(self):
        """A user's mapping layered on the database's: the user's rule first, the rest kept."""
        mine = AccountMapping.from_records([{"account": "6300", "category": "rent"}], name="mine")
        both = mine.layered(MAPPING)
        assert "rent" == both.lookup("6300").category
        assert "electricity" == both.lookup("6200").category
        assert {"electricity": ("electricity",)} == dict(both.covers)
        assert {"rent", "goods", "services", "equipment", "electricity"} == both.categories

    def test_invalid_rows_are_listed(self, tmp_path):
        """Every invalid row of a mapping file is listed, with its line, in one MappingError."""
        path = tmp_path / "map.csv"
        path.write_text(
            "# mine\naccount,category,exclude,side\n,x,,\n6300,rent,wages,\n6400,rent,,credit\n6500,a,,\n6500,b,,\n",
            encoding="utf-8",
        )
        with pytest.raises(MappingError) as info:
            AccountMapping.from_csv(path)
        assert [(3, "account"), (4, "category"), (5, "side"), (7, "account")] == [
            (i.line, i.field) for i in info.value.issues
        ]
        assert str(path) in str(info.value)


class TestLedgerActivities:
    def test_every_line_is_calculated_excluded_or_unresolved(self, tmp_path):
        """Every ledger line ends calculated, excluded with its reason, or unresolved."""
        path = write_ledger(
            tmp_path,
            [
                "4000,1000,2023-03-01,A",
                "1920,-1000,2023-03-01,",
                "6200,500,2023-04-01,Power AS",
                "9100,10,2023-05-01,",
                "5000,20000,2023-05-01,",
                "1250,8000,2023-06-01,",
                "1250,-2000,2023-12-31,",
                "4000,250,2025-01-15,",
            ],
        )
        table = ledger_activities(Ledger.from_csv(path), MAPPING)
        result = calculate(table, FACTORS, prices=PRICES)
        status = result.to_dataframe()["status"].tolist()
        assert [
            "calculated", "excluded", "calculated", "unresolved",
            "excluded", "calculated", "excluded", "unresolved",
        ] == status  # fmt: skip
        reasons = {u.line: u.reason for u in result.unresolved}
        assert "9100" in reasons[5]
        assert "test mapping" in reasons[5]
        assert "no change for 2025" in reasons[9]
        assert "NOK of 2025" in reasons[9]
        assert 1000 / 11.4248 * 0.5 == pytest.approx(result.co2e[0])
        excluded = {item["reason"]: item["lines"] for item in result.exclusions()}
        assert 1 == excluded["not a purchase: credit on a fixed-asset account (a disposal or write-down)"]
        rec = result.reconciliation()["NOK"]
        assert rec["input_lines"] == rec["calculated_lines"] + rec["excluded_lines"] + rec["unresolved_lines"]
        assert rec["input_amount"] == pytest.approx(
            rec["calculated_amount"] + rec["excluded_amount"] + rec["unresolved_amount"]
        )

    def test_hybrid_rule_and_summary(self, tmp_path):
        """Electricity spend is left out when kWh are given; the summary says which method each category used."""
        path = write_ledger(tmp_path, ["6200,500,2023-04-01,", "6300,1000,2023-04-01,"])
        kwh = ActivityTable.from_activities([Activity.of("electricity", 1000, "kWh", region="NO", year=2023)])
        spend = ledger_activities(Ledger.from_csv(path), MAPPING, activities=kwh)
        grid = FactorSet.from_factors(
            [EmissionFactor("electricity", "kWh", {"CO2": 0.015}, source="test grid", region="NO", scope=2)],
            name="test-grid",
            version="1",
        )
        result = calculate(ActivityTable.concat([kwh, spend]), [grid, FACTORS], prices=PRICES)
        assert [True, False, True] == result.calculated.tolist()
        assert [False, True, False] == result.excluded.tolist()
        summary = spend_summary(result)
        assert "activity" == summary["categories"]["electricity"]["method"]
        assert "spend" == summary["categories"]["services"]["method"]
        spend_kg = 1000 / 11.4248 * 0.1
        assert spend_kg == pytest.approx(summary["spend_kg_co2e"])
        assert 15.0 == pytest.approx(summary["activity_kg_co2e"])
        assert spend_kg / (spend_kg + 15.0) == pytest.approx(summary["spend_share"])
        kept = calculate(
            ActivityTable.concat(
                [kwh, ledger_activities(Ledger.from_csv(path), MAPPING, activities=kwh, hybrid=False)]
            ),
            [grid, FACTORS],
            prices=PRICES,
        )
        assert kept.calculated.all()

    def test_no_spend_lines_no_spend_summary(self):
        """A result without ledger lines has no spend summary."""
        result = calculate([Activity.of("goods", 1, "EUR", year=2023)], FACTORS, prices=PRICES)
        assert spend_summary(result) is None

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["4000", "6200", "6300", "5000", "1920", "9100"]),
                              st.integers(-10**7, 10**7)), min_size=1, max_size=40))  # fmt: skip
    def test_totals_are_the_sum_of_their_parts(self, tmp_path_factory, rows):
        """Lines and amounts: input = calculated + excluded + unresolved; CO2e = sum over categories."""
        path = write_ledger(tmp_path_factory.mktemp("l"), [f"{a},{c / 100},2023-06-01," for a, c in rows])
        result = calculate(ledger_activities(Ledger.from_csv(path), MAPPING), FACTORS, prices=PRICES)
        assert len(rows) == int(result.calculated.sum() + result.excluded.sum()) + len(result.unresolved)
        summary = spend_summary(result)
        parts = sum(item["kg_co2e"] for item in summary["categories"].values())
        assert result.total() == pytest.approx(parts, abs=1e-6)
        amount = sum(c / 100 for _, c in rows)
        counted = sum(summary[k]["amount"].get("NOK", 0.0) for k in ("calculated", "unresolved", "unmapped"))
        counted += sum(item["amount"].get("NOK", 0.0) for item in summary["excluded"])
        assert amount == pytest.approx(counted, abs=0.01 * len(rows))


class TestOfficialExample:
    """The official SAF-T example through the shipped 'spend' database."""

    def test_calculates_and_reconciles(self, tmp_path):
        """Skatteetaten's example file calculates, balances and matches its declared totals."""
        out = tmp_path / "summary.json"
        args = [str(EXAMPLE), "--factors", "spend", "--fallback", "year", "--extrapolate-prices"]
        assert 0 == main(["calculate", *args, "--format", "json", "-o", str(out)])
        data = json.loads(out.read_text(encoding="utf-8"))
        [ledger] = data["reconciliation"]["ledgers"]
        assert ledger["balanced"]
        assert ledger["matches_declared"]
        assert (
            170
            == data["lines"]
            == data["calculated"] + sum(e["lines"] for e in data["excluded"]) + len(data["unresolved"])
        )
        spend = data["spend"]
        cost = {a: v for a, v in ledger["net_by_account"].items() if a[0] in "4567"}
        assert sum(cost.values()) - cost["5000"] + 13000.0 == pytest.approx(
            spend["calculated"]["amount"]["NOK"]
        )
        assert 24 == spend["calculated"]["lines"]
        assert 0 == spend["unmapped"]["lines"]
        assert {"not a purchase: wages and social costs": 1496000.0} == {
            e["reason"]: e["amount"]["NOK"] for e in spend["excluded"] if "wages" in e["reason"]
        }
        assert "rent_premises" in spend["categories"]
        assert data["total_kg_co2e"] == pytest.approx(spend["spend_kg_co2e"])

    def test_without_extrapolation_every_cost_line_calculates(self, capsys):
        """The shipped KPI covers 2015-2024: NOK of 2017 reach 2019 prices with no extrapolation."""
        assert 0 == main(["calculate", str(EXAMPLE), "--factors", "spend", "--fallback", "year"])
        captured = capsys.readouterr()
        assert "extrapolated" not in captured.out
        assert "unresolved" not in captured.err

    def test_a_year_past_the_index_is_unresolved_with_the_reason(self, tmp_path, capsys):
        """NOK of a year the KPI does not reach yet: unresolved, naming the missing change, if not extrapolated."""
        path = write_ledger(tmp_path, ["6551,1000,2026-01-01,", "2400,-1000,2026-01-01,"])
        assert 0 == main(["calculate", str(path), "--factors", "spend", "--no-extrapolate-prices"])
        captured = capsys.readouterr()
        assert "no change for 2025" in captured.out
        assert "1 of 2 lines unresolved" in captured.err

    def test_a_year_past_the_index_is_extrapolated_by_default_and_disclosed(self, tmp_path, capsys):
        """By default the missing KPI change is extrapolated; the report lists the assumption."""
        path = write_ledger(tmp_path, ["6551,1000,2026-01-01,", "2400,-1000,2026-01-01,"])
        assert 0 == main(["calculate", str(path)])
        captured = capsys.readouterr()
        assert "Price assumptions:" in captured.out
        assert "change for 2025, 2026 extrapolated" in captured.out
        assert "unresolved" not in captured.err
        assert 1 == main(["calculate", str(path), "--strict", "-o", os.devnull])

    def test_a_line_by_hand(self):
        """Account 6300 (rent), 150,000 NOK in 2017: x KPI 2019/2017, / ECB 2019 rate, x factor."""
        from ghgcore_spend import Spend, categories, product_factors

        db = Spend()
        ledger = Ledger.from_saft(EXAMPLE)
        table = ledger_activities(ledger, db.account_mapping())
        result = calculate(table, db, fallback="year", prices=Prices(indices=db.price_indices()))
        rows = np.flatnonzero(table.tags["account"].to_numpy() == "6300")
        ratio = 110.8 / 105.5  # SSB table 03014, annual averages 2019 and 2017 (2015 = 100)
        rate = ExchangeRates.ecb().per_base("NOK", 2019)[0]
        factor = categories()["rent_premises"].factor("NO", product_factors())
        assert 0.0507 == pytest.approx(factor)
        amount = float(table.amount[rows].sum())
        assert 150000.0 == amount
        assert amount * ratio / rate * factor == pytest.approx(float(result.co2e[rows].sum()), rel=1e-6)
        note = result.price_note.value(int(rows[0]))
        assert f"x {ratio:.6f}" in note
        assert "2019 rate 9.8511 NOK/EUR" in note


def test_inventory_keeps_ledger_reconciliation(tmp_path):
    """An inventory from a ledger keeps its reconciliation, and its views show the ledger part."""
    path = write_ledger(tmp_path, ["4000,100,2023-01-01,", "2400,-100,2023-01-01,"])
    ledger = Ledger.from_csv(path)
    inv = Inventory.calculate(
        ledger_activities(ledger, MAPPING),
        FACTORS,
        year=2023,
        prices=PRICES,
        ledgers=[ledger.reconciliation()],
    )
    data = inv.summary()
    assert data["reconciliation"]["ledgers"][0]["balanced"]
    assert "1 excluded" in str(inv)
    assert "Ledgers and spend" in inv._repr_html_()


class TestOtherSaftFiles:
    """SAF-T files of other versions and with odd content calculate and reconcile, or fail cleanly."""

    @pytest.mark.parametrize("version", ["1.10", "1.20", "1.30"])
    def test_versions_calculate_and_account_for_every_line(self, tmp_path, version, capsys):
        """SAF-T 1.10, 1.20 and 1.30 calculate, and every line is accounted for."""
        lines = [
            ("6551", 1000.0, 0),
            ("1920", 0, 1000.0),
            ("9999", 50.0, 0),
            ("2400", 0, 50.0),
            ("6551", 0, 200.0),
        ]
        path = tmp_path / "odd.xml"
        path.write_text(saft(lines, version=version), encoding="utf-8")
        out = tmp_path / "out.json"
        args = [
            str(path),
            "--factors",
            "spend",
            "--fallback",
            "year",
            "--extrapolate-prices",
            "--format",
            "json",
        ]
        assert 0 == main(["calculate", *args, "-o", str(out)])
        data = json.loads(out.read_text(encoding="utf-8"))
        excluded = sum(e["lines"] for e in data["excluded"])
        assert 5 == data["lines"] == data["calculated"] + excluded + len(data["unresolved"])
        [unmapped] = data["unresolved"]
        assert 3 == unmapped["line"]
        assert "'9999'" in unmapped["reason"]
        assert {"it_equipment"} == set(data["spend"]["categories"])
        assert {"NOK": 800.0} == data["spend"]["categories"]["it_equipment"]["amount"]
        ledger = data["reconciliation"]["ledgers"][0]
        assert (1050.0, 1250.0) == (ledger["total_debit"], ledger["total_credit"])
        assert {"1920": -1000.0, "2400": -50.0, "6551": 800.0, "9999": 50.0} == ledger["net_by_account"]
        assert "1 of 5 lines unresolved" in capsys.readouterr().err

    def test_truncated_file_is_a_clear_error(self, tmp_path, capsys):
        """A truncated SAF-T file is an error naming where it ends, not a traceback."""
        path = tmp_path / "cut.xml"
        text = saft([("6551", 1000.0, 0), ("1920", 0, 1000.0)])
        path.write_text(text[: len(text) // 2], encoding="utf-8")
        assert 2 == main(["calculate", str(path), "--factors", "spend"])
        err = capsys.readouterr().err
        assert err.startswith("ghgcore: error: ")
        assert "line 1" in err
        assert "Traceback" not in err

    def test_ledger_without_mapping_is_refused(self, tmp_path, capsys):
        """A ledger with a factor database without an account mapping is refused."""
        path = write_ledger(tmp_path, ["6551,100,2023-01-01,"])
        assert 2 == main(["calculate", str(path), "--factors", "fuels"])
        assert "needs an account mapping" in capsys.readouterr().err

    def test_unknown_csv_is_refused_with_both_formats_named(self, tmp_path, capsys):
        """A CSV that is neither format is refused, naming both."""
        path = tmp_path / "x.csv"
        path.write_text("foo,bar\n1,2\n", encoding="utf-8")
        assert 2 == main(["calculate", str(path), "--factors", "spend"])
        assert "neither an activities CSV" in capsys.readouterr().err

    def test_user_mapping_and_price_index_from_the_command_line(self, tmp_path):
        """--mapping moves an account; --price-index gives the missing years; nothing is extrapolated."""
        path = write_ledger(tmp_path, ["6551,1000,2023-01-01,", "9999,10,2023-01-01,"])
        mapping = tmp_path / "mine.csv"
        mapping.write_text(
            "account,category,exclude\n6551,software_it_services,\n9999,,internal\n", encoding="utf-8"
        )
        kpi = tmp_path / "kpi.csv"
        kpi.write_text("year,index\n2019,100\n2020,101\n2021,104\n2022,110\n2023,116\n", encoding="utf-8")
        out = tmp_path / "out.csv"
        args = [str(path), "--factors", "spend", "--fallback", "year", "--mapping", str(mapping)]
        assert 0 == main(
            ["calculate", *args, "--price-index", f"NOK={kpi}", "--format", "csv", "-o", str(out)]
        )
        import pandas as pd

        frame = pd.read_csv(out)
        assert ["calculated", "excluded"] == frame["status"].tolist()
        assert "not a purchase: internal" == frame["reason"][1]
        assert "x 0.862069 (kpi)" in frame["price_note"][0]
        assert "extrapolated" not in frame["price_note"][0]


# ---------------------------------------------------------------------------
# the spend section of the text report and the notebook view, in English and Norwegian


@pytest.fixture
def spend_data(tmp_path):
    """The summary of an unbalanced ledger: goods 100 NOK, services 50 NOK, wages excluded."""
    path = write_ledger(tmp_path, ["4000,100,2023-01-01,", "6300,50,2023-01-01,", "5000,20,2023-01-01,"])
    ledger = Ledger.from_csv(path)
    inv = Inventory.calculate(
        ledger_activities(ledger, MAPPING),
        FACTORS,
        year=2023,
        prices=PRICES,
        ledgers=[ledger.reconciliation()],
    )
    return inv.summary()


def test_section_text_in_english(spend_data):
    """The ledger line, the spend lines by what became of them, the spend-based share, the categories."""
    from ghgcore.views import SpendSection

    lines = SpendSection().text(spend_data)
    assert lines[0].endswith(": 3 lines, debit 170.00, credit 0.00 (NOT balanced)")
    assert "Spend lines: 3: 2 calculated (150.00 NOK), 0 unresolved (0), 0 unmapped (0)" == lines[1]
    assert "  excluded, not a purchase: wages: 1 line, 20.00 NOK" == lines[2]
    # every calculated line is spend-based
    assert lines[3].endswith(" t CO2e (100.0% spend-based)")
    assert f"  {'category':<40}{'method':<10}{'amount':>18}{'t CO2e':>12}" == lines[4]
    assert lines[5].startswith(f"  {'goods':<40}{'spend':<10}{'100.00 NOK':>18}")


def test_section_in_norwegian(spend_data):
    """The same lines in Norwegian, and the folded HTML with a Norwegian summary."""
    from ghgcore.views import SpendSection

    lines = SpendSection().text(spend_data, language="nb")
    assert lines[0].endswith(": 3 linjer, debet 170,00, kredit 0,00 (IKKE i balanse)")
    assert lines[0].startswith("Hovedbok ")
    assert "Utgiftslinjer: 3: 2 beregnet (150,00 NOK), 0 uløst (0), 0 uten kobling (0)" == lines[1]
    assert "  utelatt, not a purchase: wages: 1 linje, 20,00 NOK" == lines[2]
    assert lines[3].endswith(" t CO2e (100,0\xa0% utgiftsbasert)")
    assert f"  {'kategori':<40}{'metode':<10}{'beløp':>18}{'t CO2e':>12}" == lines[4]
    assert lines[5].startswith(f"  {'goods':<40}{'utgift':<10}{'100,00 NOK':>18}")
    page = SpendSection().html(spend_data, language="nb")
    assert page.startswith("<details><summary>Hovedbøker og utgifter</summary><pre>Hovedbok ")
    assert "Ledgers and spend" in SpendSection().html(spend_data)
