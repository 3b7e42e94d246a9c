"""Markdown fields of the data, rendered with the site's settings and sanitized.

Editors write Markdown in the long-text fields (summary, description, story, body).
It is rendered with the same extensions as the hand-written pages, then cleaned by
nh3 (the Ammonia sanitizer): only the tags and attributes a text needs survive, and
links may only point inside the site or to http(s) and mailto addresses.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark",
    "sub", "sup", "small", "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "abbr", "span", "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class Renderer:
    """Renders one Markdown field to safe HTML (a ``Markup`` the templates need not escape)."""

    def __init__(self, extensions: list | None = None, extension_configs: dict | None = None):
        self._md = markdown.Markdown(extensions=extensions or [], extension_configs=extension_configs or {})

    def __call__(self, text: str | None) -> Markup | None:
        if not text:
            return None
        self._md.reset()
        # A field's headings sit below the page's own h1 and h2.
        html = self._md.convert(text).replace("<h1", "<h2").replace("</h1>", "</h2>")
        return Markup(clean(html))


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


RenderFn = Callable[[str | None], Markup | None]
