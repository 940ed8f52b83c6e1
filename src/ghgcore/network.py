"""A network's year: its members' accounts added up, for the secretariat and for publication.

A climate-partner network's secretariat collects its members' accounts
every year (an :class:`~ghgcore.store.AccountStore` holds them) and reports
what the network achieved: how many reported, the total and per-scope
emissions, how many have targets and are on track, the members' data
quality, which members meet the network's criteria, and how much of the
members' scope 3 is bought from fellow members.

:func:`network_report` does it in two steps. Each member is read on its own
(:func:`member_facts`: its account and the previous year's, its plan, its
result lines for data quality and purchases from fellow members), which is
the part that grows with the network and is run partition-wise: in this
process, or on a Dask cluster (``engine="dask"``). The members' facts are
then combined in one place, in the order of the members' names, with
exactly rounded sums (:func:`math.fsum`), so that the report does not
depend on where or in which order the members were read: the Dask engine's
JSON is byte for byte the default engine's.

**Overlap.** A member's scope 3 holds what it buys, and what it buys from a
fellow member holds that member's scope 1 and 2 (and part of its scope 3).
The network's total is therefore not a sum of independent footprints: the
report gives scope 1 + 2 and scope 3 apart (as PCAF asks of a portfolio),
and the part of scope 3 bought from fellow members. Purchases are matched by
the supplier's organisation number, which a SAF-T file's master files give
per supplier (``MasterFiles/Suppliers/Supplier/RegistrationNumber``), against
the numbers of the members reporting that year (their SAF-T header's, or
``organisation_number`` in their plan): a purchase from a member that has
not reported is in the total once.

**Publication.** ``anonymise=True`` replaces every member's name with a
pseudonym (``member 1`` the largest) and leaves out organisation numbers,
free texts and evidence; a figure that is the sum over fewer than
``min_group`` members (a scope 3 category, the overlap, the like-for-like
change) is suppressed (``null``, listed under ``suppressed``).

>>> import tempfile
>>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
>>> fs = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
>>> store = AccountStore(tempfile.mkdtemp() + "/store")
>>> for name, litres in [("Alfa AS", 100), ("Beta AS", 300)]:
...     _ = store.save(calculate_inventory([Activity.of("diesel", litres, "L", year=2024)], fs), organisation=name)
>>> report = network_report(store, 2024)
>>> report["members_reporting"], report["total_kg_co2e"], [m["organisation"] for m in report["members"]]
(2, 1000.0, ['Beta AS', 'Alfa AS'])
"""

from __future__ import annotations

import hashlib
import math
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ghgcore._dask import ENGINES, run_partitions
from ghgcore.errors import OptionError, StoreError, UnitError, UnknownAccountError
from ghgcore.figures import CATEGORY_KEYS
from ghgcore.ledger import organisation_number
from ghgcore.membership import CRITERIA, Criterion, MemberFacts, check_criteria
from ghgcore.plan import Plan
from ghgcore.progress import _percent, progress
from ghgcore.quality import COLUMNS as QUALITY_COLUMNS
from ghgcore.quality import QUALITY_SCORES, own_factor_sets, scores
from ghgcore.store import AccountStore
from ghgcore.targets import coverage_warnings, format_target

if TYPE_CHECKING:
    from ghgcore.store import Account

__all__ = ["ENGINES", "INTENSITY_METRICS", "MemberYear", "member_facts", "network_report"]

#: The metrics members are compared by (name -> the unit intensities are per; ``""``: a count).
INTENSITY_METRICS: Mapping[str, str] = {"employees": "", "revenue": "MNOK"}
#: The figures the report adds up.
_SCOPES = ("1", "2_location", "2_market", "3")
#: What a fossil-free target is: scope 1 (or its fossil part) to zero by 2030 or earlier.
_FOSSIL_FREE_YEAR = 2030
#: Below this, a member's fossil scope 1 counts as zero (float rounding of sums of lines).
_ZERO_KG = 1e-6


@attrs.frozen
class MemberYear:
    """What the network report needs of one member in one year (see :func:`member_facts`).

    Attributes
    ----------
    organisation : str
    number : str
        Its organisation number (``""`` if neither its plan nor a SAF-T file gives one).
    figures : Mapping[str, float] or None
        The year's figures (None: no account).
    total, previous_total : float or None
        The year's and the previous year's ``total_kg_co2e`` (None: no account).
    metrics : Mapping[str, float]
        The year's intensity metrics (:data:`INTENSITY_METRICS`) in their units.
    targets : tuple of str
        The plan's targets as specs.
    science_based : bool
        A target from an SBTi preset, and the targets pass SBTi's coverage checks.
    on_track : bool or None
        All targets on track in the year (None: no target, or none with a value for the year).
    facts : MemberFacts
        For the membership criteria.
    quality_kg : tuple of float
        Absolute kg CO2e of the lines of quality score 0 (not calculated), 1, ..., 5.
    spend_kg, activity_kg : float
        Absolute kg CO2e of the spend-based lines and of the others.
    scopes_missing : tuple of str
        Scopes ``1``, ``2``, ``3`` without a calculated line.
    purchases : tuple of tuple
        ``(supplier's organisation number, amount, kg CO2e)`` per supplier
        with a number, from the spend lines.
    currency : str
        The purchases' currency.
    warnings : tuple of str
    """

    organisation: str
    number: str
    figures: Mapping[str, float] | None
    total: float | None
    previous_total: float | None
    metrics: Mapping[str, float]
    targets: tuple[str, ...]
    science_based: bool
    on_track: bool | None
    facts: MemberFacts
    quality_kg: tuple[float, ...] = (0.0,) * 6
    spend_kg: float = 0.0
    activity_kg: float = 0.0
    scopes_missing: tuple[str, ...] = ()
    purchases: tuple[tuple[str, float, float], ...] = ()
    currency: str = ""
    warnings: tuple[str, ...] = ()


def _number_of(plan: Plan, account: Account | None) -> str:
    if plan.organisation_number:
        return plan.organisation_number
    if account is None:
        return ""
    ledgers = account.summary.get("reconciliation", {}).get("ledgers", [])
    numbers = {organisation_number(str(ledger.get("registration_number") or "")) for ledger in ledgers} - {""}
    return numbers.pop() if len(numbers) == 1 else ""


def _metrics(account: Account, wanted: Mapping[str, str], warnings: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, unit in wanted.items():
        metric = account.metric(name)
        if metric is None:
            continue
        try:
            out[name] = metric.value_in(unit)
        except UnitError:
            warnings.append(
                f"metric {name!r} is in {metric.unit or 'a count'}, not convertible to {unit or 'a count'}"
            )
    return out


def _lines(store: AccountStore, organisation: str, year: int, account: Account) -> dict[str, Any]:
    """Quality, spend share, missing scopes and purchases by supplier number, from the year's lines."""
    table = store.lines(
        organisation,
        year,
        [*QUALITY_COLUMNS, "scope", "co2e_market_kg", "amount", "unit", "supplier_number"],
        present_only=True,
    )
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    names = set(table.column_names)
    missing = [c for c in ("status", "scope", "co2e_market_kg", "match", "factor_set") if c not in names]
    if missing:
        raise StoreError(
            f"{store.path}: the lines of {organisation!r} {year} have no column {missing[0]!r}: damaged"
        )
    score = scores(table, own_factor_sets(account.factor_sets))
    kg = np.abs(table.column("co2e_market_kg").to_numpy(zero_copy_only=False).astype(np.float64))
    by_score = np.bincount(score.astype(np.intp), weights=kg, minlength=6)
    spend = (score >= 4) & (score <= 5)
    scope = pc.fill_null(table.column("scope"), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    present = {str(s) for s in np.unique(scope[score > 0]).tolist()}
    out: dict[str, Any] = {
        "quality_kg": tuple(float(v) for v in by_score[:6]),
        "spend_kg": float(kg[spend].sum()),
        "activity_kg": float(kg[(score > 0) & ~spend].sum()),
        "scopes_missing": tuple(s for s in ("1", "2", "3") if s not in present),
        "purchases": (),
        "currency": "",
    }
    if "supplier_number" in names:
        number = table.column("supplier_number")
        if number.null_count < len(number):
            # what a member buys from a fellow member in its scope 3 (fuel or electricity bought from
            # a member is the buyer's scope 1 or 2: the seller's emissions are not in it)
            chosen = pc.and_(
                pc.and_(pc.is_valid(number), pc.greater(pa.array(score), 0)), pa.array(scope == 3)
            )
            picked = table.filter(chosen)
            grouped = (
                pa.table({
                    "number": pc.cast(picked.column("supplier_number"), pa.string()),
                    "amount": picked.column("amount"),
                    "kg": picked.column("co2e_market_kg"),
                })
                .group_by("number", use_threads=False)
                .aggregate([("amount", "sum"), ("kg", "sum")])
                .sort_by("number")
            )  # fmt: skip
            out["purchases"] = tuple(
                (organisation_number(n), float(a), float(k))
                for n, a, k in zip(
                    grouped.column("number").to_pylist(),
                    grouped.column("amount_sum").to_pylist(),
                    grouped.column("kg_sum").to_pylist(),
                    strict=True,
                )
            )
            units = {str(u) for u in pc.unique(pc.cast(picked.column("unit"), pa.string())).to_pylist()}
            out["currency"] = units.pop() if len(units) == 1 else ""
    return out


def _targets(
    store: AccountStore, organisation: str, year: int, plan: Plan, warnings: list[str]
) -> tuple[bool, bool | None]:
    """Whether the targets are SBTi-style, and whether all are on track in `year`."""
    if not plan.targets:
        return False, None
    try:
        report = progress(store, organisation, decomposition=False)
    except (UnknownAccountError, OptionError) as e:
        warnings.append(f"targets not followed: {str(e).removeprefix(f'{store.path}: ')}")
        return False, None
    # the base year's figures with its categories, restated where the plan's events restate it
    base = {
        **store.load(organisation, report["base_year"]).figures,
        **report["base_year_figures"]["restated"],
    }
    science = any((t.preset or "").startswith("sbti") for t in plan.targets) and not coverage_warnings(
        plan.targets, base
    )
    verdicts = [row["on_track"].get(str(year)) for row in report["targets"]]
    known = [v for v in verdicts if v is not None]
    return science, (all(known) if known else None)


def _fossil_free_target(plan: Plan) -> bool:
    return any(
        t.kind == "absolute"
        and t.target_year <= _FOSSIL_FREE_YEAR
        and t.reduction_percent >= 100.0
        and set(t.scopes) & {"1", "1_fossil"}
        for t in plan.targets
    )


def member_facts(
    store: AccountStore | str | os.PathLike[str],
    organisation: str,
    year: int,
    metrics: Mapping[str, str] = INTENSITY_METRICS,
) -> MemberYear:
    """Read one member's year for the network report (one partition of the work).

    A plain function of the store's path, so that a Dask worker runs it on
    the store as it finds it (the store must be at that path on every
    worker: a shared file system).

    Raises
    ------
    StoreError
        The store or the member's documents cannot be read.
    """
    if not isinstance(store, AccountStore):
        store = AccountStore(store, create=False)
    warnings: list[str] = []
    years = tuple(store.years(organisation))
    plan = store.plan(organisation)
    account = store.load(organisation, year) if year in years else None
    before = store.load(organisation, year - 1) if year - 1 in years else None
    science, on_track = _targets(store, organisation, year, plan, warnings) if account else (False, None)
    facts = MemberFacts(
        has_account=account is not None,
        targets=tuple(format_target(t) for t in plan.targets),
        fossil_free_target=_fossil_free_target(plan),
        spearheads=tuple(s.name for s in plan.spearheads),
        practices=plan.practices,
    )
    found = _metrics(account, metrics, warnings) if account is not None else {}
    member = MemberYear(
        organisation=organisation,
        number=_number_of(plan, account),
        figures=dict(account.figures) if account is not None else None,
        total=account.total if account is not None else None,
        previous_total=before.total if before is not None else None,
        metrics=found,
        targets=facts.targets,
        science_based=science,
        on_track=on_track,
        facts=facts,
        warnings=tuple(warnings),
    )
    return member if account is None else attrs.evolve(member, **_lines(store, organisation, year, account))


# --------------------------------------------------------------------------
# engines


def _gather(
    store: AccountStore,
    organisations: Sequence[str],
    year: int,
    metrics: Mapping[str, str],
    engine: str,
    client: Any,
    scheduler: str | None,
) -> list[MemberYear]:
    target: AccountStore | str = store if engine == "local" else os.fspath(store.path.resolve())
    return run_partitions(
        member_facts,
        [(target, name, year) for name in organisations],
        engine=engine,
        client=client,
        scheduler=scheduler,
        description=f"Members {year}",
        metrics=dict(metrics),
    )


# --------------------------------------------------------------------------
# combining


def _sum(values: Iterable[float]) -> float:
    return math.fsum(values)


def _change(before: float, after: float) -> dict[str, Any]:
    return {
        "previous_kg_co2e": before,
        "kg_co2e": after,
        "change_kg_co2e": after - before,
        "change_percent": _percent(after - before, before),
    }


def _percentiles(values: Mapping[str, float]) -> dict[str, float]:
    """Each member's share of the others with a higher value (100: the lowest), in percent.

    Members with equal values share the middle of their ranks (three equal
    members of three are all at 50).
    """
    items = sorted(values.values())
    n = len(items)
    out = {}
    for name, value in values.items():
        higher = n - int(np.searchsorted(items, value, side="right"))
        equal = int(np.searchsorted(items, value, side="right") - np.searchsorted(items, value, side="left"))
        out[name] = 100.0 * (higher + (equal - 1) / 2) / (n - 1) if n > 1 else 100.0
    return out


def network_report(
    store: AccountStore | str | os.PathLike[str],
    year: int,
    *,
    engine: str = "local",
    client: Any = None,
    scheduler: str | None = None,
    criteria: str | Sequence[Criterion] | None = None,
    anonymise: bool = False,
    member: str | None = None,
    min_group: int = 3,
    metrics: Mapping[str, str] = INTENSITY_METRICS,
    organisations: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The network's report for `year`, as a JSON-able dict.

    Parameters
    ----------
    store : AccountStore or path
        The members' accounts.
    year : int
    engine : {"local", "dask"}
        Where the members are read: in this process, or partition-wise on
        Dask (the same report, byte for byte).
    client : dask.distributed.Client, optional
        The Dask client to use (``engine="dask"``); default: one of
        `scheduler`, else of a local cluster started for the call.
    scheduler : str, optional
        A Dask scheduler's address (``tcp://host:8786``).
    criteria : str or sequence of Criterion, optional
        The membership criteria to check (a name of
        :data:`ghgcore.membership.CRITERIA`, or your own).
    anonymise : bool, default False
        Pseudonyms instead of names; no organisation numbers or free texts;
        small groups suppressed.
    member : str, optional
        A member's own view: the report anonymised (`anonymise` is implied)
        except this member's own name, row and evidence, so that it sees
        where it stands against the network and nothing of the others.
    min_group : int, default 3
        With `anonymise`: the fewest members a published sum may have.
    metrics : Mapping[str, str]
        The intensity metrics members are compared by, and their units.
    organisations : sequence of str, optional
        The members (default: every organisation in the store).

    Returns
    -------
    dict
        ``year``, ``members_in_store``, ``members_reporting``,
        ``total_kg_co2e``, ``scopes``, ``with_target``, ``members`` and the
        rest described in the command-line documentation.

    Raises
    ------
    OptionError
        An unknown engine or criteria set, or a Dask cluster that cannot
        be reached.
    UnknownAccountError
        An organisation asked for is not in the store.
    """
    if engine not in ENGINES:
        raise OptionError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if isinstance(criteria, str):
        if criteria not in CRITERIA:
            raise OptionError(f"unknown criteria {criteria!r}: expected one of {', '.join(CRITERIA)}")
        criteria_name, chosen = criteria, CRITERIA[criteria]
    else:
        criteria_name, chosen = ("custom" if criteria else ""), tuple(criteria or ())
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise OptionError(
            f"the smallest group (min_group, --min-group): got {min_group!r}, expected a whole number, 1 or more"
        )
    if not isinstance(store, AccountStore):
        store = AccountStore(store, create=False)
    known = store.organisations()
    if organisations is None:
        names = sorted(known)
    else:
        asked = [unicodedata.normalize("NFC", o.strip()) for o in organisations]
        missing = [o for o in asked if o not in known]
        if missing:
            raise UnknownAccountError(f"{store.path}: no organisation {missing[0]!r} in the store")
        names = sorted(set(asked))
    if member is not None:
        member = unicodedata.normalize("NFC", member.strip())
        if member not in names:
            raise UnknownAccountError(
                f"{store.path}: no organisation {member!r} in the store (the member's view)"
            )
    members = _gather(store, names, year, metrics, engine, client, scheduler)
    return _combine(
        members, year, criteria_name, chosen, anonymise or member is not None, min_group, metrics, member
    )


def _combine(
    members: Sequence[MemberYear],
    year: int,
    criteria_name: str,
    criteria: Sequence[Criterion],
    anonymise: bool,
    min_group: int,
    metrics: Mapping[str, str],
    member: str | None = None,
) -> dict[str, Any]:
    members = sorted(members, key=lambda m: m.organisation)
    reporting = [m for m in members if m.figures is not None]
    figures = {m.organisation: m.figures for m in reporting if m.figures is not None}

    totals = {m.organisation: m.total or 0.0 for m in reporting}

    def scrambled(name: str) -> str:  # an order that says nothing of the name
        return hashlib.sha256(name.encode("utf-8")).hexdigest()

    # largest first; equal totals by name, or (anonymised) in an order that says nothing of the names
    tie = scrambled if anonymise else str
    ranked = sorted(reporting, key=lambda m: (-totals[m.organisation], tie(m.organisation)))
    silent = sorted((m for m in members if m.figures is None), key=lambda m: scrambled(m.organisation))
    width = len(str(len(members)))
    alias = {m.organisation: f"member {i:0{width}d}" for i, m in enumerate([*ranked, *silent], 1)}

    def shown(name: str) -> str:
        return alias[name] if anonymise and name != member else name

    def private(name: str) -> bool:  # what only the member itself, or the secretariat, sees
        return not anonymise or name == member

    suppressed: list[str] = []

    def guard(key: str, value: Any, count: int) -> Any:
        """The value, or None (and `key` listed) if it is a sum over 1 to min_group - 1 members."""
        if anonymise and 0 < count < min_group:
            suppressed.append(key)
            return None
        return value

    scopes = {key: _sum(f.get(key, 0.0) for f in figures.values()) for key in _SCOPES}
    categories: dict[str, float | None] = {}
    for key in CATEGORY_KEYS:
        contributing = [f.get(key, 0.0) for f in figures.values() if f.get(key, 0.0)]
        categories[key.removeprefix("3.")] = guard(
            f"scope3_categories.{key[2:]}", _sum(contributing), len(contributing)
        )
    hidden = [key for key, value in categories.items() if value is None]
    published = sorted((abs(v), k) for k, v in categories.items() if v)
    if len(hidden) == 1 and published:  # scope 3 less the others would give the one: hide another too
        categories[published[0][1]] = guard(f"scope3_categories.{published[0][1]}", None, 1)
    network_total = _sum(totals.values())

    # change: like-for-like (members reporting both years) and over all
    both = [m for m in reporting if m.previous_total is not None]
    like = _change(_sum(m.previous_total or 0.0 for m in both), _sum(totals[m.organisation] for m in both))
    before_all = [m.previous_total for m in members if m.previous_total is not None]
    shown_like = guard("change.like_for_like", like, len(both))
    every = _change(_sum(before_all), network_total)
    if shown_like is None and len(before_all) == len(both) == len(reporting):
        every = guard("change.all", None, 1)  # the same members: the same figures
    change = {
        "like_for_like": {"members": len(both), **(shown_like or dict.fromkeys(like))},
        "all": {
            "members_previous": len(before_all),
            "members": len(reporting),
            **(every or dict.fromkeys(like)),
        },
    }

    # quality
    quality_kg = [_sum(m.quality_kg[s] for m in reporting) for s in range(6)]
    scored = _sum(quality_kg[1:])
    spend = _sum(m.spend_kg for m in reporting)

    def score_of(kg: Sequence[float]) -> float | None:
        weight = _sum(kg[1:])
        return _sum(s * kg[s] for s in range(1, 6)) / weight if weight else None

    quality = {
        "score": score_of(quality_kg),
        "scores": {str(s): QUALITY_SCORES[s] for s in range(1, 6)},
        "kg_co2e_by_score": {str(s): quality_kg[s] for s in range(1, 6)},
        "spend_share_percent": _percent(spend, scored),
        "activity_share_percent": _percent(_sum(m.activity_kg for m in reporting), scored),
        "missing_scopes": [
            {"organisation": shown(m.organisation), "scopes": list(m.scopes_missing)}
            for m in reporting
            if m.scopes_missing
        ],
    }

    # overlap: purchases from fellow members, by the suppliers' organisation numbers
    by_number: dict[str, str] = {}  # only a reporting member's emissions are in the total twice
    for m in reporting:
        if m.number:
            by_number.setdefault(m.number, m.organisation)
    pairs = []
    for m in reporting:
        for number, amount, kg in m.purchases:
            seller = by_number.get(number)
            if seller is not None and seller != m.organisation:
                pairs.append((m.organisation, seller, amount, kg, m.currency))
    overlap_kg = _sum(p[3] for p in pairs)
    buyers = {p[0] for p in pairs}
    trading = buyers | {p[1] for p in pairs}
    scope3 = scopes["3"]
    overlap: dict[str, Any] = {
        # unknown when no reporting member has a number to be found by
        "kg_co2e": guard("overlap", overlap_kg, len(trading)) if by_number else None,
        "share_of_scope3_percent": guard("overlap", _percent(overlap_kg, scope3), len(trading))
        if by_number
        else None,
        "members_buying": len(buyers),
        "members_without_number": sum(1 for m in reporting if not m.number),
    }
    if not anonymise:
        overlap["purchases"] = [
            {"buyer": b, "supplier": s, "amount": a, "currency": c, "kg_co2e": k} for b, s, a, k, c in pairs
        ]

    # members
    intensities: dict[str, dict[str, float]] = {
        name: {
            m.organisation: totals[m.organisation] / m.metrics[name] for m in reporting if m.metrics.get(name)
        }
        for name in metrics
    }
    ranks = {name: _percentiles(values) for name, values in intensities.items()}
    checked = {m.organisation: check_criteria(criteria, m.facts, year) for m in members} if criteria else {}
    rows = []
    for m in ranked:
        f = figures[m.organisation]
        row: dict[str, Any] = {
            "organisation": shown(m.organisation),
            "total_kg_co2e": totals[m.organisation],
            "share_percent": _percent(totals[m.organisation], network_total),
            "scopes": {key: f.get(key, 0.0) for key in _SCOPES},
            "fossil_free_scope1": f.get("1_fossil", 0.0) <= _ZERO_KG,
            "targets": len(m.targets),
            "science_based": m.science_based,
            "on_track": m.on_track,
            "quality_score": score_of(m.quality_kg),
            "spend_share_percent": _percent(m.spend_kg, _sum(m.quality_kg[1:])),
            # anonymised, a member's change would give its previous total: the network's change only
            "change_percent": None
            if m.previous_total is None or not private(m.organisation)
            else _percent(totals[m.organisation] - m.previous_total, m.previous_total),
            "intensity": {
                name: {
                    "kg_co2e_per_unit": intensities[name].get(m.organisation),
                    "unit": metrics[name] or "count",
                    "percentile": ranks[name].get(m.organisation),
                }
                for name in metrics
            },
        }
        if private(m.organisation):
            row["organisation_number"] = m.number
            row["target_specs"] = list(m.targets)
            row["warnings"] = list(m.warnings)
        if criteria:
            row["criteria_met"] = all(r.met for r in checked[m.organisation] if r.required)
        rows.append(row)

    counted = {
        "with_target": sum(1 for m in reporting if m.targets),
        "science_based": sum(1 for m in reporting if m.science_based),
        "fossil_free_scope1": sum(1 for r in rows if r["fossil_free_scope1"]),
        "on_track": sum(1 for m in reporting if m.on_track),
    }
    out: dict[str, Any] = {
        "year": year,
        "members_in_store": len(members),
        "members_reporting": len(reporting),
        "not_reporting": sorted(shown(m.organisation) for m in silent),
        "total_kg_co2e": network_total,
        "total_basis": "scopes 1 + 2 (market-based) + 3",
        "scopes": scopes,
        "scope12_kg_co2e": scopes["1"] + scopes["2_market"],
        "scope3_kg_co2e": scope3,
        "scope3_categories": categories,
        "with_target": sum(1 for m in members if m.targets),
        "with_target_reporting": counted["with_target"],
        "science_based": counted["science_based"],
        "fossil_free_scope1": counted["fossil_free_scope1"],
        "on_track": counted["on_track"],
        "off_track": sum(1 for m in reporting if m.on_track is False),
        "shares_percent": {key: _percent(n, len(reporting)) for key, n in counted.items()},
        "change": change,
        "quality": quality,
        "overlap": overlap,
        "members": rows,
    }
    if criteria:
        out["criteria"] = {
            "name": criteria_name,
            "criteria": [
                {"criterion": c.name, "description": c.description, "from_year": c.from_year}
                for c in criteria
            ],
            "meeting_all": sum(
                1 for results in checked.values() if all(r.met for r in results if r.required)
            ),
            "members": [
                {
                    "organisation": shown(name),
                    "met": all(r.met for r in results if r.required),
                    "results": [
                        {**r.to_dict(), **({} if private(name) else {"evidence": ""})} for r in results
                    ],
                }
                for name, results in sorted(checked.items(), key=lambda item: shown(item[0]))
            ],
        }
    out["anonymised"] = anonymise
    if member is not None:
        out["member"] = member
    if anonymise:
        out["min_group"] = min_group
        out["suppressed"] = sorted(set(suppressed))
    return out
