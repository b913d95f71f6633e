"""Compiled Jinja templates kept in memory for the life of the process.

Under `mkdocs serve` every rebuild makes new Jinja environments (MkDocs' theme
environment, the plugin's own), and compiling their templates again cost more than a
second of each rebuild. `MEMORY` is a Jinja bytecode cache: a template's compiled code is
kept under its name, file name and the environment's compile options, and reused only
when its source is the same (Jinja compares a checksum of the source), so an edited
template is always compiled again. Nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import threading
from typing import TYPE_CHECKING

from jinja2.bccache import Bucket, BytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by (compile options, name, file name); see the module docstring.

    `limit`: how many templates are kept (the oldest go first).
    """

    def __init__(self, limit: int = 1000) -> None:
        self.limit = limit
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """The bucket of one template; its key includes what changes compiled code."""
        options = repr(
            (
                environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix,
                environment.trim_blocks, environment.lstrip_blocks,
                environment.newline_sequence, environment.keep_trailing_newline,
                environment.optimized, environment.autoescape, environment.is_async,
                sorted(environment.extensions),
            )
        )  # fmt: skip
        key = hashlib.sha256(f"{options}\0{name}\0{filename}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` with the code kept for it (Jinja rejects it if the source changed)."""
        with self._lock:
            data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep `bucket`'s freshly compiled code."""
        data = bucket.bytecode_to_string()
        with self._lock:
            self._code.pop(bucket.key, None)
            self._code[bucket.key] = data
            while len(self._code) > self.limit:
                del self._code[next(iter(self._code))]

    def clear(self) -> None:
        """Forget every compiled template."""
        with self._lock:
            self._code.clear()


#: The process's compiled templates (the plugin's environment and the theme's).
MEMORY = MemoryBytecodeCache()
