"""`forked.fork_map`: the results of `map`, in order, whatever the children do; each
result streamed as it is made (no child holds its share's results)."""

from __future__ import annotations

import os
import sys

import pytest

from briefings.content import forked

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_are_those_of_map_in_order_made_by_several_processes() -> None:
    found = forked.fork_map(_square, range(300), count=3, minimum=1)
    assert [value for value, _ in found] == [n * n for n in range(300)]
    pids = {pid for _, pid in found}
    assert os.getpid() in pids and len(pids) == 3


def _large(n: int) -> bytes:
    return bytes([n % 251]) * 300_000  # many times a pipe's buffer in all


def test_results_larger_than_the_pipe_arrive_whole() -> None:
    found = forked.fork_map(_large, range(40), count=2, minimum=1)
    assert found == [_large(n) for n in range(40)]


def _dies_halfway(n: int) -> tuple[int, int]:
    if n == 51 and os.getpid() != PARENT:
        os._exit(3)  # the child dies after sending some results
    return _square(n)


PARENT = os.getpid()


def test_a_child_that_dies_costs_only_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "PARENT", os.getpid())
    found = forked.fork_map(_dies_halfway, range(100), count=2, minimum=1)
    assert [value for value, _ in found] == [n * n for n in range(100)]
    pids = [pid for _, pid in found]
    assert pids[1] != os.getpid()  # what it sent before dying is kept
    assert pids[51] == os.getpid() and pids[99] == os.getpid()  # the rest made here


def _fails(n: int) -> int:
    if n == 7:
        raise ValueError(f"item {n}")
    return n


def test_an_error_in_a_child_is_raised_as_map_would() -> None:
    with pytest.raises(ValueError, match="item 7"):
        forked.fork_map(_fails, range(20), count=2, minimum=1)


def _fails_here(n: int) -> int:
    if n == 6 and os.getpid() == PARENT:
        raise ValueError(f"item {n}")
    return n


def test_an_error_here_ends_and_reaps_the_children(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "PARENT", os.getpid())
    with pytest.raises(ValueError, match="item 6"):  # 6 is this process's: 0, 3, 6, ...
        forked.fork_map(_fails_here, range(30), count=3, minimum=1)
    with pytest.raises(ChildProcessError):  # no child left running or unreaped
        os.waitpid(-1, os.WNOHANG)
