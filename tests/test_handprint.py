"""Tests for ghgcore.handprint: spearhead projects' avoided emissions, reported apart from the inventory."""

from __future__ import annotations

import json
import math
import operator
import textwrap
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore.errors import OptionError, PlanError
from ghgcore.handprint import BASES, CONTRIBUTIONS, GATES, AvoidedEmissions, Gate, Gates, SpearheadProject
from ghgcore.units import get_registry

ALL_PASSED = Gates(
    climate_action_credibility=Gate(True, "SBTi-validated near-term target, 2023"),
    climate_science_alignment=Gate(True, "EU taxonomy: low-carbon transport"),
    contribution_legitimacy=Gate(True, "the shuttle is our service"),
)


def project(**changes: Any) -> SpearheadProject:
    """A rail shuttle replacing lorries: (0.074 - 0.004) kg/tkm x 2 000 000 tkm = 140 000 kg a year."""
    fields: dict[str, Any] = {
        "name": "Rail freight shuttle",
        "description": "Containers Oslo-Bergen by train",
        "solution": "containers by electric train",
        "reference": "the same containers by diesel lorry",
        "functional_unit": "one tonne-km of freight",
        "solution_kg_per_unit": 0.004,
        "reference_kg_per_unit": 0.074,
        "units": 2_000_000,
        "basis": "annual",
        "year": 2024,
        "contribution": "direct",
        "gates": ALL_PASSED,
        "source": "NTM 2023 factors",
    }
    return SpearheadProject(**{**fields, **changes})


# --------------------------------------------------------------------------
# the numbers


def test_annual_avoided_by_hand():
    """(0.074 - 0.004) kg CO2e/tkm x 2 000 000 tkm = 140 000 kg CO2e, labelled with the project."""
    avoided = project().avoided()
    assert 140_000.0 == pytest.approx(avoided.kg_co2e)
    assert "Rail freight shuttle" == avoided.label
    assert "Rail freight shuttle: 140,000 kg CO2e avoided (reported apart; never netted)" == str(avoided)


def test_lifetime_avoided_by_hand():
    """120 heat pumps sold, each 30 t (gas boiler) against 8 t over 15 years: 120 x 22 000 = 2 640 000 kg."""
    heat_pumps = project(
        name="Heat pumps",
        functional_unit="heating one house for 15 years",
        solution_kg_per_unit=8_000,
        reference_kg_per_unit=30_000,
        units=120,
        basis="lifetime",
        lifetime_years=15,
    )
    assert 2_640_000.0 == heat_pumps.avoided().kg_co2e
    assert 15.0 == heat_pumps.lifetime_years


def test_negative_avoided_is_allowed_and_warned():
    """A solution that emits more than its reference gives negative avoided emissions, and a warning says so."""
    worse = project(solution_kg_per_unit=0.1, reference_kg_per_unit=0.074, units=1000)
    assert -26.0 == pytest.approx(worse.avoided().kg_co2e)
    [warning] = worse.warnings()
    assert "emits more than the reference (0.1 against 0.074 kg CO2e per one tonne-km of freight)" in warning
    assert "negative, -26 kg CO2e" in warning


def test_zero_units_avoid_nothing():
    """No units sold: nothing avoided, and nothing to warn about."""
    assert 0.0 == project(units=0).avoided().kg_co2e
    assert [] == project(units=0).warnings()


# --------------------------------------------------------------------------
# AvoidedEmissions is not a number


@pytest.fixture
def avoided() -> AvoidedEmissions:
    """500 kg CO2e avoided."""
    return AvoidedEmissions(500.0, "shuttle")


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda a: 1_000_000.0 + a, id="inventory_total + avoided"),
        pytest.param(lambda a: a + 1.0, id="avoided + 1.0"),
        pytest.param(lambda a: 1 + a, id="int + avoided"),
        pytest.param(lambda a: a - 1.0, id="avoided - 1.0"),
        pytest.param(lambda a: 1.0 - a, id="1.0 - avoided"),
        pytest.param(lambda a: sum([a]), id="sum"),
        pytest.param(lambda a: math.fsum([a]), id="math.fsum"),
        pytest.param(lambda a: np.float64(1.0) + a, id="np.float64 + avoided"),
        pytest.param(lambda a: a + np.float64(1.0), id="avoided + np.float64"),
        pytest.param(lambda a: np.array([1.0, 2.0]) + a, id="ndarray + avoided"),
        pytest.param(lambda a: np.add(1.0, a), id="np.add"),
        pytest.param(lambda a: get_registry().Quantity(1.0, "kg") + a, id="pint kg + avoided"),
        pytest.param(lambda a: get_registry().Quantity(1.0, "") + a, id="pint dimensionless + avoided"),
        pytest.param(lambda a: a + get_registry().Quantity(1.0, "kg"), id="avoided + pint kg"),
        pytest.param(lambda a: float(a), id="float()"),
        pytest.param(lambda a: int(a), id="int()"),
        pytest.param(lambda a: operator.index(a), id="operator.index"),
        pytest.param(lambda a: a * 2, id="avoided * 2"),
    ],
)
def test_avoided_emissions_refuse_arithmetic_with_numbers(avoided, operation):
    """Avoided emissions never mix with numbers: every such operation is a TypeError."""
    with pytest.raises(TypeError):
        operation(avoided)


def test_no_number_protocols(avoided):
    """No __float__, __int__, __index__ or __radd__: nothing lets Python treat it as a number."""
    assert [] == [
        name for name in ("__float__", "__int__", "__index__", "__radd__") if hasattr(AvoidedEmissions, name)
    ]


def test_avoided_add_only_to_avoided(avoided):
    """Adding two avoided emissions adds kg and joins the labels; the same label is kept once."""
    both = avoided + AvoidedEmissions(250.0, "heat pumps")
    assert AvoidedEmissions(750.0, "shuttle + heat pumps") == both
    assert AvoidedEmissions(1000.0, "shuttle") == avoided + avoided
    assert AvoidedEmissions(750.0, "shuttle") == avoided + AvoidedEmissions(250.0)


def test_total_sums_exactly_and_refuses_numbers():
    """total() sums with math.fsum (ten 0.1 make 1.0), gives 0 for none, and refuses a plain number."""
    assert AvoidedEmissions(1.0, "all") == AvoidedEmissions.total([AvoidedEmissions(0.1)] * 10, "all")
    assert 0.0 == AvoidedEmissions.total(iter([])).kg_co2e
    with pytest.raises(TypeError, match=r"item 2 is 5\.0; expected AvoidedEmissions"):
        AvoidedEmissions.total([AvoidedEmissions(1.0), 5.0])  # type: ignore[list-item]


def test_avoided_emissions_must_be_a_finite_number():
    """A non-finite amount is an OptionError; a string, a bool or a pint quantity a TypeError."""
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(OptionError, match="expected a finite number of kg CO2e"):
            AvoidedEmissions(bad)
    for wrong in ("500", True, get_registry().Quantity(500.0, "kg")):
        with pytest.raises(TypeError, match="expected a number of kg CO2e"):
            AvoidedEmissions(wrong)
    assert isinstance(AvoidedEmissions(np.float64(2.5)).kg_co2e, float)
    assert 3.0 == AvoidedEmissions(3).kg_co2e


def test_str_formats_thousands_and_negative_amounts():
    """str() rounds to whole kg with thousands separators, and says it is reported apart."""
    assert "1,234 kg CO2e avoided (reported apart; never netted)" == str(AvoidedEmissions(1234.4))
    assert "x: -5,000 kg CO2e avoided (reported apart; never netted)" == str(AvoidedEmissions(-5000, "x"))


def test_mypy_reports_float_plus_avoided(tmp_path):
    """Under --strict, mypy flags float + AvoidedEmissions and sum() of it; adding two avoided emissions passes."""
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        textwrap.dedent(
            """\
            from ghgcore.handprint import AvoidedEmissions

            avoided = AvoidedEmissions(500.0, "shuttle")
            both: AvoidedEmissions = avoided + AvoidedEmissions(1.0)
            netted = 1.0 + avoided
            summed = sum([avoided])
            """
        ),
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--hide-error-context",
            str(snippet),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert 1 == status, stdout + stderr
    assert [5, 6] == sorted({int(line.split(":")[1]) for line in errors}), stdout
    assert 'Unsupported operand types for + ("float" and "AvoidedEmissions")' in stdout


# --------------------------------------------------------------------------
# eligibility gates


def test_eligible_only_when_all_gates_pass():
    """Eligible with all three gates passed; one unanswered or failed gate makes it not eligible."""
    assert project().eligible
    assert [] == project().warnings()
    assert not project(gates=Gates()).eligible
    failed = Gates(
        climate_action_credibility=True, climate_science_alignment=False, contribution_legitimacy=True
    )
    assert not project(gates=failed).eligible


def test_warnings_name_unanswered_and_failed_gates():
    """A sentence per gate: not answered, or failed; passed gates say nothing."""
    gates = Gates(
        climate_action_credibility=True, climate_science_alignment=Gate(False, "extends a gas grid")
    )
    assert [
        "Gate 2: latest climate science alignment is failed: the solution fits a 1.5 °C pathway and locks "
        "in no fossil fuel use. The project is not eligible for an avoided-emissions claim.",
        "Gate 3: contribution legitimacy is not answered: the solution contributes to the avoided emissions, "
        "directly or as an essential enabler, with evidence. Avoided emissions are claimed only once all "
        "three gates are passed.",
    ] == project(gates=gates).warnings()


def test_gates_take_booleans_for_gates_without_evidence():
    """True, False and None stand for gates without evidence; anything else is refused."""
    gates = Gates(climate_action_credibility=True, climate_science_alignment=None)
    assert Gate(True) == gates.climate_action_credibility
    assert Gate() == gates.climate_science_alignment
    with pytest.raises(TypeError, match="passed must be True, False or None"):
        Gate("yes")  # type: ignore[arg-type]
    assert ["climate_action_credibility", "climate_science_alignment", "contribution_legitimacy"] == [
        g[0] for g in GATES
    ]


# --------------------------------------------------------------------------
# validation


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"units": -3}, "field 'units': got -3.0, expected a finite number >= 0"),
        (
            {"solution_kg_per_unit": math.nan},
            "field 'solution_kg_per_unit': got nan, expected a finite number >= 0",
        ),
        (
            {"reference_kg_per_unit": "0.07"},
            "field 'reference_kg_per_unit': got '0.07', expected a finite number",
        ),
        ({"basis": "weekly"}, "field 'basis': got 'weekly', expected 'annual' or 'lifetime'"),
        (
            {"contribution": "indirect"},
            "field 'contribution': got 'indirect', expected 'direct' or 'enabling'",
        ),
        ({"year": 24}, "field 'year': got 24, expected a year such as 2027"),
        ({"name": " "}, "spearhead project, field 'name': got nothing, expected text, not empty"),
        ({"basis": "lifetime"}, "field 'lifetime_years': got nothing, expected the units' life in years"),
        ({"lifetime_years": 10}, "field 'lifetime_years': got 10.0, expected nothing .basis 'annual'"),
        (
            {"basis": "lifetime", "lifetime_years": 0},
            "field 'lifetime_years': got 0.0, expected a finite number > 0",
        ),
    ],
)
def test_constructor_names_the_field_and_what_was_expected(changes, message):
    """Bad arguments raise OptionError naming the project, the field, the value and what was expected."""
    with pytest.raises(OptionError, match=message):
        project(**changes)


def test_words_are_normalised():
    """Basis and contribution are read case-insensitively, without surrounding spaces."""
    p = project(basis=" Annual ", contribution="ENABLING")
    assert ("annual", "enabling") == (p.basis, p.contribution)
    assert ("annual", "lifetime") == BASES
    assert ("direct", "enabling") == CONTRIBUTIONS


# --------------------------------------------------------------------------
# plain values


def test_to_dict_is_plain_and_leaves_out_what_is_not_set():
    """to_dict gives JSON-able values with no None (TOML has no null); gates only as answered."""
    data = project(gates=Gates(climate_action_credibility=Gate(True, "SBTi"))).to_dict()
    assert {"climate_action_credibility": {"passed": True, "evidence": "SBTi"}} == data["gates"]
    assert "lifetime_years" not in data
    assert None not in data.values()
    assert data == json.loads(json.dumps(data))


def test_from_dict_reads_short_gates_and_lifetime():
    """Gates may be written as booleans; a lifetime project keeps its lifetime."""
    data = project(basis="lifetime", lifetime_years=15).to_dict()
    data["gates"] = {"climate_action_credibility": True, "climate_science_alignment": {"passed": False}}
    read = SpearheadProject.from_dict(data)
    assert 15.0 == read.lifetime_years
    assert Gates(climate_action_credibility=True, climate_science_alignment=False) == read.gates


def test_from_dict_names_one_problem():
    """One problem: a one-line PlanError naming the project, the field, the value and what was expected."""
    data = {**project().to_dict(), "units": "many"}
    with pytest.raises(PlanError) as info:
        SpearheadProject.from_dict(data)
    assert (
        "spearhead project 'Rail freight shuttle', field 'units': got 'many', expected a finite number >= 0 "
        "(functional units sold or in use in the year)"
    ) == str(info.value)


def test_from_dict_lists_every_problem():
    """Several problems are listed together: unknown fields, wrong types, a bad gate, a missing lifetime."""
    data = {
        **project().to_dict(),
        "lifetime_year": 15,
        "basis": "lifetime",
        "year": "2024-ish",
        "gates": {
            "climate_action_credibility": "yes",
            "contribution_legitimacy": {"passed": 1, "evidence": 3},
        },
    }
    with pytest.raises(PlanError) as info:
        SpearheadProject.from_dict(data)
    lines = str(info.value).splitlines()
    assert "6 problems in spearhead project 'Rail freight shuttle':" == lines[0]
    where = "  spearhead project 'Rail freight shuttle'"
    assert [
        f"{where}: unknown field 'lifetime_year'; expected only 'name', 'description', 'solution', 'reference', "
        "'functional_unit', 'solution_kg_per_unit', 'reference_kg_per_unit', 'units', 'basis', 'year', "
        "'contribution', 'gates', 'lifetime_years', 'source'",
        f"{where}, field 'year': got '2024-ish', expected a year such as 2027 (a whole number between 1900 and 2200)",
        f"{where}, field 'lifetime_years': got nothing, expected the units' life in years (basis 'lifetime' "
        "counts the whole life of the units sold in the year)",
        f"{where}, field 'gates.climate_action_credibility': got 'yes', expected true, false or "
        '{"passed": ..., "evidence": "..."}',
        f"{where}, field 'gates.contribution_legitimacy.passed': got 1, expected true, false or nothing "
        "(not answered)",
        f"{where}, field 'gates.contribution_legitimacy.evidence': got 3, expected text",
    ] == lines[1:]


def test_from_dict_refuses_what_is_not_a_mapping():
    """A list where a project's table belongs: a PlanError, never an AttributeError."""
    with pytest.raises(
        PlanError, match=r"spearhead project: got \[1, 2\], expected a mapping of field names"
    ):
        SpearheadProject.from_dict([1, 2])  # type: ignore[arg-type]


def test_from_dict_refuses_booleans_for_numbers():
    """JSON true is not a number of units (bool is an int in Python)."""
    with pytest.raises(PlanError, match="field 'units': got True"):
        SpearheadProject.from_dict({**project().to_dict(), "units": True})


# --------------------------------------------------------------------------
# round trips

texts = st.text(max_size=30)
kg = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)
gate_values = st.builds(Gate, st.sampled_from([None, True, False]), texts)


@st.composite
def projects(draw: st.DrawFn) -> SpearheadProject:
    """Valid projects with any text, numbers, basis and gate answers."""
    basis = draw(st.sampled_from(BASES))
    return SpearheadProject(
        name=draw(texts.filter(str.strip)),
        description=draw(texts),
        solution=draw(texts),
        reference=draw(texts),
        functional_unit=draw(texts),
        solution_kg_per_unit=draw(kg),
        reference_kg_per_unit=draw(kg),
        units=draw(kg),
        basis=basis,
        lifetime_years=draw(st.floats(0.5, 100)) if basis == "lifetime" else None,
        year=draw(st.integers(1990, 2100)),
        contribution=draw(st.sampled_from(CONTRIBUTIONS)),
        gates=Gates(
            climate_action_credibility=draw(gate_values),
            climate_science_alignment=draw(gate_values),
            contribution_legitimacy=draw(gate_values),
        ),
        source=draw(texts),
    )


@given(projects())
def test_round_trip_through_json(p):
    """to_dict, JSON text and from_dict give back the same project."""
    assert p == SpearheadProject.from_dict(json.loads(json.dumps(p.to_dict())))


@given(projects())
def test_avoided_is_reference_minus_solution_times_units(p):
    """avoided() is (reference - solution) x units; eligibility is all gates passed; negative results warn."""
    expected = (p.reference_kg_per_unit - p.solution_kg_per_unit) * p.units
    assert expected == p.avoided().kg_co2e
    gates = (
        p.gates.climate_action_credibility,
        p.gates.climate_science_alignment,
        p.gates.contribution_legitimacy,
    )
    assert all(g.passed is True for g in gates) == p.eligible
    assert sum(g.passed is not True for g in gates) + (expected < 0) == len(p.warnings())


@given(st.lists(st.floats(-1e9, 1e9), max_size=20))
def test_total_is_fsum(values):
    """total() is math.fsum of the parts, in any order."""
    parts = [AvoidedEmissions(v) for v in values]
    assert math.fsum(values) == AvoidedEmissions.total(parts).kg_co2e
    assert AvoidedEmissions.total(parts) == AvoidedEmissions.total(reversed(parts))
