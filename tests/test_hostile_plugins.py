"""Hostile and broken plugins: every failure is one clear answer naming the plugin, never a traceback.

A factor database or input reader plugin is untrusted code. Whatever it
does on import, on creation, in a metadata attribute or in a method
(raise, ``sys.exit``, a ``BaseException`` of its own, a KeyboardInterrupt
of its own, the wrong type), ``ghgcore factors list`` lists it as failed
with the reason and lists the others, and a calculation that needs it
fails with a :class:`DatabaseError` (or an :class:`InputError` for a
reader) naming it: through the CLI and the Python API.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import ghgcore.readers as registry
from ghgcore import Activity, ActivityTable, calculate
from ghgcore import plugins as p
from ghgcore.cli import main
from ghgcore.errors import DatabaseError, DatabaseLoadError, GhgcoreWarning, InputError
from ghgcore.readers import read, reader
from ghgcore.sources import lookup, resolve
from ghgcore.testing import check_database

GOOD = """
from ghgcore import EmissionFactor, FactorSet
from ghgcore.plugins import FactorDatabase

class Good(FactorDatabase):
    description = "a good database"
    publisher = "Test"
    version = "1.0"
    licence = "CC0-1.0"
    url = "https://example.org"

    def load(self):
        return FactorSet.from_factors(
            [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test", scope=1, licence="CC0-1.0")],
            name="x", version="x")
"""


def bad(member: str) -> str:
    """A plugin module: Good, and Bad, a subclass of Good with `member` (class-body source) added."""
    return GOOD + "\n\nclass Bad(Good):\n" + textwrap.indent(textwrap.dedent(member), "    ") + "\n"


# What a plugin module does on import (the entry point is plug:Bad, or plug:Good when it imports)
ON_IMPORT = {
    "raises": ("raise RuntimeError('no numpy 9')", "RuntimeError: no numpy 9"),
    "sys.exit": ("import sys\nsys.exit(3)", r"sys.exit\(3\)"),
    "sys.exit(None)": ("import sys\nsys.exit()", r"sys.exit\(\)"),
    "SystemExit message": ("raise SystemExit('bye')", r"sys.exit\('bye'\)"),
    "BaseException subclass": ("class Boom(BaseException):\n    pass\nraise Boom('custom')", "Boom: custom"),
    "GeneratorExit": ("raise GeneratorExit('gen')", "GeneratorExit: gen"),
    "KeyboardInterrupt of its own": ("raise KeyboardInterrupt", "KeyboardInterrupt"),
    "RecursionError": ("def f():\n    return f()\nf()", "RecursionError"),
    "unprintable error": (
        "class E(Exception):\n    def __str__(self):\n        raise ValueError('no')\nraise E()",
        "a message that cannot be shown",
    ),
    "not a class": ("Bad = 42", "is 42, expected a subclass"),
    "hostile repr": (
        "class M(type):\n    def __repr__(cls):\n        raise ValueError\nclass Bad(metaclass=M):\n    pass",
        "expected a subclass",
    ),
    "not a FactorDatabase": ("class Bad:\n    pass", "expected a subclass of ghgcore.plugins.FactorDatabase"),
}

# What the class does (the entry point is plug:Bad)
IN_CLASS = {
    "__init__ raises": ("def __init__(self):\n    raise RuntimeError('init boom')", "init boom"),
    "__init__ exits": ("def __init__(self):\n    import sys\n    sys.exit(1)", r"sys.exit\(1\)"),
    "__new__ gives another object": ("def __new__(cls):\n    return 3", "creating it gave 3"),
    "__init__ wants arguments": ("def __init__(self, required):\n    pass", "raised on creation: TypeError"),
    "version property raises": (
        "@property\ndef version(self):\n    raise RuntimeError('prop boom')",
        "its version raised RuntimeError: prop boom",
    ),
    "description property exits": (
        "@property\ndef description(self):\n    raise SystemExit(4)",
        r"its description raised called sys.exit\(4\)",
    ),
    "version not text": ("version = 2024", "its version is 2024, expected text"),
    "regions one string": ("regions = 'NO'", "its regions is 'NO', expected a tuple of region codes"),
    "years wrong": ("years = (2020,)", "its years is"),
    "years not ints": ("years = ('2020', '2021')", "its years is"),
    "default not bool": ("default = 'yes'", "its default is 'yes', expected True or False"),
    "advice not a mapping": ("advice = ['x']", "its advice is"),
    "advice values not text": ("advice = {'x': 1}", "its advice is"),
    "name cannot be set": ("@property\ndef name(self):\n    return 'other'", "its name cannot be set"),
}

# What a method does (the calculation fails naming the database)
IN_METHOD = {
    "load raises": (
        "def load(self):\n    raise OSError('disk')",
        "failed to load its factors: OSError: disk",
    ),
    "load exits": (
        "def load(self):\n    raise SystemExit(2)",
        r"failed to load its factors: called sys.exit\(2\)",
    ),
    "load wrong type": ("def load(self):\n    return {}", r"load\(\) returned dict, expected a FactorSet"),
    "load None": ("def load(self):\n    return None", r"load\(\) returned NoneType"),
    "crosswalks raise": (
        "def crosswalks(self):\n    raise ValueError('cw boom')",
        "crosswalks\\(\\) raised ValueError: cw boom",
    ),
    "crosswalks exit": (
        "def crosswalks(self):\n    raise SystemExit(5)",
        r"crosswalks\(\) raised called sys.exit\(5\)",
    ),
    "crosswalks not a list": (
        "def crosswalks(self):\n    return 5",
        r"crosswalks\(\) returned int, expected a list of Crosswalk",
    ),
    "crosswalks a string": ("def crosswalks(self):\n    return 'abc'", r"crosswalks\(\) returned str"),
    "crosswalks hold strings": (
        "def crosswalks(self):\n    return ['abc']",
        r"holding str, expected Crosswalk",
    ),
    "crosswalks generator raises": (
        "def crosswalks(self):\n    yield from ()\n    raise ValueError('late')",
        r"crosswalks\(\) raised ValueError: late",
    ),
    "account_mapping raises": (
        "def account_mapping(self):\n    raise KeyError('map')",
        r"account_mapping\(\) raised KeyError",
    ),
    "account_mapping wrong type": (
        "def account_mapping(self):\n    return {'6551': 'it'}",
        r"account_mapping\(\) returned dict",
    ),
    "price_indices raise": (
        "def price_indices(self):\n    raise RuntimeError('kpi')",
        r"price_indices\(\) raised RuntimeError: kpi",
    ),
    "price_indices wrong type": (
        "def price_indices(self):\n    return [1.5]",
        r"price_indices\(\) returned a list holding float",
    ),
}


def install(site, source: str, *, name: str = "hostile", target: str = "plug_hostile:Bad") -> None:
    site.add(f"ghgcore-{name}", "0.1", {name: target}, {target.split(":")[0]: source})
    p.refresh()


def status_of(name: str) -> p.DatabaseStatus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", p.DatabaseWarning)
        return next(s for s in p.database_status(check=True) if s.name == name)


def listed(capsys) -> tuple[int, str, str]:
    status = main(["factors", "list", "--check"])
    out, err = capsys.readouterr()
    return status, out, err


def assert_listed_as_failed(capsys, name: str, message: str) -> None:
    """`factors list` exits 0, lists the hostile one as failed with the reason, and the others as ok."""
    status, out, err = listed(capsys)
    assert 0 == status, err
    assert "Traceback" not in out + err
    [line] = [line for line in out.splitlines() if line.startswith(name + " ")]
    assert "failed:" in line
    assert __import__("re").search(message, line), line
    others = [line for line in out.splitlines()[1:] if not line.startswith(name + " ")]
    assert any(line.rstrip().endswith("  ok") and line.startswith("good ") for line in others), out


@pytest.fixture
def good(site):
    """A working database 'good' beside the hostile one."""
    site.add("ghgcore-good", "1.0", {"good": "plug_good:Good"}, {"plug_good": GOOD})
    return site


@pytest.mark.parametrize("case", sorted(ON_IMPORT))
def test_a_plugin_that_fails_on_import(good, capsys, case):
    """Raising, sys.exit, BaseException, its own KeyboardInterrupt on import: listed as failed, others listed."""
    source, message = ON_IMPORT[case]
    install(good, source)
    assert_listed_as_failed(capsys, "hostile", message)
    if case == "KeyboardInterrupt of its own":
        return  # from Python it cannot be told from Ctrl-C (test_keyboard_interrupt_of_a_plugin_from_python...)
    with pytest.raises(DatabaseLoadError, match=r"'hostile' \(distribution ghgcore-hostile 0\.1\)"):
        p.get_database("hostile")


@pytest.mark.parametrize("case", sorted(IN_CLASS))
def test_a_plugin_whose_class_misbehaves(good, capsys, case):
    """Raising in __init__ or a metadata property, metadata of the wrong type: failed, with the reason."""
    source, message = IN_CLASS[case]
    install(good, bad(source))
    assert_listed_as_failed(capsys, "hostile", message)
    assert not status_of("hostile").ok
    with pytest.raises(DatabaseLoadError, match=message):
        p.load_factors("hostile")
    with pytest.raises(DatabaseLoadError, match="hostile"):
        resolve(["hostile"])


@pytest.mark.parametrize("case", sorted(IN_METHOD))
def test_a_plugin_whose_methods_misbehave(good, capsys, tmp_path, case):
    """load(), crosswalks(), account_mapping(), price_indices() raising or wrong: a DatabaseError naming it."""
    source, message = IN_METHOD[case]
    install(good, bad(source))
    with pytest.raises(DatabaseError, match=message) as info:
        resolve(["good", "hostile"])
    assert "'hostile' (distribution ghgcore-hostile 0.1)" in str(info.value)
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit,year\ndiesel,1,L,2024\n", encoding="utf-8")
    assert 2 == main(["calculate", str(acts), "--factors", "good", "--factors", "hostile"])
    err = capsys.readouterr().err
    assert err.startswith("ghgcore: error: factor database 'hostile'"), err
    assert 1 == len(err.strip().splitlines()), err
    assert "Traceback" not in err
    # the good database alone still works
    assert 0 == main(["calculate", str(acts), "--factors", "good", "-o", str(tmp_path / "out.txt")])


@pytest.mark.parametrize(
    "case",
    ["load raises", "load wrong type", "crosswalks raise", "crosswalks hold strings", "crosswalks exit"],
)
def test_factors_show_names_the_database(good, capsys, case):
    """`factors show` (with and without --activity) fails in one line naming the database."""
    source, message = IN_METHOD[case]
    install(good, bad(source))
    for args in (["factors", "show", "hostile"], ["factors", "show", "hostile", "--activity", "diesel"]):
        assert 2 == main(args)
        out, err = capsys.readouterr()
        assert "" == out
        assert err.startswith("ghgcore: error: factor database 'hostile'"), err
        assert 1 == len(err.strip().splitlines()), err
    with pytest.raises(DatabaseError, match=message):
        lookup("hostile", "diesel")


def test_conformance_suite_reports_instead_of_raising(site):
    """check_database() of a hostile plugin is a list of problems, never an exception."""
    for n, source in enumerate([*(s for s, _ in IN_CLASS.values()), *(s for s, _ in IN_METHOD.values())]):
        name = f"h{n}"
        install(site, bad(source), name=name, target=f"plug_h{n}:Bad")
        problems = check_database(name)
        assert isinstance(problems, list)
        assert all(isinstance(problem, str) for problem in problems)


def test_years_claimed_absurdly_is_a_problem_not_a_hang(site):
    """A database claiming years 0..10**9 is reported, not iterated."""
    install(site, bad("years = (0, 10**9)"))
    assert any("claims years 0-1000000000" in problem for problem in check_database("hostile"))


def test_keyboard_interrupt_of_a_plugin_from_python_is_the_users(site):
    """Without the CLI's signal handling a KeyboardInterrupt cannot be told from Ctrl-C: it propagates."""
    install(site, "raise KeyboardInterrupt")
    with pytest.raises(KeyboardInterrupt):
        p.get_database("hostile")


def test_a_plugin_that_exits_on_import_in_a_fresh_process(good):
    """`ghgcore factors list` with a plugin calling sys.exit(0) on import: listed as failed, not an empty list."""
    install(good, "import sys\nsys.exit(0)")
    proc = subprocess.run(
        [sys.executable, "-m", "ghgcore", "factors", "list"],
        capture_output=True, text=True, check=False, env=_env(good.root),
    )  # fmt: skip
    assert 0 == proc.returncode, proc.stderr
    assert "Traceback" not in proc.stderr
    [line] = [line for line in proc.stdout.splitlines() if line.startswith("hostile ")]
    assert "failed:" in line
    assert "sys.exit(0)" in line
    assert any(line.startswith("good ") for line in proc.stdout.splitlines())


def _env(root: Path) -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])}


@pytest.mark.parametrize(
    "entry_points",
    [
        "[ghgcore.factors]\nthis line is garbage\n",
        "[ghgcore.factors]\n=\n",
        "[ghgcore.factors]\nname =\n[[[",
    ],
)
def test_a_distribution_with_unreadable_entry_points(good, capsys, entry_points):
    """One distribution whose entry_points.txt cannot be parsed hides no other; it is listed as failed."""
    info = good.root / "ghgcore_garbage-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ghgcore-garbage\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    p.refresh()
    status, out, err = listed(capsys)
    assert 0 == status, err
    assert any(line.startswith("good ") and line.rstrip().endswith("ok") for line in out.splitlines())
    [line] = [line for line in out.splitlines() if "ghgcore-garbage" in line]
    assert line.startswith("(unreadable)")
    assert "cannot be read" in line or "an entry point without a name" in line
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", p.DatabaseWarning)
        assert "good" in {s.name for s in p.database_status()}
        p.default_databases()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("default", "reserved"),
        ("none", "reserved"),
        ("mine.csv", "factors CSV file"),
        ("bell\x07", "cannot be printed"),
    ],
)
def test_names_that_cannot_be_used(good, capsys, name, message):
    """A database registered as 'default', 'none', '*.csv' or with control characters: failed, printed safely."""
    good.add("ghgcore-named", "1.0", {name: "plug_good:Good"}, {})
    p.refresh()
    with pytest.raises(DatabaseLoadError, match=message):
        p.get_database(name)
    status, out, _ = listed(capsys)
    assert 0 == status
    assert "\x07" not in out
    assert any("ghgcore-named" in line and message in line for line in out.splitlines()), out


def test_control_characters_in_metadata_are_escaped(site, capsys):
    """A description with terminal escapes and new lines is one cell, escaped, never obeyed."""
    install(
        site, bad("description = '\\x1b[2J\\x1b[31mred\\nsecond'"), name="shouty", target="plug_shouty:Bad"
    )
    status, out, _ = listed(capsys)
    assert 0 == status
    assert "\x1b" not in out
    [line] = [line for line in out.splitlines() if line.startswith("shouty ")]
    assert line.rstrip().endswith("ok")
    assert 0 == main(["factors", "show", "shouty"])
    shown = capsys.readouterr().out
    assert "\x1b" not in shown
    assert "\\x1b[31mred" in shown


def test_what_a_plugin_prints_stays_out_of_the_report(good, tmp_path, capsys):
    """A plugin printing while it loads: on standard error, the JSON report on standard output still parses."""
    install(good, bad("def load(self):\n    print('hello from the plugin')\n    return Good.load(self)"))
    acts = tmp_path / "a.csv"
    acts.write_text("activity,amount,unit,year\ndiesel,2,L,2024\n", encoding="utf-8")
    assert 0 == main(["calculate", str(acts), "--factors", "hostile", "--format", "json"])
    out, err = capsys.readouterr()
    assert 5.0 == pytest.approx(json.loads(out)["scopes"]["1"])
    assert "hello from the plugin" in err


def test_the_api_names_the_database_for_a_class_passed_directly():
    """A hostile class passed directly (no entry point) fails the same way, named by its class."""
    from ghgcore.plugins import FactorDatabase

    class Loud(FactorDatabase):
        version = "1"

        def load(self):  # type: ignore[override]
            raise SystemExit("no")

    with pytest.raises(DatabaseLoadError, match=r"factor database 'Loud'|Loud.*sys.exit\('no'\)"):
        calculate([Activity.of("diesel", 1, "L")], Loud)


# --------------------------------------------------------------------------
# input reader plugins


READER = """
from ghgcore import ActivityTable
from ghgcore.readers import Reader

class Tsv(Reader):
    name = "tsv"
    description = "tab-separated activities"

    def guess_can_open(self, path, head):
        return path.endswith(".tsv")

    def read(self, path, options):
        with open(path, encoding="utf-8") as f:
            rows = [line.split("\\t") for line in f.read().splitlines()]
        return ActivityTable.from_records([dict(zip(rows[0], r)) for r in rows[1:]], source=path)
"""


def reader_bad(member: str) -> str:
    return READER + "\n\nclass Bad(Tsv):\n" + textwrap.indent(textwrap.dedent(member), "    ") + "\n"


@pytest.fixture
def readers_site(site):
    """The `site` fixture, with reader plugins and the reader registry forgotten before and after."""
    registry.refresh()
    yield site
    registry.refresh()


def add_reader(site, source: str, name: str = "tsv", module: str = "plug_tsv", target: str = "Bad") -> None:
    info = site.root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[ghgcore.readers]\n{name} = {module}:{target}\n", encoding="utf-8"
    )
    (site.root / f"{module}.py").write_text(source, encoding="utf-8")
    registry.refresh()


@pytest.fixture
def tsv(tmp_path) -> Path:
    path = tmp_path / "lines.tsv"
    path.write_text("activity\tamount\tunit\tyear\ndiesel\t2\tL\t2024\n", encoding="utf-8")
    return path


@pytest.fixture
def csv(tmp_path) -> Path:
    path = tmp_path / "lines.csv"
    path.write_text("activity,amount,unit,year\ndiesel,2,L,2024\n", encoding="utf-8")
    return path


GUESS = {
    "raises": "def guess_can_open(self, path, head):\n    raise RuntimeError('guess boom')",
    "exits": "def guess_can_open(self, path, head):\n    raise SystemExit(7)",
    "its own KeyboardInterrupt": "def guess_can_open(self, path, head):\n    raise KeyboardInterrupt",
    "unanswerable": "def guess_can_open(self, path, head):\n    import numpy\n    return numpy.array([1, 2])",
}


@pytest.mark.parametrize("case", sorted(GUESS))
def test_a_reader_that_fails_in_guess_can_open(readers_site, csv, tsv, capsys, case):
    """A reader raising in guess_can_open is left out with a warning; the built-in readers still read."""
    add_reader(readers_site, reader_bad(GUESS[case]))
    if case == "its own KeyboardInterrupt":  # from Python, taken for Ctrl-C
        with pytest.raises(KeyboardInterrupt):
            read(tsv)
    else:
        with (
            pytest.warns(GhgcoreWarning, match="'tsv'.*failed in guess_can_open"),
            pytest.raises(InputError, match="neither an activities CSV"),
        ):
            read(tsv)
        with pytest.raises(InputError, match="failed in guess_can_open"):
            reader("tsv")
    assert isinstance(read(csv), ActivityTable)  # the built-in readers are asked first
    registry.refresh()
    assert 2 == main(["calculate", str(tsv), "--factors", "none"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "ghgcore: warning: input reader 'tsv' (plug_tsv:Bad) failed in guess_can_open" in err
    assert "ghgcore: error:" in err
    assert 2 == len(err.strip().splitlines()), err


READ = {
    "raises": (
        "def read(self, path, options):\n    raise ValueError('bad tsv')",
        "failed: ValueError: bad tsv",
    ),
    "exits": (
        "def read(self, path, options):\n    raise SystemExit(9)",
        r"failed: SystemExit: called sys.exit\(9\)",
    ),
    "BaseException": (
        "def read(self, path, options):\n    class Boom(BaseException):\n        pass\n    raise Boom('x')",
        "failed: Boom: x",
    ),
    "wrong type": (
        "def read(self, path, options):\n    return [1, 2]",
        "returned list, expected an ActivityTable",
    ),
    "None": ("def read(self, path, options):\n    return None", "returned NoneType"),
}


@pytest.mark.parametrize("case", sorted(READ))
def test_a_reader_that_fails_in_read(readers_site, tsv, tmp_path, capsys, case):
    """A reader raising (anything) in read, or returning the wrong thing: an InputError naming it and the file."""
    source, message = READ[case]
    add_reader(readers_site, reader_bad(source))
    with pytest.raises(InputError, match=message) as info:
        read(tsv)
    assert str(tsv) in str(info.value)
    assert "input reader 'tsv' (plug_tsv:Bad)" in str(info.value)
    with pytest.raises(InputError, match=message):
        read(tsv, "tsv")
    assert 2 == main(["calculate", str(tsv), "--factors", "none", "--input-format", "tsv"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert 1 == len(err.strip().splitlines()), err


@pytest.mark.parametrize(
    "source",
    [
        "raise SystemExit(1)",
        "class Boom(BaseException):\n    pass\nraise Boom()",
        "raise KeyboardInterrupt",
        "Bad = 3",
        "class Bad:\n    def __init__(self):\n        raise SystemExit('init')",
    ],
)
def test_a_reader_that_fails_to_load_breaks_no_other(readers_site, csv, tsv, capsys, source):
    """A reader failing on import (sys.exit, a BaseException, not a Reader): left out, named when asked for."""
    add_reader(readers_site, source)
    assert 2 == main(["calculate", str(tsv), "--factors", "none", "--input-format", "tsv"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "ghgcore: error: input reader 'tsv' (plug_tsv:Bad)" in err
    registry.refresh()
    if "KeyboardInterrupt" in source:  # from Python, taken for Ctrl-C
        with pytest.raises(KeyboardInterrupt):
            read(csv)
        return
    with pytest.warns(GhgcoreWarning, match="input reader 'tsv'"):
        assert isinstance(read(csv), ActivityTable)
    with pytest.raises(InputError, match="input reader 'tsv'"):
        reader("tsv")


def test_a_working_reader_plugin_still_reads(readers_site, tsv):
    """The guards change nothing for a reader that behaves."""
    add_reader(readers_site, READER, target="Tsv")
    table = read(tsv)
    assert isinstance(table, ActivityTable)
    assert [2.0] == table.amount.tolist()
