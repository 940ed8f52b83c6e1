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
from typing import Any, NamedTuple, TypeGuard

from ghgcore.figures import CATEGORY_NAMES as SCOPE3_CATEGORY_NAMES
from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.quality import QUALITY_SCORES
from ghgcore.views._base import category_names, clean, clip, quality_names
from ghgcore.views.html import _escape
from ghgcore.views.text import MAX_NAME, MAX_TEXT

__all__ = ["SCOPE3_CATEGORY_NAMES", "format_network", "network_html"]

#: Shown for a figure that does not apply (a suppressed one is ``suppressed``, in the view's language).
NONE = "–"
#: The widest a column of names or evidence is in the terminal report.
_COLUMN = 26
#: The terminal report's lines are wrapped at this width.
_WIDTH = 98
#: What the total is said to add up when the report does not say (the report's own words).
_BASIS = "scopes 1 + 2 (market-based) + 3"


# --------------------------------------------------------------------------
# formats


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(lang: Language, value: Any, decimals: int, missing: str = NONE) -> str:
    """A number from the data as `lang` writes it (``missing`` for None, text as it is)."""
    if value is None:
        return missing
    if not _is_number(value):
        return clip(value, 20)
    return lang.number(value, decimals)


def _t(lang: Language, kg: Any, missing: str = NONE) -> str:
    """Kg as tonnes with one decimal, as `lang` writes them (``missing`` for None)."""
    return _number(lang, kg / 1000 if _is_number(kg) else kg, 1, missing)


def _pct(lang: Language, value: Any, missing: str = NONE, *, sign: bool = False) -> str:
    """A figure in percent (the report's unit) as `lang` writes a percentage."""
    if value is None or not _is_number(value):
        return _number(lang, value, 1, missing)
    return lang.percent(value / 100, 1, sign=sign)


def _score(lang: Language, value: Any) -> str:
    return _number(lang, value, 2)


def _yes(lang: Language, value: Any) -> str:
    if value is None:
        return NONE
    if isinstance(value, bool):
        return lang.gettext("yes") if value else lang.gettext("no")
    return clip(value, 20)


def _members(lang: Language, n: Any) -> str:
    """``3 members``, ``1 member``."""
    if not isinstance(n, int) or isinstance(n, bool):
        return lang.ngettext("{count} member", "{count} members", 2).format(count=clip(n, 20))
    return lang.ngettext("{count} member", "{count} members", n).format(count=lang.number(n, 0))


def _names(lang: Language, names: Sequence[Any], name: Callable[[Any], str]) -> str:
    return ", ".join(name(n) for n in names) if names else lang.gettext("none")


def _basis(lang: Language, data: Mapping[str, Any]) -> str:
    """What the total adds up, in `lang` (a basis the report words otherwise is shown as it is)."""
    basis = data.get("total_basis") or _BASIS
    return lang.gettext("scopes 1 + 2 (market-based) + 3") if basis == _BASIS else clean(basis)


def _category(lang: Language, key: str) -> str:
    """A scope 3 category's name in `lang`, or ``unknown``."""
    return category_names(lang).get(key) or lang.gettext("unknown")


def _natural(key: str) -> tuple[Any, ...]:
    """A key with its numbers compared as numbers (``scope3_categories.2`` before ``.10``)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in key.replace(".", " ").split()
    )


def _suppressed_label(lang: Language, key: str) -> str:
    """A suppressed figure's key (``scope3_categories.4``) in words."""
    if key.startswith("scope3_categories."):
        category = key.split(".", 1)[1]
        return lang.format(
            "scope 3 category {category} ({name})", category=clean(category), name=_category(lang, category)
        )
    if key == "overlap":
        return lang.gettext("the part of scope 3 bought from fellow members")
    if key == "change.like_for_like":
        return lang.gettext("the like-for-like change")
    return clean(key)


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
    #: The CSS class of a cell by its text, in the HTML (a criterion's status: met, unmet, aside).
    verdicts: Mapping[str, str] = {}


class _List(NamedTuple):
    items: list[str]
    numbered: bool = False


class _Part(NamedTuple):
    key: str
    title: str
    items: list[str | _Table | _List]


def _heading(lang: Language, data: Mapping[str, Any]) -> str:
    return lang.format(
        "Climate-partner network, {year}: {reporting} of {members} reported, {total} t CO2e",
        year=data["year"],
        reporting=_number(lang, data["members_reporting"], 0),
        members=_members(lang, data["members_in_store"]),
        total=_t(lang, data["total_kg_co2e"]),
    )


def _members_part(lang: Language, data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    items: list[str | _Table | _List] = [
        lang.format(
            "Members in the store: {members}. Reporting for {year}: {reporting}. Not reporting: {names}.",
            members=_number(lang, data["members_in_store"], 0),
            year=data["year"],
            reporting=_number(lang, data["members_reporting"], 0),
            names=_names(lang, data.get("not_reporting") or [], name),
        )
    ]
    return _Part("members-in-store", lang.gettext("Members"), items)


def _overlap_sentence(lang: Language, data: Mapping[str, Any]) -> str:
    """What the members buy from each other, and what it means for adding up their footprints."""
    overlap = data.get("overlap") or {}
    kg, share = overlap.get("kg_co2e"), overlap.get("share_of_scope3_percent")
    sentence = lang.gettext(
        "The total is not a sum of independent footprints: the members buy from each other, and what a "
        "member buys from a fellow member holds that member's scope 1 and 2 (and part of its scope 3), "
        "so scope 1 + 2 and scope 3 are given apart."
    )
    if kg is None and "overlap" in (data.get("suppressed") or ()):
        told = lang.gettext(
            "The part of the members' scope 3 bought from fellow members is suppressed (too few members)."
        )
    elif kg is None:
        told = lang.gettext(
            "The part of the members' scope 3 bought from fellow members is not known: no member has an "
            "organisation number (in its plan or its SAF-T file) to match purchases by."
        )
    else:
        told = lang.format(
            "Of the members' scope 3, {tonnes} t CO2e ({share}) is bought from fellow members "
            "({buying} buying).",
            tonnes=_t(lang, kg),
            share=_pct(lang, share),
            buying=_members(lang, overlap.get("members_buying", 0)),
        )
    sentence += " " + told
    without = overlap.get("members_without_number") or 0
    if without and kg is not None:
        if without == 1:
            unmatched = lang.format(
                "{without} without an organisation number: purchases from it cannot be matched, and are "
                "not counted.",
                without=_members(lang, without),
            )
        else:
            unmatched = lang.format(
                "{without} without an organisation number: purchases from them cannot be matched, and are "
                "not counted.",
                without=_members(lang, without),
            )
        sentence += " " + unmatched
    return sentence


def _emissions_part(lang: Language, data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    basis = _basis(lang, data)
    scopes = data["scopes"]
    total = lang.format("Total ({basis})", basis=basis)
    items: list[str | _Table | _List] = [
        _Table(
            ("", lang.gettext("t CO2e")),
            [
                (total, _t(lang, data["total_kg_co2e"])),
                ("  " + lang.gettext("scope 1 + 2 (market-based)"), _t(lang, data.get("scope12_kg_co2e"))),
                ("  " + lang.gettext("scope 3"), _t(lang, data.get("scope3_kg_co2e"))),
            ],
        ),
        _overlap_sentence(lang, data),
    ]
    purchases = (data.get("overlap") or {}).get("purchases") or []
    if purchases:
        items.append(
            _Table(
                (
                    lang.gettext("buyer"),
                    lang.gettext("supplier"),
                    lang.gettext("amount"),
                    lang.gettext("t CO2e"),
                ),
                [
                    (
                        name(p.get("buyer", "")),
                        name(p.get("supplier", "")),
                        f"{_number(lang, p.get('amount'), 0)} {clip(p.get('currency') or '', 12)}".strip(),
                        _t(lang, p.get("kg_co2e")),
                    )
                    for p in purchases
                ],
                frozenset({0, 1}),
                frozenset({0, 1}),
                caption=lang.gettext("Purchases from fellow members"),
            )
        )
    items.append(
        _Table(
            (lang.gettext("scope"), lang.gettext("t CO2e")),
            [
                (lang.gettext("Scope 1"), _t(lang, scopes.get("1"))),
                (
                    lang.gettext("Scope 2, location-based (for comparison, not added)"),
                    _t(lang, scopes.get("2_location")),
                ),
                (lang.gettext("Scope 2, market-based"), _t(lang, scopes.get("2_market"))),
                (lang.gettext("Scope 3"), _t(lang, scopes.get("3"))),
                (total, _t(lang, data["total_kg_co2e"])),
            ],
            caption=lang.gettext("By scope"),
        )
    )
    items.append(
        lang.format(
            "The total adds up {basis}; scope 2 location-based is shown for comparison and never added.",
            basis=basis,
        )
    )
    return _Part("emissions", lang.gettext("Emissions"), items)


def _categories_part(lang: Language, data: Mapping[str, Any]) -> _Part:
    categories: Mapping[str, Any] = data.get("scope3_categories") or {}
    ordered = sorted(categories.items(), key=lambda item: _natural(str(item[0])))
    names = category_names(lang)
    rows = [
        (f"{clean(key)} {names.get(key, '')}".strip(), _t(lang, kg))
        for key, kg in ordered
        if kg is not None and kg != 0
    ]
    suppressed = [str(key) for key, kg in ordered if kg is None]
    scope3 = data.get("scope3_kg_co2e")
    if not suppressed and _is_number(scope3):
        rest = scope3 - math.fsum(float(kg) for _, kg in ordered if _is_number(kg))
        if abs(rest) >= 0.5:
            rows.append((lang.gettext("not in a category"), _t(lang, rest)))
    items: list[str | _Table | _List] = []
    if rows:
        items.append(_Table((lang.gettext("category"), lang.gettext("t CO2e")), rows))
    elif not suppressed:
        items.append(lang.gettext("No scope 3 emissions."))
    if suppressed:
        listed = ", ".join(map(clean, suppressed))
        told = lang.ngettext(
            "Suppressed (summed over too few members, or none): category {categories}.",
            "Suppressed (summed over too few members, or none): categories {categories}.",
            len(suppressed),
        )
        items.append(told.format(categories=listed))
    return _Part("scope3", lang.gettext("Scope 3 by category (GHG Protocol)"), items)


def _targets_part(lang: Language, data: Mapping[str, Any]) -> _Part:
    year = data["year"]

    def count(value: Any) -> str:
        return _number(lang, value, 0)

    rows = [
        (
            lang.gettext("with a reduction target"),
            lang.format(
                "{with_target} of {members} ({reporting_with_target} of the {reporting} reporting)",
                with_target=count(data.get("with_target", 0)),
                members=count(data["members_in_store"]),
                reporting_with_target=count(data.get("with_target_reporting", 0)),
                reporting=count(data["members_reporting"]),
            ),
        ),
        (
            lang.gettext("science-based (an SBTi preset, passing its coverage checks)"),
            count(data.get("science_based", 0)),
        ),
        (lang.format("all targets on track in {year}", year=year), count(data.get("on_track", 0))),
        (lang.format("off track in {year}", year=year), count(data.get("off_track", 0))),
        (
            lang.format("no fossil scope 1 emissions in {year}", year=year),
            count(data.get("fossil_free_scope1", 0)),
        ),
    ]
    return _Part("targets", lang.gettext("Targets"), [_Table(("", lang.gettext("members")), rows)])


def _change_part(lang: Language, data: Mapping[str, Any]) -> _Part:
    year = data["year"]
    change = data.get("change") or {}
    like = change.get("like_for_like") or {}
    every = change.get("all") or {}
    previous = f"{year - 1}" if isinstance(year, int) else lang.gettext("previous")
    suppressed = lang.gettext("suppressed")

    def row(label: str, c: Mapping[str, Any], members: str) -> tuple[str, ...]:
        missing = suppressed if "kg_co2e" not in c or c.get("kg_co2e") is None else NONE
        return (
            label,
            members,
            _t(lang, c.get("previous_kg_co2e"), missing),
            _t(lang, c.get("kg_co2e"), missing),
            _t(lang, c.get("change_kg_co2e"), missing),
            _pct(lang, c.get("change_percent"), missing, sign=True),
        )

    rows = [
        row(lang.gettext("like-for-like"), like, _number(lang, like.get("members", 0), 0)),
        row(
            lang.gettext("all"),
            every,
            f"{_number(lang, every.get('members_previous', 0), 0)} / {_number(lang, every.get('members', 0), 0)}",
        ),
    ]
    header = (
        "",
        lang.gettext("members"),
        lang.format("{year} t", year=previous),
        lang.format("{year} t", year=year),
        lang.gettext("change t"),
        lang.gettext("change"),
    )
    items: list[str | _Table | _List] = [
        _Table(header, rows),
        lang.format(
            "Like-for-like: the members that reported both {previous} and {year}. All: every member "
            "reporting each year (members {previous} / {year}), so members joining or leaving change it too.",
            previous=previous,
            year=year,
        ),
    ]
    return _Part("change", lang.format("Change from {previous}", previous=previous), items)


def _meaning(lang: Language, key: str, meaning: Any) -> str:
    """A data-quality score's meaning: ghgcore's own in `lang`, another as the report words it."""
    own = QUALITY_SCORES.get(int(key)) if key.isdigit() else None
    return quality_names(lang)[key] if own is not None and own == meaning else clean(meaning)


def _quality_part(lang: Language, data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    quality = data.get("quality") or {}
    meanings = quality.get("scores") or {}
    by_score = quality.get("kg_co2e_by_score") or {}
    items: list[str | _Table | _List] = [
        lang.format(
            "Weighted score {score} (1 best, 5 poorest; weighted by absolute kg CO2e). Spend-based: {spend} of "
            "the scored emissions; activity-based: {activity}.",
            score=_score(lang, quality.get("score")),
            spend=_pct(lang, quality.get("spend_share_percent")),
            activity=_pct(lang, quality.get("activity_share_percent")),
        ),
        _Table(
            (lang.gettext("score"), lang.gettext("meaning"), lang.gettext("t CO2e")),
            [
                (clean(key), _meaning(lang, str(key), meanings.get(key, "")), _t(lang, by_score.get(key)))
                for key in sorted(by_score)
            ],
            frozenset({0, 1}),
        ),
    ]
    missing = quality.get("missing_scopes") or []
    if missing:
        items.append(lang.gettext("Members without a calculated line in a scope:"))
        items.append(
            _List(
                [
                    lang.format(
                        "{organisation}: scope {scopes}",
                        organisation=name(m.get("organisation", "")),
                        scopes=", ".join(map(clean, m.get("scopes", []))),
                    )
                    for m in missing
                ]
            )
        )
    return _Part("quality", lang.gettext("Data quality"), items)


def _metric_label(metric: str, unit: str) -> str:
    return clean(metric) if unit in ("", "count") else f"{clean(unit)} {clean(metric)}"


def _intensity_table(
    lang: Language, members: Sequence[Mapping[str, Any]], name: Callable[[Any], str]
) -> list[str | _Table | _List]:
    """The members' intensities per metric, and where each stands among the others."""
    metrics: list[tuple[str, str]] = []
    for m in members:
        for metric, value in (m.get("intensity") or {}).items():
            if metric not in [k for k, _ in metrics]:
                metrics.append((metric, str(value.get("unit", ""))))
    if not metrics:
        return []
    header = [lang.gettext("organisation")]
    for metric, unit in metrics:
        header += [
            lang.format("per {metric}", metric=_metric_label(metric, unit)),
            lang.gettext("percentile"),
        ]
    rows = []
    for m in members:
        cells = [name(m.get("organisation", ""))]
        for metric, _ in metrics:
            value = (m.get("intensity") or {}).get(metric) or {}
            cells += [
                _number(lang, value.get("kg_co2e_per_unit"), 1),
                _number(lang, value.get("percentile"), 0),
            ]
        rows.append(tuple(cells))
    return [
        _Table(
            tuple(header),
            rows,
            names=frozenset({0}),
            caption=lang.gettext("Intensity (kg CO2e of the total per unit of each metric)"),
        ),
        lang.gettext(
            "Percentile: the share of the other members with a higher intensity (100: the lowest). "
            "Quality: the weighted data-quality score. On track: all targets on track this year. "
            "No fossil 1: no fossil scope 1 emissions this year."
        ),
    ]


def _members_table_part(lang: Language, data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part:
    title = lang.gettext("Members one by one")
    members: Sequence[Mapping[str, Any]] = data.get("members") or []
    if not members:
        return _Part("members", title, [lang.gettext("No member reported.")])
    rows = []
    for m in members:
        targets = m.get("targets", 0)
        rows.append(
            (
                name(m.get("organisation", "")),
                _t(lang, m.get("total_kg_co2e")),
                _pct(lang, m.get("share_percent")),
                _pct(lang, m.get("change_percent"), sign=True),
                _score(lang, m.get("quality_score")),
                f"{clip(targets, 20)}{' SBTi' if m.get('science_based') else ''}"
                if targets
                else lang.gettext("none"),
                _yes(lang, m.get("on_track")),
                _yes(lang, m.get("fossil_free_scope1")),
            )
        )
    header = (
        lang.gettext("organisation"),
        lang.gettext("t CO2e"),
        lang.gettext("share"),
        lang.gettext("change"),
        lang.gettext("quality"),
        lang.gettext("targets"),
        lang.gettext("on track"),
        lang.gettext("no fossil 1"),
    )
    items: list[str | _Table | _List] = [_Table(header, rows, frozenset({0, 5}), frozenset({0}))]
    items += _intensity_table(lang, members, name)
    warnings = [(m.get("organisation", ""), w) for m in members for w in (m.get("warnings") or [])]
    if warnings:
        items.append(lang.gettext("Warnings:"))
        items.append(_List([f"{name(o)}: {clean(w)}" for o, w in warnings]))
    return _Part("members", title, items)


def _status(lang: Language, result: Mapping[str, Any], from_year: Any) -> str:
    """A criterion's result: met or not met, and whether it is asked yet."""
    met = lang.gettext("met") if result.get("met") else lang.gettext("not met")
    if result.get("required", True):
        return met
    if from_year:
        return lang.format("{status} (asked from {year})", status=met, year=clean(from_year))
    return lang.format("{status} (not asked)", status=met)


def _criteria_part(lang: Language, data: Mapping[str, Any], name: Callable[[Any], str]) -> _Part | None:
    criteria = data.get("criteria")
    if not criteria:
        return None
    listed: Sequence[Mapping[str, Any]] = criteria.get("criteria") or []
    members: Sequence[Mapping[str, Any]] = criteria.get("members") or []
    from_years = {c.get("criterion"): c.get("from_year") for c in listed}
    met, unmet = lang.gettext("met"), lang.gettext("not met")
    verdicts = {met: "met", unmet: "unmet"}

    def status(result: Mapping[str, Any]) -> str:
        text = _status(lang, result, from_years.get(result.get("criterion")))
        verdicts.setdefault(text, "aside")
        return text

    def described(c: Mapping[str, Any]) -> str:
        text = f"{clean(c.get('criterion', ''))}: {clean(c.get('description', ''))}"
        if c.get("from_year"):
            text = lang.format("{criterion} (asked from {year})", criterion=text, year=clean(c["from_year"]))
        return text

    items: list[str | _Table | _List] = [
        _List([described(c) for c in listed], numbered=True),
        lang.format(
            "Meeting all the criteria asked in {year}: {meeting} of {members}.",
            year=data["year"],
            meeting=_number(lang, criteria.get("meeting_all", 0), 0),
            members=_members(lang, len(members)),
        ),
    ]
    names = [str(c.get("criterion", "")) for c in listed]
    rows = []
    for m in members:
        results = {r.get("criterion"): r for r in m.get("results") or []}
        rows.append(
            (
                name(m.get("organisation", "")),
                _yes(lang, m.get("met")),
                *(status(results[c]) if c in results else NONE for c in names),
            )
        )
    organisation, asked = lang.gettext("organisation"), lang.gettext("all asked")
    items.append(
        _Table(
            (organisation, asked, *map(clean, names)),
            rows,
            frozenset(range(len(names) + 2)),
            frozenset({0}),
            short_header=(organisation, asked, *map(str, range(1, len(names) + 1))),
            verdicts=verdicts,
        )
    )
    evidence = [
        (m.get("organisation", ""), r) for m in members for r in m.get("results") or [] if r.get("evidence")
    ]
    if evidence:
        items.append(
            _Table(
                (organisation, lang.gettext("criterion"), lang.gettext("status"), lang.gettext("evidence")),
                [
                    (name(o), clean(r.get("criterion", "")), status(r), clean(r.get("evidence", "")))
                    for o, r in evidence
                ],
                frozenset({0, 1, 2, 3}),
                frozenset({0, 3}),
                caption=lang.gettext("Evidence"),
                text_row="{0}, {1} ({2}): {3}",
                verdicts=verdicts,
            )
        )
    title = lang.format("Membership criteria: {name}", name=clean(criteria.get("name", "")))
    return _Part("criteria", title, items)


def _anonymised_part(lang: Language, data: Mapping[str, Any]) -> _Part | None:
    if not data.get("anonymised"):
        return None
    suppressed = sorted(map(str, data.get("suppressed") or []), key=_natural)
    told = lang.gettext(
        "Anonymised for publication: the members' names are replaced by pseudonyms (member 1 the largest), "
        "and organisation numbers, purchases between members, free texts and evidence are left out."
    )
    minimum = _number(lang, data.get("min_group"), 0)
    if suppressed:
        rule = lang.format("A figure summed over fewer than {count} members is suppressed:", count=minimum)
    else:
        rule = lang.format(
            "A figure summed over fewer than {count} members is suppressed; none was.", count=minimum
        )
    items: list[str | _Table | _List] = [f"{told} {rule}"]
    if suppressed:
        items.append(_List([_suppressed_label(lang, key) for key in suppressed]))
    return _Part("anonymised", lang.gettext("Anonymised"), items)


def _parts(lang: Language, data: Mapping[str, Any], name: Callable[[Any], str]) -> list[_Part]:
    parts = [
        _members_part(lang, data, name),
        _emissions_part(lang, data, name),
        _categories_part(lang, data),
        _targets_part(lang, data),
        _change_part(lang, data),
        _quality_part(lang, data, name),
        _members_table_part(lang, data, name),
        _criteria_part(lang, data, name),
        _anonymised_part(lang, data),
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


def format_network(data: Mapping[str, Any], *, language: str | Language | None = None) -> str:
    """A network's year as text for the terminal, in tonnes CO2e (``ghgcore network --format table``).

    Parameters
    ----------
    data : Mapping
        The report of :func:`ghgcore.network.network_report` (or its JSON read back).
    language : str or Language, optional
        The language of the labels and numbers (:func:`ghgcore.i18n.language`); English by default.

    Returns
    -------
    str
        Lines of at most about 100 characters (tables of many criteria may
        be wider); names longer than 30 characters are shortened in the
        tables, with an ellipsis in the middle, and no line holds a control
        character.

    Raises
    ------
    OptionError
        `language` is not a language with a catalogue.
    """
    lang = get_language(language)
    out = [_heading(lang, data)]
    if data.get("anonymised"):
        out.append(lang.gettext("Anonymised: pseudonyms instead of names, small groups suppressed."))
    out.append("")
    for part in _parts(lang, data, lambda value: clip(value, MAX_NAME)):
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


def _chart_captions(lang: Language) -> dict[str, tuple[str, str]]:
    """The chart drawn after each part of the page (:mod:`ghgcore.views.charts`), and its caption."""
    return {
        "emissions": (
            "scopes",
            lang.gettext("Emissions by scope; scope 2 location-based is a marker, not added."),
        ),
        "change": ("change", lang.gettext("The network's total in the previous year and this one.")),
        "quality": ("quality", lang.gettext("Emissions by data-quality score (absolute tonnes CO2e).")),
        "members": ("members", lang.gettext("The members' totals, largest first, by scope.")),
    }


def _html_table(table: _Table) -> str:
    e = _escape

    def cls(i: int, value: str = "") -> str:
        kinds = ["num" if i not in table.text else "name" if i in table.names else ""]
        if value.startswith("  "):
            kinds.append("sub")
        kinds.append(table.verdicts.get(value, ""))
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
    kind = "value" if value[:1].isdigit() or value[:1] in "+-\u2212" else "value word"
    return f"<div class='card'><div class='{kind}'>{_escape(value)}</div><div class='label'>{_escape(label)}</div></div>"


def _cards(lang: Language, data: Mapping[str, Any]) -> str:
    like = (data.get("change") or {}).get("like_for_like") or {}
    quality = data.get("quality") or {}
    missing = lang.gettext("suppressed") if like.get("kg_co2e") is None else NONE
    cards = [
        _card(
            lang.format(
                "{reporting} of {members}",
                reporting=_number(lang, data["members_reporting"], 0),
                members=_number(lang, data["members_in_store"], 0),
            ),
            lang.gettext("members reported"),
        ),
        _card(
            lang.format("{tonnes} t", tonnes=_t(lang, data["total_kg_co2e"])), lang.gettext("CO2e in total")
        ),
        _card(
            lang.format("{tonnes} t", tonnes=_t(lang, data.get("scope12_kg_co2e"))),
            lang.gettext("scope 1 + 2 (market-based)"),
        ),
        _card(
            lang.format("{tonnes} t", tonnes=_t(lang, data.get("scope3_kg_co2e"))), lang.gettext("scope 3")
        ),
        _card(
            _pct(lang, like.get("change_percent"), missing, sign=True), lang.gettext("change, like-for-like")
        ),
        _card(_score(lang, quality.get("score")), lang.gettext("data quality (1 best, 5 poorest)")),
    ]
    return f"<div class='cards'>{''.join(cards)}</div>"


def network_html(
    data: Mapping[str, Any], *, charts: bool = True, language: str | Language | None = None
) -> str:
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
    language : str or Language, optional
        The language of the labels, numbers and charts (:func:`ghgcore.i18n.language`),
        and of the page's ``lang`` attribute; English by default.

    Returns
    -------
    str
        The page, ``<!DOCTYPE html>`` to ``</html>``.

    Raises
    ------
    OptionError
        `charts` is true and matplotlib is not installed, or `language` is
        not a language with a catalogue.
    """
    e = _escape
    lang = get_language(language)
    figures: dict[str, str] = {}
    if charts:
        from ghgcore.views import charts as drawing

        drawn = drawing.network_charts(data, language=lang)
        for key, (chart, caption) in _chart_captions(lang).items():
            svg = drawing.figure_svg(drawn[chart], prefix=f"chart-{chart}-", label=caption)
            figures[key] = f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>"
    title = lang.format("Climate-partner network {year}", year=data["year"])
    criteria = data.get("criteria") or {}
    if criteria:
        subtitle = lang.format(
            "The members' greenhouse-gas accounts for {year} added up, in tonnes CO2e; membership criteria {name}.",
            year=data["year"],
            name=criteria.get("name", ""),
        )
    else:
        subtitle = lang.format(
            "The members' greenhouse-gas accounts for {year} added up, in tonnes CO2e.", year=data["year"]
        )
    anonymised = e(lang.gettext("anonymised"))
    badge = f" <span class='badge'>{anonymised}</span>" if data.get("anonymised") else ""
    parts = [
        f"<!DOCTYPE html>\n<html lang='{e(lang.code)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<header><h1>{e(title)}</h1><p>{e(subtitle)}{badge}</p></header>",
        _cards(lang, data),
    ]
    for part in _parts(lang, data, str):
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
    footer = lang.format(
        "Total: {basis}. Masses in tonnes CO2e; the report's JSON (ghgcore network --format json) holds them in kg.",
        basis=_basis(lang, data),
    )
    parts.append(f"<footer>{e(footer)}</footer></main></body></html>\n")
    return "".join(parts)
