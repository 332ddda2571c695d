// Filters the dashboard's tables as you type: the search box in the header narrows every table,
// each table's own box narrows that one. Runs on the page alone; the CSP admits this script by
// its hash and forbids every request.
(function () {
  "use strict";
  var norm = function (s) { return s.toLowerCase().replace(/ё/g, "е"); };
  var words = function (s) { return norm(s).split(/\s+/).filter(Boolean); };
  var search = document.getElementById("search");
  var boxes = document.querySelectorAll("input.filter");
  function apply() {
    var all = search ? words(search.value) : [];
    boxes.forEach(function (box) {
      var table = document.querySelector('.table[data-table="' + box.dataset.for + '"]');
      if (!table) { return; }
      var need = all.concat(words(box.value));
      var rows = table.querySelectorAll("tbody tr"), shown = 0;
      rows.forEach(function (row) {
        var text = row.dataset.text || (row.dataset.text = norm(row.textContent));
        var keep = need.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      var count = document.querySelector('.count[data-for="' + box.dataset.for + '"]');
      if (count) {
        count.textContent = need.length ? shown + " of " + rows.length + " rows" : "";
      }
    });
  }
  if (search) { search.hidden = false; search.addEventListener("input", apply); }
  boxes.forEach(function (box) {
    box.hidden = false;
    box.parentNode.hidden = false;
    box.addEventListener("input", apply);
  });
})();
