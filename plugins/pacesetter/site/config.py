"""Settings of the ``pacesetter`` MkDocs plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from ..search.index import DEFAULT_CAPACITY


class PacesetterConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the plugin off, for a build of the hand-written pages alone."""

    data_dir = opt.Type(str, default="data")
    """The data folder, relative to mkdocs.yml (``pacesetter build --data`` sets it through PACESETTER_DATA)."""

    search = opt.Type(bool, default=True)
    """Build the Pagefind search index after the site (turn off for a quick preview)."""

    search_part_pages = opt.Type(int, default=DEFAULT_CAPACITY)
    """At most this many pages in one part of the search index (search/index.py): Pagefind's
    memory grows with the pages of a part, a reader's first search with the number of parts."""

    stamp_pages = opt.Type(bool, default=True)
    """Render the pages outside the navigation from one shell per template (site/stamp.py).

    ``false`` renders every page through MkDocs: slower, and the tests use it to check
    that both give the same bytes."""
