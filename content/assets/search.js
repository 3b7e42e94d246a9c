// 专栏搜索：用 Pagefind 的底层接口，只下载这次搜索用到的索引分片和前十条结果的摘要。
const form = document.querySelector("[data-ps-search]");
const input = form.querySelector("input[name=q]");
const selects = Array.from(form.querySelectorAll("select"));
const status = document.querySelector("[data-ps-search-status]");
const list = document.querySelector("[data-ps-search-results]");
const more = document.querySelector("[data-ps-search-more]");
const PAGE = 10;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;

// Pagefind cuts Chinese with its own dictionary and matches query words as prefixes, so a
// name it cut differently is missed. Each page also carries its names as character pairs
// (see SearchTags.bigrams); the same pairs of the query find the name however it was cut.
// Pairs found in too many names are left out of the index, and so out of the query.
const STOP = new Set((form.dataset.stopPairs || "").split(" ").filter(Boolean));

function pairsOf(text) {
  const pairs = [];
  for (const run of text.match(CJK) || []) {
    for (let i = 0; i + 1 < run.length; i++) pairs.push(run.slice(i, i + 2));
  }
  const kept = [...new Set(pairs)].filter((p) => !STOP.has(p));
  if (!kept.length) return null;
  return [...kept, text.replace(CJK, " ").trim()].filter(Boolean).join(" ");
}

let pagefind = null; // set once every part of the index is merged in
let loading = null;
let current = [];
let shown = 0;
let generation = 0;

async function start() {
  const engine = await import(form.dataset.bundle + "pagefind.js");
  // Organization pages are long (tables, timelines); with Pagefind's full length penalty
  // a short news item that only mentions an organization outranks the organization itself.
  const options = {
    baseUrl: new URL(form.dataset.root, document.baseURI).pathname,
    excerptLength: 40,
    ranking: { pageLength: 0.3 },
  };
  await engine.options(options);
  await engine.init();
  // A large column's index comes in parts (search/index.py): each is searched too,
  // and Pagefind ranks all their results together.
  for (const part of (form.dataset.parts || "").split(" ").filter(Boolean)) {
    await engine.mergeIndex(new URL(part, document.baseURI).pathname, options);
  }
  pagefind = engine;
  form.dataset.ready = "true"; // for readers' tools and the budget measurement
  return engine;
}

function load() {
  loading ??= start();
  return loading;
}

function filters() {
  const chosen = {};
  for (const select of selects) if (select.value) chosen[select.name] = select.value;
  return chosen;
}

// A filter value's pages, as a set of result ids, fetched once when first picked.
const lists = new Map();
function listOf(select) {
  const url = select.selectedOptions[0].dataset.list;
  if (!lists.has(url)) lists.set(url, fetch(url).then((r) => (r.ok ? r.json() : [])).then((ids) => new Set(ids)));
  return lists.get(url);
}

// Excerpts come as HTML with <mark>; keep the text and the marks, nothing else.
function excerpt(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const p = document.createElement("p");
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function render(results) {
  for (const data of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const meta = document.createElement("span");
    meta.className = "ps-meta";
    meta.textContent = [data.meta.kind, data.meta.org].filter(Boolean).join(" · ");
    item.append(link, " ", meta, excerpt(data.excerpt));
    list.append(item);
  }
}

async function showMore(ticket) {
  const slice = current.slice(shown, shown + PAGE);
  const data = await Promise.all(slice.map((result) => result.data()));
  if (ticket !== generation) return;
  render(data);
  shown += slice.length;
  more.hidden = shown >= current.length;
}

function merge(...lists) {
  const seen = new Set();
  return lists.flat().filter((r) => !seen.has(r.id) && seen.add(r.id));
}

// One search for the latest input. Name matches (character pairs) are shown as soon as
// they come; matches of the words in the text are added after them.
async function run() {
  const ticket = ++generation;
  const query = input.value.trim();
  const chosen = filters();
  const params = new URLSearchParams({ q: query, ...chosen });
  history.replaceState(null, "", `?${params}`);
  // One character matches the start of a great many words: at province scale that search
  // would keep Pagefind's worker busy for seconds, and the reader is still typing anyway.
  if ([...query].length < 2) {
    list.replaceChildren();
    status.textContent = query ? "请至少输入两个字" : Object.keys(chosen).length ? "请输入搜索词；筛选条件用来缩小结果" : "";
    more.hidden = true;
    return;
  }
  status.textContent = "正在搜索……";
  const engine = await load();
  const sets = await Promise.all(selects.filter((s) => s.value).map(listOf));
  const keep = (results) => results.filter((r) => sets.every((ids) => ids.has(r.id)));
  // Pagefind's worker answers one search at a time. A short query is most likely a name:
  // its pairs go first; a long one is most likely a phrase from a text: its words go first.
  const pairs = pairsOf(query);
  const searches = [pairs, query].filter(Boolean);
  if ([...query].length >= 8) searches.reverse();
  let found = [];
  for (const [index, terms] of searches.entries()) {
    const results = keep((await engine.search(terms)).results);
    if (ticket !== generation) return; // a newer input took over
    const first = !found.length;
    found = terms === pairs ? merge(results, found) : merge(found, results);
    const last = index === searches.length - 1;
    if (first && (found.length || last)) {
      await show(ticket, found, query, last);
    } else if (last) {
      current = found; // the first page is on screen; the rest follows with "更多结果"
      more.hidden = shown >= current.length;
      status.textContent = `找到 ${current.length} 个页面`;
    }
    if (ticket !== generation) return;
  }
}

async function show(ticket, results, query, final) {
  list.replaceChildren();
  current = results;
  shown = 0;
  await showMore(ticket);
  if (ticket !== generation) return;
  status.textContent = current.length ? `找到 ${current.length} 个页面` : "没有找到相关页面，请换个说法或减少筛选条件";
  document.dispatchEvent(new CustomEvent("ps-search-done", { detail: { query, count: current.length, final } }));
}

// Search once the reader pauses: a search for every keystroke would queue in Pagefind's
// worker. Meanwhile, fetch the index chunks of what is typed so far (two characters or
// more: one character would fetch the chunks of every word that starts with it).
let timer = null;
function schedule() {
  const query = input.value.trim();
  if (pagefind && [...query].length >= 2) pagefind.preload(query);
  clearTimeout(timer);
  timer = setTimeout(run, 100);
}

const url = new URL(location.href);
input.value = url.searchParams.get("q") || "";
for (const select of selects) select.value = url.searchParams.get(select.name) || "";
form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
input.addEventListener("input", schedule);
for (const select of selects) select.addEventListener("change", run);
more.addEventListener("click", () => showMore(generation));
load();
if (input.value || Object.keys(filters()).length) run();
input.focus();
