"""Progress over the years: totals, change, targets and their paths, the change explained, intensity.

:func:`progress` reads an organisation's accounts and plan from an account
store and gives, per stored year (oldest first): the totals by scope; the
change in kg and % against the previous stored year and against the base
year (as recalculated, :mod:`ghgcore.baseyear`); the change explained by
cause (activity, emission factors, structural changes; LMDI,
:mod:`ghgcore.decomposition`) with CDP's reasons; intensities per stored
metric; and per target its linear path and whether each year is on track.
Commitments are followed up, and spearhead projects' avoided emissions are
reported apart, never netted.

The JSON of ``ghgcore progress --format json`` is :func:`progress`'s dict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ghgcore._columns import Categorical, arrow_numpy
from ghgcore.baseyear import Event, Recalculation, recalculate, structural_effect
from ghgcore.commitments import follow_up
from ghgcore.decomposition import decompose
from ghgcore.errors import OptionError, UnknownAccountError
from ghgcore.figures import select
from ghgcore.handprint import AvoidedEmissions
from ghgcore.plan import Plan
from ghgcore.targets import Target, coverage_warnings, target_to_dict

if TYPE_CHECKING:
    from ghgcore.store import Account, AccountStore

__all__ = ["HANDPRINT_NOTE", "factor_change", "progress"]

#: What every report says about avoided emissions.
HANDPRINT_NOTE = (
    "avoided emissions of the organisation's solutions (WBCSD 2023): reported apart, never subtracted "
    "from the inventory"
)
_SCOPES = ("1", "2_location", "2_market", "3")
_TOTAL = ("1", "2_market", "3")
_LOCATION_TOTAL = ("1", "2_location", "3")


def _percent(change: float, of: float) -> float | None:
    """`change` as a percentage of `of`'s size (the sign is the change's)."""
    return 100.0 * change / abs(of) if of else None


def progress(
    store: AccountStore,
    organisation: str,
    *,
    base_year: int | None = None,
    targets: Sequence[Target] | None = None,
    plan: Plan | None = None,
    decomposition: bool = True,
) -> dict[str, Any]:
    """An organisation's progress report, as a JSON-able dict.

    Parameters
    ----------
    store : AccountStore
    organisation : str
    base_year : int, optional
        Default: the plan's, else the earliest stored year.
    targets : sequence of Target, optional
        Default: the plan's.
    plan : Plan, optional
        Default: the one stored with the organisation (or none).
    decomposition : bool, default True
        Explain each year's change by cause (reads the lines of the years).

    Returns
    -------
    dict
        ``organisation``, ``base_year``, ``base_year_figures``, ``years``,
        ``targets``, ``warnings``, ``events``, ``recalculations``,
        ``commitments``, ``handprint``; see the command-line documentation.

    Raises
    ------
    UnknownAccountError
        The organisation is not in the store, or has no account for the
        base year.
    OptionError
        A base year after every stored year.
    """
    accounts = store.accounts(organisation)
    if not accounts:
        raise UnknownAccountError(f"{store.path}: {organisation!r} has no account yet (only a plan)")
    if plan is None:
        plan = store.plan(organisation)
    chosen_targets = tuple(plan.targets if targets is None else targets)
    by_year = {a.year: a for a in accounts}
    base = (
        base_year
        if base_year is not None
        else plan.base_year
        if plan.base_year is not None
        else accounts[0].year
    )
    if base not in by_year:
        store.load(organisation, base)  # raises UnknownAccountError with the years stored
    warnings: list[str] = []
    gwps = {a.year: a.summary.get("gwp") for a in accounts}
    if len(set(gwps.values())) > 1:
        warnings.append(
            "the years are in different GWP sets ("
            + ", ".join(f"{y}: {g}" for y, g in sorted(gwps.items()))
            + "): their changes mix the GWP choice with real change; calculate them again with one set"
        )
    events = _current_events(plan, by_year[base], warnings)
    restated, recalculations = recalculate(
        by_year[base].figures, events, base_year=base, threshold=plan.threshold
    )
    base_total = select(restated, _TOTAL)

    metric_units, metric_values = _metrics(accounts, warnings)
    years: list[dict[str, Any]] = []
    groups: dict[int, tuple[Any, Any, Any]] = {}
    previous: Account | None = None
    for account in accounts:
        figures = account.figures
        total = select(figures, _TOTAL)
        row: dict[str, Any] = {
            "year": account.year,
            "scopes": {key: figures[key] for key in _SCOPES},
            "scope1_fossil_kg_co2e": figures["1_fossil"],
            "scope3_categories": {key[2:]: figures[key] for key in figures if key.startswith("3.")},
            "total_kg_co2e": account.total,
            "total_location_based_kg_co2e": select(figures, _LOCATION_TOTAL),
            "change_kg": None if previous is None else total - select(previous.figures, _TOTAL),
            "change_percent": None,
            "change_from_base_kg": None,
            "change_from_base_percent": None,
            "intensity": {},
            "intensity_location_based": {},
            "metrics": {m.name: {"value": m.value, "unit": m.unit} for m in account.metrics},
            "energy": account.energy,
            "decomposition": None,
            "factor_sets": [f"{fs['name']} {fs['version']}" for fs in account.factor_sets],
        }
        if previous is not None:
            row["change_percent"] = _percent(row["change_kg"], select(previous.figures, _TOTAL))
        if account.year >= base:
            row["change_from_base_kg"] = total - base_total
            row["change_from_base_percent"] = _percent(total - base_total, base_total)
        for name, value in metric_values[account.year].items():
            if value and math.isfinite(total / value):
                row["intensity"][name] = total / value
                row["intensity_location_based"][name] = row["total_location_based_kg_co2e"] / value
        if account.year == base and restated != dict(account.figures):
            row["restated"] = {
                "scopes": {key: restated[key] for key in _SCOPES},
                "total_kg_co2e": base_total,
                "total_location_based_kg_co2e": select(restated, _LOCATION_TOTAL),
            }
        if previous is not None and decomposition:
            for one in (previous, account):
                if one.year not in groups:
                    groups[one.year] = _group_columns(store, one)
            groups.pop(previous.year - 1, None)  # lines are read once per year and kept for one more
            row["decomposition"] = _decomposition(previous, account, groups, plan)
        years.append(row)
        previous = account

    target_rows = []
    for target in chosen_targets:
        if target.base_year is None:
            target = target.with_base_year(base)
        target_rows.append(_target_row(target, by_year, base, restated, metric_values, warnings))
    warnings += coverage_warnings(
        [t if t.base_year is not None else t.with_base_year(base) for t in chosen_targets], restated
    )
    figures_by_year = {a.year: dict(a.figures) for a in accounts}
    projects = [
        {
            **s.to_dict(),
            "avoided_kg_co2e": s.avoided().kg_co2e,
            "eligible": s.eligible,
            "warnings": s.warnings(),
        }
        for s in plan.spearheads
    ]
    avoided = AvoidedEmissions.total(s.avoided() for s in plan.spearheads)
    return {
        "organisation": organisation,
        "base_year": base,
        "base_year_figures": {
            "as_calculated": {key: by_year[base].figures[key] for key in _SCOPES},
            "restated": {key: restated[key] for key in _SCOPES},
            "total_kg_co2e": base_total,
        },
        "years": years,
        "metric_units": metric_units,
        "targets": target_rows,
        "warnings": warnings,
        "events": [e.to_record() for e in plan.events],
        "recalculations": [r.to_record() for r in recalculations],
        "commitments": [
            {"id": c.id, "goal": c.goal, "follow_up": follow_up(c, figures_by_year)} for c in plan.commitments
        ],
        "handprint": {"note": HANDPRINT_NOTE, "projects": projects, "total_avoided_kg_co2e": avoided.kg_co2e},
    }


def _current_events(plan: Plan, base: Account, warnings: list[str]) -> tuple[Event, ...]:
    """The plan's events, without those calculated against a base-year account replaced since (warned about)."""
    basis = base.summary_sha256
    stale = [e for e in plan.events if e.basis and e.basis != basis]
    for e in stale:
        warnings.append(
            f"the {e.kind} event of {e.year} was calculated against a base-year account that has been replaced "
            "since; it is not applied: calculate it again (ghgcore recalculate)"
        )
    return tuple(e for e in plan.events if not (e.basis and e.basis != basis))


def _target_row(
    target: Target,
    by_year: Mapping[int, Account],
    base: int,
    restated: Mapping[str, float],
    metric_values: Mapping[int, Mapping[str, float]],
    warnings: list[str],
) -> dict[str, Any]:
    start = target.base_year if target.base_year is not None else base
    row = {
        **target_to_dict(target),
        "base_year": start,
        "base_kg_co2e": None,
        "path": {},
        "actual": {},
        "on_track": {},
    }
    if start not in by_year:
        warnings.append(f"target {target.name!r}: no account for its base year {start}")
        return row
    base_figures = restated if start == base else by_year[start].figures

    def value(figures: Mapping[str, float], account: Account) -> float | None:
        kg = select(figures, target.scopes)
        if target.kind != "intensity":
            return kg
        amount = metric_values[account.year].get(target.metric or "")
        return kg / amount if amount else None

    base_value = value(base_figures, by_year[start])
    if base_value is None:
        stored = sorted({name for values in metric_values.values() for name in values})
        warnings.append(
            f"target {target.name!r}: the base year {start} has no metric {target.metric!r} "
            f"(stored metrics: {', '.join(stored) or 'none'}; --metric NAME=QUANTITY with the account)"
        )
        return row
    row["base_kg_co2e"] = base_value
    years = sorted(y for y in by_year if y >= start)
    row["path"] = {str(y): v for y, v in sorted(target.path(base_value, years).items())}
    for year in years:
        actual = value(by_year[year].figures, by_year[year])
        if actual is None:
            warnings.append(f"target {target.name!r}: {year} has no metric {target.metric!r}")
            continue
        row["actual"][str(year)] = actual
        row["on_track"][str(year)] = target.on_track(actual, base_value, year)
    return row


def _metrics(
    accounts: Sequence[Account], warnings: list[str]
) -> tuple[dict[str, str], dict[int, dict[str, float]]]:
    """Each metric's unit (as stored in its earliest year) and each year's value in that unit.

    A year that stored a metric in another unit of the same kind (NOK for
    MNOK) is converted; one of another kind is left out, with a warning.
    """
    from ghgcore.errors import UnitError

    units: dict[str, str] = {}
    values: dict[int, dict[str, float]] = {}
    for account in accounts:
        values[account.year] = {}
        for metric in account.metrics:
            unit = units.setdefault(metric.name, metric.unit)
            try:
                values[account.year][metric.name] = metric.value_in(unit)
            except UnitError:
                warnings.append(
                    f"metric {metric.name!r} of {account.year} is in {metric.unit or 'a count'}, earlier years "
                    f"in {unit or 'a count'}: not comparable, left out of the intensities"
                )
    lowered: dict[str, set[str]] = {}
    for name in units:
        lowered.setdefault(name.lower(), set()).add(name)
    for names in lowered.values():
        if len(names) > 1:
            warnings.append(f"metrics {', '.join(sorted(names))} differ only in case: is it one metric?")
    return units, values


_LINE_COLUMNS = (
    "status",
    "activity_key",
    "scope",
    "category",
    "unit",
    "amount",
    "unit_factor",
    "co2e_market_kg",
)


def _codes(column: Any) -> tuple[npt.NDArray[np.int64], list[str]]:
    """A text column as integer codes (-1 for missing) and the values they stand for."""
    values = Categorical.from_arrow(column)
    return values.codes.astype(np.int64), list(values.categories)


def _integers(column: Any) -> npt.NDArray[np.int64]:
    """An integer column with nulls as 0."""
    return arrow_numpy(column, 0).astype(np.int64)


def _to_base(unit: str | None) -> float:
    """The factor taking `unit` to the base unit of its dimension; NaN for money (and no unit)."""
    from ghgcore.units import currency_of, get_registry, parse_unit

    if not unit or currency_of(unit):
        return math.nan
    try:
        return float(get_registry().Quantity(1.0, parse_unit(unit)).to_base_units().magnitude)
    except ValueError:
        return math.nan


def _group_columns(store: AccountStore, account: Account) -> tuple[Any, Any, Any]:
    """Calculated lines of scopes 1-3 as (group key, activity in the factor's unit, kg CO2e market-based).

    A group is an activity key, scope, category and the dimension of the
    line's unit (lines in L and m**3 of one key add up, in L and kg do not);
    its activity is in the dimension's base unit, so a factor given per kWh
    one year and per MWh the next changes nothing, and money is in the
    factor's currency at its price year. Strings are made once per group,
    never per line.
    """
    from ghgcore.units import dimensionality

    lines = store.lines(account.organisation, account.year, _LINE_COLUMNS)
    status_codes, statuses = _codes(lines.column("status"))  # no text per line
    calculated = status_codes == (statuses.index("calculated") if "calculated" in statuses else -2)
    scope = _integers(lines.column("scope"))
    keep = calculated & (scope >= 1) & (scope <= 3)
    category = _integers(lines.column("category"))
    key_codes, key_values = _codes(lines.column("activity_key"))
    unit_codes, unit_values = _codes(lines.column("unit"))
    dims = [dimensionality(u) if u else "" for u in unit_values]
    dim_names, dim_codes = np.unique(np.asarray([*dims, ""], dtype=object)[unit_codes], return_inverse=True)
    combos, inverse = np.unique(
        np.stack([key_codes, scope, category, dim_codes.reshape(-1)])[:, keep], axis=1, return_inverse=True
    )
    names = np.asarray(
        [
            f"{key_values[k] if k >= 0 else ''}|{s}|{c or ''}|{dim_names[d]}"
            for k, s, c, d in combos.T.tolist()
        ],
        dtype=str,
    )
    # activity in one unit per dimension (its base unit), whatever unit each year's factor is per; money in
    # the factor's currency at its price year (unit_factor), so that price changes are never activity
    to_base = np.array([*(_to_base(u) for u in unit_values), np.nan])[unit_codes]
    amount = arrow_numpy(lines.column("amount"), np.nan)
    money = np.isnan(to_base)
    amount = np.where(money, amount * arrow_numpy(lines.column("unit_factor"), np.nan), amount * to_base)
    emissions = arrow_numpy(lines.column("co2e_market_kg"), np.nan)
    return (
        names[inverse.reshape(-1)] if len(names) else np.zeros(0, dtype=str),
        np.asarray(amount, dtype=np.float64)[keep],
        np.asarray(emissions, dtype=np.float64)[keep],
    )


def _decomposition(
    before: Account, after: Account, groups: Mapping[int, tuple[Any, Any, Any]], plan: Plan
) -> dict[str, Any]:
    k0, a0, e0 = groups[before.year]
    k1, a1, e1 = groups[after.year]
    structural, reasons = structural_effect(plan.events, after.year, since=before.year)
    result = decompose(k0, a0, e0, k1, a1, e1, structural=structural, structural_reasons=reasons)
    out: dict[str, Any] = {
        "from_year": before.year,
        "total_change_kg": result.total_change,
        **{f"{k}_kg": v for k, v in result.terms().items()},
        "reasons": result.reasons(),
        "method": "LMDI-I (additive) over the calculated lines grouped by activity, scope, category and unit",
    }
    change = select(after.figures, _TOTAL) - select(before.figures, _TOTAL)
    if not math.isclose(result.total_change, change, rel_tol=1e-9, abs_tol=1e-6):
        out["note"] = (
            f"the lines explain {result.total_change:,.1f} of the {change:,.1f} kg CO2e change in the totals"
        )
    return out


def _check_repeatable(store: AccountStore, account: Account, inventory: Any) -> None:
    """Refuse a recalculation that lost lines: a factor source of the first calculation left out."""
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    lines = store.lines(account.organisation, account.year, ["status", "activity_key"])
    codes, statuses = _codes(lines.column("status"))
    before = codes == (statuses.index("calculated") if "calculated" in statuses else -2)
    now = np.asarray(inventory.result.calculated)
    lost = np.flatnonzero(before & ~now)
    if len(lost):
        keys = pc.take(lines.column("activity_key"), lost.tolist()).to_pylist()
        shown = ", ".join(sorted({str(k) for k in keys})[:8])
        raise OptionError(
            f"{len(lost)} line(s) of the {account.year} account that were calculated are unresolved with these "
            f"factor sources ({shown}): give every factor file it was calculated with (--factor-file), with "
            "the new edition first"
        )


def _versions(before: Sequence[Mapping[str, str]], after: Sequence[Mapping[str, str]]) -> tuple[str, ...]:
    """What changed between two lists of factor sets: ``name old -> new``, ``+name new``, ``-name old``."""
    old = {fs["name"]: fs for fs in before}
    new = {fs["name"]: fs for fs in after}
    out = []
    for name in dict.fromkeys([*old, *new]):
        if name not in new:
            out.append(f"-{name} {old[name]['version']}")
        elif name not in old:
            out.append(f"+{name} {new[name]['version']}")
        elif old[name]["sha256"] != new[name]["sha256"]:
            out.append(f"{name} {old[name]['version']} -> {new[name]['version']}")
    return tuple(out)


def factor_change(
    store: AccountStore,
    organisation: str,
    factors: Any = None,
    *,
    plan: Plan | None = None,
    year: int | None = None,
    description: str = "",
    instruments: Any = None,
) -> tuple[Event | None, tuple[Recalculation, ...], Plan]:
    """Calculate the base year's stored lines again with `factors`; the difference as a ``factors`` event.

    The base year's input lines (as stored) are calculated with the factor
    sources given (see :func:`ghgcore.calculate_inventory`; default: the
    installed default databases), with its GWP set and fallback rules as
    stored, and the contractual `instruments` if it used any (an
    :class:`~ghgcore.instruments.InstrumentTable` or CSV path). Lines that
    were calculated must calculate again: leaving out a factor file the
    year was calculated with is refused, not recorded as a change. The event's effect is the new figures minus the stored ones and
    minus the effects of the factor changes recorded against the same
    account before (so that a change is recorded once: the same factors a
    second time give no event); its factor sets say which editions changed,
    and its ``basis`` which account it was calculated against (an event
    of an account replaced since is never applied).

    Returns
    -------
    (Event or None, tuple of Recalculation, Plan)
        The event (None if the factors change nothing against what is
        recorded); the recalculations it completes (none if the events stay
        below the threshold); and the plan with the event added (store it
        with :meth:`~ghgcore.store.AccountStore.save_plan` to keep it).
    """
    from ghgcore.figures import FIGURE_KEYS, figures, fossil_scope1
    from ghgcore.inventory import calculate_inventory

    if plan is None:
        plan = store.plan(organisation)
    years = store.years(organisation)
    if not years:
        store.load(organisation, plan.base_year or 0)  # raises, naming what there is
    base = plan.base_year if plan.base_year is not None else years[0]
    account = store.load(organisation, base)
    from ghgcore.resolution import Fallback

    how = account.calculation
    if account.summary.get("instruments") and instruments is None:
        raise OptionError(
            f"the {base} account used contractual instruments for market-based scope 2: give the same "
            "instruments file (--instruments) to calculate it again"
        )
    inventory = calculate_inventory(
        [store.activities(organisation, base)],
        factors,
        year=base,
        organisation=organisation,
        gwp=str(how.get("gwp") or account.summary.get("gwp") or "AR6"),
        fallback=Fallback(**how["fallback"]) if "fallback" in how else None,
        instruments=instruments,
    )
    _check_repeatable(store, account, inventory)
    summary = inventory.summary()
    new = figures(summary, fossil_scope1(inventory.result))
    # the factor and method changes recorded against this account already: a change is recorded once
    basis = account.summary_sha256
    recorded = {key: account.figures[key] for key in FIGURE_KEYS}
    for earlier in plan.events:
        if earlier.basis == basis:
            for key, kg in earlier.effect.items():
                recorded[key] += kg
    scale = max(1.0, *(abs(v) for v in recorded.values()))
    effect = {
        key: new[key] - recorded[key] for key in FIGURE_KEYS if abs(new[key] - recorded[key]) > 1e-9 * scale
    }
    versions = _versions(account.factor_sets, summary["factor_sets"])
    if not effect:
        return None, (), plan
    event = Event(
        "factors",
        year if year is not None else years[-1],
        effect,
        description or f"base year {base} calculated again with other factor editions",
        versions,
        basis,
    )
    new_plan = attrs.evolve(plan, events=(*plan.events, event), base_year=base)
    current = tuple(e for e in new_plan.events if not (e.basis and e.basis != basis))
    _, recalculations = recalculate(account.figures, current, base_year=base, threshold=plan.threshold)
    recalculations = tuple(r for r in recalculations if event in r.events)
    return event, recalculations, new_plan
