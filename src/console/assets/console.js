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

// The idle warning: the server ends a session after the idle limit the layout gives signed-in
// pages (data-idle-minutes), counted from the last request, here the page's load. A few minutes
// before, a dialog says when, with a button whose request counts as activity; once the limit has
// passed, it says the session ended and links to the sign-in, which leads back to this page.
(function () {
  var minutes = Number(document.body.dataset.idleMinutes);
  var tokenField = document.querySelector('form[action="/logout"] input[name="_csrf"]');
  if (!(minutes > 0) || !tokenField || typeof HTMLDialogElement !== 'function') return;
  // The server records a use at most once a minute, so the session may end up to a minute before
  // the limit counted from this page's load: the page counts from the earliest.
  var limitMs = Math.max(minutes - 1, minutes / 2) * 60000;
  var leadMs = Math.min(2 * 60000, limitMs / 2);
  var timers = [];

  var dialog = document.createElement('dialog');
  dialog.className = 'idle-warning';
  dialog.setAttribute('aria-labelledby', 'idle-heading');
  dialog.setAttribute('aria-describedby', 'idle-text');
  var heading = document.createElement('h2');
  heading.id = 'idle-heading';
  var text = document.createElement('p');
  text.id = 'idle-text';
  var stay = document.createElement('button');
  stay.type = 'button';
  stay.textContent = 'Stay signed in';
  var signIn = document.createElement('a');
  signIn.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
  signIn.textContent = 'Sign in again';
  signIn.hidden = true;
  dialog.append(heading, text, stay, signIn);
  document.body.appendChild(dialog);

  // In the user's state's zone, named, as the console's other times are ("17:22 CST").
  function clockTime(instant) {
    var options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
    try {
      return instant.toLocaleTimeString('en-US', Object.assign({ timeZone: document.body.dataset.zone }, options));
    } catch {
      return instant.toLocaleTimeString('en-US', options);
    }
  }

  function show(focus) {
    if (!dialog.open) dialog.showModal();
    focus.focus();
  }

  function warn(endsAt) {
    heading.textContent = 'Your session is about to end';
    text.textContent = 'Your session ends at ' + clockTime(endsAt) + ' for inactivity. Anything not yet sent on this page would be lost.';
    stay.hidden = false;
    signIn.hidden = true;
    show(stay);
  }

  function ended() {
    timers.forEach(clearTimeout);
    heading.textContent = 'Your session has ended';
    text.textContent = 'You were signed out for inactivity. Sign in again to come back to this page.';
    stay.hidden = true;
    signIn.hidden = false;
    show(signIn);
  }

  function start() {
    timers.forEach(clearTimeout);
    var endsAt = new Date(Date.now() + limitMs);
    timers = [
      setTimeout(function () {
        warn(endsAt);
      }, limitMs - leadMs),
      setTimeout(ended, limitMs),
    ];
  }

  stay.addEventListener('click', function () {
    stay.disabled = true;
    fetch('/console/session/keep-alive', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '_csrf=' + encodeURIComponent(tokenField.value),
    })
      .then(
        function (res) {
          if (res.status !== 204) return ended();
          dialog.close();
          start();
        },
        function () {
          text.textContent = 'The server could not be reached: check your connection and try again.';
        },
      )
      .finally(function () {
        stay.disabled = false;
      });
  });

  start();
})();

// Show or hide what is typed in each password field: a toggle button after the field's label,
// made here so that a page without this script shows no button that does nothing. Its name stays
// "Show password" and aria-pressed says whether the password is shown, as a toggle button does.
document.querySelectorAll('input[type="password"]').forEach(function (input) {
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary reveal';
  button.textContent = 'Show password';
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', function () {
    var shown = input.type === 'password';
    input.type = shown ? 'text' : 'password';
    button.setAttribute('aria-pressed', shown ? 'true' : 'false');
  });
  var label = input.closest('label');
  (label || input).insertAdjacentElement('afterend', button);
});
