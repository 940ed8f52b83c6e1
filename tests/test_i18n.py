"""Tests for ghgcore.i18n and the message catalogue: languages, numbers, catalogues a network adds, the check."""

from __future__ import annotations

import gettext
import importlib.util
import math
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ghgcore.errors import OptionError
from ghgcore.i18n import LANGUAGES, Language, language, shipped_languages

ROOT = Path(__file__).resolve().parent.parent

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {code}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def tool() -> ModuleType:
    """tools/messages.py, imported from the source tree (tools is not a package)."""
    spec = importlib.util.spec_from_file_location("ghgcore_tools_messages", ROOT / "tools" / "messages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def catalogue(folder: Path, code: str, entries: str) -> Path:
    """A ``<code>/LC_MESSAGES/ghgcore.po`` under `folder` with a header and `entries`."""
    path = folder / code / "LC_MESSAGES" / "ghgcore.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(code=code) + entries, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# the shipped catalogues against the code


def test_every_message_of_the_code_is_translated():
    """tools/messages.py check: every message has its Norwegian translation, no obsolete entry, template current."""
    assert [] == tool().check()


def test_shipped_languages():
    """Norwegian bokmål is shipped; English needs no catalogue."""
    assert "nb" in shipped_languages()
    assert ("en", "nb") == LANGUAGES
    assert isinstance(language().translations, gettext.NullTranslations)
    assert "en" == language().code
    assert "en" == language("en").code


# ---------------------------------------------------------------------------
# numbers


@pytest.mark.parametrize(
    ("code", "value", "decimals", "expected"),
    [
        ("nb", 1234.5, 1, "1\xa0234,5"),
        ("en", 1234.5, 1, "1,234.5"),
        ("nb", 1234567.891, 2, "1\xa0234\xa0567,89"),
        ("en", 1234567.891, 2, "1,234,567.89"),
        ("nb", -1234.5, 0, "-1\xa0234"),
        ("en", 0.04, 1, "0.0"),
        ("en", -0.04, 1, "0.0"),  # no negative zero
        ("nb", 12, 0, "12"),
        ("nb", 1.5e20, 1, "1,5E20"),  # huge: scientific, a few characters
        ("en", -1.5e20, 1, "-1.5E20"),
    ],
)
def test_number(code, value, decimals, expected):
    """Numbers as the locale writes them: Norwegian groups with a no-break space and uses a decimal comma."""
    assert expected == language(code).number(value, decimals)


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
def test_number_missing(value):
    """None, NaN and infinities are written as a dash, never 'nan'."""
    assert "–" == language("nb").number(value)
    assert "–" == language("en").percent(value)


def test_signed_numbers():
    """sign=True writes + before positive numbers, as the locale writes the rest."""
    assert "+1\xa0234,5" == language("nb").number(1234.5, 1, sign=True)
    assert "-2.0" == language("en").number(-2, 1, sign=True)
    assert "+1E20" == language("en").number(1e20, sign=True)


@pytest.mark.parametrize(
    ("code", "fraction", "decimals", "sign", "expected"),
    [
        ("nb", -0.083, 1, False, "-8,3\xa0%"),
        ("en", -0.083, 1, False, "-8.3%"),
        ("nb", 0.5, 0, True, "+50\xa0%"),
        ("en", 0.0, 1, True, "+0.0%"),
        ("en", 0.12345, 2, False, "12.35%"),
        ("nb", 1e20, 1, False, "1E22\xa0%"),
    ],
)
def test_percent(code, fraction, decimals, sign, expected):
    """A fraction as a percentage in the locale's own pattern (a space before % in Norwegian)."""
    assert expected == language(code).percent(fraction, decimals, sign=sign)


def test_tonnes():
    """Kilograms as tonnes, in the locale's format."""
    assert "1\xa0234,6" == language("nb").tonnes(1_234_567)
    assert "1,234.567" == language("en").tonnes(1_234_567, 3)
    assert "–" == language("nb").tonnes(None)


# ---------------------------------------------------------------------------
# messages


def test_messages_in_norwegian():
    """gettext, ngettext and format look the message up; an unknown message stays English."""
    nb = language("nb")
    assert "Utslipp" == nb.gettext("Emissions")
    assert "3 medlemmer" == nb.ngettext("{count} member", "{count} members", 3).format(count=3)
    assert "1 medlem" == nb.ngettext("{count} member", "{count} members", 1).format(count=1)
    assert "Endring fra 2023" == nb.format("Change from {previous}", previous=2023)
    assert "No such message" == nb.gettext("No such message")


def test_a_language_is_passed_through():
    """A Language given is returned as it is; None is English."""
    nb = language("nb")
    assert nb is language(nb)
    assert "en" == language(None).code


def test_the_catalogue_is_read_once():
    """A language is cached per code and folders: the same object each time."""
    assert language("nb") is language("nb")
    assert language("nb") is language(" nb ")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("xx", "language 'xx': not a locale Babel knows (for example en, nb, da, sv, fi)"),
        ("sv", "language 'sv': no catalogue sv/LC_MESSAGES/ghgcore.po (ghgcore ships en, nb; name a folder"),
        ("", "language '': expected a locale code such as en or nb"),
        ("  ", "language '  ': expected a locale code such as en or nb"),
        (42, "language 42: expected a locale code such as en or nb"),
    ],
)
def test_unknown_languages(code, message):
    """A code that is not a locale, or a locale without a catalogue, is an OptionError saying what to do."""
    with pytest.raises(OptionError) as raised:
        language(code)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("code", ["no", "nb_NO"])
def test_norwegian_written_as_bokmal(code):
    """'no' (and the country forms) read the bokmål catalogue and write numbers the Norwegian way."""
    norwegian = language(code)
    assert code == norwegian.code
    assert language("nb").gettext("Emissions") == norwegian.gettext("Emissions")
    assert "Emissions" != norwegian.gettext("Emissions")
    assert "1\xa0234,5" == norwegian.number(1234.5, 1)


# ---------------------------------------------------------------------------
# a network's own language


DANISH = (
    'msgid "Emissions"\nmsgstr "Udledninger"\n\n'
    'msgid "{count} member"\nmsgid_plural "{count} members"\nmsgstr[0] "{count} medlem"\nmsgstr[1] "{count} medlemmer"\n'
)


def test_a_network_adds_danish_with_catalogues(tmp_path):
    """A folder with da/LC_MESSAGES/ghgcore.po, named in catalogues=, adds Danish; numbers as Danish writes them."""
    catalogue(tmp_path, "da", DANISH)
    da = language("da", catalogues=[tmp_path])
    assert "da" == da.code
    assert "Udledninger" == da.gettext("Emissions")
    assert "2 medlemmer" == da.ngettext("{count} member", "{count} members", 2).format(count=2)
    assert "Scope 1" == da.gettext("Scope 1")  # not translated: the English message
    assert "1.234,5" == da.number(1234.5, 1)


def test_a_network_adds_danish_with_the_environment(tmp_path, monkeypatch):
    """GHGCORE_LOCALE_PATH names folders of catalogues too (os.pathsep between them)."""
    catalogue(tmp_path / "second", "da", DANISH)
    monkeypatch.setenv(
        "GHGCORE_LOCALE_PATH", os.pathsep.join([str(tmp_path / "first"), str(tmp_path / "second")])
    )
    assert "Udledninger" == language("da").gettext("Emissions")


def test_a_folder_given_comes_before_the_shipped_catalogue(tmp_path):
    """A network may reword ghgcore's own Norwegian: its folder is searched first."""
    catalogue(tmp_path, "nb", 'msgid "Emissions"\nmsgstr "Klimagassutslipp"\n')
    assert "Klimagassutslipp" == language("nb", catalogues=[tmp_path]).gettext("Emissions")
    assert "Utslipp" == language("nb").gettext("Emissions")


@pytest.mark.parametrize(
    ("entries", "line", "message"),
    [
        (
            'msgid "{count} lines"\nmsgstr "{antal} linjer"\n',
            7,
            "the translation of '{count} lines' must name the placeholders ['count'] and no others; "
            "it has '{antal} linjer'",
        ),
        (
            'msgid "Change from {previous}"\nmsgstr "Ændring fra {previous"\n',
            7,
            "the translation of 'Change from {previous}' must name the placeholders ['previous']",
        ),
        (
            'msgid "{count} member"\nmsgid_plural "{count} members"\nmsgstr[0] "{count} medlem"\n'
            'msgstr[1] "{n} medlemmer"\n',
            7,
            "the translation of '{count} member' must name the placeholders ['count'] and no others; "
            "it has '{n} medlemmer'",
        ),
        (
            'msgid "Emissions"\nmsgstr "Udledninger"\nthis is not gettext\n',
            9,
            "not a readable gettext catalogue",
        ),
    ],
)
def test_a_hostile_catalogue_names_its_file_and_line(tmp_path, entries, line, message):
    """A wrong placeholder or broken syntax: an OptionError naming the file and the line, not a wrong report."""
    path = catalogue(tmp_path, "da", entries)
    with pytest.raises(OptionError) as raised:
        language("da", catalogues=[tmp_path])
    assert str(raised.value).startswith(f"{path}, line {line}: ")
    assert message in str(raised.value)


def test_an_unreadable_catalogue(tmp_path):
    """A catalogue that is not UTF-8 text is an OptionError naming the file."""
    path = tmp_path / "da" / "LC_MESSAGES" / "ghgcore.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'msgid "Emissions"\nmsgstr "\xff\xfe"\n')
    with pytest.raises(OptionError, match="not a readable gettext catalogue") as raised:
        language("da", catalogues=[tmp_path])
    assert str(path) in str(raised.value)


# ---------------------------------------------------------------------------
# tools/messages.py on a tree of its own


SOURCE = """from ghgcore.i18n import language


def view(n):
    lang = language("nb")
    return [lang.gettext("Emissions"), lang.ngettext("{count} member", "{count} members", n).format(count=n),
            lang.format("Change from {previous}", previous=2023)]
"""


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A package with three messages (and a module not using the catalogue), a Norwegian catalogue of one."""
    source = tmp_path / "src" / "pkg"
    source.mkdir(parents=True)
    (source / "_version.py").write_text('__version__ = "1.0"\n', encoding="utf-8")
    (source / "view.py").write_text(SOURCE, encoding="utf-8")
    (source / "other.py").write_text('TEXT = "{0}".format("not a message")\n', encoding="utf-8")
    locale = source / "locale"
    catalogue(locale, "nb", 'msgid "Emissions"\nmsgstr "Utslipp"\n\nmsgid "Gone"\nmsgstr "Borte"\n')
    return source, locale, tmp_path / "messages.pot"


def test_extract_reads_the_modules_using_the_catalogue(tree):
    """gettext, ngettext (singular and plural) and format; str.format elsewhere is not a message."""
    source, _, _ = tree
    template = tool().extract(source)
    assert {"Emissions", ("{count} member", "{count} members"), "Change from {previous}"} == {
        m.id for m in template if m.id
    }


def test_check_finds_untranslated_and_obsolete_messages(tree):
    """The check lists the messages without translation, the entries the code no longer has, the stale template."""
    source, locale, template = tree
    po = locale / "nb" / "LC_MESSAGES" / "ghgcore.po"
    problems = tool().check(source, locale, template)
    assert [
        f"{template}: missing; run python tools/messages.py update",
        f"{po}, line 10: 'Gone' is not a message of the code (any more)",
        f"{po}: no nb translation of ('{{count}} member', '{{count}} members') (view.py)",
        f"{po}: no nb translation of 'Change from {{previous}}' (view.py)",
    ] == problems


def test_update_keeps_translations_adds_and_drops(tree):
    """Update writes the template, keeps the translation, adds the new messages empty, drops the obsolete one."""
    from babel.messages.pofile import read_po

    source, locale, template = tree
    messages = tool()
    report = messages.update(source, locale, template)
    po = locale / "nb" / "LC_MESSAGES" / "ghgcore.po"
    assert f"{po}: dropped 'Gone' (translated 'Borte')" in report
    assert template.is_file()
    with po.open("rb") as f:
        catalog = read_po(f, locale="nb")
    assert "Utslipp" == catalog.get("Emissions").string
    assert "" == catalog.get("Change from {previous}").string
    assert catalog.get("Gone") is None
    assert "POT-Creation-Date" not in template.read_text(encoding="utf-8")
    # translated: the check passes
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "Change from {previous}"\nmsgstr ""',
        'msgid "Change from {previous}"\nmsgstr "Endring fra {previous}"',
    )
    text = text.replace(
        'msgstr[0] ""\nmsgstr[1] ""', 'msgstr[0] "{count} medlem"\nmsgstr[1] "{count} medlemmer"'
    )
    po.write_text(text, encoding="utf-8")
    assert [] == messages.check(source, locale, template)
    # a wrong placeholder is found by the check too
    po.write_text(text.replace("Endring fra {previous}", "Endring fra {forrige}"), encoding="utf-8")
    problems = messages.check(source, locale, template)
    assert 1 == len(problems)
    assert "must name the placeholders ['previous']" in problems[0]


def test_check_flags_fuzzy_translations(tree):
    """A fuzzy translation (a guess) is not a translation."""
    source, locale, template = tree
    messages = tool()
    messages.update(source, locale, template)
    po = locale / "nb" / "LC_MESSAGES" / "ghgcore.po"
    text = po.read_text(encoding="utf-8").replace('msgid "Emissions"', '#, fuzzy\nmsgid "Emissions"')
    po.write_text(text, encoding="utf-8")
    assert any(
        "the translation of 'Emissions' is marked fuzzy" in p
        for p in messages.check(source, locale, template)
    )


def test_main_usage(capsys):
    """The tool takes update or check; anything else prints the usage, exit status 2."""
    assert 2 == tool().main(["translate"])
    assert "Usage: python tools/messages.py update|check" in capsys.readouterr().err


def test_the_template_is_shipped_with_every_message():
    """tools/messages.pot, the template a network translates, holds the messages of the code."""
    from babel.messages.pofile import read_po

    messages = tool()
    with (ROOT / "tools" / "messages.pot").open("rb") as f:
        template = read_po(f)
    assert {m.id for m in messages.extract() if m.id} == {m.id for m in template if m.id}
    assert all(not any(m.string) if isinstance(m.string, tuple) else not m.string for m in template if m.id)


def test_language_objects_are_values():
    """A Language is an attrs frozen object: its code cannot be changed under a view."""
    nb = language("nb")
    assert isinstance(nb, Language)
    with pytest.raises(AttributeError):
        nb.code = "da"  # type: ignore[misc]


HIDING = """from ghgcore.i18n import language


def view(name):
    lang = language("nb")
    th = lang.gettext
    heading = f"<h2>{lang.gettext('Emissions')}</h2>"
    return [th("Scope 1"), heading, lang.gettext(name), "{0} t".format("1"), lang.format("{n} t", n=1).format()]
"""


def test_check_finds_labels_the_extractor_cannot_see(tree):
    """A message inside an f-string, a variable as the message, gettext under another name: each with its line."""
    source, _, _ = tree
    (source / "hiding.py").write_text(HIDING, encoding="utf-8")
    assert [
        "hiding.py, line 6: gettext used under another name, unseen by the extractor",
        "hiding.py, line 7: gettext('Emissions') inside an f-string, unseen by the extractor: "
        "look the message up before the f-string",
        "hiding.py, line 8: gettext() of an expression, not a literal message",
    ] == tool().hidden(source)
