"""The message catalogue of the views, charts and reports: extract, merge, check.

Every label ghgcore shows is an English message in the source, written as
the literal first argument of ``lang.gettext(...)``, ``lang.ngettext(...)``
(singular and plural) or ``lang.format(...)`` (:mod:`ghgcore.i18n`). This
tool finds them with Babel's Python extractor, in the modules that use
:mod:`ghgcore.i18n`, and keeps the catalogues in step with the code:

``update``
    writes the template ``tools/messages.pot`` (what a network copies to
    translate ghgcore into its language) and merges it into every shipped
    catalogue, ``src/ghgcore/locale/<code>/LC_MESSAGES/ghgcore.po``: their
    translations are kept, a new message gets an empty ``msgstr`` to fill
    in, and a message the code no longer has is dropped (and listed, so
    that its translation can be reused for a reworded message).
``check``
    fails (exit status 1, one problem a line) if a label escapes the
    extractor (a message inside an f-string, a variable as the message, a
    call of ``gettext`` under another name), if a message of the code has
    no translation in a shipped catalogue, if a catalogue holds a message
    the code no longer has (or a fuzzy or obsolete entry), if a catalogue
    cannot be read or a translation names other ``{placeholders}`` than
    its message, or if the template is out of date. The test suite runs
    it (``tests/test_i18n.py``), so a message added without its
    translation fails the suite.

Usage: python tools/messages.py update|check
"""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import PoFileError, read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
#: The package whose messages are extracted.
SOURCE = ROOT / "src" / "ghgcore"
#: The shipped catalogues: ``<code>/LC_MESSAGES/ghgcore.po``.
LOCALE = SOURCE / "locale"
#: The template, every message with an empty translation.
TEMPLATE = ROOT / "tools" / "messages.pot"
#: The gettext domain (:data:`ghgcore.i18n.DOMAIN`).
DOMAIN = "ghgcore"
#: The methods whose first argument (both, for ``ngettext``) is a message.
KEYWORDS: dict[str, tuple[int, ...] | None] = {"gettext": None, "ngettext": (1, 2), "format": None}
#: A module is read for messages only if it uses the catalogue (so that ``"...".format("x")``
#: elsewhere is not taken for a message).
_MARK = "ghgcore.i18n"
#: Comments before a message that are written into the catalogue for the translator.
_COMMENT_TAGS = ("Translators:",)
#: Lines of a catalogue's header that change with every run, left out.
_VOLATILE = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')
_WIDTH = 100
#: Where translators report a problem with a message.
_BUGS = "https://github.com/ghgcore/ghgcore/issues"
_TEMPLATE_COMMENT = """\
# The messages of ghgcore's views, charts and reports: copy this template to
# <code>/LC_MESSAGES/ghgcore.po and translate every msgstr (docs/languages.md).
# Written by tools/messages.py update; do not edit by hand.
# Copyright the ghgcore developers; Apache-2.0, as the rest of ghgcore."""


def _version(source: Path) -> str:
    """The package's version, from ``_version.py`` (without importing it)."""
    found = re.search(
        r"""__version__\s*=\s*["']([^"']+)["']""", (source / "_version.py").read_text(encoding="utf-8")
    )
    return found.group(1) if found else ""


def _uses_catalogue(path: str) -> bool:
    return _MARK in Path(path).read_text(encoding="utf-8")


def extract(source: Path = SOURCE) -> Catalog:
    """The messages of the modules under `source` that use :mod:`ghgcore.i18n`, as a template."""
    template = Catalog(
        domain=DOMAIN,
        header_comment=_TEMPLATE_COMMENT,
        project="ghgcore",
        version=_version(source),
        msgid_bugs_address=_BUGS,
        last_translator="the ghgcore developers",
        language_team="none: the English messages themselves",
        fuzzy=False,
    )
    found = extract_from_dir(
        source,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=_COMMENT_TAGS,
        strip_comment_tags=True,
        callback=None,
        directory_filter=lambda path: "locale" not in Path(path).parts,
    )
    for filename, lineno, message, comments, context in found:
        if not message or not _uses_catalogue(str(source / filename)):
            continue
        if isinstance(message, tuple) and any(not m for m in message):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _literal(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def hidden(source: Path = SOURCE) -> list[str]:
    """Messages the extractor cannot see, a line each: the ways a label escapes the catalogue.

    Babel reads the literal first argument of a call; it does not see a
    message written inside an f-string (Python before 3.12 gives an f-string
    as one token), a variable or expression given as the message, or a call
    through another name (``th = lang.gettext``). Each is reported with its
    file and line. ``"...".format(...)`` on a literal is ordinary Python,
    not a message.
    """
    problems = []
    for path in sorted(source.rglob("*.py")):
        if "locale" in path.relative_to(source).parts or path.name == "i18n.py":
            continue
        text = path.read_text(encoding="utf-8")
        if _MARK in text:
            where = path.relative_to(source)
            problems += [
                f"{where}, line {line}: {what}" for line, what in sorted(_hidden_in(ast.parse(text)))
            ]
    return problems


def _hidden_in(tree: ast.AST) -> list[tuple[int, str]]:
    """The lines of a module where a message escapes the extractor, and how (see :func:`hidden`)."""
    out = []
    in_fstring = {
        id(inner) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for inner in ast.walk(node)
    }
    called = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        if name not in KEYWORDS or _literal(node.func.value):
            continue
        called.add(id(node.func))
        first = node.args[0] if node.args else None
        if name == "format" and not _literal(first):
            continue  # str.format on a message already looked up, or a template
        second = node.args[1] if len(node.args) > 1 else None
        if not _literal(first) or (name == "ngettext" and not _literal(second)):
            out.append((node.lineno, f"{name}() of an expression, not a literal message"))
        elif id(node) in in_fstring:
            message = ast.literal_eval(first)  # type: ignore[arg-type]
            out.append(
                (
                    node.lineno,
                    f"{name}({message!r}) inside an f-string, unseen by the extractor: "
                    "look the message up before the f-string",
                )
            )
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("gettext", "ngettext")
            and id(node) not in called
        ):
            out.append((node.lineno, f"{node.attr} used under another name, unseen by the extractor"))
    return out


def _written(catalog: Catalog, **options: bool) -> bytes:
    """A catalogue as ``.po`` text, without the header lines that change with every run."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=_WIDTH, include_lineno=False, **options)
    lines = buffer.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(_VOLATILE))


def catalogues(locale: Path = LOCALE) -> list[Path]:
    """The shipped catalogues, by language code."""
    return sorted(locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _code(path: Path) -> str:
    return path.parent.parent.name


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=_code(path), abort_invalid=True)


def _ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def update(source: Path = SOURCE, locale: Path = LOCALE, template: Path = TEMPLATE) -> list[str]:
    """Write the template and merge it into every catalogue; what was added and dropped, a line each."""
    extracted = extract(source)
    template.write_bytes(_written(extracted))
    report = [f"{template}: {len(extracted)} messages"]
    for path in catalogues(locale):
        catalog = _read(path)
        catalog.update(extracted, no_fuzzy_matching=True, update_header_comment=False)
        catalog.project, catalog.version = extracted.project, extracted.version
        catalog.msgid_bugs_address = _BUGS
        if "EMAIL@ADDRESS" in (catalog.last_translator or ""):
            catalog.last_translator = "the ghgcore developers"
        if "LL@li.org" in (catalog.language_team or ""):
            catalog.language_team = f"{catalog.locale.english_name}" if catalog.locale else _code(path)
        added = [m.id for m in catalog if m.id and not m.string]
        for message in catalog.obsolete.values():
            report.append(f"{path}: dropped {message.id!r} (translated {message.string!r})")
        path.write_bytes(_written(catalog, ignore_obsolete=True))
        report.append(f"{path}: {len(added)} messages to translate" + "".join(f"\n  {m!r}" for m in added))
    return report


def _where(catalog: Catalog, message_id: object) -> str:
    message = catalog.get(message_id)  # type: ignore[arg-type]
    places = sorted({filename for filename, _ in message.locations}) if message is not None else []
    return ", ".join(places)


def check(source: Path = SOURCE, locale: Path = LOCALE, template: Path | None = TEMPLATE) -> list[str]:
    """What is wrong with the catalogues against the code, a line each (none: all is well)."""
    from ghgcore.errors import OptionError
    from ghgcore.i18n import _read_catalogue

    extracted = extract(source)
    wanted = _ids(extracted)
    problems = hidden(source)
    if template is not None:
        if not template.is_file():
            problems.append(f"{template}: missing; run python tools/messages.py update")
        elif _ids(_read_template(template)) != wanted:
            problems.append(f"{template}: out of date with the code; run python tools/messages.py update")
    for path in catalogues(locale):
        try:
            catalog = _read(path)
        except (PoFileError, OSError, ValueError, UnicodeDecodeError) as error:
            problems.append(f"{path}: not a readable catalogue ({error})")
            continue
        for message in catalog:
            if not message.id:
                continue
            line = f"{path}, line {message.lineno}"
            if message.id not in wanted:
                problems.append(f"{line}: {message.id!r} is not a message of the code (any more)")
            elif message.fuzzy:
                problems.append(f"{line}: the translation of {message.id!r} is marked fuzzy")
        for message in catalog.obsolete.values():
            problems.append(f"{path}, line {message.lineno}: obsolete entry {message.id!r}")
        for message_id in sorted(wanted, key=str):
            message = catalog.get(message_id)  # type: ignore[arg-type]
            strings = message.string if message is not None else ""
            if isinstance(strings, str):
                strings = (strings,)
            if message is None or not all(strings):
                problems.append(
                    f"{path}: no {_code(path)} translation of {message_id!r} ({_where(extracted, message_id)})"
                )
        try:
            _read_catalogue(path, _code(path))  # as ghgcore reads it (not the cached language)
        except OptionError as error:
            problems.append(str(error))
    return problems


def _read_template(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``update`` or ``check``; the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args not in (["update"], ["check"]):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lines: Iterable[str]
    if args == ["update"]:
        lines = update()
        print("\n".join(lines))
        return 0
    lines = check()
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
