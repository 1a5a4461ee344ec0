// Filters by severity and rule, and keyboard navigation between findings.
// Works on the page's own elements only; it fetches nothing.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".findings li[data-f]"));
  var marks = Array.prototype.slice.call(document.querySelectorAll(".article mark[data-f]"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-severity], input[data-rule]"));
  var byNumber = {};
  items.forEach(function (li) { byNumber[li.dataset.f] = li; });
  var order = ["info", "warning", "error"];
  var current = -1;

  function shown(li) {
    return boxes.every(function (box) {
      if (box.checked) { return true; }
      if (box.dataset.severity) { return li.dataset.severity !== box.dataset.severity; }
      return li.dataset.rule !== box.dataset.rule;
    });
  }

  function apply() {
    items.forEach(function (li) { li.hidden = !shown(li); });
    marks.forEach(function (mark) {
      var worst = -1;
      mark.dataset.f.split(" ").forEach(function (n) {
        var li = byNumber[n];
        if (li && !li.hidden) { worst = Math.max(worst, order.indexOf(li.dataset.severity)); }
      });
      order.forEach(function (s) { mark.classList.remove(s); });
      mark.classList.toggle("off", worst < 0);
      if (worst >= 0) { mark.classList.add(order[worst]); }
    });
  }

  function select(li) {
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    li.classList.add("current");
    var n = li.dataset.f;
    var parts = marks.filter(function (m) { return m.dataset.f.split(" ").indexOf(n) >= 0; });
    parts.forEach(function (m) { m.classList.add("current"); });
    if (parts.length) {
      parts[0].focus({ preventScroll: true });
      parts[0].scrollIntoView({ block: "center" });
    }
  }

  function step(by) {
    var visible = items.filter(function (li) { return !li.hidden; });
    if (!visible.length) { return; }
    if (current < 0 || current >= visible.length) {
      current = by > 0 ? 0 : visible.length - 1;
    } else {
      current = (current + by + visible.length) % visible.length;
    }
    select(visible[current]);
  }

  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.target && e.target.tagName === "INPUT")) { return; }
    if (e.key === "n" || e.key === "j") { step(1); e.preventDefault(); }
    if (e.key === "p" || e.key === "k") { step(-1); e.preventDefault(); }
  });
  items.forEach(function (li) {
    li.querySelector("a").addEventListener("click", function (e) {
      e.preventDefault();
      current = items.filter(function (x) { return !x.hidden; }).indexOf(li);
      select(li);
    });
  });
  marks.forEach(function (mark) {
    mark.addEventListener("click", function () {
      var li = byNumber[mark.dataset.f.split(" ")[0]];
      if (li) { li.scrollIntoView({ block: "nearest" }); select(li); }
    });
  });
}());
