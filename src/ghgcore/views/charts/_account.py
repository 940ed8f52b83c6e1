"""Charts of one account (a calculation summary, :meth:`ghgcore.Inventory.summary`): scopes, categories, gases."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ghgcore.errors import OptionError, UnknownGasError
from ghgcore.gases import BIOGENIC_CO2, CO2E, GWPSet, get_gwp_set, is_montreal_gas
from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import category_names, uncertainty_method_name
from ghgcore.views.charts._common import (
    PALETTE,
    SUMMARY,
    chart_style,
    empty,
    kg_value,
    label_text,
    legend,
    need,
    new_figure,
    share_text,
    titles,
    tonnes,
    value_axis,
    value_text,
    who,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["category_chart", "gas_chart", "scope_chart"]

#: An interval in tonnes: (low, high).
Interval = tuple[float, float]


def _intervals(summary: Mapping[str, Any], keys: Sequence[str]) -> tuple[dict[str, Interval], str]:
    """The 95 % intervals (in t) of the summary's ``uncertainty`` for `keys` that have one, and its method.

    A summary without ``uncertainty`` (an older one) gives none.
    """
    data = summary.get("uncertainty")
    if data is None:
        return {}, ""
    figures = need(data, "figures", "the summary's 'uncertainty'")
    out: dict[str, Interval] = {}
    for key in keys:
        if key not in figures:
            continue
        where = f"summary['uncertainty']['figures'][{key!r}]"
        low = kg_value(need(figures[key], "low", where), f"{where}['low']")
        high = kg_value(need(figures[key], "high", where), f"{where}['high']")
        out[key] = (tonnes(low), tonnes(high))
    return out, str(data.get("method", ""))


def _interval_label(lang: Language, summary: Mapping[str, Any], method: str) -> str:
    level = (summary.get("uncertainty") or {}).get("level", 0.95)
    how = label_text(uncertainty_method_name(method, lang), 40)
    level_text = lang.percent(level if isinstance(level, int | float) else 0.95, 0)
    return lang.format("{level} interval ({method})", level=level_text, method=how)


def _errors(values: Sequence[float], keys: Sequence[str], found: Mapping[str, Interval]) -> list[list[float]]:
    """The error sizes (below, above) for matplotlib of the bars whose key has an interval."""
    shown = [(v, found[k]) for v, k in zip(values, keys, strict=True) if k in found]
    return [[max(v - low, 0.0) for v, (low, _) in shown], [max(high - v, 0.0) for v, (_, high) in shown]]


def _labels(
    ax: Axes,
    positions: Sequence[float],
    ends: Sequence[float],
    texts: Sequence[str],
    *,
    horizontal: bool = False,
) -> None:
    """Value labels just past each bar's end (or its interval's), on the value axis's side."""
    for position, end, text in zip(positions, ends, texts, strict=True):
        point = (end, position) if horizontal else (position, end)
        offset = (4, 0) if horizontal else (0, 3)
        ax.annotate(
            text, point, xytext=offset, textcoords="offset points", fontsize=8.5, color=PALETTE["text"],
            ha="left" if horizontal else "center", va="center" if horizontal else "bottom",
        )  # fmt: skip


def scope_chart(
    summary: Mapping[str, Any], *, language: str | Language | None = None, basis: str = "market"
) -> Figure:
    """An account's emissions by scope: 1, 2 (on the basis asked for) and 3, in tonnes CO2e.

    Where the summary has ``uncertainty`` (:mod:`ghgcore.uncertainty`), each
    bar has its interval (95 % by default) as an error bar and its label
    the relative half-width (``± 12%``).

    Parameters
    ----------
    summary : Mapping
        A calculation summary (:meth:`ghgcore.Inventory.summary`, or its JSON read back).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.
    basis : {"market", "location"}, default "market"
        Scope 2's basis, named in the title and under the bar.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are scope 1, scope 2 and scope 3 (t CO2e).
        A summary without emissions gives a figure that says so.

    Raises
    ------
    OptionError
        matplotlib is not installed, an unknown `basis`, or a summary without
        ``scopes`` (or a scope, or a number where one is expected).

    Examples
    --------
    >>> summary = {"scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 8000.0, "3": 5000.0}}
    >>> fig = scope_chart(summary, basis="location")
    >>> [float(bar.get_height()) for bar in fig.axes[0].patches]
    [2.0, 0.4, 5.0]
    """
    lang = get_language(language)
    if basis not in ("market", "location"):
        raise OptionError(f"basis {basis!r}: expected 'market' or 'location'")
    scopes = need(summary, "scopes", SUMMARY)
    keys = ("1", f"2_{basis}", "3")
    values = [
        tonnes(kg_value(need(scopes, k, "the summary's 'scopes'"), f"summary['scopes'][{k!r}]")) for k in keys
    ]
    found, method = _intervals(summary, keys)
    if basis == "market":
        title = lang.gettext("Emissions by scope, t CO2e (scope 2 market-based)")
        scope2 = lang.gettext("Scope 2 (market-based)")
    else:
        title = lang.gettext("Emissions by scope, t CO2e (scope 2 location-based)")
        scope2 = lang.gettext("Scope 2 (location-based)")
    labels = [lang.gettext("Scope 1"), scope2.replace(" (", "\n(", 1), lang.gettext("Scope 3")]
    total = math.fsum(values)
    detail = ", ".join(
        p for p in (who(summary), lang.format("{total} t CO2e in total", total=value_text(lang, total))) if p
    )
    with chart_style():
        fig = new_figure(3.8)
        ax = fig.add_subplot()
        titles(fig, ax, title, detail)
        if not any(values):
            empty(ax, lang.gettext("No emissions"))
            return fig
        ax.bar(range(3), values, color=[PALETTE[k] for k in ("1", "2_market", "3")], width=0.6)
        ax.set_xticks(range(3), labels)
        ends = [max(v, found[k][1]) if k in found else v for v, k in zip(values, keys, strict=True)]
        texts = [value_text(lang, v) for v in values]
        if found:
            positions = [i for i, k in enumerate(keys) if k in found]
            bars = ax.errorbar(
                positions, [values[i] for i in positions], yerr=_errors(values, keys, found), fmt="none",
                ecolor=PALETTE["text"], elinewidth=1.1, capsize=5, label=_interval_label(lang, summary, method),
            )  # fmt: skip
            texts = [
                lang.format(
                    "{value} (± {relative})", value=text,
                    relative=lang.percent((found[k][1] - found[k][0]) / 2 / abs(v), 0),
                )
                if k in found and v
                else text
                for text, v, k in zip(texts, values, keys, strict=True)
            ]  # fmt: skip
            legend(fig, [bars], loc="outside lower left")
        _labels(ax, range(3), ends, texts)
        value_axis(ax, [*values, *ends], lang)
    return fig


def _category_label(lang: Language, key: str) -> str:
    names = category_names(lang)
    if key in names:
        return lang.format("{number}. {name}", number=key, name=names[key])
    if key == "unassigned":
        return lang.gettext("No category given")
    return label_text(key, 40)


def category_chart(summary: Mapping[str, Any], *, language: str | Language | None = None) -> Figure:
    """An account's scope 3 by category (GHG Protocol), largest first, in tonnes CO2e.

    Only categories with emissions are drawn, each with its number and name
    (:data:`ghgcore.figures.CATEGORY_NAMES`, in the language) and its share of scope 3; lines
    with no category are a bar of their own. Where the summary has
    ``uncertainty``, each category's interval is an error bar.

    Parameters
    ----------
    summary : Mapping
        A calculation summary (:meth:`ghgcore.Inventory.summary`, or its JSON read back).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with horizontal bars, one patch per category, the largest at the top.

    Raises
    ------
    OptionError
        matplotlib is not installed, or a summary without ``scope3_categories``
        (or with a value that is not a number).

    Examples
    --------
    >>> fig = category_chart({"scope3_categories": {"1": 9000.0, "2": 0.0, "6": 3000.0}})
    >>> [label.get_text() for label in fig.axes[0].get_yticklabels()]
    ['1. Purchased goods and services', '6. Business travel']
    """
    lang = get_language(language)
    categories = need(summary, "scope3_categories", SUMMARY)
    if not isinstance(categories, Mapping):
        raise OptionError(
            f"summary['scope3_categories']: expected a dict of kg CO2e by category, got {categories!r}"
        )
    values = {
        str(key): tonnes(kg_value(kg, f"summary['scope3_categories'][{key!r}]"))
        for key, kg in categories.items()
    }
    shown = sorted(((k, v) for k, v in values.items() if v), key=lambda kv: -kv[1])
    keys = [f"3.{k}" for k, _ in shown]
    found, method = _intervals(summary, keys)
    total = math.fsum(v for _, v in shown)
    detail = ", ".join(
        p
        for p in (who(summary), lang.format("{total} t CO2e in scope 3", total=value_text(lang, total)))
        if p
    )
    with chart_style():
        fig = new_figure(1.7 + 0.36 * max(len(shown), 2))
        ax = fig.add_subplot()
        titles(fig, ax, lang.gettext("Scope 3 by category, t CO2e"), detail)
        if not shown:
            empty(ax, lang.gettext("No scope 3 emissions"))
            return fig
        positions = list(range(len(shown)))
        widths = [v for _, v in shown]
        ax.barh(positions, widths, color=PALETTE["3"], height=0.66)
        ax.set_yticks(positions, [wrap(_category_label(lang, k), 36) for k, _ in shown])
        ax.invert_yaxis()
        ends = [max(v, found[k][1]) if k in found else v for v, k in zip(widths, keys, strict=True)]
        if found:
            at = [i for i, k in enumerate(keys) if k in found]
            bars = ax.errorbar(
                [widths[i] for i in at], at, xerr=_errors(widths, keys, found), fmt="none",
                ecolor=PALETTE["text"], elinewidth=1.1, capsize=4, label=_interval_label(lang, summary, method),
            )  # fmt: skip
            legend(fig, [bars], loc="outside lower left")
        texts = [
            lang.format("{value} ({share})", value=value_text(lang, v), share=share_text(lang, v / total))
            if total > 0
            else value_text(lang, v)
            for v in widths
        ]
        _labels(ax, positions, ends, texts, horizontal=True)
        value_axis(ax, [*widths, *(e * 1.12 for e in ends)], lang, horizontal=True)
    return fig


def _gas_label(lang: Language, gas: str) -> str:
    special = {
        CO2E: lang.gettext("CO2e of factors given in CO2e only"),
        "CH4_fossil": lang.gettext("CH4, fossil"),
        "CH4_non_fossil": lang.gettext("CH4, non-fossil"),
    }
    return special.get(gas, label_text(gas, 24))


def gas_chart(
    summary: Mapping[str, Any], *, language: str | Language | None = None, gwp: str | GWPSet | None = None
) -> Figure:
    """An account's emissions by gas in tonnes CO2e, largest first; what is reported apart, apart.

    CO2e of a gas is its kg (the summary's ``gases``, scope 2 market-based)
    times its GWP-100 in the summary's GWP set. Biogenic CO2 (tonnes CO2) and
    the Montreal Protocol's gases (tonnes CO2e) are outside the scopes (GHG
    Protocol Corporate Standard, chapter 4): they are drawn in a panel of
    their own below, never among the scopes' gases. ``CO2e`` is what factors
    gave only as CO2 equivalents.

    Parameters
    ----------
    summary : Mapping
        A calculation summary (:meth:`ghgcore.Inventory.summary`, or its JSON read back).
    language : str or Language, optional
        The language of the labels and numbers (:mod:`ghgcore.i18n`); English by default.
    gwp : str or GWPSet, optional
        The GWP set to weigh the gases with; default: the summary's ``gwp``
        (a shipped set: AR4, AR5, AR6). Give the set for a summary calculated
        with a set of your own.

    Returns
    -------
    matplotlib.figure.Figure
        The first axes has one horizontal bar per gas of the scopes with
        emissions (t CO2e); a second axes, when there is any, has biogenic CO2
        and the Montreal Protocol gases.

    Raises
    ------
    OptionError
        matplotlib is not installed; a summary without ``gases`` (or
        ``gwp``, when `gwp` is not given); a GWP set that is not shipped, or
        that has no value for one of the gases.

    Examples
    --------
    >>> fig = gas_chart({"gwp": "AR6", "gases": {"CO2": 1000.0, "N2O": 2.0, "CO2_biogenic": 500.0}})
    >>> [round(float(bar.get_width()), 3) for bar in fig.axes[0].patches]
    [1.0, 0.546]
    >>> [round(float(bar.get_width()), 3) for bar in fig.axes[1].patches]
    [0.5]
    """
    lang = get_language(language)
    gases = need(summary, "gases", SUMMARY)
    if not isinstance(gases, Mapping):
        raise OptionError(f"summary['gases']: expected a dict of kg by gas, got {gases!r}")
    if gwp is None:
        name = need(summary, "gwp", SUMMARY)
        try:
            weights = get_gwp_set(name)
        except ValueError:
            raise OptionError(
                f"summary['gwp'] {name!r}: not a shipped GWP set (AR4, AR5, AR6); give the set as gwp="
            ) from None
    else:
        try:
            weights = get_gwp_set(gwp)
        except ValueError as error:
            raise OptionError(f"gwp={gwp!r}: {error}") from None
    inside: list[tuple[str, float]] = []
    outside: list[tuple[str, float]] = []
    for gas, kg in gases.items():
        mass = kg_value(kg, f"summary['gases'][{gas!r}]")
        if not mass:
            continue
        if gas == BIOGENIC_CO2:
            outside.append((lang.gettext("Biogenic CO2 (t CO2)"), tonnes(mass)))
            continue
        try:
            factor = weights[gas]
        except UnknownGasError as error:
            raise OptionError(f"summary['gases'][{gas!r}]: {error.args[0]}") from None
        if is_montreal_gas(gas):
            outside.append(
                (lang.format("{gas} (Montreal Protocol)", gas=label_text(gas, 20)), tonnes(mass * factor))
            )
        else:
            inside.append((_gas_label(lang, gas), tonnes(mass * factor)))
    inside.sort(key=lambda item: -item[1])
    outside.sort(key=lambda item: -item[1])
    total = math.fsum(t for _, t in inside)
    basis = summary.get("gases_basis", "scope 2 market-based")
    if basis == "scope 2 location-based":
        title = lang.format(
            "Emissions by gas, t CO2e ({gwp}, scope 2 location-based)", gwp=label_text(weights.name, 12)
        )
    else:
        title = lang.format(
            "Emissions by gas, t CO2e ({gwp}, scope 2 market-based)", gwp=label_text(weights.name, 12)
        )
    detail = ", ".join(
        p
        for p in (
            who(summary),
            lang.format("{total} t CO2e in the scopes", total=value_text(lang, total)),
            "" if outside else lang.gettext("no biogenic CO2 or Montreal Protocol gases"),
        )
        if p
    )
    with chart_style():
        fig = new_figure(1.9 + 0.34 * max(len(inside), 2) + (0.9 + 0.34 * len(outside) if outside else 0.0))
        if outside:
            ax, apart = fig.subplots(
                2, 1, height_ratios=[max(len(inside), 1) + 1.2, len(outside) + 1.2], squeeze=True
            )
        else:
            ax, apart = fig.add_subplot(), None
        titles(fig, ax, title, detail)
        if not inside:
            empty(ax, lang.gettext("No emissions"))
        else:
            _gas_bars(ax, inside, lang, PALETTE["1"])
        if apart is not None:
            apart.set_title(lang.gettext("Reported apart, outside the scopes and not in the total"))
            _gas_bars(apart, outside, lang, PALETTE["outside"], hatch="//")
            apart.set_xlabel(lang.gettext("t CO2 (biogenic) or t CO2e"))
    return fig


def _gas_bars(
    ax: Axes, rows: Sequence[tuple[str, float]], lang: Language, colour: str, hatch: str = ""
) -> None:
    positions = list(range(len(rows)))
    widths = [t for _, t in rows]
    ax.barh(
        positions,
        widths,
        color=colour,
        height=0.62,
        hatch=hatch or None,
        edgecolor="white" if hatch else None,
    )
    ax.set_yticks(positions, [wrap(label, 22) for label, _ in rows])
    ax.invert_yaxis()
    _labels(ax, positions, widths, [value_text(lang, t) for t in widths], horizontal=True)
    value_axis(ax, [w * 1.12 for w in widths], lang, horizontal=True)
