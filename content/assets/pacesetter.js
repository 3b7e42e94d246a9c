/* 专栏页面的增强：表格和大事记的筛选、排序。
   没有 JavaScript 时这些控件保持隐藏，页面照常可读；按层级、系统、类别和事件类别的静态页面提供同样的筛选。 */
(function () {
  "use strict";

  function setupFilter(form) {
    var target = document.getElementById(form.getAttribute("data-ps-filter"));
    if (!target) return;
    var rows = Array.prototype.slice.call(target.querySelectorAll("[data-ps-row]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var search = form.querySelector("input[type=search]");
    var count = form.querySelector("[data-ps-count]");

    function apply() {
      var words = search ? search.value.trim() : "";
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) { return !s.value || row.getAttribute("data-" + s.name) === s.value; });
        if (ok && words) ok = (row.getAttribute("data-text") || row.textContent).indexOf(words) !== -1;
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      // A page that shows part of a list says so: "本页共 200 项，显示 12 项", not "12 / 200".
      var scope = count && count.getAttribute("data-ps-scope");
      if (count) count.textContent = scope ? scope + "共 " + rows.length + " 项，显示 " + shown + " 项"
        : "显示 " + shown + " / " + rows.length + " 项";
      // A group's heading goes with its rows.
      Array.prototype.forEach.call(target.tBodies || [], function (body) {
        var head = body.querySelector(".ps-group");
        if (head) head.hidden = !body.querySelector("[data-ps-row]:not([hidden])");
      });
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  var sortFields = 0;

  function setupSort(table) {
    // Rows sort within their group (a tbody per shared score); the group's heading row stays first.
    var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-ps-sort]"));
    var original = Array.prototype.map.call(table.tBodies, function (body) {
      return Array.prototype.filter.call(body.rows, function (row) { return !row.classList.contains("ps-group"); });
    });
    var select = null;

    // index: the column; ascending or not; null: back to the order the page came in.
    function sortBy(index, ascending) {
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      Array.prototype.forEach.call(table.tBodies, function (body, number) {
        var rows = original[number].slice();
        if (index !== null) {
          rows.sort(function (a, b) {
            var x = a.cells[index].getAttribute("data-value"), y = b.cells[index].getAttribute("data-value");
            var diff = (x !== null && y !== null) ? Number(x) - Number(y)
              : a.cells[index].textContent.localeCompare(b.cells[index].textContent, "zh");
            return ascending ? diff : -diff;
          });
        }
        rows.forEach(function (row) { body.appendChild(row); });
      });
      var th = index === null ? null : heads.filter(function (h) { return h.cellIndex === index; })[0];
      if (th) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      if (select) {  // the phone's list says the order the buttons chose, when it offers it
        var offered = th && !ascending && select.querySelector('option[value="' + index + '"]');
        select.value = index === null ? "" : offered ? String(index) : "other";
      }
    }

    // Wider screens: a button in each column's heading; the first press puts first what a reader
    // looks for first (the most, the highest: data-ps-sort="desc"), the next reverses it.
    heads.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ps-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var ascending = current ? current !== "ascending" : th.getAttribute("data-ps-sort") !== "desc";
        sortBy(th.cellIndex, ascending);
      });
    });

    // Phones and tablets show no column headings (each row is read down the screen): a list
    // above the table offers the same orders, in words (“达标比例（高的在前）”).
    var firsts = heads.filter(function (th) { return th.getAttribute("data-ps-sort") === "desc" && th.getAttribute("data-ps-first"); });
    var box = table.closest(".ps-table");
    if (!firsts.length || !box) return;
    sortFields += 1;
    var field = document.createElement("div");
    field.className = "ps-field ps-sort-field";
    var label = document.createElement("label");
    label.htmlFor = "ps-order-" + sortFields;
    label.textContent = "排列顺序";
    select = document.createElement("select");
    select.id = label.htmlFor;
    function option(value, text, hidden) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      o.hidden = !!hidden;
      select.appendChild(o);
    }
    option("", "原来的顺序");
    // Each column's full name, as its cells give it (“六星党支部”, where the heading may be shorter).
    var sample = original.length && original[0].length ? original[0][0] : null;
    firsts.forEach(function (th) {
      var cell = sample ? sample.cells[th.cellIndex] : null;
      var name = (cell && cell.getAttribute("data-label")) || th.textContent;
      option(String(th.cellIndex), name + "（" + th.getAttribute("data-ps-first") + "）");
    });
    option("other", "按表头所选", true);  // an order chosen with a heading's button on a wider screen
    select.addEventListener("change", function () {
      if (select.value !== "other") sortBy(select.value === "" ? null : Number(select.value), false);
    });
    field.appendChild(label);
    field.appendChild(select);
    box.parentNode.insertBefore(field, box);
  }

  // 页码较多时的“跳到第 … 页”：第 1 页是列表本身的地址，第 n 页在它下面的 page/n/。
  function setupJump(form) {
    var first = form.getAttribute("data-ps-jump");
    var input = form.querySelector("input");
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // the browser has checked the number against min, max and required
      var number = Number(input.value);
      window.location.href = number === 1 ? first : first + "page/" + number + "/";
    });
    form.hidden = false;
  }

  // A table wider than its place says so: "左右滑动" above it, only while it overflows.
  function markOverflow() {
    // Until Material's script wraps a table without a class (in a wrapper that does not scroll
    // inside ours), the table scrolls itself, not the box: look at both.
    function over(el) { return el !== null && el.scrollWidth > el.clientWidth + 1; }
    Array.prototype.forEach.call(document.querySelectorAll(".ps-table"), function (box) {
      box.toggleAttribute("data-overflow", over(box) || over(box.querySelector("table")));
    });
  }
  markOverflow();
  window.addEventListener("resize", markOverflow);

  Array.prototype.forEach.call(document.querySelectorAll("form[data-ps-filter]"), setupFilter);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-ps-jump]"), setupJump);
  Array.prototype.forEach.call(document.querySelectorAll("table[data-ps-sortable]"), setupSort);

  // 大字模式（适老化）：大字号、高对比度，记在本机浏览器里，每一页都有开关。
  function setupReading(button) {
    var root = document.documentElement;
    function show() {
      var on = root.classList.contains("ps-reading");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准字号" : "大字";
    }
    button.addEventListener("click", function () {
      var on = !root.classList.contains("ps-reading");
      root.classList.toggle("ps-reading", on);
      try { localStorage.setItem("ps-reading", on ? "on" : "off"); } catch (e) { /* private browsing: this page only */ }
      show();
    });
    button.hidden = false;
    show();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-ps-reading]"), setupReading);
})();
