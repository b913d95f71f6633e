#!/usr/bin/env python3
"""Benchmark: the body analysis (content/body/) against its peer, Python-Markdown.

Run: `.venv/bin/python bench/body_analysis.py [--count 1000] [--words 700]`. Makes `count`
synthetic bodies of about `words` words (paragraphs, a heading, links, inline code, an
admonition, a fenced block, a list) from the repository's sample briefings, then prints the
CPU seconds of analysing all of them once and of converting them with Python-Markdown and
the site's extensions (what a second rendering pass to find links and code would cost).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

import markdown  # noqa: E402

from briefings.content.body import analyse  # noqa: E402

EXTENSIONS = ["toc", "admonition", "attr_list", "footnotes", "tables", "pymdownx.superfences"]


def bodies(count: int, words: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    samples = sorted((REPO / "briefings").glob("*.md"))
    vocabulary = " ".join(p.read_text(encoding="utf-8").split("---", 2)[2] for p in samples)
    pool = [w for w in vocabulary.split() if w.isalpha()]
    out = []
    for i in range(count):
        parts = [f"## Part {i}\n"]
        left = words
        while left > 0:
            sentence = " ".join(rnd.choice(pool) for _ in range(70))
            parts.append(f"{sentence} [see](2022-06-25-moscow-missiles-belarus.md) `code`.\n")
            left -= 72
        parts.insert(3, "!!! note\n    A note with Minsk in it.\n")
        parts.insert(5, "```\nsome code\n```\n")
        parts.insert(6, "- one\n- two [x](../index.md#top)\n")
        out.append("\n".join(parts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--words", type=int, default=700)
    args = parser.parse_args()
    texts = bodies(args.count, args.words)
    start = time.process_time()
    for text in texts:
        analyse.__wrapped__(text)  # uncached: every body analysed once
    scanner = time.process_time() - start
    md = markdown.Markdown(extensions=EXTENSIONS)
    start = time.process_time()
    for text in texts:
        md.reset()
        md.convert(text)
    peer = time.process_time() - start
    print(f"{args.count} bodies of ~{args.words} words (CPU seconds)")
    print(f"  body analysis   {scanner:8.3f}  ({scanner / args.count * 1000:.3f} ms a body)")
    print(f"  Python-Markdown {peer:8.3f}  ({peer / args.count * 1000:.3f} ms a body)")
    print(f"  ratio           {peer / scanner:8.1f}x")


if __name__ == "__main__":
    main()
