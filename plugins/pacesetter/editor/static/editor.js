// The column's part of the editor page (/admin/): what Decap CMS needs to know about the
// column's files before it starts. Loaded after decap-cms.js, which sets window.CMS,
// window.h (React's createElement) and window.createClass.
//
// 1. A file format that changes only what the form changed. Decap's own YAML writer
//    writes a whole new file (comments gone, every value restyled); this one reads the
//    file as it was, puts the form's values into it and writes it back with the same
//    library that read it, so a corrected secretary is a one-line change in git.
// 2. The year-keyed map (分类定级: {2021: 中间, 2022: 先进}) as rows of year and grade.
// 3. The preview pane in the column's own stylesheet.

const settings = JSON.parse(document.getElementById("ps-editor").textContent);
const YAML = await import(settings.yaml);
const CMS = window.CMS;
const h = window.h;

const OUTPUT = { lineWidth: 0, flowCollectionPadding: false };
const YEAR_KEY = /^[0-9]{4}$/;

// ---- 1. The format -------------------------------------------------------------------

// The text of the file being saved, as it was read: Decap hands the entry to "preSave"
// just before it asks the format for the file's new text. Used once, and only for a
// file whose stem field (id, org or year) matches the data being written.
let saving = null;

CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    saving = { raw: entry.get("raw") || "", collection: entry.get("collection") };
  },
});

function empty(value) {
  return value === null || value === undefined || value === ""
    || (Array.isArray(value) && value.length === 0)
    || (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
}

function plain(node) {
  return node && typeof node.toJSON === "function" ? node.toJSON() : node;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function keyOf(pair) {
  const key = pair.key;
  return String(key && typeof key === "object" && "value" in key ? key.value : key);
}

// A new node in the style of the column's files: short lists and year maps inline.
function fresh(doc, value) {
  const node = doc.createNode(value);
  style(node);
  return node;
}

function style(node) {
  if (YAML.isSeq(node)) {
    if (node.items.every((item) => YAML.isScalar(item))) node.flow = true;
    else node.items.forEach(style);
  } else if (YAML.isMap(node)) {
    if (node.items.length && node.items.every((pair) => YEAR_KEY.test(keyOf(pair)))) {
      node.flow = true;
      node.items.forEach((pair) => { pair.key = new YAML.Scalar(Number(keyOf(pair))); });
    } else node.items.forEach((pair) => style(pair.value));
  } else if (YAML.isScalar(node) && typeof node.value === "string" && node.value.includes("\n")) {
    node.type = YAML.Scalar.BLOCK_LITERAL;
  }
}

// Put `value` into `node` (read from the file), changing only what differs.
function update(doc, node, value) {
  if (same(plain(node), value)) return node;
  if (YAML.isMap(node) && value && typeof value === "object" && !Array.isArray(value)) {
    node.items = node.items.filter((pair) => {
      const key = keyOf(pair);
      return key in value && !(empty(value[key]) && !empty(plain(pair.value)));
    });
    for (const [key, item] of Object.entries(value)) {
      const pair = node.items.find((p) => keyOf(p) === key);
      if (pair) pair.value = update(doc, pair.value, item);
      else if (!empty(item)) {
        const added = doc.createPair(YEAR_KEY.test(key) && node.flow ? Number(key) : key, null);
        added.value = fresh(doc, item);
        node.items.push(added);
      }
    }
    return node;
  }
  if (YAML.isSeq(node) && Array.isArray(value)) {
    const items = value.map((item, i) => (i < node.items.length ? update(doc, node.items[i], item) : fresh(doc, item)));
    node.items = items;
    return node;
  }
  if (YAML.isScalar(node) && (value === null || typeof value !== "object")) {
    node.value = value;
    if (typeof value === "string" && value.includes("\n")) node.type = YAML.Scalar.BLOCK_LITERAL;
    return node;
  }
  return fresh(doc, value);
}

// The form's fields in the contract's order; fields the form does not know keep their place.
function ordered(data, sortedKeys) {
  const out = {};
  for (const key of sortedKeys) if (key in data && !empty(data[key])) out[key] = data[key];
  for (const key of Object.keys(data)) if (!(key in out) && !empty(data[key])) out[key] = data[key];
  return out;
}

CMS.registerCustomFormat("pacesetter-yaml", "yaml", {
  fromFile(content) {
    const doc = YAML.parseDocument(content);
    if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
    return doc.toJSON() || {};
  },
  toFile(data, sortedKeys = []) {
    const was = saving;
    saving = null;
    const value = ordered(data, sortedKeys);
    if (was && was.raw.trim()) {
      const doc = YAML.parseDocument(was.raw);
      const stem = settings.stems[was.collection];
      const old = doc.toJSON() || {};
      if (!doc.errors.length && stem && String(old[stem]) === String(value[stem])) {
        // Keys the form emptied go; keys it never had stay where they were.
        const kept = {};
        for (const key of Object.keys(old)) if (key in value) kept[key] = value[key];
        for (const key of Object.keys(value)) if (!(key in kept)) kept[key] = value[key];
        doc.contents = update(doc, doc.contents, kept);
        return doc.toString(OUTPUT);
      }
    }
    const doc = new YAML.Document();
    doc.contents = fresh(doc, value);
    return doc.toString(OUTPUT);
  },
});

// ---- 2. The year-keyed map ---------------------------------------------------------------

function yearRows(value) {
  if (!value) return [];
  const object = typeof value.toJS === "function" ? value.toJS() : value;
  return Object.entries(object).map(([year, word]) => [String(year), word == null ? "" : String(word)]);
}

const YearMapControl = window.createClass({
  emit(rows) {
    // An Immutable map like the one Decap gave (the field's settings are one: cleared, it is an empty map).
    let map = this.props.field.clear();
    for (const [year, word] of rows) map = map.set(year, word);
    this.props.onChange(map);
  },
  isValid() {
    const rows = yearRows(this.props.value);
    const seen = new Set();
    for (const [year, word] of rows) {
      if (!YEAR_KEY.test(year)) return { error: { message: `“${year}”不是年份：写四位数字，例如 2022` } };
      if (seen.has(year)) return { error: { message: `${year} 年写了两次` } };
      if (!word) return { error: { message: `请选择 ${year} 年的等次` } };
      seen.add(year);
    }
    return true;
  },
  render() {
    const { forID, classNameWrapper, setActiveStyle, setInactiveStyle, field } = this.props;
    const list = field.getIn(["value", "options"]);
    const options = list && typeof list.toJS === "function" ? list.toJS() : [];
    const rows = yearRows(this.props.value);
    const change = (index, part, text) => {
      const next = rows.map((row) => row.slice());
      next[index][part] = text;
      this.emit(next);
    };
    const last = rows.length ? Number(rows[rows.length - 1][0]) : NaN;
    return h("div", { id: forID, className: classNameWrapper, onFocus: setActiveStyle, onBlur: setInactiveStyle },
      rows.map(([year, word], index) => h("div", { key: index, className: "ps-yearmap-row" },
        h("input", {
          type: "text", inputMode: "numeric", value: year, "aria-label": "年份", size: 6,
          onChange: (event) => change(index, 0, event.target.value.trim()),
        }),
        h("span", null, " 年 "),
        h("select", { value: word, "aria-label": `${year} 年的等次`, onChange: (event) => change(index, 1, event.target.value) },
          h("option", { value: "" }, "请选择"),
          options.map((option) => h("option", { key: option, value: option }, option))),
        h("button", { type: "button", onClick: () => this.emit(rows.filter((_, i) => i !== index)) }, "删除"))),
      h("button", {
        type: "button", className: "ps-yearmap-add",
        onClick: () => this.emit([...rows, [String(Number.isFinite(last) ? last + 1 : new Date().getFullYear()), ""]]),
      }, "添加一年"));
  },
});

const YearMapPreview = window.createClass({
  render() {
    const rows = yearRows(this.props.value);
    return h("p", null, rows.map(([year, word]) => `${year} 年：${word}`).join("；"));
  },
});

CMS.registerWidget("ps-yearmap", YearMapControl, YearMapPreview);

// ---- 3. The preview ------------------------------------------------------------------------

for (const href of settings.styles) CMS.registerPreviewStyle(href);
CMS.registerPreviewStyle(".ps-editor-preview { padding: 1rem 4rem 1rem 1.2rem; font-size: .9rem; } .ps-editor-preview h1 { font-size: 1.6em; }", { raw: true });

// The entry as a page of the column sets its facts: the name as the heading, then a
// table of each field the entry has, by its Chinese label, in the column's type and
// colours; Markdown fields rendered as they will be.
function shown(field, value) {
  if (value === null || value === undefined || value === "") return "";
  const plainValue = typeof value.toJS === "function" ? value.toJS() : value;
  const widget = field.get("widget");
  const parts = field.get("fields");
  if (widget === "ps-yearmap") return yearRows(plainValue).map(([year, word]) => `${year} 年：${word}`).join("；");
  if (parts && widget === "object") {
    return parts.map((part) => [part.get("label"), shown(part, plainValue[part.get("name")])])
      .filter(([, text]) => text).map(([label, text]) => `${label}：${text}`).join("；");
  }
  if (parts && Array.isArray(plainValue)) {
    const item = field.set("widget", "object");
    return plainValue.map((one) => shown(item, one)).join(" / ");
  }
  if (Array.isArray(plainValue)) return plainValue.map(String).join("、");
  if (typeof plainValue === "boolean") return plainValue ? "是" : "否";
  return String(plainValue);
}

const Preview = window.createClass({
  render() {
    const { entry, collection, widgetFor } = this.props;
    const data = entry.get("data");
    const heading = data.get("title") || data.get("name") || entry.get("slug") || "";
    const rows = collection.get("fields")
      .filter((f) => !["id", "title", "name"].includes(f.get("name")))
      .map((f) => {
        const value = data.get(f.get("name"));
        const cell = f.get("widget") === "markdown" ? widgetFor(f.get("name")) : shown(f, value);
        return [f, cell];
      })
      .filter(([f, cell]) => cell && !(f.get("widget") === "markdown" && !data.get(f.get("name"))));
    return h("article", { className: "md-typeset ps-editor-preview" },
      h("h1", null, heading),
      h("table", null, h("tbody", null, rows.map(([f, cell]) => h("tr", { key: f.get("name") },
        h("th", { scope: "row" }, f.get("label")), h("td", null, cell))))));
  },
});

for (const name of Object.keys(settings.stems)) CMS.registerPreviewTemplate(name, Preview);

CMS.init();
