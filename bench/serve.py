"""Live-preview latency: start `mkdocs serve`, edit one briefing's body, time until it shows.

`edit_latency(site, page_path, briefing_file, ...)` starts the serve command given (by
default `python -m mkdocs serve`, optionally `--dirty`) on a free port of 127.0.0.1 and
waits for the first build to serve the page. Then, `edits` times: it appends a new
sentence to the briefing's file and polls the page over HTTP every 0.1 s until the
sentence shows; it also waits for the rebuild to finish (MkDocs' "Documentation built" log
line) and counts the documents of the served search index (the briefings plugin's
chunks, or Material's `search/search_index.json`, when the site has one) and how many of
them repeat a location already seen (duplicates). The briefing's file is restored at the end and the
server stopped (its process group, which this module started).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BUILT = "Documentation built in"
SERVING = re.compile(r"Serving on (http://\S+?/)(?:\s|$)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 10) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _script_value(data: bytes) -> Any:
    """The value a search script assigns (`x=<JSON>;`): the briefings plugin's manifest
    (an object) or one of its chunks (a JSON string of the documents)."""
    text = data.decode("utf-8")
    start = text.index("=", text.index("]") if text.startswith("(") else 0) + 1
    return json.loads(text[start:].strip().rstrip(";"))


def search_documents(base: str) -> dict[str, int] | None:
    """Documents in the served search index and how many repeat a location, or None.

    With the briefings plugin the documents are in chunk scripts listed by
    `search/briefings-search.js` (Material's `search_index.json` then holds none).
    """
    manifest = fetch(base + "search/briefings-search.js")
    try:
        if manifest is not None:
            docs = []
            for name in _script_value(manifest)["chunks"]:
                chunk = fetch(base + name)
                if chunk is None:
                    return None
                docs += json.loads(_script_value(chunk))
        else:
            data = fetch(base + "search/search_index.json")
            if data is None:
                return None
            docs = json.loads(data)["docs"]
    except (ValueError, KeyError, TypeError):
        return None
    counts = Counter(str(doc.get("location")) for doc in docs)
    return {"documents": len(docs), "duplicates": sum(n - 1 for n in counts.values())}


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the server process has used so far, None without psutil:
    the rebuild's own cost, apart from other jobs on a busy machine."""
    try:
        import psutil

        times = psutil.Process(pid).cpu_times()
    except Exception:  # psutil missing or the process gone
        return None
    return float(times.user + times.system)


def _wait(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> float | None:
    """Seconds until `predicate()` is true, or None after `timeout` seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def edit_latency(
    site: Path,
    page_path: str,
    briefing_file: Path,
    *,
    dirty: bool = False,
    edits: int = 2,
    command: Sequence[str] | None = None,
    startup_timeout: float = 900,
    edit_timeout: float = 300,
) -> dict:
    """Serve `site` (the folder of mkdocs.yml); `page_path` is the edited briefing's URL
    path (e.g. `briefings/<slug>/`). Returns `startup_s`, `edits` (each: `visible_s`,
    `rebuilt_s`, `search`, `cpu_s`: the server's CPU time from the edit to the rebuild),
    `search_initial` and the `command`; seconds of wall time."""
    port = free_port()
    args = list(command or [sys.executable, "-m", "mkdocs", "serve"])
    args += ["-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    if dirty:
        args.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    original = briefing_file.read_bytes()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            args, cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

        def logged() -> str:
            log.seek(0)
            return log.read().decode("utf-8", "replace")

        def built() -> int:
            return logged().count(BUILT)

        def address() -> str | None:
            # MkDocs serves under site_url's path: "Serving on http://127.0.0.1:8000/x/"
            found = SERVING.search(logged())
            return found.group(1) if found else None

        def shows(text: str) -> bool:
            body = fetch(f"{base}{page_path}")
            return body is not None and text.encode() in body

        shown = [Path(args[0]).name, *args[1:]]  # no machine paths, no port
        for option in ("-a", "-f"):
            del shown[shown.index(option) : shown.index(option) + 2]
        result: dict = {"command": " ".join(shown)}
        try:
            startup = _wait(lambda: built() >= 1 and address() is not None, startup_timeout, 0.5)
            base = address()
            if startup is None or base is None or fetch(base + page_path) is None:
                tail = logged()[-3000:]
                raise RuntimeError(
                    f"serve did not serve {page_path} in {startup_timeout} s:\n{tail}"
                )
            result["startup_s"] = startup
            result["search_initial"] = search_documents(base)
            result["edits"] = []
            for number in range(1, edits + 1):
                marker = f"Benchmark edit {number} {time.time_ns()}."
                builds = built()
                time.sleep(1.0)  # a distinct mtime, and the watcher settled
                cpu_before = _cpu_seconds(server.pid)
                start = time.perf_counter()
                briefing_file.write_bytes(original + f"\n{marker}\n".encode())
                visible = _wait(lambda m=marker: shows(m), edit_timeout)
                rebuilt = _wait(lambda b=builds: built() > b, edit_timeout)
                rebuilt_s = None if rebuilt is None else time.perf_counter() - start
                cpu_after = _cpu_seconds(server.pid)
                if visible is not None and rebuilt is not None:
                    time.sleep(0.5)  # the post-build writes (search index) are flushed
                result["edits"].append(
                    {"visible_s": visible, "rebuilt_s": rebuilt_s, "search": search_documents(base),
                     "cpu_s": None if cpu_before is None or cpu_after is None
                     else cpu_after - cpu_before}
                )  # fmt: skip
        finally:
            briefing_file.write_bytes(original)
            try:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return result
