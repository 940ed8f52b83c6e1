"""Charts of a network's year (the dict of :func:`ghgcore.network.network_report`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import quality_names
from ghgcore.views.charts._common import (
    PALETTE,
    chart_style,
    empty,
    label_text,
    legend,
    need,
    new_figure,
    titles,
    value_axis,
    value_text,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["change_chart", "members_chart", "network_charts", "quality_chart", "scopes_chart"]

#: What a network report is, for the messages of bad input.
NETWORK = "the network report (the dict of ghgcore.network.network_report, or its JSON read back)"
_KEYS = ("1", "2_market", "3")


def _tonnes(kg: Any) -> float:
    """Tonnes of a network figure; a suppressed (None) or unreadable one counts 0."""
    try:
        return float(kg) / 1000.0
    except (TypeError, ValueError):
        return 0.0


def _scope_labels(lang: Language) -> list[str]:
    return [lang.gettext("Scope 1"), lang.gettext("Scope 2 (market-based)"), lang.gettext("Scope 3")]


def _year(data: Mapping[str, Any]) -> str:
    return label_text(data.get("year", ""), 12)


def scopes_chart(data: Mapping[str, Any], *, language: str | Language | None = None) -> Figure:
    """The network's emissions by scope: 1, 2 (market-based) and 3, in tonnes CO2e.

    Scope 2 location-based is drawn as a marker on the scope 2 bar, for
    comparison: it is never added to the bars or the total.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are scope 1, scope 2 market-based and scope 3.

    Raises
    ------
    OptionError
        matplotlib is not installed, or `data` has no ``scopes``.
    """
    lang = get_language(language)
    scopes = need(data, "scopes", NETWORK)
    with chart_style():
        fig = new_figure(3.6)
        ax = fig.add_subplot()
        values = [_tonnes(scopes.get(key, 0.0)) for key in _KEYS]
        labels = [label.replace(" (", "\n(") for label in _scope_labels(lang)]
        bars = ax.bar(range(3), values, color=[PALETTE[key] for key in _KEYS], width=0.6)
        ax.set_xticks(range(3), labels)
        ax.bar_label(bars, labels=[value_text(lang, v) for v in values], padding=3, fontsize=8.5)
        location = _tonnes(scopes.get("2_location", 0.0))
        mark = ax.hlines(
            [location], 0.65, 1.35, colors=PALETTE["2_location"], linewidth=2.2,
            label=lang.gettext("Scope 2 location-based (for comparison, not added)"),
        )  # fmt: skip
        ax.plot([1.0], [location], marker="D", markersize=5, color=PALETTE["2_location"], linestyle="none")
        value_axis(ax, [*values, location], lang)
        members = data.get("members_reporting")
        detail = (
            lang.format("{year}, {count} members reporting", year=_year(data), count=lang.number(members, 0))
            if isinstance(members, int)
            else _year(data)
        )
        titles(
            fig, ax, lang.gettext("The network's emissions by scope, t CO2e (scope 2 market-based)"), detail
        )
        legend(fig, [mark], loc="outside lower left")
    return fig


def members_chart(
    data: Mapping[str, Any], *, top: int = 10, language: str | Language | None = None
) -> Figure:
    """The members' totals, largest first, stacked by scope (1, 2 market-based, 3), in tonnes CO2e.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).
    top : int, default 10
        The members drawn one by one; the rest are added up in one bar,
        ``others (n)``.
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with horizontal bars: three patches (scope 1, 2, 3) per
        member or group, scope by scope, the largest member at the top.

    Raises
    ------
    OptionError
        matplotlib is not installed, or `data` has no ``members``.
    """
    lang = get_language(language)
    members = sorted(need(data, "members", NETWORK) or [], key=lambda m: -_tonnes(m.get("total_kg_co2e")))
    shown, rest = members[: max(top, 1)], members[max(top, 1) :]
    names = [label_text(m.get("organisation", "")) for m in shown]
    rows = [[_tonnes(m.get("scopes", {}).get(key, 0.0)) for key in _KEYS] for m in shown]
    if rest:
        names.append(lang.format("others ({count})", count=lang.number(len(rest), 0)))
        rows.append([sum(_tonnes(m.get("scopes", {}).get(key, 0.0)) for m in rest) for key in _KEYS])
    with chart_style():
        fig = new_figure(1.6 + 0.32 * max(len(names), 2))
        ax = fig.add_subplot()
        titles(
            fig, ax, lang.gettext("Members' emissions by scope, t CO2e (scope 2 market-based)"),
            lang.format("{year}, largest first", year=_year(data)),
        )  # fmt: skip
        if not names:
            empty(ax, lang.gettext("No member reported"))
            return fig
        positions = list(range(len(names)))
        left = [0.0] * len(names)
        entries = []
        for i, (key, label) in enumerate(zip(_KEYS, _scope_labels(lang), strict=True)):
            widths = [row[i] for row in rows]
            entries.append(
                ax.barh(positions, widths, left=left, color=PALETTE[key], label=label, height=0.66)
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, total in zip(positions, left, strict=True):
            ax.text(total, y, f" {value_text(lang, total)}", va="center", fontsize=8, color=PALETTE["text"])
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        if rest:
            ax.get_yticklabels()[-1].set_color(PALETTE["muted"])
        value_axis(ax, left, lang, horizontal=True)
        legend(fig, entries, loc="outside lower left", ncols=3)
    return fig


def _meaning(text: object, width: int = 24, lines: int = 4) -> str:
    """A score's meaning under its bar: wrapped, at most `lines` lines, an ellipsis where it is cut."""
    wrapped = wrap(label_text(text, 120), width).split("\n")
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1] + " ..."]
    return "\n".join(wrapped)


def quality_chart(data: Mapping[str, Any], *, language: str | Language | None = None) -> Figure:
    """The members' emissions by data-quality score, 1 (supplier-specific) to 5 (spend, another region).

    The scores are PCAF-style, per result line (:mod:`ghgcore.quality`); the
    bars are absolute tonnes CO2e, so that removals do not hide lines.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are scores 1 to 5.

    Raises
    ------
    OptionError
        matplotlib is not installed, or `data` is not a dict.
    """
    lang = get_language(language)
    quality = need(data, "quality", NETWORK) or {}
    by_score = quality.get("kg_co2e_by_score") or {}
    meanings = {**(quality.get("scores") or {}), **quality_names(lang)}
    keys = [str(s) for s in range(1, 6)]
    values = [_tonnes(by_score.get(key, 0.0)) for key in keys]
    labels = [f"{key}\n{_meaning(meanings.get(key, ''))}" for key in keys]
    with chart_style():
        fig = new_figure(4.2)
        ax = fig.add_subplot()
        bars = ax.bar(range(5), values, color=[PALETTE[f"score{key}"] for key in keys], width=0.6)
        ax.set_xticks(range(5), labels)
        ax.bar_label(bars, labels=[value_text(lang, v) for v in values], padding=3, fontsize=8.5)
        ax.tick_params(axis="x", labelsize=7.5)
        score = quality.get("score")
        detail = (
            lang.format("{year}, weighted score {score}", year=_year(data), score=lang.number(score, 2))
            if isinstance(score, int | float)
            else _year(data)
        )
        titles(fig, ax, lang.gettext("Emissions by data-quality score, t CO2e"), detail)
        ax.set_xlabel(lang.gettext("score: 1 best, 5 poorest"))
        value_axis(ax, values, lang)
    return fig


def change_chart(data: Mapping[str, Any], *, language: str | Language | None = None) -> Figure:
    """The network's total in the previous year and this one: like-for-like, and over all members.

    Like-for-like compares the members that reported both years; "all"
    compares everyone who reported each year. A suppressed figure
    (anonymised, too few members) is written as such, with no bars.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are the previous years' (like-for-like,
        all) then this year's (like-for-like, all), without the suppressed ones.

    Raises
    ------
    OptionError
        matplotlib is not installed, or `data` has no ``year``.
    """
    lang = get_language(language)
    year = need(data, "year", NETWORK)
    change = need(data, "change", NETWORK) or {}
    like = change.get("like_for_like") or {}
    every = change.get("all") or {}
    groups = [
        (
            lang.format(
                "like-for-like ({count} reporting both years)", count=lang.number(like.get("members", 0), 0)
            ),
            like,
        ),
        (
            lang.format(
                "all members ({previous} then {count} reporting)",
                previous=lang.number(every.get("members_previous", 0), 0),
                count=lang.number(every.get("members", 0), 0),
            ),
            every,
        ),
    ]
    with chart_style():
        fig = new_figure(3.6)
        ax = fig.add_subplot()
        previous_year = f"{year - 1}" if isinstance(year, int) else lang.gettext("previous year")
        heights: list[float] = []
        series = [
            ("previous_kg_co2e", PALETTE["previous"], previous_year, -0.2),
            ("kg_co2e", PALETTE["current"], label_text(year, 12), 0.2),
        ]
        entries = []
        for key, colour, label, offset in series:
            shown = [
                (i + offset, _tonnes(g[key]), g) for i, (_, g) in enumerate(groups) if g.get(key) is not None
            ]
            bars = ax.bar(
                [x for x, _, _ in shown], [y for _, y, _ in shown], width=0.38, color=colour, label=label
            )
            entries.append(bars)
            ax.bar_label(bars, labels=[value_text(lang, y) for _, y, _ in shown], padding=3, fontsize=8.5)
            heights += [y for _, y, _ in shown]
            if key != "kg_co2e":
                continue
            for x, y, g in shown:
                percent = g.get("change_percent")
                if isinstance(percent, int | float):
                    ax.annotate(
                        lang.percent(percent / 100.0, 1, sign=True), (x, y),
                        xytext=(0, 18), textcoords="offset points", ha="center", fontsize=9,
                        fontweight="bold", color=PALETTE["text"],
                    )  # fmt: skip
        for i, (_, g) in enumerate(groups):
            if g.get("kg_co2e") is None:
                ax.text(
                    i, 0, lang.gettext("suppressed (too few members)").replace(" (", "\n("),
                    ha="center", va="bottom", color=PALETTE["muted"],
                )  # fmt: skip
        ax.set_xticks(range(len(groups)), [label.replace(" (", "\n(", 1) for label, _ in groups])
        ax.set_xlim(-0.6, len(groups) - 0.4)
        value_axis(ax, [h * 1.08 for h in heights], lang)
        titles(
            fig, ax, lang.gettext("The network's total, the previous year and this one, t CO2e"),
            lang.format("{previous} and {year}", previous=previous_year, year=label_text(year, 12)),
        )  # fmt: skip
        legend(fig, entries, loc="outside lower left", ncols=2)
    return fig


def network_charts(
    data: Mapping[str, Any], *, top: int = 10, language: str | Language | None = None
) -> dict[str, Figure]:
    """The four charts of a network's year, by name: ``scopes``, ``members``, ``quality``, ``change``.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).
    top : int, default 10
        The members :func:`members_chart` draws one by one.
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    dict of str to matplotlib.figure.Figure

    Raises
    ------
    OptionError
        matplotlib is not installed, or `data` lacks what a chart needs.
    """
    lang = get_language(language)
    return {
        "scopes": scopes_chart(data, language=lang),
        "members": members_chart(data, top=top, language=lang),
        "quality": quality_chart(data, language=lang),
        "change": change_chart(data, language=lang),
    }
