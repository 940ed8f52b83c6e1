"""What a member does besides its account, and the networks' membership criteria it is checked against.

A climate-partner network asks more of its members than an account:
environmental management or a certification, reduction targets, climate
requirements on suppliers, climate work anchored in the strategy, a spearhead
project. A member records what it does as *practices* in its plan (each with
the years it holds and where the secretariat can check it), and
:func:`check_criteria` says, per criterion, whether the member meets it in a
year and on what evidence.

The criteria sets shipped (:data:`CRITERIA`) follow the networks' published
terms:

``naering-for-klima``
    Oslo's Næring for klima: an account and quantified reduction targets,
    and at least one of climate and environment requirements on suppliers,
    climate work anchored in the strategy, and an environmental
    certification (Miljøfyrtårn, ISO 14001, EMAS), the last three required
    from 2025 (Oslo kommune, "Medlemskriterier Næring for klima",
    klimaoslo.no/medlemskriterier-naering-for-klima; oslo.kommune.no,
    "Næring for klima").
``klimapartnere``
    Klimapartnere: an account, systematic environmental management (a
    certification counts), the fossil-free-by-2030 target every partner is
    challenged to set, and a spearhead project (Klimapartnere's partner
    agreement as its regional leads describe it, naeringslivnorge.no, "Et
    partnerskap for grønn næringsutvikling"; klimapartnere.no, "Fra pionerer
    til flaggskip").

A network with other terms builds its own :class:`Criterion` tuple.

>>> practices = (Practice("certification", since=2021, scheme="Miljøfyrtårn", evidence="certificate 1234"),)
>>> member = MemberFacts(has_account=True, targets=("sbti-1.5",), practices=practices)
>>> [(r.criterion, r.met) for r in check_criteria(CRITERIA["naering-for-klima"], member, 2025)]
[('account', True), ('targets', True), ('practice', True)]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from ghgcore.errors import PlanError

__all__ = [
    "CERTIFICATION_SCHEMES",
    "CRITERIA",
    "PRACTICE_KINDS",
    "Criterion",
    "CriterionResult",
    "MemberFacts",
    "Practice",
    "check_criteria",
]

#: What a practice may be.
PRACTICE_KINDS = ("certification", "environmental-management", "supplier-requirements", "strategy")
#: The environmental certifications the networks name (others may be given; they count as certifications).
CERTIFICATION_SCHEMES = ("Miljøfyrtårn", "ISO 14001", "EMAS")
_PRACTICE_FIELDS = ("kind", "since", "until", "scheme", "evidence")


def _year(value: Any, field: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        raise PlanError(f"{where}, field {field!r}: got {value!r}, expected a year such as 2021")
    return value


def _text(value: Any, field: str, where: str) -> str:
    if not isinstance(value, str):
        raise PlanError(f"{where}, field {field!r}: got {value!r}, expected text")
    text = unicodedata.normalize("NFC", value.strip())
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise PlanError(f"{where}, field {field!r}: control characters are not allowed")
    if len(text) > 2000:
        raise PlanError(f"{where}, field {field!r}: longer than 2,000 characters")
    return text


@attrs.frozen
class Practice:
    """Something a member does, from a year on, with the evidence for it.

    Attributes
    ----------
    kind : str
        One of :data:`PRACTICE_KINDS`: ``certification`` (an environmental
        certification: give `scheme`), ``environmental-management``
        (systematic environmental management without a certificate),
        ``supplier-requirements`` (climate and environment requirements on
        suppliers), ``strategy`` (climate work anchored in the strategy and
        the management).
    since : int
        The first year it holds.
    until : int or None
        The last year it holds (None: still holds).
    scheme : str
        A certification's scheme (Miljøfyrtårn, ISO 14001, EMAS, ...).
    evidence : str
        Where the secretariat can check it (a certificate's number, a
        document, a board decision).
    """

    kind: str
    since: int
    until: int | None = None
    scheme: str = ""
    evidence: str = ""

    def __attrs_post_init__(self) -> None:
        if self.kind not in PRACTICE_KINDS:
            raise PlanError(f"field 'kind': got {self.kind!r}, expected one of {', '.join(PRACTICE_KINDS)}")
        if self.kind == "certification" and not self.scheme:
            raise PlanError(
                f"field 'scheme': a certification names its scheme, such as {', '.join(CERTIFICATION_SCHEMES)}"
            )
        if self.until is not None and self.until < self.since:
            raise PlanError(f"field 'until': {self.until} is before 'since' {self.since}")

    def holds(self, year: int) -> bool:
        """Whether the practice holds in `year`."""
        return self.since <= year and (self.until is None or year <= self.until)

    def describe(self) -> str:
        """One line for a report: what, since when, and the evidence."""
        what = self.scheme if self.kind == "certification" else self.kind.replace("-", " ")
        years = f"{self.since}-{self.until}" if self.until is not None else f"since {self.since}"
        return f"{what} ({years})" + (f": {self.evidence}" if self.evidence else "")

    def to_dict(self) -> dict[str, Any]:
        """The plan document's table (:meth:`from_dict` reads it)."""
        out: dict[str, Any] = {"kind": self.kind, "since": self.since}
        if self.until is not None:
            out["until"] = self.until
        if self.scheme:
            out["scheme"] = self.scheme
        if self.evidence:
            out["evidence"] = self.evidence
        return out

    @classmethod
    def from_dict(cls, record: Mapping[str, Any], where: str = "practice") -> Practice:
        """Read a ``[[practices]]`` table.

        Raises
        ------
        PlanError
            Naming `where`, the field and what was expected.
        """
        if not isinstance(record, Mapping):
            raise PlanError(f"{where}: expected a table of {', '.join(_PRACTICE_FIELDS)}")
        unknown = [k for k in record if k not in _PRACTICE_FIELDS]
        if unknown:
            raise PlanError(f"{where}: unknown field {unknown[0]!r}; expected {', '.join(_PRACTICE_FIELDS)}")
        if "kind" not in record or "since" not in record:
            raise PlanError(
                f"{where}: a practice needs 'kind' ({', '.join(PRACTICE_KINDS)}) and 'since' (a year)"
            )
        until = record.get("until")
        try:
            return cls(
                _text(record["kind"], "kind", where),
                _year(record["since"], "since", where),
                None if until is None else _year(until, "until", where),
                _text(record.get("scheme", ""), "scheme", where),
                _text(record.get("evidence", ""), "evidence", where),
            )
        except PlanError as e:
            message = str(e)
            raise PlanError(message if message.startswith(where) else f"{where}, {message}") from None


@attrs.frozen
class MemberFacts:
    """What the criteria look at of a member in a year.

    Attributes
    ----------
    has_account : bool
        The member has an account for the year.
    targets : tuple of str
        Its targets, as their specs (``"sbti-1.5"``, ``"1+2 -50% by 2030"``).
    fossil_free_target : bool
        One of its targets is to burn no fossil fuel (scope 1 fossil to
        zero) by 2030 or earlier.
    spearheads : tuple of str
        Its spearhead projects' names.
    practices : tuple of Practice
    """

    has_account: bool
    targets: tuple[str, ...] = ()
    fossil_free_target: bool = False
    spearheads: tuple[str, ...] = ()
    practices: tuple[Practice, ...] = ()

    def holding(self, year: int, kinds: Sequence[str]) -> list[Practice]:
        """The practices of these kinds that hold in `year`."""
        return [p for p in self.practices if p.kind in kinds and p.holds(year)]


@attrs.frozen
class CriterionResult:
    """Whether a member meets a criterion in a year, and why.

    Attributes
    ----------
    criterion : str
    met : bool
    required : bool
        False in years before the criterion applies (it is shown, not asked).
    evidence : str
        What it was judged on, or what is missing.
    """

    criterion: str
    met: bool
    required: bool
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (criterion, met, required, evidence)."""
        return {
            "criterion": self.criterion,
            "met": self.met,
            "required": self.required,
            "evidence": self.evidence,
        }


@attrs.frozen
class Criterion:
    """One membership criterion.

    Attributes
    ----------
    name : str
    description : str
    check : callable
        ``check(facts, year) -> (met, evidence)``.
    from_year : int or None
        The first year it is required (None: always).
    """

    name: str
    description: str
    check: Callable[[MemberFacts, int], tuple[bool, str]]
    from_year: int | None = None

    def __call__(self, facts: MemberFacts, year: int) -> CriterionResult:
        """The criterion's result for a member in `year`."""
        met, evidence = self.check(facts, year)
        return CriterionResult(self.name, met, self.from_year is None or year >= self.from_year, evidence)


def _practices(kinds: Sequence[str], missing: str) -> Callable[[MemberFacts, int], tuple[bool, str]]:
    def check(facts: MemberFacts, year: int) -> tuple[bool, str]:
        found = facts.holding(year, kinds)
        return (True, "; ".join(p.describe() for p in found)) if found else (False, missing)

    return check


def _account(facts: MemberFacts, year: int) -> tuple[bool, str]:
    return (True, f"account for {year} stored") if facts.has_account else (False, f"no account for {year}")


def _targets(facts: MemberFacts, year: int) -> tuple[bool, str]:
    if facts.targets:
        return True, ", ".join(facts.targets)
    return False, "no quantified reduction target in the plan"


def _fossil_free(facts: MemberFacts, year: int) -> tuple[bool, str]:
    if facts.fossil_free_target:
        return True, "a target of no fossil fuel in scope 1 by 2030"
    return False, "no fossil-free-by-2030 target (fossil-free-2030) in the plan"


def _spearhead(facts: MemberFacts, year: int) -> tuple[bool, str]:
    if facts.spearheads:
        return True, ", ".join(facts.spearheads)
    return False, "no spearhead project in the plan"


#: The networks' criteria, by the name ``ghgcore network --criteria`` takes.
CRITERIA: Mapping[str, tuple[Criterion, ...]] = {
    "naering-for-klima": (
        Criterion("account", "keeps a greenhouse-gas account", _account),
        Criterion("targets", "has quantified reduction targets", _targets),
        Criterion(
            "practice",
            "at least one of: climate and environment requirements on suppliers, climate work anchored "
            "in the strategy, an environmental certification (Miljøfyrtårn, ISO 14001, EMAS)",
            _practices(
                ("supplier-requirements", "strategy", "certification"),
                "none of supplier requirements, strategy anchoring or a certification",
            ),
            from_year=2025,
        ),
    ),
    "klimapartnere": (
        Criterion("account", "keeps a greenhouse-gas account", _account),
        Criterion(
            "environmental-management",
            "works systematically with environmental management (a certification counts)",
            _practices(
                ("environmental-management", "certification"), "no environmental management or certification"
            ),
        ),
        Criterion(
            "fossil-free-2030", "has set the target of fossil-free direct emissions by 2030", _fossil_free
        ),
        Criterion("spearhead", "has a spearhead project", _spearhead),
    ),
}


def check_criteria(criteria: Sequence[Criterion], facts: MemberFacts, year: int) -> list[CriterionResult]:
    """Each criterion's result for a member in `year`, in the criteria's order."""
    return [criterion(facts, year) for criterion in criteria]
