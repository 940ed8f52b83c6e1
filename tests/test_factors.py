"""Tests for ghgcore.factors."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import attrs
import pandas as pd
import pytest

from ghgcore import EmissionFactor, FactorSet, FactorSetError
from ghgcore.factors import parse_years

HEADER = "activity,unit,gas,value,value_unit,region,year,scope,category,method,source\n"


class TestEmissionFactor:
    def test_gases_normalised_and_ordered(self):
        """Gas names are normalised and kept in the GWP table's order."""
        f = EmissionFactor("x", "kg", {"n2o": 1, "hfc134a": 2, "CO2": 3}, source="s")
        assert ["CO2", "N2O", "HFC-134a"] == list(f.gases)

    def test_currency_from_unit(self):
        """A factor per NOK is a monetary factor in NOK."""
        assert "NOK" == EmissionFactor("x", "NOK", {"CO2e": 0.1}, source="s", price_year=2019).currency
        assert EmissionFactor("x", "kWh", {"CO2": 0.1}, source="s").currency is None

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"source": ""}, "source is required"),
            ({"valid_from": 2024, "valid_to": 2020}, "before"),
            ({"scope": 1, "category": 3}, "scope 3 category"),
            ({"scope": 1, "method": "market"}, "scope 2"),
            ({"method": "residual"}, "'location', 'market'"),
        ],
    )
    def test_rejects(self, kwargs, message):
        """Inconsistent factors are refused with a reason."""
        args = {"source": "s", **kwargs}
        with pytest.raises(ValueError, match=message):
            EmissionFactor("x", "kWh", {"CO2": 1}, **args)

    def test_applies_to(self):
        """Validity is inclusive and may be open."""
        f = EmissionFactor("x", "kWh", {"CO2": 1}, source="s", valid_from=2020)
        assert (False, True, True) == (f.applies_to(2019), f.applies_to(2020), f.applies_to(2090))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, None)),
        ("2023", (2023, 2023)),
        ("2020-2023", (2020, 2023)),
        ("2020-", (2020, None)),
        ("-2023", (None, 2023)),
    ],
)
def test_parse_years(text, expected):
    """The year column: a year, a range, or open ends."""
    assert expected == parse_years(text)


@pytest.mark.parametrize("text", ["20x", "2023-2020", "-"])
def test_parse_years_rejects(text):
    """Anything else is refused."""
    with pytest.raises(ValueError, match="got"):
        parse_years(text)


class TestFactorSet:
    def test_long_format_groups_rows_and_converts_value_units(self, tmp_path):
        """Rows sharing the key form one factor; g and t become kg."""
        path = tmp_path / "f.csv"
        path.write_text(
            "# a comment\n"
            + HEADER
            + "diesel,L,CO2,2.5,kg,,2024,1,,,src\n"
            + "diesel,L,CH4,0.1,g,,2024,1,,,src\n"
            + "diesel,L,N2O,0.00002,t,,2024,1,,,src\n"
            + "diesel,L,CO2,2.4,kg,,2025,1,,,src\n",
            encoding="utf-8",
        )
        fs = FactorSet.from_csv(path)
        assert ("f", 2) == (fs.name, len(fs))
        first = fs.factor(0)
        assert {"CO2": 2.5, "CH4": 0.0001, "N2O": 0.02} == pytest.approx(first.gases)
        assert (2024, 2024, 1) == (first.valid_from, first.valid_to, first.scope)

    def test_all_problems_reported_with_file_lines(self, tmp_path):
        """A bad factor file is refused whole, listing every problem at its file line."""
        path = tmp_path / "f.csv"
        path.write_text(
            "# comment\n"
            + HEADER
            + "diesel,L,CO2,2.5,kg,,2024,1,,,src\n"  # line 3
            + "diesel,L,CO2,2.6,kg,,2024,1,,,src\n"  # line 4: gas twice
            + "petrol,L,XYZ,1,kg,,,1,,,src\n"  # line 5: unknown gas
            + "gas,kWh,CO2,abc,kg,,,1,,,src\n"  # line 6: value
            + "coal,kg,CO2,1,m,,,1,,,src\n"  # line 7: value unit
            + "wood,kg,CO2,1,kg,,,1,,,\n"  # line 8: source
            + "oil,L,CO2,1,kg,,,1,,,a\n"
            + "oil,L,CH4,1,kg,,,2,,,a\n",  # line 10: scope differs
            encoding="utf-8",
        )
        with pytest.raises(FactorSetError) as info:
            FactorSet.from_csv(path)
        got = [(i.line, i.field) for i in info.value.issues]
        assert [(4, "gas"), (5, "gas"), (6, "value"), (7, "value_unit"), (8, "source"), (10, "scope")] == got
        assert str(path) in str(info.value)

    def test_missing_column(self, tmp_path):
        """A missing required column names it."""
        path = tmp_path / "f.csv"
        path.write_text("activity,unit,gas,value\nx,kWh,CO2,1\n", encoding="utf-8")
        with pytest.raises(FactorSetError, match="'value_unit', 'source'"):
            FactorSet.from_csv(path)

    def test_ambiguous_factors_refused(self):
        """Two factors competing for the same lines are an error naming both."""
        factors = [
            EmissionFactor("x", "kWh", {"CO2": 1}, source="a", region="NO", valid_from=2020, valid_to=2022),
            EmissionFactor("x", "MWh", {"CO2": 900}, source="b", region="NO", valid_from=2021, valid_to=2023),
        ]
        with pytest.raises(FactorSetError, match="covers the same years"):
            FactorSet.from_factors(factors, name="dup")

    def test_narrower_validity_may_overlap(self):
        """A factor for one year inside a range is allowed: it is more specific."""
        factors = [
            EmissionFactor("x", "kWh", {"CO2": 1}, source="a", valid_from=2020, valid_to=2025),
            EmissionFactor("x", "kWh", {"CO2": 2}, source="b", valid_from=2023, valid_to=2023),
        ]
        assert 2 == len(FactorSet.from_factors(factors, name="ok"))

    def test_same_activity_in_units_of_other_dimensions_is_fine(self):
        """Per litre and per kWh are different factors, not duplicates."""
        factors = [
            EmissionFactor("diesel", "L", {"CO2": 2.6}, source="a"),
            EmissionFactor("diesel", "kWh", {"CO2": 0.26}, source="a"),
        ]
        assert 2 == len(FactorSet.from_factors(factors, name="ok"))

    def test_hash_is_content_only_and_stable(self, simple_factors):
        """The sha256 depends on the factors, not on the name or version, and not on the process."""
        again = FactorSet.from_factors(list(simple_factors), name="other", version="2")
        assert simple_factors.sha256 == again.sha256
        changed = FactorSet.from_factors(
            [
                *list(simple_factors)[:-1],
                EmissionFactor(
                    "software",
                    "EUR",
                    {"CO2e": 0.091},
                    source="test: eeio",
                    scope=3,
                    category=1,
                    price_year=2019,
                ),
            ],
            name="simple",
            version="1.0",
        )
        assert simple_factors.sha256 != changed.sha256

    def test_default_version_is_hash_prefix(self):
        """Without a version, a set is versioned by its content."""
        fs = FactorSet.from_factors([EmissionFactor("x", "kWh", {"CO2": 1}, source="a")], name="n")
        assert fs.sha256[:12] == fs.version

    def test_round_trip_through_factors(self, simple_factors):
        """factor(i) gives back what went in."""
        again = FactorSet.from_factors(list(simple_factors), name="simple", version="1.0")
        assert list(simple_factors) == list(again)

    def test_from_dataframe(self):
        """A long-format DataFrame works like the CSV."""
        frame = pd.DataFrame(
            [
                {
                    "activity": "x",
                    "unit": "kWh",
                    "gas": "CO2",
                    "value": 1.0,
                    "value_unit": "kg",
                    "source": "s",
                    "region": None,
                }
            ]
        )
        fs = FactorSet.from_dataframe(frame, name="df", version="1")
        assert {"CO2": 1.0} == fs.factor(0).gases
        assert fs.factor(0).region is None


def _write(tmp_path, text, name="f.csv", newline="\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8") if isinstance(text, str) else text)
    return path


def _columns(fs):
    names = ("activity", "unit", "region", "valid_from", "valid_to", "scope", "category", "method", "source")
    names += ("licence", "price_year", "id", "values")
    return {name: getattr(fs, name).tolist() for name in names} | {"gases": fs.gases}


class TestColumnarLoading:
    @pytest.mark.parametrize("newline", ["\n", "\r\n"])
    def test_comment_and_blank_lines_keep_physical_line_numbers(self, tmp_path, newline):
        """Comments and blank lines anywhere count as lines: a bad row is reported at its line in the file."""
        path = _write(
            tmp_path,
            "# header comment\n"
            "\n"
            + HEADER  # line 3
            + "diesel,L,CO2,2.5,kg,,2024,1,,,src\n"
            + "# a comment between rows\n"
            + "\n"
            + "   \n"
            + "petrol,L,CO2,oops,kg,,2024,1,,,src\n",  # line 8
            newline=newline,
        )
        with pytest.raises(FactorSetError) as info:
            FactorSet.from_csv(path)
        assert [(8, "value", "oops")] == [(i.line, i.field, i.value) for i in info.value.issues]

    def test_every_bad_row_is_reported(self, tmp_path):
        """A file with many bad rows lists each of them, with line, field, value and what was expected."""
        rows = []
        expected = []
        for i in range(300):
            line = len(rows) + 2
            if i % 3 == 0:
                rows.append(f"a{i},kWh,CO2,{i}.5x,kg,,,2,,,src\n")
                expected.append((line, "value", f"{i}.5x", "a finite number with '.' as decimal point"))
            elif i % 3 == 1:
                rows.append(f"a{i},kWh,CO2,1,kWh,,,2,,,src\n")
                expected.append((line, "value_unit", "kWh", "a mass unit such as g, kg or t"))
            else:
                rows.append(f"a{i},kWh,CO2,1,kg,,,2,,,src\n")
            if i % 50 == 0:
                rows.append("# a comment\n")
        path = _write(tmp_path, HEADER + "".join(rows))
        with pytest.raises(FactorSetError) as info:
            FactorSet.from_csv(path)
        assert expected == [(i.line, i.field, i.value, i.expected) for i in info.value.issues]
        assert 200 == len(info.value.issues)
        assert "... and 180 more" in str(info.value)

    def test_factor_fields_reported_by_name(self, tmp_path):
        """Scope, category, method and price year are each checked, and named, on the factor's first line."""
        path = _write(
            tmp_path,
            "activity,unit,gas,value,value_unit,scope,category,method,price_year,source\n"
            "a,kWh,CO2,1,kg,4,,,,s\n"
            "b,kWh,CO2,1,kg,3,16,,,s\n"
            "c,kWh,CO2,1,kg,2,,residual,,s\n"
            "d,NOK,CO2,1,kg,3,1,,1800,s\n"
            "e,kWh,CO2,1,kg,1,3,,,s\n"
            "f,kWh,CO2,1,kg,1,,market,,s\n",
        )
        with pytest.raises(FactorSetError) as info:
            FactorSet.from_csv(path)
        got = [(i.line, i.field, i.value) for i in info.value.issues]
        assert [
            (2, "scope", "4"),
            (3, "category", "16"),
            (4, "method", "residual"),
            (5, "price_year", "1800"),
            (6, "category", "3"),
            (7, "method", "market"),
        ] == got

    def test_row_longer_than_header_names_its_line(self, tmp_path):
        """A row with more cells than the header is an error naming the line."""
        path = _write(
            tmp_path, "# c\n" + HEADER + "diesel,L,CO2,2.5,kg,,2024,1,,,src\nx,L,CO2,1,kg,,,1,,,src,extra\n"
        )
        with pytest.raises(FactorSetError, match="rows longer than the header") as info:
            FactorSet.from_csv(path)
        assert [(4, "(row)")] == [(i.line, i.field) for i in info.value.issues]

    def test_short_rows_and_odd_comments_read_like_the_rest(self, tmp_path):
        """Rows with fewer cells than the header, and comments that look like rows, load as the plain file does."""
        header = "activity,unit,gas,value,value_unit,source,region,year,scope\n"
        plain = _write(
            tmp_path, header + "diesel,L,CO2,2.5,kg,src,NO,2024,1\npetrol,L,CO2,2.4,kg,src,,,\n", "a.csv"
        )
        odd = _write(
            tmp_path,
            header + "diesel,L,CO2,2.5,kg,src,NO,2024,1\n# a,comment,with,as,many,cells,as,the,header\n"
            "petrol,L,CO2,2.4,kg,src\n",
            "b.csv",
        )
        expected, got = FactorSet.from_csv(plain), FactorSet.from_csv(odd)
        assert 2 == len(got)
        assert _columns(expected) == _columns(got)
        assert expected.sha256 == got.sha256

    def test_large_file_loads_as_its_records(self, tmp_path):
        """Thousands of rows, the first half in runs and the rest shuffled, load as the same rows as records."""
        rows = []
        for i in range(3000):
            key = {
                "activity": f"a{i // 30}",
                "unit": "L" if i % 3 else "kWh",
                "region": ["NO", "SE", ""][i % 3],
            }
            key |= {
                "year": str(2000 + i % 30),
                "scope": "1",
                "source": f"s{i // 500}",
                "id": f"f{i}" if i % 7 else "",
            }
            rows += [key | {"gas": "CO2", "value": f"{i}.5", "value_unit": "kg"}]
            rows += [key | {"gas": "CH4", "value": f"{i}", "value_unit": "g"}]
        tail = rows[3000:]
        random.Random(5).shuffle(tail)
        rows[3000:] = tail
        columns = list(rows[0])
        text = ",".join(columns) + "\n" + "".join(",".join(row[c] for c in columns) + "\n" for row in rows)
        from_csv = FactorSet.from_csv(_write(tmp_path, text), name="n")
        from_records = FactorSet.from_records(rows, name="n")
        assert 3000 == len(from_csv)
        assert _columns(from_records) == _columns(from_csv)
        assert from_records.sha256 == from_csv.sha256

    def test_byte_order_mark_and_header_case(self, tmp_path):
        """A UTF-8 byte order mark is accepted; column names are matched without case or spaces."""
        text = " Activity ,UNIT,gas,value,value_unit,source\ndiesel,L,CO2,2.5,kg,src\n"
        path = _write(tmp_path, b"\xef\xbb\xbf" + text.encode())
        assert [("diesel", {"CO2": 2.5})] == [(f.activity, dict(f.gases)) for f in FactorSet.from_csv(path)]

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "the file is empty"),
            (b"# only a comment\n\n", "the file is empty"),
            (b"activity,unit,gas,value,value_unit,source\nx,kWh,CO2,1,kg,\xff\n", "not UTF-8 text"),
        ],
    )
    def test_unreadable_files(self, tmp_path, content, message):
        """Empty files and files that are not UTF-8 are refused with a message starting with the path."""
        path = _write(tmp_path, content)
        with pytest.raises(FactorSetError, match=message) as info:
            FactorSet.from_csv(path)
        assert str(info.value).startswith(str(path))

    def test_missing_file(self, tmp_path):
        """A file that is not there is a FactorSetError naming it."""
        with pytest.raises(FactorSetError, match="no such file"):
            FactorSet.from_csv(tmp_path / "nothing.csv")

    def test_header_only_is_an_empty_set(self, tmp_path):
        """A header without rows is a set of no factors."""
        assert 0 == len(FactorSet.from_csv(_write(tmp_path, HEADER + "# nothing yet\n")))

    def test_dataframe_of_numbers_and_missing_cells(self):
        """Numeric and missing cells of a DataFrame read as they would as text."""
        frame = pd.DataFrame(
            {
                "activity": ["x", "x", "y"],
                "unit": ["kWh"] * 3,
                "gas": ["CO2", "CH4", "CO2"],
                "value": [1.0, 0.5, 2.0],
                "value_unit": ["kg", "g", "kg"],
                "source": ["s"] * 3,
                "scope": [2, 2, None],
                "region": [None, None, "NO"],
            }
        )
        fs = FactorSet.from_dataframe(frame, name="df")
        assert [("x", {"CO2": 1.0, "CH4": 0.0005}, 2, None), ("y", {"CO2": 2.0}, None, "NO")] == [
            (f.activity, dict(f.gases), f.scope, f.region) for f in fs
        ]

    def test_ambiguous_factors_in_a_file_name_both_lines(self, tmp_path):
        """Competing factors and repeated ids in a file are reported at the later factor, naming the earlier."""
        path = _write(
            tmp_path,
            "activity,unit,gas,value,value_unit,region,year,scope,source,id\n"
            "x,kWh,CO2,1,kg,NO,2020-2022,2,a,\n"  # line 2
            "x,kWh,CH4,1,g,NO,2020-2022,2,a,\n"  # the same factor
            "x,kWh,CO2,2,kg,NO,2021,2,c,\n"  # narrower: allowed
            "x,MWh,CO2,900,kg,NO,2021-2023,2,b,\n"  # line 5: as wide as line 2's, and overlapping
            "y,kWh,CO2,1,kg,,,2,d,mine\n"  # line 6
            "z,kWh,CO2,1,kg,,,2,d,mine\n",  # line 7: the same id
        )
        with pytest.raises(FactorSetError, match="ambiguous factors") as info:
            FactorSet.from_csv(path)
        got = [
            (i.line, i.field, i.value, "line 2" in i.expected or "line 6" in i.expected)
            for i in info.value.issues
        ]
        assert [(5, "year", "2021-2023", True), (7, "id", "mine", True)] == got


class TestContentHash:
    def test_evolve_keeps_the_hash_without_recomputing(self, simple_factors, monkeypatch):
        """A new name, version or metadata keeps the sha256; it is not computed again."""
        before = simple_factors.sha256

        def fail(self):
            raise AssertionError("hash recomputed")

        monkeypatch.setattr(FactorSet, "_content_hash", fail)
        renamed = attrs.evolve(simple_factors, name="other", version="9", description="d", publisher="p")
        assert (before, "other", "9") == (renamed.sha256, renamed.name, renamed.version)

    def test_evolve_with_other_content_is_hashed_again(self, simple_factors):
        """Sets with other arrays get the hash of their own content, even through evolve."""
        values = simple_factors.values.copy()
        values[0, 0] += 1.0
        changed = attrs.evolve(simple_factors, values=values)
        assert simple_factors.sha256 != changed.sha256
        assert FactorSet.from_factors(list(changed), name="x").sha256 == changed.sha256

    def test_same_content_same_hash_changed_value_other_hash(self, tmp_path):
        """Two files with the same factors hash alike; a changed value, or another order, changes the hash."""
        rows = [
            "diesel,L,CO2,2.5,kg,,2024,1,,,src\n",
            "diesel,L,CH4,0.1,g,,2024,1,,,src\n",
            "coal,kg,CO2,2,kg,,,1,,,s\n",
        ]
        first = FactorSet.from_csv(_write(tmp_path, HEADER + "".join(rows), "a.csv"))
        again = FactorSet.from_csv(
            _write(tmp_path, "# same, with a comment\n" + HEADER + "".join(rows), "b.csv")
        )
        changed = FactorSet.from_csv(_write(tmp_path, HEADER + "".join(rows).replace("2.5", "2.6"), "c.csv"))
        reordered = FactorSet.from_csv(_write(tmp_path, HEADER + "".join([rows[2], *rows[:2]]), "d.csv"))
        assert first.sha256 == again.sha256
        assert first.sha256 != changed.sha256
        assert first.sha256 != reordered.sha256
        assert first.sha256[:12] == first.version

    def test_hash_is_the_same_in_another_process(self):
        """The sha256 uses no per-process state (such as Python's string hashing)."""
        code = (
            "from ghgcore import EmissionFactor, FactorSet; "
            "f = EmissionFactor('diesel', 'L', {'CO2': 2.5}, source='s', region='NO', valid_from=2020); "
            "print(FactorSet.from_factors([f], name='x').sha256)"
        )
        here = FactorSet.from_factors(
            [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="s", region="NO", valid_from=2020)], name="y"
        )
        env = {**os.environ, "PYTHONHASHSEED": "12345"}
        other = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        assert here.sha256 == other.stdout.strip()

    def test_dataframe_records_csv_and_factors_agree(self, tmp_path):
        """The same long-format rows give the same set, and hash, from a DataFrame, records, a CSV or factors."""
        text = (
            HEADER
            + "diesel,L,CO2,2.5,kg,NO,2020-2023,1,,,src\n"
            + "diesel,L,N2O,0.5,kg,NO,2020-2023,1,,,src\n"
            + "electricity,kWh,CO2,0.02,kg,no,2024,2,,Location,grid\n"
            + "software,EUR,CO2e,0.09,kg,,,3,1,,eeio\n"
        )
        path = _write(tmp_path, text)
        from_csv = FactorSet.from_csv(path, name="n")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        from_frame = FactorSet.from_dataframe(frame, name="n")
        from_records = FactorSet.from_records(frame.to_dict("records"), name="n")
        from_factors = FactorSet.from_factors(list(from_csv), name="n")
        assert _columns(from_csv) == _columns(from_frame) == _columns(from_records) == _columns(from_factors)
        assert from_csv.sha256 == from_frame.sha256 == from_records.sha256 == from_factors.sha256

    def test_arrays_are_read_only(self, simple_factors):
        """A set's arrays cannot be changed in place, so its hash stays true."""
        with pytest.raises(ValueError, match="read-only"):
            simple_factors.values[0, 0] = 1.0
