"""Tests for ghgcore.output."""

from __future__ import annotations

import pytest

from ghgcore.output import atomic_writer


def test_atomic_writer_writes_whole(tmp_path):
    """The file appears with its full content."""
    target = tmp_path / "out.txt"
    with atomic_writer(target) as f:
        f.write("hello\n")
    assert "hello\n" == target.read_text(encoding="utf-8")
    assert [target] == list(tmp_path.iterdir())


def test_atomic_writer_leaves_nothing_on_error(tmp_path):
    """An exception midway leaves the old file untouched and no temporary file."""
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")

    def write_half() -> None:
        with atomic_writer(target) as f:
            f.write("half")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_half()
    assert "old\n" == target.read_text(encoding="utf-8")
    assert [target] == list(tmp_path.iterdir())
