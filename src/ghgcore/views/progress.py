"""The text report of an organisation's progress (the dict of :func:`ghgcore.progress.progress`).

Every label goes through the message catalogue and every number is written
as the language writes it (:mod:`ghgcore.i18n`); years are written as they
are, without thousands separators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language

__all__ = ["format_progress"]

_KINDS = ("fossil", "renewable", "nuclear", "unspecified")


def _kind(lang: Language, kind: str) -> str:
    """An energy kind's column header in `lang`."""
    return {
        "fossil": lang.gettext("fossil"),
        "renewable": lang.gettext("renewable"),
        "nuclear": lang.gettext("nuclear"),
        "unspecified": lang.gettext("unspecified"),
    }[kind]


def _t(lang: Language, kg: float | None) -> str:
    return "" if kg is None else lang.tonnes(kg)


def _pct(lang: Language, value: float | None) -> str:
    """A change in percent (the report's unit) as the language writes a signed percentage."""
    return "" if value is None else lang.percent(value / 100, sign=True)


def _decimals(value: float, most: int = 3) -> int:
    """The fewest decimals (at most `most`) that write `value` as given (``42``, ``4.2``)."""
    for decimals in range(most):
        if round(value, decimals) == value:
            return decimals
    return most


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    out = ["  ".join(f"{c:>{w}}" if i else f"{c:<{w}}" for i, (c, w) in enumerate(zip(r, widths, strict=True)))
           for r in (header, *rows)]  # fmt: skip
    return [line.rstrip() for line in out]


def _clean(text: object) -> str:
    s = str(text)
    return s if s.isprintable() else "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in s)


def _years_table(data: Mapping[str, Any], lang: Language) -> list[str]:
    """The totals by scope per year, and their change against the previous year and the base year."""
    rows: list[tuple[str, ...]] = []
    for y in data["years"]:
        restated = "restated" in y
        rows.append(
            (
                lang.format("{year} as calculated", year=y["year"]) if restated else str(y["year"]),
                _t(lang, y["scopes"]["1"]),
                _t(lang, y["scopes"]["2_location"]),
                _t(lang, y["scopes"]["2_market"]),
                _t(lang, y["scopes"]["3"]),
                _t(lang, y["total_kg_co2e"]),
                _pct(lang, y["change_percent"]),
                "" if restated else _pct(lang, y["change_from_base_percent"]),
            )
        )
        if restated:
            r = y["restated"]
            rows.append(
                (
                    lang.format("{year} restated", year=y["year"]),
                    _t(lang, r["scopes"]["1"]),
                    _t(lang, r["scopes"]["2_location"]),
                    _t(lang, r["scopes"]["2_market"]),
                    _t(lang, r["scopes"]["3"]),
                    _t(lang, r["total_kg_co2e"]),
                    "",
                    lang.gettext("base"),
                )
            )
    header = (
        lang.gettext("year"),
        lang.gettext("scope 1"),
        lang.gettext("2 location"),
        lang.gettext("2 market"),
        lang.gettext("scope 3"),
        lang.gettext("total"),
        lang.gettext("vs previous"),
        lang.gettext("vs base"),
    )
    return [lang.gettext("t CO2e (total: scope 1 + scope 2 market-based + scope 3)"), *_table(header, rows)]


def _explained(data: Mapping[str, Any], lang: Language) -> list[str]:
    """The change from year to year explained by its causes (LMDI)."""
    explained = [y for y in data["years"] if y.get("decomposition")]
    if not explained:
        return []
    rows = [
        (
            f"{d['from_year']}->{y['year']}",
            _t(lang, d.get("total_change_kg")),
            _t(lang, d.get("activity_kg")),
            _t(lang, d.get("factor_kg")),
            _t(lang, d.get("structural_kg")),
        )
        for y in explained
        for d in [y["decomposition"]]
    ]
    header = (
        lang.gettext("years"),
        lang.gettext("change"),
        lang.gettext("activity"),
        lang.gettext("factors"),
        lang.gettext("structural"),
    )
    out = ["", lang.gettext("Change explained (t CO2e, LMDI)"), *_table(header, rows)]
    out += [
        f"  {y['year']}: {_clean(y['decomposition']['note'])}"
        for y in explained
        if "note" in y["decomposition"]
    ]
    return out


def _intensity(data: Mapping[str, Any], lang: Language) -> list[str]:
    """Kg CO2e per unit of each metric, per year."""
    metrics = sorted({name for y in data["years"] for name in y["intensity"]})
    if not metrics:
        return []
    units = data.get("metric_units", {})
    header = (
        lang.gettext("year"),
        *(
            lang.format("per {metric} ({unit})", metric=m, unit=units[m])
            if units.get(m)
            else lang.format("per {metric}", metric=m)
            for m in metrics
        ),
    )
    rows = [
        (str(y["year"]), *(lang.number(y["intensity"][m], 2) if m in y["intensity"] else "" for m in metrics))
        for y in data["years"]
    ]
    return [
        "",
        lang.gettext("Intensity (kg CO2e, market-based total, per unit of each metric)"),
        *_table(header, rows),
    ]


def _energy(data: Mapping[str, Any], lang: Language) -> list[str]:
    """The energy of the scope 1 and 2 lines by kind, per year."""
    energy = [y for y in data["years"] if y.get("energy") and y["energy"].get("total_mwh")]
    if not energy:
        return []
    rows = [
        (
            str(y["year"]),
            lang.number(y["energy"]["total_mwh"], 1),
            *(lang.number(y["energy"]["by_kind"].get(kind, 0.0), 1) for kind in _KINDS),
            ""
            if y["energy"].get("renewable_share") is None
            else lang.percent(y["energy"]["renewable_share"], 0),
        )
        for y in energy
    ]
    header = (
        lang.gettext("year"),
        lang.gettext("total"),
        *(_kind(lang, kind) for kind in _KINDS),
        lang.gettext("renewable share"),
    )
    return ["", lang.gettext("Energy (scope 1 and 2 lines, MWh)"), *_table(header, rows)]


def _target(target: Mapping[str, Any], lang: Language) -> list[str]:
    """A target: its scopes, reduction and years, and its path against the actual figures."""
    intensity = target.get("kind") == "intensity"
    unit = (
        lang.format("kg CO2e per {metric}", metric=target.get("metric"))
        if intensity
        else lang.gettext("t CO2e")
    )
    scopes = "+".join(
        lang.gettext("2 (market-based)") if k == "2_market" else str(k) for k in target["scopes"]
    )
    reduction = float(target["reduction_percent"])
    out = [
        "",
        lang.format(
            "Target {name}: scopes {scopes}, -{reduction} from {base_year} by {target_year} ({unit})",
            name=_clean(target["name"]),
            scopes=scopes,
            reduction=lang.percent(reduction / 100, _decimals(reduction)),
            base_year=target["base_year"],
            target_year=target["target_year"],
            unit=unit,
        ),
    ]

    def amount(value: float | None) -> str:
        return "" if value is None else lang.number(value, 3) if intensity else _t(lang, value)

    verdicts = {True: lang.gettext("on track"), False: lang.gettext("off track"), None: ""}
    rows = [
        (
            year,
            amount(allowed),
            amount(target.get("actual", {}).get(year)),
            verdicts[target["on_track"].get(year)],
        )
        for year, allowed in target["path"].items()
    ]
    header = (lang.gettext("year"), lang.gettext("allowed"), lang.gettext("actual"), "")
    return out + _table(header, rows)


def _commitment(commitment: Mapping[str, Any], lang: Language) -> list[str]:
    """A commitment's follow-up: expected, achieved and goal per year, and the overdue actions."""
    verdicts = {True: lang.gettext("reached"), False: lang.gettext("not yet"), None: ""}
    rows = [
        (
            str(r["year"]),
            _t(lang, r.get("expected_kg")),
            _t(lang, r.get("achieved_kg")),
            _t(lang, r.get("goal_kg")),
            verdicts[r.get("on_goal")],
            ", ".join(map(_clean, r.get("overdue", []))),
        )
        for r in commitment["follow_up"]
    ]
    header = (
        lang.gettext("year"),
        lang.gettext("expected"),
        lang.gettext("achieved"),
        lang.gettext("goal"),
        "",
        lang.gettext("overdue actions"),
    )
    title = lang.format(
        "Commitment {id}: {goal} (t CO2e)", id=_clean(commitment["id"]), goal=_clean(commitment["goal"])
    )
    return ["", title, *_table(header, rows)]


def format_progress(data: Mapping[str, Any], *, language: str | Language | None = None) -> str:
    """The progress report as text: years, change and its causes, targets, commitments, handprint.

    Parameters
    ----------
    data : Mapping
        The report of :func:`ghgcore.progress.progress` (or its JSON read back).
    language : str or Language, optional
        The language of the labels and numbers (:func:`ghgcore.i18n.language`);
        English by default.

    Returns
    -------
    str
        The report, masses in tonnes CO2e, one line per row.

    Raises
    ------
    OptionError
        `language` is not a language with a catalogue.
    """
    lang = get_language(language)
    out: list[str] = [
        lang.format(
            "Progress: {organisation}, base year {year}",
            organisation=_clean(data["organisation"]),
            year=data["base_year"],
        ),
        "",
    ]
    base = data["base_year_figures"]
    if base["restated"] != base["as_calculated"]:
        out.append(
            lang.format(
                "Base year recalculated: {tonnes} t CO2e (see the recalculations below)",
                tonnes=_t(lang, base["total_kg_co2e"]),
            )
        )
        out.append("")
    out += _years_table(data, lang)
    out += _explained(data, lang)
    out += _intensity(data, lang)
    out += _energy(data, lang)
    for target in data["targets"]:
        out += _target(target, lang)
    for commitment in data["commitments"]:
        out += _commitment(commitment, lang)
    hand = data["handprint"]
    if hand["projects"]:
        out += [
            "",
            lang.format(
                "Handprint: {tonnes} t CO2e avoided ({note})",
                tonnes=_t(lang, hand["total_avoided_kg_co2e"]),
                note=_clean(hand["note"]),
            ),
        ]
        out += [
            "  "
            + lang.format("{name}: {tonnes} t", name=_clean(p["name"]), tonnes=_t(lang, p["avoided_kg_co2e"]))
            for p in hand["projects"]
        ]
    if data["recalculations"]:
        out += ["", lang.gettext("Recalculations of the base year")]
        out += [f"  {_clean(r['reason'])}" for r in data["recalculations"]]
    if data["warnings"]:
        out += ["", lang.gettext("Warnings")] + [f"  {_clean(w)}" for w in data["warnings"]]
    return "\n".join(out) + "\n"
