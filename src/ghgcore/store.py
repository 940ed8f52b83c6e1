"""The account store: organisations' yearly accounts kept on disk, embedded, no server.

A member keeps an account every year; the store keeps each calculated
account so that years can be compared, targets followed and a network's
members added up. It is a folder:

.. code-block:: text

    STORE/
      ghgcore-store.json            what the folder is (format and version)
      log.jsonl                     one line per change: saved, replaced, plan stored
      accounts/<organisation key>/
        organisation.json           the organisation's name
        plan.json                   base year, targets, events, commitments, spearhead projects
        <year>/account.json         summary (the JSON bytes of ``ghgcore calculate --format json``),
                                    figures, metrics, inputs' checksums, factor sets, energy
        <year>/lines.parquet        one row per line: the result (``Inventory.to_dataframe()``)
        <year>/activities.parquet   the input lines as calculated (for recalculating the year)
        <year>/problems.parquet     the input lines' problems
        history/<year>-<n>/         an account that was replaced

Why this shape: the per-line tables are Parquet (columnar, compressed,
dictionary-encoded strings; written and read by pyarrow, which ghgcore
already uses for its CSV reader), so 10^5 lines of hundreds of members over
many years stay small and any tool (pandas, polars, DuckDB, Spark) reads
them without ghgcore. What one organisation's progress needs is in a few
small JSON documents, so ``ghgcore progress`` reads kilobytes, not the
lines. There is no server and no database file to lock: an account appears
whole (written beside, then renamed into place) or not at all, and writers
take a lock on the store while they change it.

Saving an organisation's year that is stored already needs ``replace=True``;
the replaced account is kept under ``history/`` and the log says so.

>>> import tempfile
>>> from ghgcore import Activity, EmissionFactor, FactorSet, calculate_inventory
>>> fs = FactorSet.from_factors(
...     [EmissionFactor("diesel", "L", {"CO2": 2.5}, source="example", scope=1)], name="ex", version="1")
>>> inventory = calculate_inventory([Activity.of("diesel", 100, "L", year=2024)], fs)
>>> store = AccountStore(tempfile.mkdtemp() + "/store")
>>> account = store.save(inventory, organisation="Example AS", metrics=["employees=4"])
>>> store.load("Example AS", 2024).figures["1"], store.organisations()
(250.0, ['Example AS'])
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ghgcore._columns import Categorical
from ghgcore._version import __version__
from ghgcore.activities import ActivityTable
from ghgcore.errors import AccountExistsError, OptionError, StoreError, UnknownAccountError
from ghgcore.figures import FIGURE_KEYS, figures, fossil_scope1
from ghgcore.output import dumps_summary
from ghgcore.problems import Problems

if TYPE_CHECKING:
    import pint
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    from ghgcore.inventory import Inventory
    from ghgcore.plan import Plan

__all__ = ["STORE_VERSION", "Account", "AccountStore", "InputFile", "Metric"]

#: The store format this version writes and reads.
STORE_VERSION = 1
_MARKER = "ghgcore-store.json"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")


def _strip(value: object) -> str:
    return str(value).strip()


@attrs.frozen
class Metric:
    """A figure stored with an account to divide emissions by: employees, revenue, floor area.

    Parameters
    ----------
    name : str
        A short name (letters, digits, ``_ . -``): ``employees``, ``revenue``.
    value : float
        A finite number.
    unit : str
        A unit the registry parses (``MNOK``, ``EUR``, ``m**2``, ``t``), or
        ``""`` for a count.

    Examples
    --------
    >>> m = Metric.parse("revenue=12.5 MNOK")
    >>> m, str(m)
    (Metric(name='revenue', value=12.5, unit='MNOK'), 'revenue=12.5 MNOK')
    >>> Metric.parse("employees=40").quantity
    <Quantity(40.0, 'dimensionless')>
    """

    name: str = attrs.field()
    value: float = attrs.field(converter=float)
    unit: str = attrs.field(default="", converter=_strip)

    @name.validator
    def _check_name(self, _: Any, name: str) -> None:
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise OptionError(
                f"metric name {name!r}: expected a short name such as employees or revenue "
                "(letters, digits, _ . -; starting with a letter)"
            )

    @value.validator
    def _check_value(self, _: Any, value: float) -> None:
        if not math.isfinite(value) or value < 0:
            raise OptionError(f"metric {self.name}: got {value!r}, expected a finite number, zero or more")

    @unit.validator
    def _check_unit(self, _: Any, unit: str) -> None:
        if unit:
            from ghgcore.units import check_unit

            try:
                check_unit(unit)
            except ValueError as e:
                raise OptionError(f"metric {self.name}: {e}") from None

    @classmethod
    def parse(cls, text: str) -> Metric:
        """A metric from ``NAME=QUANTITY`` text: ``employees=40``, ``revenue=12.5 MNOK``, ``area=1200 m**2``.

        Raises
        ------
        OptionError
            Text that is not of that form, naming what was expected.
        """
        name, sep, rest = str(text).partition("=")
        number, _, unit = rest.strip().partition(" ")
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not sep or not number or not math.isfinite(value):
            raise OptionError(
                f"metric {text!r}: expected NAME=QUANTITY, a name and a number ('.' as decimal point) with an "
                "optional unit, such as employees=40 or revenue=12.5 MNOK"
            )
        return cls(name.strip(), value, unit)

    def value_in(self, unit: str) -> float:
        """The value in `unit` (``""``: a count).

        Raises
        ------
        UnitError
            The metric's unit is not of `unit`'s kind (NOK for employees).
        """
        if unit == self.unit:
            return self.value
        from ghgcore.units import conversion_factor

        return self.value * conversion_factor(self.unit or "dimensionless", unit or "dimensionless")

    @property
    def quantity(self) -> pint.Quantity[Any]:
        """The metric as a quantity of the shared registry."""
        from ghgcore.units import quantity

        return quantity(self.value, self.unit or "dimensionless")

    def __str__(self) -> str:
        return f"{self.name}={self.value:g}{' ' + self.unit if self.unit else ''}"


@attrs.frozen
class InputFile:
    """An input file of an account: its name as given, its size and SHA-256."""

    name: str
    sha256: str
    size: int

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> InputFile:
        """Checksum a file (read in blocks)."""
        digest = hashlib.sha256()
        size = 0
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
        return cls(os.fspath(path), digest.hexdigest(), size)


@attrs.frozen
class Account:
    """One organisation's stored account for one year (without its lines; see :meth:`AccountStore.lines`).

    Attributes
    ----------
    organisation : str
    year : int
        The reporting year.
    summary_json : str
        The calculation summary exactly as ``ghgcore calculate --format json``
        wrote it (:func:`ghgcore.output.dumps_summary`): the same bytes after
        a reload.
    figures : Mapping[str, float]
        kg CO2e by scope key (:data:`ghgcore.figures.FIGURE_KEYS`).
    metrics : tuple of Metric
    inputs : tuple of InputFile
        The files it was calculated from.
    energy : Mapping or None
        Energy use and mix, where the calculation gave it.
    calculation : Mapping
        How it was calculated, to calculate it again alike: ``gwp`` and
        ``fallback`` (the :class:`~ghgcore.resolution.Fallback` fields).
    saved_with : str
        The ghgcore version that saved it.
    """

    organisation: str
    year: int
    summary_json: str
    figures: Mapping[str, float]
    metrics: tuple[Metric, ...] = ()
    inputs: tuple[InputFile, ...] = ()
    energy: Mapping[str, Any] | None = None
    calculation: Mapping[str, Any] = attrs.field(factory=dict)
    saved_with: str = __version__

    @property
    def summary(self) -> dict[str, Any]:
        """The calculation summary as a dict."""
        data: dict[str, Any] = json.loads(self.summary_json)
        return data

    @property
    def total(self) -> float:
        """Total kg CO2e: scope 1 + scope 2 market-based + scope 3, as ``total_kg_co2e`` of the summary."""
        return float(self.summary["total_kg_co2e"])

    @property
    def summary_sha256(self) -> str:
        """The SHA-256 of the summary's JSON (UTF-8): which calculation this account is."""
        return hashlib.sha256(self.summary_json.encode("utf-8")).hexdigest()

    @property
    def factor_sets(self) -> tuple[dict[str, str], ...]:
        """The factor sets it was calculated with: name, version, sha256."""
        return tuple(dict(fs) for fs in self.summary.get("factor_sets", []))

    def metric(self, name: str) -> Metric | None:
        """The metric of that name, or None."""
        return next((m for m in self.metrics if m.name == name), None)

    def to_record(self) -> dict[str, Any]:
        """The JSON document the store keeps for it."""
        return {
            "format": STORE_VERSION,
            "organisation": self.organisation,
            "year": self.year,
            "summary": self.summary_json,
            "figures": dict(self.figures),
            "metrics": [{"name": m.name, "value": m.value, "unit": m.unit} for m in self.metrics],
            "inputs": [{"name": i.name, "sha256": i.sha256, "size": i.size} for i in self.inputs],
            "energy": None if self.energy is None else dict(self.energy),
            "calculation": dict(self.calculation),
            "saved_with": self.saved_with,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any], where: str = "account") -> Account:
        """Read :meth:`to_record`'s document back; a damaged one is a StoreError naming the field."""
        field = "(document)"
        try:
            field = "format"
            if record.get("format") != STORE_VERSION:
                raise StoreError(
                    f"{where}: store format {record.get('format')!r}, expected {STORE_VERSION} "
                    "(saved by another ghgcore version)"
                )
            field = "organisation"
            organisation = record["organisation"]
            if not isinstance(organisation, str) or not organisation:
                raise TypeError
            field = "year"
            year = record["year"]
            if not isinstance(year, int) or isinstance(year, bool):
                raise TypeError
            field = "summary"
            summary = record["summary"]
            if not isinstance(summary, str) or not isinstance(json.loads(summary), dict):
                raise TypeError
            field = "figures"
            figs = {key: float(record["figures"][key]) for key in FIGURE_KEYS}
            if not all(math.isfinite(v) and abs(v) < 1e200 for v in figs.values()):
                raise ValueError("not a finite number")
            field = "summary"
            parsed = json.loads(summary)
            total = parsed.get("total_kg_co2e")
            if (
                isinstance(total, bool)
                or not isinstance(total, int | float)
                or not isinstance(parsed.get("gwp"), str)
            ):
                raise TypeError
            field = "metrics"
            metrics = tuple(Metric(m["name"], m["value"], m["unit"]) for m in record["metrics"])
            field = "inputs"
            inputs = tuple(
                InputFile(str(i["name"]), str(i["sha256"]), int(i["size"])) for i in record["inputs"]
            )
            field = "energy"
            energy = record.get("energy")
            if energy is not None and not isinstance(energy, dict):
                raise TypeError
            field = "calculation"
            calculation = record.get("calculation", {})
            if not isinstance(calculation, dict):
                raise TypeError
            saved_with = str(record.get("saved_with", ""))
            return cls(organisation, year, summary, figs, metrics, inputs, energy, calculation, saved_with)
        except StoreError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StoreError(f"{where}: field {field!r} is missing or damaged ({type(e).__name__})") from None


def _key(organisation: str) -> str:
    """The folder name of an organisation: readable, safe on every file system, never ambiguous."""
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-")[:40] or "organisation"
    return f"{slug}-{hashlib.sha256(organisation.encode('utf-8')).hexdigest()[:12]}"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _name(organisation: str) -> str:
    """An organisation's name as stored: without surrounding space, in Unicode NFC ("Bø AS" one way)."""
    return unicodedata.normalize("NFC", organisation.strip())


def _check_organisation(organisation: object) -> str:
    if not isinstance(organisation, str) or not organisation.strip():
        raise OptionError(
            "the store needs the organisation's name: --organisation on the command line, organisation= in Python"
        )
    if not organisation.isprintable():
        raise OptionError(f"organisation {organisation!r}: expected a name without control characters")
    return _name(organisation)


class AccountStore:
    """An account store in a folder (made on first use).

    Parameters
    ----------
    path : str or os.PathLike
        The store's folder. A folder that does not exist, or an empty one,
        becomes a new store; a folder with other files in it is refused.
    create : bool, default True
        Make a new store if there is none; with False, a missing store is an
        error.

    Raises
    ------
    StoreError
        The folder is not a store (or of a format this version cannot
        read), or cannot be made.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        marker = self.path / _MARKER
        if marker.is_file():
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
                version = info["version"]
            except (OSError, ValueError, KeyError, TypeError) as e:
                raise StoreError(f"{marker}: not a readable store marker ({e})") from None
            if version != STORE_VERSION:
                raise StoreError(f"{self.path}: store format {version!r}, this ghgcore reads {STORE_VERSION}")
            return
        if not create:
            raise StoreError(f"{self.path}: no account store here (no {_MARKER})")
        if self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
            raise StoreError(
                f"{self.path}: not an account store (no {_MARKER}) and not an empty folder; "
                "give a new folder for a new store"
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            (self.path / "accounts").mkdir(exist_ok=True)
            _write_text(marker, json.dumps({"format": "ghgcore-store", "version": STORE_VERSION}) + "\n")
        except OSError as e:
            raise StoreError(f"{self.path}: cannot make an account store ({e.strerror or e})") from None

    def __repr__(self) -> str:
        return f"<AccountStore {os.fspath(self.path)!r}>"

    # ------------------------------------------------------------------ reading

    def _folder(self, organisation: str) -> Path:
        return self.path / "accounts" / _key(_name(organisation))

    def organisations(self) -> list[str]:
        """The organisations with a folder in the store, sorted by name."""
        names = []
        for path in sorted((self.path / "accounts").glob("*/organisation.json")):
            name = _read_json(path).get("name")
            if not isinstance(name, str) or not name:
                raise StoreError(f"{path}: field 'name' is missing or damaged")
            names.append(name)
        return sorted(names)

    def years(self, organisation: str) -> list[int]:
        """The years the organisation has an account for, oldest first."""
        folder = self._folder(organisation)
        return sorted(
            int(p.name) for p in folder.glob("[0-9][0-9][0-9][0-9]") if (p / "account.json").is_file()
        )

    def __contains__(self, item: object) -> bool:
        if isinstance(item, tuple) and len(item) == 2:
            organisation, year = item
            return (
                isinstance(organisation, str)
                and (self._folder(organisation) / str(year) / "account.json").is_file()
            )
        return isinstance(item, str) and (self._folder(item) / "organisation.json").is_file()

    def load(self, organisation: str, year: int) -> Account:
        """The organisation's account for `year`.

        Raises
        ------
        UnknownAccountError
            No such account (the message lists the years there are).
        StoreError
            A damaged account file.
        """
        path = self._folder(organisation) / str(int(year)) / "account.json"
        if not path.is_file():
            self._unknown(organisation, year)
        account = Account.from_record(_read_json(path), str(path))
        if account.organisation != _name(organisation) or account.year != int(year):
            raise StoreError(
                f"{path}: holds {account.organisation!r} {account.year}, expected {_name(organisation)!r} {year}"
            )
        return account

    def accounts(self, organisation: str) -> list[Account]:
        """Every stored account of the organisation, oldest first."""
        if organisation not in self:
            self._unknown(organisation, None)
        return [self.load(organisation, year) for year in self.years(organisation)]

    def _unknown(self, organisation: str, year: int | None) -> Any:
        if organisation not in self:
            known = self.organisations()
            listed = ", ".join(repr(o) for o in known[:10]) + (" ..." if len(known) > 10 else "")
            raise UnknownAccountError(
                f"{self.path}: no organisation {organisation!r} in the store"
                + (f" (it has {listed})" if known else " (it is empty)")
            )
        years = self.years(organisation)
        raise UnknownAccountError(
            f"{self.path}: {organisation!r} has no account for {year}"
            f" (it has {', '.join(map(str, years)) or 'none'})"
        )

    def lines(
        self,
        organisation: str,
        year: int,
        columns: Sequence[str] | None = None,
        *,
        present_only: bool = False,
    ) -> pa.Table:
        """The account's result lines (one row per input line) as a pyarrow Table (only `columns`, if given).

        With `present_only`, those of `columns` the lines have (a tag column
        such as ``supplier_number`` is there only if some input had it);
        else a column that is not there is a :class:`StoreError`.
        """
        import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

        path = self._account_file(organisation, year, "lines.parquet")
        try:
            file = pq.ParquetFile(path)
            if columns is not None and present_only:
                have = set(file.schema_arrow.names)
                columns = [c for c in columns if c in have]
            return file.read(columns=None if columns is None else list(columns))
        except (OSError, ValueError, KeyError) as e:  # pyarrow's errors derive from these
            raise StoreError(f"{path}: cannot be read ({e})") from None

    def activities(self, organisation: str, year: int) -> ActivityTable:
        """The account's input lines as calculated, to calculate the year again."""
        import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

        tables = []
        for name in ("activities.parquet", "problems.parquet"):
            path = self._account_file(organisation, year, name)
            try:
                tables.append(pq.ParquetFile(path).read())
            except (OSError, ValueError, KeyError) as e:  # pyarrow's errors derive from these
                raise StoreError(f"{path}: cannot be read ({e})") from None
        try:
            return _activities_from_arrow(*tables)
        except (KeyError, ValueError, TypeError) as e:
            raise StoreError(f"{path.parent}: the stored input lines are damaged ({e})") from None

    def _account_file(self, organisation: str, year: int, name: str) -> Path:
        path = self._folder(organisation) / str(int(year)) / name
        if not path.is_file():
            if not (path.parent / "account.json").is_file():
                self._unknown(organisation, year)
            raise StoreError(f"{path}: missing from the stored account")
        return path

    def log(self, organisation: str | None = None) -> list[dict[str, Any]]:
        """The store's log, oldest first (of one organisation, if given)."""
        path = self.path / "log.jsonl"
        if not path.is_file():
            return []
        entries = []
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    entry = None
                if not isinstance(entry, dict):
                    raise StoreError(f"{path}, line {number}: not a JSON object")
                if organisation is None or entry.get("organisation") == organisation:
                    entries.append(entry)
        return entries

    def plan_record(self, organisation: str) -> dict[str, Any] | None:
        """The organisation's stored plan document, or None (see :mod:`ghgcore.plan`)."""
        path = self._folder(organisation) / "plan.json"
        return _read_json(path) if path.is_file() else None

    def plan(self, organisation: str) -> Plan:
        """The organisation's stored plan (an empty one if none is stored).

        Raises
        ------
        PlanError
            A stored plan that cannot be read (naming the store and the field).
        """
        from ghgcore.plan import Plan

        record = self.plan_record(organisation)
        return Plan.from_record(record, f"{self.path}: the plan of {organisation!r}") if record else Plan()

    def save_plan(self, organisation: str, plan: Plan, *, note: str = "") -> None:
        """Store the organisation's plan, replacing the one stored (logged)."""
        self.save_plan_record(organisation, plan.to_record(), note=note)

    # ------------------------------------------------------------------ writing

    def save(
        self,
        inventory: Inventory,
        *,
        organisation: str | None = None,
        year: int | None = None,
        metrics: Iterable[Metric | str] = (),
        inputs: Iterable[str | os.PathLike[str] | InputFile] = (),
        energy: Mapping[str, Any] | None = None,
        uncertainty: Mapping[str, Any] | None = None,
        replace: bool = False,
        note: str = "",
    ) -> Account:
        """Save an inventory as the organisation's account for its year.

        Parameters
        ----------
        inventory : Inventory
        organisation : str, optional
            Default: the inventory's organisation (which a SAF-T file's
            header gives).
        year : int, optional
            Must be the inventory's reporting year if given.
        metrics : iterable of Metric or ``NAME=QUANTITY`` text
        inputs : iterable of paths or InputFile
            The files it was calculated from (checksummed).
        energy : Mapping, optional
            Energy use and mix to keep with it (default: the summary's ``energy``).
        uncertainty : Mapping, optional
            The summary's ``uncertainty`` part to keep, when it was made
            otherwise than by default (``inventory.summary(uncertainty="monte-carlo")``
            made once, not again); default: the inventory's approach 1 intervals.
        replace : bool, default False
            Replace a stored account of that organisation and year (kept in
            the history, and logged).
        note : str
            Why, for the log.

        Raises
        ------
        AccountExistsError
            The organisation has an account for the year and `replace` is
            not set.
        OptionError
            No organisation; a year that is not the inventory's; a metric
            named twice.
        """
        organisation = _check_organisation(organisation or inventory.organisation)
        if year is not None and int(year) != inventory.year:
            raise OptionError(f"year {year}: the inventory is for {inventory.year}")
        parsed = tuple(m if isinstance(m, Metric) else Metric.parse(m) for m in metrics)
        names = [m.name for m in parsed]
        if len(set(names)) < len(names):
            raise OptionError(f"metrics: {sorted({n for n in names if names.count(n) > 1})} given twice")
        files = tuple(i if isinstance(i, InputFile) else InputFile.of(i) for i in inputs)
        summary = inventory.summary()
        if uncertainty is not None:
            summary["uncertainty"] = _same_figures(uncertainty, summary["uncertainty"])
        summary_json = dumps_summary(summary)
        account = Account(
            organisation,
            inventory.year,
            summary_json,
            figures(summary, fossil_scope1(inventory.result)),
            parsed,
            files,
            json.loads(json.dumps(dict(energy))) if energy is not None else summary.get("energy"),
            {"gwp": inventory.gwp.name, "fallback": attrs.asdict(inventory.result.fallback)},
        )
        if (organisation, account.year) in self and not replace:
            raise AccountExistsError(
                f"{self.path}: {organisation!r} has an account for {account.year} already; "
                "replace it explicitly (--replace on the command line, replace=True in Python)"
            )
        tables = {
            "lines.parquet": _arrow_of_frame(inventory.to_dataframe()),
            "activities.parquet": _arrow_of_activities(inventory.result.activities),
            "problems.parquet": _arrow_of_problems(inventory.result.activities.problems),
        }
        with self._locked():
            folder = self._folder(organisation)
            folder.mkdir(exist_ok=True)
            if not (folder / "organisation.json").is_file():
                _write_text(folder / "organisation.json", json.dumps({"name": organisation}) + "\n")
            target = folder / str(account.year)
            replaced = target.exists()
            if replaced and not replace:  # saved by another writer meanwhile
                raise AccountExistsError(
                    f"{self.path}: {organisation!r} has an account for {account.year} already"
                )
            staging = Path(tempfile.mkdtemp(prefix=".ghgcore-", dir=folder))
            try:
                import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

                for name, table in tables.items():
                    pq.write_table(table, staging / name, compression="zstd")
                _write_text(
                    staging / "account.json", json.dumps(account.to_record(), indent=1, sort_keys=True) + "\n"
                )
                old = None
                if replaced:
                    old = self._retire(folder, account.year)
                os.rename(staging, target)
                _fsync_dir(folder)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            self._append_log(
                {
                    "action": "replaced" if replaced else "saved",
                    "organisation": organisation,
                    "year": account.year,
                    "total_kg_co2e": account.total,
                    "summary_sha256": hashlib.sha256(summary_json.encode("utf-8")).hexdigest(),
                    "factor_sets": [f"{fs['name']} {fs['version']}" for fs in account.factor_sets],
                    **({"previous": os.fspath(old.relative_to(self.path))} if old else {}),
                    **({"note": note} if note else {}),
                }
            )
        return account

    def save_plan_record(self, organisation: str, record: Mapping[str, Any], *, note: str = "") -> None:
        """Store the organisation's plan document (replacing the one stored; logged).

        Raises
        ------
        PlanError
            A document :meth:`plan` could not read back: it is never written.
        """
        from ghgcore.plan import Plan

        organisation = _check_organisation(organisation)
        Plan.from_record(record, f"the plan for {organisation!r}")
        text = json.dumps(dict(record), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        with self._locked():
            folder = self._folder(organisation)
            folder.mkdir(exist_ok=True)
            if not (folder / "organisation.json").is_file():
                _write_text(folder / "organisation.json", json.dumps({"name": organisation}) + "\n")
            existed = (folder / "plan.json").is_file()
            _write_text(folder / "plan.json", text)
            self._append_log(
                {
                    "action": "plan replaced" if existed else "plan saved",
                    "organisation": organisation,
                    "plan_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    **({"note": note} if note else {}),
                }
            )

    def _retire(self, folder: Path, year: int) -> Path:
        history = folder / "history"
        history.mkdir(exist_ok=True)
        taken = [p.name.rpartition("-")[2] for p in history.glob(f"{year}-*")]
        n = 1 + max((int(t) for t in taken if t.isdigit()), default=0)
        old = history / f"{year}-{n}"
        os.rename(folder / str(year), old)
        return old

    def _append_log(self, entry: Mapping[str, Any]) -> None:
        line = json.dumps({"time": _now(), **entry}, ensure_ascii=False, sort_keys=True) + "\n"
        fd = os.open(self.path / "log.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the store's write lock (other writers wait)."""
        fd = os.open(self.path / ".lock", os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - not POSIX: one writer at a time is the user's to keep
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


# ---------------------------------------------------------------------- files


def _same_figures(given: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """The `uncertainty` part given to :meth:`AccountStore.save`, checked to be of the inventory's own figures."""

    def values(part: Mapping[str, Any]) -> dict[str, Any]:
        figures = part.get("figures")
        if not isinstance(figures, Mapping):
            return {}
        return {k: v.get("value") if isinstance(v, Mapping) else None for k, v in figures.items()}

    if not isinstance(given, Mapping) or not isinstance(given.get("method"), str):
        raise OptionError("uncertainty: expected the summary's uncertainty part (method, level, figures)")
    if values(given) != values(own):
        raise OptionError(
            "uncertainty: its figures are not this inventory's (make it with inventory.summary(...) "
            "of the inventory saved)"
        )
    copied: dict[str, Any] = json.loads(json.dumps(dict(given)))
    return copied


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise StoreError(f"{path}: cannot be read ({e.strerror or e})") from None
    except ValueError as e:
        raise StoreError(f"{path}: damaged, not JSON ({e})") from None
    if not isinstance(data, dict):
        raise StoreError(f"{path}: damaged, expected a JSON object")
    return data


def _write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all (beside, synced, renamed into place)."""
    fd, tmp = tempfile.mkstemp(prefix=".ghgcore-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------------- columns <-> Arrow


def _dictionary(column: Categorical) -> pa.Array:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    codes = column.codes
    return pa.DictionaryArray.from_arrays(
        pa.array(codes, type=pa.int32(), mask=codes < 0), pa.array(list(column.categories), type=pa.string())
    )


def _arrow_of_frame(frame: Any) -> pa.Table:
    """The result frame as an Arrow table (object columns of text or lists kept as they are)."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    return pa.Table.from_pandas(frame, preserve_index=False)


def _arrow_of_activities(table: ActivityTable) -> pa.Table:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    columns: dict[str, Any] = {
        "line": pa.array(table.line, type=pa.int64()),
        "activity": _dictionary(table.activity),
        "amount": pa.array(table.amount, type=pa.float64()),
        "unit": _dictionary(table.unit),
        "region": _dictionary(table.region),
        "year": pa.array(table.year, type=pa.int32()),
        "scope": pa.array(table.scope, type=pa.int8()),
        "category": pa.array(table.category, type=pa.int8()),
        "site": _dictionary(table.site),
        "id": _dictionary(table.id),
    }
    if table.exclusion is not None:
        columns["exclusion"] = _dictionary(table.exclusion)
    columns.update({f"mark:{name}": _dictionary(col) for name, col in table.marks.items()})
    columns.update({f"tag:{name}": _dictionary(col) for name, col in table.tags.items()})
    return pa.table(columns, metadata={"source": table.source})


def _arrow_of_problems(problems: Problems) -> pa.Table:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    return pa.table(
        {
            "row": pa.array(problems.row, type=pa.int64()),
            "line": pa.array(problems.line, type=pa.int64()),
            "field": _dictionary(problems.field),
            "value": _dictionary(problems.value),
            "expected": _dictionary(problems.expected),
        }
    )


def _activities_from_arrow(table: pa.Table, problems: pa.Table) -> ActivityTable:
    def cat(name: str) -> Categorical:
        return Categorical.from_arrow(table.column(name))

    def numbers(name: str, dtype: Any) -> Any:
        return np.asarray(table.column(name).to_numpy(), dtype=dtype)

    names = table.column_names
    meta = table.schema.metadata or {}
    return ActivityTable(
        activity=cat("activity"),
        amount=numbers("amount", np.float64),
        unit=cat("unit"),
        region=cat("region"),
        year=numbers("year", np.int32),
        scope=numbers("scope", np.int8),
        category=numbers("category", np.int8),
        site=cat("site"),
        id=cat("id"),
        tags={n[4:]: cat(n) for n in names if n.startswith("tag:")},
        line=numbers("line", np.int64),
        problems=Problems.from_columns(
            row=np.asarray(problems.column("row").to_numpy(), dtype=np.intp),
            line=np.asarray(problems.column("line").to_numpy(), dtype=np.int64),
            field=Categorical.from_arrow(problems.column("field")),
            value=Categorical.from_arrow(problems.column("value")),
            expected=Categorical.from_arrow(problems.column("expected")),
        ),
        source=meta.get(b"source", b"").decode("utf-8"),
        exclusion=cat("exclusion") if "exclusion" in names else None,
        marks={n[5:]: cat(n) for n in names if n.startswith("mark:")},
    )


def metrics_of(accounts: Sequence[Account]) -> list[str]:
    """The metric names any of the accounts has, in order of first appearance."""
    return list(dict.fromkeys(m.name for a in accounts for m in a.metrics))
