"""Correct by default: no-flag runs, one reporting year, the hybrid rule, boundaries, disclosures."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ghgcore import Activity, ActivityTable, EmissionFactor, FactorSet, calculate, calculate_inventory
from ghgcore.cli import main
from ghgcore.errors import FactorSetError, OptionError
from ghgcore.ledger import Ledger
from ghgcore.plugins import DEFAULT, check_name, default_databases
from ghgcore.resolution import Fallback, region_chain
from ghgcore.sources import resolve
from ghgcore.views import format_table, html_page, ledger_html

from .test_ledger import EXAMPLE

FACTOR_HEADER = "activity,unit,gas,value,value_unit,source,region,year,scope,boundary\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def electricity(*rows):
    """A scope 2 factor set: (region, year, kg per kWh, boundary) per factor."""
    return FactorSet.from_factors(
        [
            EmissionFactor(
                "electricity",
                "kWh",
                {"CO2e": kg},
                source="test grid",
                region=region,
                valid_from=year,
                valid_to=year,
                scope=2,
                boundary=boundary,
            )
            for region, year, kg, boundary in rows
        ],
        name="test-grid",
        version="1",
    )


# ---------------------------------------------------------------- boundary


class TestBoundary:
    def test_every_line_records_the_boundary_of_its_factor(self):
        fs = electricity(
            ("NO", 2023, 0.015, "combustion"), ("SE", 2023, 0.045, "lifecycle"), ("DK", 2023, 0.1, None)
        )
        lines = [Activity.of("electricity", 1, "kWh", region=r, year=2023) for r in ("NO", "SE", "DK", "FI")]
        result = calculate(lines, fs)
        assert ["combustion", "lifecycle", None, None] == result.boundaries("location").tolist()
        frame = result.to_dataframe()
        assert ["combustion", "lifecycle"] == frame["boundary"].tolist()[:2]
        assert frame["boundary"].isna().tolist()[2:] == [True, True]

    def test_a_factors_csv_with_a_bad_boundary_names_line_and_field(self, tmp_path):
        path = write(tmp_path / "f.csv", FACTOR_HEADER + "electricity,kWh,CO2e,15,g,NVE,NO,2023,2,direct\n")
        with pytest.raises(FactorSetError) as caught:
            FactorSet.from_csv(path)
        [issue] = caught.value.issues
        assert (2, "boundary", "direct") == (issue.line, issue.field, issue.value)
        assert "'combustion', 'lifecycle' or nothing" in issue.expected

    def test_a_set_without_boundaries_keeps_its_hash(self, tmp_path):
        """Adding the optional column, empty, changes no factor set's hash (no lock file breaks)."""
        plain = "activity,unit,gas,value,value_unit,source\ndiesel,L,CO2,2.66,kg,x\n"
        with_column = "activity,unit,gas,value,value_unit,source,boundary\ndiesel,L,CO2,2.66,kg,x,\n"
        a = FactorSet.from_csv(write(tmp_path / "a.csv", plain))
        b = FactorSet.from_csv(write(tmp_path / "b.csv", with_column))
        c = FactorSet.from_csv(write(tmp_path / "c.csv", with_column.replace("x,\n", "x,lifecycle\n")))
        assert a.sha256 == b.sha256 != c.sha256
        assert "lifecycle" == c.factor(0).boundary


# ---------------------------------------------------------------- fallbacks


class TestDefaultFallback:
    def test_a_zone_uses_its_country_never_a_group(self):
        assert ("NO-NO1", "NO", "") == region_chain("NO-NO1", Fallback.default().regions)

    def test_the_newest_earlier_year_within_five_never_a_later_one(self):
        fs = electricity(("NO", 2020, 0.4, None), ("NO", 2022, 0.3, None), ("NO", 2026, 0.1, None))
        lines = [Activity.of("electricity", 1, "kWh", region="NO", year=y) for y in (2024, 2019, 2028)]
        result = calculate(lines, fs)
        assert [0.3, 0.0, 0.1] == pytest.approx(np.nan_to_num(result.co2e).tolist())
        assert [True, False, True] == result.calculated.tolist()
        assert "beyond the fallback window (--years-forward 1)" in result.unresolved[0].reason

    def test_strict_takes_exact_factors_only(self):
        fs = electricity(("NO", 2022, 0.3, None))
        line = [Activity.of("electricity", 1, "kWh", region="NO-NO1", year=2023)]
        assert 0 == int(calculate_inventory(line, fs, strict=True).result.calculated.sum())
        assert 1 == int(calculate_inventory(line, fs).result.calculated.sum())
        with pytest.raises(OptionError, match="strict"):
            calculate_inventory(line, fs, strict=True, fallback="year")

    def test_fallbacks_are_disclosed_per_activity_region_and_factor(self):
        fs = electricity(("NO", 2022, 0.3, None))
        lines = [Activity.of("electricity", 10, "kWh", region="NO-NO1", year=2023)] * 2
        data = calculate_inventory(lines, fs).summary()
        [disclosed] = data["fallbacks"]
        assert {"basis": "location", "kind": "region+year", "activity": "electricity", "region": "NO-NO1", "year": 2023,
                "factor_region": "NO", "factor_years": "2022", "factor_set": "test-grid@1", "lines": 2,
                "kg_co2e": pytest.approx(6.0)} == disclosed  # fmt: skip
        assert "Factors from another year or region" in format_table(data)
        assert "location-based: the factor for NO 2022 (region+year fallback, test-grid@1)" in html_page(data)


# ---------------------------------------------------------------- default databases


class TestDefaultDatabases:
    def test_the_shipped_defaults_in_name_order(self):
        names = default_databases()
        assert {"fuels", "grid", "spend"} <= set(names)
        assert sorted(names) == names
        assert "grid-nve" not in names

    def test_no_sources_means_the_defaults(self):
        assert [fs.name for fs in resolve(None).factor_sets] == default_databases()
        assert [fs.name for fs in resolve(["default"]).factor_sets] == default_databases()

    def test_default_is_a_reserved_name(self):
        assert not check_name(DEFAULT)

    def test_a_factors_csv_among_the_inputs_is_searched_first(self, tmp_path):
        acts = write(
            tmp_path / "a.csv", "activity,amount,unit,region,year\ndistrict_heating,1000,kWh,NO,2023\n"
        )
        own = write(
            tmp_path / "heat.csv", FACTOR_HEADER + "district_heating,kWh,CO2e,50,g,Supplier 2023,NO,2023,2,\n"
        )
        inventory = calculate_inventory([acts, own])
        assert 50.0 == pytest.approx(inventory.result.co2e[0])
        assert "heat" == inventory.result.factor_sets[0].name

    def test_the_official_saft_example_calculates_with_no_flags(self, capsys):
        assert 0 == main(["calculate", str(EXAMPLE), "--format", "json"])
        data = json.loads(capsys.readouterr().out)
        assert [] == data["unresolved"]
        assert "Tøyen Lekefabrikk AS" == data["organisation"]
        assert 2017 == data["year"]
        [ledger] = data["reconciliation"]["ledgers"]
        assert {
            "start": "2017-01",
            "end": "2017-04",
            "months": 4,
            "full_year": False,
            "from": "header",
        } == ledger["period"]
        assert 2_001_501.0 == ledger["costs_4_to_7"]


# ---------------------------------------------------------------- reporting year


class TestOneReportingYear:
    def test_lines_of_another_year_are_excluded_never_summed(self, tmp_path):
        fs = electricity(("NO", 2022, 0.3, None), ("NO", 2023, 0.2, None))
        lines = [
            Activity.of("electricity", 100, "kWh", region="NO", year=2022),
            Activity.of("electricity", 100, "kWh", region="NO", year=2023),
            Activity.of("electricity", 100, "kWh", region="NO"),
        ]
        with pytest.raises(
            OptionError, match=r"lines of 2 years \(2022: 1 line, 2023: 1 line\).*pass --year"
        ):
            calculate_inventory(lines, fs)
        inventory = calculate_inventory(lines, fs, year=2023)
        data = inventory.summary()
        assert 2023 == inventory.year
        assert 40.0 == pytest.approx(data["scopes"]["2_location"])
        assert {"2022": 1} == data["other_years"]
        assert ["excluded", "calculated", "calculated"] == inventory.to_dataframe()["status"].tolist()
        assert "2022: 1 line (calculate with --year 2022)" in format_table(data)
        earlier = calculate_inventory(lines, fs, year=2022).summary()
        assert {"2023": 1} == earlier["other_years"]
        assert 60.0 == pytest.approx(earlier["scopes"]["2_location"])

    def test_no_year_anywhere_asks_for_one(self):
        with pytest.raises(OptionError, match="pass --year YEAR"):
            calculate_inventory([Activity.of("electricity", 1, "kWh")], electricity(("NO", 2023, 0.1, None)))


# ---------------------------------------------------------------- hybrid rule


def _electricity_file(tmp_path, region, year):
    return write(
        tmp_path / "kwh.csv", f"activity,amount,unit,region,year\nelectricity,10000,kWh,{region},{year}\n"
    )


class TestHybridRule:
    """The 40,000 NOK of electricity spend in the official example, against kWh lines."""

    def test_calculated_kwh_of_the_same_year_replace_the_spend(self, tmp_path):
        own = write(
            tmp_path / "grid.csv", FACTOR_HEADER + "electricity,kWh,CO2e,20,g,Supplier 2017,NO,2017,2,\n"
        )
        inventory = calculate_inventory([EXAMPLE, _electricity_file(tmp_path, "NO", 2017), own])
        [decision] = inventory.hybrid
        assert (True, 1, 1) == (decision["excluded"], decision["lines"], decision["calculated"])
        frame = inventory.to_dataframe()
        spend = frame[(frame["activity"] == "electricity") & (frame["unit"] == "NOK")]
        assert set(spend["status"]) == {"excluded"}
        assert 200.0 == pytest.approx(inventory.summary()["scopes"]["2_location"])

    def test_unresolved_kwh_leave_the_spend_in(self, tmp_path):
        """Electricity of 2017 in Norway have no factor (NVE starts in 2019; never a later year): spend is kept."""
        inventory = calculate_inventory([EXAMPLE, _electricity_file(tmp_path, "NO", 2017)])
        [decision] = inventory.hybrid
        assert (False, 0) == (decision["excluded"], decision["calculated"])
        assert decision["reason"].startswith("spend of 'electricity' kept")
        assert inventory.summary()["scopes"]["2_location"] > 6000  # the spend-based 6.2 t is still there
        assert decision["reason"] in format_table(inventory.summary())

    def test_activity_data_of_another_year_cover_nothing(self, tmp_path):
        own = write(
            tmp_path / "grid.csv", FACTOR_HEADER + "electricity,kWh,CO2e,20,g,Supplier 2021,NO,2021,2,\n"
        )
        inventory = calculate_inventory([EXAMPLE, _electricity_file(tmp_path, "NO", 2021), own], year=2017)
        assert () == inventory.hybrid  # the 2021 line is another year's: excluded, covering nothing
        assert inventory.summary()["scopes"]["2_location"] > 6000
        assert {"2021": 1} == inventory.summary()["other_years"]

    def test_activity_data_of_another_organisation_cover_nothing(self, tmp_path):
        own = write(
            tmp_path / "grid.csv", FACTOR_HEADER + "electricity,kWh,CO2e,20,g,Supplier 2017,NO,2017,2,\n"
        )
        acts = write(
            tmp_path / "kwh.csv",
            "activity,amount,unit,region,year,organisation\nelectricity,10000,kWh,NO,2017,Other AS\n",
        )
        inventory = calculate_inventory([EXAMPLE, acts, own])
        assert () == inventory.hybrid
        same = write(tmp_path / "kwh2.csv", acts.read_text(encoding="utf-8").replace("Other AS", "888888888"))
        assert inventory_excludes_electricity(calculate_inventory([EXAMPLE, same, own]))


def inventory_excludes_electricity(inventory):
    return any(d["category"] == "electricity" and d["excluded"] for d in inventory.hybrid)


# ---------------------------------------------------------------- inputs and ledgers


def test_every_unresolved_line_names_its_file(tmp_path, capsys):
    a = write(tmp_path / "a.csv", "activity,amount,unit,year\nunicorn,1,kg,2023\n")
    b = write(tmp_path / "b.csv", "activity,amount,unit,year\nunicorn,2,kg,2023\n")
    inventory = calculate_inventory([a, b], electricity(("NO", 2023, 0.1, None)))
    records = inventory.summary()["unresolved"]
    assert [str(a), str(b)] == [r["input"] for r in records]
    assert str(inventory.result.unresolved[1]).startswith(f"{b} line 2: ")
    assert 0 == main(["calculate", str(a), str(b)])
    out = capsys.readouterr().out
    assert f"{a} line 2: unknown activity 'unicorn'" in out


def test_district_heating_asks_for_the_suppliers_figure(tmp_path):
    acts = write(tmp_path / "a.csv", "activity,amount,unit,region,year\ndistrict_heating,1000,kWh,NO,2023\n")
    [item] = calculate_inventory(acts).result.unresolved
    assert item.reason.startswith("district heating has no national figure in the shipped databases")
    assert "factors CSV among the inputs" in item.reason


def test_the_ledger_reconciles_per_account_class():
    ledger = Ledger.from_saft(EXAMPLE)
    classes = ledger.net_by_class()
    assert [str(c) for c in range(1, 9)] == list(classes)
    assert 0.0 == pytest.approx(sum(classes.values()), abs=1e-6)  # a balanced ledger nets to zero
    assert 186_802.0 == classes["4"]
    by_hand = sum(net for account, net in ledger.net_by_account().items() if account[:1] in "4567")
    assert by_hand == pytest.approx(ledger.reconciliation()["costs_4_to_7"])
    page = ledger_html(ledger)
    assert "Net per account class" in page
    assert "2017-01 to 2017-04 (4 months, not a full year)" in page


def test_the_ledger_command_in_html(tmp_path):
    out = tmp_path / "ledger.html"
    assert 0 == main(["ledger", str(EXAMPLE), "--format", "html", "-o", str(out)])
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "2,001,501.00" in text


def test_prices_past_the_index_are_extrapolated_and_disclosed_unless_strict(tmp_path):
    ledger = write(tmp_path / "l.csv", "account,amount,date\n6551,1000,2026-03-01\n2400,-1000,2026-03-01\n")
    data = calculate_inventory(ledger).summary()
    [assumption] = data["price_assumptions"]
    assert "extrapolated" in assumption["note"]
    assert 1 == assumption["lines"]
    strict = calculate_inventory(ledger, strict=True).summary()
    assert 1 == len(strict["unresolved"])
    assert [] == strict["price_assumptions"]
    assert np.isfinite(data["total_kg_co2e"])
    assert data["total_kg_co2e"] > 0


def test_an_account_mapping_among_the_inputs_comes_before_the_databases(tmp_path):
    """Your mapping CSV, given as an input, maps an account the database would map otherwise."""
    ledger = write(tmp_path / "l.csv", "account,amount,date\n7141,10000,2023-03-01\n1920,-10000,2023-03-01\n")
    mine = write(
        tmp_path / "accounts.csv", "# flights on their own account\naccount,category\n7141,air_travel\n"
    )
    default = calculate_inventory(ledger).to_dataframe()
    own = calculate_inventory([ledger, mine]).to_dataframe()
    assert "travel_other" == default["activity"][0]
    assert "air_travel" == own["activity"][0]


class TestCovers:
    """Covers name keys, prefixes (``flight_*``) or partial covers (``~flight_*``)."""

    @staticmethod
    def decisions(*keys, spent=None):
        from ghgcore import ActivityTable
        from ghgcore.spend import AccountMapping, hybrid_decisions

        mapping = AccountMapping.from_records(
            [{"account": "7141", "category": "air_travel"}, {"account": "7140", "category": "travel_other"}],
            name="m",
            covers={"air_travel": ("flight_*",), "travel_other": ("~flight_*", "~hotel_night")},
        )
        table = ActivityTable.from_records(
            [{"activity": k, "amount": 1, "unit": "passenger_km", "year": 2023} for k in keys]
        )
        return hybrid_decisions(mapping, table, spent=spent)

    def test_a_prefix_covers_every_key_it_starts(self):
        air, mixed = sorted(
            self.decisions("flight_long_haul_economy_rf"), key=lambda d: d["category"] != "air_travel"
        )
        assert ("air_travel", True) == (air["category"], air["excluded"])
        assert ("travel_other", False) == (mixed["category"], mixed["excluded"])
        assert "cover only in part, so they may be counted twice" in mixed["reason"]

    def test_only_categories_with_spend_get_a_decision(self):
        assert ["travel_other"] == [
            d["category"] for d in self.decisions("flight_domestic", spent={"travel_other"})
        ]
        assert [] == self.decisions("flight_domestic", spent=set())


def test_factors_none_means_your_files_only(tmp_path, capsys):
    acts = write(tmp_path / "a.csv", "activity,amount,unit,region,year\ndistrict_heating,1000,kWh,NO,2023\n")
    own = write(
        tmp_path / "heat.csv", FACTOR_HEADER + "district_heating,kWh,CO2e,50,g,Supplier 2023,NO,2023,2,\n"
    )
    assert 0 == main(["calculate", str(acts), "-f", str(own), "--factors", "none", "--format", "json"])
    assert ["heat"] == [fs["name"] for fs in json.loads(capsys.readouterr().out)["factor_sets"]]
    assert 2 == main(["calculate", str(acts), "--factors", "none", "--factors", "grid"])
    assert "--factors none means no database" in capsys.readouterr().err


def test_a_fiscal_year_ledger_is_refused_with_its_period(tmp_path):
    ledger = write(tmp_path / "fy.csv", "account,amount,date\n6551,1000,2023-09-01\n6551,1000,2024-03-01\n")
    with pytest.raises(OptionError, match=r"covers 2023-09 to 2024-03: inventories are for calendar years"):
        calculate_inventory(ledger)
    assert {"2023": 1} == calculate_inventory(ledger, year=2024).summary()["other_years"]


def test_other_years_counts_only_the_lines_left_out_for_their_year():
    """Lines excluded for another reason (not purchases) are not counted as another year's."""
    ledger = Ledger.from_saft(EXAMPLE)
    of_2018 = ActivityTable.from_activities([Activity.of("diesel", 10, "L", year=2018)])
    data = calculate_inventory([ledger, of_2018], year=2018).summary()
    assert {"2017": 24} == data["other_years"]  # the 24 purchase lines; the 146 others are not purchases


def test_a_year_no_line_is_of_is_refused():
    """A reporting year that none of the lines is of is an error naming the lines' years, not an empty account."""
    with pytest.raises(
        OptionError, match=r"year 2018: none of the 170 lines is of 2018 \(they are of 2017: 170 lines\)"
    ):
        calculate_inventory(Ledger.from_saft(EXAMPLE), year=2018)


def test_each_ledger_is_covered_by_its_own_organisations_activity_data(tmp_path):
    own = write(tmp_path / "grid.csv", FACTOR_HEADER + "electricity,kWh,CO2e,20,g,Supplier 2017,NO,2017,2,\n")
    other = write(
        tmp_path / "other.xml",
        EXAMPLE.read_text(encoding="utf-8")
        .replace("<n1:Name>Tøyen Lekefabrikk AS</n1:Name>", "<n1:Name>Annen AS</n1:Name>")
        .replace("888888888", "777777777"),
    )
    acts = write(
        tmp_path / "kwh.csv",
        "activity,amount,unit,region,year,organisation\nelectricity,10000,kWh,NO,2017,888888888\n",
    )
    inventory = calculate_inventory([EXAMPLE, other, acts, own])
    frame = inventory.to_dataframe()
    spend = frame[(frame["activity"] == "electricity") & (frame["unit"] == "NOK")]
    assert {"excluded"} == set(spend[spend["input"] == str(EXAMPLE)]["status"])
    assert {"calculated"} == set(spend[spend["input"] == str(other)]["status"])
    assert [str(EXAMPLE)] == [d["ledger"] for d in inventory.hybrid]


def test_spend_is_replaced_only_when_every_covering_line_calculated(tmp_path):
    own = write(tmp_path / "grid.csv", FACTOR_HEADER + "electricity,kWh,CO2e,20,g,Supplier 2017,NO,2017,2,\n")
    acts = write(
        tmp_path / "kwh.csv",
        "activity,amount,unit,region,year\nelectricity,10000,kWh,NO,2017\nelectricity,5000,kWh,ZZ,2017\n",
    )
    [decision] = calculate_inventory([EXAMPLE, acts, own]).hybrid
    assert (False, 2, 1) == (decision["excluded"], decision["lines"], decision["calculated"])
    assert decision["reason"].startswith("spend of 'electricity' kept: 1 of its 2 activity lines of 2017")


def test_lines_without_a_year_cover_the_reporting_years_spend(tmp_path):
    own = write(tmp_path / "grid.csv", FACTOR_HEADER + "electricity,kWh,CO2e,20,g,Supplier 2017,NO,2017,2,\n")
    acts = write(tmp_path / "kwh.csv", "activity,amount,unit,region\nelectricity,10000,kWh,NO\n")
    [decision] = calculate_inventory([EXAMPLE, acts, own]).hybrid
    assert (2017, True) == (decision["year"], decision["excluded"])


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ("region", ("region (zone", "year (up to 5 earlier)")),
        ("year", ("country", "then up to 5 later")),
        ("none,region", ("region (zone",)),
        ("none", ("none",)),
    ],
)
def test_fallback_words_widen_the_default_unless_after_none(rules, words):
    described = Fallback.parse(rules).describe()
    assert all(w in described for w in words), described
    assert ("year" in described) == (rules != "none,region" and rules != "none")


def test_python_calculate_has_the_same_defaults(tmp_path):
    from ghgcore.spend import ledger_activities

    ledger = write(tmp_path / "l.csv", "account,amount,date\n6551,1000,2026-03-01\n2400,-1000,2026-03-01\n")
    table = ledger_activities(Ledger.from_csv(ledger), resolve(None).account_mapping())
    assert 1 == int(calculate(table).calculated.sum())
    assert 0 == int(calculate(table, strict=True).calculated.sum())


def test_a_source_named_twice_is_searched_once(tmp_path):
    own = write(
        tmp_path / "heat.csv", FACTOR_HEADER + "district_heating,kWh,CO2e,50,g,Supplier 2023,NO,2023,2,\n"
    )
    names = [fs.name for fs in resolve(["default", "fuels", own, str(own)]).factor_sets]
    assert names == [*default_databases(), "heat"]


def test_a_commented_activities_file_is_not_taken_for_another_format(tmp_path):
    from ghgcore.errors import InputError
    from ghgcore.readers import guess_reader

    commented = write(tmp_path / "a.csv", "# my lines\nactivity,amount,unit\ndiesel,1,L\n")
    with pytest.raises(InputError, match="neither an activities CSV"):
        guess_reader(commented)
    factors = write(tmp_path / "f.csv", "# mine\n" + FACTOR_HEADER + "diesel,L,CO2,2.5,kg,x,,,1,\n")
    assert "factors" == guess_reader(factors).name
