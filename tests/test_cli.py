"""End-to-end tests through the command line and the file formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ghgcore import __version__
from ghgcore.cli import main


def example_args(example_paths, *extra: str) -> list[str]:
    """The example's command: its activities and its own factors CSV, the default databases, plus `extra`."""
    activities, factors = example_paths
    return ["calculate", str(activities), str(factors), *extra]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ghgcore", *args], capture_output=True, text=True, check=False
    )


def test_version():
    """Ghgcore --version prints the version."""
    proc = run("--version")
    assert 0 == proc.returncode
    assert f"ghgcore {__version__}" == proc.stdout.strip()


def test_quick_start_example(example_paths):
    """The example with no flags: a table with every scope, the market-based year fallback disclosed, exit 0."""
    proc = run(*example_args(example_paths, "--organisation", "Eksempel AS"))
    assert 0 == proc.returncode, proc.stderr
    assert "Greenhouse-gas inventory: Eksempel AS, 2021 (GWP-100 AR6)" in proc.stdout
    assert "electricity, NO, 2021, market-based: the factor for NO 2020 (year fallback" in proc.stdout
    assert "unresolved" not in proc.stderr


def test_example_by_hand(example_paths, tmp_path):
    """Scope 2 of the example is 430 MWh x 0.00762 kg CO2/kWh (AIB 2020, Norway)."""
    out = tmp_path / "summary.json"
    assert 0 == main(example_args(example_paths, "--format", "json", "-o", str(out)))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert 430_000 * 0.00762 == pytest.approx(data["scopes"]["2_location"])
    # EXIOBASE spend factors are CO2e (AR5) per EUR: office machinery is capital goods (category 2)
    assert 150_000 * 0.4342 == pytest.approx(data["scope3_categories"]["2"])
    # 4 200 L of B7 from the fuels database: 7 % FAME at 2.36 kg biogenic CO2 per litre (BEIS 2021)
    assert 4200 * 0.07 * 2.36 == pytest.approx(data["biogenic_co2_kg"])
    # 2.5 kg of R-410A: half HFC-32, half HFC-125
    assert 1.25 == pytest.approx(data["gases"]["HFC-32"])
    assert (12, 12) == (data["lines"], data["calculated"])


def test_json_output_byte_identical(example_paths, tmp_path):
    """Two runs give the same bytes."""
    outputs = []
    for name in ("a.json", "b.json"):
        path = tmp_path / name
        assert 0 == main(example_args(example_paths, "--format", "json", "-o", str(path)))
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


def test_csv_output_one_row_per_line(example_paths, tmp_path):
    """--format csv writes every input line with its status and factor."""
    import pandas as pd

    out = tmp_path / "lines.csv"
    assert 0 == main(example_args(example_paths, "--format", "csv", "-o", str(out)))
    frame = pd.read_csv(out)
    assert 12 == len(frame)
    assert 12 == int((frame["status"] == "calculated").sum())
    assert {"line", "co2e_kg", "co2e_market_kg", "factor_id", "factor_set", "reason"} <= set(frame.columns)


def test_strict_exit_status(example_paths, tmp_path):
    """--strict fails when a line is unresolved; the example's lines all have exact factors."""
    assert 0 == main(example_args(example_paths, "--strict", "-o", os.devnull))
    extra = tmp_path / "more.csv"
    extra.write_text("activity,amount,unit,year\nunicorn,1,kg,2021\n", encoding="utf-8")
    assert 1 == main([*example_args(example_paths)[:3], str(extra), "--strict", "-o", os.devnull])
    assert 0 == main([*example_args(example_paths)[:3], str(extra), "-o", os.devnull])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["calculate", "missing.csv", "-f", "missing.csv"], "no such file"),
        (["calculate", "x.csv", "--strict", "--fallback", "year"], "--strict takes exact factors only"),
    ],
)
def test_bad_input_exit_2(args, message, tmp_path, monkeypatch, capsys):
    """Bad input: status 2 and a clear message, no traceback."""
    monkeypatch.chdir(tmp_path)
    assert 2 == main(args)
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_invalid_factor_file_lists_lines(tmp_path, capsys):
    """An invalid factors file: exit 2, the line and field named."""
    factors = tmp_path / "f.csv"
    factors.write_text("activity,unit,gas,value,value_unit,source\nx,kWh,CO2,abc,kg,s\n", encoding="utf-8")
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit,year\nx,1,kWh,2024\n", encoding="utf-8")
    assert 2 == main(["calculate", str(acts), "-f", str(factors)])
    assert "line 2, field 'value': got 'abc'" in capsys.readouterr().err


def test_no_year_needs_year_option(tmp_path, example_paths, capsys):
    """Lines without a year need --year: the CLI does not guess."""
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit\nelectricity,1,MWh\n", encoding="utf-8")
    factors = example_paths[1]
    assert 2 == main(["calculate", str(acts), "-f", str(factors)])
    assert "pass --year" in capsys.readouterr().err
    assert 0 == main(
        ["calculate", str(acts), "-f", str(factors), "--year", "2021", "-o", str(tmp_path / "o.txt")]
    )


def test_output_not_written_on_failure(tmp_path, example_paths):
    """A failing run leaves no output file behind."""
    out = tmp_path / "out.json"
    assert 2 == main(
        ["calculate", str(tmp_path / "missing.csv"), "-f", str(example_paths[1]), "-o", str(out)]
    )
    assert not out.exists()


def test_no_command_prints_help(capsys):
    """Ghgcore alone shows the help and fails."""
    assert 2 == main([])
    assert "calculate" in capsys.readouterr().err


def test_instruments_end_to_end(tmp_path):
    """--instruments: the market-based result uses the certificates; a duplicate certificate is refused."""
    factors = tmp_path / "f.csv"
    factors.write_text(
        "activity,unit,gas,value,value_unit,region,year,scope,method,source\n"
        "electricity,kWh,CO2,20,g,NO,2023,2,location,test grid\n"
        "electricity,kWh,CO2,400,g,NO,2023,2,market,test residual mix\n",
        encoding="utf-8",
    )
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit,region,year\nelectricity,100,MWh,NO,2023\n", encoding="utf-8")
    certs = tmp_path / "i.csv"
    certs.write_text(
        "id,amount,unit,rate,rate_unit,year,market\nGO-1,60,MWh,0,g/kWh,2023,NO\n", encoding="utf-8"
    )
    out = tmp_path / "s.json"
    assert 0 == main(
        [
            "calculate",
            str(acts),
            "-f",
            str(factors),
            "--instruments",
            str(certs),
            "--format",
            "json",
            "-o",
            str(out),
        ]
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (2000.0, 16000.0) == pytest.approx((data["scopes"]["2_location"], data["scopes"]["2_market"]))
    assert 60000.0 == data["instruments"][0]["allocated_kwh"]
    certs.write_text(certs.read_text(encoding="utf-8") + "GO-1,10,MWh,0,g/kWh,2023,NO\n", encoding="utf-8")
    assert 2 == main(
        ["calculate", str(acts), "-f", str(factors), "--instruments", str(certs), "-o", str(out)]
    )


def test_ledger_command_reconciles_the_official_example(tmp_path):
    """`ghgcore ledger` on the official SAF-T example: balanced, matching its declared totals."""
    from .test_ledger import EXAMPLE

    out = tmp_path / "r.json"
    assert 0 == main(["ledger", str(EXAMPLE), "--format", "json", "-o", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (True, True, 170) == (data["balanced"], data["matches_declared"], data["lines"])
    assert 2 == main(["ledger", str(tmp_path / "missing.xml")])


def test_uncertainty_monte_carlo_printed_and_stored(example_paths, tmp_path):
    """--uncertainty monte-carlo: the summary's intervals are the seeded Monte Carlo's, printed and stored alike."""
    store = tmp_path / "store"
    args = example_args(example_paths, "--organisation", "Eksempel AS", "--format", "json")
    proc = run(
        *args, "--uncertainty", "monte-carlo", "--samples", "3000", "--seed", "11", "--store", str(store)
    )
    assert 0 == proc.returncode, proc.stderr
    printed = json.loads(proc.stdout)["uncertainty"]
    assert ("monte-carlo", 3000, 11) == (printed["method"], printed["samples"], printed["seed"])
    again = json.loads(run(*args, "--uncertainty", "monte-carlo", "--samples", "3000", "--seed", "11").stdout)
    assert printed == again["uncertainty"]
    from ghgcore.store import AccountStore

    stored = AccountStore(store, create=False).load("Eksempel AS", 2021).summary["uncertainty"]
    assert printed == stored
    default = json.loads(run(*args).stdout)["uncertainty"]
    assert "approach1" == default["method"]
    assert printed["figures"]["total"]["value"] == default["figures"]["total"]["value"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--samples", "100"], "--samples and --seed go with --uncertainty monte-carlo"),
        (["--seed", "1"], "--samples and --seed go with --uncertainty monte-carlo"),
        (
            ["--uncertainty", "monte-carlo", "--samples", "1"],
            "--samples 1: expected a whole number of at least 2",
        ),
        (["--uncertainty", "monte-carlo", "--seed", "-1"], "--seed -1: expected a whole number of 0 or more"),
    ],
)
def test_uncertainty_options_checked(example_paths, extra, message):
    """Monte Carlo's options alone, too few samples or a negative seed: one line naming the option."""
    proc = run(*example_args(example_paths), *extra)
    assert 2 == proc.returncode
    assert f"ghgcore: error: {message}\n" == proc.stderr


def test_a_year_of_no_line_is_one_line_error(example_paths, tmp_path):
    """--year for which no line is given: exit 2 with one line naming the lines' years, and nothing stored."""
    store = tmp_path / "store"
    proc = run(*example_args(example_paths, "--year", "2030", "--store", str(store)))
    assert 2 == proc.returncode
    assert proc.stderr.startswith("ghgcore: error: year 2030: none of the ")
    assert "--year 2021" in proc.stderr
    assert 1 == len(proc.stderr.splitlines())
    accounts = store / "accounts"
    assert [] == (list(accounts.iterdir()) if accounts.exists() else [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["calculate", "x.csv", "--format", "jsn"],
            "ghgcore calculate: error: argument --format: invalid choice: 'jsn' (choose from 'table', 'json', "
            "'csv', 'html'); did you mean json? (see ghgcore calculate --help)",
        ),
        (
            ["calculat", "x.csv"],
            "did you mean calculate? (see ghgcore --help)",
        ),
        (
            ["report", "--store", "s"],
            "ghgcore report: error: the following arguments are required: --organisation, --year, --format "
            "(see ghgcore report --help)",
        ),
    ],
)
def test_option_mistakes_are_one_line(args, message):
    """A mistyped choice or a missing option: one line, the nearest choice suggested, no usage block."""
    proc = run(*args)
    assert 2 == proc.returncode
    assert 1 == len(proc.stderr.splitlines())
    assert message in proc.stderr


def test_output_dash_is_standard_output(example_paths, tmp_path, monkeypatch):
    """``-o -`` writes to standard output, as without -o, and makes no file named '-'."""
    monkeypatch.chdir(tmp_path)
    proc = run(*example_args(example_paths, "--format", "json", "-o", "-"))
    assert 0 == proc.returncode, proc.stderr
    assert (
        json.loads(proc.stdout)["total_kg_co2e"]
        == json.loads(run(*example_args(example_paths, "--format", "json")).stdout)["total_kg_co2e"]
    )
    assert not (tmp_path / "-").exists()
