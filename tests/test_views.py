"""Tests for the inventory views: the text report, the notebook HTML and what they share (views._base)."""

from __future__ import annotations

import copy
import glob
import html
import re
from html.parser import HTMLParser

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.figures import CATEGORY_NAMES
from ghgcore.quality import QUALITY_SCORES
from ghgcore.views import format_table, html_page, register_section, registered, to_html
from ghgcore.views import sections as _sections
from ghgcore.views._base import (
    category_names,
    disclosures,
    interval_rows,
    number,
    quality_names,
    section_text,
)
from ghgcore.views.text import interval_text

from .conftest import EXAMPLES

#: Every factor of the fixture's inventory: a fuel, a grid (location and market), spend, flights.
FACTORS = FactorSet.from_factors(
    [
        EmissionFactor("diesel", "L", {"CO2": 2.5, "CH4": 1e-4}, source="test", scope=1),
        EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="grid", region="NO", scope=2,
                       valid_from=2020, valid_to=2022, method="location"),
        EmissionFactor("electricity", "kWh", {"CO2": 0.4}, source="mix", region="NO", scope=2,
                       valid_from=2020, valid_to=2020, method="market"),
        EmissionFactor("cloud", "EUR", {"CO2e": 0.3}, source="eeio", scope=3, category=1),
        EmissionFactor("flight", "passenger_km", {"CO2": 0.15}, source="test", scope=3, category=6),
    ],
    name="test",
    version="1",
)  # fmt: skip


@pytest.fixture
def summary():
    """An inventory with every part the views show: categories, a year fallback on both bases, unresolved."""
    acts = [
        Activity.of("diesel", 1000, "L"),
        Activity.of("electricity", 50, "MWh", region="NO-NO1"),
        Activity.of("cloud", 217100, "EUR"),
        Activity.of("flight", 12000, "passenger_km"),
        Activity.of("unicorn", 1, "kg"),
    ]
    return calculate_inventory(acts, FACTORS, organisation="Test <AS>", year=2022).summary()


def old(summary):
    """The same summary as an older ghgcore wrote it: no quality, no uncertainty."""
    data = copy.deepcopy(summary)
    del data["quality"], data["uncertainty"]
    return data


class Cells(HTMLParser):
    """The text of every table cell, row by row, and whether every tag opened is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.open: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        """Keep the open tags; start a row or a cell."""
        if tag not in {"meta", "br"}:
            self.open.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        """Close the tag; end a cell."""
        assert tag == self.open.pop()
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        """Text of a cell."""
        if self._cell is not None:
            self._cell.append(data)


def cells(page: str) -> Cells:
    """The parsed page."""
    parser = Cells()
    parser.feed(page)
    parser.close()
    return parser


# --------------------------------------------------------------------- _base


def test_category_names_are_the_figures_table_in_english():
    """One table of names: the views' English ones are ghgcore.figures.CATEGORY_NAMES."""
    assert dict(CATEGORY_NAMES) == category_names()
    assert dict(CATEGORY_NAMES) == category_names("en")


def test_quality_names_are_the_quality_module_meanings():
    """The views' meanings of the scores are ghgcore.quality's."""
    assert {str(k): v for k, v in QUALITY_SCORES.items()} == quality_names()


def test_number_keeps_huge_numbers_short_in_every_language():
    """A huge figure stays one short field; a language writes its own separators."""
    assert "1.5e+20" == number(1.5e20, 3, "nb")
    assert "1\xa0234,50" == number(1234.5, 2, "nb")
    assert "1,234.50" == number(1234.5)


def test_interval_rows_carry_the_uncertainty_figures(summary):
    """Scopes, named categories and the total each with their interval; biogenic CO2 without."""
    rows = {key: (label, interval) for key, label, _, interval in interval_rows(summary)}
    assert summary["uncertainty"]["figures"]["total"] == rows["total"][1]
    assert "  1. Purchased goods and services" == rows["3.1"][0]
    assert "  6. Business travel" == rows["3.6"][0]
    assert rows["biogenic"][1] is None
    assert all(interval is None for _, _, _, interval in interval_rows(old(summary)))


def test_interval_text():
    """The half-width as a percentage, the ends in tonnes; nothing for no interval; a dash for no share."""
    interval = {"value": 1000.0, "low": 950.0, "high": 1050.0, "relative": 0.05}
    assert ("±5.0%", "0.950 – 1.050") == interval_text(interval)
    assert ("±5,0\xa0%", "0,950 – 1,050") == interval_text(interval, "nb")
    assert ("", "") == interval_text(None)
    assert "–" == interval_text({**interval, "relative": None})[0]


def test_disclosures_say_how_much_came_from_each_kind_of_fallback(summary):
    """'x t of market-based scope 2 came from a year fallback', before each fallback."""
    [(_, items)] = [d for d in disclosures(summary) if d[0].startswith("Factors from another")]
    market = [f for f in summary["fallbacks"] if f["basis"] == "market"]
    tonnes = sum(f["kg_co2e"] for f in market) / 1000
    assert f"Market-based scope 2: {tonnes:,.3f} t CO2e from a region+year fallback (1 line)" == items[0]
    assert items[1].startswith("Location-based, every scope: ")
    assert len(summary["fallbacks"]) + 2 == len(items)


def test_sections_without_a_language_still_render(summary):
    """A section written before views took a language is called with the summary alone."""

    class Plain:
        key = "plain"

        def summarise(self, result):  # type: ignore[no-untyped-def]
            """Nothing to add."""
            return None

        def text(self, data):  # type: ignore[no-untyped-def]
            """One line."""
            return ["plain section"]

        def html(self, data):  # type: ignore[no-untyped-def]
            """One paragraph."""
            return "<p>plain section</p>"

    assert ["plain section"] == section_text(Plain(), summary, "nb")
    before = dict(_sections._sections)
    try:
        register_section(Plain())
        assert Plain in {type(s) for s in registered()}
        assert "plain section" in format_table(summary, language="nb")
        assert "<p>plain section</p>" in to_html(summary, language="nb")
    finally:
        _sections._sections.clear()
        _sections._sections.update(before)


# ---------------------------------------------------------------------- text


def test_text_report_shows_names_intervals_and_quality(summary):
    """Category names, each figure's 95 % interval, the quality scores, the disclosures."""
    text = format_table(summary)
    figures = summary["uncertainty"]["figures"]
    total = figures["total"]
    assert re.search(
        rf"Total \(scope 1 \+ scope 2 market-based \+ scope 3\) +{total['value'] / 1000:,.3f} +"
        rf"±{100 * total['relative']:.1f}% +{total['low'] / 1000:,.3f} – {total['high'] / 1000:,.3f}\n",
        text,
    )
    assert "  1. Purchased goods and services" in text
    assert "Data quality (PCAF-style score, 1 best, 5 poorest): weighted by emissions" in text
    lines = summary["quality"]["lines"]
    assert f"  3: {summary['quality']['kg_co2e']['3'] / 1000:,.3f} t CO2e, {lines['3']} line" in text
    assert "Market-based scope 2: " in text
    assert "line 5: unknown activity 'unicorn'" in text
    assert "CO2e (weighted by the factor source)" in text


def test_text_report_of_an_older_summary(summary):
    """A summary without quality and uncertainty is shown without them, the rest the same."""
    text = format_table(old(summary))
    assert "95 % interval" not in text
    assert "Data quality" not in text
    assert "  1. Purchased goods and services" in text
    first = format_table(summary).splitlines()
    assert first[3].split()[:3] == text.splitlines()[3].split()  # Scope 1, its figure


def test_text_report_in_norwegian_numbers(summary):
    """Numbers as the language writes them."""
    text = format_table(summary, language="nb")
    assert f"{summary['scopes']['1'] / 1000:.3f}".replace(".", ",") in text
    assert "±" in text


# ---------------------------------------------------------------------- html


def test_html_has_everything_the_text_report_has(summary):
    """Every figure the text shows, as table cells; every disclosure item; the factor sets."""
    page = to_html(summary)
    rows = cells(page).rows
    text = format_table(summary)
    for key, label, kg, interval in interval_rows(summary):
        share, span = interval_text(interval)
        assert [label.strip(), f"{kg / 1000:,.3f}", share, span] in rows, key
    for heading, items in disclosures(summary):
        assert f"{heading}:" in text
        assert html.escape(heading) in page
        for item in items:
            assert item in text
            assert html.escape(item) in page
    assert ["test", "1", summary["factor_sets"][0]["sha256"][:12]] in rows
    lines, kg = summary["quality"]["lines"]["2"], summary["quality"]["kg_co2e"]["2"]
    assert ["2", QUALITY_SCORES[2], str(lines), f"{kg / 1000:,.3f}"] == next(
        row[:4] for row in rows if row and row[0] == "2"
    )


def test_html_is_escaped_and_well_formed(summary):
    """Text from the input cannot become markup; every tag opened is closed."""
    page = html_page(summary)
    assert "Test &lt;AS&gt;" in page
    assert "<AS>" not in page
    parsed = cells(page)
    assert [] == parsed.open
    assert page.count("<tr>") == page.count("</tr>")


def test_html_of_an_older_summary_and_in_norwegian(summary):
    """An older summary renders without intervals; Norwegian numbers and the page's language."""
    assert "95 % interval" not in to_html(old(summary))
    page = html_page(summary, language="nb")
    assert "<html lang='nb'>" in page
    assert f"{summary['scopes']['1'] / 1000:.3f}".replace(".", ",") in page


def test_html_of_the_example_account_shows_its_disclosures():
    """The example account's notebook view: market-based scope 2 from a year fallback, excluded spend, versions."""
    inventory = calculate_inventory(sorted(glob.glob(str(EXAMPLES / "eksempel-as" / "2024" / "*"))))
    data = inventory.summary()
    page = inventory._repr_html_()
    market = sum(f["kg_co2e"] for f in data["fallbacks"] if f["basis"] == "market" and f["kind"] == "year")
    assert f"{market / 1000:,.3f} t CO2e from a year fallback" in page
    assert "Excluded lines, by reason" in page
    assert "not a purchase: revenue" in page
    for fs in data["factor_sets"]:
        assert f"<td>{fs['version']}</td>" in page
    assert "Upstream leased assets" in page
    assert page == inventory.to_html()


def test_monte_carlo_intervals_are_named_as_such():
    """A summary with Monte Carlo intervals says so, with its samples and seed, in the text and the HTML."""
    acts = [Activity.of("diesel", 1000, "L"), Activity.of("cloud", 217100, "EUR")]
    inventory = calculate_inventory(acts, FACTORS, organisation="Test AS", year=2022)
    data = inventory.summary(uncertainty="monte-carlo", samples=2000, seed=3)
    note = "95 % intervals by Monte Carlo (2,000 samples, seed 3; independent lines)"
    assert note in format_table(data)
    assert note in html_page(data)
    assert "IPCC approach 1" not in format_table(data)
    assert "IPCC approach 1" in format_table(inventory.summary())
