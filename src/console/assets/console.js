// The only script of the console (the Content-Security-Policy forbids inline ones): the Caps Lock
// warning on password fields, as the support page asks users to check it.
document.querySelectorAll('input[type="password"]').forEach(function (input) {
  var warning = document.getElementById(input.dataset.capslockWarning || '');
  if (!warning) return;
  function check(event) {
    if (typeof event.getModifierState !== 'function') return;
    warning.hidden = !event.getModifierState('CapsLock');
  }
  input.addEventListener('keydown', check);
  input.addEventListener('keyup', check);
  input.addEventListener('blur', function () {
    warning.hidden = true;
  });
});

// Tables on narrow screens: the stylesheet stacks each row as a card, each cell a line labelled with
// its column's header, from the data-label given here. Changing a table's display drops its table
// semantics in Chromium, so the ARIA roles say again what each element is.
document.querySelectorAll('table').forEach(function (table) {
  var headers = [];
  var head = table.tHead && table.tHead.rows[0];
  if (head) {
    Array.prototype.forEach.call(head.cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) headers.push(th.textContent.trim());
      th.setAttribute('role', 'columnheader');
    });
  }
  table.setAttribute('role', 'table');
  Array.prototype.forEach.call(table.querySelectorAll('thead, tbody, tfoot'), function (group) {
    group.setAttribute('role', 'rowgroup');
  });
  Array.prototype.forEach.call(table.rows, function (row) {
    row.setAttribute('role', 'row');
    if (row.parentNode === table.tHead) return;
    var column = 0;
    Array.prototype.forEach.call(row.cells, function (cell) {
      if (cell.tagName === 'TD') {
        cell.setAttribute('role', 'cell');
        if (headers[column] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', headers[column]);
      } else {
        cell.setAttribute('role', 'rowheader');
      }
      column += cell.colSpan || 1;
    });
  });
});
