"""Tests for ghgcore.activities."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pint
import pytest

from ghgcore import Activity, ActivityFileError, ActivityTable
from ghgcore.units import get_registry


class TestActivity:
    def test_amount_forms(self):
        """A Quantity, a (number, unit) pair and a string give the same activity."""
        a = Activity("diesel", get_registry().Quantity(1000, "L"))
        assert (
            a
            == Activity("diesel", (1000, "L"))
            == Activity("diesel", "1000 L")
            == Activity.of("diesel", 1000, "L")
        )

    def test_foreign_registry_quantity_is_rebuilt(self):
        """A quantity from another registry is rebuilt in ghgcore's."""
        foreign = pint.UnitRegistry().Quantity(5, "kWh")
        a = Activity("electricity", foreign)
        assert a.amount._REGISTRY is get_registry()
        assert 5.0 == a.amount.to("kWh").magnitude

    def test_normalisation(self):
        """Keys are stripped, regions upper-cased, numbers parsed."""
        a = Activity(" diesel ", (1, "L"), region=" no-no1 ", year="2024", scope="1", site=" ")
        assert ("diesel", "NO-NO1", 2024, 1, None) == (a.activity, a.region, a.year, a.scope, a.site)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"amount": (math.nan, "L")}, "finite number"),
            ({"amount": (math.inf, "L")}, "finite number"),
            ({"amount": ("abc", "L")}, "finite number"),
            ({"amount": (1, "parsecs_of_diesel")}, "unknown unit"),
            ({"amount": "1000"}, "an amount and a unit"),
            ({"year": 1066}, "whole year"),
            ({"scope": 4}, "scope 1, 2 or 3"),
            ({"category": 16}, "1 to 15"),
            ({"scope": 1, "category": 4}, "scope 3 category"),
        ],
    )
    def test_rejects(self, kwargs, message):
        """Invalid activities raise, saying what was expected."""
        args = {"activity": "diesel", "amount": (1, "L"), **kwargs}
        with pytest.raises(ValueError, match=message):
            Activity(args.pop("activity"), args.pop("amount"), **args)

    def test_empty_key(self):
        """An activity needs a key."""
        with pytest.raises(ValueError, match="non-empty"):
            Activity("  ", (1, "L"))

    def test_hashable_and_frozen(self):
        """Value objects: equal activities hash equal and cannot be changed."""
        a, b = Activity.of("diesel", 1, "L", tags={"x": "1"}), Activity.of("diesel", 1, "L", tags={"x": "1"})
        assert hash(a) == hash(b)
        with pytest.raises(AttributeError):
            a.activity = "petrol"  # type: ignore[misc]


class TestActivityTable:
    def test_from_activities_round_trip(self):
        """Iterating a table gives the activities back."""
        acts = [
            Activity.of("diesel", 1.5, "L", region="NO", year=2024, site="A", tags={"dept": "x"}),
            Activity.of("electricity", 2, "MWh", scope=2),
        ]
        table = ActivityTable.from_activities(acts)
        assert acts == list(table)
        assert [1, 2] == table.line.tolist()

    def test_from_activities_type_check(self):
        """Only Activity objects."""
        with pytest.raises(TypeError, match="item 2"):
            ActivityTable.from_activities([Activity.of("a", 1, "L"), {"activity": "b"}])  # type: ignore[list-item]

    def test_csv_bad_lines_are_kept_with_line_field_and_expectation(self, tmp_path):
        """Every bad line is reported by line, field and what was expected; the rest loads."""
        path = tmp_path / "a.csv"
        path.write_text(
            "activity,amount,unit,region,year,scope,category\n"
            "diesel,1000,L,NO,2024,,\n"  # line 2: fine
            'diesel,"12,5",L,NO,2024,,\n'  # line 3: decimal comma
            ",5,L,NO,2024,,\n"  # line 4: no key
            "diesel,inf,L,,,,\n"  # line 5: not finite
            "diesel,1,bogus_unit,,,,\n"  # line 6: unknown unit
            "diesel,1,L,,24,,\n"  # line 7: bad year
            "diesel,1,L,,,5,\n"  # line 8: bad scope
            "diesel,1,L,,,2,6\n"  # line 9: category with scope 2
            "diesel,,L,,,,\n",  # line 10: empty amount
            encoding="utf-8",
        )
        table = ActivityTable.from_csv(path)
        assert 9 == len(table)
        got = [(p.line, p.field, p.value) for p in table.problems]
        assert [
            (3, "amount", "12,5"),
            (4, "activity", ""),
            (5, "amount", "inf"),
            (6, "unit", "bogus_unit"),
            (7, "year", "24"),
            (8, "scope", "5"),
            (9, "category", "6"),
            (10, "amount", ""),
        ] == got
        assert [True] + [False] * 8 == table.valid.tolist()
        assert all(p.expected for p in table.problems)

    def test_csv_extra_columns_are_tags(self, tmp_path):
        """Columns outside the format are kept as tags; header case is ignored for known columns."""
        path = tmp_path / "a.csv"
        path.write_text("Activity,AMOUNT,unit,cost_centre\ndiesel,1,L,42\n", encoding="utf-8")
        table = ActivityTable.from_csv(path)
        assert ["42"] == table.tags["cost_centre"].to_numpy().tolist()
        assert not table.problems

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("activity,unit\ndiesel,L\n", "missing required column 'amount'"),
            ("", "empty"),
            (b"activity,amount,unit\n\xff\xfe,1,L\n", "not utf-8"),
        ],
    )
    def test_csv_file_errors(self, tmp_path, content, message):
        """A file that cannot be read at all raises, naming the file and the problem."""
        path = tmp_path / "a.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(ActivityFileError, match=message) as info:
            ActivityTable.from_csv(path)
        assert str(path) in str(info.value)

    def test_missing_file(self, tmp_path):
        """A missing file is an ActivityFileError, not a traceback."""
        with pytest.raises(ActivityFileError, match="no such file"):
            ActivityTable.from_csv(tmp_path / "nope.csv")

    def test_from_dataframe_categorical_and_numeric(self):
        """Categorical and numeric DataFrame columns are read without copying to strings."""
        frame = pd.DataFrame(
            {
                "activity": pd.Categorical(["diesel", "power", "diesel"]),
                "amount": [1.0, 2.0, 3.0],
                "unit": pd.Categorical(["L", "kWh", "L"]),
                "year": np.array([2023, 2024, 3000]),
            }
        )
        table = ActivityTable.from_dataframe(frame)
        assert ["diesel", "power", "diesel"] == table.activity.to_numpy().tolist()
        assert [2023, 2024, -1] == table.year.tolist()
        assert [(3, "year", "3000")] == [(p.line, p.field, p.value) for p in table.problems]

    def test_from_records_rejects_booleans_as_amounts(self):
        """True is not an amount."""
        table = ActivityTable.from_records([{"activity": "a", "amount": True, "unit": "L"}])
        assert ["amount"] == [p.field for p in table.problems]

    def test_whitespace_variants_are_one_category(self):
        """' NO' and 'no' are the same region; blank is missing."""
        table = ActivityTable.from_records(
            [{"activity": "a", "amount": 1, "unit": "L", "region": r} for r in (" NO", "no", "", None)]
        )
        assert ("NO",) == table.region.categories
        assert [0, 0, -1, -1] == table.region.codes.tolist()

    def test_empty_records(self):
        """No records is an empty table, not an error."""
        assert 0 == len(ActivityTable.from_records([]))
