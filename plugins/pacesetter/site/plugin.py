"""The ``pacesetter`` MkDocs plugin: an adapter between the column model and MkDocs.

It checks the data (stopping the build with the editors' messages), adds one generated
page per entity and per list, copies the photos that pages show, and hands each page
its typed view. What a page shows is decided in ``views/`` (a module per family of
pages); how it looks, in the templates under ``overrides/pacesetter/``.
"""

from __future__ import annotations

import calendar
import collections
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import threading
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..contract import DataError
from ..contract.diagnostics import Report
from ..contract.schema import words_of
from ..editor import admin, backends
from ..editor.vendor import VendorError
from ..exports.feed import FEED_PATH, atom
from ..exports.writers import write_all
from ..model import Column, load_column
from .config import PacesetterConfig
from .markdown import Renderer
from ..photos import PhotoError, Rendition, renditions
from ..publish.manifest import MANIFEST_NAME, write_manifest
from .. import cache as build_cache
from .. import processes, progress
from ..terms import date_label
from ..contract import loader
from ..sources import mark_output, output_problem
from ..search import BUNDLE_DIR, SearchIndexError, write_facets
from ..search.index import IndexJob, part_dir, parts
from . import stamp
from .pages import PageSpec, photo_paths, site_pages
from .pages import layout as pages_layout
from .preview import Preview, swap_in
from .stamp import Stamper, front_matter, page_path, page_url, write_sitemap
from .views import DOWNLOADS, READERS_PAGES, SearchTags, Views

log = get_plugin_logger(__name__)

#: Files whose published name carries a hash of their content (see ``fingerprint``).
FINGERPRINTED = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
#: Where the live preview builds its next search index (see ``_finish_in_background``).
PREVIEW_BUNDLE = ".pagefind-next"
#: Set by ``pacesetter build``: the search index and the manifest are made by
#: ``finish_site`` after the process that built the pages has exited, so that the
#: column's model and Pagefind's index are never in memory at the same time.
INDEX_LATER_ENV = "PACESETTER_INDEX_LATER"
#: Where the page writers of a build indexed later keep the stand-ins Pagefind is given
#: (``search.standin.Spool``): set by ``pacesetter build`` in the process it forks for the pages.
SPOOL = None
#: Memory a page-writing process takes beyond what it shares with the build, per organization
#: (measured at 100,000 organizations: about 1.85 GiB a process); fewer processes are forked
#: when the available memory would not hold one per core.
WORKER_BYTES_PER_ORG = 20_000
#: What ``finish_site`` needs to know, left in the site folder by the build.
PENDING_INDEX = ".pacesetter-index.json"


def fingerprinted_name(uri: str, content: bytes) -> str:
    """``assets/x.css`` → ``assets/x.1a2b3c4d.css``: a name that changes with the content.

    The web server caches such files for a year, and during a publish a page from the
    old release still gets the old file, never the new one under the same name.
    """
    stem, dot, suffix = uri.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}{dot}{suffix}"


def insert_before(html, marker: str, addition) -> Markup:
    """Insert ``addition`` before the first ``marker`` of rendered ``html`` (both already HTML).

    A filter rather than Jinja's ``replace``: in an autoescaped page ``replace`` would
    escape the HTML it inserts.
    """
    return Markup(str(html).replace(marker, str(addition) + marker, 1))


#: The live preview's photo renditions, by (path, size, modification time).
_PHOTO_MEMO: dict[tuple, list] = {}


def searched(file: File) -> bool:
    """False for a hand-written page whose front matter says ``search: {exclude: true}`` (Material's own switch)."""
    from mkdocs.utils.meta import get_data

    try:
        _, meta = get_data(file.content_string)
    except Exception:  # MkDocs reports a page it cannot read when it builds it
        return True
    search = meta.get("search") if isinstance(meta, dict) else None
    return not (isinstance(search, dict) and search.get("exclude") is True)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class _Background:
    """The live preview's unfinished work (feed, downloads, search index), one at a time."""

    thread: threading.Thread | None = None
    cancelled: threading.Event | None = None
    indexer = None

    @classmethod
    def start(cls, work, indexer: IndexJob | None) -> None:
        """Run ``work(cancelled)`` in a thread; ``indexer`` is stopped with it."""
        cls.stop()
        cls.cancelled, cls.indexer = threading.Event(), indexer
        cls.thread = threading.Thread(target=work, args=(cls.cancelled,), daemon=True)
        cls.thread.start()

    @classmethod
    def stop(cls) -> None:
        if cls.thread is None:
            return
        cls.cancelled.set()
        if cls.indexer is not None:
            cls.indexer.stop()
        cls.thread.join()
        cls.thread = cls.indexer = None


class PacesetterPlugin(BasePlugin[PacesetterConfig]):
    column: Column | None = None
    sections: dict = {}  # see on_nav
    readers: set = set()  # see on_files
    data_dir: Path | None = None
    serving = False
    preview: Preview | None = None
    written: dict = {}  # see _write_outputs
    stamper: Stamper | None = None  # writing the pages outside the navigation, from on_env to on_post_build
    downloads: processes.Beside | None = None  # the downloads being written beside the pages, see on_files

    def on_startup(self, command, dirty):
        self.serving = command == "serve"
        # The live preview keeps parsed files and rendered articles between rebuilds,
        # and with a dirty build (pacesetter serve) its folder of pages too.
        loader.keep_parsed = stamp.keep_bodies = self.serving
        self.preview = Preview() if self.serving and dirty else None
        if self.preview is not None:
            # MkDocs warns that a dirty build may leave stale pages (and strict mode
            # would stop on it); Preview keeps this one correct.
            logging.getLogger("mkdocs.commands.build").addFilter(_not_dirty_warning)

    def on_config(self, config):
        _Background.stop()  # a rebuild starts: the previous preview's index is out of date
        if not self.config.enabled:
            return config
        if not config.use_directory_urls:
            raise PluginError("专栏的页面地址按目录生成：请在 mkdocs.yml 中设置 use_directory_urls: true")
        base = Path(config.config_file_path or ".").parent
        self.data_dir = Path(os.path.abspath(base / self.config.data_dir))
        sources = {"数据文件夹": self.data_dir, "页面文件夹": Path(config.docs_dir)}
        if config.theme.custom_dir:
            sources["主题覆盖文件夹"] = Path(config.theme.custom_dir)
        # Nothing outside the repository may reach the site through a link (see sources.py);
        # the data folder's links are reported with its other errors.
        links = Report()
        for label, folder in sources.items():
            if label != "数据文件夹":
                loader.report_links(folder, links)
        if not links.ok:
            raise PluginError(f"页面或模板文件夹里有符号链接，站点未构建：\n{links.format()}")
        if not self.serving:
            # MkDocs empties the output folder right after this event.
            problem = output_problem(Path(config.site_dir), sources, MANIFEST_NAME)
            if problem:
                raise PluginError(problem)
            mark_output(Path(config.site_dir))
        try:
            with progress.stage("读取和检查数据"):
                self.column = load_column(self.data_dir)
        except DataError as exc:
            raise PluginError(f"数据有误，站点未构建：\n{exc.report.format()}\n{exc.report.summary()}") from None
        # Sitemaps and compressed files carry a build date; the data's own date makes
        # two builds of the same data byte-identical, whatever SOURCE_DATE_EPOCH the
        # environment brought.
        as_of = self.column.as_of
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(dt.datetime(as_of.year, as_of.month, as_of.day).timetuple()))
        renderer = Renderer(config.markdown_extensions, config.mdx_configs)
        self.views = Views(self.column, renderer, self.photo_sizes, self.preview.charts if self.preview is not None else None)
        self.pages: dict[str, PageSpec] = {}
        self._photo_memo: dict[str, list[tuple[str, Rendition]]] = {}
        self.search_tags: dict[str, dict[str, str]] = {}
        return config

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        # The downloads (CSV, JSON and the workbook, which openpyxl writes a cell at a time)
        # of a build indexed later are written by a process of their own from now on, while
        # this one prepares and renders the pages: the output folder has just been emptied.
        self.downloads = self._downloads_beside(Path(config.site_dir)) if self.index_later() else None
        with progress.stage("准备页面"):
            self.specs = site_pages(self.views)
        self.stamped: list[PageSpec] = []
        for spec in self.specs:
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(f"content/{spec.src_uri} 与专栏自动生成的页面重名：请删除或改名这个手写页面")
            # Pages in a folder of their own kind (orgs/…/, rankings/stars/…/): the
            # navigation never links into those, so their shells do not depend on the page.
            if self.config.stamp_pages and not spec.in_nav and page_url(spec.src_uri).count("/") >= 2:
                self.stamped.append(spec)  # written in on_post_build, see stamp.py
                continue
            # Front matter only: the page's body comes from its template and view.
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content=front_matter(spec), inclusion=inclusion))
            self.pages[spec.src_uri] = spec
        # No photo is published as committed: each is re-encoded without its metadata
        # (GPS position, camera, owner), in the widths of its srcset.
        self._photo_packs: set[str] = set()
        with progress.stage("照片"):
            for path in photo_paths(self.views):
                for uri, rendition in self.photo_renditions(path):
                    files.append(File.generated(config, uri, content=rendition.data, inclusion=InclusionLevel.NOT_IN_NAV))
        if build_cache.current is not None and not self.serving:
            build_cache.current.prune("photo-", self._photo_packs)
        self.fingerprint(files, config)
        # The pages the search index holds, in parts; the search page names the parts.
        # An organization's pages go to one part together (search/index.py ``parts``).
        indexed = {"/" + page_url(spec.src_uri): spec.search.org or "/" + page_url(spec.src_uri)
                   for spec in self.specs if spec.search is not None}
        # Hand-written pages for readers; the editors' guide is not searched.
        self.readers = {file.src_uri for file in files.documentation_pages() if not file.generated_by and searched(file)}
        indexed.update({"/" + file.url: "/" + file.url for file in files.documentation_pages() if file.src_uri in self.readers})
        self.views.readers_pages = bool(self.readers)
        self.index_parts = parts(indexed, self.config.search_part_pages)
        self.views.search_group = max(collections.Counter(indexed.values()).values(), default=1)
        self.views.search_parts = tuple(part_dir(BUNDLE_DIR, n) + "/" for n in range(1, len(self.index_parts)))
        if self.preview is not None:
            self.preview.handwritten(files)
        return files

    def photo_renditions(self, path: str) -> list[tuple[str, Rendition]]:
        """(published path, rendition) of each width of a photo; the live preview keeps them."""
        source = self.data_dir / path
        stat = source.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        memo = _PHOTO_MEMO if self.serving else {}
        cache = None if self.serving else build_cache.current
        if key not in memo:
            for stale in [k for k in memo if k[0] == path]:
                del memo[stale]
            # With a build cache, a photo re-encoded before (the same bytes) is not re-encoded.
            name = "photo-" + build_cache.digest(path, source.read_bytes()) if cache is not None else None
            kept = cache.load(name) if name is not None else None
            if isinstance(kept, list) and all(isinstance(r, Rendition) for r in kept):
                made = kept
            else:
                try:
                    made = renditions(source)
                except PhotoError as exc:
                    raise PluginError(f"照片 {path} 无法发布：{exc.message}（{exc.hint}）") from None
                if name is not None:
                    cache.store(name, made)
            if name is not None:
                self._photo_packs.add(name)
                cache.count("照片", made is kept, 1)
            memo[key] = [(f"{path}@{r.width}{r.suffix}", r) for r in made]
        self._photo_memo[path] = memo[key]
        return memo[key]

    def photo_sizes(self, path: str) -> tuple[tuple[str, int, int], ...]:
        return tuple((uri, r.width, r.height) for uri, r in self._photo_memo[path])

    def fingerprint(self, files: Files, config) -> None:
        """Give our stylesheets, scripts and the photos content-hashed names.

        Material's own assets already have such names; the theme's other files and
        the pages keep theirs. Templates ask for the published name with ``ps_asset``.
        """
        self.assets: dict[str, str] = {}
        docs_dir = os.path.normpath(config.docs_dir)
        for file in files:
            ours = file.generated_by == "pacesetter" or (file.src_dir and os.path.normpath(file.src_dir) == docs_dir)
            if ours and not file.is_documentation_page() and file.src_uri.lower().endswith(FINGERPRINTED):
                file.dest_uri = fingerprinted_name(file.src_uri, file.content_bytes)
                self.assets[file.src_uri] = file.dest_uri
        config.extra_css = [self.assets.get(path, path) for path in config.extra_css]
        for index, script in enumerate(config.extra_javascript):
            if isinstance(script, str):
                config.extra_javascript[index] = self.assets.get(script, script)
            else:  # ExtraScriptValue (type: module, async…)
                script.path = self.assets.get(script.path, script.path)

    def _set_up_env(self, env, config, files):
        # Our templates render data from many editors: escape everything they print
        # unless a view marked it safe (sanitized Markdown). Material's own templates
        # expect no autoescaping, so the switch applies to ours alone.
        previous = env.autoescape

        def autoescape(name):
            if name is not None and name.startswith("pacesetter/"):
                return True
            return previous(name) if callable(previous) else previous

        env.autoescape = autoescape
        env.filters["ps_insert_before"] = insert_before
        env.filters["ps_date"] = date_label
        if self.column is not None:
            settings = self.column.settings
            env.globals["ps_footer"] = {"publisher": settings.publisher, "contact": settings.contact, "icp": settings.icp}
        env.filters["ps_asset"] = lambda path: getattr(self, "assets", {}).get(path, path)
        self.env, self.files = env, files
        if self.preview is not None:
            self.preview.navigation(self.nav)
            env.bytecode_cache = self.preview.templates
        return env

    def on_nav(self, nav, config, files):
        self.nav = nav
        # The navigation's page for each folder of the site (orgs → 组织, timeline → 大事记…):
        # a page outside the navigation belongs to the tab of its folder, and leads back to it.
        self.sections = {page.url.split("/", 1)[0]: page for page in nav.pages if page.url.count("/") == 1}
        return nav

    def section(self, url: str):
        """The navigation page whose tab a page at ``url`` belongs to, or None."""
        return self.sections.get(url.split("/", 1)[0]) if url.count("/") >= 1 else None

    def page_context(self, spec: PageSpec, view) -> dict:
        """What our templates get besides MkDocs' own context."""
        context = {"view": view, "column": self.column, "search": spec.search, "ps_trail": None, "ps_title": spec.title}
        url = page_url(spec.src_uri)
        section = self.section(url)
        # A way back from every page outside the navigation: 首页 › its tab's page › itself.
        # (An organization's page shows its line of parent organizations instead.)
        if not spec.in_nav and section is not None and section.url != url and spec.template != "pacesetter/org.html":
            # A record leads back to the page of its list that shows it, not always to the first.
            around = getattr(view, "around", None)
            back = (around.back.title, around.back.url) if around and around.back else (section.title, section.url)
            context["ps_trail"] = (("首页", ""), back)
        return context

    def on_page_context(self, context, page, config, nav):
        if not self.config.enabled:
            return context
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            context.update(self.page_context(spec, spec.build()))
            section = self.section(page.url)
            if not spec.in_nav and section is not None and not section.active:
                section.active = True  # its tab is highlighted; undone in on_post_page
                self._lit = section
        elif page.file.src_uri in self.readers:
            context["search"] = SearchTags(READERS_PAGES)
        if context.get("search") is not None:
            self.search_tags["/" + page.url] = context["search"].facets()
        return context

    @event_priority(50)
    def _write_outputs(self, config):
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        cache = build_cache.current if not self.serving else None
        digests: dict[str, bytes] = {}  # the written pages' digests, for the search index's cache
        self.written = {}  # the files written here with their state and digest, for the manifest
        if self.stamped:
            # Forking beside mkdocs serve's server thread is not safe: one process there.
            stamper, self.stamper = self.stamper or self._start_pages(config, 1), None
            with progress.stage("生成页面", len(self.stamped)) as bar:
                try:
                    stamper.finish(bar)
                except stamp.CacheMismatch as exc:  # --verify-cache found a page the cache would have got wrong
                    raise PluginError(str(exc)) from None
            if cache is not None:
                cache.count("页面", len(self.stamped) - len(stamper.made), len(self.stamped))
                if 0 < len(stamper.made) < len(self.stamped):  # which pages a merge changed, for the log
                    cache.notes.append(stamp.made_note(stamper.made))
                cache.prune("bodies-", stamper.packs)
                digests = stamper.digests
            self.written.update(stamper.written)
            for spec in self.stamped:
                if spec.search is not None:
                    self.search_tags["/" + page_url(spec.src_uri)] = spec.search.facets()
            write_sitemap(site_dir, config, self.files, self.specs)
        if self.preview is not None:
            self.preview.finish(self.files, {os.path.normpath(page_path(str(site_dir), spec)) for spec in self.stamped})
        if self.column.settings.editor or os.environ.get(backends.LOCAL_URL):
            self._write_editor(config, site_dir)
        # Pagefind reads only the pages: it indexes on its own cores while this process
        # writes the feed and the downloads. The live preview's index is built beside
        # the last one, which readers use meanwhile.
        bundle = PREVIEW_BUNDLE if self.serving else BUNDLE_DIR
        shutil.rmtree(site_dir / bundle, ignore_errors=True)  # no part of an earlier index stays
        later = self.index_later()
        indexer = IndexJob(site_dir, self.index_parts, bundle, cache, digests) if self.config.search and not later else None
        downloads = functools.partial(self._write_downloads, site_dir, config.site_url or "http://127.0.0.1:8000/")
        if self.serving:
            # The live preview shows the pages now; the feed, the downloads and the
            # search index follow a few seconds later.
            _Background.start(functools.partial(self._finish_in_background, site_dir, indexer, downloads), indexer)
            return
        if later:
            # Pagefind indexes in finish_site, after this process (the model's) has exited.
            with progress.stage("订阅"):
                (site_dir / FEED_PATH).write_bytes(atom(self.column, config.site_url or "http://127.0.0.1:8000/"))
            with progress.stage("下载文件"):
                self._downloads_written()
            pending = {"parts": self.index_parts if self.config.search else None, "tags": self.search_tags,
                       "options": self.views.search_options(),
                       "reused": build_cache.current.counts if build_cache.current is not None else {},
                       "digests": {url: digest.hex() for url, digest in digests.items()},
                       "written": self.written}
            (site_dir / PENDING_INDEX).write_text(json.dumps(pending, ensure_ascii=False), encoding="utf-8")
            return
        try:
            _beside_index(indexer, "订阅和下载文件", downloads, site_dir, self.search_tags, self.views.search_options())
        except SearchIndexError as exc:
            raise PluginError(f"搜索索引生成失败：{exc}") from None
        if indexer is not None:
            self.written.update(indexer.written)

    def _start_pages(self, config, workers: int) -> Stamper:
        """A Stamper that has started writing the pages outside the navigation (site/stamp.py)."""
        shells = self.preview.shells if self.preview is not None else None
        stamper = Stamper(config, self.env, self.nav, self.files, self.page_context, shells, self.section)
        if self.index_later() and self.config.search:
            stamper.spool = SPOOL
        cache = build_cache.current if not self.serving else None
        if cache is not None:  # the articles of earlier builds whose views are the same
            stop = next((spec.search.stop for spec in self.specs if spec.search is not None), frozenset())
            frame = stamp.frame_key(config, (self.data_dir / loader.SETTINGS_FILE).read_bytes(), repr(sorted(stop)).encode(),
                                    pages_layout())
            cache.changed("frame", frame, "mkdocs.yml、模板、column.yaml 或搜索的常见字对改了：全部页面重新生成")
            stamper.use_cache(cache, frame)
        stamper.start(self.stamped, config.site_dir, workers, self.preview)
        return stamper

    @event_priority(-100)
    def _pages_beside(self, env, config, files):
        # Last of the environment's steps: everything the pages need is there. Their processes
        # start now and use both cores while MkDocs builds the pages of the navigation.
        if self.config.enabled and self.stamped and not self.serving:
            self.stamper = self._start_pages(config, processes.workers(WORKER_BYTES_PER_ORG * len(self.column.orgs)))
        return env

    on_env = CombinedEvent(_set_up_env, _pages_beside)

    def _write_editor(self, config, site_dir: Path) -> None:
        """The editor in the browser at /admin/ (editor/admin.py), when column.yaml turns it on."""
        # Material's stylesheets first, then the column's own, as on every page.
        styles = sorted((file.dest_uri for file in self.files
                         if file.dest_uri.endswith(".css") and file.dest_uri.startswith("assets/")),
                        key=lambda uri: (not uri.startswith("assets/stylesheets/main."),
                                         not uri.startswith("assets/stylesheets/"), uri))
        styles = ["../" + uri for uri in styles]
        root = Path(config.config_file_path or ".").parent.resolve()
        try:
            backend = backends.backend(os.environ)
            # The data folder as the backend sees it: in the repository, data/; in a local
            # trial, where decap-server (serving the project's folder) finds it.
            data = "data"
            if self.data_dir.resolve().is_relative_to(root):
                data = self.data_dir.resolve().relative_to(root).as_posix()
            elif backend is not None and backend["name"] == "proxy":
                raise backends.BackendError("试用时只能编辑 mkdocs.yml 所在文件夹里的数据文件夹")
            admin.write(site_dir, root, title=self.column.settings.title, words=words_of(self.column.settings),
                        backend=backend, styles=styles, site_url=config.site_url or "/", data=data)
        except (backends.BackendError, VendorError) as exc:
            raise PluginError(f"网页编辑器没有生成，站点未构建：{exc}") from None

    def _downloads_beside(self, site_dir: Path) -> processes.Beside:
        """Start writing the downloads in a forked process (see ``_downloads_written``)."""
        views, as_of, cache = self.views, self.column.as_of, build_cache.current

        def work():
            if cache is not None:  # what it reuses and says is sent back (the counts so far are this process's)
                cache.counts, cache.messages = {}, []
            # The tables are made there too: this process goes on with the pages meanwhile.
            write_all(views.tables, site_dir / DOWNLOADS, as_of, cache=cache)
            return (cache.counts, cache.messages) if cache is not None else None

        return processes.Beside(work)

    def _downloads_written(self) -> None:
        """Wait for the downloads started by ``_downloads_beside``; its errors are raised here."""
        downloads, self.downloads = self.downloads, None
        said = downloads.result()
        if said is not None and build_cache.current is not None:
            counts, messages = said
            for label, (reused, total) in counts.items():
                build_cache.current.count(label, reused, total)
            build_cache.current.messages.extend(messages)

    def _write_downloads(self, site_dir: Path, site_url: str) -> None:
        (site_dir / FEED_PATH).write_bytes(atom(self.column, site_url))
        # The live preview has no Excel workbook: it is the slowest download and nobody previews it.
        write_all(self.views.tables, site_dir / DOWNLOADS, self.column.as_of, workbook=not self.serving,
                  cache=None if self.serving else build_cache.current)

    def _finish_in_background(self, site_dir: Path, indexer, downloads, cancelled: threading.Event) -> None:
        tags, options = dict(self.search_tags), self.views.search_options()
        try:
            downloads()
            if indexer is not None and not cancelled.is_set():
                indexer.finish()
                if not cancelled.is_set():
                    write_facets(site_dir, indexer.fragment_ids(), tags, options)
                    swap_in(site_dir, site_dir / PREVIEW_BUNDLE, BUNDLE_DIR)
                    log.info("预览的搜索索引已更新")
        except (OSError, SearchIndexError) as exc:  # the next rebuild cleared the folder
            if not cancelled.is_set():
                log.warning("预览的搜索索引没有建成：%s", exc)

    def index_later(self) -> bool:
        return not self.serving and os.environ.get(INDEX_LATER_ENV) == "1"

    def on_pre_build(self, config):
        # A manifest left by an earlier build would vouch for files this build has
        # not finished writing. (MkDocs leaves files whose names start with a dot.)
        Path(config.site_dir, MANIFEST_NAME).unlink(missing_ok=True)
        Path(config.site_dir, PENDING_INDEX).unlink(missing_ok=True)
        if self.preview is not None and self.preview.begin(config):
            stamp.forget_bodies()  # the templates may have changed

    @event_priority(-100)
    def _write_manifest(self, config):
        # Last of all plugins' steps: its presence says the build completed.
        if self.config.enabled and not self.serving and not self.index_later():
            with progress.stage("构建清单"):
                manifest = write_manifest(Path(config.site_dir), self.written)
            log.info("构建清单：%d 个文件，版本 %s", len(manifest.entries), manifest.release)

    on_post_build = CombinedEvent(_write_outputs, _write_manifest)

    _lit = None

    def on_post_page(self, output, page, config):
        if self._lit is not None:
            self._lit.active = False
            self._lit = None
        return output

    def on_build_error(self, error):
        # A build that stops (bad page, full disk) stops the processes it started, at once.
        if self.downloads is not None:
            self.downloads.stop()
            self.downloads = None
        if self.stamper is not None:
            self.stamper.stop()
            self.stamper = None

    def on_serve(self, server, config, builder):
        if self.config.enabled and self.data_dir is not None:
            server.watch(str(self.data_dir))
        return server


def finish_site(site_dir: Path, standins: dict[str, bytes] | None = None):
    """The search index and the manifest of a site built with ``INDEX_LATER_ENV`` set (its
    downloads were written by the build, beside the pages: ``_downloads_beside``).

    ``standins``, the pages' stand-ins the page writers kept (``SPOOL``), spare Pagefind
    reading the pages. Returns the manifest, or None when the build left nothing to finish
    (the plugin was off). Raises SearchIndexError.
    """
    pending = site_dir / PENDING_INDEX
    if not pending.is_file():
        return None
    job = json.loads(pending.read_text(encoding="utf-8"))
    pending.unlink()
    if build_cache.current is not None:  # what the process that built the pages reused, to report with the rest
        for label, (reused, total) in job.get("reused", {}).items():
            build_cache.current.count(label, reused, total)
    # The pages' digests as the build wrote them (a moment ago, in this folder): the search
    # index's cache need not read 20,000 pages back to know whether a part is unchanged.
    digests = {url: bytes.fromhex(digest) for url, digest in job.get("digests", {}).items()}
    indexer = (IndexJob(site_dir, job["parts"], cache=build_cache.current, digests=digests, standins=standins)
               if job["parts"] is not None else None)
    _index_finished(indexer, site_dir, job["tags"], job["options"])
    # The files the build wrote, with their digests: the manifest does not read them back.
    written = job.get("written", {})
    if indexer is not None:
        written.update(indexer.written)
    with progress.stage("构建清单"):
        return write_manifest(site_dir, written)


def _beside_index(indexer: IndexJob | None, label: str, work, site_dir: Path, tags, options) -> None:
    """Do ``work`` while Pagefind indexes, then wait for the index and write the facet lists."""
    try:
        with progress.stage(label):
            work()
    except BaseException:
        if indexer is not None:
            indexer.stop()
        raise
    _index_finished(indexer, site_dir, tags, options)


def _index_finished(indexer: IndexJob | None, site_dir: Path, tags, options) -> None:
    """Wait for the index (if any), write the facet lists, and tell the cache what was reused."""
    if indexer is not None:
        with progress.stage("搜索索引"):
            indexer.finish()
            write_facets(site_dir, indexer.fragment_ids(), tags, options)
        if indexer.cache is not None:
            indexer.cache.count("搜索索引部分", indexer.reused, len(indexer.parts))
            indexer.cache.prune("search-", indexer.keys)
