"""Write the example data of a fictional climate-partner network: five members, three years.

A developer's tool, run by hand when the example changes; ghgcore never runs
it. It writes, under examples/network/, for each member
(``<slug>/plan.toml``) and each year it reports (``<slug>/<year>/``):

* ``ledger.xml``: the year's general ledger as a Norwegian SAF-T Financial
  1.30 file (namespace urn:StandardAuditFile-Taxation-Financial:NO), in the
  style of tools/make_example_saft.py: the chart of accounts with
  Skatteetaten's grouping codes (naeringsspesifikasjon) and opening and
  closing balances, customers and suppliers with their organisation numbers
  in the master files, a VAT table, and balanced transactions whose declared
  totals (NumberOfEntries, TotalDebit, TotalCredit) are computed from the
  lines. Purchase invoices carry the SupplierID on the cost line and on the
  payable, so that a network sees which purchases were made from fellow
  members.
* ``activities.csv``: litres, kWh, kg, passenger-km and tonnes, every line
  with its year, with activity keys the shipped factor databases resolve.
* ``accounts.csv`` (two members only): an account mapping CSV for accounts
  the default spend mapping reads too coarsely.

and ``jobs.csv`` (the jobs file of ``ghgcore batch``, with each year's
employees and revenue as metrics). examples/network/README.md is written by
hand.

Everything is fictional: the network, the five member companies, their
suppliers and customers, and every amount (illustrative bookkeeping and
activity data, not data of real companies and not emission factors). The
organisation numbers are nine digits starting with 9 whose modulus-11 check
digit is wrong, so none can belong to a real organisation; the tool checks
that. The output is deterministic (standard library only, no clock, no
randomness): running the tool again gives the same bytes.

Usage: python tools/make_network_example.py [OUTPUT_DIRECTORY]   (default examples/network)
"""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.sax.saxutils import escape

TARGET = "examples/network"
NAMESPACE = "urn:StandardAuditFile-Taxation-Financial:NO"
CENT = Decimal("0.01")
EMPLOYER_TAX = Decimal("0.141")  # arbeidsgiveravgift, zone 1
TAX_WITHHELD = Decimal("0.32")  # forskuddstrekk, an illustrative average
YEARS = (2022, 2023, 2024)

# VAT rates (percent) -> (input tax code, output tax code): SAF-T standard tax codes
VAT_CODES = {25: ("1", "3"), 15: ("11", "31")}
TAX_CODE_TEXT = {
    "1": ("Inngående mva, høy sats", 25),
    "11": ("Inngående mva, middels sats", 15),
    "3": ("Utgående mva, høy sats", 25),
    "31": ("Utgående mva, middels sats", 15),
}

ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_is_valid(number: str) -> bool:
    """Whether a nine-digit Norwegian organisation number has a correct modulus-11 check digit."""
    if len(number) != 9 or not number.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(number[:8], ORGNR_WEIGHTS, strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[8])


def fictional_orgnr(first8: str) -> str:
    """Eight digits starting with 9, and a check digit that is wrong: a number no organisation can have."""
    if len(first8) != 8 or not first8.isdigit() or first8[0] != "9":
        raise ValueError(f"{first8!r}: expected eight digits starting with 9")
    check = 11 - sum(int(d) * w for d, w in zip(first8, ORGNR_WEIGHTS, strict=True)) % 11
    check = 0 if check == 11 else check
    number = first8 + str((check + 1) % 10)  # any digit but the right one (none is right when check is 10)
    if orgnr_is_valid(number):
        raise AssertionError(f"{number} has a valid check digit")
    return number


# account: description (the companies' own), grouping category and code of
# Skatteetaten's "naeringsspesifikasjon" code list (SAF-T 1.30 grouping)
ACCOUNTS = {
    "1100": ("Forretningsbygg", "balanseverdiForAnleggsmiddel", "1105"),
    "1120": ("Fast teknisk installasjon i bygninger", "balanseverdiForAnleggsmiddel", "1120"),
    "1210": ("Maskiner og anlegg", "balanseverdiForAnleggsmiddel", "1205"),
    "1230": ("Lastebiler", "balanseverdiForAnleggsmiddel", "1238"),
    "1500": ("Kundefordringer", "balanseverdiForOmloepsmiddel", "1500"),
    "1920": ("Bankinnskudd", "balanseverdiForOmloepsmiddel", "1920"),
    "2000": ("Aksjekapital", "egenkapital", "2000"),
    "2050": ("Annen egenkapital", "egenkapital", "2050"),
    "2220": ("Lån i kredittinstitusjon", "langsiktigGjeld", "2220"),
    "2400": ("Leverandørgjeld", "kortsiktigGjeld", "2400"),
    "2600": ("Forskuddstrekk", "kortsiktigGjeld", "2600"),
    "2700": ("Utgående merverdiavgift", "kortsiktigGjeld", "2740"),
    "2710": ("Inngående merverdiavgift", "kortsiktigGjeld", "2740"),
    "2740": ("Oppgjørskonto merverdiavgift", "kortsiktigGjeld", "2740"),
    "2770": ("Skyldig arbeidsgiveravgift", "kortsiktigGjeld", "2770"),
    "3000": ("Salgsinntekt, avgiftspliktig", "salgsinntekt", "3000"),
    "3600": ("Leieinntekt fast eiendom", "annenDriftsinntekt", "3600"),
    "4000": ("Innkjøp av råvarer (tømmer)", "varekostnad", "4005"),
    "4010": ("Innkjøp av råvarer (mel, korn, meieri)", "varekostnad", "4005"),
    "4100": ("Innkjøp av byggevarer", "varekostnad", "4005"),
    "4500": ("Innleid arbeid og underentreprise", "varekostnad", "4500"),
    "4600": ("Emballasje", "varekostnad", "4005"),
    "5000": ("Lønn til ansatte", "loennskostnad", "5000"),
    "5400": ("Arbeidsgiveravgift", "loennskostnad", "5400"),
    "6010": ("Avskrivning transportmidler", "annenDriftskostnad", "6000"),
    "6100": ("Frakt og transport vedrørende salg", "annenDriftskostnad", "6100"),
    "6210": ("Propan, bakerovner", "annenDriftskostnad", "6200"),
    "6220": ("Fyringsolje", "annenDriftskostnad", "6340"),
    "6300": ("Leie lokaler", "annenDriftskostnad", "6300"),
    "6320": ("Renovasjon", "annenDriftskostnad", "6395"),
    "6340": ("Lys, varme: elektrisitet", "annenDriftskostnad", "6340"),
    "6360": ("Renhold", "annenDriftskostnad", "6395"),
    "6400": ("Leie maskiner", "annenDriftskostnad", "6400"),
    "6420": ("Leie datasystemer og programvare", "annenDriftskostnad", "6400"),
    "6440": ("Leasing varebiler", "annenDriftskostnad", "6440"),
    "6550": ("Driftsmaterialer", "annenDriftskostnad", "6500"),
    "6551": ("Datautstyr", "annenDriftskostnad", "6500"),
    "6570": ("Arbeidsklær og verneutstyr", "annenDriftskostnad", "6500"),
    "6600": ("Reparasjon og vedlikehold bygninger", "annenDriftskostnad", "6600"),
    "6620": ("Reparasjon og vedlikehold utstyr", "annenDriftskostnad", "6695"),
    "6700": ("Revisjons- og regnskapshonorar", "annenDriftskostnad", "6700"),
    "6790": ("Annen fremmed tjeneste (underkonsulenter)", "annenDriftskostnad", "6700"),
    "6800": ("Kontorrekvisita", "annenDriftskostnad", "6995"),
    "6860": ("Kurs og konferanser", "annenDriftskostnad", "7700"),
    "6900": ("Telefon og internett", "annenDriftskostnad", "6995"),
    "7000": ("Drivstoff transportmidler", "annenDriftskostnad", "7000"),
    "7020": ("Vedlikehold transportmidler", "annenDriftskostnad", "7020"),
    "7040": ("Forsikring transportmidler", "annenDriftskostnad", "7040"),
    "7140": ("Reisekostnad, sjåfører", "annenDriftskostnad", "7165"),
    "7141": ("Reisekostnad, flyreiser", "annenDriftskostnad", "7165"),
    "7142": ("Reisekostnad, hotell", "annenDriftskostnad", "7165"),
    "7320": ("Reklamekostnad", "annenDriftskostnad", "7330"),
    "7500": ("Forsikringspremie", "annenDriftskostnad", "7500"),
    "7750": ("Eiendomsskatt", "annenDriftskostnad", "7700"),
    "7770": ("Bank- og kortgebyrer", "annenDriftskostnad", "7700"),
    "8050": ("Annen renteinntekt", "finansinntekt", "8050"),
    "8150": ("Annen rentekostnad", "finanskostnad", "8150"),
}

# The members: slug -> name, organisation number, address, contact, what it does.
MEMBERS = {
    "fjordby-transport": {
        "name": "Fjordby Transport AS",
        "number": fictional_orgnr("91520347"),
        "street": "Terminalvegen 4",
        "contact": ("Randi", "Lastebø"),
        "what": "haulier: distribution and general cargo, lorries and (from 2024) electric vans",
        "years": YEARS,
    },
    "fjordby-bakeri": {
        "name": "Fjordby Bakeri AS",
        "number": fictional_orgnr("93086215"),
        "street": "Bakergata 12",
        "contact": ("Ola", "Kornstad"),
        "what": "bakery with three shops",
        "years": YEARS,
    },
    "tindholm-radgivning": {
        "name": "Tindholm Rådgivende Ingeniører AS",
        "number": fictional_orgnr("94471302"),
        "street": "Brygga 4",
        "contact": ("Ingrid", "Tindholm"),
        "what": "engineering consultancy (structures, energy), growing",
        "years": YEARS,
    },
    "bryggerud-eiendom": {
        "name": "Bryggerud Eiendom AS",
        "number": fictional_orgnr("95627184"),
        "street": "Brygga 2",
        "contact": ("Per", "Bryggerud"),
        "what": "property manager: three commercial buildings let to businesses",
        "years": YEARS,
    },
    "granlia-sag-og-bygg": {
        "name": "Granlia Sag og Bygg AS",
        "number": fictional_orgnr("96803459"),
        "street": "Granliavegen 30",
        "contact": ("Kari", "Granli"),
        "what": "sawmill and builder: sawn timber, building repairs",
        "years": (2022, 2023),  # has not reported 2024 yet
    },
}

# Suppliers and customers that are not members: key -> name, organisation number
OUTSIDERS = {
    "fuel": ("Vestland Drivstoff AS", fictional_orgnr("97014526")),
    "power": ("Fjordby Energi AS", fictional_orgnr("97120638")),
    "workshop": ("Fjordby Bilverksted AS", fictional_orgnr("97231740")),
    "insurer": ("Fjordtrygg Forsikring AS", fictional_orgnr("97342852")),
    "accountant": ("Fjordby Regnskapskontor AS", fictional_orgnr("97453964")),
    "software": ("Skylinja Programvare AS", fictional_orgnr("97564076")),
    "telecom": ("Fjordnett Telekom AS", fictional_orgnr("97675188")),
    "waste": ("Fjordby Renovasjon AS", fictional_orgnr("97786290")),
    "workwear": ("Verneutstyr Vest AS", fictional_orgnr("97897302")),
    "leasing": ("Fjordby Bilfinans AS", fictional_orgnr("98008414")),
    "mill": ("Fjordby Mølle og Engros AS", fictional_orgnr("98119526")),
    "packaging": ("Emballasjehuset Vest AS", fictional_orgnr("98220638")),
    "gas": ("Vestland Gass AS", fictional_orgnr("98331740")),
    "landlord": ("Kaigata Næringseiendom AS", fictional_orgnr("98442852")),
    "cleaning": ("Glans Renhold Fjordby AS", fictional_orgnr("98553964")),
    "service": ("Kjøleservice Vest AS", fictional_orgnr("98664076")),
    "advertising": ("Fjordby Reklame AS", fictional_orgnr("98775188")),
    "machines": ("Fjordby Maskin AS", fictional_orgnr("98886290")),
    "travel": ("Fjordby Reisebyrå AS", fictional_orgnr("98997302")),
    "subconsultant": ("Nordvegg Konsult AS", fictional_orgnr("99108414")),
    "it": ("Datahjelpen Fjordby AS", fictional_orgnr("99219526")),
    "office": ("Kontorpartner Fjordby AS", fictional_orgnr("99320638")),
    "courses": ("Fagkurs Vest AS", fictional_orgnr("99431740")),
    "timber": ("Vestdal Tømmer AS", fictional_orgnr("99542852")),
    "materials": ("Byggvarer Fjordby AS", fictional_orgnr("99653964")),
    "electrician": ("Fjordby Elektro AS", fictional_orgnr("99764076")),
    "heatpump": ("Varmepumpeservice Vest AS", fictional_orgnr("99875188")),
    "grocer": ("Fjordby Dagligvare AS", fictional_orgnr("99086215")),
    "municipality": ("Fjordby kommune", fictional_orgnr("99197327")),
    "shops": ("Kontantsalg butikkene", ""),
    "cargo": ("Fraktkunder, diverse", ""),
    "clients": ("Oppdragsgivere, diverse", ""),
    "tenants": ("Leietakere, andre", ""),
    "buyers": ("Trelastkunder, diverse", ""),
}

# Purchases between members: buyer, seller, the buyer's account, description,
# net amounts (NOK, before VAT) per year and date, and the VAT rate.
TRADES = [
    {
        "buyer": "fjordby-bakeri",
        "seller": "fjordby-transport",
        "account": "6100",
        "description": "Distribusjon til butikker og kunder",
        "vat": 25,
        "amounts": {
            2022: [("03-31", "92000"), ("06-30", "95000"), ("09-30", "96000"), ("11-30", "101000")],
            2023: [("03-31", "99000"), ("06-30", "102000"), ("09-30", "103000"), ("11-30", "108000")],
            2024: [("03-31", "105000"), ("06-30", "108000"), ("09-30", "109000"), ("11-30", "114000")],
        },
    },
    {
        "buyer": "fjordby-transport",
        "seller": "bryggerud-eiendom",
        "account": "6300",
        "description": "Husleie terminal og kontor, Brygga 6",
        "vat": 25,
        "amounts": {
            2022: [("01-05", "480000"), ("07-05", "480000")],
            2023: [("01-05", "507000"), ("07-05", "507000")],
            2024: [("01-05", "528000"), ("07-05", "528000")],
        },
    },
    {
        "buyer": "tindholm-radgivning",
        "seller": "bryggerud-eiendom",
        "account": "6300",
        "description": "Husleie kontor, Brygga 4",
        "vat": 25,
        "amounts": {
            2022: [("01-05", "228000"), ("07-05", "228000")],
            2023: [("01-05", "241000"), ("07-05", "241000")],
            2024: [("01-05", "312000"), ("07-05", "312000")],
        },
    },
    {
        "buyer": "bryggerud-eiendom",
        "seller": "granlia-sag-og-bygg",
        "account": "6600",
        "description": "Vedlikehold og rehabilitering av bygg",
        "vat": 25,
        "amounts": {
            2022: [("05-31", "640000"), ("10-31", "420000")],
            2023: [("05-31", "380000"), ("10-31", "520000")],
            2024: [("05-31", "450000"), ("10-31", "310000")],
        },
    },
]


def halves(
    description: str,
    account: str,
    supplier: str,
    amounts: list[str],
    vat: int | None = 25,
    department: str | None = None,
) -> list[tuple]:
    """Two invoices of a year, at the end of each half-year."""
    return [
        (
            "06-30" if h == 1 else "12-15",
            f"{description}, {h}. halvår",
            account,
            amount,
            supplier,
            vat,
            department,
        )
        for h, amount in enumerate(amounts, start=1)
    ]


def quarters(
    description: str, account: str, supplier: str, amounts: list[str], vat: int | None = 25
) -> list[tuple]:
    """Four invoices of a year, one a quarter (the last one unpaid at the year end)."""
    dates = ("03-31", "06-30", "09-30", "12-18")
    return [
        (date, f"{description}, {q}. kvartal", account, amount, supplier, vat, None)
        for q, (date, amount) in enumerate(zip(dates, amounts, strict=True), start=1)
    ]


def once(
    date: str, description: str, account: str, amount: str, supplier: str, vat: int | None = 25
) -> list[tuple]:
    """One invoice."""
    return [(date, description, account, amount, supplier, vat, None)]


def sales_quarters(
    description: str, account: str, customer: str, amounts: list[str], vat: int = 25
) -> list[tuple]:
    """One summary sales invoice a quarter."""
    dates = ("03-31", "06-30", "09-30", "12-15")
    return [
        (date, f"{description}, {q}. kvartal", account, amount, customer, vat)
        for q, (date, amount) in enumerate(zip(dates, amounts, strict=True), start=1)
    ]


def sales_halves(
    description: str, account: str, customer: str, amounts: list[str], vat: int = 25
) -> list[tuple]:
    """Two sales invoices a year, in advance (rent)."""
    return [
        ("01-05" if h == 1 else "07-05", f"{description}, {h}. halvår", account, amount, customer, vat)
        for h, amount in enumerate(amounts, start=1)
    ]


# The year's bookings, net of VAT, in NOK, and activity data: illustrative figures of fictional companies.
# Purchases: (date, description, account, net, supplier, VAT rate or None, department)
# Sales: (date, description, account, net, customer, VAT rate)
BOOKS: dict[str, dict[int, dict[str, object]]] = {
    "fjordby-transport": {
        2022: {
            "sales": sales_quarters(
                "Transporttjenester", "3000", "cargo", ["3900000", "4100000", "4000000", "4500000"]
            ),
            "purchases": [
                *halves("Diesel og HVO, lastebiler", "7000", "fuel", ["1160000", "1184000"]),
                *halves("Strøm terminal Fjordby", "6340", "power", ["78000", "64000"], department="100"),
                *halves("Strøm avdeling Trondheim", "6340", "power", ["30000", "27000"], department="200"),
                *halves("Verkstedtjenester, dekk og deler", "7020", "workshop", ["486000", "462000"]),
                *once("01-31", "Forsikring kjøretøy, årspremie", "7040", "420000", "insurer", None),
                *once("01-20", "Transportstyringssystem, årsabonnement", "6420", "86000", "software"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "124000", "accountant"),
                *once("11-30", "Telefon og internett", "6900", "52400", "telecom"),
                *halves("Overnatting og reiser, sjåfører", "7140", "travel", ["18000", "20000"], None),
                *once("09-30", "Renovasjon og spillolje", "6320", "44800", "waste"),
                *once("03-15", "Arbeidsklær og verneutstyr", "6570", "36000", "workwear"),
            ],
            "wages": ["3600000", "3700000"],
            "depreciation": ("6010", "1230", "2200000"),
            "loan_interest": "420000",
            "bank_fees": "6200",
            "interest": "18000",
            "employees": 14,
        },
        2023: {
            "sales": sales_quarters(
                "Transporttjenester", "3000", "cargo", ["4000000", "4200000", "4100000", "4600000"]
            ),
            "purchases": [
                *halves("Diesel og HVO, lastebiler", "7000", "fuel", ["1195000", "1224200"]),
                *halves("Strøm terminal Fjordby", "6340", "power", ["57000", "49000"], department="100"),
                *halves("Strøm avdeling Trondheim", "6340", "power", ["22000", "20000"], department="200"),
                *halves("Verkstedtjenester, dekk og deler", "7020", "workshop", ["501000", "479000"]),
                *once("01-31", "Forsikring kjøretøy, årspremie", "7040", "441000", "insurer", None),
                *once("01-20", "Transportstyringssystem, årsabonnement", "6420", "91500", "software"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "129000", "accountant"),
                *once("11-30", "Telefon og internett", "6900", "53800", "telecom"),
                *halves("Overnatting og reiser, sjåfører", "7140", "travel", ["19500", "22000"], None),
                *once("09-30", "Renovasjon og spillolje", "6320", "46200", "waste"),
                *once("03-15", "Arbeidsklær og verneutstyr", "6570", "38400", "workwear"),
            ],
            "wages": ["3750000", "3850000"],
            "depreciation": ("6010", "1230", "2200000"),
            "loan_interest": "510000",
            "bank_fees": "6500",
            "interest": "32000",
            "employees": 14,
        },
        2024: {
            "sales": sales_quarters(
                "Transporttjenester", "3000", "cargo", ["4500000", "4800000", "4700000", "5200000"]
            ),
            "purchases": [
                *halves("Diesel og HVO, lastebiler", "7000", "fuel", ["1190000", "1207000"]),
                *halves(
                    "Strøm terminal Fjordby, med lading av elvarebiler",
                    "6340",
                    "power",
                    ["70000", "62000"],
                    department="100",
                ),
                *halves("Strøm avdeling Trondheim", "6340", "power", ["19000", "16000"], department="200"),
                *halves("Verkstedtjenester, dekk og deler", "7020", "workshop", ["441000", "418000"]),
                *halves("Leasing fire elektriske varebiler", "6440", "leasing", ["118000", "124000"]),
                *once("01-31", "Forsikring kjøretøy, årspremie", "7040", "458000", "insurer", None),
                *once("01-20", "Transportstyringssystem, årsabonnement", "6420", "97800", "software"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "133500", "accountant"),
                *once("11-30", "Telefon og internett", "6900", "55100", "telecom"),
                *halves("Overnatting og reiser, sjåfører", "7140", "travel", ["18700", "20500"], None),
                *once("09-30", "Renovasjon og spillolje", "6320", "47500", "waste"),
                *once("03-15", "Arbeidsklær og verneutstyr", "6570", "39000", "workwear"),
            ],
            "wages": ["4600000", "4700000"],
            "depreciation": ("6010", "1230", "2200000"),
            "loan_interest": "560000",
            "bank_fees": "6800",
            "interest": "41000",
            "employees": 18,
        },
    },
    "fjordby-bakeri": {
        2022: {
            "sales": [
                *sales_quarters(
                    "Salg i butikkene", "3000", "shops", ["3400000", "3500000", "3550000", "3800000"], 15
                ),
                *sales_quarters(
                    "Salg til dagligvare", "3000", "grocer", ["2200000", "2300000", "2350000", "2500000"], 15
                ),
            ],
            "purchases": [
                *quarters(
                    "Mel, korn, smør og sukker",
                    "4010",
                    "mill",
                    ["1680000", "1720000", "1700000", "1800000"],
                    15,
                ),
                *halves("Emballasje", "4600", "packaging", ["205000", "215000"]),
                *halves("Propan til bakerovnene", "6210", "gas", ["168000", "140000"]),
                *halves("Strøm bakeri og butikker", "6340", "power", ["236000", "206500"]),
                *halves("Husleie bakeri og butikker", "6300", "landlord", ["360000", "360000"], None),
                *halves("Diesel varebiler", "7000", "fuel", ["37000", "34400"]),
                *halves("Renhold", "6360", "cleaning", ["64000", "64000"]),
                *once("08-31", "Service ovner og kjølerom", "6620", "96000", "service"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "98000", "accountant"),
                *once("01-20", "Kassesystem og programvare, årsabonnement", "6420", "64000", "software"),
                *once("11-30", "Telefon og internett", "6900", "38000", "telecom"),
                *once("01-31", "Forsikringer, årspremie", "7500", "86000", "insurer", None),
                *once("09-30", "Renovasjon og matavfall", "6320", "58000", "waste"),
                *once("05-15", "Annonser og markedsføring", "7320", "75000", "advertising"),
            ],
            "wages": ["5600000", "5700000"],
            "bank_fees": "14800",
            "interest": "9000",
            "employees": 31,
        },
        2023: {
            "sales": [
                *sales_quarters(
                    "Salg i butikkene", "3000", "shops", ["3550000", "3650000", "3800000", "4000000"], 15
                ),
                *sales_quarters(
                    "Salg til dagligvare", "3000", "grocer", ["2350000", "2450000", "2500000", "2700000"], 15
                ),
            ],
            "purchases": [
                *quarters(
                    "Mel, korn, smør og sukker",
                    "4010",
                    "mill",
                    ["1800000", "1840000", "1830000", "1930000"],
                    15,
                ),
                *halves("Emballasje", "4600", "packaging", ["218000", "227000"]),
                *halves("Propan til bakerovnene", "6210", "gas", ["112000", "58000"]),
                *halves("Strøm bakeri og butikker", "6340", "power", ["185000", "171400"]),
                *halves("Husleie bakeri og butikker", "6300", "landlord", ["380000", "380000"], None),
                *halves("Diesel varebil", "7000", "fuel", ["19000", "15650"]),
                *halves("Renhold", "6360", "cleaning", ["67000", "67000"]),
                *once(
                    "03-20",
                    "Elektrisk steinovn og nytt kjølerom med CO2 (R-744)",
                    "1210",
                    "980000",
                    "service",
                ),
                *once("08-31", "Service ovner og kjølerom", "6620", "74000", "service"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "102000", "accountant"),
                *once("01-20", "Kassesystem og programvare, årsabonnement", "6420", "68000", "software"),
                *once("11-30", "Telefon og internett", "6900", "39000", "telecom"),
                *once("01-31", "Forsikringer, årspremie", "7500", "90000", "insurer", None),
                *once("09-30", "Renovasjon og matavfall", "6320", "61000", "waste"),
                *once("05-15", "Annonser og markedsføring", "7320", "80000", "advertising"),
            ],
            "wages": ["5850000", "5950000"],
            "bank_fees": "15400",
            "interest": "14000",
            "employees": 31,
        },
        2024: {
            "sales": [
                *sales_quarters(
                    "Salg i butikkene", "3000", "shops", ["3700000", "3800000", "3850000", "4150000"], 15
                ),
                *sales_quarters(
                    "Salg til dagligvare", "3000", "grocer", ["2500000", "2600000", "2650000", "2850000"], 15
                ),
            ],
            "purchases": [
                *quarters(
                    "Mel, korn, smør og sukker",
                    "4010",
                    "mill",
                    ["1880000", "1920000", "1900000", "2000000"],
                    15,
                ),
                *halves("Emballasje", "4600", "packaging", ["210000", "220000"]),
                *halves("Strøm bakeri og butikker", "6340", "power", ["166000", "157100"]),
                *halves("Husleie bakeri og butikker", "6300", "landlord", ["395000", "395000"], None),
                *halves("Diesel varebil", "7000", "fuel", ["14800", "14000"]),
                *halves("Renhold", "6360", "cleaning", ["69500", "69500"]),
                *once(
                    "02-28", "Elektrisk etasjeovn (erstatter siste propanovn)", "1210", "540000", "service"
                ),
                *once("08-31", "Service ovner og kjølerom", "6620", "68000", "service"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "106000", "accountant"),
                *once("01-20", "Kassesystem og programvare, årsabonnement", "6420", "71000", "software"),
                *once("11-30", "Telefon og internett", "6900", "40500", "telecom"),
                *once("01-31", "Forsikringer, årspremie", "7500", "94000", "insurer", None),
                *once("09-30", "Renovasjon og matavfall", "6320", "63000", "waste"),
                *once("05-15", "Annonser og markedsføring", "7320", "72000", "advertising"),
            ],
            "wages": ["6100000", "6200000"],
            "bank_fees": "16100",
            "interest": "11000",
            "employees": 32,
        },
    },
    "tindholm-radgivning": {
        2022: {
            "sales": [
                *sales_quarters(
                    "Rådgivning, prosjekter", "3000", "clients", ["3300000", "3450000", "3000000", "3650000"]
                ),
                *sales_quarters(
                    "Rådgivning, rammeavtale",
                    "3000",
                    "municipality",
                    ["1200000", "1250000", "1200000", "1350000"],
                ),
            ],
            "purchases": [
                *halves("Strøm kontor", "6340", "power", ["52000", "41000"]),
                *halves("Flyreiser (reisebyrå)", "7141", "travel", ["96000", "118000"], None),
                *halves("Hotell (reisebyrå)", "7142", "travel", ["38000", "44000"], None),
                *halves("Underkonsulenter", "6790", "subconsultant", ["420000", "380000"]),
                *once("01-20", "BIM- og beregningsprogrammer, lisenser", "6420", "310000", "software"),
                *once("04-12", "Bærbare PC-er og skjermer", "6551", "96000", "it"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "88000", "accountant"),
                *once("03-10", "Kontorrekvisita", "6800", "21000", "office"),
                *once("11-30", "Telefon og internett", "6900", "46000", "telecom"),
                *once("10-15", "Kurs og fagdager", "6860", "64000", "courses"),
                *once("01-31", "Ansvarsforsikring, årspremie", "7500", "118000", "insurer", None),
            ],
            "wages": ["6100000", "6300000"],
            "bank_fees": "4800",
            "interest": "26000",
            "employees": 16,
        },
        2023: {
            "sales": [
                *sales_quarters(
                    "Rådgivning, prosjekter", "3000", "clients", ["3800000", "3950000", "3600000", "4300000"]
                ),
                *sales_quarters(
                    "Rådgivning, rammeavtale",
                    "3000",
                    "municipality",
                    ["1350000", "1400000", "1300000", "1500000"],
                ),
            ],
            "purchases": [
                *halves("Strøm kontor", "6340", "power", ["38000", "33500"]),
                *halves("Flyreiser (reisebyrå)", "7141", "travel", ["142000", "156000"], None),
                *halves("Hotell (reisebyrå)", "7142", "travel", ["52000", "61000"], None),
                *halves("Underkonsulenter", "6790", "subconsultant", ["510000", "470000"]),
                *once("01-20", "BIM- og beregningsprogrammer, lisenser", "6420", "356000", "software"),
                *once("04-12", "Bærbare PC-er og skjermer", "6551", "142000", "it"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "92000", "accountant"),
                *once("03-10", "Kontorrekvisita", "6800", "24000", "office"),
                *once("11-30", "Telefon og internett", "6900", "52000", "telecom"),
                *once("10-15", "Kurs og fagdager", "6860", "78000", "courses"),
                *once("01-31", "Ansvarsforsikring, årspremie", "7500", "131000", "insurer", None),
            ],
            "wages": ["7000000", "7300000"],
            "bank_fees": "5100",
            "interest": "38000",
            "employees": 19,
        },
        2024: {
            "sales": [
                *sales_quarters(
                    "Rådgivning, prosjekter", "3000", "clients", ["4500000", "4700000", "4200000", "5000000"]
                ),
                *sales_quarters(
                    "Rådgivning, rammeavtale",
                    "3000",
                    "municipality",
                    ["1600000", "1650000", "1500000", "1700000"],
                ),
            ],
            "purchases": [
                *halves("Strøm kontor", "6340", "power", ["41500", "37200"]),
                *halves("Flyreiser (reisebyrå)", "7141", "travel", ["178000", "194000"], None),
                *halves("Hotell (reisebyrå)", "7142", "travel", ["66000", "72000"], None),
                *halves("Underkonsulenter", "6790", "subconsultant", ["640000", "580000"]),
                *once("01-20", "BIM- og beregningsprogrammer, lisenser", "6420", "418000", "software"),
                *once("04-12", "Bærbare PC-er og skjermer", "6551", "168000", "it"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "97000", "accountant"),
                *once("03-10", "Kontorrekvisita", "6800", "27500", "office"),
                *once("11-30", "Telefon og internett", "6900", "61000", "telecom"),
                *once("10-15", "Kurs og fagdager", "6860", "92000", "courses"),
                *once("01-31", "Ansvarsforsikring, årspremie", "7500", "149000", "insurer", None),
            ],
            "wages": ["8200000", "8600000"],
            "bank_fees": "5600",
            "interest": "44000",
            "employees": 23,
        },
    },
    "bryggerud-eiendom": {
        2022: {
            "sales": sales_halves("Husleie", "3600", "tenants", ["3100000", "3100000"]),
            "purchases": [
                *halves("Strøm fellesarealer og varmepumper", "6340", "power", ["320000", "250000"]),
                *halves("Fyringsolje, spisslast", "6220", "fuel", ["118000", "38750"]),
                *halves("Diesel servicebil", "7000", "fuel", ["13600", "13600"]),
                *halves("Renhold fellesarealer", "6360", "cleaning", ["230000", "230000"]),
                *once("09-30", "Renovasjon", "6320", "96000", "waste"),
                *once("01-31", "Bygningsforsikring, årspremie", "7500", "248000", "insurer", None),
                *once("03-31", "Eiendomsskatt", "7750", "142000", "municipality", None),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "72000", "accountant"),
                *once("01-20", "Eiendomsforvaltningssystem, årsabonnement", "6420", "38000", "software"),
                *once("11-30", "Telefon og internett", "6900", "21000", "telecom"),
            ],
            "wages": ["1150000", "1200000"],
            "loan_interest": "1680000",
            "bank_fees": "9800",
            "interest": "12000",
            "employees": 4,
        },
        2023: {
            "sales": sales_halves("Husleie", "3600", "tenants", ["3250000", "3250000"]),
            "purchases": [
                *halves("Strøm fellesarealer og varmepumper", "6340", "power", ["250000", "212000"]),
                *once("03-31", "Fyringsolje, spisslast (siste fylling)", "6220", "47400", "fuel"),
                *halves("Diesel servicebil", "7000", "fuel", ["12300", "12300"]),
                *halves("Renhold fellesarealer", "6360", "cleaning", ["239000", "239000"]),
                *once("06-15", "Luft-vann-varmepumpe, erstatter oljekjelen", "1120", "1150000", "heatpump"),
                *once("09-30", "Renovasjon", "6320", "99000", "waste"),
                *once("01-31", "Bygningsforsikring, årspremie", "7500", "262000", "insurer", None),
                *once("03-31", "Eiendomsskatt", "7750", "148000", "municipality", None),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "75000", "accountant"),
                *once("01-20", "Eiendomsforvaltningssystem, årsabonnement", "6420", "41000", "software"),
                *once("11-30", "Telefon og internett", "6900", "22000", "telecom"),
            ],
            "wages": ["1200000", "1240000"],
            "loan_interest": "2310000",
            "bank_fees": "10200",
            "interest": "21000",
            "employees": 4,
        },
        2024: {
            "sales": sales_halves("Husleie", "3600", "tenants", ["3320000", "3320000"]),
            "purchases": [
                *halves("Strøm fellesarealer og varmepumper", "6340", "power", ["222000", "196600"]),
                *halves("Diesel servicebil", "7000", "fuel", ["11500", "11555"]),
                *halves("Renhold fellesarealer", "6360", "cleaning", ["246000", "246000"]),
                *once("09-30", "Renovasjon", "6320", "102000", "waste"),
                *once("01-31", "Bygningsforsikring, årspremie", "7500", "271000", "insurer", None),
                *once("03-31", "Eiendomsskatt", "7750", "151000", "municipality", None),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "78000", "accountant"),
                *once("01-20", "Eiendomsforvaltningssystem, årsabonnement", "6420", "43000", "software"),
                *once("11-30", "Telefon og internett", "6900", "23000", "telecom"),
            ],
            "wages": ["1250000", "1290000"],
            "loan_interest": "2520000",
            "bank_fees": "10600",
            "interest": "24000",
            "employees": 4,
        },
    },
    "granlia-sag-og-bygg": {
        2022: {
            "sales": sales_quarters(
                "Trelast og byggeoppdrag", "3000", "buyers", ["4400000", "5600000", "5900000", "4800000"]
            ),
            "purchases": [
                *quarters("Tømmer", "4000", "timber", ["1800000", "2300000", "2400000", "1900000"]),
                *halves("Byggevarer", "4100", "materials", ["900000", "1100000"]),
                *halves("Underentreprise elektro og rør", "4500", "electrician", ["720000", "860000"]),
                *halves("Strøm sagbruk og høvleri", "6340", "power", ["240000", "210000"]),
                *halves("Diesel hjullastere og lastebil", "7000", "fuel", ["221000", "221000"]),
                *halves("Service sagblad og maskiner", "6620", "machines", ["160000", "150000"]),
                *once("06-15", "Leie av lift og stillas", "6400", "140000", "machines"),
                *once("08-31", "Verkstedtjenester lastebil", "7020", "118000", "workshop"),
                *once("03-15", "Driftsmaterialer", "6550", "84000", "materials"),
                *once("03-15", "Arbeidsklær og verneutstyr", "6570", "46000", "workwear"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "76000", "accountant"),
                *once("01-31", "Forsikringer, årspremie", "7500", "132000", "insurer", None),
                *once("11-30", "Telefon og internett", "6900", "24000", "telecom"),
                *once("09-30", "Renovasjon", "6320", "52000", "waste"),
            ],
            "wages": ["3300000", "3400000"],
            "bank_fees": "7400",
            "interest": "6000",
            "employees": 14,
        },
        2023: {
            "sales": sales_quarters(
                "Trelast og byggeoppdrag", "3000", "buyers", ["4600000", "5900000", "6200000", "5100000"]
            ),
            "purchases": [
                *quarters("Tømmer", "4000", "timber", ["1900000", "2400000", "2500000", "2000000"]),
                *halves("Byggevarer", "4100", "materials", ["950000", "1150000"]),
                *halves("Underentreprise elektro og rør", "4500", "electrician", ["780000", "920000"]),
                *halves("Strøm sagbruk og høvleri", "6340", "power", ["180000", "161000"]),
                *halves("Diesel hjullastere og lastebil", "7000", "fuel", ["225500", "225500"]),
                *halves("Service sagblad og maskiner", "6620", "machines", ["170000", "158000"]),
                *once("06-15", "Leie av lift og stillas", "6400", "152000", "machines"),
                *once("08-31", "Verkstedtjenester lastebil", "7020", "126000", "workshop"),
                *once("03-15", "Driftsmaterialer", "6550", "91000", "materials"),
                *once("03-15", "Arbeidsklær og verneutstyr", "6570", "49000", "workwear"),
                *once("04-30", "Revisjon og regnskapsføring", "6700", "79000", "accountant"),
                *once("01-31", "Forsikringer, årspremie", "7500", "139000", "insurer", None),
                *once("11-30", "Telefon og internett", "6900", "25000", "telecom"),
                *once("09-30", "Renovasjon", "6320", "55000", "waste"),
            ],
            "wages": ["3400000", "3500000"],
            "bank_fees": "7700",
            "interest": "9000",
            "employees": 15,
        },
    },
}

# Opening balances of 2022 (debit positive); they balance
OPENING_2022 = {
    "fjordby-transport": {"1230": "13500000", "1500": "1850000", "1920": "2400000", "2000": "-500000",
                          "2050": "-7950000", "2220": "-8500000", "2400": "-800000"},
    "fjordby-bakeri": {"1210": "1200000", "1500": "1100000", "1920": "1350000", "2000": "-300000",
                       "2050": "-2750000", "2400": "-600000"},
    "tindholm-radgivning": {"1500": "2600000", "1920": "1900000", "2000": "-200000", "2050": "-3900000",
                            "2400": "-400000"},
    "bryggerud-eiendom": {"1100": "68000000", "1500": "350000", "1920": "3200000", "2000": "-1000000",
                          "2050": "-28250000", "2220": "-42000000", "2400": "-300000"},
    "granlia-sag-og-bygg": {"1210": "3400000", "1500": "1700000", "1920": "2500000", "2000": "-400000",
                            "2050": "-6400000", "2400": "-800000"},
}  # fmt: skip

DEPARTMENTS = {"fjordby-transport": {"100": "Terminal Fjordby", "200": "Avdeling Trondheim"}}

# Activity data per member and year: (activity, amount, unit, region, site, id suffix)
ACTIVITIES: dict[str, dict[int, list[tuple[str, str, str, str, str, str]]]] = {
    "fjordby-transport": {
        2022: [
            ("diesel", "128000", "L", "NO", "Terminal Fjordby", "lorries-diesel"),
            ("hvo", "8000", "L", "NO", "Terminal Fjordby", "lorries-hvo"),
            ("electricity", "92000", "kWh", "NO-NO5", "Terminal Fjordby", "meter-fjordby"),
            ("electricity", "41000", "kWh", "NO-NO3", "Avdeling Trondheim", "meter-trondheim"),
            (
                "waste_commercial_industrial_combustion",
                "9.5",
                "t",
                "NO",
                "Terminal Fjordby",
                "waste-residual",
            ),
            ("waste_mineral_oil_closed_loop", "1.8", "t", "NO", "Terminal Fjordby", "waste-oil"),
        ],
        2023: [
            ("diesel", "98000", "L", "NO", "Terminal Fjordby", "lorries-diesel"),
            ("hvo", "40000", "L", "NO", "Terminal Fjordby", "lorries-hvo"),
            ("electricity", "94000", "kWh", "NO-NO5", "Terminal Fjordby", "meter-fjordby"),
            ("electricity", "40000", "kWh", "NO-NO3", "Avdeling Trondheim", "meter-trondheim"),
            (
                "waste_commercial_industrial_combustion",
                "9.1",
                "t",
                "NO",
                "Terminal Fjordby",
                "waste-residual",
            ),
            ("waste_mineral_oil_closed_loop", "1.7", "t", "NO", "Terminal Fjordby", "waste-oil"),
        ],
        2024: [
            ("diesel", "62000", "L", "NO", "Terminal Fjordby", "lorries-diesel"),
            ("hvo", "72000", "L", "NO", "Terminal Fjordby", "lorries-hvo"),
            ("electricity", "141000", "kWh", "NO-NO5", "Terminal Fjordby", "meter-fjordby"),
            ("electricity", "41000", "kWh", "NO-NO3", "Avdeling Trondheim", "meter-trondheim"),
            (
                "waste_commercial_industrial_combustion",
                "8.8",
                "t",
                "NO",
                "Terminal Fjordby",
                "waste-residual",
            ),
            ("waste_mineral_oil_closed_loop", "1.5", "t", "NO", "Terminal Fjordby", "waste-oil"),
        ],
    },
    "fjordby-bakeri": {
        2022: [
            ("propane", "14000", "kg", "NO", "Bakeriet", "ovens-propane"),
            ("diesel", "4200", "L", "NO", "Bakeriet", "vans-diesel"),
            ("R-404A", "3.5", "kg", "", "Bakeriet", "cold-room-leak"),
            ("electricity", "212000", "kWh", "NO-NO5", "Bakeriet", "meter-bakery"),
            ("electricity", "83000", "kWh", "NO-NO5", "Butikkene", "meter-shops"),
            ("waste_food_anaerobic_digestion", "18.4", "t", "NO", "Bakeriet", "waste-food"),
            ("waste_commercial_industrial_combustion", "6.2", "t", "NO", "Bakeriet", "waste-residual"),
            ("waste_paper_and_cardboard_closed_loop", "4.1", "t", "NO", "Bakeriet", "waste-cardboard"),
        ],
        2023: [
            ("propane", "8500", "kg", "NO", "Bakeriet", "ovens-propane"),
            ("diesel", "2100", "L", "NO", "Bakeriet", "vans-diesel"),
            ("R-404A", "1.2", "kg", "", "Bakeriet", "cold-room-leak"),
            ("R-744", "4.0", "kg", "", "Bakeriet", "cold-room-co2"),
            ("electricity", "241000", "kWh", "NO-NO5", "Bakeriet", "meter-bakery"),
            ("electricity", "83000", "kWh", "NO-NO5", "Butikkene", "meter-shops"),
            ("waste_food_anaerobic_digestion", "16.9", "t", "NO", "Bakeriet", "waste-food"),
            ("waste_commercial_industrial_combustion", "5.8", "t", "NO", "Bakeriet", "waste-residual"),
            ("waste_paper_and_cardboard_closed_loop", "4.3", "t", "NO", "Bakeriet", "waste-cardboard"),
        ],
        2024: [
            ("diesel", "1800", "L", "NO", "Bakeriet", "vans-diesel"),
            ("R-744", "2.5", "kg", "", "Bakeriet", "cold-room-co2"),
            ("electricity", "276000", "kWh", "NO-NO5", "Bakeriet", "meter-bakery"),
            ("electricity", "83000", "kWh", "NO-NO5", "Butikkene", "meter-shops"),
            ("waste_food_anaerobic_digestion", "15.2", "t", "NO", "Bakeriet", "waste-food"),
            ("waste_commercial_industrial_combustion", "5.5", "t", "NO", "Bakeriet", "waste-residual"),
            ("waste_paper_and_cardboard_closed_loop", "4.4", "t", "NO", "Bakeriet", "waste-cardboard"),
        ],
    },
    "tindholm-radgivning": {
        2022: [
            ("electricity", "62000", "kWh", "NO-NO5", "Kontor Brygga 4", "meter-office"),
            ("flight_domestic", "58000", "passenger_km", "", "", "flights-domestic"),
            ("flight_short_haul_economy", "18000", "passenger_km", "", "", "flights-europe"),
            ("rail_national", "6000", "passenger_km", "", "", "rail"),
        ],
        2023: [
            ("electricity", "65000", "kWh", "NO-NO5", "Kontor Brygga 4", "meter-office"),
            ("flight_domestic", "74000", "passenger_km", "", "", "flights-domestic"),
            ("flight_short_haul_economy", "26000", "passenger_km", "", "", "flights-europe"),
            ("flight_long_haul_economy", "14000", "passenger_km", "", "", "flights-intercontinental"),
            ("rail_national", "9500", "passenger_km", "", "", "rail"),
        ],
        2024: [
            ("electricity", "85500", "kWh", "NO-NO5", "Kontor Brygga 4", "meter-office"),
            ("flight_domestic", "88000", "passenger_km", "", "", "flights-domestic"),
            ("flight_short_haul_economy", "31000", "passenger_km", "", "", "flights-europe"),
            ("flight_long_haul_economy", "22000", "passenger_km", "", "", "flights-intercontinental"),
            ("rail_national", "14000", "passenger_km", "", "", "rail"),
        ],
    },
    "bryggerud-eiendom": {
        2022: [
            ("heating_oil", "9500", "L", "NO", "Brygga 2-6", "boiler-oil"),
            ("diesel", "1600", "L", "NO", "Brygga 2-6", "van-diesel"),
            ("electricity", "380000", "kWh", "NO-NO5", "Brygga 2-6", "meter-common"),
            ("waste_commercial_industrial_combustion", "22", "t", "NO", "Brygga 2-6", "waste-residual"),
            ("waste_paper_and_cardboard_closed_loop", "7.5", "t", "NO", "Brygga 2-6", "waste-cardboard"),
        ],
        2023: [
            ("heating_oil", "3000", "L", "NO", "Brygga 2-6", "boiler-oil"),
            ("diesel", "1500", "L", "NO", "Brygga 2-6", "van-diesel"),
            ("electricity", "420000", "kWh", "NO-NO5", "Brygga 2-6", "meter-common"),
            ("waste_commercial_industrial_combustion", "21", "t", "NO", "Brygga 2-6", "waste-residual"),
            ("waste_paper_and_cardboard_closed_loop", "7.8", "t", "NO", "Brygga 2-6", "waste-cardboard"),
        ],
        2024: [
            ("diesel", "1450", "L", "NO", "Brygga 2-6", "van-diesel"),
            ("electricity", "455000", "kWh", "NO-NO5", "Brygga 2-6", "meter-common"),
            ("waste_commercial_industrial_combustion", "20.5", "t", "NO", "Brygga 2-6", "waste-residual"),
            ("waste_paper_and_cardboard_closed_loop", "8.1", "t", "NO", "Brygga 2-6", "waste-cardboard"),
        ],
    },
    "granlia-sag-og-bygg": {
        2022: [
            ("diesel", "26000", "L", "NO", "Sagbruket", "machines-diesel"),
            ("wood_chips", "420", "t", "NO", "Sagbruket", "kiln-wood-chips"),
            ("electricity", "300000", "kWh", "NO-NO5", "Sagbruket", "meter-sawmill"),
            ("waste_metals_closed_loop", "2.1", "t", "NO", "Sagbruket", "waste-metal"),
            ("waste_commercial_industrial_combustion", "8.4", "t", "NO", "Sagbruket", "waste-residual"),
        ],
        2023: [
            ("diesel", "27500", "L", "NO", "Sagbruket", "machines-diesel"),
            ("wood_chips", "445", "t", "NO", "Sagbruket", "kiln-wood-chips"),
            ("electricity", "310000", "kWh", "NO-NO5", "Sagbruket", "meter-sawmill"),
            ("waste_metals_closed_loop", "2.3", "t", "NO", "Sagbruket", "waste-metal"),
            ("waste_commercial_industrial_combustion", "8.9", "t", "NO", "Sagbruket", "waste-residual"),
        ],
    },
}

# Account mapping CSVs, where the default mapping of the spend database reads an account too coarsely
MAPPINGS = {
    "fjordby-bakeri": (
        "# Fjordby Bakeri AS books flour, grain, butter and sugar on an account of its own; the spend\n"
        "# database maps the 40 group to industrial raw materials, so this one is mapped to groceries here\n"
        "# (the account mapping CSV format, docs/formats.md).\n"
        "account,category\n"
        "4010,groceries\n"
    ),
    "tindholm-radgivning": (
        "# Tindholm Rådgivende Ingeniører AS books flights and hotels on accounts of their own; the spend\n"
        "# database maps the 71 group to mixed travel costs, so these two are mapped here (the account\n"
        "# mapping CSV format, docs/formats.md).\n"
        "account,category\n"
        "7141,air_travel\n"
        "7142,hotels\n"
    ),
}


def _practice(kind: str, since: int, evidence: str, scheme: str = "", until: int | None = None) -> str:
    lines = ["[[practices]]", f'kind = "{kind}"']
    if scheme:
        lines.append(f'scheme = "{scheme}"')
    lines.append(f"since = {since}")
    if until is not None:
        lines.append(f"until = {until}")
    lines.append(f'evidence = "{evidence}"')
    return "\n".join(lines) + "\n"


PLANS = {
    "fjordby-transport": (
        "# The climate plan of Fjordby Transport AS, a fictional haulier of the fictional Fjordby climate\n"
        "# network (examples/network/README.md). Illustrative; the format is in docs/yearly.md.\n\n"
        'organisation_number = "{number}"\n'
        "base_year = 2022\n"
        "threshold_percent = 5\n\n"
        "[[targets]]\n"
        'spec = "sbti-1.5"                  # scopes 1 + 2 (market-based), -4.2 % of 2022 a year, by 2030\n\n'
        "[[targets]]\n"
        'spec = "fossil-free-2030"          # no fossil fuel burnt by 2030\n\n'
        + _practice("certification", 2020, "Miljøfyrtårn certificate (illustrative)", "Miljøfyrtårn")
        + "\n"
        + _practice(
            "supplier-requirements",
            2023,
            "purchasing policy of 2023: HVO100 or electric in fuel and leasing contracts",
        )
        + "\n[[spearheads]]\n"
        'name = "Electric deliveries in Fjordby"\n'
        'description = "Four battery-electric vans deliver for the bakery and other customers in the town centre"\n'
        'solution = "battery-electric van (up to 3.5 t), per km driven with customers\' goods"\n'
        'reference = "diesel van (up to 3.5 t), the vans they replaced"\n'
        'functional_unit = "one van-km of customers\' goods"\n'
        "# DESNZ 2021 freighting goods, per km, CO2e at AR6 GWPs: diesel van 0.2393 kg CO2 + 6.24e-6 kg N2O;\n"
        "# battery-electric van (UK grid, a cautious choice for Norway) 0.05408 kg CO2 + 8e-6 kg CH4 + 1.1745e-6 kg N2O\n"
        "reference_kg_per_unit = 0.24100\n"
        "solution_kg_per_unit = 0.05462\n"
        "units = 58000                      # van-km driven in 2024 (illustrative)\n"
        'basis = "annual"\n'
        "year = 2024\n"
        'contribution = "direct"\n'
        'source = "BEIS/DESNZ GHG conversion factors 2021, Freighting goods (as shipped in ghgcore-travel); '
        "km from the vans' logs (illustrative)\"\n\n"
        "[spearheads.gates]\n"
        'climate_action_credibility = { passed = true, evidence = "SBTi-style and fossil-free targets (this plan)" }\n'
        'climate_science_alignment = { passed = true, evidence = "zero-tailpipe vans, no fossil lock-in" }\n'
        'contribution_legitimacy = { passed = true, evidence = "the company operates the vans itself" }\n'
    ),
    "fjordby-bakeri": (
        "# The climate plan of Fjordby Bakeri AS, a fictional bakery of the fictional Fjordby climate\n"
        "# network (examples/network/README.md). Illustrative; the format is in docs/yearly.md.\n\n"
        'organisation_number = "{number}"\n'
        "base_year = 2022\n\n"
        "[[targets]]\n"
        'spec = "scopes=1+2;reduction=50;year=2030"   # scopes 1 + 2 (market-based) -50 % by 2030\n\n'
        "[[targets]]\n"
        'spec = "fossil-free-2030"\n\n'
        + _practice("certification", 2022, "Miljøfyrtårn certificate (illustrative)", "Miljøfyrtårn")
        + "\n"
        + _practice("strategy", 2023, "board decision of March 2023: electric ovens, natural refrigerants")
    ),
    "tindholm-radgivning": (
        "# The climate plan of Tindholm Rådgivende Ingeniører AS, a fictional consultancy of the fictional\n"
        "# Fjordby climate network (examples/network/README.md). Illustrative; the format is in docs/yearly.md.\n"
        "# The company has no vehicles and burns no fuel: it has no scope 1.\n\n"
        'organisation_number = "{number}"\n'
        "base_year = 2022\n\n"
        "[[targets]]\n"
        'spec = "scopes=2+3.6;reduction=30;year=2030"   # electricity and business travel -30 % by 2030\n\n'
        + _practice("certification", 2019, "ISO 14001 certificate (illustrative)", "ISO 14001")
        + "\n"
        + _practice(
            "supplier-requirements", 2021, "travel policy: train before plane under 500 km (illustrative)"
        )
        + "\n"
        + _practice("strategy", 2022, "climate in the strategy 2022-2026 (illustrative)")
    ),
    "bryggerud-eiendom": (
        "# The climate plan of Bryggerud Eiendom AS, a fictional property manager of the fictional Fjordby\n"
        "# climate network (examples/network/README.md). Illustrative; the format is in docs/yearly.md.\n\n"
        'organisation_number = "{number}"\n'
        "base_year = 2022\n\n"
        "[[targets]]\n"
        'spec = "sbti-1.5"\n\n'
        "[[targets]]\n"
        'spec = "fossil-free-2030"\n\n'
        + _practice(
            "certification",
            2018,
            "Miljøfyrtårn certificate, not renewed after 2022 (illustrative)",
            "Miljøfyrtårn",
            until=2022,
        )
        + "\n"
        + _practice(
            "environmental-management", 2023, "environmental management system of its own (illustrative)"
        )
        + "\n"
        + _practice("strategy", 2023, "owners' strategy 2023: fossil-free buildings by 2025 (illustrative)")
    ),
    "granlia-sag-og-bygg": (
        "# The plan of Granlia Sag og Bygg AS, a fictional sawmill and builder of the fictional Fjordby climate\n"
        "# network (examples/network/README.md). It has set no targets yet and records no practices.\n"
        "# Illustrative; the format is in docs/yearly.md.\n\n"
        'organisation_number = "{number}"\n'
        "base_year = 2022\n"
    ),
}


def money(value: str | Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Books:
    """The transactions of one member's year, by journal, with running totals per account."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.journals: dict[str, list[dict[str, object]]] = defaultdict(list)
        self.movement: dict[str, Decimal] = defaultdict(Decimal)
        self.count = 0
        self.tax_codes: set[str] = set()

    def post(self, journal: str, date: str, description: str, lines: list[dict[str, object]]) -> None:
        """One transaction: lines of account, amount (debit positive) and optional fields; must balance."""
        total = sum((money(line["amount"]) for line in lines), Decimal(0))  # type: ignore[arg-type]
        if total != 0:
            raise ValueError(f"{self.year}-{date} {description}: does not balance ({total})")
        self.count += 1
        transaction_id = f"{self.year}-{self.count:03d}"
        for line in lines:
            account, amount = str(line["account"]), money(line["amount"])  # type: ignore[arg-type]
            if account not in ACCOUNTS:
                raise ValueError(f"{description}: account {account} is not in the chart of accounts")
            self.movement[account] += amount
            if line.get("tax"):
                self.tax_codes.add(line["tax"][0])  # type: ignore[index]
        self.journals[journal].append(
            {"id": transaction_id, "date": f"{self.year}-{date}", "description": description, "lines": lines}
        )

    def invoice(self, date: str, description: str, account: str, net: str, supplier: str,
                vat: int | None, department: str | None) -> Decimal:  # fmt: skip
        """A purchase invoice: cost (net), input VAT when deductible, and the supplier's credit."""
        net_amount = money(net)
        tax = money(net_amount * vat / 100) if vat else Decimal(0)
        cost: dict[str, object] = {
            "account": account, "amount": net_amount, "department": department, "supplier": supplier,
        }  # fmt: skip
        if vat:
            cost["tax"] = (VAT_CODES[vat][0], tax, "debit", net_amount, vat)
        lines = [cost]
        if vat:
            lines.append({"account": "2710", "amount": tax})
        lines.append({"account": "2400", "amount": -(net_amount + tax), "supplier": supplier})
        self.post("INNKJOP", date, description, lines)
        return net_amount + tax

    def sale(self, date: str, description: str, account: str, net: str, customer: str, vat: int) -> Decimal:
        """A sales invoice: revenue (net), output VAT, and the customer's debit."""
        amount = money(net)
        tax = money(amount * vat / 100)
        self.post("SALG", date, description, [
            {"account": account, "amount": -amount, "tax": (VAT_CODES[vat][1], tax, "credit", amount, vat),
             "customer": customer},
            {"account": "2700", "amount": -tax},
            {"account": "1500", "amount": amount + tax, "customer": customer},
        ])  # fmt: skip
        return amount + tax


def _trades(slug: str, year: int) -> tuple[list[tuple], list[tuple]]:
    """The member's purchases from and sales to fellow members in a year, as purchase and sale rows."""
    bought, sold = [], []
    for trade in TRADES:
        for date, net in trade["amounts"].get(year, []):  # type: ignore[attr-defined]
            if trade["buyer"] == slug:
                seller = str(trade["seller"])
                bought.append((date, trade["description"], trade["account"], net, seller, trade["vat"], None))
            if trade["seller"] == slug and year in MEMBERS[slug]["years"]:  # type: ignore[operator]
                buyer = str(trade["buyer"])
                account = "3600" if slug == "bryggerud-eiendom" else "3000"
                sold.append((date, f"{trade['description']}: {MEMBERS[buyer]['name']}", account, net, buyer,
                             trade["vat"]))  # fmt: skip
    return bought, sold


def book_year(slug: str, year: int, opening: dict[str, Decimal]) -> Books:
    """Every transaction of a member's year, from BOOKS and TRADES."""
    y = BOOKS[slug][year]
    books = Books(year)
    bought, sold = _trades(slug, year)
    # sales; invoices up to November are paid within the half-year, December's stay open
    received = {1: Decimal(0), 2: Decimal(0)}
    for date, description, account, net, customer, vat in sorted([*y["sales"], *sold]):  # type: ignore[misc]
        gross = books.sale(date, description, account, net, customer, vat)
        if date[:2] != "12":
            received[1 if int(date[:2]) <= 6 else 2] += gross
    # purchases; invoices up to 15 December are paid within the half-year, later ones stay unpaid
    paid = {1: Decimal(0), 2: Decimal(0)}
    for date, description, account, net, supplier, vat, department in sorted(
        [*y["purchases"], *bought],
        key=lambda p: (p[0], p[1], p[2]),  # type: ignore[misc]
    ):
        gross = books.invoice(date, description, account, net, supplier, vat, department)
        if date <= "12-15":
            paid[1 if int(date[:2]) <= 6 else 2] += gross

    # payroll
    withheld_first = (Decimal(0), Decimal(0))
    for h, gross in enumerate(y["wages"], start=1):  # type: ignore[arg-type]
        wages = money(gross)
        employer_tax = money(wages * EMPLOYER_TAX)
        withheld = money(wages * TAX_WITHHELD)
        books.post("LONN", "06-25" if h == 1 else "12-20", f"Lønn, {h}. halvår", [
            {"account": "5000", "amount": wages},
            {"account": "5400", "amount": employer_tax},
            {"account": "2600", "amount": -withheld},
            {"account": "2770", "amount": -employer_tax},
            {"account": "1920", "amount": -(wages - withheld)},
        ])  # fmt: skip
        if h == 1:
            withheld_first = (withheld, employer_tax)

    # bank
    paid_1 = -opening.get("2400", Decimal(0)) + paid[1]
    books.post("BANK", "07-10", "Betalinger til leverandører, 1. halvår", [
        {"account": "2400", "amount": paid_1}, {"account": "1920", "amount": -paid_1},
    ])  # fmt: skip
    books.post("BANK", "12-28", "Betalinger til leverandører, 2. halvår", [
        {"account": "2400", "amount": paid[2]}, {"account": "1920", "amount": -paid[2]},
    ])  # fmt: skip
    received_1 = opening.get("1500", Decimal(0)) + received[1]
    books.post("BANK", "07-15", "Innbetalinger fra kunder, 1. halvår", [
        {"account": "1920", "amount": received_1}, {"account": "1500", "amount": -received_1},
    ])  # fmt: skip
    books.post("BANK", "12-29", "Innbetalinger fra kunder, 2. halvår", [
        {"account": "1920", "amount": received[2]}, {"account": "1500", "amount": -received[2]},
    ])  # fmt: skip
    carried = {a: -opening.get(a, Decimal(0)) for a in ("2600", "2770", "2740")}
    if any(carried.values()):  # what the year before left to pay: its last payroll and VAT terms
        books.post("BANK", "01-15", "Betaling av skattetrekk, arbeidsgiveravgift og mva fra forrige år", [
            *({"account": a, "amount": v} for a, v in carried.items() if v),
            {"account": "1920", "amount": -sum(carried.values(), Decimal(0))},
        ])  # fmt: skip
    withheld, employer_tax = withheld_first
    books.post("BANK", "07-15", "Betaling av forskuddstrekk og arbeidsgiveravgift, 1. halvår", [
        {"account": "2600", "amount": withheld},
        {"account": "2770", "amount": employer_tax},
        {"account": "1920", "amount": -(withheld + employer_tax)},
    ])  # fmt: skip
    if "depreciation" in y:  # the year's depreciation, booked at the year end: not a purchase
        cost_account, asset_account, amount = y["depreciation"]  # type: ignore[misc]
        books.post("DIV", "12-31", "Årets avskrivninger", [
            {"account": cost_account, "amount": money(amount)}, {"account": asset_account, "amount": -money(amount)},
        ])  # fmt: skip
    if "loan_interest" in y:
        interest = money(y["loan_interest"])  # type: ignore[arg-type]
        books.post("BANK", "12-30", "Renter lån", [
            {"account": "8150", "amount": interest}, {"account": "1920", "amount": -interest},
        ])  # fmt: skip
    books.post("BANK", "12-31", "Bankgebyrer", [
        {"account": "7770", "amount": money(y["bank_fees"])},  # type: ignore[arg-type]
        {"account": "1920", "amount": -money(y["bank_fees"])},  # type: ignore[arg-type]
    ])  # fmt: skip
    books.post("BANK", "12-31", "Renteinntekter", [
        {"account": "1920", "amount": money(y["interest"])},  # type: ignore[arg-type]
        {"account": "8050", "amount": -money(y["interest"])},  # type: ignore[arg-type]
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
    "DIV": ("Memorialbilag", "G"),
}


def _parties(slug: str, kind: str) -> dict[str, tuple[str, str, str]]:
    """The member's suppliers or customers, by key: (SupplierID or CustomerID, name, organisation number)."""
    keys: set[str] = set()
    for year in MEMBERS[slug]["years"]:  # type: ignore[attr-defined]
        bought, sold = _trades(slug, year)
        if kind == "supplier":
            keys |= {str(p[4]) for p in [*BOOKS[slug][year]["purchases"], *bought]}  # type: ignore[misc]
        else:
            keys |= {str(s[4]) for s in [*BOOKS[slug][year]["sales"], *sold]}  # type: ignore[misc]
    first = 20001 if kind == "supplier" else 10001
    out = {}
    for i, key in enumerate(sorted(keys, key=lambda k: (k not in MEMBERS, k))):
        name, number = (
            (str(MEMBERS[key]["name"]), str(MEMBERS[key]["number"])) if key in MEMBERS else OUTSIDERS[key]
        )
        out[key] = (str(first + i), name, number)
    return out


def _balance(kind: str, value: Decimal) -> str:
    side = "Debit" if value >= 0 else "Credit"
    return f"<{kind}{side}Balance>{abs(value):.2f}</{kind}{side}Balance>"


def write_saft(slug: str, books: Books, opening: dict[str, Decimal], accounts: list[str], path: Path) -> None:
    """The SAF-T Financial 1.30 file of a member's year."""
    member = MEMBERS[slug]
    name, number = str(member["name"]), str(member["number"])
    suppliers, customers = _parties(slug, "supplier"), _parties(slug, "customer")
    year = books.year
    x: list[str] = []
    add = x.append
    add('<?xml version="1.0" encoding="UTF-8"?>')
    add(f'<AuditFile xmlns="{NAMESPACE}">')
    add("  <Header>")
    add("    <AuditFileVersion>1.30</AuditFileVersion>")
    add("    <AuditFileCountry>NO</AuditFileCountry>")
    add(f"    <AuditFileDateCreated>{year + 1}-02-15</AuditFileDateCreated>")
    add("    <SoftwareCompanyName>ghgcore (tools/make_network_example.py)</SoftwareCompanyName>")
    add("    <SoftwareID>make_network_example</SoftwareID>")
    add("    <SoftwareVersion>1</SoftwareVersion>")
    add("    <Company>")
    add(f"      <RegistrationNumber>{number}</RegistrationNumber>")
    add(f"      <Name>{escape(name)}</Name>")
    add("      <Address>")
    add(f"        <StreetName>{escape(str(member['street']))}</StreetName>")
    add("        <City>Fjordby</City>")
    add("        <PostalCode>0000</PostalCode>")
    add("        <Country>NO</Country>")
    add("      </Address>")
    add("      <Contact>")
    add("        <ContactPerson>")
    add(f"          <FirstName>{member['contact'][0]}</FirstName>")  # type: ignore[index]
    add(f"          <LastName>{member['contact'][1]}</LastName>")  # type: ignore[index]
    add("        </ContactPerson>")
    add("        <Telephone>00000000</Telephone>")
    add(f"        <Email>post@{slug}.invalid</Email>")
    add("      </Contact>")
    add("      <TaxRegistration>")
    add(f"        <TaxRegistrationNumber>{number}MVA</TaxRegistrationNumber>")
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
    for account in accounts:
        description, category, code = ACCOUNTS[account]
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
    for kind, parties in (("Customer", customers), ("Supplier", suppliers)):
        add(f"    <{kind}s>")
        for party_id, party_name, party_number in parties.values():
            add(f"      <{kind}>")
            if party_number:
                add(f"        <RegistrationNumber>{party_number}</RegistrationNumber>")
            add(f"        <Name>{escape(party_name)}</Name>")
            add("        <Address>")
            add("          <City>Fjordby</City>")
            add("          <Country>NO</Country>")
            add("        </Address>")
            add(f"        <{kind}ID>{party_id}</{kind}ID>")
            add(f"      </{kind}>")
        add(f"    </{kind}s>")
    add("    <TaxTable>")
    add("      <TaxTableEntry>")
    add("        <TaxType>MVA</TaxType>")
    add("        <Description>Merverdiavgift</Description>")
    for code in sorted(books.tax_codes, key=int):
        description, percent = TAX_CODE_TEXT[code]
        add("        <TaxCodeDetails>")
        add(f"          <TaxCode>{code}</TaxCode>")
        add(f"          <Description>{description}</Description>")
        add(f"          <TaxPercentage>{percent}</TaxPercentage>")
        add("          <Country>NO</Country>")
        add(f"          <StandardTaxCode>{code}</StandardTaxCode>")
        add("          <BaseRate>100</BaseRate>")
        add("        </TaxCodeDetails>")
    add("      </TaxTableEntry>")
    add("    </TaxTable>")
    departments = DEPARTMENTS.get(slug, {})
    if departments:
        add("    <AnalysisTypeTable>")
        for department, department_name in departments.items():
            add("      <AnalysisTypeTableEntry>")
            add("        <AnalysisType>A</AnalysisType>")
            add("        <AnalysisTypeDescription>Avdeling</AnalysisTypeDescription>")
            add(f"        <AnalysisID>{department}</AnalysisID>")
            add(f"        <AnalysisIDDescription>{department_name}</AnalysisIDDescription>")
            add("      </AnalysisTypeTableEntry>")
        add("    </AnalysisTypeTable>")
    add("  </MasterFiles>")
    everything = [t for journal in JOURNALS for t in books.journals[journal]]
    amounts = [money(line["amount"]) for t in everything for line in t["lines"]]  # type: ignore[attr-defined]
    debit = sum((m for m in amounts if m > 0), Decimal(0))
    credit = -sum((m for m in amounts if m < 0), Decimal(0))
    if debit != credit:
        raise ValueError(f"{slug} {year}: debit {debit} and credit {credit} differ")
    add("  <GeneralLedgerEntries>")
    add(f"    <NumberOfEntries>{books.count}</NumberOfEntries>")
    add(f"    <TotalDebit>{debit:.2f}</TotalDebit>")
    add(f"    <TotalCredit>{credit:.2f}</TotalCredit>")
    for journal, (description, kind) in JOURNALS.items():
        transactions = sorted(books.journals[journal], key=lambda t: (t["date"], t["id"]))
        if not transactions:
            continue
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
                    add(f"          <CustomerID>{customers[line['customer']][0]}</CustomerID>")
                if line.get("supplier"):
                    add(f"          <SupplierID>{suppliers[line['supplier']][0]}</SupplierID>")
                add(f"          <Description>{escape(str(t['description']))}</Description>")
                side = "Debit" if amount >= 0 else "Credit"
                add(f"          <{side}Amount>")
                add(f"            <Amount>{abs(amount):.2f}</Amount>")
                add(f"          </{side}Amount>")
                if line.get("tax"):
                    code, tax, tax_side, base, percent = line["tax"]
                    add("          <TaxInformation>")
                    add("            <TaxType>MVA</TaxType>")
                    add(f"            <TaxCode>{code}</TaxCode>")
                    add(f"            <TaxPercentage>{percent}</TaxPercentage>")
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
    _write(path, "\n".join(x) + "\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_activities(slug: str, year: int, path: Path) -> None:
    """The activities CSV of a member's year."""
    rows = ["activity,amount,unit,region,year,site,id"]
    for activity, amount, unit, region, site, suffix in ACTIVITIES[slug][year]:
        rows.append(f"{activity},{amount},{unit},{region},{year},{site},{suffix}-{year}")
    _write(path, "\n".join(rows) + "\n")


def revenue(books: Books) -> Decimal:
    """Operating revenue of a year (classes 30-39), positive."""
    return -sum((v for a, v in books.movement.items() if a[0] == "3"), Decimal(0))


def main(target: str = TARGET) -> None:
    numbers = [str(m["number"]) for m in MEMBERS.values()] + [n for _, n in OUTSIDERS.values() if n]
    if len(set(numbers)) != len(numbers) or any(orgnr_is_valid(n) for n in numbers):
        raise AssertionError("organisation numbers must be distinct and have a wrong check digit")
    root = Path(target)
    jobs = ["organisation,year,input,metrics"]
    for slug, member in MEMBERS.items():
        name = str(member["name"])
        opening = {a: money(v) for a, v in OPENING_2022[slug].items()}
        years: tuple[int, ...] = member["years"]  # type: ignore[assignment]
        booked: list[tuple[Books, dict[str, Decimal]]] = []
        for year in years:
            books = book_year(slug, year, opening)
            booked.append((books, opening))
            # next year's opening: the balance sheet carried forward, the year's result to equity
            closing = {a: opening.get(a, Decimal(0)) + books.movement.get(a, Decimal(0)) for a in ACCOUNTS}
            result = sum((v for a, v in closing.items() if a[0] in "345678"), Decimal(0))
            opening = {a: v for a, v in closing.items() if a[0] in "12" and v}
            opening["2050"] = opening.get("2050", Decimal(0)) + result
        accounts = sorted({a for books, start in booked for a in [*books.movement, *start]})
        for books, start in booked:
            year = books.year
            folder = root / slug / str(year)
            write_saft(slug, books, start, accounts, folder / "ledger.xml")
            write_activities(slug, year, folder / "activities.csv")
            inputs = ["ledger.xml", "activities.csv"]
            if slug in MAPPINGS:
                _write(folder / "accounts.csv", MAPPINGS[slug])
                inputs.append("accounts.csv")
            employees = BOOKS[slug][year]["employees"]
            mnok = (revenue(books) / Decimal(1000000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            for file in sorted(inputs):
                jobs.append(f"{name},{year},{slug}/{year}/{file},employees={employees}; revenue={mnok} MNOK")
            bank = start.get("1920", Decimal(0)) + books.movement.get("1920", Decimal(0))
            print(f"{folder}: {books.count} transactions, revenue {mnok} MNOK, bank at year end {bank:,.0f}")
            if bank < 0:
                raise ValueError(f"{slug} {year}: the bank account is overdrawn ({bank})")
        _write(root / slug / "plan.toml", PLANS[slug].replace("{number}", str(member["number"])))
    _write(root / "jobs.csv", "\n".join(jobs) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
