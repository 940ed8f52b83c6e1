"""Output files, lock files and the process: like a careful Unix tool, and never a traceback.

- Output files honour the umask (a new file) or keep the mode of the file
  they replace; a symbolic link is written through; a directory, FIFO,
  device or socket is refused, never replaced (the null device is written
  to); the report and the lock file are written both or neither; a full
  disk is one line and the old file intact.
- A lock file is untrusted input: anything but a lock file is a
  LockFileError naming the file and what was expected.
- Ctrl-C, SIGTERM and SIGHUP: "ghgcore: interrupted", 128 + the signal,
  no output replaced, no temporary file left. A reader of standard output
  that went away: status 141, nothing on standard error.
- Inputs are local paths only, for every option that names a file.
"""

from __future__ import annotations

import errno
import http.server
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghgcore import FactorSet, calculate_inventory, output
from ghgcore.cli import main
from ghgcore.errors import GhgcoreError, InputError, LockFileError, OutputError
from ghgcore.lock import MAX_LOCK_BYTES, Lock
from ghgcore.output import Interrupted, atomic_writer, atomic_writers
from ghgcore.sources import resolve

from .conftest import EXAMPLES

ACTIVITIES, FACTORS = EXAMPLES / "activities.csv", EXAMPLES / "factors.csv"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes, FIFOs and signals")
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def calc(*extra: str) -> list[str]:
    """The example calculated with its own factors only (no plugin)."""
    return ["calculate", str(ACTIVITIES), str(FACTORS), "--factors", "none", *extra]


def temps(folder: Path) -> list[str]:
    """Temporary files ghgcore left in `folder`."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".ghgcore-"))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    """Set the umask for a test, and put it back."""
    before = os.umask(0o022)
    os.umask(before)
    yield os.umask
    os.umask(before)


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert 1 == len(lines), err
    assert lines[0].startswith("ghgcore: error: "), err
    return lines[0]


# --------------------------------------------------------------------------
# modes


@POSIX
@pytest.mark.parametrize(
    ("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o027, 0o640)]
)
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path, umask, mask, expected):
    """New outputs (API writer, lock file, CLI report and lock) get 0666 less the umask, not always 0600."""
    umask(mask)
    with atomic_writer(tmp_path / "api.txt") as f:
        f.write("x")
    Lock.of([FactorSet.from_csv(FACTORS)]).write(tmp_path / "api.lock")
    assert 0 == main(calc("-o", str(tmp_path / "cli.txt"), "--write-lock", str(tmp_path / "cli.lock")))
    for name in ("api.txt", "api.lock", "cli.txt", "cli.lock"):
        assert expected == mode(tmp_path / name), name
    assert [] == temps(tmp_path)


@POSIX
@pytest.mark.parametrize("existing", [0o644, 0o640, 0o600, 0o666, 0o604])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, existing):
    """Replacing a file keeps its mode, whatever the umask."""
    umask(0o077)
    for name in ("report.txt", "ghgcore.lock"):
        (tmp_path / name).write_text("old\n", encoding="utf-8")
        os.chmod(tmp_path / name, existing)
    assert 0 == main(calc("-o", str(tmp_path / "report.txt"), "--write-lock", str(tmp_path / "ghgcore.lock")))
    assert "Greenhouse-gas inventory" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert existing == mode(tmp_path / "report.txt")
    assert existing == mode(tmp_path / "ghgcore.lock")
    with atomic_writer(tmp_path / "report.txt") as f:
        f.write("again")
    assert existing == mode(tmp_path / "report.txt")


@POSIX
@pytest.mark.skipif(ROOT, reason="root may write any file")
def test_a_read_only_file_is_not_replaced(tmp_path, capsys):
    """A file the user may not write is refused, like the shell's '>' would, and stays as it was."""
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o444)
    assert 2 == main(calc("-o", str(target)))
    assert "permission denied" in one_error_line(capsys)
    assert "old\n" == target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# symbolic links and special files


@POSIX
@pytest.mark.parametrize("relative", [True, False])
def test_a_symlink_is_written_through(tmp_path, relative):
    """The link stays a link; the file it points to gets the report (in another folder too)."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(os.path.join("real", "report.txt") if relative else target)
    assert 0 == main(calc("-o", str(link)))
    assert link.is_symlink()
    assert "Greenhouse-gas inventory" in target.read_text(encoding="utf-8")
    assert 0o640 == mode(target)
    assert [] == temps(tmp_path) == temps(tmp_path / "real")


@POSIX
def test_a_dangling_symlink_creates_its_target(tmp_path):
    """A link to a file not yet there: the file is created where the link points, as the shell's '>' does."""
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    assert 0 == main(calc("--format", "json", "-o", str(link)))
    assert link.is_symlink()
    assert 12 == json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))["lines"]


@POSIX
def test_a_symlink_loop_is_refused(tmp_path, capsys):
    """A link to itself: one line naming it."""
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert 2 == main(calc("-o", str(loop)))
    assert str(loop) in one_error_line(capsys)
    assert loop.is_symlink()


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@POSIX
@pytest.mark.parametrize(
    ("make", "kind"),
    [(_fifo, "a named pipe (FIFO)"), (_folder, "a directory"), (_socket, "a socket")],
)
@pytest.mark.parametrize("option", ["-o", "--write-lock"])
def test_special_files_are_refused_not_replaced(tmp_path, capsys, make, kind, option):
    """A FIFO, directory or socket given as an output: refused before any work, left as it was."""
    special = make(tmp_path / "special")
    before = os.lstat(special)
    report = tmp_path / "report.txt"
    report.write_text("old\n", encoding="utf-8")
    other = ["-o", str(report)] if option == "--write-lock" else []
    assert 2 == main(calc(option, str(special), *other))
    line = one_error_line(capsys)
    assert f"{special}: {kind}, not a regular file" in line
    after = os.lstat(special)
    assert (stat.S_IFMT(before.st_mode), before.st_ino) == (stat.S_IFMT(after.st_mode), after.st_ino)
    assert "old\n" == report.read_text(encoding="utf-8")
    assert [] == temps(tmp_path)
    with pytest.raises(OutputError, match="not a regular file"), atomic_writer(special) as f:
        f.write("x")


@POSIX
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/full"])
def test_devices_are_refused(capsys, device):
    """A device other than the null device is refused."""
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert 2 == main(calc("-o", device))
    assert "a character device" in one_error_line(capsys)


def test_the_null_device_is_written_to(tmp_path):
    """-o /dev/null discards the report, as Unix users expect."""
    assert 0 == main(calc("-o", os.devnull, "--write-lock", str(tmp_path / "l.lock")))
    assert (tmp_path / "l.lock").exists()
    with atomic_writer(os.devnull) as f:
        f.write("nothing")


@pytest.mark.parametrize("twice", ["same", "link"])
def test_the_same_file_twice_is_refused(tmp_path, capsys, twice):
    """--output and --write-lock naming one file (directly or through a link): refused, nothing written."""
    out = tmp_path / "out.txt"
    other = out
    if twice == "link":
        if os.name != "posix":
            pytest.skip("symlinks")
        other = tmp_path / "link.txt"
        other.symlink_to(out)
    assert 2 == main(calc("-o", str(out), "--write-lock", str(other)))
    assert "the same file as" in one_error_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize("option", ["-o", "--write-lock"])
@pytest.mark.parametrize("which", ["input", "factor file"])
def test_an_output_never_replaces_an_input(tmp_path, capsys, option, which):
    """Writing the report over an input file (data you still need) is refused."""
    acts = tmp_path / "activities.csv"
    acts.write_bytes(ACTIVITIES.read_bytes())
    facts = tmp_path / "factors.csv"
    facts.write_bytes(FACTORS.read_bytes())
    victim = acts if which == "input" else facts
    assert 2 == main(["calculate", str(acts), "-f", str(facts), "--factors", "none", option, str(victim)])
    assert "which it would replace" in one_error_line(capsys)
    assert ACTIVITIES.read_bytes() == acts.read_bytes()
    assert FACTORS.read_bytes() == facts.read_bytes()


def test_rewriting_the_lock_that_was_checked_is_allowed(tmp_path):
    """--lock L --write-lock L: the lock checked, then written again (the same content)."""
    lock = tmp_path / "ghgcore.lock"
    assert 0 == main(calc("-o", os.devnull, "--write-lock", str(lock)))
    first = lock.read_bytes()
    assert 0 == main(calc("-o", os.devnull, "--lock", str(lock), "--write-lock", str(lock)))
    assert first == lock.read_bytes()


def test_a_missing_folder_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    """An output in a folder that does not exist: one line, and the calculation is not even run."""
    import ghgcore.inventory

    def never(*args, **kwargs):
        raise AssertionError("calculated although the output cannot be written")

    monkeypatch.setattr(ghgcore.inventory, "calculate_inventory", never)
    assert 2 == main(calc("-o", str(tmp_path / "no" / "such" / "report.txt")))
    assert "no such folder" in one_error_line(capsys)
    assert 2 == main(calc("--write-lock", str(tmp_path / "nope" / "x.lock")))
    assert "no such folder" in one_error_line(capsys)


# --------------------------------------------------------------------------
# all outputs or none; full disks


@pytest.fixture
def old_outputs(tmp_path) -> tuple[Path, Path]:
    report, lock = tmp_path / "report.txt", tmp_path / "ghgcore.lock"
    report.write_text("old report\n", encoding="utf-8")
    lock.write_text("old lock\n", encoding="utf-8")
    return report, lock


def _failing_write(on: str, error: int = errno.ENOSPC):
    """output._write that fails for the temporary file of the output named `on`."""
    real = output._write

    def write(file, data):
        if file.target is not None and file.target.given.endswith(on):
            raise OSError(error, os.strerror(error))
        return real(file, data)

    return write


@pytest.mark.parametrize("failing", ["report.txt", "ghgcore.lock"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO, errno.EDQUOT])
def test_a_full_disk_changes_no_output(tmp_path, old_outputs, capsys, monkeypatch, failing, error):
    """A write that fails (disk full, I/O error, quota): one line naming the file; both old files intact."""
    report, lock = old_outputs
    monkeypatch.setattr(output, "_write", _failing_write(failing, error))
    assert 2 == main(calc("--format", "csv", "-o", str(report), "--write-lock", str(lock)))
    line = one_error_line(capsys)
    assert f"{tmp_path / failing}: {os.strerror(error)} (the file is unchanged)" in line
    assert "old report\n" == report.read_text(encoding="utf-8")
    assert "old lock\n" == lock.read_text(encoding="utf-8")
    assert [] == temps(tmp_path)


def test_a_full_disk_from_python(tmp_path, monkeypatch):
    """The writer raises an OSError with the errno and the output's path; nothing is left."""
    target = tmp_path / "new.txt"
    monkeypatch.setattr(output, "_write", _failing_write("new.txt"))
    with pytest.raises(OSError, match="No space left") as info, atomic_writer(target) as f:
        f.write("x" * 100_000)
    assert (errno.ENOSPC, str(target)) == (info.value.errno, info.value.filename)
    assert "nothing was written" in info.value.strerror
    assert not target.exists()
    assert [] == temps(tmp_path)


def test_a_failing_fsync_changes_nothing(tmp_path, old_outputs, capsys, monkeypatch):
    """Late write errors (reported by fsync) are write errors too."""
    report, lock = old_outputs

    def fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(output.os, "fsync", fsync)
    assert 2 == main(calc("-o", str(report), "--write-lock", str(lock)))
    assert "Input/output error" in one_error_line(capsys)
    assert "old report\n" == report.read_text(encoding="utf-8")
    assert "old lock\n" == lock.read_text(encoding="utf-8")


@pytest.mark.parametrize("lock_exists", [True, False])
def test_when_the_lock_cannot_replace_its_file_the_report_comes_back(
    tmp_path, old_outputs, capsys, monkeypatch, lock_exists
):
    """The report is replaced first; if the lock then cannot be, the old report is brought back."""
    report, lock = old_outputs
    if not lock_exists:
        lock.unlink()
    inode = os.stat(report).st_ino
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("ghgcore.lock") and ".ghgcore-" in str(src):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    assert 2 == main(calc("-o", str(report), "--write-lock", str(lock)))
    line = one_error_line(capsys)
    assert f"{lock}: Read-only file system (no output was changed)" in line
    assert "old report\n" == report.read_text(encoding="utf-8")
    assert inode == os.stat(report).st_ino
    assert lock.exists() == lock_exists
    assert [] == temps(tmp_path)


def test_a_new_report_is_removed_when_the_lock_fails(tmp_path, monkeypatch, capsys):
    """A report that did not exist before does not exist after a failed run."""
    report, lock = tmp_path / "report.txt", tmp_path / "ghgcore.lock"
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("ghgcore.lock"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    assert 2 == main(calc("-o", str(report), "--write-lock", str(lock)))
    one_error_line(capsys)
    assert not report.exists()
    assert not lock.exists()
    assert [] == temps(tmp_path)


def test_atomic_writers_all_or_none_from_python(tmp_path):
    """An exception inside the block leaves every target as it was."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A\n", encoding="utf-8")

    def write_and_fail() -> None:
        with atomic_writers([a, b]) as (fa, fb):
            fa.write("new A")
            fb.write("new B")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_and_fail()
    assert "A\n" == a.read_text(encoding="utf-8")
    assert not b.exists()
    with atomic_writers([a, b]) as (fa, fb):
        fa.write("new A")
        fb.write("new B")
    assert ("new A", "new B") == (a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
    assert [] == temps(tmp_path)


@POSIX
def test_a_file_too_large_in_a_real_process(tmp_path):
    """A real write failure (RLIMIT_FSIZE: EFBIG): one line, the old file intact, no temporary file."""
    import resource

    report = tmp_path / "report.csv"
    report.write_text("old\n", encoding="utf-8")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    proc = subprocess.run(
        [sys.executable, "-m", "ghgcore", *calc("--format", "csv", "-o", str(report))],
        capture_output=True, text=True, check=False, preexec_fn=limit,
    )  # fmt: skip
    assert 2 == proc.returncode, proc.stderr
    assert f"ghgcore: error: {report}: File too large (the file is unchanged)\n" == proc.stderr
    assert "old\n" == report.read_text(encoding="utf-8")
    assert [] == temps(tmp_path)


@POSIX
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", [calc(), calc("--format", "csv"), ["factors", "list"]])
def test_standard_output_on_a_full_disk(command):
    """Standard output to a full disk: one line naming it, exit 2, never "Exception ignored"."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "ghgcore", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert 2 == proc.returncode, proc.stderr
    assert "ghgcore: error: standard output: No space left on device\n" == proc.stderr


# --------------------------------------------------------------------------
# signals: Ctrl-C, SIGTERM, SIGHUP


SLOW = """
import pathlib, sys, time
import ghgcore.views as views
from ghgcore.cli import main

where = sys.argv[1]
real = getattr(views, where)

def slow(*args, **kwargs):
    pathlib.Path("ready").write_text("ready")
    time.sleep(60)
    return real(*args, **kwargs)

setattr(views, where, slow)
sys.exit(main(sys.argv[2:]))
"""

SLOW_PLUGIN_LOAD = """
import pathlib, sys, time
import ghgcore.inventory as inventory
from ghgcore.cli import main

real = inventory.calculate_inventory

def slow(*args, **kwargs):
    pathlib.Path("ready").write_text("ready")
    time.sleep(60)
    return real(*args, **kwargs)

inventory.calculate_inventory = slow
sys.exit(main(sys.argv[1:]))
"""


def _run_and_signal(
    tmp_path: Path, script: str, args: list[str], signum: int, **popen
) -> tuple[int, str, str]:
    (tmp_path / "slow.py").write_text(textwrap.dedent(script), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "slow.py", *args],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (tmp_path / "ready").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


SIGNALS = [
    (signal.SIGINT, "ghgcore: interrupted\n"),
    *([(signal.SIGTERM, "ghgcore: interrupted by SIGTERM\n")] if hasattr(signal, "SIGTERM") else []),
    # a hang-up already ignored here (nohup, as some CI runners start) stays ignored in ghgcore, by design
    *(
        [(signal.SIGHUP, "ghgcore: interrupted by SIGHUP\n")]
        if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN
        else []
    ),
]


@POSIX
@pytest.mark.parametrize(("signum", "message"), SIGNALS)
@pytest.mark.parametrize("view", ["format_table", "html_page"])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path, signum, message, view):
    """Stopped while the report is being written: 128 + signal, one line, old outputs intact, no temp file."""
    (tmp_path / "report.txt").write_text("old report\n", encoding="utf-8")
    fmt = ["--format", "html"] if view == "html_page" else []
    args = [view, *calc(*fmt, "-o", "report.txt", "--write-lock", "new.lock")]
    status, out, err = _run_and_signal(tmp_path, SLOW, args, signum)
    assert (128 + signum, message, "") == (status, err, out)
    assert "old report\n" == (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "new.lock").exists()
    assert [] == temps(tmp_path)


@POSIX
@pytest.mark.parametrize(("signum", "message"), SIGNALS)
def test_a_signal_while_calculating(tmp_path, signum, message):
    """Stopped before any output: the same one line, no traceback, nothing written."""
    args = calc("-o", "report.txt")
    status, out, err = _run_and_signal(tmp_path, SLOW_PLUGIN_LOAD, args, signum)
    assert (128 + signum, message, "") == (status, err, out)
    assert not (tmp_path / "report.txt").exists()
    assert [] == temps(tmp_path)


@POSIX
def test_a_signal_ignored_at_start_stays_ignored(tmp_path):
    """nohup: SIGHUP ignored when ghgcore starts is not turned into an interruption."""

    def ignore_hangup() -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    status, _, err = _run_and_signal(
        tmp_path, SLOW.replace("time.sleep(60)", "time.sleep(1)"),
        ["format_table", *calc("-o", "report.txt")], signal.SIGHUP, preexec_fn=ignore_hangup,
    )  # fmt: skip
    assert 0 == status
    assert "interrupted" not in err
    assert "Greenhouse-gas inventory" in (tmp_path / "report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raised", "status", "message"),
    [
        (KeyboardInterrupt(), 130, "ghgcore: interrupted\n"),
        (Interrupted(int(signal.SIGINT)), 130, "ghgcore: interrupted\n"),
        *(
            [(Interrupted(int(signal.SIGTERM)), 143, "ghgcore: interrupted by SIGTERM\n")]
            if hasattr(signal, "SIGTERM")
            else []
        ),
    ],
)
@pytest.mark.parametrize("where", ["calculate_inventory", "dumps_summary"])
def test_interrupted_anywhere_in_process(tmp_path, capsys, monkeypatch, raised, status, message, where):
    """A KeyboardInterrupt from the calculation or the writing: the status and one line, no output."""
    import ghgcore.inventory

    def interrupt(*args, **kwargs):
        raise raised

    monkeypatch.setattr(ghgcore.inventory if where == "calculate_inventory" else output, where, interrupt)
    report = tmp_path / "report.json"
    assert status == main(
        calc("--format", "json", "-o", str(report), "--write-lock", str(tmp_path / "x.lock"))
    )
    assert message == capsys.readouterr().err
    assert [] == [p.name for p in tmp_path.iterdir()]


def test_the_signal_handlers_are_put_back():
    """main() restores the handlers it found (a program calling it keeps its own)."""
    before = {s: signal.getsignal(s) for s in output._SIGNALS}
    assert 0 == main(calc("-o", os.devnull))
    assert before == {s: signal.getsignal(s) for s in output._SIGNALS}


# --------------------------------------------------------------------------
# broken pipes


def _closed_pipe_run(args: list[str]) -> subprocess.CompletedProcess[str]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader went away before anything was written
    try:
        return subprocess.run(
            [sys.executable, "-m", "ghgcore", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)


@POSIX
@pytest.mark.parametrize(
    "args",
    [
        calc(),
        calc("--format", "csv"),
        calc("--format", "json"),
        ["factors", "list"],
        ["factors", "show", str(FACTORS)],
        ["ledger", str(EXAMPLES / "eksempel-as" / "2023" / "ledger.xml")],
    ],
)
def test_a_closed_pipe_ends_quietly(args):
    """Writing to a pipe nobody reads: status 141, nothing on standard error (no "Exception ignored")."""
    proc = _closed_pipe_run(args)
    assert (141, "") == (proc.returncode, proc.stderr)


@POSIX
def test_piped_into_head():
    """`ghgcore calculate ... --format csv | head -1`: the header line, no traceback, 0 or 141."""
    command = " ".join(
        [f"'{sys.executable}'", "-m", "ghgcore", *(f"'{a}'" for a in calc("--format", "csv")), "| head -1"]
    )
    proc = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}; echo status=$? >&2"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.stdout.startswith("line,activity,amount")
    assert 1 == len(proc.stdout.splitlines())
    assert proc.stderr.strip() in ("status=0", "status=141"), proc.stderr


def test_a_broken_pipe_in_process(capsys, monkeypatch, tmp_path):
    """A standard output that raises BrokenPipeError: 141, nothing said, and the lock file not written."""

    class Broken:
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Broken())
    lock = tmp_path / "x.lock"
    assert 141 == main(calc("--write-lock", str(lock)))
    assert "" == capsys.readouterr().err
    assert not lock.exists()
    assert [] == temps(tmp_path)


def test_a_closed_standard_error_is_no_reason_to_fail(monkeypatch, tmp_path):
    """Messages to a closed standard error are dropped; the status still says what happened."""
    monkeypatch.setattr(sys, "stderr", None)
    assert 2 == main(["calculate", str(tmp_path / "missing.csv")])


# --------------------------------------------------------------------------
# lock files


GOOD_LOCK = Lock.of([FactorSet.from_csv(FACTORS)]).dumps()
SHA = json.loads(GOOD_LOCK)["factor_sets"][0]["sha256"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"ghgcore_lock": NaN}', "NaN is not a JSON number"),
        ('{"ghgcore_lock": 2, "factor_sets": Infinity}', "Infinity is not a JSON number"),
        ('{"ghgcore_lock": 2, "factor_sets": [{"name": "a", "version": "1", "sha256": -Infinity}]}', "-Infinity"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        ('{"ghgcore_lock": 2, "factor_sets": 5}', '"factor_sets" is 5, expected a list'),
        ('{"ghgcore_lock": 2, "factor_sets": null}', '"factor_sets" is null, expected a list'),
        ('{"ghgcore_lock": 2, "factor_sets": "abc"}', '"factor_sets" is the text "abc"'),
        ('{"ghgcore_lock": 2, "factor_sets": {"name": "x"}}', '"factor_sets" is an object'),
        ('{"ghgcore_lock": 2}', 'no "factor_sets"'),
        ('{"factor_sets": []}', 'got no "ghgcore_lock"'),
        ('{"ghgcore_lock": "2", "factor_sets": []}', '"ghgcore_lock": "2"'),
        ('{"ghgcore_lock": 2.0, "factor_sets": []}', '"ghgcore_lock": 2.0'),
        ('{"ghgcore_lock": true, "factor_sets": []}', '"ghgcore_lock": true'),
        ('{"ghgcore_lock": 3, "factor_sets": []}', "not a ghgcore lock file of format 2"),
        ('{"ghgcore_lock": 1, "factor_sets": []}', "a lock file of format 1"),
        ('{"ghgcore_lock": 2, "ghgcore_lock": 2, "factor_sets": []}', "the key 'ghgcore_lock' twice"),
        ('{"ghgcore_lock": 2, "factor_sets": [], "extra": 1}', "unknown key 'extra'"),
        ('{"ghgcore_lock": 2, "factor_sets": [7]}', "line 1, field 'factor_sets': got '7'"),
        ('{"ghgcore_lock": 2, "factor_sets": [{"name": "a", "version": 1, "sha256": "' + SHA + '"}]}', "field 'version': got '1'"),
        ('{"ghgcore_lock": 2, "factor_sets": [{"name": "a", "version": "1"}]}', "field 'sha256': got nothing"),
        ('{"ghgcore_lock": 2, "factor_sets": [{"name": "a", "version": "1", "sha256": "xyz"}]}', "64 hexadecimal digits"),
        ('{"ghgcore_lock": 2, "factor_sets": [{"name": "", "version": "1", "sha256": "' + SHA + '"}]}', "field 'name': got nothing"),
        ('{"ghgcore_lock": 2, "factor_sets": [{"name": "a", "version": "1", "sha256": "' + SHA + '", "sha": 1}]}', "field 'sha'"),
        ('{"ghgcore_lock": 2' + "0" * 5000 + ', "factor_sets": []}', "not a JSON lock file"),
        ('"ghgcore_lock"', 'got the text "ghgcore_lock"'),
        ("", "not a JSON lock file"),
        ("{", "not a JSON lock file"),
        ("\x00\xff", "not a JSON lock file"),
    ],
)  # fmt: skip
def test_a_malformed_lock_file(tmp_path, capsys, text, expected):
    """Every malformed lock: a LockFileError naming the file and what was expected; the CLI says it in one go."""
    path = tmp_path / "bad.lock"
    path.write_bytes(text.encode("utf-8", "surrogateescape") if text != "\x00\xff" else b"\x00\xff")
    with pytest.raises(LockFileError) as info:
        Lock.read(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)
    assert 2 == main(calc("--lock", str(path)))
    err = capsys.readouterr().err
    assert err.startswith(f"ghgcore: error: {path}: ")
    assert "Traceback" not in err


def test_lock_files_that_are_not_files(tmp_path):
    """A directory, a FIFO (never waited on) or a file of gigabytes is not a lock file."""
    with pytest.raises(LockFileError, match="a directory, expected a lock file"):
        Lock.read(tmp_path)
    if hasattr(os, "mkfifo"):
        fifo = _fifo(tmp_path / "fifo.lock")
        with pytest.raises(LockFileError, match="not a regular file"):
            Lock.read(fifo)
    big = tmp_path / "big.lock"
    with open(big, "wb") as f:
        f.truncate(MAX_LOCK_BYTES + 1)
    with pytest.raises(LockFileError, match="larger than"):
        Lock.read(big)
    with pytest.raises(LockFileError, match="no such lock file"):
        Lock.read(tmp_path / "missing.lock")


def test_a_lock_with_a_byte_order_mark_is_read(tmp_path):
    """A BOM (an editor's) is accepted, as in every other input file."""
    path = tmp_path / "bom.lock"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_LOCK.encode("utf-8"))
    assert Lock.read(path).sets[0].sha256 == SHA


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes_as_a_lock_file(tmp_path, data):
    """Random bytes: a Lock or a LockFileError, never anything else."""
    path = tmp_path / "random.lock"
    path.write_bytes(data)
    try:
        Lock.read(path)
    except LockFileError as e:
        message = str(e)
    else:
        return
    assert str(path) in message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=70),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    form=st.one_of(st.just(2), json_values),
    sets=st.one_of(
        json_values,
        st.lists(
            st.one_of(
                json_values,
                st.fixed_dictionaries(
                    {"name": st.one_of(st.text(max_size=5), json_values), "version": json_values,
                     "sha256": st.one_of(st.just(SHA), json_values)}
                ),
            ),
            max_size=4,
        ),
    ),
)  # fmt: skip
def test_random_json_as_a_lock_file(tmp_path, form, sets):
    """Random JSON around the lock's shape: a Lock of valid entries, or a LockFileError."""
    path = tmp_path / "random.lock"
    path.write_text(json.dumps({"ghgcore_lock": form, "factor_sets": sets}), encoding="utf-8")
    try:
        lock = Lock.read(path)
    except LockFileError as e:
        message = str(e)
    else:
        assert all(isinstance(s.name, str) and s.name and len(s.sha256) == 64 for s in lock.sets)
        return
    assert str(path) in message


def test_two_sets_of_one_name_lock_and_check(tmp_path):
    """Two factor files of the same name (a/factors.csv, b/factors.csv): the lock written is read and checked."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "factors.csv").write_bytes(FACTORS.read_bytes())
    (tmp_path / "b" / "factors.csv").write_text(
        FACTORS.read_text(encoding="utf-8").replace("0.00762", "0.00763"), encoding="utf-8"
    )
    files = ["-f", str(tmp_path / "a" / "factors.csv"), "-f", str(tmp_path / "b" / "factors.csv")]
    lock = tmp_path / "ghgcore.lock"
    args = ["calculate", str(ACTIVITIES), *files, "--factors", "none", "-o", os.devnull]
    assert 0 == main([*args, "--write-lock", str(lock)])
    assert 0 == main([*args, "--lock", str(lock)])


# --------------------------------------------------------------------------
# inputs are local paths only


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"activity,amount,unit\ndiesel,1,L\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    """A local HTTP server that records every request (there must be none)."""
    _Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    assert [] == _Recorder.requests


@pytest.mark.parametrize(
    "option",
    ["INPUT", "--factor-file", "--mapping", "--crosswalk", "--price-index", "--price-index SEK=",
     "--instruments", "--lock", "--input-format activities INPUT", "ledger", "factors show", "-o"],
)  # fmt: skip
def test_urls_are_refused_for_every_path_option(server, capsys, option):
    """A URL given for any file: one line saying files are local, and nothing fetched."""
    url = f"{server}/data.csv"
    if option == "ledger":
        args = ["ledger", url]
    elif option == "factors show":
        args = ["factors", "show", url]
    elif option.endswith("INPUT"):
        args = ["calculate", url, str(FACTORS), "--factors", "none", *option.split()[:-1]]
    elif option.endswith("="):
        args = calc(option.split()[0], option.split()[1] + url)
    else:
        args = calc(option, url)
    assert 2 == main(args)
    line = one_error_line(capsys)
    assert "local files, not URLs" in line


@pytest.mark.parametrize(
    "call",
    [
        lambda url: resolve([url + "/f.csv"]),
        lambda url: resolve([str(FACTORS)], crosswalks=[url + "/c.csv"]),
        lambda url: resolve([str(FACTORS)], mappings=[url + "/m.csv"]),
        lambda url: resolve([str(FACTORS)], price_indices=[url + "/kpi.csv"]),
        lambda url: resolve([str(FACTORS)], price_indices=["SEK=" + url + "/kpi.csv"]),
        lambda url: resolve([str(FACTORS)], lock=url + "/x.lock"),
        lambda url: calculate_inventory([url + "/a.csv"], [str(FACTORS)]),
        lambda url: Lock.read(url + "/x.lock"),
    ],
)
def test_urls_are_refused_from_python(server, call):
    """The Python API refuses URLs as file sources, and fetches nothing."""
    with pytest.raises(GhgcoreError, match="local files, not URLs"):
        call(server)


def test_input_fifos_are_refused(tmp_path, capsys):
    """A FIFO as an input (process substitution) would be read once and lose lines: refused, never waited on."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs")
    fifo = _fifo(tmp_path / "lines.csv")
    from ghgcore.readers import read

    for fmt in ("auto", "activities"):
        with pytest.raises(InputError, match="a named pipe"):
            read(fifo, fmt)
    assert 2 == main(["calculate", str(fifo), "-f", str(FACTORS), "--factors", "none"])
    assert "a named pipe" in one_error_line(capsys)
