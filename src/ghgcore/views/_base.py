"""What the views share: number formats, scope rows, and the section protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ghgcore.views.ledger import class_rows, period_text

if TYPE_CHECKING:
    from ghgcore.result import Result

__all__ = ["Section", "clean", "clip", "disclosures", "number", "scope_rows", "tonnes", "total_rows"]

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

    def text(self, data: Mapping[str, Any]) -> list[str]:
        """Lines of the text report, from the whole summary."""

    def html(self, data: Mapping[str, Any]) -> str:
        """HTML for the notebook view, from the whole summary (``""``: nothing)."""


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


def number(value: float, decimals: int = 2) -> str:
    """A number with thousands separators and `decimals` decimals; huge ones as ``1.5e+20``.

    Never longer than about 20 characters, and never fails (``nan``, ``inf``).
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return clip(value, 20)
    if not abs(x) < _PLAIN_BELOW:
        return f"{x:.6g}"
    return f"{x:,.{decimals}f}"


def tonnes(kg: float) -> str:
    """Kg as tonnes with three decimals and thousands separators (huge numbers as ``1.5e+20``)."""
    return number(kg / 1000 if isinstance(kg, int | float) else kg, 3)


def scope_rows(data: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The scope rows of a summary: label and kg CO2e."""
    scopes = data["scopes"]
    return [
        ("Scope 1", scopes["1"]),
        ("Scope 2, location-based", scopes["2_location"]),
        ("Scope 2, market-based", scopes["2_market"]),
        ("Scope 3", scopes["3"]),
    ]


def total_rows(data: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The total rows of a summary: label and kg."""
    rows = [
        (f"Total ({data['total_basis']})", data["total_kg_co2e"]),
        ("Biogenic CO2, outside the scopes", data["biogenic_co2_kg"]),
    ]
    if data.get("montreal_gases_kg_co2e"):
        rows.append(("Montreal Protocol gases (CO2e), outside the scopes", data["montreal_gases_kg_co2e"]))
    return rows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def disclosures(data: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """What a reader of the report must be told, as (heading, items), for the text and HTML views.

    Lines of other years left out; factors from another year or region;
    extrapolated prices; the hybrid rule's decisions; each ledger's
    company, period (and whether it is a full year) and account classes.
    """
    out: list[tuple[str, list[str]]] = []
    other = data.get("other_years") or {}
    if other:
        out.append((
            f"Lines of other years, not in this {data['year']} inventory (years are never summed)",
            [f"{year}: {_plural(n, 'line')} (calculate with --year {year})" for year, n in other.items()],
        ))  # fmt: skip
    fallbacks = data.get("fallbacks") or []
    if fallbacks:
        items = []
        for f in fallbacks:
            where = f"{f['activity']}, {f['region'] or 'no region'}, {f['year']}"
            factor = f"{f['factor_region'] or 'any region'} {f['factor_years'] or 'all years'}"
            items.append(
                f"{where}, {f['basis']}-based: the factor for {factor} ({f['kind']} fallback, {f['factor_set']}), "
                f"{_plural(f['lines'], 'line')}, {tonnes(f['kg_co2e'])} t CO2e"
            )
        out.append((f"Factors from another year or region ({data.get('fallback', '')})", items))
    prices = data.get("price_assumptions") or []
    if prices:
        out.append(("Price assumptions", [f"{p['note']} ({_plural(p['lines'], 'line')})" for p in prices]))
    hybrid = data.get("hybrid") or []
    if hybrid:
        out.append(("Hybrid rule (spend against activity data)", [d["reason"] for d in hybrid]))
    for ledger in (data.get("reconciliation") or {}).get("ledgers", []):
        period = ledger.get("period") or {}
        if not period:
            continue
        head = f"Ledger {ledger.get('company') or ledger.get('source', '')}".strip()
        registration = f" ({ledger['registration_number']})" if ledger.get("registration_number") else ""
        items = [f"period {period_text(period)}, currency {ledger.get('currency', '')}"]
        items += [f"class {c} {name}: {number(net)}" for c, name, net in class_rows(ledger)]
        out.append((head + registration, items))
    return out
