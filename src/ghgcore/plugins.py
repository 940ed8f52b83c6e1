"""Factor databases as plugins, discovered through entry points.

A factor database is a package that registers a :class:`FactorDatabase`
subclass in the entry-point group ``ghgcore.factors``; the entry point's name
is the name users type::

    [project.entry-points."ghgcore.factors"]
    nordic-grid = "ghgcore_nordic_grid:NordicGrid"

- ``import ghgcore`` imports no plugin; :func:`list_databases` reads
  entry-point metadata only.
- A database is imported on first use and cached; :func:`refresh` forgets
  what was cached (after installing a package, say).
- A plugin that fails to import, raises, or returns something that is not a
  factor set raises :class:`DatabaseLoadError` (chained, naming the database
  and its distribution) when asked for, and a :class:`DatabaseWarning` when
  only listed; the other databases keep working.
- Two distributions registering the same name is an error naming both,
  never an arbitrary winner.
- A :class:`FactorDatabase` class (or instance) can be passed wherever a
  name is accepted, which is handy in tests.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

import attrs

from ghgcore._reference import package_csv
from ghgcore.crosswalk import Crosswalk
from ghgcore.errors import (
    DatabaseError,
    DatabaseLoadError,
    DatabaseWarning,
    DuplicateDatabaseError,
    UnknownDatabaseError,
    VersionMismatchError,
)
from ghgcore.factors import FactorSet
from ghgcore.money import PriceIndex

if TYPE_CHECKING:
    from ghgcore.spend import AccountMapping

if sys.version_info >= (3, 12):
    from importlib.metadata import EntryPoint, entry_points
else:
    from importlib_metadata import EntryPoint, entry_points

__all__ = [
    "DEFAULT",
    "ENTRY_POINT_GROUP",
    "DatabaseEntry",
    "DatabaseError",
    "DatabaseLoadError",
    "DatabaseStatus",
    "DatabaseWarning",
    "DuplicateDatabaseError",
    "FactorDatabase",
    "UnknownDatabaseError",
    "VersionMismatchError",
    "database_status",
    "default_databases",
    "get_database",
    "list_databases",
    "load_factors",
    "package_csv",
    "refresh",
]

ENTRY_POINT_GROUP = "ghgcore.factors"
#: The name that stands for the default databases (:func:`default_databases`)
#: among factor sources; no database can be registered under it.
DEFAULT = "default"
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class FactorDatabase:
    """Base class of factor databases.

    Subclass it, set the metadata class attributes, implement :meth:`load`,
    and register the class in the ``ghgcore.factors`` entry-point group.

    Attributes
    ----------
    name : str
        Filled in from the entry point's name when loaded by name.
    description, publisher, version, licence, url : str
        Metadata shown by ``ghgcore factors list``. `version` is the version
        of the *factors*, recorded in every result that uses them.
    regions : tuple of str
        Regions the database claims to cover (checked by the conformance
        suite).
    years : tuple of (int, int), optional
        First and last year it claims to cover.
    default : bool
        Whether ``ghgcore calculate`` (and :func:`ghgcore.calculate_inventory`)
        uses the database when no factor database is named. A default
        database must not claim an activity key another default claims for
        the same region (the conformance suite checks it); default
        databases are searched in the order of their names.
    advice : Mapping[str, str]
        Activity keys the database leaves to the user on purpose (no
        citable figure exists), each with one sentence saying what to give
        instead; an unresolved line of such a key gets that sentence as its
        reason (``{"district_heating": "district heating needs your
        supplier's figure: ..."}``).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    publisher: ClassVar[str] = ""
    version: ClassVar[str] = ""
    licence: ClassVar[str] = ""
    url: ClassVar[str] = ""
    regions: ClassVar[tuple[str, ...]] = ()
    years: ClassVar[tuple[int, int] | None] = None
    default: ClassVar[bool] = False
    advice: ClassVar[Mapping[str, str]] = {}

    def load(self) -> FactorSet:
        """Return the database's factors. Required."""
        raise NotImplementedError(f"{type(self).__name__}.load() is not implemented")

    def crosswalks(self) -> Sequence[Crosswalk]:
        """Mappings from outside classifications to this database's activity keys (optional)."""
        return ()

    def price_indices(self) -> Sequence[PriceIndex]:
        """Price indices for bringing money to the price year of the database's factors (optional).

        A spend-based database ships the index its price adjustment is
        meant to use (such as Statistics Norway's KPI for NOK).
        """
        return ()

    def account_mapping(self) -> AccountMapping | None:
        """For a spend-based database: the mapping from ledger accounts to its categories (optional)."""
        return None

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.name or '(unnamed)'!r} version {self.version or '?'}"
            f"{', ' + self.publisher if self.publisher else ''}: {self.description or 'no description'}>"
        )


@attrs.frozen
class DatabaseEntry:
    """What the entry-point metadata says about a factor database (nothing is imported)."""

    name: str
    target: str
    distribution: str
    distribution_version: str

    def __str__(self) -> str:
        return f"{self.name} ({self.distribution} {self.distribution_version}, {self.target})"


@attrs.frozen
class DatabaseStatus:
    """A listed factor database: its metadata, and whether it can be used."""

    name: str
    distribution: str
    distribution_version: str
    ok: bool
    reason: str = ""
    version: str = ""
    publisher: str = ""
    licence: str = ""
    description: str = ""
    default: bool = False


_entries_cache: dict[str, list[DatabaseEntry]] | None = None
_loaded_eps: dict[str, EntryPoint] = {}
_classes: dict[str, type[FactorDatabase]] = {}
_factor_sets: dict[str, FactorSet] = {}


def refresh() -> None:
    """Forget the cached entry points, classes and factor sets."""
    global _entries_cache
    _entries_cache = None
    _loaded_eps.clear()
    _classes.clear()
    _factor_sets.clear()


def _entries() -> dict[str, list[DatabaseEntry]]:
    global _entries_cache
    if _entries_cache is None:
        found: dict[str, list[DatabaseEntry]] = {}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist
            entry = DatabaseEntry(
                ep.name,
                ep.value,
                dist.name if dist is not None else "(unknown distribution)",
                dist.version if dist is not None else "",
            )
            if entry not in found.get(ep.name, []):
                found.setdefault(ep.name, []).append(entry)
                _loaded_eps.setdefault(ep.name, ep)
        _entries_cache = dict(sorted(found.items()))
    return _entries_cache


def list_databases() -> list[DatabaseEntry]:
    """The installed factor databases, from entry-point metadata only.

    A name registered by two distributions appears twice.
    """
    return [entry for entries in _entries().values() for entry in entries]


def _entry(name: str) -> DatabaseEntry:
    entries = _entries().get(name)
    if not entries:
        known = ", ".join(_entries()) or "none are installed"
        raise UnknownDatabaseError(f"no factor database named {name!r} (installed: {known})")
    if len(entries) > 1:
        raise DuplicateDatabaseError(
            f"factor database {name!r} is registered by {len(entries)} distributions: "
            + " and ".join(f"{e.distribution} {e.distribution_version} ({e.target})" for e in entries)
            + "; uninstall all but one"
        )
    return entries[0]


def _class(name: str) -> type[FactorDatabase]:
    if name in _classes:
        return _classes[name]
    entry = _entry(name)
    try:
        obj = _loaded_eps[name].load()
    except Exception as e:
        raise DatabaseLoadError(
            f"factor database {name!r} (distribution {entry.distribution} {entry.distribution_version}) "
            f"failed to import {entry.target}: {type(e).__name__}: {e}"
        ) from e
    if not (isinstance(obj, type) and issubclass(obj, FactorDatabase)):
        raise DatabaseLoadError(
            f"factor database {name!r} (distribution {entry.distribution} {entry.distribution_version}): "
            f"{entry.target} is {obj!r}, expected a subclass of ghgcore.plugins.FactorDatabase"
        )
    _classes[name] = obj
    return obj


def get_database(database: str | type[FactorDatabase] | FactorDatabase) -> FactorDatabase:
    """Return a factor database by name, or instantiate a class passed directly.

    Raises
    ------
    UnknownDatabaseError, DuplicateDatabaseError, DatabaseLoadError
    """
    if isinstance(database, FactorDatabase):
        return database
    if isinstance(database, type):
        if not issubclass(database, FactorDatabase):
            raise TypeError(f"{database!r} is not a FactorDatabase subclass")
        return database()
    cls = _class(database)
    instance = cls()
    if instance.name != database:
        # the entry point's name is the database's name
        instance.name = database  # type: ignore[misc]
    return instance


def _label(database: FactorDatabase) -> str:
    name = database.name or type(database).__name__
    entries = _entries().get(name, [])
    if entries:
        return f"factor database {name!r} (distribution {entries[0].distribution} {entries[0].distribution_version})"
    return f"factor database {name!r} ({type(database).__module__}.{type(database).__qualname__})"


def load_factors(
    database: str | type[FactorDatabase] | FactorDatabase, *, version: str | None = None
) -> FactorSet:
    """Load a factor database's factors (cached per name).

    The factor set is named after the database and carries its version.

    Parameters
    ----------
    database : str, FactorDatabase subclass or instance
    version : str, optional
        Pin: fail unless the installed database has this version.

    Raises
    ------
    DatabaseLoadError
        If the plugin fails to import, its ``load()`` raises, or returns
        something that is not a FactorSet.
    VersionMismatchError
        If `version` is given and differs from the installed one.
    """
    db = get_database(database)
    name = db.name or type(db).__name__
    if version is not None and db.version != version:
        raise VersionMismatchError(
            f"{_label(db)} is version {db.version or '(none)'}, but version {version} was asked for"
        )
    cache_key = name if isinstance(database, str) else ""
    if cache_key and cache_key in _factor_sets:
        return _factor_sets[cache_key]
    try:
        factors = db.load()
    except Exception as e:
        raise DatabaseLoadError(f"{_label(db)} failed to load its factors: {type(e).__name__}: {e}") from e
    if not isinstance(factors, FactorSet):
        raise DatabaseLoadError(
            f"{_label(db)}: load() returned {type(factors).__name__}, expected a FactorSet"
        )
    factors = attrs.evolve(
        factors,
        name=name,
        version=db.version or factors.version,
        description=factors.description or db.description,
        publisher=factors.publisher or db.publisher,
        url=factors.url or db.url,
        licence_name=factors.licence_name or db.licence,
    )
    if cache_key:
        _factor_sets[cache_key] = factors
    return factors


def database_status(*, check: bool = False) -> list[DatabaseStatus]:
    """Import every listed database's class (and with `check`, load its factors).

    Failures do not raise: each is a :class:`DatabaseWarning` and a status
    with the reason, and the other databases are still listed.
    """
    out: list[DatabaseStatus] = []
    for name, entries in _entries().items():
        entry = entries[0]
        try:
            db = get_database(name)
            if check:
                load_factors(name)
        except DatabaseError as e:
            warnings.warn(str(e), DatabaseWarning, stacklevel=2)
            for each in entries:
                out.append(DatabaseStatus(name, each.distribution, each.distribution_version, False, str(e)))
            continue
        out.append(
            DatabaseStatus(
                name, entry.distribution, entry.distribution_version, True, "",
                db.version, db.publisher, db.licence, db.description, db.default is True,
            )
        )  # fmt: skip
    return out


def default_databases() -> list[str]:
    """The names of the installed databases that are marked :attr:`FactorDatabase.default`, in name order.

    What a calculation uses when no factor database is named. A database
    that cannot be imported (or registered twice) is left out with a
    :class:`DatabaseWarning`; it never stops the others.
    """
    names: list[str] = []
    for name in _entries():
        if name == DEFAULT:
            continue
        try:
            marked = _class(name).default is True
        except DatabaseError as e:
            warnings.warn(f"{e}; not used as a default database", DatabaseWarning, stacklevel=2)
            continue
        if marked:
            names.append(name)
    return names


def check_name(name: str) -> bool:
    """Whether a database name is valid: lower-case letters, digits, '-', '_', '.'; not ``default``."""
    return bool(NAME_PATTERN.fullmatch(name)) and name != DEFAULT
