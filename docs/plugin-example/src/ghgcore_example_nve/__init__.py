"""An example ghgcore factor database: NVE's electricity figures for Norway."""

from importlib import resources

from ghgcore import FactorSet
from ghgcore.plugins import FactorDatabase

__all__ = ["NVENorway"]


class NVENorway(FactorDatabase):
    """Location-based and residual-mix factors for electricity in Norway, from NVE."""

    description = "Electricity in Norway: NVE klimadeklarasjon (location) and varedeklarasjon (residual mix)"
    publisher = "NVE, Norwegian Water Resources and Energy Directorate"
    version = "2024.1"
    licence = "published figures, cited per factor (NVE news of 11 June 2024)"
    url = "https://www.nve.no"
    regions = ("NO",)
    years = (2022, 2023)

    def load(self) -> FactorSet:
        """Read the packaged factors CSV."""
        table = resources.files(__package__) / "factors.csv"
        with resources.as_file(table) as path:
            return FactorSet.from_csv(path, name="example-nve", version=self.version)
