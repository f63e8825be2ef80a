"use strict";
// blogbabel review: sorting and filtering the index, keys between flagged segments.
// Plain DOM code: the pages work without it (anchors link the flagged segments).
(function () {
  var table = document.getElementById("posts");
  if (table) {
    var box = document.getElementById("only-attention");
    var apply = function () { document.body.classList.toggle("only-attention", box.checked); };
    box.addEventListener("change", apply);
    apply();
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      var sort = function () {
        var numeric = th.getAttribute("data-type") === "num";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
    });
  }
  var flagged = document.querySelectorAll(".row.flagged");
  if (flagged.length) {
    var current = -1;
    var position = document.getElementById("position");
    var show = function (index) {
      if (current >= 0) { flagged[current].classList.remove("current"); }
      current = (index + flagged.length) % flagged.length;
      var row = flagged[current];
      row.classList.add("current");
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "center" });
      position.textContent = "· flagged " + (current + 1) + " of " + flagged.length;
    };
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
      if (event.key === "j" || event.key === "n") { event.preventDefault(); show(current + 1); }
      else if (event.key === "k" || event.key === "p") { event.preventDefault(); show(current < 0 ? -1 : current - 1); }
    });
  }
})();
