"""Charts of an account, of its years and of a network's year, drawn with matplotlib.

matplotlib is an optional dependency (``pip install 'ghgcore[charts]'``),
imported only when a chart is drawn; without it every function here raises
:class:`~ghgcore.errors.OptionError` naming the extra. Each chart is a
:class:`matplotlib.figure.Figure` built with the object-oriented API (no
pyplot, no global state, nothing shown): show it in a notebook, save it
(``fig.savefig("scopes.png")``) or embed it in a page with :func:`figure_svg`.

- One account (:meth:`ghgcore.Inventory.summary`): :func:`scope_chart`
  (with 95 % intervals where the summary has ``uncertainty``),
  :func:`category_chart`, :func:`gas_chart`.
- Its years (:func:`ghgcore.progress.progress`): :func:`trend_chart`
  against the targets' paths, :func:`waterfall_chart` of a year's change by cause.
- A network's year (:func:`ghgcore.network.network_report`):
  :func:`scopes_chart`, :func:`members_chart`, :func:`quality_chart`,
  :func:`change_chart`, all four by :func:`network_charts`.

The charts share one look (:data:`STYLE`, :data:`PALETTE`, :func:`chart_style`):
DejaVu Sans (shipped with matplotlib, so that a chart is drawn the same
everywhere), a bold title that says what is shown, in which unit and on
which scope 2 basis, a muted line of detail under it, no top or right
spines, tonnes CO2e on the value axis. Every label goes through
:mod:`ghgcore.i18n` (``language="nb"``), numbers too: Norwegian ticks read
``1 234,5``. Text from the data (an organisation's, a member's, a
target's name) and from a catalogue is drawn as it is written: a ``$`` is
a dollar sign, never mathtext; names are put on one line, their control
characters as escapes, and clipped. Bad input (a dict without what the
chart needs) raises :class:`~ghgcore.errors.OptionError` naming the key;
input without emissions gives a figure that says so. The same data gives
the same SVG, byte for byte.

>>> from ghgcore.views.charts import figure_svg, scope_chart
>>> summary = {"organisation": "Eksempel AS", "year": 2024,
...            "scopes": {"1": 11655.2, "2_location": 3026.7, "2_market": 43777.8, "3": 151314.1}}
>>> fig = scope_chart(summary, language="nb")
>>> [round(float(bar.get_height()), 1) for bar in fig.axes[0].patches]
[11.7, 43.8, 151.3]
>>> figure_svg(fig).startswith("<svg") and figure_svg(fig) == figure_svg(fig)
True
"""

from __future__ import annotations

from ghgcore.views.charts._account import category_chart, gas_chart, scope_chart
from ghgcore.views.charts._common import PALETTE, STYLE, chart_style, figure_svg
from ghgcore.views.charts._network import (
    change_chart,
    members_chart,
    network_charts,
    quality_chart,
    scopes_chart,
)
from ghgcore.views.charts._years import trend_chart, waterfall_chart

__all__ = [
    "PALETTE",
    "STYLE",
    "category_chart",
    "change_chart",
    "chart_style",
    "figure_svg",
    "gas_chart",
    "members_chart",
    "network_charts",
    "quality_chart",
    "scope_chart",
    "scopes_chart",
    "trend_chart",
    "waterfall_chart",
]
