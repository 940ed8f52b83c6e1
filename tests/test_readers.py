"""Tests for ghgcore.readers: detection in one place, local files only, plugin readers."""

from __future__ import annotations

import pytest

from ghgcore import ActivityTable
from ghgcore.errors import InputError
from ghgcore.ledger import Ledger
from ghgcore.readers import Reader, ReadOptions, guess_reader, read, reader, readers

from .test_ledger import EXAMPLE


def test_builtin_readers_in_order():
    """The built-in formats are there, in the order they are asked."""
    assert ["factors", "mapping", "activities", "saft", "ledger"] == list(readers())[:5]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("lines.csv", "activity,amount,unit\ndiesel,1,L\n", "activities"),
        ("lines.csv", "\ufeffActivity , Amount,unit\ndiesel,1,L\n", "activities"),
        ("gl.csv", "account,amount,date\n6551,100,2023-01-01\n", "ledger"),
        ("gl.csv", '"Date","Account","Amount"\n2023-01-01,6551,100\n', "ledger"),
        ("export.txt", "  <?xml version='1.0'?><AuditFile/>", "saft"),
        ("SAF-T.XML", "", "saft"),
    ],
)
def test_detection(tmp_path, name, text, expected):
    """Each format is recognised from its name or first bytes."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert expected == guess_reader(path).name


def test_unknown_file_names_every_format(tmp_path):
    """A CSV of neither kind is refused, naming the formats there are."""
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="activities, saft, ledger"):
        guess_reader(path)


def test_missing_file_and_folder(tmp_path):
    """A missing file and a folder are clear errors."""
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="a folder"):
        read(tmp_path)


def test_urls_are_refused():
    """Inputs are local files: a URL is not fetched."""
    with pytest.raises(InputError, match="local files"):
        read("http://example.org/lines.csv", "activities")


def test_unknown_format_name():
    """An unknown format name lists the known ones."""
    with pytest.raises(InputError, match="expected one of factors, mapping, activities, saft, ledger"):
        reader("excel")


def test_read_gives_tables_and_ledgers(tmp_path):
    """An activities CSV reads as a table, a SAF-T file as a ledger; a ledger CSV takes the currency."""
    path = tmp_path / "gl.csv"
    path.write_text("account,amount,date\n6551,100,2023-01-01\n", encoding="utf-8")
    assert isinstance(read(EXAMPLE), Ledger)
    ledger = read(path, options=ReadOptions(currency=" sek"))
    assert isinstance(ledger, Ledger)
    assert "SEK" == ledger.currency


def test_a_plugin_reader(site, tmp_path):
    """A package registering a reader in 'ghgcore.readers' is asked after the built-in ones."""
    import ghgcore.readers as registry

    info = site.root / "tsv_reader-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tsv-reader\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[ghgcore.readers]\ntsv = tsv_reader:TsvReader\n", encoding="utf-8"
    )
    (site.root / "tsv_reader.py").write_text(
        "from ghgcore import ActivityTable\n"
        "from ghgcore.readers import Reader\n"
        "class TsvReader(Reader):\n"
        "    name = 'tsv'\n"
        "    description = 'tab-separated activities'\n"
        "    def guess_can_open(self, path, head):\n"
        "        return path.endswith('.tsv')\n"
        "    def read(self, path, options):\n"
        "        with open(path, encoding='utf-8') as f:\n"
        "            rows = [line.split('\\t') for line in f.read().splitlines()]\n"
        "        return ActivityTable.from_records([dict(zip(rows[0], r)) for r in rows[1:]], source=path)\n",
        encoding="utf-8",
    )
    path = tmp_path / "lines.tsv"
    path.write_text("activity\tamount\tunit\ndiesel\t5\tL\n", encoding="utf-8")
    registry.refresh()
    try:
        table = read(path)
        assert isinstance(table, ActivityTable)
        assert [5.0] == table.amount.tolist()
        assert isinstance(reader("tsv"), Reader)
    finally:
        registry.refresh()


def test_a_broken_plugin_reader_breaks_no_other(site, tmp_path):
    """A reader that raises on import is left out with a warning, and named when asked for."""
    import ghgcore.readers as registry
    from ghgcore.errors import GhgcoreWarning

    info = site.root / "bad_reader-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: bad-reader\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[ghgcore.readers]\nbad = bad_reader:Bad\n", encoding="utf-8")
    (site.root / "bad_reader.py").write_text("raise SystemExit('no')\n", encoding="utf-8")
    path = tmp_path / "lines.csv"
    path.write_text("activity,amount,unit\ndiesel,1,L\n", encoding="utf-8")
    registry.refresh()
    try:
        with pytest.warns(GhgcoreWarning, match="'bad'.*SystemExit"):
            assert isinstance(read(path), ActivityTable)
        with pytest.raises(InputError, match="failed to load"):
            reader("bad")
    finally:
        registry.refresh()
