"""Hostile and broken general ledgers: SAF-T XML and ledger CSV.

Every bad input gets a clear answer and nothing is lost: each ``<Line>`` of
a SAF-T file and each row of a ledger CSV is a ledger line, calculated,
excluded or unresolved with a reason naming its line and field; a file that
cannot be read at all is one error naming the file; no traceback, through
the Python API and through the command line.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ghgcore
from ghgcore.cli import main
from ghgcore.errors import LedgerFileError, OptionError
from ghgcore.ledger import SAFT_NAMESPACE, Ledger
from ghgcore.problems import Problems
from ghgcore.result import CALCULATED, EXCLUDED, UNRESOLVED
from ghgcore.views import format_ledger, ledger_html, ledger_summary

NS = f'xmlns="{SAFT_NAMESPACE}"'
EXPECT_AMOUNT = "a finite number with '.' as decimal point"
HERE = Path(__file__).parent


def line_xml(account: str, debit: str | None = None, credit: str | None = None, extra: str = "") -> str:
    """One posting line, on a line of its own."""
    amount = (
        f"<DebitAmount><Amount>{debit}</Amount></DebitAmount>"
        if debit is not None
        else f"<CreditAmount><Amount>{credit}</Amount></CreditAmount>"
    )
    return f"<Line><AccountID>{account}</AccountID>{amount}{extra}</Line>\n"


def transaction(lines: list[str], date: str = "2024-03-01", number: str = "1") -> str:
    return (
        f"<Transaction><TransactionID>{number}</TransactionID><TransactionDate>{date}</TransactionDate>\n"
        f"{''.join(lines)}</Transaction>\n"
    )


def saft(
    body: str,
    *,
    prolog: str = '<?xml version="1.0" encoding="UTF-8"?>',
    currency: str = "NOK",
    header: str = "",
    entries: str = "",
    accounts: str = "",
) -> str:
    """A SAF-T file written one element group a line: its first <Line> of `body` is on line 8."""
    return (
        f"{prolog}\n<AuditFile {NS}>\n<Header><AuditFileVersion>1.30</AuditFileVersion>\n"
        f"<Company><Name>Test AS</Name></Company><DefaultCurrencyCode>{currency}</DefaultCurrencyCode>{header}"
        "</Header>\n"
        f"<MasterFiles><GeneralLedgerAccounts>{accounts}</GeneralLedgerAccounts></MasterFiles>\n"
        f"<GeneralLedgerEntries>{entries}<Journal><JournalID>A</JournalID>\n{body}</Journal>"
        "</GeneralLedgerEntries></AuditFile>\n"
    )


BALANCED = transaction([line_xml("6551", "100"), line_xml("1920", credit="100")])


def write(tmp_path: Path, text: str | bytes, name: str = "f.xml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command line's exit status, output and error output; never a traceback."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status in (0, 1, 2), err
    return status, out, err


def problems_of(ledger: Ledger) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.value) for p in ledger.problems]


def statuses(path: Path, **kwargs: object) -> tuple[ghgcore.Inventory, dict[int, tuple[int, str]]]:
    """Calculate with the spend database; each input line's (status, reason), by its line."""
    inventory = ghgcore.calculate_inventory(path, factors="spend", year=2024, **kwargs)
    result = inventory.result
    lines = result.activities.line.tolist()
    reasons = result.reason.to_numpy()
    return inventory, {
        line: (int(s), r or "") for line, s, r in zip(lines, result.status.tolist(), reasons, strict=True)
    }


# ---------------------------------------------------------------------------
# SAF-T: security


DTD_PROLOGS = [
    '<?xml version="1.0"?><!-- a comment --><!DOCTYPE a [<!ENTITY big "99999999">]>',
    '<?xml version="1.0"?>\n<!-- one -->\n<!-- two -->\n<!DOCTYPE a [<!ENTITY big "99999999">]>',
    '<?xml version="1.0"?><?pi data?><!DOCTYPE a [<!ENTITY big "99999999">]>',
    '<!--x--><!DOCTYPE a [<!ENTITY big "99999999">]>',
    '\ufeff<?xml version="1.0"?>\n  <!--x-->  <!DOCTYPE AuditFile SYSTEM "http://example.org/x.dtd">',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;">'
    '<!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;"><!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;">]>',
    "<!DOCTYPE AuditFile>",
    "<!-- <!DOCTYPE in a comment is no DOCTYPE --> <!DOCTYPE a>",
]


@pytest.mark.parametrize("prolog", DTD_PROLOGS)
def test_any_dtd_in_the_prolog_is_refused(tmp_path, capsys, prolog):
    """A DOCTYPE anywhere before the root (after comments, PIs, white space, a BOM) is refused, naming the file."""
    body = transaction([line_xml("6551", "&big;" if "big" in prolog else "100")])
    path = write(tmp_path, saft(body, prolog=prolog))
    with pytest.raises(LedgerFileError, match=r"f\.xml: refused unsafe XML: a document type declaration"):
        Ledger.from_saft(path)
    status, _, err = run(capsys, "ledger", str(path))
    assert 2 == status
    assert err.startswith(f"ghgcore: error: {path}: refused unsafe XML")
    status, _, err = run(capsys, "calculate", str(path), "--year", "2024")
    assert 2 == status
    assert "refused unsafe XML" in err


def test_a_dtd_inside_the_document_is_malformed_xml(tmp_path):
    """After the root a DOCTYPE cannot stand: the file is refused as malformed, naming where."""
    path = write(tmp_path, saft(BALANCED).replace("<Journal>", "<Journal><!DOCTYPE x>"))
    with pytest.raises(
        LedgerFileError, match=r"malformed or truncated XML at line 6, column \d+ inside <Journal>"
    ):
        Ledger.from_saft(path)


def test_a_billion_laughs_is_refused_at_once(tmp_path):
    """Nine levels of tenfold entities: refused before anything expands."""
    levels = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    path = write(tmp_path, f'<?xml version="1.0"?><!DOCTYPE b [{levels}]><AuditFile {NS}>&a9;</AuditFile>')
    start = time.perf_counter()
    with pytest.raises(LedgerFileError, match="refused unsafe XML"):
        Ledger.from_saft(path)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "empty file, not a SAF-T Financial file"),
        (b"  \n", "empty file, not a SAF-T Financial file"),
        (b"hello", r"malformed or truncated XML at line 1, column 0"),
        (saft(BALANCED).encode("utf-16"), "not UTF-8"),
        (
            saft(BALANCED, prolog='<?xml version="1.0" encoding="ISO-8859-1"?>').encode(),
            "encoding 'ISO-8859-1'",
        ),
        (saft(BALANCED).encode() + b"<x/>", "junk after document element"),
        (saft(BALANCED).encode()[:-40], r"truncated XML at line \d+, column \d+ inside <\w+>"),
        (saft(transaction([line_xml("6551", "&x;")])).encode(), "undefined entity"),
        (b"<invoice><total>1</total></invoice>", r"not a SAF-T Financial file \(root <invoice>"),
        (saft(BALANCED).encode().replace(b"Test AS", b"Test \xff AS"), "not well-formed"),
    ],
)
def test_files_that_cannot_be_read_are_one_error_naming_the_file(tmp_path, capsys, text, message):
    """Empty, not XML, not UTF-8, truncated, junk: a LedgerFileError naming the file; exit 2 in the CLI."""
    path = write(tmp_path, text)
    with pytest.raises(LedgerFileError, match=message) as caught:
        Ledger.from_saft(path)
    assert str(caught.value).startswith(str(path))
    status, _, err = run(capsys, "ledger", str(path))
    assert 2 == status
    assert err.startswith("ghgcore: error: ")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LedgerFileError, match="no such file"):
        Ledger.from_saft(tmp_path / "nope.xml")
    with pytest.raises(LedgerFileError, match="a folder"):
        Ledger.from_saft(tmp_path)


def test_deep_nesting_and_long_texts_do_not_crash(tmp_path):
    """100,000 nested elements around a line, and a description of 3 million characters: read."""
    deep = "<x>" * 100_000 + line_xml("6551", "5") + "</x>" * 100_000
    long = line_xml("6551", "5", extra=f"<Description>{'d' * 3_000_000}</Description>")
    path = write(tmp_path, saft(transaction([deep, long])))
    ledger = Ledger.from_saft(path)
    assert 2 == len(ledger)
    assert [(8, "Line")] == [(p.line, p.field) for p in ledger.problems]
    assert next(iter(ledger.problems)).value.startswith(".../x/x/x/x/x/Line")  # the path, shortened
    assert 3_000_000 == len(ledger.description.value(1) or "")


# ---------------------------------------------------------------------------
# SAF-T: amounts, dates, currencies


BAD_AMOUNTS = ["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1" + "0" * 400, "1,5",
               "1 234.50", "1_000", "\u0661\u0662", "0x10", "", "   ", "ten", "1.2.3"]  # fmt: skip


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_an_amount_that_is_not_a_finite_number_is_a_problem_of_its_line(tmp_path, amount):
    """The line is kept with amount 0 and a problem naming its XML line, the field and what was expected."""
    lines = [line_xml("6551", "100"), line_xml("6551", escape(amount)), line_xml("1920", credit="100")]
    path = write(tmp_path, saft(transaction(lines)))
    ledger = Ledger.from_saft(path)
    assert 3 == len(ledger)
    assert [8, 9, 10] == ledger.line.tolist()
    [problem] = ledger.problems
    assert (9, "DebitAmount/Amount") == (problem.line, problem.field)
    assert problem.value == amount.strip()[:80] or problem.value.endswith("…")
    assert problem.expected.startswith(EXPECT_AMOUNT)
    assert (100.0, 100.0) == (ledger.debit.sum(), ledger.credit.sum())
    assert np.isfinite(ledger.debit).all()
    assert np.isfinite(ledger.credit).all()


@pytest.mark.parametrize("amount", ["NaN", "inf", "1e400", "-inf", "1,5"])
def test_non_finite_amounts_are_unresolved_and_the_rest_calculates(tmp_path, capsys, amount):
    """Through calculate: the bad line is unresolved with its reason, the good ones calculate; JSON is valid."""
    lines = [line_xml("6551", "100"), line_xml("6551", amount), line_xml("1920", credit="100")]
    path = write(tmp_path, saft(transaction(lines)))
    inventory, by_line = statuses(path)
    assert CALCULATED == by_line[8][0]
    assert UNRESOLVED == by_line[9][0]
    assert f"field 'DebitAmount/Amount': got '{amount}', expected {EXPECT_AMOUNT}" in by_line[9][1]
    assert EXCLUDED == by_line[10][0]
    assert math.isfinite(inventory.result.total())
    out = tmp_path / "out.json"
    status, _, _ = run(capsys, "calculate", str(path), "--factors", "spend", "--year", "2024", "--format",
                       "json", "-o", str(out))  # fmt: skip
    assert 0 == status  # unresolved lines are reported, not an error (without --strict)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [9] == [u["line"] for u in data["unresolved"]]
    assert 3 == data["lines"]


def test_a_bad_amount_on_an_excluded_account_is_unresolved_not_zero(tmp_path):
    """A wages line whose amount is not a number: unresolved with its problem, never silently excluded as 0."""
    lines = [line_xml("6551", "100"), line_xml("5000", "12,50"), line_xml("1920", credit="abc")]
    path = write(tmp_path, saft(transaction(lines)))
    _, by_line = statuses(path)
    assert CALCULATED == by_line[8][0]
    assert (UNRESOLVED, UNRESOLVED) == (by_line[9][0], by_line[10][0])
    assert "field 'DebitAmount/Amount': got '12,50'" in by_line[9][1]
    assert "field 'CreditAmount/Amount': got 'abc'" in by_line[10][1]


def test_problems_go_to_their_own_line_in_a_file_written_on_one_line(tmp_path):
    """All lines on XML line 1: each problem still belongs to its own ledger line (by row, not by number)."""
    lines = [line_xml("6551", "100"), line_xml("6551", "NaN"), line_xml("1920", credit="100")]
    text = saft(transaction(lines)).replace("\n", "")
    path = write(tmp_path, text)
    ledger = Ledger.from_saft(path)
    assert [1, 1, 1] == ledger.line.tolist()
    assert [1] == ledger.problems.row.tolist()
    inventory = ghgcore.calculate_inventory(path, factors="spend", year=2024)
    assert [CALCULATED, UNRESOLVED, EXCLUDED] == inventory.result.status.tolist()


@pytest.mark.parametrize(
    "date", ["2021-02-30", "2024-13-01", "20200-01-01", "abc", "0001-01-01", "31.03.2024", ""]
)
def test_a_bad_date_is_one_unresolved_line(tmp_path, capsys, date):
    """A date that is not a real day is a problem of its line, not a refusal of the run (no 'pass --year')."""
    lines = [
        line_xml("6551", "100"),
        line_xml("6551", "50", extra=f"<ValueDate>{date}</ValueDate>"),
        line_xml("1920", credit="150"),
    ]
    path = write(tmp_path, saft(transaction(lines)))
    ledger = Ledger.from_saft(path)
    [problem] = ledger.problems
    assert (9, "ValueDate", date) == (problem.line, problem.field, problem.value)
    assert problem.expected.startswith("an ISO date such as 2024-03-31")
    inventory = ghgcore.calculate_inventory(path, factors="spend")  # the year from the other lines
    assert 2024 == inventory.year
    assert [CALCULATED, UNRESOLVED, EXCLUDED] == inventory.result.status.tolist()
    status, out, _ = run(capsys, "ledger", str(path))
    assert 0 == status
    assert "line 9, field 'ValueDate'" in out


def test_a_bad_transaction_date_is_a_problem_of_each_of_its_lines(tmp_path):
    path = write(tmp_path, saft(BALANCED.replace("2024-03-01", "2021-02-30")))
    ledger = Ledger.from_saft(path)
    assert [(8, "TransactionDate", "2021-02-30"), (9, "TransactionDate", "2021-02-30")] == problems_of(ledger)
    assert np.isnat(ledger.date).all()


def test_dates_with_a_time_zone_are_read(tmp_path):
    path = write(tmp_path, saft(BALANCED.replace("2024-03-01", "2024-03-01+01:00")))
    ledger = Ledger.from_saft(path)
    assert not ledger.problems
    assert [np.datetime64("2024-03-01")] * 2 == ledger.date.tolist()


@pytest.mark.parametrize("currency", ["9**9**8", "9**9**9", "XYZ", "NO", "NOKK", "€", "N0K", "kNOK", "1e9"])
def test_an_invalid_currency_is_a_problem_naming_the_header_and_never_reaches_pint(
    tmp_path, capsys, currency
):
    """DefaultCurrencyCode not ISO 4217: every line unresolved naming it; no unit expression is evaluated."""
    path = write(tmp_path, saft(BALANCED, currency=currency))
    ledger = Ledger.from_saft(path)
    assert "" == ledger.currency
    [file_problem] = ledger.file_problems
    assert (4, "Header/DefaultCurrencyCode", currency) == (
        file_problem.line,
        file_problem.field,
        file_problem.value,
    )
    assert {"DefaultCurrencyCode"} == {p.field for p in ledger.problems}
    assert [0, 1] == ledger.problems.row.tolist()
    start = time.perf_counter()
    _, by_line = statuses(path)
    assert time.perf_counter() - start < 30
    assert {UNRESOLVED} == {s for s, _ in by_line.values()}
    assert all("DefaultCurrencyCode" in r and "ISO 4217" in r for _, r in by_line.values())
    status, out, _ = run(capsys, "ledger", str(path))
    assert 0 == status
    assert "Header/DefaultCurrencyCode" in out
    assert "currency unknown" in out


def test_a_currency_in_lower_case_is_read(tmp_path):
    ledger = Ledger.from_saft(write(tmp_path, saft(BALANCED, currency=" nok ")))
    assert ("NOK", ()) == (ledger.currency, ledger.file_problems)


def test_an_invalid_line_currency_code_is_a_problem_of_its_line(tmp_path):
    extra = "<CurrencyCode>9**9**9</CurrencyCode>"
    bad = line_xml("6551", "100").replace("</Amount>", f"</Amount>{extra}")
    path = write(tmp_path, saft(transaction([bad, line_xml("1920", credit="100")])))
    assert [(8, "DebitAmount/CurrencyCode", "9**9**9")] == problems_of(Ledger.from_saft(path))


# ---------------------------------------------------------------------------
# SAF-T: every <Line> accounted for


def test_lines_outside_a_transaction_are_read_and_unresolved(tmp_path):
    """A <Line> in a journal, in the header, or inside another line: read, each a problem naming where it is."""
    body = line_xml("6551", "10") + transaction([line_xml("1920", credit="10")])
    header = "<Line><AccountID>6551</AccountID><DebitAmount><Amount>7</Amount></DebitAmount></Line>"
    path = write(tmp_path, saft(body, header=header))
    ledger = Ledger.from_saft(path)
    assert 3 == len(ledger)
    assert [4, 7, 9] == ledger.line.tolist()
    wrong = [(p.line, p.value) for p in ledger.problems if p.field == "Line"]
    assert [(4, "AuditFile/Header/Line"), (7, "AuditFile/GeneralLedgerEntries/Journal/Line")] == wrong
    inventory = ghgcore.calculate_inventory(path, factors="spend", year=2024)
    assert [UNRESOLVED, UNRESOLVED, EXCLUDED] == inventory.result.status.tolist()
    assert "expected a <Line> at AuditFile/GeneralLedgerEntries/Journal/Transaction/Line" in (
        inventory.result.reason.value(1) or ""
    )


def test_transactions_in_a_foreign_namespace_are_read_and_unresolved(tmp_path):
    foreign = (
        '<x:Transaction xmlns:x="urn:other"><x:TransactionDate>2024-03-01</x:TransactionDate>'
        "<x:Line><x:AccountID>6551</x:AccountID><x:DebitAmount><x:Amount>10</x:Amount></x:DebitAmount>"
        "</x:Line></x:Transaction>\n"
    )
    path = write(tmp_path, saft(foreign + transaction([line_xml("1920", credit="10")])))
    ledger = Ledger.from_saft(path)
    assert 2 == len(ledger)
    assert (10.0, 10.0) == (ledger.debit.sum(), ledger.credit.sum())
    [problem] = ledger.problems
    assert (7, "Line") == (problem.line, problem.field)
    assert "{urn:other}Transaction/{urn:other}Line" in problem.value
    assert SAFT_NAMESPACE in problem.expected


def test_lines_inside_lines_are_each_a_line(tmp_path):
    inner = line_xml("6551", "5").strip()
    outer = (
        f"<Line><AccountID>1920</AccountID><CreditAmount><Amount>5</Amount></CreditAmount>{inner}</Line>\n"
    )
    ledger = Ledger.from_saft(write(tmp_path, saft(transaction([outer]))))
    assert ["1920", "6551"] == [ledger.account.value(i) for i in range(2)]
    assert ([0.0, 5.0], [5.0, 0.0]) == (ledger.debit.tolist(), ledger.credit.tolist())
    assert [1] == ledger.problems.row.tolist()


def test_a_line_without_an_amount_or_account_is_a_problem(tmp_path):
    lines = ["<Line><AccountID>6551</AccountID></Line>\n", "<Line><DebitAmount></DebitAmount></Line>\n"]
    ledger = Ledger.from_saft(write(tmp_path, saft(transaction(lines))))
    assert [
        (8, "DebitAmount", ""),
        (9, "AccountID", ""),
        (9, "DebitAmount/Amount", ""),
    ] == problems_of(ledger)


# ---------------------------------------------------------------------------
# SAF-T: header, accounts, declared totals


@pytest.mark.parametrize(
    ("entries", "field", "value"),
    [
        ("<NumberOfEntries>inf</NumberOfEntries>", "GeneralLedgerEntries/NumberOfEntries", "inf"),
        ("<NumberOfEntries>1e400</NumberOfEntries>", "GeneralLedgerEntries/NumberOfEntries", "1e400"),
        ("<NumberOfEntries>-1</NumberOfEntries>", "GeneralLedgerEntries/NumberOfEntries", "-1"),
        (
            "<NumberOfEntries>" + "9" * 400 + "</NumberOfEntries>",
            "GeneralLedgerEntries/NumberOfEntries",
            None,
        ),
        ("<TotalDebit>NaN</TotalDebit>", "GeneralLedgerEntries/TotalDebit", "NaN"),
        ("<TotalCredit>1234,50</TotalCredit>", "GeneralLedgerEntries/TotalCredit", "1234,50"),
    ],
)
def test_declared_totals_that_are_not_numbers_are_file_problems(tmp_path, capsys, entries, field, value):
    """NumberOfEntries inf and the like: a problem naming the field, not a crash; not reconciled against."""
    path = write(tmp_path, saft(BALANCED, entries=entries))
    ledger = Ledger.from_saft(path)
    [problem] = ledger.file_problems
    assert (6, field) == (problem.line, problem.field)
    assert value is None or value == problem.value
    assert {} == ledger.declared
    assert ledger.reconciliation()["matches_declared"] is None
    for fmt in ("table", "json", "html"):
        status, out, _ = run(capsys, "ledger", str(path), "--format", fmt)
        assert 0 == status
        assert field in out


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("<PeriodStart>13</PeriodStart>", "PeriodStart"),
        ("<PeriodStart>0</PeriodStart>", "PeriodStart"),
        ("<PeriodEnd>x</PeriodEnd>", "PeriodEnd"),
        ("<PeriodStartYear>abcd</PeriodStartYear>", "PeriodStartYear"),
        ("<PeriodEndYear>99999</PeriodEndYear>", "PeriodEndYear"),
        ("<PeriodEndYear>1e3</PeriodEndYear>", "PeriodEndYear"),
    ],
)
def test_header_values_that_are_not_what_the_schema_says_are_file_problems(tmp_path, capsys, header, field):
    """The period falls back on the booking dates; the problem names the header field and its line."""
    good = {"PeriodStart": "1", "PeriodStartYear": "2024", "PeriodEnd": "12", "PeriodEndYear": "2024"}
    given = header[1 : header.index(">")]
    criteria = "".join(header if k == given else f"<{k}>{v}</{k}>" for k, v in good.items())
    path = write(tmp_path, saft(BALANCED, header=f"<SelectionCriteria>{criteria}</SelectionCriteria>"))
    ledger = Ledger.from_saft(path)
    [problem] = ledger.file_problems
    assert (4, f"Header/SelectionCriteria/{field}") == (problem.line, problem.field)
    assert {"start": "2024-03", "end": "2024-03", "from": "dates"}.items() <= ledger.period().items()
    status, out, _ = run(capsys, "ledger", str(path))
    assert 0 == status
    assert f"Header/SelectionCriteria/{field}" in out


@pytest.mark.parametrize("balance", ["1234,50", "NaN", "inf", "1e400", "abc"])
def test_account_balances_that_are_not_numbers_are_file_problems(tmp_path, balance):
    account = (
        f"<Account><AccountID>6551</AccountID><OpeningDebitBalance>{balance}</OpeningDebitBalance></Account>"
    )
    ledger = Ledger.from_saft(write(tmp_path, saft(BALANCED, accounts=account)))
    [problem] = ledger.file_problems
    assert (5, "MasterFiles/GeneralLedgerAccounts/Account/OpeningDebitBalance", balance) == (
        problem.line, problem.field, problem.value
    )  # fmt: skip
    assert "account 6551" in problem.expected
    assert math.isnan(ledger.accounts["6551"].opening_balance)


# ---------------------------------------------------------------------------
# reconciliation and views never crash on odd values


@pytest.mark.parametrize(
    "header",
    [
        {"period_start": "13", "period_start_year": "2024", "period_end": "12", "period_end_year": "2024"},
        {"period_start": "1", "period_start_year": "abcd", "period_end": "12", "period_end_year": "2024"},
        {"period_start": "5", "period_start_year": "2024", "period_end": "2", "period_end_year": "2024"},
        {"period_start": "nan", "period_start_year": "inf", "period_end": "-1", "period_end_year": "1e400"},
        {
            "period_start": "1",
            "period_start_year": "2024",
            "period_end": "12",
            "period_end_year": "2024",
            "company": "Evil\x1b[2J\nAS\u202e",
        },
    ],
)
@pytest.mark.parametrize(
    "declared", [{}, {"number_of_entries": math.inf}, {"total_debit": math.nan, "number_of_entries": 1e300}]
)
def test_reconciliation_and_views_of_odd_headers(header, declared):
    """A Ledger built in Python with a month 13, a year 'abcd', non-finite totals: answers, no exception."""
    from ghgcore._columns import Categorical

    n = 3
    ledger = Ledger(
        account=Categorical.from_values(["6551", "\u0663x", None]),
        debit=np.array([1e300, 0.0, 5.0]),
        credit=np.array([0.0, 2.5, 0.0]),
        date=np.array(["2024-01-05", "NaT", "2024-02-01"], dtype="datetime64[D]"),
        description=Categorical.empty(n), supplier=Categorical.empty(n), department=Categorical.empty(n),
        vat_code=Categorical.empty(n), transaction=Categorical.empty(n), line=np.arange(2, 5),
        header=header, declared=declared,
    )  # fmt: skip
    rec = ledger.reconciliation()
    assert rec["matches_declared"] in (None, False)
    assert rec["period"]["from"] in ("header", "dates")
    if header["period_start"] != "1" or header["period_start_year"] != "2024":
        assert "dates" == rec["period"]["from"]
    text = format_ledger(ledger)
    page = ledger_html(ledger)
    assert "\x1b" not in text + page
    assert "\u202e" not in text + page
    json.dumps(ledger_summary(ledger))


def test_the_ledger_report_escapes_what_the_file_says(tmp_path, capsys):
    """A company name or description with terminal escapes is printed as text, one line each."""
    evil = "Evil&#x9b;2J&#10;AS&#x202e;"  # CSI (an 8-bit terminal escape), a newline, right-to-left
    account = f"<Account><AccountID>6551</AccountID><AccountDescription>{evil}</AccountDescription></Account>"
    path = write(tmp_path, saft(BALANCED, accounts=account).replace("Test AS", evil))
    status, out, _ = run(capsys, "ledger", str(path))
    assert 0 == status
    assert "\x9b" not in out
    assert "\u202e" not in out
    assert out.splitlines()[0] == "Evil\\x9b2J\\nAS\\u202e"


# ---------------------------------------------------------------------------
# SAF-T: Hypothesis, random XML around a valid file

TEXTS = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"), max_size=12
)
AMOUNTS = st.one_of(
    st.decimals(min_value=-1e6, max_value=1e6, places=2, allow_nan=False).map(str),
    st.sampled_from(["NaN", "inf", "-Infinity", "1e400", "1,5", "", " 12 ", "1_0", "1e3", ".5", "5."]),
    TEXTS,
)
DATES = st.one_of(
    st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2024, 12, 31)).map(str),
    st.sampled_from(["2021-02-30", "2024-13-01", "abcd", "", "0001-01-01", "2024-03-01Z"]),
    TEXTS,
)
ACCOUNTS = st.one_of(st.sampled_from(["6551", "1920", "5000", "3000", "7140", "", " 6551 "]), TEXTS)


@st.composite
def saft_lines(draw: st.DrawFn) -> tuple[str, int]:
    """A SAF-T file with random lines, elements left out, extra elements and lines in odd places."""

    def text_element(name: str, value: str) -> str:
        return "" if draw(st.integers(0, 9)) == 0 else f"<{name}>{escape(value)}</{name}>"

    def one_line() -> str:
        side = draw(st.sampled_from(["DebitAmount", "CreditAmount", "", "both"]))
        amounts = "".join(
            f"<{s}>{text_element('Amount', draw(AMOUNTS))}</{s}>"
            for s in (["DebitAmount", "CreditAmount"] if side == "both" else [side] if side else [])
        )
        parts = [
            text_element("RecordID", str(draw(st.integers(0, 999)))),
            text_element("AccountID", draw(ACCOUNTS)),
            text_element("ValueDate", draw(DATES)) if draw(st.booleans()) else "",
            text_element("Description", draw(TEXTS)),
            amounts,
            text_element(f"Unknown{draw(st.integers(0, 3))}", draw(TEXTS)) if draw(st.booleans()) else "",
        ]
        parts = draw(st.permutations(parts))
        gap = draw(st.sampled_from(["", "\n", "\n  ", " "]))
        return f"<Line>{gap.join(parts)}</Line>{gap}"

    places = []
    for _ in range(draw(st.integers(0, 4))):
        lines = [one_line() for _ in range(draw(st.integers(0, 4)))]
        head = [
            text_element("TransactionID", str(draw(st.integers(0, 9)))),
            text_element("TransactionDate", draw(DATES)),
        ]
        kind = draw(st.sampled_from(["plain", "plain", "plain", "foreign", "no transaction", "nested"]))
        if kind == "foreign":
            places.append(f'<t:Transaction xmlns:t="urn:other">{"".join(head + lines)}</t:Transaction>\n')
        elif kind == "no transaction":
            places.append("".join(lines))
        elif kind == "nested":
            places.append(f"<Transaction>{''.join(head)}<Wrap>{''.join(lines)}</Wrap></Transaction>\n")
        else:
            places.append(f"<Transaction>{''.join(head + lines)}</Transaction>\n")
    header_line = one_line() if draw(st.integers(0, 5)) == 0 else ""
    currency = draw(st.one_of(st.just("NOK"), st.sampled_from(["nok", "XYZ", "9**9", ""]), TEXTS))
    entries = text_element("NumberOfEntries", draw(st.one_of(st.integers(0, 99).map(str), TEXTS)))
    text = saft("".join(places), currency=escape(currency), header=header_line, entries=entries)
    if draw(st.booleans()):
        text = text.replace("\n", "")
    root = ET.fromstring(text.encode("utf-8"))
    count = sum(1 for element in root.iter() if element.tag.rpartition("}")[2] == "Line")
    return text, count


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(saft_lines())
def test_every_line_element_is_a_ledger_line(tmp_path_factory, generated):
    """Random XML around a valid file: as many ledger lines as <Line> elements; every problem names a line."""
    text, count = generated
    path = tmp_path_factory.mktemp("saft") / "random.xml"
    path.write_text(text, encoding="utf-8")
    ledger = Ledger.from_saft(path)
    assert count == len(ledger)
    assert np.all(ledger.line >= 1)
    assert np.all(np.diff(ledger.line) >= 0)
    assert np.isfinite(ledger.debit).all()
    assert np.isfinite(ledger.credit).all()
    for problem, row in zip(ledger.problems, ledger.problems.row.tolist(), strict=True):
        assert problem.line == ledger.line[row]
        assert problem.field
        assert problem.expected
    for problem in ledger.file_problems:
        assert problem.line >= 1
        assert problem.field
    json.dumps(ledger.reconciliation(), allow_nan=False)
    format_ledger(ledger)
    ledger_html(ledger)
    if count:
        inventory = ghgcore.calculate_inventory(path, factors="spend", year=2024)
        result = inventory.result
        assert count == len(result)
        status = result.status
        assert set(status.tolist()) <= {CALCULATED, EXCLUDED, UNRESOLVED}
        assert all(result.reason.codes[status != CALCULATED] >= 0)
        flagged = ledger.problems.mask(count)
        assert not np.any(
            status[flagged] != UNRESOLVED
        )  # a line with a problem is never calculated nor excluded


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_broken_bytes_are_read_or_refused_never_a_traceback(tmp_path_factory, capsys, data):
    """A valid file cut or with bytes changed: a Ledger or a LedgerFileError, and exit 0 or 2 in the CLI."""
    raw = bytearray(
        saft(BALANCED + transaction([line_xml("7140", "5"), line_xml("1920", credit="5")])).encode()
    )
    for _ in range(data.draw(st.integers(0, 4))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    path = tmp_path_factory.mktemp("bytes") / "broken.xml"
    path.write_bytes(bytes(raw[:cut]))
    try:
        ledger = Ledger.from_saft(path)
    except LedgerFileError as e:
        message = str(e)
        assert message.startswith(str(path))  # read or refused: either is right
    else:
        assert np.isfinite(ledger.debit).all()
    status, _, _ = run(capsys, "ledger", str(path))
    assert status in (0, 2)


# ---------------------------------------------------------------------------
# ledger CSV


def write_csv(tmp_path: Path, text: str | bytes, name: str = "gl.csv") -> Path:
    return write(tmp_path, text, name)


@pytest.mark.parametrize("amount", ["NaN", "inf", "-inf", "1e400", "1,5", "1_000", "\u0661", "ten", ""])
def test_csv_non_finite_amounts_are_problems_of_their_line(tmp_path, amount):
    path = write_csv(
        tmp_path,
        f'account,amount,date\n6551,100,2024-01-01\n6551,"{amount}",2024-01-01\n1920,-100,2024-01-01\n',
    )
    ledger = Ledger.from_csv(path)
    assert [(3, "amount", amount)] == problems_of(ledger)
    assert {"1920": -100.0, "6551": 100.0} == ledger.net_by_account()
    inventory = ghgcore.calculate_inventory(path, factors="spend", year=2024)
    assert [CALCULATED, UNRESOLVED, EXCLUDED] == inventory.result.status.tolist()


@pytest.mark.parametrize("date", ["2021-02-30", "abc", "20200-01-01", "2024-13-01", "03.02.2024", ""])
def test_csv_one_bad_date_is_one_unresolved_line(tmp_path, capsys, date):
    """Never 'no reporting year ... pass --year': the other lines give the year, the bad one is unresolved."""
    path = write_csv(
        tmp_path, f"account,amount,date\n6551,100,2024-01-01\n6551,5,{date}\n1920,-105,2024-02-01\n"
    )
    ledger = Ledger.from_csv(path)
    assert [(3, "date", date)] == problems_of(ledger)
    inventory = ghgcore.calculate_inventory(path, factors="spend")
    assert 2024 == inventory.year
    assert [CALCULATED, UNRESOLVED, EXCLUDED] == inventory.result.status.tolist()
    status, _, err = run(capsys, "calculate", str(path), "--factors", "spend")
    assert 0 == status
    assert "pass --year" not in err


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("account,amount,date,Amount", "'amount' and 'Amount' (columns 2, 4)"),
        ("account, amount,date,amount", "'amount' and 'amount' (columns 2, 4)"),
        ("Account,amount,date,ACCOUNT ", "'Account' and 'ACCOUNT ' (columns 1, 4)"),
        ("account,amount,date,vat,VAT", "'vat' and 'VAT' (columns 4, 5)"),
        ('"amount",account,date,"AMOUNT"', "'amount' and 'AMOUNT' (columns 1, 4)"),
    ],
)
def test_csv_duplicate_or_case_variant_headers_are_refused_naming_the_columns(
    tmp_path, capsys, header, named
):
    path = write_csv(tmp_path, f"{header}\n6551,100,2024-01-01,1,2\n")
    with pytest.raises(LedgerFileError, match="a column given twice") as caught:
        Ledger.from_csv(path)
    assert named in str(caught.value)
    assert str(caught.value).startswith(f"{path}: line 1:")
    status, _, err = run(capsys, "calculate", str(path), "--input-format", "ledger", "--year", "2024")
    assert 2 == status
    assert named in err


@pytest.mark.parametrize(
    "text",
    [
        "account,amount,date\n6551,100,2024-01-01,\n1920,-100,2024-01-02,\n",  # every row
        "account,amount,date\n6551,100,2024-01-01,\n1920,-100,2024-01-02\n",  # one row
        "account,amount,date,\n6551,100,2024-01-01,\n1920,-100,2024-01-02,\n",  # and the header
        "account,amount,date\n6551,100,2024-01-01,,,\n1920,-100,2024-01-02,\n",  # several
        "account,amount,date\r\n6551,100,2024-01-01,\r\n1920,-100,2024-01-02,\r\n",
    ],
)
def test_csv_trailing_commas_do_not_shift_columns(tmp_path, text):
    ledger = Ledger.from_csv(write_csv(tmp_path, text))
    assert not ledger.problems
    assert {"1920": -100.0, "6551": 100.0} == ledger.net_by_account()
    assert [2, 3] == ledger.line.tolist()


def test_csv_values_beyond_the_header_are_a_problem_of_their_row(tmp_path):
    ledger = Ledger.from_csv(
        write_csv(tmp_path, "account,amount,date\n6551,100,2024-01-01,oops\n1920,-100,2024-01-02,\n")
    )
    assert [(2, "(row)", "oops")] == problems_of(ledger)


def test_csv_bom_and_spaced_mixed_case_header(tmp_path, capsys):
    path = write_csv(tmp_path, "\ufeff Account ,AMOUNT, Date\r\n6551,100,2024-01-01\r\n")
    ledger = Ledger.from_csv(path)
    assert (1, 100.0, ()) == (len(ledger), ledger.debit[0], tuple(ledger.problems))
    status, out, _ = run(capsys, "ledger", str(path), "--format", "json")
    assert 0 == status
    assert 1 == json.loads(out)["lines"]


def test_csv_lines_are_physical_lines(tmp_path):
    """Blank lines and values over several lines are counted: a bad value is reported on its own line."""
    text = '\naccount,amount,date,description\n\n6551,100,2024-01-01,"two\nlines"\n\n\n1920,x,2024-01-01,\n'
    ledger = Ledger.from_csv(write_csv(tmp_path, text))
    assert [4, 8] == ledger.line.tolist()
    assert [(8, "amount", "x")] == problems_of(ledger)


def test_csv_quote_never_closed_is_refused_naming_its_line(tmp_path):
    path = write_csv(
        tmp_path, 'account,amount,date\n6551,100,2024-01-01\n1920,"-100,2024-01-02\n1,2,2024-01-03\n'
    )
    with pytest.raises(LedgerFileError, match=r"line 3: a quote \(\"\) opened and never closed"):
        Ledger.from_csv(path)


def test_csv_a_quote_inside_a_value_is_a_character(tmp_path):
    ledger = Ledger.from_csv(
        write_csv(tmp_path, 'account,amount,date,description\n6551,1,2024-01-01,5" screen\n')
    )
    assert ('5" screen', ()) == (ledger.description.value(0), tuple(ledger.problems))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        (b"account,amount\n1,2\n", "missing required column 'date'"),
        (
            b"account,amount,date\n1,2,2024-01-01\n\xff,1,2\n",
            r"not UTF-8 text \(invalid start byte at byte \d+, line 3\)",
        ),
        ("account,amount,date\n1,1,2024-01-01\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_csv_files_that_cannot_be_read(tmp_path, capsys, text, message):
    path = write_csv(tmp_path, text)
    with pytest.raises(LedgerFileError, match=message):
        Ledger.from_csv(path)
    status, _, err = run(capsys, "calculate", str(path), "--input-format", "ledger", "--year", "2024")
    assert 2 == status
    assert err.startswith("ghgcore: error: ")


@pytest.mark.parametrize("currency", ["9**9**8", "XYZ", "", "NOK NOK"])
def test_csv_currency_option_must_be_an_iso_code(tmp_path, capsys, currency):
    path = write_csv(tmp_path, "account,amount,date\n6551,1,2024-01-01\n")
    with pytest.raises(OptionError, match="ISO 4217"):
        Ledger.from_csv(path, currency=currency)
    status, _, err = run(capsys, "calculate", str(path), "--currency", currency, "--year", "2024")
    assert 2 == status
    assert "ISO 4217" in err


def test_csv_header_only_is_an_empty_ledger(tmp_path):
    ledger = Ledger.from_csv(write_csv(tmp_path, "account,amount,date\n"))
    assert (0, {}) == (len(ledger), ledger.net_by_account())


CELLS = st.one_of(
    st.sampled_from(
        ["6551", "1920", "100", "-12.5", "NaN", "inf", "1e400", "2024-01-01", "2021-02-30", "", " ", "x"]
    ),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters='\x00"'), max_size=6),
)


@st.composite
def ledger_csvs(draw: st.DrawFn) -> str:
    names = draw(
        st.permutations(
            ["account", "amount", "date", *draw(st.sets(st.sampled_from(["description", "vat", "other"])))]
        )
    )
    header = [draw(st.sampled_from([n, n.upper(), f" {n} "])) for n in names]
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        cells = [draw(CELLS) for _ in range(draw(st.integers(1, len(names) + 2)))]
        quoted = [f'"{c}"' if (c and draw(st.booleans())) else c for c in cells]
        rows.append(",".join(quoted) + ("," if draw(st.integers(0, 4)) == 0 else ""))
        if draw(st.integers(0, 5)) == 0:
            rows.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return draw(st.sampled_from(["", "\ufeff"])) + ",".join(header) + newline + newline.join(rows) + newline


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledger_csvs())
def test_every_csv_row_is_a_ledger_line_on_its_physical_line(tmp_path_factory, text):
    """Random rows (short, long, trailing commas, blank lines, quotes): one ledger line per row, at its line."""
    path = tmp_path_factory.mktemp("csv") / "gl.csv"
    path.write_bytes(text.encode("utf-8"))
    body = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(body, newline=""), skipinitialspace=True)
    header, expected_lines, previous = next(reader), [], reader.line_num
    width = len(header)
    too_long = []
    for cells in reader:
        start = previous + 1
        previous = reader.line_num
        if cells and not (len(cells) == 1 and not cells[0].strip()):
            expected_lines.append(start)
            if any(c.strip() for c in cells[width:]):
                too_long.append(start)
    ledger = Ledger.from_csv(path)
    assert expected_lines == ledger.line.tolist()
    assert set(too_long) == {p.line for p in ledger.problems if p.field == "(row)"}
    assert np.isfinite(ledger.debit).all()
    assert np.isfinite(ledger.credit).all()
    for problem, row in zip(ledger.problems, ledger.problems.row.tolist(), strict=True):
        assert problem.line == ledger.line[row]
        assert problem.field
        assert problem.expected
    bad_amount = {p.line for p in ledger.problems if p.field == "amount"}
    assert all(ledger.amount[ledger.line == line][0] == 0 for line in bad_amount)


def test_problems_are_columns():
    """A ledger's problems are a Problems table: rows and lines as arrays, LineIssue objects when iterated."""
    ledger = Ledger.from_saft(
        HERE / "data" / "saft" / "ExampleFile_SAF-T_Financial_888888888_20180228235959.xml"
    )
    assert isinstance(ledger.problems, Problems)
    assert not ledger.problems
    assert () == ledger.file_problems
    assert 170 == len(ledger)
    assert np.all(np.diff(ledger.line) > 0)
