"""Tests for ghgcore.gases."""

from __future__ import annotations

import pytest

from ghgcore.gases import GWPSet, UnknownGasError, get_gwp_set, known_gases, normalize_gas


@pytest.mark.parametrize(
    ("gwp", "ch4", "n2o", "sf6"),
    [("AR4", 25.0, 298.0, 22800.0), ("AR5", 28.0, 265.0, 23500.0), ("AR6", 27.9, 273.0, 25200.0)],
)
def test_shipped_values(gwp, ch4, n2o, sf6):
    """The IPCC GWP-100 values of the GHG Protocol tables."""
    s = get_gwp_set(gwp)
    assert (ch4, n2o, sf6) == (s["CH4"], s["N2O"], s["SF6"])


@pytest.mark.parametrize(
    ("gwp", "fossil", "non_fossil"), [("AR4", 25.0, 25.0), ("AR5", 30.0, 28.0), ("AR6", 29.8, 27.0)]
)
def test_methane_by_origin(gwp, fossil, non_fossil):
    """GHG Protocol GWP values v2.0 (2024) for fossil and non-fossil methane."""
    s = get_gwp_set(gwp)
    assert (fossil, non_fossil) == (s["CH4_fossil"], s["CH4_non_fossil"])


def test_special_gases():
    """Biogenic CO2 weighs nothing in CO2e; a CO2e factor weighs 1 in every set."""
    for name in ("AR4", "AR5", "AR6"):
        s = get_gwp_set(name)
        assert (1.0, 0.0, 1.0) == (s["CO2"], s["CO2_biogenic"], s["CO2e"])


def test_default_is_ar6():
    """AR6 is the default."""
    assert "AR6" == get_gwp_set().name


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("hfc134a", "HFC-134a"),
        ("HFC-32", "HFC-32"),
        ("sf6", "SF6"),
        ("co2 biogenic", "CO2_biogenic"),
        ("CH4-fossil", "CH4_fossil"),
    ],
)
def test_normalize_gas(name, canonical):
    """Lookup ignores case, hyphens, underscores and spaces."""
    assert canonical == normalize_gas(name)


def test_unknown_gas():
    """An unknown gas says what is accepted."""
    with pytest.raises(UnknownGasError, match="expected CO2"):
        normalize_gas("unobtainium")


def test_unknown_gwp_set():
    """Only the shipped names are accepted."""
    with pytest.raises(ValueError, match="AR4, AR5, AR6"):
        get_gwp_set("AR7")


def test_set_lacking_a_gas():
    """A gas with no value in a set is reported, not weighed as zero."""
    s = GWPSet("mine", {"CO2": 1.0, "CH4": 30.0})
    assert "NF3" not in s
    with pytest.raises(UnknownGasError, match="no value for NF3"):
        s["NF3"]


def test_custom_set_must_have_co2_of_one():
    """CO2 is the reference gas."""
    with pytest.raises(ValueError, match="CO2 must weigh 1"):
        GWPSet("bad", {"CO2": 2.0})


def test_known_gases_cover_the_kyoto_basket():
    """The seven Kyoto gases (groups) are known."""
    gases = set(known_gases())
    assert {"CO2", "CH4", "N2O", "SF6", "NF3", "HFC-134a", "CF4", "CO2_biogenic", "CO2e"} <= gases


@pytest.mark.parametrize(
    ("gas", "ar4"),
    [
        ("HFC-41", 92.0), ("HFC-134", 1100.0), ("HFC-143", 353.0), ("HFC-152", 53.0),
        ("HFC-161", 12.0), ("HFC-236cb", 1340.0), ("HFC-236ea", 1370.0), ("HFC-245ca", 693.0),
    ],
)  # fmt: skip
def test_ar4_values_of_the_eight_hfcs_the_main_table_lacks(gas, ar4):
    """IPCC AR4 WG1 Table 2.14, as US EPA 40 CFR 98 Table A-1 publishes it."""
    assert ar4 == get_gwp_set("AR4")[gas]


def test_ar4_covers_every_hfc():
    """An AR4 inventory can weigh every HFC the table knows."""
    ar4 = get_gwp_set("AR4")
    hfcs = [gas for gas in known_gases() if gas.startswith("HFC-")]
    assert len(hfcs) > 15
    assert [] == [gas for gas in hfcs if gas not in ar4]


def test_an_ar4_inventory_with_hfc_134():
    """A leak of HFC-134 calculates under AR4 (it was unresolved before the supplement)."""
    from ghgcore import Activity, EmissionFactor, FactorSet, calculate

    fs = FactorSet.from_factors(
        [EmissionFactor("leak", "kg", {"HFC-134": 1.0}, source="mass balance", scope=1)],
        name="x",
        version="1",
    )
    result = calculate([Activity.of("leak", 2, "kg")], fs, gwp="AR4")
    assert [2200.0] == result.co2e.tolist()
