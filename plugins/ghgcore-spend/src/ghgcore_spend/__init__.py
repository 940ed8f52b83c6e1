"""ghgcore factor database for spend-based scope 3: EXIOBASE 3 by purchase category.

The database ``spend`` has one factor per purchase category (54 of them:
food and catering, office supplies, IT equipment, software and IT services,
rent, electricity, air travel, freight, consultancy, insurance, ...) and per
region (``NO``, ``DE``, ``GB``, ``US``, ``BR``): kg CO2e per EUR at 2019
basic prices, the weighted mean of EXIOBASE 3 product factors the category
documents (``data/categories.csv``). It ships with

- a mapping from Norwegian chart-of-accounts numbers (NS 4102 / SAF-T
  standard accounts) to the categories, with the accounts that are not
  purchases excluded and why (:meth:`Spend.account_mapping`);
- Statistics Norway's consumer price index changes for bringing NOK to 2019
  prices (:meth:`Spend.price_indices`).

CO2e is EXIOBASE's, weighted with IPCC AR5 GWP-100 as the source publishes
it: the source gives no gases separately, so the GWP choice of a
calculation does not change these lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ghgcore import EmissionFactor, FactorSet
from ghgcore.money import PriceIndex
from ghgcore.plugins import FactorDatabase, package_csv
from ghgcore.spend import AccountMapping

__all__ = ["PRICE_YEAR", "REGIONS", "Category", "Spend", "categories", "product_factors"]

PRICE_YEAR = 2019
#: The first booking year the factors apply to. An EEIO factor per EUR of 2019 applies to
#: the purchases of another year once they are brought to 2019 prices (the shipped KPI
#: does that from 2015); from 2022 on the factors are an older edition, used through
#: the year fallback that every such line records.
FIRST_YEAR = 2015
REGIONS = ("NO", "DE", "GB", "US", "BR")
LICENCE = "CC BY-SA 4.0 (Open Emission Factors Database; EXIOBASE 3)"
SOURCE = "EXIOBASE 3 (2019 data, basic prices) via OEFDB 2022-05-12; ghgcore-spend category {key}: {mix}"


def _rows(name: str) -> tuple[list[int], list[dict[str, str]]]:
    return package_csv(__package__, f"data/{name}")


@attrs.frozen
class Category:
    """A purchase category: a weighted mix of EXIOBASE products, with its scope and scope 3 category."""

    key: str
    name: str
    name_no: str
    scope: int
    category: int | None
    covers: tuple[str, ...]
    products: tuple[tuple[str, float], ...]

    def factor(self, region: str, table: dict[tuple[str, str], float]) -> float:
        """Kg CO2e per EUR (2019) in a region: the weighted sum of its products' factors."""
        return sum(weight * table[product, region] for product, weight in self.products)


def categories() -> dict[str, Category]:
    """The purchase categories, by key, as documented in ``data/categories.csv``."""
    out = {}
    for row in _rows("categories.csv")[1]:
        products = tuple(
            (name.strip(), float(weight))
            for name, weight in (part.rsplit("*", 1) for part in row["products"].split(" | "))
        )
        out[row["key"]] = Category(
            key=row["key"],
            name=row["name"],
            name_no=row["name_no"],
            scope=int(row["scope"]),
            category=int(row["category"]) if row["category"] else None,
            covers=tuple(k for k in row["covers"].split("|") if k),
            products=products,
        )
    return out


def product_factors(gwp: str = "AR5") -> dict[tuple[str, str], float]:
    """EXIOBASE product factors, kg CO2e per EUR (2019), by (product, region)."""
    column = {"AR5": "kg_co2e_ar5", "AR4": "kg_co2e_ar4"}[gwp]
    return {(r["product"], r["region"]): float(r[column]) for r in _rows("exiobase.csv")[1]}


class Spend(FactorDatabase):
    """EXIOBASE 3 spend-based factors by purchase category, with a Norwegian account mapping."""

    description = "Spend-based scope 3: EXIOBASE 3 by purchase category (kg CO2e per EUR, 2019 prices)"
    publisher = "EXIOBASE consortium (via the Open Emission Factors Database); categories by ghgcore"
    version = "2019.2"
    licence = LICENCE
    url = "https://zenodo.org/record/5589597"
    regions = REGIONS
    years = (2015, 2021)
    default = True

    def load(self) -> FactorSet:
        """One factor per category and region: the weighted EXIOBASE product factors (AR5 CO2e)."""
        table = product_factors("AR5")
        factors = []
        for cat in categories().values():
            mix = ", ".join(f"{w:g} {p}" for p, w in cat.products)
            for region in REGIONS:
                factors.append(
                    EmissionFactor(
                        cat.key,
                        "EUR",
                        {"CO2e": round(cat.factor(region, table), 6)},
                        source=SOURCE.format(key=cat.key, mix=mix),
                        region=region,
                        valid_from=FIRST_YEAR,
                        valid_to=2021,
                        scope=cat.scope,
                        category=cat.category,
                        method="location" if cat.scope == 2 else None,
                        licence=LICENCE,
                        price_year=PRICE_YEAR,
                    )
                )
        return FactorSet.from_factors(
            factors,
            name=self.name or "spend",
            version=self.version,
            description=self.description,
            publisher=self.publisher,
            url=self.url,
            licence_name=self.licence,
        )

    def account_mapping(self) -> AccountMapping:
        """The NS 4102 account mapping of ``data/accounts.csv``, with the categories' hybrid rules."""
        lines, rows = _rows("accounts.csv")
        covers = {cat.key: cat.covers for cat in categories().values() if cat.covers}
        return AccountMapping.from_records(rows, name="ghgcore-spend NS 4102", covers=covers, lines=lines)

    def price_indices(self) -> Sequence[PriceIndex]:
        """Statistics Norway's KPI, annual averages 2015-2024 (``data/kpi.csv``), for NOK."""
        _, rows = _rows("kpi.csv")
        levels = {int(r["year"]): float(r["index"]) for r in rows}
        return (
            PriceIndex.from_levels(
                "NOK", "SSB KPI (table 03014)", levels, source="Statistics Norway, table 03014, 2015=100"
            ),
        )
