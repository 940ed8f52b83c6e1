"""Tests for ghgcore.network: a network's members added up, overlap, quality, criteria, anonymised, on Dask."""

from __future__ import annotations

import json
import math
import os

import pytest

from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
from ghgcore.errors import OptionError, PlanError, UnknownAccountError
from ghgcore.ledger import Ledger, organisation_number
from ghgcore.membership import CRITERIA, MemberFacts, Practice, check_criteria
from ghgcore.network import network_report
from ghgcore.output import dumps_summary
from ghgcore.plan import Plan
from ghgcore.store import AccountStore

from .test_yearly_cli import run

NS = 'xmlns="urn:StandardAuditFile-Taxation-Financial:NO"'

FACTORS = FactorSet.from_factors(
    [
        EmissionFactor("diesel", "L", {"CO2": 2.5}, source="test: diesel", scope=1),
        EmissionFactor("electricity", "kWh", {"CO2": 0.02}, source="test: grid", scope=2, method="location"),
        EmissionFactor("electricity", "kWh", {"CO2": 0.4}, source="test: residual", scope=2, method="market"),
        EmissionFactor("flights", "km", {"CO2": 0.1}, source="test: flights", scope=3, category=6),
    ],
    name="test",
    version="1",
)


def saft(company: str, number: str, year: int, purchases: list[tuple[str, str, str, float]]) -> str:
    """A SAF-T file: each purchase (account, supplier id, supplier's number, NOK) a balanced transaction."""
    suppliers = "".join(
        f"<Supplier><RegistrationNumber>{reg}</RegistrationNumber><Name>Supplier {sid}</Name>"
        f"<SupplierID>{sid}</SupplierID></Supplier>"
        for sid, reg in sorted({(sid, reg) for _, sid, reg, _ in purchases})
    )
    body = []
    for i, (account, sid, _, nok) in enumerate(purchases, 1):
        body.append(
            f"<Transaction><TransactionID>{i}</TransactionID><TransactionDate>{year}-03-0{i % 9 + 1}</TransactionDate>"
            f"<Line><RecordID>{2 * i}</RecordID><AccountID>{account}</AccountID><SupplierID>{sid}</SupplierID>"
            f"<DebitAmount><Amount>{nok:.2f}</Amount></DebitAmount></Line>"
            f"<Line><RecordID>{2 * i + 1}</RecordID><AccountID>2400</AccountID>"
            f"<CreditAmount><Amount>{nok:.2f}</Amount></CreditAmount></Line></Transaction>\n"
        )
    total = sum(p[3] for p in purchases)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><AuditFile {NS}><Header><AuditFileVersion>1.30</AuditFileVersion>'
        f"<Company><RegistrationNumber>{number}</RegistrationNumber><Name>{company}</Name></Company>"
        "<DefaultCurrencyCode>NOK</DefaultCurrencyCode></Header>"
        f"<MasterFiles><Suppliers>{suppliers}</Suppliers></MasterFiles>"
        f"<GeneralLedgerEntries><NumberOfEntries>{len(purchases)}</NumberOfEntries>"
        f"<TotalDebit>{total:.2f}</TotalDebit><TotalCredit>{total:.2f}</TotalCredit>"
        f"<Journal><JournalID>A</JournalID>{''.join(body)}</Journal></GeneralLedgerEntries></AuditFile>"
    )


#: organisation -> (number, {year: (diesel L, electricity kWh, flights km, purchases)}, plan)
MEMBERS = {
    "Bakeri Brød AS": (
        "999000011",
        {
            2023: (1000, 20000, 5000, [("6100", "S1", "NO 999 000 022 MVA", 100000.0)]),
            2024: (800, 20000, 4000, [("6100", "S1", "NO 999 000 022 MVA", 120000.0)]),
        },
        {"targets": [{"spec": "sbti-1.5"}], "base_year": 2023},
    ),
    "Frakt Fjord AS": (
        "999000022",
        {
            2023: (20000, 50000, 0, [("6100", "S9", "999000099", 50000.0)]),
            2024: (18000, 40000, 0, [("6100", "S9", "999000099", 40000.0)]),
        },
        {
            "targets": [{"spec": "fossil-free-2030"}],
            "practices": [
                {"kind": "certification", "scheme": "Miljøfyrtårn", "since": 2020, "evidence": "cert 1"}
            ],
            "spearheads": [],
        },
    ),
    "Konsulent Kompetanse AS": (
        "999000033",
        {2023: (0, 30000, 90000, []), 2024: (0, 25000, 60000, [])},
        {"practices": [{"kind": "strategy", "since": 2024, "evidence": "board decision 2024-02"}]},
    ),
    "Sagbruk Skog AS": ("999000044", {2023: (5000, 80000, 1000, [])}, {}),
}


def build(path) -> AccountStore:
    store = AccountStore(path)
    for name, (number, years, plan) in MEMBERS.items():
        for year, (diesel, kwh, km, purchases) in years.items():
            activities = [
                Activity.of(key, amount, unit, year=year)
                for key, amount, unit in (
                    ("diesel", diesel, "L"),
                    ("electricity", kwh, "kWh"),
                    ("flights", km, "km"),
                )
                if amount
            ]
            inputs: list = [activities]
            if purchases:
                file = path.parent / f"{number}-{year}.xml"
                file.write_text(saft(name, number, year, purchases), encoding="utf-8")
                inputs.append(Ledger.from_saft(file))
            inventory = calculate_inventory(inputs, [FACTORS, "spend"], year=year, organisation=name)
            store.save(
                inventory, organisation=name, metrics=[f"employees={10 + len(name)}", "revenue=50 MNOK"]
            )
        if plan:
            store.save_plan(name, Plan.from_record(plan))
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build(tmp_path_factory.mktemp("network") / "store")


@pytest.fixture(scope="module")
def report(store):
    return network_report(store, 2024, criteria="klimapartnere")


class TestContract:
    def test_members_in_store_and_reporting(self, report):
        """Four members in the store; Sagbruk has no 2024 account."""
        assert (2024, 4, 3) == (report["year"], report["members_in_store"], report["members_reporting"])
        assert ["Sagbruk Skog AS"] == report["not_reporting"]

    def test_total_is_the_sum_of_the_members_totals(self, store, report):
        totals = [store.load(name, 2024).total for name in MEMBERS if 2024 in MEMBERS[name][1]]
        assert math.fsum(totals) == report["total_kg_co2e"]
        assert report["total_kg_co2e"] == pytest.approx(
            report["scopes"]["1"] + report["scopes"]["2_market"] + report["scopes"]["3"]
        )

    def test_scopes_are_sums_of_the_members_figures(self, store, report):
        for key in ("1", "2_location", "2_market", "3"):
            expected = math.fsum(store.load(m, 2024).figures[key] for m in MEMBERS if 2024 in MEMBERS[m][1])
            assert expected == report["scopes"][key]
        # diesel 800 + 18000 L at 2.5 kg
        assert pytest.approx(18800 * 2.5) == report["scopes"]["1"]
        assert pytest.approx(85000 * 0.4) == report["scopes"]["2_market"]

    def test_members_largest_first(self, report):
        totals = [m["total_kg_co2e"] for m in report["members"]]
        assert totals == sorted(totals, reverse=True)
        assert "Frakt Fjord AS" == report["members"][0]["organisation"]
        assert {"Bakeri Brød AS", "Frakt Fjord AS", "Konsulent Kompetanse AS"} == {
            m["organisation"] for m in report["members"]
        }

    def test_with_target_counts_members_with_a_target(self, report):
        assert 2 == report["with_target"]

    def test_science_based_needs_sbtis_coverage(self, report, tmp_path):
        """The bakery's sbti-1.5 covers its scopes 1 and 2, and scope 3 is under 40 %: science-based."""
        rows = {m["organisation"]: m for m in report["members"]}
        assert rows["Bakeri Brød AS"]["science_based"] is True
        assert rows["Frakt Fjord AS"]["science_based"] is False  # fossil-free-2030 is not an SBTi target
        # scope 3 (flights) 90 % of the total and no scope 3 target: not science-based
        store = AccountStore(tmp_path / "s")
        for year in (2023, 2024):
            inventory = calculate_inventory(
                [Activity.of("diesel", 100, "L", year=year), Activity.of("flights", 25000, "km", year=year)],
                FACTORS,
            )
            store.save(inventory, organisation="Fly AS")
        store.save_plan("Fly AS", Plan.from_record({"base_year": 2023, "targets": [{"spec": "sbti-1.5"}]}))
        data = network_report(store, 2024)
        assert (1, 0) == (data["with_target"], data["science_based"])

    def test_unknown_engine_and_member(self, store):
        with pytest.raises(OptionError, match="unknown engine 'spark'"):
            network_report(store, 2024, engine="spark")
        with pytest.raises(UnknownAccountError, match="Nobody AS"):
            network_report(store, 2024, organisations=["Nobody AS"])
        with pytest.raises(OptionError, match="unknown criteria"):
            network_report(store, 2024, criteria="rotary")


class TestOverlap:
    def test_purchases_from_fellow_members_are_found_by_organisation_number(self, store, report):
        """The bakery buys freight from the haulier: its spend line on 6100 is the overlap."""
        purchases = report["overlap"]["purchases"]
        assert [("Bakeri Brød AS", "Frakt Fjord AS", 120000.0, "NOK")] == [
            (p["buyer"], p["supplier"], p["amount"], p["currency"]) for p in purchases
        ]
        lines = store.lines("Bakeri Brød AS", 2024).to_pandas()
        freight = lines[(lines["supplier_number"] == "999000022") & (lines["status"] == "calculated")]
        assert freight["co2e_market_kg"].sum() == pytest.approx(purchases[0]["kg_co2e"])
        assert purchases[0]["kg_co2e"] > 0
        assert report["overlap"]["kg_co2e"] == pytest.approx(purchases[0]["kg_co2e"])

    def test_fuel_or_electricity_bought_from_a_member_is_no_overlap(self, tmp_path):
        """What a member buys into its scope 1 or 2 does not hold the seller's emissions."""
        store = AccountStore(tmp_path / "s")
        for name, number, purchases in (
            ("Kraft AS", "999000055", []),
            (
                "Kunde AS",
                "999000066",
                [("6200", "K", "999000055", 50000.0), ("6100", "K", "999000055", 1000.0)],
            ),
        ):
            inputs: list = [[Activity.of("diesel", 10, "L", year=2024)]]
            if purchases:
                file = tmp_path / f"{number}.xml"
                file.write_text(saft(name, number, 2024, purchases), encoding="utf-8")
                inputs.append(Ledger.from_saft(file))
            store.save(calculate_inventory(inputs, [FACTORS, "spend"], year=2024, organisation=name))
        store.save_plan(
            "Kraft AS", Plan.from_record({"organisation_number": "999000055"})
        )  # no SAF-T of its own
        lines = store.lines("Kunde AS", 2024).to_pandas()
        electricity = lines[(lines["account"] == "6200") & (lines["status"] == "calculated")]
        assert {2} == set(electricity["scope"])  # the spend database puts electricity in scope 2
        purchases = network_report(store, 2024)["overlap"]["purchases"]
        assert [("Kunde AS", "Kraft AS", 1000.0)] == [
            (p["buyer"], p["supplier"], p["amount"]) for p in purchases
        ]

    def test_a_supplier_outside_the_network_is_no_overlap(self, report):
        """The haulier's supplier 999000099 is not a member."""
        assert all(p["buyer"] != "Frakt Fjord AS" for p in report["overlap"]["purchases"])

    def test_scope_12_and_3_apart(self, report):
        assert report["scope12_kg_co2e"] == report["scopes"]["1"] + report["scopes"]["2_market"]
        assert report["scope3_kg_co2e"] == report["scopes"]["3"]
        share = report["overlap"]["share_of_scope3_percent"]
        assert share == pytest.approx(100 * report["overlap"]["kg_co2e"] / report["scopes"]["3"])

    def test_organisation_numbers_are_compared_without_prefix_and_spaces(self):
        assert "999000022" == organisation_number("NO 999 000 022 MVA") == organisation_number("999.000.022")

    def test_the_ledger_reads_the_suppliers_master_file(self, tmp_path):
        file = tmp_path / "l.xml"
        file.write_text(saft("X AS", "1", 2024, [("6100", "S1", "NO999000022MVA", 10.0)]), encoding="utf-8")
        ledger = Ledger.from_saft(file)
        assert "NO999000022MVA" == ledger.suppliers["S1"].registration_number
        assert ["999000022", None] == ledger.supplier_numbers().to_numpy().tolist()


class TestQualityAndChange:
    def test_quality_weights_add_up(self, report):
        """Each line's kg is in one score: the scored kg are the absolute emissions."""
        quality = report["quality"]
        assert 1 <= quality["score"] <= 5
        assert quality["spend_share_percent"] + quality["activity_share_percent"] == pytest.approx(100)
        by_score = quality["kg_co2e_by_score"]
        assert by_score["4"] > 0  # the spend lines: Norway's EEIO factors (of 2015-2021, prices adjusted)
        assert by_score["2"] > 0  # activity data, factors that match
        spend = by_score["4"] + by_score["5"]
        assert spend / sum(by_score.values()) * 100 == pytest.approx(quality["spend_share_percent"])

    def test_missing_scopes_are_listed(self, report):
        """The consultancy has no scope 1 line."""
        missing = {m["organisation"]: m["scopes"] for m in report["quality"]["missing_scopes"]}
        assert ["1"] == missing["Konsulent Kompetanse AS"]

    def test_change_like_for_like_and_all(self, store, report):
        both = [m for m in MEMBERS if {2023, 2024} <= set(MEMBERS[m][1])]
        like = report["change"]["like_for_like"]
        assert 3 == like["members"]
        assert math.fsum(store.load(m, 2023).total for m in both) == like["previous_kg_co2e"]
        every = report["change"]["all"]
        assert 4 == every["members_previous"]
        assert every["previous_kg_co2e"] == math.fsum(store.load(m, 2023).total for m in MEMBERS)

    def test_intensity_percentiles(self, report):
        per_employee = [m["intensity"]["employees"] for m in report["members"]]
        ranked = sorted(per_employee, key=lambda i: i["kg_co2e_per_unit"])
        assert 100.0 == ranked[0]["percentile"]
        assert 0.0 == ranked[-1]["percentile"]
        revenue = report["members"][0]["intensity"]["revenue"]
        assert ("MNOK", pytest.approx(report["members"][0]["total_kg_co2e"] / 50)) == (
            revenue["unit"],
            revenue["kg_co2e_per_unit"],
        )


class TestCriteria:
    def test_klimapartnere_per_member_with_evidence(self, report):
        members = {m["organisation"]: m for m in report["criteria"]["members"]}
        haulier = {r["criterion"]: r for r in members["Frakt Fjord AS"]["results"]}
        assert haulier["environmental-management"]["met"] is True
        assert "Miljøfyrtårn" in haulier["environmental-management"]["evidence"]
        assert haulier["fossil-free-2030"]["met"] is True
        assert haulier["spearhead"]["met"] is False
        assert members["Frakt Fjord AS"]["met"] is False
        silent = {r["criterion"]: r["met"] for r in members["Sagbruk Skog AS"]["results"]}
        assert silent["account"] is False

    def test_naering_for_klima_practice_is_required_from_2025(self):
        facts = MemberFacts(has_account=True, targets=("sbti-1.5",))
        before = check_criteria(CRITERIA["naering-for-klima"], facts, 2024)
        after = check_criteria(CRITERIA["naering-for-klima"], facts, 2025)
        assert (False, False) == (before[2].met, before[2].required)
        assert (False, True) == (after[2].met, after[2].required)

    def test_a_practice_holds_in_its_years_only(self):
        practice = Practice("certification", since=2021, until=2023, scheme="ISO 14001")
        assert [False, True, True, False] == [practice.holds(y) for y in (2020, 2021, 2023, 2024)]

    def test_bad_practices_name_the_field(self):
        with pytest.raises(PlanError, match=r"practices #1, field 'scheme'"):
            Plan.from_record({"practices": [{"kind": "certification", "since": 2020}]})
        with pytest.raises(PlanError, match=r"practices #2, field 'since'"):
            Plan.from_record(
                {"practices": [{"kind": "strategy", "since": 2020}, {"kind": "strategy", "since": "soon"}]}
            )
        with pytest.raises(PlanError, match="unknown field 'year'"):
            Plan.from_record({"practices": [{"kind": "strategy", "since": 2020, "year": 1}]})


class TestAnonymised:
    def test_no_name_or_number_anywhere(self, store):
        text = dumps_summary(
            network_report(store, 2024, anonymise=True, criteria="klimapartnere", min_group=1)
        )
        for name, (number, _, _) in MEMBERS.items():
            assert name not in text
            assert name.split()[0] not in text
            assert number not in text
        assert "Miljøfyrtårn" not in text
        assert "board decision" not in text

    def test_small_groups_are_suppressed(self, store):
        data = network_report(store, 2024, anonymise=True, min_group=3)
        assert data["overlap"]["kg_co2e"] is None  # one buyer and one supplier
        assert "overlap" in data["suppressed"]
        assert data["scope3_categories"]["6"] is None  # flights: two members
        assert data["change"]["like_for_like"]["members"] == 3
        assert "previous_kg_co2e" in data["change"]["like_for_like"]  # three members: published
        assert data["members"][0]["organisation"] == "member 1"

    def test_a_members_own_view_names_only_itself(self, store):
        data = network_report(store, 2024, member="Bakeri Brød AS", criteria="klimapartnere")
        text = dumps_summary(data)
        own = next(m for m in data["members"] if m["organisation"] == "Bakeri Brød AS")
        assert "999000011" == own["organisation_number"]
        for name, (number, _, _) in MEMBERS.items():
            if name != "Bakeri Brød AS":
                assert name not in text
                assert number not in text
        assert "Miljøfyrtårn" not in text  # the haulier's evidence
        assert data["anonymised"] is True
        with pytest.raises(UnknownAccountError, match="the member's view"):
            network_report(store, 2024, member="Nobody AS")

    @pytest.mark.parametrize("min_group", [1, 2, 3, 4, 5])
    def test_one_hidden_category_is_never_alone(self, store, min_group):
        """Scope 3 less the published categories would give a single suppressed one back."""
        data = network_report(store, 2024, anonymise=True, min_group=min_group)
        hidden = [k for k in data["scope3_categories"] if data["scope3_categories"][k] is None]
        assert len(hidden) != 1
        assert all(m["change_percent"] is None for m in data["members"])  # would give previous totals

    def test_the_overlap_share_is_suppressed_with_its_kg(self, store):
        data = network_report(store, 2024, anonymise=True, min_group=3)
        assert (None, None) == (data["overlap"]["kg_co2e"], data["overlap"]["share_of_scope3_percent"])
        shown = network_report(store, 2024, anonymise=True, min_group=2)["overlap"]
        assert shown["kg_co2e"] is not None
        assert shown["share_of_scope3_percent"] is not None

    def test_percentiles_of_equal_members_share_their_rank(self):
        from ghgcore.network import _percentiles

        assert {"a": 50.0, "b": 50.0, "c": 50.0} == _percentiles({"a": 1.0, "b": 1.0, "c": 1.0})
        assert {"a": 100.0, "b": 0.0} == _percentiles({"a": 1.0, "b": 2.0})
        assert {"a": 100.0} == _percentiles({"a": 3.0})

    def test_equal_totals_keep_the_pseudonyms_in_list_order(self, tmp_path):
        store = AccountStore(tmp_path / "s")
        for name in ("Alfa AS", "Beta AS", "Gamma AS", "Delta AS"):
            store.save(
                calculate_inventory([Activity.of("diesel", 100, "L", year=2024)], FACTORS), organisation=name
            )
        data = network_report(store, 2024, anonymise=True)
        assert ["member 1", "member 2", "member 3", "member 4"] == [
            m["organisation"] for m in data["members"]
        ]
        assert ["Alfa AS", "Beta AS", "Delta AS", "Gamma AS"] == [
            m["organisation"] for m in network_report(store, 2024)["members"]
        ]

    def test_pseudonyms_follow_size_not_name(self, store):
        data = network_report(store, 2024, anonymise=True)
        assert ["member 1", "member 2", "member 3"] == [m["organisation"] for m in data["members"]]
        assert ["member 4"] == data["not_reporting"]


class TestDask:
    def test_dask_engine_is_byte_identical(self, store):
        distributed = pytest.importorskip("dask.distributed")
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            for options in ({}, {"anonymise": True}, {"criteria": "klimapartnere"}):
                local = dumps_summary(network_report(store, 2024, **options))
                dask = dumps_summary(network_report(store, 2024, engine="dask", client=client, **options))
                assert local == dask

    def test_cli_dask_gives_the_same_bytes(self, store):
        pytest.importorskip("dask.distributed")
        base = ["network", "--store", str(store.path), "--year", "2024", "--format", "json"]
        local = run(*base)
        dask = run(*base, "--engine", "dask")
        assert (0, 0) == (local.returncode, dask.returncode), dask.stderr
        assert local.stdout == dask.stdout
        assert json.loads(local.stdout)["members_reporting"] == 3


class TestCli:
    def test_json_contract(self, store):
        result = run(
            "network", "--store", str(store.path), "--year", "2024", "--format", "json", "--anonymise"
        )
        assert 0 == result.returncode, result.stderr
        data = json.loads(result.stdout)
        for key in (
            "year",
            "members_in_store",
            "members_reporting",
            "total_kg_co2e",
            "scopes",
            "with_target",
        ):
            assert key in data
        assert set(data["scopes"]) >= {"1", "2_location", "2_market", "3"}
        assert all(set(m) >= {"organisation", "total_kg_co2e"} for m in data["members"])
        assert not any(name in result.stdout for name in MEMBERS)

    def test_a_scheduler_needs_the_dask_engine(self, tmp_path, store):
        for args in (
            ("network", "--store", str(store.path), "--year", "2024"),
            ("batch", str(tmp_path / "jobs.csv"), "--store", str(tmp_path / "s")),
        ):
            result = run(*args, "--scheduler", "tcp://127.0.0.1:1")
            assert 2 == result.returncode
            assert "give it with --engine dask" in result.stderr

    def test_errors_are_one_line(self, tmp_path, store):
        result = run("network", "--store", str(tmp_path / "none"), "--year", "2024")
        assert 2 <= result.returncode
        assert "no account store here" in result.stderr
        assert "Traceback" not in result.stderr
        result = run("network", "--store", str(store.path), "--year", "24")
        assert "expected a year such as 2024" in result.stderr


class TestBatch:
    def jobs(self, folder):
        from ghgcore.batch import read_jobs

        for i, _name in enumerate(["Alfa AS", "Beta AS", "Gamma AS"]):
            (folder / f"{i}.csv").write_text(
                f"activity,amount,unit,year\ndiesel,{100 * (i + 1)},L,2024\nflights,{1000 * i},km,2024\n",
                encoding="utf-8",
            )
        (folder / "jobs.csv").write_text(
            "organisation,year,input,metrics\n"
            "Alfa AS,2024,0.csv,employees=4\nBeta AS,2024,1.csv,employees=9; revenue=5 MNOK\n"
            "Gamma AS,2024,2.csv,\nGamma AS,2024,missing.csv,\n",
            encoding="utf-8",
        )
        return read_jobs(folder / "jobs.csv")

    def test_jobs_group_rows_and_resolve_paths(self, tmp_path):
        jobs = self.jobs(tmp_path)
        assert [("Alfa AS", 1), ("Beta AS", 1), ("Gamma AS", 2)] == [
            (j.organisation, len(j.inputs)) for j in jobs
        ]
        assert ("employees=9", "revenue=5 MNOK") == jobs[1].metrics
        assert str(tmp_path / "missing.csv") == jobs[2].inputs[1]

    def test_a_failed_job_is_reported_and_the_others_stored(self, tmp_path):
        from ghgcore.batch import calculate_accounts

        outcomes = calculate_accounts(self.jobs(tmp_path), tmp_path / "store", factors=["fuels", "travel"])
        assert ["saved", "saved", "failed"] == [o.status for o in outcomes]
        assert "missing.csv" in outcomes[2].message
        store = AccountStore(tmp_path / "store", create=False)
        assert ["Alfa AS", "Beta AS"] == store.organisations()
        assert outcomes[1].total_kg_co2e == store.load("Beta AS", 2024).total
        again = calculate_accounts(self.jobs(tmp_path)[:1], store, factors=["fuels", "travel"])
        assert "failed" == again[0].status
        assert "replace it explicitly" in again[0].message

    def test_dask_stores_the_same_accounts(self, tmp_path):
        distributed = pytest.importorskip("dask.distributed")
        from ghgcore.batch import calculate_accounts

        jobs = self.jobs(tmp_path)[:2]
        calculate_accounts(jobs, tmp_path / "local", factors=["fuels", "travel"])
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            calculate_accounts(
                jobs, tmp_path / "dask", factors=["fuels", "travel"], engine="dask", client=client
            )
        local, dask = AccountStore(tmp_path / "local"), AccountStore(tmp_path / "dask")
        for job in jobs:
            assert (
                local.load(job.organisation, 2024).summary_json
                == dask.load(job.organisation, 2024).summary_json
            )
            assert local.lines(job.organisation, 2024).equals(dask.lines(job.organisation, 2024))

    def test_a_fifo_is_no_jobs_file(self, tmp_path):
        from ghgcore.batch import read_jobs
        from ghgcore.errors import InputError

        os.mkfifo(tmp_path / "jobs.csv")
        with pytest.raises(InputError, match="not a regular file"):
            read_jobs(tmp_path / "jobs.csv")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("organisation,year\nA,2024\n", "no column 'input'"),
            ("organisation,year,input\nA,24,x.csv\n", "line 2, field 'year': got '24'"),
            ("organisation,year,input\n,2024,x.csv\n", "line 2, field 'organisation'"),
            ("organisation,year,input,metrics\nA,2024,x.csv,employees\n", "line 2, field 'metrics'"),
            ("organisation,year,input\nA,0999,x.csv\n", "line 2, field 'year'"),
            ('organisation,year,input\n"A\x1b[2J",2024,x.csv\n', "line 2, field 'organisation'.*control"),
            (
                "organisation,year,input\nA,2024,x.csv\nA,2024,sub/../x.csv\n",
                "line 3, field 'input'.*same file as line 2",
            ),
        ],
    )
    def test_bad_jobs_files_name_line_and_field(self, tmp_path, text, expected):
        from ghgcore.batch import read_jobs
        from ghgcore.errors import InputError

        (tmp_path / "jobs.csv").write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=expected):
            read_jobs(tmp_path / "jobs.csv")
