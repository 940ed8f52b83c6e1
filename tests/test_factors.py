"""Tests for ghgcore.factors."""

from __future__ import annotations

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
