"""The one unit registry of ghgcore, and unit conversion done once per unit pair.

ghgcore keeps a single :class:`pint.UnitRegistry` for the library and its
plugins. It is built lazily, on first use, from pint's default definitions and
``ghgcore/data/units.txt`` (currencies as separate dimensions, ``CO2e``,
``passenger_km``, ``tonne_km``, ...). Importing ghgcore does not build it, and
does not touch pint's application registry.

Calculations never convert quantities line by line: :func:`conversion_factor`
asks pint once for each distinct pair of unit strings and the factor is
broadcast over the arrays.

Building the registry means parsing pint's definition files, which takes a
few tenths of a second. ghgcore keeps what pint parsed in a cache folder
(pint's own disk cache, named after the content of each definitions file, so
that an edited file or another pint or Python version is parsed anew), and a
later process builds the registry from it in a few hundredths. The cache is
only a speed-up: if its folder cannot be made or written, or a cached file is
unreadable, the registry is built without it, silently. Two environment
variables control it:

``GHGCORE_CACHE_DIR``
    The folder for ghgcore's caches; the registry's go in its ``pint``
    subfolder. Default: the user's cache folder (``~/.cache/ghgcore`` on
    Linux, as :mod:`platformdirs` says for other systems).
``GHGCORE_NO_CACHE``
    Set to ``1`` to use no cache at all (nothing is read or written).

The same folder keeps what pint answered about the unit strings a process
met (is it a unit, its dimensionality, the factor between two units, or the
error), in a small JSON file named after the versions of pint and of
ghgcore's definitions. :func:`check_unit`, :func:`dimensionality`,
:func:`currency_of`, :func:`describe_dimension` and
:func:`conversion_factor` answer from it without importing pint or
building the registry at all; :func:`parse_unit`, :func:`quantity` and
:func:`get_registry`, which hand out pint objects, always need pint.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import re
import sys
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ghgcore.errors import UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "UnitError",
    "check_unit",
    "conversion_factor",
    "currency_of",
    "describe_dimension",
    "dimensionality",
    "get_registry",
    "parse_unit",
    "quantity",
    "use_as_application_registry",
]

_lock = threading.Lock()
_registry: pint.UnitRegistry[Any] | None = None

_CACHE_DIR_ENV = "GHGCORE_CACHE_DIR"
_NO_CACHE_ENV = "GHGCORE_NO_CACHE"
#: flexcache names its files after a SHA-1 (40 hex digits): the only files ever removed
_CACHE_FILE = re.compile(r"[0-9a-f]{40}\.(pickle|json)")
#: the unit memo keeps at most this many unit strings, and as many unit pairs
_MEMO_LIMIT = 5000
_MEMO_FORMAT = "ghgcore unit memo 3"

_EXPECT_UNIT = "a unit pint understands, such as 'kWh', 'L', 'm**3', 'passenger_km' or 'NOK'"


def get_registry() -> pint.UnitRegistry[Any]:
    """Return the shared ghgcore unit registry, building it on first use.

    Returns
    -------
    pint.UnitRegistry
        The registry with pint's default units plus ghgcore's definitions.

    Examples
    --------
    >>> ureg = get_registry()
    >>> ureg.Quantity(2, "MWh").to("kWh")
    <Quantity(2000.0, 'kilowatt_hour')>
    """
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                registry = _cached_registry(_cache_folder())
                _watch_definitions(registry)
                _registry = registry
    return _registry


#: Set once units are defined at run time (a plugin or user calling ``define``
#: or ``load_definitions`` on the registry): the unit memo, which knows only the
#: shipped definitions, is then off, and pint answers for itself.
_defined_at_run_time = threading.Event()


def _watch_definitions(registry: Any) -> None:
    for name in ("define", "load_definitions"):
        method = getattr(registry, name)

        def watched(*args: Any, _method: Any = method, **kwargs: Any) -> Any:
            _defined_at_run_time.set()
            return _method(*args, **kwargs)

        setattr(registry, name, watched)


def _definitions_changed() -> bool:
    return _defined_at_run_time.is_set()


def _cache_folder() -> Path | None:
    """The folder for the registry's disk cache, made if need be; None for no cache.

    ``GHGCORE_NO_CACHE=1`` turns the cache off; ``GHGCORE_CACHE_DIR`` moves
    it. A folder that cannot be made or written is no cache.
    """
    if os.environ.get(_NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    base = os.environ.get(_CACHE_DIR_ENV, "").strip()
    try:
        if base:
            root = Path(base).expanduser()
        else:
            import platformdirs

            root = platformdirs.user_cache_path("ghgcore", appauthor=False)
        folder = root / "pint"
        folder.mkdir(parents=True, exist_ok=True)
    except Exception:  # no platformdirs, a file in the way, no permission, ...
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def _cached_registry(cache_folder: Path | None, definitions: Path | None = None) -> pint.UnitRegistry[Any]:
    """Build a registry, through the disk cache in `cache_folder` if there is one.

    A cache that fails in any way (a file cut short by a crash, written by
    something else, unreadable) is cleared of pint's files and tried once
    more; if that fails too, the registry is built without a cache.

    Parameters
    ----------
    cache_folder : pathlib.Path or None
        pint's cache folder; None builds without a cache.
    definitions : pathlib.Path, optional
        ghgcore's definitions file; default: the one shipped in the package.
    """
    if cache_folder is not None:
        for attempt in range(2):
            try:
                return _build_registry(cache_folder, definitions)
            except Exception:
                if attempt == 0:
                    _clear_cache(cache_folder)
    return _build_registry(None, definitions)


def _clear_cache(folder: Path) -> None:
    """Remove pint's cache files (and nothing else) from `folder`; errors are ignored."""
    try:
        for path in folder.iterdir():
            if _CACHE_FILE.fullmatch(path.name):
                path.unlink(missing_ok=True)
    except OSError:
        pass


def _build_registry(cache_folder: Path | None, definitions: Path | None = None) -> pint.UnitRegistry[Any]:
    """Build a registry: pint's default definitions, then ghgcore's (cached in `cache_folder`)."""
    import pint

    registry: pint.UnitRegistry[Any] = pint.UnitRegistry(
        autoconvert_offset_to_baseunit=False,
        on_redefinition="raise",
        cache_folder=cache_folder,
    )
    check = "kWh"  # a cache that gave a broken registry fails here
    if definitions is not None:
        registry.load_definitions(definitions)
    else:
        shipped = resources.files("ghgcore").joinpath("data/units.txt")
        if cache_folder is not None and isinstance(shipped, Path):
            registry.load_definitions(shipped)  # parsed once, cached by content
        else:
            registry.load_definitions(shipped.read_text(encoding="utf-8").splitlines())
        check = "kWh * CO2e / NOK"
    registry.parse_expression(check)
    return registry


def use_as_application_registry() -> None:
    """Make the ghgcore registry pint's application registry.

    Call this if you pickle and unpickle quantities made by ghgcore, or mix
    them with code that uses :data:`pint.application_registry`. ghgcore never
    does it by itself.
    """
    import pint

    pint.set_application_registry(get_registry())  # type: ignore[no-untyped-call]


# --------------------------------------------------------------------------
# the unit memo: pint's answers about unit strings, kept between processes


class _Memo:
    """What pint answered about unit strings, read from and written to one JSON file.

    ``units`` maps a unit string to its dimensionality; ``pairs`` maps two
    unit strings, joined by a line break, to the conversion factor, or to the
    ``[message, expected]`` of the UnitError for two units of different
    dimensions. An unknown unit is never kept: a plugin may define it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.units: dict[str, Any] = {}
        self.pairs: dict[str, Any] = {}
        self.dirty = False
        self.lock = threading.Lock()
        try:
            with path.open(encoding="utf-8") as file:
                data = json.load(file)
            if data.get("format") == _MEMO_FORMAT:
                self.units, self.pairs = dict(data["units"]), dict(data["pairs"])
        except Exception:  # none yet, unreadable or not ours: start afresh
            self.units, self.pairs = {}, {}

    def get(self, table: dict[str, Any], key: str) -> Any:
        value = table.get(key)
        if isinstance(value, list) and len(value) == 2:
            return str(value[0]), str(value[1])
        return value

    def put(self, table: dict[str, Any], key: str, value: Any) -> None:
        with self.lock:
            if len(table) < _MEMO_LIMIT and key not in table:
                table[key] = list(value) if isinstance(value, tuple) else value
                if not self.dirty:
                    self.dirty = True
                    atexit.register(self.save)

    def save(self) -> None:
        """Write the file whole (a temporary file renamed), or not at all."""
        with self.lock:
            if not self.dirty:
                return
            data = {"format": _MEMO_FORMAT, "units": self.units, "pairs": self.pairs}
            self.dirty = False
        try:
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".units-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
        except Exception:  # a full disk, a folder gone: no memo this time
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_memo_lock = threading.Lock()
_memo_state: list[_Memo | None] = []  # empty until looked for


def _memo() -> _Memo | None:
    """The unit memo of this pint and these definitions; None without a cache folder.

    None too once units were defined at run time: the memo describes the
    shipped definitions only, and pint answers for the others.
    """
    if _definitions_changed():
        return None
    if not _memo_state:
        with _memo_lock:
            if not _memo_state:
                folder = _cache_folder()
                key = _memo_key() if folder is not None else None
                _memo_state.append(_Memo(folder / f"units-{key}.json") if folder and key else None)
    return _memo_state[0]


def _memo_key(definitions: bytes | None = None) -> str | None:
    """A name for the memo that changes with pint's files and ghgcore's definitions; None if unknown."""
    try:
        if definitions is None:
            definitions = resources.files("ghgcore").joinpath("data/units.txt").read_bytes()
        spec = importlib.util.find_spec("pint")
        if spec is None or spec.origin is None:
            return None
        package = Path(spec.origin).parent
        stamps = [
            f"{p.name}:{st.st_size}:{st.st_mtime_ns}"
            for p in (package / "__init__.py", package / "default_en.txt", package / "constants_en.txt")
            for st in [p.stat()]
        ]
    except Exception:
        return None
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (_MEMO_FORMAT, str(package), *stamps, f"{sys.version_info[:2]}"):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(definitions)
    return digest.hexdigest()


def parse_unit(unit: str) -> pint.Unit:
    """Parse a unit string in the ghgcore registry.

    Parameters
    ----------
    unit : str
        A unit expression pint understands, such as ``"kWh"``, ``"m**3"``,
        ``"passenger_km"`` or ``"NOK"``.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        If the string is empty or not a unit of the registry (a number such as
        ``"3 kg"`` is not a unit either).

    Examples
    --------
    >>> parse_unit("MWh")
    <Unit('megawatt_hour')>
    """
    parsed = _parse_unit(unit)
    if isinstance(parsed, tuple):
        raise UnitError(*parsed)
    return parsed


# What this process learnt, successes only: a unit string unknown now may be defined
# later (a plugin may add definitions to the registry), but a unit never changes.
_CACHE_LIMIT = 4096
_parsed: dict[str, pint.Unit] = {}
_dimensionalities: dict[str, str] = {}
_factors: dict[tuple[str, str], float | tuple[str, str]] = {}  # of two known units: never changes


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) < _CACHE_LIMIT:
        cache[key] = value


def _parse_unit(unit: str) -> pint.Unit | tuple[str, str]:
    """The unit, or the message and expectation of its UnitError."""
    known = _parsed.get(unit)
    if known is not None:
        return known
    parsed = _ask_pint(unit)
    if not isinstance(parsed, tuple):
        _remember(_parsed, unit, parsed)
    return parsed


#: Spellings whose meaning depends on who wrote them: refused, never guessed.
_AMBIGUOUS = {
    re.compile(r"(?<![A-Za-z])MBtu(?![A-Za-z])"): (
        "'MBtu' means a thousand Btu on US invoices but a million Btu to SI prefixes (and to pint)",
        "kBtu for a thousand Btu, or MMBtu for a million",
    ),
}


def _ambiguous(unit: str) -> tuple[str, str] | None:
    """The message and expectation for an ambiguous spelling, or None."""
    for pattern, (why, expected) in _AMBIGUOUS.items():
        if pattern.search(unit):
            return f"ambiguous unit {unit!r}: {why}; expected {expected}", expected
    return None


def _ask_pint(unit: str) -> pint.Unit | tuple[str, str]:
    text = unit.strip()
    if not text:
        return f"empty unit: expected {_EXPECT_UNIT}", _EXPECT_UNIT
    refused = _ambiguous(text)
    if refused is not None:
        return refused
    registry = get_registry()
    try:
        parsed = registry.parse_expression(text)
    except Exception:  # pint's parser raises many kinds (even AssertionError)
        return f"unknown unit {unit!r}: expected {_EXPECT_UNIT}", _EXPECT_UNIT
    if not isinstance(parsed, registry.Quantity) or parsed.magnitude != 1:
        expected = "a unit without a number, such as 'kWh'"
        return f"{unit!r} is not a unit: expected {expected}", expected
    return cast("pint.Unit", parsed.units)


def check_unit(unit: str) -> None:
    """Check that a string is a unit of the ghgcore registry, without pint if the answer is known.

    Parameters
    ----------
    unit : str
        A unit expression, such as ``"kWh"`` or ``"m**3"``.

    Raises
    ------
    UnitError
        As :func:`parse_unit` does.

    Examples
    --------
    >>> check_unit("MWh")
    >>> check_unit("parsecs_of_diesel")
    Traceback (most recent call last):
    ...
    ghgcore.errors.UnitError: unknown unit 'parsecs_of_diesel': expected a unit pint understands, such as 'kWh', 'L', 'm**3', 'passenger_km' or 'NOK'
    """
    dimensionality(unit)


def _unit_fact(unit: str) -> str | tuple[str, str]:
    """The unit's dimensionality or its error (message, expected): from the memo, else from pint."""
    refused = _ambiguous(unit)
    if refused is not None:
        return refused
    known = _dimensionalities.get(unit)
    if known is not None:
        return known
    memo = _memo()
    fact = memo.get(memo.units, unit) if memo is not None else None
    if not isinstance(fact, str):
        parsed = _parse_unit(unit)
        if isinstance(parsed, tuple):
            return parsed
        fact = str(parsed.dimensionality)
        if memo is not None:
            memo.put(memo.units, unit, fact)
    _remember(_dimensionalities, unit, fact)
    return fact


def dimensionality(unit: str) -> str:
    """Return the dimensionality of a unit in pint's notation.

    Raises
    ------
    UnitError
        As :func:`parse_unit` does.

    Examples
    --------
    >>> dimensionality("NOK")
    '[currency_NOK]'
    """
    fact = _unit_fact(unit)
    if isinstance(fact, tuple):
        raise UnitError(*fact)
    return fact


@functools.lru_cache(maxsize=256)
def currency_of(unit: str) -> str | None:
    """The ISO 4217 code of a monetary unit (``NOK``, ``kNOK``, ``MEUR``), else ``None``.

    Examples
    --------
    >>> currency_of("kNOK"), currency_of("kWh")
    ('NOK', None)
    """
    try:
        dims = dimensionality(unit)
    except UnitError:
        return None
    match = re.fullmatch(r"\[currency_([A-Z]{3})\]", dims)
    return match[1] if match else None


_NAMED = {
    "kWh": "energy",
    "W": "power",
    "L": "volume",
    "kg": "mass",
    "km": "distance",
    "s": "time",
    "m**2": "area",
    "passenger_km": "passenger distance",
    "tonne_km": "freight work (mass x distance)",
    "vehicle_km": "vehicle distance",
    "person_night": "person-nights",
    "Sm3": "standard gas volume",
    "kg * CO2e": "mass of CO2e",
    "": "a pure number",
}


@functools.lru_cache(maxsize=1)
def _dimension_names() -> dict[str, str]:
    # pint writes the dimensionality of a pure number as "dimensionless"
    return {dimensionality(unit): name for unit, name in _NAMED.items() if unit} | {
        "dimensionless": _NAMED[""]
    }


@functools.lru_cache(maxsize=4096)
def describe_dimension(unit: str) -> str:
    """Name a unit's dimension in words, for messages.

    Examples
    --------
    >>> describe_dimension("MWh"), describe_dimension("m**3"), describe_dimension("NOK")
    ('energy', 'volume', 'money in NOK')
    """
    dims = dimensionality(unit)
    if dims.startswith("[currency_") and dims.count("[") == 1:
        return f"money in {dims[10:-1]}"
    return _dimension_names().get(dims, dims)


def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Return the number that converts an amount in `from_unit` to `to_unit`.

    pint is asked once per distinct pair; the answer is cached.

    Parameters
    ----------
    from_unit, to_unit : str
        Unit strings in the ghgcore registry.

    Returns
    -------
    float
        ``x [from_unit] == x * factor [to_unit]``.

    Raises
    ------
    UnitError
        If either unit is unknown, or the two have different dimensions (for
        example ``km`` and ``kWh``, or ``NOK`` and ``EUR``).

    Examples
    --------
    >>> conversion_factor("MWh", "kWh")
    1000.0
    >>> conversion_factor("t", "kg")
    1000.0
    """
    factor = _conversion_fact(from_unit, to_unit)
    if isinstance(factor, tuple):
        raise UnitError(*factor)
    return factor


def _conversion_fact(from_unit: str, to_unit: str) -> float | tuple[str, str]:
    """The factor or its error (message, expected): from the memo, else from pint."""
    refused = _ambiguous(from_unit) or _ambiguous(to_unit)
    if refused is not None:
        return refused
    known = _factors.get((from_unit, to_unit))
    if known is not None:
        return known
    memo = _memo()
    key = json.dumps([from_unit, to_unit])  # no separator a unit string could hold
    fact = memo.get(memo.pairs, key) if memo is not None else None
    if isinstance(fact, int | float) and not isinstance(fact, bool):
        fact = float(fact)
    elif not isinstance(fact, tuple):  # not there (or not a memo's answer)
        fact = None
    if fact is None:
        source, target = _parse_unit(from_unit), _parse_unit(to_unit)
        if isinstance(source, tuple):
            return source  # an unknown unit may be defined later: nothing is kept
        if isinstance(target, tuple):
            return target
        fact = _conversion_factor(from_unit, to_unit, source, target)
        if memo is not None:
            memo.put(memo.pairs, key, fact)
    _remember(_factors, (from_unit, to_unit), fact)
    return cast("float | tuple[str, str]", fact)


def _conversion_factor(
    from_unit: str, to_unit: str, source: pint.Unit, target: pint.Unit
) -> float | tuple[str, str]:
    """The factor between two units, or the message and expectation of the UnitError."""
    if from_unit == to_unit:
        return 1.0
    if source.dimensionality != target.dimensionality:
        expected = f"a unit of {describe_dimension(to_unit)}"
        return (
            f"cannot convert {from_unit!r} ({describe_dimension(from_unit)}) to "
            f"{to_unit!r} ({describe_dimension(to_unit)}): expected {expected}",
            expected,
        )
    registry = get_registry()
    return float(registry.Quantity(1.0, source).to(target).magnitude)


def quantity(value: Any, unit: str) -> pint.Quantity[Any]:
    """Build a quantity in the ghgcore registry.

    Parameters
    ----------
    value : float or array_like
    unit : str

    Returns
    -------
    pint.Quantity

    Examples
    --------
    >>> quantity(3.5, "t")
    <Quantity(3.5, 'metric_ton')>
    """
    return get_registry().Quantity(value, parse_unit(unit))
