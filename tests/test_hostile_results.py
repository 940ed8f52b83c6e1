"""Hostile results: numbers that overflow, input columns named like the result's, hostile text in the views.

Every line is calculated, excluded or unresolved with a reason; no NaN or
infinity reaches a total or the JSON; the result's own columns are never
replaced by an input's; the text report stays one value per line and the
HTML never takes input for markup. Each class through the command line and
the Python API.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tempfile
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcore import Activity, ActivityTable, EmissionFactor, FactorSet, calculate, calculate_inventory
from ghgcore._columns import Categorical
from ghgcore.cli import main
from ghgcore.gases import get_gwp_set
from ghgcore.instruments import Instrument, InstrumentTable
from ghgcore.output import dumps_summary
from ghgcore.result import CALCULATED, EXCLUDED, MAX_VALUE, TAG_PREFIX, UNRESOLVED
from ghgcore.views import format_table, html_page, summary, to_html
from ghgcore.views.text import MAX_NAME, MAX_TEXT

FACTORS_CSV = """\
activity,unit,gas,value,value_unit,region,year,scope,category,method,source
diesel,L,CO2,2.5,kg,,,1,,,test
diesel,L,CH4,0.1,g,,,1,,,test
electricity,kWh,CO2,0.02,kg,NO,,2,,location,test
electricity,kWh,CO2,0.4,kg,NO,,2,,market,test
enormous,L,CO2,1e150,kg,,,1,,,test
"""
NOT_FINITE = "gives a result that is not a finite number"
#: Kg CO2e of a litre of diesel under :data:`FACTORS_CSV` (AR6).
DIESEL = 2.5 + 0.1 / 1000 * get_gwp_set("AR6")["CH4"]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def factor_set() -> FactorSet:
    """The factors of :data:`FACTORS_CSV` as a set, for the Python API."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factors.csv"
        path.write_text(FACTORS_CSV, encoding="utf-8")
        return FactorSet.from_csv(path)


FACTORS = factor_set()


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``ghgcore`` with `args`; the exit status, standard output and standard error."""
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def calculate_cli(
    capsys: pytest.CaptureFixture[str], folder: Path, activities: str, *extra: str, fmt: str = "json"
) -> tuple[int, str, str]:
    factors = write(folder, "factors.csv", FACTORS_CSV)
    acts = write(folder, "activities.csv", activities)
    options = ["-f", factors, "--factors", "none", "--year", "2024", "--format", fmt, *extra]
    return cli(capsys, "calculate", acts, *options)


def reasons_by_line(data: dict[str, object]) -> dict[int, str]:
    return {item["line"]: item["reason"] for item in data["unresolved"]}  # type: ignore[attr-defined]


def with_amounts(table: ActivityTable, amounts: list[float]) -> ActivityTable:
    """The table with these amounts put in as they are, past the reader's checks (a hand-built table)."""
    return attrs.evolve(table, amount=np.array(amounts, dtype=np.float64))


def assert_consistent(result) -> None:  # type: ignore[no-untyped-def]
    """Every line calculated, excluded or unresolved; totals finite and the sums of the calculated lines."""
    status = np.asarray(result.status)
    assert set(np.unique(status).tolist()) <= {CALCULATED, EXCLUDED, UNRESOLVED}
    ok = result.calculated
    for column in (result.co2e, result.co2e_market):
        assert np.isfinite(column[ok]).all()
        assert (np.abs(column[ok]) < MAX_VALUE).all()
    assert np.isfinite(result.mass[:, ok]).all()
    assert np.isfinite(result.mass_market[:, ok]).all()
    assert (np.abs(result.activities.amount[ok | result.excluded]) < MAX_VALUE).all()
    total = result.total()
    assert math.isfinite(total)
    assert total == pytest.approx(float(np.sum(result.co2e_market[ok])), rel=1e-9, abs=1e-9)
    assert len(result.unresolved) == int(np.sum(status == UNRESOLVED))
    reason = result.reason
    assert (reason.codes[status != CALCULATED] >= 0).all()  # a reason for every line not calculated


# ---------------------------------------------------------------------------
# numbers that overflow, and numbers that are not numbers


class TestOverflow:
    """A finite amount whose result overflows, or a NaN that reached the engine, is one unresolved line."""

    def test_through_the_command_line(self, tmp_path, capsys):
        """1e308 MWh, 1e199 MWh (2e200 kg) and 1e160 L of a 1e150 kg/L factor: unresolved; the rest calculates."""
        status, out, err = calculate_cli(
            capsys,
            tmp_path,
            "activity,amount,unit,region\n"
            "diesel,10,L,\n"
            "electricity,1e308,MWh,NO\n"
            "electricity,1e199,MWh,NO\n"
            "enormous,1e160,L,\n"
            "diesel,-1e307,m**3,\n"
            "electricity,5,MWh,NO\n",
        )
        assert 0 == status, err
        data = json.loads(out)
        assert 6 == data["lines"]
        assert 2 == data["calculated"]
        assert 10 * DIESEL == pytest.approx(data["scopes"]["1"])
        assert 5000 * 0.4 == pytest.approx(data["scopes"]["2_market"])
        reasons = reasons_by_line(data)
        assert {3, 4, 5, 6} == set(reasons)
        assert (
            "field 'amount': got '1e+308', expected a finite number below 1e+200 in magnitude" == reasons[3]
        )
        assert reasons[4].startswith("field 'amount': 1e+199 MWh " + NOT_FINITE)
        assert reasons[5].startswith("field 'amount': 1e+160 L " + NOT_FINITE)
        assert "1e+307" in reasons[6]
        units = data["reconciliation"]["units"]
        mwh = units["MWh"]
        assert 3 == mwh["input_lines"] == mwh["calculated_lines"] + mwh["unresolved_lines"]
        assert all(math.isfinite(v) for unit in units.values() for v in unit.values())

    @pytest.mark.parametrize("fmt", ["table", "csv", "html"])
    def test_every_format_shows_them(self, tmp_path, capsys, fmt):
        """No format fails or prints a NaN for a calculated line."""
        status, out, err = calculate_cli(
            capsys,
            tmp_path,
            "activity,amount,unit\ndiesel,10,L\ndiesel,1e308,m**3\nenormous,1e200,L\n",
            fmt=fmt,
        )
        assert 0 == status, err
        assert not re.search(r"\b-?(inf|nan)\b", out, re.IGNORECASE)
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            assert ["calculated", "unresolved", "unresolved"] == [r["status"] for r in rows]
            assert "" == rows[1]["co2e_kg"] == rows[2]["co2e_market_kg"]
        else:
            assert "1e+308" in out

    def test_nan_and_infinity_that_reached_the_engine(self):
        """A hand-built table's NaN, infinity or huge amount: unresolved, naming the amount."""
        table = ActivityTable.from_activities([Activity.of("diesel", 1, "L")] * 5)
        result = calculate(with_amounts(table, [math.nan, math.inf, -math.inf, 1e250, 2.0]), FACTORS)
        assert [UNRESOLVED] * 4 + [CALCULATED] == result.status.tolist()
        reasons = [u.reason for u in result.unresolved]
        assert ["'nan'", "'inf'", "'-inf'", "'1e+250'"] == [r.split("got ")[1].split(",")[0] for r in reasons]
        assert all(r.startswith("field 'amount'") for r in reasons)
        assert_consistent(result)
        dumps_summary(summary(result))

    def test_overflow_on_the_market_basis_only(self):
        """A market-based factor that overflows where the location-based one does not: the line is unresolved."""
        fs = FactorSet.from_factors(
            [
                EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="t", scope=2, method="location"),
                EmissionFactor("electricity", "kWh", {"CO2": 1e300}, source="t", scope=2, method="market"),
            ],
            name="t",
            version="1",
        )
        result = calculate(
            [Activity.of("electricity", 1e10, "kWh"), Activity.of("electricity", 0, "kWh")], fs
        )
        assert [UNRESOLVED, CALCULATED] == result.status.tolist()
        assert NOT_FINITE in result.unresolved[0].reason
        assert_consistent(result)

    def test_a_gas_outside_the_scopes_overflows(self):
        """The kg of a gas that is in no CO2e (a Montreal gas) overflowing is caught too."""
        fs = FactorSet.from_factors(
            [EmissionFactor("chiller", "kg", {"CO2": 1.0, "CFC-11": 1e199}, source="t", scope=1)],
            name="t",
            version="1",
        )
        result = calculate([Activity.of("chiller", 10, "kg"), Activity.of("chiller", 1e-199, "kg")], fs)
        assert [UNRESOLVED, CALCULATED] == result.status.tolist()
        assert_consistent(result)
        data = summary(result)
        assert math.isfinite(data["montreal_gases_kg_co2e"])
        dumps_summary(data)

    def test_no_sum_of_calculated_lines_overflows(self):
        """A thousand lines just below the limit sum to a finite total."""
        amount = MAX_VALUE / 2.5 * 0.99  # kg CO2 below the limit, the CH4 too
        result = calculate([Activity.of("diesel", amount, "L")] * 1000, FACTORS)
        assert result.calculated.all()
        assert_consistent(result)
        data = summary(result)
        assert math.isfinite(data["total_kg_co2e"])
        dumps_summary(data)

    def test_unresolved_amounts_are_counted_not_summed(self):
        """Two lines of 1e308 of an unknown activity: two lines in the reconciliation, no infinity in its sums."""
        result = calculate(
            [Activity.of("nothing", 1e308, "kg")] * 2 + [Activity.of("nothing", 1, "kg")], FACTORS
        )
        [units] = result.reconciliation().values()
        assert 3 == units["input_lines"] == units["unresolved_lines"]
        assert 1.0 == units["input_amount"] == units["unresolved_amount"]
        dumps_summary(summary(result))

    def test_an_instrument_whose_rate_overflows(self):
        """An instrument's rate times the kWh it covers overflowing: the line is unresolved, not infinite."""
        instruments = InstrumentTable(
            (
                Instrument("GO-1", 1e10, 1e290, 2024, "NO"),  # 1e300 kg on the line it covers
                Instrument("GO-2", 1e4, 0.0, 2024, "NO"),
            )
        )
        lines = [
            Activity.of("electricity", 1e10, "kWh", region="NO", year=2024),
            Activity.of("electricity", 1e4, "kWh", region="NO", year=2024),
        ]
        result = calculate(lines, FACTORS, instruments=instruments)
        assert_consistent(result)
        assert UNRESOLVED == result.status[0]
        assert NOT_FINITE in result.unresolved[0].reason
        assert CALCULATED == result.status[1]
        assert 0.0 == result.instrument_kwh[0]
        dumps_summary(summary(result))

    def test_a_problem_on_an_excluded_line_makes_it_unresolved(self):
        """A line the input excluded but whose amount could not be read is listed with the reason, not summed as 0."""
        table = ActivityTable.from_records(
            [
                {"activity": "diesel", "amount": "n/a", "unit": "L"},
                {"activity": "diesel", "amount": "4", "unit": "L"},
                {"activity": "diesel", "amount": "1e300", "unit": "L"},
            ]
        )
        table = attrs.evolve(
            table,
            exclusion=Categorical(codes=np.zeros(3, dtype=np.int32), categories=("not a purchase: test",)),
        )
        result = calculate(table, FACTORS)
        assert [UNRESOLVED, EXCLUDED, UNRESOLVED] == result.status.tolist()
        assert "got 'n/a'" in result.unresolved[0].reason
        assert "got '1e+300'" in result.unresolved[1].reason
        [excluded] = result.exclusions()
        assert (1, {"L": 4.0}) == (excluded["lines"], excluded["amount"])


# ---------------------------------------------------------------------------
# input columns named like the result's

CLASHING = ("line", "status", "reason", "co2e_kg", "factor_id", "boundary", "scope2_basis", "match", "CO2_kg")


class TestColumnsNamedLikeTheResults:
    """An input's tag never replaces a column of the result: it is written as ``tag:`` and its name."""

    header = "activity,amount,unit," + ",".join(CLASHING) + ",Status,tag:x,note"
    row = "diesel,10,L," + ",".join(f"user {c}" for c in CLASHING) + ",user Status,user tag,ok"

    def test_per_line_csv(self, tmp_path, capsys):
        """The CSV keeps line numbers, statuses, CO2e and factor ids; the user's values are under ``tag:``."""
        status, out, err = calculate_cli(
            capsys,
            tmp_path,
            f"{self.header}\n{self.row}\nnothing,1,L{',' * (len(CLASHING) + 3)}\n",
            fmt="csv",
        )
        assert 0 == status, err
        reader = csv.reader(io.StringIO(out))
        header = next(reader)
        assert len(header) == len(set(header))
        rows = [dict(zip(header, r, strict=True)) for r in reader]
        assert ["2", "3"] == [r["line"] for r in rows]
        assert ["calculated", "unresolved"] == [r["status"] for r in rows]
        assert 10 * DIESEL == pytest.approx(float(rows[0]["co2e_kg"]))
        assert 25.0 == pytest.approx(float(rows[0]["CO2_kg"]))
        assert "diesel|L|||" == rows[0]["factor_id"]
        assert "" == rows[0]["reason"]
        assert rows[1]["reason"].startswith("unknown activity 'nothing'")
        for name in (*CLASHING, "Status", "tag:x"):
            assert f"user {name}".replace("user tag:x", "user tag") == rows[0][TAG_PREFIX + name]
        assert "ok" == rows[0]["note"]  # a tag of its own name stays as it is

    def test_python(self):
        """The same through :meth:`Result.to_dataframe`, :meth:`Result.by` and :meth:`Result.tags`."""
        table = ActivityTable.from_records(
            [{"activity": "diesel", "amount": 10, "unit": "L", "status": "x", "co2e_kg": "1", "Line": "7"}]
        )
        result = calculate(table, FACTORS)
        frame = result.to_dataframe()
        assert list(frame.columns).count("status") == 1
        assert "calculated" == frame["status"][0]
        assert 10 * DIESEL == pytest.approx(frame["co2e_kg"][0])
        assert 1 == frame["line"][0]
        assert ("x", "1", "7") == (frame["tag:status"][0], frame["tag:co2e_kg"][0], frame["tag:Line"][0])
        assert {"tag:status", "tag:co2e_kg", "tag:Line"} == set(result.tags)
        assert {"x": pytest.approx(10 * DIESEL)} == result.by("tag:status")

    def test_a_feature_column_named_like_a_tag(self):
        """A feature adds a column named like an input's tag: both are kept, the feature's under its name."""
        table = ActivityTable.from_records(
            [{"activity": "diesel", "amount": 1, "unit": "L", "quality": "user"}]
        )
        result = calculate(table, FACTORS).with_columns(quality=np.array([3]))
        frame = result.to_dataframe()
        assert (3, "user") == (frame["quality"][0], frame["tag:quality"][0])
        for name in ("co2e_kg", "CH4_kg", "factor_id", "tag:x", "instruments"):
            with pytest.raises(ValueError, match="a column the result writes itself"):
                result.with_columns(**{name: np.zeros(1)})

    def test_input_of_several_files_is_ghgcores(self, tmp_path):
        """With several inputs, ``input`` names the file of each line."""
        a = write(tmp_path, "a.csv", "activity,amount,unit\ndiesel,1,L\nnothing,1,L\n")
        b = write(tmp_path, "b.csv", "activity,amount,unit\nnothing,2,L\n")
        inventory = calculate_inventory([a, b], FACTORS, year=2024)
        assert [a, b] == [u.input for u in inventory.result.unresolved]
        assert [a, a, b] == inventory.to_dataframe()["input"].tolist()

    def test_a_method_column_makes_no_line_spend_based(self, tmp_path, capsys):
        """A user column ``method`` with ``spend`` in it is a tag: no spend section, the column kept."""
        status, out, err = calculate_cli(capsys, tmp_path, "activity,amount,unit,method\ndiesel,10,L,spend\n")
        assert 0 == status, err
        assert json.loads(out)["spend"] is None
        table = ActivityTable.from_records(
            [{"activity": "diesel", "amount": 1, "unit": "L", "method": "spend"}]
        )
        result = calculate(table, FACTORS)
        assert summary(result)["spend"] is None
        assert "spend" == result.to_dataframe()["tag:method"][0]

    def test_an_input_column_is_not_the_file(self, tmp_path, capsys):
        """A user column ``input`` is not taken for the file a line is from."""
        status, out, err = calculate_cli(
            capsys, tmp_path, "activity,amount,unit,input\nnothing,1,L,evil.csv\n"
        )
        assert 0 == status, err
        assert "input" not in json.loads(out)["unresolved"][0]


# ---------------------------------------------------------------------------
# hostile text in the views

HOSTILE = "<script>alert('x')</script> & \x1b[2J\x1b]0;owned\x07\u202egnp.exe\r\nsecond line"
LONG = "k" * 5000 + "END"


class TestHostileText:
    """Text from the input is escaped in HTML, and neither breaks nor drives the text report."""

    def hostile_run(self, tmp_path, capsys, fmt):  # type: ignore[no-untyped-def]
        activities = (
            "activity,amount,unit,site\n"
            f'"{HOSTILE}",1,L,x\n'
            f"{LONG},2,L,x\n"
            "diesel,abc,L,x\n"
            f'"nothing{HOSTILE}",3,"{HOSTILE}",x\n'
        )
        return calculate_cli(capsys, tmp_path, activities, "--organisation", HOSTILE, fmt=fmt)

    def test_html_escapes_everything(self, tmp_path, capsys):
        """No tag, entity or control character of the input survives into the HTML page."""
        status, out, err = self.hostile_run(tmp_path, capsys, "html")
        assert 0 == status, err
        assert "<script>" not in out
        assert "&lt;script&gt;" in out
        assert not CONTROL.search(out)
        assert LONG in out  # kept whole
        assert out.count("<tr>") == out.count("</tr>")

    def test_text_is_one_clean_line_per_value(self, tmp_path, capsys):
        """No control character, no line longer than the limits, long values clipped with an ellipsis."""
        status, out, err = self.hostile_run(tmp_path, capsys, "table")
        assert 0 == status, err
        assert not CONTROL.search(out)
        lines = out.splitlines()
        assert lines[0].startswith("Greenhouse-gas inventory: <script>")
        assert "\\x1b[2J" in lines[0]
        assert all(len(line) < 2 * MAX_TEXT for line in lines)
        unresolved = [line for line in lines if line.startswith("  line ")]
        assert 4 == len(unresolved)
        assert any("..." in line and line.endswith("'END'") is False for line in unresolved)
        assert "second line" not in {line.strip() for line in lines}

    def test_json_keeps_them_whole(self, tmp_path, capsys):
        """The JSON summary has every value as it was."""
        status, out, err = self.hostile_run(tmp_path, capsys, "json")
        assert 0 == status, err
        data = json.loads(out)
        assert HOSTILE == data["organisation"]
        assert any(LONG in item["reason"] for item in data["unresolved"])
        assert any(repr(HOSTILE) in item["reason"] for item in data["unresolved"])  # quoted as Python does

    def test_python_views(self):
        """The same through :func:`summary`, :func:`format_table`, :func:`to_html` and :func:`html_page`."""
        lines = [
            Activity.of(HOSTILE, 1, "L"),
            Activity.of(LONG, 1, "L"),
            Activity.of("diesel", 1, "L", site=HOSTILE, tags={HOSTILE: HOSTILE}),
        ]
        data = summary(calculate(lines, FACTORS), organisation=HOSTILE + LONG, year=2024)
        text = format_table(data)
        assert not CONTROL.search(text)
        assert all(len(line) <= MAX_TEXT + 100 for line in text.splitlines())
        assert len(text.splitlines()[0]) < MAX_NAME + 80
        for page in (to_html(data), html_page(data)):
            assert "<script>" not in page
            assert not CONTROL.search(page)
        json.loads(dumps_summary(data))

    def test_a_section_cannot_take_a_key_of_the_summary(self):
        """A feature's section under a key the summary has (``fallbacks``, ``hybrid``) is refused, not merged."""
        from ghgcore.views import register_section

        class Clash:
            key = "fallbacks"

            def summarise(self, result):  # type: ignore[no-untyped-def]
                return "mine"

        with pytest.raises(ValueError, match="a key of the summary itself"):
            summary(calculate([], FACTORS), sections=[Clash()])
        for key in ("fallbacks", "hybrid", "other_years", "price_assumptions"):
            Clash.key = key
            with pytest.raises(ValueError, match="a key of the summary itself"):
                register_section(Clash())  # type: ignore[arg-type]

    def test_ledger_text_in_the_spend_section(self, tmp_path, capsys):
        """A ledger's descriptions, a mapping's categories and exclusion reasons are escaped too."""
        ledger = write(tmp_path, "gl.csv", "account,amount,date\n6551,1000,2020-03-01\n7790,500,2020-05-01\n")
        hostile = HOSTILE.replace("\r\n", " ")  # (a value quoted across lines: the mapping reader's to read)
        mapping = write(
            tmp_path, "map.csv", f'account,category,exclude,side\n6551,"<b>it</b>",,\n7790,,"{hostile}",\n'
        )
        for fmt in ("html", "table"):
            status, out, err = cli(
                capsys, "calculate", ledger, "--mapping", mapping, "--year", "2020", "--format", fmt
            )
            assert 0 == status, err
            assert not CONTROL.search(out)
            if fmt == "html":
                assert "<script>" not in out
                assert "<b>" not in out
                assert "&lt;b&gt;it&lt;/b&gt;" in out
            else:
                assert "<b>it</b>" in out
                assert "not a purchase: <script>alert('x')</script> & \\x1b[2J" in out


# ---------------------------------------------------------------------------
# the property

SPECIAL = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    1e-300,
    5e-324,
    1e199,
    1e200,
    1e250,
    1e308,
    -1e308,
    math.nan,
    math.inf,
    -math.inf,
]
AMOUNTS = st.one_of(st.sampled_from(SPECIAL), st.floats(allow_nan=True, allow_infinity=True))
UNITS = st.sampled_from(["L", "m**3", "kWh", "MWh", "kg", "t", "NOK", "furlong", ""])
KEYS = st.one_of(
    st.sampled_from(["diesel", "electricity", "enormous", "nothing"]),
    st.text(min_size=0, max_size=12),
)
LINES = st.lists(
    st.fixed_dictionaries(
        {
            "activity": KEYS,
            "amount": AMOUNTS,
            "unit": UNITS,
            "region": st.sampled_from(["NO", "SE", ""]),
            "year": st.sampled_from(["2024", "2023", ""]),
        },
        optional={"status": st.text(max_size=5), "method": st.sampled_from(["spend", "x"])},
    ),
    max_size=30,
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(LINES, st.booleans(), st.lists(st.booleans(), max_size=30))
def test_any_table_calculates_with_a_clear_answer(lines, raw, excluded):
    """Random amounts (0, negative, huge, tiny, NaN, infinite), units and keys: never raises, nothing lost.

    Every line is calculated, excluded or unresolved; totals are the sums of
    the lines' CO2e; the summary, its JSON and its views never fail.
    """
    table = ActivityTable.from_records(lines)
    if raw:  # past the reader: the amounts as they are
        table = with_amounts(table, [float(line["amount"]) for line in lines])
    if any(excluded[: len(table)]):
        flags = np.array((excluded + [False] * len(table))[: len(table)])
        codes = np.where(flags, 0, -1).astype(np.int32)
        table = attrs.evolve(table, exclusion=Categorical(codes=codes, categories=("not a purchase: test",)))
    result = calculate(table, FACTORS, year=2024)
    assert len(table) == len(result)
    assert_consistent(result)
    scopes = result.by_scope()
    assert result.total() == pytest.approx(scopes["1"] + scopes["2_market"] + scopes["3"], rel=1e-9, abs=1e-9)
    data = summary(result, organisation="hypothesis", year=2024)
    excluded_lines = sum(item["lines"] for item in data["excluded"])
    assert len(table) == data["calculated"] + excluded_lines + len(data["unresolved"])
    json.loads(dumps_summary(data))
    format_table(data)
    to_html(data)
    frame = result.to_dataframe()
    assert len(frame.columns) == len(set(frame.columns))


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(KEYS, AMOUNTS, UNITS), min_size=1, max_size=8))
def test_any_csv_through_the_command_line(rows):
    """The same through ``ghgcore calculate``: exit 0 with JSON that parses, or exit 2 with one line."""
    with tempfile.TemporaryDirectory() as folder, io.StringIO() as text:
        writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a lone CR too
        writer.writerow(["activity", "amount", "unit"])
        writer.writerows([(key, repr(amount), unit) for key, amount, unit in rows])
        acts = write(Path(folder), "activities.csv", text.getvalue())
        factors = write(Path(folder), "factors.csv", FACTORS_CSV)
        out = Path(folder) / "out.json"
        status = main(["calculate", acts, "-f", factors, "--factors", "none", "--year", "2024", "--format", "json",
                       "-o", str(out)])  # fmt: skip
        if status == 0:
            data = json.loads(out.read_text(encoding="utf-8"))
            assert len(rows) == data["lines"] == data["calculated"] + len(data["unresolved"])
            assert math.isfinite(data["total_kg_co2e"])
        else:
            assert 2 == status
