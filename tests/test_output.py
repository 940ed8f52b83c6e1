"""Tests for ghgcore.output."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcore.output import atomic_writer, dumps_summary


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


json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=30,
)
records = st.lists(
    st.fixed_dictionaries(
        {"line": st.integers(), "reason": st.text(), "kg": st.floats(allow_nan=False, allow_infinity=False)}
    ),
    min_size=60,
    max_size=90,
)


@given(data=st.dictionaries(st.text(max_size=5), json_values | records, max_size=6))
def test_dumps_summary_is_the_standard_layout(data):
    """dumps_summary gives exactly json.dumps(indent=2, sort_keys=True, ensure_ascii=False), long record lists included."""
    expected = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    assert expected == dumps_summary(data)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_dumps_summary_names_where_a_nan_is(bad):
    """A NaN or infinity is refused with its place in the summary, in short and in long lists."""
    with pytest.raises(ValueError, match=r"summary\.scopes\.1: a NaN"):
        dumps_summary({"scopes": {"1": bad}})
    with pytest.raises(ValueError, match=r"summary\.unresolved\[70\]\.kg"):
        dumps_summary({"unresolved": [{"line": i, "kg": bad if i == 70 else 1.0} for i in range(100)]})
