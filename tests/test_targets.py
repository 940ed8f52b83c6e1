"""Reduction targets: the linear path, presets, specs, storage and SBTi's coverage checks."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ghgcore.errors import OptionError, PlanError
from ghgcore.figures import CATEGORY_KEYS, FIGURE_KEYS
from ghgcore.targets import (
    PRESETS,
    Target,
    coverage_warnings,
    format_target,
    parse_target,
    target_from_dict,
    target_to_dict,
)

# --------------------------------------------------------------------------
# strategies


@st.composite
def scope_selections(draw: st.DrawFn) -> tuple[str, ...]:
    """Scope keys that parse_scopes accepts: at most one of each scope's forms, in any order."""
    keys = [
        *draw(st.sampled_from([[], ["1"], ["1_fossil"]])),
        *draw(st.sampled_from([[], ["2_market"], ["2_location"]])),
    ]
    third = draw(st.sampled_from(["none", "all", "categories"]))
    if third == "all":
        keys.append("3")
    elif third == "categories":
        keys += draw(st.lists(st.sampled_from(CATEGORY_KEYS), unique=True, min_size=1, max_size=4))
    if not keys:
        keys = ["1"]
    return tuple(draw(st.permutations(keys)))


texts = st.text(min_size=1, max_size=20).map(str.strip).filter(lambda s: s != "" and ";" not in s)
reductions = st.floats(min_value=0.0, max_value=100.0, exclude_min=True, allow_nan=False)


@st.composite
def targets(draw: st.DrawFn) -> Target:
    """Any valid target: with or without a base year, a preset, a metric."""
    base = draw(st.none() | st.integers(1000, 9998))
    year = draw(st.integers((base or 999) + 1, 9999))
    kind = draw(st.sampled_from(["absolute", "intensity"]))
    return Target(
        draw(texts),
        draw(scope_selections()),
        year,
        draw(reductions),
        base_year=base,
        kind=kind,
        metric=draw(texts) if kind == "intensity" else None,
        preset=draw(st.none() | st.sampled_from(sorted(PRESETS))),
    )


# --------------------------------------------------------------------------
# the target


class TestTarget:
    def test_scopes_are_normalised(self):
        """Scopes given as text or as a list become figures' keys, in the order given."""
        assert ("1", "2_market") == Target("t", "1 + 2", 2030, 42).scopes
        assert ("3.6", "2_location") == Target("t", ["3.6", "2l"], 2030, 42).scopes

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"reduction_percent": 0}, "reduction 0: expected a percentage above 0 and at most 100"),
            ({"reduction_percent": 100.5}, "at most 100"),
            ({"reduction_percent": math.nan}, "at most 100"),
            ({"reduction_percent": True}, "expected a percentage such as 42"),
            ({"reduction_percent": "42"}, "expected a percentage such as 42"),
            ({"target_year": 30}, "target year 30: expected a 4-digit year"),
            ({"target_year": 2030.0}, "target year 2030.0: expected a 4-digit year"),
            ({"base_year": 2030}, "target year 2030 is not after the base year 2030"),
            ({"base_year": True}, "base year True"),
            ({"kind": "intensity"}, "an intensity target needs the metric"),
            ({"metric": "employees"}, "'employees' is for intensity targets"),
            ({"kind": "relative"}, "kind 'relative': expected absolute or intensity"),
            ({"preset": "sbti-3"}, "preset 'sbti-3': expected one of sbti-1.5"),
            ({"name": " "}, "name: expected a non-empty text"),
            ({"name": "a;b"}, "cannot hold ';'"),
            ({"scopes": "1+4"}, "unknown scope '4'"),
            ({"scopes": [1, 2]}, r"expected text such as 1\+2"),
        ],
    )
    def test_invalid_settings(self, kwargs, match):
        """Every invalid setting is an OptionError saying what was expected."""
        settings = {"name": "t", "scopes": "1+2", "target_year": 2030, "reduction_percent": 42.0, **kwargs}
        with pytest.raises(OptionError, match=match):
            Target(**settings)

    def test_allowed_is_the_straight_line(self):
        """Half-way to a 50 % target allows 75 %; after the target year the end value; before the base None."""
        target = Target("half", "1", 2030, 50, base_year=2020)
        assert 1000.0 == target.allowed(2020, 1000.0)
        assert 900.0 == target.allowed(2022, 1000.0)
        assert 500.0 == target.allowed(2030, 1000.0)
        assert 500.0 == target.allowed(2040, 1000.0)
        assert target.allowed(2019, 1000.0) is None
        assert 0.0 == Target("zero", "1_fossil", 2030, 100, base_year=2020).allowed(2031, 80.0)

    def test_no_base_year_yet(self):
        """A target without a base year has no path until the base year is filled in."""
        target = Target("half", "1", 2030, 50)
        with pytest.raises(OptionError, match="no base year yet"):
            target.allowed(2025, 100.0)
        assert 75.0 == target.with_base_year(2020).allowed(2025, 100.0)

    def test_with_base_year_fills_in_only(self):
        """with_base_year sets a missing base year, keeps the target's own, and checks the target year."""
        own = Target("half", "1", 2030, 50, base_year=2018)
        assert own is own.with_base_year(2020)
        with pytest.raises(OptionError, match="target year 2030 is not after the base year 2031"):
            Target("half", "1", 2030, 50).with_base_year(2031)

    def test_path_includes_base_and_target_years(self):
        """The path has the years asked for from the base year on, and always the base and target years."""
        target = Target("42", "1+2", 2030, 42, base_year=2019)
        path = target.path(1100.0, [2017, 2024, 2019, 2035])
        assert [2019, 2024, 2030, 2035] == list(path)
        assert 1100.0 == path[2019]
        assert 1100.0 * (1 - 0.42 * 5 / 11) == pytest.approx(path[2024], rel=1e-12)
        assert 638.0 == pytest.approx(path[2030], rel=1e-12)
        assert path[2030] == path[2035]
        assert [2019, 2030] == list(target.path(1100.0, []))

    def test_on_track(self):
        """At or below the path is on track, above it is not; before the base year there is no answer."""
        target = Target("half", "1", 2030, 50, base_year=2020)
        assert target.on_track(900.0, 1000.0, 2022) is True
        assert target.on_track(899.0, 1000.0, 2022) is True
        assert target.on_track(901.0, 1000.0, 2022) is False
        assert target.on_track(10.0, 1000.0, 2019) is None

    def test_intensity_target(self):
        """An intensity target's values are kg per unit of its metric, on the same straight line."""
        target = Target("per head", "1+2+3", 2030, 30, base_year=2020, kind="intensity", metric="employees")
        assert 85.0 == target.allowed(2025, 100.0)
        assert target.on_track(84.0, 100.0, 2025) is True

    def test_non_finite_values_are_refused(self):
        """A NaN base value or actual is a ValueError, never a silent False."""
        target = Target("half", "1", 2030, 50, base_year=2020)
        with pytest.raises(ValueError, match="base_value"):
            target.allowed(2025, math.nan)
        with pytest.raises(ValueError, match="actual"):
            target.on_track(math.inf, 100.0, 2025)

    @given(targets(), st.floats(-1e12, 1e12, allow_nan=False), st.lists(st.integers(1000, 9999), max_size=8))
    def test_path_agrees_with_allowed(self, target, base_value, years):
        """Every year of the path has the value allowed() gives, and a reduction target's path never rises."""
        assume(target.base_year is not None or target.target_year > 1000)
        target = target.with_base_year(min(target.target_year - 1, 2000))
        path = target.path(base_value, years)
        assert {y for y in years if y >= target.base_year} | {target.base_year, target.target_year} == set(
            path
        )
        assert {y: target.allowed(y, base_value) for y in path} == path
        values = list(path.values())
        if base_value >= 0:
            assert all(b <= a for a, b in itertools.pairwise(values))
        assert target.end_value(base_value) == path[target.target_year]


# --------------------------------------------------------------------------
# presets


class TestPresets:
    def test_sbti_1_5(self):
        """SBTi 1.5 °C: scope 1 and 2 market-based, 4.2 % a year from the base year, 2030."""
        target = parse_target("sbti-1.5", base_year=2019)
        assert ("1", "2_market") == target.scopes
        assert 46.2 == target.reduction_percent
        assert (2019, 2030, "sbti-1.5", "sbti-1.5") == (
            target.base_year,
            target.target_year,
            target.preset,
            target.name,
        )

    def test_sbti_rate_is_capped_at_100(self):
        """A base year long ago cannot ask for more than 100 %."""
        assert 100.0 == parse_target("sbti-1.5;base=2000").reduction_percent
        assert 100.0 == parse_target("sbti-wb2c;base=1980").reduction_percent

    def test_sbti_wb2c(self):
        """Well below 2 °C: 2.5 % a year; a later target year asks for more."""
        assert 27.5 == parse_target("sbti-wb2c", base_year=2019).reduction_percent
        assert 32.5 == parse_target("sbti-wb2c;year=2032", base_year=2019).reduction_percent

    def test_sbti_needs_the_base_year_or_the_reduction(self):
        """The SBTi presets' reduction depends on the base year: without it, the spec must give the reduction."""
        with pytest.raises(OptionError, match=r"sbti-1.5 reduces 4.2 % of base-year emissions a year: give"):
            parse_target("sbti-1.5")
        target = parse_target("sbti-1.5;reduction=42")
        assert (42.0, None) == (target.reduction_percent, target.base_year)

    def test_fixed_presets(self):
        """Fossil-free 2030 takes fossil scope 1 to zero; Denmark's 70 % covers scopes 1, 2 and 3."""
        fossil = parse_target("fossil-free-2030")
        assert (("1_fossil",), 100.0, 2030, None) == (
            fossil.scopes,
            fossil.reduction_percent,
            fossil.target_year,
            fossil.base_year,
        )
        dk = parse_target("dk-70-2030", base_year=2019)
        assert (("1", "2_market", "3"), 70.0, 2019) == (dk.scopes, dk.reduction_percent, dk.base_year)

    def test_every_preset_documents_its_source(self):
        """Each preset says where its ambition comes from, and its name is its key."""
        for name, preset in PRESETS.items():
            assert name == preset.name
            assert preset.source
            assert preset.description

    def test_overrides(self):
        """A preset's settings can be overridden: year, base, scopes, name, kind and metric."""
        target = parse_target(" SBTi-1.5 ; YEAR = 2032 ; base=2020; scopes=1+2l; name=Our 1.5 target")
        assert ("Our 1.5 target", ("1", "2_location"), 2032, 2020, 50.4, "sbti-1.5") == (
            target.name,
            target.scopes,
            target.target_year,
            target.base_year,
            target.reduction_percent,
            target.preset,
        )


# --------------------------------------------------------------------------
# specs


class TestParse:
    def test_settings(self):
        """scopes, reduction and year, with base, name, kind and metric, keys in any case."""
        target = parse_target("Scopes = 1+2+3.6 ; REDUCTION=42.5% ; year=2030 ; base=2019")
        expected = Target("1+2+3.6 -42.5% by 2030", "1+2+3.6", 2030, 42.5, base_year=2019)
        assert expected == target
        intensity = parse_target("scopes=1+2;reduction=30;year=2030;kind=Intensity;metric=employees")
        assert ("intensity", "employees", "1+2 per employees -30% by 2030") == (
            intensity.kind,
            intensity.metric,
            intensity.name,
        )

    def test_base_year_keyword(self):
        """The organisation's base year fills in a spec without base=; base= wins over it."""
        assert 2019 == parse_target("scopes=1;reduction=50;year=2030", base_year=2019).base_year
        assert 2018 == parse_target("scopes=1;reduction=50;year=2030;base=2018", base_year=2019).base_year
        assert parse_target("scopes=1;reduction=50;year=2030").base_year is None

    def test_the_documented_message(self):
        """The error names the spec, the value and an example of what was expected."""
        with pytest.raises(OptionError) as info:
            parse_target("scopes=1+2;reduction=x;year=2030")
        expected = (
            "target 'scopes=1+2;reduction=x;year=2030': reduction 'x': expected a percentage such as 42"
        )
        assert expected == str(info.value)

    @pytest.mark.parametrize(
        ("spec", "match"),
        [
            ("", "expected a preset"),
            (" ; ", "expected a preset"),
            ("sbti-9", "unknown preset 'sbti-9'"),
            ("scopes=1;reduction=50", "missing year"),
            ("reduction=50", "missing scopes, year"),
            ("scopes=1;reduction=50;year=2030;goal=x", "unknown key 'goal'"),
            ("scopes=1;reduction=50;year=2030;Year=2031", "year given twice"),
            ("scopes=1;reduction=50;year=", "year: no value"),
            ("scopes=1;reduction=0;year=2030", "reduction '0': expected a percentage above 0"),
            ("scopes=1;reduction=120;year=2030", "reduction '120': expected a percentage above 0"),
            ("scopes=1;reduction=-5;year=2030", "reduction '-5': expected a percentage such as 42"),
            ("scopes=1;reduction=nan;year=2030", "reduction 'nan'"),
            ("scopes=1;reduction=50;year=30", "year '30': expected a 4-digit year such as 2030"),
            ("scopes=1;reduction=50;year=2030;base=19", "base '19': expected a 4-digit year"),
            ("scopes=1;reduction=50;year=2030;base=2030", "target year 2030 is not after the base year 2030"),
            ("sbti-1.5;year=2015", "target year 2015 is not after the base year 2019"),
            ("scopes=1+x;reduction=50;year=2030", "scopes '1\\+x': unknown scope 'x'"),
            ("scopes=1;reduction=50;year=2030;kind=intensity", "needs the metric"),
            ("scopes=1;reduction=50;year=2030;metric=employees", "is for intensity targets"),
            ("scopes=1;reduction=50;year=2030;kind=relative", "kind 'relative'"),
            ("scopes=1;reduction=50;year=2030;sbti-1.5", "'sbti-1.5': expected key=value"),
        ],
    )
    def test_errors(self, spec, match):
        """Every bad spec is an OptionError that quotes the spec and says what is wrong."""
        with pytest.raises(OptionError, match=match) as info:
            parse_target(spec, base_year=2019 if spec.startswith("sbti") else None)
        assert str(info.value).startswith(f"target {spec!r}: ")

    def test_base_year_keyword_is_checked(self):
        """A base year keyword that is not a year is refused like a base= setting."""
        with pytest.raises(OptionError, match="base year 19: expected a 4-digit year"):
            parse_target("dk-70-2030", base_year=19)

    def test_format_examples(self):
        """A preset target is written as the preset and what differs from it; others in full."""
        assert "sbti-1.5;base=2019" == format_target(parse_target("sbti-1.5", base_year=2019))
        assert "sbti-1.5;reduction=42" == format_target(parse_target("sbti-1.5;reduction=42"))
        assert "fossil-free-2030" == format_target(parse_target("fossil-free-2030"))
        spec = "scopes=1+2l+3.1;reduction=12.5;year=2028;base=2021;kind=intensity;metric=revenue;name=Mine"
        assert spec.replace("2l", "2_location") == format_target(parse_target(spec))

    @given(targets())
    def test_format_round_trip(self, target):
        """Every target's spec reads back to an equal target."""
        assert target == parse_target(format_target(target))


# --------------------------------------------------------------------------
# storage


class TestStorage:
    @given(targets())
    def test_dict_round_trip(self, target):
        """A target's dict survives JSON and reads back to an equal target."""
        data = json.loads(json.dumps(target_to_dict(target)))
        assert target == target_from_dict(data)

    def test_keys(self):
        """The dict has exactly the documented keys."""
        keys = {"name", "scopes", "base_year", "target_year", "reduction_percent", "kind", "metric", "preset"}
        assert keys == set(target_to_dict(parse_target("sbti-1.5", base_year=2019)))

    def test_optional_keys_may_be_left_out(self):
        """base_year, kind, metric and preset take their defaults when missing."""
        target = target_from_dict(
            {"name": "t", "scopes": "1+2", "target_year": 2030, "reduction_percent": 42}
        )
        assert Target("t", "1+2", 2030, 42) == target

    @pytest.mark.parametrize(
        ("data", "match"),
        [
            (["t"], "expected a table of name, scopes"),
            ({"name": "t", "scopes": ["1"], "target_year": 2030}, "target 't': missing reduction_percent"),
            (
                {"name": "t", "scopes": ["1"], "target_year": 2030, "reduction_percent": 5, "goal": 1},
                "unknown field\\(s\\) goal",
            ),
            (
                {"name": "t", "scopes": ["1"], "target_year": "2030", "reduction_percent": 5},
                "target 't': target year '2030': expected a 4-digit year",
            ),
            (
                {
                    "name": "t",
                    "scopes": ["1"],
                    "target_year": 2030,
                    "reduction_percent": 5,
                    "base_year": 2031,
                },
                "not after the base year 2031",
            ),
            ({"name": "t", "scopes": [1], "target_year": 2030, "reduction_percent": 5}, "scopes \\[1\\]"),
            (
                {"name": 7, "scopes": ["1"], "target_year": 2030, "reduction_percent": 5},
                "name 7: expected text",
            ),
            (
                {
                    "name": "t",
                    "scopes": ["1"],
                    "target_year": 2030,
                    "reduction_percent": 5,
                    "kind": "intensity",
                },
                "needs the metric",
            ),
        ],
    )
    def test_bad_content_is_a_plan_error(self, data, match):
        """Bad stored content is a PlanError naming the target and the field."""
        with pytest.raises(PlanError, match=match):
            target_from_dict(data)


# --------------------------------------------------------------------------
# coverage


BASE = {key: 0.0 for key in FIGURE_KEYS} | {
    "1": 500.0,
    "1_fossil": 400.0,
    "2_market": 500.0,
    "2_location": 100.0,
    "3": 1000.0,
    "3.1": 600.0,
    "3.6": 100.0,
}


class TestCoverage:
    def test_no_targets(self):
        """No targets: one warning saying so."""
        warnings = coverage_warnings([], BASE)
        assert 1 == len(warnings)
        assert "no targets" in warnings[0]

    def test_full_coverage(self):
        """Scope 1+2 and all of scope 3 covered: no warning."""
        assert [] == coverage_warnings(
            [parse_target("sbti-1.5", base_year=2019), Target("s3", "3", 2030, 25)], BASE
        )

    def test_scope12_shortfall_states_the_numbers(self):
        """Fossil scope 1 and scope 2 cover 900 of 1,000 kg: 90.0 %, below SBTi's 95 %."""
        warnings = coverage_warnings([Target("f", "1_fossil+2", 2030, 50), Target("s3", "3", 2030, 25)], BASE)
        expected = (
            "absolute targets cover 900 of the base year's 1,000 kg CO2e in scope 1 and 2 (market-based), "
            "90.0 %: SBTi asks for at least 95 %"
        )
        assert [expected] == warnings

    def test_shares_are_rounded_down(self):
        """94.96 % is reported as 94.9 %, never as a 95.0 % that still fails."""
        base = {"1": 9496.0, "2_market": 504.0}
        warnings = coverage_warnings([Target("s1", "1", 2030, 50)], base)
        assert "94.9 %" in warnings[0]

    def test_location_basis_when_named(self):
        """A target on location-based scope 2 is checked against location-based scope 2."""
        assert [] == coverage_warnings([Target("l", "1+2l", 2030, 50)], {"1": 500.0, "2_location": 10.0})
        warnings = coverage_warnings([Target("l", "2l", 2030, 50)], {"1": 100.0, "2_location": 900.0})
        assert [
            "absolute targets cover 900 of the base year's 1,000 kg CO2e in scope 1 and 2 (location-based), "
            "90.0 %: SBTi asks for at least 95 %"
        ] == warnings

    def test_targets_together(self):
        """Two absolute targets together can cover scope 1 and 2."""
        assert [] == coverage_warnings(
            [Target("a", "1", 2030, 50), Target("b", "2", 2030, 50), Target("c", "3", 2030, 20)], BASE
        )

    def test_intensity_targets_do_not_count_for_scope12(self):
        """An intensity target on scope 1+2 is not counted, and the warning says so."""
        target = Target("i", "1+2+3", 2030, 50, kind="intensity", metric="employees")
        warnings = coverage_warnings([target], BASE)
        assert "cover 0 of the base year's 1,000 kg CO2e" in warnings[0]
        assert "(intensity targets are not counted)" in warnings[0]
        assert 1 == len(warnings)  # it does count for scope 3

    def test_scope3_categories(self):
        """Scope 3 is half of the total: categories 3.1 and 3.6 cover 70 %, 3.6 alone 10 %."""
        covered = [parse_target("sbti-1.5", base_year=2019), Target("supply", "3.1+3.6", 2030, 25)]
        assert [] == coverage_warnings(covered, BASE)
        warnings = coverage_warnings(
            [parse_target("sbti-1.5", base_year=2019), Target("t", "3.6", 2030, 25)], BASE
        )
        expected = (
            "scope 3 is 50.0 % of the base year's scope 1, 2 and 3 emissions (40 % or more), and targets "
            "cover 100 of its 1,000 kg CO2e, 10.0 %: SBTi asks scope 3 targets to cover at least 67 %"
        )
        assert [expected] == warnings

    def test_small_scope3_needs_no_target(self):
        """Scope 3 below 40 % of the total needs no scope 3 target."""
        base = {"1": 700.0, "2_market": 0.0, "3": 300.0}
        assert [] == coverage_warnings([Target("s1", "1", 2030, 50)], base)

    def test_nothing_to_cover(self):
        """A base year without emissions gives no coverage warning (there is nothing to cover)."""
        assert [] == coverage_warnings([Target("s1", "1", 2030, 50)], {})
