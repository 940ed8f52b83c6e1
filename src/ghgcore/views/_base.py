"""What the views share: number formats, scope rows, category names, disclosures, the section protocol.

Every label goes through :mod:`ghgcore.i18n`: the functions take
``language`` (a code such as ``"nb"``, a :class:`~ghgcore.i18n.Language`,
or None for English).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views.ledger import class_rows, period_text

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = [
    "Section",
    "category_names",
    "clean",
    "clip",
    "disclosures",
    "figure",
    "interval_rows",
    "kind_names",
    "number",
    "quality_names",
    "reason_names",
    "scope_rows",
    "section_html",
    "section_text",
    "tonnes",
    "total_rows",
    "uncertainty_method_name",
]

#: Characters that would move the cursor, end a line, drive a terminal or reorder text: C0 and C1
#: controls, DEL, the Unicode line and paragraph separators and the bidirectional formatting marks.
_CONTROLS = [
    *range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
    *range(0x202A, 0x202F), *range(0x2066, 0x206A),
]  # fmt: skip
_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_VISIBLE = {c: _SHORT.get(c, f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}
#: What stands for the part of a clipped value left out.
ELLIPSIS = "..."
#: Beyond this magnitude, numbers are written in scientific notation (``1.5e+20``).
_PLAIN_BELOW = 1e15


class Section(Protocol):
    """A part of the summary that a feature adds, with its text and HTML rendering.

    The generic summary knows scopes, categories, gases and lines; a feature
    (spend-based accounting, say) contributes its own part under its own key.
    Register one with :func:`ghgcore.views.register_section`.
    """

    #: The key of the part in the summary.
    key: str

    def summarise(self, result: Result) -> Any:
        """The part of the summary, JSON-ready (``None``: nothing to say)."""

    def text(self, data: Mapping[str, Any], *, language: str | Language | None = None) -> list[str]:
        """Lines of the text report, from the whole summary, in `language`.

        A section written before views took a language may leave the
        parameter out: it is then called with the summary alone
        (:func:`section_text`).
        """

    def html(self, data: Mapping[str, Any], *, language: str | Language | None = None) -> str:
        """HTML for the notebook view, from the whole summary (``""``: nothing), in `language`."""


def _takes_language(method: Any) -> bool:
    """Whether a section's method takes ``language=`` (or any keyword)."""
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "language" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def section_text(
    section: Section, data: Mapping[str, Any], language: str | Language | None = None
) -> list[str]:
    """A section's lines of the text report, in `language` where the section takes one."""
    if _takes_language(section.text):
        return section.text(data, language=language)
    return section.text(data)


def section_html(section: Section, data: Mapping[str, Any], language: str | Language | None = None) -> str:
    """A section's HTML, in `language` where the section takes one."""
    if _takes_language(section.html):
        return section.html(data, language=language)
    return section.html(data)


def clean(value: object) -> str:
    r"""`value` as text on one line, its control characters written as escapes (``\n``, ``\x1b``).

    Text from the input (activity keys, file names, reasons quoting values,
    a ledger's company name) can then neither break a report's lines nor
    drive the terminal it is printed on.

    >>> clean("Oslo\n\x1b[2J")
    'Oslo\\n\\x1b[2J'
    """
    return str(value).translate(_VISIBLE)


def clip(value: object, limit: int) -> str:
    """:func:`clean` `value`, and shorten it to `limit` characters with an ellipsis in the middle.

    The start and the end are kept (a long reason keeps what was expected,
    a long path its file name).

    >>> clip("a" * 20 + "z", 10)
    'aaaaa...az'
    """
    text = clean(value)
    if len(text) <= limit:
        return text
    keep = max(limit - len(ELLIPSIS), 0)
    head = (keep * 2 + 2) // 3
    return text[:head] + ELLIPSIS + text[len(text) - (keep - head) :]


def number(value: float, decimals: int = 2, language: str | Language | None = None) -> str:
    r"""A number with thousands separators and `decimals` decimals; huge ones as ``1.5e+20``.

    Never longer than about 20 characters, and never fails (``nan``, ``inf``).
    Without a language, English as Python writes it; with one, as the
    language writes it (``1 234,50`` in Norwegian; NaN as ``–``).

    >>> number(1234.5), number(1234.5, 1, "nb"), number(1.5e20, 1, "nb")
    ('1,234.50', '1\xa0234,5', '1.5e+20')
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return clip(value, 20)
    if x == x and not abs(x) < _PLAIN_BELOW:
        return f"{x:.6g}"
    if language is not None:
        return get_language(language).number(x, decimals)
    if x != x:
        return f"{x:.6g}"
    return f"{x:,.{decimals}f}"


def tonnes(kg: float, language: str | Language | None = None) -> str:
    """Kg as tonnes with three decimals and thousands separators (huge numbers as ``1.5e+20``)."""
    return number(kg / 1000 if isinstance(kg, int | float) else kg, 3, language)


def figure(kg: float | None, language: str | Language | None = None, decimals: int = 3) -> str:
    """Kg as tonnes in `language` (``–`` for None): what the inventory views write for a mass."""
    if kg is None:
        return "–"
    return number(kg / 1000 if isinstance(kg, int | float) else kg, decimals, get_language(language))


def category_names(language: str | Language | None = None) -> dict[str, str]:
    """The 15 scope 3 categories' names (:data:`ghgcore.figures.CATEGORY_NAMES`), in `language`.

    >>> category_names()["6"], category_names("nb")["1"] != ""
    ('Business travel', True)
    """
    lang = get_language(language)
    return {
        "1": lang.gettext("Purchased goods and services"),
        "2": lang.gettext("Capital goods"),
        "3": lang.gettext("Fuel- and energy-related activities"),
        "4": lang.gettext("Upstream transportation and distribution"),
        "5": lang.gettext("Waste generated in operations"),
        "6": lang.gettext("Business travel"),
        "7": lang.gettext("Employee commuting"),
        "8": lang.gettext("Upstream leased assets"),
        "9": lang.gettext("Downstream transportation and distribution"),
        "10": lang.gettext("Processing of sold products"),
        "11": lang.gettext("Use of sold products"),
        "12": lang.gettext("End-of-life treatment of sold products"),
        "13": lang.gettext("Downstream leased assets"),
        "14": lang.gettext("Franchises"),
        "15": lang.gettext("Investments"),
    }


def quality_names(language: str | Language | None = None) -> dict[str, str]:
    """What each data-quality score means (:data:`ghgcore.quality.QUALITY_SCORES`), in `language`."""
    lang = get_language(language)
    return {
        "1": lang.gettext("supplier-specific (your own factor, or a contractual instrument)"),
        "2": lang.gettext("physical activity data, factor of the line's region and year"),
        "3": lang.gettext("physical activity data, factor of another region or year"),
        "4": lang.gettext("spend, input-output factor of the line's region"),
        "5": lang.gettext("spend, input-output factor of another region"),
    }


def reason_names(language: str | Language | None = None) -> dict[str, str]:
    """CDP's reasons for a change in emissions (:data:`ghgcore.decomposition.CDP_REASONS`), in `language`.

    The keys are CDP's English spelling, as the progress report holds them.

    >>> reason_names()["Change in output"], reason_names("nb")["Acquisitions"] != ""
    ('Change in output', True)
    """
    lang = get_language(language)
    return {
        "Change in renewable energy consumption": lang.gettext("Change in renewable energy consumption"),
        "Other emissions reduction activities": lang.gettext("Other emissions reduction activities"),
        "Divestment": lang.gettext("Divestment"),
        "Acquisitions": lang.gettext("Acquisitions"),
        "Mergers": lang.gettext("Mergers"),
        "Change in output": lang.gettext("Change in output"),
        "Change in methodology": lang.gettext("Change in methodology"),
        "Change in boundary": lang.gettext("Change in boundary"),
        "Change in physical operating conditions": lang.gettext("Change in physical operating conditions"),
        "Unidentified": lang.gettext("Unidentified"),
        "Other": lang.gettext("Other"),
    }


def uncertainty_method_name(method: object, language: str | Language | None = None) -> str:
    """How a summary's uncertainty method (``uncertainty.method``) is said in `language`.

    ``approach1`` and ``monte-carlo`` are named in words; any other value is
    shown as it is (:func:`clip`-ped to 24 characters), never dropped. The
    charts' interval legend and the climate account's method note both say
    it this way.

    >>> uncertainty_method_name("approach1"), uncertainty_method_name("monte-carlo")
    ('IPCC approach 1, error propagation', 'Monte Carlo, IPCC approach 2')
    >>> uncertainty_method_name("bootstrap")
    'bootstrap'
    """
    lang = get_language(language)
    if method == "approach1":
        return lang.gettext("IPCC approach 1, error propagation")
    if method == "monte-carlo":
        return lang.gettext("Monte Carlo, IPCC approach 2")
    return clip("" if method is None else method, 24)


def kind_names(language: str | Language | None = None) -> dict[str, str]:
    """The kinds of factor fallback (``region``, ``year``, ``region+year``) and the bases, in `language`.

    A kind is said in "a year fallback", a basis in "location-based" (``{basis}-based``).
    """
    lang = get_language(language)
    return {
        # Translators: "region", "year" and "region+year" are kinds of factor fallback ("a year fallback":
        # the factor of another year); "location" and "market" are scope 2 bases, said as "{basis}-based".
        "region": lang.gettext("region"),
        "year": lang.gettext("year"),
        "region+year": lang.gettext("region+year"),
        "location": lang.gettext("location"),
        "market": lang.gettext("market"),
    }


def scope_rows(data: Mapping[str, Any], language: str | Language | None = None) -> list[tuple[str, float]]:
    """The scope rows of a summary: label and kg CO2e."""
    lang = get_language(language)
    scopes = data["scopes"]
    return [
        (lang.gettext("Scope 1"), scopes["1"]),
        (lang.gettext("Scope 2, location-based"), scopes["2_location"]),
        (lang.gettext("Scope 2, market-based"), scopes["2_market"]),
        (lang.gettext("Scope 3"), scopes["3"]),
    ]


def total_rows(data: Mapping[str, Any], language: str | Language | None = None) -> list[tuple[str, float]]:
    """The total rows of a summary: label and kg."""
    lang = get_language(language)
    basis = (
        lang.gettext("scope 1 + scope 2 market-based + scope 3")
        if data["total_basis"] == "scope 1 + scope 2 market-based + scope 3"
        else str(data["total_basis"])
    )
    rows = [
        (lang.format("Total ({basis})", basis=basis), data["total_kg_co2e"]),
        (lang.gettext("Biogenic CO2, outside the scopes"), data["biogenic_co2_kg"]),
    ]
    if data.get("montreal_gases_kg_co2e"):
        rows.append(
            (
                lang.gettext("Montreal Protocol gases (CO2e), outside the scopes"),
                data["montreal_gases_kg_co2e"],
            )
        )
    return rows


def interval_rows(
    data: Mapping[str, Any], language: str | Language | None = None
) -> list[tuple[str, str, float, Mapping[str, Any] | None]]:
    """The rows of the inventory's main table: (key, label, kg CO2e, its 95 % interval or None).

    Scopes, then scope 3 categories with emissions (indented, with their
    GHG Protocol names; ``unassigned`` last), then the totals; the
    interval is the summary's ``uncertainty`` figure of the key (None in a
    summary without one, and for biogenic CO2 and Montreal gases).
    Keys: ``1``, ``2_location``, ``2_market``, ``3``, ``3.N``,
    ``3.unassigned``, ``total``, ``biogenic``, ``montreal``.
    """
    lang = get_language(language)
    figures = ((data.get("uncertainty") or {}).get("figures")) or {}
    names = category_names(lang)
    scopes = scope_rows(data, lang)
    rows: list[tuple[str, str, float, Mapping[str, Any] | None]] = [
        (key, label, kg, figures.get(key))
        for key, (label, kg) in zip(("1", "2_location", "2_market", "3"), scopes, strict=True)
    ]
    for category, kg in data["scope3_categories"].items():
        if not kg:
            continue
        if category == "unassigned":
            rows.append(("3.unassigned", "  " + lang.gettext("no category"), kg, None))
        else:
            label = lang.format("{number}. {name}", number=category, name=names.get(str(category), ""))
            rows.append((f"3.{category}", "  " + label, kg, figures.get(f"3.{category}")))
    totals = total_rows(data, lang)
    rows.append(("total", totals[0][0], totals[0][1], figures.get("total")))
    rows.append(("biogenic", totals[1][0], totals[1][1], None))
    if len(totals) > 2:
        rows.append(("montreal", totals[2][0], totals[2][1], None))
    return rows


def _count(lang: Language, n: int) -> str:
    return lang.ngettext("{count} line", "{count} lines", n).format(count=lang.number(n, 0))


def _fallback_totals(fallbacks: list[Mapping[str, Any]], lang: Language) -> list[str]:
    """How much of each basis came from each kind of fallback, in one sentence per basis."""
    kinds = kind_names(lang)
    sums: dict[tuple[str, str], list[float]] = {}
    for f in fallbacks:
        entry = sums.setdefault((str(f.get("basis", "")), str(f.get("kind", ""))), [0.0, 0])
        entry[0] += float(f.get("kg_co2e") or 0.0)
        entry[1] += int(f.get("lines") or 0)
    out = []
    for basis in ("market", "location"):
        parts = [
            lang.format(
                "{tonnes} t CO2e from a {kind} fallback ({lines})",
                tonnes=figure(kg, lang), kind=kinds.get(kind, kind), lines=_count(lang, int(n)),
            )
            for (b, kind), (kg, n) in sorted(sums.items())
            if b == basis
        ]  # fmt: skip
        if not parts:
            continue
        if basis == "market":
            out.append(lang.format("Market-based scope 2: {parts}", parts="; ".join(parts)))
        else:
            out.append(lang.format("Location-based, every scope: {parts}", parts="; ".join(parts)))
    return out


def disclosures(
    data: Mapping[str, Any], language: str | Language | None = None
) -> list[tuple[str, list[str]]]:
    """What a reader of the report must be told, as (heading, items), for the text and HTML views.

    Lines of other years left out; factors from another year or region
    (first how many t CO2e of market-based scope 2 and of the
    location-based figures came from each kind of fallback, then each
    fallback); scope 2 lines whose market-based figure is the
    location-based one (no market-based factor); extrapolated prices; the
    hybrid rule's decisions; each ledger's company, period (and whether it
    is a full year) and account classes.
    """
    lang = get_language(language)
    kinds = kind_names(lang)
    out: list[tuple[str, list[str]]] = []
    other = data.get("other_years") or {}
    if other:
        out.append((
            lang.format(
                "Lines of other years, not in this {year} inventory (years are never summed)", year=data["year"]
            ),
            [
                lang.format("{year}: {lines} (calculate with --year {year})", year=year, lines=_count(lang, n))
                for year, n in other.items()
            ],
        ))  # fmt: skip
    fallbacks = data.get("fallbacks") or []
    if fallbacks:
        items = _fallback_totals(fallbacks, lang)
        no_region, any_region = lang.gettext("no region"), lang.gettext("any region")
        all_years = lang.gettext("all years")
        for f in fallbacks:
            where = f"{f['activity']}, {f['region'] or no_region}, {f['year']}"
            factor = f"{f['factor_region'] or any_region} {f['factor_years'] or all_years}"
            items.append(
                lang.format(
                    "{where}, {basis}-based: the factor for {factor} ({kind} fallback, {factor_set}), {lines}, "
                    "{tonnes} t CO2e",
                    where=where, basis=kinds.get(f["basis"], f["basis"]), factor=factor,
                    kind=kinds.get(f["kind"], f["kind"]), factor_set=f["factor_set"],
                    lines=_count(lang, f["lines"]), tonnes=figure(f["kg_co2e"], lang),
                )
            )  # fmt: skip
        out.append(
            (
                lang.format("Factors from another year or region ({rules})", rules=data.get("fallback", "")),
                items,
            )
        )
    stand_in = (data.get("scope2_lines") or {}).get("scope2_location_fallback") or 0
    if stand_in:
        out.append((
            lang.gettext("Scope 2 without a market-based factor"),
            [lang.format("{lines}: the location-based figure stands in for the market-based one",
                         lines=_count(lang, stand_in))],
        ))  # fmt: skip
    prices = data.get("price_assumptions") or []
    if prices:
        out.append((
            lang.gettext("Price assumptions"),
            [f"{p['note']} ({_count(lang, p['lines'])})" for p in prices],
        ))  # fmt: skip
    hybrid = data.get("hybrid") or []
    if hybrid:
        out.append((lang.gettext("Hybrid rule (spend against activity data)"), [d["reason"] for d in hybrid]))
    for ledger in (data.get("reconciliation") or {}).get("ledgers", []):
        period = ledger.get("period") or {}
        if not period:
            continue
        head = lang.format("Ledger {name}", name=ledger.get("company") or ledger.get("source", "")).strip()
        registration = f" ({ledger['registration_number']})" if ledger.get("registration_number") else ""
        items = [
            lang.format(
                "period {period}, currency {currency}", period=period_text(period, lang),
                currency=ledger.get("currency", ""),
            )
        ]  # fmt: skip
        items += [
            lang.format("class {number} {name}: {net}", number=c, name=name, net=number(net, 2, lang))
            for c, name, net in class_rows(ledger, lang)
        ]
        out.append((head + registration, items))
    return out
