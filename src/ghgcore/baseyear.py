"""Base year and its recalculation (GHG Protocol Corporate Standard, chapter 5; SBTi criteria).

A company compares every year with a base year. When its boundary changes
(an acquisition, a divestment, a merger, outsourcing or insourcing) or the
way it calculates changes (a new edition of the emission factors, a better
method, an error found), the base year no longer compares like with like:
each such change is recorded as an :class:`Event` with its effect on the
base year's emissions. When the cumulative effect of the events not yet
applied reaches the significance threshold (default 5 % of base-year
emissions), the base year is recalculated: every pending event's effect is
applied, and a :class:`Recalculation` says why, by how much and with which
factor versions. Organic growth or decline (more or less of the same
activity) never triggers a recalculation: such events are kept in the
record and never applied.

The cumulative effect is the sum of the events' absolute effects on the
total (scope 1 + scope 2 market-based + scope 3): an acquisition and a
divestment of the same size both change the boundary, and do not cancel.

>>> events = [Event("acquisition", 2021, {"1": 40.0}, "bought a van fleet"),
...           Event("organic", 2021, {"1": 500.0}, "more deliveries")]
>>> restated, log = recalculate({"1": 1000.0, "2_market": 0.0, "3": 0.0}, events, base_year=2019)
>>> log
()
>>> events.append(Event("factors", 2022, {"3": 30.0}, "supplier's corrected heat figure",
...                     factor_sets=("heat 2019 -> heat 2019-corrected",)))
>>> restated, log = recalculate({"1": 1000.0, "2_market": 0.0, "3": 0.0}, events, base_year=2019)
>>> restated["1"], restated["3"], log[0].year, log[0].effect_percent
(1040.0, 30.0, 2022, 7.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ghgcore.errors import PlanError
from ghgcore.figures import FIGURE_KEYS, parse_scopes, select

__all__ = [
    "DEFAULT_THRESHOLD",
    "EVENT_KINDS",
    "STRUCTURAL_KINDS",
    "Event",
    "Recalculation",
    "recalculate",
]

#: The largest effect an event may have, kg CO2e (a trillion tonnes: beyond any organisation).
MAX_EFFECT = 1e15
#: Significance threshold: a share of base-year emissions.
DEFAULT_THRESHOLD = 0.05
#: Event kinds and the CDP reason (C7.9a) each is reported under; organic growth triggers nothing.
EVENT_KINDS: Mapping[str, str] = {
    "acquisition": "Acquisitions",
    "divestment": "Divestment",
    "merger": "Mergers",
    "outsourcing": "Change in boundary",
    "insourcing": "Change in boundary",
    "methodology": "Change in methodology",
    "factors": "Change in methodology",
    "error": "Change in methodology",
    "organic": "Change in output",
}
#: Kinds that change the organisation's boundary (and explain part of a year's change).
STRUCTURAL_KINDS = frozenset({"acquisition", "divestment", "merger", "outsourcing", "insourcing"})
_TOTAL = ("1", "2_market", "3")


def _effect(value: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, kg in dict(value).items():
        (name,) = parse_scopes(str(key))
        number = float(kg) if isinstance(kg, int | float) and not isinstance(kg, bool) else math.nan
        if not math.isfinite(number) or abs(number) >= MAX_EFFECT:
            raise PlanError(
                f"effect on {key}: got {kg!r}, expected a finite number of kg CO2e, such as 8000.0"
            )
        out[name] = number
    return out


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


@attrs.frozen
class Event:
    """A change that affects the comparison with the base year.

    Parameters
    ----------
    kind : str
        One of :data:`EVENT_KINDS`.
    year : int
        The year it took effect.
    effect : Mapping[str, float]
        Its effect on the base year's emissions, kg CO2e by scope key
        (``1``, ``2`` (market-based), ``2_location``, ``3``, ``3.6``, ...):
        an acquired company's base-year emissions (positive), a divested
        one's (negative), the difference a new factor edition makes to the
        base year's lines.
    description : str
    factor_sets : tuple of str
        For a factor or methodology change: the editions, ``"grid 2023.1 -> grid 2024.1"``.
    basis : str
        For an effect calculated from the stored base-year account
        (:func:`ghgcore.progress.factor_change`): the SHA-256 of that
        account's summary, so that an event calculated against an account
        that was replaced since is known as stale and never applied.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(tuple(EVENT_KINDS)))
    year: int = attrs.field(converter=int, validator=[attrs.validators.ge(1000), attrs.validators.le(9999)])
    effect: Mapping[str, float] = attrs.field(converter=_effect)
    description: str = ""
    factor_sets: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    basis: str = ""

    @property
    def total(self) -> float:
        """The effect on the total (scope 1 + scope 2 market-based + scope 3), kg CO2e."""
        e = self.effect
        parts = [
            e.get("1", e.get("1_fossil", 0.0)),
            e.get("2_market", 0.0),
            e["3"] if "3" in e else math.fsum(v for k, v in e.items() if k.startswith("3.")),
        ]
        return math.fsum(parts)

    @property
    def structural(self) -> bool:
        """Whether it changes the organisation's boundary."""
        return self.kind in STRUCTURAL_KINDS

    @property
    def cdp_reason(self) -> str:
        """The CDP reason-for-change it is reported under."""
        return EVENT_KINDS[self.kind]

    def to_record(self) -> dict[str, Any]:
        """A JSON-able dict (:meth:`from_record` reads it back)."""
        return {
            "kind": self.kind,
            "year": self.year,
            "effect": dict(self.effect),
            "description": self.description,
            "factor_sets": list(self.factor_sets),
            **({"basis": self.basis} if self.basis else {}),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any], where: str = "event") -> Event:
        """Read an event; bad content is a PlanError naming the field and what was expected."""
        if not isinstance(record, Mapping):
            raise PlanError(f"{where}: expected a table with kind, year and effect")
        unknown = set(record) - {"kind", "year", "effect", "description", "factor_sets", "basis"}
        if unknown:
            raise PlanError(
                f"{where}: unknown field {sorted(unknown)[0]!r}; "
                "expected kind, year, effect, description, factor_sets, basis"
            )
        kind = record.get("kind")
        if not isinstance(kind, str) or kind not in EVENT_KINDS:
            raise PlanError(f"{where}, field 'kind': got {kind!r}, expected one of {', '.join(EVENT_KINDS)}")
        year = record.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1000 <= year <= 9999:
            raise PlanError(f"{where}, field 'year': got {year!r}, expected a year such as 2022")
        effect = record.get("effect")
        if not isinstance(effect, Mapping) or not effect:
            raise PlanError(
                f'{where}, field \'effect\': expected kg CO2e by scope, such as {{"1" = 1200.0, "3" = 300.0}}'
            )
        try:
            parsed = _effect(effect)
        except ValueError as e:
            raise PlanError(f"{where}, field 'effect': {e}") from None
        description = record.get("description", "")
        factor_sets = record.get("factor_sets", [])
        if not isinstance(description, str):
            raise PlanError(f"{where}, field 'description': expected text")
        if not isinstance(factor_sets, list) or not all(isinstance(x, str) for x in factor_sets):
            raise PlanError(
                f"{where}, field 'factor_sets': expected a list of text, such as [\"grid 2023.1 -> grid 2024.1\"]"
            )
        basis = record.get("basis", "")
        if not isinstance(basis, str):
            raise PlanError(f"{where}, field 'basis': expected the SHA-256 of the base-year account, as text")
        return cls(kind, year, parsed, description, tuple(factor_sets), basis)


@attrs.frozen
class Recalculation:
    """One recalculation of the base year: why, by how much, with which factor versions.

    Attributes
    ----------
    year : int
        The year of the event that made the cumulative effect significant.
    events : tuple of Event
        The events applied.
    effect : Mapping[str, float]
        Their summed effect by scope key, kg CO2e.
    cumulative_kg : float
        The cumulative (absolute) effect on the total that triggered it.
    effect_percent : float
        That, as a percentage of the base-year total before.
    before_kg, after_kg : float
        The base-year total before and after.
    threshold_percent : float
    """

    year: int
    events: tuple[Event, ...]
    effect: Mapping[str, float]
    cumulative_kg: float
    effect_percent: float
    before_kg: float
    after_kg: float
    threshold_percent: float

    @property
    def reason(self) -> str:
        """One sentence for the log."""
        what = "; ".join(
            f"{e.kind} in {e.year}" + (f" ({e.description})" if e.description else "") for e in self.events
        )
        versions = [v for e in self.events for v in e.factor_sets]
        return (
            f"base year recalculated in {self.year}: {what}; cumulative effect {self.cumulative_kg:,.0f} kg CO2e "
            f"({self.effect_percent:.1f} % of the base year, threshold {self.threshold_percent:g} %)"
            + (f"; factor sets {', '.join(versions)}" if versions else "")
        )

    def to_record(self) -> dict[str, Any]:
        """A JSON-able dict for reports."""
        return {
            "year": self.year,
            "reason": self.reason,
            "events": [e.to_record() for e in self.events],
            "effect": dict(self.effect),
            "cumulative_kg_co2e": self.cumulative_kg,
            "effect_percent": self.effect_percent,
            "base_year_before_kg_co2e": self.before_kg,
            "base_year_after_kg_co2e": self.after_kg,
            "threshold_percent": self.threshold_percent,
            "factor_sets": [v for e in self.events for v in e.factor_sets],
        }


def recalculate(
    base: Mapping[str, float],
    events: Iterable[Event],
    *,
    base_year: int,
    threshold: float = DEFAULT_THRESHOLD,
    until: int | None = None,
) -> tuple[dict[str, float], tuple[Recalculation, ...]]:
    """The base year's figures restated by the significant events, and the recalculations made.

    Parameters
    ----------
    base : Mapping[str, float]
        The base year's figures as calculated (kg CO2e by scope key).
    events : iterable of Event
        In any order; taken by year (then in the order given). Structural
        events of the base year itself or earlier are part of the base year
        already and are ignored; a factor, methodology or error change of
        the base year counts (it restates the base year's own figures);
        organic events never count.
    base_year : int
    threshold : float, default 0.05
        The significance threshold as a share of the base-year total.
    until : int, optional
        Only events up to this year (the base year as it stood then).

    Returns
    -------
    (dict, tuple of Recalculation)
        The restated figures (every key of :data:`FIGURE_KEYS`), and the
        recalculations in order.
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold {threshold!r}: expected a share between 0 and 1, such as 0.05")
    figures = {key: float(base.get(key, 0.0)) for key in FIGURE_KEYS}
    ordered = sorted(
        (
            e
            for e in events
            if e.kind != "organic"
            and (e.year > base_year or (e.year == base_year and not e.structural))
            and (until is None or e.year <= until)
        ),
        key=lambda e: e.year,
    )
    pending: list[Event] = []
    log: list[Recalculation] = []
    for event in ordered:
        pending.append(event)
        total = select(figures, _TOTAL)
        cumulative = math.fsum(abs(e.total) for e in pending)
        if total == 0 or cumulative < threshold * abs(total):
            continue
        effect: dict[str, float] = {}
        for e in pending:
            for key, kg in e.effect.items():
                effect[key] = effect.get(key, 0.0) + kg
        before = total
        for e in pending:  # one by one: an event's part (3.6) is added to its whole (3) unless it names both
            _apply(figures, e.effect)
        log.append(
            Recalculation(
                event.year,
                tuple(pending),
                effect,
                cumulative,
                100.0 * cumulative / abs(before),
                before,
                select(figures, _TOTAL),
                100.0 * threshold,
            )
        )
        pending = []
    return figures, tuple(log)


def _apply(figures: dict[str, float], effect: Mapping[str, float]) -> None:
    """Add an effect to figures, keeping parts and wholes consistent (3.6 is in 3; 1_fossil in 1)."""
    for key, kg in effect.items():
        figures[key] += kg
        if key.startswith("3.") and "3" not in effect:
            figures["3"] += kg
        if key == "1_fossil" and "1" not in effect:
            figures["1"] += kg


def structural_effect(
    events: Sequence[Event], year: int, *, since: int | None = None
) -> tuple[float, list[tuple[str, float]]]:
    """The structural events of a year: their summed effect on the total, and (CDP reason, kg) pairs.

    With `since`, those of the years after it up to `year`: a change over
    years with no stored account between them.
    """
    first = year if since is None else since + 1
    mine = [e for e in events if e.structural and first <= e.year <= year]
    return math.fsum(e.total for e in mine), [(e.cdp_reason, e.total) for e in mine]
