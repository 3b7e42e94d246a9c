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

// A pair as the index holds it (SearchTags, pair_token): five hex digits a character.
function token(pair) {
  return "zh" + [...pair].map((ch) => ch.codePointAt(0).toString(16).padStart(5, "0")).join("");
}

// The adjacent character pairs of every run of Chinese characters, each once.
function cjkPairs(text) {
  const pairs = [];
  for (const run of text.match(CJK) || []) {
    for (let i = 0; i + 1 < run.length; i++) pairs.push(run.slice(i, i + 2));
  }
  return [...new Set(pairs)];
}

function pairsOf(text) {
  const kept = cjkPairs(text).filter((p) => !STOP.has(p)).map(token);
  if (!kept.length) return null;
  // Latin words and numbers stay as words; punctuation (“”《》…) is no word to look for.
  const rest = text.replace(CJK, " ").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return [...kept, rest].filter(Boolean).join(" ");
}

let pagefind = null; // set once every part of the index is merged in
let loading = null;
// The parts of a large index merged into the first (search/index.py), and how many indexes a search reads.
const MERGED = (form.dataset.parts || "").split(" ").filter(Boolean);
const parts = 1 + MERGED.length;
// The most pages that go to one part together (an organization's page, its deeds, sites…).
const group = Number(form.dataset.group) || 1;
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
  for (const part of MERGED) {
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

// A page's text begins with its names as character pairs ("南湖 湖信 信息 …", see
// SearchTags): they help the search, never the reader. Pagefind's own excerpt is often
// cut from them, so the excerpt is made here, from the text after them.
const PAIR_RUN = /^(?:\s*zh[0-9a-f]{5,10}(?=\s|$))+\s*/;
const AROUND = 32; // characters either side of the first match: two or three lines on a phone

function terms(query) {
  return [...query.split(/\s+/).filter(Boolean), ...cjkPairs(query)];
}

// The text around the first place a query term appears, the terms marked; text nodes only.
function excerpt(content, query) {
  const text = (content || "").replace(PAIR_RUN, "");
  const found = terms(query).map((t) => [text.indexOf(t), t]).filter(([at]) => at >= 0).sort((a, b) => a[0] - b[0]);
  const at = found.length ? found[0][0] : 0;
  const start = Math.max(0, at - AROUND);
  const piece = text.slice(start, at + AROUND * 2);
  const p = document.createElement("p");
  if (start > 0) p.append("…");
  const marked = [...new Set(found.map(([, t]) => t))].sort((a, b) => b.length - a.length);
  let rest = piece;
  while (rest) {
    const next = marked.map((t) => [rest.indexOf(t), t]).filter(([i]) => i >= 0).sort((a, b) => a[0] - b[0] || b[1].length - a[1].length)[0];
    if (!next) { p.append(rest); break; }
    p.append(rest.slice(0, next[0]));
    const mark = document.createElement("mark");
    mark.textContent = next[1];
    p.append(mark);
    rest = rest.slice(next[0] + next[1].length);
  }
  if (start + piece.length < text.length) p.append("…");
  return p;
}

function render(results, query) {
  for (const data of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const meta = document.createElement("span");
    meta.className = "ps-meta";
    meta.textContent = [data.meta.kind, data.meta.org].filter(Boolean).join(" · ");
    item.append(link, " ", meta, excerpt(data.content, query));
    list.append(item);
  }
}

let currentQuery = "";

// The next results, up to ``upTo`` listed in all (the next ten by default); with
// ``again``, the list from the first result, swapped in at once (no empty moment).
async function showMore(ticket, upTo = shown + PAGE, again = false) {
  const from = again ? 0 : shown;
  const slice = current.slice(from, upTo);
  const data = await Promise.all(slice.map((result) => result.data()));
  if (ticket !== generation) return;
  if (again) list.replaceChildren();
  render(data, currentQuery);
  shown = from + slice.length;
  more.hidden = shown >= current.length;
  tell();
}

// The count says what is listed: all of it, or the first so many and how many more.
function tell() {
  if (!current.length) return;
  const rest = current.length - shown;
  status.textContent = rest > 0 ? `找到 ${current.length} 个页面，下面是前 ${shown} 个；点“更多结果”再看 ${Math.min(rest, PAGE)} 个`
    : `找到 ${current.length} 个页面`;
}

// A query's words as Pagefind looks them up: its words cut the same way (Intl.Segmenter on
// the page's language; a browser without it, like Pagefind there, cuts at spaces only),
// punctuation dropped, lower case. Quoted text is searched as a phrase.
const WORDS = typeof Intl.Segmenter === "function"
  ? new Intl.Segmenter(document.documentElement.lang || "zh", { granularity: "word" }) : null;
const PUNCTUATION = /^\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}$/u;
function wordsOf(query) {
  if (/^\s*".+"\s*$/.test(query)) return [];
  const words = [];
  const segments = WORDS ? [...WORDS.segment(query)].map((s) => s.segment) : query.split(/\s+/);
  for (const segment of segments) {
    const word = [...segment].filter((ch) => !PUNCTUATION.test(ch)).join("").toLocaleLowerCase().trim();
    if (word && !/\s/.test(word)) words.push(word);
  }
  return [...new Set(words)];
}

// Each part of a large index is searched on its own, and a part that holds no word
// beginning with a query word looks for the longest word it holds that begins the query
// word instead ("车" for "车厢"; Pagefind would rather show something than nothing). A
// name found in one part then brings in the pages of every other part that share only a
// piece of it: the results grow with the number of parts. One index follows the same rule
// over the whole column, and so does this: a word found in no part is not required, and
// a page is kept only if it holds every other word.
// Listing a common word's pages would cost more than the search itself (Pagefind scores
// each one), so each word is first only counted: a search restricted to a filter no page
// has counts the matches and scores none. Pages are dealt to parts in groups of at most
// `group` (an organization's) by a hash of the group, so a word on 32 × group pages a part
// or more is in 32 groups a part at least, and so in every part (the chance that one part
// has none of them is below (1 - 1/parts)^(32 × parts), under e^-32): it keeps no page
// out. Only rarer words are listed; the searches run on index chunks already loaded.
// A rare word's list from a part without it is that of the part's word that begins it:
// the pages left (when few: each is one small file to fetch, which showing it fetches
// anyway) are checked against their own text.
const COUNT_ONLY = { filters: { "ps-count-only": "-" } };
const CHECK_AT_MOST = 50;
async function strict(engine, terms, results) {
  const words = wordsOf(terms);
  if (parts < 2 || words.length < 2 || !results.length) return results;
  const holding = [];
  const rare = [];
  for (const word of words) {
    const count = (await engine.search(word, COUNT_ONLY)).unfilteredResultCount;
    if (count && count < 32 * parts * group) {
      rare.push(word);
      holding.push(new Set((await engine.search(word)).results.map((r) => r.id)));
    }
  }
  const kept = results.filter((r) => holding.every((ids) => ids.has(r.id)));
  if (!rare.length || kept.length > CHECK_AT_MOST) return kept;
  // The text as Pagefind cut it into words (a zero-width space between them), joined again:
  // Pagefind indexes the pieces of a long word too, as its own words (财政 and 投资 of 财政投资).
  let checked = await Promise.all(kept.map(async (r) => [r, (await r.data()).content.replace(/\u200b/g, "").toLocaleLowerCase()]));
  for (const word of rare) {
    const having = checked.filter(([, text]) => text.includes(word));
    // A word no page left holds is missing from the whole column as likely as not, and one
    // index too then looks for its longest beginning (“一” for “一问”): so are these pages.
    if (having.length) checked = having;
  }
  return checked.map(([r]) => r);
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
    list.removeAttribute("aria-busy");
    list.replaceChildren();
    status.textContent = query ? "请至少输入两个字" : Object.keys(chosen).length ? "请输入搜索词；筛选条件用来缩小结果" : "";
    more.hidden = true;
    return;
  }
  status.textContent = "正在搜索……";
  list.setAttribute("aria-busy", "true"); // until every search of this input has answered
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
    const results = keep(await strict(engine, terms, (await engine.search(terms)).results));
    if (ticket !== generation) return; // a newer input took over
    const first = !found.length;
    found = terms === pairs ? merge(results, found) : merge(found, results);
    const last = index === searches.length - 1;
    if (first && (found.length || last)) {
      await show(ticket, found, query, last);
    } else if (last) {
      // The first results are on screen. The later search may put name matches before
      // them and adds its own: the first ten are listed again, in the final order.
      const before = current.slice(0, shown).map((r) => r.id).join(" ");
      const upTo = Math.max(shown, Math.min(PAGE, found.length));
      current = found;
      const again = found.slice(0, shown).map((r) => r.id).join(" ") !== before;
      if (again || shown < upTo) await showMore(ticket, upTo, again);
      more.hidden = shown >= current.length;
      tell();
    }
    if (ticket !== generation) return;
  }
  list.removeAttribute("aria-busy");
}

async function show(ticket, results, query, final) {
  list.replaceChildren();
  current = results;
  currentQuery = query;
  shown = 0;
  await showMore(ticket);
  if (ticket !== generation) return;
  if (current.length) tell();
  else status.textContent = "没有找到相关页面，请换个说法或减少筛选条件";
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
