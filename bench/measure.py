"""Run a command and measure it: wall time, CPU time, peak RSS summed over its process tree.

CPU time is the user + system time of the finished children this process waited for
(`getrusage(RUSAGE_CHILDREN)` before and after), so it includes every thread and every
sub-process the command waited for. Peak RSS is the largest sum of resident memory over
the command and all its descendants, polled every `interval` seconds with psutil (a peak
shorter than the interval can be missed).

Peak PSS is measured the same way beside it (Linux; 0 elsewhere). RSS counts a page of
memory in every process that maps it, so a process that forks workers (Briefings with
`workers` > 1) has the memory its workers share with it copy-on-write counted once per
process; PSS (proportional set size) divides each shared page among the processes that
share it, so its sum over the tree is the memory the tree really holds. Both are reported;
issue 12's target names RSS summed over the tree, which for a forking build overstates
what it uses (PSS is the fair figure there, RSS stays reported so nothing is hidden).
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass
class Measured:
    args: list[str]
    wall: float  # seconds
    cpu: float  # seconds, user + system, the whole tree
    peak_rss: int  # bytes, summed over the process tree
    returncode: int
    stdout: str
    stderr: str
    peak_pss: int = 0  # bytes, summed over the process tree (0: not measurable here)

    def check(self) -> Measured:
        if self.returncode != 0:
            tail = "\n".join((self.stdout + self.stderr).splitlines()[-30:])
            raise RuntimeError(f"{' '.join(self.args)} exited {self.returncode}:\n{tail}")
        return self


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of `process` and all its descendants (0 for any that just ended)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def tree_memory(process: psutil.Process, pss: bool = True) -> tuple[int, int]:
    """(RSS, PSS) in bytes of `process` and all its descendants; PSS 0 when `pss` is
    False or the system does not report it (psutil's `memory_full_info`, Linux)."""
    rss = proportional = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            if pss:
                info = member.memory_full_info()
                rss += info.rss
                proportional += getattr(info, "pss", 0)
            else:
                rss += member.memory_info().rss
    return rss, proportional


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    args: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    interval: float = 0.05,
    timeout: float | None = None,
) -> Measured:
    """Run `args` to the end and measure it; output is captured (through files, so a
    chatty command never blocks on a full pipe)."""
    argv = [str(a) for a in args]
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cpu_before = _children_cpu()
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=full_env, stdout=out, stderr=err)
        peak = peak_pss = 0
        pss = hasattr(psutil.Process, "memory_full_info") and os.path.exists("/proc/self/smaps")
        try:
            watched = psutil.Process(child.pid)
            while child.poll() is None:
                rss, proportional = tree_memory(watched, pss)
                peak, peak_pss = max(peak, rss), max(peak_pss, proportional)
                if timeout is not None and time.perf_counter() - start > timeout:
                    child.kill()
                    break
                time.sleep(interval)
        except psutil.NoSuchProcess:
            pass
        returncode = child.wait()
        wall = time.perf_counter() - start
        cpu = _children_cpu() - cpu_before
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return Measured(argv, wall, cpu, peak, returncode, stdout, stderr, peak_pss)


def folder_size(folder: Path, suffix: str = "") -> tuple[int, int]:
    """(bytes, files) under `folder`, counting only names ending with `suffix`."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.name.endswith(suffix):
            total += path.stat().st_size
            count += 1
    return total, count


def largest(folder: Path, suffix: str = ".html", count: int = 5) -> list[tuple[str, int]]:
    """The `count` largest files ending with `suffix`: (path relative to folder, bytes)."""
    sizes = [
        (p.relative_to(folder).as_posix(), p.stat().st_size)
        for p in folder.rglob(f"*{suffix}")
        if p.is_file()
    ]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))[:count]
