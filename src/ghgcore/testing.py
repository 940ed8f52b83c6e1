"""A conformance suite for factor-database plugins.

Plugin packages run it in their own tests::

    from ghgcore.testing import assert_conformant
    from my_plugin import MyDatabase

    def test_conformance():
        assert_conformant(MyDatabase)

It checks what users of a database rely on: metadata, units, provenance,
unambiguous and deterministic factors, and that the coverage the database
claims is true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ghgcore.errors import GhgcoreError
from ghgcore.factors import FactorSet
from ghgcore.plugins import (
    DatabaseMetadata,
    FactorDatabase,
    check_name,
    database_crosswalks,
    database_metadata,
    default_databases,
    get_database,
    load_factors,
)
from ghgcore.resolution import WORLD, region_groups
from ghgcore.units import UnitError, describe_dimension, parse_unit

__all__ = ["assert_conformant", "check_database", "check_defaults"]

_REGION = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,6})*")
_METADATA = ("description", "publisher", "version", "licence", "url")


def check_database(database: str | type[FactorDatabase] | FactorDatabase) -> list[str]:
    """Check a factor database; return every problem found (empty if none).

    Parameters
    ----------
    database : str, FactorDatabase subclass or instance
        An installed database's name, or the class itself.
    """
    problems: list[str] = []
    try:
        db = get_database(database)
        meta = database_metadata(db)
    except GhgcoreError as e:
        return [str(e)]
    name = meta.name or (database if isinstance(database, str) else "")
    if name and not check_name(name):
        problems.append(f"name {name!r}: expected lower-case letters, digits, '-', '_' or '.'")
    for attribute in _METADATA:
        if not str(getattr(meta, attribute)).strip():
            problems.append(f"metadata: {attribute} is empty")

    try:
        factors = load_factors(db)
        again = load_factors(get_database(type(db)))
        crosswalks = database_crosswalks(db)
    except GhgcoreError as e:
        return [*problems, str(e)]
    if factors.sha256 != again.sha256:
        problems.append("load() is not deterministic: two loads gave different content")
    if len(factors) == 0:
        problems.append("load() returned no factors")
        return problems

    problems += _check_factors(factors, meta)
    problems += _check_coverage(factors, meta)
    for crosswalk in crosswalks:
        missing = sorted(crosswalk.keys - set(factors.activities))
        if missing:
            problems.append(
                f"crosswalk {crosswalk.name!r} maps to unknown activity keys: {', '.join(missing[:10])}"
            )
    return problems


def _check_factors(factors: FactorSet, db: DatabaseMetadata) -> list[str]:
    problems = []
    for unit in sorted(set(factors.unit)):
        try:
            parse_unit(unit)
        except UnitError as e:
            problems.append(f"unit {unit!r}: {e}")
    dims: dict[str, dict[str, set[str]]] = {}
    for i in range(len(factors)):
        fid = factors.id[i]
        if not factors.source[i].strip():
            problems.append(f"factor {fid!r}: no source")
        if not (factors.licence[i] or db.licence):
            problems.append(f"factor {fid!r}: no licence (on the factor or the database)")
        if factors.scope[i] == 0:
            problems.append(f"factor {fid!r}: no scope")
        if factors.scope[i] == 3 and factors.category[i] == 0:
            problems.append(f"factor {fid!r}: a scope 3 factor without a category")
        if "money in" in describe_dimension(factors.unit[i]) and factors.price_year[i] < 0:
            problems.append(f"factor {fid!r}: a factor per {factors.unit[i]} without a price year")
        region = factors.region[i]
        if region and not (_REGION.fullmatch(region) or region in region_groups() or region == WORLD):
            problems.append(
                f"factor {fid!r}: region {region!r} is not an ISO 3166 code, a zone or a region group"
            )
        if not np.all(np.isfinite(factors.values[i])):
            problems.append(f"factor {fid!r}: a value is not finite")
        dims.setdefault(factors.activity[i], {}).setdefault(region, set()).add(
            describe_dimension(factors.unit[i])
        )
    for activity, per_region in dims.items():
        if len({frozenset(d) for d in per_region.values()}) > 1:
            detail = "; ".join(
                f"{r or 'any region'}: {', '.join(sorted(d))}" for r, d in sorted(per_region.items())
            )
            problems.append(
                f"activity {activity!r}: units of different dimensions in different regions ({detail})"
            )
    return problems


def check_defaults(
    names: Sequence[str | type[FactorDatabase] | FactorDatabase] | None = None,
) -> list[str]:
    """Check that no two default databases claim the same activity key, region and unit dimension.

    The default databases are searched together when a user names none;
    two that answer the same line would make the answer depend on their
    names' order. (The same key per kWh in one and per NOK in another is
    no clash: a line's unit picks one.) Returns every clash found (empty if
    none).

    Parameters
    ----------
    names : sequence of str, FactorDatabase subclass or instance, optional
        The databases to check together (default: the installed defaults).
    """
    problems: list[str] = []
    claimed: dict[tuple[str, str, str], str] = {}
    for given in default_databases() if names is None else names:
        try:
            db = get_database(given)
            factors = load_factors(db)
            name = database_metadata(db).name or (given if isinstance(given, str) else type(db).__name__)
        except GhgcoreError as e:
            problems.append(str(e))
            continue
        dimension = {unit: describe_dimension(unit) for unit in set(factors.unit.tolist())}
        columns = (factors.activity.tolist(), factors.region.tolist(), factors.unit.tolist())
        for activity, region, unit in dict.fromkeys(zip(*columns, strict=True)):
            key = (activity, region, dimension[unit])
            other = claimed.setdefault(key, name)
            if other != name:
                problems.append(
                    f"default databases {other!r} and {name!r} both have {activity!r} for "
                    f"{region or 'any region'} in {key[2]}"
                )
    return problems


def _check_coverage(factors: FactorSet, db: DatabaseMetadata) -> list[str]:
    problems = []
    regions = {r for r in factors.region if r}
    countries = regions | {r.split("-", 1)[0] for r in regions}
    for claimed in db.regions:
        if claimed not in countries and not any(not r for r in factors.region):
            problems.append(f"coverage: claims region {claimed!r} but has no factor for it")
    if db.years is not None:
        first, last = db.years
        if not 1000 <= first <= last <= 9999:
            return [*problems, f"coverage: claims years {first}-{last}, expected years such as 2020-2024"]
        lo = np.where(factors.valid_from < 0, -(10**6), factors.valid_from)
        hi = np.where(factors.valid_to < 0, 10**6, factors.valid_to)
        uncovered = [y for y in range(first, last + 1) if not np.any((lo <= y) & (y <= hi))]
        if uncovered:
            problems.append(f"coverage: claims years {first}-{last} but no factor covers {uncovered}")
    return problems


def assert_conformant(database: Any) -> None:
    """Fail (AssertionError) with every problem :func:`check_database` finds.

    Raises
    ------
    AssertionError
    """
    problems = check_database(database)
    if problems:
        raise AssertionError(
            f"factor database {_name(database)!r} does not conform:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def _name(database: Any) -> str:
    """A database's name for a message, whatever its attributes do."""
    if isinstance(database, str):
        return database
    for attribute in ("name", "__name__"):
        try:
            value = getattr(database, attribute, "")
        except Exception:
            continue
        if isinstance(value, str) and value:
            return value
    return type(database).__name__
