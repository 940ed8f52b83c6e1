"""ghgcore factor databases for scope 2: electricity grid mixes and residual mixes.

One database per source, and ``grid``, which chooses a source per country:

=======================  ==============================================================
``grid``                 the default choice (below); what most users want, and the
                         database ghgcore uses when none is named
``grid-ember``           Ember, lifecycle CO2e of the production mix, by country
``grid-electricitymaps`` Electricity Maps, lifecycle, by country and bidding zone
``grid-aib``             AIB 2020 production mixes and 2018 residual mixes (direct CO2)
``grid-greene``          Green-e 2018 residual mixes, US (eGRID subregions) and Canada
``grid-nve``             NVE klimadeklarasjon and varedeklarasjon, Norway
``grid-ifi``             IFI harmonised combined margins (a last resort)
=======================  ==============================================================

Every factor has a ``boundary``: ``combustion`` (direct emissions where the
electricity is generated: NVE, AIB, Green-e, IFI) or ``lifecycle`` (upstream
too: Electricity Maps, Ember).

The default choice of ``grid``: location-based, Norway from NVE (the
official Norwegian disclosure, combustion), every other country and the
WORLD and EU27 aggregates from Ember (lifecycle); market-based, Norway's
residual mix from NVE, the US's and Canada's from Green-e, other European
countries' from the AIB.

One basis per country: a bidding zone or subregion (``NO-NO1``, ``SE-SE3``,
``US-CAMX``) takes its country's source. Only Electricity Maps has zones, so
by default ``grid`` has no zone rows for location-based factors, and a line
for ``NO-NO1`` gets Norway's figure through the country fallback, which the
line records. Choose Electricity Maps for a country to get its zones
(lifecycle for the whole country):

>>> Grid.choosing(location={"NO": "electricitymaps"}).location["NO"]
'electricitymaps'

Change the choice for some countries with :meth:`Grid.choosing`, or layer a
per-source database before ``grid`` (the first source with a factor wins).

The supply mix of electricity (shares of fossil, renewable and nuclear, for
:func:`ghgcore.energy.energy_use`): ``grid-nve`` ships NVE's renewable share
of the electricity consumed in Norway (2019, 2020, 2022, 2023; the rest
unspecified), ``grid-electricitymaps`` Electricity Maps' renewable and
carbon-free shares by zone (2021-2025), and ``grid`` NVE's for Norway where
it takes Norway from NVE, Electricity Maps' for every other zone (Ember, the
AIB and the IFI give no shares in the data shipped):

>>> mix = Grid().energy_contents()
>>> sorted({r["year"] for r in mix.records() if r["region"] == "NO"})
['2019', '2020', '2022', '2023']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import ClassVar

from ghgcore import FactorSet
from ghgcore.energy import EnergyContents
from ghgcore.plugins import FactorDatabase, package_csv

__all__ = ["AIB", "IFI", "NVE", "ElectricityMaps", "Ember", "GreenE", "Grid"]

SOURCES = ("ember", "electricitymaps", "aib", "greene", "nve", "ifi")
#: The sources with factors of each method.
METHOD_SOURCES: Mapping[str, tuple[str, ...]] = {
    "location": ("ember", "electricitymaps", "aib", "nve", "ifi"),
    "market": ("aib", "greene", "nve"),
}
_URL = "https://github.com/ghgcore/ghgcore/tree/main/plugins/ghgcore-grid"


def _rows(source: str) -> list[dict[str, str]]:
    return package_csv(__package__, f"data/{source}.csv")[1]


#: The sources with a supply mix of electricity (``data/mix-<source>.csv``).
MIX_SOURCES = ("nve", "electricitymaps")


@functools.cache
def _mix_rows(source: str) -> tuple[dict[str, str], ...]:
    return tuple(package_csv(__package__, f"data/mix-{source}.csv")[1])


def _mix(rows: list[dict[str, str]], name: str) -> EnergyContents:
    return EnergyContents.from_records(rows, name=name)


@functools.cache
def _source_mix(source: str) -> EnergyContents:
    return _mix(list(_mix_rows(source)), f"grid-{source} supply mix")


class _Source(FactorDatabase):
    source: ClassVar[str] = ""
    publisher = "ghgcore, from published grid data"
    url = _URL

    def load(self) -> FactorSet:
        """The source's table, as shipped."""
        return FactorSet.from_records(_rows(self.source), name=self.name or self.source, version=self.version)


class _MixSource(_Source):
    def energy_contents(self) -> EnergyContents:
        """The supply mix of electricity by region and year (shares of fossil, renewable, nuclear)."""
        return _source_mix(self.source)


class Ember(_Source):
    """Ember yearly electricity data: lifecycle CO2e of the production mix, by country."""

    source = "ember"
    description = "Electricity, location-based: Ember, lifecycle CO2e of the production mix, by country"
    publisher = "Ember (via Green Web Foundation CO2.js)"
    version = "2025.08.1"
    licence = "CC BY-SA 4.0"
    regions = ("NO", "SE", "DK", "FI", "DE", "GB")
    years = (2022, 2022)


class ElectricityMaps(_MixSource):
    """Electricity Maps yearly averages: lifecycle, by country and bidding zone."""

    source = "electricitymaps"
    description = "Electricity, location-based: Electricity Maps yearly averages, lifecycle, by zone"
    publisher = "Electricity Maps (via Green Web Foundation CO2.js)"
    version = "2025.2"
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
    version = "2020.2"
    licence = "CC BY-SA 4.0"
    regions = ("NO", "SE", "DK", "FI", "DE")
    years = (2020, 2020)


class GreenE(_Source):
    """Green-e Energy residual mixes (2018): the US, its eGRID subregions and Canadian provinces, CO2."""

    source = "greene"
    description = (
        "Electricity, market-based: Green-e 2018 residual mixes, US eGRID subregions and Canada, CO2"
    )
    publisher = (
        "Green-e Energy (via the GHG Protocol calculation tool and the Open Emission Factors Database)"
    )
    version = "2018.1"
    licence = "CC BY-SA 4.0 (Open Emission Factors Database); figures by Green-e Energy"
    regions = ("US", "US-CAMX", "CA-ON")
    years = (2018, 2018)


class NVE(_MixSource):
    """NVE's electricity disclosure for Norway: klimadeklarasjon and varedeklarasjon."""

    source = "nve"
    description = "Electricity in Norway: NVE klimadeklarasjon (location) and varedeklarasjon (residual mix)"
    publisher = "NVE, Norwegian Water Resources and Energy Directorate"
    version = "2024.2"
    licence = "NVE publication (cited per factor)"
    regions = ("NO",)
    years = (2019, 2023)


class IFI(_Source):
    """IFI harmonised default grid factors: combined margins for electricity consumption."""

    source = "ifi"
    description = "Electricity: IFI harmonised combined margins 2021 (a marginal factor; last resort)"
    publisher = "IFI Technical Working Group (UNFCCC)"
    version = "2021.3.1.1"
    licence = "public (UNFCCC)"
    regions = ("IN", "BR", "US")
    years = (2021, 2021)


class Grid(FactorDatabase):
    """The default grid database: one documented source, and so one boundary, per country and method."""

    description = "Electricity, scope 2: location-based and residual mixes, one documented source per country"
    publisher = "ghgcore, from NVE, Ember, the AIB and Green-e (Electricity Maps where chosen)"
    version = "2025.2"
    licence = "CC BY-SA 4.0; ODbL 1.0 where Electricity Maps is chosen (see the sources of each factor)"
    url = _URL
    regions = ("NO", "SE", "DK", "FI", "DE", "US")
    years = (2022, 2023)
    default = True

    #: Location-based source per country (ISO 3166 code); "*" for the rest. A zone takes its country's.
    location: ClassVar[Mapping[str, str]] = {"NO": "nve", "*": "ember"}
    #: Market-based (residual mix) source per country; "*" for the rest. A zone takes its country's.
    market: ClassVar[Mapping[str, str]] = {"NO": "nve", "US": "greene", "CA": "greene", "*": "aib"}

    @classmethod
    def choosing(
        cls, location: Mapping[str, str] | None = None, market: Mapping[str, str] | None = None
    ) -> type[Grid]:
        """A ``grid`` database with other sources for some countries.

        Sources are chosen per country, never per zone: a country's zones
        take its source, so that every location-based number of a country
        has the same boundary.

        >>> custom = Grid.choosing(location={"NO": "electricitymaps"})
        >>> custom.location["NO"], custom.location["*"]
        ('electricitymaps', 'ember')
        >>> Grid.choosing(location={"NO-NO1": "electricitymaps"})
        Traceback (most recent call last):
        ...
        ValueError: NO-NO1: sources are chosen per country (a zone takes its country's source); use 'NO'
        """
        for method, choice in (("location", location or {}), ("market", market or {})):
            for country, source in choice.items():
                if "-" in country or country == "zones":
                    hint = f"; use {country.split('-')[0]!r}" if "-" in country else ""
                    raise ValueError(
                        f"{country}: sources are chosen per country (a zone takes its country's source){hint}"
                    )
                if source not in METHOD_SOURCES[method]:
                    raise ValueError(
                        f"{country}: unknown {method}-based source {source!r}; "
                        f"expected one of {', '.join(METHOD_SOURCES[method])}"
                    )
        attributes = {
            "location": {**cls.location, **(location or {})},
            "market": {**cls.market, **(market or {})},
            "default": False,  # a custom choice is used where it is named, never in place of ``grid``
        }
        return type("CustomGrid", (cls,), attributes)

    def _chosen(self, row: Mapping[str, str], source: str) -> bool:
        choices = self.market if row["method"] == "market" else self.location
        country = row["region"].split("-", 1)[0]
        return choices.get(country, choices["*"]) == source

    def load(self) -> FactorSet:
        """The chosen source's factors for each country (and its zones) and method."""
        rows = [row for source in SOURCES for row in _rows(source) if self._chosen(row, source)]
        return FactorSet.from_records(rows, name=self.name or "grid", version=self.version)

    def energy_contents(self) -> EnergyContents:
        """The supply mix of electricity: NVE's for a country taken from NVE, Electricity Maps' elsewhere.

        One source per country, as for the factors: a country whose
        location-based source is NVE (Norway, by default) gets NVE's shares
        for it and its zones; every other zone Electricity Maps' (the other
        sources give no shares).
        """
        return _chosen_mix(tuple(sorted(self.location.items())))


@functools.cache
def _chosen_mix(location: tuple[tuple[str, str], ...]) -> EnergyContents:
    choice = dict(location)

    def source_of(region: str) -> str:
        country = region.split("-", 1)[0]
        return "nve" if choice.get(country, choice["*"]) == "nve" else "electricitymaps"

    rows = [row for source in MIX_SOURCES for row in _mix_rows(source) if source_of(row["region"]) == source]
    return _mix(rows, "grid supply mix")
