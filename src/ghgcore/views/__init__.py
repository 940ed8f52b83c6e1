"""Views of a result: the JSON summary, the text report and the notebook HTML.

Tidy pandas frames of an account (:mod:`ghgcore.views.frames`):
:func:`~ghgcore.views.frames.lines_frame`, :func:`~ghgcore.views.frames.scopes`,
:func:`~ghgcore.views.frames.categories`, :func:`~ghgcore.views.frames.gases`,
:func:`~ghgcore.views.frames.gwp_effect`, :func:`~ghgcore.views.frames.by`.

Views sit below the model: they import the result for typing only, and the
model knows nothing of them. A feature adds its part of the summary as a
:class:`Section` (:func:`register_section`); the spend section is built in.

>>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate
>>> fs = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
>>> data = summary(calculate([Activity.of("diesel", 100, "L")], fs), organisation="Example AS", year=2024)
>>> data["scopes"]["1"], data["spend"]
(250.0, None)
>>> print(format_table(data).splitlines()[0])
Greenhouse-gas inventory: Example AS, 2024 (GWP-100 AR6)
"""

from __future__ import annotations

from ghgcore.views import frames
from ghgcore.views._base import Section
from ghgcore.views.frames import lines_frame
from ghgcore.views.html import html_page, to_html
from ghgcore.views.ledger import format_ledger, ledger_html, ledger_summary
from ghgcore.views.network import format_network, network_html
from ghgcore.views.progress import format_progress
from ghgcore.views.sections import register_section, registered
from ghgcore.views.spend import SpendSection, spend_summary
from ghgcore.views.summary import TOTAL_BASIS, summary
from ghgcore.views.text import format_table

__all__ = [
    "TOTAL_BASIS",
    "Section",
    "SpendSection",
    "format_ledger",
    "format_network",
    "format_progress",
    "format_table",
    "frames",
    "html_page",
    "ledger_html",
    "ledger_summary",
    "lines_frame",
    "network_html",
    "register_section",
    "registered",
    "spend_summary",
    "summary",
    "to_html",
]
