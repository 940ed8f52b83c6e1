"""Standard reports from one account: the yearly climate account, ESRS E1-6, VSME B3, CDP C6.10 and C7.9a.

- :func:`klimaregnskap_html` and :func:`klimaregnskap_pdf`: the yearly
  climate account a member hands to its network ("klimaregnskap"), the
  same content as a printable page and as a PDF (fpdf2, pure Python).
- :func:`esrs_e1_6` and :func:`vsme_b3`: datapoints keyed by the EFRAG XBRL
  taxonomies' element names, each with its value, unit, period, decimals,
  the summary key it came from (``source``) and the per-line sum that
  gives it (``lines``); :func:`datapoints_csv` writes them as CSV.
- :func:`cdp_c6_10` and :func:`cdp_c7_9a`: CDP's intensity table and its
  reasons-for-change table (from the progress report's decomposition).

A figure that cannot be given (no net revenue; biogenic CO2 per scope from
a summary older than ``biogenic_co2_by_scope_kg``) is reported as missing
with the reason, never as 0. Nothing is
estimated: every number is the summary's (or the progress report's).

Where the names come from
-------------------------
VSME B3 (``vsme:``): element names and labels as read in the EFRAG VSME
XBRL taxonomy of 2025-07-30 (namespace
``https://xbrl.efrag.org/taxonomy/vsme/2025-07-30``), as shipped in EFRAG's
own converter, https://github.com/EFRAG-EU/Digital-Template-to-XBRL-Converter
(``src/mireport/data/taxonomies/vsme-2025-07-30.json``): TotalEnergyConsumption,
GrossScope1GreenhouseGasEmissions, GrossLocationBasedScope2GreenhouseGasEmissions,
GrossMarketBasedScope2GreenhouseGasEmissions, GrossScope3GreenhouseGasEmissions,
TotalGrossLocationBasedScope1AndScope2GHGEmissions,
TotalGrossMarketBasedScope1AndScope2GHGEmissions, TotalGrossLocationBasedGHGEmissions,
TotalGrossMarketBasedGHGEmissions, Scope1AndScope2GreenhouseGasEmissionsIntensityValueLocationBased
(and ...MarketBased), TotalLocationBasedGreenhouseGasEmissionsIntensityValue (and
TotalMarket...), the intensities "(emissions) / turnover" (VSME B3 paragraph 31).

ESRS E1-6 (``esrs:``, EFRAG ESRS Set 1 XBRL taxonomy 2023-12-22, namespace
``https://xbrl.efrag.org/taxonomy/esrs/2023-12-22``): the datapoints'
*labels* were read in the taxonomy's presentation of E1-6 (as listed from
``esrs_all.xsd`` by https://github.com/Climate-Action-Agency/esrs-xbrl-parser,
``examples/outline.txt``). The taxonomy files themselves were not among the
stored sources, so the *element names* are those the VSME taxonomy gives the
same datapoints (gross scopes 1, 2 location- and market-based, 3) and that
stored third-party ESRS iXBRL code writes for them; the totals
(LocationBasedGreenhouseGasEmissions, MarketBasedGreenhouseGasEmissions),
the intensities per net revenue and the biogenic CO2 elements are from
third-party code only. Each datapoint's ``name_source`` says which; check
the ``third-party`` ones against the taxonomy before filing. The scope 3
categories are the Scope 3 element with the taxonomy's axis and member
*labels* ("Scope 3 GHG emissions category (GHG Protocol)", "Category 6
Business travel"), not member names, which were not found. The percentage
of scope 1 from regulated emission trading schemes is not reported
(``not_reported``): ghgcore does not know which installations an ETS
covers, and the element name was not confirmed.

The intensities' unit
---------------------
ESRS E1-6's intensities per net revenue and VSME B3's per turnover are
given in tonnes CO2e per *unit* of the currency (``tCO2e per NOK``, nine
decimals), never per million, so that a filer keyed on the element names
is not off by a million:

- ESRS E1 AR 53 (Commission Delegated Regulation (EU) 2023/2772, Appendix
  A): total GHG emissions in tonnes CO2eq in the numerator, net revenue in
  monetary units (for example euros) in the denominator (as read in the
  stored text of AR 53, https://mein.kiehl.de/Dokument/1035786_AR53/).
- The XBRL Unit Type Registry's ``Emissions_per_Monetary`` unit, of type
  ``ghgEmissionsPerMonetaryItemType``, "CO2 equivalent emissions per
  monetary unit" (numerator ``ghgEmissionsItemType``, denominator
  ``monetaryItemType``), as EFRAG's converter reads it (its tests of
  ``mireport.utr_xml``).
- EFRAG's converter writes VSME intensities with that unit as ``utr:tCO2e``
  over ``iso4217:EUR`` (``src/mireport/data/excel_templates/vsme.json``,
  ``unitIdsToMeasures``); stored third-party ESRS iXBRL code writes
  ``esrs:GHGEmissionsIntensity...PerNetRevenue`` with the same unit and
  ``decimals`` 9.

Each intensity datapoint also has ``value_per_million`` (tCO2e per million
of the currency), for reading; the climate account shows intensities per
million (t CO2e per MNOK), as members read them.

CDP: the columns of C6.10 and C7.9a and the reasons for change are CDP's
climate change questionnaire guidance (https://guidance.cdp.net/, the
2018-2022 questionnaires); the reasons are :data:`ghgcore.decomposition.CDP_REASONS`.

iXBRL facts are not written: a valid inline XBRL report also needs the
entity's identifier (LEI), the taxonomy's entry point and a validator
(EFRAG's converter above does this from the VSME digital template).
"""

from __future__ import annotations

from ghgcore.views.reports._datapoints import (
    CDP_C6_10_COLUMNS,
    CDP_C7_9A_COLUMNS,
    CSV_COLUMNS,
    ESRS_NAMESPACE,
    VSME_NAMESPACE,
    cdp_c6_10,
    cdp_c7_9a,
    datapoints_csv,
    esrs_e1_6,
    revenue_from_ledgers,
    revenue_from_metrics,
    vsme_b3,
)
from ghgcore.views.reports._html import klimaregnskap_html
from ghgcore.views.reports._pdf import klimaregnskap_pdf, latin1

__all__ = [
    "CDP_C6_10_COLUMNS",
    "CDP_C7_9A_COLUMNS",
    "CSV_COLUMNS",
    "ESRS_NAMESPACE",
    "VSME_NAMESPACE",
    "cdp_c6_10",
    "cdp_c7_9a",
    "datapoints_csv",
    "esrs_e1_6",
    "klimaregnskap_html",
    "klimaregnskap_pdf",
    "latin1",
    "revenue_from_ledgers",
    "revenue_from_metrics",
    "vsme_b3",
]
