"""Search under `serve --dirty`: a rebuild reuses the documents of unchanged pages, and its
index is the one a clean build of the same sources writes.

The builds run in one engine process, as `serve --dirty` runs them (tests/test_search.py,
`_serve`); after each, the sources are built again from scratch in another folder and the
two indexes compared document by document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefings.model.settings import Settings
from briefings.site.build import BriefingSite
from briefings.site.search import Document, generated_documents, read_index
from briefings.site.urls import UrlTable

from .helpers import build
from .sites import SEED_SLUG, write_site
from .test_search import SEED, _serve, _unique

PUTIN = "people/vladimir-putin/"


def _by_location(docs: list[Document]) -> dict[str, Document]:
    _unique(docs)
    return {d["location"]: d for d in docs}


@pytest.mark.build
def test_dirty_rebuilds_index_what_a_clean_build_indexes(tmp_path: Path) -> None:
    """A body edit, a title edit and a new alias in the registry (which changes the
    documents of every page that names the entity, not only the edited one's)."""
    site = write_site(tmp_path / "src")
    seed = site / "briefings" / f"{SEED_SLUG}.md"
    registry = site / "briefings" / "entities.yml"
    clean: list[list[Document]] = []

    def clean_build(number: int) -> None:
        out = tmp_path / f"clean-{number}"
        build(site, out=out)
        clean.append(read_index(out)[1])

    def edit(number: int) -> None:
        clean_build(number - 1)  # the sources the serve build just built
        if number == 1:
            text = re.sub(r"(?m)^title: .*$", "title: Moscow edit one", seed.read_text())
            seed.write_text(text + "\nA new sentence of the body.\n")
        else:
            entities = yaml.safe_load(registry.read_text())
            entities["people"]["vladimir-putin"]["aliases"].append("Poutinovich")
            registry.write_text(yaml.safe_dump(entities, allow_unicode=True))

    runs = _serve(site, tmp_path / "out", dirty=True, builds=3, edit=edit)
    clean_build(2)
    for served, fresh in zip(runs, clean, strict=True):
        assert _by_location(served) == _by_location(fresh)
    assert _by_location(runs[1])[SEED]["title"] == "Moscow edit one"
    last = _by_location(runs[2])
    assert "Poutinovich" in last[PUTIN]["names"]
    assert "Poutinovich" in last[SEED]["names"]  # a briefing that names him


@pytest.mark.core
def test_known_documents_are_reused_only_under_the_same_key(tmp_path: Path) -> None:
    """`generated_documents` with keys: an unchanged key reuses the earlier document (the
    same object), a changed key makes it again, a page without a key is made and not kept,
    and pages gone from the plan are forgotten."""
    site = write_site(tmp_path / "src")
    settings = Settings(root=site, entity_kinds={"equipment": "Equipment"})
    plan = BriefingSite.load(settings).plan(UrlTable(True), pages_only=True)
    searched = [spec.src_uri for spec in plan if spec.search]
    keys = {uri: f"k-{uri}" for uri in searched}
    known: dict[str, tuple[str, Document]] = {"gone.md": ("k", {"location": "gone/"})}
    first = dict(zip(searched, generated_documents(plan, keys=keys, known=known), strict=True))
    assert set(known) == set(searched)
    assert list(first.values()) == generated_documents(plan)  # the same documents
    seed = next(uri for uri, doc in first.items() if doc["location"] == SEED)
    keyless, unchanged = [uri for uri in searched if uri != seed][:2]
    changed = {**keys, seed: "new"}
    del changed[keyless]
    second = dict(zip(searched, generated_documents(plan, keys=changed, known=known),
                      strict=True))  # fmt: skip
    assert second == first
    assert second[seed] is not first[seed]  # made again
    assert second[keyless] is not first[keyless] and keyless not in known
    assert second[unchanged] is first[unchanged]  # reused
    assert known[seed] == ("False:new", second[seed])
