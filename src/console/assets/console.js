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
