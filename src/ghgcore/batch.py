r"""Many accounts calculated and stored in one go: a secretariat's year, a bank's portfolio.

A job is one organisation's year: its input files (SAF-T files, ledger and
activities CSVs, its own factors) and its metrics. :func:`calculate_accounts`
calculates each job as ``ghgcore calculate`` would, with the installed
default databases or the ones named, and saves it in an account store; the
jobs are partitions of independent work, run in this process or on a Dask
cluster (``engine="dask"``), with the same accounts either way. A job that
fails is reported with its message and does not stop the others.

A jobs file is a CSV with a header row, one row per input file:

================ ======== ==================================================
column           required meaning
================ ======== ==================================================
``organisation`` yes      the organisation's name, as stored
``year``         yes      the reporting year
``input``        yes      an input file (relative to the jobs file's folder)
``metrics``      no       ``NAME=QUANTITY`` separated by ``;``
                          (``employees=47; revenue=79.9 MNOK``)
================ ======== ==================================================

Rows of the same organisation and year are one job with several inputs; the
metrics of its rows are combined.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.csv").write_text("activity,amount,unit,year\ndiesel,100,L,2024\n", encoding="utf-8")
>>> _ = (folder / "jobs.csv").write_text(
...     "organisation,year,input,metrics\nAlfa AS,2024,a.csv,employees=4\n", encoding="utf-8")
>>> jobs = read_jobs(folder / "jobs.csv")
>>> jobs[0].organisation, jobs[0].year, [pathlib.Path(p).name for p in jobs[0].inputs], jobs[0].metrics
('Alfa AS', 2024, ['a.csv'], ('employees=4',))
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from ghgcore._dask import run_partitions
from ghgcore.errors import GhgcoreError, InputError
from ghgcore.store import AccountStore, Metric

__all__ = ["AccountJob", "JobOutcome", "calculate_accounts", "read_jobs"]

_COLUMNS = ("organisation", "year", "input")
#: A jobs file is a list of paths, not data: a file this large is a mistake.
_MAX_BYTES = 64 << 20


@attrs.frozen
class AccountJob:
    """One organisation's year to calculate and store.

    Attributes
    ----------
    organisation : str
    year : int
    inputs : tuple of str
        Its input files.
    metrics : tuple of str
        ``NAME=QUANTITY`` texts.
    """

    organisation: str
    year: int
    inputs: tuple[str, ...]
    metrics: tuple[str, ...] = ()


@attrs.frozen
class JobOutcome:
    """What became of a job.

    Attributes
    ----------
    organisation : str
    year : int
    status : str
        ``saved``, ``replaced`` or ``failed``.
    total_kg_co2e : float or None
    lines, unresolved : int
    message : str
        Why it failed (``""`` if it did not).
    """

    organisation: str
    year: int
    status: str
    total_kg_co2e: float | None = None
    lines: int = 0
    unresolved: int = 0
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A plain dict of the outcome."""
        return attrs.asdict(self)


def read_jobs(path: str | os.PathLike[str]) -> list[AccountJob]:
    """Read a jobs file (see the module's documentation).

    Raises
    ------
    InputError
        Naming the file, the line and the field, and what was expected;
        a file given twice for one organisation's year (it would be
        counted twice) names both lines.
    """
    from ghgcore._csv import read_text_columns

    name = os.fspath(path)
    try:
        info = os.stat(name)
    except OSError as e:
        raise InputError(f"{name}: cannot be read ({e.strerror or e})") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: not a regular file (a folder, FIFO or device); a jobs file is a CSV file")
    if info.st_size > _MAX_BYTES:
        raise InputError(f"{name}: larger than 64 MiB; a jobs file lists input files, one per row")
    read = read_text_columns(name, _COLUMNS, InputError)
    lower = {key.strip().lower(): key for key in read.columns}
    missing = [c for c in _COLUMNS if c not in lower]
    if missing:
        raise InputError(
            f"{name}: no column {missing[0]!r}; a jobs file has the columns {', '.join(_COLUMNS)}"
        )
    if len(read.overlong.rows):
        row = int(read.overlong.rows[0])
        raise InputError(f"{name}, line {int(read.line[row])}: more cells than the header names")

    def column(key: str) -> list[str]:
        if key not in lower:
            return [""] * len(read.line)
        return [(v or "").strip() for v in read.columns[lower[key]].to_pylist()]

    folder = Path(name).resolve().parent
    jobs: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
    seen: dict[tuple[str, int, str], int] = {}
    for line, organisation, year_text, file, metrics in zip(
        read.line.tolist(),
        column("organisation"),
        column("year"),
        column("input"),
        column("metrics"),
        strict=True,
    ):
        where = f"{name}, line {line}"
        organisation = unicodedata.normalize("NFC", organisation)
        if not organisation:
            raise InputError(f"{where}, field 'organisation': empty, expected the organisation's name")
        if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in organisation):
            raise InputError(f"{where}, field 'organisation': {organisation!r} has control characters")
        if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4 and year_text >= "1000"):
            raise InputError(f"{where}, field 'year': got {year_text!r}, expected a year such as 2024")
        if not file:
            raise InputError(f"{where}, field 'input': empty, expected an input file")
        resolved = os.path.realpath(folder / file)
        first = seen.setdefault((organisation, int(year_text), resolved), line)
        if first != line:
            raise InputError(
                f"{where}, field 'input': {file!r} is the same file as line {first} gives for "
                f"{organisation} {year_text}; it would be counted twice"
            )
        texts = [m.strip() for m in metrics.split(";") if m.strip()]
        for text in texts:
            try:
                Metric.parse(text)
            except GhgcoreError as e:
                raise InputError(f"{where}, field 'metrics': {e}") from None
        inputs, found = jobs.setdefault((organisation, int(year_text)), ([], []))
        inputs.append(str(folder / file))
        found.extend(t for t in texts if t not in found)
    return [
        AccountJob(org, year, tuple(inputs), tuple(metrics))
        for (org, year), (inputs, metrics) in jobs.items()
    ]


def run_job(
    store: str,
    job: AccountJob,
    factors: Sequence[str] | None = None,
    replace: bool = False,
    fallback: str | None = None,
) -> JobOutcome:
    """Calculate one job and save it in the store at `store` (one partition; errors are the outcome)."""
    from ghgcore.inventory import calculate_inventory

    try:
        target = AccountStore(store, create=False)
        replacing = (job.organisation, job.year) in target
        if replacing and not replace:
            return JobOutcome(
                job.organisation,
                job.year,
                "failed",
                message="stored already; replace it explicitly (--replace)",
            )
        inventory = calculate_inventory(
            list(job.inputs),
            list(factors) if factors else None,
            year=job.year,
            organisation=job.organisation,
            fallback=fallback,
        )
        account = target.save(
            inventory, organisation=job.organisation, metrics=job.metrics, inputs=job.inputs, replace=replace
        )
    except (GhgcoreError, OSError) as e:
        return JobOutcome(job.organisation, job.year, "failed", message=str(e))
    except Exception as e:  # a bug or a plugin's: this job fails, the others go on
        return JobOutcome(
            job.organisation, job.year, "failed", message=f"internal error: {type(e).__name__}: {e}"
        )
    summary = account.summary
    return JobOutcome(
        job.organisation,
        job.year,
        "replaced" if replacing else "saved",
        account.total,
        int(summary.get("lines", 0)),
        len(summary.get("unresolved", [])),
    )


def calculate_accounts(
    jobs: Sequence[AccountJob],
    store: AccountStore | str | os.PathLike[str],
    *,
    factors: Sequence[str] | None = None,
    replace: bool = False,
    fallback: str | None = None,
    engine: str = "local",
    client: Any = None,
    scheduler: str | None = None,
) -> list[JobOutcome]:
    """Calculate and store every job, in this process or partition-wise on Dask.

    Parameters
    ----------
    jobs : sequence of AccountJob
    store : AccountStore or path
        Created if the folder is new. With Dask, every worker must see it
        at the same path (a shared file system); writers take the store's
        lock.
    factors : sequence of str, optional
        Factor database names (default: the installed default databases).
    replace : bool, default False
        Replace accounts stored already (else such a job fails).
    fallback : str, optional
        The factor fallback, as ``ghgcore calculate --fallback`` takes it.
    engine : {"local", "dask"}
    client, scheduler
        As for :func:`ghgcore.network.network_report`.

    Returns
    -------
    list of JobOutcome
        In the jobs' order.
    """
    from ghgcore.resolution import Fallback
    from ghgcore.sources import resolve

    # what every job would fail on is said once, here
    if factors:
        resolve(list(factors))
    if fallback:
        Fallback.parse(fallback)
    target = store.path if isinstance(store, AccountStore) else AccountStore(store).path
    path = os.fspath(target.resolve())
    return run_partitions(
        run_job,
        [(path, job) for job in jobs],
        engine=engine,
        client=client,
        scheduler=scheduler,
        description="Accounts",
        factors=list(factors) if factors else None,
        replace=replace,
        fallback=fallback,
    )
