"""The yearly climate account as a PDF, drawn with fpdf2 (pure Python, no browser).

fpdf2's core font (Helvetica) is used, so nothing is shipped that must be
licensed: it covers Latin-1 (æ, ø, å and the other letters of the Nordic
languages). Text is sanitised to Latin-1 first: an en dash becomes ``-``,
``≥`` ``>=``, a subscript ``₂`` ``2``, a narrow no-break space a no-break
space; any other character outside Latin-1 becomes ``?``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from typing import IO, Any

from ghgcore.errors import OptionError
from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import clean
from ghgcore.views.reports._account import Chart, Document, Items, Table, Text, document

__all__ = ["klimaregnskap_pdf", "latin1"]

_EXTRA = "reports"
_REPLACE = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2080": "0",
    "\u2081": "1",
    "\u2082": "2",
    "\u2083": "3",
    "\u2084": "4",
    "\u202f": "\u00a0",
    "\u2009": " ",
    "\u2022": "-",
    "\u20ac": "EUR",
}
_TABLE = str.maketrans(_REPLACE)


def latin1(text: object) -> str:
    """`text` (control characters escaped) in Latin-1, which fpdf2's core fonts cover.

    >>> latin1("CO₂ ≥ 5 – æøå")
    'CO2 >= 5 - æøå'
    """
    shown = clean(text).translate(_TABLE)
    return shown.encode("latin-1", errors="replace").decode("latin-1")


def _fpdf() -> Any:
    try:
        import fpdf
    except ImportError:
        raise OptionError(
            'the PDF report needs fpdf2: pip install "ghgcore[reports]" (or pip install fpdf2)'
        ) from None
    return fpdf


def _chart_png(
    kind: str, summary: Mapping[str, Any], progress: Mapping[str, Any] | None, lang: Language
) -> bytes | None:
    """A chart as PNG bytes, or None where matplotlib (or the chart) is missing."""
    try:
        from ghgcore.views import charts
    except ImportError:  # pragma: no cover - part of the package
        return None
    name = {"scope": "scope_chart", "category": "category_chart", "trend": "trend_chart"}[kind]
    make = getattr(charts, name, None)
    style = getattr(charts, "chart_style", None)
    if make is None or style is None or (kind == "trend" and progress is None):
        return None
    try:
        fig = make(progress if kind == "trend" else summary, language=lang)
        buffer = io.BytesIO()
        with style():
            fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    except OptionError:
        return None
    return buffer.getvalue()


class _Writer:
    """Draws a :class:`Document` on an FPDF, A4 portrait."""

    def __init__(self, doc: Document) -> None:
        fpdf = _fpdf()
        self.doc = doc
        self.pdf = fpdf.FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_margins(16, 16, 16)
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.set_title(latin1(doc.title + " " + doc.subtitle))
        self.pdf.set_creator("ghgcore")
        self.pdf.set_lang(doc.language)
        self.pdf.alias_nb_pages()
        footer = latin1(doc.footer)
        pdf = self.pdf

        def page_footer() -> None:
            pdf.set_y(-12)
            pdf.set_font("helvetica", size=7.5)
            pdf.set_text_color(90, 90, 90)
            pdf.cell(0, 5, footer + f"   {pdf.page_no()}/{{nb}}", align="R")
            pdf.set_text_color(0, 0, 0)

        self.pdf.footer = page_footer

    @property
    def width(self) -> float:
        return float(self.pdf.w - self.pdf.l_margin - self.pdf.r_margin)

    def text(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.pdf.set_font("helvetica", style=style, size=size)
        self.pdf.multi_cell(self.width, size * 0.48, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.2)

    def heading(self, text: str) -> None:
        if self.pdf.get_y() > self.pdf.h - 45:
            self.pdf.add_page()
        self.pdf.ln(3)
        self.pdf.set_font("helvetica", style="B", size=12.5)
        self.pdf.set_text_color(0, 80, 130)
        self.pdf.cell(self.width, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_draw_color(190, 190, 190)
        self.pdf.line(self.pdf.l_margin, self.pdf.get_y(), self.pdf.l_margin + self.width, self.pdf.get_y())
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(2)

    def items(self, items: tuple[str, ...]) -> None:
        self.pdf.set_font("helvetica", size=9)
        for item in items:
            self.pdf.set_x(self.pdf.l_margin + 3)
            self.pdf.multi_cell(self.width - 3, 4.3, latin1("- " + item), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def table(self, table: Table) -> None:
        fpdf = _fpdf()
        self.pdf.set_font("helvetica", size=8.5)
        columns = len(table.columns)
        first = 0.6 if columns <= 2 else 0.42 if columns <= 4 else 0.24
        widths = [first] + [(1 - first) / (columns - 1)] * (columns - 1) if columns > 1 else [1.0]
        align = ["RIGHT" if table.numeric[i] else "LEFT" for i in range(columns)]
        style = fpdf.FontFace(emphasis="BOLD", color=(70, 70, 70), fill_color=(238, 242, 246))
        with self.pdf.table(
            col_widths=tuple(w * 100 for w in widths),
            text_align=tuple(align),
            headings_style=style,
            line_height=4.6,
            borders_layout="HORIZONTAL_LINES",
            width=self.width,
        ) as grid:
            header = grid.row()
            for column in table.columns:
                header.cell(latin1(column))
            for n, row in enumerate(table.rows):
                line = grid.row()
                face = fpdf.FontFace(emphasis="BOLD") if n in table.totals else None
                for cell in row:
                    line.cell(latin1(cell), style=face)
        self.pdf.ln(2.5)

    def chart(self, png: bytes, caption: str) -> None:
        height = self.width * 0.5
        if self.pdf.get_y() + height > self.pdf.h - 20:
            self.pdf.add_page()
        # the chart's own title says what it shows; the caption is its alternative text
        self.pdf.image(io.BytesIO(png), x=self.pdf.l_margin, w=self.width * 0.8, alt_text=latin1(caption))
        self.pdf.ln(2)

    def draw(self, charts: Mapping[str, bytes]) -> bytes:
        pdf = self.pdf
        doc = self.doc
        pdf.add_page()
        pdf.set_font("helvetica", style="B", size=20)
        pdf.cell(self.width, 10, latin1(doc.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10.5)
        pdf.set_text_color(80, 80, 80)
        pdf.multi_cell(self.width, 5.2, latin1(doc.subtitle), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 114, 178)
        pdf.set_line_width(0.8)
        pdf.line(pdf.l_margin, pdf.get_y() + 1.5, pdf.l_margin + self.width, pdf.get_y() + 1.5)
        pdf.set_line_width(0.2)
        pdf.ln(5)
        for label, value in doc.key_figures:
            pdf.set_font("helvetica", size=8.5)
            pdf.set_text_color(90, 90, 90)
            pdf.cell(55, 4.5, latin1(label))
            pdf.set_text_color(0, 0, 0)
            pdf.set_font("helvetica", style="B", size=11)
            pdf.cell(self.width - 55, 4.5, latin1(value), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        for section in doc.sections:
            self.heading(section.heading)
            for block in section.blocks:
                if isinstance(block, Text):
                    self.text(block.text)
                elif isinstance(block, Items):
                    self.items(block.items)
                elif isinstance(block, Table):
                    self.table(block)
                elif isinstance(block, Chart) and block.kind in charts:
                    self.chart(charts[block.kind], block.caption)
        return bytes(pdf.output())


def klimaregnskap_pdf(
    summary: Mapping[str, Any],
    path_or_file: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    progress: Mapping[str, Any] | None = None,
    revenue: tuple[float, str] | None = None,
    language: str | Language | None = None,
    charts: bool = True,
) -> bytes:
    """The yearly climate account as a PDF: the content of :func:`klimaregnskap_html`, drawn with fpdf2.

    Parameters
    ----------
    summary : Mapping
        A calculation summary.
    path_or_file : str, os.PathLike or binary file, optional
        Where to write it: a path (written whole or not at all) or a file
        opened for binary writing; None to only return the bytes.
    progress : Mapping, optional
        :func:`ghgcore.progress.progress`'s report of the organisation.
    revenue : (float, str), optional
        The reporting year's revenue and its ISO 4217 currency code, for an
        intensity per million of it where no stored metric is that revenue
        (as :func:`klimaregnskap_html`).
    language : str or Language, optional
        The language of the labels and numbers.
    charts : bool, default True
        Draw the charts as images (where matplotlib is installed).

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    OptionError
        fpdf2 is not installed (``pip install "ghgcore[reports]"``), a
        language without a catalogue, or a revenue that is not an amount
        of a currency.
    OutputError
        The path cannot be written.
    """
    lang = get_language(language)
    _fpdf()
    doc = document(summary, progress=progress, revenue=revenue, language=lang)
    drawn: dict[str, bytes] = {}
    if charts:
        for kind in ("scope", "category", "trend"):
            png = _chart_png(kind, summary, progress, lang)
            if png is None and kind == "scope":
                break
            if png is not None:
                drawn[kind] = png
    data = _Writer(doc).draw(drawn)
    if path_or_file is None:
        return data
    if isinstance(path_or_file, str | os.PathLike):
        from ghgcore.output import atomic_writer

        with atomic_writer(path_or_file) as out:
            out.flush()
            out.buffer.write(data)  # type: ignore[attr-defined]
    else:
        path_or_file.write(data)
    return data
