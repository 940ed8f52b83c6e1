"""Charts of an account, its years and a network: the numbers drawn, titles, intervals, languages, bad input."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import matplotlib
import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.baseyear import Event
from ghgcore.errors import OptionError
from ghgcore.figures import CATEGORY_NAMES
from ghgcore.gases import get_gwp_set
from ghgcore.i18n import language
from ghgcore.output import dumps_summary
from ghgcore.plan import Plan
from ghgcore.progress import progress
from ghgcore.store import AccountStore
from ghgcore.targets import parse_target
from ghgcore.uncertainty import result_intervals, summarise
from ghgcore.views import charts

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "eksempel-as" / "2024"
NBSP = "\xa0"


@pytest.fixture(autouse=True, scope="module")
def agg():
    """Draw with matplotlib's Agg backend (no display)."""
    matplotlib.use("Agg")


def title(fig) -> str:
    """The chart's title (the figure's suptitle, without the line kept for the detail)."""
    return fig.get_suptitle().strip()


def detail(fig) -> str:
    """The chart's detail line under the title."""
    return " ".join(text.get_text() for text in fig.texts if text.get_text() != fig.get_suptitle())


def texts(ax) -> list[str]:
    """Every text drawn in the axes: value labels, notes."""
    return [text.get_text() for text in ax.texts]


def error_segments(ax) -> list[tuple[float, float, float, float]]:
    """The error bars' segments as (x0, y0, x1, y1), rounded."""
    from matplotlib.container import ErrorbarContainer

    out = []
    for container in ax.containers:
        if isinstance(container, ErrorbarContainer):
            for collection in container.lines[2]:
                for (x0, y0), (x1, y1) in collection.get_segments():
                    out.append((round(x0, 9), round(y0, 9), round(x1, 9), round(y1, 9)))
    return out


@pytest.fixture(scope="module")
def summary():
    """Eksempel AS's 2024 account (the README's example), with its uncertainty (approach 1)."""
    inventory = calculate_inventory(sorted(EXAMPLE.iterdir()))
    data = inventory.summary()
    if "uncertainty" not in data:  # before the summary had its uncertainty section
        data["uncertainty"] = summarise(result_intervals(inventory.result))
    return data


def _factors() -> FactorSet:
    return FactorSet.from_factors(
        [
            EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test: diesel", scope=1),
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
        version="1",
    )


def _account(year: int, diesel: float, kwh: float, pkm: float):
    lines = [
        Activity.of("diesel", diesel, "L", year=year),
        Activity.of("refrigerant", 0.5, "kg", year=year),
        Activity.of("electricity", kwh, "kWh", region="NO", year=year),
        Activity.of("flight", pkm, "passenger_km", year=year),
    ]
    return calculate_inventory(lines, _factors(), organisation="Test AS")


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    """Three years of Test AS with two absolute targets, an intensity target and an acquisition in 2021."""
    store = AccountStore(tmp_path_factory.mktemp("charts") / "store")
    store.save(_account(2019, 1000, 10_000, 20_000), metrics=["employees=10"])
    store.save(_account(2020, 800, 10_000, 5_000), metrics=["employees=10"])
    store.save(_account(2021, 500, 12_000, 15_000), metrics=["employees=12"])
    plan = Plan(
        targets=(
            parse_target("scopes=1+2;reduction=42;year=2030", base_year=2019),
            parse_target("fossil-free-2030", base_year=2019),
            parse_target("scopes=1+2;reduction=50;year=2030;kind=intensity;metric=employees", base_year=2019),
        ),
        events=(Event("acquisition", 2021, {"1": 300.0}, "bought a van firm"),),
    )
    return progress(store, "Test AS", plan=plan)


class TestScopeChart:
    def test_bars_are_the_scopes_in_tonnes(self, summary):
        """Scope 1, 2 market-based and 3 as bars of the summary's kg / 1000, labelled."""
        fig = charts.scope_chart(summary)
        ax = fig.axes[0]
        scopes = summary["scopes"]
        assert [scopes["1"] / 1000, scopes["2_market"] / 1000, scopes["3"] / 1000] == pytest.approx(
            [p.get_height() for p in ax.patches], rel=1e-12
        )
        assert ["Scope 1", "Scope 2\n(market-based)", "Scope 3"] == [
            t.get_text() for t in ax.get_xticklabels()
        ]
        assert "t CO2e" == ax.get_ylabel()

    def test_title_says_what_unit_and_basis(self, summary):
        """The title names the chart, the unit and scope 2's basis; the detail the account and its total."""
        fig = charts.scope_chart(summary)
        assert "Emissions by scope, t CO2e (scope 2 market-based)" == title(fig)
        total = round(summary["total_kg_co2e"] / 1000, 1)
        assert f"Eksempel AS, 2024, {total:,.1f} t CO2e in total" == detail(fig)

    def test_location_basis(self, summary):
        """basis="location" draws scope 2 location-based and says so in the title and under the bar."""
        fig = charts.scope_chart(summary, basis="location")
        ax = fig.axes[0]
        assert summary["scopes"]["2_location"] / 1000 == pytest.approx(ax.patches[1].get_height(), rel=1e-12)
        assert "Emissions by scope, t CO2e (scope 2 location-based)" == title(fig)
        assert "Scope 2\n(location-based)" == ax.get_xticklabels()[1].get_text()

    def test_error_bars_are_the_intervals(self, summary):
        """Each bar's error bar runs from its interval's low to its high, in tonnes; the legend names the method."""
        fig = charts.scope_chart(summary)
        figures = summary["uncertainty"]["figures"]
        expected = [
            (float(i), round(figures[k]["low"] / 1000, 9), float(i), round(figures[k]["high"] / 1000, 9))
            for i, k in enumerate(("1", "2_market", "3"))
        ]
        assert expected == error_segments(fig.axes[0])
        (legend,) = fig.legends
        assert ["95% interval (IPCC approach 1, error propagation)"] == [
            t.get_text() for t in legend.get_texts()
        ]
        relative = (figures["3"]["high"] - figures["3"]["low"]) / 2 / figures["3"]["value"]
        assert f"{summary['scopes']['3'] / 1000:,.1f} (± {relative:.0%})" in texts(fig.axes[0])

    def test_older_summary_without_uncertainty(self, summary):
        """A summary without "uncertainty" (older JSON) draws the bars without error bars or legend."""
        older = {k: v for k, v in summary.items() if k != "uncertainty"}
        fig = charts.scope_chart(older)
        assert [] == error_segments(fig.axes[0])
        assert [] == fig.legends
        assert 3 == len(fig.axes[0].patches)

    def test_from_json_read_back(self, summary):
        """The summary's JSON read back draws the same bars."""
        data = json.loads(dumps_summary(summary))
        assert [p.get_height() for p in charts.scope_chart(summary).axes[0].patches] == [
            p.get_height() for p in charts.scope_chart(data).axes[0].patches
        ]


class TestCategoryChart:
    def test_only_categories_with_emissions_largest_first(self, summary):
        """One bar per category with emissions, sorted, with its GHG Protocol name and its tonnes."""
        fig = charts.category_chart(summary)
        ax = fig.axes[0]
        categories = {k: v for k, v in summary["scope3_categories"].items() if v}
        expected = sorted(categories.items(), key=lambda kv: -kv[1])
        assert [kg / 1000 for _, kg in expected] == pytest.approx(
            [p.get_width() for p in ax.patches], rel=1e-12
        )
        assert [f"{k}. {CATEGORY_NAMES[k]}" for k, _ in expected] == [
            t.get_text().replace("\n", " ") for t in ax.get_yticklabels()
        ]
        assert "Scope 3 by category, t CO2e" == title(fig)
        assert "t CO2e" == ax.get_xlabel()

    def test_shares_of_scope3(self, summary):
        """Each bar's label gives its tonnes and its share of scope 3."""
        ax = charts.category_chart(summary).axes[0]
        first = max(summary["scope3_categories"].values())
        share = first / summary["scopes"]["3"]
        assert f"{first / 1000:,.1f} ({share:.0%})" == texts(ax)[0]

    def test_error_bars_are_the_categories_intervals(self, summary):
        """A category with an interval in the summary has it as an error bar (horizontal, in tonnes)."""
        ax = charts.category_chart(summary).axes[0]
        figures = summary["uncertainty"]["figures"]
        ordered = sorted((k for k, v in summary["scope3_categories"].items() if v),
                         key=lambda k: -summary["scope3_categories"][k])  # fmt: skip
        expected = [
            (
                round(figures[f"3.{k}"]["low"] / 1000, 9),
                float(i),
                round(figures[f"3.{k}"]["high"] / 1000, 9),
                float(i),
            )
            for i, k in enumerate(ordered)
            if f"3.{k}" in figures
        ]
        assert expected
        assert expected == error_segments(ax)

    def test_lines_without_a_category(self):
        """Scope 3 lines without a category are a bar of their own."""
        ax = charts.category_chart({"scope3_categories": {"6": 1000.0, "unassigned": 3000.0}}).axes[0]
        assert ["No category given", "6. Business travel"] == [t.get_text() for t in ax.get_yticklabels()]
        assert [3.0, 1.0] == [p.get_width() for p in ax.patches]


class TestGasChart:
    def test_co2e_per_gas_is_kg_times_gwp(self, summary):
        """Each gas's bar is its kg times its GWP in the summary's set, in tonnes, largest first."""
        ax = charts.gas_chart(summary).axes[0]
        gwp = get_gwp_set(summary["gwp"])
        expected = sorted((kg * gwp[gas] / 1000 for gas, kg in summary["gases"].items() if kg), reverse=True)
        assert expected == pytest.approx([p.get_width() for p in ax.patches], rel=1e-12)

    def test_gases_add_up_to_the_total(self, summary):
        """The gases of the scopes add up to the summary's total (scope 2 market-based)."""
        ax = charts.gas_chart(summary).axes[0]
        assert summary["total_kg_co2e"] / 1000 == pytest.approx(math.fsum(p.get_width() for p in ax.patches))

    def test_title_names_unit_gwp_and_basis(self, summary):
        """The title says t CO2e, the GWP set and the basis; without biogenic CO2 the detail says so."""
        fig = charts.gas_chart(summary)
        assert "Emissions by gas, t CO2e (AR6, scope 2 market-based)" == title(fig)
        assert "no biogenic CO2 or Montreal Protocol gases" in detail(fig)
        assert 1 == len(fig.axes)

    def test_biogenic_and_montreal_gases_apart(self):
        """Biogenic CO2 (t CO2) and Montreal Protocol gases (t CO2e) are in a panel of their own, not among the scopes'."""
        data = {"gwp": "AR5", "gases": {"CO2": 2000.0, "CO2_biogenic": 700.0, "HCFC-22": 0.1, "SF6": 0.01}}
        fig = charts.gas_chart(data)
        scopes_ax, apart = fig.axes
        ar5 = get_gwp_set("AR5")
        assert [2.0, 0.01 * ar5["SF6"] / 1000] == pytest.approx([p.get_width() for p in scopes_ax.patches])
        assert ["CO2", "SF6"] == [t.get_text() for t in scopes_ax.get_yticklabels()]
        assert [0.7, 0.1 * ar5["HCFC-22"] / 1000] == pytest.approx([p.get_width() for p in apart.patches])
        assert ["Biogenic CO2 (t CO2)", "HCFC-22 (Montreal\nProtocol)"] == [
            t.get_text() for t in apart.get_yticklabels()
        ]
        assert "Reported apart, outside the scopes and not in the total" == apart.get_title(loc="left")

    def test_own_gwp_set(self):
        """A summary of a GWP set of one's own needs the set: its name alone is refused, naming the key."""
        from ghgcore.gases import GWPSet

        data = {"gwp": "MINE", "gases": {"CH4": 10.0}}
        with pytest.raises(OptionError, match=re.escape("summary['gwp'] 'MINE': not a shipped GWP set")):
            charts.gas_chart(data)
        mine = GWPSet("MINE", {"CO2": 1.0, "CH4": 30.0})
        assert [0.3] == pytest.approx(
            [p.get_width() for p in charts.gas_chart(data, gwp=mine).axes[0].patches]
        )

    def test_unknown_gas(self):
        """A gas the GWP set does not know is an OptionError naming it."""
        with pytest.raises(OptionError, match=re.escape("summary['gases']['XYZ']")):
            charts.gas_chart({"gwp": "AR6", "gases": {"XYZ": 1.0}})


class TestTrendChart:
    def test_bars_stacked_by_scope(self, years):
        """Each year is a bar stacked scope 1, 2 market-based, 3: heights the figures in t, each on the one before."""
        ax = charts.trend_chart(years).axes[0]
        rows = years["years"]
        heights = [[r["scopes"][k] / 1000 for r in rows] for k in ("1", "2_market", "3")]
        assert pytest.approx([h for scope in heights for h in scope]) == [p.get_height() for p in ax.patches]
        bottoms = [[0.0] * 3, heights[0], [a + b for a, b in zip(heights[0], heights[1], strict=True)]]
        assert pytest.approx([b for scope in bottoms for b in scope]) == [p.get_y() for p in ax.patches]
        assert [2019, 2020, 2021] * 3 == [round(p.get_x() + p.get_width() / 2) for p in ax.patches]
        assert [f"{r['total_kg_co2e'] / 1000:,.1f}" for r in rows] == texts(ax)

    def test_targets_paths_and_actuals(self, years):
        """Each absolute target is its straight path from base to target year and its actual figures."""
        ax = charts.trend_chart(years).axes[0]
        lines = {line.get_label(): line for line in ax.get_lines()}
        first = years["targets"][0]
        path = lines[f"{first['name']}: path, -42% by 2030"]
        assert [2019, 2030] == list(path.get_xdata())
        assert pytest.approx([first["path"]["2019"] / 1000, first["path"]["2030"] / 1000]) == list(
            path.get_ydata()
        )
        actual = lines[f"{first['name']}: actual"]
        assert [2019, 2020, 2021] == list(actual.get_xdata())
        assert pytest.approx([v / 1000 for v in first["actual"].values()]) == list(actual.get_ydata())
        assert "fossil-free-2030: path, -100% by 2030" in lines

    def test_off_track_years_are_crossed(self, years):
        """The years a target is off track are marked, at their actual figures."""
        ax = charts.trend_chart(years).axes[0]
        (marks,) = [line for line in ax.get_lines() if line.get_label() == "off track"]
        first = years["targets"][0]
        off = [int(y) for y, ok in first["on_track"].items() if not ok]
        assert [2021] == off
        assert off == list(marks.get_xdata())
        assert [first["actual"]["2021"] / 1000] == pytest.approx(list(marks.get_ydata()))

    def test_intensity_target_named_not_drawn(self, years):
        """An intensity target cannot be drawn in tonnes: the legend's note names it."""
        fig = charts.trend_chart(years)
        (legend,) = fig.legends
        name = years["targets"][2]["name"]
        assert f"Not drawn: {name} (an intensity target)." == legend.get_title().get_text()
        assert not any(name in line.get_label() for line in fig.axes[0].get_lines())

    def test_title(self, years):
        """The title says what, the unit and the basis; the detail the organisation and base year."""
        fig = charts.trend_chart(years)
        assert "Emissions by year and the targets' paths, t CO2e (scope 2 market-based)" == title(fig)
        assert "Test AS, base year 2019" == detail(fig)

    def test_scopes_asked_for(self, years):
        """scopes= stacks those keys only; a target on other scopes is named, not drawn."""
        fig = charts.trend_chart(years, scopes="2_location+3.6")
        ax = fig.axes[0]
        rows = years["years"]
        expected = [r["scopes"]["2_location"] / 1000 for r in rows] + [
            r["scope3_categories"]["6"] / 1000 for r in rows
        ]
        assert pytest.approx(expected) == [p.get_height() for p in ax.patches]
        assert "(scope 2 location-based)" in title(fig)
        assert "(other scopes)" in fig.legends[0].get_title().get_text()
        with pytest.raises(OptionError, match="unknown scope"):
            charts.trend_chart(years, scopes="1+4")


class TestWaterfallChart:
    def test_steps_add_up_to_the_change(self, years):
        """Previous total, the steps (each from where the last ended) and this year's total; the steps sum to the change."""
        ax = charts.waterfall_chart(years).axes[0]
        row = years["years"][-1]
        first, *steps, last = ax.patches
        assert (row["total_kg_co2e"] - row["change_kg"]) / 1000 == pytest.approx(first.get_height())
        assert row["total_kg_co2e"] / 1000 == pytest.approx(last.get_height())
        assert row["change_kg"] / 1000 == pytest.approx(math.fsum(p.get_height() for p in steps))
        level = first.get_height()
        for step in steps:
            assert level == pytest.approx(step.get_y())
            level += step.get_height()
        assert [r["kg_co2e"] / 1000 for r in row["decomposition"]["reasons"]] == pytest.approx(
            [p.get_height() for p in steps]
        )

    def test_causes_named(self, years):
        """The steps are labelled by cause, the structural one by its CDP reason; the years at the ends."""
        ax = charts.waterfall_chart(years).axes[0]
        reasons = years["years"][-1]["decomposition"]["reasons"]
        causes = {"activity": "Activity (change in output)", "factor": "Emission factors and methods"}
        expected = ["2020", *(causes.get(r["term"], r["reason"]) for r in reasons), "2021"]
        assert "Acquisitions" in expected
        assert expected == [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]

    def test_structural_step(self, years):
        """The acquisition's 300 kg is a step of +0.3 t, drawn as an increase."""
        fig = charts.waterfall_chart(years, year=2021)
        ax = fig.axes[0]
        labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
        step = ax.patches[labels.index("Acquisitions")]
        assert 0.3 == pytest.approx(step.get_height())
        assert "+0.3" in texts(ax)
        assert "Change from 2020 to 2021 by cause, t CO2e (scope 2 market-based)" == title(fig)

    def test_the_year_asked_for(self, years):
        """year= draws that year's change; a year not in the report, or the first, is refused."""
        ax = charts.waterfall_chart(years, year=2020).axes[0]
        assert "2019" == ax.get_xticklabels()[0].get_text()
        with pytest.raises(
            OptionError,
            match=re.escape("year 2030: not in the progress report (its years: 2019, 2020, 2021)"),
        ):
            charts.waterfall_chart(years, year=2030)
        with pytest.raises(OptionError, match="year 2019: the progress report does not explain its change"):
            charts.waterfall_chart(years, year=2019)

    def test_what_the_lines_do_not_explain(self, years):
        """When the decomposition explains less than the change in the totals, the rest is a step of its own."""
        data = json.loads(json.dumps(years))
        row = data["years"][-1]
        row["change_kg"] += 1000.0
        row["total_kg_co2e"] += 1000.0
        ax = charts.waterfall_chart(data).axes[0]
        assert "Not explained by the lines" == ax.get_xticklabels()[-2].get_text().replace("\n", " ")
        assert 1.0 == pytest.approx(ax.patches[-2].get_height())
        steps = ax.patches[1:-1]
        assert row["change_kg"] / 1000 == pytest.approx(math.fsum(p.get_height() for p in steps))

    def test_one_year_only(self, years):
        """A report of one year has no change to explain: the figure says so."""
        fig = charts.waterfall_chart({"organisation": "Test AS", "years": years["years"][:1]})
        assert ["No previous year to compare with"] == texts(fig.axes[0])
        assert [] == list(fig.axes[0].patches)


class TestLanguages:
    def test_norwegian_numbers(self):
        """In Norwegian the ticks and labels read 1 234,5: a no-break space for thousands, a comma for decimals."""
        fig = charts.scope_chart(
            {"scopes": {"1": 1_234_500.0, "2_market": 500_000.0, "2_location": 1.0, "3": 2_000_000.0}},
            language="nb",
        )
        ax = fig.axes[0]
        fig.draw_without_rendering()
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        assert f"1{NBSP}000" in ticks
        assert {f"1{NBSP}234,5", "500,0", f"2{NBSP}000,0"} <= set(texts(ax))
        formatter = ax.yaxis.get_major_formatter()
        assert [f"1{NBSP}234,5", "0,25", "2"] == [formatter(1234.5), formatter(0.25), formatter(2.0)]
        assert ["0,0", "0,5", "1,0"] == formatter.format_ticks([0.0, 0.5, 1.0])

    def test_english_numbers(self):
        """In English (the default) the ticks read 1,234.5."""
        ax = charts.category_chart({"scope3_categories": {"1": 2_500_000.0}}).axes[0]
        ax.figure.draw_without_rendering()
        assert "1,000" in [t.get_text() for t in ax.get_xticklabels()]

    @pytest.mark.parametrize("code", ["nb", language("nb")])
    def test_every_chart_takes_a_language(self, summary, years, code):
        """Every chart draws in Norwegian, by code or Language."""
        for fig in (
            charts.scope_chart(summary, language=code),
            charts.category_chart(summary, language=code),
            charts.gas_chart(summary, language=code),
            charts.trend_chart(years, language=code),
            charts.waterfall_chart(years, language=code),
        ):
            assert fig.axes[0].patches
        assert "," in texts(charts.waterfall_chart(years, language=code).axes[0])[0]

    def test_labels_come_from_the_catalogue(self, tmp_path, years):
        """Labels are messages looked up in the language's catalogue."""
        folder = tmp_path / "xx" / "nb" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "ghgcore.po").write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "Scope 1"\nmsgstr "Omfang 1"\n\n'
            'msgid "Emissions by scope, t CO2e (scope 2 market-based)"\nmsgstr "Utslipp etter omfang"\n\n'
            'msgid "Activity (change in output)"\nmsgstr "Aktivitet"\n\n'
            'msgid "{count} members reporting"\nmsgstr "{count} medlemmer"\n',
            encoding="utf-8",
        )
        lang = language("nb", catalogues=[tmp_path / "xx"])
        fig = charts.scope_chart({"scopes": {"1": 1.0, "2_market": 2.0, "3": 3.0}}, language=lang)
        assert "Utslipp etter omfang" == title(fig)
        assert "Omfang 1" == fig.axes[0].get_xticklabels()[0].get_text()
        ax = charts.waterfall_chart(years, language=lang).axes[0]
        assert "Aktivitet" in [t.get_text() for t in ax.get_xticklabels()]


BAD = [
    (charts.scope_chart, {}, "has no 'scopes' key"),
    (charts.scope_chart, {"scopes": {"1": 1.0, "3": 2.0}}, "has no '2_market' key"),
    (
        charts.scope_chart,
        {"scopes": {"1": "x", "2_market": 1.0, "3": 2.0}},
        "summary['scopes']['1']: expected kg",
    ),
    (
        charts.scope_chart,
        {"scopes": {"1": 1.0, "2_market": 1.0, "3": 1.0}, "uncertainty": {}},
        "has no 'figures'",
    ),
    (charts.category_chart, {"scopes": {}}, "has no 'scope3_categories' key"),
    (charts.gas_chart, {"gases": {"CO2": 1.0}}, "has no 'gwp' key"),
    (charts.gas_chart, {"gwp": "AR6"}, "has no 'gases' key"),
    (charts.trend_chart, {"organisation": "x"}, "has no 'years' key"),
    (charts.trend_chart, {"years": [{"scopes": {}}]}, "progress['years'][0] has no 'year' key"),
    (charts.trend_chart, {"years": [{"year": 2020, "scopes": {"1": 1.0}}]}, "has no '2_market' key"),
    (charts.waterfall_chart, {}, "has no 'years' key"),
    (
        charts.waterfall_chart,
        {
            "years": [
                {"year": 2021, "total_kg_co2e": 1.0, "change_kg": 0.0, "decomposition": {"from_year": 2020}}
            ]
        },
        "has no 'reasons' key",
    ),
    (charts.scopes_chart, {"year": 2024}, "has no 'scopes' key"),
    (charts.members_chart, {"year": 2024}, "has no 'members' key"),
]


@pytest.mark.parametrize(("draw", "data", "message"), BAD)
def test_bad_input_names_the_missing_key(draw, data, message):
    """A dict without what the chart needs is an OptionError naming the key."""
    with pytest.raises(OptionError, match=re.escape(message)):
        draw(data)


def test_not_a_dict():
    """Something else than a dict is refused, saying what was expected."""
    with pytest.raises(OptionError, match="expected a dict, got list"):
        charts.scope_chart([1, 2, 3])


def test_unknown_basis(summary):
    """scope_chart's basis is market or location."""
    with pytest.raises(OptionError, match="basis 'both': expected 'market' or 'location'"):
        charts.scope_chart(summary, basis="both")


class TestEmpty:
    def test_no_emissions(self):
        """An account without emissions gives figures that say so, not an exception."""
        zero = {"scopes": dict.fromkeys(("1", "2_location", "2_market", "3"), 0.0),
                "scope3_categories": {str(c): 0.0 for c in range(1, 16)}, "gases": {"CO2": 0.0}, "gwp": "AR6"}  # fmt: skip
        assert ["No emissions"] == texts(charts.scope_chart(zero).axes[0])
        assert ["No scope 3 emissions"] == texts(charts.category_chart(zero).axes[0])
        assert ["No emissions"] == texts(charts.gas_chart(zero).axes[0])
        for fig in (charts.scope_chart(zero), charts.category_chart(zero), charts.gas_chart(zero)):
            assert [] == list(fig.axes[0].patches)

    def test_no_years(self):
        """A progress report without years gives figures that say so."""
        assert ["No emissions"] == texts(charts.trend_chart({"years": []}).axes[0])
        assert ["No emissions"] == texts(charts.waterfall_chart({"years": []}).axes[0])


def test_same_svg_every_time(summary, years):
    """The same data gives the same SVG, byte for byte, for the new charts too."""
    for draw, data in (
        (charts.scope_chart, summary),
        (charts.category_chart, summary),
        (charts.gas_chart, summary),
        (charts.trend_chart, years),
        (charts.waterfall_chart, years),
    ):
        assert charts.figure_svg(draw(data)) == charts.figure_svg(draw(data))


def test_without_matplotlib(summary, years, monkeypatch):
    """Without matplotlib every chart is an OptionError naming the extra that installs it."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    for draw, data in (
        (charts.scope_chart, summary),
        (charts.category_chart, summary),
        (charts.gas_chart, summary),
        (charts.trend_chart, years),
        (charts.waterfall_chart, years),
    ):
        with pytest.raises(OptionError, match=re.escape("pip install 'ghgcore[charts]'")):
            draw(data)


def test_no_pyplot():
    """The charts never use pyplot (global state): every module of the package."""
    for path in Path(charts.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import matplotlib.pyplot" not in source, path.name
        assert "plt." not in source, path.name


# Text from the data, and from a catalogue, drawn as it is written: never mathtext, one line, clipped.

#: Names as they are given, and as a chart shows them: literally, control characters (and line breaks) as escapes.
HOSTILE = {
    r"Bad $\frac$ AS": r"Bad $\frac$ AS",
    "Cash $ Carry $ AS": "Cash $ Carry $ AS",
    "Nord\nSør $AS": "Nord\\nSør $AS",
    "Ctl\x1b[2J\x00\u202e AS": "Ctl\\x1b[2J\\x00\\u202e AS",
    "_Under $x^2$": "_Under $x^2$",
}
#: A name of 10,000 characters with a dollar sign in the middle ...
LONG = "A" * 5000 + "$" + "Z" * 4999
#: ... as a chart shows it: clipped to a label's length (by where it is drawn), its middle left out.
LONG_SHOWN = {40: "A" * 25 + "..." + "Z" * 12, 32: "A" * 20 + "..." + "Z" * 9, 28: "A" * 17 + "..." + "Z" * 8}
NAMES = [*HOSTILE, LONG]


def shown(name: str, limit: int) -> str:
    """What a chart shows of `name` where it clips to `limit` characters."""
    return LONG_SHOWN[limit] if name == LONG else HOSTILE[name]


def saved(fig) -> None:
    """The figure saves as SVG and as PNG (drawing every text) outside the charts' style, as a user would."""
    import io

    for fmt, start in (("svg", b"<?xml"), ("png", b"\x89PNG")):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt)
        assert start == buffer.getvalue()[: len(start)]


def drawn_texts(fig) -> list:
    """Every text artist of the figure: titles, labels, ticks, value labels, legends."""
    from matplotlib.text import Text

    return [text for text in fig.findobj(Text) if text.get_text()]


def literal(fig) -> bool:
    """Whether every text of the figure is drawn as it is written (matplotlib's mathtext off).

    The value axis's tick labels matplotlib makes while it draws (outside the
    charts' style) are numbers of the number formatter: digits, separators and
    signs, which mathtext would leave as they are.
    """
    return all(
        not text.get_parse_math() or re.fullmatch(r"[-+\u2212\d.,\xa0\u202f ]+", text.get_text())
        for text in drawn_texts(fig)
    )


def ticks(ax) -> list[str]:
    """The tick labels of both axes, a label's wrapped lines joined again."""
    return [t.get_text().replace("\n", " ") for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]]


def legend_texts(fig) -> list[str]:
    """The labels of the figure's legend."""
    (drawn,) = fig.legends
    return [text.get_text() for text in drawn.get_texts()]


SMALL = {
    "year": 2024,
    "scopes": {"1": 1000.0, "2_location": 500.0, "2_market": 2000.0, "3": 3000.0},
    "scope3_categories": {"1": 1000.0, "6": 2000.0},
    "gases": {"CO2": 5000.0, "CO2_biogenic": 100.0},
    "gwp": "AR6",
    "uncertainty": {
        "method": "approach1",
        "level": 0.95,
        "figures": {"1": {"value": 1000.0, "low": 900.0, "high": 1100.0, "relative": 0.1}},
    },
}


def hostile_progress(name: str) -> dict:
    """Two years of an organisation called `name`, with a structural change and targets called `name`."""
    return {
        "organisation": name,
        "base_year": 2019,
        "years": [
            {"year": 2019, "scopes": {"1": 1000.0, "2_market": 100.0, "3": 500.0}, "total_kg_co2e": 1600.0},
            {
                "year": 2020,
                "scopes": {"1": 900.0, "2_market": 100.0, "3": 400.0},
                "total_kg_co2e": 1400.0,
                "change_kg": -200.0,
                "decomposition": {
                    "from_year": 2019,
                    "reasons": [
                        {"term": "activity", "kg_co2e": -150.0},
                        {"term": "structural", "reason": name, "kg_co2e": -50.0},
                    ],
                },
            },
        ],
        "targets": [
            {
                "name": name,
                "scopes": ["1"],
                "kind": "absolute",
                "reduction_percent": 50,
                "target_year": 2030,
                "path": {"2019": 1000.0, "2030": 500.0},
                "actual": {"2019": 1000.0, "2020": 900.0},
                "on_track": {"2019": True, "2020": False},
            },
            {"name": name, "scopes": ["1"], "kind": "intensity"},
        ],
    }


def hostile_network(name: str, year: object = 2024) -> dict:
    """A network's year (its JSON read back) with a member called `name`."""
    return {
        "year": year,
        "members_reporting": 2,
        "scopes": {"1": 1000.0, "2_market": 10.0, "2_location": 5.0, "3": 50.0},
        "members": [
            {"organisation": name, "total_kg_co2e": 1000.0, "scopes": {"1": 900.0, "2_market": 10.0, "3": 90.0}},
            {"organisation": "Bakeri AS", "total_kg_co2e": 60.0, "scopes": {"1": 50.0, "2_market": 0.0, "3": 10.0}},
        ],
        "quality": {"kg_co2e_by_score": {"2": 1000.0, "4": 60.0}, "score": 2.1},
        "change": {
            "like_for_like": {"members": 2, "kg_co2e": 1060.0, "previous_kg_co2e": 1200.0, "change_percent": -11.7},
            "all": {"members": 2, "members_previous": 2, "kg_co2e": 1060.0, "previous_kg_co2e": 1200.0},
        },
    }  # fmt: skip


class TestHostileText:
    @pytest.mark.parametrize("name", NAMES)
    @pytest.mark.parametrize("draw", [charts.scope_chart, charts.category_chart, charts.gas_chart])
    def test_account_charts_show_the_organisation(self, draw, name):
        """An account's charts draw an organisation with $, a line break, control characters or 10,000 characters literally."""
        fig = draw({**SMALL, "organisation": name})
        saved(fig)
        assert detail(fig).startswith(shown(name, 40) + ", 2024, ")
        assert literal(fig)

    @pytest.mark.parametrize("name", NAMES)
    def test_trend_chart_shows_the_organisation_and_targets(self, name):
        """The trend chart draws the organisation and each target's name literally, in the legend too (a leading _ as well)."""
        fig = charts.trend_chart(hostile_progress(name))
        saved(fig)
        assert f"{shown(name, 40)}, base year 2019" == detail(fig)
        assert [
            "Scope 1",
            "Scope 2 (market-based)",
            "Scope 3",
            f"{shown(name, 32)}: path, -50% by 2030",
            f"{shown(name, 32)}: actual",
            "off track",
        ] == legend_texts(fig)
        assert f"Not drawn: {shown(name, 32)} (an intensity target)." == fig.legends[0].get_title().get_text()
        assert literal(fig)

    @pytest.mark.parametrize("name", NAMES)
    def test_waterfall_chart_shows_the_organisation_and_reason(self, name):
        """The waterfall draws the organisation and a reason for change the data names literally."""
        fig = charts.waterfall_chart(hostile_progress(name))
        saved(fig)
        assert detail(fig).startswith(shown(name, 40) + ", -0.2 t CO2e")
        assert ["2019", "Activity (change in output)", shown(name, 40), "2020"] == ticks(fig.axes[0])[:4]
        assert literal(fig)

    @pytest.mark.parametrize("name", NAMES)
    def test_members_chart_shows_the_member(self, name):
        """The members chart draws a member's name literally."""
        fig = charts.members_chart(hostile_network(name))
        saved(fig)
        assert [shown(name, 28), "Bakeri AS"] == ticks(fig.axes[0])[-2:]
        assert literal(fig)

    @pytest.mark.parametrize("year", ["$2024\n$", "_2024", 2024.5])
    def test_network_charts_show_the_year(self, year):
        """Every network chart draws a year that is not a year (JSON edited by hand) literally, on one line."""
        text = {"$2024\n$": "$2024\\n$", "_2024": "_2024", 2024.5: "2024.5"}[year]
        figures = charts.network_charts(hostile_network("Frakt AS", year))
        for fig in figures.values():
            saved(fig)
            assert literal(fig)
            assert text in detail(fig)
        assert text in legend_texts(figures["change"])

    def test_text_from_a_catalogue_is_drawn_as_written(self, tmp_path):
        """A network's own catalogue with $ and leading _ in its translations is drawn literally, legends too."""
        folder = tmp_path / "net" / "nb" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        messages = {
            "Scope 1": r"Omfang $\frac$",
            "t CO2e": "_t $x$",
            "Total": "_Sum $",
            "Emissions by scope, t CO2e (scope 2 market-based)": r"$\alpha$ utslipp",
            "Scope 2 location-based (for comparison, not added)": "_$a$ lokasjon",
        }
        (folder / "ghgcore.po").write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            + "".join(
                f'msgid "{k}"\nmsgstr "{v.replace(chr(92), chr(92) * 2)}"\n\n' for k, v in messages.items()
            ),
            encoding="utf-8",
        )
        lang = language("nb", catalogues=[tmp_path / "net"])
        scope = charts.scope_chart(SMALL, language=lang)
        assert r"$\alpha$ utslipp" == title(scope)
        assert r"Omfang $\frac$" == scope.axes[0].get_xticklabels()[0].get_text()
        assert "_t $x$" == scope.axes[0].get_ylabel()
        waterfall = charts.waterfall_chart(hostile_progress("Test AS"), language=lang)
        assert "_Sum $" == legend_texts(waterfall)[0]
        network = charts.scopes_chart(hostile_network("Frakt AS"), language=lang)
        assert ["_$a$ lokasjon"] == legend_texts(network)
        progress_data = hostile_progress("Test AS")
        for fig in (
            scope,
            charts.category_chart(SMALL, language=lang),
            charts.gas_chart(SMALL, language=lang),
            charts.trend_chart(progress_data, language=lang),
            waterfall,
            *charts.network_charts(hostile_network("Frakt AS"), language=lang).values(),
        ):
            saved(fig)
            assert literal(fig)
        assert "Omfang $\\frac$" in legend_texts(charts.trend_chart(progress_data, language=lang))
