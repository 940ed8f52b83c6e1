"""Tests for ghgcore.instruments: contractual instruments in market-based scope 2."""

from __future__ import annotations

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate
from ghgcore.instruments import InstrumentError, InstrumentTable


@pytest.fixture
def grid() -> FactorSet:
    """Location 20 g/kWh and residual mix 400 g/kWh in Norway; Sweden location only (50 g/kWh)."""
    return FactorSet.from_factors(
        [
            EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="t", region="NO", scope=2, method="location"),
            EmissionFactor("electricity", "kWh", {"CO2": 0.4}, source="t", region="NO", scope=2, method="market"),
            EmissionFactor("electricity", "kWh", {"CO2": 0.05}, source="t", region="SE", scope=2),
        ],
        name="grid", version="1",
    )  # fmt: skip


def instruments(*rows: dict[str, object]) -> InstrumentTable:
    base = {"unit": "MWh", "rate": 0, "rate_unit": "g/kWh", "year": 2023, "market": "NO", "kind": "GO"}
    return InstrumentTable.from_records([{**base, **row} for row in rows])


def use(mwh: float, region: str = "NO", year: int = 2023, site: str | None = None) -> Activity:
    return Activity.of("electricity", mwh, "MWh", region=region, year=year, site=site)


def test_partial_cover_by_hand(grid):
    """100 MWh, 60 MWh of GOs: market = 40 000 kWh x 0.4 = 16 000 kg; location unchanged, 2 000 kg."""
    result = calculate([use(100)], grid, instruments=instruments({"id": "GO-1", "amount": 60}))
    scopes = result.by_scope()
    assert (2000.0, 16000.0) == pytest.approx((scopes["2_location"], scopes["2_market"]))
    assert 60000.0 == result.instrument_kwh[0]
    assert "GO-1" == result.instrument_ids[0]
    assert "market" == result.to_dataframe()["scope2_basis"][0]


def test_zero_emission_instrument_gives_zero(grid):
    """Fully covered by a renewable GO: zero, not the grid average."""
    result = calculate([use(50)], grid, instruments=instruments({"id": "GO-1", "amount": 50}))
    assert 0.0 == result.by_scope()["2_market"]
    assert "instrument" == result.to_dataframe()["scope2_basis"][0]


def test_instruments_span_lines_in_order(grid):
    """Two lines, two instruments of different rates: allocated in order, each line gets its share."""
    table = instruments(
        {"id": "GO-A", "amount": 30},
        {"id": "PPA-B", "amount": 50, "rate": 100, "rate_unit": "kg/MWh", "kind": "PPA"},
    )
    result = calculate([use(40), use(60)], grid, instruments=table)
    # line 1: 30 MWh GO (0) + 10 MWh PPA (0.1 kg/kWh) = 1 000 kg; line 2: 40 MWh PPA = 4 000 kg + 20 MWh residual 8 000 kg
    assert [1000.0, 12000.0] == pytest.approx(result.co2e_market.tolist())
    assert ["GO-A;PPA-B", "PPA-B"] == result.instrument_ids.tolist()
    assert [30000.0, 50000.0] == [u.allocated_kwh for u in result.instrument_uses]


def test_year_and_market_must_match(grid):
    """A 2022 certificate does not cover 2023; a Swedish one does not cover Norway."""
    table = instruments(
        {"id": "OLD", "amount": 10, "year": 2022}, {"id": "SE-1", "amount": 10, "market": "SE"}
    )
    result = calculate([use(100)], grid, instruments=table)
    assert 40000.0 == pytest.approx(result.by_scope()["2_market"])
    notes = {u.id: u.note for u in result.instrument_uses}
    assert "check its year and market" in notes["OLD"]
    assert "in SE" in notes["SE-1"]


def test_country_instrument_covers_its_zones_not_the_reverse(grid):
    """A Norwegian GO covers NO-NO1; a NO-NO1 GO does not cover a line for NO."""
    zone_line = Activity.of("electricity", 10, "MWh", region="NO-NO1", year=2023)
    result = calculate(
        [zone_line], grid, instruments=instruments({"id": "GO", "amount": 10}), fallback="region"
    )
    assert 10000.0 == result.instrument_kwh[0]
    result = calculate(
        [use(10)], grid, instruments=instruments({"id": "Z", "amount": 10, "market": "NO-NO1"})
    )
    assert 0.0 == result.instrument_kwh[0]


def test_site_specific_first(grid):
    """A site's PPA goes to its own lines before the market's GOs are spread."""
    table = instruments(
        {"id": "GO", "amount": 50},
        {"id": "PPA-OSLO", "amount": 20, "site": "Oslo", "rate": 10, "rate_unit": "g/kWh"},
    )
    result = calculate([use(30, site="Bergen"), use(30, site="Oslo")], grid, instruments=table)
    assert ["GO", "PPA-OSLO;GO"] == result.instrument_ids.tolist()
    assert [0.0, 20000 * 0.01] == pytest.approx(result.co2e_market.tolist())


def test_surplus_is_reported_not_spread(grid):
    """More certificates than consumption: the rest is reported, lines get no more than they used."""
    result = calculate([use(10)], grid, instruments=instruments({"id": "BIG", "amount": 25}))
    [big] = result.instrument_uses
    assert (25000.0, 10000.0) == (big.kwh, big.allocated_kwh)
    assert "15,000 kWh left over" in big.note
    assert 10000.0 == result.instrument_kwh[0]


def test_certificate_claimed_twice_is_an_error(tmp_path):
    """The same id twice is an error naming it."""
    with pytest.raises(InstrumentError, match="certificate claimed twice: 'GO-7'"):
        instruments({"id": "GO-7", "amount": 1}, {"id": "GO-7", "amount": 2})
    path = tmp_path / "i.csv"
    path.write_text(
        "id,amount,unit,rate,rate_unit,year,market\nGO-7,1,MWh,0,g/kWh,2023,NO\nGO-7,1,MWh,0,g/kWh,2023,NO\n",
        encoding="utf-8",
    )
    with pytest.raises(InstrumentError, match="GO-7") as info:
        InstrumentTable.from_csv(path)
    assert [(3, "id")] == [(i.line, i.field) for i in info.value.issues]


@pytest.mark.parametrize(
    ("row", "field"),
    [({"amount": 5, "unit": "km"}, "amount"), ({"amount": 5, "rate": "x"}, "rate"), ({"amount": -1}, "amount"),
     ({"amount": 5, "year": ""}, "year")],
)  # fmt: skip
def test_invalid_rows(row, field):
    """Each bad row names its field."""
    with pytest.raises(InstrumentError) as info:
        instruments({"id": "X", **row})
    assert field == info.value.issues[0].field


def test_summary_lists_instruments(grid):
    """The JSON summary lists every instrument with its allocation."""
    from ghgcore.views import format_table, summary

    data = summary(calculate([use(10)], grid, instruments=instruments({"id": "BIG", "amount": 25})))
    assert [{"id": "BIG", "kind": "GO", "kwh": 25000.0, "allocated_kwh": 10000.0}] == [
        {k: v for k, v in item.items() if k != "note"} for item in data["instruments"]
    ]
    assert 1 == data["scope2_lines"]["scope2_instrument"]
    assert "BIG" in format_table(data)
