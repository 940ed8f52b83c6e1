"""Writing results: JSON summaries and per-line CSV, whole or not at all.

Output files are written like a careful Unix tool writes them
(:func:`atomic_writers`): whole or not at all, all of a run's outputs or
none, with the mode a new file gets from the umask or the replaced file
had, through symbolic links, never over a special file; and a run stopped
by a signal (:func:`stop_on_signals`) leaves no temporary file behind.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import operator
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

from ghgcore.errors import OutputError

__all__ = [
    "Interrupted",
    "atomic_writer",
    "atomic_writers",
    "check_outputs",
    "dumps_summary",
    "is_interrupt",
    "signal_name",
    "stop_on_signals",
]


def dumps_summary(data: Mapping[str, Any]) -> str:
    """Serialise a summary to JSON: sorted keys, two-space indent, UTF-8 text.

    The same summary always gives the same bytes: exactly what
    ``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)`` gives,
    written without the standard library's pure-Python indenting encoder, so
    that a summary listing 300,000 unresolved lines takes a fraction of a
    second rather than several.

    Raises
    ------
    OutputError
        If the summary holds a NaN or infinity (never valid JSON), naming
        where (also a ``ValueError``).

    Examples
    --------
    >>> print(dumps_summary({"b": [1, {"y": None, "x": "é"}], "a": {}}), end="")
    {
      "a": {},
      "b": [
        1,
        {
          "x": "é",
          "y": null
        }
      ]
    }
    """
    out: list[str] = []
    try:
        _encode(data, 0, out)
    except _NotFinite:
        raise OutputError(f"summary{_where_not_finite(data)}: a NaN or infinity is not valid JSON") from None
    out.append("\n")
    return "".join(out)


class _NotFinite(Exception):
    pass


def _number(value: int | float) -> str:
    if isinstance(value, float):  # numpy's float64 too, as json writes it
        if not math.isfinite(value):
            raise _NotFinite
        return float.__repr__(value)
    return int.__repr__(value)


def _key(key: Any) -> str:
    """A mapping key as json writes it: strings as they are, numbers and constants as text."""
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None:
        return _string(_scalar(key))
    if isinstance(key, int | float):
        return _string(_number(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return _number(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


_string: Callable[[str], str] = (
    getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
)
_SCALARS = (str, int, float, bool, type(None))


def _encode(value: Any, level: int, out: list[str]) -> None:
    """Append `value` as indented JSON, the layout of ``json.dumps(indent=2, sort_keys=True)``."""
    if isinstance(value, Mapping):
        if not value:
            out.append("{}")
            return
        inner = "\n" + "  " * (level + 1)
        out.append("{")
        for n, key in enumerate(sorted(value)):
            out.append((inner if n == 0 else "," + inner) + _key(key) + ": ")
            item = value[key]
            out.append(_scalar(item)) if isinstance(item, _SCALARS) else _encode(item, level + 1, out)
        out.append("\n" + "  " * level + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        if not _flat_records(value, level, out):
            inner = "\n" + "  " * (level + 1)
            out.append("[")
            for n, item in enumerate(value):
                out.append(inner if n == 0 else "," + inner)
                out.append(_scalar(item)) if isinstance(item, _SCALARS) else _encode(item, level + 1, out)
            out.append("\n" + "  " * level + "]")
    else:
        out.append(_scalar(value))


def _flat_records(items: Sequence[Any], level: int, out: list[str]) -> bool:
    """A long list of dicts with the same keys and scalar values, encoded a column at a time."""
    if len(items) < 64 or type(items[0]) is not dict:
        return False
    keys = sorted(items[0])
    if (
        not keys
        or set(map(type, keys)) != {str}
        or set(map(type, items)) != {dict}
        or set(map(len, items)) != {len(keys)}
    ):
        return False
    n, m = len(items), len(keys)
    pad, inner = "  " * (level + 1), "  " * (level + 2)
    # one list of all the pieces, filled a column at a time by slice assignment, joined once
    stride = 2 * m + 1
    pieces: list[str] = [""] * (n * stride)
    for k, key in enumerate(keys):
        try:
            values = list(map(operator.itemgetter(key), items))
        except KeyError:
            return False
        kinds = set(map(type, values))
        if kinds == {str}:
            encoded = {value: _string(value) for value in set(values)}  # reasons repeat: once each
            column = list(map(encoded.__getitem__, values))
        elif kinds == {int}:
            column = list(map(int.__repr__, values))
        elif kinds <= {int, float}:
            column = list(map(_number, values))
        else:
            return False
        head = f"{pad}{{\n{inner}" if k == 0 else f",\n{inner}"
        pieces[2 * k :: stride] = [head + _string(key) + ": "] * n
        pieces[2 * k + 1 :: stride] = column
    pieces[2 * m :: stride] = [f"\n{pad}}},\n"] * n
    pieces[-1] = f"\n{pad}}}\n"
    out.append("[\n" + "".join(pieces) + "  " * level + "]")
    return True


def _where_not_finite(value: Any, where: str = "") -> str:
    """The path of the first NaN or infinity in `value` (for the message)."""
    if isinstance(value, float) and not math.isfinite(value):
        return where
    children = (
        ((f".{k}", v) for k, v in value.items())
        if isinstance(value, Mapping)
        else ((f"[{i}]", v) for i, v in enumerate(value))
        if isinstance(value, list | tuple)
        else ()
    )
    for step, child in children:
        found = _where_not_finite(child, where + step)
        if found:
            return found
    return ""


# --------------------------------------------------------------------------
# signals: a run that is stopped leaves no temporary file and no half-written output


class Interrupted(KeyboardInterrupt):
    """The process was asked to stop by a signal while :func:`stop_on_signals` was in effect.

    A :class:`KeyboardInterrupt`, so that everything unwinds as for Ctrl-C:
    :func:`atomic_writers` removes its temporary files on the way out.

    Attributes
    ----------
    signum : int
        The signal: ``SIGINT`` (Ctrl-C), ``SIGTERM`` or ``SIGHUP``.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        return signal_name(self.signum)


_SIGNALS: tuple[int, ...] = tuple(
    int(getattr(signal, name)) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class _Signals:
    """What the handler of :func:`stop_on_signals` does with a signal now."""

    active = False  # stop_on_signals is in effect: a Ctrl-C raises Interrupted
    held = 0  # > 0: a signal waits until the held section ends (making, committing, removing files)
    pending = 0  # the signal that arrived while held
    quiet = False  # the run is over: a signal changes nothing


def signal_name(signum: int) -> str:
    """The name of a signal (``SIGTERM``), or its number when it has none."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _on_signal(signum: int, frame: object) -> None:
    if _Signals.quiet:
        return
    if _Signals.held:
        _Signals.pending = _Signals.pending or signum
        return
    raise Interrupted(signum)


def _quiet() -> None:
    _Signals.quiet = True


@contextlib.contextmanager
def stop_on_signals() -> Iterator[Callable[[], None]]:
    """Raise :class:`Interrupted` on SIGINT, SIGTERM and SIGHUP while the block runs.

    The run then unwinds as for Ctrl-C, removing the temporary files of
    :func:`atomic_writers` and replacing no output. A signal that is
    ignored when the block starts (``nohup``, a background job) stays
    ignored; the handlers are restored at the end. In threads other than
    the main thread (where Python cannot handle signals) the block runs
    as it is.

    Yields
    ------
    Callable[[], None]
        Call it when the run is over and only reporting remains: further
        signals are then ignored until the block ends.
    """
    if threading.current_thread() is not threading.main_thread() or _Signals.active:
        # not possible here, or already in effect
        yield _quiet
        return
    previous: dict[int, Any] = {}
    _Signals.held, _Signals.pending, _Signals.quiet = 0, 0, False
    try:
        for signum in _SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, _on_signal)
        _Signals.active = True
        yield _quiet
    finally:
        _Signals.quiet = True
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        _Signals.active = False
        _Signals.held, _Signals.pending, _Signals.quiet = 0, 0, False


def is_interrupt(error: BaseException) -> bool:
    """Whether `error` is the user stopping the run (Ctrl-C or a signal), not code raising KeyboardInterrupt.

    An :class:`Interrupted` is. While :func:`stop_on_signals` is in effect
    a Ctrl-C raises an :class:`Interrupted`, so any other
    KeyboardInterrupt comes from code (a plugin's, say); otherwise the two
    cannot be told apart and any KeyboardInterrupt is taken for the user's.
    """
    if isinstance(error, Interrupted):
        return True
    return isinstance(error, KeyboardInterrupt) and not _Signals.active


@contextlib.contextmanager
def _held() -> Iterator[None]:
    """Let a signal wait until the block ends, so that files are made, committed or removed whole."""
    _Signals.held += 1
    try:
        yield
    finally:
        _Signals.held -= 1
        if not _Signals.held and _Signals.pending and not _Signals.quiet:
            signum, _Signals.pending = _Signals.pending, 0
            raise Interrupted(signum)


# --------------------------------------------------------------------------
# output files: whole or not at all, all of them or none


_TEMP_PREFIX = ".ghgcore-"
_TEMP_SUFFIX = ".tmp"
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class _Target:
    """Where one output goes: the path as given, the file it stands for, what is there now."""

    __slots__ = ("existing", "given", "null", "owner", "real")

    def __init__(
        self,
        given: str,
        real: str,
        existing: int | None = None,
        owner: tuple[int, int] | None = None,
        null: bool = False,
    ) -> None:
        self.given = given
        self.real = real  # a symlink's target: written through
        self.existing = existing  # the permission bits of the file it replaces (None: a new file)
        self.owner = owner
        self.null = null  # the null device: written to directly, nothing to replace


class _Pending:
    """One output being written: its target, its temporary file (``None`` once committed), the stream."""

    __slots__ = ("file", "target", "tmp")

    def __init__(self, target: _Target, tmp: str | None, file: IO[str]) -> None:
        self.target = target
        self.tmp = tmp
        self.file = file


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _plan(path: str | os.PathLike[str]) -> _Target:
    """Check that `path` can be written, and where the file goes; refuse special files."""
    given = os.fsdecode(path)
    if not given.strip():
        raise OutputError("an empty output path")
    if "://" in given:
        raise OutputError(f"{given}: outputs are local files, not URLs")
    try:
        st: os.stat_result | None = os.stat(given)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(f"{given}: {e.strerror or e}; nothing was written") from None
    real = os.path.realpath(given)
    if st is None:
        folder = os.path.dirname(real)
        if given.endswith(("/", os.sep)) or not os.path.isdir(folder):
            raise OutputError(f"{given}: no such folder {folder}; nothing was written")
        return _Target(given, real)
    if stat.S_ISREG(st.st_mode):
        if not _may_write(real):
            raise OutputError(f"{given}: permission denied (the file is read-only); nothing was written")
        return _Target(given, real, stat.S_IMODE(st.st_mode) & 0o777, (st.st_uid, st.st_gid))
    if stat.S_ISCHR(st.st_mode) and _is_null_device(st):
        return _Target(given, os.devnull, null=True)
    raise OutputError(
        f"{given}: {_kind(st.st_mode)}, not a regular file: refusing to replace it; give the path of a file"
    )


def _may_write(path: str) -> bool:
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def _is_null_device(st: os.stat_result) -> bool:
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return (st.st_rdev, st.st_dev, st.st_ino) == (null.st_rdev, null.st_dev, null.st_ino)


def _distinct(targets: Sequence[_Target]) -> None:
    seen: dict[str, str] = {}
    for target in targets:
        if target.null:
            continue
        if target.real in seen:
            raise OutputError(
                f"{target.given}: the same file as {seen[target.real]}: give each output its own file"
            )
        seen[target.real] = target.given


def check_outputs(paths: Sequence[str | os.PathLike[str]]) -> None:
    """Check, before a long calculation, that :func:`atomic_writers` can write `paths`.

    Raises
    ------
    OutputError
        If a path is a directory, a FIFO, a device (other than the null
        device) or a socket; its folder is missing; the file is read-only;
        or two paths are the same file.
    """
    _distinct([_plan(path) for path in paths])


class _File(io.FileIO):
    """A temporary file whose write errors (a full disk) name the output it stands for."""

    target: _Target | None = None

    def write(self, data: Any) -> int:
        try:
            return _write(self, data)
        except OSError as e:
            if self.target is None:
                raise
            raise OSError(e.errno, _unchanged(e.strerror, self.target), self.target.given) from None


_write: Callable[[io.FileIO, Any], int] = io.FileIO.write


def _temp_name(folder: str) -> str:
    return os.path.join(folder, f"{_TEMP_PREFIX}{secrets.token_hex(8)}{_TEMP_SUFFIX}")


def _open(target: _Target, newline: str | None) -> _Pending:
    """A temporary file beside the target (mode: the replaced file's, or what the umask gives)."""
    if target.null:
        return _Pending(target, None, open(os.devnull, "w", encoding="utf-8", newline=newline))
    folder = os.path.dirname(target.real)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        tmp = _temp_name(folder)
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask (and a default ACL) apply, as to any new file
        except FileExistsError:
            continue
        except OSError as e:
            raise OutputError(
                f"{target.given}: cannot create a file in {folder} ({e.strerror}); nothing was written"
            ) from None
        break
    try:
        if target.existing is not None:
            _chmod(fd, tmp, target.existing)
            if target.owner is not None:
                _chown(fd, target.owner)
        raw = _File(fd, "w", closefd=True)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    raw.target = target
    return _Pending(target, tmp, io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", newline=newline))


def _chmod(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(path, mode)


def _chown(fd: int, owner: tuple[int, int]) -> None:
    """Keep the replaced file's owner and group where allowed (the group at least)."""
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows
        return
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == owner:
        return
    for uid, gid in (owner, (-1, owner[1])):
        try:
            os.fchown(fd, uid, gid)
        except OSError:
            continue
        return


def _finish(pending: _Pending) -> None:
    """Flush, sync and close a file; errors name the output."""
    file = pending.file
    try:
        file.flush()  # a write error names the output already (_File)
        if pending.tmp is not None:
            try:
                os.fsync(file.fileno())
            except OSError as e:
                raise OSError(e.errno, _unchanged(e.strerror, pending.target), pending.target.given) from None
    finally:
        with contextlib.suppress(OSError):
            file.close()


def _unchanged(reason: str | None, target: _Target) -> str:
    return f"{reason or 'cannot write'} ({'the file is unchanged' if target.existing is not None else 'nothing was written'})"


def _commit(pending: Sequence[_Pending]) -> None:
    """Replace the targets by their temporary files; if one fails, bring back those already replaced."""
    files = [(p, p.tmp) for p in pending if p.tmp is not None]
    done: list[tuple[_Pending, str | None]] = []
    backup: str | None = None
    try:
        for n, (p, tmp) in enumerate(files):
            _still_a_file(p.target)
            # keep the file a later failure must bring back (not needed for the last)
            backup = _backup(p.target.real) if n < len(files) - 1 and p.target.existing is not None else None
            os.replace(tmp, p.target.real)
            p.tmp = None
            done.append((p, backup))
            backup = None
    except (OSError, OutputError) as e:
        failed = files[len(done)][0].target
        lost = _roll_back(done)
        if isinstance(e, OutputError):
            raise OutputError(f"{e}{'; ' + lost if lost else ''}") from None
        raise OSError(
            e.errno, f"{e.strerror or e} ({lost or 'no output was changed'})", failed.given
        ) from None
    finally:
        for name in [backup, *(b for _, b in done)]:
            if name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(name)
    for folder in {os.path.dirname(p.target.real) for p, _ in files}:
        _sync_folder(folder)


def _still_a_file(target: _Target) -> None:
    """Refuse to replace what has become a special file since it was checked."""
    try:
        st = os.stat(target.real)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{target.given}: {_kind(st.st_mode)}, not a regular file: refusing to replace it; give the path of a file"
        )


def _backup(real: str) -> str:
    folder = os.path.dirname(real)
    while True:
        name = _temp_name(folder)
        try:
            os.link(real, name)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if os.path.lexists(name):
                continue
            shutil.copy2(real, name)
        return name


def _roll_back(done: Sequence[tuple[_Pending, str | None]]) -> str:
    """Bring back the files replaced so far; ``""`` if all came back, else what did not."""
    lost = []
    for p, backup in reversed(done):
        try:
            if backup is not None:
                os.replace(backup, p.target.real)
            else:
                os.unlink(p.target.real)  # it did not exist before
        except OSError as e:
            lost.append(f"{p.target.given} could not be restored: {e.strerror}")
    return "; ".join(lost)


def _sync_folder(folder: str) -> None:
    """Make the renames durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(pending: Sequence[_Pending]) -> None:
    for p in pending:
        with contextlib.suppress(OSError):
            p.file.close()
        if p.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(p.tmp)
            p.tmp = None


@contextlib.contextmanager
def atomic_writers(
    paths: Sequence[str | os.PathLike[str]], *, newline: str | None = None
) -> Iterator[list[IO[str]]]:
    """Open several text files for writing that appear together, each whole, or not at all.

    Each file's content goes to a hidden temporary file beside it
    (``.ghgcore-*.tmp``); only when the block ends without an exception
    are they synced and do they replace their targets, one after the
    other; if one cannot be replaced, those already replaced are brought
    back. An exception, Ctrl-C or a signal under :func:`stop_on_signals`
    leaves every target as it was and no temporary file.

    Like a careful Unix tool:

    - a new file gets the mode the umask gives; a replaced file keeps its
      mode (and its group, and owner where allowed);
    - a symbolic link is written through: its target is replaced, the link
      stays;
    - a directory, FIFO, device or socket is refused (:class:`OutputError`),
      never replaced; the null device is written to directly;
    - a read-only file, a missing folder, or the same file given twice is
      refused before anything is written.

    Parameters
    ----------
    paths : sequence of str or os.PathLike
    newline : str, optional
        As for :func:`open`.

    Yields
    ------
    list of text streams
        One per path, in order.

    Raises
    ------
    OutputError
        If a path cannot be written (see above).
    OSError
        If writing fails (a full disk), naming the output; every target
        is unchanged.
    """
    targets = [_plan(path) for path in paths]
    _distinct(targets)
    pending: list[_Pending] = []
    try:
        with _held():
            for target in targets:
                pending.append(_open(target, newline))
        yield [p.file for p in pending]
        for p in pending:
            _finish(p)
        with _held():
            _commit(pending)
    except BaseException:
        with _held():
            _discard(pending)
        raise


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, newline: str | None = None) -> Iterator[IO[str]]:
    """Open a text file for writing that appears whole, or not at all.

    :func:`atomic_writers` for one file: the content goes to a temporary
    file beside `path`, which replaces `path` only when the block ends
    without an exception; the mode of the file replaced (or the umask's for
    a new one) is kept, a symbolic link is written through, and special
    files are refused.
    """
    with atomic_writers([path], newline=newline) as (file,):
        yield file
