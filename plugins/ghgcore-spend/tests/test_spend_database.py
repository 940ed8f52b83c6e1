"""Tests of the spend database: conformance, categories, account mapping, factors by hand."""

from __future__ import annotations

import pytest
from ghgcore_spend import PRICE_YEAR, REGIONS, Spend, categories, product_factors

from ghgcore import Activity, calculate
from ghgcore.money import ExchangeRates, Prices
from ghgcore.testing import assert_conformant


def test_conformance():
    """Metadata, units, provenance and coverage hold."""
    assert_conformant(Spend)


def test_categories_are_documented_mixes():
    """40-60 categories; each product exists in every region and the weights sum to 1."""
    cats = categories()
    assert 40 <= len(cats) <= 60
    table = product_factors()
    for cat in cats.values():
        assert 1.0 == pytest.approx(sum(w for _, w in cat.products)), cat.key
        for product, _ in cat.products:
            assert all((product, region) in table for region in REGIONS), (cat.key, product)
        assert cat.scope in (1, 2, 3)
        assert (cat.category is not None) == (cat.scope == 3), cat.key


def test_factors_by_hand():
    """Software and IT services (NO) is EXIOBASE's 'Computer and related services', 0.0918 kg/EUR.

    Food and catering mixes five products with the weights of categories.csv.
    """
    fs = Spend().load()
    factors = {(f.activity, f.region): f for f in fs}
    assert 0.0918 == pytest.approx(factors["software_it_services", "NO"].gases["CO2e"])
    expected = 0.5 * 0.1546 + 0.2 * 0.4298 + 0.1 * 1.0984 + 0.1 * 0.1479 + 0.1 * 0.1834
    assert expected == pytest.approx(factors["food_catering", "NO"].gases["CO2e"])
    assert all(f.price_year == PRICE_YEAR and f.currency == "EUR" for f in fs)
    assert "food_catering" in factors["food_catering", "NO"].source


def test_every_account_is_mapped_or_excluded():
    """Every 4-digit account of classes 1-8 gets a category or a reason; categories exist in the factors."""
    mapping = Spend().account_mapping()
    keys = set(Spend().load().activities)
    for number in range(1000, 9000):
        rule = mapping.lookup(str(number))
        assert rule is not None, number
        assert (rule.category in keys) if rule.category else rule.exclude.startswith("not a purchase"), number
    assert not mapping.categories - keys
    assert mapping.lookup("5000").exclude.startswith("not a purchase: wages")
    assert mapping.lookup("6000").exclude.startswith("not a purchase: depreciation")
    assert "rent_premises" == mapping.lookup("6300").category
    assert "travel_other" == mapping.lookup("7140").category


def test_norwegian_spend_by_hand():
    """10,000 NOK of software bought in 2019: / 9.8511 (ECB 2019) x 0.0918 kg/EUR."""
    db = Spend()
    prices = Prices(ExchangeRates({"NOK": {2019: 9.8511}}), db.price_indices())
    result = calculate(
        [Activity.of("software_it_services", 10000, "NOK", region="NO", year=2019)], db, prices=prices
    )
    assert 10000 / 9.8511 * 0.0918 == pytest.approx(result.co2e[0])
    assert 3 == result.scope[0]
    assert 1 == result.category[0]


def test_kpi_is_shipped_with_its_source():
    """SSB table 03014, 2015-2024: the levels reproduce the annual changes SSB states."""
    [kpi] = Spend().price_indices()
    assert "NOK" == kpi.currency
    assert "table 03014" in kpi.source
    assert list(range(2016, 2025)) == sorted(kpi.changes)
    stated = {
        2016: 3.6,
        2017: 1.8,
        2018: 2.7,
        2019: 2.2,
        2020: 1.3,
        2021: 3.5,
        2022: 5.8,
        2023: 5.5,
        2024: 3.1,
    }
    assert stated == {year: round(change, 1) for year, change in kpi.changes.items()}


def test_kpi_2017_to_2019_is_the_ratio_of_the_levels():
    """NOK of 2017 at 2019 prices: 110.8 / 105.5, no extrapolation."""
    [kpi] = Spend().price_indices()
    ratio, note = kpi.ratio(2017, 2019)
    assert 110.8 / 105.5 == pytest.approx(ratio, rel=1e-12)
    assert "extrapolated" not in note
