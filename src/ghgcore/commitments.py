"""Commitments and their actions, followed up year by year against the account's figures.

A *commitment* is a member's climate goal (``"halve scopes 1 and 2 by
2030"``) on a selection of scopes (see :mod:`ghgcore.figures`), from a start
year, with the *actions* that are to deliver it. Each action has an owner, a
due year, an expected reduction (kg CO2e, or a percent of its scopes'
emissions in the commitment's start year) and a status reported each year:
``planned``, ``started``, ``done``, ``delayed`` or ``cancelled``.

:func:`follow_up` sets, for every year with figures, what the actions were
expected to cut against what the figures show was cut.

An action's status in a year is the last one reported in or before that
year (``planned`` when none is): a status stays until a new one is reported.

>>> commitment = Commitment(
...     id="C1", goal="Halve scopes 1 and 2 by 2030", start_year=2022, target_year=2030,
...     scopes="1+2", reduction_percent=50,
...     actions=[
...         Action(id="A1", description="Electric vans", due_year=2023, expected_kg=12_000,
...                scopes="1", status={2023: "done"}),
...         Action(id="A2", description="Heat pump", due_year=2024, expected_percent=10,
...                scopes="2", status={2023: "started", 2024: "delayed"}),
...     ],
... )
>>> figures = {2022: {"1": 100_000.0, "2_market": 20_000.0}, 2024: {"1": 70_000.0, "2_market": 10_000.0}}
>>> row = follow_up(commitment, figures)[-1]
>>> row["year"], row["expected_kg"], row["expected_done_kg"], row["achieved_kg"], row["overdue"]
(2024, 14000.0, 12000.0, 40000.0, ['A2'])
>>> row["goal_kg"], row["on_goal"]
(60000.0, False)
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypedDict

import attrs

from ghgcore.errors import OptionError
from ghgcore.figures import parse_scopes, select
from ghgcore.handprint import (
    _check,
    _choice,
    _Fields,
    _float_or_none,
    _Invalid,
    _number,
    _problem,
    _raise,
    _text,
    _where,
    _year,
)

__all__ = ["STATUSES", "Action", "Commitment", "FollowUpRow", "follow_up"]

#: An action's statuses, in the order of a follow-up's counts.
STATUSES = ("planned", "started", "done", "delayed", "cancelled")
#: Statuses that close an action: it is no longer overdue.
_CLOSED = ("done", "cancelled")


# --------------------------------------------------------------------------
# converters and rules


def _scopes(value: str | Iterable[str]) -> tuple[str, ...]:
    """A converter: scope keys from ``1+2`` text or tokens; nothing (``""``, ``()``) gives ``()``.

    Raises :class:`OptionError` (from :func:`parse_scopes`) for unknown scopes.
    """
    if isinstance(value, str):
        return parse_scopes(value) if value.strip() else ()
    tokens = tuple(value)
    if not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"scopes: expected text such as '1+2' or scope names, got {tokens!r}")
    return parse_scopes(tokens) if tokens else ()


def _statuses(value: Mapping[int, str]) -> Mapping[int, str]:
    """A converter: statuses by year, sorted by year, read-only; words stripped and lower-cased."""
    given: object = value
    if not isinstance(given, Mapping):
        return value  # the validator names it
    items = [(y, s.strip().lower() if isinstance(s, str) else s) for y, s in given.items()]
    with contextlib.suppress(TypeError):  # years that do not compare: the validator names them
        items.sort(key=lambda item: item[0])
    return MappingProxyType(dict(items))


_EXPECT_SCOPES = "scopes joined with +, such as '1+2' or '3.6'"


def _action_rules(instance: Action, attribute: attrs.Attribute[Any], value: Any) -> None:
    where = _where("action", instance.id)
    name = attribute.name
    if name == "id":
        _check(where, name, value, _text, required=True)
    elif name == "due_year":
        _check(where, name, value, _year)
    elif name == "expected_percent" and value is not None:
        _check(where, name, value, _number, minimum=0.0, maximum=100.0)
    elif name == "expected_kg" and value is not None:
        _check(where, name, value, _number, minimum=0.0)
    elif name == "status":
        if not isinstance(value, Mapping):
            raise TypeError(f"{where}: status must map years to statuses, got {value!r}")
        for year, status in value.items():
            _check(where, "status", year, _year)
            _check(f"{where}, year {year}", "status", status, _choice, choices=STATUSES)


def _commitment_rules(instance: Commitment, attribute: attrs.Attribute[Any], value: Any) -> None:
    where = _where("commitment", instance.id)
    name = attribute.name
    if name == "id":
        _check(where, name, value, _text, required=True)
    elif name == "start_year" or (name == "target_year" and value is not None):
        _check(where, name, value, _year)
    elif name == "reduction_percent" and value is not None:
        _check(where, name, value, _number, above=0.0, maximum=100.0)
    elif name == "scopes" and not value:
        raise OptionError(_problem(where, name, "", _EXPECT_SCOPES))


_str = attrs.validators.instance_of(str)


# --------------------------------------------------------------------------
# actions


@attrs.frozen(kw_only=True)
class Action:
    """One action of a commitment. All arguments are keyword-only.

    Parameters
    ----------
    id : str
        Unique within its commitment (``"A1"``).
    description, owner : str
    due_year : int
        The year it is to be done by.
    expected_kg : float, optional
        The reduction it is expected to bring, kg CO2e a year (>= 0).
    expected_percent : float, optional
        Or the reduction as a percent (0 to 100) of its scopes' emissions in
        the commitment's start year. Give exactly one of the two.
    scopes : str or iterable of str
        The scopes it cuts (``"1+2"``, see :func:`~ghgcore.figures.parse_scopes`);
        empty (the default) for its commitment's.
    status : Mapping[int, str]
        The status reported each year (:data:`STATUSES`).
    note : str

    Raises
    ------
    OptionError
        A value out of range, an unknown scope or status, or not exactly
        one expected reduction.
    TypeError
        A value of the wrong type.

    Examples
    --------
    >>> action = Action(id="A1", due_year=2025, expected_kg=500, status={2024: "started", 2025: "Done"})
    >>> action.status_in(2023), action.status_in(2024), action.status_in(2030)
    ('planned', 'started', 'done')
    >>> Action(id="A2", due_year=2025, expected_kg=500, expected_percent=5)
    Traceback (most recent call last):
    ...
    ghgcore.errors.OptionError: action 'A2', field 'expected_percent': got 5, expected only one of expected_kg and expected_percent
    """

    id: str = attrs.field(validator=[_str, _action_rules])
    description: str = attrs.field(default="", validator=_str)
    owner: str = attrs.field(default="", validator=_str)
    due_year: int = attrs.field(validator=_action_rules)
    expected_kg: float | None = attrs.field(default=None, converter=_float_or_none, validator=_action_rules)
    expected_percent: float | None = attrs.field(
        default=None, converter=_float_or_none, validator=_action_rules
    )
    scopes: tuple[str, ...] = attrs.field(default=(), converter=_scopes)
    status: Mapping[int, str] = attrs.field(
        factory=dict, converter=_statuses, validator=_action_rules, hash=False
    )
    note: str = attrs.field(default="", validator=_str)

    def __attrs_post_init__(self) -> None:
        where = _where("action", self.id)
        if self.expected_kg is not None and self.expected_percent is not None:
            raise OptionError(
                _problem(
                    where,
                    "expected_percent",
                    _plain(self.expected_percent),
                    "only one of expected_kg and expected_percent",
                )
            )
        if self.expected_kg is None and self.expected_percent is None:
            raise OptionError(_problem(where, "expected_kg", None, _EXPECT_REDUCTION))

    def status_in(self, year: int) -> str:
        """The status last reported in or before `year`; ``"planned"`` if none was."""
        reported = [status for y, status in self.status.items() if y <= year]
        return reported[-1] if reported else "planned"

    def to_dict(self) -> dict[str, Any]:
        """The action as plain JSON-able values (years as text keys), read back by :meth:`from_dict`.

        Nothing is ``None``, so that the dict can be written as TOML too; ``scopes`` is ``""`` for
        the commitment's.
        """
        out: dict[str, Any] = {
            "id": self.id,
            "description": self.description,
            "owner": self.owner,
            "due_year": self.due_year,
        }
        if self.expected_kg is not None:
            out["expected_kg"] = self.expected_kg
        else:
            out["expected_percent"] = self.expected_percent
        out["scopes"] = "+".join(self.scopes)
        out["status"] = {str(year): status for year, status in self.status.items()}
        out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Action:
        """Read an action from plain values (as :meth:`to_dict` writes them, or a plan file's).

        Raises
        ------
        PlanError
            Naming every field that is missing, unknown or invalid, and what was expected.
        """
        problems: list[str] = []
        action = _read_action(data, "", None, problems)
        if action is None:
            _raise(problems, _where("action", data.get("id") if isinstance(data, Mapping) else None))
        return action


def _plain(number: float) -> float | int:
    """An integral float as an int, for messages (``5`` rather than ``5.0``)."""
    return int(number) if number.is_integer() else number


_EXPECT_REDUCTION = (
    "a number of kg CO2e a year >= 0, or expected_percent instead (a percent of the start year's emissions)"
)
_ACTION_FIELDS = (
    "id",
    "description",
    "owner",
    "due_year",
    "expected_kg",
    "expected_percent",
    "scopes",
    "status",
    "note",
)


def _read_scopes(fields: _Fields, key: str, *, required: bool) -> tuple[str, ...] | None:
    value = fields.data.get(key)
    if value is None or (isinstance(value, str | list | tuple) and not value):
        if required:
            fields.add(key, _EXPECT_SCOPES, value)
            return None
        return ()
    if not (
        isinstance(value, str) or (isinstance(value, list | tuple) and all(isinstance(t, str) for t in value))
    ):
        fields.add(key, f"{_EXPECT_SCOPES} (text, or a list of scope names)", value)
        return None
    try:
        return parse_scopes(value)
    except OptionError as e:
        fields.add(key, f"{_EXPECT_SCOPES} ({e})", value)
        return None


def _read_action(data: object, context: str, position: int | None, problems: list[str]) -> Action | None:
    """An action from plain values, or ``None`` with its problems added to `problems`.

    Messages name the action by its id (by its `position` when it has none),
    after `context` (``"commitment 'C1'"``).
    """
    before = len(problems)
    ident = data.get("id") if isinstance(data, Mapping) else None
    where = _where("action", ident)
    if where == "action" and position is not None:
        where = f"action {position}"
    if context:
        where = f"{context}, {where}"
    fields = _Fields(data, where, problems, _ACTION_FIELDS)
    if not isinstance(data, Mapping):
        return None
    values: dict[str, Any] = {
        "id": fields.read("id", _text, required=True),
        "description": fields.read("description", _text, optional=True, default=""),
        "owner": fields.read("owner", _text, optional=True, default=""),
        "due_year": fields.read("due_year", _year),
        "note": fields.read("note", _text, optional=True, default=""),
        "scopes": _read_scopes(fields, "scopes", required=False),
    }
    kg, percent = fields.data.get("expected_kg"), fields.data.get("expected_percent")
    if kg is not None and percent is not None:
        fields.add("expected_percent", "only one of expected_kg and expected_percent", percent)
    elif kg is None and percent is None:
        fields.add("expected_kg", _EXPECT_REDUCTION)
    else:
        values["expected_kg"] = fields.read(
            "expected_kg", _number, optional=True, minimum=0.0, expected="a number of kg CO2e a year >= 0"
        )
        values["expected_percent"] = fields.read(
            "expected_percent",
            _number,
            optional=True,
            minimum=0.0,
            maximum=100.0,
            expected="a percent from 0 to 100 of the scopes' emissions in the start year",
        )
    raw = fields.data.get("status", {})
    status: dict[int, str] = {}
    if not isinstance(raw, Mapping):
        fields.add("status", 'a mapping of years to statuses, such as {"2025": "started"}', raw)
    else:
        for key, word in raw.items():
            try:
                year = _year(key, text=True)
            except _Invalid as e:
                fields.add("status", f"years as its keys: {e.expected}", key)
                continue
            try:
                status[year] = _choice(word, STATUSES)
            except _Invalid as e:
                problems.append(_problem(f"{where}, year {year}", "status", word, e.expected))
    if len(problems) > before:
        return None
    return Action(status=status, **values)


# --------------------------------------------------------------------------
# commitments


def _actions(value: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Commitment:
    """A commitment: a goal on some scopes from a start year, and the actions to deliver it.

    All arguments are keyword-only.

    Parameters
    ----------
    id : str
        ``"C1"``.
    goal : str
        The goal in words.
    start_year : int
        The year reductions are measured from.
    target_year : int, optional
        The year the goal is to be met by (after `start_year`).
    scopes : str or iterable of str
        The scopes it covers (``"1+2"``), at least one.
    actions : iterable of Action
        With unique ids, each due in or after `start_year`.
    reduction_percent : float, optional
        The goal as a cut, percent (above 0, up to 100) of the scopes'
        emissions in `start_year`.

    Raises
    ------
    OptionError
        A value out of range, an unknown scope, two actions with one id,
        an action due before the start year.
    TypeError
        A value of the wrong type.
    """

    id: str = attrs.field(validator=[_str, _commitment_rules])
    goal: str = attrs.field(validator=_str)
    start_year: int = attrs.field(validator=_commitment_rules)
    target_year: int | None = attrs.field(default=None, validator=_commitment_rules)
    scopes: tuple[str, ...] = attrs.field(converter=_scopes, validator=_commitment_rules)
    actions: tuple[Action, ...] = attrs.field(
        default=(),
        converter=_actions,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Action)),
    )
    reduction_percent: float | None = attrs.field(
        default=None, converter=_float_or_none, validator=_commitment_rules
    )

    def __attrs_post_init__(self) -> None:
        where = _where("commitment", self.id)
        if self.target_year is not None and self.target_year <= self.start_year:
            raise OptionError(
                _problem(
                    where, "target_year", self.target_year, f"a year after the start year {self.start_year}"
                )
            )
        seen: set[str] = set()
        for action in self.actions:
            if action.id in seen:
                raise OptionError(
                    _problem(where, "actions", action.id, "each action id once (two actions have this one)")
                )
            seen.add(action.id)
            if action.due_year < self.start_year:
                raise OptionError(
                    _problem(
                        f"{where}, action {action.id!r}",
                        "due_year",
                        action.due_year,
                        f"a year from the start year {self.start_year} on",
                    )
                )

    def scopes_of(self, action: Action) -> tuple[str, ...]:
        """The scopes an action cuts: its own, or the commitment's when it names none."""
        return action.scopes or self.scopes

    def to_dict(self) -> dict[str, Any]:
        """The commitment as plain JSON-able values, read back by :meth:`from_dict`.

        Nothing is ``None`` (what is not set is left out), so that the dict can be written as TOML too.
        """
        out: dict[str, Any] = {
            "id": self.id,
            "goal": self.goal,
            "start_year": self.start_year,
            "scopes": "+".join(self.scopes),
        }
        if self.target_year is not None:
            out["target_year"] = self.target_year
        if self.reduction_percent is not None:
            out["reduction_percent"] = self.reduction_percent
        out["actions"] = [action.to_dict() for action in self.actions]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Commitment:
        """Read a commitment from plain values (as :meth:`to_dict` writes them, or a plan file's).

        Required: ``id``, ``goal``, ``start_year``, ``scopes``; optional:
        ``target_year``, ``reduction_percent``, ``actions`` (a list of
        actions, as :meth:`Action.from_dict` reads them).

        Raises
        ------
        PlanError
            Naming every field that is missing, unknown or invalid (and the
            action it belongs to), and what was expected.

        Examples
        --------
        >>> Commitment.from_dict({"id": "C1", "goal": "Fossil-free vans", "start_year": 2024, "scopes": "1",
        ...     "actions": [{"id": "A2", "due_year": "soon", "expected_kg": 800}]})
        Traceback (most recent call last):
        ...
        ghgcore.errors.PlanError: commitment 'C1', action 'A2', field 'due_year': got 'soon', expected a year such as 2027 (a whole number between 1900 and 2200)
        """
        problems: list[str] = []
        ident = data.get("id") if isinstance(data, Mapping) else None
        where = _where("commitment", ident)
        fields = _Fields(data, where, problems, [a.name for a in attrs.fields(cls)])
        if not isinstance(data, Mapping):
            _raise(problems, where)
        values: dict[str, Any] = {
            "id": fields.read("id", _text, required=True),
            "goal": fields.read("goal", _text),
            "start_year": fields.read("start_year", _year),
            "target_year": fields.read("target_year", _year, optional=True),
            "scopes": _read_scopes(fields, "scopes", required=True),
            "reduction_percent": fields.read(
                "reduction_percent",
                _number,
                optional=True,
                above=0.0,
                maximum=100.0,
                expected="a percent above 0 and up to 100 of the scopes' emissions in the start year",
            ),
        }
        raw = fields.data.get("actions", [])
        actions: list[Action] = []
        if not isinstance(raw, list | tuple):
            fields.add("actions", "a list of actions", raw)
        else:
            for i, item in enumerate(raw):
                action = _read_action(item, where, i + 1, problems)
                if action is not None:
                    actions.append(action)
        if not problems:
            try:
                return cls(actions=actions, **values)
            except OptionError as e:
                problems.append(str(e))
        _raise(problems, where)


# --------------------------------------------------------------------------
# follow-up


class FollowUpRow(TypedDict):
    """One year of a commitment's follow-up (see :func:`follow_up`)."""

    year: int
    #: Emissions of the commitment's scopes that year, kg CO2e.
    emissions_kg: float | None
    #: Emissions of the commitment's scopes in the start year.
    start_kg: float | None
    #: start_kg - emissions_kg.
    achieved_kg: float | None
    #: Expected reductions of the actions due by that year and not cancelled.
    expected_kg: float | None
    #: Expected reductions of the actions reported done by that year (due or not).
    expected_done_kg: float | None
    #: The goal's cut in kg: reduction_percent of start_kg.
    goal_kg: float | None
    #: achieved_kg >= goal_kg; None without a goal or without figures.
    on_goal: bool | None
    #: How many actions have each status that year.
    status: dict[str, int]
    #: Ids of the actions due by that year and neither done nor cancelled.
    overdue: list[str]
    #: Why a figure is None, or None.
    reason: str | None


def _emissions(
    figures: Mapping[str, float] | None, scopes: tuple[str, ...], year: int
) -> tuple[float | None, str | None]:
    """The kg CO2e of `scopes` in one year's figures, or ``None`` and why."""
    if figures is None:
        return None, f"no figures for {year}"
    missing = [key for key in scopes if figures.get(key) is None]
    if missing:
        return None, f"the figures for {year} have no {', '.join(missing)}"
    bad = [key for key in scopes if not (_real(figures[key]) and math.isfinite(figures[key]))]
    if bad:
        shown = ", ".join(f"{key} = {figures[key]!r}" for key in bad)
        return None, f"the figures for {year} have {shown}, not a finite number"
    return select(figures, scopes), None


def _real(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def follow_up(
    commitment: Commitment, figures_by_year: Mapping[int, Mapping[str, float]]
) -> list[FollowUpRow]:
    """One row per year with figures, from the commitment's start year on.

    Parameters
    ----------
    commitment : Commitment
    figures_by_year : Mapping[int, Mapping[str, float]]
        Each year's figures: kg CO2e by scope key (:data:`~ghgcore.figures.FIGURE_KEYS`).

    Returns
    -------
    list of FollowUpRow
        Plain dicts with, for each year:

        - ``emissions_kg``, ``start_kg``: the commitment's scopes that year and in the start year;
        - ``achieved_kg``: the start year's emissions minus that year's;
        - ``expected_kg``: the expected reductions of the actions due by
          that year and not cancelled (a percent is of the start year's
          emissions in the action's scopes);
        - ``expected_done_kg``: those of the actions reported done by that
          year, due or not (more than ``expected_kg`` when actions are done
          ahead of time);
        - ``goal_kg`` and ``on_goal``: the goal's cut (``reduction_percent``
          of ``start_kg``) and whether ``achieved_kg`` reaches it, ``None``
          without a goal;
        - ``status``: how many actions have each status that year;
        - ``overdue``: the ids of actions due by that year, neither done nor cancelled;
        - ``reason``: why a figure is ``None`` (no figures for the start
          year, a scope missing from a year's figures), else ``None``.

        A scope missing from a year's figures is not taken for zero: the
        figures that need it are ``None``, with the reason.

    Raises
    ------
    OptionError
        A key of `figures_by_year` that is not a whole year.
    """
    for year in figures_by_year:
        if not isinstance(year, int) or isinstance(year, bool):
            raise OptionError(f"figures_by_year: got the key {year!r}, expected whole years such as 2024")
    start_figures = figures_by_year.get(commitment.start_year)
    baselines: dict[tuple[str, ...], tuple[float | None, str | None]] = {}

    def baseline(scopes: tuple[str, ...]) -> tuple[float | None, str | None]:
        if scopes not in baselines:
            kg, why = _emissions(start_figures, scopes, commitment.start_year)
            if why is not None:
                why = f"{why}, the start year, which reductions are measured from"
            baselines[scopes] = kg, why
        return baselines[scopes]

    rows: list[FollowUpRow] = []
    for year in sorted(y for y in figures_by_year if y >= commitment.start_year):
        reasons: list[str] = []
        start_kg, why = baseline(commitment.scopes)
        if why:
            reasons.append(why)
        emissions_kg, why = _emissions(figures_by_year[year], commitment.scopes, year)
        if why:
            reasons.append(why)
        achieved = None if start_kg is None or emissions_kg is None else start_kg - emissions_kg
        statuses = {action.id: action.status_in(year) for action in commitment.actions}
        expected: list[float | None] = []
        done: list[float | None] = []
        for action in commitment.actions:
            counted = action.due_year <= year and statuses[action.id] != "cancelled"
            if not (counted or statuses[action.id] == "done"):
                continue
            if action.expected_kg is not None:
                kg: float | None = action.expected_kg
            else:
                base, why = baseline(commitment.scopes_of(action))
                kg = None if base is None else (action.expected_percent or 0.0) / 100 * base
                if why:
                    reasons.append(f"action {action.id!r}'s expected percent is of unknown emissions: {why}")
            if counted:
                expected.append(kg)
            if statuses[action.id] == "done":
                done.append(kg)
        goal = commitment.reduction_percent
        goal_kg = None if goal is None or start_kg is None else goal / 100 * start_kg
        rows.append(
            {
                "year": year,
                "emissions_kg": emissions_kg,
                "start_kg": start_kg,
                "achieved_kg": achieved,
                "expected_kg": _sum(expected),
                "expected_done_kg": _sum(done),
                "goal_kg": goal_kg,
                "on_goal": None if goal_kg is None or achieved is None else _reaches(achieved, goal_kg),
                "status": {s: sum(1 for v in statuses.values() if v == s) for s in STATUSES},
                "overdue": [
                    a.id for a in commitment.actions if a.due_year <= year and statuses[a.id] not in _CLOSED
                ],
                "reason": "; ".join(dict.fromkeys(reasons)) or None,
            }
        )
    return rows


def _sum(values: list[float | None]) -> float | None:
    if any(v is None for v in values):
        return None
    return math.fsum(v for v in values if v is not None)


def _reaches(achieved: float, goal: float) -> bool:
    """Whether achieved >= goal, forgiving the last bits of floating-point rounding."""
    return achieved >= goal or math.isclose(achieved, goal, rel_tol=1e-12)
