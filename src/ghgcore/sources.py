"""Factor sources: names, classes, files or objects to factor sets and what they ship.

The one place where a calculation's sources are assembled, for the command
line and for Python alike, and the only caller of the plugin registry
(:mod:`ghgcore.plugins`). A source is any of:

- a :class:`~ghgcore.factors.FactorSet` (your own factors);
- the path of a factors CSV file (a :class:`os.PathLike`, or a string ending
  in ``.csv``);
- the name of an installed factor database (``"fuels"``; see
  ``ghgcore factors list``), or a :class:`~ghgcore.plugins.FactorDatabase`
  subclass or instance;
- ``"default"``: the installed databases marked as defaults
  (:func:`ghgcore.plugins.default_databases`), which is also what no
  sources at all (``None``) means.

A database brings its factor set and may bring crosswalks, an account
mapping (for general ledgers) and price indices (for spend-based factors);
:func:`resolve` collects them in the order the sources were given, so that
your own come first. Files are local paths, never URLs; a database is
untrusted code, and whatever it raises or returns wrongly is a
:class:`~ghgcore.errors.DatabaseError` naming it.

>>> from ghgcore import EmissionFactor, FactorSet
>>> mine = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="mine", version="1")
>>> sources = resolve([mine])
>>> [fs.name for fs in sources.factor_sets], sources.account_mapping()
(['mine'], None)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from ghgcore.crosswalk import Crosswalk
from ghgcore.energy import EnergyContents
from ghgcore.errors import InputError, OptionError
from ghgcore.factors import EmissionFactor, FactorSet
from ghgcore.lock import Lock
from ghgcore.money import PriceIndex, Prices
from ghgcore.plugins import (
    DEFAULT,
    DatabaseMetadata,
    DatabaseStatus,
    FactorDatabase,
    database_account_mapping,
    database_crosswalks,
    database_energy_contents,
    database_metadata,
    database_price_indices,
    database_status,
    default_databases,
    get_database,
    load_factors,
)
from ghgcore.resolution import MATCH_KINDS, Fallback, Resolver, region_chain
from ghgcore.spend import AccountMapping

__all__ = [
    "Answer",
    "FactorSource",
    "Lookup",
    "Sources",
    "database",
    "database_crosswalks",
    "database_factors",
    "database_metadata",
    "lookup",
    "resolve",
    "statuses",
]

#: What :func:`resolve` takes as a factor source.
FactorSource: TypeAlias = "FactorSet | str | os.PathLike[str] | type[FactorDatabase] | FactorDatabase"
#: A crosswalk, account mapping or price index given as an object or as a CSV file.
PathOr: TypeAlias = "str | os.PathLike[str]"


@attrs.frozen
class Sources:
    """Everything a calculation takes from its factor sources, in search order.

    Attributes
    ----------
    factor_sets : tuple of FactorSet
        Searched in order: the first set with a factor for a line wins.
    crosswalks : tuple of Crosswalk
        Yours first, then those the databases ship.
    account_mappings : tuple of AccountMapping
        Yours first, then those the databases ship; :meth:`account_mapping`
        layers them into one.
    price_indices : tuple of PriceIndex
        Yours first, then the databases' (the first index for a currency wins).
    databases : tuple of FactorDatabase
        The databases among the sources.
    advice : Mapping[str, str]
        What to do about activity keys the databases leave to you on
        purpose (:attr:`FactorDatabase.advice`; the first database's wins).
    energy_contents : tuple of EnergyContents
        Yours first, then the databases' in search order: energy per unit
        and supply mixes, for :func:`ghgcore.energy.energy_use`.
    uncertainties : Mapping[str, float]
        A factor set's name -> the relative uncertainty its database states
        (:attr:`FactorDatabase.uncertainty`), for :mod:`ghgcore.uncertainty`.
    """

    factor_sets: tuple[FactorSet, ...]
    crosswalks: tuple[Crosswalk, ...] = ()
    account_mappings: tuple[AccountMapping, ...] = ()
    price_indices: tuple[PriceIndex, ...] = ()
    databases: tuple[FactorDatabase, ...] = ()
    advice: Mapping[str, str] = attrs.field(factory=dict)
    energy_contents: tuple[EnergyContents, ...] = ()
    uncertainties: Mapping[str, float] = attrs.field(factory=dict)

    def account_mapping(self) -> AccountMapping | None:
        """The account mappings layered into one (the first wins), or ``None`` if there is none."""
        if not self.account_mappings:
            return None
        mapping = self.account_mappings[0]
        for below in self.account_mappings[1:]:
            mapping = mapping.layered(below)
        return mapping

    def prices(self, *, extrapolate: bool = False) -> Prices:
        """Exchange rates (the ECB's) and these price indices, for monetary lines."""
        return Prices(indices=self.price_indices, extrapolate=extrapolate)


def _identity(source: object) -> object:
    """What makes two sources the same: a database's name or class, a file's resolved path, an object."""
    if isinstance(source, str | os.PathLike) and _is_csv_path(source):
        return ("file", os.path.realpath(source))
    if isinstance(source, str | type):
        return ("database", source)
    return ("object", id(source))


def _is_csv_path(source: object) -> bool:
    return isinstance(source, os.PathLike) or (isinstance(source, str) and source.lower().endswith(".csv"))


def _local(path: str | os.PathLike[str], what: str) -> str | os.PathLike[str]:
    """`path`, unless it is a URL: files are read from local paths only, never fetched."""
    if "://" in os.fspath(path):
        raise InputError(f"{os.fspath(path)}: {what} are local files, not URLs")
    return path


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | os.PathLike | FactorSet | type | FactorDatabase) or not isinstance(
        value, Sequence
    ):
        return [value]
    return list(value)


def resolve(
    factors: FactorSource | Sequence[FactorSource] | None = None,
    *,
    crosswalks: Sequence[Crosswalk | PathOr] = (),
    crosswalk_prefix: bool = False,
    mappings: Sequence[AccountMapping | PathOr] = (),
    price_indices: Sequence[PriceIndex | PathOr] = (),
    lock: Lock | PathOr | None = None,
    energy_contents: Sequence[EnergyContents | PathOr] = (),
) -> Sources:
    """Turn factor sources into factor sets, with the crosswalks, mappings and indices they ship.

    Parameters
    ----------
    factors : FactorSource or sequence of FactorSource, optional
        Factor sets, factors CSV paths, database names, classes or instances,
        in search order; ``"default"`` stands for the default databases
        (in name order), and so does ``None``.
    crosswalks : sequence of Crosswalk or CSV path
        Your crosswalks (code -> activity key), before the databases' own.
    crosswalk_prefix : bool, default False
        Let the codes of crosswalks read from CSV match by prefix.
    mappings : sequence of AccountMapping or CSV path
        Your account mappings, before the databases' own.
    price_indices : sequence of PriceIndex or CSV path
        Your price indices, before the databases' own; a path may be
        prefixed with its currency (``"SEK=kpi-se.csv"``; default NOK).
    lock : Lock or path, optional
        Load databases at the versions the lock file pins, and check the
        factor sets against it.
    energy_contents : sequence of EnergyContents or CSV path
        Your energy contents (energy per unit, supply mixes), before the
        databases' own.

    Raises
    ------
    OptionError
        If there is no factor source at all (no default database installed).
    ghgcore.errors.DatabaseError
        If a database is unknown, broken, or not at the locked version.
    ghgcore.errors.DataError
        If a file is invalid (factor sets, crosswalks, mappings, lock file).
    ghgcore.errors.InputError
        If a file is given as a URL (files are local paths only).
    ghgcore.errors.LockMismatchError
        If the factor sets differ from the lock file.
    """
    asked = _as_list(factors) if factors is not None else [DEFAULT]
    items: list[Any] = []
    seen: set[object] = set()
    for item in asked:
        for name in default_databases() if isinstance(item, str) and item == DEFAULT else [item]:
            key = _identity(name)
            if key not in seen:  # the same database or file twice ('default' and 'fuels') is searched once
                seen.add(key)
                items.append(name)
    if not items:
        defaults = DEFAULT in asked
        raise OptionError(
            "no factors: give at least one factor set, factors CSV file or database name"
            + (
                " (no default factor database is installed: install ghgcore-fuels, ghgcore-grid, "
                "ghgcore-spend or ghgcore-travel, or name one)"
                if defaults
                else ""
            )
        )
    if lock is not None and not isinstance(lock, Lock):
        lock = Lock.read(lock)
    pins = lock.pins() if lock is not None else {}
    sets: list[FactorSet] = []
    shipped_crosswalks: list[Crosswalk] = []
    shipped_mappings: list[AccountMapping] = []
    indices: dict[str, PriceIndex] = {}
    for given in price_indices:
        index = given if isinstance(given, PriceIndex) else _price_index(given)
        if index.currency in indices:
            raise OptionError(
                f"two price indices for {index.currency}: {indices[index.currency].name!r} and {index.name!r}"
            )
        indices[index.currency] = index
    databases: list[FactorDatabase] = []
    metadata: list[DatabaseMetadata] = []
    shipped_contents: list[EnergyContents] = []
    uncertainties: dict[str, float] = {}
    for source in items:
        if isinstance(source, FactorSet):
            sets.append(source)
            continue
        if _is_csv_path(source):
            sets.append(FactorSet.from_csv(_local(source, "factor files")))
            continue
        if not isinstance(source, str | type | FactorDatabase):
            raise TypeError(
                "factors: expected a FactorSet, a factors CSV path, a factor database name or a "
                f"FactorDatabase, got {type(source).__name__}"
            )
        db = get_database(source)
        meta = database_metadata(db)
        name = source if isinstance(source, str) else meta.name
        sets.append(load_factors(source if isinstance(source, str) else db, version=pins.get(name)))
        databases.append(db)
        metadata.append(meta)
        shipped_crosswalks.extend(database_crosswalks(db))
        mapping = database_account_mapping(db)
        if mapping is not None:
            shipped_mappings.append(mapping)
        for index in database_price_indices(db):
            indices.setdefault(index.currency, index)
        contents = database_energy_contents(db)
        if contents is not None:
            shipped_contents.append(contents)
        if meta.uncertainty is not None:
            uncertainties[sets[-1].name] = meta.uncertainty
    if lock is not None:
        lock.check(sets)
    own_crosswalks = [
        c
        if isinstance(c, Crosswalk)
        else Crosswalk.from_csv(_local(c, "crosswalks"), prefix=crosswalk_prefix)
        for c in crosswalks
    ]
    own_mappings = [
        m if isinstance(m, AccountMapping) else AccountMapping.from_csv(_local(m, "account mappings"))
        for m in mappings
    ]
    own_contents = [
        c if isinstance(c, EnergyContents) else EnergyContents.from_csv(_local(c, "energy contents"))
        for c in energy_contents
    ]
    return Sources(
        factor_sets=tuple(sets),
        crosswalks=(*own_crosswalks, *shipped_crosswalks),
        account_mappings=(*own_mappings, *shipped_mappings),
        price_indices=tuple(indices.values()),
        databases=tuple(databases),
        advice={k: v for meta in reversed(metadata) for k, v in meta.advice.items()},
        energy_contents=(*own_contents, *shipped_contents),
        uncertainties=uncertainties,
    )


def _price_index(spec: PathOr) -> PriceIndex:
    """A price index from ``[CURRENCY=]PATH``."""
    text = os.fspath(spec)
    currency, _, path = text.partition("=") if "=" in text else ("NOK", "", text)
    return PriceIndex.from_csv(_local(path, "price indices"), currency=currency.strip().upper())


def database(name: str | type[FactorDatabase] | FactorDatabase) -> FactorDatabase:
    """An installed factor database by name (or a class or instance passed through)."""
    return get_database(name)


def database_factors(name: str | type[FactorDatabase] | FactorDatabase) -> FactorSet:
    """A factor database's factor set (loaded once per name)."""
    return load_factors(name)


def statuses(*, check: bool = False) -> list[DatabaseStatus]:
    """Every installed factor database and whether it can be used (see :func:`ghgcore.plugins.database_status`)."""
    return database_status(check=check)


@attrs.frozen
class Answer:
    """The factor one basis would use for a line, and how it was found; or why there is none.

    Attributes
    ----------
    market : bool
        Market-based (``True``) or location-based / the only answer.
    factor : EmissionFactor, optional
        The factor, ``None`` when there is none.
    match : str
        How it was found: one of :data:`~ghgcore.resolution.MATCH_KINDS`.
    reason : str
        Why there is none (``""`` when there is one).
    """

    market: bool
    factor: EmissionFactor | None
    match: str = ""
    reason: str = ""


@attrs.frozen
class Lookup:
    """Which factor a database (or factors file) would give one line, with the search path.

    Attributes
    ----------
    factors : FactorSet
    database : FactorDatabase, optional
        The database, when the source is one (``None`` for a file).
    code : str
        The activity key or code asked about.
    activity : str
        The activity key after the crosswalks (the code itself if none maps it).
    crosswalk : str
        The name of the crosswalk that mapped it (``""``: none did).
    region : str
    year : int
        ``-1``: no year.
    fallback : Fallback
    regions_searched : tuple of str
        In order; ``""`` is 'a factor for any region'.
    answers : tuple of Answer
        Location-based (or only), then market-based where the database has
        market-based factors for the activity.
    """

    factors: FactorSet
    database: FactorDatabase | None
    code: str
    activity: str
    crosswalk: str
    region: str
    year: int
    fallback: Fallback
    regions_searched: tuple[str, ...]
    answers: tuple[Answer, ...]


def lookup(
    source: str | os.PathLike[str] | type[FactorDatabase] | FactorDatabase,
    activity: str,
    *,
    region: str = "",
    year: int = -1,
    unit: str | None = None,
    fallback: Fallback | None = None,
) -> Lookup:
    """Which factor a database or factors file would give a line: ``ghgcore factors show --activity``.

    Parameters
    ----------
    source : database name, class or instance, or factors CSV path
    activity : str
        An activity key, or a code the database's crosswalks map to one.
    region : str, optional
    year : int, optional
        ``-1`` (default): no year.
    unit : str, optional
        The line's unit; default: the factor's own (no conversion asked).
    fallback : Fallback, optional
        Default: :meth:`Fallback.default() <ghgcore.resolution.Fallback.default>`, as a calculation's.
    """
    rules = Fallback.default() if fallback is None else fallback
    db: FactorDatabase | None = None
    crosswalks: tuple[Crosswalk, ...] = ()
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _is_csv_path(source)):
        factors = FactorSet.from_csv(_local(source, "factor files"))
    else:
        db = get_database(source)
        factors = load_factors(source if isinstance(source, str) else db)
        crosswalks = database_crosswalks(db)
    key, mapped_by = activity, ""
    for crosswalk in crosswalks:
        mapped = crosswalk.lookup(activity)
        if mapped is not None:
            key, mapped_by = mapped, crosswalk.name
            break
    wanted_region = region.strip().upper()
    resolver = Resolver([factors], rules)
    answers: list[Answer] = []
    for market in (False, True):
        if market and not resolver.has_market(key):
            continue
        if unit:
            choice = resolver.resolve(key, wanted_region, year, unit, market)
            hit = (choice.factor, choice.kind) if choice.factor >= 0 else None
            reason = choice.reason
        else:
            ordered = resolver.ordered(key, wanted_region, year, market)
            hit = (ordered[0][1], ordered[0][2]) if ordered else None
            reason = "" if ordered else resolver.resolve(key, wanted_region, year, "", market).reason
        if hit is None:
            answers.append(Answer(market, None, reason=reason))
        else:
            answers.append(Answer(market, factors.factor(hit[0]), MATCH_KINDS[hit[1]]))
    return Lookup(
        factors=factors,
        database=db,
        code=activity,
        activity=key,
        crosswalk=mapped_by,
        region=wanted_region,
        year=year,
        fallback=rules,
        regions_searched=region_chain(wanted_region, rules.regions),
        answers=tuple(answers),
    )
