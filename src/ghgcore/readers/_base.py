"""The reader base class and what readers share."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

if TYPE_CHECKING:
    from ghgcore.activities import ActivityTable
    from ghgcore.factors import FactorSet
    from ghgcore.ledger import Ledger
    from ghgcore.spend import AccountMapping

__all__ = ["HEAD_BYTES", "ReadOptions", "Reader", "csv_header"]

#: How many bytes of a file readers see to guess whether they can open it.
HEAD_BYTES = 4096


def _currency(value: object) -> str:
    return str(value).strip().upper()


@attrs.frozen
class ReadOptions:
    """Options that readers may use.

    Attributes
    ----------
    currency : str
        The currency of a ledger CSV's amounts (default ``NOK``); SAF-T
        files state their own.
    encoding : str
        The text encoding of CSV files (default UTF-8).
    """

    currency: str = attrs.field(default="NOK", converter=_currency)
    encoding: str = "utf-8"


class Reader:
    """Base class of input readers.

    Subclass it, set :attr:`name` and :attr:`description`, implement
    :meth:`guess_can_open` and :meth:`read`.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def guess_can_open(self, path: str, head: bytes) -> bool:
        """Whether this reader can open the file, from its path and first :data:`HEAD_BYTES` bytes."""
        return False

    def read(self, path: str, options: ReadOptions) -> ActivityTable | Ledger | FactorSet | AccountMapping:
        """Read the file: an activity table, a general ledger, a factor set or an account mapping.

        A general ledger is turned into activities by a mapping; a factor set
        holds your own factors, searched before the databases; an account
        mapping is layered before the databases'.
        """
        raise NotImplementedError(f"{type(self).__name__}.read() is not implemented")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {self.description}>"


def csv_header(head: bytes, *, comments: bool = False) -> set[str] | None:
    """The lower-cased column names of a CSV's header line, or ``None`` if it is not UTF-8 text.

    The header is the first line that is not blank (nor, with `comments`,
    a ``#`` comment line, for the formats that allow them).
    """
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not a multi-byte character cut at the end
            return None
        text = head[: e.start].decode("utf-8-sig")
    first = next(
        (
            line
            for line in text.splitlines()
            if line.strip() and not (comments and line.lstrip().startswith("#"))
        ),
        "",
    )
    return {h.strip().strip('"').lower() for h in first.split(",")}
