"""Tests for reading the activities CSV format with pyarrow (ghgcore._csv and ActivityTable.from_csv).

The pyarrow reader must give the same table as the pandas reader it
replaced (``read_text_frame`` and a column of Python strings per field),
line numbers aside where that one was wrong.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore import ActivityFileError, ActivityTable
from ghgcore._columns import Categorical
from ghgcore._reference import read_text_frame
from ghgcore.activities import REQUIRED_COLUMNS


def _plain(table: ActivityTable, *, lines: bool = True) -> dict:
    """A table as plain Python values, for comparing two tables with ==."""
    out = {
        "activity": table.activity.to_numpy().tolist(),
        "amount": [None if math.isnan(x) else x for x in table.amount.tolist()],
        "unit": table.unit.to_numpy().tolist(),
        "region": table.region.to_numpy().tolist(),
        "year": table.year.tolist(),
        "scope": table.scope.tolist(),
        "category": table.category.tolist(),
        "site": table.site.to_numpy().tolist(),
        "id": table.id.to_numpy().tolist(),
        "tags": {k: v.to_numpy().tolist() for k, v in table.tags.items()},
        "categories": (table.activity.categories, table.unit.categories, table.region.categories),
        "problems": [
            (int(r), p.field, p.value, p.expected)
            for r, p in zip(table.problems.row, table.problems, strict=True)
        ],
    }
    if lines:
        out["line"] = table.line.tolist()
        out["problem_lines"] = [p.line for p in table.problems]
    return out


def _old_way(path, encoding: str = "utf-8") -> ActivityTable:
    """The table as the pandas reader made it: a column of Python strings per field."""
    frame = read_text_frame(path, REQUIRED_COLUMNS, ActivityFileError, encoding=encoding)
    columns = {str(name): frame[name].to_numpy(dtype=object) for name in frame.columns}
    return ActivityTable._build(columns, np.arange(2, len(frame) + 2, dtype=np.int64), str(path))


TRICKY = (
    "\ufeffActivity , AMOUNT,Unit,region,year,scope,category,cost centre,Site\n"
    'diesel,"1000",L,no,2024,1,,"Oslo, main",A\n'
    "  diesel  ,  12.5  ,  L  ,  se  , 2023 ,,, x ,\n"
    'diesel,"12,5",L,NO,2024,,,,\n'
    "diesel,n/a,L,NO,2024,,,,\n"
    "diesel,,L,NO,2024,,,,\n"
    "diesel,inf,L,NO,2024,,,,\n"
    "diesel,nan,L,NO,2024,,,,\n"
    "diesel,1e400,L,NO,2024,,,,\n"
    "diesel,true,L,NO,2024,,,,\n"
    "diesel,0x10,L,NO,2024,,,,\n"
    "diesel,1_000,L,NO,2024,,,,\n"
    "diesel,+.5e-3,L,NO,2024,,,,\n"
    ",5,L,NO,2024,,,,\n"
    "diesel,1,furlongs_x,,1066,5,16,,\n"
    "diesel,1,,,2024.0,3,4,,\n"
    "steel,2,t,DK,2024,2,6,,\n"
    'steel,"3",t,"",2024,,,"say ""hi""",B\n'
)


class TestSameAsPandas:
    def test_tricky_file(self, tmp_path):
        """BOM, quoted commas, white space, header case, empty cells, bad values of each kind, tags."""
        path = tmp_path / "a.csv"
        path.write_text(TRICKY, encoding="utf-8")
        new = ActivityTable.from_csv(path)
        assert _plain(_old_way(path)) == _plain(new)
        assert ["cost centre"] == list(new.tags)
        assert [1000.0, 12.5] == new.amount[:2].tolist()
        amount_problems = [(p.line, p.value) for p in new.problems if p.field == "amount"]
        assert [
            (4, "12,5"),
            (5, "n/a"),
            (6, ""),
            (7, "inf"),
            (8, "nan"),
            (9, "1e400"),
            (10, "true"),
            (11, "0x10"),
            (12, "1_000"),
        ] == amount_problems

    def test_crlf_line_ends(self, tmp_path):
        """Windows line ends read the same as Unix ones."""
        path = tmp_path / "a.csv"
        path.write_bytes(TRICKY.replace("\n", "\r\n").encode("utf-8"))
        assert _plain(_old_way(path)) == _plain(ActivityTable.from_csv(path))

    @pytest.mark.parametrize(
        "body",
        [
            "diesel,1,L\ndiesel,2\n",  # a short row: pandas fills it with empty cells
            'diesel, "12.5", L\ndiesel, "1,5",L\n',  # a space before a quote: unquoted as pandas does
        ],
    )
    def test_what_pyarrow_reads_otherwise_is_read_by_pandas(self, tmp_path, body):
        """Files pyarrow would read differently from pandas load as before."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit\n" + body, encoding="utf-8")
        assert _plain(_old_way(path)) == _plain(ActivityTable.from_csv(path))

    def test_header_names_as_pandas_gives_them(self, tmp_path):
        """A repeated tag name gets '.1', a blank one 'Unnamed: i', as with pandas."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit,x,x,\ndiesel,1,L,a,b,c\n", encoding="utf-8")
        new = ActivityTable.from_csv(path)
        assert ["x", "x.1", "Unnamed: 5"] == list(new.tags)
        assert _plain(_old_way(path)) == _plain(new)

    def test_a_cell_more_on_every_line_shifts_nothing(self, tmp_path):
        """Where pandas took the first column for an index, the cells stay under their names, the extra one reported."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit\ndiesel,1,L,NO\ndiesel,2,L,\n", encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert ["diesel", "diesel"] == table.activity.to_numpy().tolist()
        assert [1.0, 2.0] == table.amount.tolist()
        assert [(2, "(row)", "NO")] == [(p.line, p.field, p.value) for p in table.problems]

    def test_latin_1(self, tmp_path):
        """Another encoding, when asked for, reads the same."""
        path = tmp_path / "a.csv"
        path.write_bytes("activity,amount,unit,site\nfjernvarme,1,kWh,Tromsø\n".encode("latin-1"))
        new = ActivityTable.from_csv(path, encoding="latin-1")
        assert ["Tromsø"] == new.site.to_numpy().tolist()
        assert _plain(_old_way(path, "latin-1")) == _plain(new)

    def test_header_only(self, tmp_path):
        """A header without lines is an empty table."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit,region\n", encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert 0 == len(table)
        assert _plain(_old_way(path)) == _plain(table)


class TestLineNumbers:
    def test_blank_lines_are_skipped_but_counted(self, tmp_path):
        """A row's number is the physical line it is on, blank lines included."""
        path = tmp_path / "a.csv"
        path.write_text("\nactivity,amount,unit\n\ndiesel,1,L\n   \n\t\ndiesel,n/a,L\n\n\n", encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert [4, 7] == table.line.tolist()
        assert [(7, "amount", "n/a")] == [(p.line, p.field, p.value) for p in table.problems]

    def test_indented_lines_are_not_blank(self, tmp_path):
        """Lines that start with white space count as lines; lines of white space only do not."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit\n\n  diesel,1,L\n   \n\t diesel,n/a,L\n", encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert [3, 5] == table.line.tolist()
        assert ["diesel", "diesel"] == table.activity.to_numpy().tolist()

    def test_value_over_several_lines(self, tmp_path):
        """A quoted value with a line break: the next row's number counts both lines."""
        path = tmp_path / "a.csv"
        path.write_text('activity,amount,unit,note\ndiesel,1,L,"two\nlines"\ndiesel,x,L,\n', encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert ("two\nlines",) == table.tags["note"].categories
        assert [2, 4] == table.line.tolist()

    def test_lone_carriage_returns(self, tmp_path):
        """Old Mac line ends are line ends too."""
        path = tmp_path / "a.csv"
        path.write_bytes(b"activity,amount,unit\r\rdiesel,1,L\rdiesel,2,L")
        table = ActivityTable.from_csv(path)
        assert [3, 4] == table.line.tolist()
        assert [1.0, 2.0] == table.amount.tolist()

    def test_no_final_line_end(self, tmp_path):
        """The last line needs no line end."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit\ndiesel,1,L\ndiesel,2,L", encoding="utf-8")
        assert [2, 3] == ActivityTable.from_csv(path).line.tolist()


class TestFileErrors:
    def test_row_longer_than_the_header_names_its_line(self, tmp_path):
        """A row with values after the header's cells is unresolved, naming its line and those values."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit\ndiesel,1,L\ndiesel,1,L,x,y\n", encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert [True, False] == table.valid.tolist()
        assert [
            "line 3, field '(row)': got 'x,y', expected 3 cells as in the header (any cells after them empty)"
        ] == [str(p) for p in table.problems]

    def test_a_column_named_twice(self, tmp_path):
        """Two columns the same but for case or spaces: refused, naming both, never one replacing the other."""
        path = tmp_path / "a.csv"
        path.write_text("activity,amount,unit,AMOUNT \ndiesel,1,L,5\n", encoding="utf-8")
        with pytest.raises(
            ActivityFileError, match=r"column 2 \('amount'\) and column 4 \('AMOUNT '\)"
        ) as info:
            ActivityTable.from_csv(path)
        assert str(path) in str(info.value)

    def test_bad_byte_after_the_first_block(self, tmp_path):
        """A byte that is not UTF-8 far into the file: 'not utf-8 text', not a pyarrow message."""
        path = tmp_path / "a.csv"
        path.write_bytes(b"activity,amount,unit\n" + b"diesel,1,L\n" * 5000 + b"\xff,1,L\n")
        with pytest.raises(ActivityFileError, match="not utf-8 text"):
            ActivityTable.from_csv(path)

    def test_quote_left_open(self, tmp_path):
        """A quote never closed is an error, as with pandas, not the rest of the file in one value."""
        path = tmp_path / "a.csv"
        path.write_text('activity,amount,unit\ndiesel,"12,5,L\ndiesel,1,L\n', encoding="utf-8")
        with pytest.raises(ActivityFileError, match="not a valid CSV file"):
            ActivityTable.from_csv(path)

    def test_only_blank_lines(self, tmp_path):
        """Blank lines only: the file is empty."""
        path = tmp_path / "a.csv"
        path.write_text("\n  \n\n", encoding="utf-8")
        with pytest.raises(ActivityFileError, match="the file is empty; expected a header row with activity"):
            ActivityTable.from_csv(path)

    def test_folder(self, tmp_path):
        """A folder is not a file: an ActivityFileError, not a traceback."""
        with pytest.raises(ActivityFileError, match="cannot read"):
            ActivityTable.from_csv(tmp_path)


class TestLargerFiles:
    def test_many_blocks_with_bad_values(self, tmp_path):
        """A file read in many blocks by several threads gives the same table as pandas."""
        rng = np.random.default_rng(7)
        n = 30_000
        amounts = np.array([repr(float(x)) for x in rng.lognormal(3, 1.5, n)], dtype=object)
        bad = rng.random(n) < 0.3
        amounts[bad] = rng.choice(np.array(["n/a", "1,5", "", " 7 "], dtype=object), int(bad.sum()))
        frame = pd.DataFrame(
            {
                "activity": rng.choice(np.array(["diesel", "power", " steel"], dtype=object), n),
                "amount": amounts,
                "unit": rng.choice(np.array(["L", "kWh", "t", "furlong_x", ""], dtype=object), n),
                "region": rng.choice(np.array(["NO", "se", ""], dtype=object), n),
                "year": rng.choice(np.array(["2023", "2024", "24", ""], dtype=object), n),
            }
        )
        path = tmp_path / "a.csv"
        frame.to_csv(path, index=False)
        new = ActivityTable.from_csv(path)
        assert _plain(_old_way(path)) == _plain(new)
        assert int(bad.sum()) - int((amounts[bad] == " 7 ").sum()) == int(np.isnan(new.amount).sum())


class TestFromDataFrame:
    def test_string_columns_of_every_kind(self):
        """Object, pyarrow-backed and categorical string columns give the same table."""
        data = {
            "activity": ["diesel", " diesel", None, "power"],
            "amount": ["1.5", "n/a", " 2 ", "1,5"],
            "unit": ["L", "L", "kWh", "kWh"],
            "year": ["2024", "", "1066", None],
        }
        as_object = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})
        as_arrow = pd.DataFrame({k: pd.Series(v, dtype=pd.StringDtype("pyarrow")) for k, v in data.items()})
        as_category = as_object.astype("category")
        expected = _plain(ActivityTable.from_dataframe(as_object))
        assert expected == _plain(ActivityTable.from_dataframe(as_arrow))
        assert expected == _plain(ActivityTable.from_dataframe(as_category))
        assert [1.5, None, 2.0, None] == expected["amount"]
        assert [2024, -1, -1, -1] == expected["year"]

    def test_float_years_with_gaps(self):
        """A float year column (NaN for gaps) is read without a Python object per cell."""
        frame = pd.DataFrame(
            {
                "activity": ["a"] * 4,
                "amount": [1.0] * 4,
                "unit": ["L"] * 4,
                "year": [2024.0, np.nan, 2024.5, 3e3],
            }
        )
        table = ActivityTable.from_dataframe(frame)
        assert [2024, -1, -1, -1] == table.year.tolist()
        assert [(3, "2024.5"), (4, "3000.0")] == [(p.line, p.value) for p in table.problems]


class TestCategoricalFromArrow:
    def test_chunks_with_their_own_dictionaries(self):
        """Chunks that each have a dictionary merge into one list of categories, in order of appearance."""
        import pyarrow as pa

        chunked = pa.chunked_array(
            [pa.array(["b ", "a", None]).dictionary_encode(), pa.array(["c", " b", ""]).dictionary_encode()]
        )
        c = Categorical.from_arrow(chunked)
        assert ("b", "a", "c") == c.categories
        assert [0, 1, -1, 2, 0, -1] == c.codes.tolist()

    def test_empty(self):
        """No chunks at all is an empty column."""
        import pyarrow as pa

        assert 0 == len(Categorical.from_arrow(pa.chunked_array([], type=pa.string())))


# ---------------------------------------------------------------- property

_text = st.text(alphabet=st.sampled_from(list('ab ,"\nNOse')), max_size=6)
_amount_text = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["n/a", "1,5", "", " 3 ", "inf", "nan", "1e400", "+.5", ".", "-", "1e", "TRUE"]),
    st.text(alphabet=st.sampled_from(list("0123456789.eE+- ,na")), max_size=6),
)
_rows = st.lists(
    st.fixed_dictionaries(
        {
            "activity": st.sampled_from(["diesel", "power", " steel ", ""]),
            "amount": _amount_text,
            "unit": st.sampled_from(["L", "kWh", " t", "", "furlong_x"]),
            "region": _text,
            "year": st.one_of(st.integers(1850, 2250).map(str), st.sampled_from(["", "24", "2024.0", "x"])),
        }
    ),
    max_size=25,
)


@given(_rows)
def test_from_csv_equals_from_records(rows):
    """Rows written with the csv module read back as from_records reads the same rows."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=["activity", "amount", "unit", "region", "year"])
    writer.writeheader()
    writer.writerows(rows)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        from_csv = ActivityTable.from_csv(path)
    from_records = ActivityTable.from_records(rows)
    assert _plain(from_records, lines=False) == _plain(from_csv, lines=False)


_AMOUNT_TEXTS = [
    *("1", "1.5", ".5", "5.", "-3", "+3", "1e5", "1E5", "1e+5", "1e-5", ".5e1", "5.e1", "0012", "-.5"),
    *("  12 ", "12 ", "\t12", "12\n", "\v12", "12\f", "1.7976931348623157e308", "1e-400"),
    *("e5", "1e", "1e+", "+", "-", ".", "", " ", "1,5", "1.2.3", "n/a", "NaN", "nan", "inf", "-inf"),
    *("Infinity", "1e400", "-1e400", "1.8e308", "0x10", "0x1p3", "1_000", "True", "false", "1d5"),
    *("١٢", "１２", "12abc", "--1", "+-1", "1 000", "½", "\u00a012", "\u200b12", "\x1c12", "-.e5", "NA"),
]


@pytest.mark.parametrize("text", _AMOUNT_TEXTS)
def test_pyarrow_amounts_read_as_pandas_did(text):
    """The vectorised amount parser takes exactly the numbers pandas' to_numeric took."""
    import pyarrow as pa

    from ghgcore.activities import _arrow_amounts, _to_float

    old = _to_float(np.array([text], dtype=object))[0]
    new = _arrow_amounts(pa.array([text]))[0]
    assert (None if math.isnan(old) else old) == (None if math.isnan(new) else new)


def test_utf_8_with_a_byte_order_mark_asked_for(tmp_path):
    """encoding='utf-8-sig' reads like 'utf-8', blank lines counted."""
    path = tmp_path / "a.csv"
    path.write_bytes("activity,amount,unit\n\ndiesel,1,L\n".encode("utf-8-sig"))
    assert [3] == ActivityTable.from_csv(path, encoding="utf-8-sig").line.tolist()


def test_reading_imports_neither_pint_nor_pandas(tmp_path):
    """Importing the module loads no pint, pyarrow or pandas; reading a clean file needs no pandas."""
    import subprocess
    import sys

    path = tmp_path / "a.csv"
    path.write_text("activity,amount,unit,region\ndiesel,1,L,NO\npower,2,kWh,\n", encoding="utf-8")
    code = (
        "import sys; import ghgcore.activities as a; "
        "print(sorted(m for m in ('pint', 'pyarrow', 'pandas') if m in sys.modules)); "
        f"a.ActivityTable.from_csv({str(path)!r}); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "[]\nFalse" == out.strip()
