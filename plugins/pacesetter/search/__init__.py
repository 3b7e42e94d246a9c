"""Search: Pagefind's extended build indexes the built site, segmenting Chinese at index time;
the filters are the column's own lists of page ids (see facets.py)."""

from .facets import FACETS, facet_files, write_facets
from .index import BUNDLE_DIR, SearchIndexError

__all__ = ["BUNDLE_DIR", "FACETS", "SearchIndexError", "facet_files", "write_facets"]
