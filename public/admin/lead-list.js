// The lead list's selection: "select all" on this page and a live count. The page works without it
// (each row's box is a plain checkbox of the bulk form).
/* global document */
(function () {
  var form = document.getElementById('bulk-form');
  var all = document.getElementById('select-all');
  var count = document.getElementById('selected-count');
  if (!form || !all || !count) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input.row-select'));
  all.hidden = false;
  function update() {
    var n = boxes.filter(function (b) {
      return b.checked;
    }).length;
    count.textContent =
      n === 0 ? 'Select leads with the boxes below.' : n + (n === 1 ? ' lead selected' : ' leads selected');
    all.checked = n > 0 && n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
  }
  all.addEventListener('change', function () {
    boxes.forEach(function (b) {
      b.checked = all.checked;
    });
    update();
  });
  boxes.forEach(function (b) {
    b.addEventListener('change', update);
  });
  update();
})();
