"""Exchange rates, price indices and monetary lines against spend-based factors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore import Activity, EmissionFactor, FactorSet, calculate
from ghgcore.money import ExchangeRates, PriceDataError, PriceIndex, Prices

RATES = ExchangeRates({"NOK": {2017: 9.3270, 2018: 9.5975, 2019: 9.8511}, "USD": {2018: 1.1810}})
KPI = PriceIndex("NOK", "SSB KPI", {2017: 1.8, 2018: 2.7}, source="SSB")


@pytest.fixture
def spend_factors():
    return FactorSet.from_factors(
        [
            EmissionFactor(
                "office", "EUR", {"CO2e": 0.5}, source="test model", scope=3, category=1, price_year=2018
            ),
            EmissionFactor("loose", "EUR", {"CO2e": 0.2}, source="test, no price year", scope=3),
        ],
        name="spend-test",
        version="1",
    )


class TestExchangeRates:
    def test_ecb_annual_average(self):
        """The ECB's 2019 NOK average, 9.8511 NOK/EUR, as the ECB publishes it."""
        ecb = ExchangeRates.ecb()
        assert 9.8511 == pytest.approx(ecb.per_base("NOK", 2019)[0], abs=5e-5)
        assert "ECB" in ecb.source

    def test_ecb_current_year_is_incomplete(self):
        """The last year of the history is only used when extrapolation is asked for, and said."""
        ecb = ExchangeRates.ecb()
        last = max(ecb.rates["NOK"])
        if ecb.complete.get(last, True):
            pytest.skip("the shipped history ends with a complete year")
        with pytest.raises(LookupError, match="part of the year"):
            ecb.per_base("NOK", last)
        rate, note = ecb.per_base("NOK", last, extrapolate=True)
        assert rate > 0
        assert "part of the year" in note

    def test_cross_rate(self):
        """SEK to NOK goes through the euro: (NOK per EUR) / (SEK per EUR)."""
        rates = ExchangeRates({"NOK": {2019: 9.8511}, "SEK": {2019: 10.5891}})
        assert 9.8511 / 10.5891 == pytest.approx(rates.rate("SEK", "NOK", 2019)[0])
        assert (1.0, "") == rates.rate("NOK", "NOK", 2019)

    def test_missing_year_and_extrapolation(self):
        """A year after the data is refused, or taken as the latest year's, with a note."""
        with pytest.raises(LookupError, match="no 2030 exchange rate for NOK"):
            RATES.per_base("NOK", 2030)
        rate, note = RATES.per_base("NOK", 2030, extrapolate=True)
        assert 9.8511 == rate
        assert "taken as the 2019 average (extrapolated)" in note
        with pytest.raises(LookupError, match="no exchange rate for SEK"):
            RATES.per_base("SEK", 2019)

    def test_csv_with_errors_names_lines(self, tmp_path):
        path = tmp_path / "rates.csv"
        path.write_text(
            "# my rates\nyear,currency,rate\n2019,NOK,9.85\n20x9,NOK,1\n2020,NOK,-1\n", encoding="utf-8"
        )
        with pytest.raises(PriceDataError) as info:
            ExchangeRates.from_csv(path)
        assert [(4, "year"), (5, "rate")] == [(i.line, i.field) for i in info.value.issues]
        path.write_text("year,currency,rate\n2019,NOK,9.85\n", encoding="utf-8")
        assert 9.85 == ExchangeRates.from_csv(path).per_base("NOK", 2019)[0]


class TestPriceIndex:
    def test_ratio_chains_annual_changes(self):
        """2016 prices in 2018 prices: 1.018 * 1.027; backwards is the inverse."""
        assert 1.018 * 1.027 == pytest.approx(KPI.ratio(2016, 2018)[0])
        assert 1 / (1.018 * 1.027) == pytest.approx(KPI.ratio(2018, 2016)[0])
        assert (1.0, "") == KPI.ratio(2018, 2018)

    def test_missing_change_is_refused_or_extrapolated(self):
        with pytest.raises(LookupError, match="no change for 2019, 2020"):
            KPI.ratio(2018, 2020)
        mean = math.sqrt(1.018 * 1.027) - 1
        ratio, note = KPI.ratio(2018, 2020, extrapolate=True)
        assert (1 + mean) ** 2 == pytest.approx(ratio)
        assert f"2019, 2020 extrapolated as {100 * mean:.2f} %/yr" in note

    def test_from_levels_and_csv(self, tmp_path):
        """Levels (SSB 03014 style) and changes give the same index."""
        levels = PriceIndex.from_levels("NOK", "KPI", {2016: 103.6, 2017: 105.5, 2018: 108.4})
        assert 105.5 / 103.6 * 108.4 / 105.5 == pytest.approx(levels.ratio(2016, 2018)[0])
        path = tmp_path / "kpi.csv"
        path.write_text("year,index\n2016,103.6\n2017,105.5\n2018,108.4\n", encoding="utf-8")
        assert levels.changes == PriceIndex.from_csv(path).changes
        path.write_text("year,change\n2017,1.8\n2017,2.0\nyear,x\n", encoding="utf-8")
        with pytest.raises(PriceDataError) as info:
            PriceIndex.from_csv(path)
        assert [(3, "year"), (4, "year")] == [(i.line, i.field) for i in info.value.issues]


class TestPrices:
    def test_convert_by_hand(self):
        """NOK 2017 to EUR at 2018 prices: x 1.027 (KPI), / 9.5975 (2018 rate)."""
        conversion = Prices(RATES, [KPI]).convert("NOK", 2017, "EUR", 2018)
        assert 1.027 / 9.5975 == pytest.approx(conversion.factor)
        assert "x 1.027000 (SSB KPI)" in conversion.note
        assert "2018 rate 9.5975 NOK/EUR" in conversion.note

    def test_other_currency_goes_through_the_index_currency(self):
        """USD booked in 2018 -> NOK at the 2018 rate -> 2017 prices -> EUR at the 2017 rate."""
        conversion = Prices(RATES, [KPI]).convert("USD", 2018, "EUR", 2017)
        expected = (9.5975 / 1.1810) / 1.027 / 9.3270
        assert expected == pytest.approx(conversion.factor)
        assert conversion.note.startswith("USD to NOK at the 2018 rate")

    def test_reasons(self):
        prices = Prices(RATES)
        assert "no price index for NOK or EUR" in prices.convert("NOK", 2017, "EUR", 2018)
        assert "needs the year it was booked" in prices.convert("NOK", -1, "EUR", 2018)
        assert "no change for 2019" in Prices(RATES, [KPI]).convert("NOK", 2019, "EUR", 2018)

    def test_two_indices_for_one_currency(self):
        with pytest.raises(ValueError, match="two price indices for NOK"):
            Prices(RATES, [KPI, PriceIndex("NOK", "other", {})])


class TestCalculation:
    def test_monetary_line_records_rate_and_index(self, spend_factors):
        """1000 NOK of 2017 against a EUR-2018 factor: amount x 1.027 / 9.5975 x 0.5."""
        result = calculate(
            [Activity.of("office", 1000, "NOK", year=2017)], spend_factors, prices=Prices(RATES, [KPI])
        )
        assert result.calculated[0]
        assert 1000 * 1.027 / 9.5975 * 0.5 == pytest.approx(result.co2e[0])
        assert "SSB KPI" in result.price_note.value(0)
        assert 1.027 / 9.5975 == pytest.approx(result.unit_factor[0])
        frame = result.to_dataframe()
        assert "2018 rate 9.5975 NOK/EUR" in frame["price_note"][0]

    def test_missing_index_is_unresolved_with_the_reason(self, spend_factors):
        result = calculate(
            [Activity.of("office", 1000, "NOK", year=2020)], spend_factors, prices=Prices(RATES, [KPI])
        )
        [item] = result.unresolved
        assert "NOK of 2020 cannot be brought to the factor's prices" in item.reason
        assert "no change for 2019, 2020" in item.reason
        extrapolated = calculate(
            [Activity.of("office", 1000, "NOK", year=2020)],
            spend_factors,
            prices=Prices(RATES, [KPI], extrapolate=True),
        )
        assert "extrapolated" in extrapolated.price_note.value(0)

    def test_factor_without_price_year_is_converted_not_adjusted(self, spend_factors):
        result = calculate([Activity.of("loose", 100, "NOK", year=2019)], spend_factors, prices=Prices(RATES))
        assert 100 / 9.8511 * 0.2 == pytest.approx(result.co2e[0])
        assert "not price-adjusted" in result.price_note.value(0)

    @given(st.floats(min_value=0.01, max_value=1e9), st.sampled_from(["NOK", "kNOK", "MNOK"]))
    def test_converting_units_first_changes_nothing(self, amount, unit):
        """KNOK and MNOK give the emissions of the same amount in NOK."""
        factors = FactorSet.from_factors(
            [EmissionFactor("office", "EUR", {"CO2e": 0.5}, source="t", scope=3, price_year=2018)],
            name="t",
            version="1",
        )
        prices = Prices(RATES, [KPI])
        scale = {"NOK": 1, "kNOK": 1e3, "MNOK": 1e6}[unit]
        a = calculate([Activity.of("office", amount, unit, year=2017)], factors, prices=prices)
        b = calculate([Activity.of("office", amount * scale, "NOK", year=2017)], factors, prices=prices)
        assert b.co2e[0] == pytest.approx(a.co2e[0], rel=1e-12)
