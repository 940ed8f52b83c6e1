"""The one unit registry of ghgcore, and unit conversion done once per unit pair.

ghgcore keeps a single :class:`pint.UnitRegistry` for the library and its
plugins. It is built lazily, on first use, from pint's default definitions and
``ghgcore/data/units.txt`` (currencies as separate dimensions, ``CO2e``,
``passenger_km``, ``tonne_km``, ...). Importing ghgcore does not build it, and
does not touch pint's application registry.

Calculations never convert quantities line by line: :func:`conversion_factor`
asks pint once for each distinct pair of unit strings and the factor is
broadcast over the arrays.

Unit strings come from files, and files are untrusted: pint would evaluate a
unit string as arithmetic (``9**9**9`` runs for hours). Every function here
reads a unit string with ghgcore's own grammar first, which cannot compute:

- names: pint's unit names, symbols and aliases and ghgcore's own (``kWh``,
  ``L``, ``Sm3``, ``kWh_gross``, ``passenger_km``, ``room_night``, ``NOK``
  ...), with SI and binary prefixes (``kNOK``, ``MWh``) and a plural ``s``;
  pint looks the names up, nothing else;
- ``*``, ``·`` or ``.``, a space, or ``/`` and ``per`` between them;
- powers from -4 to 4: ``m**3``, ``m^3``, ``m³``, ``m⁻¹``, ``kg**(-1)``,
  ``square``, ``cubic``, ``squared``, ``cubed`` (one power per name or
  parenthesis; the powers of parentheses around a name count too);
- parentheses, at most 4 deep; the number 1, as in ``1 / kWh``, and no
  other number;
- at most 200 characters and 12 names (a name counted as often as its power).

Anything else is a :class:`UnitError` naming the text and what was expected,
in microseconds. Refusals are remembered like answers, so a file with a
million lines of one bad unit costs one check. ``MBtu`` (a thousand Btu on US
invoices, a million to SI prefixes) is refused as ambiguous.

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
import dataclasses
import functools
import hashlib
import importlib.util
import json
import math
import os
import re
import sys
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, cast

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
_MEMO_FORMAT = "ghgcore unit memo 4"


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
            try:
                return _method(*args, **kwargs)
            finally:  # a name refused as unknown may be defined now
                _refused.clear()
                _currency_of.cache_clear()
                _describe_dimension.cache_clear()

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

    The text is read by ghgcore's unit grammar (see the module's notes), never
    evaluated by pint: pint only looks up the names in it.

    Parameters
    ----------
    unit : str
        A unit such as ``"kWh"``, ``"m**3"``, ``"kg CO2e / passenger_km"`` or
        ``"NOK"``.

    Returns
    -------
    pint.Unit

    Raises
    ------
    UnitError
        If the string is empty, does not follow the unit grammar (a number
        such as ``"3 kg"`` is not a unit either) or names a unit the registry
        does not know.

    Examples
    --------
    >>> parse_unit("MWh")
    <Unit('megawatt_hour')>
    """
    parsed = _parse_unit(unit)
    if isinstance(parsed, tuple):
        raise UnitError(*parsed)
    return parsed


# What this process learnt. A unit never changes, so what it parses to is kept; a
# refusal is kept too, until units are defined at run time (a plugin may define a
# name unknown now), when the refusals are forgotten.
_CACHE_LIMIT = 4096
_parsed: dict[str, pint.Unit] = {}
_dimensionalities: dict[str, str] = {}
_factors: dict[tuple[str, str], float | tuple[str, str]] = {}  # of two known units: never changes
_refused: dict[str, tuple[str, str]] = {}


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) < _CACHE_LIMIT:
        cache[key] = value


def _parse_unit(unit: object) -> pint.Unit | tuple[str, str]:
    """The unit, or the message and expectation of its UnitError."""
    if not isinstance(unit, str):
        return _not_text(unit)
    known = _parsed.get(unit)
    if known is not None:
        return known
    tree = _syntax(unit)
    if isinstance(tree, tuple):
        return tree
    parsed = _build(unit, tree)
    _remember(_refused if isinstance(parsed, tuple) else _parsed, unit, parsed)
    return parsed


# --------------------------------------------------------------------------
# the unit grammar: what a unit from a file may be, read without computing
#
#   unit     := factor (operator factor)*        operator: '*' '·' '.' '/' 'per', or a space
#   factor   := atom power?
#   atom     := name | '1' | '(' unit ')' | ('square' | 'sq' | 'cubic') name
#   power    := ('**' | '^') ['(']['-' | '+']digit[')'] | superscript digit | 'squared' | 'cubed'
#
# A name is looked up in the registry (pint's names and aliases, ghgcore's
# definitions, SI and binary prefixes, a plural 's'), nothing else. Limits keep
# every unit small: the text, the nesting of parentheses, each name's power and
# the number of names times their powers.

#: the longest unit text read; longer ones are refused before anything else is done
_MAX_LENGTH = 200
#: parentheses inside parentheses
_MAX_DEPTH = 4
#: the largest power of a name, counting the powers of the parentheses around it (one digit)
_MAX_POWER = 4
#: the most names in a unit, each counted as often as its power says
_MAX_WEIGHT = 12

_EXPECT_UNIT = "a unit such as 'kWh', 'L', 'kg', 'm**3', 'passenger_km' or 'NOK'"
_EXPECT_NO_NUMBER = "a unit without a number, such as 'kWh'"
_EXPECT_POWER = (
    f"a unit with whole-number powers from -{_MAX_POWER} to {_MAX_POWER}, such as 'm**3' or 'kg/m**2'"
)
_EXPECT_SHORT = f"a unit of at most {_MAX_LENGTH} characters, such as 'kWh' or 'kg CO2e / passenger_km'"
_EXPECT_SHALLOW = f"a unit with at most {_MAX_DEPTH} levels of parentheses, such as 'kg / (t * km)'"
_EXPECT_SMALL = f"a unit of at most {_MAX_WEIGHT} unit names (powers count), such as 'kg * m**2 / s**3'"
_EXPECT_MULTIPLIABLE = (
    "a unit without an offset (such as 'degC') when units are multiplied, divided or raised"
)
_EXPECT_FINITE = "two units whose conversion factor is a number of everyday size, such as 'kWh' and 'MWh'"

#: Spellings whose meaning depends on who wrote them: refused, never guessed.
_AMBIGUOUS = {
    re.compile(r"M(?:Btu|BTU)(?:_\w*)?s?"): (
        "'MBtu' means a thousand Btu on US invoices but a million Btu to SI prefixes (and to pint)",
        "kBtu for a thousand Btu, or MMBtu for a million",
    ),
}

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_SUPERSCRIPT = re.compile(f"⁻?[{_SUPERSCRIPT_DIGITS}]+")
#: operators, as the parser sees them: '·' and '.' multiply, '^' raises
_OPERATORS = {
    "**": "**",
    "^": "**",
    "*": "*",
    "·": "*",
    ".": "*",
    "/": "/",
    "(": "(",
    ")": ")",
    "-": "-",
    "+": "+",
}
#: characters that are a unit name by themselves
_SYMBOLS = frozenset("%‰")
_PREFIX_POWERS = {"square": 2, "sq": 2, "cubic": 3}
_SUFFIX_POWERS = {"squared": 2, "cubed": 3}


class _Token(NamedTuple):
    kind: str  # "name", "number", "super" (superscript digits) or "op"
    text: str  # for "op": the operator as the parser sees it
    start: int  # index of the first character in the unit text
    spaced: bool  # whitespace comes before it
    raw: str  # as written


# The tree of a unit text. Not tuples: a refusal is a tuple (message, expected).


@dataclasses.dataclass(frozen=True, slots=True)
class _One:
    """The number 1, as in ``1/kWh`` (the way pint writes a reciprocal)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Name:
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Power:
    base: _Node
    exponent: int
    glued: str | None  # the name with its superscript, 'Sm³', tried first as a name of its own


@dataclasses.dataclass(frozen=True, slots=True)
class _Product:
    left: _Node
    right: _Node
    divide: bool


_Node = _One | _Name | _Power | _Product


class _Refusal(Exception):
    """A unit text the grammar refuses: the UnitError's message and expectation."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message, self.expected = message, expected


def _not_text(value: object) -> tuple[str, str]:
    """The refusal of a unit that is not a string at all (from Python: a number, None)."""
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:40] + "..."
    return f"unit {shown} of type {type(value).__name__} is not text: expected {_EXPECT_UNIT}", _EXPECT_UNIT


def _shown(unit: str) -> str:
    """The unit text for a message: quoted, and cut short if long."""
    if len(unit) <= 60:
        return repr(unit)
    return f"{unit[:40]!r}... ({len(unit)} characters)"


def _syntax(unit: str) -> _Node | tuple[str, str]:
    """Read `unit` by the grammar: its tree, or the message and expectation of its UnitError.

    Pure Python and linear in the (limited) length of the text; nothing is
    computed and pint is not asked. A refusal is remembered.
    """
    if len(unit) > _MAX_LENGTH:  # never kept: a memo of long texts would be a memory sink
        return f"unit {_shown(unit)} is too long: expected {_EXPECT_SHORT}", _EXPECT_SHORT
    known = _refused.get(unit)
    if known is not None:
        return known
    try:
        return _Parser(unit).read()
    except _Refusal as refusal:
        answer = (refusal.message, refusal.expected)
        _remember(_refused, unit, answer)
        return answer


def _tokens(unit: str) -> list[_Token]:
    """Split a unit text into names, numbers, superscripts and operators."""
    tokens: list[_Token] = []
    i, n, spaced = 0, len(unit), False
    while i < n:
        ch = unit[i]
        if ch.isspace():
            i, spaced = i + 1, True
            continue
        if ch.isalpha() or ch in "_°":
            j = i + 1
            while j < n and (unit[j].isalpha() or unit[j] in "_°0123456789"):
                j += 1
            token = _Token("name", unit[i:j], i, spaced, unit[i:j])
        elif ch in _SYMBOLS:
            j, token = i + 1, _Token("name", ch, i, spaced, ch)
        elif (number := _NUMBER.match(unit, i)) is not None:
            j, token = number.end(), _Token("number", number[0], i, spaced, number[0])
        elif (superscript := _SUPERSCRIPT.match(unit, i)) is not None:
            j, token = superscript.end(), _Token("super", superscript[0], i, spaced, superscript[0])
        elif unit.startswith("**", i):
            j, token = i + 2, _Token("op", "**", i, spaced, "**")
        elif ch in _OPERATORS:
            j, token = i + 1, _Token("op", _OPERATORS[ch], i, spaced, ch)
        else:
            raise _Refusal(
                f"{_shown(unit)} is not a unit: unexpected {ch!r} at character {i + 1}; expected {_EXPECT_UNIT}",
                _EXPECT_UNIT,
            )
        tokens.append(token)
        i, spaced = j, False
    return tokens


class _Parser:
    """A recursive-descent reader of one unit text (see the grammar above)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def fail(self, detail: str, expected: str = _EXPECT_UNIT) -> NoReturn:
        raise _Refusal(f"{_shown(self.text)} is not a unit: {detail}; expected {expected}", expected)

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def where(self, token: _Token | None) -> str:
        return "at the end" if token is None else f"at character {token.start + 1}"

    def read(self) -> _Node:
        if not self.tokens:
            raise _Refusal(f"empty unit: expected {_EXPECT_UNIT}", _EXPECT_UNIT)
        tree = self.product(0)
        token = self.peek()
        if token is not None:  # only a ')' stops a product early
            self.fail(f"a ')' without its '(' {self.where(token)}")
        weight = _weigh(tree, 1, self)
        if weight > _MAX_WEIGHT:
            self.fail(f"{weight} unit names counting their powers", _EXPECT_SMALL)
        return tree

    def product(self, depth: int) -> _Node:
        tree = self.factor(depth)
        while (token := self.peek()) is not None and token.text != ")":
            if token.kind == "op" and token.text in ("*", "/"):
                self.at += 1
                divide = token.text == "/"
            elif token.kind == "name" and token.text == "per" and token.spaced:
                self.at += 1
                divide = True
            elif token.spaced and (token.kind in ("name", "number") or token.text == "("):
                divide = False  # a space multiplies
            elif token.kind in ("name", "number") or token.text == "(":
                self.fail(f"write '*' or a space before {token.raw!r} {self.where(token)}")
            else:
                self.fail(f"unexpected {token.raw!r} {self.where(token)}")
            tree = _Product(tree, self.factor(depth), divide)
        return tree

    def factor(self, depth: int) -> _Node:
        token = self.peek()
        if token is None:
            self.fail("a unit is missing at the end")
        if token.text == ")":
            self.fail(f"a unit is missing before the ')' {self.where(token)}")
        if token.kind == "op" and token.text != "(":
            self.fail(f"unexpected {token.raw!r} {self.where(token)}")
        self.at += 1
        atom: _Node
        if token.kind == "name":
            _refuse_ambiguous(self.text, token.text)
            following = self.peek()
            power = _PREFIX_POWERS.get(token.text)
            if power is not None and following is not None and following.kind == "name" and following.spaced:
                self.at += 1  # 'cubic meter'
                _refuse_ambiguous(self.text, following.text)
                return self.no_more_powers(_Power(_Name(following.text), power, None))
            atom = _Name(token.text)
        elif token.kind == "number":
            if token.text != "1":
                raise _Refusal(
                    f"{_shown(self.text)} is not a unit: expected {_EXPECT_NO_NUMBER}", _EXPECT_NO_NUMBER
                )
            atom = _One()
        elif token.kind == "super":
            self.fail(f"a power without its unit {self.where(token)}", _EXPECT_POWER)
        else:  # '('
            if depth >= _MAX_DEPTH:
                self.fail(f"parentheses more than {_MAX_DEPTH} deep", _EXPECT_SHALLOW)
            atom = self.product(depth + 1)
            close = self.peek()
            if close is None or close.text != ")":
                self.fail(f"the '(' at character {token.start + 1} is never closed")
            self.at += 1
        return self.power(atom)

    def power(self, atom: _Node) -> _Node:
        token = self.peek()
        if token is None:
            return atom
        if token.kind == "op" and token.text == "**":
            self.at += 1
            return self.no_more_powers(_Power(atom, self.exponent(token), None))
        if token.kind == "super" and not token.spaced:
            self.at += 1
            exponent = self.bounded(token.text.translate(_FROM_SUPERSCRIPT), token)
            glued = atom.text + token.text if isinstance(atom, _Name) else None
            return self.no_more_powers(_Power(atom, exponent, glued))
        power = _SUFFIX_POWERS.get(token.text) if token.kind == "name" else None
        if power is not None and isinstance(atom, _Name) and token.spaced:
            self.at += 1  # 'meter squared'
            return self.no_more_powers(_Power(atom, power, None))
        return atom

    def no_more_powers(self, tree: _Power) -> _Power:
        token = self.peek()
        if token is not None and (
            token.text == "**" or (token.kind == "super" and not token.spaced) or token.text in _SUFFIX_POWERS
        ):
            self.fail(f"a power of a power {self.where(token)}", _EXPECT_POWER)
        return tree

    def exponent(self, operator: _Token) -> int:
        parenthesised = self.take("(")
        sign = "-" if self.take("-") else ""
        if not sign:
            self.take("+")
        token = self.peek()
        if token is None or token.kind != "number":
            self.fail(
                f"a whole number must follow the {operator.raw!r} {self.where(operator)}", _EXPECT_POWER
            )
        self.at += 1
        if parenthesised and not self.take(")"):
            self.fail(f"the power's '(' {self.where(token)} is never closed", _EXPECT_POWER)
        return self.bounded(sign + token.text, token)

    def bounded(self, text: str, token: _Token) -> int:
        digits = text.removeprefix("-")
        if len(digits) != 1 or not digits.isdigit() or int(digits) > _MAX_POWER:  # not '04' either
            self.fail(f"the power {text!r} {self.where(token)}", _EXPECT_POWER)
        return int(text)

    def take(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "op" and token.text == text:
            self.at += 1
            return True
        return False


def _weigh(tree: _Node, power: int, parser: _Parser) -> int:
    """How many names `tree` holds, each counted as often as its power (with the powers around it)."""
    if isinstance(tree, _Name):
        if abs(power) > _MAX_POWER:
            parser.fail(f"{tree.text!r} to the power {power}", _EXPECT_POWER)
        return abs(power)
    if isinstance(tree, _Power):
        return _weigh(tree.base, power * tree.exponent, parser)
    if isinstance(tree, _Product):
        return _weigh(tree.left, power, parser) + _weigh(tree.right, power, parser)
    return 0


def _refuse_ambiguous(unit: str, name: str) -> None:
    for pattern, (why, expected) in _AMBIGUOUS.items():
        if pattern.fullmatch(name):
            raise _Refusal(f"ambiguous unit {_shown(unit)}: {why}; expected {expected}", expected)


def _build(unit: str, tree: _Node) -> pint.Unit | tuple[str, str]:
    """The unit a grammar tree stands for, its names looked up in the registry; or the refusal.

    pint multiplies, divides and raises the units of the names (so that its
    rules, such as those for offset units, hold), never anything read as a
    number.
    """
    registry = get_registry()
    unknown: list[str] = []

    def named(text: str) -> Any:
        try:
            name = registry.get_name(text)
        except Exception:  # pint's UndefinedUnitError, or anything else a lookup raises
            return None
        return registry.Quantity(1, registry.UnitsContainer({name: 1}) if name else None)

    def evaluate(node: _Node) -> Any:
        if isinstance(node, _Name):
            value = named(node.text)
            if value is None:
                unknown.append(node.text)
                return 1
            return value
        if isinstance(node, _Power):
            if node.glued is not None:
                glued = named(node.glued)
                if glued is not None:
                    return glued
            return evaluate(node.base) ** node.exponent
        if isinstance(node, _Product):
            left, right = evaluate(node.left), evaluate(node.right)
            return left / right if node.divide else left * right
        return 1

    try:
        value = evaluate(tree)
    except Exception as e:  # pint refuses to multiply a unit with an offset, e.g. degC
        detail = f" ({type(e).__name__})" if "offset" not in str(e).lower() else ""
        return f"{_shown(unit)} is not a unit{detail}: expected {_EXPECT_MULTIPLIABLE}", _EXPECT_MULTIPLIABLE
    if unknown:
        if [unit.strip()] == unknown:
            return f"unknown unit {_shown(unit)}: expected {_EXPECT_UNIT}", _EXPECT_UNIT
        names = ", ".join(repr(name) for name in dict.fromkeys(unknown))
        return f"unknown unit {names} in {_shown(unit)}: expected {_EXPECT_UNIT}", _EXPECT_UNIT
    if not isinstance(value, registry.Quantity):
        value = registry.Quantity(value)
    if value.magnitude != 1:  # cannot happen: only names and the number 1 are read
        return f"{_shown(unit)} is not a unit: expected {_EXPECT_NO_NUMBER}", _EXPECT_NO_NUMBER
    return cast("pint.Unit", value.units)


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
    ghgcore.errors.UnitError: unknown unit 'parsecs_of_diesel': expected a unit such as 'kWh', 'L', 'kg', 'm**3', 'passenger_km' or 'NOK'
    >>> check_unit("9**9**9")
    Traceback (most recent call last):
    ...
    ghgcore.errors.UnitError: '9**9**9' is not a unit: expected a unit without a number, such as 'kWh'
    """
    dimensionality(unit)


def _unit_fact(unit: object) -> str | tuple[str, str]:
    """The unit's dimensionality or its error (message, expected): from the memo, else from pint."""
    if not isinstance(unit, str):
        return _not_text(unit)
    known = _dimensionalities.get(unit)
    if known is not None:
        return known
    tree = _syntax(unit)
    if isinstance(tree, tuple):
        return tree
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


def currency_of(unit: str) -> str | None:
    """The ISO 4217 code of a monetary unit (``NOK``, ``kNOK``, ``MEUR``), else ``None``.

    Examples
    --------
    >>> currency_of("kNOK"), currency_of("kWh")
    ('NOK', None)
    """
    if not isinstance(unit, str) or len(unit) > _MAX_LENGTH:  # not a unit: not kept in the cache either
        return None
    return _currency_of(unit)


@functools.lru_cache(maxsize=256)
def _currency_of(unit: str) -> str | None:
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


def describe_dimension(unit: str) -> str:
    """Name a unit's dimension in words, for messages.

    A text that is not a unit is described as ``"not a unit"``: a message
    about a line never fails for the line's unit.

    Examples
    --------
    >>> describe_dimension("MWh"), describe_dimension("m**3"), describe_dimension("NOK")
    ('energy', 'volume', 'money in NOK')
    >>> describe_dimension("9**9**9")
    'not a unit'
    """
    if not isinstance(unit, str) or len(unit) > _MAX_LENGTH:  # not a unit: not kept in the cache either
        return _NOT_A_UNIT
    return _describe_dimension(unit)


_NOT_A_UNIT = "not a unit"


@functools.lru_cache(maxsize=4096)
def _describe_dimension(unit: str) -> str:
    fact = _unit_fact(unit)
    if isinstance(fact, tuple):
        return _NOT_A_UNIT
    dims = fact
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


def _conversion_fact(from_unit: object, to_unit: object) -> float | tuple[str, str]:
    """The factor or its error (message, expected): from the memo, else from pint."""
    if not isinstance(from_unit, str):
        return _not_text(from_unit)
    if not isinstance(to_unit, str):
        return _not_text(to_unit)
    known = _factors.get((from_unit, to_unit))
    if known is not None:
        return known
    for unit in (from_unit, to_unit):
        tree = _syntax(unit)
        if isinstance(tree, tuple):
            return tree
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
            return source  # an unknown unit may be defined later: not kept in the memo
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
            f"cannot convert {_shown(from_unit)} ({describe_dimension(from_unit)}) to "
            f"{_shown(to_unit)} ({describe_dimension(to_unit)}): expected {expected}",
            expected,
        )
    registry = get_registry()
    try:
        factor = float(registry.Quantity(1.0, source).to(target).magnitude)
    except (ArithmeticError, ValueError):  # an overflow in pint's arithmetic
        factor = math.inf
    if not math.isfinite(factor) or factor == 0.0:  # would turn every amount into inf or 0
        return (
            f"cannot convert {_shown(from_unit)} to {_shown(to_unit)}: the factor between them is "
            f"out of the range of numbers; expected {_EXPECT_FINITE}",
            _EXPECT_FINITE,
        )
    return factor


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
