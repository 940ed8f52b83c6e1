"""Write the SAF-T Financial files of the fictional example company Eksempel AS.

A developer's tool, run by hand when the example changes; ghgcore never runs
it. It writes examples/eksempel-as/2023/ledger.xml and
examples/eksempel-as/2024/ledger.xml: Norwegian SAF-T Financial 1.30 files
(namespace urn:StandardAuditFile-Taxation-Financial:NO) for the whole
calendar year, with the chart of accounts (grouped by Skatteetaten's
"naeringsspesifikasjon" grouping codes, as schema 1.30 asks), a VAT table,
two departments, and 39 (2023) and 40 (2024) balanced transactions whose
declared totals (NumberOfEntries, TotalDebit, TotalCredit) are computed from
the lines.

Eksempel AS, organisation number 999999999 (the number Skatteetaten's own
example files use), is fictional, and so is every amount: illustrative
bookkeeping of a small Oslo wholesaler with a warehouse in Bergen, not data
of a real company and not emission factors. The output is deterministic
(standard library only, no clock, no randomness): running the tool again
gives the same bytes.

Usage: python tools/make_example_saft.py [OUTPUT_DIRECTORY]   (default examples/eksempel-as)
"""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.sax.saxutils import escape

TARGET = "examples/eksempel-as"
NAMESPACE = "urn:StandardAuditFile-Taxation-Financial:NO"
CENT = Decimal("0.01")
VAT = Decimal("0.25")  # the general rate
EMPLOYER_TAX = Decimal("0.141")  # arbeidsgiveravgift, zone 1
TAX_WITHHELD = Decimal("0.32")  # forskuddstrekk, an illustrative average

# account: description (the company's own), grouping category and code of
# Skatteetaten's "naeringsspesifikasjon" code list (SAF-T 1.30 grouping)
ACCOUNTS = {
    "1500": ("Kundefordringer", "balanseverdiForOmloepsmiddel", "1500"),
    "1920": ("Bankinnskudd", "balanseverdiForOmloepsmiddel", "1920"),
    "2000": ("Aksjekapital", "egenkapital", "2000"),
    "2050": ("Annen egenkapital", "egenkapital", "2050"),
    "2400": ("Leverandørgjeld", "kortsiktigGjeld", "2400"),
    "2600": ("Forskuddstrekk", "kortsiktigGjeld", "2600"),
    "2700": ("Utgående merverdiavgift, høy sats", "kortsiktigGjeld", "2740"),
    "2710": ("Inngående merverdiavgift, høy sats", "kortsiktigGjeld", "2740"),
    "2740": ("Oppgjørskonto merverdiavgift", "kortsiktigGjeld", "2740"),
    "2770": ("Skyldig arbeidsgiveravgift", "kortsiktigGjeld", "2770"),
    "3000": ("Salgsinntekt, avgiftspliktig", "salgsinntekt", "3000"),
    "4300": ("Innkjøp av varer for videresalg", "varekostnad", "4005"),
    "5000": ("Lønn til ansatte", "loennskostnad", "5000"),
    "5400": ("Arbeidsgiveravgift", "loennskostnad", "5400"),
    "6300": ("Leie lokaler", "annenDriftskostnad", "6300"),
    "6320": ("Renovasjon", "annenDriftskostnad", "6395"),
    "6340": ("Lys, varme: elektrisitet", "annenDriftskostnad", "6340"),
    "6345": ("Lys, varme: fjernvarme", "annenDriftskostnad", "6340"),
    "6420": ("Leie datasystemer og programvare", "annenDriftskostnad", "6350"),
    "6551": ("Datautstyr", "annenDriftskostnad", "6500"),
    "6700": ("Revisjons- og regnskapshonorar", "annenDriftskostnad", "6700"),
    "6790": ("Annen fremmed tjeneste (konsulenter)", "annenDriftskostnad", "6700"),
    "6800": ("Kontorrekvisita", "annenDriftskostnad", "6995"),
    "6900": ("Telefon og internett", "annenDriftskostnad", "6995"),
    "7000": ("Drivstoff, firmabiler", "annenDriftskostnad", "7000"),
    "7100": ("Bilgodtgjørelse, oppgavepliktig", "annenDriftskostnad", "7155"),
    "7141": ("Reisekostnad, flyreiser", "annenDriftskostnad", "7165"),
    "7142": ("Reisekostnad, hotell", "annenDriftskostnad", "7165"),
    "7500": ("Forsikringspremie", "annenDriftskostnad", "7500"),
    "7770": ("Bank- og kortgebyrer", "annenDriftskostnad", "7700"),
    "8050": ("Annen renteinntekt", "finansinntekt", "8050"),
}

# opening balances of the first year (debit positive); they balance
OPENING_2023 = {
    "1500": Decimal("312500.00"),
    "1920": Decimal("1110300.00"),
    "2000": Decimal("-100000.00"),
    "2050": Decimal("-1036800.00"),
    "2400": Decimal("-286000.00"),
}

DEPARTMENTS = {"100": "Kontor Oslo", "200": "Lager Bergen"}

# The year's bookings, net of VAT, in NOK. Illustrative figures of a fictional company.
YEARS = {
    2023: {
        "sales": ["3350000", "3720000", "3060000", "4070000"],
        "goods": ["1480000", "1690000", "1310000", "1870000"],
        "rent": ["420000", "420000"],
        # electricity: Oslo (department 100) and Bergen (200) in the first half-year, then in the second
        "electricity": ["43800", "34100", "31900", "26400"],
        "district_heating": ["47300", "29200"],
        "fuel": ["41300", "40600"],
        "travel": ["64800", "71200"],
        "car_allowance": ["17500", "21000"],  # paid with the payroll, no VAT
        "office_supplies": "18400",
        "software": "64800",
        "it_equipment": "42600",
        "consultancy": ["85000", "60000"],
        "audit": "86000",
        "insurance": "38900",
        "waste": "24600",
        "telecom": "31200",
        "bank_fees": "4850",
        "interest": "12400",
        "wages": ["2450000", "2520000"],
    },
    2024: {
        "sales": ["3480000", "3850000", "3190000", "4260000"],
        "goods": ["1530000", "1760000", "1365000", "1950000"],
        "rent": ["436800", "436800"],
        "electricity": ["38700", "29800", "29100", "23300"],
        "district_heating": ["44100", "27400"],
        "fuel": ["36900", "35700"],
        "travel": ["58600", "77400"],
        "car_allowance": ["16800", "19250"],
        "office_supplies": "16900",
        "software": "71400",
        "it_equipment": "38200",
        "consultancy": ["92000", "54000"],
        "audit": "89500",
        "insurance": "41200",
        "waste": "25800",
        "telecom": "30400",
        "bank_fees": "5120",
        "interest": "15800",
        "wages": ["2560000", "2630000"],
    },
}

SUPPLIERS = {
    "goods": "20001",
    "rent": "20002",
    "electricity": "20003",
    "district_heating": "20004",
    "fuel": "20005",
    "travel": "20006",
    "office_supplies": "20007",
    "software": "20008",
    "it_equipment": "20009",
    "consultancy": "20010",
    "audit": "20011",
    "insurance": "20012",
    "waste": "20013",
    "telecom": "20014",
}


def money(value: str | Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share(value: str, fraction: str) -> str:
    """A fraction of an amount, to the cent: the flights of a travel agency's invoice."""
    return str(money(Decimal(value) * Decimal(fraction)))


def rest(value: str, fraction: str) -> str:
    """What the rest of the invoice is (the hotels), so that the two add up to it exactly."""
    return str(money(Decimal(value)) - money(share(value, fraction)))


class Books:
    """The transactions of one year, by journal, with running totals per account."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.journals: dict[str, list[dict[str, object]]] = defaultdict(list)
        self.movement: dict[str, Decimal] = defaultdict(Decimal)
        self.count = 0

    def post(self, journal: str, date: str, description: str, lines: list[dict[str, object]]) -> None:
        """One transaction: lines of account, amount (debit positive) and optional fields; must balance."""
        total = sum((money(line["amount"]) for line in lines), Decimal(0))  # type: ignore[arg-type]
        if total != 0:
            raise ValueError(f"{date} {description}: does not balance ({total})")
        self.count += 1
        transaction_id = f"{self.year}-{self.count:03d}"
        for line in lines:
            account, amount = str(line["account"]), money(line["amount"])  # type: ignore[arg-type]
            if account not in ACCOUNTS:
                raise ValueError(f"{description}: account {account} is not in the chart of accounts")
            self.movement[account] += amount
        self.journals[journal].append(
            {"id": transaction_id, "date": f"{self.year}-{date}", "description": description, "lines": lines}
        )

    def invoice(self, date: str, description: str, account: str, net: str, supplier: str, *,
                vat: bool = True, department: str | None = None) -> Decimal:  # fmt: skip
        """A purchase invoice: cost (net), input VAT when deductible, and the supplier's credit."""
        net_amount = money(net)
        tax = money(net_amount * VAT) if vat else Decimal(0)
        cost: dict[str, object] = {"account": account, "amount": net_amount, "department": department}
        if vat:
            cost["tax"] = ("1", tax, "debit", net_amount)
        lines = [cost]
        if vat:
            lines.append({"account": "2710", "amount": tax})
        lines.append({"account": "2400", "amount": -(net_amount + tax), "supplier": supplier})
        self.post("INNKJOP", date, description, lines)
        return net_amount + tax


def book_year(year: int, opening: dict[str, Decimal]) -> Books:
    """Every transaction of a year, from its figures in YEARS."""
    y = YEARS[year]
    books = Books(year)
    payable = {1: [], 2: []}  # supplier invoices to pay, by half-year
    # sales, one summary invoice per quarter
    receivable = []
    for quarter, net in enumerate(y["sales"], start=1):
        amount = money(net)
        tax = money(amount * VAT)
        books.post("SALG", f"{3 * quarter:02d}-28", f"Salg av varer, {quarter}. kvartal", [
            {"account": "3000", "amount": -amount, "tax": ("3", tax, "credit", amount)},
            {"account": "2700", "amount": -tax},
            {"account": "1500", "amount": amount + tax, "customer": "10001"},
        ])  # fmt: skip
        receivable.append(amount + tax)

    def half(date: str) -> int:
        return 1 if int(date[:2]) <= 6 else 2

    purchases = [
        ("02-15", "Varekjøp, parti 1", "4300", y["goods"][0], "goods", True, None),
        ("05-15", "Varekjøp, parti 2", "4300", y["goods"][1], "goods", True, None),
        ("08-15", "Varekjøp, parti 3", "4300", y["goods"][2], "goods", True, None),
        ("01-05", "Husleie kontor og lager, 1. halvår", "6300", y["rent"][0], "rent", False, None),
        ("07-05", "Husleie kontor og lager, 2. halvår", "6300", y["rent"][1], "rent", False, None),
        ("06-30", "Strøm kontor Oslo, 1. halvår", "6340", y["electricity"][0], "electricity", True, "100"),
        ("06-30", "Strøm lager Bergen, 1. halvår", "6340", y["electricity"][1], "electricity", True, "200"),
        ("12-15", "Strøm kontor Oslo, 2. halvår", "6340", y["electricity"][2], "electricity", True, "100"),
        ("12-15", "Strøm lager Bergen, 2. halvår", "6340", y["electricity"][3], "electricity", True, "200"),
        ("06-30", "Fjernvarme kontor Oslo, 1. halvår", "6345", y["district_heating"][0], "district_heating", True, "100"),
        ("12-15", "Fjernvarme kontor Oslo, 2. halvår", "6345", y["district_heating"][1], "district_heating", True, "100"),
        ("06-30", "Drivstoff varebiler, 1. halvår", "7000", y["fuel"][0], "fuel", True, None),
        ("12-15", "Drivstoff varebiler, 2. halvår", "7000", y["fuel"][1], "fuel", True, None),
        ("06-30", "Flyreiser (reisebyrå), 1. halvår", "7141", share(y["travel"][0], "0.7"), "travel", False, None),
        ("06-30", "Hotell (reisebyrå), 1. halvår", "7142", rest(y["travel"][0], "0.7"), "travel", False, None),
        ("12-15", "Flyreiser (reisebyrå), 2. halvår", "7141", share(y["travel"][1], "0.7"), "travel", False, None),
        ("12-15", "Hotell (reisebyrå), 2. halvår", "7142", rest(y["travel"][1], "0.7"), "travel", False, None),
        ("03-10", "Kontorrekvisita", "6800", y["office_supplies"], "office_supplies", True, None),
        ("01-20", "Programvare og skytjenester, årsabonnement", "6420", y["software"], "software", True, None),
        ("04-12", "Bærbare PC-er og skjermer", "6551", y["it_equipment"], "it_equipment", True, None),
        ("05-31", "Konsulentbistand, nytt lagersystem", "6790", y["consultancy"][0], "consultancy", True, None),
        ("10-31", "Konsulentbistand, nytt lagersystem", "6790", y["consultancy"][1], "consultancy", True, None),
        ("04-30", "Revisjon og regnskapsføring", "6700", y["audit"], "audit", True, None),
        ("01-31", "Forsikringer, årspremie", "7500", y["insurance"], "insurance", False, None),
        ("09-30", "Renovasjon og avfallshåndtering", "6320", y["waste"], "waste", True, "200"),
        ("11-30", "Telefon og internett", "6900", y["telecom"], "telecom", True, None),
    ]  # fmt: skip
    for date, description, account, net, what, vat, department in sorted(purchases, key=lambda p: p[0]):
        gross = books.invoice(
            date, description, account, net, SUPPLIERS[what], vat=vat, department=department
        )
        payable[half(date)].append(gross)
    # the last goods invoice stays unpaid at the year end
    books.invoice("12-10", "Varekjøp, parti 4", "4300", y["goods"][3], SUPPLIERS["goods"])

    # payroll, with the car allowance paid through it
    withheld_total: dict[int, tuple[Decimal, Decimal]] = {}
    for h, (gross, allowance) in enumerate(zip(y["wages"], y["car_allowance"], strict=True), start=1):
        wages, car = money(gross), money(allowance)
        employer_tax = money(wages * EMPLOYER_TAX)
        withheld = money(wages * TAX_WITHHELD)
        books.post("LONN", "06-25" if h == 1 else "12-20", f"Lønn og bilgodtgjørelse, {h}. halvår", [
            {"account": "5000", "amount": wages},
            {"account": "5400", "amount": employer_tax},
            {"account": "7100", "amount": car},
            {"account": "2600", "amount": -withheld},
            {"account": "2770", "amount": -employer_tax},
            {"account": "1920", "amount": -(wages - withheld + car)},
        ])  # fmt: skip
        withheld_total[h] = (withheld, employer_tax)

    # bank
    opening_payable = -opening.get("2400", Decimal(0))
    opening_receivable = opening.get("1500", Decimal(0))
    paid_1 = opening_payable + sum(payable[1], Decimal(0))
    books.post("BANK", "07-10", "Betalinger til leverandører, 1. halvår", [
        {"account": "2400", "amount": paid_1}, {"account": "1920", "amount": -paid_1},
    ])  # fmt: skip
    paid_2 = sum(payable[2], Decimal(0))
    books.post("BANK", "12-28", "Betalinger til leverandører, 2. halvår", [
        {"account": "2400", "amount": paid_2}, {"account": "1920", "amount": -paid_2},
    ])  # fmt: skip
    received_1 = opening_receivable + receivable[0] + receivable[1]
    books.post("BANK", "06-30", "Innbetalinger fra kunder, 1. halvår", [
        {"account": "1920", "amount": received_1}, {"account": "1500", "amount": -received_1},
    ])  # fmt: skip
    received_2 = receivable[2] + money(receivable[3] * 2 / 3)  # a third of the last quarter is open
    books.post("BANK", "11-30", "Innbetalinger fra kunder, 2. halvår", [
        {"account": "1920", "amount": received_2}, {"account": "1500", "amount": -received_2},
    ])  # fmt: skip
    carried = {a: -opening.get(a, Decimal(0)) for a in ("2600", "2770", "2740")}
    if any(carried.values()):  # what the year before left to pay: its last payroll and VAT terms
        books.post("BANK", "01-15", "Betaling av skattetrekk, arbeidsgiveravgift og mva fra forrige år", [
            *({"account": a, "amount": v} for a, v in carried.items() if v),
            {"account": "1920", "amount": -sum(carried.values(), Decimal(0))},
        ])  # fmt: skip
    withheld, employer_tax = withheld_total[1]
    books.post("BANK", "07-15", "Betaling av forskuddstrekk og arbeidsgiveravgift, 1. halvår", [
        {"account": "2600", "amount": withheld},
        {"account": "2770", "amount": employer_tax},
        {"account": "1920", "amount": -(withheld + employer_tax)},
    ])  # fmt: skip
    books.post("BANK", "12-31", "Bankgebyrer", [
        {"account": "7770", "amount": money(y["bank_fees"])},
        {"account": "1920", "amount": -money(y["bank_fees"])},
    ])  # fmt: skip
    books.post("BANK", "12-31", "Renteinntekter", [
        {"account": "1920", "amount": money(y["interest"])},
        {"account": "8050", "amount": -money(y["interest"])},
    ])  # fmt: skip
    # the year's VAT, to the settlement account (paid after the year end)
    output_vat, input_vat = -books.movement["2700"], books.movement["2710"]
    books.post("MVA", "12-31", "Mva-oppgjør for året", [
        {"account": "2700", "amount": output_vat},
        {"account": "2710", "amount": -input_vat},
        {"account": "2740", "amount": input_vat - output_vat},
    ])  # fmt: skip
    return books


JOURNALS = {
    "SALG": ("Salg", "S"),
    "INNKJOP": ("Innkjøp", "P"),
    "LONN": ("Lønn", "L"),
    "BANK": ("Bank", "B"),
    "MVA": ("Merverdiavgift", "M"),
}


def _balance(kind: str, value: Decimal) -> str:
    side = "Debit" if value >= 0 else "Credit"
    return f"<{kind}{side}Balance>{abs(value):.2f}</{kind}{side}Balance>"


def write_saft(books: Books, opening: dict[str, Decimal], path: Path) -> None:
    """The SAF-T Financial 1.30 file of a year's books."""
    year = books.year
    x: list[str] = []
    add = x.append
    add('<?xml version="1.0" encoding="UTF-8"?>')
    add(f'<AuditFile xmlns="{NAMESPACE}">')
    add("  <Header>")
    add("    <AuditFileVersion>1.30</AuditFileVersion>")
    add("    <AuditFileCountry>NO</AuditFileCountry>")
    add(f"    <AuditFileDateCreated>{year + 1}-02-15</AuditFileDateCreated>")
    add("    <SoftwareCompanyName>ghgcore (tools/make_example_saft.py)</SoftwareCompanyName>")
    add("    <SoftwareID>make_example_saft</SoftwareID>")
    add("    <SoftwareVersion>1</SoftwareVersion>")
    add("    <Company>")
    add("      <RegistrationNumber>999999999</RegistrationNumber>")
    add("      <Name>Eksempel AS</Name>")
    add("      <Address>")
    add("        <StreetName>Eksempelveien 1</StreetName>")
    add("        <City>Oslo</City>")
    add("        <PostalCode>0001</PostalCode>")
    add("        <Country>NO</Country>")
    add("      </Address>")
    add("      <Contact>")
    add("        <ContactPerson>")
    add("          <FirstName>Kari</FirstName>")
    add("          <LastName>Nordmann</LastName>")
    add("        </ContactPerson>")
    add("        <Telephone>00000000</Telephone>")
    add("        <Email>post@eksempel.invalid</Email>")
    add("      </Contact>")
    add("      <TaxRegistration>")
    add("        <TaxRegistrationNumber>999999999MVA</TaxRegistrationNumber>")
    add("        <TaxAuthority>Skatteetaten</TaxAuthority>")
    add("      </TaxRegistration>")
    add("    </Company>")
    add("    <DefaultCurrencyCode>NOK</DefaultCurrencyCode>")
    add("    <SelectionCriteria>")
    add("      <PeriodStart>1</PeriodStart>")
    add(f"      <PeriodStartYear>{year}</PeriodStartYear>")
    add("      <PeriodEnd>12</PeriodEnd>")
    add(f"      <PeriodEndYear>{year}</PeriodEndYear>")
    add("    </SelectionCriteria>")
    add("    <HeaderComment>A fictional company; illustrative figures, not real bookkeeping.</HeaderComment>")
    add("    <TaxAccountingBasis>A</TaxAccountingBasis>")
    add("  </Header>")
    add("  <MasterFiles>")
    add("    <GeneralLedgerAccounts>")
    for account, (description, category, code) in ACCOUNTS.items():
        start = opening.get(account, Decimal(0))
        end = start + books.movement.get(account, Decimal(0))
        add("      <Account>")
        add(f"        <AccountID>{account}</AccountID>")
        add(f"        <AccountDescription>{escape(description)}</AccountDescription>")
        add(f"        <GroupingCategory>{category}</GroupingCategory>")
        add(f"        <GroupingCode>{code}</GroupingCode>")
        add("        <AccountType>GL</AccountType>")
        add(f"        {_balance('Opening', start)}")
        add(f"        {_balance('Closing', end)}")
        add("      </Account>")
    add("    </GeneralLedgerAccounts>")
    add("    <TaxTable>")
    add("      <TaxTableEntry>")
    add("        <TaxType>MVA</TaxType>")
    add("        <Description>Merverdiavgift</Description>")
    for code, description in (("1", "Inngående mva, høy sats"), ("3", "Utgående mva, høy sats")):
        add("        <TaxCodeDetails>")
        add(f"          <TaxCode>{code}</TaxCode>")
        add(f"          <Description>{description}</Description>")
        add("          <TaxPercentage>25</TaxPercentage>")
        add("          <Country>NO</Country>")
        add(f"          <StandardTaxCode>{code}</StandardTaxCode>")
        add("          <BaseRate>100</BaseRate>")
        add("        </TaxCodeDetails>")
    add("      </TaxTableEntry>")
    add("    </TaxTable>")
    add("    <AnalysisTypeTable>")
    for department, name in DEPARTMENTS.items():
        add("      <AnalysisTypeTableEntry>")
        add("        <AnalysisType>A</AnalysisType>")
        add("        <AnalysisTypeDescription>Avdeling</AnalysisTypeDescription>")
        add(f"        <AnalysisID>{department}</AnalysisID>")
        add(f"        <AnalysisIDDescription>{name}</AnalysisIDDescription>")
        add("      </AnalysisTypeTableEntry>")
    add("    </AnalysisTypeTable>")
    add("  </MasterFiles>")
    debit = sum((m for t in _all(books) for m in _amounts(t) if m > 0), Decimal(0))
    credit = -sum((m for t in _all(books) for m in _amounts(t) if m < 0), Decimal(0))
    add("  <GeneralLedgerEntries>")
    add(f"    <NumberOfEntries>{books.count}</NumberOfEntries>")
    add(f"    <TotalDebit>{debit:.2f}</TotalDebit>")
    add(f"    <TotalCredit>{credit:.2f}</TotalCredit>")
    for journal, (description, kind) in JOURNALS.items():
        transactions = sorted(books.journals[journal], key=lambda t: (t["date"], t["id"]))
        add("    <Journal>")
        add(f"      <JournalID>{journal}</JournalID>")
        add(f"      <Description>{description}</Description>")
        add(f"      <Type>{kind}</Type>")
        for t in transactions:
            date = str(t["date"])
            add("      <Transaction>")
            add(f"        <TransactionID>{t['id']}</TransactionID>")
            add(f"        <Period>{int(date[5:7])}</Period>")
            add(f"        <PeriodYear>{year}</PeriodYear>")
            add(f"        <TransactionDate>{date}</TransactionDate>")
            add(f"        <Description>{escape(str(t['description']))}</Description>")
            add(f"        <SystemEntryDate>{date}</SystemEntryDate>")
            add(f"        <GLPostingDate>{date}</GLPostingDate>")
            for record, line in enumerate(t["lines"], start=1):  # type: ignore[arg-type]
                amount = money(line["amount"])
                add("        <Line>")
                add(f"          <RecordID>{record}</RecordID>")
                add(f"          <AccountID>{line['account']}</AccountID>")
                if line.get("department"):
                    add("          <Analysis>")
                    add("            <AnalysisType>A</AnalysisType>")
                    add(f"            <AnalysisID>{line['department']}</AnalysisID>")
                    add("          </Analysis>")
                add(f"          <ValueDate>{date}</ValueDate>")
                if line.get("customer"):
                    add(f"          <CustomerID>{line['customer']}</CustomerID>")
                if line.get("supplier"):
                    add(f"          <SupplierID>{line['supplier']}</SupplierID>")
                add(f"          <Description>{escape(str(t['description']))}</Description>")
                side = "Debit" if amount >= 0 else "Credit"
                add(f"          <{side}Amount>")
                add(f"            <Amount>{abs(amount):.2f}</Amount>")
                add(f"          </{side}Amount>")
                if line.get("tax"):
                    code, tax, tax_side, base = line["tax"]
                    add("          <TaxInformation>")
                    add("            <TaxType>MVA</TaxType>")
                    add(f"            <TaxCode>{code}</TaxCode>")
                    add("            <TaxPercentage>25</TaxPercentage>")
                    add(f"            <TaxBase>{base:.2f}</TaxBase>")
                    add(f"            <{tax_side.capitalize()}TaxAmount>")
                    add(f"              <Amount>{tax:.2f}</Amount>")
                    add(f"            </{tax_side.capitalize()}TaxAmount>")
                    add("          </TaxInformation>")
                add("        </Line>")
            add("      </Transaction>")
        add("    </Journal>")
    add("  </GeneralLedgerEntries>")
    add("</AuditFile>")
    if debit != credit:
        raise ValueError(f"{year}: debit {debit} and credit {credit} differ")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(x) + "\n", encoding="utf-8", newline="\n")


def _all(books: Books) -> list[dict[str, object]]:
    return [t for journal in JOURNALS for t in books.journals[journal]]


def _amounts(transaction: dict[str, object]) -> list[Decimal]:
    return [money(line["amount"]) for line in transaction["lines"]]  # type: ignore[attr-defined]


def main(target: str = TARGET) -> None:
    opening = dict(OPENING_2023)
    for year in sorted(YEARS):
        books = book_year(year, opening)
        path = Path(target) / str(year) / "ledger.xml"
        write_saft(books, opening, path)
        print(f"{path}: {books.count} transactions")
        # next year's opening: the balance sheet carried forward, the year's result to equity
        closing = {a: opening.get(a, Decimal(0)) + books.movement.get(a, Decimal(0)) for a in ACCOUNTS}
        result = sum((v for a, v in closing.items() if a[0] in "345678"), Decimal(0))
        opening = {a: v for a, v in closing.items() if a[0] in "12" and v}
        opening["2050"] = opening.get("2050", Decimal(0)) + result


if __name__ == "__main__":
    main(*sys.argv[1:])
