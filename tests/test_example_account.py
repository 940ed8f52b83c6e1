"""The worked example examples/eksempel-as: a fictional company's 2023 and 2024 accounts, with no flags.

Each year's folder holds a SAF-T Financial file, an activities CSV and a
factors CSV with the district-heating supplier's figure; `ghgcore calculate
examples/eksempel-as/YEAR/*` must calculate or exclude every line, disclose
the year fallbacks, report scope 2 both ways and leave out the spend that
activity data cover. The expected numbers are worked out here by hand from
the input files and the factors the databases report, not copied from a run.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

from ghgcore.cli import main
from ghgcore.gases import get_gwp_set
from ghgcore.money import ExchangeRates
from ghgcore.resolution import Fallback
from ghgcore.sources import lookup

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "eksempel-as"
YEARS = (2023, 2024)
SAFT_NS = "{urn:StandardAuditFile-Taxation-Financial:NO}"


def inputs(year: int) -> list[str]:
    """The year's files in the order the shell's glob gives them (`YEAR/*`)."""
    return sorted(str(p) for p in (EXAMPLE / str(year)).iterdir() if p.is_file())


@functools.cache
def run(year: int, fmt: str = "json", order: tuple[str, ...] | None = None) -> tuple[int, str, str]:
    """`ghgcore calculate FILES --format FMT` (no other flag): exit status, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    files = list(order) if order is not None else inputs(year)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["calculate", *files, "--format", fmt])
    return status, out.getvalue(), err.getvalue()


def summary(year: int) -> dict:
    status, out, err = run(year)
    assert 0 == status, err
    return json.loads(out)


def rows(year: int) -> dict[str, dict[str, str]]:
    """The per-line CSV output of the activity lines, by their id."""
    status, out, err = run(year, "csv")
    assert 0 == status, err
    return {r["id"]: r for r in csv.DictReader(io.StringIO(out)) if r["input"].endswith("activities.csv")}


def activities(year: int) -> dict[str, dict[str, str]]:
    with open(EXAMPLE / str(year) / "activities.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def ledger_lines(year: int) -> list[tuple[str, float]]:
    """(account, debit minus credit) of every posting line, read from the SAF-T file directly."""
    root = ET.parse(EXAMPLE / str(year) / "ledger.xml").getroot()
    out = []
    for line in root.iter(f"{SAFT_NS}Line"):
        debit = line.findtext(f"{SAFT_NS}DebitAmount/{SAFT_NS}Amount")
        credit = line.findtext(f"{SAFT_NS}CreditAmount/{SAFT_NS}Amount")
        out.append((line.findtext(f"{SAFT_NS}AccountID"), float(debit or 0) - float(credit or 0)))
    return out


def net(year: int, accounts) -> float:
    return sum(amount for account, amount in ledger_lines(year) if account in accounts)


def co2e(factor, amount: float) -> float:
    """Amount x the factor's gases weighted with the AR6 GWP-100 values (the default)."""
    gwp = get_gwp_set("AR6")
    return amount * sum(value * (1.0 if gas == "CO2e" else gwp[gas]) for gas, value in factor.gases.items())


def answer(database: str, activity: str, region: str, year: int, *, market: bool = False):
    """The factor a database reports for a line, with the default fallback of a calculation."""
    found = lookup(database, activity, region=region, year=year, fallback=Fallback.default())
    hits = [a for a in found.answers if a.market == market]
    assert hits, f"{database} has no {'market' if market else 'location'}-based answer for {activity}"
    assert hits[0].factor is not None, hits[0].reason
    return hits[0]


@pytest.mark.parametrize("year", YEARS)
def test_calculates_with_no_flags(year):
    """Every line is calculated or excluded with a reason; the year and organisation come from the files."""
    data = summary(year)
    assert [] == data["unresolved"]
    assert year == data["year"]
    assert "Eksempel AS" == data["organisation"]  # the SAF-T header's company name
    excluded = sum(item["lines"] for item in data["excluded"])
    assert data["lines"] == data["calculated"] + excluded
    assert all(item["reason"] for item in data["excluded"])
    assert data["scopes"]["1"] > 0
    assert data["scopes"]["2_location"] > 0
    assert data["scopes"]["2_market"] > 0
    assert data["scopes"]["3"] > 0
    assert 0 == data["scope2_lines"]["scope2_location_fallback"]  # every scope 2 line has a market factor


@pytest.mark.parametrize("year", YEARS)
def test_input_order_does_not_matter(year):
    """The inputs are told apart by content: any order of the files gives the same summary."""
    files = inputs(year)
    assert 4 == len(files)
    first = run(year)[1]
    assert first == run(year, order=tuple(reversed(files)))[1]
    assert first == run(year, order=tuple(files[1:] + files[:1]))[1]


@pytest.mark.parametrize("year", YEARS)
def test_fallbacks_disclosed(year):
    """The factors from another year or region are in the summary and under their heading in the report."""
    data = summary(year)
    assert data["fallbacks"]
    status, text, _ = run(year, "table")
    assert 0 == status
    assert "Factors from another year or region" in text
    section = text.split("Factors from another year or region", 1)[1]
    for item in data["fallbacks"]:
        line = f"{item['activity']}, {item['region'] or 'no region'}, {item['year']}, {item['basis']}-based:"
        assert line in section, line
    kinds = {(item["activity"], item["kind"]) for item in data["fallbacks"]}
    assert ("goods_for_resale", "year") in kinds  # EXIOBASE 2019 factors, valid for bookings to 2021
    assert ("flight_domestic", "year") in kinds  # DESNZ 2021
    assert ("hotel_night", "year") in kinds
    # the Oslo office is in bidding zone NO1, which takes Norway's figure
    assert {"region", "region+year"} & {k for a, k in kinds if a == "electricity"}


@pytest.mark.parametrize("year", YEARS)
def test_hybrid_rule(year):
    """The spend on electricity, district heating and fuel is left out: kWh and litres cover it."""
    data = summary(year)
    hybrid = {item["category"]: item for item in data["hybrid"] if item["year"] == year}
    covered = {"electricity": ("6340",), "heating": ("6345",), "fuel_vehicles": ("7000",)}
    excluded = {item["reason"]: item for item in data["excluded"]}
    for category, accounts in covered.items():
        decision = hybrid[category]
        assert decision["excluded"], decision
        assert decision["calculated"] >= 1
        assert "covered by activity data" in decision["reason"]
        item = excluded[decision["reason"]]  # the ledger lines left out, with that reason
        assert net(year, accounts) == pytest.approx(item["amount"]["NOK"])
        assert "activity" == data["spend"]["categories"][category]["method"]
    assert {"diesel", "petrol"} == set(hybrid["fuel_vehicles"]["activities"])
    assert "spend" == data["spend"]["categories"]["goods_for_resale"]["method"]


@pytest.mark.parametrize(("category", "account"), [
    ("air_travel", "7141"), ("hotels", "7142"), ("car_allowance", "7100"), ("waste", "6320"),
])  # fmt: skip
def test_hybrid_rule_travel_and_waste(category, account):
    """Flights, hotel nights, employees' car km and waste by material cover the spend booked for them.

    Flights and hotels are on accounts of their own, mapped by the example's accounts.csv.
    """
    data = summary(2023)
    assert net(2023, (account,)) > 0
    assert "activity" == data["spend"]["categories"][category]["method"]


@pytest.mark.parametrize("year", YEARS)
def test_reconciliation(year):
    """Net per account class 1-8, and the operating costs (accounts 4000-7999) summed from the file itself."""
    (ledger,) = summary(year)["reconciliation"]["ledgers"]
    assert ledger["balanced"] is True
    assert ledger["matches_declared"] is True
    assert ledger["period"]["full_year"] is True
    assert "999999999" == ledger["registration_number"]
    lines = ledger_lines(year)
    assert len(lines) == ledger["lines"]
    for cls in "12345678":
        assert sum(a for acc, a in lines if acc[0] == cls) == pytest.approx(
            ledger["net_by_class"][cls], abs=0.005
        )
    costs = sum(a for acc, a in lines if 4000 <= int(acc) <= 7999)
    assert costs == pytest.approx(ledger["costs_4_to_7"], abs=0.005)
    assert 0 == pytest.approx(sum(a for _, a in lines), abs=0.005)


@pytest.mark.parametrize("year", YEARS)
def test_district_heating_by_hand(year):
    """The district-heating line uses the supplier's figure from the year's factors CSV: kWh x g/kWh."""
    with open(EXAMPLE / str(year) / "district-heating.csv", encoding="utf-8", newline="") as f:
        factors = list(csv.DictReader(f))
    assert {"location", "market"} == {r["method"] for r in factors}
    grams = {float(r["value"]) for r in factors}
    assert 1 == len(grams)
    assert {"g"} == {r["value_unit"] for r in factors}
    line_id = f"heat-oslo-{year}"
    kwh = float(activities(year)[line_id]["amount"])
    row = rows(year)[line_id]
    assert "calculated" == row["status"]
    assert row["factor_set"].startswith("district-heating")
    assert "2" == row["scope"]
    assert kwh * grams.pop() / 1000 == pytest.approx(float(row["co2e_kg"]))
    assert float(row["co2e_kg"]) == pytest.approx(float(row["co2e_market_kg"]))


@pytest.mark.parametrize("year", YEARS)
def test_one_line_per_database_by_hand(year):
    """Diesel (fuels, Norway's national factor), electricity (grid), a flight and hotel nights (travel)."""
    lines, out = activities(year), rows(year)

    # fuels: the vans' diesel in Norway takes Miljødirektoratet's national factor, an exact match
    diesel = answer("fuels", "diesel", "NO", year)
    assert "NO" == diesel.factor.region
    assert "exact" == diesel.match
    litres = float(lines[f"vans-diesel-{year}"]["amount"])
    assert co2e(diesel.factor, litres) == pytest.approx(float(out[f"vans-diesel-{year}"]["co2e_kg"]))
    assert "exact" == out[f"vans-diesel-{year}"]["match"]

    # grid: both bases, for the site in Norway and for the one in bidding zone NO1
    for line_id, region in ((f"meter-bergen-{year}", "NO"), (f"meter-oslo-{year}", "NO-NO1")):
        kwh = float(lines[line_id]["amount"])
        assert region == lines[line_id]["region"]
        location = answer("grid", "electricity", region, year)
        market = answer("grid", "electricity", region, year, market=True)
        assert co2e(location.factor, kwh) == pytest.approx(float(out[line_id]["co2e_kg"]))
        assert co2e(market.factor, kwh) == pytest.approx(float(out[line_id]["co2e_market_kg"]))

    # travel: a flight without radiative forcing, and hotel nights in Germany
    flight = answer("travel", "flight_short_haul_economy", "", year)
    pkm = float(lines[f"flights-europe-{year}"]["amount"])
    assert co2e(flight.factor, pkm) == pytest.approx(float(out[f"flights-europe-{year}"]["co2e_kg"]))
    hotel = answer("travel", "hotel_night", "DE", year)
    nights = float(lines[f"hotels-de-{year}"]["amount"])
    assert co2e(hotel.factor, nights) == pytest.approx(float(out[f"hotels-de-{year}"]["co2e_kg"]))


@pytest.mark.parametrize("year", YEARS)
def test_spend_line_by_hand(year):
    """Rent (6300): NOK of the year to 2019 prices by the KPI, to EUR at 2019's rate, x the spend factor."""
    kpi_file = resources.files("ghgcore_spend") / "data" / "kpi.csv"
    kpi_rows = csv.DictReader(
        line for line in kpi_file.read_text("utf-8").splitlines() if not line.startswith("#")
    )
    kpi = {int(r["year"]): float(r["index"]) for r in kpi_rows}
    rate = ExchangeRates.ecb().per_base("NOK", 2019)[0]
    factor = answer("spend", "rent_premises", "NO", year).factor
    rent = net(year, ("6300",))
    expected = co2e(factor, rent * kpi[2019] / kpi[year] / rate)
    assert expected == pytest.approx(summary(year)["spend"]["categories"]["rent_premises"]["kg_co2e"])


def test_command_line_as_documented():
    """`python -m ghgcore calculate examples/eksempel-as/2024/*`: exit 0, no unresolved line."""
    proc = subprocess.run(
        [sys.executable, "-m", "ghgcore", "calculate", *inputs(2024)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert 0 == proc.returncode, proc.stderr
    assert "Greenhouse-gas inventory: Eksempel AS, 2024" in proc.stdout
    assert "0 unresolved" in proc.stdout
    assert "Unresolved lines" not in proc.stdout
    assert "Factors from another year or region" in proc.stdout


@pytest.mark.parametrize("year", [2023, 2024])
def test_readme_output_is_the_current_output(year):
    """Every figure and count line of the example README's abbreviated output is in today's report, as shown."""
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    start = text.index(f"Greenhouse-gas inventory: Eksempel AS, {year}")
    block = text[start : text.index("```", start)]
    code, out, err = run(year, "table")
    assert 0 == code, err
    shown = [
        line
        for line in block.splitlines()
        if line.startswith(("Scope", "Total", "Lines:", "  1. ", "  5. ", "  6. ", "  8. "))
    ]
    assert len(shown) >= 8
    assert [] == [line for line in shown if line not in out.splitlines()]
