"""Standard reports: every number of every report is the summary's (or the progress report's) figure."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from ghgcore import calculate_inventory
from ghgcore.decomposition import CDP_REASONS
from ghgcore.errors import OptionError
from ghgcore.figures import CATEGORY_NAMES
from ghgcore.i18n import language
from ghgcore.store import Metric
from ghgcore.views._base import disclosures
from ghgcore.views.reports import (
    CSV_COLUMNS,
    cdp_c6_10,
    cdp_c7_9a,
    datapoints_csv,
    esrs_e1_6,
    klimaregnskap_html,
    klimaregnskap_pdf,
    latin1,
    revenue_from_ledgers,
    revenue_from_metrics,
    vsme_b3,
)

ROOT = Path(__file__).resolve().parent.parent
EKSEMPEL = ROOT / "examples" / "eksempel-as" / "2024"
NORDLYS = ROOT / "examples" / "nordlys-as"
NAME = "Nordlys Logistikk AS"


@pytest.fixture(scope="module")
def inventory():
    """The example wholesaler's 2024 account, calculated with the shipped databases."""
    return calculate_inventory(sorted(EKSEMPEL.iterdir()))


@pytest.fixture(scope="module")
def summary(inventory):
    """Its summary, read back from JSON as a stored account's would be."""
    return json.loads(json.dumps(inventory.summary()))


def resolve(summary, source):
    """The summary's figure at a ``source`` path such as ``scopes.2_market``."""
    value = summary
    for key in source.split("."):
        value = value[key]
    return value


def test_esrs_numbers_are_the_summary_in_tonnes(summary):
    """Every reported ESRS E1-6 emission is its source figure of the summary divided by 1000, exactly."""
    report = esrs_e1_6(summary, net_revenue=14_780_000, currency="NOK")
    emissions = [
        p for p in report["datapoints"].values() if p["unit"] == "tCO2e" and p["status"] == "reported"
    ]
    assert 8 <= len(emissions)
    for point in emissions:
        assert resolve(summary, point["source"]) / 1000.0 == point["value"], point["element"]
    assert "2024" == report["period"]
    assert {p["period"] for p in report["datapoints"].values()} == {"2024"}


def test_esrs_scope_datapoints(summary):
    """The four gross scopes and both totals carry the summary's figures under their element names."""
    points = esrs_e1_6(summary)["datapoints"]
    expected = {
        "esrs:GrossScope1GreenhouseGasEmissions": summary["scopes"]["1"] / 1000,
        "esrs:GrossLocationBasedScope2GreenhouseGasEmissions": summary["scopes"]["2_location"] / 1000,
        "esrs:GrossMarketBasedScope2GreenhouseGasEmissions": summary["scopes"]["2_market"] / 1000,
        "esrs:GrossScope3GreenhouseGasEmissions": summary["scopes"]["3"] / 1000,
        "esrs:LocationBasedGreenhouseGasEmissions": summary["total_location_based_kg_co2e"] / 1000,
        "esrs:MarketBasedGreenhouseGasEmissions": summary["total_kg_co2e"] / 1000,
    }
    assert expected == {key: points[key]["value"] for key in expected}
    assert {"tCO2e"} == {points[key]["unit"] for key in expected}


def test_esrs_categories_default_to_those_with_emissions(summary):
    """Without a choice, each scope 3 category with emissions is a datapoint on the category axis."""
    points = esrs_e1_6(summary)["datapoints"]
    with_emissions = [c for c in CATEGORY_NAMES if summary["scope3_categories"].get(c)]
    keys = [k for k in points if k.startswith("esrs:GrossScope3GreenhouseGasEmissions[")]
    assert [f"esrs:GrossScope3GreenhouseGasEmissions[{c}]" for c in with_emissions] == keys
    six = points["esrs:GrossScope3GreenhouseGasEmissions[6]"]
    assert summary["scope3_categories"]["6"] / 1000 == six["value"]
    assert "Category 6 Business travel" == six["member"]
    assert "Scope 3 GHG emissions category (GHG Protocol)" == six["axis"]


def test_esrs_significant_categories_given(summary):
    """Significant categories given (as numbers or 3.N) are the ones reported, in order, a zero one included."""
    points = esrs_e1_6(summary, significant_categories=["3.6", 1, "11"])["datapoints"]
    keys = [k for k in points if "[" in k]
    assert [f"esrs:GrossScope3GreenhouseGasEmissions[{c}]" for c in ("1", "6", "11")] == keys
    assert 0.0 == points["esrs:GrossScope3GreenhouseGasEmissions[11]"]["value"]
    with pytest.raises(OptionError, match="significant category '16'"):
        esrs_e1_6(summary, significant_categories=["16"])


def test_esrs_intensity_per_net_revenue(summary):
    """The intensities are the totals in tonnes per unit of the currency (a monetary intensity), per million beside."""
    report = esrs_e1_6(summary, net_revenue=14_780_000, currency="NOK")
    points = report["datapoints"]
    market = points["esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue"]
    location = points["esrs:GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue"]
    assert (summary["total_kg_co2e"] / 1000) / 14_780_000 == pytest.approx(market["value"], rel=1e-12)
    assert (summary["total_location_based_kg_co2e"] / 1000) / 14_780_000 == pytest.approx(
        location["value"], rel=1e-12
    )
    assert ("tCO2e per NOK", 9) == (market["unit"], market["decimals"])
    assert (summary["total_kg_co2e"] / 1000) / 14.78 == pytest.approx(market["value_per_million"], rel=1e-12)
    assert "tCO2e per million NOK" == market["unit_per_million"]
    assert 0.000013988 == round(market["value"], market["decimals"])  # five significant digits kept
    assert {"net_revenue": 14_780_000.0, "currency": "NOK", "reason": None} == report["denominator"]


@pytest.mark.parametrize("revenue", [None, 0])
def test_esrs_missing_revenue_is_missing_not_zero(summary, revenue):
    """Without net revenue (or with 0) the intensities are missing, with the reason, and no value."""
    points = esrs_e1_6(summary, net_revenue=revenue, currency="NOK")["datapoints"]
    for key in (
        "esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue",
        "esrs:GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue",
    ):
        assert "missing" == points[key]["status"]
        assert None is points[key]["value"]
        assert "net revenue" in points[key]["reason"]


def test_esrs_biogenic_per_scope(summary):
    """Biogenic CO2 of scopes 1, 2 (market-based, as the total) and 3 from the summary, in tonnes."""
    summary = {
        **summary,
        "biogenic_co2_by_scope_kg": {"1": 1250.0, "2_location": 7.0, "2_market": 30.0, "3": 5.5},
    }
    points = esrs_e1_6(summary)["datapoints"]
    biogenic = {k: p for k, p in points.items() if "Biogenic" in k}
    assert [1.25, 0.03, 0.0055] == [p["value"] for p in biogenic.values()]
    assert ["1", "2_market", "3"] == [p["source"].rsplit(".", 1)[1] for p in biogenic.values()]
    for point in biogenic.values():
        assert ("reported", None) == (point["status"], point["reason"])
        assert resolve(summary, point["source"]) / 1000 == point["value"]


def test_esrs_biogenic_missing_from_an_older_summary(summary):
    """A summary without biogenic CO2 per scope (older JSON): missing, with the total named, never 0."""
    older = {k: v for k, v in summary.items() if k != "biogenic_co2_by_scope_kg"}
    points = esrs_e1_6(older)["datapoints"]
    biogenic = [p for k, p in points.items() if "Biogenic" in k]
    assert 3 == len(biogenic)
    total = language("en").tonnes(summary["biogenic_co2_kg"], 3)
    for point in biogenic:
        assert ("missing", None) == (point["status"], point["value"])
        assert f"({total} t CO2)" in point["reason"]
    assert ["Percentage of Scope 1 greenhouse gas emissions from regulated emission trading schemes"] == [
        item["label"] for item in esrs_e1_6(summary)["not_reported"]
    ]


def test_esrs_refuses_bad_input(summary):
    """A currency that is not one and a revenue that is not a number are refused, naming what is expected."""
    with pytest.raises(OptionError, match="currency 'kroner'"):
        esrs_e1_6(summary, currency="kroner")
    with pytest.raises(OptionError, match="net_revenue: expected a finite amount of NOK"):
        esrs_e1_6(summary, net_revenue=-5, currency="NOK")
    with pytest.raises(OptionError, match="net_revenue: expected a number"):
        esrs_e1_6(summary, net_revenue="a lot", currency="NOK")  # type: ignore[arg-type]


def test_esrs_lines_trace_to_the_per_line_table(inventory, summary):
    """Each emission datapoint's per-line sum, done on the per-line table, gives the datapoint."""
    frame = inventory.to_dataframe()
    calculated = frame[frame["status"] == "calculated"]
    points = esrs_e1_6(summary)["datapoints"]
    sums = {
        "esrs:GrossScope1GreenhouseGasEmissions": calculated[calculated["scope"] == 1][
            "co2e_market_kg"
        ].sum(),
        "esrs:GrossLocationBasedScope2GreenhouseGasEmissions": calculated[calculated["scope"] == 2][
            "co2e_kg"
        ].sum(),
        "esrs:GrossMarketBasedScope2GreenhouseGasEmissions": calculated[calculated["scope"] == 2][
            "co2e_market_kg"
        ].sum(),
        "esrs:GrossScope3GreenhouseGasEmissions": calculated[calculated["scope"] == 3][
            "co2e_market_kg"
        ].sum(),
        "esrs:GrossScope3GreenhouseGasEmissions[6]": calculated[
            (calculated["scope"] == 3) & (calculated["category"] == 6)
        ]["co2e_market_kg"].sum(),
    }
    for key, kg in sums.items():
        assert kg / 1000 == pytest.approx(points[key]["value"], rel=1e-9), key
        assert "status == 'calculated'" in points[key]["lines"]


def test_vsme_numbers_are_the_summary(summary):
    """Every VSME B3 datapoint equals its summary figure: MWh as they are, kg as tonnes, sums of scopes."""
    report = vsme_b3(summary, turnover=14_780_000, currency="NOK")
    points = report["datapoints"]
    scopes = summary["scopes"]
    assert summary["energy"]["total_mwh"] == points["vsme:TotalEnergyConsumption"]["value"]
    assert "MWh" == points["vsme:TotalEnergyConsumption"]["unit"]
    assert scopes["1"] / 1000 == points["vsme:GrossScope1GreenhouseGasEmissions"]["value"]
    assert (
        scopes["2_location"] / 1000 == points["vsme:GrossLocationBasedScope2GreenhouseGasEmissions"]["value"]
    )
    assert scopes["2_market"] / 1000 == points["vsme:GrossMarketBasedScope2GreenhouseGasEmissions"]["value"]
    assert scopes["3"] / 1000 == points["vsme:GrossScope3GreenhouseGasEmissions"]["value"]
    assert (
        math.fsum([scopes["1"], scopes["2_location"]]) / 1000
        == points["vsme:TotalGrossLocationBasedScope1AndScope2GHGEmissions"]["value"]
    )
    assert (
        math.fsum([scopes["1"], scopes["2_market"]]) / 1000
        == points["vsme:TotalGrossMarketBasedScope1AndScope2GHGEmissions"]["value"]
    )
    assert summary["total_kg_co2e"] / 1000 == points["vsme:TotalGrossMarketBasedGHGEmissions"]["value"]
    assert (
        summary["total_location_based_kg_co2e"] / 1000
        == points["vsme:TotalGrossLocationBasedGHGEmissions"]["value"]
    )
    one_two = math.fsum([scopes["1"], scopes["2_market"]]) / 1000
    intensity = points["vsme:Scope1AndScope2GreenhouseGasEmissionsIntensityValueMarketBased"]
    assert one_two / 14_780_000 == pytest.approx(intensity["value"], rel=1e-12)
    assert ("tCO2e per NOK", 9) == (intensity["unit"], intensity["decimals"])
    assert one_two / 14.78 == pytest.approx(intensity["value_per_million"], rel=1e-12)
    assert summary["total_location_based_kg_co2e"] / 1000 / 14_780_000 == pytest.approx(
        points["vsme:TotalLocationBasedGreenhouseGasEmissionsIntensityValue"]["value"], rel=1e-12
    )
    assert {"reported"} == {p["status"] for p in points.values()}


def test_vsme_without_energy_or_turnover(summary):
    """A summary without an energy section (older JSON) and no turnover: those datapoints are missing."""
    older = {k: v for k, v in summary.items() if k != "energy"}
    points = vsme_b3(older)["datapoints"]
    assert ("missing", None) == (
        points["vsme:TotalEnergyConsumption"]["status"],
        points["vsme:TotalEnergyConsumption"]["value"],
    )
    assert "energy section" in points["vsme:TotalEnergyConsumption"]["reason"]
    intensity = points["vsme:TotalMarketBasedGreenhouseGasEmissionsIntensityValue"]
    assert ("missing", None) == (intensity["status"], intensity["value"])
    assert "no turnover given" in intensity["reason"]


def test_csv_round_trip(summary):
    """The CSV reads back to the same datapoints: numbers exactly, missing ones empty with their reason."""
    report = esrs_e1_6(summary, net_revenue=14_780_000, currency="NOK")
    rows = list(csv.DictReader(io.StringIO(datapoints_csv(report))))
    assert list(CSV_COLUMNS) == list(rows[0])
    points = list(report["datapoints"].values())
    assert len(points) + len(report["not_reported"]) == len(rows)
    for point, row in zip(points, rows, strict=False):
        assert point["element"] == row["element"]
        assert point["status"] == row["status"]
        if point["value"] is None:
            assert ("", point["reason"]) == (row["value"], row["reason"])
        else:
            assert point["value"] == float(row["value"])
            assert str(point["decimals"]) == row["decimals"]
        assert (point["member"] or "") == row["member"]
    assert ("", "not reported") == (rows[-1]["element"], rows[-1]["status"])


def test_revenue_from_metrics():
    """A revenue metric gives an amount in its currency or the one asked for; a count is refused."""
    metrics = (Metric.parse("employees=40"), Metric.parse("revenue=12.5 MNOK"))
    assert (12_500_000.0, "NOK") == revenue_from_metrics(metrics)
    assert (12_500_000.0, "NOK") == revenue_from_metrics(metrics, currency="NOK")
    with pytest.raises(OptionError, match="'revenue' is in NOK, not EUR"):
        revenue_from_metrics(metrics, currency="EUR")
    assert None is revenue_from_metrics(metrics, "turnover")
    with pytest.raises(OptionError, match="'employees' is 40 \\(a count\\): expected an amount of money"):
        revenue_from_metrics(metrics, "employees")
    assert (79_900_000.0, "NOK") == revenue_from_metrics({"revenue": {"value": 79.9, "unit": "MNOK"}})


def progress_report():
    """A progress report of two years as :func:`ghgcore.progress.progress` writes it (the parts CDP reads)."""
    return {
        "organisation": "Example AS",
        "years": [
            {
                "year": 2023,
                "scopes": {"1": 1000.0, "2_location": 300.0, "2_market": 500.0, "3": 4000.0},
                "total_kg_co2e": 5500.0,
                "change_kg": None,
                "metrics": {"revenue": {"value": 10.0, "unit": "MNOK"}},
                "decomposition": None,
            },
            {
                "year": 2024,
                "scopes": {"1": 900.0, "2_location": 300.0, "2_market": 300.0, "3": 4400.0},
                "total_kg_co2e": 5600.0,
                "change_kg": 100.0,
                "metrics": {"revenue": {"value": 12.0, "unit": "MNOK"}},
                "decomposition": {
                    "from_year": 2023,
                    "total_change_kg": 90.0,
                    "reasons": [
                        {
                            "reason": "Change in output",
                            "term": "activity",
                            "kg_co2e": 290.0,
                            "percent": 290 / 55,
                        },
                        {
                            "reason": "Change in methodology",
                            "term": "factor",
                            "kg_co2e": -200.0,
                            "percent": -200 / 55,
                        },
                    ],
                },
            },
        ],
    }


def test_cdp_c6_10_intensity_and_change():
    """C6.10's intensity is scope 1 + 2 in tonnes per unit of revenue; its change against the stored year before."""
    summary = {"year": 2024, "scopes": progress_report()["years"][1]["scopes"]}
    report = cdp_c6_10(summary, revenue=12_000_000, currency="NOK", progress=progress_report())
    market, location = report["rows"]
    assert ("Market-based", "Location-based") == (
        market["scope_2_figure_used"],
        location["scope_2_figure_used"],
    )
    assert 1.2 == market["numerator_t"]
    assert 1.2 / 12_000_000 == market["intensity_figure"]
    assert 12_000_000.0 == market["denominator_unit_total"]
    before, after = 1.5 / 10_000_000, 1.2 / 12_000_000
    assert abs(after - before) / before * 100 == pytest.approx(market["percent_change"], rel=1e-12)
    assert "Decreased" == market["direction_of_change"]
    assert (0.9 + 0.3) / 12_000_000 == location["intensity_figure"]
    without = cdp_c6_10(summary, revenue=12_000_000, currency="NOK")["rows"][0]
    assert (None, None) == (without["percent_change"], without["direction_of_change"])
    assert "no progress report" in without["change_reason"]
    missing = cdp_c6_10(summary)["rows"][0]
    assert ("missing", None) == (missing["status"], missing["intensity_figure"])


def test_cdp_c7_9a_rows_are_the_decomposition():
    """C7.9a's rows are the decomposition's reasons (as positive tonnes with a direction) and the unexplained rest."""
    report = cdp_c7_9a(progress_report(), 2024)
    rows = {row["reason"]: row for row in report["rows"]}
    assert ["Change in output", "Change in methodology", "Unidentified"] == [
        r["reason"] for r in report["rows"]
    ]
    assert (0.29, "Increased", 290 / 55) == (
        rows["Change in output"]["change_t"],
        rows["Change in output"]["direction_of_change"],
        rows["Change in output"]["percent"],
    )
    assert (0.2, "Decreased") == (
        rows["Change in methodology"]["change_t"],
        rows["Change in methodology"]["direction_of_change"],
    )
    assert 10.0 == pytest.approx(rows["Unidentified"]["kg_co2e"])
    assert 10.0 / 5500 * 100 == pytest.approx(rows["Unidentified"]["percent"])
    assert 0.1 == report["total_change_t"]
    assessed = {r["reason"] for r in report["rows"]} | {r["reason"] for r in report["not_assessed"]}
    assert {"Other"} == set(CDP_REASONS) - assessed
    with pytest.raises(OptionError, match="no decomposition"):
        cdp_c7_9a(progress_report(), 2023)
    with pytest.raises(
        OptionError, match="year 2025: not in the progress report \\(its years: 2023, 2024\\)"
    ):
        cdp_c7_9a(progress_report(), 2025)


def with_quality(summary):
    """The summary with helper sections for data quality and uncertainty, as the summary schema has them."""
    data = copy.deepcopy(summary)
    data["quality"] = {
        "weighted_score": 4.2,
        "lines": {"1": 2, "2": 3, "3": 0, "4": 1, "5": 20},
        "kg_co2e": {"1": 100.0, "2": 2000.0, "3": 0.0, "4": 50.0, "5": 150000.0},
    }
    total = data["total_kg_co2e"]
    data["uncertainty"] = {
        "method": "approach1",
        "level": 0.95,
        "figures": {"total": {"value": total, "low": total * 0.7, "high": total * 1.3, "relative": 0.3}},
    }
    return data


def test_klimaregnskap_html_has_the_figures(summary):
    """The page shows the organisation, year, totals, each scope, the category names and the energy use."""
    page = klimaregnskap_html(with_quality(summary), charts=False)
    lang = language("en")
    assert "Climate account 2024" in page
    assert "Eksempel AS" in page
    for kg in (
        summary["total_kg_co2e"],
        summary["total_location_based_kg_co2e"],
        *summary["scopes"].values(),
    ):
        assert lang.tonnes(kg, 1) in page
    assert "6. Business travel" in page
    assert lang.number(summary["energy"]["total_mwh"], 1) in page
    assert "Data quality, weighted by emissions: 4.2" in page
    total = summary["total_kg_co2e"]
    assert f"{lang.tonnes(total * 0.7, 1)} to {lang.tonnes(total * 1.3, 1)} (±30%)" in page
    for fs in summary["factor_sets"]:
        assert fs["version"] in page
    assert "<svg" not in page


def test_klimaregnskap_html_charts_and_language(summary):
    """With matplotlib the scope and category charts are inline SVG; Norwegian writes 1 234,5."""
    pytest.importorskip("matplotlib")
    page = klimaregnskap_html(summary, language="nb")
    assert 2 == page.count("<svg")
    assert "lang='nb'" in page
    assert language("nb").tonnes(summary["total_kg_co2e"], 1) in page


def test_klimaregnskap_names_reasons_and_method_in_the_language(summary):
    """CDP's reasons for the change and the uncertainty method are said in the page's language, not as keys."""
    data = {**with_quality(summary), "year": 2024}
    english = klimaregnskap_html(data, progress=progress_report(), charts=False)
    assert "Change in output: +0.3 t CO2e" in english
    assert "Uncertainty (IPCC approach 1, error propagation)" in english
    nb = language("nb")
    page = klimaregnskap_html(data, progress=progress_report(), language="nb", charts=False)
    output = nb.gettext("Change in output")
    assert "Change in output" != output
    assert f"{output}: +0,3 t CO2e" in page
    assert nb.gettext("Change in methodology") + ": -0,2 t CO2e" in page
    assert "Uncertainty (" not in page
    assert nb.gettext("IPCC approach 1, error propagation") in page
    assert "approach1" not in page


def test_klimaregnskap_html_escapes_hostile_text(summary):
    """Text from the input (organisation, reasons) never becomes markup."""
    data = copy.deepcopy(summary)
    data["organisation"] = "<script>alert(1)</script>"
    data["unresolved"] = [{"line": 7, "reason": "<img src=x onerror=alert(2)>"}]
    page = klimaregnskap_html(data, charts=False)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def cells(page: str, label: str) -> list[str]:
    """The cells of the table row of a page whose first cell is `label` (escaped as the page escapes it)."""
    start = page.index(f"<tr><td>{html.escape(label, quote=True)}</td>")
    row = page[start : page.index("</tr>", start)]
    return [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]


def test_klimaregnskap_intensity_target_in_tonnes_per_unit(summary):
    """An intensity target's path and actual (kg CO2e per MNOK in the progress report) are t CO2e per MNOK, said."""
    report = progress_report()
    report.update(
        base_year=2023,
        base_year_figures={"total_kg_co2e": 5500.0},
        metric_units={"revenue": "MNOK", "employees": ""},
    )
    report["targets"] = [
        {"name": "per revenue", "scopes": ["1", "2_market"], "target_year": 2030, "reduction_percent": 40.0,
         "kind": "intensity", "metric": "revenue", "path": {"2024": 142.6}, "actual": {"2024": 100.0},
         "on_track": {"2024": True}},
        {"name": "per head", "scopes": ["1"], "target_year": 2030, "reduction_percent": 40.0,
         "kind": "intensity", "metric": "employees", "path": {"2024": 21.5}, "actual": {"2024": 20.0},
         "on_track": {"2024": True}},
        {"name": "absolute", "scopes": ["1"], "target_year": 2030, "reduction_percent": 40.0,
         "kind": "absolute", "metric": None, "path": {"2024": 960.0}, "actual": {"2024": 900.0},
         "on_track": {"2024": True}},
    ]  # fmt: skip
    page = klimaregnskap_html({**summary, "year": 2024}, progress=report, charts=False)
    assert ["0.143 t CO2e per MNOK", "0.100 t CO2e per MNOK"] == cells(page, "per revenue")[3:5]
    assert ["0.0215 t CO2e per employees", "0.0200 t CO2e per employees"] == cells(page, "per head")[3:5]
    assert ["1.0", "0.9"] == cells(page, "absolute")[3:5]
    nb = klimaregnskap_html({**summary, "year": 2024}, progress=report, language="nb", charts=False)
    expected = language("nb").format("{value} t CO2e per {unit}", value="0,143", unit="MNOK")
    assert expected == cells(nb, "per revenue")[3].replace("&nbsp;", "\xa0")


def bare(summary):
    """The summary with nothing to disclose: no fallbacks, lines left out, other years, prices, ledgers."""
    data = copy.deepcopy(summary)
    for key in ("fallbacks", "excluded", "unresolved", "other_years", "price_assumptions", "hybrid"):
        data[key] = {} if key == "other_years" else []
    data["reconciliation"] = {"ledgers": []}
    data["montreal_gases_kg_co2e"] = 0.0
    data["scope2_lines"] = {"scope2_market_factor": 3, "scope2_location_fallback": 0, "scope2_instrument": 0}
    return data


def test_klimaregnskap_disclosures_are_the_views(summary):
    """The account discloses what the inventory's views do (same headings and items); 'exact factors' only if nothing."""
    nothing = klimaregnskap_html(bare(summary), charts=False)
    assert "Nothing to disclose: every line was calculated with exact factors." in nothing
    stand_ins = bare(summary)
    stand_ins["scope2_lines"]["scope2_location_fallback"] = 2
    page = klimaregnskap_html(stand_ins, charts=False)
    assert "exact factors" not in page
    assert "<p>Scope 2 without a market-based factor</p>" in page
    assert "<li>2 lines: the location-based figure stands in for the market-based one</li>" in page
    full = klimaregnskap_html(summary, language="nb", charts=False)
    for heading, items in disclosures(summary, "nb"):
        assert f"<p>{html.escape(heading, quote=True)}</p>" in full
        for item in items[:20]:
            assert f"<li>{html.escape(item, quote=True)}</li>" in full


def test_klimaregnskap_intensity_per_the_revenue_given(summary):
    """A revenue given is an intensity row per million of it, as ESRS's per unit times a million; not twice."""
    report = esrs_e1_6(summary, net_revenue=14_780_000, currency="NOK")
    points = report["datapoints"]
    market = points["esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue"]["value"]
    location = points["esrs:GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue"]["value"]
    lang = language("en")
    expected = [lang.number(market * 1e6, 3), lang.number(location * 1e6, 3)]
    page = klimaregnskap_html(summary, revenue=(14_780_000, "NOK"), charts=False)
    assert expected == cells(page, "revenue (t CO2e per MNOK)")[1:]
    assert "No intensity" not in page
    assert "a revenue of 14,780,000 NOK" in page
    assert "No intensity" in klimaregnskap_html(summary, charts=False)
    stored = progress_report()
    stored["years"][1]["metrics"] = {"revenue": {"value": 14.78, "unit": "MNOK"}}
    stored["years"][1]["intensity"] = {"revenue": summary["total_kg_co2e"] / 14.78}
    stored["metric_units"] = {"revenue": "MNOK"}
    twice = klimaregnskap_html(
        {**summary, "year": 2024}, progress=stored, revenue=(14_780_000, "NOK"), charts=False
    )
    assert 1 == twice.count("(t CO2e per MNOK)")
    assert expected[0] == cells(twice, "revenue (t CO2e per MNOK)")[1]
    with pytest.raises(OptionError, match="currency 'kroner'"):
        klimaregnskap_html(summary, revenue=(14_780_000, "kroner"), charts=False)
    with pytest.raises(OptionError, match="revenue: expected a finite amount of NOK"):
        klimaregnskap_html(summary, revenue=(-1.0, "NOK"), charts=False)


def test_reports_share_one_helper_each():
    """Escaping, numbers of a summary, progress rows and the method's wording are one function each, shared."""
    from ghgcore.views import _base
    from ghgcore.views import html as notebook
    from ghgcore.views.reports import _account, _common, _datapoints
    from ghgcore.views.reports import _html as page

    assert notebook._escape is page._e
    assert _common.number_at is _account.number_at is _datapoints.number_at
    assert _common.progress_row is _account.progress_row is _datapoints.progress_row
    assert _base.uncertainty_method_name is _account.uncertainty_method_name
    for name in ("_kg", "_number", "_progress_row", "_uncertainty_method"):
        assert (False, False) == (hasattr(_account, name), hasattr(_datapoints, name)), name


def test_klimaregnskap_names_any_uncertainty_method(summary):
    """Monte Carlo is named in words; a method ghgcore does not know is shown as it is, on one line."""
    data = with_quality(summary)
    data["uncertainty"]["method"] = "monte-carlo"
    assert "Uncertainty (Monte Carlo, IPCC approach 2)" in klimaregnskap_html(data, charts=False)
    data["uncertainty"]["method"] = "bootstrap\nx"
    assert "Uncertainty (bootstrap\\nx)" in klimaregnskap_html(data, charts=False)


def test_missing_reason_in_the_language():
    """A datapoint the summary lacks says so in the report's language, never in English under Norwegian."""
    point = esrs_e1_6({"year": 2024}, language="nb")["datapoints"]["esrs:GrossScope1GreenhouseGasEmissions"]
    nb = language("nb").gettext("not in the summary")
    assert "not in the summary" != nb
    assert ("missing", nb) == (point["status"], point["reason"])
    english = esrs_e1_6({"year": 2024})["datapoints"]["esrs:GrossScope1GreenhouseGasEmissions"]
    assert "not in the summary" == english["reason"]


def test_klimaregnskap_pdf_text_has_the_totals(summary, tmp_path):
    """The PDF read back with pypdf has the organisation, the year and the totals; written to a path whole."""
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("fpdf")
    path = tmp_path / "account.pdf"
    data = klimaregnskap_pdf(summary, path, charts=False)
    assert data == path.read_bytes()
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    lang = language("en")
    assert "Climate account 2024" in text
    assert "Eksempel AS" in text
    for kg in (
        summary["total_kg_co2e"],
        summary["total_location_based_kg_co2e"],
        *summary["scopes"].values(),
    ):
        assert lang.tonnes(kg, 1) in text
    buffer = io.BytesIO()
    klimaregnskap_pdf({**summary, "organisation": "Bjørnøya Ærfugl AS"}, buffer, language="nb", charts=False)
    assert b"%PDF" == buffer.getvalue()[:4]
    norwegian = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages)
    assert "Bjørnøya Ærfugl AS" in norwegian


def test_klimaregnskap_pdf_without_fpdf2(summary, monkeypatch):
    """Without fpdf2 the PDF is refused with the extra that installs it."""
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(OptionError, match='pip install "ghgcore\\[reports\\]"'):
        klimaregnskap_pdf(summary)


def test_latin1_sanitises_what_the_core_font_lacks():
    """Dashes, comparison signs and subscripts become Latin-1; the Nordic letters stay; the rest is '?'."""
    assert "CO2 >= 5 - ÆØÅ æøå 1\xa0234 ?" == latin1("CO₂ ≥ 5 – ÆØÅ æøå 1\u202f234 \u4e2d")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ghgcore", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """Two years of the Nordlys example stored with their employees and revenue."""
    store = tmp_path_factory.mktemp("reports") / "store"
    for year, revenue in ((2021, "70.4"), (2022, "79.9")):
        inputs = sorted(str(p) for p in (NORDLYS / str(year)).iterdir())
        proc = run(
            "calculate", *inputs, "--organisation", NAME, "--store", str(store), "--metric", "employees=44",
            "--metric", f"revenue={revenue} MNOK", "--format", "json",
        )  # fmt: skip
        assert 0 == proc.returncode, proc.stderr
    return store


def stored_summary(store: Path, year: int) -> dict:
    from ghgcore.store import AccountStore

    return AccountStore(store, create=False).load(NAME, year).summary


def report(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("report", "--store", str(store), "--organisation", NAME, *args)


def test_cli_esrs_json_is_the_stored_account(store):
    """``ghgcore report --format esrs-e1-6-json``: the stored summary's figures, intensity per its revenue metric."""
    proc = report(store, "--year", "2022", "--format", "esrs-e1-6-json")
    assert 0 == proc.returncode, proc.stderr
    data = json.loads(proc.stdout)
    summary = stored_summary(store, 2022)
    points = data["datapoints"]
    assert summary["scopes"]["1"] / 1000 == points["esrs:GrossScope1GreenhouseGasEmissions"]["value"]
    assert summary["total_kg_co2e"] / 1000 == points["esrs:MarketBasedGreenhouseGasEmissions"]["value"]
    assert (summary["total_kg_co2e"] / 1000) / 79_900_000 == pytest.approx(
        points["esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue"]["value"], rel=1e-12
    )
    assert {"net_revenue": 79_900_000.0, "currency": "NOK", "reason": None} == data["denominator"]


def test_revenue_from_ledgers(summary):
    """The SAF-T ledger's operating revenue (minus class 3's net) in its currency; None without a full-year ledger."""
    ledger = summary["reconciliation"]["ledgers"][0]
    assert (-ledger["net_by_class"]["3"], "NOK") == revenue_from_ledgers(summary)
    assert (14_780_000.0, "NOK") == revenue_from_ledgers(summary)
    part_year = {**ledger, "period": {**ledger["period"], "full_year": False}}
    assert None is revenue_from_ledgers({"reconciliation": {"ledgers": [part_year]}})
    in_euro = {**ledger, "currency": "EUR"}
    assert None is revenue_from_ledgers({"reconciliation": {"ledgers": [ledger, in_euro]}})
    assert (29_560_000.0, "NOK") == revenue_from_ledgers({"reconciliation": {"ledgers": [ledger, ledger]}})
    assert None is revenue_from_ledgers({})


def test_revenue_from_ledgers_counts_only_the_summary_year():
    """An inventory of one year read from two years' SAF-T files divides by that year's ledger only."""
    files = sorted((EKSEMPEL.parent / "2023").iterdir()) + sorted(EKSEMPEL.iterdir())
    both = json.loads(json.dumps(calculate_inventory(files, year=2024).summary()))
    ledgers = {ledger["period"]["start"][:4]: ledger for ledger in both["reconciliation"]["ledgers"]}
    assert {"2023", "2024"} == set(ledgers)
    assert (14_780_000.0, "NOK") == revenue_from_ledgers(both)
    assert (-ledgers["2023"]["net_by_class"]["3"], "NOK") == revenue_from_ledgers({**both, "year": 2023})
    assert None is revenue_from_ledgers({**both, "year": 2022})
    assert None is revenue_from_ledgers({**both, "year": None})  # two years and none chosen


def test_revenue_from_ledgers_needs_a_calendar_year():
    """A twelve-month ledger from July to June belongs to no one year; a calendar year without a summary year counts."""
    ledger = {"currency": "NOK", "net_by_class": {"3": -1000.0}}
    split = {**ledger, "period": {"start": "2023-07", "end": "2024-06", "months": 12, "full_year": True}}
    calendar = {**ledger, "period": {"start": "2024-01", "end": "2024-12", "months": 12, "full_year": True}}
    assert None is revenue_from_ledgers({"year": 2024, "reconciliation": {"ledgers": [split]}})
    assert (1000.0, "NOK") == revenue_from_ledgers(
        {"year": 2024, "reconciliation": {"ledgers": [split, calendar]}}
    )
    assert (1000.0, "NOK") == revenue_from_ledgers({"reconciliation": {"ledgers": [calendar]}})


def test_cli_revenue_from_the_ledger_without_a_metric(tmp_path):
    """No revenue metric: every report of the run divides by the class 3 revenue of the reporting year's SAF-T file."""
    store = tmp_path / "store"
    inputs = [str(p) for p in sorted((EKSEMPEL.parent / "2023").iterdir()) + sorted(EKSEMPEL.iterdir())]
    proc = run("calculate", *inputs, "--year", "2024", "--store", str(store), "--format", "json")
    assert 0 == proc.returncode, proc.stderr
    args = ("report", "--store", str(store), "--organisation", "Eksempel AS", "--year", "2024", "--format")
    proc = run(*args, "esrs-e1-6-json")
    assert 0 == proc.returncode, proc.stderr
    data = json.loads(proc.stdout)
    assert {"net_revenue": 14_780_000.0, "currency": "NOK", "reason": None} == data["denominator"]
    total = data["datapoints"]["esrs:MarketBasedGreenhouseGasEmissions"]["value"]
    intensity = data["datapoints"]["esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue"]
    assert total / 14_780_000 == pytest.approx(intensity["value"], rel=1e-12)
    proc = run(*args, "klimaregnskap-html")
    assert 0 == proc.returncode, proc.stderr
    shown = cells(proc.stdout, "revenue (t CO2e per MNOK)")[1]
    assert language("en").number(intensity["value_per_million"], 3) == shown
    assert "No intensity" not in proc.stdout


def test_cli_csv_vsme_and_cdp(store, tmp_path):
    """The CSV, VSME and CDP formats, to a file and to standard output, from the stored years."""
    out = tmp_path / "esrs.csv"
    proc = report(
        store, "--year", "2022", "--format", "esrs-e1-6-csv", "--significant-category", "1,6", "-o", str(out)
    )
    assert 0 == proc.returncode, proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    summary = stored_summary(store, 2022)
    categories = {r["member"]: float(r["value"]) for r in rows if r["member"]}
    assert {
        "Category 1 Purchased goods and services": summary["scope3_categories"]["1"] / 1000,
        "Category 6 Business travel": summary["scope3_categories"]["6"] / 1000,
    } == categories
    proc = report(store, "--year", "2022", "--format", "vsme-b3-json")
    vsme = json.loads(proc.stdout)["datapoints"]
    assert summary["energy"]["total_mwh"] == vsme["vsme:TotalEnergyConsumption"]["value"]
    proc = report(store, "--year", "2022", "--format", "cdp-json")
    assert 0 == proc.returncode, proc.stderr
    cdp = json.loads(proc.stdout)
    market = cdp["C6.10"]["rows"][0]
    assert (summary["scopes"]["1"] + summary["scopes"]["2_market"]) / 1000 / 79_900_000 == pytest.approx(
        market["intensity_figure"], rel=1e-12
    )
    assert market["direction_of_change"] in ("Increased", "Decreased", "No change")
    before = stored_summary(store, 2021)
    change = summary["total_kg_co2e"] - before["total_kg_co2e"]
    assert change / 1000 == pytest.approx(cdp["C7.9a"]["total_change_t"], rel=1e-9)
    signed = math.fsum(r["kg_co2e"] for r in cdp["C7.9a"]["rows"])
    assert change == pytest.approx(signed, rel=1e-9, abs=1e-6)


def test_cli_klimaregnskap(store, tmp_path):
    """The climate account as HTML (base year and targets from the stored years) and as PDF, to a file."""
    proc = report(store, "--year", "2022", "--format", "klimaregnskap-html", "--language", "nb")
    assert 0 == proc.returncode, proc.stderr
    summary = stored_summary(store, 2022)
    assert language("nb").tonnes(summary["total_kg_co2e"], 1) in proc.stdout
    assert "Basisår 2021" in proc.stdout
    pdf = tmp_path / "klimaregnskap.pdf"
    proc = report(store, "--year", "2022", "--format", "klimaregnskap-pdf", "-o", str(pdf))
    assert 0 == proc.returncode, proc.stderr
    assert b"%PDF" == pdf.read_bytes()[:4]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2030", "--format", "cdp-json"), "no account for 2030"),
        (("--year", "22", "--format", "cdp-json"), "--year 22: expected a year such as 2024"),
        (("--year", "2022", "--format", "cdp-json", "--language", "xx"), "language 'xx'"),
        (
            ("--year", "2022", "--format", "vsme-b3-json", "--significant-category", "6"),
            "--significant-category goes",
        ),
        (("--year", "2022", "--format", "esrs-e1-6-json", "--currency", "kroner"), "currency 'kroner'"),
        (
            ("--year", "2022", "--format", "esrs-e1-6-json", "--revenue-metric", "turnover"),
            "--revenue-metric turnover: Nordlys Logistikk AS's 2022 account has no such metric "
            "(stored: employees, revenue)",
        ),
    ],
)
def test_cli_errors_are_one_line(store, args, message):
    """Bad options are one line on standard error and exit status 2, never a traceback."""
    proc = report(store, *args)
    assert 2 == proc.returncode
    assert 1 == len(proc.stderr.strip().splitlines()), proc.stderr
    assert message in proc.stderr


def test_cli_language_on_the_text_and_html_outputs(tmp_path):
    """``--language nb`` gives the calculate table in Norwegian; an unknown language is refused before any work."""
    inputs = sorted(str(p) for p in EKSEMPEL.iterdir())
    proc = run("calculate", *inputs, "--language", "nb")
    assert 0 == proc.returncode, proc.stderr
    assert "Scope 2, markedsbasert" in proc.stdout
    proc = run("calculate", *inputs, "--language", "xx", "--format", "html", "-o", str(tmp_path / "x.html"))
    assert 2 == proc.returncode
    assert "language 'xx'" in proc.stderr
    assert not (tmp_path / "x.html").exists()


def test_klimaregnskap_says_whether_the_base_year_was_recalculated(summary):
    """'as recalculated' only when the progress report lists a recalculation; else 'as calculated'."""
    report = {**progress_report(), "base_year": 2023, "base_year_figures": {"total_kg_co2e": 5500.0}}
    calculated = klimaregnskap_html(summary, progress={**report, "recalculations": []}, charts=False)
    assert (
        "Base year 2023: 5.5 t CO2e (as calculated; no change has called for a recalculation)." in calculated
    )
    restated = klimaregnskap_html(
        summary, progress={**report, "recalculations": [{"year": 2023}]}, charts=False
    )
    assert "Base year 2023: 5.5 t CO2e (as recalculated for structural and method changes)." in restated
