"""Progress over the stored years: change, targets, the change explained, intensity, commitments, handprint."""

from __future__ import annotations

import math
import re

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.baseyear import Event
from ghgcore.errors import OptionError, UnknownAccountError
from ghgcore.handprint import SpearheadProject
from ghgcore.plan import Plan
from ghgcore.progress import factor_change, progress
from ghgcore.store import AccountStore
from ghgcore.targets import parse_target


def factors(diesel: float = 2.5, edition: str = "1") -> FactorSet:
    return FactorSet.from_factors(
        [
            EmissionFactor("diesel", "L", {"CO2": diesel}, source="test: diesel", scope=1),
            EmissionFactor("refrigerant", "kg", {"CO2e": 1000.0}, source="test: leak", scope=1),
            EmissionFactor(
                "electricity", "kWh", {"CO2": 0.02}, source="t", region="NO", scope=2, method="location"
            ),
            EmissionFactor(
                "electricity", "kWh", {"CO2": 0.4}, source="t", region="NO", scope=2, method="market"
            ),
            EmissionFactor("flight", "passenger_km", {"CO2e": 0.1}, source="t", scope=3, category=6),
        ],
        name="test",
        version=edition,
    )


def account(year: int, diesel: float, kwh: float, pkm: float, fs: FactorSet | None = None):
    lines = [
        Activity.of("diesel", diesel, "L", year=year),
        Activity.of("refrigerant", 0.5, "kg", year=year),
        Activity.of("electricity", kwh, "kWh", region="NO", year=year),
        Activity.of("flight", pkm, "passenger_km", year=year),
    ]
    return calculate_inventory(lines, fs or factors(), organisation="Test AS")


@pytest.fixture
def store(tmp_path) -> AccountStore:
    """Three years: diesel halves, electricity grows, flights come back."""
    store = AccountStore(tmp_path / "store")
    store.save(account(2019, 1000, 10_000, 20_000), metrics=["employees=10", "revenue=20 MNOK"])
    store.save(account(2020, 800, 10_000, 5_000), metrics=["employees=10", "revenue=18 MNOK"])
    store.save(account(2021, 500, 12_000, 15_000), metrics=["employees=12", "revenue=25 MNOK"])
    return store


def test_years_change_and_intensity(store):
    """Totals by scope per year, change against the previous year and the base year, intensities."""
    data = progress(store, "Test AS")
    assert 2019 == data["base_year"]
    first, second, third = data["years"]
    assert [2019, 2020, 2021] == [y["year"] for y in data["years"]]
    assert 2500.0 + 500.0 == first["scopes"]["1"]
    assert 4000.0 == first["scopes"]["2_market"]
    assert 200.0 == first["scopes"]["2_location"]
    assert 2000.0 == first["scopes"]["3"]
    assert 9000.0 == first["total_kg_co2e"]
    assert first["change_kg"] is None
    assert first["change_percent"] is None
    assert 2500.0 + 4000.0 + 500.0 - 9000.0 == second["change_kg"]
    assert pytest.approx(-2000.0 / 9000.0 * 100) == second["change_percent"]
    assert 1250.0 + 500.0 + 4800.0 + 1500.0 - 9000.0 == third["change_from_base_kg"]
    assert 9000.0 / 10 == first["intensity"]["employees"]
    assert 9000.0 / 20 == first["intensity"]["revenue"]
    assert (3000.0 + 200.0 + 2000.0) / 20 == first["intensity_location_based"]["revenue"]
    assert {"value": 20.0, "unit": "MNOK"} == first["metrics"]["revenue"]
    assert 2500.0 == first["scope1_fossil_kg_co2e"]  # the refrigerant leak is scope 1, not fossil fuel


def test_change_explained_adds_up(store):
    """Activity and factor terms add up to each year's change; a factor that did not change explains nothing."""
    for year in progress(store, "Test AS")["years"][1:]:
        d = year["decomposition"]
        assert math.isclose(
            year["change_kg"], d["activity_kg"] + d["factor_kg"] + d["structural_kg"], abs_tol=1e-6
        )
        assert d["factor_kg"] == pytest.approx(0.0, abs=1e-9)
        assert "note" not in d
        assert {"Change in output"} == {r["reason"] for r in d["reasons"]}


def test_factor_change_between_years_is_a_factor_term(tmp_path):
    """Same activity, a new factor edition: the whole change is the factor term, reported as methodology."""
    store = AccountStore(tmp_path / "store")
    store.save(account(2019, 1000, 0, 0))
    store.save(account(2020, 1000, 0, 0, factors(diesel=2.0, edition="2")))
    d = progress(store, "Test AS")["years"][1]["decomposition"]
    assert pytest.approx(-500.0) == d["factor_kg"]
    assert d["activity_kg"] == pytest.approx(0.0, abs=1e-9)
    assert ["Change in methodology"] == [r["reason"] for r in d["reasons"]]


def test_structural_event_explains_its_year(store):
    """An acquisition recorded in a year is the structural term of that year's change."""
    plan = Plan(events=(Event("acquisition", 2021, {"1": 300.0}, "bought a van firm"),))
    d = progress(store, "Test AS", plan=plan)["years"][2]["decomposition"]
    assert 300.0 == d["structural_kg"]
    assert ("Acquisitions", 300.0) in [(r["reason"], r["kg_co2e"]) for r in d["reasons"]]


def test_targets_path_and_on_track(store):
    """The linear path from the base year, and on track when actual is at most allowed."""
    target = parse_target("scopes=1+2;reduction=42;year=2030", base_year=2019)
    data = progress(store, "Test AS", targets=[target])
    (row,) = data["targets"]
    base = 3000.0 + 4000.0
    assert base == row["base_kg_co2e"]
    assert base * (1 - 0.42 * 1 / 11) == pytest.approx(row["path"]["2020"])
    assert base * 0.58 == pytest.approx(row["path"]["2030"])
    # 2021: 1,250 + 500 + 4,800 = 6,550 kg against 7,000 x (1 - 0.42 x 2/11) = 6,465 allowed
    assert {"2019": True, "2020": True, "2021": False} == row["on_track"]
    assert ["1", "2_market"] == list(row["scopes"])
    assert 42.0 == row["reduction_percent"]


def test_fossil_free_preset_and_off_track(store):
    """fossil-free-2030 takes fossil scope 1 to zero; a year above its path is off track."""
    (row,) = progress(store, "Test AS", targets=[parse_target("fossil-free-2030", base_year=2019)])["targets"]
    assert 2500.0 == row["base_kg_co2e"]
    assert 0.0 == row["path"]["2030"]
    assert {"2019": True, "2020": True, "2021": True} == row["on_track"]
    tight = parse_target("scopes=1_fossil;reduction=100;year=2020", base_year=2019)
    (row,) = progress(store, "Test AS", targets=[tight])["targets"]
    assert {"2019": True, "2020": False, "2021": False} == row["on_track"]


def test_intensity_target(store):
    """An intensity target compares kg per unit of the metric."""
    target = parse_target(
        "scopes=1+2+3;reduction=10;year=2021;kind=intensity;metric=employees", base_year=2019
    )
    (row,) = progress(store, "Test AS", targets=[target])["targets"]
    assert 900.0 == row["base_kg_co2e"]
    assert {"2019": True, "2020": True, "2021": True} == row["on_track"]


def test_coverage_warning_when_scope3_is_large_and_untargeted(tmp_path):
    """Scope 3 at 40 % or more of the total without a scope 3 target is warned about."""
    store = AccountStore(tmp_path / "store")
    store.save(account(2019, 100, 0, 50_000))
    data = progress(store, "Test AS", targets=[parse_target("sbti-1.5", base_year=2019)])
    assert any("scope 3" in w for w in data["warnings"])


def test_recalculated_base_year_is_used(store):
    """Significant events restate the base year; change against it uses the restated figures."""
    plan = Plan(events=(Event("acquisition", 2020, {"1": 900.0}),))
    data = progress(store, "Test AS", plan=plan)
    assert 9900.0 == data["base_year_figures"]["total_kg_co2e"]
    assert 9000.0 == data["years"][0]["total_kg_co2e"]  # the account as calculated stays as it was
    (recalc,) = data["recalculations"]
    assert 10.0 == recalc["effect_percent"]
    assert data["years"][2]["change_from_base_kg"] == data["years"][2]["total_kg_co2e"] - 9900.0


def test_factor_change_records_an_event(store):
    """The base year's stored lines calculated with a new edition: the effect and the editions, as an event."""
    event, recalculations, plan = factor_change(store, "Test AS", factors(diesel=2.8, edition="2"))
    assert pytest.approx(300.0) == event.effect["1"]
    assert ("test 1 -> 2",) == event.factor_sets
    assert 2021 == event.year
    assert recalculations == ()  # 300 of 9000 is 3.3 %: not significant
    assert (event,) == plan.events
    event, recalculations, _ = factor_change(store, "Test AS", factors(diesel=3.5, edition="3"), plan=plan)
    assert 1 == len(recalculations)  # 300 + 1000: 14 %


def test_commitments_and_handprint_reported_apart(store):
    """Commitments are followed up per year; avoided emissions are reported, never netted."""
    plan = Plan.from_record(
        {
            "commitments": [
                {
                    "id": "C1",
                    "goal": "halve diesel",
                    "start_year": 2019,
                    "scopes": "1_fossil",
                    "actions": [{"id": "A1", "due_year": 2021, "expected_kg": 1000, "status": {"2021": "done"}}],
                }
            ],
            "spearheads": [
                SpearheadProject(
                    name="e-vans", solution="ev", reference="diesel van", functional_unit="km",
                    solution_kg_per_unit=0.05, reference_kg_per_unit=0.25, units=10_000, basis="annual",
                    year=2021, contribution="direct",
                ).to_dict()
            ],
        }
    )  # fmt: skip
    data = progress(store, "Test AS", plan=plan)
    rows = data["commitments"][0]["follow_up"]
    assert [2019, 2020, 2021] == [r["year"] for r in rows]
    assert 1250.0 == rows[-1]["achieved_kg"]
    assert 1000.0 == rows[-1]["expected_kg"]
    assert pytest.approx(2000.0) == data["handprint"]["total_avoided_kg_co2e"]
    assert 9000.0 == data["years"][0]["total_kg_co2e"]  # untouched by the handprint


def test_avoided_emissions_cannot_be_added_to_an_inventory_total(store):
    """Adding avoided emissions to a total is a type error."""
    project = SpearheadProject(
        name="x", solution="a", reference="b", functional_unit="u", solution_kg_per_unit=0,
        reference_kg_per_unit=1, units=5, basis="annual", year=2021, contribution="direct",
    )  # fmt: skip
    total = store.load("Test AS", 2021).total
    with pytest.raises(TypeError):
        total + project.avoided()  # type: ignore[operator]
    with pytest.raises(TypeError):
        store.load("Test AS", 2021).figures["1"] - project.avoided()  # type: ignore[operator]


def test_unknown_organisation_or_base_year(store):
    """A missing organisation or base year names what is stored."""
    with pytest.raises(UnknownAccountError, match="no organisation 'Other AS'"):
        progress(store, "Other AS")
    with pytest.raises(UnknownAccountError, match=r"no account for 2015 \(it has 2019, 2020, 2021\)"):
        progress(store, "Test AS", base_year=2015)


def test_different_gwp_sets_are_warned_about(tmp_path):
    """Years in different GWP sets are compared with a warning."""
    store = AccountStore(tmp_path / "store")
    lines = [Activity.of("diesel", 100, "L", year=2019)]
    store.save(calculate_inventory(lines, factors(), organisation="Test AS", gwp="AR5"))
    store.save(account(2020, 100, 0, 0))
    assert any("different GWP sets" in w for w in progress(store, "Test AS")["warnings"])


def test_a_factor_change_is_recorded_once(store):
    """The same factors a second time give no event; a further edition records only its own difference."""
    event, _, plan = factor_change(store, "Test AS", factors(diesel=2.8, edition="2"))
    again, recalculations, same = factor_change(store, "Test AS", factors(diesel=2.8, edition="2"), plan=plan)
    assert again is None
    assert () == recalculations
    assert plan == same
    third, _, plan = factor_change(store, "Test AS", factors(diesel=3.0, edition="3"), plan=plan)
    assert pytest.approx(200.0) == third.effect["1"]  # 3.0 x 1000 L against 2.8 x 1000 recorded
    assert event.basis == third.basis == store.load("Test AS", 2019).summary_sha256


def test_events_of_a_replaced_base_year_are_not_applied(store):
    """An event calculated against a base-year account replaced since is stale: warned about, never applied."""
    _, _, plan = factor_change(store, "Test AS", factors(diesel=3.5, edition="2"))
    assert 9000.0 + 1000.0 == progress(store, "Test AS", plan=plan)["base_year_figures"]["total_kg_co2e"]
    store.save(account(2019, 1000, 10_000, 20_000, factors(diesel=3.5, edition="2")), replace=True)
    data = progress(store, "Test AS", plan=plan)
    assert (
        10_000.0 == data["base_year_figures"]["total_kg_co2e"]
    )  # the new account; the event not added again
    assert [] == data["recalculations"]
    assert any("replaced since" in w for w in data["warnings"])


def test_factor_unit_changing_between_years_changes_nothing(tmp_path):
    """The same kWh against a factor per kWh one year and per MWh the next: no activity, no factor term."""
    per_kwh = FactorSet.from_factors(
        [EmissionFactor("heat", "kWh", {"CO2": 0.1}, source="t", scope=2)], name="a", version="1"
    )
    per_mwh = FactorSet.from_factors(
        [EmissionFactor("heat", "MWh", {"CO2": 100.0}, source="t", scope=2)], name="a", version="2"
    )
    store = AccountStore(tmp_path / "store")
    for year, fs in ((2019, per_kwh), (2020, per_mwh)):
        lines = [Activity.of("heat", 1000, "kWh", year=year), Activity.of("heat", 2, "MWh", year=year)]
        store.save(calculate_inventory(lines, fs, organisation="Test AS"))
    d = progress(store, "Test AS")["years"][1]["decomposition"]
    assert d["activity_kg"] == pytest.approx(0.0, abs=1e-9)
    assert d["factor_kg"] == pytest.approx(0.0, abs=1e-9)


def test_structural_events_of_years_without_an_account_count(tmp_path, store):
    """An acquisition in 2020 explains part of a 2019 to 2021 change when 2020 has no account."""
    other = AccountStore(tmp_path / "other")
    other.save(account(2019, 1000, 10_000, 20_000))
    other.save(account(2021, 500, 12_000, 15_000))
    plan = Plan(events=(Event("acquisition", 2020, {"1": 300.0}),))
    assert 300.0 == progress(other, "Test AS", plan=plan)["years"][1]["decomposition"]["structural_kg"]


def test_factor_change_refuses_lost_lines(store):
    """Leaving out a factor source the base year was calculated with is refused, never recorded as a change."""
    without_flights = FactorSet.from_factors(
        [f for f in factors() if f.activity != "flight"], name="test", version="2"
    )
    with pytest.raises(
        OptionError, match=r"1 line\(s\) of the 2019 account that were calculated are unresolved"
    ):
        factor_change(store, "Test AS", without_flights)


# ---------------------------------------------------------------------------
# the text report (ghgcore.views.progress)


def test_text_report_in_english(store):
    """The years by scope in tonnes, the change against the previous and the base year, a target's path."""
    from ghgcore.views import format_progress

    target = parse_target("scopes=1+2;reduction=42;year=2030", base_year=2019)
    text = format_progress(progress(store, "Test AS", targets=[target]))
    lines = text.splitlines()
    assert "Progress: Test AS, base year 2019" == lines[0]
    assert "t CO2e (total: scope 1 + scope 2 market-based + scope 3)" in lines
    # 2019: diesel 2.5 t + refrigerant 0.5 t; grid 0.2 t / residual mix 4.0 t; flights 2.0 t
    assert re.search(r"^2019\s+3\.0\s+0\.2\s+4\.0\s+2\.0\s+9\.0\s+\+0\.0%$", text, re.M)
    # 2020: diesel 2.0 t + 0.5 t; flights 0.5 t; 7.0 t is 22.2 % below 9.0 t
    assert re.search(r"^2020\s+2\.5\s+0\.2\s+4\.0\s+0\.5\s+7\.0\s+-22\.2%\s+-22\.2%$", text, re.M)
    assert "Target 1+2 -42% by 2030: scopes 1+2 (market-based), -42% from 2019 by 2030 (t CO2e)" in lines
    assert re.search(r"^2021\s+6\.5\s+6\.5\s+off track$", text, re.M)
    assert "Change explained (t CO2e, LMDI)" in text


def test_text_report_in_norwegian(store):
    """The same report in Norwegian: labels from the catalogue, decimal commas, '%' after a space, years as they are."""
    from ghgcore.views import format_progress

    target = parse_target("scopes=1+2;reduction=42;year=2030", base_year=2019)
    text = format_progress(progress(store, "Test AS", targets=[target]), language="nb")
    lines = text.splitlines()
    assert "Utvikling: Test AS, basisår 2019" == lines[0]
    assert "t CO2e (totalt: scope 1 + markedsbasert scope 2 + scope 3)" in lines
    assert re.search(
        r"^år\s+scope 1\s+2 lokasjon\s+2 marked\s+scope 3\s+totalt\s+mot forrige\s+mot basisår$", text, re.M
    )
    assert re.search(r"^2020\s+2,5\s+0,2\s+4,0\s+0,5\s+7,0\s+-22,2\xa0%\s+-22,2\xa0%$", text, re.M)
    # the target's name is the plan's (here made by ghgcore.targets), not a label
    assert "Mål 1+2 -42% by 2030: scope 1+2 (markedsbasert), -42\xa0% fra 2019 innen 2030 (t CO2e)" in lines
    assert re.search(r"^2021\s+6,5\s+6,5\s+ikke i rute$", text, re.M)
    assert "Endringen forklart (t CO2e, LMDI)" in text
    assert "Progress" not in text


def test_text_report_unknown_language(store):
    """A language without a catalogue is an OptionError, not an English report."""
    from ghgcore.views import format_progress

    with pytest.raises(OptionError, match="language 'sv': no catalogue"):
        format_progress(progress(store, "Test AS"), language="sv")
