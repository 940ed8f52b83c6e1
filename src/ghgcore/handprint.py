"""Avoided emissions of spearhead projects: a handprint, reported apart from the inventory.

A *spearhead project* is a solution a member offers (a product, a service,
a way of working) that lets others emit less than they would have without
it. What it avoids is its *handprint*: the difference between the life-cycle
emissions of a *reference scenario* (what would have happened without the
solution) and those of the *solution scenario*, per *functional unit* (the
service both deliver, such as one tonne-km of freight), times the units sold
or in use.

Avoided emissions happen outside the member's inventory, in other
organisations' scopes. They are reported apart and **never netted** against
scopes 1, 2 and 3: :class:`AvoidedEmissions` is deliberately not a number,
so that ``inventory_total - avoided`` or ``inventory_total + avoided`` is an
error (at run time, and for mypy), not a quiet subtraction.

The terms follow the WBCSD *Guidance on Avoided Emissions: Helping business
drive innovations and scale solutions toward Net Zero* (World Business
Council for Sustainable Development, March 2023):

- **Eligibility gates** (its chapter 4, "Validating claim eligibility"): a
  claim is made only after passing *Gate 1: climate action credibility*
  (the company acts on its own emissions), *Gate 2: latest climate science
  alignment* (the solution fits a 1.5 °C pathway and locks in no fossil
  fuel use) and *Gate 3: contribution legitimacy* (the solution really
  contributes to the avoided emissions). See :class:`Gates`.
- **Assessment** (its chapter 5, the five-step approach): step 1, the
  timeframe of the assessment (here :attr:`SpearheadProject.basis`);
  step 2, the reference scenario; step 3, the life-cycle emissions of the
  solution and of the reference, per functional unit; step 4, the avoided
  emissions; step 5 (optional), at the scale of the company (here
  :meth:`AvoidedEmissions.total`).
- **Contribution**: ``"direct"``, the solution itself emits less than the
  reference; ``"enabling"``, the solution is essential to another one that
  does (software that lets a grid take more wind power).
- **Timeframe**: ``"annual"``, one year's use of the solutions in use
  that year (per-unit figures for one year of service); ``"lifetime"``,
  the whole life of the units sold in the year, counted in the year of
  sale (per-unit figures over `lifetime_years`).

>>> project = SpearheadProject(
...     name="Rail freight shuttle",
...     solution="containers by electric train, Oslo-Bergen",
...     reference="the same containers by diesel lorry",
...     functional_unit="one tonne-km of freight",
...     solution_kg_per_unit=0.004,
...     reference_kg_per_unit=0.074,
...     units=2_000_000,
...     basis="annual",
...     year=2024,
...     contribution="direct",
... )
>>> print(project.avoided())
Rail freight shuttle: 140,000 kg CO2e avoided (reported apart; never netted)
>>> project.eligible
False
>>> 1_000_000.0 + project.avoided()
Traceback (most recent call last):
...
TypeError: unsupported operand type(s) for +: 'float' and 'AvoidedEmissions'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NoReturn

import attrs

from ghgcore.activities import MAX_YEAR, MIN_YEAR
from ghgcore.errors import OptionError, PlanError

__all__ = [
    "BASES",
    "CONTRIBUTIONS",
    "GATES",
    "AvoidedEmissions",
    "Gate",
    "Gates",
    "SpearheadProject",
]

#: The timeframes of an assessment: one year's use, or the lifetime of the units sold in the year.
BASES = ("annual", "lifetime")
#: A solution's contribution: it emits less itself, or it is essential to another that does.
CONTRIBUTIONS = ("direct", "enabling")

#: The eligibility gates: field of :class:`Gates`, the guidance's title, what passing it means.
GATES: tuple[tuple[str, str, str], ...] = (
    (
        "climate_action_credibility",
        "Gate 1: climate action credibility",
        "the company acts on its own emissions (an inventory of scopes 1, 2 and 3 and a "
        "science-based reduction target), so that avoided emissions come on top of cutting them",
    ),
    (
        "climate_science_alignment",
        "Gate 2: latest climate science alignment",
        "the solution fits a 1.5 °C pathway and locks in no fossil fuel use",
    ),
    (
        "contribution_legitimacy",
        "Gate 3: contribution legitimacy",
        "the solution contributes to the avoided emissions, directly or as an essential enabler, "
        "with evidence",
    ),
)


# --------------------------------------------------------------------------
# checking values: one set of rules for constructors (OptionError) and plans (PlanError)


class _Invalid(Exception):
    """A value that breaks a rule; the argument says what was expected."""

    @property
    def expected(self) -> str:
        return str(self.args[0])


def _got(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "nothing"
    return repr(value)


def _problem(where: str, field: str, value: object, expected: str) -> str:
    """``where, field 'x': got ..., expected ...``."""
    return f"{where}, field {field!r}: got {_got(value)}, expected {expected}"


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number(
    value: object, *, minimum: float | None = None, above: float | None = None, maximum: float | None = None
) -> float:
    """`value` as a finite float within the bounds; :class:`_Invalid` says what was expected otherwise."""
    bounds = []
    if minimum is not None:
        bounds.append(f">= {minimum:g}")
    if above is not None:
        bounds.append(f"> {above:g}")
    if maximum is not None:
        bounds.append(f"<= {maximum:g}")
    expected = "a finite number" + (f" {' and '.join(bounds)}" if bounds else "")
    if not _is_real(value):
        raise _Invalid(expected)
    number = float(value)  # type: ignore[arg-type]  # a numbers.Real
    if not math.isfinite(number):
        raise _Invalid(expected)
    if (
        (minimum is not None and number < minimum)
        or (above is not None and number <= above)
        or (maximum is not None and number > maximum)
    ):
        raise _Invalid(expected)
    return number


_EXPECT_YEAR = f"a year such as 2027 (a whole number between {MIN_YEAR} and {MAX_YEAR})"


def _year(value: object, *, text: bool = False) -> int:
    """A whole year: an int, or with `text` four digits written as text (as JSON object keys are)."""
    if (
        text
        and isinstance(value, str)
        and len(digits := value.strip()) == 4
        and digits.isascii()
        and digits.isdigit()
    ):
        value = int(digits)
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= MAX_YEAR:
        raise _Invalid(_EXPECT_YEAR)
    return value


def _text(value: object, *, required: bool = False, what: str = "text") -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Invalid(what if not required else f"{what}, not empty")
    return value


def _choice(value: object, choices: Sequence[str]) -> str:
    word = value.strip().lower() if isinstance(value, str) else value
    if word not in choices:
        shown = [repr(c) for c in choices]
        raise _Invalid(" or ".join(shown) if len(shown) <= 2 else f"one of {', '.join(shown)}")
    return str(word)


def _lower(value: str) -> str:
    """A converter: a word stripped and lower-cased (anything else unchanged, for the validator)."""
    return value.strip().lower() if isinstance(value, str) else value


def _float(value: float) -> float:
    """A converter: a real number as a float (anything else unchanged, for the validator)."""
    return float(value) if _is_real(value) else value


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else _float(value)


def _where(kind: str, name: object) -> str:
    return f"{kind} {name!r}" if isinstance(name, str) and name.strip() else kind


class _Fields:
    """Reads the fields of one record of a plan, collecting every problem as a sentence.

    A field that breaks a rule is recorded in `problems` and read as
    ``None``; the caller builds nothing when there are problems.
    """

    def __init__(self, data: object, where: str, problems: list[str], known: Collection[str]) -> None:
        self.where = where
        self.problems = problems
        self.data: Mapping[str, Any] = {}
        if not isinstance(data, Mapping):
            problems.append(f"{where}: got {_got(data)}, expected a mapping of field names to values")
            return
        self.data = data
        for key in data:
            if key not in known:
                problems.append(
                    f"{where}: unknown field {key!r}; expected only {', '.join(repr(k) for k in known)}"
                )

    def add(self, key: str, expected: str, value: object = None) -> None:
        self.problems.append(_problem(self.where, key, value, expected))

    def read(
        self,
        key: str,
        rule: Any,
        *,
        optional: bool = False,
        default: Any = None,
        expected: str | None = None,
        **options: Any,
    ) -> Any:
        """The value of `key` through `rule` (a checking function, given `options`).

        A missing (or null) `optional` key gives `default`; `expected`
        replaces what the rule says it expected, in the message.
        """
        value = self.data.get(key)
        if value is None and optional:
            return default
        try:
            return rule(value, **options)
        except _Invalid as e:
            self.add(key, expected or e.expected, value)
            return None


def _raise(problems: list[str], what: str) -> NoReturn:
    if len(problems) == 1:
        raise PlanError(problems[0])
    listed = "\n".join(f"  {p}" for p in problems)
    raise PlanError(f"{len(problems)} problems in {what}:\n{listed}")


def _check(where: str, field: str, value: object, rule: Any, **options: Any) -> None:
    """Apply `rule` to a constructor's argument; an :class:`OptionError` names the field."""
    try:
        rule(value, **options)
    except _Invalid as e:
        raise OptionError(_problem(where, field, value, e.expected)) from None


# --------------------------------------------------------------------------
# avoided emissions


def _finite_kg(instance: AvoidedEmissions, attribute: attrs.Attribute[float], value: float) -> None:
    if not _is_real(value):
        raise TypeError(f"avoided emissions: expected a number of kg CO2e, got {value!r}")
    if not math.isfinite(value):
        raise OptionError(f"avoided emissions: expected a finite number of kg CO2e, got {value!r}")


@attrs.frozen
class AvoidedEmissions:
    """kg CO2e avoided outside the inventory: a handprint, which is not a number to add to one.

    It adds only to other avoided emissions (``a + b``,
    :meth:`total`); adding it to a float, an int, a numpy number or a pint
    quantity, ``sum()`` of it and ``float()`` of it raise :class:`TypeError`,
    and mypy reports ``float + AvoidedEmissions`` as an error. Read
    :attr:`kg_co2e` to report the number, next to the inventory and apart
    from it.

    Parameters
    ----------
    kg_co2e : float
        kg CO2e avoided; negative when the solution emits more than the reference.
    label : str
        What avoided them (a project's name), shown by ``str()``.

    Examples
    --------
    >>> a = AvoidedEmissions(1234.0, "Heat pumps")
    >>> str(a)
    'Heat pumps: 1,234 kg CO2e avoided (reported apart; never netted)'
    >>> (a + AvoidedEmissions(766.0)).kg_co2e
    2000.0
    >>> sum([a])
    Traceback (most recent call last):
    ...
    TypeError: unsupported operand type(s) for +: 'int' and 'AvoidedEmissions'
    """

    kg_co2e: float = attrs.field(converter=_float, validator=_finite_kg)
    label: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    #: numpy hands operations with avoided emissions back to Python, which refuses them.
    __array_ufunc__ = None

    def __add__(self, other: AvoidedEmissions) -> AvoidedEmissions:
        if not isinstance(other, AvoidedEmissions):
            return NotImplemented
        labels = [self.label] if self.label == other.label else [x for x in (self.label, other.label) if x]
        return AvoidedEmissions(self.kg_co2e + other.kg_co2e, " + ".join(labels))

    def __str__(self) -> str:
        label = f"{self.label}: " if self.label else ""
        return f"{label}{self.kg_co2e:,.0f} kg CO2e avoided (reported apart; never netted)"

    @classmethod
    def total(cls, items: Iterable[AvoidedEmissions], label: str = "") -> AvoidedEmissions:
        """The sum of several avoided emissions (0 for none), summed exactly (:func:`math.fsum`).

        Raises
        ------
        TypeError
            An item that is not :class:`AvoidedEmissions` (a plain number
            is refused, not taken for kg avoided).

        Examples
        --------
        >>> AvoidedEmissions.total([AvoidedEmissions(0.1)] * 10, "all projects").kg_co2e
        1.0
        >>> AvoidedEmissions.total([]).kg_co2e
        0.0
        """
        kg = []
        for i, item in enumerate(items):
            if not isinstance(item, AvoidedEmissions):
                raise TypeError(
                    f"AvoidedEmissions.total: item {i + 1} is {item!r}; expected AvoidedEmissions "
                    "(avoided emissions add only to avoided emissions)"
                )
            kg.append(item.kg_co2e)
        return cls(math.fsum(kg), label)


# --------------------------------------------------------------------------
# eligibility gates


def _passed(instance: Gate, attribute: attrs.Attribute[bool | None], value: bool | None) -> None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"gate: passed must be True, False or None (not answered), got {value!r}")


@attrs.frozen
class Gate:
    """The answer to one eligibility gate.

    Parameters
    ----------
    passed : bool or None
        ``True`` passed, ``False`` failed, ``None`` not answered yet.
    evidence : str
        What shows it (a validated target, a taxonomy assessment, a study).
    """

    passed: bool | None = attrs.field(default=None, validator=_passed)
    evidence: str = attrs.field(default="", validator=attrs.validators.instance_of(str))


def _gate(value: Gate | bool | None) -> Gate:
    """A converter: ``True``, ``False`` or ``None`` as a gate without evidence."""
    return value if isinstance(value, Gate) else Gate(value)


_is_gate = attrs.validators.instance_of(Gate)


@attrs.frozen(kw_only=True)
class Gates:
    r"""The answers to the guidance's three eligibility gates (see :data:`GATES`).

    Each is a :class:`Gate`, or ``True`` / ``False`` / ``None`` for one without evidence.

    Examples
    --------
    >>> gates = Gates(climate_action_credibility=Gate(True, "SBTi-validated target, 2023"),
    ...               climate_science_alignment=True)
    >>> gates.passed
    False
    >>> print("\n".join(gates.warnings()))
    Gate 3: contribution legitimacy is not answered: the solution contributes to the avoided emissions, directly or as an essential enabler, with evidence. Avoided emissions are claimed only once all three gates are passed.
    """

    climate_action_credibility: Gate = attrs.field(factory=Gate, converter=_gate, validator=_is_gate)
    climate_science_alignment: Gate = attrs.field(factory=Gate, converter=_gate, validator=_is_gate)
    contribution_legitimacy: Gate = attrs.field(factory=Gate, converter=_gate, validator=_is_gate)

    @property
    def passed(self) -> bool:
        """Whether every gate is passed."""
        return all(getattr(self, field).passed is True for field, _, _ in GATES)

    def warnings(self) -> list[str]:
        """A sentence for every gate not answered or failed."""
        out = []
        for field, title, meaning in GATES:
            passed = getattr(self, field).passed
            if passed is None:
                out.append(
                    f"{title} is not answered: {meaning}. "
                    "Avoided emissions are claimed only once all three gates are passed."
                )
            elif passed is False:
                out.append(
                    f"{title} is failed: {meaning}. The project is not eligible for an avoided-emissions claim."
                )
        return out

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """``{gate: {"passed": bool, "evidence": str}}``, leaving out what is not answered or empty.

        Nothing is ``None``, so that the dict can be written as TOML too.
        """
        out: dict[str, dict[str, Any]] = {}
        for field, _, _ in GATES:
            gate: Gate = getattr(self, field)
            answer: dict[str, Any] = {} if gate.passed is None else {"passed": gate.passed}
            if gate.evidence:
                answer["evidence"] = gate.evidence
            if answer:
                out[field] = answer
        return out


def _read_gates(data: object, where: str, problems: list[str]) -> Gates | None:
    """The ``gates`` of a plan's project: each ``true``, ``false``, ``null`` or ``{"passed", "evidence"}``."""
    before = len(problems)
    names = [field for field, _, _ in GATES]
    fields = _Fields(data, f"{where}, field 'gates'", problems, names)
    gates: dict[str, Gate] = {}
    for name in names:
        value = fields.data.get(name)
        if value is None or isinstance(value, bool):
            gates[name] = Gate(value)
            continue
        if not isinstance(value, Mapping):
            problems.append(
                _problem(where, f"gates.{name}", value, 'true, false or {"passed": ..., "evidence": "..."}')
            )
            continue
        for key in value:
            if key not in ("passed", "evidence"):
                problems.append(
                    f"{where}, field 'gates.{name}': unknown field {key!r}; expected only 'passed', 'evidence'"
                )
        passed, evidence = value.get("passed"), value.get("evidence")
        evidence = "" if evidence is None else evidence
        if passed is not None and not isinstance(passed, bool):
            problems.append(
                _problem(where, f"gates.{name}.passed", passed, "true, false or nothing (not answered)")
            )
        if not isinstance(evidence, str):
            problems.append(_problem(where, f"gates.{name}.evidence", evidence, "text"))
        if len(problems) == before:
            gates[name] = Gate(passed, evidence)
    return None if len(problems) > before else Gates(**gates)


# --------------------------------------------------------------------------
# spearhead projects

_PROJECT = "spearhead project"
_EXPECT_KG_PER_UNIT = "a finite number >= 0 of kg CO2e per functional unit over the life cycle"


def _project_rules(instance: SpearheadProject, attribute: attrs.Attribute[Any], value: Any) -> None:
    where = _where(_PROJECT, instance.name)
    rules: dict[str, tuple[Any, dict[str, Any]]] = {
        "name": (_text, {"required": True}),
        "solution_kg_per_unit": (_number, {"minimum": 0.0}),
        "reference_kg_per_unit": (_number, {"minimum": 0.0}),
        "units": (_number, {"minimum": 0.0}),
        "basis": (_choice, {"choices": BASES}),
        "year": (_year, {}),
        "contribution": (_choice, {"choices": CONTRIBUTIONS}),
    }
    if attribute.name in rules:
        rule, options = rules[attribute.name]
        _check(where, attribute.name, value, rule, **options)
    elif value is not None:
        _check(where, attribute.name, value, _number, above=0.0)  # lifetime_years


_text_field = attrs.validators.instance_of(str)


@attrs.frozen(kw_only=True)
class SpearheadProject:
    """A spearhead project: a solution's avoided emissions against a reference, in one year.

    All arguments are keyword-only.

    Parameters
    ----------
    name : str
        The project's name (not empty).
    description : str
    solution : str
        The solution scenario: what is used instead of the reference.
    reference : str
        The reference scenario: what would have been used without the solution.
    functional_unit : str
        The service both deliver, the unit of the figures (``"one tonne-km of freight"``).
    solution_kg_per_unit, reference_kg_per_unit : float
        kg CO2e per functional unit over the life cycle, of each scenario (>= 0).
    units : float
        Functional units sold in the year (basis ``"lifetime"``) or in use
        in it (``"annual"``), >= 0.
    basis : {"annual", "lifetime"}
        The timeframe: one year's use of the solutions in use, or the whole
        life of the units sold in the year.
    year : int
        The reporting year.
    contribution : {"direct", "enabling"}
    gates : Gates, optional
        The answers to the eligibility gates (by default none answered).
    lifetime_years : float, optional
        The units' assumed life in years, which the per-unit figures cover;
        required with basis ``"lifetime"``, refused with ``"annual"``.
    source : str
        Where the figures come from (a study, an EPD, a calculation).

    Raises
    ------
    OptionError
        A value out of range, or `lifetime_years` missing or out of place.
    TypeError
        A value of the wrong type.
    """

    name: str = attrs.field(validator=[_text_field, _project_rules])
    description: str = attrs.field(default="", validator=_text_field)
    solution: str = attrs.field(validator=_text_field)
    reference: str = attrs.field(validator=_text_field)
    functional_unit: str = attrs.field(validator=_text_field)
    solution_kg_per_unit: float = attrs.field(converter=_float, validator=_project_rules)
    reference_kg_per_unit: float = attrs.field(converter=_float, validator=_project_rules)
    units: float = attrs.field(converter=_float, validator=_project_rules)
    basis: str = attrs.field(converter=_lower, validator=_project_rules)
    year: int = attrs.field(validator=_project_rules)
    contribution: str = attrs.field(converter=_lower, validator=_project_rules)
    gates: Gates = attrs.field(factory=Gates, validator=attrs.validators.instance_of(Gates))
    lifetime_years: float | None = attrs.field(
        default=None, converter=_float_or_none, validator=_project_rules
    )
    source: str = attrs.field(default="", validator=_text_field)

    def __attrs_post_init__(self) -> None:
        where = _where(_PROJECT, self.name)
        if self.basis == "lifetime" and self.lifetime_years is None:
            raise OptionError(
                f"{where}, field 'lifetime_years': got nothing, expected the units' life in years "
                "(basis 'lifetime' counts the whole life of the units sold in the year)"
            )
        if self.basis == "annual" and self.lifetime_years is not None:
            raise OptionError(
                f"{where}, field 'lifetime_years': got {self.lifetime_years!r}, expected nothing "
                "(basis 'annual' counts one year's use; use basis 'lifetime' for the units' whole life)"
            )

    @property
    def avoided_kg_per_unit(self) -> float:
        """Reference minus solution, kg CO2e per functional unit."""
        return self.reference_kg_per_unit - self.solution_kg_per_unit

    def avoided(self) -> AvoidedEmissions:
        """``(reference - solution) x units``, labelled with the project's name.

        Negative when the solution emits more than the reference (see :meth:`warnings`).
        """
        return AvoidedEmissions(self.avoided_kg_per_unit * self.units, self.name)

    @property
    def eligible(self) -> bool:
        """Whether all three eligibility gates are passed."""
        return self.gates.passed

    def warnings(self) -> list[str]:
        """Sentences on what stands in the way of a claim: gates not answered or failed, a negative result.

        Examples
        --------
        >>> p = SpearheadProject(name="Biogas buses", solution="biogas", reference="diesel",
        ...     functional_unit="one bus-km", solution_kg_per_unit=1.2, reference_kg_per_unit=1.0,
        ...     units=1000, basis="annual", year=2024, contribution="direct",
        ...     gates=Gates(climate_action_credibility=True, climate_science_alignment=True,
        ...                 contribution_legitimacy=True))
        >>> p.warnings()
        ['The solution emits more than the reference (1.2 against 1 kg CO2e per one bus-km): the avoided emissions are negative, -200 kg CO2e; report them as they are, not as a saving.']
        """
        out = self.gates.warnings()
        if self.avoided().kg_co2e < 0:
            out.append(
                f"The solution emits more than the reference ({self.solution_kg_per_unit:g} against "
                f"{self.reference_kg_per_unit:g} kg CO2e per {self.functional_unit}): the avoided "
                f"emissions are negative, {self.avoided().kg_co2e:,.0f} kg CO2e; report them as they are, "
                "not as a saving."
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The project as plain JSON-able values, read back by :meth:`from_dict`.

        Nothing is ``None`` (what is not set is left out), so that the dict can be written as TOML too.
        """
        out: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "solution": self.solution,
            "reference": self.reference,
            "functional_unit": self.functional_unit,
            "solution_kg_per_unit": self.solution_kg_per_unit,
            "reference_kg_per_unit": self.reference_kg_per_unit,
            "units": self.units,
            "basis": self.basis,
            "year": self.year,
            "contribution": self.contribution,
            "gates": self.gates.to_dict(),
            "source": self.source,
        }
        if self.lifetime_years is not None:
            out["lifetime_years"] = self.lifetime_years
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SpearheadProject:
        """Read a project from plain values (as :meth:`to_dict` writes them, or a plan file's).

        Required: ``name``, ``solution``, ``reference``, ``functional_unit``,
        ``solution_kg_per_unit``, ``reference_kg_per_unit``, ``units``,
        ``basis``, ``year``, ``contribution``; ``lifetime_years`` with basis
        ``"lifetime"``. Optional: ``description``, ``source``, ``gates``
        (each gate ``true``, ``false``, ``null`` or ``{"passed": ...,
        "evidence": ...}``).

        Raises
        ------
        PlanError
            Naming every field that is missing, unknown or invalid, and what was expected.

        Examples
        --------
        >>> SpearheadProject.from_dict({"name": "Shuttle", "units": -3})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ghgcore.errors.PlanError: 9 problems in spearhead project 'Shuttle':
        ...
          spearhead project 'Shuttle', field 'units': got -3, expected a finite number >= 0 (functional units sold or in use in the year)
        ...
        """
        problems: list[str] = []
        name = data.get("name") if isinstance(data, Mapping) else None
        where = _where(_PROJECT, name)
        fields = _Fields(data, where, problems, [a.name for a in attrs.fields(cls)])
        if not isinstance(data, Mapping):
            _raise(problems, where)
        values: dict[str, Any] = {
            "name": fields.read("name", _text, required=True),
            "description": fields.read("description", _text, optional=True, default=""),
            "solution": fields.read("solution", _text),
            "reference": fields.read("reference", _text),
            "functional_unit": fields.read("functional_unit", _text),
            "source": fields.read("source", _text, optional=True, default=""),
        }
        for key in ("solution_kg_per_unit", "reference_kg_per_unit"):
            values[key] = fields.read(key, _number, minimum=0.0, expected=_EXPECT_KG_PER_UNIT)
        values["units"] = fields.read(
            "units",
            _number,
            minimum=0.0,
            expected="a finite number >= 0 (functional units sold or in use in the year)",
        )
        values["basis"] = fields.read("basis", _choice, choices=BASES)
        values["year"] = fields.read("year", _year)
        values["contribution"] = fields.read("contribution", _choice, choices=CONTRIBUTIONS)
        lifetime = fields.data.get("lifetime_years")
        values["lifetime_years"] = None
        if values["basis"] == "lifetime" and lifetime is None:
            fields.add(
                "lifetime_years",
                "the units' life in years (basis 'lifetime' counts the whole life of the units sold in the year)",
            )
        elif values["basis"] == "annual" and lifetime is not None:
            fields.add(
                "lifetime_years",
                "nothing (basis 'annual' counts one year's use; use basis 'lifetime' for the units' whole life)",
                lifetime,
            )
        elif lifetime is not None:
            values["lifetime_years"] = fields.read("lifetime_years", _number, above=0.0)
        gates = _read_gates(fields.data.get("gates", {}), where, problems)
        if problems or gates is None:
            _raise(problems, where)
        return cls(gates=gates, **values)
