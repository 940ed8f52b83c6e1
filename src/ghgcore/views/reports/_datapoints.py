"""ESRS E1-6 and VSME B3 datapoints and CDP's C6.10 and C7.9a tables, from a calculation summary.

Every number comes from one key (or a sum of keys) of the summary (or the
progress report), named in its ``source``; emissions also say which
per-line sum gives them (``lines``), so that each can be traced to the
lines of ``ghgcore calculate --format csv``. A figure that cannot be given
is reported with ``status`` ``"missing"`` and the reason, never as 0.
Where the element names and the intensities' unit come from is said in
:mod:`ghgcore.views.reports`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from typing import Any

from ghgcore.decomposition import CDP_REASONS
from ghgcore.errors import OptionError
from ghgcore.figures import CATEGORY_NAMES
from ghgcore.i18n import Language
from ghgcore.i18n import language as get_language
from ghgcore.views.reports._common import currency_code, number_at, progress_row, revenue_amount

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
    "revenue_from_ledgers",
    "revenue_from_metrics",
    "vsme_b3",
]

#: The namespace of the EFRAG ESRS Set 1 XBRL taxonomy the ESRS element names belong to.
ESRS_NAMESPACE = "https://xbrl.efrag.org/taxonomy/esrs/2023-12-22"
#: The namespace of the EFRAG VSME XBRL taxonomy the VSME element names belong to.
VSME_NAMESPACE = "https://xbrl.efrag.org/taxonomy/vsme/2025-07-30"

#: Where an element name was read (see the module documentation of :mod:`ghgcore.views.reports`).
_VSME_TAXONOMY = "EFRAG VSME XBRL taxonomy 2025-07-30 (EFRAG-EU/Digital-Template-to-XBRL-Converter)"
_ESRS_LABEL = (
    "label in the EFRAG ESRS Set 1 XBRL taxonomy 2023-12-22; element name as the VSME taxonomy names the "
    "same datapoint and as stored third-party ESRS iXBRL code writes it"
)
_ESRS_THIRD_PARTY = (
    "label in the EFRAG ESRS Set 1 XBRL taxonomy 2023-12-22; element name from stored third-party ESRS "
    "iXBRL code only: check it against the taxonomy before filing"
)

#: The columns of :func:`datapoints_csv`.
CSV_COLUMNS = (
    "element",
    "label",
    "axis",
    "member",
    "value",
    "unit",
    "decimals",
    "period",
    "status",
    "reason",
    "source",
    "lines",
    "name_source",
)
#: The columns of CDP's C6.10 table (CDP climate change questionnaire guidance), in CDP's wording.
CDP_C6_10_COLUMNS = (
    "Intensity figure",
    "Metric numerator (Gross global combined Scope 1 and 2 emissions, metric tons CO2e)",
    "Metric denominator",
    "Metric denominator: Unit total",
    "Scope 2 figure used",
    "% change from previous year",
    "Direction of change",
    "Reason for change",
)
#: The columns of CDP's C7.9a table, in CDP's wording.
CDP_C7_9A_COLUMNS = (
    "Reason",
    "Change in emissions (metric tons CO2e)",
    "Direction of change",
    "Emissions value (percentage)",
    "Please explain calculation",
)

_T = "tCO2e"
_DECIMALS_T = 3  # tonnes to the kg
_DECIMALS_MWH = 3
#: Intensities are tonnes per unit of the currency (1.4e-05 t per NOK): nine decimals keep five
#: significant digits down to 1e-5 t per unit, a tenth of a tonne per million.
_DECIMALS_INTENSITY = 9
_EPSILON = 1e-9


def _line_sum(where: str, column: str) -> str:
    return f"sum of {column} over the lines with status == 'calculated' and {where}"


_LINES = {
    "1": _line_sum("scope == 1", "co2e_market_kg"),
    "2_location": _line_sum("scope == 2", "co2e_kg"),
    "2_market": _line_sum("scope == 2", "co2e_market_kg"),
    "3": _line_sum("scope == 3", "co2e_market_kg"),
}


#: Where each scope's biogenic CO2 comes from in the lines (scope 2 market-based, as the summary's total).
_BIOGENIC_LINES = {
    "1": _line_sum("scope == 1", "CO2_biogenic_kg"),
    "2_market": "the market-based kg of CO2_biogenic of the calculated scope 2 lines "
    "(Result.by_basis['mass'][1]; the per-line CO2_biogenic_kg column is location-based)",
    "3": _line_sum("scope == 3", "CO2_biogenic_kg"),
}


def _category_lines(category: str) -> str:
    return _line_sum(f"scope == 3 and category == {category}", "co2e_market_kg")


def _period(summary: Mapping[str, Any]) -> str | None:
    year = summary.get("year")
    return str(year) if isinstance(year, int) else None


def _point(
    lang: Language,
    element: str,
    label: str,
    value: float | None,
    unit: str,
    decimals: int,
    period: str | None,
    source: str,
    *,
    lines: str | None = None,
    reason: str | None = None,
    name_source: str,
    axis: str | None = None,
    member: str | None = None,
) -> dict[str, Any]:
    """One datapoint; a None value is reported missing with `reason` (in `lang`)."""
    if value is None and reason is None:
        reason = lang.gettext("not in the summary")
    return {
        "element": element,
        "label": label,
        "axis": axis,
        "member": member,
        "value": value,
        "unit": unit,
        "decimals": decimals,
        "period": period,
        "status": "reported" if value is not None else "missing",
        "reason": None if value is not None else reason,
        "source": source,
        "lines": lines,
        "name_source": name_source,
    }


def _tonnes(kg: float | None) -> float | None:
    return None if kg is None else kg / 1000.0


def _sum_kg(summary: Mapping[str, Any], *keys: str) -> float | None:
    values = [number_at(summary, "scopes", key) for key in keys]
    if any(v is None for v in values):
        return None
    return math.fsum(v for v in values if v is not None)


def _intensity_point(
    lang: Language,
    element: str,
    label: str,
    kg: float | None,
    revenue: float | None,
    currency: str,
    period: str | None,
    source: str,
    *,
    reason: str | None,
    name_source: str,
) -> dict[str, Any]:
    """An intensity datapoint: tonnes CO2e per unit of `currency`, as the taxonomies' monetary intensities are.

    ``value`` is what an XBRL fact of the element holds (``tCO2e`` per
    ``NOK``); ``value_per_million`` is the same figure per million of the
    currency, for reading only (``tCO2e per million NOK``).
    """
    value = None if kg is None or revenue is None else (kg / 1000.0) / revenue
    point = _point(
        lang, element, label, value, f"{_T} per {currency}", _DECIMALS_INTENSITY, period, source,
        reason=reason, name_source=name_source,
    )  # fmt: skip
    point["value_per_million"] = None if value is None else value * 1e6
    point["unit_per_million"] = f"{_T} per million {currency}"
    return point


def _calendar_year(period: Any) -> int | None:
    """The calendar year a ledger's period (``{"start": "2024-01", "end": "2024-12", "full_year": True}``) is.

    None unless the period is a full year from January to December of one
    year: a split financial year (July to June) belongs to no one year.
    """
    if not isinstance(period, Mapping) or period.get("full_year") is not True:
        return None
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    first, last = start.split("-", 1), end.split("-", 1)
    if len(first) != 2 or len(last) != 2 or first[0] != last[0] or (first[1], last[1]) != ("01", "12"):
        return None
    return int(first[0]) if first[0].isdigit() else None


def revenue_from_ledgers(summary: Mapping[str, Any]) -> tuple[float, str] | None:
    """The operating revenue of the summary's year in the general ledgers its spend lines come from.

    A Norwegian SAF-T ledger books revenue in account class 3 ("Salgs- og
    driftsinntekt", NS 4102), on the credit side: the revenue is minus the
    class's net. It is the nearest the ledger has to ESRS's net revenue or
    VSME's turnover (class 3 also holds other operating income, accounts
    39xx); state it as such where it is used.

    Only ledgers of the summary's ``year`` count: a ledger's period
    (``reconciliation.ledgers[].period``) must be the full calendar year,
    January to December (``full_year``, ``start`` and ``end``). An inventory
    of 2024 calculated from the SAF-T files of 2023 and 2024 divides by the
    2024 revenue only. A summary without a year gets an amount only when
    every ledger counted covers one and the same year.

    Parameters
    ----------
    summary : Mapping
        A calculation summary whose ``reconciliation.ledgers`` hold the
        ledgers' reconciliations (:meth:`Ledger.reconciliation()
        <ghgcore.ledger.Ledger.reconciliation>`).

    Returns
    -------
    (float, str) or None
        The amount and the ledgers' currency; None when no ledger covers
        the year with class 3 postings, the ledgers are in different
        currencies, or (no year in the summary) they cover different years.

    Examples
    --------
    >>> def ledger(year, net):
    ...     period = {"start": f"{year}-01", "end": f"{year}-12", "months": 12, "full_year": True}
    ...     return {"currency": "NOK", "period": period, "net_by_class": {"3": net, "4": 6605000.0}}
    >>> summary = {"year": 2024, "reconciliation": {"ledgers": [ledger(2023, -14.2e6), ledger(2024, -14.78e6)]}}
    >>> revenue_from_ledgers(summary)
    (14780000.0, 'NOK')
    >>> revenue_from_ledgers({**summary, "year": None}) is None  # two years and no year to choose
    True
    >>> revenue_from_ledgers({"reconciliation": {"ledgers": []}}) is None
    True
    """
    year = summary.get("year")
    wanted = year if isinstance(year, int) and not isinstance(year, bool) else None
    ledgers = (summary.get("reconciliation") or {}).get("ledgers") or []
    amounts: list[float] = []
    currencies = set()
    years = set()
    for ledger in ledgers:
        if not isinstance(ledger, Mapping):
            continue
        covered = _calendar_year(ledger.get("period"))
        if covered is None or (wanted is not None and covered != wanted):
            continue
        net = number_at(ledger, "net_by_class", "3")
        if net is None:
            continue
        amounts.append(-net)
        currencies.add(str(ledger.get("currency") or ""))
        years.add(covered)
    if not amounts or len(currencies) != 1 or "" in currencies or len(years) != 1:
        return None
    return math.fsum(amounts), currencies.pop()


def revenue_from_metrics(
    metrics: Mapping[str, Any] | Iterable[Any], name: str = "revenue", currency: str | None = None
) -> tuple[float, str] | None:
    """A stored revenue metric as an amount in a currency, for the intensities.

    Parameters
    ----------
    metrics : mapping or iterable
        An account's metrics: :class:`ghgcore.store.Metric` objects, or the
        ``{"name": {"value": ..., "unit": ...}}`` mapping of a progress row.
    name : str, default "revenue"
        The metric's name.
    currency : str, optional
        The currency wanted (default: the metric's own, ``NOK`` for ``MNOK``).

    Returns
    -------
    (float, str) or None
        The amount and its currency; None when there is no such metric.

    Raises
    ------
    OptionError
        The metric is not an amount of money, or `currency` is not a currency.

    Examples
    --------
    >>> revenue_from_metrics({"revenue": {"value": 79.9, "unit": "MNOK"}})
    (79900000.0, 'NOK')
    >>> revenue_from_metrics({"employees": {"value": 47, "unit": ""}}) is None
    True
    """
    from ghgcore.units import conversion_factor, currency_of

    found: tuple[float, str] | None = None
    if isinstance(metrics, Mapping):
        entry = metrics.get(name)
        if isinstance(entry, Mapping):
            found = (float(entry.get("value", math.nan)), str(entry.get("unit") or ""))
    else:
        for metric in metrics:
            if getattr(metric, "name", None) == name:
                found = (float(getattr(metric, "value", math.nan)), str(getattr(metric, "unit", "") or ""))
    if found is None:
        return None
    value, unit = found
    own = currency_of(unit) if unit else None
    if own is None:
        raise OptionError(
            f"metric {name!r} is {value:g} {unit or '(a count)'}: expected an amount of money such as "
            "'revenue=12.5 MNOK' to divide emissions by"
        )
    wanted = currency_code(currency) if currency is not None else own
    if not math.isfinite(value):
        raise OptionError(f"metric {name!r}: expected a finite amount, got {value!r}")
    if wanted != own:
        raise OptionError(
            f"metric {name!r} is in {own}, not {wanted}: ghgcore converts no currencies here (exchange rates "
            f"change with the year); ask for {own}"
        )
    return value * conversion_factor(unit, wanted), wanted


def _significant(summary: Mapping[str, Any], significant_categories: Iterable[Any] | None) -> list[str]:
    """The scope 3 categories to report one by one: those given, or every one with emissions."""
    if significant_categories is None:
        categories = summary.get("scope3_categories") or {}
        return [c for c in CATEGORY_NAMES if number_at(categories, c) not in (None, 0.0)]
    out = []
    for item in significant_categories:
        text = str(item).strip()
        key = text[2:] if text.startswith("3.") else text
        if key not in CATEGORY_NAMES:
            raise OptionError(
                f"significant category {item!r}: expected a scope 3 category 1 ... 15 (or 3.1 ... 3.15)"
            )
        if key not in out:
            out.append(key)
    return sorted(out, key=int)


#: The taxonomy's members of the axis "Scope 3 GHG emissions category (GHG Protocol)", by their labels.
_ESRS_CATEGORY_MEMBERS = {
    "1": "Category 1 Purchased goods and services",
    "2": "Category 2 Capital goods",
    "3": "Category 3 Fuel and energy-related activities",
    "4": "Category 4 Upstream transportation and distribution",
    "5": "Category 5 Waste generated in operations",
    "6": "Category 6 Business travel",
    "7": "Category 7 Employee commuting",
    "8": "Category 8 Upstream leased assets",
    "9": "Category 9 Downstream transportation and distribution",
    "10": "Category 10 Processing of sold products",
    "11": "Category 11 Use of sold products",
    "12": "Category 12 End-of-life treatment of sold products",
    "13": "Category 13 Downstream leased assets",
    "14": "Category 14 Franchises",
    "15": "Category 15 Investments",
}
_ESRS_CATEGORY_AXIS = "Scope 3 GHG emissions category (GHG Protocol)"


def esrs_e1_6(
    summary: Mapping[str, Any],
    *,
    net_revenue: float | None = None,
    currency: str = "EUR",
    significant_categories: Iterable[Any] | None = None,
    language: str | Language | None = None,
) -> dict[str, Any]:
    """ESRS E1-6's datapoints (gross scopes 1, 2 and 3, totals, intensity, biogenic CO2) from a summary.

    Parameters
    ----------
    summary : Mapping
        A calculation summary (:meth:`ghgcore.Inventory.summary` or its JSON read back).
    net_revenue : float, optional
        The net revenue of the reporting year in `currency`, for the GHG
        intensity per net revenue; without it the intensities are missing.
    currency : str, default "EUR"
        The ISO 4217 code of `net_revenue`.
    significant_categories : iterable, optional
        The scope 3 categories to report one by one (``1`` ... ``15`` or
        ``"3.6"``); default: every category with emissions.
    language : str or Language, optional
        The language of the reasons and titles (:mod:`ghgcore.i18n`).

    Returns
    -------
    dict
        ``standard``, ``taxonomy``, ``namespace``, ``organisation``,
        ``period``, ``denominator`` (the net revenue used), ``datapoints``
        (keyed by element name, ``[N]`` after it for scope 3 category N; each
        with ``element``, ``label``, ``axis``, ``member``, ``value``,
        ``unit``, ``decimals``, ``period``, ``status``, ``reason``,
        ``source``, ``lines``, ``name_source``; the intensities also
        ``value_per_million`` and ``unit_per_million``) and ``not_reported``
        (the E1-6 figures ghgcore cannot give, with the reason).

    Notes
    -----
    The GHG intensities per net revenue are tonnes CO2e per *unit* of the
    currency (``tCO2e per NOK``, nine decimals), as ESRS E1 AR 53 asks
    (emissions in tCO2eq over net revenue in monetary units) and as the
    elements' XBRL type, emissions per monetary unit, holds them: a filer
    keyed on the element names takes ``value`` as it is. The same figure
    per million of the currency, easier to read, is ``value_per_million``.

    Raises
    ------
    OptionError
        A currency that is not one, a net revenue that is not a finite
        amount, or an unknown scope 3 category.

    Examples
    --------
    >>> summary = {"year": 2024, "scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 800.0, "3": 5000.0},
    ...            "scope3_categories": {"6": 5000.0}, "total_kg_co2e": 7800.0,
    ...            "total_location_based_kg_co2e": 7400.0, "biogenic_co2_kg": 0.0}
    >>> points = esrs_e1_6(summary, net_revenue=2_000_000, currency="EUR")["datapoints"]
    >>> points["esrs:GrossScope1GreenhouseGasEmissions"]["value"]
    2.0
    >>> points["esrs:GrossScope3GreenhouseGasEmissions[6]"]["member"]
    'Category 6 Business travel'
    >>> intensity = points["esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue"]
    >>> intensity["value"], intensity["unit"], intensity["decimals"], intensity["value_per_million"]
    (3.9e-06, 'tCO2e per EUR', 9, 3.9)
    >>> esrs_e1_6(summary)["datapoints"]["esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue"]["status"]
    'missing'
    """
    lang = get_language(language)
    code = currency_code(currency)
    revenue, why = revenue_amount(net_revenue, code, lang, lang.gettext("net revenue"), "net_revenue")
    period = _period(summary)
    points: dict[str, dict[str, Any]] = {}

    def add(key: str, point: dict[str, Any]) -> None:
        points[key] = point

    for element, label, scope in (
        ("esrs:GrossScope1GreenhouseGasEmissions", "Gross Scope 1 greenhouse gas emissions", "1"),
        (
            "esrs:GrossLocationBasedScope2GreenhouseGasEmissions",
            "Gross location-based Scope 2 greenhouse gas emissions",
            "2_location",
        ),
        (
            "esrs:GrossMarketBasedScope2GreenhouseGasEmissions",
            "Gross market-based Scope 2 greenhouse gas emissions",
            "2_market",
        ),
        ("esrs:GrossScope3GreenhouseGasEmissions", "Gross Scope 3 greenhouse gas emissions", "3"),
    ):
        add(
            element,
            _point(
                lang, element, label, _tonnes(number_at(summary, "scopes", scope)), _T, _DECIMALS_T, period,
                f"scopes.{scope}", lines=_LINES[scope], name_source=_ESRS_LABEL,
            ),
        )  # fmt: skip
    categories = summary.get("scope3_categories") or {}
    for category in _significant(summary, significant_categories):
        kg = number_at(categories, category)
        add(
            f"esrs:GrossScope3GreenhouseGasEmissions[{category}]",
            _point(
                lang, "esrs:GrossScope3GreenhouseGasEmissions", "Gross Scope 3 greenhouse gas emissions",
                _tonnes(kg), _T, _DECIMALS_T, period, f"scope3_categories.{category}",
                lines=_category_lines(category), name_source=_ESRS_LABEL,
                axis=_ESRS_CATEGORY_AXIS, member=_ESRS_CATEGORY_MEMBERS[category],
                reason=None if kg is not None else lang.format(
                    "the summary has no figure for scope 3 category {category}", category=category
                ),
            ),
        )  # fmt: skip
    location = number_at(summary, "total_location_based_kg_co2e")
    market = number_at(summary, "total_kg_co2e")
    add(
        "esrs:LocationBasedGreenhouseGasEmissions",
        _point(
            lang, "esrs:LocationBasedGreenhouseGasEmissions", "Location-based greenhouse gas emissions",
            _tonnes(location), _T, _DECIMALS_T, period, "total_location_based_kg_co2e",
            lines="scope 1 + scope 2 location-based + scope 3 (above)", name_source=_ESRS_LABEL,
        ),
    )  # fmt: skip
    add(
        "esrs:MarketBasedGreenhouseGasEmissions",
        _point(
            lang, "esrs:MarketBasedGreenhouseGasEmissions", "Market-based greenhouse gas emissions",
            _tonnes(market), _T, _DECIMALS_T, period, "total_kg_co2e",
            lines="scope 1 + scope 2 market-based + scope 3 (above)", name_source=_ESRS_LABEL,
        ),
    )  # fmt: skip
    for element, label, kg, source in (
        (
            "esrs:GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue",
            "GHG emissions intensity, location-based (total GHG emissions per net revenue)",
            location,
            "total_location_based_kg_co2e / net revenue",
        ),
        (
            "esrs:GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue",
            "GHG emissions intensity, market-based (total GHG emissions per net revenue)",
            market,
            "total_kg_co2e / net revenue",
        ),
    ):
        add(
            element,
            _intensity_point(
                lang, element, label, kg, revenue, code, period, source, reason=why,
                name_source=_ESRS_THIRD_PARTY,
            ),
        )  # fmt: skip
    biogenic = number_at(summary, "biogenic_co2_kg")
    by_scope = summary.get("biogenic_co2_by_scope_kg")
    split = lang.format(
        "the summary gives the biogenic CO2 of all scopes together ({tonnes} t CO2), not per scope",
        tonnes=lang.tonnes(biogenic, 3) if biogenic is not None else "–",
    )
    for scope, (element, label) in zip(
        ("1", "2_market", "3"),
        (
            (
                "esrs:BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassNotIncludedInScope1GHGEmissions",
                "Biogenic emissions of CO2 from combustion or bio-degradation of biomass not included in "
                "Scope 1 GHG emissions",
            ),
            (
                "esrs:BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassNotIncludedInScope2GHGEmissions",
                "Biogenic emissions of CO2 from combustion or bio-degradation of biomass not included in "
                "Scope 2 GHG emissions",
            ),
            (
                "esrs:BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassThatOccurInUpstreamAnd"
                "DownstreamValueChainNotIncludedInScope3GHGEmissions",
                "Biogenic emissions of CO2 from combustion or bio-degradation of biomass that occur in upstream "
                "and downstream value chain not included in Scope 3 GHG emissions",
            ),
        ),
        strict=True,
    ):
        kg = number_at(by_scope, scope) if isinstance(by_scope, Mapping) else None
        add(
            element,
            _point(
                lang, element, label, _tonnes(kg), _T, _DECIMALS_T, period,
                f"biogenic_co2_by_scope_kg.{scope}" if kg is not None else "biogenic_co2_kg",
                lines=_BIOGENIC_LINES[scope] if kg is not None else None,
                reason=None if kg is not None else split, name_source=_ESRS_THIRD_PARTY,
            ),
        )  # fmt: skip
    not_reported = [
        {
            "label": "Percentage of Scope 1 greenhouse gas emissions from regulated emission trading schemes",
            "reason": lang.gettext(
                "ghgcore does not record which installations fall under a regulated emission trading scheme"
            ),
        }
    ]
    return {
        "standard": "ESRS E1-6",
        "title": lang.gettext("Gross Scopes 1, 2, 3 and total GHG emissions (ESRS E1-6)"),
        "taxonomy": "EFRAG ESRS Set 1 XBRL taxonomy 2023-12-22",
        "namespace": ESRS_NAMESPACE,
        "organisation": summary.get("organisation", ""),
        "period": period,
        "denominator": {"net_revenue": revenue, "currency": code, "reason": why},
        "datapoints": points,
        "not_reported": not_reported,
    }


def vsme_b3(
    summary: Mapping[str, Any],
    *,
    turnover: float | None = None,
    currency: str = "EUR",
    language: str | Language | None = None,
) -> dict[str, Any]:
    """VSME B3's datapoints (energy, scopes 1 and 2, totals, GHG intensity per turnover) from a summary.

    Parameters
    ----------
    summary : Mapping
        A calculation summary.
    turnover : float, optional
        The turnover of the reporting year in `currency`; without it the
        intensities are missing.
    currency : str, default "EUR"
        The ISO 4217 code of `turnover`.
    language : str or Language, optional
        The language of the reasons and titles.

    Returns
    -------
    dict
        As :func:`esrs_e1_6`'s, with the VSME taxonomy's element names; the
        intensities are tonnes CO2e per unit of the currency (``tCO2e per
        EUR``), as EFRAG's converter writes them (unit ``Emissions_per_Monetary``,
        tCO2e over the currency), with ``value_per_million`` beside.

    Raises
    ------
    OptionError
        A currency that is not one, or a turnover that is not a finite amount.

    Examples
    --------
    >>> summary = {"year": 2024, "scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 800.0, "3": 5000.0},
    ...            "total_kg_co2e": 7800.0, "total_location_based_kg_co2e": 7400.0,
    ...            "energy": {"total_mwh": 120.5}}
    >>> points = vsme_b3(summary, turnover=4_000_000, currency="EUR")["datapoints"]
    >>> points["vsme:TotalEnergyConsumption"]["value"], points["vsme:TotalEnergyConsumption"]["unit"]
    (120.5, 'MWh')
    >>> intensity = points["vsme:Scope1AndScope2GreenhouseGasEmissionsIntensityValueMarketBased"]
    >>> intensity["value"], intensity["unit"], intensity["value_per_million"]
    (7e-07, 'tCO2e per EUR', 0.7)
    """
    lang = get_language(language)
    code = currency_code(currency)
    revenue, why = revenue_amount(turnover, code, lang, lang.gettext("turnover"), "turnover")
    period = _period(summary)
    points: dict[str, dict[str, Any]] = {}
    energy = summary.get("energy")
    mwh = number_at(summary, "energy", "total_mwh")
    energy_reason = (
        lang.gettext("the summary has no energy section (calculated before ghgcore reported energy use)")
        if not isinstance(energy, Mapping)
        else None
    )
    points["vsme:TotalEnergyConsumption"] = _point(
        lang, "vsme:TotalEnergyConsumption", "Total energy consumption", mwh, "MWh", _DECIMALS_MWH, period,
        "energy.total_mwh", lines="energy.by_activity (MWh per activity of the lines that are energy use)",
        reason=energy_reason, name_source=_VSME_TAXONOMY,
    )  # fmt: skip
    for element, label, scope in (
        ("vsme:GrossScope1GreenhouseGasEmissions", "Gross Scope 1 greenhouse gas emissions", "1"),
        (
            "vsme:GrossLocationBasedScope2GreenhouseGasEmissions",
            "Gross location-based Scope 2 greenhouse gas emissions",
            "2_location",
        ),
        (
            "vsme:GrossMarketBasedScope2GreenhouseGasEmissions",
            "Gross market-based Scope 2 greenhouse gas emissions",
            "2_market",
        ),
        ("vsme:GrossScope3GreenhouseGasEmissions", "Gross Scope 3 greenhouse gas emissions", "3"),
    ):
        points[element] = _point(
            lang, element, label, _tonnes(number_at(summary, "scopes", scope)), _T, _DECIMALS_T, period,
            f"scopes.{scope}", lines=_LINES[scope], name_source=_VSME_TAXONOMY,
        )  # fmt: skip
    one_two_location = _sum_kg(summary, "1", "2_location")
    one_two_market = _sum_kg(summary, "1", "2_market")
    location = number_at(summary, "total_location_based_kg_co2e")
    market = number_at(summary, "total_kg_co2e")
    for element, label, kg, source in (
        (
            "vsme:TotalGrossLocationBasedScope1AndScope2GHGEmissions",
            "Total (gross) location-based Scope 1 and Scope 2 GHG emissions",
            one_two_location,
            "scopes.1 + scopes.2_location",
        ),
        (
            "vsme:TotalGrossMarketBasedScope1AndScope2GHGEmissions",
            "Total (gross) market-based Scope 1 and Scope 2 GHG emissions",
            one_two_market,
            "scopes.1 + scopes.2_market",
        ),
        (
            "vsme:TotalGrossLocationBasedGHGEmissions",
            "Total (gross) location-based GHG emissions",
            location,
            "total_location_based_kg_co2e",
        ),
        (
            "vsme:TotalGrossMarketBasedGHGEmissions",
            "Total (gross) market-based GHG emissions",
            market,
            "total_kg_co2e",
        ),
    ):
        points[element] = _point(
            lang, element, label, _tonnes(kg), _T, _DECIMALS_T, period, source, lines="the scopes above",
            name_source=_VSME_TAXONOMY,
        )  # fmt: skip
    for element, label, kg, source in (
        (
            "vsme:Scope1AndScope2GreenhouseGasEmissionsIntensityValueLocationBased",
            "Location-based Scope 1 and Scope 2 Greenhouse Gas Emissions intensity",
            one_two_location,
            "(scopes.1 + scopes.2_location) / turnover",
        ),
        (
            "vsme:Scope1AndScope2GreenhouseGasEmissionsIntensityValueMarketBased",
            "Market-based Scope 1 and Scope 2 Greenhouse Gas Emissions intensity",
            one_two_market,
            "(scopes.1 + scopes.2_market) / turnover",
        ),
        (
            "vsme:TotalLocationBasedGreenhouseGasEmissionsIntensityValue",
            "Total location-based Greenhouse Gas Emissions intensity",
            location,
            "total_location_based_kg_co2e / turnover",
        ),
        (
            "vsme:TotalMarketBasedGreenhouseGasEmissionsIntensityValue",
            "Total market-based Greenhouse Gas Emissions intensity",
            market,
            "total_kg_co2e / turnover",
        ),
    ):
        points[element] = _intensity_point(
            lang, element, label, kg, revenue, code, period, source, reason=why, name_source=_VSME_TAXONOMY,
        )  # fmt: skip
    return {
        "standard": "VSME B3",
        "title": lang.gettext("Energy and greenhouse gas emissions (VSME B3)"),
        "taxonomy": "EFRAG VSME XBRL taxonomy 2025-07-30",
        "namespace": VSME_NAMESPACE,
        "organisation": summary.get("organisation", ""),
        "period": period,
        "denominator": {"turnover": revenue, "currency": code, "reason": why},
        "datapoints": points,
        "not_reported": [],
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def datapoints_csv(report: Mapping[str, Any]) -> str:
    """:func:`esrs_e1_6`'s or :func:`vsme_b3`'s datapoints as CSV, one row each (:data:`CSV_COLUMNS`).

    Numbers are written in full (``repr``), so that they read back exactly;
    a missing value is an empty cell with its reason. The figures ghgcore
    cannot give (``not_reported``) follow, without an element.

    Examples
    --------
    >>> summary = {"year": 2024, "scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 800.0, "3": 0.0},
    ...            "total_kg_co2e": 2800.0, "total_location_based_kg_co2e": 2400.0}
    >>> print(datapoints_csv(esrs_e1_6(summary)).splitlines()[1][:60])
    esrs:GrossScope1GreenhouseGasEmissions,Gross Scope 1 greenho
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for point in report["datapoints"].values():
        writer.writerow([_cell(point.get(column)) for column in CSV_COLUMNS])
    for item in report.get("not_reported", []):
        row = {"label": item["label"], "status": "not reported", "reason": item["reason"]}
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()


def _direction(change: float | None) -> str | None:
    if change is None:
        return None
    if abs(change) <= _EPSILON:
        return "No change"
    return "Increased" if change > 0 else "Decreased"


def cdp_c6_10(
    summary: Mapping[str, Any],
    *,
    revenue: float | None = None,
    currency: str = "EUR",
    progress: Mapping[str, Any] | None = None,
    revenue_metric: str = "revenue",
    language: str | Language | None = None,
) -> dict[str, Any]:
    """CDP C6.10: gross scope 1 + 2 emissions per unit currency of total revenue, a row per scope 2 basis.

    The intensity is CDP's: metric tons CO2e per unit of currency (not
    per million). The change from the previous year needs `progress`
    (:func:`ghgcore.progress.progress`) with the previous year and its
    revenue metric; without them it is missing with the reason.

    Parameters
    ----------
    summary : Mapping
        The reporting year's calculation summary.
    revenue : float, optional
        Total revenue of the reporting year in `currency`.
    currency : str, default "EUR"
        The ISO 4217 code of `revenue`.
    progress : Mapping, optional
        The organisation's progress report, for the previous year.
    revenue_metric : str, default "revenue"
        The stored metric holding each year's revenue (in the progress report).
    language : str or Language, optional
        The language of the explanations and reasons.

    Returns
    -------
    dict
        ``question`` ("C6.10"), ``columns`` (:data:`CDP_C6_10_COLUMNS`),
        ``rows`` (market-based, then location-based; each with the columns'
        values under ``intensity_figure``, ``numerator_t``, ``denominator``,
        ``denominator_unit_total``, ``scope_2_figure_used``,
        ``percent_change``, ``direction_of_change``, ``reason_for_change``,
        and ``status``, ``reason``, ``source``).

    Examples
    --------
    >>> summary = {"year": 2024, "scopes": {"1": 2000.0, "2_location": 400.0, "2_market": 800.0, "3": 0.0}}
    >>> row = cdp_c6_10(summary, revenue=1_000_000, currency="EUR")["rows"][0]
    >>> row["scope_2_figure_used"], row["numerator_t"], row["intensity_figure"], row["percent_change"]
    ('Market-based', 2.8, 2.8e-06, None)
    """
    lang = get_language(language)
    code = currency_code(currency)
    amount, why = revenue_amount(revenue, code, lang, lang.gettext("total revenue"), "revenue")
    year = summary.get("year")
    previous = None
    previous_revenue: tuple[float, str] | None = None
    change_reason: str | None = None
    if progress is None:
        change_reason = lang.gettext("no progress report given, so no previous year to compare with")
    elif not isinstance(year, int) or (row := progress_row(progress, year - 1)) is None:
        change_reason = lang.gettext("the progress report has no account for the previous year")
    else:
        previous = row
        previous_revenue = revenue_from_metrics(row.get("metrics") or {}, revenue_metric, code)
        if previous_revenue is None or previous_revenue[0] == 0:
            change_reason = lang.format(
                "the previous year has no {metric} metric to divide by", metric=revenue_metric
            )
    rows = []
    for basis, scope2, figure in (
        ("market", "2_market", "Market-based"),
        ("location", "2_location", "Location-based"),
    ):
        kg = _sum_kg(summary, "1", scope2)
        intensity = None if kg is None or amount is None else (kg / 1000.0) / amount
        percent = direction = explanation = None
        reason = (
            why if amount is None else None if kg is not None else lang.gettext("the summary has no scopes")
        )
        row_change_reason = change_reason
        if (
            intensity is not None
            and previous is not None
            and previous_revenue is not None
            and previous_revenue[0]
        ):
            before_kg = _sum_kg(previous, "1", scope2)
            if before_kg is None:
                row_change_reason = lang.gettext("the previous year has no scopes in the progress report")
            else:
                before = (before_kg / 1000.0) / previous_revenue[0]
                if before == 0:
                    row_change_reason = lang.gettext(
                        "the previous year's intensity is 0: no percentage change"
                    )
                else:
                    change = (intensity - before) / before * 100.0
                    percent = abs(change)
                    direction = _direction(change)
                    shown = (
                        lang.gettext("market-based") if basis == "market" else lang.gettext("location-based")
                    )
                    explanation = lang.format(
                        "Scope 1 and 2 ({basis}) went from {before} to {after} t CO2e and revenue from {r0} "
                        "to {r1} {currency} ({year0} to {year1})",
                        basis=shown,
                        before=lang.tonnes(before_kg, 1),
                        after=lang.tonnes(kg, 1),
                        r0=lang.number(previous_revenue[0], 0),
                        r1=lang.number(amount, 0),
                        currency=code,
                        year0=str(previous.get("year")),
                        year1=str(year),
                    )
                    row_change_reason = None
        rows.append(
            {
                "intensity_figure": intensity,
                "numerator_t": None if kg is None else kg / 1000.0,
                "denominator": "unit total revenue",
                "denominator_unit_total": amount,
                "currency": code,
                "scope_2_figure_used": figure,
                "percent_change": percent,
                "direction_of_change": direction,
                "reason_for_change": explanation,
                "status": "reported" if intensity is not None else "missing",
                "reason": reason,
                "change_reason": row_change_reason,
                "source": f"(scopes.1 + scopes.{scope2}) / revenue",
            }
        )
    return {
        "question": "C6.10",
        "title": lang.gettext("Emissions intensities (CDP C6.10)"),
        "organisation": summary.get("organisation", ""),
        "year": year,
        "columns": list(CDP_C6_10_COLUMNS),
        "rows": rows,
    }


def cdp_c7_9a(
    progress: Mapping[str, Any], year: int, *, language: str | Language | None = None
) -> dict[str, Any]:
    """CDP C7.9a: the reasons for the change in emissions against the previous year, from the progress report.

    The rows are the year's decomposition (:mod:`ghgcore.decomposition`,
    ``years[].decomposition`` of :func:`ghgcore.progress.progress`): the
    activity term as "Change in output", the factor term as "Change in
    methodology", structural changes under the reasons recorded with them;
    the part of the change in the totals that the lines do not explain is
    "Unidentified". CDP's other reasons cannot be told apart from two
    years' lines and are listed under ``not_assessed``, never as 0.

    The decomposition covers the lines of scopes 1, 2 (market-based) and
    3, so the rows explain the change of that total; CDP asks about scopes
    1 and 2 combined (``scope`` says which was used).

    Parameters
    ----------
    progress : Mapping
        :func:`ghgcore.progress.progress`'s report.
    year : int
        The reporting year (compared with the year before it that is stored).
    language : str or Language, optional
        The language of the explanations.

    Returns
    -------
    dict
        ``question`` ("C7.9a"), ``columns`` (:data:`CDP_C7_9A_COLUMNS`),
        ``from_year``, ``scope``, ``rows`` (each with ``reason``,
        ``change_t`` (positive, as CDP asks), ``direction_of_change``,
        ``percent``, ``explanation``, ``kg_co2e`` (signed), ``source``),
        ``not_assessed`` and ``total_change_t``.

    Raises
    ------
    OptionError
        The progress report has no such year, or no decomposition for it
        (the first stored year, or progress made without one).
    """
    lang = get_language(language)
    row = progress_row(progress, year)
    if row is None:
        stored = ", ".join(str(r.get("year")) for r in progress.get("years") or [] if isinstance(r, Mapping))
        raise OptionError(f"year {year}: not in the progress report (its years: {stored or 'none'})")
    decomposition = row.get("decomposition")
    if not isinstance(decomposition, Mapping):
        raise OptionError(
            f"year {year}: the progress report has no decomposition of its change (the first stored year has "
            "no previous year; or progress was made with decomposition=False)"
        )
    from_year = decomposition.get("from_year")
    before_kg = None
    before_row = progress_row(progress, from_year) if isinstance(from_year, int) else None
    if before_row is not None:
        before_kg = number_at(before_row, "total_kg_co2e")
    rows = []
    explained = []
    for entry in decomposition.get("reasons") or []:
        kg = float(entry["kg_co2e"])
        explained.append(kg)
        percent = entry.get("percent")
        rows.append(
            {
                "reason": entry["reason"],
                "change_t": abs(kg) / 1000.0,
                "direction_of_change": _direction(kg),
                "percent": None if percent is None else abs(float(percent)),
                "kg_co2e": kg,
                "explanation": lang.format(
                    "{term} term of the LMDI decomposition of the change from {year0} to {year1}",
                    term=_term(lang, str(entry.get("term"))),
                    year0=str(from_year),
                    year1=str(year),
                ),
                "source": f"years[{year}].decomposition.reasons",
            }
        )
    change = number_at(row, "change_kg")
    if change is not None:
        rest = change - math.fsum(explained)
        if abs(rest) > 1e-6 * max(1.0, abs(change)):
            rows.append(
                {
                    "reason": "Unidentified",
                    "change_t": abs(rest) / 1000.0,
                    "direction_of_change": _direction(rest),
                    "percent": None if not before_kg else abs(rest) / abs(before_kg) * 100.0,
                    "kg_co2e": rest,
                    "explanation": lang.gettext(
                        "the change in the totals that the decomposition of the lines does not explain"
                    ),
                    "source": f"years[{year}].change_kg - sum of years[{year}].decomposition.reasons",
                }
            )
    given = {r["reason"] for r in rows}
    order = {reason: n for n, reason in enumerate(CDP_REASONS)}
    rows.sort(key=lambda r: order.get(r["reason"], len(order)))
    not_assessed = [
        {
            "reason": reason,
            "why": lang.gettext(
                "cannot be told apart from two years' lines: part of the activity or factor term"
            ),
        }
        for reason in CDP_REASONS
        if reason not in given and reason not in ("Unidentified", "Other")
    ]
    return {
        "question": "C7.9a",
        "title": lang.gettext("Reasons for the change in emissions (CDP C7.9a)"),
        "organisation": progress.get("organisation", ""),
        "year": year,
        "from_year": from_year,
        "scope": "scope 1 + scope 2 market-based + scope 3",
        "note": lang.gettext(
            "CDP asks about scopes 1 and 2 combined; ghgcore's decomposition explains the change of scopes "
            "1, 2 (market-based) and 3 together"
        ),
        "columns": list(CDP_C7_9A_COLUMNS),
        "total_change_t": None if change is None else change / 1000.0,
        "rows": rows,
        "not_assessed": not_assessed,
    }


def _term(lang: Language, term: str) -> str:
    """A decomposition term's name in the language."""
    if term == "activity":
        return lang.gettext("Activity")
    if term == "factor":
        return lang.gettext("Emission factor")
    return lang.gettext("Structural")
