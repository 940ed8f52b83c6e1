"""Tests for ghgcore.crosswalk."""

from __future__ import annotations

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate
from ghgcore.crosswalk import Crosswalk
from ghgcore.errors import CrosswalkError


@pytest.fixture
def spend() -> FactorSet:
    return FactorSet.from_factors(
        [
            EmissionFactor("it_equipment", "NOK", {"CO2e": 0.05}, source="t", scope=3, category=2),
            EmissionFactor("office_supplies", "NOK", {"CO2e": 0.03}, source="t", scope=3, category=1),
        ],
        name="spend", version="1",
    )  # fmt: skip


def test_lookup_order():
    """Exact code, then the narrowest range, then (with prefix) shorter prefixes."""
    cw = Crosswalk.from_records(
        [{"code": "6551", "activity": "a"}, {"code": "6500-6599", "activity": "b"},
         {"code": "6540-6549", "activity": "c"}, {"code": "66", "activity": "d"}],
        name="x", prefix=True,
    )  # fmt: skip
    assert ["a", "c", "b", "d", None] == [cw.lookup(c) for c in ("6551", "6545", "6500", "6601", "7000")]


def test_prefix_is_opt_in():
    """Without prefix, 6601 does not fall back to 66."""
    cw = Crosswalk.from_records([{"code": "66", "activity": "d"}], name="x")
    assert cw.lookup("6601") is None


def test_calculation_maps_codes_and_records_keys(spend):
    """Account numbers become activity keys; the result keeps both."""
    cw = Crosswalk.from_records([{"code": "6551", "activity": "it_equipment"},
                                 {"code": "6500-6599", "activity": "office_supplies"}], name="accounts")  # fmt: skip
    acts = [Activity.of(code, 1000, "NOK") for code in ("6551", "6510", "7000")]
    result = calculate(acts, spend, crosswalks=[cw])
    assert [50.0, 30.0] == result.co2e[:2].tolist()
    frame = result.to_dataframe()
    assert ["6551", "6510", "7000"] == frame["activity"].tolist()
    assert ["it_equipment", "office_supplies", "7000"] == frame["activity_key"].tolist()
    assert "no crosswalk maps it: accounts" in result.unresolved[0].reason


def test_first_crosswalk_wins(spend):
    """The user's mapping comes before a database's."""
    mine = Crosswalk.from_records([{"code": "6551", "activity": "office_supplies"}], name="mine")
    theirs = Crosswalk.from_records([{"code": "6551", "activity": "it_equipment"}], name="theirs")
    assert 30.0 == calculate([Activity.of("6551", 1000, "NOK")], spend, crosswalks=[mine, theirs]).co2e[0]


def test_csv_errors_name_lines(tmp_path):
    """Invalid rows are listed with their file lines."""
    path = tmp_path / "cw.csv"
    path.write_text(
        "# accounts\ncode,activity\n6551,it\n6551,other\n,x\n6600-6500,y\n7000-7099,a\n7100-7199,b\n7050-7149,c\n",
        encoding="utf-8",
    )
    with pytest.raises(CrosswalkError) as info:
        Crosswalk.from_csv(path)
    assert [
        (4, "code"),
        (5, "code"),
        (6, "code"),
        (8, "code"),
        (9, "code"),
    ] == [(i.line, i.field) for i in info.value.issues]
    assert 1 == str(info.value).count("line 4")


def test_csv_round_trip(tmp_path):
    """A valid file loads, named after its stem."""
    path = tmp_path / "accounts.csv"
    path.write_text("code,activity\n6551,it\n6500-6599,office\n", encoding="utf-8")
    cw = Crosswalk.from_csv(path, prefix=True)
    assert ("accounts", 2, {"it", "office"}) == (cw.name, len(cw), cw.keys)


def test_csv_missing_column(tmp_path):
    """A file without the activity column says so."""
    path = tmp_path / "x.csv"
    path.write_text("code,key\n1,a\n", encoding="utf-8")
    with pytest.raises(CrosswalkError, match="missing required column 'activity'"):
        Crosswalk.from_csv(path)
