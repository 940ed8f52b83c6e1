"""The account store: saved and loaded bit-identical, replace explicit and logged, damage reported."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.errors import AccountExistsError, OptionError, StoreError, UnknownAccountError
from ghgcore.output import dumps_summary
from ghgcore.store import Account, AccountStore, InputFile, Metric

FACTORS = FactorSet.from_factors(
    [
        EmissionFactor("diesel", "L", {"CO2": 2.5, "CH4": 1e-4}, source="test: diesel", scope=1),
        EmissionFactor("hvo", "L", {"CO2_biogenic": 2.3, "N2O": 1e-5}, source="test: hvo", scope=1),
        EmissionFactor(
            "electricity", "kWh", {"CO2": 0.02}, source="test", region="NO", scope=2, method="location"
        ),
        EmissionFactor(
            "electricity", "kWh", {"CO2": 0.4}, source="test", region="NO", scope=2, method="market"
        ),
        EmissionFactor("flight", "passenger_km", {"CO2e": 0.15}, source="test", scope=3, category=6),
    ],
    name="test",
    version="1",
)


def inventory(year: int = 2022, diesel: float = 1000.0, organisation: str = "Test AS"):
    lines = [
        Activity.of("diesel", diesel, "L", year=year, site="depot"),
        Activity.of("hvo", 500, "L", year=year),
        Activity.of("electricity", 20_000, "kWh", region="NO", year=year),
        Activity.of("flight", 8000, "passenger_km", year=year, tags={"trip": "Oslo–Bergen"}),
        Activity.of("unknown thing", 3, "kg", year=year),
    ]
    return calculate_inventory(lines, FACTORS, organisation=organisation)


def test_save_and_load_bit_identical(tmp_path):
    """The summary's JSON bytes, the figures, metrics and inputs come back exactly."""
    source = tmp_path / "input.csv"
    source.write_text("activity,amount,unit\ndiesel,1,L\n", encoding="utf-8")
    inv = inventory()
    store = AccountStore(tmp_path / "store")
    saved = store.save(inv, metrics=["employees=40", "revenue=12.5 MNOK"], inputs=[source])
    loaded = store.load("Test AS", 2022)
    assert saved == loaded
    assert dumps_summary(inv.summary()) == loaded.summary_json
    assert dumps_summary(loaded.summary) == loaded.summary_json  # parsing and writing again changes nothing
    assert (Metric("employees", 40.0), Metric("revenue", 12.5, "MNOK")) == loaded.metrics
    assert InputFile.of(source) == loaded.inputs[0]
    assert 2500.0 < loaded.figures["1"]  # diesel's CO2, its CH4, and HVO's N2O
    assert loaded.figures["1_fossil"] == pytest.approx(inv.result.by_basis["co2e"][1][0])
    assert ["Test AS"] == store.organisations()
    assert [2022] == store.years("Test AS")


def test_lines_and_activities_round_trip(tmp_path):
    """The result lines are stored as a Parquet table; the input lines calculate to the same result again."""
    inv = inventory()
    store = AccountStore(tmp_path / "store")
    store.save(inv)
    lines = store.lines("Test AS", 2022)
    frame = inv.to_dataframe()
    assert list(frame.columns) == lines.column_names
    assert np.array_equal(
        frame["co2e_market_kg"].to_numpy(), lines.column("co2e_market_kg").to_numpy(), equal_nan=True
    )
    table = store.activities("Test AS", 2022)
    again = calculate_inventory([table], FACTORS, organisation="Test AS")
    assert dumps_summary(inv.summary()) == dumps_summary(again.summary())
    assert ["Oslo–Bergen"] == [t for t in table.tags["trip"].to_numpy() if t]


def test_replace_is_explicit_and_logged(tmp_path):
    """Saving a stored year again is refused; with replace the old one is kept in the history and logged."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory(diesel=1000))
    with pytest.raises(AccountExistsError, match="replace it explicitly"):
        store.save(inventory(diesel=900))
    assert 1000 * 2.5 < store.load("Test AS", 2022).figures["1"]
    store.save(inventory(diesel=900), replace=True, note="corrected fuel card data")
    assert store.load("Test AS", 2022).figures["1"] < 1000 * 2.5
    log = store.log("Test AS")
    assert ["saved", "replaced"] == [e["action"] for e in log]
    assert "corrected fuel card data" == log[1]["note"]
    previous = store.path / log[1]["previous"]
    assert json.loads((previous / "account.json").read_text())["figures"]["1"] > 2500


def test_unknown_organisation_and_year(tmp_path):
    """Asking for what is not there names what is."""
    store = AccountStore(tmp_path / "store")
    with pytest.raises(UnknownAccountError, match="empty"):
        store.load("Nobody AS", 2022)
    store.save(inventory())
    with pytest.raises(UnknownAccountError, match=r"has no account for 2019 \(it has 2022\)"):
        store.load("Test AS", 2019)
    with pytest.raises(UnknownAccountError, match="'Test AS'"):
        store.load("Other AS", 2022)


def test_not_a_store(tmp_path):
    """A folder with other files is never taken for a store; a missing one is made only when asked."""
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match="not an account store"):
        AccountStore(tmp_path)
    with pytest.raises(StoreError, match="no account store here"):
        AccountStore(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()


def test_damaged_account_names_file_and_field(tmp_path):
    """A damaged account file is a StoreError naming the file and the field."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory())
    (path,) = store.path.glob("accounts/*/2022/account.json")
    record = json.loads(path.read_text())
    record["figures"] = {"1": "lots"}
    path.write_text(json.dumps(record))
    with pytest.raises(StoreError, match=r"account.json: field 'figures' is missing or damaged"):
        store.load("Test AS", 2022)
    path.write_text("{not json")
    with pytest.raises(StoreError, match="damaged, not JSON"):
        store.load("Test AS", 2022)


@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and s.isprintable()))
def test_any_organisation_name_is_a_safe_folder(name):
    """Names with slashes, dots, case variants or any script map to one folder inside the store, never outside."""
    from ghgcore.store import _key

    key = _key(name)
    assert "/" not in key
    assert "\\" not in key
    assert not key.startswith(".")
    assert _key(name) == key
    if name.lower() != name:
        assert _key(name.lower()) != key


def test_hostile_names_stay_inside(tmp_path):
    """An organisation called '../../etc' is stored inside the store's folder."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory(organisation="../../etc"))
    assert ["../../etc"] == store.organisations()
    assert {tmp_path / "store"} == {p for p in tmp_path.iterdir()}


def test_bad_organisation_and_metric(tmp_path):
    """No organisation, control characters, a bad metric or one named twice: an OptionError saying what is expected."""
    store = AccountStore(tmp_path / "store")
    with pytest.raises(OptionError, match="needs the organisation"):
        store.save(inventory(organisation=""))
    with pytest.raises(OptionError, match="control characters"):
        store.save(inventory(organisation="A\x1b[2JB"))
    with pytest.raises(OptionError, match="expected NAME=QUANTITY"):
        store.save(inventory(), metrics=["employees"])
    with pytest.raises(OptionError, match="given twice"):
        store.save(inventory(), metrics=["employees=4", "employees=5"])
    with pytest.raises(OptionError, match="metric revenue"):
        store.save(inventory(), metrics=["revenue=12 MNOKK"])
    with pytest.raises(OptionError, match="the inventory is for 2022"):
        store.save(inventory(), year=2021)
    assert [] == store.organisations()  # nothing was written


def test_interrupted_save_leaves_nothing(tmp_path, monkeypatch):
    """A failure while writing leaves no account, no staging folder and no log entry."""
    import pyarrow.parquet as pq

    store = AccountStore(tmp_path / "store")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "write_table", fail)
    with pytest.raises(OSError, match="No space"):
        store.save(inventory())
    assert [] == store.years("Test AS")
    assert [] == [p for p in store.path.rglob(".ghgcore-*")]
    assert [] == store.log()


def test_account_record_round_trip():
    """Account.to_record and from_record are inverses."""
    inv = inventory()
    from ghgcore.figures import figures

    account = Account(
        "Test AS", 2022, dumps_summary(inv.summary()), figures(inv.summary()), (Metric("m2", 1200, "m**2"),)
    )
    assert account == Account.from_record(json.loads(json.dumps(account.to_record())))
    with pytest.raises(StoreError, match="store format 99"):
        Account.from_record({**account.to_record(), "format": 99})


def test_store_files_are_parquet_readable_without_ghgcore(tmp_path):
    """Any Parquet reader (here DuckDB, if installed) reads the lines of every account."""
    duckdb = pytest.importorskip("duckdb")
    store = AccountStore(tmp_path / "store")
    store.save(inventory(2021))
    store.save(inventory(2022, diesel=800))
    pattern = os.fspath(store.path / "accounts" / "*" / "*" / "lines.parquet")
    rows = duckdb.sql(
        f"select year, round(sum(co2e_market_kg), 6) from read_parquet('{pattern}') where status = 'calculated' "
        "group by year order by year"
    ).fetchall()
    assert [2021, 2022] == [r[0] for r in rows]
    assert rows[0][1] > rows[1][1]


def test_damaged_line_files_are_store_errors(tmp_path):
    """A truncated Parquet file is a StoreError naming it, never a pyarrow traceback."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory())
    for name in ("lines.parquet", "activities.parquet"):
        (path,) = store.path.glob(f"accounts/*/2022/{name}")
        path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(StoreError, match=r"lines.parquet: cannot be read"):
        store.lines("Test AS", 2022)
    with pytest.raises(StoreError, match=r"activities.parquet: cannot be read"):
        store.activities("Test AS", 2022)


def test_names_are_stored_stripped_and_in_nfc(tmp_path):
    """'Bå AS' typed either Unicode way, with stray spaces, is one organisation."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory(organisation=" Ba\u030a AS "))
    assert ["B\u00e5 AS"] == store.organisations()
    assert [2022] == store.years("B\u00e5 AS")
    assert "B\u00e5 AS" == store.load("Ba\u030a AS", 2022).organisation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["figures"].__setitem__("1", float("nan")), "field 'figures'"),
        (lambda r: r["figures"].__setitem__("1", 1e300), "field 'figures'"),
        (
            lambda r: r.__setitem__("summary", json.dumps({"gwp": ["AR6"], "total_kg_co2e": 1.0})),
            "field 'summary'",
        ),
        (
            lambda r: r.__setitem__("summary", json.dumps({"gwp": "AR6", "total_kg_co2e": "1"})),
            "field 'summary'",
        ),
        (lambda r: r.__setitem__("year", 2019), r"holds 'Test AS' 2019, expected 'Test AS' 2022"),
    ],
)
def test_damaged_account_documents(tmp_path, change, message):
    """Non-finite figures, a summary of the wrong shape, an account in the wrong year's folder: StoreErrors."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory())
    (path,) = store.path.glob("accounts/*/2022/account.json")
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))
    with pytest.raises(StoreError, match=message):
        store.load("Test AS", 2022)


def test_damaged_log_and_organisation_files(tmp_path):
    """A log line that is not an object and an organisation file without a name are StoreErrors."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory())
    with open(store.path / "log.jsonl", "a") as f:
        f.write("[1, 2]\n")
    with pytest.raises(StoreError, match=r"log.jsonl, line 2: not a JSON object"):
        store.log()
    (path,) = store.path.glob("accounts/*/organisation.json")
    path.write_text("{}")
    with pytest.raises(StoreError, match="field 'name'"):
        store.organisations()


def test_history_numbers_never_collide(tmp_path):
    """A replaced account takes the next free number, even after one was removed by hand."""
    store = AccountStore(tmp_path / "store")
    store.save(inventory())
    store.save(inventory(), replace=True)
    store.save(inventory(), replace=True)
    (history,) = store.path.glob("accounts/*/history")
    (history / "2022-1").rename(history / "removed")
    store.save(inventory(), replace=True)
    assert {"2022-2", "2022-3", "removed"} == {p.name for p in history.iterdir()}


def test_an_unreadable_plan_is_never_stored(tmp_path):
    """A plan document that could not be read back is refused before it is written."""
    from ghgcore.errors import PlanError

    store = AccountStore(tmp_path / "store")
    with pytest.raises(PlanError, match="events #1, field 'year'"):
        store.save_plan_record(
            "Test AS", {"events": [{"kind": "factors", "year": 99999, "effect": {"1": 1.0}}]}
        )
    assert store.plan_record("Test AS") is None


def test_a_metric_in_another_unit_of_its_kind():
    from ghgcore.errors import UnitError
    from ghgcore.store import Metric

    revenue = Metric.parse("revenue=12.5 MNOK")
    assert 12.5e6 == revenue.value_in("NOK")
    assert 12.5 == revenue.value_in("MNOK")
    assert 40.0 == Metric.parse("employees=40").value_in("")
    with pytest.raises(UnitError):
        revenue.value_in("")


def test_save_keeps_monte_carlo_intervals_of_the_same_inventory(tmp_path):
    """save(uncertainty=...) keeps the inventory's own Monte Carlo intervals; another inventory's are refused."""
    inv = inventory()
    monte_carlo = inv.summary(uncertainty="monte-carlo", samples=500, seed=4)["uncertainty"]
    store = AccountStore(tmp_path / "store")
    account = store.save(inv, uncertainty=monte_carlo)
    assert monte_carlo == account.summary["uncertainty"]
    other = inventory(diesel=2000.0).summary(uncertainty="monte-carlo", samples=500, seed=4)["uncertainty"]
    with pytest.raises(OptionError, match="uncertainty: its figures are not this inventory's"):
        store.save(inv, uncertainty=other, replace=True)
    with pytest.raises(OptionError, match="uncertainty: expected the summary's uncertainty part"):
        store.save(inv, uncertainty={"figures": {}}, replace=True)
