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
- A plugin is untrusted code. One that fails to import, raises (anything:
  ``sys.exit`` and other :class:`BaseException` too, except the user's
  Ctrl-C), has metadata of the wrong type, or returns something that is
  not a factor set, a crosswalk, an account mapping or a price index
  raises :class:`DatabaseLoadError` (chained, naming the database and its
  distribution) when asked for, and a :class:`DatabaseWarning` when only
  listed; the other databases keep working. So does a distribution whose
  entry points cannot be read.
- Two distributions registering the same name is an error naming both,
  never an arbitrary winner.
- A :class:`FactorDatabase` class (or instance) can be passed wherever a
  name is accepted, which is handy in tests.
"""

from __future__ import annotations

import math
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import attrs

from ghgcore._reference import package_csv
from ghgcore.crosswalk import Crosswalk
from ghgcore.errors import (
    DatabaseError,
    DatabaseLoadError,
    DatabaseWarning,
    DuplicateDatabaseError,
    GhgcoreError,
    UnknownDatabaseError,
    VersionMismatchError,
)
from ghgcore.factors import FactorSet
from ghgcore.money import PriceIndex
from ghgcore.output import is_interrupt

if TYPE_CHECKING:
    from ghgcore.energy import EnergyContents
    from ghgcore.spend import AccountMapping

if sys.version_info >= (3, 12):
    from importlib.metadata import EntryPoint, distributions
else:
    from importlib_metadata import EntryPoint, distributions

__all__ = [
    "DEFAULT",
    "ENTRY_POINT_GROUP",
    "DatabaseEntry",
    "DatabaseError",
    "DatabaseLoadError",
    "DatabaseMetadata",
    "DatabaseStatus",
    "DatabaseWarning",
    "DuplicateDatabaseError",
    "FactorDatabase",
    "UnknownDatabaseError",
    "VersionMismatchError",
    "database_account_mapping",
    "database_crosswalks",
    "database_energy_contents",
    "database_metadata",
    "database_price_indices",
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
#: Names that mean something else where database names are given.
RESERVED_NAMES = frozenset({DEFAULT, "none"})

T = TypeVar("T")


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
    uncertainty : float, optional
        The relative uncertainty of a line calculated with the database's
        factors, as the half-width of its 95 % interval over its emissions
        (0.3 for ±30 %), when the publisher states one; it then replaces
        ghgcore's default for the line's data-quality score
        (:data:`ghgcore.uncertainty.DEFAULT_UNCERTAINTY`) in the intervals of
        :mod:`ghgcore.uncertainty`. None (the default): ghgcore's defaults.
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
    uncertainty: ClassVar[float | None] = None

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

    def energy_contents(self) -> EnergyContents | None:
        """Energy per unit and the mix of the database's energy carriers, for energy use (optional).

        A fuel database ships each fuel's net calorific value per unit it
        gives factors in, and whether its energy is fossil or renewable; a
        grid database the supply mix (fossil, renewable, nuclear) of its
        electricity by region and year. :func:`ghgcore.energy.energy_use`
        turns a result's scope 1 and 2 lines into MWh with them.
        """
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


@attrs.frozen
class DatabaseMetadata:
    """A factor database's metadata, read once and checked (see :class:`FactorDatabase`).

    Attributes
    ----------
    name, description, publisher, version, licence, url : str
    regions : tuple of str
    years : tuple of (int, int), optional
    default : bool
    advice : Mapping[str, str]
    uncertainty : float, optional
    """

    name: str
    description: str
    publisher: str
    version: str
    licence: str
    url: str
    regions: tuple[str, ...]
    years: tuple[int, int] | None
    default: bool
    advice: Mapping[str, str]
    uncertainty: float | None = None


_entries_cache: dict[str, list[DatabaseEntry]] | None = None
_unreadable: list[tuple[str, str, str]] = []  # (distribution, version, reason)
_loaded_eps: dict[str, EntryPoint] = {}
_classes: dict[str, type[FactorDatabase]] = {}
_factor_sets: dict[str, FactorSet] = {}


def refresh() -> None:
    """Forget the cached entry points, classes and factor sets."""
    global _entries_cache
    _entries_cache = None
    _unreadable.clear()
    _loaded_eps.clear()
    _classes.clear()
    _factor_sets.clear()


# --------------------------------------------------------------------------
# plugin code is untrusted: every call to it is guarded


def _cut(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _repr(value: object) -> str:
    """``repr(value)``, whatever its ``__repr__`` does."""
    try:
        return _cut(repr(value), 100)
    except Exception:
        return f"<{type(value).__name__} object>"


def _describe(error: BaseException) -> str:
    """One line about an exception raised by a plugin, whatever its ``__str__`` does."""
    if isinstance(error, SystemExit):
        return f"called sys.exit({_repr(error.code) if error.code is not None else ''})"
    try:
        text = str(error)
    except Exception:
        text = "(a message that cannot be shown)"
    name = type(error).__name__
    return _cut(f"{name}: {text}" if text else name)


def _guarded(label: str, doing: str, call: Callable[[], T]) -> T:
    """Run a plugin's code; whatever it raises but the user's Ctrl-C is a :class:`DatabaseLoadError`."""
    try:
        return call()
    except BaseException as e:
        if is_interrupt(e):
            raise
        raise DatabaseLoadError(f"{label}: {doing} {_describe(e)}") from e


def _text(value: object) -> str:
    return value if type(value) is str else str.__str__(value)


def _distribution(dist: Any) -> tuple[str, str]:
    """A distribution's name and version, whatever its metadata holds."""
    try:
        name = dist.name
        version = dist.version
    except Exception:
        return "(unknown distribution)", ""
    return (
        _text(name) if isinstance(name, str) and name else "(unknown distribution)",
        _text(version) if isinstance(version, str) else "",
    )


def _group_entry_points(group: str) -> tuple[list[EntryPoint], list[tuple[str, str, str]]]:
    """The entry points of `group`, each distribution read on its own.

    One distribution whose metadata cannot be read is reported as
    ``(distribution, version, reason)``, not an error that hides every
    other distribution. As :func:`importlib.metadata.entry_points`, the
    first distribution of a name on the path wins.
    """
    found: list[EntryPoint] = []
    unreadable: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    try:
        dists = list(distributions())
    except Exception as e:
        return [], [("(the installed distributions)", "", f"cannot be listed: {_describe(e)}")]
    for dist in dists:
        name, version = _distribution(dist)
        key = re.sub(r"[-_.]+", "-", name).lower() if name != "(unknown distribution)" else f"#{id(dist)}"
        if key in seen:
            continue
        seen.add(key)
        try:
            eps = list(dist.entry_points.select(group=group))
        except Exception as e:
            try:
                text = dist.read_text("entry_points.txt") or ""
            except Exception:
                text = ""
            if f"[{group}]" in text:
                unreadable.append((name, version, f"its entry points cannot be read ({_describe(e)})"))
            continue
        found.extend(eps)
    return found, unreadable


def _entries() -> dict[str, list[DatabaseEntry]]:
    global _entries_cache
    if _entries_cache is None:
        found: dict[str, list[DatabaseEntry]] = {}
        eps, unreadable = _group_entry_points(ENTRY_POINT_GROUP)
        _unreadable[:] = unreadable
        for ep in eps:
            dist, version = _distribution(ep.dist) if ep.dist is not None else ("(unknown distribution)", "")
            if not ep.name.strip():
                _unreadable.append(
                    (dist, version, f"an entry point without a name ({ep.value or 'nothing'})")
                )
                continue
            entry = DatabaseEntry(ep.name, ep.value, dist, version)
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


def _unusable_name(name: str) -> str:
    """Why a registered name cannot be used (``""``: it can)."""
    if name in RESERVED_NAMES:
        return f"the name {name!r} is reserved (it stands for {'the default databases' if name == DEFAULT else 'no database'})"
    if name.lower().endswith(".csv"):
        return f"the name {name!r} would be taken for a factors CSV file"
    if not name.isprintable() or name != name.strip() or not name:
        return f"the name {name!r} holds white space at its ends or characters that cannot be printed"
    return ""


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
    entry = entries[0]
    unusable = _unusable_name(name)
    if unusable:
        raise DatabaseLoadError(
            f"factor database {name!r} (distribution {entry.distribution} {entry.distribution_version}): "
            f"{unusable}; the distribution must register another"
        )
    return entry


def _entry_label(entry: DatabaseEntry) -> str:
    return f"factor database {entry.name!r} (distribution {entry.distribution} {entry.distribution_version})"


def _class(name: str) -> type[FactorDatabase]:
    if name in _classes:
        return _classes[name]
    entry = _entry(name)
    label = _entry_label(entry)
    obj = _guarded(label, f"failed to import {entry.target}:", _loaded_eps[name].load)
    try:
        ok = isinstance(obj, type) and issubclass(obj, FactorDatabase)
    except Exception:
        ok = False
    if not ok:
        raise DatabaseLoadError(
            f"{label}: {entry.target} is {_repr(obj)}, expected a subclass of ghgcore.plugins.FactorDatabase"
        )
    _classes[name] = obj
    return cast("type[FactorDatabase]", obj)


def _instance(cls: type[FactorDatabase], label: str) -> FactorDatabase:
    db = _guarded(label, "raised on creation:", cls)
    if not isinstance(db, FactorDatabase):
        raise DatabaseLoadError(f"{label}: creating it gave {_repr(db)}, expected a FactorDatabase")
    return db


def get_database(database: str | type[FactorDatabase] | FactorDatabase) -> FactorDatabase:
    """Return a factor database by name, or instantiate a class passed directly.

    The database's metadata is checked (:func:`database_metadata`).

    Raises
    ------
    UnknownDatabaseError, DuplicateDatabaseError, DatabaseLoadError
    """
    if isinstance(database, FactorDatabase):
        db = database
    elif isinstance(database, type):
        if not issubclass(database, FactorDatabase):
            raise TypeError(f"{database!r} is not a FactorDatabase subclass")
        db = _instance(database, _class_label(database))
    else:
        label = _entry_label(_entry(database))
        db = _instance(_class(database), label)

        def named() -> None:
            if db.name != database:
                db.name = database  # type: ignore[misc]  # the entry point's name is the database's name

        _guarded(label, "its name cannot be set to the entry point's:", named)
    database_metadata(db)
    return db


def _class_label(cls: type) -> str:
    return f"factor database {cls.__module__}.{cls.__qualname__}"


def _label(database: FactorDatabase) -> str:
    try:
        name = database.name
    except Exception:
        name = ""
    if not isinstance(name, str) or not name:
        return _class_label(type(database))
    entries = _entries().get(name, [])
    if entries:
        return _entry_label(entries[0])
    return f"factor database {_text(name)!r} ({type(database).__module__}.{type(database).__qualname__})"


def _check_text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError
    return _text(value)


def _check_regions(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError
    regions = tuple(value)
    if not all(isinstance(r, str) for r in regions):
        raise TypeError
    return tuple(_text(r) for r in regions)


def _check_years(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError
    years = tuple(value)
    if len(years) != 2 or not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        raise TypeError
    return int.__int__(years[0]), int.__int__(years[1])


def _check_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value is True


def _check_advice(value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise TypeError
    advice = dict(value.items())
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in advice.items()):
        raise TypeError
    return {_text(k): _text(v) for k, v in advice.items()}


#: The largest relative uncertainty a database may state (±500 %: beyond it a figure says nothing).
MAX_UNCERTAINTY = 5.0


def _check_uncertainty(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    fraction = float(value)
    if not (math.isfinite(fraction) and 0 < fraction <= MAX_UNCERTAINTY):
        raise TypeError
    return fraction


_METADATA: tuple[tuple[str, Callable[[object], Any], str], ...] = (
    ("name", _check_text, "text"),
    ("description", _check_text, "text"),
    ("publisher", _check_text, "text"),
    ("version", _check_text, "text"),
    ("licence", _check_text, "text"),
    ("url", _check_text, "text"),
    ("regions", _check_regions, "a tuple of region codes"),
    ("years", _check_years, "None or (first, last) years"),
    ("default", _check_bool, "True or False"),
    ("advice", _check_advice, "a mapping of activity keys to text"),
    (
        "uncertainty",
        _check_uncertainty,
        f"None or a fraction above 0 and at most {MAX_UNCERTAINTY:g} (0.3 for ±30 %)",
    ),
)


def database_metadata(database: FactorDatabase) -> DatabaseMetadata:
    """A database's metadata, read and checked (whatever the plugin's attributes do).

    Raises
    ------
    DatabaseLoadError
        Naming every attribute that raises or is of the wrong type.
    """
    values: dict[str, Any] = {}
    problems: list[str] = []
    for field, check, expected in _METADATA:
        try:
            value = getattr(database, field)
        except BaseException as e:
            if is_interrupt(e):
                raise
            problems.append(f"its {field} raised {_describe(e)}")
            continue
        try:
            values[field] = check(value)
        except BaseException as e:
            if is_interrupt(e):
                raise
            problems.append(f"its {field} is {_repr(value)}, expected {expected}")
    if problems:
        raise DatabaseLoadError(f"{_label(database)}: invalid metadata: {'; '.join(problems)}")
    return DatabaseMetadata(**values)


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
    meta = database_metadata(db)
    label = _label(db)
    name = meta.name or type(db).__name__
    if version is not None and meta.version != version:
        raise VersionMismatchError(
            f"{label} is version {meta.version or '(none)'}, but version {version} was asked for"
        )
    cache_key = name if isinstance(database, str) else ""
    if cache_key and cache_key in _factor_sets:
        return _factor_sets[cache_key]
    factors = _guarded(label, "failed to load its factors:", db.load)
    if not isinstance(factors, FactorSet):
        raise DatabaseLoadError(f"{label}: load() returned {type(factors).__name__}, expected a FactorSet")
    try:
        factors = attrs.evolve(
            factors,
            name=name,
            version=meta.version or factors.version,
            description=factors.description or meta.description,
            publisher=factors.publisher or meta.publisher,
            url=factors.url or meta.url,
            licence_name=factors.licence_name or meta.licence,
        )
    except GhgcoreError as e:
        raise DatabaseLoadError(f"{label}: load() returned an invalid factor set: {e}") from e
    if cache_key:
        _factor_sets[cache_key] = factors
    return factors


def _items(database: FactorDatabase, method: str, kind: type[T]) -> tuple[T, ...]:
    """What a database's ``crosswalks()`` or ``price_indices()`` returns, checked."""
    label = _label(database)

    def call() -> tuple[Any, ...] | Any:
        got = getattr(database, method)()
        if isinstance(got, str | bytes | Mapping) or not isinstance(got, Iterable):
            return got
        return tuple(got)

    got = _guarded(label, f"{method}() raised", call)
    if not isinstance(got, tuple):
        raise DatabaseLoadError(
            f"{label}: {method}() returned {type(got).__name__}, expected a list of {kind.__name__} objects"
        )
    wrong = next((item for item in got if not isinstance(item, kind)), None)
    if wrong is not None:
        raise DatabaseLoadError(
            f"{label}: {method}() returned a list holding {type(wrong).__name__}, "
            f"expected {kind.__name__} objects"
        )
    return got


def database_crosswalks(database: FactorDatabase) -> tuple[Crosswalk, ...]:
    """The crosswalks a database ships (:meth:`FactorDatabase.crosswalks`), checked.

    Raises
    ------
    DatabaseLoadError
        If ``crosswalks()`` raises or returns anything but crosswalks.
    """
    return _items(database, "crosswalks", Crosswalk)


def database_price_indices(database: FactorDatabase) -> tuple[PriceIndex, ...]:
    """The price indices a database ships (:meth:`FactorDatabase.price_indices`), checked.

    Raises
    ------
    DatabaseLoadError
        If ``price_indices()`` raises or returns anything but price indices.
    """
    return _items(database, "price_indices", PriceIndex)


def database_account_mapping(database: FactorDatabase) -> AccountMapping | None:
    """The account mapping a database ships (:meth:`FactorDatabase.account_mapping`), checked.

    Raises
    ------
    DatabaseLoadError
        If ``account_mapping()`` raises or returns anything but ``None`` or
        an account mapping.
    """
    from ghgcore.spend import AccountMapping

    label = _label(database)
    mapping = _guarded(label, "account_mapping() raised", database.account_mapping)
    if mapping is not None and not isinstance(mapping, AccountMapping):
        raise DatabaseLoadError(
            f"{label}: account_mapping() returned {type(mapping).__name__}, expected an AccountMapping or None"
        )
    return mapping


def database_energy_contents(database: FactorDatabase) -> EnergyContents | None:
    """The energy contents a database ships (:meth:`FactorDatabase.energy_contents`), checked.

    Raises
    ------
    DatabaseLoadError
        If ``energy_contents()`` raises (invalid contents among what it
        raises) or returns anything but ``None`` or energy contents.
    """
    from ghgcore.energy import EnergyContents

    label = _label(database)
    contents = _guarded(label, "energy_contents() raised", database.energy_contents)
    if contents is not None and not isinstance(contents, EnergyContents):
        raise DatabaseLoadError(
            f"{label}: energy_contents() returned {type(contents).__name__}, expected an EnergyContents or None"
        )
    return contents


def database_status(*, check: bool = False) -> list[DatabaseStatus]:
    """Import every listed database's class (and with `check`, load its factors).

    Failures do not raise: each is a :class:`DatabaseWarning` and a status
    with the reason, and the other databases are still listed. A
    distribution whose entry points cannot be read is listed as failed
    under the name ``""``.
    """
    out: list[DatabaseStatus] = []
    for name, entries in _entries().items():
        entry = entries[0]
        try:
            db = get_database(name)
            meta = database_metadata(db)
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
                meta.version, meta.publisher, meta.licence, meta.description, meta.default,
            )
        )  # fmt: skip
    for dist, version, reason in _unreadable:
        message = f"distribution {dist} {version}: {reason}; its factor databases are left out"
        warnings.warn(message, DatabaseWarning, stacklevel=2)
        out.append(DatabaseStatus("", dist, version, False, message))
    return out


def default_databases() -> list[str]:
    """The names of the installed databases that are marked :attr:`FactorDatabase.default`, in name order.

    What a calculation uses when no factor database is named. A database
    that cannot be imported (or registered twice), or a distribution whose
    entry points cannot be read, is left out with a
    :class:`DatabaseWarning`; it never stops the others.
    """
    names: list[str] = []
    for name in _entries():
        if name in RESERVED_NAMES:
            continue
        try:
            marked = _guarded(_entry_label(_entry(name)), "its default raised", _marked(_class(name)))
        except DatabaseError as e:
            warnings.warn(f"{e}; not used as a default database", DatabaseWarning, stacklevel=2)
            continue
        if marked:
            names.append(name)
    for dist, version, reason in _unreadable:
        warnings.warn(
            f"distribution {dist} {version}: {reason}; its factor databases are not used",
            DatabaseWarning,
            stacklevel=2,
        )
    return names


def _marked(cls: type[FactorDatabase]) -> Callable[[], bool]:
    return lambda: cls.default is True


def check_name(name: str) -> bool:
    """Whether a database name is valid: lower-case letters, digits, '-', '_', '.'; not ``default``."""
    return bool(NAME_PATTERN.fullmatch(name)) and name not in RESERVED_NAMES
