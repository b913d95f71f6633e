"""The registries: briefings/stories.yml and briefings/entities.yml."""

from __future__ import annotations

from dataclasses import dataclass, field

from jsonschema.protocols import Validator

from briefings.content import located_yaml as yamlsource
from briefings.content.files import FileProblem, read_text
from briefings.content.limits import text_problems
from briefings.content.mistakes import Suggestions, cut_values, yaml_problem
from briefings.content.rules import field_guess, schema_problems
from briefings.content.schema import ENTITIES_FILE, STORIES_FILE, registry_validator
from briefings.content.slugs import reserved_message
from briefings.model.content import Entity, Story
from briefings.model.problems import Problem, Severity
from briefings.model.settings import Settings


@dataclass
class Registries:
    """The stories and entities registries: slug -> story, kind -> slug -> entity,
    and every problem found reading them."""

    stories: dict[str, Story] = field(default_factory=dict)
    entities: dict[str, dict[str, Entity]] = field(default_factory=dict)  # kind -> slug -> entity
    problems: list[Problem] = field(default_factory=list)
    # The registries ("stories", "entities") whose file could not be read as one (unreadable,
    # not YAML, not a mapping): their problem is reported, references to them are not.
    broken: set[str] = field(default_factory=set)
    # Entries the schema refused, reported at their own line, which references do not
    # repeat: ("stories", slug), ("entities", kind, slug), or ("entities", kind) for a kind
    # whose value is no mapping of entities.
    refused: set[tuple[str, ...]] = field(default_factory=set)

    def entity(self, kind: str, slug: str) -> Entity | None:
        """The registered entity `slug` of `kind`, None if there is none."""
        return self.entities.get(kind, {}).get(slug)


def load_registries(settings: Settings) -> Registries:
    """Read both registries; a missing file is an empty registry."""
    reg = Registries(entities={kind: {} for kind in settings.kinds})
    stories = _load(settings, STORIES_FILE, "stories", reg.problems, reg.refused)
    if stories is not None:
        for slug, item in stories.data.items():
            reg.stories[slug] = Story(slug, item["title"], item.get("description", ""))
    elif _present(settings, STORIES_FILE):
        reg.broken.add("stories")
    entities = _load(settings, ENTITIES_FILE, "entities", reg.problems, reg.refused)
    if entities is not None:
        _add_entities(settings, entities, reg)
    elif _present(settings, ENTITIES_FILE):
        reg.broken.add("entities")
    return reg


def _present(settings: Settings, name: str) -> bool:
    path = settings.source_dir / name
    return path.is_symlink() or path.exists()


def _load(
    settings: Settings, name: str, schema: str, problems: list[Problem],
    refused: set[tuple[str, ...]],
):  # fmt: skip
    if not _present(settings, name):
        return None
    path = settings.source_dir / name
    rel = settings.relative(path)
    try:
        text = read_text(path, settings.root, settings.max_file_bytes)
        doc = yamlsource.load(text)
    except FileProblem as exc:
        problems.append(exc.problem(rel))
        return None
    except yamlsource.YamlError as exc:
        problems.append(yaml_problem(exc, text.split("\n"), rel))
        return None
    problems.extend(cut_values(doc, text.split("\n"), rel))
    for line, where, message in doc.problems:
        problems.append(Problem(rel, line, yamlsource.field_name(where) or "file", message))
    if doc.data is None:
        doc.data = {}
    validator = registry_validator(schema)
    unknown: Severity = "error" if settings.unknown_fields == "error" else "warning"
    problems.extend(schema_problems(validator, doc, rel, unknown=unknown, suggest=Suggestions()))
    problems.extend(_reserved(doc, rel, nested=schema == "entities"))
    problems.extend(text_problems(doc, rel))  # control characters stop the build, later
    usable, bad = _usable(validator, doc, depth=2 if schema == "entities" else 1)
    refused.update((schema, *(str(part) for part in where)) for where in bad)
    return usable


def _usable(
    validator: Validator, doc: yamlsource.Located, depth: int
) -> tuple[yamlsource.Located | None, set[tuple]]:
    """`doc` without the entries the schema refuses (a story without a title, a bad slug),
    so one faulty entry does not make every reference to the others unknown, and where
    those entries were; None when the file as a whole is not a registry. Unknown fields
    are warnings: their entry stays.

    `depth`: how deep entries are (stories: 1, `slug`; entities: 2, `kind.slug`)."""
    bad: set[tuple] = set()
    for error in validator.iter_errors(doc.data):
        if error.validator == "additionalProperties" and error.validator_value is False:
            continue  # an unknown field: reported, ignored
        where = tuple(error.absolute_path)
        if "propertyNames" in error.schema_path:
            where = (*where, str(error.instance))
        if not where:
            return None, set()
        bad.add(where[:depth])
    if not bad:
        return doc, bad
    data = {key: dict(value) if isinstance(value, dict) else value
            for key, value in doc.data.items()}  # fmt: skip
    for where in bad:
        if len(where) == 1:
            data.pop(where[0], None)
        elif isinstance(data.get(where[0]), dict):
            data[where[0]].pop(where[1], None)
    return yamlsource.Located(data, doc.lines, doc.problems), bad


def _reserved(doc: yamlsource.Located, rel: str, nested: bool) -> list[Problem]:
    """Slugs like `index` would overwrite their section's index page."""
    if not isinstance(doc.data, dict):
        return []
    groups = doc.data.items() if nested else [(None, doc.data)]
    found = []
    for kind, members in groups:
        for slug in members if isinstance(members, dict) else ():
            message = reserved_message(slug)
            if message:
                where = (kind, slug) if kind else (slug,)
                found.append(
                    Problem(rel, doc.line_of(where), yamlsource.field_name(where), message)
                )
    return found


def _add_entities(settings: Settings, doc: yamlsource.Located, reg: Registries) -> None:
    rel = settings.relative(settings.source_dir / ENTITIES_FILE)
    suggest = Suggestions()
    for kind, members in doc.data.items():
        if kind not in settings.kinds:
            known = ", ".join(settings.kinds)
            guess = field_guess(str(kind), settings.kinds) or suggest.close(
                str(kind), settings.kinds
            )
            mean = f"did you mean '{guess}'? " if guess else ""
            reg.problems.append(
                Problem(
                    rel,
                    doc.line_of((kind,)),
                    kind,
                    f"unknown entity kind '{kind}' ({mean}kinds: {known}; declare more with "
                    "the plugin option entity_kinds in mkdocs.yml)",
                )
            )
            continue
        for slug, item in (members or {}).items():
            reg.entities[kind][slug] = Entity(
                kind=kind,
                slug=slug,
                name=item["name"],
                aliases=tuple(item.get("aliases", ())),
                description=item.get("description", ""),
            )
