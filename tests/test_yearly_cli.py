"""The yearly cycle through the command line: calculate --store, plan, recalculate, progress, store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nordlys-as"
NAME = "Nordlys Logistikk AS"
METRICS = {2019: ("38", "61.0"), 2020: ("36", "57.2"), 2021: ("44", "70.4"), 2022: ("47", "79.9")}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ghgcore", *args], capture_output=True, text=True, check=False
    )


def calculate(store: Path, year: int, *extra: str) -> subprocess.CompletedProcess[str]:
    inputs = sorted(str(p) for p in (EXAMPLE / str(year)).iterdir())
    employees, revenue = METRICS[year]
    # DESNZ 2021 is the oldest travel edition shipped: flights of 2019 and 2020 take it, a later year, when asked
    fallback = ["--fallback", "year"] if year < 2021 else []
    return run(
        "calculate", *inputs, "--organisation", NAME, "--store", str(store), "--metric", f"employees={employees}",
        "--metric", f"revenue={revenue} MNOK", "--format", "json", *fallback, *extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The example's four years calculated and stored, its plan stored, the corrected heat figure assessed."""
    store = tmp_path_factory.mktemp("yearly") / "store"
    for year in METRICS:
        proc = calculate(store, year)
        assert 0 == proc.returncode, proc.stderr
        assert f"saved {NAME}'s account for {year}" in proc.stderr
    proc = run("plan", "--store", str(store), "--organisation", NAME, str(EXAMPLE / "plan.toml"))
    assert 0 == proc.returncode, proc.stderr
    proc = run(
        "recalculate", "--store", str(store), "--organisation", NAME,
        "--factor-file", str(EXAMPLE / "district-heating-2019-corrected.csv"), "--year", "2022",
        "--description", "the supplier corrected its 2019 declaration",
    )  # fmt: skip
    assert 0 == proc.returncode, proc.stderr
    assert "base year recalculated in 2022" in proc.stdout
    return store


def progress_json(store: Path, *extra: str) -> dict:
    proc = run("progress", "--store", str(store), "--organisation", NAME, "--format", "json", *extra)
    assert 0 == proc.returncode, proc.stderr
    return json.loads(proc.stdout)


def test_stored_summary_is_the_printed_one(store, tmp_path):
    """The JSON summary printed by calculate and the stored account's summary are the same bytes."""
    from ghgcore.store import AccountStore

    other = tmp_path / "other"
    proc = calculate(other, 2022)
    assert 0 == proc.returncode, proc.stderr
    assert proc.stdout == AccountStore(other).load(NAME, 2022).summary_json


def test_progress_contract(store):
    """Progress --format json has every key of the contract, oldest year first."""
    data = progress_json(store)
    assert NAME == data["organisation"]
    assert 2019 == data["base_year"]
    assert [2019, 2020, 2021, 2022] == [y["year"] for y in data["years"]]
    for year in data["years"]:
        assert {"1", "2_location", "2_market", "3"} <= set(year["scopes"])
        s = year["scopes"]
        assert pytest.approx(s["1"] + s["2_market"] + s["3"]) == year["total_kg_co2e"]
        assert {"employees", "revenue"} == set(year["intensity"])
        assert (
            pytest.approx(year["total_kg_co2e"] / float(METRICS[year["year"]][0]))
            == year["intensity"]["employees"]
        )
    first, second = data["years"][:2]
    assert first["change_kg"] is None
    assert first["change_percent"] is None
    assert pytest.approx(second["total_kg_co2e"] - first["total_kg_co2e"]) == second["change_kg"]
    names = [t["name"] for t in data["targets"]]
    assert ["sbti-1.5", "fossil-free-2030"] == names
    for target in data["targets"]:
        assert {"name", "scopes", "base_year", "target_year", "reduction_percent", "path", "on_track"} <= set(
            target
        )
        assert {"2019", "2020", "2021", "2022", "2030"} == set(target["path"])
    (recalc,) = data["recalculations"]
    assert ["acquisition", "factors"] == [e["kind"] for e in recalc["events"]]


def test_decomposition_adds_up_and_structural_is_the_acquisition(store):
    """Each year's change is activity + factor + structural; 2021 holds the acquisition."""
    for year in progress_json(store)["years"][1:]:
        d = year["decomposition"]
        assert (
            pytest.approx(year["change_kg"], abs=1e-6)
            == d["activity_kg"] + d["factor_kg"] + d["structural_kg"]
        )
    by_year = {y["year"]: y for y in progress_json(store)["years"]}
    assert 8000.0 == by_year[2021]["decomposition"]["structural_kg"]


def test_targets_on_the_command_line_and_saved(store, tmp_path):
    """--target replaces the stored targets for one report; --save stores them in the plan."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    data = progress_json(copy, "--target", "scopes=1+2+3;reduction=70;year=2030;name=-70 % by 2030")
    (target,) = data["targets"]
    assert "-70 % by 2030" == target["name"]
    assert pytest.approx(data["base_year_figures"]["total_kg_co2e"] * 0.3) == target["path"]["2030"]
    proc = run("progress", "--store", str(copy), "--organisation", NAME, "--target", "sbti-wb2c", "--save")
    assert 0 == proc.returncode, proc.stderr
    assert ["sbti-wb2c"] == [t["name"] for t in progress_json(copy)["targets"]]
    assert ["acquisition", "factors"] == [
        e["kind"] for e in progress_json(copy)["events"]
    ]  # the rest of the plan kept


def test_replace_needs_the_flag(store, tmp_path):
    """Calculating a stored year again fails before calculating; with --replace it is replaced and logged."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    proc = calculate(copy, 2022, "--year", "2022")
    assert 2 == proc.returncode
    assert "has an account for 2022 already; replace it explicitly (--replace)" in proc.stderr
    assert "" == proc.stdout
    proc = calculate(copy, 2022, "--replace", "--note", "new fuel card data")
    assert 0 == proc.returncode, proc.stderr
    log = run("store", "--store", str(copy), "--log")
    entries = [json.loads(line) for line in log.stdout.splitlines()]
    assert "replaced" == entries[-1]["action"]
    assert "new fuel card data" == entries[-1]["note"]


def test_store_listing(store):
    """Ghgcore store lists the organisations, their years and latest total."""
    proc = run("store", "--store", str(store))
    assert 0 == proc.returncode, proc.stderr
    assert NAME in proc.stdout
    assert "2019, 2020, 2021, 2022" in proc.stdout


def test_text_report(store):
    """The table report shows the years, the causes, targets, the commitment and the handprint apart."""
    proc = run("progress", "--store", str(store), "--organisation", NAME)
    assert 0 == proc.returncode, proc.stderr
    for text in ("Change explained", "Target sbti-1.5", "Commitment C1", "Handprint", "never subtracted"):
        assert text in proc.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("progress", "--organisation", "Nobody AS"), "no organisation 'Nobody AS'"),
        (
            ("progress", "--organisation", NAME, "--target", "scopes=1+4;reduction=10;year=2030"),
            "unknown scope '4'",
        ),
        (
            ("progress", "--organisation", NAME, "--target", "sbti-1.5", "--base-year", "2010"),
            "no account for 2010",
        ),
        (("progress", "--organisation", NAME, "--save"), "--save stores the --target targets"),
        (
            ("calculate", str(EXAMPLE / "2022" / "activities.csv"), "--metric", "employees"),
            "expected NAME=QUANTITY",
        ),
        (("calculate", str(EXAMPLE / "2022" / "activities.csv"), "--metric", "x=1"), "go with --store"),
    ],
)
def test_errors_are_one_line(store, args, message):
    """Bad options and unknown names: status 2, one line naming what was expected, no traceback."""
    extra = (
        ["--store", str(store)] if args[0] == "progress" or ("--metric" in args and "x=1" not in args) else []
    )
    proc = run(*args, *extra)
    assert 2 == proc.returncode
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert 1 == len(proc.stderr.strip().splitlines())


def test_bad_plan_file_names_the_place(store, tmp_path):
    """A plan with a bad field names the file, the table and the field."""
    bad = tmp_path / "plan.toml"
    bad.write_text(
        'base_year = 2019\n[[targets]]\nspec = "sbti-1.5"\n[[events]]\nkind = "takeover"\nyear = 2021\n'
    )
    proc = run("plan", "--store", str(store), "--organisation", NAME, str(bad))
    assert 2 == proc.returncode
    assert f"{bad}, events #1, field 'kind': got 'takeover'" in proc.stderr
    proc = run("plan", "--store", str(store), "--organisation", NAME, str(tmp_path / "missing.toml"))
    assert 2 == proc.returncode
    assert "cannot be read" in proc.stderr


def test_plan_and_recalculate_refusals(store, tmp_path):
    """A plan of another organisation, a bad --year, an unknown organisation's plan: one line, status 2."""
    other = tmp_path / "other.toml"
    other.write_text('organisation = "Other AS"\nbase_year = 2019\n')
    cases = [
        (
            ("plan", "--organisation", NAME, str(other)),
            "the plan of 'Other AS', not of 'Nordlys Logistikk AS'",
        ),
        (("recalculate", "--organisation", NAME, "--year", "99999"), "--year 99999: expected a year"),
        (("plan", "--organisation", "Nobody AS"), "no organisation 'Nobody AS'"),
    ]
    for args, message in cases:
        proc = run(*args, "--store", str(store))
        assert 2 == proc.returncode, args
        assert message in proc.stderr
        assert 1 == len(proc.stderr.strip().splitlines())


def test_recalculating_twice_records_nothing_new(store, tmp_path):
    """The corrected figure a second time: nothing to record, the plan unchanged."""
    proc = run(
        "recalculate", "--store", str(store), "--organisation", NAME,
        "--factor-file", str(EXAMPLE / "district-heating-2019-corrected.csv"), "--dry-run",
    )  # fmt: skip
    assert 0 == proc.returncode, proc.stderr
    assert "nothing to record" in proc.stdout
