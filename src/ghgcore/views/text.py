"""The text report of a summary, for the terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views._base import (
    clean,
    clip,
    disclosures,
    figure,
    interval_rows,
    number,
    quality_names,
    section_text,
)
from ghgcore.views.sections import registered

__all__ = [
    "MAX_LINE",
    "MAX_NAME",
    "MAX_TEXT",
    "format_table",
    "gas_label",
    "gas_rows",
    "interval_note",
    "interval_text",
]

#: The longest a name from the input (organisation, file, instrument id, factor set) is shown in
#: the text report; longer ones are shortened with an ellipsis in the middle (the JSON summary
#: keeps them whole).
MAX_NAME = 120
#: The same for a sentence that quotes the input: a reason, a disclosure.
MAX_TEXT = 500
#: The longest a line of a section's text (a plugin's too) is shown.
MAX_LINE = 1000

#: Gases reported outside the scopes besides the Montreal Protocol gases.
_BIOGENIC = "CO2_biogenic"


def interval_text(
    interval: Mapping[str, Any] | None, language: str | Language | None = None
) -> tuple[str, str]:
    """A figure's 95 % interval as (``±5.3%``, ``10.950 – 12.360``) in t CO2e; ``("", "")`` for none.

    >>> interval_text({"value": 1000.0, "low": 950.0, "high": 1050.0, "relative": 0.05})
    ('±5.0%', '0.950 – 1.050')
    """
    if not interval:
        return "", ""
    lang = get_language(language)
    relative = interval.get("relative")
    share = "–" if relative is None else "±" + lang.percent(float(relative), 1)
    return share, f"{figure(interval.get('low'), lang)} – {figure(interval.get('high'), lang)}"


def gas_rows(data: Mapping[str, Any]) -> list[tuple[str, float, float | None, bool]]:
    """The gases of a summary with a mass: (gas, kg, kg CO2e or None, in the scopes).

    The CO2e is the mass times the GWP of the summary's set, when it is one
    of the shipped sets (``AR4``, ``AR5``, ``AR6``) and knows the gas.
    Biogenic CO2 and the Montreal Protocol gases are reported outside the
    scopes.
    """
    from ghgcore.gases import GWP_SETS, get_gwp_set, is_montreal_gas

    gwp = get_gwp_set(data["gwp"]) if str(data.get("gwp", "")).upper() in GWP_SETS else None
    out = []
    for gas, kg in (data.get("gases") or {}).items():
        if not kg:
            continue
        weight = None if gwp is None else gwp.get(gas)
        out.append(
            (gas, kg, None if weight is None else kg * weight, not (gas == _BIOGENIC or is_montreal_gas(gas)))
        )
    return out


def gas_label(gas: str, in_scopes: bool, language: str | Language | None = None) -> str:
    """A gas as the views name it: ``CO2e`` said to be weighted already, gases outside the scopes said so."""
    lang = get_language(language)
    if gas == "CO2e":
        weighted = lang.gettext("weighted by the factor source")
        return f"CO2e ({weighted})"
    if in_scopes:
        return gas
    outside = lang.gettext("outside the scopes")
    return f"{gas} ({outside})"


def _energy_kinds(lang: Language) -> dict[str, str]:
    return {
        "fossil": lang.gettext("fossil"),
        "renewable": lang.gettext("renewable"),
        "nuclear": lang.gettext("nuclear"),
        "unspecified": lang.gettext("unspecified"),
    }


def interval_note(data: Mapping[str, Any], lang: Language) -> str:
    """How the summary's 95 % intervals were made, in the language (approach 1 or Monte Carlo)."""
    uncertainty = data.get("uncertainty") or {}
    if uncertainty.get("method") == "monte-carlo":
        return lang.format(
            "95 % intervals by Monte Carlo ({samples} samples, seed {seed}; independent lines)",
            samples=lang.number(uncertainty["samples"], 0) if "samples" in uncertainty else "?",
            seed=clean(uncertainty.get("seed", "?")),
        )
    return lang.gettext(
        "95 % intervals by IPCC approach 1 (error propagation over independent lines; "
        "a lower bound where a few factors dominate)"
    )


def format_table(
    data: Mapping[str, Any], *, max_unresolved: int = 20, language: str | Language | None = None
) -> str:
    r"""A plain-text report of a summary, in tonnes CO2e, for the terminal.

    Scopes with scope 3 by category (the GHG Protocol's names), the totals
    and, where the summary has them (``uncertainty``), each figure's 95 %
    interval; gases with their CO2e; line counts; energy; data quality
    (``quality``); the parts of registered sections
    (:func:`ghgcore.views.registered`) that the summary holds; instruments;
    disclosures (other years, fallbacks, location-based stand-ins, prices,
    the hybrid rule, ledgers); unresolved lines; factor sets. A summary
    without ``quality`` or ``uncertainty`` (written by an older ghgcore)
    is shown without them.

    Text from the input (organisation, activity keys, file names, reasons
    quoting values) is shown on one line, its control characters written as
    escapes (``\n``, ``\x1b``) so that it can neither break the report
    nor drive the terminal, and shortened with an ellipsis in the middle
    beyond :data:`MAX_NAME` characters (a name) or :data:`MAX_TEXT` (a
    reason, a disclosure).

    Parameters
    ----------
    data : Mapping
        A summary (:func:`ghgcore.views.summary`, ``Inventory.summary()``).
    max_unresolved : int
        The unresolved lines listed at most.
    language : str or Language, optional
        The language of the labels and numbers (English by default).
    """
    lang = get_language(language)
    width = 52
    organisation = clip(data["organisation"], MAX_NAME) if data["organisation"] else ""
    title = lang.gettext("Greenhouse-gas inventory")
    out = [
        f"{title}{': ' + organisation if organisation else ''}"
        f"{', ' + clip(data['year'], 12) if data['year'] else ''} (GWP-100 {clip(data['gwp'], 20)})",
        "",
    ]
    uncertain = bool((data.get("uncertainty") or {}).get("figures"))
    t_co2e = lang.gettext("t CO2e")
    head = f"{'':<{width}}{t_co2e:>14}"
    if uncertain:
        share_head, span_head = lang.gettext("± 95 %"), lang.gettext("95 % interval, t CO2e")
        head += f"{share_head:>10}  {span_head:<26}"
    out.append(head.rstrip())

    def row(label: str, value: str, extra: str = "") -> None:
        out.append(f"{clip(label, width - 1):<{width}}{value:>14}{extra}".rstrip())

    for _, label, kg, interval in interval_rows(data, lang):
        share, span = interval_text(interval, lang)
        row(label, figure(kg, lang), f"{share:>10}  {span}" if uncertain else "")
    if uncertain:
        out.append(interval_note(data, lang))
    gases = gas_rows(data)
    if gases:
        basis = (
            lang.gettext("scope 2 market-based") if data.get("gases_basis") == "scope 2 market-based" else ""
        )
        label = lang.format("Gas ({basis})", basis=basis) if basis else lang.gettext("Gas")
        kg_head = lang.gettext("kg")
        out += ["", f"{label:<{width}}{kg_head:>14}{t_co2e:>14}"]
        for gas, kg, co2e, in_scopes in gases:
            row(gas_label(gas, in_scopes, lang), number(kg, 3, lang), f"{figure(co2e, lang):>14}")
    unresolved = data["unresolved"]
    excluded = sum(item["lines"] for item in data["excluded"])
    out += [
        "",
        lang.format(
            "Lines: {read} read, {calculated} calculated, {excluded} excluded, {unresolved} unresolved",
            read=number(data["lines"], 0, lang), calculated=number(data["calculated"], 0, lang),
            excluded=number(excluded, 0, lang), unresolved=number(len(unresolved), 0, lang),
        ),
    ]  # fmt: skip
    energy = data.get("energy")
    if energy and energy["total_mwh"]:
        names = _energy_kinds(lang)
        kinds = ", ".join(
            f"{names.get(kind, kind)} {number(mwh, 1, lang)}"
            for kind, mwh in energy["by_kind"].items()
            if mwh
        )
        out.append(
            lang.format(
                "Energy (scope 1 and 2 lines): {mwh} MWh: {kinds}",
                mwh=number(energy["total_mwh"], 1, lang),
                kinds=kinds,
            )
        )
        out += [f"  {clip(note, MAX_TEXT)}" for note in energy["notes"]]
    quality = data.get("quality")
    if quality and any((quality.get("lines") or {}).values()):
        score = quality.get("weighted_score")
        out.append(
            lang.format(
                "Data quality (PCAF-style score, 1 best, 5 poorest): weighted by emissions {score}",
                score=number(score, 1, lang) if score is not None else "–",
            )
        )
        for key, meaning in quality_names(lang).items():
            n = int((quality.get("lines") or {}).get(key, 0))
            if n:
                lines = lang.ngettext("{count} line", "{count} lines", n).format(count=number(n, 0, lang))
                kg = (quality.get("kg_co2e") or {}).get(key, 0.0)
                out.append(
                    "  " + lang.format("{score}: {tonnes} t CO2e, {lines}: {meaning}", score=key,
                                       tonnes=figure(kg, lang), lines=lines, meaning=meaning)
                )  # fmt: skip
    for section in registered():
        out += [clip(line, MAX_LINE) for line in section_text(section, data, lang)]
    if data["instruments"]:
        used = sum(item["allocated_kwh"] for item in data["instruments"])
        total = sum(item["kwh"] for item in data["instruments"])
        out.append(
            lang.format(
                "Contractual instruments: {count}, {used} of {total} kWh allocated to {lines} scope 2 lines",
                count=number(len(data["instruments"]), 0, lang), used=number(used, 0, lang),
                total=number(total, 0, lang), lines=number(data["scope2_lines"]["scope2_instrument"], 0, lang),
            )
        )  # fmt: skip
        for item in data["instruments"]:
            if item["note"]:
                out.append(f"  {clip(item['id'], MAX_NAME)}: {clip(item['note'], MAX_TEXT)}")
    for heading, items in disclosures(data, lang):
        out.append(f"{clip(heading, MAX_TEXT)}:")
        out.extend(f"  {clip(item, MAX_TEXT)}" for item in items)
    if unresolved:
        out.append(lang.gettext("Unresolved lines:"))
        for item in unresolved[:max_unresolved]:
            where = f"{clip(item['input'], MAX_NAME)} " if item.get("input") else ""
            out.append(
                "  "
                + where
                + lang.format(
                    "line {line}: {reason}",
                    line=clip(item["line"], 20),
                    reason=clip(item["reason"], MAX_TEXT),
                )
            )
        if len(unresolved) > max_unresolved:
            out.append(
                "  "
                + lang.format(
                    "... and {count} more (see --format json)",
                    count=number(len(unresolved) - max_unresolved, 0, lang),
                )
            )
    out.append(lang.gettext("Factor sets:") + " " + "; ".join(
        f"{clip(fs['name'], MAX_NAME)} {clip(fs['version'], MAX_NAME)} (sha256 {clip(fs['sha256'][:12], 12)})"
        for fs in data["factor_sets"]
    ))  # fmt: skip
    return "\n".join(map(clean, out)) + "\n"  # no control character anywhere, whatever made a line
