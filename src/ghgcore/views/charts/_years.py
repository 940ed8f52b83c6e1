"""Charts of an organisation's years (the dict of :func:`ghgcore.progress.progress`): trend and change by cause."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ghgcore.errors import OptionError
from ghgcore.figures import parse_scopes
from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import category_names, reason_names
from ghgcore.views.charts._common import (
    PALETTE,
    SERIES,
    chart_style,
    empty,
    kg_value,
    label_text,
    legend,
    need,
    new_figure,
    titles,
    tonnes,
    value_axis,
    value_text,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["trend_chart", "waterfall_chart"]

#: What a progress report is, for the messages of bad input.
PROGRESS = "the progress report (the dict of ghgcore.progress.progress, or its JSON read back)"
_DEFAULT_SCOPES = ("1", "2_market", "3")
#: The colours of the stacked bars by scope key (scope 2 on either basis is scope 2's colour) ...
_STACK = {
    "1": PALETTE["1"],
    "1_fossil": PALETTE["1"],
    "2_market": PALETTE["2_market"],
    "2_location": PALETTE["2_market"],
    "3": PALETTE["3"],
}
#: ... and of scope 3 categories, in turn.
_CATEGORY_COLOURS = (PALETTE["3"], "#F0E442", "#CC79A7", "#D55E00", "#009E73", "#999999")
#: The scope keys a part of a scope key belongs to (a target on 1_fossil is drawn against scope 1).
_WHOLE = {"1_fossil": "1", **{f"3.{c}": "3" for c in range(1, 16)}}


def _years(progress: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The report's years, each checked to have a year, oldest first."""
    years = need(progress, "years", PROGRESS)
    if not isinstance(years, Sequence) or isinstance(years, str):
        raise OptionError(f"progress['years']: expected a list of years, got {years!r}")
    rows = []
    for i, row in enumerate(years):
        year = need(row, "year", f"progress['years'][{i}]")
        if isinstance(year, bool) or not isinstance(year, int):
            raise OptionError(f"progress['years'][{i}]['year']: expected a year as an integer, got {year!r}")
        rows.append(row)
    return sorted(rows, key=lambda r: int(r["year"]))


def _figure(row: Mapping[str, Any], key: str) -> float:
    """A year's kg CO2e under a scope key (:mod:`ghgcore.figures`)."""
    where = f"the progress report's year {row['year']}"
    if key == "1_fossil":
        return kg_value(need(row, "scope1_fossil_kg_co2e", where), f"{where}: scope1_fossil_kg_co2e")
    if key.startswith("3."):
        categories = need(row, "scope3_categories", where) or {}
        return kg_value(categories.get(key[2:], 0.0), f"{where}: scope3_categories[{key[2:]!r}]")
    scopes = need(row, "scopes", where)
    return kg_value(need(scopes, key, f"{where}: scopes"), f"{where}: scopes[{key!r}]")


def _scope_label(lang: Language, key: str) -> str:
    labels = {
        "1": lang.gettext("Scope 1"),
        "1_fossil": lang.gettext("Scope 1, fossil fuels"),
        "2_market": lang.gettext("Scope 2 (market-based)"),
        "2_location": lang.gettext("Scope 2 (location-based)"),
        "3": lang.gettext("Scope 3"),
    }
    if key in labels:
        return labels[key]
    number = key[2:]
    return lang.format(
        "Scope 3, {number}. {name}", number=number, name=category_names(lang).get(number, number)
    )


def _covered(target_scopes: Iterable[str], keys: Sequence[str]) -> bool:
    """Whether the bars of `keys` hold every scope of a target (a part counts under its whole)."""
    return all(k in keys or _WHOLE.get(k) in keys for k in target_scopes)


def _by_year(values: object, where: str) -> dict[int, float]:
    """A target's ``{"2019": kg, ...}`` as ``{2019: t}``."""
    if not isinstance(values, Mapping):
        raise OptionError(f"{where}: expected a dict of kg CO2e by year, got {values!r}")
    out = {}
    for year, kg in values.items():
        try:
            number = int(year)
        except (TypeError, ValueError):
            raise OptionError(f"{where}: {year!r} is not a year") from None
        out[number] = tonnes(kg_value(kg, f"{where}[{year!r}]"))
    return dict(sorted(out.items()))


def trend_chart(
    progress: Mapping[str, Any],
    *,
    language: str | Language | None = None,
    scopes: str | Sequence[str] | None = None,
) -> Figure:
    """The yearly emissions stacked by scope, against each target's straight path, in tonnes CO2e.

    Each stored year is a bar stacked by the scopes asked for. Each absolute
    target whose scopes the bars hold (a scope 3 category or fossil scope 1
    counts under its scope) is a dashed line from its base year to its
    target year (:meth:`ghgcore.targets.Target.path`), with its actual
    figures as points; the years off track are crossed in red. Targets the
    bars cannot show (intensity targets, other scopes) are named below the chart.

    Parameters
    ----------
    progress : Mapping
        A progress report (:func:`ghgcore.progress.progress`, or its JSON read back).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.
    scopes : str or sequence of str, optional
        The scope keys to stack, as targets name them (``"1+2+3"``,
        ``"1+2_location+3"``, ``"3.1+3.6"``; :func:`ghgcore.figures.parse_scopes`).
        Default: scope 1, scope 2 market-based and scope 3.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are the years' values scope by scope (all
        years of the first scope, then of the next), in t CO2e; each target
        is a line of its path and one of its actual figures.

    Raises
    ------
    OptionError
        matplotlib is not installed; a report without ``years`` (or a year
        without the figures asked for); scopes that do not parse.
    """
    lang = get_language(language)
    rows = _years(progress)
    keys = _DEFAULT_SCOPES if scopes is None else parse_scopes(scopes)
    years = [int(r["year"]) for r in rows]
    stacks = {key: [tonnes(_figure(r, key)) for r in rows] for key in keys}
    totals = [math.fsum(stacks[k][i] for k in keys) for i in range(len(rows))]
    targets = progress.get("targets") or []
    drawn: list[tuple[Mapping[str, Any], dict[int, float], dict[int, float]]] = []
    left_out: list[str] = []
    for i, target in enumerate(targets):
        where = f"progress['targets'][{i}]"
        name = label_text(need(target, "name", where), 32)
        if target.get("kind", "absolute") != "absolute":
            left_out.append(lang.format("{name} (an intensity target)", name=name))
        elif not _covered(need(target, "scopes", where), keys):
            left_out.append(lang.format("{name} (other scopes)", name=name))
        elif not target.get("path"):
            left_out.append(lang.format("{name} (no path: its base year has no account)", name=name))
        else:
            path = _by_year(target["path"], f"{where}['path']")
            actual = _by_year(target.get("actual") or {}, f"{where}['actual']")
            drawn.append((target, path, actual))
    if "2_market" in keys:
        title = lang.gettext("Emissions by year and the targets' paths, t CO2e (scope 2 market-based)")
    elif "2_location" in keys:
        title = lang.gettext("Emissions by year and the targets' paths, t CO2e (scope 2 location-based)")
    else:
        title = lang.gettext("Emissions by year and the targets' paths, t CO2e")
    base = progress.get("base_year")
    detail = ", ".join(
        p
        for p in (
            label_text(progress.get("organisation") or "", 40),
            lang.format("base year {year}", year=label_text(base, 12)) if base is not None else "",
        )
        if p
    )
    with chart_style():
        fig = new_figure(4.4)
        ax = fig.add_subplot()
        titles(fig, ax, title, detail)
        if not rows:
            empty(ax, lang.gettext("No emissions"))
            return fig
        entries: list[Any] = []  # the legend: the scopes' bars first, then each target's lines
        bottom = [0.0] * len(rows)
        for n, key in enumerate(keys):
            colour = _STACK.get(key) or _CATEGORY_COLOURS[n % len(_CATEGORY_COLOURS)]
            entries.append(
                ax.bar(
                    years, stacks[key], bottom=bottom, width=0.62, color=colour, label=_scope_label(lang, key)
                )
            )
            bottom = [a + b for a, b in zip(bottom, stacks[key], strict=True)]
        for year, total in zip(years, totals, strict=True):
            ax.annotate(
                value_text(lang, total), (year, max(total, 0.0)), xytext=(0, 3), textcoords="offset points",
                ha="center", va="bottom", fontsize=8, color=PALETTE["text"], zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
            )  # fmt: skip
        values = [*totals]
        off_track_shown = False
        for n, (target, path, actual) in enumerate(drawn):
            colour = SERIES[n % len(SERIES)]
            name = label_text(target["name"], 32)
            line = [min(path), max(path)]
            entries += ax.plot(
                line, [path[line[0]], path[line[1]]], linestyle="--", linewidth=1.6, color=colour,
                label=lang.format(
                    "{name}: path, {reduction} by {year}", name=name,
                    reduction=_reduction(lang, target.get("reduction_percent")),
                    year=label_text(target.get("target_year", max(path)), 12),
                ),
            )  # fmt: skip
            if actual:
                entries += ax.plot(
                    list(actual), list(actual.values()), marker="o", markersize=4.5, linewidth=1.0,
                    color=colour, label=lang.format("{name}: actual", name=name),
                )  # fmt: skip
            track = target.get("on_track") or {}
            off = [y for y in actual if track.get(str(y)) is False]
            if off:
                crosses = ax.plot(
                    off, [actual[y] for y in off], marker="x", markersize=9, markeredgewidth=2.0,
                    linestyle="none", color=PALETTE["off_track"],
                    label=None if off_track_shown else lang.gettext("off track"),
                )  # fmt: skip
                if not off_track_shown:
                    entries += crosses
                off_track_shown = True
            values += [*path.values(), *actual.values()]
        first = min(years)
        last = max([*years, *(max(path) for _, path, _ in drawn)])
        ax.set_xlim(first - 0.6, last + 0.6)
        ax.set_xticks(range(first, last + 1), [str(y) for y in range(first, last + 1)])
        value_axis(ax, [v * 1.05 for v in values], lang)
        notes = []
        if left_out:
            notes.append(lang.format("Not drawn: {targets}.", targets="; ".join(left_out)))
        restated = next((r.get("restated") for r in rows if r["year"] == base and r.get("restated")), None)
        if restated:
            notes.append(
                lang.format(
                    "The base year {year} is restated ({total} t CO2e): the paths start from it.",
                    year=label_text(base, 12),
                    total=value_text(lang, tonnes(kg_value(restated.get("total_kg_co2e"), "restated total"))),
                )
            )
        drawn_legend = legend(
            fig, entries, loc="outside lower left", ncols=3,
            title=wrap(" ".join(notes), 110) or None, title_fontsize=8, alignment="left",
        )  # fmt: skip
        drawn_legend.get_title().set_color(PALETTE["muted"])
    return fig


def _reduction(lang: Language, percent: object) -> str:
    """A target's reduction as a signed percentage, decimals only where it has them (-46.2 %, -100 %)."""
    value = float(percent) if isinstance(percent, int | float) and not isinstance(percent, bool) else 0.0
    return lang.percent(-value / 100.0, 0 if value == round(value) else 1)


_ACTIVITY = "activity"
_FACTOR = "factor"


def _reason_label(lang: Language, entry: Mapping[str, Any]) -> str:
    """A step of the waterfall: the decomposition's term, a structural one by its CDP reason."""
    term = entry.get("term")
    if term == _ACTIVITY:
        return lang.gettext("Activity (change in output)")
    if term == _FACTOR:
        return lang.gettext("Emission factors and methods")
    reasons = reason_names(lang)
    reason = entry.get("reason")
    return reasons.get(str(reason), label_text(reason, 40))


def _chosen_year(rows: Sequence[Mapping[str, Any]], year: int | None) -> Mapping[str, Any] | None:
    """The year whose change to draw: the one asked for, or the latest with a decomposition (None: none has)."""
    if year is None:
        explained = [r for r in rows if r.get("decomposition")]
        return explained[-1] if explained else None
    found = [r for r in rows if r["year"] == year]
    if not found:
        known = ", ".join(str(r["year"]) for r in rows) or "none"
        raise OptionError(f"year {year!r}: not in the progress report (its years: {known})")
    if not found[0].get("decomposition"):
        raise OptionError(
            f"year {year}: the progress report does not explain its change (the first stored year, "
            "or progress(..., decomposition=False))"
        )
    return found[0]


def waterfall_chart(
    progress: Mapping[str, Any], *, year: int | None = None, language: str | Language | None = None
) -> Figure:
    """A year's change in emissions by cause, as a waterfall from the previous year's total to this one's.

    The steps are the decomposition's terms (:mod:`ghgcore.decomposition`,
    LMDI): activity (CDP's "change in output"), emission factors and methods,
    and the structural changes under their CDP reasons (acquisitions,
    divestments, ...), increases in one colour and decreases in another.
    What the lines do not explain of the change in the totals (the note of
    the decomposition) is a step of its own, so that the steps always add up
    to the change. Totals are scope 1 + scope 2 market-based + scope 3.

    Parameters
    ----------
    progress : Mapping
        A progress report (:func:`ghgcore.progress.progress`, or its JSON read back).
    year : int, optional
        The year whose change from the year before to draw; default: the
        latest year with its change explained.
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are the previous total, the steps (signed
        heights, each starting where the one before ended) and this year's
        total, in t CO2e. A report with one year gives a figure that says
        there is no change to explain.

    Raises
    ------
    OptionError
        matplotlib is not installed; a report without ``years`` (or the
        year's ``total_kg_co2e``, ``change_kg`` or its decomposition's
        ``reasons``); a `year` not in the report, or one whose change is not
        explained.
    """
    lang = get_language(language)
    rows = _years(progress)
    row = _chosen_year(rows, year)
    who = label_text(progress.get("organisation") or "", 40)
    with chart_style():
        fig = new_figure(4.2)
        ax = fig.add_subplot()
        if row is None:
            titles(
                fig,
                ax,
                lang.gettext("Change from the previous year by cause, t CO2e (scope 2 market-based)"),
                who,
            )
            empty(
                ax,
                lang.gettext("No emissions")
                if not rows
                else lang.gettext("No previous year to compare with"),
            )
            return fig
        where = f"the progress report's year {row['year']}"
        decomposition = need(row, "decomposition", where)
        reasons = need(decomposition, "reasons", f"{where}: decomposition")
        current = tonnes(kg_value(need(row, "total_kg_co2e", where), f"{where}: total_kg_co2e"))
        change = tonnes(kg_value(need(row, "change_kg", where), f"{where}: change_kg"))
        previous = current - change
        before = decomposition.get("from_year", int(row["year"]) - 1)
        steps = [
            (
                _reason_label(lang, entry),
                tonnes(kg_value(need(entry, "kg_co2e", f"{where}: reasons[{i}]"), f"{where}: reasons[{i}]")),
            )
            for i, entry in enumerate(reasons)
        ]
        rest = change - math.fsum(t for _, t in steps)
        if abs(rest) > 1e-9 * max(abs(previous), abs(current), 1.0):
            steps.append((lang.gettext("Not explained by the lines"), rest))
        titles(
            fig, ax,
            lang.format(
                "Change from {previous} to {year} by cause, t CO2e (scope 2 market-based)",
                previous=label_text(before, 12), year=label_text(row["year"], 12),
            ),
            ", ".join(p for p in (who, lang.format(
                "{change} t CO2e ({percent}); LMDI decomposition, CDP's reasons for change",
                change=lang.number(change, 1, sign=True),
                percent=lang.percent(change / abs(previous), 1, sign=True) if previous else "–",
            )) if p),
        )  # fmt: skip
        _waterfall(ax, lang, previous, steps, current, (label_text(before, 12), label_text(row["year"], 12)))
        from matplotlib.patches import Patch

        kinds = [(PALETTE["total"], lang.gettext("Total"))]
        if any(t > 0 for _, t in steps):
            kinds.append((PALETTE["increase"], lang.gettext("Increase")))
        if any(t < 0 for _, t in steps):
            kinds.append((PALETTE["decrease"], lang.gettext("Decrease")))
        legend(
            fig,
            [Patch(color=colour, label=label) for colour, label in kinds],
            loc="outside lower left",
            ncols=3,
        )
    return fig


def _waterfall(
    ax: Axes,
    lang: Language,
    previous: float,
    steps: Sequence[tuple[str, float]],
    current: float,
    years: tuple[str, str],
) -> None:
    """The bars, connectors and labels of a waterfall (values in t)."""
    n = len(steps)
    level = [previous]
    for _, delta in steps:
        level.append(level[-1] + delta)
    ax.bar([0], [previous], width=0.6, color=PALETTE["total"])
    ax.bar(
        range(1, n + 1), [d for _, d in steps], bottom=level[:-1], width=0.6,
        color=[PALETTE["increase"] if d > 0 else PALETTE["decrease"] for _, d in steps],
    )  # fmt: skip
    ax.bar([n + 1], [current], width=0.6, color=PALETTE["total"])
    for x, y in enumerate(level):
        ax.plot([x + 0.3, x + 0.7], [y, y], color=PALETTE["muted"], linewidth=0.8, linestyle=":")
    texts = [
        value_text(lang, previous),
        *(lang.number(d, 1, sign=True) for _, d in steps),
        value_text(lang, current),
    ]
    tops = [previous, *(max(a, a + d) for a, (_, d) in zip(level, steps, strict=False)), current]
    for x, (text, top) in enumerate(zip(texts, tops, strict=True)):
        ax.annotate(
            text, (x, max(top, 0.0)), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
            fontsize=8.5, color=PALETTE["text"], fontweight="bold" if x in (0, n + 1) else "normal",
        )  # fmt: skip
    labels = [years[0], *(wrap(label, 16) for label, _ in steps), years[1]]
    ax.set_xticks(range(n + 2), labels)
    ax.set_xlim(-0.6, n + 1.6)
    value_axis(ax, [*level, current, *(t * 1.06 for t in tops)], lang)
