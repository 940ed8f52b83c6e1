"""The yearly climate account ("klimaregnskap") as a document: sections of text, tables and charts.

The HTML page and the PDF are drawn from the same document, so they say
the same. Every label is a message of :mod:`ghgcore.i18n`; every number is
the summary's (or the progress report's), formatted for the language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ghgcore._version import __version__
from ghgcore.errors import OptionError
from ghgcore.figures import CATEGORY_NAMES
from ghgcore.i18n import Language
from ghgcore.views._base import category_names, disclosures, reason_names, uncertainty_method_name
from ghgcore.views.reports._common import currency_code, number_at, progress_row, revenue_amount
from ghgcore.views.reports._datapoints import revenue_from_metrics

__all__ = ["Chart", "Document", "Items", "Section", "Table", "Text", "document"]

#: The most lines of a list (unresolved lines, fallbacks) shown in the account; the rest are counted.
MAX_ITEMS = 20


def _strings(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _rows(values: Iterable[Iterable[Any]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_strings(row) for row in values)


def _flags(values: Iterable[bool]) -> tuple[bool, ...]:
    return tuple(bool(v) for v in values)


def _indices(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


@attrs.frozen
class Text:
    """A paragraph."""

    text: str


@attrs.frozen
class Items:
    """A bulleted list."""

    items: tuple[str, ...] = attrs.field(converter=_strings)


@attrs.frozen
class Table:
    """A table: a header, rows of formatted cells, which columns are numbers, which rows are totals.

    Attributes
    ----------
    columns : tuple of str
    rows : tuple of tuple of str
    numeric : tuple of bool
        Per column: right-aligned.
    totals : tuple of int
        Rows drawn as totals (bold).
    """

    columns: tuple[str, ...] = attrs.field(converter=_strings)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    numeric: tuple[bool, ...] = attrs.field(converter=_flags)
    totals: tuple[int, ...] = attrs.field(default=(), converter=_indices)


@attrs.frozen
class Chart:
    """A chart of :mod:`ghgcore.views.charts`, by kind (``scope``, ``category``, ``trend``), with its caption."""

    kind: str
    caption: str


Block = Text | Items | Table | Chart


def _blocks(values: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(values)


@attrs.frozen
class Section:
    """A heading and its blocks."""

    heading: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)


def _pairs(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in values)


def _sections(values: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(values)


@attrs.frozen
class Document:
    """The whole account: title, subtitle, key figures (label, value), sections, footer."""

    title: str
    subtitle: str
    key_figures: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    footer: str
    language: str


def _scaled(value: float | None, by: float) -> float | None:
    """`value` divided by `by` (kg to tonnes, percent to a fraction), None staying None."""
    return None if value is None else value / by


def _ratio(lang: Language, value: float | None) -> str:
    """An intensity in tonnes: three decimals, more for a small one (three significant digits, nine at most)."""
    decimals = 3
    if value is not None and math.isfinite(value) and 0 < abs(value) < 0.1:
        decimals = min(9, 2 - math.floor(math.log10(abs(value))))
    return lang.number(value, decimals)


def _share(lang: Language, part: float | None, whole: float | None) -> str:
    if part is None or whole is None or whole == 0:
        return "–"
    return lang.percent(part / whole, 1)


def _interval(lang: Language, summary: Mapping[str, Any], key: str) -> str:
    """The 95 % interval of a figure of the summary's ``uncertainty``, as ``low–high (±x %)``; ``–`` if none."""
    figure = (
        number_at(summary, "uncertainty", "figures", key, "low"),
        number_at(summary, "uncertainty", "figures", key, "high"),
    )
    relative = number_at(summary, "uncertainty", "figures", key, "relative")
    if figure[0] is None or figure[1] is None:
        return "–"
    text = lang.format("{low} to {high}", low=lang.tonnes(figure[0], 1), high=lang.tonnes(figure[1], 1))
    if relative is not None:
        text += " (±" + lang.percent(relative, 0) + ")"
    return text


def _has_uncertainty(summary: Mapping[str, Any]) -> bool:
    figures = (
        (summary.get("uncertainty") or {}).get("figures")
        if isinstance(summary.get("uncertainty"), Mapping)
        else None
    )
    return isinstance(figures, Mapping) and bool(figures)


def _level(lang: Language, summary: Mapping[str, Any]) -> str:
    level = number_at(summary, "uncertainty", "level")
    return lang.percent(level if level is not None else 0.95, 0)


def _scopes(summary: Mapping[str, Any], lang: Language) -> Section:
    total = number_at(summary, "total_kg_co2e")
    location_total = number_at(summary, "total_location_based_kg_co2e")
    uncertain = _has_uncertainty(summary)
    rows = []
    for label, key, share in (
        (lang.gettext("Scope 1"), "1", True),
        (lang.gettext("Scope 2, location-based"), "2_location", False),
        (lang.gettext("Scope 2, market-based"), "2_market", True),
        (lang.gettext("Scope 3"), "3", True),
    ):
        kg = number_at(summary, "scopes", key)
        row = [label, lang.tonnes(kg, 1), _share(lang, kg, total) if share else ""]
        if uncertain:
            row.append(_interval(lang, summary, key))
        rows.append(row)
    total_row = [
        lang.gettext("Total (scope 1 + scope 2 market-based + scope 3)"),
        lang.tonnes(total, 1),
        _share(lang, total, total),
    ]
    location_row = [
        lang.gettext("Total, location-based (scope 2 location-based)"),
        lang.tonnes(location_total, 1),
        "",
    ]
    if uncertain:
        total_row.append(_interval(lang, summary, "total"))
        location_row.append("–")
    rows += [total_row, location_row]
    columns = ["", lang.gettext("t CO2e"), lang.gettext("Share of total")]
    if uncertain:
        columns.append(lang.format("{level} interval, t CO2e", level=_level(lang, summary)))
    blocks: list[Block] = [
        Table(columns, rows, (False, True, True, True)[: len(columns)], totals=(4, 5)),
        Text(
            lang.gettext(
                "Scope 2 is reported on both bases (GHG Protocol Scope 2 Guidance): location-based with the "
                "average emissions of the grids, market-based with the suppliers' and contracts' figures. "
                "The total uses the market-based figure."
            )
        ),
        Chart("scope", lang.gettext("Emissions by scope")),
    ]
    return Section(lang.gettext("Emissions by scope"), blocks)


def _category_label(lang: Language, key: str) -> str:
    """``6. Business travel``: a scope 3 category's number and its name (GHG Protocol) in the language."""
    names = category_names(lang)
    if key in names:
        return lang.format("{number}. {name}", number=key, name=names[key])
    return lang.gettext("Not assigned to a category")


def _categories(summary: Mapping[str, Any], lang: Language) -> Section:
    categories = summary.get("scope3_categories") or {}
    scope3 = number_at(summary, "scopes", "3")
    uncertain = _has_uncertainty(summary)
    keys = [c for c in CATEGORY_NAMES if number_at(categories, c)]
    if number_at(categories, "unassigned"):
        keys.append("unassigned")
    if not keys:
        return Section(
            lang.gettext("Scope 3 by category"), [Text(lang.gettext("No scope 3 emissions were calculated."))]
        )
    rows = []
    for key in keys:
        kg = number_at(categories, key)
        row = [_category_label(lang, key), lang.tonnes(kg, 1), _share(lang, kg, scope3)]
        if uncertain:
            row.append(_interval(lang, summary, f"3.{key}"))
        rows.append(row)
    columns = [
        lang.gettext("Category (GHG Protocol)"),
        lang.gettext("t CO2e"),
        lang.gettext("Share of scope 3"),
    ]
    if uncertain:
        columns.append(lang.format("{level} interval, t CO2e", level=_level(lang, summary)))
    return Section(
        lang.gettext("Scope 3 by category"),
        [
            Table(columns, rows, (False, True, True, True)[: len(columns)]),
            Chart("category", lang.gettext("Scope 3 by category")),
        ],
    )


def _energy(summary: Mapping[str, Any], lang: Language) -> Section:
    energy = summary.get("energy")
    heading = lang.gettext("Energy use")
    if not isinstance(energy, Mapping):
        return Section(heading, [Text(lang.gettext("This summary has no energy figures."))])
    kinds = energy.get("by_kind") or {}
    rows = [[lang.gettext("Total energy use"), lang.number(number_at(energy, "total_mwh"), 1)]]
    for label, key in (
        (lang.gettext("Fossil"), "fossil"),
        (lang.gettext("Renewable"), "renewable"),
        (lang.gettext("Nuclear"), "nuclear"),
        (lang.gettext("Unspecified"), "unspecified"),
    ):
        if key in kinds:
            rows.append([label, lang.number(number_at(kinds, key), 1)])
    blocks: list[Block] = [
        Table([lang.gettext("Energy"), lang.gettext("MWh")], rows, (False, True), totals=(0,))
    ]
    share = number_at(energy, "renewable_share")
    if share is not None:
        blocks.append(Text(lang.format("Renewable share: {share}.", share=lang.percent(share, 1))))
    notes = [str(n) for n in energy.get("notes") or []]
    if notes:
        blocks.append(Items(notes))
    return Section(heading, blocks)


def _metric_label(lang: Language, name: str, unit: str) -> str:
    if unit:
        return lang.format("{name} (t CO2e per {unit})", unit=unit, name=name)
    return lang.format("{name} (t CO2e per one)", name=name)


def _scope_label(lang: Language, key: str) -> str:
    """A scope key of a target (``2_market``, ``1_fossil``, ``3.6``) as the reader says it."""
    if key == "1":
        return lang.gettext("scope 1")
    if key == "1_fossil":
        return lang.gettext("scope 1, fossil")
    if key == "2_market":
        return lang.gettext("scope 2, market-based")
    if key == "2_location":
        return lang.gettext("scope 2, location-based")
    if key == "3":
        return lang.gettext("scope 3")
    if key.startswith("3."):
        return lang.format("scope 3 category {number}", number=key[2:])
    return key


def _lines(lang: Language, count: Any) -> str:
    n = int(number_at(count) or 0)
    return lang.ngettext("{count} line", "{count} lines", n).format(count=lang.number(n, 0))


def _stored_revenue(row: Mapping[str, Any] | None, amount: float, code: str) -> bool:
    """Whether a stored metric of the year with an intensity in `row` is that revenue (`amount` `code`)."""
    if row is None:
        return False
    metrics, shown = row.get("metrics"), row.get("intensity")
    if not isinstance(metrics, Mapping) or not isinstance(shown, Mapping):
        return False
    for name in metrics:
        if name not in shown:
            continue
        try:
            found = revenue_from_metrics(metrics, str(name))
        except OptionError:  # a count (employees) or another quantity: not a revenue
            continue
        if found is not None and found[1] == code and math.isclose(found[0], amount, rel_tol=1e-9):
            return True
    return False


def _revenue_rows(
    summary: Mapping[str, Any],
    row: Mapping[str, Any] | None,
    revenue: tuple[float, str] | None,
    lang: Language,
) -> tuple[list[list[str]], list[Block]]:
    """The intensity row of the revenue given (per million of its currency) and its note; none if stored."""
    if revenue is None:
        return [], []
    amount, currency = revenue
    code = currency_code(currency)
    what = lang.gettext("revenue")
    divisor, why = revenue_amount(amount, code, lang, what, "revenue")
    if divisor is not None and _stored_revenue(row, divisor, code):
        return [], []  # a stored metric is this revenue: its row is there already
    if divisor is None:
        return [], [Text(str(why))]  # a revenue of 0
    million = divisor / 1e6
    market = number_at(summary, "total_kg_co2e")
    location = number_at(summary, "total_location_based_kg_co2e")
    rows = [
        [
            _metric_label(lang, what, "M" + code),
            _ratio(lang, None if market is None else market / 1000.0 / million),
            _ratio(lang, None if location is None else location / 1000.0 / million),
        ]
    ]
    note = Text(
        lang.format(
            "Per revenue: the totals divided by a revenue of {amount} {currency} in the reporting year.",
            amount=lang.number(divisor, 0),
            currency=code,
        )
    )
    return rows, [note]


def _intensity(
    summary: Mapping[str, Any],
    progress: Mapping[str, Any] | None,
    revenue: tuple[float, str] | None,
    lang: Language,
) -> Section:
    """Intensities: per stored metric (from `progress`), and per the `revenue` given unless a metric is it."""
    heading = lang.gettext("Intensity")
    row = progress_row(progress, summary.get("year"))
    market = row.get("intensity") if row is not None else None
    location = row.get("intensity_location_based") if row is not None else None
    units = (progress or {}).get("metric_units") or {}
    rows = []
    for name in sorted(market) if isinstance(market, Mapping) else []:
        unit = str(units.get(name) or "")
        rows.append(
            [
                _metric_label(lang, name, unit),
                _ratio(lang, _scaled(number_at(market, name), 1000.0)),
                _ratio(lang, _scaled(number_at(location, name), 1000.0)),
            ]
        )
    revenue_rows, notes = _revenue_rows(summary, row, revenue, lang)
    rows += revenue_rows
    if not rows:
        return Section(
            heading,
            [
                *notes,
                Text(
                    lang.gettext(
                        "No intensity: store the account's figures (revenue, employees) with it "
                        "(ghgcore calculate --store ... --metric 'revenue=12.5 MNOK') and make the account "
                        "from the store."
                    )
                ),
            ],
        )
    table = Table(
        ["", lang.gettext("Market-based total"), lang.gettext("Location-based total")],
        rows,
        (False, True, True),
    )
    return Section(heading, [table, *notes])


def _quality(summary: Mapping[str, Any], lang: Language) -> Section:
    heading = lang.gettext("Data quality and uncertainty")
    blocks: list[Block] = []
    quality = summary.get("quality")
    if isinstance(quality, Mapping):
        score = number_at(quality.get("weighted_score"))
        blocks.append(
            Text(
                lang.format(
                    "Data quality, weighted by emissions: {score} on a scale from 1 (measured or supplier-specific) "
                    "to 5 (spend-based).",
                    score=lang.number(score, 1),
                )
            )
        )
        lines = quality.get("lines") or {}
        kg = quality.get("kg_co2e") or {}
        rows = [
            [str(s), lang.number(number_at(lines, str(s)), 0), lang.tonnes(number_at(kg, str(s)), 1)]
            for s in range(1, 6)
        ]
        blocks.append(
            Table(
                [lang.gettext("Score"), lang.gettext("Lines"), lang.gettext("t CO2e")],
                rows,
                (False, True, True),
            )
        )
    if _has_uncertainty(summary):
        uncertainty = summary["uncertainty"]
        blocks.append(
            Text(
                lang.format(
                    "Uncertainty ({method}): the {level} interval of the total is {interval} t CO2e.",
                    method=uncertainty_method_name(uncertainty.get("method"), lang),
                    level=_level(lang, summary),
                    interval=_interval(lang, summary, "total"),
                )
            )
        )
    if not blocks:
        blocks.append(Text(lang.gettext("This summary has no data quality scores or uncertainty figures.")))
    return Section(heading, blocks)


def _yes_no(lang: Language, value: Any) -> str:
    if value is True:
        return lang.gettext("yes")
    if value is False:
        return lang.gettext("no")
    return "–"


def _target_value(lang: Language, target: Mapping[str, Any], kg: float | None, units: Any) -> str:
    """A target's path or actual value: tonnes CO2e, or for an intensity target t CO2e per its metric's unit.

    An intensity target's figures are kg CO2e per unit of its metric
    (:func:`ghgcore.progress.progress`); the cell says the unit (``0.123 t
    CO2e per MNOK``), the metric's name for a count (``per employees``).
    """
    if target.get("kind") != "intensity":
        return lang.tonnes(kg, 1)
    metric = str(target.get("metric") or "")
    unit = str(units.get(metric) or "") if isinstance(units, Mapping) else ""
    return lang.format(
        "{value} t CO2e per {unit}", value=_ratio(lang, _scaled(kg, 1000.0)), unit=unit or metric
    )


def _targets(
    summary: Mapping[str, Any], progress: Mapping[str, Any] | None, lang: Language
) -> Section | None:
    if not isinstance(progress, Mapping):
        return None
    year = summary.get("year")
    row = progress_row(progress, year)
    blocks: list[Block] = []
    base = progress.get("base_year")
    base_total = number_at(progress, "base_year_figures", "total_kg_co2e")
    recalculated = bool(progress.get("recalculations"))
    blocks.append(
        Text(
            lang.format(
                "Base year {year}: {total} t CO2e (as recalculated for structural and method changes).",
                year=str(base),
                total=lang.tonnes(base_total, 1),
            )
            if recalculated
            else lang.format(
                "Base year {year}: {total} t CO2e (as calculated; no change has called for a recalculation).",
                year=str(base),
                total=lang.tonnes(base_total, 1),
            )
        )
    )
    if row is not None:
        change = number_at(row, "change_from_base_kg")
        if change is not None:
            blocks.append(
                Text(
                    lang.format(
                        "Change from the base year: {change} t CO2e ({percent}).",
                        change=lang.number(change / 1000.0, 1, sign=True),
                        percent=lang.percent(
                            _scaled(number_at(row, "change_from_base_percent"), 100.0),
                            1,
                            sign=True,
                        ),
                    )
                )
            )
        previous = number_at(row, "change_kg")
        if previous is not None:
            blocks.append(
                Text(
                    lang.format(
                        "Change from the previous year: {change} t CO2e ({percent}).",
                        change=lang.number(previous / 1000.0, 1, sign=True),
                        percent=lang.percent(
                            _scaled(number_at(row, "change_percent"), 100.0),
                            1,
                            sign=True,
                        ),
                    )
                )
            )
        decomposition = row.get("decomposition")
        if isinstance(decomposition, Mapping) and decomposition.get("reasons"):
            reasons = reason_names(lang)
            blocks.append(
                Text(lang.gettext("The change from the previous year by cause (LMDI decomposition):"))
            )
            blocks.append(
                Items(
                    lang.format(
                        "{reason}: {change} t CO2e",
                        reason=reasons.get(str(r.get("reason")), str(r.get("reason"))),
                        change=lang.number(float(r.get("kg_co2e", 0.0)) / 1000.0, 1, sign=True),
                    )
                    for r in decomposition["reasons"]
                )
            )
    targets = [t for t in progress.get("targets") or [] if isinstance(t, Mapping)]
    if targets:
        key = str(year)
        rows = []
        units = progress.get("metric_units") or {}
        for target in targets:
            path = number_at(target, "path", key)
            actual = number_at(target, "actual", key)
            rows.append(
                [
                    str(target.get("name", "")),
                    " + ".join(_scope_label(lang, str(s)) for s in target.get("scopes") or []),
                    lang.format(
                        "{reduction} by {year}",
                        reduction=lang.percent(
                            (number_at(target.get("reduction_percent")) or 0.0) / 100.0, 0
                        ),
                        year=str(target.get("target_year", "")),
                    ),
                    _target_value(lang, target, path, units),
                    _target_value(lang, target, actual, units),
                    _yes_no(lang, (target.get("on_track") or {}).get(key)),
                ]
            )
        blocks.append(
            Table(
                [
                    lang.gettext("Target"),
                    lang.gettext("Scopes"),
                    lang.gettext("Reduction"),
                    lang.format("Path {year}", year=key),
                    lang.format("Actual {year}", year=key),
                    lang.gettext("On track"),
                ],
                rows,
                (False, False, False, True, True, False),
            )
        )
        blocks.append(Chart("trend", lang.gettext("Emissions over the years against the targets' paths")))
    return Section(lang.gettext("Base year and targets"), blocks)


def _limited(lang: Language, items: list[str]) -> list[str]:
    if len(items) <= MAX_ITEMS:
        return items
    return [
        *items[:MAX_ITEMS],
        lang.format("... and {count} more", count=lang.number(len(items) - MAX_ITEMS, 0)),
    ]


def _disclosures(summary: Mapping[str, Any], lang: Language) -> Section:
    """What a reader must be told: the notebook view's disclosures, then lines left out and unresolved.

    The disclosures are :func:`ghgcore.views._base.disclosures` (other
    years, factors from another year or region, scope 2 whose market-based
    figure is the location-based one, price assumptions, the hybrid rule,
    the ledgers), so that the account and the inventory's views say the
    same; "exact factors" is said only when there is nothing at all.
    """
    blocks: list[Block] = []
    for heading, items in disclosures(summary, lang):
        blocks.append(Text(heading))
        blocks.append(Items(_limited(lang, [str(item) for item in items])))
    excluded = [e for e in summary.get("excluded") or [] if isinstance(e, Mapping)]
    if excluded:
        blocks.append(Text(lang.gettext("Lines left out, with the reason:")))
        blocks.append(
            Items(
                _limited(
                    lang,
                    [
                        lang.format(
                            "{reason} ({lines})",
                            reason=str(e.get("reason", "")),
                            lines=_lines(lang, e.get("lines")),
                        )
                        for e in excluded
                    ],
                )
            )
        )
    unresolved = [u for u in summary.get("unresolved") or [] if isinstance(u, Mapping)]
    if unresolved:
        blocks.append(
            Text(
                lang.format(
                    "Unresolved lines (not in the totals): {count}.", count=lang.number(len(unresolved), 0)
                )
            )
        )
        blocks.append(
            Items(
                _limited(
                    lang,
                    [
                        lang.format(
                            "line {line}: {reason}",
                            line=str(u.get("line", "")),
                            reason=str(u.get("reason", "")),
                        )
                        for u in unresolved
                    ],
                )
            )
        )
    montreal = number_at(summary, "montreal_gases_kg_co2e")
    if montreal:
        blocks.append(
            Text(
                lang.format(
                    "Montreal Protocol gases, outside the scopes: {tonnes} t CO2e.",
                    tonnes=lang.tonnes(montreal, 1),
                )
            )
        )
    if not blocks:
        blocks.append(
            Text(lang.gettext("Nothing to disclose: every line was calculated with exact factors."))
        )
    return Section(lang.gettext("Disclosures"), blocks)


def _factor_sets(summary: Mapping[str, Any], lang: Language) -> Section:
    sets = [fs for fs in summary.get("factor_sets") or [] if isinstance(fs, Mapping)]
    rows = [
        [str(fs.get("name", "")), str(fs.get("version", "")), str(fs.get("sha256", ""))[:16]] for fs in sets
    ]
    return Section(
        lang.gettext("Factor sets"),
        [
            Table(
                [lang.gettext("Factor set"), lang.gettext("Version"), lang.gettext("SHA-256 (start)")],
                rows,
                (False, False, False),
            )
        ],
    )


def _method(summary: Mapping[str, Any], lang: Language) -> Section:
    excluded = sum(
        int(number_at(e.get("lines")) or 0) for e in summary.get("excluded") or [] if isinstance(e, Mapping)
    )
    items = [
        lang.format(
            "Greenhouse gases as CO2 equivalents with GWP-100 values from IPCC {gwp}.",
            gwp=str(summary.get("gwp", "")),
        ),
        lang.format(
            "Lines: {lines} read, {calculated} calculated, {excluded} left out, {unresolved} unresolved.",
            lines=lang.number(number_at(summary.get("lines")), 0),
            calculated=lang.number(number_at(summary.get("calculated")), 0),
            excluded=lang.number(excluded, 0),
            unresolved=lang.number(len(summary.get("unresolved") or []), 0),
        ),
        lang.format(
            "Biogenic CO2, reported outside the scopes: {tonnes} t.",
            tonnes=lang.tonnes(number_at(summary, "biogenic_co2_kg"), 1),
        ),
    ]
    spend = summary.get("spend")
    share = number_at(spend, "spend_share") if isinstance(spend, Mapping) else None
    if share is not None:
        items.append(
            lang.format(
                "Spend-based (EEIO) emissions: {share} of the total; activity data replace spend where they "
                "were calculated.",
                share=lang.percent(share, 1),
            )
        )
    items.append(
        lang.format(
            "Calculated with ghgcore {version}; the same inputs and factor sets give the same figures.",
            version=str(summary.get("ghgcore_version", "")),
        )
    )
    return Section(lang.gettext("Method"), [Items(items)])


def document(
    summary: Mapping[str, Any],
    *,
    progress: Mapping[str, Any] | None = None,
    revenue: tuple[float, str] | None = None,
    language: Language,
) -> Document:
    """The yearly climate account of `summary` (with `progress` for the base year and targets).

    `revenue` (amount, ISO 4217 code) adds an intensity per million of the
    currency, unless a stored metric of the year (in `progress`) is that
    revenue already.
    """
    lang = language
    organisation = str(summary.get("organisation") or "")
    year = summary.get("year")
    title = lang.format("Climate account {year}", year=str(year) if year is not None else "")
    subtitle = lang.format(
        "{organisation}: greenhouse-gas emissions in tonnes CO2e (GWP-100, IPCC {gwp})",
        organisation=organisation or lang.gettext("(no organisation named)"),
        gwp=str(summary.get("gwp", "")),
    )
    key_figures = [
        (
            lang.gettext("Total, market-based"),
            lang.format("{tonnes} t CO2e", tonnes=lang.tonnes(number_at(summary, "total_kg_co2e"), 1)),
        ),
        (
            lang.gettext("Total, location-based"),
            lang.format(
                "{tonnes} t CO2e", tonnes=lang.tonnes(number_at(summary, "total_location_based_kg_co2e"), 1)
            ),
        ),
    ]
    mwh = number_at(summary, "energy", "total_mwh")
    if mwh is not None:
        key_figures.append((lang.gettext("Energy use"), lang.format("{mwh} MWh", mwh=lang.number(mwh, 1))))
    sections = [
        _scopes(summary, lang),
        _categories(summary, lang),
        _energy(summary, lang),
        _intensity(summary, progress, revenue, lang),
        _quality(summary, lang),
    ]
    targets = _targets(summary, progress, lang)
    if targets is not None:
        sections.append(targets)
    sections += [_disclosures(summary, lang), _factor_sets(summary, lang), _method(summary, lang)]
    footer = lang.format("Made with ghgcore {version}.", version=__version__)
    return Document(title, subtitle, key_figures, sections, footer, lang.code)
