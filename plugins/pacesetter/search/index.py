"""Run Pagefind (extended: Chinese segmentation) over a built site, in parts.

Only elements marked ``data-pagefind-body`` are indexed (the templates mark the pages
that hold facts), so the index stays proportional to the facts, not to the lists and
rankings that repeat them.

Pagefind runs as a service (``pagefind --service``) and is handed each page, cut down to
what it indexes (``standin.py``), in the order of the pages' addresses: its index numbers
pages in the order it gets them, and ``pagefind --site`` gets them in the order the file
system lists them, which differs between machines (the same site indexed on ext4 and on
tmpfs gave different index files). Pagefind reads no file but the pages it is handed.

Pagefind holds its whole index in memory while it builds it: about 70 KB for each
organization page, 1.5 GiB at 20,000 organizations. So a larger column is indexed in
parts of at most ``capacity`` pages, one after the other: the first part is the bundle
the search page loads (``pagefind/``), the others are bundles beside it
(``pagefind/part-2/`` …) that the page merges in with Pagefind's ``mergeIndex``, which
searches every part and ranks their results together.
"""

from __future__ import annotations

import base64
import collections
import concurrent.futures
import hashlib
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from .. import processes
from ..filestate import Written, write_file
from .facets import fragment_ids, fragment_ids_of
from .standin import stand_in

BUNDLE_DIR = "pagefind"
#: Pages in one part of the index: Pagefind holds about 70 KB a page (1.5 GiB for the
#: 22,000 indexed pages of 20,000 organizations), and every part adds to a first search.
DEFAULT_CAPACITY = 25_000
#: The fewest parts of an index of at least so many pages: Pagefind's service reads pages on
#: one core, so two parts are built at once on two, and a merge re-indexes only the part of
#: the organization it changed. At 20,000 organizations (``scripts/search-budget``, 22,502
#: indexed pages) two parts cost a first search 330.7 KB against one's 304.8 KB and answer
#: faster at worst (185 ms against 317 ms); four parts cost 382.1 KB (149 ms median, 215 ms
#: at worst), within the 400 KB and 300 ms budgets, and a merge re-indexes a quarter of the
#: pages instead of half (8 s → 4 s for one deed).
LEAST_PARTS = ((20_000, 4), (10_000, 2))
#: Memory Pagefind holds for each page while it builds a part (1.5 GiB for 22,000 pages).
PAGE_MEMORY = 70_000


#: How much of the index one file holds, in word places (Pagefind's default is 20,000; a
#: search fetches the file of each word it looks for). Smaller files make a first search
#: lighter and the table of files (in the metadata every search loads first) longer:
#: at 20,000 organizations, library + first search 368.6 KB at 20,000, 335.0 KB at 10,000,
#: 304.8 KB at 5,000, 295.3 KB at 2,500 (``scripts/search-budget``). Pagefind takes it from an environment
#: variable it calls unstable; ``tests/test_search.py`` checks that it still does.
INDEX_CHUNK = 5_000


class SearchIndexError(Exception):
    pass


def page_digest(html: bytes) -> bytes:
    """What a part's cache key knows a page by: a digest of its HTML."""
    return hashlib.blake2b(html, digest_size=20).digest()


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # the extended build is what segments Chinese
        raise SearchIndexError("缺少 pagefind 扩展版（pip install 'pagefind[extended]'）") from exc
    return Path(get_executable())


def environment() -> dict[str, str]:
    """The environment Pagefind runs in: the build's, without a single ``PAGEFIND_`` variable
    but the size of the index's files (``INDEX_CHUNK``).

    Pagefind takes each of its settings from a ``PAGEFIND_…`` variable too, over its
    configuration file. Left in, ``PAGEFIND_OUTPUT_PATH`` would write the index outside the
    site (leaving the site without one, and the build saying nothing), and ``PAGEFIND_SITE``
    with ``PAGEFIND_GLOB`` would index pages from outside the repository into the column's search.
    """
    env = {key: value for key, value in os.environ.items() if not key.upper().startswith("PAGEFIND")}
    return {**env, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK)}


def parts(pages, capacity: int = DEFAULT_CAPACITY, least: tuple[tuple[int, int], ...] = LEAST_PARTS) -> list[list[str]]:
    """The indexed pages (``/orgs/x/``…) in as few parts of about ``capacity`` as can be, and
    from so many pages on in at least so many parts (``least``: (pages, parts), largest first).

    ``pages``: each page's address, and the name of the group it goes with (its
    organization's: an organization's page, its deeds, sites…), or an address list (each
    its own group). A group's part is fixed by a hash of its name, so it stays in its part
    while other pages come and go: a merge changes the pages of one organization (a deed,
    and the organization's page that lists it), that is one part, and a build with a cache
    re-indexes only that one (see ``IndexJob``). Hashing deals every kind of page out
    evenly, so every part holds the same mix of organizations, deeds, sites… Pagefind
    weighs a word by how rare it is in the part that holds it, and like parts weigh words
    nearly alike: results from different parts rank close to how one index would rank them.
    A tenth is left spare, since hashed parts differ a little in size.
    """
    groups = pages if isinstance(pages, dict) else {url: url for url in pages}
    urls = sorted(groups)
    count = -(-len(urls) * 11 // (10 * max(capacity, 1)))
    count = max(count, next((fewest for pages_from, fewest in least if len(urls) >= pages_from), 1))
    if count <= 1:
        return [urls] if urls else []
    dealt: list[list[str]] = [[] for _ in range(count)]
    for url in urls:
        dealt[int.from_bytes(hashlib.blake2b(groups[url].encode("utf-8"), digest_size=8).digest(), "big") % count].append(url)
    return dealt


def part_dir(bundle: str, number: int) -> str:
    """Where part ``number`` (from 0) is written, relative to the site."""
    return bundle if number == 0 else f"{bundle}/part-{number + 1}"


class IndexJob:
    """Pagefind over the parts, in threads, while the build goes on with other files: as many
    parts at once as there are cores and memory for, each in a service of its own.

    With a build cache (cache.py), a part whose pages are byte for byte those of a part
    indexed before is copied from the cache instead: Pagefind's output (without its
    filters, which the column does not use) is the same for the same pages.
    """

    def __init__(self, site_dir: Path, page_parts: list[list[str]], bundle: str = BUNDLE_DIR, cache=None,
                 digests: dict[str, bytes] | None = None, standins: dict[str, bytes] | None = None):
        self.site_dir, self.parts, self.bundle = Path(site_dir).resolve(), page_parts, bundle
        self.cache = cache
        #: The pages' ``page_digest`` as the build wrote them, by address; a page not in it is read.
        self.digests = digests or {}
        #: The pages' stand-ins (``standin.py``, UTF-8) as the build wrote them, by address; a page not in it is read.
        self.standins = standins or {}
        self.reused = 0  # parts copied from the cache
        #: Each file of the index written (its path in the site), with its state and digest for the manifest.
        self.written: dict[str, Written] = {}
        self.keys: set[str] = set()  # the names of the cached parts this build used or made
        self._ids: dict[int, dict[str, str]] = {}  # each part's fragment ids, when the cache had them or kept them
        self.error: str | None = None
        self._lock = threading.Lock()
        self._services: list[Service] = []  # one for each part being indexed
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def part_key(self, number: int, urls: list[str]) -> str:
        """What a part's index is made of: its place and each page's address and stand-in."""
        from .. import cache

        pieces: list[bytes | str] = [part_dir(self.bundle, number)]
        for url in urls:
            digest = self.digests.get(url)
            if digest is None:
                digest = page_digest(self._stand_in(url))
            pieces += [url, digest]
        return "search-" + cache.digest(*pieces)

    def _stand_in(self, url: str) -> bytes:
        """The page's stand-in in UTF-8: as the page writers kept it, or cut from the page."""
        kept = self.standins.get(url)
        if kept is not None:
            return kept
        try:
            html = (self.site_dir / url.strip("/") / "index.html").read_text(encoding="utf-8")
            return stand_in(html).encode("utf-8", errors="xmlcharrefreplace")
        except (OSError, UnicodeDecodeError) as exc:
            raise SearchIndexError(f"读不出页面 {url}：{getattr(exc, 'strerror', None) or exc}") from None

    def _run(self) -> None:
        try:
            command = [str(executable()), "--service"]
            plan = []
            for number, urls in enumerate(self.parts):
                key = self.part_key(number, urls) if self.cache is not None else None
                if key is not None:
                    self.keys.add(key)
                plan.append((number, urls, self.site_dir / part_dir(self.bundle, number), key))
            # Parts at once, one service each, as many as there are cores and memory for.
            at_once = max(1, min(len(plan), processes.workers(PAGE_MEMORY * max((len(p[1]) for p in plan), default=1))))
            kept = [part for part in plan if part[3] is not None and self.cache.has(part[3])]
            with concurrent.futures.ThreadPoolExecutor(at_once, thread_name_prefix="pagefind") as pool:
                # The parts made anew are indexed while the kept ones are copied from the cache.
                done = [pool.submit(self._index_part, command, *part) for part in plan if part not in kept]
                for number, urls, output, key in kept:
                    if self._stopped:
                        break
                    copied = self.cache.copy_files(key, output)
                    if copied is not None:
                        self._wrote(number, copied)
                        self.reused += 1
                        self._remember_ids(number, key, output)
                    else:  # damaged: said in the cache's messages
                        done.append(pool.submit(self._index_part, command, number, urls, output, key))
                for future in concurrent.futures.as_completed(done):
                    if future.exception() is not None:
                        self._kill()  # the other parts are of no use now
                for future in done:
                    future.result()
        except SearchIndexError as exc:
            self.error = str(exc)

    def _index_part(self, command: list[str], number: int, urls: list[str], output: Path, key: str | None) -> None:
        with self._lock:
            if self._stopped:
                raise SearchIndexError("已停止")
            service = Service(command)
            self._services.append(service)
        try:
            files = self._index(service, urls)
        finally:
            service.close()
        self._wrote(number, {rel: write_file(output / rel, data) for rel, data in sorted(files.items())})
        self._ids[number] = ids = fragment_ids_of(files)
        if key is not None:
            self.cache.store(key, files)
            self.cache.store(key + "-ids", ids)
            self.keys.add(key + "-ids")

    def _index(self, service: Service, urls: list[str]) -> dict[str, bytes]:
        """One part: its pages handed to Pagefind in the order of their addresses, so that the
        index is the same on every machine (Pagefind numbers pages in the order it gets them;
        from ``pagefind --site`` that is the order the file system lists them in)."""
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        for url in sorted(urls):
            service.send({"type": "AddFile", "index_id": index, "file_path": None, "url": url,
                          "file_contents": self._stand_in(url).decode("utf-8")})
        service.wait()
        # Pagefind's service writes files on threads of its own and answers before they are
        # written (a service that ends then leaves them cut short): it hands them over instead,
        # and they are written once the service has ended (``_index_part``).
        files = {}
        for file in service.ask({"type": "GetFiles", "index_id": index})["files"]:
            rel = file["path"]
            if rel.startswith("/") or "\\" in rel or ".." in rel.split("/"):
                raise SearchIndexError(f"pagefind 给出的文件名不对：{rel}")
            files[rel] = base64.b64decode(file["content"])
        return files

    def _wrote(self, number: int, files: dict[str, Written]) -> None:
        prefix = part_dir(self.bundle, number) + "/"
        self.written.update((prefix + rel, state) for rel, state in files.items())

    def _remember_ids(self, number: int, key: str, output: Path) -> None:
        """The part's fragment ids (see ``fragment_ids``), kept beside its files in the cache:
        reading them back from its 22,500 fragments took 0.6 s of every build at 20,000 organizations."""
        name = key + "-ids"
        self.keys.add(name)
        ids = self.cache.load(name)
        if not (isinstance(ids, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in ids.items())):
            ids = fragment_ids([output])
            self.cache.store(name, ids)
        self._ids[number] = ids

    def fragment_ids(self) -> dict[str, str]:
        """Page address → fragment id over every part (``facets.fragment_ids``); a part's from the cache when it has them."""
        ids: dict[str, str] = {}
        for number, bundle in enumerate(self.bundles()):
            ids.update(self._ids[number] if number in self._ids else fragment_ids([bundle]))
        return ids

    def _kill(self) -> None:
        with self._lock:
            self._stopped = True
            for service in self._services:
                service.kill()

    def stop(self) -> None:
        """Stop indexing (the build failed, or the preview rebuilds); waits for the thread."""
        self._kill()
        self._thread.join()

    def finish(self) -> None:
        """Wait for every part; SearchIndexError when one failed."""
        self._thread.join()
        if self.error is not None:
            raise SearchIndexError(self.error)

    def bundles(self) -> list[Path]:
        return [self.site_dir / part_dir(self.bundle, number) for number in range(len(self.parts))]


class Service:
    """Pagefind's service mode (``pagefind --service``): requests in, answers out, each a JSON
    object in base64 followed by a comma; the answers come in the order of the requests.

    Requests go out in batches of about ``BATCH`` bytes and answers are read as they have
    come: the indexing thread shares the interpreter with the downloads being written, and
    each time it waits for the system it may wait for its turn again. Pagefind reads requests
    as fast as they come and queues them: at most ``WINDOW`` go unanswered, so that the
    queue never holds a province's pages.
    """

    BATCH = 1 << 20
    WINDOW = 2000

    def __init__(self, command: list[str]):
        self._log = tempfile.TemporaryFile()  # what Pagefind says on stderr, for an error
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
                                         env=environment(), bufsize=0)
        self._sent = self._answered = 0
        self._out = bytearray()
        self._answers: collections.deque[bytes] = collections.deque()  # read, not yet taken
        self._rest: list[bytes] = []  # the start of an answer still being read

    def send(self, request: dict) -> None:
        """Send a request whose answer is only checked: an error stops the build."""
        while self._sent - self._answered >= self.WINDOW:
            self._answer()
        message = json.dumps({"message_id": self._sent, "payload": request}, ensure_ascii=False)
        self._out += base64.b64encode(message.encode("utf-8"))
        self._out += b","
        self._sent += 1
        if len(self._out) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        out = memoryview(self._out)
        try:
            while out:
                out = out[self._process.stdin.write(out):]
        except OSError:
            raise SearchIndexError(self._ended()) from None
        finally:
            out.release()
        self._out.clear()

    def wait(self) -> None:
        """Until every request sent is answered."""
        while self._answered < self._sent:
            self._answer()

    def ask(self, request: dict) -> dict:
        """Send a request and return its answer, after those of the requests before it."""
        self.send(request)
        answer = {}
        while self._answered < self._sent:
            answer = self._answer()
        return answer

    def _answer(self) -> dict:
        """The next answer; what is still to send goes first."""
        if self._out:
            self._flush()
        while not self._answers:
            chunk = self._process.stdout.read(1 << 20)
            if not chunk:
                raise SearchIndexError(self._ended())
            *ended, rest = chunk.split(b",")
            if ended:  # an answer is a part's files at most: pieces joined once, not each time
                self._answers.append(b"".join([*self._rest, ended[0]]))
                self._answers.extend(ended[1:])
                self._rest = []
            self._rest.append(rest)
        answer = json.loads(base64.b64decode(self._answers.popleft()))
        self._answered += 1
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error":
            raise SearchIndexError(f"pagefind：{payload.get('message')}")
        return payload

    def _ended(self) -> str:
        code = self._process.wait()
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip()
        return said or f"pagefind 意外退出（退出码 {code}）"

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()

    def close(self) -> None:
        """End the service (it exits when its input ends) and wait for it."""
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()
        self._log.close()
