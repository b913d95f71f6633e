"""Rendering generated pages: Jinja templates over view models.

The templates (`site/templates/`, overridable from `<custom_dir>/briefings/`) receive one
variable, `view`, the page's view model (docs/templates.md), and one function,
`partial(name, item, **options)`, which renders `partials/<name>.html` with `item` once
per build and reuses the result (in the manner of Hugo's `partialCached`): a briefing
listed on a thousand pages of one folder depth is rendered once. Autoescaping is on:
every text value is escaped exactly once, here.
"""

from __future__ import annotations

from collections.abc import Hashable
from importlib import resources
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from briefings.site.pages import PagePlan, PageSpec
from briefings.site.template_cache import MEMORY
from briefings.site.views.builder import ViewBuilder


def template_environment(template_dirs: tuple[str, ...] = ()) -> Environment:
    """The Jinja environment of generated pages: `template_dirs` first, then the
    package's templates; autoescaped, strict about undefined names."""
    package = str(resources.files("briefings.site").joinpath("templates"))
    return Environment(
        loader=ChoiceLoader(
            [*(FileSystemLoader(d) for d in template_dirs), FileSystemLoader(package)]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        auto_reload=False,  # one build, one set of templates: no stat() per lookup
        bytecode_cache=MEMORY,  # compiled once per process while the source is unchanged
    )


class Renderer:
    """The article HTML of every planned page (not the theme's page shell)."""

    def __init__(
        self, plan: PagePlan, views: ViewBuilder, template_dirs: tuple[str, ...] = ()
    ) -> None:
        self.plan = plan
        self.views = views
        self.env = template_environment(template_dirs)
        self.env.globals["partial"] = self.partial
        self.env.globals["t"] = views.t  # the site language's labels (site/i18n)
        self._partials: dict[Hashable, tuple[Any, Markup]] = {}

    def page(self, spec: PageSpec, body_html: str = "") -> str:
        """The HTML of `spec`'s page; `body_html` is a briefing's sanitised body."""
        links = self.plan.table.links_from(spec.location)
        view = self.views.page(spec, links, Markup(body_html))
        return self.env.get_template(spec.template).render(view=view).strip() + "\n"

    def fragment(self, template: str, view: Any) -> str:
        """A fragment for a marker in a hand-written page (`latest.html`, ...)."""
        return self.env.get_template(template).render(view=view)

    def partial(self, name: str, item: Hashable, **options: Hashable) -> Markup:
        """`partials/<name>.html` rendered with `item` and `options`, once per build."""
        # By identity: view parts are made once per build and shared by the pages that show
        # them, and hashing one (a frozen dataclass) costs more than the lookup. The entry
        # keeps `item` alive, so its id is never reused while the entry stands.
        key = (name, id(item), *sorted(options.items())) if options else (name, id(item))
        found = self._partials.get(key)
        if found is None:
            template = self.env.get_template(f"partials/{name}.html")
            found = self._partials[key] = (item, Markup(template.render(item=item, **options)))
        return found[1]
