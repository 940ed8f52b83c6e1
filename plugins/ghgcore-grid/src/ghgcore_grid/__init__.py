"""ghgcore factor databases for scope 2: electricity grid mixes and residual mixes.

One database per source, and ``grid``, which chooses a source per country:

=======================  ==============================================================
``grid``                 the default choice (below); what most users want
``grid-ember``           Ember, lifecycle CO2e of the production mix, by country
``grid-electricitymaps`` Electricity Maps, lifecycle, by country and bidding zone
``grid-aib``             AIB 2020 production mixes and 2018 residual mixes (direct CO2)
``grid-nve``             NVE klimadeklarasjon and varedeklarasjon, Norway
``grid-ifi``             IFI harmonised combined margins (a last resort)
=======================  ==============================================================

The default choice of ``grid``: location-based, Norway from NVE (the
official Norwegian disclosure), bidding zones (``NO-NO1``, ``SE-SE3``,
``DK-DK1``, ...) from Electricity Maps (the only source with zones), every
other country and the WORLD and EU27 aggregates from Ember; market-based,
Norway's residual mix from NVE, other European countries' from the AIB.
Change it for some countries with :meth:`Grid.choosing`, or by layering a
per-source database before ``grid``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from ghgcore import FactorSet
from ghgcore.plugins import FactorDatabase, package_csv

__all__ = ["AIB", "IFI", "NVE", "ElectricityMaps", "Ember", "Grid"]

SOURCES = ("ember", "electricitymaps", "aib", "nve", "ifi")
_URL = "https://github.com/ghgcore/ghgcore/tree/main/plugins/ghgcore-grid"


def _rows(source: str) -> list[dict[str, str]]:
    return package_csv(__package__, f"data/{source}.csv")[1]


class _Source(FactorDatabase):
    source: ClassVar[str] = ""
    publisher = "ghgcore, from published grid data"
    url = _URL

    def load(self) -> FactorSet:
        """The source's table, as shipped."""
        return FactorSet.from_records(_rows(self.source), name=self.name or self.source, version=self.version)


class Ember(_Source):
    """Ember yearly electricity data: lifecycle CO2e of the production mix, by country."""

    source = "ember"
    description = "Electricity, location-based: Ember, lifecycle CO2e of the production mix, by country"
    publisher = "Ember (via Green Web Foundation CO2.js)"
    version = "2025.08"
    licence = "CC BY-SA 4.0"
    regions = ("NO", "SE", "DK", "FI", "DE", "GB")
    years = (2022, 2022)


class ElectricityMaps(_Source):
    """Electricity Maps yearly averages: lifecycle, by country and bidding zone."""

    source = "electricitymaps"
    description = "Electricity, location-based: Electricity Maps yearly averages, lifecycle, by zone"
    publisher = "Electricity Maps (via Green Web Foundation CO2.js)"
    version = "2025.1"
    licence = "ODbL 1.0 (attribute Electricity Maps)"
    regions = ("NO", "SE", "DK", "FI")
    years = (2021, 2025)


class AIB(_Source):
    """AIB production mixes 2020 (location) and European Residual Mixes 2018 (market), direct CO2."""

    source = "aib"
    description = (
        "Electricity: AIB 2020 production mixes (location) and 2018 residual mixes (market), direct CO2"
    )
    publisher = "Association of Issuing Bodies (via the Open Emission Factors Database)"
    version = "2020.1"
    licence = "CC BY-SA 4.0"
    regions = ("NO", "SE", "DK", "FI", "DE")
    years = (2020, 2020)


class NVE(_Source):
    """NVE's electricity disclosure for Norway: klimadeklarasjon and varedeklarasjon."""

    source = "nve"
    description = "Electricity in Norway: NVE klimadeklarasjon (location) and varedeklarasjon (residual mix)"
    publisher = "NVE, Norwegian Water Resources and Energy Directorate"
    version = "2024.1"
    licence = "NVE publication (cited per factor)"
    regions = ("NO",)
    years = (2022, 2023)


class IFI(_Source):
    """IFI harmonised default grid factors: combined margins for electricity consumption."""

    source = "ifi"
    description = "Electricity: IFI harmonised combined margins 2021 (a marginal factor; last resort)"
    publisher = "IFI Technical Working Group (UNFCCC)"
    version = "2021.3.1"
    licence = "public (UNFCCC)"
    regions = ("IN", "BR", "US")
    years = (2021, 2021)


class Grid(FactorDatabase):
    """The default grid database: one documented source per country and method."""

    description = "Electricity, scope 2: location-based and residual mixes, one documented source per country"
    publisher = "ghgcore, from NVE, Ember, Electricity Maps and the AIB"
    version = "2025.1"
    licence = "CC BY-SA 4.0 and ODbL 1.0 (see the sources of each factor)"
    url = _URL
    regions = ("NO", "NO-NO1", "SE", "SE-SE3", "DK", "FI", "DE")
    years = (2022, 2023)

    #: Location-based source per country; "zones" is the source for bidding zones, "*" for the rest.
    location: ClassVar[Mapping[str, str]] = {"NO": "nve", "zones": "electricitymaps", "*": "ember"}
    #: Market-based (residual mix) source per country; "*" for the rest.
    market: ClassVar[Mapping[str, str]] = {"NO": "nve", "*": "aib"}

    @classmethod
    def choosing(
        cls, location: Mapping[str, str] | None = None, market: Mapping[str, str] | None = None
    ) -> type[Grid]:
        """A ``grid`` database with other sources for some countries.

        >>> custom = Grid.choosing(location={"NO": "electricitymaps"})
        >>> custom.location["NO"], custom.location["SE"] if "SE" in custom.location else custom.location["*"]
        ('electricitymaps', 'ember')
        """
        for choice in (location or {}, market or {}):
            for country, source in choice.items():
                if source not in SOURCES:
                    raise ValueError(
                        f"{country}: unknown source {source!r}; expected one of {', '.join(SOURCES)}"
                    )
        attributes = {
            "location": {**cls.location, **(location or {})},
            "market": {**cls.market, **(market or {})},
        }
        return type("CustomGrid", (cls,), attributes)

    def _chosen(self, row: Mapping[str, str], source: str) -> bool:
        region = row["region"]
        choices = self.market if row["method"] == "market" else self.location
        if "-" in region:
            wanted = choices.get(region, choices.get("zones", choices["*"]))
        else:
            wanted = choices.get(region, choices["*"])
        return wanted == source

    def load(self) -> FactorSet:
        """The chosen source's factors for each country and method."""
        rows = [row for source in SOURCES for row in _rows(source) if self._chosen(row, source)]
        return FactorSet.from_records(rows, name=self.name or "grid", version=self.version)
