"""Tests of ghgcore._progress: bars on a terminal only, and the long work that shows them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ghgcore import _progress, ledger
from ghgcore._dask import run_partitions

EXAMPLE_LEDGER = Path(__file__).parent.parent / "examples" / "eksempel-as" / "2024" / "ledger.xml"


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[], _Terminal]:
    """Replaces standard error by a terminal that keeps what is written to it, when called.

    Called in the test itself: pytest's capture sets ``sys.stderr`` again
    after the fixtures are set up.
    """
    monkeypatch.delenv(_progress.ENVIRONMENT, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    def use() -> _Terminal:
        stream = _Terminal()
        monkeypatch.setattr(sys, "stderr", stream)
        return stream

    return use


def _square(x: int) -> int:
    return x * x


def test_no_bar_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """Standard error that is not a terminal (a pipe, a notebook, CI) gets nothing."""
    assert False is _progress.shown()
    with _progress.progress("Counting", 3) as advance:
        for _ in range(3):
            advance()
    assert "" == capsys.readouterr().err


def test_bar_on_a_terminal(terminal: Callable[[], _Terminal]) -> None:
    """On a terminal the bar is drawn, with its description."""
    stream = terminal()
    assert True is _progress.shown()
    with _progress.progress("Counting things", 3) as advance:
        for _ in range(3):
            advance()
    assert "Counting things" in stream.getvalue()


@pytest.mark.parametrize(
    ("name", "value"), [(_progress.ENVIRONMENT, "0"), (_progress.ENVIRONMENT, "off"), ("TERM", "dumb")]
)
def test_bars_turned_off(
    terminal: Callable[[], _Terminal], monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    """GHGCORE_PROGRESS=0 (or off) and a dumb terminal draw no bar, even on a terminal."""
    stream = terminal()
    monkeypatch.setenv(name, value)
    assert False is _progress.shown()
    with _progress.progress("Counting", 1) as advance:
        advance()
    assert "" == stream.getvalue()


def test_closed_stream_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A closed standard error is not a terminal (no exception)."""
    stream = io.StringIO()
    stream.close()
    monkeypatch.setattr(sys, "stderr", stream)
    assert False is _progress.shown()


def test_saft_file_shows_its_bytes(
    terminal: Callable[[], _Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SAF-T file at least _BAR_BYTES large is read under a bar naming the file; the ledger is the same."""
    stream = terminal()
    quiet = ledger.Ledger.from_saft(EXAMPLE_LEDGER)
    assert "" == stream.getvalue()  # the example is small: no bar
    monkeypatch.setattr(ledger, "_BAR_BYTES", 0)
    shown = ledger.Ledger.from_saft(EXAMPLE_LEDGER)
    assert "Reading ledger.xml" in stream.getvalue()
    assert quiet.reconciliation() == shown.reconciliation()


def test_partitions_counted(terminal: Callable[[], _Terminal]) -> None:
    """run_partitions with a description counts the partitions under a bar; the results keep their order."""
    stream = terminal()
    assert [0, 1, 4, 9] == run_partitions(_square, [(0,), (1,), (2,), (3,)], description="Members 2024")
    assert "Members 2024" in stream.getvalue()
    stream.truncate(0)
    stream.seek(0)
    assert [4] == run_partitions(_square, [(2,)])
    assert "" == stream.getvalue()


def _run_on_a_terminal(*args: str) -> tuple[int, str, bytes]:
    """``python -m ghgcore ARGS`` with standard error on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm"}
    env.pop(_progress.ENVIRONMENT, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ghgcore", *args], stdout=subprocess.PIPE, stderr=slave, env=env, text=True
    )
    os.close(slave)
    out, _ = proc.communicate(timeout=300)
    chunks = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # the terminal is closed once the process has ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.returncode, out, b"".join(chunks)


def test_monte_carlo_bar_on_a_real_terminal() -> None:
    """``ghgcore calculate --uncertainty monte-carlo`` counts the lines drawn on a terminal; stdout stays clean JSON."""
    inputs = sorted(str(p) for p in EXAMPLE_LEDGER.parent.iterdir())
    code, out, terminal = _run_on_a_terminal(
        "calculate", *inputs, "--uncertainty", "monte-carlo", "--format", "json"
    )
    assert 0 == code
    assert b"Monte Carlo" in terminal
    assert "monte-carlo" == json.loads(out)["uncertainty"]["method"]


def test_no_bar_when_stderr_is_a_pipe() -> None:
    """The same command with standard error to a pipe writes nothing there."""
    inputs = sorted(str(p) for p in EXAMPLE_LEDGER.parent.iterdir())
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ghgcore",
            "calculate",
            *inputs,
            "--uncertainty",
            "monte-carlo",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, "") == (proc.returncode, proc.stderr)


def test_empty_description_draws_nothing(terminal: Callable[[], _Terminal]) -> None:
    """An empty description is no bar, even on a terminal; callback('') gives nothing to call."""
    stream = terminal()
    with _progress.progress("", 3) as advance:
        advance(3)
    with _progress.callback("") as report:
        assert None is report
    assert "" == stream.getvalue()


def test_callback_counts_done_of_total(terminal: Callable[[], _Terminal]) -> None:
    """callback() turns (done, total) reports into a bar that starts at the first report."""
    stream = terminal()
    with _progress.callback("Drawing") as report:
        assert report is not None
        assert "" == stream.getvalue()
        report(256, 512)
        report(512, 512)
    assert "Drawing" in stream.getvalue()
