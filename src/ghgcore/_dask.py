"""Running one function over many partitions: in this process, or on a Dask cluster.

The network's members and a batch of accounts are partitions of independent
work. ``engine="local"`` runs them one after the other here;
``engine="dask"`` maps them over a Dask cluster (dask.distributed): the one
of the client given, else of a scheduler's address, else a
:class:`~dask.distributed.LocalCluster` started for the call and closed
after it. The results come back in the partitions' order either way.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ghgcore._progress import progress
from ghgcore.errors import OptionError

__all__ = ["ENGINES", "run_partitions"]

#: The engines partitions run on.
ENGINES = ("local", "dask")

T = TypeVar("T")


def _client(scheduler: str | None) -> tuple[Any, Callable[[], None]]:
    """A client of the cluster at `scheduler`, or of a local cluster started here (closed by the callable)."""
    try:
        from dask.distributed import Client as _Client
        from dask.distributed import LocalCluster as _LocalCluster
    except ImportError:
        raise OptionError("the Dask engine needs dask.distributed: pip install 'ghgcore[dask]'") from None
    client_class: Any = _Client  # untyped in dask
    cluster_class: Any = _LocalCluster
    if scheduler:
        try:
            client = client_class(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as e:
            raise OptionError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        return client, client.close
    cluster = cluster_class(
        n_workers=max(1, min(4, os.cpu_count() or 1)),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    )
    client = client_class(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def run_partitions(
    func: Callable[..., T],
    arguments: Sequence[Sequence[Any]],
    *,
    engine: str = "local",
    client: Any = None,
    scheduler: str | None = None,
    description: str = "",
    **options: Any,
) -> list[T]:
    """``func(*args, **options)`` for each of `arguments`, in their order, on the engine chosen.

    Parameters
    ----------
    func : callable
        A module-level function (the workers import it by name).
    arguments : sequence of sequences
        One tuple of positional arguments per partition.
    engine : {"local", "dask"}
    client : dask.distributed.Client, optional
    scheduler : str, optional
        A Dask scheduler's address, when no client is given.
    description : str
        If given, a progress bar so named counts the partitions done (on a
        terminal only: :mod:`ghgcore._progress`).
    **options
        Keyword arguments every call gets.

    Raises
    ------
    OptionError
        An unknown engine, dask.distributed not installed, or a scheduler
        that cannot be reached.
    """
    if engine not in ENGINES:
        raise OptionError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "local":
        with progress(description, len(arguments)) as advance:
            out = []
            for args in arguments:
                out.append(func(*args, **options))
                advance(1)
            return out
    if not arguments:
        return []
    close: Callable[[], None] = lambda: None  # noqa: E731 - a client given is the caller's to close
    if client is None:
        client, close = _client(scheduler)
    try:
        columns = [list(column) for column in zip(*arguments, strict=True)]
        futures = client.map(func, *columns, pure=False, **options)
        if description:
            from dask.distributed import as_completed as _as_completed

            as_completed: Any = _as_completed  # untyped in dask
            with progress(description, len(futures)) as advance:
                for _ in as_completed(futures):
                    advance(1)
        return list(client.gather(futures))
    finally:
        close()
