// QA pages: add rows to the form editor, and sort tables marked data-sortable by a header click.
(function () {
  "use strict";

  function addItemRow(button) {
    var prefix = button.dataset.formsetPrefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById("qa-item-template");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    document.getElementById("qa-items").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var rows = document.querySelectorAll("#qa-items .qa-item-row");
    var first = rows[rows.length - 1].querySelector("input");
    if (first) { first.focus(); }
  }

  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 fw-semibold text-reset text-decoration-none";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellValue(r1, column), cellValue(r2, column));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var add = document.getElementById("qa-add-item");
    if (add) { add.addEventListener("click", function () { addItemRow(add); }); }
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  });
})();
