"""Stamped pages: the column's entity pages without MkDocs' per-page pipeline.

A province has tens of thousands of organization, deed and site pages. Through MkDocs
each one would be read as Markdown, converted, and rendered inside Material's whole
page (header, tabs, sidebars, footer), although outside the article the pages of one
template in one folder are identical but for their title and address. So for each
template and folder the plugin renders one prototype page through the very steps
MkDocs uses, cuts it around its article, and every page of that kind is the shell
with its own title, address and article put in. Only the article is rendered per
page, and the pages are shared out over the machine's cores.

The tests build the demo both ways (``stamp_pages: false`` renders every page
through MkDocs) and compare every file byte for byte.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import pickle
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..filestate import Written, write_file
from ..search.index import page_digest
from ..search.standin import stand_in
from .pages import PageSpec

PROTOTYPE = "ps-stamp-prototype"
TITLE = "PsStampTitle"


#: Templates whose pages sit in a section of several entries (大事记 and 评星公示 under the 大事记 tab):
#: their left-hand navigation leads somewhere. Every other generated page gives the
#: sidebars' width to its tables (the table of contents is empty on all of them).
WITH_NAVIGATION = ("pacesetter/timeline.html", "pacesetter/notice.html")


def front_matter(spec: PageSpec) -> str:
    # Material prints page titles without escaping them, so the title is escaped here.
    title = json.dumps(str(escape(spec.title)), ensure_ascii=False)
    hide = "[toc]" if spec.template in WITH_NAVIGATION else "[navigation, toc]"
    return f"---\ntemplate: {spec.template}\ntitle: {title}\nhide: {hide}\n---\n"


def page_url(src_uri: str) -> str:
    """The address MkDocs gives a Markdown source with directory URLs: ``a/b.md`` and ``a/b/index.md`` → ``a/b/``."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def stampable(title: str) -> bool:
    """Titles that every template prints unchanged (escaped, tag-stripped or not)."""
    return str(escape(title)) == title and " ".join(title.split()) == title and TITLE not in title


@dataclass
class Shell:
    before: str
    after: str
    url: str  # the prototype's address, replaced by each page's
    serial: int = field(default_factory=lambda: next(_serials))  # tells shells apart across builds
    digest: bytes = field(init=False)  # of what it is made of, the same in two builds when it is

    def __post_init__(self):
        self.digest = hashlib.blake2b("\0".join((self.before, self.after, self.url)).encode("utf-8", "surrogatepass"),
                                      digest_size=16).digest()


class Stamper:
    """Renders pages the way MkDocs' ``_build_page`` would, cheaply when it can."""

    def __init__(self, config, env, nav, files, context: Callable[[PageSpec, object], dict],
                 shells: dict[tuple[str, str | None, int], Shell] | None = None, section: Callable[[str], object] | None = None):
        self.config, self.env, self.nav, self.files = config, env, nav, files
        self.context = context  # the plugin's own additions to a page's context
        self.section = section  # the navigation page whose tab a page belongs to
        # The live preview passes the shells of its last build when nothing they show changed.
        self.shells: dict[tuple[str, str | None, int], Shell] = {} if shells is None else shells
        #: With a cache: the address of each page whose article was rendered rather than reused (``made_note``).
        self.made: list[str] = []
        self.cache, self.frame = None, ""  # see use_cache
        self.packs: set[str] = set()  # the cache's packs of articles this build used or made
        #: With a cache: each indexed page's address ("/orgs/x/") and the digest of its stand-in
        #: (``page_digest``), so that the search index's cache need not read the pages back.
        self.digests: dict[str, bytes] = {}
        #: Where the indexed pages' stand-ins go as they are written (``search.standin.Spool``), if anywhere.
        self.spool = None
        #: Each page file written (its path in the site), with its state and digest for the manifest.
        self.written: dict[str, Written] = {}
        self._pool = self._results = None  # the processes writing the pages, see ``start``
        self._work: tuple = (0, [], "", None)

    def _page(self, src_uri: str, spec: PageSpec, title: str) -> Page:
        file = File.generated(self.config, src_uri, content=front_matter(PageSpec(src_uri, title, spec.template, spec.build)),
                              inclusion=InclusionLevel.NOT_IN_NAV)
        page = Page(None, file, self.config)
        page.read_source(self.config)
        page.render(self.config, self.files)
        return page

    def full(self, spec: PageSpec, view, src_uri: str | None = None, title: str | None = None) -> str:
        """The page rendered through MkDocs' own steps (context, plugins, template)."""
        page = self._page(src_uri or spec.src_uri, spec, spec.title if title is None else title)
        config = self.config
        config._current_page = page
        tab = self.section(page.url) if self.section is not None else None
        try:
            page.active = True
            if tab is not None:
                tab.active = True  # the tab of the page's folder is highlighted
            context = get_context(self.nav, self.files, config, page)
            context.update(self.context(spec, view))
            output = self.env.get_template(spec.template).render(context)
            return config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            if tab is not None:
                tab.active = False
            config._current_page = None

    def body(self, spec: PageSpec, view, url: str) -> str:
        """The article alone: the same template with ``ps_body_only`` set."""
        context = {"page": _Address(url), "base_url": get_relative_url(".", url), "config": self.config,
                   "ps_body_only": True, **self.context(spec, view)}
        return self.env.get_template(spec.template).render(context).strip()

    def _shell_key(self, spec: PageSpec, url: str) -> tuple[str, str | None, int]:
        """One shell per template, tab and depth: the relative links in a shell depend on how
        deep its page is, the tab shown as current is the page's ``section`` (see ``full``), and
        nothing else in it on the folder (its address is put in with the page's). At 20,000
        organizations that is 30 shells instead of one for each of 110 folders."""
        tab = self.section(url) if self.section is not None else None
        return spec.template, tab.url if tab is not None else None, url.rstrip("/").count("/")

    def shell(self, spec: PageSpec, view, url: str) -> Shell:
        key = self._shell_key(spec, url)
        shell = self.shells.get(key)
        if shell is None:
            parent = posixpath.dirname(url.rstrip("/"))
            src = posixpath.join(parent, PROTOTYPE + ".md")
            proto_url = posixpath.join(parent, PROTOTYPE) + "/"
            whole = self.full(spec, view, src_uri=src, title=TITLE)
            article = self.body(spec, view, proto_url)
            if not article or whole.count(article) != 1:
                raise RuntimeError(f"无法从 {spec.template} 的页面中分出正文")
            start = whole.index(article)
            shell = Shell(whole[:start], whole[start + len(article):], proto_url)
            self.shells[key] = shell
        return shell

    def page(self, spec: PageSpec) -> tuple[tuple | None, Callable[[], str]]:
        """What the page is made of, and a function that gives its HTML.

        What it is made of — (shell, title, digest of the view) — is the same in two
        builds only when the HTML is; None when not known (only the live preview
        computes it).
        """
        view = spec.build()
        if not stampable(spec.title):
            return None, lambda: self.full(spec, view)
        url = page_url(spec.src_uri)
        shell = self.shell(spec, view, url)
        digest = _view_digest(spec, view) if keep_bodies else None

        def html() -> str:
            return stamped(shell, spec.title, url, self.cached_body(spec, view, url, digest))

        return (None if digest is None else (shell.serial, spec.title, digest)), html

    def cached_body(self, spec: PageSpec, view, url: str, digest: bytes | None) -> str:
        """The article, reused from the last build when the page's view is the same (live preview)."""
        if digest is None:
            return self.body(spec, view, url)
        cached = _bodies.get(url)
        if cached is not None and cached[0] == digest:
            return cached[1]
        body = self.body(spec, view, url)
        _bodies[url] = (digest, body)
        return body

    def _write(self, specs: Iterable[PageSpec], site_dir: str, preview=None) -> tuple:
        """Write ``specs``; returns (as ``_write_bucket`` does) how many, no pack, no messages, no digests,
        the files written, and no addresses (without a cache every article is rendered)."""
        count = 0
        files = []
        for spec in specs:
            path = page_path(site_dir, spec)
            count += 1
            made_of, make = self.page(spec)
            # The live preview's folder may already hold this page: known from what it
            # is made of, or else from its HTML.
            if preview is not None and made_of is not None and preview.unchanged(path, made_of):
                continue
            text = make()
            html = text.encode("utf-8", errors="xmlcharrefreplace")
            if preview is not None and made_of is None and preview.unchanged(path, hashlib.blake2b(html).digest()):
                continue
            files.append((page_url(spec.src_uri) + "index.html", write_file(path, html)))
            if self.spool is not None and spec.search is not None:
                self.spool.add("/" + page_url(spec.src_uri), stand_in(text).encode("utf-8", errors="xmlcharrefreplace"))
        return count, None, [], [], files, []

    def _write_bucket(self, specs: list[PageSpec], site_dir: str) -> tuple[int, str | None, list[str], list, list, list]:
        """Write one bucket of pages with the build cache (``use_cache``).

        The bucket's articles are kept in one pack, named by the frame and the bucket, each
        with the digest of its page's view or inputs: an article whose page has the same
        digest as before comes from the pack, the others are rendered, and the pack is
        written again when anything in it changed. Returns how many pages, the pack's name, the cache's messages, each indexed page's address
        and the ``page_digest`` of its stand-in (search/standin.py), each file written
        with its state (``filestate.write_file``), and the address of each page whose article was rendered.
        """
        cache = self.cache
        said = len(cache.messages)  # a forked worker starts with a copy of the messages said before
        # (spec, view, url, shell, digest): a page is known by its view's digest, or by the digest
        # of its inputs where the spec gives them (``PageSpec.inputs``): then its view is built
        # only when its article must be rendered.
        pages = []
        for spec in specs:
            if not stampable(spec.title):
                pages.append((spec, spec.build(), None, None, None))
                continue
            url = page_url(spec.src_uri)
            view = None
            digest = _inputs_digest(spec)
            if digest is None:
                view = spec.build()
                digest = _view_digest(spec, view)
            shell = self.shells.get(self._shell_key(spec, url))  # made in ``start``
            if shell is None:
                view = spec.build() if view is None else view
                shell = self.shell(spec, view, url)
            pages.append((spec, view, url, shell, digest))
        known = any(digest is not None for *_, digest in pages)
        name = f"bodies-{self.frame}-{bucket_of(page_url(specs[0].src_uri)):03d}" if known else None
        kept = cache.load(name) if name is not None else None
        if not isinstance(kept, dict):
            kept = {}
        # Each article is kept with the digest it was rendered for, the stand-in cut from its page
        # (search/standin.py) and the digest of the shell it was cut from: the page is the shell,
        # its title (in that digest), its address and the article, so the same shell gives the same cut.
        fresh: dict[str, tuple[bytes, str, bytes, bytes | None]] = {}
        written, files, made = [], [], []
        for spec, view, url, shell, digest in pages:
            cut = None
            if shell is None:
                html = self.full(spec, view)
                made.append(page_url(spec.src_uri))
            else:
                entry = kept.get(url) if digest is not None else None
                if _sound_entry(entry) and entry[0] == digest:
                    _, body, cut_in, cut = entry
                    if cut_in != shell.digest:
                        cut = None
                    if cache.verify:
                        _verified(url, body, self.body(spec, spec.build() if view is None else view, url))
                else:
                    body = self.body(spec, spec.build() if view is None else view, url)
                    made.append(url)
                html = stamped(shell, spec.title, url, body)
            data = html.encode("utf-8", errors="xmlcharrefreplace")
            files.append((page_url(spec.src_uri) + "index.html", write_file(page_path(site_dir, spec), data)))
            if spec.search is not None:  # indexed: what Pagefind is given of it (search/standin.py)
                if cut is None:
                    cut = stand_in(html).encode("utf-8", errors="xmlcharrefreplace")
                written.append(("/" + page_url(spec.src_uri), page_digest(cut)))
                if self.spool is not None:
                    self.spool.add(written[-1][0], cut)
            if shell is not None and digest is not None:
                fresh[url] = (digest, body, shell.digest, cut if spec.search is not None else None)
        if name is not None and fresh != kept:
            cache.store(name, fresh, compress=True)
        messages = cache.messages[said:]
        del cache.messages[said:]
        return len(pages), name, messages, written, files, made

    def use_cache(self, cache, frame: str) -> None:
        """Reuse the articles of earlier builds kept in ``cache`` (cache.py), made in ``frame`` (see ``frame_key``)."""
        self.cache, self.frame = cache, frame

    def start(self, specs: list[PageSpec], site_dir: str, workers: int = 1, preview=None) -> None:
        """Make the shells and, with ``workers`` > 1, fork the processes that write the pages:
        they go on while this process does other work until ``finish``.

        ``preview`` (the live preview's :class:`~.preview.Preview`, one process) skips
        pages whose file already holds the same HTML.
        """
        # The shells first, here, so that every worker has them all.
        for spec in specs:
            if stampable(spec.title):
                url = page_url(spec.src_uri)
                if self._shell_key(spec, url) not in self.shells:
                    self.shell(spec, spec.build(), url)
        # With a cache the pages go in buckets, each fixed by a hash of the page's address.
        if self.cache is not None:
            buckets: dict[int, list[PageSpec]] = {}
            for spec in specs:
                buckets.setdefault(bucket_of(page_url(spec.src_uri)), []).append(spec)
            units = [buckets[number] for number in sorted(buckets)]
        else:
            units = [specs[start:start + CHUNK] for start in range(0, len(specs), CHUNK)]
        self._work = (len(specs), units, site_dir, preview)
        if preview is not None or workers < 2 or len(specs) < 2 * CHUNK or "fork" not in multiprocessing.get_all_start_methods():
            return
        global _WORK
        _WORK = (self, units, site_dir)
        # The objects made so far go to the collector's permanent generation, as Python's
        # documentation advises before forking: a worker's full collection does not write to
        # them. (Builds with and without it differed by less than two runs of one do.)
        gc.freeze()
        # Forked workers share the column, the views and the compiled templates
        # with this process instead of rebuilding them.
        self._pool = multiprocessing.get_context("fork").Pool(workers)
        self._results = self._pool.imap_unordered(_write_unit, range(len(units)))

    def finish(self, progress=None) -> int:
        """Write the pages ``start`` was given (in this process when it forked none), or wait for
        the processes writing them; returns how many."""
        count, units, site_dir, preview = self._work
        if self._pool is None:
            for unit in units:
                self._count(self._write(unit, site_dir, preview) if preview is not None
                            else self._write_unit((unit, site_dir)), progress)
            return count
        try:
            for unit in self._results:
                self._count(unit, progress)
        finally:
            self.stop()
        return count

    def stop(self) -> None:
        """End the processes ``start`` forked, whatever they were doing (the build failed), or once done."""
        global _WORK
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = self._results = None
        _WORK = None

    def _write_unit(self, work: tuple[list[PageSpec], str]) -> tuple:
        specs, site_dir = work
        done = self._write_bucket(specs, site_dir) if self.cache is not None else self._write(specs, site_dir)
        if self.spool is not None:
            self.spool.flush()  # a pool's worker is ended without flushing its files
        return done

    def _count(self, unit: tuple, progress) -> None:
        done, name, messages, written, files, made = unit
        self.made.extend(made)
        if name is not None:
            self.packs.add(name)
        if self.cache is not None:
            self.cache.messages.extend(messages)
        self.digests.update(written)
        self.written.update(files)
        if progress is not None:
            progress.update(done)


#: Up to so many pages, the build names each page whose article it rendered (``made_note``).
MADE_LISTED = 20


def made_note(made: list[str]) -> str:
    """What a build with a cache says of the pages whose article it rendered (the others' were
    reused): each page when they are few, else how many in each top folder."""
    shown = sorted("/" + url for url in made)
    if len(shown) <= MADE_LISTED:
        return f"渲染了 {len(shown):,} 页的正文，其余沿用：{'、'.join(shown)}"
    folders = Counter(url.split("/", 2)[1] for url in shown)  # the most first; alike, by name (the order counted in)
    return f"渲染了 {len(shown):,} 页的正文，其余沿用：" + "、".join(f"/{top}/ 下 {count:,} 页" if top else "首页"
                                                                   for top, count in folders.most_common())


def _sound_entry(entry) -> bool:
    """Whether a pack's entry is an article as ``_write_bucket`` keeps it: (digest of the page's view or inputs,
    article, shell digest, stand-in or None)."""
    return (isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[0], bytes) and isinstance(entry[1], str)
            and isinstance(entry[2], bytes) and (entry[3] is None or isinstance(entry[3], bytes)))


def stamped(shell: Shell, title: str, url: str, body: str) -> str:
    """A page: its shell around its article, with its own title and address."""
    return shell.before.replace(TITLE, title).replace(shell.url, url) + body + shell.after


#: Pages are kept in the cache in this many buckets (a page's bucket: ``bucket_of``): a
#: changed page costs the rendering of its bucket, about 100 pages at 25,000.
BUCKETS = 256


def bucket_of(url: str) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big") % BUCKETS


def page_path(site_dir: str, spec: PageSpec) -> str:
    return os.path.join(site_dir, page_url(spec.src_uri), "index.html")


CHUNK = 100  # pages a worker takes at a time
#: Articles kept between builds while ``keep_bodies`` is on (``pacesetter serve``), by
#: address, with a digest of the view they were rendered from.
keep_bodies = False
_bodies: dict[str, tuple[bytes, str]] = {}
_WORK: tuple | None = None  # what forked workers render: (stamper, lists of pages, site_dir)
_serials = itertools.count()


def _view_digest(spec: PageSpec, view) -> bytes | None:
    """What the article shows besides the frame (see ``frame_key``): its view, title and search tags."""
    return _digest(spec, view)


def _inputs_digest(spec: PageSpec) -> bytes | None:
    """What the article shows besides the frame, known from the page's inputs (``PageSpec.inputs``)
    without its view; None when the spec gives none. Never equal to a ``_view_digest``: no view
    is a tuple marked "inputs"."""
    inputs = spec.inputs() if spec.inputs is not None else None
    return None if inputs is None else _digest(spec, ("inputs", inputs))


def _digest(spec: PageSpec, shown) -> bytes | None:
    """The digest of ``shown`` with the page's template, title and search tags; None when it does not pickle."""
    # The pairs left out of every page's search tags are in the frame: a set pickles in an
    # order that changes from process to process.
    search = replace(spec.search, stop=frozenset()) if spec.search is not None else None
    try:
        return hashlib.blake2b(pickle.dumps((spec.template, spec.title, search, shown), protocol=5),
                               digest_size=16).digest()
    except (pickle.PicklingError, TypeError, AttributeError):
        return None


class CacheMismatch(RuntimeError):
    """An article the cache would have reused differs from the one rendered now (``--verify-cache``)."""


def _verified(url: str, kept: str, rendered: str) -> None:
    if kept != rendered:
        raise CacheMismatch(f"构建缓存里 {url} 的正文与重新生成的不同：缓存把它当作没有变的页面沿用了。"
                            "请用 --no-cache 构建，并把这个页面报告给开发者（它的输入没有写全）")


def forget_bodies() -> None:
    _bodies.clear()


def frame_key(config, *more: bytes) -> str:
    """What every article depends on besides its view: the configuration, the templates
    and ``more`` (the column's settings, which templates read), by content.

    (The live preview's ``frame_digest`` compares modification times, which is enough
    within one session; a cache kept between CI pipelines, which check out fresh files,
    needs the contents.)
    """
    from .. import cache

    parts: list[bytes | str] = [str(config.site_url or ""), repr(config.markdown_extensions), repr(config.mdx_configs),
                                repr(sorted(config.theme.items(), key=lambda item: item[0])), *more]
    if config.config_file_path and os.path.isfile(config.config_file_path):
        with open(config.config_file_path, "rb") as f:
            parts.append(f.read())
    custom = config.theme.custom_dir
    for folder, dirs, names in os.walk(custom) if custom else ():
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                parts += [os.path.relpath(path, custom), f.read()]
    return cache.digest(*parts)


def _write_unit(number: int) -> tuple:
    stamper, units, site_dir = _WORK
    return stamper._write_unit((units[number], site_dir))


@dataclass(frozen=True)
class _Address:
    """What the ``url`` filter needs of a page: its address."""

    url: str


#: The sitemap protocol's limit of URLs in one file; past it, sitemap.xml is an index of files.
SITEMAP_URLS = 50_000
_SITEMAP_PART = re.compile(r"sitemap-[0-9]+\.xml(\.gz)?\Z")


def write_sitemap(site_dir, config, files, specs: list[PageSpec]) -> None:
    """MkDocs' sitemap.xml and .gz, with the stamped pages in the order MkDocs would list them.

    Past SITEMAP_URLS pages, the URLs go into sitemap-1.xml, sitemap-2.xml … (each with its
    .gz) and sitemap.xml is the index of those files, as the protocol asks.
    """
    from mkdocs.utils import get_build_date

    date = get_build_date()
    urls = [f.url for f in files.documentation_pages() if f.generated_by != "pacesetter"]
    urls += [page_url(spec.src_uri) for spec in specs]
    base = config.site_url or ""
    site_dir = str(site_dir)
    # A part left by an earlier, larger build of this output folder (the live preview's) goes.
    for name in os.listdir(site_dir):
        if _SITEMAP_PART.match(name):
            os.unlink(os.path.join(site_dir, name))
    chunks = [urls[i:i + SITEMAP_URLS] for i in range(0, len(urls), SITEMAP_URLS)] or [[]]
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if len(chunks) == 1:
        _write_xml(site_dir, "sitemap.xml", head + _listing("urlset", "url", chunks[0], base, date))
        return
    names = [f"sitemap-{number}.xml" for number in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks):
        _write_xml(site_dir, name, head + _listing("urlset", "url", chunk, base, date))
    _write_xml(site_dir, "sitemap.xml", head + _listing("sitemapindex", "sitemap", names, base, date))


def _listing(root: str, tag: str, urls: list[str], base: str, date: str) -> str:
    """A sitemap's element ``root`` with one ``tag`` (loc and lastmod) per URL, laid out as MkDocs writes it."""
    from html import escape as html_escape
    from urllib.parse import urljoin

    entries = "".join(f"\n    <{tag}>\n         <loc>{html_escape(urljoin(base, u))}</loc>\n         <lastmod>{date}</lastmod>\n    </{tag}>"
                      for u in urls)
    return f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}\n</{root}>'


def _write_xml(site_dir: str, name: str, text: str) -> None:
    """``name`` and its gzip copy (dated by the build, so that two builds give the same bytes)."""
    import gzip

    from mkdocs.utils import get_build_timestamp

    path = os.path.join(site_dir, name)
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    with open(path + ".gz", "wb") as f:
        with gzip.GzipFile(fileobj=f, filename=path + ".gz", mode="wb", mtime=get_build_timestamp()) as gz:
            gz.write(data)
