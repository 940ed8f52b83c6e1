"""ghgcore factor database ``travel``: business travel, hotels, freight, waste and water (scope 3).

The UK BEIS/DESNZ GHG conversion factors 2021 (via the Open Emission
Factors Database, CC BY-SA 4.0) for the activities a Norwegian company
reports every year that the fuel and grid databases do not cover. Activity
keys (the package README lists every one, with its unit):

- flights per passenger-km, by haul and cabin class: ``flight_domestic``,
  ``flight_short_haul[_economy|_business]``,
  ``flight_long_haul[_economy|_premium_economy|_business|_first]``,
  ``flight_international[...]``; **without** radiative forcing, and the same
  key ending ``_rf`` **with** DESNZ's RF uplift (x1.9 on CO2, shipped as CO2e).
  Neither is a default for the other: the key says which;
- ``hotel_night`` per room night, by country (region = ISO 3166 code);
- rail (``rail_national``, ``rail_international``, ``rail_light_rail_tram``,
  ``rail_underground``), ``bus``, ``coach``, ``ferry...`` per passenger-km;
  ``taxi`` and ``taxi_black_cab`` per km and per passenger-km; cars
  (``car[_<fuel>][_<size>]``) and motorbikes per km, for cars the company does
  not own or lease (owned cars: litres of fuel in the ``fuels`` database);
- freight: vans (``van[_<fuel>][_class_<n>]``) and HGVs
  (``hgv[_refrigerated][_<type>][_laden_<n>]``) per km and per tonne-km,
  ``rail_freight``, ``sea_freight_<vessel>``, ``air_freight_<haul>[_rf]`` per
  tonne-km;
- waste per tonne, ``waste_<material>_<treatment>`` (``landfill``,
  ``combustion``, ``composting``, ``anaerobic_digestion``, ``closed_loop``,
  ``open_loop``; ``waste_<material>_recycling`` is an alias);
- ``water_supply`` and ``water_treatment`` per m**3.

A part of a key left out means DESNZ's average (``car_diesel``: an average
diesel car; ``hgv``: all HGVs at average load).

**District heating has no factor here.** The shared data hold no citable
national figure, so none is shipped: a ``district_heating`` line needs the
supplier's own figure, as a row in the user's factors CSV or as an
instrument.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from ghgcore import FactorSet
from ghgcore.crosswalk import Crosswalk
from ghgcore.plugins import FactorDatabase, package_csv

__all__ = ["FILES", "HOTEL_COUNTRIES", "LICENCE", "YEAR", "Travel"]

YEAR = 2021
LICENCE = (
    "CC BY-SA 4.0 (Open Emission Factors Database 2022-05-12; UK BEIS/DESNZ data, Open Government Licence)"
)
#: The factor tables, in the factors CSV format, made by tools/derive_travel.py.
FILES = ("business_travel.csv", "hotels.csv", "freight.csv", "waste.csv", "water.csv")
#: Countries with a hotel-stay factor in DESNZ 2021 (Norway is not among them).
HOTEL_COUNTRIES = (
    "AE", "AR", "AT", "AU", "BE", "BR", "CA", "CH", "CL", "CN", "CO", "CR", "CZ", "DE", "EG", "ES",
    "FJ", "FR", "GB", "GR", "HK", "ID", "IE", "IL", "IN", "IT", "JO", "JP", "KR", "MO", "MV", "MX",
    "MY", "NL", "NZ", "PA", "PE", "PH", "PL", "PT", "QA", "RO", "RU", "SA", "SG", "SK", "TH", "TR",
    "TW", "US", "VN", "ZA",
)  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    return package_csv(__package__, f"data/{name}")[1]


class Travel(FactorDatabase):
    """DESNZ 2021 business travel, hotel, freight, waste and water factors (scope 3)."""

    description = (
        "Scope 3: business travel (flights with and without RF, rail, bus, taxi, ferry, cars), "
        "hotel nights by country, freight, waste and water"
    )
    publisher = "ghgcore, from UK BEIS/DESNZ GHG conversion factors 2021"
    version = "2021.1"
    licence = LICENCE
    url = "https://github.com/ghgcore/ghgcore/tree/main/plugins/ghgcore-travel"
    regions = HOTEL_COUNTRIES
    years = (YEAR, YEAR)
    default = True
    advice: ClassVar[Mapping[str, str]] = {
        "district_heating": (
            "district heating has no national figure in the shipped databases: give your supplier's "
            "(its annual declaration, g CO2e per kWh) as a row of a factors CSV among the inputs "
            "(activity district_heating, unit kWh, gas CO2e, scope 2) or as an instrument"
        ),
    }

    def load(self) -> FactorSet:
        """The packaged tables, as shipped."""
        rows = [row for name in FILES for row in _rows(name)]
        return FactorSet.from_records(
            rows, name=self.name or "travel", version=self.version, source="ghgcore_travel/data"
        )

    def crosswalks(self) -> Sequence[Crosswalk]:
        """``waste_<material>_recycling`` -> the closed-loop (or open-loop) key."""
        return [Crosswalk.from_records(_rows("aliases.csv"), name="travel-aliases", source="ghgcore-travel")]
