"""Tests for ghgcore.calculation: results checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ghgcore import Activity, ActivityTable, EmissionFactor, FactorSet, GWPSet, calculate
from ghgcore.plugins import UnknownDatabaseError


def one(result, column="co2e"):
    return float(getattr(result, column)[0])


class TestByHand:
    @pytest.mark.parametrize(
        ("gwp", "expected"),
        [
            ("AR4", 1000 * (2.5 + 1e-4 * 25 + 2e-5 * 298)),
            ("AR5", 1000 * (2.5 + 1e-4 * 28 + 2e-5 * 265)),
            ("AR6", 1000 * (2.5 + 1e-4 * 27.9 + 2e-5 * 273)),
        ],
    )
    def test_per_gas_factor_under_each_gwp(self, simple_factors, gwp, expected):
        """1000 L of diesel: CO2 + CH4 x GWP + N2O x GWP."""
        result = calculate([Activity.of("diesel", 1000, "L", year=2024)], simple_factors, gwp=gwp)
        assert expected == pytest.approx(one(result), rel=1e-12)
        assert {
            "CO2": 2500.0,
            "CH4": 0.1,
            "N2O": 0.02,
        } == pytest.approx({g: v for g, v in result.by_gas().items() if v}, rel=1e-12)

    def test_mwh_against_a_factor_per_kwh(self, simple_factors):
        """100 MWh x 0.02 kg/kWh = 2000 kg."""
        result = calculate([Activity.of("electricity", 100, "MWh", region="NO", year=2023)], simple_factors)
        assert 2000.0 == pytest.approx(one(result))
        assert 1000.0 == result.unit_factor[0]

    def test_gj_against_a_factor_per_kwh(self, simple_factors):
        """36 GJ = 10 000 kWh; x 0.02 = 200 kg."""
        result = calculate([Activity.of("electricity", 36, "GJ", region="NO", year=2023)], simple_factors)
        assert 200.0 == pytest.approx(one(result))

    def test_litres_against_cubic_metres(self):
        """2500 L of a fuel with a factor per m³ of 2600 kg is 6500 kg."""
        fs = FactorSet.from_factors(
            [EmissionFactor("fuel", "m**3", {"CO2": 2600}, source="t", scope=1)], name="m3", version="1"
        )
        result = calculate([Activity.of("fuel", 2500, "L")], fs)
        assert 6500.0 == pytest.approx(one(result))

    def test_wrong_dimension_is_unresolved_not_converted(self, simple_factors):
        """A distance against a factor per kWh is unresolved, with the reason."""
        result = calculate([Activity.of("electricity", 5, "km", region="NO", year=2023)], simple_factors)
        assert not result.calculated[0]
        assert math.isnan(one(result))
        [item] = result.unresolved
        assert 1 == item.line
        assert "unit 'kilometer' (distance) cannot be converted" in item.reason
        assert "energy" in item.reason

    def test_co2e_only_factor_ignores_gwp_choice(self, simple_factors):
        """A factor given as CO2e by its source cannot be re-weighted."""
        acts = [Activity.of("software", 1000, "EUR", year=2019)]
        values = [float(calculate(acts, simple_factors, gwp=g).co2e[0]) for g in ("AR4", "AR5", "AR6")]
        assert [90.0, 90.0, 90.0] == pytest.approx(values)

    def test_biogenic_co2_outside_the_scopes(self, simple_factors):
        """Biogenic CO2 is its own total; non-fossil CH4 counts in scope 1 at its GWP."""
        result = calculate([Activity.of("biogas", 1000, "kWh")], simple_factors, gwp="AR6")
        assert 200.0 == pytest.approx(result.biogenic_co2())
        assert 1.0 * 27.0 == pytest.approx(result.by_scope()["1"])


class TestResolution:
    def test_region_must_match_or_be_open(self, simple_factors):
        """No NO factor for DK; the reason lists what the factors cover."""
        result = calculate([Activity.of("electricity", 1, "kWh", region="DK", year=2023)], simple_factors)
        [item] = result.unresolved
        assert "region 'DK'" in item.reason
        assert "NO 2020-2024" in item.reason

    def test_year_must_be_in_validity(self, simple_factors):
        """2019 is outside 2020-2024."""
        result = calculate([Activity.of("electricity", 1, "kWh", region="NO", year=2019)], simple_factors)
        assert "year 2019" in result.unresolved[0].reason

    def test_default_year_fills_lines_without_one(self, simple_factors):
        """The reporting year applies to lines that give none."""
        acts = [Activity.of("electricity", 1, "kWh", region="NO")]
        assert not calculate(acts, simple_factors).calculated[0]
        assert "no year" in calculate(acts, simple_factors).unresolved[0].reason
        assert calculate(acts, simple_factors, year=2022).calculated[0]

    def test_open_factor_matches_any_region_and_year(self, simple_factors):
        """SE's factor has no years: it applies to every year."""
        result = calculate([Activity.of("electricity", 1, "kWh", region="SE", year=1999)], simple_factors)
        assert 0.1 == pytest.approx(one(result))

    def test_unknown_activity_names_the_sets_searched(self, simple_factors):
        """The reason says where ghgcore looked."""
        result = calculate([Activity.of("unicorn", 1, "kg")], simple_factors)
        assert "unknown activity 'unicorn'" in result.unresolved[0].reason
        assert "simple@1.0" in result.unresolved[0].reason

    def test_exact_region_before_open_region(self):
        """A regional factor wins over one for any region."""
        fs = FactorSet.from_factors(
            [
                EmissionFactor("x", "kg", {"CO2": 1}, source="world", scope=3),
                EmissionFactor("x", "kg", {"CO2": 2}, source="norway", scope=3, region="NO"),
            ],
            name="r",
            version="1",
        )
        result = calculate(
            [Activity.of("x", 1, "kg", region="NO"), Activity.of("x", 1, "kg", region="SE")], fs
        )
        assert [2.0, 1.0] == result.co2e.tolist()

    def test_narrowest_validity_wins(self):
        """A factor for 2023 beats one for 2020-2025 in 2023, not in 2024."""
        fs = FactorSet.from_factors(
            [
                EmissionFactor(
                    "x", "kg", {"CO2": 1}, source="range", scope=3, valid_from=2020, valid_to=2025
                ),
                EmissionFactor("x", "kg", {"CO2": 5}, source="year", scope=3, valid_from=2023, valid_to=2023),
            ],
            name="y",
            version="1",
        )
        result = calculate([Activity.of("x", 1, "kg", year=2023), Activity.of("x", 1, "kg", year=2024)], fs)
        assert [5.0, 1.0] == result.co2e.tolist()

    def test_factor_unit_chosen_by_dimension(self):
        """With factors per litre and per kg, a line in tonnes uses the one per kg."""
        fs = FactorSet.from_factors(
            [
                EmissionFactor("diesel", "L", {"CO2": 2.66}, source="a", scope=1),
                EmissionFactor("diesel", "kg", {"CO2": 3.17}, source="a", scope=1),
            ],
            name="u",
            version="1",
        )
        result = calculate([Activity.of("diesel", 2, "t"), Activity.of("diesel", 10, "L")], fs)
        assert [6340.0, 26.6] == pytest.approx(result.co2e.tolist())

    def test_first_set_wins(self, simple_factors):
        """The user's own factors come before the database's."""
        supplier = FactorSet.from_factors(
            [EmissionFactor("diesel", "L", {"CO2": 1.0}, source="supplier", scope=1)],
            name="supplier",
            version="1",
        )
        result = calculate(
            [Activity.of("diesel", 1, "L"), Activity.of("biogas", 1, "kWh")], [supplier, simple_factors]
        )
        assert [0, 1] == result.factor_set.tolist()
        assert 1.0 == one(result)

    def test_line_overrides_scope_and_category(self, simple_factors):
        """A line's scope or category replaces the factor's."""
        result = calculate([Activity.of("software", 100, "EUR", category=2, year=2019)], simple_factors)
        assert (3, 2) == (int(result.scope[0]), int(result.category[0]))

    def test_no_scope_is_unresolved(self):
        """A line neither it nor its factor scopes cannot be placed: unresolved, not dropped."""
        fs = FactorSet.from_factors(
            [EmissionFactor("x", "kg", {"CO2": 1}, source="a")], name="n", version="1"
        )
        result = calculate([Activity.of("x", 1, "kg"), Activity.of("x", 1, "kg", scope=3)], fs)
        assert [False, True] == result.calculated.tolist()
        assert "no scope" in result.unresolved[0].reason

    def test_gas_missing_from_gwp_set_is_unresolved(self):
        """A factor with a gas the GWP set lacks gives no CO2e: unresolved with the gas named."""
        fs = FactorSet.from_factors(
            [EmissionFactor("x", "kg", {"NF3": 1}, source="a", scope=1)], name="n", version="1"
        )
        gwp = GWPSet("tiny", {"CO2": 1.0, "CH4": 21.0})
        result = calculate([Activity.of("x", 1, "kg")], fs, gwp=gwp)
        assert "tiny GWP set has no value for NF3" in result.unresolved[0].reason


class TestScope2:
    def test_location_and_market(self, simple_factors):
        """A market factor gives the market-based answer; location stays beside it."""
        result = calculate([Activity.of("electricity", 1000, "kWh", region="NO", year=2024)], simple_factors)
        scopes = result.by_scope()
        assert (20.0, 400.0) == pytest.approx((scopes["2_location"], scopes["2_market"]))
        assert 400.0 == pytest.approx(result.total())
        assert 20.0 == pytest.approx(result.total("location"))
        assert {
            "scope2_market_factor": 1,
            "scope2_location_fallback": 0,
            "scope2_instrument": 0,
        } == result.fallback_counts()

    def test_no_market_factor_falls_back_and_is_counted(self, simple_factors):
        """Without a market factor the location factor stands in, flagged on the line."""
        result = calculate([Activity.of("electricity", 1000, "kWh", region="SE")], simple_factors)
        assert 100.0 == pytest.approx(result.by_scope()["2_market"])
        assert {
            "scope2_market_factor": 0,
            "scope2_location_fallback": 1,
            "scope2_instrument": 0,
        } == result.fallback_counts()
        assert "location_fallback" == result.to_dataframe()["scope2_basis"][0]


class TestNothingIsLost:
    def test_input_problems_flow_into_the_result(self, simple_factors):
        """A line with bad input is an unresolved line with the reader's reason."""
        table = ActivityTable.from_records(
            [
                {"activity": "diesel", "amount": "x", "unit": "L"},
                {"activity": "diesel", "amount": 1, "unit": "L"},
            ]
        )
        result = calculate(table, simple_factors)
        assert [False, True] == result.calculated.tolist()
        assert "field 'amount'" in result.unresolved[0].reason

    def test_reconciliation(self, simple_factors):
        """Per unit: input lines and amounts = calculated + unresolved."""
        acts = [
            Activity.of("diesel", 10, "L"),
            Activity.of("unicorn", 5, "L"),
            Activity.of("diesel", 2, "m**3"),
        ]
        rec = calculate(acts, simple_factors).reconciliation()
        assert {
            "input_lines": 2,
            "calculated_lines": 1,
            "excluded_lines": 0,
            "unresolved_lines": 1,
            "input_amount": 15.0,
            "calculated_amount": 10.0,
            "excluded_amount": 0.0,
            "unresolved_amount": 5.0,
        } == rec["liter"]

    def test_empty_input(self, simple_factors):
        """No lines: a result with zeros, not an error."""
        result = calculate([], simple_factors)
        assert (0, 0.0, []) == (len(result), result.total(), result.unresolved)

    def test_dataframe_input_and_output(self, simple_factors):
        """A DataFrame goes in; one row per line comes out with provenance."""
        frame = pd.DataFrame({"activity": ["diesel", "nope"], "amount": [1.0, 2.0], "unit": ["L", "L"]})
        out = calculate(frame, simple_factors).to_dataframe()
        assert ["calculated", "unresolved"] == out["status"].tolist()
        assert "diesel|L|||" == out["factor_id"][0]
        assert "simple@1.0" == out["factor_set"][0]
        assert pd.isna(out["factor_id"][1])

    def test_aggregations_add_up(self, simple_factors):
        """by_scope, by_category, by('site') and by('year') share one total."""
        acts = [
            Activity.of("diesel", 100, "L", site="A", year=2024),
            Activity.of("software", 1000, "EUR", site="B", year=2019),
            Activity.of("electricity", 5, "MWh", region="NO", year=2022),
        ]
        result = calculate(acts, simple_factors)
        scopes = result.by_scope()
        total = scopes["1"] + scopes["2_market"] + scopes["3"]
        assert total == pytest.approx(result.total())
        assert total == pytest.approx(sum(result.by("site").values()))
        assert total == pytest.approx(sum(result.by("year").values()))
        assert scopes["3"] == pytest.approx(sum(result.by_category().values()))
        assert {"A", "B", ""} == set(result.by("site"))

    def test_by_unknown_column(self, simple_factors):
        """Grouping by a column that does not exist says which do."""
        with pytest.raises(KeyError, match="expected one of"):
            calculate([], simple_factors).by("colour")

    def test_factors_must_be_factor_sources(self):
        """A wrong argument type is a TypeError, an unknown name an UnknownDatabaseError."""
        with pytest.raises(TypeError, match="FactorSet"):
            calculate([], [42])
        with pytest.raises(UnknownDatabaseError, match="no factor database named 'not-installed'"):
            calculate([], ["not-installed"])


def test_million_lines_are_columnar(simple_factors):
    """A large table resolves per distinct combination: results equal the small case."""
    n = 200_000
    rng = np.random.default_rng(0)
    diesel = rng.random(n) < 0.5
    unit = np.where(diesel, "L", np.where(rng.random(n) < 0.5, "kWh", "MWh"))
    frame = pd.DataFrame(
        {
            "activity": pd.Categorical(np.where(diesel, "diesel", "electricity")),
            "amount": rng.random(n),
            "unit": pd.Categorical(unit),
            "region": "NO",
            "year": 2023,
        }
    )
    result = calculate(frame, simple_factors)
    per_unit = {"L": 2.5 + 1e-4 * 27.9 + 2e-5 * 273, "kWh": 0.02, "MWh": 20.0}
    expected = frame["amount"].to_numpy() * frame["unit"].map(per_unit).to_numpy(dtype=float)
    np.testing.assert_allclose(result.co2e, expected, rtol=1e-12)


class TestMontrealGases:
    """CFCs, HCFCs and halons are not Kyoto gases: outside the scopes, reported apart (GHG Protocol ch. 4)."""

    @staticmethod
    def leak(gases, amount=10.0, gwp="AR6"):
        fs = FactorSet.from_factors(
            [EmissionFactor("leak", "kg", gases, source="mass balance", scope=1)], name="r", version="1"
        )
        return calculate([Activity.of("leak", amount, "kg", year=2024)], fs, gwp=gwp)

    def test_an_hcfc_blend_puts_only_its_hfc_in_scope_1(self):
        """10 kg of a 50/50 HFC-134a/HCFC-22 blend: 5 kg x 1530 in scope 1, 5 kg x 1960 outside."""
        result = self.leak({"HFC-134a": 0.5, "HCFC-22": 0.5})
        assert 5 * 1530.0 == pytest.approx(result.by_scope()["1"], rel=1e-12)
        assert 5 * 1530.0 == pytest.approx(result.total(), rel=1e-12)
        assert {"HCFC-22": 5.0} == result.montreal_gases()
        assert 5 * 1960.0 == pytest.approx(result.montreal_co2e(), rel=1e-12)

    def test_the_summary_and_the_report_show_them_apart(self):
        """The summary has their kg and CO2e apart; the text report names them as outside the scopes."""
        from ghgcore.views import format_table, summary

        data = summary(self.leak({"CFC-12": 1.0}, amount=2.0))
        assert (0.0, 0.0) == (data["scopes"]["1"], data["total_kg_co2e"])
        assert {"CFC-12": 2.0} == data["montreal_gases_kg"]
        assert 2 * 12500.0 == pytest.approx(data["montreal_gases_kg_co2e"])
        assert "Montreal Protocol gases (CO2e), outside the scopes" in format_table(data)

    @pytest.mark.parametrize("gwp", ["AR4", "AR5", "AR6"])
    def test_gwp_choice_changes_only_co2e(self, gwp):
        """The mass of the gas is the same under every GWP set; only its CO2e moves."""
        result = self.leak({"HCFC-22": 1.0}, gwp=gwp)
        assert {"HCFC-22": 10.0} == result.montreal_gases()
        assert 10 * {"AR4": 1810.0, "AR5": 1760.0, "AR6": 1960.0}[gwp] == pytest.approx(
            result.montreal_co2e()
        )
        assert 0.0 == result.total()
