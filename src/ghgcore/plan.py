"""An organisation's plan: base year, targets, recorded events, commitments and spearhead projects.

What a member keeps beside its yearly accounts, in the store
(:meth:`ghgcore.store.AccountStore.save_plan`) or as a TOML file of its own:

.. code-block:: toml

    base_year = 2019
    threshold_percent = 5          # significance threshold for recalculating the base year

    [[targets]]
    spec = "sbti-1.5"              # a preset, or: scopes=1+2;reduction=42;year=2030

    [[events]]                     # structural and methodology changes (see ghgcore.baseyear)
    kind = "acquisition"
    year = 2021
    effect = { "1" = 1200.0, "3" = 300.0 }
    description = "bought Fjord Transport AS"

    [[commitments]]                # see ghgcore.commitments
    [[spearheads]]                 # see ghgcore.handprint

Every error names the file, the table (``targets #2``) and the field, and
what was expected.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ghgcore.baseyear import DEFAULT_THRESHOLD, Event
from ghgcore.commitments import Commitment
from ghgcore.errors import OptionError, PlanError
from ghgcore.handprint import SpearheadProject
from ghgcore.ledger import organisation_number as _organisation_number
from ghgcore.membership import Practice
from ghgcore.targets import Target, parse_target, target_from_dict, target_to_dict

__all__ = ["Plan"]

_FIELDS = (
    "base_year", "threshold_percent", "targets", "events", "commitments", "spearheads", "organisation",
    "organisation_number", "practices",
)  # fmt: skip


@attrs.frozen
class Plan:
    """An organisation's base year, targets, events, commitments and spearhead projects.

    Attributes
    ----------
    base_year : int or None
        None: the earliest year stored.
    threshold : float
        The base year's recalculation threshold, a share (0.05 is 5 %).
    targets : tuple of Target
    events : tuple of Event
    commitments : tuple of Commitment
    spearheads : tuple of SpearheadProject
    organisation : str
        The organisation the plan says it is for (``""``: not said); storing
        it under another organisation is refused.
    organisation_number : str
        Its organisation number (``""``: not said; a SAF-T file's header
        gives it too): how a network finds purchases from fellow members.
    practices : tuple of Practice
        What it does besides the account (certification, environmental
        management, supplier requirements, strategy), for the networks'
        membership criteria (:mod:`ghgcore.membership`).
    """

    base_year: int | None = None
    threshold: float = DEFAULT_THRESHOLD
    targets: tuple[Target, ...] = ()
    events: tuple[Event, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    spearheads: tuple[SpearheadProject, ...] = ()
    organisation: str = ""
    organisation_number: str = ""
    practices: tuple[Practice, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """The JSON-able document the store keeps (:meth:`from_record` reads it)."""
        return {
            "base_year": self.base_year,
            "threshold_percent": 100.0 * self.threshold,
            "targets": [target_to_dict(t) for t in self.targets],
            "events": [e.to_record() for e in self.events],
            "commitments": [c.to_dict() for c in self.commitments],
            "spearheads": [s.to_dict() for s in self.spearheads],
            **({"organisation": self.organisation} if self.organisation else {}),
            **({"organisation_number": self.organisation_number} if self.organisation_number else {}),
            **({"practices": [p.to_dict() for p in self.practices]} if self.practices else {}),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any], where: str = "plan") -> Plan:
        """Read a plan document (from the store, JSON or TOML).

        Raises
        ------
        PlanError
            Naming `where`, the table and the field, and what was expected.
        """
        if not isinstance(record, Mapping):
            raise PlanError(f"{where}: expected a table of {', '.join(_FIELDS)}")
        unknown = [k for k in record if k not in _FIELDS]
        if unknown:
            raise PlanError(f"{where}: unknown field {unknown[0]!r}; expected {', '.join(_FIELDS)}")
        base_year = record.get("base_year")
        if base_year is not None and (
            not isinstance(base_year, int) or isinstance(base_year, bool) or not 1000 <= base_year <= 9999
        ):
            raise PlanError(f"{where}, field 'base_year': got {base_year!r}, expected a year such as 2019")
        percent = record.get("threshold_percent", 100.0 * DEFAULT_THRESHOLD)
        if isinstance(percent, bool) or not isinstance(percent, int | float) or not 0 < percent < 100:
            raise PlanError(
                f"{where}, field 'threshold_percent': got {percent!r}, expected a percentage such as 5"
            )

        def items(name: str) -> list[tuple[str, Any]]:
            value = record.get(name, [])
            if not isinstance(value, list):
                raise PlanError(f"{where}, field {name!r}: expected a list of tables ([[{name}]])")
            return [(f"{where}, {name} #{i}", item) for i, item in enumerate(value, 1)]

        targets = tuple(_target(item, at, base_year) for at, item in items("targets"))
        events = tuple(Event.from_record(item, at) for at, item in items("events"))
        commitments = tuple(_guarded(Commitment.from_dict, item, at) for at, item in items("commitments"))
        spearheads = tuple(_guarded(SpearheadProject.from_dict, item, at) for at, item in items("spearheads"))
        for (at, _), project in zip(items("spearheads"), spearheads, strict=True):
            _guarded(lambda p: p.avoided(), project, at)  # a figure too large to be a number: said now
        organisation = record.get("organisation", "")
        if not isinstance(organisation, str):
            raise PlanError(f"{where}, field 'organisation': expected the organisation's name, as text")
        number = record.get("organisation_number", "")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        if (
            not isinstance(number, str)
            or len(number) > 40
            or (not _organisation_number(number).isalnum() and number)
        ):
            raise PlanError(
                f"{where}, field 'organisation_number': got {number!r}, expected an organisation number "
                'such as "999999999" (letters and digits)'
            )
        practices = tuple(Practice.from_dict(item, at) for at, item in items("practices"))
        return cls(
            base_year, float(percent) / 100.0, targets, events, commitments, spearheads, organisation,
            _organisation_number(number), practices,
        )  # fmt: skip

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Plan:
        """Read a plan from a TOML (``.toml``) or JSON file."""
        import json

        name = os.fspath(path)
        try:
            with open(path, "rb") as f:
                raw = f.read(1 << 22)
                if f.read(1):
                    raise PlanError(f"{name}: larger than 4 MiB; a plan is a short file")
        except OSError as e:
            raise PlanError(f"{name}: cannot be read ({e.strerror or e})") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise PlanError(f"{name}: not UTF-8 text (byte {e.start})") from None
        if name.lower().endswith(".json"):
            try:
                record = json.loads(text)
            except ValueError as e:
                raise PlanError(f"{name}: not JSON ({e})") from None
        else:
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - Python 3.10
                import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
            try:
                record = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                raise PlanError(f"{name}: not TOML ({e})") from None
        return cls.from_record(record, name)

    def with_targets(self, targets: Sequence[Target]) -> Plan:
        """The plan with these targets instead of its own."""
        return attrs.evolve(self, targets=tuple(targets))


def _guarded(read: Any, item: Any, where: str) -> Any:
    try:
        return read(item)
    except PlanError as e:
        raise PlanError(f"{where}: {e}") from None
    except (TypeError, ValueError, KeyError) as e:
        raise PlanError(f"{where}: {e}") from None


def _target(item: Any, where: str, base_year: int | None) -> Target:
    if isinstance(item, Mapping) and "spec" in item:
        if set(item) - {"spec"}:
            raise PlanError(f"{where}: a target is either a spec or fields, not both")
        try:
            return parse_target(str(item["spec"]), base_year=base_year)
        except OptionError as e:
            raise PlanError(f"{where}, field 'spec': {e}") from None
    target: Target = _guarded(target_from_dict, item, where)
    if target.base_year is None and base_year is not None:
        target = target.with_base_year(base_year)
    return target
