"""The views of a network's year (the dict of :func:`ghgcore.network.network_report`).

:func:`format_network` is the report for the terminal (``ghgcore network
--format table``), :func:`network_html` a standalone HTML page for the
network's yearly meeting (``--format html``), with charts
(:mod:`ghgcore.views.charts`, which needs matplotlib). Both show the same
parts, in the same order, from the same figures: members, emissions (with
the overlap between members), scopes, scope 3 categories, targets, change,
data quality, members one by one, membership criteria and, for a published
report, what was anonymised.

Masses are shown in tonnes CO2e (the report holds kg). A figure the report
suppressed (``None``, anonymised over too few members) is shown as
``suppressed``; a figure that does not apply as ``–``. Text from the data
(names, evidence) is written on one line with its control characters
escaped, and in the HTML every value is escaped.

>>> import tempfile
>>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
>>> from ghgcore.network import network_report
>>> from ghgcore.store import AccountStore
>>> fs = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
>>> store = AccountStore(tempfile.mkdtemp() + "/store")
>>> for name, litres in [("Alfa AS", 100), ("Beta AS", 300)]:
...     _ = store.save(calculate_inventory([Activity.of("diesel", litres, "L", year=2024)], fs), organisation=name)
>>> print(format_network(network_report(store, 2024)).splitlines()[0])
Climate-partner network, 2024: 2 of 2 members reported, 1.0 t CO2e
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from ghgcore.views._base import clean, clip, number
from ghgcore.views.html import _escape
from ghgcore.views.text import MAX_NAME, MAX_TEXT

__all__ = ["SCOPE3_CATEGORY_NAMES", "format_network", "network_html"]

#: The 15 scope 3 categories of the GHG Protocol's Corporate Value Chain (Scope 3) Standard.
SCOPE3_CATEGORY_NAMES: Mapping[str, str] = {
    "1": "Purchased goods and services",
    "2": "Capital goods",
    "3": "Fuel- and energy-related activities",
    "4": "Upstream transportation and distribution",
    "5": "Waste generated in operations",
    "6": "Business travel",
    "7": "Employee commuting",
    "8": "Upstream leased assets",
    "9": "Downstream transportation and distribution",
    "10": "Processing of sold products",
    "11": "Use of sold products",
    "12": "End-of-life treatment of sold products",
    "13": "Downstream leased assets",
    "14": "Franchises",
    "15": "Investments",
}

#: Shown for a figure the report suppressed, and for one that does not apply.
SUPPRESSED = "suppressed"
NONE = "–"
#: The widest a column of names or evidence is in the terminal report.
_COLUMN = 26
#: The terminal report's lines are wrapped at this width.
_WIDTH = 98
#: What the total is said to add up when the report does not say.
_BASIS = "scopes 1 + 2 (market-based) + 3"


# --------------------------------------------------------------------------
# formats


def _number(value: Any, decimals: int, missing: str = NONE) -> str:
    """A number from the data with thousands separators (``missing`` for None, text as it is)."""
    if value is None:
        return missing
    if isinstance(value, bool) or not isinstance(value, int | float):
        return clip(value, 20)
    return number(value, decimals)


def _t(kg: Any, missing: str = NONE) -> str:
    """Kg as tonnes with one decimal and thousands separators (``missing`` for None)."""
    return _number(kg / 1000 if isinstance(kg, int | float) and not isinstance(kg, bool) else kg, 1, missing)


def _kg(value: Any) -> str:
    """Kg with one decimal (intensities)."""
    return _number(value, 1)


def _pct(value: Any, missing: str = NONE, *, sign: bool = False) -> str:
    text = _number(value, 1, missing)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return text
    return f"{'+' if sign and value > 0 else ''}{text} %"


def _score(value: Any) -> str:
    return _number(value, 2)


def _yes(value: Any) -> str:
    if value is None:
        return NONE
    return ("yes" if value else "no") if isinstance(value, bool) else clip(value, 20)


def _count(n: Any, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names(names: Sequence[Any], name: Callable[[Any], str]) -> str:
    return ", ".join(name(n) for n in names) if names else "none"


def _natural(key: str) -> tuple[Any, ...]:
    """A key with its numbers compared as numbers (``scope3_categories.2`` before ``.10``)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in key.replace(".", " ").split()
    )


def _suppressed_label(key: str) -> str:
    """A suppressed figure's key (``scope3_categories.4``) in words."""
    if key.startswith("scope3_categories."):
        category = key.split(".", 1)[1]
        return f"scope 3 category {category} ({SCOPE3_CATEGORY_NAMES.get(category, 'unknown')})"
    return {
        "overlap": "the part of scope 3 bought from fellow members",
        "change.like_for_like": "the like-for-like change",
    }.get(key, key)


# --------------------------------------------------------------------------
# the parts of the report, for both views


class _Table(NamedTuple):
    """A table: header, rows, its columns of text (left-aligned) and of names (clipped in the terminal)."""

    header: tuple[str, ...]
    rows: Sequence[Sequence[str]]
    text: frozenset[int] = frozenset({0})
    names: frozenset[int] = frozenset()
    caption: str = ""
    #: A header for the terminal when the table is too wide with `header` (the criteria's numbers).
    short_header: tuple[str, ...] = ()
    #: In the terminal, each row on its own line(s) instead, by this format (``{0}``: the first cell).
    text_row: str = ""


class _List(NamedTuple):
    items: list[str]
    numbered: bool = False


class _Part(NamedTuple):
    key: str
    title: str
    items: list[str | _Table | _List]


def _heading(data: Mapping[str, Any]) -> str:
    return (
        f"Climate-partner network, {data['year']}: {data['members_reporting']} of "
        f"{_count(data['members_in_store'], 'member')} reported, {_t(data['total_kg_co2e'])} t CO2e"
    )


def _members_part(data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    items: list[str | _Table | _List] = [
        f"Members in the store: {data['members_in_store']}. Reporting for {data['year']}: "
        f"{data['members_reporting']}. Not reporting: {_names(data.get('not_reporting') or [], name)}."
    ]
    return _Part("members-in-store", "Members", items)


def _emissions_part(data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    basis = data.get("total_basis") or _BASIS
    scopes = data["scopes"]
    items: list[str | _Table | _List] = [
        _Table(
            ("", "t CO2e"),
            [
                (f"Total ({basis})", _t(data["total_kg_co2e"])),
                ("  scope 1 + 2 (market-based)", _t(data.get("scope12_kg_co2e"))),
                ("  scope 3", _t(data.get("scope3_kg_co2e"))),
            ],
        )
    ]
    overlap = data.get("overlap") or {}
    kg, share = overlap.get("kg_co2e"), overlap.get("share_of_scope3_percent")
    sentence = (
        "The total is not a sum of independent footprints: the members buy from each other, and what a "
        "member buys from a fellow member holds that member's scope 1 and 2 (and part of its scope 3), "
        "so scope 1 + 2 and scope 3 are given apart. "
    )
    without = overlap.get("members_without_number") or 0
    if kg is None and "overlap" in (data.get("suppressed") or ()):
        sentence += (
            "The part of the members' scope 3 bought from fellow members is suppressed (too few members)."
        )
    elif kg is None:
        sentence += (
            "The part of the members' scope 3 bought from fellow members is not known: no member has an "
            "organisation number (in its plan or its SAF-T file) to match purchases by."
        )
    else:
        sentence += (
            f"Of the members' scope 3, {_t(kg)} t CO2e ({_pct(share)}) is bought from fellow members "
            f"({_count(overlap.get('members_buying', 0), 'member')} buying)."
        )
    if without and kg is not None:
        sentence += (
            f" {_count(without, 'member')} without an organisation number: purchases from "
            f"{'it' if without == 1 else 'them'} cannot be matched, and are not counted."
        )
    items.append(sentence)
    purchases = overlap.get("purchases") or []
    if purchases:
        items.append(
            _Table(
                ("buyer", "supplier", "amount", "t CO2e"),
                [
                    (
                        name(p.get("buyer", "")),
                        name(p.get("supplier", "")),
                        f"{number(p.get('amount'), 0)} {clip(p.get('currency') or '', 12)}".strip(),
                        _t(p.get("kg_co2e")),
                    )
                    for p in purchases
                ],
                frozenset({0, 1}),
                frozenset({0, 1}),
                caption="Purchases from fellow members",
            )
        )
    items.append(
        _Table(
            ("scope", "t CO2e"),
            [
                ("Scope 1", _t(scopes.get("1"))),
                ("Scope 2, location-based (for comparison, not added)", _t(scopes.get("2_location"))),
                ("Scope 2, market-based", _t(scopes.get("2_market"))),
                ("Scope 3", _t(scopes.get("3"))),
                (f"Total ({basis})", _t(data["total_kg_co2e"])),
            ],
            caption="By scope",
        )
    )
    items.append(
        f"The total adds up {basis}; scope 2 location-based is shown for comparison and never added."
    )
    return _Part("emissions", "Emissions", items)


def _categories_part(data: Mapping[str, Any]) -> _Part:
    categories: Mapping[str, Any] = data.get("scope3_categories") or {}
    ordered = sorted(categories.items(), key=lambda item: _natural(str(item[0])))
    rows = [
        (f"{key} {SCOPE3_CATEGORY_NAMES.get(key, '')}".strip(), _t(kg))
        for key, kg in ordered
        if kg is not None and kg != 0
    ]
    suppressed = [key for key, kg in ordered if kg is None]
    scope3 = data.get("scope3_kg_co2e")
    if not suppressed and isinstance(scope3, int | float):
        rest = scope3 - math.fsum(float(kg) for _, kg in ordered if isinstance(kg, int | float))
        if abs(rest) >= 0.5:
            rows.append(("not in a category", _t(rest)))
    items: list[str | _Table | _List] = []
    if rows:
        items.append(_Table(("category", "t CO2e"), rows))
    elif not suppressed:
        items.append("No scope 3 emissions.")
    if suppressed:
        items.append(
            f"Suppressed (summed over too few members, or none): categor{'y' if len(suppressed) == 1 else 'ies'} "
            f"{', '.join(suppressed)}."
        )
    return _Part("scope3", "Scope 3 by category (GHG Protocol)", items)


def _targets_part(data: Mapping[str, Any]) -> _Part:
    year = data["year"]
    reporting = data["members_reporting"]
    rows = [
        (
            "with a reduction target",
            f"{data.get('with_target', 0)} of {data['members_in_store']} "
            f"({data.get('with_target_reporting', 0)} of the {reporting} reporting)",
        ),
        ("science-based (an SBTi preset, passing its coverage checks)", str(data.get("science_based", 0))),
        (f"all targets on track in {year}", str(data.get("on_track", 0))),
        (f"off track in {year}", str(data.get("off_track", 0))),
        (f"no fossil scope 1 emissions in {year}", str(data.get("fossil_free_scope1", 0))),
    ]
    return _Part("targets", "Targets", [_Table(("", "members"), rows)])


def _change_part(data: Mapping[str, Any]) -> _Part:
    year = data["year"]
    change = data.get("change") or {}
    like = change.get("like_for_like") or {}
    every = change.get("all") or {}
    previous = f"{year - 1}" if isinstance(year, int) else "previous"

    def row(label: str, c: Mapping[str, Any], members: str) -> tuple[str, ...]:
        missing = SUPPRESSED if "kg_co2e" not in c or c.get("kg_co2e") is None else NONE
        return (
            label,
            members,
            _t(c.get("previous_kg_co2e"), missing),
            _t(c.get("kg_co2e"), missing),
            _t(c.get("change_kg_co2e"), missing),
            _pct(c.get("change_percent"), missing, sign=True),
        )

    rows = [
        row("like-for-like", like, str(like.get("members", 0))),
        row("all", every, f"{every.get('members_previous', 0)} / {every.get('members', 0)}"),
    ]
    items: list[str | _Table | _List] = [
        _Table(("", "members", f"{previous} t", f"{year} t", "change t", "change"), rows),
        f"Like-for-like: the members that reported both {previous} and {year}. All: every member "
        f"reporting each year (members {previous} / {year}), so members joining or leaving change it too.",
    ]
    return _Part("change", f"Change from {previous}", items)


def _quality_part(data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    quality = data.get("quality") or {}
    meanings = quality.get("scores") or {}
    by_score = quality.get("kg_co2e_by_score") or {}
    items: list[str | _Table | _List] = [
        f"Weighted score {_score(quality.get('score'))} (1 best, 5 poorest; weighted by absolute kg CO2e). "
        f"Spend-based: {_pct(quality.get('spend_share_percent'))} of the scored emissions; activity-based: "
        f"{_pct(quality.get('activity_share_percent'))}.",
        _Table(
            ("score", "meaning", "t CO2e"),
            [(str(key), clean(meanings.get(key, "")), _t(by_score.get(key))) for key in sorted(by_score)],
            frozenset({0, 1}),
        ),
    ]
    missing = quality.get("missing_scopes") or []
    if missing:
        items.append("Members without a calculated line in a scope:")
        items.append(
            _List(
                [
                    f"{name(m.get('organisation', ''))}: scope {', '.join(map(clean, m.get('scopes', [])))}"
                    for m in missing
                ]
            )
        )
    return _Part("quality", "Data quality", items)


def _metric_label(metric: str, unit: str) -> str:
    return clean(metric) if unit in ("", "count") else f"{clean(unit)} {clean(metric)}"


def _members_table_part(data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    members: Sequence[Mapping[str, Any]] = data.get("members") or []
    rows = []
    for m in members:
        targets = m.get("targets", 0)
        rows.append(
            (
                name(m.get("organisation", "")),
                _t(m.get("total_kg_co2e")),
                _pct(m.get("share_percent")),
                _pct(m.get("change_percent"), sign=True),
                _score(m.get("quality_score")),
                f"{targets}{' SBTi' if m.get('science_based') else ''}" if targets else "none",
                _yes(m.get("on_track")),
                _yes(m.get("fossil_free_scope1")),
            )
        )
    items: list[str | _Table | _List] = []
    if not rows:
        return _Part("members", "Members one by one", ["No member reported."])
    items.append(
        _Table(
            ("organisation", "t CO2e", "share", "change", "quality", "targets", "on track", "no fossil 1"),
            rows,
            frozenset({0, 5}),
            frozenset({0}),
        )
    )
    metrics: list[tuple[str, str]] = []
    for m in members:
        for metric, value in (m.get("intensity") or {}).items():
            if metric not in [k for k, _ in metrics]:
                metrics.append((metric, str(value.get("unit", ""))))
    if metrics:
        header = ["organisation"]
        for metric, unit in metrics:
            header += [f"per {_metric_label(metric, unit)}", "percentile"]
        irows = []
        for m in members:
            cells = [name(m.get("organisation", ""))]
            for metric, _ in metrics:
                value = (m.get("intensity") or {}).get(metric) or {}
                cells += [_kg(value.get("kg_co2e_per_unit")), _number(value.get("percentile"), 0)]
            irows.append(tuple(cells))
        items.append(
            _Table(
                tuple(header),
                irows,
                names=frozenset({0}),
                caption="Intensity (kg CO2e of the total per unit of each metric)",
            )
        )
        items.append(
            "Percentile: the share of the other members with a higher intensity (100: the lowest). "
            "Quality: the weighted data-quality score. On track: all targets on track this year. "
            "No fossil 1: no fossil scope 1 emissions this year."
        )
    warnings = [(m.get("organisation", ""), w) for m in members for w in (m.get("warnings") or [])]
    if warnings:
        items.append("Warnings:")
        items.append(_List([f"{name(o)}: {clean(w)}" for o, w in warnings]))
    return _Part("members", "Members one by one", items)


def _status(result: Mapping[str, Any], from_year: Any) -> str:
    """A criterion's result: met or not met, and whether it is asked yet."""
    met = "met" if result.get("met") else "not met"
    if result.get("required", True):
        return met
    return f"{met} (asked from {from_year})" if from_year else f"{met} (not asked)"


def _criteria_part(data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part | None:
    criteria = data.get("criteria")
    if not criteria:
        return None
    listed: Sequence[Mapping[str, Any]] = criteria.get("criteria") or []
    members: Sequence[Mapping[str, Any]] = criteria.get("members") or []
    from_years = {c.get("criterion"): c.get("from_year") for c in listed}
    items: list[str | _Table | _List] = [
        _List(
            [
                f"{clean(c.get('criterion', ''))}: {clean(c.get('description', ''))}"
                + (f" (asked from {c['from_year']})" if c.get("from_year") else "")
                for c in listed
            ],
            numbered=True,
        ),
        f"Meeting all the criteria asked in {data['year']}: {criteria.get('meeting_all', 0)} of "
        f"{_count(len(members), 'member')}.",
    ]
    names = [str(c.get("criterion", "")) for c in listed]
    rows = []
    for m in members:
        results = {r.get("criterion"): r for r in m.get("results") or []}
        rows.append(
            (
                name(m.get("organisation", "")),
                _yes(m.get("met")),
                *(_status(results[c], from_years.get(c)) if c in results else NONE for c in names),
            )
        )
    items.append(
        _Table(
            ("organisation", "all asked", *map(clean, names)),
            rows,
            frozenset(range(len(names) + 2)),
            frozenset({0}),
            short_header=("organisation", "all asked", *map(str, range(1, len(names) + 1))),
        )
    )
    evidence = [
        (m.get("organisation", ""), r) for m in members for r in m.get("results") or [] if r.get("evidence")
    ]
    if evidence:
        items.append(
            _Table(
                ("organisation", "criterion", "status", "evidence"),
                [
                    (
                        name(o),
                        clean(r.get("criterion", "")),
                        _status(r, from_years.get(r.get("criterion"))),
                        clean(r.get("evidence", "")),
                    )
                    for o, r in evidence
                ],
                frozenset({0, 1, 2, 3}),
                frozenset({0, 3}),
                caption="Evidence",
                text_row="{0}, {1} ({2}): {3}",
            )
        )
    return _Part("criteria", f"Membership criteria: {clean(criteria.get('name', ''))}", items)


def _anonymised_part(data: Mapping[str, Any]) -> _Part | None:
    if not data.get("anonymised"):
        return None
    suppressed = sorted(map(str, data.get("suppressed") or []), key=_natural)
    items: list[str | _Table | _List] = [
        "Anonymised for publication: the members' names are replaced by pseudonyms (member 1 the largest), "
        "and organisation numbers, purchases between members, free texts and evidence are left out. "
        f"A figure summed over fewer than {data.get('min_group', NONE)} members is suppressed"
        + (":" if suppressed else "; none was.")
    ]
    if suppressed:
        items.append(_List([_suppressed_label(str(key)) for key in suppressed]))
    return _Part("anonymised", "Anonymised", items)


def _parts(data: Mapping[str, Any], name: Callable[[Any], str]) -> list[_Part]:
    parts = [
        _members_part(data, name),
        _emissions_part(data, name),
        _categories_part(data),
        _targets_part(data),
        _change_part(data),
        _quality_part(data, name),
        _members_table_part(data, name),
        _criteria_part(data, name),
        _anonymised_part(data),
    ]
    return [p for p in parts if p is not None]


# --------------------------------------------------------------------------
# the terminal report


def _wrap(text: str, first: str) -> list[str]:
    """`text` in lines of at most :data:`_WIDTH`, the first starting with `first`, the others aligned."""
    return textwrap.wrap(
        text, _WIDTH, initial_indent=first, subsequent_indent=" " * len(first), break_on_hyphens=False
    )


def _text_table(table: _Table, indent: str = "  ") -> list[str]:
    lines = [indent + clean(table.caption)] if table.caption else []
    if table.text_row:
        for row in table.rows:
            cells = [clip(v, MAX_NAME) if i in table.names else clean(v) for i, v in enumerate(row)]
            entry = table.text_row.format(*cells)
            lines += _wrap(entry, indent + "- ")
        return lines

    def cell(i: int, value: str) -> str:
        return clip(value, _COLUMN) if i in table.names else clean(value)

    rows = [tuple(cell(i, v) for i, v in enumerate(r)) for r in table.rows]

    def layout(header: tuple[str, ...]) -> list[str]:
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        return [
            (
                indent
                + "  ".join(
                    f"{c:<{w}}" if i in table.text else f"{c:>{w}}"
                    for i, (c, w) in enumerate(zip(r, widths, strict=True))
                )
            ).rstrip()
            for r in (header, *rows)
        ]

    out = layout(tuple(clean(h) for h in table.header))
    if table.short_header and max(map(len, out)) > _WIDTH:
        out = layout(table.short_header)
    return lines + out


def format_network(data: Mapping[str, Any]) -> str:
    """A network's year as text for the terminal, in tonnes CO2e (``ghgcore network --format table``).

    Parameters
    ----------
    data : Mapping
        The report of :func:`ghgcore.network.network_report` (or its JSON read back).

    Returns
    -------
    str
        Lines of at most about 100 characters (tables of many criteria may
        be wider); names longer than 30 characters are shortened in the
        tables, with an ellipsis in the middle, and no line holds a control
        character.
    """
    out = [_heading(data)]
    if data.get("anonymised"):
        out.append("Anonymised: pseudonyms instead of names, small groups suppressed.")
    out.append("")
    for part in _parts(data, lambda value: clip(value, MAX_NAME)):
        out.append(part.title)
        for item in part.items:
            if isinstance(item, _Table):
                out += _text_table(item)
            elif isinstance(item, _List):
                for i, entry in enumerate(item.items, 1):
                    out += _wrap(clip(entry, MAX_TEXT), f"  {i}. " if item.numbered else "  - ")
            else:
                out += _wrap(clean(item), "  ")
        out.append("")
    return "\n".join(map(clean, out)).rstrip("\n") + "\n"


# --------------------------------------------------------------------------
# the HTML page

_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #5b6169; --line: #d8dce0; --band: #f5f7f9;
  --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { font-size: 1.8rem; margin: 0 0 .2rem; line-height: 1.25; }
header p { margin: 0; color: var(--muted); }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; background: #fff3cd;
  color: #6b4e00; font-size: .8rem; font-weight: 600; vertical-align: middle; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(145px, 1fr)); gap: 12px; margin: 22px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--band); }
.card .value { font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card .value.word { font-size: 1.1rem; line-height: 2.1rem; color: var(--muted); }
.card .label { color: var(--muted); font-size: .85rem; }
section { margin-top: 34px; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin: 0 0 .8rem; }
h3 { font-size: 1rem; margin: 1.1rem 0 .4rem; }
p, ul { max-width: 75ch; }
.scroll { overflow-x: auto; margin: .4rem 0 .8rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { white-space: nowrap; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; text-align: left; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.name { white-space: normal; min-width: 13em; max-width: 24rem; overflow-wrap: anywhere; }
td.sub { padding-left: 1.8em; }
.met { color: #1a7f37; } .unmet { color: #b42318; font-weight: 600; } .aside { color: var(--muted); }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 760px; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .85rem; }
footer { margin-top: 40px; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { main { max-width: none; padding: 0; } section { break-inside: avoid-page; } }
"""

#: The chart drawn after each part of the page (:mod:`ghgcore.views.charts`), and its caption.
_CHARTS = {
    "emissions": ("scopes", "Emissions by scope; scope 2 location-based is a marker, not added."),
    "change": ("change", "The network's total in the previous year and this one."),
    "quality": ("quality", "Emissions by data-quality score (absolute tonnes CO2e)."),
    "members": ("members", "The members' totals, largest first, by scope."),
}


def _verdict(value: str) -> str:
    """The CSS class of a criterion's status: met, not met, or not asked yet (muted)."""
    if value in ("met", "not met"):
        return "met" if value == "met" else "unmet"
    return "aside" if value.startswith(("met (", "not met (")) else ""


def _html_table(table: _Table) -> str:
    e = _escape

    def cls(i: int, value: str = "") -> str:
        kinds = ["num" if i not in table.text else "name" if i in table.names else ""]
        if value.startswith("  "):
            kinds.append("sub")
        kinds.append(_verdict(value))
        kind = " ".join(k for k in kinds if k)
        return f" class='{kind}'" if kind else ""

    head = "".join(f"<th{cls(i)}>{e(h)}</th>" for i, h in enumerate(table.header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i, v)}>{e(v.strip())}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    caption = f"<h3>{e(table.caption)}</h3>" if table.caption else ""
    return f"{caption}<div class='scroll'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _card(value: str, label: str) -> str:
    kind = "value" if value[:1].isdigit() or value[:1] in "+-" else "value word"
    return f"<div class='card'><div class='{kind}'>{_escape(value)}</div><div class='label'>{_escape(label)}</div></div>"


def _cards(data: Mapping[str, Any]) -> str:
    like = (data.get("change") or {}).get("like_for_like") or {}
    quality = data.get("quality") or {}
    missing = SUPPRESSED if like.get("kg_co2e") is None else NONE
    cards = [
        _card(f"{data['members_reporting']} of {data['members_in_store']}", "members reported"),
        _card(f"{_t(data['total_kg_co2e'])} t", "CO2e in total"),
        _card(f"{_t(data.get('scope12_kg_co2e'))} t", "scope 1 + 2 (market-based)"),
        _card(f"{_t(data.get('scope3_kg_co2e'))} t", "scope 3"),
        _card(_pct(like.get("change_percent"), missing, sign=True), "change, like-for-like"),
        _card(_score(quality.get("score")), "data quality (1 best, 5 poorest)"),
    ]
    return f"<div class='cards'>{''.join(cards)}</div>"


def network_html(data: Mapping[str, Any], *, charts: bool = True) -> str:
    """A network's year as a standalone HTML page for its yearly meeting (``ghgcore network --format html``).

    The page holds everything it shows: inline CSS and, with `charts`,
    inline SVG charts (:mod:`ghgcore.views.charts`); no script, no external
    request. Every value from the data is escaped. The same data gives the
    same page, byte for byte.

    Parameters
    ----------
    data : Mapping
        The report of :func:`ghgcore.network.network_report` (or its JSON read back).
    charts : bool, default True
        Draw the charts (needs matplotlib: ``pip install 'ghgcore[charts]'``).

    Returns
    -------
    str
        The page, ``<!DOCTYPE html>`` to ``</html>``.

    Raises
    ------
    OptionError
        `charts` is true and matplotlib is not installed.
    """
    e = _escape
    figures: dict[str, str] = {}
    if charts:
        from ghgcore.views import charts as drawing

        drawn = drawing.network_charts(data)
        for key, (chart, caption) in _CHARTS.items():
            svg = drawing.figure_svg(drawn[chart], prefix=f"chart-{chart}-", label=caption)
            figures[key] = f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>"
    title = f"Climate-partner network {data['year']}"
    criteria = data.get("criteria") or {}
    subtitle = f"The members' greenhouse-gas accounts for {data['year']} added up, in tonnes CO2e" + (
        f"; membership criteria {criteria.get('name', '')}." if criteria else "."
    )
    badge = " <span class='badge'>anonymised</span>" if data.get("anonymised") else ""
    parts = [
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<header><h1>{e(title)}</h1><p>{e(subtitle)}{badge}</p></header>",
        _cards(data),
    ]
    for part in _parts(data, str):
        parts.append(f"<section id='{e(part.key)}'><h2>{e(part.title)}</h2>")
        for item in part.items:
            if isinstance(item, _Table):
                parts.append(_html_table(item))
            elif isinstance(item, _List):
                tag = "ol" if item.numbered else "ul"
                parts.append(
                    f"<{tag}>" + "".join(f"<li>{e(entry)}</li>" for entry in item.items) + f"</{tag}>"
                )
            else:
                parts.append(f"<p>{e(item)}</p>")
        parts.append(figures.get(part.key, ""))
        parts.append("</section>")
    parts.append(
        f"<footer>Total: {e(data.get('total_basis') or _BASIS)}. Masses in tonnes CO2e; the report's "
        "JSON (ghgcore network --format json) holds them in kg.</footer></main></body></html>\n"
    )
    return "".join(parts)
