"""What every chart shares: the look, numbers written as the language writes them, and the input's checks.

A private module of :mod:`ghgcore.views.charts`; matplotlib is imported only
inside the functions that draw.

Text from the data (an organisation's, a member's or a target's name, a
category or reason the data names) and text from a message catalogue (a
network's own ``.po`` file) is drawn as it is: :data:`STYLE` turns
matplotlib's mathtext off (``text.parse_math``), so that ``$`` is a dollar
sign, never the start of a formula; :func:`label_text` puts data on one
line, its control characters written as escapes, and clips it; and
:func:`legend` shows every entry, also one whose label starts with ``_``
(which matplotlib would leave out).
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ghgcore.errors import OptionError
from ghgcore.i18n import Language
from ghgcore.views._base import clip

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.container import Container
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.ticker import Formatter

__all__ = [
    "PALETTE",
    "SERIES",
    "STYLE",
    "SUMMARY",
    "WIDTH",
    "chart_style",
    "empty",
    "figure_svg",
    "kg_value",
    "label_text",
    "legend",
    "need",
    "new_figure",
    "number_formatter",
    "share_text",
    "titles",
    "tonnes",
    "value_axis",
    "value_text",
    "who",
    "wrap",
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
    "total": "#5A5A5A",
    "increase": "#D55E00",
    "decrease": "#009E73",
    "outside": "#A6A6A6",
    "off_track": "#D73027",
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
#: Colours for what has no colour of its own (targets' paths, scope 3 categories in a trend), in turn.
SERIES = ("#222222", "#CC79A7", "#D55E00", "#009E73", "#7F3C8D", "#F0E442")

#: The matplotlib settings every chart is drawn and saved with (:func:`chart_style`).
STYLE: Mapping[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 9.0,
    "axes.titleweight": "normal",
    "axes.titlecolor": PALETTE["muted"],
    "axes.titlelocation": "left",
    "axes.titlepad": 8.0,
    "axes.labelsize": 9.0,
    "axes.labelcolor": PALETTE["text"],
    "axes.edgecolor": PALETTE["muted"],
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "figure.titlesize": 11.0,
    "figure.titleweight": "bold",
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
    # every text as it is written: a "$" in a name (or a translation) is a dollar sign, not mathtext
    "text.parse_math": False,
    # ids in the SVG from a fixed salt: the same chart, the same bytes
    "svg.hashsalt": "ghgcore",
}

#: The width of every chart, in inches (690 pixels at the style's 96 dpi).
WIDTH = 7.2
#: What a calculation summary is, for the messages of bad input.
SUMMARY = "the summary (the dict of Inventory.summary(), or its JSON read back)"
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


def new_figure(height: float, width: float = WIDTH) -> Figure:
    """A figure of the charts' width with constrained layout (call inside :func:`chart_style`)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def titles(fig: Figure, ax: Axes, title: str, detail: str = "") -> None:
    """The chart's title (what, the unit, the basis: bold) and its detail line (muted) under it, at the left.

    Both are the figure's, not the axes', so that they line up at the left
    edge whatever the width of the axes' labels: the title is the figure's
    ``suptitle`` with room for a second line, which the detail fills.
    """
    fig.suptitle(title + ("\n " if detail else ""), x=0.01, ha="left")
    if detail:
        from matplotlib import rcParams

        height = fig.get_figheight()
        top = 1.0 - float(rcParams["figure.constrained_layout.h_pad"]) / height  # where the layout puts it
        line = 1.2 * float(STYLE["figure.titlesize"]) / 72.0 / height  # one line of the title
        fig.text(0.01, top - line, detail, ha="left", va="top", color=PALETTE["muted"], fontsize=9.0)


def who(data: Mapping[str, Any]) -> str:
    """The organisation and year of a summary or progress report, for a chart's detail line."""
    parts = [label_text(data.get("organisation") or "", 40), label_text(data.get("year") or "", 12)]
    return ", ".join(p for p in parts if p)


def label_text(value: object, limit: int = 28) -> str:
    r"""Text from the data as a chart label: one line, at most `limit` characters.

    Control characters (a line break too) are written as escapes and a long
    text loses its middle (:func:`ghgcore.views._base.clip`); ``$`` is left
    as it is, since the charts draw text literally (:data:`STYLE`).

    >>> label_text("Cash $ Carry $\nAS", 40), label_text("x" * 10_000, 10)
    ('Cash $ Carry $\\nAS', 'xxxxx...xx')
    """
    return clip(value, limit)


def legend(fig: Figure, handles: Sequence[Artist | Container], **kwargs: Any) -> Legend:
    """The figure's legend of `handles`, in the order given, each with its label as it is written.

    matplotlib leaves out a handle whose label starts with ``_`` (a target
    named ``_2030``, a translation that starts so); here every handle is
    shown. `kwargs` go to :meth:`matplotlib.figure.Figure.legend`.
    """
    shown: list[Any] = list(handles)  # artists, or containers (bars, error bars) as matplotlib takes them
    drawn = fig.legend(shown, ["-"] * len(shown), **kwargs)  # the labels are set below, as they are
    for text, handle in zip(drawn.get_texts(), shown, strict=True):
        text.set_text(handle.get_label())
    return drawn


def wrap(text: str, width: int) -> str:
    """`text` broken into lines of at most `width` characters (words are not split)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def need(data: object, key: str, what: str) -> Any:
    """``data[key]``, or an OptionError naming the key that is missing and what was expected.

    Raises
    ------
    OptionError
        `data` is not a mapping, or has no `key`.
    """
    if not isinstance(data, Mapping):
        raise OptionError(f"{what}: expected a dict, got {type(data).__name__}")
    if key not in data:
        raise OptionError(f"{what} has no {key!r} key; a chart of it needs one")
    return data[key]


def kg_value(value: object, where: str) -> float:
    """A mass from the data as a float, or an OptionError saying where and what was expected."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise OptionError(f"{where}: expected kg (CO2e) as a finite number, got {value!r}")
    return float(value)


def tonnes(kg: float) -> float:
    """Kilograms as tonnes."""
    return kg / 1000.0


def value_text(lang: Language, t: float) -> str:
    """A value in tonnes as a label: one decimal, none from a million on, two significant digits below 0.1."""
    size = abs(t)
    if size >= 1e6:
        return lang.number(t, 0)
    if 0 < size < 0.1:
        return lang.number(t, min(6, 1 - math.floor(math.log10(size))))
    return lang.number(t, 1)


def share_text(lang: Language, fraction: float) -> str:
    """A share as a percentage: no decimals, one below 1 %."""
    return lang.percent(fraction, 1 if 0 < abs(fraction) < 0.01 else 0)


def _decimals(locations: Sequence[float]) -> int:
    """The fewest decimals (at most 3) that write every tick location exactly."""
    for decimals in range(4):
        scale = 10.0**decimals
        if all(abs(x * scale - round(x * scale)) < 1e-9 * max(1.0, abs(x * scale)) for x in locations):
            return decimals
    return 3


def number_formatter(lang: Language) -> Formatter:
    """Tick labels as the language writes numbers (``1 234,5`` in Norwegian), as many decimals as the ticks need."""
    from matplotlib.ticker import Formatter

    class Numbers(Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return lang.number(x, _decimals([x]))

        def format_ticks(self, values: Any) -> list[str]:
            decimals = _decimals([float(v) for v in values])
            return [lang.number(float(v), decimals) for v in values]

    return Numbers()


def value_axis(
    ax: Axes, values: Sequence[float], lang: Language, *, horizontal: bool = False, unit: str | None = None
) -> None:
    """The value axis: tonnes CO2e (or `unit`), the language's numbers, a grid, from 0 with room for labels."""
    axis: Axis = ax.xaxis if horizontal else ax.yaxis
    axis.set_major_formatter(number_formatter(lang))
    label = lang.gettext("t CO2e") if unit is None else unit
    if horizontal:
        ax.set_xlabel(label)
    else:
        ax.set_ylabel(label)
    ax.grid(axis="x" if horizontal else "y", color=PALETTE["grid"], linewidth=0.8)
    top, bottom = max([*values, 0.0]), min([*values, 0.0])
    limits = (bottom * 1.15, (top or (0.0 if bottom else 1.0)) * 1.15)
    if horizontal:
        ax.set_xlim(*limits)
    else:
        ax.set_ylim(*limits)


def empty(ax: Axes, message: str) -> None:
    """An axes that says `message` instead of showing data."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=PALETTE["muted"])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


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
