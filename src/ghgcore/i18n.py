r"""The languages of the views, charts and reports: one message catalogue, numbers as the locale writes them.

Every label a view, chart or report shows is an English message looked up
in a gettext catalogue (``ghgcore.po``) for the language asked for; numbers
are formatted by Babel from the Unicode CLDR's data, so that Norwegian reads
``1 234,5`` and English ``1,234.5``. English is the messages themselves;
ghgcore ships Norwegian bokmål (``nb``). A network adds its language without
touching code: it writes ``<code>/LC_MESSAGES/ghgcore.po`` (copy the
shipped ``nb`` file, or ``tools/messages.pot`` of the source tree, and
translate the ``msgstr`` lines) in a folder it names in ``catalogues=`` or
in the environment variable ``GHGCORE_LOCALE_PATH`` (folders separated by
``os.pathsep``); a folder given comes before the shipped catalogues.

Catalogues are read from ``.po`` text when first used (Babel compiles them in
memory), so there is no compiled file to fall out of date. A catalogue is
checked when it is read: a translation must name the same ``{placeholders}``
as its message, so that a translator's slip is an error naming the file and
the line, not a wrong number in a report.

>>> nb = language("nb")
>>> nb.gettext("Scope 1"), nb.number(1234.5, 1), language("en").number(1234.5, 1)
('Scope 1', '1\xa0234,5', '1,234.5')
>>> nb.ngettext("{count} line", "{count} lines", 3).format(count=nb.number(3, 0))
'3 linjer'
>>> language("xx")
Traceback (most recent call last):
...
ghgcore.errors.OptionError: language 'xx': not a locale Babel knows (for example en, nb, da, sv, fi)
"""

from __future__ import annotations

import functools
import gettext
import io
import math
import os
import string
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ghgcore.errors import OptionError

__all__ = ["DOMAIN", "LANGUAGES", "Language", "language", "shipped_languages"]

#: The gettext domain: catalogues are ``<code>/LC_MESSAGES/ghgcore.po``.
DOMAIN = "ghgcore"
#: The languages ghgcore ships (English is the messages themselves).
LANGUAGES = ("en", "nb")
#: Where the shipped catalogues are.
_SHIPPED = Path(__file__).parent / "locale"
#: Codes whose messages are, when no catalogue of their own is found, another's: Norwegian (``no``)
#: is written in bokmål (``nb``) unless a network ships ``no`` (or asks for nynorsk, ``nn``).
_WRITTEN_AS: dict[str, tuple[str, ...]] = {"no": ("nb",), "nb_NO": ("nb",)}
#: The environment variable naming more catalogue folders.
_ENVIRONMENT = "GHGCORE_LOCALE_PATH"
#: From this magnitude on, numbers are written in the locale's scientific notation (``1.5E20``),
#: so that a view's column stays narrow (and Babel's decimal arithmetic does not overflow).
_PLAIN_BELOW = 1e15


def _fields(text: str) -> set[str] | None:
    """The placeholders of a ``str.format`` message, or None if it is not a valid format string."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


@attrs.frozen(eq=False)
class Language:
    """A language of the views: its messages and how it writes numbers.

    Get one with :func:`language`; every view, chart and report takes one
    (or its code) as ``language=``.

    Attributes
    ----------
    code : str
        The locale's code (``en``, ``nb``, ``da``, ...).
    translations : gettext.NullTranslations
        The catalogue (a :class:`gettext.NullTranslations` for English).
    """

    code: str
    translations: gettext.NullTranslations = attrs.field(repr=False)

    def gettext(self, message: str) -> str:
        """The message in this language (the English message where the catalogue has none)."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural message for ``n``, in this language."""
        return self.translations.ngettext(singular, plural, n)

    def format(self, message: str, **values: Any) -> str:
        """The message in this language with its ``{placeholders}`` filled in.

        Numbers should be given already formatted (:meth:`number`).
        """
        return self.gettext(message).format(**values)

    def number(self, value: float | int | None, decimals: int = 1, *, sign: bool = False) -> str:
        """A number as this language writes it, with `decimals` decimals (``1 234,5`` in Norwegian).

        None, NaN and infinities are written ``–``; magnitudes of 10**15 and more in
        the locale's scientific notation (``1,5E20``), so that a column stays narrow;
        ``sign=True`` writes ``+`` before positive numbers.
        """
        from babel.numbers import format_decimal

        if value is None or not math.isfinite(value):
            return "–"
        if not abs(value) < _PLAIN_BELOW:
            return self._scientific(float(value), sign=sign)
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        if sign:
            pattern = "+" + pattern + ";-" + pattern
        rounded = round(float(value), decimals)
        return str(format_decimal(rounded + 0.0, format=pattern, locale=self.code))

    def percent(self, fraction: float | None, decimals: int = 1, *, sign: bool = False) -> str:
        """A fraction as a percentage in this language (``-8,3 %`` in Norwegian, ``-8.3%`` in English; the locale's own pattern)."""
        from babel import Locale
        from babel.numbers import format_percent

        if fraction is None or not math.isfinite(fraction):
            return "–"
        own = Locale.parse(self.code.replace("-", "_")).percent_formats[None].pattern.split(";")[0]
        if not abs(fraction) * 100 < _PLAIN_BELOW:
            return str(own).replace("#,##0", self._scientific(float(fraction) * 100, sign=sign), 1)
        pattern = own.replace("#,##0", "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), 1)
        if sign:
            pattern = "+" + pattern + ";-" + pattern
        return str(
            format_percent(round(float(fraction), decimals + 2) + 0.0, format=pattern, locale=self.code)
        )

    def _scientific(self, value: float, *, sign: bool) -> str:
        """A huge number in the locale's scientific notation, six significant digits at most."""
        from babel.numbers import format_scientific

        text = str(format_scientific(value, format="0.#####E0", locale=self.code))
        return "+" + text if sign and value > 0 else text

    def tonnes(self, kg: float | None, decimals: int = 1) -> str:
        """Kilograms as tonnes in this language."""
        return self.number(None if kg is None else kg / 1000.0, decimals)


def _folders(catalogues: Iterable[str | os.PathLike[str]]) -> tuple[Path, ...]:
    given = [Path(c) for c in catalogues]
    environment = [Path(p) for p in os.environ.get(_ENVIRONMENT, "").split(os.pathsep) if p.strip()]
    return (*given, *environment, _SHIPPED)


def shipped_languages() -> tuple[str, ...]:
    """The language codes with a catalogue among ghgcore's (besides English)."""
    return tuple(sorted(p.parent.parent.name for p in _SHIPPED.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def _read_catalogue(path: Path, code: str) -> gettext.GNUTranslations:
    """A ``.po`` file compiled in memory, its translations checked."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as f:
            catalog = read_po(f, locale=code, abort_invalid=True)
    except PoFileError as error:
        # Babel counts lines from 0 and appends " on <line>" to its message
        reason = str(error.args[0]).rsplit(" on ", 1)[0] if error.args else "not understood"
        raise OptionError(
            f"{path}, line {error.lineno + 1}: not a readable gettext catalogue ({reason}: {error.line.strip()!r})"
        ) from None
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise OptionError(f"{path}: not a readable gettext catalogue ({error})") from None
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = _fields(str(ids[0]))
        for text in strings:
            if not text:
                continue
            if _fields(str(text)) != wanted:
                line = message.lineno or "?"
                raise OptionError(
                    f"{path}, line {line}: the translation of {ids[0]!r} must name the placeholders "
                    f"{sorted(wanted or ())} and no others; it has {text!r}"
                )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.lru_cache(maxsize=32)
def _language(code: str, folders: tuple[Path, ...]) -> Language:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise OptionError(
            f"language {code!r}: not a locale Babel knows (for example en, nb, da, sv, fi)"
        ) from None
    for name in (code, *_WRITTEN_AS.get(code, ())):
        for folder in folders:
            path = folder / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                return Language(code, _read_catalogue(path, name))
    if code == "en":
        return Language(code, gettext.NullTranslations())
    known = ", ".join(("en", *shipped_languages()))
    raise OptionError(
        f"language {code!r}: no catalogue {code}/LC_MESSAGES/{DOMAIN}.po (ghgcore ships {known}; "
        f"name a folder with yours in catalogues= or {_ENVIRONMENT})"
    )


def language(
    code: str | Language | None = None, *, catalogues: Sequence[str | os.PathLike[str]] = ()
) -> Language:
    """The language of a code (``en``, ``nb``, ...), its catalogue read once per process.

    Parameters
    ----------
    code : str or Language, optional
        A locale code; a :class:`Language` is returned as it is; None is English.
    catalogues : sequence of path
        Folders with ``<code>/LC_MESSAGES/ghgcore.po``, before those of
        ``GHGCORE_LOCALE_PATH`` and the shipped ones.

    Raises
    ------
    OptionError
        A code that is not a locale, a language without a catalogue, or a
        catalogue that cannot be read or whose translation has other
        placeholders than its message (naming the file and the line).
    """
    if isinstance(code, Language):
        return code
    if code is None:
        code = "en"
    if not isinstance(code, str) or not code.strip():
        raise OptionError(f"language {code!r}: expected a locale code such as en or nb")
    return _language(code.strip(), _folders(catalogues))
