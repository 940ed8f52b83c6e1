"""Tests for ghgcore.energy: energy use in MWh and its mix, from a result's scope 1 and 2 lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ghgcore.energy as energy_module
from ghgcore import Activity, EmissionFactor, FactorSet, calculate
from ghgcore.energy import KINDS, EnergyContents, EnergyUse, energy_use
from ghgcore.errors import DatabaseLoadError, DataError
from ghgcore.instruments import Instrument, InstrumentTable
from ghgcore.plugins import FactorDatabase, database_energy_contents
from ghgcore.sources import resolve

# Hand-checked numbers come from the fuels plugin's table (BEIS/DESNZ 2021 properties):
DIESEL_DENSITY, DIESEL_NCV = 0.84317, 11.9041  # kg/L, kWh/kg
FAME_DENSITY, FAME_NCV = 0.889969, 10.3335
GAS_NCV, GAS_GCV = 12.5067, 13.8594  # natural gas, kWh/kg net and gross


def factors() -> FactorSet:
    """Own factors: a fuel, electricity (location and market), a flight, refrigerant, spend."""
    return FactorSet.from_factors(
        [
            EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test", scope=1),
            EmissionFactor("heating_pellets", "kg", {"CO2_biogenic": 1.6}, source="test", scope=1),
            EmissionFactor("tank_gas", "kg", {"CO2": 3.0}, source="test", scope=1),
            EmissionFactor("natural_gas", "kWh_gross", {"CO2": 0.18}, source="test", scope=1),
            EmissionFactor("R-410A", "kg", {"CO2e": 2088}, source="test", scope=1),
            EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="test", scope=2, region="NO"),
            EmissionFactor(
                "electricity", "kWh", {"CO2": 0.4}, source="test", scope=2, region="NO", method="market"
            ),
            EmissionFactor("electricity_bill", "NOK", {"CO2e": 0.01}, source="test", scope=2),
            EmissionFactor("flight", "passenger_km", {"CO2e": 0.15}, source="test", scope=3, category=6),
        ],
        name="test",
        version="1",
    )


def contents() -> EnergyContents:
    """Diesel per litre (fossil), pellets per kg (renewable), Norway's grid mix for 2023."""
    return EnergyContents.from_records(
        [
            {"activity": "diesel", "unit": "L", "kwh_per_unit": 10, "kind": "fossil", "source": "hand"},
            {
                "activity": "heating_pellets",
                "unit": "kg",
                "kwh_per_unit": 4.8,
                "kind": "renewable",
                "source": "hand",
            },
            {
                "activity": "electricity",
                "unit": "kWh",
                "region": "NO",
                "year": "2023",
                "renewable": 0.95,
                "unspecified": 0.05,
                "source": "NVE 2023",
            },
        ],
        not_energy=["R-410A"],
        name="hand",
    )


def test_diesel_litres_by_hand():
    """1 000 L of diesel at 0.84317 kg/L and 11.9041 kWh/kg is 10.03718 MWh, all fossil."""
    result = calculate([Activity.of("diesel", 1000, "L", year=2021)], "fuels")
    use = energy_use(result, resolve("fuels").energy_contents)
    expected = 1000 * DIESEL_DENSITY * DIESEL_NCV / 1000
    assert expected == pytest.approx(use.total_mwh, rel=1e-12)
    assert expected == pytest.approx(use.by_kind["fossil"], rel=1e-12)
    assert {"diesel": pytest.approx(expected)} == use.by_activity
    assert 0.0 == use.renewable_share
    assert 1 == use.lines_counted


def test_norwegian_diesel_takes_norways_properties():
    """In Norway from 2019 on: Miljødirektoratet's 0.84 kg/L and 12 kWh/kg, 10.08 MWh per 1 000 L."""
    result = calculate([Activity.of("diesel", 1000, "L", year=2023, region="NO")], "fuels")
    use = energy_use(result, resolve("fuels").energy_contents)
    assert 0.84 * 12 * 1000 / 1000 == pytest.approx(use.total_mwh, rel=1e-12)
    [source] = use.sources["diesel"]
    assert "Miljødirektoratet" in source


def test_b7_splits_by_the_energy_of_its_parts():
    """100 L of B7: 93 L diesel and 7 L FAME, renewable by FAME's share of the energy."""
    result = calculate([Activity.of("B7", 100, "L", year=2021)], "fuels")
    use = energy_use(result, resolve("fuels").energy_contents)
    fossil = 93 * DIESEL_DENSITY * DIESEL_NCV / 1000
    renewable = 7 * FAME_DENSITY * FAME_NCV / 1000
    assert fossil + renewable == pytest.approx(use.total_mwh, rel=1e-12)
    assert renewable == pytest.approx(use.by_kind["renewable"], rel=1e-9)
    assert fossil == pytest.approx(use.by_kind["fossil"], rel=1e-9)
    assert ["diesel_b7"] == list(use.by_activity)


def test_gross_calorific_value_converts_to_net():
    """1 000 kWh_gross of natural gas is 1 000 x 12.5067 / 13.8594 kWh net."""
    result = calculate([Activity.of("natural_gas", 1000, "kWh_gross", year=2021)], "fuels")
    use = energy_use(result, resolve("fuels").energy_contents)
    assert 1000 * GAS_NCV / GAS_GCV / 1000 == pytest.approx(use.total_mwh, rel=1e-9)


def test_gross_without_a_ratio_is_unknown_and_said():
    """Without a content per kWh_gross, a gross line is listed as unknown, never read as net."""
    result = calculate([Activity.of("natural_gas", 1000, "kWh_gross", year=2021)], factors())
    use = energy_use(result, contents())
    assert 0.0 == use.total_mwh
    assert {"natural_gas": 1} == use.unknown
    assert any("gross calorific value" in note and "natural_gas 1" in note for note in use.notes)


def test_energy_units_convert_once_per_pair(monkeypatch):
    """A thousand lines in MWh and a thousand in GJ: pint is asked once for each unit pair."""
    calls: list[tuple[str, str]] = []
    real = energy_module.conversion_factor

    def counting(from_unit: str, to_unit: str) -> float:
        calls.append((from_unit, to_unit))
        return real(from_unit, to_unit)

    activities = [Activity.of("electricity", 1, "MWh", region="NO", year=2023)] * 1000
    activities += [Activity.of("electricity", 3.6, "GJ", region="NO", year=2023)] * 1000
    result, table = calculate(activities, factors()), contents()
    monkeypatch.setattr(energy_module, "conversion_factor", counting)
    use = energy_use(result, table)
    assert [("gigajoule", "MWh"), ("megawatt_hour", "MWh")] == sorted(calls)  # the table's unit names
    assert 2000.0 == pytest.approx(use.total_mwh)
    assert 2000 == use.lines_counted


def test_electricity_mix_and_guarantees_of_origin():
    """100 MWh in Norway, 30 MWh covered by GOs: 30 renewable, the other 70 at NVE's 95 % renewable."""
    instruments = InstrumentTable((Instrument("GO-1", 30_000, 0.0, 2023, "NO", "GO"),))
    result = calculate([Activity.of("electricity", 100, "MWh", region="NO", year=2023)], factors(),
                       instruments=instruments)  # fmt: skip
    use = energy_use(result, contents())
    assert 30 + 70 * 0.95 == pytest.approx(use.by_kind["renewable"])
    assert 70 * 0.05 == pytest.approx(use.by_kind["unspecified"])
    assert 0.965 == pytest.approx(use.renewable_share)
    assert any("30.0 MWh covered by instruments of renewable origin" in note for note in use.notes)


def test_a_supplier_rate_is_not_renewable_origin():
    """A supplier-specific rate covers kWh but says nothing of their origin: they take the mix."""
    instruments = InstrumentTable((Instrument("S-1", 30_000, 0.1, 2023, "NO", "supplier"),))
    result = calculate([Activity.of("electricity", 100, "MWh", region="NO", year=2023)], factors(),
                       instruments=instruments)  # fmt: skip
    use = energy_use(result, contents())
    assert 95.0 == pytest.approx(use.by_kind["renewable"])
    assert any("kind supplier" in note for note in use.notes)


def test_electricity_without_a_mix_is_unspecified_and_said():
    """Without a supply mix, electricity counts as unspecified, with a note of how much."""
    result = calculate([Activity.of("electricity", 105.3, "MWh", region="NO", year=2023)], factors())
    use = energy_use(result)
    assert {"fossil": 0.0, "renewable": 0.0, "nuclear": 0.0, "unspecified": 105.3} == use.by_kind
    assert ("electricity without a supply mix: 105.3 MWh counted as unspecified",) == use.notes
    assert use.renewable_share == 0.0


def test_unknown_keys_are_listed_not_dropped():
    """Scope 1 and 2 lines without a content are listed by key; refrigerants and scope 3 are not energy."""
    activities = [
        Activity.of("diesel", 100, "L", year=2023),
        Activity.of("tank_gas", 5, "kg", year=2023),
        Activity.of("tank_gas", 7, "kg", year=2023),
        Activity.of("electricity_bill", 1000, "NOK", year=2023),
        Activity.of("R-410A", 2, "kg", year=2023),
        Activity.of("flight", 1200, "passenger_km", year=2023),
    ]
    use = energy_use(calculate(activities, factors()), contents())
    assert 1.0 == pytest.approx(use.total_mwh)
    assert {"electricity_bill": 1, "tank_gas": 2} == use.unknown
    assert 2 == use.not_energy
    assert 1 == use.lines_counted
    assert any("in money" in note and "electricity_bill 1" in note for note in use.notes)
    assert any("no energy content converts" in note and "tank_gas 2" in note for note in use.notes)


def test_every_calculated_line_is_counted_once():
    """Counted, not energy and unknown lines add up to the calculated lines."""
    activities = [
        Activity.of("diesel", 100, "L", year=2023),
        Activity.of("heating_pellets", 1000, "kg", year=2023),
        Activity.of("tank_gas", 5, "kg", year=2023),
        Activity.of("flight", 1200, "passenger_km", year=2023),
        Activity.of("electricity", 3, "MWh", region="NO", year=2023),
        Activity.of("electricity", 3, "MWh", region="NO", year=2023, scope=3),
    ]
    result = calculate(activities, factors())
    use = energy_use(result, contents())
    assert int(result.calculated.sum()) == use.lines_counted + use.not_energy + sum(use.unknown.values())
    assert 1.0 + 4.8 + 3.0 == pytest.approx(use.total_mwh)  # the scope 3 electricity is not own energy
    assert 4.8 + 3 * 0.95 == pytest.approx(use.by_kind["renewable"])


def test_unresolved_lines_are_reported_apart():
    """Electricity in a region without a factor is unresolved: its MWh are apart, not in the total."""
    activities = [
        Activity.of("electricity", 2, "MWh", region="NO", year=2023),
        Activity.of("electricity", 5, "MWh", region="XX", year=2023),
        Activity.of("diesel", 40, "kg", year=2023),  # no factor per kg, and no content per kg either
        Activity.of("hotel", 2, "room_night", year=2023),  # no factor, and nothing the contents know
    ]
    use = energy_use(calculate(activities, factors()), contents())
    assert 2.0 == pytest.approx(use.total_mwh)
    assert (1, 5.0) == (use.unresolved_lines, pytest.approx(use.unresolved_mwh))
    assert (
        "1 unresolved line holds 5.0 MWh, not in the total",
        "1 unresolved line of a fuel or carrier in a unit no energy content converts, not counted (diesel 1)",
    ) == use.notes[-2:]


def test_a_mix_of_another_year_is_said():
    """A 2024 line takes the 2023 mix by the calculation's year fallback, and a note says so."""
    result = calculate([Activity.of("electricity", 10, "MWh", region="NO", year=2024)], factors())
    use = energy_use(result, contents())
    assert 9.5 == pytest.approx(use.by_kind["renewable"])
    assert "electricity in NO, 2024: the supply mix of NO 2023 (year fallback), 1 line" in use.notes


def test_your_contents_come_first():
    """The first contents with a row for the key win, as the first factor set does."""
    mine = EnergyContents.from_records(
        [{"activity": "diesel", "unit": "L", "kwh_per_unit": 9, "kind": "fossil", "source": "mine"}]
    )
    result = calculate([Activity.of("diesel", 1000, "L", year=2023)], factors())
    assert 9.0 == pytest.approx(energy_use(result, [mine, contents()]).total_mwh)
    assert 10.0 == pytest.approx(energy_use(result, [contents(), mine]).total_mwh)


@pytest.mark.parametrize(("amount", "unit"), [(1000, "L"), (1, "m**3"), (1_000_000, "mL")])
def test_the_unit_of_a_line_changes_nothing(amount, unit):
    """1 000 L of diesel, or 1 m**3, or a million mL: the same 10 MWh."""
    result = calculate([Activity.of("diesel", amount, unit, year=2023)], factors())
    assert 10.0 == pytest.approx(energy_use(result, contents()).total_mwh, rel=1e-12)


@given(
    amounts=st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=1, max_size=8),
    scale=st.floats(min_value=1e-3, max_value=1e3),
)
def test_scaling_every_amount_scales_the_energy(amounts, scale):
    """Multiplying every amount by a number multiplies the total and each kind by it."""
    kinds = [
        ("diesel", "L", ""),
        ("heating_pellets", "t", ""),
        ("electricity", "GJ", "NO"),
        ("tank_gas", "kg", ""),
    ]

    def use_of(factor: float) -> EnergyUse:
        activities = [
            Activity.of(
                kinds[i % 4][0], a * factor, kinds[i % 4][1], region=kinds[i % 4][2] or None, year=2023
            )
            for i, a in enumerate(amounts)
        ]
        return energy_use(calculate(activities, factors()), contents())

    base, scaled = use_of(1.0), use_of(scale)
    assert base.total_mwh * scale == pytest.approx(scaled.total_mwh, rel=1e-9)
    for kind in KINDS:
        assert base.by_kind[kind] * scale == pytest.approx(scaled.by_kind[kind], rel=1e-9, abs=1e-12)
    assert base.unknown == scaled.unknown


@given(litres=st.floats(min_value=0.001, max_value=1e7))
def test_litres_or_cubic_metres_give_the_same_energy(litres):
    """A line in L and the same line converted to m**3 first give the same MWh."""
    in_litres = calculate([Activity.of("diesel", litres, "L", year=2023)], factors())
    in_cubic = calculate([Activity.of("diesel", litres / 1000, "m**3", year=2023)], factors())
    assert energy_use(in_litres, contents()).total_mwh == pytest.approx(
        energy_use(in_cubic, contents()).total_mwh, rel=1e-12
    )


def test_no_lines_no_energy():
    """An empty result has no energy, no share, and no notes."""
    use = energy_use(calculate([], factors()), contents())
    assert (0.0, None, (), 0) == (use.total_mwh, use.renewable_share, use.notes, use.lines_counted)


def test_to_dict_is_json_with_a_stable_order_and_reads_back():
    """The summary is JSON, its kinds in KINDS order and keys sorted; from_dict reads it back."""
    activities = [
        Activity.of("tank_gas", 5, "kg", year=2023),
        Activity.of("electricity", 3, "MWh", region="NO", year=2023),
        Activity.of("diesel", 100, "L", year=2023),
    ]
    use = energy_use(calculate(activities, factors()), contents())
    data = json.loads(json.dumps(use.to_dict()))
    expected_keys = ["total_mwh", "renewable_share", "by_kind", "by_activity", "lines_counted", "not_energy",
                     "unknown", "unresolved", "sources", "notes"]  # fmt: skip
    assert expected_keys == list(data)
    assert list(KINDS) == list(data["by_kind"])
    assert ["diesel", "electricity"] == list(data["by_activity"])
    assert {"diesel": ["hand"], "electricity": ["NVE 2023"]} == data["sources"]
    assert use == EnergyUse.from_dict(data)


# ------------------------------------------------------------------ contents


def test_contents_list_every_invalid_row():
    """Shares off 1, a negative content, an unknown kind, money, a row twice: all named, with their lines."""
    rows = [
        {"activity": "a", "unit": "L", "kwh_per_unit": 10, "fossil": 0.5, "renewable": 0.4, "source": "s"},
        {"activity": "b", "unit": "L", "kwh_per_unit": -1, "kind": "fossil", "source": "s"},
        {"activity": "c", "unit": "L", "kwh_per_unit": 1, "kind": "coal", "source": "s"},
        {"activity": "d", "unit": "NOK", "kwh_per_unit": 1, "kind": "fossil", "source": "s"},
        {"activity": "e", "unit": "L", "kwh_per_unit": 1, "kind": "fossil", "source": ""},
        {"activity": "a", "unit": "L", "kwh_per_unit": 10, "kind": "fossil", "source": "s"},
        {"activity": "f", "unit": "L", "kwh_per_unit": 1, "fossil": 1.5, "renewable": -0.5, "source": "s"},
    ]
    with pytest.raises(DataError) as caught:
        EnergyContents.from_records(rows)
    assert [(1, "shares"), (2, "kwh_per_unit"), (3, "kind"), (4, "unit"), (5, "source"), (6, "activity"),
            (7, "fossil"), (7, "renewable")] == [(i.line, i.field) for i in caught.value.issues]  # fmt: skip


def test_a_row_in_energy_needs_no_content():
    """A row in kWh gives the mix only: no content needed, a wrong one refused."""
    ok = EnergyContents.from_records(
        [{"activity": "heat", "unit": "MWh", "kind": "renewable", "source": "s"}]
    )
    assert [1000.0] == ok.kwh_per_unit.tolist()
    with pytest.raises(DataError, match="1000 kWh per MWh"):
        EnergyContents.from_records(
            [{"activity": "heat", "unit": "MWh", "kwh_per_unit": 3, "kind": "renewable", "source": "s"}]
        )


def test_contents_from_csv(tmp_path):
    """The CSV format reads as records do, with the file's lines in errors."""
    path = tmp_path / "contents.csv"
    path.write_text(
        "# my fuels\nactivity,unit,kwh_per_unit,kind,source,year\n"
        "diesel,L,10,fossil,supplier sheet,2023\nbiogas,Sm3,6.5,renewable,supplier sheet,\n",
        encoding="utf-8",
    )
    table = EnergyContents.from_csv(path)
    assert [2023, -1] == table.valid_from.tolist()
    assert ["diesel", "biogas"] == [r["activity"] for r in table.records()]
    path.write_text("activity,unit,kwh_per_unit,kind,source\ndiesel,L,ten,fossil,s\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2, field 'kwh_per_unit'"):
        EnergyContents.from_csv(path)


def test_from_columns_checks_lengths():
    """Columns of different lengths are named."""
    with pytest.raises(DataError, match="unit has 2"):
        EnergyContents.from_columns(activity=["a"], unit=["L", "kg"], kwh_per_unit=[1.0], source=["s"],
                                    fossil=[1.0])  # fmt: skip


# ------------------------------------------------------------------ plugins and sources


class Broken(FactorDatabase):
    """A database whose energy contents raise."""

    version = "1"

    def load(self) -> FactorSet:
        return factors()

    def energy_contents(self) -> EnergyContents:
        raise RuntimeError("no such table")


class Wrong(Broken):
    """A database whose energy contents are not contents."""

    def energy_contents(self) -> EnergyContents:
        return {"diesel": 10}  # type: ignore[return-value]


def test_a_plugins_failure_names_it():
    """A database's energy_contents() that raises, or returns something else, is a DatabaseLoadError."""
    with pytest.raises(
        DatabaseLoadError, match=r"Broken: energy_contents\(\) raised RuntimeError: no such table"
    ):
        database_energy_contents(Broken())
    with pytest.raises(DatabaseLoadError, match=r"returned dict, expected an EnergyContents or None"):
        database_energy_contents(Wrong())
    assert database_energy_contents(FactorDatabase()) is None


def test_sources_gather_contents_yours_first():
    """resolve() puts your contents first, then the databases' in search order."""
    mine = contents()
    sources = resolve(["fuels", "grid"], energy_contents=[mine])
    assert ["hand", "fuels", "grid supply mix"] == [c.name for c in sources.energy_contents]


def test_sources_read_your_contents_file(tmp_path):
    """A CSV path among the energy contents is read, and searched before the databases'."""
    path = tmp_path / "mine.csv"
    path.write_text(
        "activity,unit,kwh_per_unit,kind,source\ndiesel,L,9,fossil,my supplier\n", encoding="utf-8"
    )
    sources = resolve("fuels", energy_contents=[path])
    assert [str(path), "fuels"] == [c.name for c in sources.energy_contents]
    result = calculate([Activity.of("diesel", 1000, "L", year=2021)], sources)
    assert 9.0 == pytest.approx(energy_use(result, sources.energy_contents).total_mwh)
