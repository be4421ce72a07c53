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
