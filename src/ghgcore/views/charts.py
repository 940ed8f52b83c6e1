"""Charts of a network's year (the dict of :func:`ghgcore.network.network_report`), drawn with matplotlib.

matplotlib is an optional dependency (``pip install 'ghgcore[charts]'``),
imported only when a chart is drawn; without it every function here raises
:class:`~ghgcore.errors.OptionError` naming the extra. Each chart is a
:class:`matplotlib.figure.Figure` built with the object-oriented API (no
pyplot, no global state, nothing shown): embed it with :func:`figure_svg`,
or save it yourself.

The charts share one look (:data:`STYLE`, :data:`PALETTE`): DejaVu Sans
(shipped with matplotlib, so that a chart is drawn the same everywhere), no
top or right spines, tonnes CO2e on the value axis with thousands
separators. The same data gives the same SVG, byte for byte.

>>> from ghgcore.views.charts import figure_svg, scopes_chart
>>> data = {"year": 2024, "scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 8000.0, "3": 5000.0}}
>>> fig = scopes_chart(data)
>>> [float(bar.get_height()) for bar in fig.axes[0].patches]
[2.0, 8.0, 5.0]
>>> figure_svg(fig).startswith("<svg") and figure_svg(fig) == figure_svg(fig)
True
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ghgcore.errors import OptionError
from ghgcore.views._base import clip

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "STYLE",
    "change_chart",
    "chart_style",
    "figure_svg",
    "members_chart",
    "network_charts",
    "quality_chart",
    "scopes_chart",
]

#: The colours of the charts (colour-blind safe, after Okabe and Ito), by what they show.
PALETTE: Mapping[str, str] = {
    "1": "#0072B2",
    "2_market": "#56B4E9",
    "3": "#E69F00",
    "2_location": "#222222",
    "others": "#9A9A9A",
    "previous": "#BDBDBD",
    "current": "#009E73",
    "grid": "#E4E4E4",
    "text": "#222222",
    "muted": "#555555",
    # data quality scores 1 (best) to 5 (poorest)
    "score1": "#1A9850",
    "score2": "#91CF60",
    "score3": "#D9C750",
    "score4": "#FC8D59",
    "score5": "#D73027",
}

#: The matplotlib settings every chart is drawn and saved with (:func:`chart_style`).
STYLE: Mapping[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 10.0,
    "axes.labelsize": 9.0,
    "axes.labelcolor": PALETTE["text"],
    "axes.edgecolor": PALETTE["muted"],
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "xtick.color": PALETTE["muted"],
    "ytick.color": PALETTE["muted"],
    "xtick.labelcolor": PALETTE["text"],
    "ytick.labelcolor": PALETTE["text"],
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "figure.facecolor": "white",
    "figure.dpi": 96.0,
    "savefig.facecolor": "white",
    "svg.fonttype": "path",
    # ids in the SVG from a fixed salt: the same chart, the same bytes
    "svg.hashsalt": "ghgcore",
}

#: The unit of the value axes.
UNIT = "t CO2e"
#: The longest an organisation's name is shown on a chart.
_NAME = 28
_SCOPES = (("1", "Scope 1"), ("2_market", "Scope 2 (market-based)"), ("3", "Scope 3"))
_EXTRA = "charts"


def _matplotlib() -> Any:
    """The matplotlib module, or an OptionError naming the extra that installs it."""
    try:
        import matplotlib
        import matplotlib.figure
        import matplotlib.ticker
    except ImportError as e:
        raise OptionError(
            f"charts need matplotlib, an optional dependency: pip install 'ghgcore[{_EXTRA}]'"
        ) from e
    return matplotlib


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """Draw (and save) charts in the house style, :data:`STYLE`, for the duration of the block.

    matplotlib's settings are restored afterwards; nothing global is left changed.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    mpl = _matplotlib()
    with mpl.rc_context(dict(STYLE)):
        yield


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _tick(x: float, _pos: object = None) -> str:
    """A tick label with thousands separators and no more decimals than it needs (at most 2)."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _thousands(axis: Axis) -> None:
    """Tick labels with thousands separators (:func:`_tick`)."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(_tick))


def _tonnes(kg: Any) -> float:
    try:
        return float(kg) / 1000.0
    except (TypeError, ValueError):
        return 0.0


def _value(t: float) -> str:
    return f"{t:,.1f}" if abs(t) < 1e6 else f"{t:,.0f}"


def _text(value: object, limit: int = _NAME) -> str:
    """Text from the data as a chart label: one line, clipped, and never read as mathtext."""
    return clip(value, limit).replace("$", r"\$")


def _value_axis(ax: Axes, values: list[float], *, horizontal: bool = False) -> None:
    """The value axis: tonnes CO2e, thousands separators, a grid, from 0 (or below) with room for labels."""
    _thousands(ax.xaxis if horizontal else ax.yaxis)
    (ax.set_xlabel if horizontal else ax.set_ylabel)(UNIT)
    ax.grid(axis="x" if horizontal else "y", color=PALETTE["grid"], linewidth=0.8)
    top, bottom = max([*values, 0.0]), min([*values, 0.0])
    (ax.set_xlim if horizontal else ax.set_ylim)(bottom * 1.15, (top or 1.0) * 1.15)


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=PALETTE["muted"])
    ax.set_xticks([])
    ax.set_yticks([])


def scopes_chart(data: Mapping[str, Any]) -> Figure:
    """The network's emissions by scope: 1, 2 (market-based) and 3, in tonnes CO2e.

    Scope 2 location-based is drawn as a marker on the scope 2 bar, for
    comparison: it is never added to the bars or the total.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are scope 1, scope 2 market-based and scope 3.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    scopes = data["scopes"]
    with chart_style():
        fig = _figure(7.2, 3.4)
        ax = fig.add_subplot()
        values = [_tonnes(scopes.get(key, 0.0)) for key, _ in _SCOPES]
        labels = [label.replace(" (", "\n(") for _, label in _SCOPES]
        bars = ax.bar(range(3), values, color=[PALETTE[key] for key, _ in _SCOPES], width=0.6)
        ax.set_xticks(range(3), labels)
        ax.bar_label(bars, labels=[_value(v) for v in values], padding=3, fontsize=8.5)
        location = _tonnes(scopes.get("2_location", 0.0))
        ax.hlines(
            [location], 0.65, 1.35, colors=PALETTE["2_location"], linewidth=2.2,
            label="Scope 2 location-based (for comparison, not added)",
        )  # fmt: skip
        ax.plot([1.0], [location], marker="D", markersize=5, color=PALETTE["2_location"], linestyle="none")
        _value_axis(ax, [*values, location])
        ax.set_title(f"Emissions by scope, {clip(data.get('year', ''), 12)}")
        fig.legend(loc="outside lower left")
    return fig


def members_chart(data: Mapping[str, Any], *, top: int = 10) -> Figure:
    """The members' totals, largest first, stacked by scope (1, 2 market-based, 3), in tonnes CO2e.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).
    top : int, default 10
        The members drawn one by one; the rest are added up in one bar,
        ``others (n)``.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with horizontal bars: three patches (scope 1, 2, 3) per
        member or group, scope by scope, the largest member at the top.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    members = sorted(data.get("members") or [], key=lambda m: -_tonnes(m.get("total_kg_co2e")))
    shown, rest = members[: max(top, 1)], members[max(top, 1) :]
    names = [_text(m.get("organisation", "")) for m in shown]
    rows = [[_tonnes(m.get("scopes", {}).get(key, 0.0)) for key, _ in _SCOPES] for m in shown]
    if rest:
        names.append(f"others ({len(rest)})")
        rows.append([sum(_tonnes(m.get("scopes", {}).get(key, 0.0)) for m in rest) for key, _ in _SCOPES])
    with chart_style():
        fig = _figure(7.2, 1.4 + 0.32 * max(len(names), 2))
        ax = fig.add_subplot()
        ax.set_title(f"Members' emissions, {clip(data.get('year', ''), 12)}, largest first")
        if not names:
            _empty(ax, "no member reported")
            return fig
        positions = list(range(len(names)))
        left = [0.0] * len(names)
        for i, (key, label) in enumerate(_SCOPES):
            widths = [row[i] for row in rows]
            ax.barh(positions, widths, left=left, color=PALETTE[key], label=label, height=0.66)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, total in zip(positions, left, strict=True):
            ax.text(total, y, f" {_value(total)}", va="center", fontsize=8, color=PALETTE["text"])
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        if rest:
            ax.get_yticklabels()[-1].set_color(PALETTE["muted"])
        _value_axis(ax, left, horizontal=True)
        fig.legend(loc="outside lower left", ncols=3)
    return fig


def quality_chart(data: Mapping[str, Any]) -> Figure:
    """The members' emissions by data-quality score, 1 (supplier-specific) to 5 (spend, another region).

    The scores are PCAF-style, per result line (:mod:`ghgcore.quality`); the
    bars are absolute tonnes CO2e, so that removals do not hide lines.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are scores 1 to 5.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    quality = data.get("quality") or {}
    by_score = quality.get("kg_co2e_by_score") or {}
    meanings = quality.get("scores") or {}
    keys = [str(s) for s in range(1, 6)]
    values = [_tonnes(by_score.get(key, 0.0)) for key in keys]
    labels = [f"{key}\n" + "\n".join(textwrap.wrap(_text(meanings.get(key, ""), 90), 24)[:3]) for key in keys]
    with chart_style():
        fig = _figure(7.2, 3.9)
        ax = fig.add_subplot()
        bars = ax.bar(range(5), values, color=[PALETTE[f"score{key}"] for key in keys], width=0.6)
        ax.set_xticks(range(5), labels)
        ax.bar_label(bars, labels=[_value(v) for v in values], padding=3, fontsize=8.5)
        ax.tick_params(axis="x", labelsize=7.5)
        score = quality.get("score")
        note = "" if not isinstance(score, int | float) else f" (weighted score {score:.2f})"
        ax.set_title(f"Data quality, {clip(data.get('year', ''), 12)}: emissions by score{note}")
        ax.set_xlabel("score: 1 best, 5 poorest")
        _value_axis(ax, values)
    return fig


def change_chart(data: Mapping[str, Any]) -> Figure:
    """The network's total in the previous year and this one: like-for-like, and over all members.

    Like-for-like compares the members that reported both years; "all"
    compares everyone who reported each year. A suppressed figure
    (anonymised, too few members) is written as such, with no bars.

    Parameters
    ----------
    data : Mapping
        The network report (:func:`ghgcore.network.network_report`).

    Returns
    -------
    matplotlib.figure.Figure
        One axes; its bar patches are the previous years' (like-for-like,
        all) then this year's (like-for-like, all), without the suppressed ones.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    year = data.get("year")
    change = data.get("change") or {}
    like = change.get("like_for_like") or {}
    every = change.get("all") or {}
    groups = [
        (f"like-for-like\n({like.get('members', 0)} reporting both years)", like),
        (
            f"all members\n({every.get('members_previous', 0)} then {every.get('members', 0)} reporting)",
            every,
        ),
    ]
    with chart_style():
        fig = _figure(7.2, 3.4)
        ax = fig.add_subplot()
        previous_year = f"{year - 1}" if isinstance(year, int) else "previous year"
        heights: list[float] = []
        series = [
            ("previous_kg_co2e", PALETTE["previous"], previous_year, -0.2),
            ("kg_co2e", PALETTE["current"], clip(year, 12), 0.2),
        ]
        for key, colour, label, offset in series:
            shown = [
                (i + offset, _tonnes(g[key]), g) for i, (_, g) in enumerate(groups) if g.get(key) is not None
            ]
            bars = ax.bar(
                [x for x, _, _ in shown], [y for _, y, _ in shown], width=0.38, color=colour, label=label
            )
            ax.bar_label(bars, labels=[_value(y) for _, y, _ in shown], padding=3, fontsize=8.5)
            heights += [y for _, y, _ in shown]
            if key != "kg_co2e":
                continue
            for x, y, g in shown:
                percent = g.get("change_percent")
                if isinstance(percent, int | float):
                    ax.annotate(
                        f"{percent:+.1f} %", (x, y), xytext=(0, 18), textcoords="offset points",
                        ha="center", fontsize=9, fontweight="bold", color=PALETTE["text"],
                    )  # fmt: skip
        for i, (_, g) in enumerate(groups):
            if g.get("kg_co2e") is None:
                ax.text(
                    i, 0, "suppressed\n(too few members)", ha="center", va="bottom", color=PALETTE["muted"]
                )
        ax.set_xticks(range(len(groups)), [label for label, _ in groups])
        ax.set_xlim(-0.6, len(groups) - 0.4)
        _value_axis(ax, [h * 1.08 for h in heights])
        ax.set_title(f"Change from {previous_year} to {clip(year, 12)}")
        fig.legend(loc="outside lower left", ncols=2)
    return fig


def _prefix_ids(svg: str, prefix: str) -> str:
    """Every id of the SVG and every reference to one with `prefix` (several SVGs on one page)."""
    return re.sub(r'(\bid="|url\(#|href="#)', lambda m: m.group(1) + prefix, svg)


def figure_svg(fig: Figure, *, prefix: str = "", label: str = "") -> str:
    """`fig` as an inline SVG element, for an HTML page; the same figure gives the same string.

    The XML declaration, document type, metadata and comments are left out;
    ids come from a fixed salt (``svg.hashsalt``) and no date is written.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    prefix : str, optional
        Put before every id in the SVG (and every reference to one), so that
        several SVGs on one page never share an id.
    label : str, optional
        The SVG's accessible name (``role="img"``, ``aria-label``).

    Returns
    -------
    str
        ``<svg ...>...</svg>``.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    buffer = io.BytesIO()
    with chart_style():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"\s*<!--.*?-->", "", svg, flags=re.DOTALL)
    if prefix:
        svg = _prefix_ids(svg, prefix)
    if label:
        from html import escape

        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label, quote=True)}" ', 1)
    return svg.strip() + "\n"


def network_charts(data: Mapping[str, Any], *, top: int = 10) -> dict[str, Figure]:
    """The four charts of a network's year, by name: ``scopes``, ``members``, ``quality``, ``change``.

    Raises
    ------
    OptionError
        matplotlib is not installed.
    """
    return {
        "scopes": scopes_chart(data),
        "members": members_chart(data, top=top),
        "quality": quality_chart(data),
        "change": change_chart(data),
    }
