"""Tests for ghgcore.ledger: ledger CSV and SAF-T Financial, read and reconciled."""

from __future__ import annotations

import numpy as np
import pytest

from ghgcore.ledger import Ledger, LedgerFileError

from .conftest import ROOT

EXAMPLE = ROOT / "tests" / "data" / "saft" / "ExampleFile_SAF-T_Financial_888888888_20180228235959.xml"
NS = 'xmlns="urn:StandardAuditFile-Taxation-Financial:NO"'


def saft(
    lines: list[tuple[str, float, float]],
    *,
    version: str = "1.30",
    extra_account: str = "",
    totals: bool = True,
) -> str:
    """A small SAF-T file: one journal, a transaction per line, each ending its XML line (line i on line i)."""
    body = []
    for i, (account, debit, credit) in enumerate(lines):
        amount = (
            f"<DebitAmount><Amount>{debit}</Amount></DebitAmount>"
            if debit
            else f"<CreditAmount><Amount>{credit}</Amount></CreditAmount>"
        )
        body.append(
            f"<Transaction><TransactionID>{i // 2 + 1}</TransactionID><TransactionDate>2024-03-0{i % 9 + 1}</TransactionDate>"
            f"<Line><RecordID>{i + 1}</RecordID><AccountID>{account}</AccountID><Description>line {i + 1}</Description>"
            f"{amount}</Line></Transaction>\n"
        )
    debit = sum(d for _, d, _ in lines)
    credit = sum(c for _, _, c in lines)
    declared = (
        f"<NumberOfEntries>{len(lines)}</NumberOfEntries><TotalDebit>{debit}</TotalDebit><TotalCredit>{credit}</TotalCredit>"
        if totals
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><AuditFile {NS}><Header><AuditFileVersion>{version}</AuditFileVersion>'
        "<Company><Name>Test AS</Name></Company><DefaultCurrencyCode>NOK</DefaultCurrencyCode></Header>"
        "<MasterFiles><GeneralLedgerAccounts><Account><AccountID>6551</AccountID><AccountDescription>Datautstyr</AccountDescription>"
        f"<GroupingCategory>RF-1167</GroupingCategory><GroupingCode>6500</GroupingCode></Account>{extra_account}"
        "</GeneralLedgerAccounts></MasterFiles>"
        f"<GeneralLedgerEntries>{declared}<Journal><JournalID>A</JournalID>{''.join(body)}</Journal></GeneralLedgerEntries></AuditFile>"
    )


class TestOfficialExample:
    def test_reconciles_with_the_files_own_totals(self):
        """Debit = credit = the declared 9 487 049.35; 53 transactions as declared; 170 lines."""
        rec = Ledger.from_saft(EXAMPLE).reconciliation()
        assert (170, 53) == (rec["lines"], rec["transactions"])
        assert (9487049.35, 9487049.35) == (rec["total_debit"], rec["total_credit"])
        assert rec["balanced"] is True
        assert rec["matches_declared"] is True
        assert 0.0 == pytest.approx(sum(rec["net_by_account"].values()), abs=1e-6)

    def test_header_and_chart_of_accounts(self):
        """Company, period and currency from the header; 22 accounts with their standard accounts."""
        ledger = Ledger.from_saft(EXAMPLE)
        assert ("Tøyen Lekefabrikk AS", "NOK", "2017") == (
            ledger.header["company"], ledger.currency, ledger.header["period_start_year"]
        )  # fmt: skip
        assert 22 == len(ledger.accounts)
        assert ("Inventar", "12") == (
            ledger.accounts["1250"].description,
            ledger.accounts["1250"].standard_account,
        )

    def test_line_fields(self):
        """The first line: account 4000, debit 10 000, department 102, VAT code 1, dated 2017-01-04."""
        ledger = Ledger.from_saft(EXAMPLE)
        assert ("4000", 10000.0, 0.0) == (ledger.account.value(0), ledger.debit[0], ledger.credit[0])
        assert ("102", "1", "1001") == (
            ledger.department.value(0),
            ledger.vat_code.value(0),
            ledger.transaction.value(0),
        )
        assert np.datetime64("2017-01-04") == ledger.date[0]


def test_schema_130_and_grouping_codes(tmp_path):
    """A 1.30 file with GroupingCategory/GroupingCode reads the same way."""
    path = tmp_path / "f.xml"
    path.write_text(saft([("6551", 1000.0, 0.0), ("1920", 0.0, 1000.0)]), encoding="utf-8")
    ledger = Ledger.from_saft(path)
    assert ("RF-1167", "6500") == (
        ledger.accounts["6551"].grouping_category,
        ledger.accounts["6551"].grouping_code,
    )
    assert {"1920": -1000.0, "6551": 1000.0} == ledger.net_by_account()
    assert ledger.reconciliation()["balanced"] is True


def test_declared_totals_that_do_not_match_are_reported(tmp_path):
    """A file whose lines do not add up to its declared totals reconciles as False, not silently."""
    text = saft([("6551", 1000.0, 0.0), ("1920", 0.0, 1000.0)]).replace(
        "<TotalDebit>1000.0", "<TotalDebit>1200.0"
    )
    path = tmp_path / "f.xml"
    path.write_text(text, encoding="utf-8")
    assert Ledger.from_saft(path).reconciliation()["matches_declared"] is False


def test_truncated_file_names_element_and_position(tmp_path):
    """A truncated file is an error with the line, column and the element being read."""
    text = EXAMPLE.read_text(encoding="utf-8")
    cut = text.index("<n1:Line>", len(text) // 2) + 60
    path = tmp_path / "cut.xml"
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(LedgerFileError, match=r"truncated XML at line \d+, column \d+ inside <\w+>"):
        Ledger.from_saft(path)


def test_unsafe_xml_is_refused(tmp_path):
    """Entity expansion (a 'billion laughs' file) is refused, not expanded."""
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        f"<AuditFile {NS}><Header><AuditFileVersion>&lol2;</AuditFileVersion></Header></AuditFile>",
        encoding="utf-8",
    )
    with pytest.raises(LedgerFileError, match="refused unsafe XML"):
        Ledger.from_saft(path)


def test_not_saft(tmp_path):
    """Another XML document is not a SAF-T file."""
    path = tmp_path / "x.xml"
    path.write_text("<invoice><total>1</total></invoice>", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="not a SAF-T Financial file"):
        Ledger.from_saft(path)


def test_odd_amount_is_a_problem_not_a_crash(tmp_path):
    """A non-numeric amount is a reported problem on that line; the rest is read."""
    text = saft([("6551", 1000.0, 0.0), ("1920", 0.0, 1000.0)]).replace(
        "<Amount>1000.0</Amount>", "<Amount>ten</Amount>", 1
    )
    path = tmp_path / "f.xml"
    path.write_text(text, encoding="utf-8")
    ledger = Ledger.from_saft(path)
    assert 2 == len(ledger)
    assert [(1, "DebitAmount/Amount", "ten")] == [(p.line, p.field, p.value) for p in ledger.problems]
    assert [0] == ledger.problems.row.tolist()


def test_missing_file(tmp_path):
    """A missing file is a LedgerFileError."""
    with pytest.raises(LedgerFileError, match="no such file"):
        Ledger.from_saft(tmp_path / "nope.xml")


def test_many_lines_stream(tmp_path):
    """20 000 lines read and reconcile (the streaming path clears each line)."""
    pairs = [
        ("6551" if i % 2 == 0 else "1920", 10.5 if i % 2 == 0 else 0.0, 0.0 if i % 2 == 0 else 10.5)
        for i in range(20000)
    ]
    path = tmp_path / "big.xml"
    path.write_text(saft(pairs), encoding="utf-8")
    rec = Ledger.from_saft(path).reconciliation()
    assert (20000, 105000.0, True) == (rec["lines"], rec["total_debit"], rec["balanced"])


class TestLedgerCsv:
    def test_read_and_reconcile(self, tmp_path):
        """Debit positive, credit negative; net per account; bad lines reported with line and field."""
        path = tmp_path / "gl.csv"
        path.write_text(
            "account,amount,date,description,supplier\n"
            "6551,12000,2024-02-01,Laptops,Elkjøp\n"
            "1920,-12000,2024-02-01,Bank,\n"
            "6800,abc,2024-02-03,Paper,\n"
            "6800,450.50,03.02.2024,Paper,\n",
            encoding="utf-8",
        )
        ledger = Ledger.from_csv(path)
        assert [(4, "amount", "abc"), (5, "date", "03.02.2024")] == [
            (p.line, p.field, p.value) for p in ledger.problems
        ]
        assert {"1920": -12000.0, "6551": 12000.0, "6800": 450.5} == ledger.net_by_account()
        rec = ledger.reconciliation()
        assert (4, 12450.5, 12000.0, False) == (
            rec["lines"],
            rec["total_debit"],
            rec["total_credit"],
            rec["balanced"],
        )

    def test_missing_column(self, tmp_path):
        """A ledger without dates says so."""
        path = tmp_path / "gl.csv"
        path.write_text("account,amount\n6551,1\n", encoding="utf-8")
        with pytest.raises(LedgerFileError, match="missing required column 'date'"):
            Ledger.from_csv(path)


# ---------------------------------------------------------------------------
# the views of a ledger (ghgcore.views.ledger), in English and Norwegian


def test_text_report_in_english():
    """Skatteetaten's example: its period, totals against the declared ones, net per class and account."""
    from ghgcore.views import format_ledger

    lines = format_ledger(Ledger.from_saft(EXAMPLE)).splitlines()
    assert "Tøyen Lekefabrikk AS 888888888" == lines[0]
    assert "Period 2017-01 to 2017-04 (4 months, not a full year)" == lines[1]
    assert "Lines 170, transactions 53, currency NOK" == lines[2]
    assert "Total debit 9,487,049.35, total credit 9,487,049.35: balanced" == lines[3]
    # the number of entries is a count, not an amount with decimals
    assert (
        "Declared by the file: number of entries 53, total debit 9,487,049.35, total credit 9,487,049.35: matches"
        == lines[4]
    )
    assert "Problems: 0 of lines, 0 of the file" == lines[5]
    assert f"{'5':<10}{'payroll':<40}{'1,496,000.00':>18}" in lines
    assert f"{'4-7':<10}{'operating costs (to check against the':<40}{'2,001,501.00':>18}" in lines


def test_text_report_in_norwegian():
    """The same report in Norwegian: the catalogue's labels, NS 4102's class names, '9 487 049,35'."""
    from ghgcore.views import format_ledger

    lines = format_ledger(Ledger.from_saft(EXAMPLE), language="nb").splitlines()
    assert "Periode 2017-01 til 2017-04 (4 måneder, ikke et helt år)" == lines[1]
    assert "Linjer 170, transaksjoner 53, valuta NOK" == lines[2]
    assert "Sum debet 9\xa0487\xa0049,35, sum kredit 9\xa0487\xa0049,35: i balanse" == lines[3]
    assert lines[4].startswith("Oppgitt i filen: antall transaksjoner 53, sum debet 9\xa0487\xa0049,35")
    assert lines[4].endswith(": stemmer")
    assert "Problemer: 0 i linjene, 0 i filen" == lines[5]
    assert f"{'klasse':<10}{'':<40}{'netto':>18}" in lines
    payroll = "1\xa0496\xa0000,00"
    assert f"{'5':<10}{'lønnskostnader':<40}{payroll:>18}" in lines
    assert f"{'konto':<10}{'beskrivelse':<40}{'netto':>18}" in lines


def test_html_in_norwegian():
    """The HTML page in Norwegian: its lang attribute, headings and figures."""
    from ghgcore.views import ledger_html

    page = ledger_html(Ledger.from_saft(EXAMPLE), language="nb")
    assert page.startswith("<!DOCTYPE html><html lang='nb'>")
    assert (
        "<p>Periode 2017-01 til 2017-04 (4 måneder, ikke et helt år); valuta NOK; 170 linjer, 53 transaksjoner</p>"
        in page
    )
    assert "<h2>Netto per kontoklasse</h2>" in page
    assert "<td>5</td><td>lønnskostnader</td><td style='text-align:right'>1\xa0496\xa0000,00</td>" in page
    assert "<th>konto</th><th>beskrivelse</th><th>netto</th>" in page
    english = ledger_html(Ledger.from_saft(EXAMPLE))
    assert "<h2>Net per account class</h2>" in english
    assert "<td>5</td><td>payroll</td><td style='text-align:right'>1,496,000.00</td>" in english


def test_period_and_class_names():
    """period_text and class_rows speak the view's language; an unknown period says so."""
    from ghgcore.views.ledger import CLASS_NAMES, class_names, class_rows, period_text

    assert "2024-01 to 2024-12 (12 months, a full year)" == period_text(
        {"start": "2024-01", "end": "2024-12", "months": 12, "full_year": True}
    )
    assert "2024-01 til 2024-01 (1 måned, ikke et helt år)" == period_text(
        {"start": "2024-01", "end": "2024-01", "months": 1, "full_year": False}, "nb"
    )
    assert "ukjent periode" == period_text({"months": 0}, "nb")
    assert CLASS_NAMES == class_names()
    rows = class_rows({"net_by_class": {"4": 10.0, "9": 1.0}, "costs_4_to_7": 10.0}, "nb")
    assert [
        ("4", "varekostnad", 10.0),
        ("9", "", 1.0),
        ("4-7", "driftskostnader (å stemme av mot resultatregnskapet)", 10.0),
    ] == rows
