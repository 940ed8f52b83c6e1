"""Tests for the network report's views: the terminal report, the HTML page and its charts."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.errors import OptionError
from ghgcore.network import network_report
from ghgcore.output import dumps_summary
from ghgcore.plan import Plan
from ghgcore.store import AccountStore
from ghgcore.views import format_network, network_html
from ghgcore.views._base import clip
from ghgcore.views.network import SCOPE3_CATEGORY_NAMES

FACTORS = FactorSet.from_factors(
    [
        EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test: diesel", scope=1),
        EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="test: grid", scope=2, method="location"),
        EmissionFactor("electricity", "kWh", {"CO2": 0.4}, source="test: residual", scope=2, method="market"),
        EmissionFactor("flights", "km", {"CO2": 0.1}, source="test: flights", scope=3, category=6),
        EmissionFactor("freight", "tkm", {"CO2": 0.05}, source="test: freight", scope=3, category=4),
    ],
    name="test",
    version="1",
)

HOSTILE = "<script>alert(1)</script> & Co AS"

#: organisation -> {year: (diesel L, electricity kWh, flights km, freight tkm)}, plan
MEMBERS: dict[str, tuple[dict[int, tuple[float, float, float, float]], dict[str, Any]]] = {
    "Bakeri Brød AS": (
        {2023: (1000, 20000, 5000, 0), 2024: (800, 20000, 4000, 0)},
        {"targets": [{"spec": "sbti-1.5"}], "base_year": 2023},
    ),
    "Frakt Fjord AS": (
        {2023: (20000, 50000, 0, 100000), 2024: (18000, 40000, 0, 120000)},
        {
            "targets": [{"spec": "fossil-free-2030"}],
            "practices": [
                {"kind": "certification", "scheme": "Miljøfyrtårn", "since": 2020, "evidence": "cert 1"}
            ],
        },
    ),
    HOSTILE: ({2023: (0, 30000, 90000, 0), 2024: (0, 25000, 60000, 0)}, {}),
    "Sagbruk Skog AS": ({2023: (5000, 80000, 1000, 0)}, {}),
}


def build(path: Path, members: dict[str, Any] = MEMBERS) -> AccountStore:
    """A store of `members`' accounts, with 20 employees and 50 MNOK revenue each."""
    store = AccountStore(path)
    for name, (years, plan) in members.items():
        for year, amounts in years.items():
            activities = [
                Activity.of(key, amount, unit, year=year)
                for (key, unit), amount in zip(
                    [("diesel", "L"), ("electricity", "kWh"), ("flights", "km"), ("freight", "tkm")],
                    amounts,
                    strict=True,
                )
                if amount
            ]
            inventory = calculate_inventory(activities, FACTORS, year=year, organisation=name)
            store.save(inventory, organisation=name, metrics=["employees=20", "revenue=50 MNOK"])
        if plan:
            store.save_plan(name, Plan.from_record(plan))
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> AccountStore:
    return build(tmp_path_factory.mktemp("network") / "store")


@pytest.fixture(scope="module")
def report(store: AccountStore) -> dict[str, Any]:
    return network_report(store, 2024, criteria="klimapartnere")


@pytest.fixture(scope="module")
def anonymised(store: AccountStore) -> dict[str, Any]:
    return network_report(store, 2024, criteria="klimapartnere", anonymise=True)


@pytest.fixture(scope="module")
def page(report: dict[str, Any]) -> str:
    return network_html(report)


def t(kg: float) -> str:
    """What the views show for `kg`: tonnes, one decimal, thousands separators."""
    return f"{kg / 1000:,.1f}"


class Balanced(HTMLParser):
    """Checks that every element is closed, in order; collects ids, hrefs and text."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.refs: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for key, value in attrs:
            if key == "id":
                self.ids.append(value or "")
            if key in ("href", "xlink:href", "src"):
                self.refs.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Balanced:
    parser = Balanced()
    parser.feed(page)
    parser.close()
    return parser


# --------------------------------------------------------------------------
# the figures, by hand: 2024
# Bakeri: diesel 800 L x 2.5 = 2,000; electricity 20,000 kWh x 0.4 = 8,000 (x 0.02 = 400); flights 4,000 km x 0.1 = 400
# Frakt: 45,000; 16,000 (800); freight 120,000 tkm x 0.05 = 6,000
# HOSTILE: 0; 10,000 (500); flights 6,000
# 2023 (like-for-like): Bakeri 11,000, Frakt 75,000, HOSTILE 21,000 = 107,000; Sagbruk 44,600

FIGURES = {
    "total": "93.4",
    "scope 1": "47.0",
    "scope 2 location": "1.7",
    "scope 2 market": "34.0",
    "scope 3": "12.4",
    "scope 1 + 2": "81.0",
    "Frakt Fjord AS": "67.0",
    "Bakeri Brød AS": "10.4",
    "category 4": "6.0",
    "category 6": "6.4",
    "2023 like-for-like": "107.0",
    "2023 all": "151.6",
    "change like-for-like": "-13.6",
    "change all": "-58.2",
}


class TestFiguresByHand:
    def test_the_report_holds_the_figures_worked_out_by_hand(self, report):
        """The report's totals are the ones worked out by hand above (in tonnes, as the views show them)."""
        assert FIGURES["total"] == t(report["total_kg_co2e"])
        assert FIGURES["scope 2 location"] == t(report["scopes"]["2_location"])
        assert FIGURES["2023 all"] == t(report["change"]["all"]["previous_kg_co2e"])
        assert [FIGURES["Frakt Fjord AS"], FIGURES["Bakeri Brød AS"]] == [
            t(m["total_kg_co2e"]) for m in report["members"] if m["organisation"] != HOSTILE
        ]


class TestTable:
    def test_heading(self, report):
        """The first line: the year, members reporting of all, the total in tonnes."""
        assert (
            "Climate-partner network, 2024: 3 of 4 members reported, 93.4 t CO2e"
            == (format_network(report).splitlines()[0])
        )

    def test_totals_and_scopes(self, report):
        """The total, scope 1 + 2 and scope 3, and each scope, scope 2 location-based marked as not added."""
        text = format_network(report)
        assert re.search(r"Total \(scopes 1 \+ 2 \(market-based\) \+ 3\)\s+93\.4\n", text)
        assert re.search(r"scope 1 \+ 2 \(market-based\)\s+81\.0\n", text)
        assert re.search(r"Scope 1\s+47\.0\n", text)
        assert re.search(r"Scope 2, location-based \(for comparison, not added\)\s+1\.7\n", text)
        assert re.search(r"Scope 2, market-based\s+34\.0\n", text)
        assert re.search(r"Scope 3\s+12\.4\n", text)
        assert "The total adds up scopes 1 + 2 (market-based) + 3" in text

    def test_overlap_is_said(self, report):
        """What the members buy from each other is said: unknown without organisation numbers, else its share."""
        text = " ".join(format_network(report).split())
        assert "The total is not a sum of independent footprints: the members buy from each other" in text
        # no member has an organisation number: the overlap cannot be found, and is not said to be 0
        assert "bought from fellow members is not known: no member has an organisation number" in text
        assert "0.0 t CO2e" not in text
        data = json.loads(dumps_summary(report))
        data["overlap"].update(members_without_number=1, kg_co2e=0.0, share_of_scope3_percent=0.0)
        text = " ".join(format_network(data).split())
        assert (
            "Of the members' scope 3, 0.0 t CO2e (0.0%) is bought from fellow members (0 members buying)"
            in text
        )
        assert "1 member without an organisation number: purchases from it cannot be matched" in text

    def test_purchases_are_listed(self, report):
        """Purchases between members are listed with buyer, supplier, amount and tonnes."""
        data = json.loads(dumps_summary(report))
        data["overlap"].update(
            kg_co2e=5460.0,
            share_of_scope3_percent=44.03,
            members_buying=1,
            members_without_number=2,
            purchases=[
                {
                    "buyer": "Bakeri Brød AS",
                    "supplier": "Frakt Fjord AS",
                    "amount": 120000.0,
                    "currency": "NOK",
                    "kg_co2e": 5460.0,
                },
            ],
        )
        text = format_network(data)
        assert "5.5 t CO2e (44.0%) is bought from fellow members" in " ".join(text.split())
        assert re.search(r"Bakeri Brød AS\s+Frakt Fjord AS\s+120,000 NOK\s+5\.5\n", text)
        assert "<td class='name'>Bakeri Brød AS</td><td class='name'>Frakt Fjord AS</td>" in network_html(
            data, charts=False
        )

    def test_categories_by_name_non_zero_only(self, report):
        """Scope 3 categories by number and name; those without emissions left out."""
        text = format_network(report)
        assert re.search(r"4 Upstream transportation and distribution\s+6\.0\n", text)
        assert re.search(r"6 Business travel\s+6\.4\n", text)
        assert SCOPE3_CATEGORY_NAMES["1"] not in text
        assert "not in a category" not in text  # the categories add up to scope 3

    def test_change(self, report):
        """The like-for-like and the all-members change, in tonnes and percent."""
        text = format_network(report)
        assert re.search(r"like-for-like\s+3\s+107\.0\s+93\.4\s+-13\.6\s+-12\.7%\n", text)
        assert re.search(r"all\s+4 / 3\s+151\.6\s+93\.4\s+-58\.2\s+-38\.4%\n", text)

    def test_targets(self, report):
        """How many members have targets, science-based ones, on and off track, no fossil scope 1."""
        text = format_network(report)
        assert re.search(r"with a reduction target\s+2 of 4 \(2 of the 3 reporting\)\n", text)
        assert re.search(r"science-based \(an SBTi preset, passing its coverage checks\)\s+1\n", text)
        assert re.search(r"all targets on track in 2024\s+1\n", text)
        assert re.search(r"off track in 2024\s+1\n", text)
        assert re.search(r"no fossil scope 1 emissions in 2024\s+1\n", text)

    def test_quality(self, report):
        """The weighted data-quality score, tonnes by score with its meaning, members missing a scope."""
        text = format_network(report)
        score = report["quality"]["score"]
        assert f"Weighted score {score:.2f} (1 best, 5 poorest" in text
        assert re.search(
            rf"2\s+physical activity data, factor of the line's region and year\s+{FIGURES['total']}\n", text
        )
        assert (
            "Members without a calculated line in a scope:\n  - <script>alert(1)</script> & Co AS: scope 1"
            in text
        )

    def test_members_rows(self, report):
        """A row per member: total, share, change, quality, targets; intensities and percentiles."""
        text = format_network(report)
        assert re.search(r"Frakt Fjord AS\s+67\.0\s+71\.7%\s+-10\.7%\s+2\.00\s+1\s+no\s+no\n", text)
        assert re.search(r"Bakeri Brød AS\s+10\.4\s+11\.1%\s+-5\.5%\s+2\.00\s+1 SBTi\s+yes\s+no\n", text)
        assert re.search(
            re.escape(clip(HOSTILE, 26)) + r"\s+16\.0\s+17\.1%\s+-23\.8%\s+2\.00\s+none\s+–\s+yes\n",
            text,
        )
        # intensity: 20 employees and 50 MNOK each; percentile 100 the lowest
        assert re.search(r"Frakt Fjord AS\s+3,350\.0\s+0\s+1,340\.0\s+0\n", text)
        assert re.search(r"Bakeri Brød AS\s+520\.0\s+100\s+208\.0\s+100\n", text)

    def test_criteria(self, report):
        """The membership criteria: each member's status per criterion, and the evidence."""
        text = format_network(report)
        assert "Membership criteria: klimapartnere" in text
        assert "Meeting all the criteria asked in 2024: 0 of 4 members." in text
        assert re.search(r"Frakt Fjord AS\s+no\s+met\s+met\s+met\s+not met\n", text)
        assert re.search(r"Sagbruk Skog AS\s+no\s+not met\s+not met\s+not met\s+not met\n", text)
        assert "- Frakt Fjord AS, environmental-management (met): Miljøfyrtårn (since 2020): cert 1" in text

    def test_no_criteria_no_section(self, store):
        """Without criteria, no criteria section."""
        assert "Membership criteria" not in format_network(network_report(store, 2024))

    def test_fits_a_100_column_terminal(self, report, anonymised):
        """Every line fits a terminal of 100 columns."""
        for data in (report, anonymised):
            lines = format_network(data).splitlines()
            assert max(map(len, lines)) <= 100, max(lines, key=len)

    def test_not_reporting_is_named(self, report):
        """The members that did not report are named."""
        assert "Not reporting: Sagbruk Skog AS." in format_network(report)

    def test_control_characters_are_escaped(self, report):
        """Control characters in a name are shown escaped, never sent to the terminal."""
        data = json.loads(dumps_summary(report))
        data["members"][0]["organisation"] = "Evil\x1b[2J\nAS"
        text = format_network(data)
        assert "\x1b" not in text
        assert "Evil\\x1b[2J\\nAS" in text

    def test_long_names_are_shortened_in_tables(self, report):
        """A very long name is shortened in the tables, and the lines still fit."""
        data = json.loads(dumps_summary(report))
        data["members"][0]["organisation"] = "A" * 300
        text = format_network(data)
        assert "A" * 300 not in text
        assert max(map(len, text.splitlines())) <= 100


class TestAnonymised:
    def test_no_names_anywhere(self, anonymised):
        """An anonymised report names no member, in the text nor in the page."""
        for view in (format_network(anonymised), network_html(anonymised)):
            for name in [*MEMBERS, "Brød", "Fjord", "Skog", "alert"]:
                assert name not in view
            assert "member 1" in view
            assert "member 4" in view

    def test_said_at_the_top(self, anonymised):
        """That the report is anonymised is said at the top of both views."""
        assert "<span class='badge'>anonymised</span></p></header>" in network_html(anonymised, charts=False)
        assert "Anonymised: pseudonyms instead of names" in format_network(anonymised).splitlines()[1]

    def test_suppressed_figures_are_listed(self, anonymised):
        """The figures suppressed for too few members are listed in words, categories in number order."""
        assert ["scope3_categories.4", "scope3_categories.6"] == [
            key for key in anonymised["suppressed"] if key in ("scope3_categories.4", "scope3_categories.6")
        ]
        text = format_network(anonymised)
        assert "Anonymised for publication" in text
        assert "A figure summed over fewer than 3 members is suppressed:" in " ".join(text.split())
        assert "  - scope 3 category 6 (Business travel)" in text
        assert text.index("category 4 (") < text.index("category 6 (")  # numbers as numbers
        assert "Business travel  " not in text  # no category row: suppressed

    def test_suppressed_like_for_like(self, store):
        """A suppressed like-for-like change is shown as suppressed, not as a number or a dash."""
        data = network_report(store, 2024, anonymise=True, min_group=4)
        assert data["change"]["like_for_like"]["kg_co2e"] is None
        text = format_network(data)
        assert re.search(r"like-for-like\s+3\s+suppressed\s+suppressed\s+suppressed\s+suppressed\n", text)
        assert "the like-for-like change" in text
        assert "<td class='num'>suppressed</td>" in network_html(data, charts=False)


class TestHtml:
    def test_well_formed(self, page):
        """The page is well-formed HTML, its elements closed in order, its ids unique."""
        assert page.startswith("<!DOCTYPE html>\n<html lang='en'>")
        parsed = parse(page)
        assert [] == parsed.errors
        assert [] == parsed.stack
        assert len(parsed.ids) == len(set(parsed.ids)), "ids repeat across the charts"

    def test_self_contained(self, page):
        """The page needs nothing from elsewhere: no script, stylesheet link, image or external URL."""
        parsed = parse(page)
        assert "script" not in parsed.tags
        assert "link" not in parsed.tags
        assert "img" not in parsed.tags
        assert all(ref.startswith("#") for ref in parsed.refs)
        assert "@import" not in page
        assert "url(http" not in page

    def test_figures_as_shown(self, page):
        """The page shows the same figures as the text, in the right cells."""
        assert "<td class='num'>93.4</td>" in page
        assert "<td class='sub'>scope 1 + 2 (market-based)</td><td class='num'>81.0</td>" in page
        assert "<td>Scope 2, location-based (for comparison, not added)</td><td class='num'>1.7</td>" in page
        assert "<td>4 Upstream transportation and distribution</td><td class='num'>6.0</td>" in page
        assert "<td class='num'>107.0</td><td class='num'>93.4</td><td class='num'>-13.6</td>" in page
        assert "<td class='num'>-12.7%</td>" in page
        assert (
            "<td class='name'>Frakt Fjord AS</td><td class='num'>67.0</td><td class='num'>71.7%</td>"
            "<td class='num'>-10.7%</td><td class='num'>2.00</td><td>1</td>"
        ) in page
        assert "<div class='value'>93.4 t</div>" in page
        assert "Miljøfyrtårn (since 2020): cert 1" in page

    def test_every_string_is_escaped(self, report):
        """Every value from the data is escaped in the page."""
        data = json.loads(dumps_summary(report))
        data["criteria"]["name"] = "<b>bold</b>"
        data["quality"]["scores"]["1"] = "<i>own</i>"
        page = network_html(data)
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co AS"
        assert HOSTILE not in page
        assert "<script" not in page
        assert page.count(escaped) >= 4  # members, intensity, criteria, evidence, missing scopes
        assert "<b>" not in page
        assert "&lt;b&gt;bold&lt;/b&gt;" in page
        assert "<i>" not in page
        assert "&lt;i&gt;own&lt;/i&gt;" in page
        assert [] == parse(page).errors

    def test_criteria_status_is_styled(self, page):
        """A criterion met or not met has its colour class."""
        assert "<td class='met'>met</td>" in page
        assert "<td class='unmet'>not met</td>" in page

    def test_deterministic(self, report, page):
        """The same report gives the same page, byte for byte."""
        assert page == network_html(report)
        assert network_html(report, charts=False) == network_html(report, charts=False)

    def test_charts_inline_or_none(self, report, page):
        """Four charts as inline SVG elements, or none with charts=False."""
        assert 4 == page.count("<svg ") == page.count("</svg>")
        assert "<?xml" not in page
        assert "DOCTYPE svg" not in page
        without = network_html(report, charts=False)
        assert "<svg" not in without
        assert "<figure>" not in without
        assert [] == parse(without).errors

    def test_from_json(self, report):
        """The report read back from its JSON gives the same views."""
        data = json.loads(dumps_summary(report))
        assert network_html(data, charts=False) == network_html(report, charts=False)
        assert format_network(data) == format_network(report)


class TestCharts:
    def test_scopes(self, report):
        """The scopes chart: a bar per scope, scope 2 location-based a marker on scope 2."""
        from matplotlib.figure import Figure

        from ghgcore.views.charts import scopes_chart

        fig = scopes_chart(report)
        assert isinstance(fig, Figure)
        ax = fig.axes[0]
        assert [47.0, 34.0, 12.4] == [round(p.get_height(), 6) for p in ax.patches]
        # scope 2 location-based: a marker on the scope 2 bar, never a bar of its own
        assert [(1.0, 1.7)] == [
            (float(x), round(float(y), 6))
            for line in ax.get_lines()
            for x, y in zip(*line.get_data(), strict=True)
        ]
        assert ["Scope 1", "Scope 2\n(market-based)", "Scope 3"] == [
            label.get_text() for label in ax.get_xticklabels()
        ]
        assert "t CO2e" == ax.get_ylabel()
        assert {"47.0", "34.0", "12.4"} <= {text.get_text() for text in ax.texts}

    def test_members_largest_first_stacked_with_others(self, report):
        """The members chart: the largest first, stacked by scope, the rest as others."""
        from ghgcore.views.charts import members_chart

        ax = members_chart(report, top=2).axes[0]
        assert ["Frakt Fjord AS", clip(HOSTILE, 28), "others (1)"] == [
            label.get_text() for label in ax.get_yticklabels()
        ]
        widths = [round(p.get_width(), 6) for p in ax.patches]
        # by scope (1, 2 market, 3), then by member: Frakt, HOSTILE, others (Bakeri)
        assert [45.0, 0.0, 2.0, 16.0, 10.0, 8.0, 6.0, 6.0, 0.4] == widths
        # stacked: each scope starts where the one before ends
        assert [0.0, 0.0, 0.0, 45.0, 0.0, 2.0, 61.0, 10.0, 10.0] == [round(p.get_x(), 6) for p in ax.patches]

    def test_members_all_shown(self, report):
        """With room for every member, no others bar."""
        from ghgcore.views.charts import members_chart

        ax = members_chart(report).axes[0]
        assert 9 == len(ax.patches)
        assert "others" not in " ".join(label.get_text() for label in ax.get_yticklabels())

    def test_quality(self, report):
        """The quality chart: tonnes by data-quality score."""
        from ghgcore.views.charts import quality_chart

        ax = quality_chart(report).axes[0]
        expected = [report["quality"]["kg_co2e_by_score"][str(s)] / 1000 for s in range(1, 6)]
        assert expected == pytest.approx([p.get_height() for p in ax.patches])
        assert [0.0, 93.4, 0.0, 0.0, 0.0] == [round(p.get_height(), 6) for p in ax.patches]

    def test_change(self, report, store):
        """The change chart: the previous year and this one, with the change in percent; suppressed said."""
        from ghgcore.views.charts import change_chart

        ax = change_chart(report).axes[0]
        assert [107.0, 151.6, 93.4, 93.4] == [round(p.get_height(), 6) for p in ax.patches]
        assert {"-12.7%", "-38.4%"} <= {text.get_text() for text in ax.texts}
        suppressed = network_report(store, 2024, anonymise=True, min_group=4)
        ax = change_chart(suppressed).axes[0]
        assert [151.6, 93.4] == [round(p.get_height(), 6) for p in ax.patches]
        assert any("suppressed" in text.get_text() for text in ax.texts)

    def test_dollar_signs_are_not_mathtext(self, report):
        """A name with dollar signs is drawn as text, not as mathtext."""
        from ghgcore.views.charts import figure_svg, members_chart

        data = json.loads(dumps_summary(report))
        data["members"][0]["organisation"] = "$x^2$ and $ AS"
        fig = members_chart(data)
        label = fig.axes[0].get_yticklabels()[0]
        assert "$x^2$ and $ AS" == label.get_text()
        assert not label.get_parse_math()
        figure_svg(fig)  # draws without a mathtext error

    def test_no_pyplot(self):
        """The charts never use pyplot (no global figure state)."""
        import ghgcore.views.charts as charts

        source = Path(charts.__file__).read_text(encoding="utf-8")
        assert "import matplotlib.pyplot" not in source
        assert "plt." not in source

    def test_empty_network(self, tmp_path):
        """A network without accounts draws empty charts and views without an error."""
        from ghgcore.views.charts import network_charts

        data = network_report(AccountStore(tmp_path / "empty"), 2024)
        figures = network_charts(data)
        assert ["scopes", "members", "quality", "change"] == list(figures)
        assert 0 == len(figures["members"].axes[0].patches)
        assert "No member reported." in format_network(data)
        assert [] == parse(network_html(data)).errors


class TestSvg:
    def test_deterministic(self, report):
        """The same chart gives the same SVG."""
        from ghgcore.views.charts import figure_svg, members_chart, scopes_chart

        assert figure_svg(scopes_chart(report)) == figure_svg(scopes_chart(report))
        assert figure_svg(members_chart(report)) == figure_svg(members_chart(report))

    def test_inline_element_without_date_or_comments(self, report):
        """The SVG is an inline element with its label, without XML declaration, comments or date."""
        from ghgcore.views.charts import figure_svg, scopes_chart

        svg = figure_svg(scopes_chart(report), label="Scopes & more")
        assert svg.startswith('<svg role="img" aria-label="Scopes &amp; more" ')
        assert svg.endswith("</svg>\n")
        assert "<?xml" not in svg
        assert "<!--" not in svg
        assert "<dc:date>" not in svg
        assert "metadata" not in svg

    def test_prefixed_ids(self, report):
        """Every id and reference of an SVG carries the prefix, so charts on one page do not clash."""
        from ghgcore.views.charts import figure_svg, scopes_chart

        svg = figure_svg(scopes_chart(report), prefix="p-")
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert ids
        assert all(i.startswith("p-") for i in ids)
        assert all(ref.startswith("#p-") for ref in re.findall(r'href="([^"]+)"', svg))
        assert all(ref.startswith("p-") for ref in re.findall(r"url\(#([^)]+)\)", svg))

    def test_matplotlib_settings_are_left_alone(self, report):
        """Drawing leaves matplotlib's settings as they were."""
        import matplotlib

        from ghgcore.views.charts import figure_svg, scopes_chart

        before = matplotlib.rcParams["svg.hashsalt"], matplotlib.rcParams["font.size"]
        figure_svg(scopes_chart(report))
        assert before == (matplotlib.rcParams["svg.hashsalt"], matplotlib.rcParams["font.size"])


class TestWithoutMatplotlib:
    def test_charts_name_the_extra(self, report, monkeypatch):
        """Without matplotlib, each chart says which extra to install."""
        from ghgcore.views import charts

        monkeypatch.setitem(sys.modules, "matplotlib", None)
        for draw in (charts.scopes_chart, charts.members_chart, charts.quality_chart, charts.change_chart):
            with pytest.raises(OptionError, match=re.escape("pip install 'ghgcore[charts]'")):
                draw(report)

    def test_page_without_charts_needs_no_matplotlib(self, report, monkeypatch):
        """The page without charts needs no matplotlib; with charts it says it is missing."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        with pytest.raises(OptionError, match="matplotlib"):
            network_html(report)
        assert "<svg" not in network_html(report, charts=False)

    def test_views_import_no_matplotlib(self):
        """Importing the views does not import matplotlib."""
        import subprocess

        code = "import sys, ghgcore.views; print('matplotlib' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert "False" == out.stdout.strip()


class TestCommandLine:
    def test_table_and_html(self, store, tmp_path):
        """The command ghgcore network writes the HTML page and the text report."""
        from ghgcore.cli import main

        out = tmp_path / "report.html"
        assert 0 == main(
            ["network", "--store", str(store.path), "--year", "2024", "--format", "html", "-o", str(out)]
        )
        page = out.read_text(encoding="utf-8")
        assert [] == parse(page).errors
        assert 4 == page.count("<svg ")
        table = tmp_path / "report.txt"
        assert 0 == main(["network", "--store", str(store.path), "--year", "2024", "-o", str(table)])
        assert table.read_text(encoding="utf-8").startswith("Climate-partner network, 2024: 3 of 4")


def test_value_axes_have_thousands_separators(report):
    """The charts' value axes group thousands, and say their unit."""
    from ghgcore.views.charts import change_chart, members_chart

    formatter = change_chart(report).axes[0].yaxis.get_major_formatter()
    assert ["0", "1,500", "2.5", "1,234,567.5"] == [formatter(x, 0) for x in (0.0, 1500.0, 2.5, 1234567.5)]
    assert "t CO2e" == members_chart(report).axes[0].get_xlabel()


class TestNorwegian:
    """The network's views in Norwegian bokmål: every label from the catalogue, numbers as Norwegian writes them."""

    def test_text(self, report):
        """The heading, a scope 3 category by its Norwegian name, the change with decimal commas and ' %'."""
        text = format_network(report, language="nb")
        assert (
            "Klimapartnernettverk, 2024: 3 av 4 medlemmer har rapportert, 93,4 t CO2e" == text.splitlines()[0]
        )
        assert re.search(r"4 Oppstrøms transport og distribusjon\s+6,0\n", text)
        assert re.search(r"6 Forretningsreiser\s+6,4\n", text)
        assert re.search(r"sammenlignbare\s+3\s+107,0\s+93,4\s+-13,6\s+-12,7\xa0%\n", text)
        assert re.search(r"Frakt Fjord AS\s+67,0\s+71,7\xa0%\s+-10,7\xa0%\s+2,00\s+1\s+nei\s+nei\n", text)
        assert re.search(r"Frakt Fjord AS\s+3\xa0350,0\s+0\s+1\xa0340,0\s+0\n", text)
        assert "Oppfyller alle kriteriene som kreves i 2024: 0 av 4 medlemmer." in text
        assert re.search(r"2\s+fysiske aktivitetsdata, faktor for linjens region og år\s+93,4\n", text)

    def test_no_english_label_left(self, report):
        """The parts' titles and the table headers are all Norwegian."""
        text = format_network(report, language="nb")
        for english in (
            "Climate-partner", "Members one by one", "Emissions", "Targets", "Change from", "Data quality",
            "organisation", "reported", "share", "on track", "Membership criteria",
        ):  # fmt: skip
            assert english not in text
        for norwegian in ("Medlemmene enkeltvis", "Utslipp", "Mål", "Endring fra 2023", "Datakvalitet"):
            assert f"\n{norwegian}\n" in text

    def test_anonymised(self, store):
        """Suppressed figures and the anonymisation in Norwegian (the pseudonyms are the report's own)."""
        data = network_report(store, 2024, anonymise=True, min_group=4)
        text = format_network(data, language="nb")
        assert "Anonymisert: pseudonymer i stedet for navn, små grupper skjult." == text.splitlines()[1]
        assert re.search(r"sammenlignbare\s+3\s+skjult\s+skjult\s+skjult\s+skjult\n", text)
        assert "  - scope 3-kategori 6 (Forretningsreiser)" in text
        assert "Et tall summert over færre enn 4 medlemmer skjules:" in " ".join(text.split())

    def test_html(self, report):
        """The page says it is Norwegian, its cards and tables are, and the criteria keep their colours."""
        data = json.loads(dumps_summary(report))
        data["criteria"]["members"][0]["results"][1].update(required=False)
        page = network_html(data, charts=False, language="nb")
        assert page.startswith("<!DOCTYPE html>\n<html lang='nb'>")
        assert "<title>Klimapartnernettverk 2024</title>" in page
        assert "<div class='value'>93,4 t</div><div class='label'>CO2e totalt</div>" in page
        assert "<div class='value'>-12,7\xa0%</div><div class='label'>endring, sammenlignbare</div>" in page
        assert "<td class='met'>oppfylt</td>" in page
        assert "<td class='unmet'>ikke oppfylt</td>" in page
        assert "<td class='aside'>ikke oppfylt (kreves ikke)</td>" in page
        assert [] == parse(page).errors

    def test_html_charts(self, report):
        """The charts' captions are Norwegian too (the charts get the language)."""
        page = network_html(report, language="nb")
        assert (
            "<figcaption>Utslipp etter scope; lokasjonsbasert scope 2 er en markør og legges ikke til.</figcaption>"
            in (page)
        )
        assert 4 == page.count("<svg ")

    def test_english_is_the_default(self, report):
        """Without a language, and with 'en', the views are English and the same."""
        assert format_network(report) == format_network(report, language="en")
        assert network_html(report, charts=False) == network_html(report, charts=False, language="en")
        assert "<html lang='en'>" in network_html(report, charts=False)

    def test_unknown_language(self, report):
        """A language without a catalogue is an OptionError naming it."""
        with pytest.raises(OptionError, match="language 'fi': no catalogue"):
            format_network(report, language="fi")
