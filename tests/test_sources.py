"""Tests for ghgcore.sources: every kind of factor source, and what databases ship."""

from __future__ import annotations

import pytest

from ghgcore import EmissionFactor, FactorSet
from ghgcore.errors import LockMismatchError, OptionError, UnknownDatabaseError
from ghgcore.lock import Lock
from ghgcore.money import PriceIndex
from ghgcore.sources import Sources, resolve

from .conftest import EXAMPLES


def test_factor_sets_files_and_names_in_order(simple_factors):
    """Sets, CSV paths and database names resolve in the order given (your own first)."""
    sources = resolve([simple_factors, EXAMPLES / "factors.csv", "fuels"])
    assert ["simple", "factors", "fuels"] == [fs.name for fs in sources.factor_sets]
    assert ["fuels"] == [db.name for db in sources.databases]


def test_a_string_ending_in_csv_is_a_file():
    """'mine.csv' is read as a factors file, not looked up as a database."""
    sources = resolve(str(EXAMPLES / "factors.csv"))
    assert "factors" == sources.factor_sets[0].name


def test_spend_database_ships_mapping_crosswalks_and_index():
    """A spend database brings its account mapping and its price index."""
    sources = resolve("spend")
    assert sources.account_mapping() is not None
    assert "NOK" in {index.currency for index in sources.price_indices}


def test_own_price_index_comes_before_the_database_one(tmp_path):
    """Your index for a currency wins over the database's; CUR=path names the currency."""
    path = tmp_path / "kpi.csv"
    path.write_text("year,change\n2019,2.2\n2020,1.3\n", encoding="utf-8")
    sources = resolve("spend", price_indices=[f"NOK={path}"])
    [nok] = [index for index in sources.price_indices if index.currency == "NOK"]
    assert isinstance(nok, PriceIndex)
    assert str(path) in nok.name or nok.name == "kpi"


def test_own_mapping_layers_over_the_database_one(tmp_path):
    """Your mapping is asked first, the database's covers the rest."""
    path = tmp_path / "accounts.csv"
    path.write_text("account,category\n6551,it_equipment\n", encoding="utf-8")
    mapping = resolve("spend", mappings=[path]).account_mapping()
    assert mapping is not None
    assert "it_equipment" == mapping.lookup("6551").category
    assert mapping.lookup("4300") is not None


def test_no_source_is_an_option_error():
    """An empty source list says what is missing."""
    with pytest.raises(OptionError, match="no factors"):
        resolve([])


def test_unknown_database_names_the_installed_ones():
    """A typo names what is installed."""
    with pytest.raises(UnknownDatabaseError, match="fuels"):
        resolve("fule")


def test_something_else_is_a_type_error():
    """A number is not a factor source."""
    with pytest.raises(TypeError, match="expected a FactorSet"):
        resolve([42])  # type: ignore[list-item]


def test_lock_pins_and_checks(tmp_path, simple_factors):
    """A lock file is read, and a set that differs from it is refused."""
    path = tmp_path / "ghgcore.lock"
    Lock.of([simple_factors]).write(path)
    assert (simple_factors,) == resolve(simple_factors, lock=path).factor_sets
    other = FactorSet.from_factors(
        [EmissionFactor("x", "kg", {"CO2": 1.0}, source="s", scope=3)], name="simple", version="2.0"
    )
    with pytest.raises(LockMismatchError, match=r"locked at 1\.0"):
        resolve(other, lock=path)


def test_sources_without_mappings_have_none():
    """No mapping at all gives None, not an empty mapping."""
    assert Sources(factor_sets=()).account_mapping() is None


def test_lookup_names_the_factor_and_how_it_was_found():
    """Lookup gives the factor a database would use for a line, with the match kind."""
    from ghgcore.sources import lookup

    found = lookup("fuels", "diesel", year=2021)
    [answer] = found.answers
    assert (False, "exact") == (answer.market, answer.match)
    assert answer.factor is not None
    assert "diesel" == answer.factor.activity
    assert ("",) == found.regions_searched


def test_lookup_of_an_unknown_activity_says_why(tmp_path):
    """No factor: the answer carries the reason, naming the set searched."""
    from ghgcore.sources import lookup

    found = lookup(EXAMPLES / "factors.csv", "unicorn")
    [answer] = found.answers
    assert answer.factor is None
    assert "unknown activity 'unicorn'" in answer.reason
    assert found.database is None
