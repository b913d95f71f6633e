"""Briefings: curated news briefings compiled into a MkDocs + Material site.

The core (format, loader, index, pages) imports nothing from MkDocs; `plugin` and `cli`
are the two adapters over it.
"""

__version__ = "0.1.0"
